//! The Rust listings of Chapter 1, "Two jobs: telling apart vs. creating". The page includes
//! the parts between `ANCHOR` lines, so every listing a reader sees is compiled and run here.

use genai_demos::Error;

#[test]
fn ch1_filter() -> Result<(), Error> {
    // ANCHOR: ch1_filter
    use genai_demos::classify::logistic::{LogisticRegression, Settings};
    use genai_demos::data::messages::{builtin, split};
    use genai_demos::experiments::ch1;
    use genai_demos::measure::metrics::{Classifier, evaluate};

    // The chapter's seeds and settings, as the book uses them.
    let book = ch1::Experiment::default();
    // 500 labelled messages; a fifth of each label is held back (by a seeded draw).
    let parts = split(&builtin()?, book.test_fraction, book.split_seed)?;
    let settings = Settings::default(); // 30 epochs of gradient descent
    let filter = LogisticRegression::train(&parts.train, "spam", &settings)?;

    // Tested only on messages it never saw while learning.
    let report = evaluate(&filter, &parts.test, "spam")?;
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
    use genai_demos::measure::metrics::Classifier;
    // The chapter's split, as the filter's listing makes it.
    let parts = genai_demos::experiments::ch1::Experiment::default()
        .train()?
        .parts;
    // ANCHOR: ch1_bayes
    use genai_demos::classify::naive_bayes::NaiveBayes;
    use genai_demos::experiments::ch1;

    // Training is counting: how common each label is, and each word in it.
    let bayes = NaiveBayes::train(&parts.train, ch1::ALPHA)?; // add 1 to every count
    println!("P(spam) = {:.2}", bayes.prior("spam")?);
    let in_spam = bayes.likelihood("prize", "spam")?; // P(prize | spam)
    let in_ham = bayes.likelihood("prize", "ham")?; // P(prize | ham)
    println!("prize: {in_spam:?} in spam, {in_ham:?} in ham");

    // Bayes' rule turns "what does spam look like?" into "is this spam?"
    let answer = bayes.classify("Reply WIN to claim your £500 prize")?;
    println!("{answer}");
    // ANCHOR_END: ch1_bayes
    assert_eq!(answer.label, "spam");
    assert!(in_spam.unwrap_or(0.0) > in_ham.unwrap_or(1.0));
    Ok(())
}

#[test]
fn ch1_tray() -> Result<(), Error> {
    // ANCHOR: ch1_tray
    use genai_demos::classify::gaussian::TwoJobs;
    use genai_demos::experiments::{ch1, intro};

    let tray = intro::Experiment::default().run()?; // the introduction's tray
    // Both models, then new pastries of each kind (from a seed).
    let jobs = TwoJobs::learn(&tray, ch1::NEW_PER_KIND, ch1::BAKE_SEED)?;
    println!("the line: {:?}", jobs.discriminative.boundary());
    println!("a new muffin: {:?}", jobs.new_pastries.last());
    jobs.chart()?
        .save(std::env::temp_dir().join("two-jobs.svg"))?;
    // ANCHOR_END: ch1_tray
    assert_eq!(jobs.new_pastries.len(), 16);
    // None of the new pastries is a copy of one on the tray.
    for new in &jobs.new_pastries {
        assert!(!tray.pastries.contains(new));
    }
    Ok(())
}

#[test]
fn ch1_writer() -> Result<(), Error> {
    // The first listing made these.
    let book = genai_demos::experiments::ch1::Experiment::default();
    let parts = book.train()?.parts;
    // ANCHOR: ch1_writer
    use genai_demos::generate::spam_writer::SpamWriter;

    // One n-gram model per label, trained on that label's messages (n = 2).
    let writer = SpamWriter::train(&parts.train, book.writer_order)?;
    let spam = writer.write("spam", 1)?; // a label, then a seed
    println!("{}", spam.text);

    // The copy check: is it a training message, word for word?
    println!("a copy? {}", spam.check.is_copy);
    // And the longest stretch it shares with one:
    let run = spam.check.longest_copied_run;
    println!("{run} of {} pieces", spam.check.pieces);
    // ANCHOR_END: ch1_writer
    assert!(!spam.check.is_copy);
    assert!(spam.check.longest_copied_run < spam.check.pieces);
    assert_eq!(spam, writer.write("spam", 1)?);
    assert!(!parts.train.iter().any(|m| m.text == spam.text));
    Ok(())
}
