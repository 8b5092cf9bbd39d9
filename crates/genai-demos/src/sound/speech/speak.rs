//! Phonemes to sound: formant tracks, then a source-filter synthesiser in the manner of Klatt's.
//!
//! A voice is a *source* and a *filter*. The source is the vocal folds: a buzz of puffs of air,
//! one per period of the pitch, plus a hiss of breath. The filter is the throat and mouth,
//! whose shape picks which frequencies ring: the formants. Change the shape (move the tongue)
//! and the formants move, and "ee" becomes "ah". The synthesiser copies that: a buzz and a hiss
//! go through a chain of four [`Resonator`]s set to the formants; consonants add short bursts and
//! long hisses of noise through a resonator of their own.
//!
//! First the phonemes become *tracks*: every 5 milliseconds, where the three formants are and
//! how loud the buzz, the breath and the hiss are. The vowels' formants come from the learned
//! [`Voice`]; everything else here is rules written by hand.

use crate::error::Result;
use crate::random;
use crate::sound::speech::pronounce::{Phone, Word, words};
use crate::sound::speech::resonator::Resonator;
use crate::sound::speech::voice::Voice;
use crate::sound::speech::vowels::Vowel;
use crate::sound::synth::Audio;
use serde::{Deserialize, Serialize};

/// The speech synthesiser's sample rate: enough for the hiss of an "s" near 5 kHz.
pub const SAMPLE_RATE: u32 = 16_000;

/// Samples in a frame of the tracks: 5 milliseconds.
const FRAME: usize = SAMPLE_RATE as usize / 200;

/// The loudest sample after normalising, as the music synthesiser does.
const PEAK: f64 = 0.9;

/// The fourth formant, for a speaker of scale 1: it barely moves between vowels.
const F4: f64 = 3600.0;

/// The bandwidths of the four formants, in hertz.
const BANDWIDTHS: [f64; 4] = [70.0, 100.0, 160.0, 250.0];

/// One 5-millisecond step of the tracks.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// F1, F2, F3 in hertz.
    pub formants: [f64; 3],
    /// Loudness of the buzz of the vocal folds, 0 to 1.
    pub voicing: f64,
    /// Loudness of breath noise through the formants (an "h", a puff after a "p").
    pub aspiration: f64,
    /// Loudness of the hiss made at a narrow gap (an "s", an "f", the burst of a "t").
    pub frication: f64,
    /// The centre of that hiss, in hertz.
    pub hiss: f64,
}

/// Where one vowel sits in the sound, in samples.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spoken {
    /// Which vowel.
    pub vowel: Vowel,
    /// Its first sample.
    pub start: usize,
    /// One past its last sample.
    pub end: usize,
}

/// A spoken text: its words, the tracks, the sound, and where its plain vowels are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speech {
    /// The words and their phonemes.
    pub words: Vec<Word>,
    /// The tracks, one frame per 5 milliseconds.
    pub frames: Vec<Frame>,
    /// The sound.
    pub audio: Audio,
    /// The vowels of the study (not the glides like "ay"), where they were spoken.
    pub vowels: Vec<Spoken>,
}

/// A stretch of the tracks with steady settings: a vowel, a closure, a hiss.
#[derive(Debug, Clone, Copy)]
struct Segment {
    ms: f64,
    /// None: take the formants of the next segment that has them (an "h" is shaped by its vowel).
    formants: Option<[f64; 3]>,
    voicing: f64,
    aspiration: f64,
    frication: f64,
    hiss: f64,
    vowel: Option<Vowel>,
}

impl Segment {
    fn new(ms: f64, formants: Option<[f64; 3]>) -> Segment {
        Segment {
            ms,
            formants,
            voicing: 0.0,
            aspiration: 0.0,
            frication: 0.0,
            hiss: 4000.0,
            vowel: None,
        }
    }

    fn voiced(self, voicing: f64) -> Segment {
        Segment { voicing, ..self }
    }

    fn hissed(self, frication: f64, hiss: f64) -> Segment {
        Segment {
            frication,
            hiss,
            ..self
        }
    }
}

