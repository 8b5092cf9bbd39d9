//! The live widgets: the library compiled to WebAssembly, running in real headless Chromium.
//!
//! - parity: for the same inputs and seed, what the page computes equals what the native
//!   library computes, byte for byte (the JSON of a classification, a trace, a picture, a tune);
//! - every live control works by mouse and by keyboard;
//! - HTML typed into any text field is shown as text and runs nothing;
//! - with the `.wasm` missing, every page says so in one line and still passes the
//!   reader-experience checks (no console error but the missing file, axe);
//! - the `.wasm` is at most 1.5 MB, and the time from page load to the module being ready and
//!   to the first live result is measured and printed.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_demos::diffusion::DiffusionModel;
use genai_demos::logistic::{LogisticRegression, Settings};
use genai_demos::melody::{Length, MelodyModel};
use genai_demos::messages::{builtin, split};
use genai_demos::metrics::Classifier;
use genai_demos::naive_bayes::NaiveBayes;
use genai_e2e::paths::{build_wasm, root, scratch};
use genai_e2e::server::serve;
use genai_e2e::webdriver::{Browser, keys};
use genai_wasm::recipe::{ImageRecipe, MessagesRecipe, TuneRecipe};
use mdbook_genai::widget::{Live, Widget};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// What a reader might paste to attack the page.
const XSS: &str = "<img src=x onerror=alert(1)>";

fn messages_recipe() -> MessagesRecipe {
    MessagesRecipe {
        split_seed: 7,
        test_fraction: 0.2,
        alpha: 1.0,
        positive: "spam".into(),
        filter: Settings::default(),
    }
}

fn image_recipe() -> ImageRecipe {
    ImageRecipe {
        train_seed: 2024,
        per_shape: 200,
        steps: 50,
    }
}

fn tune_recipe() -> TuneRecipe {
    TuneRecipe {
        order: 2,
        beats: 32.0,
        temperature: 1.0,
        tempo: 132.0,
        sample_rate: 11_025,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A one-page book with a widget carrying every kind of live control, built with the book's
/// own scripts, styles and WebAssembly module.
fn fixture_book(name: &str) -> PathBuf {
    build_wasm().unwrap();
    let dir = scratch(name).unwrap();
    copy_dir(&root().join("src/assets"), &dir.join("assets"));
    copy_dir(
        &root().join("src/generated/wasm"),
        &dir.join("src/generated/wasm"),
    );
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"live fixture\"\n\n[output.html]\nadditional-css = [\"assets/genai.css\"]\nadditional-js = [\"assets/genai.js\", \"assets/genai-live.js\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/SUMMARY.md"),
        "# Summary\n\n- [Live](live.md)\n",
    )
    .unwrap();
    let widget = Widget {
        kind: "fixture",
        label: "Every live control".into(),
        data: json!({}),
        fallback: "<p class=\"built\">Computed when the book was built.</p>".into(),
        live: vec![
            Live::new(
                "classify",
                None,
                messages_recipe(),
                json!({ "text": "WIN a FREE prize now" }),
            )
            .unwrap(),
            Live::new(
                "image",
                None,
                image_recipe(),
                json!({ "prompt": "a ring", "seed": 3 }),
            )
            .unwrap(),
            Live::new("tune", None, tune_recipe(), json!({ "seed": 4 })).unwrap(),
        ],
    };
    std::fs::write(
        dir.join("src/live.md"),
        format!("# Live\n\n{}\n", widget.to_html("fixture")),
    )
    .unwrap();
    let out = genai_e2e::paths::mdbook_build(&dir, &dir.join("book")).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("book")
}

/// Waits until the page's module has loaded (or failed); returns `window.genaiLive`'s state.
fn wait_live(browser: &Browser) -> Value {
    browser.script_timeout(60).unwrap();
    browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const look = () => {
                 const l = window.genaiLive;
                 if (l && (l.status === 'ready' || l.status === 'failed')) {
                     done({ status: l.status, error: l.error, readyAt: l.readyAt });
                 } else { setTimeout(look, 20); }
             };
             look();",
            json!([]),
        )
        .unwrap()
}

/// Sets a field of a control by keyboard: empty it, then type.
fn type_into(browser: &Browser, kind: &str, field: &str, text: &str) {
    let input = browser
        .find(&format!("form.genai-live[data-kind={kind}] [name={field}]"))
        .unwrap();
    browser.clear(&input).unwrap();
    browser.type_keys(&input, text).unwrap();
}

