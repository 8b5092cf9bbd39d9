//! Chapter 2's description-reading denoiser, judged: the committed network drawing the judge's
//! prompts at the chapter's guidance strength, and the sweep of "follows the prompt" and "new,
//! not copied" against guidance strength.
//!
//! ```
//! use genai_demos::experiments::denoiser;
//!
//! let (net, sorter) = denoiser::models()?;
//! let d = denoiser::draw(&net, &sorter, "a small thin square at the bottom right", 4, 3.0)?;
//! assert_eq!(d.frames.len(), net.steps + 1);
//! assert!(d.read_back <= d.asked);
//! # Ok::<(), genai_demos::Error>(())
//! ```

use super::Figures;
use super::ch2::{described_training, judge_generator};
use crate::classify::pictures::{PictureSorter, Reading};
use crate::error::Result;
use crate::pictures::denoiser::{Denoiser, Guided};
use crate::pictures::describe::{Description, Unread};
use crate::pictures::judge::{Judgement, read_back};
use crate::pictures::shapes::Image;
use crate::show::chart::{Chart, Series};
use serde::{Deserialize, Serialize};

/// The guidance strength the chapter draws with.
pub const GUIDANCE: f64 = 3.0;
/// The guidance strengths of the chapter's sweep.
pub const SWEEP: [f64; 5] = [0.0, 1.0, 2.0, 3.0, 5.0];
/// The description the page starts with.
pub const PAGE_PROMPT: &str = "a small bold ring at the top left";
/// The seed the page starts with.
pub const PAGE_SEED: u64 = 7;

/// The committed denoiser judged on the chapter's prompts at `guidance`.
pub fn judge_at(guidance: f64) -> Result<Judgement> {
    let net = Denoiser::committed()?;
    judge_net(&net, guidance)
}

/// `net` judged on the chapter's prompts at `guidance`.
pub fn judge_net(net: &Denoiser, guidance: f64) -> Result<Judgement> {
    let (training, sorter) = described_training()?;
    judge_generator(&Guided { net, guidance }, &training, &sorter)
}

/// A picture drawn from a description, every step of the way, and what the sorter reads in it:
/// what the page's controls show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drawing {
    /// The description as typed.
    pub prompt: String,
    /// The words the denoiser could not use, in order.
    pub unread: Vec<Unread>,
    /// The seed of the starting noise.
    pub seed: u64,
    /// The guidance strength.
    pub guidance: f64,
    /// The picture at every step: pure noise first, the finished picture last.
    pub frames: Vec<Image>,
    /// What the sorter reads in the finished picture.
    pub reading: Reading,
    /// That reading as a caption ("a small bold ring at the top left").
    pub read_as: String,
    /// How many attributes the description asks for.
    pub asked: usize,
    /// How many of them the sorter read back as asked.
    pub read_back: usize,
}

/// Draws `prompt` from the noise of `seed` at `guidance` with `net`, read back by `sorter`.
/// Unknown words are reported in [`Drawing::unread`]; only an empty description is an error.
pub fn draw(
    net: &Denoiser,
    sorter: &PictureSorter,
    prompt: &str,
    seed: u64,
    guidance: f64,
) -> Result<Drawing> {
    let d = Description::parse(prompt)?;
    let frames = net.film(&d, seed, guidance)?;
    let last = frames
        .last()
        .ok_or_else(|| crate::Error::Model("the denoiser took no steps".into()))?;
    let reading = sorter.read(last);
    Ok(Drawing {
        prompt: d.text.clone(),
        unread: d.unread.clone(),
        seed,
        guidance,
        asked: d.asked(),
        read_back: read_back(&d, &reading.attributes),
        frames,
        read_as: reading.attributes.to_string(),
        reading,
    })
}

/// The committed denoiser and the chapter's sorter: what [`draw`] needs.
pub fn models() -> Result<(Denoiser, PictureSorter)> {
    Ok((Denoiser::committed()?, described_training()?.1))
}

