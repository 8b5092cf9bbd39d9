//! Chapter 1, "Two jobs: telling apart vs. creating": the charts and the widget of
//! `genai_demos::experiments::ch1`, as HTML.

use super::{Page, once};
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget, examples};
use anyhow::Result;
use genai_demos::Chart;
use genai_demos::classify::gaussian::TwoJobs;
use genai_demos::experiments::Figures;
use genai_demos::experiments::ch1::{self, Creation, Experiment, Models, POSITIVE, Verdict};
use genai_demos::measure::metrics::Classification;
use genai_demos::show::wording::{context_words, stated};
use serde::Serialize;
use std::sync::OnceLock;

/// How many held-out messages of each label the widget shows besides the mistakes.
const SHOWN_PER_LABEL: usize = 3;
/// At most this many mistakes in the widget.
const SHOWN_MISTAKES: usize = 2;

pub(super) const PAGE: Page = Page {
    prefix: "ch1",
    charts: &[
        "ch1.loss",
        "ch1.filter-confusion",
        "ch1.bayes-confusion",
        "ch1.missed-filter",
        "ch1.missed-bayes",
        "ch1.two-jobs",
    ],
    widgets: &["ch1.flip"],
    figures,
    chart,
    widget: |_| flip(),
};

/// The chapter's models, trained once per build.
pub fn trained() -> Result<&'static Models> {
    static CELL: OnceLock<Result<Models, String>> = OnceLock::new();
    once(&CELL, || Experiment::default().train())
}

fn figures() -> Result<&'static Figures> {
    static CELL: OnceLock<Result<Figures, String>> = OnceLock::new();
    let t = trained()?;
    once(&CELL, || t.figures())
}

fn two_jobs() -> Result<&'static TwoJobs> {
    static CELL: OnceLock<Result<TwoJobs, String>> = OnceLock::new();
    once(&CELL, ch1::two_jobs)
}

fn chart(name: &str) -> Result<Chart> {
    let t = trained()?;
    Ok(match name {
        "ch1.loss" => t.filter.loss_chart()?,
        "ch1.filter-confusion" => t.filter_report()?.confusion.chart()?,
        "ch1.bayes-confusion" => t.bayes_report()?.confusion.chart()?,
        "ch1.missed-filter" => t.missed()?.chart()?,
        "ch1.missed-bayes" => t.verdicts(&t.missed()?.text)?.bayes.chart()?,
        _ => two_jobs()?.chart()?,
    })
}

/// The widget's data: how the models were trained, and what each face shows.
#[derive(Debug, Clone, Serialize)]
pub struct FlipData {
    /// The seed of the training/test split.
    pub split_seed: u64,
    /// The share held back for testing.
    pub test_fraction: f64,
    /// The filter's training settings.
    pub settings: genai_demos::classify::logistic::Settings,
    /// Naive Bayes's smoothing.
    pub alpha: f64,
    /// The held-out messages of the "Telling apart" face.
    pub telling_apart: Vec<Verdict>,
    /// The writer's n.
    pub writer_order: usize,
    /// The brand-new messages of the "Creating" face, for each label in turn.
    pub creating: Vec<Creation>,
}

/// One answer as a sentence with a bar: "The filter says spam: P(spam) = 97.3%".
fn answer_html(who: &str, answer: &Classification, class: &str) -> Result<String> {
    let p = answer.probability(POSITIVE)?;
    Ok(format!(
        "<p class=\"{class}\">{who} says <strong class=\"genai-verdict\">{}</strong>: \
         P(spam) {}\n<span class=\"genai-prob\" aria-hidden=\"true\"><span class=\"genai-prob-fill\" style=\"width: {:.1}%\"></span></span></p>",
        escape_html(&answer.label),
        stated(p),
        100.0 * p
    ))
}

fn verdict_html(v: &Verdict) -> Result<String> {
    let truth = escape_html(&v.truth);
    let (class, right) = if v.filter.label == v.truth {
        ("genai-right", "right")
    } else {
        ("genai-wrong", "<strong>wrong</strong>")
    };
    Ok(format!(
        "<p class=\"genai-message\">{}</p>\n{}\n<p class=\"genai-truth {class}\">A person labelled it {truth}: the filter is {right}.</p>\n{}",
        escape_html(&v.filter.text),
        answer_html("The spam filter", &v.filter, "genai-filter-answer")?,
        answer_html(
            "Naive Bayes (the generative model)",
            &v.bayes,
            "genai-bayes-answer"
        )?
    ))
}

