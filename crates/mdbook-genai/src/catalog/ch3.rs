//! Chapter 3, "How it actually generates": the charts and widgets of
//! `genai_demos::experiments::ch3`, as HTML.

use super::Page;
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget};
use anyhow::Result;
use genai_demos::Chart;
use genai_demos::experiments::ch3::{self, Run, STEPPER_RUNS, STEPPER_SEED, TextRecipe};
use genai_demos::generate::ngram;
use genai_demos::generate::sampling;
use genai_demos::measure::copying;
use genai_demos::show::wording::rough_percent;

pub(super) const PAGE: Page = Page {
    prefix: "ch3",
    charts: &[
        "ch3.counts",
        "ch3.temperature",
        "ch3.copy-by-n",
        "ch3.copy-by-temperature",
        "ch3.perplexity",
    ],
    widgets: &["ch3.stepper", "ch3.temperature-samples", "ch3.copy-check"],
    figures: || Ok(run()?.figures()?),
    chart,
    widget: |name| match name {
        "ch3.stepper" => stepper(),
        "ch3.temperature-samples" => temperature_samples(),
        _ => copy_check(),
    },
};

cached!(
    /// The chapter's models and measurements, made once per build.
    pub fn run() -> Run = ch3::run
);

fn chart(name: &str) -> Result<Chart> {
    let run = run()?;
    Ok(match name {
        "ch3.counts" => run.model.next_piece_chart(ch3::CONTEXT)?,
        "ch3.temperature" => {
            sampling::temperature_chart(&run.model, ch3::CONTEXT, &ch3::TEMPERATURES)?
        }
        "ch3.copy-by-n" => copying::order_sweep_chart(&run.by_n)?,
        "ch3.copy-by-temperature" => copying::temperature_sweep_chart(&run.by_temperature)?,
        _ => ngram::perplexity_chart(ch3::PERPLEXITY_MAX_N, &ch3::PERPLEXITY_KS)?,
    })
}

/// The stepper: Back, Next and Reset through real traces; without JavaScript, a table each.
fn stepper() -> Result<Widget> {
    let data = run()?.stepper_data()?;
    let first = &STEPPER_RUNS[0];
    let start = serde_json::json!({
        "prompt": first.prompt,
        "seed": STEPPER_SEED,
        "temperature": first.temperature,
    });
    let label = "Step through a real sampling trace";
    let live = Live::new("generate", None, TextRecipe::default(), start)?;
    Ok(Widget::stepper(label, &data)?.with_live(live))
}

/// The same prompt written cold, normal and hot, two seeds each.
fn temperature_samples() -> Result<Widget> {
    let samples = run()?.temperature_samples()?;
    let mut panels = Vec::new();
    for (t, mood) in ch3::TEMPERATURES.iter().zip(["cold", "normal", "hot"]) {
        let mut html = String::new();
        for s in samples.iter().filter(|s| s.temperature == *t) {
            let text = escape_html(&s.text.replace("\n\n", " \u{b6} "));
            html.push_str(&format!(
                "<p><strong>Seed {}:</strong> {text}\u{2026}</p>\n",
                s.seed
            ));
        }
        let label = format!("Temperature {t} ({mood})");
        panels.push(Panel::new(label, html));
    }
    Widget::tabs("Samples at three temperatures", &panels, &samples)
}

/// One generated text per n, its first sentences labelled "in the training set" or "new".
fn copy_check() -> Result<Widget> {
    let (mut panels, mut reports) = (Vec::new(), Vec::new());
    let run = run()?;
    for n in ch3::COPY_CHECK_NS {
        let report = run.report_for(n)?;
        let share = |length| report.share(length).map_or("no".to_string(), rough_percent);
        let mut html = format!(
            "<p>Runs of 5 pieces found word for word in the training text: <strong>{}</strong>; of 8: <strong>{}</strong>; of 12: <strong>{}</strong>. Whole sentences found: {} of {}. Longest copied run: <strong>{} pieces</strong>.</p>\n<ul class=\"genai-sentences\">\n",
            share(5),
            share(8),
            share(12),
            report.sentences_in_training,
            report.sentences.len(),
            report.longest_run
        );
        for sentence in report.sentences.iter().take(ch3::COPY_CHECK_SENTENCES) {
            let (class, verdict) = if sentence.in_training {
                ("genai-copied", "in the training set")
            } else {
                ("genai-new", "new")
            };
            html.push_str(&format!(
                "<li class=\"{class}\"><span class=\"genai-verdict\">{verdict}:</span> {}</li>\n",
                escape_html(&sentence.text)
            ));
        }
        html.push_str("</ul>\n");
        panels.push(Panel::new(format!("n = {n}"), html));
        reports.push(report);
    }
    Widget::tabs(
        "Generated sentences, labelled in the training set or new",
        &panels,
        &reports,
    )
}
