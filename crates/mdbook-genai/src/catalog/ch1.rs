//! Chapter 1, "Two jobs: telling apart vs. creating": a spam filter and a spam writer trained
//! on the same messages, and the two models of the bakery tray.
//!
//! Every number on the page comes from here. The models are trained once per build (they take
//! a few milliseconds) and kept in a `OnceLock`, since many names read the same models.

use super::{Page, none};
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget, examples};
use anyhow::{Result, anyhow};
use genai_demos::Chart;
use genai_demos::classify::gaussian::TwoJobs;
use genai_demos::classify::logistic::{LogisticRegression, Settings};
use genai_demos::classify::naive_bayes::NaiveBayes;
use genai_demos::data::messages::{Message, Split, builtin, split};
use genai_demos::data::pastry::Tray;
use genai_demos::generate::spam_writer::{ORDER, SpamWriter, Written};
use genai_demos::measure::metrics::{Classification, Classifier, Report, evaluate};
use genai_demos::text::messages::tokenize;
use genai_wasm::recipe::MessagesRecipe;
use serde::Serialize;
use std::sync::OnceLock;

/// The seed that splits the 500 messages into training and test messages. The notebook
/// `notebooks/01-telling-apart-vs-creating.ipynb` uses the same one.
pub const SPLIT_SEED: u64 = 7;
/// The share of each label held back for testing.
pub const TEST_FRACTION: f64 = 0.2;
/// Naive Bayes's smoothing: 1 added to every word count.
pub const ALPHA: f64 = 1.0;
/// The label both classifiers are asked about.
pub const POSITIVE: &str = "spam";
/// The word the filter leans on: most spam in the data links to a web address ending in it.
pub const SHORTCUT_WORD: &str = "example";
/// The seeds of the extra splits that check the test score was not luck.
pub const RESPLIT_SEEDS: std::ops::RangeInclusive<u64> = 1..=10;
/// The tray of the two-feature picture: the introduction's tray.
pub const TRAY_SEED: u64 = super::intro::INTRO_TRAY_SEED;
/// Pastries of each kind on that tray.
pub const TRAY_PER_KIND: usize = super::intro::INTRO_TRAY_PER_KIND;
/// How many new pastries of each kind the generative model bakes.
pub const NEW_PER_KIND: usize = 8;
/// The seed of that baking.
pub const BAKE_SEED: u64 = 1;
/// The seeds of the messages the widget's "Creating" face shows, for each label.
pub const WRITE_SEEDS: std::ops::RangeInclusive<u64> = 1..=6;
/// The seeds of the messages the copy check counts, for each label.
pub const CHECK_SEEDS: std::ops::RangeInclusive<u64> = 1..=50;
/// The n the page compares the writer's with: one more word of context.
pub const LONGER_ORDER: usize = ORDER + 1;
/// How many held-out messages of each label the widget shows besides the mistakes.
const SHOWN_PER_LABEL: usize = 3;
/// At most this many mistakes in the widget.
const SHOWN_MISTAKES: usize = 2;

pub(super) const PAGE: Page = Page {
    prefix: "ch1",
    charts: &[
        "ch1.loss",
        "ch1.filter-confusion",
        "ch1.bayes-confusion",
        "ch1.missed-filter",
        "ch1.missed-bayes",
        "ch1.two-jobs",
    ],
    values: &[
        "ch1.messages",
        "ch1.spam-messages",
        "ch1.ham-messages",
        "ch1.train-messages",
        "ch1.test-messages",
        "ch1.test-spam",
        "ch1.test-ham",
        "ch1.split-seed",
        "ch1.vocab-size",
        "ch1.epochs",
        "ch1.filter-accuracy",
        "ch1.filter-precision",
        "ch1.filter-recall",
        "ch1.filter-caught",
        "ch1.filter-false-alarms",
        "ch1.bayes-accuracy",
        "ch1.bayes-precision",
        "ch1.bayes-recall",
        "ch1.bayes-caught",
        "ch1.bayes-false-alarms",
        "ch1.resplits",
        "ch1.filter-mean-accuracy",
        "ch1.bayes-mean-accuracy",
        "ch1.filter-spam-words",
        "ch1.filter-ham-words",
        "ch1.bayes-spam-words",
        "ch1.spam-prior",
        "ch1.shortcut-spam",
        "ch1.shortcut-ham",
        "ch1.missed-text",
        "ch1.missed-filter-spam",
        "ch1.missed-bayes-spam",
        "ch1.missed-filter-words",
        "ch1.missed-bayes-words",
        "ch1.writer-order",
        "ch1.writer-context",
        "ch1.written-spam",
        "ch1.written-spam-seed",
        "ch1.written-spam-run",
        "ch1.written-spam-pieces",
        "ch1.written-spam-copied",
        "ch1.written-spam-nearest",
        "ch1.written-spam-filter",
        "ch1.written-ham",
        "ch1.checked-per-label",
        "ch1.checked-total",
        "ch1.writer-copies",
        "ch1.writer-mean-run",
        "ch1.longer-order",
        "ch1.longer-copies",
        "ch1.longer-ham-copies",
        "ch1.longer-mean-run",
        "ch1.longer-single-share",
        "ch1.writer-accuracy",
        "ch1.tray-size",
        "ch1.new-per-kind",
        "ch1.bake-seed",
    ],
    widgets: &["ch1.flip"],
    chart,
    value,
    widget,
};

