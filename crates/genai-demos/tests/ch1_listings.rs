//! The Rust listings of Chapter 1, "Two jobs: telling apart vs. creating". The page includes
//! the parts between `ANCHOR` lines, so every listing a reader sees is compiled and run here.

use genai_demos::Error;

#[test]
fn ch1_filter() -> Result<(), Error> {
    // ANCHOR: ch1_filter
    use genai_demos::logistic::{LogisticRegression, Settings};
    use genai_demos::messages::{builtin, split};
    use genai_demos::metrics::{Classifier, evaluate};

    // 500 labelled messages; a fifth of each label is held back for testing (seed 7).
    let parts = split(&builtin()?, 0.2, 7)?;
    let filter = LogisticRegression::train(&parts.train, "spam", &Settings::default())?;

    let report = evaluate(&filter, &parts.test, "spam")?; // only messages it never saw
    println!("{report}");

    let answer = filter.classify("Reply WIN to claim your £500 prize")?;
    println!("{answer}"); // the label, and P(ham) and P(spam)
    // ANCHOR_END: ch1_filter
    assert_eq!(parts.test.len(), 100);
    assert!(report.accuracy > 0.9);
    assert_eq!(answer.label, "spam");
    Ok(())
}

#[test]
fn ch1_bayes() -> Result<(), Error> {
    use genai_demos::messages::{builtin, split};
    use genai_demos::metrics::Classifier;
    let parts = split(&builtin()?, 0.2, 7)?;
    // ANCHOR: ch1_bayes
    use genai_demos::naive_bayes::NaiveBayes;

    // Training is counting: how common each label is, and each word within it.
    let bayes = NaiveBayes::train(&parts.train, 1.0)?;
    println!("P(spam) = {:.2}", bayes.prior("spam")?);
    println!("P(\"prize\" | spam) = {:.4}", bayes.likelihood("prize", "spam")?.unwrap_or(0.0));
    println!("P(\"prize\" | ham)  = {:.4}", bayes.likelihood("prize", "ham")?.unwrap_or(0.0));

    // Bayes' rule turns "what does spam look like?" into "is this spam?".
    let answer = bayes.classify("Reply WIN to claim your £500 prize")?;
    println!("{answer}");
    // ANCHOR_END: ch1_bayes
    assert_eq!(answer.label, "spam");
    let spam = bayes.likelihood("prize", "spam")?.unwrap_or(0.0);
    let ham = bayes.likelihood("prize", "ham")?.unwrap_or(1.0);
    assert!(spam > ham);
    Ok(())
}

#[test]
fn ch1_tray() -> Result<(), Error> {
    // ANCHOR: ch1_tray
    use genai_demos::gaussian::TwoJobs;
    use genai_demos::pastry::Tray;

    let tray = Tray::bake(2024, 40)?; // the introduction's tray
    let jobs = TwoJobs::learn(&tray, 8, 1)?; // both models, then 8 new pastries of each kind
    println!("the line: {:?}", jobs.discriminative.boundary());
    println!("a new muffin: {:?}", jobs.new_pastries.last());
    jobs.chart()?.save(std::env::temp_dir().join("two-jobs.svg"))?;
    // ANCHOR_END: ch1_tray
    assert_eq!(jobs.new_pastries.len(), 16);
    // None of the new pastries is a copy of one on the tray.
    for new in &jobs.new_pastries {
        assert!(!tray.pastries.contains(new));
    }
    Ok(())
}
