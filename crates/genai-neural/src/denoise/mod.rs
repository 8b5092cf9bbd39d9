//! Training the denoiser that reads the description: the network of
//! [`genai_demos::pictures::denoiser`] built from candle tensors, so that gradient descent can
//! move its weights.
//!
//! The network guesses the clean picture from a noisy one, the step and the description's
//! attributes (its layers are written out in the small library's module). Training takes a
//! training picture, noises it to a random step, and moves every weight a little so the guess
//! comes closer to the picture (the mean squared error). It drops the whole description some of
//! the time ([`Recipe::drop_all`]) and single attributes some more ([`Recipe::drop_each`]), so
//! the same network also guesses with no description and with half of one: what
//! classifier-free guidance needs when it draws.
//!
//! Only training lives here. Drawing, judging and the book's charts use the plain forward pass
//! in `genai-demos` on the committed weights; [`Denoiser::to_plain`] hands the weights over,
//! and a test checks that both forward passes agree.

use crate::error::{Error, Result, at_least};
use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use genai_demos::experiments::ch2;
use genai_demos::pictures::denoiser::{
    self as plain, ANYTHING, Matrix, PIXELS, condition_rows, table_picks, table_rows,
};
use genai_demos::pictures::describe::{Attributes, DescribedSet, Description};
use genai_demos::pictures::diffusion::{Schedule, to_signal};
use genai_demos::random::{self, Rng};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How the denoiser is built and trained: the one definition the trainer and the tests use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipe {
    /// The seed of the described training pictures.
    pub train_seed: u64,
    /// Training pictures of every seen combination.
    pub per_combination: usize,
    /// The width of the hidden layers.
    pub hidden: usize,
    /// Denoising steps per picture (the schedule's length).
    pub steps: usize,
    /// How many training steps.
    pub train_steps: usize,
    /// Noisy pictures per training step.
    pub batch: usize,
    /// AdamW's step size at the start; it falls linearly to a tenth by the end.
    pub learning_rate: f64,
    /// The share of training pictures shown with no description at all.
    pub drop_all: f64,
    /// The share of the other attributes dropped one by one, so half descriptions work too.
    pub drop_each: f64,
    /// The seed of the weights and of the training noise.
    pub seed: u64,
}

impl Default for Recipe {
    fn default() -> Recipe {
        Recipe {
            train_seed: ch2::DESCRIBED_TRAIN_SEED,
            per_combination: ch2::DESCRIBED_PER_COMBINATION,
            hidden: 128,
            steps: ch2::IMAGE_STEPS,
            train_steps: 8000,
            batch: 64,
            learning_rate: 2e-3,
            drop_all: 0.15,
            drop_each: 0.1,
            seed: 5,
        }
    }
}

impl Recipe {
    /// The training pictures (held-out combinations left out).
    pub fn training(&self) -> Result<DescribedSet> {
        Ok(DescribedSet::draw(
            self.train_seed,
            self.per_combination,
            true,
        )?)
    }
}

/// The description of a picture with attributes `a`: all five asked.
pub fn described(a: &Attributes) -> Description {
    Description {
        shape: Some(a.shape),
        size: Some(a.size),
        stroke: Some(a.stroke),
        vertical: Some(a.vertical),
        horizontal: Some(a.horizontal),
        ..Description::default()
    }
}

/// The network as candle variables, named as in the committed weights.
#[derive(Debug, Clone)]
pub struct Denoiser {
    w1: Var,
    b1: Var,
    e1: Var,
    w2: Var,
    b2: Var,
    e2: Var,
    w3: Var,
    b3: Var,
    steps: usize,
}

impl Denoiser {
    /// A network of the recipe's size with small random weights drawn from `recipe.seed`.
    pub fn new(recipe: &Recipe) -> Result<Denoiser> {
        at_least("hidden", recipe.hidden, 1)?;
        at_least("steps", recipe.steps, 1)?;
        let mut rng = random::seeded(recipe.seed);
        let h = recipe.hidden;
        let rows = table_rows(recipe.steps);
        let mut normal = |shape: (usize, usize), spread: f64| -> Result<Var> {
            let values: Vec<f32> = (0..shape.0 * shape.1)
                .map(|_| (random::normal(&mut rng) * spread) as f32)
                .collect();
            Ok(Var::from_tensor(&Tensor::from_vec(
                values,
                shape,
                &Device::Cpu,
            )?)?)
        };
        let zeros = |n: usize| -> Result<Var> { Ok(Var::zeros(n, DType::F32, &Device::Cpu)?) };
        // He initialisation for the layers before a relu: a spread of sqrt(2 / inputs).
        Ok(Denoiser {
            w1: normal((PIXELS, h), (2.0 / PIXELS as f64).sqrt())?,
            b1: zeros(h)?,
            e1: normal((rows, h), 0.1)?,
            w2: normal((h, h), (2.0 / h as f64).sqrt())?,
            b2: zeros(h)?,
            e2: normal((rows, h), 0.1)?,
            w3: normal((h, PIXELS), (1.0 / h as f64).sqrt())?,
            b3: zeros(PIXELS)?,
            steps: recipe.steps,
        })
    }

