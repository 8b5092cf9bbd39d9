//! Fine-tuning the committed network on the notebook's new text: the loss on the new text
//! falls, the odds of its words rise, the old text is only a little forgotten, a run from the
//! same seed repeats itself, and bad input is a plain error.

use genai_neural::Error;
use genai_neural::transformer::{FineTuning, Writer, fine_tune};

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn fine_tuning_learns_the_new_text_and_keeps_most_of_the_old() -> TestResult {
    let lesson = FineTuning::lesson();
    let before = Writer::committed_text()?;
    let snow_before = fine_tune::chance(&before, "in winter the", "snow")?;
    let tuned = fine_tune::run(before, fine_tune::SNOW, &lesson)?;

    assert_eq!(tuned.steps.len(), lesson.steps);
    assert!(tuned.unknown.is_empty(), "unknown: {:?}", tuned.unknown);
    // The new text: at least twice less surprising after the lesson's few steps.
    let (new_before, new_after) = tuned.new_text;
    assert!(
        new_after.perplexity * 2.0 < new_before.perplexity,
        "new text: {new_before:?} -> {new_after:?}"
    );
    // The training loss of the last steps is well below the first step's.
    let first = tuned.steps.first().map(|s| s.loss).unwrap_or_default();
    let last = tuned.steps.last().map(|s| s.loss).unwrap_or_default();
    assert!(last < first * 0.85, "loss {first} -> {last}");
    // The old held-out text: a little worse, not lost (less than a quarter more surprising).
    let (old_before, old_after) = tuned.old_text;
    assert!(
        old_after.perplexity > old_before.perplexity
            && old_after.perplexity < old_before.perplexity * 1.25,
        "old text: {old_before:?} -> {old_after:?}"
    );
    // One word's odds: "snow" after "in winter the" is at least twice as likely as before.
    let snow_after = fine_tune::chance(&tuned.writer, "in winter the", "snow")?;
    assert!(
        snow_after > snow_before * 2.0,
        "snow: {snow_before} -> {snow_after}"
    );
    // ... and it climbs among the candidates: from far down the list into the first ten.
    let place_before = fine_tune::place(&Writer::committed_text()?, "in winter the", "snow")?;
    let place_after = fine_tune::place(&tuned.writer, "in winter the", "snow")?;
    assert!(
        place_before > 20 && place_after <= 10,
        "snow's place: {place_before} -> {place_after}"
    );
    let top = fine_tune::likeliest(&tuned.writer, "in winter the", place_after)?;
    assert_eq!(top.last().map(|t| t.0.as_str()), Some("snow"));
    let summary = tuned.summary();
    assert!(summary.contains("new text: perplexity"), "{summary}");
    assert!(tuned.chart()?.svg().contains("the new text"));

    // The same seed, the same run.
    let again = fine_tune::run(Writer::committed_text()?, fine_tune::SNOW, &lesson)?;
    assert_eq!(again.steps, tuned.steps);
    Ok(())
}

#[test]
fn unknown_words_are_reported_and_bad_settings_refused() -> TestResult {
    let writer = Writer::committed_text()?;
    let short = FineTuning {
        steps: 1,
        ..FineTuning::lesson()
    };
    let tuned = fine_tune::run(writer, "The zyxwv baker bakes bread.", &short)?;
    assert_eq!(tuned.unknown, vec!["zyxwv".to_string()]);
    assert!(tuned.summary().contains("zyxwv"));

    let writer = Writer::committed_text()?;
    match fine_tune::chance(&writer, "the", "zyxwv") {
        Err(Error::UnknownPiece(piece)) => assert_eq!(piece, "zyxwv"),
        other => panic!("expected an unknown piece, got {other:?}"),
    }
    let error = fine_tune::run(writer, "\n\n  \n\n", &short)
        .err()
        .ok_or("an empty text was accepted")?;
    assert!(error.to_string().contains("fine-tune"), "{error}");
    let writer = Writer::committed_text()?;
    let error = fine_tune::run(
        writer,
        fine_tune::SNOW,
        &FineTuning {
            learning_rate: f64::NAN,
            ..FineTuning::lesson()
        },
    )
    .err()
    .ok_or("a NaN step size was accepted")?;
    assert!(error.to_string().contains("learning_rate"), "{error}");
    Ok(())
}
