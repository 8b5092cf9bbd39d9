//! Chapter 1's experiments, "Two jobs: telling apart vs. creating": a spam filter, naive Bayes
//! and a spam writer trained on the same messages, the checks that the writer does not copy,
//! and the two models of the bakery tray.
//!
//! ```
//! use genai_demos::experiments::ch1;
//!
//! let run = ch1::Experiment::default().train()?;
//! assert_eq!(run.parts.test.len(), 100);
//! # Ok::<(), genai_demos::Error>(())
//! ```

use super::{Figures, intro};
use crate::classify::features::WordScore;
use crate::classify::gaussian::TwoJobs;
use crate::classify::logistic::{LogisticRegression, Settings};
use crate::classify::naive_bayes::NaiveBayes;
use crate::data::history::{self, Job};
use crate::data::messages::{Message, Split, builtin, split};
use crate::data::pastry::Tray;
use crate::generate::spam_writer::{ORDER, SpamWriter, Written};
use crate::measure::metrics::{Classification, Classifier, Report, evaluate};
use crate::show::wording::{context_words, percent, quoted_list, stated};
use crate::text::messages::{self, tokenize};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// The seed that splits the 500 messages into training and test messages.
pub const SPLIT_SEED: u64 = 7;
/// The share of each label held back for testing.
pub const TEST_FRACTION: f64 = 0.2;
/// Naive Bayes's smoothing: 1 added to every word count.
pub const ALPHA: f64 = 1.0;
/// The label both classifiers are asked about.
pub const POSITIVE: &str = "spam";
/// The word the filter leans on: most spam in the data links to a web address ending in it.
pub const SHORTCUT_WORD: &str = "example";
/// The seeds of the extra splits that check the test score was not luck.
pub const RESPLIT_SEEDS: RangeInclusive<u64> = 1..=10;
/// How many new pastries of each kind the generative model of the tray bakes.
pub const NEW_PER_KIND: usize = 8;
/// The seed of that baking.
pub const BAKE_SEED: u64 = 1;
/// The seeds of the messages the page shows, for each label.
pub const WRITE_SEEDS: RangeInclusive<u64> = 1..=6;
/// The seeds of the messages the copy check counts, for each label.
pub const CHECK_SEEDS: RangeInclusive<u64> = 1..=50;
/// The n the chapter compares the writer's with: one more word of context.
pub const LONGER_ORDER: usize = ORDER + 1;

/// How the chapter trains its two sorters and its writer on the shipped messages. The live
/// page carries it as JSON and trains the same models in the reader's browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Experiment {
    /// The seed that splits the messages into training and test messages.
    pub split_seed: u64,
    /// The share of each label held back for testing.
    pub test_fraction: f64,
    /// Naive Bayes's smoothing.
    pub alpha: f64,
    /// The label the logistic-regression filter answers yes or no about.
    pub positive: String,
    /// The filter's training settings.
    pub filter: Settings,
    /// The spam writer's n.
    pub writer_order: usize,
}

impl Default for Experiment {
    fn default() -> Experiment {
        Experiment {
            split_seed: SPLIT_SEED,
            test_fraction: TEST_FRACTION,
            alpha: ALPHA,
            positive: POSITIVE.to_string(),
            filter: Settings::default(),
            writer_order: ORDER,
        }
    }
}

/// The models an [`Experiment`] trains, with the split they learned from.
#[derive(Debug, Clone)]
pub struct Models {
    /// All the shipped messages.
    pub all: Vec<Message>,
    /// The training and test messages.
    pub parts: Split,
    /// The spam filter (logistic regression).
    pub filter: LogisticRegression,
    /// Naive Bayes.
    pub bayes: NaiveBayes,
    /// The writer: one n-gram model per label.
    pub writer: SpamWriter,
}

/// How many held-out messages of each label the flip widget shows besides the mistakes.
pub const SHOWN_PER_LABEL: usize = 3;
/// At most this many mistakes in the flip widget.
pub const SHOWN_MISTAKES: usize = 2;

/// What the chapter's flip widget carries: how the models were trained, and what each face
/// shows (the page's live controls retrain from these very settings).
#[derive(Debug, Clone, Serialize)]
pub struct Flip {
    /// The seed of the training/test split.
    pub split_seed: u64,
    /// The share held back for testing.
    pub test_fraction: f64,
    /// The filter's training settings.
    pub settings: Settings,
    /// Naive Bayes's smoothing.
    pub alpha: f64,
    /// The held-out messages of the "Telling apart" face ([`Models::shown`]).
    pub telling_apart: Vec<Verdict>,
    /// The writer's n.
    pub writer_order: usize,
    /// The brand-new messages of the "Creating" face ([`Models::creations`]).
    pub creating: Vec<Creation>,
}

