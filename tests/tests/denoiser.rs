//! Chapter 2's denoiser that reads the description, in the built book and real headless
//! Chromium: a seeded drawing in the page equals the native library's, and the controls work by
//! mouse and keyboard (the description box with its unknown words, the seed, the guidance
//! strength, the step slider that scrubs from noise to picture, the sorter's reading beside it).

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::build_book;
use genai_e2e::server::serve;
use genai_e2e::webdriver::{Browser, keys};
use serde_json::{Value, json};

const PAGE: &str = "modalities.html";
const FORM: &str = "form.genai-live[data-kind=denoiser]";

/// Opens the page and waits until the denoiser's control is there (a bound on a hang only).
fn open(browser: &Browser, base: &str) {
    browser.goto(&format!("{base}/{PAGE}")).unwrap();
    browser.script_timeout(60).unwrap();
    let status = browser
        .execute_async(
            "const [form, done] = arguments;
             const look = () => {
                 const l = window.genaiLive;
                 if (l && l.status === 'failed') { done(l.error); return; }
                 if (document.querySelector(form)) { done('ready'); return; }
                 setTimeout(look, 20);
             };
             look();",
            json!([FORM]),
        )
        .unwrap();
    assert_eq!(status, "ready");
}

/// Sets a field by keyboard: empty it, then type.
fn type_into(browser: &Browser, field: &str, text: &str) {
    let input = browser.find(&format!("{FORM} [name={field}]")).unwrap();
    browser.clear(&input).unwrap();
    browser.type_keys(&input, text).unwrap();
}

fn runs(browser: &Browser) -> u64 {
    browser.answers(FORM).unwrap()
}

/// Waits for the next answer after `before`; returns what the control shows.
fn wait(browser: &Browser, before: u64) -> Value {
    browser
        .execute_async(
            "const [form, before, done] = arguments;
             const look = () => {
                 const f = document.querySelector(form);
                 if (Number(f.dataset.runs || 0) > before) {
                     const q = (css) => { const e = f.querySelector(css); return e ? e.textContent : null; };
                     const slider = f.querySelector('input[type=range]');
                     done({ unknown: q('.genai-live-unknown'), reading: q('.genai-reading'),
                            error: q('.genai-live-error'), step: q('.genai-denoiser-step-label'),
                            max: slider ? slider.max : null, last: window.genaiPictures.last });
                 } else { setTimeout(look, 20); }
             };
             look();",
            json!([FORM, before]),
        )
        .unwrap()
}

/// The step label and the canvas's darkest-to-lightest spread (noise is grey all over; the
/// finished picture is mostly white paper).
fn frame(browser: &Browser) -> Value {
    browser
        .execute(
            "const f = document.querySelector(arguments[0]);
             const c = f.querySelector('canvas');
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let white = 0;
             for (let i = 0; i < d.length; i += 4) if (d[i] > 240) white += 1;
             return { step: f.querySelector('.genai-denoiser-step-label').textContent,
                      white: white / (d.length / 4) };",
            json!([FORM]),
        )
        .unwrap()
}

#[test]
fn the_page_draws_what_the_library_draws_and_the_controls_work_by_mouse_and_keyboard() {
    let book = build_book("denoiser").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    open(&browser, &base);

    // By mouse: a description with a word the network does not know, a seed, a guidance.
    let prompt = "a small bold square at the bottom right, shiny";
    type_into(&browser, "prompt", prompt);
    type_into(&browser, "seed", "12");
    type_into(&browser, "guidance", "2.5");
    let before = runs(&browser);
    browser
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return true;",
            json!([format!("{FORM} button.genai-live-run")]),
        )
        .unwrap();
    browser
        .click(
            &browser
                .find(&format!("{FORM} button.genai-live-run"))
                .unwrap(),
        )
        .unwrap();
    let shown = wait(&browser, before);
    let native = genai_wasm::pictures::drawing(prompt, "12", "2.5").unwrap();
    let page: Value = serde_json::from_str(shown["last"].as_str().unwrap()).unwrap();
    // Both through JSON text, so a float that serde reads back one unit off cannot differ.
    let native: Value = serde_json::from_str(&serde_json::to_string(&native).unwrap()).unwrap();
    assert_eq!(
        page, native,
        "the page's drawing differs from the library's"
    );
    assert_eq!(native["frames"].as_array().unwrap().len(), 51);
    assert!(
        shown["unknown"]
            .as_str()
            .unwrap()
            .contains("“shiny” (unknown)"),
        "{shown}"
    );
    let reading = shown["reading"].as_str().unwrap();
    assert!(
        reading.contains(native["read_as"].as_str().unwrap()),
        "{shown}"
    );
    assert_eq!(shown["max"], "50");
    let done = frame(&browser);
    assert_eq!(
        done["step"], "Step 50 of 50: the finished picture",
        "{done}"
    );

    // The step slider by keyboard: Home shows the first noise, an arrow moves one step.
    let slider = browser.find(&format!("{FORM} input[type=range]")).unwrap();
    browser.type_keys(&slider, keys::HOME).unwrap();
    let noise = frame(&browser);
    assert_eq!(noise["step"], "Step 0 of 50: pure noise", "{noise}");
    assert!(
        noise["white"].as_f64().unwrap() < done["white"].as_f64().unwrap(),
        "noise {noise}, picture {done}"
    );
    browser.type_keys(&slider, keys::RIGHT).unwrap();
    assert_eq!(frame(&browser)["step"], "Step 1 of 50: 49 steps to go");
    browser.type_keys(&slider, keys::END).unwrap();
    assert_eq!(frame(&browser)["step"], done["step"]);

    // By keyboard: Enter in the seed field draws again; a bad guidance is a plain error.
    type_into(&browser, "prompt", "a large thin cross at the top left");
    type_into(&browser, "seed", "3");
    let before = runs(&browser);
    let seed = browser.find(&format!("{FORM} [name=seed]")).unwrap();
    browser.type_keys(&seed, keys::ENTER).unwrap();
    let again = wait(&browser, before);
    assert!(again["unknown"].is_null(), "{again}");
    let native =
        genai_wasm::pictures::drawing("a large thin cross at the top left", "3", "2.5").unwrap();
    let page: Value = serde_json::from_str(again["last"].as_str().unwrap()).unwrap();
    let native: Value = serde_json::from_str(&serde_json::to_string(&native).unwrap()).unwrap();
    assert_eq!(page["frames"], native["frames"]);
    type_into(&browser, "guidance", "lots");
    let before = runs(&browser);
    let guidance = browser.find(&format!("{FORM} [name=guidance]")).unwrap();
    browser.type_keys(&guidance, keys::ENTER).unwrap();
    let refused = wait(&browser, before);
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("guidance strength from 0 to 20"),
        "{refused}"
    );
}
