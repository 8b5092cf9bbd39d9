//! Logistic regression: a discriminative classifier that learns one weight per word.
//!
//! The model adds up evidence. Each known word of a message has a *weight* (positive: it points
//! to spam; negative: to ham); the message's *logit* is a starting *bias* plus each word's
//! weight times how often it appears. The logistic (sigmoid) function squeezes the logit into a
//! probability: `P(spam | message) = 1 / (1 + e^-logit)`.
//!
//! Learning means finding weights that make the training messages' true labels probable. The
//! model starts with every weight at 0 (a coin flip for every message) and takes many small
//! *gradient descent* steps: for each message it compares its probability `p` with the truth
//! `y` (1 for spam, 0 for ham) and moves each of the message's word weights by
//! `learning_rate × (y − p) × count`. The average error it makes, the *loss*, is recorded after
//! every pass over the data (an *epoch*), which gives the loss curve.
//!
//! [`Logistic::step`] is that step written plainly, as the chapter does: the gradient of the
//! loss ([`Logistic::gradient`]), then `weights -= learning_rate × gradient`, and
//! [`Logistic::fit_plain`] learns with it. [`Logistic::fit`], which the book and the benchmark
//! use, is the faster variant of the same descent (it shrinks all the weights at once); a
//! property test checks that the two learn the same weights.
//!
//! It never learns what a spam message looks like, only which side of a line a message falls
//! on. That is the difference from a generative model.

use crate::classify::features::{Vocab, WordScore};
use crate::data::messages::{Message, labels, shuffle};
use crate::error::{Error, Result, at_least, finite_in};
use crate::math;
use crate::measure::metrics::{
    Classification, Classifier, LabelProbability, loss_chart, most_probable,
};
use crate::random::seeded;
use crate::show::chart::Chart;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One input as `(feature index, value)` pairs, leaving out the zeros: a bag of words, or the
/// two measurements of a pastry as `[(0, width), (1, height)]`.
pub type Features = Vec<(usize, f64)>;

/// How gradient descent learns: the knobs a student can turn.
///
/// Every field is checked when training starts.
///
/// ```
/// use genai_demos::classify::logistic::Settings;
///
/// let slow = Settings { learning_rate: 0.05, ..Settings::default() };
/// assert!(slow.check().is_ok());
/// let broken = Settings { epochs: 0, ..Settings::default() };
/// assert!(broken.check().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// How big a step each update takes (finite and above 0). Too small learns slowly; too
    /// big overshoots and the loss jumps around.
    pub learning_rate: f64,
    /// How many passes over the training data (at least 1).
    pub epochs: usize,
    /// The L2 penalty (finite, 0 or more): a pull of every weight toward 0, so that no single
    /// word gets an extreme weight just because it happened to appear in one spam.
    pub l2: f64,
    /// How many examples each step averages over (at least 1). Use a number at least as large
    /// as the training set for plain "full batch" gradient descent: one step per epoch.
    pub batch_size: usize,
    /// The seed that shuffles the examples into mini-batches before each epoch.
    pub seed: u64,
}

impl Default for Settings {
    /// Settings that train the spam filter well in under a millisecond: ten passes over the
    /// messages, most of the learning done in the first three.
    fn default() -> Settings {
        Settings {
            learning_rate: 1.0,
            epochs: 10,
            l2: 0.001,
            batch_size: 16,
            seed: 7,
        }
    }
}

impl Settings {
    /// Checks every setting, naming the first bad one.
    pub fn check(&self) -> Result<()> {
        finite_in(
            "learning_rate",
            self.learning_rate,
            f64::MIN_POSITIVE..=f64::MAX,
            "a finite number above 0, such as 0.5",
        )?;
        at_least("epochs", self.epochs, 1, "at least 1 pass over the data")?;
        finite_in("l2", self.l2, 0.0..=f64::MAX, "a finite number, 0 or more")?;
        at_least("batch_size", self.batch_size, 1, "at least 1 example")?;
        Ok(())
    }
}

/// The logistic function: squeezes any logit into a probability between 0 and 1.
///
/// ```
/// use genai_demos::classify::logistic::sigmoid;
///
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert!(sigmoid(5.0) > 0.99 && sigmoid(-5.0) < 0.01);
/// ```
pub fn sigmoid(logit: f64) -> f64 {
    // Two forms of the same function, each chosen where e^x cannot overflow.
    if logit >= 0.0 {
        1.0 / (1.0 + math::exp(-logit))
    } else {
        let e = math::exp(logit);
        e / (1.0 + e)
    }
}

/// The bare model: a bias and one weight per feature.
///
/// [`LogisticRegression`] wraps it for messages; `gaussian` uses it for the bakery tray.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    /// The logit of an input with no features (every feature 0).
    pub bias: f64,
    /// One weight per feature.
    pub weights: Vec<f64>,
}

