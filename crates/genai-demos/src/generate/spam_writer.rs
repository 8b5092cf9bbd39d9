//! The spam writer: one n-gram model per label, so it can write a brand-new message of the label
//! you ask for, and check that what it wrote is not a copy of a training message.
//!
//! This is the *generative* job of Chapter 1, on the same messages the spam filter learns from.
//! The filter learns one thing: which side of a line a message falls on. The writer learns
//! what each kind of message looks like, word after word: for spam, which word tends to follow
//! "claim your", and for ham, which follows "see you". Then it writes by drawing one word at a
//! time from those counts ([`crate::generate::ngram`] and [`crate::generate::sampling`], the same code that writes
//! the bakery stories).
//!
//! A writer trained on a few hundred messages can replay whole stretches of them, so every
//! message it writes comes with a [`CopyCheck`] from the copy meter ([`crate::measure::copying`]): the
//! longest run of words found word for word in a training message, which message that is, and
//! whether the whole message is a copy.

use crate::data::messages::{Message, labels};
use crate::error::{Error, Result};
use crate::generate::ngram::{END, NGram, Smoothing, Style};
use crate::generate::sampling::Sampler;
use crate::math;
use crate::measure::copying::{CopyMeter, CopyReport};
use crate::measure::metrics::{Classification, Classifier, LabelProbability};
use crate::text::messages::pieces;
use crate::text::tokenize;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The writer's n: each word is drawn from the counts of what followed the word before it.
///
/// With n = 3 (two words of context) the messages read better, but a few hundred messages are
/// too few: most contexts of two words were followed by one word only, and the writer starts
/// replaying whole training messages. The copy check shows it.
pub const ORDER: usize = 2;
/// The longest message the writer writes, in pieces; most end well before.
pub const MAX_PIECES: usize = 60;

/// Pieces as they read in the middle of a sentence: spaced, with punctuation hugging the word
/// before it, and no capital added.
fn fragment<S: AsRef<str>>(pieces: &[S]) -> String {
    let mut out = String::new();
    for piece in pieces {
        let piece = piece.as_ref();
        let hugs = matches!(piece, "." | "," | "!" | "?" | ";" | ":");
        if !out.is_empty() && !hugs {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// What the copy meter says about one written message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyCheck {
    /// The longest run of pieces that appears word for word in a training message.
    pub longest_copied_run: usize,
    /// That run, as readable text.
    pub longest_copied_text: String,
    /// How many pieces the written message has.
    pub pieces: usize,
    /// The training message that holds the longest copied run: the closest the writer came to
    /// copying. Empty if not a single piece was copied.
    pub nearest: String,
    /// That training message's label.
    pub nearest_label: String,
    /// True if the whole written message is a training message, word for word.
    pub is_copy: bool,
    /// The full copy meter report (copied shares of 5-, 8- and 12-piece runs, sentences).
    pub report: CopyReport,
}

/// A message the writer wrote, with how it was asked for and the copy check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Written {
    /// The label the message was written for.
    pub label: String,
    /// The seed of the random draws.
    pub seed: u64,
    /// The opening words it was asked to start from (often empty).
    pub prompt: String,
    /// The message, ready to read.
    pub text: String,
    /// Its pieces, without the end marker.
    pub pieces: Vec<String>,
    /// Is it new, or a copy?
    pub check: CopyCheck,
}

impl fmt::Display for Written {
    /// The message, then the check in one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "[{} · seed {}] {}", self.label, self.seed, self.text)?;
        write!(f, "{}", self.check)
    }
}

impl fmt::Display for CopyCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_copy {
            return write!(f, "a copy: this exact message is in the training data");
        }
        write!(
            f,
            "new: not in the training data; longest run copied from one training message: {} of {} pieces",
            self.longest_copied_run, self.pieces
        )?;
        if self.longest_copied_run > 0 {
            write!(
                f,
                " (“{}”, from the {} message “{}”)",
                self.longest_copied_text, self.nearest_label, self.nearest
            )?;
        }
        Ok(())
    }
}

