//! The Rust half of `cargo xtask bench`: times the library's models in a release build and
//! exports the exact data they used, so `crates/xtask/bench.py` can time scikit-learn and NLTK
//! on the same features, the same split and the same corpus.
//!
//! ```text
//! cargo run --release -p genai-demos --example bench -- --out DIR [--quick]
//! ```
//!
//! Writes into DIR: `rust.json` (the timings and scores), `classify_messages.json` (the split
//! messages), `classify_train.tsv` and `classify_test.tsv` (their bags of words over the
//! training vocab, [`FeatureMatrix::to_tsv`]), and `ngram.json` (the n-gram corpus split into pieces, and the settings). Every time is the
//! median of several runs, measured with [`Instant`]; `--quick` runs each only once or twice.

use genai_demos::classify::features::{FeatureMatrix, Vocab};
use genai_demos::classify::logistic::{LogisticRegression, Settings};
use genai_demos::classify::naive_bayes::NaiveBayes;
use genai_demos::data::corpus::bakery_split;
use genai_demos::data::messages::{Message, builtin, split};
use genai_demos::generate::code::rust_model;
use genai_demos::generate::ngram::{NGram, Smoothing};
use genai_demos::generate::sampling::Sampler;
use genai_demos::measure::metrics::evaluate;
use genai_demos::pictures::diffusion::DiffusionModel;
use genai_demos::sound::melody::{Length, MelodyModel};
use genai_demos::sound::synth::Synth;
use serde_json::{Value, json};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The seed of the train/test split of the messages, and the share held out (as in the book).
const SPLIT_SEED: u64 = 42;
const TEST_FRACTION: f64 = 0.2;
/// The n-gram order compared with NLTK, and the smoothings whose perplexity is compared.
const NGRAM_N: usize = 3;
const NGRAM_KS: [f64; 2] = [1.0, 0.01];
/// How many words the n-gram models write for the sampling comparison.
const SAMPLE_WORDS: usize = 10_000;

type Failure = Box<dyn std::error::Error>;

/// The neural network (with the `network` feature, which `cargo xtask bench` turns on): the
/// plain forward pass's next-token step, the committed training run's time, and the held-out
/// perplexity beside the best n-gram's.
#[cfg(feature = "network")]
mod network {
    use super::{Failure, timed};
    use genai_demos::generate::network::Network;
    use genai_demos::generate::ngram;
    use genai_demos::generate::sampling::NextPiece;
    use serde_json::{Value, json};

    /// The smoothings each n-gram order is tried with (its best is kept), as the training
    /// crate's comparison tries them.
    const KS: [f64; 7] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

    /// The committed training log of `kind` ("text", "code").
    fn log(kind: &str) -> Result<Value, Failure> {
        let path = format!(
            "{}/../genai-neural/weights/{kind}-log.json",
            env!("CARGO_MANIFEST_DIR")
        );
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    }

    pub fn measure(reps: usize) -> Result<Value, Failure> {
        let network = Network::committed_text()?;
        // The slowest step the page takes: a full context of pieces read.
        let history: Vec<u32> = (0..network.context() as u32).map(|i| 3 + i * 7).collect();
        let (step, _) = timed(reps, || {
            NextPiece::options(&network, &history).map(|o| o.total)
        })?;
        let (write, trace) = timed(reps.min(5), || network.write("the oven", 20, 1.0, 1))?;
        let per_token = write.best / trace.steps.len().max(1) as f64;
        let text = log("text")?;
        let code = log("code")?;
        let held_out = |log: &Value| {
            log["held_out"]
                .as_array()
                .and_then(|h| h.last())
                .and_then(|h| h["perplexity"].as_f64())
        };
        let best_ngram = ngram::bakery_perplexities(5, &KS)?
            .into_iter()
            .map(|p| p.perplexity)
            .fold(f64::INFINITY, f64::min);
        Ok(json!({
            "step_ms": step.best * 1000.0,
            "step_median_ms": step.median * 1000.0,
            "tokens_per_s": 1.0 / per_token,
            "training_s": { "text": text["seconds"], "code": code["seconds"] },
            "perplexity": { "network": held_out(&text), "best_ngram": best_ngram },
        }))
    }
}

/// How many times each measurement is repeated.
#[derive(Clone, Copy)]
struct Reps {
    fast: usize,
    slow: usize,
}

