//! The names a page may use, and the library call behind each.
//!
//! Names are `page.thing` (`intro.tray`, `ch1.confusion`), and each page's names live in its own
//! module under `catalog/`, so a writer sees every name a page has in one place. Seeds live
//! there too, next to the names: the book shows exactly what those calls return.

pub mod ch1;
pub mod ch2;
pub mod ch3;
mod exercises;
pub mod history;
pub mod intro;
pub mod uses;

use crate::widget::Widget;
use anyhow::{Result, anyhow};
use genai_demos::Chart;

/// One page's names and the calls behind them.
struct Page {
    prefix: &'static str,
    charts: &'static [&'static str],
    values: &'static [&'static str],
    widgets: &'static [&'static str],
    chart: fn(&str) -> Option<Result<Chart>>,
    value: fn(&str) -> Option<Result<String>>,
    widget: fn(&str) -> Option<Result<Widget>>,
}

const PAGES: [Page; 7] = [
    intro::PAGE,
    ch1::PAGE,
    ch2::PAGE,
    ch3::PAGE,
    exercises::PAGE,
    uses::PAGE,
    history::PAGE,
];

/// Every chart name, for error messages and tests.
pub fn charts() -> Vec<&'static str> {
    PAGES
        .iter()
        .flat_map(|p| p.charts.iter().copied())
        .collect()
}

/// Every value name.
pub fn values() -> Vec<&'static str> {
    PAGES
        .iter()
        .flat_map(|p| p.values.iter().copied())
        .collect()
}

/// Every widget name.
pub fn widgets() -> Vec<&'static str> {
    PAGES
        .iter()
        .flat_map(|p| p.widgets.iter().copied())
        .collect()
}

fn page(name: &str) -> Option<&'static Page> {
    let prefix = name.split('.').next()?;
    PAGES.iter().find(|p| p.prefix == prefix)
}

/// The chart called `name`.
pub fn chart(name: &str) -> Result<Chart> {
    page(name)
        .and_then(|p| (p.chart)(name))
        .unwrap_or_else(|| Err(unknown("chart", name, &charts())))
}

/// The number or short text called `name`, as it should read in a sentence.
pub fn value(name: &str) -> Result<String> {
    page(name)
        .and_then(|p| (p.value)(name))
        .unwrap_or_else(|| Err(unknown("value", name, &values())))
}

/// The widget called `name`.
pub fn widget(name: &str) -> Result<Widget> {
    page(name)
        .and_then(|p| (p.widget)(name))
        .unwrap_or_else(|| Err(unknown("widget", name, &widgets())))
}

fn unknown(kind: &str, name: &str, known: &[&str]) -> anyhow::Error {
    if known.is_empty() {
        return anyhow!("unknown {kind} `{name}`: the catalog has no {kind}s yet");
    }
    anyhow!(
        "unknown {kind} `{name}`; known {kind}s: {}",
        known.join(", ")
    )
}

/// The answer of a page module for a name it does not have.
pub(crate) fn none<T>(_: &str) -> Option<Result<T>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_resolves_and_belongs_to_its_page() {
        for p in &PAGES {
            for name in p.charts.iter().chain(p.values).chain(p.widgets) {
                assert!(
                    name.starts_with(&format!("{}.", p.prefix)),
                    "{name} is listed under {}",
                    p.prefix
                );
            }
        }
        for name in charts() {
            chart(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        for name in values() {
            value(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        for name in widgets() {
            widget(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = chart("intro.nope").unwrap_err().to_string();
        assert!(err.contains("intro.tray"), "{err}");
        assert!(value("nowhere").is_err());
    }
}
