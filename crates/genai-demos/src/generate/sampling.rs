//! Sampling: turning a model's prediction into one chosen piece, with a trace of every choice.
//!
//! A model does not write; it predicts. Writing is a loop: predict the next piece, pick one,
//! add it to the text, repeat. How to pick is a choice of its own, made by a [`Sampler`]:
//! - **temperature** reshapes the prediction. The model's log-probabilities are the *logits*;
//!   dividing them by a temperature below 1 before the softmax sharpens the prediction towards
//!   its favourite, above 1 flattens it towards "anything goes", and 0 always takes the
//!   favourite (greedy decoding);
//! - **top-k** keeps only the k most likely pieces;
//! - **top-p** (nucleus) keeps the fewest most likely pieces whose probabilities add up to p.
//!
//! Then one even random number in `[0, 1)` picks a piece: lay the kept probabilities end to end
//! and see where the number lands. The [`Trace`] records that number at every step, so
//! [`replay`] can write the same text again without the seed.

use crate::error::{Error, Result, finite_in, number};
use crate::math;
use crate::random::{seeded, uniform};
use crate::show::chart::{Chart, HEIGHT, INK, PALETTE, WIDTH, font};
use crate::show::wording::rough_percent;
use crate::text::tokenize::{BOS, END};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How many candidates each [`Step`] of a trace lists (the chosen one is always added).
pub const SHOWN: usize = 10;

/// What a temperature must be, in the one wording every refusal of a temperature uses (the
/// sampler's, and the page's when what was typed is not a number at all).
pub const TEMPERATURE_RULE: &str =
    "a number of at least 0, such as 0.5 or 1.5 (0 means always take the most likely piece)";

/// A model the sampler can write with: given the pieces so far, it says which pieces may come
/// next and how often each followed that context in training, so their probabilities are the
/// counts over the total. The word n-gram and the code model are such models, and any new model
/// that answers these questions is written, traced and replayed by the same [`Sampler`].
///
/// Pieces travel as numbers; `begin` and `end` are the numbers of the markers that frame a
/// document.
///
/// ```
/// use genai_demos::generate::ngram::NGram;
/// use genai_demos::generate::sampling::NextPiece;
///
/// let model = NGram::train(&[vec!["a", "b", "a", "c"]], 2)?;
/// let history = [model.begin(), model.id("a")];
/// let options = model.options(&history)?;
/// assert_eq!(options.total, 2); // "a" was followed twice: once by "b", once by "c"
/// assert_eq!(options.probability(0), 0.5);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub trait NextPiece {
    /// How many pieces before the next one the model reads at most (`n - 1` for an n-gram).
    fn context_size(&self) -> usize;
    /// The number of the marker before a document's first piece.
    fn begin(&self) -> u32;
    /// The number of the marker that ends a document.
    fn end(&self) -> u32;
    /// The number of a piece (a piece the model never saw gets its "unknown" number).
    fn id(&self, piece: &str) -> u32;
    /// The piece a number stands for.
    fn piece(&self, id: u32) -> &str;
    /// What may follow `history` (piece numbers, begin markers included), in a fixed order: the
    /// sampler lays their probabilities end to end in this order before the draw lands.
    fn options(&self, history: &[u32]) -> Result<Options<'_>>;
    /// Cuts text into pieces the way the model was trained.
    fn tokenize(&self, text: &str) -> Vec<String>;
    /// Glues written pieces into text to read.
    fn render(&self, pieces: &[String]) -> String;
    /// True if the pieces are source code (the trace then shows the text as code).
    fn writes_code(&self) -> bool {
        false
    }
}

/// A model's answer to "what comes next?": the pieces that may follow, with their counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Options<'a> {
    /// How many pieces of the history the model used (fewer than asked after back-off).
    pub used: usize,
    /// How often the context used was followed by anything: the counts add up to it.
    pub total: u64,
    /// Each possible next piece's number and count, in the model's fixed order (the n-gram:
    /// most frequent first).
    pub counts: Cow<'a, [(u32, u64)]>,
}

impl Options<'_> {
    /// The probability of the `i`-th option: its count over the total.
    pub fn probability(&self, i: usize) -> f64 {
        self.counts
            .get(i)
            .map_or(0.0, |&(_, count)| count as f64 / self.total as f64)
    }
}

/// The settings that turn a prediction into a choice: temperature, top-k and top-p.
///
/// ```
/// use genai_demos::generate::sampling::Sampler;
///
/// let sampler = Sampler::new(0.7, Some(20), Some(0.9))?;
/// assert_eq!(sampler.temperature(), 0.7);
/// assert!(Sampler::new(-1.0, None, None).is_err());
/// assert!(Sampler::new(1.0, Some(0), None).is_err());
/// assert!(Sampler::new(1.0, None, Some(1.5)).is_err());
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sampler {
    temperature: f64,
    top_k: Option<usize>,
    top_p: Option<f64>,
}

impl Sampler {
    /// Settings checked for sense: `temperature` finite and at least 0 (0 means greedy),
    /// `top_k` at least 1 if given, `top_p` in `(0, 1]` if given. `None` switches a filter off.
    pub fn new(temperature: f64, top_k: Option<usize>, top_p: Option<f64>) -> Result<Sampler> {
        let sampler = Sampler {
            temperature,
            top_k,
            top_p,
        };
        sampler.validate()?;
        Ok(sampler)
    }

    /// Always the most likely piece: temperature 0, no filters.
    pub fn greedy() -> Sampler {
        Sampler {
            temperature: 0.0,
            top_k: None,
            top_p: None,
        }
    }

    /// Plain sampling at `temperature`, with no top-k or top-p.
    pub fn with_temperature(temperature: f64) -> Result<Sampler> {
        Sampler::new(temperature, None, None)
    }

