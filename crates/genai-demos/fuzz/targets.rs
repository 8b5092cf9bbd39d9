//! What each fuzz target does with its input. Shared by the fuzz binaries and by the regression
//! test (`crates/genai-demos/tests/fuzz_regressions.rs`), which replays every input kept in
//! `regressions/<target>/`.

use genai_demos::data::messages;
use genai_demos::error::Error;
use genai_demos::generate::{code, ngram::NGram, sampling::Sampler};
use genai_demos::sound::tune;
use genai_demos::text::{rust, tokenize};

/// The labelled-message loader: any text either loads or names a malformed line.
pub fn messages(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match messages::parse(&text) {
        Ok(found) => assert!(!found.is_empty()),
        Err(Error::MalformedLine { line, .. }) => assert!(line >= 1),
        Err(Error::EmptyCorpus { .. }) => {}
        Err(other) => panic!("unexpected error: {other}"),
    }
}

/// The prose tokenizer, and a model trained on what it makes.
pub fn text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let pieces = tokenize::words(&text);
    let joined = tokenize::detokenize(&pieces);
    // Joining and splitting again keeps the words (capitals aside).
    let again: Vec<String> = tokenize::words(&joined)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let lower: Vec<String> = pieces.iter().map(|w| w.to_lowercase()).collect();
    assert_eq!(again, lower, "detokenize changed the words of {text:?}");
    if let Ok(model) = NGram::train(&[pieces], 2)
        && let Ok(sampler) = Sampler::new(1.0, None, None)
    {
        let _ = model.generate(&text, 8, &sampler, 1);
    }
}

/// The Rust tokenizer: rendering tokens and reading them back gives the same tokens.
pub fn code(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let tokens = rust::tokenize(&text);
    let rendered = rust::render(&tokens);
    assert_eq!(
        rust::tokenize(&rendered),
        tokens,
        "render changed the tokens of {text:?}"
    );
    let _ = code::parses_as_rust(&rendered);
}

/// The tune format: any text either loads or names a malformed line.
pub fn tunes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match tune::parse_tunes(&text) {
        Ok(tunes) => assert!(tunes.iter().all(|t| !t.notes.is_empty())),
        Err(Error::MalformedLine { line, .. }) => assert!(line >= 1),
        Err(Error::EmptyCorpus { .. }) => {}
        Err(other) => panic!("unexpected error: {other}"),
    }
}
