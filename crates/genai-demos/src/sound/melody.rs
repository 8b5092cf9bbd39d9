//! The melody model: a Markov chain that learns which note tends to follow the last one or two,
//! then writes a new tune one note at a time.
//!
//! Learning is counting. For every place in every training tune, the model notes the context
//! (the last notes played) and the note that came next. Generating is sampling: look at the
//! context of the tune so far, turn the counts of what followed it into probabilities, draw one
//! note, and repeat. The model keeps counts, not tunes, so what it plays is stitched together
//! from short patterns; [`Melody::novelty`] measures the longest stretch it shares with any
//! training tune.

use crate::error::{Error, Result, finite_in};
use crate::generate::sampling::Sampler;
use crate::math;
use crate::random::{seeded, uniform};
use crate::show::chart::Chart;
use crate::sound::tune::{Note, Tune, piano_roll};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counts of which note followed each context. Notes are stored as their place in the vocab, and
/// the maps are ordered, so every listing comes out in the same order on every run.
type Table = BTreeMap<Vec<usize>, BTreeMap<usize, u32>>;

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
    /// Every distinct (pitch, length) seen in training, in a fixed order.
    vocab: Vec<Note>,
    /// How often each note opened a tune.
    starts: BTreeMap<usize, u32>,
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

/// One possible next note and how likely the model thinks it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The note.
    pub note: Note,
    /// How many times it followed the context in training.
    pub count: u32,
    /// Its probability after the temperature is applied.
    pub probability: f64,
}

/// What the model expects next after some context: the candidates and their probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// The notes of the context the model actually used (the last one or two; fewer after a
    /// back-off; none at the start of a tune).
    pub context: Vec<Note>,
    /// True when the full context never appeared in training with a note after it, so the model
    /// fell back to a shorter context.
    pub backed_off: bool,
    /// The possible next notes, in the vocab's order; the probabilities sum to 1.
    pub candidates: Vec<Candidate>,
}

/// One step of generation, kept so a page can show how each note was chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The context the model used for this step.
    pub context: Vec<Note>,
    /// Whether the model had to back off to a shorter context.
    pub backed_off: bool,
    /// How many different notes it could have chosen.
    pub choices: usize,
    /// The note it drew.
    pub note: Note,
    /// The probability that note had.
    pub probability: f64,
}

