//! The n-gram model: count which piece follows each short context, then predict from the counts.
//!
//! An n-gram model reads its training documents and, for every place in them, writes down the
//! `n - 1` pieces before that place (the *context*) and the piece that came next. To predict,
//! it looks up the context and turns the counts into probabilities. That is the whole model: a
//! table of counts. Training on prose gives a prose model, training on spam messages a spam
//! model, training on Rust tokens a code model; the counting is the same.
//!
//! Every document is framed by boundary markers: `n - 1` copies of [`BOS`] before its first
//! piece, so the first words have a context too, and one [`END`] after its last piece, so the
//! model learns where documents stop.
//!
//! [`crate::generate::ngram_table`] writes this model as the chapter does, a table of counts;
//! [`NGram`] here is the faster variant of it (a tree of numbered contexts) that the book, the
//! notebooks and the benchmark use. A property test checks the two give the same probabilities.

use crate::error::{Error, Result, at_least, finite_in};
use crate::generate::sampling::{self, NextPiece, Options, Sampler, Trace};
use crate::math;
use crate::show::chart::Chart;
use crate::text::fast_hash::{FastMap, WordIndex, map_with_capacity};
use crate::text::rust;
use crate::text::tokenize;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The marker that stands before a document's first piece ("begin of sequence").
pub const BOS: &str = tokenize::BOS;
/// The marker that follows a document's last piece; predicting it ends the document.
pub const END: &str = tokenize::END;
/// The stand-in for any piece the model never saw in training ("unknown").
pub const UNK: &str = "<unk>";
/// The longest context the library will count: n-grams up to 8 pieces.
pub const MAX_N: usize = 8;

// The markers' numbers in the vocabulary; training pieces are numbered from 3 on.
pub(crate) const BOS_ID: u32 = 0;
pub(crate) const END_ID: u32 = 1;
const UNK_ID: u32 = 2;

/// How a model's pieces are cut from text and glued back into text.
///
/// The counting never looks at this; it only decides how a prompt becomes pieces and how
/// generated pieces become something to read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Style {
    /// Pieces separated by spaces, documents by line breaks: for any list of tokens.
    Spaced,
    /// English prose ([`tokenize::words`] and [`tokenize::detokenize_with`]); the set holds the
    /// words to write with a capital, like names.
    Prose {
        /// Words always written with a capital ("nell", "willow").
        capitalized: BTreeSet<String>,
    },
    /// Rust source ([`rust::tokenize`] and [`rust::render`]).
    Rust,
}

impl Style {
    /// Cuts `text` into pieces the way this style's model was trained.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        match self {
            Style::Spaced => text.split_whitespace().map(str::to_string).collect(),
            Style::Prose { .. } => tokenize::words(text),
            Style::Rust => rust::tokenize(text),
        }
    }

    /// Glues pieces into text to read; [`END`] becomes a paragraph break (a blank line).
    pub fn render<S: AsRef<str>>(&self, pieces: &[S]) -> String {
        match self {
            Style::Spaced => {
                let mut out = String::new();
                for piece in pieces {
                    let piece = piece.as_ref();
                    if piece == END {
                        out.push('\n');
                    } else {
                        if !out.is_empty() && !out.ends_with('\n') {
                            out.push(' ');
                        }
                        out.push_str(piece);
                    }
                }
                out
            }
            Style::Prose { capitalized } => tokenize::detokenize_with(pieces, capitalized),
            Style::Rust => rust::render(pieces),
        }
    }
}

/// The word n-gram, the code model and any n-gram are written by the one sampler: back-off
/// gives the counts of what followed the longest seen ending of the history.
impl NextPiece for NGram {
    fn context_size(&self) -> usize {
        self.n - 1
    }

    fn begin(&self) -> u32 {
        BOS_ID
    }

    fn end(&self) -> u32 {
        END_ID
    }

    fn id(&self, piece: &str) -> u32 {
        NGram::id(self, piece)
    }

    fn piece(&self, id: u32) -> &str {
        NGram::piece(self, id)
    }

    fn options(&self, history: &[u32]) -> Result<Options<'_>> {
        let BackedOff {
            used,
            total,
            options,
        } = self.backed_off(history)?;
        Ok(Options {
            used,
            total,
            counts: options.into(),
        })
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        self.style.tokenize(text)
    }

    fn render(&self, pieces: &[String]) -> String {
        self.style.render(pieces)
    }

    fn writes_code(&self) -> bool {
        matches!(self.style, Style::Rust)
    }
}

/// One context seen in training (a node of the model's tree of contexts), and what followed it.
///
/// Its continuations are the stretch `start..start + len` of both `NGram::ranked` and
/// `NGram::by_piece`: every piece that followed the context, with its count.
#[derive(Debug, Clone, Copy, Default)]
struct Context {
    /// How often the context was followed by anything.
    total: u64,
    start: usize,
    len: usize,
}

/// The tree's root: the empty context, which every piece follows.
const ROOT: u32 = 0;

/// The key of an edge of the tree of contexts: a context's node and one more piece, older than
/// all of its own.
fn edge(node: u32, piece: u32) -> u64 {
    u64::from(node) << 32 | u64::from(piece)
}

/// What back-off found for a history: how many pieces of context it used, how often that
/// context was followed by anything, and the continuations, most frequent first.
struct BackedOff<'a> {
    used: usize,
    total: u64,
    options: &'a [(u32, u64)],
}

/// An n-gram model: the counts of which piece followed which context in the training documents.
///
/// This is the faster variant that the book, the notebooks and the benchmark use. The plain
/// version, the chapter's maths as a table from context to counts, is
/// [`NGramTable`](crate::generate::ngram_table::NGramTable): read that one first. Both give the
/// same counts and the same probabilities (a property test checks it on random corpora).
///
/// Here the counts live in a tree of contexts. The root is the empty context; the child of a context
/// along piece `p` is that context with `p` put in front (one piece further back), so the
/// contexts of up to `n - 1` pieces that end a history lie on one path down from the root, and
/// backing off is stopping where the path ends.
///
/// ```
/// use genai_demos::generate::ngram::NGram;
///
/// let docs = vec![
///     vec!["the".to_string(), "baker".to_string(), "bakes".to_string()],
///     vec!["the".to_string(), "baker".to_string(), "sings".to_string()],
/// ];
/// let model = NGram::train(&docs, 3)?;
/// assert_eq!(model.counts(&["the", "baker"]), [("bakes".to_string(), 1), ("sings".to_string(), 1)]);
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct NGram {
    n: usize,
    style: Style,
    /// Piece number to piece; 0, 1 and 2 are BOS, END and UNK.
    vocab: Vec<String>,
    /// Piece to piece number (an index into `vocab`).
    ids: WordIndex,
    /// The tree's edges: [`edge`] of a node and a piece, to the child node.
    children: FastMap<u64, u32>,
    /// Each node's context, by node number ([`ROOT`] first).
    contexts: Vec<Context>,
    /// Every context's continuations, most frequent first (ties alphabetical), sorted once
    /// after training so that writing does not sort at every step.
    ranked: Vec<(u32, u64)>,
    /// The same continuations by piece number, for looking one piece up.
    by_piece: Vec<(u32, u64)>,
    documents: usize,
    pieces: usize,
}

/// One possible next piece: how often it followed the context and its share of the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PieceCount {
    /// The piece.
    pub piece: String,
    /// How many times it followed the context in training.
    pub count: u64,
    /// `count / total`: the model's probability for it.
    pub probability: f64,
}

