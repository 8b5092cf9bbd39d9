//! Cutting prose into pieces (tokens) and gluing pieces back into readable text.
//!
//! A text model never sees letters on a page; it sees a list of pieces. Here a piece is a
//! lowercase word (`"baker's"`, `"soft-boiled"`), a punctuation mark (`.` `,` `!` `?` `;` `:`),
//! or a quotation mark (`"`). Lowercasing means "The" and "the" are one piece, so the model has
//! fewer, better-counted pieces to learn; [`detokenize`] puts the capitals back where English
//! needs them.

use std::collections::{BTreeMap, BTreeSet};

/// The marker that stands before a document's first piece ("begin of sequence").
pub const BOS: &str = "<s>";

/// The piece that ends a document: it becomes a paragraph break when text is rendered.
pub const END: &str = "</s>";

/// The punctuation marks that become pieces of their own.
const PUNCTUATION: [char; 6] = ['.', ',', '!', '?', ';', ':'];

/// Splits prose into lowercase pieces: words, punctuation marks and quotation marks.
///
/// The rules, in order:
/// - letters and digits make words, lowercased;
/// - an apostrophe or hyphen *between* two letters or digits stays inside the word
///   (`"baker's"`, `"o'clock"`, `"soft-boiled"`); curly apostrophes become straight ones;
/// - `. , ! ? ; :` are pieces of their own;
/// - straight and curly double quotes all become the one piece `"`;
/// - whitespace only separates; any other symbol (a bracket, a lone dash) is a piece of its own,
///   so nothing but case and spacing is lost.
///
/// ```
/// use genai_demos::text::tokenize::words;
///
/// let pieces = words("\"Good morning,\" said the baker's son.");
/// assert_eq!(pieces, ["\"", "good", "morning", ",", "\"", "said", "the", "baker's", "son", "."]);
/// ```
pub fn words(text: &str) -> Vec<String> {
    pieces_as_written(text)
        .into_iter()
        .map(|piece| piece.chars().map(lowercase).collect())
        .collect()
}

/// A letter in lowercase. A letter whose lowercase is not one letter ("İ" becomes "i" plus a
/// combining dot) stays as it is, so reading the words again gives the same words.
fn lowercase(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// The same pieces as [`words`], with their capitals kept.
fn pieces_as_written(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        // An apostrophe or hyphen joins two halves of one word, like "baker's" or "soft-boiled".
        let joiner = matches!(c, '\'' | '\u{2019}' | '-');
        let next_is_alphanumeric = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if joiner && !word.is_empty() && next_is_alphanumeric {
            word.push(if c == '-' { '-' } else { '\'' });
            continue;
        }
        // Anything else ends the word in progress.
        if !word.is_empty() {
            pieces.push(std::mem::take(&mut word));
        }
        if c.is_whitespace() {
            continue;
        }
        if matches!(c, '"' | '\u{201c}' | '\u{201d}') {
            pieces.push("\"".to_string());
        } else if matches!(c, '\u{2018}' | '\u{2019}') {
            pieces.push("'".to_string());
        } else {
            pieces.push(c.to_string());
        }
    }
    if !word.is_empty() {
        pieces.push(word);
    }
    pieces
}

/// Joins pieces back into readable text: a capital at the start of every sentence and for the
/// word "I", no space before punctuation, quotation marks hugging the words they quote, and a
/// blank line wherever a document ended ([`END`]).
///
/// Quotation marks take turns: the first `"` opens a quote, the next one closes it; the word
/// after an opening quote gets a capital, as quoted speech does.
///
/// ```
/// use genai_demos::text::tokenize::{detokenize, words};
///
/// let text = "\"Good morning,\" she says. \"The bread is still warm.\"";
/// assert_eq!(detokenize(&words(text)), text);
/// ```
pub fn detokenize<S: AsRef<str>>(pieces: &[S]) -> String {
    detokenize_with(pieces, &BTreeSet::new())
}

