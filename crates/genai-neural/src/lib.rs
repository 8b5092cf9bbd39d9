//! The book's neural networks, kept apart from the small `genai-demos` crate so that a notebook
//! which never uses a network never compiles the tensor crate (candle) behind them.
//!
//! [`transformer`] is the tiny decoder-only transformer that writes bakery prose and Rust, the
//! network chapter 3 sets beside the n-gram. Every model here takes a seed, trains by gradient
//! descent with candle's automatic differentiation, and loads committed weights so that building
//! the book never trains. [`error`] holds the crate's one error type.
//!
//! ```
//! use genai_neural::transformer::{Corpus, Recipe, Vocab};
//!
//! let recipe = Recipe::default();
//! let vocab = Vocab::of(recipe.corpus)?;
//! assert_eq!(recipe.corpus, Corpus::Bakery);
//! assert!(vocab.len() > 1000);
//! # Ok::<(), genai_neural::Error>(())
//! ```

pub mod denoise;
pub mod error;
pub mod transformer;

pub use error::{Error, Result};
