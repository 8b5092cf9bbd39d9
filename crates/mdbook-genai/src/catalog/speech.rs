//! Chapter 2's Speech: the chart of the 76 real speakers with the two new voices, the
//! spectrogram of the sentence, and the figures of `genai_demos::experiments::speech`.

use super::{Page, none};
use anyhow::{Result, anyhow};
use genai_demos::experiments::speech::{self, Report, SENTENCE, VOICE_SEEDS};
use genai_demos::sound::speech::spectrogram;

pub(super) const PAGE: Page = Page {
    prefix: "speech",
    charts: &["speech.voices", "speech.spectrogram"],
    widgets: &[],
    figures: || Ok(run()?.figures()?),
    chart: |name| match name {
        "speech.voices" => Ok(run()?.chart()?),
        "speech.spectrogram" => {
            let (_, said) = speech::say(&run()?.model, SENTENCE, VOICE_SEEDS[0])?;
            let title = format!("The sentence in the voice of seed {}", VOICE_SEEDS[0]);
            Ok(spectrogram::chart(&said.audio, &title)?)
        }
        other => Err(anyhow!("no speech chart called {other}")),
    },
    widget: none,
};

cached!(fn run() -> Report = speech::run);
