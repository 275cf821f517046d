//! Iterators checked between time-paced chunks of items: what `chain.rs` wraps the source of an
//! unbounded iterator chain in, and what `carried.rs` runs a rayon worker's items through.
//!
//! [`Checked`] counts items down from its chunk length and runs a chunk boundary (a check,
//! then the pace's timing, see [`Site`]) when the count runs out. Its `fold` and its
//! short-circuiting consumers (`any`, `all`, `find`, `find_map`, `position`) hand the inner
//! iterator's own `try_fold` whole chunks, so that a chain over it keeps its inner loop;
//! `count`, `nth` and `last` use the inner iterator's own (`Chars::count` counts bytes a word at
//! a time, a slice's `nth` is a pointer bump) when what it has left fits in the current chunk.
//! (`try_fold` itself cannot be overridden on stable Rust: a consumer not listed here takes
//! items one at a time through `next`, which checks between chunks as well.) [`CheckedRange`],
//! [`CheckedRangeInclusive`] and [`CheckedRangeFrom`] fold sub-ranges of integers, so that a
//! chain over `0..n` still unrolls and vectorizes, and skip as the plain ranges do: their `nth`
//! counts one item and adds to the start, so `step_by` steps in bounded time however long the
//! step.
//!
//! Some adapters over a checked range lose what std does with a plain one (a specialization,
//! or `try_fold`, which no wrapper can override), so the probe of such an adapter rebuilds it
//! ([`Rebuilt`]) from what its public methods tell (a copy's first items, the exact size hint)
//! as the same items from plain ranges, checked between chunks: `(a..).take(n)` as a range
//! ([`TakeFrom`]), `(a..b).step_by(k)` as a plain range stepped ([`CheckedSteps`]),
//! `(a..b).rev()` as the range run from the back ([`CheckedRev`]) and `(a..b).zip(c..d)` as two
//! plain ranges zipped ([`CheckedZip`]); each stays as it was where the type cannot hold the
//! rebuilt range's ends.
//!
//! Two more: [`CheckedTake`], `X.take(n)` over a source that may be unbounded, the source
//! checked and the count kept beside it (the macro splits such a `take`, see
//! `chain::Taking`); and [`Ticked`], the range a counted flattening steps through, counted
//! down by a fixed count as a `for` with a countdown is.

use std::iter::FusedIterator;
use std::ops::{ControlFlow, Range, RangeFrom, RangeInclusive};

use crate::__private::{Int, Pace, Site, check, cold, fits_upper};
use crate::collect::Sink;

/// Runs one chunk boundary: a check, then the pace's timing; returns the pace for the next
/// chunk.
///
/// Out of line, and by value: a pointer to the pace would be a pointer into the iterator that
/// holds it, and LLVM takes a pointer into a local that escapes to a call it cannot see as one
/// to all of it: the whole chain (`Zip<Checked<MyIter>, MyIter>`, say) would then stay in
/// memory, reloaded after every boundary, instead of in registers, and its constants would stop
/// being constants (a divisor stored in a user's iterator: a `div` instead of a multiply).
#[inline(never)]
fn boundary(mut pace: Pace) -> Pace {
    check();
    pace.next();
    pace
}

/// Crosses a chunk boundary of `pace` in place; returns the next chunk's length.
#[inline(always)]
fn cross(pace: &mut Pace) -> usize {
    *pace = boundary(*pace);
    pace.chunk_len()
}

/// Counts one item of the current chunk, after a chunk boundary if the chunk is used up. The
/// boundary is marked cold, as the countdown's (`__private::tick`): without the mark, LLVM laid
/// out a `next` loop over a checked range (`(0..n).take_while(..).count()`) with its hot path
/// jumping over the boundary's call, two taken branches an item (2.9x plain).
#[inline(always)]
fn tick(left: &mut usize, pace: &mut Pace) {
    match left.checked_sub(1) {
        Some(rest) => *left = rest,
        None => {
            cold();
            // A chunk has at least one item.
            *left = cross(pace).saturating_sub(1);
        }
    }
}

