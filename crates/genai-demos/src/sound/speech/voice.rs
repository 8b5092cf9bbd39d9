//! Voices learned from the 76 speakers: what varies between people, as a distribution to sample.
//!
//! Two numbers set most of how a voice differs from another. The *pitch* (F0) is how fast the
//! vocal folds open and close. The *length of the vocal tract*, throat to lips, sets every
//! formant at once: a longer tube rings lower, so a man's vowels sit lower than a child's by
//! about the same factor on F1, F2 and F3. The model learns:
//!
//! - each vowel's *place*: its reference formants, the same for everyone;
//! - each speaker's two numbers: log pitch and log *scale* (how far their formants sit above or
//!   below the reference, one factor for all formants);
//! - a Gaussian over those two numbers (their means, spreads and how they go together).
//!
//! A new voice is a seeded draw from the Gaussian: a pitch and a scale no speaker had.

use crate::error::{Error, Result};
use crate::math;
use crate::random;
use crate::show::chart::{Chart, Series};
use crate::sound::speech::vowels::{Group, Measurement, Vowel, measurements};
use serde::{Deserialize, Serialize};

/// One real speaker of the study, summarised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// The speaker's number in the table, 1 to 76.
    pub id: u32,
    /// Man, woman or child.
    pub group: Group,
    /// The natural logarithm of the speaker's average pitch in hertz.
    pub log_f0: f64,
    /// The natural logarithm of the speaker's formant scale against the reference vowels.
    pub log_scale: f64,
    /// The speaker's average F1, F2, F3 for each vowel (two repetitions), in hertz.
    pub formants: [[f64; 3]; 10],
}

/// A voice the synthesiser can speak with: a pitch and the formants of its ten vowels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    /// The seed it was drawn with, if it was drawn.
    pub seed: Option<u64>,
    /// The pitch, in hertz.
    pub f0: f64,
    /// The formant scale: 1 is the reference speaker, 1.2 a shorter vocal tract.
    pub scale: f64,
    /// F1, F2, F3 of each vowel in hertz, in the order of [`Vowel::ALL`].
    pub formants: [[f64; 3]; 10],
}

impl Voice {
    /// F1, F2, F3 of one vowel, in hertz.
    pub fn vowel(&self, vowel: Vowel) -> [f64; 3] {
        self.formants[vowel.index()]
    }
}

/// How far a new voice is from everyone the model learned from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceNovelty {
    /// The nearest real speaker.
    pub speaker: u32,
    /// That speaker's group.
    pub group: Group,
    /// The distance in the model's plane, in standard deviations of the 76 speakers (pitch and
    /// scale each measured against their own spread).
    pub distance: f64,
    /// How much the two voices' pitch differs, in percent.
    pub pitch_difference: f64,
    /// How much their vowel formants differ on average (30 numbers each), in percent.
    pub formant_difference: f64,
}

/// The learned model of voices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceModel {
    /// Each vowel's reference F1, F2, F3 in hertz: its place, for a speaker of scale 1.
    pub reference: [[f64; 3]; 10],
    /// The mean of (log pitch, log scale) over the speakers.
    pub mean: [f64; 2],
    /// Their covariance.
    pub covariance: [[f64; 2]; 2],
    /// The speakers it learned from.
    pub speakers: Vec<Speaker>,
}

