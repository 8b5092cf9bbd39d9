//! The tiny transformer beside the n-gram (chapter 3, and chapter 2's text and code tabs): the
//! committed results of `genai_demos::experiments::network`, as HTML.

use super::{Page, once};
use crate::widget::{Panel, Widget};
use anyhow::{Result, anyhow};
use genai_demos::Chart;
use genai_demos::experiments::Figures;
use genai_demos::experiments::network::{CODE_RESULTS, NetworkResults, TEXT_RESULTS};
use std::sync::OnceLock;

pub(super) const PAGE: Page = Page {
    prefix: "net",
    charts: &[
        "net.curve",
        "net.perplexity",
        "net.copy",
        "net.attention",
        "net.code-perplexity",
        "net.code-parse",
    ],
    widgets: &["net.neighbours"],
    figures,
    chart,
    widget: |_| neighbours(),
};

/// The committed results: the prose network's, then the code network's.
fn results() -> Result<&'static (NetworkResults, NetworkResults)> {
    static CELL: OnceLock<Result<(NetworkResults, NetworkResults), String>> = OnceLock::new();
    let read = |json: &str| serde_json::from_str(json).map_err(|e| e.to_string());
    let made = CELL.get_or_init(|| Ok((read(TEXT_RESULTS)?, read(CODE_RESULTS)?)));
    made.as_ref()
        .map_err(|e| anyhow!("the network's committed results do not read: {e}"))
}

fn figures() -> Result<&'static Figures> {
    static CELL: OnceLock<Result<Figures, String>> = OnceLock::new();
    let (text, code) = results()?;
    once(&CELL, || {
        let mut figures = Figures::default();
        text.figures("text", &mut figures)?;
        code.figures("code", &mut figures)?;
        Ok(figures)
    })
}

fn chart(name: &str) -> Result<Chart> {
    let (text, code) = results()?;
    Ok(match name {
        "net.curve" => text.curve_chart()?,
        "net.perplexity" => text.perplexity_chart()?,
        "net.copy" => text.copy_chart()?,
        "net.attention" => text.attention_chart()?,
        "net.code-perplexity" => code.perplexity_chart()?,
        _ => code.parse_chart()?,
    })
}

/// The nearest words of a few words, for the prose network and the code network.
fn neighbours() -> Result<Widget> {
    let (text, code) = results()?;
    let panels = [("Prose", text), ("Code", code)].map(|(label, r)| Panel {
        label: label.to_string(),
        html: r.neighbours_table().to_html(),
    });
    let data = [&text.neighbours, &code.neighbours];
    Widget::tabs("Nearest words in the networks' embeddings", &panels, data)
}
