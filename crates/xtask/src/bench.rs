//! `cargo xtask bench [--quick]`: how fast the book is where a reader waits, measured against
//! what a Python course would use, and written to `target/bench.json` with a table.
//!
//! The parts, each run on the same data in the same run as what it is compared with:
//! 1. the Rust side, `crates/genai-demos/examples/bench.rs` (release build): the classifiers, the
//!    n-gram model and every generator, timed; it exports the exact features and corpus it used;
//! 2. `crates/xtask/bench.py compare`: scikit-learn and NLTK on those exports;
//! 3. `crates/xtask/bench.py notebooks`: the notebooks in the real kernel through nbclient;
//! 4. here: `mdbook build` twice (the second warm, both with the WebAssembly module, built
//!    first), each chapter page's size, the library's dependency count and (without `--quick`)
//!    its clean build time;
//! 5. `crates/xtask/bench.py page`: the built book in headless Chromium, how soon each live
//!    page goes live and answers (a fresh load each time). The end-to-end tests only check
//!    that it does, never how fast: this is where that target lives;
//! 6. `crates/xtask/bench.py report`: merges the parts, checks the targets, prints the table.
//!
//! `--fresh` runs all of it as on a student's fresh machine (`bench_fresh`).
//!
//! `--quick` exercises every part with few repetitions, one notebook, no cold cache, no levers
//! and no clean build; `cargo xtask test` runs it (tests/tests/bench.rs) to keep the pipeline
//! working. It is not a timed test.

use crate::{run, setup};
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Runs the benchmark; `args` may hold `--quick` and `--fresh`.
pub fn bench(root: &Path, args: &[String]) -> Result<()> {
    let mut quick = false;
    let mut fresh = false;
    for arg in args {
        match arg.as_str() {
            "--quick" => quick = true,
            "--fresh" => fresh = true,
            other => {
                bail!("unknown argument {other}; usage: cargo xtask bench [--quick] [--fresh]")
            }
        }
    }
    if fresh {
        return bench_fresh(root, quick);
    }
    let started = Instant::now();
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let python = setup::venv_bin(root, "python");
    let script = root.join("crates/xtask/bench.py");
    let quick_flag: &[&str] = if quick { &["--quick"] } else { &[] };

    section("the library in a release build", started);
    run(Command::new(&cargo)
        .args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "genai-demos",
            "--example",
            "bench",
            "--features",
            "network",
            "--",
            "--out",
        ])
        .arg(dir.join("data"))
        .args(quick_flag))?;

    section("scikit-learn and NLTK on the same data", started);
    run(Command::new(&python)
        .arg(&script)
        .args(["compare", "--data"])
        .arg(dir.join("data"))
        .arg("--out")
        .arg(dir.join("python.json"))
        .args(quick_flag))?;

    section("the notebooks in the real kernel", started);
    run(Command::new(&python)
        .arg(&script)
        .args(["notebooks", "--scratch"])
        .arg(dir.join("notebooks"))
        .arg("--out")
        .arg(dir.join("notebooks.json"))
        .args(quick_flag))?;

    section("the book", started);
    crate::wasm::build(root)?;
    let book = book(root)?;

    section("the live page in headless Chromium", started);
    run(Command::new(&python)
        .arg(&script)
        .args(["page", "--book"])
        .arg(root.join("target/bench-book"))
        .arg("--out")
        .arg(dir.join("page.json"))
        .args(quick_flag))?;

    section("the library's size", started);
    let library = library(root, &cargo, &dir, quick)?;

    let parts =
        format!("{{\n  \"quick\": {quick},\n  \"book\": {book},\n  \"library\": {library}\n}}\n");
    let xtask_json = dir.join("xtask.json");
    std::fs::write(&xtask_json, parts).context("writing target/bench/xtask.json")?;

    let out = root.join("target/bench.json");
    run(Command::new(&python)
        .arg(&script)
        .arg("report")
        .arg("--rust")
        .arg(dir.join("data/rust.json"))
        .arg("--python")
        .arg(dir.join("python.json"))
        .arg("--notebooks")
        .arg(dir.join("notebooks.json"))
        .arg("--xtask")
        .arg(&xtask_json)
        .arg("--page")
        .arg(dir.join("page.json"))
        .arg("--out")
        .arg(&out))?;
    println!(
        "cargo xtask bench{}: done in {:.0} s",
        if quick { " --quick" } else { "" },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Variables a fresh machine would not have set: the user's own Jupyter, IPython and evcxr
/// folders and choices, the kernel pool's override, and the folders `HOME` would otherwise
/// not decide.
const NOT_ON_A_FRESH_MACHINE: &[&str] = &[
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_PATH",
    "JUPYTER_RUNTIME_DIR",
    "IPYTHONDIR",
    "EVCXR_CONFIG_DIR",
    "EVCXR_TMPDIR",
    "GENAI_KERNEL_POOL",
    "GENAI_KERNEL_SETTINGS",
    "TEMP",
    "TMP",
];

/// The environment of a fresh-machine run inside the throwaway folder `dir`: a new home and an
/// empty temporary folder (where the kernel's build folders go), and what is shared with this
/// machine, each named: the Rust toolchains (`RUSTUP_HOME`), cargo's installed tools and
/// crate downloads (`CARGO_HOME`), and pip's download cache (`PIP_CACHE_DIR`, only used if
/// the project's `.venv` must be made again). `None` removes a variable.
fn fresh_env(
    dir: &Path,
    cargo_home: &Path,
    rustup_home: &Path,
    pip_cache: &Path,
) -> Vec<(String, Option<PathBuf>)> {
    let mut env: Vec<(String, Option<PathBuf>)> = vec![
        ("HOME".into(), Some(dir.join("home"))),
        ("TMPDIR".into(), Some(dir.join("tmp"))),
        ("CARGO_HOME".into(), Some(cargo_home.to_path_buf())),
        ("RUSTUP_HOME".into(), Some(rustup_home.to_path_buf())),
        ("PIP_CACHE_DIR".into(), Some(pip_cache.to_path_buf())),
        ("GENAI_BENCH_MODE".into(), Some(PathBuf::from("fresh"))),
    ];
    env.extend(
        NOT_ON_A_FRESH_MACHINE
            .iter()
            .map(|name| (name.to_string(), None)),
    );
    env
}

/// This machine's cargo, rustup and pip folders, which the fresh run shares: where the
/// variables point, else their places in the home folder.
fn shared_folders() -> Result<(PathBuf, PathBuf, PathBuf)> {
    let home = PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?);
    let var = |name: &str, default: PathBuf| std::env::var_os(name).map_or(default, PathBuf::from);
    Ok((
        var("CARGO_HOME", home.join(".cargo")),
        var("RUSTUP_HOME", home.join(".rustup")),
        var("PIP_CACHE_DIR", home.join(".cache/pip")),
    ))
}

