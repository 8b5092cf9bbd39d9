//! Chapter 2, the modalities: the charts and widgets of `genai_demos::experiments::ch2`, as
//! HTML, and the tune's WAV file next to the page.

use super::Page;
use crate::assets;
use crate::directive::escape_html;
use crate::widget::{Live, Panel, Widget, examples, figure, paragraphs};
use anyhow::Result;
use genai_demos::Chart;
use genai_demos::experiments::ch2::{self, ImageRecipe, ModalitiesData, Run, TuneRecipe};
use genai_demos::generate::ngram::perplexity_chart;
use genai_demos::sound::synth::audio_tag;

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
    widgets: &["ch2.modalities", "ch2.text-orders"],
    figures: || Ok(run()?.figures()?),
    chart,
    widget: |name| match name {
        "ch2.modalities" => modalities(),
        _ => text_orders(),
    },
};

cached!(
    /// The chapter's models and measurements, made once per build.
    pub fn run() -> Run = ch2::run
);

fn chart(name: &str) -> Result<Chart> {
    let run = run()?;
    Ok(match name {
        "ch2.text-perplexity" => perplexity_chart(ch2::PERPLEXITY_MAX_N, &ch2::PERPLEXITY_KS)?,
        "ch2.code-parse-rate" => run.code_chart()?,
        "ch2.training-pictures" => run.diffusion.training.chart(8)?,
        "ch2.filmstrip" => run.image_trace()?.filmstrip()?,
        "ch2.image-novelty" => run.novelty.chart()?,
        "ch2.piano-roll" => run.melody.novelty_roll(&run.tunes)?,
        _ => run.audio.waveform_zoom(0.5, 0.03)?,
    })
}

/// The widget's data, exactly as the page carries it.
pub fn modalities_data() -> Result<ModalitiesData> {
    Ok(run()?.modalities(&format!("generated/{TUNE_WAV}"))?)
}

fn text_panel(run: &Run) -> Result<Panel> {
    let mut items = Vec::new();
    for s in &run.paragraphs()? {
        items.push(format!(
            "<p class=\"genai-settings\">Prompt <q>{}</q>, n = {}, seed {}:</p>\n{}\n             <p class=\"genai-settings\">The longest stretch found word for word in the \
             training text: {} words.</p>",
            escape_html(&s.prompt),
            s.n,
            s.seed,
            paragraphs(&s.prompt, &s.text),
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
    Ok(Panel::new("Text", html))
}

fn code_panel(run: &Run) -> Result<Panel> {
    let (rate, _) = run.code_rate(ch2::CODE_N)?;
    let mut items = Vec::new();
    for example in rate.examples.iter().take(ch2::CODE_SHOWN) {
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
    Ok(Panel::new("Code", html))
}

fn image_panel(run: &Run) -> Result<Panel> {
    let trace = run.image_tab_trace()?;
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
        count = run.diffusion.training.examples.len(),
        spacing = trace.training_spacing_rms,
    );
    Ok(Panel::new("Image", html))
}

fn audio_panel(run: &Run) -> Result<Panel> {
    let (melody, sound) = (&run.melody, &run.audio);
    let wav = sound.to_wav_bytes()?;
    let link = assets::publish(TUNE_WAV, &wav)?;
    let player = audio_tag(&link, &format!("A new bakery tune, seed {}", melody.seed()));
    let wave = figure(&sound.waveform()?);
    let html = format!(
        "<p>A new tune of {beats} beats from seed {seed}, written note by note by a model that \
         learned from the bakery tunes, then played by the synthesiser at {tempo} beats a minute \
         ({seconds:.1} seconds). Press play:</p>\n<p>{player}</p>\n\
         <p><a href=\"{link}\">Download the WAV file</a> ({kb} KB, 16-bit mono).</p>\n{wave}",
        beats = melody.beats(),
        seed = melody.seed(),
        tempo = ch2::TUNE_TEMPO,
        seconds = sound.seconds(),
        kb = wav.len() / 1024,
    );
    // Two kinds of sound, one shown at a time (genai.js turns the sections into radio buttons).
    let mut both =
        String::from("<div class=\"genai-choices\" data-choices-label=\"Kind of sound\">\n");
    for (label, part) in [("Music", html), ("Speech", super::speech::panel_html()?)] {
        both.push_str(&format!(
            "<section class=\"genai-choice\" data-label=\"{label}\">\n\
             <h5 class=\"genai-choice-title\">{label}</h5>\n{part}\n</section>\n"
        ));
    }
    both.push_str("</div>");
    Ok(Panel::new("Audio", both))
}

/// The same prompt and seed at each n, one tab per n.
fn text_orders() -> Result<Widget> {
    let samples = run()?.paragraphs_by_order()?;
    let mut panels = Vec::new();
    for s in &samples {
        let context = match s.n {
            1 => "no words before: each word is drawn by how common it is".to_string(),
            2 => "the one word before".to_string(),
            n => format!("the {} words before", n - 1),
        };
        let html = format!(
            "<p class=\"genai-settings\">n = {}: the model looks at {context}. Prompt \
             <q>{}</q>, seed {}.</p>\n{}\n<p class=\"genai-settings\">Longest stretch \
             found word for word in the training text: {} words.</p>",
            s.n,
            escape_html(&s.prompt),
            s.seed,
            paragraphs(&s.prompt, &s.text),
            s.copy.longest_run
        );
        panels.push(Panel::new(format!("n = {}", s.n), html));
    }
    Widget::tabs("The same prompt and seed, by n", &panels, samples)
}

fn modalities() -> Result<Widget> {
    let run = run()?;
    let panels = [
        text_panel(run)?,
        image_panel(run)?,
        audio_panel(run)?,
        code_panel(run)?,
    ];
    let image = serde_json::json!({ "prompt": ch2::IMAGE_TAB_PROMPT, "seed": ch2::IMAGE_TAB_SEED });
    let tune = serde_json::json!({ "seed": ch2::TUNE_SEED });
    Ok(
        Widget::tabs("What a generator can make", &panels, modalities_data()?)?
            .with_live(Live::new(
                "image",
                Some("Image"),
                ImageRecipe::default(),
                image,
            )?)
            .with_live(Live::new(
                "tune",
                Some("Music"),
                TuneRecipe::default(),
                tune,
            )?)
            .with_live(super::speech::live()?),
    )
}
