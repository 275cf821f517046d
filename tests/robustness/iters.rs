//! Iterator adaptors written by hand, an extension trait with default methods that return them,
//! a borrowing iterator with a lifetime, and fns that return `impl Iterator`.

use std::collections::HashSet;
use std::hash::Hash;
use std::iter::Peekable;
use std::ops::AddAssign;

use threadmgr::haltable;

/// Each item with the one before it.
#[derive(Debug, Clone)]
pub struct Pairwise<I: Iterator> {
    it: I,
    prev: Option<I::Item>,
}

#[haltable]
impl<I> Iterator for Pairwise<I>
where
    I: Iterator,
    I::Item: Clone,
{
    type Item = (I::Item, I::Item);

    fn next(&mut self) -> Option<Self::Item> {
        if self.prev.is_none() {
            self.prev = Some(self.it.next()?);
        }
        let next = self.it.next()?;
        let prev = self.prev.replace(next.clone())?;
        Some((prev, next))
    }
}

/// Items in batches of `size` (the last one may be shorter).
#[derive(Debug, Clone)]
pub struct Batches<I> {
    it: I,
    size: usize,
}

#[haltable]
impl<I: Iterator> Iterator for Batches<I> {
    type Item = Vec<I::Item>;

    fn next(&mut self) -> Option<Vec<I::Item>> {
        let mut batch = Vec::with_capacity(self.size);
        for item in self.it.by_ref() {
            batch.push(item);
            if batch.len() == self.size {
                break;
            }
        }
        if batch.is_empty() { None } else { Some(batch) }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let (lo, hi) = self.it.size_hint();
        (lo.div_ceil(self.size), hi.map(|h| h.div_ceil(self.size)))
    }
}

/// Runs of equal items, as `(item, count)`.
pub struct Runs<I: Iterator> {
    it: Peekable<I>,
}

#[haltable]
impl<I> Iterator for Runs<I>
where
    I: Iterator,
    I::Item: PartialEq,
{
    type Item = (I::Item, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let first = self.it.next()?;
        let mut count = 1;
        while self.it.next_if_eq(&first).is_some() {
            count += 1;
        }
        Some((first, count))
    }
}

/// Items of two iterators in turn, then the rest of the longer one.
#[derive(Debug)]
pub struct Interleave<A, B> {
    a: A,
    b: B,
    take_a: bool,
}

#[haltable]
impl<A, B> Iterator for Interleave<A, B>
where
    A: Iterator,
    B: Iterator<Item = A::Item>,
{
    type Item = A::Item;

    fn next(&mut self) -> Option<A::Item> {
        self.take_a = !self.take_a;
        if self.take_a {
            self.a.next().or_else(|| self.b.next())
        } else {
            self.b.next().or_else(|| self.a.next())
        }
    }
}

/// Items not seen before.
#[derive(Debug)]
pub struct Unique<I: Iterator> {
    it: I,
    seen: HashSet<I::Item>,
}

#[haltable]
impl<I> Iterator for Unique<I>
where
    I: Iterator,
    I::Item: Eq + Hash + Clone,
{
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        loop {
            let item = self.it.next()?;
            if self.seen.insert(item.clone()) {
                return Some(item);
            }
        }
    }
}

/// Adaptors for every iterator; the default methods are annotated one by one.
pub trait IterExt: Iterator + Sized {
    /// See [`Pairwise`].
    #[haltable]
    fn pairwise(self) -> Pairwise<Self>
    where
        Self::Item: Clone,
    {
        Pairwise {
            it: self,
            prev: None,
        }
    }

    /// See [`Batches`].
    ///
    /// # Panics
    ///
    /// If `size` is zero.
    #[haltable]
    fn batches(self, size: usize) -> Batches<Self> {
        assert!(size > 0, "batches need a size of at least 1");
        Batches { it: self, size }
    }

    /// See [`Runs`].
    #[haltable]
    fn runs(self) -> Runs<Self>
    where
        Self::Item: PartialEq,
    {
        Runs {
            it: self.peekable(),
        }
    }

    /// See [`Interleave`].
    #[haltable]
    fn interleave<B>(self, other: B) -> Interleave<Self, B::IntoIter>
    where
        B: IntoIterator<Item = Self::Item>,
    {
        Interleave {
            a: self,
            b: other.into_iter(),
            take_a: false,
        }
    }

    /// See [`Unique`].
    #[haltable]
    fn unique(self) -> Unique<Self>
    where
        Self::Item: Eq + Hash + Clone,
    {
        Unique {
            it: self,
            seen: HashSet::new(),
        }
    }

    /// The sum of `f` over the items.
    #[haltable]
    fn sum_by<K, F>(self, mut f: F) -> K
    where
        K: Default + AddAssign,
        F: FnMut(Self::Item) -> K,
    {
        let mut total = K::default();
        for item in self {
            total += f(item);
        }
        total
    }

    /// The item with the largest key, the first one on ties.
    #[haltable]
    fn first_max_by_key<K: PartialOrd, F: FnMut(&Self::Item) -> K>(
        self,
        mut key: F,
    ) -> Option<Self::Item> {
        let mut best: Option<(K, Self::Item)> = None;
        for item in self {
            let k = key(&item);
            let better = match &best {
                None => true,
                Some((bk, _)) => k > *bk,
            };
            if better {
                best = Some((k, item));
            }
        }
        best.map(|(_, item)| item)
    }
}

impl<I: Iterator> IterExt for I {}

/// The words of a text, borrowed from it.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    rest: &'a str,
}