fn main() -> Result<(), Failure> {
    let (out, quick) = arguments()?;
    std::fs::create_dir_all(&out)?;
    let reps = if quick {
        Reps { fast: 3, slow: 1 }
    } else {
        Reps { fast: 21, slow: 5 }
    };
    let mut report = json!({
        "quick": quick,
        "classifiers": classifiers(&out, reps)?,
        "ngram": ngram(&out, reps)?,
        "generators": generators(reps)?,
    });
    #[cfg(feature = "network")]
    {
        report["network"] = network::measure(reps.fast)?;
    }
    let path = out.join("rust.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
    println!("bench (Rust, release): wrote {}", path.display());
    Ok(())
}

fn arguments() -> Result<(PathBuf, bool), Failure> {
    let mut out = None;
    let mut quick = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--quick" => quick = true,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    match out {
        Some(out) => Ok((out, quick)),
        None => Err("usage: bench --out DIR [--quick]".into()),
    }
}

/// The time of a job over repeated runs, in seconds.
///
/// The benchmark runs on a machine that may be busy with other work, which can only ever add
/// time to a run, so the tables use the fastest run: the one least disturbed. The median is
/// kept beside it.
#[derive(Clone, Copy)]
struct Time {
    best: f64,
    median: f64,
}

/// Runs `work` `reps` times; returns its [`Time`] and the last result.
fn timed<T>(
    reps: usize,
    mut work: impl FnMut() -> genai_demos::Result<T>,
) -> Result<(Time, T), Failure> {
    let mut times = Vec::with_capacity(reps);
    let mut last = None;
    for _ in 0..reps.max(1) {
        let started = Instant::now();
        let result = black_box(work()?);
        times.push(started.elapsed().as_secs_f64());
        last = Some(result);
    }
    let result = last.ok_or("no runs")?;
    let median = median(&mut times);
    // `median` sorted the times, so the fastest comes first.
    let best = times.first().copied().unwrap_or(f64::NAN);
    Ok((Time { best, median }, result))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Both classifiers on the book's seeded split: train, then classify every test message.
/// The time starts from the raw text: the library tokenizes and builds its vocab itself. The
/// exports let the other side start from the same text, or from the finished count matrix.
fn classifiers(out: &Path, reps: Reps) -> Result<Value, Failure> {
    let parts = split(&builtin()?, TEST_FRACTION, SPLIT_SEED)?;
    // The test messages the library scores: those with at least one word (`evaluate` skips
    // the others), so both sides are measured on the same rows.
    let scored: Vec<Message> = parts
        .test
        .iter()
        .filter(|m| !genai_demos::text::messages::tokenize(&m.text).is_empty())
        .cloned()
        .collect();
    let vocab = Vocab::build(&parts.train, 1)?;
    let train_table: FeatureMatrix = vocab.matrix(&parts.train);
    train_table.save_tsv(out.join("classify_train.tsv"))?;
    vocab
        .matrix(&scored)
        .save_tsv(out.join("classify_test.tsv"))?;
    // The raw messages too, so that the other side can start from the text, as the library does.
    let texts = json!({"train": parts.train, "test": scored});
    std::fs::write(
        out.join("classify_messages.json"),
        serde_json::to_string(&texts)?,
    )?;

    let (nb_train, nb) = timed(reps.fast, || NaiveBayes::train(&parts.train, 1.0))?;
    let (nb_predict, nb_report) = timed(reps.fast, || evaluate(&nb, &scored, "spam"))?;
    let (nb_total, _) = timed(reps.fast, || {
        let model = NaiveBayes::train(&parts.train, 1.0)?;
        evaluate(&model, &scored, "spam")
    })?;

    let settings = Settings::default();
    let (lr_train, lr) = timed(reps.fast, || {
        LogisticRegression::train(&parts.train, "spam", &settings)
    })?;
    let (lr_predict, lr_report) = timed(reps.fast, || evaluate(&lr, &scored, "spam"))?;
    let (lr_total, _) = timed(reps.fast, || {
        let model = LogisticRegression::train(&parts.train, "spam", &settings)?;
        evaluate(&model, &scored, "spam")
    })?;

    Ok(json!({
        "split_seed": SPLIT_SEED,
        "test_fraction": TEST_FRACTION,
        "train_messages": parts.train.len(),
        "test_messages": scored.len(),
        "vocab": vocab.len(),
        "repetitions": reps.fast,
        "naive_bayes": {
            "alpha": 1.0,
            "train_s": nb_train.best, "train_median_s": nb_train.median,
            "predict_s": nb_predict.best, "predict_median_s": nb_predict.median,
            "total_s": nb_total.best, "total_median_s": nb_total.median,
            "accuracy": nb_report.accuracy,
        },
        "logistic": {
            "learning_rate": settings.learning_rate,
            "epochs": settings.epochs,
            "l2": settings.l2,
            "batch_size": settings.batch_size,
            "train_s": lr_train.best, "train_median_s": lr_train.median,
            "predict_s": lr_predict.best, "predict_median_s": lr_predict.median,
            "total_s": lr_total.best, "total_median_s": lr_total.median,
            "accuracy": lr_report.accuracy,
        },
    }))
}

/// The n-gram model on the bakery split: train, write 10,000 words, held-out perplexity.
fn ngram(out: &Path, reps: Reps) -> Result<Value, Failure> {
    let split = bakery_split()?;
    let corpus = json!({
        "n": NGRAM_N,
        "ks": NGRAM_KS,
        "sample_words": SAMPLE_WORDS,
        "train": split.train,
        "held_out": split.held_out,
    });
    std::fs::write(out.join("ngram.json"), serde_json::to_string(&corpus)?)?;

    let (train_s, model) = timed(reps.fast, || NGram::train(&split.train, NGRAM_N))?;
    let sampler = Sampler::with_temperature(1.0)?;
    let (sample_s, trace) = timed(reps.slow, || model.generate("", SAMPLE_WORDS, &sampler, 7))?;
    let mut perplexities = Vec::new();
    for k in NGRAM_KS {
        let smoothing = Smoothing::add_k(k)?;
        let (score_s, result) = timed(reps.fast, || model.perplexity(&split.held_out, smoothing))?;
        perplexities.push(json!({
            "k": k,
            "perplexity": result.perplexity,
            "scored": result.scored,
            "unknown": result.unknown,
            "score_s": score_s.best, "score_median_s": score_s.median,
        }));
    }
    Ok(json!({
        "n": NGRAM_N,
        "train_documents": split.train.len(),
        "train_pieces": model.training_pieces(),
        "held_out_documents": split.held_out.len(),
        "vocab_size": model.vocab_size(),
        "train_s": train_s.best, "train_median_s": train_s.median,
        "sample_words": trace.steps.len(),
        "sample_s": sample_s.best, "sample_median_s": sample_s.median,
        "perplexity": perplexities,
    }))
}

/// Each generator of the book, trained and sampled as the chapters use it.
fn generators(reps: Reps) -> Result<Value, Failure> {
    let mut table = serde_json::Map::new();

    let (train_s, text) = timed(reps.fast, || NGram::bakery(3))?;
    let sampler = Sampler::with_temperature(0.8)?;
    let (sample_s, trace) = timed(reps.fast, || text.generate("the baker", 100, &sampler, 7))?;
    table.insert(
        "text".into(),
        json!({"what": "n-gram, n = 3, on the bakery prose",
            "made": format!("{} words", trace.steps.len()),
            "train_s": train_s.best, "train_median_s": train_s.median, "sample_s": sample_s.best, "sample_median_s": sample_s.median}),
    );

    let (train_s, image) = timed(reps.slow, || DiffusionModel::train(1, 60))?;
    let (sample_s, picture) = timed(reps.fast, || image.sample("a ring", 7, 40))?;
    table.insert(
        "image".into(),
        json!({"what": "diffusion, 60 pictures of each shape",
            "made": format!("one {0}x{0} {1} in {2} denoising steps",
                picture.image.side, picture.shape, picture.steps),
            "train_s": train_s.best, "train_median_s": train_s.median, "sample_s": sample_s.best, "sample_median_s": sample_s.median}),
    );

    let (train_s, tunes) = timed(reps.fast, || MelodyModel::bakery(2))?;
    let synth = Synth::default();
    let (sample_s, seconds) = timed(reps.fast, || {
        let melody = tunes.generate(7, Length::Beats(32.0), 1.0)?;
        let audio = synth.render(&melody.notes)?;
        audio.to_wav_bytes()?;
        Ok(audio.seconds())
    })?;
    table.insert(
        "audio".into(),
        json!({"what": "melody chain, order 2, on the bakery tunes",
            "made": format!("32 beats, rendered to a {seconds:.1} s WAV file"),
            "train_s": train_s.best, "train_median_s": train_s.median, "sample_s": sample_s.best, "sample_median_s": sample_s.median}),
    );

    let (train_s, code) = timed(reps.fast, || rust_model(4))?;
    let (sample_s, program) = timed(reps.fast, || code.generate_document("fn", 300, &sampler, 1))?;
    table.insert(
        "code".into(),
        json!({"what": "n-gram, n = 4, on the 58 Rust programs",
            "made": format!("one program, {} tokens", program.steps.len()),
            "train_s": train_s.best, "train_median_s": train_s.median, "sample_s": sample_s.best, "sample_median_s": sample_s.median}),
    );
    Ok(Value::Object(table))
}
