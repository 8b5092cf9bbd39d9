//! `cargo xtask train [KIND...]`: trains the book's neural networks (all of them, or the KINDs
//! named: `text`, `code`, ...) and writes their weights and training logs into
//! `crates/genai-neural/weights/`, to be committed so that building the book never trains.
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
        .status()
        .context("running cargo for genai-train")?;
    if !status.success() {
        bail!("training failed ({status})");
    }
    Ok(())
}
