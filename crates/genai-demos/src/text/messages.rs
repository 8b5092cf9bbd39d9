//! Text messages as pieces, in the two ways the book's models read them.
//!
//! The classifiers want words to count, so [`tokenize`] lowercases and makes every amount of
//! money one shared token. The spam writer wants pieces to write with, so [`pieces`] keeps
//! capitals, web addresses and amounts as written: a message it writes must look like a message.

use crate::text::tokenize;

/// The token that stands for any amount of money, such as `£500`, `$4.5` or `€1,000`.
///
/// Spam talks about money, but rarely twice about the *same* amount, so the amounts are more
/// telling as one shared token than as many rare numbers.
pub const MONEY: &str = "<money>";

/// Splits a text into lowercase words.
///
/// A word is a run of letters and digits; everything else (spaces, punctuation, symbols) only
/// separates words. A currency sign directly followed by digits becomes the single token
/// [`MONEY`], with the amount's digits, commas and points swallowed.
///
/// ```
/// use genai_demos::text::messages::tokenize;
///
/// assert_eq!(tokenize("WIN £1,000 now!! Txt WIN"), ["win", "<money>", "now", "txt", "win"]);
/// assert_eq!(tokenize("you've got mail"), ["you", "ve", "got", "mail"]);
/// ```
pub fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for_each_word(text, |word| tokens.push(word.to_string()));
    tokens
}

/// Calls `each` with every word of `text`, in order, exactly as [`tokenize`] cuts them.
///
/// The words are lent out of one reused buffer instead of each getting a `String` of its own:
/// the models read every word of every message, and most of them only need to look the word
/// up, so this saves an allocation per word.
pub(crate) fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let mut at = 0;
    while at < bytes.len() {
        // Most text is plain ASCII: a run of ASCII letters and digits is copied in one go and
        // lowercased in place (none of them is a currency sign or lowercases to two letters).
        let rest = bytes.get(at..).unwrap_or_default();
        let run = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if run > 0 {
            let start = word.len();
            word.push_str(text.get(at..at + run).unwrap_or_default());
            if let Some(added) = word.get_mut(start..) {
                added.make_ascii_lowercase();
            }
            at += run;
            continue;
        }
        // Any other character, decoded whole (it may take up to four bytes).
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        let amount_follows = bytes.get(at).is_some_and(u8::is_ascii_digit);
        if is_currency(c) && amount_follows {
            finish_word(&mut word, &mut each);
            // Swallow the amount: digits, and the commas and points between them.
            while bytes
                .get(at)
                .is_some_and(|&b| b.is_ascii_digit() || b == b',' || b == b'.')
            {
                at += 1;
            }
            each(MONEY);
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            finish_word(&mut word, &mut each);
        }
    }
    finish_word(&mut word, &mut each);
}

fn is_currency(c: char) -> bool {
    matches!(c, '£' | '$' | '€')
}

/// Hands a finished word (if any) to `each` and empties the buffer for the next one.
fn finish_word(word: &mut String, each: &mut impl FnMut(&str)) {
    if !word.is_empty() {
        each(word);
        word.clear();
    }
}

/// Cuts a message into the pieces the writer learns from.
///
/// Words and punctuation come from [`tokenize::words`], with two changes that keep a message
/// looking like a message: a word written in capitals (`FREE`, `WINNER`) keeps them, since
/// shouting is part of what spam looks like; and a web address, an amount or a time
/// (`win-now.example`, `£399.99`, `15%`, `12:30`, `T&Cs`) stays one piece, as written, instead
/// of being cut at its dots.
///
/// ```
/// use genai_demos::text::messages::pieces;
///
/// assert_eq!(
///     pieces("WIN £500 now, at win-now.example!"),
///     ["WIN", "£500", "now", ",", "at", "win-now.example", "!"]
/// );
/// ```
pub fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        // Punctuation at the end of the chunk becomes pieces of its own.
        let core = chunk.trim_end_matches(['.', ',', '!', '?', ';', ':']);
        let trailing = &chunk[core.len()..];
        if keep_whole(core) {
            out.push(core.to_string());
            out.extend(trailing.chars().map(String::from));
        } else {
            let shouted = is_shouted(chunk);
            for piece in tokenize::words(chunk) {
                out.push(if shouted { piece.to_uppercase() } else { piece });
            }
        }
    }
    out
}

/// A web address, an amount, a percentage, a time or a smiley: a chunk with a currency sign,
/// `%`, `@`, `&`, `+` or `#`, or a `.`, `,`, `/` or `:` between two letters or digits, or made
/// of two or more marks and no letters (`:)`). It is kept as written.
fn keep_whole(core: &str) -> bool {
    let marks_only = core.chars().count() >= 2 && !core.chars().any(char::is_alphanumeric);
    if marks_only {
        return true;
    }
    if core.contains(['£', '$', '€', '%', '@', '&', '+', '#'])
        && core.chars().any(char::is_alphanumeric)
    {
        return true;
    }
    let chars: Vec<char> = core.chars().collect();
    chars.windows(3).any(|w| {
        w[0].is_alphanumeric() && matches!(w[1], '.' | ',' | '/' | ':') && w[2].is_alphanumeric()
    })
}

/// True for a chunk whose letters are all capitals, with at least two of them (`FREE!`, not `I`).
fn is_shouted(chunk: &str) -> bool {
    let letters: Vec<char> = chunk.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_lowercases_and_splits_on_punctuation() {
        assert_eq!(
            tokenize("Hi!! Call 0800-000 now:quick-win.example"),
            [
                "hi", "call", "0800", "000", "now", "quick", "win", "example"
            ]
        );
        assert_eq!(tokenize("ÉTÉ café"), ["été", "café"]);
        assert!(tokenize(" ... !!! ").is_empty());
    }

    #[test]
    fn money_amounts_become_one_token() {
        assert_eq!(
            tokenize("£1.50/tone or $4.5 million or €1,000."),
            [
                "<money>", "tone", "or", "<money>", "million", "or", "<money>"
            ]
        );
        // A currency sign without an amount is only punctuation.
        assert_eq!(tokenize("£ pounds $"), ["pounds"]);
        assert_eq!(tokenize("pay£5"), ["pay", "<money>"]);
    }

    #[test]
    fn pieces_keep_addresses_amounts_and_shouting() {
        assert_eq!(
            pieces("Claim £1,000.50 at prize-now.example. Reply STOP, or call 0800 000."),
            [
                "claim",
                "£1,000.50",
                "at",
                "prize-now.example",
                ".",
                "reply",
                "STOP",
                ",",
                "or",
                "call",
                "0800",
                "000",
                "."
            ]
        );
        assert_eq!(
            pieces("Save 15% at 12:30!"),
            ["save", "15%", "at", "12:30", "!"]
        );
        assert_eq!(pieces("I'm OK"), ["i'm", "OK"]);
        assert_eq!(
            pieces("Late :( ref #5521, T&Cs"),
            ["late", ":(", "ref", "#5521", ",", "T&Cs"]
        );
        assert!(pieces("   ").is_empty());
    }
}
