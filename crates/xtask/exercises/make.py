"""Writes the instructor versions of the exercise notebooks (notebooks/exercises/*.ipynb).

The notebooks are the source of truth once written; this script records how they were made and
keeps their nbgrader metadata uniform. Run: .venv/bin/python crates/xtask/exercises/make.py
"""

import hashlib
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
SETUP = """:dep genai-demos = { path = "../../crates/genai-demos" }
// Loaded. This first variable also wakes up the kernel's type checker (a second or two, once),
// so that every later cell answers in well under a second.
let ready = "the book's library is loaded";
ready"""


# Every test cell starts with this. Test cells name what they use by its full path, so that a
# function, type or macro a student defines with the same name cannot change what is checked.
FULL_PATHS = """// Full paths (::core, ::std, ::genai_demos): nothing you define can change this test.
"""


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
    # Cell ids from the notebook and the cell's grade id, so that making the notebooks again
    # changes nothing that did not change (nbformat would draw random ids).
    for cell in cells:
        key = f"{name}/{cell.metadata['nbgrader']['grade_id']}"
        cell.id = hashlib.sha1(key.encode()).hexdigest()[:8]
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
        setup_cell("uses", """use genai_demos::classify::logistic::sigmoid;
use genai_demos::data::messages::{builtin, split};
use genai_demos::measure::metrics::{Classifier, ConfusionMatrix};
use genai_demos::classify::naive_bayes::NaiveBayes;
use genai_demos::text::messages::tokenize;"""),
        text("sigmoid-text", """## 1. From a score to a probability (2 points)

Logistic regression adds up a weight for every word and gets a score, the *logit*, which can be
any number. The sigmoid squeezes it into a probability between 0 and 1:
`sigmoid(z) = 1 / (1 + e^(-z))`. Write it. (What should `sigmoid(0.0)` be? Think first.)"""),
        solution("sigmoid", """fn my_sigmoid(logit: f64) -> f64 {
    // BEGIN SOLUTION
    1.0 / (1.0 + (-logit).exp())
    // END SOLUTION
}"""),
        test("test_sigmoid", 2, FULL_PATHS + """for z in [-30.0, -2.5, 0.0, 0.7, 4.0, 30.0] {
    let mine: ::core::primitive::f64 = my_sigmoid(z);
    let book = ::genai_demos::classify::logistic::sigmoid(z);
    ::core::assert!((mine - book).abs() < 1e-12, "sigmoid({z}): yours {mine}, the book's {book}");
}
let half: ::core::primitive::f64 = my_sigmoid(0.0);
::std::println!("sigmoid(0) = {half}");"""),
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
        test("test_log_score", 3, FULL_PATHS + """let data = ::genai_demos::data::messages::split(&::genai_demos::data::messages::builtin()?, 0.2, 42)?;
let model = ::genai_demos::classify::naive_bayes::NaiveBayes::train(&data.train, 1.0)?;
for text in ["WIN a free prize, call now", "see you at the bakery at 6?", "your parcel fee is unpaid"] {
    let spam: ::core::primitive::f64 = log_score(&model, "spam", text)?;
    let ham: ::core::primitive::f64 = log_score(&model, "ham", text)?;
    // Bayes' rule: the posterior is the softmax of the two scores.
    let mine = 1.0 / (1.0 + (ham - spam).exp());
    let book = ::genai_demos::measure::metrics::Classifier::classify(&model, text)?.probability("spam")?;
    ::core::assert!((mine - book).abs() < 1e-9, "{text:?}: yours {mine}, the book's {book}");
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
        test("test_precision_recall", 2, FULL_PATHS + """let labels = [::std::string::String::from("ham"), ::std::string::String::from("spam")];
for (tp, fp, fn_, tn) in [(40, 2, 0, 58), (3, 1, 2, 4), (0, 0, 5, 5)] {
    let mut pairs = ::std::vec::Vec::new();
    pairs.extend(::std::iter::repeat(("spam", "spam")).take(tp));
    pairs.extend(::std::iter::repeat(("ham", "spam")).take(fp));
    pairs.extend(::std::iter::repeat(("spam", "ham")).take(fn_));
    pairs.extend(::std::iter::repeat(("ham", "ham")).take(tn));
    let confusion = ::genai_demos::measure::metrics::ConfusionMatrix::from_pairs(&labels, &pairs)?;
    let (p, r): (::core::primitive::f64, ::core::primitive::f64) = precision_recall(tp, fp, fn_);
    ::core::assert!((p - confusion.precision("spam")?).abs() < 1e-12, "precision for {tp}/{fp}/{fn_}");
    ::core::assert!((r - confusion.recall("spam")?).abs() < 1e-12, "recall for {tp}/{fp}/{fn_}");
}"""),
    ])


def setup_cell(grade_id, source):
    return new_code_cell(source, metadata=nbg(grade_id, locked=True))


def chapter2():
    write("02-modalities", [
        text("intro", """# Exercises: what it can create

Three small functions from three modalities: sound, pictures and code. Each test cell checks
your function against the book's own library."""),
        setup(),
        setup_cell("uses", """use genai_demos::generate::code;
use genai_demos::pictures::diffusion::Schedule;
use genai_demos::generate::ngram::NGram;
use genai_demos::sound::synth::frequency;"""),
        text("frequency-text", """## 1. From a note to a pitch (2 points)

The synthesiser plays MIDI note numbers. Note 69 is the A above middle C, at 440 Hz, and every
step of 12 notes (an octave) doubles the frequency. So each note is `2^(1/12)` times the one
below it. Write the frequency of a note, in hertz."""),
        solution("frequency", """fn my_frequency(note: u8) -> f64 {
    // BEGIN SOLUTION
    440.0 * 2f64.powf((f64::from(note) - 69.0) / 12.0)
    // END SOLUTION
}"""),
        test("test_frequency", 2, FULL_PATHS + """for note in [21u8, 57, 60, 69, 81, 108] {
    let mine: ::core::primitive::f64 = my_frequency(note);
    let book = ::genai_demos::sound::synth::frequency(note);
    ::core::assert!((mine - book).abs() < 1e-9, "note {note}: yours {mine} Hz, the book's {book} Hz");
}"""),
        text("noise-text", """## 2. Adding noise, the diffusion way (3 points)

The forward process of diffusion blends a clean picture `x0` with noise `eps`. At a step whose
*signal level* is `a` (1 at the start, close to 0 at the end), every pixel becomes

`sqrt(a) * x0 + sqrt(1 - a) * eps`

so the picture fades while the noise grows, and the total spread stays about the same. Write it
for a whole picture (a slice of pixel values and a slice of noise values of the same length)."""),
        solution("add_noise", """fn my_add_noise(x0: &[f64], signal: f64, eps: &[f64]) -> Vec<f64> {
    // BEGIN SOLUTION
    x0.iter().zip(eps).map(|(x, e)| signal.sqrt() * x + (1.0 - signal).sqrt() * e).collect()
    // END SOLUTION
}"""),
        test("test_add_noise", 3, FULL_PATHS + """let schedule = ::genai_demos::pictures::diffusion::Schedule::cosine(50)?;
let x0: ::std::vec::Vec<::core::primitive::f64> = (0..400).map(|i| ((i % 20) as ::core::primitive::f64 / 10.0) - 1.0).collect();
for (t, seed) in [(5, 1u64), (25, 2), (49, 3)] {
    let a = schedule.signal(t);
    let book = schedule.add_noise(&x0, t, seed)?;
    // The noise the book drew, recovered from its answer.
    let eps: ::std::vec::Vec<::core::primitive::f64> = book.iter().zip(&x0).map(|(xt, x)| (xt - a.sqrt() * x) / (1.0 - a).sqrt()).collect();
    let mine: ::std::vec::Vec<::core::primitive::f64> = my_add_noise(&x0, a, &eps);
    ::core::assert_eq!(mine.len(), book.len());
    for (m, b) in mine.iter().zip(&book) {
        ::core::assert!((m - b).abs() < 1e-9, "step {t}: yours {m}, the book's {b}");
    }
}"""),
        text("bigram-text", """## 3. Code is text: count what follows (2 points)

A code model learns which token follows which. Given the tokens of a Rust program, count how
often each token comes right after `first`, and return `(token, count)` pairs sorted by count,
largest first, ties in alphabetical order."""),
        solution("follows", """fn follows(tokens: &[String], first: &str) -> Vec<(String, u64)> {
    // BEGIN SOLUTION
    let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
    for pair in tokens.windows(2) {
        if pair[0] == first {
            *counts.entry(pair[1].clone()).or_default() += 1;
        }
    }
    let mut pairs: Vec<(String, u64)> = counts.into_iter().collect();
    pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    pairs
    // END SOLUTION
}"""),
        test("test_follows", 2, FULL_PATHS + """let source = r"fn area(w: u32, h: u32) -> u32 { w * h }
fn main() { let a = area(2, 3); let b = area(a, a); let c = a + b; }";
let tokens = ::genai_demos::text::rust::tokenize(source);
let model = ::genai_demos::generate::ngram::NGram::train(&[tokens.clone()], 2)?;
for first in ["(", "area", "let", "u32", ","] {
    let mut book = model.counts(&[first]);
    book.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mine: ::std::vec::Vec<(::std::string::String, ::core::primitive::u64)> = follows(&tokens, first);
    ::core::assert_eq!(mine, book, "after {first:?}");
}"""),
    ])


