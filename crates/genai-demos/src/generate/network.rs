//! The tiny transformer's forward pass written plainly: the trained network's weights as lists of
//! numbers and the chapter's maths as loops, so the book, the notebooks and the page run the
//! network without the training crate.
//!
//! Reading a text, the network turns each piece into a list of numbers (its embedding) plus
//! one for its position, then passes the whole list through its blocks. In each block every
//! position first *looks back* (causal self-attention: it mixes in the numbers of earlier
//! positions, weighted by how relevant they seem), then *thinks on its own* (a feed-forward
//! layer), each time after a layer normalisation and adding the result to what came in. At the
//! end the last position's numbers are compared with every piece's embedding: the better the
//! match, the higher that piece's score, and a softmax turns the scores into probabilities.
//!
//! The weights were trained elsewhere (the `genai-neural` crate, by gradient descent on
//! candle); a test there checks that this pass and candle's agree to 1e-5.

use crate::data::corpus;
use crate::error::{Error, Result};
use crate::experiments::network::{Attention, Neighbours};
use crate::generate::code;
use crate::generate::ngram::{NGram, Style};
use crate::generate::sampling::{self, NextPiece, Options, Sampler, Trace};
use crate::math;
use crate::weights::{Tensor, Weights};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How many attention heads the book's networks have: the weights file does not say, so the
/// one number lives here (the training crate's recipe is tested against it).
pub const HEADS: usize = 4;

/// Probabilities are handed to the sampler as counts out of this total, the form the n-gram's
/// options take; 2^40 keeps them exact to about 1e-12.
pub const SCALE: f64 = (1u64 << 40) as f64;

/// The number of the marker before a document (the n-gram's).
const BEGIN: u32 = 0;
/// The number of the marker that ends a document (the n-gram's).
const END: u32 = 1;

/// A table of weights: `rows × columns` numbers, row after row.
#[derive(Debug, Clone, PartialEq)]
struct Matrix {
    rows: usize,
    columns: usize,
    values: Vec<f32>,
}

impl Matrix {
    /// The weight `name`, which must be a `rows × columns` table.
    fn read(weights: &Weights<'_>, name: &str, rows: usize, columns: usize) -> Result<Matrix> {
        let Tensor { values, .. } = weights.shaped(name, &[rows, columns])?;
        Ok(Matrix {
            rows,
            columns,
            values,
        })
    }

    /// Row `i` (a piece's or a position's embedding).
    fn row(&self, i: usize) -> &[f32] {
        self.values
            .get(i * self.columns..(i + 1) * self.columns)
            .unwrap_or_default()
    }

    /// `x · W + b`: each output is a weighted sum of the inputs plus a bias.
    fn affine(&self, x: &[f64], bias: &[f32]) -> Vec<f64> {
        let mut out: Vec<f64> = bias.iter().map(|&b| f64::from(b)).collect();
        for (i, &xi) in x.iter().enumerate().take(self.rows) {
            for (o, &w) in out.iter_mut().zip(self.row(i)) {
                *o += xi * f64::from(w);
            }
        }
        out
    }
}

/// A vector weight of `len` numbers.
fn vector(weights: &Weights<'_>, name: &str, len: usize) -> Result<Vec<f32>> {
    Ok(weights.shaped(name, &[len])?.values)
}

/// A layer normalisation's learned gain and bias.
#[derive(Debug, Clone, PartialEq)]
struct Norm {
    gain: Vec<f32>,
    bias: Vec<f32>,
}

impl Norm {
    fn read(weights: &Weights<'_>, name: &str, width: usize) -> Result<Norm> {
        Ok(Norm {
            gain: vector(weights, &format!("{name}.gain"), width)?,
            bias: vector(weights, &format!("{name}.bias"), width)?,
        })
    }

    /// Shifts the numbers to mean 0 and scales them to spread 1, then stretches and moves each
    /// by its learned gain and bias.
    fn apply(&self, x: &[f64]) -> Vec<f64> {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let variance = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        let spread = (variance + 1e-5).sqrt();
        x.iter()
            .zip(self.gain.iter().zip(&self.bias))
            .map(|(v, (&g, &b))| (v - mean) / spread * f64::from(g) + f64::from(b))
            .collect()
    }
}

