//! The picture sorter: the book's "cat or dog?", with shapes. It reads a picture's shape, size,
//! stroke and place, and it cannot draw anything.
//!
//! Each attribute has its own *softmax regression*: one weight per feature and per class, so
//! every class gets a score (its *logit*) that adds up the evidence of the picture, and the
//! softmax turns the scores into probabilities that sum to 1. It is the spam filter's logistic
//! regression with more than two answers. It reads the 400 pixels slid so that the ink sits in
//! the middle (a ring is then a ring wherever it was drawn); next to them it sees where the ink
//! was centred and four counts a person would use too: how many rows and how many columns have
//! ink (a large shape spans more), how many pixels are fully inked and how many have any ink (a
//! bold outline has a bigger share of full ones).
//!
//! Learning is gradient descent on the cross-entropy, in mini-batches, with the spam filter's
//! [`Settings`]: for every picture and class, the step moves each weight by
//! `learning_rate x (truth - probability) x feature`.

use crate::classify::logistic::Settings;
use crate::error::{Error, Result};
use crate::math;
use crate::pictures::describe::{Attributes, Captioned, Horizontal, Size, Stroke, Vertical};
use crate::pictures::shapes::{Image, SIDE, Shape};
use crate::random::seeded;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

/// How many numbers the sorter reads from a picture: its pixels, slid so the ink sits in the
/// middle, then six numbers about where and how much ink there is.
pub const FEATURES: usize = SIDE * SIDE + 6;

/// Where the ink of a picture is centred, in pixels from the top left (the middle when there
/// is no ink).
pub fn ink_centre(image: &Image) -> (f64, f64) {
    let (mut sx, mut sy, mut total) = (0.0, 0.0, 0.0);
    for row in 0..image.side {
        for col in 0..image.side {
            let v = image.pixel(col, row);
            sx += v * (col as f64 + 0.5);
            sy += v * (row as f64 + 0.5);
            total += v;
        }
    }
    let middle = image.side as f64 / 2.0;
    if total > 0.0 {
        (sx / total, sy / total)
    } else {
        (middle, middle)
    }
}

/// The numbers a picture becomes. First its pixels, slid by whole pixels so that the ink's
/// centre is in the middle: the same shape then looks the same wherever it was drawn, as it
/// does to your eye. Then where the ink's centre was (left of the middle is negative, and so
/// is above it), the share of rows and of columns with ink, and the counts of fully inked and
/// of inked pixels (scaled to be about 1).
///
/// ```
/// use genai_demos::classify::pictures::{features, FEATURES};
/// use genai_demos::pictures::shapes::{Image, Shape};
///
/// let x = features(&Image::draw(Shape::Square, (10.0, 10.0), 5.0, 2.0));
/// assert_eq!(x.len(), FEATURES);
/// assert!((x[402] - 12.0 / 20.0).abs() < 1e-12); // 12 rows have ink
/// ```
pub fn features(image: &Image) -> Vec<f64> {
    let side = image.side;
    let (cx, cy) = ink_centre(image);
    let middle = side as f64 / 2.0;
    let (dx, dy) = ((cx - middle).round() as i64, (cy - middle).round() as i64);
    let mut x = Vec::with_capacity(side * side + 6);
    for row in 0..side as i64 {
        for col in 0..side as i64 {
            let (from_col, from_row) = (col + dx, row + dy);
            let inside =
                (0..side as i64).contains(&from_col) && (0..side as i64).contains(&from_row);
            x.push(if inside {
                image.pixel(from_col as usize, from_row as usize)
            } else {
                0.0
            });
        }
    }
    let inked = |v: f64| v > 0.5;
    let rows = (0..side)
        .filter(|&r| (0..side).any(|c| inked(image.pixel(c, r))))
        .count();
    let columns = (0..side)
        .filter(|&c| (0..side).any(|r| inked(image.pixel(c, r))))
        .count();
    let full = image.pixels.iter().filter(|&&v| v > 0.9).count();
    let any = image.pixels.iter().filter(|&&v| v > 0.1).count();
    x.push((cx - middle) / 2.0);
    x.push((cy - middle) / 2.0);
    x.push(rows as f64 / side as f64);
    x.push(columns as f64 / side as f64);
    x.push(full as f64 / 50.0);
    x.push(any as f64 / 100.0);
    x
}

/// One softmax regression: a row of weights (and a bias, last) per class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Softmax {
    /// `weights[class]` has one weight per feature, then the bias.
    pub weights: Vec<Vec<f64>>,
}

impl Softmax {
    /// All weights 0: every class equally likely.
    pub fn zeros(classes: usize, features: usize) -> Softmax {
        Softmax {
            weights: vec![vec![0.0; features + 1]; classes],
        }
    }

    /// The probability of each class for features `x`.
    pub fn probabilities(&self, x: &[f64]) -> Vec<f64> {
        let logits: Vec<f64> = self
            .weights
            .iter()
            .map(|w| {
                let bias = w.last().copied().unwrap_or(0.0);
                bias + w.iter().zip(x).map(|(a, b)| a * b).sum::<f64>()
            })
            .collect();
        // Shift by the largest logit so that exp never overflows; the shares do not change.
        let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exps: Vec<f64> = logits.iter().map(|l| math::exp(l - top)).collect();
        let total: f64 = exps.iter().sum();
        exps.iter().map(|e| e / total).collect()
    }

