//! The committed networks: training from the seed goes as the committed log recorded, the
//! committed weights give the recorded held-out perplexity, and writing with a seed is repeatable.

use genai_neural::transformer::{Corpus, Recipe, Trainer, TrainingLog, Writer, held_out};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn committed_log(corpus: Corpus) -> Result<TrainingLog, serde_json::Error> {
    serde_json::from_str(genai_neural::transformer::writer::log(corpus))
}

#[test]
fn training_from_the_seed_goes_as_recorded() -> TestResult {
    let log = committed_log(Corpus::Bakery)?;
    assert_eq!(
        log.recipe,
        Recipe::default(),
        "the weights are from another recipe: retrain"
    );
    let mut trainer = Trainer::new(&Recipe::default())?;
    for recorded in log.steps.iter().take(3) {
        let step = trainer.step()?;
        assert_eq!(step.step, recorded.step);
        assert!(
            (step.loss - recorded.loss).abs() < 1e-3,
            "step {}: loss {} but the log recorded {}",
            step.step,
            step.loss,
            recorded.loss
        );
    }
    Ok(())
}

#[test]
fn committed_weights_give_the_recorded_perplexity() -> TestResult {
    for corpus in [Corpus::Bakery, Corpus::Rust] {
        let writer = Writer::committed(corpus)?;
        let recorded = committed_log(corpus)?
            .final_held_out()
            .ok_or("no held-out")?;
        let documents = corpus.split()?.held_out;
        let measured = held_out(writer.network(), writer.vocab(), &documents)?;
        assert_eq!(measured.scored, recorded.scored);
        assert!(
            (measured.perplexity - recorded.perplexity).abs() < 1e-3 * recorded.perplexity,
            "{corpus:?}: perplexity {} but the log recorded {}",
            measured.perplexity,
            recorded.perplexity
        );
    }
    Ok(())
}

#[test]
fn writing_with_a_seed_is_repeatable() -> TestResult {
    let writer = Writer::committed_text()?;
    let once = writer.write("the oven", 12, 1.0, 5)?;
    assert_eq!(once, writer.write("the oven", 12, 1.0, 5)?);
    assert_ne!(once.pieces, writer.write("the oven", 12, 1.0, 6)?.pieces);
    let sum: f64 = writer.probabilities(&[0])?.iter().sum();
    assert!((sum - 1.0).abs() < 1e-9);
    Ok(())
}
