//! Chapter 2's experiments, the modalities: text, pictures, sound and code, each from a tiny
//! real generator trained on the shipped data and sampled with the seeds below.
//!
//! ```
//! use genai_demos::experiments::ch2;
//!
//! let tune = ch2::TuneRecipe::default();
//! let melody = tune.melody(ch2::TUNE_SEED)?;
//! assert_eq!(melody.beats(), ch2::TUNE_BEATS);
//! # Ok::<(), genai_demos::Error>(())
//! ```

use super::{Figures, ch3};
use crate::classify::pictures::{PictureSorter, settings as picture_sorter_settings};
use crate::generate::code::{self, ParseRate};
use crate::generate::ngram::{self, NGram};
use crate::generate::sampling::Sampler;
use crate::measure::copying::{CopyMeter, CopyReport};
use crate::pictures::describe::DescribedSet;
use crate::pictures::diffusion::{DenoisingTrace, DiffusionModel, Novelty, NoveltyReport};
use crate::pictures::judge::{ClosedForm, DrawsDescriptions, Judgement, judge};
use crate::show::chart::{Chart, Series};
use crate::show::wording::{thousands, whole_percent};
use crate::sound::melody::{Length, Melody, MelodyModel};
use crate::sound::synth::{Audio, Synth};
use crate::sound::tune::{Tune, bakery_tunes};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// The text model's n: each word is predicted from the two before it.
pub const TEXT_N: usize = 3;
/// The prompts of the Text tab's paragraphs.
pub const TEXT_PROMPTS: [&str; 3] = ["the baker", "the apprentice", "sourdough"];
/// The seed of the first paragraph; the next prompts take the next seeds.
pub const TEXT_SEED: u64 = 7;
/// The sampling temperature for text: 1 keeps the learned odds as they are.
pub const TEXT_TEMPERATURE: f64 = 1.0;
/// The most pieces a paragraph may have, if it does not end on its own before.
pub const TEXT_MAX_PIECES: usize = 90;
/// The orders compared on one prompt and seed.
pub const TEXT_ORDERS: [usize; 4] = [1, 2, 3, 4];
/// The largest n in the perplexity chart (the same chart as chapter 3's).
pub const PERPLEXITY_MAX_N: usize = ch3::PERPLEXITY_MAX_N;
/// The smoothing values in the perplexity chart (chapter 3's, in the same order).
pub const PERPLEXITY_KS: [f64; 2] = ch3::PERPLEXITY_KS;

/// The code model's n: each token is predicted from the four before it.
pub const CODE_N: usize = 5;
/// How many programs each parse-rate measurement writes.
pub const CODE_SAMPLES: usize = 40;
/// The first seed of those programs (the others follow it).
pub const CODE_SEED: u64 = 1;
/// The sampling temperature for code.
pub const CODE_TEMPERATURE: f64 = 1.0;
/// How many of the programs the Code tab shows.
pub const CODE_SHOWN: usize = 4;
/// The orders of the parse-rate chart.
pub const CODE_ORDERS: [usize; 6] = [2, 3, 4, 5, 6, 7];
/// The run length the copy measurement of code uses, in tokens.
pub const CODE_COPY_RUN: usize = 12;

/// The seed the diffusion model's training pictures are drawn from.
pub const IMAGE_TRAIN_SEED: u64 = 2024;
/// How many training pictures of each shape the diffusion model learns from.
pub const IMAGE_PER_SHAPE: usize = 200;
/// The prompt of the picture the chapter follows from noise to finish.
pub const IMAGE_PROMPT: &str = "a ring";
/// The seed of that picture's starting noise.
pub const IMAGE_SEED: u64 = 3;
/// The prompt of the Image tab's picture.
pub const IMAGE_TAB_PROMPT: &str = "a triangle";
/// The seed of the Image tab's picture.
pub const IMAGE_TAB_SEED: u64 = 5;
/// How many denoising steps every picture takes.
pub const IMAGE_STEPS: usize = 50;
/// How many pictures of each shape the novelty check samples.
pub const NOVELTY_PER_SHAPE: usize = 5;
/// The first seed of the novelty check's samples (the others follow it).
pub const NOVELTY_SEED: u64 = 100;

