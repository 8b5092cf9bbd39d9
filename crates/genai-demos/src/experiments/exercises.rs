//! The answers to the exercises at the end of each chapter, computed from the library so an
//! answer can never disagree with the model it is about.
//!
//! ```
//! use genai_demos::experiments::exercises;
//!
//! assert_eq!(exercises::softmax(1.0)?, "0.33 and 0.67");
//! # Ok::<(), genai_demos::Error>(())
//! ```

use super::{Figures, ch1};
use crate::classify::logistic::{LogisticRegression, Settings};
use crate::classify::naive_bayes::NaiveBayes;
use crate::data::messages::{Split, builtin, split};
use crate::generate::{code, sampling};
use crate::measure::copying;
use crate::measure::metrics::{Classifier, evaluate};
use crate::show::wording::whole_percent;
use crate::sound::melody::{Length, MelodyModel};
use crate::sound::tune;
use crate::{Error, Result};

/// The message of the "predict" exercise: spam with no web address.
pub const WINNER: &str = "WINNER! Claim your free prize, call now";
/// The seed of the melody answers.
pub const MELODY_SEED: u64 = 7;
/// How long the melodies of the melody answers are, in beats.
pub const MELODY_BEATS: f64 = 32.0;
/// The seed of the copying answers.
pub const COPY_SEED: u64 = 11;
/// The words each model writes for the copy exercise.
pub const COPY_LENGTH: usize = 400;
/// How many snippets the parse-rate exercise writes.
pub const PARSE_SAMPLES: usize = 50;
/// The parse-rate exercise's temperature.
pub const PARSE_TEMPERATURE: f64 = 0.7;
/// The parse-rate exercise's first seed.
pub const PARSE_SEED: u64 = 1;

fn chapter_split() -> Result<Split> {
    split(&builtin()?, ch1::TEST_FRACTION, ch1::SPLIT_SEED)
}

/// Naive Bayes's test accuracy with smoothing `alpha`.
pub fn nb_accuracy(alpha: f64) -> Result<f64> {
    let data = chapter_split()?;
    let model = NaiveBayes::train(&data.train, alpha)?;
    Ok(evaluate(&model, &data.test, ch1::POSITIVE)?.accuracy)
}

/// The longest run of notes a new melody of `order` shares with one training tune.
pub fn melody_copied(order: usize) -> Result<String> {
    let model = MelodyModel::bakery(order)?;
    let tune = model.generate(MELODY_SEED, Length::Beats(MELODY_BEATS), 1.0)?;
    let novelty = tune.novelty(&tune::bakery_tunes()?);
    Ok(format!(
        "{} of its {} notes",
        novelty.longest_run, novelty.melody_notes
    ))
}

/// Softmax of the logits 0 and ln 2 at a temperature, as two rounded probabilities.
pub fn softmax(temperature: f64) -> Result<String> {
    let p = sampling::softmax(&[0.0, crate::math::ln(2.0)], temperature)?;
    Ok(format!("{:.2} and {:.2}", p[0], p[1]))
}

/// The share of 8-word runs an order-`n` model's text copies.
pub fn copy8(n: usize) -> Result<f64> {
    let points = copying::bakery_order_sweep(&[n], 1.0, COPY_LENGTH, COPY_SEED)?;
    let share = points.first().and_then(|p| p.report.share(8));
    share.ok_or_else(|| Error::EmptyInput {
        what: "the 8-word runs measured".into(),
    })
}

/// The answers, worded by [`crate::show::wording`].
pub fn figures() -> Result<Figures> {
    let mut f = Figures::default();
    let data = chapter_split()?;
    let filter = LogisticRegression::train(&data.train, ch1::POSITIVE, &Settings::default())?;
    f.put("winner-lr", whole_percent(filter.probability(WINNER)?));
    let bayes = NaiveBayes::train(&data.train, ch1::ALPHA)?;
    let p = bayes.classify(WINNER)?.probability(ch1::POSITIVE)?;
    f.put("winner-nb", whole_percent(p));
    for (name, alpha) in [("1", 1.0), ("0.01", 0.01), ("20", 20.0)] {
        f.put(
            format!("nb-accuracy-alpha-{name}"),
            whole_percent(nb_accuracy(alpha)?),
        );
    }
    for n in [3, 6] {
        let rate = code::parse_rate(n, PARSE_SAMPLES, PARSE_TEMPERATURE, PARSE_SEED)?;
        f.put(format!("parse-rate-n{n}"), whole_percent(rate.rate));
    }
    f.put("parse-samples", PARSE_SAMPLES);
    f.put("parse-temperature", PARSE_TEMPERATURE);
    f.put("parse-seed", PARSE_SEED);
    f.put("melody-seed", MELODY_SEED);
    f.put("copy-seed", COPY_SEED);
    f.put("copy-length", COPY_LENGTH);
    f.put("melody-copied-order-1", melody_copied(1)?);
    f.put("melody-copied-order-2", melody_copied(2)?);
    f.put("melody-notes", MELODY_BEATS);
    f.put("softmax-t1", softmax(1.0)?);
    f.put("softmax-t05", softmax(0.5)?);
    f.put("softmax-t2", softmax(2.0)?);
    f.put("copy8-n2", whole_percent(copy8(2)?));
    f.put("copy8-n5", whole_percent(copy8(5)?));
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers' sentences say these things; they must stay true of the numbers.
    #[test]
    fn the_answers_prose_matches_the_numbers() {
        let f = figures().unwrap();
        let number = |name: &str| -> f64 {
            let text = f.get(name).unwrap();
            let mut digits = text.split(|c: char| !c.is_ascii_digit() && c != '.');
            digits.find(|p| !p.is_empty()).unwrap().parse().unwrap()
        };
        assert!(
            number("winner-lr") < number("winner-nb"),
            "naive Bayes is surer"
        );
        let best = number("nb-accuracy-alpha-1");
        assert!(
            best >= number("nb-accuracy-alpha-0.01"),
            "tiny alpha is no better"
        );
        assert!(
            best >= number("nb-accuracy-alpha-20"),
            "large alpha is no better"
        );
        assert!(
            number("parse-rate-n3") < number("parse-rate-n6"),
            "more context parses more"
        );
        let (one, two) = (
            number("melody-copied-order-1"),
            number("melody-copied-order-2"),
        );
        assert!(one < two, "order 2 copies more");
        assert!(number("copy8-n2") < number("copy8-n5"), "n = 5 copies more");
    }
}