/// A generated melody with the trace of how it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Melody {
    /// The seed it was drawn with.
    pub seed: u64,
    /// The model's order (notes of context).
    pub order: usize,
    /// The temperature used.
    pub temperature: f64,
    /// The notes, ready for [`crate::sound::synth::Synth::render`].
    pub notes: Vec<Note>,
    /// How each note was chosen, one step per note.
    pub trace: Vec<Step>,
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

        let mut starts = BTreeMap::new();
        let mut tables = vec![Table::new(); order + 1];
        for tune in tunes {
            // Every note is in the vocab by construction, so each lookup succeeds.
            let ids: Vec<usize> = tune
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
    pub fn counts(&self, context: &[Note]) -> Vec<(Note, u32)> {
        let mut found = Vec::new();
        let Some(key) = self.key(context) else {
            return found;
        };
        let Some(followers) = self.tables.get(context.len()).and_then(|t| t.get(&key)) else {
            return found;
        };
        for (&id, &count) in followers {
            if let Some(note) = self.vocab.get(id) {
                found.push((*note, count));
            }
        }
        found
    }

    /// What the model expects after `context` (the melody so far; only its last `order` notes
    /// matter), with probabilities shaped by `temperature`: 1 keeps the learned odds, lower
    /// sharpens them toward the favourite, higher flattens them.
    ///
    /// With an empty context it gives the start distribution: how tunes open. When the context
    /// was never followed by anything in training, it backs off to a shorter one, and in the end
    /// to how often each note occurs at all, so generation never gets stuck.
    ///
    /// ```
    /// use genai_demos::sound::melody::MelodyModel;
    /// use genai_demos::sound::tune::parse_notes;
    ///
    /// let model = MelodyModel::bakery(2)?;
    /// let next = model.predict(&parse_notes("E4/1 F4/1")?, 1.0)?;
    /// let total: f64 = next.candidates.iter().map(|c| c.probability).sum();
    /// assert!((total - 1.0).abs() < 1e-9);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn predict(&self, context: &[Note], temperature: f64) -> Result<Prediction> {
        check_temperature(temperature)?;
        let (used, backed_off, followers) = self.followers(context);
        let mut candidates = Vec::with_capacity(followers.len());
        for (&id, &count) in followers {
            if let Some(note) = self.vocab.get(id) {
                candidates.push(Candidate {
                    note: *note,
                    count,
                    probability: 0.0,
                });
            }
        }
        // The sampler's temperature: the log-counts are the logits, so each count is raised to
        // the power 1 / temperature and the results scaled to sum to 1.
        if !candidates.is_empty() {
            let logits: Vec<f64> = candidates
                .iter()
                .map(|c| math::ln(f64::from(c.count)))
                .collect();
            let probabilities = Sampler::with_temperature(temperature)?.apply(&logits)?;
            for (candidate, probability) in candidates.iter_mut().zip(probabilities) {
                candidate.probability = probability;
            }
        }
        Ok(Prediction {
            context: used.to_vec(),
            backed_off,
            candidates,
        })
    }

    /// Writes a new melody: draw a note from [`MelodyModel::predict`], append it, repeat until
    /// the melody has the asked-for length. The same seed always gives the same melody.
    pub fn generate(&self, seed: u64, length: Length, temperature: f64) -> Result<Melody> {
        check_temperature(temperature)?;
        check_length(length)?;
        let sampler = Sampler::with_temperature(temperature)?;
        let mut rng = seeded(seed);
        let mut notes: Vec<Note> = Vec::new();
        let mut trace = Vec::new();
        let mut beats = 0.0;
        loop {
            let done = match length {
                Length::Notes(n) => notes.len() >= n,
                Length::Beats(b) => beats >= b,
            };
            if done {
                break;
            }
            let prediction = self.predict(&notes, temperature)?;
            let probabilities: Vec<f64> = prediction
                .candidates
                .iter()
                .map(|c| c.probability)
                .collect();
            let chosen = sampler
                .choose(&probabilities, uniform(&mut rng))
                .and_then(|i| prediction.candidates.get(i));
            let Some(chosen) = chosen else {
                // Unreachable with a learned model: the no-context table is never empty.
                return Err(Error::EmptyCorpus {
                    what: "the model's table of notes".into(),
                });
            };
            let mut note = chosen.note;
            if let Length::Beats(target) = length {
                // Shorten the last note so the melody ends exactly on the target.
                note.beats = note.beats.min(target - beats);
            }
            beats += note.beats;
            trace.push(Step {
                context: prediction.context,
                backed_off: prediction.backed_off,
                choices: prediction.candidates.len(),
                note: chosen.note,
                probability: chosen.probability,
            });
            notes.push(note);
        }
        Ok(Melody {
            seed,
            order: self.order,
            temperature,
            notes,
            trace,
        })
    }

    /// The vocab places of `context`, or `None` if it holds a note the model never saw.
    fn key(&self, context: &[Note]) -> Option<Vec<usize>> {
        let mut key = Vec::with_capacity(context.len());
        for note in context {
            key.push(index_of(&self.vocab, note)?);
        }
        Some(key)
    }

    /// The counts to sample from after `history`: the longest known context of at most `order`
    /// notes, then shorter ones. Returns the context used and whether it had to back off.
    fn followers<'a>(
        &'a self,
        history: &'a [Note],
    ) -> (&'a [Note], bool, &'a BTreeMap<usize, u32>) {
        if history.is_empty() {
            return (history, false, &self.starts);
        }
        let longest = self.order.min(history.len());
        for k in (0..=longest).rev() {
            let context = &history[history.len() - k..];
            let found = self
                .key(context)
                .and_then(|key| self.tables.get(k).and_then(|t| t.get(&key)));
            if let Some(followers) = found
                && !followers.is_empty()
            {
                return (context, k < longest, followers);
            }
        }
        // The no-context table holds every note of the vocab; this is only reached by a model
        // with nothing in it, which `learn` refuses to build.
        (&history[history.len()..], true, &self.starts)
    }
}

impl Melody {
    /// How long the melody lasts, in beats.
    pub fn beats(&self) -> f64 {
        self.notes.iter().map(|n| n.beats).sum()
    }

    /// The melody as a tune with a title naming its seed.
    pub fn tune(&self) -> Tune {
        Tune {
            title: format!("New tune (seed {})", self.seed),
            notes: self.notes.clone(),
        }
    }

