//! Files the pages link to (a tune's WAV), written into `src/generated/` at build time so
//! mdBook copies them next to the pages.

use anyhow::{Context, Result};
use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::OnceLock;

static BOOK_ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Records the book's root folder; called once by the preprocessor before expanding pages.
pub fn set_book_root(root: PathBuf) {
    let _ = BOOK_ROOT.set(root);
}

/// The book's root folder (the current folder until the preprocessor records it).
fn book_root() -> PathBuf {
    BOOK_ROOT
        .get()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Writes `bytes` to `src/generated/<name>` and returns the link a page at the top of `src/`
/// uses for it. A file that already holds the same bytes is left alone, so `mdbook serve`
/// does not see a change and rebuild forever.
pub fn publish(name: &str, bytes: &[u8]) -> Result<String> {
    let dir = book_root().join("src/generated");
    let path = dir.join(name);
    if std::fs::read(&path).ok().as_deref() != Some(bytes) {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(format!("generated/{name}"))
}

/// The book's WebAssembly module (`cargo xtask wasm` writes it into `src/generated/wasm/`), as
/// a version tag for the pages: a hash of the `.wasm` and its glue, which the pages add to the
/// files' addresses so a browser never runs an old module with a new page. `None` when the
/// module is not part of this build (never built, or `GENAI_LIVE=off`): the pages then know
/// not to ask for it, and say in one line that the live demos are not in this build.
pub fn live_module() -> Option<String> {
    static MODULE: OnceLock<Option<String>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            if std::env::var("GENAI_LIVE").is_ok_and(|v| v == "off") {
                return None;
            }
            let dir = book_root().join("src/generated/wasm");
            // std's hasher is enough for a tag: it only has to change when the files do.
            let mut hash = std::hash::DefaultHasher::new();
            for file in ["genai_wasm_bg.wasm", "genai_wasm.js"] {
                hash.write(&std::fs::read(dir.join(file)).ok()?);
            }
            Some(format!("{:016x}", hash.finish()))
        })
        .clone()
}
