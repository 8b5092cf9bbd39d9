//! Multinomial naive Bayes: a classifier built from counting words in each class.
//!
//! Training is only counting. For each label it keeps how many messages had that label (the
//! *prior*, `P(spam)`) and how often each word appeared in them (the *likelihood*,
//! `P(word | spam)`). To classify, Bayes' rule turns the question around:
//!
//! ```text
//! P(spam | message)  ∝  P(spam) × P(word₁ | spam) × P(word₂ | spam) × …
//! ```
//!
//! and the products for all labels are scaled to sum to 1. It is "naive" because it pretends
//! the words of a message are drawn independently of each other.
//!
//! A word never seen with a label would make the whole product 0, so every count gets `alpha`
//! added first (*add-alpha* or *Laplace* smoothing):
//! `P(word | label) = (count of word in label + alpha) / (words in label + alpha × vocab size)`.
//!
//! Those per-label word probabilities are also a tiny generative model of each class: one could
//! draw words from `P(word | spam)` to make a (bad) spam. That is the bridge to the rest of the
//! book.

use crate::classify::features::{Vocab, WordScore};
use crate::data::messages::{Message, labels};
use crate::error::{Error, Result, finite_in};
use crate::math;
use crate::measure::metrics::{Classification, Classifier, LabelProbability, most_probable};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What naive Bayes learned about one label: only counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassCounts {
    /// The label.
    pub label: String,
    /// How many training messages had this label.
    pub messages: usize,
    /// How often each vocab word appeared in those messages (index = vocab index).
    pub word_counts: Vec<u64>,
    /// How many known words those messages had in all.
    pub total_words: u64,
}

/// A naive Bayes text classifier.
///
/// ```
/// use genai_demos::data::messages::Message;
/// use genai_demos::measure::metrics::Classifier;
/// use genai_demos::classify::naive_bayes::NaiveBayes;
///
/// let messages = [
///     Message::new("spam", "win cash")?,
///     Message::new("spam", "win prize")?,
///     Message::new("ham", "call me")?,
/// ];
/// let model = NaiveBayes::train(&messages, 1.0)?;
/// assert_eq!(model.prior("spam")?, 2.0 / 3.0);
/// let answer = model.classify("win call")?;
/// assert_eq!(answer.label, "spam");
/// assert!((answer.probability("spam")? - 147.0 / 228.0).abs() < 1e-12);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NaiveBayes {
    alpha: f64,
    vocab: Vocab,
    labels: Vec<String>,
    /// One entry per label, in the order of `labels`.
    classes: Vec<ClassCounts>,
}

impl NaiveBayes {
    /// Counts the words of `messages` for each of their labels, with add-`alpha` smoothing
    /// (`alpha` finite and above 0; 1 is the classic choice).
    pub fn train(messages: &[Message], alpha: f64) -> Result<NaiveBayes> {
        let known = labels(messages);
        NaiveBayes::train_with_labels(messages, &known, alpha)
    }

    /// Like [`NaiveBayes::train`], but with the labels given up front.
    ///
    /// A message whose label is not in `labels` is an [`Error::UnknownLabel`]; a label that no
    /// message has is an [`Error::NoExamples`], since nothing can be learned about it.
    pub fn train_with_labels<S: AsRef<str>>(
        messages: &[Message],
        labels: &[S],
        alpha: f64,
    ) -> Result<NaiveBayes> {
        finite_in(
            "alpha",
            alpha,
            f64::MIN_POSITIVE..=f64::MAX,
            "a finite number above 0, such as 1",
        )?;
        let mut labels: Vec<String> = labels.iter().map(|l| l.as_ref().to_string()).collect();
        labels.sort();
        labels.dedup();
        let (vocab, bags) = Vocab::build_with_counts(messages, 1)?;
        let mut classes: Vec<ClassCounts> = labels
            .iter()
            .map(|label| ClassCounts {
                label: label.clone(),
                messages: 0,
                word_counts: vec![0; vocab.len()],
                total_words: 0,
            })
            .collect();
        for (message, counts) in messages.iter().zip(bags) {
            let Ok(c) = labels.binary_search(&message.label) else {
                return Err(Error::UnknownLabel {
                    label: message.label.clone(),
                    known: labels,
                });
            };
            let Some(class) = classes.get_mut(c) else {
                continue;
            };
            class.messages += 1;
            for (i, count) in counts {
                if let Some(slot) = class.word_counts.get_mut(i) {
                    *slot += u64::from(count);
                }
                class.total_words += u64::from(count);
            }
        }
        if let Some(empty) = classes.iter().find(|c| c.messages == 0) {
            return Err(Error::NoExamples {
                label: empty.label.clone(),
            });
        }
        Ok(NaiveBayes {
            alpha,
            vocab,
            labels,
            classes,
        })
    }

