//! `cargo xtask setup`: installs what the book needs, at pinned versions, and says what it does.
//!
//! Every step checks first and does nothing when the tool is already there at the right version,
//! so running it again is cheap and safe.

use crate::run as exec;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The mdBook release the book and its preprocessor are built against.
pub const MDBOOK_VERSION: &str = "0.5.4";
/// The Rust Jupyter kernel.
pub const EVCXR_VERSION: &str = "0.22.0";

/// Runs every setup step.
pub fn run(root: &Path) -> Result<()> {
    println!("== setup: checking tools ==");
    rust_src()?;
    wasm_target()?;
    cargo_tool("mdbook", MDBOOK_VERSION)?;
    cargo_tool_with_binary(
        "wasm-bindgen-cli",
        "wasm-bindgen",
        &wasm_bindgen_version(root)?,
    )?;
    cargo_tool("evcxr_jupyter", EVCXR_VERSION)?;
    kernelspec()?;
    venv(root)?;
    project_kernelspec(root)?;
    warm_kernel(root);
    npm_tools(root)?;
    system_packages();
    println!("== setup: done ==");
    Ok(())
}

fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn rust_src() -> Result<()> {
    let installed = output(Command::new("rustup").args(["component", "list", "--installed"]))
        .context("rustup is needed (https://rustup.rs)")?;
    if installed.lines().any(|l| l.starts_with("rust-src")) {
        println!("ok: rust-src (used by the Rust kernel)");
        return Ok(());
    }
    println!("installing: rustup component rust-src");
    exec(Command::new("rustup").args(["component", "add", "rust-src"]))
}

/// The WebAssembly target, for the module the book's live widgets run.
fn wasm_target() -> Result<()> {
    let target = crate::wasm::TARGET;
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"]))
        .context("rustup is needed (https://rustup.rs)")?;
    if installed.lines().any(|l| l.trim() == target) {
        println!("ok: rustup target {target} (the book's WebAssembly module)");
        return Ok(());
    }
    println!("installing: rustup target {target}");
    exec(Command::new("rustup").args(["target", "add", target]))
}

/// The version of the `wasm-bindgen` crate in `Cargo.lock`: the command-line tool must match
/// it exactly, or it refuses the module.
pub fn wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    locked_version(&lock, "wasm-bindgen").context("Cargo.lock has no wasm-bindgen package")
}

/// The version of package `name` in the text of a `Cargo.lock`.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return Some(version.trim_end_matches('"').to_string());
        }
    }
    None
}

/// The path of a tool: `$CARGO_HOME/bin` first (where `cargo install` puts it), then `PATH`.
pub fn tool(name: &str) -> PathBuf {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(path) = cargo_home.map(|h| h.join("bin").join(name))
        && path.is_file()
    {
        return path;
    }
    PathBuf::from(name)
}

/// Installs a tool from crates.io unless `cargo install --list` already has it at `version`.
/// (evcxr_jupyter has no `--version` flag, so cargo's own record is the one check that fits all.)
pub fn cargo_tool(name: &str, version: &str) -> Result<()> {
    cargo_tool_with_binary(name, name, version)
}

/// Like [`cargo_tool`], for a package whose program has another name (`wasm-bindgen-cli`
/// installs `wasm-bindgen`).
pub fn cargo_tool_with_binary(name: &str, binary: &str, version: &str) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let list = output(Command::new(&cargo).args(["install", "--list"])).unwrap_or_default();
    let have = list
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name} v")))
        .map(|rest| rest.trim_end_matches(':').to_string());
    if have.as_deref() == Some(version) && tool(binary).is_file() {
        println!("ok: {name} {version}");
        return Ok(());
    }
    match have {
        Some(other) => println!("installing: {name} {version} (found {other})"),
        None => {
            println!("installing: {name} {version} (cargo install --locked; takes minutes once)")
        }
    }
    let locked = exec(Command::new(&cargo).args([
        "install",
        "--locked",
        "--force",
        name,
        "--version",
        version,
    ]));
    if let Err(e) = locked {
        // A tool's lockfile can name a dependency version the registry has since yanked;
        // the tool itself stays at the pinned version either way.
        println!("note: {e:#}; installing {name} {version} again with fresh dependency versions");
        exec(Command::new(&cargo).args(["install", "--force", name, "--version", version]))?;
    }
    Ok(())
}

fn jupyter_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("JUPYTER_DATA_DIR") {
        return Some(dir.into());
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))?;
    Some(data.join("jupyter"))
}

fn kernelspec() -> Result<()> {
    let evcxr = tool("evcxr_jupyter");
    let spec = jupyter_data_dir().map(|d| d.join("kernels/rust/kernel.json"));
    if let Some(spec) = &spec
        && let Ok(text) = std::fs::read_to_string(spec)
        && text.contains(&*evcxr.to_string_lossy())
    {
        println!("ok: Jupyter kernelspec `rust`");
        return Ok(());
    }
    println!("installing: Jupyter kernelspec `rust` (evcxr_jupyter --install)");
    exec(Command::new(evcxr).arg("--install"))
}

