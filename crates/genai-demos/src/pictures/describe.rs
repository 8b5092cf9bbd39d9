//! Descriptions of pictures: captions written from a picture's attributes, and a reader that
//! turns any such description back into attributes and reports every word it does not know.
//!
//! Every training picture here is drawn from four choices, its *attributes*: the shape, its
//! size (small or large), where it sits (top or bottom, left or right) and how thick its stroke
//! is (thin or bold). The caption of "a small bold ring at the top left" is those attributes
//! written out, in several phrasings, so a model that reads descriptions sees the same picture
//! described in different words. [`Description::parse`] reads a description back: each word it
//! knows sets one attribute, and each word it does not know is kept in a list the reader sees,
//! never quietly dropped.
//!
//! A few held-out combinations (no small squares at the bottom right, for example) are left
//! out of the training pictures on purpose: a model that draws them as asked has put together
//! what it learned about each attribute, rather than copied a picture it saw.

use crate::error::{Error, Result, at_least};
use crate::pictures::shapes::{Image, SIDE, Shape};
use crate::random::{Rng, seeded, uniform};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How big a shape is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// A half-width of about 3 pixels.
    Small,
    /// A half-width of about 5 pixels.
    Large,
}

/// How thick a shape's outline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stroke {
    /// About one pixel wide.
    Thin,
    /// About two and a half pixels wide.
    Bold,
}

/// Whether a shape sits in the upper or the lower half of the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vertical {
    /// Its centre is above the middle.
    Top,
    /// Its centre is below the middle.
    Bottom,
}

/// Whether a shape sits in the left or the right half of the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Horizontal {
    /// Its centre is left of the middle.
    Left,
    /// Its centre is right of the middle.
    Right,
}

impl Size {
    /// Both sizes.
    pub const ALL: [Size; 2] = [Size::Small, Size::Large];
    /// The size's word in a caption.
    pub fn name(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Large => "large",
        }
    }
}

impl Stroke {
    /// Both strokes.
    pub const ALL: [Stroke; 2] = [Stroke::Thin, Stroke::Bold];
    /// The stroke's word in a caption.
    pub fn name(self) -> &'static str {
        match self {
            Stroke::Thin => "thin",
            Stroke::Bold => "bold",
        }
    }
}

impl Vertical {
    /// Both halves, top first.
    pub const ALL: [Vertical; 2] = [Vertical::Top, Vertical::Bottom];
    /// The half's word in a caption.
    pub fn name(self) -> &'static str {
        match self {
            Vertical::Top => "top",
            Vertical::Bottom => "bottom",
        }
    }
}

impl Horizontal {
    /// Both halves, left first.
    pub const ALL: [Horizontal; 2] = [Horizontal::Left, Horizontal::Right];
    /// The half's word in a caption.
    pub fn name(self) -> &'static str {
        match self {
            Horizontal::Left => "left",
            Horizontal::Right => "right",
        }
    }
}

/// Everything a caption says about one picture.
///
/// ```
/// use genai_demos::pictures::describe::*;
/// use genai_demos::pictures::shapes::Shape;
///
/// let a = Attributes { shape: Shape::Ring, size: Size::Small, stroke: Stroke::Bold,
///                      vertical: Vertical::Top, horizontal: Horizontal::Left };
/// assert_eq!(a.captions()[0], "a small bold ring at the top left");
/// for caption in a.captions() {
///     assert_eq!(Description::parse(&caption)?.attributes(), Some(a));
/// }
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Attributes {
    /// Which outline.
    pub shape: Shape,
    /// How big.
    pub size: Size,
    /// How thick the outline.
    pub stroke: Stroke,
    /// Upper or lower half.
    pub vertical: Vertical,
    /// Left or right half.
    pub horizontal: Horizontal,
}

impl Attributes {
    /// Every combination of attributes: 4 shapes x 2 sizes x 2 strokes x 2 x 2 places = 64.
    pub fn all() -> Vec<Attributes> {
        let mut all = Vec::with_capacity(64);
        for shape in Shape::ALL {
            for size in Size::ALL {
                for stroke in Stroke::ALL {
                    for vertical in Vertical::ALL {
                        for horizontal in Horizontal::ALL {
                            all.push(Attributes {
                                shape,
                                size,
                                stroke,
                                vertical,
                                horizontal,
                            });
                        }
                    }
                }
            }
        }
        all
    }

