//! The book and the notebooks show the same results for the same experiment: a notebook (or a
//! listing the book shows) gets a book's seed or setting from the library's experiment
//! (`genai_demos::experiments`), never as a number typed again, and the figures a notebook's
//! committed outputs show are the book's.
//!
//! Reads the committed notebooks only (no kernel): `tests/tests/notebooks.rs` checks that a
//! fresh run still gives those outputs.

#![allow(clippy::unwrap_used)] // A failed step should stop a test loudly.

use genai_e2e::paths::root;
use mdbook_genai::catalog::value;
use serde_json::Value;

/// The library calls that take a book's seed or setting: a notebook passes them the
/// experiment's constants or fields, never a number of its own typing.
const SETTING_CALLS: [&str; 16] = [
    "split(",
    "Tray::bake(",
    "TwoJobs::learn(",
    "LogisticRegression::train(",
    "NaiveBayes::train(",
    "SpamWriter::train(",
    "NGram::bakery(",
    "DiffusionModel::train(",
    "MelodyModel::bakery(",
    "Synth::new(",
    "parse_rate(",
    "rust_model(",
    "bakery_order_sweep(",
    "bakery_temperature_sweep(",
    "temperature_chart(",
    "perplexity_chart(",
];

/// The chapters' notebooks (the exercises are generated from their own sources).
const NOTEBOOKS: [&str; 4] = [
    "00-start-here.ipynb",
    "01-telling-apart-vs-creating.ipynb",
    "02-modalities.ipynb",
    "03-how-it-generates.ipynb",
];

fn notebook(name: &str) -> Value {
    let path = root().join("notebooks").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect(),
        other => other.as_str().unwrap_or_default().to_string(),
    }
}

/// The code cells of a notebook: their source and their outputs' text.
fn code_cells(nb: &Value) -> Vec<(String, String)> {
    let cells = nb["cells"].as_array().unwrap().iter();
    let code = cells.filter(|c| c["cell_type"] == "code");
    code.map(|c| {
        let outputs = c["outputs"].as_array().cloned().unwrap_or_default();
        let shown = outputs.iter().map(|o| {
            let plain = o["data"]["text/plain"].clone();
            text_of(&o["text"]) + &text_of(&plain)
        });
        (text_of(&c["source"]), shown.collect())
    })
    .collect()
}

/// The calls of [`SETTING_CALLS`] in `source` that pass a number typed in the cell, such as
/// `Synth::new(132.0, 8_000)`. A call whose error the cell shows on purpose (`match` on it, or
/// `.err()` after it) may pass a bad number: that number is no book setting.
fn typed_settings(source: &str) -> Vec<String> {
    let code: String = source
        .lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for call in SETTING_CALLS {
        for (at, _) in code.match_indices(call) {
            // `split(` must be the function, not the end of another name.
            let before = &code[..at];
            if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let open = at + call.len();
            let mut depth = 1;
            let end = code[open..]
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' | '[' => 1,
                        ')' | ']' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(code.len(), |(i, _)| open + i);
            let args = &code[open..end];
            let on_purpose = before.trim_end().ends_with("match")
                || code[end..].starts_with(").err()")
                || code[end..].starts_with(")).err()");
            let typed = args.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'));
            let mut numbers =
                typed.filter(|w| w.starts_with(|c: char| c.is_ascii_digit()) && !w.is_empty());
            if !on_purpose && numbers.next().is_some() {
                found.push(format!("{call}{args})"));
            }
        }
    }
    found
}

#[test]
fn notebooks_and_listings_hold_no_copy_of_the_books_seeds_or_settings() {
    let mut copies = Vec::new();
    for name in NOTEBOOKS {
        for (source, _) in code_cells(&notebook(name)) {
            for call in typed_settings(&source) {
                copies.push(format!("{name}: {call}"));
            }
        }
    }
    // The listings the pages include, between their ANCHOR lines, follow the same rule.
    let listings = root().join("crates/genai-demos/tests");
    for entry in std::fs::read_dir(&listings).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with("listings.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for part in text.split("// ANCHOR: ").skip(1) {
            let shown = part.split("// ANCHOR_END").next().unwrap_or_default();
            for call in typed_settings(shown) {
                copies.push(format!("{name}: {call}"));
            }
        }
    }
    assert!(
        copies.is_empty(),
        "these notebook cells or listings type a seed or setting the library's experiments hold; use \
         the experiment (`genai_demos::experiments`) instead:\n{}",
        copies.join("\n")
    );
}