    /// The weights by name, for saving and for the optimiser.
    fn named(&self) -> [(&'static str, &Var); 8] {
        [
            ("w1", &self.w1),
            ("b1", &self.b1),
            ("e1", &self.e1),
            ("w2", &self.w2),
            ("b2", &self.b2),
            ("e2", &self.e2),
            ("w3", &self.w3),
            ("b3", &self.b3),
        ]
    }

    /// How many numbers the network learned.
    pub fn parameters(&self) -> usize {
        self.named().iter().map(|(_, v)| v.elem_count()).sum()
    }

    /// The weights in the safetensors format, as 16-bit floats (half the bytes the page loads;
    /// the plain and the candle forward pass both compute with these rounded weights).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut map: HashMap<String, Tensor> = HashMap::new();
        for (n, v) in self.named() {
            map.insert(n.to_string(), v.as_tensor().to_dtype(DType::F16)?);
        }
        let dir = std::env::temp_dir().join(format!("genai-denoise-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::File(e.to_string()))?;
        let path = dir.join("pictures.safetensors");
        candle_core::safetensors::save(&map, &path)?;
        let bytes = std::fs::read(&path).map_err(|e| Error::File(e.to_string()));
        let _ = std::fs::remove_dir_all(&dir);
        bytes
    }

    /// A network from safetensors bytes, for `steps` denoising steps.
    pub fn from_bytes(bytes: &[u8], steps: usize) -> Result<Denoiser> {
        let mut map = candle_core::safetensors::load_buffer(bytes, &Device::Cpu)?;
        let mut take = |name: &str| -> Result<Var> {
            let t = map
                .remove(name)
                .ok_or_else(|| Error::Weights(format!("no tensor called {name}")))?;
            Ok(Var::from_tensor(&t.to_dtype(DType::F32)?)?)
        };
        let d = Denoiser {
            w1: take("w1")?,
            b1: take("b1")?,
            e1: take("e1")?,
            w2: take("w2")?,
            b2: take("b2")?,
            e2: take("e2")?,
            w3: take("w3")?,
            b3: take("b3")?,
            steps,
        };
        d.to_plain()?
            .validate()
            .map_err(|e| Error::Weights(e.to_string()))?;
        Ok(d)
    }

    /// The committed network of the book (the file `weights/pictures.safetensors`).
    pub fn committed() -> Result<Denoiser> {
        Denoiser::from_bytes(plain::COMMITTED, Recipe::default().steps)
    }

    /// The same weights as the small library's plain network.
    pub fn to_plain(&self) -> Result<plain::Denoiser> {
        let matrix = |v: &Var| -> Result<Matrix> {
            let (r, c) = v.dims2()?;
            Ok(Matrix::new(r, c, v.flatten_all()?.to_vec1()?)?)
        };
        let vector = |v: &Var| -> Result<Vec<f32>> { Ok(v.to_vec1()?) };
        Ok(plain::Denoiser {
            steps: self.steps,
            w1: matrix(&self.w1)?,
            b1: vector(&self.b1)?,
            e1: matrix(&self.e1)?,
            w2: matrix(&self.w2)?,
            b2: vector(&self.b2)?,
            e2: matrix(&self.e2)?,
            w3: matrix(&self.w3)?,
            b3: vector(&self.b3)?,
        })
    }

    /// One row per condition with a 1 in each of the table rows it picks: multiplying it by a
    /// condition table adds up the picked rows.
    fn picks(&self, conditions: &[([usize; 5], usize)]) -> Result<Tensor> {
        let rows = table_rows(self.steps);
        let mut hot = vec![0f32; conditions.len() * rows];
        for (i, (slots, step)) in conditions.iter().enumerate() {
            for r in table_picks(slots, *step, self.steps) {
                hot[i * rows + r] = 1.0;
            }
        }
        Ok(Tensor::from_vec(
            hot,
            (conditions.len(), rows),
            &Device::Cpu,
        )?)
    }

    /// The guessed clean pictures for a batch of noisy ones (rows of `x`, in signal units),
    /// each with its description's rows and its step.
    pub fn forward(&self, x: &Tensor, conditions: &[([usize; 5], usize)]) -> Result<Tensor> {
        let hot = self.picks(conditions)?;
        let h1 = (x
            .matmul(self.w1.as_tensor())?
            .broadcast_add(self.b1.as_tensor())?
            + hot.matmul(self.e1.as_tensor())?)?
        .relu()?;
        let h2 = (h1
            .matmul(self.w2.as_tensor())?
            .broadcast_add(self.b2.as_tensor())?
            + hot.matmul(self.e2.as_tensor())?)?
        .relu()?;
        Ok(h2
            .matmul(self.w3.as_tensor())?
            .broadcast_add(self.b3.as_tensor())?)
    }

    /// The guess of one noisy picture at step `t` for a description, in f64 (for comparing
    /// with the plain forward pass).
    pub fn predict_clean(&self, x: &[f64], t: usize, d: &Description) -> Result<Vec<f64>> {
        let input = Tensor::from_vec(
            x.iter().map(|v| *v as f32).collect::<Vec<f32>>(),
            (1, x.len()),
            &Device::Cpu,
        )?;
        let out = self.forward(&input, &[(condition_rows(d), t)])?;
        Ok(out
            .flatten_all()?
            .to_vec1::<f32>()?
            .into_iter()
            .map(f64::from)
            .collect())
    }
}

/// What training did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingLog {
    /// The recipe.
    pub recipe: Recipe,
    /// How many numbers the network learned.
    pub parameters: usize,
    /// The average loss of every 100 steps.
    pub losses: Vec<f64>,
    /// Wall-clock seconds the run took on the machine that trained it (not part of any test).
    pub seconds: f64,
}

/// One training batch: noisy pictures, their clean originals, and their conditions.
struct Batch {
    noisy: Tensor,
    clean: Tensor,
    conditions: Vec<([usize; 5], usize)>,
}

/// Draws a batch: random training pictures, each noised to a random step, its description
/// dropped whole or in part as the recipe says.
fn batch(
    recipe: &Recipe,
    pictures: &[(Vec<f64>, [usize; 5])],
    schedule: &Schedule,
    rng: &mut Rng,
) -> Result<Batch> {
    let mut noisy = Vec::with_capacity(recipe.batch * PIXELS);
    let mut clean = Vec::with_capacity(recipe.batch * PIXELS);
    let mut conditions = Vec::with_capacity(recipe.batch);
    let pick = |rng: &mut Rng, n: usize| ((random::uniform(rng) * n as f64) as usize).min(n - 1);
    for _ in 0..recipe.batch {
        let (x0, rows) = &pictures[pick(rng, pictures.len())];
        let t = 1 + pick(rng, recipe.steps);
        let a = schedule.signal(t);
        let mut rows = *rows;
        if random::uniform(rng) < recipe.drop_all {
            rows = ANYTHING;
        } else {
            for (r, any) in rows.iter_mut().zip(ANYTHING) {
                if random::uniform(rng) < recipe.drop_each {
                    *r = any;
                }
            }
        }
        for v in x0 {
            let e = random::normal(rng);
            noisy.push((a.sqrt() * v + (1.0 - a).sqrt() * e) as f32);
            clean.push(*v as f32);
        }
        conditions.push((rows, t));
    }
    let shape = (recipe.batch, PIXELS);
    Ok(Batch {
        noisy: Tensor::from_vec(noisy, shape, &Device::Cpu)?,
        clean: Tensor::from_vec(clean, shape, &Device::Cpu)?,
        conditions,
    })
}

/// Trains a denoiser from the recipe, calling `progress` with each step and its loss.
pub fn train(
    recipe: &Recipe,
    mut progress: impl FnMut(usize, f64),
) -> Result<(Denoiser, TrainingLog)> {
    at_least("train_steps", recipe.train_steps, 1)?;
    at_least("batch", recipe.batch, 1)?;
    let started = std::time::Instant::now();
    let training = recipe.training()?;
    let pictures: Vec<(Vec<f64>, [usize; 5])> = training
        .pictures
        .iter()
        .map(|p| {
            (
                to_signal(&p.image),
                condition_rows(&described(&p.attributes)),
            )
        })
        .collect();
    let net = Denoiser::new(recipe)?;
    let vars: Vec<Var> = net.named().into_iter().map(|(_, v)| v.clone()).collect();
    let mut optimizer = AdamW::new(
        vars,
        ParamsAdamW {
            lr: recipe.learning_rate,
            weight_decay: 0.0,
            ..Default::default()
        },
    )?;
    let schedule = Schedule::cosine(recipe.steps)?;
    let mut rng = random::seeded(recipe.seed.wrapping_add(1));
    let (mut losses, mut window) = (Vec::new(), Vec::new());
    for step in 0..recipe.train_steps {
        let done = step as f64 / recipe.train_steps as f64;
        optimizer.set_learning_rate(recipe.learning_rate * (1.0 - 0.9 * done));
        let b = batch(recipe, &pictures, &schedule, &mut rng)?;
        let guess = net.forward(&b.noisy, &b.conditions)?;
        let loss = (guess - b.clean)?.sqr()?.mean_all()?;
        optimizer.backward_step(&loss)?;
        let value = f64::from(loss.to_scalar::<f32>()?);
        window.push(value);
        progress(step, value);
        if window.len() == 100 {
            losses.push(window.iter().sum::<f64>() / 100.0);
            window.clear();
        }
    }
    let parameters = net.parameters();
    Ok((
        net,
        TrainingLog {
            recipe: recipe.clone(),
            parameters,
            losses,
            seconds: started.elapsed().as_secs_f64(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use genai_demos::experiments::denoiser::{GUIDANCE, judge_net};

    /// The largest difference between two lists of numbers.
    fn gap(a: &[f64], b: &[f64]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max)
    }

    #[test]
    fn plain_and_candle_forward_passes_agree_on_the_committed_weights() {
        let net = Denoiser::committed().unwrap();
        let plain = plain::Denoiser::committed().unwrap();
        // The small library's own safetensors reader reads the same numbers as candle.
        assert_eq!(plain, net.to_plain().unwrap());
        let mut rng = random::seeded(11);
        let prompts = [
            "a small bold ring at the top left",
            "a thin cross",
            "square",
        ];
        for (i, prompt) in prompts.iter().enumerate() {
            let d = Description::parse(prompt).unwrap();
            for t in [1, 17, 50] {
                let x: Vec<f64> = (0..PIXELS).map(|_| random::normal(&mut rng)).collect();
                let candle = net.predict_clean(&x, t, &d).unwrap();
                let ours = plain.predict_clean(&x, t, &condition_rows(&d));
                let diff = gap(&candle, &ours);
                assert!(diff < 1e-5, "{prompt} at step {t}: {diff}");
                // The empty description is the plain guess of guidance.
                if i == 0 {
                    let none = net.predict_clean(&x, t, &Description::default()).unwrap();
                    assert!(gap(&none, &plain.predict_clean(&x, t, &ANYTHING)) < 1e-5);
                    assert!(
                        gap(&none, &candle) > 1e-3,
                        "the description changes the guess"
                    );
                }
            }
        }
    }

    #[test]
    fn the_committed_denoiser_follows_descriptions_and_copies_less_than_the_mixture() {
        let plain = plain::Denoiser::committed().unwrap();
        let j = judge_net(&plain, GUIDANCE).unwrap();
        let closed = genai_demos::experiments::ch2::judge_closed_form().unwrap();
        eprintln!("{}\n{}", j.summary(), closed.summary());
        // The targets for following the prompt: 90% seen, 70% held out.
        assert!(j.seen_share >= 0.9, "{}", j.summary());
        assert!(j.held_out_share >= 0.7, "{}", j.summary());
        // Its target for copying (no picture closer than the typical gap) is not met; what
        // holds is that it copies less than the mixture model, and never exactly.
        assert!(
            j.closer_than_typical < closed.closer_than_typical,
            "{}\n{}",
            j.summary(),
            closed.summary()
        );
        assert!(j.closest_rms > 0.25 * j.typical_gap, "{}", j.summary());
    }

    #[test]
    fn a_few_training_steps_lower_the_loss_and_repeat_with_the_seed() {
        let recipe = Recipe {
            hidden: 16,
            train_steps: 60,
            batch: 16,
            ..Recipe::default()
        };
        let mut losses = Vec::new();
        let (net, log) = train(&recipe, |_, l| losses.push(l)).unwrap();
        let first: f64 = losses[..10].iter().sum();
        let last: f64 = losses[50..].iter().sum();
        assert!(last < first, "{first} then {last}");
        assert_eq!(log.parameters, net.parameters());
        let (again, _) = train(&recipe, |_, _| {}).unwrap();
        assert_eq!(net.to_plain().unwrap(), again.to_plain().unwrap());
        let bad = Recipe { batch: 0, ..recipe };
        assert!(matches!(
            train(&bad, |_, _| {}),
            Err(Error::InvalidSetting { .. })
        ));
    }
}
