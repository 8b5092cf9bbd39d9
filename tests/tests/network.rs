//! The neural network in the page: chapter 3's writer switches between the n-gram and the
//! network, in the built book, in real headless Chromium.
//!
//! - the network's weights travel only when a reader switches to it (not one request before);
//! - for the same prompt, seed and temperature, the page's run equals the native library's:
//!   every probability to 1e-5 and every chosen piece the same;
//! - the switch and the form work by mouse and by keyboard, and the run lands in the same
//!   stepper as the n-gram's.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_demos::experiments::ch3::{self, TextRecipe};
use genai_demos::generate::network::Network;
use genai_e2e::paths::build_book;
use genai_e2e::server::serve;
use genai_e2e::webdriver::{Browser, keys};
use serde_json::{Value, json};

const CH3: &str = "how-it-generates.html";
const FORM: &str = "form.genai-live[data-kind=generate]";
const SWITCH: &str = "form.genai-live[data-kind=generate] select[name=model]";
/// The ↑ key, as WebDriver spells it.
const UP: &str = "\u{E013}";

/// Asserts two JSON values are alike: the same shape and text, numbers within 1e-5.
fn assert_alike(page: &Value, native: &Value, at: &str) {
    match (page, native) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() <= 1e-5, "{at}: the page has {a}, native {b}");
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: lengths differ");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_alike(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(
                a.keys().collect::<Vec<_>>(),
                b.keys().collect::<Vec<_>>(),
                "{at}"
            );
            for (k, x) in a {
                assert_alike(x, &b[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(page, native, "{at}"),
    }
}

/// Waits until the page's module is ready and the switch is there.
fn open(browser: &Browser, base: &str) {
    browser.goto(&format!("{base}/{CH3}")).unwrap();
    browser.script_timeout(60).unwrap();
    let ready = browser
        .execute_async(
            "const [css, done] = arguments;
             const look = () => {
                 const l = window.genaiLive;
                 if (l && l.status === 'failed') { done(l.error); return; }
                 if (document.querySelector(css)) { done(true); } else { setTimeout(look, 20); }
             };
             look();",
            json!([SWITCH]),
        )
        .unwrap();
    assert_eq!(ready, true, "the switch never appeared: {ready}");
}

/// How many requests the page has made for the network's weights.
fn weight_requests(browser: &Browser) -> u64 {
    browser
        .execute(
            "return performance.getEntriesByType('resource')
                 .filter((e) => e.name.includes('.safetensors')).length;",
            json!([]),
        )
        .unwrap()
        .as_u64()
        .unwrap()
}

/// Waits until the weights are read (or failed to load); returns the page's network state.
fn wait_weights(browser: &Browser) -> Value {
    browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const look = () => {
                 const n = window.genaiNetwork;
                 if (n.status === 'ready' || n.status === 'failed') {
                     const entry = performance.getEntriesByType('resource')
                         .find((e) => e.name.includes('.safetensors'));
                     done({ status: n.status, error: n.error, bytes: n.bytes, took: n.took,
                            transfer: entry ? entry.transferSize || entry.encodedBodySize : null });
                 } else { setTimeout(look, 20); }
             };
             look();",
            json!([]),
        )
        .unwrap()
}

/// Sets a field of the form by keyboard: empty it, then type.
fn type_into(browser: &Browser, field: &str, text: &str) {
    let input = browser.find(&format!("{FORM} [name={field}]")).unwrap();
    browser.clear(&input).unwrap();
    browser.type_keys(&input, text).unwrap();
}

fn runs(browser: &Browser) -> u64 {
    let runs = browser
        .execute(
            "return Number(document.querySelector(arguments[0]).dataset.runs || 0);",
            json!([FORM]),
        )
        .unwrap();
    runs.as_u64().unwrap()
}

