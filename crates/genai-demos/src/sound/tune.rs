//! Tunes as data: the text format the bakery tunes are written in, notes as numbers, and the
//! piano-roll picture of a tune.
//!
//! A melody model cannot learn from sound directly here; it learns from a score. Each note is
//! written `PITCH/BEATS` (`C4/1`, `F#4/0.5`, `R/2` for a rest) and becomes two numbers: a MIDI
//! pitch (middle C is 60, each step up a piano key adds 1) and a length in beats.

use crate::error::{Error, Result};
use crate::show::chart::{self, Chart, INK, PALETTE, font};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// The tunes written for the book, in the format described at the top of the file.
pub const BAKERY_TUNES: &str = include_str!("../../data/tunes.txt");

/// The longest note the format accepts, in beats (four bars of 4/4).
pub const MAX_BEATS: f64 = 16.0;

/// Note names inside one octave, from C up; black keys are written with a sharp.
const NAMES: [&str; 12] = [
    "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B",
];

/// One event of a melody: a pitch (or a rest) held for some beats.
///
/// ```
/// use genai_demos::sound::tune::Note;
///
/// let a = Note::parse("A4/0.5")?;
/// assert_eq!(a.pitch, Some(69)); // the A above middle C is MIDI note 69
/// assert_eq!(a.beats, 0.5);
/// assert_eq!(a.to_string(), "A4/0.5");
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// The MIDI number of the pitch (60 is middle C), or `None` for a rest.
    pub pitch: Option<u8>,
    /// How long the note lasts, in beats.
    pub beats: f64,
}

impl Note {
    /// Reads one `PITCH/BEATS` token, so a notebook can write notes the way the tune file does.
    pub fn parse(token: &str) -> Result<Note> {
        parse_token(token).map_err(|reason| Error::MalformedLine { line: 1, reason })
    }

    /// Checks that a note made by hand is one the models and the synthesiser can use.
    pub(crate) fn check(&self) -> Result<()> {
        if let Some(pitch) = self.pitch
            && pitch > 127
        {
            return Err(Error::InvalidParameter {
                name: "pitch",
                value: pitch.to_string(),
                expected: "a MIDI note number from 0 to 127",
            });
        }
        // Quarter beats are the shortest notes the format writes; a floor also keeps a melody
        // of a given number of beats from needing millions of notes.
        crate::error::finite_in(
            "beats",
            self.beats,
            0.25..=MAX_BEATS,
            "a number of beats from 0.25 to 16",
        )
    }

    /// Orders notes by pitch (rests first), then by length, so tables list them the same way
    /// every time.
    pub(crate) fn order(&self, other: &Note) -> std::cmp::Ordering {
        self.pitch
            .cmp(&other.pitch)
            .then(self.beats.total_cmp(&other.beats))
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pitch {
            Some(pitch) => write!(f, "{}/{}", note_name(pitch), self.beats),
            None => write!(f, "R/{}", self.beats),
        }
    }
}

/// The name of a MIDI pitch, like `C4` for 60 or `F#4` for 66, for axes and tables.
///
/// ```
/// use genai_demos::sound::tune::note_name;
///
/// assert_eq!(note_name(60), "C4");
/// assert_eq!(note_name(69), "A4");
/// assert_eq!(note_name(58), "A#3");
/// ```
pub fn note_name(pitch: u8) -> String {
    let octave = i32::from(pitch / 12) - 1;
    format!("{}{octave}", NAMES[usize::from(pitch % 12)])
}

/// A named melody: the unit the model learns from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tune {
    /// The title from the `tune:` line.
    pub title: String,
    /// The notes and rests, in order.
    pub notes: Vec<Note>,
}

impl Tune {
    /// How long the tune lasts, in beats.
    pub fn beats(&self) -> f64 {
        self.notes.iter().map(|n| n.beats).sum()
    }

