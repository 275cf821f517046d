//! Checks inside iterator chains: where the loop of `(0..).map(f).filter(g).count()` is.
//!
//! The loop of an iterator chain is in library code (the consumer's `fold`, an adapter's
//! `next` that skips items), which no `#[haltable]` check reaches; and a check in each
//! closure of the chain would keep it from vectorizing. So generated code wraps the *source*
//! of a chain, where every item the chain pulls passes, and the closures need no check:
//! `#[haltable]` rewrites the receiver `R` of an iterator method call (`R.map(f)`, `R.count()`,
//! when `R` is a value the call would consume: a call, a method call, a range, ...) into
//! `probe(R, site).wrap()`, which picks by `R`'s type, through deref specialization:
//!
//! 1. a rayon `ParallelIterator`: [`Carried`], which carries the creator's token to the
//!    workers that run the chain's items (see `carried.rs`);
//! 2. a range of integers (`a..b`, `a..=b`, `a..`): [`CheckedRange`],
//!    [`CheckedRangeInclusive`] or [`CheckedRangeFrom`], which fold sub-ranges, so that a chain
//!    over `0..n` still unrolls and vectorizes, and skip as the plain range does (`step_by`);
//!    and a `step_by`, `rev()`, a `zip` of two ranges (either of them without an end, or
//!    `(a..).take(n)`: [`Consecutive`]), or (of `a..`) `take` over one of those: the same
//!    items from plain ranges, checked ([`StepsOf`], [`RevOf`], [`ZipOf`], [`TakeFrom`]),
//!    where std would lose what it does with a plain range;
//! 3. an iterator that is [`Finite`]: unchanged. It is bounded by data already in memory (a
//!    slice, a collection, a string), or is a chain of adapters over such an iterator or a
//!    checked one, so every item it yields comes from a source that is bounded or checked;
//! 4. any other iterator (`0..`, `repeat_with`, `successors`, `cycle()`, a user's own):
//!    [`Checked`], which checks between chunks of items;
//! 5. anything else: unchanged (`Option::map` and other methods of those names).
//!
//! A chain that passes no code of its own to the library (no closure, no fn path, no argument
//! but literals: `(1..=n).collect()`, `(0..n).rev().step_by(2).sum()`) is wrapped with
//! `wrap_bare` instead, which leaves a range of integers unchanged: every step of such a chain
//! over a range is std's own code, a library loop like `sort` or `extend`, which no check can
//! reach and which runs in time bounded by the range (and, for `collect`, by the memory it
//! fills); unchanged, it keeps std's exact-length `collect`, which the wrapper would lose.
//! Every other kind of receiver is wrapped as by `wrap`: a user's iterator runs its own `next`.
//!
//! A chain that passes code over a range between two bounds (`a..b`, `a..=b`, and
//! `(a..).take(n)`, which is `a..a + n`), through `Iterator`'s adapters that pass on at most the
//! items they pull, is written twice by the macro (its `IterChains::two_copies`): the range is
//! probed once, and [`ProbeRange::fits`] picks the copy
//! that leaves it as it is (`wrap_bare`) when it has no more items than a chunk of the site, and
//! the checked one (`wrap`) otherwise; any other source never fits ([`ProbeAny::fits`]). In
//! the checked copy, a `collect` into a `Vec` whose chain acts on each item alone runs a
//! chunk at a time ([`ProbeRange::collect_chunks`], see `collect.rs`): the checked range, not
//! `TrustedLen`, would have the `Vec` collect it item by item. A chain whose loop runs through
//! its source's `try_fold` (`take_while`, `scan`, `try_fold`, a search above an adapter) takes
//! a range in the checked copy as std's `Flatten` of checked sub-ranges
//! ([`ProbeRange::wrap_flat`], [`FlatRange`]), whose `try_fold` runs each plain sub-range's
//! own, where a wrapper's `try_fold` would be `next` item by item.
//!
//! A checked iterator's chunk length is learned per call site from the time its chunks take,
//! as a chunked `for` loop's is (see [`Site`]).

use std::cell::Cell;
use std::iter::StepBy;
use std::marker::PhantomData;
use std::ops::{Deref, Range, RangeFrom, RangeInclusive};

use crate::__private::{Int, Site};
use crate::checked::{
    Checked, CheckedRange, CheckedRangeFrom, CheckedRangeInclusive, CheckedRev, CheckedSteps,
    CheckedTake, CheckedZip, Consecutive, FlatRange, FlatRangeInclusive, Rebuilt, RevOf, StepsOf,
    SubRanges, SubRangesInclusive, TakeFrom, Ticked, ZipOf,
};
use crate::collect::Sink;

/// The receiver of an iterator method call, before [`wrap`](ProbeAny::wrap) picks its wrapper
/// by type (see the module docs).
pub fn probe<T>(value: T, site: &'static Site) -> Probe<T> {
    probe_within(value, site, 0)
}

/// [`probe`], for a chain whose code is all cheap (every argument a closure whose body calls
/// nothing and has no loop, or a literal): a range of integers with at most `floor` items,
/// each of which then costs bounded time, fits without asking its site (see
/// [`ProbeRange::fits`]), and its checked wrapper takes them all as one chunk. Only a range:
/// what another iterator's `next` costs, the chain's code does not say. `floor` is a constant of the generated
/// code, so that a range whose length the compiler knows (`0..64`) decides at compile time, and
/// a test of a length that does not change in a loop (the inner range of a `flat_map`) can
/// leave the loop, where a load of the site cannot: the inner chain then folds as written.
/// The macro passes the first chunk of a `for` whose body is cheap (`loops::CHEAP_CHUNK`), so
/// such a chain runs as long between checks as such a loop's first chunk may.
pub fn probe_within<T>(value: T, site: &'static Site, floor: usize) -> Probe<T> {
    Probe(ProbeRange(ProbeFinite(ProbeIter(ProbeAny {
        value: Cell::new(Some(value)),
        site,
        floor,
    }))))
}

/// Level 1 of [`probe`]: rayon parallel iterators.
#[derive(Debug)]
pub struct Probe<T>(ProbeRange<T>);
/// Level 2 of [`probe`]: ranges of integers.
#[derive(Debug)]
pub struct ProbeRange<T>(ProbeFinite<T>);
/// Level 3 of [`probe`]: finite iterators.
#[derive(Debug)]
pub struct ProbeFinite<T>(ProbeIter<T>);
/// Level 4 of [`probe`]: other iterators.
#[derive(Debug)]
pub struct ProbeIter<T>(ProbeAny<T>);
/// Level 5 of [`probe`]: anything.
pub struct ProbeAny<T> {
    value: Cell<Option<T>>,
    site: &'static Site,
    /// How many items fit without asking the site (see [`probe_within`]).
    floor: usize,
}

impl<T> std::fmt::Debug for ProbeAny<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProbeAny")
    }
}

impl<T> ProbeAny<T> {
    fn take(&self) -> T {
        self.value.take().expect("a probe is unwrapped once")
    }

    /// Anything else: unchanged.
    #[inline(always)]
    pub fn wrap(&self) -> T {
        self.take()
    }

    /// [`wrap`](Self::wrap), for a chain whose code indexes with an item (see
    /// [`ProbeRange::wrap_indexed`]): only a range of integers makes use of it.
    #[inline(always)]
    pub fn wrap_indexed(&self) -> T {
        self.wrap()
    }

    /// [`wrap`](Self::wrap), for a chain whose loop runs through its source's `try_fold`
    /// (see [`ProbeRange::wrap_flat`]): only a range of integers makes use of it.
    #[inline(always)]
    pub fn wrap_flat(&self) -> T {
        self.wrap()
    }

    /// Whether a chain over this source may run as written (see [`ProbeRange::fits`]): only a
    /// range of integers may.
    #[inline(always)]
    pub fn fits(&self) -> bool {
        false
    }

    /// [`wrap`](Self::wrap), for a chain that passes no code of its own (see the module docs).
    #[inline(always)]
    pub fn wrap_bare(&self) -> T {
        self.wrap()
    }

    /// [`wrap`](Self::wrap), for the range a counted flattening steps through (see
    /// [`ProbeRange::wrap_ticked`]): only a range of integers makes use of it.
    #[inline(always)]
    pub fn wrap_ticked(&self) -> T {
        self.wrap()
    }

    /// Whether a `collect` into a `Vec` of a chain over this source may run a chunk at a time
    /// (`collect.rs`): only a range of integers may.
    #[inline(always)]
    pub fn collects_by_chunks(&self) -> bool {
        false
    }

    /// Not called (`collects_by_chunks` is `false`): there so that the generated code
    /// type-checks whatever the source.
    #[inline(always)]
    pub fn collect_chunks<X>(&self, each: impl FnMut(T, &mut Sink<X>)) -> Vec<X> {
        drop(each);
        unreachable!("a chain over a source other than a range of integers collects as written")
    }

    /// Not called (`collects_by_chunks` is `false`), as `collect_chunks`.
    #[inline(always)]
    pub fn extend_chunks<X>(&self, items: &mut Vec<X>, each: impl FnMut(T, &mut Sink<X>)) {
        drop((items, each));
        unreachable!("a chain over a source other than a range of integers extends as written")
    }
}

impl<T> ProbeAny<T> {
    /// `X.take(n)`, which the macro writes as `probe(X, ..).take_by(n, |x, n| x.take(n))` (it
    /// cannot tell `Iterator::take` from another `take`): the source, the count and the `take`
    /// as written, for [`Taking::taken`] to pick the wrapper by the types of all three.
    #[inline(always)]
    pub fn take_by<N, R, F: FnOnce(T, N) -> R>(&self, n: N, take: F) -> Taking<T, N, F, R> {
        Taking(TakingRange(TakingFinite(TakingIter(TakingAny {
            parts: Cell::new(Some((self.take(), n, take))),
            site: self.site,
            floor: self.floor,
            taken: PhantomData,
        }))))
    }
}

