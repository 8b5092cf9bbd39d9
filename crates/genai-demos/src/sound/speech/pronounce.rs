//! Text to phonemes: a small pronunciation dictionary, and rules for the words it does not hold.
//!
//! English spelling is a poor guide to sound ("though", "through", "tough"), so a speaking
//! program first looks a word up in a dictionary of pronunciations. For a word it does not
//! know, it falls back on *letter-to-sound rules*: "sh" says /ʃ/, an "e" at the end is silent
//! and makes the vowel before it long ("make"). These are rules written by hand, not learned.
//! Phonemes are written in ARPAbet, the plain-letter alphabet of American English sounds
//! ("IY" is the vowel of "heed", "SH" the start of "she").

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The longest text the synthesiser takes, in characters: a few sentences.
pub const MAX_TEXT: usize = 300;

/// The book's words, with their pronunciation in ARPAbet.
const DICTIONARY: &[(&str, &str)] = &[
    ("a", "AX"),
    ("ai", "EY AY"),
    ("an", "AE N"),
    ("and", "AE N D"),
    ("are", "AA R"),
    ("be", "B IY"),
    ("book", "B UH K"),
    ("by", "B AY"),
    ("can", "K AE N"),
    ("code", "K OW D"),
    ("computer", "K AX M P Y UW T ER"),
    ("data", "D EY T AX"),
    ("do", "D UW"),
    ("does", "D AH Z"),
    ("existed", "IH G Z IH S T IH D"),
    ("from", "F R AH M"),
    ("generative", "JH EH N ER AX T IH V"),
    ("had", "HH AE D"),
    ("hawed", "HH AO D"),
    ("head", "HH EH D"),
    ("heard", "HH ER D"),
    ("hears", "HH IY R Z"),
    ("heed", "HH IY D"),
    ("hello", "HH AX L OW"),
    ("hid", "HH IH D"),
    ("hod", "HH AA D"),
    ("hood", "HH UH D"),
    ("hud", "HH AH D"),
    ("i", "AY"),
    ("is", "IH Z"),
    ("it", "IH T"),
    ("learn", "L ER N"),
    ("learned", "L ER N D"),
    ("learns", "L ER N Z"),
    ("machine", "M AX SH IY N"),
    ("make", "M EY K"),
    ("model", "M AA D AX L"),
    ("music", "M Y UW Z IH K"),
    ("my", "M AY"),
    ("never", "N EH V ER"),
    ("new", "N UW"),
    ("of", "AH V"),
    ("one", "W AH N"),
    ("people", "P IY P AX L"),
    ("picture", "P IH K CH ER"),
    ("sentence", "S EH N T AX N S"),
    ("sound", "S AW N D"),
    ("speak", "S P IY K"),
    ("speech", "S P IY CH"),
    ("the", "DH AX"),
    ("this", "DH IH S"),
    ("to", "T UW"),
    ("voice", "V OY S"),
    ("voices", "V OY S IH Z"),
    ("was", "W AA Z"),
    ("what", "W AH T"),
    ("who'd", "HH UW D"),
    ("who", "HH UW"),
    ("word", "W ER D"),
    ("words", "W ER D Z"),
    ("you", "Y UW"),
];

/// The sounds of American English the synthesiser makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)] // each is its ARPAbet name; `Phone::example` says how it sounds
pub enum Phone {
    IY,
    IH,
    EH,
    AE,
    AA,
    AO,
    UH,
    UW,
    AH,
    ER,
    AX,
    EY,
    AY,
    OW,
    AW,
    OY,
    P,
    B,
    T,
    D,
    K,
    G,
    F,
    V,
    TH,
    DH,
    S,
    Z,
    SH,
    ZH,
    HH,
    CH,
    JH,
    M,
    N,
    NG,
    L,
    R,
    W,
    Y,
}

impl Phone {
    /// Every phone, for reading ARPAbet.
    const ALL: [Phone; 40] = {
        use Phone::*;
        [
            IY, IH, EH, AE, AA, AO, UH, UW, AH, ER, AX, EY, AY, OW, AW, OY, P, B, T, D, K, G, F, V,
            TH, DH, S, Z, SH, ZH, HH, CH, JH, M, N, NG, L, R, W, Y,
        ]
    };

    /// The phone an ARPAbet name stands for.
    pub fn parse(name: &str) -> Option<Phone> {
        Phone::ALL.into_iter().find(|p| format!("{p:?}") == name)
    }

