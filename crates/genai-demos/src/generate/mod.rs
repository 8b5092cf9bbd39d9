//! Generating text one piece at a time: the n-gram model, sampling, and what is built on them.

pub mod answering;
pub mod code;
pub mod ngram;
pub mod sampling;
pub mod spam_writer;
pub mod stepper;
