//! Measuring a classifier: how often it is right on messages it never saw, and how it is wrong.
//!
//! A classifier's answer for one message is a [`Classification`]: a probability for each label.
//! Over a held-out test set the answers fill a [`ConfusionMatrix`] (what the truth was against
//! what was predicted), and from it come three numbers:
//!
//! - **accuracy**: the share of all messages labelled right;
//! - **precision** for a label, say spam: of the messages called spam, the share that were spam
//!   (high precision means few good messages lost to the spam folder);
//! - **recall** for a label: of the messages that were spam, the share that were caught.

use crate::classify::features::WordScore;
use crate::data::messages::{Message, labels};
use crate::error::shorten;
use crate::error::{Error, Result};
use crate::show::chart::{self, Canvas, Chart, INK, PALETTE, Painted, font};
use crate::show::wording::{percent, stated};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A model that sorts a text into one of its labels: the *discriminative* job of Chapter 1.
pub trait Classifier {
    /// The labels the model can answer, sorted.
    fn labels(&self) -> &[String];
    /// The model's answer for `text`: a probability for each label, and the most likely one.
    fn classify(&self, text: &str) -> Result<Classification>;

    /// Only the label [`Classifier::classify`] would pick for `text` (and the same errors),
    /// without the explanation it builds: [`evaluate`] needs just the label for most test
    /// messages. A model may answer faster here; the default asks `classify`.
    fn predict(&self, text: &str) -> Result<String> {
        Ok(self.classify(text)?.label)
    }
}

/// A classifier's answer for one input: how probable each label is, and why.
///
/// Both classifiers of Chapter 1 answer with this type, so pages and tests can compare them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The input that was classified.
    pub text: String,
    /// The most probable label (on a tie, the first in sorted order).
    pub label: String,
    /// The probability of each label, in sorted label order; they sum to 1.
    pub probabilities: Vec<LabelProbability>,
    /// The known words of the input and how far each moved the answer *toward* the chosen
    /// label, as a change in log-odds (negative: it pointed away). Strongest push first.
    pub evidence: Vec<WordScore>,
    /// The input's words the model never saw in training; they count for nothing.
    pub unknown_words: Vec<String>,
}

/// Where the most probable label sits in `probabilities` (on a tie, the first), or `None` for
/// an empty list. [`Classification::new`] picks its label with it, and so does every lean
/// [`Classifier::predict`], so both always agree.
pub(crate) fn most_probable(probabilities: &[f64]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, &p) in probabilities.iter().enumerate() {
        // A strict `>` keeps the first label on a tie.
        if best.is_none_or(|(_, b)| p > b) {
            best = Some((i, p));
        }
    }
    best.map(|(i, _)| i)
}

/// One label and its probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelProbability {
    /// The label.
    pub label: String,
    /// The probability the model gives it, between 0 and 1.
    pub probability: f64,
}

impl Classification {
    /// Builds an answer from per-label probabilities and picks the most probable label. The
    /// caller makes sure the probabilities sum to 1.
    pub(crate) fn new(
        text: &str,
        probabilities: Vec<LabelProbability>,
        unknown_words: Vec<String>,
    ) -> Classification {
        let chances: Vec<f64> = probabilities.iter().map(|p| p.probability).collect();
        let best = most_probable(&chances).and_then(|i| probabilities.get(i));
        let label = best.map(|b| b.label.clone()).unwrap_or_default();
        Classification {
            text: text.to_string(),
            label,
            probabilities,
            evidence: Vec::new(),
            unknown_words,
        }
    }