/// Waits for the form's answer after `before` answers; returns the JSON the library gave.
fn wait_answer(browser: &Browser, before: u64) -> Value {
    let raw = browser
        .execute_async(
            "const [css, before, done] = arguments;
             const look = () => {
                 const f = document.querySelector(css);
                 if (Number(f.dataset.runs || 0) > before) {
                     done([window.genaiLive.last.generate || '',
                           f.querySelector('.genai-live-output').textContent]);
                 } else { setTimeout(look, 20); }
             };
             look();",
            json!([FORM, before]),
        )
        .unwrap();
    let output = raw[1].as_str().unwrap();
    assert!(!output.contains("could not"), "{output}");
    serde_json::from_str(raw[0].as_str().unwrap()).unwrap()
}

/// The stepper's menu label of the run it shows.
fn stepper_label(browser: &Browser) -> String {
    browser
        .execute(
            "const s = document.querySelector('#widget-ch3\\\\.stepper .genai-pick');
             return s.options[s.selectedIndex].textContent;",
            json!([]),
        )
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_page_runs_the_network_like_the_library_by_mouse_and_keyboard() {
    let book = build_book("network").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    open(&browser, &base);
    assert_eq!(
        weight_requests(&browser),
        0,
        "the weights came before anyone asked"
    );

    let recipe = TextRecipe::default();
    let native = Network::committed_text().unwrap();
    let expected = |prompt: &str, seed: u64, t: f64| {
        let run = ch3::live_trace_with(&recipe, &native, "the network", prompt, seed, t).unwrap();
        serde_json::to_value(run).unwrap()
    };

    // By mouse: pick the network in the switch, wait for its weights, write.
    browser
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' }); return true;",
            json!([SWITCH]),
        )
        .unwrap();
    browser.click(&browser.find(SWITCH).unwrap()).unwrap();
    browser
        .click(
            &browser
                .find(&format!("{SWITCH} option[value=network]"))
                .unwrap(),
        )
        .unwrap();
    let weights = wait_weights(&browser);
    assert_eq!(weights["status"], "ready", "{weights}");
    println!("the network's weights in the page: {weights}");
    assert_eq!(weight_requests(&browser), 1);
    for (prompt, seed, temperature) in [("the oven", 1u64, "1"), ("the baker", 42, "0.6")] {
        type_into(&browser, "prompt", prompt);
        type_into(&browser, "seed", &seed.to_string());
        type_into(&browser, "temperature", temperature);
        let before = runs(&browser);
        let button = browser
            .find(&format!("{FORM} button.genai-live-run"))
            .unwrap();
        browser.click(&button).unwrap();
        let page = wait_answer(&browser, before);
        let t = temperature.parse().unwrap();
        assert_alike(&page, &expected(prompt, seed, t), prompt);
        assert_eq!(
            page["trace"]["pieces"],
            expected(prompt, seed, t)["trace"]["pieces"]
        );
        assert!(stepper_label(&browser).contains("the network, seed"));
    }

    // By keyboard: the switch back to the n-gram (↑), Enter in a field; then the network (↓).
    let switch = browser.find(SWITCH).unwrap();
    browser.type_keys(&switch, UP).unwrap();
    type_into(&browser, "prompt", "the apprentice");
    type_into(&browser, "seed", "9");
    type_into(&browser, "temperature", "0.7");
    let before = runs(&browser);
    let field = browser.find(&format!("{FORM} [name=temperature]")).unwrap();
    browser.type_keys(&field, keys::ENTER).unwrap();
    let ngram = wait_answer(&browser, before);
    let label = ngram["label"].as_str().unwrap();
    assert!(!label.contains("the network"), "{label}");
    assert_eq!(label, stepper_label(&browser));

    let switch = browser.find(SWITCH).unwrap();
    browser.type_keys(&switch, keys::DOWN).unwrap();
    let before = runs(&browser);
    let field = browser.find(&format!("{FORM} [name=temperature]")).unwrap();
    browser.type_keys(&field, keys::ENTER).unwrap();
    let network = wait_answer(&browser, before);
    assert_alike(&network, &expected("the apprentice", 9, 0.7), "keyboard");
    assert_ne!(network["trace"]["pieces"], ngram["trace"]["pieces"]);
    assert_eq!(weight_requests(&browser), 1, "the weights are fetched once");

    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "{CH3}: console errors: {errors:?}");
}