/// Says `text` in `voice`; `seed` drives the breath and hiss noise.
///
/// ```
/// use genai_demos::sound::speech::{speak::speak, voice::VoiceModel};
///
/// let voice = VoiceModel::learn()?.new_voice(1)?;
/// let speech = speak("hello", &voice, 7)?;
/// assert!(speech.audio.seconds() > 0.3);
/// assert_eq!(speech, speak("hello", &voice, 7)?);
/// # Ok::<(), genai_demos::Error>(())
/// ```
pub fn speak(text: &str, voice: &Voice, seed: u64) -> Result<Speech> {
    let words = words(text)?;
    let segments = segments(&words, voice);
    let mut frames = Vec::new();
    let mut vowels = Vec::new();
    for s in &segments {
        let n = (s.ms / 5.0).round() as usize;
        if let Some(vowel) = s.vowel {
            let start = frames.len() * FRAME;
            vowels.push(Spoken {
                vowel,
                start,
                end: start + n * FRAME,
            });
        }
        let formants = s.formants.unwrap_or(voice.vowel(Vowel::Hud));
        frames.extend(std::iter::repeat_n(
            Frame {
                formants,
                voicing: s.voicing,
                aspiration: s.aspiration,
                frication: s.frication,
                hiss: s.hiss,
            },
            n,
        ));
    }
    let frames = smooth(&frames);
    let samples = synthesise(&frames, voice, seed);
    Ok(Speech {
        words,
        frames,
        audio: Audio::from_samples(SAMPLE_RATE, samples),
        vowels,
    })
}

/// The segments of the whole text: 50 ms of silence at each end, 150 ms at a pause.
fn segments(words: &[Word], voice: &Voice) -> Vec<Segment> {
    let silence = || Segment::new(50.0, None);
    let mut out = vec![silence()];
    for word in words {
        let vowels = word.phones.iter().filter(|p| p.is_vowel()).count();
        let mut first_vowel = true;
        for &phone in &word.phones {
            let stressed = phone.is_vowel() && first_vowel;
            if phone.is_vowel() {
                first_vowel = false;
            }
            out.extend(phone_segments(phone, voice, stressed, vowels == 1));
        }
        if word.pause_after {
            out.push(Segment::new(150.0, None));
        }
    }
    out.push(silence());
    // An "h" or a puff of breath takes the formants of the vowel after it; silence too.
    let mut next = voice.vowel(Vowel::Hud);
    for s in out.iter_mut().rev() {
        match s.formants {
            Some(f) => next = f,
            None => s.formants = Some(next),
        }
    }
    out
}

/// A consonant's formants for a speaker of scale 1, by where the mouth closes.
fn locus(phone: Phone) -> [f64; 3] {
    use Phone::*;
    match phone {
        P | B | M | F | V => [300.0, 1000.0, 2400.0],
        K | G | NG => [300.0, 2100.0, 2700.0],
        SH | ZH | CH | JH => [300.0, 2200.0, 3000.0],
        R => [380.0, 1200.0, 1700.0],
        L => [400.0, 1100.0, 2900.0],
        W => [330.0, 800.0, 2400.0],
        Y => [300.0, 2400.0, 3200.0],
        _ => [300.0, 1800.0, 2900.0],
    }
}

