//! The melody model: a Markov chain that learns which note tends to follow the last one or two,
//! then writes a new tune one note at a time.
//!
//! Learning is counting. For every place in every training tune, the model notes the context
//! (the last notes played) and the note that came next. Generating is sampling: the model says
//! what followed the context of the tune so far and how often ([`NextPiece`]), and the one
//! [`Sampler`] of the library turns those counts into probabilities, draws one note and records
//! the step in a [`Trace`], exactly as it does for the word n-gram and the code model. The model
//! keeps counts, not tunes, so what it plays is stitched together from short patterns;
//! [`Melody::novelty`] measures the longest stretch it shares with any training tune.

use crate::error::{Error, Result, finite_in};
use crate::generate::ngram::{BOS, END, Style, UNK};
use crate::generate::sampling::{self, NextPiece, Options, Sampler, Trace};
use crate::show::chart::Chart;
use crate::sound::tune::{Note, Tune, piano_roll};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts of which note followed each context. Notes are stored as their place in the vocab, and
/// the maps are ordered, so every listing comes out in the same order on every run.
type Table = BTreeMap<Vec<u32>, BTreeMap<u32, u64>>;

/// A Markov chain over notes: what followed each context of one or two notes in the training
/// tunes, and how often.
///
/// ```
/// use genai_demos::sound::melody::{Length, MelodyModel};
///
/// let model = MelodyModel::bakery(2)?;
/// let melody = model.generate(7, Length::Beats(32.0), 1.0)?;
/// assert_eq!(melody.beats(), 32.0);
/// assert_eq!(melody, model.generate(7, Length::Beats(32.0), 1.0)?); // same seed, same tune
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MelodyModel {
    /// How many previous notes the model looks at: 1 or 2.
    order: usize,
    /// Every distinct (pitch, length) seen in training, in a fixed order; a note's number is its
    /// place here.
    vocab: Vec<Note>,
    /// The pieces the sampler reads: each vocab note written `PITCH/BEATS`, then the begin, end
    /// and unknown markers (numbered `vocab.len()`, one more, two more).
    names: Vec<String>,
    /// How often each note opened a tune: what follows the begin markers.
    starts: BTreeMap<u32, u64>,
    /// `tables[k]` holds the counts for contexts of `k` notes, for `k` from 0 (no context: how
    /// often each note occurs at all) up to `order`. The shorter tables are the back-off.
    tables: Vec<Table>,
}

/// How long a generated melody should be.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Length {
    /// Exactly this many notes and rests.
    Notes(usize),
    /// Exactly this many beats: the last note is shortened if it would run over.
    Beats(f64),
}

/// A generated melody with the trace of how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Melody {
    /// The notes, ready for [`crate::sound::synth::Synth::render`] (the last one shortened when
    /// the melody was asked for a number of beats).
    pub notes: Vec<Note>,
    /// How each note was chosen: the sampler's trace, one step per note, with the seed and the
    /// settings.
    pub trace: Trace,
}

/// How much of a melody was already in the training tunes: the longest run of notes it shares,
/// note for note, with any one of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Novelty {
    /// The length of the longest shared run, in notes (0 if no note matches).
    pub longest_run: usize,
    /// The title of the training tune it shares that run with.
    pub tune: String,
    /// Where the run starts in the melody (an index into its notes).
    pub melody_start: usize,
    /// Where the run starts in the training tune.
    pub tune_start: usize,
    /// How many notes the melody has, to compare the run with.
    pub melody_notes: usize,
}