    /// Checks the settings again (a deserialized trace may carry anything).
    pub(crate) fn validate(&self) -> Result<()> {
        finite_in(
            "temperature",
            self.temperature,
            0.0..=f64::MAX,
            TEMPERATURE_RULE,
        )?;
        if self.top_k == Some(0) {
            return Err(Error::InvalidParameter {
                name: "top_k",
                value: "0".into(),
                expected: "at least 1 (or None to keep every piece)",
            });
        }
        if let Some(p) = self.top_p
            && !(p.is_finite() && p > 0.0 && p <= 1.0)
        {
            return Err(Error::InvalidParameter {
                name: "top_p",
                value: number(p),
                expected: "above 0 and at most 1 (or None to keep every piece)",
            });
        }
        Ok(())
    }

    /// The temperature; 0 means greedy.
    pub fn temperature(&self) -> f64 {
        self.temperature
    }

    /// How many of the most likely pieces are kept, if limited.
    pub fn top_k(&self) -> Option<usize> {
        self.top_k
    }

    /// The probability mass the kept pieces must reach, if limited.
    pub fn top_p(&self) -> Option<f64> {
        self.top_p
    }

    /// The probabilities to draw from: softmax of `logits / temperature`, then top-k, then
    /// top-p. Removed pieces get 0; the rest sum to 1.
    ///
    /// ```
    /// use genai_demos::generate::sampling::Sampler;
    ///
    /// let logits = [0.5f64.ln(), 0.3f64.ln(), 0.2f64.ln()];
    /// let probs = Sampler::new(1.0, Some(2), None)?.apply(&logits)?;
    /// assert!((probs[0] - 0.625).abs() < 1e-12 && probs[2] == 0.0);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn apply(&self, logits: &[f64]) -> Result<Vec<f64>> {
        self.validate()?;
        self.filter(softmax(logits, self.temperature)?)
    }

    /// Applies top-k, then top-p, to probabilities that already had the temperature.
    fn filter(&self, mut probabilities: Vec<f64>) -> Result<Vec<f64>> {
        if let Some(k) = self.top_k {
            probabilities = top_k(&probabilities, k)?;
        }
        if let Some(p) = self.top_p {
            probabilities = top_p(&probabilities, p)?;
        }
        Ok(probabilities)
    }

    /// Picks an index with an even random `draw` in `[0, 1)`: the probabilities are laid end to
    /// end on the line from 0 to 1, and the piece whose stretch holds `draw` wins.
    /// `None` only if no probability is above 0.
    ///
    /// ```
    /// use genai_demos::generate::sampling::Sampler;
    ///
    /// let probs = [0.5, 0.3, 0.2];
    /// let s = Sampler::greedy();
    /// assert_eq!(s.choose(&probs, 0.1), Some(0));
    /// assert_eq!(s.choose(&probs, 0.6), Some(1));
    /// assert_eq!(s.choose(&probs, 0.95), Some(2));
    /// ```
    pub fn choose(&self, probabilities: &[f64], draw: f64) -> Option<usize> {
        let mut cumulative = 0.0;
        let mut last = None;
        for (i, &p) in probabilities.iter().enumerate() {
            if p.is_nan() || p <= 0.0 {
                continue;
            }
            last = Some(i);
            cumulative += p;
            if draw < cumulative {
                return Some(i);
            }
        }
        // Rounding can leave the total a hair under 1: the draw then falls to the last piece.
        last
    }
}

/// Softmax with temperature: `exp(logit / T)`, scaled to sum to 1. At `T = 0` all the
/// probability goes to the largest logit (the first one, if tied).
///
/// Logits of `-inf` (probability 0) stay at 0. Errors: no logits, a NaN or `+inf` logit, no
/// finite logit, or a negative or NaN temperature.
///
/// ```
/// use genai_demos::generate::sampling::softmax;
///
/// let p = softmax(&[0.0, 2.0f64.ln()], 1.0)?;
/// assert!((p[0] - 1.0 / 3.0).abs() < 1e-12 && (p[1] - 2.0 / 3.0).abs() < 1e-12);
/// // Halving the temperature squares the odds: 2 : 1 becomes 4 : 1.
/// let p = softmax(&[0.0, 2.0f64.ln()], 0.5)?;
/// assert!((p[1] - 0.8).abs() < 1e-12);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn softmax(logits: &[f64], temperature: f64) -> Result<Vec<f64>> {
    finite_in("temperature", temperature, 0.0..=f64::MAX, TEMPERATURE_RULE)?;
    if logits.is_empty() {
        return Err(Error::EmptyInput {
            what: "the list of logits".into(),
        });
    }
    if logits.iter().any(|l| l.is_nan() || *l == f64::INFINITY) {
        return Err(Error::InvalidParameter {
            name: "logits",
            value: "a list holding NaN or +infinity".into(),
            expected: "finite numbers (or -infinity for impossible pieces)",
        });
    }
    // The largest logit; subtracting it keeps every exp() at most 1, so nothing overflows.
    let mut best = 0;
    for (i, &l) in logits.iter().enumerate() {
        if l > logits[best] {
            best = i;
        }
    }
    let max = logits[best];
    if !max.is_finite() {
        return Err(Error::InvalidParameter {
            name: "logits",
            value: "only -infinity".into(),
            expected: "at least one finite logit (one possible piece)",
        });
    }
    if temperature == 0.0 {
        let mut greedy = vec![0.0; logits.len()];
        greedy[best] = 1.0;
        return Ok(greedy);
    }
    let weights: Vec<f64> = logits
        .iter()
        .map(|&l| math::exp((l - max) / temperature))
        .collect();
    let total: f64 = weights.iter().sum();
    Ok(weights.into_iter().map(|w| w / total).collect())
}

/// The indices of `probabilities`, most likely first; ties keep their order.
fn ranked(probabilities: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..probabilities.len()).collect();
    order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
    order
}

/// Checks a probability list and scales the kept entries to sum to 1.
fn renormalized(probabilities: &[f64], keep: &[bool]) -> Vec<f64> {
    let total: f64 = probabilities
        .iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| p)
        .sum();
    probabilities
        .iter()
        .zip(keep)
        .map(|(&p, &k)| if k { p / total } else { 0.0 })
        .collect()
}

