//! Chapter 3, "How it actually generates": the counts behind one context, a real sampling
//! trace to step through, temperature, the copy meter and held-out perplexity. Everything comes
//! from n-gram models of the bakery prose, trained when the book is built.

use super::Page;
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget};
use anyhow::{Result, anyhow};
use genai_demos::Chart;
use genai_demos::data::corpus;
use genai_demos::generate::ngram::{self, NGram, Perplexity, Smoothing};
use genai_demos::generate::sampling::{self, Sampler, Trace};
use genai_demos::generate::stepper;
use genai_demos::measure::copying::{self, CopyMeter, CopyReport, SweepPoint};
use genai_wasm::recipe::TextRecipe;
use serde::Serialize;
use std::sync::OnceLock;

/// The chapter's model: a trigram, which predicts from the two pieces before.
pub const N: usize = 3;
/// The context whose counts the chapter opens up, and whose distribution meets temperature.
pub const CONTEXT: &str = "the oven";

/// One sampling run the stepper walks through.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepperRun {
    /// The prompt, as a reader would type it.
    pub prompt: &'static str,
    /// The sampling temperature.
    pub temperature: f64,
    /// Top-k, if the run uses it.
    pub top_k: Option<usize>,
    /// A word on the setting for the menu ("cold", "hot"), if any.
    pub mood: &'static str,
}

/// The runs the stepper offers: one prompt at a normal, a cold and a hot temperature, and
/// another prompt with top-k.
pub const STEPPER_RUNS: [StepperRun; 4] = [
    StepperRun {
        prompt: "the oven",
        temperature: 1.0,
        top_k: None,
        mood: "",
    },
    StepperRun {
        prompt: "the oven",
        temperature: 0.3,
        top_k: None,
        mood: "cold",
    },
    StepperRun {
        prompt: "the oven",
        temperature: 2.0,
        top_k: None,
        mood: "hot",
    },
    StepperRun {
        prompt: "nell",
        temperature: 1.0,
        top_k: Some(5),
        mood: "",
    },
];
/// The seed of every stepper run (one seed for all, so no run was picked for looking good).
pub const STEPPER_SEED: u64 = 1;
/// How many pieces each stepper run writes.
pub const STEPPER_STEPS: usize = 16;

/// The temperatures of the temperature chart and of the sample texts: cold, normal, hot.
pub const TEMPERATURES: [f64; 3] = [0.3, 1.0, 2.0];
/// The prompt of the sample texts at each temperature.
pub const SAMPLE_PROMPT: &str = "the baker";
/// How many pieces each sample text has.
pub const SAMPLE_LENGTH: usize = 40;
/// Two seeds per temperature: another seed, another text.
pub const SAMPLE_SEEDS: [u64; 2] = [1, 2];

/// The seed of the texts the copy meter measures.
pub const COPY_SEED: u64 = 7;
/// How many pieces each measured text has.
pub const COPY_LENGTH: usize = 1000;
/// The model orders the copy meter compares (all at temperature 1).
pub const COPY_NS: [usize; 5] = [1, 2, 3, 4, 5];
/// The temperatures the copy meter compares (all with the chapter's model, n = 3).
pub const COPY_TEMPERATURES: [f64; 6] = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0];
/// The orders whose sentences the chapter labels "in the training set" or "new".
pub const COPY_CHECK_NS: [usize; 4] = [2, 3, 4, 5];
/// How many sentences of each measured text the chapter shows.
pub const COPY_CHECK_SENTENCES: usize = 6;

/// The largest n of the perplexity chart.
pub const PERPLEXITY_MAX_N: usize = 5;
/// The smoothings of the perplexity chart: a little (0.01) and add-one (1).
pub const PERPLEXITY_KS: [f64; 2] = [0.01, 1.0];