/// `any`, `all`, `find` and `find_map`, each as the iterator's `$try` (a `try_fold` with
/// `ControlFlow`, a chunk at a time) with the closure that stops where the consumer does.
macro_rules! searches_by {
    ($item:ty, $try:ident) => {
        #[inline]
        fn any<F: FnMut($item) -> bool>(&mut self, mut f: F) -> bool {
            self.$try((), |(), item| {
                if f(item) {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .is_break()
        }

        #[inline]
        fn all<F: FnMut($item) -> bool>(&mut self, mut f: F) -> bool {
            self.$try((), |(), item| {
                if f(item) {
                    ControlFlow::Continue(())
                } else {
                    ControlFlow::Break(())
                }
            })
            .is_continue()
        }

        #[inline]
        fn find<P: FnMut(&$item) -> bool>(&mut self, predicate: P) -> Option<$item> {
            broke(self.$try((), first_where(predicate)))
        }

        #[inline]
        fn find_map<Found, F: FnMut($item) -> Option<Found>>(&mut self, mut f: F) -> Option<Found> {
            broke(self.$try((), |(), item| match f(item) {
                Some(found) => ControlFlow::Break(found),
                None => ControlFlow::Continue(()),
            }))
        }
    };
}

/// `any`, `all`, `find`, `find_map` and `position`, run through those of the iterator an
/// iterator holds: `$via!(self, it => body)` runs `body` with `it` bound to that iterator.
macro_rules! searches_through {
    ($item:ty, $via:ident) => {
        #[inline]
        fn any<F: FnMut($item) -> bool>(&mut self, f: F) -> bool {
            $via!(self, it => it.any(f))
        }

        #[inline]
        fn all<F: FnMut($item) -> bool>(&mut self, f: F) -> bool {
            $via!(self, it => it.all(f))
        }

        #[inline]
        fn find<P: FnMut(&$item) -> bool>(&mut self, predicate: P) -> Option<$item> {
            $via!(self, it => it.find(predicate))
        }

        #[inline]
        fn find_map<Found, F: FnMut($item) -> Option<Found>>(&mut self, f: F) -> Option<Found> {
            $via!(self, it => it.find_map(f))
        }

        #[inline]
        fn position<P: FnMut($item) -> bool>(&mut self, predicate: P) -> Option<usize> {
            $via!(self, it => it.position(predicate))
        }
    };
}

/// Runs `$body` on the [`Checked`] a checked range of one field holds.
macro_rules! through_0 {
    ($value:expr, $it:ident => $body:expr) => {
        match $value {
            Self($it) => $body,
        }
    };
}

/// An iterator checked between chunks of items (see the module docs).
#[derive(Clone, Debug)]
pub struct Checked<I> {
    inner: I,
    /// Items left in the current chunk.
    left: usize,
    pace: Pace,
}

impl<I: Iterator> Checked<I> {
    /// `nth` of an inner iterator whose `nth` takes bounded time however far it skips (a
    /// range's: it adds to the start), counted as one item: `step_by` and `skip` over a
    /// checked range then step as they do over the plain one, where the default `nth`, one
    /// `next` per item skipped, made a sieve's `(i * i..=n).step_by(i)` walk every integer.
    #[inline]
    fn nth_in_bounded_time(&mut self, n: usize) -> Option<I::Item> {
        tick(&mut self.left, &mut self.pace);
        self.inner.nth(n)
    }
}

impl<I: DoubleEndedIterator> Checked<I> {
    /// [`nth_in_bounded_time`](Self::nth_in_bounded_time) from the back.
    #[inline]
    fn nth_back_in_bounded_time(&mut self, n: usize) -> Option<I::Item> {
        tick(&mut self.left, &mut self.pace);
        self.inner.nth_back(n)
    }
}

impl<I> Checked<I> {
    /// The iterator checked, and the site that paces it (for rayon's `chain`, which takes a
    /// checked iterator back as a parallel one: see `carried`).
    pub(crate) fn into_parts(self) -> (I, &'static Site) {
        (self.inner, self.pace.site())
    }

    /// `inner` checked in chunks of `site`; one that says it has at most `floor` items (a
    /// floor of 0: none) is one chunk, set up without reading the site (see
    /// `chain::probe_within`).
    pub(crate) fn new(inner: I, site: &'static Site, floor: usize) -> Self
    where
        I: Iterator,
    {
        let upper = inner.size_hint().1;
        Checked::with_upper(inner, upper, site, floor)
    }

    /// [`new`](Self::new), for an iterator of which at most `upper` items will be taken.
    fn with_upper(inner: I, upper: Option<usize>, site: &'static Site, floor: usize) -> Self {
        if floor > 0 && upper.is_some_and(|left| left <= floor) {
            return Checked {
                inner,
                left: floor,
                pace: site.pace_of(floor),
            };
        }
        // One that does not fit in a chunk may time its first: see `Site::pace_timed`.
        let pace = if fits_upper(upper, site, 0) {
            site.pace()
        } else {
            site.pace_timed()
        };
        Checked {
            inner,
            left: pace.chunk_len(),
            pace,
        }
    }
}

impl<I: Iterator> Iterator for Checked<I> {
    type Item = I::Item;

    /// Always inlined: a `Vec`'s `collect` of a checked flattening (`(0..n).flat_map(|i|
    /// (0..m).map(..))`, its inner range left as written: see the macro's
    /// `visit_counted`) called it out of line, and the flattening's `next` in it,
    /// item by item (2.4x plain; inlined, 1.2x).
    #[inline(always)]
    fn next(&mut self) -> Option<I::Item> {
        tick(&mut self.left, &mut self.pace);
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }

    // The consumers that std's iterators specialize, run through the inner iterator's own.
    searches_by!(I::Item, try_chunks);

    #[inline]
    fn position<P: FnMut(I::Item) -> bool>(&mut self, mut predicate: P) -> Option<usize> {
        match self.try_chunks(0, |index, item| {
            if predicate(item) {
                ControlFlow::Break(index)
            } else {
                ControlFlow::Continue(index + 1)
            }
        }) {
            ControlFlow::Break(index) => Some(index),
            ControlFlow::Continue(_) => None,
        }
    }

    // `count` and `last` inline their test, so that a short source (`s.chars().count()` in
    // a fn called per word) costs a compare beside the inner iterator's own; the chunked
    // fold stays out of line.
    #[inline(always)]
    fn count(self) -> usize {
        if self.fits() {
            self.inner.count()
        } else {
            self.count_in_chunks()
        }
    }

    #[inline(always)]
    fn last(self) -> Option<I::Item> {
        if self.fits() {
            self.inner.last()
        } else {
            self.last_in_chunks()
        }
    }

    #[inline]
    fn nth(&mut self, mut n: usize) -> Option<I::Item> {
        loop {
            if self.fits() {
                return self.inner.nth(n);
            }
            if self.left == 0 {
                self.left = cross(&mut self.pace);
            }
            if n < self.left {
                self.left -= n + 1;
                return self.inner.nth(n);
            }
            // Skip the rest of the chunk: `left` items, the last of them by `nth`.
            let skip = std::mem::take(&mut self.left);
            self.inner.nth(skip - 1)?;
            n -= skip;
        }
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
                self.left = cross(&mut self.pace);
            }
            match fold_chunk(&mut self.inner, self.left, acc, &mut f) {
                ControlFlow::Continue(acc) => return acc,
                ControlFlow::Break(next) => {
                    acc = next;
                    self.left = 0;
                }
            }
        }
    }
}

/// Folds at most `count` items (at least one) of `inner` through its own `try_fold`, counting
/// them down: `Break` with the accumulator when it folded all `count`, `Continue` when `inner`
/// ended first.
#[inline(always)]
fn fold_chunk<I: Iterator, B>(
    inner: &mut I,
    count: usize,
    acc: B,
    mut f: impl FnMut(B, I::Item) -> B,
) -> ControlFlow<B, B> {
    let mut rest = count;
    inner.try_fold(acc, |acc, item| {
        let acc = f(acc, item);
        rest -= 1;
        if rest == 0 {
            ControlFlow::Break(acc)
        } else {
            ControlFlow::Continue(acc)
        }
    })
}

/// [`fold_chunk`], as `inner.by_ref().take(count)` folds (`Take`'s fold, through `inner`'s
/// own `try_fold`), counting what it folded in the accumulator: for [`CheckedTake`], whose
/// plain `Take` folds that way. A `cycle()` under it (`v.iter().cycle().take(n).sum()`)
/// measured 1.7x plain through [`fold_chunk`] (its later passes a scalar loop with a `cmov`
/// an item) and 1.3x this way; for [`Checked`]'s folds this way measured worse
/// (`decode_take_sum` 2.8 -> 3.25, `ring_buffer` 1.36 -> 1.64, `rle_round_trip` 0.98 -> 1.20).
#[inline(always)]
fn take_chunk<I: Iterator, B>(
    inner: &mut I,
    count: usize,
    acc: B,
    mut f: impl FnMut(B, I::Item) -> B,
) -> ControlFlow<B, B> {
    let (acc, folded) = inner
        .by_ref()
        .take(count)
        .fold((acc, 0usize), |(acc, folded), item| {
            (f(acc, item), folded + 1)
        });
    match folded == count {
        true => ControlFlow::Break(acc),
        false => ControlFlow::Continue(acc),
    }
}

/// A search over at most `count` items (at least one) of `inner` through its own `try_fold`,
/// as [`fold_chunk`]: what stopped it (`Continue` when `inner` ended), and how many items it
/// took.
#[inline(always)]
fn search_chunk<I: Iterator, A, R>(
    inner: &mut I,
    count: usize,
    acc: A,
    mut f: impl FnMut(A, I::Item) -> ControlFlow<R, A>,
) -> (ControlFlow<Stop<R, A>, A>, usize) {
    let mut rest = count;
    let folded = inner.try_fold(acc, |acc, item| {
        rest -= 1;
        match f(acc, item) {
            ControlFlow::Break(done) => ControlFlow::Break(Stop::Done(done)),
            ControlFlow::Continue(acc) if rest == 0 => ControlFlow::Break(Stop::Chunk(acc)),
            ControlFlow::Continue(acc) => ControlFlow::Continue(acc),
        }
    });
    (folded, count - rest)
}

/// Why a chunk of [`Checked::try_chunks`] stopped early.
enum Stop<R, A> {
    /// The consumer is done, with this result.
    Done(R),
    /// The chunk is used up; the accumulator so far.
    Chunk(A),
}

impl<I: Iterator> Checked<I> {
    /// [`Iterator::count`] past a `fits` that said no.
    #[inline(never)]
    fn count_in_chunks(self) -> usize {
        self.fold(0, |count, _| count + 1)
    }

    /// [`Iterator::last`] past a `fits` that said no.
    #[inline(never)]
    fn last_in_chunks(self) -> Option<I::Item> {
        self.fold(None, |_, item| Some(item))
    }

    /// Whether what the inner iterator has left fits in the current chunk.
    #[inline(always)]
    fn fits(&self) -> bool {
        matches!(self.inner.size_hint(), (_, Some(upper)) if upper <= self.left)
    }

    /// `try_fold` with `ControlFlow`, a chunk at a time: the inner iterator's own `try_fold`
    /// runs each chunk (or all it has left, when that fits in the current chunk).
    #[inline]
    fn try_chunks<A, R>(
        &mut self,
        init: A,
        mut f: impl FnMut(A, I::Item) -> ControlFlow<R, A>,
    ) -> ControlFlow<R, A> {
        let mut acc = init;
        loop {
            if self.fits() {
                // At most `left` items: counting them down is not needed, as the inner
                // iterator cannot grow.
                return self.inner.try_fold(acc, f);
            }
            if self.left == 0 {
                self.left = cross(&mut self.pace);
            }
            let (folded, used) = search_chunk(&mut self.inner, self.left, acc, &mut f);
            self.left -= used;
            match folded {
                ControlFlow::Continue(acc) => return ControlFlow::Continue(acc),
                ControlFlow::Break(Stop::Done(done)) => return ControlFlow::Break(done),
                ControlFlow::Break(Stop::Chunk(next)) => acc = next,
            }
        }
    }
}

/// The step of a search (`find`, and `position` of a checked range, which computes the index
/// from the item) through a `try_*` fold: stops at the first item `predicate` holds for.
#[inline(always)]
fn first_where<T>(mut predicate: impl FnMut(&T) -> bool) -> impl FnMut((), T) -> ControlFlow<T> {
    move |(), item| {
        if predicate(&item) {
            ControlFlow::Break(item)
        } else {
            ControlFlow::Continue(())
        }
    }
}

/// The break value of a `ControlFlow` whose continue value is `()`.
#[inline(always)]
fn broke<R>(flow: ControlFlow<R>) -> Option<R> {
    match flow {
        ControlFlow::Break(done) => Some(done),
        ControlFlow::Continue(()) => None,
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

/// An iterator counted down by a fixed count, checked every
/// [`ITERATIONS_PER_CHECK`](crate::__private::ITERATIONS_PER_CHECK) items, as a `for` with a
/// countdown is (`__private::tick`): the range a counted flattening steps through (see
/// `chain::ProbeRange::wrap_ticked`). One decrement and a branch not taken an item, and a small
/// cold path, so that the flattening's `next` still inlines.
#[derive(Clone, Debug)]
pub struct Ticked<I> {
    inner: I,
    left: u32,
}

impl<I> Ticked<I> {
    /// `inner`, counted down from a full count.
    pub(crate) fn new(inner: I) -> Self {
        Ticked {
            inner,
            left: crate::__private::ITERATIONS_PER_CHECK,
        }
    }
}

impl<I: Iterator> Iterator for Ticked<I> {
    type Item = I::Item;

    #[inline(always)]
    fn next(&mut self) -> Option<I::Item> {
        crate::__private::tick(&mut self.left);
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<I: DoubleEndedIterator> DoubleEndedIterator for Ticked<I> {
    #[inline(always)]
    fn next_back(&mut self) -> Option<I::Item> {
        crate::__private::tick(&mut self.left);
        self.inner.next_back()
    }
}

impl<I: ExactSizeIterator> ExactSizeIterator for Ticked<I> {
    fn len(&self) -> usize {
        self.inner.len()
    }
}

impl<I: FusedIterator> FusedIterator for Ticked<I> {}

/// `X.take(n)` over a source `X` that is not bounded by the data it holds
/// (`v.iter().cycle().take(n)`, `repeat_with(f).take(n)`, a user's iterator), checked: the
/// source checked between chunks, and the count kept beside it, as `Take` keeps it. A fold runs
/// each chunk as a `Take` of the source folds (`take_chunk`), one count an item as the plain
/// `Take`'s fold; a checked `Take` (a [`Checked`] around it) counted each item twice, the
/// `Take`'s count and the chunk's (`v.iter().cycle().take(n).sum()` 2.5x plain). A run that
/// fits in the current chunk is the `Take`'s own fold.
///
/// Each method does what `Take`'s does, with the source's steps checked (its `nth` a chunk at a
/// time, see [`Checked`]).
#[derive(Clone, Debug)]
pub struct CheckedTake<I> {
    inner: Checked<I>,
    /// Items left to take.
    n: usize,
}

impl<I: Iterator> CheckedTake<I> {
    /// `iter.take(n)`, checked in chunks of `site`.
    pub(crate) fn new(iter: I, n: usize, site: &'static Site) -> Self {
        let upper = take_hint(iter.size_hint(), n).1;
        CheckedTake {
            inner: Checked::with_upper(iter, upper, site, 0),
            n,
        }
    }

    /// `try_fold` with `ControlFlow`, a chunk at a time: the source's own `try_fold` runs each
    /// chunk of at most the items left to take, counting them down.
    #[inline]
    fn try_chunks<A, R>(
        &mut self,
        init: A,
        mut f: impl FnMut(A, I::Item) -> ControlFlow<R, A>,
    ) -> ControlFlow<R, A> {
        let mut acc = init;
        loop {
            if self.n == 0 {
                return ControlFlow::Continue(acc);
            }
            let Checked { inner, left, pace } = &mut self.inner;
            if *left == 0 {
                *left = cross(pace);
            }
            let (folded, used) = search_chunk(inner, (*left).min(self.n), acc, &mut f);
            *left -= used;
            self.n -= used;
            match folded {
                // The source ended.
                ControlFlow::Continue(acc) => return ControlFlow::Continue(acc),
                ControlFlow::Break(Stop::Done(done)) => return ControlFlow::Break(done),
                ControlFlow::Break(Stop::Chunk(next)) => acc = next,
            }
        }
    }
}

/// What `Take`'s `size_hint` says for a source that says `hint`, with `n` items left to take.
#[inline(always)]
fn take_hint((lower, upper): (usize, Option<usize>), n: usize) -> (usize, Option<usize>) {
    if n == 0 {
        return (0, Some(0));
    }
    let upper = match upper {
        Some(upper) if upper < n => upper,
        _ => n,
    };
    (lower.min(n), Some(upper))
}

impl<I: Iterator> Iterator for CheckedTake<I> {
    type Item = I::Item;

    #[inline]
    fn next(&mut self) -> Option<I::Item> {
        if self.n == 0 {
            None
        } else {
            self.n -= 1;
            self.inner.next()
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        take_hint(self.inner.size_hint(), self.n)
    }

    /// As `Take`'s: the source's `nth`, which skips a chunk at a time.
    #[inline]
    fn nth(&mut self, n: usize) -> Option<I::Item> {
        if self.n > n {
            self.n -= n + 1;
            self.inner.nth(n)
        } else {
            if self.n > 0 {
                self.inner.nth(self.n - 1);
                self.n = 0;
            }
            None
        }
    }

    /// The `Take`'s own fold when the items left to take fit in the current chunk; otherwise a
    /// chunk at a time, each as a `Take` of the source folds ([`take_chunk`]).
    #[inline]
    fn fold<B, F: FnMut(B, I::Item) -> B>(self, init: B, mut f: F) -> B {
        let CheckedTake {
            inner:
                Checked {
                    mut inner,
                    mut left,
                    mut pace,
                },
            mut n,
        } = self;
        let mut acc = init;
        loop {
            if n <= left {
                return inner.take(n).fold(acc, f);
            }
            if left == 0 {
                left = cross(&mut pace);
                continue;
            }
            match take_chunk(&mut inner, left, acc, &mut f) {
                // The source ended.
                ControlFlow::Continue(acc) => return acc,
                ControlFlow::Break(next) => {
                    acc = next;
                    n -= left;
                    left = 0;
                }
            }
        }
    }

    searches_by!(I::Item, try_chunks);

    #[inline]
    fn position<P: FnMut(I::Item) -> bool>(&mut self, mut predicate: P) -> Option<usize> {
        match self.try_chunks(0, |index, item| {
            if predicate(item) {
                ControlFlow::Break(index)
            } else {
                ControlFlow::Continue(index + 1)
            }
        }) {
            ControlFlow::Break(index) => Some(index),
            ControlFlow::Continue(_) => None,
        }
    }
}

impl<I: DoubleEndedIterator + ExactSizeIterator> DoubleEndedIterator for CheckedTake<I> {
    /// As `Take`'s: the source's `nth_back` past what is not taken (one check).
    #[inline]
    fn next_back(&mut self) -> Option<I::Item> {
        if self.n == 0 {
            None
        } else {
            let n = self.n;
            self.n -= 1;
            let skip = self.inner.inner.len().saturating_sub(n);
            self.inner.nth_back_in_bounded_time(skip)
        }
    }
}

impl<I: ExactSizeIterator> ExactSizeIterator for CheckedTake<I> {}

impl<I: FusedIterator> FusedIterator for CheckedTake<I> {}

/// The steps a checked range takes through its [`Checked`]: `next`, `size_hint`, and `nth`,
/// which skips in bounded time (see [`Checked::nth_in_bounded_time`]).
macro_rules! steps_of_checked {
    () => {
        #[inline]
        fn next(&mut self) -> Option<T> {
            self.0.next()
        }

        #[inline]
        fn size_hint(&self) -> (usize, Option<usize>) {
            self.0.size_hint()
        }

        #[inline]
        fn nth(&mut self, n: usize) -> Option<T> {
            self.0.nth_in_bounded_time(n)
        }
    };
}

/// A range of integers checked between sub-ranges (see the module docs): a [`Checked`] whose
/// fold folds plain sub-ranges.
///
/// `INDEXED`: the chain's code indexes with an item (`v[i]` in `(0..v.len()).map(|i| v[i])`),
/// so that its fold tells the compiler each item lies in the whole range (see `within`); the
/// macro picks it (`wrap_indexed`). Otherwise not: the assumption keeps LLVM from computing a
/// fold in closed form, and a fold whose items index memory has none.
#[derive(Clone, Debug)]
pub struct CheckedRange<T, const INDEXED: bool = false>(pub(crate) Checked<Range<T>>);

impl<T: Int, const INDEXED: bool> Iterator for CheckedRange<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    type Item = T;

    steps_of_checked!();

    /// Folds a sub-range a chunk long at a time: each is a plain range, whose fold unrolls
    /// and vectorizes as the whole range's would. One call of the range's fold, for every
    /// sub-range and the last: with a second for the last (by value), the compiler inlined the
    /// two differently, and a range that fit in one chunk took the one it had not inlined (a
    /// `flat_map` over ranges then called its closure out of line on every item, where the
    /// other computed the inner sums in closed form); one copy of the loop is also less code
    /// to compile.
    #[inline]
    fn fold<B, F: FnMut(B, T) -> B>(self, init: B, f: F) -> B {
        let Checked {
            inner: Range { start, end },
            left,
            pace,
        } = self.0;
        fold_sub_ranges::<INDEXED, _, _, _>(start, end, left, pace, init, f)
    }

    // The short-circuiting consumers, a sub-range at a time.
    searches_by!(T, try_sub_ranges);

    /// The item found, less the first: a range's items are consecutive, so the search keeps
    /// no count of its own.
    #[inline]
    fn position<P: FnMut(T) -> bool>(&mut self, mut predicate: P) -> Option<usize> {
        let first = self.0.inner.start;
        let found = broke(self.try_sub_ranges((), first_where(|x: &T| predicate(*x))));
        found.map(|x| first.distance(x))
    }
}

impl<T: Int, const INDEXED: bool> CheckedRange<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    /// `try_fold` a sub-range a chunk long at a time, each through the plain range's own, so
    /// that a search over `0..n` runs the plain range's loop, with no count of its own per
    /// item; the range is left just past the item that stopped it, as the plain one is.
    #[inline]
    fn try_sub_ranges<A, R>(
        &mut self,
        init: A,
        f: impl FnMut(A, T) -> ControlFlow<R, A>,
    ) -> ControlFlow<R, A> {
        let Checked { inner, left, pace } = &mut self.0;
        // SAFETY: every item passed is one of a sub-range of `inner` as it is now.
        let mut f = with_item(unsafe { within(inner.start, inner.end, f) });
        let mut acc = init;
        loop {
            if *left == 0 {
                *left = cross(pace);
            }
            let start = inner.start;
            let middle = match start.plus(*left) {
                Some(middle) if middle < inner.end => middle,
                _ => inner.end,
            };
            match (start..middle).try_fold(acc, &mut f) {
                ControlFlow::Break((done, item)) => {
                    // `item < middle`: one more is at most `middle`.
                    let after = item.plus(1).unwrap_or(middle);
                    inner.start = after;
                    // The count from values outside the loop: `after - start <= left`.
                    *left -= start.distance(after);
                    return ControlFlow::Break(done);
                }
                ControlFlow::Continue(next) => acc = next,
            }
            inner.start = middle;
            // As many as the sub-range held: the rest of the chunk is left where `middle` is
            // the range's end, so that a search of a used-up range crosses no boundary.
            *left -= start.distance(middle);
            if middle == inner.end {
                return ControlFlow::Continue(acc);
            }
        }
    }
}

impl<T: Int, const INDEXED: bool> CheckedRange<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    /// [`try_sub_ranges`](Self::try_sub_ranges) from the back: `try_rfold` a sub-range a
    /// chunk long at a time, each through the plain range's own; the range is left just
    /// before the item that stopped it, as the plain one is.
    #[inline]
    fn try_rsub_ranges<A, R>(
        &mut self,
        init: A,
        f: impl FnMut(A, T) -> ControlFlow<R, A>,
    ) -> ControlFlow<R, A> {
        let Checked { inner, left, pace } = &mut self.0;
        // SAFETY: every item passed is one of a sub-range of `inner` as it is now.
        let mut f = with_item(unsafe { within(inner.start, inner.end, f) });
        let mut acc = init;
        loop {
            if *left == 0 {
                *left = cross(pace);
            }
            let end = inner.end;
            let middle = match end.minus(*left) {
                Some(middle) if middle > inner.start => middle,
                _ => inner.start,
            };
            match (middle..end).try_rfold(acc, &mut f) {
                ControlFlow::Break((done, item)) => {
                    // The range from the back ends before the item that stopped it.
                    inner.end = item;
                    *left -= item.distance(end);
                    return ControlFlow::Break(done);
                }
                ControlFlow::Continue(next) => acc = next,
            }
            inner.end = middle;
            *left -= middle.distance(end);
            if middle == inner.start {
                return ControlFlow::Continue(acc);
            }
        }
    }
}

/// `(a..b).rev()`, checked: a [`CheckedRange`] run from the back, whose searches (`any`, `all`,
/// `find`, `find_map`, `position`) take a sub-range at a time from the back, as the range's
/// own take them from the front. Std's `Rev` runs them through the range's `try_rfold`, which
/// a wrapper cannot override on stable Rust: over a checked range, one `next_back` and one
/// count per item.
#[derive(Clone, Debug)]
pub struct CheckedRev<T, const INDEXED: bool = false>(pub(crate) CheckedRange<T, INDEXED>);

/// `(a..b).rev()` of a chain, checked: [`CheckedRev`] over the same range, rebuilt from the
/// `Rev` (which gives its range back to no one) when its size hint is exact; otherwise the
/// `Rev` as it was.
pub type RevOf<T, const INDEXED: bool = false> =
    Rebuilt<CheckedRev<T, INDEXED>, std::iter::Rev<CheckedRange<T, INDEXED>>>;

/// `rev`, as the range it runs backwards, checked in chunks of `site` (see [`RevOf`]; `floor`
/// as in `Checked::new`).
#[inline(always)]
pub(crate) fn rev_of<T: Int, const INDEXED: bool>(
    rev: std::iter::Rev<CheckedRange<T, INDEXED>>,
    site: &'static Site,
    floor: usize,
) -> RevOf<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    // The range's last item is the first that `rev` yields, and it has as many as it says.
    let (len, upper) = rev.size_hint();
    let range = match (rev.clone().next(), upper) {
        (Some(last), Some(upper)) if upper == len => last
            .plus(1)
            .and_then(|end| end.minus(len).map(|start| start..end)),
        _ => None,
    };
    match range {
        Some(range) => Rebuilt::Faster(CheckedRev(CheckedRange(Checked::new(range, site, floor)))),
        None => Rebuilt::AsWas(rev),
    }
}

impl<T: Int, const INDEXED: bool> CheckedRev<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    /// The searches' `try_fold`: the range's from the back.
    #[inline(always)]
    fn try_backwards<A, R>(
        &mut self,
        init: A,
        f: impl FnMut(A, T) -> ControlFlow<R, A>,
    ) -> ControlFlow<R, A> {
        self.0.try_rsub_ranges(init, f)
    }
}

impl<T: Int, const INDEXED: bool> Iterator for CheckedRev<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.0.next_back()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<T> {
        self.0.nth_back(n)
    }

    #[inline]
    fn fold<B, F: FnMut(B, T) -> B>(self, init: B, f: F) -> B {
        self.0.rfold(init, f)
    }

    // The short-circuiting consumers, a sub-range at a time from the back.
    searches_by!(T, try_backwards);

    /// How far the item found lies before the range's end: the search keeps no count of its
    /// own.
    #[inline]
    fn position<P: FnMut(T) -> bool>(&mut self, mut predicate: P) -> Option<usize> {
        let end = self.0.0.inner.end;
        let found = broke(self.try_backwards((), first_where(|x: &T| predicate(*x))));
        found.map(|x| x.distance(end) - 1)
    }
}

impl<T: Int, const INDEXED: bool> DoubleEndedIterator for CheckedRev<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.0.next()
    }

    #[inline]
    fn nth_back(&mut self, n: usize) -> Option<T> {
        self.0.nth(n)
    }

    #[inline]
    fn rfold<B, F: FnMut(B, T) -> B>(self, init: B, f: F) -> B {
        self.0.fold(init, f)
    }
}