fn check_probabilities(probabilities: &[f64]) -> Result<()> {
    if probabilities.is_empty() {
        return Err(Error::EmptyInput {
            what: "the list of probabilities".into(),
        });
    }
    let valid = probabilities.iter().all(|p| p.is_finite() && *p >= 0.0);
    let total: f64 = probabilities.iter().sum();
    if !valid || total <= 0.0 {
        return Err(Error::InvalidParameter {
            name: "probabilities",
            value: "a list with a negative, non-finite or all-zero entry".into(),
            expected: "numbers of at least 0 with a positive total",
        });
    }
    Ok(())
}

/// Keeps the `k` most likely pieces (ties: the earlier one) and rescales them to sum to 1.
///
/// ```
/// let p = genai_demos::generate::sampling::top_k(&[0.1, 0.6, 0.3], 2)?;
/// assert_eq!(p[0], 0.0);
/// assert!((p[1] - 2.0 / 3.0).abs() < 1e-12 && (p[2] - 1.0 / 3.0).abs() < 1e-12);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn top_k(probabilities: &[f64], k: usize) -> Result<Vec<f64>> {
    check_probabilities(probabilities)?;
    if k == 0 {
        return Err(Error::InvalidParameter {
            name: "top_k",
            value: "0".into(),
            expected: "at least 1",
        });
    }
    let mut keep = vec![false; probabilities.len()];
    for &i in ranked(probabilities).iter().take(k) {
        keep[i] = probabilities[i] > 0.0;
    }
    Ok(renormalized(probabilities, &keep))
}

/// Keeps the fewest most likely pieces whose probabilities add up to at least `p` (always at
/// least one piece) and rescales them to sum to 1.
///
/// ```
/// // 0.6 alone is short of 0.7; 0.6 + 0.3 reaches it, so 0.1 is dropped.
/// let p = genai_demos::generate::sampling::top_p(&[0.1, 0.6, 0.3], 0.7)?;
/// assert!((p[1] - 2.0 / 3.0).abs() < 1e-12 && p[0] == 0.0);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn top_p(probabilities: &[f64], p: f64) -> Result<Vec<f64>> {
    check_probabilities(probabilities)?;
    if !(p.is_finite() && p > 0.0 && p <= 1.0) {
        return Err(Error::InvalidParameter {
            name: "top_p",
            value: p.to_string(),
            expected: "above 0 and at most 1",
        });
    }
    let total: f64 = probabilities.iter().sum();
    let mut keep = vec![false; probabilities.len()];
    let mut mass = 0.0;
    for i in ranked(probabilities) {
        if probabilities[i] <= 0.0 {
            break;
        }
        keep[i] = true;
        mass += probabilities[i] / total;
        // A tiny allowance, so rounding never drags in an extra piece.
        if mass >= p - 1e-12 {
            break;
        }
    }
    Ok(renormalized(probabilities, &keep))
}

/// One piece the sampler could have picked at a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The piece.
    pub piece: String,
    /// How often it followed the context in training.
    pub count: u64,
    /// The model's own probability for it, before the sampler's settings.
    pub model_probability: f64,
    /// Its probability after temperature, top-k and top-p: what the draw used.
    pub probability: f64,
}

/// One step of writing: what the model saw, what it offered, the random draw, and the pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The last `n - 1` pieces written so far (with `<s>` markers at a document's start).
    pub context: Vec<String>,
    /// The part of the context found in training (shorter after back-off).
    pub context_used: Vec<String>,
    /// How many different pieces the model offered.
    pub options: usize,
    /// How many were left after the sampler's settings.
    pub kept: usize,
    /// The most likely kept pieces (up to [`SHOWN`]), plus the chosen one if it ranked lower.
    pub candidates: Vec<Candidate>,
    /// The total probability of the kept pieces not listed in `candidates`; with the listed
    /// probabilities it sums to 1.
    pub others: f64,
    /// The even random number in `[0, 1)` that picked the piece (greedy ignores it).
    pub draw: f64,
    /// The piece that was written.
    pub chosen: String,
}

/// A full record of one piece of writing: the settings, every step, and the final text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// The seed the draws came from.
    pub seed: u64,
    /// The model's n.
    pub n: usize,
    /// The settings applied at every step.
    pub sampler: Sampler,
    /// Whether writing stopped when the model ended the document.
    pub stop_at_end: bool,
    /// The prompt's pieces.
    pub prompt: Vec<String>,
    /// One entry per written piece.
    pub steps: Vec<Step>,
    /// Prompt and written pieces together.
    pub pieces: Vec<String>,
    /// The pieces rendered as text by the model's style.
    pub text: String,
    /// True when the text is source code (shown in a code block).
    pub code: bool,
}

impl Trace {
    /// Only the written pieces, without the prompt.
    pub fn written(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.chosen.clone()).collect()
    }

    /// Shows the text in a notebook, with the settings above it.
    pub fn evcxr_display(&self) {
        let settings = self.settings();
        let plain = format!("{}\n[{settings}]", self.text);
        let mut html = format!(
            "<div class=\"genai-text\"><p style=\"opacity:0.7;font-size:90%\">{}</p>",
            crate::show::display::escape_xml(&settings)
        );
        if self.code {
            html.push_str(&format!(
                "<pre><code>{}</code></pre>",
                crate::show::display::escape_xml(&self.text)
            ));
        } else {
            for paragraph in self.text.split("\n\n") {
                if !paragraph.trim().is_empty() {
                    html.push_str(&format!(
                        "<p>{}</p>",
                        crate::show::display::escape_xml(paragraph)
                    ));
                }
            }
        }
        html.push_str("</div>");
        crate::show::display::show(&[("text/html", &html), ("text/plain", &plain)]);
    }
}

/// One row of a [`StepTable`]: a step of a trace, reduced to what a reader looks at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRow {
    /// The step's number, counting from 1.
    pub step: usize,
    /// The context the model looked at, as written (`<s>` markers included).
    pub context: String,
    /// The five most likely pieces after the settings, with their probabilities.
    pub top: Vec<(String, f64)>,
    /// The even random number that picked the piece.
    pub draw: f64,
    /// The piece that was written.
    pub chosen: String,
    /// One sentence on what happened ([`Trace::note`]).
    pub note: String,
}

