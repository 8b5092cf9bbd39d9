//! Rust source as pieces: cutting a program into tokens, and laying tokens out as a program.
//!
//! Code is text with stricter rules. Cut into tokens (names, keywords, literals, operators), a
//! program is a sequence of pieces like a paragraph is, so the n-gram model and the sampler work
//! on it unchanged; [`render`] turns the pieces a model writes back into indented source.

use crate::text::tokenize::END;

/// Operators of three and two characters, longest first, so `..=` wins over `..` and `::`
/// over `:`.
const OPERATORS: [&str; 24] = [
    "..=", "<<=", ">>=", "...", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=",
    "*=", "/=", "%=", "^=", "&=", "|=", "..", "<<", ">>",
];

/// Rust's keywords that are not values: a `(` after them is not a call.
const KEYWORDS: [&str; 27] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct",
    "trait", "type", "use", "while",
];

/// Cuts Rust source into tokens: names and keywords, literals (strings, raw strings, chars,
/// bytes, numbers with their suffixes), lifetimes, and operators (the multi-character ones like
/// `::` `->` `=>` `==` `+=` `..=` as one token). Comments and whitespace are dropped.
///
/// The tokenizer never fails: an unfinished string or comment simply runs to the end.
///
/// ```
/// use genai_demos::text::rust::tokenize;
///
/// let tokens = tokenize("fn half(x: f64) -> f64 { x / 2.0 } // halve it");
/// assert_eq!(tokens, ["fn", "half", "(", "x", ":", "f64", ")", "->", "f64", "{", "x", "/", "2.0", "}"]);
/// ```
pub fn tokenize(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // Comments: to the end of the line, or a (nestable) block.
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            continue;
        }
        // Raw strings r"..", r#".."#, and byte versions br"..".
        let raw_from = if c == 'r' {
            Some(i + 1)
        } else if c == 'b' && at(i + 1) == 'r' {
            Some(i + 2)
        } else {
            None
        };
        if let Some(mut j) = raw_from {
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            if at(j) == '"' && (hashes > 0 || at(j) == '"') {
                j += 1;
                // Find the closing quote followed by as many hashes.
                while j < chars.len() {
                    if chars[j] == '"' && (1..=hashes).all(|h| at(j + h) == '#') {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                i = j.min(chars.len());
                tokens.push(chars[start..i].iter().collect());
                continue;
            }
        }
        // Strings and byte strings, with escapes.
        if c == '"' || (c == 'b' && at(i + 1) == '"') {
            i += if c == 'b' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            tokens.push(chars[start..i].iter().collect());
            continue;
        }
        // Char literals ('a', '\n', b'x') and lifetimes ('a, 'static).
        let quote_at = if c == 'b' && at(i + 1) == '\'' {
            Some(i + 1)
        } else if c == '\'' {
            Some(i)
        } else {
            None
        };
        if let Some(q) = quote_at {
            // A quote cannot be the character inside ('\'' is written with a backslash), so
            // `'''` is a lone quote followed by more, not a character literal.
            let is_char =
                at(q + 1) == '\\' || (at(q + 1) != '\0' && at(q + 1) != '\'' && at(q + 2) == '\'');
            if is_char {
                i = q + 1;
                while i < chars.len() && chars[i] != '\'' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i = (i + 1).min(chars.len());
                tokens.push(chars[start..i].iter().collect());
                continue;
            }
            if c == '\'' && (at(i + 1).is_alphabetic() || at(i + 1) == '_') {
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
                tokens.push(chars[start..i].iter().collect());
                continue;
            }
        }
        // Names and keywords.
        if c.is_alphabetic() || c == '_' {
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
            continue;
        }
        // Numbers: digits, underscores, a fraction, an exponent, a suffix like u32.
        if c.is_ascii_digit() {
            while at(i).is_alphanumeric() || at(i) == '_' {
                let exponent = matches!(at(i), 'e' | 'E') && !chars[start..i].contains(&'x');
                i += 1;
                if exponent && matches!(at(i), '+' | '-') && at(i + 1).is_ascii_digit() {
                    i += 1;
                }
                // A fraction, except in `pair.0.1`, where the dots pick tuple fields.
                let after_dot = tokens.last().is_some_and(|t: &String| t == ".");
                if at(i) == '.'
                    && at(i + 1).is_ascii_digit()
                    && !after_dot
                    && !chars[start..i].contains(&'.')
                {
                    i += 1;
                }
            }
            tokens.push(chars[start..i].iter().collect());
            continue;
        }
        // Operators: the longest that fits, else one character.
        let rest: String = chars[i..(i + 3).min(chars.len())].iter().collect();
        let operator = OPERATORS.iter().find(|op| rest.starts_with(**op));
        let token = match operator {
            Some(op) => op.to_string(),
            None => c.to_string(),
        };
        i += token.chars().count();
        tokens.push(token);
    }
    tokens
}

