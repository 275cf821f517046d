//! An edition 2015 crate (no `edition` in its manifest, as strsim 0.11 has), where a path
//! `::name` starts at the crate root: the code `#[threadmgr::haltable]` generates must still reach
//! `threadmgr`. Every rewrite that writes a path is here: entry checks, the questions asked of
//! the compiler (primitives on fields, std's collections, `&str`), closures given to `Option`'s
//! methods, chunked and counted `for` loops, `while`, probed iterator chains, `collect` and
//! `extend` by chunks.
//! Like the annotate tool of `benches/real_crates`, it names the attribute by its path and has
//! no `extern crate threadmgr;` (which would make `::threadmgr` resolve even in edition 2015).
#![deny(warnings)]

/// A string wrapper, as strsim's `StringWrapper`.
pub struct Wrapper<'a>(pub &'a str);

impl<'b> IntoIterator for &Wrapper<'b> {
    type Item = char;
    type IntoIter = ::std::str::Chars<'b>;

    #[threadmgr::haltable]
    fn into_iter(self) -> Self::IntoIter {
        self.0.chars()
    }
}

/// Fields of every kind the macro asks about.
pub struct Stats {
    pub total: u64,
    pub weight: f64,
    pub items: Vec<u32>,
    pub name: String,
    pub code: Option<u32>,
}

impl Stats {
    /// A primitive's method on a field.
    #[threadmgr::haltable]
    pub fn scaled(&self) -> f64 {
        self.weight.mul_add(2.0, 1.0)
    }

    /// Std's collections' accessors on fields behind `&self`.
    #[threadmgr::haltable]
    pub fn sizes(&self) -> (usize, usize) {
        (self.items.len(), self.name.len())
    }

    /// A closure given to a method of a field of core's `Option`.
    #[threadmgr::haltable]
    pub fn code_or(&self, fallback: u32) -> u32 {
        self.code
            .map_or(fallback, |c| c.wrapping_mul(self.total as u32))
    }
}

/// A `for` that calls and may leave early (counted), a chunked one, a `while`, a chain.
#[threadmgr::haltable]
pub fn first_long_word(text: &str, min: usize) -> Option<usize> {
    let mut total = 0;
    for (i, word) in text.split(' ').enumerate() {
        if word.chars().count() >= min {
            return Some(i);
        }
        total += word.len();
    }
    let mut n = total;
    while n > 1 {
        n /= 2;
    }
    let chained: usize = (0..n).map(|x| x * 2).filter(|x| x % 3 == 0).count();
    if chained > 100 {
        return None;
    }
    None
}

/// A chunked `for`, a small `loop`, a closure that captures and calls (it enters its creator's
/// token), a nested fn.
#[threadmgr::haltable]
pub fn mixed(values: &[u64], apply: fn(&dyn Fn(u64) -> u64) -> u64) -> u64 {
    let mut total = 0;
    for v in values {
        total += v;
    }
    let mut i = 0;
    loop {
        i += 1;
        if i >= 3 {
            break;
        }
    }
    fn double(x: u64) -> u64 {
        x.wrapping_mul(2)
    }
    let offset = total + i;
    apply(&|x| double(x) + offset)
}

/// Every fn of an inline module.
#[threadmgr::haltable]
pub mod hashing {
    /// Bounded: no call.
    pub fn mix(a: u64, b: u64) -> u64 {
        (a ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    /// Calls the module's bounded fn in a loop.
    pub fn hash(values: &[u64]) -> u64 {
        let mut h = 0;
        for v in values {
            h = mix(h, *v);
        }
        h
    }
}

/// A `collect` into a `Vec` and an `extend` of one, each with a copy a chunk at a time (a
/// target type, a trait brought into scope by the generated code).
#[threadmgr::haltable]
pub fn collected(n: u64, out: &mut Vec<u64>) -> Vec<u64> {
    out.extend((0..n).map(|x| x * 3));
    (0..n).filter(|x| x % 2 == 0).collect()
}

/// `&str` and `&[T]` accessors on parameters.
#[threadmgr::haltable]
pub fn lengths(s: &str, v: &[u8]) -> usize {
    s.len() + v.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edition_2015_shapes_run() {
        let w = Wrapper("abc");
        assert_eq!((&w).into_iter().count(), 3);
        let stats = Stats {
            total: 3,
            weight: 1.5,
            items: vec![1, 2],
            name: "xyz".to_string(),
            code: Some(2),
        };
        assert_eq!(stats.scaled(), 4.0);
        assert_eq!(stats.sizes(), (2, 3));
        assert_eq!(stats.code_or(9), 6);
        assert_eq!(first_long_word("a bb cccc", 4), Some(2));
        assert_eq!(first_long_word("a bb", 4), None);
        assert_eq!(lengths("ab", &[1, 2, 3]), 5);
        fn apply(f: &dyn Fn(u64) -> u64) -> u64 {
            f(10)
        }
        assert_eq!(mixed(&[1, 2], apply), 20 + 3 + 3);
        assert_eq!(hashing::hash(&[1, 2]), hashing::mix(hashing::mix(0, 1), 2));
        for &n in &[0, 5, 100_000] {
            let mut out = vec![7];
            let evens = collected(n, &mut out);
            assert_eq!(evens, (0..n).filter(|x| x % 2 == 0).collect::<Vec<_>>());
            assert_eq!(out.len() as u64, n + 1);
        }
    }
}