/// A trace as a table, one row per step, for reading in a notebook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepTable {
    /// The settings the trace was written with, in words.
    pub settings: String,
    /// One row per step.
    pub rows: Vec<StepRow>,
}

impl StepTable {
    /// Shows the table in a notebook (HTML, with a plain-text version).
    pub fn evcxr_display(&self) {
        use crate::show::display::escape_xml;
        let mut plain = format!("{}\n", self.settings);
        let mut html = format!(
            "<p>{}</p><table><thead><tr><th>step</th><th>context</th><th>most likely next \
             pieces</th><th>draw</th><th>chosen</th><th>what happened</th></tr></thead><tbody>",
            escape_xml(&self.settings)
        );
        for row in &self.rows {
            let top: Vec<String> = row
                .top
                .iter()
                .map(|(piece, p)| format!("{} {}", label(piece), rough_percent(*p)))
                .collect();
            plain.push_str(&format!(
                "{:>3}  [{}]  {}  draw {:.3} -> {}\n",
                row.step,
                row.context,
                top.join(", "),
                row.draw,
                label(&row.chosen)
            ));
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.3}</td><td><strong>{}</strong></td><td>{}</td></tr>",
                row.step,
                escape_xml(&row.context),
                escape_xml(&top.join(", ")),
                row.draw,
                escape_xml(&label(&row.chosen)),
                escape_xml(&row.note)
            ));
        }
        html.push_str("</tbody></table>");
        crate::show::display::show(&[("text/html", &html), ("text/plain", &plain)]);
    }
}

