//! The Rust listings of chapter 3, "How it actually generates". The page includes the parts
//! between `ANCHOR` lines, so every listing a reader sees has been compiled and run by
//! `cargo test`; the lines after each listing check that it does what the page says.

use genai_demos::Error;

#[test]
fn learn() -> Result<(), Error> {
    // ANCHOR: learn
    use genai_demos::generate::ngram::NGram;

    // Learning is counting: every group of 3 pieces in the bakery prose.
    let model = NGram::bakery(genai_demos::experiments::ch3::N)?;
    for (piece, count) in model.counts(&["the", "oven"]).iter().take(3) {
        println!("\"the oven\" was followed by {piece:?} {count} times");
    }
    // The counts, divided by their total, are the prediction for the next piece.
    let next = model.next_piece(&["the", "oven"]);
    for p in next.pieces.iter().take(3) {
        println!("{:>6}: {:.0}%", p.piece, 100.0 * p.probability);
    }
    // ANCHOR_END: learn
    assert_eq!(next.pieces[0].piece, ".");
    assert_eq!(next.pieces[0].count, model.counts(&["the", "oven"])[0].1);
    let total: f64 = next.pieces.iter().map(|p| p.probability).sum();
    assert!((total - 1.0).abs() < 1e-12);
    Ok(())
}

#[test]
fn sample() -> Result<(), Error> {
    // ANCHOR: sample
    use genai_demos::experiments::ch3;
    use genai_demos::generate::ngram::NGram;
    use genai_demos::generate::sampling::{Sampler, replay};

    let model = NGram::bakery(ch3::N)?;
    let sampler = Sampler::with_temperature(1.0)?; // or Sampler::new(t, top_k, top_p)
    // A prompt, how many pieces to write, the settings, and a seed.
    let trace = model.generate(
        ch3::CONTEXT,
        ch3::STEPPER_STEPS,
        &sampler,
        ch3::STEPPER_SEED,
    )?;
    for (i, step) in trace.steps.iter().enumerate().take(3) {
        println!(
            "{:?} -> draw {:.2} -> {:?}",
            step.context, step.draw, step.chosen
        );
        println!("   {}", trace.note(i).unwrap_or_default());
    }
    println!("{}", trace.text);
    // The same seed writes the same trace; the draws alone write the same text again.
    assert_eq!(
        model.generate(
            ch3::CONTEXT,
            ch3::STEPPER_STEPS,
            &sampler,
            ch3::STEPPER_SEED
        )?,
        trace
    );
    assert_eq!(replay(&model, &trace)?, trace.text);
    // ANCHOR_END: sample
    let other = model.generate("the oven", 16, &sampler, 2)?;
    assert_ne!(other.text, trace.text, "another seed, another text");
    for step in &trace.steps {
        let listed: f64 = step.candidates.iter().map(|c| c.probability).sum();
        assert!((listed + step.others - 1.0).abs() < 1e-9);
        assert!(step.candidates.iter().any(|c| c.piece == step.chosen));
    }
    Ok(())
}

#[test]
fn copy() -> Result<(), Error> {
    // ANCHOR: copy
    use genai_demos::generate::ngram::NGram;
    use genai_demos::generate::sampling::Sampler;
    use genai_demos::measure::copying::CopyMeter;

    // An index of every run of pieces in the training text.
    let meter = CopyMeter::bakery()?;
    let sampler = Sampler::with_temperature(1.0)?;
    let mut shares = Vec::new();
    for n in [2, 3, 5] {
        let text = NGram::bakery(n)?.generate("", 1000, &sampler, 7)?;
        let report = meter.measure(&text.pieces);
        let share = report.share(5).unwrap_or(0.0);
        println!(
            "n = {n}: {:.0}% of 5-piece runs copied; longest copied run {} pieces",
            100.0 * share,
            report.longest_run
        );
        shares.push(share);
    }
    // ANCHOR_END: copy
    assert!(shares[0] < shares[1] && shares[1] < shares[2]);
    assert!(shares[0] < 0.05 && shares[2] > 0.9);
    Ok(())
}
