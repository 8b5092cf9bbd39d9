//! What chapter 2's text and code models are used for besides writing: answering a question by
//! continuing it, and pointing at the token of a program that looks wrong.
//!
//! The names start with `uses.` and appear on the modalities page (and in its Text tab).

use super::{Page, none};
use crate::directive::escape_html;
use anyhow::{Result, anyhow};
use genai_demos::Chart;
use genai_demos::generate::answering::{Answer, Answerer, QaSection, bakery_pairs};
use genai_demos::generate::code::rust_model;
use genai_demos::measure::surprise::{PLANTED, Surprise, surprise};

/// The answering model's n: it looks back five pieces, so when it starts an answer it still
/// sees the question's last two words (then `?`, `answer` and `:`).
pub const QA_N: usize = 6;
/// The seen questions the Text tab asks, by their place in the training pairs.
pub const QA_SEEN: [usize; 3] = [2, 5, 10];
/// The seen question the prose follows.
const QA_SEEN_PROSE: usize = 2;
/// The held-out question the prose follows.
const QA_UNSEEN_PROSE: usize = 1;
/// The code model's n for the surprise check: the chapter's own code model.
pub const SURPRISE_N: usize = super::ch2::CODE_N;

pub(super) const PAGE: Page = Page {
    prefix: "uses",
    charts: &["uses.code-surprise"],
    values: &[
        "uses.qa-n",
        "uses.qa-context",
        "uses.qa-pairs",
        "uses.qa-seen-question",
        "uses.qa-seen-answer",
        "uses.qa-unseen-question",
        "uses.qa-unseen-answer",
        "uses.qa-unseen-truth",
        "uses.qa-unseen-replayed",
        "uses.surprise-n",
        "uses.surprise-worst",
        "uses.surprise-line",
        "uses.surprise-bits",
        "uses.surprise-next-bits",
        "uses.surprise-suggestion",
        "uses.surprise-suggestion-percent",
    ],
    widgets: &[],
    chart,
    value,
    widget: none,
};

fn section() -> Result<QaSection> {
    Ok(bakery_pairs()?)
}

fn answerer() -> Result<Answerer> {
    Ok(Answerer::bakery(QA_N)?)
}

fn seen(i: usize) -> Result<Answer> {
    let pairs = section()?;
    let pair = pairs
        .train
        .get(i)
        .ok_or_else(|| anyhow!("no training pair {i}"))?;
    Ok(answerer()?.answer(&pair.question)?)
}

fn unseen(i: usize) -> Result<(Answer, String)> {
    let pairs = section()?;
    let pair = pairs
        .held_out
        .get(i)
        .ok_or_else(|| anyhow!("no held-out pair {i}"))?;
    Ok((answerer()?.answer(&pair.question)?, pair.answer.clone()))
}

/// The training question whose answer the model replayed for an unseen one.
fn replayed_question(answer: &Answer) -> Result<String> {
    let copied = answer.copied_from.as_ref().ok_or_else(|| {
        anyhow!(
            "the answer to {:?} is not a training answer",
            answer.question
        )
    })?;
    section()?
        .train
        .iter()
        .find(|p| &p.answer == copied)
        .map(|p| p.question.clone())
        .ok_or_else(|| anyhow!("no training question answers {copied:?}"))
}

fn scored() -> Result<Surprise> {
    Ok(surprise(&rust_model(SURPRISE_N)?, PLANTED)?)
}

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
    for &i in &QA_SEEN {
        row(&seen(i)?, None);
    }
    for i in 0..section()?.held_out.len() {
        let (answer, truth) = unseen(i)?;
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

fn chart(name: &str) -> Option<Result<Chart>> {
    match name {
        "uses.code-surprise" => Some(scored().and_then(|s| Ok(s.chart()?))),
        _ => None,
    }
}

fn value(name: &str) -> Option<Result<String>> {
    let made = match name {
        "uses.qa-n" => Ok(QA_N.to_string()),
        "uses.qa-context" => Ok((QA_N - 1).to_string()),
        "uses.qa-pairs" => section().map(|s| s.train.len().to_string()),
        "uses.qa-seen-question" => seen(QA_SEEN_PROSE).map(|a| a.question),
        "uses.qa-seen-answer" => seen(QA_SEEN_PROSE).map(|a| a.answer),
        "uses.qa-unseen-question" => unseen(QA_UNSEEN_PROSE).map(|(a, _)| a.question),
        "uses.qa-unseen-answer" => unseen(QA_UNSEEN_PROSE).map(|(a, _)| a.answer),
        "uses.qa-unseen-truth" => unseen(QA_UNSEEN_PROSE).map(|(_, truth)| truth),
        "uses.qa-unseen-replayed" => {
            unseen(QA_UNSEEN_PROSE).and_then(|(a, _)| replayed_question(&a))
        }
        "uses.surprise-n" => Ok(SURPRISE_N.to_string()),
        "uses.surprise-worst" => scored().and_then(|s| {
            s.worst_token()
                .map(|t| t.token.clone())
                .ok_or_else(|| anyhow!("no tokens"))
        }),
        "uses.surprise-line" => scored().and_then(|s| {
            s.worst_token()
                .map(|t| (t.line + 1).to_string())
                .ok_or_else(|| anyhow!("no tokens"))
        }),
        "uses.surprise-bits" => scored().and_then(|s| {
            s.worst_token()
                .map(|t| format!("{:.0}", t.bits))
                .ok_or_else(|| anyhow!("no tokens"))
        }),
        // The most surprising of all the other tokens: how far the planted one stands out.
        "uses.surprise-next-bits" => scored().map(|s| format!("{:.0}", s.runner_up_bits())),
        "uses.surprise-suggestion" => scored().map(|s| s.suggestion),
        "uses.surprise-suggestion-percent" => {
            scored().map(|s| format!("{:.0}%", 100.0 * s.suggestion_probability))
        }
        _ => return None,
    };
    Some(made)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prose_follows_a_right_answer_and_a_replayed_one() {
        let right = seen(QA_SEEN_PROSE).unwrap();
        assert!(right.seen);
        let truth = &section().unwrap().train[QA_SEEN_PROSE].answer;
        assert_eq!(&right.answer, truth);
        let (wrong, truth) = unseen(QA_UNSEEN_PROSE).unwrap();
        assert!(!wrong.seen);
        assert_ne!(wrong.answer, truth);
        assert!(!replayed_question(&wrong).unwrap().is_empty());
    }

    #[test]
    fn the_text_tab_block_has_every_question() {
        let html = answers_html().unwrap();
        let rows = html.matches("<tr><td>").count();
        assert_eq!(rows, QA_SEEN.len() + section().unwrap().held_out.len());
        assert!(html.contains("a person would say"));
    }

    #[test]
    fn the_planted_mistake_and_its_fix_are_named() {
        assert_eq!(value("uses.surprise-worst").unwrap().unwrap(), "-=");
        assert_eq!(value("uses.surprise-suggestion").unwrap().unwrap(), "+=");
    }
}
