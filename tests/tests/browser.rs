//! The built book in real headless Chromium, driven through chromedriver: every page loads
//! offline with no console error, passes axe-core, and its charts follow every theme.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::axe;
use genai_e2e::paths::{build_book, pages};
use genai_e2e::server::serve;
use genai_e2e::webdriver::Browser;
use serde_json::{Value, json};

/// mdBook's themes.
const THEMES: [&str; 5] = ["light", "rust", "coal", "navy", "ayu"];

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
    let book = build_book("browser-intro").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.goto(&format!("{base}/introduction.html")).unwrap();
    let chart = browser
        .execute(
            "const svg = document.querySelector('figure.genai-figure svg.genai-chart');
             if (!svg) return null;
             const box = svg.getBoundingClientRect();
             return { width: box.width, height: box.height,
                      dots: svg.querySelectorAll('circle').length };",
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

#[test]
fn every_page_loads_offline_and_passes_axe() {
    let book = build_book("browser-axe").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.script_timeout(60).unwrap();
    let mut report = Vec::new();
    for page in pages().unwrap() {
        browser.goto(&format!("{base}/{page}")).unwrap();
        let errors = browser.console_errors().unwrap();
        assert!(errors.is_empty(), "{page}: console errors: {errors:?}");
        assert_offline(&base, &browser.requests().unwrap());
        let violations = axe::violations(&browser, None).unwrap();
        let serious = axe::serious(&violations);
        report.push(format!(
            "{page}: {} violation(s), {} serious or critical",
            violations.len(),
            serious.len()
        ));
        assert!(serious.is_empty(), "{page}: axe found {serious:#?}");
    }
    println!("{}", report.join("\n"));
}

/// Relative luminance and contrast ratio, as WCAG defines them.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let ch = |v: f64| {
            let v = v / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn rgb(value: &Value) -> [f64; 3] {
    let text = value.as_str().unwrap_or_default();
    let nums: Vec<f64> = text
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    assert!(nums.len() >= 3, "not a colour: {text}");
    [nums[0], nums[1], nums[2]]
}

#[test]
fn every_chart_follows_every_theme() {
    let book = build_book("browser-themes").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    let mut checked = 0;
    for page in pages().unwrap() {
        for theme in THEMES {
            browser.goto(&format!("{base}/{page}")).unwrap();
            browser
                .execute("localStorage.setItem('mdbook-theme', arguments[0]); location.reload(); return true;", json!([theme]))
                .unwrap();
            let found = browser
                .execute(
                    "const html = document.documentElement;
                     const page = getComputedStyle(document.querySelector('.content') || document.body);
                     let bg = 'rgba(0, 0, 0, 0)';
                     for (let n = document.querySelector('.content'); n; n = n.parentElement) {
                         const c = getComputedStyle(n).backgroundColor;
                         if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
                     }
                     return { theme: arguments[0], active: html.classList.contains(arguments[0]),
                              fg: page.color, bg,
                              charts: Array.from(document.querySelectorAll('svg.genai-chart')).map((svg) => ({
                                  title: svg.querySelector('title').textContent,
                                  ink: Array.from(svg.querySelectorAll('text')).map((t) => getComputedStyle(t).fill),
                              })) };",
                    json!([theme]),
                )
                .unwrap();
            assert_eq!(found["active"], true, "{page}: theme {theme} did not apply");
            let (fg, bg) = (rgb(&found["fg"]), rgb(&found["bg"]));
            for chart in found["charts"].as_array().unwrap() {
                for ink in chart["ink"].as_array().unwrap() {
                    let ratio = contrast(rgb(ink), bg);
                    assert!(
                        ratio >= 4.5,
                        "{page} ({theme}): text in `{}` has contrast {ratio:.2} against the page",
                        chart["title"]
                    );
                    assert_eq!(
                        rgb(ink),
                        fg,
                        "{page} ({theme}): chart text does not follow the theme's colour"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= THEMES.len(), "no charts were checked");
    println!("{checked} chart-theme pairs checked");
}