/// Everything the chapter trains on the messages, trained once.
struct Trained {
    all: Vec<Message>,
    parts: Split,
    filter: LogisticRegression,
    bayes: NaiveBayes,
    writer: SpamWriter,
    filter_report: Report,
    bayes_report: Report,
}

fn train() -> genai_demos::Result<Trained> {
    let all = builtin()?;
    let parts = split(&all, TEST_FRACTION, SPLIT_SEED)?;
    let filter = LogisticRegression::train(&parts.train, POSITIVE, &Settings::default())?;
    let bayes = NaiveBayes::train(&parts.train, ALPHA)?;
    let writer = SpamWriter::train(&parts.train, ORDER)?;
    let filter_report = evaluate(&filter, &parts.test, POSITIVE)?;
    let bayes_report = evaluate(&bayes, &parts.test, POSITIVE)?;
    Ok(Trained {
        all,
        parts,
        filter,
        bayes,
        writer,
        filter_report,
        bayes_report,
    })
}

fn trained() -> Result<&'static Trained> {
    static CELL: OnceLock<genai_demos::Result<Trained>> = OnceLock::new();
    CELL.get_or_init(train)
        .as_ref()
        .map_err(|e| anyhow!("training the chapter 1 models: {e}"))
}

fn two_jobs() -> Result<&'static TwoJobs> {
    static CELL: OnceLock<genai_demos::Result<TwoJobs>> = OnceLock::new();
    CELL.get_or_init(|| {
        let tray = Tray::bake(TRAY_SEED, TRAY_PER_KIND)?;
        TwoJobs::learn(&tray, NEW_PER_KIND, BAKE_SEED)
    })
    .as_ref()
    .map_err(|e| anyhow!("the two models of the tray: {e}"))
}

/// The average test accuracy of both models over the splits of [`RESPLIT_SEEDS`].
fn mean_accuracies() -> Result<(f64, f64)> {
    static CELL: OnceLock<genai_demos::Result<(f64, f64)>> = OnceLock::new();
    CELL.get_or_init(|| {
        let all = builtin()?;
        let (mut filter_sum, mut bayes_sum, mut n) = (0.0, 0.0, 0.0);
        for seed in RESPLIT_SEEDS {
            let parts = split(&all, TEST_FRACTION, seed)?;
            let filter = LogisticRegression::train(&parts.train, POSITIVE, &Settings::default())?;
            let bayes = NaiveBayes::train(&parts.train, ALPHA)?;
            filter_sum += evaluate(&filter, &parts.test, POSITIVE)?.accuracy;
            bayes_sum += evaluate(&bayes, &parts.test, POSITIVE)?.accuracy;
            n += 1.0;
        }
        Ok((filter_sum / n, bayes_sum / n))
    })
    .as_ref()
    .copied()
    .map_err(|e| anyhow!("re-splitting the messages: {e}"))
}

/// What the copy check found over [`CHECK_SEEDS`] for both labels, with a writer of order `n`.
#[derive(Debug, Clone, Copy)]
struct Copies {
    /// Messages written.
    written: usize,
    /// Of them, whole copies of a training message.
    copies: usize,
    /// Whole copies among the ham.
    ham_copies: usize,
    /// The average longest copied run, in pieces.
    mean_run: f64,
}

