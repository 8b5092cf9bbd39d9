//! The introduction's experiment: a tray of pastries baked from a seed.

use super::Figures;
use crate::Result;
use crate::data::pastry::Tray;

/// The seed of the introduction's tray.
pub const SEED: u64 = 2024;
/// How many pastries of each kind the tray holds.
pub const PER_KIND: usize = 40;

/// How the introduction bakes its tray.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Experiment {
    /// The seed of the tray.
    pub seed: u64,
    /// Pastries of each kind.
    pub per_kind: usize,
}

impl Default for Experiment {
    fn default() -> Experiment {
        Experiment {
            seed: SEED,
            per_kind: PER_KIND,
        }
    }
}

impl Experiment {
    /// Bakes the tray.
    pub fn run(&self) -> Result<Tray> {
        Tray::bake(self.seed, self.per_kind)
    }

    /// The figures the introduction prints.
    pub fn figures(&self) -> Result<Figures> {
        let mut f = Figures::default();
        f.put("tray-size", self.run()?.pastries.len());
        f.put("tray-seed", self.seed);
        f.put("per-kind", self.per_kind);
        Ok(f)
    }
}
