//! The exercise notebooks under real nbgrader and the real Rust kernel: the instructor's version
//! scores full marks, the student version scores zero without crashing the grader, a compile
//! error costs only its own test, a wrong answer costs exactly its test's points, and grading
//! never touches a submitted file. The strong tests catch what a weak one let through: a softmax
//! without the max-subtraction, and noise drawn differently from the library's. A prediction
//! scores only within its stated tolerance; a written answer scores nothing until the instructor
//! marks it, and an unanswered one scores zero and says so. And a class with clever or broken
//! submissions: tricks that silence or redefine the tests score zero and are noted, a deleted test
//! cell is put back and run, a changed one is noted, and an unreadable file, a cell that prints
//! megabytes and a cell that never ends each cost only that student's points, with a note saying
//! why. Grading prints where it is, one numbered line per submission.
//!
//! Every submission costs a kernel start and the library's `:dep`, so the class is small: each
//! task of a notebook is graded on its own, and one submission carries a different case in each
//! of its tasks (the "tricks" student aims one trick at each task, every answer wrong, so a
//! grader that let any trick through would give that task points).

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::{root, scratch, venv_python};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Markdown source of a cell.
fn source_of(nb: &Value, grade_id: &str) -> String {
    let cell = nb["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["metadata"]["nbgrader"]["grade_id"] == grade_id)
        .unwrap_or_else(|| panic!("no cell {grade_id}"));
    match &cell["source"] {
        Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect(),
        other => other.as_str().unwrap().to_string(),
    }
}

/// One CSV field, quoted.
fn quoted(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

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

/// The records of a CSV file, each a list of fields (quoted fields may hold commas, line
/// breaks and doubled quotes).
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            ('\r', false) => {}
            ('\n', false) => records.push(std::mem::replace(&mut fields, vec![String::new()])),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    if fields != [String::new()] {
        records.push(fields);
    }
    records
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
        assert_eq!(
            source_of(&student, "explain"),
            "YOUR ANSWER HERE",
            "{name}: the student version leaks the model answer"
        );
        assert!(
            worth.contains_key("test_predict") && worth.contains_key("explain"),
            "{name}: no prediction or no written answer: {worth:?}"
        );
        submitted.push(save(&subs, "teacher", name, &instructor));
        submitted.push(save(&subs, "blank", name, &student));
        worth_of.insert(name.trim_end_matches(".ipynb").to_string(), worth);
    }

    // More submissions of the first notebook: ordinary mistakes, tricks, and broken files. Each
    // task of a notebook is graded on its own (its test cell has to prove it ran to its end), so
    // one submission carries a different case in each task and every task's score still proves
    // its own case: fewer submissions, each a kernel start and the library's `:dep`, for the
    // same checks.
    let name = NOTEBOOKS[0];
    let instructor = notebook(&exercises.join(name));
    let blank = notebook(&released.join(name));
    let mut class = vec![
        // A compile error, one wrong answer, and a prediction 0.1 from the truth (0.05 allowed).
        (
            "wrong",
            with_cell(
                with_cell(
                    with_cell(
                        instructor.clone(),
                        "log_score",
                        "fn log_score(model: &NaiveBayes, label: &str, text: &str) -> genai_demos::Result<f64> {\n    let oops: u32 = \"not a number\";\n    Ok(0.0)\n}",
                    ),
                    "precision_recall",
                    "fn precision_recall(tp: usize, fp: usize, fn_: usize) -> (f64, f64) {\n    (tp as f64 / (tp + fn_) as f64, tp as f64 / (tp + fp) as f64)\n}",
                ),
                "predict",
                "fn predicted_lazy_accuracy() -> f64 {\n    0.5\n}",
            ),
        ),
        // The right answers but one, which never ends. (Not with "wrong": each must show that
        // it costs only its own test, so the other tests of its notebook have to pass.)
        (
            "looping",
            with_cell(
                instructor.clone(),
                "sigmoid",
                "fn my_sigmoid(_logit: f64) -> f64 {\n    loop {}\n}",
            ),
        ),
        // Every answer wrong, and a trick against each task's test: a line that silences every
        // later panic, every later assertion turned into nothing, the reference `sigmoid` that
        // test_sigmoid compares with redefined to agree, and test_log_score changed to pass.
        (
            "tricks",
            with_cell(
                with_cell(
                    with_cell(
                        with_cell(
                            blank.clone(),
                            "sigmoid",
                            "fn my_sigmoid(_logit: f64) -> f64 {\n    0.5\n}\nfn sigmoid(_z: f64) -> f64 {\n    0.5\n}\nmacro_rules! assert { ($($t:tt)*) => {}; }\nmacro_rules! assert_eq { ($($t:tt)*) => {}; }\nstd::panic::set_hook(Box::new(|_| {}));",
                        ),
                        "log_score",
                        "fn log_score(_model: &NaiveBayes, _label: &str, _text: &str) -> genai_demos::Result<f64> {\n    Ok(0.0)\n}",
                    ),
                    "precision_recall",
                    "fn precision_recall(_tp: usize, _fp: usize, _fn: usize) -> (f64, f64) {\n    (0.0, 0.0)\n}",
                ),
                "test_log_score",
                "::core::assert!(true);",
            ),
        ),
        // The right answers with a test cell deleted: it is put back, run, and noted; a
        // prediction off by 0.03, within the 0.05 allowed; and a cell that prints about 5 MB.
        (
            "deleted",
            with_more(
                with_cell(
                    without_cell(instructor.clone(), "test_precision_recall"),
                    "predict",
                    "fn predicted_lazy_accuracy() -> f64 {\n    0.63\n}",
                ),
                "sigmoid",
                "for i in 0..50_000 {\n    println!(\"line {i}: {}\", \"a long line of output \".repeat(4));\n}",
            ),
        ),
    ];
    for (student, nb) in class.drain(..) {
        submitted.push(save(&subs, student, name, &nb));
    }
    // Right answers but for four that the weak tests let through: noise drawn from the same
    // seed by another recipe (a correct bell curve, but not the library's numbers), a resonator
    // whose input weight is 1 (it rings at the right frequency, but too loud), a guided guess that
    // forgets to keep the pixels within -1 and 1 (right at small guidance strengths, wrong where
    // the push goes past the ink), and a softmax without the max-subtraction (right for small
    // logits, NaN for large ones).
    let resonator = with_cell(
        notebook(&exercises.join(NOTEBOOKS[1])),
        "resonator",
        "fn my_resonate(input: &[f64], f: f64, bw: f64, sample_rate: f64) -> Vec<f64> {\n    let t = 1.0 / sample_rate;\n    let c = -(-2.0 * std::f64::consts::PI * bw * t).exp();\n    let b = 2.0 * (-std::f64::consts::PI * bw * t).exp() * (2.0 * std::f64::consts::PI * f * t).cos();\n    let (mut last, mut before_last) = (0.0, 0.0);\n    input\n        .iter()\n        .map(|x| {\n            let y = x + b * last + c * before_last;\n            before_last = last;\n            last = y;\n            y\n        })\n        .collect()\n}",
    );
    let unclamped = with_cell(
        resonator,
        "guided",
        "fn my_guided_guess(plain: &[f64], described: &[f64], guidance: f64) -> Vec<f64> {\n    plain.iter().zip(described).map(|(p, d)| p + guidance * (d - p)).collect()\n}",
    );
    let noise = with_cell(
        unclamped,
        "add_noise",
        "fn my_add_noise(x0: &[f64], signal: f64, seed: u64) -> Vec<f64> {\n    let mut rng = seeded(seed);\n    x0.iter()\n        .map(|x| {\n            let (u1, u2) = (1.0 - genai_demos::random::uniform(&mut rng), genai_demos::random::uniform(&mut rng));\n            let eps = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).sin();\n            signal.sqrt() * x + (1.0 - signal).sqrt() * eps\n        })\n        .collect()\n}",
    );
    submitted.push(save(&subs, "naive", NOTEBOOKS[1], &noise));
    let softmax = with_cell(
        notebook(&exercises.join(NOTEBOOKS[2])),
        "softmax",
        "fn my_softmax(logits: &[f64], temperature: f64) -> Vec<f64> {\n    let weights: Vec<f64> = logits.iter().map(|l| (l / temperature).exp()).collect();\n    let total: f64 = weights.iter().sum();\n    weights.iter().map(|w| w / total).collect()\n}",
    );
    submitted.push(save(&subs, "naive", NOTEBOOKS[2], &softmax));
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
    let first = NOTEBOOKS[0].trim_end_matches(".ipynb");

    // The instructor's marks for written answers, in the answers file's own format: full marks
    // for the instructor's answers; 2 points for a blank answer (it must still score 0); and a
    // mark for an answer other than the one "deleted" handed in (it must not count).
    let marks = dir.join("marks.csv");
    let mut rows = vec!["student,assignment,test,max_points,points,answer".to_string()];
    for name in NOTEBOOKS {
        let assignment = name.trim_end_matches(".ipynb");
        let answer = source_of(&notebook(&exercises.join(name)), "explain");
        rows.push(format!(
            "teacher,{assignment},explain,2,2,{}",
            quoted(&answer)
        ));
    }
    rows.push(format!("blank,{first},explain,2,2,YOUR ANSWER HERE"));
    rows.push(format!(
        "deleted,{first},explain,2,1,{}",
        quoted("An answer of another day.")
    ));
    std::fs::write(&marks, rows.join("\n") + "\n").unwrap();

    let csv = dir.join("grades.csv");
    // A cell gets 60 s (the default, said here for the note below): a cell that takes a second
    // on a free machine has taken over 40 s on this shared 2-core one.
    let mut args = vec![
        "grade",
        "--cell-timeout",
        "60",
        "--marks",
        marks.to_str().unwrap(),
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

    // One line as each submission starts and one as it ends, numbered, before the table.
    let total = submitted.len();
    let lines: Vec<&str> = report.lines().collect();
    let table = lines
        .iter()
        .position(|l| l.starts_with("student "))
        .unwrap();
    for (i, path) in submitted.iter().enumerate() {
        let student = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let file = path.file_name().unwrap().to_str().unwrap();
        let start = format!("[{}/{total}] grading {student} ({file})", i + 1);
        let end = format!("[{}/{total}] graded {student} ({file}): ", i + 1);
        let at = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix));
        let (Some(s), Some(e)) = (at(&start), at(&end)) else {
            panic!("no progress lines {start:?} and {end:?} in:\n{report}");
        };
        assert!(
            s < e && e < table && lines[e].contains(" points in ") && lines[e].ends_with(" s"),
            "progress of submission {}: {:?}, {:?}",
            i + 1,
            lines[s],
            lines[e]
        );
    }
    assert_eq!(
        scratch_courses(),
        courses_before,
        "the scratch course with the students' code was left under target/nbgrader/"
    );

    // (student, assignment) -> test -> points, and the notes of each student.
    let mut got: BTreeMap<(String, String), BTreeMap<String, f64>> = BTreeMap::new();
    let mut notes: BTreeMap<String, String> = BTreeMap::new();
    let records = csv_records(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(
        records[0].join(","),
        "student,assignment,test,points,max_points,seconds,notes"
    );
    for f in &records[1..] {
        got.entry((f[0].clone(), f[1].clone()))
            .or_default()
            .insert(f[2].clone(), f[3].parse().unwrap());
        if f[1] == first {
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
            "{assignment}: the instructor's version, its written answer marked, must score full marks"
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
    // The expected points: full marks but for `tests`, which score 0.
    let but_in = |assignment: &str, tests: &[&str]| {
        let mut expected = worth_of[assignment].clone();
        for test in tests {
            assert!(expected.contains_key(*test), "no test {test}");
            expected.insert((*test).into(), 0.0);
        }
        expected
    };
    let but = |tests: &[&str]| but_in(first, tests);
    let zero = but(&[]).into_keys().map(|t| (t, 0.0)).collect();
    let noted = |student: &str, what: &str| {
        assert!(
            notes[student].contains(what),
            "{student}: the notes do not say {what:?}: {:?}",
            notes[student]
        );
    };
    assert_eq!(
        of("wrong", first),
        but(&[
            "test_log_score",
            "test_precision_recall",
            "test_predict",
            "explain"
        ]),
        "a compile error, a wrong answer and a wrong prediction must cost exactly their own \
         tests' points (and an unmarked written answer counts nothing yet)"
    );
    assert_eq!(
        of("naive", "02-modalities"),
        but_in(
            "02-modalities",
            &["test_add_noise", "test_resonator", "test_guided", "explain"]
        ),
        "noise drawn differently from the library's must fail the add_noise test, a resonator \
         without its input weight the resonator test, a guided guess that is not clamped the \
         guided test, and only they"
    );
    assert_eq!(
        of("naive", "03-how-it-generates"),
        but_in("03-how-it-generates", &["test_softmax", "explain"]),
        "a softmax without the max-subtraction must fail the softmax test, and only it"
    );
    assert_eq!(
        notes["teacher"], "explain: marked by hand (2 of 2)",
        "nothing else to note for the instructor's version"
    );
    for student in ["wrong", "looping"] {
        noted(
            student,
            "explain: needs manual grading (up to 2 points, not counted yet)",
        );
    }
    noted("blank", "explain: unanswered (0 points)");
    noted(
        "deleted",
        "explain: needs manual grading again: the answer changed after it was marked",
    );
    // Each trick aims at a task whose answer is wrong, so a grader that let one through
    // would give that task points.
    for student in ["tricks", "unreadable"] {
        assert_eq!(of(student, first), zero, "{student} scored points");
    }
    noted("tricks", "a panic hook");
    noted("tricks", "without showing an error");
    noted("tricks", "a macro");
    noted("tricks", "`assert`");
    noted("tricks", "`sigmoid`");
    noted("tricks", "test_log_score: a locked cell was changed");
    noted("unreadable", "file unreadable: not valid JSON");
    assert_eq!(
        of("deleted", first),
        but(&["explain"]),
        "a deleted test cell must be put back and run, a prediction within the tolerance must \
         score, and a cell that prints a lot must not cost points"
    );
    noted("deleted", "test_precision_recall: test cell was missing");
    noted("deleted", "sigmoid: output cut");
    assert_eq!(
        of("looping", first),
        but(&["test_sigmoid", "explain"]),
        "a cell that never ends must cost only its own test"
    );
    noted("looping", "test_sigmoid: timed out after 60 s");

    // The answers file: every written answer, with the marks that counted; the ones still to
    // mark have an empty points column for the instructor to fill in.
    let answers = csv_records(&std::fs::read_to_string(dir.join("grades-answers.csv")).unwrap());
    assert_eq!(
        answers[0].join(","),
        "student,assignment,test,max_points,points,answer"
    );
    let answer = |student: &str, assignment: &str| {
        answers[1..]
            .iter()
            .find(|r| r[0] == student && r[1] == assignment)
            .unwrap_or_else(|| panic!("no written answer of {student} in {assignment}"))
            .clone()
    };
    let model = source_of(&instructor, "explain");
    assert_eq!(
        answer("teacher", first)[4..],
        ["2".to_string(), model.clone()]
    );
    assert_eq!(answer("wrong", first)[4..], [String::new(), model]);
    assert_eq!(answer("blank", first)[4], "0");
    assert_eq!(
        answers.len() - 1,
        submitted.len() - 1,
        "one row per submission but the unreadable one"
    );
}

/// A mark that would give points the machine decides, or more than a written answer is worth,
/// stops the run before it grades anything.
#[test]
fn marks_count_only_for_written_answers_and_within_their_points() {
    let dir = scratch("bad-marks").unwrap();
    let submission = dir.join("alice/01-telling-apart.ipynb");
    std::fs::create_dir_all(submission.parent().unwrap()).unwrap();
    std::fs::copy(
        root().join("notebooks/exercises/01-telling-apart.ipynb"),
        &submission,
    )
    .unwrap();
    for (row, says) in [
        (
            "alice,01-telling-apart,test_sigmoid,2,2,",
            "only a written answer is marked by hand",
        ),
        ("alice,01-telling-apart,explain,2,3,", "worth 0 to 2"),
        ("alice,01-telling-apart,explain,2,lots,", "is not a number"),
    ] {
        let marks = dir.join("marks.csv");
        std::fs::write(
            &marks,
            format!("student,assignment,test,max_points,points,answer\n{row}\n"),
        )
        .unwrap();
        let csv = dir.join("grades.csv");
        let out = tool(
            &[
                "grade",
                "--marks",
                marks.to_str().unwrap(),
                "--csv",
                csv.to_str().unwrap(),
            ],
            std::slice::from_ref(&submission),
        );
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && said.contains(says),
            "{row}: {said}"
        );
        assert!(!csv.exists(), "{row}: grades were written");
    }
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
