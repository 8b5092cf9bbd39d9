//! Chapter 2, the modalities: text, pictures, sound and code, each from a tiny real generator.
//!
//! Every generator is trained once per build (cached in a `OnceLock`) and sampled with the seeds
//! below, which `notebooks/02-modalities.ipynb` uses too.

use super::Page;
use crate::assets;
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget, examples};
use anyhow::{Result, anyhow};
use genai_demos::Chart;
use genai_demos::generate::code::{self, ParseRate};
use genai_demos::generate::ngram::{NGram, perplexity_chart};
use genai_demos::generate::sampling::{Sampler, Trace};
use genai_demos::measure::copying::{CopyMeter, CopyReport};
use genai_demos::pictures::diffusion::{DenoisingTrace, DiffusionModel, Novelty, NoveltyReport};
use genai_demos::show::chart::Series;
use genai_demos::sound::melody::{Length, Melody, MelodyModel};
use genai_demos::sound::synth::{Audio, Synth, audio_tag};
use genai_demos::sound::tune::{Tune, bakery_tunes};
use genai_demos::text::rust;
use genai_wasm::recipe::{ImageRecipe, TuneRecipe};
use serde::Serialize;
use std::sync::OnceLock;

/// The text model's n: each word is predicted from the two before it.
pub const TEXT_N: usize = 3;
/// The prompts of the Text tab's paragraphs.
pub const TEXT_PROMPTS: [&str; 3] = ["the baker", "the apprentice", "sourdough"];
/// The seed of the first paragraph; the next prompts take the next seeds.
pub const TEXT_SEED: u64 = 7;
/// The sampling temperature for text: 1 keeps the learned odds as they are.
pub const TEXT_TEMPERATURE: f64 = 1.0;
/// The most pieces (words and punctuation marks) a paragraph may have, if it does not end on
/// its own before.
pub const TEXT_MAX_PIECES: usize = 90;
/// The orders compared on one prompt and seed.
pub const TEXT_ORDERS: [usize; 4] = [1, 2, 3, 4];
/// The largest n in the perplexity chart.
pub const PERPLEXITY_MAX_N: usize = 5;
/// The smoothing values in the perplexity chart.
pub const PERPLEXITY_KS: [f64; 2] = [1.0, 0.01];

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
        "ch2.text-perplexity",
        "ch2.code-parse-rate",
        "ch2.training-pictures",
        "ch2.filmstrip",
        "ch2.image-novelty",
        "ch2.piano-roll",
        "ch2.waveform-zoom",
    ],
    values: &[
        "ch2.text-paragraphs",
        "ch2.text-words",
        "ch2.text-vocab",
        "ch2.text-n",
        "ch2.text-seed",
        "ch2.text-prompt",
        "ch2.text-best-n",
        "ch2.code-programs",
        "ch2.code-tokens",
        "ch2.code-n",
        "ch2.code-samples",
        "ch2.code-parsed",
        "ch2.code-parse-percent",
        "ch2.code-copies",
        "ch2.code-low-n",
        "ch2.code-low-n-percent",
        "ch2.code-high-n",
        "ch2.code-high-n-percent",
        "ch2.code-high-n-copied",
        "ch2.code-copy-run",
        "ch2.image-per-shape",
        "ch2.image-prompt",
        "ch2.image-seed",
        "ch2.image-steps",
        "ch2.image-nearest",
        "ch2.image-spacing",
        "ch2.image-samples",
        "ch2.image-novelty-per-shape",
        "ch2.image-novelty-min",
        "ch2.image-novelty-median",
        "ch2.image-novelty-right-shape",
        "ch2.tune-count",
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
    widgets: &["ch2.modalities", "ch2.text-orders"],
    chart,
    value,
    widget,
};

// ---- Text: the n-gram model -------------------------------------------------------------

/// The bakery text model of order `n`, trained once per build.
fn text_model(n: usize) -> Result<&'static NGram> {
    static MODELS: OnceLock<Vec<Result<NGram, String>>> = OnceLock::new();
    let models = MODELS.get_or_init(|| {
        (1..=PERPLEXITY_MAX_N)
            .map(|n| NGram::bakery(n).map_err(|e| e.to_string()))
            .collect()
    });
    match models.get(n.wrapping_sub(1)) {
        Some(Ok(model)) => Ok(model),
        Some(Err(e)) => Err(anyhow!("training the text model (n = {n}): {e}")),
        None => Err(anyhow!("no text model of order {n}")),
    }
}

/// The copy meter over the bakery text.
fn text_meter() -> Result<&'static CopyMeter> {
    static METER: OnceLock<Result<CopyMeter, String>> = OnceLock::new();
    METER
        .get_or_init(|| CopyMeter::bakery().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| anyhow!("indexing the bakery text: {e}"))
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

