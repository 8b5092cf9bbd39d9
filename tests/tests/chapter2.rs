//! Chapter 2, "What it can create: the modalities", in the built book and real headless
//! Chromium: the tab widget by mouse and keyboard, the tune's WAV served and playable, the
//! pictures' inline PNGs decoded by the browser, the page without JavaScript, and the widget's
//! data equal to what the library computes.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_demos::experiments::ch2;
use genai_e2e::paths::build_book;
use genai_e2e::server::serve;
use genai_e2e::webdriver::{Browser, keys};
use mdbook_genai::catalog::ch2 as page;
use serde_json::{Value, json};
use std::path::Path;

const PAGE: &str = "modalities.html";
const WIDGET: &str = "[id='widget-ch2.modalities']";
const LABELS: [&str; 4] = ["Text", "Image", "Audio", "Code"];

/// The state of the modalities widget: each tab's label and selection, which panels show,
/// and which tab has the focus.
fn tab_state(browser: &Browser) -> Value {
    browser
        .execute(
            "const root = document.querySelector(arguments[0]);
             const tabs = Array.from(root.querySelectorAll('[role=tab]'));
             const panels = Array.from(root.querySelectorAll(':scope > .genai-panel'));
             return {
                 labels: tabs.map((t) => t.textContent),
                 selected: tabs.map((t) => t.getAttribute('aria-selected')),
                 tabindex: tabs.map((t) => t.tabIndex),
                 visible: panels.map((p) => !p.hidden && p.getBoundingClientRect().height > 0),
                 controls: tabs.map((t) => t.getAttribute('aria-controls') === panels[tabs.indexOf(t)].id),
                 focused: tabs.indexOf(document.activeElement),
             };",
            json!([WIDGET]),
        )
        .unwrap()
}

/// Checks that exactly tab `i` is selected, focusable and shown.
fn assert_selected(state: &Value, i: usize, how: &str) {
    for j in 0..LABELS.len() {
        let on = i == j;
        assert_eq!(
            state["selected"][j],
            if on { "true" } else { "false" },
            "{how}: {state}"
        );
        assert_eq!(state["visible"][j], on, "{how}: {state}");
        assert_eq!(
            state["tabindex"][j],
            if on { 0 } else { -1 },
            "{how}: {state}"
        );
    }
}

fn tab(browser: &Browser, label: &str) -> genai_e2e::webdriver::Element {
    let i = LABELS.iter().position(|l| *l == label).unwrap() + 1;
    browser
        .find(&format!("{WIDGET} [role=tab]:nth-of-type({i})"))
        .unwrap()
}

