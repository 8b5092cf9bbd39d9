//! `cargo xtask`: the project's commands, so a fresh machine needs only rustup, cargo and python3.
//!
//! Each command installs what it needs on its first run, and no more (`setup::COMMANDS`).
//!
//! - `setup [--check] [COMMAND]`: install what is missing, at pinned versions (idempotent):
//!   everything, or only what COMMAND needs; `--check` prints that plan and installs nothing.
//! - `build`: build the WebAssembly module and the book into `book/`.
//! - `wasm`: build only the WebAssembly module, into `src/generated/wasm/`.
//! - `serve`: serve the book on <http://127.0.0.1:3000> as soon as mdBook is there; on a fresh
//!   machine the live widgets follow in the background and the served page reloads with them.
//! - `lab [--port N] [--no-browser] [FOLDER]`: JupyterLab on `notebooks/` with the Rust
//!   kernel (see `lab.rs`).
//! - `notebooks [--refresh] [FILE...]`: run the notebooks in the real kernel and compare with the
//!   committed outputs; `--refresh` writes the fresh outputs back instead.
//! - `assign`: the student versions of the exercise notebooks, through nbgrader.
//! - `grade [--marks FILE] PATH...`: autograde submitted exercise notebooks in a scratch nbgrader
//!   course, with the instructor's marks for written answers.
//! - `fuzz [--seconds N] [TARGET...]`: run the fuzz targets (cargo-fuzz) and keep what they find.
//! - `bench [--quick] [--fresh]`: time the notebooks, the book and the models against
//!   scikit-learn and NLTK; writes `target/bench.json` and prints a table. `--fresh` does it in
//!   a throwaway home and temporary folder, after the project's setup there.
//! - `hub [--port N]`, `hub release NAME`, `hub collect NAME`: the notebooks for a class on
//!   JupyterHub, on one server, with nbgrader's exchange (see `hub.rs`).
//! - `hub-load N [--notebook FILE]`: N simulated students on that hub at once, measured.
//! - `test`: setup, then every check CI runs.
//! - `train [--results] [KIND...]`: train the neural networks (`text`, `code`, ...) and write
//!   their weights and logs into `crates/genai-neural/weights/` and the results the book shows
//!   into `crates/genai-demos/data/network/`; `--results` only recomputes the results (see
//!   `train.rs`).

mod bench;
mod fuzz;
mod hub;
mod lab;
mod setup;
mod train;
mod wasm;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    std::env::set_current_dir(&root).context("entering the repository")?;
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("setup") => setup_command(&root, rest),
        Some("build") => {
            setup::run(&root, "build")?;
            build(&root)
        }
        Some("wasm") => {
            setup::run(&root, "wasm")?;
            wasm::build(&root).map(|_| ())
        }
        Some("serve") => serve(&root),
        Some("lab") => {
            setup::run(&root, "lab")?;
            lab::lab(&root, rest)
        }
        Some("notebooks") => {
            setup::run(&root, "notebooks")?;
            notebooks(&root, rest)
        }
        Some("assign") => {
            setup::run(&root, "assign")?;
            grading(&root, "assign", rest)
        }
        Some("grade") => {
            if rest.is_empty() {
                bail!(
                    "usage: cargo xtask grade [--marks FILE] SUBMISSION.ipynb... (a folder per student)"
                );
            }
            setup::run(&root, "grade")?;
            grading(&root, "grade", rest)
        }
        Some("fuzz") => fuzz::fuzz(&root, rest),
        Some("bench") => {
            // A fresh run sets up its own throwaway machine, not this one.
            if !rest.iter().any(|arg| arg == "--fresh") {
                setup::run(&root, "bench")?;
            }
            bench::bench(&root, rest)
        }
        Some("hub") => hub::hub(&root, rest),
        Some("hub-load") => hub::hub_load(&root, rest),
        Some("test") => test(&root),
        Some("train") => train::train(&root, rest),
        _ => {
            eprintln!(
                "usage: cargo xtask <setup [--check] [COMMAND] | build | wasm | serve | lab [--port N] [--no-browser] [FOLDER] | notebooks [--refresh] [FILE...] | assign | grade [--marks FILE] PATH... | fuzz [--seconds N] [TARGET...] | bench [--quick] [--fresh] | hub [--port N] | hub release|collect NAME | hub-load N [--notebook FILE] | test | train [--results] [KIND...]>"
            );
            bail!("unknown or missing command")
        }
    }
}