#[test]
fn the_scan_finds_a_planted_copy() {
    // The copies the book and the notebooks once disagreed on, planted back.
    let planted = [
        "let sound = Synth::new(132.0, 8_000)?.render(&melody.notes)?;",
        "let parts = split(&messages, 0.2, 7)?;",
        "let by_t = copying::bakery_temperature_sweep(3, &[0.25, 0.5, 1.0], 1000, 7)?;",
        "let chart = ngram::perplexity_chart(5, &[1.0, 0.01])?;",
    ];
    for cell in planted {
        assert_eq!(typed_settings(cell).len(), 1, "{cell}");
    }
    // Names, fields and error demonstrations pass.
    let fine = [
        "let t = ch2::TuneRecipe::default();\nlet sound = Synth::new(t.tempo, t.sample_rate)?;",
        "let parts = split(&real, experiment.test_fraction, experiment.split_seed)?;",
        "match SpamWriter::train(&[], 2) {\n    Ok(_) => (),\n    Err(e) => println!(\"{e}\"),\n};",
        "NGram::bakery(9).err().map(|e| e.to_string())",
        "let words = text.split(' ');",
        "// Synth::new(132.0, 8_000) in a comment",
    ];
    for cell in fine {
        assert!(typed_settings(cell).is_empty(), "{cell}");
    }
}

/// The committed output of the code cell whose source has `marker`.
fn output_of(name: &str, marker: &str) -> String {
    let cells = code_cells(&notebook(name));
    let found = cells
        .into_iter()
        .find(|(source, _)| source.contains(marker));
    found
        .unwrap_or_else(|| panic!("{name} has no cell with {marker:?}"))
        .1
}

fn book(name: &str) -> String {
    value(name).unwrap()
}

#[test]
fn the_notebooks_show_the_books_figures() {
    // The notebooks print whole numbers without the book's thousands commas.
    let plain = |name: &str| book(name).replace(',', "");
    let expect = [
        (
            "02-modalities.ipynb",
            "text_model.documents()",
            format!(
                "learned from {} paragraphs: {} words and punctuation marks, {} different ones",
                plain("ch2.text-paragraphs"),
                plain("ch2.text-words"),
                plain("ch2.text-vocab")
            ),
        ),
        (
            "03-how-it-generates.ipynb",
            "model.documents()",
            format!(
                "{} paragraphs, {} pieces, {} different pieces",
                plain("ch3.paragraphs"),
                plain("ch3.training-pieces"),
                plain("ch3.vocab")
            ),
        ),
        (
            "01-telling-apart-vs-creating.ipynb",
            "models.copies(",
            format!(
                "n = {}: {} of {} messages were copies",
                book("ch1.longer-order"),
                book("ch1.longer-copies"),
                book("ch1.checked-total")
            ),
        ),
        (
            "01-telling-apart-vs-creating.ipynb",
            "let report = evaluate(",
            format!("accuracy {}", book("ch1.filter-accuracy")),
        ),
        (
            "01-telling-apart-vs-creating.ipynb",
            "let bayes_report = evaluate(",
            format!("accuracy {}", book("ch1.bayes-accuracy")),
        ),
        (
            "00-start-here.ipynb",
            "intro::Experiment::default().run()",
            book("intro.tray-size"),
        ),
    ];
    // The two new voices of the Speech part: pitch, scale, nearest real speaker and distance.
    let voices = [1, 2].map(|i| {
        let v = |what: &str| book(&format!("speech.voice-{i}-{what}"));
        (
            "02-modalities.ipynb",
            "voices.novelty(voice)",
            format!(
                "seed {}: {} Hz, scale {}; nearest real speaker: {} ",
                v("seed"),
                v("f0"),
                v("scale"),
                v("nearest")
            ),
        )
    });
    let distances = [1, 2].map(|i| {
        (
            "02-modalities.ipynb",
            "voices.novelty(voice)",
            format!(", {} away", book(&format!("speech.voice-{i}-distance"))),
        )
    });
    for (name, marker, figure) in expect.into_iter().chain(voices).chain(distances) {
        let shown = output_of(name, marker);
        assert!(
            shown.contains(&figure),
            "{name}, the cell with {marker:?}: the book says {figure:?}, the notebook shows {shown:?}"
        );
    }
}
