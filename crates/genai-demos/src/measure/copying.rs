//! The copy meter: how much of a generated text appears word for word in the training data.
//!
//! A generator learns patterns, not passages, but a pattern learned from little data can be so
//! specific that it replays the data. The meter checks every run of 5, 8 and 12 pieces of a
//! generated text against the training text and reports the share found there, and the longest
//! run copied. It also labels each generated sentence "in the training set" or "new", the way
//! one checks whether a generated name already exists.
//!
//! The index is a *suffix array*: every position of the training text, sorted alphabetically
//! by what follows it. All positions where a run starts then sit next to each other, so a
//! binary search finds out in a few steps whether the run is there.

use crate::error::{Error, Result};
use crate::generate::ngram::{BOS, END, NGram, XAxis};
use crate::generate::sampling::Sampler;
use crate::show::chart::{Chart, Series};
use crate::text::tokenize;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The run lengths the meter reports, in pieces.
pub const RUN_LENGTHS: [usize; 3] = [5, 8, 12];

/// Stands between two documents in the index, so no run is found across a document break.
const SEPARATOR: u32 = u32::MAX;
/// Stands for a generated piece the training text never had: it matches nothing.
const NEVER_SEEN: u32 = u32::MAX - 1;

/// An index of the training text that answers "does this run of pieces occur in it?".
///
/// ```
/// use genai_demos::measure::copying::CopyMeter;
///
/// let meter = CopyMeter::new(&[vec!["the", "baker", "bakes", "bread"]])?;
/// assert!(meter.contains(&["baker", "bakes"]));
/// assert!(!meter.contains(&["bakes", "baker"]));
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CopyMeter {
    /// Piece to number.
    ids: BTreeMap<String, u32>,
    /// The training pieces as numbers, documents joined by [`SEPARATOR`].
    text: Vec<u32>,
    /// Every position of `text`, sorted by the pieces that follow it.
    suffixes: Vec<u32>,
    /// Words the labelled sentences write with a capital (names such as "nell").
    capitalized: BTreeSet<String>,
}

/// The share of one run length that was copied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunShare {
    /// The run length, in pieces.
    pub length: usize,
    /// How many runs of this length the text has (runs do not cross paragraph breaks).
    pub runs: usize,
    /// How many of them appear word for word in the training text.
    pub copied: usize,
    /// `copied / runs`, or `None` when the text is too short to have such a run.
    pub share: Option<f64>,
}

/// One generated sentence, labelled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledSentence {
    /// The sentence as readable text.
    pub text: String,
    /// How many pieces it has.
    pub pieces: usize,
    /// True if the whole sentence appears word for word in the training text.
    pub in_training: bool,
}

/// What the copy meter found in one generated text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyReport {
    /// How many pieces were measured (markers not counted).
    pub pieces: usize,
    /// The copied share for each of [`RUN_LENGTHS`].
    pub runs: Vec<RunShare>,
    /// The length of the longest run found word for word in the training text.
    pub longest_run: usize,
    /// That run's pieces.
    pub longest_run_pieces: Vec<String>,
    /// Every sentence of the text, labelled "in the training set" or "new".
    pub sentences: Vec<LabelledSentence>,
    /// How many sentences were found whole in the training text.
    pub sentences_in_training: usize,
}

impl CopyReport {
    /// Shows the findings in a notebook: the shares, then every sentence labelled
    /// "in the training set" or "new".
    pub fn evcxr_display(&self) {
        let mut summary = format!("{} pieces; ", self.pieces);
        for run in &self.runs {
            let share = run
                .share
                .map_or("-".to_string(), |s| format!("{:.0}%", 100.0 * s));
            summary.push_str(&format!("{}-piece runs copied: {share}; ", run.length));
        }
        summary.push_str(&format!(
            "longest copied run: {} pieces; sentences in the training set: {} of {}",
            self.longest_run,
            self.sentences_in_training,
            self.sentences.len()
        ));
        let mut plain = format!("{summary}\n");
        let mut html = format!(
            "<div class=\"genai-copy\"><p>{}</p><ul>",
            crate::show::display::escape_xml(&summary)
        );
        for sentence in &self.sentences {
            let label = if sentence.in_training {
                "in the training set"
            } else {
                "new"
            };
            plain.push_str(&format!("[{label}] {}\n", sentence.text));
            html.push_str(&format!(
                "<li><strong>{label}</strong>: {}</li>",
                crate::show::display::escape_xml(&sentence.text)
            ));
        }
        html.push_str("</ul></div>");
        crate::show::display::show(&[("text/html", &html), ("text/plain", &plain)]);
    }