impl<T: Iterator> ProbeAny<T> {
    /// Whether the iterator says it has no more items left than a chunk of the site.
    #[inline(always)]
    fn fits_site(&self) -> bool {
        self.holds(|it| crate::__private::fits(it, self.site, self.floor))
    }
}

impl<T> ProbeAny<T> {
    /// Whether the value, not yet unwrapped, has the property `test`.
    #[inline(always)]
    fn holds(&self, test: impl FnOnce(&T) -> bool) -> bool {
        let value = self.value.take();
        let holds = value.as_ref().is_some_and(test);
        self.value.set(value);
        holds
    }
}

impl<T: Iterator> ProbeIter<T> {
    /// An iterator that may be unbounded: checked between chunks.
    #[inline(always)]
    pub fn wrap(&self) -> Checked<T> {
        // No floor: the chain's code may be cheap, but what this iterator's `next` costs, no
        // one has seen (a user's, a reader's lines).
        Checked::new(self.0.take(), self.0.site, 0)
    }

    /// [`wrap`](Self::wrap): a user's iterator runs its own `next`, which may call nothing.
    #[inline(always)]
    pub fn wrap_bare(&self) -> Checked<T> {
        self.wrap()
    }

    /// [`wrap`](Self::wrap) (see [`ProbeRange::wrap_ticked`]).
    #[inline(always)]
    pub fn wrap_ticked(&self) -> Checked<T> {
        self.wrap()
    }

    /// [`wrap`](Self::wrap) (see [`ProbeRange::wrap_indexed`]).
    #[inline(always)]
    pub fn wrap_indexed(&self) -> Checked<T> {
        self.wrap()
    }

    /// [`wrap`](Self::wrap) (see [`ProbeRange::wrap_flat`]).
    #[inline(always)]
    pub fn wrap_flat(&self) -> Checked<T> {
        self.wrap()
    }
}

impl<T: Iterator + Finite> ProbeFinite<T> {
    /// A finite iterator: unchanged.
    #[inline(always)]
    pub fn wrap(&self) -> T {
        self.0.0.take()
    }

    /// A finite iterator: unchanged.
    #[inline(always)]
    pub fn wrap_bare(&self) -> T {
        self.wrap()
    }

    /// A finite iterator: unchanged.
    #[inline(always)]
    pub fn wrap_indexed(&self) -> T {
        self.wrap()
    }

    /// A finite iterator: unchanged.
    #[inline(always)]
    pub fn wrap_flat(&self) -> T {
        self.wrap()
    }

    /// A finite iterator: unchanged.
    #[inline(always)]
    pub fn wrap_ticked(&self) -> T {
        self.wrap()
    }
}

/// The range a counted flattening steps through, `(a..b).flat_map(|i| (0..m).map(..))` consumed
/// by a `for` loop or a `Vec`'s `collect` (the macro's `IterChains::visit_counted`): as written,
/// counted down by [`Ticked`], a check every [`ITERATIONS_PER_CHECK`](crate::__private::ITERATIONS_PER_CHECK)
/// items. The consumer counts every item the flattening yields between its checks; what is
/// left to count is the range's items whose inner ranges are empty, each a step of the range and
/// a call of the closure. A checked range there (a time-paced chunk countdown, whose boundary
/// is a call with the pace by value) made `FlatMap::next` too big to inline into the `Vec`'s
/// collect: `flat`'s `triangle`, `(1..=n).flat_map(|row| (1..=row).rev().map(..))`, 3.3x plain,
/// 1.1x in a scratch crate with the range counted down this way.
macro_rules! ticked_ranges {
    ($($range:ident,)*) => {$(
        impl<T: Int> ProbeRange<$range<T>>
        where
            $range<T>: Iterator<Item = T>,
        {
            /// The range as written, counted down (see [`Ticked`]).
            #[inline(always)]
            pub fn wrap_ticked(&self) -> Ticked<$range<T>> {
                Ticked::new(self.0.0.0.take())
            }
        }
    )*};
}

ticked_ranges! {
    Range,
    RangeInclusive,
    RangeFrom,
}

impl<T: Int> ProbeRange<Range<T>>
where
    Range<T>: Iterator<Item = T>,
{
    /// A range of integers: checked between sub-ranges.
    #[inline(always)]
    pub fn wrap(&self) -> CheckedRange<T> {
        let any = &self.0.0.0;
        CheckedRange(Checked::new(any.take(), any.site, any.floor))
    }

    /// [`wrap`](Self::wrap), for a chain whose code indexes with an item (`v[i]` in
    /// `(0..v.len()).filter(|&i| v[i] > 0)`): its fold tells the compiler that each item lies
    /// within the range, as the plain range's loop bound does, so that the index's bounds
    /// check leaves the loop as it does in the plain one (see `CheckedRange`).
    #[inline(always)]
    pub fn wrap_indexed(&self) -> CheckedRange<T, true> {
        let any = &self.0.0.0;
        CheckedRange(Checked::new(any.take(), any.site, any.floor))
    }

    /// [`wrap`](Self::wrap), for a chain whose loop runs through the range's `try_fold`: std's
    /// `Flatten` of its checked sub-ranges (see [`FlatRange`]).
    #[inline(always)]
    pub fn wrap_flat(&self) -> FlatRange<T> {
        let any = &self.0.0.0;
        SubRanges::flat(any.take(), any.site, any.floor)
    }

    /// Whether the range has no more items than a chunk of its site: a chain over it then runs
    /// as written, its range unchanged (`wrap_bare`), in about a chunk's time, as one chunk of
    /// the checked copy would (see the macro's `IterChains::two_copies`).
    #[inline(always)]
    pub fn fits(&self) -> bool {
        self.0.0.0.fits_site()
    }

    /// A range of integers that a chain passing no code of its own consumes: unchanged, so
    /// that `(1..=n).collect()` keeps std's exact-length collect (see the module docs).
    #[inline(always)]
    pub fn wrap_bare(&self) -> Range<T> {
        self.0.0.0.take()
    }

    /// A range of integers collects into a `Vec` a chunk at a time (see `collect.rs`).
    #[inline(always)]
    pub fn collects_by_chunks(&self) -> bool {
        true
    }

    /// Collects into a `Vec`: `each` extends the sink with the chain over each plain
    /// sub-range of the checked range, in order (see `collect.rs`).
    #[inline(always)]
    pub fn collect_chunks<X>(&self, each: impl FnMut(Range<T>, &mut Sink<X>)) -> Vec<X> {
        let mut items = Vec::new();
        self.wrap().fill(&mut items, true, each);
        items
    }

    /// Extends `items` as `collect_chunks` fills a new `Vec`: `v.extend(chain)` a chunk at a
    /// time.
    #[inline(always)]
    pub fn extend_chunks<X>(&self, items: &mut Vec<X>, each: impl FnMut(Range<T>, &mut Sink<X>)) {
        self.wrap().fill(items, false, each);
    }
}

impl<T: Int> ProbeRange<RangeInclusive<T>>
where
    RangeInclusive<T>: Iterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
    /// An inclusive range of integers: checked between sub-ranges.
    #[inline(always)]
    pub fn wrap(&self) -> CheckedRangeInclusive<T> {
        let any = &self.0.0.0;
        CheckedRangeInclusive(Checked::new(any.take(), any.site, any.floor))
    }

    /// [`wrap`](Self::wrap), for a chain whose code indexes with an item (see the `Range`
    /// impl).
    #[inline(always)]
    pub fn wrap_indexed(&self) -> CheckedRangeInclusive<T, true> {
        let any = &self.0.0.0;
        CheckedRangeInclusive(Checked::new(any.take(), any.site, any.floor))
    }

    /// [`wrap`](Self::wrap), for a chain whose loop runs through the range's `try_fold`:
    /// std's `Flatten` of its checked inclusive sub-ranges (see [`ProbeRange::wrap_flat`]).
    #[inline(always)]
    pub fn wrap_flat(&self) -> FlatRangeInclusive<T> {
        let any = &self.0.0.0;
        SubRangesInclusive::flat(any.take(), any.site, any.floor)
    }

    /// Whether the range has no more items than a chunk of its site (see the `Range` impl).
    #[inline(always)]
    pub fn fits(&self) -> bool {
        self.0.0.0.fits_site()
    }

    /// A range of integers that a chain passing no code of its own consumes: unchanged.
    #[inline(always)]
    pub fn wrap_bare(&self) -> RangeInclusive<T> {
        self.0.0.0.take()
    }

    /// A range of integers collects into a `Vec` a chunk at a time (see `collect.rs`).
    #[inline(always)]
    pub fn collects_by_chunks(&self) -> bool {
        true
    }

    /// Collects into a `Vec` a chunk at a time, each an inclusive sub-range (see the `Range`
    /// impl).
    #[inline(always)]
    pub fn collect_chunks<X>(&self, each: impl FnMut(RangeInclusive<T>, &mut Sink<X>)) -> Vec<X> {
        let mut items = Vec::new();
        self.wrap().fill(&mut items, true, each);
        items
    }

    /// Extends `items` a chunk at a time (see the `Range` impl).
    #[inline(always)]
    pub fn extend_chunks<X>(
        &self,
        items: &mut Vec<X>,
        each: impl FnMut(RangeInclusive<T>, &mut Sink<X>),
    ) {
        self.wrap().fill(items, false, each);
    }
}

