//! Chapter 1: not written yet.

use super::{Page, none};

pub(super) const PAGE: Page = Page {
    prefix: "ch1",
    charts: &[],
    values: &[],
    widgets: &[],
    chart: none,
    value: none,
    widget: none,
};