impl<T: Int, const INDEXED: bool> ExactSizeIterator for CheckedRev<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
    CheckedRange<T, INDEXED>: ExactSizeIterator,
{
}

impl<T: Int, const INDEXED: bool> FusedIterator for CheckedRev<T, INDEXED> where
    Range<T>: DoubleEndedIterator<Item = T>
{
}

/// `f`, with the compiler told that each item it is given lies in `start..end`.
///
/// A sub-range's loop is bounded by a value the loop over sub-ranges carries, which the
/// compiler does not know to be within the whole range: `v[i]` in a closure over
/// `(0..v.len())` then keeps its bounds check in a sub-range that stops early, where the plain
/// range's loop, bounded by `v.len()` itself, drops it. For searches, and for the folds of a
/// chain whose code indexes with an item (`CheckedRange`'s `INDEXED`): an assumption in a
/// loop keeps LLVM from computing the loop in closed form, which another fold may be and a
/// search that stops early, or a loop that loads what it is indexed by, is not.
///
/// # Safety
///
/// The closure returned must be called only with items of `start..end`.
#[inline(always)]
unsafe fn within<T: Int, A, R>(
    start: T,
    end: T,
    mut f: impl FnMut(A, T) -> R,
) -> impl FnMut(A, T) -> R {
    move |acc, item| {
        // SAFETY: the caller's promise.
        unsafe { std::hint::assert_unchecked(start <= item && item < end) };
        f(acc, item)
    }
}