/// "1st", "2nd", "3rd", "4th", ... for ranks.
fn ordinal(rank: usize) -> String {
    let suffix = match (rank % 10, rank % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{rank}{suffix}")
}

/// A piece named in a sentence: in quotation marks, the end marker in words.
fn quoted(piece: &str) -> String {
    if piece == END {
        "the end of the paragraph".to_string()
    } else {
        format!("\u{201c}{piece}\u{201d}")
    }
}

/// A context as a reader sees it: the pieces with spaces, a paragraph's start as "(start)".
fn said(context: &[String]) -> String {
    let words: Vec<&str> = context
        .iter()
        .map(|p| match p.as_str() {
            BOS => "(start)",
            END => "(end)",
            other => other,
        })
        .collect();
    words.join(" ")
}

/// A number between 0 and 1 with enough decimals to tell close ones apart.
fn fraction(x: f64, fine: bool) -> String {
    if fine {
        format!("{x:.3}")
    } else {
        format!("{x:.2}")
    }
}

impl Trace {
    /// The settings in words: "n = 3, temperature 0.7, top-k 20, top-p off, seed 7".
    pub fn settings(&self) -> String {
        format!(
            "n = {}, temperature {}, top-k {}, top-p {}, seed {}",
            self.n,
            number(self.sampler.temperature),
            self.sampler.top_k.map_or("off".into(), |k| k.to_string()),
            self.sampler.top_p.map_or("off".into(), number),
            self.seed
        )
    }

    /// One plain sentence on what happened at step `index` (counting from 0), written from the
    /// step's numbers: the chosen piece's chance, where it ranked, and where the draw landed.
    /// `None` if the trace has no such step.
    ///
    /// The draw picks a piece by laying the kept probabilities end to end on the line from 0
    /// to 1, most likely first; each piece owns a stretch as long as its probability, and the
    /// piece whose stretch holds the draw is written.
    ///
    /// ```
    /// use genai_demos::generate::ngram::NGram;
    /// use genai_demos::generate::sampling::Sampler;
    ///
    /// let model = NGram::bakery(3)?;
    /// let trace = model.generate("the oven", 3, &Sampler::with_temperature(1.0)?, 7)?;
    /// let note = trace.note(0).unwrap_or_default();
    /// assert!(note.contains("the draw"));
    /// assert!(trace.note(3).is_none());
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn note(&self, index: usize) -> Option<String> {
        let step = self.steps.get(index)?;
        let position = step
            .candidates
            .iter()
            .position(|c| c.piece == step.chosen)?;
        let chosen = &step.candidates[position];
        let name = quoted(&step.chosen);
        let mut sentence = String::new();
        // Back-off: the model looked at less than the whole context.
        if step.context_used.len() < step.context.len() {
            let asked = format!("\u{201c}{}\u{201d}", said(&step.context));
            if step.context_used.is_empty() {
                sentence.push_str(&format!(
                    "{asked} never came up in training, so the model fell back on how often each piece appears; "
                ));
            } else {
                let used = format!("\u{201c}{}\u{201d}", said(&step.context_used));
                sentence.push_str(&format!(
                    "{asked} never came up in training, so the model looked at {used} alone; "
                ));
            }
        }
        if self.sampler.temperature == 0.0 {
            sentence.push_str(&format!(
                "temperature 0 always takes the favourite, so {name} was written (the model gave it {}).",
                rough_percent(chosen.model_probability)
            ));
            return Some(capitalized(&sentence));
        }
        if step.options == 1 {
            // Nothing to choose from: small data leaves many contexts with one continuation.
            sentence.push_str(&format!(
                "{name} was the only piece ever seen after \u{201c}{}\u{201d}, so the draw {} did not matter.",
                said(&step.context_used),
                fraction(step.draw, false)
            ));
            return Some(capitalized(&sentence));
        }
        // What the settings did to the chosen piece's chance, if anything visible.
        let mut settings = Vec::new();
        if self.sampler.temperature != 1.0 {
            settings.push(format!("temperature {}", number(self.sampler.temperature)));
        }
        if step.kept < step.options {
            if let Some(k) = self.sampler.top_k {
                settings.push(format!("top-k {k}"));
            }
            if let Some(p) = self.sampler.top_p {
                settings.push(format!("top-p {}", number(p)));
            }
        }
        let before = rough_percent(chosen.model_probability);
        let after = rough_percent(chosen.probability);
        if settings.is_empty() || before == after {
            sentence.push_str(&format!("{name} had a {after} chance"));
        } else {
            sentence.push_str(&format!(
                "{} turned the model's {before} for {name} into {after}",
                settings.join(" and ")
            ));
        }
        // Every kept piece ranked above the chosen one is listed when it ranks in the top
        // SHOWN, so its stretch on the line from 0 to 1 can be given exactly.
        if position < SHOWN {
            // (A fold from 0.0: an empty f64 sum would be -0.0 and print as "-0.00".)
            let start = step.candidates[..position]
                .iter()
                .fold(0.0, |total, c| total + c.probability);
            let end = start + chosen.probability;
            let fine = chosen.probability < 0.1;
            let rank = if position == 0 {
                "the favourite".to_string()
            } else {
                format!("the {} likeliest of {}", ordinal(position + 1), step.kept)
            };
            if step.kept == 1 {
                sentence.push_str(&format!(
                    ", the only piece left, so the draw {} did not matter.",
                    fraction(step.draw, false)
                ));
            } else {
                sentence.push_str(&format!(
                    " ({rank}); the draw {} fell in its stretch, from {} to {}.",
                    fraction(step.draw, fine),
                    fraction(start, fine),
                    fraction(end, fine)
                ));
            }
        } else {
            sentence.push_str(&format!(
                ", a long shot outside the top {SHOWN}; the draw {} landed on it.",
                fraction(step.draw, true)
            ));
        }
        Some(capitalized(&sentence))
    }

    /// The trace as a table, one row per step, with the five most likely pieces and a
    /// sentence on what happened ([`Trace::note`]).
    ///
    /// ```
    /// use genai_demos::generate::ngram::NGram;
    /// use genai_demos::generate::sampling::Sampler;
    ///
    /// let model = NGram::bakery(3)?;
    /// let trace = model.generate("the oven", 5, &Sampler::with_temperature(1.0)?, 7)?;
    /// let table = trace.table();
    /// assert_eq!(table.rows.len(), 5);
    /// assert_eq!(table.rows[0].context, "the oven");
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn table(&self) -> StepTable {
        let mut rows = Vec::new();
        for (i, step) in self.steps.iter().enumerate() {
            rows.push(StepRow {
                step: i + 1,
                context: said(&step.context),
                top: step
                    .candidates
                    .iter()
                    .take(5)
                    .map(|c| (c.piece.clone(), c.probability))
                    .collect(),
                draw: step.draw,
                chosen: step.chosen.clone(),
                note: self.note(i).unwrap_or_default(),
            });
        }
        StepTable {
            settings: self.settings(),
            rows,
        }
    }

    /// A bar chart of step `index` (counting from 0): the listed candidates' probabilities
    /// after the settings, beside the model's own when the settings changed them, with the
    /// chosen piece and the draw marked.
    ///
    /// ```
    /// use genai_demos::generate::ngram::NGram;
    /// use genai_demos::generate::sampling::Sampler;
    ///
    /// let model = NGram::bakery(3)?;
    /// let trace = model.generate("the oven", 4, &Sampler::with_temperature(0.5)?, 7)?;
    /// assert!(trace.step_chart(0)?.svg().contains("chosen"));
    /// assert!(trace.step_chart(4).is_err());
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn step_chart(&self, index: usize) -> Result<Chart> {
        let Some(step) = self.steps.get(index) else {
            return Err(Error::InvalidParameter {
                name: "index",
                value: index.to_string(),
                expected: "the number of a step the trace has (0 is the first)",
            });
        };
        let labels: Vec<String> = step.candidates.iter().map(|c| label(&c.piece)).collect();
        let after: Vec<f64> = step.candidates.iter().map(|c| c.probability).collect();
        let own: Vec<f64> = step
            .candidates
            .iter()
            .map(|c| c.model_probability)
            .collect();
        let changed = after.iter().zip(&own).any(|(a, b)| (a - b).abs() > 1e-12);
        let mut groups = vec![("after the settings".to_string(), after)];
        if changed {
            groups.push(("the model's own".to_string(), own));
        }
        let notes: Vec<String> = step
            .candidates
            .iter()
            .map(|c| {
                if c.piece == step.chosen {
                    format!("\u{2190} chosen (draw {:.2})", step.draw)
                } else {
                    String::new()
                }
            })
            .collect();
        let context = if step.context.is_empty() {
            "(no context)".to_string()
        } else {
            said(&step.context)
        };
        let picked = label(&step.chosen);
        let picked = if picked.chars().any(char::is_alphanumeric) && !picked.starts_with('(') {
            format!("\u{201c}{picked}\u{201d}")
        } else {
            picked
        };
        bar_rows(
            &format!(
                "Step {} after \u{201c}{context}\u{201d}: the draw picks {picked}",
                index + 1
            ),
            "probability of the next piece",
            &labels,
            &groups,
            Some(&notes),
        )
    }
}

/// The sentence with a capital first letter.
fn capitalized(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The outcome of deciding one step, before it is written down.
struct Decision {
    step: Step,
    chosen: u32,
}

/// Predicts, filters and picks one piece after `history` (piece numbers, markers included).
fn decide<M: NextPiece + ?Sized>(
    model: &M,
    history: &[u32],
    sampler: &Sampler,
    draw: f64,
) -> Result<Decision> {
    let Options {
        used,
        total,
        counts: options,
    } = model.options(history)?;
    let model_probabilities: Vec<f64> = options
        .iter()
        .map(|&(_, count)| count as f64 / total as f64)
        .collect();
    // At temperature 1 the softmax of the log-probabilities gives the probabilities back, so
    // skip the logarithms and exponentials.
    let probabilities = if sampler.temperature == 1.0 {
        sampler.filter(model_probabilities)?
    } else {
        let logits: Vec<f64> = model_probabilities.iter().map(|&p| math::ln(p)).collect();
        sampler.apply(&logits)?
    };
    let Some(chosen_index) = sampler.choose(&probabilities, draw) else {
        return Err(Error::EmptyCorpus {
            what: "the model's prediction".into(),
        });
    };
    let (chosen, _) = options[chosen_index];

    let candidate = |i: usize| {
        let (id, count) = options[i];
        Candidate {
            piece: model.piece(id).to_string(),
            count,
            model_probability: count as f64 / total as f64,
            probability: probabilities[i],
        }
    };
    // List the kept pieces most likely first. A model may lay its options out in any fixed
    // order (the n-gram already lists them most likely first, the melody model in pitch order);
    // the stable sort keeps that order among ties.
    let mut ranked: Vec<usize> = (0..probabilities.len())
        .filter(|&i| probabilities[i] > 0.0)
        .collect();
    ranked.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
    let kept = ranked.len();
    let mut candidates = Vec::new();
    let mut others = 0.0;
    for i in ranked {
        if candidates.len() < SHOWN || i == chosen_index {
            candidates.push(candidate(i));
        } else {
            others += probabilities[i];
        }
    }
    let start = history.len().saturating_sub(model.context_size());
    let names = |ids: &[u32]| -> Vec<String> {
        ids.iter().map(|&id| model.piece(id).to_string()).collect()
    };
    Ok(Decision {
        step: Step {
            context: names(&history[start..]),
            context_used: names(&history[history.len() - used..]),
            options: options.len(),
            kept,
            candidates,
            others,
            draw,
            chosen: model.piece(chosen).to_string(),
        },
        chosen,
    })
}

/// The framing a new document starts with: `n - 1` begin markers.
fn fresh_document<M: NextPiece + ?Sized>(model: &M) -> Vec<u32> {
    vec![model.begin(); model.context_size()]
}

/// The writing loop behind [`NGram::generate`](crate::generate::ngram::NGram::generate) and
/// [`NGram::generate_document`](crate::generate::ngram::NGram::generate_document), for any model
/// the sampler can write with.
pub fn generate<M: NextPiece + ?Sized>(
    model: &M,
    prompt: &[String],
    length: usize,
    stop_at_end: bool,
    sampler: &Sampler,
    seed: u64,
) -> Result<Trace> {
    generate_until(model, prompt, length, stop_at_end, sampler, seed, |_| false)
}

/// [`generate`], also stopping as soon as `enough` says yes after a step: for a model whose
/// length is not counted in pieces (the melody model writes a number of beats).
pub fn generate_until<M: NextPiece + ?Sized>(
    model: &M,
    prompt: &[String],
    length: usize,
    stop_at_end: bool,
    sampler: &Sampler,
    seed: u64,
    mut enough: impl FnMut(&Step) -> bool,
) -> Result<Trace> {
    sampler.validate()?;
    let mut rng = seeded(seed);
    let mut history = fresh_document(model);
    history.extend(prompt.iter().map(|p| model.id(p)));
    let mut pieces = prompt.to_vec();
    let mut steps = Vec::with_capacity(length.min(1024));
    for _ in 0..length {
        // Always draw, even when greedy, so the numbers line up step for step.
        let draw = uniform(&mut rng);
        let decision = decide(model, &history, sampler, draw)?;
        pieces.push(decision.step.chosen.clone());
        history.push(decision.chosen);
        let stop = enough(&decision.step);
        steps.push(decision.step);
        if decision.chosen == model.end() {
            if stop_at_end {
                break;
            }
            history.extend(fresh_document(model));
        }
        if stop {
            break;
        }
    }
    Ok(Trace {
        seed,
        n: model.context_size() + 1,
        sampler: *sampler,
        stop_at_end,
        prompt: prompt.to_vec(),
        text: model.render(&pieces),
        code: model.writes_code(),
        pieces,
        steps,
    })
}

/// Writes the text of `trace` again from its recorded draws alone, without the seed: proof that
/// the draws and the model's counts decide everything.
///
/// Errors if the trace does not fit the model (another n, or settings out of range).
///
/// ```
/// use genai_demos::generate::ngram::NGram;
/// use genai_demos::generate::sampling::{replay, Sampler};
///
/// let model = NGram::bakery(2)?;
/// let trace = model.generate("bread", 20, &Sampler::with_temperature(1.2)?, 3)?;
/// assert_eq!(replay(&model, &trace)?, trace.text);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn replay<M: NextPiece + ?Sized>(model: &M, trace: &Trace) -> Result<String> {
    trace.sampler.validate()?;
    if trace.n != model.context_size() + 1 {
        return Err(Error::InvalidParameter {
            name: "trace",
            value: format!("a trace written with n = {}", trace.n),
            expected: "a trace from a model with the same n",
        });
    }
    let mut history = fresh_document(model);
    history.extend(trace.prompt.iter().map(|p| model.id(p)));
    let mut pieces = trace.prompt.clone();
    for step in &trace.steps {
        if !(0.0..1.0).contains(&step.draw) {
            return Err(Error::InvalidParameter {
                name: "draw",
                value: step.draw.to_string(),
                expected: "a number in [0, 1)",
            });
        }
        let decision = decide(model, &history, &trace.sampler, step.draw)?;
        pieces.push(decision.step.chosen);
        history.push(decision.chosen);
        if decision.chosen == model.end() {
            history.extend(fresh_document(model));
        }
    }
    Ok(model.render(&pieces))
}

/// One context's prediction at several temperatures, as grouped bars: the model's 8 most
/// likely next pieces, with the share each gets after the temperature is applied.
///
/// ```
/// let model = genai_demos::generate::ngram::NGram::bakery(2)?;
/// let chart = genai_demos::generate::sampling::temperature_chart(&model, "the", &[0.5, 1.0, 2.0])?;
/// assert!(chart.svg().contains("T = 0.5"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn temperature_chart<M: NextPiece + ?Sized>(
    model: &M,
    context: &str,
    temperatures: &[f64],
) -> Result<Chart> {
    const TOP: usize = 8;
    if temperatures.is_empty() {
        return Err(Error::EmptyInput {
            what: "the list of temperatures".into(),
        });
    }
    let pieces = model.tokenize(context);
    let keep = pieces.len().min(model.context_size());
    let history: Vec<u32> = pieces[pieces.len() - keep..]
        .iter()
        .map(|piece| model.id(piece))
        .collect();
    let options = model.options(&history)?;
    let logits: Vec<f64> = (0..options.counts.len())
        .map(|i| math::ln(options.probability(i)))
        .collect();
    let mut groups = Vec::new();
    for &t in temperatures {
        let probabilities = softmax(&logits, t)?;
        let top: Vec<f64> = probabilities.into_iter().take(TOP).collect();
        groups.push((format!("T = {t}"), top));
    }
    let labels: Vec<String> = options
        .counts
        .iter()
        .take(TOP)
        .map(|&(id, _)| label(model.piece(id)))
        .collect();
    let used: Vec<&str> = history[history.len() - options.used..]
        .iter()
        .map(|&id| model.piece(id))
        .collect();
    let shown = if used.is_empty() {
        "(no context)".to_string()
    } else {
        used.join(" ")
    };
    bar_rows(
        &format!("After \u{201c}{shown}\u{201d}: low temperature sharpens, high flattens"),
        "probability after temperature",
        &labels,
        &groups,
        None,
    )
}

