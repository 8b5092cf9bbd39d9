//! The measurements the voices learn from: Peterson & Barney's (1952) vowels of 76 speakers.
//!
//! In 1952 Gordon Peterson and Harold Barney recorded 33 men, 28 women and 15 children saying
//! ten words that differ only in their vowel ("heed", "hid", "head", "had", "hod", "hawed",
//! "hood", "who'd", "hud", "heard"), each twice, and measured four numbers in every vowel: the
//! pitch of the voice (F0) and the first three *formants* (F1, F2, F3), the frequencies at which
//! the throat and mouth ring loudest. The file `data/pb52.csv` holds those 1,520 measurements.
//!
//! Source: G. E. Peterson and H. L. Barney, "Control methods used in a study of the vowels",
//! Journal of the Acoustical Society of America 24(2), 175-184 (1952); the table as the R
//! package phonTools lays it out (`pb52`).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// The table itself, one measurement a line after a header:
/// `type,sex,speaker,vowel,repetition,f0,f1,f2,f3`.
pub const PB52_CSV: &str = include_str!("../../../data/pb52.csv");

/// The ten vowels, named by the word each speaker said (X-SAMPA label in the comment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Vowel {
    /// The vowel of "heed" (`i`).
    Heed,
    /// The vowel of "hid" (`I`).
    Hid,
    /// The vowel of "head" (`E`).
    Head,
    /// The vowel of "had" (`{`).
    Had,
    /// The vowel of "hod" (`A`).
    Hod,
    /// The vowel of "hawed" (`O`).
    Hawed,
    /// The vowel of "hood" (`U`).
    Hood,
    /// The vowel of "who'd" (`u`).
    Whod,
    /// The vowel of "hud" (`V`).
    Hud,
    /// The vowel of "heard" (`3'`).
    Heard,
}

impl Vowel {
    /// All ten, in the order of the study's table.
    pub const ALL: [Vowel; 10] = [
        Vowel::Heed,
        Vowel::Hid,
        Vowel::Head,
        Vowel::Had,
        Vowel::Hod,
        Vowel::Hawed,
        Vowel::Hood,
        Vowel::Whod,
        Vowel::Hud,
        Vowel::Heard,
    ];

    /// The word the speakers said for this vowel.
    pub fn word(self) -> &'static str {
        match self {
            Vowel::Heed => "heed",
            Vowel::Hid => "hid",
            Vowel::Head => "head",
            Vowel::Had => "had",
            Vowel::Hod => "hod",
            Vowel::Hawed => "hawed",
            Vowel::Hood => "hood",
            Vowel::Whod => "who'd",
            Vowel::Hud => "hud",
            Vowel::Heard => "heard",
        }
    }

    /// The vowel's label in the data file (X-SAMPA).
    pub fn label(self) -> &'static str {
        match self {
            Vowel::Heed => "i",
            Vowel::Hid => "I",
            Vowel::Head => "E",
            Vowel::Had => "{",
            Vowel::Hod => "A",
            Vowel::Hawed => "O",
            Vowel::Hood => "U",
            Vowel::Whod => "u",
            Vowel::Hud => "V",
            Vowel::Heard => "3'",
        }
    }

    /// The vowel's place in [`Vowel::ALL`], from 0 to 9.
    pub fn index(self) -> usize {
        self as usize
    }

    fn from_label(label: &str) -> Option<Vowel> {
        Vowel::ALL.into_iter().find(|v| v.label() == label)
    }
}

/// Who was speaking: the study's three groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Group {
    /// A man.
    Man,
    /// A woman.
    Woman,
    /// A child (boys and girls).
    Child,
}

impl Group {
    /// The three groups, in the order of the data file.
    pub const ALL: [Group; 3] = [Group::Man, Group::Woman, Group::Child];

    /// The group's name, plural, as a chart's legend says it.
    pub fn plural(self) -> &'static str {
        match self {
            Group::Man => "men",
            Group::Woman => "women",
            Group::Child => "children",
        }
    }
}

