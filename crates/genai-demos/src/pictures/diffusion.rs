//! Diffusion: make a picture by starting from pure noise and removing a little noise per step.
//!
//! Two processes make a diffusion model:
//!
//! * The **forward process** destroys pictures on a fixed schedule. At step `t` a clean picture
//!   `x0` has become `x_t = sqrt(a_t) * x0 + sqrt(1 - a_t) * noise`, where `a_t` (written
//!   ᾱ_t in papers; [`Schedule::signal`] here) falls from 1 at step 0 to about 0 at the last step.
//!   By then nothing of the picture is left: only standard normal noise.
//! * The **reverse process** runs the film backwards. It starts from fresh noise and, at every
//!   step, asks a *denoiser* "what clean picture would this noisy one have come from?", then
//!   moves a little towards that guess and adds back a little fresh noise (DDPM sampling).
//!
//! The denoiser is learned from the training pictures: a [`Mixture`] of Gaussian families
//! fitted to each shape, whose best guess can be written down exactly
//! ([`Mixture::denoise`]). The prompt picks which shape's model does the guessing. The model
//! keeps only averages and directions of variation, never the pictures, so a sample is a new
//! picture; each trace measures how far it is from the nearest training picture to show it.
//!
//! Pictures are on a `[0, 1]` brightness scale; the diffusion works on `[-1, 1]` ("signal
//! units") so that a blank pixel and a full one are the same distance from 0, as noise is.

use crate::error::{Error, Result, at_least};
use crate::math;
use crate::pictures::mixture::Mixture;
use crate::pictures::shapes::{Image, SIDE, Shape, TrainingSet, draw_picture};
use crate::random::{Rng, normal, seeded};
use crate::show::chart::{self, Canvas, Chart, PALETTE, Series, font, legend};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// How many Gaussian families each shape's model has.
pub const COMPONENTS: usize = 16;

/// How many directions of variation each family keeps.
pub const DIRECTIONS: usize = 6;

/// The most steps a schedule may have: more would only be slower, not better.
pub const MAX_STEPS: usize = 1000;

/// The most training pictures per shape, so training stays quick in a notebook.
pub const MAX_PER_SHAPE: usize = 1000;

/// How many pictures a filmstrip shows, from pure noise to the finished picture.
pub const FRAMES: usize = 8;

/// How many training pictures per shape are used to measure the typical gap between training
/// pictures (each against all the others of its shape).
const SPACING_PROBES: usize = 60;

/// The largest share of noise added in one step; the cosine schedule's last step would
/// otherwise add all of it at once.
const MAX_BETA: f64 = 0.999;

/// The noise schedule: how much of the picture is left at each step of the forward process.
///
/// ```
/// use genai_demos::pictures::diffusion::Schedule;
///
/// let schedule = Schedule::cosine(50)?;
/// assert_eq!(schedule.steps(), 50);
/// assert_eq!(schedule.signal(0), 1.0); // step 0: all picture
/// assert!(schedule.signal(50) < 1e-4); // last step: all noise
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// `signal[t]`: the share of the variance at step `t` that is still picture (ᾱ_t), from 1 at
    /// step 0 down to almost 0 at the last step.
    pub signal: Vec<f64>,
}

impl Schedule {
    /// The cosine schedule (Nichol and Dhariwal, 2021) with `steps` steps: the picture share
    /// follows a quarter cosine wave, so the picture fades slowly at first and at the end, and
    /// no step is wasted on almost-pure noise.
    pub fn cosine(steps: usize) -> Result<Schedule> {
        check_steps(steps)?;
        let offset = 0.008;
        let wave = |t: usize| {
            let phase = (t as f64 / steps as f64 + offset) / (1.0 + offset);
            math::cos(phase * std::f64::consts::FRAC_PI_2).powi(2)
        };
        let mut signal = vec![1.0];
        let mut left = 1.0;
        for t in 1..=steps {
            // The share of what is left that this step turns into noise (beta_t).
            let beta = (1.0 - wave(t) / wave(t - 1)).clamp(0.0, MAX_BETA);
            left *= 1.0 - beta;
            signal.push(left);
        }
        Ok(Schedule { signal })
    }

    /// The number of noising steps.
    pub fn steps(&self) -> usize {
        self.signal.len().saturating_sub(1)
    }

    /// The share of the variance that is still picture at step `t` (ᾱ_t); 0 past the end.
    pub fn signal(&self, t: usize) -> f64 {
        self.signal.get(t).copied().unwrap_or(0.0)
    }

    /// The share of what was left that step `t` turns into noise (β_t).
    pub fn beta(&self, t: usize) -> f64 {
        if t == 0 {
            return 0.0;
        }
        let before = self.signal(t - 1);
        if before <= 0.0 {
            return MAX_BETA;
        }
        1.0 - self.signal(t) / before
    }

