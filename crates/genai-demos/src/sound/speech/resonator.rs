//! The resonator: the one filter a formant synthesiser is built from.
//!
//! A formant is a frequency at which the air in the throat and mouth rings. A *resonator* is a
//! tiny filter that rings the same way: each output sample is a little of the input plus the
//! last two outputs, weighted so that a sound near the centre frequency builds up and other
//! frequencies die away. The *bandwidth* says how sharp the ringing is (a narrow one rings long).
//! With a centre `F` and a bandwidth `B` at `T` seconds a sample:
//!
//! ```text
//! y[n] = a·x[n] + b·y[n-1] + c·y[n-2]
//! c = -exp(-2π·B·T),  b = 2·exp(-π·B·T)·cos(2π·F·T),  a = 1 - b - c
//! ```
//!
//! `a` makes a steady input come out at the same level (a gain of 1 at 0 Hz), so resonators
//! can be chained one after another, as Dennis Klatt's 1980 synthesiser chains its formants.

use crate::math;
use std::f64::consts::PI;

/// A second-order resonator with its last two outputs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Resonator {
    a: f64,
    b: f64,
    c: f64,
    last: f64,
    before_last: f64,
}

impl Resonator {
    /// A resonator at `centre` hertz with `bandwidth` hertz, for `sample_rate` samples a second.
    ///
    /// ```
    /// use genai_demos::sound::speech::resonator::Resonator;
    ///
    /// // A steady input of 1 settles at 1: the gain at 0 Hz is one.
    /// let mut r = Resonator::new(500.0, 80.0, 16_000.0);
    /// let mut y = 0.0;
    /// for _ in 0..2000 {
    ///     y = r.step(1.0);
    /// }
    /// assert!((y - 1.0).abs() < 1e-9);
    /// ```
    pub fn new(centre: f64, bandwidth: f64, sample_rate: f64) -> Resonator {
        let mut r = Resonator::default();
        r.tune(centre, bandwidth, sample_rate);
        r
    }

    /// Moves the centre and bandwidth, keeping what is ringing (a formant gliding smoothly).
    pub fn tune(&mut self, centre: f64, bandwidth: f64, sample_rate: f64) {
        let t = 1.0 / sample_rate;
        self.c = -math::exp(-2.0 * PI * bandwidth * t);
        self.b = 2.0 * math::exp(-PI * bandwidth * t) * math::cos(2.0 * PI * centre * t);
        self.a = 1.0 - self.b - self.c;
    }

    /// Filters one sample.
    pub fn step(&mut self, x: f64) -> f64 {
        let y = self.a * x + self.b * self.last + self.c * self.before_last;
        self.before_last = self.last;
        self.last = y;
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loudness of a sine of `hz` after the resonator, once it has settled.
    fn gain(r: Resonator, hz: f64) -> f64 {
        let mut r = r;
        let mut peak: f64 = 0.0;
        for n in 0..16_000 {
            let y = r.step(math::sin(2.0 * PI * hz * n as f64 / 16_000.0));
            if n > 8_000 {
                peak = peak.max(y.abs());
            }
        }
        peak
    }

    #[test]
    fn it_rings_loudest_at_its_centre() {
        let r = Resonator::new(1000.0, 100.0, 16_000.0);
        let at = gain(r, 1000.0);
        assert!(at > 5.0 * gain(r, 500.0), "{at}");
        assert!(at > 5.0 * gain(r, 2000.0));
        // Narrower bandwidth, sharper peak.
        assert!(gain(Resonator::new(1000.0, 50.0, 16_000.0), 1000.0) > 1.5 * at);
    }
}