pub(super) const PAGE: Page = Page {
    prefix: "ch3",
    charts: &[
        "ch3.counts",
        "ch3.temperature",
        "ch3.copy-by-n",
        "ch3.copy-by-temperature",
        "ch3.perplexity",
    ],
    values: &[
        "ch3.n",
        "ch3.context-size",
        "ch3.n-words",
        "ch3.training-pieces",
        "ch3.paragraphs",
        "ch3.vocab",
        "ch3.context",
        "ch3.context-total",
        "ch3.context-options",
        "ch3.context-top",
        "ch3.context-top-count",
        "ch3.context-top-percent",
        "ch3.context-second",
        "ch3.context-second-count",
        "ch3.stepper-steps",
        "ch3.stepper-seed",
        "ch3.stepper-top-k",
        "ch3.stepper-forced",
        "ch3.stepper-total",
        "ch3.cold",
        "ch3.hot",
        "ch3.cold-top-percent",
        "ch3.hot-top-percent",
        "ch3.copy-length",
        "ch3.copy-n2-5",
        "ch3.copy-n2-longest",
        "ch3.copy-n3-5",
        "ch3.copy-n3-8",
        "ch3.copy-n3-12",
        "ch3.copy-n3-longest",
        "ch3.copy-n3-sentences",
        "ch3.copy-n4-5",
        "ch3.copy-n4-longest",
        "ch3.copy-n5-5",
        "ch3.copy-n5-8",
        "ch3.copy-n5-12",
        "ch3.copy-n5-longest",
        "ch3.copy-n5-sentences",
        "ch3.copy-temp-min-5",
        "ch3.copy-temp-max-5",
        "ch3.ppl-k",
        "ch3.ppl-n1",
        "ch3.ppl-n2",
        "ch3.ppl-n3",
        "ch3.ppl-n5",
        "ch3.ppl-best-n",
        "ch3.ppl-train-n5",
        "ch3.held-out-paragraphs",
        "ch3.held-out-unknown",
        "ch3.forced-n2",
        "ch3.forced-n3",
        "ch3.forced-n5",
        "ch3.unseen-n3",
        "ch3.unseen-n5",
    ],
    widgets: &["ch3.stepper", "ch3.temperature-samples", "ch3.copy-check"],
    chart,
    value,
    widget,
};

/// The chapter's model, trained once per build.
pub fn model() -> Result<&'static NGram> {
    static MODEL: OnceLock<std::result::Result<NGram, genai_demos::Error>> = OnceLock::new();
    MODEL
        .get_or_init(|| NGram::bakery(N))
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

/// The sampler of one stepper run.
pub fn stepper_sampler(run: &StepperRun) -> Result<Sampler> {
    Ok(Sampler::new(run.temperature, run.top_k, None)?)
}

/// The copy meter's findings by n and by temperature (see [`COPY_NS`], [`COPY_TEMPERATURES`]),
/// and the measured texts by n.
struct Sweeps {
    by_n: Vec<SweepPoint>,
    texts_by_n: Vec<Trace>,
    by_temperature: Vec<SweepPoint>,
}

/// The texts the copy meter measures: each model of [`COPY_NS`] writing [`COPY_LENGTH`] pieces
/// from an empty prompt at temperature 1 with [`COPY_SEED`], exactly as
/// `copying::bakery_order_sweep` writes them (a test checks that).
pub fn copy_texts() -> Result<Vec<Trace>> {
    let sampler = Sampler::with_temperature(1.0)?;
    let mut texts = Vec::new();
    for n in COPY_NS {
        texts.push(NGram::bakery(n)?.generate("", COPY_LENGTH, &sampler, COPY_SEED)?);
    }
    Ok(texts)
}