impl PieceCount {
    /// Each piece's count and its share `count / total`, in the order given.
    pub(crate) fn shares<S: Into<String>>(
        counts: impl IntoIterator<Item = (S, u64)>,
        total: u64,
    ) -> Vec<PieceCount> {
        counts
            .into_iter()
            .map(|(piece, count)| PieceCount {
                piece: piece.into(),
                count,
                probability: count as f64 / total as f64,
            })
            .collect()
    }
}

/// The model's prediction for the next piece after a context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// The context that was asked about (at most the last `n - 1` pieces of it; pieces the
    /// model never saw are shown as [`UNK`]).
    pub context: Vec<String>,
    /// The part of the context the model actually found in training (see
    /// [`NGram::next_piece`]): shorter than `context` when the model had to back off.
    pub context_used: Vec<String>,
    /// How many times `context_used` was followed by anything.
    pub total: u64,
    /// The possible next pieces, most frequent first (ties in alphabetical order).
    pub pieces: Vec<PieceCount>,
}

/// Add-k smoothing (Lidstone's rule): pretend every piece of the vocabulary was seen `k` extra
/// times after every context, so no piece ever gets probability zero.
///
/// ```text
///             count(context, piece) + k
/// P(piece) = ---------------------------
///              count(context) + k · V
/// ```
///
/// where `count(context)` is how often the context was followed by anything and `V` is
/// [`NGram::vocab_size`]. `k = 1` is Laplace's "add one"; smaller `k` trusts the counts more.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Smoothing {
    k: f64,
}

impl Smoothing {
    /// Add-k smoothing with `k > 0` (finite).
    ///
    /// ```
    /// use genai_demos::generate::ngram::Smoothing;
    ///
    /// assert!(Smoothing::add_k(0.1).is_ok());
    /// assert!(Smoothing::add_k(0.0).is_err());
    /// ```
    pub fn add_k(k: f64) -> Result<Smoothing> {
        if !(k.is_finite() && k > 0.0) {
            return Err(Error::InvalidParameter {
                name: "k",
                value: k.to_string(),
                expected: "a number above 0 (k = 1 is add-one smoothing)",
            });
        }
        Ok(Smoothing { k })
    }

    /// Laplace's add-one smoothing, `k = 1`.
    pub fn laplace() -> Smoothing {
        Smoothing { k: 1.0 }
    }

    /// The number of pretend sightings given to every piece.
    pub fn k(&self) -> f64 {
        self.k
    }
}

/// How well a model predicted some documents, piece by piece.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Perplexity {
    /// The model's n.
    pub n: usize,
    /// The smoothing's k.
    pub k: f64,
    /// `V`, the vocabulary size used by the smoothing.
    pub vocab_size: usize,
    /// How many documents were scored.
    pub documents: usize,
    /// How many predictions were scored: every piece of every document plus one [`END`] each.
    pub scored: usize,
    /// How many of the scored pieces the model had never seen (scored as [`UNK`]).
    pub unknown: usize,
    /// The average surprise, in bits per piece: `-(1/scored) · Σ log2 P(piece | context)`.
    pub cross_entropy_bits: f64,
    /// `2^cross_entropy_bits`: the model was, on average, as unsure as if it chose among this
    /// many equally likely pieces.
    pub perplexity: f64,
}

/// The log-probability a model gives one document, for comparing models on the same message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentScore {
    /// How many predictions were scored (the document's pieces plus its [`END`]).
    pub scored: usize,
    /// How many of its pieces the model had never seen.
    pub unknown: usize,
    /// `Σ log2 P(piece | context)` over the scored predictions (a negative number).
    pub log2_probability: f64,
}

impl NGram {
    /// Counts every n-gram of `documents` (each a list of pieces), with the pieces spaced by
    /// [`Style::Spaced`] when rendered.
    ///
    /// `n` is the number of pieces in a counted group: the context is the `n - 1` before the
    /// predicted piece. Errors: `n` of 0 or above [`MAX_N`]; no pieces at all; `n - 1` longer
    /// than the longest document (no real context of that length exists); a document that
    /// contains a marker ([`BOS`], [`END`], [`UNK`]) as a piece.
    pub fn train<S: AsRef<str>>(documents: &[Vec<S>], n: usize) -> Result<NGram> {
        check_training(documents, n)?;
        let vocab = vec![BOS.to_string(), END.to_string(), UNK.to_string()];
        let mut model = NGram {
            n,
            style: Style::Spaced,
            ids: WordIndex::of(&vocab),
            vocab,
            children: FastMap::default(),
            contexts: vec![Context::default()],
            ranked: Vec::new(),
            by_piece: Vec::new(),
            documents: 0,
            pieces: 0,
        };
        // How often each (context node, next piece) pair was seen. There are at most n pairs
        // per prediction and usually far fewer; room for one per prediction saves most of the
        // regrowing.
        let predictions: usize = documents.iter().map(|d| d.len() + 1).sum();
        let mut seen: FastMap<u64, u64> = map_with_capacity(predictions);
        if n > 1 {
            model.children.reserve(predictions);
        }
        let mut framed = Vec::new();
        for document in documents {
            if document.is_empty() {
                continue;
            }
            model.documents += 1;
            model.pieces += document.len();
            // Frame the document: n - 1 begin markers, its pieces, one end marker.
            framed.clear();
            framed.resize(n - 1, BOS_ID);
            for piece in document {
                let id = model.add_to_vocab(piece.as_ref());
                framed.push(id);
            }
            framed.push(END_ID);
            // Every real piece and the end marker is predicted once, from each context length:
            // walk down the tree from the empty context, one piece further back at each step.
            for i in (n - 1)..framed.len() {
                let Some((before, after)) = framed.split_at_checked(i) else {
                    continue;
                };
                let Some(&next) = after.first() else {
                    continue;
                };
                let mut node = ROOT;
                *seen.entry(edge(node, next)).or_insert(0) += 1;
                for &piece in before.iter().rev().take(n - 1) {
                    node = model.child_or_new(node, piece);
                    *seen.entry(edge(node, next)).or_insert(0) += 1;
                }
            }
        }
        model.lay_out_continuations(seen);
        Ok(model)
    }

    /// The child of `node` along `piece`, made if it is not there yet.
    fn child_or_new(&mut self, node: u32, piece: u32) -> u32 {
        let fresh = self.contexts.len() as u32;
        let child = *self.children.entry(edge(node, piece)).or_insert(fresh);
        if child == fresh {
            self.contexts.push(Context::default());
        }
        child
    }

    /// Turns the counts of (context node, next piece) pairs into each context's continuations,
    /// stored one context after another: by piece number, and most frequent first with ties
    /// in alphabetical order.
    fn lay_out_continuations(&mut self, seen: FastMap<u64, u64>) {
        let mut pairs: Vec<(u64, u64)> = seen.into_iter().collect();
        // The edge key puts the node in the high bits: sorting groups each context's pieces,
        // in piece order.
        pairs.sort_unstable_by_key(|&(key, _)| key);
        self.by_piece = Vec::with_capacity(pairs.len());
        for (key, count) in pairs {
            let (node, next) = ((key >> 32) as usize, key as u32);
            if let Some(context) = self.contexts.get_mut(node) {
                if context.len == 0 {
                    context.start = self.by_piece.len();
                }
                context.total += count;
                context.len += 1;
                self.by_piece.push((next, count));
            }
        }
        // Each piece's place in alphabetical order, to break ties without comparing strings.
        let mut alphabetical: Vec<u32> = (0..self.vocab.len() as u32).collect();
        alphabetical.sort_unstable_by(|&a, &b| self.piece(a).cmp(self.piece(b)));
        let mut place = vec![0; self.vocab.len()];
        for (rank, &id) in alphabetical.iter().enumerate() {
            if let Some(slot) = place.get_mut(id as usize) {
                *slot = rank;
            }
        }
        self.ranked = self.by_piece.clone();
        for context in &self.contexts {
            if let Some(stretch) = self
                .ranked
                .get_mut(context.start..context.start + context.len)
            {
                stretch.sort_unstable_by_key(|&(id, count)| {
                    (std::cmp::Reverse(count), place.get(id as usize).copied())
                });
            }
        }
    }