impl MelodyModel {
    /// Learns a chain of `order` 1 or 2 by counting, in every tune, which note followed each
    /// context. Tunes are learned separately: the end of one does not lead into the next.
    ///
    /// ```
    /// use genai_demos::sound::melody::MelodyModel;
    /// use genai_demos::sound::tune::{Note, parse_tunes};
    ///
    /// let tunes = parse_tunes("tune: Tiny\nC4/1 D4/1 C4/1 E4/2")?;
    /// let model = MelodyModel::learn(&tunes, 1)?;
    /// // After C4/1 came D4/1 once and E4/2 once.
    /// let after_c = model.counts(&[Note::parse("C4/1")?]);
    /// assert_eq!(after_c.len(), 2);
    /// assert_eq!(after_c[0].1, 1);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn learn(tunes: &[Tune], order: usize) -> Result<MelodyModel> {
        if !(1..=2).contains(&order) {
            return Err(Error::InvalidParameter {
                name: "order",
                value: order.to_string(),
                expected: "1 or 2 (how many previous notes the model looks at)",
            });
        }
        if tunes.iter().all(|t| t.notes.is_empty()) {
            return Err(Error::EmptyCorpus {
                what: "the training tunes".into(),
            });
        }
        // The vocab: every distinct note, sorted by pitch then length.
        let mut vocab: Vec<Note> = Vec::new();
        for tune in tunes {
            for note in &tune.notes {
                note.check()?;
                vocab.push(*note);
            }
        }
        vocab.sort_by(|a, b| a.order(b));
        vocab.dedup();
        let mut names: Vec<String> = vocab.iter().map(Note::to_string).collect();
        names.extend([BOS, END, UNK].map(str::to_string));

        let mut starts = BTreeMap::new();
        let mut tables = vec![Table::new(); order + 1];
        for tune in tunes {
            // Every note is in the vocab by construction, so each lookup succeeds.
            let ids: Vec<u32> = tune
                .notes
                .iter()
                .filter_map(|n| index_of(&vocab, n))
                .collect();
            if let Some(&first) = ids.first() {
                *starts.entry(first).or_insert(0) += 1;
            }
            for (position, &next) in ids.iter().enumerate() {
                // Count this note after each context length the tune so far allows.
                for (k, table) in tables.iter_mut().enumerate() {
                    if k > position {
                        break;
                    }
                    let context = ids[position - k..position].to_vec();
                    *table.entry(context).or_default().entry(next).or_insert(0) += 1;
                }
            }
        }
        Ok(MelodyModel {
            order,
            vocab,
            names,
            starts,
            tables,
        })
    }

    /// Learns from the tunes written for the book.
    pub fn bakery(order: usize) -> Result<MelodyModel> {
        MelodyModel::learn(&crate::sound::tune::bakery_tunes()?, order)
    }

    /// How many previous notes the model looks at.
    pub fn order(&self) -> usize {
        self.order
    }

    /// Every distinct note the model can play, sorted by pitch (rests first), then length.
    pub fn vocab(&self) -> &[Note] {
        &self.vocab
    }

    /// How many different contexts of `order` notes the model has seen followed by a note.
    pub fn contexts(&self) -> usize {
        self.tables.last().map_or(0, BTreeMap::len)
    }

    /// The raw counts of what followed exactly this context (no back-off), in vocab order.
    /// An empty context gives how often each note occurs at all. Unseen contexts give nothing.
    pub fn counts(&self, context: &[Note]) -> Vec<(Note, u64)> {
        let mut found = Vec::new();
        let Some(key) = context
            .iter()
            .map(|note| index_of(&self.vocab, note))
            .collect::<Option<Vec<u32>>>()
        else {
            return found;
        };
        let Some(followers) = self.tables.get(context.len()).and_then(|t| t.get(&key)) else {
            return found;
        };
        for (&id, &count) in followers {
            if let Some(note) = self.note(id) {
                found.push((note, count));
            }
        }
        found
    }

    /// Writes a new melody: the library's [`Sampler`] at `temperature` draws a note from what
    /// the model offers after the tune so far, appends it, and repeats until the melody has the
    /// asked-for length. The same seed always gives the same melody.
    pub fn generate(&self, seed: u64, length: Length, temperature: f64) -> Result<Melody> {
        check_length(length)?;
        let sampler = Sampler::with_temperature(temperature)?;
        // A melody of `b` beats needs at most `b / 0.25` notes: no note is shorter.
        let most = match length {
            Length::Notes(n) => n,
            Length::Beats(b) => (b / 0.25).ceil() as usize,
        };
        let mut beats = 0.0;
        let trace = sampling::generate_until(self, &[], most, false, &sampler, seed, |step| {
            beats += self.note_named(&step.chosen).map_or(0.0, |n| n.beats);
            matches!(length, Length::Beats(b) if beats >= b)
        })?;
        let mut notes = Vec::with_capacity(trace.steps.len());
        let mut beats = 0.0;
        for step in &trace.steps {
            // The model only offers notes it counted, so every chosen piece is one.
            let Some(mut note) = self.note_named(&step.chosen) else {
                return Err(Error::EmptyCorpus {
                    what: "the model's table of notes".into(),
                });
            };
            if let Length::Beats(target) = length {
                // Shorten the last note so the melody ends exactly on the target.
                note.beats = note.beats.min(target - beats);
            }
            beats += note.beats;
            notes.push(note);
        }
        Ok(Melody { notes, trace })
    }

    /// The note numbered `id`, if it is one (not a marker).
    fn note(&self, id: u32) -> Option<Note> {
        self.vocab.get(id as usize).copied()
    }

    /// The note written `name` (`PITCH/BEATS`), if the model knows it.
    fn note_named(&self, name: &str) -> Option<Note> {
        self.note(NextPiece::id(self, name))
    }

    /// The counts to sample from after `history` (note numbers): the longest known context of
    /// at most `order` notes, then shorter ones, down to how often each note occurs at all.
    /// Returns how many notes of the history it used.
    fn followers(&self, history: &[u32]) -> (usize, &BTreeMap<u32, u64>) {
        let longest = self.order.min(history.len());
        for k in (0..=longest).rev() {
            let context = &history[history.len() - k..];
            if let Some(followers) = self.tables.get(k).and_then(|t| t.get(context))
                && !followers.is_empty()
            {
                return (k, followers);
            }
        }
        // The no-context table holds every note of the vocab; this is only reached by a model
        // with nothing in it, which `learn` refuses to build.
        (0, &self.starts)
    }
}

