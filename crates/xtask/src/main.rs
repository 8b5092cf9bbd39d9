//! `cargo xtask`: the project's commands, so a fresh machine needs only rustup, cargo and python3.
//!
//! - `setup`: install what is missing, at pinned versions (idempotent).
//! - `build`: build the WebAssembly module and the book into `book/`.
//! - `wasm`: build only the WebAssembly module, into `src/generated/wasm/`.
//! - `serve`: setup, build, and serve the book on <http://127.0.0.1:3000>.
//! - `lab [--port N] [--no-browser] [FOLDER]`: setup, then JupyterLab on `notebooks/` with the
//!   Rust kernel (see `lab.rs`).
//! - `notebooks [--refresh] [FILE...]`: run the notebooks in the real kernel and compare with the
//!   committed outputs; `--refresh` writes the fresh outputs back instead.
//! - `assign`: the student versions of the exercise notebooks, through nbgrader.
//! - `grade PATH...`: autograde submitted exercise notebooks in a scratch nbgrader course.
//! - `fuzz [--seconds N] [TARGET...]`: run the fuzz targets (cargo-fuzz) and keep what they find.
//! - `bench [--quick]`: time the notebooks, the book and the models against scikit-learn and
//!   NLTK; writes `target/bench.json` and prints a table.
//! - `test`: setup, then every check CI runs.

mod bench;
mod fuzz;
mod lab;
mod setup;
mod wasm;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    std::env::set_current_dir(&root).context("entering the repository")?;
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("setup") => setup::run(&root),
        Some("build") => build(&root),
        Some("wasm") => wasm::build(&root).map(|_| ()),
        Some("serve") => serve(&root),
        Some("lab") => {
            setup::run(&root)?;
            lab::lab(&root, rest)
        }
        Some("notebooks") => {
            setup::run(&root)?;
            notebooks(&root, rest)
        }
        Some("assign") => {
            setup::run(&root)?;
            grading(&root, "assign", rest)
        }
        Some("grade") => {
            setup::run(&root)?;
            if rest.is_empty() {
                bail!("usage: cargo xtask grade SUBMISSION.ipynb... (a folder per student)");
            }
            grading(&root, "grade", rest)
        }
        Some("fuzz") => fuzz::fuzz(&root, rest),
        Some("bench") => {
            setup::run(&root)?;
            bench::bench(&root, rest)
        }
        Some("test") => test(&root),
        _ => {
            eprintln!(
                "usage: cargo xtask <setup | build | wasm | serve | lab [--port N] [--no-browser] [FOLDER] | notebooks [--refresh] [FILE...] | assign | grade PATH... | fuzz [--seconds N] [TARGET...] | bench [--quick] | test>"
            );
            bail!("unknown or missing command")
        }
    }
}

/// The repository root: the folder above `crates/xtask`.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command with the terminal attached, failing with the command line if it fails.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let line = format!("{cmd:?}");
    let status = cmd.status().with_context(|| format!("starting {line}"))?;
    if !status.success() {
        bail!("{line} failed ({status})");
    }
    Ok(())
}

fn build(root: &Path) -> Result<()> {
    let started = Instant::now();
    wasm::build(root)?;
    run(Command::new(setup::tool("mdbook")).arg("build").arg(root))?;
    println!(
        "built the book into book/ in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn serve(root: &Path) -> Result<()> {
    setup::run(root)?;
    build(root)?;
    println!("\nServing the book at http://127.0.0.1:3000 (Ctrl-C stops it)\n");
    run(Command::new(setup::tool("mdbook"))
        .args(["serve", "--hostname", "127.0.0.1", "--port", "3000"])
        .arg(root))
}

fn notebooks(root: &Path, args: &[String]) -> Result<()> {
    run(Command::new(setup::venv_bin(root, "python"))
        .arg(root.join("tests/notebooks.py"))
        .args(args))
}

/// The instructor's commands, in `crates/xtask/grading.py` (nbgrader is a Python library).
fn grading(root: &Path, command: &str, args: &[String]) -> Result<()> {
    run(Command::new(setup::venv_bin(root, "python"))
        .arg(root.join("crates/xtask/grading.py"))
        .arg(command)
        .args(args))
}

fn test(root: &Path) -> Result<()> {
    let started = Instant::now();
    setup::run(root)?;
    let setup_done = started.elapsed();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(&cargo).args(["fmt", "--all", "--check"]))?;
    run(Command::new(&cargo).args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The end-to-end crate builds the real book, runs every notebook in the real kernel and
    // drives the widgets in real Chromium; see tests/README.md.
    run(Command::new(&cargo).args(["test", "--workspace", "--no-fail-fast", "--", "--nocapture"]))?;
    println!(
        "cargo xtask test: all checks passed in {:.0} s (setup {:.0} s)",
        started.elapsed().as_secs_f64(),
        setup_done.as_secs_f64()
    );
    Ok(())
}
