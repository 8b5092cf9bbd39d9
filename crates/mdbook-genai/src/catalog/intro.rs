//! The introduction: the bakery tray.

use super::{Page, none};
use genai_demos::experiments::intro::Experiment;

pub(super) const PAGE: Page = Page {
    prefix: "intro",
    charts: &["intro.tray"],
    widgets: &[],
    figures: || Ok(Experiment::default().figures()?),
    chart: |_| Ok(Experiment::default().run()?.chart()?),
    widget: none,
};