#[test]
fn the_modalities_tabs_work_by_mouse_and_keyboard_and_the_tune_plays() {
    let book = build_book("chapter2").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.script_timeout(30).unwrap();
    browser.goto(&format!("{base}/{PAGE}")).unwrap();

    let state = tab_state(&browser);
    assert_eq!(state["labels"], json!(LABELS), "{state}");
    assert_eq!(
        state["controls"],
        json!([true, true, true, true]),
        "{state}"
    );
    assert_selected(&state, 0, "on load");

    // Mouse: click each tab in turn.
    for (i, label) in LABELS.iter().enumerate().rev() {
        browser.click(&tab(&browser, label)).unwrap();
        assert_selected(&tab_state(&browser), i, &format!("after clicking {label}"));
    }

    // Keyboard: arrows move and wrap around, Home and End jump; the focus follows.
    let steps = [
        (keys::RIGHT, 1, "Right from Text"),
        (keys::RIGHT, 2, "Right from Image"),
        (keys::LEFT, 1, "Left from Audio"),
        (keys::END, 3, "End"),
        (keys::RIGHT, 0, "Right from Code wraps to Text"),
        (keys::LEFT, 3, "Left from Text wraps to Code"),
        (keys::HOME, 0, "Home"),
    ];
    for (key, expected, how) in steps {
        let focused = browser
            .find(&format!("{WIDGET} [role=tab][aria-selected=true]"))
            .unwrap();
        browser.type_keys(&focused, key).unwrap();
        let state = tab_state(&browser);
        assert_selected(&state, expected, how);
        assert_eq!(
            state["focused"], expected,
            "{how}: focus did not follow: {state}"
        );
    }

    // The Text and Code panels show one example at a time, with a working button.
    browser.click(&tab(&browser, "Code")).unwrap();
    let shown = browser
        .execute(
            "const panel = document.querySelector(arguments[0] + ' > .genai-panel[data-label=Code]');
             const items = Array.from(panel.querySelectorAll('.genai-example'));
             const before = items.map((i) => !i.hidden);
             panel.querySelector('.genai-next').click();
             return { before, after: items.map((i) => !i.hidden),
                      status: panel.querySelector('.genai-status').textContent,
                      code: items[0].querySelector('pre code') !== null };",
            json!([WIDGET]),
        )
        .unwrap();
    assert_eq!(
        shown["before"],
        json!([true, false, false, false]),
        "{shown}"
    );
    assert_eq!(
        shown["after"],
        json!([false, true, false, false]),
        "{shown}"
    );
    assert_eq!(shown["status"], "Example 2 of 4", "{shown}");
    assert_eq!(shown["code"], true, "{shown}");

    // The Audio tab: a player whose file the server sends as audio/wav, a real RIFF/WAVE
    // file, and the browser can load it and knows how long it lasts.
    browser.click(&tab(&browser, "Audio")).unwrap();
    let audio = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const player = document.querySelector(arguments[0] + ' audio');
             if (!player) { done(null); return; }
             fetch(player.src).then(async (r) => {
                 const bytes = new Uint8Array(await r.arrayBuffer());
                 const text = (a, b) => String.fromCharCode(...bytes.slice(a, b));
                 const view = new DataView(bytes.buffer);
                 const report = { src: player.getAttribute('src'), status: r.status,
                     type: r.headers.get('content-type'), riff: text(0, 4), wave: text(8, 12),
                     channels: view.getUint16(22, true), rate: view.getUint32(24, true),
                     bits: view.getUint16(34, true), length: bytes.length,
                     visible: player.getBoundingClientRect().height > 0,
                     label: player.getAttribute('aria-label') };
                 const finish = () => { report.duration = player.duration; done(report); };
                 if (player.readyState >= 1) finish();
                 else { player.addEventListener('loadedmetadata', finish); player.load(); }
             }).catch((e) => done({ error: String(e) }));",
            json!([WIDGET]),
        )
        .unwrap();
    assert!(!audio.is_null(), "no audio element in the Audio tab");
    assert_eq!(audio["src"], "generated/ch2-tune.wav", "{audio}");
    assert_eq!(audio["status"], 200, "{audio}");
    assert_eq!(audio["type"], "audio/wav", "{audio}");
    assert_eq!(
        (&audio["riff"], &audio["wave"]),
        (&json!("RIFF"), &json!("WAVE"))
    );
    assert_eq!(audio["channels"], 1, "{audio}");
    assert_eq!(audio["rate"], ch2::TUNE_SAMPLE_RATE, "{audio}");
    assert_eq!(audio["bits"], 16, "{audio}");
    assert_eq!(audio["visible"], true, "{audio}");
    assert!(audio["label"].as_str().unwrap().contains("tune"), "{audio}");
    let sound = page::run().unwrap().audio.clone();
    let wav = sound.to_wav_bytes().unwrap();
    assert_eq!(audio["length"], wav.len(), "{audio}");
    let duration = audio["duration"].as_f64().unwrap();
    assert!(
        (duration - sound.seconds()).abs() < 0.05,
        "the browser reads {duration} s, the library made {} s",
        sound.seconds()
    );

    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn the_pictures_inline_pngs_decode_to_the_librarys_pixels() {
    let book = build_book("chapter2-png").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.script_timeout(30).unwrap();
    browser.goto(&format!("{base}/{PAGE}")).unwrap();
    // Every <image> of the filmstrip, decoded by Chromium into grey values.
    let decoded = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const svg = document.querySelector(\"[id='chart-ch2.filmstrip'] svg\");
             const hrefs = Array.from(svg.querySelectorAll('image')).map((i) => i.getAttribute('href'));
             Promise.all(hrefs.map((href) => new Promise((ok, fail) => {
                 const img = new Image();
                 img.onload = () => {
                     const canvas = document.createElement('canvas');
                     canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
                     const ctx = canvas.getContext('2d');
                     ctx.drawImage(img, 0, 0);
                     const rgba = ctx.getImageData(0, 0, img.naturalWidth, img.naturalHeight).data;
                     const greys = [];
                     for (let i = 0; i < rgba.length; i += 4) greys.push(rgba[i]);
                     ok({ width: img.naturalWidth, height: img.naturalHeight, greys,
                          grey: rgba.every((v, i) => i % 4 === 3 ? v === 255 : v === rgba[i - i % 4]) });
                 };
                 img.onerror = () => fail('a PNG did not decode');
                 img.src = href;
             }))).then(done, (e) => done({ error: String(e) }));",
            json!([]),
        )
        .unwrap();
    let images = decoded.as_array().unwrap_or_else(|| panic!("{decoded}"));
    let trace = page::run().unwrap().image_trace().unwrap();
    // Two rows of frames (the picture and the guess) and the nearest training picture.
    assert_eq!(images.len(), 2 * trace.frames.len() + 1);
    let greys = |pixels: &[f64]| -> Vec<u64> {
        pixels
            .iter()
            .map(|p| 20 + 15 * (p.clamp(0.0, 1.0) * 15.0).round() as u64)
            .collect()
    };
    for image in images {
        assert_eq!(
            (&image["width"], &image["height"]),
            (&json!(20), &json!(20))
        );
        assert_eq!(image["grey"], true, "not grey: {image}");
    }
    let first = &trace.frames[0].picture.pixels;
    assert_eq!(images[0]["greys"], json!(greys(first)), "the noise frame");
    let finished = &images[2 * (trace.frames.len() - 1)];
    assert_eq!(finished["greys"], json!(greys(&trace.image.pixels)));
    let nearest = &images[images.len() - 1];
    assert_eq!(
        nearest["greys"],
        json!(greys(&trace.nearest_training.pixels))
    );
}

