//! Formants measured back from a waveform by linear prediction, to check the synthesiser.
//!
//! Linear prediction guesses each sample from the `p` samples before it:
//! `x[n] ≈ a1·x[n-1] + … + ap·x[n-p]`. The best weights (least squared error) describe the
//! filter the sound went through, and that filter's loudest frequencies, its peaks, are the
//! formants.
//!
//! One care: the vocal folds push air in only while they are open. While they are shut, the
//! sound is the throat and mouth ringing on their own, and a predictor fitted there sees the
//! filter alone, not the pitch's harmonics (which pull the measured F1 of a high voice towards a
//! harmonic). So the predictor is fitted on many short stretches of the vowel, and the stretch
//! it predicts best, a *closed phase*, is the one measured.

use crate::error::{Error, Result};
use crate::math;
use std::f64::consts::PI;

/// Weights of the closed-phase predictor: two per formant the synthesiser uses (F1 to F4).
pub const ORDER: usize = 8;

/// The weights of a linear predictor of order `order` for the whole of `samples`
/// (pre-emphasised and windowed first, as speech analysis does; the autocorrelation method):
/// `a[k]` multiplies `x[n-k-1]`.
pub fn predictor(samples: &[f32], order: usize) -> Result<Vec<f64>> {
    if order == 0 || samples.len() <= 2 * order {
        return Err(Error::InvalidParameter {
            name: "order",
            value: order.to_string(),
            expected: "at least 1 and under half the number of samples",
        });
    }
    let n = samples.len();
    // Pre-emphasis lifts the high frequencies, so F2 and F3 count as much as F1; a Hamming
    // window fades the ends so the cut adds no frequencies of its own.
    let x: Vec<f64> = (0..n)
        .map(|i| {
            let previous = if i > 0 {
                f64::from(samples[i - 1])
            } else {
                0.0
            };
            let window = 0.54 - 0.46 * math::cos(2.0 * PI * i as f64 / (n - 1) as f64);
            (f64::from(samples[i]) - 0.97 * previous) * window
        })
        .collect();
    // r[k]: how much the sound resembles itself shifted by k samples.
    let r: Vec<f64> = (0..=order)
        .map(|k| (k..n).map(|i| x[i] * x[i - k]).sum())
        .collect();
    let silent = || Error::EmptyInput {
        what: "the sound to measure (it is silent)".into(),
    };
    if r[0] <= 0.0 {
        return Err(silent());
    }
    let mut m = vec![vec![0.0; order + 1]; order];
    for i in 0..order {
        for j in 0..order {
            m[i][j] = r[i.abs_diff(j)];
        }
        m[i][order] = r[i + 1];
    }
    solve(m).ok_or_else(silent)
}

/// The samples where the vocal folds are shut: from just after each closure to 30% of a
/// period later.
///
/// The period is the shift at which the sound looks most like itself (autocorrelation, from
/// 2 to 16 milliseconds). A closure is where a long predictor (order 18) fitted to the whole
/// window is most surprised: the sudden stop of the air is the sharpest kick the filter gets.
fn closed_phases(x: &[f64], sample_rate: u32) -> Result<Vec<usize>> {
    let rate = f64::from(sample_rate);
    let (shortest, longest) = ((0.002 * rate) as usize, (0.016 * rate) as usize);
    let similarity = |lag: usize| (lag..x.len()).map(|n| x[n] * x[n - lag]).sum::<f64>();
    let period = (shortest..=longest.min(x.len() / 2))
        .max_by(|&a, &b| similarity(a).total_cmp(&similarity(b)))
        .ok_or(Error::InvalidParameter {
            name: "sound to measure",
            value: format!("{} samples", x.len()),
            expected: "at least two periods of a vowel",
        })?;
    let samples: Vec<f32> = x.iter().map(|&v| v as f32).collect();
    let long = predictor(&samples, 18)?;
    let kick: Vec<f64> = (long.len()..x.len()).map(|n| miss(x, &long, n)).collect();
    let offset = long.len();
    let loudest = |from: usize, to: usize| {
        (from..to.min(kick.len())).max_by(|&a, &b| kick[a].total_cmp(&kick[b]))
    };
    let mut rows = Vec::new();
    let mut closure = loudest(0, period);
    while let Some(c) = closure {
        let n = c + offset;
        let shut = (0.3 * period as f64) as usize;
        rows.extend((n + 2..n + shut).filter(|&m| m < x.len() && m >= ORDER));
        closure = loudest(c + period * 4 / 5, c + period * 6 / 5);
    }
    Ok(rows)
}