impl Written {
    /// Shows the message and its copy check in a notebook.
    pub fn evcxr_display(&self) {
        let esc = crate::show::display::escape_xml;
        let verdict = if self.check.is_copy {
            "<strong>a copy</strong> of a training message".to_string()
        } else {
            format!(
                "<strong>new</strong>: longest run copied from one training message: {} of {} pieces",
                self.check.longest_copied_run, self.check.pieces
            )
        };
        let mut html = format!(
            "<div class=\"genai-written\"><p style=\"opacity:0.7;font-size:90%\">label {}, seed {}</p>\
             <blockquote>{}</blockquote><p>{verdict}</p>",
            esc(&self.label),
            self.seed,
            esc(&self.text)
        );
        if self.check.longest_copied_run > 0 && !self.check.is_copy {
            html.push_str(&format!(
                "<p>copied run: “{}”<br>from the {} message: “{}”</p>",
                esc(&self.check.longest_copied_text),
                esc(&self.check.nearest_label),
                esc(&self.check.nearest)
            ));
        }
        html.push_str("</div>");
        crate::show::display::show(&[("text/html", &html), ("text/plain", &self.to_string())]);
    }
}

/// How much the writer's classifier smooths its counts: each piece gets this many pretend
/// sightings after every context, so a word never seen in one label does not make a message
/// impossible there.
pub const SMOOTHING_K: f64 = 0.01;

/// One label's writer: its n-gram model, and how many training messages had the label.
#[derive(Debug, Clone)]
struct LabelModel {
    label: String,
    model: NGram,
    messages: usize,
}

/// The spam writer (and ham writer): an n-gram model per label, plus a copy meter over every
/// training message.
///
/// ```
/// use genai_demos::data::messages::{builtin, split};
/// use genai_demos::generate::spam_writer::SpamWriter;
///
/// let parts = split(&builtin()?, 0.2, 7)?;
/// let writer = SpamWriter::train(&parts.train, 2)?;
/// let spam = writer.write("spam", 1)?;
/// assert!(!spam.check.is_copy);
/// assert_eq!(spam, writer.write("spam", 1)?); // same seed, same message
/// assert!(writer.write("eggs", 1).is_err()); // a label it never saw
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct SpamWriter {
    labels: Vec<String>,
    models: Vec<LabelModel>,
    meter: CopyMeter,
    /// Every training message with its pieces, to name the nearest one.
    training: Vec<(Message, Vec<String>)>,
}

impl SpamWriter {
    /// Trains one n-gram model of order `n` for each label of `messages`.
    ///
    /// Errors: no messages ([`Error::EmptyCorpus`]); an `n` the n-gram model cannot use
    /// ([`Error::InvalidParameter`]).
    pub fn train(messages: &[Message], n: usize) -> Result<SpamWriter> {
        let known = labels(messages);
        SpamWriter::train_with_labels(messages, &known, n)
    }

    /// Like [`SpamWriter::train`], with the labels given up front: a label that no message has
    /// is an [`Error::NoExamples`], and a message with a label not in `labels` an
    /// [`Error::UnknownLabel`].
    pub fn train_with_labels<S: AsRef<str>>(
        messages: &[Message],
        labels: &[S],
        n: usize,
    ) -> Result<SpamWriter> {
        if messages.is_empty() {
            return Err(Error::EmptyCorpus {
                what: "the training messages".into(),
            });
        }
        let mut labels: Vec<String> = labels.iter().map(|l| l.as_ref().to_string()).collect();
        labels.sort();
        labels.dedup();
        let mut training = Vec::with_capacity(messages.len());
        for message in messages {
            if labels.binary_search(&message.label).is_err() {
                return Err(Error::UnknownLabel {
                    label: message.label.clone(),
                    known: labels,
                });
            }
            training.push((message.clone(), pieces(&message.text)));
        }
        let mut models = Vec::with_capacity(labels.len());
        for label in &labels {
            let mut documents = Vec::new();
            let mut texts = String::new();
            for (message, message_pieces) in &training {
                if message.label == *label && !message_pieces.is_empty() {
                    documents.push(message_pieces.clone());
                    texts.push_str(&message.text);
                    texts.push('\n');
                }
            }
            if documents.is_empty() {
                return Err(Error::NoExamples {
                    label: label.clone(),
                });
            }
            // Names ("Jess", "Sarah") get their capital back when the text is written out.
            let capitalized = tokenize::capitalized_words(&texts);
            let model = NGram::train(&documents, n)?.with_style(Style::Prose { capitalized });
            models.push(LabelModel {
                label: label.clone(),
                model,
                messages: documents.len(),
            });
        }
        let documents: Vec<&Vec<String>> = training.iter().map(|(_, p)| p).collect();
        let documents: Vec<Vec<&str>> = documents
            .iter()
            .map(|d| d.iter().map(String::as_str).collect())
            .collect();
        let meter = CopyMeter::new(&documents)?;
        Ok(SpamWriter {
            labels,
            models,
            meter,
            training,
        })
    }