    /// The most probable class and its probability.
    pub fn predict(&self, x: &[f64]) -> (usize, f64) {
        let p = self.probabilities(x);
        p.iter()
            .copied()
            .enumerate()
            .fold((0, f64::NEG_INFINITY), |best, (i, v)| {
                if v > best.1 { (i, v) } else { best }
            })
    }

    /// One gradient-descent step on a batch of `(features, class)` pairs: the cross-entropy's
    /// gradient for each weight is `(probability - truth) x feature`, averaged over the batch,
    /// plus the L2 pull toward 0.
    pub fn step(&mut self, batch: &[(&[f64], usize)], learning_rate: f64, l2: f64) {
        if batch.is_empty() {
            return;
        }
        let classes = self.weights.len();
        let width = self.weights.first().map_or(0, Vec::len);
        let mut gradient = vec![vec![0.0; width]; classes];
        for (x, truth) in batch {
            let p = self.probabilities(x);
            for (k, g) in gradient.iter_mut().enumerate() {
                let error = p[k] - if k == *truth { 1.0 } else { 0.0 };
                for (gi, xi) in g.iter_mut().zip(x.iter()) {
                    *gi += error * xi;
                }
                if let Some(bias) = g.last_mut() {
                    *bias += error;
                }
            }
        }
        let n = batch.len() as f64;
        for (w, g) in self.weights.iter_mut().zip(&gradient) {
            let last = w.len().saturating_sub(1);
            for (i, (wi, gi)) in w.iter_mut().zip(g).enumerate() {
                let pull = if i == last { 0.0 } else { l2 * *wi };
                *wi -= learning_rate * (gi / n + pull);
            }
        }
    }

    /// The average cross-entropy over `(features, class)` pairs: how surprised the model is by
    /// the true classes.
    pub fn loss(&self, rows: &[(&[f64], usize)]) -> f64 {
        let total: f64 = rows
            .iter()
            .map(|(x, truth)| -math::ln(self.probabilities(x)[*truth].max(1e-300)))
            .sum();
        total / rows.len().max(1) as f64
    }
}

/// What the sorter reads in a picture, with how sure it is of each attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The attributes it reads.
    pub attributes: Attributes,
    /// Its probability for each of them, in the order shape, size, stroke, top or bottom,
    /// left or right.
    pub sureness: [f64; 5],
}

/// The `i`th of `all`, or the first when `i` is out of range.
fn pick<T: Copy>(all: &[T], i: usize, first: T) -> T {
    all.get(i).copied().unwrap_or(first)
}

/// The class index of each attribute of `a`, in the sorter's order.
fn classes(a: &Attributes) -> [usize; 5] {
    let index = |found: Option<usize>| found.unwrap_or(0);
    [
        index(Shape::ALL.iter().position(|s| *s == a.shape)),
        index(Size::ALL.iter().position(|s| *s == a.size)),
        index(Stroke::ALL.iter().position(|s| *s == a.stroke)),
        index(Vertical::ALL.iter().position(|v| *v == a.vertical)),
        index(Horizontal::ALL.iter().position(|h| *h == a.horizontal)),
    ]
}

/// The settings the book's sorter trains with: 60 passes, small batches.
pub fn settings() -> Settings {
    Settings {
        learning_rate: 0.5,
        epochs: 60,
        l2: 1e-4,
        batch_size: 16,
        seed: 11,
    }
}

/// Five softmax regressions, one per attribute, that read a picture.
///
/// ```
/// use genai_demos::classify::pictures::{settings, PictureSorter};
/// use genai_demos::pictures::describe::{Attributes, DescribedSet};
/// use genai_demos::random::seeded;
///
/// let training = DescribedSet::draw(1, 3, true)?;
/// let sorter = PictureSorter::train(&training.pictures, &settings())?;
/// let asked = Attributes::all()[5];
/// let picture = asked.draw(&mut seeded(99));
/// assert_eq!(sorter.read(&picture).attributes.shape, asked.shape);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PictureSorter {
    /// The models, in the order shape, size, stroke, top or bottom, left or right.
    pub heads: Vec<Softmax>,
    /// The settings it learned with.
    pub settings: Settings,
    /// The average loss of the five models after each pass over the pictures.
    pub loss_curve: Vec<f64>,
}

