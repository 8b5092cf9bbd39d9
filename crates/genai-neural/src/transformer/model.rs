//! The network itself: embeddings, blocks of causal self-attention and feed-forward layers with
//! layer normalisation, and an output layer that turns each position into next-piece scores.

use crate::error::{Result, at_least};
use candle_core::{D, DType, Device, Tensor, Var};
use genai_demos::random::{self, Rng};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The shape of a network: how many pieces it knows, how far back it reads, how wide it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// How many different pieces (words and markers) it knows.
    pub vocab: usize,
    /// The most pieces it reads at once (its context window).
    pub context: usize,
    /// How many numbers stand for each piece at each position.
    pub width: usize,
    /// How many attention heads each block has (the width must divide into them).
    pub heads: usize,
    /// How many blocks of attention and feed-forward are stacked.
    pub blocks: usize,
}

impl Shape {
    /// Checks every size.
    pub fn validate(&self) -> Result<()> {
        at_least("vocab", self.vocab, 1)?;
        at_least("context", self.context, 1)?;
        at_least("heads", self.heads, 1)?;
        at_least("blocks", self.blocks, 1)?;
        at_least("width", self.width, self.heads)?;
        if !self.width.is_multiple_of(self.heads) {
            return Err(crate::Error::InvalidSetting {
                name: "width",
                expected: format!("a multiple of the {} heads", self.heads),
            });
        }
        Ok(())
    }
}

/// One block: attention (each position looks back at earlier ones), then a feed-forward layer
/// (each position thinks on its own), each added to what came in (a residual connection).
#[derive(Debug, Clone)]
pub(crate) struct Block {
    norm1_gain: Var,
    norm1_bias: Var,
    qkv: Var,
    qkv_bias: Var,
    out: Var,
    out_bias: Var,
    norm2_gain: Var,
    norm2_bias: Var,
    up: Var,
    up_bias: Var,
    down: Var,
    down_bias: Var,
}

/// The transformer: piece and position embeddings, the blocks, a last layer normalisation, and
/// the output layer, which reuses the piece embeddings (tied weights: a piece's score is how
/// well the last position's numbers match that piece's own numbers).
#[derive(Debug, Clone)]
pub struct Transformer {
    shape: Shape,
    pieces: Var,
    positions: Var,
    blocks: Vec<Block>,
    final_gain: Var,
    final_bias: Var,
    output_bias: Var,
}

/// Dropout's settings for one forward pass: the share of numbers set to zero, and the dice.
pub(crate) struct Dropout<'a> {
    pub(crate) rate: f64,
    pub(crate) rng: &'a mut Rng,
}

impl Transformer {
    /// A network of `shape` with small random weights drawn from `seed` (normal, spread 0.02;
    /// the layers that add into the residual stream smaller still, so a deep stack starts calm).
    ///
    /// ```
    /// use genai_neural::transformer::{Shape, Transformer};
    ///
    /// let shape = Shape { vocab: 10, context: 4, width: 8, heads: 2, blocks: 1 };
    /// let net = Transformer::new(shape, 1, candle_core::DType::F32)?;
    /// assert_eq!(net.parameter_count(), Transformer::new(shape, 2, candle_core::DType::F32)?.parameter_count());
    /// # Ok::<(), genai_neural::Error>(())
    /// ```
    pub fn new(shape: Shape, seed: u64, dtype: DType) -> Result<Transformer> {
        shape.validate()?;
        let mut rng = random::seeded(seed);
        let device = Device::Cpu;
        let c = shape.width;
        let spread = 0.02;
        let residual = spread / ((2 * shape.blocks) as f64).sqrt();
        let mut normal = |dims: (usize, usize), spread: f64| -> Result<Var> {
            let values: Vec<f64> = (0..dims.0 * dims.1)
                .map(|_| random::normal(&mut rng) * spread)
                .collect();
            let tensor = Tensor::from_vec(values, dims, &device)?.to_dtype(dtype)?;
            Ok(Var::from_tensor(&tensor)?)
        };
        let pieces = normal((shape.vocab, c), spread)?;
        let positions = normal((shape.context, c), spread)?;
        let mut blocks = Vec::with_capacity(shape.blocks);
        for _ in 0..shape.blocks {
            blocks.push(Block {
                norm1_gain: constant(1.0, c, dtype)?,
                norm1_bias: constant(0.0, c, dtype)?,
                qkv: normal((c, 3 * c), spread)?,
                qkv_bias: constant(0.0, 3 * c, dtype)?,
                out: normal((c, c), residual)?,
                out_bias: constant(0.0, c, dtype)?,
                norm2_gain: constant(1.0, c, dtype)?,
                norm2_bias: constant(0.0, c, dtype)?,
                up: normal((c, 4 * c), spread)?,
                up_bias: constant(0.0, 4 * c, dtype)?,
                down: normal((4 * c, c), residual)?,
                down_bias: constant(0.0, c, dtype)?,
            });
        }
        Ok(Transformer {
            shape,
            pieces,
            positions,
            blocks,
            final_gain: constant(1.0, c, dtype)?,
            final_bias: constant(0.0, c, dtype)?,
            output_bias: constant(0.0, shape.vocab, dtype)?,
        })
    }

