//! [`Carried`]: a rayon parallel iterator whose items run with the token of the code that made
//! it, on whatever worker runs them.
//!
//! Rayon runs the items of a parallel iterator on its workers, which have no token installed
//! (or another job's). `#[haltable]` wraps the parallel iterators of a body (see `chain.rs`) in
//! a `Carried`, which takes the current thread's flag when it is made, and installs it (as an
//! entered closure does, see `private::enter`) around each piece of work rayon hands a worker:
//! a folder's `consume_iter` or `consume`, and a producer's `fold_with`; and it checks the
//! token between the items of each piece, through a [`Checked`] iterator paced by the call
//! site's chunk length (and on every item a folder consumes one at a time). Rayon's adapters pass
//! items on lazily (a `map` folder hands the next folder an iterator that maps as it is
//! pulled), so the closures of the whole chain, and fns passed by name (`map(simulate)`), run
//! inside the install, and their checks and the `#[haltable]` fns they call see the token.
//! A worker that finds the token halted unwinds; rayon carries the unwind back to the thread
//! that drove the iterator, which ends halted.

use rayon::iter::plumbing::{Consumer, Folder, Producer, ProducerCallback, UnindexedConsumer};
use rayon::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};

use std::ops::{Range, RangeInclusive};
use std::sync::Arc;

use crate::__private::{EnterGuard, Site, check, enter_in};
use crate::checked::{Checked, CheckedRange, CheckedRangeInclusive};
use crate::checkpoint;
use crate::slot::HaltFlag;

/// A parallel iterator carrying a token flag to the workers (see the module docs).
#[derive(Clone, Debug)]
pub struct Carried<P> {
    base: P,
    carry: Carry,
}

/// What a `Carried` hands to every piece of its work: the flag to install, the flags the
/// scopes open where it was made were installed over (so that a closure made before such a
/// scope keeps the scope's token on the workers too, as it does where it was made), and the
/// site whose chunk length paces the checks between items.
#[derive(Clone, Debug)]
struct Carry {
    flag: &'static HaltFlag,
    scoped: Option<Arc<[&'static HaltFlag]>>,
    site: &'static Site,
}

impl Carry {
    fn enter(&self) -> EnterGuard {
        enter_in(self.flag, self.scoped.as_deref().unwrap_or_default())
    }

    /// Unwinds if the carried token, or that of a scope it was made in, is halted: a consumer
    /// asks this before its piece of work splits or folds (see `CarriedConsumer::full`). The
    /// same relaxed load of a process-wide word as a check while no token is halted.
    fn check(&self) {
        if crate::slot::any_halted() {
            let _entered = self.enter();
            check();
        }
    }
}

impl<P> Carried<P> {
    /// Carries the current thread's flag.
    pub(crate) fn new(base: P, site: &'static Site) -> Self {
        Carried {
            base,
            carry: Carry {
                flag: checkpoint::current(),
                scoped: Some(checkpoint::scoped_over())
                    .filter(|scoped| !scoped.is_empty())
                    .map(Arc::from),
                site,
            },
        }
    }
}

/// A value passed to a `chain` that `#[haltable]` checked as a std iterator, taken back by
/// rayon's `ParallelIterator::chain`.
///
/// The macro wraps the value a chain's `chain` is given (`.chain(1..4)`) at its source, as it
/// wraps the chain's own source, so that the second half of `Iterator::chain` is checked between
/// chunks too. It sees names, not types, and cannot tell that `chain` from rayon's, which takes
/// any `IntoParallelIterator`: `v.par_iter().copied().chain(1..4)` would no longer compile
/// (rayon 1.12's own tests do this). So a checked iterator over one that rayon takes (a range
/// of integers or of `char`s) is taken too: it gives back the plain one, unstarted, as the
/// parallel iterator rayon makes of it, carried (see [`Carried`]) as the macro carries a
/// parallel iterator it wraps, so that the second half's items run with the token on the
/// workers, as the first half's do.
impl<I: IntoParallelIterator> IntoParallelIterator for Checked<I> {
    type Iter = Carried<I::Iter>;
    type Item = I::Item;

    fn into_par_iter(self) -> Self::Iter {
        let (plain, site) = self.into_parts();
        Carried::new(plain.into_par_iter(), site)
    }
}

/// The checked ranges of integers, as the [`Checked`] range each holds.
macro_rules! into_parallel_as_checked {
    ($($checked:ident($plain:ident),)*) => {$(
        impl<T, const INDEXED: bool> IntoParallelIterator for $checked<T, INDEXED>
        where
            $plain<T>: IntoParallelIterator,
        {
            type Iter = <Checked<$plain<T>> as IntoParallelIterator>::Iter;
            type Item = <$plain<T> as IntoParallelIterator>::Item;

            fn into_par_iter(self) -> Self::Iter {
                self.0.into_par_iter()
            }
        }
    )*};
}

into_parallel_as_checked! {
    CheckedRange(Range),
    CheckedRangeInclusive(RangeInclusive),
}

impl<P: ParallelIterator> ParallelIterator for Carried<P> {
    type Item = P::Item;

