//! Recipes: how the book trains each model, written down as data the page carries.
//!
//! The preprocessor puts a recipe into a widget's JSON (the seeds and settings of the chapter's
//! catalog), and the page hands it back to this crate, which trains the same model from the
//! same shipped data. So the seeds live in one place, the chapter's catalog, and the page's
//! live model is the model the build-time widget was computed with.

use genai_demos::classify::logistic::{LogisticRegression, Settings};
use genai_demos::classify::naive_bayes::NaiveBayes;
use genai_demos::data::messages::{builtin, split};
use genai_demos::generate::ngram::NGram;
use genai_demos::generate::spam_writer::SpamWriter;
use genai_demos::pictures::diffusion::DiffusionModel;
use genai_demos::sound::melody::MelodyModel;
use genai_demos::sound::synth::Synth;
use serde::{Deserialize, Serialize};

/// How Chapter 1 trains its two sorters and its writer on the shipped messages.
///
/// ```
/// use genai_wasm::recipe::MessagesRecipe;
///
/// let recipe = MessagesRecipe { split_seed: 7, test_fraction: 0.2, alpha: 1.0,
///     positive: "spam".into(), filter: Default::default(), writer_order: 2 };
/// let models = recipe.train()?;
/// assert_eq!(models.filter.positive(), "spam");
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessagesRecipe {
    /// The seed that splits the messages into training and test messages.
    pub split_seed: u64,
    /// The share of each label held back for testing.
    pub test_fraction: f64,
    /// Naive Bayes's smoothing.
    pub alpha: f64,
    /// The label the logistic-regression filter answers yes or no about.
    pub positive: String,
    /// The filter's training settings.
    pub filter: Settings,
    /// The spam writer's n.
    pub writer_order: usize,
}

/// The models a [`MessagesRecipe`] trains.
#[derive(Debug, Clone)]
pub struct MessageModels {
    /// The spam filter (logistic regression).
    pub filter: LogisticRegression,
    /// Naive Bayes.
    pub bayes: NaiveBayes,
    /// The writer: one n-gram model per label.
    pub writer: SpamWriter,
}

impl MessagesRecipe {
    /// Trains the sorters and the writer on the training part of the shipped messages.
    pub fn train(&self) -> genai_demos::Result<MessageModels> {
        let parts = split(&builtin()?, self.test_fraction, self.split_seed)?;
        Ok(MessageModels {
            filter: LogisticRegression::train(&parts.train, &self.positive, &self.filter)?,
            bayes: NaiveBayes::train(&parts.train, self.alpha)?,
            writer: SpamWriter::train(&parts.train, self.writer_order)?,
        })
    }
}

/// How a text widget's n-gram model is trained and how long it writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextRecipe {
    /// The model's n: each piece is drawn from the counts after the `n - 1` before it.
    pub n: usize,
    /// How many pieces to write (the most, when `stop_at_end` is set).
    pub length: usize,
    /// Stop when the model ends its document, as a paragraph does.
    pub stop_at_end: bool,
}

impl TextRecipe {
    /// Trains the n-gram model on the bakery stories.
    pub fn train(&self) -> genai_demos::Result<NGram> {
        NGram::bakery(self.n)
    }
}

/// How the diffusion model is trained and how many steps a picture takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageRecipe {
    /// The seed the training pictures are drawn from.
    pub train_seed: u64,
    /// Training pictures of each shape.
    pub per_shape: usize,
    /// Denoising steps per picture.
    pub steps: usize,
}

impl ImageRecipe {
    /// Trains the diffusion model.
    pub fn train(&self) -> genai_demos::Result<DiffusionModel> {
        DiffusionModel::train(self.train_seed, self.per_shape)
    }
}

/// How the melody model is trained, how long a tune is, and how it is played.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TuneRecipe {
    /// How many previous notes the model looks at.
    pub order: usize,
    /// The tune's length in beats.
    pub beats: f64,
    /// The sampling temperature.
    pub temperature: f64,
    /// The tempo, in beats per minute.
    pub tempo: f64,
    /// Samples per second of the sound.
    pub sample_rate: u32,
}

impl TuneRecipe {
    /// Learns the melody model from the bakery tunes.
    pub fn train(&self) -> genai_demos::Result<MelodyModel> {
        MelodyModel::bakery(self.order)
    }

    /// The synthesiser that plays the tune.
    pub fn synth(&self) -> genai_demos::Result<Synth> {
        Synth::new(self.tempo, self.sample_rate)
    }
}
