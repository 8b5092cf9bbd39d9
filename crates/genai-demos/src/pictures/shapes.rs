//! Tiny grayscale pictures of simple shapes: the training images of the diffusion demo.
//!
//! Every picture is drawn by the library from a seed: a ring, a square, a cross or a triangle
//! at a random place, of a random size and with a random stroke thickness. The diffusion model
//! learns what each kind of picture looks like from a few hundred of these, and the prompt of a
//! sample picks which kind it should draw.

use crate::error::{Error, Result, at_least};
use crate::random::{seeded, uniform};
use crate::show::chart::{self, Canvas, Chart, INK, font};
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The width and height of every picture, in pixels. Small enough to learn in a blink, big
/// enough that a ring and a square look different.
pub const SIDE: usize = 20;

/// The kinds of picture the model can draw; a prompt names one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// A circle outline.
    Ring,
    /// A square outline, sides upright.
    Square,
    /// A plus sign: one bar across, one bar down.
    Cross,
    /// A triangle outline pointing up.
    Triangle,
}

impl Shape {
    /// Every shape, in the order charts and tables list them.
    pub const ALL: [Shape; 4] = [Shape::Ring, Shape::Square, Shape::Cross, Shape::Triangle];

    /// The shape's name, as a prompt writes it.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Ring => "ring",
            Shape::Square => "square",
            Shape::Cross => "cross",
            Shape::Triangle => "triangle",
        }
    }

    /// How far the pixel centre `(x, y)` is from the shape's outline, for a shape centred at
    /// `(cx, cy)` with half-width `r`. The drawing colours every pixel by this distance.
    fn distance_to_outline(self, (x, y): (f64, f64), (cx, cy): (f64, f64), r: f64) -> f64 {
        let (dx, dy) = (x - cx, y - cy);
        match self {
            Shape::Ring => ((dx * dx + dy * dy).sqrt() - r).abs(),
            Shape::Square => {
                // How far outside the square along each axis (negative: inside).
                let (ox, oy) = (dx.abs() - r, dy.abs() - r);
                let outside = (ox.max(0.0).powi(2) + oy.max(0.0).powi(2)).sqrt();
                let inside = ox.max(oy).min(0.0);
                (outside + inside).abs()
            }
            Shape::Cross => {
                let across = segment_distance((dx, dy), (-r, 0.0), (r, 0.0));
                let down = segment_distance((dx, dy), (0.0, -r), (0.0, r));
                across.min(down)
            }
            Shape::Triangle => {
                // Corners of an upright equilateral triangle that spans -0.75r..0.75r in height
                // (y grows downwards in a picture).
                let half_base = r * 3f64.sqrt() / 2.0;
                let top = (0.0, -0.75 * r);
                let left = (-half_base, 0.75 * r);
                let right = (half_base, 0.75 * r);
                let a = segment_distance((dx, dy), top, left);
                let b = segment_distance((dx, dy), left, right);
                let c = segment_distance((dx, dy), right, top);
                a.min(b).min(c)
            }
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The distance from point `p` to the line segment from `a` to `b`.
fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (abx, aby) = (b.0 - a.0, b.1 - a.1);
    let (apx, apy) = (p.0 - a.0, p.1 - a.1);
    let length2 = abx * abx + aby * aby;
    // How far along the segment the closest point is, from 0 (at a) to 1 (at b).
    let along = if length2 > 0.0 {
        ((apx * abx + apy * aby) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (apx - along * abx, apy - along * aby);
    (qx * qx + qy * qy).sqrt()
}

/// A square grayscale picture: 0 is the dark background, 1 is full ink.
///
/// ```
/// use genai_demos::pictures::shapes::{Image, Shape};
///
/// let ring = Image::draw(Shape::Ring, (10.0, 10.0), 6.0, 2.0);
/// assert_eq!(ring.pixels.len(), 20 * 20);
/// assert!(ring.pixel(16, 10) > 0.9); // on the ring, right of the centre
/// assert_eq!(ring.pixel(10, 10), 0.0); // the hole in the middle
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Width and height in pixels.
    pub side: usize,
    /// Brightness of each pixel in `[0, 1]`, row by row from the top left.
    pub pixels: Vec<f64>,
}

impl Image {
    /// A `side` by `side` picture from its pixels, each clamped into `[0, 1]`.
    pub fn new(side: usize, pixels: Vec<f64>) -> Result<Image> {
        at_least("side", side, 1, "at least 1 pixel")?;
        if pixels.len() != side * side {
            return Err(Error::InvalidParameter {
                name: "pixels",
                value: format!("{} values", pixels.len()),
                expected: "side x side values, one per pixel",
            });
        }
        if pixels.iter().any(|p| !p.is_finite()) {
            return Err(Error::InvalidParameter {
                name: "pixels",
                value: "a value that is not a finite number".into(),
                expected: "finite brightness values",
            });
        }
        let pixels = pixels.into_iter().map(|p| p.clamp(0.0, 1.0)).collect();
        Ok(Image { side, pixels })
    }

    /// Draws one shape on a [`SIDE`] x [`SIDE`] picture, centred at `centre` (in pixels from
    /// the top left), with half-width `size` and a stroke `thickness` pixels wide.
    ///
    /// Edges are smooth: a pixel the outline only grazes gets a grey between dark and ink.
    pub fn draw(shape: Shape, centre: (f64, f64), size: f64, thickness: f64) -> Image {
        let mut pixels = Vec::with_capacity(SIDE * SIDE);
        for row in 0..SIDE {
            for col in 0..SIDE {
                // Measure from the middle of the pixel.
                let at = (col as f64 + 0.5, row as f64 + 0.5);
                let distance = shape.distance_to_outline(at, centre, size);
                // Full ink inside the stroke, fading to dark over one pixel at its edge.
                let ink = (thickness / 2.0 + 0.5 - distance).clamp(0.0, 1.0);
                pixels.push(ink);
            }
        }
        Image { side: SIDE, pixels }
    }

    /// Draws `shape` at a random place, size and thickness, all picked by `rng`.
    fn draw_random(shape: Shape, rng: &mut crate::random::Rng) -> Image {
        let between =
            |rng: &mut crate::random::Rng, lo: f64, hi: f64| lo + (hi - lo) * uniform(rng);
        let side = SIDE as f64;
        let size = between(rng, 0.2 * side, 0.38 * side);
        let thickness = between(rng, 1.2, 2.6);
        // Keep the whole stroke and its soft edge inside the picture, so the border pixels
        // stay dark.
        let margin = size + thickness / 2.0 + 1.0;
        let cx = between(rng, margin, side - margin);
        let cy = between(rng, margin, side - margin);
        Image::draw(shape, (cx, cy), size, thickness)
    }

    /// The brightness at column `x`, row `y` (0 outside the picture).
    pub fn pixel(&self, x: usize, y: usize) -> f64 {
        if x >= self.side || y >= self.side {
            return 0.0;
        }
        self.pixels.get(y * self.side + x).copied().unwrap_or(0.0)
    }

    /// The root-mean-square difference between two pictures: 0 for identical pictures, 1 for
    /// a picture against its negative. It is the "distance" the chapter uses to ask whether a
    /// sample is new.
    ///
    /// ```
    /// use genai_demos::pictures::shapes::Image;
    ///
    /// let dark = Image::new(2, vec![0.0; 4])?;
    /// let half = Image::new(2, vec![1.0, 1.0, 0.0, 0.0])?;
    /// assert!((dark.rms_distance(&half) - 0.5f64.sqrt()).abs() < 1e-12);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn rms_distance(&self, other: &Image) -> f64 {
        rms_distance(&self.pixels, &other.pixels)
    }

    /// The picture drawn large, for a page or a notebook.
    pub fn chart(&self, title: &str) -> Result<Chart> {
        let cell = 240;
        let (left, top) = (200, 48);
        Chart::draw(
            title,
            (chart::WIDTH, top as u32 + cell as u32 + 24),
            |root| {
                root.draw(&Text::new(title.to_string(), (12, 12), font(20)))?;
                draw_picture(root, self, (left, top), cell)?;
                Ok(())
            },
        )
    }

    /// The picture as a small PNG inside a `data:` address, for an `<img>` in a page.
    ///
    /// ```
    /// use genai_demos::pictures::shapes::{Image, Shape};
    ///
    /// let uri = Image::draw(Shape::Ring, (10.0, 10.0), 6.0, 2.0).data_uri()?;
    /// assert!(uri.starts_with("data:image/png;base64,"));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn data_uri(&self) -> Result<String> {
        let greys: Vec<u8> = self.pixels.iter().map(|p| grey(*p)).collect();
        let png = chart::png_grey(self.side, self.side, &greys)?;
        Ok(format!(
            "data:image/png;base64,{}",
            crate::show::display::base64(&png)
        ))
    }

    /// Shows the picture in a notebook (evcxr calls this when a cell ends with a picture).
    pub fn evcxr_display(&self) {
        let plain = format!("[{0}x{0} picture]", self.side);
        match self.chart("A picture") {
            Ok(chart) => crate::show::display::show(&[
                ("image/svg+xml", chart.svg()),
                ("text/plain", &plain),
            ]),
            Err(e) => crate::show::display::show(&[("text/plain", &e.to_string())]),
        }
    }
}