/// A value as it reads back from JSON text. (serde_json may read a float back one unit in
/// the last place off, so compare values that both went through text.)
fn as_read_back(value: Value) -> Value {
    serde_json::from_str(&value.to_string()).unwrap()
}

/// The JSON text of a widget's data, as the built page carries it.
fn widget_text(html: &str, name: &str) -> String {
    let start = html
        .find(&format!("id=\"widget-{name}\""))
        .unwrap_or_else(|| panic!("no widget {name}"));
    let rest = &html[start..];
    let open = "<script type=\"application/json\" class=\"genai-widget-data\">";
    let from = rest.find(open).unwrap() + open.len();
    let to = rest[from..].find("</script>").unwrap();
    rest[from..from + to].replace("<\\/", "</")
}

/// A widget's data, read from the built page.
fn widget_json(html: &str, name: &str) -> Value {
    serde_json::from_str(&widget_text(html, name)).unwrap()
}

#[test]
fn the_widget_data_is_what_the_library_computes() {
    let book = build_book("chapter2-parity").unwrap();
    let html = std::fs::read_to_string(book.join(PAGE)).unwrap();
    let data = widget_json(&html, "ch2.modalities");
    // The whole JSON equals a fresh call of the catalog, character for character...
    let fresh = serde_json::to_value(page::modalities_data().unwrap())
        .unwrap()
        .to_string();
    let page = widget_text(&html, "ch2.modalities");
    assert!(page == fresh, "the page's data differs from the library's");
    // ...and each part equals a direct call of the library with the chapter's settings.
    use genai_demos::generate::code::parse_rate;
    use genai_demos::generate::ngram::NGram;
    use genai_demos::generate::sampling::Sampler;
    use genai_demos::pictures::diffusion::DiffusionModel;
    use genai_demos::sound::melody::{Length, MelodyModel};
    let sampler = Sampler::with_temperature(ch2::TEXT_TEMPERATURE).unwrap();
    let model = NGram::bakery(ch2::TEXT_N).unwrap();
    for (i, prompt) in ch2::TEXT_PROMPTS.iter().enumerate() {
        let seed = ch2::TEXT_SEED + i as u64;
        let trace = model
            .generate_document(prompt, ch2::TEXT_MAX_PIECES, &sampler, seed)
            .unwrap();
        assert_eq!(data["text"][i]["text"], trace.text);
        assert_eq!(data["text"][i]["seed"], seed);
    }
    let diffusion = DiffusionModel::train(ch2::IMAGE_TRAIN_SEED, ch2::IMAGE_PER_SHAPE).unwrap();
    let picture = diffusion
        .sample(ch2::IMAGE_TAB_PROMPT, ch2::IMAGE_TAB_SEED, ch2::IMAGE_STEPS)
        .unwrap();
    assert_eq!(
        data["image"]["novelty"]["nearest_rms"],
        as_read_back(json!(picture.nearest_training_rms))
    );
    assert_eq!(data["image"]["novelty"]["closest_shape"], "triangle");
    let melody = MelodyModel::bakery(ch2::TUNE_ORDER)
        .unwrap()
        .generate(
            ch2::TUNE_SEED,
            Length::Beats(ch2::TUNE_BEATS),
            ch2::TUNE_TEMPERATURE,
        )
        .unwrap();
    assert_eq!(
        data["audio"]["melody"],
        as_read_back(serde_json::to_value(&melody).unwrap())
    );
    let rate = parse_rate(
        ch2::CODE_N,
        ch2::CODE_SAMPLES,
        ch2::CODE_TEMPERATURE,
        ch2::CODE_SEED,
    )
    .unwrap();
    assert_eq!(data["code"], as_read_back(json!(rate)));

    let orders = widget_json(&html, "ch2.text-orders");
    assert_eq!(
        orders,
        as_read_back(json!(page::run().unwrap().paragraphs_by_order().unwrap()))
    );
    // The WAV the page links to is the library's, byte for byte.
    let wav = std::fs::read(book.join("generated/ch2-tune.wav")).unwrap();
    assert_eq!(
        wav,
        page::run().unwrap().audio.clone().to_wav_bytes().unwrap()
    );
    assert!(
        !html.contains("data:audio"),
        "the WAV must be linked, not inline"
    );
}

