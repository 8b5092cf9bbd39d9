//! The live demos: what a reader types goes in, the library's own answer comes out.
//!
//! Each function trains its model the first time a recipe asks for it and keeps it for the rest
//! of the page's life, so the first click pays for training and the next ones only sample.
//! Nothing here is model logic: every number comes from `genai_demos`, exactly as the book's
//! build and the notebooks call it.

use genai_demos::error::quoted;
use genai_demos::experiments::ch1::{Creation, Experiment, Models, Verdicts};
use genai_demos::experiments::ch2::{ImageRecipe, TuneRecipe};
use genai_demos::experiments::ch3::{self, TextRecipe};
use genai_demos::generate::ngram::NGram;
use genai_demos::generate::sampling::TEMPERATURE_RULE;
use genai_demos::generate::stepper::StepperTrace;
use genai_demos::pictures::diffusion::{DenoisingTrace, DiffusionModel};
use genai_demos::sound::melody::{Melody, MelodyModel};
use genai_demos::{Chart, Error, Result};
use std::cell::RefCell;
use std::rc::Rc;
use std::thread::LocalKey;

/// Trained models by recipe: a page has one or two recipes of each kind, so a short list does.
type Cache<R, M> = RefCell<Vec<(R, Rc<M>)>>;

thread_local! {
    static MESSAGES: Cache<Experiment, Models> = const { RefCell::new(Vec::new()) };
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
            value: quoted(text.trim()),
            expected: "a whole number from 0 to 18446744073709551615",
        })
}

/// Reads a temperature as a reader types it (`0.8`, ` 1 `); the sampler then checks its range.
///
/// ```
/// assert_eq!(genai_wasm::live::temperature("0.8")?, 0.8);
/// assert!(genai_wasm::live::temperature("warm").is_err());
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn temperature(text: &str) -> Result<f64> {
    text.trim()
        .parse::<f64>()
        .map_err(|_| Error::InvalidParameter {
            name: "temperature",
            value: quoted(text.trim()),
            expected: TEMPERATURE_RULE,
        })
}

/// Sorts a message the reader typed with both of Chapter 1's sorters.
///
/// ```
/// use genai_demos::experiments::ch1::Experiment;
/// use genai_wasm::live;
///
/// let recipe = Experiment::default();
/// let verdicts = live::classify(&recipe, "WIN a FREE prize now")?;
/// assert_eq!(verdicts.bayes.label, "spam");
/// let made = live::write(&recipe, "ham", 3)?;
/// assert_eq!(made.written.label, "ham");
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn classify(recipe: &Experiment, text: &str) -> Result<Verdicts> {
    cached(&MESSAGES, recipe, Experiment::train)?.verdicts(text)
}

/// Writes a brand-new message for `label` from `seed`, and asks the spam filter about it.
pub fn write(recipe: &Experiment, label: &str, seed: u64) -> Result<Creation> {
    cached(&MESSAGES, recipe, Experiment::train)?.create(label, seed)
}