/// The root-mean-square difference between two lists of pixels (only the pairs both have).
pub(crate) fn rms_distance(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let mut sum = 0.0;
    for (x, y) in a.iter().zip(b) {
        sum += (x - y) * (x - y);
    }
    (sum / n as f64).sqrt()
}

/// One training picture and the shape it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// What the picture shows: the label a prompt asks for.
    pub shape: Shape,
    /// The picture.
    pub image: Image,
}

/// The pictures the diffusion model learns from: the same number of each shape.
///
/// ```
/// use genai_demos::pictures::shapes::{Shape, TrainingSet};
///
/// let set = TrainingSet::draw(7, 5)?;
/// assert_eq!(set.examples.len(), 20);
/// assert_eq!(set.images(Shape::Cross).len(), 5);
/// assert_eq!(set, TrainingSet::draw(7, 5)?);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingSet {
    /// The seed the pictures were drawn from.
    pub seed: u64,
    /// The pictures, all rings first, then all squares, and so on.
    pub examples: Vec<Example>,
}

impl TrainingSet {
    /// Draws `per_shape` pictures of every shape, each with its own random place, size and
    /// thickness.
    pub fn draw(seed: u64, per_shape: usize) -> Result<TrainingSet> {
        at_least(
            "per_shape",
            per_shape,
            1,
            "at least 1 picture of each shape",
        )?;
        let mut rng = seeded(seed);
        let mut examples = Vec::with_capacity(per_shape * Shape::ALL.len());
        for shape in Shape::ALL {
            for _ in 0..per_shape {
                let image = Image::draw_random(shape, &mut rng);
                examples.push(Example { shape, image });
            }
        }
        Ok(TrainingSet { seed, examples })
    }

