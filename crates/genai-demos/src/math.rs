//! Logarithms, exponentials and waves that give the same bits on every machine.
//!
//! `f64::ln` and friends call the system's maths library, and systems round the last digit
//! differently: the Linux library and the one compiled into WebAssembly disagree in about one
//! result in ten. That would break the book's promise that a seed reproduces a demo exactly,
//! in the page (WebAssembly), in the notebook and in the tests. These functions come from
//! `libm`, maths written in Rust, so every platform runs the same instructions and gets the
//! same answer. (Adding, multiplying, dividing and `sqrt` are exact everywhere already.)
//!
//! The library's clippy settings forbid the system versions, so none slips back in.

/// The hyperbolic tangent, `tanh x`: an S-shaped curve from -1 to 1 (the network's GELU uses it).
pub fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

/// The natural logarithm, `ln x`.
///
/// ```
/// use genai_demos::math::{exp, ln};
///
/// assert_eq!(ln(1.0), 0.0);
/// assert!((exp(ln(5.0)) - 5.0).abs() < 1e-12);
/// ```
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// `ln(1 + x)`, accurate even when `x` is tiny.
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// The logarithm in base 2: how many bits.
pub fn log2(x: f64) -> f64 {
    libm::log2(x)
}

/// `e` to the power `x`.
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// 2 to the power `x`.
pub fn exp2(x: f64) -> f64 {
    libm::exp2(x)
}

/// `base` to the power `exponent`.
pub fn powf(base: f64, exponent: f64) -> f64 {
    libm::pow(base, exponent)
}

/// The cosine of an angle in radians.
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// The sine of an angle in radians.
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(log2(8.0), 3.0);
        assert_eq!(exp2(10.0), 1024.0);
        assert_eq!(powf(2.0, 0.5), std::f64::consts::SQRT_2);
        assert_eq!(cos(0.0), 1.0);
        assert_eq!(sin(0.0), 0.0);
        assert!((ln(std::f64::consts::E) - 1.0).abs() < 1e-15);
        assert!((ln_1p(1e-20) - 1e-20).abs() < 1e-35);
        assert!(ln(0.0).is_infinite() && ln(-1.0).is_nan());
    }

    #[test]
    fn close_to_the_system_library() {
        // Same maths, at most a last-digit difference from the system's rounding.
        for i in 1..200 {
            let x = f64::from(i) * 0.37;
            #[allow(clippy::disallowed_methods)]
            let system = [x.ln(), (-x).exp(), x.cos(), x.sin(), 2f64.powf(x / 12.0)];
            let ours = [ln(x), exp(-x), cos(x), sin(x), powf(2.0, x / 12.0)];
            for (a, b) in system.iter().zip(ours) {
                assert!(
                    (a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(1.0),
                    "{x}"
                );
            }
        }
    }
}