    /// A network from named weights (as [`Transformer::named_weights`] names them), with
    /// `heads` attention heads: the sizes are read from the weights themselves.
    pub fn from_weights(weights: &HashMap<String, Tensor>, heads: usize) -> Result<Transformer> {
        let get = |name: &str| -> Result<Var> {
            let tensor = weights
                .get(name)
                .ok_or_else(|| crate::Error::Weights(format!("the weight {name} is missing")))?;
            Ok(Var::from_tensor(&tensor.to_dtype(DType::F32)?)?)
        };
        let pieces = get("pieces")?;
        let positions = get("positions")?;
        let (vocab, width) = pieces.dims2()?;
        let blocks = (0..)
            .take_while(|i| weights.contains_key(&format!("block{i}.norm1.gain")))
            .count();
        let shape = Shape {
            vocab,
            context: positions.dims2()?.0,
            width,
            heads,
            blocks,
        };
        shape.validate()?;
        let mut net = Transformer::new(shape, 0, DType::F32)?;
        for (name, var) in net.named_weights() {
            let loaded = get(&name)?;
            if loaded.dims() != var.dims() {
                return Err(crate::Error::Weights(format!(
                    "the weight {name} has the shape {:?}, not {:?}",
                    loaded.dims(),
                    var.dims()
                )));
            }
            var.set(&loaded)?;
        }
        net.shape = shape;
        Ok(net)
    }

    /// The network's shape.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// The piece embeddings: row `i` is the numbers that stand for piece `i` (vocab × width).
    pub fn embeddings(&self) -> &Tensor {
        self.pieces.as_tensor()
    }

    /// Every weight with its name, in a fixed order: what is saved, loaded and trained.
    pub fn named_weights(&self) -> Vec<(String, &Var)> {
        let mut named = vec![
            ("pieces".to_string(), &self.pieces),
            ("positions".to_string(), &self.positions),
        ];
        for (i, b) in self.blocks.iter().enumerate() {
            let parts = [
                ("norm1.gain", &b.norm1_gain),
                ("norm1.bias", &b.norm1_bias),
                ("attention.qkv", &b.qkv),
                ("attention.qkv_bias", &b.qkv_bias),
                ("attention.out", &b.out),
                ("attention.out_bias", &b.out_bias),
                ("norm2.gain", &b.norm2_gain),
                ("norm2.bias", &b.norm2_bias),
                ("feed_forward.up", &b.up),
                ("feed_forward.up_bias", &b.up_bias),
                ("feed_forward.down", &b.down),
                ("feed_forward.down_bias", &b.down_bias),
            ];
            named.extend(parts.map(|(name, var)| (format!("block{i}.{name}"), var)));
        }
        named.push(("final.gain".to_string(), &self.final_gain));
        named.push(("final.bias".to_string(), &self.final_bias));
        named.push(("output.bias".to_string(), &self.output_bias));
        named
    }

    /// How many numbers the network learns.
    pub fn parameter_count(&self) -> usize {
        self.named_weights()
            .iter()
            .map(|(_, v)| v.elem_count())
            .sum()
    }

    /// Next-piece scores (logits) for every position of every row of `ids` (a batch × length
    /// tensor of piece numbers, length at most the context): batch × length × vocab.
    pub fn logits(&self, ids: &Tensor) -> Result<Tensor> {
        Ok(self.run(ids, None, false)?.0)
    }

    /// The scores, and each block's attention weights (batch × heads × length × length): row
    /// `i` of a head says how much position `i` took from each earlier position.
    pub fn logits_and_attention(&self, ids: &Tensor) -> Result<(Tensor, Vec<Tensor>)> {
        self.run(ids, None, true)
    }

    /// The forward pass, with dropout while training and the attention weights kept if asked.
    pub(crate) fn run(
        &self,
        ids: &Tensor,
        mut dropout: Option<Dropout<'_>>,
        keep_attention: bool,
    ) -> Result<(Tensor, Vec<Tensor>)> {
        let (batch, length) = ids.dims2()?;
        if length > self.shape.context {
            return Err(crate::Error::InvalidSetting {
                name: "length",
                expected: format!("at most the context of {} pieces", self.shape.context),
            });
        }
        let c = self.shape.width;
        let embedded = self.pieces.index_select(&ids.flatten_all()?, 0)?;
        let embedded = embedded.reshape((batch, length, c))?;
        let places = self.positions.narrow(0, 0, length)?;
        let mut x = embedded.broadcast_add(&places)?;
        let mask = causal_mask(length, x.dtype())?;
        let mut attention = Vec::new();
        for block in &self.blocks {
            let h = layer_norm(&x, &block.norm1_gain, &block.norm1_bias)?;
            let (mixed, weights) = self.attend(block, &h, &mask)?;
            if keep_attention {
                attention.push(weights);
            }
            x = (x + drop(&mixed, dropout.as_mut())?)?;
            let h = layer_norm(&x, &block.norm2_gain, &block.norm2_bias)?;
            let h = affine(&h, &block.up, &block.up_bias)?.gelu()?;
            let h = affine(&h, &block.down, &block.down_bias)?;
            x = (x + drop(&h, dropout.as_mut())?)?;
        }
        let x = layer_norm(&x, &self.final_gain, &self.final_bias)?;
        let logits = x
            .broadcast_matmul(&self.pieces.t()?)?
            .broadcast_add(&self.output_bias)?;
        Ok((logits, attention))
    }