/// One block's weights: attention, then the feed-forward layer, each after a normalisation.
#[derive(Debug, Clone, PartialEq)]
struct Block {
    norm1: Norm,
    qkv: Matrix,
    qkv_bias: Vec<f32>,
    out: Matrix,
    out_bias: Vec<f32>,
    norm2: Norm,
    up: Matrix,
    up_bias: Vec<f32>,
    down: Matrix,
    down_bias: Vec<f32>,
}

impl Block {
    fn read(weights: &Weights<'_>, i: usize, c: usize) -> Result<Block> {
        let name = |part: &str| format!("block{i}.{part}");
        Ok(Block {
            norm1: Norm::read(weights, &name("norm1"), c)?,
            qkv: Matrix::read(weights, &name("attention.qkv"), c, 3 * c)?,
            qkv_bias: vector(weights, &name("attention.qkv_bias"), 3 * c)?,
            out: Matrix::read(weights, &name("attention.out"), c, c)?,
            out_bias: vector(weights, &name("attention.out_bias"), c)?,
            norm2: Norm::read(weights, &name("norm2"), c)?,
            up: Matrix::read(weights, &name("feed_forward.up"), c, 4 * c)?,
            up_bias: vector(weights, &name("feed_forward.up_bias"), 4 * c)?,
            down: Matrix::read(weights, &name("feed_forward.down"), 4 * c, c)?,
            down_bias: vector(weights, &name("feed_forward.down_bias"), c)?,
        })
    }
}

/// GELU, the feed-forward layer's bend: about `x` for large `x`, about 0 for very negative `x`,
/// smooth in between (the tanh form, as the training crate computes it).
fn gelu(x: f64) -> f64 {
    let inner = (2.0 / std::f64::consts::PI).sqrt() * (x + 0.044715 * x * x * x);
    0.5 * x * (1.0 + math::tanh(inner))
}

/// What one forward pass saw: the next-piece scores after the last position, and how much
/// each position looked at each earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pass {
    /// The score (logit) of every piece coming next after the last position, in piece-number
    /// order.
    pub logits: Vec<f64>,
    /// The attention weights: `attention[block][head][i][j]` is how much position `i` took
    /// from position `j` (`j <= i`; each row adds up to 1).
    pub attention: Vec<Vec<Vec<Vec<f64>>>>,
}

/// The trained transformer with its vocabulary, ready to read and write.
#[derive(Debug, Clone)]
pub struct Network {
    vocab: NGram,
    heads: usize,
    pieces: Matrix,
    positions: Matrix,
    blocks: Vec<Block>,
    final_norm: Norm,
    output_bias: Vec<f32>,
}

impl Network {
    /// A network from the bytes of a safetensors file, with `heads` attention heads, numbering
    /// pieces as `vocab` does (the unigram model of the training text). The sizes are read from
    /// the weights and every weight's shape is checked.
    pub fn load(bytes: &[u8], vocab: NGram, heads: usize) -> Result<Network> {
        let weights = Weights::read(bytes)?;
        let pieces = weights.tensor("pieces")?;
        let [size, width] = pieces.shape[..] else {
            return Err(Error::Weights(format!(
                "the weight pieces has the shape {:?}, not [vocabulary, width]",
                pieces.shape
            )));
        };
        if size != vocab.vocab_size() {
            return Err(Error::Weights(format!(
                "the network knows {size} pieces but the vocabulary has {}",
                vocab.vocab_size()
            )));
        }
        if heads == 0 || width % heads != 0 {
            return Err(Error::Weights(format!(
                "a width of {width} cannot be shared among {heads} heads"
            )));
        }
        let context = weights.tensor("positions")?.shape.first().copied();
        let context = context.filter(|&t| t > 0).ok_or_else(|| {
            Error::Weights("the weight positions has no positions in it".to_string())
        })?;
        let blocks = (0..)
            .take_while(|i| weights.contains(&format!("block{i}.norm1.gain")))
            .map(|i| Block::read(&weights, i, width))
            .collect::<Result<Vec<_>>>()?;
        Ok(Network {
            heads,
            pieces: Matrix::read(&weights, "pieces", size, width)?,
            positions: Matrix::read(&weights, "positions", context, width)?,
            blocks,
            final_norm: Norm::read(&weights, "final", width)?,
            output_bias: vector(&weights, "output.bias", size)?,
            vocab,
        })
    }

