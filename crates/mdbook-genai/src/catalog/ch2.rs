//! Chapter 2, the modalities: text, pictures, sound and code, each from a tiny real generator.
//!
//! Every generator is trained once per build (cached in a `OnceLock`) and sampled with the seeds
//! below, which `notebooks/02-modalities.ipynb` uses too.

use super::Page;
use crate::assets;
use crate::directive::escape_html;
use crate::widget::{Panel, Widget};
use anyhow::{Result, anyhow};
use genai_demos::Chart;
use genai_demos::diffusion::{DenoisingTrace, DiffusionModel, Novelty, NoveltyReport};
use genai_demos::melody::{Length, Melody, MelodyModel};
use genai_demos::synth::{Audio, Synth, audio_tag};
use genai_demos::tune::{Tune, bakery_tunes};
use serde::Serialize;
use std::sync::OnceLock;

/// The seed the diffusion model's training pictures are drawn from.
pub const IMAGE_TRAIN_SEED: u64 = 2024;
/// How many training pictures of each shape the diffusion model learns from.
pub const IMAGE_PER_SHAPE: usize = 200;
/// The prompt of the picture the chapter follows from noise to finish.
pub const IMAGE_PROMPT: &str = "a ring";
/// The seed of that picture's starting noise.
pub const IMAGE_SEED: u64 = 3;
/// How many denoising steps every picture takes.
pub const IMAGE_STEPS: usize = 50;
/// How many pictures of each shape the novelty check samples.
pub const NOVELTY_PER_SHAPE: usize = 5;
/// The first seed of the novelty check's samples (the others follow it).
pub const NOVELTY_SEED: u64 = 100;

/// How many previous notes the melody model looks at.
pub const TUNE_ORDER: usize = 2;
/// The seed of the chapter's new tune.
pub const TUNE_SEED: u64 = 4;
/// How long the new tune is, in beats (eight bars of four).
pub const TUNE_BEATS: f64 = 32.0;
/// The temperature of the melody sampler: 1 plays the learned odds as they are.
pub const TUNE_TEMPERATURE: f64 = 1.0;
/// The tempo the synthesiser plays at, in beats per minute.
pub const TUNE_TEMPO: f64 = 132.0;
/// Samples per second in the WAV file.
pub const TUNE_SAMPLE_RATE: u32 = 11_025;
/// The WAV file the page links to, written next to the page at build time.
pub const TUNE_WAV: &str = "ch2-tune.wav";

pub(super) const PAGE: Page = Page {
    prefix: "ch2",
    charts: &[
        "ch2.training-pictures",
        "ch2.filmstrip",
        "ch2.image-novelty",
        "ch2.piano-roll",
        "ch2.waveform",
        "ch2.waveform-zoom",
    ],
    values: &[
        "ch2.image-per-shape",
        "ch2.image-prompt",
        "ch2.image-seed",
        "ch2.image-steps",
        "ch2.image-nearest",
        "ch2.image-spacing",
        "ch2.image-samples",
        "ch2.image-novelty-min",
        "ch2.image-novelty-median",
        "ch2.image-novelty-right-shape",
        "ch2.tune-count",
        "ch2.tune-order",
        "ch2.tune-seed",
        "ch2.tune-beats",
        "ch2.tune-notes",
        "ch2.tune-seconds",
        "ch2.tune-tempo",
        "ch2.tune-sample-rate",
        "ch2.tune-shared-run",
        "ch2.tune-shared-title",
        "ch2.tune-wav-kb",
    ],
    widgets: &["ch2.modalities"],
    chart,
    value,
    widget,
};

// ---- Image: diffusion -------------------------------------------------------------------

/// The diffusion model, trained once per build.
fn diffusion() -> Result<&'static DiffusionModel> {
    static MODEL: OnceLock<Result<DiffusionModel, genai_demos::Error>> = OnceLock::new();
    MODEL
        .get_or_init(|| DiffusionModel::train(IMAGE_TRAIN_SEED, IMAGE_PER_SHAPE))
        .as_ref()
        .map_err(|e| anyhow!("training the diffusion model: {e}"))
}

/// The picture the chapter follows, from noise to finish.
pub fn image_trace() -> Result<DenoisingTrace> {
    Ok(diffusion()?.sample(IMAGE_PROMPT, IMAGE_SEED, IMAGE_STEPS)?)
}