/// Like [`detokenize`], and also capitalizes every word in `capitalized` (names such as
/// "nell", found by [`capitalized_words`]).
///
/// ```
/// use genai_demos::text::tokenize::{capitalized_words, detokenize_with, words};
///
/// let names = capitalized_words("Nell bakes. Then Nell sleeps.");
/// assert_eq!(detokenize_with(&words("then nell sleeps ."), &names), "Then Nell sleeps.");
/// ```
pub fn detokenize_with<S: AsRef<str>>(pieces: &[S], capitalized: &BTreeSet<String>) -> String {
    let mut out = String::new();
    // Does the next word begin a sentence? True at the very start and after . ! ? or a break.
    let mut sentence_start = true;
    // Is a quotation open, so the next `"` closes it?
    let mut quote_open = false;
    // Should the next piece stick to the previous one with no space (after an opening quote)?
    let mut glue_next = true;
    // The piece before this one.
    let mut previous: Option<&str> = None;
    for piece in pieces {
        let piece = piece.as_ref();
        if piece == END {
            // A document ended: start a new paragraph, with nothing left open.
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            sentence_start = true;
            quote_open = false;
            glue_next = true;
            previous = None;
            continue;
        }
        let is_quote = piece == "\"";
        let closing_quote = is_quote && quote_open;
        let hugs_left = is_punctuation(piece) || closing_quote || piece == ")";
        if !glue_next && !hugs_left {
            out.push(' ');
        }
        glue_next = (is_quote && !closing_quote) || piece == "(";
        if is_quote {
            // Quoted speech starts with a capital: "Good morning," she said. After a quoted
            // question or exclamation the sentence usually goes on: "Ready?" he asked.
            if !closing_quote {
                sentence_start = true;
            } else if matches!(previous, Some("?" | "!")) {
                sentence_start = false;
            }
            previous = Some(piece);
            quote_open = !quote_open;
            out.push('"');
            continue;
        }
        let capital = sentence_start || piece == "i" || piece.starts_with("i'");
        if capital || capitalized.contains(piece) {
            out.push_str(&capitalize(piece));
        } else {
            out.push_str(piece);
        }
        if matches!(piece, "." | "!" | "?") {
            sentence_start = true;
        } else if !is_punctuation(piece) && piece != "(" && piece != ")" {
            sentence_start = false;
        }
        previous = Some(piece);
    }
    out
}

/// True for the punctuation marks that hug the word before them.
fn is_punctuation(piece: &str) -> bool {
    let mut chars = piece.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => PUNCTUATION.contains(&c),
        _ => false,
    }
}

/// The piece with its first letter made a capital. A letter whose capital is not one letter
/// ("ß" becomes "SS") stays as it is, so reading the text back gives the same words.
fn capitalize(piece: &str) -> String {
    let mut chars = piece.chars();
    match chars.next() {
        Some(first) => {
            let mut upper = first.to_uppercase();
            match (upper.next(), upper.next()) {
                (Some(capital), None) if capital.to_lowercase().eq(std::iter::once(first)) => {
                    std::iter::once(capital).chain(chars).collect()
                }
                _ => piece.to_string(),
            }
        }
        None => String::new(),
    }
}

