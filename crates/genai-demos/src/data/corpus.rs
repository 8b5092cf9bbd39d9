//! The training texts of the text and code chapters, and a fixed way to hold some of them back.
//!
//! The texts are fixed files in `crates/genai-demos/data/`, compiled into the library with
//! `include_str!`. They are data, not code: changing a function never changes what a model
//! learns from, so the numbers in the book only move when someone edits a data file on purpose.

use crate::error::{Error, Result, at_least};
use crate::text::tokenize;
use serde::{Deserialize, Serialize};

/// How-to prose from the bakery: about 11,500 words, paragraphs separated by blank lines.
pub const BAKERY_RECIPES: &str = include_str!("../../data/bakery_recipes.txt");

/// Stories from the bakery on Mill Street: about 11,500 words, paragraphs separated by blank
/// lines.
pub const BAKERY_STORIES: &str = include_str!("../../data/bakery_stories.txt");

/// 58 small Rust programs about the bakery, separated by lines that read `// ---`.
pub const RUST_PROGRAMS: &str = include_str!("../../data/rust_programs.rs");

/// All the bakery prose as one text: the recipes, a blank line, then the stories.
///
/// ```
/// let text = genai_demos::data::corpus::bakery_text();
/// assert!(text.split_whitespace().count() > 20_000);
/// ```
pub fn bakery_text() -> String {
    format!(
        "{}\n\n{}",
        BAKERY_RECIPES.trim_end(),
        BAKERY_STORIES.trim_end()
    )
}

/// The bakery prose cut at blank lines: each paragraph is one training document, so a model
/// learns where paragraphs start and end.
///
/// ```
/// let paragraphs = genai_demos::data::corpus::bakery_paragraphs();
/// assert!(paragraphs.len() > 250);
/// assert!(paragraphs.iter().all(|p| !p.trim().is_empty()));
/// ```
pub fn bakery_paragraphs() -> Vec<&'static str> {
    let mut paragraphs = Vec::new();
    for text in [BAKERY_RECIPES, BAKERY_STORIES] {
        paragraphs.extend(split_paragraphs(text));
    }
    paragraphs
}

/// The bakery paragraphs as lists of pieces ([`tokenize::words`]), ready to train on.
pub fn bakery_documents() -> Vec<Vec<String>> {
    bakery_paragraphs()
        .into_iter()
        .map(tokenize::words)
        .collect()
}

/// The paragraphs of `text`: the stretches between blank lines, trimmed, empty ones skipped.
pub fn split_paragraphs(text: &str) -> Vec<&str> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            push_trimmed(&mut paragraphs, &text[start..offset]);
            start = offset + line.len();
        }
        offset += line.len();
    }
    push_trimmed(&mut paragraphs, &text[start..]);
    paragraphs
}

fn push_trimmed<'a>(paragraphs: &mut Vec<&'a str>, chunk: &'a str) {
    let chunk = chunk.trim();
    if !chunk.is_empty() {
        paragraphs.push(chunk);
    }
}

/// The Rust programs, one string each, cut at the `// ---` lines.
///
/// ```
/// let programs = genai_demos::data::corpus::rust_programs();
/// assert_eq!(programs.len(), 58);
/// assert!(programs[1].starts_with("fn loaf_price"));
/// ```
pub fn rust_programs() -> Vec<&'static str> {
    let mut programs = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in RUST_PROGRAMS.split_inclusive('\n') {
        if line.trim() == "// ---" {
            push_trimmed(&mut programs, &RUST_PROGRAMS[start..offset]);
            start = offset + line.len();
        }
        offset += line.len();
    }
    push_trimmed(&mut programs, &RUST_PROGRAMS[start..]);
    programs
}

/// Documents divided into the ones a model trains on and the ones held back to test it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Split<T> {
    /// The documents the model learns from.
    pub train: Vec<T>,
    /// The documents the model never sees while learning; perplexity is measured on these.
    pub held_out: Vec<T>,
}