/// What the live "Creating" control starts with: the labels, spam first, and the first seed.
#[derive(Debug, Clone, Serialize)]
pub struct WriteStart {
    /// The labels the writer knows, in the order the page shows them.
    pub labels: Vec<String>,
    /// The label chosen at first.
    pub label: String,
    /// The seed in the seed field at first.
    pub seed: u64,
}

/// What the copy check found over [`CHECK_SEEDS`] for both labels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Copies {
    /// Messages written.
    pub written: usize,
    /// Of them, whole copies of a training message.
    pub copies: usize,
    /// Whole copies among the ham.
    pub ham_copies: usize,
    /// The average longest copied run, in pieces.
    pub mean_run: f64,
}

/// Both sorters' average test accuracy over the splits of [`RESPLIT_SEEDS`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Resplits {
    /// How many splits.
    pub splits: usize,
    /// The filter's average accuracy.
    pub filter: f64,
    /// Naive Bayes's average accuracy.
    pub bayes: f64,
}

impl Experiment {
    /// The flip widget's data for the models this experiment trained.
    pub fn flip(&self, models: &Models) -> Result<Flip> {
        Ok(Flip {
            split_seed: self.split_seed,
            test_fraction: self.test_fraction,
            settings: models.filter.settings().clone(),
            alpha: self.alpha,
            telling_apart: models.shown(SHOWN_PER_LABEL, SHOWN_MISTAKES)?,
            writer_order: self.writer_order,
            creating: models.creations()?,
        })
    }

    /// Trains the sorters and the writer on the training part of the shipped messages.
    pub fn train(&self) -> Result<Models> {
        let all = builtin()?;
        let parts = split(&all, self.test_fraction, self.split_seed)?;
        Ok(Models {
            filter: LogisticRegression::train(&parts.train, &self.positive, &self.filter)?,
            bayes: NaiveBayes::train(&parts.train, self.alpha)?,
            writer: SpamWriter::train(&parts.train, self.writer_order)?,
            all,
            parts,
        })
    }

    /// Trains and tests both sorters on every split of `seeds`, and averages their accuracy.
    pub fn resplits(&self, seeds: RangeInclusive<u64>) -> Result<Resplits> {
        let (mut filter, mut bayes, mut splits) = (0.0, 0.0, 0);
        for split_seed in seeds {
            let models = Experiment {
                split_seed,
                ..self.clone()
            }
            .train()?;
            filter += evaluate(&models.filter, &models.parts.test, &self.positive)?.accuracy;
            bayes += evaluate(&models.bayes, &models.parts.test, &self.positive)?.accuracy;
            splits += 1;
        }
        let n = splits.max(1) as f64;
        Ok(Resplits {
            splits,
            filter: filter / n,
            bayes: bayes / n,
        })
    }
}

/// The tray's two models: one that sorts, one that bakes new pastries.
pub fn two_jobs() -> Result<TwoJobs> {
    let tray = Tray::bake(intro::SEED, intro::PER_KIND)?;
    TwoJobs::learn(&tray, NEW_PER_KIND, BAKE_SEED)
}

/// The figures of the chapter's short history: the first sorter's and the first creator's
/// years, and the sources.
pub fn history_figures() -> Figures {
    let mut f = Figures::default();
    for (name, job) in [
        ("first-sorter", Job::Sorting),
        ("first-creator", Job::Creating),
    ] {
        f.put(
            name,
            history::first(job).map(|m| m.year).unwrap_or_default(),
        );
    }
    f.put("sources", history::sources().join(". ") + ".");
    f
}

/// Whether a message has the shortcut word among its words.
pub fn has_shortcut(text: &str) -> bool {
    tokenize(text).iter().any(|w| w == SHORTCUT_WORD)
}

/// The `n` words that pushed hardest toward an answer.
pub fn pushes(answer: &Classification, n: usize) -> Vec<WordScore> {
    answer
        .evidence
        .iter()
        .filter(|e| e.score > 0.0)
        .take(n)
        .cloned()
        .collect()
}

impl Models {
    /// The filter's test report.
    pub fn filter_report(&self) -> Result<Report> {
        evaluate(&self.filter, &self.parts.test, POSITIVE)
    }