    /// The prose network from its weights: pieces numbered as the unigram model of the
    /// training paragraphs (nine in ten of the bakery's) numbers them.
    pub fn bakery(bytes: &[u8]) -> Result<Network> {
        let vocab = NGram::bakery_from(&corpus::bakery_split()?.train, 1)?;
        Network::load(bytes, vocab, HEADS)
    }

    /// The code network from its weights: pieces numbered as the unigram model of the
    /// training programs (nine in ten) numbers them.
    pub fn code(bytes: &[u8]) -> Result<Network> {
        let train = corpus::held_out_split(&code::rust_documents(), 10)?.train;
        let vocab = NGram::train(&train, 1)?.with_style(Style::Rust);
        Network::load(bytes, vocab, HEADS)
    }

    /// The committed prose network, read from the source tree (`cargo xtask train text` wrote
    /// it). Only where the source is at hand: a notebook, the book's build, a test.
    ///
    /// ```
    /// use genai_demos::generate::network::Network;
    ///
    /// let network = Network::committed_text()?;
    /// let trace = network.write("the oven", 6, 0.8, 3)?;
    /// assert_eq!(trace, network.write("the oven", 6, 0.8, 3)?);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn committed_text() -> Result<Network> {
        Network::bakery(&committed_file("text")?)
    }

    /// The committed code network, read from the source tree.
    pub fn committed_code() -> Result<Network> {
        Network::code(&committed_file("code")?)
    }

    /// The most pieces the network reads at once (its context window).
    pub fn context(&self) -> usize {
        self.positions.rows
    }

    /// How many numbers stand for each piece at each position.
    pub fn width(&self) -> usize {
        self.pieces.columns
    }

    /// How many blocks of attention and feed-forward are stacked.
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }

    /// How many attention heads each block has.
    pub fn heads(&self) -> usize {
        self.heads
    }

    /// How many different pieces the network knows, markers included.
    pub fn vocab_size(&self) -> usize {
        self.pieces.rows
    }

    /// How many numbers the network learned.
    pub fn parameter_count(&self) -> usize {
        let block = |b: &Block| {
            2 * (b.norm1.gain.len() + b.norm2.gain.len())
                + b.qkv.values.len()
                + b.qkv_bias.len()
                + b.out.values.len()
                + b.out_bias.len()
                + b.up.values.len()
                + b.up_bias.len()
                + b.down.values.len()
                + b.down_bias.len()
        };
        self.pieces.values.len()
            + self.positions.values.len()
            + self.blocks.iter().map(block).sum::<usize>()
            + 2 * self.final_norm.gain.len()
            + self.output_bias.len()
    }

    /// What the network reads for `history`: the pieces since the last begin marker, led by
    /// one begin marker, cut to the last context's worth.
    pub fn window(&self, history: &[u32]) -> Vec<u32> {
        window(history, BEGIN, self.context())
    }

    /// The forward pass over `ids` (piece numbers, at most the context's worth): the scores
    /// of the piece after the last one, and every block's attention weights.
    pub fn forward(&self, ids: &[u32]) -> Result<Pass> {
        if ids.is_empty() || ids.len() > self.context() {
            return Err(Error::InvalidParameter {
                name: "the number of pieces read",
                value: ids.len().to_string(),
                expected: "at least 1 and at most the network's context",
            });
        }
        let c = self.width();
        // Each position starts as its piece's embedding plus its position's.
        let mut x: Vec<Vec<f64>> = Vec::with_capacity(ids.len());
        for (place, &id) in ids.iter().enumerate() {
            if id as usize >= self.vocab_size() {
                return Err(Error::InvalidParameter {
                    name: "a piece number",
                    value: id.to_string(),
                    expected: "below the network's vocabulary size",
                });
            }
            let piece = self.pieces.row(id as usize);
            let position = self.positions.row(place);
            x.push(
                piece
                    .iter()
                    .zip(position)
                    .map(|(&a, &b)| f64::from(a) + f64::from(b))
                    .collect(),
            );
        }
        let mut attention = Vec::with_capacity(self.blocks.len());
        for block in &self.blocks {
            let normed: Vec<Vec<f64>> = x.iter().map(|v| block.norm1.apply(v)).collect();
            let (mixed, weights) = self.attend(block, &normed);
            attention.push(weights);
            for (v, m) in x.iter_mut().zip(&mixed) {
                add(v, m);
            }
            for v in &mut x {
                let h = block.norm2.apply(v);
                let h: Vec<f64> = block.up.affine(&h, &block.up_bias);
                let h: Vec<f64> = h.into_iter().map(gelu).collect();
                add(v, &block.down.affine(&h, &block.down_bias));
            }
        }
        let last = x.last().map(|v| self.final_norm.apply(v));
        let last = last.unwrap_or_else(|| vec![0.0; c]);
        // Tied weights: a piece's score is how well the last position matches its embedding.
        let logits = (0..self.vocab_size())
            .map(|piece| {
                let dot: f64 = self
                    .pieces
                    .row(piece)
                    .iter()
                    .zip(&last)
                    .map(|(&w, &h)| f64::from(w) * h)
                    .sum();
                dot + self.output_bias.get(piece).map_or(0.0, |&b| f64::from(b))
            })
            .collect();
        Ok(Pass { logits, attention })
    }

    /// Causal self-attention: each position asks (its query) every position up to itself (their
    /// keys) how relevant it is, turns the answers into weights that add up to one, and takes
    /// that mix of their values. Each head does this on its own slice of the width. Returns the
    /// mixed numbers of each position and each head's weights.
    fn attend(&self, block: &Block, h: &[Vec<f64>]) -> (Vec<Vec<f64>>, Vec<Vec<Vec<f64>>>) {
        let c = self.width();
        let d = c / self.heads;
        let qkv: Vec<Vec<f64>> = h
            .iter()
            .map(|v| block.qkv.affine(v, &block.qkv_bias))
            .collect();
        // Query, key and value of position `i` for `head`: three slices of its qkv numbers.
        let part = |i: usize, which: usize, head: usize| -> &[f64] {
            let start = which * c + head * d;
            qkv.get(i)
                .and_then(|v| v.get(start..start + d))
                .unwrap_or_default()
        };
        let mut mixed = vec![vec![0.0; c]; h.len()];
        let mut weights = Vec::with_capacity(self.heads);
        for head in 0..self.heads {
            let mut rows = Vec::with_capacity(h.len());
            for (i, out) in mixed.iter_mut().enumerate() {
                let scores: Vec<f64> = (0..=i)
                    .map(|j| dot(part(i, 0, head), part(j, 1, head)) / (d as f64).sqrt())
                    .collect();
                let row = softmax(&scores);
                for (j, &w) in row.iter().enumerate() {
                    let slot = out.get_mut(head * d..(head + 1) * d).unwrap_or_default();
                    for (o, &v) in slot.iter_mut().zip(part(j, 2, head)) {
                        *o += w * v;
                    }
                }
                rows.push(row);
            }
            weights.push(rows);
        }
        let mixed = mixed
            .iter()
            .map(|m| block.out.affine(m, &block.out_bias))
            .collect();
        (mixed, weights)
    }

    /// The probability of every piece coming next after `history` (piece numbers, begin
    /// markers included), in piece-number order.
    pub fn probabilities(&self, history: &[u32]) -> Result<Vec<f64>> {
        let pass = self.forward(&self.window(history))?;
        sampling::softmax(&pass.logits, 1.0)
    }

    /// Which earlier pieces each piece of `prompt` looked at in block `block` (counting from
    /// 1), its heads averaged: the book's attention picture.
    ///
    /// ```
    /// use genai_demos::generate::network::Network;
    ///
    /// let network = Network::committed_text()?;
    /// let picture = network.attention("the baker lit the oven", 1)?;
    /// assert_eq!(picture.pieces.len(), 6); // the begin marker and five words
    /// assert!((picture.weights[5].iter().sum::<f64>() - 1.0).abs() < 1e-9);
    /// assert!(picture.chart()?.svg().contains("oven"));
    /// assert!(network.attention("the oven", 9).is_err());
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn attention(&self, prompt: &str, block: usize) -> Result<Attention> {
        let history: Vec<u32> = std::iter::once(BEGIN)
            .chain(self.vocab.tokenize(prompt).iter().map(|p| self.id(p)))
            .collect();
        let window = self.window(&history);
        let pass = self.forward(&window)?;
        let heads = block
            .checked_sub(1)
            .and_then(|b| pass.attention.get(b))
            .ok_or_else(|| Error::InvalidParameter {
                name: "block",
                value: block.to_string(),
                expected: "one of the network's blocks, counting from 1",
            })?;
        let weights = (0..window.len())
            .map(|i| {
                (0..=i)
                    .map(|j| {
                        let sum: f64 = heads.iter().map(|h| h[i][j]).sum();
                        sum / heads.len() as f64
                    })
                    .collect()
            })
            .collect();
        Ok(Attention {
            pieces: window
                .iter()
                .map(|&id| self.piece(id).to_string())
                .collect(),
            block,
            weights,
        })
    }

    /// The `k` pieces whose embeddings point most nearly the same way as `word`'s (cosine
    /// similarity; markers left out): the words the network treats as alike.
    ///
    /// ```
    /// use genai_demos::generate::network::Network;
    ///
    /// let near = Network::committed_text()?.neighbours("oven", 5)?;
    /// assert_eq!(near.nearest.len(), 5);
    /// assert!(near.nearest.windows(2).all(|w| w[0].1 >= w[1].1));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn neighbours(&self, word: &str, k: usize) -> Result<Neighbours> {
        let id = self.id(word);
        if self.piece(id) != word {
            return Err(Error::UnknownWords {
                description: word.to_string(),
                words: vec![word.to_string()],
            });
        }
        let target = self.pieces.row(id as usize);
        let mut near: Vec<(u32, f64)> = (END + 2..self.vocab_size() as u32)
            .filter(|&other| other != id)
            .map(|other| (other, cosine(target, self.pieces.row(other as usize))))
            .collect();
        near.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(Neighbours {
            word: word.to_string(),
            nearest: near
                .into_iter()
                .take(k)
                .map(|(other, s)| (self.piece(other).to_string(), s))
                .collect(),
        })
    }

    /// Writes `length` pieces after `prompt` at `temperature`, from `seed`, as a [`Trace`] the
    /// stepper can show.
    pub fn write(&self, prompt: &str, length: usize, temperature: f64, seed: u64) -> Result<Trace> {
        let sampler = Sampler::with_temperature(temperature)?;
        let prompt = self.vocab.tokenize(prompt);
        sampling::generate(self, &prompt, length, false, &sampler, seed)
    }
}

