//! The n-gram model as chapter 3 writes it: a table from each context to the counts of what came next.
//!
//! Read this one first. It is the chapter's maths, line for line: frame every document with
//! markers, and for every place in it add one to the count of (the pieces before, the piece
//! here). Predicting is looking a context up and dividing each count by the context's total;
//! smoothing adds `k` to every count first. [`NGram`](crate::generate::ngram::NGram) is the
//! same model stored as a tree of numbered contexts so that training and writing are fast
//! enough for the book's benchmark; a property test checks the two give the same counts and
//! the same probabilities.

use crate::error::Result;
use crate::generate::ngram::{BOS, Distribution, END, PieceCount, Smoothing, UNK, check_training};
use std::collections::{BTreeMap, BTreeSet};

/// An n-gram model kept as a plain table of counts: for every context of up to `n - 1` pieces
/// seen in training, how many times each piece followed it.
///
/// It answers the same questions as [`NGram`](crate::generate::ngram::NGram) (counts, the
/// backed-off prediction, the smoothed probability) with the same numbers, only more slowly.
///
/// ```
/// use genai_demos::generate::ngram::Smoothing;
/// use genai_demos::generate::ngram_table::NGramTable;
///
/// let docs = vec![vec!["the", "baker", "bakes"], vec!["the", "baker", "sings"]];
/// let model = NGramTable::train(&docs, 3)?;
/// assert_eq!(model.counts(&["the", "baker"]), [("bakes".to_string(), 1), ("sings".to_string(), 1)]);
/// // V = 4 words + 3 markers = 7; "the baker" was followed twice, once by "bakes".
/// let p = model.smoothed_probability(&["the", "baker"], "bakes", Smoothing::laplace())?;
/// assert!((p - 2.0 / 9.0).abs() < 1e-12);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NGramTable {
    n: usize,
    /// Context (oldest piece first, 0 to `n - 1` pieces) to next piece to count.
    table: BTreeMap<Vec<String>, BTreeMap<String, u64>>,
    /// The distinct pieces of the training documents (markers not included).
    words: BTreeSet<String>,
}

impl NGramTable {
    /// Counts every n-gram of `documents`, with the same framing and the same errors as
    /// [`NGram::train`](crate::generate::ngram::NGram::train).
    pub fn train<S: AsRef<str>>(documents: &[Vec<S>], n: usize) -> Result<NGramTable> {
        check_training(documents, n)?;
        let mut model = NGramTable {
            n,
            table: BTreeMap::new(),
            words: BTreeSet::new(),
        };
        for document in documents.iter().filter(|d| !d.is_empty()) {
            // Frame the document: n - 1 begin markers, its pieces, one end marker.
            let mut framed = vec![BOS.to_string(); n - 1];
            for piece in document {
                model.words.insert(piece.as_ref().to_string());
                framed.push(piece.as_ref().to_string());
            }
            framed.push(END.to_string());
            // Every piece after the begin markers follows contexts of 0, 1, ..., n - 1 pieces.
            for (i, next) in framed.iter().enumerate().skip(n - 1) {
                for m in 0..n {
                    let context = framed[i - m..i].to_vec();
                    let after = model.table.entry(context).or_default();
                    *after.entry(next.clone()).or_insert(0) += 1;
                }
            }
        }
        Ok(model)
    }

    /// The model's order: it predicts from the `n - 1` pieces before.
    pub fn n(&self) -> usize {
        self.n
    }

    /// `V` in the smoothing formula: the distinct training pieces plus [`BOS`], [`END`], [`UNK`].
    pub fn vocab_size(&self) -> usize {
        self.words.len() + 3
    }

    /// The last `n - 1` pieces of `context`, each piece never seen in training written [`UNK`].
    fn kept<S: AsRef<str>>(&self, context: &[S]) -> Vec<String> {
        let keep = context.len().min(self.n - 1);
        context[context.len() - keep..]
            .iter()
            .map(|piece| {
                let piece = piece.as_ref();
                if self.words.contains(piece) || piece == BOS || piece == END {
                    piece.to_string()
                } else {
                    UNK.to_string()
                }
            })
            .collect()
    }

    /// What followed exactly the last `n - 1` pieces of `context`, most frequent first (ties in
    /// alphabetical order); empty for a context never seen.
    pub fn counts<S: AsRef<str>>(&self, context: &[S]) -> Vec<(String, u64)> {
        let after = self.table.get(&self.kept(context));
        let mut ranked: Vec<(String, u64)> = after
            .into_iter()
            .flatten()
            .map(|(piece, &count)| (piece.clone(), count))
            .collect();
        // The map gives alphabetical order; a stable sort by count keeps it among ties.
        ranked.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
        ranked
    }

    /// The prediction after `context` from the counts alone, backing off: if the last `n - 1`
    /// pieces were never seen, drop the oldest and look again, down to the empty context.
    pub fn next_piece<S: AsRef<str>>(&self, context: &[S]) -> Distribution {
        let kept = self.kept(context);
        let mut distribution = Distribution {
            context: kept.clone(),
            context_used: Vec::new(),
            total: 0,
            pieces: Vec::new(),
        };
        for start in 0..=kept.len() {
            let used = &kept[start..];
            let counts = self.counts(used);
            if counts.is_empty() {
                continue;
            }
            let total: u64 = counts.iter().map(|(_, count)| count).sum();
            distribution.context_used = used.to_vec();
            distribution.total = total;
            distribution.pieces = PieceCount::shares(counts, total);
            break;
        }
        distribution
    }

    /// Lidstone's rule ([`Smoothing`]) on the last `n - 1` pieces of `context`, no back-off:
    /// `(count(context, piece) + k) / (count(context) + k·V)`. Errors when `context` is
    /// shorter than `n - 1` pieces.
    pub fn smoothed_probability<S: AsRef<str>>(
        &self,
        context: &[S],
        piece: &str,
        smoothing: Smoothing,
    ) -> Result<f64> {
        crate::generate::ngram::check_context_length(context.len(), self.n)?;
        let after = self.table.get(&self.kept(context));
        let seen = after.and_then(|a| a.get(piece)).copied().unwrap_or(0);
        let total: u64 = after.into_iter().flat_map(|a| a.values()).sum();
        let k = smoothing.k();
        Ok((seen as f64 + k) / (total as f64 + k * self.vocab_size() as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[&str]) -> Vec<Vec<String>> {
        texts
            .iter()
            .map(|t| t.split_whitespace().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn bigram_table_by_hand() {
        // Framed: <s> a b a c </s>  and  <s> a b </s>
        let model = NGramTable::train(&docs(&["a b a c", "a b"]), 2).unwrap();
        assert_eq!(
            model.counts(&["a"]),
            [("b".to_string(), 2), ("c".to_string(), 1)]
        );
        assert_eq!(
            model.counts(&["b"]),
            [("</s>".to_string(), 1), ("a".to_string(), 1)]
        );
        assert_eq!(model.vocab_size(), 6);
        // "zebra" was never seen: back off to the empty context, 8 predictions in all.
        let d = model.next_piece(&["zebra"]);
        assert_eq!(d.context, ["<unk>"]);
        assert!(d.context_used.is_empty());
        assert_eq!(d.total, 8);
        let p = model
            .smoothed_probability(&["a"], "b", Smoothing::laplace())
            .unwrap();
        assert!((p - 3.0 / 9.0).abs() < 1e-12);
        assert!(
            model
                .smoothed_probability(&[] as &[&str], "a", Smoothing::laplace())
                .is_err()
        );
        assert!(NGramTable::train(&docs(&["a b"]), 4).is_err());
    }
}