    /// The combinations the training pictures leave out, so a test can ask whether a model
    /// still draws them: no small squares at the bottom right (thin or bold), no large bold
    /// ring at the top left, no small thin triangle at the top right.
    pub fn held_out() -> Vec<Attributes> {
        Attributes::all()
            .into_iter()
            .filter(|a| {
                let small_square_bottom_right = a.shape == Shape::Square
                    && a.size == Size::Small
                    && a.vertical == Vertical::Bottom
                    && a.horizontal == Horizontal::Right;
                let large_bold_ring_top_left = a.shape == Shape::Ring
                    && a.size == Size::Large
                    && a.stroke == Stroke::Bold
                    && a.vertical == Vertical::Top
                    && a.horizontal == Horizontal::Left;
                let small_thin_triangle_top_right = a.shape == Shape::Triangle
                    && a.size == Size::Small
                    && a.stroke == Stroke::Thin
                    && a.vertical == Vertical::Top
                    && a.horizontal == Horizontal::Right;
                small_square_bottom_right
                    || large_bold_ring_top_left
                    || small_thin_triangle_top_right
            })
            .collect()
    }

    /// Several ways of saying the same thing, the first the plainest. A model that reads
    /// descriptions learns that they all mean one picture.
    pub fn captions(&self) -> Vec<String> {
        let (size, stroke, shape) = (self.size.name(), self.stroke.name(), self.shape.name());
        let (v, h) = (self.vertical.name(), self.horizontal.name());
        let size_word = match self.size {
            Size::Small => "little",
            Size::Large => "big",
        };
        let stroke_word = match self.stroke {
            Stroke::Thin => "fine",
            Stroke::Bold => "thick",
        };
        vec![
            format!("a {size} {stroke} {shape} at the {v} {h}"),
            format!("{stroke} {size} {shape}, {v} {h}"),
            format!("a {size_word} {shape} drawn {stroke_word} in the {v} {h} corner"),
            format!("{v} {h}: a {stroke_word} {size_word} {shape}"),
        ]
    }

    /// Draws a picture with these attributes, the exact place, size and thickness picked by
    /// `rng` within the ranges the words stand for.
    pub fn draw(&self, rng: &mut Rng) -> Image {
        let between = |rng: &mut Rng, lo: f64, hi: f64| lo + (hi - lo) * uniform(rng);
        let size = match self.size {
            Size::Small => between(rng, 2.8, 3.6),
            Size::Large => between(rng, 4.8, 5.6),
        };
        let thickness = match self.stroke {
            Stroke::Thin => between(rng, 1.0, 1.4),
            Stroke::Bold => between(rng, 2.2, 2.8),
        };
        // The whole stroke stays inside the picture, and the centre stays at least a pixel
        // away from the middle line, so "left" and "right" are never a toss-up.
        let side = SIDE as f64;
        let margin = size + thickness / 2.0 + 1.0;
        let middle = side / 2.0;
        let near = |rng: &mut Rng, first_half: bool| {
            if first_half {
                between(rng, margin, middle - 1.0)
            } else {
                between(rng, middle + 1.0, side - margin)
            }
        };
        let cx = near(rng, self.horizontal == Horizontal::Left);
        let cy = near(rng, self.vertical == Vertical::Top);
        Image::draw(self.shape, (cx, cy), size, thickness)
    }
}

impl fmt::Display for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.captions()[0])
    }
}

/// Why a word of a description was not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unread {
    /// The word means nothing to the model.
    Unknown(String),
    /// The word sets an attribute an earlier word already set ("small large ring").
    Repeated(String),
}

/// What a description asks for: the attributes its words name (a missing one is left to
/// chance) and every word that was not used.
///
/// ```
/// use genai_demos::pictures::describe::*;
/// use genai_demos::pictures::shapes::Shape;
///
/// let d = Description::parse("a thin triangle")?;
/// assert_eq!((d.shape, d.stroke, d.size), (Some(Shape::Triangle), Some(Stroke::Thin), None));
/// let d = Description::parse("a shiny ring")?;
/// assert_eq!(d.unread, vec![Unread::Unknown("shiny".into())]);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    /// The description as given.
    pub text: String,
    /// The shape asked for.
    pub shape: Option<Shape>,
    /// The size asked for.
    pub size: Option<Size>,
    /// The stroke asked for.
    pub stroke: Option<Stroke>,
    /// Top or bottom, if asked.
    pub vertical: Option<Vertical>,
    /// Left or right, if asked.
    pub horizontal: Option<Horizontal>,
    /// The words that were not used, in the order they came.
    pub unread: Vec<Unread>,
}

/// Words that carry no attribute but belong in a description ("a", "at the").
const FILLER: [&str; 11] = [
    "a", "an", "the", "at", "in", "on", "of", "drawn", "corner", "one", "with",
];

