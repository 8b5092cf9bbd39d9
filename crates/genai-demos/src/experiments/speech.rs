//! Chapter 2's Speech: the sentence, the seeds of the two new voices, and what is measured.
//!
//! The book's page, the live page and notebook 02 all call these, so the sentence and the seeds
//! are written once.

use crate::error::Result;
use crate::sound::speech::lpc;
use crate::sound::speech::speak::{SAMPLE_RATE, Speech, speak};
use crate::sound::speech::voice::{Voice, VoiceModel, VoiceNovelty};
use crate::sound::speech::vowels::Vowel;
use serde::Serialize;

/// The sentence the book speaks.
pub const SENTENCE: &str = "What is generative AI? A new voice learns from people.";

/// The seeds of the two new voices the book and the notebook show.
pub const VOICE_SEEDS: [u64; 2] = [2, 3];

/// The seed of the breath and hiss noise.
pub const NOISE_SEED: u64 = 1;

/// Samples measured at the middle of each vowel: 40 milliseconds.
const MEASURED: usize = 640;

/// One vowel of a voice, measured back from its sound.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VowelError {
    /// Which vowel.
    pub vowel: Vowel,
    /// F1, F2, F3 the voice asked for, in hertz.
    pub target: [f64; 3],
    /// F1, F2, F3 measured from the sound by linear prediction, in hertz.
    pub measured: [f64; 3],
    /// How far off each is, in percent.
    pub error_percent: [f64; 3],
}

/// Says the ten words of the study ("heed, hid, …") in `voice` and measures each vowel's
/// formants back from the middle 40 milliseconds of its sound.
///
/// ```
/// use genai_demos::experiments::speech::vowel_errors;
/// use genai_demos::sound::speech::voice::VoiceModel;
///
/// let voice = VoiceModel::learn()?.new_voice(2)?;
/// for e in vowel_errors(&voice)? {
///     assert!(e.error_percent.iter().all(|p| *p < 10.0));
/// }
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn vowel_errors(voice: &Voice) -> Result<Vec<VowelError>> {
    let words: Vec<&str> = Vowel::ALL.iter().map(|v| v.word()).collect();
    let speech = speak(&words.join(", "), voice, NOISE_SEED)?;
    let mut errors = Vec::new();
    for spoken in &speech.vowels {
        let middle = (spoken.start + spoken.end) / 2;
        let window = &speech.audio.samples()[middle - MEASURED / 2..middle + MEASURED / 2];
        let measured = lpc::formants(window, SAMPLE_RATE)?;
        let target = voice.vowel(spoken.vowel);
        let error_percent = [0, 1, 2].map(|j| (measured[j] - target[j]).abs() / target[j] * 100.0);
        errors.push(VowelError {
            vowel: spoken.vowel,
            target,
            measured,
            error_percent,
        });
    }
    Ok(errors)
}

/// One new voice: where it is, how new it is, how well the synthesiser hits its vowels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewVoice {
    /// The voice.
    pub voice: Voice,
    /// Its distance to the nearest real speaker.
    pub novelty: VoiceNovelty,
    /// Its vowels measured back.
    pub vowels: Vec<VowelError>,
    /// The largest of those errors, in percent.
    pub worst_error_percent: f64,
}

/// What chapter 2's Speech part prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The learned model.
    pub model: VoiceModel,
    /// The two new voices.
    pub voices: Vec<NewVoice>,
}

/// The experiment: learn the voices, draw the two new ones, measure them.
pub fn run() -> Result<Report> {
    let model = VoiceModel::learn()?;
    let mut voices = Vec::new();
    for seed in VOICE_SEEDS {
        let voice = model.new_voice(seed)?;
        let vowels = vowel_errors(&voice)?;
        let worst_error_percent = vowels
            .iter()
            .flat_map(|e| e.error_percent)
            .fold(0.0, f64::max);
        voices.push(NewVoice {
            novelty: model.novelty(&voice),
            voice,
            vowels,
            worst_error_percent,
        });
    }
    Ok(Report { model, voices })
}

/// The sentence `text` said by the new voice of `seed`: what the page's Speech controls show.
pub fn say(model: &VoiceModel, text: &str, seed: u64) -> Result<(Voice, Speech)> {
    let voice = model.new_voice(seed)?;
    let speech = speak(text, &voice, NOISE_SEED)?;
    Ok((voice, speech))
}