    /// The labels it can write, sorted.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The n-gram model behind one label, to look at its counts.
    pub fn model(&self, label: &str) -> Result<&NGram> {
        match self.models.iter().find(|m| m.label == label) {
            Some(m) => Ok(&m.model),
            None => Err(Error::UnknownLabel {
                label: label.to_string(),
                known: self.labels.clone(),
            }),
        }
    }

    /// Writes a brand-new message of `label`, drawing every word at temperature 1 (straight
    /// from the counts); the same seed gives the same message.
    pub fn write(&self, label: &str, seed: u64) -> Result<Written> {
        self.write_with(label, "", &Sampler::with_temperature(1.0)?, seed)
    }

    /// Writes a message of `label` that starts with `prompt` (may be empty), with `sampler`'s
    /// temperature, top-k and top-p.
    pub fn write_with(
        &self,
        label: &str,
        prompt: &str,
        sampler: &Sampler,
        seed: u64,
    ) -> Result<Written> {
        let model = self.model(label)?;
        let trace = model.generate_document(prompt, MAX_PIECES, sampler, seed)?;
        let written: Vec<String> = trace
            .pieces
            .iter()
            .filter(|p| p.as_str() != END)
            .cloned()
            .collect();
        let text = trace.text.trim().to_string();
        if written.is_empty() {
            return Err(Error::EmptyInput {
                what: "the written message".into(),
            });
        }
        let check = self.check(&written);
        Ok(Written {
            label: label.to_string(),
            seed,
            prompt: prompt.to_string(),
            text,
            pieces: written,
            check,
        })
    }

    /// Checks a list of pieces against every training message.
    pub fn check<S: AsRef<str>>(&self, written: &[S]) -> CopyCheck {
        let report = self.meter.measure(written);
        let run = &report.longest_run_pieces;
        let mut nearest = ("", "");
        if !run.is_empty() {
            for (message, message_pieces) in &self.training {
                if message_pieces
                    .windows(run.len())
                    .any(|w| w == run.as_slice())
                {
                    nearest = (message.text.as_str(), message.label.as_str());
                    break;
                }
            }
        }
        let is_copy = self.training.iter().any(|(_, p)| {
            p.len() == written.len() && p.iter().zip(written).all(|(a, b)| a == b.as_ref())
        });
        CopyCheck {
            longest_copied_run: report.longest_run,
            longest_copied_text: fragment(run),
            pieces: written.len(),
            nearest: nearest.0.to_string(),
            nearest_label: nearest.1.to_string(),
            is_copy,
            report,
        }
    }
}

