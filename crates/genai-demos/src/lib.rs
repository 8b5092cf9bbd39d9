//! The demos behind *What is Generative AI?*: seeded data, tiny models, sampling and charts.
//!
//! One library serves every front end of the book. The mdBook preprocessor calls it at build
//! time, the Jupyter notebooks call it through evcxr, and the tests assert on what it returns.
//! Every random thing takes a seed, so the same call gives the same answer on every machine.
//!
//! ```
//! use genai_demos::pastry::Tray;
//!
//! let tray = Tray::bake(7, 20)?;
//! assert_eq!(tray.pastries.len(), 40);
//! let chart = tray.chart()?;
//! assert!(chart.svg().starts_with("<svg"));
//! # Ok::<(), genai_demos::Error>(())
//! ```

pub mod answering;
pub mod chart;
pub mod code;
pub mod copying;
pub mod corpus;
pub mod diffusion;
pub mod display;
pub mod error;
pub mod experiments;
mod fast_hash;
pub mod features;
pub mod gaussian;
pub mod history;
pub mod logistic;
pub mod math;
pub mod melody;
pub mod messages;
pub mod metrics;
pub mod mixture;
pub mod naive_bayes;
pub mod ngram;
pub mod pastry;
pub mod random;
pub mod sampling;
pub mod shapes;
pub mod spam_writer;
pub mod stepper;
pub mod surprise;
pub mod synth;
pub mod tokenize;
pub mod tune;
pub mod wording;

pub use chart::Chart;
pub use error::{Error, Result};
