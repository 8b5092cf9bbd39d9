//! The one definition of how the networks are built and trained: every front end (the training
//! command, the tests, the book, the notebooks) reads these settings from here.

use super::model::Shape;
use super::vocab::Corpus;
use crate::Result;
use crate::error::at_least;
use serde::{Deserialize, Serialize};

/// How a network is shaped and trained, from a seed.
///
/// ```
/// use genai_neural::transformer::{Corpus, Recipe};
///
/// let recipe = Recipe::default();
/// assert_eq!(recipe.corpus, Corpus::Bakery);
/// assert_eq!(Recipe::code().corpus, Corpus::Rust);
/// assert!(recipe.validate().is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipe {
    /// What the network learns to write.
    pub corpus: Corpus,
    /// The most pieces it reads at once.
    pub context: usize,
    /// How many numbers stand for a piece at each position.
    pub width: usize,
    /// Attention heads per block.
    pub heads: usize,
    /// How many blocks are stacked.
    pub blocks: usize,
    /// The seed of the first weights, of the batches and of dropout.
    pub seed: u64,
    /// How many gradient-descent steps.
    pub steps: usize,
    /// How many stretches of text each step learns from.
    pub batch: usize,
    /// The largest step size (AdamW's learning rate), reached after the warm-up.
    pub learning_rate: f64,
    /// Steps over which the step size grows from zero at the start.
    pub warmup: usize,
    /// AdamW's weight decay: every step, each weight is pulled a little towards zero.
    pub weight_decay: f64,
    /// The share of numbers dropout sets to zero while training.
    pub dropout: f64,
    /// How often a word seen only once in training is shown as the unknown marker instead, so
    /// the network learns what to expect of words it has never met.
    pub unknown_rate: f64,
    /// Measure the held-out loss every this many steps.
    pub eval_every: usize,
}

impl Default for Recipe {
    fn default() -> Recipe {
        Recipe {
            corpus: Corpus::Bakery,
            context: 32,
            width: 64,
            heads: 4,
            blocks: 2,
            seed: 1,
            steps: 1000,
            batch: 16,
            learning_rate: 3e-3,
            warmup: 50,
            weight_decay: 0.1,
            dropout: 0.2,
            unknown_rate: 0.5,
            eval_every: 100,
        }
    }
}

impl Recipe {
    /// The same network for the Rust programs, trained for fewer steps: the programs are ten
    /// times fewer pieces than the prose, and past about 400 steps the held-out loss rises again
    /// (the network starts to learn the training programs by heart).
    pub fn code() -> Recipe {
        Recipe {
            corpus: Corpus::Rust,
            steps: 400,
            eval_every: 50,
            ..Recipe::default()
        }
    }

    /// The recipe of a corpus: [`Recipe::default`] for prose, [`Recipe::code`] for code.
    pub fn of(corpus: Corpus) -> Recipe {
        match corpus {
            Corpus::Bakery => Recipe::default(),
            Corpus::Rust => Recipe::code(),
        }
    }

    /// The network's shape for a vocabulary of `vocab` pieces.
    pub fn shape(&self, vocab: usize) -> Shape {
        Shape {
            vocab,
            context: self.context,
            width: self.width,
            heads: self.heads,
            blocks: self.blocks,
        }
    }

    /// Checks every setting.
    pub fn validate(&self) -> Result<()> {
        self.shape(1).validate()?;
        at_least("context", self.context, 2)?;
        at_least("steps", self.steps, 1)?;
        at_least("batch", self.batch, 1)?;
        at_least("eval_every", self.eval_every, 1)?;
        let share = |name: &'static str, value: f64| -> Result<()> {
            if !(0.0..1.0).contains(&value) {
                return Err(crate::Error::InvalidSetting {
                    name,
                    expected: format!("at least 0 and below 1, not {value}"),
                });
            }
            Ok(())
        };
        share("dropout", self.dropout)?;
        share("unknown_rate", self.unknown_rate)?;
        if !(self.learning_rate > 0.0 && self.weight_decay >= 0.0) {
            return Err(crate::Error::InvalidSetting {
                name: "learning_rate",
                expected: "above 0, with a weight decay of at least 0".into(),
            });
        }
        Ok(())
    }
}
