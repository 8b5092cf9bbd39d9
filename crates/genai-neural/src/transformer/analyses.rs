//! The results the book shows about a trained network, computed from its weights and its
//! training log: the curve, the perplexity beside the n-gram's, the copy meter at several
//! temperatures, the nearest neighbours of a few words, one attention picture, and for code the
//! parse rate. The types are `genai_demos::experiments::network`'s, so the book reads them
//! without compiling candle.

use super::compare::compare;
use super::train::TrainingLog;
use super::vocab::{BEGIN, Corpus, END};
use super::writer::Writer;
use crate::Result;
use candle_core::{D, DType, Device, Tensor};
use genai_demos::experiments::network::{
    Attention, COPY_NS, CopyPoint, Curve, Neighbours, NetworkResults, ParsePoint, TEMPERATURES,
};
use genai_demos::generate::code::parses_as_rust;
use genai_demos::generate::ngram;
use genai_demos::generate::sampling::{self, NextPiece, Sampler};
use genai_demos::measure::copying::{CopyMeter, RUN_LENGTHS};

/// The seed every analysis writes with.
pub const SEED: u64 = 7;
/// How many pieces of prose (or code) each model writes for the copy meter.
pub const COPY_LENGTH: usize = 240;
/// How many programs each model writes at each temperature for the parse rate.
pub const PROGRAMS: usize = 12;
/// The most tokens one written program may have.
pub const PROGRAM_LENGTH: usize = 300;
/// The temperatures the parse rate is measured at.
pub const PARSE_TEMPERATURES: [f64; 2] = [0.6, 1.0];
/// The n-gram orders whose programs are parsed beside the network's.
pub const PARSE_NS: [usize; 4] = [2, 3, 4, 5];
/// How many nearest neighbours each word gets.
pub const NEIGHBOURS: usize = 5;

/// The words whose neighbours are shown, and the prompt whose attention is drawn.
fn probes(corpus: Corpus) -> (&'static [&'static str], &'static str) {
    match corpus {
        Corpus::Bakery => (
            &["oven", "bread", "morning", "flour", "she", "warm"],
            "the baker took the warm bread out of the",
        ),
        Corpus::Rust => (
            &["let", "i32", "+", "if", "String"],
            "fn main ( ) { let x = 1 ;",
        ),
    }
}

/// Computes every result of `writer` (trained on `corpus`, with `log` its training log and
/// `weight_bytes` the size of its weights file).
pub fn results(
    corpus: Corpus,
    writer: &Writer,
    log: &TrainingLog,
    weight_bytes: usize,
) -> Result<NetworkResults> {
    let comparison = compare(corpus, writer)?;
    let (words, prompt) = probes(corpus);
    Ok(NetworkResults {
        corpus: corpus.name().to_string(),
        parameters: writer.network().parameter_count(),
        width: writer.network().shape().width,
        blocks: writer.network().shape().blocks,
        context: writer.network().shape().context,
        batch: log.recipe.batch,
        weight_bytes,
        curve: Curve {
            train: log.steps.iter().map(|s| (s.step, s.loss)).collect(),
            held_out: log.held_out.iter().map(|h| (h.step, h.loss)).collect(),
        },
        ngrams: comparison.ngrams,
        network_perplexity: comparison.network.perplexity,
        copying: copying(corpus, writer)?,
        neighbours: words
            .iter()
            .map(|w| neighbours(writer, w))
            .collect::<Result<_>>()?,
        attention: attention(writer, prompt)?,
        parsing: match corpus {
            Corpus::Rust => parsing(corpus, writer)?,
            Corpus::Bakery => Vec::new(),
        },
    })
}

/// The results of the committed network of `corpus`, from its committed weights and log.
pub fn committed(corpus: Corpus) -> Result<NetworkResults> {
    let writer = Writer::committed(corpus)?;
    let log: TrainingLog = serde_json::from_str(super::writer::log(corpus))
        .map_err(|e| crate::Error::Weights(format!("the training log does not read: {e}")))?;
    let bytes = match corpus {
        Corpus::Bakery => super::committed::TEXT_WEIGHTS.len(),
        Corpus::Rust => super::committed::CODE_WEIGHTS.len(),
    };
    results(corpus, &writer, &log, bytes)
}