/// Writes one paragraph from `prompt` with the bakery model of order `n`.
pub fn paragraph(prompt: &str, n: usize, seed: u64) -> Result<TextSample> {
    let sampler = Sampler::with_temperature(TEXT_TEMPERATURE)?;
    let trace: Trace = text_model(n)?.generate_document(prompt, TEXT_MAX_PIECES, &sampler, seed)?;
    Ok(TextSample {
        prompt: prompt.to_string(),
        seed,
        n,
        copy: text_meter()?.measure(&trace.pieces),
        text: trace.text,
    })
}

/// The Text tab's paragraphs: prompt `i` with seed `TEXT_SEED + i`.
pub fn paragraphs() -> Result<Vec<TextSample>> {
    let mut samples = Vec::new();
    for (i, prompt) in TEXT_PROMPTS.iter().enumerate() {
        samples.push(paragraph(prompt, TEXT_N, TEXT_SEED + i as u64)?);
    }
    Ok(samples)
}

/// The same prompt and seed at every n of [`TEXT_ORDERS`].
pub fn paragraphs_by_order() -> Result<Vec<TextSample>> {
    TEXT_ORDERS
        .iter()
        .map(|&n| paragraph(TEXT_PROMPTS[0], n, TEXT_SEED))
        .collect()
}

/// The n whose held-out perplexity is lowest with the smallest smoothing.
fn best_n() -> Result<usize> {
    let k = PERPLEXITY_KS.iter().copied().fold(f64::INFINITY, f64::min);
    let scores = genai_demos::generate::ngram::bakery_perplexities(PERPLEXITY_MAX_N, &[k])?;
    scores
        .iter()
        .min_by(|a, b| a.perplexity.total_cmp(&b.perplexity))
        .map(|p| p.n)
        .ok_or_else(|| anyhow!("no perplexity was measured"))
}

// ---- Code: the same model over Rust tokens -----------------------------------------------

/// The parse rate at every n of [`CODE_ORDERS`], each with the share of its
/// [`CODE_COPY_RUN`]-token stretches found word for word in the training programs.
pub fn code_rates() -> Result<&'static [(ParseRate, CopyReport)]> {
    static RATES: OnceLock<Result<Vec<(ParseRate, CopyReport)>, String>> = OnceLock::new();
    RATES
        .get_or_init(|| {
            let meter = CopyMeter::new(&code::rust_documents()).map_err(|e| e.to_string())?;
            let mut rates = Vec::new();
            for n in CODE_ORDERS {
                let rate = code::parse_rate(n, CODE_SAMPLES, CODE_TEMPERATURE, CODE_SEED)
                    .map_err(|e| e.to_string())?;
                // All the programs as one text, each followed by an end marker, so no
                // stretch is counted across two programs.
                let mut pieces = Vec::new();
                for example in &rate.examples {
                    pieces.extend(rust::tokenize(&example.code));
                    pieces.push(genai_demos::generate::ngram::END.to_string());
                }
                let copied = meter.measure(&pieces);
                rates.push((rate, copied));
            }
            Ok(rates)
        })
        .as_deref()
        .map_err(|e| anyhow!("measuring the parse rate: {e}"))
}

/// The parse rate (and copying) at order `n`.
fn code_rate(n: usize) -> Result<&'static (ParseRate, CopyReport)> {
    code_rates()?
        .iter()
        .find(|(r, _)| r.n == n)
        .ok_or_else(|| anyhow!("no parse rate for n = {n}"))
}

fn copied_percent(report: &CopyReport) -> f64 {
    100.0 * report.share(CODE_COPY_RUN).unwrap_or(0.0)
}

fn code_chart() -> Result<Chart> {
    let mut parsed = Series::new("programs that parse as Rust", vec![]);
    let mut copied = Series::new(
        format!("{CODE_COPY_RUN}-token stretches copied from training"),
        vec![],
    );
    for (rate, copy) in code_rates()? {
        parsed.points.push((rate.n as f64, 100.0 * rate.rate));
        copied.points.push((rate.n as f64, copied_percent(copy)));
    }
    Ok(Chart::lines(
        "More context parses more often, by copying longer stretches",
        "n (the model sees the n - 1 tokens before)",
        "% of programs / of stretches",
        &[parsed, copied],
        100.0,
    )?)
}

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

