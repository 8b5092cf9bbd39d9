//! Judging a picture generator the way image models are judged: a separate sorter reads each
//! generated picture back, and every picture is compared with its nearest training picture.
//!
//! Two questions, two numbers. *Does it follow the prompt?* The share of asked attributes the
//! [`PictureSorter`] reads back as asked. *Is it new, not copied?* The distance from each
//! picture to its nearest training picture, next to the typical distance between a training
//! picture and its own nearest neighbour. And one harder test: prompts for combinations the
//! training pictures never showed ([`Attributes::held_out`]), which a generator can only draw
//! by putting together what it learned about each word.
//!
//! The first generator judged is the chapter's closed-form sampler, conditioned the only way it
//! can be: [`ClosedForm`] fits its mixture to the training pictures that match the description.
//! For a held-out combination nothing matches, so it falls back to the pictures of the shape
//! alone, and the measurement shows what that costs.

use crate::classify::pictures::PictureSorter;
use crate::error::{Error, Result, at_least};
use crate::pictures::describe::{Attributes, DescribedSet, Description};
use crate::pictures::diffusion::{COMPONENTS, DIRECTIONS, Schedule, reverse_process, to_signal};
use crate::pictures::mixture::Mixture;
use crate::pictures::shapes::{Image, rms_distance};
use serde::{Deserialize, Serialize};

/// A picture generator that reads a description: anything the judge can score.
pub trait DrawsDescriptions {
    /// What the chapter calls the model.
    fn name(&self) -> String;
    /// One picture per seed for a description.
    fn draw(&self, description: &Description, seeds: &[u64]) -> Result<Vec<Image>>;
}

/// The closed-form sampler conditioned on a description: a Gaussian mixture fitted to the
/// training pictures that match it, denoised exactly as the chapter's first model does.
///
/// ```
/// use genai_demos::pictures::describe::{DescribedSet, Description};
/// use genai_demos::pictures::judge::{ClosedForm, DrawsDescriptions};
///
/// let model = ClosedForm { training: DescribedSet::draw(1, 4, true)?, steps: 20 };
/// let ring = Description::parse("a small ring")?;
/// assert_eq!(model.draw(&ring, &[1, 2])?.len(), 2);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosedForm {
    /// The captioned pictures it fits to.
    pub training: DescribedSet,
    /// Denoising steps per picture.
    pub steps: usize,
}

impl ClosedForm {
    /// The training pictures it fits for a description: those that match it, or, when none
    /// do (a held-out combination), those of the asked shape alone. The flag says which.
    pub fn pictures_for(&self, description: &Description) -> (Vec<&Image>, bool) {
        let matching = self.training.matching(description);
        if !matching.is_empty() {
            return (matching, false);
        }
        let shape_only = Description {
            shape: description.shape,
            ..Description::default()
        };
        (self.training.matching(&shape_only), true)
    }
}

impl DrawsDescriptions for ClosedForm {
    fn name(&self) -> String {
        "the closed-form sampler".into()
    }

    fn draw(&self, description: &Description, seeds: &[u64]) -> Result<Vec<Image>> {
        let (pictures, _) = self.pictures_for(description);
        let points: Vec<Vec<f64>> = pictures.iter().map(|p| to_signal(p)).collect();
        let mixture = Mixture::fit(&points, COMPONENTS, DIRECTIONS, self.training.seed)?;
        let schedule = Schedule::cosine(self.steps)?;
        Ok(seeds
            .iter()
            .map(|&seed| reverse_process(&mixture, &schedule, seed).1)
            .collect())
    }
}

/// The scores of one prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptScore {
    /// The prompt.
    pub prompt: String,
    /// Whether it asks for a combination the training pictures left out.
    pub held_out: bool,
    /// How many attributes it asks for, per picture.
    pub asked: usize,
    /// For each picture, how many of those the sorter read back as asked.
    pub read_back: Vec<usize>,
    /// For each picture, the distance to its nearest training picture.
    pub nearest_rms: Vec<f64>,
}

/// A generator's scores over a fixed set of prompts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Judgement {
    /// The generator's name.
    pub model: String,
    /// The median distance from a training picture to its nearest other training picture:
    /// how close two different pictures of the set typically are.
    pub typical_gap: f64,
    /// The share of asked attributes read back as asked, on prompts for seen combinations.
    pub seen_share: f64,
    /// The same share on prompts for held-out combinations.
    pub held_out_share: f64,
    /// The smallest distance from any generated picture to its nearest training picture.
    pub closest_rms: f64,
    /// How many generated pictures are closer to a training picture than `typical_gap`.
    pub closer_than_typical: usize,
    /// How many pictures were drawn.
    pub pictures: usize,
    /// Every prompt's scores.
    pub prompts: Vec<PromptScore>,
}

impl Judgement {
    /// The scores in one line, for a log or a test's output.
    pub fn summary(&self) -> String {
        format!(
            "{}: seen {:.3}, held-out {:.3}, closest {:.3} (typical {:.3}), {} of {} closer",
            self.model,
            self.seen_share,
            self.held_out_share,
            self.closest_rms,
            self.typical_gap,
            self.closer_than_typical,
            self.pictures
        )
    }
}

/// The median distance from each training picture to its nearest other one.
pub fn typical_gap(training: &DescribedSet) -> f64 {
    let images: Vec<&Image> = training.pictures.iter().map(|p| &p.image).collect();
    let mut gaps: Vec<f64> = images
        .iter()
        .enumerate()
        .map(|(i, a)| {
            images
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, b)| rms_distance(&a.pixels, &b.pixels))
                .fold(f64::INFINITY, f64::min)
        })
        .filter(|g| g.is_finite())
        .collect();
    gaps.sort_by(f64::total_cmp);
    match gaps.len() {
        0 => 0.0,
        n if n % 2 == 1 => gaps[n / 2],
        n => (gaps[n / 2 - 1] + gaps[n / 2]) / 2.0,
    }
}