/// The pieces a network of `context` positions reads for `history`: those since the last
/// `begin` marker, led by one `begin`, cut to the last `context` of them.
///
/// ```
/// use genai_demos::generate::network::window;
///
/// assert_eq!(window(&[0, 5, 1, 0, 7, 8], 0, 8), [0, 7, 8]);
/// assert_eq!(window(&[7, 8, 9], 0, 2), [8, 9]);
/// ```
pub fn window(history: &[u32], begin: u32, context: usize) -> Vec<u32> {
    let last_begin = history.iter().rposition(|&id| id == begin);
    let after = last_begin.map_or(history, |at| history.get(at + 1..).unwrap_or_default());
    let mut window = vec![begin];
    window.extend_from_slice(after);
    let skip = window.len().saturating_sub(context);
    window.split_off(skip)
}

/// A network's probabilities as the sampler's options: counts out of about 2^40 ([`SCALE`]),
/// most likely first, the begin marker left out (a document never begins again midway).
/// `used` is how much of the sampler's context the network used: all of it (it never backs
/// off as the n-gram does, so the trace must not say it did).
pub fn options(probabilities: &[f64], begin: u32, used: usize) -> Options<'static> {
    let mut counts: Vec<(u32, u64)> = probabilities
        .iter()
        .enumerate()
        .map(|(id, &p)| (id as u32, (p * SCALE).round() as u64))
        .filter(|&(id, count)| count > 0 && id != begin)
        .collect();
    counts.sort_by_key(|&(id, count)| (std::cmp::Reverse(count), id));
    Options {
        used,
        total: counts.iter().map(|&(_, c)| c).sum(),
        counts: Cow::Owned(counts),
    }
}