/// How many times a control has answered.
fn runs(browser: &Browser, kind: &str) -> u64 {
    browser
        .execute(
            "const f = document.querySelector(`form.genai-live[data-kind=${arguments[0]}]`);
             return f ? Number(f.dataset.runs || 0) : -1;",
            json!([kind]),
        )
        .unwrap()
        .as_u64()
        .unwrap_or(0)
}

/// Waits for the control's next answer after `before` answers; returns its output's text.
fn wait_answer(browser: &Browser, kind: &str, before: u64) -> String {
    browser
        .execute_async(
            "const [kind, before, done] = arguments;
             const look = () => {
                 const f = document.querySelector(`form.genai-live[data-kind=${kind}]`);
                 if (f && Number(f.dataset.runs || 0) > before) {
                     done(f.querySelector('.genai-live-output').textContent);
                 } else { setTimeout(look, 20); }
             };
             look();",
            json!([kind, before]),
        )
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Runs a control by clicking its button.
fn run_by_mouse(browser: &Browser, kind: &str) -> String {
    let before = runs(browser, kind);
    let button = browser
        .find(&format!(
            "form.genai-live[data-kind={kind}] button.genai-live-run"
        ))
        .unwrap();
    browser.click(&button).unwrap();
    wait_answer(browser, kind, before)
}

/// Runs a control from the keyboard: Enter in its last field (a text area: Tab to the
/// button, then Enter).
fn run_by_keyboard(browser: &Browser, kind: &str, last_field: &str, textarea: bool) -> String {
    let before = runs(browser, kind);
    let field = browser
        .find(&format!(
            "form.genai-live[data-kind={kind}] [name={last_field}]"
        ))
        .unwrap();
    if textarea {
        browser.type_keys(&field, keys::TAB).unwrap();
        let focused = browser
            .execute(
                "return document.activeElement.classList.contains('genai-live-run');",
                json!([]),
            )
            .unwrap();
        assert_eq!(
            focused, true,
            "Tab from the text area should reach the button"
        );
        let button = browser
            .find(&format!(
                "form.genai-live[data-kind={kind}] button.genai-live-run"
            ))
            .unwrap();
        browser.type_keys(&button, keys::ENTER).unwrap();
    } else {
        browser.type_keys(&field, keys::ENTER).unwrap();
    }
    wait_answer(browser, kind, before)
}

/// The JSON the page got from the library for its last answer of `kind`.
fn last(browser: &Browser, kind: &str) -> String {
    browser
        .execute("return window.genaiLive.last[arguments[0]];", json!([kind]))
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn live_results_equal_the_native_library_byte_for_byte() {
    let book = fixture_book("live-parity");
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.goto(&format!("{base}/live.html")).unwrap();
    let state = wait_live(&browser);
    assert_eq!(state["status"], "ready", "{state}");

    // A classification, by both sorters.
    let recipe = messages_recipe();
    let parts = split(&builtin().unwrap(), recipe.test_fraction, recipe.split_seed).unwrap();
    let filter = LogisticRegression::train(&parts.train, &recipe.positive, &recipe.filter).unwrap();
    let bayes = NaiveBayes::train(&parts.train, recipe.alpha).unwrap();
    for text in [
        "Claim your FREE prize at win-now.example today",
        "see you at the bakery at 5, bring the sourdough",
    ] {
        type_into(&browser, "classify", "text", text);
        run_by_mouse(&browser, "classify");
        let native = format!(
            "{{\"filter\":{},\"bayes\":{}}}",
            serde_json::to_string(&filter.classify(text).unwrap()).unwrap(),
            serde_json::to_string(&bayes.classify(text).unwrap()).unwrap()
        );
        assert_eq!(last(&browser, "classify"), native, "classifying {text:?}");
    }

    // A diffusion sample.
    let image = image_recipe();
    let model = DiffusionModel::train(image.train_seed, image.per_shape).unwrap();
    for (prompt, seed) in [("a ring", 3u64), ("two triangles", 11)] {
        type_into(&browser, "image", "prompt", prompt);
        type_into(&browser, "image", "seed", &seed.to_string());
        run_by_mouse(&browser, "image");
        let native =
            serde_json::to_string(&model.sample(prompt, seed, image.steps).unwrap()).unwrap();
        assert_eq!(
            last(&browser, "image"),
            native,
            "drawing {prompt:?} from seed {seed}"
        );
    }

    // A tune.
    let tune = tune_recipe();
    let melodies = MelodyModel::bakery(tune.order).unwrap();
    type_into(&browser, "tune", "seed", "99");
    run_by_mouse(&browser, "tune");
    let native = serde_json::to_string(
        &melodies
            .generate(99, Length::Beats(tune.beats), tune.temperature)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(last(&browser, "tune"), native);

    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn every_live_control_works_by_mouse_and_keyboard() {
    let book = fixture_book("live-input");
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.goto(&format!("{base}/live.html")).unwrap();
    assert_eq!(wait_live(&browser)["status"], "ready");

    // Mouse: the starting inputs, one click each.
    let sorted = run_by_mouse(&browser, "classify");
    assert!(sorted.contains("Naive Bayes: spam"), "{sorted}");
    let drawn = run_by_mouse(&browser, "image");
    assert!(drawn.contains("a new ring from seed 3"), "{drawn}");
    let composed = run_by_mouse(&browser, "tune");
    assert!(composed.contains("from seed 4"), "{composed}");
    let has = |css: &str| {
        browser
            .execute(
                "return document.querySelector(arguments[0]) !== null;",
                json!([css]),
            )
            .unwrap()
            == true
    };
    assert!(has(
        "form[data-kind=image] .genai-live-output svg.genai-chart"
    ));
    assert!(has(
        "form[data-kind=tune] .genai-live-output audio[src^='blob:']"
    ));
    assert!(has(
        "form[data-kind=tune] .genai-live-output svg.genai-chart"
    ));

    // Keyboard: type new inputs, then Enter.
    type_into(&browser, "classify", "text", "see you at the bakery at 5");
    let sorted = run_by_keyboard(&browser, "classify", "text", true);
    assert!(sorted.contains("Naive Bayes: ham"), "{sorted}");
    type_into(&browser, "image", "prompt", "a cross");
    type_into(&browser, "image", "seed", "8");
    let drawn = run_by_keyboard(&browser, "image", "seed", false);
    assert!(drawn.contains("a new cross from seed 8"), "{drawn}");
    type_into(&browser, "tune", "seed", "12");
    let composed = run_by_keyboard(&browser, "tune", "seed", false);
    assert!(composed.contains("from seed 12"), "{composed}");

    // A bad input is answered with the library's own message, and the control still works.
    type_into(&browser, "image", "seed", "four");
    let refused = run_by_keyboard(&browser, "image", "seed", false);
    assert!(refused.contains("`seed` was “four”"), "{refused}");
    type_into(&browser, "image", "seed", "4");
    assert!(run_by_mouse(&browser, "image").contains("from seed 4"));

    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn html_typed_into_any_field_is_shown_as_text_and_runs_nothing() {
    let book = fixture_book("live-xss");
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.goto(&format!("{base}/live.html")).unwrap();
    assert_eq!(wait_live(&browser)["status"], "ready");
    browser
        .execute(
            "window.__alerted = 0; window.alert = () => { window.__alerted += 1; }; return true;",
            json!([]),
        )
        .unwrap();
    let fields: Vec<(String, String)> = serde_json::from_value(
        browser
            .execute(
                "return Array.from(document.querySelectorAll('form.genai-live [name]'))
                     .filter((f) => f.tagName !== 'SELECT')
                     .map((f) => [f.form.dataset.kind, f.name]);",
                json!([]),
            )
            .unwrap(),
    )
    .unwrap();
    assert!(fields.len() >= 4, "{fields:?}");
    for (kind, field) in &fields {
        type_into(&browser, kind, field, XSS);
        let shown = run_by_mouse(&browser, kind);
        let images = browser
            .execute(
                "return document.querySelectorAll('form.genai-live img').length;",
                json!([]),
            )
            .unwrap();
        assert_eq!(images, 0, "{kind}.{field}: an <img> element was made");
        assert!(
            shown.contains(XSS) || shown.contains("x onerror=alert(1)"),
            "{kind}.{field}: the typed text is not shown as text: {shown}"
        );
        // Put a good value back for the next field of the same control.
        let good = match field.as_str() {
            "seed" => "5",
            "prompt" => "a ring",
            _ => "hello",
        };
        type_into(&browser, kind, field, good);
    }
    // A prompt the model understands, with the HTML inside it: a picture is drawn, and the
    // prompt is shown beside it as text.
    type_into(&browser, "image", "prompt", &format!("a ring {XSS}"));
    let shown = run_by_mouse(&browser, "image");
    assert!(shown.contains(&format!("“a ring {XSS}”: a new ring")), "{shown}");
    let alerted = browser
        .execute("return window.__alerted;", json!([]))
        .unwrap();
    assert_eq!(alerted, 0, "alert() ran");
    assert!(browser.alert_text().is_none(), "an alert is open");
}
