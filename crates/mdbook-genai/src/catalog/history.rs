//! Chapter 1's short history: a timeline of sorting and creating, with its sources.

use super::{Page, none, once};
use anyhow::Result;
use genai_demos::data::history::{self, Job};
use genai_demos::experiments::Figures;
use std::sync::OnceLock;

pub(super) const PAGE: Page = Page {
    prefix: "history",
    charts: &["history.timeline"],
    widgets: &[],
    figures,
    chart: |_| Ok(history::timeline()?),
    widget: none,
};

fn figures() -> Result<&'static Figures> {
    static CELL: OnceLock<Result<Figures, String>> = OnceLock::new();
    once(&CELL, || {
        let mut f = Figures::default();
        for (name, job) in [
            ("first-sorter", Job::Sorting),
            ("first-creator", Job::Creating),
        ] {
            f.put(
                name,
                history::first(job).map(|m| m.year).unwrap_or_default(),
            );
        }
        f.put("sources", history::sources().join(". ") + ".");
        Ok(f)
    })
}