/// The novelty check: samples of every shape, each measured against the training pictures.
pub fn image_novelty() -> Result<&'static NoveltyReport> {
    static REPORT: OnceLock<Result<NoveltyReport, String>> = OnceLock::new();
    REPORT
        .get_or_init(|| {
            let model = diffusion().map_err(|e| e.to_string())?;
            model
                .novelty(NOVELTY_PER_SHAPE, NOVELTY_SEED, IMAGE_STEPS)
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| anyhow!("the novelty check: {e}"))
}

/// The novelty check's distances, smallest first.
fn novelty_distances() -> Result<Vec<f64>> {
    let mut d: Vec<f64> = image_novelty()?
        .samples
        .iter()
        .map(|s| s.nearest_rms)
        .collect();
    d.sort_by(f64::total_cmp);
    Ok(d)
}

// ---- Audio: melody model and synthesiser --------------------------------------------------

/// The chapter's new tune, from the bakery tunes.
pub fn melody() -> Result<Melody> {
    let model = MelodyModel::bakery(TUNE_ORDER)?;
    Ok(model.generate(TUNE_SEED, Length::Beats(TUNE_BEATS), TUNE_TEMPERATURE)?)
}

/// The tune as sound.
pub fn audio() -> Result<Audio> {
    let synth = Synth::new(TUNE_TEMPO, TUNE_SAMPLE_RATE)?;
    Ok(synth.render(&melody()?.notes)?)
}

fn tunes() -> Result<Vec<Tune>> {
    Ok(bakery_tunes()?)
}

/// Writes the tune's WAV next to the pages and returns the link to it.
fn publish_wav() -> Result<String> {
    assets::publish(TUNE_WAV, &audio()?.to_wav_bytes()?)
}

// ---- The widget ---------------------------------------------------------------------------

/// What the image tab shows, as data: the sample's measurements (the library's types).
#[derive(Serialize)]
pub struct ImageTab {
    /// The prompt.
    pub prompt: String,
    /// The seed of the starting noise.
    pub seed: u64,
    /// The denoising steps.
    pub steps: usize,
    /// The sample's distance to its nearest training picture and the shape nearest to it.
    pub novelty: Novelty,
    /// The typical gap between two training pictures of the prompt's shape.
    pub training_spacing_rms: f64,
}

/// What the audio tab shows, as data.
#[derive(Serialize)]
pub struct AudioTab {
    /// The link to the WAV file, relative to the page.
    pub wav: String,
    /// The tempo, in beats per minute.
    pub tempo: f64,
    /// The melody, with the trace of how each note was chosen.
    pub melody: Melody,
}

/// The data of the `ch2.modalities` widget: what each tab shows.
#[derive(Serialize)]
pub struct ModalitiesData {
    /// The image tab.
    pub image: ImageTab,
    /// The audio tab.
    pub audio: AudioTab,
}

/// The widget's data, exactly as the page carries it.
pub fn modalities_data() -> Result<ModalitiesData> {
    let trace = image_trace()?;
    let image = ImageTab {
        prompt: trace.prompt.clone(),
        seed: trace.seed,
        steps: trace.steps,
        novelty: Novelty {
            shape: trace.shape,
            seed: trace.seed,
            nearest_rms: trace.nearest_training_rms,
            closest_shape: trace.closest_shape,
        },
        training_spacing_rms: trace.training_spacing_rms,
    };
    let audio = AudioTab {
        wav: format!("generated/{TUNE_WAV}"),
        tempo: TUNE_TEMPO,
        melody: melody()?,
    };
    Ok(ModalitiesData { image, audio })
}

