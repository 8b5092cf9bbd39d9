//! Chapter 2's Speech controls (the Audio tab's Speech side), in the built book and real
//! headless Chromium: the page says a typed sentence through the book's WebAssembly module, and
//! its WAV equals the native library's sample for sample; the controls work by mouse and by
//! keyboard (a sentence with Enter or the button, "New voice" with its seed); a word the
//! synthesiser cannot say gets the library's own message; the player gets a WAV it can play.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_demos::experiments::speech;
use genai_demos::sound::speech::voice::VoiceModel;
use genai_e2e::axe;
use genai_e2e::paths::build_book;
use genai_e2e::server::serve;
use genai_e2e::webdriver::{Browser, keys};
use serde_json::{Value, json};

const PAGE: &str = "modalities.html";
const FORM: &str = "form.genai-live[data-kind=speech]";

/// Opens the chapter, waits for the module, and shows the Audio tab's Speech side by clicking
/// the tab and the radio button, as a reader would.
fn open_speech(browser: &Browser, base: &str) {
    browser.goto(&format!("{base}/{PAGE}")).unwrap();
    browser.script_timeout(60).unwrap();
    let status = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const look = () => {
                 const l = window.genaiLive;
                 if (l && (l.status === 'ready' || l.status === 'failed')
                         && document.querySelector(arguments[0])) done(l.status);
                 else if (l && l.status === 'failed') done(l.status);
                 else setTimeout(look, 20);
             };
             look();",
            json!([FORM]),
        )
        .unwrap();
    assert_eq!(status, "ready");
    let ids = browser
        .execute(
            "const form = document.querySelector(arguments[0]);
             const panel = form.closest('[role=tabpanel]');
             const section = form.closest('.genai-choice');
             return [panel.getAttribute('aria-labelledby'), section.id];",
            json!([FORM]),
        )
        .unwrap();
    click(browser, &format!("[id='{}']", ids[0].as_str().unwrap()));
    click(
        browser,
        &format!("input[aria-controls='{}']", ids[1].as_str().unwrap()),
    );
    let shown = browser
        .execute(
            "return document.querySelector(arguments[0]).getBoundingClientRect().height > 0;",
            json!([FORM]),
        )
        .unwrap();
    assert_eq!(shown, true, "the Speech form is not shown");
}

/// A copy of the built book named `name`, served, in a new browser showing the Speech side.
fn start(name: &str) -> Browser {
    let book = build_book(name).unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    open_speech(&browser, &base);
    browser
}

fn click(browser: &Browser, css: &str) {
    browser.click_css(css).unwrap();
}

fn runs(browser: &Browser) -> u64 {
    browser.answers(FORM).unwrap()
}

/// Waits for the answer after `before` answers: the output's text, any error, the seed field,
/// and which element has the focus.
fn answer(browser: &Browser, before: u64) -> Value {
    browser
        .execute_async(
            "const [css, before, done] = arguments;
             const look = () => {
                 const f = document.querySelector(css);
                 if (Number(f.dataset.runs || 0) > before) {
                     const error = f.querySelector('.genai-live-error');
                     done({ text: f.querySelector('.genai-live-output').textContent,
                            error: error ? error.textContent : null,
                            seed: f.querySelector('[name=seed]').value,
                            focus: document.activeElement.className || document.activeElement.tagName,
                            audio: f.querySelectorAll('.genai-live-output audio[src^=\"blob:\"]').length,
                            charts: f.querySelectorAll('.genai-live-output svg.genai-chart').length });
                 } else { setTimeout(look, 20); }
             };
             look();",
            json!([FORM, before]),
        )
        .unwrap()
}

/// Empties a field and types into it.
fn type_into(browser: &Browser, field: &str, text: &str) {
    let input = browser.find(&format!("{FORM} [name={field}]")).unwrap();
    browser.clear(&input).unwrap();
    browser.type_keys(&input, text).unwrap();
}

