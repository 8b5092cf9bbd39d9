//! The plain forward pass of the small library (`genai_demos::generate::network`, what the book,
//! the page and the notebooks run) and candle's agree on the committed weights: the same
//! probabilities to 1e-5, and the same seed picks the same pieces.

use genai_demos::generate::network::Network;
use genai_demos::generate::sampling::NextPiece;
use genai_neural::transformer::vocab::BEGIN;
use genai_neural::transformer::{Corpus, Recipe, Writer};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Both networks of a corpus, loaded once for every case.
fn pair(corpus: Corpus) -> &'static (Writer, Network) {
    static TEXT: OnceLock<(Writer, Network)> = OnceLock::new();
    static CODE: OnceLock<(Writer, Network)> = OnceLock::new();
    let cell = match corpus {
        Corpus::Bakery => &TEXT,
        Corpus::Rust => &CODE,
    };
    cell.get_or_init(|| {
        let load = || -> Result<(Writer, Network), Box<dyn std::error::Error>> {
            let plain = match corpus {
                Corpus::Bakery => Network::committed_text()?,
                Corpus::Rust => Network::committed_code()?,
            };
            Ok((Writer::committed(corpus)?, plain))
        };
        load().expect("the committed weights load")
    })
}

/// The largest difference between the two passes' next-piece probabilities after `history`.
fn largest_gap(corpus: Corpus, history: &[u32]) -> f64 {
    let (candle, plain) = pair(corpus);
    let a = candle.probabilities(history).expect("candle predicts");
    let b = plain
        .probabilities(history)
        .expect("the plain pass predicts");
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(&b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[test]
fn the_plain_pass_knows_the_recipes_shape() {
    for corpus in [Corpus::Bakery, Corpus::Rust] {
        let (candle, plain) = pair(corpus);
        let recipe = Recipe::of(corpus);
        assert_eq!(
            plain.heads(),
            recipe.heads,
            "network::HEADS and the recipe differ"
        );
        assert_eq!(plain.context(), recipe.context);
        assert_eq!(plain.width(), recipe.width);
        assert_eq!(plain.blocks(), recipe.blocks);
        assert_eq!(plain.parameter_count(), candle.network().parameter_count());
        for id in 0..plain.vocab_size() as u32 {
            assert_eq!(NextPiece::piece(plain, id), candle.vocab().piece(id));
        }
    }
}

#[test]
fn prompts_get_the_same_probabilities() {
    let prompts = [
        "the",
        "the baker lit the oven",
        "Every morning the bakery smells of fresh bread and the baker",
        "a word never seen zzqx before the oven",
    ];
    for prompt in prompts {
        let (_, plain) = pair(Corpus::Bakery);
        let mut history = vec![BEGIN];
        history.extend(plain.tokenize(prompt).iter().map(|p| plain.id(p)));
        let gap = largest_gap(Corpus::Bakery, &history);
        assert!(gap < 1e-5, "{prompt:?}: the passes differ by {gap}");
    }
    let (_, plain) = pair(Corpus::Rust);
    let mut history = vec![BEGIN];
    history.extend(
        plain
            .tokenize("fn main() { let x = ")
            .iter()
            .map(|p| plain.id(p)),
    );
    let gap = largest_gap(Corpus::Rust, &history);
    assert!(gap < 1e-5, "code: the passes differ by {gap}");
}

#[test]
fn the_same_seed_picks_the_same_pieces() {
    let (candle, plain) = pair(Corpus::Bakery);
    for (prompt, temperature, seed) in [("the oven", 1.0, 1), ("the baker", 0.7, 9), ("", 1.3, 4)] {
        let a = candle
            .write(prompt, 20, temperature, seed)
            .expect("candle writes");
        let b = plain
            .write(prompt, 20, temperature, seed)
            .expect("the plain pass writes");
        assert_eq!(
            a.pieces, b.pieces,
            "{prompt:?} at {temperature}, seed {seed}"
        );
        assert_eq!(a.text, b.text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Any history of known pieces (longer than the context, and with a document boundary in
    /// it, now and then) gets the same probabilities from both passes.
    #[test]
    fn any_history_gets_the_same_probabilities(
        ids in proptest::collection::vec(0u32..2233, 1..40),
    ) {
        let vocab = pair(Corpus::Bakery).1.vocab_size() as u32;
        let history: Vec<u32> = ids.iter().map(|id| id % vocab).collect();
        let gap = largest_gap(Corpus::Bakery, &history);
        prop_assert!(gap < 1e-5, "the passes differ by {}", gap);
    }
}
