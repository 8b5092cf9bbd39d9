//! The data the book learns from: the texts, the labelled messages, the bakery tray and the history's timeline.

pub mod corpus;
pub mod history;
pub mod messages;
pub mod pastry;
