//! `#[haltable]` loops: every loop kind stops when its job is halted mid-loop, and computes what
//! the same loop without the attribute computes.
//!
//! Each fn is written once by `twins!`, which compiles it plain and with `#[haltable]`. Each
//! loop reports its progress through an [`AtomicU64`]: a test halts the job only once the loop
//! has clearly been running, so it is the loop's own checks that stop it. A chunked loop's body
//! must stay cheap (no calls), so it reports through its iterator (`progress::counted`) instead.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

#[macro_use]
#[path = "support/twins.rs"]
mod twins;

#[path = "support/progress.rs"]
mod progress;
use progress::{counted, halts_while_running};

/// Runs `f(progress, u64::MAX)` in a job and halts it mid-loop (see [`halts_while_running`]).
fn halts_mid_loop<T: Send + std::fmt::Debug + 'static>(f: fn(&AtomicU64, u64) -> T) {
    halts_while_running(move |progress| f(progress, u64::MAX));
}

/// Checks that the twins compute the same result and advance `progress` as often, for each
/// limit, outside any job and inside a job that is never halted.
fn same<T: PartialEq + std::fmt::Debug + Send + 'static>(
    plain: fn(&AtomicU64, u64) -> T,
    haltable: fn(&AtomicU64, u64) -> T,
) {
    // Around the chunk size (4096), where the chunked form changes chunks.
    for limit in [0, 1, 2, 100, 4095, 4096, 4097, 8191, 8192, 8193, 20_000] {
        let run = move |f: fn(&AtomicU64, u64) -> T| {
            let progress = AtomicU64::new(0);
            let result = f(&progress, limit);
            (result, progress.into_inner())
        };
        let expected = run(plain);
        assert_eq!(run(haltable), expected, "outside a job, limit {limit}");
        let in_job = threadmgr::spawn(move || run(haltable)).join().unwrap();
        assert_eq!(in_job, expected, "in a job, limit {limit}");
    }
}

twins! {
    /// A cheap body: chunked.
    fn chunked_for(progress: &AtomicU64, limit: u64) -> u64 {
        let mut acc = 0u64;
        for x in counted(progress, 0..limit) {
            acc ^= (x << 7) ^ (x >> 3);
        }
        acc
    }
}

twins! {
    /// A body with a call: checked once per iteration.
    fn per_iteration_for(progress: &AtomicU64, limit: u64) -> u64 {
        let mut acc = 0u64;
        for x in 0..limit {
            progress.fetch_add(1, Relaxed);
            acc ^= x;
        }
        acc
    }
}

twins! {
    fn while_loop(progress: &AtomicU64, limit: u64) -> u64 {
        let mut acc = 0u64;
        while progress.fetch_add(1, Relaxed) < limit {
            acc += 1;
        }
        acc
    }
}

twins! {
    // The `while let` form is what this tests.
    #[allow(clippy::while_let_on_iterator)]
    fn while_let(progress: &AtomicU64, limit: u64) -> u64 {
        let mut acc = 0u64;
        let mut values = counted(progress, 0..limit);
        while let Some(x) = values.next() {
            acc ^= x;
        }
        acc
    }
}

twins! {
    /// `loop`, left by `break` with a value.
    fn loop_break_value(progress: &AtomicU64, limit: u64) -> (u64, u64) {
        let mut acc = 0u64;
        let last = loop {
            let x = progress.fetch_add(1, Relaxed);
            if x >= limit {
                break x;
            }
            acc ^= x;
        };
        (acc, last)
    }
}

twins! {
    /// A chunked inner loop (long) in an outer loop checked per iteration.
    fn nested(progress: &AtomicU64, limit: u64) -> u64 {
        let mut acc = 0u64;
        for round in 0..3u64 {
            for x in counted(progress, 0..limit) {
                acc ^= x + round;
            }
        }
        acc
    }
}

twins! {
    /// Many short inner loops in a long outer loop: the outer loop's checks stop it.
    fn nested_short_inner(progress: &AtomicU64, limit: u64) -> u64 {
        let mut acc = 0u64;
        for i in counted(progress, 0..limit) {
            for j in 0..8u64 {
                acc ^= i * 8 + j;
            }
        }
        acc
    }
}

twins! {
    /// A labeled chunked loop with `continue 'outer`, unlabeled `continue` and `break`, and
    /// `break 'outer`.
    fn labeled(progress: &AtomicU64, limit: u64) -> (u64, u64) {
        let mut acc = 0u64;
        let mut skipped = 0u64;
        'outer: for x in counted(progress, 0..limit) {
            if x % 3 == 0 {
                skipped += 1;
                continue 'outer;
            }
            if x % 5 == 0 {
                continue;
            }
            if x == 9_000 {
                break;
            }
            if x == limit / 2 + 7 {
                break 'outer;
            }
            acc ^= x;
        }
        (acc, skipped)
    }
}

