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
            novelty: model.novelty(&voice)?,
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

/// How a chart's legend names the new voice of `seed`.
///
/// ```
/// assert_eq!(genai_demos::experiments::speech::voice_name(2), "new voice, seed 2");
/// ```
pub fn voice_name(seed: u64) -> String {
    format!("new voice, seed {seed}")
}

/// The title of the spectrogram of a sentence said by the new voice of `seed`.
///
/// ```
/// let title = genai_demos::experiments::speech::spectrogram_title(2);
/// assert_eq!(title, "The sentence in the voice of seed 2");
/// ```
pub fn spectrogram_title(seed: u64) -> String {
    format!("The sentence in the voice of seed {seed}")
}

/// The chart of the 76 real speakers with the one new voice of `seed` among them: the page's
/// Speech controls draw it for the reader's seed.
///
/// ```
/// use genai_demos::experiments::speech::one_voice_chart;
/// use genai_demos::sound::speech::voice::VoiceModel;
///
/// let model = VoiceModel::learn()?;
/// let voice = model.new_voice(5)?;
/// assert!(one_voice_chart(&model, &voice, 5)?.svg().contains("seed 5"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn one_voice_chart(model: &VoiceModel, voice: &Voice, seed: u64) -> Result<crate::Chart> {
    model.chart(&[(&voice_name(seed), voice)])
}

impl Report {
    /// The numbers the page prints, worded: the two voices' pitch, scale, nearest real speaker,
    /// distance and worst formant error.
    pub fn figures(&self) -> Result<super::Figures> {
        let mut f = super::Figures::default();
        f.put("sentence", SENTENCE);
        f.put("speakers", self.model.speakers.len());
        for group in crate::sound::speech::vowels::Group::ALL {
            let count = self
                .model
                .speakers
                .iter()
                .filter(|s| s.group == group)
                .count();
            f.put(group.plural(), count);
        }
        f.put(
            "measurements",
            crate::show::wording::thousands(
                crate::sound::speech::vowels::PB52_CSV.lines().count() - 1,
            ),
        );
        f.put("noise-seed", NOISE_SEED);
        f.put("spacing", format!("{:.2}", self.model.spacing()?));
        let worst = self
            .voices
            .iter()
            .map(|v| v.worst_error_percent)
            .fold(0.0, f64::max);
        f.put("worst-error", format!("{worst:.1}%"));
        for (i, v) in self.voices.iter().enumerate() {
            let name = |what: &str| format!("voice-{}-{what}", i + 1);
            f.put(name("seed"), v.voice.seed.unwrap_or_default());
            f.put(name("f0"), format!("{:.0}", v.voice.f0));
            f.put(name("scale"), format!("{:.2}", v.voice.scale));
            f.put(name("nearest"), v.novelty.speaker);
            f.put(
                name("nearest-group"),
                match v.novelty.group {
                    crate::sound::speech::vowels::Group::Man => "a man",
                    crate::sound::speech::vowels::Group::Woman => "a woman",
                    crate::sound::speech::vowels::Group::Child => "a child",
                },
            );
            f.put(name("distance"), format!("{:.2}", v.novelty.distance));
            f.put(
                name("pitch-difference"),
                format!("{:.0}%", v.novelty.pitch_difference),
            );
            f.put(
                name("formant-difference"),
                format!("{:.0}%", v.novelty.formant_difference),
            );
            f.put(
                name("worst-error"),
                format!("{:.1}%", v.worst_error_percent),
            );
        }
        let (_, speech) = say(&self.model, SENTENCE, VOICE_SEEDS[0])?;
        f.put("seconds", format!("{:.1}", speech.audio.seconds()));
        f.put(
            "dictionary-words",
            speech.words.iter().filter(|w| w.from_dictionary).count(),
        );
        f.put("words", speech.words.len());
        Ok(f)
    }

    /// The vowel chart: the 76 speakers and the two new voices.
    pub fn chart(&self) -> Result<crate::Chart> {
        let names: Vec<String> = self
            .voices
            .iter()
            .map(|v| voice_name(v.voice.seed.unwrap_or_default()))
            .collect();
        let voices: Vec<(&str, &Voice)> = names
            .iter()
            .zip(&self.voices)
            .map(|(n, v)| (n.as_str(), &v.voice))
            .collect();
        self.model.chart(&voices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sound::speech::voice::Speaker;

    /// Every vowel's F1, F2 and F3, measured back from the sound, within 10% of the voice's
    /// targets: for the average voice, ten new ones, and the lowest and highest real voices.
    #[test]
    fn measured_formants_match_the_targets() {
        let model = VoiceModel::learn().unwrap();
        let mut voices = vec![model.average_voice()];
        for seed in 0..10 {
            voices.push(model.new_voice(seed).unwrap());
        }
        let by_pitch = |a: &&Speaker, b: &&Speaker| a.log_f0.total_cmp(&b.log_f0);
        for s in [
            model.speakers.iter().min_by(by_pitch).unwrap(),
            model.speakers.iter().max_by(by_pitch).unwrap(),
        ] {
            voices.push(model.speaker_voice(s.id).unwrap());
        }
        for voice in &voices {
            let errors = vowel_errors(voice).unwrap();
            assert_eq!(errors.len(), 10);
            for e in errors {
                for (j, percent) in e.error_percent.iter().enumerate() {
                    assert!(
                        *percent < 10.0,
                        "{:?} F{}: {:.0} Hz measured, {:.0} Hz wanted (pitch {:.0} Hz)",
                        e.vowel,
                        j + 1,
                        e.measured[j],
                        e.target[j],
                        voice.f0
                    );
                }
            }
        }
    }

    #[test]
    fn the_report_has_two_new_voices_measured_within_ten_percent() {
        let report = run().unwrap();
        assert_eq!(report.voices.len(), 2);
        for v in &report.voices {
            assert!(v.worst_error_percent < 10.0, "{v:?}");
            assert!(v.novelty.distance > 0.0);
        }
        let f = report.figures().unwrap();
        assert_eq!(f.get("speakers"), Some("76"));
        assert!(f.get("voice-2-nearest").is_some());
        assert!(report.chart().unwrap().svg().contains("seed 3"));
    }
}