    /// The forward process in one jump: a clean picture `x0` (in signal units) noised to step
    /// `t`, `sqrt(a_t) * x0 + sqrt(1 - a_t) * noise`, with the noise drawn from `seed`.
    ///
    /// ```
    /// use genai_demos::pictures::diffusion::Schedule;
    ///
    /// let schedule = Schedule::cosine(10)?;
    /// let clean = vec![1.0; 4];
    /// assert_eq!(schedule.add_noise(&clean, 0, 3)?, clean); // step 0: untouched
    /// assert_ne!(schedule.add_noise(&clean, 5, 3)?, clean);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn add_noise(&self, x0: &[f64], t: usize, seed: u64) -> Result<Vec<f64>> {
        if t > self.steps() {
            return Err(Error::InvalidParameter {
                name: "t",
                value: t.to_string(),
                expected: "a step of the schedule, from 0 to its number of steps",
            });
        }
        let mut rng = seeded(seed);
        let keep = self.signal(t).sqrt();
        let noise = (1.0 - self.signal(t)).sqrt();
        Ok(x0
            .iter()
            .map(|x| keep * x + noise * normal(&mut rng))
            .collect())
    }

    /// One step of the forward process, from step `t - 1` to step `t`: shrink the picture a
    /// little and add a little noise, `sqrt(1 - beta_t) * x + sqrt(beta_t) * noise`.
    fn noise_step(&self, x: &[f64], t: usize, rng: &mut Rng) -> Vec<f64> {
        let beta = self.beta(t);
        x.iter()
            .map(|v| (1.0 - beta).sqrt() * v + beta.sqrt() * normal(rng))
            .collect()
    }

    /// One step of the reverse process, from step `t` to step `t - 1` (DDPM).
    ///
    /// Given the noisy picture `x` and the denoiser's `guess` of the clean one, the forward
    /// process says exactly where the picture was one step earlier, on average, and how
    /// unsure that is: move there, then add that much fresh noise. At the last step (`t = 1`)
    /// no noise is added and the result is the guess itself.
    pub fn denoise_step(&self, x: &[f64], guess: &[f64], t: usize, rng: &mut Rng) -> Vec<f64> {
        let (now, before) = (self.signal(t), self.signal(t - 1));
        let beta = self.beta(t);
        let unsure = (1.0 - now).max(1e-12);
        let guess_weight = before.sqrt() * beta / unsure;
        let x_weight = (1.0 - beta).sqrt() * (1.0 - before) / unsure;
        let spread = (beta * (1.0 - before) / unsure).max(0.0).sqrt();
        x.iter()
            .zip(guess)
            .map(|(xi, gi)| guess_weight * gi + x_weight * xi + spread * normal(rng))
            .collect()
    }
}

/// Checks a number of steps.
fn check_steps(steps: usize) -> Result<()> {
    if steps == 0 || steps > MAX_STEPS {
        return Err(Error::InvalidParameter {
            name: "steps",
            value: steps.to_string(),
            expected: "between 1 and 1000 steps",
        });
    }
    Ok(())
}

/// A picture in signal units: brightness 0 becomes -1, brightness 1 becomes +1.
pub fn to_signal(image: &Image) -> Vec<f64> {
    image.pixels.iter().map(|p| 2.0 * p - 1.0).collect()
}

/// Signal units back to a picture, clamping into the visible range.
pub fn from_signal(values: &[f64]) -> Image {
    let side = (values.len() as f64).sqrt().round() as usize;
    let pixels: Vec<f64> = values
        .iter()
        .map(|v| {
            let p = (v + 1.0) / 2.0;
            if p.is_finite() {
                p.clamp(0.0, 1.0)
            } else {
                0.0
            }
        })
        .collect();
    Image { side, pixels }
}

/// The steps a filmstrip shows: `count` of them, evenly spread from `steps` down to 0.
fn snapshot_steps(steps: usize, count: usize) -> Vec<usize> {
    // At least the two ends, at most one picture per step.
    let count = count.min(steps + 1).max(2);
    let mut chosen: Vec<usize> = (0..count)
        .map(|i| {
            let share = i as f64 / (count - 1) as f64;
            ((1.0 - share) * steps as f64).round() as usize
        })
        .collect();
    chosen.dedup();
    chosen
}

/// One picture of a filmstrip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// The step this picture was taken at: the last step is pure noise, 0 the final picture.
    pub step: usize,
    /// The noisy picture at this step, `x_t`.
    pub picture: Image,
    /// The denoiser's guess of the clean picture at this step (reverse process only).
    pub guess: Option<Image>,
}

/// How far a sample is from the nearest training picture of one shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapeDistance {
    /// The shape.
    pub shape: Shape,
    /// The root-mean-square pixel distance to the nearest training picture of that shape.
    pub nearest_rms: f64,
}

/// Everything that happened while one picture was made: the prompt, the filmstrip from noise
/// to picture, and the measurements that show the picture is new and shows the prompt's shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DenoisingTrace {
    /// The prompt as given.
    pub prompt: String,
    /// The shape the prompt picked.
    pub shape: Shape,
    /// The seed of the starting noise and of every noise added on the way.
    pub seed: u64,
    /// The number of denoising steps.
    pub steps: usize,
    /// Snapshots from pure noise (first) to the finished picture (last).
    pub frames: Vec<Frame>,
    /// The finished picture.
    pub image: Image,
    /// The training picture most like the sample (of any shape).
    pub nearest_training: Image,
    /// The root-mean-square pixel distance from the sample to that picture. Above 0 means the
    /// sample is not a copy; compare it with `training_spacing_rms`.
    pub nearest_training_rms: f64,
    /// The typical (median) distance from a training picture of the prompt's shape to the
    /// nearest other one: how far apart two different drawings of the shape usually are.
    pub training_spacing_rms: f64,
    /// The distance to the nearest training picture of each shape, in [`Shape::ALL`] order.
    pub shape_distances: Vec<ShapeDistance>,
    /// The shape whose training pictures are nearest: the prompt's shape if the model works.
    pub closest_shape: Shape,
}