    /// Adds the evidence for the chosen label, strongest push first.
    pub(crate) fn with_evidence(mut self, mut evidence: Vec<WordScore>) -> Classification {
        evidence.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.word.cmp(&b.word)));
        self.evidence = evidence;
        self
    }

    /// The probability given to `label`.
    pub fn probability(&self, label: &str) -> Result<f64> {
        match self.probabilities.iter().find(|p| p.label == label) {
            Some(p) => Ok(p.probability),
            None => Err(Error::UnknownLabel {
                label: label.to_string(),
                known: self.probabilities.iter().map(|p| p.label.clone()).collect(),
            }),
        }
    }

    /// A bar for each label's probability: how sure the model is about this one message.
    pub fn chart(&self) -> Result<Chart> {
        let title = format!("The model's answer: {}", self.label);
        let rows = self.probabilities.len().max(1) as u32;
        let height = 130 + 56 * rows;
        Chart::draw(&title, (chart::WIDTH, height), |root| {
            let area = root.titled(&title, font(22))?;
            let quoted = format!("“{}”", shorten(&self.text, 64));
            area.draw(&Text::new(quoted, (24, 8), font(15).pos(top_left())))?;
            for (i, p) in self.probabilities.iter().enumerate() {
                let top = 44 + 56 * i as i32;
                let colour = PALETTE[i % PALETTE.len()];
                probability_bar(&area, top, &p.label, p.probability, colour)?;
            }
            let bottom = 44 + 56 * rows as i32;
            let (toward, away) = self.evidence_words(3);
            let mut lines = Vec::new();
            if !toward.is_empty() {
                lines.push(format!("Words for “{}”: {}", self.label, toward.join(", ")));
            }
            if !away.is_empty() {
                lines.push(format!("Words against it: {}", away.join(", ")));
            }
            for (k, line) in lines.into_iter().enumerate() {
                let y = bottom + 4 + 22 * k as i32;
                area.draw(&Text::new(line, (24, y), font(15).pos(top_left())))?;
            }
            Ok(())
        })
    }

    /// Up to `n` words that pushed hardest toward the answer, and up to `n` that pushed
    /// hardest against it.
    fn evidence_words(&self, n: usize) -> (Vec<&str>, Vec<&str>) {
        let toward = self.evidence.iter().filter(|e| e.score > 0.0);
        let away = self.evidence.iter().rev().filter(|e| e.score < 0.0);
        (
            toward.take(n).map(|e| e.word.as_str()).collect(),
            away.take(n).map(|e| e.word.as_str()).collect(),
        )
    }

    /// Shows the answer in a notebook: the bar chart, and a line of text.
    pub fn evcxr_display(&self) {
        let svg = self
            .chart()
            .map(|c| c.svg().to_string())
            .unwrap_or_default();
        let plain = self.to_string();
        crate::show::display::show(&[("image/svg+xml", &svg), ("text/plain", &plain)]);
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.label)?;
        for p in &self.probabilities {
            write!(f, "  P({}) {}", p.label, stated(p.probability))?;
        }
        Ok(())
    }
}

/// One labelled bar of [`Classification::chart`], `top` pixels down the area.
fn probability_bar(
    area: &Canvas<'_>,
    top: i32,
    label: &str,
    probability: f64,
    colour: RGBColor,
) -> Painted {
    let (left, right, height) = (130, 540, 34);
    let middle = top + height / 2;
    let label_style = font(18).pos(Pos::new(HPos::Right, VPos::Center));
    area.draw(&Text::new(
        label.to_string(),
        (left - 14, middle),
        label_style,
    ))?;
    let filled = left + ((right - left) as f64 * probability.clamp(0.0, 1.0)).round() as i32;
    area.draw(&Rectangle::new(
        [(left, top), (filled, top + height)],
        colour.filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(left, top), (right, top + height)],
        INK.mix(0.45).stroke_width(1),
    ))?;
    let percent = format!("{:.1}%", 100.0 * probability);
    let value_style = font(17).pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(percent, (right + 10, middle), value_style))?;
    Ok(())
}

fn top_left() -> Pos {
    Pos::new(HPos::Left, VPos::Top)
}

