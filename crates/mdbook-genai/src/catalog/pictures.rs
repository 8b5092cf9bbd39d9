//! The pictures pair beside chapter 1's spam filter, and the judge of chapter 2's picture
//! generators: the figures and the widget of `genai_demos::experiments::pictures`, as HTML.

use super::Page;
use crate::directive::escape_html;
use crate::widget::{Panel, Widget, examples, picture};
use anyhow::Result;
use genai_demos::Chart;
use genai_demos::experiments::ch2;
use genai_demos::experiments::pictures::{self, Drawn, Pair, Sorted};
use genai_demos::pictures::describe::Attributes;
use genai_demos::pictures::judge::Judgement;
use genai_demos::show::wording::percent;

pub(super) const PAGE: Page = Page {
    prefix: "pictures",
    charts: &[],
    widgets: &["pictures.pair"],
    figures: || Ok(pair()?.figures(closed_form()?)),
    chart,
    widget: |_| pair_widget(),
};

cached!(
    /// The pair's pictures and the sorter's scores, made once per build.
    pub fn pair() -> Pair = pictures::pair
);
cached!(
    /// The closed-form sampler's judgement, made once per build.
    pub fn closed_form() -> Judgement = ch2::judge_closed_form
);

fn chart(name: &str) -> Result<Chart> {
    super::none(name)
}

/// "a small bold ring at the top left (sure: 99%, 97%, ...)".
fn reading_html(a: &Attributes, sureness: &[f64; 5]) -> String {
    let sure: Vec<String> = sureness.iter().map(|p| percent(*p)).collect();
    format!(
        "The sorter reads <strong class=\"genai-verdict\">{}</strong> (how sure, attribute by \
         attribute: {}).",
        escape_html(&a.to_string()),
        sure.join(", ")
    )
}

fn sorted_html(s: &Sorted) -> Result<String> {
    let right = if s.reading.attributes == s.truth {
        "right"
    } else {
        "<strong>wrong</strong> on at least one attribute"
    };
    let unseen = if s.held_out {
        " Its combination was never in the sorter's training pictures."
    } else {
        ""
    };
    Ok(format!(
        "{}\n<p class=\"genai-reading\">{}</p>\n<p class=\"genai-truth\">It was drawn as {}: the \
         sorter is {right}.{unseen}</p>",
        picture(&s.image, "a fresh picture for the sorter")?,
        reading_html(&s.reading.attributes, &s.reading.sureness),
        escape_html(&s.truth.to_string())
    ))
}

fn drawn_html(d: &Drawn, typical_gap: f64) -> Result<String> {
    let unseen = if d.held_out {
        " No training picture shows this combination."
    } else {
        ""
    };
    let copy = if d.nearest_rms < typical_gap {
        "closer to a training picture than two training pictures usually are to each other: \
         <strong>nearly a copy</strong>"
    } else {
        "<strong>new</strong>: further from every training picture than two training pictures \
         usually are from each other"
    };
    Ok(format!(
        "{}\n<p class=\"genai-written-meta\">Drawn for “{}” from seed {}.{unseen}</p>\n<p \
         class=\"genai-reading\">{} It reads {} of the {} asked attributes back.</p>\n<p \
         class=\"genai-copy-check\">Copy check: {copy} (distance {:.3}).</p>",
        picture(&d.image, &format!("a picture drawn for {}", d.prompt))?,
        escape_html(&d.prompt),
        d.seed,
        reading_html(&d.reading.attributes, &d.reading.sureness),
        d.read_back,
        d.asked,
        d.nearest_rms
    ))
}

fn pair_widget() -> Result<Widget> {
    let p = pair()?;
    let sorted: Vec<String> = p.sorted.iter().map(sorted_html).collect::<Result<_>>()?;
    let drawn: Vec<String> = p
        .drawn
        .iter()
        .map(|d| drawn_html(d, p.typical_gap))
        .collect::<Result<_>>()?;
    let panels = [
        Panel::new(
            "Sorting a picture",
            format!(
                "<p>Fresh pictures the sorter never saw while learning. It reads each \
                 attribute and says how sure it is.</p>\n{}",
                examples(&sorted)
            ),
        ),
        Panel::new(
            "Drawing a picture",
            format!(
                "<p>Pictures drawn from a description by the chapter's first picture model, \
                 each read back by the sorter and checked against the training pictures.</p>\n{}",
                examples(&drawn)
            ),
        ),
    ];
    Widget::tabs("Two jobs on the same pictures", &panels, p)
}
