"""Writes the instructor versions of the exercise notebooks (notebooks/exercises/*.ipynb).

The notebooks are the source of truth once written; this script records how they were made and
keeps their nbgrader metadata uniform. Run: .venv/bin/python crates/xtask/exercises/make.py
"""

import pathlib
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "notebooks" / "exercises"
META = {
    "kernelspec": {"display_name": "Rust", "language": "rust", "name": "rust"},
    "language_info": {"codemirror_mode": "rust", "file_extension": ".rs", "mimetype": "text/rust",
                      "name": "Rust", "pygment_lexer": "rust", "version": ""},
}
SETUP = """:cache 500
:dep genai-demos = { path = "../../crates/genai-demos" }"""


def nbg(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def text(grade_id, source):
    return new_markdown_cell(source, metadata=nbg(grade_id, locked=True))


def setup(source=SETUP):
    return new_code_cell(source, metadata=nbg("setup", locked=True))


def solution(grade_id, source):
    return new_code_cell(source, metadata=nbg(grade_id, solution=True))


def test(grade_id, points, source):
    return new_code_cell(source, metadata=nbg(grade_id, grade=True, locked=True, points=points))


def write(name, cells):
    nb = new_notebook(cells=cells, metadata=META)
    nbformat.write(nb, OUT / f"{name}.ipynb")
    print(f"wrote notebooks/exercises/{name}.ipynb")


def chapter1():
    write("01-telling-apart", [
        text("intro", """# Exercises: telling apart vs. creating

Three small functions, each checked against the book's own library on seeded data. Write your
code between the lines the exercise gives you, then run the test cell below it. A test cell
that runs without an error means your function agrees with the library."""),
        setup(),
        setup_cell("uses", """use genai_demos::logistic::sigmoid;
use genai_demos::messages::{builtin, split};
use genai_demos::metrics::{Classifier, ConfusionMatrix};
use genai_demos::naive_bayes::NaiveBayes;
use genai_demos::features::tokenize;"""),
        text("sigmoid-text", """## 1. From a score to a probability (2 points)

Logistic regression adds up a weight for every word and gets a score, the *logit*, which can be
any number. The sigmoid squeezes it into a probability between 0 and 1:
`sigmoid(z) = 1 / (1 + e^(-z))`. Write it. (What should `sigmoid(0.0)` be? Think first.)"""),
        solution("sigmoid", """fn my_sigmoid(logit: f64) -> f64 {
    // BEGIN SOLUTION
    1.0 / (1.0 + (-logit).exp())
    // END SOLUTION
}"""),
        test("test_sigmoid", 2, """for z in [-30.0, -2.5, 0.0, 0.7, 4.0, 30.0] {
    let (mine, book) = (my_sigmoid(z), sigmoid(z));
    assert!((mine - book).abs() < 1e-12, "sigmoid({z}): yours {mine}, the book's {book}");
}
println!("sigmoid(0) = {}", my_sigmoid(0.0));"""),
        text("score-text", """## 2. A naive Bayes score (3 points)

Naive Bayes scores a label by how likely the label is before reading anything (the *prior*) and
how likely each word of the message is under that label. Multiplying many small numbers
underflows, so it adds logarithms instead:

`score(label) = ln P(label) + sum over the message's known words of ln P(word | label)`

Use `model.prior(label)?` and `model.likelihood(word, label)?`, which is `None` for a word the
model never saw (skip those). Split the message into words with `tokenize(text)`. A word that
appears twice counts twice."""),
        solution("log_score", """fn log_score(model: &NaiveBayes, label: &str, text: &str) -> genai_demos::Result<f64> {
    // BEGIN SOLUTION
    let mut score = model.prior(label)?.ln();
    for word in tokenize(text) {
        if let Some(p) = model.likelihood(&word, label)? {
            score += p.ln();
        }
    }
    Ok(score)
    // END SOLUTION
}"""),
        test("test_log_score", 3, """let data = split(&builtin()?, 0.2, 42)?;
let model = NaiveBayes::train(&data.train, 1.0)?;
for text in ["WIN a free prize, call now", "see you at the bakery at 6?", "your parcel fee is unpaid"] {
    let (spam, ham) = (log_score(&model, "spam", text)?, log_score(&model, "ham", text)?);
    // Bayes' rule: the posterior is the softmax of the two scores.
    let mine = 1.0 / (1.0 + (ham - spam).exp());
    let book = model.classify(text)?.probability("spam")?;
    assert!((mine - book).abs() < 1e-9, "{text:?}: yours {mine}, the book's {book}");
}"""),
        text("metrics-text", """## 3. Precision and recall (2 points)

Out of the messages the filter *called* spam, how many were spam? That is **precision**. Out of
the messages that *were* spam, how many did it catch? That is **recall**. Write both from the
counts of true positives (spam called spam), false positives (ham called spam) and false
negatives (spam called ham). When a share has nothing to divide by, return 0."""),
        solution("precision_recall", """fn precision_recall(tp: usize, fp: usize, fn_: usize) -> (f64, f64) {
    // BEGIN SOLUTION
    let share = |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f64 / whole as f64 };
    (share(tp, tp + fp), share(tp, tp + fn_))
    // END SOLUTION
}"""),
        test("test_precision_recall", 2, """let labels = vec!["ham".to_string(), "spam".to_string()];
for (tp, fp, fn_, tn) in [(40, 2, 0, 58), (3, 1, 2, 4), (0, 0, 5, 5)] {
    let mut pairs = Vec::new();
    pairs.extend(std::iter::repeat(("spam", "spam")).take(tp));
    pairs.extend(std::iter::repeat(("ham", "spam")).take(fp));
    pairs.extend(std::iter::repeat(("spam", "ham")).take(fn_));
    pairs.extend(std::iter::repeat(("ham", "ham")).take(tn));
    let confusion = ConfusionMatrix::from_pairs(&labels, &pairs)?;
    let (p, r) = precision_recall(tp, fp, fn_);
    assert!((p - confusion.precision("spam")?).abs() < 1e-12, "precision for {tp}/{fp}/{fn_}");
    assert!((r - confusion.recall("spam")?).abs() < 1e-12, "recall for {tp}/{fp}/{fn_}");
}"""),
    ])


def setup_cell(grade_id, source):
    return new_code_cell(source, metadata=nbg(grade_id, locked=True))


if __name__ == "__main__":
    chapter1()
