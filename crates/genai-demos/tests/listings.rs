//! The Rust listings the book shows. Pages include the parts between `ANCHOR` lines, so every
//! listing a reader sees has been compiled and run by `cargo test`.

use genai_demos::Error;

#[test]
fn intro_tray() -> Result<(), Error> {
    // ANCHOR: intro_tray
    use genai_demos::experiments::intro;

    // The introduction's experiment: a seed, and how many pastries of each kind.
    let experiment = intro::Experiment::default();
    let tray = experiment.run()?; // bakes the tray from the seed
    let chart = tray.chart()?; // an SVG drawn with plotters
    chart.save(std::env::temp_dir().join("tray.svg"))?;
    println!("{} pastries on the tray", tray.pastries.len());
    // ANCHOR_END: intro_tray
    assert_eq!(tray.pastries.len(), 80);
    Ok(())
}
