//! Where the repository, the tools and scratch folders are.

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> Result<PathBuf> {
    let dir = root()
        .join("target/e2e")
        .join(format!("{name}-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// A tool that `cargo xtask setup` installs, found in `$CARGO_HOME/bin` or on `PATH`.
pub fn tool(name: &str) -> Result<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    let mut dirs: Vec<PathBuf> = cargo_home.map(|h| h.join("bin")).into_iter().collect();
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .with_context(|| format!("`{name}` is not installed: run `cargo xtask setup`"))
}

/// A browser program for the tests: the file `$VARIABLE` names if it is set (`CHROMIUM`,
/// `CHROMEDRIVER`: for a Chromium that no package manager put on `PATH`), else [`tool`].
pub fn browser_tool(name: &str, variable: &str) -> Result<PathBuf> {
    match std::env::var_os(variable) {
        Some(path) => {
            let path = PathBuf::from(path);
            if !path.is_file() {
                bail!("${variable} names {}, which is not a file", path.display());
            }
            Ok(path)
        }
        None => tool(name).with_context(|| {
            format!(
                "the browser tests need {name}: install Chromium and chromedriver, or set \
                 ${variable} to the path of yours"
            )
        }),
    }
}

/// The Python of the project's virtual environment.
pub fn venv_python() -> Result<PathBuf> {
    let python = root().join(".venv/bin/python");
    if !python.is_file() {
        bail!("{} is missing: run `cargo xtask setup`", python.display());
    }
    Ok(python)
}

/// Builds the book at `book_root` into `dest` with the real mdbook; returns its output on failure.
pub fn mdbook_build(book_root: &Path, dest: &Path) -> Result<std::process::Output> {
    mdbook_build_with(book_root, dest, &[])
}

/// [`mdbook_build`] with extra environment variables for mdBook and the preprocessor.
pub fn mdbook_build_with(
    book_root: &Path,
    dest: &Path,
    env: &[(&str, &str)],
) -> Result<std::process::Output> {
    Command::new(tool("mdbook")?)
        .envs(env.iter().copied())
        .arg("build")
        .arg(book_root)
        .arg("--dest-dir")
        .arg(dest)
        .output()
        .context("running mdbook")
}

/// Builds the book's WebAssembly module into `src/generated/wasm/`, once per test process, with
/// the command `cargo xtask build` runs (`cargo xtask wasm`).
pub fn build_wasm() -> Result<()> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let out = Command::new(cargo)
                .current_dir(root())
                .args(["run", "--quiet", "--package", "xtask", "--", "wasm"])
                .output()
                .map_err(|e| format!("running cargo xtask wasm: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "cargo xtask wasm failed:\n{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            Ok(())
        })
        .clone()
        .map_err(anyhow::Error::msg)
}

/// Builds the real book, with its WebAssembly module, into a scratch folder and returns the
/// folder.
pub fn build_book(name: &str) -> Result<PathBuf> {
    build_book_with(name, &[])
}

/// [`build_book`] with extra environment variables (`GENAI_LIVE=off`: without the module).
///
/// The sources do not change while the tests run, so a test process builds the book once for
/// each set of variables and gives every test its own copy of that build (a test may delete a
/// file from its copy): one real `mdbook build` instead of one per test.
pub fn build_book_with(name: &str, env: &[(&str, &str)]) -> Result<PathBuf> {
    static BUILT: Mutex<BTreeMap<Vec<(String, String)>, PathBuf>> = Mutex::new(BTreeMap::new());
    build_wasm()?;
    let key: Vec<(String, String)> = env
        .iter()
        .map(|&(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let built = {
        // A test that panicked while holding the lock leaves the map as it was: still usable.
        let mut built = BUILT
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match built.get(&key) {
            Some(book) => book.clone(),
            None => {
                let book = scratch(&format!("book-build-{}", built.len()))?;
                let out = mdbook_build_with(&root(), &book, env)?;
                if !out.status.success() {
                    bail!(
                        "mdbook build failed:\n{}{}",
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
                built.insert(key, book.clone());
                book
            }
        }
    };
    let dest = scratch(name)?;
    copy_folder(&built, &dest)?;
    Ok(dest)
}

/// Copies every file and folder of `from` into `to` (which exists).
fn copy_folder(from: &Path, to: &Path) -> Result<()> {
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_folder(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// The book's pages in reading order, as built HTML file names, read from `src/SUMMARY.md`.
pub fn pages() -> Result<Vec<String>> {
    let summary =
        std::fs::read_to_string(root().join("src/SUMMARY.md")).context("reading SUMMARY.md")?;
    let mut pages = Vec::new();
    for line in summary.lines() {
        if let Some(start) = line.find("](")
            && let Some(end) = line[start + 2..].find(')')
        {
            let file = &line[start + 2..start + 2 + end];
            if let Some(stem) = file.strip_suffix(".md") {
                pages.push(format!("{stem}.html"));
            }
        }
    }
    if pages.is_empty() {
        bail!("SUMMARY.md lists no pages");
    }
    Ok(pages)
}