fn copies(n: usize) -> Result<Copies> {
    let t = trained()?;
    let longer;
    let writer = if n == ORDER {
        &t.writer
    } else {
        longer = SpamWriter::train(&t.parts.train, n)?;
        &longer
    };
    let mut found = Copies {
        written: 0,
        copies: 0,
        ham_copies: 0,
        mean_run: 0.0,
    };
    let mut runs = 0;
    for label in t.writer.labels() {
        for seed in CHECK_SEEDS {
            let written = writer.write(label, seed)?;
            found.written += 1;
            if written.check.is_copy {
                found.copies += 1;
                if label == "ham" {
                    found.ham_copies += 1;
                }
            }
            runs += written.check.longest_copied_run;
        }
    }
    found.mean_run = runs as f64 / found.written.max(1) as f64;
    Ok(found)
}

fn writer_copies() -> Result<Copies> {
    static CELL: OnceLock<std::result::Result<Copies, String>> = OnceLock::new();
    CELL.get_or_init(|| copies(ORDER).map_err(|e| e.to_string()))
        .clone()
        .map_err(|e| anyhow!(e))
}

fn longer_copies() -> Result<Copies> {
    static CELL: OnceLock<std::result::Result<Copies, String>> = OnceLock::new();
    CELL.get_or_init(|| copies(LONGER_ORDER).map_err(|e| e.to_string()))
        .clone()
        .map_err(|e| anyhow!(e))
}

/// The `n` words that pushed hardest toward an answer.
fn pushes(answer: &Classification, n: usize) -> Vec<genai_demos::classify::features::WordScore> {
    answer
        .evidence
        .iter()
        .filter(|e| e.score > 0.0)
        .take(n)
        .cloned()
        .collect()
}

/// Of the contexts a writer with [`LONGER_ORDER`] saw in training (over both labels), the
/// share that were only ever followed by one piece: there, writing can only copy.
fn single_continuation_share(t: &Trained) -> Result<f64> {
    let longer = SpamWriter::train(&t.parts.train, LONGER_ORDER)?;
    let (mut contexts, mut single) = (0usize, 0usize);
    for label in longer.labels() {
        let model = longer.model(label)?;
        let mut seen = std::collections::BTreeSet::new();
        for message in t.parts.train.iter().filter(|m| &m.label == label) {
            let mut framed = vec![genai_demos::generate::ngram::BOS.to_string(); LONGER_ORDER - 1];
            framed.extend(genai_demos::text::messages::pieces(&message.text));
            for context in framed.windows(LONGER_ORDER - 1) {
                if seen.insert(context.to_vec()) {
                    contexts += 1;
                    if model.counts(context).len() == 1 {
                        single += 1;
                    }
                }
            }
        }
    }
    Ok(single as f64 / contexts.max(1) as f64)
}

/// The writer's accuracy when it sorts the test messages by Bayes' rule.
fn writer_report() -> Result<&'static Report> {
    static CELL: OnceLock<genai_demos::Result<Report>> = OnceLock::new();
    let t = trained()?;
    CELL.get_or_init(|| evaluate(&t.writer, &t.parts.test, POSITIVE))
        .as_ref()
        .map_err(|e| anyhow!("the writer sorting the test messages: {e}"))
}

/// The first spam the page shows: the first seed of [`WRITE_SEEDS`].
fn written_spam() -> Result<Written> {
    Ok(trained()?.writer.write(POSITIVE, *WRITE_SEEDS.start())?)
}

/// Whether a message has the shortcut word among its words.
fn has_shortcut(text: &str) -> bool {
    tokenize(text).iter().any(|w| w == SHORTCUT_WORD)
}

/// The spam the filter let through that has no web address: the clearest case of the
/// shortcut. (Falls back to any spam the filter missed.)
fn missed() -> Result<&'static Classification> {
    let t = trained()?;
    let missed: Vec<&Classification> = t
        .filter_report
        .mistakes
        .iter()
        .filter(|m| m.truth == POSITIVE)
        .map(|m| &m.answer)
        .collect();
    missed
        .iter()
        .find(|a| !has_shortcut(&a.text))
        .or(missed.first())
        .copied()
        .ok_or_else(|| anyhow!("the filter missed no spam on this split, so there is none to show"))
}