/// The Image tab's picture.
pub fn image_tab_trace() -> Result<DenoisingTrace> {
    Ok(diffusion()?.sample(IMAGE_TAB_PROMPT, IMAGE_TAB_SEED, IMAGE_STEPS)?)
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
    /// The text tab: paragraphs and what was copied in each.
    pub text: Vec<TextSample>,
    /// The image tab.
    pub image: ImageTab,
    /// The audio tab.
    pub audio: AudioTab,
    /// The code tab: the programs written at [`CODE_N`] and how many parse.
    pub code: ParseRate,
}

/// The widget's data, exactly as the page carries it.
pub fn modalities_data() -> Result<ModalitiesData> {
    let trace = image_tab_trace()?;
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
    Ok(ModalitiesData {
        text: paragraphs()?,
        image,
        audio,
        code: code_rate(CODE_N)?.0.clone(),
    })
}

/// A paragraph as HTML: the prompt in bold, the rest as written.
fn paragraph_html(sample: &TextSample) -> String {
    let mut html = String::new();
    let parts = sample
        .text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty());
    for (i, part) in parts.enumerate() {
        // The prompt opens the first paragraph (capitalised by the detokenizer); mark it so the
        // reader sees where the model took over.
        let prompt = sample.prompt.trim();
        let head = part
            .get(..prompt.len())
            .filter(|h| h.eq_ignore_ascii_case(prompt));
        match head {
            Some(head) if i == 0 && !prompt.is_empty() => html.push_str(&format!(
                "<p class=\"genai-generated\"><strong>{}</strong>{}</p>",
                escape_html(head),
                escape_html(&part[head.len()..])
            )),
            _ => html.push_str(&format!(
                "<p class=\"genai-generated\">{}</p>",
                escape_html(part)
            )),
        }
    }
    html
}

/// A whole number with commas between thousands, as prose writes it.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn text_panel() -> Result<Panel> {
    let samples = paragraphs()?;
    let mut items = Vec::new();
    for s in &samples {
        items.push(format!(
            "<p class=\"genai-settings\">Prompt <q>{}</q>, n = {}, seed {}:</p>\n{}\n             <p class=\"genai-settings\">The longest stretch found word for word in the \
             training text: {} words.</p>",
            escape_html(&s.prompt),
            s.n,
            s.seed,
            paragraph_html(s),
            s.copy.longest_run
        ));
    }
    let html = format!(
        "<p>Paragraphs written word by word by a model that counted which word follows each pair \
         of words in the bakery texts. The prompt is in bold; every word after it was drawn by \
         the model.</p>\n{}\n{}",
        examples(&items),
        super::uses::answers_html()?
    );
    Ok(Panel {
        label: "Text".into(),
        html,
    })
}

fn code_panel() -> Result<Panel> {
    let (rate, _) = code_rate(CODE_N)?;
    let mut items = Vec::new();
    for example in rate.examples.iter().take(CODE_SHOWN) {
        let verdict = if example.parses {
            "parses as Rust"
        } else {
            "does not parse"
        };
        items.push(format!(
            "<p class=\"genai-settings\">Seed {}: <strong>{verdict}</strong></p>\n             <pre><code class=\"language-rust\">{}</code></pre>",
            example.seed,
            escape_html(example.code.trim_end())
        ));
    }
    let html = format!(
        "<p>Programs written token by token by the same kind of model, trained on small Rust \
         programs (n = {n}). A Rust parser (<code>syn</code>) then checks each one: of {samples} programs, \
         {parsed} parse.</p>\n{}",
        examples(&items),
        n = rate.n,
        samples = rate.samples,
        parsed = rate.parsed,
    );
    Ok(Panel {
        label: "Code".into(),
        html,
    })
}

