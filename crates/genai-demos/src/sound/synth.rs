//! The synthesiser: turns notes into sound, a list of numbers a speaker can play.
//!
//! Sound is air pressure wiggling back and forth. A note of pitch A4 wiggles 440 times a second;
//! the synthesiser writes that wiggle down as samples, thousands of numbers per second between
//! -1 and 1. Each note is a sine wave plus a few quieter waves at whole multiples of its
//! frequency (the harmonics, which give the tone its colour), shaped by an envelope so it
//! swells in and fades out instead of clicking on and off. The samples are then packed into a
//! WAV file by the `hound` library, and played by the page's or the notebook's audio player.

use crate::error::{Error, Result, finite_in};
use crate::math;
use crate::show::chart::{self, Chart, INK, PALETTE, font};
use crate::sound::tune::Note;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;
use std::fmt;
use std::io::Cursor;
use std::path::Path;

/// The tempo used when none is given, in beats per minute: lively, and it keeps an 8-bar tune's
/// WAV file under 300 KB at the default sample rate.
pub const DEFAULT_BPM: f64 = 144.0;

/// The sample rate used when none is given, in samples per second. A quarter of CD quality is
/// plenty for notes below 1 kHz and keeps files small enough to put inline in a page.
pub const DEFAULT_SAMPLE_RATE: u32 = 11_025;

/// The loudest sample after normalising: a little below full scale, so nothing clips.
const PEAK: f64 = 0.9;

/// The longest piece the synthesiser will render, in seconds, so a typo cannot fill memory.
const MAX_SECONDS: f64 = 300.0;

/// The colour of the tone: which harmonics are added to the note's own frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Timbre {
    /// A pure sine wave: smooth, like a whistle.
    Sine,
    /// A sine with softer 2nd, 3rd and 4th harmonics: round, a little like an organ.
    Warm,
    /// The odd harmonics of a square wave (1st, 3rd, 5th, 7th), softened: hollow, like a clarinet.
    SoftSquare,
}

impl Timbre {
    /// The loudness of each harmonic: entry `k` is for `k + 1` times the note's frequency.
    fn harmonics(self) -> &'static [f64] {
        match self {
            Timbre::Sine => &[1.0],
            Timbre::Warm => &[1.0, 0.5, 0.25, 0.12],
            Timbre::SoftSquare => &[1.0, 0.0, 0.33, 0.0, 0.15, 0.0, 0.06],
        }
    }
}

/// How a note's loudness moves over time: it rises during the attack, falls during the decay to
/// the sustain level, holds there, and fades to silence during the release at the note's end.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// Seconds from silence to full loudness.
    pub attack: f64,
    /// Seconds from full loudness down to the sustain level.
    pub decay: f64,
    /// The level held while the note lasts, from 0 to 1.
    pub sustain: f64,
    /// Seconds from the sustain level to silence, at the end of the note.
    pub release: f64,
}

impl Default for Envelope {
    /// A quick attack and a short fade: each note is clearly separate, with no clicks.
    fn default() -> Self {
        Envelope {
            attack: 0.01,
            decay: 0.12,
            sustain: 0.6,
            release: 0.06,
        }
    }
}

impl Envelope {
    /// An envelope; times are seconds from 0 to 2, the sustain level is from 0 to 1.
    pub fn new(attack: f64, decay: f64, sustain: f64, release: f64) -> Result<Envelope> {
        let seconds = "a time in seconds from 0 to 2";
        finite_in("attack", attack, 0.0..=2.0, seconds)?;
        finite_in("decay", decay, 0.0..=2.0, seconds)?;
        finite_in("sustain", sustain, 0.0..=1.0, "a level from 0 to 1")?;
        finite_in("release", release, 0.0..=2.0, seconds)?;
        Ok(Envelope {
            attack,
            decay,
            sustain,
            release,
        })
    }

