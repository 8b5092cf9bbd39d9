//! Property tests over the public API: random corpora, prompts, seeds and parameters never
//! panic; every probability is finite, non-negative, and each distribution sums to 1; invalid
//! parameters come back as typed errors.

mod common;

use genai_demos::Error;
use genai_demos::classify::naive_bayes::NaiveBayes;
use genai_demos::data::messages::{self, Message};
use genai_demos::generate::code;
use genai_demos::generate::ngram::NGram;
use genai_demos::generate::sampling::{self, Sampler};
use genai_demos::measure::metrics::Classifier;
use genai_demos::pictures::diffusion::DiffusionModel;
use genai_demos::sound::{melody, synth, tune};
use genai_demos::text::{rust, tokenize};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Words from a small alphabet, so random documents share contexts.
fn word() -> impl Strategy<Value = String> {
    common::word(6)
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        -5.0..5.0f64,
        Just(0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-1.0),
        Just(1e-9),
        Just(1e9)
    ]
}

fn assert_distribution(probabilities: &[f64], rest: f64) -> Result<(), TestCaseError> {
    for p in probabilities {
        prop_assert!(p.is_finite() && *p >= 0.0, "bad probability {p}");
    }
    let total: f64 = probabilities.iter().sum::<f64>() + rest;
    prop_assert!((total - 1.0).abs() < 1e-9, "probabilities sum to {total}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ngram_training_and_sampling_never_panic(
        docs in prop::collection::vec(prop::collection::vec(word(), 0..12), 0..6),
        n in 0usize..7,
        prompt in "[a-z .]{0,20}",
        temperature in any_f64(),
        top_k in prop::option::of(0usize..6),
        top_p in prop::option::of(any_f64()),
        length in 0usize..15,
        seed in any::<u64>(),
    ) {
        let Ok(model) = NGram::train(&docs, n) else { return Ok(()) };
        let Ok(sampler) = Sampler::new(temperature, top_k, top_p) else { return Ok(()) };
        let trace = model.generate(&prompt, length, &sampler, seed)?;
        for step in &trace.steps {
            let probs: Vec<f64> = step.candidates.iter().map(|c| c.probability).collect();
            assert_distribution(&probs, step.others)?;
            prop_assert!(step.candidates.iter().any(|c| c.piece == step.chosen));
        }
        prop_assert_eq!(sampling::replay(&model, &trace)?, trace.text.clone());
    }

    #[test]
    fn bad_sampling_settings_are_typed_errors(temperature in any_f64(), top_p in any_f64()) {
        let valid_t = temperature.is_finite() && temperature >= 0.0;
        match Sampler::new(temperature, None, None) {
            Ok(_) => prop_assert!(valid_t, "temperature {temperature} was accepted"),
            Err(e) => prop_assert!(matches!(e, Error::InvalidParameter { .. }), "{e}"),
        }
        let valid_p = top_p.is_finite() && top_p > 0.0 && top_p <= 1.0;
        prop_assert_eq!(Sampler::new(1.0, None, Some(top_p)).is_ok(), valid_p);
        prop_assert!(Sampler::new(1.0, Some(0), None).is_err());
    }

    #[test]
    fn softmax_is_a_distribution(logits in prop::collection::vec(-50.0..50.0f64, 1..20), t in 0.01..10.0f64) {
        let probs = sampling::softmax(&logits, t)?;
        assert_distribution(&probs, 0.0)?;
    }

    #[test]
    fn tokenizers_never_panic(text in any::<String>()) {
        let pieces = tokenize::words(&text);
        let _ = tokenize::detokenize(&pieces);
        let tokens = rust::tokenize(&text);
        let _ = rust::render(&tokens);
        let _ = code::parses_as_rust(&text);
    }

    #[test]
    fn loaders_never_panic(text in any::<String>(), lines in prop::collection::vec("[a-z]{0,5}\t?[ -~]{0,30}", 0..8)) {
        let joined = lines.join("\n");
        for input in [text.as_str(), joined.as_str()] {
            match messages::parse(input) {
                Ok(found) => prop_assert!(!found.is_empty()),
                Err(e) => prop_assert!(matches!(e, Error::MalformedLine { .. } | Error::EmptyCorpus { .. }), "{e}"),
            }
            match tune::parse_tunes(input) {
                Ok(tunes) => prop_assert!(!tunes.is_empty()),
                Err(e) => prop_assert!(matches!(e, Error::MalformedLine { .. } | Error::EmptyCorpus { .. }), "{e}"),
            }
        }
    }

    #[test]
    fn naive_bayes_probabilities_are_a_distribution(
        messages in prop::collection::vec(("(spam|ham)", "[a-z £0-9!]{1,30}"), 1..12),
        text in "[a-z £0-9!]{0,40}",
        alpha in any_f64(),
    ) {
        let messages: Vec<Message> = messages
            .into_iter()
            .filter_map(|(label, text)| Message::new(&label, &text).ok())
            .collect();
        let Ok(model) = NaiveBayes::train(&messages, alpha) else { return Ok(()) };
        match model.classify(&text) {
            Ok(c) => {
                let probs: Vec<f64> = c.probabilities.iter().map(|p| p.probability).collect();
                assert_distribution(&probs, 0.0)?;
            }
            Err(e) => prop_assert!(matches!(e, Error::EmptyInput { .. }), "{e}"),
        }
    }

    #[test]
    fn melodies_and_synthesis_never_panic(
        order in 0usize..4,
        seed in any::<u64>(),
        notes in 0usize..40,
        temperature in any_f64(),
        bpm in any_f64(),
        rate in 0u32..60_000,
    ) {
        let Ok(model) = melody::MelodyModel::bakery(order) else { return Ok(()) };
        let Ok(tune) = model.generate(seed, melody::Length::Notes(notes), temperature) else { return Ok(()) };
        let Ok(synth) = synth::Synth::new(bpm, rate) else { return Ok(()) };
        if let Ok(audio) = synth.render(&tune.notes) {
            prop_assert!(audio.samples().iter().all(|s| s.is_finite() && s.abs() <= 1.0));
        }
    }

    #[test]
    fn diffusion_prompts_and_steps_never_panic(prompt in "[a-z ]{0,12}", seed in any::<u64>(), steps in 0usize..12) {
        static MODEL: OnceLock<DiffusionModel> = OnceLock::new();
        let model = MODEL.get_or_init(|| DiffusionModel::train(1, 40).expect("the model trains"));
        if let Ok(trace) = model.sample(&prompt, seed, steps) {
            prop_assert!(trace.image.pixels.iter().all(|p| (0.0..=1.0).contains(p)));
        }
    }
}
