//! Widgets as pages carry them: plain HTML that reads well without JavaScript, plus the
//! library's data as JSON. `src/assets/genai.js` enhances them in the browser.
//!
//! The conventions the script relies on:
//! - `data-widget="tabs"`: each child `section.genai-panel[data-label]` becomes an ARIA tab; a
//!   `.genai-panel-title` heading inside is shown only without JavaScript.
//! - any `ol.genai-examples` of `li.genai-example` items shows one item at a time, with an
//!   "Another example" button.
//! - `data-widget="stepper"`: the JSON holds `{"traces": [{label, steps: [{text_before,
//!   candidates: [{piece, probability}], chosen, note, shown?}]}]}`; the `.genai-fallback`
//!   content (a table per trace) is hidden once the stepper is drawn. `chosen` equals the
//!   `piece` of exactly one candidate, whose bar is marked. The optional `shown` is how the
//!   chosen piece reads after `text_before` (`" oven"`, `"."` with no space, `" ¶"` for a
//!   paragraph's end); without it the script writes a space and `chosen`. Other fields (such as
//!   chapter 3's `trace`, the library's `sampling::Trace` itself) ride along for tests. Back,
//!   Next and Reset buttons, the arrow keys, Home and End move through the steps; a menu picks
//!   the trace.

use crate::directive::escape_html;
use serde::Serialize;

/// A widget: which script drives it, its data, and its plain HTML.
pub struct Widget {
    /// Which script drives it (`data-widget` in the page): `tabs` or `stepper`.
    pub kind: &'static str,
    /// An accessible name for the whole widget.
    pub label: String,
    /// The data, from the library's serde types.
    pub data: serde_json::Value,
    /// Plain HTML with the same content, for readers without JavaScript.
    pub fallback: String,
}

/// One tab of a `tabs` widget.
pub struct Panel {
    /// The tab's label.
    pub label: String,
    /// The panel's HTML.
    pub html: String,
}

impl Widget {
    /// A `tabs` widget from its panels and data.
    pub fn tabs(label: &str, panels: &[Panel], data: impl Serialize) -> anyhow::Result<Widget> {
        let mut fallback = String::new();
        for panel in panels {
            let l = escape_html(&panel.label);
            fallback.push_str(&format!(
                "<section class=\"genai-panel\" data-label=\"{l}\">\n<h4 class=\"genai-panel-title\">{l}</h4>\n{}\n</section>\n",
                panel.html
            ));
        }
        Ok(Widget {
            kind: "tabs",
            label: label.to_string(),
            data: serde_json::to_value(data)?,
            fallback,
        })
    }

    /// The widget's HTML: the fallback, with the data in a JSON script block beside it.
    pub fn to_html(&self, name: &str) -> String {
        // `</` inside the JSON would close the script element early.
        let json = self.data.to_string().replace("</", "<\\/");
        // No blank lines: Markdown would end the HTML block there.
        let fallback: Vec<&str> = self
            .fallback
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        format!(
            "<div class=\"genai-widget\" data-widget=\"{}\" data-label=\"{}\" id=\"widget-{name}\">\n{}\n<script type=\"application/json\" class=\"genai-widget-data\">{json}</script>\n</div>",
            self.kind,
            escape_html(&self.label),
            fallback.join("\n")
        )
    }
}

/// An `ol.genai-examples` list: shown one at a time with a button when JavaScript runs.
pub fn examples(items: &[String]) -> String {
    let mut html = String::from("<ol class=\"genai-examples\">\n");
    for item in items {
        html.push_str(&format!("<li class=\"genai-example\">{item}</li>\n"));
    }
    html.push_str("</ol>");
    html
}