/// Counts of (true label, predicted label) pairs: where a classifier is right and wrong.
///
/// Row = the true label, column = the predicted label, both in sorted label order. The diagonal
/// holds the right answers.
///
/// ```
/// use genai_demos::measure::metrics::ConfusionMatrix;
///
/// let labels = ["ham".to_string(), "spam".to_string()];
/// let pairs = [("spam", "spam"), ("spam", "ham"), ("ham", "ham"), ("ham", "ham")];
/// let m = ConfusionMatrix::from_pairs(&labels, &pairs)?;
/// assert_eq!(m.accuracy(), 0.75);
/// assert_eq!(m.recall("spam")?, 0.5); // one of two spams caught
/// assert_eq!(m.precision("spam")?, 1.0); // and nothing good was called spam
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    /// The labels, sorted: the order of both rows and columns.
    pub labels: Vec<String>,
    /// `counts[t][p]`: how many inputs with true label `t` were predicted as `p`.
    pub counts: Vec<Vec<usize>>,
}

impl ConfusionMatrix {
    /// Counts `(truth, predicted)` pairs over the given labels (sorted and deduplicated here).
    ///
    /// A pair naming a label outside `labels` is an [`Error::UnknownLabel`].
    pub fn from_pairs<T, P>(labels: &[String], pairs: &[(T, P)]) -> Result<ConfusionMatrix>
    where
        T: AsRef<str>,
        P: AsRef<str>,
    {
        let mut labels = labels.to_vec();
        labels.sort();
        labels.dedup();
        if labels.is_empty() {
            return Err(Error::EmptyInput {
                what: "the list of labels".into(),
            });
        }
        let mut matrix = ConfusionMatrix {
            counts: vec![vec![0; labels.len()]; labels.len()],
            labels,
        };
        for (truth, predicted) in pairs {
            let t = matrix.position(truth.as_ref())?;
            let p = matrix.position(predicted.as_ref())?;
            if let Some(cell) = matrix.counts.get_mut(t).and_then(|row| row.get_mut(p)) {
                *cell += 1;
            }
        }
        Ok(matrix)
    }

    /// Where `label` sits in the rows and columns.
    fn position(&self, label: &str) -> Result<usize> {
        self.labels
            .binary_search_by(|l| l.as_str().cmp(label))
            .map_err(|_| Error::UnknownLabel {
                label: label.to_string(),
                known: self.labels.clone(),
            })
    }

    /// How many inputs had true label `truth` and were predicted as `predicted`.
    pub fn count(&self, truth: &str, predicted: &str) -> Result<usize> {
        let (t, p) = (self.position(truth)?, self.position(predicted)?);
        Ok(self.cell(t, p))
    }

    fn cell(&self, t: usize, p: usize) -> usize {
        self.counts
            .get(t)
            .and_then(|row| row.get(p))
            .copied()
            .unwrap_or(0)
    }

    /// How many inputs were counted.
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// The share of inputs labelled right (0 when nothing was counted).
    pub fn accuracy(&self) -> f64 {
        let right: usize = (0..self.labels.len()).map(|i| self.cell(i, i)).sum();
        share(right, self.total())
    }

    /// Of the inputs predicted as `positive`, the share that truly were (0 when the model
    /// never predicted `positive`, as scikit-learn reports it too).
    pub fn precision(&self, positive: &str) -> Result<f64> {
        let p = self.position(positive)?;
        let predicted: usize = (0..self.labels.len()).map(|t| self.cell(t, p)).sum();
        Ok(share(self.cell(p, p), predicted))
    }

    /// Of the inputs that truly were `positive`, the share the model found (0 when there were
    /// none).
    pub fn recall(&self, positive: &str) -> Result<f64> {
        let t = self.position(positive)?;
        let truly: usize = (0..self.labels.len()).map(|p| self.cell(t, p)).sum();
        Ok(share(self.cell(t, t), truly))
    }

    /// The matrix as a heat grid: right answers (the diagonal) in green, mistakes in orange,
    /// stronger colour for bigger counts, and the count written in each cell in dark ink (the
    /// cells are opaque tints, so the count reads in every theme).
    pub fn chart(&self) -> Result<Chart> {
        let title = "Where the classifier is right and wrong";
        Chart::draw(title, (chart::WIDTH, chart::HEIGHT), |root| {
            let area = root.titled(title, font(22))?;
            self.paint_grid(&area)
        })
    }

