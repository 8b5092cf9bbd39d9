//! Every notebook, run in the real Rust kernel (evcxr) through Jupyter's own client (nbclient),
//! by `tests/notebooks.py`; and proof that the checker catches what it claims to catch.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::{root, scratch, venv_python};
use std::path::Path;
use std::process::{Command, Output};

fn check(notebooks: &[&Path]) -> Output {
    Command::new(venv_python().unwrap())
        .arg(root().join("tests/notebooks.py"))
        .args(notebooks)
        .output()
        .expect("running tests/notebooks.py")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn every_notebook_runs_clean_and_matches_its_committed_outputs() {
    let out = check(&[]);
    println!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.status.success(), "{}", text(&out));
}

fn code_cell(
    id: &str,
    source: &str,
    tags: &[&str],
    outputs: serde_json::Value,
) -> serde_json::Value {
    serde_json::json!({"cell_type": "code", "id": id, "metadata": {"tags": tags},
        "execution_count": null, "outputs": outputs, "source": source})
}

/// A student's broken cells (a compile error, a panic) leave the kernel usable: the next cell
/// still draws its chart. And the checker fails on each kind of problem it promises to catch.
#[test]
fn broken_cells_leave_the_kernel_usable_and_the_checker_catches_every_problem() {
    let dir = scratch("notebook-checker").unwrap();
    let crate_path = root().join("crates/genai-demos");
    let stale = serde_json::json!([{"output_type": "execute_result", "execution_count": 5,
        "metadata": {}, "data": {"text/plain": "3"}}]);
    let nb = serde_json::json!({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "rust", "display_name": "Rust", "language": "rust"}},
        "cells": [
            code_cell("a", &format!(":dep genai-demos = {{ path = \"{}\" }}", crate_path.display()), &[], serde_json::json!([])),
            code_cell("b", "let oops: u32 = \"not a number\";", &[], serde_json::json!([])),
            code_cell("c", "let v: Vec<u32> = Vec::new();\nv[3]", &[], serde_json::json!([])),
            // A panic's stderr can arrive after its cell has finished; this cell takes it.
            code_cell("d", "let after = 2 + 2;\nafter", &[], serde_json::json!([])),
            code_cell("e", "let tray = genai_demos::data::pastry::Tray::bake(1, 5)?;\nlet chart = tray.chart()?;\nchart", &["chart"], serde_json::json!([])),
            code_cell("f", "1 + 1", &["chart"], stale),
        ]
    });
    let path = dir.join("broken.ipynb");
    let fresh_path = dir.join("fresh.ipynb");
    std::fs::write(&path, serde_json::to_string_pretty(&nb).unwrap()).unwrap();
    let out = Command::new(venv_python().unwrap())
        .arg(root().join("tests/notebooks.py"))
        .arg("--save-fresh")
        .arg(&fresh_path)
        .arg(&path)
        .output()
        .unwrap();
    let report = text(&out);
    assert!(!out.status.success(), "a broken notebook passed:\n{report}");
    assert!(
        report.contains("broken.ipynb cell 2: error"),
        "the compile error was not caught:\n{report}"
    );
    assert!(
        report.contains("broken.ipynb cell 3: stderr"),
        "the panic was not caught:\n{report}"
    );
    assert!(
        !report.contains("/broken.ipynb cell 5:"),
        "the chart after the broken cells failed:\n{report}"
    );
    assert!(
        report.contains("cell 6: tagged `chart` but drew no SVG"),
        "{report}"
    );
    assert!(
        report.contains("code cell 6: outputs differ from the committed ones"),
        "{report}"
    );
    let fresh: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&fresh_path).unwrap()).unwrap();
    let after = &fresh["cells"][4]["outputs"];
    assert!(
        after.to_string().contains("image/svg+xml"),
        "no chart after the broken cells: {after}"
    );
}

/// The chapter notebooks' first cells point a reader new to Rust at the page that teaches
/// enough to read them, and the page is there to open, next to the notebooks.
#[test]
fn every_chapter_notebook_links_to_the_rust_reading_page() {
    let dir = root().join("notebooks");
    assert!(dir.join("reading-rust.md").is_file());
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ipynb") {
            continue;
        }
        let nb: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let first = nb["cells"][0]["source"].to_string();
        assert!(
            first.contains("](reading-rust.md)"),
            "{}: the first cell does not link to reading-rust.md",
            path.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 4, "four chapter notebooks");
}

/// Fixes a reader noticed, kept: no cell shows Rust's empty `()` as if it were a result, and the
/// error for an empty training set reads as a sentence.
#[test]
fn no_committed_output_is_a_stray_unit_or_a_broken_sentence() {
    for entry in std::fs::read_dir(root().join("notebooks")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ipynb") {
            continue;
        }
        let nb: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (i, cell) in nb["cells"].as_array().unwrap().iter().enumerate() {
            for output in cell["outputs"].as_array().into_iter().flatten() {
                let text = output["text"].to_string() + &output["data"]["text/plain"].to_string();
                assert!(
                    !text.contains("\"()\"") && !text.contains("\"()\\n\""),
                    "{} cell {i} shows a stray ()",
                    path.display()
                );
                assert!(
                    !text.contains("messages is empty"),
                    "{} cell {i}: {text}",
                    path.display()
                );
            }
        }
    }
}
