//! The neural network in the page: chapter 3's switch between the n-gram and the network.
//!
//! The network's weights are not in the module (every page would carry them): the page fetches
//! `text.safetensors`, which sits next to the module, only when a reader switches to the
//! network, and hands the bytes to [`load_network`]. [`generate_network`] then writes with the
//! library's plain forward pass and the same sampler and stepper as the n-gram.

use crate::{failed, json, recipe};
use genai_demos::experiments::ch3::{self, TextRecipe};
use genai_demos::generate::network::Network;
use genai_demos::generate::stepper::StepperTrace;
use genai_demos::{Error, Result};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// How the stepper's menu names a run of the network.
pub const NAME: &str = "the network";

thread_local! {
    static NETWORK: RefCell<Option<Rc<Network>>> = const { RefCell::new(None) };
}

/// Reads the prose network from the bytes of its weights file and keeps it for the page.
pub fn load(bytes: &[u8]) -> Result<()> {
    let network = Rc::new(Network::bakery(bytes)?);
    NETWORK.with(|n| *n.borrow_mut() = Some(network));
    Ok(())
}

/// True once [`load`] has kept a network.
pub fn loaded() -> bool {
    NETWORK.with(|n| n.borrow().is_some())
}

/// A new piece of writing by the loaded network, laid out for the stepper.
pub fn generate(recipe: &TextRecipe, prompt: &str, seed: u64, t: f64) -> Result<StepperTrace> {
    let network = NETWORK
        .with(|n| n.borrow().clone())
        .ok_or_else(|| Error::Weights("they have not been loaded yet".to_string()))?;
    ch3::live_trace_with(recipe, network.as_ref(), NAME, prompt, seed, t)
}

/// Reads the network's weights (the bytes of `text.safetensors`) into the page.
#[wasm_bindgen]
pub fn load_network(bytes: &[u8]) -> std::result::Result<(), JsError> {
    load(bytes).map_err(failed)
}

/// True once the network's weights are loaded.
#[wasm_bindgen]
pub fn network_loaded() -> bool {
    loaded()
}

/// Like `generate_text`, written by the network: a `StepperTrace` as JSON.
#[wasm_bindgen]
pub fn generate_network(
    recipe_json: &str,
    prompt: &str,
    seed: &str,
    temperature: &str,
) -> std::result::Result<String, JsError> {
    let recipe = recipe(recipe_json, "text")?;
    let seed = crate::live::seed(seed).map_err(failed)?;
    let temperature = crate::live::temperature(temperature).map_err(failed)?;
    json(&generate(&recipe, prompt, seed, temperature).map_err(failed)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_writes_with_the_network_once_loaded() {
        let recipe = TextRecipe::default();
        let err = generate(&recipe, "the oven", 1, 1.0)
            .unwrap_err()
            .to_string();
        assert!(err.contains("not been loaded"), "{err}");
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../genai-neural/weights/text.safetensors"
        );
        load(&std::fs::read(path).unwrap()).unwrap();
        assert!(loaded());
        let run = generate(&recipe, "the oven", 1, 1.0).unwrap();
        assert!(run.label.contains(NAME), "{}", run.label);
        let native = Network::committed_text().unwrap();
        let expected = ch3::live_trace_with(&recipe, &native, NAME, "the oven", 1, 1.0).unwrap();
        assert_eq!(run, expected);
        assert!(load(b"nonsense").is_err());
    }
}
