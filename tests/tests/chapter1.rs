//! Chapter 1, "Two jobs: telling apart vs. creating", in the built book: the flip widget works by
//! mouse and by keyboard with the right ARIA state, shows both faces as plain content without
//! JavaScript, and carries exactly the data the library computes.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_demos::classify::logistic::{LogisticRegression, Settings};
use genai_demos::classify::naive_bayes::NaiveBayes;
use genai_demos::data::messages::{builtin, split};
use genai_demos::generate::spam_writer::SpamWriter;
use genai_demos::measure::metrics::Classifier;
use genai_e2e::axe;
use genai_e2e::paths::build_book;
use genai_e2e::server::serve;
use genai_e2e::webdriver::{Browser, keys};
use serde_json::{Value, json};

const PAGE: &str = "telling-apart-vs-creating.html";
/// The widget's element id is `widget-ch1.flip`; the dot needs escaping in CSS.
const WIDGET: &str = "#widget-ch1\\.flip";

/// The state of the widget as a reader would see it: which tab is selected, which panel and
/// which examples are visible, the status lines, and the radio buttons.
fn state(browser: &Browser) -> Value {
    browser
        .execute(
            "const root = document.querySelector(arguments[0]);
             const visible = (el) => !!el && el.offsetParent !== null;
             const tabs = Array.from(root.querySelectorAll('[role=tab]'));
             const panels = Array.from(root.querySelectorAll(':scope > .genai-panel'));
             const shown = (panel) => Array.from(panel.querySelectorAll('.genai-example'))
                 .filter(visible).map((li) => li.querySelector('.genai-message').textContent);
             const statuses = Array.from(root.querySelectorAll('.genai-status'))
                 .filter(visible).map((s) => s.textContent);
             const radios = Array.from(root.querySelectorAll('input[type=radio]'));
             return {
                 tabs: tabs.map((t) => ({ label: t.textContent,
                     selected: t.getAttribute('aria-selected'), tabindex: t.tabIndex,
                     controls: t.getAttribute('aria-controls') })),
                 panels: panels.map((p) => ({ hidden: p.hidden, role: p.getAttribute('role'),
                     labelledby: p.getAttribute('aria-labelledby') })),
                 focused: document.activeElement ? document.activeElement.textContent : null,
                 shown: panels.map(shown),
                 statuses,
                 radios: radios.map((r) => ({ value: r.value, checked: r.checked,
                     controls: r.getAttribute('aria-controls') })),
                 choices: Array.from(root.querySelectorAll('.genai-choice'))
                     .map((c) => ({ label: c.dataset.label, hidden: c.hidden })),
             };",
            json!([WIDGET]),
        )
        .unwrap()
}

fn selected_tab(s: &Value) -> usize {
    let tabs = s["tabs"].as_array().unwrap();
    let on: Vec<usize> = (0..tabs.len())
        .filter(|&i| tabs[i]["selected"] == "true")
        .collect();
    assert_eq!(on.len(), 1, "exactly one tab is selected: {s}");
    on[0]
}

/// The selected tab is the only one in the tab order, and only its panel shows.
fn assert_consistent(s: &Value) {
    let on = selected_tab(s);
    for (i, tab) in s["tabs"].as_array().unwrap().iter().enumerate() {
        assert_eq!(tab["tabindex"], if i == on { 0 } else { -1 }, "{s}");
        assert_eq!(s["panels"][i]["hidden"], i != on, "{s}");
        assert_eq!(s["panels"][i]["role"], "tabpanel");
        assert!(tab["controls"].is_string());
    }
    // One example at a time in the panel that shows.
    assert_eq!(s["shown"][on].as_array().unwrap().len(), 1, "{s}");
    // The hidden panel shows nothing.
    assert!(s["shown"][1 - on].as_array().unwrap().is_empty(), "{s}");
}

fn status(s: &Value) -> String {
    let statuses = s["statuses"].as_array().unwrap();
    assert_eq!(statuses.len(), 1, "one visible status line: {s}");
    statuses[0].as_str().unwrap().to_string()
}

