//! How the book words a number: one rule per kind of number, used by the built pages, the live
//! page (through the WebAssembly build) and the notebooks' displays, so a result reads the same
//! everywhere.
//!
//! ```
//! use genai_demos::show::wording::{percent, stated, rough_percent, thousands};
//!
//! assert_eq!(percent(0.98), "98%");
//! assert_eq!(stated(0.9993), "= 99.9%");
//! assert_eq!(stated(0.99999), "is over 99.9%");
//! assert_eq!(rough_percent(0.4213), "42%");
//! assert_eq!(thousands(2347), "2,347");
//! ```

/// A measured share (an accuracy, a probability) as a percentage with at most one decimal:
/// "98%", "39.3%". A whole number drops its ".0", so 0.98 reads "98%" everywhere.
pub fn percent(share: f64) -> String {
    let text = format!("{:.1}", 100.0 * share);
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

/// A share rounded to a whole percent, as the exercises' answers give it: "96%".
pub fn whole_percent(share: f64) -> String {
    format!("{:.0}%", 100.0 * share)
}

/// A share as prose says it in passing: a whole percent from 10% up ("42%"), one decimal
/// below ("4.2%"), and "under 0.1%" for a chance too small to round.
pub fn rough_percent(share: f64) -> String {
    let p = 100.0 * share;
    if p > 0.0 && p < 0.05 {
        "under 0.1%".to_string()
    } else if p < 9.95 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// A probability as a percentage that never rounds a small chance to a flat 0% or a large one
/// to a certain 100%: "under 0.1%", "39.3%", "over 99.9%".
pub fn chance(p: f64) -> String {
    if p < 0.0005 {
        "under 0.1%".to_string()
    } else if p > 0.9995 {
        "over 99.9%".to_string()
    } else {
        percent(p)
    }
}

/// The end of "P(spam) …": "= 39.3%", or "is over 99.9%" when [`chance`] gives words.
pub fn stated(p: f64) -> String {
    let text = chance(p);
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        format!("= {text}")
    } else {
        format!("is {text}")
    }
}

/// A whole number with its thousands separated by commas: "26,440".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A small whole number as prose writes it ("two"); from 11 up, digits.
pub fn in_words(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// Words as a quoted list: “a”, “b” and “c”.
pub fn quoted_list(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// "the word before it" for n = 2, "the 2 words before it" for n = 3.
pub fn context_words(n: usize) -> String {
    match n {
        0 | 1 => "no words before it".to_string(),
        2 => "the word before it".to_string(),
        _ => format!("the {} words before it", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_number_reads_one_way() {
        assert_eq!(percent(0.98), "98%");
        assert_eq!(percent(0.3933), "39.3%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(whole_percent(0.955), "96%");
        assert_eq!(rough_percent(0.3), "30%");
        assert_eq!(rough_percent(0.05), "5.0%");
        assert_eq!(rough_percent(0.0996), "10%");
        assert_eq!(rough_percent(0.0004), "under 0.1%");
        assert_eq!(rough_percent(0.0), "0.0%");
        assert_eq!(chance(0.99999), "over 99.9%");
        assert_eq!(chance(0.0001), "under 0.1%");
        assert_eq!(chance(0.5), "50%");
        // The live page once said "is over 99.9%" here: it now asks this function.
        assert_eq!(stated(0.9993), "= 99.9%");
        assert_eq!(stated(0.0001), "is under 0.1%");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(in_words(2), "two");
        assert_eq!(in_words(11), "11");
        assert_eq!(
            quoted_list(&["a".into(), "b".into(), "c".into()]),
            "“a”, “b” and “c”"
        );
        assert_eq!(quoted_list(&["a".into()]), "“a”");
        assert_eq!(context_words(2), "the word before it");
        assert_eq!(context_words(3), "the 2 words before it");
    }
}