    fn paint_grid(&self, area: &Canvas<'_>) -> Painted {
        let n = self.labels.len().max(1) as i32;
        // The grid is a square on the right; the row names sit on its left.
        let (left, top, size) = (180, 64, 300);
        let cell = size / n;
        let most = self
            .counts
            .iter()
            .flatten()
            .copied()
            .max()
            .unwrap_or(0)
            .max(1);
        let (right_colour, wrong_colour) = (PALETTE[2], PALETTE[4]);
        let centred = Pos::new(HPos::Center, VPos::Center);
        // Big counts in big cells; smaller when many labels make the cells small.
        let digits = (f64::from(cell) * 0.23).clamp(10.0, 34.0);
        for (t, truth) in self.labels.iter().enumerate() {
            let y = top + cell * t as i32;
            for (p, predicted) in self.labels.iter().enumerate() {
                let x = left + cell * p as i32;
                let count = self.cell(t, p);
                let colour = if t == p { right_colour } else { wrong_colour };
                let strength = 0.12 + 0.78 * count as f64 / most as f64;
                area.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    chart::tint(colour, strength).filled(),
                ))?;
                area.draw(&Rectangle::new(
                    [(x, y), (x + cell, y + cell)],
                    INK.mix(0.5).stroke_width(1),
                ))?;
                let middle = (x + cell / 2, y + cell / 2);
                let big = ("sans-serif", digits, FontStyle::Bold)
                    .into_font()
                    .color(&chart::INK_ON_TINT)
                    .pos(centred);
                area.draw(&Text::new(count.to_string(), middle, big))?;
                if cell >= 100 {
                    let note = if t == p { "right" } else { "wrong" };
                    let small = font(14).color(&chart::INK_ON_TINT).pos(centred);
                    area.draw(&Text::new(note, (middle.0, middle.1 + 30), small))?;
                }
                if t == 0 {
                    // Column names above the grid.
                    let style = font(17).pos(Pos::new(HPos::Center, VPos::Bottom));
                    area.draw(&Text::new(predicted.clone(), (middle.0, top - 6), style))?;
                }
            }
            let style = font(17).pos(Pos::new(HPos::Right, VPos::Center));
            area.draw(&Text::new(truth.clone(), (left - 10, y + cell / 2), style))?;
        }
        // The two axis names: above the column names, and above the row names.
        let header = font(16).pos(Pos::new(HPos::Center, VPos::Bottom));
        area.draw(&Text::new(
            "predicted label →",
            (left + size / 2, top - 30),
            header,
        ))?;
        let side = font(16).pos(Pos::new(HPos::Right, VPos::Bottom));
        area.draw(&Text::new("true label ↓", (left - 10, top - 6), side))?;
        Ok(())
    }

    /// Shows the heat grid in a notebook.
    pub fn evcxr_display(&self) {
        let svg = self
            .chart()
            .map(|c| c.svg().to_string())
            .unwrap_or_default();
        let plain = format!("{self:?}");
        crate::show::display::show(&[("image/svg+xml", &svg), ("text/plain", &plain)]);
    }
}

/// `part / whole`, or 0 when `whole` is 0.
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// How a classifier did on held-out messages, for one label of interest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The label precision and recall are about (for a spam filter: `spam`).
    pub positive: String,
    /// The share of test messages labelled right.
    pub accuracy: f64,
    /// Of the messages called `positive`, the share that were.
    pub precision: f64,
    /// Of the messages that were `positive`, the share that were caught.
    pub recall: f64,
    /// The full count of right and wrong answers.
    pub confusion: ConfusionMatrix,
    /// The messages the classifier got wrong, with its answer.
    pub mistakes: Vec<Mistake>,
    /// Test messages left out because they had no words at all (say, only ":-)"); a
    /// bag-of-words model has nothing to read in them.
    pub skipped: usize,
}

/// A test message the classifier got wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mistake {
    /// The true label.
    pub truth: String,
    /// The model's answer.
    pub answer: Classification,
}

