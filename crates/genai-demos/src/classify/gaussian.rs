//! Two models of the bakery tray: one that tells the kinds apart, one that can bake new pastries.
//!
//! Both learn from the same tray of measured croissants and muffins, but they learn different
//! things:
//!
//! - the *discriminative* model ([`LogisticBoundary`]) learns only a line between the kinds.
//!   Give it a pastry and it says which side it is on. It cannot make a pastry: it never
//!   learned what one looks like.
//! - the *generative* model ([`GaussianModel`]) learns what each kind looks like: a bell curve
//!   (a 2D Gaussian) per kind, with a centre (the mean), a spread and a tilt (the covariance),
//!   and how common the kind is (the prior). It can tell kinds apart too, with Bayes' rule, but
//!   it can also *sample*: draw a brand-new pastry that was never on the tray.
//!
//! [`TwoJobs`] trains both and draws them side by side.

use crate::classify::logistic::{Features, Logistic, Settings};
use crate::data::pastry::{Pastry, PastryKind, Tray};
use crate::error::{Error, Result, at_least};
use crate::math;
use crate::measure::metrics::{Classification, LabelProbability};
use crate::random::{normal, seeded};
use crate::show::chart::{self, Chart, INK, PALETTE, Painted, font, padded};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;

/// A tiny spread (in cm²) added to each variance, so the bell curve of a kind whose pastries
/// all lie on one line (or of a single pastry) stays a proper bell instead of a flat line.
const MIN_SPREAD: f64 = 1e-6;

/// A point on the chart: `(width, height)` in centimetres.
pub type Point = (f64, f64);

/// One kind's bell curve: what the generative model learned about croissants, or about muffins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassGaussian {
    /// The kind it describes.
    pub kind: PastryKind,
    /// How common the kind is on the tray: `P(kind)`.
    pub prior: f64,
    /// The centre: the average width and height.
    pub mean: [f64; 2],
    /// How width and height spread and move together: `[[var(w), cov(w, h)], [cov(w, h),
    /// var(h)]]`. A positive `cov(w, h)` means wider pastries tend to be taller.
    pub covariance: [[f64; 2]; 2],
}

impl ClassGaussian {
    /// Fits the bell curve to `points`: their mean, and their covariance with divisor `n` (the
    /// maximum-likelihood estimate), plus [`MIN_SPREAD`] on the variances.
    fn fit(kind: PastryKind, points: &[Point], prior: f64) -> ClassGaussian {
        let n = points.len().max(1) as f64;
        let mut mean = [0.0, 0.0];
        for &(w, h) in points {
            mean[0] += w / n;
            mean[1] += h / n;
        }
        let (mut ww, mut wh, mut hh) = (0.0, 0.0, 0.0);
        for &(w, h) in points {
            let (dw, dh) = (w - mean[0], h - mean[1]);
            ww += dw * dw / n;
            wh += dw * dh / n;
            hh += dh * dh / n;
        }
        ClassGaussian {
            kind,
            prior,
            mean,
            covariance: [[ww + MIN_SPREAD, wh], [wh, hh + MIN_SPREAD]],
        }
    }

    /// The logarithm of [`ClassGaussian::density`] (it stays finite far from the centre, where
    /// the density itself rounds to 0).
    pub fn log_density(&self, point: Point) -> f64 {
        let [[a, b], [_, c]] = self.covariance;
        let det = (a * c - b * b).max(f64::MIN_POSITIVE);
        let (dw, dh) = (point.0 - self.mean[0], point.1 - self.mean[1]);
        // The squared "Mahalanobis" distance: distance from the centre in units of spread,
        // using the inverse covariance [[c, −b], [−b, a]] / det.
        let distance2 = (c * dw * dw - 2.0 * b * dw * dh + a * dh * dh) / det;
        -math::ln(TAU) - 0.5 * math::ln(det) - 0.5 * distance2
    }

    /// How densely this kind's pastries crowd around `point`: `p(width, height | kind)`.
    pub fn density(&self, point: Point) -> f64 {
        math::exp(self.log_density(point))
    }

    /// The point at `(z₁, z₂)` standard steps from the centre, stretched and tilted by the
    /// covariance. (With `L` the Cholesky factor, `L·Lᵀ = covariance`, it is `mean + L·z`.)
    fn stretch(&self, z: Point) -> Point {
        let [[a, b], [_, c]] = self.covariance;
        let l11 = a.max(0.0).sqrt();
        let l21 = if l11 > 0.0 { b / l11 } else { 0.0 };
        let l22 = (c - l21 * l21).max(0.0).sqrt();
        (
            self.mean[0] + l11 * z.0,
            self.mean[1] + l21 * z.0 + l22 * z.1,
        )
    }