/// `cargo xtask setup [--check] [COMMAND]`: everything, or what COMMAND needs; `--check` only
/// prints the plan.
fn setup_command(root: &Path, args: &[String]) -> Result<()> {
    let mut check = false;
    let mut command = None;
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            other if command.is_none() && !other.starts_with('-') => command = Some(other),
            other => {
                bail!("unexpected argument {other}; usage: cargo xtask setup [--check] [COMMAND]")
            }
        }
    }
    let command = command.unwrap_or("setup");
    if check {
        setup::check(root, command)
    } else {
        setup::run(root, command)
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

/// Serves the book as soon as mdBook is there. When the live widgets' tools are missing (a
/// fresh machine), they are installed and the module built in the background, once the first
/// page answers, and the served book is then rebuilt so the open page reloads with them: every
/// page reads without the module meanwhile (see README, "Live widgets").
fn serve(root: &Path) -> Result<()> {
    let started = Instant::now();
    let book = setup::Plan::of("serve", &[setup::Need::Book]);
    // On a fresh machine, the preprocessor compiles while mdbook installs: each build leaves a
    // core idle at times (linking, the last big crates), which the other fills.
    let preprocessor = if book.ready(root) {
        None
    } else {
        preprocessor_build(root).and_then(|mut cmd| cmd.spawn().ok())
    };
    finish_alongside(
        preprocessor,
        setup::install(root, &book),
        "the book's preprocessor to finish compiling",
    )?;
    let live = setup::Plan::of("serve", &[setup::Need::Live]);
    if live.ready(root) {
        // Quick when the module is up to date, and the first page then has the live widgets.
        wasm::build(root)?;
    } else {
        println!(
            "The live widgets need tools not installed yet: the book is served first, without \
             them, and they follow in the background."
        );
        let root = root.to_path_buf();
        std::thread::spawn(move || live_in_background(&root, &live, started));
    }
    println!("\nServing the book at http://{SERVE_ADDRESS} (Ctrl-C stops it)\n");
    run(Command::new(setup::tool("mdbook"))
        .args(["serve", "--hostname", "127.0.0.1", "--port", "3000"])
        .arg(root))
}

/// Where `cargo xtask serve` serves the book.
const SERVE_ADDRESS: &str = "127.0.0.1:3000";

/// `cargo build` with the arguments `book.toml` gives `cargo run` for the preprocessor, so
/// that mdBook's own run of it finds it built. None if `book.toml` runs it some other way.
fn preprocessor_build(root: &Path) -> Option<Command> {
    let config = std::fs::read_to_string(root.join("book.toml")).ok()?;
    let line = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("command = \"cargo run "))?;
    let args = line.trim_end_matches('"').trim_end().trim_end_matches("--");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .arg("build")
        .args(args.split_whitespace());
    Some(cmd)
}

/// Installs the live widgets' tools and builds the module while the book is being read, then
/// has `mdbook serve` rebuild the book with it.
fn live_in_background(root: &Path, live: &setup::Plan, serve_started: Instant) {
    // The first page gets both cores first: nothing starts before it answers.
    while std::net::TcpStream::connect(SERVE_ADDRESS).is_err() {
        std::thread::sleep(Duration::from_millis(500));
    }
    println!(
        "== the book answers at http://{SERVE_ADDRESS} ({} after `cargo xtask serve` started); \
         now the live widgets, in the background ==",
        setup::took(serve_started.elapsed())
    );
    let started = Instant::now();
    let result = live_module(root, live).and_then(|()| rebuild_served_book(root));
    match result {
        Ok(()) => println!(
            "== the live widgets are ready, {} later ({} after `cargo xtask serve` started): the \
             served book is rebuilt with them and an open page reloads ==",
            setup::took(started.elapsed()),
            setup::took(serve_started.elapsed())
        ),
        Err(error) => println!(
            "warning: the live widgets could not be made ready: {error:#}\n  The book is still \
             served and every page reads without them. `cargo xtask wasm` tries again and shows \
             the whole error; after it succeeds, any change to a page (or restarting `cargo \
             xtask serve`) brings them in."
        ),
    }
}

/// Installs the live widgets' tools and builds the module. The crate compiles to WebAssembly
/// while wasm-bindgen installs (as the preprocessor does while mdbook installs, in [`serve`]).
fn live_module(root: &Path, live: &setup::Plan) -> Result<()> {
    setup::install_wasm_target(root)?;
    let early = wasm::compile(root).spawn().ok();
    finish_alongside(
        early,
        setup::install(root, live),
        "the WebAssembly crate to finish compiling",
    )?;
    wasm::build(root).map(|_| ())
}

/// Waits for a build started alongside an install, once the install is done; stops it if the
/// install failed. The build's own failure is not reported here: the next step runs the same
/// build and shows its message.
fn finish_alongside(build: Option<Child>, install: Result<()>, what: &str) -> Result<()> {
    let Some(mut child) = build else {
        return install;
    };
    if install.is_err() {
        let _ = child.kill();
    } else {
        println!("waiting for {what} ...");
    }
    let _ = child.wait();
    install
}

/// Makes `mdbook serve` rebuild the book. Its watcher skips what `.gitignore` lists, so the
/// new module in `src/generated/wasm/` goes unseen; a new modification time on
/// `src/SUMMARY.md` (its contents untouched) is a change it sees. The rebuilt pages carry the
/// module's version, and mdBook reloads the pages open in a browser.
fn rebuild_served_book(root: &Path) -> Result<()> {
    let summary = root.join("src/SUMMARY.md");
    std::fs::File::options()
        .append(true)
        .open(&summary)
        .and_then(|file| file.set_modified(std::time::SystemTime::now()))
        .with_context(|| format!("touching {}", summary.display()))
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
    setup::run(root, "test")?;
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
