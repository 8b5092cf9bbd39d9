//! A short history: sorting came first, and generating at scale is recent.
//!
//! A handful of milestones, each with the published work it comes from, drawn as a timeline in
//! two colours: models that tell things apart, and models that create. The list is short on
//! purpose; it is there to show the order of events, not to be complete.

use crate::error::Result;
use crate::show::chart::{Canvas, Chart, INK, PALETTE, Painted, WIDTH, font};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// Which of the book's two jobs a milestone did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// Telling apart: a label for an input.
    Sorting,
    /// Creating: a new example.
    Creating,
}

/// One milestone: when, what, and where it was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    /// The year it was published.
    pub year: u16,
    /// Which job it did.
    pub job: Job,
    /// What happened, in a few words.
    pub what: &'static str,
    /// The work it comes from.
    pub source: &'static str,
}

/// The milestones, oldest first.
pub const MILESTONES: [Milestone; 8] = [
    Milestone {
        year: 1948,
        job: Job::Creating,
        what: "Shannon writes English-like text from word-pair counts",
        source: "C. E. Shannon, \"A Mathematical Theory of Communication\", Bell System Technical Journal, 1948",
    },
    Milestone {
        year: 1958,
        job: Job::Sorting,
        what: "The perceptron learns to sort simple patterns",
        source: "F. Rosenblatt, \"The Perceptron: A Probabilistic Model for Information Storage and Organization in the Brain\", Psychological Review, 1958",
    },
    Milestone {
        year: 1998,
        job: Job::Sorting,
        what: "Spam filters and digit readers learn from examples",
        source: "M. Sahami, S. Dumais, D. Heckerman, E. Horvitz, \"A Bayesian Approach to Filtering Junk E-Mail\", AAAI workshop, 1998; Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, \"Gradient-Based Learning Applied to Document Recognition\", Proceedings of the IEEE, 1998",
    },
    Milestone {
        year: 2012,
        job: Job::Sorting,
        what: "A deep network sorts photos far better than before",
        source: "A. Krizhevsky, I. Sutskever, G. E. Hinton, \"ImageNet Classification with Deep Convolutional Neural Networks\", Advances in Neural Information Processing Systems, 2012",
    },
    Milestone {
        year: 2014,
        job: Job::Creating,
        what: "Adversarial networks make new small pictures",
        source: "I. Goodfellow et al., \"Generative Adversarial Nets\", Advances in Neural Information Processing Systems, 2014",
    },
    Milestone {
        year: 2017,
        job: Job::Creating,
        what: "The transformer: the design inside language models",
        source: "A. Vaswani et al., \"Attention Is All You Need\", Advances in Neural Information Processing Systems, 2017",
    },
    Milestone {
        year: 2020,
        job: Job::Creating,
        what: "A language model trained on vast text writes fluently",
        source: "T. Brown et al., \"Language Models are Few-Shot Learners\" (GPT-3), Advances in Neural Information Processing Systems, 2020",
    },
    Milestone {
        year: 2022,
        job: Job::Creating,
        what: "Chat assistants and image generators reach the public",
        source: "OpenAI, \"Introducing ChatGPT\", 30 November 2022; R. Rombach et al., \"High-Resolution Image Synthesis with Latent Diffusion Models\" (Stable Diffusion), CVPR, 2022",
    },
];

/// The first year the timeline shows, and the last.
const FIRST_YEAR: f64 = 1940.0;
const LAST_YEAR: f64 = 2030.0;
const LEFT: i32 = 20;
const RIGHT: i32 = WIDTH as i32 - 20;
const TOP: i32 = 70;
const ROW: i32 = 38;
/// About how wide a letter of the labels is, in pixels, to keep each label inside the chart.
const LETTER: f64 = 7.0;

/// The first milestone of a job.
pub fn first(job: Job) -> Option<&'static Milestone> {
    MILESTONES.iter().find(|m| m.job == job)
}

/// The sources of every milestone, in the timeline's order, as one line each.
pub fn sources() -> Vec<String> {
    MILESTONES
        .iter()
        .map(|m| format!("{}: {}", m.year, m.source))
        .collect()
}

