//! Text as pieces: cutting each kind of text into tokens and gluing tokens back, and quick
//! tables for looking pieces up.

pub(crate) mod fast_hash;
pub mod messages;
pub mod rust;
pub mod tokenize;