    /// The loudness `t` seconds into a note lasting `length` seconds, from 0 to 1.
    ///
    /// A short note squeezes its attack and release into a quarter of its length each, so it
    /// still starts and ends at silence.
    ///
    /// ```
    /// use genai_demos::sound::synth::Envelope;
    ///
    /// let env = Envelope::new(0.1, 0.1, 0.5, 0.1)?;
    /// assert_eq!(env.level(0.0, 1.0), 0.0); // silent at the start
    /// assert_eq!(env.level(0.1, 1.0), 1.0); // full after the attack
    /// assert_eq!(env.level(0.5, 1.0), 0.5); // holding the sustain level
    /// assert!(env.level(0.95, 1.0) < 0.5); // fading out
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn level(&self, t: f64, length: f64) -> f64 {
        let attack = self.attack.min(length / 4.0);
        let release = self.release.min(length / 4.0);
        let release_start = length - release;
        let held = |t: f64| {
            if t < attack {
                t / attack
            } else if t < attack + self.decay {
                1.0 - (1.0 - self.sustain) * (t - attack) / self.decay
            } else {
                self.sustain
            }
        };
        let level = if t < release_start || release <= 0.0 {
            held(t)
        } else {
            held(release_start) * (length - t) / release
        };
        level.clamp(0.0, 1.0)
    }
}

/// The frequency of a MIDI pitch in hertz: A4 (69) is 440 Hz, and each step up multiplies by the
/// twelfth root of 2, so twelve steps (an octave) double it.
///
/// ```
/// use genai_demos::sound::synth::frequency;
///
/// assert_eq!(frequency(69), 440.0);
/// assert_eq!(frequency(57), 220.0);
/// ```
pub fn frequency(pitch: u8) -> f64 {
    440.0 * math::powf(2.0, (f64::from(pitch) - 69.0) / 12.0)
}

/// An instrument: a tempo, a sample rate, a timbre and an envelope.
///
/// ```
/// use genai_demos::sound::synth::Synth;
/// use genai_demos::sound::tune::parse_notes;
///
/// let synth = Synth::new(120.0, 8000)?;
/// let audio = synth.render(&parse_notes("C4/1 E4/1 G4/2")?)?;
/// // 4 beats at 120 beats a minute last 2 seconds: 16 000 samples at 8000 a second.
/// assert_eq!(audio.samples().len(), 16_000);
/// let wav = audio.to_wav_bytes()?;
/// assert_eq!(&wav[..4], b"RIFF");
/// # Ok::<(), genai_demos::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Synth {
    bpm: f64,
    sample_rate: u32,
    timbre: Timbre,
    envelope: Envelope,
}

impl Default for Synth {
    fn default() -> Self {
        Synth {
            bpm: DEFAULT_BPM,
            sample_rate: DEFAULT_SAMPLE_RATE,
            timbre: Timbre::Warm,
            envelope: Envelope::default(),
        }
    }
}

impl Synth {
    /// A synthesiser playing at `bpm` beats per minute (40 to 240) and writing `sample_rate`
    /// samples per second (8000 to 48 000), with the warm timbre and the default envelope.
    pub fn new(bpm: f64, sample_rate: u32) -> Result<Synth> {
        finite_in(
            "bpm",
            bpm,
            40.0..=240.0,
            "a tempo from 40 to 240 beats per minute",
        )?;
        if !(8000..=48_000).contains(&sample_rate) {
            return Err(Error::InvalidParameter {
                name: "sample_rate",
                value: sample_rate.to_string(),
                expected: "from 8000 to 48000 samples per second",
            });
        }
        Ok(Synth {
            bpm,
            sample_rate,
            ..Synth::default()
        })
    }

    /// The same synthesiser with another timbre.
    pub fn with_timbre(self, timbre: Timbre) -> Synth {
        Synth { timbre, ..self }
    }

    /// The same synthesiser with another envelope.
    pub fn with_envelope(self, envelope: Envelope) -> Synth {
        Synth { envelope, ..self }
    }

    /// The tempo, in beats per minute.
    pub fn bpm(&self) -> f64 {
        self.bpm
    }

