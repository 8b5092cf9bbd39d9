//! The Rust listings of chapter 2, "What it can create: the modalities". The page includes the
//! parts between `ANCHOR` lines, so every listing a reader sees has been compiled and run.

use genai_demos::Error;

#[test]
fn ch2_image() -> Result<(), Error> {
    // ANCHOR: ch2_image
    use genai_demos::experiments::ch2;

    // Learn from 200 drawn pictures of each shape, then make a new ring.
    let recipe = ch2::ImageRecipe::default();
    let model = recipe.train()?;
    // The prompt, a seed, and how many denoising steps:
    let trace = model.sample("a ring", ch2::IMAGE_SEED, recipe.steps)?;
    let filmstrip = trace.filmstrip()?; // from pure noise to the finished picture
    filmstrip.save(std::env::temp_dir().join("ring.svg"))?;
    let nearest = trace.nearest_training_rms; // to the closest training picture
    let spacing = trace.training_spacing_rms; // usual gap between training rings
    println!("nearest training picture: {nearest:.2} away; typical gap {spacing:.2}");
    // ANCHOR_END: ch2_image
    assert_eq!(trace.shape.name(), "ring");
    assert_eq!(trace.closest_shape, trace.shape);
    assert!(trace.nearest_training_rms > 0.02);
    assert_eq!(trace, model.sample("a ring", 3, 50)?);
    Ok(())
}

#[test]
fn ch2_audio() -> Result<(), Error> {
    // ANCHOR: ch2_audio
    use genai_demos::experiments::ch2;

    // The chapter's settings: two notes of context, 32 beats, 132 beats a minute...
    let recipe = ch2::TuneRecipe::default();
    // ...count which note followed each pair of notes in the bakery tunes,
    // then write the new tune one note at a time, from a seed.
    let melody = recipe.melody(ch2::TUNE_SEED)?;
    // Play it at the recipe's tempo and samples a second; save a 16-bit WAV.
    let sound = recipe.play(&melody)?;
    sound.save_wav(std::env::temp_dir().join("tune.wav"))?;
    let waveform = sound.waveform()?;
    println!("{} notes, {sound}", melody.notes.len());
    // ANCHOR_END: ch2_audio
    assert_eq!(melody.beats(), 32.0);
    assert!(waveform.svg().starts_with("<svg"));
    let bytes = sound.to_wav_bytes()?;
    assert_eq!((&bytes[..4], &bytes[8..12]), (&b"RIFF"[..], &b"WAVE"[..]));
    Ok(())
}

#[test]
fn ch2_text() -> Result<(), Error> {
    // ANCHOR: ch2_text
    use genai_demos::experiments::ch2;
    use genai_demos::generate::ngram::NGram;
    use genai_demos::generate::sampling::Sampler;

    // Count which word followed each pair of words in the bakery texts (n = 3)...
    let model = NGram::bakery(ch2::TEXT_N)?;
    // ...then write one paragraph after a prompt, drawing each word by those counts.
    let sampler = Sampler::with_temperature(1.0)?;
    let seed = ch2::TEXT_SEED;
    let paragraph = model.generate_document("the baker", 90, &sampler, seed)?;
    println!("{}", paragraph.text);
    // ANCHOR_END: ch2_text
    assert!(paragraph.text.starts_with("The baker"));
    assert_eq!(
        paragraph,
        model.generate_document("the baker", 90, &sampler, 7)?
    );
    Ok(())
}

#[test]
fn ch2_code() -> Result<(), Error> {
    // ANCHOR: ch2_code
    use genai_demos::experiments::ch2::{CODE_N, CODE_SAMPLES, CODE_SEED};
    use genai_demos::generate::code::{parse_rate, parses_as_rust};
    use genai_demos::text::rust::tokenize;

    // Rust source becomes tokens, the pieces the model counts.
    let tokens = tokenize("let total = price * 2.0; // comments are dropped");
    println!("{tokens:?}");
    // Write 40 programs with n = 5 (seeds 1 to 40) and ask Rust's parser about each.
    let temperature = genai_demos::experiments::ch2::CODE_TEMPERATURE;
    let rate = parse_rate(CODE_N, CODE_SAMPLES, temperature, CODE_SEED)?;
    println!("{} of {} programs parse", rate.parsed, rate.samples);
    println!("{}", rate.examples[0].code);
    // ANCHOR_END: ch2_code
    assert_eq!(tokens, ["let", "total", "=", "price", "*", "2.0", ";"]);
    assert_eq!(rate.samples, 40);
    let parsed = rate
        .examples
        .iter()
        .filter(|e| parses_as_rust(&e.code))
        .count();
    assert_eq!(parsed, rate.parsed);
    Ok(())
}
