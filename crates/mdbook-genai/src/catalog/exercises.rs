//! The answers to the exercises at the end of each chapter (`src/exercises/*.md`), from
//! `genai_demos::experiments::exercises`.

use super::{Page, none, once};
use anyhow::Result;
use genai_demos::experiments::{Figures, exercises};
use std::sync::OnceLock;

pub(super) const PAGE: Page = Page {
    prefix: "ex",
    charts: &[],
    widgets: &[],
    figures,
    chart: none,
    widget: none,
};

fn figures() -> Result<&'static Figures> {
    static CELL: OnceLock<Result<Figures, String>> = OnceLock::new();
    once(&CELL, exercises::figures)
}
