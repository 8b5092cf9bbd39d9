//! The tiny transformer's results as the book shows them: its training curve, its held-out
//! perplexity beside the n-gram's, how much it copies, which words it learned are alike, where
//! it looks, and (for code) how often its programs parse.
//!
//! The network itself is trained in the `genai-neural` crate (on candle), which also computes
//! these results from the committed weights and writes them as JSON into `data/network/`. Its
//! test recomputes them and fails if the committed file differs, so they cannot drift; the book
//! reads them here without compiling the tensor crate.

use crate::error::{Error, Result};
use crate::generate::ngram::Perplexity;
use crate::show::chart::{self, Chart, PALETTE, Series};
use crate::show::display::Table;
use crate::show::wording::{in_words, percent, quoted_list, thousands};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

/// The results for the prose network, as `cargo xtask train text` wrote them: JSON of a
/// [`NetworkResults`] (the small library reads no JSON itself; its front ends do).
///
/// ```
/// use genai_demos::experiments::network::{NetworkResults, TEXT_RESULTS};
///
/// let text: NetworkResults = serde_json::from_str(TEXT_RESULTS)?;
/// assert!(text.network_perplexity < text.best_ngram()?.perplexity);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const TEXT_RESULTS: &str = include_str!("../../data/network/text-results.json");
/// The results for the code network.
pub const CODE_RESULTS: &str = include_str!("../../data/network/code-results.json");

/// The temperatures the copy meter and the parse rate are measured at.
pub const TEMPERATURES: [f64; 4] = [0.5, 0.8, 1.0, 1.2];
/// The n-gram orders the copy meter measures beside the network (n = 2 predicts held-out text
/// best; n = 3 is the book's writer).
pub const COPY_NS: [usize; 2] = [2, 3];
/// The run length the copy chart reports, in pieces: long runs are almost never copied by
/// either writer at these sizes, so the short ones show the difference.
pub const COPY_RUN: usize = 5;

/// The weights of GPT-2's smallest version: about 124 million (A. Radford et al., "Language
/// Models are Unsupervised Multitask Learners", OpenAI, 2019; the paper's table rounds it to
/// 117 million, the released weights count 124 million).
pub const GPT2_SMALL_PARAMETERS: f64 = 124e6;
/// The weights of GPT-3: 175 billion (T. Brown et al., "Language Models are Few-Shot Learners",
/// NeurIPS 2020).
pub const GPT3_PARAMETERS: f64 = 175e9;

/// Everything the book shows about one network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NetworkResults {
    /// What it writes: "text" (the bakery prose) or "code" (the Rust programs).
    pub corpus: String,
    /// How many numbers (weights) the network learned.
    pub parameters: usize,
    /// How many numbers stand for each piece (the embedding's width).
    pub width: usize,
    /// How many blocks of attention and feed-forward are stacked.
    pub blocks: usize,
    /// The most pieces it reads at once.
    pub context: usize,
    /// How many stretches of text each training step learned from.
    pub batch: usize,
    /// The size of its weights file, in bytes.
    pub weight_bytes: usize,
    /// The training loss after every step, and the held-out loss as it went.
    pub curve: Curve,
    /// For n = 1..=5, the n-gram on the same training text, each with its best smoothing.
    pub ngrams: Vec<Perplexity>,
    /// The network's held-out perplexity, on the same pieces and documents.
    pub network_perplexity: f64,
    /// The copy meter at each of [`TEMPERATURES`], for the network and the n-grams of [`COPY_NS`].
    pub copying: Vec<CopyPoint>,
    /// A few words and their nearest neighbours in the network's embedding space.
    pub neighbours: Vec<Neighbours>,
    /// Where each position of one prompt looked.
    pub attention: Attention,
    /// For code: how many written programs parse, network and n-grams, at each temperature.
    pub parsing: Vec<ParsePoint>,
}

/// A training curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    /// `(step, loss)` of every step's training batch (with dropout on), in nats.
    pub train: Vec<(usize, f64)>,
    /// `(step, loss)` on the held-out documents, before training and every few steps.
    pub held_out: Vec<(usize, f64)>,
}

