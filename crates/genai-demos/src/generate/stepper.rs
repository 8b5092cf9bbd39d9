//! The stepper: a sampling trace laid out one step at a time, for reading.
//!
//! Chapter 3's stepper shows a real [`Trace`] step by step: the text so far, the candidates as
//! bars, the piece that was drawn and a sentence on what happened. It works for any model the
//! sampler writes with ([`NextPiece`]). The book's build lays out its traces with these
//! functions, and the page lays out a reader's own trace with the same functions compiled to
//! WebAssembly, so the two read exactly alike. The contract with the page's script is
//! described in `mdbook_genai::widget`.

use crate::error::{Error, Result, number, shorten};
use crate::generate::sampling::{NextPiece, Trace};
use crate::text::tokenize::END;
use serde::{Deserialize, Serialize};

/// One candidate bar of the stepper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepperCandidate {
    /// The piece as shown (the end marker as "(end)", the kept pieces not listed as
    /// "(N others)").
    pub piece: String,
    /// Its probability after the settings: what the draw used.
    pub probability: f64,
}

/// One step of the stepper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepperStep {
    /// The text written before this step, rendered for reading.
    pub text_before: String,
    /// The candidates, most likely first.
    pub candidates: Vec<StepperCandidate>,
    /// The chosen piece, as shown among the candidates.
    pub chosen: String,
    /// How the chosen piece reads when appended to `text_before` (with its leading space or
    /// none, its capital, or "¶" for a paragraph's end).
    pub shown: String,
    /// One sentence on what happened.
    pub note: String,
}

/// One run of the stepper: a menu label, the steps to show, and the library's own trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepperTrace {
    /// The menu label: prompt and settings.
    pub label: String,
    /// The steps, as the widget shows them.
    pub steps: Vec<StepperStep>,
    /// The library's trace, unchanged, so a test can compare it with a fresh call.
    pub trace: Trace,
}

/// The stepper's data: `{"traces": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepperData {
    /// One entry per run.
    pub traces: Vec<StepperTrace>,
}

/// How a piece is shown in the stepper.
fn shown_piece(piece: &str) -> String {
    if piece == END {
        "(end)".to_string()
    } else {
        piece.to_string()
    }
}

/// The most characters of a prompt a menu label repeats.
pub const LABEL_PROMPT: usize = 40;

/// A menu label for a run: "“The oven …” at temperature 0.3 (cold), top-k 5". `mood` may be
/// empty. A long prompt is cut to [`LABEL_PROMPT`] characters, a huge temperature is written
/// as `1e308`.
///
/// ```
/// use genai_demos::generate::ngram::NGram;
///
/// let model = NGram::bakery(3)?;
/// let label = genai_demos::generate::stepper::label(&model, "the oven", 0.3, "cold", None);
/// assert_eq!(label, "“The oven …” at temperature 0.3 (cold)");
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn label<M: NextPiece + ?Sized>(
    model: &M,
    prompt: &str,
    temperature: f64,
    mood: &str,
    top_k: Option<usize>,
) -> String {
    // A pasted page would make a menu entry as long as the page: the label keeps its start.
    let prompt = shorten(&model.render(&model.tokenize(prompt)), LABEL_PROMPT);
    let mut label = format!(
        "\u{201c}{prompt} \u{2026}\u{201d} at temperature {}",
        number(temperature)
    );
    if !mood.is_empty() {
        label.push_str(&format!(" ({mood})"));
    }
    if let Some(k) = top_k {
        label.push_str(&format!(", top-k {k}"));
    }
    label
}