/// One labelled example for a training step: its features and whether it is positive.
pub type Example<'a> = (&'a [(usize, f64)], bool);

/// A model while it learns. Its true weights are `scale × shrunk[i]`.
///
/// Why the shared `scale`: the L2 penalty pulls *every* weight toward 0 at every step, by the
/// same factor `1 − learning_rate × l2`. Multiplying each of the spam filter's 1,519 weights by
/// that factor at every step would be most of the work of training, though a batch of 16
/// messages holds only a couple of hundred words. Shrinking one number, `scale`, does the same
/// in one multiplication, and a step then only touches the weights of the words in its batch.
/// It is the same gradient descent, up to rounding in the last digits (a property test checks
/// it against the plain [`Logistic::fit_plain`]).
struct Learner {
    bias: f64,
    shrunk: Vec<f64>,
    scale: f64,
    /// Scratch space for a step's gradient, one slot per weight, all 0 between steps.
    gradient: Vec<f64>,
    /// The weights a step's batch touches (a weight may be listed more than once).
    touched: Vec<usize>,
}

impl Learner {
    fn new(model: Logistic) -> Learner {
        let dim = model.weights.len();
        Learner {
            bias: model.bias,
            shrunk: model.weights,
            scale: 1.0,
            gradient: vec![0.0; dim],
            touched: Vec::new(),
        }
    }

    /// The model's logit for an input, as [`Logistic::logit`].
    fn logit(&self, features: &[(usize, f64)]) -> f64 {
        self.bias + self.scale * weighted_sum(&self.shrunk, features.iter().copied())
    }

    /// One gradient descent step on a batch of `size` examples.
    fn step(&mut self, batch: &[Example<'_>], learning_rate: f64, l2: f64) {
        // The gradient of the loss, summed over the batch: for each example, (p − y) times
        // its features. It is divided by the batch size below, once.
        let mut bias_gradient = 0.0;
        for &(row, y) in batch {
            let error = sigmoid(self.logit(row)) - if y { 1.0 } else { 0.0 };
            bias_gradient += error;
            for &(i, value) in row {
                if let Some(g) = self.gradient.get_mut(i) {
                    *g += error * value;
                    self.touched.push(i);
                }
            }
        }
        let rate = learning_rate / batch.len().max(1) as f64;
        self.bias -= rate * bias_gradient;
        // The step w ← w − learning_rate × (gradient + l2 × w) is w ← (1 − learning_rate × l2)
        // × w − learning_rate × gradient: first the shrink of every weight, in `scale`...
        self.scale *= 1.0 - learning_rate * l2;
        if !(1e-100..=1e100).contains(&self.scale.abs()) {
            // ...which is folded into the weights before it gets too small (or reaches 0)...
            for w in &mut self.shrunk {
                *w *= self.scale;
            }
            self.scale = 1.0;
        }
        // ...then the gradient, for the words in the batch, in units of `scale`.
        let rate = rate / self.scale;
        for &i in &self.touched {
            if let (Some(w), Some(g)) = (self.shrunk.get_mut(i), self.gradient.get_mut(i)) {
                *w -= rate * *g;
                *g = 0.0;
            }
        }
        self.touched.clear();
    }

    /// The training loss of the model as it is now, as [`Logistic::loss`].
    fn loss(&self, rows: &[Features], targets: &[bool], l2: f64) -> f64 {
        let squares: f64 = self.shrunk.iter().map(|w| w * w).sum();
        let penalty = 0.5 * l2 * self.scale * self.scale * squares;
        mean_cross_entropy(rows, targets, |row| self.logit(row)) + penalty
    }

    /// The learned model, each weight multiplied out.
    fn finish(self) -> Logistic {
        let scale = self.scale;
        Logistic {
            bias: self.bias,
            weights: self.shrunk.into_iter().map(|w| w * scale).collect(),
        }
    }
}

/// Each feature's weight times its value, added up. A feature beyond the weights counts for
/// nothing.
fn weighted_sum(weights: &[f64], features: impl IntoIterator<Item = (usize, f64)>) -> f64 {
    let mut sum = 0.0;
    for (i, value) in features {
        sum += weights.get(i).copied().unwrap_or(0.0) * value;
    }
    sum
}

/// The average cross-entropy `−ln P(true label)` over the examples, given their logits.
///
/// For an example with logit `z` and margin `m` (`z` for a positive example, `−z` for a
/// negative one) this is `softplus(−m) = max(−m, 0) + ln(1 + e^−|m|)`. Summing the logarithms
/// is the logarithm of a product, so the sum takes one `ln` per [`PRODUCT_RUN`] examples
/// rather than one per example: a third of the work of a training run's loss curve.
fn mean_cross_entropy(
    rows: &[Features],
    targets: &[bool],
    logit: impl Fn(&[(usize, f64)]) -> f64,
) -> f64 {
    let mut total = 0.0;
    for (rows, targets) in rows.chunks(PRODUCT_RUN).zip(targets.chunks(PRODUCT_RUN)) {
        let mut product = 1.0;
        for (row, &y) in rows.iter().zip(targets) {
            let z = logit(row);
            let margin = if y { z } else { -z };
            total += (-margin).max(0.0);
            product *= 1.0 + math::exp(-margin.abs());
        }
        total += math::ln(product);
    }
    total / rows.len().max(1) as f64
}

/// How many factors [`mean_cross_entropy`] multiplies before it takes their logarithm. Each
/// is between 1 and 2, so the product stays below `2^512`, far from overflowing an `f64`.
const PRODUCT_RUN: usize = 512;

impl Logistic {
    /// A model with `dim` weights, all 0: every input gets probability one half.
    pub fn zeros(dim: usize) -> Logistic {
        Logistic {
            bias: 0.0,
            weights: vec![0.0; dim],
        }
    }