    /// Whether the phone is a vowel (the voice's formants carry it).
    pub fn is_vowel(self) -> bool {
        (self as usize) <= (Phone::OY as usize)
    }
}

/// A word and how it is said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    /// The word as written, in lower case.
    pub text: String,
    /// Its phonemes.
    pub phones: Vec<Phone>,
    /// True if the dictionary knew it, false if the letter-to-sound rules made it up.
    pub from_dictionary: bool,
    /// True if a pause (a comma or a full stop) follows it.
    pub pause_after: bool,
}

/// Cuts `text` into words and says how each is pronounced.
///
/// Letters a to z and an apostrophe make words; spaces and the punctuation `. , ; : ! ? -`
/// separate them (the first five also make a pause). Anything else (a digit, a symbol, a letter
/// with an accent) cannot be said, and the error names the word.
///
/// ```
/// use genai_demos::sound::speech::pronounce::{words, Phone};
///
/// let said = words("Hello, shop!")?;
/// assert!(said[0].from_dictionary && said[0].pause_after);
/// assert_eq!(said[1].phones, [Phone::SH, Phone::AA, Phone::P]);
/// assert!(words("route 66").is_err());
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn words(text: &str) -> Result<Vec<Word>> {
    if text.chars().count() > MAX_TEXT {
        return Err(Error::InvalidParameter {
            name: "text",
            value: format!("{} characters long", text.chars().count()),
            expected: "at most 300 characters",
        });
    }
    let mut said: Vec<Word> = Vec::new();
    for piece in text.split_whitespace() {
        let mut current = String::new();
        let flush = |current: &mut String, pause: bool, said: &mut Vec<Word>| -> Result<()> {
            if !current.is_empty() {
                said.push(pronounce(current)?);
                current.clear();
            }
            if pause && let Some(last) = said.last_mut() {
                last.pause_after = true;
            }
            Ok(())
        };
        for c in piece.chars() {
            match c {
                'a'..='z' | 'A'..='Z' | '\'' | '\u{2019}' => {
                    current.push(if c == '\u{2019}' { '\'' } else { c })
                }
                '.' | ',' | ';' | ':' | '!' | '?' => flush(&mut current, true, &mut said)?,
                '-' => flush(&mut current, false, &mut said)?,
                _ => {
                    return Err(Error::CannotSay {
                        word: piece.to_string(),
                        reason: cannot_say(c),
                    });
                }
            }
        }
        flush(&mut current, false, &mut said)?;
    }
    if said.is_empty() {
        return Err(Error::EmptyInput {
            what: "the text to say".into(),
        });
    }
    Ok(said)
}

/// Why a character stops a word being said, and what to type instead.
fn cannot_say(c: char) -> String {
    if c.is_ascii_digit() {
        "the speaker reads letters, not digits; write the number as words".into()
    } else if c.is_alphabetic() {
        "the speaker knows the letters a to z only".into()
    } else {
        "the speaker reads letters and the punctuation . , ; : ! ? - only".into()
    }
}

/// One word (letters and apostrophes): from the dictionary, or by the rules.
pub fn pronounce(word: &str) -> Result<Word> {
    let lower = word.to_ascii_lowercase();
    if let Some((_, arpabet)) = DICTIONARY.iter().find(|(w, _)| *w == lower) {
        let phones = arpabet.split(' ').filter_map(Phone::parse).collect();
        return Ok(Word {
            text: lower,
            phones,
            from_dictionary: true,
            pause_after: false,
        });
    }
    let letters: String = lower.chars().filter(|c| *c != '\'').collect();
    let phones = letters_to_sounds(&letters);
    if phones.is_empty() {
        return Err(Error::CannotSay {
            word: word.to_string(),
            reason: "it has no letters to read".into(),
        });
    }
    Ok(Word {
        text: lower,
        phones,
        from_dictionary: false,
        pause_after: false,
    })
}