/// The segments of one phone.
fn phone_segments(phone: Phone, voice: &Voice, stressed: bool, only_vowel: bool) -> Vec<Segment> {
    use Phone::*;
    let k = voice.scale;
    let at = |f: [f64; 3]| Some(f.map(|hz| hz * k));
    let place = at(locus(phone));
    let vowel = |v: Vowel, ms: f64| Segment {
        vowel: Some(v),
        ..Segment::new(ms, Some(voice.vowel(v))).voiced(1.0)
    };
    let length = if only_vowel {
        220.0
    } else if stressed {
        160.0
    } else {
        90.0
    };
    let glide = |a: Vowel, b: Vowel| {
        let mut first = vowel(a, length * 0.6);
        first.vowel = None;
        let mut second = vowel(b, length * 0.6);
        second.vowel = None;
        vec![first, second]
    };
    let hiss = |hz: f64| (hz * k).min(0.45 * f64::from(SAMPLE_RATE));
    let burst = |hz: f64| Segment::new(15.0, place).hissed(0.9, hiss(hz));
    let closure = |voiced: bool| Segment::new(60.0, place).voiced(if voiced { 0.15 } else { 0.0 });
    let puff = Segment {
        aspiration: 0.5,
        ..Segment::new(40.0, None)
    };
    match phone {
        IY => vec![vowel(Vowel::Heed, length)],
        IH => vec![vowel(Vowel::Hid, length)],
        EH => vec![vowel(Vowel::Head, length)],
        AE => vec![vowel(Vowel::Had, length)],
        AA => vec![vowel(Vowel::Hod, length)],
        AO => vec![vowel(Vowel::Hawed, length)],
        UH => vec![vowel(Vowel::Hood, length)],
        UW => vec![vowel(Vowel::Whod, length)],
        AH => vec![vowel(Vowel::Hud, length)],
        ER => vec![vowel(Vowel::Heard, length)],
        AX => {
            let (a, b) = (voice.vowel(Vowel::Hud), voice.vowel(Vowel::Hid));
            let middle = [0, 1, 2].map(|j| (a[j] + b[j]) / 2.0);
            vec![Segment::new(70.0, Some(middle)).voiced(0.8)]
        }
        EY => glide(Vowel::Head, Vowel::Heed),
        AY => glide(Vowel::Hod, Vowel::Hid),
        OW => glide(Vowel::Hawed, Vowel::Hood),
        AW => glide(Vowel::Had, Vowel::Hood),
        OY => glide(Vowel::Hawed, Vowel::Heed),
        P => vec![closure(false), burst(1200.0), puff],
        T => vec![closure(false), burst(4000.0), puff],
        K => vec![closure(false), burst(2200.0), puff],
        B => vec![closure(true), burst(1200.0)],
        D => vec![closure(true), burst(4000.0)],
        G => vec![closure(true), burst(2200.0)],
        CH => vec![
            closure(false),
            Segment::new(90.0, place).hissed(0.8, hiss(2800.0)),
        ],
        JH => vec![
            closure(true),
            Segment::new(70.0, place)
                .hissed(0.5, hiss(2800.0))
                .voiced(0.4),
        ],
        S => vec![Segment::new(100.0, place).hissed(0.8, hiss(5000.0))],
        Z => vec![
            Segment::new(80.0, place)
                .hissed(0.5, hiss(5000.0))
                .voiced(0.4),
        ],
        SH => vec![Segment::new(100.0, place).hissed(0.8, hiss(2800.0))],
        ZH => vec![
            Segment::new(80.0, place)
                .hissed(0.5, hiss(2800.0))
                .voiced(0.4),
        ],
        F | TH => vec![Segment::new(90.0, place).hissed(0.3, hiss(6000.0))],
        V | DH => vec![
            Segment::new(60.0, place)
                .hissed(0.2, hiss(6000.0))
                .voiced(0.5),
        ],
        HH => vec![Segment {
            aspiration: 0.6,
            ..Segment::new(70.0, None)
        }],
        M | N | NG => {
            let mut nasal = place.unwrap_or([300.0; 3]);
            nasal[0] = 250.0 * k;
            vec![Segment::new(70.0, Some(nasal)).voiced(0.5)]
        }
        L | R | W | Y => vec![Segment::new(70.0, place).voiced(0.8)],
    }
}

/// Glides the tracks: formants by an average over 50 ms, loudness over 15 ms, so the mouth
/// moves from sound to sound instead of jumping.
fn smooth(frames: &[Frame]) -> Vec<Frame> {
    let average = |i: usize, reach: usize, get: &dyn Fn(&Frame) -> f64| {
        let from = i.saturating_sub(reach);
        let to = (i + reach + 1).min(frames.len());
        frames[from..to].iter().map(get).sum::<f64>() / (to - from) as f64
    };
    (0..frames.len())
        .map(|i| Frame {
            formants: [0, 1, 2].map(|j| average(i, 5, &|f: &Frame| f.formants[j])),
            voicing: average(i, 1, &|f: &Frame| f.voicing),
            aspiration: average(i, 1, &|f: &Frame| f.aspiration),
            frication: average(i, 1, &|f: &Frame| f.frication),
            hiss: frames[i].hiss,
        })
        .collect()
}