    /// Naive Bayes's test report.
    pub fn bayes_report(&self) -> Result<Report> {
        evaluate(&self.bayes, &self.parts.test, POSITIVE)
    }

    /// The writer's report when it sorts the test messages by Bayes' rule.
    pub fn writer_report(&self) -> Result<Report> {
        evaluate(&self.writer, &self.parts.test, POSITIVE)
    }

    /// Writes [`CHECK_SEEDS`] messages of each label with a writer of order `n` (trained on the
    /// same messages) and counts the copies.
    pub fn copies(&self, n: usize) -> Result<Copies> {
        let writer = SpamWriter::train(&self.parts.train, n)?;
        let mut found = Copies {
            written: 0,
            copies: 0,
            ham_copies: 0,
            mean_run: 0.0,
        };
        let mut runs = 0;
        for label in writer.labels() {
            for seed in CHECK_SEEDS {
                let written = writer.write(label, seed)?;
                found.written += 1;
                if written.check.is_copy {
                    found.copies += 1;
                    found.ham_copies += usize::from(label == "ham");
                }
                runs += written.check.longest_copied_run;
            }
        }
        found.mean_run = runs as f64 / found.written.max(1) as f64;
        Ok(found)
    }

    /// Of the contexts a writer of order `n` saw in training (over both labels), the share
    /// that were only ever followed by one piece: there, writing can only copy.
    pub fn single_continuation_share(&self, n: usize) -> Result<f64> {
        let longer = SpamWriter::train(&self.parts.train, n)?;
        let (mut contexts, mut single) = (0usize, 0usize);
        for label in longer.labels() {
            let model = longer.model(label)?;
            let mut seen = std::collections::BTreeSet::new();
            for message in self.parts.train.iter().filter(|m| &m.label == label) {
                let mut framed = vec![crate::generate::ngram::BOS.to_string(); n - 1];
                framed.extend(messages::pieces(&message.text));
                for context in framed.windows(n - 1) {
                    if seen.insert(context.to_vec()) {
                        contexts += 1;
                        single += usize::from(model.counts(context).len() == 1);
                    }
                }
            }
        }
        Ok(single as f64 / contexts.max(1) as f64)
    }

    /// The spam the filter let through that has no web address: the clearest case of the
    /// shortcut (or, failing that, any spam the filter missed).
    pub fn missed(&self) -> Result<Classification> {
        let report = self.filter_report()?;
        let missed: Vec<&Classification> = report
            .mistakes
            .iter()
            .filter(|m| m.truth == POSITIVE)
            .map(|m| &m.answer)
            .collect();
        missed
            .iter()
            .find(|a| !has_shortcut(&a.text))
            .or(missed.first())
            .map(|a| (*a).clone())
            .ok_or_else(|| Error::EmptyInput {
                what: "the spam the filter missed on this split".into(),
            })
    }

    /// The messages the page writes: [`WRITE_SEEDS`] for each label, spam first, each with the
    /// filter's answer.
    pub fn creations(&self) -> Result<Vec<Creation>> {
        let mut all = Vec::new();
        for label in self.labels() {
            for seed in WRITE_SEEDS {
                all.push(self.create(&label, seed)?);
            }
        }
        Ok(all)
    }

    /// What the live "Creating" control starts with.
    pub fn write_start(&self) -> WriteStart {
        let (labels, seed) = (self.labels(), *WRITE_SEEDS.start());
        WriteStart {
            labels,
            label: POSITIVE.to_string(),
            seed,
        }
    }

    /// The writer's labels, spam first: the label the chapter is about.
    pub fn labels(&self) -> Vec<String> {
        let mut labels = self.writer.labels().to_vec();
        labels.sort_by_key(|l| l != POSITIVE);
        labels
    }

    /// A brand-new message for `label` from `seed`, and the filter's answer for it.
    pub fn create(&self, label: &str, seed: u64) -> Result<Creation> {
        let written = self.writer.write(label, seed)?;
        let filter = self.filter.classify(&written.text)?;
        Ok(Creation { written, filter })
    }

