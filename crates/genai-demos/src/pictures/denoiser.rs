//! The denoiser that reads the description, run as plain arithmetic: the network trained in
//! `genai-neural` (with candle), here loaded from its committed weights and computed with loops
//! that read like the maths, so the book, the page and the notebooks draw with it without the
//! tensor crate.
//!
//! The network looks at a noisy picture, the step it is at and the description, and guesses the
//! *clean picture* (not the noise: for pictures this small the clean guess is the steadier thing
//! to learn, and it is what the sampler needs anyway). It has three layers:
//!
//! ```text
//! h1 = relu(x W1 + b1 + E1[description] + E1[step])
//! h2 = relu(h1 W2 + b2 + E2[description] + E2[step])
//! guess = h2 W3 + b3
//! ```
//!
//! `E1` and `E2` are tables with one row of learned numbers (an *embedding*) for each word of a
//! description (every shape, size, stroke and half, plus an "anything" row for an attribute the
//! description leaves out) and for each step. Adding the rows of the asked words steers every
//! guess; `relu` turns negative numbers into 0.
//!
//! Drawing uses *classifier-free guidance*: at every step the network guesses twice, once with
//! the description and once with none ("anything" everywhere), and the guess used is the plain
//! one moved `guidance` times as far as the description pulls it ([`guided`]).

use crate::error::{Error, Result};
use crate::pictures::describe::{Description, Horizontal, Size, Stroke, Vertical};
use crate::pictures::diffusion::{Schedule, from_signal};
use crate::pictures::judge::DrawsDescriptions;
use crate::pictures::shapes::{Image, SIDE, Shape};
use crate::random::{normal, seeded};
use serde::{Deserialize, Serialize};

/// How many pixels a picture has: the network's input and output width.
pub const PIXELS: usize = SIDE * SIDE;

/// How many rows each attribute has in a condition table: its classes, then "anything".
pub const SLOTS: [usize; 5] = [
    Shape::ALL.len() + 1,
    Size::ALL.len() + 1,
    Stroke::ALL.len() + 1,
    Vertical::ALL.len() + 1,
    Horizontal::ALL.len() + 1,
];

/// The largest guidance strength the sampler accepts.
pub const MAX_GUIDANCE: f64 = 20.0;

/// The rows of a condition table: the attributes' rows, then one per step from 0 to `steps`.
pub fn table_rows(steps: usize) -> usize {
    SLOTS.iter().sum::<usize>() + steps + 1
}

/// The row each attribute of a description picks in its own block of the table ("anything",
/// the last row of the block, when the description does not ask for it).
///
/// ```
/// use genai_demos::pictures::denoiser::condition_rows;
/// use genai_demos::pictures::describe::Description;
///
/// let d = Description::parse("a bold square at the top")?;
/// assert_eq!(condition_rows(&d), [1, 2, 1, 0, 2]); // square, any size, bold, top, any side
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn condition_rows(d: &Description) -> [usize; 5] {
    fn row<T: PartialEq>(all: &[T], asked: &Option<T>) -> usize {
        asked
            .as_ref()
            .and_then(|a| all.iter().position(|x| x == a))
            .unwrap_or(all.len())
    }
    [
        row(&Shape::ALL, &d.shape),
        row(&Size::ALL, &d.size),
        row(&Stroke::ALL, &d.stroke),
        row(&Vertical::ALL, &d.vertical),
        row(&Horizontal::ALL, &d.horizontal),
    ]
}

/// The rows of the whole table a description and a step pick: one per attribute, then the
/// step's row (steps past `steps` use the last one).
pub fn table_picks(rows: &[usize; 5], step: usize, steps: usize) -> [usize; 6] {
    let mut picks = [0; 6];
    let mut offset = 0;
    for (i, (row, size)) in rows.iter().zip(SLOTS).enumerate() {
        picks[i] = offset + (*row).min(size - 1);
        offset += size;
    }
    picks[5] = offset + step.min(steps);
    picks
}

