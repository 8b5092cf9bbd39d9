//! Seeded randomness: one seed gives the same numbers on every machine.
//!
//! The book promises that a seed reproduces a demo exactly, in the page, in the notebook and in
//! the tests. ChaCha is a generator whose output is fixed by its specification, so it does not
//! change between platforms or releases the way a "fast" generator may.

use crate::math;
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generator every demo draws from.
pub type Rng = ChaCha8Rng;

/// A generator started from `seed`.
///
/// ```
/// use genai_demos::random::{seeded, uniform};
///
/// let (mut a, mut b) = (seeded(42), seeded(42));
/// assert_eq!(uniform(&mut a), uniform(&mut b));
/// ```
pub fn seeded(seed: u64) -> Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A number drawn evenly from `[0, 1)`.
pub fn uniform(rng: &mut Rng) -> f64 {
    rng.random::<f64>()
}

/// A number from the bell curve with mean 0 and standard deviation 1 (the Box-Muller method:
/// two even draws become one normal draw).
///
/// ```
/// use genai_demos::random::{normal, seeded};
///
/// let mut rng = seeded(1);
/// let draws: Vec<f64> = (0..2000).map(|_| normal(&mut rng)).collect();
/// let mean = draws.iter().sum::<f64>() / draws.len() as f64;
/// assert!(mean.abs() < 0.1);
/// ```
pub fn normal(rng: &mut Rng) -> f64 {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    let u1 = 1.0 - uniform(rng);
    let u2 = uniform(rng);
    (-2.0 * math::ln(u1)).sqrt() * math::cos(std::f64::consts::TAU * u2)
}
