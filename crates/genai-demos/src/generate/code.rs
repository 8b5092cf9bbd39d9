//! Code as a modality: the same n-gram model, trained on Rust tokens instead of words.
//!
//! Source code is text with stricter rules. Cut into tokens (names, keywords, literals,
//! operators), a program is a sequence of pieces like a paragraph is, so the n-gram model and
//! the sampler work unchanged. What changes is the test of the result: a sentence can be a bit
//! odd and still read fine, but a program either parses or it does not. [`parse_rate`] measures
//! how often generated snippets parse, with the `syn` parser the Rust ecosystem uses for macros.

use crate::error::{Result, at_least};
use crate::generate::ngram::{END, NGram, Style};
use crate::generate::sampling::{Sampler, Trace};
use crate::text::rust::tokenize;
use serde::{Deserialize, Serialize};

/// True if `source` is valid Rust syntax: a whole file of items (functions, structs, ...), or
/// else a list of statements that could be the inside of a function. Only the syntax is checked,
/// not the types or names.
///
/// ```
/// use genai_demos::generate::code::parses_as_rust;
///
/// assert!(parses_as_rust("fn main() { let x = 1; }"));
/// assert!(parses_as_rust("let x = 1; x + 1"));
/// assert!(!parses_as_rust("fn main() { let = ; }"));
/// ```
pub fn parses_as_rust(source: &str) -> bool {
    if syn::parse_file(source).is_ok() {
        return true;
    }
    use syn::parse::Parser as _;
    syn::Block::parse_within.parse_str(source).is_ok()
}

/// The Rust programs as token lists, one training document each.
pub fn rust_documents() -> Vec<Vec<String>> {
    crate::data::corpus::rust_programs()
        .into_iter()
        .map(tokenize)
        .collect()
}

/// An n-gram model of order `n` trained on the 58 Rust programs, writing Rust.
///
/// ```
/// use genai_demos::generate::code::rust_model;
/// use genai_demos::generate::sampling::Sampler;
///
/// let model = rust_model(4)?;
/// let snippet = model.generate_document("fn", 300, &Sampler::with_temperature(0.8)?, 1)?;
/// assert!(snippet.text.starts_with("fn"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn rust_model(n: usize) -> Result<NGram> {
    Ok(NGram::train(&rust_documents(), n)?.with_style(Style::Rust))
}

/// One generated program and whether it parses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeSample {
    /// The seed it was written with.
    pub seed: u64,
    /// The program as text.
    pub code: String,
    /// Whether `syn` accepts it ([`parses_as_rust`]).
    pub parses: bool,
    /// Whether it is, token for token, one of the training programs.
    pub copy_of_training: bool,
}

/// How often generated programs parse, and how many of those are copies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParseRate {
    /// The model's n.
    pub n: usize,
    /// The sampling temperature.
    pub temperature: f64,
    /// How many programs were written.
    pub samples: usize,
    /// How many of them parse.
    pub parsed: usize,
    /// `parsed / samples`.
    pub rate: f64,
    /// How many are exact copies of a training program (these parse, but are not new).
    pub copies: usize,
    /// How many parse *and* are not copies: the new programs that are valid syntax.
    pub new_and_parsing: usize,
    /// Every sample, for reading.
    pub examples: Vec<CodeSample>,
}

impl ParseRate {
    /// Shows the rate in a notebook, with the first few programs and their verdicts.
    pub fn evcxr_display(&self) {
        let summary = format!(
            "n = {}, temperature {}: {} of {} programs parse ({:.0}%); {} are copies of a \
             training program; {} parse and are new",
            self.n,
            self.temperature,
            self.parsed,
            self.samples,
            100.0 * self.rate,
            self.copies,
            self.new_and_parsing
        );
        let mut plain = format!("{summary}\n");
        let mut html = format!("<div class=\"genai-code\"><p>{}</p>", escape(&summary));
        for example in self.examples.iter().take(4) {
            let verdict = match (example.parses, example.copy_of_training) {
                (true, true) => "parses (a copy)",
                (true, false) => "parses",
                (false, _) => "does not parse",
            };
            plain.push_str(&format!(
                "--- seed {}: {verdict}\n{}",
                example.seed, example.code
            ));
            html.push_str(&format!(
                "<p>seed {}: <strong>{verdict}</strong></p><pre><code>{}</code></pre>",
                example.seed,
                escape(&example.code)
            ));
        }
        html.push_str("</div>");
        crate::show::display::show(&[("text/html", &html), ("text/plain", &plain)]);
    }
}