/// A diffusion model of shape pictures: the training pictures, one fitted mixture per shape,
/// and the typical gaps between training pictures (to judge how new a sample is).
///
/// ```
/// use genai_demos::pictures::diffusion::DiffusionModel;
/// use genai_demos::pictures::shapes::Shape;
///
/// let model = DiffusionModel::train(1, 60)?;
/// let trace = model.sample("a ring", 7, 40)?;
/// assert_eq!(trace.shape, Shape::Ring);
/// assert_eq!(trace.frames.len(), 8);
/// assert!(trace.nearest_training_rms > 0.0); // a new picture, not a copy
/// assert_eq!(trace, model.sample("a ring", 7, 40)?); // same seed, same picture
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffusionModel {
    /// The pictures the model learned from.
    pub training: TrainingSet,
    /// One learned model per shape, in [`Shape::ALL`] order.
    pub mixtures: Vec<(Shape, Mixture)>,
    /// For each shape, the distance from some of its training pictures to their nearest
    /// other training picture of the same shape.
    pub spacings: Vec<(Shape, Vec<f64>)>,
}

impl DiffusionModel {
    /// Draws `per_shape` training pictures of every shape from `seed`, then learns one
    /// mixture per shape from them.
    pub fn train(seed: u64, per_shape: usize) -> Result<DiffusionModel> {
        at_least(
            "per_shape",
            per_shape,
            1,
            "at least 1 picture of each shape",
        )?;
        if per_shape > MAX_PER_SHAPE {
            return Err(Error::InvalidParameter {
                name: "per_shape",
                value: per_shape.to_string(),
                expected: "at most 1000 pictures of each shape",
            });
        }
        let training = TrainingSet::draw(seed, per_shape)?;
        let mut mixtures = Vec::new();
        let mut spacings = Vec::new();
        for (i, shape) in Shape::ALL.into_iter().enumerate() {
            let images = training.images(shape);
            let points: Vec<Vec<f64>> = images.iter().map(|im| to_signal(im)).collect();
            // A different k-means seed per shape, all from the one seed.
            let fit_seed = seed.wrapping_add(1 + i as u64);
            mixtures.push((
                shape,
                Mixture::fit(&points, COMPONENTS, DIRECTIONS, fit_seed)?,
            ));
            spacings.push((shape, nearest_other_distances(&images)));
        }
        Ok(DiffusionModel {
            training,
            mixtures,
            spacings,
        })
    }

    /// The learned model of one shape.
    pub fn mixture(&self, shape: Shape) -> Result<&Mixture> {
        self.mixtures
            .iter()
            .find(|(s, _)| *s == shape)
            .map(|(_, m)| m)
            .ok_or_else(|| Error::NoExamples {
                label: shape.to_string(),
            })
    }

    /// The median distance between a training picture of `shape` and its nearest neighbour.
    pub fn training_spacing(&self, shape: Shape) -> f64 {
        let gaps = self
            .spacings
            .iter()
            .find(|(s, _)| *s == shape)
            .map(|(_, g)| g.as_slice())
            .unwrap_or(&[]);
        median(gaps)
    }

    /// Makes a new picture of the shape the `prompt` names, by `steps` steps of denoising
    /// that start from pure noise drawn from `seed`.
    pub fn sample(&self, prompt: &str, seed: u64, steps: usize) -> Result<DenoisingTrace> {
        let shape = Shape::from_prompt(prompt)?;
        let schedule = Schedule::cosine(steps)?;
        let mixture = self.mixture(shape)?;
        let dim = SIDE * SIDE;
        if mixture.dim != dim {
            return Err(Error::InvalidParameter {
                name: "mixture",
                value: format!("a model of {} pixels", mixture.dim),
                expected: "a model of 20 x 20 pictures",
            });
        }

        let (frames, image) = reverse_process(mixture, &schedule, seed);
        let (nearest_training, nearest_training_rms, shape_distances) =
            self.compare_with_training(&image)?;
        let closest_shape = shape_distances
            .iter()
            .min_by(|a, b| a.nearest_rms.total_cmp(&b.nearest_rms))
            .map_or(shape, |d| d.shape);

        Ok(DenoisingTrace {
            prompt: prompt.to_string(),
            shape,
            seed,
            steps,
            frames,
            image,
            nearest_training,
            nearest_training_rms,
            training_spacing_rms: self.training_spacing(shape),
            shape_distances,
            closest_shape,
        })
    }