/// One word's meaning: the attribute it sets.
enum Meaning {
    Shape(Shape),
    Size(Size),
    Stroke(Stroke),
    Vertical(Vertical),
    Horizontal(Horizontal),
    Filler,
}

/// What a single word means, if the model knows it. Shapes may be plural ("rings").
fn meaning(word: &str) -> Option<Meaning> {
    let singular = word
        .strip_suffix("es")
        .filter(|w| w.ends_with("ss"))
        .or_else(|| word.strip_suffix('s'))
        .unwrap_or(word);
    for shape in Shape::ALL {
        if word == shape.name() || singular == shape.name() {
            return Some(Meaning::Shape(shape));
        }
    }
    Some(match word {
        "small" | "little" | "tiny" => Meaning::Size(Size::Small),
        "large" | "big" => Meaning::Size(Size::Large),
        "thin" | "fine" | "light" => Meaning::Stroke(Stroke::Thin),
        "bold" | "thick" | "heavy" => Meaning::Stroke(Stroke::Bold),
        "top" | "upper" => Meaning::Vertical(Vertical::Top),
        "bottom" | "lower" => Meaning::Vertical(Vertical::Bottom),
        "left" => Meaning::Horizontal(Horizontal::Left),
        "right" => Meaning::Horizontal(Horizontal::Right),
        w if FILLER.contains(&w) => Meaning::Filler,
        _ => return None,
    })
}

/// Sets `slot` to `value` unless an earlier word set it already; then the word is reported.
fn set<T>(slot: &mut Option<T>, value: T, word: &str, unread: &mut Vec<Unread>) {
    if slot.is_some() {
        unread.push(Unread::Repeated(word.to_string()));
    } else {
        *slot = Some(value);
    }
}

impl Description {
    /// Reads a description word by word (letters only, any case). Never fails on a word: an
    /// unknown or repeated one goes into [`Description::unread`]. Only an empty description
    /// is an error.
    pub fn parse(text: &str) -> Result<Description> {
        let lowered = text.trim().to_lowercase();
        if lowered.is_empty() {
            return Err(Error::EmptyInput {
                what: "the description".into(),
            });
        }
        let mut d = Description {
            text: text.trim().to_string(),
            ..Description::default()
        };
        let words = lowered
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty());
        for word in words {
            let unread = &mut d.unread;
            match meaning(word) {
                Some(Meaning::Shape(s)) => set(&mut d.shape, s, word, unread),
                Some(Meaning::Size(s)) => set(&mut d.size, s, word, unread),
                Some(Meaning::Stroke(s)) => set(&mut d.stroke, s, word, unread),
                Some(Meaning::Vertical(v)) => set(&mut d.vertical, v, word, unread),
                Some(Meaning::Horizontal(h)) => set(&mut d.horizontal, h, word, unread),
                Some(Meaning::Filler) => {}
                None => unread.push(Unread::Unknown(word.to_string())),
            }
        }
        Ok(d)
    }

    /// Like [`Description::parse`], but an unknown or repeated word is an error that names
    /// it: for a model that should not draw anything it was not asked for.
    pub fn parse_strict(text: &str) -> Result<Description> {
        let d = Description::parse(text)?;
        if d.unread.is_empty() {
            return Ok(d);
        }
        let words = d
            .unread
            .iter()
            .map(|u| match u {
                Unread::Unknown(w) | Unread::Repeated(w) => w.clone(),
            })
            .collect();
        Err(Error::UnknownWords {
            description: d.text,
            words,
        })
    }

    /// The full attributes, when the description names all five.
    pub fn attributes(&self) -> Option<Attributes> {
        Some(Attributes {
            shape: self.shape?,
            size: self.size?,
            stroke: self.stroke?,
            vertical: self.vertical?,
            horizontal: self.horizontal?,
        })
    }

    /// Whether a picture with attributes `a` is what this description asks for.
    pub fn matches(&self, a: &Attributes) -> bool {
        self.shape.is_none_or(|s| s == a.shape)
            && self.size.is_none_or(|s| s == a.size)
            && self.stroke.is_none_or(|s| s == a.stroke)
            && self.vertical.is_none_or(|v| v == a.vertical)
            && self.horizontal.is_none_or(|h| h == a.horizontal)
    }

    /// How many attributes the description asks for (0 to 5).
    pub fn asked(&self) -> usize {
        usize::from(self.shape.is_some())
            + usize::from(self.size.is_some())
            + usize::from(self.stroke.is_some())
            + usize::from(self.vertical.is_some())
            + usize::from(self.horizontal.is_some())
    }
}

