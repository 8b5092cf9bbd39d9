//! The exercise notebooks under real nbgrader and the real Rust kernel: the instructor's version
//! scores full marks, the student version scores zero without crashing the grader, a compile
//! error costs only its own test, a wrong answer costs exactly its test's points, and grading
//! never touches a submitted file. And a class with clever or broken submissions: tricks that
//! silence or redefine the tests score zero and are noted, a deleted test cell is put back and
//! run, a changed one is noted, and an unreadable file, a cell that prints megabytes and a cell
//! that never ends each cost only that student's points, with a note saying why.

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

/// The cell with nbgrader id `grade_id`.
fn cell_mut<'a>(nb: &'a mut Value, grade_id: &str) -> &'a mut Value {
    nb["cells"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["metadata"]["nbgrader"]["grade_id"] == grade_id)
        .unwrap_or_else(|| panic!("no cell {grade_id}"))
}

/// Replaces the source of the cell with nbgrader id `grade_id`.
fn with_cell(mut nb: Value, grade_id: &str, source: &str) -> Value {
    cell_mut(&mut nb, grade_id)["source"] = Value::String(source.to_string());
    nb
}

/// Adds lines at the end of the cell with nbgrader id `grade_id`.
fn with_more(mut nb: Value, grade_id: &str, lines: &str) -> Value {
    let cell = cell_mut(&mut nb, grade_id);
    let source = match &cell["source"] {
        Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect::<String>(),
        other => other.as_str().unwrap().to_string(),
    };
    cell["source"] = Value::String(format!("{source}\n{lines}"));
    nb
}

/// Removes the cell with nbgrader id `grade_id`.
fn without_cell(mut nb: Value, grade_id: &str) -> Value {
    nb["cells"]
        .as_array_mut()
        .unwrap()
        .retain(|c| c["metadata"]["nbgrader"]["grade_id"] != grade_id);
    nb
}