/// The timeline: one row per milestone, a dot at its year in the colour of its job, and what
/// happened beside it.
///
/// ```
/// let chart = genai_demos::data::history::timeline()?;
/// assert!(chart.svg().contains("perceptron"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn timeline() -> Result<Chart> {
    let height = (TOP + ROW * MILESTONES.len() as i32 + 40) as u32;
    Chart::draw(
        "Telling apart came first; creating at scale is recent",
        (WIDTH, height),
        paint,
    )
}

/// The x position of a year.
fn x(year: f64) -> i32 {
    let share = (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR);
    LEFT + (share * f64::from(RIGHT - LEFT)) as i32
}

fn paint(root: &Canvas<'_>) -> Painted {
    let sorting = PALETTE[1];
    let creating = PALETTE[0];
    // The key.
    for (at, colour, name) in [
        (LEFT, sorting, "telling apart (sorting)"),
        (LEFT + 220, creating, "creating (generating)"),
    ] {
        root.draw(&Circle::new((at + 6, 18), 6, colour.filled()))?;
        root.draw(&Text::new(
            name,
            (at + 18, 18),
            font(15).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    // The axis of years, at the bottom, with a tick every twenty years.
    let axis = TOP + ROW * MILESTONES.len() as i32;
    root.draw(&PathElement::new(
        vec![(x(FIRST_YEAR), axis), (x(LAST_YEAR), axis)],
        INK.stroke_width(1),
    ))?;
    for year in (1940..=2020).step_by(20) {
        let at = x(f64::from(year));
        root.draw(&PathElement::new(
            vec![(at, axis), (at, axis + 5)],
            INK.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            year.to_string(),
            (at, axis + 8),
            font(13).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    for (i, m) in MILESTONES.iter().enumerate() {
        let y = TOP - 20 + ROW * i as i32;
        let at = x(f64::from(m.year));
        let colour = match m.job {
            Job::Sorting => sorting,
            Job::Creating => creating,
        };
        root.draw(&PathElement::new(
            vec![(at, y), (at, axis)],
            INK.mix(0.25).stroke_width(1),
        ))?;
        root.draw(&Circle::new((at, y), 7, colour.filled()))?;
        // Each label goes right of its dot if it fits there, else left.
        let label = format!("{} {}", m.year, m.what);
        let width = (label.chars().count() as f64 * LETTER) as i32;
        let anchored = if at + 12 + width > RIGHT {
            Text::new(
                label,
                (at - 12, y),
                font(13).pos(Pos::new(HPos::Right, VPos::Center)),
            )
        } else {
            Text::new(
                label,
                (at + 12, y),
                font(13).pos(Pos::new(HPos::Left, VPos::Center)),
            )
        };
        root.draw(&anchored)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_are_in_order_and_sorting_came_first_at_scale() {
        let years: Vec<u16> = MILESTONES.iter().map(|m| m.year).collect();
        let mut sorted = years.clone();
        sorted.sort_unstable();
        assert_eq!(years, sorted);
        // Every milestone has a source, and the recent end of the line is generation.
        assert!(MILESTONES.iter().all(|m| !m.source.is_empty()));
        let last_sorting = MILESTONES
            .iter()
            .filter(|m| m.job == Job::Sorting)
            .map(|m| m.year)
            .max();
        assert!(MILESTONES.last().is_some_and(|m| m.job == Job::Creating));
        assert!(last_sorting < Some(2014));
        assert_eq!(sources().len(), MILESTONES.len());
    }

    #[test]
    fn the_timeline_draws_every_milestone_inside_the_chart() {
        for m in &MILESTONES {
            let width = (format!("{} {}", m.year, m.what).chars().count() as f64 * LETTER) as i32;
            let at = x(f64::from(m.year));
            let fits = at + 12 + width <= RIGHT || at - 12 - width >= 0;
            assert!(fits, "the label of {} is too long", m.year);
        }
        let chart = timeline().unwrap();
        for m in &MILESTONES {
            assert!(chart.svg().contains(&m.year.to_string()), "{}", m.year);
        }
        assert_eq!(chart.svg().matches("<circle").count(), MILESTONES.len() + 2);
    }
}