/// The distance from `image` to the nearest picture of `training`: how close a picture comes
/// to copying one it learned from.
pub fn nearest_rms(image: &Image, training: &DescribedSet) -> f64 {
    training
        .pictures
        .iter()
        .map(|p| image.rms_distance(&p.image))
        .fold(f64::INFINITY, f64::min)
}

/// How many of the attributes `description` asks for the reading has.
pub fn read_back(description: &Description, read: &Attributes) -> usize {
    usize::from(description.shape == Some(read.shape))
        + usize::from(description.size == Some(read.size))
        + usize::from(description.stroke == Some(read.stroke))
        + usize::from(description.vertical == Some(read.vertical))
        + usize::from(description.horizontal == Some(read.horizontal))
}

/// Scores `model` on `prompts`, `per_prompt` pictures each (seeds `seed`, `seed + 1`, ...), read
/// back by `sorter` and compared with `training`.
pub fn judge(
    model: &dyn DrawsDescriptions,
    sorter: &PictureSorter,
    training: &DescribedSet,
    prompts: &[&str],
    per_prompt: usize,
    seed: u64,
) -> Result<Judgement> {
    at_least("per_prompt", per_prompt, 1, "at least 1 picture per prompt")?;
    if training.pictures.is_empty() {
        return Err(Error::EmptyCorpus {
            what: "the training pictures".into(),
        });
    }
    let held_out = Attributes::held_out();
    let mut scores = Vec::with_capacity(prompts.len());
    for (i, prompt) in prompts.iter().enumerate() {
        let description = Description::parse_strict(prompt)?;
        let first = seed.wrapping_add((i * per_prompt) as u64);
        let seeds: Vec<u64> = (0..per_prompt as u64)
            .map(|j| first.wrapping_add(j))
            .collect();
        let pictures = model.draw(&description, &seeds)?;
        let mut score = PromptScore {
            prompt: prompt.to_string(),
            held_out: held_out.iter().any(|a| description.matches(a))
                && training.matching(&description).is_empty(),
            asked: description.asked(),
            read_back: Vec::new(),
            nearest_rms: Vec::new(),
        };
        for picture in &pictures {
            let read = sorter.read(picture).attributes;
            score.read_back.push(read_back(&description, &read));
            score.nearest_rms.push(nearest_rms(picture, training));
        }
        scores.push(score);
    }
    let share = |held: bool| {
        let (mut right, mut asked) = (0, 0);
        for s in scores.iter().filter(|s| s.held_out == held) {
            right += s.read_back.iter().sum::<usize>();
            asked += s.asked * s.read_back.len();
        }
        right as f64 / asked.max(1) as f64
    };
    let gap = typical_gap(training);
    let all_nearest: Vec<f64> = scores
        .iter()
        .flat_map(|s| s.nearest_rms.iter().copied())
        .collect();
    Ok(Judgement {
        model: model.name(),
        typical_gap: gap,
        seen_share: share(false),
        held_out_share: share(true),
        closest_rms: all_nearest.iter().copied().fold(f64::INFINITY, f64::min),
        closer_than_typical: all_nearest.iter().filter(|d| **d < gap).count(),
        pictures: all_nearest.len(),
        prompts: scores,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::pictures::settings;

    /// A "generator" that hands back a training picture: the worst copier.
    struct Copier(DescribedSet);

    impl DrawsDescriptions for Copier {
        fn name(&self) -> String {
            "a copier".into()
        }
        fn draw(&self, d: &Description, seeds: &[u64]) -> Result<Vec<Image>> {
            let any = Description {
                shape: d.shape,
                ..Description::default()
            };
            let found = self.0.matching(d);
            let found = if found.is_empty() {
                self.0.matching(&any)
            } else {
                found
            };
            Ok(seeds.iter().map(|_| found[0].clone()).collect())
        }
    }

    #[test]
    fn a_copier_follows_seen_prompts_and_is_caught_copying() {
        let training = DescribedSet::draw(1, 4, true).unwrap();
        let sorter = PictureSorter::train(&training.pictures, &settings()).unwrap();
        let prompts = [
            "a large thin ring at the bottom left",
            "a small square at the bottom right",
        ];
        let j = judge(
            &Copier(training.clone()),
            &sorter,
            &training,
            &prompts,
            2,
            1,
        )
        .unwrap();
        assert!(!j.prompts[0].held_out);
        assert!(j.prompts[1].held_out);
        assert_eq!(j.prompts[0].asked, 5);
        assert!(j.seen_share >= 0.8, "{j:?}");
        // It cannot draw a small square at the bottom right: it hands back some square.
        assert!(j.held_out_share < 1.0, "{j:?}");
        assert_eq!(j.closest_rms, 0.0);
        assert_eq!(j.closer_than_typical, 4);
        assert!(j.typical_gap > 0.05);
    }

    #[test]
    fn unknown_words_in_a_prompt_are_an_error() {
        let training = DescribedSet::draw(1, 1, true).unwrap();
        let sorter = PictureSorter::train(&training.pictures, &settings()).unwrap();
        let model = Copier(training.clone());
        assert!(matches!(
            judge(&model, &sorter, &training, &["a shiny ring"], 1, 1),
            Err(Error::UnknownWords { .. })
        ));
    }
}