/// What an open bracket is, for layout.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Open {
    Paren,
    Bracket,
    Brace,
    Generic,
    /// The bars of a closure's parameters, `|x|`.
    Pipe,
}

/// What to put between the previous token and the next.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Gap {
    Nothing,
    Space,
    Newline,
    BlankLine,
}

/// Writes tokens back as readable Rust: a new line after `;`, `{` and `}`, four spaces of
/// indentation per open brace, one item per paragraph, spaces around operators but not before
/// `,` `;` `.` or a call's `(`. Each [`END`] marker ends a program with a blank line.
///
/// Two tokens are never glued if that would read as a different token (`<` and `=` stay
/// `< =`), so the layout never changes what the tokens say.
///
/// ```
/// use genai_demos::text::rust::{render, tokenize};
///
/// let source = "fn half(x: f64) -> f64 {\n    x / 2.0\n}\n";
/// assert_eq!(render(&tokenize(source)), source);
/// ```
pub fn render<S: AsRef<str>>(tokens: &[S]) -> String {
    let pretty = layout(tokens);
    // The layout looks only at neighbours, and odd input (a run of lone quotes) can still read
    // back differently. Then fall back to two spaces between tokens, which no two tokens of
    // ordinary Rust join across.
    let wanted: Vec<&str> = tokens
        .iter()
        .map(|t| t.as_ref())
        .filter(|t| *t != END)
        .collect();
    if tokenize(&pretty) == wanted {
        return pretty;
    }
    let mut plain = String::new();
    for token in tokens {
        let t = token.as_ref();
        if t == END {
            plain.push_str("\n\n");
        } else {
            if !plain.is_empty() && !plain.ends_with('\n') {
                plain.push_str("  ");
            }
            plain.push_str(t);
        }
    }
    plain
}