/// One line of the table: one speaker saying one vowel once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Man, woman or child.
    pub group: Group,
    /// The speaker's number, from 1 to 76.
    pub speaker: u32,
    /// Which vowel.
    pub vowel: Vowel,
    /// First or second time (1 or 2).
    pub repetition: u8,
    /// The pitch of the voice, in hertz.
    pub f0: f64,
    /// The first three formants, in hertz.
    pub formants: [f64; 3],
}

/// All 1,520 measurements, read from [`PB52_CSV`].
///
/// ```
/// use genai_demos::sound::speech::vowels::measurements;
///
/// let table = measurements()?;
/// assert_eq!(table.len(), 1520);
/// assert_eq!(table[0].formants, [240.0, 2280.0, 2850.0]); // speaker 1, "heed"
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn measurements() -> Result<Vec<Measurement>> {
    let mut rows = Vec::new();
    for (i, line) in PB52_CSV.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        rows.push(parse(line).map_err(|reason| Error::MalformedLine {
            line: i + 1,
            reason,
        })?);
    }
    Ok(rows)
}

/// One line of the table, or what was wrong with it.
fn parse(line: &str) -> std::result::Result<Measurement, String> {
    let fields: Vec<&str> = line.trim().split(',').collect();
    let [kind, _sex, speaker, vowel, repetition, f0, f1, f2, f3] = fields[..] else {
        return Err(format!("it has {} fields instead of 9", fields.len()));
    };
    let group = match kind {
        "m" => Group::Man,
        "w" => Group::Woman,
        "c" => Group::Child,
        other => return Err(format!("the speaker type {other} is not m, w or c")),
    };
    let vowel = Vowel::from_label(vowel).ok_or(format!("the vowel {vowel} is unknown"))?;
    let whole = |text: &str| {
        text.parse::<u32>()
            .map_err(|_| format!("{text} is not a number"))
    };
    let hertz = |text: &str| whole(text).map(f64::from);
    Ok(Measurement {
        group,
        speaker: whole(speaker)?,
        vowel,
        repetition: u8::try_from(whole(repetition)?).map_err(|_| "repetition too big")?,
        f0: hertz(f0)?,
        formants: [hertz(f1)?, hertz(f2)?, hertz(f3)?],
    })
}