fn image_panel() -> Result<Panel> {
    let trace = image_tab_trace()?;
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
    let wave = figure(&sound.waveform()?);
    let html = format!(
        "<p>A new tune of {beats} beats from seed {seed}, written note by note by a model that \
         learned from the bakery tunes, then played by the synthesiser at {tempo} beats a minute \
         ({seconds:.1} seconds). Press play:</p>\n<p>{player}</p>\n\
         <p><a href=\"{link}\">Download the WAV file</a> ({kb} KB, 16-bit mono).</p>\n{wave}",
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

/// The same prompt and seed at each n, one tab per n.
fn text_orders() -> Result<Widget> {
    let samples = paragraphs_by_order()?;
    let mut panels = Vec::new();
    for s in &samples {
        let context = match s.n {
            1 => "no words before: each word is drawn by how common it is".to_string(),
            2 => "the one word before".to_string(),
            n => format!("the {} words before", n - 1),
        };
        panels.push(Panel {
            label: format!("n = {}", s.n),
            html: format!(
                "<p class=\"genai-settings\">n = {}: the model looks at {context}. Prompt \
                 <q>{}</q>, seed {}.</p>\n{}\n<p class=\"genai-settings\">Longest stretch \
                 found word for word in the training text: {} words.</p>",
                s.n,
                escape_html(&s.prompt),
                s.seed,
                paragraph_html(s),
                s.copy.longest_run
            ),
        });
    }
    Widget::tabs("The same prompt and seed, by n", &panels, samples)
}

/// How the page's live Image control trains the same diffusion model in the reader's browser.
pub fn live_image_recipe() -> ImageRecipe {
    ImageRecipe {
        train_seed: IMAGE_TRAIN_SEED,
        per_shape: IMAGE_PER_SHAPE,
        steps: IMAGE_STEPS,
    }
}

/// How the page's live Audio control learns the same melody model and plays its tunes.
pub fn live_tune_recipe() -> TuneRecipe {
    TuneRecipe {
        order: TUNE_ORDER,
        beats: TUNE_BEATS,
        temperature: TUNE_TEMPERATURE,
        tempo: TUNE_TEMPO,
        sample_rate: TUNE_SAMPLE_RATE,
    }
}

fn modalities() -> Result<Widget> {
    let panels = [text_panel()?, image_panel()?, audio_panel()?, code_panel()?];
    Ok(
        Widget::tabs("What a generator can make", &panels, modalities_data()?)?
            .with_live(Live::new(
                "image",
                Some("Image"),
                live_image_recipe(),
                serde_json::json!({ "prompt": IMAGE_TAB_PROMPT, "seed": IMAGE_TAB_SEED }),
            )?)
            .with_live(Live::new(
                "tune",
                Some("Audio"),
                live_tune_recipe(),
                serde_json::json!({ "seed": TUNE_SEED }),
            )?),
    )
}

// ---- Names --------------------------------------------------------------------------------

fn chart(name: &str) -> Option<Result<Chart>> {
    let made = match name {
        "ch2.text-perplexity" => {
            perplexity_chart(PERPLEXITY_MAX_N, &PERPLEXITY_KS).map_err(Into::into)
        }
        "ch2.code-parse-rate" => code_chart(),
        "ch2.training-pictures" => diffusion().and_then(|m| Ok(m.training.chart(8)?)),
        "ch2.filmstrip" => image_trace().and_then(|t| Ok(t.filmstrip()?)),
        "ch2.image-novelty" => image_novelty().and_then(|r| Ok(r.chart()?)),
        "ch2.piano-roll" => melody().and_then(|m| Ok(m.novelty_roll(&tunes()?)?)),
        "ch2.waveform-zoom" => audio().and_then(|a| Ok(a.waveform_zoom(0.5, 0.03)?)),
        _ => return None,
    };
    Some(made)
}

fn value(name: &str) -> Option<Result<String>> {
    let made = match name {
        "ch2.text-paragraphs" => text_model(TEXT_N).map(|m| m.documents().to_string()),
        "ch2.text-words" => text_model(TEXT_N).map(|m| thousands(m.training_pieces())),
        "ch2.text-vocab" => text_model(TEXT_N).map(|m| thousands(m.vocab_size())),
        "ch2.text-n" => Ok(TEXT_N.to_string()),
        "ch2.text-seed" => Ok(TEXT_SEED.to_string()),
        "ch2.text-prompt" => Ok(TEXT_PROMPTS[0].to_string()),
        "ch2.text-best-n" => best_n().map(|n| n.to_string()),
        "ch2.code-programs" => Ok(code::rust_documents().len().to_string()),
        "ch2.code-tokens" => Ok(thousands(
            code::rust_documents().iter().map(Vec::len).sum::<usize>(),
        )),
        "ch2.code-n" => Ok(CODE_N.to_string()),
        "ch2.code-samples" => Ok(CODE_SAMPLES.to_string()),
        "ch2.code-parsed" => code_rate(CODE_N).map(|(r, _)| r.parsed.to_string()),
        "ch2.code-parse-percent" => {
            code_rate(CODE_N).map(|(r, _)| format!("{:.0}", 100.0 * r.rate))
        }
        "ch2.code-copies" => code_rate(CODE_N).map(|(r, _)| r.copies.to_string()),
        "ch2.code-low-n" => Ok(CODE_ORDERS[0].to_string()),
        "ch2.code-low-n-percent" => {
            code_rate(CODE_ORDERS[0]).map(|(r, _)| format!("{:.0}", 100.0 * r.rate))
        }
        "ch2.code-high-n" => Ok(CODE_ORDERS[CODE_ORDERS.len() - 1].to_string()),
        "ch2.code-high-n-percent" => code_rate(CODE_ORDERS[CODE_ORDERS.len() - 1])
            .map(|(r, _)| format!("{:.0}", 100.0 * r.rate)),
        "ch2.code-high-n-copied" => code_rate(CODE_ORDERS[CODE_ORDERS.len() - 1])
            .map(|(_, c)| format!("{:.0}", copied_percent(c))),
        "ch2.code-copy-run" => Ok(CODE_COPY_RUN.to_string()),
        "ch2.image-per-shape" => Ok(IMAGE_PER_SHAPE.to_string()),
        "ch2.image-prompt" => Ok(IMAGE_PROMPT.to_string()),
        "ch2.image-seed" => Ok(IMAGE_SEED.to_string()),
        "ch2.image-steps" => Ok(IMAGE_STEPS.to_string()),
        "ch2.image-nearest" => image_trace().map(|t| format!("{:.2}", t.nearest_training_rms)),
        "ch2.image-spacing" => image_trace().map(|t| format!("{:.2}", t.training_spacing_rms)),
        "ch2.image-novelty-per-shape" => Ok(NOVELTY_PER_SHAPE.to_string()),
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
        "ch2.tune-seed" => Ok(TUNE_SEED.to_string()),
        "ch2.tune-beats" => Ok(TUNE_BEATS.to_string()),
        "ch2.tune-notes" => melody().map(|m| m.notes.len().to_string()),
        "ch2.tune-seconds" => audio().map(|a| format!("{:.1}", a.seconds())),
        "ch2.tune-tempo" => Ok(TUNE_TEMPO.to_string()),
        "ch2.tune-sample-rate" => Ok(thousands(TUNE_SAMPLE_RATE as usize)),
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
        "ch2.text-orders" => Some(text_orders()),
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
    fn the_live_recipes_make_the_pages_picture_and_tune() {
        let image = live_image_recipe();
        let model = image.train().unwrap();
        assert_eq!(
            model
                .sample(IMAGE_TAB_PROMPT, IMAGE_TAB_SEED, image.steps)
                .unwrap(),
            image_tab_trace().unwrap()
        );
        let tune = live_tune_recipe();
        let melody = tune
            .train()
            .unwrap()
            .generate(TUNE_SEED, Length::Beats(tune.beats), tune.temperature)
            .unwrap();
        assert_eq!(melody, super::melody().unwrap());
        assert_eq!(
            tune.synth().unwrap().render(&melody.notes).unwrap(),
            audio().unwrap()
        );
        let kinds: Vec<&str> = modalities().unwrap().live.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["image", "tune"]);
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
        for label in ["Text", "Image", "Audio", "Code"] {
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

    #[test]
    fn text_is_seeded_and_starts_with_its_prompt() {
        let a = paragraphs().unwrap();
        assert_eq!(a, paragraphs().unwrap());
        for (s, prompt) in a.iter().zip(TEXT_PROMPTS) {
            assert!(s.text.to_lowercase().starts_with(prompt), "{}", s.text);
            assert!(s.text.split_whitespace().count() > 10);
        }
        let other = paragraph(TEXT_PROMPTS[0], TEXT_N, TEXT_SEED + 1).unwrap();
        assert_ne!(other.text, a[0].text);
        // Longer contexts copy longer stretches of the training text.
        let by_n = paragraphs_by_order().unwrap();
        assert!(by_n[3].copy.longest_run > by_n[0].copy.longest_run);
    }

    #[test]
    fn code_parse_rates_are_counted_and_rise_with_n() {
        let rates = code_rates().unwrap();
        assert_eq!(rates.len(), CODE_ORDERS.len());
        for (rate, _) in rates {
            assert_eq!(rate.samples, CODE_SAMPLES);
            let parsed = rate.examples.iter().filter(|e| e.parses).count();
            assert_eq!(parsed, rate.parsed);
        }
        let (low, high) = (&rates[0], &rates[rates.len() - 1]);
        assert!(high.0.rate > low.0.rate);
        assert!(copied_percent(&high.1) > copied_percent(&low.1));
    }

    #[test]
    fn thousands_by_hand() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(26_440), "26,440");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_paragraph_html_marks_the_prompt_and_escapes() {
        let sample = TextSample {
            prompt: "the baker".into(),
            seed: 1,
            n: 3,
            text: "The baker said <hello> & left.\n\nNext one.".into(),
            copy: text_meter().unwrap().measure(&["the"]),
        };
        assert_eq!(
            paragraph_html(&sample),
            "<p class=\"genai-generated\"><strong>The baker</strong> said &lt;hello&gt; &amp; left.</p>\
             <p class=\"genai-generated\">Next one.</p>"
        );
    }
}