fn sweeps() -> Result<&'static Sweeps> {
    static SWEEPS: OnceLock<std::result::Result<Sweeps, String>> = OnceLock::new();
    SWEEPS
        .get_or_init(|| {
            let measure = || -> Result<Sweeps> {
                let meter = CopyMeter::bakery()?;
                let texts_by_n = copy_texts()?;
                let by_n = texts_by_n
                    .iter()
                    .map(|text| SweepPoint {
                        n: text.n,
                        temperature: 1.0,
                        seed: COPY_SEED,
                        report: meter.measure(&text.pieces),
                    })
                    .collect();
                Ok(Sweeps {
                    by_n,
                    texts_by_n,
                    by_temperature: copying::bakery_temperature_sweep(
                        N,
                        &COPY_TEMPERATURES,
                        COPY_LENGTH,
                        COPY_SEED,
                    )?,
                })
            };
            measure().map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

/// The copy report of the order-`n` text.
fn report_for(n: usize) -> Result<&'static CopyReport> {
    sweeps()?
        .by_n
        .iter()
        .find(|p| p.n == n)
        .map(|p| &p.report)
        .ok_or_else(|| anyhow!("the copy sweep has no model with n = {n}"))
}

/// Held-out perplexities for n = 1..=PERPLEXITY_MAX_N and each k, and the training-text
/// perplexity of the largest model with the smallest k.
struct Fit {
    held_out: Vec<Perplexity>,
    training_largest: Perplexity,
    held_out_paragraphs: usize,
    /// For n = 1..=PERPLEXITY_MAX_N: how much of the held-out text each model met in training.
    coverage: Vec<ngram::Coverage>,
}

fn fit() -> Result<&'static Fit> {
    static FIT: OnceLock<std::result::Result<Fit, genai_demos::Error>> = OnceLock::new();
    FIT.get_or_init(|| {
        let split = corpus::bakery_split()?;
        let held_out = ngram::perplexities(
            &split.train,
            &split.held_out,
            PERPLEXITY_MAX_N,
            &PERPLEXITY_KS,
        )?;
        let mut coverage = Vec::new();
        let mut largest = None;
        for n in 1..=PERPLEXITY_MAX_N {
            let model = NGram::train(&split.train, n)?;
            coverage.push(model.coverage(&split.held_out)?);
            largest = Some(model);
        }
        let Some(largest) = largest else {
            return Err(genai_demos::Error::EmptyInput {
                what: "the list of model orders".into(),
            });
        };
        let training_largest =
            largest.perplexity(&split.train, Smoothing::add_k(PERPLEXITY_KS[0])?)?;
        Ok(Fit {
            held_out,
            training_largest,
            held_out_paragraphs: split.held_out.len(),
            coverage,
        })
    })
    .as_ref()
    .map_err(|e| anyhow!("{e}"))
}

fn held_out(n: usize) -> Result<&'static Perplexity> {
    fit()?
        .held_out
        .iter()
        .find(|p| p.n == n && p.k == PERPLEXITY_KS[0])
        .ok_or_else(|| anyhow!("no perplexity for n = {n}"))
}

fn chart(name: &str) -> Option<Result<Chart>> {
    let chart = || -> Result<Chart> {
        Ok(match name {
            "ch3.counts" => model()?.next_piece_chart(CONTEXT)?,
            "ch3.temperature" => sampling::temperature_chart(model()?, CONTEXT, &TEMPERATURES)?,
            "ch3.copy-by-n" => copying::order_sweep_chart(&sweeps()?.by_n)?,
            "ch3.copy-by-temperature" => {
                copying::temperature_sweep_chart(&sweeps()?.by_temperature)?
            }
            _ => ngram::perplexity_chart(PERPLEXITY_MAX_N, &PERPLEXITY_KS)?,
        })
    };
    PAGE.charts.contains(&name).then(chart)
}

/// A whole number with thousands separated: 26,440.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share as a whole percent ("42%"), or with one decimal below 10% ("1.7%").
fn percent(share: Option<f64>) -> String {
    match share {
        Some(s) => sampling::percent(s),
        None => "no".to_string(),
    }
}

/// A piece named in a sentence: punctuation by its name, words in quotation marks.
pub fn piece_in_words(piece: &str) -> String {
    match piece {
        "." => "a full stop".to_string(),
        "," => "a comma".to_string(),
        "!" => "an exclamation mark".to_string(),
        "?" => "a question mark".to_string(),
        ";" => "a semicolon".to_string(),
        ":" => "a colon".to_string(),
        "\"" => "a quotation mark".to_string(),
        ngram::END => "the end of the paragraph".to_string(),
        word => format!("\u{201c}{word}\u{201d}"),
    }
}