    /// Causal self-attention: each position asks (query) every earlier position (key) how
    /// relevant it is, turns the answers into weights that add up to one (softmax), and takes
    /// that mix of their values. Several heads do it side by side on slices of the width.
    fn attend(&self, block: &Block, h: &Tensor, mask: &Tensor) -> Result<(Tensor, Tensor)> {
        let (batch, length, c) = h.dims3()?;
        let heads = self.shape.heads;
        let d = c / heads;
        let qkv = affine(h, &block.qkv, &block.qkv_bias)?;
        let split = |i: usize| -> Result<Tensor> {
            Ok(qkv
                .narrow(D::Minus1, i * c, c)?
                .reshape((batch, length, heads, d))?
                .transpose(1, 2)?
                .contiguous()?)
        };
        let (q, k, v) = (split(0)?, split(1)?, split(2)?);
        let scores = (q.matmul(&k.t()?)? / (d as f64).sqrt())?;
        let weights = softmax(&scores.broadcast_add(mask)?)?;
        let mixed = weights
            .matmul(&v)?
            .transpose(1, 2)?
            .reshape((batch, length, c))?;
        Ok((affine(&mixed, &block.out, &block.out_bias)?, weights))
    }
}

/// A vector of `len` copies of `value`, as a weight.
fn constant(value: f64, len: usize, dtype: DType) -> Result<Var> {
    let tensor = Tensor::full(value, len, &Device::Cpu)?.to_dtype(dtype)?;
    Ok(Var::from_tensor(&tensor)?)
}

/// `x · w + b` over the last dimension.
fn affine(x: &Tensor, w: &Tensor, b: &Tensor) -> Result<Tensor> {
    Ok(x.broadcast_matmul(w)?.broadcast_add(b)?)
}

/// Layer normalisation: each position's numbers shifted to mean 0 and scaled to spread 1, then
/// stretched and moved by learned gains and biases.
fn layer_norm(x: &Tensor, gain: &Tensor, bias: &Tensor) -> Result<Tensor> {
    let mean = x.mean_keepdim(D::Minus1)?;
    let centred = x.broadcast_sub(&mean)?;
    let variance = centred.sqr()?.mean_keepdim(D::Minus1)?;
    let scaled = centred.broadcast_div(&(variance + 1e-5)?.sqrt()?)?;
    Ok(scaled.broadcast_mul(gain)?.broadcast_add(bias)?)
}

/// Softmax over the last dimension: `exp(s) / Σ exp(s)`, with the largest score taken off first
/// so no exponential overflows (which changes nothing, as the shift cancels).
pub(crate) fn softmax(scores: &Tensor) -> Result<Tensor> {
    let largest = scores.max_keepdim(D::Minus1)?.detach();
    let exp = scores.broadcast_sub(&largest)?.exp()?;
    Ok(exp.broadcast_div(&exp.sum_keepdim(D::Minus1)?)?)
}

/// The causal mask: 0 where position `i` may look at position `j` (j ≤ i), a huge negative
/// number where it may not (the future), so the softmax gives the future no weight.
fn causal_mask(length: usize, dtype: DType) -> Result<Tensor> {
    let values: Vec<f32> = (0..length)
        .flat_map(|i| (0..length).map(move |j| if j > i { -1e9 } else { 0.0 }))
        .collect();
    Ok(Tensor::from_vec(values, (length, length), &Device::Cpu)?.to_dtype(dtype)?)
}

/// Dropout: while training, each number is set to zero with probability `rate` and the rest
/// scaled up to keep the sum; outside training it does nothing.
fn drop(x: &Tensor, dropout: Option<&mut Dropout<'_>>) -> Result<Tensor> {
    let Some(dropout) = dropout else {
        return Ok(x.clone());
    };
    if dropout.rate <= 0.0 {
        return Ok(x.clone());
    }
    let keep = 1.0 / (1.0 - dropout.rate);
    let mask: Vec<f32> = (0..x.elem_count())
        .map(|_| {
            if random::uniform(dropout.rng) < dropout.rate {
                0.0
            } else {
                keep as f32
            }
        })
        .collect();
    let mask = Tensor::from_vec(mask, x.shape(), &Device::Cpu)?.to_dtype(x.dtype())?;
    Ok((x * mask)?)
}
