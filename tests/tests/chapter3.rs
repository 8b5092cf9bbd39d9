//! Chapter 3, "How it actually generates", in the built book: the stepper walks real sampling
//! traces by mouse and by keyboard, its menu switches traces, the chosen bar and the step
//! counter follow; without JavaScript every trace is a table; and the data in the page is
//! exactly what the library computes.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_demos::experiments::ch3;
use genai_demos::generate::ngram::NGram;
use genai_demos::generate::sampling::{Trace, replay};
use genai_demos::measure::copying;
use genai_e2e::paths::build_book;
use genai_e2e::server::serve;
use genai_e2e::webdriver::{Browser, keys};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::OnceLock;

const PAGE: &str = "how-it-generates.html";
/// The stepper's element id is `widget-ch3.stepper`; the dot needs escaping in CSS.
const STEPPER: &str = "#widget-ch3\\.stepper";
const COPY_CHECK: &str = "#widget-ch3\\.copy-check";
/// The W3C key code for the down arrow (not among the shared `keys`).
const DOWN: &str = "\u{E015}";

/// The book, built once for all the tests of this file.
fn book() -> &'static PathBuf {
    static BOOK: OnceLock<PathBuf> = OnceLock::new();
    BOOK.get_or_init(|| build_book("chapter3").unwrap())
}

fn page_html() -> String {
    std::fs::read_to_string(book().join(PAGE)).unwrap()
}

/// The JSON text of the widget with element id `id`, exactly as the built page holds it.
fn widget_json<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no widget {id} in the page"));
    let rest = &html[start..];
    let open = "<script type=\"application/json\" class=\"genai-widget-data\">";
    let from = rest.find(open).unwrap() + open.len();
    let to = from + rest[from..].find("</script>").unwrap();
    &rest[from..to]
}

/// The JSON data of the widget with element id `id`, parsed. (serde_json's default parser may
/// read a float one unit in the last place off, so byte-for-byte checks use [`widget_json`].)
fn widget_data(html: &str, id: &str) -> Value {
    serde_json::from_str(&widget_json(html, id).replace("<\\/", "</")).unwrap()
}

/// A value as the page embeds it: through `serde_json::Value` (keys in order), with `</`
/// written `<\/` so it cannot close the script element.
fn as_embedded(value: Value) -> String {
    value.to_string().replace("</", "<\\/")
}

/// The stepper as a reader sees it.
fn state(browser: &Browser) -> Value {
    browser
        .execute(
            "const root = document.querySelector(arguments[0]);
             const bars = Array.from(root.querySelectorAll('.genai-bar'));
             const chosen = bars.filter((b) => b.classList.contains('genai-chosen'));
             return {
                 page: location.pathname,
                 live: root.classList.contains('genai-enhanced'),
                 fallbackHidden: Array.from(root.querySelectorAll(':scope > .genai-fallback')).every((f) => f.hidden),
                 status: root.querySelector('.genai-stepper .genai-status').textContent,
                 step: root.dataset.step,
                 text: root.querySelector('.genai-stepper .genai-text').textContent,
                 mark: root.querySelector('.genai-stepper .genai-text mark').textContent,
                 note: root.querySelector('.genai-stepper .genai-note').textContent,
                 bars: bars.map((b) => b.querySelector('.genai-bar-label').textContent),
                 chosen: chosen.map((b) => b.querySelector('.genai-bar-label').textContent),
                 current: bars.filter((b) => b.getAttribute('aria-current') === 'true')
                     .map((b) => b.querySelector('.genai-bar-label').textContent),
                 back: root.querySelector('.genai-back').disabled,
                 next: root.querySelector('.genai-next').disabled,
                 pick: root.querySelector('.genai-pick').value,
                 options: Array.from(root.querySelectorAll('.genai-pick option')).map((o) => o.textContent),
             };",
            json!([STEPPER]),
        )
        .unwrap()
}

