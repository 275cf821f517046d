//! A chain of adapters with a closure, passed to a call that consumes it (`Vec::from_iter`,
//! a fn that takes `impl Iterator`): its source is wrapped as a consumed chain's is. Each call
//! here must compile as it does without the macro, whatever the callee asks of the iterator
//! (`ExactSizeIterator`, `DoubleEndedIterator`, `Clone`, `Debug`, `Send`, `'static`, a
//! generic struct that stores it, a `Box<dyn Iterator>`, a parallel iterator's `Clone`), and
//! give the same value; a chain given to a constructor (`Some`, a tuple struct) is stored, in a
//! type that may name its closures as `fn` pointers, and is left as it is.
//!
//! (A trybuild case rather than a `twins!` in the suite: if it does not compile, only this test
//! fails, instead of the whole suite.)

use std::collections::{BTreeMap, HashSet};
use std::fmt::Debug;

include!("support/twins.rs");

pub fn exact(items: impl ExactSizeIterator<Item = u64>) -> (usize, u64) {
    (items.len(), items.sum())
}

pub fn backwards(items: impl DoubleEndedIterator<Item = u64>) -> Vec<u64> {
    items.rev().take(3).collect()
}

pub fn twice<I: Iterator<Item = u64> + Clone>(items: I) -> u64 {
    items.clone().sum::<u64>() ^ items.count() as u64
}

pub fn shown(items: impl Iterator<Item = u64> + Debug) -> String {
    format!("{:?}", items.size_hint())
}

pub fn sent(items: impl Iterator<Item = u64> + Send + 'static) -> u64 {
    std::thread::spawn(move || items.sum()).join().unwrap()
}

pub fn boxed(items: Box<dyn Iterator<Item = u64>>) -> u64 {
    items.max().unwrap_or(0)
}

/// A parallel iterator cloned, as a sequential one is in `twice`.
pub fn par_twice<P: rayon::iter::ParallelIterator<Item = u64> + Clone>(items: P) -> u64 {
    items.clone().sum::<u64>() ^ items.count() as u64
}

/// A tuple struct that names the adapters it holds, with `fn` pointers for the closures given
/// to its constructor: `Keys((0..n).map(|i| ..))` stores the chain, and is left as it is.
pub struct Keys(pub std::iter::Map<std::ops::Range<usize>, fn(usize) -> u64>);

/// A field that names a filter, set through `Some`.
pub struct Evens {
    pub cur: Option<std::iter::Filter<std::ops::Range<u64>, fn(&u64) -> bool>>,
}

/// A generic struct that stores the iterator it is given.
pub struct Kept<I>(pub I);

impl<I: Iterator<Item = u64>> Kept<I> {
    pub fn total(self) -> u64 {
        self.0.sum()
    }
}

twins! {
    pub fn collected(n: u64) -> (Vec<u64>, Vec<u64>, String, usize) {
        let v = Vec::from_iter((0..n).map(|x| x * 3));
        let set = HashSet::<u64>::from_iter((0..n).filter(|x| x % 7 == 1));
        let mut set: Vec<u64> = set.into_iter().collect();
        set.sort();
        let text = String::from_iter((0..n as u32).filter_map(|x| char::from_u32(97 + x % 26)));
        let map = BTreeMap::from_iter((0..n).map(|x| (x % 10, x)));
        (v, set, text, map.len())
    }
    pub fn bounded(n: u64) -> ((usize, u64), (usize, u64), Vec<u64>, u64, String) {
        let small = n as u8;
        (
            exact((0..n as u32).map(|x| u64::from(x) + 1)),
            exact((0..=small).map(|x| u64::from(x) * 2)),
            backwards((1..=n).map(|x| x * x)),
            twice((0..n).filter(|x| x % 3 == 0)),
            shown((0..n).map(|x| x ^ 5)),
        )
    }
    pub fn moved(n: u64) -> (u64, u64, u64, u64) {
        let k = 7;
        (
            sent((0..n).map(move |x| x * k)),
            boxed(Box::new((0..n).map(|x| x % 11))),
            Kept((0..).map(|x| x * 2).take(n as usize)).total(),
            Iterator::sum((0..n).map(|x| x >> 1)),
        )
    }
    pub fn spliced(n: u64) -> Vec<u64> {
        let mut v = vec![1, 2, 3];
        let removed: Vec<u64> = v.splice(1..2, (0..n).map(|x| x + 100)).collect();
        v.extend(removed);
        v
    }
    pub fn pulled(n: u64) -> (usize, bool, std::cmp::Ordering, u64, String, Option<(u64, u64)>) {
        // The argument of an iterator's method, a chain that may skip: wrapped.
        let zipped = (0..n).zip((0..n).filter(|x| x % 3 == 0)).count();
        let same = (0..n).filter(|x| x % 2 == 0).eq((0..n).map(|x| x * 2).filter(|x| *x < n));
        let order = (0..n).cmp((0..n).skip_while(|x| *x < 2));
        let kept = (0..n).zip((1..).filter(|x| x % 5 == 0));
        let shown = format!("{:?}", kept.clone().size_hint());
        let sum = twice(kept.map(|(a, b)| a ^ b));
        // `Option`'s `zip` and `filter`: not iterators, left as they are.
        let pair = Some(n).zip(Some(n + 1).filter(|x| x % 2 == 0));
        (zipped, same, order, sum, shown, pair)
    }
    pub fn stored(n: u64) -> (u64, u64, u64) {
        use rayon::prelude::*;
        let keys = Keys((0..n as usize).map(|i| i as u64 * 2));
        let mut evens = Evens { cur: None };
        evens.cur = Some((0..n).filter(|x| x % 2 == 0));
        let v: Vec<u64> = (0..n).collect();
        (
            keys.0.sum(),
            evens.cur.map_or(0, |it| it.count() as u64),
            par_twice(v.par_iter().map(|x| x * 2)),
        )
    }
    pub fn options(n: u64) -> (Option<u64>, Vec<u64>) {
        // `map` on an `Option` in an argument: not an iterator, left as it is.
        let found = Some(n).map(|x| x + 1);
        (std::convert::identity(found.map(|x| x * 2)), Vec::from_iter(found.into_iter().map(|x| x - 1)))
    }
}

fn main() {
    for n in [0u64, 3, 5_000, 100_000] {
        assert_eq!(haltable::collected(n), plain::collected(n));
        assert_eq!(haltable::bounded(n), plain::bounded(n));
        assert_eq!(haltable::moved(n), plain::moved(n));
        assert_eq!(haltable::spliced(n), plain::spliced(n));
        assert_eq!(haltable::options(n), plain::options(n));
        assert_eq!(haltable::pulled(n), plain::pulled(n));
        assert_eq!(haltable::stored(n), plain::stored(n));
    }
}