    /// The outline where the density has fallen to the level `distance` spreads from the
    /// centre: an ellipse, as `steps` points.
    pub fn contour(&self, distance: f64, steps: usize) -> Vec<Point> {
        let steps = steps.max(3);
        (0..steps)
            .map(|k| {
                let angle = TAU * k as f64 / steps as f64;
                self.stretch((distance * math::cos(angle), distance * math::sin(angle)))
            })
            .collect()
    }
}

/// The generative model: one bell curve per kind.
///
/// ```
/// use genai_demos::classify::gaussian::GaussianModel;
/// use genai_demos::data::pastry::{PastryKind, Tray};
///
/// let model = GaussianModel::fit(&Tray::bake(7, 40)?)?;
/// let new = model.sample(PastryKind::Muffin, 5, 1)?;
/// assert_eq!(new.len(), 5);
/// assert_eq!(model.classify((new[0].width_cm, new[0].height_cm))?.label, "muffin");
/// assert_eq!(new, model.sample(PastryKind::Muffin, 5, 1)?);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GaussianModel {
    /// One bell curve per kind, croissant first.
    pub classes: Vec<ClassGaussian>,
}

impl GaussianModel {
    /// Fits one bell curve per kind to the tray.
    ///
    /// A kind with no pastry on the tray is an [`Error::NoExamples`]; a measurement that is not
    /// a finite number is an [`Error::InvalidParameter`].
    pub fn fit(tray: &Tray) -> Result<GaussianModel> {
        check_tray(tray)?;
        let total = tray.pastries.len() as f64;
        let mut classes = Vec::with_capacity(PastryKind::ALL.len());
        for kind in PastryKind::ALL {
            let points = tray.points(kind);
            let prior = points.len() as f64 / total;
            classes.push(ClassGaussian::fit(kind, &points, prior));
        }
        Ok(GaussianModel { classes })
    }

    /// The bell curve of one kind.
    pub fn class(&self, kind: PastryKind) -> Result<&ClassGaussian> {
        self.classes
            .iter()
            .find(|c| c.kind == kind)
            .ok_or(Error::NoExamples {
                label: kind.to_string(),
            })
    }

    /// `p(width, height | kind)`: how typical the point is for this kind.
    pub fn density(&self, kind: PastryKind, point: Point) -> Result<f64> {
        check_point(point)?;
        Ok(self.class(kind)?.density(point))
    }

    /// Which kind the point is, by Bayes' rule: `P(kind | point) ∝ P(kind) × p(point | kind)`.
    pub fn classify(&self, point: Point) -> Result<Classification> {
        check_point(point)?;
        let logs: Vec<f64> = self
            .classes
            .iter()
            .map(|c| math::ln(c.prior.max(f64::MIN_POSITIVE)) + c.log_density(point))
            .collect();
        let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let unscaled: Vec<f64> = logs.iter().map(|l| math::exp(l - top)).collect();
        let sum: f64 = unscaled.iter().sum();
        let probabilities = self
            .classes
            .iter()
            .zip(&unscaled)
            .map(|(c, u)| LabelProbability {
                label: c.kind.to_string(),
                probability: u / sum,
            })
            .collect();
        Ok(Classification::new(
            &describe(point),
            probabilities,
            Vec::new(),
        ))
    }

    /// Bakes `n` brand-new pastries of one kind: each is drawn from the kind's bell curve, so
    /// it looks like the tray's pastries without being a copy of any of them.
    pub fn sample(&self, kind: PastryKind, n: usize, seed: u64) -> Result<Vec<Pastry>> {
        at_least("n", n, 1, "at least 1 pastry")?;
        let class = self.class(kind)?;
        let mut rng = seeded(seed);
        let mut pastries = Vec::with_capacity(n);
        for _ in 0..n {
            // Two independent bell-curve numbers, then stretched and tilted into place.
            let z = (normal(&mut rng), normal(&mut rng));
            let (width_cm, height_cm) = class.stretch(z);
            pastries.push(Pastry {
                kind,
                width_cm,
                height_cm,
            });
        }
        Ok(pastries)
    }
}

/// A straight line on the chart, written as where `width·w + height·h + constant` is 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The factor for the width.
    pub width: f64,
    /// The factor for the height.
    pub height: f64,
    /// The constant.
    pub constant: f64,
}

impl Line {
    /// The line's value at `point`: 0 on the line, positive on one side, negative on the other.
    pub fn side(&self, point: Point) -> f64 {
        self.width * point.0 + self.height * point.1 + self.constant
    }
}