    /// Gives the model a way to read prompts and write text ([`Style`]).
    pub fn with_style(mut self, style: Style) -> NGram {
        self.style = style;
        self
    }

    /// A model of order `n` trained on every bakery paragraph, writing prose.
    ///
    /// ```
    /// use genai_demos::generate::ngram::NGram;
    ///
    /// let model = NGram::bakery(3)?;
    /// let after = model.next_piece(&["the", "baker"]);
    /// assert!(after.pieces.len() > 5);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn bakery(n: usize) -> Result<NGram> {
        NGram::bakery_from(&crate::data::corpus::bakery_documents(), n)
    }

    /// A prose model of order `n` trained on `documents` (for example the training part of
    /// [`crate::data::corpus::bakery_split`]), with the bakery's names capitalized.
    pub fn bakery_from(documents: &[Vec<String>], n: usize) -> Result<NGram> {
        let capitalized = tokenize::capitalized_words(&crate::data::corpus::bakery_text());
        Ok(NGram::train(documents, n)?.with_style(Style::Prose { capitalized }))
    }

    fn add_to_vocab(&mut self, piece: &str) -> u32 {
        self.ids.get_or_push(&mut self.vocab, piece) as u32
    }

    /// The piece's number, or the unknown marker's for a piece never seen.
    pub(crate) fn id(&self, piece: &str) -> u32 {
        self.ids
            .get(&self.vocab, piece)
            .map_or(UNK_ID, |id| id as u32)
    }

    /// The context `ids` (oldest piece first), if it was seen in training.
    fn context(&self, ids: &[u32]) -> Option<&Context> {
        let mut node = ROOT;
        for &piece in ids.iter().rev() {
            node = *self.children.get(&edge(node, piece))?;
        }
        self.contexts.get(node as usize)
    }

    /// What followed `context`, most frequent first.
    fn ranked(&self, context: &Context) -> &[(u32, u64)] {
        let stretch = self.ranked.get(context.start..context.start + context.len);
        stretch.unwrap_or_default()
    }

    /// How often `next` followed `context`.
    fn count(&self, context: &Context, next: u32) -> u64 {
        let stretch = self
            .by_piece
            .get(context.start..context.start + context.len);
        let stretch = stretch.unwrap_or_default();
        match stretch.binary_search_by_key(&next, |&(id, _)| id) {
            Ok(at) => stretch.get(at).map_or(0, |&(_, count)| count),
            Err(_) => 0,
        }
    }

    /// The piece with number `id`.
    pub(crate) fn piece(&self, id: u32) -> &str {
        self.vocab.get(id as usize).map_or(UNK, String::as_str)
    }

    /// The model's order: it predicts from the `n - 1` pieces before.
    pub fn n(&self) -> usize {
        self.n
    }

    /// How prompts are read and text is written.
    pub fn style(&self) -> &Style {
        &self.style
    }

    /// How many non-empty documents the model was trained on.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// How many pieces the training documents held (markers not counted).
    pub fn training_pieces(&self) -> usize {
        self.pieces
    }

    /// The distinct pieces seen in training, in alphabetical order (markers not included).
    pub fn vocab(&self) -> Vec<&str> {
        let mut words: Vec<&str> = self.vocab[3..].iter().map(String::as_str).collect();
        words.sort_unstable();
        words
    }

    /// `V` in the smoothing formula: the distinct training pieces plus the three markers
    /// [`BOS`], [`END`] and [`UNK`] (the count NLTK's `Vocabulary` gives when built from the
    /// framed training documents).
    pub fn vocab_size(&self) -> usize {
        self.vocab.len()
    }

    /// Cuts text into pieces with the model's [`Style`].
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        self.style.tokenize(text)
    }

    /// The counts behind a context: every piece that followed exactly this context in training,
    /// with its count, most frequent first (ties alphabetical). Only the last `n - 1` pieces of
    /// `context` are used; a context never seen gives an empty list. Put [`BOS`] in the
    /// context to ask what starts a document.
    ///
    /// ```
    /// use genai_demos::generate::ngram::NGram;
    ///
    /// let docs = vec![vec!["a", "b", "a", "c"]];
    /// let model = NGram::train(&docs, 2)?;
    /// assert_eq!(model.counts(&["a"]), [("b".to_string(), 1), ("c".to_string(), 1)]);
    /// assert_eq!(model.counts(&["<s>"]), [("a".to_string(), 1)]);
    /// assert!(model.counts(&["z"]).is_empty());
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn counts<S: AsRef<str>>(&self, context: &[S]) -> Vec<(String, u64)> {
        let ids = self.context_ids(context);
        match self.context(&ids) {
            Some(found) => self
                .ranked(found)
                .iter()
                .map(|&(id, count)| (self.piece(id).to_string(), count))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The last `n - 1` pieces of `context`, as numbers.
    fn context_ids<S: AsRef<str>>(&self, context: &[S]) -> Vec<u32> {
        let keep = context.len().min(self.n - 1);
        context[context.len() - keep..]
            .iter()
            .map(|piece| self.id(piece.as_ref()))
            .collect()
    }

    /// The longest end of `history` (at most `n - 1` pieces) that was seen in training, and
    /// what followed it, most frequent first.
    ///
    /// This is *back-off*: if the whole context was never seen, drop its oldest piece and try
    /// again, down to the empty context, whose continuations are simply how often each piece
    /// appears. A context holding an unknown piece is never found, so the model backs off past
    /// it.
    ///
    /// In the tree this is one walk down from the root, one piece further back at each step,
    /// until the next longer context was never seen (every ending of a seen context was seen
    /// too, so no longer one can be further down).
    fn backed_off(&self, history: &[u32]) -> Result<BackedOff<'_>> {
        let mut used = 0;
        let mut node = ROOT;
        for &piece in history.iter().rev().take(self.n - 1) {
            match self.children.get(&edge(node, piece)) {
                Some(&child) => node = child,
                None => break,
            }
            used += 1;
        }
        match self.contexts.get(node as usize) {
            Some(found) if found.len > 0 => Ok(BackedOff {
                used,
                total: found.total,
                options: self.ranked(found),
            }),
            // Unreachable for a trained model: the empty context holds every training piece.
            _ => Err(Error::EmptyCorpus {
                what: "the model's table of counts".into(),
            }),
        }
    }

    /// The model's prediction after `context`, from the counts themselves (no smoothing), with
    /// back-off for contexts never seen in training.
    ///
    /// Only the last `n - 1` pieces matter. If that context never occurred in training, the
    /// model uses the longest ending of it that did ([`Distribution::context_used`] says which);
    /// pieces it never saw are thereby skipped, and an empty context gives how often each piece
    /// appears overall. Generation uses exactly this distribution: smoothing would give every
    /// one of thousands of words a share after every context and turn the text into word salad.
    ///
    /// ```
    /// use genai_demos::generate::ngram::NGram;
    ///
    /// let docs = vec![vec!["a", "b", "a", "c"]];
    /// let model = NGram::train(&docs, 3)?;
    /// let d = model.next_piece(&["zebra", "a"]);
    /// assert_eq!(d.context_used, ["a"]); // "zebra a" was never seen; "a" was
    /// assert_eq!(d.pieces[0].probability, 0.5);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn next_piece<S: AsRef<str>>(&self, context: &[S]) -> Distribution {
        let ids = self.context_ids(context);
        let asked: Vec<String> = ids.iter().map(|&id| self.piece(id).to_string()).collect();
        let mut distribution = Distribution {
            context: asked,
            context_used: Vec::new(),
            total: 0,
            pieces: Vec::new(),
        };
        if let Ok(BackedOff {
            used: m,
            total,
            options: pieces,
        }) = self.backed_off(&ids)
        {
            distribution.context_used = ids[ids.len() - m..]
                .iter()
                .map(|&id| self.piece(id).to_string())
                .collect();
            distribution.total = total;
            let counts = pieces.iter().map(|&(id, count)| (self.piece(id), count));
            distribution.pieces = PieceCount::shares(counts, total);
        }
        distribution
    }

    /// The smoothed probability of `piece` after `context` ([`Smoothing`]), using exactly the
    /// last `n - 1` pieces of the context and no back-off. Unknown pieces count as [`UNK`],
    /// which has count 0, so they get `k / (count(context) + k·V)`.
    ///
    /// ```
    /// use genai_demos::generate::ngram::{NGram, Smoothing};
    ///
    /// let docs = vec![vec!["a", "b", "a", "c"]];
    /// let model = NGram::train(&docs, 2)?;
    /// // V = 3 pieces + 3 markers = 6; "a" was followed twice, once by "b".
    /// let p = model.smoothed_probability(&["a"], "b", Smoothing::laplace())?;
    /// assert!((p - 2.0 / 8.0).abs() < 1e-12);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn smoothed_probability<S: AsRef<str>>(
        &self,
        context: &[S],
        piece: &str,
        smoothing: Smoothing,
    ) -> Result<f64> {
        check_context_length(context.len(), self.n)?;
        let ids = self.context_ids(context);
        Ok(self.lidstone(&ids, self.id(piece), smoothing.k))
    }

    /// Lidstone's rule on the full-length context `ids`.
    fn lidstone(&self, ids: &[u32], next: u32, k: f64) -> f64 {
        let (seen, total) = match self.context(ids) {
            Some(found) => (self.count(found, next) as f64, found.total as f64),
            None => (0.0, 0.0),
        };
        (seen + k) / (total + k * self.vocab_size() as f64)
    }

    /// The log-probability the model gives one document: frame it like a training document
    /// (`n - 1` [`BOS`], its pieces, one [`END`]), then add `log2 P(piece | n - 1 pieces
    /// before)` with [`Smoothing`] for every piece and the end marker.
    pub fn score_document<S: AsRef<str>>(
        &self,
        document: &[S],
        smoothing: Smoothing,
    ) -> Result<DocumentScore> {
        check_document_markers(document)?;
        let mut framed = vec![BOS_ID; self.n - 1];
        let mut unknown = 0;
        for piece in document {
            let id = self.id(piece.as_ref());
            if id == UNK_ID {
                unknown += 1;
            }
            framed.push(id);
        }
        framed.push(END_ID);
        let mut log2_probability = 0.0;
        for i in (self.n - 1)..framed.len() {
            let context = &framed[i + 1 - self.n..i];
            log2_probability += math::log2(self.lidstone(context, framed[i], smoothing.k));
        }
        Ok(DocumentScore {
            scored: framed.len() + 1 - self.n,
            unknown,
            log2_probability,
        })
    }

    /// Held-out perplexity: how surprised the model is, on average, by documents it did not
    /// train on. Lower is better; a model that guessed uniformly among `V` pieces would score
    /// `V`.
    ///
    /// How it is computed, exactly:
    /// 1. Each non-empty document is framed like a training document: `n - 1` × [`BOS`], its
    ///    pieces, one [`END`]. Pieces never seen in training become [`UNK`] (whose count is 0).
    /// 2. Every piece after the `BOS` markers is predicted from the `n - 1` pieces before it
    ///    with Lidstone's rule ([`Smoothing`]): `(count(context, piece) + k) / (count(context) +
    ///    k·V)`, using only full-length contexts (no back-off). `count(context)` is how often
    ///    the context was followed by anything in training; `V` is [`NGram::vocab_size`].
    /// 3. `cross_entropy_bits = -(1/N) Σ log2 P`, over all `N` predictions of all documents,
    ///    and `perplexity = 2^cross_entropy_bits`.
    ///
    /// To reproduce the number with NLTK (`nltk.lm`), on the same pieces:
    /// ```text
    /// from nltk.lm import Lidstone, Vocabulary        # or Laplace(n, vocabulary=vocab)
    /// from nltk.util import ngrams
    /// frame = lambda doc: ["<s>"] * (n - 1) + doc + ["</s>"]
    /// vocab = Vocabulary([p for d in train for p in d] + ["<s>", "</s>"], unk_cutoff=1)
    /// lm = Lidstone(k, n, vocabulary=vocab)          # len(vocab) == V: it adds "<UNK>"
    /// lm.fit([list(ngrams(frame(d), n)) for d in train])
    /// lm.perplexity([g for d in test for g in ngrams(frame(d), n)])
    /// ```
    /// Three things must match: one `"</s>"` at the end (NLTK's `pad_both_ends` would add
    /// `n - 1`), the vocabulary including `"<s>"` and `"</s>"` (or NLTK maps `"<s>"` to
    /// `"<UNK>"` and finds no counts), and fitting on the n-grams of order `n` only. Checked
    /// with NLTK 3.10.4 on the bakery split for n = 1..5 and k = 1, 0.1, 0.01: the same
    /// perplexities to 9 decimal places.
    ///
    /// ```
    /// use genai_demos::generate::ngram::{NGram, Smoothing};
    ///
    /// let train = vec![vec!["a", "b"]];
    /// let model = NGram::train(&train, 1)?;
    /// // Unigrams: a 1, b 1, </s> 1, so N = 3 and V = 2 + 3 = 5.
    /// // Held out "a": P(a) = 2/8 and P(</s>) = 2/8, so the perplexity is 4.
    /// let result = model.perplexity(&[vec!["a"]], Smoothing::laplace())?;
    /// assert!((result.perplexity - 4.0).abs() < 1e-9);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn perplexity<S: AsRef<str>>(
        &self,
        documents: &[Vec<S>],
        smoothing: Smoothing,
    ) -> Result<Perplexity> {
        let mut scored = 0;
        let mut unknown = 0;
        let mut scored_documents = 0;
        let mut log2_sum = 0.0;
        for document in documents {
            if document.is_empty() {
                continue;
            }
            let score = self.score_document(document, smoothing)?;
            scored_documents += 1;
            scored += score.scored;
            unknown += score.unknown;
            log2_sum += score.log2_probability;
        }
        if scored == 0 {
            return Err(Error::EmptyCorpus {
                what: "the held-out documents".into(),
            });
        }
        let cross_entropy_bits = -log2_sum / scored as f64;
        Ok(Perplexity {
            n: self.n,
            k: smoothing.k,
            vocab_size: self.vocab_size(),
            documents: scored_documents,
            scored,
            unknown,
            cross_entropy_bits,
            perplexity: math::exp2(cross_entropy_bits),
        })
    }

    /// Writes `length` pieces after `prompt`, drawing each from [`NGram::next_piece`] with
    /// `sampler`'s settings; the same seed gives the same [`Trace`].
    ///
    /// The prompt is read with the model's [`Style`] and the text starts with it, as if it
    /// began a document. An empty prompt starts a fresh document; prompt words the model never
    /// saw are kept in the text but skipped by back-off. When the model writes [`END`], a new
    /// document (paragraph) begins and the writing goes on.
    ///
    /// ```
    /// use genai_demos::generate::ngram::NGram;
    /// use genai_demos::generate::sampling::Sampler;
    ///
    /// let model = NGram::bakery(3)?;
    /// let sampler = Sampler::new(0.8, None, None)?;
    /// let trace = model.generate("the baker", 30, &sampler, 7)?;
    /// assert_eq!(trace.steps.len(), 30);
    /// assert!(trace.text.starts_with("The baker"));
    /// assert_eq!(trace, model.generate("the baker", 30, &sampler, 7)?);
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn generate(
        &self,
        prompt: &str,
        length: usize,
        sampler: &Sampler,
        seed: u64,
    ) -> Result<Trace> {
        sampling::generate(self, &self.tokenize(prompt), length, false, sampler, seed)
    }

    /// Like [`NGram::generate`], but stops when the model ends the document (or after
    /// `max_length` pieces): one paragraph, or one whole program.
    pub fn generate_document(
        &self,
        prompt: &str,
        max_length: usize,
        sampler: &Sampler,
        seed: u64,
    ) -> Result<Trace> {
        sampling::generate(
            self,
            &self.tokenize(prompt),
            max_length,
            true,
            sampler,
            seed,
        )
    }

    /// A bar chart of the most likely next pieces after `context` (text read with the model's
    /// [`Style`]): the top 12, with their counts.
    ///
    /// ```
    /// let model = genai_demos::generate::ngram::NGram::bakery(3)?;
    /// let chart = model.next_piece_chart("the baker")?;
    /// assert!(chart.svg().contains("baker"));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn next_piece_chart(&self, context: &str) -> Result<Chart> {
        self.next_piece(&self.tokenize(context)).chart()
    }

    /// How much of `documents` the model has seen: framed like training documents, how many
    /// of their predictions had a context the model met in training, and how many had the
    /// whole n-gram (context and next piece) in training. New text full of unseen n-grams is
    /// why longer contexts predict new text badly.
    ///
    /// ```
    /// use genai_demos::generate::ngram::NGram;
    ///
    /// let model = NGram::train(&[vec!["a", "b", "c"]], 2)?;
    /// // Framed "<s> a c </s>": <s>→a seen; a→c context seen, pair not; c→</s> seen.
    /// let coverage = model.coverage(&[vec!["a", "c"]])?;
    /// assert_eq!((coverage.predictions, coverage.contexts_seen, coverage.ngrams_seen), (3, 3, 2));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn coverage<S: AsRef<str>>(&self, documents: &[Vec<S>]) -> Result<Coverage> {
        let mut coverage = Coverage {
            n: self.n,
            predictions: 0,
            contexts_seen: 0,
            ngrams_seen: 0,
        };
        for document in documents {
            if document.is_empty() {
                continue;
            }
            check_document_markers(document)?;
            let mut framed = vec![BOS_ID; self.n - 1];
            framed.extend(document.iter().map(|p| self.id(p.as_ref())));
            framed.push(END_ID);
            for i in (self.n - 1)..framed.len() {
                let context = &framed[i + 1 - self.n..i];
                coverage.predictions += 1;
                if let Some(found) = self.context(context) {
                    coverage.contexts_seen += 1;
                    if self.count(found, framed[i]) > 0 {
                        coverage.ngrams_seen += 1;
                    }
                }
            }
        }
        if coverage.predictions == 0 {
            return Err(Error::EmptyCorpus {
                what: "the documents to check".into(),
            });
        }
        Ok(coverage)
    }
}