/// What the copy meter found in one written text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyPoint {
    /// "network", or "n-gram, n = 2".
    pub model: String,
    /// The sampling temperature.
    pub temperature: f64,
    /// How many pieces were written.
    pub pieces: usize,
    /// The share of its runs of 5, 8 and 12 pieces found word for word in the training text.
    pub shares: [f64; 3],
    /// The longest run found word for word.
    pub longest_run: usize,
}

/// A word and the words whose embeddings point the most the same way (cosine similarity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbours {
    /// The word asked about.
    pub word: String,
    /// Its nearest words, most similar first, with their cosine similarity (1 = same direction).
    pub nearest: Vec<(String, f64)>,
}

/// The attention of one prompt, averaged over the heads of one block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    /// The pieces the network read (the begin marker first).
    pub pieces: Vec<String>,
    /// The block it comes from (counting from 1).
    pub block: usize,
    /// Row `i`: how much position `i` took from each position `0..=i` (each row adds up to 1).
    pub weights: Vec<Vec<f64>>,
}

impl Attention {
    /// The attention picture: a square per pair of positions, darker where the row's position
    /// took more from the column's.
    pub fn chart(&self) -> Result<Chart> {
        let a = self;
        let n = a.pieces.len();
        if n == 0 || a.weights.len() != n {
            return Err(Error::EmptyInput {
                what: "the attention weights".into(),
            });
        }
        let cell = 34_i32;
        let margin = 110_i32;
        let side = margin + cell * n as i32 + 20;
        let title = format!("Where each word looked (block {}, heads averaged)", a.block);
        Chart::draw(&title, (side as u32, side as u32 + 40), |root| {
            root.draw(&Text::new(title.clone(), (10, 8), chart::font(18)))?;
            let top = 40 + margin;
            for (i, row) in a.weights.iter().enumerate() {
                let y = top + cell * i as i32;
                root.draw(&Text::new(
                    a.pieces[i].clone(),
                    (8, y + 10),
                    chart::font(14),
                ))?;
                for (j, &w) in row.iter().enumerate().take(i + 1) {
                    let x = margin + cell * j as i32;
                    let colour = chart::tint(PALETTE[0], w.clamp(0.0, 1.0));
                    root.draw(&Rectangle::new(
                        [(x, y), (x + cell - 2, y + cell - 2)],
                        colour.filled(),
                    ))?;
                }
            }
            for (j, piece) in a.pieces.iter().enumerate() {
                let x = margin + cell * j as i32 + 8;
                let style = chart::font(14).transform(FontTransform::Rotate270);
                root.draw(&Text::new(piece.clone(), (x, top - 6), style))?;
            }
            Ok(())
        })
    }
}

/// How many of the programs one model wrote at one temperature parse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsePoint {
    /// "network", or "n-gram, n = 3".
    pub model: String,
    /// The sampling temperature.
    pub temperature: f64,
    /// How many programs were written.
    pub samples: usize,
    /// How many of them `syn` accepts.
    pub parsed: usize,
    /// How many are, token for token, a training program.
    pub copies: usize,
    /// The share of their 8-piece runs found word for word in the training programs.
    pub copied_share: f64,
}

impl NetworkResults {
    /// The n-gram with the lowest held-out perplexity.
    pub fn best_ngram(&self) -> Result<&Perplexity> {
        self.ngrams
            .iter()
            .min_by(|a, b| a.perplexity.total_cmp(&b.perplexity))
            .ok_or_else(|| Error::EmptyInput {
                what: "the n-gram perplexities".into(),
            })
    }

    /// How much lower the network's held-out perplexity is than the best n-gram's (0.15 is 15%).
    pub fn improvement(&self) -> Result<f64> {
        Ok(1.0 - self.network_perplexity / self.best_ngram()?.perplexity)
    }

    /// The training loss (averaged over stretches of steps, so the line reads) and the held-out
    /// loss, against the step.
    pub fn curve_chart(&self) -> Result<Chart> {
        let stretch = (self.curve.train.len() / 40).max(1);
        let train: Vec<(f64, f64)> = self
            .curve
            .train
            .chunks(stretch)
            .filter_map(|c| {
                let last = c.last()?.0 as f64;
                Some((last, c.iter().map(|p| p.1).sum::<f64>() / c.len() as f64))
            })
            .collect();
        let held: Vec<(f64, f64)> = self
            .curve
            .held_out
            .iter()
            .map(|&(s, l)| (s as f64, l))
            .collect();
        let top = held.iter().chain(&train).fold(0.0_f64, |t, p| t.max(p.1));
        Chart::lines(
            "The network learns: loss while training",
            "training step",
            "loss (nats per piece; lower is better)",
            &[
                Series::new("training text (batches)", train),
                Series::new("held-out text", held),
            ],
            top,
        )
    }

