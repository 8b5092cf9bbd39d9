//! Training by gradient descent: cut stretches of training text, ask the network for the next
//! piece at every position, measure how surprised it was (cross-entropy), and let AdamW move
//! every weight a little downhill. The held-out loss says whether it learned or memorised.

use super::model::{Dropout, Transformer};
use super::recipe::Recipe;
use super::vocab::{BEGIN, Vocab};
use crate::Result;
use candle_core::{DType, Device, Tensor};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use genai_demos::random::{self, Rng};
use rand::Rng as _;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The loss of one training step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StepLoss {
    /// The step, counting from 1.
    pub step: usize,
    /// The mean cross-entropy (natural log) of the step's batch, with dropout on.
    pub loss: f64,
}

/// How surprised a network is by documents: the held-out loss and perplexity, counted like the
/// n-gram's (every piece of every document and its end marker, from the begin marker on).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HeldOut {
    /// The step it was measured after (0 for the untrained network).
    pub step: usize,
    /// Mean cross-entropy per prediction, in nats.
    pub loss: f64,
    /// `e^loss`: as surprised as a fair choice among this many pieces.
    pub perplexity: f64,
    /// How many predictions were scored.
    pub scored: usize,
}

/// What a training run records: the recipe, every step's loss and the held-out loss as it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingLog {
    /// The recipe trained.
    pub recipe: Recipe,
    /// How many numbers the network learns.
    pub parameters: usize,
    /// The training loss of each step.
    pub steps: Vec<StepLoss>,
    /// The held-out loss before training and every `eval_every` steps, and at the end.
    pub held_out: Vec<HeldOut>,
    /// Wall-clock seconds the run took on the machine that trained it (not part of any test).
    pub seconds: f64,
}

impl TrainingLog {
    /// The held-out measurement at the end of training.
    pub fn final_held_out(&self) -> Option<HeldOut> {
        self.held_out.last().copied()
    }
}

/// A network being trained: its weights, the optimiser's memory, the text and the dice.
pub struct Trainer {
    recipe: Recipe,
    net: Transformer,
    vocab: Vocab,
    optimizer: AdamW,
    stream: Vec<u32>,
    rare: Vec<bool>,
    held_out: Vec<Vec<String>>,
    rng: Rng,
    step: usize,
}

impl Trainer {
    /// A fresh network of `recipe`, with weights from its seed.
    pub fn new(recipe: &Recipe) -> Result<Trainer> {
        recipe.validate()?;
        let vocab = Vocab::of(recipe.corpus)?;
        let net = Transformer::new(recipe.shape(vocab.len()), recipe.seed, DType::F32)?;
        Trainer::resume(recipe, net, vocab)
    }

    /// Goes on training `net` (for example the committed weights) with `recipe`'s settings.
    pub fn resume(recipe: &Recipe, net: Transformer, vocab: Vocab) -> Result<Trainer> {
        let split = recipe.corpus.split()?;
        Trainer::on_documents(recipe, net, vocab, &split.train, split.held_out)
    }

    /// Trains `net` on other documents than its corpus's (fine-tuning), measuring the held-out
    /// loss on `held_out`.
    pub fn on_documents(
        recipe: &Recipe,
        net: Transformer,
        vocab: Vocab,
        train: &[Vec<String>],
        held_out: Vec<Vec<String>>,
    ) -> Result<Trainer> {
        recipe.validate()?;
        let stream: Vec<u32> = train.iter().flat_map(|d| vocab.frame(d)).collect();
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for &id in &stream {
            *counts.entry(id).or_default() += 1;
        }
        let rare = (0..vocab.len() as u32)
            .map(|id| id > BEGIN + 2 && counts.get(&id) == Some(&1))
            .collect();
        let params = ParamsAdamW {
            lr: recipe.learning_rate,
            weight_decay: recipe.weight_decay,
            ..Default::default()
        };
        let weights = net.named_weights().into_iter().map(|(_, v)| v.clone());
        let optimizer = AdamW::new(weights.collect(), params)?;
        Ok(Trainer {
            rng: random::seeded(recipe.seed.wrapping_add(1)),
            recipe: recipe.clone(),
            net,
            vocab,
            optimizer,
            stream,
            rare,
            held_out,
            step: 0,
        })
    }

    /// The network as trained so far.
    pub fn network(&self) -> &Transformer {
        &self.net
    }

    /// The vocabulary it reads and writes.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The network as trained so far and its vocabulary, with the optimiser's memory dropped.
    pub fn into_parts(self) -> (Transformer, Vocab) {
        (self.net, self.vocab)
    }

    /// The step size of step `step` (from 1): a straight warm-up, then a cosine down to a tenth.
    pub fn learning_rate(&self, step: usize) -> f64 {
        let r = &self.recipe;
        if step <= r.warmup {
            return r.learning_rate * step as f64 / r.warmup.max(1) as f64;
        }
        let done = (step - r.warmup) as f64 / (r.steps.saturating_sub(r.warmup)).max(1) as f64;
        let cosine = 0.5 * (1.0 + (std::f64::consts::PI * done.min(1.0)).cos());
        r.learning_rate * (0.1 + 0.9 * cosine)
    }

