//! Chapter 1's short history: a timeline of sorting and creating, with its sources.

use super::{Page, none};
use genai_demos::data::history;
use genai_demos::experiments::ch1;

pub(super) const PAGE: Page = Page {
    prefix: "history",
    charts: &["history.timeline"],
    widgets: &[],
    figures: || Ok(ch1::history_figures()),
    chart: |_| Ok(history::timeline()?),
    widget: none,
};
