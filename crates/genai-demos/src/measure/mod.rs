//! Measuring models: accuracy on held-back data, copying from the training text, and surprise.

pub mod copying;
pub mod metrics;
pub mod surprise;