    /// The copied share for runs of `length` pieces, if that length was measured.
    pub fn share(&self, length: usize) -> Option<f64> {
        self.runs
            .iter()
            .find(|r| r.length == length)
            .and_then(|r| r.share)
    }
}

impl CopyMeter {
    /// Indexes the training documents (each a list of pieces).
    pub fn new<S: AsRef<str>>(documents: &[Vec<S>]) -> Result<CopyMeter> {
        let mut ids = BTreeMap::new();
        let mut text = Vec::new();
        for document in documents {
            if document.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push(SEPARATOR);
            }
            for piece in document {
                let next = ids.len() as u32;
                let id = *ids.entry(piece.as_ref().to_string()).or_insert(next);
                text.push(id);
            }
        }
        if text.is_empty() {
            return Err(Error::EmptyCorpus {
                what: "the training text for the copy meter".into(),
            });
        }
        let mut suffixes: Vec<u32> = (0..text.len() as u32).collect();
        suffixes.sort_by(|&a, &b| text[a as usize..].cmp(&text[b as usize..]));
        Ok(CopyMeter {
            ids,
            text,
            suffixes,
            capitalized: BTreeSet::new(),
        })
    }

    /// The same meter, writing `words` with a capital in the sentences it labels (names such
    /// as "nell", found by [`tokenize::capitalized_words`]). Only the reading changes; what
    /// counts as copied does not.
    ///
    /// ```
    /// use genai_demos::measure::copying::CopyMeter;
    ///
    /// let names = ["nell".to_string()].into_iter().collect();
    /// let meter = CopyMeter::new(&[vec!["then", "nell", "bakes", "."]])?.with_capitalized(names);
    /// assert_eq!(meter.measure(&["nell", "bakes", "."]).sentences[0].text, "Nell bakes.");
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn with_capitalized(mut self, words: BTreeSet<String>) -> CopyMeter {
        self.capitalized = words;
        self
    }

    /// The meter for the bakery prose, every paragraph, with the bakery's names capitalized.
    pub fn bakery() -> Result<CopyMeter> {
        let names = tokenize::capitalized_words(&crate::data::corpus::bakery_text());
        Ok(CopyMeter::new(&crate::data::corpus::bakery_documents())?.with_capitalized(names))
    }

    fn to_ids<S: AsRef<str>>(&self, pieces: &[S]) -> Vec<u32> {
        pieces
            .iter()
            .map(|p| self.ids.get(p.as_ref()).copied().unwrap_or(NEVER_SEEN))
            .collect()
    }

    /// True if `run` appears word for word, inside one training document. The empty run is
    /// everywhere.
    pub fn contains<S: AsRef<str>>(&self, run: &[S]) -> bool {
        self.contains_ids(&self.to_ids(run))
    }

    fn contains_ids(&self, run: &[u32]) -> bool {
        // The first suffix that sorts at or after the run; if any suffix starts with the run,
        // this one does.
        let prefix = |start: u32| {
            let start = start as usize;
            let end = (start + run.len()).min(self.text.len());
            &self.text[start..end]
        };
        let first = self.suffixes.partition_point(|&s| prefix(s) < run);
        match self.suffixes.get(first) {
            Some(&s) => prefix(s) == run,
            None => run.is_empty(),
        }
    }

    /// For every position of `ids`, the length of the longest copied run ending there.
    ///
    /// A run inside a copied run is copied too, so as the end moves right the start never has
    /// to move left: one pass with two pointers does it.
    fn longest_ending_at(&self, ids: &[u32]) -> Vec<usize> {
        let mut lengths = Vec::with_capacity(ids.len());
        let mut start = 0;
        for end in 0..ids.len() {
            while start <= end && !self.contains_ids(&ids[start..=end]) {
                start += 1;
            }
            lengths.push(end + 1 - start);
        }
        lengths
    }

    /// Measures a generated text: the copied share of its 5-, 8- and 12-piece runs, its longest
    /// copied run, and which of its sentences are whole copies. Runs and sentences stop at
    /// paragraph breaks (the [`END`] and [`BOS`] markers), as they do in the training text.
    ///
    /// ```
    /// use genai_demos::measure::copying::CopyMeter;
    ///
    /// let training: Vec<Vec<String>> = vec!["a b c d e f g".split(' ').map(String::from).collect()];
    /// let meter = CopyMeter::new(&training)?;
    /// let report = meter.measure(&["a", "b", "c", "d", "e", "x"]);
    /// // Two 5-piece runs: "a b c d e" is copied, "b c d e x" is new.
    /// assert_eq!(report.share(5), Some(0.5));
    /// assert_eq!(report.longest_run, 5);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn measure<S: AsRef<str>>(&self, pieces: &[S]) -> CopyReport {
        let mut runs: Vec<RunShare> = RUN_LENGTHS
            .iter()
            .map(|&length| RunShare {
                length,
                runs: 0,
                copied: 0,
                share: None,
            })
            .collect();
        let mut report = CopyReport {
            pieces: 0,
            runs: Vec::new(),
            longest_run: 0,
            longest_run_pieces: Vec::new(),
            sentences: Vec::new(),
            sentences_in_training: 0,
        };
        for segment in segments(pieces) {
            report.pieces += segment.len();
            let ids = self.to_ids(segment);
            let longest = self.longest_ending_at(&ids);
            for (end, &length) in longest.iter().enumerate() {
                if length > report.longest_run {
                    report.longest_run = length;
                    report.longest_run_pieces = segment[end + 1 - length..=end]
                        .iter()
                        .map(|p| p.as_ref().to_string())
                        .collect();
                }
            }
            for run in &mut runs {
                // A run of L pieces ending at `end` is copied when the longest copied run
                // ending there is at least L long.
                for &length in longest.iter().skip(run.length.saturating_sub(1)) {
                    run.runs += 1;
                    if length >= run.length {
                        run.copied += 1;
                    }
                }
            }
            for sentence in sentences(segment) {
                let in_training = self.contains(sentence);
                report.sentences_in_training += usize::from(in_training);
                report.sentences.push(LabelledSentence {
                    text: tokenize::detokenize_with(sentence, &self.capitalized),
                    pieces: sentence.len(),
                    in_training,
                });
            }
        }
        for run in &mut runs {
            if run.runs > 0 {
                run.share = Some(run.copied as f64 / run.runs as f64);
            }
        }
        report.runs = runs;
        report
    }
}

