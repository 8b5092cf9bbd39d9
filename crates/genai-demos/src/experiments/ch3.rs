//! Chapter 3's experiments, "How it actually generates": the counts behind one context, real
//! sampling traces to step through, temperature, the copy meter and held-out perplexity, all
//! from n-gram models of the bakery prose.
//!
//! ```
//! use genai_demos::experiments::ch3;
//!
//! let texts = ch3::TextRecipe { length: 5, ..Default::default() };
//! let trace = texts.write(ch3::CONTEXT, ch3::STEPPER_SEED, 1.0)?;
//! assert_eq!(trace.steps.len(), 5);
//! # Ok::<(), genai_demos::Error>(())
//! ```

use super::Figures;
use crate::data::corpus;
use crate::generate::ngram::{self, Coverage, Distribution, NGram, Perplexity, Smoothing};
use crate::generate::sampling::{self, Sampler, Trace};
use crate::generate::stepper::{self, StepperData, StepperTrace};
use crate::measure::copying::{self, CopyMeter, CopyReport, SweepPoint};
use crate::show::wording::{in_words, rough_percent, thousands};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

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

impl StepperRun {
    /// The sampler of the run.
    pub fn sampler(&self) -> Result<Sampler> {
        Sampler::new(self.temperature, self.top_k, None)
    }
}

const fn stepper_run(
    prompt: &'static str,
    temperature: f64,
    top_k: Option<usize>,
    mood: &'static str,
) -> StepperRun {
    StepperRun {
        prompt,
        temperature,
        top_k,
        mood,
    }
}

/// The runs the stepper offers: one prompt at a normal, a cold and a hot temperature, and
/// another prompt with top-k.
pub const STEPPER_RUNS: [StepperRun; 4] = [
    stepper_run("the oven", 1.0, None, ""),
    stepper_run("the oven", 0.3, None, "cold"),
    stepper_run("the oven", 2.0, None, "hot"),
    stepper_run("nell", 1.0, Some(5), ""),
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
/// The temperature of the texts the copy meter compares by order: 1, the learned odds.
pub const COPY_TEMPERATURE: f64 = 1.0;
/// The model orders the copy meter compares (all at [`COPY_TEMPERATURE`]).
pub const COPY_NS: [usize; 5] = [1, 2, 3, 4, 5];
/// The temperatures the copy meter compares (all with the chapter's model, n = 3).
pub const COPY_TEMPERATURES: [f64; 6] = [0.25, 0.5, 0.75, 1.0, 1.5, 2.0];
/// The orders whose sentences the chapter labels "in the training set" or "new".
pub const COPY_CHECK_NS: [usize; 4] = [2, 3, 4, 5];
/// How many sentences of each measured text the chapter shows.
pub const COPY_CHECK_SENTENCES: usize = 6;

/// The largest n of the perplexity chart.
pub const PERPLEXITY_MAX_N: usize = 5;
/// The smoothings of the perplexity chart: a little (0.01) and add-one (1). Chapter 2 draws
/// the same chart with the same list.
pub const PERPLEXITY_KS: [f64; 2] = [0.01, 1.0];

/// How a text model is trained and how long it writes: what the live stepper carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextRecipe {
    /// The model's n: each piece is drawn from the counts after the `n - 1` before it.
    pub n: usize,
    /// How many pieces to write (the most, when `stop_at_end` is set).
    pub length: usize,
    /// Stop when the model ends its document, as a paragraph does.
    pub stop_at_end: bool,
}

impl Default for TextRecipe {
    fn default() -> TextRecipe {
        TextRecipe {
            n: N,
            length: STEPPER_STEPS,
            stop_at_end: false,
        }
    }
}

impl TextRecipe {
    /// Trains the n-gram model on the bakery stories.
    pub fn train(&self) -> Result<NGram> {
        NGram::bakery(self.n)
    }

    /// Writes from `prompt` with `model` (trained by [`TextRecipe::train`]).
    pub fn write_with(&self, model: &NGram, prompt: &str, seed: u64, t: f64) -> Result<Trace> {
        let sampler = Sampler::with_temperature(t)?;
        if self.stop_at_end {
            model.generate_document(prompt, self.length, &sampler, seed)
        } else {
            model.generate(prompt, self.length, &sampler, seed)
        }
    }

    /// Trains the model and writes from `prompt` at temperature `t`.
    pub fn write(&self, prompt: &str, seed: u64, t: f64) -> Result<Trace> {
        self.write_with(&self.train()?, prompt, seed, t)
    }
}