    /// The held-out messages the chapter's widget shows: `per_label` of each label both models
    /// got right and up to `mistakes` mistakes of either, mixed (ham, spam, mistake, ...) so
    /// that no face starts with a mistake.
    pub fn shown(&self, per_label: usize, mistakes: usize) -> Result<Vec<Verdict>> {
        let (mut ham, mut spam, mut wrong) = (Vec::new(), Vec::new(), Vec::new());
        for message in &self.parts.test {
            let Verdicts { filter, bayes } = self.verdicts(&message.text)?;
            let right = filter.label == message.label && bayes.label == message.label;
            let list = match (right, message.label == POSITIVE) {
                (false, _) => (&mut wrong, mistakes),
                (true, true) => (&mut spam, per_label),
                (true, false) => (&mut ham, per_label),
            };
            if list.0.len() < list.1 {
                let truth = message.label.clone();
                list.0.push(Verdict {
                    truth,
                    filter,
                    bayes,
                });
            }
        }
        let (mut ham, mut spam, mut wrong) = (ham.into_iter(), spam.into_iter(), wrong.into_iter());
        let mut shown = Vec::new();
        loop {
            let before = shown.len();
            shown.extend(ham.next());
            shown.extend(spam.next());
            shown.extend(wrong.next());
            if shown.len() == before {
                return Ok(shown);
            }
        }
    }

    /// Both sorters' answers for a message.
    pub fn verdicts(&self, text: &str) -> Result<Verdicts> {
        Ok(Verdicts {
            filter: self.filter.classify(text)?,
            bayes: self.bayes.classify(text)?,
        })
    }

    /// How many messages of `label` have the shortcut word.
    pub fn shortcut_count(&self, label: &str) -> usize {
        let with = |m: &&Message| m.label == label && has_shortcut(&m.text);
        self.all.iter().filter(with).count()
    }

    /// The figures the chapter prints, worded by [`crate::show::wording`].
    pub fn figures(&self) -> Result<Figures> {
        let mut f = Figures::default();
        let count = |messages: &[Message], label: &str| {
            messages.iter().filter(|m| m.label == label).count()
        };
        let top = |words: Vec<WordScore>| {
            quoted_list(&words.into_iter().map(|w| w.word).collect::<Vec<_>>())
        };
        let test_spam = count(&self.parts.test, POSITIVE);
        f.put("messages", self.all.len());
        f.put("spam-messages", count(&self.all, POSITIVE));
        f.put("ham-messages", count(&self.all, "ham"));
        f.put("train-messages", self.parts.train.len());
        f.put("test-messages", self.parts.test.len());
        f.put("test-spam", test_spam);
        f.put("test-ham", count(&self.parts.test, "ham"));
        f.put("split-seed", self.parts.seed);
        f.put("vocab-size", self.filter.vocab().len());
        f.put("epochs", self.filter.settings().epochs);
        for (who, report) in [
            ("filter", self.filter_report()?),
            ("bayes", self.bayes_report()?),
        ] {
            let caught = report.confusion.count(POSITIVE, POSITIVE)?;
            f.put(format!("{who}-accuracy"), percent(report.accuracy));
            f.put(format!("{who}-precision"), percent(report.precision));
            f.put(format!("{who}-recall"), percent(report.recall));
            f.put(format!("{who}-caught"), format!("{caught} of {test_spam}"));
            let alarms = report.confusion.count("ham", POSITIVE)?;
            f.put(format!("{who}-false-alarms"), alarms);
        }
        let resplits = Experiment::default().resplits(RESPLIT_SEEDS)?;
        f.put("resplits", resplits.splits);
        f.put("filter-mean-accuracy", percent(resplits.filter));
        f.put("bayes-mean-accuracy", percent(resplits.bayes));
        f.put(
            "filter-spam-words",
            top(self.filter.top_words(POSITIVE, 5)?),
        );
        f.put("filter-ham-words", top(self.filter.top_words("ham", 5)?));
        f.put("bayes-spam-words", top(self.bayes.top_words(POSITIVE, 5)?));
        f.put("spam-prior", percent(self.bayes.prior(POSITIVE)?));
        f.put("shortcut-spam", self.shortcut_count(POSITIVE));
        f.put("shortcut-ham", self.shortcut_count("ham"));
        let missed = self.missed()?;
        let caught = self.bayes.classify(&missed.text)?;
        f.put("missed-text", &missed.text);
        f.put(
            "missed-filter-spam",
            crate::show::wording::chance(missed.probability(POSITIVE)?),
        );
        f.put(
            "missed-bayes-spam",
            crate::show::wording::chance(caught.probability(POSITIVE)?),
        );
        f.put("missed-filter-words", top(pushes(&missed, 3)));
        f.put("missed-bayes-words", top(pushes(&caught, 3)));
        f.put("writer-order", ORDER);
        f.put("writer-context", context_words(ORDER));
        let first = *WRITE_SEEDS.start();
        let spam: Written = self.writer.write(POSITIVE, first)?;
        let answer = self.filter.classify(&spam.text)?;
        f.put("written-spam", &spam.text);
        f.put("written-spam-seed", first);
        f.put("written-spam-run", spam.check.longest_copied_run);
        f.put("written-spam-pieces", spam.check.pieces);
        f.put("written-spam-copied", &spam.check.longest_copied_text);
        f.put("written-spam-nearest", &spam.check.nearest);
        let p = stated(answer.probability(POSITIVE)?);
        f.put(
            "written-spam-filter",
            format!("{}, P(spam) {p}", answer.label),
        );
        f.put("written-ham", self.writer.write("ham", first)?.text);
        let writer = self.copies(ORDER)?;
        let longer = self.copies(LONGER_ORDER)?;
        f.put("checked-per-label", CHECK_SEEDS.count());
        f.put("checked-total", writer.written);
        f.put("writer-copies", writer.copies);
        f.put("writer-mean-run", format!("{:.1}", writer.mean_run));
        f.put("longer-order", LONGER_ORDER);
        f.put("longer-copies", longer.copies);
        f.put("longer-ham-copies", longer.ham_copies);
        f.put("longer-mean-run", format!("{:.1}", longer.mean_run));
        let single = self.single_continuation_share(LONGER_ORDER)?;
        f.put("longer-single-share", percent(single));
        f.put("writer-accuracy", percent(self.writer_report()?.accuracy));
        f.put("tray-size", two_jobs()?.tray.pastries.len());
        f.put("new-per-kind", NEW_PER_KIND);
        f.put("bake-seed", BAKE_SEED);
        Ok(f)
    }
}

