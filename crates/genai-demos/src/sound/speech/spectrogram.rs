//! The spectrogram: which frequencies are loud at each moment, as a picture.
//!
//! The sound is cut into short overlapping slices (16 milliseconds, a new one every 5). Each
//! slice is faded at its ends and taken apart into its frequencies by a Fourier transform; the
//! loudness of each frequency becomes a grey, dark for loud. Time runs across, frequency up, and
//! the formants of the vowels show as dark bands that move as the mouth moves.
//!
//! [`slices`] computes the transform as its formula reads, one sum per frequency (the
//! notebooks use it: it needs no other crate). With the `spectrogram` feature, the book and
//! the page use [`slices_fft`], the same numbers from a fast Fourier transform (the `realfft`
//! crate); a test checks that the two agree.

use crate::error::{Error, Result};
use crate::math;
use crate::show::chart::{self, Chart, INK, font};
use crate::sound::synth::Audio;
use plotters::prelude::*;
use std::f64::consts::PI;

/// Samples in a slice.
const SLICE: usize = 256;

/// The highest frequency drawn, in hertz: the first three formants of every voice sit below.
const TOP_HZ: f64 = 5000.0;

/// How the sound is cut: samples between slice starts, and frequency steps kept up to 5 kHz.
fn layout(audio: &Audio) -> Result<(usize, usize)> {
    if audio.samples().len() < SLICE {
        return Err(Error::InvalidParameter {
            name: "sound",
            value: format!("{} samples long", audio.samples().len()),
            expected: "at least 256 samples long",
        });
    }
    let hop = (audio.sample_rate() / 200).max(1) as usize;
    let bins = ((TOP_HZ / f64::from(audio.sample_rate()) * SLICE as f64) as usize).min(SLICE / 2);
    Ok((hop, bins))
}

/// The fade at the ends of a slice (a Hann window): 0 at the edges, 1 in the middle.
fn fade(i: usize) -> f64 {
    0.5 - 0.5 * math::cos(2.0 * PI * i as f64 / SLICE as f64)
}

/// A power in decibels.
fn decibels(power: f64) -> f64 {
    10.0 * math::log2(power + 1e-12) * std::f64::consts::LOG10_2
}

/// The loudness of each frequency in each slice, in decibels: one row per slice, one entry per
/// frequency step (`sample rate / 256` hertz apart) up to 5 kHz. Frequency step `k` of a faded
/// slice `x` is the sum over its samples of `x[n]·cos(2π·k·n/256)` (and the same with `sin`);
/// its loudness is the square of the two sums, added.
///
/// ```
/// use genai_demos::sound::speech::{speak::speak, spectrogram::slices, voice::VoiceModel};
///
/// // "hod" in the average voice: one row every 5 ms, 80 steps of 62.5 Hz up to 5 kHz.
/// let voice = VoiceModel::learn()?.average_voice();
/// let sound = speak("hod", &voice, 1)?.audio;
/// let rows = slices(&sound)?;
/// assert_eq!(rows[0].len(), 80);
/// assert_eq!(rows.len(), (sound.samples().len() - 256) / 80 + 1);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn slices(audio: &Audio) -> Result<Vec<Vec<f64>>> {
    let (hop, bins) = layout(audio)?;
    let samples = audio.samples();
    // The cosines and sines of every step and sample, computed once.
    let turn = |k: usize, n: usize| 2.0 * PI * ((k * n) % SLICE) as f64 / SLICE as f64;
    let cos: Vec<f64> = (0..bins * SLICE)
        .map(|i| math::cos(turn(i / SLICE, i % SLICE)))
        .collect();
    let sin: Vec<f64> = (0..bins * SLICE)
        .map(|i| math::sin(turn(i / SLICE, i % SLICE)))
        .collect();
    let mut rows = Vec::new();
    let mut start = 0;
    while start + SLICE <= samples.len() {
        let x: Vec<f64> = (0..SLICE)
            .map(|i| f64::from(samples[start + i]) * fade(i))
            .collect();
        let row = (0..bins)
            .map(|k| {
                let (c, s) = (&cos[k * SLICE..][..SLICE], &sin[k * SLICE..][..SLICE]);
                let re: f64 = x.iter().zip(c).map(|(x, c)| x * c).sum();
                let im: f64 = x.iter().zip(s).map(|(x, s)| x * s).sum();
                decibels(re * re + im * im)
            })
            .collect();
        rows.push(row);
        start += hop;
    }
    Ok(rows)
}

