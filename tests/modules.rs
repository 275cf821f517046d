//! `#[haltable]` on an inline module: every fn, `impl` and `trait` in it is instrumented, calls
//! to the module's fns (and an inherent impl's methods) that run in bounded time need no check,
//! and the module's loops and recursions still stop when their job is halted.
//!
//! `both!` writes the module twice, plain and under `#[haltable]`, so that each test can
//! compare the two copies' results.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

#[path = "support/progress.rs"]
mod progress;
use progress::{counted, halts_while_running};

macro_rules! both {
    ($($item:item)*) => {
        mod plain {
            #![allow(dead_code)]
            use super::*;
            $($item)*
        }

        #[threadmgr::haltable]
        mod instrumented {
            #![allow(dead_code)]
            use super::*;
            $($item)*
        }
    };
}

both! {
    /// Bounded: arithmetic only.
    pub fn mix(a: u64, b: u64) -> u64 {
        (a ^ b).rotate_left(27).wrapping_mul(0x9FB2_1C65_1E98_DF25)
    }

    /// Bounded: calls only bounded fns of the module.
    pub fn hash(a: u64, b: u64) -> u64 {
        let h = mix(a, b);
        let h = self::mix(h, a);
        h ^ (h >> 29)
    }

    /// A loop whose body calls only bounded fns: chunked.
    pub fn hash_all(progress: &AtomicU64, n: u64) -> u64 {
        let mut h = 0;
        for i in counted(progress, 0..n) {
            h = hash(h, i);
        }
        h
    }

    /// A recursion: checked on every call that recurses.
    pub fn tree(depth: u32, progress: &AtomicU64) -> u64 {
        if depth == 0 {
            progress.fetch_add(1, Relaxed);
            1
        } else {
            tree(depth - 1, progress) + hash(tree(depth - 1, progress), 1) % 2
        }
    }

    pub struct Walker {
        pub seed: u64,
    }

    impl Walker {
        /// Bounded: calls a bounded fn of the module.
        fn step(&self, h: u64, i: u64) -> u64 {
            hash(h ^ self.seed, i)
        }

        /// A `while` loop in a method of the module, calling the module's fns and the impl's
        /// bounded methods.
        pub fn walk(&self, progress: &AtomicU64, n: u64) -> u64 {
            let (mut h, mut i) = (self.seed, 0);
            while i < n {
                h = self.step(h, i);
                h = Self::step(self, h, i);
                if i % 1024 == 0 {
                    progress.fetch_add(1024, Relaxed);
                }
                i += 1;
            }
            h
        }
    }
}

#[test]
fn the_instrumented_module_computes_what_the_plain_one_does() {
    let progress = AtomicU64::new(0);
    for n in [0, 1, 4095, 4096, 4097, 100_000] {
        assert_eq!(
            plain::hash_all(&progress, n),
            instrumented::hash_all(&progress, n)
        );
        let walker = (plain::Walker { seed: n }, instrumented::Walker { seed: n });
        assert_eq!(walker.0.walk(&progress, n), walker.1.walk(&progress, n));
    }
    for depth in [0, 1, 5, 12] {
        assert_eq!(
            plain::tree(depth, &progress),
            instrumented::tree(depth, &progress)
        );
    }
    // Inside a job that is never halted, too.
    let job = threadmgr::spawn(|| {
        let progress = AtomicU64::new(0);
        (
            instrumented::hash_all(&progress, 10_000),
            instrumented::tree(10, &progress),
        )
    });
    let progress = AtomicU64::new(0);
    assert_eq!(
        job.join().unwrap(),
        (
            plain::hash_all(&progress, 10_000),
            plain::tree(10, &progress)
        )
    );
}

#[test]
fn a_loop_that_calls_only_bounded_fns_halts() {
    halts_while_running(|progress| instrumented::hash_all(progress, u64::MAX));
}

#[test]
fn a_recursion_in_a_module_halts() {
    // 2^60 leaves: it never ends on its own.
    halts_while_running(|progress| instrumented::tree(60, progress));
}

#[test]
fn a_method_of_an_impl_in_a_module_halts() {
    halts_while_running(|progress| instrumented::Walker { seed: 7 }.walk(progress, u64::MAX));
}
