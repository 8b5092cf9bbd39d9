//! Text as pieces: cutting text into tokens, and quick tables for looking pieces up.

pub(crate) mod fast_hash;
pub mod tokenize;