impl<T: Int> ProbeRange<RangeFrom<T>>
where
    RangeFrom<T>: Iterator<Item = T>,
{
    /// A range of integers without an end: checked between sub-ranges, whatever the chain
    /// passes (`(0..).count()` passes nothing and never ends).
    #[inline(always)]
    pub fn wrap(&self) -> CheckedRangeFrom<T> {
        let any = &self.0.0.0;
        CheckedRangeFrom(Checked::new(any.take(), any.site, 0))
    }

    /// [`wrap`](Self::wrap): a range without an end needs its checks.
    #[inline(always)]
    pub fn wrap_bare(&self) -> CheckedRangeFrom<T> {
        self.wrap()
    }
}

/// Counts of copies of one value: `repeat(x).take(n)` (the macro probes the `take`, not its
/// source) and `repeat_n(x, n)`. Each holds a count, not data, so is as long as the range
/// `0..n` (`n` may be `usize::MAX`): `wrap` checks it between chunks (a fold that fits in one
/// runs the iterator's own), and `wrap_bare`, for a chain that passes no code of its own
/// (`repeat(0u8).take(n).collect()`), leaves it as it is, std's loop alone, as a bare range,
/// so that `collect` fills by `TrustedLen`.
macro_rules! counted_copies {
    ($($ty:ty,)*) => {$(
        impl<T: Clone> ProbeRange<$ty> {
            /// A count of copies: checked between chunks.
            #[inline(always)]
            pub fn wrap(&self) -> Checked<$ty> {
                let any = &self.0.0.0;
                Checked::new(any.take(), any.site, any.floor)
            }

            /// A count of copies that a chain passing no code consumes: unchanged.
            #[inline(always)]
            pub fn wrap_bare(&self) -> $ty {
                self.0.0.0.take()
            }
        }
    )*};
}

counted_copies! {
    std::iter::Take<std::iter::Repeat<T>>,
    std::iter::RepeatN<T>,
}

impl<T: Int> ProbeRange<std::iter::Take<CheckedRangeFrom<T>>>
where
    RangeFrom<T>: Iterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
    /// `(a..).take(n)`: the range `a..a + n` when it has an end within its type (see
    /// [`TakeFrom`]).
    #[inline(always)]
    pub fn wrap(&self) -> TakeFrom<T> {
        let any = &self.0.0.0;
        crate::checked::take_from(any.take(), any.site)
    }

    /// [`wrap`](Self::wrap): the range it was is checked already.
    #[inline(always)]
    pub fn wrap_bare(&self) -> TakeFrom<T> {
        self.wrap()
    }
}

impl<T: Int> ProbeRange<std::iter::Take<RangeFrom<T>>>
where
    RangeFrom<T>: Iterator<Item = T>,
    Range<T>: DoubleEndedIterator<Item = T>,
{
    /// `(a..).take(n)` at the source of a chain written in two copies (the macro probes the
    /// `take`, not its range): the checked range `a..a + n` when it has an end within its type
    /// (see [`TakeFrom`]).
    #[inline(always)]
    pub fn wrap(&self) -> TakeFrom<T> {
        let any = &self.0.0.0;
        crate::checked::take_from_plain(any.take(), any.site, any.floor)
    }

    /// [`wrap`](Self::wrap): the range `a..a + n` has no `INDEXED` copy.
    #[inline(always)]
    pub fn wrap_indexed(&self) -> TakeFrom<T> {
        self.wrap()
    }

    /// [`wrap`](Self::wrap) (see [`ProbeRange::wrap_flat`]).
    #[inline(always)]
    pub fn wrap_flat(&self) -> TakeFrom<T> {
        self.wrap()
    }

    /// Whether the `take` has no more items than a chunk of its site (see the `Range` impl).
    #[inline(always)]
    pub fn fits(&self) -> bool {
        self.0.0.0.fits_site()
    }

    /// The `take` as it is, for a chain whose code is std's alone or whose run fits a chunk
    /// (see the `Range` impl): it keeps std's exact-length `collect`.
    #[inline(always)]
    pub fn wrap_bare(&self) -> std::iter::Take<RangeFrom<T>> {
        self.0.0.0.take()
    }

    /// Whether it collects into a `Vec` a chunk at a time: when it is the range `a..a + n`
    /// (see [`TakeFrom`]).
    #[inline(always)]
    pub fn collects_by_chunks(&self) -> bool {
        self.0
            .0
            .0
            .holds(|take| crate::checked::range_of_take(take).is_some())
    }

    /// Collects into a `Vec` a chunk at a time, each a plain sub-range of `a..a + n` (see the
    /// `Range` impl); called only when [`collects_by_chunks`](Self::collects_by_chunks).
    #[inline(always)]
    pub fn collect_chunks<X>(&self, each: impl FnMut(Range<T>, &mut Sink<X>)) -> Vec<X> {
        let mut items = Vec::new();
        self.fill(&mut items, true, each);
        items
    }

    /// Extends `items` a chunk at a time (see the `Range` impl); called only when
    /// [`collects_by_chunks`](Self::collects_by_chunks).
    #[inline(always)]
    pub fn extend_chunks<X>(&self, items: &mut Vec<X>, each: impl FnMut(Range<T>, &mut Sink<X>)) {
        self.fill(items, false, each);
    }

    #[inline(always)]
    fn fill<X>(&self, items: &mut Vec<X>, fresh: bool, each: impl FnMut(Range<T>, &mut Sink<X>)) {
        match self.wrap() {
            Rebuilt::Faster(range) => range.fill(items, fresh, each),
            Rebuilt::AsWas(_) => unreachable!("a `take` past its type's end collects as written"),
        }
    }
}

impl<X: Consecutive, Y: Consecutive> ProbeRange<std::iter::Zip<X, Y>>
where
    Range<X::Item>: Iterator<Item = X::Item>,
    Range<Y::Item>: Iterator<Item = Y::Item>,
{
    /// `(a..b).zip(c..d)`, `(a..).zip((c..).take(n))`: two plain ranges zipped, checked (see
    /// [`ZipOf`]).
    #[inline(always)]
    pub fn wrap(&self) -> ZipOf<X::Item, Y::Item, X, Y> {
        let any = &self.0.0.0;
        crate::checked::zip_of(any.take(), any.site, any.floor)
    }

    /// [`wrap`](Self::wrap): two plain ranges zipped, checked; a zip of two plain ranges
    /// passing no code (`(0..n).zip(1..).last()`) gets no check of its own elsewhere.
    #[inline(always)]
    pub fn wrap_bare(&self) -> ZipOf<X::Item, Y::Item, X, Y> {
        self.wrap()
    }
}

impl<T: Int, const INDEXED: bool> ProbeRange<std::iter::Rev<CheckedRange<T, INDEXED>>>
where
    Range<T>: DoubleEndedIterator<Item = T>,
{
    /// `(a..b).rev()`: the checked range run from the back, its searches too (see
    /// [`RevOf`]).
    #[inline(always)]
    pub fn wrap(&self) -> RevOf<T, INDEXED> {
        let any = &self.0.0.0;
        crate::checked::rev_of(any.take(), any.site, any.floor)
    }

    /// [`wrap`](Self::wrap): the range is checked already.
    #[inline(always)]
    pub fn wrap_bare(&self) -> RevOf<T, INDEXED> {
        self.wrap()
    }
}

/// `(a..b).step_by(k)`, `(a..=b).step_by(k)` and `(a..).step_by(k).take(n)` over a checked
/// range: a plain range stepped by `k`, checked (see [`StepsOf`]).
macro_rules! probe_steps {
    ($([$($generics:tt)*] [$($range:tt)*])*) => {$(
        impl<T: Int, $($generics)*> ProbeRange<$($range)*>
        where
            $($range)*: Iterator<Item = T> + Clone,
            Range<T>: Iterator<Item = T>,
        {
            /// The steps of the range, as a plain range's (see [`StepsOf`]).
            #[inline(always)]
            pub fn wrap(&self) -> StepsOf<T, $($range)*> {
                let any = &self.0.0.0;
                crate::checked::steps_of(any.take(), any.site, any.floor)
            }

            /// [`wrap`](Self::wrap): the range it steps is checked already.
            #[inline(always)]
            pub fn wrap_bare(&self) -> StepsOf<T, $($range)*> {
                self.wrap()
            }
        }
    )*};
}

probe_steps! {
    [const INDEXED: bool] [StepBy<CheckedRange<T, INDEXED>>]
    [const INDEXED: bool] [StepBy<CheckedRangeInclusive<T, INDEXED>>]
    [] [std::iter::Take<StepBy<CheckedRangeFrom<T>>>]
}

impl<T: rayon::iter::ParallelIterator> Probe<T> {
    /// A rayon parallel iterator: carries the current token to the workers.
    #[inline(always)]
    pub fn wrap(&self) -> crate::carried::Carried<T> {
        let any = &self.0.0.0.0;
        crate::carried::Carried::new(any.take(), any.site)
    }

    /// [`wrap`](Self::wrap): the workers still need the token.
    #[inline(always)]
    pub fn wrap_bare(&self) -> crate::carried::Carried<T> {
        self.wrap()
    }

    /// [`wrap`](Self::wrap): the workers still need the token.
    #[inline(always)]
    pub fn wrap_ticked(&self) -> crate::carried::Carried<T> {
        self.wrap()
    }
}

/// The deref chain of a probe's levels, each a newtype of the next, over the type parameters
/// in brackets.
macro_rules! deref {
    ($([$($param:ident),*] $outer:ident => $inner:ident,)*) => {$(
        impl<$($param),*> Deref for $outer<$($param),*> {
            type Target = $inner<$($param),*>;
            #[inline(always)]
            fn deref(&self) -> &$inner<$($param),*> {
                &self.0
            }
        }
    )*};
}