/// How much of some documents a model met in training ([`NGram::coverage`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// The model's n.
    pub n: usize,
    /// How many predictions the documents hold: every piece plus one [`END`] each.
    pub predictions: usize,
    /// How many of them had a context (the `n - 1` pieces before) seen in training.
    pub contexts_seen: usize,
    /// How many had the whole n-gram, context and piece, seen in training.
    pub ngrams_seen: usize,
}

impl Coverage {
    /// The share of predictions whose whole n-gram the model never saw.
    pub fn unseen_share(&self) -> f64 {
        1.0 - self.ngrams_seen as f64 / self.predictions.max(1) as f64
    }
}

/// Checks what both models need before counting: `n` from 1 to [`MAX_N`], some pieces, no
/// context longer than the longest document, and no marker used as an ordinary piece.
pub(crate) fn check_training<S: AsRef<str>>(documents: &[Vec<S>], n: usize) -> Result<()> {
    at_least("n", n, 1, "at least 1 (n = 1 counts single pieces)")?;
    if n > MAX_N {
        return Err(Error::InvalidParameter {
            name: "n",
            value: n.to_string(),
            expected: "at most 8: longer contexts are almost never seen twice",
        });
    }
    check_markers(documents)?;
    let longest = documents.iter().map(Vec::len).max().unwrap_or(0);
    if longest == 0 {
        return Err(Error::EmptyCorpus {
            what: "the training documents".into(),
        });
    }
    if n - 1 > longest {
        return Err(Error::InvalidParameter {
            name: "n",
            value: n.to_string(),
            expected: "at most one more than the longest training document",
        });
    }
    Ok(())
}

