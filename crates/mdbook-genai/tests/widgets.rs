//! Each page's widgets as the catalog builds them, through its public names: the HTML a reader
//! without JavaScript gets, the data the page's scripts read, and the live controls.

use genai_demos::experiments::ch1::Experiment;
use genai_demos::experiments::{ch3, pictures, uses};
use mdbook_genai::catalog::{value, widget};

#[test]
fn chapter_1s_flip_shows_both_faces_and_trains_live_like_the_page() {
    let w = widget("ch1.flip").unwrap();
    assert!(w.fallback.contains("Telling apart") && w.fallback.contains("Creating"));
    assert!(w.fallback.contains("Copy check: <strong>new</strong>"));
    assert!(w.fallback.contains("wrong"));
    let kinds: Vec<&str> = w.live.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, ["classify", "write"]);
    let live: Experiment = serde_json::from_value(w.live[0].recipe.clone()).unwrap();
    let book = Experiment::default().train().unwrap();
    assert_eq!(live.train().unwrap().filter, book.filter);
}

#[test]
fn chapter_2s_widget_has_a_tab_per_modality_and_links_the_wavs() {
    let w = widget("ch2.modalities").unwrap();
    for label in ["Text", "Image", "Audio", "Code"] {
        let tab = format!("data-label=\"{label}\"");
        assert!(w.fallback.contains(&tab), "{label}");
    }
    assert!(w.fallback.contains("src=\"generated/ch2-tune.wav\""));
    let inline = w.fallback.contains("data:audio");
    assert!(!inline, "the WAV must stay out of the page");
    assert_eq!(w.data["audio"]["wav"], "generated/ch2-tune.wav");
    assert!(w.to_html("ch2.modalities").len() < 400_000);
    let kinds: Vec<&str> = w.live.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, ["image", "tune", "speech"]);
    for label in ["Music", "Speech"] {
        let choice = format!("class=\"genai-choice\" data-label=\"{label}\"");
        assert!(w.fallback.contains(&choice), "{label}");
    }
    assert!(w.fallback.contains("src=\"generated/ch2-speech.wav\""));
}

#[test]
fn chapter_2s_text_tab_answers_every_question() {
    let html = mdbook_genai::catalog::uses::answers_html().unwrap();
    let rows = html.matches("<tr><td>").count();
    let section = uses::run().unwrap().section;
    assert_eq!(rows, uses::QA_SEEN.len() + section.held_out.len());
    assert!(html.contains("a person would say"));
}

#[test]
fn chapter_3s_stepper_falls_back_to_a_table_per_trace() {
    let w = widget("ch3.stepper").unwrap();
    assert_eq!(w.kind, "stepper");
    let runs = ch3::STEPPER_RUNS.len();
    assert_eq!(w.fallback.matches("<table").count(), runs);
    let rows = runs * ch3::STEPPER_STEPS;
    assert_eq!(w.fallback.matches("<tr><td>").count(), rows);
    // The page stays light: the stepper's HTML and JSON together are well under 1 MB.
    assert!(w.to_html("ch3.stepper").len() < 300_000);
    let kinds: Vec<&str> = w.live.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, ["generate"]);
}

#[test]
fn the_pictures_pair_shows_both_jobs() {
    let w = widget("pictures.pair").unwrap();
    assert!(w.fallback.contains("Sorting a picture") && w.fallback.contains("Drawing a picture"));
    let shown = pictures::SORT_SHOWN + pictures::DRAW_PROMPTS.len();
    assert_eq!(
        w.fallback.matches("<img class=\"genai-picture\"").count(),
        shown
    );
    assert!(
        w.fallback
            .contains("No training picture shows this combination.")
    );
    assert!(value("pictures.sorter-accuracy").unwrap().ends_with('%'));
}

#[test]
fn the_denoiser_widget_shows_five_frames_and_the_sorters_reading() {
    let w = widget("denoiser.draw").unwrap();
    assert_eq!(
        w.fallback.matches("<img class=\"genai-picture\"").count(),
        5
    );
    assert!(w.fallback.contains("The sorter reads"));
    assert_eq!(w.live[0].kind, "denoiser");
    assert!(value("denoiser.net-seen").unwrap().ends_with('%'));
}
