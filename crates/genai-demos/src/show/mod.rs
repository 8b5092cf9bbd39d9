//! Showing results: SVG charts, how results display themselves in a notebook, and how a number
//! is worded.

pub mod chart;
pub mod display;
pub mod wording;