    /// Held-out perplexity of the n-gram for n = 1..5 (each with its best smoothing) and of the
    /// network (a flat line, as it has no n).
    pub fn perplexity_chart(&self) -> Result<Chart> {
        let ngram: Vec<(f64, f64)> = self
            .ngrams
            .iter()
            .map(|p| (p.n as f64, p.perplexity))
            .collect();
        let last = self.ngrams.len().max(1) as f64;
        let net = vec![
            (1.0, self.network_perplexity),
            (last, self.network_perplexity),
        ];
        let best = self.best_ngram()?.perplexity;
        Chart::lines(
            "Held-out perplexity: counting against the network",
            "n of the n-gram (the network reads up to its whole context)",
            "perplexity (lower is better)",
            &[
                Series::new("n-gram, best smoothing for each n", ngram),
                Series::new("network", net),
            ],
            (3.0 * best).min(self.ngrams.iter().fold(0.0, |t, p| t.max(p.perplexity))),
        )
    }

    /// The share of [`COPY_RUN`]-piece runs copied from training, against the temperature, one
    /// line per model.
    pub fn copy_chart(&self) -> Result<Chart> {
        let mut models: Vec<&str> = Vec::new();
        for point in &self.copying {
            if !models.contains(&point.model.as_str()) {
                models.push(&point.model);
            }
        }
        let series: Vec<Series> = models
            .iter()
            .map(|&model| {
                let points = self.copying.iter().filter(|p| p.model == model);
                Series::new(
                    model,
                    points
                        .map(|p| (p.temperature, 100.0 * p.shares[0]))
                        .collect(),
                )
            })
            .collect();
        Chart::lines(
            "How much of what they write is copied",
            "temperature",
            &format!("{COPY_RUN}-piece runs found in the training text (%)"),
            &series,
            100.0,
        )
    }

    /// The copy point of `model` at `temperature`.
    pub fn copy_point(&self, model: &str, temperature: f64) -> Result<&CopyPoint> {
        self.copying
            .iter()
            .find(|p| p.model == model && p.temperature == temperature)
            .ok_or_else(|| {
                Error::Model(format!("No copy measurement of {model} at {temperature}."))
            })
    }

    /// The neighbours as a table: each word, then its nearest words with their similarity.
    pub fn neighbours_table(&self) -> Table {
        let rows = self
            .neighbours
            .iter()
            .map(|n| {
                let near: Vec<String> = n
                    .nearest
                    .iter()
                    .map(|(w, s)| format!("{w} ({s:.2})"))
                    .collect();
                vec![n.word.clone(), near.join(", ")]
            })
            .collect();
        Table::new(
            [
                "word",
                "nearest words in the network's eyes (cosine similarity)",
            ],
            rows,
        )
    }

    /// The attention picture (see [`Attention::chart`]).
    pub fn attention_chart(&self) -> Result<Chart> {
        self.attention.chart()
    }

    /// The parse rate against the share copied, a dot per model and temperature: models that
    /// copy alike can be compared for how often their programs parse.
    pub fn parse_chart(&self) -> Result<Chart> {
        let mut series: Vec<Series> = Vec::new();
        for point in &self.parsing {
            let dot = (
                100.0 * point.copied_share,
                100.0 * point.parsed as f64 / point.samples.max(1) as f64,
            );
            match series.iter_mut().find(|s| s.name == point.model) {
                Some(s) => s.points.push(dot),
                None => series.push(Series::new(point.model.clone(), vec![dot])),
            }
        }
        // From 0 to 100%: the legend, upper right, then sits above every point.
        Chart::scatter_to(
            "Programs that parse, against how much is copied",
            "8-token stretches found in the training programs (%)",
            "programs that parse (%)",
            &series,
            100.0,
        )
    }