/// The seed of the described pictures that the sorter and the description-reading models
/// learn from.
pub const DESCRIBED_TRAIN_SEED: u64 = 2026;
/// How many described pictures of each seen combination of attributes they learn from.
pub const DESCRIBED_PER_COMBINATION: usize = 8;
/// The prompts the generators are judged on: combinations the training pictures show.
pub const JUDGE_SEEN_PROMPTS: [&str; 6] = [
    "a large thin ring at the bottom left",
    "a small bold cross at the top left",
    "a large bold square at the top right",
    "a small thin triangle at the bottom left",
    "a small bold ring at the bottom right",
    "a large thin cross at the top right",
];
/// The prompts for combinations the training pictures leave out, in the order of
/// [`crate::pictures::describe::Attributes::held_out`].
pub const JUDGE_HELD_OUT_PROMPTS: [&str; 4] = [
    "a large bold ring at the top left",
    "a small thin square at the bottom right",
    "a small bold square at the bottom right",
    "a small thin triangle at the top right",
];
/// How many pictures the judge draws for each prompt.
pub const JUDGE_PER_PROMPT: usize = 4;
/// The seed of the first judged picture (the others follow it).
pub const JUDGE_SEED: u64 = 500;

/// The described training pictures (held-out combinations left out) and the sorter trained on
/// them: the judge of every picture generator in the chapter.
pub fn described_training() -> Result<(DescribedSet, PictureSorter)> {
    let training = DescribedSet::draw(DESCRIBED_TRAIN_SEED, DESCRIBED_PER_COMBINATION, true)?;
    let sorter = PictureSorter::train(&training.pictures, &picture_sorter_settings())?;
    Ok((training, sorter))
}

/// Every judged prompt, seen ones first.
pub fn judge_prompts() -> Vec<&'static str> {
    JUDGE_SEEN_PROMPTS
        .iter()
        .chain(&JUDGE_HELD_OUT_PROMPTS)
        .copied()
        .collect()
}

/// Judges a description-reading generator on the chapter's prompts.
pub fn judge_generator(
    model: &dyn DrawsDescriptions,
    training: &DescribedSet,
    sorter: &PictureSorter,
) -> Result<Judgement> {
    judge(
        model,
        sorter,
        training,
        &judge_prompts(),
        JUDGE_PER_PROMPT,
        JUDGE_SEED,
    )
}

/// The closed-form sampler, conditioned on descriptions, judged: the baseline.
pub fn judge_closed_form() -> Result<Judgement> {
    let (training, sorter) = described_training()?;
    let model = ClosedForm {
        training: training.clone(),
        steps: IMAGE_STEPS,
    };
    judge_generator(&model, &training, &sorter)
}

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
/// Samples per second of the sound.
pub const TUNE_SAMPLE_RATE: u32 = 11_025;

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

impl Default for ImageRecipe {
    fn default() -> ImageRecipe {
        ImageRecipe {
            train_seed: IMAGE_TRAIN_SEED,
            per_shape: IMAGE_PER_SHAPE,
            steps: IMAGE_STEPS,
        }
    }
}