    /// Measures a picture against the training pictures: the nearest one of all, its
    /// distance, and the distance to the nearest one of each shape.
    fn compare_with_training(&self, image: &Image) -> Result<(Image, f64, Vec<ShapeDistance>)> {
        let mut shape_distances = Vec::new();
        let mut nearest: Option<(f64, &Image)> = None;
        for shape in Shape::ALL {
            let mut best = f64::INFINITY;
            for candidate in self.training.images(shape) {
                let d = image.rms_distance(candidate);
                best = best.min(d);
                if nearest.is_none_or(|(n, _)| d < n) {
                    nearest = Some((d, candidate));
                }
            }
            shape_distances.push(ShapeDistance {
                shape,
                nearest_rms: best,
            });
        }
        match nearest {
            Some((d, picture)) => Ok((picture.clone(), d, shape_distances)),
            None => Err(Error::EmptyCorpus {
                what: "the training pictures".into(),
            }),
        }
    }

    /// Samples `per_shape` pictures of every shape (seeds `seed`, `seed + 1`, ...) and measures
    /// how far each is from its nearest training picture, next to the gaps between training
    /// pictures themselves.
    pub fn novelty(&self, per_shape: usize, seed: u64, steps: usize) -> Result<NoveltyReport> {
        at_least("per_shape", per_shape, 1, "at least 1 sample of each shape")?;
        let mut samples = Vec::new();
        for (i, shape) in Shape::ALL.into_iter().enumerate() {
            for j in 0..per_shape {
                let sample_seed = seed.wrapping_add((i * per_shape + j) as u64);
                let trace = self.sample(shape.name(), sample_seed, steps)?;
                samples.push(Novelty {
                    shape,
                    seed: sample_seed,
                    nearest_rms: trace.nearest_training_rms,
                    closest_shape: trace.closest_shape,
                });
            }
        }
        let spacings = Shape::ALL
            .into_iter()
            .map(|s| ShapeSpacing {
                shape: s,
                median_rms: self.training_spacing(s),
                gaps: self
                    .spacings
                    .iter()
                    .find(|(t, _)| *t == s)
                    .map(|(_, g)| g.clone())
                    .unwrap_or_default(),
            })
            .collect();
        Ok(NoveltyReport {
            steps,
            samples,
            spacings,
        })
    }
}

/// The reverse process: from pure noise drawn from `seed`, one denoising step at a time down
/// to a picture. Returns the filmstrip's frames and the finished picture.
pub(crate) fn reverse_process(
    mixture: &Mixture,
    schedule: &Schedule,
    seed: u64,
) -> (Vec<Frame>, Image) {
    let steps = schedule.steps();
    let mut rng = seeded(seed);
    let shown = snapshot_steps(steps, FRAMES);
    let mut frames = Vec::with_capacity(shown.len());
    // The last step of the forward process: pure noise, nothing of any picture.
    let mut x: Vec<f64> = (0..mixture.dim).map(|_| normal(&mut rng)).collect();
    for t in (1..=steps).rev() {
        // The denoiser's guess of the clean picture, kept inside the range pictures use.
        let guess: Vec<f64> = mixture
            .denoise(&x, schedule.signal(t))
            .into_iter()
            .map(|g| g.clamp(-1.0, 1.0))
            .collect();
        if shown.contains(&t) {
            frames.push(Frame {
                step: t,
                picture: from_signal(&x),
                guess: Some(from_signal(&guess)),
            });
        }
        // A small move towards the guess, plus a little fresh noise.
        x = schedule.denoise_step(&x, &guess, t, &mut rng);
    }
    let image = from_signal(&x);
    frames.push(Frame {
        step: 0,
        picture: image.clone(),
        guess: Some(image.clone()),
    });
    (frames, image)
}

/// For up to [`SPACING_PROBES`] of `images`, the distance to the nearest other one.
fn nearest_other_distances(images: &[&Image]) -> Vec<f64> {
    let mut gaps = Vec::new();
    for (i, probe) in images.iter().take(SPACING_PROBES).enumerate() {
        let mut best = f64::INFINITY;
        for (j, other) in images.iter().enumerate() {
            if i != j {
                best = best.min(probe.rms_distance(other));
            }
        }
        if best.is_finite() {
            gaps.push(best);
        }
    }
    gaps
}

/// The middle value (the mean of the two middle ones for an even count); 0 for no values.
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// How far one sample is from the training pictures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Novelty {
    /// The shape the prompt asked for.
    pub shape: Shape,
    /// The sample's seed.
    pub seed: u64,
    /// The root-mean-square pixel distance to the nearest training picture.
    pub nearest_rms: f64,
    /// The shape whose training pictures are nearest.
    pub closest_shape: Shape,
}

/// The gaps between the training pictures of one shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShapeSpacing {
    /// The shape.
    pub shape: Shape,
    /// The median gap.
    pub median_rms: f64,
    /// The distance from each measured training picture to its nearest other one.
    pub gaps: Vec<f64>,
}

/// Are the samples new? Their distances to the nearest training picture, beside the distances
/// between training pictures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoveltyReport {
    /// The denoising steps per sample.
    pub steps: usize,
    /// One entry per sample.
    pub samples: Vec<Novelty>,
    /// The gaps between training pictures, per shape.
    pub spacings: Vec<ShapeSpacing>,
}

