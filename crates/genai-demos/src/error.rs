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
            Error::Chart(why) => write!(f, "the chart could not be drawn: {why}"),
            Error::Io(why) => write!(f, "a file could not be read or written: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;

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
