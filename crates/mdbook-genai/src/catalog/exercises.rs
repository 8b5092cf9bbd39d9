//! The answers to the exercises at the end of each chapter (`src/exercises/*.md`), computed
//! from the library so an answer can never disagree with the model it is about.

use super::{Page, none};
use anyhow::Result;
use genai_demos::classify::{logistic, naive_bayes::NaiveBayes};
use genai_demos::data::messages;
use genai_demos::generate::{code, sampling};
use genai_demos::measure::copying;
use genai_demos::measure::metrics::{Classifier, evaluate};
use genai_demos::sound::{melody, tune};

use super::ch1::{SPLIT_SEED, TEST_FRACTION};
/// The message of the "predict" exercise: spam with no web address.
const WINNER: &str = "WINNER! Claim your free prize, call now";
/// The seed of the melody answers.
const MELODY_SEED: u64 = 7;
/// How long the melodies of the melody answers are, in beats.
const MELODY_BEATS: f64 = 32.0;
/// The seed of the copying answers.
const COPY_SEED: u64 = 11;
/// The words each model writes for the copy exercise.
const COPY_LENGTH: usize = 400;
/// The parse-rate exercise: how many snippets, at which temperature, from which first seed.
const PARSE_SAMPLES: usize = 50;
const PARSE_TEMPERATURE: f64 = 0.7;
const PARSE_SEED: u64 = 1;

pub(super) const PAGE: Page = Page {
    prefix: "ex",
    charts: &[],
    values: &[
        "ex.winner-lr",
        "ex.winner-nb",
        "ex.nb-accuracy-alpha-1",
        "ex.nb-accuracy-alpha-0.01",
        "ex.nb-accuracy-alpha-20",
        "ex.parse-rate-n3",
        "ex.parse-rate-n6",
        "ex.melody-copied-order-1",
        "ex.melody-copied-order-2",
        "ex.melody-notes",
        "ex.softmax-t1",
        "ex.softmax-t05",
        "ex.softmax-t2",
        "ex.copy8-n2",
        "ex.copy8-n5",
        "ex.parse-samples",
        "ex.parse-temperature",
        "ex.parse-seed",
        "ex.melody-seed",
        "ex.copy-seed",
        "ex.copy-length",
    ],
    widgets: &[],
    chart: none,
    value,
    widget: none,
};

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn split() -> Result<messages::Split> {
    Ok(messages::split(
        &messages::builtin()?,
        TEST_FRACTION,
        SPLIT_SEED,
    )?)
}

fn nb_accuracy(alpha: f64) -> Result<String> {
    let data = split()?;
    let model = NaiveBayes::train(&data.train, alpha)?;
    Ok(percent(evaluate(&model, &data.test, "spam")?.accuracy))
}

/// The longest run of notes a new melody shares with one training tune.
fn melody_copied(order: usize) -> Result<String> {
    let model = melody::MelodyModel::bakery(order)?;
    let tune = model.generate(MELODY_SEED, melody::Length::Beats(MELODY_BEATS), 1.0)?;
    let novelty = tune.novelty(&tune::bakery_tunes()?);
    Ok(format!(
        "{} of its {} notes",
        novelty.longest_run, novelty.melody_notes
    ))
}

/// The share of the exercise's snippets that parse, with a context of `n - 1` tokens.
fn parse_rate(n: usize) -> Result<String> {
    let rate = code::parse_rate(n, PARSE_SAMPLES, PARSE_TEMPERATURE, PARSE_SEED)?;
    Ok(percent(rate.rate))
}

fn softmax(temperature: f64) -> Result<String> {
    let p = sampling::softmax(&[0.0, 2f64.ln()], temperature)?;
    Ok(format!("{:.2} and {:.2}", p[0], p[1]))
}

fn copy8(n: usize) -> Result<String> {
    let points = copying::bakery_order_sweep(&[n], 1.0, COPY_LENGTH, COPY_SEED)?;
    let share = points
        .first()
        .and_then(|p| p.report.share(8))
        .ok_or_else(|| anyhow::anyhow!("no 8-word runs were measured"))?;
    Ok(percent(share))
}

fn value(name: &str) -> Option<Result<String>> {
    Some(match name {
        "ex.winner-lr" => split().and_then(|data| {
            let model = logistic::LogisticRegression::train(
                &data.train,
                "spam",
                &logistic::Settings::default(),
            )?;
            Ok(percent(model.probability(WINNER)?))
        }),
        "ex.winner-nb" => split().and_then(|data| {
            let model = NaiveBayes::train(&data.train, 1.0)?;
            Ok(percent(model.classify(WINNER)?.probability("spam")?))
        }),
        "ex.nb-accuracy-alpha-1" => nb_accuracy(1.0),
        "ex.nb-accuracy-alpha-0.01" => nb_accuracy(0.01),
        "ex.nb-accuracy-alpha-20" => nb_accuracy(20.0),
        "ex.parse-rate-n3" => parse_rate(3),
        "ex.parse-rate-n6" => parse_rate(6),
        "ex.parse-samples" => Ok(PARSE_SAMPLES.to_string()),
        "ex.parse-temperature" => Ok(PARSE_TEMPERATURE.to_string()),
        "ex.parse-seed" => Ok(PARSE_SEED.to_string()),
        "ex.melody-seed" => Ok(MELODY_SEED.to_string()),
        "ex.copy-seed" => Ok(COPY_SEED.to_string()),
        "ex.copy-length" => Ok(COPY_LENGTH.to_string()),
        "ex.melody-copied-order-1" => melody_copied(1),
        "ex.melody-copied-order-2" => melody_copied(2),
        "ex.melody-notes" => Ok(format!("{MELODY_BEATS}")),
        "ex.softmax-t1" => softmax(1.0),
        "ex.softmax-t05" => softmax(0.5),
        "ex.softmax-t2" => softmax(2.0),
        "ex.copy8-n2" => copy8(2),
        "ex.copy8-n5" => copy8(5),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(name: &str) -> f64 {
        let text = value(name).expect("a known name").expect("a value");
        text.split(|c: char| !c.is_ascii_digit() && c != '.')
            .find(|part| !part.is_empty())
            .and_then(|n| n.parse().ok())
            .expect("a number")
    }

    /// The answers' sentences say these things; they must stay true of the numbers.
    #[test]
    fn the_answers_prose_matches_the_numbers() {
        assert!(
            number("ex.winner-lr") < number("ex.winner-nb"),
            "naive Bayes is surer"
        );
        let best = number("ex.nb-accuracy-alpha-1");
        assert!(
            best >= number("ex.nb-accuracy-alpha-0.01"),
            "tiny alpha is no better"
        );
        assert!(
            best >= number("ex.nb-accuracy-alpha-20"),
            "large alpha is no better"
        );
        assert!(
            number("ex.parse-rate-n3") < number("ex.parse-rate-n6"),
            "more context parses more"
        );
        assert!(
            number("ex.melody-copied-order-1") < number("ex.melody-copied-order-2"),
            "order 2 copies more"
        );
        assert!(
            number("ex.copy8-n2") < number("ex.copy8-n5"),
            "n = 5 copies more"
        );
    }
}