impl NoveltyReport {
    /// A strip chart per shape: the gaps between training pictures on the left, the samples'
    /// distances to their nearest training picture on the right.
    pub fn chart(&self) -> Result<Chart> {
        let title = "Samples are as far from the training pictures as those are from each other";
        let mut top = 0.0f64;
        for v in self
            .samples
            .iter()
            .map(|s| s.nearest_rms)
            .chain(self.spacings.iter().flat_map(|s| s.gaps.iter().copied()))
        {
            if !v.is_finite() {
                return Err(Error::Chart("a distance is not a finite number".into()));
            }
            top = top.max(v);
        }
        let mut training = Series::new("training picture to its nearest other", vec![]);
        let mut sampled = Series::new("sample to its nearest training picture", vec![]);
        for (i, shape) in Shape::ALL.iter().enumerate() {
            let x = i as f64;
            if let Some(s) = self.spacings.iter().find(|s| s.shape == *shape) {
                for (j, g) in s.gaps.iter().enumerate() {
                    training.points.push((x - 0.2 + spread(j), *g));
                }
            }
            for (j, s) in self
                .samples
                .iter()
                .filter(|s| s.shape == *shape)
                .enumerate()
            {
                sampled.points.push((x + 0.2 + spread(j), s.nearest_rms));
            }
        }
        Chart::draw(title, (chart::WIDTH, chart::HEIGHT), |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(title, font(18))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(60)
                .build_cartesian_2d(-0.6f64..3.6f64, 0.0f64..(top * 1.35).max(0.05))?;
            chart::styled(&mut chart.configure_mesh())
                .x_desc("prompt")
                .y_desc("RMS pixel distance")
                .x_labels(4)
                .disable_x_mesh()
                .x_label_formatter(&|x| {
                    let i = x.round();
                    if (x - i).abs() < 1e-6 && (0.0..4.0).contains(&i) {
                        Shape::ALL[i as usize].name().to_string()
                    } else {
                        String::new()
                    }
                })
                .draw()?;
            for (k, series) in [&training, &sampled].into_iter().enumerate() {
                let colour = PALETTE[k];
                chart
                    .draw_series(
                        series
                            .points
                            .iter()
                            .map(|&p| Circle::new(p, 3, colour.filled())),
                    )?
                    .label(series.name.as_str())
                    .legend(move |(x, y)| Circle::new((x, y), 4, colour.filled()));
            }
            legend(&mut chart)?;
            Ok(())
        })
    }

    /// Shows the report's chart in a notebook.
    pub fn evcxr_display(&self) {
        show_chart(self.chart(), "novelty report");
    }
}

/// A small sideways offset for the `j`th dot of a strip, so equal values do not hide each
/// other. It cycles through 7 positions.
fn spread(j: usize) -> f64 {
    ((j % 7) as f64 - 3.0) * 0.025
}

/// Shows a chart, or the error that stopped it, in a notebook.
fn show_chart(chart: Result<Chart>, what: &str) {
    match chart {
        Ok(chart) => chart.evcxr_display(),
        Err(e) => crate::show::display::show(&[("text/plain", &format!("{what}: {e}"))]),
    }
}

impl DenoisingTrace {
    /// The filmstrip from noise to picture: the noisy picture at each step on top, the
    /// denoiser's guess of the clean picture below, and on the right the nearest training
    /// picture with its distance.
    ///
    /// ```
    /// use genai_demos::pictures::diffusion::DiffusionModel;
    ///
    /// let model = DiffusionModel::train(2, 40)?;
    /// let chart = model.sample("cross", 3, 20)?.filmstrip()?;
    /// assert!(chart.svg().contains("t = 20"));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn filmstrip(&self) -> Result<Chart> {
        let title = format!("A {} appears out of noise, step by step", self.shape);
        let distance_note = format!("distance {:.2}", self.nearest_training_rms);
        let spacing_note = [
            "training pictures".to_string(),
            "are typically".to_string(),
            format!("{:.2} apart", self.training_spacing_rms),
        ];
        Chart::draw(&title, (chart::WIDTH, FILM_HEIGHT), |root| {
            draw_filmstrip(root, &title, &self.frames)?;
            // The nearest training picture, to the right of the finished picture.
            let x = film_column_x(self.frames.len()) + NEAREST_GAP;
            let middle = (x + CELL / 2) as i32;
            let centred = font(12).pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(
                "nearest training",
                (middle, ROW_LABEL_Y),
                centred.clone(),
            ))?;
            draw_picture(root, &self.nearest_training, (x, FIRST_ROW_Y), CELL)?;
            let below = (FIRST_ROW_Y + CELL + 6) as i32;
            root.draw(&Text::new(
                distance_note.clone(),
                (middle, below),
                centred.clone(),
            ))?;
            for (i, line) in spacing_note.iter().enumerate() {
                let y = (SECOND_ROW_Y + 8) as i32 + 16 * i as i32;
                root.draw(&Text::new(line.clone(), (middle, y), centred.clone()))?;
            }
            Ok(())
        })
    }

    /// Shows the filmstrip in a notebook (evcxr calls this when a cell ends with a trace).
    pub fn evcxr_display(&self) {
        show_chart(self.filmstrip(), "denoising trace");
    }
}

