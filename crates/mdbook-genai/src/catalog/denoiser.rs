//! Chapter 2's description-reading denoiser: the guidance sweep chart, its figures and the live
//! drawing widget, from `genai_demos::experiments::denoiser` on the committed weights.

use super::Page;
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget};
use anyhow::{Result, anyhow};
use genai_demos::experiments::denoiser::{
    self, Drawing, GUIDANCE, PAGE_PROMPT, PAGE_SEED, SweepPoint,
};
use genai_demos::pictures::judge::Judgement;
use genai_demos::show::wording::percent;

pub(super) const PAGE: Page = Page {
    prefix: "denoiser",
    charts: &["denoiser.sweep"],
    widgets: &["denoiser.draw"],
    figures: || {
        let net = genai_demos::pictures::denoiser::Denoiser::committed()?;
        Ok(denoiser::figures(judged()?, &net))
    },
    chart: |name| match name {
        "denoiser.sweep" => Ok(denoiser::sweep_chart(sweep()?)?),
        other => Err(anyhow!("no denoiser chart called {other}")),
    },
    widget: |_| draw_widget(),
};

cached!(
    /// The sweep over guidance strengths, made once per build.
    fn sweep() -> Vec<SweepPoint> = denoiser::sweep
);
cached!(
    /// The judgement at the chapter's guidance, made once per build.
    fn judged() -> Judgement = || denoiser::judge_at(GUIDANCE)
);
cached!(
    /// The page's first drawing, made once per build.
    fn drawing() -> Drawing = || {
        let (net, sorter) = denoiser::models()?;
        denoiser::draw(&net, &sorter, PAGE_PROMPT, PAGE_SEED, GUIDANCE)
    }
);

/// Makes the denoiser's results (the slowest of the book: hundreds of drawings) so that the
/// pages before chapter 2 are expanded meanwhile; an error is reported where a page asks.
pub(super) fn warm() {
    let _ = (sweep(), judged(), drawing());
}

/// The built page's drawing: five frames from noise to picture and the sorter's reading; the
/// live control replaces it with a step slider over every frame.
fn draw_widget() -> Result<Widget> {
    let d = drawing()?;
    let last = d.frames.len().saturating_sub(1);
    let mut frames = String::new();
    for i in [0, last / 4, last / 2, 3 * last / 4, last] {
        let alt = format!("step {} of {last} for {}", last - i, d.prompt);
        frames.push_str(&format!(
            "<img class=\"genai-picture\" src=\"{}\" width=\"80\" height=\"80\" alt=\"{}\">",
            d.frames[i].data_uri()?,
            escape_html(&alt)
        ));
    }
    let a = &d.reading.attributes;
    let html = format!(
        "<p>“{}”, seed {}, guidance {}: from noise (left) to picture (right).</p>\n<p \
         class=\"genai-denoiser-frames\">{frames}</p>\n<p class=\"genai-reading\">The sorter \
         reads: {a} (sure of the shape: {}). It reads {} of the {} asked attributes back.</p>",
        escape_html(&d.prompt),
        d.seed,
        d.guidance,
        percent(d.reading.sureness[0]),
        d.read_back,
        d.asked
    );
    let label = "Drawing from a description";
    let panels = [Panel::new(label, html)];
    let start =
        serde_json::json!({ "prompt": PAGE_PROMPT, "seed": PAGE_SEED, "guidance": GUIDANCE });
    Ok(
        Widget::tabs("The denoiser that reads the description", &panels, d)?.with_live(Live::new(
            "denoiser",
            Some(label),
            (),
            start,
        )?),
    )
}