/// The discriminative model: logistic regression on width and height, which learns only the
/// line between the kinds (muffin is the positive side).
///
/// ```
/// use genai_demos::classify::gaussian::LogisticBoundary;
/// use genai_demos::data::pastry::Tray;
///
/// let model = LogisticBoundary::fit(&Tray::bake(7, 40)?, &LogisticBoundary::settings())?;
/// assert_eq!(model.classify((8.0, 8.5))?.label, "muffin");
/// assert_eq!(model.classify((13.0, 4.0))?.label, "croissant");
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticBoundary {
    /// The weights, on standardised measurements.
    model: Logistic,
    /// The mean width and height of the tray, subtracted before weighing.
    centre: [f64; 2],
    /// The spread of width and height, divided by before weighing, so both measurements count
    /// on the same scale and gradient descent takes even steps.
    scale: [f64; 2],
    loss_curve: Vec<f64>,
}

impl LogisticBoundary {
    /// Settings that fit the tray well: plain full-batch gradient descent.
    pub fn settings() -> Settings {
        Settings {
            learning_rate: 0.5,
            epochs: 200,
            l2: 0.01,
            batch_size: 1_000_000,
            seed: 0,
        }
    }

    /// Learns the line between croissants and muffins on the tray.
    pub fn fit(tray: &Tray, settings: &Settings) -> Result<LogisticBoundary> {
        check_tray(tray)?;
        let n = tray.pastries.len() as f64;
        let mut centre = [0.0, 0.0];
        for p in &tray.pastries {
            centre[0] += p.width_cm / n;
            centre[1] += p.height_cm / n;
        }
        let mut scale = [0.0, 0.0];
        for p in &tray.pastries {
            scale[0] += (p.width_cm - centre[0]).powi(2) / n;
            scale[1] += (p.height_cm - centre[1]).powi(2) / n;
        }
        let scale = scale.map(|v| if v > 0.0 { v.sqrt() } else { 1.0 });
        let mut model = LogisticBoundary {
            model: Logistic::zeros(2),
            centre,
            scale,
            loss_curve: Vec::new(),
        };
        let rows: Vec<Features> = tray
            .pastries
            .iter()
            .map(|p| model.features((p.width_cm, p.height_cm)))
            .collect();
        let targets: Vec<bool> = tray
            .pastries
            .iter()
            .map(|p| p.kind == PastryKind::Muffin)
            .collect();
        let (fitted, losses) = Logistic::fit(&rows, &targets, 2, settings)?;
        model.model = fitted;
        model.loss_curve = losses;
        Ok(model)
    }

    /// The standardised measurements of a point.
    fn features(&self, point: Point) -> Features {
        vec![
            (0, (point.0 - self.centre[0]) / self.scale[0]),
            (1, (point.1 - self.centre[1]) / self.scale[1]),
        ]
    }

    /// The loss before learning and after each epoch.
    pub fn loss_curve(&self) -> &[f64] {
        &self.loss_curve
    }

    /// `P(muffin | point)`, and its complement for croissant.
    pub fn classify(&self, point: Point) -> Result<Classification> {
        check_point(point)?;
        let muffin = self.model.probability(&self.features(point));
        let probabilities = vec![
            LabelProbability {
                label: PastryKind::Croissant.to_string(),
                probability: 1.0 - muffin,
            },
            LabelProbability {
                label: PastryKind::Muffin.to_string(),
                probability: muffin,
            },
        ];
        Ok(Classification::new(
            &describe(point),
            probabilities,
            Vec::new(),
        ))
    }

    /// The decision boundary in centimetres: the logit as a line, 0 where both kinds are
    /// equally likely, positive on the muffin side. This is *all* the model knows.
    pub fn boundary(&self) -> Line {
        let w = |i: usize| self.model.weights.get(i).copied().unwrap_or(0.0);
        let (ws, hs) = (w(0) / self.scale[0], w(1) / self.scale[1]);
        Line {
            width: ws,
            height: hs,
            constant: self.model.bias - ws * self.centre[0] - hs * self.centre[1],
        }
    }
}

fn describe(point: Point) -> String {
    format!("width {:.1} cm, height {:.1} cm", point.0, point.1)
}

fn check_point(point: Point) -> Result<()> {
    if !point.0.is_finite() || !point.1.is_finite() {
        return Err(Error::InvalidParameter {
            name: "point",
            value: format!("({}, {})", point.0, point.1),
            expected: "a width and a height that are finite numbers",
        });
    }
    Ok(())
}

