//! Speech: voices learned from real speakers, and a synthesiser that says text in them.
//!
//! What is learned and what is written by hand, plainly: the [`voice`]s are learned from the
//! [`vowels`] of 76 real people; the pronunciation ([`pronounce`]) and the sound-making
//! ([`speak`], [`resonator`]) are rules. [`lpc`] measures the formants back from the sound.

pub mod lpc;
pub mod pronounce;
pub mod resonator;
pub mod speak;
pub mod spectrogram;
pub mod voice;
pub mod vowels;
