//! The live demos: what a reader types goes in, the library's own answer comes out.
//!
//! Each function trains its model the first time a recipe asks for it and keeps it for the rest
//! of the page's life, so the first click pays for training and the next ones only sample.
//! Nothing here is model logic: every number comes from `genai_demos`, exactly as the book's
//! build and the notebooks call it.

use crate::recipe::{ImageRecipe, MessagesRecipe, Sorters, TextRecipe, TuneRecipe};
use genai_demos::diffusion::{DenoisingTrace, DiffusionModel};
use genai_demos::melody::{Length, Melody, MelodyModel};
use genai_demos::metrics::{Classification, Classifier};
use genai_demos::ngram::NGram;
use genai_demos::sampling::{Sampler, Trace};
use genai_demos::{Chart, Error, Result};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use std::thread::LocalKey;

/// Trained models by recipe: a page has one or two recipes of each kind, so a short list does.
type Cache<R, M> = RefCell<Vec<(R, Rc<M>)>>;

thread_local! {
    static SORTERS: Cache<MessagesRecipe, Sorters> = const { RefCell::new(Vec::new()) };
    static TEXT_MODELS: Cache<TextRecipe, NGram> = const { RefCell::new(Vec::new()) };
    static DIFFUSION: Cache<ImageRecipe, DiffusionModel> = const { RefCell::new(Vec::new()) };
    static MELODY: Cache<TuneRecipe, MelodyModel> = const { RefCell::new(Vec::new()) };
}

/// The model trained from `recipe`, trained now if this is the first time it is asked for.
fn cached<R: PartialEq + Clone + 'static, M: 'static>(
    cache: &'static LocalKey<Cache<R, M>>,
    recipe: &R,
    train: impl FnOnce(&R) -> Result<M>,
) -> Result<Rc<M>> {
    let found = cache.with(|c| {
        c.borrow()
            .iter()
            .find(|(r, _)| r == recipe)
            .map(|(_, m)| Rc::clone(m))
    });
    if let Some(model) = found {
        return Ok(model);
    }
    let model = Rc::new(train(recipe)?);
    cache.with(|c| c.borrow_mut().push((recipe.clone(), Rc::clone(&model))));
    Ok(model)
}

/// Reads a seed as a reader types it: a whole number, spaces around it allowed.
///
/// ```
/// assert_eq!(genai_wasm::live::seed(" 42 ")?, 42);
/// assert!(genai_wasm::live::seed("4.2").is_err());
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn seed(text: &str) -> Result<u64> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| Error::InvalidParameter {
            name: "seed",
            value: format!("“{}”", text.trim()),
            expected: "a whole number from 0 to 18446744073709551615",
        })
}

/// Both sorters' answers for one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdicts {
    /// The spam filter's answer (logistic regression).
    pub filter: Classification,
    /// Naive Bayes's answer.
    pub bayes: Classification,
}

/// Sorts a message the reader typed with both of Chapter 1's sorters.
///
/// ```
/// use genai_wasm::{live, recipe::MessagesRecipe};
///
/// let recipe = MessagesRecipe { split_seed: 7, test_fraction: 0.2, alpha: 1.0,
///     positive: "spam".into(), filter: Default::default() };
/// let verdicts = live::classify(&recipe, "WIN a FREE prize now")?;
/// assert_eq!(verdicts.bayes.label, "spam");
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn classify(recipe: &MessagesRecipe, text: &str) -> Result<Verdicts> {
    let sorters = cached(&SORTERS, recipe, MessagesRecipe::train)?;
    Ok(Verdicts {
        filter: sorters.filter.classify(text)?,
        bayes: sorters.bayes.classify(text)?,
    })
}

/// Writes on from the reader's prompt, with their seed and temperature, keeping the trace of
/// every step so the page can step through it.
pub fn generate_text(
    recipe: &TextRecipe,
    prompt: &str,
    seed: u64,
    temperature: f64,
) -> Result<Trace> {
    let model = cached(&TEXT_MODELS, recipe, TextRecipe::train)?;
    let sampler = Sampler::with_temperature(temperature)?;
    if recipe.stop_at_end {
        model.generate_document(prompt, recipe.length, &sampler, seed)
    } else {
        model.generate(prompt, recipe.length, &sampler, seed)
    }
}

/// A new picture for the reader's prompt and seed, with its filmstrip from noise to picture.
pub fn sample_image(
    recipe: &ImageRecipe,
    prompt: &str,
    seed: u64,
) -> Result<(DenoisingTrace, Chart)> {
    let model = cached(&DIFFUSION, recipe, ImageRecipe::train)?;
    let trace = model.sample(prompt, seed, recipe.steps)?;
    let filmstrip = trace.filmstrip()?;
    Ok((trace, filmstrip))
}

/// A new tune: the melody with its trace, its piano roll, and its sound as a WAV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Song {
    /// The melody and how each note was chosen.
    pub melody: Melody,
    /// The melody drawn as a piano roll.
    pub piano_roll: Chart,
    /// The melody played by the synthesiser, as the bytes of a WAV file.
    pub wav: Vec<u8>,
}

/// Composes a new tune from the reader's seed.
pub fn compose_tune(recipe: &TuneRecipe, seed: u64) -> Result<Song> {
    let model = cached(&MELODY, recipe, TuneRecipe::train)?;
    let melody = model.generate(seed, Length::Beats(recipe.beats), recipe.temperature)?;
    let piano_roll = melody.piano_roll()?;
    let wav = recipe.synth()?.render(&melody.notes)?.to_wav_bytes()?;
    Ok(Song {
        melody,
        piano_roll,
        wav,
    })
}
