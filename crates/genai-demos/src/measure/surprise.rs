//! What a code model can do besides writing: point at the token it finds least likely.
//!
//! A model that predicts the next token can also *score* a program someone wrote: at every
//! token, how likely did it think that token was? A token it found very unlikely is worth a
//! second look, and what it expected there instead is a suggested fix. That is the idea behind
//! the "this looks wrong" hints of code assistants, shown here with the book's small n-gram
//! model of Rust.
//!
//! Surprise is measured in *bits*: `-log2 P(token)`. A token the model gave a chance of one in
//! two costs 1 bit, one in a thousand about 10 bits.

use crate::error::{Error, Result};
use crate::generate::ngram::{BOS, NGram};
use crate::show::chart::{Canvas, Chart, INK_ON_TINT, PALETTE, Painted, WIDTH, font, tint};
use crate::text::rust;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// What a chance is multiplied by for every token of context the model has to drop before it
/// finds the token seen after what is left ("stupid back-off", as large n-gram models of the
/// web used): a token seen only after a shorter context is less expected.
const BACK_OFF: f64 = 0.4;

/// A short program like the ones the code model learned from, with one planted mistake: the
/// loop counts `i` down instead of up, so it never reaches `n`.
pub const PLANTED: &str = "fn factorial(n: u64) -> u64 {
    let mut result = 1;
    let mut i = 2;
    while i <= n {
        result *= i;
        i -= 1;
    }
    result
}
";

/// One token of the program, where it sits, and how surprised the model was by it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenSurprise {
    /// The token as the tokenizer cut it.
    pub token: String,
    /// The line it is on, from 0.
    pub line: usize,
    /// The column it starts at, in characters, from 0.
    pub column: usize,
    /// `-log2 P(token | the tokens before)`, in bits.
    pub bits: f64,
}

/// A program scored token by token, with the most surprising token and the model's suggestion
/// for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surprise {
    /// The model's n: it judged each token by the `n - 1` before it.
    pub n: usize,
    /// Every token, in order.
    pub tokens: Vec<TokenSurprise>,
    /// Which token surprised the model most (an index into `tokens`).
    pub worst: usize,
    /// The token the model found likeliest at that place.
    pub suggestion: String,
    /// The model's chance for its suggestion there.
    pub suggestion_probability: f64,
}

/// Scores every token of `program` under `model` (a model of Rust tokens, such as
/// [`crate::generate::code::rust_model`]).
///
/// The chance of a token is its share of what followed the longest ending of its context that
/// the model saw followed by that token, times [`BACK_OFF`] for every shorter context it had to
/// try because a longer one was seen but never with this token. (A context never seen at all
/// costs nothing: the model knows nothing there, so it is not evidence against the token.) A
/// token the model never saw at all gets the chance of a single sighting among all its training
/// tokens, with the same penalties. Errors: a program with no tokens.
///
/// ```
/// use genai_demos::generate::code::rust_model;
/// use genai_demos::measure::surprise::{PLANTED, surprise};
///
/// let scored = surprise(&rust_model(5)?, PLANTED)?;
/// assert_eq!(scored.tokens[scored.worst].token, "-=");
/// assert_eq!(scored.suggestion, "+=");
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn surprise(model: &NGram, program: &str) -> Result<Surprise> {
    let pieces = rust::tokenize(program);
    if pieces.is_empty() {
        return Err(Error::EmptyInput {
            what: "the program".into(),
        });
    }
    let positions = positions(program, &pieces);
    let n = model.n();
    let seen_in_training = model.training_pieces() as f64;
    // The context of the first token is the start of a document, as in training.
    let mut history: Vec<String> = vec![BOS.to_string(); n.saturating_sub(1)];
    let mut tokens = Vec::with_capacity(pieces.len());
    let mut worst: Option<(usize, f64, String, f64)> = None;
    for (i, (piece, &(line, column))) in pieces.iter().zip(&positions).enumerate() {
        let context = &history[history.len() + 1 - n.max(1)..];
        let prediction = model.next_piece(context);
        let (found, penalty) = chance(model, context, piece);
        let p = found.unwrap_or(penalty / (seen_in_training + 1.0));
        let bits = -crate::math::log2(p);
        if worst.as_ref().is_none_or(|w| bits > w.1) {
            let (best, chance) = prediction
                .pieces
                .first()
                .map_or((String::new(), 0.0), |b| (b.piece.clone(), b.probability));
            worst = Some((i, bits, best, chance));
        }
        tokens.push(TokenSurprise {
            token: piece.clone(),
            line,
            column,
            bits,
        });
        history.push(piece.clone());
    }
    let (worst, _, suggestion, suggestion_probability) = worst.unwrap_or_default();
    Ok(Surprise {
        n,
        tokens,
        worst,
        suggestion,
        suggestion_probability,
    })
}

