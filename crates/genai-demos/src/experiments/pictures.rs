//! The picture pair beside chapter 1's spam filter: a sorter that reads pictures it never saw,
//! and a model that draws pictures from a description, each read back by the sorter.
//!
//! ```
//! use genai_demos::experiments::pictures;
//!
//! let pair = pictures::pair()?;
//! assert_eq!(pair.sorted.len(), pictures::SORT_SHOWN);
//! assert!(pair.test_accuracy.overall > 0.9);
//! # Ok::<(), genai_demos::Error>(())
//! ```

use super::Figures;
use super::ch2::{
    DESCRIBED_PER_COMBINATION, IMAGE_STEPS, JUDGE_HELD_OUT_PROMPTS, JUDGE_PER_PROMPT,
    JUDGE_SEEN_PROMPTS, described_training,
};
use crate::classify::pictures::{Accuracy, Reading};
use crate::error::Result;
use crate::pictures::describe::{Attributes, Captioned, DescribedSet, Description};
use crate::pictures::judge::{
    ClosedForm, DrawsDescriptions, Judgement, nearest_rms, read_back, typical_gap,
};
use crate::pictures::shapes::Image;
use crate::show::wording::{percent, thousands};
use serde::{Deserialize, Serialize};

/// The seed of the fresh pictures the sorter is tested on (never seen while it learned).
pub const SORT_TEST_SEED: u64 = 77;
/// How many fresh pictures of every combination it is tested on.
pub const SORT_TEST_PER_COMBINATION: usize = 3;
/// How many of them the "Sorting" face shows.
pub const SORT_SHOWN: usize = 6;
/// The descriptions of the "Drawing" face, the last one a combination never seen in training.
pub const DRAW_PROMPTS: [&str; 3] = [
    "a small bold ring at the top left",
    "a large thin triangle at the bottom right",
    "a small thin square at the bottom right",
];
/// The seed of the first drawn picture (the others follow it).
pub const DRAW_SEED: u64 = 21;

/// A fresh picture and what the sorter reads in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sorted {
    /// The picture.
    pub image: Image,
    /// What it was drawn as.
    pub truth: Attributes,
    /// Whether its combination was left out of the sorter's training pictures.
    pub held_out: bool,
    /// What the sorter reads.
    pub reading: Reading,
}

/// A picture drawn from a description and what the sorter reads in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drawn {
    /// The description.
    pub prompt: String,
    /// The seed of its starting noise.
    pub seed: u64,
    /// Whether the description's combination was left out of training.
    pub held_out: bool,
    /// The picture.
    pub image: Image,
    /// What the sorter reads.
    pub reading: Reading,
    /// How many of the asked attributes the sorter read back.
    pub read_back: usize,
    /// How many attributes the description asks for.
    pub asked: usize,
    /// The distance to the nearest training picture.
    pub nearest_rms: f64,
}

/// Both faces of the pictures pair, and the sorter's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// How many training pictures the sorter and the drawing model learned from.
    pub training_pictures: usize,
    /// The sorter's accuracy on every fresh picture.
    pub test_accuracy: Accuracy,
    /// Its accuracy on the fresh pictures of held-out combinations only.
    pub held_out_accuracy: Accuracy,
    /// The pictures of the "Sorting" face.
    pub sorted: Vec<Sorted>,
    /// The pictures of the "Drawing" face.
    pub drawn: Vec<Drawn>,
    /// The typical distance between a training picture and its nearest neighbour.
    pub typical_gap: f64,
    /// How many of the fresh test pictures, drawn exactly as the training ones were (so new by
    /// construction), are closer to a training picture than `typical_gap`: how far below the
    /// yardstick a picture lands without copying anything.
    pub fresh_closer: usize,
}

