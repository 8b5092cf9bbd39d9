//! The learned picture model: a mixture of Gaussian "families" fitted to the training pictures.
//!
//! The training pictures of one shape are sorted into a few families of look-alikes (k-means).
//! Each family is summarised by its average picture, a few directions in which its members
//! differ (a bit further left, a bit bigger, a bit bolder: found by principal components), how
//! much they differ along each, and a small amount of leftover per-pixel wobble. That summary
//! is all the model keeps: the pictures themselves are thrown away.
//!
//! Because every family is a Gaussian, the model can answer the question diffusion needs in
//! closed form: *given a noisy picture, what clean picture was it most likely made from, on
//! average?* That answer is [`Mixture::denoise`].

use crate::error::{Error, Result, at_least};
use crate::math;
use crate::random::{Rng, normal, seeded, uniform};
use serde::{Deserialize, Serialize};

/// The smallest per-pixel variance a family may have, so no family collapses onto one exact
/// picture and every division stays finite.
const VARIANCE_FLOOR: f64 = 1e-4;

/// How many rounds of k-means sorting to allow before settling.
const SORTING_ROUNDS: usize = 25;

/// How many rounds of power iteration find each direction of variation.
const POWER_ROUNDS: usize = 60;

/// One family of look-alike pictures, as a Gaussian.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    /// The share of training pictures in this family: the prior of picking it.
    pub weight: f64,
    /// The family's average picture.
    pub mean: Vec<f64>,
    /// Directions (unit length, at right angles to each other) along which the family's
    /// pictures differ most.
    pub directions: Vec<Vec<f64>>,
    /// The variance of the family along each direction.
    pub spreads: Vec<f64>,
    /// The variance left over in every other direction, per pixel.
    pub wobble: f64,
}

/// A Gaussian mixture: a weighted set of families that together describe one kind of picture.
///
/// ```
/// use genai_demos::pictures::mixture::Mixture;
///
/// // Two tight clusters of two-pixel "pictures".
/// let points = vec![vec![-1.0, -1.0], vec![-0.9, -1.0], vec![1.0, 1.0], vec![0.9, 1.0]];
/// let model = Mixture::fit(&points, 2, 1, 7)?;
/// assert_eq!(model.components.len(), 2);
/// // A barely noisy point near the second cluster is cleaned up towards it.
/// let clean = model.denoise(&[0.9, 0.8], 0.99);
/// assert!(clean[0] > 0.8 && clean[1] > 0.8);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mixture {
    /// How many numbers (pixels) each point has.
    pub dim: usize,
    /// The families.
    pub components: Vec<Component>,
}

impl Mixture {
    /// Fits a mixture of up to `components` families, each with `directions` directions of
    /// variation, to `points`. The `seed` picks the k-means starting points.
    ///
    /// Families that end up with no pictures are dropped, so the fitted mixture may have
    /// fewer families than asked for.
    pub fn fit(
        points: &[Vec<f64>],
        components: usize,
        directions: usize,
        seed: u64,
    ) -> Result<Mixture> {
        at_least("components", components, 1, "at least 1 family")?;
        let first = points.first().ok_or_else(|| Error::EmptyCorpus {
            what: "the training pictures".into(),
        })?;
        let dim = first.len();
        at_least("the picture size", dim, 1, "at least 1 pixel")?;
        if points.iter().any(|p| p.len() != dim) {
            return Err(Error::InvalidParameter {
                name: "points",
                value: "pictures of different sizes".into(),
                expected: "pictures that all have the same number of pixels",
            });
        }
        if points.iter().flatten().any(|v| !v.is_finite()) {
            return Err(Error::InvalidParameter {
                name: "points",
                value: "a pixel that is not a finite number".into(),
                expected: "finite pixel values",
            });
        }
        let mut rng = seeded(seed);
        let k = components.min(points.len());
        let means = k_means(points, k, &mut rng);
        let families = assign(points, &means);

        let mut fitted = Vec::new();
        for (family, mean) in means.iter().enumerate() {
            let members: Vec<&Vec<f64>> = points
                .iter()
                .zip(&families)
                .filter(|(_, f)| **f == family)
                .map(|(p, _)| p)
                .collect();
            if members.is_empty() {
                continue;
            }
            let weight = members.len() as f64 / points.len() as f64;
            fitted.push(fit_component(&members, mean, weight, directions, &mut rng));
        }
        Ok(Mixture {
            dim,
            components: fitted,
        })
    }