impl ImageRecipe {
    /// Trains the diffusion model.
    pub fn train(&self) -> Result<DiffusionModel> {
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

impl Default for TuneRecipe {
    fn default() -> TuneRecipe {
        TuneRecipe {
            order: TUNE_ORDER,
            beats: TUNE_BEATS,
            temperature: TUNE_TEMPERATURE,
            tempo: TUNE_TEMPO,
            sample_rate: TUNE_SAMPLE_RATE,
        }
    }
}

impl TuneRecipe {
    /// Learns the melody model from the bakery tunes.
    pub fn train(&self) -> Result<MelodyModel> {
        MelodyModel::bakery(self.order)
    }

    /// The synthesiser that plays the tune.
    pub fn synth(&self) -> Result<Synth> {
        Synth::new(self.tempo, self.sample_rate)
    }

    /// A new tune from `seed`.
    pub fn melody(&self, seed: u64) -> Result<Melody> {
        let length = Length::Beats(self.beats);
        self.train()?.generate(seed, length, self.temperature)
    }

    /// A melody played by the synthesiser.
    pub fn play(&self, melody: &Melody) -> Result<Audio> {
        self.synth()?.render(&melody.notes)
    }
}

/// One paragraph, as the chapter shows it: what was asked, what came out, what was copied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextSample {
    /// The prompt the paragraph starts with.
    pub prompt: String,
    /// The seed.
    pub seed: u64,
    /// The model's n.
    pub n: usize,
    /// The paragraph.
    pub text: String,
    /// What the copy meter found in it.
    pub copy: CopyReport,
}

/// What the image tab shows, as data: the sample's measurements.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AudioTab {
    /// The link to the WAV file, relative to the page.
    pub wav: String,
    /// The tempo, in beats per minute.
    pub tempo: f64,
    /// The melody, with the trace of how each note was chosen.
    pub melody: Melody,
}

/// What the chapter's four tabs show, as data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModalitiesData {
    /// The text tab: paragraphs and what was copied in each.
    pub text: Vec<TextSample>,
    /// The image tab.
    pub image: ImageTab,
    /// The audio tab.
    pub audio: AudioTab,
    /// The code tab: the programs written at [`CODE_N`] and how many parse.
    pub code: ParseRate,
}

/// Everything the chapter trains and measures, done once.
#[derive(Debug, Clone)]
pub struct Run {
    /// The bakery text models of order 1 to [`PERPLEXITY_MAX_N`].
    pub text_models: Vec<NGram>,
    /// The copy meter over the bakery text.
    pub meter: CopyMeter,
    /// The parse rate at every n of [`CODE_ORDERS`], each with its copied stretches.
    pub code: Vec<(ParseRate, CopyReport)>,
    /// The diffusion model.
    pub diffusion: DiffusionModel,
    /// The novelty check of the pictures.
    pub novelty: NoveltyReport,
    /// The bakery tunes the melody model learned from.
    pub tunes: Vec<Tune>,
    /// The chapter's new tune.
    pub melody: Melody,
    /// The tune as sound.
    pub audio: Audio,
}

/// Trains every model of the chapter and takes its measurements.
pub fn run() -> Result<Run> {
    let text_models = (1..=PERPLEXITY_MAX_N)
        .map(NGram::bakery)
        .collect::<Result<_>>()?;
    let image = ImageRecipe::default();
    let diffusion = image.train()?;
    let novelty = diffusion.novelty(NOVELTY_PER_SHAPE, NOVELTY_SEED, image.steps)?;
    let tune = TuneRecipe::default();
    let melody = tune.melody(TUNE_SEED)?;
    Ok(Run {
        text_models,
        meter: CopyMeter::bakery()?,
        code: code_rates()?,
        diffusion,
        novelty,
        tunes: bakery_tunes()?,
        audio: tune.play(&melody)?,
        melody,
    })
}

/// The parse rate at every n of [`CODE_ORDERS`], each with the share of its
/// [`CODE_COPY_RUN`]-token stretches found word for word in the training programs.
pub fn code_rates() -> Result<Vec<(ParseRate, CopyReport)>> {
    let meter = CopyMeter::new(&code::rust_documents())?;
    let mut rates = Vec::new();
    for n in CODE_ORDERS {
        let rate = code::parse_rate(n, CODE_SAMPLES, CODE_TEMPERATURE, CODE_SEED)?;
        // All the programs as one text, each followed by an end marker, so no stretch is
        // counted across two programs.
        let mut pieces = Vec::new();
        for example in &rate.examples {
            pieces.extend(crate::text::rust::tokenize(&example.code));
            pieces.push(ngram::END.to_string());
        }
        let copied = meter.measure(&pieces);
        rates.push((rate, copied));
    }
    Ok(rates)
}