    /// The tune as a piano roll: time runs to the right, higher notes sit higher.
    pub fn piano_roll(&self) -> Result<Chart> {
        piano_roll(
            &format!("Piano roll of \u{201c}{}\u{201d}", self.title),
            &self.notes,
            None,
        )
    }
}

/// The tunes written for the book, parsed.
///
/// ```
/// let tunes = genai_demos::sound::tune::bakery_tunes()?;
/// assert_eq!(tunes.len(), 17);
/// assert_eq!(tunes[0].title, "The Early Oven");
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn bakery_tunes() -> Result<Vec<Tune>> {
    parse_tunes(BAKERY_TUNES)
}

/// Reads tunes written in the book's format: a `tune: <title>` line, then lines of `PITCH/BEATS`
/// tokens; lines starting with `#` are comments.
///
/// A mistake names its line, so a student editing a tune can find it.
///
/// ```
/// use genai_demos::sound::tune::parse_tunes;
///
/// let tunes = parse_tunes("tune: Up\nC4/1 D4/1\nE4/2\n")?;
/// let pitches: Vec<Option<u8>> = tunes[0].notes.iter().map(|n| n.pitch).collect();
/// assert_eq!(pitches, [Some(60), Some(62), Some(64)]);
/// assert!(parse_tunes("tune: Bad\nC4/1 H4/1").is_err()); // there is no note H
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn parse_tunes(text: &str) -> Result<Vec<Tune>> {
    let mut tunes: Vec<Tune> = Vec::new();
    // The line of the current tune's title, to blame if the tune ends up with no notes.
    let mut title_line = 0;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(title) = content.strip_prefix("tune:") {
            check_not_empty(tunes.last(), title_line)?;
            let title = title.trim();
            if title.is_empty() {
                return Err(Error::MalformedLine {
                    line,
                    reason: "“tune:” needs a title after it".into(),
                });
            }
            tunes.push(Tune {
                title: title.to_string(),
                notes: Vec::new(),
            });
            title_line = line;
            continue;
        }
        let Some(tune) = tunes.last_mut() else {
            return Err(Error::MalformedLine {
                line,
                reason: "notes come before the first “tune: <title>” line".into(),
            });
        };
        for token in content.split_whitespace() {
            let note =
                parse_token(token).map_err(|reason| Error::MalformedLine { line, reason })?;
            tune.notes.push(note);
        }
    }
    check_not_empty(tunes.last(), title_line)?;
    if tunes.is_empty() {
        return Err(Error::EmptyCorpus {
            what: "the tune file (it has no “tune:” lines)".into(),
        });
    }
    Ok(tunes)
}

/// Reads a line of notes without a title, like `"C4/1 E4/1 G4/2"`, for a notebook cell.
///
/// ```
/// let notes = genai_demos::sound::tune::parse_notes("C4/1 R/1 Bb3/2")?;
/// assert_eq!(notes[2].pitch, Some(58));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn parse_notes(text: &str) -> Result<Vec<Note>> {
    let mut notes = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for token in line.split_whitespace() {
            let note = parse_token(token).map_err(|reason| Error::MalformedLine {
                line: index + 1,
                reason,
            })?;
            notes.push(note);
        }
    }
    Ok(notes)
}

/// A tune whose title is followed by no notes is a mistake in the file, reported at its title.
fn check_not_empty(tune: Option<&Tune>, title_line: usize) -> Result<()> {
    match tune {
        Some(tune) if tune.notes.is_empty() => Err(Error::MalformedLine {
            line: title_line,
            reason: format!("the tune “{}” has no notes", tune.title),
        }),
        _ => Ok(()),
    }
}