/// The words a text always writes with a capital, even in the middle of a sentence: names like
/// "Nell" or "Willow". They come back lowercase from [`words`]; this set lets
/// [`detokenize_with`] restore them.
///
/// A word counts when it appears with a capital in the middle of a sentence and never in
/// lowercase: "Nell" counts, but "Mill" of "Mill Street" does not if the text also speaks of
/// "the mill" (better "mill street" now and then than "the Mill" everywhere).
///
/// ```
/// use genai_demos::text::tokenize::capitalized_words;
///
/// let names = capitalized_words("The oven is hot. Sam opens the oven. Then Sam waits.");
/// assert!(names.contains("sam"));
/// assert!(!names.contains("the") && !names.contains("then"));
/// ```
pub fn capitalized_words(text: &str) -> BTreeSet<String> {
    // For each word: (times with a capital mid-sentence, times in lowercase).
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut sentence_start = true;
    for piece in pieces_as_written(text) {
        let first = piece.chars().next();
        if first.is_some_and(char::is_alphabetic) {
            let entry = tally.entry(piece.to_lowercase()).or_insert((0, 0));
            if first.is_some_and(char::is_lowercase) {
                entry.1 += 1;
            } else if !sentence_start {
                entry.0 += 1;
            }
            sentence_start = false;
        } else if matches!(piece.as_str(), "." | "!" | "?") {
            sentence_start = true;
        }
    }
    tally
        .into_iter()
        .filter(|(_, (capital, lower))| *capital > 0 && *lower == 0)
        .map(|(word, _)| word)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_punctuation_and_keep_apostrophes() {
        assert_eq!(
            words("Nell's soft-boiled egg; it's ready at six o'clock!"),
            [
                "nell's",
                "soft-boiled",
                "egg",
                ";",
                "it's",
                "ready",
                "at",
                "six",
                "o'clock",
                "!"
            ]
        );
    }

    #[test]
    fn quotes_and_curly_marks_become_one_piece() {
        assert_eq!(
            words("\u{201c}Wait,\u{201d} he said \u{2019}twas the baker\u{2019}s."),
            [
                "\"", "wait", ",", "\"", "he", "said", "'", "twas", "the", "baker's", "."
            ]
        );
    }

    #[test]
    fn lone_dashes_and_brackets_are_pieces_and_space_is_dropped() {
        assert_eq!(
            words("  flour - (two cups)\n"),
            ["flour", "-", "(", "two", "cups", ")"]
        );
        assert!(words("   \n\t").is_empty());
        assert!(words("").is_empty());
    }

    #[test]
    fn detokenize_capitalizes_sentences_and_glues_punctuation() {
        let pieces = [
            "the", "oven", "is", "hot", ".", "i", "wait", ",", "then", "bake", "!",
        ];
        assert_eq!(detokenize(&pieces), "The oven is hot. I wait, then bake!");
    }

    #[test]
    fn detokenize_turns_document_ends_into_paragraph_breaks() {
        let pieces = ["bread", ".", END, "cake", ".", END];
        assert_eq!(detokenize(&pieces), "Bread.\n\nCake.\n\n");
        // A break at the very start adds nothing.
        assert_eq!(detokenize(&[END, "cake"]), "Cake");
    }

    #[test]
    fn unbalanced_quotes_are_reset_by_a_paragraph_break() {
        let pieces = ["\"", "hello", END, "\"", "bye", "\""];
        assert_eq!(detokenize(&pieces), "\"Hello\n\n\"Bye\"");
    }

    #[test]
    fn a_quoted_question_keeps_the_sentence_going() {
        let text = "\"Is it ready?\" he asked. \"Yes.\" She smiled.";
        assert_eq!(detokenize(&words(text)), text);
    }

    #[test]
    fn round_trip_of_a_corpus_paragraph() {
        let text = "Then she wipes the counter, fills the baskets in the window, and turns the \
                    sign. \"Good morning,\" she says. \"The bread is still warm.\"";
        assert_eq!(detokenize(&words(text)), text);
    }

    #[test]
    fn lowercase_that_is_not_one_letter_is_left_alone() {
        // Found by the `text` fuzz target: "İ" became "i" and a combining dot, which read back
        // as two pieces.
        assert_eq!(words("İstanbul bread"), ["İstanbul", "bread"]);
        assert_eq!(words(&detokenize(&words("İ"))), words("İ"));
    }

    #[test]
    fn capitals_that_are_not_one_letter_are_left_alone() {
        // Found by the `text` fuzz target: "ß" became "SS", and read back as "ss".
        assert_eq!(detokenize(&words("ß und")), "ß und");
        assert_eq!(detokenize(&["straße"]), "Straße");
    }

    #[test]
    fn capitalized_words_finds_names_only() {
        let names = capitalized_words(
            "Nell smiles. The baker, Nell, sings. Bread is good. We walk down Mill Street. \
             The old mill is on Mill Street.",
        );
        // "mill" is also written in lowercase; "street" never is; "the" and "bread" have a
        // capital only at the start of a sentence.
        assert_eq!(names.into_iter().collect::<Vec<_>>(), ["nell", "street"]);
    }
}
