//! Pictures as a modality: tiny shape images, a mixture model of them, and diffusion.

pub mod denoiser;
pub mod describe;
pub mod diffusion;
pub mod judge;
pub mod mixture;
pub mod shapes;