/// The project's own `rust` kernelspec, in the virtual environment, which Jupyter started from
/// that environment prefers to the user's: it runs evcxr through `crates/xtask/kernel.py`, which
/// gives each kernel a build folder kept between starts, so a notebook's first cell does not
/// compile the library again (see that file). The support files (logo, editor modes) are the
/// ones `evcxr_jupyter --install` wrote.
fn project_kernelspec(root: &Path) -> Result<()> {
    let dir = root.join(".venv/share/jupyter/kernels/rust");
    let argv = [
        venv_bin(root, "python"),
        root.join("crates/xtask/kernel.py"),
        tool("evcxr_jupyter"),
    ]
    .map(|p| serde_json::Value::from(p.to_string_lossy().into_owned()));
    let spec = serde_json::json!({
        "argv": [argv[0], argv[1], argv[2], "{connection_file}"],
        "display_name": "Rust",
        "interrupt_mode": "message",
        "language": "rust",
    });
    let text = serde_json::to_string_pretty(&spec)? + "\n";
    let path = dir.join("kernel.json");
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        println!("ok: the project's kernelspec `rust` (kept build folders)");
        return Ok(());
    }
    println!("installing: the project's kernelspec `rust` in .venv (kept build folders)");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    if let Some(user) = jupyter_data_dir().map(|d| d.join("kernels/rust"))
        && let Ok(entries) = std::fs::read_dir(&user)
    {
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name != "kernel.json" {
                // Only the logo and editor support; a missing one costs nothing but looks.
                let _ = std::fs::copy(entry.path(), dir.join(name));
            }
        }
    }
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

/// Compiles the book's library once into the kernel's kept build folders (see
/// `crates/xtask/kernel.py`), so that a student's very first notebook starts in seconds rather
/// than a minute. Quick when already done; a failure only warns, as the notebooks would then
/// compile the library themselves.
fn warm_kernel(root: &Path) {
    let result = exec(
        Command::new(venv_bin(root, "python"))
            .arg(root.join("crates/xtask/kernel.py"))
            .arg("--warm")
            .arg(root),
    );
    if let Err(e) = result {
        println!(
            "warning: could not prepare the notebook kernel's build folder ({e:#}); the first \
             notebook will compile the library itself."
        );
    }
}

/// A program inside the project's Python virtual environment.
pub fn venv_bin(root: &Path, name: &str) -> PathBuf {
    root.join(".venv/bin").join(name)
}

fn venv(root: &Path) -> Result<()> {
    let requirements = root.join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).context("reading requirements.txt")?;
    let stamp = root.join(".venv/requirements.installed");
    if venv_bin(root, "python").is_file()
        && std::fs::read_to_string(&stamp).is_ok_and(|have| have == wanted)
    {
        println!("ok: Python environment .venv (requirements.txt)");
        return Ok(());
    }
    if !venv_bin(root, "python").is_file() {
        println!("installing: Python virtual environment .venv");
        exec(
            Command::new("python3")
                .args(["-m", "venv"])
                .arg(root.join(".venv")),
        )
        .context("python3 with the venv module is needed")?;
    }
    println!("installing: Python packages from requirements.txt into .venv");
    exec(
        Command::new(venv_bin(root, "python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
    )?;
    std::fs::write(&stamp, wanted).context("writing the .venv stamp")?;
    Ok(())
}

/// axe-core, the accessibility checker the browser tests run on every page, from the npm
/// registry at the version pinned in `tests/package-lock.json`.
fn npm_tools(root: &Path) -> Result<()> {
    let tests = root.join("tests");
    let lock = std::fs::read_to_string(tests.join("package-lock.json"))
        .context("reading tests/package-lock.json")?;
    let installed = tests.join("node_modules/.package-lock.json");
    if std::fs::read_to_string(&installed).is_ok_and(|have| same_packages(&have, &lock)) {
        println!("ok: axe-core (tests/node_modules)");
        return Ok(());
    }
    if !on_path("npm") {
        bail!("npm is needed for the accessibility checks (axe-core): install Node.js and npm");
    }
    println!("installing: axe-core into tests/node_modules (npm ci)");
    exec(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&tests),
    )
}

/// Whether npm's record of what it installed names the same versions as the lockfile.
fn same_packages(installed: &str, lock: &str) -> bool {
    let versions = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.trim_start().starts_with("\"version\""))
            .map(|l| l.trim().to_string())
            .collect()
    };
    // The lockfile also records the root package's own version first.
    let wanted = versions(lock);
    let have = versions(installed);
    !have.is_empty() && have.iter().all(|v| wanted.contains(v))
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
}

/// Debian packages: Chromium and its WebDriver, for the browser tests. Debian's own packages
/// only, each installed if its program is missing. (mold, the linker evcxr picks up when it is
/// installed, is not here: the benchmark measures no gain from it for the notebooks' cells.)
const SYSTEM_PACKAGES: [(&str, &str); 2] = [
    ("chromium", "chromium"),
    ("chromedriver", "chromium-driver"),
];

fn system_packages() {
    let missing: Vec<&str> = SYSTEM_PACKAGES
        .iter()
        .filter(|(program, _)| !on_path(program))
        .map(|&(_, package)| package)
        .collect();
    if missing.is_empty() {
        println!("ok: chromium and chromedriver");
        return;
    }
    let result = (|| -> Result<()> {
        if !on_path("apt-get") {
            bail!("apt-get is not available");
        }
        println!(
            "installing: {} (Debian packages, apt-get)",
            missing.join(", ")
        );
        let sudo = |args: &[&str]| {
            let mut cmd = if is_root() {
                Command::new(args[0])
            } else {
                let mut c = Command::new("sudo");
                c.arg(args[0]);
                c
            };
            cmd.args(&args[1..])
                .env("DEBIAN_FRONTEND", "noninteractive");
            cmd
        };
        exec(&mut sudo(&["apt-get", "update", "-q"]))?;
        let mut install = vec!["apt-get", "install", "-y", "-q"];
        install.extend(&missing);
        exec(&mut sudo(&install))
    })();
    if let Err(e) = result {
        println!(
            "warning: could not install {} ({e:#}). The browser tests need `chromium` and \
             `chromedriver` on PATH: install them with your system's package manager.",
            missing.join(", ")
        );
    }
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locked_version_is_read_for_the_exact_name() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-macro").as_deref(),
            Some("9.9.9")
        );
        assert_eq!(locked_version(lock, "serde"), None);
    }
}