    /// The pictures of one shape.
    pub fn images(&self, shape: Shape) -> Vec<&Image> {
        self.examples
            .iter()
            .filter(|e| e.shape == shape)
            .map(|e| &e.image)
            .collect()
    }

    /// A grid of training pictures: one row per shape, `per_row` pictures in each.
    pub fn chart(&self, per_row: usize) -> Result<Chart> {
        at_least("per_row", per_row, 1, "at least 1 picture per row")?;
        let per_row = per_row.min(10);
        let (left, top, gap) = (96, 48, 8);
        let cell = (chart::WIDTH as usize - left - 12 - gap * (per_row - 1)) / per_row;
        let cell = cell.min(80);
        let height = top + Shape::ALL.len() * (cell + gap) + 8;
        let title = "Training pictures: every shape at many places, sizes and thicknesses";
        Chart::draw(title, (chart::WIDTH, height as u32), |root| {
            root.draw(&Text::new(title, (12, 12), font(18)))?;
            for (row, shape) in Shape::ALL.iter().enumerate() {
                let y = top + row * (cell + gap);
                let label_y = (y + cell / 2) as i32 - 9;
                root.draw(&Text::new(shape.name(), (12, label_y), font(17)))?;
                for (col, image) in self.images(*shape).into_iter().take(per_row).enumerate() {
                    let x = left + col * (cell + gap);
                    draw_picture(root, image, (x, y), cell)?;
                }
            }
            Ok(())
        })
    }
}

/// The grey of a pixel of brightness `value`: from a near-black background (20) to white ink
/// (245), in 16 steps.
pub(crate) fn grey(value: f64) -> u8 {
    let level = (value.clamp(0.0, 1.0) * 15.0).round() as u8;
    20 + level * 15
}