fn image_panel() -> Result<Panel> {
    let trace = image_trace()?;
    let film = figure(&trace.filmstrip()?);
    let mut rows = String::new();
    for d in &trace.shape_distances {
        let mark = if d.shape == trace.shape {
            " (the prompt's shape)"
        } else {
            ""
        };
        rows.push_str(&format!(
            "<tr><td>{}{mark}</td><td>{:.2}</td></tr>",
            d.shape, d.nearest_rms
        ));
    }
    let html = format!(
        "<p>Prompt: <q>{prompt}</q>, seed {seed}, {steps} denoising steps. Top row: the picture \
         at each step, from pure noise on the left to the finished {shape} on the right. Bottom \
         row: what the model guessed the clean picture would be at that step.</p>\n{film}\n\
         <p>The finished picture is {near:.2} away from the closest of the {count} training \
         pictures (two training {shape}s are typically {spacing:.2} apart), so it is a new \
         picture, not a copy. It is nearest to a training picture of its own shape:</p>\n\
         <table><thead><tr><th>training pictures of</th><th>distance to the nearest</th></tr>\
         </thead><tbody>{rows}</tbody></table>",
        prompt = escape_html(&trace.prompt),
        seed = trace.seed,
        steps = trace.steps,
        shape = trace.shape,
        near = trace.nearest_training_rms,
        count = diffusion()?.training.examples.len(),
        spacing = trace.training_spacing_rms,
    );
    Ok(Panel {
        label: "Image".into(),
        html,
    })
}

fn audio_panel() -> Result<Panel> {
    let melody = melody()?;
    let sound = audio()?;
    let link = publish_wav()?;
    let player = audio_tag(&link, &format!("A new bakery tune, seed {}", melody.seed));
    let roll = figure(&melody.novelty_roll(&tunes()?)?);
    let html = format!(
        "<p>A new tune of {beats} beats from seed {seed}, written note by note by a model that \
         learned from the bakery tunes, then played by the synthesiser at {tempo} beats a minute \
         ({seconds:.1} seconds). Press play:</p>\n<p>{player}</p>\n\
         <p><a href=\"{link}\">Download the WAV file</a> ({kb} KB, 16-bit mono).</p>\n{roll}",
        beats = melody.beats(),
        seed = melody.seed,
        tempo = TUNE_TEMPO,
        seconds = sound.seconds(),
        kb = sound.to_wav_bytes()?.len() / 1024,
    );
    Ok(Panel {
        label: "Audio".into(),
        html,
    })
}

/// A chart as the page shows it, inside a figure, with no blank lines.
fn figure(chart: &Chart) -> String {
    let svg: Vec<&str> = chart
        .svg()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    format!(
        "<figure class=\"genai-figure\">\n{}\n</figure>",
        svg.join("\n")
    )
}

fn modalities() -> Result<Widget> {
    let panels = [image_panel()?, audio_panel()?];
    Widget::tabs("What a generator can make", &panels, modalities_data()?)
}

// ---- Names --------------------------------------------------------------------------------

fn chart(name: &str) -> Option<Result<Chart>> {
    let made = match name {
        "ch2.training-pictures" => diffusion().and_then(|m| Ok(m.training.chart(8)?)),
        "ch2.filmstrip" => image_trace().and_then(|t| Ok(t.filmstrip()?)),
        "ch2.image-novelty" => image_novelty().and_then(|r| Ok(r.chart()?)),
        "ch2.piano-roll" => melody().and_then(|m| Ok(m.novelty_roll(&tunes()?)?)),
        "ch2.waveform" => audio().and_then(|a| Ok(a.waveform()?)),
        "ch2.waveform-zoom" => audio().and_then(|a| Ok(a.waveform_zoom(0.5, 0.03)?)),
        _ => return None,
    };
    Some(made)
}

