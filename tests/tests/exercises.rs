//! The exercise notebooks under real nbgrader and the real Rust kernel: the instructor's version
//! scores full marks, the student version scores zero without crashing the grader, a compile
//! error costs only its own test, a wrong answer costs exactly its test's points, and grading
//! never touches a submitted file.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::{root, scratch, venv_python};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(args: &[&str], extra: &[PathBuf]) -> std::process::Output {
    Command::new(venv_python().unwrap())
        .arg(root().join("crates/xtask/grading.py"))
        .args(args)
        .args(extra)
        .output()
        .unwrap()
}

fn notebook(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Replaces the source of the cell with nbgrader id `grade_id`.
fn with_cell(mut nb: Value, grade_id: &str, source: &str) -> Value {
    let cell = nb["cells"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["metadata"]["nbgrader"]["grade_id"] == grade_id)
        .unwrap_or_else(|| panic!("no cell {grade_id}"));
    cell["source"] = Value::String(source.to_string());
    nb
}

fn save(dir: &Path, student: &str, name: &str, nb: &Value) -> PathBuf {
    let folder = dir.join(student);
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(nb).unwrap()).unwrap();
    path
}

/// The points each test cell is worth, from the instructor's notebook.
fn points(nb: &Value) -> BTreeMap<String, f64> {
    nb["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["metadata"]["nbgrader"]["grade"] == true)
        .map(|c| {
            let meta = &c["metadata"]["nbgrader"];
            (
                meta["grade_id"].as_str().unwrap().to_string(),
                meta["points"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// Every exercise notebook: one per chapter.
const NOTEBOOKS: [&str; 3] = [
    "01-telling-apart.ipynb",
    "02-modalities.ipynb",
    "03-how-it-generates.ipynb",
];

#[test]
fn grading_gives_full_zero_and_exact_partial_marks() {
    let dir = scratch("exercises").unwrap();
    let exercises = root().join("notebooks/exercises");
    let on_disk = std::fs::read_dir(&exercises)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ipynb")
        })
        .count();
    assert_eq!(
        on_disk,
        NOTEBOOKS.len(),
        "an exercise notebook is not covered by this test"
    );

    // The student versions, made by nbgrader's generate_assignment.
    let released = dir.join("released");
    let out = tool(&["assign", "--out", released.to_str().unwrap()], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let subs = dir.join("submissions");
    let mut submitted = Vec::new();
    let mut worth_of = BTreeMap::new();
    for name in NOTEBOOKS {
        let instructor = notebook(&exercises.join(name));
        let worth = points(&instructor);
        assert!(
            worth.len() >= 3,
            "{name} has too few graded tests: {worth:?}"
        );
        let student = notebook(&released.join(name));
        let text = student.to_string();
        assert!(
            text.contains("todo!()"),
            "{name}: the student version has no stub"
        );
        assert!(
            !text.contains("BEGIN SOLUTION"),
            "{name}: the student version leaks a solution"
        );
        submitted.push(save(&subs, "teacher", name, &instructor));
        submitted.push(save(&subs, "blank", name, &student));
        worth_of.insert(name.trim_end_matches(".ipynb").to_string(), worth);
    }

    // Two more submissions of the first notebook: a compile error, and one wrong answer.
    let name = NOTEBOOKS[0];
    let instructor = notebook(&exercises.join(name));
    submitted.push(save(
        &subs,
        "broken",
        name,
        &with_cell(
            instructor.clone(),
            "log_score",
            "fn log_score(model: &NaiveBayes, label: &str, text: &str) -> genai_demos::Result<f64> {\n    let oops: u32 = \"not a number\";\n    Ok(0.0)\n}",
        ),
    ));
    submitted.push(save(
        &subs,
        "wrong",
        name,
        &with_cell(
            instructor.clone(),
            "precision_recall",
            "fn precision_recall(tp: usize, fp: usize, fn_: usize) -> (f64, f64) {\n    (tp as f64 / (tp + fn_) as f64, tp as f64 / (tp + fp) as f64)\n}",
        ),
    ));
    let before: Vec<Vec<u8>> = submitted
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();

    let csv = dir.join("grades.csv");
    let mut args = vec!["grade", "--csv", csv.to_str().unwrap()];
    let paths: Vec<String> = submitted.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    let out = tool(&args, &[]);
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    println!("{report}");
    assert!(
        out.status.success(),
        "grading failed:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let after: Vec<Vec<u8>> = submitted
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    assert_eq!(before, after, "grading changed a submitted file");

    // (student, assignment) -> test -> points
    let mut got: BTreeMap<(String, String), BTreeMap<String, f64>> = BTreeMap::new();
    for line in std::fs::read_to_string(&csv).unwrap().lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        got.entry((f[0].to_string(), f[1].to_string()))
            .or_default()
            .insert(f[2].to_string(), f[3].parse().unwrap());
    }
    let of = |student: &str, assignment: &str| {
        got[&(student.to_string(), assignment.to_string())].clone()
    };
    for (assignment, worth) in &worth_of {
        assert_eq!(
            &of("teacher", assignment),
            worth,
            "{assignment}: the instructor's version must score full marks"
        );
        let blank = of("blank", assignment);
        assert_eq!(
            blank.len(),
            worth.len(),
            "{assignment}: a test of the student version was not graded"
        );
        for (test, score) in &blank {
            assert_eq!(
                *score, 0.0,
                "{assignment}: the student version scored on {test}"
            );
        }
    }
    let first = NOTEBOOKS[0].trim_end_matches(".ipynb");
    let worth = &worth_of[first];
    let mut expected = worth.clone();
    expected.insert("test_log_score".into(), 0.0);
    assert_eq!(
        of("broken", first),
        expected,
        "a compile error must cost only its own test"
    );
    let mut expected = worth.clone();
    expected.insert("test_precision_recall".into(), 0.0);
    assert_eq!(
        of("wrong", first),
        expected,
        "a wrong answer must cost exactly its test's points"
    );
}