/// Classifies every test message with `model` and compares the answers to the true labels.
///
/// ```
/// use genai_demos::data::messages::{builtin, split};
/// use genai_demos::measure::metrics::evaluate;
/// use genai_demos::classify::naive_bayes::NaiveBayes;
///
/// let parts = split(&builtin()?, 0.2, 42)?;
/// let model = NaiveBayes::train(&parts.train, 1.0)?;
/// let report = evaluate(&model, &parts.test, "spam")?;
/// assert!(report.accuracy > 0.9);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn evaluate<C: Classifier + ?Sized>(
    model: &C,
    test: &[Message],
    positive: &str,
) -> Result<Report> {
    if test.is_empty() {
        return Err(Error::EmptyCorpus {
            what: "the test messages".into(),
        });
    }
    let mut known = model.labels().to_vec();
    for label in labels(test) {
        if !known.contains(&label) {
            known.push(label);
        }
    }
    let mut pairs = Vec::new();
    let mut mistakes = Vec::new();
    let mut skipped = 0;
    for message in test {
        let label = match model.predict(&message.text) {
            Ok(label) => label,
            Err(Error::EmptyInput { .. }) => {
                skipped += 1;
                continue;
            }
            Err(other) => return Err(other),
        };
        if label != message.label {
            // Only a mistake is shown with its explanation, so only a mistake needs one.
            mistakes.push(Mistake {
                truth: message.label.clone(),
                answer: model.classify(&message.text)?,
            });
        }
        pairs.push((message.label.as_str(), label));
    }
    if pairs.is_empty() {
        return Err(Error::EmptyCorpus {
            what: "the test messages (none has a word in it)".into(),
        });
    }
    let confusion = ConfusionMatrix::from_pairs(&known, &pairs)?;
    Ok(Report {
        positive: positive.to_string(),
        accuracy: confusion.accuracy(),
        precision: confusion.precision(positive)?,
        recall: confusion.recall(positive)?,
        confusion,
        mistakes,
        skipped,
    })
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "accuracy {}, precision ({p}) {}, recall ({p}) {} on {} messages",
            percent(self.accuracy),
            percent(self.precision),
            percent(self.recall),
            self.confusion.total(),
            p = self.positive,
        )
    }
}

impl Report {
    /// Shows the report in a notebook: the heat grid and the three numbers.
    pub fn evcxr_display(&self) {
        let svg = self
            .confusion
            .chart()
            .map(|c| c.svg().to_string())
            .unwrap_or_default();
        let plain = self.to_string();
        crate::show::display::show(&[("image/svg+xml", &svg), ("text/plain", &plain)]);
    }
}