    /// The smoothing amount added to every word count.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The words the model has counted.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The raw counts per label, for a table in the book.
    pub fn counts(&self) -> &[ClassCounts] {
        &self.classes
    }

    fn class(&self, label: &str) -> Result<&ClassCounts> {
        match self.classes.iter().find(|c| c.label == label) {
            Some(class) => Ok(class),
            None => Err(Error::UnknownLabel {
                label: label.to_string(),
                known: self.labels.clone(),
            }),
        }
    }

    /// `P(label)`: the share of training messages with this label.
    pub fn prior(&self, label: &str) -> Result<f64> {
        let class = self.class(label)?;
        let all: usize = self.classes.iter().map(|c| c.messages).sum();
        Ok(class.messages as f64 / all.max(1) as f64)
    }

    /// `P(word | label)` with smoothing, or `None` for a word outside the vocab (the model has
    /// no opinion about it).
    pub fn likelihood(&self, word: &str, label: &str) -> Result<Option<f64>> {
        let class = self.class(label)?;
        Ok(self.vocab.index(word).map(|i| self.smoothed(class, i)))
    }

    /// `(count + alpha) / (total + alpha × vocab size)` for vocab word `i`.
    fn smoothed(&self, class: &ClassCounts, i: usize) -> f64 {
        let count = class.word_counts.get(i).copied().unwrap_or(0) as f64;
        let total = class.total_words as f64 + self.alpha * self.vocab.len() as f64;
        (count + self.alpha) / total
    }

    /// The `n` words that point most strongly to `label`: by how many times likelier they are
    /// under `label` than under the other labels, as a log ratio
    /// `ln P(word | label) − ln(average of P(word | other))`. With a single label, the score is
    /// `ln P(word | label)`.
    pub fn top_words(&self, label: &str, n: usize) -> Result<Vec<WordScore>> {
        let class = self.class(label)?;
        let others: Vec<&ClassCounts> = self.classes.iter().filter(|c| c.label != label).collect();
        let mut scores = Vec::with_capacity(self.vocab.len());
        for (i, word) in self.vocab.words().iter().enumerate() {
            let mut score = math::ln(self.smoothed(class, i));
            if !others.is_empty() {
                let mean: f64 =
                    others.iter().map(|o| self.smoothed(o, i)).sum::<f64>() / others.len() as f64;
                score -= math::ln(mean);
            }
            scores.push(WordScore {
                word: word.clone(),
                score,
            });
        }
        scores.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.word.cmp(&b.word)));
        scores.truncate(n);
        Ok(scores)
    }
}

impl fmt::Display for NaiveBayes {
    /// A short summary: the labels with their priors and strongest words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "naive Bayes over {} words (alpha {})",
            self.vocab.len(),
            self.alpha
        )?;
        for class in &self.classes {
            let prior = self.prior(&class.label).unwrap_or(0.0);
            let words = self.top_words(&class.label, 5).unwrap_or_default();
            let words: Vec<&str> = words.iter().map(|w| w.word.as_str()).collect();
            write!(
                f,
                "\n  {}: prior {:.2}, telling words: {}",
                class.label,
                prior,
                words.join(", ")
            )?;
        }
        Ok(())
    }
}