/// A share as a percentage: whole numbers without a decimal, others with one.
fn percent(share: f64) -> String {
    let text = format!("{:.1}", 100.0 * share);
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

/// A probability as a percentage, without rounding a small chance to a flat 0% or a large one
/// to a certain 100%.
fn chance(p: f64) -> String {
    if p < 0.0005 {
        "under 0.1%".to_string()
    } else if p > 0.9995 {
        "over 99.9%".to_string()
    } else {
        percent(p)
    }
}

/// `= 39.3%`, or `is under 0.1%`: the end of "P(spam) …".
fn stated(p: f64) -> String {
    let text = chance(p);
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        format!("= {text}")
    } else {
        format!("is {text}")
    }
}

/// "the word before it" for n = 2, "the 2 words before it" for n = 3.
fn context_words(n: usize) -> String {
    match n {
        0 | 1 => "no words before it".to_string(),
        2 => "the word before it".to_string(),
        _ => format!("the {} words before it", n - 1),
    }
}

/// Words as a quoted list: “a”, “b” and “c”.
fn quoted_list(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn chart(name: &str) -> Option<Result<Chart>> {
    let made = || -> Result<Chart> {
        let t = trained()?;
        Ok(match name {
            "ch1.loss" => t.filter.loss_chart()?,
            "ch1.filter-confusion" => t.filter_report.confusion.chart()?,
            "ch1.bayes-confusion" => t.bayes_report.confusion.chart()?,
            "ch1.missed-filter" => missed()?.chart()?,
            "ch1.missed-bayes" => t.bayes.classify(&missed()?.text)?.chart()?,
            "ch1.two-jobs" => two_jobs()?.chart()?,
            other => return Err(anyhow!("`{other}` is listed but has no chart")),
        })
    };
    PAGE.charts.contains(&name).then(made)
}

fn value(name: &str) -> Option<Result<String>> {
    let made = || -> Result<String> {
        let t = trained()?;
        let count = |messages: &[Message], label: &str| {
            messages
                .iter()
                .filter(|m| m.label == label)
                .count()
                .to_string()
        };
        let caught = |r: &Report| -> Result<String> {
            let spam = t.parts.test.iter().filter(|m| m.label == POSITIVE).count();
            Ok(format!(
                "{} of {spam}",
                r.confusion.count(POSITIVE, POSITIVE)?
            ))
        };
        let false_alarms =
            |r: &Report| -> Result<String> { Ok(r.confusion.count("ham", POSITIVE)?.to_string()) };
        let top = |words: Vec<genai_demos::classify::features::WordScore>| {
            let words: Vec<String> = words.into_iter().map(|w| w.word).collect();
            quoted_list(&words)
        };
        Ok(match name {
            "ch1.messages" => t.all.len().to_string(),
            "ch1.spam-messages" => count(&t.all, POSITIVE),
            "ch1.ham-messages" => count(&t.all, "ham"),
            "ch1.train-messages" => t.parts.train.len().to_string(),
            "ch1.test-messages" => t.parts.test.len().to_string(),
            "ch1.test-spam" => count(&t.parts.test, POSITIVE),
            "ch1.test-ham" => count(&t.parts.test, "ham"),
            "ch1.split-seed" => SPLIT_SEED.to_string(),
            "ch1.vocab-size" => t.filter.vocab().len().to_string(),
            "ch1.epochs" => t.filter.settings().epochs.to_string(),
            "ch1.filter-accuracy" => percent(t.filter_report.accuracy),
            "ch1.filter-precision" => percent(t.filter_report.precision),
            "ch1.filter-recall" => percent(t.filter_report.recall),
            "ch1.filter-caught" => caught(&t.filter_report)?,
            "ch1.filter-false-alarms" => false_alarms(&t.filter_report)?,
            "ch1.bayes-accuracy" => percent(t.bayes_report.accuracy),
            "ch1.bayes-precision" => percent(t.bayes_report.precision),
            "ch1.bayes-recall" => percent(t.bayes_report.recall),
            "ch1.bayes-caught" => caught(&t.bayes_report)?,
            "ch1.bayes-false-alarms" => false_alarms(&t.bayes_report)?,
            "ch1.resplits" => RESPLIT_SEEDS.count().to_string(),
            "ch1.filter-mean-accuracy" => percent(mean_accuracies()?.0),
            "ch1.bayes-mean-accuracy" => percent(mean_accuracies()?.1),
            "ch1.filter-spam-words" => top(t.filter.top_words(POSITIVE, 5)?),
            "ch1.filter-ham-words" => top(t.filter.top_words("ham", 5)?),
            "ch1.bayes-spam-words" => top(t.bayes.top_words(POSITIVE, 5)?),
            "ch1.spam-prior" => percent(t.bayes.prior(POSITIVE)?),
            "ch1.shortcut-spam" => shortcut_count(&t.all, POSITIVE),
            "ch1.shortcut-ham" => shortcut_count(&t.all, "ham"),
            "ch1.missed-text" => missed()?.text.clone(),
            "ch1.missed-filter-spam" => chance(missed()?.probability(POSITIVE)?),
            "ch1.missed-bayes-spam" => {
                chance(t.bayes.classify(&missed()?.text)?.probability(POSITIVE)?)
            }
            "ch1.writer-order" => ORDER.to_string(),
            "ch1.writer-context" => context_words(ORDER),
            "ch1.written-spam" => written_spam()?.text,
            "ch1.written-spam-seed" => WRITE_SEEDS.start().to_string(),
            "ch1.written-spam-run" => written_spam()?.check.longest_copied_run.to_string(),
            "ch1.written-spam-pieces" => written_spam()?.check.pieces.to_string(),
            "ch1.written-spam-copied" => written_spam()?.check.longest_copied_text,
            "ch1.written-spam-nearest" => written_spam()?.check.nearest,
            "ch1.written-spam-filter" => {
                let answer = t.filter.classify(&written_spam()?.text)?;
                format!(
                    "{}, P(spam) {}",
                    answer.label,
                    stated(answer.probability(POSITIVE)?)
                )
            }
            "ch1.written-ham" => t.writer.write("ham", *WRITE_SEEDS.start())?.text,
            "ch1.checked-per-label" => CHECK_SEEDS.count().to_string(),
            "ch1.checked-total" => writer_copies()?.written.to_string(),
            "ch1.writer-copies" => writer_copies()?.copies.to_string(),
            "ch1.writer-mean-run" => format!("{:.1}", writer_copies()?.mean_run),
            "ch1.longer-order" => LONGER_ORDER.to_string(),
            "ch1.longer-copies" => longer_copies()?.copies.to_string(),
            "ch1.longer-ham-copies" => longer_copies()?.ham_copies.to_string(),
            "ch1.longer-mean-run" => format!("{:.1}", longer_copies()?.mean_run),
            "ch1.writer-accuracy" => percent(writer_report()?.accuracy),
            "ch1.missed-filter-words" => top(pushes(missed()?, 3)),
            "ch1.missed-bayes-words" => top(pushes(&t.bayes.classify(&missed()?.text)?, 3)),
            "ch1.longer-single-share" => percent(single_continuation_share(t)?),
            "ch1.tray-size" => two_jobs()?.tray.pastries.len().to_string(),
            "ch1.new-per-kind" => NEW_PER_KIND.to_string(),
            "ch1.bake-seed" => BAKE_SEED.to_string(),
            other => return Err(anyhow!("`{other}` is listed but has no value")),
        })
    };
    PAGE.values.contains(&name).then(made)
}

/// How many messages with `label` have the shortcut word.
fn shortcut_count(messages: &[Message], label: &str) -> String {
    messages
        .iter()
        .filter(|m| m.label == label && has_shortcut(&m.text))
        .count()
        .to_string()
}

/// One held-out message as the "Telling apart" face shows it: the truth and both answers.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The label a person gave the message.
    pub truth: String,
    /// The spam filter's answer (logistic regression: the discriminative model).
    pub filter: Classification,
    /// Naive Bayes's answer (the generative model, through Bayes' rule).
    pub bayes: Classification,
}

