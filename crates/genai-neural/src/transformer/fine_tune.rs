//! Fine-tuning: a trained network goes on learning from a few new paragraphs, by the same
//! gradient descent that trained it. It gets much better at the new text, a little worse at the
//! old, and starts to write like what it read last.

use super::recipe::Recipe;
use super::train::{HeldOut, StepLoss, Trainer, held_out};
use super::vocab::Corpus;
use super::writer::Writer;
use crate::error::at_least;
use crate::{Error, Result};
use genai_demos::generate::sampling::NextPiece;
use genai_demos::show::chart::{Chart, Series};
use serde::{Deserialize, Serialize};

/// The new text of the notebook's lesson: snowy winter mornings at the bakery, written with
/// words the network already knows (a word it does not know would be only its unknown marker).
pub const SNOW: &str = "\
In winter the snow comes down on Mill Street all night. In the morning the snow is deep and white, \
and the baker walks to the shop through the snow.

The snow is soft and cold. The windows of the shop are white with snow, and inside the oven \
is warm. The dog sleeps by the warm oven while the snow comes down.

When the snow stops, the children come to the shop. They brush the snow off their coats and \
buy warm bread.";

/// How a fine-tuning run goes: a few steps of AdamW on the new text, from a seed.
///
/// ```
/// use genai_neural::transformer::FineTuning;
///
/// let lesson = FineTuning::lesson();
/// assert!(lesson.validate().is_ok());
/// assert!(FineTuning { steps: 0, ..lesson }.validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FineTuning {
    /// How many gradient-descent steps.
    pub steps: usize,
    /// How many stretches of the new text each step learns from.
    pub batch: usize,
    /// AdamW's step size (smaller than training's: the weights are already good).
    pub learning_rate: f64,
    /// The seed of the stretches chosen.
    pub seed: u64,
}

impl FineTuning {
    /// The notebook's run: 30 steps of 8 stretches, a few seconds on two cores. The step size
    /// is a tenth of training's: at 1e-3 the new text was learned faster, but the old held-out
    /// text's perplexity rose by 63% instead of about 11%.
    pub fn lesson() -> FineTuning {
        FineTuning {
            steps: 30,
            batch: 8,
            learning_rate: 3e-4,
            seed: 7,
        }
    }

    /// Checks every setting.
    pub fn validate(&self) -> Result<()> {
        at_least("steps", self.steps, 1)?;
        at_least("batch", self.batch, 1)?;
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return Err(Error::InvalidSetting {
                name: "learning_rate",
                expected: format!("a number above 0, not {}", self.learning_rate),
            });
        }
        Ok(())
    }

    /// The training recipe of `corpus` with these settings: no warm-up, no dropout and no
    /// unknown markers, since the new text is short and every step should learn from it.
    pub fn recipe(&self, corpus: Corpus) -> Recipe {
        Recipe {
            steps: self.steps,
            batch: self.batch,
            learning_rate: self.learning_rate,
            seed: self.seed,
            warmup: 0,
            dropout: 0.0,
            unknown_rate: 0.0,
            eval_every: self.steps,
            ..Recipe::of(corpus)
        }
    }
}

/// What fine-tuning did: the new network, every step's loss, and the before and after.
#[derive(Debug, Clone)]
pub struct FineTuned {
    /// The network after fine-tuning, ready to write.
    pub writer: Writer,
    /// The loss on the new text at every step.
    pub steps: Vec<StepLoss>,
    /// How surprised the network was by the new text before and after.
    pub new_text: (HeldOut, HeldOut),
    /// How surprised it was by the held-out part of its original training text, before and
    /// after: the price of learning the new text.
    pub old_text: (HeldOut, HeldOut),
    /// Words of the new text the network does not know (each read as its unknown marker).
    pub unknown: Vec<String>,
}

/// Fine-tunes `writer` (for example [`Writer::committed_text`]) on `text`, one paragraph per
/// blank-line-separated block; `writer` is used up, since its weights are changed in place.
///
/// ```no_run
/// use genai_neural::transformer::{FineTuning, Writer, fine_tune};
///
/// let tuned = fine_tune::run(Writer::committed_text()?, fine_tune::SNOW, &FineTuning::lesson())?;
/// assert!(tuned.new_text.1.loss < tuned.new_text.0.loss);
/// # Ok::<(), genai_neural::Error>(())
/// ```
pub fn run(writer: Writer, text: &str, settings: &FineTuning) -> Result<FineTuned> {
    settings.validate()?;
    let corpus = writer.corpus();
    let documents: Vec<Vec<String>> = text
        .split("\n\n")
        .map(|paragraph| writer.tokenize(paragraph))
        .filter(|pieces| !pieces.is_empty())
        .collect();
    if documents.is_empty() {
        return Err(genai_demos::Error::EmptyCorpus {
            what: "the text to fine-tune on".into(),
        }
        .into());
    }
    let mut unknown: Vec<String> = Vec::new();
    for piece in documents.iter().flatten() {
        if writer.id(piece) == writer.vocab().unknown() && !unknown.contains(piece) {
            unknown.push(piece.clone());
        }
    }
    let old = corpus.split()?.held_out;
    let (net, vocab) = writer.into_parts();
    let new_before = held_out(&net, &vocab, &documents)?;
    let old_before = held_out(&net, &vocab, &old)?;
    let mut trainer = Trainer::on_documents(
        &settings.recipe(corpus),
        net,
        vocab,
        &documents,
        documents.clone(),
    )?;
    let mut steps = Vec::with_capacity(settings.steps);
    for _ in 0..settings.steps {
        steps.push(trainer.step()?);
    }
    let new_after = trainer.held_out()?;
    let (net, vocab) = trainer.into_parts();
    let old_after = held_out(&net, &vocab, &old)?;
    Ok(FineTuned {
        writer: Writer::new(net, vocab)?,
        steps,
        new_text: (new_before, new_after),
        old_text: (old_before, old_after),
        unknown,
    })
}

