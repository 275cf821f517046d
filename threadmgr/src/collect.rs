//! `collect` into a `Vec` of a chain over a long range, a plain sub-range at a time.
//!
//! A checked range is not `TrustedLen` (an unstable trait no wrapper can implement), so a `Vec`
//! collects a chain over it one `next` at a time, storing its length after each item, where
//! the plain range's exact-length collect writes the items in one vectorized pass: 2.5-3x
//! plain for `(0..n).map(|x| x * 3).collect::<Vec<u64>>()`. When the macro sees the target
//! type (a turbofish, or the type of the `let` the chain initializes) and the chain's adapters
//! each act on one item at a time, wherever the chunks split (`map`, `filter`, `filter_map`,
//! `inspect`, `flat_map`, with closures that the macro may write again), it writes the chain a
//! third time, over a plain sub-range, and [`Target`] picks by the target type, at compile
//! time: into a `Vec`, each chunk of the checked range *extends* the `Vec` with the chain over
//! its plain sub-range ([`Sink::extend`]), which is std's exact-length `extend` when the
//! plain chain is `TrustedLen`; into anything else, the checked chain collects as before. A
//! statement `v.extend(chain)` whose receiver is a place (`v`, `self.out`) and whose chain is
//! such a chain over a range runs the same way, picked by the receiver's type
//! ([`target_of`]): a `Vec` or a `&mut Vec` is extended a chunk at a time.
//!
//! The `Vec` comes out as the plain collect makes it: the same items in the same order, and the
//! same capacity (an exact-length chain reserves the whole range's length before its first
//! chunk, as std's exact-length collect does; any other grows as std's `extend` grows it, the
//! same steps as std's collect of it).

use std::marker::PhantomData;
use std::ops::Deref;

/// The target type of a `collect`, for [`target`]: `Vec<X>` collects by chunks.
pub struct Target<B: ?Sized>(TargetAny<B>);

/// Any other target type: collects the checked chain.
pub struct TargetAny<B: ?Sized>(PhantomData<fn() -> Box<B>>);

impl<B: ?Sized> std::fmt::Debug for Target<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Target")
    }
}

impl<B: ?Sized> std::fmt::Debug for TargetAny<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TargetAny")
    }
}

/// The target type `B` of a `collect::<B>()`, which picks, by deref specialization, how the
/// chain collects: `Target<Vec<X>>`'s own methods for a `Vec`, [`TargetAny`]'s for any other
/// type (a type parameter, a `String`, a `HashMap`, a user's `Vec`).
#[inline(always)]
pub fn target<B: ?Sized>() -> Target<B> {
    Target(TargetAny(PhantomData))
}

impl<B: ?Sized> Deref for Target<B> {
    type Target = TargetAny<B>;

    #[inline(always)]
    fn deref(&self) -> &TargetAny<B> {
        &self.0
    }
}

/// The type of the receiver of an `extend`, as a [`Target`]: a `Vec` is extended a chunk at a
/// time.
#[inline(always)]
pub fn target_of<B: ?Sized>(_: &B) -> Target<B> {
    target()
}

/// The receiver of an `extend` call, borrowed as the method call borrows it:
/// `out.__threadmgr_place()` is a `&mut Vec<X>` for `out` a `Vec<X>` (borrowed) or a
/// `&mut Vec<X>` (reborrowed, as the method call would: no `mut` binding needed), so that its
/// type says whether it is a `Vec` ([`target_of`]).
pub trait Place {
    /// `self`, as the method call took it.
    #[inline(always)]
    #[doc(hidden)]
    fn __threadmgr_place(&mut self) -> &mut Self {
        self
    }
}

impl<T: ?Sized> Place for T {}

impl<X> Target<Vec<X>> {
    /// A `Vec` is collected, or extended, a chunk at a time.
    #[inline(always)]
    pub fn by_chunks(&self) -> bool {
        true
    }

    /// The `Vec` the chunks filled, as it is.
    #[inline(always)]
    pub fn from_chunks(&self, items: Vec<X>) -> Vec<X> {
        items
    }

    /// The `Vec` to extend.
    #[inline(always)]
    pub fn vec_of<'v>(&self, items: &'v mut Vec<X>, _: &Tie<X>) -> &'v mut Vec<X> {
        items
    }

    /// What `Vec`'s `extend` returns.
    #[inline(always)]
    pub fn extended(&self) {}
}

impl<B: ?Sized> TargetAny<B> {
    /// Any other type collects, or extends with (a `String`'s, a map's, a `BinaryHeap`'s
    /// `extend`, whose one call may differ from several, a user's), the checked chain, as
    /// written.
    #[inline(always)]
    pub fn by_chunks(&self) -> bool {
        false
    }