/// Reads `PITCH/BEATS`; on a mistake, says what was wrong in a sentence.
fn parse_token(token: &str) -> std::result::Result<Note, String> {
    let Some((pitch_text, beats_text)) = token.split_once('/') else {
        return Err(format!(
            "`{token}` has no length: write a note as PITCH/BEATS, like C4/1"
        ));
    };
    let pitch = if pitch_text == "R" {
        None
    } else {
        Some(parse_pitch(pitch_text).ok_or_else(|| {
            format!(
                "`{token}`: a pitch is a letter A to G, maybe # or b, then an octave digit \
                 (like F#4), or R for a rest"
            )
        })?)
    };
    let beats = parse_beats(beats_text).ok_or_else(|| {
        format!(
            "`{token}`: a length is a number of beats above 0 and at most 16, in steps of a \
             quarter beat (0.5, 1, 1.5, 2 ...)"
        )
    })?;
    Ok(Note { pitch, beats })
}

/// `C4` → 60, `F#4` → 66, `Bb3` → 58; `None` if the text is not a pitch.
fn parse_pitch(text: &str) -> Option<u8> {
    let mut chars = text.chars();
    // Semitones above C inside one octave.
    let step: i32 = match chars.next()? {
        'C' => 0,
        'D' => 2,
        'E' => 4,
        'F' => 5,
        'G' => 7,
        'A' => 9,
        'B' => 11,
        _ => return None,
    };
    let rest = chars.as_str();
    let (accidental, octave_text) = if let Some(after) = rest.strip_prefix('#') {
        (1, after)
    } else if let Some(after) = rest.strip_prefix('b') {
        (-1, after)
    } else {
        (0, rest)
    };
    // One octave digit: octave 4 starts at middle C.
    let mut digits = octave_text.chars();
    let octave = digits.next()?.to_digit(10)?;
    if digits.next().is_some() {
        return None;
    }
    let midi = 12 * (octave as i32 + 1) + step + accidental;
    u8::try_from(midi).ok().filter(|&m| m <= 127)
}

/// `0.5` → 0.5; `None` unless a positive whole number of quarter beats up to [`MAX_BEATS`].
/// Quarter beats are exact in binary, so equal lengths compare equal.
fn parse_beats(text: &str) -> Option<f64> {
    let beats: f64 = text.parse().ok()?;
    let quarters = beats * 4.0;
    let whole = beats.is_finite() && quarters.fract() == 0.0;
    (whole && beats > 0.0 && beats <= MAX_BEATS).then_some(beats)
}

/// Draws notes as a piano roll: one block per note, time in beats to the right, pitch upward, with
/// note names on the side. Notes inside `highlight` (by index) are drawn in a second colour, to
/// show, say, a stretch copied from a training tune.
///
/// ```
/// use genai_demos::sound::tune::{parse_notes, piano_roll};
///
/// let notes = parse_notes("C4/1 E4/1 G4/2")?;
/// let chart = piano_roll("Three notes climbing", &notes, None)?;
/// assert!(chart.svg().contains("G4"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn piano_roll(title: &str, notes: &[Note], highlight: Option<Range<usize>>) -> Result<Chart> {
    for note in notes {
        note.check()?;
    }
    let pitches: Vec<u8> = notes.iter().filter_map(|n| n.pitch).collect();
    let (Some(&low), Some(&high)) = (pitches.iter().min(), pitches.iter().max()) else {
        return Err(Error::Chart("there are no pitched notes to draw".into()));
    };
    let total: f64 = notes.iter().map(|n| n.beats).sum();
    // One empty key above and below, so no bar touches the frame.
    let y_range = (f64::from(low) - 1.5)..(f64::from(high) + 1.5);
    let keys = usize::from(high - low) + 3;
    let highlight = highlight.unwrap_or(0..0);
    Chart::draw(title, (chart::WIDTH, chart::HEIGHT), |root| {
        let mut roll = ChartBuilder::on(root)
            .caption(title, font(22))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..total.max(1.0), y_range)?;
        roll.configure_mesh()
            .x_desc("time (beats)")
            .y_desc("pitch")
            .axis_style(INK)
            .bold_line_style(INK.mix(0.12))
            .light_line_style(INK.mix(0.0))
            .label_style(font(13))
            .axis_desc_style(font(16))
            .x_label_formatter(&|x: &f64| format!("{x}"))
            .y_labels(keys)
            .y_label_formatter(&|y: &f64| key_label(*y))
            .draw()?;
        let mut start = 0.0;
        for (index, note) in notes.iter().enumerate() {
            if let Some(pitch) = note.pitch {
                let color = if highlight.contains(&index) {
                    PALETTE[4]
                } else {
                    PALETTE[1]
                };
                let y = f64::from(pitch);
                // A small gap after each note keeps repeated notes apart.
                let end = start + note.beats - (0.06_f64).min(note.beats / 4.0);
                let corners = [(start, y - 0.4), (end, y + 0.4)];
                roll.draw_series([Rectangle::new(corners, color.filled())])?;
                roll.draw_series([Rectangle::new(corners, INK.mix(0.5))])?;
            }
            start += note.beats;
        }
        Ok(())
    })
}

