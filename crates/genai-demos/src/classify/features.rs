//! Bag of words: turning a message into numbers a model can weigh.
//!
//! A model cannot read. It can only count. So a message becomes a list of word counts: split the
//! text into words ([`crate::text::messages::tokenize`]), look each word up in the [`Vocab`] (every word seen in the
//! training messages, in alphabetical order), and count. The order of the words is thrown away,
//! as if the words were shaken in a bag: "win cash now" and "now cash win" look the same.

use crate::data::messages::Message;
use crate::error::{Error, Result, at_least};
use crate::text::fast_hash::WordIndex;
use crate::text::messages::for_each_word;
use serde::{Deserialize, Serialize};
use std::fmt::{self, Write as _};
use std::path::Path;

/// The word numbered `number`.
fn name(names: &[String], number: usize) -> &str {
    names.get(number).map_or("", String::as_str)
}

/// A number that sorts like `word` wherever two words differ in their first 8 bytes: those
/// bytes, big-endian, zero-padded. Sorting by it first, and by the whole word only on a tie,
/// gives plain alphabetical (byte) order with far fewer string comparisons.
fn sort_key(word: &str) -> u64 {
    let mut key = [0; 8];
    for (slot, &byte) in key.iter_mut().zip(word.as_bytes()) {
        *slot = byte;
    }
    u64::from_be_bytes(key)
}

/// A message's known words as `(vocab index, count)` pairs by index: [`Bag::counts`].
pub(crate) type WordCounts = Vec<(usize, u32)>;

/// Sorted indices as `(index, how many times)` pairs, the layout of [`Bag::counts`].
fn count_runs(sorted: &[usize]) -> WordCounts {
    let mut counts: Vec<(usize, u32)> = Vec::with_capacity(sorted.len());
    for &i in sorted {
        match counts.last_mut() {
            Some((last, count)) if *last == i => *count += 1,
            _ => counts.push((i, 1)),
        }
    }
    counts
}

/// The words a model knows: every word of its training messages, in alphabetical order.
///
/// Each word's place in the list is its *index*, the column it gets in a bag of words. Because
/// the list is sorted, the same messages always give the same vocab, on every machine.
///
/// ```
/// use genai_demos::classify::features::Vocab;
/// use genai_demos::data::messages::Message;
///
/// let messages = [Message::new("spam", "win win cash")?, Message::new("ham", "call me")?];
/// let vocab = Vocab::build(&messages, 1)?;
/// assert_eq!(vocab.words(), ["call", "cash", "me", "win"]);
/// let bag = vocab.bag("Win, WIN and call!");
/// assert_eq!(bag.counts, [(0, 1), (3, 2)]); // "call" once, "win" twice
/// assert_eq!(bag.unknown, ["and"]);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Clone, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct Vocab {
    /// Sorted, each word once (the `From` conversion below keeps that true).
    words: Vec<String>,
    /// Finds a word's index with one hash instead of a binary search of string comparisons.
    /// It only mirrors `words`: it is rebuilt, never saved or compared.
    index: WordIndex,
}

impl From<Vec<String>> for Vocab {
    /// A vocab from a list of words, sorted and with repeats removed.
    fn from(mut words: Vec<String>) -> Vocab {
        words.sort();
        words.dedup();
        let index = WordIndex::of(&words);
        Vocab { words, index }
    }
}

impl PartialEq for Vocab {
    /// Two vocabs are equal when they hold the same words (the index follows from them).
    fn eq(&self, other: &Vocab) -> bool {
        self.words == other.words
    }
}

impl Eq for Vocab {}

