//! The network beside the n-gram on the same held-out text: held-out perplexity of the n-gram
//! for n = 1..5, each with its best smoothing, and of the network.

use super::train::{HeldOut, held_out};
use super::vocab::Corpus;
use super::writer::Writer;
use crate::Result;
use genai_demos::generate::ngram::{NGram, Perplexity, Smoothing};
use serde::{Deserialize, Serialize};

/// The smoothings tried for each n-gram; each n keeps the one with the lowest perplexity.
pub const SMOOTHINGS: [f64; 7] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];
/// The largest n-gram order compared.
pub const MAX_N: usize = 5;

/// The held-out perplexities side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The corpus compared on.
    pub corpus: Corpus,
    /// For n = 1..=[`MAX_N`], the n-gram with its best smoothing.
    pub ngrams: Vec<Perplexity>,
    /// The network's held-out measurement.
    pub network: HeldOut,
}

impl Comparison {
    /// The best n-gram (lowest held-out perplexity).
    pub fn best_ngram(&self) -> Option<&Perplexity> {
        self.ngrams
            .iter()
            .min_by(|a, b| a.perplexity.total_cmp(&b.perplexity))
    }

    /// How much lower the network's perplexity is than the best n-gram's, as a share (0.15 is
    /// 15% lower; negative if the network is worse).
    pub fn improvement(&self) -> Option<f64> {
        self.best_ngram()
            .map(|best| 1.0 - self.network.perplexity / best.perplexity)
    }
}

/// Measures `writer` and the n-grams of `corpus` on its held-out documents.
pub fn compare(corpus: Corpus, writer: &Writer) -> Result<Comparison> {
    let split = corpus.split()?;
    let mut ngrams = Vec::new();
    for n in 1..=MAX_N {
        let model = NGram::train(&split.train, n)?;
        let mut best: Option<Perplexity> = None;
        for k in SMOOTHINGS {
            let measured = model.perplexity(&split.held_out, Smoothing::add_k(k)?)?;
            if best
                .as_ref()
                .is_none_or(|b| measured.perplexity < b.perplexity)
            {
                best = Some(measured);
            }
        }
        ngrams.extend(best);
    }
    let network = held_out(writer.network(), writer.vocab(), &split.held_out)?;
    Ok(Comparison {
        corpus,
        ngrams,
        network,
    })
}
