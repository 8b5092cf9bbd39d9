//! The book's experiments, one module per chapter: the seeds and settings, the training runs,
//! the analyses and the figures the pages print. The book's build, the live page and the
//! notebooks all call these, so a seed or a setting is written once.
//!
//! ```
//! use genai_demos::experiments::intro;
//!
//! let tray = intro::Experiment::default().run()?;
//! assert_eq!(tray.pastries.len(), 2 * intro::PER_KIND);
//! # Ok::<(), genai_demos::Error>(())
//! ```

pub mod ch1;
pub mod ch2;
pub mod ch3;
pub mod exercises;
pub mod intro;
pub mod network;
pub mod pictures;
pub mod speech;
pub mod uses;

use serde::Serialize;
use std::collections::BTreeMap;

/// The figures a page prints, each worded by [`crate::show::wording`], by name (`"filter-accuracy"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures(pub BTreeMap<String, String>);

impl Figures {
    /// The figure called `name`, if the page has one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Adds a figure.
    pub fn put(&mut self, name: impl Into<String>, text: impl ToString) {
        self.0.insert(name.into(), text.to_string());
    }
}