/// Lays out `trace`, written by `model`, one step at a time.
///
/// ```
/// use genai_demos::generate::ngram::NGram;
/// use genai_demos::generate::sampling::Sampler;
///
/// let model = NGram::bakery(3)?;
/// let trace = model.generate("the oven", 5, &Sampler::with_temperature(1.0)?, 1)?;
/// let run = genai_demos::generate::stepper::lay_out(&model, trace, "a run".into())?;
/// assert_eq!(run.steps.len(), 5);
/// assert_eq!(run.steps[0].text_before, "The oven");
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn lay_out<M: NextPiece + ?Sized>(
    model: &M,
    trace: Trace,
    label: String,
) -> Result<StepperTrace> {
    let mut steps = Vec::new();
    for (i, step) in trace.steps.iter().enumerate() {
        let before =
            trace
                .pieces
                .get(..trace.prompt.len() + i)
                .ok_or_else(|| Error::InvalidParameter {
                    name: "trace",
                    value: format!(
                        "{} pieces for {} steps",
                        trace.pieces.len(),
                        trace.steps.len()
                    ),
                    expected: "the prompt's pieces followed by one piece per step",
                })?;
        let text_before = model.render(before);
        let shown = if step.chosen == END {
            " \u{b6}".to_string()
        } else {
            let mut after = before.to_vec();
            after.push(step.chosen.clone());
            let text_after = model.render(&after);
            match text_after.strip_prefix(&text_before) {
                Some(rest) if !rest.trim().is_empty() => rest.to_string(),
                _ => format!(" {}", step.chosen),
            }
        };
        let mut candidates: Vec<StepperCandidate> = step
            .candidates
            .iter()
            .map(|c| StepperCandidate {
                piece: shown_piece(&c.piece),
                probability: c.probability,
            })
            .collect();
        if step.others > 0.0 {
            let unlisted = step.kept.saturating_sub(step.candidates.len());
            candidates.push(StepperCandidate {
                piece: format!("({unlisted} others)"),
                probability: step.others,
            });
        }
        let note = trace.note(i).ok_or_else(|| Error::InvalidParameter {
            name: "trace",
            value: format!(
                "step {} without its chosen piece among the candidates",
                i + 1
            ),
            expected: "a trace written by the library",
        })?;
        steps.push(StepperStep {
            text_before,
            candidates,
            chosen: shown_piece(&step.chosen),
            shown,
            note,
        });
    }
    Ok(StepperTrace {
        label,
        steps,
        trace,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ngram::NGram;
    use crate::generate::sampling::Sampler;

    #[test]
    fn each_step_reads_as_the_text_so_far_plus_the_chosen_piece() {
        let model = NGram::bakery(3).unwrap();
        let sampler = Sampler::with_temperature(1.0).unwrap();
        let trace = model.generate("the oven", 12, &sampler, 1).unwrap();
        let run = lay_out(&model, trace.clone(), "x".into()).unwrap();
        assert_eq!(run.trace, trace);
        for (i, step) in run.steps.iter().enumerate() {
            // The next step's text is this step's text with the chosen piece as shown.
            if let Some(next) = run.steps.get(i + 1)
                && step.chosen != "(end)"
            {
                assert_eq!(
                    next.text_before,
                    format!("{}{}", step.text_before, step.shown)
                );
            }
            // The chosen piece has a bar, and the bars add up to 1.
            assert!(step.candidates.iter().any(|c| c.piece == step.chosen));
            let total: f64 = step.candidates.iter().map(|c| c.probability).sum();
            assert!((total - 1.0).abs() < 1e-9, "{total}");
            assert!(!step.note.is_empty());
        }
    }

    #[test]
    fn a_tampered_trace_is_refused() {
        let model = NGram::bakery(3).unwrap();
        let sampler = Sampler::with_temperature(1.0).unwrap();
        let mut trace = model.generate("the oven", 4, &sampler, 1).unwrap();
        trace.pieces.truncate(1);
        assert!(matches!(
            lay_out(&model, trace, "x".into()),
            Err(Error::InvalidParameter { name: "trace", .. })
        ));
    }

    #[test]
    fn labels_name_the_settings() {
        let model = NGram::bakery(3).unwrap();
        assert_eq!(
            label(&model, "nell", 1.0, "", Some(5)),
            "“Nell …” at temperature 1, top-k 5"
        );
    }
}
