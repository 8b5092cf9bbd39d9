//! Bag of words: turning a message into numbers a model can weigh.
//!
//! A model cannot read. It can only count. So a message becomes a list of word counts: split the
//! text into words ([`tokenize`]), look each word up in the [`Vocab`] (every word seen in the
//! training messages, in alphabetical order), and count. The order of the words is thrown away,
//! as if the words were shaken in a bag: "win cash now" and "now cash win" look the same.

use crate::error::{Error, Result, at_least};
use crate::messages::Message;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The token that stands for any amount of money, such as `£500`, `$4.5` or `€1,000`.
///
/// Spam talks about money, but rarely twice about the *same* amount, so the amounts are more
/// telling as one shared token than as many rare numbers.
pub const MONEY: &str = "<money>";

/// Splits a text into lowercase words.
///
/// A word is a run of letters and digits; everything else (spaces, punctuation, symbols) only
/// separates words. A currency sign directly followed by digits becomes the single token
/// [`MONEY`], with the amount's digits, commas and points swallowed.
///
/// ```
/// use genai_demos::features::tokenize;
///
/// assert_eq!(tokenize("WIN £1,000 now!! Txt WIN"), ["win", "<money>", "now", "txt", "win"]);
/// assert_eq!(tokenize("you've got mail"), ["you", "ve", "got", "mail"]);
/// ```
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let amount_follows = chars.peek().is_some_and(|next| next.is_ascii_digit());
        if is_currency(c) && amount_follows {
            finish_word(&mut word, &mut tokens);
            // Swallow the amount: digits, and the commas and points between them.
            while let Some(&next) = chars.peek() {
                if next.is_ascii_digit() || next == ',' || next == '.' {
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(MONEY.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            finish_word(&mut word, &mut tokens);
        }
    }
    finish_word(&mut word, &mut tokens);
    tokens
}

fn is_currency(c: char) -> bool {
    matches!(c, '£' | '$' | '€')
}

/// Moves a finished word (if any) into the token list.
fn finish_word(word: &mut String, tokens: &mut Vec<String>) {
    if !word.is_empty() {
        tokens.push(std::mem::take(word));
    }
}

/// The words a model knows: every word of its training messages, in alphabetical order.
///
/// Each word's place in the list is its *index*, the column it gets in a bag of words. Because
/// the list is sorted, the same messages always give the same vocab, on every machine.
///
/// ```
/// use genai_demos::features::Vocab;
/// use genai_demos::messages::Message;
///
/// let messages = [Message::new("spam", "win win cash")?, Message::new("ham", "call me")?];
/// let vocab = Vocab::build(&messages, 1)?;
/// assert_eq!(vocab.words(), ["call", "cash", "me", "win"]);
/// let bag = vocab.bag("Win, WIN and call!");
/// assert_eq!(bag.counts, [(0, 1), (3, 2)]); // "call" once, "win" twice
/// assert_eq!(bag.unknown, ["and"]);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Vocab {
    /// Sorted, each word once (the `From` conversion below keeps that true).
    words: Vec<String>,
}

impl From<Vec<String>> for Vocab {
    /// A vocab from a list of words, sorted and with repeats removed.
    fn from(mut words: Vec<String>) -> Vocab {
        words.sort();
        words.dedup();
        Vocab { words }
    }
}

impl From<Vocab> for Vec<String> {
    fn from(vocab: Vocab) -> Vec<String> {
        vocab.words
    }
}

impl Vocab {
    /// Collects the words of `messages` that appear at least `min_count` times in all.
    ///
    /// A `min_count` of 1 keeps every word; 2 or more drops the rare words (typos, names,
    /// phone numbers), which makes the model smaller and sometimes better at new messages.
    pub fn build(messages: &[Message], min_count: usize) -> Result<Vocab> {
        at_least("min_count", min_count, 1, "at least 1 (1 keeps every word)")?;
        if messages.is_empty() {
            return Err(Error::EmptyCorpus {
                what: "the training messages".into(),
            });
        }
        let mut totals: BTreeMap<String, usize> = BTreeMap::new();
        for message in messages {
            for word in tokenize(&message.text) {
                *totals.entry(word).or_insert(0) += 1;
            }
        }
        // A BTreeMap walks its keys in sorted order, so the vocab comes out sorted.
        let words: Vec<String> = totals
            .into_iter()
            .filter(|&(_, count)| count >= min_count)
            .map(|(word, _)| word)
            .collect();
        if words.is_empty() {
            return Err(Error::EmptyCorpus {
                what: format!("the vocab (no word appears {min_count} times or more)"),
            });
        }
        Ok(Vocab { words })
    }