/// One training picture with the attributes it was drawn from and its captions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Captioned {
    /// What the picture shows.
    pub attributes: Attributes,
    /// The picture.
    pub image: Image,
}

/// The described pictures: `per_combination` pictures of every combination of attributes,
/// except the held-out ones when asked.
///
/// ```
/// use genai_demos::pictures::describe::{Attributes, DescribedSet};
///
/// let set = DescribedSet::draw(7, 2, true)?;
/// assert_eq!(set.pictures.len(), 2 * (64 - Attributes::held_out().len()));
/// assert!(set.pictures.iter().all(|p| !Attributes::held_out().contains(&p.attributes)));
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DescribedSet {
    /// The seed the pictures were drawn from.
    pub seed: u64,
    /// The pictures, combination by combination in [`Attributes::all`] order.
    pub pictures: Vec<Captioned>,
}

impl DescribedSet {
    /// Draws `per_combination` pictures of every combination; `hold_out` leaves out
    /// [`Attributes::held_out`].
    pub fn draw(seed: u64, per_combination: usize, hold_out: bool) -> Result<DescribedSet> {
        at_least(
            "per_combination",
            per_combination,
            1,
            "at least 1 picture of each combination",
        )?;
        let held_out = Attributes::held_out();
        let mut rng = seeded(seed);
        let mut pictures = Vec::new();
        for attributes in Attributes::all() {
            if hold_out && held_out.contains(&attributes) {
                continue;
            }
            for _ in 0..per_combination {
                let image = attributes.draw(&mut rng);
                pictures.push(Captioned { attributes, image });
            }
        }
        Ok(DescribedSet { seed, pictures })
    }

    /// The pictures a description asks for.
    pub fn matching(&self, description: &Description) -> Vec<&Image> {
        self.pictures
            .iter()
            .filter(|p| description.matches(&p.attributes))
            .map(|p| &p.image)
            .collect()
    }
}

/// Reading a prompt for the shape-only models lives beside the description reader it uses,
/// so the pictures module imports this one and not the other way round.
impl Shape {
    /// Reads which shape a prompt asks for, so "a ring", "Ring" and "rings" all pick
    /// [`Shape::Ring`].
    ///
    /// This model draws a shape and nothing else, so every other word is reported rather than
    /// quietly dropped: "a thin triangle" is an error naming "thin", which only the
    /// description-reading models ([`crate::pictures::describe::Description`]) can use.
    ///
    /// ```
    /// use genai_demos::pictures::shapes::Shape;
    /// use genai_demos::Error;
    ///
    /// assert_eq!(Shape::from_prompt("a Triangle")?, Shape::Triangle);
    /// assert!(matches!(Shape::from_prompt("a thin triangle"), Err(Error::UnknownWords { .. })));
    /// assert!(Shape::from_prompt("a star").is_err());
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn from_prompt(prompt: &str) -> Result<Shape> {
        let read = Description::parse(prompt)?;
        let unused = Description {
            shape: None,
            ..read.clone()
        };
        let Some(shape) = read.shape else {
            return Err(Error::UnknownPrompt {
                prompt: prompt.trim().to_string(),
                known: Shape::ALL.iter().map(|s| s.name().to_string()).collect(),
            });
        };
        if unused.asked() > 0 || !read.unread.is_empty() {
            return Err(Error::UnknownWords {
                description: read.text.clone(),
                words: unused_words(&read),
            });
        }
        Ok(shape)
    }
}

/// The words of a description that a shape-only model cannot use: everything but the shape.
fn unused_words(read: &Description) -> Vec<String> {
    let mut words = Vec::new();
    let named = [
        read.size.map(|s| s.name()),
        read.stroke.map(|s| s.name()),
        read.vertical.map(|v| v.name()),
        read.horizontal.map(|h| h.name()),
    ];
    words.extend(named.into_iter().flatten().map(str::to_string));
    for u in &read.unread {
        match u {
            Unread::Unknown(w) | Unread::Repeated(w) => words.push(w.clone()),
        }
    }
    words
}

impl FromStr for Shape {
    type Err = Error;