fn escape(text: &str) -> String {
    crate::show::display::escape_xml(text)
}

/// Writes `samples` whole programs (each until the model ends it, at most 400 tokens) with a
/// model of order `n` at `temperature`, seeds `seed`, `seed + 1`, ..., and counts how many
/// parse. Expect honesty rather than magic: small `n` rarely parses, large `n` parses because
/// it copies.
///
/// ```
/// let rate = genai_demos::generate::code::parse_rate(3, 10, 1.0, 0)?;
/// assert_eq!(rate.samples, 10);
/// assert!(rate.parsed <= 10 && rate.copies <= rate.parsed);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn parse_rate(n: usize, samples: usize, temperature: f64, seed: u64) -> Result<ParseRate> {
    at_least("samples", samples, 1, "at least 1 program to write")?;
    let documents = rust_documents();
    let model = NGram::train(&documents, n)?.with_style(Style::Rust);
    let sampler = Sampler::with_temperature(temperature)?;
    let mut examples = Vec::with_capacity(samples);
    for i in 0..samples as u64 {
        let trace = model.generate_document("", 400, &sampler, seed.wrapping_add(i))?;
        let code = trace.text.clone();
        let tokens: Vec<String> = trace.written().into_iter().filter(|t| t != END).collect();
        let copy_of_training = documents.contains(&tokens);
        examples.push(CodeSample {
            seed: trace.seed,
            parses: parses_as_rust(&code),
            code,
            copy_of_training,
        });
    }
    let parsed = examples.iter().filter(|e| e.parses).count();
    let copies = examples.iter().filter(|e| e.copy_of_training).count();
    let new_and_parsing = examples
        .iter()
        .filter(|e| e.parses && !e.copy_of_training)
        .count();
    Ok(ParseRate {
        n,
        temperature,
        samples,
        parsed,
        rate: parsed as f64 / samples as f64,
        copies,
        new_and_parsing,
        examples,
    })
}

/// A snippet written by a Rust model from `prompt`: one program, until the model ends it or
/// after `max_tokens`.
pub fn snippet(
    model: &NGram,
    prompt: &str,
    max_tokens: usize,
    sampler: &Sampler,
    seed: u64,
) -> Result<Trace> {
    model.generate_document(prompt, max_tokens, sampler, seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::rust::{render, tokenize};

    #[test]
    fn every_training_program_round_trips_and_parses() {
        for program in crate::data::corpus::rust_programs() {
            let tokens = tokenize(program);
            let rendered = render(&tokens);
            assert_eq!(tokenize(&rendered), tokens, "{rendered}");
            assert!(parses_as_rust(&rendered), "does not parse:\n{rendered}");
        }
    }

    #[test]
    fn parse_check_accepts_items_and_statements_only() {
        assert!(parses_as_rust("struct A { x: u32 }"));
        assert!(parses_as_rust("let v = vec![1, 2]; v.len()"));
        assert!(!parses_as_rust("fn ( {"));
        assert!(!parses_as_rust("}"));
    }

    #[test]
    fn parse_rate_is_seeded_and_counts_honestly() {
        let a = parse_rate(4, 8, 1.0, 5).unwrap();
        assert_eq!(a, parse_rate(4, 8, 1.0, 5).unwrap());
        assert_eq!(a.examples.len(), 8);
        assert_eq!(
            a.parsed,
            a.examples
                .iter()
                .filter(|e| parses_as_rust(&e.code))
                .count()
        );
        assert!(a.new_and_parsing + a.copies >= a.parsed);
        assert!(parse_rate(4, 0, 1.0, 5).is_err());
        assert!(parse_rate(0, 5, 1.0, 5).is_err());
    }

    #[test]
    fn displays_do_not_panic() {
        let rate = parse_rate(3, 2, 1.0, 1).unwrap();
        rate.evcxr_display();
        let trace = snippet(&rust_model(3).unwrap(), "fn", 50, &Sampler::greedy(), 1).unwrap();
        assert!(trace.code);
        trace.evcxr_display();
    }

    #[test]
    fn rust_model_counts_what_follows_fn() {
        let model = rust_model(2).unwrap();
        let after_fn = model.counts(&["fn"]);
        assert!(after_fn.iter().all(|(t, _)| t != "fn"));
        assert!(after_fn.iter().any(|(t, _)| t == "new"));
    }
}
