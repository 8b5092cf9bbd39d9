//! What the network reads and writes: the n-gram's own pieces, numbered the n-gram's way, from
//! the same training documents, so the two models are compared like for like.

use crate::Result;
use genai_demos::data::corpus::{self, Split};
use genai_demos::generate::code;
use genai_demos::generate::ngram::{NGram, Style};
use genai_demos::generate::sampling::NextPiece;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The texts a network can learn: the bakery prose or the Rust programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Corpus {
    /// The bakery paragraphs, cut into words as the word n-gram cuts them.
    Bakery,
    /// The Rust programs, cut into tokens as the code n-gram cuts them.
    Rust,
}

impl Corpus {
    /// The corpus's name in file names and commands ("text", "code").
    pub fn name(self) -> &'static str {
        match self {
            Corpus::Bakery => "text",
            Corpus::Rust => "code",
        }
    }

    /// Training and held-out documents: for prose, the split of the book's n-gram perplexity
    /// experiment (one paragraph in ten held out); for code, one program in ten.
    pub fn split(self) -> Result<Split<Vec<String>>> {
        Ok(match self {
            Corpus::Bakery => corpus::bakery_split()?,
            Corpus::Rust => corpus::held_out_split(&code::rust_documents(), 10)?,
        })
    }

    /// The n-gram of order `n` trained on the training part, read and written like the book's.
    pub fn ngram(self, n: usize) -> Result<NGram> {
        let train = self.split()?.train;
        Ok(match self {
            Corpus::Bakery => NGram::bakery_from(&train, n)?,
            Corpus::Rust => NGram::train(&train, n)?.with_style(Style::Rust),
        })
    }
}

/// The numbered pieces: the n-gram's markers first (begin, end, unknown), then every piece of
/// the training documents in the n-gram's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    pieces: Vec<String>,
    ids: HashMap<String, u32>,
    style: Style,
    unknown: u32,
}

impl Vocab {
    /// The vocabulary of the unigram model of `corpus`'s training part.
    ///
    /// ```
    /// use genai_neural::transformer::{Corpus, Vocab};
    ///
    /// let vocab = Vocab::of(Corpus::Bakery)?;
    /// assert_eq!(vocab.len(), Corpus::Bakery.ngram(1)?.vocab_size());
    /// assert_eq!(vocab.piece(vocab.id("oven")), "oven");
    /// # Ok::<(), genai_neural::Error>(())
    /// ```
    pub fn of(corpus: Corpus) -> Result<Vocab> {
        let ngram = corpus.ngram(1)?;
        let pieces: Vec<String> = (0..ngram.vocab_size() as u32)
            .map(|id| ngram.piece(id).to_string())
            .collect();
        let ids = pieces
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i as u32))
            .collect();
        Ok(Vocab {
            unknown: ngram.id(genai_demos::generate::ngram::UNK),
            pieces,
            ids,
            style: ngram.style().clone(),
        })
    }

    /// How many pieces, markers included.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Never true: the markers are always there.
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The number of `piece` (the unknown marker's for a piece never seen in training).
    pub fn id(&self, piece: &str) -> u32 {
        self.ids.get(piece).copied().unwrap_or(self.unknown)
    }

    /// The number of the unknown marker.
    pub fn unknown(&self) -> u32 {
        self.unknown
    }

    /// The piece a number stands for.
    pub fn piece(&self, id: u32) -> &str {
        self.pieces
            .get(id as usize)
            .map_or(genai_demos::generate::ngram::UNK, String::as_str)
    }

    /// How text is cut into pieces and glued back.
    pub fn style(&self) -> &Style {
        &self.style
    }

    /// A document framed as the network reads it: the begin marker, its pieces, the end marker.
    pub fn frame<S: AsRef<str>>(&self, document: &[S]) -> Vec<u32> {
        let mut framed = vec![BEGIN];
        framed.extend(document.iter().map(|p| self.id(p.as_ref())));
        framed.push(END);
        framed
    }
}

/// The begin marker's number (the n-gram's).
pub const BEGIN: u32 = 0;
/// The end marker's number (the n-gram's).
pub const END: u32 = 1;
