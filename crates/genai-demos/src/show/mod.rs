//! Showing results: SVG charts, and how results display themselves in a notebook.

pub mod chart;
pub mod display;
