//! Telling apart: turning messages into numbers and the classifiers that learn from them.

pub mod features;
pub mod gaussian;
pub mod logistic;
pub mod naive_bayes;
pub mod pictures;