/// `f`, whose break comes out with the item that stopped it: a search over a sub-range then
/// goes on after that item, and its loop keeps no next start of its own beside the item.
#[inline(always)]
fn with_item<T: Copy, A, R>(
    mut f: impl FnMut(A, T) -> ControlFlow<R, A>,
) -> impl FnMut(A, T) -> ControlFlow<(R, T), A> {
    move |acc, item| match f(acc, item) {
        ControlFlow::Break(done) => ControlFlow::Break((done, item)),
        ControlFlow::Continue(acc) => ControlFlow::Continue(acc),
    }
}

/// Folds `start..end` a sub-range at a time: `left` items first (a chunk boundary first if
/// none are left), then a chunk of `pace` after each boundary, through one call of the plain
/// range's fold (see [`CheckedRange`]'s `fold`).
#[inline(always)]
fn fold_sub_ranges<const INDEXED: bool, T: Int, B, F: FnMut(B, T) -> B>(
    start: T,
    end: T,
    left: usize,
    pace: Pace,
    init: B,
    mut f: F,
) -> B
where
    Range<T>: Iterator<Item = T>,
{
    // `within` only where the chain's code indexes with an item: its assumption in the loop
    // keeps LLVM from computing a fold in closed form (`(0..m).map(|j| i * j).sum()` in a
    // `flat_map`: 8x -> 540x measured). Two branches, not a `within` whose assumption a
    // constant turns off: that one's forwarding closure alone cost the flat_map pair products
    // their closed form too (42-47x plain -> 750-1,370x, scratch crate).
    if INDEXED {
        // SAFETY: `walk_sub_ranges` hands over sub-ranges of `start..end`.
        let mut f = unsafe { within(start, end, f) };
        walk_sub_ranges(start, end, left, pace, init, |acc, sub| {
            sub.fold(acc, &mut f)
        })
    } else {
        walk_sub_ranges(start, end, left, pace, init, |acc, sub| {
            sub.fold(acc, &mut f)
        })
    }
}

/// Hands `each` the sub-ranges of `start..end` in order: `left` items first (a chunk boundary
/// first if none are left), then a chunk of `pace` after each boundary; the last ends at `end`
/// (an empty range is one empty sub-range).
#[inline(always)]
fn walk_sub_ranges<T: Int, B>(
    mut start: T,
    end: T,
    mut left: usize,
    mut pace: Pace,
    init: B,
    mut each: impl FnMut(B, Range<T>) -> B,
) -> B {
    let mut acc = init;
    loop {
        if left == 0 {
            left = cross(&mut pace);
        }
        let middle = match start.plus(left) {
            Some(middle) if middle < end => middle,
            _ => end,
        };
        acc = each(acc, start..middle);
        if middle == end {
            return acc;
        }
        start = middle;
        left = 0;
    }
}

impl<T: Int> CheckedRange<T>
where
    Range<T>: Iterator<Item = T>,
{
    /// Extends `items` a chunk at a time (a new `Vec` for a `collect` if `fresh`): `each`
    /// extends the sink with the chain over a plain sub-range (see `collect.rs`).
    #[inline]
    pub(crate) fn fill<X>(
        self,
        items: &mut Vec<X>,
        fresh: bool,
        mut each: impl FnMut(Range<T>, &mut Sink<X>),
    ) {
        let Checked {
            inner: Range { start, end },
            left,
            pace,
        } = self.0;
        if start >= end {
            return;
        }
        let mut sink = Sink::new(items, start.distance(end), fresh);
        walk_sub_ranges(start, end, left, pace, (), |(), sub| {
            sink.start_chunk(sub.start.distance(sub.end));
            each(sub, &mut sink);
        });
    }
}

impl<T: Int> CheckedRangeInclusive<T>
where
    Range<T>: Iterator<Item = T>,
    RangeInclusive<T>: Iterator<Item = T>,
{
    /// [`CheckedRange::fill`], each chunk an inclusive range: `a..=b - 1` for the sub-range
    /// `a..b`, and `a..=end` for the last.
    #[inline]
    pub(crate) fn fill<X>(
        self,
        items: &mut Vec<X>,
        fresh: bool,
        mut each: impl FnMut(RangeInclusive<T>, &mut Sink<X>),
    ) {
        let Checked {
            inner: range,
            left,
            pace,
        } = self.0;
        if range.is_empty() {
            return;
        }
        let (start, end) = (*range.start(), *range.end());
        let mut sink = Sink::new(items, start.distance(end).saturating_add(1), fresh);
        walk_sub_ranges(start, end, left, pace, (), |(), sub| {
            let last = match sub.end.minus(1) {
                Some(last) if sub.end < end => last,
                _ => end,
            };
            sink.start_chunk(sub.start.distance(last).saturating_add(1));
            each(sub.start..=last, &mut sink);
        });
    }
}

impl<T: Int, const INDEXED: bool> DoubleEndedIterator for CheckedRange<T, INDEXED>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.0.next_back()
    }

    #[inline]
    fn nth_back(&mut self, n: usize) -> Option<T> {
        self.0.nth_back_in_bounded_time(n)
    }

    /// Folds from the back a sub-range a chunk long at a time (`(0..n).rev().map(f).sum()`),
    /// as `fold` does from the front.
    #[inline]
    fn rfold<B, F: FnMut(B, T) -> B>(self, init: B, f: F) -> B {
        let Checked {
            inner: Range { start, end },
            left,
            pace,
        } = self.0;
        rfold_sub_ranges::<INDEXED, _, _, _>(start, end, left, pace, init, f)
    }
}

/// The fold from the back of `start..end` in sub-ranges, each a chunk of `pace` long: see
/// [`fold_sub_ranges`].
#[inline(always)]
fn rfold_sub_ranges<const INDEXED: bool, T: Int, B, F: FnMut(B, T) -> B>(
    start: T,
    end: T,
    left: usize,
    pace: Pace,
    init: B,
    f: F,
) -> B
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    // `within` as in `fold_sub_ranges`.
    if INDEXED {
        // SAFETY: `rwalk_sub_ranges` hands over sub-ranges of `start..end`.
        let f = unsafe { within(start, end, f) };
        rwalk_sub_ranges(start, end, left, pace, init, f)
    } else {
        rwalk_sub_ranges(start, end, left, pace, init, f)
    }
}

/// [`rfold_sub_ranges`]'s loop.
#[inline(always)]
fn rwalk_sub_ranges<T: Int, B, F: FnMut(B, T) -> B>(
    start: T,
    mut end: T,
    mut left: usize,
    mut pace: Pace,
    init: B,
    mut f: F,
) -> B
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    let mut acc = init;
    loop {
        if left == 0 {
            left = cross(&mut pace);
        }
        let middle = match end.minus(left) {
            Some(middle) if middle > start => middle,
            _ => start,
        };
        acc = (middle..end).rfold(acc, &mut f);
        if middle == start {
            return acc;
        }
        end = middle;
        left = 0;
    }
}

impl<T: Int, const INDEXED: bool> ExactSizeIterator for CheckedRange<T, INDEXED> where
    Range<T>: ExactSizeIterator + DoubleEndedIterator<Item = T>
{
}

impl<T: Int, const INDEXED: bool> FusedIterator for CheckedRange<T, INDEXED> where
    Range<T>: DoubleEndedIterator<Item = T>
{
}

/// An inclusive range of integers checked between sub-ranges (see the module docs): a
/// [`Checked`] whose fold folds plain sub-ranges.
///
/// `INDEXED` as [`CheckedRange`]'s.
#[derive(Clone, Debug)]
pub struct CheckedRangeInclusive<T, const INDEXED: bool = false>(
    pub(crate) Checked<RangeInclusive<T>>,
);

impl<T: Int, const INDEXED: bool> Iterator for CheckedRangeInclusive<T, INDEXED>
where
    RangeInclusive<T>: DoubleEndedIterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
    type Item = T;

    steps_of_checked!();

    /// Folds `start..start + chunk` at a time (a plain, exclusive range) up to `end`, then
    /// `end`: one call of the exclusive range's fold, as [`CheckedRange`]'s (the last chunk
    /// holds one item more).
    #[inline]
    fn fold<B, F: FnMut(B, T) -> B>(self, init: B, mut f: F) -> B {
        let Checked {
            inner: range,
            left,
            pace,
        } = self.0;
        if range.is_empty() {
            return init;
        }
        let (start, end) = (*range.start(), *range.end());
        let acc = fold_sub_ranges::<INDEXED, _, _, _>(start, end, left, pace, init, &mut f);
        f(acc, end)
    }

    // The short-circuiting consumers, a sub-range at a time, as [`CheckedRange`]'s (std's
    // defaults took one `next` and one count per item: `(1..=n).any(p)` 3x plain).
    searches_by!(T, try_sub_ranges);

    /// The item found, less the first (see [`CheckedRange`]'s).
    #[inline]
    fn position<P: FnMut(T) -> bool>(&mut self, mut predicate: P) -> Option<usize> {
        let first = *self.0.inner.start();
        let found = broke(self.try_sub_ranges((), first_where(|x: &T| predicate(*x))));
        found.map(|x| first.distance(x))
    }
}