/// The back-off chance of `piece` after `context` (`None` if the model never saw the piece at
/// all), and the penalty gathered on the way.
fn chance(model: &NGram, context: &[String], piece: &str) -> (Option<f64>, f64) {
    let mut penalty = 1.0;
    for dropped in 0..=context.len() {
        let shorter = &context[dropped..];
        let prediction = model.next_piece(shorter);
        // Only a context seen as it is counts here; the model's own back-off is this loop.
        if prediction.context_used.len() != shorter.len() {
            continue;
        }
        if let Some(found) = prediction.pieces.iter().find(|p| p.piece == piece) {
            return (Some(penalty * found.probability), penalty);
        }
        penalty *= BACK_OFF;
    }
    (None, penalty)
}

/// Where each token starts in `source` (line and column, from 0): each is searched for after
/// the one before, since the tokenizer only drops spaces and comments between them. A token
/// not found verbatim goes right after the one before.
fn positions(source: &str, pieces: &[String]) -> Vec<(usize, usize)> {
    let mut found = Vec::with_capacity(pieces.len());
    let mut from = 0;
    for piece in pieces {
        let at = source
            .get(from..)
            .and_then(|rest| rest.find(piece.as_str()))
            .map_or(from, |offset| from + offset);
        let before = source.get(..at).unwrap_or_default();
        let line = before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        found.push((line, column));
        from = (at + piece.len()).min(source.len());
    }
    found
}

/// The code's font size as plotters takes it (it writes sizes 1.24 times smaller into the SVG,
/// so 19 becomes about 15.3 px), and the width of one of its characters: a monospace letter is
/// 0.6 of the font size wide.
const CODE_SIZE: u32 = 19;
const CHAR_WIDTH: f64 = 19.0 / 1.24 * 0.6;
/// Pixels per line of the program in the chart.
const LINE_HEIGHT: i32 = 28;
const CODE_LEFT: i32 = 24;
const CODE_TOP: i32 = 56;

impl Surprise {
    /// The most surprising token.
    pub fn worst_token(&self) -> Option<&TokenSurprise> {
        self.tokens.get(self.worst)
    }