    /// Samples per second.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// Plays `notes` one after another and returns the sound, scaled so the loudest sample is
    /// 0.9: loud, but never past the -1 to 1 a WAV file can hold.
    ///
    /// Each note fills exactly its share of time, `beats × 60 / bpm` seconds, so the whole piece
    /// has `total beats × 60 / bpm × sample rate` samples (rounded).
    pub fn render(&self, notes: &[Note]) -> Result<Audio> {
        if notes.is_empty() {
            return Err(Error::InvalidParameter {
                name: "notes",
                value: "no notes".into(),
                expected: "at least one note to play",
            });
        }
        let mut beats = 0.0;
        for note in notes {
            note.check()?;
            beats += note.beats;
        }
        let seconds_per_beat = 60.0 / self.bpm;
        if beats * seconds_per_beat > MAX_SECONDS {
            return Err(Error::InvalidParameter {
                name: "notes",
                value: format!("{:.0} seconds of music", beats * seconds_per_beat),
                expected: "at most 5 minutes of music",
            });
        }
        let rate = f64::from(self.sample_rate);
        // A note's first sample, counted from the beginning of the piece.
        let sample_at = |beat: f64| (beat * seconds_per_beat * rate).round() as usize;
        let mut samples = vec![0.0_f32; sample_at(beats)];
        let harmonics = self.timbre.harmonics();
        let nyquist = rate / 2.0;
        let mut beat = 0.0;
        for note in notes {
            let (start, end) = (sample_at(beat), sample_at(beat + note.beats));
            beat += note.beats;
            // A rest leaves its samples at 0: silence.
            let Some(pitch) = note.pitch else { continue };
            let f = frequency(pitch);
            let length = (end - start) as f64 / rate;
            for (i, sample) in samples.iter_mut().enumerate().take(end).skip(start) {
                let t = (i - start) as f64 / rate;
                let mut value = 0.0;
                for (k, loudness) in harmonics.iter().enumerate() {
                    let fk = f * (k + 1) as f64;
                    // A harmonic above half the sample rate cannot be written down; skip it.
                    if *loudness > 0.0 && fk < nyquist {
                        value += loudness * math::sin(TAU * fk * t);
                    }
                }
                *sample = (value * self.envelope.level(t, length)) as f32;
            }
        }
        // Normalise: scale everything by the same factor so the loudest sample is PEAK.
        let loudest = samples.iter().fold(0.0_f32, |m, s| m.max(s.abs()));
        if loudest > 0.0 {
            let gain = PEAK / f64::from(loudest);
            for sample in samples.iter_mut() {
                *sample = (f64::from(*sample) * gain) as f32;
            }
        }
        Ok(Audio {
            sample_rate: self.sample_rate,
            samples,
        })
    }
}

/// A finished sound: samples between -1 and 1 at a sample rate. It plays in a notebook, saves
/// as a WAV file, and draws as a waveform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audio {
    sample_rate: u32,
    samples: Vec<f32>,
}

impl Audio {
    /// A sound from samples another synthesiser made (the speech synthesiser), each between -1
    /// and 1 at `sample_rate` samples per second.
    pub(crate) fn from_samples(sample_rate: u32, samples: Vec<f32>) -> Audio {
        Audio {
            sample_rate,
            samples,
        }
    }

    /// Samples per second.
    pub fn sample_rate(&self) -> u32 {
        self.sample_rate
    }

    /// The samples, each between -1 and 1.
    pub fn samples(&self) -> &[f32] {
        &self.samples
    }

