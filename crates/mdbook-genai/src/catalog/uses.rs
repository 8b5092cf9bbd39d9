//! What chapter 2's text and code models are used for besides writing (answering a question by
//! continuing it, pointing at the token of a program that looks wrong): the chart and the Text
//! tab's block of `genai_demos::experiments::uses`, as HTML.

use super::{Page, none};
use crate::directive::escape_html;
use anyhow::Result;
use genai_demos::experiments::uses::{self, QA_N, QA_SEEN, Run};
use genai_demos::generate::answering::Answer;

pub(super) const PAGE: Page = Page {
    prefix: "uses",
    charts: &["uses.code-surprise"],
    widgets: &[],
    figures: || Ok(run()?.figures()?),
    chart: |_| Ok(run()?.surprise.chart()?),
    widget: none,
};

cached!(fn run() -> Run = uses::run);

/// The Text tab's block: seen and unseen questions, and what the model wrote after each.
pub fn answers_html() -> Result<String> {
    let mut rows = String::new();
    let mut row = |answer: &Answer, truth: Option<&str>| {
        let seen = if answer.seen {
            "yes".to_string()
        } else {
            format!(
                "no; a person would say <q>{}</q>",
                escape_html(truth.unwrap_or_default())
            )
        };
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{seen}</td></tr>",
            escape_html(&answer.question),
            escape_html(&answer.answer)
        ));
    };
    let run = run()?;
    for &i in &QA_SEEN {
        row(&run.seen(i)?, None);
    }
    for i in 0..run.section.held_out.len() {
        let (answer, truth) = run.unseen(i)?;
        row(&answer, Some(&truth));
    }
    Ok(format!(
        "<p><strong>Answering by continuing.</strong> The same kind of model (n = {QA_N}), trained \
         on a short question-and-answer section about the bakery, written as <q>question: … \
         answer: …</q>. Each question below was written in that format, and the model continued \
         the text after <q>answer:</q>, always taking its likeliest next word.</p>\n\
         <table><thead><tr><th>question</th><th>what the model wrote</th><th>in its training \
         text?</th></tr></thead><tbody>{rows}</tbody></table>"
    ))
}
