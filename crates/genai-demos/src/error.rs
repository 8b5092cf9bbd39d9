//! The library's one error type: every bad input becomes a sentence a student can act on.

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
    /// A label exists but no training example has it, so nothing can be learned about it.
    NoExamples {
        /// The label without examples.
        label: String,
    },
    /// A chart could not be drawn.
    Chart(String),
    /// A file could not be written or read.
    Io(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidParameter {
                name,
                value,
                expected,
            } => write!(f, "`{name}` was {value}, but it must be {expected}"),
            Error::EmptyCorpus { what } => {
                write!(
                    f,
                    "there is nothing in {what}: a model needs examples to learn from"
                )
            }
            Error::EmptyInput { what } => write!(f, "{what} is empty: give it at least one word"),
            Error::MalformedLine { line, reason } => write!(f, "line {line}: {reason}"),
            Error::UnknownLabel { label, known } => write!(
                f,
                "the label `{label}` is unknown; the model knows: {}",
                known.join(", ")
            ),
            Error::NoExamples { label } => write!(
                f,
                "no training example has the label `{label}`, so the model cannot learn it"
            ),
            Error::Chart(why) => write!(f, "the chart could not be drawn: {why}"),
            Error::Io(why) => write!(f, "a file could not be read or written: {why}"),
        }
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
            value: value.to_string(),
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
