//! Model answers to the book's "write a function" exercises. The pages fold them away in
//! `<details>` and include them from here, so every answer a reader sees compiles and is checked
//! against the library.

// A reader's answer uses Rust's own maths; only the library must go through
// `genai_demos::math` (the same bits natively and in WebAssembly).
#![allow(clippy::disallowed_methods)]

use genai_demos::Error;

// ANCHOR: sigmoid
/// The sigmoid: any score becomes a probability between 0 and 1.
fn sigmoid(logit: f64) -> f64 {
    1.0 / (1.0 + (-logit).exp())
}
// ANCHOR_END: sigmoid

#[test]
fn sigmoid_matches_the_library() {
    for z in [-20.0, -1.0, 0.0, 0.5, 3.0] {
        assert!((sigmoid(z) - genai_demos::classify::logistic::sigmoid(z)).abs() < 1e-12);
    }
}

// ANCHOR: frequency
/// The pitch of a MIDI note in hertz: A4 (note 69) is 440 Hz, and each semitone multiplies the
/// frequency by the twelfth root of 2.
fn frequency(note: u8) -> f64 {
    440.0 * 2f64.powf((f64::from(note) - 69.0) / 12.0)
}
// ANCHOR_END: frequency

#[test]
fn frequency_matches_the_library() {
    for note in [21u8, 60, 69, 72, 108] {
        assert!((frequency(note) - genai_demos::sound::synth::frequency(note)).abs() < 1e-9);
    }
}

// ANCHOR: top_k
/// Top-k: keep the `k` most likely candidates, and share their probability out again.
fn top_k(probabilities: &[f64], k: usize) -> Vec<f64> {
    let mut order: Vec<usize> = (0..probabilities.len()).collect();
    order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
    let mut kept = vec![0.0; probabilities.len()];
    for &i in order.iter().take(k) {
        kept[i] = probabilities[i];
    }
    let total: f64 = kept.iter().sum();
    kept.iter().map(|p| p / total).collect()
}
// ANCHOR_END: top_k

#[test]
fn top_k_matches_the_library() -> Result<(), Error> {
    let probs = [0.1, 0.5, 0.15, 0.25];
    for k in 1..=4 {
        let book = genai_demos::generate::sampling::top_k(&probs, k)?;
        for (mine, theirs) in top_k(&probs, k).iter().zip(&book) {
            assert!((mine - theirs).abs() < 1e-12);
        }
    }
    Ok(())
}
