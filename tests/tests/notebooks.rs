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
            code_cell("e", "let tray = genai_demos::pastry::Tray::bake(1, 5)?;\nlet chart = tray.chart()?;\nchart", &["chart"], serde_json::json!([])),
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
