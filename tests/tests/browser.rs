//! The built book in real headless Chromium, driven through chromedriver: every page loads
//! offline with no console error, passes axe-core, every text of every chart can be read
//! against the colour right behind it in every theme, and on a phone nothing scrolls the page
//! sideways and chart text stays legible.

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

/// The red, green and blue of a CSS colour as the browser writes it (`rgb(1, 2, 3)`).
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

/// Finds, for every text of every chart on the page, the colour right behind it (the fills of
/// the shapes under it, laid over the page's background) and its contrast with the text's own
/// colour, as WCAG computes both. Hidden charts (in other tabs, other examples) are shown first.
const TEXT_ON_BACKDROP: &str = r#"
const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(',').map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const opacity = (el) => {
    let o = 1;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
        o *= Number(getComputedStyle(n).opacity);
        if (n.localName === 'svg') break;
    }
    return o;
};
// What an element paints at a point under the text: a colour with its alpha, or null.
const paint = (el) => {
    if (el instanceof SVGElement) {
        if (!['rect', 'circle', 'ellipse', 'polygon', 'path', 'image'].includes(el.localName)) return null;
        if (el.localName === 'image') return 'image';
        const s = getComputedStyle(el);
        const f = parse(s.fill);
        return f ? [f[0], f[1], f[2], f[3] * Number(s.fillOpacity) * opacity(el)] : null;
    }
    const s = getComputedStyle(el);
    const b = parse(s.backgroundColor);
    return b && b[3] > 0 ? [b[0], b[1], b[2], b[3]] : null;
};
const lum = (c) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2]);
};
const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)]; return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3]));
const found = [];
for (const svg of document.querySelectorAll('svg.genai-chart')) {
    for (let n = svg; n; n = n.parentElement) n.hidden = false;
    const title = svg.querySelector('title').textContent;
    for (const text of svg.querySelectorAll('text')) {
        if (!text.textContent.trim()) continue;
        text.scrollIntoView({ block: 'center', inline: 'center' });
        const box = text.getBoundingClientRect();
        const s = getComputedStyle(text);
        const ink = parse(s.fill);
        const size = parseFloat(s.fontSize) * svg.getScreenCTM().a;
        const bold = Number(s.fontWeight) >= 700 || s.fontWeight === 'bold';
        let worst = null;
        for (const f of [0.1, 0.3, 0.5, 0.7, 0.9]) {
            const [x, y] = [box.left + box.width * f, box.top + box.height / 2];
            const layers = [];
            let onPage = true;
            for (const el of document.elementsFromPoint(x, y)) {
                if (el === text || text.contains(el)) continue;
                const p = paint(el);
                if (p === 'image') { layers.length = 0; layers.push('image'); break; }
                if (!p) continue;
                if (el instanceof SVGElement) onPage = false;
                layers.push(p);
                if (p[3] >= 1) break;
            }
            if (layers[0] === 'image') { worst = { image: true }; break; }
            let behind = [255, 255, 255];
            for (const l of layers.reverse()) behind = over(l, behind);
            const seen = over([ink[0], ink[1], ink[2], ink[3] * Number(s.fillOpacity) * opacity(text)], behind);
            const ratio = contrast(seen, behind);
            if (!worst || ratio < worst.ratio) {
                worst = { ratio, onPage, behind: behind.map(Math.round), ink: s.fill };
            }
        }
        found.push({ title, text: text.textContent.trim().slice(0, 40), size, bold, ...worst });
    }
}
return found;
"#;