/// `cargo xtask bench --fresh`: the benchmark as a student's fresh machine sees it. In a
/// throwaway home and temporary folder, it runs the project's own setup (the user's kernelspec,
/// the project's kernelspec, the kernel's warm build folder, which lands in the new temporary
/// folder), then the benchmark, then removes the folder.
fn bench_fresh(root: &Path, quick: bool) -> Result<()> {
    let started = Instant::now();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("genai-fresh-{}-{stamp}", std::process::id()));
    let (cargo_home, rustup_home, pip_cache) = shared_folders()?;
    let env = fresh_env(&dir, &cargo_home, &rustup_home, &pip_cache);
    for folder in ["home", "tmp"] {
        std::fs::create_dir_all(dir.join(folder))
            .with_context(|| format!("creating {}", dir.join(folder).display()))?;
    }
    println!(
        "fresh machine: home and temporary folder in {}; shared with this machine: \
         the toolchains ({}), cargo's tools and downloads ({}), pip's cache ({}), and the \
         repository's .venv and target folders",
        dir.display(),
        rustup_home.display(),
        cargo_home.display(),
        pip_cache.display()
    );
    let xtask = std::env::current_exe().context("finding the xtask program")?;
    let with_env = |command: &mut Command| {
        for (name, value) in &env {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
    };
    section("setup on the fresh machine", started);
    let setup_started = Instant::now();
    let mut setup = Command::new(&xtask);
    setup.args(["setup", "bench"]).current_dir(root);
    with_env(&mut setup);
    let outcome = run(&mut setup).and_then(|()| {
        let setup_s = setup_started.elapsed().as_secs_f64();
        println!("  setup on the fresh machine: {setup_s:.0} s");
        let mut bench = Command::new(&xtask);
        bench.arg("bench").current_dir(root);
        if quick {
            bench.arg("--quick");
        }
        with_env(&mut bench);
        bench.env("GENAI_BENCH_SETUP_S", setup_s.to_string());
        run(&mut bench)
    });
    std::fs::remove_dir_all(&dir).ok();
    outcome
}

/// Says which section starts, and when since the benchmark began: a full run takes minutes.
fn section(name: &str, started: Instant) {
    println!(
        "== bench: {name} (at {}) ==",
        setup::took(started.elapsed())
    );
}

