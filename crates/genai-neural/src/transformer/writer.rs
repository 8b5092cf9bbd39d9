//! The trained network as a writer: load its weights, ask it what comes next, and write with the
//! same sampler, trace and stepper as the n-gram.

use super::committed;
use super::model::{Transformer, softmax};
use super::recipe::Recipe;
use super::vocab::{BEGIN, Corpus, END, Vocab};
use crate::{Error, Result};
use candle_core::{DType, Device, Tensor};
use genai_demos::generate::network;
use genai_demos::generate::sampling::{self, NextPiece, Options, Sampler, Trace};

/// A network with its vocabulary, ready to write.
#[derive(Debug, Clone)]
pub struct Writer {
    net: Transformer,
    vocab: Vocab,
}

impl Writer {
    /// Pairs a network with the vocabulary it was trained on (their sizes must agree).
    pub fn new(net: Transformer, vocab: Vocab) -> Result<Writer> {
        if net.shape().vocab != vocab.len() {
            return Err(Error::Weights(format!(
                "the network knows {} pieces but the vocabulary has {}",
                net.shape().vocab,
                vocab.len()
            )));
        }
        Ok(Writer { net, vocab })
    }

    /// Loads weights in the safetensors format for `corpus`, with its recipe's head count.
    pub fn load(corpus: Corpus, bytes: &[u8]) -> Result<Writer> {
        let weights = candle_core::safetensors::load_buffer(bytes, &Device::Cpu)?;
        let net = Transformer::from_weights(&weights, Recipe::of(corpus).heads)?;
        Writer::new(net, Vocab::of(corpus)?)
    }

    /// The committed network of `corpus` (see [`super::committed`]).
    pub fn committed(corpus: Corpus) -> Result<Writer> {
        match corpus {
            Corpus::Bakery => Writer::load(corpus, committed::TEXT_WEIGHTS),
            Corpus::Rust => Writer::load(corpus, committed::CODE_WEIGHTS),
        }
    }

    /// The committed network that writes bakery prose.
    ///
    /// ```
    /// use genai_neural::transformer::Writer;
    ///
    /// let writer = Writer::committed_text()?;
    /// let trace = writer.write("the oven", 8, 0.7, 3)?;
    /// assert_eq!(trace, writer.write("the oven", 8, 0.7, 3)?);
    /// # Ok::<(), genai_neural::Error>(())
    /// ```
    pub fn committed_text() -> Result<Writer> {
        Writer::committed(Corpus::Bakery)
    }

    /// The committed network that writes Rust.
    pub fn committed_code() -> Result<Writer> {
        Writer::committed(Corpus::Rust)
    }

    /// The weights in the safetensors format.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let named: Vec<(String, Tensor)> = self
            .net
            .named_weights()
            .into_iter()
            .map(|(name, var)| (name, var.as_tensor().clone()))
            .collect();
        let dir = std::env::temp_dir().join(format!("genai-neural-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::File(e.to_string()))?;
        let path = dir.join("weights.safetensors");
        let map: std::collections::HashMap<String, Tensor> = named.into_iter().collect();
        candle_core::safetensors::save(&map, &path)?;
        let bytes = std::fs::read(&path).map_err(|e| Error::File(e.to_string()));
        let _ = std::fs::remove_dir_all(&dir);
        bytes
    }

    /// The network.
    pub fn network(&self) -> &Transformer {
        &self.net
    }

    /// The vocabulary.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// What it was trained to write: Rust if its pieces are cut as code, else the prose.
    pub fn corpus(&self) -> Corpus {
        if self.writes_code() {
            Corpus::Rust
        } else {
            Corpus::Bakery
        }
    }

    /// The network and its vocabulary, apart again (to train the network further).
    pub fn into_parts(self) -> (Transformer, Vocab) {
        (self.net, self.vocab)
    }

    /// What the network reads for `history`: the pieces since the last begin marker, led by
    /// one begin marker, cut to the last context's worth.
    pub fn window(&self, history: &[u32]) -> Vec<u32> {
        network::window(history, BEGIN, self.net.shape().context)
    }

    /// The probability of every piece coming next after `history` (piece numbers, begin
    /// markers included), in piece-number order.
    pub fn probabilities(&self, history: &[u32]) -> Result<Vec<f64>> {
        let window = self.window(history);
        let ids = Tensor::from_vec(window.clone(), (1, window.len()), &Device::Cpu)?;
        let logits = self.net.logits(&ids)?.squeeze(0)?;
        let last = logits.get(window.len() - 1)?.to_dtype(DType::F64)?;
        Ok(softmax(&last)?.to_vec1::<f64>()?)
    }

    /// Writes `length` pieces after `prompt` at `temperature`, from `seed`, as a [`Trace`] the
    /// stepper can show.
    pub fn write(&self, prompt: &str, length: usize, temperature: f64, seed: u64) -> Result<Trace> {
        let sampler = Sampler::with_temperature(temperature)?;
        let prompt = NextPiece::tokenize(self, prompt);
        Ok(sampling::generate(
            self, &prompt, length, false, &sampler, seed,
        )?)
    }

    /// Like [`Writer::write`], but stops at the end of the document (one program, one
    /// paragraph) or after `max_length` pieces.
    pub fn write_document(
        &self,
        prompt: &str,
        max_length: usize,
        sampler: &Sampler,
        seed: u64,
    ) -> Result<Trace> {
        let prompt = NextPiece::tokenize(self, prompt);
        Ok(sampling::generate(
            self, &prompt, max_length, true, sampler, seed,
        )?)
    }
}

/// The network writes with the n-gram's sampler: its probabilities are handed over as counts
/// out of 2^40, so the stepper's table shows its candidates like the n-gram's.
impl NextPiece for Writer {
    fn context_size(&self) -> usize {
        self.net.shape().context - 1
    }

    fn begin(&self) -> u32 {
        BEGIN
    }

    fn end(&self) -> u32 {
        END
    }

    fn id(&self, piece: &str) -> u32 {
        self.vocab.id(piece)
    }

    fn piece(&self, id: u32) -> &str {
        self.vocab.piece(id)
    }

    fn options(&self, history: &[u32]) -> genai_demos::Result<Options<'_>> {
        let probabilities = self
            .probabilities(history)
            .map_err(|e| genai_demos::Error::Model(e.to_string()))?;
        let used = history.len().min(NextPiece::context_size(self));
        Ok(network::options(&probabilities, BEGIN, used))
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        self.vocab.style().tokenize(text)
    }

    fn render(&self, pieces: &[String]) -> String {
        self.vocab.style().render(pieces)
    }

    fn writes_code(&self) -> bool {
        matches!(
            self.vocab.style(),
            genai_demos::generate::ngram::Style::Rust
        )
    }
}

/// The committed training log of `corpus` (JSON of a [`super::TrainingLog`]).
pub fn log(corpus: Corpus) -> &'static str {
    match corpus {
        Corpus::Bakery => committed::TEXT_LOG,
        Corpus::Rust => committed::CODE_LOG,
    }
}