/// Classifier-free guidance: the plain guess moved `guidance` times the way the description
/// pulls it. A guidance of 0 ignores the description, 1 uses the described guess as it is, and
/// more follows the description harder.
///
/// ```
/// use genai_demos::pictures::denoiser::guided;
///
/// assert_eq!(guided(&[1.0], &[3.0], 0.0), vec![1.0]); // the plain guess
/// assert_eq!(guided(&[1.0], &[3.0], 1.0), vec![3.0]); // the described guess
/// assert_eq!(guided(&[1.0], &[3.0], 2.0), vec![5.0]); // past it
/// ```
pub fn guided(plain: &[f64], described: &[f64], guidance: f64) -> Vec<f64> {
    plain
        .iter()
        .zip(described)
        .map(|(p, d)| p + guidance * (d - p))
        .collect()
}

/// A matrix of `rows x cols` numbers, row after row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// How many rows.
    pub rows: usize,
    /// How many columns.
    pub cols: usize,
    /// The numbers, row after row.
    pub values: Vec<f32>,
}

impl Matrix {
    /// A matrix from its numbers, checked against its shape.
    pub fn new(rows: usize, cols: usize, values: Vec<f32>) -> Result<Matrix> {
        if values.len() != rows * cols {
            return Err(Error::Model(format!(
                "a weight matrix of {rows} by {cols} needs {} numbers, not {}",
                rows * cols,
                values.len()
            )));
        }
        Ok(Matrix { rows, cols, values })
    }

    /// The row `r`.
    fn row(&self, r: usize) -> &[f32] {
        &self.values[r * self.cols..(r + 1) * self.cols]
    }

    /// `x M`: each output is the sum of the inputs, each times its weight.
    fn times(&self, x: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.cols];
        for (r, xi) in x.iter().enumerate().take(self.rows) {
            for (o, w) in out.iter_mut().zip(self.row(r)) {
                *o += xi * f64::from(*w);
            }
        }
        out
    }
}

/// The denoiser's weights: what `genai-neural` trained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Denoiser {
    /// Denoising steps per picture (the schedule's length).
    pub steps: usize,
    /// The first layer: pixels in, hidden numbers out.
    pub w1: Matrix,
    /// Its bias.
    pub b1: Vec<f32>,
    /// The first layer's condition table.
    pub e1: Matrix,
    /// The second layer.
    pub w2: Matrix,
    /// Its bias.
    pub b2: Vec<f32>,
    /// The second layer's condition table.
    pub e2: Matrix,
    /// The last layer: hidden numbers in, the clean picture's pixels out.
    pub w3: Matrix,
    /// Its bias.
    pub b3: Vec<f32>,
}

/// `relu(x W + b + the picked rows of E)`: one hidden layer.
fn layer(x: &[f64], w: &Matrix, b: &[f32], e: &Matrix, picks: &[usize; 6]) -> Vec<f64> {
    let mut h = w.times(x);
    for (j, hj) in h.iter_mut().enumerate() {
        *hj += f64::from(b[j]);
        for &r in picks {
            *hj += f64::from(e.values[r * e.cols + j]);
        }
        *hj = hj.max(0.0);
    }
    h
}