/// Draws `image` as a `cell` x `cell` square with its top left corner at `at`, framed in ink.
///
/// The pixels go into the SVG as one small PNG picture (see [`chart::pixel_grid`]) rather than a
/// rectangle per pixel, which keeps a page of filmstrips small. The picture brings its own dark
/// background, so it reads the same on a light page and on a dark one.
pub(crate) fn draw_picture(
    root: &Canvas<'_>,
    image: &Image,
    at: (usize, usize),
    cell: usize,
) -> chart::Painted {
    let side = image.side.max(1);
    let (x0, y0) = (at.0 as i32, at.1 as i32);
    let mut greys = Vec::with_capacity(side * side);
    for row in 0..side {
        for col in 0..side {
            greys.push(grey(image.pixel(col, row)));
        }
    }
    chart::pixel_grid(
        root,
        (x0, y0),
        (cell as u32, cell as u32),
        (side, side),
        &greys,
    )?;
    root.draw(&Rectangle::new(
        [(x0, y0), (x0 + cell as i32, y0 + cell as i32)],
        INK.mix(0.6).stroke_width(1),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_to_outlines_by_hand() {
        let c = (10.0, 10.0);
        // Ring of radius 5: the centre is 5 away, a point at radius 7 is 2 away.
        assert!((Shape::Ring.distance_to_outline(c, c, 5.0) - 5.0).abs() < 1e-12);
        assert!((Shape::Ring.distance_to_outline((17.0, 10.0), c, 5.0) - 2.0).abs() < 1e-12);
        // Square of half-width 4: the centre is 4 from every side; a point 3 right and 3 up
        // of the corner (14, 6) is 3*sqrt(2) away.
        assert!((Shape::Square.distance_to_outline(c, c, 4.0) - 4.0).abs() < 1e-12);
        let corner_off = Shape::Square.distance_to_outline((17.0, 3.0), c, 4.0);
        assert!((corner_off - 18f64.sqrt()).abs() < 1e-12);
        // Cross of half-length 4: the centre is on it; (12, 13) is 2 from the down bar.
        assert_eq!(Shape::Cross.distance_to_outline(c, c, 4.0), 0.0);
        assert!((Shape::Cross.distance_to_outline((12.0, 13.0), c, 4.0) - 2.0).abs() < 1e-12);
        // Triangle with r = 4: the base is at y = 13, so (10, 15) is 2 below it.
        assert!((Shape::Triangle.distance_to_outline((10.0, 15.0), c, 4.0) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn pictures_are_in_range_and_inked() {
        let set = TrainingSet::draw(3, 25).unwrap();
        assert_eq!(set.examples.len(), 100);
        for e in &set.examples {
            assert_eq!(e.image.pixels.len(), SIDE * SIDE);
            assert!(e.image.pixels.iter().all(|p| (0.0..=1.0).contains(p)));
            let ink: f64 = e.image.pixels.iter().sum();
            assert!(ink > 10.0, "a {} with almost no ink", e.shape);
            // The stroke stays inside: the outermost ring of pixels is dark.
            for i in 0..SIDE {
                assert_eq!(e.image.pixel(i, 0), 0.0);
                assert_eq!(e.image.pixel(0, i), 0.0);
                assert_eq!(e.image.pixel(SIDE - 1, i), 0.0);
                assert_eq!(e.image.pixel(i, SIDE - 1), 0.0);
            }
        }
    }

    #[test]
    fn same_seed_same_pictures_different_seed_different() {
        let a = TrainingSet::draw(9, 4).unwrap();
        assert_eq!(a, TrainingSet::draw(9, 4).unwrap());
        assert_ne!(a, TrainingSet::draw(10, 4).unwrap());
        let first = &a.examples[0].image;
        assert!(first.rms_distance(&a.examples[1].image) > 0.0);
    }

    #[test]
    fn a_cross_has_ink_at_its_centre_a_ring_does_not() {
        let cross = Image::draw(Shape::Cross, (10.0, 10.0), 6.0, 2.0);
        let ring = Image::draw(Shape::Ring, (10.0, 10.0), 6.0, 2.0);
        assert_eq!(cross.pixel(10, 10), 1.0);
        assert_eq!(ring.pixel(10, 10), 0.0);
        // Pixel (10, 10) has its centre at (10.5, 10.5), 0.5 from the bar's centre line: ink.
        // Pixel (16, 16) is far from both bars: dark.
        assert_eq!(cross.pixel(16, 16), 0.0);
    }

    #[test]
    fn bad_images_are_errors() {
        assert!(Image::new(0, vec![]).is_err());
        assert!(Image::new(2, vec![0.0; 3]).is_err());
        assert!(Image::new(1, vec![f64::NAN]).is_err());
        assert_eq!(Image::new(1, vec![2.0]).unwrap().pixels, vec![1.0]);
        assert!(TrainingSet::draw(1, 0).is_err());
    }

    #[test]
    fn greys_by_hand() {
        assert_eq!(grey(0.0), 20);
        assert_eq!(grey(1.0), 245);
        assert_eq!(grey(0.5), 20 + 8 * 15); // 7.5 rounds up to step 8
        assert_eq!(grey(-3.0), 20);
    }

    #[test]
    fn pictures_are_drawn_as_one_small_image_each() {
        let set = TrainingSet::draw(5, 6).unwrap();
        let svg = set.chart(6).unwrap().svg().to_string();
        assert_eq!(svg.matches("<image ").count(), 24);
        assert!(svg.len() < 60_000, "{} bytes", svg.len());
        let ring = &set.examples[0].image;
        let greys: Vec<u8> = ring.pixels.iter().map(|p| grey(*p)).collect();
        let png = crate::show::chart::png_grey(SIDE, SIDE, &greys).unwrap();
        assert!(svg.contains(&crate::show::display::base64(&png)));
    }

    #[test]
    fn training_chart_is_deterministic_and_has_no_black() {
        let set = TrainingSet::draw(5, 6).unwrap();
        let a = set.chart(6).unwrap();
        assert_eq!(a.svg(), set.chart(6).unwrap().svg());
        assert!(!a.svg().contains("#000000"));
        assert!(a.svg().contains("triangle"));
        assert!(set.chart(0).is_err());
    }
}