/// Smoothed probabilities use exactly `n - 1` pieces of context: a shorter one is an error.
pub(crate) fn check_context_length(len: usize, n: usize) -> Result<()> {
    if len < n - 1 {
        return Err(Error::InvalidParameter {
            name: "context",
            value: format!("{len} pieces long"),
            expected: "at least n - 1 pieces (pad the start with <s>)",
        });
    }
    Ok(())
}

/// Rejects documents that use a marker as an ordinary piece: the model could not tell them
/// apart from the real markers.
fn check_markers<S: AsRef<str>>(documents: &[Vec<S>]) -> Result<()> {
    for document in documents {
        check_document_markers(document)?;
    }
    Ok(())
}

fn check_document_markers<S: AsRef<str>>(document: &[S]) -> Result<()> {
    for piece in document {
        let piece = piece.as_ref();
        if [BOS, END, UNK].contains(&piece) {
            return Err(Error::InvalidParameter {
                name: "documents",
                value: format!("a document containing the piece {piece}"),
                expected: "pieces other than the markers <s>, </s> and <unk>",
            });
        }
    }
    Ok(())
}

impl Distribution {
    /// The distribution as `(piece, probability)` pairs, most likely first.
    pub fn probabilities(&self) -> Vec<(String, f64)> {
        self.pieces
            .iter()
            .map(|p| (p.piece.clone(), p.probability))
            .collect()
    }

    /// Shows the distribution in a notebook: the bar chart, and the counts as text.
    pub fn evcxr_display(&self) {
        let mut plain = format!(
            "after \"{}\" (used: \"{}\"), {} continuations seen:\n",
            self.context.join(" "),
            self.context_used.join(" "),
            self.total
        );
        for p in self.pieces.iter().take(12) {
            plain.push_str(&format!(
                "  {:<14} {:>5}  {:.3}\n",
                p.piece, p.count, p.probability
            ));
        }
        match self.chart() {
            Ok(chart) => crate::show::display::show(&[
                ("image/svg+xml", chart.svg()),
                ("text/plain", &plain),
            ]),
            Err(_) => crate::show::display::show(&[("text/plain", &plain)]),
        }
    }

    /// A bar chart of the 12 most likely next pieces, labelled with their counts.
    pub fn chart(&self) -> Result<Chart> {
        const TOP: usize = 12;
        if self.pieces.is_empty() {
            return Err(Error::Chart("the distribution has no pieces".into()));
        }
        let shown = &self.pieces[..self.pieces.len().min(TOP)];
        let labels: Vec<String> = shown.iter().map(|p| sampling::label(&p.piece)).collect();
        let values: Vec<f64> = shown.iter().map(|p| p.probability).collect();
        let notes: Vec<String> = shown
            .iter()
            .map(|p| {
                let percent = 100.0 * p.probability;
                let decimals = if percent < 10.0 { 1 } else { 0 };
                format!("{percent:.decimals$}% ({} of {})", p.count, self.total)
            })
            .collect();
        let context = if self.context_used.is_empty() {
            "(no context)".to_string()
        } else {
            self.context_used.join(" ")
        };
        let title = format!("What follows \u{201c}{context}\u{201d}: counts become probabilities");
        sampling::bar_rows(
            &title,
            "probability of the next piece",
            &labels,
            &[(String::new(), values)],
            Some(&notes),
        )
    }
}