/// Labels the white keys on the pitch axis; black keys and in-between ticks stay unlabelled.
fn key_label(y: f64) -> String {
    let rounded = y.round();
    if (y - rounded).abs() > 1e-6 || !(0.0..=127.0).contains(&rounded) {
        return String::new();
    }
    let name = note_name(rounded as u8);
    if name.contains('#') {
        String::new()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pitches(tune: &Tune) -> Vec<Option<u8>> {
        tune.notes.iter().map(|n| n.pitch).collect()
    }

    #[test]
    fn pitches_are_midi_numbers() {
        let tunes = parse_tunes("tune: T\nA4/1 C4/1 Bb3/2 F#4/0.5 R/1 C5/1 B3/0.25 Cb4/1").unwrap();
        assert_eq!(
            pitches(&tunes[0]),
            [
                Some(69),
                Some(60),
                Some(58),
                Some(66),
                None,
                Some(72),
                Some(59),
                Some(59)
            ]
        );
        let beats: Vec<f64> = tunes[0].notes.iter().map(|n| n.beats).collect();
        assert_eq!(beats, [1.0, 1.0, 2.0, 0.5, 1.0, 1.0, 0.25, 1.0]);
        assert_eq!(tunes[0].beats(), 7.75);
    }

    #[test]
    fn tunes_comments_and_blank_lines() {
        let text = "# a comment\n\ntune: One\nC4/1\n  D4/1  E4/2\n# between\ntune:  Two \nR/4\n";
        let tunes = parse_tunes(text).unwrap();
        assert_eq!(tunes.len(), 2);
        assert_eq!(tunes[0].title, "One");
        assert_eq!(pitches(&tunes[0]), [Some(60), Some(62), Some(64)]);
        assert_eq!(tunes[1].title, "Two");
        assert_eq!(
            tunes[1].notes,
            [Note {
                pitch: None,
                beats: 4.0
            }]
        );
    }

    fn bad_line(text: &str) -> (usize, String) {
        match parse_tunes(text) {
            Err(Error::MalformedLine { line, reason }) => (line, reason),
            other => panic!("expected a malformed line, got {other:?}"),
        }
    }

    #[test]
    fn malformed_tokens_name_their_line() {
        let (line, reason) = bad_line("tune: T\nC4/1 D4/1\n\nE4/1 H4/1\n");
        assert_eq!(line, 4);
        assert!(
            reason.contains("H4/1") && reason.contains("pitch"),
            "{reason}"
        );
        let (line, reason) = bad_line("tune: T\nC4\n");
        assert_eq!(line, 2);
        assert!(reason.contains("PITCH/BEATS"), "{reason}");
        for bad in [
            "C4/0", "C4/-1", "C4/0.3", "C4/NaN", "C4/inf", "C4/17", "C4/x",
        ] {
            let (line, reason) = bad_line(&format!("tune: T\n{bad}"));
            assert_eq!(line, 2, "{bad}");
            assert!(reason.contains("length"), "{bad}: {reason}");
        }
        for bad in ["c4/1", "C/1", "C44/1", "C#b4/1", "G#9/1", "Rest/1", "/1"] {
            let (_, reason) = bad_line(&format!("tune: T\n{bad}"));
            assert!(reason.contains("pitch"), "{bad}: {reason}");
        }
    }

    #[test]
    fn structure_mistakes_are_reported() {
        let (line, reason) = bad_line("# intro\nC4/1\ntune: Late\nC4/1");
        assert_eq!(line, 2);
        assert!(reason.contains("before the first"));
        let (line, reason) = bad_line("tune:\nC4/1");
        assert_eq!((line, reason.contains("title")), (1, true));
        let (line, reason) = bad_line("tune: Silent\n\ntune: Next\nC4/1");
        assert_eq!(line, 1);
        assert!(reason.contains("Silent"));
        let (line, _) = bad_line("tune: A\nC4/1\ntune: Last\n");
        assert_eq!(line, 3);
        assert!(matches!(
            parse_tunes("# only comments\n\n"),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(matches!(parse_tunes(""), Err(Error::EmptyCorpus { .. })));
    }

    #[test]
    fn the_bakery_tunes_parse() {
        let tunes = bakery_tunes().unwrap();
        assert_eq!(tunes.len(), 17);
        assert_eq!(tunes[16].title, "Tea Cake Trot");
        for tune in &tunes {
            assert!(tune.notes.len() >= 20, "{} is short", tune.title);
            for note in &tune.notes {
                if let Some(p) = note.pitch {
                    // G3 (55) to E5 (76) is the range the file promises (octaves 3 to 5).
                    assert!((55..=76).contains(&p), "{}: {note}", tune.title);
                }
            }
        }
        // "The Early Oven" opens C4 E4 G4 E4 and lasts 8 bars of 4/4.
        assert_eq!(
            &pitches(&tunes[0])[..4],
            [Some(60), Some(64), Some(67), Some(64)]
        );
        assert_eq!(tunes[0].beats(), 32.0);
    }

    #[test]
    fn names_and_display_round_trip() {
        assert_eq!(note_name(0), "C-1");
        assert_eq!(note_name(61), "C#4");
        assert_eq!(note_name(127), "G9");
        for token in ["C4/1", "F#4/0.5", "R/2", "G9/16", "C0/0.25"] {
            assert_eq!(Note::parse(token).unwrap().to_string(), token);
        }
        assert!(matches!(
            parse_notes("C4/1\nC4/1 X/1"),
            Err(Error::MalformedLine { line: 2, .. })
        ));
    }

    #[test]
    fn hand_made_notes_are_checked() {
        let bad = [
            Note {
                pitch: Some(128),
                beats: 1.0,
            },
            Note {
                pitch: Some(60),
                beats: 0.0,
            },
            Note {
                pitch: None,
                beats: f64::NAN,
            },
            Note {
                pitch: None,
                beats: 100.0,
            },
            Note {
                pitch: None,
                beats: 0.1,
            },
        ];
        for note in bad {
            assert!(matches!(note.check(), Err(Error::InvalidParameter { .. })));
        }
    }

    #[test]
    fn piano_roll_names_the_keys_and_is_deterministic() {
        let tune = &bakery_tunes().unwrap()[0];
        let a = tune.piano_roll().unwrap();
        let b = tune.piano_roll().unwrap();
        assert_eq!(a.svg(), b.svg());
        for name in ["G3", "C4", "C5"] {
            assert!(a.svg().contains(&format!("\n{name}\n")), "no {name} label");
        }
        assert!(!a.svg().contains("\nC#4\n"));
        let rests = parse_notes("R/1 R/2").unwrap();
        assert!(matches!(
            piano_roll("t", &rests, None),
            Err(Error::Chart(_))
        ));
    }
}