impl<T: Int, const INDEXED: bool> CheckedRangeInclusive<T, INDEXED>
where
    RangeInclusive<T>: DoubleEndedIterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
    /// `try_fold` over `start..end` a sub-range at a time, through [`CheckedRange`]'s, then
    /// over `end`; the range is left just past the item that stopped it, as the plain one is
    /// (after `end`, exhausted).
    #[inline]
    fn try_sub_ranges<A, R>(
        &mut self,
        init: A,
        mut f: impl FnMut(A, T) -> ControlFlow<R, A>,
    ) -> ControlFlow<R, A> {
        let Checked { inner, left, pace } = &mut self.0;
        if inner.is_empty() {
            return ControlFlow::Continue(init);
        }
        let (start, end) = (*inner.start(), *inner.end());
        let mut below = CheckedRange::<T, INDEXED>(Checked {
            inner: start..end,
            left: *left,
            pace: *pace,
        });
        let flow = below.try_sub_ranges(init, &mut f);
        *left = below.0.left;
        *pace = below.0.pace;
        match flow {
            ControlFlow::Break(done) => {
                // Every item of `below` is less than `end`, which is still to come.
                *inner = below.0.inner.start..=end;
                ControlFlow::Break(done)
            }
            ControlFlow::Continue(acc) => {
                // The last item: the range is then exhausted, as the plain one is after it.
                let mut last = end..=end;
                last.next();
                *inner = last;
                f(acc, end)
            }
        }
    }
}

impl<T: Int, const INDEXED: bool> DoubleEndedIterator for CheckedRangeInclusive<T, INDEXED>
where
    RangeInclusive<T>: DoubleEndedIterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.0.next_back()
    }

    #[inline]
    fn nth_back(&mut self, n: usize) -> Option<T> {
        self.0.nth_back_in_bounded_time(n)
    }

    /// `end`, then `start..end` from the back a sub-range at a time (see [`CheckedRange`]'s).
    #[inline]
    fn rfold<B, F: FnMut(B, T) -> B>(self, init: B, mut f: F) -> B {
        let Checked {
            inner: range,
            left,
            pace,
        } = self.0;
        if range.is_empty() {
            return init;
        }
        let (start, end) = (*range.start(), *range.end());
        let acc = f(init, end);
        rfold_sub_ranges::<INDEXED, _, _, _>(start, end, left, pace, acc, f)
    }
}

impl<T: Int, const INDEXED: bool> ExactSizeIterator for CheckedRangeInclusive<T, INDEXED>
where
    RangeInclusive<T>: ExactSizeIterator + DoubleEndedIterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
}

impl<T: Int, const INDEXED: bool> FusedIterator for CheckedRangeInclusive<T, INDEXED>
where
    RangeInclusive<T>: DoubleEndedIterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
}

/// A range of integers as std's `Flatten` of its sub-ranges, checked between them: the
/// checked range of a chain whose loop runs through its source's `try_fold` (a search such as
/// `find` or `any` above an adapter, `take_while`, `scan`, `map_while`, `skip_while`, std's
/// `try_fold`). A wrapper cannot override `try_fold` on stable Rust (its `Try` bound is
/// unstable), so over [`CheckedRange`] those loops take one `next`, and one count, per item;
/// std's `Flatten` runs each sub-range's own `try_fold`, the plain range's loop. The macro
/// picks it (`wrap_flat`) for such chains only: it keeps no exact length (`Flatten` is not
/// `ExactSizeIterator`, and its size hint has no upper bound until the last sub-range) and
/// runs forward only.
pub type FlatRange<T> = std::iter::Flatten<SubRanges<T>>;

/// The sub-ranges of a range, each a chunk of its site long, a check and the pace's timing
/// before each but the first (see [`FlatRange`]).
#[derive(Clone, Debug)]
pub struct SubRanges<T> {
    rest: Range<T>,
    /// Items left in the current chunk (0: a boundary before the next sub-range).
    left: usize,
    pace: Pace,
}

impl<T: Int> SubRanges<T>
where
    Range<T>: Iterator<Item = T>,
{
    /// `range` as a [`FlatRange`], checked in chunks of `site` (`floor` as in `Checked::new`).
    pub(crate) fn flat(range: Range<T>, site: &'static Site, floor: usize) -> FlatRange<T> {
        let Checked { inner, left, pace } = Checked::new(range, site, floor);
        SubRanges {
            rest: inner,
            left,
            pace,
        }
        .flatten()
    }
}

impl<T: Int> Iterator for SubRanges<T>
where
    Range<T>: Iterator<Item = T>,
{
    type Item = Range<T>;

    #[inline]
    fn next(&mut self) -> Option<Range<T>> {
        let Range { start, end } = self.rest.clone();
        if start >= end {
            return None;
        }
        if self.left == 0 {
            cold();
            self.left = cross(&mut self.pace);
        }
        let middle = match start.plus(self.left) {
            Some(middle) if middle < end => middle,
            _ => end,
        };
        self.left -= start.distance(middle);
        self.rest.start = middle;
        Some(start..middle)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let Range { start, end } = self.rest.clone();
        match start < end {
            true => (1, None),
            false => (0, Some(0)),
        }
    }
}

impl<T: Int> FusedIterator for SubRanges<T> where Range<T>: Iterator<Item = T> {}

/// [`FlatRange`] for an inclusive range: std's `Flatten` of its inclusive sub-ranges, checked
/// between them.
pub type FlatRangeInclusive<T> = std::iter::Flatten<SubRangesInclusive<T>>;

/// The inclusive sub-ranges of an inclusive range: those of [`SubRanges`] over `start..end`,
/// as inclusive ones, then `end..=end` (see [`FlatRangeInclusive`]). The last item takes no
/// check of its own, as in [`CheckedRangeInclusive`]'s fold.
#[derive(Clone, Debug)]
pub struct SubRangesInclusive<T> {
    below: SubRanges<T>,
    /// The range's last item, until it is handed out.
    last: Option<T>,
}

impl<T: Int> SubRangesInclusive<T>
where
    RangeInclusive<T>: Iterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
    /// `range` as a [`FlatRangeInclusive`], checked in chunks of `site` (`floor` as in
    /// `Checked::new`).
    pub(crate) fn flat(
        range: RangeInclusive<T>,
        site: &'static Site,
        floor: usize,
    ) -> FlatRangeInclusive<T> {
        let Checked { inner, left, pace } = Checked::new(range, site, floor);
        let (start, end) = (*inner.start(), *inner.end());
        let last = (!inner.is_empty()).then_some(end);
        // An empty one: `below` is empty too (`end..end`).
        let start = if last.is_some() { start } else { end };
        SubRangesInclusive {
            below: SubRanges {
                rest: start..end,
                left,
                pace,
            },
            last,
        }
        .flatten()
    }
}

impl<T: Int> Iterator for SubRangesInclusive<T>
where
    RangeInclusive<T>: Iterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
    type Item = RangeInclusive<T>;

    #[inline]
    fn next(&mut self) -> Option<RangeInclusive<T>> {
        match self.below.next() {
            // A sub-range is never empty: `sub.end - 1` is its last item.
            Some(sub) => Some(sub.start..=sub.end.minus(1).unwrap_or(sub.start)),
            None => self.last.take().map(|end| end..=end),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.last {
            Some(_) => (1, None),
            None => (0, Some(0)),
        }
    }
}

impl<T: Int> FusedIterator for SubRangesInclusive<T>
where
    RangeInclusive<T>: Iterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
}

/// A range of integers without an end (`0..`), checked between sub-ranges (see the module
/// docs): a [`Checked`] whose `nth` adds to the start, as the plain range's does (`(0..)
/// .step_by(k)` steps in bounded time whatever `k`), and whose fold folds plain sub-ranges.
#[derive(Clone, Debug)]
pub struct CheckedRangeFrom<T>(pub(crate) Checked<RangeFrom<T>>);

impl<T: Int> Iterator for CheckedRangeFrom<T>
where
    RangeFrom<T>: Iterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
    type Item = T;

    steps_of_checked!();

    /// Folds `start..start + chunk` at a time (a plain range), for ever; a chunk that would
    /// pass the type's last value takes its items through the plain range's `next`, which
    /// panics there in a debug build and wraps around in a release one, as the plain range
    /// does.
    #[inline]
    fn fold<B, F: FnMut(B, T) -> B>(self, init: B, mut f: F) -> B {
        let Checked {
            inner: mut from,
            mut left,
            mut pace,
        } = self.0;
        let mut acc = init;
        loop {
            if left == 0 {
                left = cross(&mut pace);
            }
            match from.start.plus(left) {
                Some(middle) => {
                    acc = (from.start..middle).fold(acc, &mut f);
                    from.start = middle;
                }
                None => {
                    for item in from.by_ref().take(left) {
                        acc = f(acc, item);
                    }
                }
            }
            left = 0;
        }
    }

    // The short-circuiting consumers, a chunk at a time (see [`Checked`]).
    searches_through!(T, through_0);
}

impl<T: Int> FusedIterator for CheckedRangeFrom<T>
where
    RangeFrom<T>: Iterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
}

/// A chain's iterator rebuilt as a faster checked one with the same items in the same order
/// ([`Rebuilt::Faster`]), or as it was when it cannot be ([`Rebuilt::AsWas`]): see
/// [`TakeFrom`] and [`StepsOf`].
#[derive(Clone, Debug)]
pub enum Rebuilt<A, B> {
    /// The same items, from an iterator whose consumers run plain loops between checks.
    Faster(A),
    /// The iterator as it was.
    AsWas(B),
}

/// `(a..).take(n)`, checked: the range `a..a + n`, checked as a range with an end (the same
/// items in the same order, folded a sub-range at a time), when `a + n` does not pass the
/// type's last value; otherwise the `take` as it was. `Take` runs every consumer through its
/// inner iterator's `try_fold`, which a wrapper cannot override on stable Rust: over a range
/// without an end, a `take(n)` took its items one `next` at a time.
pub type TakeFrom<T> = Rebuilt<CheckedRange<T>, std::iter::Take<CheckedRangeFrom<T>>>;

/// `take`, as a range checked in chunks of `site` when it has an end within the type (see
/// [`TakeFrom`]).
pub(crate) fn take_from<T: Int>(
    take: std::iter::Take<CheckedRangeFrom<T>>,
    site: &'static Site,
) -> TakeFrom<T>
where
    RangeFrom<T>: Iterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
    match range_of_take(&take) {
        Some(range) => Rebuilt::Faster(CheckedRange(Checked::new(range, site, 0))),
        None => Rebuilt::AsWas(take),
    }
}

/// `(a..).take(n)` (over a plain range without an end or a checked one) as the range with the
/// same items, `a..a + n`, when it takes at least one and that end is within the type; `None`
/// otherwise. A `take` over a range without an end says exactly how many items it takes; its
/// first is asked of a copy, as `Take` does not give its range back (over `T::MAX..`, a debug
/// build panics there, as the `take`'s first `next` would).
pub(crate) fn range_of_take<T: Int, I: Iterator<Item = T> + Clone>(
    take: &std::iter::Take<I>,
) -> Option<Range<T>> {
    let n = take.size_hint().1?;
    let start = take.clone().next()?;
    Some(start..start.plus(n)?)
}