/// The melody model as a model the one sampler writes with. A tune starts after `order` begin
/// markers, and what follows them is how tunes open; after that, the model backs off to shorter
/// contexts when the full one was never followed by a note (a note it never heard included), so
/// writing never gets stuck. The options come in the vocab's order (pitch, then length). Notes
/// are written `PITCH/BEATS` and spaced like any list of pieces ([`Style::Spaced`]).
///
/// ```
/// use genai_demos::generate::sampling::NextPiece;
/// use genai_demos::sound::melody::MelodyModel;
///
/// let model = MelodyModel::bakery(2)?;
/// let history = [model.begin(), model.begin(), model.id("E4/1"), model.id("F4/1")];
/// let options = model.options(&history)?;
/// assert_eq!(options.counts.iter().map(|&(_, count)| count).sum::<u64>(), options.total);
/// # Ok::<(), genai_demos::Error>(())
/// ```
impl NextPiece for MelodyModel {
    fn context_size(&self) -> usize {
        self.order
    }

    fn begin(&self) -> u32 {
        self.vocab.len() as u32
    }

    fn end(&self) -> u32 {
        self.begin() + 1
    }

    fn id(&self, piece: &str) -> u32 {
        let unknown = self.begin() + 2;
        match piece {
            BOS => self.begin(),
            END => self.end(),
            _ => Note::parse(piece)
                .ok()
                .and_then(|note| index_of(&self.vocab, &note))
                .unwrap_or(unknown),
        }
    }

    fn piece(&self, id: u32) -> &str {
        self.names
            .get(id as usize)
            .or(self.names.last())
            .map_or(UNK, String::as_str)
    }

    fn options(&self, history: &[u32]) -> Result<Options<'_>> {
        // Only the notes since the tune began count; right after the begin markers the model
        // offers how tunes open, and says it used those markers.
        let begin = self.begin();
        let tune_start = history
            .iter()
            .rposition(|&id| id == begin)
            .map_or(0, |i| i + 1);
        let notes = &history[tune_start..];
        let (used, followers) = if notes.is_empty() {
            (history.len().min(self.order), &self.starts)
        } else {
            self.followers(notes)
        };
        let counts: Vec<(u32, u64)> = followers.iter().map(|(&id, &count)| (id, count)).collect();
        Ok(Options {
            used,
            total: counts.iter().map(|&(_, count)| count).sum(),
            counts: counts.into(),
        })
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        Style::Spaced.tokenize(text)
    }

    fn render(&self, pieces: &[String]) -> String {
        Style::Spaced.render(pieces)
    }
}

impl Melody {
    /// The seed the melody was drawn with.
    pub fn seed(&self) -> u64 {
        self.trace.seed
    }