/// A small whole number as a word ("two"), as prose writes it; larger ones as digits.
fn in_words(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// A temperature as the page writes it.
fn number(x: f64) -> String {
    format!("{x}")
}

fn value(name: &str) -> Option<Result<String>> {
    if !PAGE.values.contains(&name) {
        return None;
    }
    Some(value_of(name))
}

fn value_of(name: &str) -> Result<String> {
    let key = name.trim_start_matches("ch3.");
    if let Some(rest) = key.strip_prefix("copy-n") {
        return copy_value(rest);
    }
    if let Some(n) = key.strip_prefix("forced-n") {
        // The share of steps where the order-n model had one piece to choose from.
        let n: usize = n.parse()?;
        let text = sweeps()?
            .texts_by_n
            .iter()
            .find(|t| t.n == n)
            .ok_or_else(|| anyhow!("no measured text with n = {n}"))?;
        let forced = text.steps.iter().filter(|s| s.options == 1).count();
        return Ok(sampling::percent(
            forced as f64 / text.steps.len().max(1) as f64,
        ));
    }
    let distribution = || -> Result<ngram::Distribution> {
        let model = model()?;
        Ok(model.next_piece(&model.tokenize(CONTEXT)))
    };
    let top = |rank: usize| -> Result<ngram::PieceCount> {
        distribution()?
            .pieces
            .get(rank)
            .cloned()
            .ok_or_else(|| anyhow!("{CONTEXT} has fewer than {} continuations", rank + 1))
    };
    // The favourite's share after "the oven" at temperature t.
    let top_at = |t: f64| -> Result<String> {
        let logits: Vec<f64> = distribution()?
            .pieces
            .iter()
            .map(|p| p.probability.ln())
            .collect();
        let probabilities = sampling::softmax(&logits, t)?;
        Ok(sampling::percent(
            probabilities.first().copied().unwrap_or(0.0),
        ))
    };
    Ok(match key {
        "n" => N.to_string(),
        "context-size" => in_words(N - 1),
        "n-words" => in_words(N),
        "training-pieces" => thousands(model()?.training_pieces()),
        "paragraphs" => model()?.documents().to_string(),
        "vocab" => thousands(model()?.vocab().len()),
        "context" => CONTEXT.to_string(),
        "context-total" => distribution()?.total.to_string(),
        "context-options" => distribution()?.pieces.len().to_string(),
        "context-top" => piece_in_words(&top(0)?.piece),
        "context-top-count" => top(0)?.count.to_string(),
        "context-top-percent" => sampling::percent(top(0)?.probability),
        "context-second" => piece_in_words(&top(1)?.piece),
        "context-second-count" => top(1)?.count.to_string(),
        "stepper-steps" => STEPPER_STEPS.to_string(),
        "stepper-seed" => STEPPER_SEED.to_string(),
        "stepper-top-k" => STEPPER_RUNS
            .iter()
            .find_map(|run| run.top_k)
            .map(|k| k.to_string())
            .ok_or_else(|| anyhow!("no stepper run uses top-k"))?,
        "stepper-forced" => {
            let forced: usize = stepper_traces()?
                .iter()
                .map(|t| t.steps.iter().filter(|s| s.options == 1).count())
                .sum();
            forced.to_string()
        }
        "stepper-total" => (STEPPER_RUNS.len() * STEPPER_STEPS).to_string(),
        "cold" => number(TEMPERATURES[0]),
        "hot" => number(TEMPERATURES[2]),
        "cold-top-percent" => top_at(TEMPERATURES[0])?,
        "hot-top-percent" => top_at(TEMPERATURES[2])?,
        "copy-length" => thousands(COPY_LENGTH),
        "copy-temp-min-5" | "copy-temp-max-5" => {
            let shares: Vec<f64> = sweeps()?
                .by_temperature
                .iter()
                .filter_map(|p| p.report.share(5))
                .collect();
            let pick = if key.contains("min") {
                shares.iter().copied().reduce(f64::min)
            } else {
                shares.iter().copied().reduce(f64::max)
            };
            percent(pick)
        }
        "ppl-k" => number(PERPLEXITY_KS[0]),
        "ppl-n1" => format!("{:.0}", held_out(1)?.perplexity),
        "ppl-n2" => format!("{:.0}", held_out(2)?.perplexity),
        "ppl-n3" => format!("{:.0}", held_out(3)?.perplexity),
        "ppl-n5" => format!("{:.0}", held_out(PERPLEXITY_MAX_N)?.perplexity),
        "ppl-best-n" => {
            let best = fit()?
                .held_out
                .iter()
                .filter(|p| p.k == PERPLEXITY_KS[0])
                .min_by(|a, b| a.perplexity.total_cmp(&b.perplexity))
                .ok_or_else(|| anyhow!("no perplexities"))?;
            best.n.to_string()
        }
        "ppl-train-n5" => format!("{:.0}", fit()?.training_largest.perplexity),
        "held-out-paragraphs" => fit()?.held_out_paragraphs.to_string(),
        "unseen-n3" | "unseen-n5" => {
            let n = if key.ends_with('3') { 3 } else { 5 };
            let coverage = fit()?
                .coverage
                .iter()
                .find(|c| c.n == n)
                .ok_or_else(|| anyhow!("no coverage for n = {n}"))?;
            sampling::percent(coverage.unseen_share())
        }
        "held-out-unknown" => {
            let p = held_out(1)?;
            sampling::percent(p.unknown as f64 / p.scored as f64)
        }
        _ => return Err(anyhow!("ch3 lists `{name}` but has no value for it")),
    })
}

/// `copy-n{n}-{what}`: a share of runs of a length, the longest copied run, or the sentences
/// found whole in training ("12 of 66").
fn copy_value(rest: &str) -> Result<String> {
    let (n, what) = rest
        .split_once('-')
        .ok_or_else(|| anyhow!("copy value `{rest}` has no part after n"))?;
    let n: usize = n.parse()?;
    let report = report_for(n)?;
    Ok(match what {
        "longest" => report.longest_run.to_string(),
        "sentences" => format!(
            "{} of {}",
            report.sentences_in_training,
            report.sentences.len()
        ),
        length => percent(report.share(length.parse()?)),
    })
}

/// The stepper's traces, one per [`STEPPER_RUNS`] entry, as the library writes them.
pub fn stepper_traces() -> Result<&'static [Trace]> {
    static TRACES: OnceLock<std::result::Result<Vec<Trace>, String>> = OnceLock::new();
    TRACES
        .get_or_init(|| {
            let write = || -> Result<Vec<Trace>> {
                let model = model()?;
                let mut traces = Vec::new();
                for run in &STEPPER_RUNS {
                    let sampler = stepper_sampler(run)?;
                    traces.push(model.generate(
                        run.prompt,
                        STEPPER_STEPS,
                        &sampler,
                        STEPPER_SEED,
                    )?);
                }
                Ok(traces)
            };
            write().map_err(|e| e.to_string())
        })
        .as_deref()
        .map_err(|e| anyhow!("{e}"))
}