impl VoiceModel {
    /// The model learned from the 76 speakers of Peterson & Barney.
    ///
    /// ```
    /// use genai_demos::sound::speech::voice::VoiceModel;
    ///
    /// let model = VoiceModel::learn()?;
    /// let voice = model.new_voice(7)?;
    /// assert!(voice.f0 > 60.0 && voice.f0 < 400.0);
    /// let novelty = model.novelty(&voice)?;
    /// assert!(novelty.distance >= 0.0);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn learn() -> Result<VoiceModel> {
        VoiceModel::fit(&measurements()?)
    }

    /// Fits the model to measurements: the reference vowels and each speaker's scale in turn
    /// (each is the average that fits the other best), then the Gaussian over the speakers.
    pub fn fit(table: &[Measurement]) -> Result<VoiceModel> {
        let mut ids: Vec<u32> = table.iter().map(|m| m.speaker).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() < 3 {
            return Err(Error::EmptyCorpus {
                what: "the vowel measurements (at least three speakers)".into(),
            });
        }
        let mut speakers = Vec::with_capacity(ids.len());
        for id in ids {
            speakers.push(summarise(table, id)?);
        }
        let mut reference = [[0.0; 3]; 10];
        for _round in 0..10 {
            // Each vowel's place: the average over speakers of log formant minus log scale.
            for (v, place) in reference.iter_mut().enumerate() {
                for (j, hz) in place.iter_mut().enumerate() {
                    let mean = speakers
                        .iter()
                        .map(|s| math::ln(s.formants[v][j]) - s.log_scale)
                        .sum::<f64>()
                        / speakers.len() as f64;
                    *hz = math::exp(mean);
                }
            }
            // Each speaker's scale: the average of log formant minus log reference.
            for s in speakers.iter_mut() {
                let mut sum = 0.0;
                for (v, place) in reference.iter().enumerate() {
                    for (j, hz) in place.iter().enumerate() {
                        sum += math::ln(s.formants[v][j]) - math::ln(*hz);
                    }
                }
                s.log_scale = sum / 30.0;
            }
        }
        let n = speakers.len() as f64;
        let mean = [
            speakers.iter().map(|s| s.log_f0).sum::<f64>() / n,
            speakers.iter().map(|s| s.log_scale).sum::<f64>() / n,
        ];
        let mut covariance = [[0.0; 2]; 2];
        for s in &speakers {
            let d = [s.log_f0 - mean[0], s.log_scale - mean[1]];
            for a in 0..2 {
                for b in 0..2 {
                    covariance[a][b] += d[a] * d[b] / (n - 1.0);
                }
            }
        }
        Ok(VoiceModel {
            reference,
            mean,
            covariance,
            speakers,
        })
    }

    /// The voice with this log pitch and log scale.
    pub fn voice(&self, log_f0: f64, log_scale: f64, seed: Option<u64>) -> Voice {
        let scale = math::exp(log_scale);
        Voice {
            seed,
            f0: math::exp(log_f0),
            scale,
            formants: self.reference.map(|place| place.map(|hz| hz * scale)),
        }
    }

    /// The average voice: the mean pitch and scale of the 76 speakers.
    pub fn average_voice(&self) -> Voice {
        self.voice(self.mean[0], self.mean[1], None)
    }

    /// A new voice: a pitch and a scale drawn from the learned Gaussian with `seed`.
    ///
    /// Two standard normal numbers `z1`, `z2` become a correlated pair through the Cholesky
    /// factor of the covariance (`x = mean + L z`), so high voices tend to come with short
    /// vocal tracts, as they do in people. Draws farther than 2.5 standard deviations are
    /// drawn again, so no voice is stranger than the people it learned from.
    pub fn new_voice(&self, seed: u64) -> Result<Voice> {
        let [[a, b], [_, d]] = self.covariance;
        let l11 = a.sqrt();
        let l21 = b / l11;
        let l22 = (d - l21 * l21).max(0.0).sqrt();
        if !(l11.is_finite() && l11 > 0.0 && l21.is_finite()) {
            return Err(Error::InvalidParameter {
                name: "voice model",
                value: "a spread of zero".into(),
                expected: "learned from speakers whose voices differ",
            });
        }
        let mut rng = random::seeded(seed);
        loop {
            let z1 = random::normal(&mut rng);
            let z2 = random::normal(&mut rng);
            if z1 * z1 + z2 * z2 <= 2.5 * 2.5 {
                let log_f0 = self.mean[0] + l11 * z1;
                let log_scale = self.mean[1] + l21 * z1 + l22 * z2;
                return Ok(self.voice(log_f0, log_scale, Some(seed)));
            }
        }
    }

    /// The voice of a real speaker, as the model sees them (their pitch and scale).
    pub fn speaker_voice(&self, id: u32) -> Result<Voice> {
        let s = self
            .speakers
            .iter()
            .find(|s| s.id == id)
            .ok_or(Error::InvalidParameter {
                name: "speaker",
                value: id.to_string(),
                expected: "a speaker number from 1 to 76",
            })?;
        Ok(self.voice(s.log_f0, s.log_scale, None))
    }

    /// How far apart real speakers are: the middle (median) of each speaker's distance to the
    /// nearest other speaker, in the units of [`VoiceNovelty::distance`]. A new voice much
    /// closer to someone than this is nearly a copy of them.
    pub fn spacing(&self) -> Result<f64> {
        let mut nearest: Vec<f64> = self
            .speakers
            .iter()
            .map(|s| {
                let voice = self.voice(s.log_f0, s.log_scale, None);
                let others = VoiceModel {
                    speakers: self
                        .speakers
                        .iter()
                        .filter(|o| o.id != s.id)
                        .cloned()
                        .collect(),
                    ..self.clone()
                };
                others.novelty(&voice).map(|n| n.distance)
            })
            .collect::<Result<_>>()?;
        nearest.sort_by(f64::total_cmp);
        Ok(nearest[nearest.len() / 2])
    }

    /// How far `voice` is from the nearest real speaker, in the plane of log pitch and log
    /// scale, each divided by its spread over the speakers.
    pub fn novelty(&self, voice: &Voice) -> Result<VoiceNovelty> {
        let spread = [self.covariance[0][0].sqrt(), self.covariance[1][1].sqrt()];
        let (x, y) = (math::ln(voice.f0), math::ln(voice.scale));
        let distance = |s: &Speaker| {
            let dx = (x - s.log_f0) / spread[0];
            let dy = (y - s.log_scale) / spread[1];
            (dx * dx + dy * dy).sqrt()
        };
        let nearest = self
            .speakers
            .iter()
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
            .ok_or(Error::EmptyCorpus {
                what: "the voice model's speakers".into(),
            })?;
        let mut formant_difference = 0.0;
        for (mine, theirs) in voice.formants.iter().zip(&nearest.formants) {
            for (a, b) in mine.iter().zip(theirs) {
                formant_difference += (a - b).abs() / b * 100.0 / 30.0;
            }
        }
        Ok(VoiceNovelty {
            speaker: nearest.id,
            group: nearest.group,
            distance: distance(nearest),
            pitch_difference: (voice.f0 - math::exp(nearest.log_f0)).abs()
                / math::exp(nearest.log_f0)
                * 100.0,
            formant_difference,
        })
    }

    /// The vowel chart: F2 across, F1 up, every real speaker's ten vowels as dots by group, and
    /// each voice's ten vowels on top.
    pub fn chart(&self, voices: &[(&str, &Voice)]) -> Result<Chart> {
        let mut series: Vec<Series> = Group::ALL
            .iter()
            .map(|&g| {
                let points = self
                    .speakers
                    .iter()
                    .filter(|s| s.group == g)
                    .flat_map(|s| s.formants.iter().map(|f| (f[1], f[0])))
                    .collect();
                Series::new(g.plural(), points)
            })
            .collect();
        for (name, voice) in voices {
            series.push(Series::new(
                *name,
                voice.formants.iter().map(|f| (f[1], f[0])).collect(),
            ));
        }
        Chart::scatter(
            "Vowels of 76 real speakers and the new voices",
            "F2 (Hz)",
            "F1 (Hz)",
            &series,
        )
    }
}

