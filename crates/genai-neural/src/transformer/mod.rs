//! A tiny decoder-only transformer, the kind of network behind today's chatbots shrunk a million
//! times: it reads the n-gram's pieces, learns by gradient descent, and writes with the same
//! sampler, so chapter 3 can set the two side by side.
//!
//! [`Recipe`] is the one definition of its settings; [`Trainer`] trains it; [`Writer`] loads the
//! committed weights and writes; [`held_out`] measures it like the n-gram's perplexity;
//! [`fine_tune`] goes on training it on new text.

pub mod analyses;
pub mod committed;
pub mod compare;
pub mod fine_tune;
pub mod model;
pub mod recipe;
pub mod train;
pub mod vocab;
pub mod writer;

pub use compare::{Comparison, compare};
pub use fine_tune::{FineTuned, FineTuning};
pub use model::{Shape, Transformer};
pub use recipe::Recipe;
pub use train::{HeldOut, StepLoss, Trainer, TrainingLog, held_out};
pub use vocab::{Corpus, Vocab};
pub use writer::Writer;