impl NaiveBayes {
    /// Shows the summary in a notebook instead of thousands of raw counts.
    pub fn evcxr_display(&self) {
        crate::show::display::show(&[("text/plain", &self.to_string())]);
    }
}

impl Classifier for NaiveBayes {
    fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Bayes' rule over the known words of `text`.
    ///
    /// A text with no words at all is an [`Error::EmptyInput`]. A text whose words are all
    /// unknown gets the priors back: with no evidence, the best guess is the base rate. The
    /// evidence for each word is `count × (ln P(word | answer) − ln P(word | runner-up))`,
    /// where the runner-up is the next most probable label.
    fn classify(&self, text: &str) -> Result<Classification> {
        let bag = self.vocab.bag(text);
        let log_scores = self.log_scores(&bag.counts, bag.tokens)?;
        let probabilities: Vec<LabelProbability> = self
            .classes
            .iter()
            .zip(posterior(&log_scores))
            .map(|(class, probability)| LabelProbability {
                label: class.label.clone(),
                probability,
            })
            .collect();
        let answer = Classification::new(text, probabilities, bag.unknown);

        // The runner-up: the most probable label other than the answer.
        let mut runner_up: Option<(&ClassCounts, f64)> = None;
        for (class, &score) in self.classes.iter().zip(&log_scores) {
            if class.label != answer.label && runner_up.is_none_or(|(_, best)| score > best) {
                runner_up = Some((class, score));
            }
        }
        let mut evidence = Vec::new();
        if let Some((other, _)) = runner_up {
            let chosen = self.class(&answer.label)?;
            for &(i, count) in &bag.counts {
                let ratio = math::ln(self.smoothed(chosen, i)) - math::ln(self.smoothed(other, i));
                evidence.push(WordScore {
                    word: self.vocab.word(i).unwrap_or_default().to_string(),
                    score: f64::from(count) * ratio,
                });
            }
        }
        Ok(answer.with_evidence(evidence))
    }

    /// The label [`NaiveBayes::classify`] picks, from the same sums, without the evidence.
    fn predict(&self, text: &str) -> Result<String> {
        let (counts, tokens) = self.vocab.known_counts(text);
        let log_scores = self.log_scores(&counts, tokens)?;
        let best = most_probable(&posterior(&log_scores));
        let label = best.and_then(|c| self.classes.get(c));
        Ok(label.map(|class| class.label.clone()).unwrap_or_default())
    }
}

impl NaiveBayes {
    /// Each label's `ln P(label) + Σ count × ln P(word | label)` over the known words of a
    /// message (`counts`, by vocab index), or an [`Error::EmptyInput`] if the message had no
    /// words at all (`tokens` is 0).
    fn log_scores(&self, counts: &[(usize, u32)], tokens: usize) -> Result<Vec<f64>> {
        if tokens == 0 {
            return Err(Error::EmptyInput {
                what: "the message".into(),
            });
        }
        // Multiplying many small probabilities underflows to 0, so add their logarithms.
        let all: usize = self.classes.iter().map(|c| c.messages).sum();
        let mut log_scores = Vec::with_capacity(self.classes.len());
        for class in &self.classes {
            let mut score = math::ln(class.messages as f64 / all.max(1) as f64);
            for &(i, count) in counts {
                score += f64::from(count) * math::ln(self.smoothed(class, i));
            }
            log_scores.push(score);
        }
        Ok(log_scores)
    }
}

