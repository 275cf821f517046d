//! Code from a crate that turns on more lints (`clippy::pedantic`) and writes `#[expect]` for
//! the lints it chooses to live with. `#[haltable]` must not add a warning here, nor hide the
//! code that an `#[expect]` is about: an expectation that is no longer met is a warning too.
#![warn(clippy::pedantic)]

use threadmgr::haltable;

/// The polynomial with these coefficients (highest degree first) at `x`, by Horner's rule.
#[haltable]
#[must_use]
#[expect(
    clippy::needless_range_loop,
    reason = "reads like the textbook formula"
)]
pub fn horner(coefficients: &[f64], x: f64) -> f64 {
    let mut acc = 0.0;
    for i in 0..coefficients.len() {
        acc = acc * x + coefficients[i];
    }
    acc
}

/// Copies the first `n` bytes of `src` to the end of `dst`'s first `n` bytes, reversed.
#[haltable]
#[expect(
    clippy::manual_memcpy,
    reason = "kept as a loop to mirror the C original"
)]
pub fn copy_prefix(src: &[u8], dst: &mut [u8], n: usize) {
    for i in 0..n {
        dst[i] = src[i];
    }
    dst[..n].reverse();
}

/// Degrees Celsius to Fahrenheit, with the constants and the helper at the top of the body.
#[haltable]
#[must_use]
pub fn to_fahrenheit(celsius: &[f64]) -> Vec<f64> {
    const SCALE: f64 = 9.0 / 5.0;
    const OFFSET: f64 = 32.0;
    fn convert(c: f64) -> f64 {
        c.mul_add(SCALE, OFFSET)
    }
    celsius.iter().map(|&c| convert(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lint_heavy_code_works() {
        assert!((horner(&[2.0, -3.0, 1.0], 3.0) - 10.0).abs() < 1e-12);
        assert!(horner(&[], 3.0).abs() < 1e-12);
        let mut dst = [0u8; 5];
        copy_prefix(b"abcdef", &mut dst, 3);
        assert_eq!(&dst, b"cba\0\0");
        assert_eq!(to_fahrenheit(&[0.0, 100.0, -40.0]), [32.0, 212.0, -40.0]);
    }
}
