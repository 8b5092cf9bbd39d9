//! `cargo xtask train [--results] [KIND...]`: trains the book's neural networks (all of them, or
//! the KINDs named: `text`, `code`, ...) and writes their weights and training logs into
//! `crates/genai-neural/weights/`, and the results the book shows into
//! `crates/genai-demos/data/network/`, to be committed so that building the book never trains.
//! With `--results` it only recomputes those results from the committed weights.
//!
//! The training itself is the `genai-train` program of the `genai-neural` crate, built with
//! optimisations; a new network adds its KIND there, and this command needs no change.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

/// Builds and runs `genai-train` with `kinds`.
pub fn train(root: &Path, kinds: &[String]) -> Result<()> {
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "run",
            "--release",
            "-p",
            "genai-neural",
            "--bin",
            "genai-train",
            "--",
        ])
        .args(kinds)
        // One thread: on a small shared machine, the tensor crate's thread pool spends more
        // time waiting for its threads than they save (measured: 3 times the wall time).
        .env("RAYON_NUM_THREADS", "1")
        .status()
        .context("running cargo for genai-train")?;
    if !status.success() {
        bail!("training failed ({status})");
    }
    Ok(())
}