    /// The logit of an input: the bias plus each feature's weight times its value. A feature
    /// beyond the weights counts for nothing.
    pub fn logit(&self, features: &[(usize, f64)]) -> f64 {
        self.logit_of(features.iter().copied())
    }

    /// [`Logistic::logit`] of features handed over one by one, so a caller can pass word
    /// counts without first copying them into a list of `f64`.
    fn logit_of(&self, features: impl IntoIterator<Item = (usize, f64)>) -> f64 {
        self.bias + weighted_sum(&self.weights, features)
    }

    /// The probability that an input is positive: the sigmoid of its logit.
    pub fn probability(&self, features: &[(usize, f64)]) -> f64 {
        sigmoid(self.logit(features))
    }

    /// The training loss: the average cross-entropy `−ln P(true label)` over the examples,
    /// plus the L2 penalty `l2/2 × (sum of squared weights)`.
    pub fn loss(&self, rows: &[Features], targets: &[bool], l2: f64) -> f64 {
        let squares: f64 = self.weights.iter().map(|w| w * w).sum();
        mean_cross_entropy(rows, targets, |row| self.logit(row)) + 0.5 * l2 * squares
    }

    /// The gradient of the loss on a batch: how much the loss grows as each weight (and the
    /// bias) grows, given in the same shape as the model. For each example it is `(p − y)`
    /// times its features, averaged over the batch, plus `l2 × w` from the penalty.
    ///
    /// ```
    /// use genai_demos::classify::logistic::Logistic;
    ///
    /// // p = 0.5 for both: ((0.5 − 1)·1 + (0.5 − 0)·2) / 2 = 0.25 for the weight.
    /// let gradient = Logistic::zeros(1).gradient(&[(&[(0, 1.0)], true), (&[(0, 2.0)], false)], 0.0);
    /// assert_eq!((gradient.bias, gradient.weights[0]), (0.0, 0.25));
    /// ```
    pub fn gradient(&self, batch: &[Example<'_>], l2: f64) -> Logistic {
        let size = batch.len().max(1) as f64;
        let mut gradient = Logistic {
            bias: 0.0,
            weights: self.weights.iter().map(|w| l2 * w).collect(),
        };
        for &(row, y) in batch {
            let error = self.probability(row) - if y { 1.0 } else { 0.0 };
            gradient.bias += error / size;
            for &(i, value) in row {
                if let Some(g) = gradient.weights.get_mut(i) {
                    *g += error * value / size;
                }
            }
        }
        gradient
    }

    /// One plain gradient descent step: `weights -= learning_rate × gradient` (and the same
    /// for the bias), downhill on the loss.
    pub fn step(&mut self, batch: &[Example<'_>], learning_rate: f64, l2: f64) {
        let gradient = self.gradient(batch, l2);
        self.bias -= learning_rate * gradient.bias;
        for (w, g) in self.weights.iter_mut().zip(&gradient.weights) {
            *w -= learning_rate * g;
        }
    }

    /// Learns a model the plain way, one [`Logistic::step`] per batch: the same seeds, batches
    /// and result as [`Logistic::fit`] (up to rounding), only slower on many features.
    ///
    /// ```
    /// use genai_demos::classify::logistic::{Logistic, Settings};
    ///
    /// let rows = vec![vec![(0, -2.0)], vec![(0, -1.0)], vec![(0, 1.0)], vec![(0, 2.0)]];
    /// let targets = [false, false, true, true];
    /// let settings = Settings { seed: 7, ..Settings::default() };
    /// let (plain, _) = Logistic::fit_plain(&rows, &targets, 1, &settings)?;
    /// let (fast, _) = Logistic::fit(&rows, &targets, 1, &settings)?;
    /// assert!((plain.weights[0] - fast.weights[0]).abs() < 1e-9);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn fit_plain(
        rows: &[Features],
        targets: &[bool],
        dim: usize,
        settings: &Settings,
    ) -> Result<(Logistic, Vec<f64>)> {
        check_examples(rows, targets, dim, settings)?;
        Ok(descend(Logistic::zeros(dim), rows, targets, settings))
    }

    /// Learns a model from examples by seeded mini-batch gradient descent: the faster variant
    /// of [`Logistic::fit_plain`], which the book and the benchmark use.
    ///
    /// `rows[k]` are the features of example `k` (every index below `dim`) and `targets[k]`
    /// whether it is positive. Returns the model and its loss curve: the loss before learning
    /// (entry 0, `ln 2` ≈ 0.693 with all weights 0) and after each epoch.
    ///
    /// ```
    /// use genai_demos::classify::logistic::{Logistic, Settings};
    ///
    /// // One feature: big values are positive, small ones are not.
    /// let rows = vec![vec![(0, -2.0)], vec![(0, -1.0)], vec![(0, 1.0)], vec![(0, 2.0)]];
    /// let targets = [false, false, true, true];
    /// let (model, losses) = Logistic::fit(&rows, &targets, 1, &Settings::default())?;
    /// assert!(model.weights[0] > 0.0);
    /// assert!(losses.last() < losses.first());
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn fit(
        rows: &[Features],
        targets: &[bool],
        dim: usize,
        settings: &Settings,
    ) -> Result<(Logistic, Vec<f64>)> {
        check_examples(rows, targets, dim, settings)?;
        let (learner, losses) =
            descend(Learner::new(Logistic::zeros(dim)), rows, targets, settings);
        Ok((learner.finish(), losses))
    }
}

/// What gradient descent needs of a model while it learns: a step on a batch, and the loss.
trait Descends {
    fn step(&mut self, batch: &[Example<'_>], learning_rate: f64, l2: f64);
    fn loss(&self, rows: &[Features], targets: &[bool], l2: f64) -> f64;
}

impl Descends for Logistic {
    fn step(&mut self, batch: &[Example<'_>], learning_rate: f64, l2: f64) {
        Logistic::step(self, batch, learning_rate, l2);
    }
    fn loss(&self, rows: &[Features], targets: &[bool], l2: f64) -> f64 {
        Logistic::loss(self, rows, targets, l2)
    }
}

impl Descends for Learner {
    fn step(&mut self, batch: &[Example<'_>], learning_rate: f64, l2: f64) {
        Learner::step(self, batch, learning_rate, l2);
    }
    fn loss(&self, rows: &[Features], targets: &[bool], l2: f64) -> f64 {
        Learner::loss(self, rows, targets, l2)
    }
}

/// Seeded mini-batch gradient descent: each epoch shuffles the examples, cuts them into
/// batches and takes one step per batch. Returns the model and the loss before learning and
/// after each epoch. The examples must have passed [`check_examples`].
fn descend<M: Descends>(
    mut model: M,
    rows: &[Features],
    targets: &[bool],
    settings: &Settings,
) -> (M, Vec<f64>) {
    let mut rng = seeded(settings.seed);
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let (rate, l2) = (settings.learning_rate, settings.l2);
    let mut losses = vec![model.loss(rows, targets, l2)];
    let mut batch = Vec::with_capacity(settings.batch_size);
    for _ in 0..settings.epochs {
        shuffle(&mut rng, &mut order);
        for chunk in order.chunks(settings.batch_size) {
            batch.clear();
            // Every position in `order` has a row and a target (checked before).
            batch.extend(
                chunk
                    .iter()
                    .filter_map(|&k| Some((rows.get(k)?.as_slice(), *targets.get(k)?))),
            );
            model.step(&batch, rate, l2);
        }
        losses.push(model.loss(rows, targets, l2));
    }
    (model, losses)
}

/// Checks the settings and that there are examples, one target each, with every feature index
/// below `dim` and every value finite.
fn check_examples(
    rows: &[Features],
    targets: &[bool],
    dim: usize,
    settings: &Settings,
) -> Result<()> {
    settings.check()?;
    if rows.is_empty() {
        return Err(Error::EmptyCorpus {
            what: "the training examples".into(),
        });
    }
    if rows.len() != targets.len() {
        return Err(Error::InvalidParameter {
            name: "targets",
            value: format!("{} targets for {} examples", targets.len(), rows.len()),
            expected: "one target per example",
        });
    }
    for (i, value) in rows.iter().flatten() {
        if *i >= dim || !value.is_finite() {
            return Err(Error::InvalidParameter {
                name: "rows",
                value: format!("a feature ({i}, {value})"),
                expected: "feature indices below dim and finite values",
            });
        }
    }
    Ok(())
}

/// A spam filter (or any two-label text classifier) made of a vocab and a [`Logistic`] model.
///
/// ```
/// use genai_demos::classify::logistic::{LogisticRegression, Settings};
/// use genai_demos::data::messages::{builtin, split};
///
/// let parts = split(&builtin()?, 0.2, 42)?;
/// let model = LogisticRegression::train(&parts.train, "spam", &Settings::default())?;
/// let answer = model.probability("WINNER! Claim your £500 prize at win-now.example")?;
/// assert!(answer > 0.9);
/// assert!(model.probability("Are we still on for dinner tonight?")? < 0.1);
/// assert!(model.loss_curve().len() == 11); // before learning, then after each of 10 epochs
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticRegression {
    /// The two labels, sorted.
    labels: Vec<String>,
    /// The label whose probability the sigmoid gives.
    positive: String,
    vocab: Vocab,
    model: Logistic,
    loss_curve: Vec<f64>,
    settings: Settings,
}

impl LogisticRegression {
    /// Learns to tell `positive` messages (say `spam`) from the others.
    ///
    /// The training messages must have exactly two labels, one of them `positive`. The vocab
    /// is every word of the training messages.
    pub fn train(
        messages: &[Message],
        positive: &str,
        settings: &Settings,
    ) -> Result<LogisticRegression> {
        settings.check()?;
        let (vocab, bags) = Vocab::build_with_counts(messages, 1)?;
        let labels = labels(messages);
        if !labels.iter().any(|l| l == positive) {
            return Err(Error::UnknownLabel {
                label: positive.to_string(),
                known: labels,
            });
        }
        if labels.len() != 2 {
            return Err(Error::InvalidParameter {
                name: "messages",
                value: format!(
                    "messages with {} labels ({})",
                    labels.len(),
                    labels.join(", ")
                ),
                expected: "messages with exactly two labels, one of them the positive label",
            });
        }
        let mut rows = Vec::with_capacity(messages.len());
        let mut targets = Vec::with_capacity(messages.len());
        for (message, counts) in messages.iter().zip(&bags) {
            rows.push(as_features(counts).collect());
            targets.push(message.label == positive);
        }
        let (model, loss_curve) = Logistic::fit(&rows, &targets, vocab.len(), settings)?;
        Ok(LogisticRegression {
            labels,
            positive: positive.to_string(),
            vocab,
            model,
            loss_curve,
            settings: settings.clone(),
        })
    }

    /// The label whose probability the model computes directly.
    pub fn positive(&self) -> &str {
        &self.positive
    }

    /// The vocab: the words that have a weight.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The learned bias and weights (weight `i` belongs to vocab word `i`).
    pub fn weights(&self) -> &Logistic {
        &self.model
    }

    /// The settings it was trained with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The loss before learning (entry 0) and after each epoch.
    pub fn loss_curve(&self) -> &[f64] {
        &self.loss_curve
    }

    /// The loss curve as a chart.
    pub fn loss_chart(&self) -> Result<Chart> {
        loss_chart(&self.loss_curve)
    }

    /// The logit of `text`: the bias plus the weights of its words. Above 0 means the positive
    /// label is more likely. A text with no words is an [`Error::EmptyInput`]; a text of only
    /// unknown words gets just the bias.
    pub fn logit(&self, text: &str) -> Result<f64> {
        let (counts, tokens) = self.vocab.known_counts(text);
        self.logit_of(&counts, tokens)
    }

    /// The logit of a message's known word counts, or an [`Error::EmptyInput`] if the message
    /// had no words at all (`tokens` is 0).
    fn logit_of(&self, counts: &[(usize, u32)], tokens: usize) -> Result<f64> {
        if tokens == 0 {
            return Err(Error::EmptyInput {
                what: "the message".into(),
            });
        }
        Ok(self.model.logit_of(as_features(counts)))
    }

    /// Each label's probability, in label order, when the positive label's is `p`.
    fn chances(&self, p: f64) -> impl Iterator<Item = (&String, f64)> {
        self.labels
            .iter()
            .map(move |label| (label, if *label == self.positive { p } else { 1.0 - p }))
    }

    /// `P(positive | text)`: the sigmoid of the logit.
    pub fn probability(&self, text: &str) -> Result<f64> {
        Ok(sigmoid(self.logit(text)?))
    }

    /// The `n` words that point most strongly to `label`: the biggest weights for the positive
    /// label, the most negative ones for the other label (their score is the weight with its
    /// sign flipped, so bigger always means "points more to this label").
    pub fn top_words(&self, label: &str, n: usize) -> Result<Vec<WordScore>> {
        let sign = self.sign_toward(label)?;
        let mut scores: Vec<WordScore> = self
            .vocab
            .words()
            .iter()
            .zip(&self.model.weights)
            .map(|(word, &w)| WordScore {
                word: word.clone(),
                score: sign * w,
            })
            .collect();
        scores.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.word.cmp(&b.word)));
        scores.truncate(n);
        Ok(scores)
    }

    /// +1 for the positive label, −1 for the other one.
    fn sign_toward(&self, label: &str) -> Result<f64> {
        if label == self.positive {
            Ok(1.0)
        } else if self.labels.iter().any(|l| l == label) {
            Ok(-1.0)
        } else {
            Err(Error::UnknownLabel {
                label: label.to_string(),
                known: self.labels.clone(),
            })
        }
    }
}

impl fmt::Display for LogisticRegression {
    /// A short summary: size, final loss, and the strongest words each way.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let last = self.loss_curve.last().copied().unwrap_or(f64::NAN);
        write!(
            f,
            "logistic regression over {} words, final training loss {:.3}",
            self.vocab.len(),
            last
        )?;
        for label in &self.labels {
            let words = self.top_words(label, 5).unwrap_or_default();
            let words: Vec<&str> = words.iter().map(|w| w.word.as_str()).collect();
            write!(f, "\n  words for {label}: {}", words.join(", "))?;
        }
        Ok(())
    }
}

impl LogisticRegression {
    /// Shows the summary and the loss curve in a notebook instead of thousands of weights.
    pub fn evcxr_display(&self) {
        let svg = self
            .loss_chart()
            .map(|c| c.svg().to_string())
            .unwrap_or_default();
        let plain = self.to_string();
        crate::show::display::show(&[("image/svg+xml", &svg), ("text/plain", &plain)]);
    }
}

/// Word counts (a bag's `counts`) as features for [`Logistic`]: each known word's count.
fn as_features(counts: &[(usize, u32)]) -> impl Iterator<Item = (usize, f64)> + '_ {
    counts.iter().map(|&(i, count)| (i, f64::from(count)))
}

impl Classifier for LogisticRegression {
    fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Both labels' probabilities (`p` and `1 − p`) and each known word's push, `weight ×
    /// count`, toward the chosen label.
    fn classify(&self, text: &str) -> Result<Classification> {
        let bag = self.vocab.bag(text);
        let p = sigmoid(self.logit_of(&bag.counts, bag.tokens)?);
        let probabilities: Vec<LabelProbability> = self
            .chances(p)
            .map(|(label, probability)| LabelProbability {
                label: label.clone(),
                probability,
            })
            .collect();
        let answer = Classification::new(text, probabilities, bag.unknown);
        // Each word's push toward the positive label is weight × count; flip it if the answer
        // is the other label.
        let sign = self.sign_toward(&answer.label)?;
        let mut evidence = Vec::new();
        for (i, count) in bag.counts {
            let weight = self.model.weights.get(i).copied().unwrap_or(0.0);
            evidence.push(WordScore {
                word: self.vocab.word(i).unwrap_or_default().to_string(),
                score: sign * weight * f64::from(count),
            });
        }
        Ok(answer.with_evidence(evidence))
    }