/// [`take_from`], for a plain `take` of a range without an end (see [`range_of_take`]): the
/// checked range when it has an end within the type; otherwise the `take` over the checked
/// range without an end, which yields what the plain one would (a debug build's panic past
/// the type's last value included).
pub(crate) fn take_from_plain<T: Int>(
    take: std::iter::Take<RangeFrom<T>>,
    site: &'static Site,
    floor: usize,
) -> TakeFrom<T>
where
    RangeFrom<T>: Iterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
    if let Some(range) = range_of_take(&take) {
        return Rebuilt::Faster(CheckedRange(Checked::new(range, site, floor)));
    }
    // Past the type's end, or empty (its first item then the type's default, never taken).
    let n = take.size_hint().0;
    let start = take.clone().next().unwrap_or_default();
    Rebuilt::AsWas(CheckedRangeFrom(Checked::new(start.., site, 0)).take(n))
}

/// `(a..b).step_by(k)` (or `a..=b`, or `(a..).step_by(k).take(n)`), checked: the same items as
/// a plain range stepped by `k` ([`CheckedSteps`]), when they are at least two and the type
/// holds one past the last; otherwise `I`, the iterator as it was. Over a checked range, std's
/// `StepBy` takes each item by the range's `nth`, which counts it, where over a plain range it
/// runs one loop of adds (and a `Take` runs every consumer through `try_fold`, one item at a
/// time).
pub type StepsOf<T, I> = Rebuilt<CheckedSteps<T>, I>;

/// `steps` (a `StepBy` over a checked range, or a `take` of one over a range without an end),
/// as a plain range stepped the same way, checked in chunks of `site` (see [`StepsOf`];
/// `floor` as in `Checked::new`).
#[inline(always)]
pub(crate) fn steps_of<T: Int, I>(steps: I, site: &'static Site, floor: usize) -> StepsOf<T, I>
where
    I: Iterator<Item = T> + Clone,
    Range<T>: Iterator<Item = T>,
{
    // A range's items are evenly spaced: the step is the distance from its first item to its
    // second, and the last is as many steps past the first as the items after it, which the
    // size hint of a range that fits in `usize` gives exactly.
    let (len, upper) = steps.size_hint();
    let mut copy = steps.clone();
    let end = match (copy.next(), copy.next()) {
        (Some(first), Some(second)) if upper == Some(len) => {
            let step = first.distance(second);
            stepped_span(first, step, len - 1).map(|(_, end)| (first, end, step))
        }
        _ => None,
    };
    match end {
        Some((first, end, step)) => Rebuilt::Faster(CheckedSteps {
            steps: Checked::new((first..end).step_by(step), site, floor),
            step,
            end,
        }),
        None => Rebuilt::AsWas(steps),
    }
}

/// The last of `first` and the `more` items after it, `step` apart, and one past it; `None`
/// where `T` or `usize` cannot hold them.
#[inline(always)]
fn stepped_span<T: Int>(first: T, step: usize, more: usize) -> Option<(T, T)> {
    let last = first.plus(step.checked_mul(more)?)?;
    Some((last, last.plus(1)?))
}

/// Runs `$body` on whichever iterator a [`Rebuilt`] holds.
macro_rules! either {
    ($value:expr, $it:ident => $body:expr) => {
        match $value {
            Rebuilt::Faster($it) => $body,
            Rebuilt::AsWas($it) => $body,
        }
    };
}

impl<A: Iterator, B: Iterator<Item = A::Item>> Iterator for Rebuilt<A, B> {
    type Item = A::Item;

    #[inline]
    fn next(&mut self) -> Option<A::Item> {
        either!(self, it => it.next())
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        either!(self, it => it.size_hint())
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<A::Item> {
        either!(self, it => it.nth(n))
    }

    searches_through!(A::Item, either);

    #[inline]
    fn fold<Acc, F: FnMut(Acc, A::Item) -> Acc>(self, init: Acc, f: F) -> Acc {
        either!(self, it => it.fold(init, f))
    }
}

impl<A, B> DoubleEndedIterator for Rebuilt<A, B>
where
    A: DoubleEndedIterator,
    B: DoubleEndedIterator<Item = A::Item>,
{
    #[inline]
    fn next_back(&mut self) -> Option<A::Item> {
        either!(self, it => it.next_back())
    }

    #[inline]
    fn nth_back(&mut self, n: usize) -> Option<A::Item> {
        either!(self, it => it.nth_back(n))
    }

    #[inline]
    fn rfold<Acc, F: FnMut(Acc, A::Item) -> Acc>(self, init: Acc, f: F) -> Acc {
        either!(self, it => it.rfold(init, f))
    }
}

impl<A: ExactSizeIterator, B: ExactSizeIterator<Item = A::Item>> ExactSizeIterator
    for Rebuilt<A, B>
{
}

impl<A: FusedIterator, B: FusedIterator<Item = A::Item>> FusedIterator for Rebuilt<A, B> {}

/// A plain range stepped by `step` (std's `StepBy`, which over a plain range runs one loop of
/// adds), checked between chunks of items (see [`StepsOf`]).
#[derive(Clone, Debug)]
pub struct CheckedSteps<T> {
    steps: Checked<std::iter::StepBy<Range<T>>>,
    /// The distance between two items.
    step: usize,
    /// One past the last item (the end of the range `steps` steps over).
    end: T,
}

impl<T: Int> Iterator for CheckedSteps<T>
where
    Range<T>: Iterator<Item = T>,
{
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.steps.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.steps.size_hint()
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<T> {
        self.steps.nth(n)
    }

    // The short-circuiting consumers, a sub-range at a time.
    searches_by!(T, try_steps);

    /// The item found's distance from the first, in steps: the search keeps no count of its
    /// own.
    #[inline]
    fn position<P: FnMut(T) -> bool>(&mut self, mut predicate: P) -> Option<usize> {
        let first = self.steps.inner.clone().next()?;
        let found = broke(self.try_steps((), first_where(|x: &T| predicate(*x))));
        found.map(|x| first.distance(x) / self.step)
    }

    /// Folds a chunk of items at a time, each as a plain sub-range stepped by `step`: the
    /// next item, and as many after it as the chunk has left. The items are computed, not
    /// skipped to (`StepBy`'s `nth` walks them one by one); `steps_of` made sure that one
    /// past the last item, and the span from the first to the last, fit in `T` and `usize`,
    /// so every sum below does.
    #[inline]
    fn fold<B, F: FnMut(B, T) -> B>(self, init: B, mut f: F) -> B {
        let CheckedSteps {
            steps:
                Checked {
                    inner: mut steps,
                    mut left,
                    mut pace,
                },
            step,
            end: _,
        } = self;
        let Some(mut first) = steps.next() else {
            return init;
        };
        // Items after `first`.
        let mut rest = steps.size_hint().0;
        let mut acc = init;
        loop {
            if left == 0 {
                left = cross(&mut pace);
            }
            let more = rest.min(left - 1);
            let Some((last, end)) = stepped_span(first, step, more) else {
                unreachable!("steps_of checked the span of the whole range");
            };
            acc = (first..end).step_by(step).fold(acc, &mut f);
            if more == rest {
                return acc;
            }
            rest -= more + 1;
            let Some(next) = last.plus(step) else {
                unreachable!("the next item lies in the range steps_of checked");
            };
            first = next;
            left = 0;
        }
    }
}

impl<T: Int> CheckedSteps<T>
where
    Range<T>: Iterator<Item = T>,
{
    /// `try_fold` a chunk of items at a time, each through the `try_fold` of a plain
    /// sub-range stepped by `step` (as `fold` runs them); a search that stops leaves the
    /// steps just past the item that stopped it, as the plain `StepBy` is left.
    #[inline]
    fn try_steps<A, R>(
        &mut self,
        init: A,
        mut f: impl FnMut(A, T) -> ControlFlow<R, A>,
    ) -> ControlFlow<R, A> {
        let (step, end) = (self.step, self.end);
        let Checked { inner, left, pace } = &mut self.steps;
        let Some(mut first) = inner.next() else {
            return ControlFlow::Continue(init);
        };
        // Items after `first`.
        let mut rest = inner.size_hint().0;
        let mut acc = init;
        loop {
            if *left == 0 {
                *left = cross(pace);
            }
            let more = rest.min(*left - 1);
            let Some((last, sub_end)) = stepped_span(first, step, more) else {
                unreachable!("steps_of checked the span of the whole range");
            };
            let mut sub = (first..sub_end).step_by(step);
            let flow = sub.try_fold(acc, &mut f);
            // How many items `f` took.
            let taken = more + 1 - sub.size_hint().0;
            *left -= taken;
            match flow {
                ControlFlow::Break(done) => {
                    // The steps go on past the item that stopped the search.
                    let next = match rest + 1 - taken {
                        0 => end,
                        _ => step
                            .checked_mul(taken)
                            .and_then(|span| first.plus(span))
                            .unwrap_or(end),
                    };
                    *inner = (next..end).step_by(step);
                    return ControlFlow::Break(done);
                }
                ControlFlow::Continue(next) => acc = next,
            }
            if more == rest {
                *inner = (end..end).step_by(step);
                return ControlFlow::Continue(acc);
            }
            rest -= more + 1;
            let Some(next) = last.plus(step) else {
                unreachable!("the next item lies in the range steps_of checked");
            };
            first = next;
        }
    }
}

impl<T: Int> DoubleEndedIterator for CheckedSteps<T>
where
    Range<T>: Iterator<Item = T>,
    std::iter::StepBy<Range<T>>: DoubleEndedIterator<Item = T>,
{
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.steps.next_back()
    }
}

impl<T: Int> ExactSizeIterator for CheckedSteps<T>
where
    Range<T>: Iterator<Item = T>,
    std::iter::StepBy<Range<T>>: ExactSizeIterator<Item = T>,
{
}

impl<T: Int> FusedIterator for CheckedSteps<T> where Range<T>: Iterator<Item = T> {}

/// `(a..b).zip(c..d)`, checked: the same pairs, from two plain ranges of one length zipped
/// ([`CheckedZip`]), when the types hold the ends; otherwise the `Zip` as it was. Std zips two
/// plain ranges by index (`TrustedRandomAccess`, which a wrapper cannot implement on stable
/// Rust), a loop that vectorizes; a checked range it zips one `next` and one count at a time.
/// Either side may be any [`Consecutive`] iterator with the other's length or more: `(0..).zip(
/// (5..).take(n))`, `(0..n).zip(1..)`.
pub type ZipOf<A, B, X = CheckedRange<A>, Y = Range<B>> =
    Rebuilt<CheckedZip<A, B>, std::iter::Zip<X, Y>>;

/// An iterator of consecutive integers, each one more than the one before, whose first item a
/// clone's `next` gives, and whose exact size hint (when it gives one) says how many: a range,
/// plain or checked, with an end or without, and `(a..).take(n)`. A `zip` of two of them with
/// an exact length is two plain ranges zipped (see [`ZipOf`]).
pub trait Consecutive: Iterator<Item: Int> + Clone {}

impl<T: Int> Consecutive for Range<T> where Range<T>: Iterator<Item = T> {}
impl<T: Int> Consecutive for RangeFrom<T> where RangeFrom<T>: Iterator<Item = T> {}
impl<T: Int> Consecutive for std::iter::Take<RangeFrom<T>> where RangeFrom<T>: Iterator<Item = T> {}
impl<T: Int, const INDEXED: bool> Consecutive for CheckedRange<T, INDEXED> where
    Range<T>: DoubleEndedIterator<Item = T>
{
}
impl<T: Int> Consecutive for CheckedRangeFrom<T>
where
    RangeFrom<T>: Iterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
}