#[haltable]
impl<'a> Words<'a> {
    /// The words of `text`.
    pub fn new(text: &'a str) -> Self {
        Words { rest: text }
    }
}

#[haltable]
impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = self.rest.find(|c: char| c.is_alphanumeric())?;
        let rest = &self.rest[start..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '\''))
            .unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        self.rest = after;
        Some(word)
    }
}

/// Fibonacci numbers, until they no longer fit.
#[haltable]
pub fn fibonacci() -> impl Iterator<Item = u64> {
    let mut state = Some((0u64, 1u64));
    std::iter::from_fn(move || {
        let (a, b) = state?;
        state = a.checked_add(b).map(|next| (b, next));
        Some(a)
    })
}

/// True if `n` is prime, by trial division.
#[haltable]
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut d = 2;
    while d * d <= n {
        if n.is_multiple_of(d) {
            return false;
        }
        d += 1;
    }
    true
}

/// The primes, in order.
#[haltable]
pub fn primes() -> impl Iterator<Item = u64> {
    (2u64..).filter(|&n| is_prime(n))
}

/// The even numbers of a slice, borrowed.
#[haltable]
pub fn evens<'a>(values: &'a [i64]) -> impl Iterator<Item = &'a i64> + 'a {
    values.iter().filter(|v| *v % 2 == 0)
}

/// Powers of `base` up to `limit`.
#[haltable]
pub fn powers(base: u64, limit: u64) -> impl Iterator<Item = u64> {
    std::iter::successors(Some(1u64), move |&p| {
        p.checked_mul(base).filter(|&next| next <= limit)
    })
}

/// Collatz sequence from `start` to 1.
#[haltable]
pub fn collatz(start: u64) -> Vec<u64> {
    let mut out = vec![start];
    let mut n = start;
    while n > 1 {
        n = if n.is_multiple_of(2) {
            n / 2
        } else {
            3 * n + 1
        };
        out.push(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adaptors() {
        let pairs: Vec<(i32, i32)> = [1, 2, 3, 4].into_iter().pairwise().collect();
        assert_eq!(pairs, [(1, 2), (2, 3), (3, 4)]);
        assert_eq!([1].into_iter().pairwise().count(), 0);
        let batches: Vec<Vec<u32>> = (0..7).batches(3).collect();
        assert_eq!(batches, [vec![0, 1, 2], vec![3, 4, 5], vec![6]]);
        assert_eq!((0..7).batches(3).size_hint(), (3, Some(3)));
        assert_eq!(
            "aaabccdd".chars().runs().collect::<Vec<_>>(),
            [('a', 3), ('b', 1), ('c', 2), ('d', 2)]
        );
        assert_eq!(
            (1..4).interleave(10..15).collect::<Vec<_>>(),
            [1, 10, 2, 11, 3, 12, 13, 14]
        );
        assert_eq!(
            [3, 1, 3, 2, 1].into_iter().unique().collect::<Vec<_>>(),
            [3, 1, 2]
        );
        assert_eq!(["a", "bb", "ccc"].iter().sum_by(|s| s.len()), 6);
        assert_eq!(Vec::<u8>::new().into_iter().sum_by(u32::from), 0);
        assert_eq!(
            ["x", "yyy", "zzz"]
                .into_iter()
                .first_max_by_key(|s| s.len()),
            Some("yyy")
        );
        assert_eq!(std::iter::empty::<u8>().first_max_by_key(|&b| b), None);
    }

    #[test]
    #[should_panic(expected = "batches need a size of at least 1")]
    fn batches_of_zero_panic() {
        let _ = (0..3).batches(0);
    }

    #[test]
    fn words() {
        let text = "It's a truth, universally acknowledged... 42 times!";
        let words: Vec<&str> = Words::new(text).collect();
        assert_eq!(
            words,
            [
                "It's",
                "a",
                "truth",
                "universally",
                "acknowledged",
                "42",
                "times"
            ]
        );
        assert_eq!(Words::new("  ,,  ").next(), None);
        let longest = Words::new(text).first_max_by_key(|w| w.len());
        assert_eq!(longest, Some("acknowledged"));
    }

    #[test]
    fn generators() {
        let fib: Vec<u64> = fibonacci().take(10).collect();
        assert_eq!(fib, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
        assert_eq!(fibonacci().count(), 93);
        assert_eq!(
            primes().take(8).collect::<Vec<_>>(),
            [2, 3, 5, 7, 11, 13, 17, 19]
        );
        assert_eq!(primes().nth(999), Some(7919));
        assert_eq!(
            evens(&[1, 2, 3, 4, -6]).copied().collect::<Vec<_>>(),
            [2, 4, -6]
        );
        assert_eq!(powers(3, 100).collect::<Vec<_>>(), [1, 3, 9, 27, 81]);
        assert_eq!(powers(2, u64::MAX).count(), 64);
        assert_eq!(collatz(6), [6, 3, 10, 5, 16, 8, 4, 2, 1]);
        assert_eq!(collatz(27).len(), 112);
        assert!(!is_prime(1) && is_prime(2) && !is_prime(91) && is_prime(97));
    }

    #[test]
    fn returned_iterators_outlive_their_maker() {
        let handles: Vec<_> = (0..4)
            .map(|i| std::thread::spawn(move || primes().skip(i * 10).take(3).collect::<Vec<_>>()))
            .collect();
        let firsts: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()[0]).collect();
        assert_eq!(firsts, [2, 31, 73, 127]);
    }
}