/// The stretches of `pieces` between document markers.
fn segments<S: AsRef<str>>(pieces: &[S]) -> Vec<&[S]> {
    pieces
        .split(|p| p.as_ref() == END || p.as_ref() == BOS)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Words the bakery text writes with a full stop that does not end a sentence ("Mrs. Patel").
const TITLES: [&str; 4] = ["mr", "mrs", "ms", "dr"];

/// The sentences of a segment: each ends after `.`, `!` or `?` (and a closing quote right
/// after it); a last unfinished sentence counts too. The full stop of a title such as "Mrs."
/// ends nothing: cutting there would turn "Mrs." into a one-word sentence that is always
/// "in the training set", and make the count of copied sentences look higher than it is.
fn sentences<S: AsRef<str>>(segment: &[S]) -> Vec<&[S]> {
    let mut found = Vec::new();
    let mut start = 0;
    let mut quotes = 0;
    let mut i = 0;
    while i < segment.len() {
        let piece = segment[i].as_ref();
        if piece == "\"" {
            quotes += 1;
        }
        let after_title = piece == "."
            && i > 0
            && TITLES.contains(&segment[i - 1].as_ref().to_lowercase().as_str());
        if matches!(piece, "." | "!" | "?") && !after_title {
            // A quote still open is closed by the `"` right after the mark.
            let closes = segment.get(i + 1).is_some_and(|p| p.as_ref() == "\"");
            if quotes % 2 == 1 && closes {
                i += 1;
                quotes += 1;
            }
            found.push(&segment[start..=i]);
            start = i + 1;
        }
        i += 1;
    }
    if start < segment.len() {
        found.push(&segment[start..]);
    }
    found
}

/// One point of a copy sweep: the settings, and what the meter found in the text they wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// The model's n.
    pub n: usize,
    /// The sampling temperature.
    pub temperature: f64,
    /// The seed of the written text.
    pub seed: u64,
    /// The meter's findings.
    pub report: CopyReport,
}

