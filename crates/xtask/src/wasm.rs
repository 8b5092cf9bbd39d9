//! `cargo xtask wasm`: the library compiled to WebAssembly for the book's live widgets.
//!
//! Builds `crates/genai-wasm` for `wasm32-unknown-unknown` with the size-optimised
//! `wasm-release` profile, runs `wasm-bindgen --target web` on it, and puts the `.wasm` and its
//! JavaScript glue into `src/generated/wasm/`, which mdBook copies into the book as
//! `generated/wasm/`. `cargo xtask build` and the end-to-end tests' book build both call this.

use crate::run;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The WebAssembly target the page's module is built for.
pub const TARGET: &str = "wasm32-unknown-unknown";
/// The Cargo profile of that build (see the workspace `Cargo.toml`).
const PROFILE: &str = "wasm-release";
/// The most the `.wasm` may weigh: it travels to every reader of a page with a live widget.
pub const MAX_WASM_BYTES: u64 = 1_500_000;
/// The files `wasm-bindgen` writes, as the page loads them.
const FILES: [&str; 2] = ["genai_wasm.js", "genai_wasm_bg.wasm"];
/// The network's weights, which the page fetches from beside the module only when a reader
/// switches chapter 3's writer to the network (`src/assets/genai-network.js`).
pub const NETWORK_WEIGHTS: &str = "crates/genai-neural/weights/text.safetensors";
/// The name the weights have beside the module.
pub const NETWORK_FILE: &str = "text.safetensors";

/// Builds the module into `src/generated/wasm/` and returns the size of the `.wasm` in bytes.
pub fn build(root: &Path) -> Result<u64> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(&mut compile(root))
    .with_context(|| {
        format!("building the WebAssembly module (is the {TARGET} target installed? `cargo xtask setup` adds it)")
    })?;
    let target_dir = target_dir(&cargo, root)?;
    let wasm = target_dir
        .join(TARGET)
        .join(PROFILE)
        .join("genai_wasm.wasm");
    let bindgen_out = target_dir.join("wasm-bindgen");
    let bindgen = crate::setup::tool("wasm-bindgen");
    run(Command::new(&bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-dir",
        ])
        .arg(&bindgen_out)
        .arg(&wasm))
    .context("running wasm-bindgen (`cargo xtask setup` installs it)")?;
    let size = std::fs::metadata(bindgen_out.join(FILES[1]))
        .context("reading the size of the .wasm")?
        .len();
    if size > MAX_WASM_BYTES {
        bail!("the .wasm weighs {size} bytes, over the budget of {MAX_WASM_BYTES}");
    }
    let dest = root.join("src/generated/wasm");
    std::fs::create_dir_all(&dest).with_context(|| format!("creating {}", dest.display()))?;
    for file in FILES {
        copy_if_changed(&bindgen_out.join(file), &dest.join(file))?;
    }
    copy_if_changed(&root.join(NETWORK_WEIGHTS), &dest.join(NETWORK_FILE))?;
    println!(
        "built the WebAssembly module: {:.0} kB (budget {:.0} kB)",
        size as f64 / 1000.0,
        MAX_WASM_BYTES as f64 / 1000.0
    );
    Ok(size)
}

/// Copies `from` to `to` unless `to` already holds the same bytes (unchanged files are left
/// alone, so `mdbook serve` does not rebuild for nothing).
fn copy_if_changed(from: &Path, to: &Path) -> Result<()> {
    let bytes = std::fs::read(from).with_context(|| format!("reading {}", from.display()))?;
    if std::fs::read(to).ok().as_deref() != Some(&bytes[..]) {
        std::fs::write(to, &bytes).with_context(|| format!("writing {}", to.display()))?;
    }
    Ok(())
}

/// The cargo command that compiles the crate to WebAssembly (before wasm-bindgen), which
/// `cargo xtask serve` also starts early, while wasm-bindgen installs.
pub fn compile(root: &Path) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root).args([
        "build",
        "--quiet",
        "--package",
        "genai-wasm",
        "--target",
        TARGET,
        "--profile",
        PROFILE,
    ]);
    cmd
}

/// Cargo's target folder, as `cargo metadata` reports it (it honours `CARGO_TARGET_DIR`).
fn target_dir(cargo: &str, root: &Path) -> Result<PathBuf> {
    let out = Command::new(cargo)
        .current_dir(root)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("reading cargo metadata")?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .context("cargo metadata names no target directory")
}
