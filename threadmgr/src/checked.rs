//! Iterators checked between time-paced chunks of items: what `chain.rs` wraps the source of an
//! unbounded iterator chain in, and what `carried.rs` runs a rayon worker's items through.
//!
//! [`Checked`] counts items down from its chunk length and runs a chunk boundary (a check,
//! then the pace's timing, see [`Site`]) when the count runs out; its `fold` and `try_fold`
//! hand the inner iterator's own `try_fold` whole chunks, so that a chain over it keeps its
//! inner loop. [`CheckedRange`] and [`CheckedRangeInclusive`] fold sub-ranges of integers, so
//! that a chain over `0..n` still unrolls and vectorizes.

use std::iter::FusedIterator;
use std::ops::{ControlFlow, Range, RangeInclusive};

use crate::__private::{Int, Pace, Site, check};

/// Runs one chunk boundary: a check, then the pace's timing; returns the next chunk's length.
#[inline(never)]
fn boundary(pace: &mut Pace) -> usize {
    check();
    pace.next();
    pace.chunk_len()
}

/// Counts one item of the current chunk, after a chunk boundary if the chunk is used up.
#[inline(always)]
fn tick(left: &mut usize, pace: &mut Pace) {
    if *left == 0 {
        *left = boundary(pace);
    }
    *left -= 1;
}

/// An iterator checked between chunks of items (see the module docs).
#[derive(Clone, Debug)]
pub struct Checked<I> {
    inner: I,
    /// Items left in the current chunk.
    left: usize,
    pace: Pace,
}

impl<I> Checked<I> {
    pub(crate) fn new(inner: I, site: &'static Site) -> Self {
        let pace = site.pace();
        Checked {
            inner,
            left: pace.chunk_len(),
            pace,
        }
    }
}

impl<I: Iterator> Iterator for Checked<I> {
    type Item = I::Item;

    #[inline]
    fn next(&mut self) -> Option<I::Item> {
        tick(&mut self.left, &mut self.pace);
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }

    /// Folds the inner iterator directly when what it has left fits in the current chunk (so
    /// a short chain folds as it would unwrapped), otherwise a chunk at a time.
    #[inline]
    fn fold<B, F: FnMut(B, I::Item) -> B>(mut self, init: B, mut f: F) -> B {
        let mut acc = init;
        loop {
            if let (_, Some(upper)) = self.inner.size_hint()
                && upper <= self.left
            {
                return self.inner.fold(acc, f);
            }
            if self.left == 0 {
                self.left = boundary(&mut self.pace);
            }
            let mut left = self.left;
            let folded = self.inner.try_fold(acc, |acc, item| {
                let acc = f(acc, item);
                left -= 1;
                if left == 0 {
                    ControlFlow::Break(acc)
                } else {
                    ControlFlow::Continue(acc)
                }
            });
            match folded {
                ControlFlow::Continue(acc) => return acc,
                ControlFlow::Break(next) => {
                    acc = next;
                    self.left = 0;
                }
            }
        }
    }
}

impl<I: DoubleEndedIterator> DoubleEndedIterator for Checked<I> {
    #[inline]
    fn next_back(&mut self) -> Option<I::Item> {
        tick(&mut self.left, &mut self.pace);
        self.inner.next_back()
    }
}

impl<I: ExactSizeIterator> ExactSizeIterator for Checked<I> {
    fn len(&self) -> usize {
        self.inner.len()
    }
}

impl<I: FusedIterator> FusedIterator for Checked<I> {}

/// A range of integers checked between sub-ranges (see the module docs): a [`Checked`] whose
/// fold folds plain sub-ranges.
#[derive(Clone, Debug)]
pub struct CheckedRange<T>(pub(crate) Checked<Range<T>>);

impl<T: Int> Iterator for CheckedRange<T>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.0.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }

    /// Folds a sub-range a chunk long at a time: each is a plain range, whose fold unrolls
    /// and vectorizes as the whole range's would.
    #[inline]
    fn fold<B, F: FnMut(B, T) -> B>(self, init: B, mut f: F) -> B {
        let Checked {
            inner: mut range,
            mut left,
            mut pace,
        } = self.0;
        let mut acc = init;
        loop {
            if left == 0 {
                left = boundary(&mut pace);
            }
            let Range { start, end } = range.clone();
            match start.plus(left) {
                Some(middle) if middle < end => {
                    acc = (start..middle).fold(acc, &mut f);
                    range.start = middle;
                    left = 0;
                }
                _ => return (start..end).fold(acc, f),
            }
        }
    }
}

impl<T: Int> DoubleEndedIterator for CheckedRange<T>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.0.next_back()
    }
}

impl<T: Int> ExactSizeIterator for CheckedRange<T> where
    Range<T>: ExactSizeIterator + DoubleEndedIterator<Item = T>
{
}

impl<T: Int> FusedIterator for CheckedRange<T> where Range<T>: DoubleEndedIterator<Item = T> {}

/// An inclusive range of integers checked between sub-ranges (see the module docs): a
/// [`Checked`] whose fold folds plain sub-ranges.
#[derive(Clone, Debug)]
pub struct CheckedRangeInclusive<T>(pub(crate) Checked<RangeInclusive<T>>);

impl<T: Int> Iterator for CheckedRangeInclusive<T>
where
    RangeInclusive<T>: DoubleEndedIterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.0.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }

    /// Folds `start..start + chunk` at a time (a plain, exclusive range), and the rest as the
    /// inclusive range it is.
    #[inline]
    fn fold<B, F: FnMut(B, T) -> B>(self, init: B, mut f: F) -> B {
        let Checked {
            inner: mut range,
            mut left,
            mut pace,
        } = self.0;
        let mut acc = init;
        loop {
            if range.is_empty() {
                return acc;
            }
            if left == 0 {
                left = boundary(&mut pace);
            }
            let (start, end) = (*range.start(), *range.end());
            match start.plus(left) {
                Some(middle) if middle <= end => {
                    acc = (start..middle).fold(acc, &mut f);
                    range = middle..=end;
                    left = 0;
                }
                _ => return range.fold(acc, f),
            }
        }
    }
}

impl<T: Int> DoubleEndedIterator for CheckedRangeInclusive<T>
where
    RangeInclusive<T>: DoubleEndedIterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.0.next_back()
    }
}

impl<T: Int> FusedIterator for CheckedRangeInclusive<T>
where
    RangeInclusive<T>: DoubleEndedIterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
}
