//! The introduction: the bakery tray.

use super::{Page, none};
use anyhow::Result;
use genai_demos::Chart;
use genai_demos::data::pastry::Tray;

/// The seed of the introduction's tray, also used by `notebooks/00-start-here.ipynb`.
pub const INTRO_TRAY_SEED: u64 = 2024;
/// How many pastries of each kind the introduction's tray holds.
pub const INTRO_TRAY_PER_KIND: usize = 40;

pub(super) const PAGE: Page = Page {
    prefix: "intro",
    charts: &["intro.tray"],
    values: &["intro.tray-size", "intro.tray-seed", "intro.per-kind"],
    widgets: &[],
    chart,
    value,
    widget: none,
};

fn tray() -> Result<Tray> {
    Ok(Tray::bake(INTRO_TRAY_SEED, INTRO_TRAY_PER_KIND)?)
}

fn chart(name: &str) -> Option<Result<Chart>> {
    match name {
        "intro.tray" => Some(tray().and_then(|t| Ok(t.chart()?))),
        _ => None,
    }
}

fn value(name: &str) -> Option<Result<String>> {
    Some(Ok(match name {
        "intro.tray-size" => return Some(tray().map(|t| t.pastries.len().to_string())),
        "intro.tray-seed" => INTRO_TRAY_SEED.to_string(),
        "intro.per-kind" => INTRO_TRAY_PER_KIND.to_string(),
        _ => return None,
    }))
}