/// The forward process on one picture: the snapshots of it being buried in noise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoisingTrace {
    /// The seed of the noise.
    pub seed: u64,
    /// The number of noising steps.
    pub steps: usize,
    /// Snapshots from the clean picture (first, step 0) to pure noise (last).
    pub frames: Vec<Frame>,
}

impl NoisingTrace {
    /// Runs the forward process on `image` for `steps` steps of the cosine schedule, one small
    /// dose of noise per step, drawn from `seed`.
    ///
    /// ```
    /// use genai_demos::pictures::diffusion::NoisingTrace;
    /// use genai_demos::pictures::shapes::{Image, Shape};
    ///
    /// let square = Image::draw(Shape::Square, (10.0, 10.0), 6.0, 2.0);
    /// let trace = NoisingTrace::run(&square, 4, 50)?;
    /// assert_eq!(trace.frames.first().map(|f| f.step), Some(0));
    /// assert_eq!(trace.frames.last().map(|f| f.step), Some(50));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn run(image: &Image, seed: u64, steps: usize) -> Result<NoisingTrace> {
        let schedule = Schedule::cosine(steps)?;
        let mut shown = snapshot_steps(steps, FRAMES);
        shown.reverse();
        let mut rng = seeded(seed);
        let mut x = to_signal(image);
        let mut frames = vec![Frame {
            step: 0,
            picture: from_signal(&x),
            guess: None,
        }];
        for t in 1..=steps {
            x = schedule.noise_step(&x, t, &mut rng);
            if shown.contains(&t) {
                frames.push(Frame {
                    step: t,
                    picture: from_signal(&x),
                    guess: None,
                });
            }
        }
        Ok(NoisingTrace {
            seed,
            steps,
            frames,
        })
    }

    /// The filmstrip from picture to noise.
    pub fn filmstrip(&self) -> Result<Chart> {
        let title = "The forward process: a little noise per step until no picture is left";
        Chart::draw(title, (chart::WIDTH, SECOND_ROW_Y as u32 - 10), |root| {
            draw_filmstrip(root, title, &self.frames)
        })
    }

    /// Shows the filmstrip in a notebook.
    pub fn evcxr_display(&self) {
        show_chart(self.filmstrip(), "noising trace");
    }
}

/// Filmstrip layout, in SVG pixels: 3 pixels per picture pixel.
const CELL: usize = 3 * SIDE;
const CELL_GAP: usize = 6;
const FILM_LEFT: usize = 10;
const NEAREST_GAP: usize = 16;
const ROW_LABEL_Y: i32 = 40;
const FIRST_ROW_Y: usize = 60;
const SECOND_ROW_Y: usize = 170;
const FILM_HEIGHT: u32 = 250;

/// The left edge of filmstrip column `i`.
fn film_column_x(i: usize) -> usize {
    FILM_LEFT + i * (CELL + CELL_GAP)
}