/// Held-out perplexities, and how much of the held-out text each model met in training.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// Held-out perplexities for n = 1..=[`PERPLEXITY_MAX_N`] and each k.
    pub held_out: Vec<Perplexity>,
    /// The largest model's perplexity on its own training text, with the smallest k.
    pub training_largest: Perplexity,
    /// How many paragraphs were held out.
    pub held_out_paragraphs: usize,
    /// For n = 1..=[`PERPLEXITY_MAX_N`]: how much of the held-out text each model met.
    pub coverage: Vec<Coverage>,
}

/// Everything the chapter trains and measures, done once.
#[derive(Debug, Clone)]
pub struct Run {
    /// The chapter's model.
    pub model: NGram,
    /// The stepper's traces, one per [`STEPPER_RUNS`] entry.
    pub stepper: Vec<Trace>,
    /// The texts the copy meter measured, one per n of [`COPY_NS`].
    pub texts_by_n: Vec<Trace>,
    /// The copy meter's findings by n.
    pub by_n: Vec<SweepPoint>,
    /// The copy meter's findings by temperature.
    pub by_temperature: Vec<SweepPoint>,
    /// The perplexity fit.
    pub fit: Fit,
}

/// The texts the copy meter measures: each model of [`COPY_NS`] writing [`COPY_LENGTH`] pieces
/// from an empty prompt at [`COPY_TEMPERATURE`] with [`COPY_SEED`], as
/// `copying::bakery_order_sweep` writes them.
pub fn copy_texts() -> Result<Vec<Trace>> {
    let sampler = Sampler::with_temperature(COPY_TEMPERATURE)?;
    let write = |n| NGram::bakery(n)?.generate("", COPY_LENGTH, &sampler, COPY_SEED);
    COPY_NS.into_iter().map(write).collect()
}

/// Held-out perplexity and coverage of every n on the bakery split.
pub fn fit() -> Result<Fit> {
    let split = corpus::bakery_split()?;
    let ks = &PERPLEXITY_KS;
    let held_out = ngram::perplexities(&split.train, &split.held_out, PERPLEXITY_MAX_N, ks)?;
    let mut coverage = Vec::new();
    let mut largest = None;
    for n in 1..=PERPLEXITY_MAX_N {
        let model = NGram::train(&split.train, n)?;
        coverage.push(model.coverage(&split.held_out)?);
        largest = Some(model);
    }
    let largest = largest.ok_or_else(|| missing("the list of model orders".into()))?;
    let smoothing = Smoothing::add_k(PERPLEXITY_KS[0])?;
    Ok(Fit {
        held_out,
        training_largest: largest.perplexity(&split.train, smoothing)?,
        held_out_paragraphs: split.held_out.len(),
        coverage,
    })
}

fn missing(what: String) -> Error {
    Error::EmptyInput { what }
}