/// The widget's JSON, read from the built page.
fn widget_data(html: &str) -> Value {
    let start = html
        .find("id=\"widget-ch1.flip\"")
        .expect("the page has the flip widget");
    let rest = &html[start..];
    let open = "<script type=\"application/json\" class=\"genai-widget-data\">";
    let from = rest.find(open).unwrap() + open.len();
    let to = from + rest[from..].find("</script>").unwrap();
    serde_json::from_str(&rest[from..to]).unwrap()
}

#[test]
fn the_flip_widget_works_by_mouse_and_by_keyboard() {
    let book = build_book("chapter1-widget").unwrap();
    let data = widget_data(&std::fs::read_to_string(book.join(PAGE)).unwrap());
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.goto(&format!("{base}/{PAGE}")).unwrap();

    // At first: "Telling apart" is selected and shows the first held-out message.
    let s = state(&browser);
    assert_eq!(s["tabs"][0]["label"], "Telling apart");
    assert_eq!(s["tabs"][1]["label"], "Creating");
    assert_eq!(selected_tab(&s), 0);
    assert_consistent(&s);
    let telling = data["telling_apart"].as_array().unwrap();
    assert_eq!(s["shown"][0][0], telling[0]["filter"]["text"]);
    assert_eq!(status(&s), format!("Example 1 of {}", telling.len()));

    // "Another example" by mouse, then by keyboard (Enter and Space on the button).
    let next = browser
        .find(&format!("{WIDGET} .genai-panel:not([hidden]) .genai-next"))
        .unwrap();
    browser.click(&next).unwrap();
    let s = state(&browser);
    assert_eq!(status(&s), format!("Example 2 of {}", telling.len()));
    assert_eq!(s["shown"][0][0], telling[1]["filter"]["text"]);
    browser.type_keys(&next, keys::ENTER).unwrap();
    assert_eq!(
        status(&state(&browser)),
        format!("Example 3 of {}", telling.len())
    );
    browser.type_keys(&next, keys::SPACE).unwrap();
    let s = state(&browser);
    assert_eq!(status(&s), format!("Example 4 of {}", telling.len()));
    assert_eq!(s["shown"][0][0], telling[3]["filter"]["text"]);
    assert_consistent(&s);

    // Flip to "Creating" with the mouse.
    let creating_tab = browser
        .find(&format!("{WIDGET} [role=tab]:nth-child(2)"))
        .unwrap();
    browser.click(&creating_tab).unwrap();
    let s = state(&browser);
    assert_eq!(selected_tab(&s), 1);
    assert_consistent(&s);
    let creating = data["creating"].as_array().unwrap();
    let spam: Vec<&Value> = creating
        .iter()
        .filter(|c| c["written"]["label"] == "spam")
        .collect();
    let ham: Vec<&Value> = creating
        .iter()
        .filter(|c| c["written"]["label"] == "ham")
        .collect();
    assert!(!spam.is_empty() && !ham.is_empty());
    assert_eq!(s["shown"][1][0], spam[0]["written"]["text"]);
    assert_eq!(status(&s), format!("Example 1 of {}", spam.len()));
    // The label choice: spam is checked, and only its section shows.
    assert_eq!(s["radios"][0]["value"], "spam");
    assert_eq!(s["radios"][0]["checked"], true);
    assert_eq!(s["radios"][1]["checked"], false);
    assert_eq!(s["choices"][0]["hidden"], false);
    assert_eq!(s["choices"][1]["hidden"], true);
    assert!(s["radios"][0]["controls"].is_string());
    // The copy check is on the page, next to the message.
    let check = browser
        .execute(
            "return document.querySelector(arguments[0] + ' .genai-choice:not([hidden]) .genai-example:not([hidden]) .genai-copy-check').textContent;",
            json!([WIDGET]),
        )
        .unwrap();
    assert!(
        check.as_str().unwrap().starts_with("Copy check: new"),
        "{check}"
    );

    // The "Creating" face passes axe too (the page test only sees the first face).
    let problems = axe::problems(&browser, Some(WIDGET)).unwrap();
    assert!(
        problems.is_empty(),
        "axe on the Creating face: {problems:#?}"
    );

    // Choose "ham" with the mouse; then back to "spam" with the arrow keys.
    let ham_radio = browser
        .find(&format!("{WIDGET} input[type=radio][value=ham]"))
        .unwrap();
    browser.click(&ham_radio).unwrap();
    let s = state(&browser);
    assert_eq!(s["radios"][1]["checked"], true);
    assert_eq!(s["choices"][0]["hidden"], true);
    assert_eq!(s["choices"][1]["hidden"], false);
    assert_eq!(s["shown"][1][0], ham[0]["written"]["text"]);
    let another = browser
        .find(&format!("{WIDGET} .genai-choice:not([hidden]) .genai-next"))
        .unwrap();
    browser.type_keys(&another, keys::ENTER).unwrap();
    let s = state(&browser);
    assert_eq!(s["shown"][1][0], ham[1]["written"]["text"]);
    assert_eq!(status(&s), format!("Example 2 of {}", ham.len()));
    browser.type_keys(&ham_radio, keys::LEFT).unwrap();
    let s = state(&browser);
    assert_eq!(s["radios"][0]["checked"], true, "{s}");
    assert_eq!(s["choices"][0]["hidden"], false);
    assert_eq!(s["shown"][1][0], spam[0]["written"]["text"]);

    // Tabs by keyboard: Left goes back to "Telling apart" and takes the focus, Right returns,
    // Home and End jump to the ends.
    browser.type_keys(&creating_tab, keys::LEFT).unwrap();
    let s = state(&browser);
    assert_eq!(selected_tab(&s), 0);
    assert_eq!(s["focused"], "Telling apart");
    assert_consistent(&s);
    // The first face kept its place.
    assert_eq!(s["shown"][0][0], telling[3]["filter"]["text"]);
    let telling_tab = browser
        .find(&format!("{WIDGET} [role=tab]:nth-child(1)"))
        .unwrap();
    browser.type_keys(&telling_tab, keys::RIGHT).unwrap();
    let s = state(&browser);
    assert_eq!(selected_tab(&s), 1);
    assert_eq!(s["focused"], "Creating");
    browser.type_keys(&creating_tab, keys::HOME).unwrap();
    assert_eq!(selected_tab(&state(&browser)), 0);
    browser.type_keys(&telling_tab, keys::END).unwrap();
    assert_eq!(selected_tab(&state(&browser)), 1);
    // The arrow keys moved between tabs only: mdBook did not also turn the page.
    let at = browser
        .execute("return location.pathname;", json!([]))
        .unwrap();
    assert!(at.as_str().unwrap().ends_with(PAGE), "{at}");

    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn without_javascript_both_faces_show_as_plain_content() {
    let book = build_book("chapter1-nojs").unwrap();
    let html = std::fs::read_to_string(book.join(PAGE)).unwrap();
    let data = widget_data(&html);
    // The static page holds every message of both faces, under their own headings.
    for heading in [
        "<h4 class=\"genai-panel-title\">Telling apart</h4>",
        "<h4 class=\"genai-panel-title\">Creating</h4>",
        "<h5 class=\"genai-choice-title\">New spam</h5>",
        "<h5 class=\"genai-choice-title\">New ham</h5>",
    ] {
        assert!(html.contains(heading), "missing {heading}");
    }
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    for item in data["telling_apart"].as_array().unwrap() {
        let text = item["filter"]["text"].as_str().unwrap();
        assert!(html.contains(&escape(text)), "missing {text}");
    }
    for item in data["creating"].as_array().unwrap() {
        let text = item["written"]["text"].as_str().unwrap();
        assert!(html.contains(&escape(text)), "missing {text}");
    }

    // In a browser with JavaScript off, all of it is there to read: no tabs, nothing hidden.
    let base = serve(&book).unwrap();
    let browser = Browser::start_with(false).unwrap();
    browser.goto(&format!("{base}/{PAGE}")).unwrap();
    let seen = browser
        .execute(
            "const root = document.querySelector(arguments[0]);
             const visible = (el) => el.offsetParent !== null;
             return {
                 live: root.classList.contains('genai-enhanced'),
                 tabs: root.querySelectorAll('[role=tab]').length,
                 radios: root.querySelectorAll('input[type=radio]').length,
                 examples: root.querySelectorAll('.genai-example').length,
                 visible: Array.from(root.querySelectorAll('.genai-example')).filter(visible).length,
                 titles: Array.from(root.querySelectorAll('.genai-panel-title, .genai-choice-title'))
                     .filter(visible).map((t) => t.textContent),
             };",
            json!([WIDGET]),
        )
        .unwrap();
    let total = data["telling_apart"].as_array().unwrap().len()
        + data["creating"].as_array().unwrap().len();
    assert_eq!(seen["live"], false, "the script ran: {seen}");
    assert_eq!(seen["tabs"], 0);
    assert_eq!(seen["radios"], 0);
    assert_eq!(seen["examples"], total);
    assert_eq!(seen["visible"], total, "{seen}");
    assert_eq!(
        seen["titles"],
        json!(["Telling apart", "Creating", "New spam", "New ham"])
    );
}

/// Numbers compared to within a hair: the JSON went through text and back.
fn assert_same(page: &Value, fresh: &Value, path: &str) {
    match (page, fresh) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!(
                (a - b).abs() <= 1e-12 * a.abs().max(1.0),
                "{path}: {a} vs {b}"
            );
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: lengths differ");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same(x, y, &format!("{path}[{i}]"));
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let keys_a: Vec<&String> = a.keys().collect();
            let keys_b: Vec<&String> = b.keys().collect();
            assert_eq!(keys_a, keys_b, "{path}: fields differ");
            for (k, x) in a {
                assert_same(x, &b[k], &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(page, fresh, "{path}"),
    }
}

#[test]
fn the_widget_data_is_what_the_library_computes() {
    let book = build_book("chapter1-parity").unwrap();
    let data = widget_data(&std::fs::read_to_string(book.join(PAGE)).unwrap());
    // Train afresh from the recipe the widget records.
    let parts = split(
        &builtin().unwrap(),
        data["test_fraction"].as_f64().unwrap(),
        data["split_seed"].as_u64().unwrap(),
    )
    .unwrap();
    let settings: Settings = serde_json::from_value(data["settings"].clone()).unwrap();
    let filter = LogisticRegression::train(&parts.train, "spam", &settings).unwrap();
    let bayes = NaiveBayes::train(&parts.train, data["alpha"].as_f64().unwrap()).unwrap();
    let writer = SpamWriter::train(
        &parts.train,
        data["writer_order"].as_u64().unwrap() as usize,
    )
    .unwrap();

    let telling = data["telling_apart"].as_array().unwrap();
    assert!(telling.len() >= 4);
    for (i, item) in telling.iter().enumerate() {
        let text = item["filter"]["text"].as_str().unwrap();
        // Every message on the first face is a held-out message, with its true label.
        let message = parts.test.iter().find(|m| m.text == text).unwrap();
        assert_eq!(item["truth"], message.label.as_str());
        let path = format!("telling_apart[{i}]");
        let fresh = serde_json::to_value(filter.classify(text).unwrap()).unwrap();
        assert_same(&item["filter"], &fresh, &format!("{path}.filter"));
        let fresh = serde_json::to_value(bayes.classify(text).unwrap()).unwrap();
        assert_same(&item["bayes"], &fresh, &format!("{path}.bayes"));
    }
    // A mix: both labels, and at least one mistake.
    assert!(telling.iter().any(|v| v["truth"] == "spam"));
    assert!(telling.iter().any(|v| v["truth"] == "ham"));
    assert!(
        telling
            .iter()
            .any(|v| v["filter"]["label"] != v["truth"] || v["bayes"]["label"] != v["truth"])
    );

    for (i, item) in data["creating"].as_array().unwrap().iter().enumerate() {
        let label = item["written"]["label"].as_str().unwrap();
        let seed = item["written"]["seed"].as_u64().unwrap();
        let written = writer.write(label, seed).unwrap();
        let path = format!("creating[{i}]");
        assert_same(
            &item["written"],
            &serde_json::to_value(&written).unwrap(),
            &format!("{path}.written"),
        );
        let fresh = serde_json::to_value(filter.classify(&written.text).unwrap()).unwrap();
        assert_same(&item["filter"], &fresh, &format!("{path}.filter"));
        // Brand-new: not a training message.
        assert!(!written.check.is_copy);
        assert!(!parts.train.iter().any(|m| m.text == written.text));
    }
}