    /// How long the melody lasts, in beats.
    pub fn beats(&self) -> f64 {
        self.notes.iter().map(|n| n.beats).sum()
    }

    /// The melody as a tune with a title naming its seed.
    pub fn tune(&self) -> Tune {
        Tune {
            title: format!("New tune (seed {})", self.seed()),
            notes: self.notes.clone(),
        }
    }

    /// The melody as a piano roll.
    pub fn piano_roll(&self) -> Result<Chart> {
        piano_roll(
            &format!("A new tune from seed {}: each block is a note", self.seed()),
            &self.notes,
            None,
        )
    }

    /// The piano roll with the longest stretch shared with a training tune drawn in orange,
    /// so a reader sees how much is borrowed and how much is new.
    pub fn novelty_roll(&self, training: &[Tune]) -> Result<Chart> {
        let novelty = self.novelty(training);
        let start = novelty.melody_start;
        let title = if novelty.longest_run == 0 {
            "No run of notes is shared with any training tune".to_string()
        } else {
            format!(
                "Orange: {} of its {} notes in a row match \u{201c}{}\u{201d}",
                novelty.longest_run, novelty.melody_notes, novelty.tune
            )
        };
        piano_roll(
            &title,
            &self.notes,
            Some(start..start + novelty.longest_run),
        )
    }

    /// The longest run of notes (pitch and length both equal) that this melody shares with any
    /// of `training`, found by comparing every pair of positions. A short run compared with the
    /// melody's length shows it is new music made of familiar steps, not a stored tune.
    ///
    /// ```
    /// use genai_demos::sound::melody::{Length, MelodyModel};
    /// use genai_demos::sound::tune::bakery_tunes;
    ///
    /// let tunes = bakery_tunes()?;
    /// let melody = MelodyModel::learn(&tunes, 2)?.generate(3, Length::Notes(40), 1.0)?;
    /// let novelty = melody.novelty(&tunes);
    /// assert!(novelty.longest_run < 40);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn novelty(&self, training: &[Tune]) -> Novelty {
        let mut best = Novelty {
            longest_run: 0,
            tune: String::new(),
            melody_start: 0,
            tune_start: 0,
            melody_notes: self.notes.len(),
        };
        for tune in training {
            let (run, melody_end, tune_end) = longest_common_run(&self.notes, &tune.notes);
            if run > best.longest_run {
                best.longest_run = run;
                best.tune = tune.title.clone();
                best.melody_start = melody_end - run;
                best.tune_start = tune_end - run;
            }
        }
        best
    }
}

/// The longest run `a` and `b` share, and where it ends in each (one past its last note).
///
/// `run[j]` is the length of the shared run ending at `a[i - 1]` and `b[j - 1]`; it grows by one
/// when the notes match and drops to 0 when they differ.
fn longest_common_run(a: &[Note], b: &[Note]) -> (usize, usize, usize) {
    let mut best = (0, 0, 0);
    let mut previous = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        let mut current = vec![0; b.len() + 1];
        for j in 1..=b.len() {
            if a[i - 1] == b[j - 1] {
                current[j] = previous[j - 1] + 1;
                if current[j] > best.0 {
                    best = (current[j], i, j);
                }
            }
        }
        previous = current;
    }
    best
}

/// The place of `note` in the sorted vocab.
fn index_of(vocab: &[Note], note: &Note) -> Option<u32> {
    let place = vocab.binary_search_by(|probe| probe.order(note)).ok()?;
    u32::try_from(place).ok()
}