/// Letter groups and the sounds they make, longest first; tried in order at each letter.
const RULES: &[(&str, &str)] = &[
    ("tch", "CH"),
    ("igh", "AY"),
    ("sh", "SH"),
    ("ch", "CH"),
    ("th", "TH"),
    ("ph", "F"),
    ("wh", "W"),
    ("ck", "K"),
    ("ng", "NG"),
    ("qu", "K W"),
    ("gh", ""),
    ("ee", "IY"),
    ("ea", "IY"),
    ("oo", "UW"),
    ("ou", "AW"),
    ("ow", "OW"),
    ("ai", "EY"),
    ("ay", "EY"),
    ("oa", "OW"),
    ("oi", "OY"),
    ("oy", "OY"),
    ("au", "AO"),
    ("aw", "AO"),
    ("ew", "UW"),
    ("ie", "IY"),
    ("ar", "AA R"),
    ("er", "ER"),
    ("ir", "ER"),
    ("ur", "ER"),
    ("or", "AO R"),
    ("a", "AE"),
    ("b", "B"),
    ("d", "D"),
    ("e", "EH"),
    ("f", "F"),
    ("g", "G"),
    ("h", "HH"),
    ("i", "IH"),
    ("j", "JH"),
    ("k", "K"),
    ("l", "L"),
    ("m", "M"),
    ("n", "N"),
    ("o", "AA"),
    ("p", "P"),
    ("r", "R"),
    ("s", "S"),
    ("t", "T"),
    ("u", "AH"),
    ("v", "V"),
    ("w", "W"),
    ("x", "K S"),
    ("z", "Z"),
];

/// The letter-to-sound rules: a word of lower-case letters a to z as phonemes.
///
/// Besides [`RULES`]: a silent "e" at the end makes the vowel before a single consonant long
/// ("made": EY), a "c" before e, i or y is soft ("city"), "y" is a consonant at the start of a
/// word and a vowel elsewhere, and a doubled consonant is said once ("hello").
fn letters_to_sounds(word: &str) -> Vec<Phone> {
    let bytes = word.as_bytes();
    let n = bytes.len();
    let vowel = |b: u8| b"aeiou".contains(&b);
    // "make": a vowel, one consonant, then a final e.
    let magic = n >= 3 && bytes[n - 1] == b'e' && !vowel(bytes[n - 2]) && vowel(bytes[n - 3]);
    let mut phones = Vec::new();
    let mut i = 0;
    while i < n {
        let rest = &word[i..];
        let b = bytes[i];
        if i > 0 && b == bytes[i - 1] && !vowel(b) {
            i += 1;
            continue;
        }
        if magic && i == n - 1 {
            break;
        }
        let sounds = if magic && i == n - 3 {
            match b {
                b'a' => "EY",
                b'e' => "IY",
                b'i' => "AY",
                b'o' => "OW",
                _ => "UW",
            }
        } else if b == b'c' {
            if bytes.get(i + 1).is_some_and(|c| b"eiy".contains(c)) {
                "S"
            } else {
                "K"
            }
        } else if b == b'y' {
            if i == 0 { "Y" } else { "IY" }
        } else if b == b'e' && i == n - 1 && n > 2 {
            ""
        } else {
            let (pattern, sounds) = RULES
                .iter()
                .find(|(pattern, _)| rest.starts_with(pattern))
                .copied()
                .unwrap_or(("", ""));
            i += pattern.len().max(1);
            phones.extend(sounds.split(' ').filter_map(Phone::parse));
            continue;
        };
        phones.extend(sounds.split(' ').filter_map(Phone::parse));
        i += 1;
    }
    phones
}

#[cfg(test)]
mod tests {
    use super::*;
    use Phone::*;

    #[test]
    fn the_rules_read_regular_words() {
        assert_eq!(letters_to_sounds("make"), [M, EY, K]);
        assert_eq!(letters_to_sounds("ship"), [SH, IH, P]);
        assert_eq!(letters_to_sounds("city"), [S, IH, T, IY]);
        assert_eq!(letters_to_sounds("yes"), [Y, EH, S]);
        assert_eq!(letters_to_sounds("bell"), [B, EH, L]);
        assert_eq!(letters_to_sounds("night"), [N, AY, T]);
    }

    #[test]
    fn every_dictionary_entry_is_valid_arpabet() {
        for (word, arpabet) in DICTIONARY {
            for name in arpabet.split(' ') {
                assert!(Phone::parse(name).is_some(), "{word}: {name}");
            }
        }
    }

    #[test]
    fn words_it_cannot_say_are_named_in_a_typed_error() {
        let error = words("I am 42 today").unwrap_err();
        assert_eq!(
            error,
            Error::CannotSay {
                word: "42".into(),
                reason: cannot_say('4')
            }
        );
        assert!(
            error
                .to_string()
                .starts_with("The word “42” cannot be said")
        );
        assert!(matches!(words("café"), Err(Error::CannotSay { .. })));
        assert!(matches!(words("a < b"), Err(Error::CannotSay { .. })));
        assert!(matches!(words("  ... "), Err(Error::EmptyInput { .. })));
        assert!(matches!(
            words(&"a ".repeat(400)),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(words("'"), Err(Error::CannotSay { .. })));
    }
}