/// The widget's data: how the models were trained, and what each face shows.
#[derive(Debug, Clone, Serialize)]
pub struct FlipData {
    /// The seed of the training/test split.
    pub split_seed: u64,
    /// The share held back for testing.
    pub test_fraction: f64,
    /// The filter's training settings.
    pub settings: Settings,
    /// Naive Bayes's smoothing.
    pub alpha: f64,
    /// The held-out messages of the "Telling apart" face.
    pub telling_apart: Vec<Verdict>,
    /// The writer's n.
    pub writer_order: usize,
    /// The brand-new messages of the "Creating" face, for each label in turn.
    pub creating: Vec<Creation>,
}

/// One brand-new message as the "Creating" face shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Creation {
    /// What the writer wrote, and the copy check.
    pub written: Written,
    /// What the spam filter makes of it.
    pub filter: Classification,
}

/// The held-out messages the widget shows: a few of each label the filter got right, and the
/// mistakes of either model, mixed so that no face starts with a mistake.
fn shown_messages(t: &Trained) -> Result<Vec<Verdict>> {
    let mut right: [Vec<Verdict>; 2] = [Vec::new(), Vec::new()];
    let mut wrong = Vec::new();
    for message in &t.parts.test {
        let filter = t.filter.classify(&message.text)?;
        let bayes = t.bayes.classify(&message.text)?;
        let correct = filter.label == message.label && bayes.label == message.label;
        let verdict = Verdict {
            truth: message.label.clone(),
            filter,
            bayes,
        };
        if !correct {
            if wrong.len() < SHOWN_MISTAKES {
                wrong.push(verdict);
            }
        } else {
            let side = usize::from(message.label == POSITIVE);
            if let Some(list) = right.get_mut(side)
                && list.len() < SHOWN_PER_LABEL
            {
                list.push(verdict);
            }
        }
    }
    // ham, spam, mistake, ham, spam, mistake, ...
    let [ham, spam] = right;
    let (mut ham, mut spam, mut wrong) = (ham.into_iter(), spam.into_iter(), wrong.into_iter());
    let mut shown = Vec::new();
    loop {
        let before = shown.len();
        shown.extend(ham.next());
        shown.extend(spam.next());
        shown.extend(wrong.next());
        if shown.len() == before {
            return Ok(shown);
        }
    }
}