/// Writes `length` pieces at each temperature with `model` (from an empty prompt, same seed)
/// and measures each text against `meter`, which should index the model's training documents.
pub fn sweep_temperatures(
    model: &NGram,
    meter: &CopyMeter,
    temperatures: &[f64],
    length: usize,
    seed: u64,
) -> Result<Vec<SweepPoint>> {
    if temperatures.is_empty() {
        return Err(Error::EmptyInput {
            what: "the list of temperatures".into(),
        });
    }
    let mut points = Vec::new();
    for &temperature in temperatures {
        let trace = model.generate("", length, &Sampler::with_temperature(temperature)?, seed)?;
        points.push(SweepPoint {
            n: model.n(),
            temperature,
            seed,
            report: meter.measure(&trace.pieces),
        });
    }
    Ok(points)
}

/// Trains a model of each order in `ns` on `documents`, writes `length` pieces with each at
/// `temperature`, and measures the copying.
pub fn sweep_orders(
    documents: &[Vec<String>],
    ns: &[usize],
    temperature: f64,
    length: usize,
    seed: u64,
) -> Result<Vec<SweepPoint>> {
    orders_measured_by(
        documents,
        &CopyMeter::new(documents)?,
        ns,
        temperature,
        length,
        seed,
    )
}

/// The loop behind [`sweep_orders`], with the meter given; it checks the list of orders.
fn orders_measured_by(
    documents: &[Vec<String>],
    meter: &CopyMeter,
    ns: &[usize],
    temperature: f64,
    length: usize,
    seed: u64,
) -> Result<Vec<SweepPoint>> {
    if ns.is_empty() {
        return Err(Error::EmptyInput {
            what: "the list of n values".into(),
        });
    }
    let sampler = Sampler::with_temperature(temperature)?;
    let mut points = Vec::new();
    for &n in ns {
        let model = NGram::train(documents, n)?;
        let trace = model.generate("", length, &sampler, seed)?;
        points.push(SweepPoint {
            n,
            temperature,
            seed,
            report: meter.measure(&trace.pieces),
        });
    }
    Ok(points)
}

/// [`sweep_temperatures`] on the bakery prose with a model of order `n`.
///
/// ```
/// use genai_demos::measure::copying::bakery_temperature_sweep;
///
/// let points = bakery_temperature_sweep(3, &[0.1, 2.0], 1000, 1)?;
/// let cold = points[0].report.share(5).unwrap_or(0.0);
/// let hot = points[1].report.share(5).unwrap_or(0.0);
/// assert!(cold > hot); // a very cold sampler replays the training text a little more
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn bakery_temperature_sweep(
    n: usize,
    temperatures: &[f64],
    length: usize,
    seed: u64,
) -> Result<Vec<SweepPoint>> {
    let model = NGram::bakery(n)?;
    sweep_temperatures(&model, &CopyMeter::bakery()?, temperatures, length, seed)
}

/// [`sweep_orders`] on the bakery prose, with the bakery's names capitalized in the labelled
/// sentences ([`CopyMeter::bakery`]).
pub fn bakery_order_sweep(
    ns: &[usize],
    temperature: f64,
    length: usize,
    seed: u64,
) -> Result<Vec<SweepPoint>> {
    orders_measured_by(
        &crate::data::corpus::bakery_documents(),
        &CopyMeter::bakery()?,
        ns,
        temperature,
        length,
        seed,
    )
}