impl fmt::Debug for Vocab {
    /// Only the words: the index repeats them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Vocab").field("words", &self.words).finish()
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
        Vocab::build_with_counts(messages, min_count).map(|(vocab, _)| vocab)
    }

    /// [`Vocab::build`], and each message's word counts over the new vocab (the `counts` of
    /// [`Vocab::bag`]), from one reading of the text: training needs both, and cutting every
    /// message into words twice would double the work.
    pub(crate) fn build_with_counts(
        messages: &[Message],
        min_count: usize,
    ) -> Result<(Vocab, Vec<WordCounts>)> {
        at_least("min_count", min_count, 1, "at least 1 (1 keeps every word)")?;
        if messages.is_empty() {
            return Err(Error::EmptyCorpus {
                what: "the training messages".into(),
            });
        }
        // Number the words in the order they are first met; keep every message's numbers.
        let mut names: Vec<String> = Vec::new();
        let mut numbers = WordIndex::default();
        let mut totals: Vec<usize> = Vec::new();
        // Room for every word read, guessed from the length of the text (an English word
        // and the space after it take five or six bytes), so the list rarely has to move.
        let bytes: usize = messages.iter().map(|m| m.text.len()).sum();
        let mut read: Vec<usize> = Vec::with_capacity(bytes / 5);
        let mut ends: Vec<usize> = Vec::with_capacity(messages.len());
        for message in messages {
            for_each_word(&message.text, |word| {
                let number = numbers.get_or_push(&mut names, word);
                if number == totals.len() {
                    totals.push(0);
                }
                if let Some(total) = totals.get_mut(number) {
                    *total += 1;
                }
                read.push(number);
            });
            ends.push(read.len());
        }
        // The words used often enough, in alphabetical order: a word's place there is its index.
        let mut kept: Vec<(u64, usize)> = (0..totals.len())
            .filter(|&number| totals.get(number).is_some_and(|&t| t >= min_count))
            .map(|number| (sort_key(name(&names, number)), number))
            .collect();
        kept.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| name(&names, a.1).cmp(name(&names, b.1)))
        });
        if kept.is_empty() {
            return Err(Error::EmptyCorpus {
                what: format!("the vocab (no word appears {min_count} times or more)"),
            });
        }
        let mut index_of = vec![None; totals.len()];
        let mut words = Vec::with_capacity(kept.len());
        for (index, &(_, number)) in kept.iter().enumerate() {
            if let Some(slot) = index_of.get_mut(number) {
                *slot = Some(index);
            }
            words.push(
                names
                    .get_mut(number)
                    .map(std::mem::take)
                    .unwrap_or_default(),
            );
        }
        let mut counts = Vec::with_capacity(messages.len());
        let mut known = Vec::new();
        let mut start = 0;
        for &end in &ends {
            let numbers = read.get(start..end).unwrap_or_default();
            known.clear();
            known.extend(
                numbers
                    .iter()
                    .filter_map(|&number| index_of.get(number).copied().flatten()),
            );
            known.sort_unstable();
            counts.push(count_runs(&known));
            start = end;
        }
        let index = WordIndex::of(&words);
        let vocab = Vocab { words, index };
        Ok((vocab, counts))
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
        self.index.get(&self.words, word)
    }

    /// The word at `index`, if there is one.
    pub fn word(&self, index: usize) -> Option<&str> {
        self.words.get(index).map(String::as_str)
    }

    /// The bag of words of `text`: how many times each known word appears.
    pub fn bag(&self, text: &str) -> Bag {
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        let mut tokens = 0;
        for_each_word(text, |word| {
            tokens += 1;
            match self.index(word) {
                Some(i) => known.push(i),
                None => unknown.push(word.to_string()),
            }
        });
        known.sort_unstable();
        Bag {
            counts: count_runs(&known),
            unknown,
            tokens,
        }
    }

    /// The `counts` and `tokens` of [`Vocab::bag`] without the list of unknown words: all a
    /// prediction needs, with no string copied.
    pub(crate) fn known_counts(&self, text: &str) -> (WordCounts, usize) {
        let mut known = Vec::new();
        let mut tokens = 0;
        for_each_word(text, |word| {
            tokens += 1;
            if let Some(i) = self.index(word) {
                known.push(i);
            }
        });
        known.sort_unstable();
        (count_runs(&known), tokens)
    }

    /// The bags of `messages` as one dense table, ready to save for a comparison in Python.
    ///
    /// ```
    /// use genai_demos::classify::features::Vocab;
    /// use genai_demos::data::messages::Message;
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
