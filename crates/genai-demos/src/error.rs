//! The library's one error type: every bad input becomes a sentence a student can act on.
//!
//! Every message is one plain sentence, capitalised and ending in a full stop, with no code
//! markup: it is read in a notebook and in the book's own page. What someone typed is repeated
//! in quotes and cut short ([`quoted`]), and numbers are written as a person would ([`number`]),
//! so a pasted page or a huge number never fills the screen.

use serde::Serialize;
use std::fmt;

/// Everything that can go wrong when calling the library.
///
/// The messages are written for a student reading them in a notebook: they say what was wrong
/// and what would be right, instead of a panic that would lose the notebook's variables.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum Error {
    /// A parameter was outside the range the model can use.
    InvalidParameter {
        /// The parameter's name, as the function calls it.
        name: &'static str,
        /// The value that was given, written out.
        value: String,
        /// What a good value looks like.
        expected: &'static str,
    },
    /// There was nothing to learn from: no messages, no words, no pictures.
    EmptyCorpus {
        /// What was empty, in the book's words ("the training messages").
        what: String,
    },
    /// An input that must have content was empty (a message, a prompt).
    EmptyInput {
        /// What was empty ("the message").
        what: String,
    },
    /// A line of a data file could not be read.
    MalformedLine {
        /// 1-based line number.
        line: usize,
        /// What was wrong with it.
        reason: String,
    },
    /// A label the model has never seen.
    UnknownLabel {
        /// The label that was asked for.
        label: String,
        /// The labels the model knows.
        known: Vec<String>,
    },
    /// A prompt that names nothing the model can make (the picture model draws shapes).
    UnknownPrompt {
        /// The prompt as given.
        prompt: String,
        /// What the model can make.
        known: Vec<String>,
    },
    /// A label exists but no training example has it, so nothing can be learned about it.
    NoExamples {
        /// The label without examples.
        label: String,
    },
    /// A word the speech synthesiser cannot pronounce (a number, a symbol, a letter outside a to z).
    CannotSay {
        /// The word as typed.
        word: String,
        /// What it can say instead.
        reason: String,
    },
    /// A chart could not be drawn.
    Chart(String),
    /// A file could not be written or read.
    Io(String),
    /// A description with words the model does not use: it reports them rather than drawing
    /// something the reader did not ask for.
    UnknownWords {
        /// The description as given.
        description: String,
        /// The words it did not use, in order.
        words: Vec<String>,
    },
    /// A model outside this library (the neural network) could not make its prediction.
    Model(String),
    /// A network's weights could not be used: the file is not safetensors, a weight is
    /// missing, or one has the wrong shape.
    Weights(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Error::InvalidParameter {
                name,
                value,
                expected,
            } => format!("{} was {value}, but it must be {expected}", parameter(name)),
            Error::EmptyCorpus { what } => {
                format!("there is nothing in {what}: a model needs examples to learn from")
            }
            Error::EmptyInput { what } => format!("{what} is empty: give it at least one word"),
            Error::MalformedLine { line, reason } => {
                format!("line {line} could not be read: {reason}")
            }
            Error::UnknownLabel { label, known } => format!(
                "the label {} is unknown; the model knows: {}",
                quoted(label),
                known.join(", ")
            ),
            Error::UnknownPrompt { prompt, known } => format!(
                "the prompt {} names nothing the model can draw; it knows: {}",
                quoted(prompt),
                known.join(", ")
            ),
            Error::NoExamples { label } => format!(
                "no training example has the label {}, so the model cannot learn it",
                quoted(label)
            ),
            Error::CannotSay { word, reason } => {
                format!("the word {} cannot be said: {reason}", quoted(word))
            }
            Error::Chart(why) => format!("the chart could not be drawn: {why}"),
            Error::Io(why) => format!("a file could not be read or written: {why}"),
            Error::UnknownWords { description, words } => format!(
                "the description {} has words the model does not use: {}",
                quoted(description),
                shorten(&words.join(", "), ECHO_LIMIT)
            ),
            Error::Model(why) => format!("the model could not make its prediction: {why}"),
            Error::Weights(why) => format!("the network's weights could not be used: {why}"),
        };
        f.write_str(&sentence(&text))
    }
}

/// The most characters of someone's own text an error repeats: enough to recognise it, never
/// a whole pasted page.
pub const ECHO_LIMIT: usize = 60;

/// How a message names a parameter: "the seed", "the value of n", "the setting top_k" (the
/// name as the code spells it, so a student finds it in their call), or a phrase as it is.
fn parameter(name: &str) -> String {
    if name.contains(' ') {
        name.to_string()
    } else if name.chars().count() == 1 {
        format!("the value of {name}")
    } else if name.contains('_') {
        format!("the setting {name}")
    } else {
        format!("the {name}")
    }
}

/// A message as a sentence: a capital first letter and a full stop at the end.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The text cut to `max` characters, with an ellipsis if anything was cut.
///
/// ```
/// use genai_demos::error::shorten;
///
/// assert_eq!(shorten("a ring", 10), "a ring");
/// assert_eq!(shorten("abcdef", 4), "abc…");
/// ```
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Someone's own text as a message repeats it: in quotes, cut to [`ECHO_LIMIT`] characters.
///
/// ```
/// use genai_demos::error::quoted;
///
/// assert_eq!(quoted("a star"), "“a star”");
/// assert_eq!(quoted(&"x".repeat(100_000)).chars().count(), 62);
/// ```
pub fn quoted(text: &str) -> String {
    format!("\u{201c}{}\u{201d}", shorten(text, ECHO_LIMIT))
}

