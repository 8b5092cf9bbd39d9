//! `genai-train [--results] KIND...`: trains one of the book's networks from its recipe and writes
//! its weights and training log into `crates/genai-neural/weights/`, then the results the book
//! shows into `crates/genai-demos/data/network/` (what `cargo xtask train` runs). With
//! `--results` it only recomputes those results from the committed weights and log.
//!
//! Each KIND is one arm of [`train`]; a new network adds its own arm and its name to [`KINDS`].

use genai_demos::experiments::network::NetworkResults;
use genai_neural::transformer::{Corpus, Recipe, Trainer, Writer, analyses, compare};
use std::path::{Path, PathBuf};

/// The networks this command trains.
const KINDS: [&str; 2] = ["text", "code"];

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let only_results = args.iter().any(|a| a == "--results");
    args.retain(|a| a != "--results");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("weights");
    let kinds: Vec<&str> = if args.is_empty() {
        KINDS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    for kind in kinds {
        let done = if only_results {
            corpus_of(kind).and_then(|corpus| {
                write_results(
                    corpus,
                    analyses::committed(corpus).map_err(|e| e.to_string())?,
                )
            })
        } else {
            train(kind, &out)
        };
        if let Err(message) = done {
            eprintln!("genai-train {kind}: {message}");
            std::process::exit(1);
        }
    }
}

/// Trains the network called `kind` and writes its files into `out`.
fn train(kind: &str, out: &Path) -> Result<(), String> {
    let corpus = corpus_of(kind)?;
    train_transformer(corpus, out)
}

/// The corpus of the transformer called `kind`.
fn corpus_of(kind: &str) -> Result<Corpus, String> {
    match kind {
        "text" => Ok(Corpus::Bakery),
        "code" => Ok(Corpus::Rust),
        other => Err(format!(
            "unknown network {other}; the networks are: {}",
            KINDS.join(", ")
        )),
    }
}

/// Writes the results the book shows about `corpus`'s transformer.
fn write_results(corpus: Corpus, results: NetworkResults) -> Result<(), String> {
    let json = serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../genai-demos/data/network");
    std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    write(
        &dir.join(format!("{}-results.json", corpus.name())),
        json.as_bytes(),
    )
}

/// Trains the transformer on `corpus` with its recipe.
fn train_transformer(corpus: Corpus, out: &Path) -> Result<(), String> {
    let recipe = Recipe::of(corpus);
    let trainer = Trainer::new(&recipe).map_err(|e| e.to_string())?;
    let vocab = trainer.vocab().clone();
    let every = recipe.eval_every;
    let started = std::time::Instant::now();
    let (net, log) = trainer
        .run(|step| {
            if step.step.is_multiple_of(every) {
                eprintln!(
                    "{}: step {} loss {:.3} ({:.0} s)",
                    corpus.name(),
                    step.step,
                    step.loss,
                    started.elapsed().as_secs_f64()
                );
            }
        })
        .map_err(|e| e.to_string())?;
    let writer = Writer::new(net, vocab).map_err(|e| e.to_string())?;
    let weights = writer.to_bytes().map_err(|e| e.to_string())?;
    let name = corpus.name();
    write(&out.join(format!("{name}.safetensors")), &weights)?;
    let json = serde_json::to_string_pretty(&log).map_err(|e| e.to_string())?;
    write(&out.join(format!("{name}-log.json")), json.as_bytes())?;
    let comparison = compare(corpus, &writer).map_err(|e| e.to_string())?;
    for ngram in &comparison.ngrams {
        eprintln!(
            "{name}: n-gram n={} k={} perplexity {:.2}",
            ngram.n, ngram.k, ngram.perplexity
        );
    }
    if let Some(improvement) = comparison.improvement() {
        eprintln!(
            "{name}: network {:.1}% below the best n-gram",
            100.0 * improvement
        );
    }
    let results = analyses::results(corpus, &writer, &log, weights.len());
    write_results(corpus, results.map_err(|e| e.to_string())?)?;
    if let Some(last) = log.final_held_out() {
        eprintln!(
            "{name}: {} parameters, {} steps in {:.0} s, held-out perplexity {:.2}",
            log.parameters,
            log.steps.len(),
            log.seconds,
            last.perplexity
        );
    }
    Ok(())
}

fn write(path: &PathBuf, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}