/// Held-out perplexity of bakery models of order 1 to `max_n`, trained on nine paragraphs in
/// ten and tested on the tenth ([`crate::data::corpus::bakery_split`]), for each smoothing in `ks`.
/// Also the perplexity on the training paragraphs themselves, for the first `k`: the gap
/// between the two is the model memorising.
pub fn bakery_perplexities(max_n: usize, ks: &[f64]) -> Result<Vec<Perplexity>> {
    let split = crate::data::corpus::bakery_split()?;
    perplexities(&split.train, &split.held_out, max_n, ks)
}

/// Held-out perplexity of models of order 1 to `max_n` trained on `train`, scored on
/// `held_out`, for each smoothing `k` in `ks` (models in order of n, then k).
pub fn perplexities<S: AsRef<str>>(
    train: &[Vec<S>],
    held_out: &[Vec<S>],
    max_n: usize,
    ks: &[f64],
) -> Result<Vec<Perplexity>> {
    if ks.is_empty() {
        return Err(Error::EmptyInput {
            what: "the list of smoothing values k".into(),
        });
    }
    let mut results = Vec::new();
    for n in 1..=max_n {
        let model = NGram::train(train, n)?;
        for &k in ks {
            results.push(model.perplexity(held_out, Smoothing::add_k(k)?)?);
        }
    }
    Ok(results)
}

/// A line chart of held-out perplexity against n, one line per smoothing k, with the training
/// perplexity for the smallest k as a dashed comparison: a model can look better and better
/// on its own training text while getting worse on new text.
///
/// ```
/// let chart = genai_demos::generate::ngram::perplexity_chart(3, &[1.0, 0.01])?;
/// assert!(chart.svg().contains("perplexity"));
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn perplexity_chart(max_n: usize, ks: &[f64]) -> Result<Chart> {
    at_least("max_n", max_n, 1, "at least 1")?;
    for &k in ks {
        finite_in("k", k, f64::MIN_POSITIVE..=f64::MAX, "a number above 0")?;
    }
    let split = crate::data::corpus::bakery_split()?;
    let held = perplexities(&split.train, &split.held_out, max_n, ks)?;
    let mut series = Vec::new();
    for &k in ks {
        let points = held
            .iter()
            .filter(|p| p.k == k)
            .map(|p| (p.n as f64, p.perplexity))
            .collect();
        series.push(crate::show::chart::Series::new(
            format!("new text, k = {k}"),
            points,
        ));
    }
    let smallest = ks.iter().copied().fold(f64::INFINITY, f64::min);
    let mut training = Vec::new();
    for n in 1..=max_n {
        let model = NGram::train(&split.train, n)?;
        let p = model.perplexity(&split.train, Smoothing::add_k(smallest)?)?;
        training.push((n as f64, p.perplexity));
    }
    series.push(crate::show::chart::Series::new(
        format!("training text, k = {smallest}"),
        training,
    ));
    line_chart(
        "Perplexity on new text: longer contexts stop helping",
        ("n (context of n - 1 pieces)", XAxis::Whole),
        ("perplexity (lower is better)", None),
        &series,
        true,
    )
}

/// Which kind of numbers a line chart's x axis holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum XAxis {
    /// Whole numbers such as n: labelled 1, 2, 3 with no halves.
    Whole,
    /// Any numbers, such as a temperature.
    Real,
}