/// Both kinds present, every measurement finite.
fn check_tray(tray: &Tray) -> Result<()> {
    for kind in PastryKind::ALL {
        if !tray.pastries.iter().any(|p| p.kind == kind) {
            return Err(Error::NoExamples {
                label: kind.to_string(),
            });
        }
    }
    for p in &tray.pastries {
        if !p.width_cm.is_finite() || !p.height_cm.is_finite() {
            return Err(Error::InvalidParameter {
                name: "tray",
                value: format!("a {} measured ({}, {})", p.kind, p.width_cm, p.height_cm),
                expected: "measurements that are finite numbers",
            });
        }
    }
    Ok(())
}

/// Both models trained on one tray, plus new pastries the generative one baked.
///
/// ```
/// use genai_demos::classify::gaussian::TwoJobs;
/// use genai_demos::data::pastry::Tray;
///
/// let jobs = TwoJobs::learn(&Tray::bake(2024, 40)?, 8, 1)?;
/// assert_eq!(jobs.new_pastries.len(), 16);
/// assert!(jobs.chart()?.svg().contains("Creating"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TwoJobs {
    /// The tray both models learned from.
    pub tray: Tray,
    /// The model that tells apart.
    pub discriminative: LogisticBoundary,
    /// The model that creates.
    pub generative: GaussianModel,
    /// Pastries the generative model sampled: `new_per_kind` of each kind.
    pub new_pastries: Vec<Pastry>,
    /// The seed of the sampling.
    pub seed: u64,
}

/// The height of the two-panel chart, in SVG pixels.
const HEIGHT: u32 = 440;

/// How far out (in spreads) the shaded rings of a bell curve go, outermost first.
const RINGS: [f64; 5] = [2.5, 2.0, 1.5, 1.0, 0.5];

impl TwoJobs {
    /// Trains both models on `tray` and samples `new_per_kind` new pastries of each kind.
    pub fn learn(tray: &Tray, new_per_kind: usize, seed: u64) -> Result<TwoJobs> {
        at_least(
            "new_per_kind",
            new_per_kind,
            1,
            "at least 1 new pastry of each kind",
        )?;
        let discriminative = LogisticBoundary::fit(tray, &LogisticBoundary::settings())?;
        let generative = GaussianModel::fit(tray)?;
        let mut new_pastries = Vec::new();
        for (k, kind) in PastryKind::ALL.into_iter().enumerate() {
            // One stream of randomness per kind, both fixed by the seed.
            let kind_seed = seed.wrapping_mul(2).wrapping_add(k as u64);
            new_pastries.extend(generative.sample(kind, new_per_kind, kind_seed)?);
        }
        Ok(TwoJobs {
            tray: tray.clone(),
            discriminative,
            generative,
            new_pastries,
            seed,
        })
    }

    /// Two panels on the same axes. Left, *telling apart*: the tray and the line the
    /// discriminative model drew, each side shaded in its kind's colour. Right, *creating*: the
    /// bell curves the generative model learned, with the new pastries it sampled as diamonds.
    pub fn chart(&self) -> Result<Chart> {
        let title = "Two jobs: telling apart (left) vs. creating (right)";
        let mut all: Vec<Point> = self
            .tray
            .pastries
            .iter()
            .chain(&self.new_pastries)
            .map(|p| (p.width_cm, p.height_cm))
            .collect();
        for class in &self.generative.classes {
            all.extend(class.contour(RINGS[0], 48));
        }
        if all.iter().any(|p| !p.0.is_finite() || !p.1.is_finite()) {
            return Err(Error::Chart("a point is not a finite number".into()));
        }
        let x_range = padded(all.iter().map(|p| p.0));
        let y_range = padded(all.iter().map(|p| p.1));
        Chart::draw(title, (chart::WIDTH, HEIGHT), |root| {
            let area = root.titled(title, font(20))?;
            let (panels, key) = area.split_vertically(area.dim_in_pixel().1 - 52);
            let (left, right) = panels.split_horizontally(chart::WIDTH / 2);
            self.paint_telling_apart(&left, x_range.clone(), y_range.clone())?;
            self.paint_creating(&right, x_range.clone(), y_range.clone())?;
            paint_key(&key)
        })
    }

    /// Shows the two-panel chart in a notebook.
    pub fn evcxr_display(&self) {
        let svg = self
            .chart()
            .map(|c| c.svg().to_string())
            .unwrap_or_default();
        let plain = format!(
            "two models of a tray of {} pastries, and {} new ones",
            self.tray.pastries.len(),
            self.new_pastries.len()
        );
        crate::show::display::show(&[("image/svg+xml", &svg), ("text/plain", &plain)]);
    }

