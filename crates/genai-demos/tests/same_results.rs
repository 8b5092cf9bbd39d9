//! The fast paths give exactly what the plain definitions give: the word cutter, bags of words,
//! the classifiers' lean predictions and the n-gram model, checked against slow, obvious
//! versions (written here, or the library's plain `NGramTable`) on random inputs.

mod common;

use genai_demos::classify::features::Vocab;
use genai_demos::classify::logistic::{LogisticRegression, Settings};
use genai_demos::classify::naive_bayes::NaiveBayes;
use genai_demos::data::messages::Message;
use genai_demos::generate::ngram::{BOS, END, NGram, Smoothing, UNK};
use genai_demos::generate::ngram_table::NGramTable;
use genai_demos::measure::metrics::Classifier;
use genai_demos::text::messages::{MONEY, tokenize};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// The word cutter as first written: one character at a time, a `String` per word.
fn tokenize_by_chars(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let amount_follows = chars.peek().is_some_and(|next| next.is_ascii_digit());
        if matches!(c, '£' | '$' | '€') && amount_follows {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
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
        } else if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// Text with the characters the cutter treats specially: capitals, letters outside ASCII
/// (some of which lowercase to two), currency signs before amounts, apostrophes.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 £$€,.!'ÉéİßΣ-]{0,40}",
        "(WIN|win|Win|£|\\$|€|[0-9]|,|\\.| |café|İ|ÅNGSTRÖM){0,12}",
    ]
}

fn messages() -> impl Strategy<Value = Vec<Message>> {
    prop::collection::vec(("(spam|ham)", "[a-zA-Z £0-9!]{1,30}"), 1..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .filter_map(|(label, text)| Message::new(label, text).ok())
            .collect()
    })
}

/// Words from a small alphabet, so random documents share contexts.
fn word() -> impl Strategy<Value = String> {
    common::word(3)
}

/// Two probabilities that are the same number, up to rounding in the last digits.
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_word_cutter_matches_the_char_by_char_one(text in text()) {
        prop_assert_eq!(tokenize(&text), tokenize_by_chars(&text));
    }

    #[test]
    fn bags_match_a_recount_by_binary_search(messages in messages(), text in text()) {
        let Ok(vocab) = Vocab::build(&messages, 1) else { return Ok(()) };
        let mut counts: BTreeMap<usize, u32> = BTreeMap::new();
        let mut unknown = Vec::new();
        for token in tokenize(&text) {
            match vocab.words().binary_search(&token) {
                Ok(i) => *counts.entry(i).or_insert(0) += 1,
                Err(_) => unknown.push(token),
            }
        }
        let bag = vocab.bag(&text);
        prop_assert_eq!(bag.counts, counts.into_iter().collect::<Vec<_>>());
        prop_assert_eq!(bag.unknown, unknown);
        for (i, word) in vocab.words().iter().enumerate() {
            prop_assert_eq!(vocab.index(word), Some(i));
        }
    }

    #[test]
    fn lean_predictions_are_the_classified_labels(messages in messages(), text in text()) {
        if let Ok(bayes) = NaiveBayes::train(&messages, 1.0) {
            prop_assert_eq!(bayes.predict(&text).ok(), bayes.classify(&text).ok().map(|c| c.label));
        }
        let settings = Settings { epochs: 3, ..Settings::default() };
        if let Ok(filter) = LogisticRegression::train(&messages, "spam", &settings) {
            prop_assert_eq!(filter.predict(&text).ok(), filter.classify(&text).ok().map(|c| c.label));
        }
    }

    #[test]
    fn the_fast_ngram_gives_the_plain_tables_probabilities(
        documents in prop::collection::vec(prop::collection::vec(word(), 0..10), 1..6),
        n in 1usize..5,
        asked in prop::collection::vec(word(), 0..4),
        k in 0.001f64..3.0,
    ) {
        let trained = (NGram::train(&documents, n), NGramTable::train(&documents, n));
        let (Ok(fast), Ok(plain)) = trained else {
            // Both refuse the same corpora.
            prop_assert!(trained.0.is_err() && trained.1.is_err());
            return Ok(());
        };
        prop_assert_eq!(fast.vocab_size(), plain.vocab_size());
        // Every context that occurs, of every length up to n - 1, and one made up.
        let mut contexts = vec![asked];
        for document in &documents {
            let mut framed = vec![BOS.to_string(); n - 1];
            framed.extend(document.iter().cloned());
            for end in 0..=framed.len() {
                for m in 0..n.min(end + 1) {
                    contexts.push(framed[end - m..end].to_vec());
                }
            }
        }
        // Every piece the model knows, the markers, and one it never saw.
        let mut pieces: Vec<&str> = fast.vocab();
        pieces.extend([BOS, END, UNK, "zzz"]);
        let smoothings = [Smoothing::laplace(), Smoothing::add_k(0.01)?, Smoothing::add_k(k)?];
        for context in &contexts {
            prop_assert_eq!(fast.counts(context), plain.counts(context));
            let (a, b) = (fast.next_piece(context), plain.next_piece(context));
            prop_assert_eq!(&a.context, &b.context);
            prop_assert_eq!(&a.context_used, &b.context_used);
            prop_assert_eq!(a.total, b.total);
            prop_assert_eq!(a.pieces.len(), b.pieces.len());
            for (x, y) in a.pieces.iter().zip(&b.pieces) {
                prop_assert_eq!((&x.piece, x.count), (&y.piece, y.count));
                prop_assert!(same(x.probability, y.probability), "{:?} {:?}", x, y);
            }
            for smoothing in smoothings {
                for piece in &pieces {
                    let a = fast.smoothed_probability(context, piece, smoothing);
                    let b = plain.smoothed_probability(context, piece, smoothing);
                    match (a, b) {
                        (Ok(a), Ok(b)) => prop_assert!(same(a, b), "{} {} {:?} {}", a, b, context, piece),
                        (a, b) => prop_assert!(a.is_err() && b.is_err()),
                    }
                }
            }
        }
    }
}