fn creation_html(c: &Creation) -> Result<String> {
    let (w, check) = (&c.written, &c.written.check);
    let verdict = if check.is_copy {
        "<strong>a copy</strong>: this exact message is in the training data.".to_string()
    } else if check.longest_copied_run == 0 {
        "<strong>new</strong>: not one of its words comes from a training message.".to_string()
    } else {
        format!(
            "<strong>new</strong>: it is not any training message. The longest stretch it shares \
             with one is {} of its {} pieces, “{}”, from the {} message “{}”.",
            check.longest_copied_run,
            check.pieces,
            escape_html(&check.longest_copied_text),
            escape_html(&check.nearest_label),
            escape_html(&check.nearest)
        )
    };
    Ok(format!(
        "<p class=\"genai-message\">{}</p>\n<p class=\"genai-written-meta\">Written for the label \
         <strong>{}</strong> from seed {}, one word at a time.</p>\n<p class=\"genai-copy-check\">Copy check: {verdict}</p>\n{}",
        escape_html(&w.text),
        escape_html(&w.label),
        w.seed,
        answer_html("The spam filter", &c.filter, "genai-filter-answer")?
    ))
}

/// What the live "Creating" control starts with: the labels, spam first, and the first seed.
#[derive(Debug, Clone, Serialize)]
pub struct WriteStart {
    /// The labels the writer knows, in the order the page shows them.
    pub labels: Vec<String>,
    /// The label chosen at first.
    pub label: String,
    /// The seed in the seed field at first.
    pub seed: u64,
}

fn flip() -> Result<Widget> {
    let t = trained()?;
    let shown = t.shown(SHOWN_PER_LABEL, SHOWN_MISTAKES)?;
    let items: Vec<String> = shown.iter().map(verdict_html).collect::<Result<_>>()?;
    let telling = format!(
        "<p>Messages the models never saw while learning. The spam filter gives each one a \
         label and a probability.</p>\n{}",
        examples(&items)
    );
    let creations = t.creations()?;
    let mut choices = String::from(
        "<div class=\"genai-choices\" data-choices-label=\"Write a new message labelled\">\n",
    );
    for label in t.labels() {
        let mine = creations.iter().filter(|c| c.written.label == label);
        let items: Vec<String> = mine.map(creation_html).collect::<Result<_>>()?;
        let l = escape_html(&label);
        choices.push_str(&format!(
            "<section class=\"genai-choice\" data-label=\"{l}\">\n<h5 class=\"genai-choice-title\">New {l}</h5>\n{}\n</section>\n",
            examples(&items)
        ));
    }
    choices.push_str("</div>");
    let creating = format!(
        "<p>Brand-new messages from the writer: one model of each label, which picks every word \
         from what followed {} in that label's training messages.</p>\n{choices}",
        context_words(genai_demos::generate::spam_writer::ORDER)
    );
    let recipe = Experiment::default();
    let first_text = shown.first().map(|v| v.filter.text.clone());
    let data = FlipData {
        split_seed: recipe.split_seed,
        test_fraction: recipe.test_fraction,
        settings: t.filter.settings().clone(),
        alpha: recipe.alpha,
        telling_apart: shown,
        writer_order: recipe.writer_order,
        creating: creations,
    };
    let write_start = WriteStart {
        label: POSITIVE.to_string(),
        labels: t.labels(),
        seed: *ch1::WRITE_SEEDS.start(),
    };
    let panels = [
        Panel {
            label: "Telling apart".into(),
            html: telling,
        },
        Panel {
            label: "Creating".into(),
            html: creating,
        },
    ];
    let text = serde_json::json!({ "text": first_text.unwrap_or_default() });
    Ok(
        Widget::tabs("Two jobs on the same messages", &panels, data)?
            .with_live(Live::new("classify", Some("Telling apart"), &recipe, text)?)
            .with_live(Live::new("write", Some("Creating"), &recipe, write_start)?),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widget_shows_both_faces_and_trains_live_like_the_page() {
        let w = flip().unwrap();
        assert!(w.fallback.contains("Telling apart") && w.fallback.contains("Creating"));
        assert!(w.fallback.contains("Copy check: <strong>new</strong>"));
        assert!(w.fallback.contains("wrong"));
        let kinds: Vec<&str> = w.live.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["classify", "write"]);
        let live: Experiment = serde_json::from_value(w.live[0].recipe.clone()).unwrap();
        assert_eq!(live.train().unwrap().filter, trained().unwrap().filter);
    }
}