    fn drive_unindexed<C>(self, consumer: C) -> C::Result
    where
        C: UnindexedConsumer<Self::Item>,
    {
        let consumer = CarriedConsumer {
            base: consumer,
            carry: self.carry.clone(),
        };
        self.base.drive_unindexed(consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        self.base.opt_len()
    }
}

impl<P: IndexedParallelIterator> IndexedParallelIterator for Carried<P> {
    fn drive<C: Consumer<Self::Item>>(self, consumer: C) -> C::Result {
        let consumer = CarriedConsumer {
            base: consumer,
            carry: self.carry.clone(),
        };
        self.base.drive(consumer)
    }

    fn len(&self) -> usize {
        self.base.len()
    }

    fn with_producer<CB: ProducerCallback<Self::Item>>(self, callback: CB) -> CB::Output {
        let callback = CarriedCallback {
            base: callback,
            carry: self.carry.clone(),
        };
        self.base.with_producer(callback)
    }
}

struct CarriedCallback<CB> {
    base: CB,
    carry: Carry,
}

impl<T, CB: ProducerCallback<T>> ProducerCallback<T> for CarriedCallback<CB> {
    type Output = CB::Output;

    fn callback<P: Producer<Item = T>>(self, producer: P) -> CB::Output {
        self.base.callback(CarriedProducer {
            base: producer,
            carry: self.carry.clone(),
        })
    }
}

struct CarriedProducer<P> {
    base: P,
    carry: Carry,
}

impl<P: Producer> Producer for CarriedProducer<P> {
    type Item = P::Item;
    type IntoIter = P::IntoIter;

    fn into_iter(self) -> P::IntoIter {
        self.base.into_iter()
    }

    fn min_len(&self) -> usize {
        self.base.min_len()
    }

    fn max_len(&self) -> usize {
        self.base.max_len()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let (left, right) = self.base.split_at(index);
        (
            CarriedProducer {
                base: left,
                carry: self.carry.clone(),
            },
            CarriedProducer {
                base: right,
                carry: self.carry.clone(),
            },
        )
    }

    fn fold_with<F: Folder<P::Item>>(self, folder: F) -> F {
        let _entered = self.carry.enter();
        folder.consume_iter(Checked::new(self.base.into_iter(), self.carry.site, 0))
    }
}

struct CarriedConsumer<C> {
    base: C,
    carry: Carry,
}

impl<C> CarriedConsumer<C> {
    fn with<D>(&self, base: D) -> CarriedConsumer<D> {
        CarriedConsumer {
            base,
            carry: self.carry.clone(),
        }
    }
}

impl<T, C: Consumer<T>> Consumer<T> for CarriedConsumer<C> {
    type Folder = CarriedFolder<C::Folder>;
    type Reducer = C::Reducer;
    type Result = C::Result;

    fn split_at(self, index: usize) -> (Self, Self, C::Reducer) {
        let (left, right, reducer) = self.base.split_at(index);
        (
            CarriedConsumer {
                base: left,
                carry: self.carry.clone(),
            },
            CarriedConsumer {
                base: right,
                carry: self.carry,
            },
            reducer,
        )
    }

    fn into_folder(self) -> Self::Folder {
        CarriedFolder {
            base: self.base.into_folder(),
            carry: self.carry.clone(),
        }
    }

    /// Rayon asks a consumer whether it is full before each piece of work splits or folds:
    /// here that checks the carried token first, and a halted one unwinds. Without it, the
    /// pieces that a halt's unwind left waiting went on splitting: rayon waits for the other
    /// half of a `join` whose first half unwound, a piece that a worker steals splits again
    /// (as many ways as there are workers), and each piece halted only after its first item,
    /// so on a long range (`(1..u64::MAX).into_par_iter().map(f).count()`) the halted pieces
    /// made new ones as fast as they ended, and the job never did (`panic_fuse` was the
    /// workaround).
    fn full(&self) -> bool {
        self.carry.check();
        self.base.full()
    }
}

impl<T, C: UnindexedConsumer<T>> UnindexedConsumer<T> for CarriedConsumer<C> {
    fn split_off_left(&self) -> Self {
        self.with(self.base.split_off_left())
    }

    fn to_reducer(&self) -> Self::Reducer {
        self.base.to_reducer()
    }
}

struct CarriedFolder<F> {
    base: F,
    carry: Carry,
}

impl<T, F: Folder<T>> Folder<T> for CarriedFolder<F> {
    type Result = F::Result;

    fn consume(self, item: T) -> Self {
        let _entered = self.carry.enter();
        check();
        CarriedFolder {
            base: self.base.consume(item),
            carry: self.carry.clone(),
        }
    }

    fn consume_iter<I: IntoIterator<Item = T>>(self, iter: I) -> Self {
        let _entered = self.carry.enter();
        let iter = Checked::new(iter.into_iter(), self.carry.site, 0);
        CarriedFolder {
            base: self.base.consume_iter(iter),
            carry: self.carry.clone(),
        }
    }

    fn complete(self) -> F::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}