    /// The label [`LogisticRegression::classify`] picks, from the same logit, without the
    /// evidence.
    fn predict(&self, text: &str) -> Result<String> {
        let (counts, tokens) = self.vocab.known_counts(text);
        let p = sigmoid(self.logit_of(&counts, tokens)?);
        let chances: Vec<f64> = self.chances(p).map(|(_, chance)| chance).collect();
        let best = most_probable(&chances).and_then(|i| self.labels.get(i));
        Ok(best.cloned().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::messages::{builtin, split};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn one_gradient_step_by_hand() {
        // Two examples with one feature: x = 1 is positive, x = 2 is negative.
        // Start: w = 0, b = 0, so p = 0.5 for both.
        // Gradient for w: mean of (p − y)·x = ((0.5 − 1)·1 + (0.5 − 0)·2) / 2 = 0.25.
        // Gradient for b: mean of (p − y)   = (−0.5 + 0.5) / 2 = 0.
        // One full-batch step with learning rate 1: w = −0.25, b = 0.
        // Loss before: ln 2 = 0.693147.
        // Loss after: z₁ = −0.25, −ln σ(−0.25) = 0.825939; z₂ = −0.5, −ln(1 − σ(−0.5)) = 0.474077;
        // mean 0.650008; plus the L2 term 0.1/2 · 0.25² = 0.003125 → 0.653133.
        let rows = vec![vec![(0, 1.0)], vec![(0, 2.0)]];
        let settings = Settings {
            learning_rate: 1.0,
            epochs: 1,
            l2: 0.1,
            batch_size: 2,
            seed: 0,
        };
        let (model, losses) = Logistic::fit(&rows, &[true, false], 1, &settings).unwrap();
        assert!(close(model.weights[0], -0.25));
        assert!(close(model.bias, 0.0));
        assert!(close(losses[0], std::f64::consts::LN_2));
        assert!(close(losses[1], 0.653133), "{}", losses[1]);
    }

    #[test]
    fn l2_shrinks_a_weight_by_hand() {
        // One example, x = 1, positive; start from w = 2, b = 0: p = σ(2) = 0.880797.
        // Gradient for w: (p − 1)·1 + l2·w = −0.119203 + 0.5·2 = 0.880797.
        // Step with learning rate 0.1: w = 2 − 0.0880797 = 1.911920.
        let mut model = Logistic {
            bias: 0.0,
            weights: vec![2.0],
        };
        model.step(&[(&[(0, 1.0)], true)], 0.1, 0.5);
        assert!(close(model.weights[0], 1.911920), "{}", model.weights[0]);
        assert!(close(model.bias, 0.0119203), "{}", model.bias);
    }

    /// The loss written the plain way, one logarithm per example: `fit`'s loss curve takes one
    /// per 512 examples and must give the same numbers.
    fn plain_loss(m: &Logistic, rows: &[Features], targets: &[bool], l2: f64) -> f64 {
        let softplus = |z: f64| math::ln_1p(math::exp(-z.abs())) + z.max(0.0);
        let mut total = 0.0;
        for (row, &y) in rows.iter().zip(targets) {
            let z = m.logit(row);
            total += if y { softplus(-z) } else { softplus(z) };
        }
        let squares: f64 = m.weights.iter().map(|w| w * w).sum();
        total / rows.len() as f64 + 0.5 * l2 * squares
    }

    /// `fit` (shared shrink scale) and `fit_plain` (one plain step per batch) on the same
    /// examples: the same weights, bias and loss curve, and the last loss is the plain loss.
    fn plain_and_fast_agree(
        rows: &[Features],
        targets: &[bool],
        dim: usize,
        s: &Settings,
    ) -> std::result::Result<(), String> {
        let (fast, fast_losses) =
            Logistic::fit(rows, targets, dim, s).map_err(|e| e.to_string())?;
        let (plain, plain_losses) =
            Logistic::fit_plain(rows, targets, dim, s).map_err(|e| e.to_string())?;
        let last = plain_losses.last().copied().unwrap_or(f64::NAN);
        let pairs = std::iter::once((fast.bias, plain.bias))
            .chain(
                fast.weights
                    .iter()
                    .copied()
                    .zip(plain.weights.iter().copied()),
            )
            .chain(
                fast_losses
                    .iter()
                    .copied()
                    .zip(plain_losses.iter().copied()),
            )
            .chain(std::iter::once((
                last,
                plain_loss(&plain, rows, targets, s.l2),
            )));
        for (a, b) in pairs {
            if !near(a, b) {
                return Err(format!("{a} and {b} differ"));
            }
        }
        Ok(())
    }

    fn near(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
    }

    proptest::proptest! {
        #[test]
        fn fit_learns_what_the_plain_step_learns(
            rows in proptest::collection::vec(
                proptest::collection::vec((0usize..6, -3.0f64..3.0), 0..5), 1..20),
            targets in proptest::collection::vec(proptest::bool::ANY, 20),
            learning_rate in 0.01f64..2.0,
            // Up to a penalty that shrinks the weights 1e-100 times within a few dozen steps,
            // so that the shared scale is folded into the weights along the way.
            l2 in 0.0f64..0.99,
            epochs in 1usize..8,
            batch_size in 1usize..8,
            seed in 0u64..1000,
        ) {
            let targets = &targets[..rows.len()];
            let l2 = l2 / learning_rate.max(1.0);
            let settings = Settings { learning_rate, epochs, l2, batch_size, seed };
            let agree = plain_and_fast_agree(&rows, targets, 6, &settings);
            proptest::prop_assert!(agree.is_ok(), "{:?}", agree);
        }
    }

    #[test]
    fn penalties_that_shrink_the_weights_to_nothing_are_learned_too() {
        let rows = vec![vec![(0, 1.0), (1, 2.0)], vec![(1, -1.0)], vec![(0, 0.5)]];
        let targets = [true, false, true];
        // learning_rate × l2 = 1: each step first takes every weight to exactly 0.
        let zeroes = Settings {
            learning_rate: 2.0,
            l2: 0.5,
            epochs: 3,
            batch_size: 2,
            seed: 1,
        };
        // A shrink to a thousandth per step, for 300 steps: 10^-900 is far below the smallest
        // f64, so the shared scale must be folded into the weights on the way.
        let vanishing = Settings {
            learning_rate: 1.0,
            l2: 0.999,
            epochs: 100,
            batch_size: 1,
            seed: 2,
        };
        for settings in [zeroes, vanishing] {
            assert_eq!(plain_and_fast_agree(&rows, &targets, 2, &settings), Ok(()));
        }
    }

    #[test]
    fn sigmoid_and_the_loss_stay_finite() {
        assert!(close(sigmoid(2.0), 0.880797));
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        // Logits far beyond what e^z can hold: right answers cost 0, wrong ones cost |z|.
        let rows = vec![vec![(0, 1.0)], vec![(0, -1.0)]];
        let sure = Logistic {
            bias: 0.0,
            weights: vec![1000.0],
        };
        assert_eq!(sure.loss(&rows, &[true, false], 0.0), 0.0);
        assert!(close(sure.loss(&rows, &[false, true], 0.0), 1000.0));
        assert!(close(
            Logistic::zeros(1).loss(&rows, &[true, true], 0.0),
            std::f64::consts::LN_2
        ));
    }

    #[test]
    fn bad_settings_are_named() {
        let bad = [
            (
                Settings {
                    learning_rate: 0.0,
                    ..Settings::default()
                },
                "learning_rate",
            ),
            (
                Settings {
                    learning_rate: f64::NAN,
                    ..Settings::default()
                },
                "learning_rate",
            ),
            (
                Settings {
                    learning_rate: f64::INFINITY,
                    ..Settings::default()
                },
                "learning_rate",
            ),
            (
                Settings {
                    epochs: 0,
                    ..Settings::default()
                },
                "epochs",
            ),
            (
                Settings {
                    l2: -1.0,
                    ..Settings::default()
                },
                "l2",
            ),
            (
                Settings {
                    batch_size: 0,
                    ..Settings::default()
                },
                "batch_size",
            ),
        ];
        for (settings, field) in bad {
            match settings.check() {
                Err(Error::InvalidParameter { name, .. }) => assert_eq!(name, field),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_examples_are_errors() {
        let s = Settings::default();
        assert!(matches!(
            Logistic::fit(&[], &[], 1, &s),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(matches!(
            Logistic::fit(&[vec![(0, 1.0)]], &[true, false], 1, &s),
            Err(Error::InvalidParameter {
                name: "targets",
                ..
            })
        ));
        assert!(matches!(
            Logistic::fit(&[vec![(3, 1.0)]], &[true], 1, &s),
            Err(Error::InvalidParameter { name: "rows", .. })
        ));
        assert!(matches!(
            Logistic::fit(&[vec![(0, f64::NAN)]], &[true], 1, &s),
            Err(Error::InvalidParameter { name: "rows", .. })
        ));
    }

    #[test]
    fn label_errors() {
        let s = Settings::default();
        let one_label = vec![Message::new("ham", "hi").unwrap()];
        assert!(matches!(
            LogisticRegression::train(&one_label, "spam", &s),
            Err(Error::UnknownLabel { .. })
        ));
        assert!(matches!(
            LogisticRegression::train(&one_label, "ham", &s),
            Err(Error::InvalidParameter {
                name: "messages",
                ..
            })
        ));
        let three = vec![
            Message::new("ham", "hi").unwrap(),
            Message::new("spam", "win").unwrap(),
            Message::new("eggs", "boil").unwrap(),
        ];
        assert!(LogisticRegression::train(&three, "spam", &s).is_err());
        assert!(matches!(
            LogisticRegression::train(&[], "spam", &s),
            Err(Error::EmptyCorpus { .. })
        ));
    }

    fn trained(seed: u64) -> LogisticRegression {
        let parts = split(&builtin().unwrap(), 0.2, 42).unwrap();
        let settings = Settings {
            seed,
            ..Settings::default()
        };
        LogisticRegression::train(&parts.train, "spam", &settings).unwrap()
    }

    #[test]
    fn learns_the_spam_filter_and_explains_itself() {
        let model = trained(7);
        let curve = model.loss_curve();
        assert!(close(curve[0], std::f64::consts::LN_2));
        assert!(curve[curve.len() - 1] < 0.2, "final loss {curve:?}");
        let spammy: Vec<String> = model
            .top_words("spam", 15)
            .unwrap()
            .into_iter()
            .map(|w| w.word)
            .collect();
        assert!(
            spammy
                .iter()
                .any(|w| w == "<money>" || w == "claim" || w == "txt"),
            "{spammy:?}"
        );
        let hammy = model.top_words("ham", 5).unwrap();
        assert!(hammy.iter().all(|w| w.score > 0.0));
        assert!(model.top_words("eggs", 5).is_err());

        let answer = model.classify("Txt WIN to claim your £500 prize").unwrap();
        assert_eq!(answer.label, "spam");
        let total: f64 = answer.probabilities.iter().map(|p| p.probability).sum();
        assert!(close(total, 1.0));
        assert!(answer.evidence[0].score >= answer.evidence[answer.evidence.len() - 1].score);

        // No words at all is an error; only unknown words gives the bias alone.
        assert!(matches!(
            model.classify(" ?! "),
            Err(Error::EmptyInput { .. })
        ));
        let unknown = model.classify("zzyzx qwxq").unwrap();
        assert!(close(
            unknown.probability("spam").unwrap(),
            sigmoid(model.weights().bias)
        ));
        assert_eq!(unknown.unknown_words, ["zzyzx", "qwxq"]);
    }

    #[test]
    fn seeds_repeat_and_differ() {
        assert_eq!(trained(7), trained(7));
        assert_ne!(trained(7).weights(), trained(8).weights());
    }
}