/// `zip` of two [`Consecutive`] iterators, as two plain ranges of the same length zipped,
/// checked in chunks of `site` (see [`ZipOf`]; `floor` as in `Checked::new`).
#[inline(always)]
pub(crate) fn zip_of<X: Consecutive, Y: Consecutive>(
    zip: std::iter::Zip<X, Y>,
    site: &'static Site,
    floor: usize,
) -> ZipOf<X::Item, Y::Item, X, Y>
where
    Range<X::Item>: Iterator<Item = X::Item>,
    Range<Y::Item>: Iterator<Item = Y::Item>,
{
    // Each side's items are consecutive: the first pair and the exact length say them all.
    let (len, upper) = zip.size_hint();
    let ends = match (zip.clone().next(), upper) {
        (Some((a, b)), Some(upper)) if upper == len => a.plus(len).zip(b.plus(len)),
        _ => None,
    };
    match (zip.clone().next(), ends) {
        (Some((a, b)), Some((a_end, b_end))) => Rebuilt::Faster(CheckedZip {
            pairs: Checked::new((a..a_end).zip(b..b_end), site, floor),
        }),
        _ => Rebuilt::AsWas(zip),
    }
}

/// Runs `$body` on the [`Checked`] a [`CheckedZip`] holds.
macro_rules! through_pairs {
    ($value:expr, $it:ident => $body:expr) => {
        match $value {
            CheckedZip { pairs: $it } => $body,
        }
    };
}

/// Two plain ranges of one length, zipped (std's `Zip`, which over two plain ranges runs by
/// index), checked between chunks of pairs (see [`ZipOf`]).
#[derive(Clone, Debug)]
pub struct CheckedZip<A, B> {
    pairs: Checked<std::iter::Zip<Range<A>, Range<B>>>,
}

impl<A: Int, B: Int> Iterator for CheckedZip<A, B>
where
    Range<A>: Iterator<Item = A>,
    Range<B>: Iterator<Item = B>,
{
    type Item = (A, B);

    #[inline]
    fn next(&mut self) -> Option<(A, B)> {
        self.pairs.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.pairs.size_hint()
    }

    #[inline]
    fn nth(&mut self, n: usize) -> Option<(A, B)> {
        self.pairs.nth(n)
    }

    searches_through!((A, B), through_pairs);

    /// Folds a chunk of pairs at a time, each as two plain sub-ranges zipped: the next pair,
    /// and as many after it as the chunk has left. `zip_of` made sure that both ends fit their
    /// types, so every sum below does.
    #[inline]
    fn fold<Acc, F: FnMut(Acc, (A, B)) -> Acc>(self, init: Acc, mut f: F) -> Acc {
        let Checked {
            inner: mut pairs,
            mut left,
            mut pace,
        } = self.pairs;
        let Some((mut a, mut b)) = pairs.next() else {
            return init;
        };
        // Pairs after `(a, b)`.
        let mut rest = pairs.size_hint().0;
        let mut acc = init;
        loop {
            if left == 0 {
                left = cross(&mut pace);
            }
            let len = rest.min(left - 1) + 1;
            let (Some(a_end), Some(b_end)) = (a.plus(len), b.plus(len)) else {
                unreachable!("zip_of checked the ends of both ranges");
            };
            acc = (a..a_end).zip(b..b_end).fold(acc, &mut f);
            if len > rest {
                return acc;
            }
            rest -= len;
            (a, b) = (a_end, b_end);
            left = 0;
        }
    }
}

impl<A: Int, B: Int> DoubleEndedIterator for CheckedZip<A, B>
where
    Range<A>: Iterator<Item = A>,
    Range<B>: Iterator<Item = B>,
    std::iter::Zip<Range<A>, Range<B>>: DoubleEndedIterator<Item = (A, B)>,
{
    #[inline]
    fn next_back(&mut self) -> Option<(A, B)> {
        self.pairs.next_back()
    }
}

impl<A: Int, B: Int> ExactSizeIterator for CheckedZip<A, B>
where
    Range<A>: ExactSizeIterator<Item = A>,
    Range<B>: ExactSizeIterator<Item = B>,
{
}

