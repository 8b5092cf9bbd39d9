//! The fast paths give exactly what the plain definitions give: the word cutter, bags of words
//! and the classifiers' lean predictions, checked against slow, obvious versions written here
//! on random inputs.

use genai_demos::features::{MONEY, Vocab, tokenize};
use genai_demos::logistic::{LogisticRegression, Settings};
use genai_demos::messages::Message;
use genai_demos::metrics::Classifier;
use genai_demos::naive_bayes::NaiveBayes;
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
}