/// The stepper's data types, shared with the page's live stepper (`crates/genai-wasm`), which
/// lays out a reader's own trace with the same code.
pub use genai_demos::generate::stepper::{
    StepperCandidate, StepperData, StepperStep, StepperTrace,
};

/// The menu label of a run: "“The oven …” at temperature 0.3 (cold)".
fn run_label(run: &StepperRun, model: &NGram) -> String {
    stepper::label(model, run.prompt, run.temperature, run.mood, run.top_k)
}

/// The stepper's data from the library's traces.
pub fn stepper_data() -> Result<StepperData> {
    let model = model()?;
    let mut traces = Vec::new();
    for (run, trace) in STEPPER_RUNS.iter().zip(stepper_traces()?) {
        traces.push(stepper::lay_out(
            model,
            trace.clone(),
            run_label(run, model),
        )?);
    }
    Ok(StepperData { traces })
}

/// How the page's live control writes a reader's own trace: the chapter's model and the
/// stepper's length, handed to the WebAssembly module.
pub fn live_recipe() -> TextRecipe {
    TextRecipe {
        n: N,
        length: STEPPER_STEPS,
        stop_at_end: false,
    }
}

/// The stepper: Back, Next and Reset through real traces; without JavaScript, a table each.
fn stepper() -> Result<Widget> {
    let data = stepper_data()?;
    let mut html = String::from("<div class=\"genai-fallback\">\n");
    for trace in &data.traces {
        html.push_str(&format!(
            "<table class=\"genai-trace\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Text so far</th><th scope=\"col\">Most likely next pieces</th><th scope=\"col\">Chosen</th><th scope=\"col\">What happened</th></tr></thead>\n<tbody>\n",
            escape_html(&trace.label)
        ));
        for (i, step) in trace.steps.iter().enumerate() {
            let top: Vec<String> = step
                .candidates
                .iter()
                .take(4)
                .map(|c| format!("{} {}", c.piece, sampling::percent(c.probability)))
                .collect();
            html.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td><strong>{}</strong></td><td>{}</td></tr>\n",
                i + 1,
                escape_html(&step.text_before.replace("\n\n", " \u{b6} ")),
                escape_html(&top.join(", ")),
                escape_html(&step.chosen),
                escape_html(&step.note)
            ));
        }
        html.push_str("</tbody>\n</table>\n");
    }
    html.push_str("</div>");
    let first = &STEPPER_RUNS[0];
    Ok(Widget {
        kind: "stepper",
        label: "Step through a real sampling trace".to_string(),
        data: serde_json::to_value(&data)?,
        fallback: html,
        live: Vec::new(),
    }
    .with_live(Live::new(
        "generate",
        None,
        live_recipe(),
        serde_json::json!({
            "prompt": first.prompt,
            "seed": STEPPER_SEED,
            "temperature": first.temperature,
        }),
    )?))
}

