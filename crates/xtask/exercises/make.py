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


def answer(grade_id, points, source):
    """A written answer (Markdown), graded by hand: nbgrader's "manually graded answer". The
    student version holds nbgrader's stub instead of `source`, the instructor's model answer."""
    return new_markdown_cell(source, metadata=nbg(grade_id, solution=True, grade=True, points=points))


def reading_rust(intro):
    """A notebook's first cell: its introduction, then where to learn to read its Rust."""
    return text("intro", intro + """

New to Rust? The page [Reading the Rust in these notebooks](../reading-rust.md) (one folder up,
and in the book under the same title) explains `let`, `&`, `?`, `Some`, closures and
`.iter().map(...)`: just enough to read and write these cells.""")


def predict(number, question, function, guess, tolerance, truth):
    """A "predict first" task: the student writes a number into `function` before running the
    cell that reveals the true value, computed by `truth` (Rust that sets `truth`). The test
    scores only a prediction within `tolerance` of it, and it asks for the prediction before it
    computes anything, so the true value shows only once a number is committed."""
    return [
        text("predict-text", f"""## {number}. Predict first, then look (1 point)

{question}

Write your number in `{function}` below **before** you run the test cell under it: that cell
reveals the true value. Your prediction earns the point if it is within **{tolerance}** of the true
value, and nothing otherwise. Changing your number after seeing the answer makes the point
meaningless: the aim is to find out what you expected."""),
        solution("predict", f"""fn {function}() -> f64 {{
    // BEGIN SOLUTION
    {guess}
    // END SOLUTION
}}"""),
        test("test_predict", 1, FULL_PATHS + f"""let predicted: ::core::primitive::f64 = {function}();
{truth}
::std::println!("You predicted {{predicted}}; the true value is {{truth:.4}}.");
::core::assert!((predicted - truth).abs() <= {tolerance}, "{{predicted}} is more than {tolerance} away from {{truth:.4}}");"""),
    ]


def explain(number, question, model_answer):
    """An "explain" task: a short written answer, graded by hand (2 points)."""
    return [
        text("explain-text", f"""## {number}. Explain in your own words (2 points, graded by your instructor)

{question}

Write your answer in the Markdown cell below, in place of its placeholder (double-click it to
edit). No test checks it: your instructor reads it and gives up to 2 points. An answer left as
it was scores 0."""),
        answer("explain", 2, model_answer),
    ]


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
        reading_rust("""# Exercises: telling apart vs. creating

Three small functions, each checked against the book's own library on seeded data, then a
prediction and a short written answer. Write your code between the lines the exercise gives
you, then run the test cell below it. A test cell that runs without an error means your
function agrees with the library. Exercises 1 to 4 are graded automatically; exercise 5 is read
and graded by your instructor."""),
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
        *predict(4, """The book's filter is tested on the messages that `split(&builtin()?, 0.2, 42)` holds back: a
fifth of each label, chosen with seed 42. A lazy filter does not read anything: it calls every
message ham. What share of those test messages does it sort right? Give a number from 0 to 1.
(Any filter worth using must beat it.)""", "predicted_lazy_accuracy", "0.6", 0.05, """let data = ::genai_demos::data::messages::split(&::genai_demos::data::messages::builtin()?, 0.2, 42)?;
let ham = data.test.iter().filter(|m| m.label == "ham").count();
let truth = ham as ::core::primitive::f64 / data.test.len() as ::core::primitive::f64;"""),
        *explain(5, """Naive Bayes gives the message "WIN a free prize, call now" a probability of spam that prints
as 1.000. In two or three sentences of your own: why is it so sure, and why is being sure not
the same as being right?""", """It multiplies the likelihood of every word, and each spammy word ("win", "free", "prize") makes
spam many times likelier than ham, so a few of them together give odds of thousands to one,
which round to 1.000. But it treats every word as separate evidence, so words that always come
together are counted again and again, and it has only seen a few hundred messages written for
the book: a real message unlike them can get the same certainty and still be wrong. How sure it
is comes from the arithmetic; whether it is right depends on messages it has never seen."""),
    ])


