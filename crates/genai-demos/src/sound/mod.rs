//! Music as a modality: tunes as data, a model that writes melodies (through the one sampler of
//! [`crate::generate::sampling`]), and the synthesiser that plays them.

pub mod melody;
pub mod speech;
pub mod synth;
pub mod tune;
