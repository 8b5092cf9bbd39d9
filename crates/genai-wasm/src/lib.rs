//! The book's library in the reader's browser: the widgets' live controls call these functions,
//! compiled to WebAssembly, so a reader can do what a notebook does without installing anything.
//!
//! Every function takes plain inputs (a recipe as JSON, the text a reader typed, a seed, a
//! temperature) and returns the library's own serde types as JSON, the same types the book's
//! build-time widgets carry. The page's script only draws what it gets back; no model logic
//! is written twice. The recipes are the library's experiments (`genai_demos::experiments`), which
//! hold the seeds and settings; [`live`] has the calls.
//!
//! `cargo xtask build` compiles this crate for `wasm32-unknown-unknown` and runs
//! `wasm-bindgen --target web` on it; the result lands in the book as `wasm/genai_wasm.js` and
//! `wasm/genai_wasm_bg.wasm`.

pub mod live;
pub mod network;
pub mod pictures;
pub mod speech;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// A recipe from the page, or an error that says which one could not be read.
fn recipe<R: DeserializeOwned>(json: &str, kind: &str) -> Result<R, JsError> {
    serde_json::from_str(json)
        .map_err(|e| JsError::new(&format!("The page's {kind} recipe could not be read: {e}.")))
}

/// The library's error, as the message a student would read in a notebook.
fn failed(error: genai_demos::Error) -> JsError {
    JsError::new(&error.to_string())
}

/// A result as JSON, exactly as `serde_json::to_string` writes it natively.
fn json<T: Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&e.to_string()))
}

/// The version of this crate, so the page can tell it is talking to the module it expects.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A probability as the book words it after "P(spam)": "= 39.3%", "is over 99.9%". The page
/// asks this instead of rounding on its own, so the live page reads like the built one.
#[wasm_bindgen]
pub fn stated(probability: f64) -> String {
    genai_demos::show::wording::stated(probability)
}

/// Both of Chapter 1's sorters on a message: `{"filter": Classification, "bayes": Classification}`.
#[wasm_bindgen]
pub fn classify(recipe_json: &str, text: &str) -> Result<String, JsError> {
    let recipe = recipe(recipe_json, "messages")?;
    json(&live::classify(&recipe, text).map_err(failed)?)
}

/// A brand-new message for a label from a seed, and the spam filter's answer for it:
/// `{"written": Written, "filter": Classification}`.
#[wasm_bindgen]
pub fn write_message(recipe_json: &str, label: &str, seed: &str) -> Result<String, JsError> {
    let recipe = recipe(recipe_json, "messages")?;
    let seed = live::seed(seed).map_err(failed)?;
    json(&live::write(&recipe, label, seed).map_err(failed)?)
}

/// A new piece of writing from a prompt, seed and temperature, laid out for the stepper: a
/// `genai_demos::generate::stepper::StepperTrace` (with the library's `sampling::Trace` inside) as JSON.
#[wasm_bindgen]
pub fn generate_text(
    recipe_json: &str,
    prompt: &str,
    seed: &str,
    temperature: &str,
) -> Result<String, JsError> {
    let recipe = recipe(recipe_json, "text")?;
    let seed = live::seed(seed).map_err(failed)?;
    let temperature = live::temperature(temperature).map_err(failed)?;
    json(&live::generate_text(&recipe, prompt, seed, temperature).map_err(failed)?)
}

/// A new picture: its `diffusion::DenoisingTrace` as JSON and its filmstrip as SVG.
#[wasm_bindgen]
pub struct Picture {
    trace: String,
    filmstrip: String,
}

#[wasm_bindgen]
impl Picture {
    /// The denoising trace, as JSON.
    #[wasm_bindgen(getter)]
    pub fn trace(&self) -> String {
        self.trace.clone()
    }

    /// The filmstrip from noise to picture, as an SVG document.
    #[wasm_bindgen(getter)]
    pub fn filmstrip(&self) -> String {
        self.filmstrip.clone()
    }
}

/// Draws a new picture for a prompt ("a ring") from a seed.
#[wasm_bindgen]
pub fn sample_image(recipe_json: &str, prompt: &str, seed: &str) -> Result<Picture, JsError> {
    let recipe = recipe(recipe_json, "image")?;
    let seed = live::seed(seed).map_err(failed)?;
    let (trace, filmstrip) = live::sample_image(&recipe, prompt, seed).map_err(failed)?;
    Ok(Picture {
        trace: json(&trace)?,
        filmstrip: filmstrip.svg().to_string(),
    })
}

/// A new tune: its `melody::Melody` as JSON, its piano roll as SVG and its sound as WAV bytes.
#[wasm_bindgen]
pub struct Tune {
    melody: String,
    piano_roll: String,
    wav: Vec<u8>,
}

#[wasm_bindgen]
impl Tune {
    /// The melody and how each note was chosen, as JSON.
    #[wasm_bindgen(getter)]
    pub fn melody(&self) -> String {
        self.melody.clone()
    }

    /// The piano roll, as an SVG document.
    #[wasm_bindgen(getter)]
    pub fn piano_roll(&self) -> String {
        self.piano_roll.clone()
    }

    /// The sound, as the bytes of a WAV file.
    #[wasm_bindgen(getter)]
    pub fn wav(&self) -> Vec<u8> {
        self.wav.clone()
    }
}

/// Composes a new tune from a seed.
#[wasm_bindgen]
pub fn compose_tune(recipe_json: &str, seed: &str) -> Result<Tune, JsError> {
    let recipe = recipe(recipe_json, "tune")?;
    let seed = live::seed(seed).map_err(failed)?;
    let song = live::compose_tune(&recipe, seed).map_err(failed)?;
    Ok(Tune {
        melody: json(&song.melody)?,
        piano_roll: song.piano_roll.svg().to_string(),
        wav: song.wav,
    })
}