fn check_length(length: Length) -> Result<()> {
    match length {
        Length::Notes(n) if (1..=1000).contains(&n) => Ok(()),
        Length::Notes(n) => Err(Error::InvalidParameter {
            name: "length",
            value: format!("{n} notes"),
            expected: "from 1 to 1000 notes",
        }),
        Length::Beats(b) => finite_in("length", b, 0.25..=1000.0, "from 0.25 to 1000 beats"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sound::tune::{bakery_tunes, parse_notes, parse_tunes};

    fn n(token: &str) -> Note {
        Note::parse(token).unwrap()
    }

    /// What the model offers after `notes` written since the start of a tune: the notes of the
    /// context it used, and each option's note and probability, as the sampler receives them.
    fn offered(model: &MelodyModel, notes: &[Note]) -> (Vec<String>, Vec<(Note, f64)>) {
        let mut history = vec![model.begin(); model.context_size()];
        history.extend(notes.iter().map(|note| model.id(&note.to_string())));
        let options = model.options(&history).unwrap();
        let used = history[history.len() - options.used..]
            .iter()
            .map(|&id| model.piece(id).to_string())
            .collect();
        let offered = (0..options.counts.len())
            .map(|i| {
                (
                    model.note(options.counts[i].0).unwrap(),
                    options.probability(i),
                )
            })
            .collect();
        (used, offered)
    }

    fn tiny() -> Vec<Tune> {
        // Hand-counted below: C D C E, then a second tune C D.
        parse_tunes("tune: One\nC4/1 D4/1 C4/1 E4/2\ntune: Two\nC4/1 D4/1").unwrap()
    }

    #[test]
    fn order_one_counts_by_hand() {
        let model = MelodyModel::learn(&tiny(), 1).unwrap();
        assert_eq!(model.vocab(), [n("C4/1"), n("D4/1"), n("E4/2")]);
        // C4/1 is followed by D4/1 twice (once in each tune) and by E4/2 once.
        assert_eq!(model.counts(&[n("C4/1")]), [(n("D4/1"), 2), (n("E4/2"), 1)]);
        assert_eq!(model.counts(&[n("D4/1")]), [(n("C4/1"), 1)]);
        // E4/2 only ends a tune, so nothing follows it.
        assert!(model.counts(&[n("E4/2")]).is_empty());
        // With no context: C4/1 three times, D4/1 twice, E4/2 once.
        assert_eq!(
            model.counts(&[]),
            [(n("C4/1"), 3), (n("D4/1"), 2), (n("E4/2"), 1)]
        );
        // Both tunes open on C4/1: after the begin marker, only C4/1 is offered.
        let (used, start) = offered(&model, &[]);
        assert_eq!(
            (used, start),
            (vec![BOS.to_string()], vec![(n("C4/1"), 1.0)])
        );
        let (_, after_c) = offered(&model, &[n("C4/1")]);
        assert!((after_c[0].1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((after_c[1].1 - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(model.contexts(), 2);
    }

    #[test]
    fn order_two_counts_by_hand() {
        let model = MelodyModel::learn(&tiny(), 2).unwrap();
        assert_eq!(model.counts(&[n("C4/1"), n("D4/1")]), [(n("C4/1"), 1)]);
        assert_eq!(model.counts(&[n("D4/1"), n("C4/1")]), [(n("E4/2"), 1)]);
        assert!(model.counts(&[n("C4/1"), n("E4/2")]).is_empty());
        // Contexts C-D and D-C.
        assert_eq!(model.contexts(), 2);
        // Only the last two notes of a longer history matter.
        let (used, next) = offered(&model, &parse_notes("E4/2 C4/1 D4/1").unwrap());
        assert_eq!(used, ["C4/1", "D4/1"]);
        assert_eq!(next, [(n("C4/1"), 1.0)]);
    }

    #[test]
    fn back_off_when_a_context_has_no_continuation() {
        let model = MelodyModel::learn(&tiny(), 2).unwrap();
        // "C4/1 E4/2" ends tune One: no order-2 or order-1 continuation, so the model falls back
        // to how often each note occurs: 3, 2 and 1 out of 6.
        let (used, next) = offered(&model, &[n("C4/1"), n("E4/2")]);
        assert!(used.is_empty());
        let expected = [0.5, 2.0 / 6.0, 1.0 / 6.0];
        for ((_, got), want) in next.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12);
        }
        // "E4/2 C4/1" was never seen, but "C4/1" was: back off one step.
        assert_eq!(offered(&model, &[n("E4/2"), n("C4/1")]).0, ["C4/1"]);
        // A note the model never heard backs off too, instead of failing.
        let (used, next) = offered(&model, &[n("C4/1"), n("B7/3")]);
        assert!(used.is_empty() && next.len() == 3);
        // A generated melody longer than any tune has to pass through a back-off: a step whose
        // context used is shorter than its context.
        let melody = model.generate(1, Length::Notes(12), 1.0).unwrap();
        assert!(
            melody
                .trace
                .steps
                .iter()
                .any(|s| s.context_used.len() < s.context.len())
        );
    }

    #[test]
    fn temperature_reshapes_the_odds_through_the_one_sampler() {
        // Counts 3 and 1 after C4/1: at temperature 0.5 they become 9 and 1, at 2 they become
        // √3 and 1. The trace lists what the sampler's draw used.
        let tunes = parse_tunes("tune: T\nC4/1 D4/1 C4/1 D4/1 C4/1 D4/1 C4/1 E4/1").unwrap();
        let model = MelodyModel::learn(&tunes, 1).unwrap();
        let second_step = |t: f64| -> Vec<f64> {
            let melody = model.generate(0, Length::Notes(2), t).unwrap();
            assert_eq!(melody.trace.steps[1].context_used, ["C4/1"]);
            let candidates = &melody.trace.steps[1].candidates;
            assert_eq!(candidates[0].piece, "D4/1");
            candidates.iter().map(|c| c.probability).collect()
        };
        let cold = second_step(0.5);
        assert!((cold[0] - 0.9).abs() < 1e-12 && (cold[1] - 0.1).abs() < 1e-12);
        let warm = second_step(2.0);
        let root3 = 3f64.sqrt();
        assert!((warm[0] - root3 / (root3 + 1.0)).abs() < 1e-12);
        assert!((second_step(1.0)[0] - 0.75).abs() < 1e-12);
    }

    #[test]
    fn the_trace_replays_and_reads_as_notes() {
        let model = MelodyModel::bakery(2).unwrap();
        let melody = model.generate(7, Length::Notes(30), 1.2).unwrap();
        // The one replay writes the same notes from the recorded draws alone.
        assert_eq!(
            sampling::replay(&model, &melody.trace).unwrap(),
            melody.trace.text
        );
        let written: Vec<Note> = melody
            .trace
            .written()
            .iter()
            .map(|piece| Note::parse(piece).unwrap())
            .collect();
        assert_eq!(written, melody.notes);
        assert_eq!((melody.seed(), melody.trace.n), (7, 3));
        // The one stepper lays it out a note at a time, as it does a paragraph.
        let run = crate::generate::stepper::lay_out(&model, melody.trace.clone(), "a tune".into())
            .unwrap();
        assert_eq!(run.steps.len(), 30);
        assert_eq!(run.steps[1].text_before, melody.notes[0].to_string());
    }

    #[test]
    fn same_seed_same_melody_and_seeds_differ() {
        let model = MelodyModel::bakery(2).unwrap();
        let a = model.generate(5, Length::Notes(40), 1.0).unwrap();
        let b = model.generate(5, Length::Notes(40), 1.0).unwrap();
        let c = model.generate(6, Length::Notes(40), 1.0).unwrap();
        assert_eq!(a, b);
        assert_ne!(a.notes, c.notes);
        assert_eq!(a.piano_roll().unwrap().svg(), b.piano_roll().unwrap().svg());
    }

    #[test]
    fn lengths_are_exact_and_notes_come_from_the_vocab() {
        for order in [1, 2] {
            let model = MelodyModel::bakery(order).unwrap();
            for seed in 0..20 {
                let m = model.generate(seed, Length::Notes(33), 1.3).unwrap();
                assert_eq!((m.notes.len(), m.trace.steps.len()), (33, 33));
                for step in &m.trace.steps {
                    assert!(model.vocab().contains(&Note::parse(&step.chosen).unwrap()));
                    let chosen = step.candidates.iter().find(|c| c.piece == step.chosen);
                    assert!(chosen.is_some_and(|c| c.probability > 0.0 && c.probability <= 1.0));
                    assert_eq!(step.context.len(), order);
                }
                let m = model.generate(seed, Length::Beats(30.5), 1.0).unwrap();
                assert_eq!(m.beats(), 30.5);
                assert!(m.notes.iter().all(|n| n.beats > 0.0));
            }
        }
    }

    #[test]
    fn first_notes_follow_the_start_distribution() {
        let tunes = bakery_tunes().unwrap();
        let openings: Vec<Note> = tunes.iter().map(|t| t.notes[0]).collect();
        let model = MelodyModel::learn(&tunes, 2).unwrap();
        for seed in 0..30 {
            let m = model.generate(seed, Length::Notes(3), 1.0).unwrap();
            assert!(openings.contains(&m.notes[0]));
            // The first note follows the begin markers, and the model used all of them.
            let first = &m.trace.steps[0];
            assert_eq!(first.context, [BOS, BOS]);
            assert_eq!(first.context_used, first.context);
        }
    }

    #[test]
    fn novelty_by_hand() {
        let tunes = tiny();
        let model = MelodyModel::learn(&tunes, 1).unwrap();
        let melody = |notes: &str| Melody {
            notes: parse_notes(notes).unwrap(),
            trace: model.generate(0, Length::Notes(1), 1.0).unwrap().trace,
        };
        // "D4/1 C4/1 E4/2" is the end of tune One: a run of 3 starting at its note 1.
        let novelty = melody("G4/1 D4/1 C4/1 E4/2 C4/1").novelty(&tunes);
        assert_eq!(novelty.longest_run, 3);
        assert_eq!(novelty.tune, "One");
        assert_eq!((novelty.melody_start, novelty.tune_start), (1, 1));
        assert_eq!(novelty.melody_notes, 5);
        // The same pitch with another length is a different note.
        let novelty = melody("C4/2 D4/2").novelty(&tunes);
        assert_eq!(novelty.longest_run, 0);
        // The whole of tune Two.
        assert_eq!(melody("C4/1 D4/1").novelty(&tunes[1..]).longest_run, 2);
    }

    #[test]
    fn the_novelty_roll_marks_the_shared_run() {
        let tunes = bakery_tunes().unwrap();
        let melody = MelodyModel::learn(&tunes, 2)
            .unwrap()
            .generate(4, Length::Beats(32.0), 1.0)
            .unwrap();
        let novelty = melody.novelty(&tunes);
        let chart = melody.novelty_roll(&tunes).unwrap();
        let title = format!(
            "{} of its {} notes",
            novelty.longest_run,
            melody.notes.len()
        );
        assert!(chart.title().contains(&title), "{}", chart.title());
        // The shared run is orange (the palette's fifth colour), the rest blue.
        assert!(chart.svg().contains("#D55E00"));
        assert!(chart.svg().contains("#56B4E9"));
    }

    #[test]
    fn generated_tunes_are_new() {
        let tunes = bakery_tunes().unwrap();
        let model = MelodyModel::learn(&tunes, 2).unwrap();
        let longest_tune = tunes.iter().map(|t| t.notes.len()).max().unwrap();
        for seed in 0..10 {
            let m = model
                .generate(seed, Length::Notes(longest_tune), 1.0)
                .unwrap();
            let novelty = m.novelty(&tunes);
            assert!(
                novelty.longest_run >= 3,
                "an order-2 chain copies at least 3"
            );
            assert!(
                novelty.longest_run < longest_tune,
                "seed {seed} copied a tune"
            );
        }
    }

    #[test]
    fn bad_input_is_an_error() {
        let tunes = tiny();
        for order in [0, 3] {
            assert!(matches!(
                MelodyModel::learn(&tunes, order),
                Err(Error::InvalidParameter { name: "order", .. })
            ));
        }
        assert!(matches!(
            MelodyModel::learn(&[], 1),
            Err(Error::EmptyCorpus { .. })
        ));
        let silent = Tune {
            title: "t".into(),
            notes: Vec::new(),
        };
        assert!(matches!(
            MelodyModel::learn(&[silent], 1),
            Err(Error::EmptyCorpus { .. })
        ));
        let broken = Tune {
            title: "t".into(),
            notes: vec![Note {
                pitch: Some(60),
                beats: f64::NAN,
            }],
        };
        assert!(MelodyModel::learn(&[broken], 1).is_err());
        let model = MelodyModel::learn(&tunes, 1).unwrap();
        // The one sampler's rule for a temperature: finite and at least 0.
        for t in [-1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                model.generate(1, Length::Notes(4), t),
                Err(Error::InvalidParameter {
                    name: "temperature",
                    ..
                })
            ));
        }
        for length in [
            Length::Notes(0),
            Length::Notes(1001),
            Length::Beats(0.0),
            Length::Beats(f64::NAN),
            Length::Beats(-4.0),
        ] {
            assert!(matches!(
                model.generate(1, length, 1.0),
                Err(Error::InvalidParameter { name: "length", .. })
            ));
        }
    }
}