/// Trains the chapter's models and takes its measurements.
pub fn run() -> Result<Run> {
    let model = NGram::bakery(N)?;
    let mut stepper = Vec::new();
    for run in &STEPPER_RUNS {
        let sampler = run.sampler()?;
        stepper.push(model.generate(run.prompt, STEPPER_STEPS, &sampler, STEPPER_SEED)?);
    }
    let meter = CopyMeter::bakery()?;
    let texts_by_n = copy_texts()?;
    let by_n = texts_by_n
        .iter()
        .map(|text| SweepPoint {
            n: text.n,
            temperature: COPY_TEMPERATURE,
            seed: COPY_SEED,
            report: meter.measure(&text.pieces),
        })
        .collect();
    let temps = &COPY_TEMPERATURES;
    Ok(Run {
        by_temperature: copying::bakery_temperature_sweep(N, temps, COPY_LENGTH, COPY_SEED)?,
        model,
        stepper,
        texts_by_n,
        by_n,
        fit: fit()?,
    })
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

/// A share for prose, or "no" when nothing was measured.
fn share(share: Option<f64>) -> String {
    share.map_or_else(|| "no".to_string(), rough_percent)
}

/// A text written at one of the chapter's [`TEMPERATURES`] from one of its [`SAMPLE_SEEDS`].
#[derive(Debug, Clone, Serialize)]
pub struct Sample {
    /// The temperature it was written at.
    pub temperature: f64,
    /// The seed of the draws.
    pub seed: u64,
    /// The text, prompt first.
    pub text: String,
}

impl Run {
    /// The same prompt ([`SAMPLE_PROMPT`]) written at each temperature from each seed, in that
    /// order: what "colder" and "hotter" do to the same model.
    pub fn temperature_samples(&self) -> Result<Vec<Sample>> {
        let mut samples = Vec::new();
        for temperature in TEMPERATURES {
            let sampler = Sampler::with_temperature(temperature)?;
            for seed in SAMPLE_SEEDS {
                let trace = self
                    .model
                    .generate(SAMPLE_PROMPT, SAMPLE_LENGTH, &sampler, seed)?;
                let text = trace.text;
                samples.push(Sample {
                    temperature,
                    seed,
                    text,
                });
            }
        }
        Ok(samples)
    }

    /// The copy report of the order-`n` text.
    pub fn report_for(&self, n: usize) -> Result<&CopyReport> {
        let found = self.by_n.iter().find(|p| p.n == n).map(|p| &p.report);
        found.ok_or_else(|| missing(format!("the copy sweep's model with n = {n}")))
    }

    /// The held-out perplexity of order `n` with the smallest smoothing.
    pub fn held_out(&self, n: usize) -> Result<&Perplexity> {
        let k = PERPLEXITY_KS[0];
        let found = self.fit.held_out.iter().find(|p| p.n == n && p.k == k);
        found.ok_or_else(|| missing(format!("the perplexity for n = {n}")))
    }

    /// The stepper's data: each trace laid out one step at a time, with its menu label.
    pub fn stepper_data(&self) -> Result<StepperData> {
        let mut traces = Vec::new();
        for (run, trace) in STEPPER_RUNS.iter().zip(&self.stepper) {
            let m = &self.model;
            let label = stepper::label(m, run.prompt, run.temperature, run.mood, run.top_k);
            traces.push(stepper::lay_out(m, trace.clone(), label)?);
        }
        Ok(StepperData { traces })
    }

    /// The figures the chapter prints, worded by [`crate::show::wording`].
    pub fn figures(&self) -> Result<Figures> {
        let mut f = Figures::default();
        let model = &self.model;
        let d: Distribution = model.next_piece(&model.tokenize(CONTEXT));
        let top = |rank: usize| {
            let found = d.pieces.get(rank).cloned();
            found.ok_or_else(|| missing(format!("continuation {} of {CONTEXT}", rank + 1)))
        };
        // The favourite's share after the context at temperature t.
        let top_at = |t: f64| -> Result<String> {
            let logits: Vec<f64> = d
                .pieces
                .iter()
                .map(|p| crate::math::ln(p.probability))
                .collect();
            let probabilities = sampling::softmax(&logits, t)?;
            Ok(rough_percent(probabilities.first().copied().unwrap_or(0.0)))
        };
        f.put("n", N);
        f.put("context-size", in_words(N - 1));
        f.put("n-words", in_words(N));
        f.put("training-pieces", thousands(model.training_pieces()));
        f.put("paragraphs", model.documents());
        f.put("vocab", thousands(model.vocab().len()));
        f.put("context", CONTEXT);
        f.put("context-total", d.total);
        f.put("context-options", d.pieces.len());
        f.put("context-top", piece_in_words(&top(0)?.piece));
        f.put("context-top-count", top(0)?.count);
        f.put("context-top-percent", rough_percent(top(0)?.probability));
        f.put("context-second", piece_in_words(&top(1)?.piece));
        f.put("context-second-count", top(1)?.count);
        f.put("stepper-steps", STEPPER_STEPS);
        f.put("stepper-seed", STEPPER_SEED);
        let k = STEPPER_RUNS.iter().find_map(|run| run.top_k);
        f.put("stepper-top-k", k.unwrap_or(0));
        let forced = |t: &Trace| t.steps.iter().filter(|s| s.options == 1).count();
        f.put(
            "stepper-forced",
            self.stepper.iter().map(forced).sum::<usize>(),
        );
        f.put("stepper-total", STEPPER_RUNS.len() * STEPPER_STEPS);
        f.put("cold", TEMPERATURES[0]);
        f.put("hot", TEMPERATURES[2]);
        f.put("cold-top-percent", top_at(TEMPERATURES[0])?);
        f.put("hot-top-percent", top_at(TEMPERATURES[2])?);
        f.put("copy-length", thousands(COPY_LENGTH));
        for n in COPY_CHECK_NS {
            let report = self.report_for(n)?;
            f.put(format!("copy-n{n}-longest"), report.longest_run);
            let whole = report.sentences_in_training;
            let of = format!("{whole} of {}", report.sentences.len());
            f.put(format!("copy-n{n}-sentences"), of);
            for length in [5, 8, 12] {
                f.put(format!("copy-n{n}-{length}"), share(report.share(length)));
            }
        }
        let shares = self.by_temperature.iter().filter_map(|p| p.report.share(5));
        let shares: Vec<f64> = shares.collect();
        f.put(
            "copy-temp-min-5",
            share(shares.iter().copied().reduce(f64::min)),
        );
        f.put(
            "copy-temp-max-5",
            share(shares.iter().copied().reduce(f64::max)),
        );
        f.put("ppl-k", PERPLEXITY_KS[0]);
        for n in [1, 2, 3, PERPLEXITY_MAX_N] {
            let p = self.held_out(n)?.perplexity;
            f.put(format!("ppl-n{n}"), format!("{p:.0}"));
        }
        let k = PERPLEXITY_KS[0];
        let held = self.fit.held_out.iter().filter(|p| p.k == k);
        let best = held.min_by(|a, b| a.perplexity.total_cmp(&b.perplexity));
        f.put("ppl-best-n", best.map(|p| p.n).unwrap_or(0));
        let train = self.fit.training_largest.perplexity;
        f.put("ppl-train-n5", format!("{train:.0}"));
        f.put("held-out-paragraphs", self.fit.held_out_paragraphs);
        for c in self.fit.coverage.iter().filter(|c| c.n == 3 || c.n == 5) {
            f.put(format!("unseen-n{}", c.n), rough_percent(c.unseen_share()));
        }
        let p = self.held_out(1)?;
        f.put(
            "held-out-unknown",
            rough_percent(p.unknown as f64 / p.scored as f64),
        );
        for text in &self.texts_by_n {
            // The share of steps where the order-n model had one piece to choose from.
            let steps = text.steps.len().max(1) as f64;
            let forced = forced(text) as f64 / steps;
            f.put(format!("forced-n{}", text.n), rough_percent(forced));
        }
        Ok(f)
    }
}

/// The stepper's data for one reader's run, as the live page lays it out.
pub fn live_trace(
    recipe: &TextRecipe,
    model: &NGram,
    prompt: &str,
    seed: u64,
    t: f64,
) -> Result<StepperTrace> {
    let trace = recipe.write_with(model, prompt, seed, t)?;
    let label = stepper::label(model, prompt, t, "", None);
    stepper::lay_out(model, trace, format!("{label}, seed {seed} (yours)"))
}

/// The stepper's data for one reader's run with any model that says what comes next (the
/// network of [`crate::generate::network`] as well as the n-gram), labelled with the model's
/// `name`: the live page's switch between the two models writes through here.
pub fn live_trace_with<M: sampling::NextPiece + ?Sized>(
    recipe: &TextRecipe,
    model: &M,
    name: &str,
    prompt: &str,
    seed: u64,
    t: f64,
) -> Result<StepperTrace> {
    let sampler = Sampler::with_temperature(t)?;
    let pieces = model.tokenize(prompt);
    let trace = sampling::generate(
        model,
        &pieces,
        recipe.length,
        recipe.stop_at_end,
        &sampler,
        seed,
    )?;
    let label = stepper::label(model, prompt, t, "", None);
    stepper::lay_out(
        model,
        trace,
        format!("{label}, {name}, seed {seed} (yours)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chapters_claims_hold() {
        let run = run().unwrap();
        let f = run.figures().unwrap();
        // The best held-out model is the bigram (the author's finding, checked here).
        assert_eq!(f.get("ppl-best-n"), Some("2"));
        let share = |n: usize| run.report_for(n).unwrap().share(5).unwrap_or(0.0);
        assert!(share(2) < share(3) && share(3) < share(4) && share(4) <= share(5));
        let ppl = |n: usize| run.held_out(n).unwrap().perplexity;
        assert!(ppl(2) < ppl(1) && ppl(3) > ppl(2) && ppl(5) > ppl(3));
        assert!(run.fit.training_largest.perplexity < ppl(2) / 5.0);
        let sweep = copying::bakery_order_sweep(&COPY_NS, COPY_TEMPERATURE, COPY_LENGTH, COPY_SEED)
            .unwrap();
        assert_eq!(run.by_n, sweep);
        let forced = |n: &str| {
            let v = f
                .get(&format!("forced-n{n}"))
                .unwrap()
                .trim_end_matches('%');
            v.parse::<f64>().unwrap()
        };
        assert!(forced("2") < forced("3") && forced("3") < forced("5"));
        assert_eq!(piece_in_words("."), "a full stop");
        assert_eq!(piece_in_words(ngram::END), "the end of the paragraph");
    }
}
