//! The real book, built by the real mdbook with the real preprocessor.

#![allow(clippy::unwrap_used)] // A failed step should stop an end-to-end test loudly.

use genai_e2e::paths::{build_book, mdbook_build, root, scratch};
use std::path::Path;

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("reading {file}: {e}"))
}

#[test]
fn the_book_builds_with_every_chapter_and_the_intro_chart() {
    let book = build_book("book").unwrap();
    for page in [
        "introduction.html",
        "telling-apart-vs-creating.html",
        "modalities.html",
        "how-it-generates.html",
        "print.html",
    ] {
        let html = read(&book, page);
        assert!(
            !html.contains("{{#"),
            "{page} still has an unexpanded directive"
        );
    }
    let intro = read(&book, "introduction.html");
    assert_eq!(
        intro.matches("class=\"genai-chart\"").count(),
        1,
        "one chart on the intro page"
    );
    assert!(intro.contains("<title>The bakery tray: two kinds, two measurements</title>"));
    // The listing is included from the tested source, not pasted.
    assert!(intro.contains("intro::Experiment::default()"));
    // The number in the prose comes from the library.
    let tray = genai_demos::data::pastry::Tray::bake(
        genai_demos::experiments::intro::SEED,
        genai_demos::experiments::intro::PER_KIND,
    )
    .unwrap();
    assert!(intro.contains(&format!("There are\n{} pastries", tray.pastries.len())));
}

/// Writes a one-chapter book whose chapter has `body`, using this workspace's preprocessor.
fn fixture_book(name: &str, body: &str) -> std::path::PathBuf {
    let dir = scratch(name).unwrap();
    let manifest = root().join("Cargo.toml");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"fixture\"\n\n[preprocessor.genai]\ncommand = \"cargo run --quiet --manifest-path {} --target-dir {} --package mdbook-genai --\"\n",
            manifest.display(),
            root().join("target/preprocessor").display()
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("src/SUMMARY.md"),
        "# Summary\n\n- [Chapter](chapter.md)\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/chapter.md"), body).unwrap();
    dir
}

#[test]
fn a_fixture_book_gets_its_chart_and_value() {
    let dir = fixture_book(
        "fixture-ok",
        "# Chapter\n\n{{#value intro.tray-size}} pastries.\n\n{{#chart intro.tray}}\n",
    );
    let out = mdbook_build(&dir, &dir.join("out")).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = read(&dir.join("out"), "chapter.html");
    assert!(html.contains("<p>80 pastries.</p>"), "value not replaced");
    assert!(html.contains("<figure class=\"genai-figure\" id=\"chart-intro.tray\">"));
    assert!(html.contains("<svg"));
}

#[test]
fn an_unknown_name_fails_the_build_with_file_and_line() {
    let dir = fixture_book(
        "fixture-unknown",
        "# Chapter\n\nSome text.\n{{#chart no-such-chart}}\n",
    );
    let out = mdbook_build(&dir, &dir.join("out")).unwrap();
    assert!(!out.status.success(), "the build should fail");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("src/chapter.md:4"),
        "no file and line in:\n{stderr}"
    );
    assert!(stderr.contains("unknown chart `no-such-chart`"), "{stderr}");
}

/// Every `href` and `src` in a page.
fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attr) {
            rest = &rest[start + attr.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    found
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let book = build_book("links").unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&book).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for link in links(&html) {
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
                || link.starts_with("javascript:")
            {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            // 404.html links from the site root (mdBook's `site-url`, "/").
            let file = file.split('?').next().unwrap().trim_start_matches('/');
            let target = match file {
                "" if link.starts_with('/') => book.join("index.html"),
                "" => path.clone(),
                f if f.ends_with('/') => book.join(f).join("index.html"),
                f => book.join(f),
            };
            assert!(
                target.is_file(),
                "{name}: link `{link}` points at a missing file"
            );
            if !anchor.is_empty() && target.extension().is_some_and(|e| e == "html") {
                let page = std::fs::read_to_string(&target).unwrap();
                assert!(
                    page.contains(&format!("id=\"{anchor}\"")),
                    "{name}: link `{link}` points at a missing anchor"
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked > 20,
        "only {checked} links found: is the book empty?"
    );
}

#[test]
fn the_print_page_holds_every_chapter_and_every_chart() {
    let book = build_book("print").unwrap();
    let print = read(&book, "print.html");
    let mut charts = 0;
    for page in genai_e2e::paths::pages().unwrap() {
        let html = read(&book, &page);
        let title = html
            .split("<h1")
            .nth(1)
            .and_then(|h| h.split('>').nth(1))
            .and_then(|t| t.split('<').next())
            .unwrap_or_default()
            .to_string();
        assert!(!title.is_empty(), "{page} has no heading");
        assert!(
            print.contains(&title),
            "print.html lacks the chapter `{title}`"
        );
        charts += html.matches("class=\"genai-chart\"").count();
    }
    assert_eq!(
        print.matches("class=\"genai-chart\"").count(),
        charts,
        "print.html lacks charts"
    );
}

#[test]
fn every_chapter_page_weighs_under_one_megabyte() {
    let book = build_book("weight").unwrap();
    for page in genai_e2e::paths::pages().unwrap() {
        let bytes = std::fs::metadata(book.join(&page)).unwrap().len();
        println!("{page}: {} KB", bytes / 1024);
        assert!(bytes < 1_000_000, "{page} weighs {bytes} bytes");
    }
}

#[test]
fn every_chapter_ends_with_exercises_whose_answers_are_folded_away() {
    let book = build_book("exercises-pages").unwrap();
    // The chapters: after the introduction, before the unnumbered pages at the end.
    let chapters = genai_e2e::paths::pages().unwrap();
    for page in chapters
        .iter()
        .skip(1)
        .filter(|p| p.as_str() != "reading-rust.html")
    {
        let html = read(&book, page);
        let exercises = html
            .split("id=\"exercises\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{page} has no Exercises section"));
        let count = exercises.matches("<strong>").count();
        assert!(
            (3..=8).contains(&count),
            "{page}: {count} bold exercise titles"
        );
        assert!(
            exercises.matches("<details>").count() >= 3,
            "{page}: answers are not folded away"
        );
        assert!(
            exercises.contains("<summary>Hint</summary>"),
            "{page}: no hint"
        );
        assert!(
            !exercises.contains("{{#"),
            "{page}: an unexpanded directive"
        );
    }
}