/// The share of a code report's [`CODE_COPY_RUN`]-token stretches copied from training.
pub fn copied_share(report: &CopyReport) -> f64 {
    report.share(CODE_COPY_RUN).unwrap_or(0.0)
}

fn missing(what: String) -> Error {
    Error::EmptyInput { what }
}

impl Run {
    /// The code chart: the share of programs that parse and of [`CODE_COPY_RUN`]-token
    /// stretches copied from training, by n (both rise together).
    pub fn code_chart(&self) -> Result<Chart> {
        let stretches = format!("{CODE_COPY_RUN}-token stretches copied from training");
        let mut parsed = Series::new("programs that parse as Rust", vec![]);
        let mut copied = Series::new(stretches, vec![]);
        for (rate, copy) in &self.code {
            parsed.points.push((rate.n as f64, 100.0 * rate.rate));
            copied
                .points
                .push((rate.n as f64, 100.0 * copied_share(copy)));
        }
        let (title, x) = (
            "More context parses more often, by copying longer stretches",
            "n (the model sees the n - 1 tokens before)",
        );
        Chart::lines(
            title,
            x,
            "% of programs / of stretches",
            &[parsed, copied],
            100.0,
        )
    }

    /// The bakery text model of order `n`.
    pub fn text_model(&self, n: usize) -> Result<&NGram> {
        let found = self.text_models.get(n.wrapping_sub(1));
        found.ok_or_else(|| missing(format!("the text model of order {n}")))
    }

    /// Writes one paragraph from `prompt` with the bakery model of order `n`.
    pub fn paragraph(&self, prompt: &str, n: usize, seed: u64) -> Result<TextSample> {
        let sampler = Sampler::with_temperature(TEXT_TEMPERATURE)?;
        let model = self.text_model(n)?;
        let trace = model.generate_document(prompt, TEXT_MAX_PIECES, &sampler, seed)?;
        Ok(TextSample {
            prompt: prompt.to_string(),
            seed,
            n,
            copy: self.meter.measure(&trace.pieces),
            text: trace.text,
        })
    }

    /// The Text tab's paragraphs: prompt `i` with seed `TEXT_SEED + i`.
    pub fn paragraphs(&self) -> Result<Vec<TextSample>> {
        let seeds = TEXT_SEED..;
        let each = TEXT_PROMPTS.iter().zip(seeds);
        each.map(|(prompt, seed)| self.paragraph(prompt, TEXT_N, seed))
            .collect()
    }

    /// The same prompt and seed at every n of [`TEXT_ORDERS`].
    pub fn paragraphs_by_order(&self) -> Result<Vec<TextSample>> {
        let each = TEXT_ORDERS.iter();
        each.map(|&n| self.paragraph(TEXT_PROMPTS[0], n, TEXT_SEED))
            .collect()
    }

    /// The parse rate (and copying) at order `n`.
    pub fn code_rate(&self, n: usize) -> Result<&(ParseRate, CopyReport)> {
        let found = self.code.iter().find(|(r, _)| r.n == n);
        found.ok_or_else(|| missing(format!("the parse rate for n = {n}")))
    }

    /// The picture the chapter follows, from noise to finish.
    pub fn image_trace(&self) -> Result<DenoisingTrace> {
        self.diffusion.sample(IMAGE_PROMPT, IMAGE_SEED, IMAGE_STEPS)
    }

    /// The Image tab's picture.
    pub fn image_tab_trace(&self) -> Result<DenoisingTrace> {
        let d = &self.diffusion;
        d.sample(IMAGE_TAB_PROMPT, IMAGE_TAB_SEED, IMAGE_STEPS)
    }