#[test]
fn without_javascript_every_tab_is_readable() {
    let book = build_book("chapter2-nojs").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start_with(false).unwrap();
    browser.goto(&format!("{base}/{PAGE}")).unwrap();
    let found = browser.execute(
        "const root = document.querySelector(arguments[0]);
         const shown = (el) => el.getBoundingClientRect().height > 0;
         return {
             live: root.classList.contains('genai-enhanced'),
             tablists: root.querySelectorAll('[role=tablist]').length,
             titles: Array.from(root.querySelectorAll('.genai-panel-title')).filter(shown).map((t) => t.textContent),
             panels: Array.from(root.querySelectorAll('.genai-panel')).filter(shown).length,
             examples: Array.from(root.querySelectorAll('.genai-example')).filter(shown).length,
             audio: root.querySelectorAll('audio[src]').length,
             buttons: root.querySelectorAll('button').length,
         };",
        json!([WIDGET]),
    );
    match found {
        Ok(found) => {
            assert_eq!(found["live"], false, "the script ran: {found}");
            assert_eq!(found["tablists"], 0, "{found}");
            assert_eq!(found["titles"], json!(LABELS), "{found}");
            assert_eq!(found["panels"], 4, "{found}");
            let examples = ch2::TEXT_PROMPTS.len() + ch2::CODE_SHOWN;
            assert_eq!(found["examples"], examples, "{found}");
            // The tune's player (Music) and the sentence's (Speech).
            assert_eq!(found["audio"], 2, "{found}");
            assert_eq!(found["buttons"], 0, "{found}");
        }
        // WebDriver may refuse to run scripts when JavaScript is off: read the page instead.
        Err(_) => check_static_fallback(&book.join(PAGE)),
    }
    // Either way, the page itself holds every tab's content.
    check_static_fallback(&book.join(PAGE));
}

/// The built HTML holds every panel, with its heading, content and no hidden attribute.
fn check_static_fallback(page: &Path) {
    let html = std::fs::read_to_string(page).unwrap();
    let start = html.find("id=\"widget-ch2.modalities\"").unwrap();
    let widget = &html[start..start + html[start..].find("</script>").unwrap()];
    for label in LABELS {
        assert!(
            widget.contains(&format!(
                "<section class=\"genai-panel\" data-label=\"{label}\">\n<h4 class=\"genai-panel-title\">{label}</h4>"
            )),
            "no {label} panel"
        );
    }
    assert!(!widget.contains(" hidden"), "a panel is hidden in the HTML");
    assert!(widget.contains("<audio controls"));
    assert!(widget.contains("<pre><code class=\"language-rust\">"));
    assert!(widget.contains("class=\"genai-chart\""), "no filmstrip");
    for sample in page::run().unwrap().paragraphs().unwrap() {
        // The words right after the prompt (the prompt itself is set in bold).
        let after: String = sample
            .text
            .chars()
            .skip(sample.prompt.len())
            .take(40)
            .collect();
        assert!(
            widget.contains(&mdbook_genai::directive::escape_html(&after)),
            "a paragraph is missing: {after}"
        );
    }
}