impl Classifier for SpamWriter {
    fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The generative model's other job: sorting, by Bayes' rule. Each label's n-gram model
    /// says how likely it would be to write exactly this message, `P(message | label)` (with
    /// add-k smoothing, [`SMOOTHING_K`]); times the label's share of the training messages,
    /// `P(label)`, and scaled to sum to 1, that is `P(label | message)`.
    ///
    /// It was built to write, and it sorts less well than naive Bayes: a word pair it never
    /// saw counts against a label even when both words are typical of it, and each label's
    /// model spreads its pretend sightings over its own vocabulary, which tilts close calls.
    /// With n = 1 (no context) it is naive Bayes over its pieces.
    ///
    /// ```
    /// use genai_demos::data::messages::{builtin, split};
    /// use genai_demos::measure::metrics::Classifier;
    /// use genai_demos::generate::spam_writer::SpamWriter;
    ///
    /// let writer = SpamWriter::train(&split(&builtin()?, 0.2, 7)?.train, 2)?;
    /// assert_eq!(writer.classify("Claim your FREE prize now")?.label, "spam");
    /// assert_eq!(writer.classify("see you at the pub later")?.label, "ham");
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    fn classify(&self, text: &str) -> Result<Classification> {
        let message = pieces(text);
        if message.is_empty() {
            return Err(Error::EmptyInput {
                what: "the message".into(),
            });
        }
        let smoothing = Smoothing::add_k(SMOOTHING_K)?;
        let all: usize = self.models.iter().map(|m| m.messages).sum();
        let mut log_scores = Vec::with_capacity(self.models.len());
        for m in &self.models {
            let prior = m.messages as f64 / all.max(1) as f64;
            let score = m.model.score_document(&message, smoothing)?;
            // The document score is in bits (log base 2); turn it into natural log units.
            log_scores.push(math::ln(prior) + score.log2_probability * std::f64::consts::LN_2);
        }
        // Subtract the largest before exp, so the largest becomes 1 and nothing underflows.
        let top = log_scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let unscaled: Vec<f64> = log_scores.iter().map(|s| math::exp(s - top)).collect();
        let sum: f64 = unscaled.iter().sum();
        let probabilities = self
            .models
            .iter()
            .zip(&unscaled)
            .map(|(m, u)| LabelProbability {
                label: m.label.clone(),
                probability: u / sum,
            })
            .collect();
        // Words no label's model has ever seen count for nothing but the smoothing.
        let unknown = message
            .iter()
            .filter(|p| !self.meter.contains(&[p.as_str()]))
            .cloned()
            .collect();
        Ok(Classification::new(text, probabilities, unknown))
    }
}

impl fmt::Display for SpamWriter {
    /// A short summary: the labels and how much each model read.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a writer with one n-gram model per label")?;
        for m in &self.models {
            write!(
                f,
                "\n  {}: n = {}, {} messages, {} pieces, {} different pieces",
                m.label,
                m.model.n(),
                m.model.documents(),
                m.model.training_pieces(),
                m.model.vocab().len()
            )?;
        }
        Ok(())
    }
}