deref! {
    [T] Probe => ProbeRange,
    [T] ProbeRange => ProbeFinite,
    [T] ProbeFinite => ProbeIter,
    [T] ProbeIter => ProbeAny,
    [T, N, F, R] Taking => TakingRange,
    [T, N, F, R] TakingRange => TakingFinite,
    [T, N, F, R] TakingFinite => TakingIter,
    [T, N, F, R] TakingIter => TakingAny,
}

/// `X.take(n)` split at its `take` ([`ProbeAny::take_by`]): [`taken`](TakingAny::taken) picks
/// the wrapper by deref specialization, as [`Probe`]'s `wrap` does, on the types of the source
/// `T`, the count `N` and what the written `take` returns, `R`:
///
/// 1. `Iterator::take` over a range or `repeat(x)`: the `Take` as written, probed (it has
///    wrappers of its own: [`TakeFrom`], a count of copies);
/// 2. `Iterator::take` over a [`Finite`] iterator: the `Take` as written (finite);
/// 3. `Iterator::take` over any other iterator: [`CheckedTake`], the source checked and the
///    count kept beside it;
/// 4. anything else (`io::Read::take`, a rayon iterator's, a type's own method named `take`):
///    the `take` as written, probed.
#[derive(Debug)]
pub struct Taking<T, N, F, R>(TakingRange<T, N, F, R>);
/// Level 1 of [`Taking`].
#[derive(Debug)]
pub struct TakingRange<T, N, F, R>(TakingFinite<T, N, F, R>);
/// Level 2 of [`Taking`].
#[derive(Debug)]
pub struct TakingFinite<T, N, F, R>(TakingIter<T, N, F, R>);
/// Level 3 of [`Taking`].
#[derive(Debug)]
pub struct TakingIter<T, N, F, R>(TakingAny<T, N, F, R>);
/// Level 4 of [`Taking`]: the parts, until [`taken`](Self::taken) takes them.
pub struct TakingAny<T, N, F, R> {
    parts: Cell<Option<(T, N, F)>>,
    site: &'static Site,
    floor: usize,
    taken: PhantomData<fn() -> R>,
}

impl<T, N, F, R> std::fmt::Debug for TakingAny<T, N, F, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TakingAny")
    }
}

impl<T, N, F: FnOnce(T, N) -> R, R> TakingAny<T, N, F, R> {
    fn parts(&self) -> (T, N, F) {
        self.parts.take().expect("a take is taken once")
    }

    /// The `take` as written, probed at the site.
    #[inline(always)]
    pub fn taken(&self) -> Probe<R> {
        let (source, n, take) = self.parts();
        probe_within(take(source, n), self.site, self.floor)
    }
}

impl<T: Iterator, F> TakingIter<T, usize, F, std::iter::Take<T>>
where
    F: FnOnce(T, usize) -> std::iter::Take<T>,
{
    /// `Iterator::take` over an iterator that may be unbounded: [`CheckedTake`] (the `take` as
    /// written is not called; it is `Iterator::take`, as its type says).
    #[inline(always)]
    pub fn taken(&self) -> Probe<CheckedTake<T>> {
        let any = &self.0;
        let (source, n, _) = any.parts();
        probe_within(CheckedTake::new(source, n, any.site), any.site, any.floor)
    }
}

impl<T: Iterator + Finite, F> TakingFinite<T, usize, F, std::iter::Take<T>>
where
    F: FnOnce(T, usize) -> std::iter::Take<T>,
{
    /// `Iterator::take` over a finite iterator: as written.
    #[inline(always)]
    pub fn taken(&self) -> Probe<std::iter::Take<T>> {
        self.0.0.taken()
    }
}

/// `Iterator::take` over a range or `repeat(x)`, as written: the `Take` has a wrapper of its
/// own.
macro_rules! takes_as_written {
    ($([$($generics:tt)*] $ty:ty,)*) => {$(
        impl<$($generics)*, F> TakingRange<$ty, usize, F, std::iter::Take<$ty>>
        where
            F: FnOnce($ty, usize) -> std::iter::Take<$ty>,
        {
            /// As written (see [`Taking`]).
            #[inline(always)]
            pub fn taken(&self) -> Probe<std::iter::Take<$ty>> {
                self.0.0.0.taken()
            }
        }
    )*};
}

takes_as_written! {
    [T] Range<T>,
    [T] RangeInclusive<T>,
    [T] RangeFrom<T>,
    [T] std::iter::Repeat<T>,
}

/// An iterator each of whose steps (`next`) takes bounded time, whether or not it ever ends:
/// every [`Finite`] one, the ranges of integers (a range with an end may still be too long to
/// run unchecked: `0..u64::MAX`), `repeat_n(x, n)` (a count, as long as such a range), and the
/// sources without an end that do bounded work per item (`0..`, `repeat(x)`, the `cycle()` of
/// a finite one). A `zip` of one of them with a finite
/// one is finite (see [`Finite`]'s impls): `(0..n).zip(1..n)`, whose receiver is checked.
pub trait Stepwise {}

impl<T: Finite> Stepwise for T {}
impl<T> Stepwise for RangeFrom<T> {}
impl<T> Stepwise for Range<T> {}
impl<T> Stepwise for RangeInclusive<T> {}
impl<T> Stepwise for std::iter::Repeat<T> {}
impl<T> Stepwise for std::iter::RepeatN<T> {}
impl<I: Finite> Stepwise for std::iter::Cycle<I> {}

/// An iterator that runs in time bounded by data it already holds, or only yields items that
/// passed through a [`Checked`] or [`CheckedRange`]: a chain over it needs no check of its
/// own (see the module docs). Which of the two it is, is its [`Kind`](Finite::Kind).
pub trait Finite {
    /// `Counted` if each item passed through a checked iterator, which checks between chunks
    /// and times them with whatever the chain does per item inside; `Held` if the iterator is
    /// only bounded by the data it holds (a slice's). A `zip` whose first side is counted is
    /// finite whatever its second side, since the first side's chunks are timed with the
    /// second side's `next` inside them; one whose first side is held needs a second side
    /// that steps in bounded time (`Stepwise`).
    type Kind;
}

/// The [`Finite::Kind`] of an iterator whose items each passed through a checked iterator.
#[derive(Debug)]
pub enum Counted {}

/// The [`Finite::Kind`] of an iterator bounded only by the data it holds.
#[derive(Debug)]
pub enum Held {}

/// Which second sides a `zip` whose first side is finite of kind `K` may have and stay
/// finite (see [`Finite::Kind`]).
pub trait ZipsWith<K> {}

impl<B> ZipsWith<Counted> for B {}
impl<B: Stepwise> ZipsWith<Held> for B {}

impl<T: Int> Finite for FlatRange<T>
where
    Range<T>: Iterator<Item = T>,
{
    type Kind = Counted;
}
impl<T: Int> Finite for FlatRangeInclusive<T>
where
    RangeInclusive<T>: Iterator<Item = T>,
    Range<T>: Iterator<Item = T>,
{
    type Kind = Counted;
}

macro_rules! finite {
    ($([$($generics:tt)*] $ty:ty $(=> $kind:ty)?,)*) => {$(
        impl<$($generics)*> Finite for $ty {
            type Kind = finite!(@kind $($kind)?);
        }
    )*};
    (@kind) => { Held };
    (@kind $kind:ty) => { $kind };
}