    fn from_str(prompt: &str) -> Result<Shape> {
        Shape::from_prompt(prompt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_pick_shapes() {
        assert_eq!(Shape::from_prompt("ring").unwrap(), Shape::Ring);
        assert_eq!(Shape::from_prompt("  A SQUARE ").unwrap(), Shape::Square);
        assert_eq!(Shape::from_prompt("crosses").unwrap(), Shape::Cross);
        assert_eq!(Shape::from_prompt("rings").unwrap(), Shape::Ring);
        assert_eq!("triangle".parse::<Shape>().unwrap(), Shape::Triangle);
    }

    #[test]
    fn unknown_and_empty_prompts_are_typed_errors() {
        match Shape::from_prompt("a star") {
            Err(Error::UnknownPrompt { prompt, known }) => {
                assert_eq!(prompt, "a star");
                assert_eq!(known, vec!["ring", "square", "cross", "triangle"]);
            }
            other => panic!("expected UnknownPrompt, got {other:?}"),
        }
        assert!(matches!(
            Shape::from_prompt("   "),
            Err(Error::EmptyInput { .. })
        ));
        // "rin" is not "ring", and "ringing" is not "rings".
        assert!(Shape::from_prompt("rin").is_err());
        assert!(Shape::from_prompt("ringing").is_err());
        // Words this model cannot draw are named, never dropped.
        match Shape::from_prompt("two thin Triangles") {
            Err(Error::UnknownWords { words, .. }) => assert_eq!(words, vec!["thin", "two"]),
            other => panic!("expected UnknownWords, got {other:?}"),
        }
    }

    #[test]
    fn every_caption_reads_back_as_its_attributes() {
        for a in Attributes::all() {
            let captions = a.captions();
            assert_eq!(captions.len(), 4);
            for c in &captions {
                let d = Description::parse(c).unwrap();
                assert_eq!(d.attributes(), Some(a), "{c}");
                assert!(d.unread.is_empty(), "{c}: {:?}", d.unread);
            }
        }
    }

    #[test]
    fn a_thin_triangle_is_thin() {
        let d = Description::parse("a thin Triangle").unwrap();
        assert_eq!(d.shape, Some(Shape::Triangle));
        assert_eq!(d.stroke, Some(Stroke::Thin));
        assert_eq!(d.asked(), 2);
        assert!(d.unread.is_empty());
    }

    #[test]
    fn unknown_and_repeated_words_are_reported_in_order() {
        let d = Description::parse("two shiny small LARGE rings, top").unwrap();
        assert_eq!(
            d.unread,
            vec![
                Unread::Unknown("two".into()),
                Unread::Unknown("shiny".into()),
                Unread::Repeated("large".into()),
            ]
        );
        assert_eq!(d.size, Some(Size::Small));
        assert_eq!(d.shape, Some(Shape::Ring));
        assert_eq!(d.vertical, Some(Vertical::Top));
        assert_eq!(d.horizontal, None);
        assert_eq!(d.attributes(), None);
        match Description::parse_strict("a shiny ring") {
            Err(Error::UnknownWords { words, .. }) => assert_eq!(words, vec!["shiny"]),
            other => panic!("expected UnknownWords, got {other:?}"),
        }
        assert!(matches!(
            Description::parse("  "),
            Err(Error::EmptyInput { .. })
        ));
    }

    #[test]
    fn matching_leaves_unasked_attributes_free() {
        let d = Description::parse("a small square at the bottom right").unwrap();
        let set = DescribedSet::draw(1, 1, true).unwrap();
        assert!(set.matching(&d).is_empty(), "held out, so never seen");
        let full = DescribedSet::draw(1, 1, false).unwrap();
        assert_eq!(full.matching(&d).len(), 2); // thin and bold
        let any_ring = Description::parse("ring").unwrap();
        assert_eq!(full.matching(&any_ring).len(), 16);
    }

    #[test]
    fn pictures_sit_where_their_words_say() {
        let set = DescribedSet::draw(3, 3, false).unwrap();
        for p in &set.pictures {
            // The centre of the ink is on the named side of the middle.
            let (mut sx, mut sy, mut total) = (0.0, 0.0, 0.0);
            for row in 0..SIDE {
                for col in 0..SIDE {
                    let v = p.image.pixel(col, row);
                    sx += v * (col as f64 + 0.5);
                    sy += v * (row as f64 + 0.5);
                    total += v;
                }
            }
            let (cx, cy) = (sx / total, sy / total);
            let left = p.attributes.horizontal == Horizontal::Left;
            assert_eq!(cx < 10.0, left, "{} at x {cx}", p.attributes);
            if p.attributes.shape != Shape::Triangle {
                let top = p.attributes.vertical == Vertical::Top;
                assert_eq!(cy < 10.0, top, "{} at y {cy}", p.attributes);
            }
            // Nothing touches the border.
            for i in 0..SIDE {
                assert_eq!(p.image.pixel(i, 0), 0.0);
                assert_eq!(p.image.pixel(0, i), 0.0);
                assert_eq!(p.image.pixel(SIDE - 1, i), 0.0);
                assert_eq!(p.image.pixel(i, SIDE - 1), 0.0);
            }
        }
    }
}