/// The fields of one CSV record (quoted fields may hold commas and doubled quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    fields
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

    // More submissions of the first notebook: ordinary mistakes, tricks, and broken files.
    let name = NOTEBOOKS[0];
    let instructor = notebook(&exercises.join(name));
    let blank = notebook(&released.join(name));
    let mut class = vec![
        // A compile error, and one wrong answer.
        (
            "broken",
            with_cell(
                instructor.clone(),
                "log_score",
                "fn log_score(model: &NaiveBayes, label: &str, text: &str) -> genai_demos::Result<f64> {\n    let oops: u32 = \"not a number\";\n    Ok(0.0)\n}",
            ),
        ),
        (
            "wrong",
            with_cell(
                instructor.clone(),
                "precision_recall",
                "fn precision_recall(tp: usize, fp: usize, fn_: usize) -> (f64, f64) {\n    (tp as f64 / (tp + fn_) as f64, tp as f64 / (tp + fp) as f64)\n}",
            ),
        ),
        // The blank student version with one line that silences every later panic.
        (
            "hook",
            with_more(
                blank.clone(),
                "sigmoid",
                "std::panic::set_hook(Box::new(|_| {}));",
            ),
        ),
        // Every answer wrong, and every later assertion turned into nothing.
        (
            "macro",
            with_cell(
                with_cell(
                    with_cell(
                        blank.clone(),
                        "sigmoid",
                        "fn my_sigmoid(_logit: f64) -> f64 {\n    0.5\n}\nmacro_rules! assert { ($($t:tt)*) => {}; }\nmacro_rules! assert_eq { ($($t:tt)*) => {}; }",
                    ),
                    "log_score",
                    "fn log_score(_model: &NaiveBayes, _label: &str, _text: &str) -> genai_demos::Result<f64> {\n    Ok(0.0)\n}",
                ),
                "precision_recall",
                "fn precision_recall(_tp: usize, _fp: usize, _fn: usize) -> (f64, f64) {\n    (0.0, 0.0)\n}",
            ),
        ),
        // A wrong answer, and the reference it is compared with redefined to agree.
        (
            "shadow",
            with_cell(
                blank.clone(),
                "sigmoid",
                "fn my_sigmoid(_logit: f64) -> f64 {\n    0.5\n}\nfn sigmoid(_z: f64) -> f64 {\n    0.5\n}",
            ),
        ),
        // The right answers with a test cell deleted: it is put back, run, and noted.
        (
            "deleted",
            without_cell(instructor.clone(), "test_precision_recall"),
        ),
        // The blank version with a test cell changed to pass.
        (
            "tampered",
            with_cell(blank.clone(), "test_sigmoid", "::core::assert!(true);"),
        ),
        // The right answers, and a cell that prints about 5 MB.
        (
            "chatty",
            with_more(
                instructor.clone(),
                "sigmoid",
                "for i in 0..50_000 {\n    println!(\"line {i}: {}\", \"a long line of output \".repeat(4));\n}",
            ),
        ),
        // The right answers but one, which never ends.
        (
            "looping",
            with_cell(
                instructor.clone(),
                "sigmoid",
                "fn my_sigmoid(_logit: f64) -> f64 {\n    loop {}\n}",
            ),
        ),
    ];
    for (student, nb) in class.drain(..) {
        submitted.push(save(&subs, student, name, &nb));
    }
    // A file cut short in the middle: not JSON.
    let folder = subs.join("unreadable");
    std::fs::create_dir_all(&folder).unwrap();
    let text = serde_json::to_string_pretty(&instructor).unwrap();
    std::fs::write(folder.join(name), &text[..text.len() / 2]).unwrap();
    submitted.push(folder.join(name));

    let before: Vec<Vec<u8>> = submitted
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let scratch_courses = || -> Vec<PathBuf> {
        std::fs::read_dir(root().join("target/nbgrader"))
            .map(|entries| entries.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default()
    };
    let courses_before = scratch_courses();

    let csv = dir.join("grades.csv");
    // A cell gets 40 s here (60 s by default), still generous for a cell that takes a second.
    let mut args = vec![
        "grade",
        "--cell-timeout",
        "40",
        "--csv",
        csv.to_str().unwrap(),
    ];
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
    assert_eq!(
        scratch_courses(),
        courses_before,
        "the scratch course with the students' code was left under target/nbgrader/"
    );

    // (student, assignment) -> test -> points, and the notes of each student.
    let mut got: BTreeMap<(String, String), BTreeMap<String, f64>> = BTreeMap::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("student,assignment,test,points,max_points,seconds,notes")
    );
    for line in lines {
        let f = csv_fields(line);
        got.entry((f[0].clone(), f[1].clone()))
            .or_default()
            .insert(f[2].clone(), f[3].parse().unwrap());
        if f[1] == NOTEBOOKS[0].trim_end_matches(".ipynb") {
            notes.insert(f[0].clone(), f[6].clone());
        }
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
    let but = |test: &str| {
        let mut expected = worth.clone();
        expected.insert(test.into(), 0.0);
        expected
    };
    let zero: BTreeMap<String, f64> = worth.keys().map(|t| (t.clone(), 0.0)).collect();
    let noted = |student: &str, what: &str| {
        assert!(
            notes[student].contains(what),
            "{student}: the notes do not say {what:?}: {:?}",
            notes[student]
        );
    };
    assert_eq!(
        of("broken", first),
        but("test_log_score"),
        "a compile error must cost only its own test"
    );
    assert_eq!(
        of("wrong", first),
        but("test_precision_recall"),
        "a wrong answer must cost exactly its test's points"
    );
    assert_eq!(
        notes["teacher"], "",
        "nothing to note for the instructor's version"
    );
    for student in ["hook", "macro", "shadow", "tampered", "unreadable"] {
        assert_eq!(of(student, first), zero, "{student} scored points");
    }
    noted("hook", "a panic hook");
    noted("hook", "without showing an error");
    noted("macro", "a macro");
    noted("macro", "`assert`");
    noted("shadow", "`sigmoid`");
    noted("tampered", "test_sigmoid: a locked cell was changed");
    noted("unreadable", "file unreadable: not valid JSON");
    assert_eq!(
        of("deleted", first),
        *worth,
        "a deleted test cell must be put back and run"
    );
    noted("deleted", "test_precision_recall: test cell was missing");
    assert_eq!(
        of("chatty", first),
        *worth,
        "a cell that prints a lot must not cost points"
    );
    noted("chatty", "sigmoid: output cut");
    assert_eq!(
        of("looping", first),
        but("test_sigmoid"),
        "a cell that never ends must cost only its own test"
    );
    noted("looping", "test_sigmoid: timed out after 40 s");
}

/// A grades.csv from an earlier run is gone as soon as a new run starts, even one that fails.
#[test]
fn an_earlier_grades_csv_never_passes_for_a_new_one() {
    let dir = scratch("stale-grades").unwrap();
    let csv = dir.join("grades.csv");
    std::fs::write(&csv, "student,assignment,test,points\nold,run,test,1\n").unwrap();
    let missing = dir.join("someone/no-such-exercise.ipynb");
    let out = tool(&["grade", "--csv", csv.to_str().unwrap()], &[missing]);
    assert!(
        !out.status.success(),
        "grading an unknown exercise succeeded"
    );
    assert!(
        !csv.exists(),
        "the grades of an earlier run were left in {}",
        csv.display()
    );
}