    /// The surprise of the most surprising token but one, in bits: how far the worst token
    /// stands out from the rest (0 for a one-token program).
    pub fn runner_up_bits(&self) -> f64 {
        self.tokens
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != self.worst)
            .map(|(_, t)| t.bits)
            .fold(0.0, f64::max)
    }

    /// The program with every token shaded by how surprised the model was (darker: more
    /// surprised), the worst one outlined, and the model's suggestion for it under the code.
    pub fn chart(&self) -> Result<Chart> {
        let lines = self.tokens.iter().map(|t| t.line).max().unwrap_or(0) + 1;
        let height = (CODE_TOP + LINE_HEIGHT * lines as i32 + 70) as u32;
        let title = match self.worst_token() {
            Some(w) => format!(
                "The code model's surprise, token by token: most at “{}”",
                w.token
            ),
            None => "The code model's surprise, token by token".to_string(),
        };
        Chart::draw(&title, (WIDTH, height), |root| self.paint(root, lines))
    }

    fn paint(&self, root: &Canvas<'_>, lines: usize) -> Painted {
        root.draw(&Text::new(
            format!(
                "Darker = more surprising to the code model (n = {}); outlined: the most surprising token",
                self.n
            ),
            (CODE_LEFT, 16),
            font(16),
        ))?;
        let most = self.tokens.iter().map(|t| t.bits).fold(1.0, f64::max);
        // The code sits on its own white sheet with opaque tints and dark ink, so every token
        // reads the same in a light and a dark theme.
        let sheet_bottom = CODE_TOP + LINE_HEIGHT * lines as i32;
        root.draw(&Rectangle::new(
            [
                (CODE_LEFT - 8, CODE_TOP - 10),
                (WIDTH as i32 - 16, sheet_bottom),
            ],
            WHITE.filled(),
        ))?;
        // Named twice: a lone `monospace` makes browsers shrink the text to 13 px.
        let code_font = ("monospace, monospace", CODE_SIZE)
            .into_font()
            .color(&INK_ON_TINT);
        let shade = PALETTE[4];
        for (i, t) in self.tokens.iter().enumerate() {
            let x = CODE_LEFT + (t.column as f64 * CHAR_WIDTH) as i32;
            let y = CODE_TOP + LINE_HEIGHT * t.line as i32;
            let width = (t.token.chars().count() as f64 * CHAR_WIDTH).ceil() as i32 + 2;
            let corners = [(x - 1, y - 4), (x + width, y + 20)];
            root.draw(&Rectangle::new(
                corners,
                tint(shade, 0.75 * t.bits / most).filled(),
            ))?;
            if i == self.worst {
                root.draw(&Rectangle::new(corners, INK_ON_TINT.stroke_width(2)))?;
            }
            root.draw(&Text::new(t.token.clone(), (x, y), code_font.clone()))?;
        }
        if let Some(w) = self.worst_token() {
            let below = CODE_TOP + LINE_HEIGHT * lines as i32 + 16;
            root.draw(&Text::new(
                format!(
                    "Most surprising: “{}” ({:.1} bits). The model expected “{}” there ({:.0}% likely).",
                    w.token,
                    w.bits,
                    self.suggestion,
                    100.0 * self.suggestion_probability
                ),
                (CODE_LEFT, below),
                font(16).pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        Ok(())
    }

    /// Shows the shaded program in a notebook.
    pub fn evcxr_display(&self) {
        match self.chart() {
            Ok(chart) => chart.evcxr_display(),
            Err(e) => println!("{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::code::rust_model;

    #[test]
    fn the_planted_mistake_is_the_most_surprising_token_and_the_fix_is_suggested() {
        let scored = surprise(&rust_model(5).unwrap(), PLANTED).unwrap();
        let worst = scored.worst_token().unwrap();
        assert_eq!(worst.token, "-=");
        assert_eq!((worst.line, worst.column), (5, 10));
        assert_eq!(scored.suggestion, "+=");
        // Clearly the worst: more surprising than every other token by a margin.
        let runner_up = scored.runner_up_bits();
        assert!(worst.bits > runner_up + 1.0, "{scored:?}");
    }

    #[test]
    fn the_fixed_program_has_no_such_surprise() {
        let fixed = PLANTED.replace("-=", "+=");
        let model = rust_model(5).unwrap();
        let planted = surprise(&model, PLANTED).unwrap();
        let scored = surprise(&model, &fixed).unwrap();
        let worst = scored.worst_token().unwrap().bits;
        assert!(
            worst < planted.tokens[planted.worst].bits - 3.0,
            "{scored:?}"
        );
    }

    #[test]
    fn positions_follow_the_source_and_the_chart_draws() {
        let scored = surprise(&rust_model(5).unwrap(), PLANTED).unwrap();
        let first = &scored.tokens[0];
        assert_eq!(
            (first.token.as_str(), first.line, first.column),
            ("fn", 0, 0)
        );
        let chart = scored.chart().unwrap();
        assert!(chart.svg().contains("factorial"));
        assert!(chart.title().contains("-="));
        assert!(matches!(
            surprise(&rust_model(5).unwrap(), "  // only a comment"),
            Err(Error::EmptyInput { .. })
        ));
    }
}
