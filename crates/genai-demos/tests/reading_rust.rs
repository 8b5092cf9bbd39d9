//! The code of the page "Reading the Rust in these notebooks" (`notebooks/reading-rust.md`,
//! which the book includes as `src/reading-rust.md`). The page is plain Markdown, so that
//! JupyterLab and GitHub show it as it is; this file compiles and runs every snippet in it, and
//! checks that each snippet of the page appears here line for line.

use genai_demos::Error;

#[test]
fn every_snippet_of_the_page_runs() -> Result<(), Error> {
    // ANCHOR: page
    let seed = 7;
    let per_kind = 40;
    let mut baked = 0;
    baked += per_kind;

    use genai_demos::data::pastry::Tray;

    let tray = Tray::bake(seed, per_kind)?;
    let chart = tray.chart()?;

    match Tray::bake(seed, 0) {
        Ok(tray) => println!("baked {} pastries", tray.pastries.len()),
        Err(e) => println!("could not bake: {e}"),
    }

    use genai_demos::data::messages::{builtin, split};

    let messages = builtin()?;
    let parts = split(&messages, 0.2, 7)?;
    println!("{} messages, still ours after lending them", messages.len());

    use genai_demos::generate::sampling::Sampler;

    let careful = Sampler::new(1.0, Some(5), None)?;
    if let Some(message) = parts.train.first() {
        println!("the first training message: {}", message.text);
    }

    let lengths: Vec<usize> = parts.train.iter().map(|m| m.text.len()).collect();
    let spam: Vec<&str> = parts
        .train
        .iter()
        .filter(|m| m.label == "spam")
        .map(|m| m.text.as_str())
        .collect();

    for seed in 1..=3 {
        println!("seed {seed}: {:.2}", 2.0 / seed as f64);
    }
    // ANCHOR_END: page
    assert_eq!(baked, 40);
    assert_eq!(tray.pastries.len(), 80);
    assert!(chart.svg().contains("<svg"));
    assert_eq!(careful, Sampler::new(1.0, Some(5), None)?);
    assert_eq!(lengths.len(), parts.train.len());
    assert_eq!(spam.len(), 160);
    Ok(())
}

/// The lines of `text`, each without its indentation, blank lines dropped.
fn trimmed(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_page_shows_only_code_that_runs_here() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let page = std::fs::read_to_string(root.join("notebooks/reading-rust.md")).unwrap_or_default();
    let this = include_str!("reading_rust.rs");
    let tested = this
        .split("// ANCHOR: page")
        .nth(1)
        .and_then(|rest| rest.split("// ANCHOR_END: page").next())
        .unwrap_or_default();
    let tested = trimmed(tested);
    let blocks: Vec<&str> = page
        .split("```rust\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert!(
        blocks.len() >= 7,
        "only {} Rust snippets on the page",
        blocks.len()
    );
    for block in blocks {
        let lines = trimmed(block);
        let found = tested.windows(lines.len()).any(|w| w == lines.as_slice());
        assert!(
            found,
            "a snippet of the page is not in the tested code:\n{block}"
        );
    }
}