/// One answer as a sentence with a bar: "The filter says spam: P(spam) = 97.3%".
fn answer_html(who: &str, answer: &Classification, class: &str) -> Result<String> {
    let p = answer.probability(POSITIVE)?;
    Ok(format!(
        "<p class=\"{class}\">{who} says <strong class=\"genai-verdict\">{}</strong>: \
         P(spam) {}\n<span class=\"genai-prob\" aria-hidden=\"true\"><span class=\"genai-prob-fill\" style=\"width: {:.1}%\"></span></span></p>",
        escape_html(&answer.label),
        stated(p),
        100.0 * p
    ))
}

fn verdict_html(v: &Verdict) -> Result<String> {
    let mut html = format!(
        "<p class=\"genai-message\">{}</p>\n",
        escape_html(&v.filter.text)
    );
    html.push_str(&answer_html(
        "The spam filter",
        &v.filter,
        "genai-filter-answer",
    )?);
    let truth = escape_html(&v.truth);
    let outcome = if v.filter.label == v.truth {
        format!(
            "<p class=\"genai-truth genai-right\">A person labelled it {truth}: the filter is right.</p>"
        )
    } else {
        format!(
            "<p class=\"genai-truth genai-wrong\">A person labelled it {truth}: the filter is <strong>wrong</strong>.</p>"
        )
    };
    html.push('\n');
    html.push_str(&outcome);
    html.push('\n');
    html.push_str(&answer_html(
        "Naive Bayes (the generative model)",
        &v.bayes,
        "genai-bayes-answer",
    )?);
    Ok(html)
}

/// The written messages of the "Creating" face: [`WRITE_SEEDS`] for each label.
fn created(t: &Trained) -> Result<Vec<Creation>> {
    let mut all = Vec::new();
    // Spam first: it is the label the chapter is about.
    let mut labels = t.writer.labels().to_vec();
    labels.sort_by_key(|l| l != POSITIVE);
    for label in &labels {
        for seed in WRITE_SEEDS {
            let written = t.writer.write(label, seed)?;
            let filter = t.filter.classify(&written.text)?;
            all.push(Creation { written, filter });
        }
    }
    Ok(all)
}

fn creation_html(c: &Creation) -> Result<String> {
    let w = &c.written;
    let check = &w.check;
    let mut html = format!(
        "<p class=\"genai-message\">{}</p>\n<p class=\"genai-written-meta\">Written for the label \
         <strong>{}</strong> from seed {}, one word at a time.</p>\n",
        escape_html(&w.text),
        escape_html(&w.label),
        w.seed
    );
    let verdict = if check.is_copy {
        "<strong>a copy</strong>: this exact message is in the training data.".to_string()
    } else if check.longest_copied_run == 0 {
        "<strong>new</strong>: not one of its words comes from a training message.".to_string()
    } else {
        format!(
            "<strong>new</strong>: it is not any training message. The longest stretch it shares \
             with one is {} of its {} pieces, “{}”, from the {} message “{}”.",
            check.longest_copied_run,
            check.pieces,
            escape_html(&check.longest_copied_text),
            escape_html(&check.nearest_label),
            escape_html(&check.nearest)
        )
    };
    html.push_str(&format!(
        "<p class=\"genai-copy-check\">Copy check: {verdict}</p>\n"
    ));
    html.push_str(&answer_html(
        "The spam filter",
        &c.filter,
        "genai-filter-answer",
    )?);
    Ok(html)
}