/// One guidance strength's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// The guidance strength.
    pub guidance: f64,
    /// The share of asked attributes read back on seen combinations.
    pub seen_share: f64,
    /// The same on held-out combinations.
    pub held_out_share: f64,
    /// The share of pictures further from every training picture than the typical gap.
    pub new_share: f64,
}

impl SweepPoint {
    /// The point of one judgement.
    pub fn of(guidance: f64, j: &Judgement) -> SweepPoint {
        let new = j.pictures - j.closer_than_typical;
        SweepPoint {
            guidance,
            seen_share: j.seen_share,
            held_out_share: j.held_out_share,
            new_share: new as f64 / j.pictures.max(1) as f64,
        }
    }
}

/// The committed denoiser judged at every guidance strength of [`SWEEP`].
pub fn sweep() -> Result<Vec<SweepPoint>> {
    let net = Denoiser::committed()?;
    SWEEP
        .iter()
        .map(|&g| Ok(SweepPoint::of(g, &judge_net(&net, g)?)))
        .collect()
}

/// "Follows the prompt" and "new, not copied" against guidance strength.
pub fn sweep_chart(points: &[SweepPoint]) -> Result<Chart> {
    let line = |name: &str, pick: fn(&SweepPoint) -> f64| {
        Series::new(
            name,
            points
                .iter()
                .map(|p| (p.guidance, 100.0 * pick(p)))
                .collect(),
        )
    };
    Chart::lines(
        "Guidance: following the prompt, and drawing something new",
        "guidance strength",
        "% of attributes / % of pictures",
        &[
            line("follows the prompt (seen)", |p| p.seen_share),
            line("follows the prompt (held out)", |p| p.held_out_share),
            line("new, not copied", |p| p.new_share),
        ],
        100.0,
    )
}

/// The figures the chapter prints about the denoiser at the chapter's guidance.
pub fn figures(j: &Judgement, net: &Denoiser) -> Figures {
    let mut f = Figures::default();
    f.put("net-guidance", GUIDANCE);
    super::pictures::put_judgement(&mut f, "net", j);
    f.put(
        "net-parameters",
        crate::show::wording::thousands(net.parameters()),
    );
    f.put("net-steps", net.steps);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pictures::describe::DescribedSet;
    use crate::pictures::judge::{nearest_rms, typical_gap};

    #[test]
    fn a_drawing_reports_unknown_words_and_every_step() {
        let (net, sorter) = models().unwrap();
        let d = draw(&net, &sorter, "a large ring, sparkly", 3, GUIDANCE).unwrap();
        assert_eq!(d.unread, vec![Unread::Unknown("sparkly".into())]);
        assert_eq!(d.frames.len(), net.steps + 1);
        assert_eq!(d.asked, 2);
        assert_eq!(d.read_as, d.reading.attributes.to_string());
        assert!(draw(&net, &sorter, "  ", 3, GUIDANCE).is_err());
        assert!(draw(&net, &sorter, "a ring", 3, -1.0).is_err());
    }

    /// The copy target measures against the typical gap between a training picture and its
    /// nearest neighbour. Fresh pictures drawn exactly as the training ones were (new, by
    /// construction) land closer than that about half the time: the yardstick's own spread.
    #[test]
    fn fresh_true_pictures_are_often_closer_than_the_typical_gap() {
        let (training, _) = described_training().unwrap();
        let gap = typical_gap(&training);
        let fresh = DescribedSet::draw(999, 1, false).unwrap();
        let closer = fresh
            .pictures
            .iter()
            .filter(|p| nearest_rms(&p.image, &training) < gap)
            .count();
        eprintln!(
            "{closer} of {} fresh pictures closer than {gap:.3}",
            fresh.pictures.len()
        );
        assert!((20..=44).contains(&closer), "{closer}");
    }
}
