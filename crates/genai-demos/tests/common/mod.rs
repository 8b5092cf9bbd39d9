//! Strategies the property tests share.

use proptest::prelude::*;

/// Words from a small alphabet (a few fixed words, or up to `longest` letters), so that random
/// documents share contexts.
#[allow(clippy::expect_used)] // A fixed, valid pattern: failing here is a bug in the test.
pub fn word(longest: usize) -> impl Strategy<Value = String> {
    let letters =
        prop::string::string_regex(&format!("[a-z]{{1,{longest}}}")).expect("a valid pattern");
    prop_oneof![
        Just("the".to_string()),
        Just("baker".to_string()),
        Just("bread".to_string()),
        Just(".".to_string()),
        letters,
    ]
}
