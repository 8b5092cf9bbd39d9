//! Files the pages link to (a tune's WAV), written into `src/generated/` at build time so
//! mdBook copies them next to the pages.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::OnceLock;

static BOOK_ROOT: OnceLock<PathBuf> = OnceLock::new();

/// Records the book's root folder; called once by the preprocessor before expanding pages.
pub fn set_book_root(root: PathBuf) {
    let _ = BOOK_ROOT.set(root);
}

/// Writes `bytes` to `src/generated/<name>` and returns the link a page at the top of `src/`
/// uses for it. A file that already holds the same bytes is left alone, so `mdbook serve`
/// does not see a change and rebuild forever.
pub fn publish(name: &str, bytes: &[u8]) -> Result<String> {
    let root = BOOK_ROOT
        .get()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let dir = root.join("src/generated");
    let path = dir.join(name);
    if std::fs::read(&path).ok().as_deref() != Some(bytes) {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(format!("generated/{name}"))
}