    /// One step of gradient descent on a fresh batch; returns its loss.
    pub fn step(&mut self) -> Result<StepLoss> {
        self.step += 1;
        let (t, b) = (self.recipe.context, self.recipe.batch);
        let last_start = self.stream.len().saturating_sub(t + 1).max(1);
        let mut inputs = Vec::with_capacity(b * t);
        let mut targets = Vec::with_capacity(b * t);
        for _ in 0..b {
            let start = self.rng.random_range(0..last_start);
            for i in start..start + t {
                let input = self.stream.get(i).copied().unwrap_or(BEGIN);
                inputs.push(self.maybe_unknown(input));
                targets.push(self.stream.get(i + 1).copied().unwrap_or(BEGIN));
            }
        }
        let inputs = Tensor::from_vec(inputs, (b, t), &Device::Cpu)?;
        let targets = Tensor::from_vec(targets, b * t, &Device::Cpu)?;
        let dropout = Dropout {
            rate: self.recipe.dropout,
            rng: &mut self.rng,
        };
        let (logits, _) = self.net.run(&inputs, Some(dropout), false)?;
        let logits = logits.reshape((b * t, self.vocab.len()))?;
        let loss = candle_nn::loss::cross_entropy(&logits, &targets)?;
        self.optimizer
            .set_learning_rate(self.learning_rate(self.step));
        self.optimizer.backward_step(&loss)?;
        Ok(StepLoss {
            step: self.step,
            loss: loss.to_dtype(DType::F64)?.to_scalar::<f64>()?,
        })
    }

    /// A rare word, shown as the unknown marker with the recipe's probability.
    fn maybe_unknown(&mut self, id: u32) -> u32 {
        let rare = self.rare.get(id as usize).copied().unwrap_or(false);
        if rare && random::uniform(&mut self.rng) < self.recipe.unknown_rate {
            self.vocab.unknown()
        } else {
            id
        }
    }

    /// The held-out loss of the network as it is now.
    pub fn held_out(&self) -> Result<HeldOut> {
        let mut measured = held_out(&self.net, &self.vocab, &self.held_out)?;
        measured.step = self.step;
        Ok(measured)
    }

    /// Trains for the recipe's steps, calling `progress` after each one, and returns the
    /// trained network with its log.
    pub fn run(
        mut self,
        mut progress: impl FnMut(&StepLoss),
    ) -> Result<(Transformer, TrainingLog)> {
        let started = std::time::Instant::now();
        let mut log = TrainingLog {
            recipe: self.recipe.clone(),
            parameters: self.net.parameter_count(),
            steps: Vec::with_capacity(self.recipe.steps),
            held_out: vec![self.held_out()?],
            seconds: 0.0,
        };
        for _ in 0..self.recipe.steps {
            let step = self.step()?;
            progress(&step);
            log.steps.push(step);
            if self.step.is_multiple_of(self.recipe.eval_every) || self.step == self.recipe.steps {
                log.held_out.push(self.held_out()?);
            }
        }
        log.seconds = started.elapsed().as_secs_f64();
        Ok((self.net, log))
    }
}

/// The held-out loss of `net` on `documents`: each document framed (begin marker, pieces, end
/// marker) and every piece after the begin marker predicted from up to a context of pieces
/// before it. Long documents are read in windows that overlap by half, and each piece is scored
/// once, from the window that gives it at least half a context.
pub fn held_out(net: &Transformer, vocab: &Vocab, documents: &[Vec<String>]) -> Result<HeldOut> {
    let t = net.shape().context;
    let mut total = 0.0;
    let mut scored = 0;
    for document in documents.iter().filter(|d| !d.is_empty()) {
        let framed = vocab.frame(document);
        let mut done = 0; // targets framed[1..=done] are scored
        let mut start = 0;
        while done + 1 < framed.len() {
            let end = (start + t).min(framed.len() - 1);
            let window = framed.get(start..end).unwrap_or_default();
            let ids = Tensor::from_vec(window.to_vec(), (1, window.len()), &Device::Cpu)?;
            let logits = net.logits(&ids)?.squeeze(0)?;
            let log_probs = candle_nn::ops::log_softmax(&logits, 1)?.to_dtype(DType::F64)?;
            let log_probs = log_probs.to_vec2::<f64>()?;
            for (j, row) in log_probs.iter().enumerate() {
                let target = start + j + 1;
                if target > done {
                    let id = framed.get(target).copied().unwrap_or(BEGIN) as usize;
                    total -= row.get(id).copied().unwrap_or(f64::NEG_INFINITY);
                    scored += 1;
                }
            }
            done = end;
            start = (end + t / 2).saturating_sub(t).max(start + 1);
        }
    }
    if scored == 0 {
        return Err(genai_demos::Error::EmptyCorpus {
            what: "the held-out documents".into(),
        }
        .into());
    }
    let loss = total / scored as f64;
    Ok(HeldOut {
        step: 0,
        loss,
        perplexity: loss.exp(),
        scored,
    })
}
