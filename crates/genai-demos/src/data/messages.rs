//! Labelled text messages: the spam-or-ham data both classifiers of Chapter 1 learn from.
//!
//! The data is plain text, one message a line, written `label<TAB>text` (here `→` stands for
//! the tab):
//!
//! ```text
//! ham→Running late, save me a seat
//! spam→WINNER! Claim your £500 prize now
//! ```
//!
//! This is the layout of the public *SMS Spam Collection*, so a reader can point [`parse`] at
//! that file and rerun every demo on five and a half thousand real messages.

use crate::error::{Error, Result};
use crate::random::{Rng, seeded, uniform};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The 500 messages shipped with the book (300 ham, 200 spam), in the same layout as the public
/// SMS Spam Collection.
const BUILTIN: &str = include_str!("../../data/messages.tsv");

/// One message and the label a person gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The class the message belongs to, such as `spam` or `ham`.
    pub label: String,
    /// What the message says.
    pub text: String,
}

impl Message {
    /// A message built by hand, for a toy corpus in a notebook.
    ///
    /// The label and the text must each have something in them, and the label may not hold a
    /// tab or a line break (it could not be written back as one line of data). Spaces around
    /// either are trimmed, as [`parse`] does.
    ///
    /// ```
    /// use genai_demos::data::messages::Message;
    ///
    /// let m = Message::new("spam", "WIN a free prize")?;
    /// assert_eq!(m.label, "spam");
    /// assert!(Message::new("", "hello").is_err());
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn new(label: impl Into<String>, text: impl Into<String>) -> Result<Message> {
        let (label, text) = (label.into(), text.into());
        if label.trim().is_empty() || label.contains(['\t', '\n', '\r']) {
            return Err(Error::InvalidParameter {
                name: "label",
                value: format!("{label:?}"),
                expected: "a non-empty word without tabs or line breaks, such as \"spam\"",
            });
        }
        if text.trim().is_empty() {
            return Err(Error::EmptyInput {
                what: "the message text".into(),
            });
        }
        Ok(Message {
            label: label.trim().to_string(),
            text: text.trim().to_string(),
        })
    }
}

/// Reads messages written one a line as `label<TAB>text`.
///
/// - The label is everything before the first tab, with spaces around it trimmed; the text is
///   everything after it (a tab inside the text is kept).
/// - Blank lines (empty or only spaces) are skipped, so a file may end with an empty line or
///   use blank lines to separate groups. They still count for line numbers.
/// - Windows line endings (`\r\n`) and a byte-order mark at the start are accepted.
/// - A line with no tab, an empty label or an empty text is an [`Error::MalformedLine`] that
///   names the line, counting from 1 as text editors do.
/// - Text with no message at all is an [`Error::EmptyCorpus`].
///
/// ```
/// use genai_demos::data::messages::parse;
///
/// let messages = parse("ham\tSee you at six\n\nspam\tYou WON a prize!\n")?;
/// assert_eq!(messages.len(), 2);
/// assert_eq!(messages[1].label, "spam");
///
/// let err = parse("ham\tfine\nspam no tab here\n").unwrap_err();
/// assert!(err.to_string().starts_with("Line 2 could not be read:"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn parse(text: &str) -> Result<Vec<Message>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut messages = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        // `lines` already removed "\n" and "\r\n"; a stray "\r" at the end is removed here.
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let Some((label, body)) = raw.split_once('\t') else {
            return Err(malformed(
                line,
                "there is no tab; write the label, a tab, then the text",
            ));
        };
        let label = label.trim();
        if label.is_empty() {
            return Err(malformed(line, "the label before the tab is empty"));
        }
        if body.trim().is_empty() {
            return Err(malformed(line, "the text after the tab is empty"));
        }
        messages.push(Message {
            label: label.to_string(),
            text: body.trim().to_string(),
        });
    }
    if messages.is_empty() {
        return Err(Error::EmptyCorpus {
            what: "the messages text".into(),
        });
    }
    Ok(messages)
}

/// The error for line `line` of a data file, saying what is wrong with it.
pub(crate) fn malformed(line: usize, reason: &str) -> Error {
    Error::MalformedLine {
        line,
        reason: reason.to_string(),
    }
}

/// The book's 500 messages (300 ham, 200 spam).
///
/// ```
/// let messages = genai_demos::data::messages::builtin()?;
/// assert_eq!(messages.len(), 500);
/// assert_eq!(genai_demos::data::messages::labels(&messages), ["ham", "spam"]);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn builtin() -> Result<Vec<Message>> {
    parse(BUILTIN)
}

/// The different labels in `messages`, sorted, each once: the classes a model can answer.
pub fn labels(messages: &[Message]) -> Vec<String> {
    let set: BTreeSet<&str> = messages.iter().map(|m| m.label.as_str()).collect();
    set.into_iter().map(str::to_string).collect()
}

/// Messages cut in two: one part to learn from, one part held back to test on.
///
/// A model is only honestly measured on messages it never saw while learning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Split {
    /// The seed that chose which messages went where.
    pub seed: u64,
    /// The share of each label held back for testing, as asked for.
    pub test_fraction: f64,
    /// The messages to learn from, in their original order.
    pub train: Vec<Message>,
    /// The held-back messages, in their original order.
    pub test: Vec<Message>,
}

