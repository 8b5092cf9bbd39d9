//! Generating text one piece at a time: the n-gram model, sampling, and what is built on them.
//!
//! [`sampling`] holds the one sampler: any model that says how likely each next piece is, given
//! the pieces so far ([`sampling::NextPiece`]), is written, traced, replayed and laid out for the
//! [`stepper`] the same way. The n-gram model is such a model, and so are the code model and the
//! melody model ([`crate::sound::melody`]).
//! [`ngram_table`] is the n-gram model written plainly, as a table of counts, and [`ngram`] the
//! faster variant of it that everything else uses.

pub mod answering;
pub mod code;
#[cfg(feature = "network")]
pub mod network;
pub mod ngram;
pub mod ngram_table;
pub mod sampling;
pub mod spam_writer;
pub mod stepper;