/// Holds back every `every`-th document (the 1st, `every+1`-th, ... are kept for training;
/// documents `every-1`, `2*every-1`, ... counting from 0 are held out).
///
/// There is no randomness: the split depends only on the order of the documents, which is fixed
/// by the data files. Taking every k-th paragraph spreads the held-out part over recipes and
/// stories alike.
///
/// ```
/// use genai_demos::data::corpus::held_out_split;
///
/// let split = held_out_split(&["a", "b", "c", "d", "e", "f"], 3)?;
/// assert_eq!(split.train, ["a", "b", "d", "e"]);
/// assert_eq!(split.held_out, ["c", "f"]);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn held_out_split<T: Clone>(documents: &[T], every: usize) -> Result<Split<T>> {
    at_least(
        "every",
        every,
        2,
        "at least 2 (every = 10 holds back one document in ten)",
    )?;
    if documents.len() < every {
        return Err(Error::EmptyCorpus {
            what: format!(
                "the held-out part of {} documents taken every {every}th",
                documents.len()
            ),
        });
    }
    let mut split = Split {
        train: Vec::new(),
        held_out: Vec::new(),
    };
    for (i, document) in documents.iter().enumerate() {
        if i % every == every - 1 {
            split.held_out.push(document.clone());
        } else {
            split.train.push(document.clone());
        }
    }
    Ok(split)
}

/// The bakery documents split for perplexity: one paragraph in ten held out.
pub fn bakery_split() -> Result<Split<Vec<String>>> {
    held_out_split(&bakery_documents(), 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_cut_at_blank_lines() {
        let text = "one\ntwo\n\n  \nthree\n\n\nfour";
        assert_eq!(split_paragraphs(text), ["one\ntwo", "three", "four"]);
        assert!(split_paragraphs("\n\n").is_empty());
    }

    #[test]
    fn the_bakery_corpus_has_the_expected_size() {
        let words: usize = bakery_documents().iter().map(Vec::len).sum();
        assert!((20_000..35_000).contains(&words), "{words} pieces");
        assert_eq!(
            bakery_paragraphs().len(),
            split_paragraphs(&bakery_text()).len()
        );
    }

    #[test]
    fn every_bakery_paragraph_round_trips_through_the_prose_tokenizer() {
        let names = tokenize::capitalized_words(&bakery_text());
        let paragraphs = bakery_paragraphs();
        let mut exact = 0;
        for paragraph in &paragraphs {
            let back = tokenize::detokenize_with(&tokenize::words(paragraph), &names);
            let original = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            // Spacing, punctuation and quotes come back exactly...
            assert_eq!(back.to_lowercase(), original.to_lowercase());
            exact += usize::from(back == original);
        }
        // ...and capitals nearly always: only words like "Mill Street" (also "the mill") miss.
        assert!(exact * 100 >= paragraphs.len() * 85, "{exact} exact");
    }

    #[test]
    fn every_program_is_a_function_or_item() {
        let programs = rust_programs();
        assert_eq!(programs.len(), 58);
        assert!(programs.iter().all(|p| !p.contains("// ---")));
        assert!(programs[0].starts_with("use std::collections::HashMap;"));
    }

    #[test]
    fn the_split_is_fixed_and_complete() {
        let docs: Vec<usize> = (0..25).collect();
        let split = held_out_split(&docs, 10).unwrap();
        assert_eq!(split.held_out, [9, 19]);
        assert_eq!(split.train.len(), 23);
        assert_eq!(split, held_out_split(&docs, 10).unwrap());
    }

    #[test]
    fn bad_splits_are_errors() {
        assert!(matches!(
            held_out_split(&[1, 2, 3], 1),
            Err(Error::InvalidParameter { name: "every", .. })
        ));
        assert!(matches!(
            held_out_split(&[1, 2, 3], 5),
            Err(Error::EmptyCorpus { .. })
        ));
    }
}