/// The lines of a sweep chart: one per run length, plus whole sentences, in percent.
fn share_series(points: &[SweepPoint], x: fn(&SweepPoint) -> f64) -> Vec<Series> {
    let mut series = Vec::new();
    for length in RUN_LENGTHS {
        let line = points
            .iter()
            .filter_map(|p| p.report.share(length).map(|s| (x(p), 100.0 * s)))
            .collect();
        series.push(Series::new(format!("{length}-piece runs"), line));
    }
    let whole = points
        .iter()
        .filter(|p| !p.report.sentences.is_empty())
        .map(|p| {
            let share = p.report.sentences_in_training as f64 / p.report.sentences.len() as f64;
            (x(p), 100.0 * share)
        })
        .collect();
    series.push(Series::new("whole sentences", whole));
    series
}

/// Copy share against temperature. For an n-gram model the lines are flatter than one might
/// expect: sampling only ever chooses among pieces seen after the context, so temperature
/// reshuffles the odds but cannot leave the training text; n decides far more.
pub fn temperature_sweep_chart(points: &[SweepPoint]) -> Result<Chart> {
    let n = points.first().map_or(0, |p| p.n);
    crate::generate::ngram::line_chart(
        &format!("Copied word for word, by temperature (n = {n})"),
        ("temperature", XAxis::Real),
        ("% found in the training text", Some(100.0)),
        &share_series(points, |p| p.temperature),
        false,
    )
}