impl Denoiser {
    /// A network that has learned nothing yet: its weights drawn from `seed` (the spread of
    /// each layer set by how many numbers flow into it), its biases 0. It draws static, but it
    /// computes exactly as the trained one does, so exercises can check a step against it.
    ///
    /// ```
    /// use genai_demos::pictures::denoiser::{ANYTHING, Denoiser, PIXELS};
    ///
    /// let net = Denoiser::untrained(8, 50, 1)?;
    /// assert_eq!(net.predict_clean(&[0.0; PIXELS], 50, &ANYTHING).len(), PIXELS);
    /// assert!(Denoiser::untrained(0, 50, 1).is_err());
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn untrained(hidden: usize, steps: usize, seed: u64) -> Result<Denoiser> {
        crate::error::at_least("hidden", hidden, 1, "at least 1 hidden number")?;
        crate::error::at_least("steps", steps, 1, "at least 1 step")?;
        let mut rng = seeded(seed);
        let mut random = |rows: usize, cols: usize, spread: f64| {
            let values = (0..rows * cols)
                .map(|_| (normal(&mut rng) * spread) as f32)
                .collect();
            Matrix::new(rows, cols, values)
        };
        let (p, h, rows) = (PIXELS as f64, hidden as f64, table_rows(steps));
        Ok(Denoiser {
            steps,
            w1: random(PIXELS, hidden, (2.0 / p).sqrt())?,
            b1: vec![0.0; hidden],
            e1: random(rows, hidden, 0.1)?,
            w2: random(hidden, hidden, (2.0 / h).sqrt())?,
            b2: vec![0.0; hidden],
            e2: random(rows, hidden, 0.1)?,
            w3: random(hidden, PIXELS, (1.0 / h).sqrt())?,
            b3: vec![0.0; PIXELS],
        })
    }

    /// Checks that the weights fit together: `hidden` numbers between the layers, a picture of
    /// [`PIXELS`] in and out, and tables with a row for every word and step.
    pub fn validate(&self) -> Result<()> {
        let h = self.w1.cols;
        let rows = table_rows(self.steps);
        let fits = self.w1.rows == PIXELS
            && self.b1.len() == h
            && (self.e1.rows, self.e1.cols) == (rows, h)
            && (self.w2.rows, self.w2.cols) == (h, h)
            && self.b2.len() == h
            && (self.e2.rows, self.e2.cols) == (rows, h)
            && (self.w3.rows, self.w3.cols) == (h, PIXELS)
            && self.b3.len() == PIXELS;
        if !fits || self.steps == 0 {
            return Err(Error::Model(format!(
                "the denoiser's weights do not fit together for {PIXELS} pixels and {} steps",
                self.steps
            )));
        }
        Ok(())
    }

    /// The network's guess of the clean picture (in signal units, -1 to 1) from a noisy
    /// picture `x` at step `t` and the description's condition rows ([`condition_rows`]).
    pub fn predict_clean(&self, x: &[f64], t: usize, rows: &[usize; 5]) -> Vec<f64> {
        let picks = table_picks(rows, t, self.steps);
        let h1 = layer(x, &self.w1, &self.b1, &self.e1, &picks);
        let h2 = layer(&h1, &self.w2, &self.b2, &self.e2, &picks);
        let mut out = self.w3.times(&h2);
        for (o, b) in out.iter_mut().zip(&self.b3) {
            *o += f64::from(*b);
        }
        out
    }

    /// One guided step of drawing, from step `t` to step `t - 1`: the described and the plain
    /// guess of the clean picture, mixed by `guidance` ([`guided`]) and kept within -1 to 1,
    /// then the schedule's reverse step towards that guess with fresh noise from `noise`.
    /// Returns the guess and the new picture.
    pub fn guided_step(
        &self,
        x: &[f64],
        t: usize,
        rows: &[usize; 5],
        guidance: f64,
        schedule: &Schedule,
        rng: &mut crate::random::Rng,
    ) -> (Vec<f64>, Vec<f64>) {
        let described = self.predict_clean(x, t, rows);
        let plain = self.predict_clean(x, t, &ANYTHING);
        let guess: Vec<f64> = guided(&plain, &described, guidance)
            .into_iter()
            .map(|v| v.clamp(-1.0, 1.0))
            .collect();
        let next = schedule.denoise_step(x, &guess, t, rng);
        (guess, next)
    }

