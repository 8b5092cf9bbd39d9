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
//! - a `script.genai-live-data` block lists the widget's [`Live`] controls: once the book's
//!   WebAssembly module has loaded, `src/assets/genai-live.js` adds them, and the library
//!   itself answers in the page. Its `data-module` names the module's version; a build
//!   without the module leaves it out, and the page then asks for no module at all.

use crate::directive::escape_html;
use genai_demos::generate::stepper::StepperData;
use genai_demos::show::wording::rough_percent;
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
    /// The live controls the page adds when the WebAssembly module loads.
    pub live: Vec<Live>,
}

/// A live control: the page adds it to a widget once the book's WebAssembly module has loaded,
/// and the reader's input goes to the same library the widget was computed with.
#[derive(Debug, Clone, Serialize)]
pub struct Live {
    /// Which control (`src/assets/genai-live.js` draws each): `classify`, `write`, `generate`,
    /// `image` or `tune`.
    pub kind: &'static str,
    /// The label of the panel the control goes into; `None` puts it at the end of the widget.
    pub panel: Option<String>,
    /// How the model is trained: an experiment of `genai_demos::experiments` (its seeds and settings).
    pub recipe: serde_json::Value,
    /// What the inputs hold at first (the build-time example's prompt, seed, temperature...).
    pub start: serde_json::Value,
}

impl Live {
    /// A live control from its recipe and starting inputs.
    pub fn new(
        kind: &'static str,
        panel: Option<&str>,
        recipe: impl Serialize,
        start: impl Serialize,
    ) -> anyhow::Result<Live> {
        Ok(Live {
            kind,
            panel: panel.map(str::to_string),
            recipe: serde_json::to_value(recipe)?,
            start: serde_json::to_value(start)?,
        })
    }
}

/// One tab of a `tabs` widget.
pub struct Panel {
    /// The tab's label.
    pub label: String,
    /// The panel's HTML.
    pub html: String,
}

impl Panel {
    /// A tab labelled `label` holding `html`.
    pub fn new(label: impl Into<String>, html: String) -> Panel {
        let label = label.into();
        Panel { label, html }
    }
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
            live: Vec::new(),
        })
    }

    /// A `stepper` widget: Back, Next and Reset through real sampling traces; without
    /// JavaScript, a table per trace.
    pub fn stepper(label: &str, data: &StepperData) -> anyhow::Result<Widget> {
        let mut html = String::from("<div class=\"genai-fallback\">\n");
        for trace in &data.traces {
            html.push_str(&format!(
                "<table class=\"genai-trace\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Step</th><th scope=\"col\">Text so far</th><th scope=\"col\">Most likely next pieces</th><th scope=\"col\">Chosen</th><th scope=\"col\">What happened</th></tr></thead>\n<tbody>\n",
                escape_html(&trace.label)
            ));
            for (i, step) in trace.steps.iter().enumerate() {
                let top = step.candidates.iter().take(4);
                let top: Vec<String> = top
                    .map(|c| format!("{} {}", c.piece, rough_percent(c.probability)))
                    .collect();
                html.push_str(&format!(
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td><strong>{}</strong></td><td>{}</td></tr>\n",
                    i + 1,
                    escape_html(&step.text_before.replace("\n\n", " \u{b6} ")),
                    escape_html(&top.join(", ")),
                    escape_html(&step.chosen),
                    escape_html(&step.note)
                ));
            }
            html.push_str("</tbody>\n</table>\n");
        }
        html.push_str("</div>");
        Ok(Widget {
            kind: "stepper",
            label: label.to_string(),
            data: serde_json::to_value(data)?,
            fallback: html,
            live: Vec::new(),
        })
    }

    /// The widget with one more live control.
    pub fn with_live(mut self, live: Live) -> Widget {
        self.live.push(live);
        self
    }

    /// The widget's HTML: the fallback, with the data in a JSON script block beside it.
    pub fn to_html(&self, name: &str) -> String {
        // `</` inside the JSON would close the script element early.
        let json = self.data.to_string().replace("</", "<\\/");
        let mut live = String::new();
        if !self.live.is_empty() {
            let specs = serde_json::to_string(&self.live)
                .unwrap_or_default()
                .replace("</", "<\\/");
            // Which module to load, if this build has one (see `assets::live_module`).
            let module = crate::assets::live_module()
                .map(|tag| format!(" data-module=\"{tag}\""))
                .unwrap_or_default();
            live = format!(
                "\n<script type=\"application/json\" class=\"genai-live-data\"{module}>{specs}</script>"
            );
        }
        // No blank lines: Markdown would end the HTML block there.
        let fallback: Vec<&str> = self
            .fallback
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        format!(
            "<div class=\"genai-widget\" data-widget=\"{}\" data-label=\"{}\" id=\"widget-{name}\">\n{}\n<script type=\"application/json\" class=\"genai-widget-data\">{json}</script>{live}\n</div>",
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

/// A chart as a page shows it, inside a figure, with no blank lines (Markdown would end the
/// HTML block there).
pub fn figure(chart: &genai_demos::Chart) -> String {
    let svg = chart.svg().lines().filter(|l| !l.trim().is_empty());
    let svg: Vec<&str> = svg.collect();
    format!(
        "<figure class=\"genai-figure\">\n{}\n</figure>",
        svg.join("\n")
    )
}

/// A picture as an image, with words for readers who cannot see it.
pub fn picture(image: &genai_demos::pictures::shapes::Image, alt: &str) -> anyhow::Result<String> {
    Ok(format!(
        "<img class=\"genai-picture\" src=\"{}\" width=\"100\" height=\"100\" alt=\"{}\">",
        image.data_uri()?,
        escape_html(alt)
    ))
}

/// A generated text as paragraphs, its opening `prompt` in bold so the reader sees where the
/// model took over (the detokenizer may have capitalised it).
pub fn paragraphs(prompt: &str, text: &str) -> String {
    let mut html = String::new();
    let parts = text.split("\n\n").map(str::trim);
    for (i, part) in parts.filter(|p| !p.is_empty()).enumerate() {
        let prompt = prompt.trim();
        let head = part.get(..prompt.len());
        match head.filter(|h| h.eq_ignore_ascii_case(prompt)) {
            Some(head) if i == 0 && !prompt.is_empty() => html.push_str(&format!(
                "<p class=\"genai-generated\"><strong>{}</strong>{}</p>",
                escape_html(head),
                escape_html(&part[head.len()..])
            )),
            _ => html.push_str(&format!(
                "<p class=\"genai-generated\">{}</p>",
                escape_html(part)
            )),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_mark_the_prompt_and_escape() {
        let text = "The baker said <hello> & left.\n\nNext one.";
        assert_eq!(
            paragraphs("the baker", text),
            "<p class=\"genai-generated\"><strong>The baker</strong> said &lt;hello&gt; &amp; left.</p>\
             <p class=\"genai-generated\">Next one.</p>"
        );
    }
}
