//! The bakery tray: croissants and muffins, each described by two measurements.
//!
//! This is the book's first picture. A croissant is wide and flat, a muffin narrow and tall, so
//! on a chart of width against height the two kinds form two clouds. Telling them apart means
//! drawing a line between the clouds; creating a new one means drawing a point that could sit
//! in a cloud.

use crate::error::{Result, at_least};
use crate::random::{normal, seeded};
use crate::show::chart::{Chart, Series};
use crate::show::display::Table;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The two kinds of pastry on the tray.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PastryKind {
    /// Wide and flat.
    Croissant,
    /// Narrow and tall.
    Muffin,
}

impl PastryKind {
    /// Both kinds, in the order charts and tables list them.
    pub const ALL: [PastryKind; 2] = [PastryKind::Croissant, PastryKind::Muffin];

    /// The typical shape of this kind: mean and spread of width and height, in centimetres.
    /// These are the "recipe" the tray is baked from.
    fn recipe(self) -> Recipe {
        match self {
            PastryKind::Croissant => Recipe {
                width: (12.5, 1.3),
                height: (4.6, 0.6),
            },
            PastryKind::Muffin => Recipe {
                width: (7.8, 0.8),
                height: (8.2, 0.9),
            },
        }
    }
}

impl fmt::Display for PastryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PastryKind::Croissant => "croissant",
            PastryKind::Muffin => "muffin",
        })
    }
}

/// Mean and standard deviation of each measurement.
struct Recipe {
    width: (f64, f64),
    height: (f64, f64),
}

/// One pastry: its kind and its two measurements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pastry {
    /// Croissant or muffin.
    pub kind: PastryKind,
    /// Width across, in centimetres.
    pub width_cm: f64,
    /// Height, in centimetres.
    pub height_cm: f64,
}

/// A tray of pastries baked from a seed: the same seed always gives the same tray.
///
/// ```
/// use genai_demos::data::pastry::{PastryKind, Tray};
///
/// let tray = Tray::bake(3, 10)?;
/// let muffins = tray.pastries.iter().filter(|p| p.kind == PastryKind::Muffin).count();
/// assert_eq!(muffins, 10);
/// assert_eq!(tray, Tray::bake(3, 10)?);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tray {
    /// The seed the tray was baked from.
    pub seed: u64,
    /// The pastries, croissants first.
    pub pastries: Vec<Pastry>,
}

impl Tray {
    /// Bakes `per_kind` croissants and `per_kind` muffins.
    ///
    /// Each pastry gets a shared "size" draw as well as its own, so bigger pastries tend to be
    /// both wider and taller, as real ones are.
    pub fn bake(seed: u64, per_kind: usize) -> Result<Tray> {
        at_least("per_kind", per_kind, 1, "at least 1 pastry of each kind")?;
        let mut rng = seeded(seed);
        let mut pastries = Vec::with_capacity(2 * per_kind);
        for kind in PastryKind::ALL {
            let recipe = kind.recipe();
            for _ in 0..per_kind {
                let size = normal(&mut rng);
                let (w, h) = (normal(&mut rng), normal(&mut rng));
                pastries.push(Pastry {
                    kind,
                    width_cm: recipe.width.0 + recipe.width.1 * (0.6 * size + 0.8 * w),
                    height_cm: recipe.height.0 + recipe.height.1 * (0.6 * size + 0.8 * h),
                });
            }
        }
        Ok(Tray { seed, pastries })
    }

    /// The pastries of one kind, as `(width, height)` points.
    pub fn points(&self, kind: PastryKind) -> Vec<(f64, f64)> {
        self.pastries
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| (p.width_cm, p.height_cm))
            .collect()
    }

    /// The first `rows` pastries as a table, measurements rounded to millimetres.
    pub fn table(&self, rows: usize) -> Table {
        let rows = self
            .pastries
            .iter()
            .take(rows)
            .map(|p| {
                vec![
                    p.kind.to_string(),
                    format!("{:.1}", p.width_cm),
                    format!("{:.1}", p.height_cm),
                ]
            })
            .collect();
        Table::new(["kind", "width (cm)", "height (cm)"], rows)
    }

    /// The tray as a scatter chart: one colour per kind.
    pub fn chart(&self) -> Result<Chart> {
        let series: Vec<Series> = PastryKind::ALL
            .iter()
            .map(|&kind| Series::new(format!("{kind}s"), self.points(kind)))
            .collect();
        Chart::scatter(
            "The bakery tray: two kinds, two measurements",
            "width (cm)",
            "height (cm)",
            &series,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_svg_byte_for_byte() {
        let a = Tray::bake(11, 30).unwrap().chart().unwrap();
        let b = Tray::bake(11, 30).unwrap().chart().unwrap();
        assert_eq!(a.svg().as_bytes(), b.svg().as_bytes());
    }

    #[test]
    fn different_seeds_differ() {
        let a = Tray::bake(11, 30).unwrap().chart().unwrap();
        let b = Tray::bake(12, 30).unwrap().chart().unwrap();
        assert_ne!(a.svg(), b.svg());
    }

    #[test]
    fn the_two_kinds_form_two_clouds() {
        let tray = Tray::bake(5, 200).unwrap();
        let mean = |kind, pick: fn(&(f64, f64)) -> f64| {
            let pts = tray.points(kind);
            pts.iter().map(pick).sum::<f64>() / pts.len() as f64
        };
        // The sample means land near the recipe's means.
        assert!((mean(PastryKind::Croissant, |p| p.0) - 12.5).abs() < 0.3);
        assert!((mean(PastryKind::Muffin, |p| p.1) - 8.2).abs() < 0.3);
    }

    #[test]
    fn the_table_rounds_to_millimetres() {
        let tray = Tray {
            seed: 0,
            pastries: vec![Pastry {
                kind: PastryKind::Muffin,
                width_cm: 7.849,
                height_cm: 8.25,
            }],
        };
        let table = tray.table(5);
        assert_eq!(
            table.rows,
            vec![vec!["muffin".to_string(), "7.8".into(), "8.2".into()]]
        );
    }

    #[test]
    fn an_empty_tray_is_an_error_not_a_panic() {
        let err = Tray::bake(1, 0).unwrap_err();
        assert!(err.to_string().contains("per_kind"));
    }
}
