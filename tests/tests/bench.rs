//! `cargo xtask bench --quick` runs every part of the benchmark (the library in a release
//! build, scikit-learn and NLTK, a notebook in the real kernel, the book, the live page in
//! headless Chromium) and writes
//! `target/bench.json` with every section. This is not a timed test: it checks the structure
//! and that every figure is a sane number, never how fast anything is.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::root;
use serde_json::Value;
use std::process::Command;

/// The number at `pointer` in `report`, which must be finite and above 0.
fn positive(report: &Value, pointer: &str) -> f64 {
    let value = report
        .pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{pointer} is missing or not a number"));
    assert!(
        value.is_finite() && value > 0.0,
        "{pointer} should be a finite number above 0, not {value}"
    );
    value
}

fn array<'a>(report: &'a Value, pointer: &str) -> &'a Vec<Value> {
    let items = report
        .pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{pointer} is missing or not a list"));
    assert!(!items.is_empty(), "{pointer} is empty");
    items
}

#[test]
fn bench_quick_writes_every_section_with_sane_numbers() {
    let json = root().join("target/bench.json");
    // A report left over from an earlier run must not pass for this one.
    let _ = std::fs::remove_file(&json);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["run", "-q", "-p", "xtask", "--", "bench", "--quick"])
        .current_dir(root())
        .output()
        .expect("running cargo xtask bench --quick");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "cargo xtask bench --quick failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("| measure |"),
        "no table was printed:\n{stdout}"
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap())
        .expect("target/bench.json is not valid JSON (a NaN or infinity would make it so)");

    assert_eq!(report["meta"]["quick"], true);
    positive(&report, "/meta/cpus");

    // 1. Notebooks.
    for key in [
        "kernel_start_s",
        "first_dep_cell_warm_s",
        "later_median_s",
        "later_p95_s",
        "all_notebooks_s",
    ] {
        positive(&report, &format!("/notebooks/{key}"));
    }
    assert!(
        report["notebooks"]["later_p95_s"].as_f64()
            >= report["notebooks"]["later_median_s"].as_f64()
    );
    assert_eq!(
        report["notebooks"]["errors"], 0,
        "a notebook cell failed, so its times mean nothing"
    );
    for run in array(&report, "/notebooks/runs") {
        positive(run, "/total_s");
        assert!(!array(run, "/later_cells_s").is_empty());
    }
    // The floor (rustc on an empty library, in the same run) and each figure in floors.
    let floor = positive(&report, "/notebooks/floor/median_s");
    for key in [
        "kernel_start",
        "first_dep_cell_warm",
        "later_median",
        "later_p95",
    ] {
        let seconds = positive(&report, &format!("/notebooks/{key}_s"));
        let floors = positive(&report, &format!("/notebooks/{key}_floors"));
        assert!(
            (floors * floor - seconds).abs() < 1e-9,
            "{key}: {floors} floors of {floor} s is not {seconds} s"
        );
    }
    // The breakdown (skipped only where strace is missing): the parts of the kernel start, the
    // first `:dep` cell and the typical later cell each add up to the whole, and a cell that
    // compiles shows rustc's part.
    let breakdown = &report["notebooks"]["breakdown"];
    if breakdown.is_null() {
        println!("no breakdown: strace is not installed here");
    } else {
        for part in ["kernel_start", "first_dep_cell", "typical_later_cell"] {
            let whole = positive(breakdown, &format!("/{part}/whole_s"));
            let parts = breakdown[part]["parts"]
                .as_object()
                .unwrap_or_else(|| panic!("{part} has no parts"));
            let sum: f64 = parts.values().filter_map(Value::as_f64).sum();
            assert!(
                (sum - whole).abs() < 1e-6,
                "{part}: the parts add up to {sum} s, not {whole} s: {parts:?}"
            );
            positive(breakdown, &format!("/{part}/parts/rustc_s"));
        }
    }
    positive(&report, "/library/crates");

    // 2. Classifiers against scikit-learn, on the same features.
    assert_eq!(report["classifiers"]["same_features"], true);
    for model in ["naive_bayes", "logistic"] {
        positive(&report, &format!("/classifiers/{model}/speedup"));
        positive(&report, &format!("/classifiers/{model}/rust/total_s"));
        positive(&report, &format!("/classifiers/{model}/sklearn/total_s"));
        for side in ["rust", "sklearn"] {
            let accuracy = positive(&report, &format!("/classifiers/{model}/{side}/accuracy"));
            assert!(accuracy <= 1.0, "{model} {side} accuracy {accuracy}");
        }
    }

    // 3. The n-gram model against NLTK.
    positive(&report, "/ngram/train_speedup");
    positive(&report, "/ngram/sample_speedup");
    assert_eq!(report["ngram"]["rust"]["sample_words"], 10_000);
    for p in array(&report, "/ngram/perplexity") {
        positive(p, "/rust");
        positive(p, "/nltk");
        positive(p, "/score_speedup");
    }

    // 4. The book.
    positive(&report, "/book/first_build_s");
    positive(&report, "/book/warm_build_s");
    for page in array(&report, "/book/pages") {
        positive(page, "/bytes");
    }

    // 5. Every generator.
    for generator in ["text", "image", "audio", "code"] {
        positive(&report, &format!("/generators/{generator}/train_s"));
        positive(&report, &format!("/generators/{generator}/sample_s"));
    }

    // 6. The live page in headless Chromium (which the browser tests need anyway).
    for control in array(&report, "/page/controls") {
        for series in ["ready_ms", "first_result_ms", "library_ms"] {
            for (i, _) in array(control, &format!("/{series}")).iter().enumerate() {
                positive(control, &format!("/{series}/{i}"));
            }
        }
    }
    positive(&report, "/page/slowest_ready_median_s");
    let ids: Vec<&str> = array(&report, "/targets")
        .iter()
        .filter_map(|t| t["id"].as_str())
        .collect();
    for id in ["page_live", "audio_from_nothing"] {
        assert!(ids.contains(&id), "no target {id}: {ids:?}");
    }

    for target in array(&report, "/targets") {
        assert!(target["met"].is_boolean(), "{target}");
        positive(target, "/target");
    }
}
