//! The introduction: the bakery tray.

use super::{Page, none, once};
use anyhow::Result;
use genai_demos::experiments::{Figures, intro::Experiment};
use std::sync::OnceLock;

pub(super) const PAGE: Page = Page {
    prefix: "intro",
    charts: &["intro.tray"],
    widgets: &[],
    figures,
    chart: |_| Ok(Experiment::default().run()?.chart()?),
    widget: none,
};

fn figures() -> Result<&'static Figures> {
    static CELL: OnceLock<Result<Figures, String>> = OnceLock::new();
    once(&CELL, || Experiment::default().figures())
}