/// Writes on from the reader's prompt, with their seed and temperature, and lays the trace out
/// one step at a time for the page's stepper (the library's own trace rides along in it).
pub fn generate_text(
    recipe: &TextRecipe,
    prompt: &str,
    seed: u64,
    temperature: f64,
) -> Result<StepperTrace> {
    let model = cached(&TEXT_MODELS, recipe, TextRecipe::train)?;
    ch3::live_trace(recipe, &model, prompt, seed, temperature)
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
    let length = genai_demos::sound::melody::Length::Beats(recipe.beats);
    let melody = model.generate(seed, length, recipe.temperature)?;
    let piano_roll = melody.piano_roll()?;
    let wav = recipe.play(&melody)?.to_wav_bytes()?;
    Ok(Song {
        melody,
        piano_roll,
        wav,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use genai_demos::classify::naive_bayes::NaiveBayes;
    use genai_demos::data::messages::{builtin, split};
    use genai_demos::measure::metrics::Classifier;

    fn messages() -> Experiment {
        Experiment::default()
    }

    #[test]
    fn seeds_are_whole_numbers_as_typed() {
        assert_eq!(seed("0").unwrap(), 0);
        assert_eq!(seed(" 18446744073709551615\n").unwrap(), u64::MAX);
        for bad in ["", "-1", "4.2", "four", "18446744073709551616", "<b>"] {
            let err = seed(bad).unwrap_err();
            assert!(
                matches!(err, Error::InvalidParameter { name: "seed", .. }),
                "{bad}"
            );
        }
        assert_eq!(
            seed("four").unwrap_err().to_string(),
            "The seed was “four”, but it must be a whole number from 0 to 18446744073709551615."
        );
    }

    #[test]
    fn temperatures_are_numbers_as_typed() {
        assert_eq!(temperature(" 1.5 ").unwrap(), 1.5);
        assert_eq!(temperature("0").unwrap(), 0.0);
        for bad in ["", "warm", "1,5", "<b>"] {
            assert!(
                matches!(
                    temperature(bad),
                    Err(Error::InvalidParameter {
                        name: "temperature",
                        ..
                    })
                ),
                "{bad}"
            );
        }
        // A number the sampler cannot use is refused by the sampler, with its own message.
        let recipe = TextRecipe {
            n: 2,
            length: 3,
            stop_at_end: false,
        };
        let err = generate_text(&recipe, "the", 1, temperature("-2").unwrap()).unwrap_err();
        assert!(
            err.to_string().starts_with("The temperature was -2,"),
            "{err}"
        );
        // Both refusals of a temperature, the typed word and the number out of range, say
        // what a temperature must be in the same words.
        let word = temperature("warm").unwrap_err().to_string();
        assert_eq!(
            word.split_once(", but").map(|(_, rule)| rule),
            err.to_string().split_once(", but").map(|(_, rule)| rule),
            "{word} / {err}"
        );
        assert_eq!(
            word,
            "The temperature was “warm”, but it must be a number of at least 0, such as 0.5 or \
             1.5 (0 means always take the most likely piece)."
        );
    }

    #[test]
    fn a_recipe_is_trained_once_and_answers_like_the_library() {
        let recipe = messages();
        let first = cached(&MESSAGES, &recipe, Experiment::train).unwrap();
        let again = cached(&MESSAGES, &recipe, |_| {
            panic!("a recipe seen before is not trained again")
        })
        .unwrap();
        assert!(Rc::ptr_eq(&first, &again));
        // The same answer as the library called directly.
        let parts = split(&builtin().unwrap(), 0.2, 7).unwrap();
        let bayes = NaiveBayes::train(&parts.train, 1.0).unwrap();
        let text = "free entry: win a prize now";
        assert_eq!(
            classify(&recipe, text).unwrap().bayes,
            bayes.classify(text).unwrap()
        );
        // Another recipe is another model.
        let other = Experiment {
            alpha: 0.5,
            ..messages()
        };
        assert_ne!(
            classify(&other, text).unwrap(),
            classify(&recipe, text).unwrap()
        );
    }

    #[test]
    fn the_writer_writes_the_label_asked_for_and_refuses_others() {
        let made = write(&messages(), "spam", 5).unwrap();
        assert_eq!(made.written.label, "spam");
        assert_eq!(made.filter.text, made.written.text);
        assert_eq!(made, write(&messages(), "spam", 5).unwrap());
        assert!(matches!(
            write(&messages(), "eggs", 5),
            Err(Error::UnknownLabel { .. })
        ));
    }

    #[test]
    fn text_follows_the_recipe_and_checks_the_temperature() {
        let long = TextRecipe {
            n: 3,
            length: 25,
            stop_at_end: false,
        };
        let run = generate_text(&long, "the baker", 7, 0.8).unwrap();
        assert_eq!(run.steps.len(), 25);
        assert_eq!(run.trace.seed, 7);
        assert_eq!(
            run.label,
            "“The baker …” at temperature 0.8, seed 7 (yours)"
        );
        assert_ne!(run, generate_text(&long, "the baker", 8, 0.8).unwrap());
        // Temperature 0 is greedy: always the most likely piece, whatever the seed.
        let greedy = generate_text(&long, "the baker", 1, 0.0).unwrap();
        assert_eq!(
            greedy.trace.text,
            generate_text(&long, "the baker", 2, 0.0)
                .unwrap()
                .trace
                .text
        );
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                generate_text(&long, "the baker", 7, bad),
                Err(Error::InvalidParameter { .. })
            ));
        }
        let paragraph = TextRecipe {
            stop_at_end: true,
            length: 400,
            ..long
        };
        let run = generate_text(&paragraph, "the baker", 7, 1.0).unwrap();
        assert!(run.trace.stop_at_end && run.steps.len() < 400);
    }

    #[test]
    fn what_a_reader_typed_comes_back_short_and_numbers_readable() {
        // A pasted page as the picture's prompt, or as a seed: the error quotes its start.
        let image = ImageRecipe {
            train_seed: 1,
            per_shape: 20,
            steps: 10,
        };
        let pasted = "a star ".repeat(15_000);
        let err = sample_image(&image, &pasted, 3).unwrap_err().to_string();
        assert!(err.chars().count() < 160, "{} characters", err.len());
        assert!(err.starts_with("The prompt “a star a star"), "{err}");
        let err = seed(&"9".repeat(100_000)).unwrap_err().to_string();
        assert!(err.chars().count() < 160, "{} characters", err.len());
        // A huge temperature is a temperature the sampler can use; it is written as 1e308 in
        // the menu label and in every step's note, never as 309 digits.
        let recipe = TextRecipe {
            n: 2,
            length: 5,
            stop_at_end: false,
        };
        let run = generate_text(&recipe, "the oven", 1, 1e308).unwrap();
        assert!(run.label.contains("temperature 1e308"), "{}", run.label);
        for text in std::iter::once(&run.label).chain(run.steps.iter().map(|s| &s.note)) {
            assert!(!text.contains("0000000"), "{text}");
        }
        // A pasted page as the prompt: the menu label keeps only its start.
        let run = generate_text(&recipe, &"the baker ".repeat(10_000), 1, 1.0).unwrap();
        assert!(run.label.chars().count() < 100, "{}", run.label);
    }

    #[test]
    fn pictures_and_tunes_come_with_their_charts_and_sound() {
        let image = ImageRecipe {
            train_seed: 1,
            per_shape: 40,
            steps: 20,
        };
        let (trace, filmstrip) = sample_image(&image, "a ring", 3).unwrap();
        assert_eq!(trace.steps, 20);
        assert!(filmstrip.svg().starts_with("<svg"));
        assert!(matches!(
            sample_image(&image, "a star", 3),
            Err(Error::UnknownPrompt { .. })
        ));
        let tune = TuneRecipe {
            order: 2,
            beats: 8.0,
            temperature: 1.0,
            tempo: 120.0,
            sample_rate: 8000,
        };
        let song = compose_tune(&tune, 4).unwrap();
        assert_eq!(song.melody.beats(), 8.0);
        assert_eq!(&song.wav[..4], b"RIFF");
        // 8 beats at 120 a minute is 4 seconds of 16-bit samples, plus the tail and header.
        assert!(song.wav.len() > 4 * 8000 * 2);
        assert!(song.piano_roll.svg().contains("seed 4"));
    }
}