    /// How long the sound lasts, in seconds.
    pub fn seconds(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.sample_rate.max(1))
    }

    /// The sound as the bytes of a 16-bit mono WAV file, written by `hound` into memory: each
    /// sample becomes a whole number from -32767 to 32767.
    pub fn to_wav_bytes(&self) -> Result<Vec<u8>> {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: self.sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut file = Cursor::new(Vec::new());
        let wav_error = |e: hound::Error| Error::Io(format!("the WAV could not be written: {e}"));
        {
            let mut writer = hound::WavWriter::new(&mut file, spec).map_err(wav_error)?;
            for &sample in &self.samples {
                let whole = (f64::from(sample).clamp(-1.0, 1.0) * 32767.0).round() as i16;
                writer.write_sample(whole).map_err(wav_error)?;
            }
            writer.finalize().map_err(wav_error)?;
        }
        Ok(file.into_inner())
    }

    /// Writes the WAV file to `path`, for the book's pages or to play outside the notebook.
    pub fn save_wav(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let bytes = self.to_wav_bytes()?;
        std::fs::write(path, bytes).map_err(|e| Error::Io(format!("{}: {e}", path.display())))
    }

    /// An HTML audio player with the whole WAV file inside it, so it plays with no file beside
    /// it: the notebook's view of the sound.
    pub fn html(&self) -> Result<String> {
        let wav = self.to_wav_bytes()?;
        let src = format!(
            "data:audio/wav;base64,{}",
            crate::show::display::base64(&wav)
        );
        Ok(audio_tag(&src, &self.to_string()))
    }

    /// Shows a player in a notebook (evcxr calls this when a cell ends with a sound).
    pub fn evcxr_display(&self) {
        let plain = self.to_string();
        match self.html() {
            Ok(html) => crate::show::display::show(&[("text/html", &html), ("text/plain", &plain)]),
            Err(_) => crate::show::display::show(&[("text/plain", &plain)]),
        }
    }

    /// The whole sound as a waveform: for each thin slice of time, a bar from the lowest sample
    /// to the highest. Each note shows as a swell that rises and fades.
    pub fn waveform(&self) -> Result<Chart> {
        if self.samples.is_empty() {
            return Err(Error::Chart("the sound has no samples to draw".into()));
        }
        // About one column per pixel of the chart.
        let columns = self.samples.len().min(600);
        let rate = f64::from(self.sample_rate.max(1));
        let mut top = Vec::with_capacity(columns);
        let mut bottom = Vec::with_capacity(columns);
        for c in 0..columns {
            let from = c * self.samples.len() / columns;
            let to = ((c + 1) * self.samples.len() / columns).max(from + 1);
            let slice = self.samples.get(from..to).unwrap_or(&[]);
            let high = slice.iter().fold(f32::NEG_INFINITY, |m, &s| m.max(s));
            let low = slice.iter().fold(f32::INFINITY, |m, &s| m.min(s));
            let t = from as f64 / rate;
            top.push((t, f64::from(high)));
            bottom.push((t, f64::from(low)));
        }
        // One outline: along the highs left to right, back along the lows right to left.
        let mut outline = top;
        outline.extend(bottom.into_iter().rev());
        let title = "The waveform: one swell of sound per note";
        let seconds = self.seconds();
        Chart::draw(title, (chart::WIDTH, 300), |root| {
            let mut wave = ChartBuilder::on(root)
                .caption(title, font(22))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(56)
                .build_cartesian_2d(0.0..seconds, -1.0..1.0)?;
            chart::mesh(&mut wave, "time (seconds)", "air pressure")?;
            wave.draw_series([Polygon::new(outline, PALETTE[2].filled())])?;
            Ok(())
        })
    }

    /// A close-up of `length` seconds (1 ms to 0.2 s) starting at `start`: the individual
    /// samples, joined by a line. The wiggles are the pitch: more of them per second is higher.
    ///
    /// ```
    /// use genai_demos::sound::synth::Synth;
    /// use genai_demos::sound::tune::parse_notes;
    ///
    /// let audio = Synth::default().render(&parse_notes("A4/2")?)?;
    /// let close_up = audio.waveform_zoom(0.2, 0.02)?; // 20 ms: about 9 wiggles of 440 Hz
    /// assert!(close_up.svg().starts_with("<svg"));
    /// # Ok::<(), genai_demos::Error>(())
    /// ```
    pub fn waveform_zoom(&self, start: f64, length: f64) -> Result<Chart> {
        let seconds = self.seconds();
        finite_in(
            "start",
            start,
            0.0..=seconds,
            "a time in seconds inside the sound",
        )?;
        finite_in("length", length, 0.001..=0.2, "from 0.001 to 0.2 seconds")?;
        let rate = f64::from(self.sample_rate.max(1));
        let from = (start * rate) as usize;
        let to = (((start + length) * rate) as usize).min(self.samples.len());
        if to <= from + 1 {
            return Err(Error::Chart(
                "the close-up holds fewer than two samples".into(),
            ));
        }
        // At most about 2000 points, so the SVG stays small at any sample rate.
        let step = (to - from).div_ceil(2000);
        let mut points = Vec::new();
        for i in (from..to).step_by(step) {
            if let Some(&s) = self.samples.get(i) {
                points.push(((i as f64 / rate - start) * 1000.0, f64::from(s)));
            }
        }
        let title = format!(
            "A close-up of {:.0} ms: the wiggles are the pitch",
            length * 1000.0
        );
        Chart::draw(&title, (chart::WIDTH, 300), |root| {
            let mut wave = ChartBuilder::on(root)
                .caption(&title, font(22))
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(56)
                .build_cartesian_2d(0.0..length * 1000.0, -1.0..1.0)?;
            chart::mesh(
                &mut wave,
                &format!("milliseconds after {start:.2} s"),
                "air pressure",
            )?;
            wave.draw_series(LineSeries::new(points, PALETTE[2].stroke_width(2)))?;
            wave.draw_series(LineSeries::new(
                [(0.0, 0.0), (length * 1000.0, 0.0)],
                INK.mix(0.3),
            ))?;
            Ok(())
        })
    }
}