impl PictureSorter {
    /// Learns the five models from captioned pictures by gradient descent.
    pub fn train(pictures: &[Captioned], settings: &Settings) -> Result<PictureSorter> {
        settings.check()?;
        if pictures.is_empty() {
            return Err(Error::EmptyCorpus {
                what: "the training pictures".into(),
            });
        }
        let rows: Vec<Vec<f64>> = pictures.iter().map(|p| features(&p.image)).collect();
        let truths: Vec<[usize; 5]> = pictures.iter().map(|p| classes(&p.attributes)).collect();
        let sizes = [Shape::ALL.len(), 2, 2, 2, 2];
        let mut heads: Vec<Softmax> = sizes.iter().map(|&k| Softmax::zeros(k, FEATURES)).collect();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut rng = seeded(settings.seed);
        let mut loss_curve = Vec::with_capacity(settings.epochs);
        for _ in 0..settings.epochs {
            order.shuffle(&mut rng);
            for chunk in order.chunks(settings.batch_size) {
                for (a, head) in heads.iter_mut().enumerate() {
                    let batch: Vec<(&[f64], usize)> = chunk
                        .iter()
                        .map(|&i| (rows[i].as_slice(), truths[i][a]))
                        .collect();
                    head.step(&batch, settings.learning_rate, settings.l2);
                }
            }
            let mut loss = 0.0;
            for (a, head) in heads.iter().enumerate() {
                let all: Vec<(&[f64], usize)> = rows
                    .iter()
                    .zip(&truths)
                    .map(|(x, t)| (x.as_slice(), t[a]))
                    .collect();
                loss += head.loss(&all);
            }
            loss_curve.push(loss / heads.len() as f64);
        }
        Ok(PictureSorter {
            heads,
            settings: settings.clone(),
            loss_curve,
        })
    }

    /// Reads a picture's attributes.
    pub fn read(&self, image: &Image) -> Reading {
        let x = features(image);
        let mut picked = [0usize; 5];
        let mut sureness = [0.0; 5];
        for (a, head) in self.heads.iter().enumerate().take(5) {
            let (class, p) = head.predict(&x);
            picked[a] = class;
            sureness[a] = p;
        }
        let attributes = Attributes {
            shape: pick(&Shape::ALL, picked[0], Shape::Ring),
            size: pick(&Size::ALL, picked[1], Size::Small),
            stroke: pick(&Stroke::ALL, picked[2], Stroke::Thin),
            vertical: pick(&Vertical::ALL, picked[3], Vertical::Top),
            horizontal: pick(&Horizontal::ALL, picked[4], Horizontal::Left),
        };
        Reading {
            attributes,
            sureness,
        }
    }

    /// The share of attributes read right on `pictures`, per attribute (shape, size, stroke,
    /// top or bottom, left or right) and over all five.
    pub fn accuracy(&self, pictures: &[Captioned]) -> Accuracy {
        let mut right = [0usize; 5];
        for p in pictures {
            let read = classes(&self.read(&p.image).attributes);
            let truth = classes(&p.attributes);
            for a in 0..5 {
                right[a] += usize::from(read[a] == truth[a]);
            }
        }
        let n = pictures.len().max(1) as f64;
        let per_attribute = right.map(|r| r as f64 / n);
        Accuracy {
            pictures: pictures.len(),
            per_attribute,
            overall: per_attribute.iter().sum::<f64>() / 5.0,
        }
    }
}

/// How often a sorter reads attributes right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accuracy {
    /// How many pictures were read.
    pub pictures: usize,
    /// The share read right for shape, size, stroke, top or bottom, left or right.
    pub per_attribute: [f64; 5],
    /// The average of the five.
    pub overall: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pictures::describe::DescribedSet;

    #[test]
    fn softmax_by_hand() {
        let mut m = Softmax::zeros(2, 1);
        assert_eq!(m.probabilities(&[3.0]), vec![0.5, 0.5]);
        m.weights[1] = vec![1.0, 0.0];
        let p = m.probabilities(&[math::ln(2.0)]);
        assert!((p[1] - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(m.predict(&[1.0]).0, 1);
        // A step on a picture of class 0 moves its probability up.
        let before = m.probabilities(&[1.0])[0];
        m.step(&[(&[1.0], 0)], 0.5, 0.0);
        assert!(m.probabilities(&[1.0])[0] > before);
    }

    #[test]
    fn the_sorter_reads_pictures_it_never_saw_including_held_out_combinations() {
        let training = DescribedSet::draw(1, 6, true).unwrap();
        let sorter = PictureSorter::train(&training.pictures, &settings()).unwrap();
        let first = sorter.loss_curve[0];
        let last = *sorter.loss_curve.last().unwrap();
        assert!(last < first / 2.0, "{first} -> {last}");
        let test = DescribedSet::draw(2, 2, false).unwrap();
        let all = sorter.accuracy(&test.pictures);
        assert!(all.overall >= 0.95, "{all:?}");
        for (a, share) in all.per_attribute.iter().enumerate() {
            assert!(*share >= 0.9, "attribute {a}: {all:?}");
        }
        let held_out = Attributes::held_out();
        let unseen: Vec<Captioned> = test
            .pictures
            .iter()
            .filter(|p| held_out.contains(&p.attributes))
            .cloned()
            .collect();
        assert_eq!(unseen.len(), 2 * held_out.len());
        assert!(sorter.accuracy(&unseen).overall >= 0.9);
    }

    #[test]
    fn bad_training_is_an_error() {
        assert!(PictureSorter::train(&[], &settings()).is_err());
        let set = DescribedSet::draw(1, 1, true).unwrap();
        let broken = Settings {
            epochs: 0,
            ..settings()
        };
        assert!(PictureSorter::train(&set.pictures, &broken).is_err());
    }
}