/// Draws a title, the noisy pictures in a row with their step numbers under them and, when
/// the frames have them, the denoiser's guesses in a second row.
fn draw_filmstrip(root: &Canvas<'_>, title: &str, frames: &[Frame]) -> chart::Painted {
    root.draw(&Text::new(
        title.to_string(),
        (FILM_LEFT as i32, 10),
        font(18),
    ))?;
    root.draw(&Text::new(
        "the noisy picture at each step",
        (FILM_LEFT as i32, ROW_LABEL_Y),
        font(13),
    ))?;
    let centred = font(12).pos(Pos::new(HPos::Center, VPos::Top));
    let has_guesses = frames.iter().any(|f| f.guess.is_some());
    if has_guesses {
        root.draw(&Text::new(
            "the denoiser's guess of the clean picture",
            (
                FILM_LEFT as i32,
                ROW_LABEL_Y + (SECOND_ROW_Y - FIRST_ROW_Y) as i32,
            ),
            font(13),
        ))?;
    }
    for (i, frame) in frames.iter().enumerate() {
        let x = film_column_x(i);
        draw_picture(root, &frame.picture, (x, FIRST_ROW_Y), CELL)?;
        root.draw(&Text::new(
            format!("t = {}", frame.step),
            (x as i32 + CELL as i32 / 2, (FIRST_ROW_Y + CELL + 6) as i32),
            centred.clone(),
        ))?;
        if let Some(guess) = &frame.guess {
            draw_picture(root, guess, (x, SECOND_ROW_Y), CELL)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> DiffusionModel {
        DiffusionModel::train(11, 120).unwrap()
    }

    #[test]
    fn the_cosine_schedule_by_hand() {
        let s = Schedule::cosine(2).unwrap();
        // wave(t) = cos^2(((t/2) + 0.008) / 1.008 * pi/2).
        let wave =
            |t: f64| math::cos(((t / 2.0 + 0.008) / 1.008) * std::f64::consts::FRAC_PI_2).powi(2);
        let a1 = wave(1.0) / wave(0.0);
        assert!((s.signal(1) - a1).abs() < 1e-12);
        // The last step is capped: 99.9 % of what is left becomes noise.
        assert!((s.signal(2) - a1 * 0.001).abs() < 1e-12);
        assert!((s.beta(2) - 0.999).abs() < 1e-12);
        // The signal only falls.
        let long = Schedule::cosine(100).unwrap();
        assert!(long.signal.windows(2).all(|w| w[1] < w[0]));
        assert!(long.signal(100) < 1e-5);
    }

    #[test]
    fn zero_or_too_many_steps_are_errors() {
        assert!(matches!(
            Schedule::cosine(0),
            Err(Error::InvalidParameter { name: "steps", .. })
        ));
        assert!(Schedule::cosine(MAX_STEPS + 1).is_err());
        let m = DiffusionModel::train(1, 20).unwrap();
        assert!(matches!(
            m.sample("ring", 1, 0),
            Err(Error::InvalidParameter { name: "steps", .. })
        ));
        let s = Schedule::cosine(5).unwrap();
        assert!(s.add_noise(&[0.0], 6, 1).is_err());
    }

    #[test]
    fn bad_prompts_and_sizes_are_typed_errors() {
        let m = DiffusionModel::train(1, 20).unwrap();
        assert!(matches!(
            m.sample("a hexagon", 1, 10),
            Err(Error::UnknownPrompt { .. })
        ));
        assert!(matches!(m.sample("", 1, 10), Err(Error::EmptyInput { .. })));
        assert!(DiffusionModel::train(1, 0).is_err());
        assert!(DiffusionModel::train(1, MAX_PER_SHAPE + 1).is_err());
        assert!(m.novelty(0, 1, 10).is_err());
    }

    #[test]
    fn at_the_last_step_the_forward_process_leaves_pure_noise() {
        let set = TrainingSet::draw(2, 10).unwrap();
        let schedule = Schedule::cosine(50).unwrap();
        let mut values = Vec::new();
        for (i, e) in set.examples.iter().enumerate() {
            values.extend(
                schedule
                    .add_noise(&to_signal(&e.image), 50, i as u64)
                    .unwrap(),
            );
        }
        let n = values.len() as f64; // 40 pictures x 400 pixels
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        // A blank picture is -1 everywhere: with the picture still in, the mean would be near
        // -0.7. Pure noise has mean 0 and variance 1.
        assert!(mean.abs() < 0.05, "mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "variance {var}");

        // Step by step, the same: the last frame of the forward filmstrip is noise.
        let mut rng = seeded(3);
        let mut x = to_signal(&set.examples[0].image);
        for t in 1..=50 {
            x = schedule.noise_step(&x, t, &mut rng);
        }
        let mean = x.iter().sum::<f64>() / x.len() as f64;
        assert!(mean.abs() < 0.2, "mean {mean}");
    }

    #[test]
    fn halfway_the_picture_is_still_there() {
        // At step t, x_t = sqrt(a_t) x0 + noise: averaging many noisings recovers sqrt(a_t) x0.
        let schedule = Schedule::cosine(50).unwrap();
        let x0 = vec![1.0, -1.0];
        let mut sum = [0.0, 0.0];
        for seed in 0..2000 {
            let x = schedule.add_noise(&x0, 25, seed).unwrap();
            sum[0] += x[0] / 2000.0;
            sum[1] += x[1] / 2000.0;
        }
        let keep = schedule.signal(25).sqrt();
        assert!((sum[0] - keep).abs() < 0.05 && (sum[1] + keep).abs() < 0.05);
    }

    #[test]
    fn a_reverse_step_with_a_perfect_guess_lands_one_step_back() {
        // If x_t holds the clean picture with no noise yet, sqrt(a_t) * x0, and the guess is
        // x0 itself, one reverse step lands on sqrt(a_(t-1)) * x0 on average, with variance
        // beta_t * (1 - a_(t-1)) / (1 - a_t).
        let schedule = Schedule::cosine(10).unwrap();
        let (t, x0) = (6, 0.8);
        let x = [schedule.signal(t).sqrt() * x0];
        let mut rng = seeded(8);
        let draws: Vec<f64> = (0..4000)
            .map(|_| schedule.denoise_step(&x, &[x0], t, &mut rng)[0])
            .collect();
        let mean = draws.iter().sum::<f64>() / 4000.0;
        let var = draws.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / 4000.0;
        let (now, before) = (schedule.signal(t), schedule.signal(t - 1));
        let expected_var = schedule.beta(t) * (1.0 - before) / (1.0 - now);
        assert!((mean - before.sqrt() * x0).abs() < 0.02, "mean {mean}");
        assert!(
            (var / expected_var - 1.0).abs() < 0.1,
            "variance {var} vs {expected_var}"
        );
        // The last step adds no noise: the result is the guess.
        assert_eq!(
            schedule.denoise_step(&[0.3], &[0.7], 1, &mut rng),
            vec![0.7]
        );
    }

    #[test]
    fn signal_units_round_trip() {
        let im = Image::new(2, vec![0.0, 0.25, 0.5, 1.0]).unwrap();
        assert_eq!(to_signal(&im), vec![-1.0, -0.5, 0.0, 1.0]);
        assert_eq!(from_signal(&to_signal(&im)), im);
        assert_eq!(
            from_signal(&[3.0, -3.0, f64::NAN, 0.0]).pixels,
            vec![1.0, 0.0, 0.0, 0.5]
        );
    }

    #[test]
    fn snapshots_run_from_noise_to_picture() {
        assert_eq!(snapshot_steps(70, 8), vec![70, 60, 50, 40, 30, 20, 10, 0]);
        assert_eq!(snapshot_steps(3, 8), vec![3, 2, 1, 0]);
        assert_eq!(snapshot_steps(1, 8), vec![1, 0]);
        assert_eq!(snapshot_steps(0, 8), vec![0]);
    }

    #[test]
    fn sampling_is_deterministic_and_seeds_differ() {
        let m = model();
        let a = m.sample("square", 5, 30).unwrap();
        let b = m.sample("square", 5, 30).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.filmstrip().unwrap().svg(), b.filmstrip().unwrap().svg());
        let c = m.sample("square", 6, 30).unwrap();
        assert!(a.image.rms_distance(&c.image) > 0.05);
    }

    #[test]
    fn traces_have_the_right_shapes_and_ranges() {
        let m = model();
        let t = m.sample("triangle", 2, 40).unwrap();
        assert_eq!(t.frames.len(), FRAMES);
        assert_eq!(t.frames[0].step, 40);
        assert_eq!(t.frames[FRAMES - 1].step, 0);
        assert_eq!(t.frames[FRAMES - 1].picture, t.image);
        for f in &t.frames {
            assert_eq!(f.picture.pixels.len(), SIDE * SIDE);
            assert!(f.picture.pixels.iter().all(|p| (0.0..=1.0).contains(p)));
        }
        assert_eq!(t.shape_distances.len(), 4);
        let json = serde_json::to_string(&t).unwrap();
        let back: DenoisingTrace = serde_json::from_str(&json).unwrap();
        assert_eq!(back.shape, Shape::Triangle);
        assert_eq!(back.frames.len(), FRAMES);
    }

    #[test]
    fn the_first_frame_is_noise_the_last_a_clean_picture() {
        let m = model();
        let t = m.sample("ring", 9, 50).unwrap();
        // Pure noise: about half the pixels bright. A ring: mostly dark background.
        let bright = |im: &Image| im.pixels.iter().filter(|p| **p > 0.5).count() as f64 / 400.0;
        assert!(bright(&t.frames[0].picture) > 0.3);
        assert!(bright(&t.image) < 0.35);
        // The guess at pure noise is the model's average ring: the mixture's mean.
        let first_guess = t.frames[0].guess.as_ref().unwrap();
        let mean = from_signal(&m.mixture(Shape::Ring).unwrap().mean());
        assert!(first_guess.rms_distance(&mean) < 0.02);
    }

    #[test]
    fn samples_look_like_their_prompts_shape_measured() {
        let m = model();
        for shape in Shape::ALL {
            for seed in 0..5 {
                let t = m.sample(shape.name(), 100 + seed, 50).unwrap();
                let own = t.shape_distances.iter().find(|d| d.shape == shape).unwrap();
                for other in t.shape_distances.iter().filter(|d| d.shape != shape) {
                    assert!(
                        own.nearest_rms < other.nearest_rms,
                        "a {shape} sample (seed {seed}) is nearer to a {}: {:.3} vs {:.3}",
                        other.shape,
                        own.nearest_rms,
                        other.nearest_rms
                    );
                }
                assert_eq!(t.closest_shape, shape);
            }
        }
    }

    #[test]
    fn samples_are_new_pictures_not_copies() {
        let m = model();
        let report = m.novelty(5, 40, 50).unwrap();
        assert_eq!(report.samples.len(), 20);
        for s in &report.samples {
            assert!(s.nearest_rms > 0.02, "{:?} is nearly a copy", s);
        }
        // The samples' median distance to the nearest training picture is of the same order
        // as the gap between two training pictures.
        let distances: Vec<f64> = report.samples.iter().map(|s| s.nearest_rms).collect();
        let spacing: Vec<f64> = report.spacings.iter().map(|s| s.median_rms).collect();
        let (d, g) = (median(&distances), median(&spacing));
        assert!(d > 0.3 * g, "samples {d:.3} vs training gaps {g:.3}");
        let chart = report.chart().unwrap();
        assert!(chart.svg().contains("ring"));
    }

    #[test]
    fn median_by_hand() {
        assert_eq!(median(&[]), 0.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
    }

    #[test]
    fn forward_filmstrip_runs_from_picture_to_noise() {
        let square = Image::draw(Shape::Square, (10.0, 10.0), 6.0, 2.0);
        let t = NoisingTrace::run(&square, 1, 70).unwrap();
        let steps: Vec<usize> = t.frames.iter().map(|f| f.step).collect();
        assert_eq!(steps, vec![0, 10, 20, 30, 40, 50, 60, 70]);
        assert_eq!(t.frames[0].picture, square);
        assert!(t.frames[7].picture.rms_distance(&square) > 0.3);
        let chart = t.filmstrip().unwrap();
        assert!(!chart.svg().contains("#000000"));
        assert!(NoisingTrace::run(&square, 1, 0).is_err());
    }
}
