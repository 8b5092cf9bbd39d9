//! Answering by continuing: how a model that only predicts the next word can answer questions.
//!
//! A chat assistant does not have a separate "answering" part. The question is simply part of
//! the text it continues: written in a fixed format, `question: ... answer:`, the likeliest
//! continuation of that text *is* an answer. This module shows the idea with the book's
//! n-gram model, trained on a short question-and-answer section about the bakery written for
//! the book (`data/bakery_questions.txt`), and it shows the honest limit too: the model can
//! only continue in patterns it has seen, so a question it never met gets the answer to some
//! other question, said just as confidently.

use crate::data::messages::malformed;
use crate::error::{Error, Result};
use crate::generate::ngram::{END, NGram, Style};
use crate::generate::sampling::Sampler;
use crate::text::tokenize;
use serde::{Deserialize, Serialize};

/// The bakery's questions and answers, written for the book.
const BAKERY_QUESTIONS: &str = include_str!("../../data/bakery_questions.txt");

/// The note line that starts the pairs the model never trains on.
const HELD_OUT: &str = "# held out";

/// The longest answer the model may write, in pieces: a safe stop for a model that never
/// writes "end".
const MAX_ANSWER: usize = 40;

/// One question and the answer written for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaPair {
    /// The question, as written.
    pub question: String,
    /// The answer, as written.
    pub answer: String,
}

/// The bakery's pairs: the ones to train on, and the ones held out to ask about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaSection {
    /// The pairs the model learns from.
    pub train: Vec<QaPair>,
    /// The pairs it never sees, with the answers a person would give.
    pub held_out: Vec<QaPair>,
}

/// Reads pairs written as a line `Q: ...` followed by a line `A: ...`, blocks separated by blank
/// lines. Lines starting with `#` are notes, except `# held out`: every pair after it goes to
/// [`QaSection::held_out`].
///
/// ```
/// let section = genai_demos::generate::answering::parse_pairs("Q: Open today?\nA: Yes.\n")?;
/// assert_eq!(section.train[0].answer, "Yes.");
/// assert!(genai_demos::generate::answering::parse_pairs("Q: no answer\n").is_err());
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn parse_pairs(text: &str) -> Result<QaSection> {
    let mut section = QaSection {
        train: Vec::new(),
        held_out: Vec::new(),
    };
    let mut held_out = false;
    let mut question: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line == HELD_OUT {
            held_out = true;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(q) = line.strip_prefix("Q:") {
            if question.is_some() {
                return Err(malformed(i + 1, "a question with no `A:` line after it"));
            }
            question = Some((i + 1, q.trim().to_string()));
        } else if let Some(a) = line.strip_prefix("A:") {
            let Some((_, q)) = question.take() else {
                return Err(malformed(i + 1, "an answer with no `Q:` line before it"));
            };
            let pair = QaPair {
                question: q,
                answer: a.trim().to_string(),
            };
            if held_out {
                section.held_out.push(pair);
            } else {
                section.train.push(pair);
            }
        } else {
            return Err(malformed(i + 1, "a line must start with `Q:`, `A:` or `#`"));
        }
    }
    if let Some((line, _)) = question {
        return Err(malformed(line, "a question with no `A:` line after it"));
    }
    if section.train.is_empty() {
        return Err(Error::EmptyCorpus {
            what: "the question-and-answer text".into(),
        });
    }
    Ok(section)
}

/// The bakery's question-and-answer section.
pub fn bakery_pairs() -> Result<QaSection> {
    parse_pairs(BAKERY_QUESTIONS)
}

/// The fixed format the model reads and continues: the question, then the word that invites
/// an answer.
fn prompt(question: &str) -> String {
    format!("question: {question} answer:")
}

/// A next-word model trained on question-and-answer text, asked questions by continuing them.
#[derive(Debug, Clone)]
pub struct Answerer {
    model: NGram,
    known: Vec<QaPair>,
}

/// What the model wrote after a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// The question asked.
    pub question: String,
    /// The text the model wrote after `answer:`, up to where it ended the pair.
    pub answer: String,
    /// True if this very question was in the model's training text.
    pub seen: bool,
    /// The training answer the written one equals word for word, if any: a model answering an
    /// unseen question this way is replaying another question's answer.
    pub copied_from: Option<String>,
}

