//! Chapter 2: not written yet.

use super::{Page, none};

pub(super) const PAGE: Page = Page {
    prefix: "ch2",
    charts: &[],
    values: &[],
    widgets: &[],
    chart: none,
    value: none,
    widget: none,
};