    /// Draws a picture for a description from the noise of `seed`, `guidance` setting how hard
    /// it follows. Returns every picture on the way: pure noise first, the finished picture
    /// last (`steps + 1` pictures).
    pub fn film(&self, d: &Description, seed: u64, guidance: f64) -> Result<Vec<Image>> {
        check_guidance(guidance)?;
        let schedule = Schedule::cosine(self.steps)?;
        let mut rng = seeded(seed);
        let mut x: Vec<f64> = (0..PIXELS).map(|_| normal(&mut rng)).collect();
        let rows = condition_rows(d);
        let mut film = vec![from_signal(&x)];
        for t in (1..=self.steps).rev() {
            x = self
                .guided_step(&x, t, &rows, guidance, &schedule, &mut rng)
                .1;
            film.push(from_signal(&x));
        }
        Ok(film)
    }

    /// The finished picture of [`Denoiser::film`].
    pub fn draw(&self, d: &Description, seed: u64, guidance: f64) -> Result<Image> {
        let mut film = self.film(d, seed, guidance)?;
        film.pop()
            .ok_or_else(|| Error::Model("no steps were taken".into()))
    }

    /// How many numbers the network learned.
    pub fn parameters(&self) -> usize {
        [&self.w1, &self.e1, &self.w2, &self.e2, &self.w3]
            .iter()
            .map(|m| m.values.len())
            .sum::<usize>()
            + self.b1.len()
            + self.b2.len()
            + self.b3.len()
    }
}

/// The condition rows of an empty description: "anything" for every attribute.
pub const ANYTHING: [usize; 5] = [
    SLOTS[0] - 1,
    SLOTS[1] - 1,
    SLOTS[2] - 1,
    SLOTS[3] - 1,
    SLOTS[4] - 1,
];

/// Checks a guidance strength: a number from 0 to [`MAX_GUIDANCE`].
pub fn check_guidance(guidance: f64) -> Result<()> {
    if !guidance.is_finite() || !(0.0..=MAX_GUIDANCE).contains(&guidance) {
        return Err(Error::InvalidParameter {
            name: "guidance",
            value: format!("{guidance}"),
            expected: "a guidance strength from 0 to 20",
        });
    }
    Ok(())
}

/// The committed weights of the book's denoiser, trained by `cargo xtask train pictures`.
#[cfg(feature = "network")]
pub const COMMITTED: &[u8] = include_bytes!("../../../genai-neural/weights/pictures.safetensors");

/// How many denoising steps the committed denoiser was trained for.
pub const COMMITTED_STEPS: usize = crate::experiments::ch2::IMAGE_STEPS;

#[cfg(feature = "network")]
impl Denoiser {
    /// Reads a denoiser from weights in the safetensors format (each tensor under its name: `w1`,
    /// `b1`, `e1`, ...; the committed ones are 16-bit floats), for `steps` denoising steps.
    pub fn from_safetensors(bytes: &[u8], steps: usize) -> Result<Denoiser> {
        let bad =
            |why: String| Error::Model(format!("the denoiser's weights could not be read: {why}"));
        let file = crate::weights::Weights::read(bytes)?;
        let numbers = |name: &str| -> Result<(Vec<usize>, Vec<f32>)> {
            let t = file.tensor(name)?;
            Ok((t.shape, t.values))
        };
        let matrix = |name: &str| -> Result<Matrix> {
            match numbers(name)? {
                (shape, values) if shape.len() == 2 => Matrix::new(shape[0], shape[1], values),
                _ => Err(bad(format!("{name} is not a matrix"))),
            }
        };
        let vector = |name: &str| -> Result<Vec<f32>> { Ok(numbers(name)?.1) };
        let net = Denoiser {
            steps,
            w1: matrix("w1")?,
            b1: vector("b1")?,
            e1: matrix("e1")?,
            w2: matrix("w2")?,
            b2: vector("b2")?,
            e2: matrix("e2")?,
            w3: matrix("w3")?,
            b3: vector("b3")?,
        };
        net.validate()?;
        Ok(net)
    }