    /// How many words the vocab holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the vocab has no words (only possible for a vocab made from an empty list).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, in index order (alphabetical).
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The index of `word`, if the vocab knows it.
    pub fn index(&self, word: &str) -> Option<usize> {
        self.words.binary_search_by(|w| w.as_str().cmp(word)).ok()
    }

    /// The word at `index`, if there is one.
    pub fn word(&self, index: usize) -> Option<&str> {
        self.words.get(index).map(String::as_str)
    }

    /// The bag of words of `text`: how many times each known word appears.
    pub fn bag(&self, text: &str) -> Bag {
        let mut counts: BTreeMap<usize, u32> = BTreeMap::new();
        let mut unknown = Vec::new();
        let tokens = tokenize(text);
        for token in &tokens {
            match self.index(token) {
                Some(i) => *counts.entry(i).or_insert(0) += 1,
                None => unknown.push(token.clone()),
            }
        }
        Bag {
            counts: counts.into_iter().collect(),
            unknown,
            tokens: tokens.len(),
        }
    }

    /// The bags of `messages` as one dense table, ready to save for a comparison in Python.
    ///
    /// ```
    /// use genai_demos::features::Vocab;
    /// use genai_demos::messages::Message;
    ///
    /// let messages = [Message::new("spam", "win cash")?, Message::new("ham", "call me")?];
    /// let table = Vocab::build(&messages, 1)?.matrix(&messages);
    /// assert_eq!(table.rows, [[0, 1, 0, 1], [1, 0, 1, 0]]);
    /// assert!(table.to_tsv().starts_with("<label>\tcall\tcash\tme\twin\nspam\t0\t1\t0\t1\n"));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn matrix(&self, messages: &[Message]) -> FeatureMatrix {
        let mut rows = Vec::with_capacity(messages.len());
        for message in messages {
            let mut row = vec![0; self.len()];
            for (i, count) in self.bag(&message.text).counts {
                if let Some(cell) = row.get_mut(i) {
                    *cell = count;
                }
            }
            rows.push(row);
        }
        FeatureMatrix {
            words: self.words.clone(),
            labels: messages.iter().map(|m| m.label.clone()).collect(),
            rows,
        }
    }
}

/// One message as word counts: the numbers a bag-of-words model sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bag {
    /// `(vocab index, count)` for each known word of the message, by index. Words that are
    /// not there are left out instead of stored as zeros (a *sparse* bag).
    pub counts: Vec<(usize, u32)>,
    /// The message's words that the vocab does not know, in the order they came. A model has
    /// learned nothing about them, so they count for nothing.
    pub unknown: Vec<String>,
    /// How many words the message had in all, known or not.
    pub tokens: usize,
}

/// Bags of words for many messages as a dense table: one row a message, one column a word.
///
/// [`FeatureMatrix::to_tsv`] writes it in a layout pandas and scikit-learn read directly, so a
/// reader can train scikit-learn's models on exactly the features this library used:
///
/// ```python
/// import pandas as pd
/// from sklearn.naive_bayes import MultinomialNB
/// table = pd.read_csv("train.tsv", sep="\t", keep_default_na=False)
/// y = table.pop("<label>")
/// model = MultinomialNB(alpha=1.0).fit(table.to_numpy(), y)
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureMatrix {
    /// The column names: the vocab's words, in index order.
    pub words: Vec<String>,
    /// Each row's label.
    pub labels: Vec<String>,
    /// The counts: `rows[m][w]` is how often word `w` appears in message `m`.
    pub rows: Vec<Vec<u32>>,
}

impl FeatureMatrix {
    /// The table as tab-separated text: a header line `<label>`, then the words; then one line
    /// per message with its label and its counts. (The label column is called `<label>` so it
    /// cannot clash with the word "label"; labels and words never hold tabs.)
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("<label>");
        for word in &self.words {
            out.push('\t');
            out.push_str(word);
        }
        out.push('\n');
        for (label, row) in self.labels.iter().zip(&self.rows) {
            out.push_str(label);
            for count in row {
                // Writing into a String cannot fail.
                let _ = write!(out, "\t{count}");
            }
            out.push('\n');
        }
        out
    }

    /// Writes [`FeatureMatrix::to_tsv`] to a file.
    pub fn save_tsv(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_tsv())
            .map_err(|e| Error::Io(format!("{}: {e}", path.display())))
    }
}

