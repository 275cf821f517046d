//! A `for` whose body makes a type of its own, or declares an item, that must exist once: a
//! closure whose value outlives the iteration (kept in a local declared before the loop), a
//! `static` counter, a `thread_local!`, an `impl` for a type declared outside the loop. A loop
//! written in two copies (a copy as written for a run that fits in one chunk, and a chunked
//! one) would make two closure types where the local takes one (error E0308), two statics
//! that count apart, and two conflicting impls (error E0119). Each case must compile and give
//! the same values as without the macro, on runs short and long enough to take either copy.
//!
//! (A trybuild case rather than a `twins!` in the suite: if it does not compile, only this test
//! fails, instead of the whole suite.)

include!("support/twins.rs");

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

pub trait Named {
    fn name(&self) -> &'static str;
}

twins! {
    /// The last item's closure, kept past the loop.
    pub fn last_adder(v: &[u32]) -> u32 {
        let mut adder = None;
        for x in v.iter() {
            let bits = x.count_ones();
            adder = Some(move |z: u32| z + bits);
        }
        adder.map_or(0, |f| f(1))
    }

    /// Every closure the loop makes, in a `Vec` declared before it.
    pub fn all_scalers(v: &[u32]) -> u64 {
        let mut scalers = Vec::new();
        for &x in v {
            let k = u64::from(x.leading_zeros());
            scalers.push(move |z: u64| z * k);
        }
        scalers.iter().map(|f| f(3)).sum()
    }

    /// A counter declared in the loop's body: one `static` for every run of the loop.
    pub fn counted(v: &[u32]) -> usize {
        let mut last = 0;
        for _ in v.iter() {
            static SEEN: AtomicUsize = AtomicUsize::new(0);
            last = SEEN.fetch_add(1, Ordering::Relaxed) + 1;
        }
        last
    }

    /// A thread-local declared in the loop's body.
    pub fn counted_here(v: &[u32]) -> u64 {
        let mut last = 0;
        for &x in v.iter() {
            thread_local! {
                static TOTAL: Cell<u64> = const { Cell::new(0) };
            }
            last = TOTAL.with(|t| {
                t.set(t.get() + u64::from(x));
                t.get()
            });
        }
        last
    }

    /// An `impl` for a type declared outside the loop.
    pub fn named(v: &[u32]) -> usize {
        struct Unit;
        let mut letters = 0;
        for _ in v.iter() {
            impl Named for Unit {
                fn name(&self) -> &'static str {
                    "unit"
                }
            }
            letters += Unit.name().len();
        }
        letters
    }
}

fn main() {
    let short = vec![1u32, 3, 7];
    let long: Vec<u32> = (0..100_000u32).collect();
    for v in [&short, &long, &short] {
        assert_eq!(plain::last_adder(v), haltable::last_adder(v));
        assert_eq!(plain::all_scalers(v), haltable::all_scalers(v));
        assert_eq!(plain::named(v), haltable::named(v));
    }
    // The statics count every run of their own copy of the fn: the same totals, run by run.
    for v in [&short, &long, &short, &long] {
        assert_eq!(plain::counted(v), haltable::counted(v));
        assert_eq!(plain::counted_here(v), haltable::counted_here(v));
    }
}