impl<A: Int, B: Int> FusedIterator for CheckedZip<A, B>
where
    Range<A>: Iterator<Item = A>,
    Range<B>: Iterator<Item = B>,
{
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `it` checked, in chunks of `len` items to start with.
    fn checked<I: Iterator>(it: I, len: usize) -> Checked<I> {
        Checked::new(it, Box::leak(Box::new(Site::new(len))), 0)
    }

    /// An iterator that does not say how long it is, so that it never fits in a chunk.
    fn unsized_words(n: u64) -> impl Iterator<Item = u64> + Clone {
        let mut i = 0;
        std::iter::from_fn(move || {
            i += 1;
            (i <= n).then_some(i.wrapping_mul(0x9E37_79B9) % 100)
        })
    }

    #[test]
    fn range_folds_in_chunks_give_the_plain_items_in_order() {
        let items = |it: &mut dyn FnMut(&mut Vec<i64>)| {
            let mut seen = Vec::new();
            it(&mut seen);
            seen
        };
        for (start, end) in [
            (0i64, 0),
            (0, 1),
            (3, 2),
            (-5, 5),
            (0, 16),
            (0, 17),
            (7, 100),
        ] {
            for len in [1, 2, 3, 16, 1 << 20] {
                let case = format!("{start}..{end} in chunks of {len}");
                let ours = CheckedRange::<_, false>(checked(start..end, len));
                let got = items(&mut |v| ours.clone().for_each(|x| v.push(x)));
                assert_eq!(got, (start..end).collect::<Vec<_>>(), "{case}");
                // The fold of a chain that indexes with its items: the same items, either way.
                let indexed = CheckedRange::<_, true>(checked(start..end, len));
                let got = items(&mut |v| indexed.clone().for_each(|x| v.push(x)));
                assert_eq!(got, (start..end).collect::<Vec<_>>(), "{case}, indexed");
                let got = items(&mut |v| indexed.clone().rev().for_each(|x| v.push(x)));
                assert_eq!(
                    got,
                    (start..end).rev().collect::<Vec<_>>(),
                    "{case}, indexed"
                );
                let ours = CheckedRangeInclusive::<_, false>(checked(start..=end, len));
                let got = items(&mut |v| ours.clone().for_each(|x| v.push(x)));
                assert_eq!(got, (start..=end).collect::<Vec<_>>(), "{case}, inclusive");
                let indexed = CheckedRangeInclusive::<_, true>(checked(start..=end, len));
                let got = items(&mut |v| indexed.clone().for_each(|x| v.push(x)));
                assert_eq!(got, (start..=end).collect::<Vec<_>>(), "{case}, indexed");
                let got = items(&mut |v| indexed.clone().rev().for_each(|x| v.push(x)));
                let back = (start..=end).rev().collect::<Vec<_>>();
                assert_eq!(got, back, "{case}, indexed, inclusive");
                // An inclusive range that `next` has used up is empty.
                let mut used = CheckedRangeInclusive::<_, false>(checked(start..=end, len));
                while used.next().is_some() {}
                assert_eq!(used.fold(0, |n, _| n + 1), 0, "{case}, used up");
            }
        }
        // Up to the type's last value, in chunks and in one.
        for len in [1, 7, 1 << 20] {
            let all: Vec<u8> =
                CheckedRangeInclusive::<_, false>(checked(250u8..=255, len)).collect();
            assert_eq!(all, (250u8..=255).collect::<Vec<_>>());
            let sum: u32 = CheckedRangeInclusive::<_, false>(checked(0u8..=255, len))
                .fold(0, |a, x| a + u32::from(x));
            assert_eq!(sum, 255 * 128);
        }
    }

    /// `it.take(n)` checked, in chunks of `len` items to start with.
    fn checked_take<I: Iterator>(it: I, n: usize, len: usize) -> CheckedTake<I> {
        CheckedTake::new(it, n, Box::leak(Box::new(Site::new(len))))
    }

    #[test]
    fn a_checked_take_agrees_with_the_plain_take_in_every_consumer() {
        // Sources that end before the count and after it, one that never ends, one whose size
        // is unknown, one that is empty; counts of 0 to past the source's end.
        type Source = Box<dyn Fn() -> Box<dyn Iterator<Item = u64>>>;
        fn sources() -> Vec<(&'static str, Source)> {
            vec![
                (
                    "cycle",
                    Box::new(|| Box::new([3u64, 1, 4, 1, 5].into_iter().cycle())),
                ),
                ("from_fn", Box::new(|| Box::new(unsized_words(37)))),
                (
                    "empty cycle",
                    Box::new(|| Box::new(std::iter::empty::<u64>().cycle())),
                ),
                (
                    "successors",
                    Box::new(|| {
                        Box::new(std::iter::successors(Some(1u64), |x| {
                            Some(x.wrapping_mul(3))
                        }))
                    }),
                ),
            ]
        }
        for (name, source) in sources() {
            for n in [0, 1, 2, 5, 36, 37, 38, 100, 1_000] {
                for len in [1, 2, 3, 16, 1 << 20] {
                    let case = format!("{name}.take({n}) in chunks of {len}");
                    let ours = || checked_take(source(), n, len);
                    let plain = || source().take(n);
                    assert_eq!(
                        ours().collect::<Vec<_>>(),
                        plain().collect::<Vec<_>>(),
                        "{case}"
                    );
                    assert_eq!(
                        ours().fold(7u64, |a, x| a.wrapping_mul(31) ^ x),
                        plain().fold(7u64, |a, x| a.wrapping_mul(31) ^ x),
                        "{case}"
                    );
                    assert_eq!(ours().count(), plain().count(), "{case}");
                    assert_eq!(ours().last(), plain().last(), "{case}");
                    assert_eq!(ours().size_hint(), plain().size_hint(), "{case}");
                    for k in [0, 1, 4, 36, 99, 2_000] {
                        let (mut a, mut b) = (ours(), plain());
                        assert_eq!(a.nth(k), b.nth(k), "{case}, nth({k})");
                        assert_eq!(a.next(), b.next(), "{case}, after nth({k})");
                        assert_eq!(a.size_hint(), b.size_hint(), "{case}, after nth({k})");
                    }
                    // The searches, and what is left after each.
                    for target in [1, 4, 27, 6_561, 8] {
                        let (mut a, mut b) = (ours(), plain());
                        assert_eq!(
                            a.position(|x| x == target),
                            b.position(|x| x == target),
                            "{case}"
                        );
                        assert_eq!(a.find(|&x| x % 5 == 0), b.find(|&x| x % 5 == 0), "{case}");
                        assert_eq!(a.any(|x| x == target), b.any(|x| x == target), "{case}");
                        assert_eq!(
                            a.find_map(|x| (x > 4).then_some(x / 2)),
                            b.find_map(|x| (x > 4).then_some(x / 2)),
                            "{case}"
                        );
                        assert_eq!(a.all(|x| x != target), b.all(|x| x != target), "{case}");
                        assert_eq!(
                            a.collect::<Vec<_>>(),
                            b.collect::<Vec<_>>(),
                            "{case}, the rest"
                        );
                    }
                    // `next` and the fold of what is left.
                    let (mut a, mut b) = (ours(), plain());
                    for _ in 0..3 {
                        assert_eq!(a.next(), b.next(), "{case}");
                    }
                    assert_eq!(
                        a.fold(0u64, |s, x| s.wrapping_add(x ^ 5)),
                        b.fold(0u64, |s, x| s.wrapping_add(x ^ 5)),
                        "{case}"
                    );
                }
            }
        }
        // From the back, over a source that knows its length; the count beyond it.
        for len in [1, 2, 16] {
            for n in [0, 3, 10, 20] {
                let ours = || checked_take(std::iter::repeat_n(9u8, 10).zip(0..10), n, len);
                let plain = || std::iter::repeat_n(9u8, 10).zip(0..10).take(n);
                assert_eq!(
                    ours().rev().collect::<Vec<_>>(),
                    plain().rev().collect::<Vec<_>>()
                );
                assert_eq!(ours().len(), plain().len());
                let (mut a, mut b) = (ours(), plain());
                assert_eq!((a.next_back(), a.next()), (b.next_back(), b.next()));
            }
        }
    }

    /// The items `it`'s fold passes until it panics, or until its 300th item.
    fn folded_until_stop(it: impl Iterator<Item = u8>) -> Vec<u8> {
        let seen = std::cell::RefCell::new(Vec::new());
        let folded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            it.fold((), |(), x| {
                seen.borrow_mut().push(x);
                assert!(seen.borrow().len() < 300, "enough");
            })
        }));
        assert!(
            folded.is_err(),
            "a fold over a range without an end ends only by a panic"
        );
        seen.into_inner()
    }

    #[test]
    fn a_range_without_an_end_gives_the_plain_items_and_skips_as_it_does() {
        for len in [1, 2, 3, 16, 1 << 20] {
            let ours = || CheckedRangeFrom(checked(0u64.., len));
            let firsts: Vec<u64> = ours().take(40).collect();
            assert_eq!(firsts, (0u64..40).collect::<Vec<_>>(), "chunks of {len}");
            let sum: u64 = ours().map(|x| x * 3).take_while(|&x| x < 30_000).sum();
            assert_eq!(sum, (0u64..10_000).map(|x| x * 3).sum::<u64>());
            assert_eq!(ours().position(|x| x == 5_000), Some(5_000));
            assert_eq!(ours().find(|x| x % 977 == 976), Some(976));
            // A step far longer than any chunk, in one add each.
            let big = 1u64 << 40;
            let stepped: Vec<u64> = ours().step_by(1 << 40).take(4).collect();
            assert_eq!(stepped, [0, big, 2 * big, 3 * big], "chunks of {len}");
            let mut it = ours();
            assert_eq!(it.nth(1 << 50), Some(1 << 50));
            assert_eq!(it.next(), Some((1 << 50) + 1));
            // At the type's last value: a panic in a debug build, a wrap in a release one,
            // as the plain range's.
            let plain = folded_until_stop(250u8..);
            assert_eq!(
                folded_until_stop(CheckedRangeFrom(checked(250u8.., len))),
                plain
            );
            assert_eq!(plain.len(), if cfg!(debug_assertions) { 5 } else { 300 });
        }
    }

    #[test]
    fn range_searches_and_folds_from_the_back_agree_with_the_plain_range() {
        for (start, end) in [
            (0i64, 0),
            (0, 1),
            (3, 2),
            (-5, 5),
            (0, 16),
            (0, 17),
            (7, 100),
        ] {
            for len in [1, 2, 3, 16, 1 << 20] {
                let case = format!("{start}..{end} in chunks of {len}");
                let ours = || CheckedRange::<_, false>(checked(start..end, len));
                let back: Vec<i64> = ours().rev().collect();
                assert_eq!(back, (start..end).rev().collect::<Vec<_>>(), "{case}");
                let back: Vec<i64> = CheckedRangeInclusive::<_, false>(checked(start..=end, len))
                    .rev()
                    .collect();
                assert_eq!(
                    back,
                    (start..=end).rev().collect::<Vec<_>>(),
                    "{case}, inclusive"
                );
                for target in [start - 1, start, start + 1, 15, 16, 50, end - 1, end] {
                    let (mut a, mut b) = (ours(), start..end);
                    assert_eq!(a.position(|x| x == target), b.position(|x| x == target));
                    assert_eq!(a.clone().collect::<Vec<_>>(), b.clone().collect::<Vec<_>>());
                    assert_eq!(a.find(|&x| x > target), b.find(|&x| x > target), "{case}");
                    assert_eq!(a.any(|x| x == target + 3), b.any(|x| x == target + 3));
                    assert_eq!(a.all(|x| x != target + 5), b.all(|x| x != target + 5));
                    let found = |x: i64| (x % 4 == 3).then_some(x * 2);
                    assert_eq!(a.find_map(found), b.find_map(found), "{case}");
                    assert_eq!(a.collect::<Vec<_>>(), b.collect::<Vec<_>>(), "{case}, rest");
                }
            }
        }
        // Up to the type's last value.
        let back: Vec<u8> = CheckedRangeInclusive::<_, false>(checked(250u8..=255, 2))
            .rev()
            .collect();
        assert_eq!(back, [255, 254, 253, 252, 251, 250]);
        assert_eq!(
            CheckedRange::<_, false>(checked(0u8..255, 7)).position(|x| x == 254),
            Some(254)
        );
    }

    #[test]
    fn a_source_within_the_floor_is_one_chunk_without_the_site() {
        // A site that would check every item, and would be told to time its next run's
        // first chunk at the end of this one's: a source within the floor crosses no boundary.
        let site: &'static Site = Box::leak(Box::new(Site::new(1)));
        let sum: u64 = CheckedRange::<_, false>(Checked::new(0..100u64, site, 100)).sum();
        assert_eq!(sum, 4950);
        assert!(!site.offers_timing(), "no chunk boundary crossed");
        // Past the floor, the site's chunks as before: the same items.
        let sum: u64 = CheckedRange::<_, false>(Checked::new(0..101u64, site, 100)).sum();
        assert_eq!(sum, 5050);
        assert!(site.offers_timing(), "chunk boundaries crossed");
    }

    #[test]
    fn searches_count_down_the_chunk_by_the_items_they_take() {
        // One chunk of 100 (the floor) over a range of 60: each search takes from the chunk
        // what it took from the range, one that runs to the end too, so that searches of a
        // used-up range cross no boundary while the chunk lasts; forward and from the back.
        let site: &'static Site = Box::leak(Box::new(Site::new(1)));
        let mut range = CheckedRange::<_, false>(Checked::new(0..60u64, site, 100));
        assert_eq!(range.position(|x| x == 10), Some(10));
        assert_eq!(range.0.left, 89);
        assert_eq!(range.position(|x| x == 1000), None);
        assert_eq!(range.0.left, 40);
        assert_eq!(range.position(|x| x == 1000), None);
        assert_eq!((range.0.left, range.next()), (40, None));
        let mut back = CheckedRev(CheckedRange::<_, false>(Checked::new(0..60u64, site, 100)));
        assert_eq!(back.find(|&x| x == 49), Some(49));
        assert_eq!(back.0.0.left, 89);
        assert!(!back.any(|x| x == 1000));
        assert_eq!(back.0.0.left, 40);
        assert_eq!(back.position(|x| x == 1000), None);
        assert_eq!((back.0.0.left, back.next()), (40, None));
    }

    #[test]
    fn short_circuiting_consumers_agree_with_the_plain_iterator_and_leave_the_rest() {
        for n in [0u64, 1, 2, 5, 16, 17, 100, 1000] {
            for len in [1, 2, 3, 16, 1 << 20] {
                let plain = || unsized_words(n);
                let ours = || checked(unsized_words(n), len);
                for target in [0u64, 7, 42, 99, 1000] {
                    let case = format!("{n} items, chunks of {len}, looking for {target}");
                    assert_eq!(
                        ours().any(|x| x == target),
                        plain().any(|x| x == target),
                        "{case}"
                    );
                    assert_eq!(
                        ours().all(|x| x != target),
                        plain().all(|x| x != target),
                        "{case}"
                    );
                    assert_eq!(
                        ours().position(|x| x == target),
                        plain().position(|x| x == target),
                        "{case}"
                    );
                    let found = |x: u64| (x == target).then_some(x * 2);
                    assert_eq!(ours().find_map(found), plain().find_map(found), "{case}");
                    // After a find, the rest of the items come as they would.
                    let (mut a, mut b) = (ours(), plain());
                    assert_eq!(a.find(|&x| x == target), b.find(|&x| x == target), "{case}");
                    assert_eq!(a.collect::<Vec<_>>(), b.collect::<Vec<_>>(), "{case}");
                }
                assert_eq!(ours().count(), plain().count());
                assert_eq!(ours().last(), plain().last());
                for skip in [0, 1, 2, 15, 16, 17, 99, 2000] {
                    let (mut a, mut b) = (ours(), plain());
                    assert_eq!(
                        a.nth(skip),
                        b.nth(skip),
                        "{n} items, chunks of {len}, nth({skip})"
                    );
                    assert_eq!(a.next(), b.next());
                    assert_eq!(a.nth(3), b.nth(3));
                    assert_eq!(a.collect::<Vec<_>>(), b.collect::<Vec<_>>());
                }
                // And an iterator that says its length: the consumers that fit use its own.
                let text = "héllo wörld ".repeat(n as usize);
                assert_eq!(checked(text.chars(), len).count(), text.chars().count());
                assert_eq!(checked(text.chars(), len).last(), text.chars().last());
                assert_eq!(checked(text.chars(), len).nth(20), text.chars().nth(20));
            }
        }
    }

    #[test]
    fn consumers_that_run_through_many_chunks_cross_their_boundaries() {
        // One chunk at a time: every chunk boundary is crossed, and its length doubles or
        // halves with the time it took; the results must not depend on it.
        let mut it = checked(unsized_words(10_000), 1);
        assert_eq!(it.position(|x| x == 1000), None);
        let mut it = checked(unsized_words(10_000), 1);
        let plain_index = unsized_words(10_000).position(|x| x == 97);
        assert_eq!(it.position(|x| x == 97), plain_index);
        assert!(
            plain_index.is_some_and(|i| i > 1),
            "the test needs a late find"
        );
    }
}
