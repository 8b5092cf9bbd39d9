//! A network's weights as plain numbers: each named tensor of a safetensors file read into a
//! `Vec<f32>` with its shape, so a forward pass written as ordinary loops can use them.
//!
//! Safetensors is the simple format the training crate writes: a short JSON header naming each
//! tensor with its type, shape and place, then the raw little-endian numbers.

use crate::error::{Error, Result};
use safetensors::{Dtype, SafeTensors};

/// A 16-bit float (sign, 5 bits of exponent, 10 of fraction) as an `f32`: the picture denoiser's
/// committed weights are stored this way, half the bytes for the page to load.
///
/// ```
/// use genai_demos::weights::half_to_f32;
///
/// assert_eq!(half_to_f32(0x3c00), 1.0);
/// assert_eq!(half_to_f32(0xc000), -2.0);
/// assert_eq!(half_to_f32(0x0001), 2f32.powi(-24)); // the smallest, below the normal range
/// ```
pub fn half_to_f32(bits: u16) -> f32 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f32::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f32.powi(-24),
        31 if fraction == 0.0 => f32::INFINITY,
        31 => f32::NAN,
        e => (1.0 + fraction / 1024.0) * 2f32.powi(e - 15),
    }
}

/// One weight: its numbers in row-major order (the last index changes fastest) and its shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    /// The numbers, row after row.
    pub values: Vec<f32>,
    /// The size of each dimension: `[rows, columns]` for a matrix, `[len]` for a vector.
    pub shape: Vec<usize>,
}

impl Tensor {
    /// The tensor, if its shape is `expected`; otherwise an error naming the weight.
    pub fn expect_shape(self, name: &str, expected: &[usize]) -> Result<Tensor> {
        if self.shape != expected {
            return Err(Error::Weights(format!(
                "the weight {name} has the shape {:?}, not {expected:?}",
                self.shape
            )));
        }
        Ok(self)
    }
}

/// The weights in a safetensors file, read on demand by name.
///
/// ```
/// use genai_demos::weights::Weights;
///
/// // A file by hand: an 8-byte header length, the JSON header, then two f32 numbers.
/// let header = br#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;
/// let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
/// bytes.extend_from_slice(header);
/// bytes.extend(1.5f32.to_le_bytes().into_iter().chain((-2.0f32).to_le_bytes()));
/// let weights = Weights::read(&bytes)?;
/// assert_eq!(weights.tensor("w")?.values, [1.5, -2.0]);
/// assert!(weights.tensor("missing").is_err());
/// assert!(Weights::read(b"not weights").is_err());
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub struct Weights<'a> {
    file: SafeTensors<'a>,
}

impl<'a> Weights<'a> {
    /// Reads the header of a safetensors file (the numbers are read when asked for).
    pub fn read(bytes: &'a [u8]) -> Result<Weights<'a>> {
        let file = SafeTensors::deserialize(bytes).map_err(|e| {
            Error::Weights(format!("the file is not in the safetensors format ({e})"))
        })?;
        Ok(Weights { file })
    }

    /// The names of every tensor in the file, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names = self.file.names();
        names.sort_unstable();
        names
    }

    /// True if the file holds a tensor called `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.file.tensor(name).is_ok()
    }

    /// The tensor called `name` as `f32` numbers (stored as f32, f16 widened, or f64 rounded).
    pub fn tensor(&self, name: &str) -> Result<Tensor> {
        let view = self
            .file
            .tensor(name)
            .map_err(|_| Error::Weights(format!("the weight {name} is missing")))?;
        let bytes = view.data();
        let values = match view.dtype() {
            Dtype::F32 => bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
            Dtype::F16 => bytes
                .chunks_exact(2)
                .map(|b| half_to_f32(u16::from_le_bytes([b[0], b[1]])))
                .collect(),
            Dtype::F64 => bytes
                .chunks_exact(8)
                .map(|b| {
                    let mut eight = [0u8; 8];
                    eight.copy_from_slice(b);
                    f64::from_le_bytes(eight) as f32
                })
                .collect(),
            other => {
                return Err(Error::Weights(format!(
                    "the weight {name} holds {other:?} numbers, and only F16, F32 and F64 can be read"
                )));
            }
        };
        Ok(Tensor {
            values,
            shape: view.shape().to_vec(),
        })
    }

    /// The tensor called `name`, which must have the shape `expected`.
    pub fn shaped(&self, name: &str, expected: &[usize]) -> Result<Tensor> {
        self.tensor(name)?.expect_shape(name, expected)
    }
}