    /// Not called (`by_chunks` is `false`): there so that the generated code type-checks
    /// whatever the target type.
    #[inline(always)]
    pub fn from_chunks<X>(&self, items: Vec<X>) -> B
    where
        B: FromIterator<X> + Sized,
    {
        items.into_iter().collect()
    }

    /// Not called (`by_chunks` is `false`): there so that the generated code type-checks
    /// whatever the receiver.
    #[inline(always)]
    pub fn vec_of<'v, X>(&self, _: &'v mut B, _: &Tie<X>) -> &'v mut Vec<X> {
        unreachable!("only a `Vec` is extended a chunk at a time")
    }

    /// Not called: what the receiver's `extend` returns, whatever it is.
    #[inline(always)]
    pub fn extended<R>(&self) -> R {
        unreachable!("only a `Vec` is extended a chunk at a time")
    }
}

/// The item type of the chain an `extend` a chunk at a time fills its `Vec` with, tied to the
/// receiver's `extend` (see `chains.rs`'s `extend_copies`): the chunks' branch is compiled
/// whatever the receiver, and where the receiver is not a `Vec` its items' type would
/// otherwise be inferred from the chain's copy in that branch alone, which may leave it
/// ambiguous (`self.undo_log.extend((a..b).map(|len| NewElem(len)))` with `undo_log: L`, `L:
/// UndoLogs<UndoLog<D>>`, in `ena` 0.14.3: the variant's `D` is known only from `L`). The
/// generated code passes [`Tie::items`], an empty iterator, to the receiver's `extend` in a
/// branch never taken, as the chain's copy as written is passed in the other.
pub struct Tie<X>(PhantomData<fn() -> X>);

impl<X> std::fmt::Debug for Tie<X> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tie")
    }
}

impl<X> Tie<X> {
    /// A tie for items of a type to infer.
    #[inline(always)]
    #[allow(clippy::new_without_default)] // generated code only
    pub fn new() -> Tie<X> {
        Tie(PhantomData)
    }

    /// No items, of the tied type.
    #[inline(always)]
    pub fn items(&self) -> std::iter::Empty<X> {
        std::iter::empty()
    }
}

/// The `Vec` a chain collects into or extends, a chunk at a time: the generated code extends
/// it with the chain over each chunk's plain sub-range.
#[derive(Debug)]
pub struct Sink<'a, X> {
    items: &'a mut Vec<X>,
    /// Whether `items` is a new `Vec` for a `collect` (reserved exactly, as std's collect
    /// allocates), rather than one a call of `extend` adds to (reserved as `extend` does).
    fresh: bool,
    /// Whether a chunk has been extended with yet.
    started: bool,
    /// Items in the current chunk of the source.
    chunk: usize,
    /// Items in the source after the current chunk.
    rest: usize,
}

impl<'a, X> Sink<'a, X> {
    /// A sink that fills `items` from a source of `len` items; `fresh` if the `Vec` is a new
    /// one, for a `collect`.
    pub(crate) fn new(items: &'a mut Vec<X>, len: usize, fresh: bool) -> Self {
        Sink {
            items,
            fresh,
            started: false,
            chunk: 0,
            rest: len,
        }
    }

    /// Starts a chunk of `len` items of the source.
    #[inline(always)]
    pub(crate) fn start_chunk(&mut self, len: usize) {
        self.chunk = len;
        self.rest = self.rest.saturating_sub(len);
    }

    /// Extends the `Vec` with one chunk's items (the chain over its plain sub-range). Before
    /// the first, a chain that says it yields exactly one item per item of its source (`map`)
    /// reserves room for the whole source's, as std's collect (exactly) or `extend` (as
    /// `reserve` does) of the whole exact-length chain would; `Vec::extend` then writes a
    /// `TrustedLen` chunk in one pass. Any other chain grows the `Vec` as `Vec::extend` grows
    /// it, the same steps as one call over the whole chain takes.
    #[inline(always)]
    pub fn extend<I: Iterator<Item = X>>(&mut self, items: I) {
        if !self.started {
            self.started = true;
            if let (lower, Some(upper)) = items.size_hint()
                && lower == upper
                && lower == self.chunk
            {
                let all = lower.saturating_add(self.rest);
                match self.fresh {
                    true => self.items.reserve_exact(all),
                    false => self.items.reserve(all),
                }
            }
        }
        self.items.extend(items);
    }
}