twins! {
    /// `break 'search value` out of a chunked loop, to a labeled `loop`.
    fn labeled_break_value(progress: &AtomicU64, limit: u64) -> u64 {
        let target = limit / 3 * 2 + 1;
        let mut rounds = 0u64;
        'search: loop {
            rounds += 1;
            for x in counted(progress, 0..limit) {
                if x == target {
                    break 'search x * 10 + rounds;
                }
            }
            if rounds == 2 {
                break 0;
            }
        }
    }
}

twins! {
    /// A `for` over an iterator expression whose temporaries must live through the loop.
    fn temporaries(progress: &AtomicU64, limit: u64) -> u64 {
        let cell = std::cell::RefCell::new(vec![1u64, 2, 3]);
        let mut acc = 0u64;
        for (i, x) in counted(progress, 0..limit).zip(cell.borrow().iter().cycle()) {
            acc += i * x;
        }
        acc
    }
}

twins! {
    /// A `for` as the tail of a block, over a temporary that borrows a local of the block: as
    /// with a real `for`, the temporary is dropped when the loop ends, before the local.
    fn tail_for(progress: &AtomicU64, limit: u64) {
        let cell = std::cell::RefCell::new(vec![1u64, 2, 3]);
        for (i, x) in counted(progress, 0..limit).zip(cell.borrow().iter().cycle()) {
            progress.fetch_add(i * x % 2, Relaxed);
        }
    }
}

#[test]
fn chunked_for_halts() {
    halts_mid_loop(chunked_for::haltable::chunked_for);
}

#[test]
fn per_iteration_for_halts() {
    halts_mid_loop(per_iteration_for::haltable::per_iteration_for);
}

#[test]
fn while_halts() {
    halts_mid_loop(while_loop::haltable::while_loop);
}

#[test]
fn while_let_halts() {
    halts_mid_loop(while_let::haltable::while_let);
}

#[test]
fn loop_with_break_value_halts() {
    halts_mid_loop(loop_break_value::haltable::loop_break_value);
}

#[test]
fn nested_loops_halt() {
    halts_mid_loop(nested::haltable::nested);
    halts_mid_loop(nested_short_inner::haltable::nested_short_inner);
}

#[test]
fn labeled_loops_halt() {
    // The labels end these loops at `limit / 2`: with `u64::MAX`, only a halt does.
    halts_mid_loop(|progress, _| labeled::haltable::labeled(progress, u64::MAX - 100));
    halts_mid_loop(labeled_break_value::haltable::labeled_break_value);
}

#[test]
fn temporaries_halt() {
    halts_mid_loop(temporaries::haltable::temporaries);
    halts_mid_loop(tail_for::haltable::tail_for);
}

#[test]
fn same_results_as_without_the_attribute() {
    same(
        chunked_for::plain::chunked_for,
        chunked_for::haltable::chunked_for,
    );
    same(
        per_iteration_for::plain::per_iteration_for,
        per_iteration_for::haltable::per_iteration_for,
    );
    same(
        while_loop::plain::while_loop,
        while_loop::haltable::while_loop,
    );
    same(while_let::plain::while_let, while_let::haltable::while_let);
    same(
        loop_break_value::plain::loop_break_value,
        loop_break_value::haltable::loop_break_value,
    );
    same(nested::plain::nested, nested::haltable::nested);
    same(
        nested_short_inner::plain::nested_short_inner,
        nested_short_inner::haltable::nested_short_inner,
    );
    same(labeled::plain::labeled, labeled::haltable::labeled);
    same(
        labeled_break_value::plain::labeled_break_value,
        labeled_break_value::haltable::labeled_break_value,
    );
    same(
        temporaries::plain::temporaries,
        temporaries::haltable::temporaries,
    );
    same(tail_for::plain::tail_for, tail_for::haltable::tail_for);
}

/// A module that declares its own `u32` (as some bindings to C do): the countdown of a `for`
/// that calls and may leave early names no type, so the user's does not get in its way.
mod own_u32 {
    #[allow(non_camel_case_types, dead_code)]
    pub struct u32(pub i64);

    #[threadmgr::haltable]
    pub fn first_big(v: &[u64]) -> Option<usize> {
        for (i, x) in v.iter().enumerate() {
            if std::hint::black_box(*x) > 10 {
                return Some(i);
            }
        }
        None
    }
}

#[test]
fn a_countdown_for_in_a_module_with_its_own_u32() {
    assert_eq!(own_u32::first_big(&[1, 20, 30]), Some(1));
    assert_eq!(own_u32::first_big(&[1]), None);
}