    /// The denoiser: the average clean point `x0` that could have produced the noisy point
    /// `noisy`, when `noisy = sqrt(signal) * x0 + sqrt(1 - signal) * noise` with standard normal
    /// noise and `signal` in `[0, 1]`.
    ///
    /// It is exact for this model: each family's posterior mean, weighted by how well that
    /// family explains the noisy point (its responsibility).
    pub fn denoise(&self, noisy: &[f64], signal: f64) -> Vec<f64> {
        let signal = if signal.is_finite() {
            signal.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let s = signal.sqrt();
        let noise = 1.0 - signal;

        // For each family: how well it explains the noisy point (log score) and its guess.
        let mut scores = Vec::with_capacity(self.components.len());
        let mut guesses = Vec::with_capacity(self.components.len());
        for c in &self.components {
            // The noisy point as seen from this family's (shrunk) average.
            let offset: Vec<f64> = noisy.iter().zip(&c.mean).map(|(x, m)| x - s * m).collect();
            let length2 = dot(&offset, &offset);

            // Along every other direction the family varies by `wobble`, plus the noise.
            let rest_variance = signal * c.wobble + noise;
            let rest_gain = s * c.wobble / rest_variance;
            let mut guess: Vec<f64> = c
                .mean
                .iter()
                .zip(&offset)
                .map(|(m, o)| m + rest_gain * o)
                .collect();

            let mut along2 = 0.0;
            let mut log_score = math::ln(c.weight);
            for (u, spread) in c.directions.iter().zip(&c.spreads) {
                let along = dot(u, &offset);
                let variance = signal * spread + noise;
                log_score -= 0.5 * (along * along / variance + math::ln(variance));
                along2 += along * along;
                // Along this direction the gain differs from the rest: correct for it.
                let gain = s * spread / variance;
                for (g, ui) in guess.iter_mut().zip(u) {
                    *g += (gain - rest_gain) * along * ui;
                }
            }
            let rest_dims = self.dim.saturating_sub(c.directions.len()) as f64;
            let rest_length2 = (length2 - along2).max(0.0);
            log_score -= 0.5 * (rest_length2 / rest_variance + rest_dims * math::ln(rest_variance));
            scores.push(log_score);
            guesses.push(guess);
        }

        // Responsibilities: a softmax of the log scores (shifted by the best for safety).
        let best = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let weights: Vec<f64> = scores.iter().map(|s| math::exp(s - best)).collect();
        let total: f64 = weights.iter().sum();
        let mut clean = vec![0.0; self.dim];
        if !(total.is_finite() && total > 0.0) {
            return clean;
        }
        for (w, guess) in weights.iter().zip(&guesses) {
            for (c, g) in clean.iter_mut().zip(guess) {
                *c += w / total * g;
            }
        }
        clean
    }

    /// The average of all the families: the model's best guess when it knows nothing about
    /// the picture (the denoiser's answer for pure noise).
    pub fn mean(&self) -> Vec<f64> {
        let mut mean = vec![0.0; self.dim];
        for c in &self.components {
            for (m, v) in mean.iter_mut().zip(&c.mean) {
                *m += c.weight * v;
            }
        }
        mean
    }
}

/// Sorts `points` into `k` groups of look-alikes and returns each group's average (k-means).
///
/// The starting averages are spread out on purpose (k-means++): each next one is a training
/// point picked with a chance that grows with its squared distance from the ones already
/// chosen.
fn k_means(points: &[Vec<f64>], k: usize, rng: &mut Rng) -> Vec<Vec<f64>> {
    let mut means: Vec<Vec<f64>> = Vec::with_capacity(k);
    let start = ((uniform(rng) * points.len() as f64) as usize).min(points.len() - 1);
    means.push(points[start].clone());
    let mut nearest2: Vec<f64> = points.iter().map(|p| distance2(p, &means[0])).collect();
    while means.len() < k {
        let next = pick_by_weight(&nearest2, rng);
        means.push(points[next].clone());
        let added = &means[means.len() - 1];
        for (d, p) in nearest2.iter_mut().zip(points) {
            *d = d.min(distance2(p, added));
        }
    }

    let mut families = assign(points, &means);
    for _ in 0..SORTING_ROUNDS {
        // Move every average to the middle of its group (an empty group keeps its average).
        for (family, mean) in means.iter_mut().enumerate() {
            let mut sum = vec![0.0; mean.len()];
            let mut count = 0usize;
            for (p, f) in points.iter().zip(&families) {
                if *f == family {
                    for (s, v) in sum.iter_mut().zip(p) {
                        *s += v;
                    }
                    count += 1;
                }
            }
            if count > 0 {
                *mean = sum.into_iter().map(|s| s / count as f64).collect();
            }
        }
        let regrouped = assign(points, &means);
        if regrouped == families {
            break;
        }
        families = regrouped;
    }
    means
}

/// The index of the nearest average for every point (the first one on a tie).
fn assign(points: &[Vec<f64>], means: &[Vec<f64>]) -> Vec<usize> {
    let mut families = Vec::with_capacity(points.len());
    for p in points {
        let mut best = (0, f64::INFINITY);
        for (i, m) in means.iter().enumerate() {
            let d = distance2(p, m);
            if d < best.1 {
                best = (i, d);
            }
        }
        families.push(best.0);
    }
    families
}

/// Picks an index with a chance proportional to its weight; when every weight is 0 (all the
/// points are already chosen), the first index.
fn pick_by_weight(weights: &[f64], rng: &mut Rng) -> usize {
    let total: f64 = weights.iter().sum();
    if !total.is_finite() || total <= 0.0 {
        return 0;
    }
    let mut target = uniform(rng) * total;
    for (i, w) in weights.iter().enumerate() {
        if target < *w {
            return i;
        }
        target -= w;
    }
    // Rounding can leave a sliver past the end: give it to the last positive weight.
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// Summarises one family of pictures as a Gaussian: its average, its main directions of
/// variation (principal components, by power iteration) and the variance left over.
fn fit_component(
    members: &[&Vec<f64>],
    mean: &[f64],
    weight: f64,
    directions: usize,
    rng: &mut Rng,
) -> Component {
    let dim = mean.len();
    let n = members.len() as f64;
    // Recompute the average from the members, so it matches them exactly.
    let mut average = vec![0.0; dim];
    for m in members {
        for (a, v) in average.iter_mut().zip(m.iter()) {
            *a += v / n;
        }
    }
    let centred: Vec<Vec<f64>> = members
        .iter()
        .map(|m| m.iter().zip(&average).map(|(v, a)| v - a).collect())
        .collect();
    let total_variance: f64 = centred.iter().flatten().map(|v| v * v).sum::<f64>() / n;

    // Every direction of variation is a blend of the members' differences from the average,
    // so instead of searching all the pixels we search for the best blend. The table of how
    // alike each pair of members is (one row and column per member, much smaller than one
    // per pixel) has the same main directions, found by power iteration: multiply a blend by
    // the table again and again, and it turns towards the widest spread.
    let size = centred.len();
    let mut alike = vec![vec![0.0; size]; size];
    for i in 0..size {
        for j in 0..=i {
            let together = dot(&centred[i], &centred[j]) / n;
            alike[i][j] = together;
            alike[j][i] = together;
        }
    }
    let mut blends: Vec<Vec<f64>> = Vec::new();
    let mut found: Vec<Vec<f64>> = Vec::new();
    let mut spreads = Vec::new();
    for _ in 0..directions.min(dim) {
        let mut blend: Vec<f64> = (0..size).map(|_| normal(rng)).collect();
        for _ in 0..POWER_ROUNDS {
            let mut pulled: Vec<f64> = alike.iter().map(|row| dot(row, &blend)).collect();
            remove_found(&mut pulled, &blends);
            if !normalise(&mut pulled) {
                break;
            }
            blend = pulled;
        }
        remove_found(&mut blend, &blends);
        if !normalise(&mut blend) {
            break;
        }
        // The spread along the direction: blend . (table x blend).
        let mut spread = 0.0;
        for (row, b) in alike.iter().zip(&blend) {
            let pulled = dot(row, &blend);
            spread += b * pulled;
        }
        // The direction itself, in pixels: the blend of the members' differences.
        let mut direction = vec![0.0; dim];
        for (c, b) in centred.iter().zip(&blend) {
            for (d, v) in direction.iter_mut().zip(c) {
                *d += b * v;
            }
        }
        if spread <= 1e-12 || !normalise(&mut direction) {
            break;
        }
        blends.push(blend);
        found.push(direction);
        spreads.push(spread.max(VARIANCE_FLOOR));
    }
    // Whatever variance the directions did not capture is spread over the remaining pixels.
    let captured: f64 = spreads.iter().sum();
    let rest_dims = (dim - found.len()).max(1) as f64;
    let wobble = ((total_variance - captured) / rest_dims).max(VARIANCE_FLOOR);
    Component {
        weight,
        mean: average,
        directions: found,
        spreads,
        wobble,
    }
}

/// Removes from `v` its parts along the already `found` unit vectors (Gram-Schmidt).
fn remove_found(v: &mut [f64], found: &[Vec<f64>]) {
    for u in found {
        let along = dot(v, u);
        for (vi, ui) in v.iter_mut().zip(u) {
            *vi -= along * ui;
        }
    }
}

/// Scales `v` to unit length; false when it has (almost) no length to scale.
fn normalise(v: &mut [f64]) -> bool {
    let length = dot(v, v).sqrt();
    if !length.is_finite() || length <= 1e-12 {
        return false;
    }
    for x in v.iter_mut() {
        *x /= length;
    }
    true
}

/// The squared straight-line distance between two points.
///
/// This and [`dot`] are the inner loops of fitting and denoising, so they are written as plain
/// loops, which stay quick even in an unoptimised (notebook) build.
fn distance2(a: &[f64], b: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        let d = x - y;
        sum += d * d;
    }
    sum
}

/// The dot product: how far `a` points along `b` (times their lengths).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        sum += x * y;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_clusters() -> Vec<Vec<f64>> {
        vec![
            vec![-1.0, -1.0],
            vec![-0.8, -1.0],
            vec![1.0, 1.0],
            vec![0.8, 1.0],
        ]
    }

    #[test]
    fn k_means_finds_the_two_clusters_by_hand() {
        let m = Mixture::fit(&two_clusters(), 2, 0, 3).unwrap();
        let mut means: Vec<Vec<f64>> = m.components.iter().map(|c| c.mean.clone()).collect();
        means.sort_by(|a, b| a[0].total_cmp(&b[0]));
        // Averages of the two pairs: (-0.9, -1) and (0.9, 1).
        assert!((means[0][0] + 0.9).abs() < 1e-12 && (means[0][1] + 1.0).abs() < 1e-12);
        assert!((means[1][0] - 0.9).abs() < 1e-12 && (means[1][1] - 1.0).abs() < 1e-12);
        for c in &m.components {
            assert!((c.weight - 0.5).abs() < 1e-12);
            // Each pair differs by 0.2 in x only: variance 0.01 per point over 2 pixels,
            // i.e. 0.005 per pixel when no direction is kept.
            assert!((c.wobble - 0.005).abs() < 1e-12);
        }
    }

    #[test]
    fn the_main_direction_is_found() {
        // Points along the line y = 2x: the direction is (1, 2) / sqrt(5).
        let points: Vec<Vec<f64>> = (-3..=3)
            .map(|i| vec![i as f64 * 0.1, i as f64 * 0.2])
            .collect();
        let m = Mixture::fit(&points, 1, 1, 1).unwrap();
        let c = &m.components[0];
        let u = &c.directions[0];
        let expected = [1.0 / 5f64.sqrt(), 2.0 / 5f64.sqrt()];
        let dot = (u[0] * expected[0] + u[1] * expected[1]).abs();
        assert!((dot - 1.0).abs() < 1e-9, "direction {u:?}");
        // Variance along it: mean of (0.1 i)^2 * 5 over i = -3..3 = 0.05 * 4 = 0.2.
        assert!((c.spreads[0] - 0.2).abs() < 1e-9);
        // Nothing is left over, so the wobble sits on the floor.
        assert_eq!(c.wobble, VARIANCE_FLOOR);
    }

    #[test]
    fn denoising_one_gaussian_by_hand() {
        // One family: mean 0.5 in one pixel, variance 0.01 (all wobble, no directions).
        let m = Mixture {
            dim: 1,
            components: vec![Component {
                weight: 1.0,
                mean: vec![0.5],
                directions: vec![],
                spreads: vec![],
                wobble: 0.01,
            }],
        };
        // signal 0.64 (s = 0.8), noise variance 0.36: the posterior mean is
        // 0.5 + 0.8 * 0.01 / (0.64 * 0.01 + 0.36) * (x - 0.8 * 0.5).
        let x = 1.0;
        let expected = 0.5 + 0.8 * 0.01 / (0.0064 + 0.36) * (x - 0.4);
        assert!((m.denoise(&[x], 0.64)[0] - expected).abs() < 1e-12);
        // With no signal left, the best guess is the mean; with no noise, the point itself.
        assert!((m.denoise(&[3.0], 0.0)[0] - 0.5).abs() < 1e-12);
        assert!((m.denoise(&[0.7], 1.0)[0] - 0.7).abs() < 1e-12);
    }

    #[test]
    fn a_direction_and_the_wobble_agree_when_their_variances_match() {
        // A direction with the same variance as the wobble changes nothing.
        let plain = Component {
            weight: 1.0,
            mean: vec![0.2, -0.1],
            directions: vec![],
            spreads: vec![],
            wobble: 0.3,
        };
        let with_direction = Component {
            directions: vec![vec![0.6, 0.8]],
            spreads: vec![0.3],
            ..plain.clone()
        };
        let a = Mixture {
            dim: 2,
            components: vec![plain],
        };
        let b = Mixture {
            dim: 2,
            components: vec![with_direction],
        };
        let (x, signal) = ([0.9, -0.4], 0.5);
        let (ga, gb) = (a.denoise(&x, signal), b.denoise(&x, signal));
        assert!((ga[0] - gb[0]).abs() < 1e-12 && (ga[1] - gb[1]).abs() < 1e-12);
    }

    #[test]
    fn responsibilities_pick_the_family_that_explains_the_point() {
        let m = Mixture::fit(&two_clusters(), 2, 0, 3).unwrap();
        let near_first = m.denoise(&[-0.9, -1.0], 0.999);
        assert!(near_first[0] < -0.8 && near_first[1] < -0.9);
        // Pure noise: the guess is the overall mean, (0, 0).
        let blind = m.denoise(&[5.0, -3.0], 0.0);
        assert!(blind[0].abs() < 1e-12 && blind[1].abs() < 1e-12);
        assert_eq!(m.mean(), vec![0.0, 0.0]);
    }

    #[test]
    fn fitting_is_deterministic_and_validates() {
        let points = two_clusters();
        assert_eq!(
            Mixture::fit(&points, 2, 1, 5).unwrap(),
            Mixture::fit(&points, 2, 1, 5).unwrap()
        );
        assert!(matches!(
            Mixture::fit(&[], 2, 1, 5),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(Mixture::fit(&points, 0, 1, 5).is_err());
        assert!(Mixture::fit(&[vec![1.0], vec![1.0, 2.0]], 1, 0, 5).is_err());
        assert!(Mixture::fit(&[vec![f64::NAN]], 1, 0, 5).is_err());
        // More families than points: one family per point at most.
        assert_eq!(Mixture::fit(&points, 10, 0, 5).unwrap().components.len(), 4);
    }

    #[test]
    fn pick_by_weight_follows_the_weights() {
        let mut rng = seeded(4);
        assert_eq!(pick_by_weight(&[0.0, 0.0, 1.0], &mut rng), 2);
        assert_eq!(pick_by_weight(&[0.0, 0.0], &mut rng), 0);
        let mut counts = [0i32; 2];
        for _ in 0..4000 {
            counts[pick_by_weight(&[1.0, 3.0], &mut rng)] += 1;
        }
        // Expect 1000 and 3000.
        assert!((counts[0] - 1000).abs() < 120, "{counts:?}");
    }
}