impl SpamWriter {
    /// Shows the summary in a notebook.
    pub fn evcxr_display(&self) {
        crate::show::display::show(&[("text/plain", &self.to_string())]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::messages::{builtin, split};

    fn toy() -> Vec<Message> {
        vec![
            Message::new("spam", "WIN a prize now").unwrap(),
            Message::new("spam", "WIN cash now").unwrap(),
            Message::new("ham", "see you at six").unwrap(),
        ]
    }

    #[test]
    fn a_toy_writer_writes_by_hand() {
        // With n = 2 the spam model has seen: <s> → WIN (2); WIN → a (1), cash (1);
        // a → prize; prize → now; cash → now; now → </s> (2). So every spam it writes is
        // "WIN a prize now" or "WIN cash now", both training messages: a copy.
        let writer = SpamWriter::train(&toy(), 2).unwrap();
        let mut seen = Vec::new();
        for seed in 0..20 {
            let w = writer.write("spam", seed).unwrap();
            assert!(w.check.is_copy, "{w}");
            assert_eq!(w.check.longest_copied_run, w.pieces.len());
            seen.push(w.text.clone());
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen, ["WIN a prize now", "WIN cash now"]);
        // The ham model has one message, so it can only write that one.
        let ham = writer.write("ham", 3).unwrap();
        assert_eq!(ham.text, "See you at six");
        assert_eq!(ham.check.nearest, "see you at six");
        assert_eq!(ham.check.nearest_label, "ham");
    }

    #[test]
    fn the_check_finds_the_longest_copied_run_and_its_message() {
        let writer = SpamWriter::train(&toy(), 2).unwrap();
        // "cash now" is in the second spam; "prize" then "cash" never follow each other.
        let check = writer.check(&["a", "prize", "cash", "now"]);
        assert!(!check.is_copy);
        assert_eq!(check.longest_copied_run, 2);
        assert_eq!(check.longest_copied_text, "a prize");
        assert_eq!(check.nearest, "WIN a prize now");
        assert_eq!(check.pieces, 4);
        let nothing = writer.check(&["lottery"]);
        assert_eq!(nothing.longest_copied_run, 0);
        assert_eq!(nothing.nearest, "");
        assert!(nothing.to_string().starts_with("new"));
    }

    #[test]
    fn same_seed_same_message_and_seeds_differ() {
        let parts = split(&builtin().unwrap(), 0.2, 7).unwrap();
        let writer = SpamWriter::train(&parts.train, ORDER).unwrap();
        let a = writer.write("spam", 5).unwrap();
        assert_eq!(a, writer.write("spam", 5).unwrap());
        let texts: Vec<String> = (0..6)
            .map(|s| writer.write("spam", s).unwrap().text)
            .collect();
        let mut different = texts.clone();
        different.sort();
        different.dedup();
        assert!(different.len() >= 5, "{texts:?}");
        // A prompt starts the message.
        let sampler = Sampler::with_temperature(1.0).unwrap();
        let w = writer
            .write_with("spam", "Congratulations", &sampler, 2)
            .unwrap();
        assert!(w.text.starts_with("Congratulations"), "{}", w.text);
    }

    #[test]
    fn classifying_by_bayes_rule_by_hand() {
        // n = 1: each label's model is a bag of its pieces plus one end marker per message.
        // spam: WIN 2, a 1, prize 1, cash 1, now 2, </s> 2 → 9 sightings; V = 5 pieces + 3
        //   markers = 8. ham: see, you, at, six 1 each, </s> 1 → 5 sightings; V = 4 + 3 = 7.
        // "now" is scored as "now" then </s>:
        //   spam: 2/3 × (2 + k)/(9 + 8k) × (2 + k)/(9 + 8k)
        //   ham:  1/3 × k/(5 + 7k) × (1 + k)/(5 + 7k)
        let writer = SpamWriter::train(&toy(), 1).unwrap();
        let k = SMOOTHING_K;
        let spam = 2.0 / 3.0 * ((2.0 + k) / (9.0 + 8.0 * k)).powi(2);
        let ham = 1.0 / 3.0 * (k / (5.0 + 7.0 * k)) * ((1.0 + k) / (5.0 + 7.0 * k));
        let answer = writer.classify("now").unwrap();
        assert_eq!(answer.label, "spam");
        let p = answer.probability("spam").unwrap();
        assert!((p - spam / (spam + ham)).abs() < 1e-12, "{p}");
        assert_eq!(writer.classify("see you, lottery").unwrap().label, "ham");
        assert_eq!(
            writer.classify("see you, lottery").unwrap().unknown_words,
            [",", "lottery"]
        );
        assert!(matches!(
            writer.classify(" "),
            Err(Error::EmptyInput { .. })
        ));
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        assert!(matches!(
            SpamWriter::train(&[], 3),
            Err(Error::EmptyCorpus { .. })
        ));
        // The sentence a student reads is grammatical for a plural "what".
        let said = SpamWriter::train(&[], 3).err().map(|e| e.to_string());
        assert_eq!(
            said.as_deref(),
            Some(
                "There is nothing in the training messages: a model needs examples to learn from."
            )
        );
        assert!(matches!(
            SpamWriter::train_with_labels(&toy(), &["ham", "spam", "eggs"], 2),
            Err(Error::NoExamples { label }) if label == "eggs"
        ));
        assert!(matches!(
            SpamWriter::train_with_labels(&toy(), &["spam"], 2),
            Err(Error::UnknownLabel { label, .. }) if label == "ham"
        ));
        assert!(matches!(
            SpamWriter::train(&toy(), 0),
            Err(Error::InvalidParameter { name: "n", .. })
        ));
        let writer = SpamWriter::train(&toy(), 2).unwrap();
        let err = writer.write("eggs", 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "The label “eggs” is unknown; the model knows: ham, spam."
        );
    }
}
