//! The Rust listings of chapter 2's "what else the models are used for": answering a question by
//! continuing it, and pointing at the surprising token of a program. The page includes the parts
//! between `ANCHOR` lines, so every listing a reader sees is compiled and run here.

use genai_demos::Error;

#[test]
fn uses_answering() -> Result<(), Error> {
    // ANCHOR: answering
    use genai_demos::generate::answering::Answerer;

    // The bakery's questions and answers, written as "question: ... answer: ...".
    // Five pieces of context (the experiment's QA_N):
    let model = Answerer::bakery(genai_demos::experiments::uses::QA_N)?;
    let seen = model.answer("Where is the bakery?")?; // a question it learned
    let unseen = model.answer("Do you sell pizza?")?; // one it never saw
    println!("{} -> {}", seen.question, seen.answer);
    println!("{} -> {}", unseen.question, unseen.answer);
    // ANCHOR_END: answering
    assert!(seen.seen && !unseen.seen);
    assert!(unseen.copied_from.is_some());
    Ok(())
}

#[test]
fn uses_surprise() -> Result<(), Error> {
    // ANCHOR: surprise
    use genai_demos::generate::code::rust_model;
    use genai_demos::measure::surprise::{PLANTED, surprise};

    use genai_demos::experiments::uses::SURPRISE_N; // chapter 2's code model, n = 5

    let scored = surprise(&rust_model(SURPRISE_N)?, PLANTED)?; // every token, in bits
    if let Some(worst) = scored.worst_token() {
        println!("most surprising: {} ({:.1} bits)", worst.token, worst.bits);
    }
    println!("the model expected: {}", scored.suggestion);
    let chart = scored.chart()?; // each token shaded by its surprise
    // ANCHOR_END: surprise
    assert_eq!(scored.suggestion, "+=");
    assert!(chart.svg().contains("<svg"));
    Ok(())
}