/// A line chart with dots, one colour per series; the last series is dashed when
/// `last_dashed` (a comparison line). Used by the perplexity and copy charts.
pub(crate) fn line_chart(
    title: &str,
    (x_label, x_axis): (&str, XAxis),
    (y_label, y_cap): (&str, Option<f64>),
    series: &[crate::show::chart::Series],
    last_dashed: bool,
) -> Result<Chart> {
    use crate::show::chart::{HEIGHT, INK, PALETTE, WIDTH, font};
    use plotters::prelude::*;

    crate::show::chart::check_points(series)?;
    let all = || series.iter().flat_map(|s| s.points.iter());
    let (x_lo, x_hi) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
        (lo.min(p.0), hi.max(p.0))
    });
    let x_range = match x_axis {
        XAxis::Whole => (x_lo - 0.4)..(x_hi + 0.4),
        XAxis::Real => crate::show::chart::padded(all().map(|p| p.0)),
    };
    let x_ticks = match x_axis {
        XAxis::Whole => ((x_hi - x_lo).round() as usize + 1).min(12),
        XAxis::Real => 10,
    };
    let hi = all().fold(0.0_f64, |hi, p| hi.max(p.1));
    let lo = all().fold(0.0_f64, |lo, p| lo.min(p.1));
    // Start the y axis at zero so heights compare honestly; leave room above for the legend.
    // A cap (100 for percentages) keeps the axis from running past what is possible.
    let top = match y_cap {
        Some(cap) if hi <= cap => (hi * 1.45).min(cap),
        _ => hi * 1.45,
    };
    let y_range = lo..top.max(lo + 1e-9);
    let y_decimals = if hi >= 10.0 { 0 } else { 2 };
    let legend_at = match x_axis {
        XAxis::Whole => SeriesLabelPosition::UpperLeft,
        XAxis::Real => SeriesLabelPosition::UpperRight,
    };
    Chart::draw(title, (WIDTH, HEIGHT), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, font(20))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d(x_range, y_range)?;
        let x_format = |v: &f64| match x_axis {
            XAxis::Whole if (v - v.round()).abs() < 1e-9 => format!("{}", v.round()),
            XAxis::Whole => String::new(),
            XAxis::Real => format!("{v}"),
        };
        crate::show::chart::styled(&mut chart.configure_mesh())
            .x_desc(x_label)
            .y_desc(y_label)
            .x_labels(x_ticks)
            .x_label_formatter(&x_format)
            .y_label_formatter(&|v| format!("{v:.y_decimals$}"))
            .draw()?;
        for (i, s) in series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let dashed = last_dashed && i + 1 == series.len() && series.len() > 1;
            let style = color.stroke_width(if dashed { 2 } else { 3 });
            if dashed {
                chart.draw_series(DashedLineSeries::new(s.points.iter().copied(), 8, 6, style))?;
            } else {
                chart.draw_series(LineSeries::new(s.points.iter().copied(), style))?;
            }
            chart
                .draw_series(
                    s.points
                        .iter()
                        .map(|&(x, y)| Circle::new((x, y), 4, color.filled())),
                )?
                .label(s.name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x - 8, y), (x + 8, y)], color.stroke_width(3))
                });
        }
        chart
            .configure_series_labels()
            .position(legend_at)
            .label_font(font(15))
            .border_style(INK.mix(0.4))
            .draw()?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(texts: &[&str]) -> Vec<Vec<String>> {
        texts
            .iter()
            .map(|t| t.split_whitespace().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn bigram_counts_by_hand() {
        // Framed: <s> a b a c </s>  and  <s> a b </s>
        let model = NGram::train(&docs(&["a b a c", "a b"]), 2).unwrap();
        assert_eq!(
            model.counts(&["a"]),
            [("b".to_string(), 2), ("c".to_string(), 1)]
        );
        assert_eq!(model.counts(&["<s>"]), [("a".to_string(), 2)]);
        assert_eq!(
            model.counts(&["b"]),
            [("</s>".to_string(), 1), ("a".to_string(), 1)]
        );
        // The empty context holds every predicted piece: a 3, b 2, </s> 2, c 1.
        let empty: [&str; 0] = [];
        assert_eq!(
            model.counts(&empty),
            [
                ("a".to_string(), 3),
                ("</s>".to_string(), 2),
                ("b".to_string(), 2),
                ("c".to_string(), 1)
            ]
        );
        assert_eq!(model.vocab(), ["a", "b", "c"]);
        assert_eq!(model.vocab_size(), 6);
        assert_eq!(model.documents(), 2);
        assert_eq!(model.training_pieces(), 6);
    }

    #[test]
    fn longer_contexts_use_only_the_last_n_minus_1_pieces() {
        let model = NGram::train(&docs(&["a b a c", "a b"]), 2).unwrap();
        assert_eq!(model.counts(&["c", "b", "a"]), model.counts(&["a"]));
    }

    #[test]
    fn next_piece_backs_off_to_what_was_seen() {
        let model = NGram::train(&docs(&["a b a c", "a b"]), 3).unwrap();
        // "c a" never occurred, so the model falls back to "a".
        let d = model.next_piece(&["c", "a"]);
        assert_eq!(d.context, ["c", "a"]);
        assert_eq!(d.context_used, ["a"]);
        assert_eq!(d.total, 3);
        assert!((d.pieces[0].probability - 2.0 / 3.0).abs() < 1e-12);
        // Unknown words are skipped the same way, down to the empty context.
        let d = model.next_piece(&["zebra"]);
        assert!(d.context_used.is_empty());
        assert_eq!(d.total, 8);
        let sum: f64 = d.pieces.iter().map(|p| p.probability).sum();
        assert!((sum - 1.0).abs() < 1e-12);
    }

    #[test]
    fn laplace_and_lidstone_by_hand() {
        let model = NGram::train(&docs(&["a b a c", "a b"]), 2).unwrap();
        // V = 3 + 3 = 6; count(a) = 3; count(a, b) = 2.
        let p = model
            .smoothed_probability(&["a"], "b", Smoothing::laplace())
            .unwrap();
        assert!((p - 3.0 / 9.0).abs() < 1e-12);
        let k = Smoothing::add_k(0.5).unwrap();
        let p = model.smoothed_probability(&["a"], "zebra", k).unwrap();
        assert!((p - 0.5 / 6.0).abs() < 1e-12);
        // A context never seen gives every piece 1/V.
        let p = model
            .smoothed_probability(&["zebra"], "a", Smoothing::laplace())
            .unwrap();
        assert!((p - 1.0 / 6.0).abs() < 1e-12);
        assert!(model.smoothed_probability(&[] as &[&str], "a", k).is_err());
    }

    #[test]
    fn smoothed_probabilities_sum_to_one_over_the_vocabulary() {
        let model = NGram::train(&docs(&["a b a c", "a b"]), 2).unwrap();
        let k = Smoothing::add_k(0.3).unwrap();
        let sum: f64 = ["<s>", "</s>", "<unk>", "a", "b", "c"]
            .iter()
            .map(|w| model.lidstone(&[model.id("a")], model.id(w), k.k()))
            .sum();
        assert!((sum - 1.0).abs() < 1e-12);
    }

    #[test]
    fn perplexity_by_hand() {
        // Trained on "a b": bigram counts <s>→a 1, a→b 1, b→</s> 1; V = 5.
        let model = NGram::train(&docs(&["a b"]), 2).unwrap();
        // Held out "a x": <s>→a = 2/6, a→<unk> = 1/6, <unk>→</s> = 1/5 (context unseen).
        let result = model
            .perplexity(&docs(&["a x"]), Smoothing::laplace())
            .unwrap();
        let expected = math::exp2(
            -(math::log2(2.0f64 / 6.0) + math::log2(1.0f64 / 6.0) + math::log2(0.2f64)) / 3.0,
        );
        assert!((result.perplexity - expected).abs() < 1e-9);
        assert_eq!(result.scored, 3);
        assert_eq!(result.unknown, 1);
        assert_eq!(result.documents, 1);
        assert_eq!(result.vocab_size, 5);
    }

    #[test]
    fn coverage_by_hand() {
        // Trained on "a b a c": bigrams <s>a, ab, ba, ac, c</s>.
        let model = NGram::train(&docs(&["a b a c"]), 2).unwrap();
        // "a c b z": <s>a seen; ac seen; cb context seen, pair not; bz (z unknown) context
        // seen, pair not; z</s> context unknown.
        let c = model.coverage(&docs(&["a c b z"])).unwrap();
        assert_eq!((c.predictions, c.contexts_seen, c.ngrams_seen), (5, 4, 2));
        assert!((c.unseen_share() - 0.6).abs() < 1e-12);
        // A unigram model has seen its empty context always.
        let unigram = NGram::train(&docs(&["a b"]), 1).unwrap();
        let c = unigram.coverage(&docs(&["a q"])).unwrap();
        assert_eq!((c.predictions, c.contexts_seen, c.ngrams_seen), (3, 3, 2));
        assert!(matches!(
            model.coverage(&docs(&[""])),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(model.coverage(&docs(&["a <s>"])).is_err());
    }

    #[test]
    fn bad_orders_and_corpora_are_errors() {
        let d = docs(&["a b"]);
        assert!(matches!(
            NGram::train(&d, 0),
            Err(Error::InvalidParameter { name: "n", .. })
        ));
        assert!(matches!(
            NGram::train(&d, 9),
            Err(Error::InvalidParameter { name: "n", .. })
        ));
        // The longest document has 2 pieces: n = 3 is fine, n = 4 is not.
        assert!(NGram::train(&d, 3).is_ok());
        assert!(matches!(
            NGram::train(&d, 4),
            Err(Error::InvalidParameter { name: "n", .. })
        ));
        let empty: Vec<Vec<String>> = vec![vec![], vec![]];
        assert!(matches!(
            NGram::train(&empty, 2),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(matches!(
            NGram::train(&docs(&["a </s> b"]), 2),
            Err(Error::InvalidParameter {
                name: "documents",
                ..
            })
        ));
        let model = NGram::train(&d, 2).unwrap();
        assert!(matches!(
            model.perplexity(&docs(&[""]), Smoothing::laplace()),
            Err(Error::EmptyCorpus { .. })
        ));
        assert!(Smoothing::add_k(f64::NAN).is_err());
        assert!(Smoothing::add_k(-1.0).is_err());
    }

    #[test]
    fn held_out_perplexity_on_the_bakery_is_sensible() {
        let results = bakery_perplexities(3, &[0.01, 1.0]).unwrap();
        assert_eq!(results.len(), 6);
        for r in &results {
            assert!(r.perplexity.is_finite() && r.perplexity > 1.0);
            assert!(r.perplexity < r.vocab_size as f64);
        }
        let (small_k, add_one): (Vec<_>, Vec<_>) = results.iter().partition(|r| r.k == 0.01);
        // With a small k the bigram beats the unigram on new text, and the trigram's contexts
        // are too rare to help; with add-one the smoothing swamps even the bigram's counts.
        assert!(small_k[1].perplexity < small_k[0].perplexity);
        assert!(small_k[2].perplexity > small_k[1].perplexity);
        assert!(add_one[1].perplexity > add_one[0].perplexity);
    }

    #[test]
    fn charts_draw() {
        let model = NGram::bakery(2).unwrap();
        let chart = model.next_piece_chart("the").unwrap();
        assert!(chart.svg().contains("<svg"));
        assert_eq!(
            chart.svg(),
            NGram::bakery(2)
                .unwrap()
                .next_piece_chart("the")
                .unwrap()
                .svg()
        );
        assert!(perplexity_chart(2, &[1.0]).is_ok());
        model.next_piece(&["the"]).evcxr_display();
        assert!(perplexity_chart(2, &[0.0]).is_err());
    }
}

/// The one sampler writing with the word n-gram: traces, replays, notes and charts of real runs.
/// (They live here, beside the model, so the sampler's own module never imports a model.)
#[cfg(test)]
mod sampling_tests {
    use super::*;
    use crate::generate::sampling::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    fn bakery() -> NGram {
        NGram::bakery(3).unwrap()
    }

    #[test]
    fn traces_are_complete_and_replay() {
        let model = bakery();
        let sampler = Sampler::new(0.9, Some(30), Some(0.95)).unwrap();
        let trace = model.generate("the baker", 80, &sampler, 11).unwrap();
        assert_eq!(trace.steps.len(), 80);
        assert_eq!(trace.pieces.len(), 82);
        for step in &trace.steps {
            let listed: f64 = step.candidates.iter().map(|c| c.probability).sum();
            assert!(
                close(listed + step.others, 1.0),
                "{listed} + {}",
                step.others
            );
            assert!(step.candidates.iter().any(|c| c.piece == step.chosen));
            assert!(step.kept <= 30 && step.kept <= step.options && step.kept >= 1);
            assert!((0.0..1.0).contains(&step.draw));
            assert_eq!(step.context.len(), 2);
        }
        assert_eq!(replay(&model, &trace).unwrap(), trace.text);
        // The trace survives a trip through JSON and still replays.
        let json = serde_json::to_string(&trace).unwrap();
        let back: Trace = serde_json::from_str(&json).unwrap();
        assert_eq!(replay(&model, &back).unwrap(), trace.text);
    }

    #[test]
    fn same_seed_same_trace_other_seed_other_text() {
        let model = bakery();
        let sampler = Sampler::with_temperature(1.0).unwrap();
        let a = model.generate("", 50, &sampler, 1).unwrap();
        assert_eq!(a, model.generate("", 50, &sampler, 1).unwrap());
        let b = model.generate("", 50, &sampler, 2).unwrap();
        assert_ne!(a.text, b.text);
    }

    #[test]
    fn greedy_always_takes_the_favourite() {
        let model = bakery();
        let trace = model
            .generate("the oven", 20, &Sampler::greedy(), 5)
            .unwrap();
        for step in &trace.steps {
            assert_eq!(step.kept, 1);
            assert_eq!(step.candidates[0].piece, step.chosen);
            assert_eq!(step.candidates[0].probability, 1.0);
        }
        // Greedy ignores the draws, so another seed writes the same text.
        let other = model
            .generate("the oven", 20, &Sampler::greedy(), 6)
            .unwrap();
        assert_eq!(trace.text, other.text);
    }

    #[test]
    fn unknown_and_empty_prompts_are_defined() {
        let model = bakery();
        let sampler = Sampler::with_temperature(1.0).unwrap();
        let trace = model.generate("zyzzyva quux", 10, &sampler, 3).unwrap();
        assert!(trace.text.starts_with("Zyzzyva quux"));
        assert!(trace.steps[0].context_used.is_empty());
        let trace = model.generate("", 10, &sampler, 3).unwrap();
        assert_eq!(trace.steps[0].context, ["<s>", "<s>"]);
        assert_eq!(trace.steps[0].context_used, ["<s>", "<s>"]);
        let trace = model.generate("bread", 0, &sampler, 3).unwrap();
        assert!(trace.steps.is_empty());
        assert_eq!(trace.text, "Bread");
    }

    #[test]
    fn generate_document_stops_at_the_end_marker() {
        let model = bakery();
        let sampler = Sampler::with_temperature(1.0).unwrap();
        let trace = model.generate_document("", 2000, &sampler, 9).unwrap();
        assert!(trace.steps.len() < 2000);
        assert_eq!(trace.steps.last().unwrap().chosen, "</s>");
        assert_eq!(replay(&model, &trace).unwrap(), trace.text);
    }

    #[test]
    fn replay_rejects_a_trace_from_another_model() {
        let trace = bakery().generate("the", 5, &Sampler::greedy(), 1).unwrap();
        let bigram = NGram::bakery(2).unwrap();
        assert!(replay(&bigram, &trace).is_err());
        let mut bad = trace.clone();
        bad.steps[0].draw = 1.5;
        assert!(replay(&bakery(), &bad).is_err());
    }

    #[test]
    fn every_step_of_a_real_trace_has_a_note_a_row_and_a_chart() {
        let model = bakery();
        let sampler = Sampler::new(1.5, Some(5), None).unwrap();
        let trace = model.generate("zyzzyva oven", 30, &sampler, 4).unwrap();
        let table = trace.table();
        assert_eq!(table.rows.len(), 30);
        for (i, row) in table.rows.iter().enumerate() {
            assert_eq!(row.step, i + 1);
            assert!(row.top.len() <= 5 && !row.top.is_empty());
            assert!(row.note.contains("the draw"), "{}", row.note);
            assert!(row.note.ends_with('.'));
            assert!(trace.step_chart(i).unwrap().svg().contains("chosen"));
        }
        // The unknown word made the model back off at the first step.
        assert!(table.rows[0].note.contains("never came up in training"));
        assert!(table.rows[0].note.contains("top-k 5"));
        table.evcxr_display();
        assert!(matches!(
            trace.step_chart(30),
            Err(Error::InvalidParameter { name: "index", .. })
        ));
        // A fresh document's context reads "(start)".
        let trace = model.generate("", 1, &sampler, 4).unwrap();
        assert_eq!(trace.table().rows[0].context, "(start) (start)");
    }

    /// Each bad input the book promises to handle: a defined behaviour or a typed error.
    #[test]
    fn bad_inputs_have_defined_answers() {
        let model = bakery();
        let one = Sampler::with_temperature(1.0).unwrap();
        // An empty prompt starts a fresh paragraph; a prompt of unknown words backs off.
        assert_eq!(model.generate("", 5, &one, 1).unwrap().steps.len(), 5);
        let unknown = model.generate("qwxz vvv", 5, &one, 1).unwrap();
        assert!(unknown.steps[0].context_used.is_empty());
        // Temperature 0 is greedy decoding; negative or NaN temperatures are errors.
        assert_eq!(
            model.generate("the", 5, &Sampler::greedy(), 1).unwrap(),
            model
                .generate("the", 5, &Sampler::with_temperature(0.0).unwrap(), 1)
                .unwrap()
        );
        for t in [-1.0, f64::NAN, f64::INFINITY] {
            let err = Sampler::with_temperature(t).unwrap_err();
            assert!(err.to_string().starts_with("The temperature was"), "{err}");
        }
        let err = Sampler::new(1.0, Some(0), None).unwrap_err();
        assert!(err.to_string().contains("The setting top_k was 0"), "{err}");
        // n larger than the library or the corpus allows.
        let err = NGram::bakery(9).unwrap_err();
        assert!(err.to_string().contains("The value of n was 9"), "{err}");
        let tiny = vec![vec!["a".to_string(), "b".to_string()]];
        assert!(matches!(
            NGram::train(&tiny, 4),
            Err(Error::InvalidParameter { name: "n", .. })
        ));
    }

    #[test]
    fn temperature_chart_draws_one_group_per_temperature() {
        let model = bakery();
        let chart = temperature_chart(&model, "the baker", &[0.0, 1.0, 3.0]).unwrap();
        assert!(chart.svg().contains("T = 3"));
        assert!(temperature_chart(&model, "the", &[]).is_err());
        assert!(temperature_chart(&model, "the", &[-1.0]).is_err());
    }
}