/// Copy share against n: longer contexts have fewer choices, and replay the data.
pub fn order_sweep_chart(points: &[SweepPoint]) -> Result<Chart> {
    crate::generate::ngram::line_chart(
        "Longer contexts copy: share found word for word in training",
        ("n (context of n - 1 pieces)", XAxis::Whole),
        ("% found in the training text", Some(100.0)),
        &share_series(points, |p| p.n as f64),
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    fn meter() -> CopyMeter {
        CopyMeter::new(&[doc("a b c d e f g h"), doc("x y z a b")]).unwrap()
    }

    #[test]
    fn contains_finds_runs_inside_documents_only() {
        let m = meter();
        assert!(m.contains(&["c", "d", "e"]));
        assert!(m.contains(&["z", "a", "b"]));
        assert!(m.contains(&["h"]));
        assert!(m.contains::<&str>(&[]));
        // "h x" would cross from one document into the next.
        assert!(!m.contains(&["h", "x"]));
        assert!(!m.contains(&["a", "b", "d"]));
        assert!(!m.contains(&["never"]));
    }

    #[test]
    fn measure_by_hand() {
        let m = meter();
        // "a b c d e" copied; "b c d e q" and later runs are new; "x y z a b" copied.
        let text = doc("a b c d e q x y z a b");
        let report = m.measure(&text);
        assert_eq!(report.pieces, 11);
        let five = &report.runs[0];
        assert_eq!((five.length, five.runs, five.copied), (5, 7, 2));
        assert_eq!(report.share(5), Some(2.0 / 7.0));
        assert_eq!(report.runs[1].runs, 4);
        assert_eq!(report.runs[1].copied, 0);
        assert_eq!(report.share(12), None);
        assert_eq!(report.longest_run, 5);
        assert_eq!(report.longest_run_pieces, doc("a b c d e"));
    }

    #[test]
    fn longest_run_by_hand() {
        let m = meter();
        let ids = m.to_ids(&doc("q c d e f g a b"));
        // q: 0; c: 1; d: 2; ... g: 5; then "g a" is not in training, "a" is: 1; "a b": 2.
        assert_eq!(m.longest_ending_at(&ids), [0, 1, 2, 3, 4, 5, 1, 2]);
    }

    #[test]
    fn runs_stop_at_paragraph_breaks() {
        let m = meter();
        let report = m.measure(&doc("a b c </s> d e f g h"));
        assert_eq!(report.pieces, 8);
        // Only "d e f g h" is long enough for a 5-piece run, and it is copied.
        assert_eq!((report.runs[0].runs, report.runs[0].copied), (1, 1));
    }

    #[test]
    fn sentences_are_labelled() {
        let m =
            CopyMeter::new(&[doc("the oven is hot . \" good morning . \" she said .")]).unwrap();
        let report = m.measure(&doc(
            "the oven is hot . the oven sings . \" good morning . \"",
        ));
        let labels: Vec<(String, bool)> = report
            .sentences
            .iter()
            .map(|s| (s.text.clone(), s.in_training))
            .collect();
        assert_eq!(
            labels,
            [
                ("The oven is hot.".to_string(), true),
                ("The oven sings.".to_string(), false),
                ("\"Good morning.\"".to_string(), true),
            ]
        );
        assert_eq!(report.sentences_in_training, 2);
    }

    #[test]
    fn a_title_such_as_mrs_does_not_end_a_sentence() {
        let m = CopyMeter::new(&[doc("mrs . patel waves . mr . okafor nods .")]).unwrap();
        let report = m.measure(&doc("mrs . patel nods . dr . nell waves ."));
        let pieces: Vec<usize> = report.sentences.iter().map(|s| s.pieces).collect();
        assert_eq!(pieces, [5, 5], "{:?}", report.sentences);
        // Neither whole sentence is in the training text: "Mrs." alone no longer counts.
        assert_eq!(report.sentences_in_training, 0);
    }

    #[test]
    fn names_are_capitalized_but_copying_is_unchanged() {
        let training = [doc("then nell bakes . nell sings .")];
        let plain = CopyMeter::new(&training).unwrap();
        let names = ["nell".to_string()].into_iter().collect();
        let named = CopyMeter::new(&training).unwrap().with_capitalized(names);
        let text = doc("nell bakes . then nell dances .");
        let (a, b) = (plain.measure(&text), named.measure(&text));
        assert_eq!(a.sentences[0].text, "Nell bakes.");
        assert_eq!(a.sentences[1].text, "Then nell dances.");
        assert_eq!(b.sentences[1].text, "Then Nell dances.");
        assert_eq!((a.runs, a.longest_run), (b.runs, b.longest_run));
        // The bakery sweeps write the bakery's names with capitals.
        let points = bakery_order_sweep(&[4], 1.0, 300, 3).unwrap();
        let all: String = points[0]
            .report
            .sentences
            .iter()
            .map(|s| format!(" {}", s.text))
            .collect();
        assert!(!all.contains(" nell") && all.contains(" Nell"), "{all}");
    }

    #[test]
    fn the_report_displays() {
        let report = meter().measure(&doc("a b c d e . q ."));
        report.evcxr_display();
        assert_eq!(report.sentences.len(), 2);
    }

    #[test]
    fn an_empty_training_text_is_an_error() {
        assert!(matches!(
            CopyMeter::new::<String>(&[vec![], vec![]]),
            Err(Error::EmptyCorpus { .. })
        ));
        let empty = meter().measure::<&str>(&[]);
        assert_eq!(empty.pieces, 0);
        assert!(empty.runs.iter().all(|r| r.share.is_none()));
    }

    #[test]
    fn training_text_is_all_copied() {
        let docs = crate::data::corpus::bakery_documents();
        let m = CopyMeter::new(&docs).unwrap();
        let report = m.measure(&docs[3]);
        assert_eq!(report.share(5), Some(1.0));
        assert_eq!(report.longest_run, docs[3].len());
    }

    #[test]
    fn sweeps_are_seeded_and_chart() {
        let a = bakery_order_sweep(&[1, 3, 5], 1.0, 400, 2).unwrap();
        assert_eq!(a, bakery_order_sweep(&[1, 3, 5], 1.0, 400, 2).unwrap());
        // Longer contexts copy more.
        let share = |p: &SweepPoint| p.report.share(8).unwrap_or(0.0);
        assert!(share(&a[0]) < share(&a[1]) && share(&a[1]) < share(&a[2]));
        assert!(order_sweep_chart(&a).unwrap().svg().contains("<svg"));
        let t = bakery_temperature_sweep(3, &[0.5, 1.0], 200, 2).unwrap();
        assert!(temperature_sweep_chart(&t).is_ok());
        assert!(bakery_temperature_sweep(3, &[], 200, 2).is_err());
        assert!(bakery_order_sweep(&[], 1.0, 200, 2).is_err());
        assert!(bakery_order_sweep(&[0], 1.0, 200, 2).is_err());
    }
}