/// How a piece is named on a chart: marks that are hard to see get quotes, the end marker a
/// word.
pub(crate) fn label(piece: &str) -> String {
    if piece == END {
        "(end)".to_string()
    } else if piece.chars().any(char::is_alphanumeric) {
        piece.to_string()
    } else {
        format!("\u{2018}{piece}\u{2019}")
    }
}

/// Horizontal bars, one row per label (first label on top), one bar per group in each row;
/// `notes` (one per row) are written after the row's longest bar.
pub(crate) fn bar_rows(
    title: &str,
    x_label: &str,
    labels: &[String],
    groups: &[(String, Vec<f64>)],
    notes: Option<&[String]>,
) -> Result<Chart> {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    if labels.is_empty() || groups.is_empty() {
        return Err(Error::Chart("there are no bars to draw".into()));
    }
    let values = || groups.iter().flat_map(|(_, v)| v.iter().copied());
    if values().any(|v| !v.is_finite() || v < 0.0) {
        return Err(Error::Chart(
            "a bar is not a finite number of at least 0".into(),
        ));
    }
    let rows = labels.len();
    let row_height = (14 * groups.len() as u32 + 12).max(28);
    let height = (110 + rows as u32 * row_height).max(HEIGHT / 2);
    let max = values().fold(0.0, f64::max).max(1e-9);
    // Room on the right for the notes and the legend.
    let x_max = if notes.is_some() || groups.len() > 1 {
        max * 1.35
    } else {
        max * 1.05
    };
    let bar = 0.7 / groups.len() as f64;
    Chart::draw(title, (WIDTH, height), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, font(20))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(120)
            .build_cartesian_2d(0.0..x_max, 0.0..rows as f64)?;
        crate::show::chart::styled(&mut chart.configure_mesh())
            .disable_y_mesh()
            .x_desc(x_label)
            .x_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .y_labels(0)
            .draw()?;
        for (g, (name, values)) in groups.iter().enumerate() {
            let color = PALETTE[g % PALETTE.len()];
            let mut rects = Vec::new();
            for (r, &v) in values.iter().enumerate().take(rows) {
                let top = (rows - r) as f64 - 0.15 - g as f64 * bar;
                rects.push(Rectangle::new([(0.0, top - bar), (v, top)], color.filled()));
            }
            let drawn = chart.draw_series(rects)?;
            if groups.len() > 1 {
                drawn.label(name.as_str()).legend(move |(x, y)| {
                    Rectangle::new([(x - 6, y - 6), (x + 6, y + 6)], color.filled())
                });
            }
        }
        // The row labels, right-aligned against the axis, and the notes after the bars.
        for (r, label) in labels.iter().enumerate() {
            let middle = (rows - r) as f64 - 0.5;
            let (x, y) = chart.backend_coord(&(0.0, middle));
            let style = font(15).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(label.clone(), (x - 8, y), style))?;
            let note = notes.and_then(|notes| notes.get(r));
            // After the longest bar of the row, so the note never covers a bar.
            let value = groups
                .iter()
                .filter_map(|g| g.1.get(r).copied())
                .reduce(f64::max);
            if let (Some(note), Some(v)) = (note, value) {
                let (x, y) = chart.backend_coord(&(v, middle));
                let style = font(13).pos(Pos::new(HPos::Left, VPos::Center));
                root.draw(&Text::new(note.clone(), (x + 6, y), style))?;
            }
        }
        if groups.len() > 1 {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::LowerRight)
                .label_font(font(15))
                .border_style(INK.mix(0.4))
                .draw()?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn softmax_by_hand() {
        // Logits ln 3 and ln 1: probabilities 3/4 and 1/4 at T = 1.
        let p = softmax(&[math::ln(3.0f64), 0.0], 1.0).unwrap();
        assert!(close(p[0], 0.75) && close(p[1], 0.25));
        // T = 2 takes square roots of the odds: √3 : 1.
        let p = softmax(&[math::ln(3.0f64), 0.0], 2.0).unwrap();
        let r = 3.0f64.sqrt();
        assert!(close(p[0], r / (r + 1.0)));
        // T = 0 is greedy; -inf stays impossible; huge logits do not overflow.
        assert_eq!(softmax(&[1.0, 5.0, 5.0], 0.0).unwrap(), [0.0, 1.0, 0.0]);
        let p = softmax(&[f64::NEG_INFINITY, 1000.0, 999.0], 1.0).unwrap();
        assert_eq!(p[0], 0.0);
        assert!(p.iter().all(|x| x.is_finite()));
    }

    #[test]
    fn softmax_rejects_bad_input() {
        assert!(matches!(softmax(&[], 1.0), Err(Error::EmptyInput { .. })));
        assert!(softmax(&[f64::NAN], 1.0).is_err());
        assert!(softmax(&[f64::INFINITY, 0.0], 1.0).is_err());
        assert!(softmax(&[f64::NEG_INFINITY], 1.0).is_err());
        for t in [-0.1, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                softmax(&[0.0], t),
                Err(Error::InvalidParameter {
                    name: "temperature",
                    ..
                })
            ));
        }
    }

    #[test]
    fn top_k_and_top_p_by_hand() {
        assert_eq!(top_k(&[0.2, 0.5, 0.3], 1).unwrap(), [0.0, 1.0, 0.0]);
        assert_eq!(top_k(&[0.2, 0.5, 0.3], 9).unwrap(), [0.2, 0.5, 0.3]);
        // Ties keep the earlier piece.
        assert_eq!(top_k(&[0.5, 0.5], 1).unwrap(), [1.0, 0.0]);
        // p = 0.5 is reached by the top piece alone.
        assert_eq!(top_p(&[0.2, 0.5, 0.3], 0.5).unwrap(), [0.0, 1.0, 0.0]);
        let p = top_p(&[0.2, 0.5, 0.3], 0.8).unwrap();
        assert!(close(p[1], 0.625) && close(p[2], 0.375) && p[0] == 0.0);
        assert_eq!(top_p(&[0.2, 0.5, 0.3], 1.0).unwrap(), [0.2, 0.5, 0.3]);
        assert!(top_k(&[0.5, 0.5], 0).is_err());
        assert!(top_p(&[0.5, 0.5], 0.0).is_err());
        assert!(top_p(&[0.5, 0.5], 1.01).is_err());
        assert!(top_p(&[], 0.5).is_err());
        assert!(top_k(&[-0.5, 1.5], 1).is_err());
    }

    #[test]
    fn sampler_settings_are_checked() {
        assert!(Sampler::new(0.0, None, None).is_ok());
        assert!(Sampler::new(f64::NAN, None, None).is_err());
        assert!(Sampler::new(-0.5, None, None).is_err());
        assert!(matches!(
            Sampler::new(1.0, Some(0), None),
            Err(Error::InvalidParameter { name: "top_k", .. })
        ));
        for p in [0.0, -0.1, 1.1, f64::NAN] {
            assert!(matches!(
                Sampler::new(1.0, None, Some(p)),
                Err(Error::InvalidParameter { name: "top_p", .. })
            ));
        }
    }

    #[test]
    fn choose_walks_the_cumulative_line() {
        let s = Sampler::greedy();
        assert_eq!(s.choose(&[0.0, 0.25, 0.75], 0.0), Some(1));
        assert_eq!(s.choose(&[0.0, 0.25, 0.75], 0.25), Some(2));
        assert_eq!(s.choose(&[0.0, 0.25, 0.75], 0.999_999), Some(2));
        assert_eq!(s.choose(&[0.0, 0.0], 0.5), None);
    }

    /// A hand-made trace of one step: the model offered ".", "is", "and" and "door".
    fn hand_trace(temperature: f64, model: [f64; 4], after: [f64; 4], chosen: &str) -> Trace {
        let pieces = [".", "is", "and", "door"];
        let mut candidates = Vec::new();
        for i in 0..4 {
            if after[i] > 0.0 {
                candidates.push(Candidate {
                    piece: pieces[i].to_string(),
                    count: 1,
                    model_probability: model[i],
                    probability: after[i],
                });
            }
        }
        let kept = candidates.len();
        Trace {
            seed: 1,
            n: 3,
            sampler: Sampler::new(temperature, None, None).unwrap(),
            stop_at_end: false,
            prompt: vec!["the".into(), "oven".into()],
            steps: vec![Step {
                context: vec!["the".into(), "oven".into()],
                context_used: vec!["the".into(), "oven".into()],
                options: 4,
                kept,
                candidates,
                others: 0.0,
                draw: 0.6,
                chosen: chosen.to_string(),
            }],
            pieces: vec!["the".into(), "oven".into(), chosen.into()],
            text: String::new(),
            code: false,
        }
    }

    #[test]
    fn notes_by_hand() {
        let p = [0.5, 0.3, 0.15, 0.05];
        // Stretches: "." 0 to 0.5, "is" 0.5 to 0.8; the draw 0.6 lands in "is".
        let trace = hand_trace(1.0, p, p, "is");
        assert_eq!(
            trace.note(0).unwrap(),
            "\u{201c}is\u{201d} had a 30% chance (the 2nd likeliest of 4); the draw 0.60 fell in \
             its stretch, from 0.50 to 0.80."
        );
        // A temperature that changed the chance says so.
        let trace = hand_trace(0.5, [0.4, 0.2, 0.3, 0.1], p, "is");
        assert_eq!(
            trace.note(0).unwrap(),
            "Temperature 0.5 turned the model's 20% for \u{201c}is\u{201d} into 30% (the 2nd \
             likeliest of 4); the draw 0.60 fell in its stretch, from 0.50 to 0.80."
        );
        // Greedy, and a step left with one piece.
        let trace = hand_trace(0.0, p, [1.0, 0.0, 0.0, 0.0], ".");
        assert_eq!(
            trace.note(0).unwrap(),
            "Temperature 0 always takes the favourite, so \u{201c}.\u{201d} was written (the \
             model gave it 50%)."
        );
        let mut trace = hand_trace(1.0, p, p, "is");
        trace.steps[0].context = vec!["hot".into(), "oven".into()];
        trace.steps[0].context_used = vec!["oven".into()];
        assert!(trace.note(0).unwrap().starts_with(
            "\u{201c}hot oven\u{201d} never came up in training, so the model looked at \
             \u{201c}oven\u{201d} alone; \u{201c}is\u{201d} had a 30% chance"
        ));
        assert!(trace.note(1).is_none());
        // A small chance gets three decimals, so its stretch does not read "0.95 to 0.95".
        let mut trace = hand_trace(1.0, p, p, "door");
        trace.steps[0].draw = 0.97;
        assert!(
            trace
                .note(0)
                .unwrap()
                .ends_with("the draw 0.970 fell in its stretch, from 0.950 to 1.000."),
            "{}",
            trace.note(0).unwrap()
        );
    }

    #[test]
    fn percents_and_ordinals_read_well() {
        let ranks: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal).to_vec();
        assert_eq!(
            ranks,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"
            ]
        );
    }
}