#[test]
fn every_chart_text_reads_against_what_is_behind_it_in_every_theme() {
    let book = build_book("browser-themes").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    let mut checked = 0;
    let mut weakest = (f64::INFINITY, String::new());
    for page in pages().unwrap() {
        for theme in THEMES {
            browser.goto(&format!("{base}/{page}")).unwrap();
            browser
                .execute("localStorage.setItem('mdbook-theme', arguments[0]); location.reload(); return true;", json!([theme]))
                .unwrap();
            let page_style = browser
                .execute(
                    "const content = document.querySelector('.content') || document.body;
                     return { active: document.documentElement.classList.contains(arguments[0]),
                              fg: getComputedStyle(content).color };",
                    json!([theme]),
                )
                .unwrap();
            assert_eq!(
                page_style["active"], true,
                "{page}: theme {theme} did not apply"
            );
            let fg = rgb(&page_style["fg"]);
            let texts = browser.execute(TEXT_ON_BACKDROP, json!([])).unwrap();
            for t in texts.as_array().unwrap() {
                let what = format!("{page} ({theme}): “{}” in `{}`", t["text"], t["title"]);
                assert!(t["image"].is_null(), "{what}: text on a picture");
                let ratio = t["ratio"].as_f64().unwrap();
                let size = t["size"].as_f64().unwrap();
                // WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px in bold).
                let large = size >= 24.0 || (t["bold"] == true && size >= 18.66);
                let needed = if large { 3.0 } else { 4.5 };
                assert!(
                    ratio >= needed,
                    "{what}: contrast {ratio:.2}:1 (needs {needed}:1), ink {} on {}",
                    t["ink"],
                    t["behind"]
                );
                // Text on the page itself takes the theme's text colour.
                if t["onPage"] == true {
                    assert_eq!(
                        rgb(&t["ink"]),
                        fg,
                        "{what}: chart text does not follow the theme's colour"
                    );
                }
                if ratio < weakest.0 {
                    weakest = (ratio, what);
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 500, "only {checked} chart texts were checked");
    println!(
        "{checked} chart texts checked in {} themes; the weakest contrast is {:.2}:1, {}",
        THEMES.len(),
        weakest.0,
        weakest.1
    );
}

/// The width of a small phone, in CSS pixels.
const PHONE: u32 = 375;
/// The smallest chart text a phone may show, in CSS pixels. (The smallest chart text is 9.7 px
/// on a wide screen, where the charts are drawn at their full 640 px.)
const LEGIBLE_PX: f64 = 9.0;

/// How far the page itself scrolls sideways, in CSS pixels (0: not at all).
fn sideways(browser: &Browser) -> f64 {
    browser
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            json!([]),
        )
        .unwrap()
        .as_f64()
        .unwrap()
}

#[test]
fn on_a_phone_nothing_scrolls_the_page_sideways_and_chart_text_stays_legible() {
    let book = build_book("browser-phone").unwrap();
    let base = serve(&book).unwrap();
    let browser = Browser::start().unwrap();
    browser.emulate_phone(PHONE, 800).unwrap();
    browser.script_timeout(60).unwrap();
    let mut smallest = f64::INFINITY;
    for page in pages().unwrap() {
        browser.goto(&format!("{base}/{page}")).unwrap();
        // Wait for the live controls (or their absence), which add to the page.
        browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const look = () => {
                     const l = window.genaiLive;
                     if (l && l.status !== 'loading') done(l.status); else setTimeout(look, 20);
                 };
                 look();",
                json!([]),
            )
            .unwrap();
        let width = browser
            .execute("return window.innerWidth;", json!([]))
            .unwrap();
        assert_eq!(width, PHONE, "{page}: the phone's width did not apply");
        let over = sideways(&browser);
        assert!(over <= 0.0, "{page}: the page scrolls {over} px sideways");
        // A figure that scrolls sideways can be reached, and so scrolled, by keyboard.
        let stuck = browser
            .execute(
                "return Array.from(document.querySelectorAll('.genai-figure'))
                     .filter((f) => f.offsetParent && f.scrollWidth > f.clientWidth + 1 && f.tabIndex !== 0)
                     .map((f) => f.querySelector('title') ? f.querySelector('title').textContent : f.id);",
                json!([]),
            )
            .unwrap();
        assert_eq!(
            stuck,
            json!([]),
            "{page}: figures that scroll but take no focus"
        );
        // Each tab of each widget, in turn.
        let tabs = browser
            .execute(
                "return document.querySelectorAll('.genai-widget [role=tab]').length;",
                json!([]),
            )
            .unwrap()
            .as_u64()
            .unwrap();
        for i in 0..tabs {
            let label = browser
                .execute(
                    "const tab = document.querySelectorAll('.genai-widget [role=tab]')[arguments[0]];
                     tab.click();
                     return tab.textContent;",
                    json!([i]),
                )
                .unwrap();
            let over = sideways(&browser);
            assert!(
                over <= 0.0,
                "{page}: with the tab {label} shown, the page scrolls {over} px sideways"
            );
        }
        // Every chart, hidden ones shown: its smallest text as the phone draws it.
        let sizes = browser
            .execute(
                "return Array.from(document.querySelectorAll('svg.genai-chart')).map((svg) => {
                     for (let n = svg; n; n = n.parentElement) n.hidden = false;
                     const scale = svg.getScreenCTM().a;
                     const sizes = Array.from(svg.querySelectorAll('text'))
                         .filter((t) => t.textContent.trim())
                         .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
                     return [svg.querySelector('title').textContent, Math.min(...sizes)];
                 });",
                json!([]),
            )
            .unwrap();
        for chart in sizes.as_array().unwrap() {
            let size = chart[1].as_f64().unwrap_or(f64::INFINITY);
            assert!(
                size >= LEGIBLE_PX,
                "{page}: `{}` has text of {size:.1} px on a phone",
                chart[0]
            );
            smallest = smallest.min(size);
        }
        let over = sideways(&browser);
        assert!(
            over <= 0.0,
            "{page}: with every chart shown, the page scrolls {over} px sideways"
        );
    }
    println!(
        "at {PHONE} px: no page scrolls sideways; the smallest chart text is {smallest:.1} px"
    );
}