/// The training loss after each epoch: the curve that shows a model learning.
///
/// `losses[0]` is drawn at epoch 0 (before any learning), `losses[e]` after epoch `e`.
///
/// ```
/// let chart = genai_demos::measure::metrics::loss_chart(&[0.69, 0.4, 0.3, 0.25])?;
/// assert!(chart.svg().contains("epoch"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn loss_chart(losses: &[f64]) -> Result<Chart> {
    if losses.is_empty() {
        return Err(Error::Chart("there is no loss to draw".into()));
    }
    if losses.iter().any(|l| !l.is_finite()) {
        return Err(Error::Chart("a loss is not a finite number".into()));
    }
    let top = losses.iter().copied().fold(0.0, f64::max) * 1.1;
    let top = if top > 0.0 { top } else { 1.0 };
    let last_epoch = (losses.len() - 1).max(1) as f64;
    let title = "The loss falls as the model learns";
    Chart::draw(title, (chart::WIDTH, chart::HEIGHT), |root| {
        let mut plot = ChartBuilder::on(root)
            .caption(title, font(22))
            .margin(14)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..last_epoch, 0.0..top)?;
        chart::styled(&mut plot.configure_mesh())
            .x_desc("epoch (one pass over the training messages)")
            .y_desc("loss")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .draw()?;
        let colour = PALETTE[1];
        let points: Vec<(f64, f64)> = losses
            .iter()
            .enumerate()
            .map(|(e, &l)| (e as f64, l))
            .collect();
        plot.draw_series(LineSeries::new(points.clone(), colour.stroke_width(3)))?
            .label("training loss: how wrong, on average")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
            });
        if points.len() <= 60 {
            plot.draw_series(points.iter().map(|&p| Circle::new(p, 3, colour.filled())))?;
        }
        chart::legend(&mut plot)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels2() -> Vec<String> {
        vec!["ham".into(), "spam".into()]
    }

    /// 3 spam caught, 1 spam missed, 2 ham wrongly called spam, 4 ham right.
    fn small() -> ConfusionMatrix {
        let mut pairs = Vec::new();
        pairs.extend([("spam", "spam"); 3]);
        pairs.push(("spam", "ham"));
        pairs.extend([("ham", "spam"); 2]);
        pairs.extend([("ham", "ham"); 4]);
        ConfusionMatrix::from_pairs(&labels2(), &pairs).unwrap()
    }

    #[test]
    fn metrics_of_a_small_confusion_by_hand() {
        let m = small();
        assert_eq!(m.counts, [[4, 2], [1, 3]]);
        assert_eq!(m.total(), 10);
        // Right: 3 + 4 = 7 of 10.
        assert_eq!(m.accuracy(), 0.7);
        // Called spam: 3 + 2 = 5, of which 3 were spam.
        assert_eq!(m.precision("spam").unwrap(), 0.6);
        // Spam: 3 + 1 = 4, of which 3 were caught.
        assert_eq!(m.recall("spam").unwrap(), 0.75);
        // With ham as the label of interest: 4 of 5 called ham were ham, 4 of 6 ham found.
        assert_eq!(m.precision("ham").unwrap(), 0.8);
        assert!((m.recall("ham").unwrap() - 4.0 / 6.0).abs() < 1e-12);
        assert_eq!(m.count("ham", "spam").unwrap(), 2);
    }

    #[test]
    fn unknown_labels_and_empty_counts() {
        let m = small();
        assert!(matches!(
            m.precision("eggs"),
            Err(Error::UnknownLabel { .. })
        ));
        assert!(matches!(
            ConfusionMatrix::from_pairs(&labels2(), &[("spam", "eggs")]),
            Err(Error::UnknownLabel { .. })
        ));
        let none: [(&str, &str); 0] = [];
        let empty = ConfusionMatrix::from_pairs(&labels2(), &none).unwrap();
        assert_eq!(empty.accuracy(), 0.0);
        assert_eq!(empty.precision("spam").unwrap(), 0.0);
        assert!(matches!(
            ConfusionMatrix::from_pairs(&[], &none),
            Err(Error::EmptyInput { .. })
        ));
    }

    #[test]
    fn charts_show_counts_and_labels() {
        let svg = small().chart().unwrap().svg().to_string();
        // plotters writes each text on its own line between the tags.
        for needle in [
            ">\n4\n<",
            ">\n2\n<",
            ">\n1\n<",
            ">\n3\n<",
            ">\nspam\n<",
            ">\nham\n<",
        ] {
            assert!(svg.contains(needle), "missing {needle}");
        }
        assert_eq!(svg, small().chart().unwrap().svg());
        assert!(loss_chart(&[]).is_err());
        assert!(loss_chart(&[0.5, f64::NAN]).is_err());
        assert!(loss_chart(&[0.7]).is_ok());
    }

    #[test]
    fn classification_picks_the_most_probable_label() {
        let p = |label: &str, probability| LabelProbability {
            label: label.into(),
            probability,
        };
        let c = Classification::new("hi", vec![p("ham", 0.5), p("spam", 0.5)], vec![]);
        assert_eq!(c.label, "ham", "a tie goes to the first label");
        let c = Classification::new("hi", vec![p("ham", 0.2), p("spam", 0.8)], vec![]);
        assert_eq!(c.label, "spam");
        assert_eq!(c.probability("spam").unwrap(), 0.8);
        assert!(c.probability("eggs").is_err());
        assert_eq!(c.to_string(), "spam  P(ham) = 20%  P(spam) = 80%");
        assert!(c.chart().unwrap().svg().contains("80.0%"));
    }
}
