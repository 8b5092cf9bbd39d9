//! Chapter 2's Speech controls: a sentence the reader types, said in a new voice of their seed.

use crate::{failed, json};
use genai_demos::experiments::speech;
use genai_demos::sound::speech::spectrogram;
use wasm_bindgen::prelude::*;

/// A sentence said in a new voice: the voice and its novelty as JSON, the vowel chart and the
/// spectrogram as SVG, and the sound as WAV bytes.
#[wasm_bindgen]
pub struct Spoken {
    voice: String,
    voices_chart: String,
    spectrogram: String,
    wav: Vec<u8>,
}

#[wasm_bindgen]
impl Spoken {
    /// `{"voice": Voice, "novelty": VoiceNovelty}`, as JSON.
    #[wasm_bindgen(getter)]
    pub fn voice(&self) -> String {
        self.voice.clone()
    }

    /// The new voice's vowels among the 76 real speakers, as an SVG document.
    #[wasm_bindgen(getter)]
    pub fn voices_chart(&self) -> String {
        self.voices_chart.clone()
    }

    /// The spectrogram of the sentence, as an SVG document.
    #[wasm_bindgen(getter)]
    pub fn spectrogram(&self) -> String {
        self.spectrogram.clone()
    }

    /// The sound, as the bytes of a WAV file.
    #[wasm_bindgen(getter)]
    pub fn wav(&self) -> Vec<u8> {
        self.wav.clone()
    }
}

/// Says `text` in the new voice of `seed` (a whole number the reader typed).
#[wasm_bindgen]
pub fn say(text: &str, seed: &str) -> Result<Spoken, JsError> {
    let seed = crate::live::seed(seed).map_err(failed)?;
    let model = genai_demos::sound::speech::voice::VoiceModel::learn().map_err(failed)?;
    let (voice, said) = speech::say(&model, text, seed).map_err(failed)?;
    let novelty = model.novelty(&voice).map_err(failed)?;
    let chart = speech::one_voice_chart(&model, &voice, seed).map_err(failed)?;
    let title = speech::spectrogram_title(seed);
    Ok(Spoken {
        voice: json(&serde_json::json!({ "voice": voice, "novelty": novelty }))?,
        voices_chart: chart.svg().to_string(),
        spectrogram: spectrogram::chart(&said.audio, &title)
            .map_err(failed)?
            .svg()
            .to_string(),
        wav: said.audio.to_wav_bytes().map_err(failed)?,
    })
}