/// The copy meter, against the training documents, of `COPY_LENGTH` pieces written by the
/// network and by the n-grams of [`COPY_NS`] at each temperature, from the same seed.
fn copying(corpus: Corpus, writer: &Writer) -> Result<Vec<CopyPoint>> {
    let meter = CopyMeter::new(&corpus.split()?.train)?;
    let mut points = Vec::new();
    let mut measure = |name: String, model: &dyn NextPiece, t: f64| -> Result<()> {
        let sampler = Sampler::with_temperature(t)?;
        let trace = sampling::generate(model, &[], COPY_LENGTH, false, &sampler, SEED)?;
        let report = meter.measure(&trace.pieces);
        points.push(CopyPoint {
            model: name,
            temperature: t,
            pieces: report.pieces,
            shares: RUN_LENGTHS.map(|l| report.share(l).unwrap_or(0.0)),
            longest_run: report.longest_run,
        });
        Ok(())
    };
    for t in TEMPERATURES {
        measure("network".into(), writer, t)?;
    }
    for n in COPY_NS {
        let ngram = corpus.ngram(n)?;
        for t in TEMPERATURES {
            measure(format!("n-gram, n = {n}"), &ngram, t)?;
        }
    }
    Ok(points)
}

/// The [`NEIGHBOURS`] pieces whose embeddings point most the same way as `word`'s (cosine
/// similarity), markers left out.
pub fn neighbours(writer: &Writer, word: &str) -> Result<Neighbours> {
    let vocab = writer.vocab();
    let id = vocab.id(word);
    let table = writer.network().embeddings().to_dtype(DType::F64)?;
    let norms = table.sqr()?.sum_keepdim(D::Minus1)?.sqrt()?;
    let unit = table.broadcast_div(&(norms + 1e-12)?)?;
    let me = unit.get(id as usize)?.unsqueeze(1)?;
    let similarity: Vec<f64> = unit.matmul(&me)?.squeeze(1)?.to_vec1()?;
    let mut ranked: Vec<(u32, f64)> = similarity
        .into_iter()
        .enumerate()
        .map(|(i, s)| (i as u32, s))
        .filter(|&(i, _)| i != id && i > END && i != vocab.unknown())
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(Neighbours {
        word: word.to_string(),
        nearest: ranked
            .into_iter()
            .take(NEIGHBOURS)
            .map(|(i, s)| (vocab.piece(i).to_string(), s))
            .collect(),
    })
}

/// The last block's attention for `prompt` (after the begin marker), averaged over its heads.
pub fn attention(writer: &Writer, prompt: &str) -> Result<Attention> {
    let pieces = NextPiece::tokenize(writer, prompt);
    let mut ids = vec![BEGIN];
    ids.extend(pieces.iter().map(|p| writer.vocab().id(p)));
    let ids = writer.window(&ids);
    let input = Tensor::from_vec(ids.clone(), (1, ids.len()), &Device::Cpu)?;
    let (_, blocks) = writer.network().logits_and_attention(&input)?;
    let last = blocks
        .last()
        .ok_or_else(|| crate::Error::Weights("the network has no block".into()))?;
    let mean = last.squeeze(0)?.mean(0)?.to_dtype(DType::F64)?;
    Ok(Attention {
        pieces: ids
            .iter()
            .map(|&i| writer.vocab().piece(i).to_string())
            .collect(),
        block: blocks.len(),
        weights: mean.to_vec2()?,
    })
}

/// For code: how many of the programs written by the network and by the n-grams of
/// [`PARSE_NS`] parse, at each of [`PARSE_TEMPERATURES`], with how much of them is copied.
fn parsing(corpus: Corpus, writer: &Writer) -> Result<Vec<ParsePoint>> {
    let training = corpus.split()?.train;
    let meter = CopyMeter::new(&training)?;
    let mut points = Vec::new();
    let mut measure = |name: String, model: &dyn NextPiece, t: f64| -> Result<()> {
        let sampler = Sampler::with_temperature(t)?;
        let (mut parsed, mut copies, mut runs, mut copied) = (0, 0, 0, 0);
        for i in 0..PROGRAMS as u64 {
            let seed = SEED.wrapping_add(i);
            let trace = sampling::generate(model, &[], PROGRAM_LENGTH, true, &sampler, seed)?;
            let tokens: Vec<String> = trace
                .written()
                .into_iter()
                .filter(|t| t != ngram::END)
                .collect();
            parsed += usize::from(parses_as_rust(&trace.text));
            copies += usize::from(training.contains(&tokens));
            if let Some(run) = meter.measure(&trace.pieces).runs.get(1) {
                runs += run.runs;
                copied += run.copied;
            }
        }
        points.push(ParsePoint {
            model: name,
            temperature: t,
            samples: PROGRAMS,
            parsed,
            copies,
            copied_share: copied as f64 / runs.max(1) as f64,
        });
        Ok(())
    };
    for t in PARSE_TEMPERATURES {
        measure("network".into(), writer, t)?;
        for n in PARSE_NS {
            measure(format!("n-gram, n = {n}"), &corpus.ngram(n)?, t)?;
        }
    }
    Ok(points)
}