/// How far the predictor `a` misses sample `n`.
fn miss(x: &[f64], a: &[f64], n: usize) -> f64 {
    let guess: f64 = a.iter().enumerate().map(|(k, ak)| ak * x[n - 1 - k]).sum();
    (x[n] - guess).abs()
}

/// The weights of the predictor of order [`ORDER`] that best predicts the samples `x[n]` for
/// `n` in `rows` (least squares, solved as a small linear system: the covariance method).
fn fit(x: &[f64], rows: &[usize]) -> Option<Vec<f64>> {
    let p = ORDER;
    // The normal equations: phi · a = psi, written as rows [phi | psi].
    let mut phi = vec![vec![0.0; p + 1]; p];
    for i in 0..p {
        for j in 0..p {
            phi[i][j] = rows.iter().map(|&n| x[n - 1 - i] * x[n - 1 - j]).sum();
        }
        phi[i][p] = rows.iter().map(|&n| x[n - 1 - i] * x[n]).sum();
    }
    solve(phi)
}

/// Solves a linear system given as rows `[coefficients..., right-hand side]`, by Gaussian
/// elimination (largest pivot first); `None` if it has no single solution.
fn solve(mut m: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let n = m.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-300 {
            return None;
        }
        m.swap(col, pivot);
        let pivot_row = m[col].clone();
        for row in m.iter_mut().skip(col + 1) {
            let factor = row[col] / pivot_row[col];
            for (value, above) in row.iter_mut().zip(&pivot_row).skip(col) {
                *value -= factor * above;
            }
        }
    }
    let mut a = vec![0.0; n];
    for row in (0..n).rev() {
        let known: f64 = (row + 1..n).map(|k| m[row][k] * a[k]).sum();
        a[row] = (m[row][n] - known) / m[row][row];
    }
    a.iter().all(|v| v.is_finite()).then_some(a)
}

/// How loud the predictor's filter is at `hz`: `1 / |1 - Σ a_k e^(-iωk)|²`.
pub fn envelope(a: &[f64], hz: f64, sample_rate: f64) -> f64 {
    let w = 2.0 * PI * hz / sample_rate;
    let (mut re, mut im) = (1.0, 0.0);
    for (k, ak) in a.iter().enumerate() {
        let angle = w * (k + 1) as f64;
        re -= ak * math::cos(angle);
        im += ak * math::sin(angle);
    }
    1.0 / (re * re + im * im)
}

/// The first three formants of `samples` (a steady vowel, a few periods of it), in hertz: the
/// first three peaks above 150 Hz of the best stretch's predictor, looked for every 5 Hz.
///
/// ```
/// use genai_demos::sound::speech::{lpc, speak::speak, voice::VoiceModel};
///
/// let voice = VoiceModel::learn()?.average_voice();
/// let speech = speak("hod", &voice, 1)?;
/// let v = speech.vowels[0];
/// let middle = (v.start + v.end) / 2;
/// let measured = lpc::formants(&speech.audio.samples()[middle - 320..middle + 320], 16_000)?;
/// let target = voice.formants[4];
/// assert!((measured[0] - target[0]).abs() < 0.1 * target[0]);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn formants(samples: &[f32], sample_rate: u32) -> Result<[f64; 3]> {
    let x: Vec<f64> = samples.iter().map(|&s| f64::from(s)).collect();
    let not_enough = || Error::InvalidParameter {
        name: "sound to measure",
        value: format!("{} samples, or silence", samples.len()),
        expected: "a vowel of at least 100 samples",
    };
    if x.len() < 100 {
        return Err(not_enough());
    }
    let rows = closed_phases(&x, sample_rate)?;
    let a = fit(&x, &rows).ok_or_else(not_enough)?;
    let rate = f64::from(sample_rate);
    let step = 5.0;
    let steps = (rate / 2.0 / step) as usize;
    let loudness: Vec<f64> = (0..steps)
        .map(|i| envelope(&a, i as f64 * step, rate))
        .collect();
    let mut peaks = Vec::new();
    for i in 1..steps - 1 {
        let hz = i as f64 * step;
        if hz > 150.0 && loudness[i] > loudness[i - 1] && loudness[i] >= loudness[i + 1] {
            peaks.push(hz);
        }
    }
    match peaks[..] {
        [f1, f2, f3, ..] => Ok([f1, f2, f3]),
        _ => Err(Error::InvalidParameter {
            name: "sound to measure",
            value: format!("a sound with {} formant peaks", peaks.len()),
            expected: "a vowel with at least three",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_and_scraps_are_typed_errors() {
        assert!(formants(&[0.0; 640], 16_000).is_err());
        assert!(formants(&[0.5; 10], 16_000).is_err());
    }
}