/// Both sorters' answers for one message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdicts {
    /// The spam filter's answer (logistic regression: the discriminative model).
    pub filter: Classification,
    /// Naive Bayes's answer (the generative model, through Bayes' rule).
    pub bayes: Classification,
}

/// One held-out message as the widget shows it: the truth and both answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The label a person gave the message.
    pub truth: String,
    /// The spam filter's answer.
    pub filter: Classification,
    /// Naive Bayes's answer.
    pub bayes: Classification,
}

/// A brand-new message and what the spam filter makes of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Creation {
    /// What the writer wrote, and the copy check.
    pub written: Written,
    /// The spam filter's answer for it.
    pub filter: Classification,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chapters_claims_hold() {
        let run = Experiment::default().train().unwrap();
        let f = run.figures().unwrap();
        assert_eq!(f.get("messages"), Some("500"));
        assert_eq!(f.get("test-messages"), Some("100"));
        assert_eq!(f.get("shortcut-ham"), Some("0"));
        // The shortcut word is in more than half of the spam, as the page says.
        let spam = run.all.iter().filter(|m| m.label == POSITIVE).count();
        assert!(2 * run.shortcut_count(POSITIVE) > spam);
        // The missed spam is spam the filter called ham; naive Bayes catches it.
        let m = run.missed().unwrap();
        assert_eq!(m.label, "ham");
        assert_eq!(run.bayes.classify(&m.text).unwrap().label, POSITIVE);
        // The writer sorts less well than both sorters.
        let writer = run.writer_report().unwrap().accuracy;
        assert!(writer < run.filter_report().unwrap().accuracy);
        assert!(writer < run.bayes_report().unwrap().accuracy);
        // "Most of the learning happens in the first few passes."
        let losses = run.filter.loss_curve();
        assert!(losses[3] < 0.25 * losses[0], "{losses:?}");
        // "Most two-word contexts were followed by one word only."
        assert!(run.single_continuation_share(LONGER_ORDER).unwrap() > 0.5);
        // Written messages are new; a longer context copies more.
        for c in run.creations().unwrap() {
            assert!(!c.written.check.is_copy, "{}", c.written);
        }
        let (writer, longer) = (
            run.copies(ORDER).unwrap(),
            run.copies(LONGER_ORDER).unwrap(),
        );
        assert_eq!(writer.written, 2 * CHECK_SEEDS.count());
        assert!(longer.copies > writer.copies && longer.mean_run > writer.mean_run);
        // The widget shows both labels and a mistake, and does not start with one.
        let shown = run.shown(3, 2).unwrap();
        assert!(shown.iter().any(|v| v.truth == "ham"));
        assert!(shown.iter().any(|v| v.truth == POSITIVE));
        assert!(
            shown
                .iter()
                .any(|v| v.filter.label != v.truth || v.bayes.label != v.truth)
        );
        assert_eq!(shown[0].filter.label, shown[0].truth);
    }
}