    /// The book's denoiser, from its committed weights.
    ///
    /// ```
    /// use genai_demos::pictures::denoiser::Denoiser;
    /// use genai_demos::pictures::describe::Description;
    ///
    /// let net = Denoiser::committed()?;
    /// let ring = Description::parse("a small bold ring at the top left")?;
    /// let film = net.film(&ring, 7, 2.0)?;
    /// assert_eq!(film.len(), net.steps + 1); // pure noise first, the picture last
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn committed() -> Result<Denoiser> {
        Denoiser::from_safetensors(COMMITTED, COMMITTED_STEPS)
    }
}

/// The denoiser drawing with a fixed guidance strength: what the judge scores.
#[derive(Debug, Clone, Copy)]
pub struct Guided<'a> {
    /// The network.
    pub net: &'a Denoiser,
    /// How hard it follows the description.
    pub guidance: f64,
}

impl DrawsDescriptions for Guided<'_> {
    fn name(&self) -> String {
        format!("the neural denoiser at guidance {}", self.guidance)
    }

    fn draw(&self, d: &Description, seeds: &[u64]) -> Result<Vec<Image>> {
        seeds
            .iter()
            .map(|&seed| self.net.draw(d, seed, self.guidance))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A denoiser of hidden width 2 whose every weight is `w`.
    fn flat(w: f32) -> Denoiser {
        let m = |r: usize, c: usize| Matrix::new(r, c, vec![w; r * c]).unwrap();
        let rows = table_rows(3);
        Denoiser {
            steps: 3,
            w1: m(PIXELS, 2),
            b1: vec![w; 2],
            e1: m(rows, 2),
            w2: m(2, 2),
            b2: vec![w; 2],
            e2: m(rows, 2),
            w3: m(2, PIXELS),
            b3: vec![w; PIXELS],
        }
    }

    #[test]
    fn the_layers_compute_what_the_formula_says() {
        let net = flat(0.01);
        net.validate().unwrap();
        let x = vec![1.0; PIXELS];
        // h1 = 400 x 0.01 + 0.01 + 6 rows x 0.01 = 4.07 (both numbers), h2 = 2 x 4.07 x 0.01
        // + 0.01 + 0.06 = 0.1514, guess = 2 x 0.1514 x 0.01 + 0.01.
        let guess = net.predict_clean(&x, 2, &ANYTHING);
        assert!(
            (guess[0] - (2.0 * 0.1514 * 0.01 + 0.01)).abs() < 1e-6,
            "{}",
            guess[0]
        );
        // Negative sums become 0 in the hidden layers: only the last bias is left.
        let guess = flat(-0.01).predict_clean(&x, 2, &ANYTHING);
        assert!((guess[0] + 0.01).abs() < 1e-9, "{}", guess[0]);
    }

    #[test]
    fn picks_land_in_their_blocks_and_bad_shapes_are_errors() {
        assert_eq!(table_picks(&ANYTHING, 0, 50), [4, 7, 10, 13, 16, 17]);
        assert_eq!(table_picks(&[0, 0, 0, 0, 0], 99, 50), [0, 5, 8, 11, 14, 67]);
        assert_eq!(table_rows(50), 68);
        let mut net = flat(0.0);
        net.b3.pop();
        assert!(matches!(net.validate(), Err(Error::Model(_))));
        assert!(Matrix::new(2, 2, vec![0.0; 3]).is_err());
    }

    #[test]
    fn guidance_out_of_range_is_an_error_and_a_seed_repeats() {
        let net = flat(0.01);
        let d = Description::parse("a ring").unwrap();
        assert!(net.film(&d, 1, f64::NAN).is_err());
        assert!(net.film(&d, 1, 21.0).is_err());
        let film = net.film(&d, 1, 2.0).unwrap();
        assert_eq!(film.len(), 4);
        assert_eq!(film, net.film(&d, 1, 2.0).unwrap());
    }
}
