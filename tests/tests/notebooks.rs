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

/// A notebook with a panicking cell and a stale output: the checker must fail on both.
#[test]
fn the_checker_catches_panics_and_stale_outputs() {
    let dir = scratch("notebook-checker").unwrap();
    let crate_path = root().join("crates/genai-demos");
    let nb = serde_json::json!({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "rust", "display_name": "Rust", "language": "rust"}},
        "cells": [
            {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": null, "outputs": [],
             "source": format!(":dep genai-demos = {{ path = \"{}\" }}", crate_path.display())},
            {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": null, "outputs": [],
             "source": "let v: Vec<u32> = Vec::new();\nv[3]"},
            {"cell_type": "code", "id": "c", "metadata": {"tags": ["chart"]}, "execution_count": null,
             "outputs": [], "source": "1 + 1"},
        ]
    });
    let path = dir.join("broken.ipynb");
    std::fs::write(&path, serde_json::to_string_pretty(&nb).unwrap()).unwrap();
    let out = check(&[&path]);
    let report = text(&out);
    assert!(!out.status.success(), "a broken notebook passed:\n{report}");
    assert!(
        report.contains("cell 2: stderr"),
        "the panic was not caught:\n{report}"
    );
    assert!(
        report.contains("tagged `chart` but drew no SVG"),
        "{report}"
    );
    assert!(
        report.contains("outputs differ from the committed ones"),
        "{report}"
    );
}
