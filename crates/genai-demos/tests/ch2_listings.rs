//! The Rust listings of chapter 2, "What it can create: the modalities". The page includes the
//! parts between `ANCHOR` lines, so every listing a reader sees has been compiled and run.

use genai_demos::Error;

#[test]
fn ch2_image() -> Result<(), Error> {
    // ANCHOR: ch2_image
    use genai_demos::diffusion::DiffusionModel;

    // Learn from 200 drawn pictures of each shape (seed 2024), then make a new ring.
    let model = DiffusionModel::train(2024, 200)?;
    let trace = model.sample("a ring", 3, 50)?; // prompt, seed, denoising steps
    let filmstrip = trace.filmstrip()?; // from pure noise to the finished picture
    filmstrip.save(std::env::temp_dir().join("ring.svg"))?;
    println!(
        "nearest training picture: {:.2} away (training rings are typically {:.2} apart)",
        trace.nearest_training_rms, trace.training_spacing_rms
    );
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
    use genai_demos::melody::{Length, MelodyModel};
    use genai_demos::synth::Synth;

    // Count which note followed each pair of notes in the bakery tunes...
    let model = MelodyModel::bakery(2)?;
    // ...then write 32 beats of new tune, one note at a time, from seed 4.
    let melody = model.generate(4, Length::Beats(32.0), 1.0)?;
    // Play it at 132 beats a minute, 11 025 samples a second, and save a 16-bit WAV file.
    let sound = Synth::new(132.0, 11_025)?.render(&melody.notes)?;
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
