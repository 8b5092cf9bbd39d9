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
            let root = BOOK_ROOT
                .get()
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            let dir = root.join("src/generated/wasm");
            let mut hash = Fnv::default();
            for file in ["genai_wasm_bg.wasm", "genai_wasm.js"] {
                hash.write(&std::fs::read(dir.join(file)).ok()?);
            }
            Some(format!("{:016x}", hash.0))
        })
        .clone()
}

/// FNV-1a, 64 bits: a small, stable hash for version tags (not for security).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