/// [`slices`] by a fast Fourier transform: the same numbers (to rounding) in far fewer steps.
#[cfg(feature = "spectrogram")]
pub fn slices_fft(audio: &Audio) -> Result<Vec<Vec<f64>>> {
    let (hop, bins) = layout(audio)?;
    let samples = audio.samples();
    let fft = realfft::RealFftPlanner::<f64>::new().plan_fft_forward(SLICE);
    let mut input = fft.make_input_vec();
    let mut output = fft.make_output_vec();
    let mut rows = Vec::new();
    let mut start = 0;
    while start + SLICE <= samples.len() {
        for (i, x) in input.iter_mut().enumerate() {
            *x = f64::from(samples[start + i]) * fade(i);
        }
        fft.process(&mut input, &mut output)
            .map_err(|e| Error::Chart(format!("the FFT failed: {e}")))?;
        rows.push(
            output[..bins]
                .iter()
                .map(|c| decibels(c.norm_sqr()))
                .collect(),
        );
        start += hop;
    }
    Ok(rows)
}

/// The spectrogram chart of `audio`: seconds across, hertz up, loud in dark grey; the top 60
/// decibels are shown, everything quieter is white.
pub fn chart(audio: &Audio, title: &str) -> Result<Chart> {
    #[cfg(feature = "spectrogram")]
    let rows = slices_fft(audio)?;
    #[cfg(not(feature = "spectrogram"))]
    let rows = slices(audio)?;
    let (columns, height) = (rows.len(), rows[0].len());
    let loudest = rows
        .iter()
        .flatten()
        .fold(f64::NEG_INFINITY, |m, v| m.max(*v));
    let mut greys = vec![255_u8; columns * height];
    for (x, row) in rows.iter().enumerate() {
        for (y, db) in row.iter().enumerate() {
            let level = ((db - loudest + 60.0) / 60.0).clamp(0.0, 1.0);
            // Row 0 of the picture is the top: the highest frequency.
            greys[(height - 1 - y) * columns + x] = (255.0 - 235.0 * level).round() as u8;
        }
    }
    let seconds = audio.seconds();
    Chart::draw(title, (chart::WIDTH, 300), |root| {
        let mut c = ChartBuilder::on(root)
            .caption(title, font(20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..seconds, 0.0..TOP_HZ)?;
        let (left, top) = c.backend_coord(&(0.0, TOP_HZ));
        let (right, bottom) = c.backend_coord(&(seconds, 0.0));
        chart::pixel_grid(
            root,
            (left, top),
            ((right - left).max(1) as u32, (bottom - top).max(1) as u32),
            (columns, height),
            &greys,
        )?;
        chart::styled(&mut c.configure_mesh())
            .x_desc("seconds")
            .y_desc("Hz")
            .draw()?;
        root.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            INK.stroke_width(1),
        ))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sound::speech::speak::speak;
    use crate::sound::speech::voice::VoiceModel;

    #[test]
    fn a_vowel_is_loudest_near_its_first_formant() {
        let voice = VoiceModel::learn().unwrap().average_voice();
        let speech = speak("hod", &voice, 1).unwrap();
        let rows = slices(&speech.audio).unwrap();
        let v = speech.vowels[0];
        let middle = rows[(v.start + v.end) / 2 / 80].clone();
        let loudest = (0..middle.len())
            .max_by(|&a, &b| middle[a].total_cmp(&middle[b]))
            .unwrap();
        let hz = loudest as f64 * 16_000.0 / 256.0;
        let [f1, f2, _] = voice.vowel(crate::sound::speech::vowels::Vowel::Hod);
        assert!(hz > 0.7 * f1 && hz < 1.2 * f2, "{hz}");
        let svg = chart(&speech.audio, "hod").unwrap();
        assert!(svg.svg().contains("data:image/png;base64"));
    }

    /// The plain sums and the fast transform give the same loudness, to a thousandth of a
    /// decibel, wherever the sound is not silent.
    #[cfg(feature = "spectrogram")]
    #[test]
    fn the_plain_sums_and_the_fft_agree() {
        let model = VoiceModel::learn().unwrap();
        for seed in [1, 2] {
            let voice = model.new_voice(seed).unwrap();
            let speech = speak("a new voice says this", &voice, seed).unwrap();
            let (plain, fast) = (
                slices(&speech.audio).unwrap(),
                slices_fft(&speech.audio).unwrap(),
            );
            assert_eq!(plain.len(), fast.len());
            for (p, f) in plain.iter().flatten().zip(fast.iter().flatten()) {
                if *f > -60.0 {
                    assert!((p - f).abs() < 1e-3, "{p} dB against {f} dB");
                }
            }
        }
    }
}
