//! The results the book shows about the networks: recomputed from the committed weights and
//! logs, they must equal the committed JSON the book reads (so the two cannot drift), and the
//! attention and neighbours must mean what they say.

use genai_demos::experiments::network::{CODE_RESULTS, NetworkResults, TEXT_RESULTS};
use genai_neural::transformer::{Corpus, Writer, analyses};
use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Checks that `fresh` equals `committed`: strings and whole numbers exactly, other numbers to
/// a relative 1e-6 (the tensor crate may add in another order on another machine).
fn assert_same(committed: &Value, fresh: &Value, at: &str) {
    match (committed, fresh) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: the fields differ");
            for (key, value) in a {
                let other = b.get(key).unwrap_or(&Value::Null);
                assert_same(value, other, &format!("{at}.{key}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: the lengths differ");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(b)) if a.is_f64() || b.is_f64() => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            assert!(
                (a - b).abs() <= 1e-6 * a.abs().max(1.0),
                "{at}: committed {a}, recomputed {b}: run `cargo xtask train --results`"
            );
        }
        _ => assert_eq!(
            committed, fresh,
            "{at} differs: run `cargo xtask train --results`"
        ),
    }
}

#[test]
fn the_committed_results_are_what_the_committed_weights_give() -> TestResult {
    for (corpus, json) in [(Corpus::Bakery, TEXT_RESULTS), (Corpus::Rust, CODE_RESULTS)] {
        let committed: Value = serde_json::from_str(json)?;
        let fresh = serde_json::to_value(analyses::committed(corpus)?)?;
        assert_same(&committed, &fresh, corpus.name());
        let results: NetworkResults = serde_json::from_value(committed)?;
        assert_eq!(results.corpus, corpus.name());
    }
    Ok(())
}

#[test]
fn attention_looks_only_back_and_shares_out_all_of_itself() -> TestResult {
    let writer = Writer::committed_text()?;
    let attention = analyses::attention(&writer, "the warm bread")?;
    assert_eq!(attention.pieces, ["<s>", "the", "warm", "bread"]);
    for (i, row) in attention.weights.iter().enumerate() {
        let sum: f64 = row.iter().sum();
        assert!((sum - 1.0).abs() < 1e-5, "row {i} adds up to {sum}");
        assert!(
            row.iter().skip(i + 1).all(|&w| w < 1e-6),
            "row {i} looks ahead"
        );
    }
    Ok(())
}

#[test]
fn a_word_is_nearest_to_words_like_it_and_never_to_itself() -> TestResult {
    let writer = Writer::committed_text()?;
    let near = analyses::neighbours(&writer, "oven")?;
    assert_eq!(near.nearest.len(), analyses::NEIGHBOURS);
    assert!(near.nearest.iter().all(|(w, _)| w != "oven"));
    let similarities: Vec<f64> = near.nearest.iter().map(|(_, s)| *s).collect();
    assert!(similarities.windows(2).all(|w| w[0] >= w[1]));
    assert!(similarities.iter().all(|s| (-1.0..=1.0).contains(s)));
    Ok(())
}