/// A sample text at one temperature and seed, for the temperature tabs.
#[derive(Debug, Clone, Serialize)]
struct Sample {
    temperature: f64,
    seed: u64,
    text: String,
}

/// The same prompt written cold, normal and hot, two seeds each.
fn temperature_samples() -> Result<Widget> {
    let model = model()?;
    let mut panels = Vec::new();
    let mut samples = Vec::new();
    let moods = ["cold", "normal", "hot"];
    for (t, mood) in TEMPERATURES.iter().zip(moods) {
        let sampler = Sampler::with_temperature(*t)?;
        let mut html = String::new();
        for seed in SAMPLE_SEEDS {
            let trace = model.generate(SAMPLE_PROMPT, SAMPLE_LENGTH, &sampler, seed)?;
            let text = trace.text.replace("\n\n", " \u{b6} ");
            html.push_str(&format!(
                "<p><strong>Seed {seed}:</strong> {}\u{2026}</p>\n",
                escape_html(&text)
            ));
            samples.push(Sample {
                temperature: *t,
                seed,
                text: trace.text,
            });
        }
        panels.push(Panel {
            label: format!("Temperature {t} ({mood})"),
            html,
        });
    }
    Widget::tabs("Samples at three temperatures", &panels, &samples)
}

/// One generated text per n, its first sentences labelled "in the training set" or "new".
fn copy_check() -> Result<Widget> {
    let mut panels = Vec::new();
    let mut reports = Vec::new();
    for n in COPY_CHECK_NS {
        let report = report_for(n)?;
        let mut html = format!(
            "<p>Runs of 5 pieces found word for word in the training text: <strong>{}</strong>; of 8: <strong>{}</strong>; of 12: <strong>{}</strong>. Whole sentences found: {} of {}. Longest copied run: <strong>{} pieces</strong>.</p>\n<ul class=\"genai-sentences\">\n",
            percent(report.share(5)),
            percent(report.share(8)),
            percent(report.share(12)),
            report.sentences_in_training,
            report.sentences.len(),
            report.longest_run
        );
        for sentence in report.sentences.iter().take(COPY_CHECK_SENTENCES) {
            let (class, verdict) = if sentence.in_training {
                ("genai-copied", "in the training set")
            } else {
                ("genai-new", "new")
            };
            html.push_str(&format!(
                "<li class=\"{class}\"><span class=\"genai-verdict\">{verdict}:</span> {}</li>\n",
                escape_html(&sentence.text)
            ));
        }
        html.push_str("</ul>\n");
        panels.push(Panel {
            label: format!("n = {n}"),
            html,
        });
        reports.push(report);
    }
    Widget::tabs(
        "Generated sentences, labelled in the training set or new",
        &panels,
        &reports,
    )
}

