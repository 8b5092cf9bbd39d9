//! Chapter 2's Speech: the chart of the 76 real speakers with the two new voices, the
//! spectrogram of the sentence, and the figures of `genai_demos::experiments::speech`.

use super::{Page, none};
use crate::assets;
use crate::directive::escape_html;
use crate::widget::{Live, figure};
use anyhow::{Result, anyhow};
use genai_demos::experiments::speech::{self, Report, SENTENCE, VOICE_SEEDS};
use genai_demos::sound::speech::spectrogram;
use genai_demos::sound::synth::audio_tag;

pub(super) const PAGE: Page = Page {
    prefix: "speech",
    charts: &["speech.voices", "speech.spectrogram"],
    widgets: &[],
    figures: || Ok(run()?.figures()?),
    chart: |name| match name {
        "speech.voices" => Ok(run()?.chart()?),
        "speech.spectrogram" => {
            let (_, said) = speech::say(&run()?.model, SENTENCE, VOICE_SEEDS[0])?;
            let title = speech::spectrogram_title(VOICE_SEEDS[0]);
            Ok(spectrogram::chart(&said.audio, &title)?)
        }
        other => Err(anyhow!("no speech chart called {other}")),
    },
    widget: none,
};

cached!(fn run() -> Report = speech::run);

/// The WAV file of the Audio tab's Speech part, written next to the page at build time.
pub const SPEECH_WAV: &str = "ch2-speech.wav";

/// What the Speech controls start from: the book's sentence and its first new voice.
fn start() -> serde_json::Value {
    serde_json::json!({ "text": SENTENCE, "seed": VOICE_SEEDS[0] })
}

/// The Audio tab's Speech part as the book was built: the sentence in the first new voice, its
/// place among the 76 real speakers, its spectrogram and a player. The live control (kind
/// `speech`, `src/assets/genai-speech.js`) redraws the same things for the reader's sentence
/// and seed.
pub(super) fn panel_html() -> Result<String> {
    let report = run()?;
    let seed = VOICE_SEEDS[0];
    let (voice, said) = speech::say(&report.model, SENTENCE, seed)?;
    let novelty = report.model.novelty(&voice)?;
    let wav = said.audio.to_wav_bytes()?;
    let link = assets::publish(SPEECH_WAV, &wav)?;
    let player = audio_tag(&link, &format!("The sentence in a new voice, seed {seed}"));
    let chart = speech::one_voice_chart(&report.model, &voice, seed)?;
    let spectrum = spectrogram::chart(&said.audio, &speech::spectrogram_title(seed))?;
    Ok(format!(
        "<p>A voice that never existed, drawn from seed {seed}, says <q>{sentence}</q> \
         ({seconds:.1} seconds). Press play:</p>\n<p>{player}</p>\n\
         <p><a href=\"{link}\">Download the WAV file</a> ({kb} KB, 16-bit mono).</p>\n\
         <p>The voice speaks at {f0:.0} Hz with a scale of {scale:.2}. Its nearest real speaker \
         is speaker {nearest}, at a distance of {distance:.2}. Its vowels among those of the \
         {speakers} real speakers:</p>\n{chart}\n{spectrum}",
        sentence = escape_html(SENTENCE),
        seconds = said.audio.seconds(),
        kb = wav.len() / 1024,
        f0 = voice.f0,
        scale = voice.scale,
        nearest = novelty.speaker,
        distance = novelty.distance,
        speakers = report.model.speakers.len(),
        chart = figure(&chart),
        spectrum = figure(&spectrum),
    ))
}

/// The live Speech control: the reader's sentence and seed, said by the library in the page.
pub(super) fn live() -> Result<Live> {
    let recipe = serde_json::json!({ "noise_seed": speech::NOISE_SEED });
    Live::new("speech", Some("Speech"), recipe, start())
}