/// A number as a person writes it: `0.7`, `12`, `250000`, but `1e308` rather than 309 digits
/// and `1.5e-7` rather than a row of zeros.
///
/// ```
/// use genai_demos::error::number;
///
/// assert_eq!(number(0.7), "0.7");
/// assert_eq!(number(1e308), "1e308");
/// assert_eq!(number(-0.000_000_15), "-1.5e-7");
/// assert_eq!(number(f64::INFINITY), "infinity");
/// ```
pub fn number(value: f64) -> String {
    let size = value.abs();
    if value.is_nan() {
        "not a number (NaN)".to_string()
    } else if value.is_infinite() {
        if value > 0.0 {
            "infinity"
        } else {
            "minus infinity"
        }
        .to_string()
    } else if value == 0.0 || (1e-4..1e9).contains(&size) {
        value.to_string()
    } else {
        format!("{value:e}")
    }
}

impl std::error::Error for Error {}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[allow(dead_code)] // used by the models that take a temperature or a rate
/// Checks that a number is finite and inside `range`, naming the parameter in the error.
pub(crate) fn finite_in(
    name: &'static str,
    value: f64,
    range: std::ops::RangeInclusive<f64>,
    expected: &'static str,
) -> Result<()> {
    if !value.is_finite() || !range.contains(&value) {
        return Err(Error::InvalidParameter {
            name,
            value: number(value),
            expected,
        });
    }
    Ok(())
}

/// Checks that a count is at least `min`, naming the parameter in the error.
pub(crate) fn at_least(
    name: &'static str,
    value: usize,
    min: usize,
    expected: &'static str,
) -> Result<()> {
    if value < min {
        return Err(Error::InvalidParameter {
            name,
            value: value.to_string(),
            expected,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each kind of error, as the library makes them.
    fn one_of_each() -> Vec<Error> {
        vec![
            Error::InvalidParameter {
                name: "seed",
                value: quoted("four"),
                expected: "a whole number",
            },
            Error::InvalidParameter {
                name: "top_k",
                value: "0".into(),
                expected: "at least 1",
            },
            Error::EmptyCorpus {
                what: "the training messages".into(),
            },
            Error::EmptyInput {
                what: "the prompt".into(),
            },
            Error::MalformedLine {
                line: 2,
                reason: "the label before the tab is empty".into(),
            },
            Error::UnknownLabel {
                label: "eggs".into(),
                known: vec!["ham".into(), "spam".into()],
            },
            Error::UnknownPrompt {
                prompt: "a star".into(),
                known: vec!["ring".into(), "cross".into()],
            },
            Error::NoExamples {
                label: "eggs".into(),
            },
            Error::Chart("no room".into()),
            Error::Io("book.svg: permission denied".into()),
            Error::UnknownWords {
                description: "a shiny ring".into(),
                words: vec!["shiny".into()],
            },
        ]
    }

    #[test]
    fn every_message_is_a_plain_sentence() {
        for error in one_of_each() {
            let text = error.to_string();
            let first = text.chars().next().unwrap_or(' ');
            assert!(first.is_uppercase(), "not capitalised: {text}");
            assert!(text.ends_with('.'), "no full stop: {text}");
            assert!(!text.contains('`'), "code markup in: {text}");
            assert!(!text.contains(".."), "two full stops: {text}");
        }
        assert_eq!(
            one_of_each()[0].to_string(),
            "The seed was “four”, but it must be a whole number."
        );
        assert_eq!(
            one_of_each()[1].to_string(),
            "The setting top_k was 0, but it must be at least 1."
        );
    }

    #[test]
    fn a_prompt_is_called_a_prompt_and_a_label_a_label() {
        let errors = one_of_each();
        assert_eq!(
            errors[5].to_string(),
            "The label “eggs” is unknown; the model knows: ham, spam."
        );
        assert_eq!(
            errors[6].to_string(),
            "The prompt “a star” names nothing the model can draw; it knows: ring, cross."
        );
    }

    #[test]
    fn echoes_are_cut_short_and_numbers_written_as_people_write_them() {
        let pasted = "a star ".repeat(15_000);
        let error = Error::UnknownPrompt {
            prompt: pasted,
            known: vec!["ring".into()],
        };
        let text = error.to_string();
        assert!(text.chars().count() < 150, "{text}");
        assert!(
            text.contains("a star a star") && text.contains('…'),
            "{text}"
        );
        assert_eq!(number(1e308), "1e308");
        assert_eq!(number(-2.0), "-2");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(number(123_456_789.0), "123456789");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(f64::NAN), "not a number (NaN)");
        let huge = finite_in("temperature", 1e308, 0.0..=10.0, "at most 10").unwrap_err();
        assert_eq!(
            huge.to_string(),
            "The temperature was 1e308, but it must be at most 10."
        );
    }
}