finite! {
    // A search on a local (`it.find(p)`, which the macro probes as `&mut it`): what is left of
    // the iterator, no more.
    ['a, I: Finite + ?Sized] &'a mut I => <I as Finite>::Kind,
    [I] Checked<I> => Counted,
    [I] CheckedTake<I> => Counted,
    // Counted down, a check every 16 items: the range under a counted flattening.
    [I] Ticked<I> => Counted,
    [T, const INDEXED: bool] CheckedRange<T, INDEXED> => Counted,
    [T, const INDEXED: bool] CheckedRangeInclusive<T, INDEXED> => Counted,
    [T] CheckedRangeFrom<T> => Counted,
    [A, B] Rebuilt<A, B> => Counted,
    [T] CheckedSteps<T> => Counted,
    [T, const INDEXED: bool] CheckedRev<T, INDEXED> => Counted,
    [A, B] CheckedZip<A, B> => Counted,
    ['a, T] std::slice::Iter<'a, T>,
    ['a, T] std::slice::IterMut<'a, T>,
    ['a, T] std::slice::Chunks<'a, T>,
    ['a, T] std::slice::ChunksMut<'a, T>,
    ['a, T] std::slice::ChunksExact<'a, T>,
    ['a, T] std::slice::ChunksExactMut<'a, T>,
    ['a, T] std::slice::RChunks<'a, T>,
    ['a, T] std::slice::Windows<'a, T>,
    [T] std::vec::IntoIter<T>,
    ['a, T] std::vec::Drain<'a, T>,
    [T, const N: usize] std::array::IntoIter<T, N>,
    ['a] std::str::Chars<'a>,
    ['a] std::str::CharIndices<'a>,
    ['a] std::str::Bytes<'a>,
    ['a] std::str::SplitWhitespace<'a>,
    ['a] std::str::SplitAsciiWhitespace<'a>,
    ['a] std::str::Lines<'a>,
    ['a, K, V] std::collections::hash_map::Iter<'a, K, V>,
    ['a, K, V] std::collections::hash_map::IterMut<'a, K, V>,
    ['a, K, V] std::collections::hash_map::Keys<'a, K, V>,
    ['a, K, V] std::collections::hash_map::Values<'a, K, V>,
    ['a, K, V] std::collections::hash_map::ValuesMut<'a, K, V>,
    [K, V] std::collections::hash_map::IntoIter<K, V>,
    ['a, K, V] std::collections::hash_map::Drain<'a, K, V>,
    ['a, T] std::collections::hash_set::Iter<'a, T>,
    [T] std::collections::hash_set::IntoIter<T>,
    ['a, K, V] std::collections::btree_map::Iter<'a, K, V>,
    ['a, K, V] std::collections::btree_map::IterMut<'a, K, V>,
    ['a, K, V] std::collections::btree_map::Keys<'a, K, V>,
    ['a, K, V] std::collections::btree_map::Values<'a, K, V>,
    ['a, K, V] std::collections::btree_map::Range<'a, K, V>,
    [K, V] std::collections::btree_map::IntoIter<K, V>,
    ['a, T] std::collections::btree_set::Iter<'a, T>,
    ['a, T] std::collections::btree_set::Range<'a, T>,
    [T] std::collections::btree_set::IntoIter<T>,
    ['a, T] std::collections::vec_deque::Iter<'a, T>,
    ['a, T] std::collections::vec_deque::IterMut<'a, T>,
    [T] std::collections::vec_deque::IntoIter<T>,
    ['a, T] std::option::Iter<'a, T>,
    [T] std::option::IntoIter<T>,
    [T] std::result::IntoIter<T>,
    [T] std::iter::Once<T>,
    [T] std::iter::Empty<T>,
    [I: Finite, F] std::iter::Map<I, F> => <I as Finite>::Kind,
    [I: Finite, P] std::iter::Filter<I, P> => <I as Finite>::Kind,
    [I: Finite, F] std::iter::FilterMap<I, F> => <I as Finite>::Kind,
    [I: Finite] std::iter::Enumerate<I> => <I as Finite>::Kind,
    [I: Finite] std::iter::Skip<I> => <I as Finite>::Kind,
    [I: Finite] std::iter::Take<I> => <I as Finite>::Kind,
    [I: Finite, P] std::iter::TakeWhile<I, P> => <I as Finite>::Kind,
    [I: Finite, P] std::iter::SkipWhile<I, P> => <I as Finite>::Kind,
    [I: Finite, P] std::iter::MapWhile<I, P> => <I as Finite>::Kind,
    [I: Finite] std::iter::StepBy<I> => <I as Finite>::Kind,
    [I: Finite + Iterator] std::iter::Peekable<I> => <I as Finite>::Kind,
    [I: Finite] std::iter::Fuse<I> => <I as Finite>::Kind,
    [I: Finite, F] std::iter::Inspect<I, F> => <I as Finite>::Kind,
    [I: Finite, St, F] std::iter::Scan<I, St, F> => <I as Finite>::Kind,
    [I: Finite] std::iter::Copied<I> => <I as Finite>::Kind,
    [I: Finite] std::iter::Cloned<I> => <I as Finite>::Kind,
    [I: Finite] std::iter::Rev<I> => <I as Finite>::Kind,
    // A zip ends with the first of its two to end, and each of its steps takes a step of
    // each: one finite and the other stepwise is enough (`v.iter().zip(1..)`).
    // With a first side whose items are counted, any second side: see `Finite::Kind`.
    [A: Finite, B: ZipsWith<A::Kind>] std::iter::Zip<A, B> => A::Kind,
    [T, B: Finite] std::iter::Zip<RangeFrom<T>, B> => Held,
    [T, B: Finite] std::iter::Zip<Range<T>, B> => Held,
    [T, B: Finite] std::iter::Zip<RangeInclusive<T>, B> => Held,
    [T, B: Finite] std::iter::Zip<std::iter::Repeat<T>, B> => Held,
    [T, B: Finite] std::iter::Zip<std::iter::RepeatN<T>, B> => Held,
    [I: Finite, B: Finite] std::iter::Zip<std::iter::Cycle<I>, B> => Held,
    [A: Finite, B: Finite] std::iter::Chain<A, B> => Held,
    ['a, T] std::slice::RChunksMut<'a, T>,
    ['a, T] std::slice::RChunksExact<'a, T>,
    ['a, T] std::slice::RChunksExactMut<'a, T>,
    ['a, T, P] std::slice::ChunkBy<'a, T, P>,
    ['a] std::str::EncodeUtf16<'a>,
    ['a] std::string::Drain<'a>,
    ['a, K, V] std::collections::btree_map::ValuesMut<'a, K, V>,
    [K, V] std::collections::btree_map::IntoKeys<K, V>,
    [K, V] std::collections::btree_map::IntoValues<K, V>,
    [K, V] std::collections::hash_map::IntoKeys<K, V>,
    [K, V] std::collections::hash_map::IntoValues<K, V>,
    ['a, T, S] std::collections::hash_set::Difference<'a, T, S>,
    ['a, T, S] std::collections::hash_set::Intersection<'a, T, S>,
    ['a, T, S] std::collections::hash_set::Union<'a, T, S>,
    ['a, T, S] std::collections::hash_set::SymmetricDifference<'a, T, S>,
    ['a, T] std::collections::btree_set::Difference<'a, T>,
    ['a, T] std::collections::btree_set::Intersection<'a, T>,
    ['a, T] std::collections::btree_set::Union<'a, T>,
    ['a, T] std::collections::btree_set::SymmetricDifference<'a, T>,
    ['a, T] std::collections::binary_heap::Iter<'a, T>,
    [T] std::collections::binary_heap::IntoIter<T>,
    ['a, T] std::collections::vec_deque::Drain<'a, T>,
    ['a, T, P: FnMut(&T) -> bool] std::slice::Split<'a, T, P>,
    ['a, T, P: FnMut(&T) -> bool] std::slice::SplitMut<'a, T, P>,
    ['a, T, P: FnMut(&T) -> bool] std::slice::RSplit<'a, T, P>,
    ['a, T, P: FnMut(&T) -> bool] std::slice::SplitN<'a, T, P>,
    ['a, T, P: FnMut(&T) -> bool] std::slice::SplitInclusive<'a, T, P>,
}

/// The iterators of `str` that search it for a pattern (`split`, `split_terminator`,
/// `splitn`, `rsplit`, `split_inclusive`, `matches`, `match_indices`, and their reverse
/// forms), for each of std's patterns: bounded by the string they search. (The `Pattern`
/// trait cannot be named on stable Rust, so each pattern type is listed; a closure pattern
/// runs the user's code, which checks as any closure does.)
macro_rules! finite_str_searches {
    ($($iter:ident)*) => {
        finite! {$(
            ['a] std::str::$iter<'a, char>,
            ['a, 'b] std::str::$iter<'a, &'b str>,
            ['a, 'b, 'c] std::str::$iter<'a, &'b &'c str>,
            ['a, 'b] std::str::$iter<'a, &'b String>,
            ['a, 'b] std::str::$iter<'a, &'b [char]>,
            ['a, const N: usize] std::str::$iter<'a, [char; N]>,
            ['a, 'b, const N: usize] std::str::$iter<'a, &'b [char; N]>,
            ['a, F: FnMut(char) -> bool] std::str::$iter<'a, F>,
        )*}
    };
}

finite_str_searches! {
    Split RSplit SplitTerminator RSplitTerminator SplitN RSplitN SplitInclusive
    Matches RMatches MatchIndices RMatchIndices
}

/// A flattening of finite iterators of finite iterators: each inner iterator runs in time
/// bounded by the data it holds, as does the outer one.
impl<I> Finite for std::iter::Flatten<I>
where
    I: Finite + Iterator,
    I::Item: IntoIterator,
    <I::Item as IntoIterator>::IntoIter: Finite,
{
    type Kind = Held;
}

/// As [`Flatten`](std::iter::Flatten): finite when the source and every iterator the closure
/// returns are.
impl<I, U, F> Finite for std::iter::FlatMap<I, U, F>
where
    I: Finite,
    U: IntoIterator,
    U::IntoIter: Finite,
{
    type Kind = Held;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> &'static Site {
        Box::leak(Box::new(Site::new(1)))
    }

    #[test]
    fn a_zip_whose_first_side_is_counted_is_not_checked_again() {
        struct Mine(u64);
        impl Iterator for Mine {
            type Item = u64;
            fn next(&mut self) -> Option<u64> {
                self.0 += 1;
                Some(self.0)
            }
        }
        // The annotations are the test: each says what the probe gave.
        let first: Checked<Mine> = probe(Mine(0), site()).wrap();
        let zipped: std::iter::Zip<Checked<Mine>, Mine> = probe(first.zip(Mine(5)), site()).wrap();
        let taken: std::iter::Take<std::iter::Zip<Checked<Mine>, Mine>> =
            probe(zipped.take(3), site()).wrap();
        assert_eq!(taken.collect::<Vec<_>>(), [(1, 6), (2, 7), (3, 8)]);
        // A slice's items are only held: its zip with a user's iterator is still checked.
        let v = [1u64, 2, 3];
        let held: Checked<std::iter::Zip<std::slice::Iter<'_, u64>, Mine>> =
            probe(v.iter().zip(Mine(0)), site()).wrap();
        assert_eq!(held.count(), 3);
    }

    #[test]
    fn checked_sources_fold_and_step_as_the_plain_ones() {
        // Past the longest chunk (`MAX_CHUNK`), natively; Miri, some 100 times slower, stops
        // at a few chunks of a site that starts at one item.
        let long = if cfg!(miri) { 5_000 } else { 70_000 };
        for n in [0u64, 1, 2, 3, 15, 16, 17, 1000, long] {
            let plain: u64 = (0..n).map(|x| x.wrapping_mul(31)).sum();
            let range: u64 = probe(0..n, site()).wrap().map(|x| x.wrapping_mul(31)).sum();
            assert_eq!(range, plain, "0..{n}");
            let plain: u64 = (1..=n).map(|x| x ^ 7).sum();
            let inclusive: u64 = probe(1..=n, site()).wrap().map(|x| x ^ 7).sum();
            assert_eq!(inclusive, plain, "1..={n}");
            let plain: Vec<u64> = (0..).step_by(3).take(n as usize).collect();
            let checked: Vec<u64> = probe((0..).step_by(3), site())
                .wrap()
                .take(n as usize)
                .collect();
            assert_eq!(checked, plain, "step_by, {n}");
            let mut stepped = probe(0..n, site()).wrap();
            let backwards: Vec<u64> = std::iter::from_fn(|| stepped.next_back()).collect();
            assert_eq!(backwards, (0..n).rev().collect::<Vec<_>>());
        }
        // The whole of a `u8` range, whose end is the type's last value.
        let all: u32 = probe(0u8..=255, site()).wrap().map(u32::from).sum();
        assert_eq!(all, (0u8..=255).map(u32::from).sum::<u32>());
    }

    /// `nth` and `nth_back` of a checked range add to its ends as the plain range's do: the
    /// same items through `step_by`, `skip` and `rev`, and a skip over almost all of `u64`
    /// returns at once (one `next` per item skipped would not return in this test's life).
    #[test]
    fn checked_ranges_skip_as_the_plain_ones_in_bounded_time() {
        for n in [0u64, 1, 2, 3, 16, 17, 300] {
            for k in [1usize, 2, 3, 7, 64, 500] {
                let plain: Vec<u64> = (0..n).step_by(k).collect();
                let checked: Vec<u64> = probe(0..n, site()).wrap().step_by(k).collect();
                assert_eq!(checked, plain, "(0..{n}).step_by({k})");
                let plain: Vec<u64> = (1..=n).step_by(k).collect();
                let checked: Vec<u64> = probe(1..=n, site()).wrap().step_by(k).collect();
                assert_eq!(checked, plain, "(1..={n}).step_by({k})");
                let plain: Vec<u64> = (0..n).rev().step_by(k).collect();
                let checked: Vec<u64> = probe(0..n, site()).wrap().rev().step_by(k).collect();
                assert_eq!(checked, plain, "(0..{n}).rev().step_by({k})");
                let plain: Vec<u64> = (1..=n).rev().step_by(k).collect();
                let checked: Vec<u64> = probe(1..=n, site()).wrap().rev().step_by(k).collect();
                assert_eq!(checked, plain, "(1..={n}).rev().step_by({k})");
                let plain: Vec<u64> = (0..n).skip(k).collect();
                let checked: Vec<u64> = probe(0..n, site()).wrap().skip(k).collect();
                assert_eq!(checked, plain, "(0..{n}).skip({k})");
                let plain: Vec<u64> = (1..=n).rev().skip(k).collect();
                let checked: Vec<u64> = probe(1..=n, site()).wrap().rev().skip(k).collect();
                assert_eq!(checked, plain, "(1..={n}).rev().skip({k})");
            }
        }
        let far = u64::MAX as usize - 10;
        assert_eq!(
            probe(0..u64::MAX, site()).wrap().nth(far),
            Some(u64::MAX - 10)
        );
        assert_eq!(probe(0..=u64::MAX, site()).wrap().nth_back(far), Some(10));
        let strides: Vec<u64> = probe(0..=u64::MAX, site())
            .wrap()
            .step_by(1 << 62)
            .collect();
        assert_eq!(strides, [0, 1 << 62, 2 << 62, 3 << 62]);
    }

    #[test]
    fn a_floor_lets_short_ranges_fit_and_no_other_iterator() {
        // A site that would check every item: a range within the floor fits without it.
        let short = site();
        assert!(probe_within(0..4096u64, short, 4096).fits());
        assert!(!probe_within(0..4097u64, short, 4096).fits());
        assert!(!probe(0..2u64, short).fits());
        let sum: u64 = probe_within(0..100u64, short, 4096).wrap().sum();
        assert_eq!(sum, 4950);
        assert!(!short.offers_timing(), "no chunk boundary crossed");
        // Another iterator's `next` may cost anything: checked in the site's chunks whatever
        // the floor.
        let other = site();
        let words = || std::iter::successors(Some(1u64), |x| Some(x.wrapping_mul(3))).take(50);
        assert!(!probe_within(words(), other, 4096).fits());
        let checked: Checked<_> = probe_within(words(), other, 4096).wrap();
        assert_eq!(
            checked.fold(0u64, u64::wrapping_add),
            words().fold(0u64, u64::wrapping_add)
        );
        assert!(other.offers_timing(), "chunk boundaries crossed");
    }

    #[test]
    fn bare_probes_leave_ranges_and_check_other_iterators() {
        // A range keeps its own type, so its exact-length `collect` and its `count`.
        let range: Range<u64> = probe(3..9, site()).wrap_bare();
        assert_eq!(range, 3..9);
        let inclusive: RangeInclusive<u8> = probe(0..=255, site()).wrap_bare();
        assert_eq!(inclusive.map(u32::from).sum::<u32>(), 255 * 128);
        // Someone's iterator may run forever in its own cheap `next`: still checked.
        let endless = std::iter::repeat(1u8);
        let checked: Checked<std::iter::Repeat<u8>> = probe(endless, site()).wrap_bare();
        assert_eq!(checked.take(5).count(), 5);
        // Finite iterators and other values: unchanged.
        let v = [1u8, 2, 3];
        let it: std::slice::Iter<'_, u8> = probe(v.iter(), site()).wrap_bare();
        assert_eq!(it.len(), 3);
        let some: Option<u8> = probe(Some(4u8), site()).wrap_bare();
        assert_eq!(some, Some(4));
    }

    #[test]
    fn finite_iterators_and_other_values_are_unchanged() {
        let v = [1u8, 2, 3];
        let it: std::slice::Iter<'_, u8> = probe(v.iter(), site()).wrap();
        assert_eq!(it.len(), 3);
        let option: Option<u8> = probe(Some(4u8), site()).wrap();
        assert_eq!(option, Some(4));
        // Flattenings of finite iterators of finite iterators.
        let rows = [vec![1u8, 2], vec![3]];
        let flat: std::iter::Flatten<std::slice::Iter<'_, Vec<u8>>> =
            probe(rows.iter().flatten(), site()).wrap();
        assert_eq!(flat.copied().collect::<Vec<_>>(), [1, 2, 3]);
        let mapped: std::iter::FlatMap<std::slice::Iter<'_, Vec<u8>>, &[u8], _> =
            probe(rows.iter().flat_map(|row| &row[1..]), site()).wrap();
        assert_eq!(mapped.count(), 1);
    }

    #[test]
    fn a_range_without_an_end_is_checked_and_ends_a_zip_with_a_finite_iterator() {
        let from: CheckedRangeFrom<u64> = probe(5u64.., site()).wrap();
        assert_eq!(from.step_by(1 << 40).nth(2), Some(5 + (2 << 40)));
        let bare: CheckedRangeFrom<u8> = probe(0u8.., site()).wrap_bare();
        assert_eq!(bare.take(3).collect::<Vec<_>>(), [0, 1, 2]);
        // A zip ends with its finite side: unchanged, whichever side that is.
        let v = [10u64, 20, 30];
        let numbered: std::iter::Zip<std::slice::Iter<'_, u64>, RangeFrom<u64>> =
            probe(v.iter().zip(1u64..), site()).wrap();
        assert_eq!(numbered.map(|(x, i)| x * i).sum::<u64>(), 140);
        let numbered: std::iter::Zip<RangeFrom<u64>, std::slice::Iter<'_, u64>> =
            probe((1u64..).zip(&v), site()).wrap();
        assert_eq!(numbered.count(), 3);
        let paired: std::iter::Zip<std::iter::Repeat<u8>, std::slice::Iter<'_, u64>> =
            probe(std::iter::repeat(1u8).zip(&v), site()).wrap();
        assert_eq!(paired.count(), 3);
        // Neither side ends: checked.
        let endless: Checked<std::iter::Zip<std::iter::Cycle<std::slice::Iter<'_, u64>>, _>> =
            probe(v.iter().cycle().zip(0u64..), site()).wrap();
        assert_eq!(endless.take(7).map(|(x, _)| x).sum::<u64>(), 130);
    }

    #[test]
    fn a_take_of_a_range_without_an_end_is_a_range_when_its_end_fits() {
        let wrap =
            |start: u8, n: usize| probe(probe(start.., site()).wrap().take(n), site()).wrap();
        for (start, n) in [
            (0u8, 0),
            (0, 1),
            (3, 10),
            (200, 55),
            (200, 56),
            (250, 9),
            (0, 300),
        ] {
            let case = format!("({start}..).take({n})");
            let plain = || (start..).take(n);
            let fits = u8::try_from(n)
                .ok()
                .and_then(|n| start.checked_add(n))
                .is_some();
            assert_eq!(
                matches!(wrap(start, n), Rebuilt::Faster(_)),
                fits && n > 0,
                "{case}"
            );
            if !fits {
                // Past the type's last value: the plain `take`'s panic in a debug build.
                if cfg!(debug_assertions) {
                    let ours = std::panic::catch_unwind(|| wrap(start, n).count());
                    let theirs = std::panic::catch_unwind(|| plain().count());
                    assert_eq!(ours.is_err(), theirs.is_err(), "{case}");
                }
                continue;
            }
            assert_eq!(
                wrap(start, n).collect::<Vec<_>>(),
                plain().collect::<Vec<_>>()
            );
            assert_eq!(wrap(start, n).size_hint(), plain().size_hint(), "{case}");
            let sum = |it: &mut dyn Iterator<Item = u8>| it.map(u32::from).sum::<u32>();
            assert_eq!(sum(&mut wrap(start, n)), sum(&mut plain()), "{case}");
            let (mut a, mut b) = (wrap(start, n), plain());
            assert_eq!(a.position(|x| x == 7), b.position(|x| x == 7), "{case}");
            assert_eq!(a.nth(2), b.nth(2), "{case}");
            assert_eq!(a.collect::<Vec<_>>(), b.collect::<Vec<_>>(), "{case}");
        }
        // As long as the type allows: still checked, as a range.
        let long: TakeFrom<u64> =
            probe(probe(0u64.., site()).wrap().take(usize::MAX), site()).wrap();
        assert!(matches!(long, Rebuilt::Faster(_)));
    }

    /// The chunk lengths the tests of a checked iterator run it in: one item, a few, and all;
    /// under Miri (about a hundred times slower), a few only, which still crosses boundaries.
    const CHUNKS: &[usize] = if cfg!(miri) {
        &[3]
    } else {
        &[1, 2, 3, 1 << 20]
    };

    /// A site whose chunks start `len` items long.
    fn site_of(len: usize) -> &'static Site {
        Box::leak(Box::new(Site::new(len)))
    }

    /// `ours` yields `plain`'s items through every consumer: folded, counted, searched (and
    /// left just past the item found), skipped, after a `next`.
    fn check_consumers<T, I, P>(case: &str, ours: impl Fn() -> I, plain: impl Fn() -> P)
    where
        T: Copy + PartialEq + std::fmt::Debug,
        I: Iterator<Item = T>,
        P: Iterator<Item = T>,
    {
        let all: Vec<T> = plain().collect();
        let rest = |it: I| it.collect::<Vec<_>>();
        assert_eq!(rest(ours()), all, "{case}");
        assert_eq!(ours().size_hint(), plain().size_hint(), "{case}");
        let folded = ours().fold(Vec::new(), |mut v, x| {
            v.push(x);
            v
        });
        assert_eq!(folded, all, "{case}, fold");
        assert_eq!(ours().count(), all.len(), "{case}");
        assert_eq!(ours().last(), all.last().copied(), "{case}");
        let mut it = ours();
        assert_eq!(it.position(|_| false), None, "{case}");
        assert_eq!(it.next(), None, "{case}, after a search that found nothing");
        let picks = match cfg!(miri) {
            true => vec![all.len() / 2],
            false => vec![0, 1, all.len() / 2, all.len().saturating_sub(1)],
        };
        for i in picks.into_iter().filter(|&i| i < all.len()) {
            let (target, after) = (all[i], &all[i + 1..]);
            let mut it = ours();
            assert_eq!(it.position(|x| x == target), Some(i), "{case}, {i}");
            assert_eq!(rest(it), after, "{case}, after position {i}");
            let mut it = ours();
            assert_eq!(it.find(|&x| x == target), Some(target), "{case}, {i}");
            assert_eq!(rest(it), after, "{case}, after find {i}");
            let mut it = ours();
            assert!(it.any(|x| x == target), "{case}, {i}");
            assert_eq!(
                it.find_map(|x| (x != target).then(|| format!("{x:?}"))),
                after.first().map(|x| format!("{x:?}")),
                "{case}, {i}"
            );
            let mut it = ours();
            assert!(!it.all(|x| x != target), "{case}, {i}");
            assert_eq!(
                it.fold(0, |n, _| n + 1),
                after.len(),
                "{case}, after all {i}"
            );
            let mut it = ours();
            assert_eq!(it.nth(i), Some(target), "{case}, {i}");
            assert_eq!(rest(it), after, "{case}, after nth {i}");
        }
        if let Some(&first) = all.first() {
            let mut it = ours();
            assert_eq!(it.next(), Some(first), "{case}");
            assert_eq!(
                it.fold(Vec::new(), |mut v, x| {
                    v.push(x);
                    v
                }),
                &all[1..],
                "{case}, fold after next"
            );
        }
    }

    /// A `step_by` of a checked range steps a plain range the same way ([`StepsOf`]), whose
    /// every consumer agrees with the plain `step_by`'s, for ranges up to their type's last
    /// value, signed and not, in chunks of any length.
    #[test]
    fn a_step_by_of_a_checked_range_steps_as_the_plain_one() {
        macro_rules! steps_agree {
            ($range:expr, $steps:expr) => {
                for k in $steps {
                    for &len in CHUNKS {
                        let case = format!("({:?}).step_by({k}) in chunks of {len}", $range);
                        let ours = || {
                            let range = probe($range, site_of(len)).wrap();
                            probe(range.step_by(k), site_of(len)).wrap()
                        };
                        check_consumers(&case, ours, || ($range).step_by(k));
                    }
                }
            };
        }
        steps_agree!(0u8..=255, [1, 2, 7, 255, 300]);
        steps_agree!(250u8..255, [1, 2, 4, 5]);
        steps_agree!(-128i8..=127, [1, 3, 200]);
        steps_agree!(-100i8..100, [1, 150]);
        steps_agree!(0u64..300, [1, 3, 64, 299, 300, 5000]);
        steps_agree!(-50i64..=50, [1, 7]);
        steps_agree!(5u32..5, [1, 3]);
        steps_agree!(5u32..=5, [1, 3]);
        // A `take` of the steps of a range without an end: the range it ends.
        for (start, k, n) in [
            (0u64, 3, 0),
            (0, 3, 1),
            (5, 3, 2),
            (7, 64, 300),
            (0, 1, 1000),
        ] {
            for &len in CHUNKS {
                let case = format!("({start}..).step_by({k}).take({n}) in chunks of {len}");
                let ours = || {
                    let from = probe(probe(start.., site_of(len)).wrap().step_by(k), site());
                    probe(from.wrap().take(n), site_of(len)).wrap()
                };
                if n > 1 {
                    assert!(matches!(ours(), Rebuilt::Faster(_)), "{case}");
                }
                check_consumers(&case, ours, || (start..).step_by(k).take(n));
            }
        }
        // Up to the type's last value, and past it: as it was, with the plain one's end.
        let near = |n| {
            probe(
                probe(probe(250u8.., site()).wrap().step_by(2), site())
                    .wrap()
                    .take(n),
                site(),
            )
            .wrap()
        };
        assert!(matches!(near(3), Rebuilt::Faster(_)));
        assert_eq!(near(3).collect::<Vec<_>>(), [250, 252, 254]);
        assert!(matches!(near(4), Rebuilt::AsWas(_)));
        if cfg!(debug_assertions) {
            assert!(std::panic::catch_unwind(|| near(4).count()).is_err());
            assert!(std::panic::catch_unwind(|| (250u8..).step_by(2).take(4).count()).is_err());
        }
        // Both ends of `usize`'s steps, from the back too.
        for &len in CHUNKS {
            let ours = || probe(probe(0usize..100, site_of(len)).wrap().step_by(3), site()).wrap();
            assert_eq!(ours().len(), 34);
            let back: Vec<usize> = ours().rev().collect();
            assert_eq!(back, (0usize..100).step_by(3).rev().collect::<Vec<_>>());
        }
        // Rebuilt where the type holds the span; as it was where it would not.
        let steps =
            |range: Range<u128>, k| probe(probe(range, site()).wrap().step_by(k), site()).wrap();
        assert!(matches!(steps(0..1000, 3), Rebuilt::Faster(_)));
        let faster = |k| probe(probe(-50i64..=50, site()).wrap().step_by(k), site()).wrap();
        assert!(matches!(faster(7), Rebuilt::Faster(_)));
        let near_the_end = probe(probe(250u8..255, site()).wrap().step_by(2), site()).wrap();
        assert!(matches!(near_the_end, Rebuilt::Faster(_)));
        let far = steps(0..1 << 80, usize::MAX / 2);
        assert!(matches!(far, Rebuilt::AsWas(_)));
        assert_eq!(far.take(3).last(), Some((usize::MAX / 2) as u128 * 2));
        assert!(matches!(steps(0..u128::MAX, 1), Rebuilt::AsWas(_)));
    }

    /// A `rev()` of a checked range runs the range from the back ([`RevOf`]), its searches a
    /// sub-range at a time: every consumer agrees with the plain `rev()`'s, in chunks of any
    /// length; a range whose start the type cannot compute back stays the `Rev` it was.
    #[test]
    fn a_rev_of_a_checked_range_runs_it_from_the_back() {
        macro_rules! rev_agrees {
            ($($range:expr),*) => {$(
                for &len in CHUNKS {
                    let case = format!("({:?}).rev() in chunks of {len}", $range);
                    let ours = || probe(probe($range, site_of(len)).wrap().rev(), site_of(len)).wrap();
                    check_consumers(&case, ours, || ($range).rev());
                    assert_eq!(
                        ours().rev().collect::<Vec<_>>(),
                        ($range).collect::<Vec<_>>(),
                        "{case}, reversed again"
                    );
                }
            )*};
        }
        rev_agrees!(
            0u64..300,
            -50i32..50,
            250u8..255,
            0u8..255,
            5u32..5,
            7usize..8
        );
        let counted = probe(probe(3usize..40, site()).wrap().rev(), site()).wrap();
        assert_eq!(counted.len(), 37);
        let rev = |range: Range<i8>| probe(probe(range, site()).wrap().rev(), site()).wrap();
        assert!(matches!(rev(-50..70), Rebuilt::Faster(_)));
        // More than 127 items: `i8` cannot count back from the end to the start.
        let mut whole = rev(-128..127);
        assert!(matches!(whole, Rebuilt::AsWas(_)));
        assert_eq!(whole.position(|x| x == -128), Some(254));
        let huge = probe(probe(0..u128::MAX, site()).wrap().rev(), site()).wrap();
        assert!(matches!(huge, Rebuilt::AsWas(_)));
        assert_eq!(
            huge.take(2).collect::<Vec<_>>(),
            [u128::MAX - 1, u128::MAX - 2]
        );
    }

    /// A `zip` of a checked range with a plain one zips two plain ranges of one length
    /// ([`ZipOf`]): every consumer agrees with the plain `zip`'s, in chunks of any length; one
    /// whose end the type cannot hold stays the `Zip` it was.
    #[test]
    fn a_zip_of_two_ranges_zips_plain_ranges() {
        macro_rules! zip_agrees {
            ($(($left:expr, $right:expr)),*) => {$(
                for &len in CHUNKS {
                    let case = format!("({:?}).zip({:?}) in chunks of {len}", $left, $right);
                    let ours = || probe(probe($left, site_of(len)).wrap().zip($right), site_of(len)).wrap();
                    check_consumers(&case, ours, || ($left).zip($right));
                }
            )*};
        }
        zip_agrees!(
            (0usize..300, 1usize..300),
            (5u64..9, 0u8..200),
            (-50i64..50, 200u8..255),
            (0u32..0, 3u32..9),
            (250u8..255, 0i8..100)
        );
        let zipped = || probe(probe(0usize..100, site()).wrap().zip(7usize..50), site()).wrap();
        assert!(matches!(zipped(), Rebuilt::Faster(_)));
        assert_eq!(zipped().len(), 43);
        let back: Vec<(usize, usize)> = zipped().rev().collect();
        assert_eq!(
            back,
            (0usize..100).zip(7usize..50).rev().collect::<Vec<_>>()
        );
        // Up to the end of `u8`'s ranges: still two plain ranges; past `u128`'s: as it was.
        let far = probe(
            probe(0u8..5, site()).wrap().zip(u8::MAX - 1..u8::MAX),
            site(),
        )
        .wrap();
        assert!(matches!(far, Rebuilt::Faster(_)));
        let huge = probe(probe(0..u128::MAX, site()).wrap().zip(0..u128::MAX), site()).wrap();
        assert!(matches!(huge, Rebuilt::AsWas(_)));
        assert_eq!(huge.take(2).count(), 2);
    }

    /// A `collect` into a `Vec` a chunk at a time (`collect.rs`): each chunk extends the `Vec`
    /// with the chain over its plain sub-range, no longer than the chunk (one more item in an
    /// inclusive range's last); the `Vec` has the plain collect's items, in its order, and its
    /// capacity (exact for a `map`; grown step by step as std grows it for a `filter`); the same
    /// for an `extend` of a `Vec` that has items.
    #[test]
    #[allow(clippy::reversed_empty_ranges)] // `9..3`: a start past the end, on purpose
    fn a_collect_into_a_vec_extends_it_a_chunk_at_a_time() {
        use crate::collect::Sink;
        use std::cell::RefCell;

        macro_rules! collects_agree {
            ($($range:expr),*) => {$(
                for &len in CHUNKS {
                    let case = format!("({:?}) in chunks of {len}", $range);
                    let probed = || probe($range, site_of(len));
                    assert!(probed().collects_by_chunks(), "{case}");
                    // The site's chunks start `len` items long (later ones may be longer).
                    let mut chunks = Vec::new();
                    let mut count = |items: usize| chunks.push(items);
                    let mapped = probed().collect_chunks(|sub, sink: &mut Sink<u64>| {
                        count(sub.clone().count());
                        sink.extend(sub.map(|x| x as u64 ^ 5));
                    });
                    let plain: Vec<u64> = ($range).map(|x| x as u64 ^ 5).collect();
                    assert_eq!(mapped, plain, "{case}");
                    assert_eq!(mapped.capacity(), plain.capacity(), "{case}, map");
                    let items = ($range).count();
                    assert_eq!(chunks.iter().sum::<usize>(), items, "{case}");
                    assert!(chunks.iter().all(|&n| n > 0), "{case}: {chunks:?}");
                    assert!(chunks.first().is_none_or(|&n| n <= len + 1), "{case}: {chunks:?}");
                    if items > len + 1 {
                        assert!(chunks.len() > 1, "{case}: {chunks:?}");
                    } else if items <= len {
                        assert!(chunks.len() <= 1, "{case}: {chunks:?}");
                    }
                    let kept = probed().collect_chunks(|sub, sink: &mut Sink<u8>| {
                        sink.extend(sub.filter(|x| x % 3 == 1).map(|x| x as u8))
                    });
                    let plain: Vec<u8> = ($range).filter(|x| x % 3 == 1).map(|x| x as u8).collect();
                    assert_eq!(kept, plain, "{case}");
                    assert_eq!(kept.capacity(), plain.capacity(), "{case}, filter");
                    // `extend` of a `Vec` that has items: reserved as `extend` reserves.
                    let mut ours = vec![9u64; 5];
                    probed().extend_chunks(&mut ours, |sub, sink| sink.extend(sub.map(|x| x as u64)));
                    let mut plain = vec![9u64; 5];
                    plain.extend(($range).map(|x| x as u64));
                    assert_eq!(ours, plain, "{case}");
                    assert_eq!(ours.capacity(), plain.capacity(), "{case}, extend");
                    let mut ours = vec![1u8; 3];
                    probed().extend_chunks(&mut ours, |sub, sink| sink.extend(sub.filter(|x| x % 5 == 0).map(|x| x as u8)));
                    let mut plain = vec![1u8; 3];
                    plain.extend(($range).filter(|x| x % 5 == 0).map(|x| x as u8));
                    assert_eq!(ours, plain, "{case}");
                    assert_eq!(ours.capacity(), plain.capacity(), "{case}, extend with a filter");
                    let seen = RefCell::new(Vec::new());
                    let pairs = probed().collect_chunks(|sub, sink: &mut Sink<[u64; 40]>| {
                        sink.extend(sub.inspect(|x| seen.borrow_mut().push(*x)).map(|x| [x as u64; 40]))
                    });
                    let plain: Vec<[u64; 40]> = ($range).map(|x| [x as u64; 40]).collect();
                    assert_eq!(pairs, plain, "{case}");
                    assert_eq!(pairs.capacity(), plain.capacity(), "{case}, large items");
                    assert_eq!(seen.into_inner(), ($range).collect::<Vec<_>>(), "{case}, inspect");
                }
            )*};
        }
        collects_agree!(
            0u64..300,
            1u64..=300,
            0u8..=255,
            250u8..255,
            -128i8..=127,
            -50i32..50,
            u64::MAX - 10..=u64::MAX,
            5u32..5,
            5u32..=5,
            9u16..3
        );
        // Which sources and which targets collect by chunks.
        assert!(!probe('a'..='z', site()).collects_by_chunks());
        assert!(!probe(vec![1, 2].into_iter(), site()).collects_by_chunks());
        type Row = Vec<u8>;
        assert!(crate::collect::target::<Vec<u64>>().by_chunks());
        assert!(crate::collect::target::<Row>().by_chunks());
        assert!(!crate::collect::target::<String>().by_chunks());
        assert!(!crate::collect::target::<std::collections::HashSet<u64>>().by_chunks());
        assert!(!crate::collect::target::<Box<[u64]>>().by_chunks());
        fn in_a_generic_fn<B>() -> bool {
            crate::collect::target::<B>().by_chunks()
        }
        assert!(!in_a_generic_fn::<Vec<u64>>());
        // An `extend`'s receiver, by the type its method call borrows.
        use crate::collect::{Place, target_of};
        let mut v = vec![1u64];
        let out = &mut v;
        assert!(target_of(&*out.__threadmgr_place()).by_chunks());
        assert!(target_of(&*v.__threadmgr_place()).by_chunks());
        let mut text = String::new();
        assert!(!target_of(&*text.__threadmgr_place()).by_chunks());
        let mut boxed = Box::new(vec![1u64]);
        assert!(!target_of(&*boxed.__threadmgr_place()).by_chunks());
    }

    #[test]
    fn searches_of_a_string_or_a_slice_are_finite() {
        let text = "1, 2,3 , x";
        let sep = ", ";
        let split: std::str::Split<'_, char> = probe(text.split(','), site()).wrap();
        assert_eq!(split.count(), 4);
        let by_str: std::str::SplitN<'_, &str> = probe(text.splitn(2, sep), site()).wrap();
        assert_eq!(by_str.collect::<Vec<_>>(), ["1", "2,3 , x"]);
        let by_ref: std::str::Split<'_, &&str> = probe(text.split(&sep), site()).wrap();
        assert_eq!(by_ref.count(), 3);
        let chars: std::str::Matches<'_, [char; 2]> =
            probe(text.matches([',', ' ']), site()).wrap();
        assert_eq!(chars.count(), 6);
        let by_fn: std::str::Split<'_, _> =
            probe(text.split(|c: char| c.is_ascii_digit()), site()).wrap();
        assert_eq!(by_fn.count(), 4);
        let v = [1u8, 0, 2, 3, 0, 4];
        let runs: std::slice::Split<'_, u8, _> = probe(v.split(|b| *b == 0), site()).wrap();
        assert_eq!(runs.count(), 3);
    }
}