/// The source-filter synthesiser: the tracks as samples between -1 and 1.
///
/// The buzz: in each period, while the folds are open (the first 60% of it), the air flow
/// rises and falls as `x² - x³`; the synthesiser uses the flow's rate of change, `2x - 3x²`,
/// which is what the ear hears after the lips. The pitch falls gently over the sentence, as it
/// does when people speak. Buzz and breath go through the four formant resonators in a row
/// (the cascade); the hiss goes through a resonator of its own, beside them.
fn synthesise(frames: &[Frame], voice: &Voice, seed: u64) -> Vec<f32> {
    let rate = f64::from(SAMPLE_RATE);
    let mut rng = random::seeded(seed);
    let total = frames.len() * FRAME;
    let mut cascade = [Resonator::default(); 4];
    let mut hiss = Resonator::default();
    let mut phase = 0.0;
    let mut last_noise = 0.0;
    let mut samples = Vec::with_capacity(total);
    for n in 0..total {
        // Between the middles of two frames, every setting moves in a straight line.
        let position = n as f64 / FRAME as f64 - 0.5;
        let i = (position.max(0.0) as usize).min(frames.len() - 1);
        let next = (i + 1).min(frames.len() - 1);
        let w = (position - i as f64).clamp(0.0, 1.0);
        let mix = |a: f64, b: f64| a + (b - a) * w;
        let (now, then) = (&frames[i], &frames[next]);
        let progress = n as f64 / total as f64;
        let f0 = voice.f0 * (1.1 - 0.25 * progress);
        phase += f0 / rate;
        if phase >= 1.0 {
            phase -= 1.0;
        }
        let buzz = if phase < 0.6 {
            let x = phase / 0.6;
            2.0 * x - 3.0 * x * x
        } else {
            0.0
        };
        let noise = 2.0 * random::uniform(&mut rng) - 1.0;
        let mut x = mix(now.voicing, then.voicing) * buzz
            + mix(now.aspiration, then.aspiration) * noise * 0.5;
        for (j, r) in cascade.iter_mut().enumerate() {
            let centre = if j < 3 {
                mix(now.formants[j], then.formants[j])
            } else {
                F4 * voice.scale
            };
            r.tune(centre, BANDWIDTHS[j], rate);
            x = r.step(x);
        }
        // The hiss: noise with its low end removed (each sample minus the last), then shaped.
        hiss.tune(now.hiss, now.hiss * 0.3, rate);
        let fricative = hiss.step(noise - last_noise) * mix(now.frication, then.frication);
        last_noise = noise;
        samples.push(x + fricative * 2.0);
    }
    let loudest = samples.iter().fold(0.0_f64, |m, s| m.max(s.abs()));
    let gain = if loudest > 0.0 { PEAK / loudest } else { 0.0 };
    samples.iter().map(|s| (s * gain) as f32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sound::speech::voice::VoiceModel;
    use std::io::Cursor;

    #[test]
    fn the_wav_has_the_right_header_and_length() {
        let voice = VoiceModel::learn().unwrap().new_voice(2).unwrap();
        let speech = speak("heed, who'd", &voice, 1).unwrap();
        // 50 + 220 ms per word with its h and d, a 150 ms pause, 50 ms: a whole number of frames.
        assert_eq!(speech.audio.samples().len(), speech.frames.len() * FRAME);
        let bytes = speech.audio.to_wav_bytes().unwrap();
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(&bytes[8..12], b"WAVE");
        let reader = hound::WavReader::new(Cursor::new(&bytes)).unwrap();
        let spec = reader.spec();
        assert_eq!(
            (spec.channels, spec.sample_rate, spec.bits_per_sample),
            (1, 16_000, 16)
        );
        assert_eq!(reader.len() as usize, speech.audio.samples().len());
        assert_eq!(bytes.len(), 44 + 2 * speech.audio.samples().len());
        let loudest = speech
            .audio
            .samples()
            .iter()
            .fold(0.0_f32, |m, s| m.max(s.abs()));
        assert!((loudest - 0.9).abs() < 1e-6);
    }

    #[test]
    fn unknown_words_stop_before_any_sound() {
        let voice = VoiceModel::learn().unwrap().average_voice();
        let error = speak("say 2 things", &voice, 1).unwrap_err();
        assert!(error.to_string().contains("“2”"), "{error}");
    }

    #[test]
    fn the_seed_changes_only_the_noise() {
        let voice = VoiceModel::learn().unwrap().average_voice();
        let a = speak("see", &voice, 1).unwrap();
        let b = speak("see", &voice, 2).unwrap();
        assert_eq!(a.frames, b.frames);
        assert_ne!(a.audio, b.audio);
    }
}