/// The average of F0, F1, F2 and F3 of one group saying one vowel, in hertz.
pub fn group_means(table: &[Measurement], group: Group, vowel: Vowel) -> [f64; 4] {
    let mut sum = [0.0; 4];
    let mut count = 0.0;
    for m in table
        .iter()
        .filter(|m| m.group == group && m.vowel == vowel)
    {
        sum[0] += m.f0;
        for j in 0..3 {
            sum[j + 1] += m.formants[j];
        }
        count += 1.0;
    }
    sum.map(|s| if count > 0.0 { s / count } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The averages printed in Peterson & Barney's Table II, "Averages of fundamental and
    /// formant frequencies and formant amplitudes of vowels by 76 speakers" (JASA 24, p. 183):
    /// F0, F1, F2, F3 in hertz, per group, in the order of [`Vowel::ALL`]. All 120 figures were
    /// checked against three public transcriptions of that table, which agree with these and
    /// with each other figure for figure: the formant data of the Gamma audio library
    /// (`Gamma/FormantData.h`), the notes on the paper kept with the Qlatt synthesiser
    /// (`papers/Peterson_Barney_1952_VowelControl/notes.md`), and a speech lesson's test that
    /// types Table II in again.
    const PUBLISHED: [(Group, [[f64; 4]; 10]); 3] = [
        (
            Group::Man,
            [
                [136.0, 270.0, 2290.0, 3010.0],
                [135.0, 390.0, 1990.0, 2550.0],
                [130.0, 530.0, 1840.0, 2480.0],
                [127.0, 660.0, 1720.0, 2410.0],
                [124.0, 730.0, 1090.0, 2440.0],
                [129.0, 570.0, 840.0, 2410.0],
                [137.0, 440.0, 1020.0, 2240.0],
                [141.0, 300.0, 870.0, 2240.0],
                [130.0, 640.0, 1190.0, 2390.0],
                [133.0, 490.0, 1350.0, 1690.0],
            ],
        ),
        (
            Group::Woman,
            [
                [235.0, 310.0, 2790.0, 3310.0],
                [232.0, 430.0, 2480.0, 3070.0],
                [223.0, 610.0, 2330.0, 2990.0],
                [210.0, 860.0, 2050.0, 2850.0],
                [212.0, 850.0, 1220.0, 2810.0],
                [216.0, 590.0, 920.0, 2710.0],
                [232.0, 470.0, 1160.0, 2680.0],
                [231.0, 370.0, 950.0, 2670.0],
                [221.0, 760.0, 1400.0, 2780.0],
                [218.0, 500.0, 1640.0, 1960.0],
            ],
        ),
        (
            Group::Child,
            [
                [272.0, 370.0, 3200.0, 3730.0],
                [269.0, 530.0, 2730.0, 3600.0],
                [260.0, 690.0, 2610.0, 3570.0],
                [251.0, 1010.0, 2320.0, 3320.0],
                [256.0, 1030.0, 1370.0, 3170.0],
                [263.0, 680.0, 1060.0, 3180.0],
                [276.0, 560.0, 1410.0, 3310.0],
                [274.0, 430.0, 1170.0, 3260.0],
                [261.0, 850.0, 1590.0, 3360.0],
                [261.0, 560.0, 1820.0, 2160.0],
            ],
        ),
    ];

    #[test]
    fn the_table_has_every_speaker_vowel_and_repetition() {
        let table = measurements().unwrap();
        assert_eq!(table.len(), 1520);
        let speakers: BTreeSet<u32> = table.iter().map(|m| m.speaker).collect();
        assert_eq!(speakers.len(), 76);
        let vowels: BTreeSet<Vowel> = table.iter().map(|m| m.vowel).collect();
        assert_eq!(vowels.len(), 10);
        for speaker in &speakers {
            for vowel in Vowel::ALL {
                let reps: Vec<u8> = table
                    .iter()
                    .filter(|m| m.speaker == *speaker && m.vowel == vowel)
                    .map(|m| m.repetition)
                    .collect();
                assert_eq!(reps, [1, 2], "speaker {speaker}, {vowel:?}");
            }
        }
        let count = |g| {
            let ids: BTreeSet<u32> = table
                .iter()
                .filter(|m| m.group == g)
                .map(|m| m.speaker)
                .collect();
            ids.len()
        };
        assert_eq!(
            (count(Group::Man), count(Group::Woman), count(Group::Child)),
            (33, 28, 15)
        );
    }

    /// The table's own averages agree with the ones the paper printed. Not exactly: the paper
    /// rounded its formants to 10 Hz and its F0 to 1 Hz, and the digital table was typed again
    /// from the printed measurements decades later. The largest gaps are 4.3 Hz in F0, 14.1 Hz
    /// in F1, 23.3 Hz in F2 and 83.3 Hz in F3 (children's "hawed"), at most 2.7% of the figure;
    /// a wrong vowel, group or column is off by far more.
    #[test]
    fn the_means_match_the_published_table() {
        let table = measurements().unwrap();
        for (group, rows) in PUBLISHED {
            for (vowel, published) in Vowel::ALL.into_iter().zip(rows) {
                let ours = group_means(&table, group, vowel);
                for k in 0..4 {
                    let error = (ours[k] - published[k]).abs() / published[k];
                    let hertz = (ours[k] - published[k]).abs();
                    assert!(
                        error < 0.03 && hertz <= [5.0, 15.0, 25.0, 85.0][k],
                        "{group:?} {vowel:?} F{k}: {:.0} against {}",
                        ours[k],
                        published[k]
                    );
                }
            }
        }
    }

    #[test]
    fn a_bad_line_is_a_typed_error() {
        assert!(parse("m,m,1,x,1,160,240,2280,2850").is_err());
        assert!(parse("m,m,1,i,1,160,240").is_err());
        assert!(parse("q,m,1,i,1,160,240,2280,2850").is_err());
    }
}