/// Checks that the stepper shows step `step` (from 0) of trace `trace` exactly as the data says.
fn assert_shows(s: &Value, data: &Value, trace: usize, step: usize) {
    let entry = &data["traces"][trace];
    let expected = &entry["steps"][step];
    let total = entry["steps"].as_array().unwrap().len();
    // The arrow keys moved the stepper, not mdBook's page.
    assert_eq!(s["page"], format!("/{PAGE}"), "{s}");
    assert_eq!(s["pick"], trace.to_string(), "{s}");
    assert_eq!(s["step"], step.to_string(), "{s}");
    assert_eq!(s["status"], format!("Step {} of {total}", step + 1), "{s}");
    assert_eq!(s["note"], expected["note"], "{s}");
    let text = format!(
        "{}{}",
        expected["text_before"].as_str().unwrap(),
        expected["shown"].as_str().unwrap()
    );
    assert_eq!(s["text"], text, "{s}");
    assert_eq!(s["mark"], expected["shown"].as_str().unwrap().trim(), "{s}");
    // One bar per candidate, exactly one of them marked as the chosen piece.
    let labels: Vec<&Value> = expected["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["piece"])
        .collect();
    assert_eq!(
        s["bars"].as_array().unwrap().iter().collect::<Vec<_>>(),
        labels,
        "{s}"
    );
    assert_eq!(s["chosen"], json!([expected["chosen"]]), "{s}");
    assert_eq!(s["current"], json!([expected["chosen"]]), "{s}");
    assert_eq!(s["back"], step == 0, "{s}");
    assert_eq!(s["next"], step + 1 == total, "{s}");
}

#[test]
fn the_stepper_walks_a_real_trace_by_mouse_and_keyboard() {
    let base = serve(book()).unwrap();
    let data = widget_data(&page_html(), "widget-ch3.stepper");
    let browser = Browser::start().unwrap();
    browser.goto(&format!("{base}/{PAGE}")).unwrap();

    let s = state(&browser);
    assert_eq!(s["live"], true, "the script did not run: {s}");
    assert_eq!(s["fallbackHidden"], true, "{s}");
    let labels: Vec<&Value> = data["traces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["label"])
        .collect();
    assert_eq!(
        s["options"].as_array().unwrap().iter().collect::<Vec<_>>(),
        labels
    );
    assert_shows(&s, &data, 0, 0);

    // The mouse: Next, Next, Back, Reset.
    let next = browser.find(&format!("{STEPPER} .genai-next")).unwrap();
    let back = browser.find(&format!("{STEPPER} .genai-back")).unwrap();
    let reset = browser.find(&format!("{STEPPER} .genai-reset")).unwrap();
    browser.click(&next).unwrap();
    assert_shows(&state(&browser), &data, 0, 1);
    browser.click(&next).unwrap();
    assert_shows(&state(&browser), &data, 0, 2);
    browser.click(&back).unwrap();
    assert_shows(&state(&browser), &data, 0, 1);
    browser.click(&reset).unwrap();
    assert_shows(&state(&browser), &data, 0, 0);

    // The keyboard: arrows, Home and End on the stepper.
    let view = browser.find(&format!("{STEPPER} .genai-stepper")).unwrap();
    browser
        .type_keys(
            &view,
            &format!("{}{}{}", keys::RIGHT, keys::RIGHT, keys::RIGHT),
        )
        .unwrap();
    assert_shows(&state(&browser), &data, 0, 3);
    browser.type_keys(&view, keys::LEFT).unwrap();
    assert_shows(&state(&browser), &data, 0, 2);
    browser.type_keys(&view, keys::END).unwrap();
    let last = ch3::STEPPER_STEPS - 1;
    assert_shows(&state(&browser), &data, 0, last);
    // Past the end nothing moves.
    browser.type_keys(&view, keys::RIGHT).unwrap();
    assert_shows(&state(&browser), &data, 0, last);
    browser.type_keys(&view, keys::HOME).unwrap();
    assert_shows(&state(&browser), &data, 0, 0);

    // The menu switches traces and starts each from its first step: by mouse...
    let option = browser
        .find(&format!("{STEPPER} .genai-pick option[value=\"2\"]"))
        .unwrap();
    browser.click(&option).unwrap();
    assert_shows(&state(&browser), &data, 2, 0);
    browser.click(&next).unwrap();
    assert_shows(&state(&browser), &data, 2, 1);
    // ...and by keyboard, on the menu itself, where the arrows choose a trace, not a step.
    let pick = browser.find(&format!("{STEPPER} .genai-pick")).unwrap();
    browser.type_keys(&pick, DOWN).unwrap();
    assert_shows(&state(&browser), &data, 3, 0);
    // The last trace uses top-k 5: no step has more than five bars.
    for step in data["traces"][3]["steps"].as_array().unwrap() {
        assert!(step["candidates"].as_array().unwrap().len() <= 5);
    }

    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn the_stepper_carries_the_library_traces_byte_for_byte() {
    let html = page_html();
    let json = widget_json(&html, "widget-ch3.stepper");
    let data = widget_data(&html, "widget-ch3.stepper");
    let entries = data["traces"].as_array().unwrap();
    assert_eq!(entries.len(), ch3::STEPPER_RUNS.len());
    let model = NGram::bakery(ch3::N).unwrap();
    for (entry, run) in entries.iter().zip(&ch3::STEPPER_RUNS) {
        let embedded: Trace = serde_json::from_value(entry["trace"].clone()).unwrap();
        let fresh = model
            .generate(
                run.prompt,
                ch3::STEPPER_STEPS,
                &run.sampler().unwrap(),
                ch3::STEPPER_SEED,
            )
            .unwrap();
        // Byte for byte: the fresh trace, serialized as the page serializes it, is in the page.
        assert!(
            json.contains(&format!(
                "\"trace\":{}",
                as_embedded(serde_json::to_value(&fresh).unwrap())
            )),
            "the page's trace for {run:?} differs from a fresh library call"
        );
        // Read back, it is the same trace (up to the parser's last-place rounding).
        assert_eq!(embedded.text, fresh.text);
        assert_eq!(embedded.written(), fresh.written());
        assert_eq!(embedded.sampler, fresh.sampler);
        // The draws alone write the same text again.
        assert_eq!(replay(&model, &fresh).unwrap(), fresh.text);
        // Each step's bars sum to 1 and hold the chosen piece once.
        let steps = entry["steps"].as_array().unwrap();
        assert_eq!(steps.len(), ch3::STEPPER_STEPS);
        for (i, step) in steps.iter().enumerate() {
            let candidates = step["candidates"].as_array().unwrap();
            let total: f64 = candidates
                .iter()
                .map(|c| c["probability"].as_f64().unwrap())
                .sum();
            assert!((total - 1.0).abs() < 1e-9, "step {i}: bars sum to {total}");
            let chosen = candidates
                .iter()
                .filter(|c| c["piece"] == step["chosen"])
                .count();
            assert_eq!(chosen, 1, "step {i}");
            assert_eq!(step["note"], fresh.note(i).unwrap());
        }
    }
}

#[test]
fn without_javascript_every_trace_is_a_table() {
    let html = page_html();
    // The static page: a table per trace, a row per step.
    let start = html.find("id=\"widget-ch3.stepper\"").unwrap();
    let end = start + html[start..].find("genai-widget-data").unwrap();
    let fallback = &html[start..end];
    assert_eq!(
        fallback.matches("<table class=\"genai-trace\">").count(),
        ch3::STEPPER_RUNS.len()
    );
    assert_eq!(
        fallback.matches("<tr><td>").count(),
        ch3::STEPPER_RUNS.len() * ch3::STEPPER_STEPS
    );

    // In a browser with JavaScript off, the tables show and no controls are drawn.
    let base = serve(book()).unwrap();
    let browser = Browser::start_with(false).unwrap();
    browser.goto(&format!("{base}/{PAGE}")).unwrap();
    browser
        .find(&format!("{STEPPER} .genai-fallback table.genai-trace"))
        .unwrap();
    assert!(
        browser.find(&format!("{STEPPER} .genai-stepper")).is_err(),
        "the stepper was drawn with JavaScript off"
    );
    // WebDriver's own scripts still run with the page's JavaScript off.
    if let Ok(seen) = browser.execute(
        "const root = document.querySelector(arguments[0]);
         const fallback = root.querySelector('.genai-fallback');
         return { hidden: fallback.hidden, visible: fallback.offsetParent !== null,
                  rows: fallback.querySelectorAll('tbody tr').length,
                  live: root.classList.contains('genai-enhanced') };",
        json!([STEPPER]),
    ) {
        assert_eq!(seen["live"], false, "{seen}");
        assert_eq!(seen["hidden"], false, "{seen}");
        assert_eq!(seen["visible"], true, "{seen}");
        assert_eq!(
            seen["rows"],
            ch3::STEPPER_RUNS.len() * ch3::STEPPER_STEPS,
            "{seen}"
        );
        println!("checked the fallback's visibility through WebDriver");
    }
}

#[test]
fn the_copy_check_shows_the_library_reports_and_switches_by_mouse_and_keyboard() {
    let html = page_html();
    let data = widget_data(&html, "widget-ch3.copy-check");
    let fresh =
        copying::bakery_order_sweep(&ch3::COPY_CHECK_NS, 1.0, ch3::COPY_LENGTH, ch3::COPY_SEED)
            .unwrap();
    let reports: Vec<&copying::CopyReport> = fresh.iter().map(|p| &p.report).collect();
    assert_eq!(
        widget_json(&html, "widget-ch3.copy-check"),
        as_embedded(serde_json::to_value(&reports).unwrap())
    );
    assert_eq!(data.as_array().unwrap().len(), ch3::COPY_CHECK_NS.len());
    // The prose's numbers are the library's.
    let n5 = &fresh[3].report;
    assert!(
        html.contains(&format!(
            "the longest copied run is {} pieces",
            n5.longest_run
        )),
        "the n = 5 longest run is not in the page"
    );

    let base = serve(book()).unwrap();
    let browser = Browser::start().unwrap();
    browser.goto(&format!("{base}/{PAGE}")).unwrap();
    let selected = |browser: &Browser| {
        browser
            .execute(
                "const root = document.querySelector(arguments[0]);
                 const tabs = Array.from(root.querySelectorAll('[role=tab]'));
                 const panels = Array.from(root.querySelectorAll(':scope > .genai-panel'));
                 return { tabs: tabs.map((t) => t.getAttribute('aria-selected')),
                          shown: panels.filter((p) => !p.hidden).map((p) => p.dataset.label) };",
                json!([COPY_CHECK]),
            )
            .unwrap()
    };
    let s = selected(&browser);
    assert_eq!(s["tabs"], json!(["true", "false", "false", "false"]), "{s}");
    let last = browser
        .find(&format!("{COPY_CHECK} [role=tab]:last-child"))
        .unwrap();
    browser.click(&last).unwrap();
    let s = selected(&browser);
    assert_eq!(s["shown"], json!(["n = 5"]), "{s}");
    browser.type_keys(&last, keys::LEFT).unwrap();
    let s = selected(&browser);
    assert_eq!(s["tabs"], json!(["false", "false", "true", "false"]), "{s}");
    assert_eq!(s["shown"], json!(["n = 4"]), "{s}");
}