/// The bytes of the WAV the page's player holds, and what the browser reads from it.
fn player_wav(browser: &Browser) -> (Vec<u8>, f64) {
    let got = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const player = document.querySelector(arguments[0] + ' .genai-live-output audio');
             fetch(player.src).then(async (r) => {
                 const bytes = Array.from(new Uint8Array(await r.arrayBuffer()));
                 const finish = () => done({ bytes, duration: player.duration });
                 if (player.readyState >= 1) finish();
                 else { player.addEventListener('loadedmetadata', finish); player.load(); }
             }).catch((e) => done({ error: String(e) }));",
            json!([FORM]),
        )
        .unwrap();
    assert!(got.get("error").is_none(), "{got}");
    let bytes = got["bytes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
        .collect();
    (bytes, got["duration"].as_f64().unwrap())
}

#[test]
fn the_pages_speech_equals_the_native_library_sample_for_sample() {
    let browser = start("speech-parity");

    // Keyboard: a sentence of the reader's, a seed, Enter in the sentence field.
    let text = "The oven sings a new song.";
    let seed = 7;
    type_into(&browser, "text", text);
    type_into(&browser, "seed", &seed.to_string());
    let before = runs(&browser);
    let input = browser.find(&format!("{FORM} [name=text]")).unwrap();
    browser.type_keys(&input, keys::ENTER).unwrap();
    let shown = answer(&browser, before);
    assert!(shown["error"].is_null(), "{shown}");
    assert!(
        shown["text"]
            .as_str()
            .unwrap()
            .contains(&format!("The new voice of seed {seed}")),
        "{shown}"
    );

    // The native library, with the same sentence and seed.
    let model = VoiceModel::learn().unwrap();
    let (voice, said) = speech::say(&model, text, seed).unwrap();
    let novelty = model.novelty(&voice).unwrap();
    let native_voice =
        serde_json::to_string(&json!({ "voice": voice, "novelty": novelty })).unwrap();
    let page_voice = browser
        .execute("return window.genaiLive.last.speech;", json!([]))
        .unwrap();
    assert_eq!(page_voice.as_str().unwrap(), native_voice);

    let native = said.audio.to_wav_bytes().unwrap();
    let (wav, duration) = player_wav(&browser);
    assert_eq!(&wav[0..4], b"RIFF");
    assert_eq!(&wav[8..12], b"WAVE");
    assert_eq!(wav.len(), native.len(), "the WAV's length");
    // Sample for sample: the first differing 16-bit sample, if any, by its place.
    let header = 44;
    let differs = wav[header..]
        .chunks(2)
        .zip(native[header..].chunks(2))
        .position(|(a, b)| a != b);
    assert_eq!(differs, None, "the first sample that differs");
    assert_eq!(wav, native);
    assert!(
        (duration - said.audio.seconds()).abs() < 0.05,
        "the browser reads {duration} s, the library made {} s",
        said.audio.seconds()
    );
    println!(
        "{} samples ({:.2} s) equal to the native library's; the library took {:.0} ms in the page",
        said.audio.samples().len(),
        said.audio.seconds(),
        browser
            .execute("return window.genaiLive.took.speech;", json!([]))
            .unwrap()
            .as_f64()
            .unwrap_or_default()
    );
    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");

    // The WAV the built page links to (no JavaScript needed) is the library's, byte for byte:
    // the book's sentence in its first new voice, 16-bit mono at the synthesiser's rate.
    let book = build_book("speech-file").unwrap();
    let file = std::fs::read(book.join("generated/ch2-speech.wav")).unwrap();
    let (_, said) = speech::say(&model, speech::SENTENCE, speech::VOICE_SEEDS[0]).unwrap();
    assert_eq!(file, said.audio.to_wav_bytes().unwrap());
    let html = std::fs::read_to_string(book.join(PAGE)).unwrap();
    assert!(html.contains("src=\"generated/ch2-speech.wav\""));
}