    /// What the chapter's four tabs show, with the tune's WAV file at `wav`.
    pub fn modalities(&self, wav: &str) -> Result<ModalitiesData> {
        let trace = self.image_tab_trace()?;
        let novelty = Novelty {
            shape: trace.shape,
            seed: trace.seed,
            nearest_rms: trace.nearest_training_rms,
            closest_shape: trace.closest_shape,
        };
        Ok(ModalitiesData {
            text: self.paragraphs()?,
            image: ImageTab {
                prompt: trace.prompt.clone(),
                seed: trace.seed,
                steps: trace.steps,
                novelty,
                training_spacing_rms: trace.training_spacing_rms,
            },
            audio: AudioTab {
                wav: wav.to_string(),
                tempo: TUNE_TEMPO,
                melody: self.melody.clone(),
            },
            code: self.code_rate(CODE_N)?.0.clone(),
        })
    }

    /// The figures the chapter prints, worded by [`crate::show::wording`].
    pub fn figures(&self) -> Result<Figures> {
        let mut f = Figures::default();
        let text = self.text_model(TEXT_N)?;
        f.put("text-paragraphs", text.documents());
        f.put("text-words", thousands(text.training_pieces()));
        // The distinct pieces, as chapter 3 counts them (not the smoothing's V, which adds
        // the three markers).
        f.put("text-vocab", thousands(text.vocab().len()));
        f.put("text-n", TEXT_N);
        f.put("text-seed", TEXT_SEED);
        f.put("text-prompt", TEXT_PROMPTS[0]);
        let smallest_k = PERPLEXITY_KS.iter().copied().fold(f64::INFINITY, f64::min);
        let scores = ngram::bakery_perplexities(PERPLEXITY_MAX_N, &[smallest_k])?;
        let best = scores
            .iter()
            .min_by(|a, b| a.perplexity.total_cmp(&b.perplexity));
        f.put("text-best-n", best.map(|p| p.n).unwrap_or(0));
        let programs = code::rust_documents();
        f.put("code-programs", programs.len());
        f.put(
            "code-tokens",
            thousands(programs.iter().map(Vec::len).sum()),
        );
        f.put("code-n", CODE_N);
        f.put("code-samples", CODE_SAMPLES);
        let (rate, _) = self.code_rate(CODE_N)?;
        let number = |p: f64| whole_percent(p).trim_end_matches('%').to_string();
        f.put("code-parsed", rate.parsed);
        f.put("code-parse-percent", number(rate.rate));
        f.put("code-copies", rate.copies);
        let (low, high) = (CODE_ORDERS[0], CODE_ORDERS[CODE_ORDERS.len() - 1]);
        f.put("code-low-n", low);
        f.put("code-low-n-percent", number(self.code_rate(low)?.0.rate));
        f.put("code-high-n", high);
        let (rate, copied) = self.code_rate(high)?;
        f.put("code-high-n-percent", number(rate.rate));
        f.put("code-high-n-copied", number(copied_share(copied)));
        f.put("code-copy-run", CODE_COPY_RUN);
        f.put("image-per-shape", IMAGE_PER_SHAPE);
        f.put("image-prompt", IMAGE_PROMPT);
        f.put("image-seed", IMAGE_SEED);
        f.put("image-steps", IMAGE_STEPS);
        let trace = self.image_trace()?;
        f.put(
            "image-nearest",
            format!("{:.2}", trace.nearest_training_rms),
        );
        f.put(
            "image-spacing",
            format!("{:.2}", trace.training_spacing_rms),
        );
        f.put("image-novelty-per-shape", NOVELTY_PER_SHAPE);
        let samples = &self.novelty.samples;
        f.put("image-samples", samples.len());
        let mut d: Vec<f64> = samples.iter().map(|s| s.nearest_rms).collect();
        d.sort_by(f64::total_cmp);
        let at = |i: usize| format!("{:.2}", d.get(i).copied().unwrap_or(0.0));
        f.put("image-novelty-min", at(0));
        f.put("image-novelty-median", at(d.len() / 2));
        let right = samples.iter().filter(|s| s.closest_shape == s.shape);
        let right = format!("{} of {}", right.count(), samples.len());
        f.put("image-novelty-right-shape", right);
        f.put("tune-count", self.tunes.len());
        f.put("tune-seed", TUNE_SEED);
        f.put("tune-beats", TUNE_BEATS);
        f.put("tune-notes", self.melody.notes.len());
        f.put("tune-seconds", format!("{:.1}", self.audio.seconds()));
        f.put("tune-tempo", TUNE_TEMPO);
        f.put("tune-sample-rate", thousands(TUNE_SAMPLE_RATE as usize));
        let shared = self.melody.novelty(&self.tunes);
        f.put("tune-shared-run", shared.longest_run);
        f.put("tune-shared-title", shared.tune);
        f.put("tune-wav-kb", self.audio.to_wav_bytes()?.len() / 1024);
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chapters_claims_hold() {
        let run = run().unwrap();
        let trace = run.image_trace().unwrap();
        assert_eq!(trace.shape.name(), "ring");
        assert!(trace.nearest_training_rms > 0.02, "a copy of a picture");
        assert_eq!(trace.closest_shape, trace.shape);
        assert_eq!(run.novelty.samples.len(), 4 * NOVELTY_PER_SHAPE);
        assert_eq!(run.melody.beats(), TUNE_BEATS);
        // Text is seeded, starts with its prompt; longer contexts copy longer stretches.
        let a = run.paragraphs().unwrap();
        assert_eq!(a, run.paragraphs().unwrap());
        for (s, prompt) in a.iter().zip(TEXT_PROMPTS) {
            assert!(s.text.to_lowercase().starts_with(prompt), "{}", s.text);
        }
        let by_n = run.paragraphs_by_order().unwrap();
        assert!(by_n[3].copy.longest_run > by_n[0].copy.longest_run);
        // Parse rates are counted and rise with n, with more copying.
        let (low, high) = (&run.code[0], &run.code[run.code.len() - 1]);
        assert!(high.0.rate > low.0.rate);
        assert!(copied_share(&high.1) > copied_share(&low.1));
        for (rate, _) in &run.code {
            let parsed = rate.examples.iter().filter(|e| e.parses).count();
            assert_eq!((rate.samples, parsed), (CODE_SAMPLES, rate.parsed));
        }
    }
}

#[cfg(test)]
mod judged {
    use super::*;
    use crate::pictures::describe::Attributes;