def setup_cell(grade_id, source):
    return new_code_cell(source, metadata=nbg(grade_id, locked=True))


def chapter2():
    write("02-modalities", [
        reading_rust("""# Exercises: what it can create

Four small functions from three modalities: sound, pictures and code, then a prediction and a
short written answer. Each test cell checks your function against the book's own library.
Exercises 1 to 5 are graded automatically; exercise 6 is read and graded by your instructor.
Exercise 7 returns to sound: the filter a speech synthesiser is built from, graded automatically."""),
        setup(),
        setup_cell("uses", """use genai_demos::generate::code;
use genai_demos::pictures::diffusion::Schedule;
use genai_demos::generate::ngram::NGram;
use genai_demos::random::{normal, seeded};
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

so the picture fades while the noise grows, and the total spread stays about the same. The
noise is random, but seeded: make a random number generator with `seeded(seed)`, then draw one
noise value per pixel, in order, with `normal(&mut rng)` (a draw from the bell curve). Write it
for a whole picture (a slice of pixel values). The test compares your picture with the one the
book's `Schedule::add_noise` makes from the same seed: the same seed must give the same noise."""),
        solution("add_noise", """fn my_add_noise(x0: &[f64], signal: f64, seed: u64) -> Vec<f64> {
    // BEGIN SOLUTION
    let mut rng = seeded(seed);
    x0.iter().map(|x| signal.sqrt() * x + (1.0 - signal).sqrt() * normal(&mut rng)).collect()
    // END SOLUTION
}"""),
        test("test_add_noise", 3, FULL_PATHS + """let schedule = ::genai_demos::pictures::diffusion::Schedule::cosine(50)?;
let x0: ::std::vec::Vec<::core::primitive::f64> = (0..400).map(|i| ((i % 20) as ::core::primitive::f64 / 10.0) - 1.0).collect();
for (t, seed) in [(5, 1u64), (25, 2), (49, 3)] {
    let book = schedule.add_noise(&x0, t, seed)?;
    let mine: ::std::vec::Vec<::core::primitive::f64> = my_add_noise(&x0, schedule.signal(t), seed);
    ::core::assert_eq!(mine.len(), book.len(), "step {t}: yours has {} pixels, the book's {}", mine.len(), book.len());
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
        text("guided-text", """## 4. One step of classifier-free guidance (2 points)

The denoiser that reads the description guesses the clean picture twice at every step: once with
your description (`described`) and once with none (`plain`). Guidance moves past the plain guess
in the direction the description pulls it, `guidance` times as far:

`plain + guidance * (described - plain)`

A picture's pixels run from -1 (paper) to 1 (ink), so each number is then kept within -1 and 1
(`f64::clamp`). Write the guided guess. The test checks it against the library's own step,
`Denoiser::guided_step`, on a small untrained network."""),
        solution("guided", """fn my_guided_guess(plain: &[f64], described: &[f64], guidance: f64) -> Vec<f64> {
    // BEGIN SOLUTION
    plain.iter().zip(described).map(|(p, d)| (p + guidance * (d - p)).clamp(-1.0, 1.0)).collect()
    // END SOLUTION
}"""),
        test("test_guided", 2, FULL_PATHS + """// One block, so no value that borrows another outlives the cell (evcxr keeps top-level ones).
{
    let net = ::genai_demos::pictures::denoiser::Denoiser::untrained(16, 50, 4)?;
    let schedule = ::genai_demos::pictures::diffusion::Schedule::cosine(50)?;
    let ring = ::genai_demos::pictures::describe::Description::parse("a small bold ring at the top left")?;
    let rows = ::genai_demos::pictures::denoiser::condition_rows(&ring);
    let anything = ::genai_demos::pictures::denoiser::ANYTHING;
    let mut rng = ::genai_demos::random::seeded(9);
    let x: ::std::vec::Vec<::core::primitive::f64> = (0..400).map(|_| ::genai_demos::random::normal(&mut rng)).collect();
    for (t, g) in [(50, 0.0), (30, 1.0), (10, 3.0), (1, 12.0)] {
        let plain = net.predict_clean(&x, t, &anything);
        let described = net.predict_clean(&x, t, &rows);
        let (book, _) = net.guided_step(&x, t, &rows, g, &schedule, &mut ::genai_demos::random::seeded(1));
        let mine: ::std::vec::Vec<::core::primitive::f64> = my_guided_guess(&plain, &described, g);
        ::core::assert_eq!(mine.len(), book.len(), "guidance {g}: yours has {} pixels, the book's {}", mine.len(), book.len());
        for (m, b) in mine.iter().zip(&book) {
            ::core::assert!((m - b).abs() < 1e-12, "step {t}, guidance {g}: yours {m}, the book's {b}");
        }
    }
}"""),
        *predict(5, """Chapter 2's pictures are noised in 50 steps with the cosine schedule,
`Schedule::cosine(50)?`. After 10 of the 50 steps, a fifth of the way, what share of the
picture is left: what is its signal level `schedule.signal(10)`? Give a number from 0 to 1
(1 is all picture, 0 all noise).""", "predicted_signal_after_10", "0.9", 0.05, """let truth = ::genai_demos::pictures::diffusion::Schedule::cosine(50)?.signal(10);"""),
        *explain(6, """Your `follows` counts which token comes right after which. A code model that knows only such
counts writes programs that look like Rust. In two or three sentences of your own: why do they
look right, and why can such a program still make no sense?""", """Every next token is drawn from what came after the same tokens in real programs, so each short
stretch is something a programmer once wrote: `fn` is followed by a name, `let` by a variable,
`(` by an argument, and the result often even parses. But the model sees only the last token or
two: it does not know which names were defined, what a variable holds or what the program is
for, so the whole can parse and still mean nothing."""),
        # Speech: the resonator, the one filter of the formant synthesiser.
        text("resonator-text", """## 7. A resonator: how a voice rings (2 points)

The book's speech synthesiser makes vowels by sending a buzz through *resonators*, tiny filters
that ring at one frequency, a formant. Each output sample is a little of the input plus the last
two outputs:

`y[n] = a * x[n] + b * y[n-1] + c * y[n-2]`

With the centre frequency `f` and the bandwidth `bw` in hertz, and `t = 1 / sample_rate` seconds
between samples:

`c = -exp(-2π * bw * t)`, `b = 2 * exp(-π * bw * t) * cos(2π * f * t)`, `a = 1 - b - c`

Before the first sample, both earlier outputs are 0. (`a` makes a steady input come out at the
same level, so resonators can be chained.) Write the filter for a whole sound. The test compares
your output with the book's `Resonator`, sample by sample: a click, a steady tone and a buzz,
through a man's first formant, a child's second, and a narrow and a wide bandwidth."""),
        solution("resonator", """fn my_resonate(input: &[f64], f: f64, bw: f64, sample_rate: f64) -> Vec<f64> {
    // BEGIN SOLUTION
    let t = 1.0 / sample_rate;
    let pi = std::f64::consts::PI;
    let c = -(-2.0 * pi * bw * t).exp();
    let b = 2.0 * (-pi * bw * t).exp() * (2.0 * pi * f * t).cos();
    let a = 1.0 - b - c;
    let (mut last, mut before_last) = (0.0, 0.0);
    let mut out = Vec::with_capacity(input.len());
    for &x in input {
        let y = a * x + b * last + c * before_last;
        before_last = last;
        last = y;
        out.push(y);
    }
    out
    // END SOLUTION
}"""),
        test("test_resonator", 2, FULL_PATHS + """let rate = 16_000.0;
let click: ::std::vec::Vec<::core::primitive::f64> = (0..400).map(|n| if n == 0 { 1.0 } else { 0.0 }).collect();
let steady: ::std::vec::Vec<::core::primitive::f64> = ::std::vec![1.0; 400];
let buzz: ::std::vec::Vec<::core::primitive::f64> = (0..400).map(|n| if n % 120 == 0 { 1.0 } else { 0.0 }).collect();
for (f, bw) in [(270.0, 60.0), (3200.0, 150.0), (1000.0, 20.0), (1000.0, 400.0)] {
    for (name, input) in [("click", &click), ("steady", &steady), ("buzz", &buzz)] {
        let mut book = ::genai_demos::sound::speech::resonator::Resonator::new(f, bw, rate);
        let mine: ::std::vec::Vec<::core::primitive::f64> = my_resonate(input, f, bw, rate);
        ::core::assert_eq!(mine.len(), input.len(), "{name} at {f} Hz: yours has {} samples, the input {}", mine.len(), input.len());
        for (n, (x, m)) in input.iter().zip(&mine).enumerate() {
            let b = book.step(*x);
            ::core::assert!((m - b).abs() < 1e-9, "{name} at {f} Hz, bandwidth {bw} Hz, sample {n}: yours {m}, the book's {b}");
        }
    }
}"""),
    ])


def chapter3():
    write("03-how-it-generates", [
        reading_rust("""# Exercises: how it actually generates

Three pieces of the sampling loop: turn scores into probabilities, keep only the best
candidates, and pick one with a random draw; then a prediction and a short written answer.
Each test cell checks your function against the book's own `sampling` module. Exercises 1 to 4
are graded automatically; exercise 5 is read and graded by your instructor."""),
        setup(),
        setup_cell("uses", """use genai_demos::generate::sampling::{self, Sampler};"""),
        text("softmax-text", """## 1. Softmax with temperature (3 points)

A model scores each candidate piece with a *logit*. Softmax turns logits into probabilities:
`exp(logit / T)`, then divide by the sum so they add up to 1. The temperature `T` sharpens
(`T < 1`) or flattens (`T > 1`) the distribution. Tip: subtract the largest logit before `exp`.
It changes nothing in the result (every weight shrinks by the same factor) but it keeps large
logits from overflowing: `exp(1000.0)` is more than an `f64` can hold, and the test uses logits
that large. (You may assume `T > 0` and finite logits.)"""),
        solution("softmax", """fn my_softmax(logits: &[f64], temperature: f64) -> Vec<f64> {
    // BEGIN SOLUTION
    let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> = logits.iter().map(|l| ((l - top) / temperature).exp()).collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
    // END SOLUTION
}"""),
        test("test_softmax", 3, FULL_PATHS + """for (logits, t) in [(::std::vec![0.0, 1.0, 2.0], 1.0), (::std::vec![2.0, -1.0, 0.5, 0.5], 0.3), (::std::vec![700.0, 701.0], 2.5), (::std::vec![1000.0, 998.0, 990.0], 1.0), (::std::vec![-1200.0, -1201.0], 0.5)] {
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
        *predict(4, """Three candidates have the logits 2, 1 and 0. At temperature 1, softmax gives the first one a
probability of about 0.67. At temperature 0.5, what probability does it get? Think about what
dividing by 0.5 does to the gaps between the logits, then give a number from 0 to 1.""", "predicted_top_at_half", "0.87", 0.05, """let truth = ::genai_demos::generate::sampling::softmax(&[2.0, 1.0, 0.0], 0.5)?[0];"""),
        *explain(5, """In two or three sentences of your own, using what softmax does: what happens to the generated
text as the temperature goes down towards 0, and as it grows large? Why?""", """Dividing the logits by a small temperature stretches the gaps between them, so after softmax
almost all the probability sits on the likeliest piece: the text becomes the same safe,
repetitive choice every time. A large temperature shrinks the gaps, the probabilities flatten
towards equal, and unlikely pieces are drawn often: the text gets surprising, then nonsense."""),
    ])


if __name__ == "__main__":
    chapter1()
    chapter2()
    chapter3()
