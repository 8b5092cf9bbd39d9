//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the fuzz targets (all by default) (`crates/genai-demos/fuzz`) for its
//! share of N seconds with cargo-fuzz, and keeps any crashing input as a regression test.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::Command;

/// The fuzz targets, one per loader or tokenizer.
const TARGETS: [&str; 4] = ["messages", "text", "code", "tunes"];
/// The cargo-fuzz release the targets are built with.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Runs the fuzzers for `seconds` in total.
pub fn fuzz(root: &Path, args: &[String]) -> Result<()> {
    let usage = "usage: cargo xtask fuzz [--seconds N] [TARGET...]";
    let mut seconds: u64 = 60;
    let mut chosen: Vec<&str> = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--seconds" {
            let n = rest.next().context(usage)?;
            seconds = n.parse().context("--seconds takes a whole number")?;
        } else if let Some(target) = TARGETS.iter().find(|t| **t == arg.as_str()) {
            chosen.push(target);
        } else {
            bail!("{usage}; the targets are {}", TARGETS.join(", "));
        }
    }
    if chosen.is_empty() {
        chosen = TARGETS.to_vec();
    }
    crate::setup::cargo_tool("cargo-fuzz", CARGO_FUZZ_VERSION)?;
    let fuzz_dir = root.join("crates/genai-demos/fuzz");
    let each = (seconds / chosen.len() as u64).max(1);
    for target in chosen {
        println!("== fuzzing `{target}` for {each} s ==");
        let corpus = fuzz_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        // cargo-fuzz passes nightly-only flags to rustc; RUSTC_BOOTSTRAP lets the stable
        // toolchain accept them. Rust code here has no `unsafe`, so no sanitizer is needed.
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root)
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", "--fuzz-dir"])
            .arg(&fuzz_dir)
            .args(["--sanitizer", "none", target])
            .arg(&corpus)
            .arg(fuzz_dir.join("regressions").join(target))
            .arg("--")
            .arg(format!("-max_total_time={each}"))
            .status()
            .context("running cargo fuzz")?;
        keep_crashes(&fuzz_dir, target)?;
        if !status.success() {
            bail!(
                "`{target}` found a crashing input: it is kept in crates/genai-demos/fuzz/regressions/{target}/; fix the bug, then run `cargo test`"
            );
        }
    }
    Ok(())
}

/// Copies libFuzzer's crash artifacts into the regression folder the tests replay.
fn keep_crashes(fuzz_dir: &Path, target: &str) -> Result<()> {
    let artifacts = fuzz_dir.join("artifacts").join(target);
    let Ok(entries) = std::fs::read_dir(&artifacts) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let keep = fuzz_dir.join("regressions").join(target).join(&name);
        std::fs::copy(entry.path(), &keep)
            .with_context(|| format!("keeping {}", keep.display()))?;
        println!("kept a crashing input: {}", keep.display());
    }
    Ok(())
}
