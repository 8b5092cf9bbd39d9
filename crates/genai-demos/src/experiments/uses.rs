//! What chapter 2's text and code models are used for besides writing: answering a question
//! by continuing it, and pointing at the token of a program that looks wrong.
//!
//! ```
//! use genai_demos::experiments::uses;
//!
//! let run = uses::run()?;
//! assert!(run.seen(uses::QA_SEEN_PROSE)?.seen);
//! # Ok::<(), genai_demos::Error>(())
//! ```

use super::{Figures, ch2};
use crate::generate::answering::{Answer, Answerer, QaSection, bakery_pairs};
use crate::generate::code::rust_model;
use crate::measure::surprise::{PLANTED, Surprise, surprise};
use crate::show::wording::whole_percent;
use crate::{Error, Result};

/// The answering model's n: it looks back five pieces, so when it starts an answer it still
/// sees the question's last two words (then `?`, `answer` and `:`).
pub const QA_N: usize = 6;
/// The seen questions the Text tab asks, by their place in the training pairs.
pub const QA_SEEN: [usize; 3] = [2, 5, 10];
/// The seen question the prose follows.
pub const QA_SEEN_PROSE: usize = 2;
/// The held-out question the prose follows.
pub const QA_UNSEEN_PROSE: usize = 1;
/// The code model's n for the surprise check: the chapter's own code model.
pub const SURPRISE_N: usize = ch2::CODE_N;

/// The answering model with its questions, and the planted mistake scored.
#[derive(Debug, Clone)]
pub struct Run {
    /// The question-and-answer section, split into training and held-out pairs.
    pub section: QaSection,
    /// The model that answers by continuing.
    pub answerer: Answerer,
    /// How surprising each token of the planted program is.
    pub surprise: Surprise,
}

/// Trains the answering model and scores the planted program.
pub fn run() -> Result<Run> {
    Ok(Run {
        section: bakery_pairs()?,
        answerer: Answerer::bakery(QA_N)?,
        surprise: surprise(&rust_model(SURPRISE_N)?, PLANTED)?,
    })
}

fn missing(what: String) -> Error {
    Error::EmptyInput { what }
}

impl Run {
    /// The model's answer to training question `i`.
    pub fn seen(&self, i: usize) -> Result<Answer> {
        let pair = self.section.train.get(i);
        let pair = pair.ok_or_else(|| missing(format!("training pair {i}")))?;
        self.answerer.answer(&pair.question)
    }

    /// The model's answer to held-out question `i`, and a person's answer.
    pub fn unseen(&self, i: usize) -> Result<(Answer, String)> {
        let pair = self.section.held_out.get(i);
        let pair = pair.ok_or_else(|| missing(format!("held-out pair {i}")))?;
        Ok((self.answerer.answer(&pair.question)?, pair.answer.clone()))
    }

    /// The training question whose answer the model replayed for an unseen one.
    pub fn replayed_question(&self, answer: &Answer) -> Result<String> {
        let copied = answer.copied_from.as_ref();
        let copied = copied
            .ok_or_else(|| missing(format!("a training answer for {:?}", answer.question)))?;
        let found = self.section.train.iter().find(|p| &p.answer == copied);
        found
            .map(|p| p.question.clone())
            .ok_or_else(|| missing(format!("a training question answered {copied:?}")))
    }

    /// The figures the pages print, worded by [`crate::show::wording`].
    pub fn figures(&self) -> Result<Figures> {
        let mut f = Figures::default();
        f.put("qa-n", QA_N);
        f.put("qa-context", QA_N - 1);
        f.put("qa-pairs", self.section.train.len());
        let seen = self.seen(QA_SEEN_PROSE)?;
        f.put("qa-seen-question", seen.question);
        f.put("qa-seen-answer", seen.answer);
        let (unseen, truth) = self.unseen(QA_UNSEEN_PROSE)?;
        f.put("qa-unseen-replayed", self.replayed_question(&unseen)?);
        f.put("qa-unseen-question", unseen.question);
        f.put("qa-unseen-answer", unseen.answer);
        f.put("qa-unseen-truth", truth);
        let s = &self.surprise;
        let worst = s.worst_token().ok_or_else(|| missing("tokens".into()))?;
        f.put("surprise-n", SURPRISE_N);
        f.put("surprise-worst", &worst.token);
        f.put("surprise-line", worst.line + 1);
        f.put("surprise-bits", format!("{:.0}", worst.bits));
        // The most surprising of all the other tokens: how far the planted one stands out.
        f.put("surprise-next-bits", format!("{:.0}", s.runner_up_bits()));
        f.put("surprise-suggestion", &s.suggestion);
        f.put(
            "surprise-suggestion-percent",
            whole_percent(s.suggestion_probability),
        );
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prose_follows_a_right_answer_and_a_replayed_one() {
        let run = run().unwrap();
        let right = run.seen(QA_SEEN_PROSE).unwrap();
        assert!(right.seen);
        assert_eq!(right.answer, run.section.train[QA_SEEN_PROSE].answer);
        let (wrong, truth) = run.unseen(QA_UNSEEN_PROSE).unwrap();
        assert!(!wrong.seen);
        assert_ne!(wrong.answer, truth);
        let f = run.figures().unwrap();
        assert!(!f.get("qa-unseen-replayed").unwrap().is_empty());
        assert_eq!(f.get("surprise-worst"), Some("-="));
        assert_eq!(f.get("surprise-suggestion"), Some("+="));
    }
}