    fn paint_telling_apart(
        &self,
        area: &DrawingArea<SVGBackend<'_>, Shift>,
        x_range: std::ops::Range<f64>,
        y_range: std::ops::Range<f64>,
    ) -> Painted {
        let mut plot = panel(
            area,
            "Telling apart: a line",
            x_range.clone(),
            y_range.clone(),
        )?;
        let line = self.discriminative.boundary();
        let corners = [
            (x_range.start, y_range.start),
            (x_range.end, y_range.start),
            (x_range.end, y_range.end),
            (x_range.start, y_range.end),
        ];
        // Shade each side of the line in the colour of the kind it is called.
        for (k, sign) in [(0, -1.0), (1, 1.0)] {
            let region = clip(&corners, |p| sign * line.side(p));
            if region.len() >= 3 {
                let colour = PALETTE[k].mix(0.18).filled();
                plot.draw_series(std::iter::once(Polygon::new(region, colour)))?;
            }
        }
        let crossings = crossings(&corners, |p| line.side(p));
        if let [a, b, ..] = crossings.as_slice() {
            plot.draw_series(std::iter::once(PathElement::new(
                vec![*a, *b],
                INK.stroke_width(2),
            )))?;
        }
        for (k, kind) in PastryKind::ALL.into_iter().enumerate() {
            let colour = PALETTE[k];
            plot.draw_series(
                self.tray
                    .points(kind)
                    .into_iter()
                    .map(|p| Circle::new(p, 4, colour.filled())),
            )?;
        }
        Ok(())
    }

    fn paint_creating(
        &self,
        area: &DrawingArea<SVGBackend<'_>, Shift>,
        x_range: std::ops::Range<f64>,
        y_range: std::ops::Range<f64>,
    ) -> Painted {
        let mut plot = panel(area, "Creating: bell curves → new ones", x_range, y_range)?;
        // Nested rings, each faintly shaded: the shade deepens toward the centre, where the
        // learned density is highest.
        for class in &self.generative.classes {
            let colour = kind_colour(class.kind);
            for ring in RINGS {
                let outline = class.contour(ring, 64);
                plot.draw_series(std::iter::once(Polygon::new(
                    outline.clone(),
                    colour.mix(0.13).filled(),
                )))?;
                let mut closed = outline;
                if let Some(&first) = closed.first() {
                    closed.push(first);
                }
                plot.draw_series(std::iter::once(PathElement::new(
                    closed,
                    colour.mix(0.55).stroke_width(1),
                )))?;
            }
        }
        for (k, kind) in PastryKind::ALL.into_iter().enumerate() {
            let colour = PALETTE[k];
            plot.draw_series(
                self.tray
                    .points(kind)
                    .into_iter()
                    .map(|p| Circle::new(p, 3, colour.mix(0.9).stroke_width(1))),
            )?;
        }
        for p in &self.new_pastries {
            let colour = kind_colour(p.kind);
            // A filled diamond with an ink outline, drawn in pixels around the point.
            let mark = EmptyElement::at((p.width_cm, p.height_cm))
                + Polygon::new(DIAMOND.to_vec(), colour.filled())
                + PathElement::new(DIAMOND.to_vec(), INK.stroke_width(1));
            plot.draw_series(std::iter::once(mark))?;
        }
        Ok(())
    }
}

/// Each kind's colour, the same as in the tray chart.
fn kind_colour(kind: PastryKind) -> RGBColor {
    match kind {
        PastryKind::Croissant => PALETTE[0],
        PastryKind::Muffin => PALETTE[1],
    }
}

/// A panel's plotting area: centimetres on both axes.
type Panel<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart panel with its caption and axes.
fn panel<'a, 'b>(
    area: &'a DrawingArea<SVGBackend<'b>, Shift>,
    caption: &str,
    x_range: std::ops::Range<f64>,
    y_range: std::ops::Range<f64>,
) -> std::result::Result<Panel<'a, 'b>, Box<dyn std::error::Error>> {
    let mut plot = ChartBuilder::on(area)
        .caption(caption, font(16))
        .margin(8)
        .x_label_area_size(38)
        .y_label_area_size(44)
        .build_cartesian_2d(x_range, y_range)?;
    plot.configure_mesh()
        .x_desc("width (cm)")
        .y_desc("height (cm)")
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .axis_style(INK)
        .bold_line_style(INK.mix(0.1))
        .light_line_style(INK.mix(0.0))
        .label_style(font(13))
        .axis_desc_style(font(14))
        .draw()?;
    Ok(plot)
}

/// The corners of the diamond that marks a newly sampled pastry, in pixels around its point.
const DIAMOND: [(i32, i32); 5] = [(0, -7), (7, 0), (0, 7), (-7, 0), (0, -7)];