/// Splits `messages` at random (from `seed`) into training and test messages.
///
/// The split is *stratified*: each label is split on its own, so both parts keep the corpus's
/// mix of spam and ham. From a label with `n` messages, `round(n × test_fraction)` go to the
/// test part, but at least one always stays for training, so no label is lost.
///
/// ```
/// use genai_demos::data::messages::{builtin, split};
///
/// let parts = split(&builtin()?, 0.2, 42)?;
/// assert_eq!((parts.train.len(), parts.test.len()), (400, 100));
/// assert_eq!(parts, split(&builtin()?, 0.2, 42)?);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn split(messages: &[Message], test_fraction: f64, seed: u64) -> Result<Split> {
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(Error::InvalidParameter {
            name: "test_fraction",
            value: test_fraction.to_string(),
            expected: "a share between 0 and 1, such as 0.2 for a fifth",
        });
    }
    if messages.is_empty() {
        return Err(Error::EmptyCorpus {
            what: "the messages to split".into(),
        });
    }
    let mut rng = seeded(seed);
    let mut in_test = vec![false; messages.len()];
    for label in labels(messages) {
        // The positions of this label's messages, shuffled; the first few go to the test part.
        let mut positions: Vec<usize> = (0..messages.len())
            .filter(|&i| messages.get(i).is_some_and(|m| m.label == label))
            .collect();
        shuffle(&mut rng, &mut positions);
        let wanted = (positions.len() as f64 * test_fraction).round() as usize;
        let n_test = wanted.min(positions.len().saturating_sub(1));
        for &i in positions.iter().take(n_test) {
            if let Some(flag) = in_test.get_mut(i) {
                *flag = true;
            }
        }
    }
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (message, &goes_to_test) in messages.iter().zip(&in_test) {
        if goes_to_test {
            test.push(message.clone());
        } else {
            train.push(message.clone());
        }
    }
    Ok(Split {
        seed,
        test_fraction,
        train,
        test,
    })
}

/// Puts `items` in a random order (the Fisher-Yates shuffle): walking from the back, each place
/// swaps with a place chosen evenly from those not yet fixed.
pub(crate) fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for last in (1..items.len()).rev() {
        let pick = ((uniform(rng) * (last + 1) as f64) as usize).min(last);
        items.swap(pick, last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_and_text_and_skips_blank_lines() {
        let text = "\u{feff}ham\tSee you at six\r\n\n   \nspam \t WIN\tnow \n";
        let messages = parse(text).unwrap();
        assert_eq!(
            messages,
            vec![
                Message::new("ham", "See you at six").unwrap(),
                Message::new("spam", "WIN\tnow").unwrap(),
            ]
        );
    }

    #[test]
    fn malformed_lines_are_named_by_number() {
        // Line 3 has no tab (the blank line 2 still counts).
        assert_eq!(
            parse("ham\tok\n\nham no tab\n"),
            Err(malformed(
                3,
                "there is no tab; write the label, a tab, then the text"
            ))
        );
        assert!(matches!(
            parse("\tno label"),
            Err(Error::MalformedLine { line: 1, .. })
        ));
        assert!(matches!(
            parse("ham\tfine\nspam\t   \n"),
            Err(Error::MalformedLine { line: 2, .. })
        ));
        let err = parse("ham\tfine\n  \t text").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Line 2 could not be read: the label before the tab is empty."
        );
    }

    #[test]
    fn nothing_to_read_is_an_empty_corpus() {
        assert!(matches!(parse(""), Err(Error::EmptyCorpus { .. })));
        assert!(matches!(parse("\n \n"), Err(Error::EmptyCorpus { .. })));
        assert!(matches!(split(&[], 0.2, 1), Err(Error::EmptyCorpus { .. })));
    }

    #[test]
    fn builtin_has_two_labels_in_order() {
        let messages = builtin().unwrap();
        assert_eq!(messages.len(), 500);
        assert_eq!(labels(&messages), ["ham", "spam"]);
        let spam = messages.iter().filter(|m| m.label == "spam").count();
        assert_eq!(spam, 200);
    }

    #[test]
    fn split_is_stratified_and_seeded() {
        let messages = builtin().unwrap();
        let a = split(&messages, 0.2, 1).unwrap();
        let count = |ms: &[Message], label: &str| ms.iter().filter(|m| m.label == label).count();
        // 20% of 300 ham and of 200 spam.
        assert_eq!(count(&a.test, "ham"), 60);
        assert_eq!(count(&a.test, "spam"), 40);
        assert_eq!(a.train.len(), 400);
        assert_eq!(a, split(&messages, 0.2, 1).unwrap());
        assert_ne!(a.test, split(&messages, 0.2, 2).unwrap().test);
        // Every message lands in exactly one part (the shipped messages are all different).
        for m in &messages {
            assert!(a.train.contains(m) != a.test.contains(m));
        }
    }

    #[test]
    fn a_lone_message_stays_for_training() {
        let messages = vec![
            Message::new("ham", "a").unwrap(),
            Message::new("ham", "b").unwrap(),
            Message::new("spam", "c").unwrap(),
        ];
        // Half of 2 ham is 1; half of 1 spam rounds to 1, but the only spam must stay.
        let parts = split(&messages, 0.5, 3).unwrap();
        assert_eq!(parts.test.len(), 1);
        assert_eq!(parts.test[0].label, "ham");
        assert!(parts.train.iter().any(|m| m.label == "spam"));
    }

    #[test]
    fn bad_fractions_are_errors() {
        let messages = builtin().unwrap();
        for bad in [0.0, 1.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                split(&messages, bad, 1),
                Err(Error::InvalidParameter {
                    name: "test_fraction",
                    ..
                })
            ));
        }
    }

    #[test]
    fn shuffle_keeps_every_item() {
        let mut items: Vec<u32> = (0..50).collect();
        shuffle(&mut seeded(9), &mut items);
        assert_ne!(items, (0..50).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..50).collect::<Vec<_>>());
    }
}
