//! `genai-train KIND`: trains one of the book's networks from its recipe and writes its weights
//! and training log into `crates/genai-neural/weights/` (what `cargo xtask train` runs).
//!
//! Each KIND is one arm of [`train`]; a new network adds its own arm and its name to [`KINDS`].

use genai_neural::denoise;
use genai_neural::transformer::{Corpus, Recipe, Trainer, Writer, compare};
use std::path::{Path, PathBuf};

/// The networks this command trains.
const KINDS: [&str; 3] = ["text", "code", "pictures"];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("weights");
    let kinds: Vec<&str> = if args.is_empty() {
        KINDS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };
    for kind in kinds {
        if let Err(message) = train(kind, &out) {
            eprintln!("genai-train {kind}: {message}");
            std::process::exit(1);
        }
    }
}

/// Trains the network called `kind` and writes its files into `out`.
fn train(kind: &str, out: &Path) -> Result<(), String> {
    match kind {
        "text" => train_transformer(Corpus::Bakery, out),
        "code" => train_transformer(Corpus::Rust, out),
        "pictures" => train_pictures(out),
        other => Err(format!(
            "unknown network {other}; the networks are: {}",
            KINDS.join(", ")
        )),
    }
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

/// Trains the picture denoiser with its recipe.
fn train_pictures(out: &Path) -> Result<(), String> {
    let recipe = denoise::Recipe::default();
    let (net, log) = denoise::train(&recipe, |step, loss| {
        if step % 500 == 0 {
            eprintln!("pictures: step {step} loss {loss:.4}");
        }
    })
    .map_err(|e| e.to_string())?;
    let weights = net.to_bytes().map_err(|e| e.to_string())?;
    write(&out.join("pictures.safetensors"), &weights)?;
    let json = serde_json::to_string_pretty(&log).map_err(|e| e.to_string())?;
    write(&out.join("pictures-log.json"), json.as_bytes())?;
    eprintln!(
        "pictures: {} parameters, {} steps in {:.0} s, {} bytes of weights",
        log.parameters,
        recipe.train_steps,
        log.seconds,
        weights.len()
    );
    Ok(())
}

fn write(path: &PathBuf, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}
