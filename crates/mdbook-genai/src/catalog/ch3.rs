//! Chapter 3: not written yet.

use super::{Page, none};

pub(super) const PAGE: Page = Page {
    prefix: "ch3",
    charts: &[],
    values: &[],
    widgets: &[],
    chart: none,
    value: none,
    widget: none,
};
