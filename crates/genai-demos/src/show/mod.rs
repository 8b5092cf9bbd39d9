//! Showing results: SVG charts, how results display themselves in a notebook, how a number
//! is worded, and a sampling trace laid out step by step.

pub mod chart;
pub mod display;
pub mod stepper;
pub mod wording;
