//! Chapter 2's description-reading denoiser in the page: a description, a seed and a guidance
//! strength in, every step of the drawing and the sorter's reading out, computed by the small
//! library's plain forward pass on the committed weights (no tensor crate in the module).

use crate::{failed, json};
use genai_demos::classify::pictures::PictureSorter;
use genai_demos::experiments::denoiser::{self, Drawing};
use genai_demos::pictures::denoiser::Denoiser;
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static MODELS: OnceCell<(Denoiser, PictureSorter)> = const { OnceCell::new() };
}

/// Draws `prompt` from `seed` at `guidance` (both as the reader typed them), natively: what
/// [`draw_description`] returns as JSON.
pub fn drawing(prompt: &str, seed: &str, guidance: &str) -> genai_demos::Result<Drawing> {
    let seed = crate::live::seed(seed)?;
    let guidance: f64 =
        guidance
            .trim()
            .parse()
            .map_err(|_| genai_demos::Error::InvalidParameter {
                name: "guidance",
                value: guidance.trim().to_string(),
                expected: "a guidance strength from 0 to 20",
            })?;
    MODELS.with(|cell| {
        if cell.get().is_none() {
            let _ = cell.set(denoiser::models()?);
        }
        let (net, sorter) = cell
            .get()
            .ok_or_else(|| genai_demos::Error::Model("the denoiser did not load".into()))?;
        denoiser::draw(net, sorter, prompt, seed, guidance)
    })
}

/// A [`Drawing`] as JSON: the unread words, every frame from noise to picture, and the sorter's
/// reading of the finished picture.
#[wasm_bindgen]
pub fn draw_description(prompt: &str, seed: &str, guidance: &str) -> Result<String, JsError> {
    json(&drawing(prompt, seed, guidance).map_err(failed)?)
}
