//! Generating text one piece at a time: the n-gram model, sampling, and what is built on them.
//!
//! [`sampling`] holds the one sampler: any model that says how likely each next piece is, given
//! the pieces so far ([`sampling::NextPiece`]), is written, traced, replayed and laid out for the
//! [`stepper`] the same way. The n-gram model is such a model, and so the code model is too.

pub mod answering;
pub mod code;
pub mod ngram;
pub mod sampling;
pub mod spam_writer;
pub mod stepper;