impl Answerer {
    /// Trains an n-gram model of order `n` on `pairs`, each written as one document in the
    /// format `question: ... answer: ...`.
    ///
    /// The model looks back `n - 1` pieces, and when it starts an answer, the last of those are
    /// `? answer :`. So `n` must be large enough for the question's own last words to be in
    /// view: with `n = 6`, the model sees the question's last two words.
    pub fn train(pairs: &[QaPair], n: usize) -> Result<Answerer> {
        let documents: Vec<Vec<String>> = pairs
            .iter()
            .map(|p| tokenize::words(&format!("{} {}", prompt(&p.question), p.answer)))
            .collect();
        let text: String = pairs
            .iter()
            .map(|p| format!("{} {} ", p.question, p.answer))
            .collect();
        let capitalized = tokenize::capitalized_words(&text);
        let model = NGram::train(&documents, n)?.with_style(Style::Prose { capitalized });
        Ok(Answerer {
            model,
            known: pairs.to_vec(),
        })
    }

    /// The model of order `n` trained on the bakery's pairs (not the held-out ones).
    ///
    /// ```
    /// use genai_demos::generate::answering::Answerer;
    ///
    /// let model = Answerer::bakery(6)?;
    /// let answer = model.answer("Where is the bakery?")?;
    /// assert_eq!(answer.answer, "On Mill Street, next to the bookshop with the green door.");
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn bakery(n: usize) -> Result<Answerer> {
        Answerer::train(&bakery_pairs()?.train, n)
    }

    /// The model's order: it predicts each piece from the `n - 1` before it.
    pub fn n(&self) -> usize {
        self.model.n()
    }

    /// Asks a question: the model continues `question: ... answer:`, always taking its likeliest
    /// next piece (temperature 0), until it ends the pair.
    pub fn answer(&self, question: &str) -> Result<Answer> {
        if question.trim().is_empty() {
            return Err(Error::EmptyInput {
                what: "the question".into(),
            });
        }
        let trace =
            self.model
                .generate_document(&prompt(question), MAX_ANSWER, &Sampler::greedy(), 0)?;
        let written: Vec<String> = trace.written().into_iter().filter(|p| p != END).collect();
        let answer = self.model.style().render(&written);
        let same = |a: &str, b: &str| tokenize::words(a) == tokenize::words(b);
        Ok(Answer {
            question: question.trim().to_string(),
            seen: self.known.iter().any(|p| same(&p.question, question)),
            copied_from: self
                .known
                .iter()
                .find(|p| same(&p.answer, &answer))
                .map(|p| p.answer.clone()),
            answer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        tokenize::words(a) == tokenize::words(b)
    }

    #[test]
    fn every_seen_question_gets_its_own_answer() {
        let section = bakery_pairs().unwrap();
        let model = Answerer::bakery(6).unwrap();
        for pair in &section.train {
            let got = model.answer(&pair.question).unwrap();
            assert!(got.seen, "{got:?}");
            assert!(same(&got.answer, &pair.answer), "{got:?} for {pair:?}");
        }
    }

    #[test]
    fn an_unseen_question_gets_some_other_questions_answer() {
        let section = bakery_pairs().unwrap();
        assert!(!section.held_out.is_empty());
        let model = Answerer::bakery(6).unwrap();
        for pair in &section.held_out {
            let got = model.answer(&pair.question).unwrap();
            assert!(!got.seen, "{got:?}");
            assert!(!same(&got.answer, &pair.answer), "{got:?}");
            // It does not say "I don't know": it answers, in words it has seen.
            assert!(!got.answer.is_empty(), "{got:?}");
        }
    }

    #[test]
    fn too_short_a_context_cannot_tell_the_questions_apart() {
        // With n = 3 the model sees only "answer :" when it starts, the same for every question.
        let section = bakery_pairs().unwrap();
        let model = Answerer::bakery(3).unwrap();
        let right = section
            .train
            .iter()
            .filter(|p| same(&model.answer(&p.question).unwrap().answer, &p.answer))
            .count();
        assert!(right < section.train.len() / 2, "{right} right with n = 3");
    }

    #[test]
    fn bad_text_and_empty_questions_are_typed_errors() {
        assert!(matches!(
            parse_pairs("A: an answer first\n"),
            Err(Error::MalformedLine { line: 1, .. })
        ));
        assert!(matches!(
            parse_pairs("Q: one\nQ: two\nA: x\n"),
            Err(Error::MalformedLine { line: 2, .. })
        ));
        assert!(matches!(
            parse_pairs("Q: fine\nA: yes\nhello\n"),
            Err(Error::MalformedLine { line: 3, .. })
        ));
        assert!(matches!(
            parse_pairs("# only notes\n"),
            Err(Error::EmptyCorpus { .. })
        ));
        let model = Answerer::bakery(6).unwrap();
        assert!(matches!(model.answer("  "), Err(Error::EmptyInput { .. })));
    }
}
