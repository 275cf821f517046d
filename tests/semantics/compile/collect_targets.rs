//! A `collect` over a range whose target type the macro reads (a turbofish, a `let`'s type,
//! the type a fn returns) and dispatches on at compile time: into std's `Vec` a chunk at a
//! time, into anything else as written. Each target here must compile as it does without the
//! macro and give the same value: a user's own type named `Vec`, a type parameter, an alias,
//! `Box<[T]>`, a `Result`, `Self` in a trait, a fn whose return type names a lifetime.
//!
//! (A trybuild case rather than a `twins!` in the suite: if it does not compile, only this test
//! fails, instead of the whole suite.)

include!("support/twins.rs");

/// A type of the user's own, named `Vec`, that collects (as `heapless::Vec` or a `SmallVec`
/// imported as `Vec` would).
mod mine {
    #[derive(Debug, PartialEq)]
    pub struct Vec<T>(pub std::vec::Vec<T>, pub usize);

    impl<T> FromIterator<T> for Vec<T> {
        fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
            let items: std::vec::Vec<T> = items.into_iter().collect();
            let len = items.len();
            Vec(items, len)
        }
    }
}

pub trait Table: Sized {
    fn row(n: u64) -> Self;
}

impl Table for Vec<u64> {
    #[threadmgr::haltable]
    fn row(n: u64) -> Self {
        (0..n).map(|x| x * 3).collect()
    }
}

type Row = Vec<u16>;

twins! {
    pub fn own_vec(n: u64) -> mine::Vec<u64> {
        use mine::Vec;
        let v: Vec<u64> = (0..n).map(|x| x ^ 5).collect();
        v
    }
    pub fn own_vec_returned(n: u64) -> mine::Vec<u64> {
        (0..n).filter(|x| x % 3 == 0).collect()
    }
    pub fn generic<B: FromIterator<u64>>(n: u64) -> B {
        (0..n).map(|x| x.wrapping_mul(7)).collect()
    }
    pub fn generic_let<B: FromIterator<u64> + IntoIterator<Item = u64>>(n: u64) -> u64 {
        let b: B = (0..n).map(|x| x + 1).collect();
        b.into_iter().sum()
    }
    pub fn alias(n: u16) -> Row {
        (0..n).map(|x| x.rotate_left(3)).collect::<Row>()
    }
    pub fn boxed(n: u64) -> Box<[u64]> {
        (0..n).map(|x| x * x).collect()
    }
    pub fn fallible(n: u32) -> Result<Vec<u8>, std::num::TryFromIntError> {
        (0..n).map(u8::try_from).collect()
    }
    pub fn borrowed<'a>(words: &'a [String], n: usize) -> Vec<&'a str> {
        (0..n).map(|i| words[i % words.len()].as_str()).collect()
    }
    pub fn elided(words: &[String], n: usize) -> Vec<&str> {
        let picked: Vec<&str> = (0..n).filter(|i| i % 2 == 0).map(|i| &words[i % words.len()][..1]).collect();
        picked
    }
    pub fn by_table(n: u64) -> Vec<u64> {
        <Vec<u64> as Table>::row(n)
    }
    pub fn set(n: u64) -> std::collections::BTreeSet<u64> {
        (0..=n).map(|x| x % 17).collect()
    }
    pub fn inferred_from_the_target() -> (Vec<u16>, Vec<f64>, usize) {
        let halves: Vec<u16> = (0..50_000).map(|x| x / 2).collect();
        let floats: Vec<f64> = (0..9_000u32).map(|i| i as _).collect();
        let lens: Vec<&'_ str> = (0..6_000).map(|i| if i % 2 == 0 { "even" } else { "odd" }).collect();
        (halves, floats, lens.len())
    }
    pub fn opaque_items(n: u64) -> Vec<impl std::fmt::Display + PartialEq + std::fmt::Debug> {
        (0..n).map(|i| i * 2).collect()
    }
    pub fn counted(n: u64) -> (Vec<u64>, u64) {
        let mut calls = 0;
        let v: Vec<u64> = (0..n).map(|x| { calls += 1; x + calls }).collect();
        (v, calls)
    }
}

fn main() {
    let words: Vec<String> = ["alpha", "beta", "gamma"].iter().map(|w| w.to_string()).collect();
    for n in [0u64, 3, 5_000, 100_000] {
        assert_eq!(haltable::own_vec(n), plain::own_vec(n));
        assert_eq!(haltable::own_vec_returned(n), plain::own_vec_returned(n));
        assert_eq!(
            haltable::generic::<Vec<u64>>(n),
            plain::generic::<Vec<u64>>(n)
        );
        assert_eq!(
            haltable::generic::<std::collections::VecDeque<u64>>(n),
            plain::generic::<std::collections::VecDeque<u64>>(n)
        );
        assert_eq!(
            haltable::generic_let::<Vec<u64>>(n),
            plain::generic_let::<Vec<u64>>(n)
        );
        assert_eq!(haltable::alias(n as u16), plain::alias(n as u16));
        assert_eq!(haltable::boxed(n), plain::boxed(n));
        assert_eq!(haltable::fallible(n as u32), plain::fallible(n as u32));
        let n = n as usize;
        assert_eq!(haltable::borrowed(&words, n), plain::borrowed(&words, n));
        assert_eq!(haltable::elided(&words, n), plain::elided(&words, n));
        let n = n as u64;
        assert_eq!(haltable::by_table(n), (0..n).map(|x| x * 3).collect::<Vec<_>>());
        assert_eq!(haltable::set(n), plain::set(n));
        assert_eq!(haltable::counted(n), plain::counted(n));
        assert_eq!(
            haltable::opaque_items(n).iter().map(|x| x.to_string()).collect::<Vec<_>>(),
            plain::opaque_items(n).iter().map(|x| x.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(haltable::inferred_from_the_target(), plain::inferred_from_the_target());
    }
}
