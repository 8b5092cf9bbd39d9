//! The answers to the exercises at the end of each chapter (`src/exercises/*.md`), from
//! `genai_demos::experiments::exercises`.

use super::{Page, none};
use genai_demos::experiments::exercises;

pub(super) const PAGE: Page = Page {
    prefix: "ex",
    charts: &[],
    widgets: &[],
    figures: || Ok(exercises::figures()?),
    chart: none,
    widget: none,
};
