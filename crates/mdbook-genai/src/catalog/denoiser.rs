//! Chapter 2's description-reading denoiser: the guidance sweep chart, its figures and the live
//! drawing widget, from `genai_demos::experiments::denoiser` on the committed weights.

use super::{Page, once};
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget};
use anyhow::{Result, anyhow};
use genai_demos::experiments::Figures;
use genai_demos::experiments::denoiser::{
    self, Drawing, GUIDANCE, PAGE_PROMPT, PAGE_SEED, SweepPoint,
};
use genai_demos::pictures::judge::Judgement;
use genai_demos::show::wording::percent;
use serde::Serialize;
use std::sync::OnceLock;

pub(super) const PAGE: Page = Page {
    prefix: "denoiser",
    charts: &["denoiser.sweep"],
    widgets: &["denoiser.draw"],
    figures,
    chart: |name| match name {
        "denoiser.sweep" => Ok(denoiser::sweep_chart(sweep()?)?),
        other => Err(anyhow!("no denoiser chart called {other}")),
    },
    widget: |_| draw_widget(),
};

/// The sweep over guidance strengths, made once per build.
fn sweep() -> Result<&'static Vec<SweepPoint>> {
    static CELL: OnceLock<Result<Vec<SweepPoint>, String>> = OnceLock::new();
    once(&CELL, denoiser::sweep)
}

/// The judgement at the chapter's guidance, made once per build.
fn judged() -> Result<&'static Judgement> {
    static CELL: OnceLock<Result<Judgement, String>> = OnceLock::new();
    once(&CELL, || denoiser::judge_at(GUIDANCE))
}

/// The page's first drawing, made once per build.
fn drawing() -> Result<&'static Drawing> {
    static CELL: OnceLock<Result<Drawing, String>> = OnceLock::new();
    once(&CELL, || {
        let (net, sorter) = denoiser::models()?;
        denoiser::draw(&net, &sorter, PAGE_PROMPT, PAGE_SEED, GUIDANCE)
    })
}

fn figures() -> Result<&'static Figures> {
    static CELL: OnceLock<Result<Figures, String>> = OnceLock::new();
    let j = judged()?;
    once(&CELL, || {
        let net = genai_demos::pictures::denoiser::Denoiser::committed()?;
        Ok(denoiser::figures(j, &net))
    })
}

/// What the live control starts with.
#[derive(Serialize)]
struct Start {
    prompt: &'static str,
    seed: u64,
    guidance: f64,
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
    let panels = [Panel {
        label: label.into(),
        html,
    }];
    let start = Start {
        prompt: PAGE_PROMPT,
        seed: PAGE_SEED,
        guidance: GUIDANCE,
    };
    Ok(
        Widget::tabs("The denoiser that reads the description", &panels, d)?.with_live(Live::new(
            "denoiser",
            Some(label),
            (),
            start,
        )?),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widget_shows_five_frames_and_the_sorters_reading() {
        let w = draw_widget().unwrap();
        assert_eq!(
            w.fallback.matches("<img class=\"genai-picture\"").count(),
            5
        );
        assert!(w.fallback.contains("The sorter reads"));
        assert_eq!(w.live[0].kind, "denoiser");
        let f = figures().unwrap();
        assert!(f.get("net-seen").unwrap().ends_with('%'));
    }
}