    /// The melody as a piano roll.
    pub fn piano_roll(&self) -> Result<Chart> {
        piano_roll(
            &format!("A new tune from seed {}: each block is a note", self.seed),
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
fn index_of(vocab: &[Note], note: &Note) -> Option<usize> {
    vocab.binary_search_by(|probe| probe.order(note)).ok()
}

fn check_temperature(temperature: f64) -> Result<()> {
    finite_in(
        "temperature",
        temperature,
        0.05..=10.0,
        "a number from 0.05 to 10 (1 keeps the learned odds)",
    )
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
        // Both tunes open on C4/1.
        let start = model.predict(&[], 1.0).unwrap();
        assert_eq!(start.candidates.len(), 1);
        assert_eq!(start.candidates[0].probability, 1.0);
        let after_c = model.predict(&[n("C4/1")], 1.0).unwrap();
        let probs: Vec<f64> = after_c.candidates.iter().map(|c| c.probability).collect();
        assert!((probs[0] - 2.0 / 3.0).abs() < 1e-12 && (probs[1] - 1.0 / 3.0).abs() < 1e-12);
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
        let p = model
            .predict(&parse_notes("E4/2 C4/1 D4/1").unwrap(), 1.0)
            .unwrap();
        assert_eq!(p.context, [n("C4/1"), n("D4/1")]);
        assert!(!p.backed_off);
        assert_eq!(p.candidates[0].note, n("C4/1"));
    }

    #[test]
    fn back_off_when_a_context_has_no_continuation() {
        let model = MelodyModel::learn(&tiny(), 2).unwrap();
        // "C4/1 E4/2" ends tune One: no order-2 or order-1 continuation, so the model falls back
        // to how often each note occurs: 3, 2 and 1 out of 6.
        let p = model.predict(&[n("C4/1"), n("E4/2")], 1.0).unwrap();
        assert!(p.backed_off);
        assert!(p.context.is_empty());
        let probs: Vec<f64> = p.candidates.iter().map(|c| c.probability).collect();
        let expected = [0.5, 2.0 / 6.0, 1.0 / 6.0];
        for (got, want) in probs.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12);
        }
        // "E4/2 C4/1" was never seen, but "C4/1" was: back off one step.
        let p = model.predict(&[n("E4/2"), n("C4/1")], 1.0).unwrap();
        assert_eq!(
            (p.backed_off, p.context.as_slice()),
            (true, &[n("C4/1")][..])
        );
        // A note the model never heard backs off too, instead of failing.
        let p = model.predict(&[n("C4/1"), n("B7/3")], 1.0).unwrap();
        assert!(p.backed_off && p.context.is_empty());
        // A generated melody longer than any tune has to pass through a back-off.
        let melody = model.generate(1, Length::Notes(12), 1.0).unwrap();
        assert!(melody.trace.iter().any(|s| s.backed_off));
    }

    #[test]
    fn temperature_reshapes_the_odds() {
        // Counts 3 and 1: at temperature 0.5 they become 9 and 1, at 2 they become √3 and 1.
        let tunes = parse_tunes("tune: T\nC4/1 D4/1 C4/1 D4/1 C4/1 D4/1 C4/1 E4/1").unwrap();
        let model = MelodyModel::learn(&tunes, 1).unwrap();
        let probs = |t: f64| -> Vec<f64> {
            let p = model.predict(&[n("C4/1")], t).unwrap();
            p.candidates.iter().map(|c| c.probability).collect()
        };
        let cold = probs(0.5);
        assert!((cold[0] - 0.9).abs() < 1e-12 && (cold[1] - 0.1).abs() < 1e-12);
        let warm = probs(2.0);
        let root3 = 3f64.sqrt();
        assert!((warm[0] - root3 / (root3 + 1.0)).abs() < 1e-12);
        assert!((probs(1.0)[0] - 0.75).abs() < 1e-12);
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
                assert_eq!((m.notes.len(), m.trace.len()), (33, 33));
                for step in &m.trace {
                    assert!(model.vocab().contains(&step.note));
                    assert!(step.probability > 0.0 && step.probability <= 1.0);
                    assert!(step.context.len() <= order);
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
            assert!(m.trace[0].context.is_empty() && !m.trace[0].backed_off);
        }
    }

    #[test]
    fn novelty_by_hand() {
        let tunes = tiny();
        let melody = |notes: &str| Melody {
            seed: 0,
            order: 1,
            temperature: 1.0,
            notes: parse_notes(notes).unwrap(),
            trace: Vec::new(),
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
        for t in [0.0, -1.0, f64::NAN, f64::INFINITY, 11.0] {
            assert!(matches!(
                model.predict(&[], t),
                Err(Error::InvalidParameter {
                    name: "temperature",
                    ..
                })
            ));
            assert!(model.generate(1, Length::Notes(4), t).is_err());
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