/// How the page's live controls train the same models in the reader's browser: this chapter's
/// seeds and settings, handed to the WebAssembly module (`crates/genai-wasm`).
pub fn live_recipe() -> MessagesRecipe {
    MessagesRecipe {
        split_seed: SPLIT_SEED,
        test_fraction: TEST_FRACTION,
        alpha: ALPHA,
        positive: POSITIVE.to_string(),
        filter: Settings::default(),
        writer_order: ORDER,
    }
}

/// What the live "Creating" control starts with: the labels, spam first, and the first seed.
#[derive(Debug, Clone, Serialize)]
pub struct WriteStart {
    /// The labels the writer knows, in the order the page shows them.
    pub labels: Vec<String>,
    /// The label chosen at first.
    pub label: String,
    /// The seed in the seed field at first.
    pub seed: u64,
}

fn flip() -> Result<Widget> {
    let t = trained()?;
    let shown = shown_messages(t)?;
    let items: Vec<String> = shown.iter().map(verdict_html).collect::<Result<_>>()?;
    let telling = format!(
        "<p>Messages the models never saw while learning. The spam filter gives each one a \
         label and a probability.</p>\n{}",
        examples(&items)
    );
    let creations = created(t)?;
    let mut choices = String::from(
        "<div class=\"genai-choices\" data-choices-label=\"Write a new message labelled\">\n",
    );
    let mut labels: Vec<&str> = creations.iter().map(|c| c.written.label.as_str()).collect();
    labels.dedup();
    for label in labels {
        let items: Vec<String> = creations
            .iter()
            .filter(|c| c.written.label == label)
            .map(creation_html)
            .collect::<Result<_>>()?;
        let l = escape_html(label);
        choices.push_str(&format!(
            "<section class=\"genai-choice\" data-label=\"{l}\">\n<h5 class=\"genai-choice-title\">New {l}</h5>\n{}\n</section>\n",
            examples(&items)
        ));
    }
    choices.push_str("</div>");
    let creating = format!(
        "<p>Brand-new messages from the writer: one model of each label, which picks every word \
         from what followed {} in that label's training messages.</p>\n{choices}",
        context_words(ORDER)
    );
    let data = FlipData {
        split_seed: SPLIT_SEED,
        test_fraction: TEST_FRACTION,
        settings: t.filter.settings().clone(),
        alpha: ALPHA,
        telling_apart: shown,
        writer_order: ORDER,
        creating: creations,
    };
    let mut labels = t.writer.labels().to_vec();
    labels.sort_by_key(|l| l != POSITIVE);
    let first_text = data
        .telling_apart
        .first()
        .map(|v| v.filter.text.clone())
        .unwrap_or_default();
    let write_start = WriteStart {
        label: POSITIVE.to_string(),
        labels,
        seed: *WRITE_SEEDS.start(),
    };
    Ok(Widget::tabs(
        "Two jobs on the same messages",
        &[
            Panel {
                label: "Telling apart".into(),
                html: telling,
            },
            Panel {
                label: "Creating".into(),
                html: creating,
            },
        ],
        data,
    )?
    .with_live(Live::new(
        "classify",
        Some("Telling apart"),
        live_recipe(),
        serde_json::json!({ "text": first_text }),
    )?)
    .with_live(Live::new(
        "write",
        Some("Creating"),
        live_recipe(),
        write_start,
    )?))
}