def chapter3():
    write("03-how-it-generates", [
        text("intro", """# Exercises: how it actually generates

Three pieces of the sampling loop: turn scores into probabilities, keep only the best
candidates, and pick one with a random draw. Each test cell checks your function against the
book's own `sampling` module."""),
        setup(),
        setup_cell("uses", """use genai_demos::generate::sampling::{self, Sampler};"""),
        text("softmax-text", """## 1. Softmax with temperature (3 points)

A model scores each candidate piece with a *logit*. Softmax turns logits into probabilities:
`exp(logit / T)`, then divide by the sum so they add up to 1. The temperature `T` sharpens
(`T < 1`) or flattens (`T > 1`) the distribution. Tip: subtract the largest logit before `exp`,
or large logits overflow. (You may assume `T > 0` and finite logits.)"""),
        solution("softmax", """fn my_softmax(logits: &[f64], temperature: f64) -> Vec<f64> {
    // BEGIN SOLUTION
    let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = logits.iter().map(|l| ((l - top) / temperature).exp()).collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
    // END SOLUTION
}"""),
        test("test_softmax", 3, FULL_PATHS + """for (logits, t) in [(::std::vec![0.0, 1.0, 2.0], 1.0), (::std::vec![2.0, -1.0, 0.5, 0.5], 0.3), (::std::vec![700.0, 701.0], 2.5)] {
    let mine: ::std::vec::Vec<::core::primitive::f64> = my_softmax(&logits, t);
    let book = ::genai_demos::generate::sampling::softmax(&logits, t)?;
    ::core::assert_eq!(mine.len(), book.len(), "{logits:?} at T = {t}: yours {mine:?}, the book's {book:?}");
    for (m, b) in mine.iter().zip(&book) {
        ::core::assert!((m - b).abs() < 1e-12, "{logits:?} at T = {t}: yours {mine:?}, the book's {book:?}");
    }
}"""),
        text("topk-text", """## 2. Top-k (2 points)

Top-k keeps the `k` most likely candidates, sets the others to 0, and scales the kept ones so
they sum to 1 again. (Ties do not occur in the test.)"""),
        solution("top_k", """fn my_top_k(probabilities: &[f64], k: usize) -> Vec<f64> {
    // BEGIN SOLUTION
    let mut order: Vec<usize> = (0..probabilities.len()).collect();
    order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
    let mut kept = vec![0.0; probabilities.len()];
    for &i in order.iter().take(k) {
        kept[i] = probabilities[i];
    }
    let total: f64 = kept.iter().sum();
    kept.iter().map(|p| p / total).collect()
    // END SOLUTION
}"""),
        test("test_top_k", 2, FULL_PATHS + """for (probs, k) in [(::std::vec![0.1, 0.6, 0.3], 2), (::std::vec![0.05, 0.15, 0.5, 0.3], 1), (::std::vec![0.2, 0.3, 0.5], 3)] {
    let mine: ::std::vec::Vec<::core::primitive::f64> = my_top_k(&probs, k);
    let book = ::genai_demos::generate::sampling::top_k(&probs, k)?;
    ::core::assert_eq!(mine.len(), book.len(), "{probs:?}, k = {k}: yours {mine:?}, the book's {book:?}");
    for (m, b) in mine.iter().zip(&book) {
        ::core::assert!((m - b).abs() < 1e-12, "{probs:?}, k = {k}: yours {mine:?}, the book's {book:?}");
    }
}"""),
        text("choose-text", """## 3. One random draw picks the piece (2 points)

Lay the probabilities end to end on a ruler from 0 to 1. A random *draw* between 0 and 1 lands
in one of the stretches: that candidate is the piece. Return its index."""),
        solution("choose", """fn my_choose(probabilities: &[f64], draw: f64) -> usize {
    // BEGIN SOLUTION
    let mut cumulative = 0.0;
    for (i, p) in probabilities.iter().enumerate() {
        cumulative += p;
        if draw < cumulative {
            return i;
        }
    }
    probabilities.len() - 1
    // END SOLUTION
}"""),
        test("test_choose", 2, FULL_PATHS + """let probs = [0.5, 0.3, 0.15, 0.05];
let sampler = ::genai_demos::generate::sampling::Sampler::new(1.0, ::core::option::Option::None, ::core::option::Option::None)?;
for draw in [0.0, 0.2, 0.49, 0.51, 0.79, 0.81, 0.96, 0.999] {
    let mine: ::core::primitive::usize = my_choose(&probs, draw);
    ::core::assert_eq!(::core::option::Option::Some(mine), sampler.choose(&probs, draw), "draw {draw}");
}"""),
    ])


if __name__ == "__main__":
    chapter1()
    chapter2()
    chapter3()