/// The network writes with the n-gram's sampler, trace and stepper.
impl NextPiece for Network {
    fn context_size(&self) -> usize {
        self.context() - 1
    }

    fn begin(&self) -> u32 {
        BEGIN
    }

    fn end(&self) -> u32 {
        END
    }

    fn id(&self, piece: &str) -> u32 {
        NextPiece::id(&self.vocab, piece)
    }

    fn piece(&self, id: u32) -> &str {
        NextPiece::piece(&self.vocab, id)
    }

    fn options(&self, history: &[u32]) -> Result<Options<'_>> {
        let probabilities = self.probabilities(history)?;
        let used = history.len().min(self.context_size());
        Ok(options(&probabilities, BEGIN, used))
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        self.vocab.tokenize(text)
    }

    fn render(&self, pieces: &[String]) -> String {
        NextPiece::render(&self.vocab, pieces)
    }

    fn writes_code(&self) -> bool {
        self.vocab.writes_code()
    }
}

/// The committed weights file `KIND.safetensors` of the training crate, read from the source.
fn committed_file(kind: &str) -> Result<Vec<u8>> {
    let path = format!(
        "{}/../genai-neural/weights/{kind}.safetensors",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).map_err(|e| Error::Io(format!("{path}: {e}")))
}

/// Adds `more` into `x`, number by number (a residual connection).
fn add(x: &mut [f64], more: &[f64]) {
    for (a, b) in x.iter_mut().zip(more) {
        *a += b;
    }
}

