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
//! plain chain is `TrustedLen`; into anything else, the checked chain collects as before.
//!
//! The `Vec` comes out as the plain collect makes it: the same items in the same order, and the
//! same capacity (an exact-length chain reserves the whole range's length before its first
//! chunk, as std's exact-length collect does; any other grows as std's `extend` grows it, the
//! same steps as std's collect of it).

use std::marker::PhantomData;
use std::ops::Deref;

/// The target type of a `collect`, for [`target`]: `Vec<X>` collects by chunks.
pub struct Target<B>(TargetAny<B>);

/// Any other target type: collects the checked chain.
pub struct TargetAny<B>(PhantomData<fn() -> B>);

impl<B> std::fmt::Debug for Target<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Target")
    }
}

impl<B> std::fmt::Debug for TargetAny<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TargetAny")
    }
}

/// The target type `B` of a `collect::<B>()`, which picks, by deref specialization, how the
/// chain collects: `Target<Vec<X>>`'s own methods for a `Vec`, [`TargetAny`]'s for any other
/// type (a type parameter, a `String`, a `HashMap`, a user's `Vec`).
#[inline(always)]
pub fn target<B>() -> Target<B> {
    Target(TargetAny(PhantomData))
}

impl<B> Deref for Target<B> {
    type Target = TargetAny<B>;

    #[inline(always)]
    fn deref(&self) -> &TargetAny<B> {
        &self.0
    }
}

impl<X> Target<Vec<X>> {
    /// A `Vec` collects a chunk at a time.
    #[inline(always)]
    pub fn collects_by_chunks(&self) -> bool {
        true
    }

    /// The `Vec` the chunks filled, as it is.
    #[inline(always)]
    pub fn from_chunks(&self, items: Vec<X>) -> Vec<X> {
        items
    }
}

impl<B> TargetAny<B> {
    /// Any other type collects the checked chain, as written.
    #[inline(always)]
    pub fn collects_by_chunks(&self) -> bool {
        false
    }

    /// Not called (`collects_by_chunks` is `false`): there so that the generated code
    /// type-checks whatever the target type.
    #[inline(always)]
    pub fn from_chunks<X>(&self, items: Vec<X>) -> B
    where
        B: FromIterator<X>,
    {
        items.into_iter().collect()
    }
}

/// The `Vec` a chain collects into, a chunk at a time: the generated code extends it with the
/// chain over each chunk's plain sub-range.
#[derive(Debug)]
pub struct Sink<X> {
    items: Vec<X>,
    /// Items in the current chunk of the source.
    chunk: usize,
    /// Items in the source after the current chunk.
    rest: usize,
}

impl<X> Sink<X> {
    /// A sink for a source of `len` items.
    pub(crate) fn new(len: usize) -> Self {
        Sink {
            items: Vec::new(),
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

    /// The `Vec` filled.
    pub(crate) fn into_vec(self) -> Vec<X> {
        self.items
    }

    /// Extends the `Vec` with one chunk's items (the chain over its plain sub-range). Before
    /// the first, a chain that says it yields exactly one item per item of its source (`map`)
    /// reserves the whole source's length, as std's collect of the whole exact-length chain
    /// does; `Vec::extend` then writes a `TrustedLen` chunk in one pass.
    #[inline(always)]
    pub fn extend<I: Iterator<Item = X>>(&mut self, items: I) {
        if self.items.capacity() == 0
            && let (lower, Some(upper)) = items.size_hint()
            && lower == upper
            && lower == self.chunk
        {
            self.items.reserve_exact(lower.saturating_add(self.rest));
        }
        self.items.extend(items);
    }
}
