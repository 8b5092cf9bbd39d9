//! The built book in real headless Chromium, driven through chromedriver.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::build_book;
use genai_e2e::server::serve;
use genai_e2e::webdriver::Browser;
use serde_json::json;

/// Only the book's own server may be asked for anything over the network. (Inline `data:` and
/// `blob:` URLs and Chromium's own `chrome:` pages never leave the machine.)
fn assert_offline(base: &str, requests: &[String]) {
    for url in requests {
        let local = ["data:", "blob:", "chrome:", "about:"]
            .iter()
            .any(|scheme| url.starts_with(scheme));
        assert!(
            local || url.starts_with(&format!("{base}/")),
            "a request left loopback: {url}"
        );
    }
}

#[test]
fn the_intro_page_shows_its_chart_with_no_console_errors_and_no_outside_requests() {
    let book = build_book("browser-book").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.goto(&format!("{base}/introduction.html")).unwrap();
    let chart = browser
        .execute(
            "const svg = document.querySelector('figure.genai-figure svg.genai-chart');
             if (!svg) return null;
             const box = svg.getBoundingClientRect();
             return { width: box.width, height: box.height,
                      dots: svg.querySelectorAll('circle').length,
                      color: getComputedStyle(svg.querySelector('text')).fill };",
            json!([]),
        )
        .unwrap();
    assert!(!chart.is_null(), "no chart on the introduction page");
    assert!(
        chart["width"].as_f64().unwrap() > 300.0,
        "chart too small: {chart}"
    );
    assert!(
        chart["height"].as_f64().unwrap() > 150.0,
        "chart too small: {chart}"
    );
    assert!(
        chart["dots"].as_u64().unwrap() >= 80,
        "the pastries are missing: {chart}"
    );
    let errors = browser.console_errors().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let requests = browser.requests().unwrap();
    assert!(
        requests.iter().any(|u| u.ends_with("/introduction.html")),
        "{requests:?}"
    );
    assert_offline(&base, &requests);
}