/// The dot product: the sum of the products of matching numbers.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Softmax of scores: `exp(s) / Σ exp(s)`, with the largest score taken off first.
fn softmax(scores: &[f64]) -> Vec<f64> {
    let largest = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp: Vec<f64> = scores.iter().map(|s| math::exp(s - largest)).collect();
    let total: f64 = exp.iter().sum();
    exp.iter().map(|e| e / total).collect()
}

/// The cosine of the angle between two embeddings.
fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (&x, &y) in a.iter().zip(b) {
        let (x, y) = (f64::from(x), f64::from(y));
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        ab / (aa.sqrt() * bb.sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_network_writes_with_the_shared_sampler() {
        let network = Network::committed_text().unwrap();
        assert_eq!(network.heads(), HEADS);
        let history = [BEGIN, network.id("the")];
        let p = network.probabilities(&history).unwrap();
        assert_eq!(p.len(), network.vocab_size());
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let options = NextPiece::options(&network, &history).unwrap();
        assert!(options.counts.iter().all(|&(id, _)| id != BEGIN));
        // The options leave the begin marker out, so the rest share its (tiny) probability.
        let top = p[options.counts[0].0 as usize] / (1.0 - p[BEGIN as usize]);
        assert!((options.probability(0) - top).abs() < 1e-9);
        // The network uses its whole context: the trace never tells of a back-off.
        assert_eq!(options.used, history.len());
        let table = network.write("the oven", 6, 1.0, 2).unwrap().table();
        assert!(
            table.rows.iter().all(|r| !r.note.contains("never came up")),
            "{:?}",
            table.rows
        );
        // The same seed writes the same text; another seed something else.
        let a = network.write("the oven", 12, 1.0, 5).unwrap();
        assert_eq!(a, network.write("the oven", 12, 1.0, 5).unwrap());
        assert_ne!(
            a.pieces,
            network.write("the oven", 12, 1.0, 6).unwrap().pieces
        );
    }

    #[test]
    fn bad_weights_and_inputs_are_refused_with_sentences() {
        let network = Network::committed_text().unwrap();
        let err = network.forward(&[]).unwrap_err().to_string();
        assert!(err.starts_with("The number of pieces read was 0"), "{err}");
        let too_long = vec![BEGIN; network.context() + 1];
        assert!(network.forward(&too_long).is_err());
        let err = network.forward(&[BEGIN, 1_000_000]).unwrap_err();
        assert!(err.to_string().contains("vocabulary size"), "{err}");
        let err = Network::bakery(b"not a weights file").unwrap_err();
        assert!(matches!(err, Error::Weights(_)), "{err}");
        // The code network's weights do not fit the prose vocabulary.
        let code = committed_file("code").unwrap();
        let err = Network::bakery(&code).unwrap_err().to_string();
        assert!(err.contains("pieces but the vocabulary has"), "{err}");
        assert!(network.neighbours("zzzz", 3).is_err());
    }
}