impl FineTuned {
    /// The loss on the new text at every step: the line a student watches fall.
    pub fn chart(&self) -> Result<Chart> {
        let points: Vec<(f64, f64)> = self.steps.iter().map(|s| (s.step as f64, s.loss)).collect();
        let top = points.iter().fold(0.0_f64, |t, p| t.max(p.1));
        Ok(Chart::lines(
            "Fine-tuning: the loss on the new text falls",
            "fine-tuning step",
            "loss (nats per piece; lower is better)",
            &[Series::new("the new text (batches)", points)],
            top,
        )?)
    }

    /// Before and after, in perplexity: the new text, the old held-out text.
    pub fn summary(&self) -> String {
        let (new, old) = (&self.new_text, &self.old_text);
        let mut lines = vec![
            format!(
                "new text: perplexity {:.1} before, {:.1} after {} steps",
                new.0.perplexity,
                new.1.perplexity,
                self.steps.len()
            ),
            format!(
                "old held-out text: perplexity {:.1} before, {:.1} after",
                old.0.perplexity, old.1.perplexity
            ),
        ];
        if !self.unknown.is_empty() {
            lines.push(format!(
                "words it does not know (read as its unknown marker): {}",
                self.unknown.join(", ")
            ));
        }
        lines.join("\n")
    }
}

/// The chance `writer` gives `piece` right after `prompt`: how a single word's odds move when
/// the network is fine-tuned.
///
/// ```
/// use genai_neural::transformer::{Writer, fine_tune};
///
/// let writer = Writer::committed_text()?;
/// let p = fine_tune::chance(&writer, "the", "snow")?;
/// assert!(p > 0.0 && p < 1.0);
/// # Ok::<(), genai_neural::Error>(())
/// ```
pub fn chance(writer: &Writer, prompt: &str, piece: &str) -> Result<f64> {
    let id = known(writer, piece)?;
    Ok(next(writer, prompt)?.get(id).copied().unwrap_or(0.0))
}

/// Where `piece` comes among every piece `writer` might write right after `prompt`, likeliest
/// first (1 is the likeliest).
///
/// ```
/// use genai_neural::transformer::{Writer, fine_tune};
///
/// let writer = Writer::committed_text()?;
/// let first = fine_tune::likeliest(&writer, "the", 1)?;
/// assert_eq!(fine_tune::place(&writer, "the", &first[0].0)?, 1);
/// # Ok::<(), genai_neural::Error>(())
/// ```
pub fn place(writer: &Writer, prompt: &str, piece: &str) -> Result<usize> {
    let id = known(writer, piece)?;
    let probabilities = next(writer, prompt)?;
    let mine = probabilities.get(id).copied().unwrap_or(0.0);
    // Ahead of it: every likelier piece, and an equally likely one with a smaller number, as
    // `likeliest` orders them.
    let ahead = probabilities
        .iter()
        .enumerate()
        .filter(|&(other, &p)| p > mine || (p == mine && other < id))
        .count();
    Ok(ahead + 1)
}

/// The `k` pieces `writer` finds likeliest right after `prompt`, with their chances, likeliest
/// first: the candidates the stepper's table would show.
///
/// ```
/// use genai_neural::transformer::{Writer, fine_tune};
///
/// let top = fine_tune::likeliest(&Writer::committed_text()?, "the baker", 3)?;
/// assert_eq!(top.len(), 3);
/// assert!(top[0].1 >= top[1].1 && top[1].1 >= top[2].1);
/// # Ok::<(), genai_neural::Error>(())
/// ```
pub fn likeliest(writer: &Writer, prompt: &str, k: usize) -> Result<Vec<(String, f64)>> {
    let probabilities = next(writer, prompt)?;
    let mut order: Vec<usize> = (0..probabilities.len()).collect();
    order.sort_by(|&a, &b| {
        probabilities[b]
            .total_cmp(&probabilities[a])
            .then(a.cmp(&b))
    });
    Ok(order
        .into_iter()
        .take(k)
        .map(|id| (writer.piece(id as u32).to_string(), probabilities[id]))
        .collect())
}

/// The number of `piece`, or an error if the network never met it.
fn known(writer: &Writer, piece: &str) -> Result<usize> {
    let id = writer.id(piece);
    if id == writer.vocab().unknown() && piece != writer.piece(id) {
        return Err(Error::UnknownPiece(piece.to_string()));
    }
    Ok(id as usize)
}

/// The chance of every piece right after `prompt` (read from a begin marker).
fn next(writer: &Writer, prompt: &str) -> Result<Vec<f64>> {
    let mut history = vec![writer.begin()];
    history.extend(writer.tokenize(prompt).iter().map(|p| writer.id(p)));
    writer.probabilities(&history)
}
