//! Chapter 1, "Two jobs: telling apart vs. creating": the charts and the widget of
//! `genai_demos::experiments::ch1`, as HTML.

use super::Page;
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget, examples};
use anyhow::Result;
use genai_demos::Chart;
use genai_demos::classify::gaussian::TwoJobs;
use genai_demos::experiments::ch1::{self, Creation, Experiment, Models, POSITIVE, Verdict};
use genai_demos::measure::metrics::Classification;
use genai_demos::show::wording::{context_words, stated};

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
    figures: || Ok(trained()?.figures()?),
    chart,
    widget: |_| flip(),
};

cached!(
    /// The chapter's models, trained once per build.
    pub fn trained() -> Models = || Experiment::default().train()
);
cached!(fn two_jobs() -> TwoJobs = ch1::two_jobs);

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

fn flip() -> Result<Widget> {
    let (t, recipe) = (trained()?, Experiment::default());
    let data = recipe.flip(t)?;
    let items: Vec<String> = data
        .telling_apart
        .iter()
        .map(verdict_html)
        .collect::<Result<_>>()?;
    let telling = format!(
        "<p>Messages the models never saw while learning. The spam filter gives each one a \
         label and a probability.</p>\n{}",
        examples(&items)
    );
    let mut choices = String::from(
        "<div class=\"genai-choices\" data-choices-label=\"Write a new message labelled\">\n",
    );
    for label in t.labels() {
        let mine = data.creating.iter().filter(|c| c.written.label == label);
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
    let first_text = data.telling_apart.first().map(|v| v.filter.text.clone());
    let panels = [
        Panel::new("Telling apart", telling),
        Panel::new("Creating", creating),
    ];
    let text = serde_json::json!({ "text": first_text.unwrap_or_default() });
    Ok(
        Widget::tabs("Two jobs on the same messages", &panels, data)?
            .with_live(Live::new("classify", Some("Telling apart"), &recipe, text)?)
            .with_live(Live::new(
                "write",
                Some("Creating"),
                &recipe,
                t.write_start(),
            )?),
    )
}