fn widget(name: &str) -> Option<Result<Widget>> {
    match name {
        "ch3.stepper" => Some(stepper()),
        "ch3.temperature-samples" => Some(temperature_samples()),
        "ch3.copy-check" => Some(copy_check()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers_in_words() {
        assert_eq!(in_words(2), "two");
        assert_eq!(in_words(10), "ten");
        assert_eq!(in_words(11), "11");
    }

    #[test]
    fn thousands_by_hand() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(26440), "26,440");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn the_live_recipe_writes_the_pages_first_trace() {
        let first = &STEPPER_RUNS[0];
        let live = genai_wasm::live::generate_text(
            &live_recipe(),
            first.prompt,
            STEPPER_SEED,
            first.temperature,
        )
        .unwrap();
        let page = &stepper_data().unwrap().traces[0];
        assert_eq!(live.steps, page.steps);
        assert_eq!(live.trace, page.trace);
        let kinds: Vec<&str> = stepper().unwrap().live.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["generate"]);
    }

    #[test]
    fn the_stepper_keeps_its_contract() {
        let data = stepper_data().unwrap();
        assert_eq!(data.traces.len(), STEPPER_RUNS.len());
        for (entry, run) in data.traces.iter().zip(&STEPPER_RUNS) {
            assert_eq!(entry.steps.len(), STEPPER_STEPS);
            // The embedded trace is exactly what a fresh library call writes.
            let fresh = NGram::bakery(N)
                .unwrap()
                .generate(
                    run.prompt,
                    STEPPER_STEPS,
                    &stepper_sampler(run).unwrap(),
                    STEPPER_SEED,
                )
                .unwrap();
            assert_eq!(entry.trace, fresh);
            for (step, raw) in entry.steps.iter().zip(&entry.trace.steps) {
                let total: f64 = step.candidates.iter().map(|c| c.probability).sum();
                assert!((total - 1.0).abs() < 1e-9, "bars sum to {total}");
                let chosen = step.candidates.iter().filter(|c| c.piece == step.chosen);
                assert_eq!(chosen.count(), 1, "{}", step.chosen);
                assert!(step.note.ends_with('.'));
                assert!(!step.shown.trim().is_empty());
                assert_eq!(step.chosen == "(end)", raw.chosen == ngram::END);
            }
            // The text before the next step is this step's text and its piece.
            for pair in entry.steps.windows(2) {
                if pair[0].chosen != "(end)" {
                    assert_eq!(
                        format!("{}{}", pair[0].text_before, pair[0].shown),
                        pair[1].text_before
                    );
                }
            }
        }
        assert!(data.traces[1].label.contains("cold"));
        assert!(data.traces[3].label.contains("top-k 5"));
    }

    #[test]
    fn the_stepper_fallback_is_a_table_per_trace() {
        let widget = stepper().unwrap();
        assert_eq!(widget.kind, "stepper");
        assert_eq!(
            widget.fallback.matches("<table").count(),
            STEPPER_RUNS.len()
        );
        assert_eq!(
            widget.fallback.matches("<tr><td>").count(),
            STEPPER_RUNS.len() * STEPPER_STEPS
        );
        assert!(
            widget
                .fallback
                .starts_with("<div class=\"genai-fallback\">")
        );
        // The page stays light: the stepper's HTML and JSON together are well under 1 MB.
        assert!(widget.to_html("ch3.stepper").len() < 300_000);
    }

    #[test]
    fn values_read_as_numbers_from_the_library() {
        let model = NGram::bakery(N).unwrap();
        let d = model.next_piece(&model.tokenize(CONTEXT));
        assert_eq!(
            value("ch3.context-total").unwrap().unwrap(),
            d.total.to_string()
        );
        assert_eq!(
            value("ch3.context-top-count").unwrap().unwrap(),
            d.pieces[0].count.to_string()
        );
        let report = &copying::bakery_order_sweep(&[3], 1.0, COPY_LENGTH, COPY_SEED).unwrap()[0];
        assert_eq!(
            value("ch3.copy-n3-longest").unwrap().unwrap(),
            report.report.longest_run.to_string()
        );
        assert!(value("ch3.copy-n5-5").unwrap().unwrap().ends_with('%'));
        assert!(
            value("ch3.copy-n3-sentences")
                .unwrap()
                .unwrap()
                .contains(" of ")
        );
        // The best held-out model is the bigram (the author's finding, checked here).
        assert_eq!(value("ch3.ppl-best-n").unwrap().unwrap(), "2");
        assert!(value("ch3.nope").is_none());
    }

    #[test]
    fn longer_contexts_copy_more_and_fit_new_text_worse() {
        let share = |n: usize| report_for(n).unwrap().share(5).unwrap_or(0.0);
        assert!(share(2) < share(3) && share(3) < share(4) && share(4) <= share(5));
        let ppl = |n: usize| held_out(n).unwrap().perplexity;
        assert!(ppl(2) < ppl(1) && ppl(3) > ppl(2) && ppl(5) > ppl(3));
        assert!(fit().unwrap().training_largest.perplexity < ppl(2) / 5.0);
    }

    #[test]
    fn the_copy_texts_are_the_library_sweep() {
        let ours = &sweeps().unwrap().by_n;
        let library = copying::bakery_order_sweep(&COPY_NS, 1.0, COPY_LENGTH, COPY_SEED).unwrap();
        assert_eq!(ours, &library);
        let forced = |n: &str| {
            let v = value(&format!("ch3.forced-n{n}")).unwrap().unwrap();
            v.trim_end_matches('%').parse::<f64>().unwrap()
        };
        assert!(forced("2") < forced("3") && forced("3") < forced("5"));
    }

    #[test]
    fn pieces_read_in_words() {
        assert_eq!(piece_in_words("."), "a full stop");
        assert_eq!(piece_in_words("oven"), "\u{201c}oven\u{201d}");
        assert_eq!(piece_in_words(ngram::END), "the end of the paragraph");
    }
}
