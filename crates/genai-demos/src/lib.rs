//! The demos behind *What is Generative AI?*: seeded data, tiny models, sampling and charts.
//!
//! One library serves every front end of the book. The mdBook preprocessor calls it at build
//! time, the Jupyter notebooks call it through evcxr, and the tests assert on what it returns.
//! Every random thing takes a seed, so the same call gives the same answer on every machine.
//!
//! The folders follow the book: [`data`] (what the models learn from), [`text`] (cutting text
//! into pieces), [`classify`] (telling apart), [`generate`] (writing one piece at a time),
//! [`sound`] and [`pictures`] (other modalities), [`measure`] (how good, how copied, how
//! surprising) and [`show`] (charts and notebook displays); [`error`], [`math`] and [`random`]
//! sit underneath them all.
//!
//! ```
//! use genai_demos::data::pastry::Tray;
//!
//! let tray = Tray::bake(7, 20)?;
//! assert_eq!(tray.pastries.len(), 40);
//! let chart = tray.chart()?;
//! assert!(chart.svg().starts_with("<svg"));
//! # Ok::<(), genai_demos::Error>(())
//! ```

pub mod classify;
pub mod data;
pub mod error;
pub mod experiments;
pub mod generate;
pub mod math;
pub mod measure;
pub mod pictures;
pub mod random;
pub mod show;
pub mod sound;
pub mod text;
#[cfg(feature = "network")]
pub mod weights;

pub use error::{Error, Result};
pub use show::chart::Chart;