/// The readable layout of [`render`]: line breaks, indentation and spaces by Rust's habits.
fn layout<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut out = String::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut prev: Option<&str> = None;
    let mut before: Option<&str> = None;
    // Where the last two tokens start in `out`, to check that a gap keeps them apart.
    let mut tail_start = 0;
    let mut prev_start = 0;
    let mut gap = Gap::Nothing;
    for token in tokens {
        let t = token.as_ref();
        if t == END {
            // The program ends: the next one starts after a blank line, at the left margin.
            stack.clear();
            prev = None;
            before = None;
            gap = if out.is_empty() {
                Gap::Nothing
            } else {
                Gap::BlankLine
            };
            continue;
        }
        // A closing brace comes back out one level before it is written.
        if t == "}" {
            while let Some(open) = stack.pop() {
                if open == Open::Brace {
                    break;
                }
            }
        }
        // A `}` always starts its own line.
        if t == "}" && matches!(gap, Gap::Nothing | Gap::Space) && prev.is_some() {
            gap = Gap::Newline;
        }
        // A `}` wants a new line after it, unless what follows belongs on its line.
        if prev == Some("}") && matches!(gap, Gap::Newline | Gap::BlankLine) {
            if t == "else" {
                gap = Gap::Space;
            } else if matches!(t, "," | ";" | ")" | "." | "?") {
                gap = Gap::Nothing;
            }
        }
        let depth = stack.iter().filter(|o| **o == Open::Brace).count();
        match gap {
            Gap::Newline | Gap::BlankLine => {
                out.push('\n');
                if gap == Gap::BlankLine {
                    out.push('\n');
                }
                out.push_str(&"    ".repeat(depth));
            }
            Gap::Space => {
                let tail = tail_tokens(before, prev);
                let gap = separator(&out[tail_start..], &tail, t, " ");
                out.push_str(gap);
            }
            Gap::Nothing => {
                // At the start of the text or of a program there is nothing to space from.
                if let Some(p) = prev {
                    let wanted = if wants_space(before, p, t, &stack) || !glues_cleanly(p, t) {
                        " "
                    } else {
                        ""
                    };
                    let tail = tail_tokens(before, Some(p));
                    let gap = separator(&out[tail_start..], &tail, t, wanted);
                    out.push_str(gap);
                }
            }
        }
        if prev.is_none() {
            // A new program: nothing before this token can join it.
            prev_start = out.len();
        }
        tail_start = prev_start;
        prev_start = out.len();
        out.push_str(t);

        // Keep track of brackets, and decide what the next gap should be. A `{` or `;` never
        // sits inside generics or closure bars, so a `<` that was really a comparison (or a
        // `|` that was really an "or") is forgotten here.
        if matches!(t, "{" | ";") {
            while matches!(stack.last(), Some(Open::Generic | Open::Pipe)) {
                stack.pop();
            }
        }
        let top = stack.last().copied();
        gap = Gap::Nothing;
        match t {
            "{" => {
                stack.push(Open::Brace);
                gap = Gap::Newline;
            }
            "}" => {
                let at_top_level = !stack.contains(&Open::Brace);
                gap = if at_top_level {
                    Gap::BlankLine
                } else {
                    Gap::Newline
                };
            }
            "(" => stack.push(Open::Paren),
            "[" => stack.push(Open::Bracket),
            ")" | "]" => {
                // Close the bracket, and any generic left open inside it by mistake.
                let wanted = if t == ")" { Open::Paren } else { Open::Bracket };
                while let Some(open) = stack.pop() {
                    if open == wanted || open == Open::Brace {
                        if open == Open::Brace {
                            stack.push(open);
                        }
                        break;
                    }
                }
            }
            "<" if opens_generic(prev) => stack.push(Open::Generic),
            ">" if top == Some(Open::Generic) => {
                stack.pop();
            }
            ">>" if top == Some(Open::Generic) => {
                stack.pop();
                if stack.last() == Some(&Open::Generic) {
                    stack.pop();
                }
            }
            "|" if top == Some(Open::Pipe) => {
                stack.pop();
            }
            "|" if matches!(prev, Some("(" | "," | "=" | "move")) => stack.push(Open::Pipe),
            ";" if matches!(top, None | Some(Open::Brace)) => gap = Gap::Newline,
            "," if top == Some(Open::Brace) => gap = Gap::Newline,
            _ => {}
        }
        before = prev;
        prev = Some(t);
    }
    // An unfinished literal at the very end (`"abc` with no closing quote) would swallow any
    // line break added after it, and trimming would cut its own spaces: leave it as it is.
    if let Some(last) = tokens.last().map(|t| t.as_ref())
        && last != END
        && tokenize(&format!("{last}\n")) != [last]
    {
        return out;
    }
    // End with exactly one line break, however the last program ended.
    let mut text = out.trim_end().to_string();
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// True if `<` after `prev` most likely opens generics (`Vec<`, `HashMap<`, `::<`) rather than
/// comparing: types start with a capital letter.
fn opens_generic(prev: Option<&str>) -> bool {
    match prev {
        Some("::") => true,
        Some(p) => p.chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

/// True if `token` ends a value, so an operator after it is binary (`a - b`, `x * 2`) and a
/// `(` or `[` after it calls or indexes it.
fn ends_value(token: &str) -> bool {
    let first = token.chars().next().unwrap_or(' ');
    let word = first.is_alphanumeric() || first == '_';
    let literal = matches!(first, '"' | '\'');
    (word && !KEYWORDS.contains(&token))
        || literal
        || matches!(token, ")" | "]" | "?" | "self" | "Self")
}

/// The layout rules for one pair of neighbours on a line: `before` is the token before `prev`
/// (it tells a prefix `-x` from a subtraction `a - x`), `stack` the brackets open after `prev`.
fn wants_space(before: Option<&str>, prev: &str, next: &str, stack: &[Open]) -> bool {
    let top = stack.last().copied();
    // Never a space before these, nor after those.
    if matches!(
        next,
        "," | ";" | "." | ")" | "]" | "?" | ":" | "::" | ".." | "..="
    ) {
        return false;
    }
    if matches!(prev, "(" | "[" | "." | "::" | "#" | ".." | "..=") {
        return false;
    }
    // Prefix operators hug what they apply to: `&x`, `*count`, `-1`, `!done`.
    let prefix = matches!(prev, "&" | "*" | "-" | "!" | "&&") && !before.is_some_and(ends_value);
    if prefix {
        return false;
    }
    // A closure's bars hug its parameters: `|c| c + 1`.
    if top == Some(Open::Pipe) && (prev == "|" || next == "|") {
        return false;
    }
    match next {
        // A call, a macro call or an index sticks to its name.
        "(" | "[" => !(ends_value(prev) || prev == "!"),
        "!" => !ends_value(prev),
        "<" => !opens_generic(Some(prev)),
        ">" | ">>" => top != Some(Open::Generic),
        _ => !(prev == "<" && top == Some(Open::Generic)),
    }
}

/// True if writing `a` right after `b` reads back as exactly those two tokens.
/// The last one or two tokens written, oldest first.
fn tail_tokens<'a>(before: Option<&'a str>, prev: Option<&'a str>) -> Vec<&'a str> {
    before.into_iter().chain(prev).collect()
}

/// The gap to write before `next`: `wanted`, or a wider one if that would read back as
/// something else. `text` is what was written for the last tokens, `tokens` (two lone quotes
/// with one space between them read as the character `' '`; `2` `.` `3` read as `2.3`).
fn separator(text: &str, tokens: &[&str], next: &str, wanted: &'static str) -> &'static str {
    let gaps = ["", " ", "  "];
    let start = gaps.iter().position(|g| *g == wanted).unwrap_or(1);
    for gap in &gaps[start..] {
        let read = tokenize(&format!("{text}{gap}{next}"));
        if read.len() == tokens.len() + 1
            && read
                .iter()
                .zip(tokens.iter().chain([&next]))
                .all(|(r, t)| r == t)
        {
            return gap;
        }
    }
    wanted
}

fn glues_cleanly(a: &str, b: &str) -> bool {
    let joined = format!("{a}{b}");
    let tokens = tokenize(&joined);
    tokens.len() == 2 && tokens[0] == a && tokens[1] == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_literal_at_the_end_keeps_its_tokens() {
        // Found by the `code` fuzz target: the closing line break used to join the literal.
        for source in [
            "\"",
            "let s = \"tail  ",
            "'",
            "''",
            "' '  '",
            "2.\u{b}3",
            "x+2 .3",
        ] {
            let tokens = tokenize(source);
            assert_eq!(tokenize(&render(&tokens)), tokens, "{source:?}");
        }
    }

    #[test]
    fn tokenizer_handles_literals_and_operators() {
        let src = r#"let s = "a \"q\" b"; let c = '\n'; x += 1_000u32; y..=z; a::b -> c => d == e; 'a' 'outer 2.5e-3 r"raw" b'x' br"bytes""#;
        assert_eq!(
            tokenize(src),
            [
                "let",
                "s",
                "=",
                r#""a \"q\" b""#,
                ";",
                "let",
                "c",
                "=",
                r"'\n'",
                ";",
                "x",
                "+=",
                "1_000u32",
                ";",
                "y",
                "..=",
                "z",
                ";",
                "a",
                "::",
                "b",
                "->",
                "c",
                "=>",
                "d",
                "==",
                "e",
                ";",
                "'a'",
                "'outer",
                "2.5e-3",
                r#"r"raw""#,
                "b'x'",
                r#"br"bytes""#
            ]
        );
    }

    #[test]
    fn tokenizer_drops_comments_and_survives_broken_input() {
        assert_eq!(
            tokenize("a /* one /* two */ still */ b // end\nc"),
            ["a", "b", "c"]
        );
        assert_eq!(
            tokenize("let s = \"never closed"),
            ["let", "s", "=", "\"never closed"]
        );
        assert_eq!(tokenize("0..n"), ["0", "..", "n"]);
        assert_eq!(tokenize("x.0.1"), ["x", ".", "0", ".", "1"]);
        assert!(tokenize("").is_empty());
        // Odd input never panics.
        for s in ["'", "b'", "r#", "r#\"", "\\", "/*", "'\\", "1e", "1e+"] {
            let _ = tokenize(s);
        }
    }

    #[test]
    fn render_lays_out_blocks() {
        let tokens = tokenize(
            "fn f(v: &Vec<Vec<u32>>) -> u32 { if a < b { 1 } else { match x { 1 => 2, _ => 3, } } }",
        );
        assert_eq!(
            render(&tokens),
            "fn f(v: &Vec<Vec<u32>>) -> u32 {\n    if a < b {\n        1\n    } else {\n        \
             match x {\n            1 => 2,\n            _ => 3,\n        }\n    }\n}\n"
        );
    }

    #[test]
    fn a_comparison_mistaken_for_generics_does_not_spoil_the_layout() {
        let tokens = tokenize("fn f() { if MAX < x { y(); } z(); }");
        assert_eq!(
            render(&tokens),
            "fn f() {\n    if MAX<x {\n        y();\n    }\n    z();\n}\n"
        );
    }

    #[test]
    fn render_never_glues_tokens_into_other_tokens() {
        let tokens = ["a", "<", "=", "b", ".", ".", "c", "-", ">", "d"];
        let rendered = render(&tokens);
        assert_eq!(tokenize(&rendered), tokens);
    }
}