/// The key under the panels: what the dots, the line, the rings and the diamonds mean.
fn paint_key(area: &DrawingArea<SVGBackend<'_>, Shift>) -> Painted {
    let text = font(13).pos(Pos::new(HPos::Left, VPos::Center));
    let kinds = [("croissants", PALETTE[0]), ("muffins", PALETTE[1])];
    // Left half: the tray's kinds and the line.
    let mut x = 52;
    for (name, colour) in kinds {
        area.draw(&Circle::new((x, 14), 5, colour.filled()))?;
        area.draw(&Text::new(name, (x + 10, 14), text.clone()))?;
        x += 96;
    }
    area.draw(&PathElement::new(
        vec![(x - 6, 14), (x + 14, 14)],
        INK.stroke_width(2),
    ))?;
    area.draw(&Text::new("the line", (x + 20, 14), text.clone()))?;
    // Right half: the rings and the new pastries.
    let x = 52 + chart::WIDTH as i32 / 2 - 12;
    area.draw(&Circle::new((x, 14), 4, PALETTE[0].stroke_width(1)))?;
    area.draw(&Text::new("on the tray", (x + 10, 14), text.clone()))?;
    let diamond_x = x + 100;
    let corners: Vec<(i32, i32)> = DIAMOND
        .iter()
        .map(|(dx, dy)| (diamond_x + dx, 14 + dy))
        .collect();
    area.draw(&Polygon::new(corners.clone(), PALETTE[1].filled()))?;
    area.draw(&PathElement::new(corners, INK.stroke_width(1)))?;
    area.draw(&Text::new(
        "new, sampled",
        (diamond_x + 11, 14),
        text.clone(),
    ))?;
    let note = font(12).pos(Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        "it only knows which side a pastry is on",
        (chart::WIDTH as i32 / 4, 36),
        note.clone(),
    ))?;
    area.draw(&Text::new(
        "it knows where pastries are likely, so it can make more",
        (3 * chart::WIDTH as i32 / 4, 36),
        note,
    ))?;
    Ok(())
}

/// The part of a convex polygon where `side` is 0 or more (one pass of the Sutherland-Hodgman
/// clipping method: keep the corners inside, add a corner where an edge crosses the line).
fn clip(polygon: &[Point], side: impl Fn(Point) -> f64) -> Vec<Point> {
    let mut kept = Vec::new();
    let next = polygon.iter().cycle().skip(1);
    for (&a, &b) in polygon.iter().zip(next) {
        let (sa, sb) = (side(a), side(b));
        if sa >= 0.0 {
            kept.push(a);
        }
        if (sa >= 0.0) != (sb >= 0.0) {
            kept.push(between(a, b, sa, sb));
        }
    }
    kept
}

/// Where the line `side = 0` crosses the edges of a polygon.
fn crossings(polygon: &[Point], side: impl Fn(Point) -> f64) -> Vec<Point> {
    let mut found = Vec::new();
    let next = polygon.iter().cycle().skip(1);
    for (&a, &b) in polygon.iter().zip(next) {
        let (sa, sb) = (side(a), side(b));
        if (sa >= 0.0) != (sb >= 0.0) {
            found.push(between(a, b, sa, sb));
        }
    }
    found
}