/// Trains the sorter, tests it on fresh pictures and draws the pair's pictures.
pub fn pair() -> Result<Pair> {
    let (training, sorter) = described_training()?;
    let test = DescribedSet::draw(SORT_TEST_SEED, SORT_TEST_PER_COMBINATION, false)?;
    let held = Attributes::held_out();
    let unseen: Vec<Captioned> = test
        .pictures
        .iter()
        .filter(|p| held.contains(&p.attributes))
        .cloned()
        .collect();
    // Every 11th fresh picture, so the face shows a mix of shapes and places.
    let sorted = test
        .pictures
        .iter()
        .step_by(11)
        .take(SORT_SHOWN)
        .map(|p| Sorted {
            image: p.image.clone(),
            truth: p.attributes,
            held_out: held.contains(&p.attributes),
            reading: sorter.read(&p.image),
        })
        .collect();
    let model = ClosedForm {
        training: training.clone(),
        steps: IMAGE_STEPS,
    };
    let mut drawn = Vec::new();
    for (i, prompt) in DRAW_PROMPTS.iter().enumerate() {
        let description = Description::parse_strict(prompt)?;
        let seed = DRAW_SEED + i as u64;
        for image in model.draw(&description, &[seed])? {
            let reading = sorter.read(&image);
            let nearest_rms = nearest_rms(&image, &training);
            drawn.push(Drawn {
                prompt: prompt.to_string(),
                seed,
                held_out: training.matching(&description).is_empty(),
                read_back: read_back(&description, &reading.attributes),
                asked: description.asked(),
                image,
                reading,
                nearest_rms,
            });
        }
    }
    let gap = typical_gap(&training);
    let fresh_closer = test
        .pictures
        .iter()
        .filter(|p| nearest_rms(&p.image, &training) < gap)
        .count();
    Ok(Pair {
        training_pictures: training.pictures.len(),
        test_accuracy: sorter.accuracy(&test.pictures),
        held_out_accuracy: sorter.accuracy(&unseen),
        sorted,
        drawn,
        typical_gap: gap,
        fresh_closer,
    })
}

impl Pair {
    /// The figures the pages print about the sorter and the closed-form drawings, each
    /// worded once here. `closed_form` is the closed-form sampler's judgement
    /// ([`super::ch2::judge_closed_form`]).
    pub fn figures(&self, closed_form: &Judgement) -> Figures {
        let mut f = Figures::default();
        f.put("training-pictures", thousands(self.training_pictures));
        f.put("combinations", Attributes::all().len());
        f.put("held-out-combinations", Attributes::held_out().len());
        f.put("per-combination", DESCRIBED_PER_COMBINATION);
        f.put("test-pictures", thousands(self.test_accuracy.pictures));
        f.put("sorter-accuracy", percent(self.test_accuracy.overall));
        f.put(
            "sorter-shape-accuracy",
            percent(self.test_accuracy.per_attribute[0]),
        );
        f.put(
            "sorter-held-out-accuracy",
            percent(self.held_out_accuracy.overall),
        );
        f.put("held-out-pictures", self.held_out_accuracy.pictures);
        f.put("typical-gap", format!("{:.3}", self.typical_gap));
        f.put("fresh-closer", self.fresh_closer);
        f.put(
            "fresh-closer-share",
            percent(self.fresh_closer as f64 / self.test_accuracy.pictures.max(1) as f64),
        );
        put_judgement(&mut f, "closed", closed_form);
        f.put(
            "judge-prompts",
            JUDGE_SEEN_PROMPTS.len() + JUDGE_HELD_OUT_PROMPTS.len(),
        );
        f.put("judge-per-prompt", JUDGE_PER_PROMPT);
        f
    }
}

/// A generator's scores as the pages print them, under `PREFIX-seen`, `PREFIX-held-out`,
/// `PREFIX-pictures`, `PREFIX-copies` and `PREFIX-closest`: one wording for every generator the
/// chapter judges.
pub(super) fn put_judgement(f: &mut Figures, prefix: &str, j: &Judgement) {
    f.put(format!("{prefix}-seen"), percent(j.seen_share));
    f.put(format!("{prefix}-held-out"), percent(j.held_out_share));
    f.put(format!("{prefix}-pictures"), j.pictures);
    f.put(format!("{prefix}-copies"), j.closer_than_typical);
    f.put(format!("{prefix}-closest"), format!("{:.3}", j.closest_rms));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_shows_what_it_says() {
        let p = pair().unwrap();
        assert!(p.test_accuracy.overall >= 0.95, "{:?}", p.test_accuracy);
        assert!(
            p.held_out_accuracy.overall >= 0.9,
            "{:?}",
            p.held_out_accuracy
        );
        assert_eq!(p.drawn.len(), DRAW_PROMPTS.len());
        assert!(!p.drawn[0].held_out && p.drawn[2].held_out);
        assert!(p.sorted.iter().any(|s| s.reading.attributes == s.truth));
        // New pictures drawn as the training ones were land below the typical gap about half
        // the time (the gap is a median): the yardstick the generators are judged against.
        let share = p.fresh_closer as f64 / p.test_accuracy.pictures as f64;
        assert!(
            (0.3..=0.7).contains(&share),
            "{} of {}",
            p.fresh_closer,
            p.test_accuracy.pictures
        );
    }
}