#[test]
fn the_speech_controls_work_by_mouse_and_keyboard_and_name_a_word_they_cannot_say() {
    let browser = start("speech-controls");

    // Before the reader does anything, the inputs hold the book's sentence and first seed.
    let start = browser
        .execute(
            "const f = document.querySelector(arguments[0]);
             return [f.querySelector('[name=text]').value, f.querySelector('[name=seed]').value,
                     f.querySelector('label[for=' + f.querySelector('[name=text]').id + ']').textContent,
                     f.querySelector('label[for=' + f.querySelector('[name=seed]').id + ']').textContent];",
            json!([FORM]),
        )
        .unwrap();
    assert_eq!(
        start,
        json!([
            speech::SENTENCE,
            speech::VOICE_SEEDS[0].to_string(),
            "Your sentence",
            "Voice seed"
        ])
    );

    // Mouse: "Say it".
    let before = runs(&browser);
    click(&browser, &format!("{FORM} button.genai-live-run"));
    let shown = answer(&browser, before);
    assert!(shown["error"].is_null(), "{shown}");
    assert_eq!((&shown["audio"], &shown["charts"]), (&json!(1), &json!(2)));
    let first = shown["text"].as_str().unwrap().to_string();
    assert!(
        first.contains(&format!("The new voice of seed {}", speech::VOICE_SEEDS[0])),
        "{first}"
    );

    // Mouse: "New voice" moves to the next seed and says the sentence in it.
    let before = runs(&browser);
    click(&browser, &format!("{FORM} button.genai-live-new-voice"));
    let shown = answer(&browser, before);
    let next = speech::VOICE_SEEDS[0] + 1;
    assert_eq!(shown["seed"], next.to_string(), "{shown}");
    assert!(
        shown["text"]
            .as_str()
            .unwrap()
            .contains(&format!("The new voice of seed {next}")),
        "{shown}"
    );
    assert_ne!(shown["text"].as_str().unwrap(), first);

    // Keyboard: Tab from "Say it" reaches "New voice"; Enter presses it; the focus stays.
    let say = browser
        .find(&format!("{FORM} button.genai-live-run"))
        .unwrap();
    browser.type_keys(&say, keys::TAB).unwrap();
    let focused = browser
        .execute("return document.activeElement.className;", json!([]))
        .unwrap();
    assert_eq!(focused, "genai-live-new-voice");
    let again = browser
        .find(&format!("{FORM} button.genai-live-new-voice"))
        .unwrap();
    let before = runs(&browser);
    browser.type_keys(&again, keys::ENTER).unwrap();
    let shown = answer(&browser, before);
    assert_eq!(shown["seed"], (next + 1).to_string(), "{shown}");
    assert_eq!(shown["focus"], "genai-live-new-voice", "{shown}");

    // A word it cannot say: the library's own message, as text, and the form still works.
    let model = VoiceModel::learn().unwrap();
    let odd = "Call R2D2 now";
    let message = speech::say(&model, odd, 4).unwrap_err().to_string();
    type_into(&browser, "text", odd);
    type_into(&browser, "seed", "4");
    let before = runs(&browser);
    let input = browser.find(&format!("{FORM} [name=seed]")).unwrap();
    browser.type_keys(&input, keys::ENTER).unwrap();
    let shown = answer(&browser, before);
    assert_eq!(shown["error"], message, "{shown}");
    assert!(message.contains("“R2D2”"), "{message}");
    assert_eq!(shown["audio"], 0, "{shown}");
    type_into(&browser, "text", "Call me now");
    let before = runs(&browser);
    click(&browser, &format!("{FORM} button.genai-live-run"));
    assert!(answer(&browser, before)["error"].is_null());

    let problems = axe::problems(&browser, None).unwrap();
    assert!(problems.is_empty(), "axe found {problems:#?}");
    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    println!("the unknown word is named: {message}");
}
