//! The committed weights and training logs, built into the library so that the book, the
//! notebooks and the page load the same network without training it.

/// The weights `cargo xtask train text` wrote for the bakery prose (safetensors).
pub const TEXT_WEIGHTS: &[u8] = include_bytes!("../../weights/text.safetensors");
/// The weights `cargo xtask train code` wrote for the Rust programs (safetensors).
pub const CODE_WEIGHTS: &[u8] = include_bytes!("../../weights/code.safetensors");
/// The log of the run that wrote [`TEXT_WEIGHTS`] (JSON of a [`super::TrainingLog`]).
pub const TEXT_LOG: &str = include_str!("../../weights/text-log.json");
/// The log of the run that wrote [`CODE_WEIGHTS`].
pub const CODE_LOG: &str = include_str!("../../weights/code-log.json");
