//! The crate's one error type: the library's own errors, and the tensor crate's, as sentences a
//! student can act on.

use std::fmt;

/// Everything that can go wrong when building, training or running a network.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An error of the small library (a bad setting, an empty corpus).
    Demos(genai_demos::Error),
    /// The tensor crate refused an operation: almost always shapes that do not fit.
    Tensor(String),
    /// A setting of a network or of its training was out of range.
    InvalidSetting {
        /// The setting's name, as the recipe calls it.
        name: &'static str,
        /// What a good value looks like.
        expected: String,
    },
    /// A weights file could not be read as this network's weights.
    Weights(String),
    /// A file could not be read or written.
    File(String),
    /// A word or token the network never met in training, asked about by name.
    UnknownPiece(String),
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Demos(inner) => write!(f, "{inner}"),
            Error::Tensor(what) => write!(f, "The tensor arithmetic failed: {what}."),
            Error::InvalidSetting { name, expected } => {
                write!(f, "The setting {name} must be {expected}.")
            }
            Error::Weights(what) => write!(f, "The weights could not be loaded: {what}."),
            Error::File(what) => write!(f, "A file could not be used: {what}."),
            Error::UnknownPiece(piece) => write!(
                f,
                "The network does not know {piece:?}: it never met it in its training text."
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<genai_demos::Error> for Error {
    fn from(inner: genai_demos::Error) -> Error {
        Error::Demos(inner)
    }
}

impl From<candle_core::Error> for Error {
    fn from(inner: candle_core::Error) -> Error {
        Error::Tensor(inner.to_string())
    }
}

/// Checks that a setting is at least `min`.
pub(crate) fn at_least(name: &'static str, value: usize, min: usize) -> Result<()> {
    if value < min {
        return Err(Error::InvalidSetting {
            name,
            expected: format!("at least {min}, not {value}"),
        });
    }
    Ok(())
}