/// The point between `a` and `b` where a linear function with values `sa` and `sb` is 0.
fn between(a: Point, b: Point, sa: f64, sb: f64) -> Point {
    let t = sa / (sa - sb);
    (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
}

/// The area inside an ellipse of a bell curve at `distance` spreads: `π × distance² ×
/// √det(covariance)`. Tests use it to check the contours.
#[cfg(test)]
fn ellipse_area(class: &ClassGaussian, distance: f64) -> f64 {
    let [[a, b], [_, c]] = class.covariance;
    std::f64::consts::PI * distance * distance * (a * c - b * b).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() < tolerance
    }

    fn tray_of(points: &[(PastryKind, f64, f64)]) -> Tray {
        Tray {
            seed: 0,
            pastries: points
                .iter()
                .map(|&(kind, width_cm, height_cm)| Pastry {
                    kind,
                    width_cm,
                    height_cm,
                })
                .collect(),
        }
    }

    use PastryKind::{Croissant, Muffin};

    #[test]
    fn mean_and_covariance_of_three_points_by_hand() {
        // Croissants at (0, 0), (2, 2), (1, 4): mean (1, 2).
        // Deviations: (−1, −2), (1, 0), (0, 2).
        // var(w) = (1 + 1 + 0) / 3 = 2/3; var(h) = (4 + 0 + 4) / 3 = 8/3;
        // cov(w, h) = (2 + 0 + 0) / 3 = 2/3.
        let tray = tray_of(&[
            (Croissant, 0.0, 0.0),
            (Croissant, 2.0, 2.0),
            (Croissant, 1.0, 4.0),
            (Muffin, 5.0, 5.0),
        ]);
        let model = GaussianModel::fit(&tray).unwrap();
        let c = model.class(Croissant).unwrap();
        assert_eq!(c.mean, [1.0, 2.0]);
        assert!(close(c.covariance[0][0], 2.0 / 3.0, 1e-5));
        assert!(close(c.covariance[1][1], 8.0 / 3.0, 1e-5));
        assert!(close(c.covariance[0][1], 2.0 / 3.0, 1e-12));
        assert!(close(c.prior, 0.75, 1e-12));
        // Density at the mean: 1 / (2π √det); det = 2/3 · 8/3 − (2/3)² = 12/9 = 4/3.
        let peak = 1.0 / (TAU * (4.0f64 / 3.0).sqrt());
        assert!(close(c.density((1.0, 2.0)), peak, 1e-5));
        // At (2, 2), the deviation (1, 0): distance² = var(h) / det = (8/3) / (4/3) = 2,
        // so the density is the peak × e^(−1).
        assert!(close(
            c.density((2.0, 2.0)),
            peak * math::exp(-1.0f64),
            1e-5
        ));
    }

    #[test]
    fn bayes_rule_by_hand() {
        // Croissants at (−1, 0), (1, 0), (0, −1), (0, 1): mean (0, 0), var(w) = (1 + 1) / 4
        // = 0.5, var(h) = 0.5, no tilt. Muffins: the same shape around (4, 0). Priors 1/2.
        // At (2, 0), halfway, both densities are equal, so each posterior is the prior, 1/2.
        // At (1, 0): distance² is 1²/0.5 = 2 for croissants and 3²/0.5 = 18 for muffins; the
        // densities' ratio is e^(−2/2) / e^(−18/2) = e⁸, so P(croissant) = e⁸ / (e⁸ + 1).
        let mut points = Vec::new();
        for (dx, dy) in [(-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0)] {
            points.push((Croissant, dx, dy));
            points.push((Muffin, 4.0 + dx, dy));
        }
        let model = GaussianModel::fit(&tray_of(&points)).unwrap();
        let c = model.class(Croissant).unwrap();
        assert!(close(c.covariance[0][0], 0.5, 1e-5));
        let even = model.classify((2.0, 0.0)).unwrap();
        assert!(close(even.probability("croissant").unwrap(), 0.5, 1e-9));
        let near = model.classify((1.0, 0.0)).unwrap();
        let e8 = math::exp(8.0f64);
        assert!(close(
            near.probability("croissant").unwrap(),
            e8 / (e8 + 1.0),
            1e-6
        ));
        assert_eq!(near.label, "croissant");
    }

    #[test]
    fn samples_follow_the_learned_bell_curve() {
        let tray = Tray::bake(3, 50).unwrap();
        let model = GaussianModel::fit(&tray).unwrap();
        let new = model.sample(Muffin, 4000, 9).unwrap();
        let n = new.len() as f64;
        let mean_w = new.iter().map(|p| p.width_cm).sum::<f64>() / n;
        let mean_h = new.iter().map(|p| p.height_cm).sum::<f64>() / n;
        let m = model.class(Muffin).unwrap();
        assert!(close(mean_w, m.mean[0], 0.05), "{mean_w} vs {:?}", m.mean);
        assert!(close(mean_h, m.mean[1], 0.05));
        let cov = new
            .iter()
            .map(|p| (p.width_cm - mean_w) * (p.height_cm - mean_h))
            .sum::<f64>()
            / n;
        assert!(
            close(cov, m.covariance[0][1], 0.05),
            "{cov} vs {:?}",
            m.covariance
        );
        // New, not copied: no sample equals a pastry on the tray.
        assert!(new.iter().all(|p| !tray.pastries.contains(p)));
        // Seeds repeat and differ.
        assert_eq!(
            model.sample(Muffin, 3, 1).unwrap(),
            model.sample(Muffin, 3, 1).unwrap()
        );
        assert_ne!(
            model.sample(Muffin, 3, 1).unwrap(),
            model.sample(Muffin, 3, 2).unwrap()
        );
    }

    #[test]
    fn contours_are_ellipses_of_the_right_size() {
        let model = GaussianModel::fit(&Tray::bake(3, 50).unwrap()).unwrap();
        let c = model.class(Croissant).unwrap();
        let ring = c.contour(2.0, 400);
        // Every contour point is exactly 2 spreads from the centre: its log density is the
        // peak's minus 2²/2.
        let peak = c.log_density((c.mean[0], c.mean[1]));
        assert!(
            ring.iter()
                .all(|&p| close(c.log_density(p), peak - 2.0, 1e-9))
        );
        // The polygon's area (shoelace formula) matches π · 2² · √det.
        let next = ring.iter().cycle().skip(1);
        let twice: f64 = ring
            .iter()
            .zip(next)
            .map(|(a, b)| a.0 * b.1 - b.0 * a.1)
            .sum();
        assert!(close(
            twice.abs() / 2.0,
            ellipse_area(c, 2.0),
            0.01 * ellipse_area(c, 2.0)
        ));
    }

    #[test]
    fn the_boundary_separates_the_tray() {
        let tray = Tray::bake(2024, 40).unwrap();
        let model = LogisticBoundary::fit(&tray, &LogisticBoundary::settings()).unwrap();
        let line = model.boundary();
        let right = tray
            .pastries
            .iter()
            .filter(|p| (line.side((p.width_cm, p.height_cm)) > 0.0) == (p.kind == Muffin))
            .count();
        assert!(right >= 78, "{right} of 80 on the right side");
        // The line is where the model is unsure: 50/50.
        let on = crossings(&[(0.0, 0.0), (20.0, 0.0), (20.0, 12.0), (0.0, 12.0)], |p| {
            line.side(p)
        });
        let middle = ((on[0].0 + on[1].0) / 2.0, (on[0].1 + on[1].1) / 2.0);
        let answer = model.classify(middle).unwrap();
        assert!(close(answer.probability("muffin").unwrap(), 0.5, 1e-9));
        let curve = model.loss_curve();
        assert!(curve[curve.len() - 1] < curve[0] / 4.0);
    }

    #[test]
    fn clipping_a_square_by_hand() {
        // The unit square cut by x ≥ 0.5 is the rectangle [0.5, 1] × [0, 1].
        let square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
        let right = clip(&square, |p| p.0 - 0.5);
        assert_eq!(right, [(0.5, 0.0), (1.0, 0.0), (1.0, 1.0), (0.5, 1.0)]);
        assert_eq!(crossings(&square, |p| p.0 - 0.5), [(0.5, 0.0), (0.5, 1.0)]);
        assert!(clip(&square, |p| p.0 - 2.0).is_empty());
    }

    #[test]
    fn bad_inputs_are_errors() {
        let only_croissants = tray_of(&[(Croissant, 1.0, 1.0)]);
        assert_eq!(
            GaussianModel::fit(&only_croissants).unwrap_err(),
            Error::NoExamples {
                label: "muffin".into()
            }
        );
        assert!(LogisticBoundary::fit(&only_croissants, &LogisticBoundary::settings()).is_err());
        let nan = tray_of(&[(Croissant, f64::NAN, 1.0), (Muffin, 1.0, 1.0)]);
        assert!(matches!(
            GaussianModel::fit(&nan),
            Err(Error::InvalidParameter { name: "tray", .. })
        ));
        let model = GaussianModel::fit(&Tray::bake(1, 5).unwrap()).unwrap();
        assert!(matches!(
            model.classify((f64::INFINITY, 1.0)),
            Err(Error::InvalidParameter { name: "point", .. })
        ));
        assert!(matches!(
            model.sample(Muffin, 0, 1),
            Err(Error::InvalidParameter { name: "n", .. })
        ));
        // One pastry per kind still gives a (very narrow) bell curve, not a crash.
        let tiny = tray_of(&[(Croissant, 12.0, 4.0), (Muffin, 8.0, 8.0)]);
        let model = GaussianModel::fit(&tiny).unwrap();
        let answer = model.classify((10.5, 5.0)).unwrap();
        assert!(
            answer
                .probabilities
                .iter()
                .all(|p| p.probability.is_finite())
        );
        assert!(
            model
                .sample(Croissant, 2, 1)
                .unwrap()
                .iter()
                .all(|p| close(p.width_cm, 12.0, 0.01))
        );
    }

    #[test]
    fn the_chart_is_deterministic() {
        let tray = Tray::bake(2024, 40).unwrap();
        let a = TwoJobs::learn(&tray, 8, 1).unwrap().chart().unwrap();
        let b = TwoJobs::learn(&tray, 8, 1).unwrap().chart().unwrap();
        assert_eq!(a.svg(), b.svg());
        let c = TwoJobs::learn(&tray, 8, 2).unwrap().chart().unwrap();
        assert_ne!(a.svg(), c.svg());
        assert!(a.svg().contains("Telling apart"));
        assert!(matches!(
            TwoJobs::learn(&tray, 0, 1),
            Err(Error::InvalidParameter {
                name: "new_per_kind",
                ..
            })
        ));
    }
}