/// A word with a number that says how strongly it points to a label: a weight of a logistic
/// regression, or a log-likelihood ratio of naive Bayes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WordScore {
    /// The word.
    pub word: String,
    /// How strongly it points to the label (bigger points more).
    pub score: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<Message> {
        vec![
            Message::new("spam", "WIN cash, win a prize").unwrap(),
            Message::new("ham", "call me when you win").unwrap(),
        ]
    }

    #[test]
    fn tokenizer_lowercases_and_splits_on_punctuation() {
        assert_eq!(
            tokenize("Hi!! Call 0800-000 now:quick-win.example"),
            [
                "hi", "call", "0800", "000", "now", "quick", "win", "example"
            ]
        );
        assert_eq!(tokenize("ÉTÉ café"), ["été", "café"]);
        assert!(tokenize(" ... !!! ").is_empty());
    }

    #[test]
    fn money_amounts_become_one_token() {
        assert_eq!(
            tokenize("£1.50/tone or $4.5 million or €1,000."),
            [
                "<money>", "tone", "or", "<money>", "million", "or", "<money>"
            ]
        );
        // A currency sign without an amount is only punctuation.
        assert_eq!(tokenize("£ pounds $"), ["pounds"]);
        assert_eq!(tokenize("pay£5"), ["pay", "<money>"]);
    }

    #[test]
    fn vocab_is_sorted_and_respects_min_count() {
        let vocab = Vocab::build(&toy(), 1).unwrap();
        assert_eq!(
            vocab.words(),
            ["a", "call", "cash", "me", "prize", "when", "win", "you"]
        );
        // "win" appears 3 times in all; every other word once.
        assert_eq!(Vocab::build(&toy(), 2).unwrap().words(), ["win"]);
        assert_eq!(vocab.index("prize"), Some(4));
        assert_eq!(vocab.word(4), Some("prize"));
        assert_eq!(vocab.index("lottery"), None);
        assert_eq!(vocab.word(99), None);
    }

    #[test]
    fn bag_counts_known_words_and_lists_unknown_ones() {
        let vocab = Vocab::build(&toy(), 1).unwrap();
        let bag = vocab.bag("Win, win! Lottery win? Call");
        assert_eq!(bag.counts, [(1, 1), (6, 3)]);
        assert_eq!(bag.unknown, ["lottery"]);
        assert_eq!(bag.tokens, 5);
        assert_eq!(vocab.bag("").tokens, 0);
    }

    #[test]
    fn bad_vocab_inputs_are_errors() {
        assert!(matches!(
            Vocab::build(&[], 1),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(matches!(
            Vocab::build(&toy(), 0),
            Err(Error::InvalidParameter {
                name: "min_count",
                ..
            })
        ));
        assert!(matches!(
            Vocab::build(&toy(), 4),
            Err(Error::EmptyCorpus { .. })
        ));
    }

    #[test]
    fn matrix_exports_dense_rows() {
        let messages = toy();
        let table = Vocab::build(&messages, 1).unwrap().matrix(&messages);
        assert_eq!(table.rows[0], [1, 0, 1, 0, 1, 0, 2, 0]);
        assert_eq!(table.rows[1], [0, 1, 0, 1, 0, 1, 1, 1]);
        let tsv = table.to_tsv();
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(
            lines[0],
            "<label>\ta\tcall\tcash\tme\tprize\twhen\twin\tyou"
        );
        assert_eq!(lines[2], "ham\t0\t1\t0\t1\t0\t1\t1\t1");
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn vocab_round_trips_through_json_and_stays_sorted() {
        let vocab = Vocab::build(&toy(), 1).unwrap();
        let json = serde_json::to_string(&vocab).unwrap();
        assert_eq!(serde_json::from_str::<Vocab>(&json).unwrap(), vocab);
        let shuffled: Vocab = serde_json::from_str(r#"["win","a","win","call"]"#).unwrap();
        assert_eq!(shuffled.words(), ["a", "call", "win"]);
    }
}