impl fmt::Display for Audio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.1} seconds of sound, {} samples a second, 16-bit mono",
            self.seconds(),
            self.sample_rate
        )
    }
}

/// An HTML `<audio>` player for the sound at `src` (a file name next to the page, or a `data:`
/// address), labelled for screen readers. The book's pages use it with the WAV written beside
/// the page at build time.
///
/// ```
/// let tag = genai_demos::sound::synth::audio_tag("tune.wav", "A new tune");
/// assert!(tag.starts_with("<audio controls"));
/// assert!(tag.contains("src=\"tune.wav\""));
/// ```
pub fn audio_tag(src: &str, label: &str) -> String {
    format!(
        "<audio controls preload=\"metadata\" src=\"{}\" aria-label=\"{}\">\
         Your browser cannot play WAV audio.</audio>",
        crate::show::display::escape_xml(src),
        crate::show::display::escape_xml(label)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sound::melody::{Length, MelodyModel};
    use crate::sound::tune::parse_notes;

    fn notes(text: &str) -> Vec<Note> {
        parse_notes(text).unwrap()
    }

    #[test]
    fn sample_count_is_duration_times_rate() {
        let synth = Synth::new(120.0, 8000).unwrap();
        // 4 beats at 120 bpm = 2 s = 16 000 samples.
        let audio = synth.render(&notes("C4/1 E4/1 R/1 G4/1")).unwrap();
        assert_eq!(audio.samples().len(), 16_000);
        assert_eq!(audio.seconds(), 2.0);
        // 3.5 beats at 90 bpm = 2.333... s at 22 050 Hz = 51 450 samples.
        let synth = Synth::new(90.0, 22_050).unwrap();
        let audio = synth.render(&notes("A4/0.5 A4/3")).unwrap();
        assert_eq!(audio.samples().len(), 51_450);
    }

    #[test]
    fn samples_stay_in_range_and_peak_at_point_nine() {
        for timbre in [Timbre::Sine, Timbre::Warm, Timbre::SoftSquare] {
            let synth = Synth::default().with_timbre(timbre);
            let audio = synth.render(&notes("G3/1 C4/0.5 E5/2 A4/0.25")).unwrap();
            let peak = audio.samples().iter().fold(0.0_f32, |m, s| m.max(s.abs()));
            assert!((peak - 0.9).abs() < 1e-6, "{timbre:?}: {peak}");
            assert!(audio.samples().iter().all(|s| s.is_finite()));
        }
    }

    #[test]
    fn rests_are_silent_and_notes_start_and_end_at_silence() {
        let synth = Synth::new(60.0, 8000).unwrap();
        let audio = synth.render(&notes("R/1 A4/1 R/1")).unwrap();
        let s = audio.samples();
        assert!(s[..8000].iter().all(|&x| x == 0.0));
        assert!(s[16_000..].iter().all(|&x| x == 0.0));
        assert_eq!(s[8000], 0.0);
        assert!(s[15_999].abs() < 0.01);
        // Only rests: all silence, no division by zero.
        let quiet = synth.render(&notes("R/2")).unwrap();
        assert!(quiet.samples().iter().all(|&x| x == 0.0));
    }

    #[test]
    fn the_pitch_is_the_number_of_wiggles() {
        // One second of a pure A4 crosses zero upward about 440 times.
        let synth = Synth::new(60.0, 22_050).unwrap().with_timbre(Timbre::Sine);
        let audio = synth.render(&notes("A4/1")).unwrap();
        let s = audio.samples();
        let upward = s.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
        assert!((438..=441).contains(&upward), "{upward}");
    }

    #[test]
    fn envelope_by_hand() {
        let env = Envelope::new(0.1, 0.2, 0.5, 0.1).unwrap();
        // Halfway up the attack, then halfway down the decay (from 1 toward 0.5).
        assert!((env.level(0.05, 2.0) - 0.5).abs() < 1e-12);
        assert!((env.level(0.2, 2.0) - 0.75).abs() < 1e-12);
        assert_eq!(env.level(1.0, 2.0), 0.5);
        // Halfway through the release: half the sustain level.
        assert!((env.level(1.95, 2.0) - 0.25).abs() < 1e-12);
        // A 0.2 s note squeezes attack and release into 0.05 s each.
        assert!((env.level(0.025, 0.2) - 0.5).abs() < 1e-12);
        assert!(env.level(0.2, 0.2).abs() < 1e-12);
        for bad in [
            Envelope::new(-0.1, 0.1, 0.5, 0.1),
            Envelope::new(0.1, f64::NAN, 0.5, 0.1),
            Envelope::new(0.1, 0.1, 1.5, 0.1),
            Envelope::new(0.1, 0.1, 0.5, 3.0),
        ] {
            assert!(matches!(bad, Err(Error::InvalidParameter { .. })));
        }
    }

    #[test]
    fn the_wav_reads_back_with_hound() {
        let synth = Synth::new(120.0, 11_025).unwrap();
        let audio = synth.render(&notes("C4/1 D4/1 E4/2")).unwrap();
        let bytes = audio.to_wav_bytes().unwrap();
        // A plain 44-byte header, then 2 bytes per sample.
        assert_eq!(bytes.len(), 44 + 2 * 22_050);
        let mut reader = hound::WavReader::new(Cursor::new(bytes)).unwrap();
        let spec = reader.spec();
        assert_eq!(spec.channels, 1);
        assert_eq!(spec.bits_per_sample, 16);
        assert_eq!(spec.sample_rate, 11_025);
        assert_eq!(spec.sample_format, hound::SampleFormat::Int);
        assert_eq!(reader.len(), 22_050);
        let read: Vec<i16> = reader.samples::<i16>().map(|s| s.unwrap()).collect();
        let peak = read.iter().map(|s| s.unsigned_abs()).max().unwrap();
        assert_eq!(peak, (0.9_f64 * 32767.0).round() as u16);
        // Each sample read back is the float sample in whole steps of 1/32767.
        for (&int, &float) in read.iter().zip(audio.samples()).step_by(97) {
            assert!((f64::from(int) / 32767.0 - f64::from(float)).abs() < 1e-4);
        }
    }

    #[test]
    fn save_wav_writes_the_same_bytes() {
        let audio = Synth::default().render(&notes("E4/1")).unwrap();
        let path = std::env::temp_dir().join("genai-demos-synth-test.wav");
        audio.save_wav(&path).unwrap();
        let written = std::fs::read(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert_eq!(written, audio.to_wav_bytes().unwrap());
        let nowhere = std::env::temp_dir().join("no-such-dir-genai").join("x.wav");
        assert!(matches!(audio.save_wav(nowhere), Err(Error::Io(_))));
    }

    #[test]
    fn html_player_holds_the_wav() {
        let audio = Synth::default().render(&notes("C4/1")).unwrap();
        let html = audio.html().unwrap();
        // "RIFF" in base64 begins "UklGR".
        assert!(
            html.contains("src=\"data:audio/wav;base64,UklGR"),
            "{html:.80}"
        );
        assert!(html.starts_with("<audio controls"));
        let tag = audio_tag("a\"b.wav", "x < y");
        assert!(tag.contains("src=\"a&quot;b.wav\"") && tag.contains("x &lt; y"));
    }

    #[test]
    fn bad_settings_are_errors() {
        for bpm in [0.0, 39.9, 241.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Synth::new(bpm, 11_025),
                Err(Error::InvalidParameter { name: "bpm", .. })
            ));
        }
        for rate in [0, 7999, 48_001] {
            assert!(matches!(
                Synth::new(120.0, rate),
                Err(Error::InvalidParameter {
                    name: "sample_rate",
                    ..
                })
            ));
        }
        let synth = Synth::default();
        assert!(synth.render(&[]).is_err());
        let bad = Note {
            pitch: Some(60),
            beats: -1.0,
        };
        assert!(synth.render(&[bad]).is_err());
        let long = vec![
            Note {
                pitch: Some(60),
                beats: 16.0
            };
            200
        ];
        assert!(synth.render(&long).is_err(), "22 minutes must be refused");
        let audio = synth.render(&notes("C4/1")).unwrap();
        assert!(audio.waveform_zoom(-1.0, 0.01).is_err());
        assert!(audio.waveform_zoom(0.0, 5.0).is_err());
        assert!(audio.waveform_zoom(f64::NAN, 0.01).is_err());
        assert!(audio.waveform_zoom(audio.seconds(), 0.01).is_err());
    }

    #[test]
    fn an_eight_bar_tune_end_to_end() {
        // How fast this is, is a target of `cargo xtask bench` (the audio generator's rows);
        // a test on a shared machine does not time it.
        let model = MelodyModel::bakery(2).unwrap();
        let melody = model.generate(2024, Length::Beats(32.0), 1.0).unwrap();
        let audio = Synth::default().render(&melody.notes).unwrap();
        let wav = audio.to_wav_bytes().unwrap();
        // 32 beats at 144 bpm = 13.33 s = 147 000 samples.
        assert_eq!(audio.samples().len(), 147_000);
        assert!(wav.len() < 300_000, "{} bytes", wav.len());
        // Same seed, same bytes.
        let again = Synth::default()
            .render(
                &model
                    .generate(2024, Length::Beats(32.0), 1.0)
                    .unwrap()
                    .notes,
            )
            .unwrap();
        assert_eq!(again.to_wav_bytes().unwrap(), wav);
    }

    #[test]
    fn waveform_charts_are_deterministic() {
        let audio = Synth::default()
            .render(&notes("C4/1 R/0.5 G4/1.5"))
            .unwrap();
        let a = audio.waveform().unwrap();
        assert_eq!(a.svg(), audio.waveform().unwrap().svg());
        assert!(a.svg().contains("one swell of sound per note"));
        let z = audio.waveform_zoom(0.1, 0.02).unwrap();
        assert!(z.svg().contains("20 ms"));
        assert!(z.svg().contains("<polyline"));
    }
}