    /// The figures the pages print about this network, named `PREFIX-NAME`.
    pub fn figures(&self, prefix: &str, figures: &mut super::Figures) -> Result<()> {
        let best = self.best_ngram()?;
        let mut put = |name: &str, text: String| figures.put(format!("{prefix}-{name}"), text);
        put("parameters", thousands(self.parameters));
        put("width", self.width.to_string());
        put("blocks", in_words(self.blocks));
        put("context", self.context.to_string());
        put("batch", self.batch.to_string());
        put("gpt2-parameters", "124 million".to_string());
        put("gpt3-parameters", "175 billion".to_string());
        let times = |big: f64| thousands(two_figures(big / self.parameters.max(1) as f64));
        put("gpt2-times", times(GPT2_SMALL_PARAMETERS));
        put("gpt3-times", times(GPT3_PARAMETERS));
        if let (Some(first), Some(last)) = (self.curve.held_out.first(), self.curve.held_out.last())
        {
            put(
                "start-perplexity",
                thousands(crate::math::exp(first.1).round() as usize),
            );
            put("start-loss", format!("{:.1}", first.1));
            put("end-loss", format!("{:.1}", last.1));
        }
        for near in &self.neighbours {
            let words: Vec<String> = near
                .nearest
                .iter()
                .take(3)
                .map(|(w, _)| w.clone())
                .collect();
            put(&format!("near-{}", near.word), quoted_list(&words));
        }
        put(
            "weight-kb",
            format!("{:.0} kB", self.weight_bytes as f64 / 1000.0),
        );
        put("steps", thousands(self.curve.train.len()));
        put("perplexity", format!("{:.1}", self.network_perplexity));
        put("best-ngram-perplexity", format!("{:.1}", best.perplexity));
        put("best-ngram-n", best.n.to_string());
        put("best-ngram-k", best.k.to_string());
        let gain = self.improvement()?;
        put("improvement", percent(gain.abs()));
        put(
            "better-or-worse",
            if gain >= 0.0 { "lower" } else { "higher" }.to_string(),
        );
        for point in &self.copying {
            let model = short(&point.model);
            let t = format!("{:.0}", 10.0 * point.temperature);
            put(&format!("copy-{model}-t{t}-5"), percent(point.shares[0]));
            put(&format!("copy-{model}-t{t}-8"), percent(point.shares[1]));
            put(
                &format!("copy-{model}-t{t}-longest"),
                point.longest_run.to_string(),
            );
        }
        for point in &self.parsing {
            let model = short(&point.model);
            let t = format!("{:.0}", 10.0 * point.temperature);
            put(
                &format!("parse-{model}-t{t}"),
                format!("{} of {}", point.parsed, point.samples),
            );
            put(
                &format!("parse-copied-{model}-t{t}"),
                percent(point.copied_share),
            );
        }
        Ok(())
    }
}

/// A model's name as figure names write it: "net", "n3".
fn short(model: &str) -> String {
    if model == "network" {
        "net".to_string()
    } else {
        model.replace("n-gram, n = ", "n")
    }
}

/// `x` rounded to two significant figures, as a whole number: 707,677 becomes 710,000.
fn two_figures(x: f64) -> usize {
    if !x.is_finite() || x < 1.0 {
        return 0;
    }
    let mut scale = 1.0;
    while x / scale >= 100.0 {
        scale *= 10.0;
    }
    ((x / scale).round() * scale) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_rounded_to_two_figures() {
        assert_eq!(two_figures(707_677.3), 710_000);
        assert_eq!(two_figures(501.4), 500);
        assert_eq!(two_figures(1_415_354.0), 1_400_000);
        assert_eq!(two_figures(42.4), 42);
        assert_eq!(two_figures(f64::NAN), 0);
    }

    #[test]
    fn the_committed_results_read_and_word_their_figures()
    -> std::result::Result<(), Box<dyn std::error::Error>> {
        let text: NetworkResults = serde_json::from_str(TEXT_RESULTS)?;
        let code: NetworkResults = serde_json::from_str(CODE_RESULTS)?;
        let mut figures = super::super::Figures::default();
        text.figures("text", &mut figures)?;
        code.figures("code", &mut figures)?;
        let gain = text.improvement()?;
        assert_eq!(
            figures.get("text-improvement"),
            Some(percent(gain.abs()).as_str())
        );
        assert!(figures.get("code-parse-net-t10").is_some());
        assert_eq!(text.ngrams.len(), 5);
        Ok(())
    }
}