/// One speaker's pitch and average formants, with a first guess at their scale (their mean log
/// formant against everyone's), which [`VoiceModel::fit`] then refines.
fn summarise(table: &[Measurement], id: u32) -> Result<Speaker> {
    let rows: Vec<&Measurement> = table.iter().filter(|m| m.speaker == id).collect();
    let mut formants = [[0.0; 3]; 10];
    let mut log_f0 = 0.0;
    for vowel in Vowel::ALL {
        let said: Vec<&&Measurement> = rows.iter().filter(|m| m.vowel == vowel).collect();
        if said.is_empty() {
            return Err(Error::NoExamples {
                label: format!("speaker {id} saying \"{}\"", vowel.word()),
            });
        }
        formants[vowel.index()] =
            [0, 1, 2].map(|j| said.iter().map(|m| m.formants[j]).sum::<f64>() / said.len() as f64);
    }
    for m in &rows {
        if m.f0 <= 0.0 || m.formants.iter().any(|f| *f <= 0.0) {
            return Err(Error::MalformedLine {
                line: 0,
                reason: format!("speaker {id} has a frequency of zero"),
            });
        }
        log_f0 += math::ln(m.f0) / rows.len() as f64;
    }
    Ok(Speaker {
        id,
        group: rows[0].group,
        log_f0,
        log_scale: 0.0,
        formants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_have_the_shortest_tracts_and_men_the_longest() {
        let model = VoiceModel::learn().unwrap();
        let mean_scale = |g| {
            let s: Vec<f64> = model
                .speakers
                .iter()
                .filter(|s| s.group == g)
                .map(|s| s.log_scale)
                .collect();
            s.iter().sum::<f64>() / s.len() as f64
        };
        let (m, w, c) = (
            mean_scale(Group::Man),
            mean_scale(Group::Woman),
            mean_scale(Group::Child),
        );
        assert!(m < w && w < c, "{m} {w} {c}");
        // Pitch and scale go together: positive correlation.
        assert!(model.covariance[0][1] > 0.0);
    }

    #[test]
    fn the_scale_model_fits_the_speakers_closely() {
        // One factor per speaker explains their vowels to within about a tenth on average.
        let model = VoiceModel::learn().unwrap();
        let mut error = 0.0;
        for s in &model.speakers {
            let v = model.voice(s.log_f0, s.log_scale, None);
            for (a, b) in v.formants.iter().zip(&s.formants) {
                for (x, y) in a.iter().zip(b) {
                    error += (x - y).abs() / y / (30.0 * 76.0);
                }
            }
        }
        assert!(error < 0.1, "{error}");
    }

    #[test]
    fn new_voices_are_seeded_and_new() {
        let model = VoiceModel::learn().unwrap();
        assert_eq!(model.new_voice(3).unwrap(), model.new_voice(3).unwrap());
        assert_ne!(model.new_voice(3).unwrap(), model.new_voice(4).unwrap());
        // A real speaker is at distance zero from themselves.
        let real = model.speaker_voice(40).unwrap();
        let novelty = model.novelty(&real).unwrap();
        assert_eq!(novelty.speaker, 40);
        assert!(novelty.distance < 1e-9);
        let new = model.new_voice(3).unwrap();
        assert!(model.novelty(&new).unwrap().distance > 0.0);
        assert!(model.spacing().unwrap() > 0.0);
    }
}
