//! The names a page may use, and the library result behind each.
//!
//! Names are `page.thing` (`intro.tray`, `ch1.filter-accuracy`). The experiments, their seeds
//! and their worded figures live in the library (`genai_demos::experiments`); each page's module
//! under `catalog/` maps its chart and widget names to those results and writes their HTML, and
//! a value name is a figure of the page's `Figures`.

/// A library result computed once per build (many names read the same run):
/// `cached!(pub fn run() -> Run = ch2::run);` defines `run() -> Result<&'static Run>`.
macro_rules! cached {
    ($(#[$doc:meta])* $vis:vis fn $name:ident() -> $t:ty = $make:expr) => {
        $(#[$doc])*
        $vis fn $name() -> anyhow::Result<&'static $t> {
            static CELL: std::sync::OnceLock<Result<$t, String>> = std::sync::OnceLock::new();
            let made = CELL.get_or_init(|| ($make)().map_err(|e| e.to_string()));
            made.as_ref().map_err(|e| anyhow::anyhow!("{e}"))
        }
    };
}

pub mod ch1;
pub mod ch2;
pub mod ch3;
mod denoiser;
mod exercises;
mod history;
pub mod intro;
mod network;
pub mod pictures;
pub mod speech;
pub mod uses;

use crate::widget::Widget;
use anyhow::{Result, anyhow};
use genai_demos::Chart;
use genai_demos::experiments::Figures;
use std::sync::OnceLock;

/// One page's names and the calls behind them.
struct Page {
    prefix: &'static str,
    charts: &'static [&'static str],
    widgets: &'static [&'static str],
    /// The page's figures (made once per build by [`figures`]).
    figures: fn() -> Result<Figures>,
    chart: fn(&str) -> Result<Chart>,
    widget: fn(&str) -> Result<Widget>,
}

const PAGES: [Page; 11] = [
    intro::PAGE,
    ch1::PAGE,
    ch2::PAGE,
    ch3::PAGE,
    exercises::PAGE,
    uses::PAGE,
    history::PAGE,
    pictures::PAGE,
    speech::PAGE,
    network::PAGE,
    denoiser::PAGE,
];

/// The figures of page `i` of [`PAGES`], made once per build.
fn figures(i: usize) -> Result<&'static Figures> {
    static CELLS: [OnceLock<Result<Figures, String>>; PAGES.len()] =
        [const { OnceLock::new() }; PAGES.len()];
    let made = CELLS[i].get_or_init(|| (PAGES[i].figures)().map_err(|e| e.to_string()));
    made.as_ref().map_err(|e| anyhow!("{e}"))
}

/// Starts the slowest results on another thread (see [`GenAi`](crate::GenAi)'s `run`); a
/// page that needs one waits for it there.
pub fn warm() {
    denoiser::warm();
}

/// Every chart name, for error messages and tests.
pub fn charts() -> Vec<String> {
    PAGES
        .iter()
        .flat_map(|p| p.charts.iter().map(|c| c.to_string()))
        .collect()
}

/// Every value name: each page's figures, under its prefix.
pub fn values() -> Vec<String> {
    let names = |(i, p): (usize, &Page)| {
        let keys = figures(i).map(|f| f.0.keys().collect::<Vec<_>>());
        let each = keys.unwrap_or_default().into_iter();
        each.map(|k| format!("{}.{k}", p.prefix))
            .collect::<Vec<_>>()
    };
    PAGES.iter().enumerate().flat_map(names).collect()
}

/// Every widget name.
pub fn widgets() -> Vec<String> {
    PAGES
        .iter()
        .flat_map(|p| p.widgets.iter().map(|w| w.to_string()))
        .collect()
}

/// The page a name belongs to (its index and itself), and the name without its prefix.
fn page(name: &str) -> Option<(usize, &'static Page, &str)> {
    let (prefix, rest) = name.split_once('.')?;
    let i = PAGES.iter().position(|p| p.prefix == prefix)?;
    Some((i, &PAGES[i], rest))
}

/// The chart called `name`.
pub fn chart(name: &str) -> Result<Chart> {
    match page(name) {
        Some((_, p, _)) if p.charts.contains(&name) => (p.chart)(name),
        _ => Err(unknown("chart", name, &charts())),
    }
}

/// The number or short text called `name`, as it should read in a sentence.
pub fn value(name: &str) -> Result<String> {
    if let Some((i, _, rest)) = page(name)
        && let Some(text) = figures(i)?.get(rest)
    {
        return Ok(text.to_string());
    }
    Err(unknown("value", name, &values()))
}

/// The widget called `name`.
pub fn widget(name: &str) -> Result<Widget> {
    match page(name) {
        Some((_, p, _)) if p.widgets.contains(&name) => (p.widget)(name),
        _ => Err(unknown("widget", name, &widgets())),
    }
}

fn unknown(kind: &str, name: &str, known: &[String]) -> anyhow::Error {
    anyhow!(
        "unknown {kind} `{name}`; known {kind}s: {}",
        known.join(", ")
    )
}

/// The answer of a page without charts or widgets.
fn none<T>(name: &str) -> Result<T> {
    Err(anyhow!("`{name}` is listed but has nothing behind it"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_resolves_and_belongs_to_its_page() {
        for p in &PAGES {
            for name in p.charts.iter().chain(p.widgets) {
                assert!(name.starts_with(&format!("{}.", p.prefix)), "{name}");
            }
        }
        for name in charts() {
            let svg = chart(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(svg.svg().starts_with("<svg"), "{name}");
        }
        let names = values();
        assert!(names.len() > 150, "{}", names.len());
        for name in names {
            let text = value(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!text.is_empty(), "{name}");
        }
        for name in widgets() {
            widget(&name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = chart("intro.nope").unwrap_err().to_string();
        assert!(err.contains("intro.tray"), "{err}");
        assert!(value("nowhere").is_err());
        assert!(value("ch1.nope").is_err());
    }
}