    #[test]
    fn the_judged_prompts_are_what_they_say() {
        let (training, _) = described_training().unwrap();
        let held_out = Attributes::held_out();
        for p in JUDGE_SEEN_PROMPTS {
            let d = crate::pictures::describe::Description::parse_strict(p).unwrap();
            assert!(!training.matching(&d).is_empty(), "{p}");
        }
        for (p, a) in JUDGE_HELD_OUT_PROMPTS.iter().zip(&held_out) {
            let d = crate::pictures::describe::Description::parse_strict(p).unwrap();
            assert_eq!(d.attributes().as_ref(), Some(a), "{p}");
            assert!(training.matching(&d).is_empty(), "{p}");
        }
        assert_eq!(held_out.len(), JUDGE_HELD_OUT_PROMPTS.len());
    }

    #[test]
    fn the_closed_form_sampler_cannot_compose_held_out_combinations() {
        let j = judge_closed_form().unwrap();
        eprintln!("{}", j.summary());
        assert_eq!(j.pictures, 40);
        // It follows seen prompts, but only by keeping near-copies of the matching pictures,
        assert!(j.seen_share >= 0.9, "{j:?}");
        assert!(j.closer_than_typical > j.pictures / 2, "{j:?}");
        // and a combination it never saw it cannot put together.
        assert!(j.held_out_share < 0.7, "{j:?}");
    }
}