fn widget(name: &str) -> Option<Result<Widget>> {
    match name {
        "ch1.flip" => Some(flip()),
        _ => none(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_recipe_trains_the_pages_models() {
        let t = trained().unwrap();
        let live = live_recipe().train().unwrap();
        assert_eq!(live.filter, t.filter);
        assert_eq!(live.bayes, t.bayes);
        for label in t.writer.labels() {
            assert_eq!(
                live.writer.write(label, 3).unwrap(),
                t.writer.write(label, 3).unwrap()
            );
        }
        let w = flip().unwrap();
        let kinds: Vec<&str> = w.live.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["classify", "write"]);
    }

    #[test]
    fn percentages_read_well() {
        assert_eq!(percent(0.98), "98%");
        assert_eq!(percent(0.3933), "39.3%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(chance(0.99999), "over 99.9%");
        assert_eq!(chance(0.0001), "under 0.1%");
        assert_eq!(chance(0.5), "50%");
        assert_eq!(
            quoted_list(&["a".into(), "b".into(), "c".into()]),
            "“a”, “b” and “c”"
        );
        assert_eq!(quoted_list(&["a".into()]), "“a”");
    }

    #[test]
    fn every_name_resolves() {
        for name in PAGE.charts {
            let svg = chart(name).unwrap().unwrap();
            assert!(svg.svg().starts_with("<svg"), "{name}");
        }
        for name in PAGE.values {
            let text = value(name).unwrap().unwrap();
            assert!(!text.is_empty(), "{name}");
        }
        assert!(chart("ch1.nope").is_none());
        assert!(value("ch1.nope").is_none());
    }

    #[test]
    fn the_numbers_match_the_library() {
        let t = trained().unwrap();
        assert_eq!(value("ch1.messages").unwrap().unwrap(), "500");
        assert_eq!(value("ch1.test-messages").unwrap().unwrap(), "100");
        assert_eq!(
            value("ch1.filter-accuracy").unwrap().unwrap(),
            percent(t.filter_report.accuracy)
        );
        // The shortcut word is in many spams and in no ham: that is why the filter leans on it.
        let spam: usize = value("ch1.shortcut-spam")
            .unwrap()
            .unwrap()
            .parse()
            .unwrap();
        assert!(spam > 50, "{spam}");
        assert_eq!(value("ch1.shortcut-ham").unwrap().unwrap(), "0");
        assert!(2 * spam > 200, "the page says more than half of the spam");
        // The missed spam is spam, and the filter called it ham; naive Bayes catches it, as
        // the page says.
        let m = missed().unwrap();
        assert_eq!(m.label, "ham");
        assert_eq!(t.bayes.classify(&m.text).unwrap().label, POSITIVE);
        // The writer sorts less well than both sorters, as the page says.
        let writer = writer_report().unwrap().accuracy;
        assert!(writer < t.filter_report.accuracy && writer < t.bayes_report.accuracy);
        // "Most of the learning happens in the first few passes."
        let losses = t.filter.loss_curve();
        assert!(losses[3] < 0.25 * losses[0], "{losses:?}");
        // "Most two-word contexts were followed by one word only."
        assert!(single_continuation_share(t).unwrap() > 0.5);
        assert!(
            t.parts
                .test
                .iter()
                .any(|x| x.text == m.text && x.label == POSITIVE)
        );
    }

    #[test]
    fn the_written_messages_are_new_and_of_both_labels() {
        let t = trained().unwrap();
        let made = created(t).unwrap();
        assert_eq!(made.len(), 2 * WRITE_SEEDS.count());
        assert_eq!(made[0].written.label, POSITIVE);
        for c in &made {
            assert!(!c.written.check.is_copy, "{}", c.written);
            assert!(
                !t.parts.train.iter().any(|m| m.text == c.written.text),
                "{}",
                c.written.text
            );
        }
        // The numbers behind the page's sentences about copying.
        let writer = writer_copies().unwrap();
        let longer = longer_copies().unwrap();
        assert_eq!(writer.written, 2 * CHECK_SEEDS.count());
        assert!(longer.copies > writer.copies, "{longer:?} vs {writer:?}");
        assert!(longer.mean_run > writer.mean_run);
    }

    #[test]
    fn the_widget_shows_both_labels_and_a_mistake() {
        let t = trained().unwrap();
        let shown = shown_messages(t).unwrap();
        assert!(shown.iter().any(|v| v.truth == "ham"));
        assert!(shown.iter().any(|v| v.truth == POSITIVE));
        assert!(
            shown
                .iter()
                .any(|v| v.filter.label != v.truth || v.bayes.label != v.truth)
        );
        // No face starts with a mistake.
        assert_eq!(shown[0].filter.label, shown[0].truth);
        let w = flip().unwrap();
        assert!(w.fallback.contains("Telling apart"));
        assert!(w.fallback.contains("Creating"));
        assert!(w.fallback.contains("Copy check: <strong>new</strong>"));
        assert!(w.fallback.contains("wrong"));
        assert_eq!(
            w.data["telling_apart"].as_array().unwrap().len(),
            shown.len()
        );
    }
}