/// Back from logarithms to probabilities that sum to 1: subtract the largest score before
/// `exp`, so the largest becomes 1 and nothing underflows, then scale by the sum.
fn posterior(log_scores: &[f64]) -> Vec<f64> {
    let top = log_scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let unscaled: Vec<f64> = log_scores.iter().map(|s| math::exp(s - top)).collect();
    let sum: f64 = unscaled.iter().sum();
    unscaled.iter().map(|u| u / sum).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::messages::{builtin, split};
    use crate::measure::metrics::evaluate;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// spam: "win cash", "win prize"; ham: "call me".
    fn toy() -> NaiveBayes {
        let messages = [
            Message::new("spam", "win cash").unwrap(),
            Message::new("spam", "win prize").unwrap(),
            Message::new("ham", "call me").unwrap(),
        ];
        NaiveBayes::train(&messages, 1.0).unwrap()
    }

    #[test]
    fn posteriors_by_hand() {
        // Vocab: call, cash, me, prize, win (5 words). alpha = 1.
        // Priors: P(spam) = 2/3, P(ham) = 1/3.
        // Spam has 4 words (win 2, cash 1, prize 1): P(w | spam) = (count + 1) / (4 + 5),
        //   so win 3/9, cash 2/9, prize 2/9, call 1/9, me 1/9.
        // Ham has 2 words (call 1, me 1): P(w | ham) = (count + 1) / (2 + 5),
        //   so call 2/7, me 2/7, and 1/7 for the others.
        // "win call":
        //   spam: 2/3 × 3/9 × 1/9 = 2/81
        //   ham:  1/3 × 1/7 × 2/7 = 2/147
        //   P(spam | "win call") = (2/81) / (2/81 + 2/147) = 147 / 228 ≈ 0.6447
        let model = toy();
        assert!(close(model.prior("spam").unwrap(), 2.0 / 3.0));
        assert!(close(
            model.likelihood("win", "spam").unwrap().unwrap(),
            3.0 / 9.0
        ));
        assert!(close(
            model.likelihood("win", "ham").unwrap().unwrap(),
            1.0 / 7.0
        ));
        assert!(close(
            model.likelihood("me", "ham").unwrap().unwrap(),
            2.0 / 7.0
        ));
        assert_eq!(model.likelihood("lottery", "ham").unwrap(), None);

        let answer = model.classify("win call").unwrap();
        assert_eq!(answer.label, "spam");
        assert!(close(answer.probability("spam").unwrap(), 147.0 / 228.0));
        assert!(close(answer.probability("ham").unwrap(), 81.0 / 228.0));
        // Evidence toward spam: win ln((3/9)/(1/7)) = ln(7/3); call ln((1/9)/(2/7)) = ln(7/18).
        assert_eq!(answer.evidence[0].word, "win");
        assert!(close(answer.evidence[0].score, math::ln(7.0f64 / 3.0)));
        assert!(close(answer.evidence[1].score, math::ln(7.0f64 / 18.0)));

        // "me me": spam 2/3 × (1/9)² = 2/243; ham 1/3 × (2/7)² = 4/147.
        // P(ham) = (4/147) / (4/147 + 2/243) = 972 / (972 + 294) = 972 / 1266.
        let answer = model.classify("me me").unwrap();
        assert_eq!(answer.label, "ham");
        assert!(close(answer.probability("ham").unwrap(), 972.0 / 1266.0));
    }

    #[test]
    fn summary_names_priors_and_words() {
        let text = toy().to_string();
        assert!(
            text.starts_with("naive Bayes over 5 words (alpha 1)"),
            "{text}"
        );
        assert!(
            text.contains("spam: prior 0.67, telling words: win, cash, prize"),
            "{text}"
        );
    }

    #[test]
    fn unknown_words_fall_back_to_the_prior() {
        let answer = toy().classify("zebra crossing").unwrap();
        assert!(close(answer.probability("spam").unwrap(), 2.0 / 3.0));
        assert_eq!(answer.unknown_words, ["zebra", "crossing"]);
        assert!(answer.evidence.is_empty());
    }

    #[test]
    fn top_words_by_hand() {
        // For spam: win ln((3/9)/(1/7)) = ln(7/3) is the strongest; cash and prize ln(14/9).
        let top = toy().top_words("spam", 3).unwrap();
        let words: Vec<&str> = top.iter().map(|w| w.word.as_str()).collect();
        assert_eq!(words, ["win", "cash", "prize"]);
        assert!(close(top[1].score, math::ln(14.0f64 / 9.0)));
    }

    #[test]
    fn errors_name_what_went_wrong() {
        let model = toy();
        assert!(matches!(
            model.prior("eggs"),
            Err(Error::UnknownLabel { .. })
        ));
        assert!(matches!(
            model.likelihood("win", "eggs"),
            Err(Error::UnknownLabel { .. })
        ));
        assert!(matches!(
            model.top_words("eggs", 3),
            Err(Error::UnknownLabel { .. })
        ));
        assert!(matches!(
            model.classify("  ...  "),
            Err(Error::EmptyInput { .. })
        ));
        assert!(matches!(model.classify(""), Err(Error::EmptyInput { .. })));

        let messages = [Message::new("spam", "win").unwrap()];
        assert_eq!(
            NaiveBayes::train_with_labels(&messages, &["ham", "spam"], 1.0).unwrap_err(),
            Error::NoExamples {
                label: "ham".into()
            }
        );
        assert!(matches!(
            NaiveBayes::train_with_labels(&messages, &["ham"], 1.0),
            Err(Error::UnknownLabel { .. })
        ));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                NaiveBayes::train(&messages, bad),
                Err(Error::InvalidParameter { name: "alpha", .. })
            ));
        }
        assert!(matches!(
            NaiveBayes::train(&[], 1.0),
            Err(Error::EmptyCorpus { .. })
        ));
    }

    #[test]
    fn spam_filter_on_the_builtin_messages() {
        let parts = split(&builtin().unwrap(), 0.2, 42).unwrap();
        let model = NaiveBayes::train(&parts.train, 1.0).unwrap();
        let report = evaluate(&model, &parts.test, "spam").unwrap();
        assert!(report.accuracy > 0.9, "{report}");
        let answer = model.classify("Txt WIN to claim your £500 prize").unwrap();
        assert_eq!(answer.label, "spam");
        let sum: f64 = answer.probabilities.iter().map(|p| p.probability).sum();
        assert!(close(sum, 1.0));
        assert!(
            answer
                .probabilities
                .iter()
                .all(|p| p.probability.is_finite())
        );
        // A very long message does not underflow.
        let long = "win cash prize ".repeat(2000);
        let answer = model.classify(&long).unwrap();
        assert!(answer.probability("spam").unwrap() > 0.99);
    }

    #[test]
    fn evaluating_skips_wordless_messages_and_counts_unknown_labels() {
        let train = [
            Message::new("spam", "win cash").unwrap(),
            Message::new("spam", "win prize").unwrap(),
            Message::new("ham", "call me").unwrap(),
        ];
        let model = NaiveBayes::train(&train, 1.0).unwrap();
        // "win" → spam (right), "call me" → ham (right), "me" → ham (wrong: it was spam),
        // ":-)" has no words (skipped), "win" labelled "eggs" → spam (wrong, a new row).
        let test = [
            Message::new("spam", "win").unwrap(),
            Message::new("ham", "call me").unwrap(),
            Message::new("spam", "me").unwrap(),
            Message::new("ham", ":-)").unwrap(),
            Message::new("eggs", "win").unwrap(),
        ];
        let report = evaluate(&model, &test, "spam").unwrap();
        assert_eq!(report.skipped, 1);
        assert_eq!(report.confusion.labels, ["eggs", "ham", "spam"]);
        assert_eq!(report.confusion.total(), 4);
        assert_eq!(report.accuracy, 0.5);
        // Called spam: "win" (spam) and "win" (eggs): precision 1/2. Spam: 2, caught 1.
        assert_eq!(report.precision, 0.5);
        assert_eq!(report.recall, 0.5);
        assert_eq!(report.mistakes.len(), 2);
        assert_eq!(report.mistakes[0].truth, "spam");
        assert!(report.confusion.chart().is_ok());
        assert!(report.to_string().starts_with("accuracy 50%"));

        assert!(matches!(
            evaluate(&model, &[], "spam"),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(matches!(
            evaluate(&model, &test[3..4], "spam"),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(matches!(
            evaluate(&model, &test, "lottery"),
            Err(Error::UnknownLabel { .. })
        ));
    }
}