fn value(name: &str) -> Option<Result<String>> {
    let made = match name {
        "ch2.image-per-shape" => Ok(IMAGE_PER_SHAPE.to_string()),
        "ch2.image-prompt" => Ok(IMAGE_PROMPT.to_string()),
        "ch2.image-seed" => Ok(IMAGE_SEED.to_string()),
        "ch2.image-steps" => Ok(IMAGE_STEPS.to_string()),
        "ch2.image-nearest" => image_trace().map(|t| format!("{:.2}", t.nearest_training_rms)),
        "ch2.image-spacing" => image_trace().map(|t| format!("{:.2}", t.training_spacing_rms)),
        "ch2.image-samples" => image_novelty().map(|r| r.samples.len().to_string()),
        "ch2.image-novelty-min" => {
            novelty_distances().map(|d| format!("{:.2}", d.first().copied().unwrap_or(0.0)))
        }
        "ch2.image-novelty-median" => novelty_distances()
            .map(|d| format!("{:.2}", d.get(d.len() / 2).copied().unwrap_or(0.0))),
        "ch2.image-novelty-right-shape" => image_novelty().map(|r| {
            let right = r
                .samples
                .iter()
                .filter(|s| s.closest_shape == s.shape)
                .count();
            format!("{right} of {}", r.samples.len())
        }),
        "ch2.tune-count" => tunes().map(|t| t.len().to_string()),
        "ch2.tune-order" => Ok(TUNE_ORDER.to_string()),
        "ch2.tune-seed" => Ok(TUNE_SEED.to_string()),
        "ch2.tune-beats" => Ok(TUNE_BEATS.to_string()),
        "ch2.tune-notes" => melody().map(|m| m.notes.len().to_string()),
        "ch2.tune-seconds" => audio().map(|a| format!("{:.1}", a.seconds())),
        "ch2.tune-tempo" => Ok(TUNE_TEMPO.to_string()),
        "ch2.tune-sample-rate" => Ok(TUNE_SAMPLE_RATE.to_string()),
        "ch2.tune-shared-run" => {
            melody().and_then(|m| Ok(m.novelty(&tunes()?).longest_run.to_string()))
        }
        "ch2.tune-shared-title" => melody().and_then(|m| Ok(m.novelty(&tunes()?).tune)),
        "ch2.tune-wav-kb" => audio().and_then(|a| Ok((a.to_wav_bytes()?.len() / 1024).to_string())),
        _ => return None,
    };
    Some(made)
}

fn widget(name: &str) -> Option<Result<Widget>> {
    match name {
        "ch2.modalities" => Some(modalities()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_is_new_and_looks_like_its_prompt() {
        let trace = image_trace().unwrap();
        assert_eq!(trace.shape.name(), "ring");
        assert!(
            trace.nearest_training_rms > 0.02,
            "a copy of a training picture"
        );
        assert_eq!(trace.closest_shape, trace.shape);
        let report = image_novelty().unwrap();
        assert_eq!(report.samples.len(), 4 * NOVELTY_PER_SHAPE);
        assert!(report.samples.iter().all(|s| s.nearest_rms > 0.02));
    }

    #[test]
    fn the_tune_fills_its_beats_and_its_wav_reads_back() {
        let m = melody().unwrap();
        assert_eq!(m.beats(), TUNE_BEATS);
        assert_eq!(m, melody().unwrap(), "same seed, same tune");
        let wav = audio().unwrap().to_wav_bytes().unwrap();
        assert_eq!(&wav[..4], b"RIFF");
        assert_eq!(&wav[8..12], b"WAVE");
        // The canonical 44-byte header: "fmt " chunk, then "data" and its size in bytes.
        let u16_at = |i: usize| u16::from_le_bytes([wav[i], wav[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes([wav[i], wav[i + 1], wav[i + 2], wav[i + 3]]);
        assert_eq!(&wav[12..16], b"fmt ");
        assert_eq!(u16_at(20), 1, "integer samples");
        assert_eq!(u16_at(22), 1, "mono");
        assert_eq!(u32_at(24), TUNE_SAMPLE_RATE);
        assert_eq!(u16_at(34), 16, "16 bits a sample");
        assert_eq!(&wav[36..40], b"data");
        // 32 beats at 132 a minute: 32 * 60 / 132 seconds of two-byte samples.
        let samples = (TUNE_BEATS * 60.0 / TUNE_TEMPO * f64::from(TUNE_SAMPLE_RATE)).round();
        assert_eq!(f64::from(u32_at(40)), 2.0 * samples);
        assert_eq!(wav.len(), 44 + 2 * samples as usize);
    }

    #[test]
    fn the_widget_has_a_tab_per_modality_and_links_the_wav() {
        let w = modalities().unwrap();
        for label in ["Image", "Audio"] {
            assert!(
                w.fallback.contains(&format!("data-label=\"{label}\"")),
                "{label}"
            );
        }
        assert!(w.fallback.contains("src=\"generated/ch2-tune.wav\""));
        assert!(
            !w.fallback.contains("data:audio"),
            "the WAV must stay out of the page"
        );
        assert_eq!(w.data["audio"]["wav"], "generated/ch2-tune.wav");
        let html = w.to_html("ch2.modalities");
        assert!(html.len() < 400_000, "{} bytes", html.len());
    }
}