/// Builds the real book twice into `target/bench-book` (the second build is the warm one) and
/// measures each chapter page. Returns the part as JSON.
fn book(root: &Path) -> Result<String> {
    let dest = root.join("target/bench-book");
    let mut builds = Vec::new();
    for _ in 0..2 {
        let started = Instant::now();
        let out = Command::new(setup::tool("mdbook"))
            .arg("build")
            .arg(root)
            .arg("--dest-dir")
            .arg(&dest)
            .output()
            .context("running mdbook (cargo xtask setup installs it)")?;
        if !out.status.success() {
            bail!(
                "mdbook build failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        builds.push(started.elapsed().as_secs_f64());
    }
    let mut pages = Vec::new();
    for page in chapter_pages(root)? {
        let bytes = std::fs::metadata(dest.join(&page))
            .with_context(|| format!("the built page {page}"))?
            .len();
        pages.push(format!(
            "{{\"page\": {}, \"bytes\": {bytes}}}",
            json_string(&page)
        ));
    }
    println!(
        "  mdbook build: {:.1} s, then {:.1} s warm",
        builds[0], builds[1]
    );
    Ok(format!(
        "{{\"first_build_s\": {}, \"warm_build_s\": {}, \"pages\": [{}]}}",
        builds[0],
        builds[1],
        pages.join(", ")
    ))
}

/// The book's pages in reading order, as built HTML file names, from `src/SUMMARY.md`.
fn chapter_pages(root: &Path) -> Result<Vec<String>> {
    let summary =
        std::fs::read_to_string(root.join("src/SUMMARY.md")).context("reading src/SUMMARY.md")?;
    let mut pages = Vec::new();
    for line in summary.lines() {
        let Some(start) = line.find("](") else {
            continue;
        };
        let rest = &line[start + 2..];
        if let Some(end) = rest.find(')')
            && let Some(stem) = rest[..end].strip_suffix(".md")
        {
            pages.push(format!("{stem}.html"));
        }
    }
    Ok(pages)
}

/// How many crates the library pulls in, and (without `--quick`) how long a clean build of it
/// takes in a scratch target folder. Returns the part as JSON.
fn library(root: &Path, cargo: &str, dir: &Path, quick: bool) -> Result<String> {
    let crates = dependency_count(cargo, "normal")?;
    let with_build = dependency_count(cargo, "normal,build")?;
    println!("  genai-demos pulls in {crates} crates ({with_build} with build-time dependencies)");
    let clean_build = if quick {
        "null".to_string()
    } else {
        let target: PathBuf = dir.join("clean-build");
        if target.exists() {
            std::fs::remove_dir_all(&target)
                .with_context(|| format!("clearing {}", target.display()))?;
        }
        let started = Instant::now();
        run(Command::new(cargo)
            .args(["build", "--quiet", "-p", "genai-demos"])
            .current_dir(root)
            .env("CARGO_TARGET_DIR", &target))?;
        let seconds = started.elapsed().as_secs_f64();
        println!("  clean build of genai-demos: {seconds:.1} s");
        std::fs::remove_dir_all(&target).ok();
        seconds.to_string()
    };
    Ok(format!(
        "{{\"crates\": {crates}, \"crates_with_build\": {with_build}, \"clean_build_s\": {clean_build}}}"
    ))
}

/// The distinct crates in `cargo tree -p genai-demos -e EDGES`, not counting the library.
fn dependency_count(cargo: &str, edges: &str) -> Result<usize> {
    let out = Command::new(cargo)
        .args(["tree", "-p", "genai-demos", "-e", edges, "--prefix", "none"])
        .output()
        .context("running cargo tree")?;
    if !out.status.success() {
        bail!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut crates = BTreeSet::new();
    for line in text.lines() {
        // "name v1.2.3 (path or feature notes) (*)": the name and version say which crate.
        let mut words = line.split_whitespace();
        if let (Some(name), Some(version)) = (words.next(), words.next())
            && name != "genai-demos"
        {
            crates.insert(format!("{name} {version}"));
        }
    }
    Ok(crates.len())
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{fresh_env, json_string};
    use std::path::{Path, PathBuf};

    #[test]
    fn the_fresh_run_has_its_own_home_and_temporary_folder_and_shares_only_the_toolchains() {
        let env = fresh_env(
            Path::new("/scratch/fresh"),
            Path::new("/home/me/.cargo"),
            Path::new("/home/me/.rustup"),
            Path::new("/home/me/.cache/pip"),
        );
        let get = |name: &str| {
            env.iter()
                .find(|(key, _)| key == name)
                .unwrap_or_else(|| panic!("{name} is not in the fresh environment"))
                .1
                .clone()
        };
        assert_eq!(get("HOME"), Some(PathBuf::from("/scratch/fresh/home")));
        assert_eq!(get("TMPDIR"), Some(PathBuf::from("/scratch/fresh/tmp")));
        assert_eq!(get("CARGO_HOME"), Some(PathBuf::from("/home/me/.cargo")));
        assert_eq!(get("RUSTUP_HOME"), Some(PathBuf::from("/home/me/.rustup")));
        // Whatever this machine chose for Jupyter, evcxr or the kernel's pool is gone.
        for name in [
            "XDG_DATA_HOME",
            "JUPYTER_DATA_DIR",
            "EVCXR_TMPDIR",
            "EVCXR_CONFIG_DIR",
            "GENAI_KERNEL_POOL",
            "GENAI_KERNEL_SETTINGS",
        ] {
            assert_eq!(get(name), None, "{name} should be removed");
        }
        // Nothing else of this machine's home is pointed at.
        for (name, value) in &env {
            if let Some(value) = value
                && value.starts_with("/home/me")
            {
                assert!(
                    ["CARGO_HOME", "RUSTUP_HOME", "PIP_CACHE_DIR"].contains(&name.as_str()),
                    "{name} points into the real home"
                );
            }
        }
    }

    #[test]
    fn strings_are_escaped_for_json() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
