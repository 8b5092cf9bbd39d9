//! The names a page may use, and the library call behind each.
//!
//! Names are `page.thing`, so a reader of a Markdown file can tell where a name is defined and
//! a writer can see every name a page has in one place. Seeds live here, next to the names:
//! the book shows exactly what these calls return.

use anyhow::{Result, anyhow, bail};
use genai_demos::Chart;
use genai_demos::pastry::Tray;

/// The seed of the introduction's tray, also used by `notebooks/00-start-here.ipynb`.
pub const INTRO_TRAY_SEED: u64 = 2024;
/// How many pastries of each kind the introduction's tray holds.
pub const INTRO_TRAY_PER_KIND: usize = 40;

/// Every chart name, for error messages and tests.
pub const CHARTS: &[&str] = &["intro.tray"];
/// Every value name.
pub const VALUES: &[&str] = &["intro.tray-size", "intro.tray-seed", "intro.per-kind"];
/// Every widget name.
pub const WIDGETS: &[&str] = &[];

/// The chart called `name`.
pub fn chart(name: &str) -> Result<Chart> {
    Ok(match name {
        "intro.tray" => Tray::bake(INTRO_TRAY_SEED, INTRO_TRAY_PER_KIND)?.chart()?,
        _ => return Err(unknown("chart", name, CHARTS)),
    })
}

/// The number or short text called `name`, as it should read in a sentence.
pub fn value(name: &str) -> Result<String> {
    Ok(match name {
        "intro.tray-size" => Tray::bake(INTRO_TRAY_SEED, INTRO_TRAY_PER_KIND)?
            .pastries
            .len()
            .to_string(),
        "intro.tray-seed" => INTRO_TRAY_SEED.to_string(),
        "intro.per-kind" => INTRO_TRAY_PER_KIND.to_string(),
        _ => return Err(unknown("value", name, VALUES)),
    })
}

/// The widget called `name`.
pub fn widget(name: &str) -> Result<Widget> {
    bail!("{}", unknown("widget", name, WIDGETS))
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

/// A widget as a page carries it: the data its script reads, and the HTML shown without
/// JavaScript.
pub struct Widget {
    /// Which script drives it (`data-widget` in the page).
    pub kind: &'static str,
    /// The data, from the library's serde types.
    pub data: serde_json::Value,
    /// Plain HTML with the same content, for readers without JavaScript.
    pub fallback: String,
}

impl Widget {
    /// The widget's HTML: the fallback, with the data in a JSON script block beside it.
    pub fn to_html(&self, name: &str) -> String {
        // `</` inside the JSON would close the script element early.
        let json = self.data.to_string().replace("</", "<\\/");
        format!(
            "<div class=\"genai-widget\" data-widget=\"{}\" id=\"widget-{name}\">\n{}\n<script type=\"application/json\" class=\"genai-widget-data\">{json}</script>\n</div>",
            self.kind, self.fallback
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_resolves() {
        for name in CHARTS {
            chart(name).unwrap();
        }
        for name in VALUES {
            value(name).unwrap();
        }
        for name in WIDGETS {
            widget(name).unwrap();
        }
    }

    #[test]
    fn the_tray_size_is_both_kinds() {
        assert_eq!(
            value("intro.tray-size").unwrap(),
            (2 * INTRO_TRAY_PER_KIND).to_string()
        );
    }
}
