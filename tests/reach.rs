//! How far a halt reaches: one test per code shape, each a `#[haltable]` fn written the way
//! people write Rust, run as a job that would go on for ever (or for hours) unless halted.
//!
//! Each test starts the job, waits until it has clearly started its long-running part, halts
//! it, and expects it to end with `HaltReason::Requested` within [`HALT_BOUND`]: a shape whose
//! work no check reaches fails (its thread is leaked and spins on) instead of hanging the run.
//!
//! Progress: where the shape's hot code already makes calls, it bumps a counter now and then
//! and the test waits for a few bumps; where the hot code is pure arithmetic, a counter would
//! change the shape, so the job bumps it once just before the hot code starts and the test
//! halts it [`SETTLE`] later.

// These shapes run infinite (or astronomically long) iterators and loops on purpose.
#![allow(clippy::infinite_iter, clippy::maybe_infinite_iter)]

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use threadmgr::{HaltReason, JobError, haltable};

/// An odd 64-bit multiplier: `n.wrapping_mul(K)` is a bijection, zero only at `n == 0`, and
/// below 16 only at `n` of at least 3.1e18.
const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// How long a halted job may take to end before its test fails.
const HALT_BOUND: Duration = Duration::from_secs(20);

/// How long after its hot code started a job is halted.
const SETTLE: Duration = Duration::from_millis(100);

/// Runs `body(progress)` as a job, waits until it has counted `at_least` in `progress`, lets
/// it run [`SETTLE`] more, halts it, and expects it to end halted within [`HALT_BOUND`].
fn halts<T, F>(at_least: u64, body: F)
where
    T: Send + std::fmt::Debug + 'static,
    F: FnOnce(&'static AtomicU64) -> T + Send + 'static,
{
    let progress: &'static AtomicU64 = Box::leak(Box::new(AtomicU64::new(0)));
    let job = threadmgr::spawn(move || body(progress));
    let start = Instant::now();
    while progress.load(Relaxed) < at_least {
        assert!(
            !job.is_finished(),
            "the job ended before it made progress: {:?}",
            job.join()
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the job made no progress"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    std::thread::sleep(SETTLE);
    assert!(
        !job.is_finished(),
        "the job ended before it was halted: {:?}",
        job.join()
    );
    job.halt();
    match job.join_timeout(HALT_BOUND) {
        Ok(result) => assert!(
            matches!(result, Err(JobError::Halted(HaltReason::Requested))),
            "the halted job ended with {result:?}"
        ),
        // The job's thread is leaked: it spins on.
        Err(_job) => panic!("the job did not stop within {HALT_BOUND:?} of its halt"),
    }
}

/// Says that the job's hot code starts now.
fn started(progress: &AtomicU64) {
    progress.fetch_add(1, Relaxed);
}

/// A rayon pool of two threads, local to one test.
fn pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("a rayon pool")
}

// ---------------------------------------------------------------------------------------------
// Iterator chains whose closures are pure arithmetic.
// ---------------------------------------------------------------------------------------------

#[haltable]
fn map_filter_take_while_count(stop: u64) -> usize {
    (0u64..)
        .map(|x| x.wrapping_mul(K))
        .filter(|x| x % 7 == 1)
        .take_while(|x| *x != stop)
        .count()
}

#[test]
fn range_from_map_filter_take_while_count() {
    // 7 never passes the filter, so the take_while never stops.
    halts(1, |p| {
        started(p);
        map_filter_take_while_count(7)
    });
}

/// A chain stored in a local, then searched through the local (`find` borrows it): the local
/// is probed where the search takes it.
#[haltable]
fn stored_chain_searched(stop: u64) -> (Option<u64>, Option<u64>) {
    let mut hashes = (1u64..).map(|x| x.wrapping_mul(K) >> 3);
    let found = hashes.find(|&h| h == stop);
    (found, hashes.next())
}

#[test]
fn a_chain_stored_in_a_local_and_searched() {
    // `K` is odd: `x * K >> 3` is never `u64::MAX`.
    halts(1, |p| {
        started(p);
        stored_chain_searched(u64::MAX)
    });
}

/// A chain over a range without an end stored in a local and counted (`count` takes it by
/// value); its closure is arithmetic, with no check of its own.
#[haltable]
fn stored_chain_counted(start: u64) -> usize {
    let steps = (start..).step_by(2).filter(|x| x % 2 == 0);
    steps.count()
}

#[test]
fn a_chain_stored_in_a_local_and_counted() {
    // Steps of 2 from 1 stay odd: the filter passes nothing, for 2^63 items.
    halts(1, |p| {
        started(p);
        stored_chain_counted(1)
    });
}

/// A helper that takes an iterator and sums it: the caller passes a chain it stored, which it
/// does not wrap (a call's argument that is a local is passed as it is), and the helper's
/// `sum` runs the chain's loop on its parameter.
#[haltable]
fn sum_of(values: impl Iterator<Item = u64>) -> u64 {
    values.sum()
}

#[haltable]
fn stored_chain_passed_to_a_helper() -> u64 {
    let hashes = (1u64..).map(|x| x.wrapping_mul(K) >> 60);
    sum_of(hashes)
}

#[test]
fn a_chain_passed_to_a_helper_that_sums_its_parameter() {
    halts(1, |p| {
        started(p);
        stored_chain_passed_to_a_helper()
    });
}

/// A generic helper that searches its parameter (`mut it: I`, `I: Iterator`).
#[haltable]
fn first_over<I>(mut it: I, limit: u64) -> Option<u64>
where
    I: Iterator<Item = u64>,
{
    it.find(|&x| x > limit)
}

#[test]
fn a_generic_helper_that_searches_its_parameter() {
    halts(1, |p| {
        started(p);
        first_over((1u64..).map(|x| x.wrapping_mul(K) >> 8), u64::MAX)
    });
}

/// A helper that takes the iterator by `&mut` and counts the items equal to one it is given:
/// the call reborrows the parameter, and `filter`'s `next` skips inside std's code.
#[haltable]
fn count_of(it: &mut impl Iterator<Item = u64>, wanted: u64) -> usize {
    it.filter(|x| *x == wanted).count()
}

#[haltable]
fn stored_chain_lent_to_a_helper() -> usize {
    let mut hashes = (1u64..).map(|x| x.wrapping_mul(K) | 1);
    count_of(&mut hashes, 0)
}

#[test]
fn a_chain_lent_to_a_helper_that_filters_its_mut_parameter() {
    halts(1, |p| {
        started(p);
        stored_chain_lent_to_a_helper()
    });
}

/// The same through a trait object, `&mut dyn Iterator`.
#[haltable]
fn count_in(it: &mut dyn Iterator<Item = u64>, wanted: u64) -> usize {
    it.filter(|x| *x == wanted).count()
}

#[test]
fn a_dyn_iterator_parameter_filtered() {
    halts(1, |p| {
        started(p);
        let mut hashes = (1u64..).map(|x| x.wrapping_mul(K) | 1);
        count_in(&mut hashes, 0)
    });
}

/// `step_by` over a range without an end: each step is one `nth` of the checked range, which
/// adds to its start and counts one item (a step a billion long is no slower to halt).
#[haltable]
fn range_from_stepped_filter_count(step: usize) -> usize {
    (0u64..)
        .step_by(step)
        .map(|x| x.wrapping_mul(K))
        .filter(|x| x % 7 == 9)
        .count()
}

#[test]
fn range_from_step_by_filter_count() {
    for step in [1, 1 << 30] {
        halts(1, move |p| {
            started(p);
            range_from_stepped_filter_count(step)
        });
    }
}

/// `step_by` of a range with an end too long to run out: the range stepped as a plain one,
/// folded and searched a chunk at a time.
#[haltable]
fn range_stepped_fold(step: usize) -> u64 {
    (0..u64::MAX)
        .step_by(step)
        .map(|x| x.wrapping_mul(K))
        .fold(0, |a, x| a ^ x)
}

#[haltable]
fn range_stepped_any(step: usize) -> bool {
    (1..=u64::MAX).step_by(step).any(|x| x.wrapping_mul(K) == 0)
}

/// A range searched from the back, too long to run out.
#[haltable]
fn range_rev_position() -> Option<usize> {
    (0..u64::MAX).rev().position(|x| x.wrapping_mul(K) == 0)
}

/// Two ranges zipped, too long to run out.
#[haltable]
fn ranges_zipped_any() -> bool {
    (0..u64::MAX)
        .zip(1..u64::MAX)
        .any(|(x, y)| x.wrapping_mul(K) == y)
}

/// A range collected into a `Vec` that stays almost empty, too long to run out: a `Vec`
/// collects a chunk at a time (the `let`'s type, or the turbofish), any other type item by
/// item; each is checked between chunks.
#[haltable]
fn range_collected(into: u8) -> usize {
    match into {
        0 => {
            let kept: Vec<u64> = (0..=u64::MAX).filter(|x| x.wrapping_mul(K) < 2).collect();
            kept.len()
        }
        1 => (1..u64::MAX)
            .map(|x| x.wrapping_mul(K))
            .filter(|h| h.leading_zeros() > 62)
            .collect::<Vec<_>>()
            .len(),
        _ => {
            let set: std::collections::HashSet<u64> = (0..u64::MAX)
                .filter_map(|x| x.wrapping_mul(K).checked_sub(u64::MAX - 1))
                .collect();
            set.len()
        }
    }
}

#[test]
fn range_collect_into_a_vec_and_a_set() {
    for into in 0..3 {
        halts(1, move |p| {
            started(p);
            range_collected(into)
        });
    }
}

/// `extend` with a chain that keeps almost nothing, too long to run out: a `Vec` by chunks of a
/// range, a `&mut Vec` parameter, a `String` (the checked chain, item by item), a range without
/// an end and `successors` (their sources wrapped, as a consumed chain's are).
#[haltable]
fn extended(into: u8, out: &mut Vec<u64>) -> usize {
    match into {
        0 => {
            let mut kept = Vec::new();
            kept.extend((0..u64::MAX).filter(|x| x.wrapping_mul(K) < 2));
            kept.len()
        }
        1 => {
            out.extend(
                (1..=u64::MAX)
                    .map(|x| x.wrapping_mul(K))
                    .filter(|h| h.leading_zeros() > 62),
            );
            out.len()
        }
        2 => {
            let mut text = String::new();
            text.extend(
                (0..u64::MAX).filter_map(|x| char::from_u32((x.wrapping_mul(K) >> 11) as u32)),
            );
            text.len()
        }
        3 => {
            out.extend((0u64..).filter(|x| x.wrapping_mul(K) == 1));
            out.len()
        }
        _ => {
            out.extend(
                std::iter::successors(Some(1u64), |x| Some(x.wrapping_mul(K))).filter(|x| *x == 0),
            );
            out.len()
        }
    }
}

/// A chain that a call consumes: `Vec::from_iter`, a `HashSet`'s, a fn that takes `impl
/// Iterator` and is not haltable itself (a library's), a generic fn of std's (`Iterator::sum`
/// called as a fn), a method of another type than an iterator (`Vec::splice`'s replacement),
/// and a `String` from a chain over `successors`.
#[haltable]
fn passed_on(to: u8) -> usize {
    match to {
        0 => Vec::from_iter((0..u64::MAX).filter(|x| x.wrapping_mul(K) < 2)).len(),
        1 => std::collections::HashSet::<u64>::from_iter(
            (1..=u64::MAX)
                .map(|x| x.wrapping_mul(K))
                .filter(|h| h.leading_zeros() > 62),
        )
        .len(),
        2 => sum_all(
            (0u64..)
                .map(|x| x.wrapping_mul(K))
                .filter(|h| h.leading_zeros() > 62),
        ) as usize,
        3 => Iterator::sum::<u64>((0..u64::MAX).map(|x| x.wrapping_mul(K) >> 63)) as usize,
        4 => {
            let mut kept = vec![1u64, 2, 3];
            let _ = kept.splice(1..2, (0..u64::MAX).filter(|x| x.wrapping_mul(K) == 1));
            kept.len()
        }
        _ => String::from_iter(
            std::iter::successors(Some(1u64), |x| Some(x.wrapping_mul(K)))
                .filter_map(|x| char::from_u32((x >> 43) as u32))
                .filter(|c| *c == '\0'),
        )
        .len(),
    }
}

/// Sums what it is given, in a loop of its own that no check reaches (not `#[haltable]`).
fn sum_all(items: impl Iterator<Item = u64>) -> u64 {
    items.fold(0, u64::wrapping_add)
}

/// An iterator that another chain's method pulls from, and that skips items for ever inside
/// one `next`: `zip`'s argument, `eq`'s, in a consumed chain and in a `for` loop.
#[haltable]
fn pulled_from(how: u8, words: &[u64]) -> usize {
    match how {
        0 => words
            .iter()
            .zip((0u64..).filter(|x| x.wrapping_mul(K) == 1))
            .count(),
        1 => usize::from(
            words
                .iter()
                .copied()
                .eq((1..u64::MAX).filter(|x| x.wrapping_mul(K) < 2)),
        ),
        _ => {
            let mut n = 0;
            for (w, x) in words
                .iter()
                .zip((0..u64::MAX).map(|x| x.wrapping_mul(K)).filter(|h| *h == 3))
            {
                n += (w ^ x) as usize;
            }
            n
        }
    }
}

#[test]
fn a_skipping_chain_pulled_by_another() {
    for how in 0..3 {
        halts(1, move |p| {
            started(p);
            pulled_from(how, &[1, 2, 3])
        });
    }
}

#[test]
fn a_chain_passed_to_a_call() {
    for to in 0..6 {
        halts(1, move |p| {
            started(p);
            passed_on(to)
        });
    }
}

#[test]
fn extend_with_a_long_chain() {
    for into in 0..5 {
        halts(1, move |p| {
            started(p);
            extended(into, &mut Vec::new())
        });
    }
}

#[test]
fn ranges_zip_any() {
    halts(1, |p| {
        started(p);
        ranges_zipped_any()
    });
}

#[test]
fn range_rev_position_shape() {
    halts(1, |p| {
        started(p);
        range_rev_position()
    });
}

#[test]
fn range_step_by_fold_and_any() {
    for step in [3, 1 << 20] {
        halts(1, move |p| {
            started(p);
            range_stepped_fold(step)
        });
        halts(1, move |p| {
            started(p);
            range_stepped_any(step)
        });
    }
}

/// `take(usize::MAX)` of a range without an end: taken as the range `0..usize::MAX`, which
/// is checked as any range is.
#[haltable]
fn range_from_take_all_filter_count() -> usize {
    (0usize..)
        .take(usize::MAX)
        .map(|x| x.wrapping_mul(K as usize))
        .filter(|x| x % 7 == 9)
        .count()
}

#[test]
fn range_from_take_filter_count() {
    halts(1, |p| {
        started(p);
        range_from_take_all_filter_count()
    });
}

/// A `for` over `take(usize::MAX)` of a range without an end: its chunks are
/// `(a..).take(len)`, checked between.
#[haltable]
fn for_over_range_from_take_all() -> u64 {
    let mut s = 0u64;
    for i in (1u64..).take(usize::MAX) {
        s = s.rotate_left(5) ^ i.wrapping_mul(K);
        if s == 7 {
            break;
        }
    }
    s
}

/// `(a..).take(n)` folded through a fn path and collected by chunks: a range `a..a + n`.
#[haltable]
fn range_from_take_all_fold() -> u64 {
    (3u64..)
        .take(usize::MAX)
        .map(|x| x.wrapping_mul(K) >> 7)
        .fold(0, |a, x| a.rotate_left(3) ^ x)
}

#[haltable]
fn range_from_take_all_collect_len() -> usize {
    // Never fills: its items are kept only while they are small.
    let kept: Vec<u64> = (0u64..)
        .take(usize::MAX)
        .map(|x| x.wrapping_mul(K))
        .filter(|x| *x == 11)
        .collect();
    kept.len()
}

#[test]
fn range_from_take_loop_fold_and_collect() {
    halts(1, |p| {
        started(p);
        for_over_range_from_take_all()
    });
    halts(1, |p| {
        started(p);
        range_from_take_all_fold()
    });
    halts(1, |p| {
        started(p);
        range_from_take_all_collect_len()
    });
}

/// Chains over a range between two bounds whose loop runs through its `try_fold`: taken as a
/// `Flatten` of checked sub-ranges, checked between them.
#[haltable]
fn range_scan_fold(end: u64) -> u64 {
    (0..end)
        .scan(0u64, |acc, i| {
            *acc = acc.wrapping_add(i.wrapping_mul(K));
            Some(*acc)
        })
        .fold(0, |a, x| a ^ x)
}

#[haltable]
fn range_map_any(end: u64) -> bool {
    (0..end).map(|i| i.wrapping_mul(K)).any(|x| x == 5)
}

#[haltable]
fn range_try_fold_between(end: u64) -> Option<u64> {
    (0..end).try_fold(0u64, |acc, i| Some(acc ^ i.wrapping_mul(K)))
}

/// An inclusive range searched: on itself a sub-range at a time, and above an adapter as a
/// `Flatten` of checked inclusive sub-ranges.
#[haltable]
fn inclusive_range_searches(end: u64) -> (Option<usize>, bool) {
    let at = (0..=end).position(|i| i.wrapping_mul(K) == 5);
    let any = (0..=end)
        .map(|i| i.wrapping_mul(K))
        .take_while(|x| *x != 5)
        .any(|x| x == 7);
    (at, any)
}

#[test]
fn range_scan_any_and_try_fold_between_two_bounds() {
    halts(1, |p| {
        started(p);
        inclusive_range_searches(u64::MAX)
    });
    halts(1, |p| {
        started(p);
        range_scan_fold(u64::MAX)
    });
    halts(1, |p| {
        started(p);
        range_map_any(u64::MAX)
    });
    halts(1, |p| {
        started(p);
        range_try_fold_between(u64::MAX)
    });
}

/// The second half of a `chain`, a range that never ends in practice, is checked between
/// sub-ranges as the first is.
#[haltable]
fn chained_ranges_filter_count(head: u64) -> usize {
    (0..head)
        .chain(head..u64::MAX)
        .map(|x| x.wrapping_mul(K))
        .filter(|x| x % 7 == 9)
        .count()
}

#[test]
fn range_chain_range_filter_count() {
    halts(1, |p| {
        started(p);
        chained_ranges_filter_count(3)
    });
}

/// A `zip` with `1..` ends with the other side; here that side is a `cycle()` of a slice, which
/// never ends: the zip is checked as any other iterator without an end.
#[haltable]
fn cycle_zip_range_from_fold(words: &[u64]) -> u64 {
    words
        .iter()
        .cycle()
        .zip(1u64..)
        .map(|(w, i)| w.wrapping_mul(i))
        .fold(0, |acc, x| acc.rotate_left(7) ^ x)
}

/// A user's iterator without an end, as a Halton sequence is, whose `next` calls nothing and
/// has no loop (so it checks nothing of its own).
struct Counter {
    n: u64,
}

impl Iterator for Counter {
    type Item = u64;

    #[haltable]
    fn next(&mut self) -> Option<u64> {
        self.n = self.n.wrapping_add(1);
        Some(self.n)
    }
}

/// A zip of two user's iterators: the first is checked (its items are counted), and the zip
/// is not checked a second time; the first side's chunks still bound it.
#[haltable]
fn user_iterators_zipped() -> bool {
    Counter { n: 0 }
        .zip(Counter { n: 7 })
        .map(|(a, b)| a.wrapping_mul(K) ^ b)
        .any(|x| x == 1)
}

#[test]
fn a_zip_of_two_user_iterators() {
    halts(1, |p| {
        started(p);
        user_iterators_zipped()
    });
}

#[test]
fn slice_cycle_zip_range_from_fold() {
    halts(1, |p| {
        started(p);
        cycle_zip_range_from_fold(&[3, 5, 7, 11])
    });
}

#[haltable]
fn xorshift_bytes(seed: u64) -> usize {
    let mut s = seed;
    std::iter::repeat_with(|| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    })
    .map(|x| x & 0xff)
    .take_while(|&x| x != 256)
    .count()
}

#[test]
fn repeat_with_map_take_while_count() {
    halts(1, |p| {
        started(p);
        xorshift_bytes(0x1234_5678)
    });
}

/// `repeat_n` with a count as long as `usize`: no data held, so no bound but the count.
#[haltable]
fn repeat_n_enumerate_filter_count(x: u64) -> usize {
    std::iter::repeat_n(x, usize::MAX)
        .enumerate()
        .filter(|(i, x)| (*i as u64 ^ x).wrapping_mul(K) == 0)
        .count()
}

#[test]
fn repeat_n_enumerate_filter_count_of_usize_max() {
    halts(1, |p| {
        started(p);
        repeat_n_enumerate_filter_count(1)
    });
}

/// A helper of a library, not annotated, that counts the zeros of what it is given.
fn zeros_in(it: impl Iterator<Item = u64>) -> usize {
    it.filter(|&x| x == 0).count()
}

/// `repeat_with(f).take(n)` passed on: the `take` is probed where the chain is an argument
/// (its source is left for it), and the generator's closure calls nothing, so checks nothing.
#[haltable]
fn generator_taken_and_passed_on(seed: u64) -> usize {
    let mut s = seed;
    zeros_in(
        std::iter::repeat_with(|| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s | 1
        })
        .take(usize::MAX),
    )
}

#[test]
fn repeat_with_take_passed_to_a_library_helper() {
    halts(1, |p| {
        started(p);
        generator_taken_and_passed_on(0x1234_5678)
    });
}

/// A flattening of `repeat(x).take(n)`s, each as long as `usize`: each inner `Take` is probed.
#[haltable]
#[expect(
    clippy::manual_repeat_n,
    reason = "the shape written before `repeat_n`, which this tests"
)]
fn flattened_repeats(values: &[u64]) -> usize {
    values
        .iter()
        .flat_map(|&v| std::iter::repeat(v).take(usize::MAX))
        .filter(|&x| x == 0)
        .count()
}

#[test]
fn flat_map_of_long_repeat_takes() {
    halts(1, |p| {
        started(p);
        flattened_repeats(&[1, 2, 3])
    });
}

#[haltable]
fn successors_filter_count() -> usize {
    std::iter::successors(Some(0u64), |&x| x.checked_add(1))
        .filter(|x| x % 3 == 7)
        .count()
}

#[test]
fn successors_filter_count_shape() {
    halts(1, |p| {
        started(p);
        successors_filter_count()
    });
}

#[haltable]
fn cycle_take_fold(words: &[u64]) -> u64 {
    words
        .iter()
        .cycle()
        .take(usize::MAX)
        .fold(0, |a, &w| a.rotate_left(5) ^ w)
}

#[test]
fn slice_cycle_take_fold() {
    halts(1, |p| {
        let words: Vec<u64> = (1..=64).map(|n: u64| n.wrapping_mul(K)).collect();
        started(p);
        cycle_take_fold(&words)
    });
}

#[haltable]
fn find_unknown_base() -> Option<usize> {
    "ACGT".chars().cycle().position(|c| c == 'N')
}

#[test]
fn chars_cycle_position() {
    halts(1, |p| {
        started(p);
        find_unknown_base()
    });
}

#[haltable]
fn range_for_each() -> u64 {
    let mut acc = 0u64;
    (1..u64::MAX).for_each(|n| acc ^= n.wrapping_mul(K));
    acc
}

#[test]
fn range_for_each_shape() {
    halts(1, |p| {
        started(p);
        range_for_each()
    });
}

#[haltable]
fn range_any() -> bool {
    (1..u64::MAX).any(|n| n.wrapping_mul(K) == 0)
}

#[test]
fn range_any_shape() {
    halts(1, |p| {
        started(p);
        range_any()
    });
}

#[haltable]
fn range_all() -> bool {
    (1..u64::MAX).all(|n| n.wrapping_mul(K) != 0)
}

#[test]
fn range_all_shape() {
    halts(1, |p| {
        started(p);
        range_all()
    });
}

#[haltable]
fn range_from_find() -> Option<u64> {
    (1u64..).find(|n| n.wrapping_mul(K) == 0)
}

#[test]
fn range_from_find_shape() {
    halts(1, |p| {
        started(p);
        range_from_find()
    });
}

#[haltable]
fn range_position() -> Option<usize> {
    (1..u64::MAX).position(|n| n.wrapping_mul(K) == 0)
}

#[test]
fn range_position_shape() {
    halts(1, |p| {
        started(p);
        range_position()
    });
}

#[haltable]
fn range_max_by_key() -> Option<u64> {
    (1..u64::MAX).max_by_key(|n| n.wrapping_mul(K))
}

#[test]
fn range_max_by_key_shape() {
    halts(1, |p| {
        started(p);
        range_max_by_key()
    });
}

#[haltable]
fn range_sum() -> u64 {
    (1..u64::MAX).map(|n| n.wrapping_mul(K) >> 63).sum::<u64>()
}

#[test]
fn range_map_sum() {
    halts(1, |p| {
        started(p);
        range_sum()
    });
}

#[haltable]
fn range_last() -> Option<u64> {
    (0u64..).map(|n| n.wrapping_mul(K)).last()
}

#[test]
fn range_from_map_last() {
    halts(1, |p| {
        started(p);
        range_last()
    });
}

#[haltable]
fn range_try_fold() -> Option<u64> {
    (0u64..).try_fold(0u64, |acc, n| acc.checked_add(n & 1))
}

#[test]
fn range_from_try_fold() {
    halts(1, |p| {
        started(p);
        range_try_fold()
    });
}

#[haltable]
fn max_fraction(end: u64) -> f64 {
    (1..end)
        .map(|n| n as f64)
        .map(f64::sqrt)
        .map(f64::fract)
        .fold(0.0, f64::max)
}

#[test]
fn map_by_fn_paths_fold_by_fn_path() {
    halts(1, |p| {
        started(p);
        max_fraction(u64::MAX)
    });
}

#[haltable]
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[haltable]
fn count_small_hashes() -> usize {
    (0u64..).map(splitmix).filter(|h| h >> 60 == 0).count()
}

#[test]
fn map_by_name_of_a_call_free_haltable_fn() {
    halts(1, |p| {
        started(p);
        count_small_hashes()
    });
}

#[haltable]
fn last_tiny_product() -> u64 {
    let mut last = 0;
    for n in (1u64..).filter(|n| n.wrapping_mul(K).leading_zeros() >= 60) {
        last = n;
    }
    last
}

#[test]
fn for_over_a_filter_that_never_yields() {
    halts(1, |p| {
        started(p);
        last_tiny_product()
    });
}

// ---------------------------------------------------------------------------------------------
// Recursion through methods named like core's methods.
// ---------------------------------------------------------------------------------------------

/// A node of a DAG whose two children are the same node: `depth` nodes, 2^depth paths.
struct Node {
    kids: Option<(Rc<Node>, Rc<Node>)>,
}

impl Node {
    /// The number of nodes of the tree that the DAG unfolds to.
    #[haltable]
    fn len(&self) -> u64 {
        match &self.kids {
            None => 1,
            Some((l, r)) => 1 + l.len() + r.len(),
        }
    }
}

fn shared_dag(depth: u32) -> Rc<Node> {
    let mut node = Rc::new(Node { kids: None });
    for _ in 0..depth {
        node = Rc::new(Node {
            kids: Some((Rc::clone(&node), node)),
        });
    }
    node
}

#[test]
fn recursion_through_a_method_named_len() {
    halts(1, |p| {
        let dag = shared_dag(70);
        started(p);
        dag.len()
    });
}

/// Library code, not instrumented: calls `visit` on each child, as a tree library's visitor
/// does. A recursion through it ends here, in code with no check.
fn each_child(node: &Node, visit: fn(&Node)) {
    if let Some((l, r)) = &node.kids {
        visit(l);
        visit(r);
    }
}

/// Forwards to the library with itself as the callback: the recursion's branch is in the
/// library, so this fn must check although it does nothing but one call (a rule that let fns
/// that only forward go unchecked failed this test).
#[haltable]
fn visit_all(node: &Node) {
    each_child(node, visit_all)
}

#[test]
fn recursion_through_library_code_that_calls_a_fn_given_by_its_path() {
    halts(1, |p| {
        let dag = shared_dag(70);
        started(p);
        visit_all(&dag)
    });
}

/// A tree whose equality is written by hand, as its children's: `==` on the `Vec` of children
/// calls this `eq` on each pair, so the recursion goes through an operator and a library loop,
/// and the body has no call, loop or macro of its own.
struct Tree {
    kids: Vec<Rc<Tree>>,
}

#[haltable]
impl PartialEq for Tree {
    fn eq(&self, other: &Self) -> bool {
        self.kids == other.kids
    }
}

/// A tree of `depth` levels, each node's two children the same shared node: it unfolds to
/// 2^depth paths.
fn shared_tree(depth: u32) -> Rc<Tree> {
    let mut node = Rc::new(Tree { kids: Vec::new() });
    for _ in 0..depth {
        node = Rc::new(Tree {
            kids: vec![Rc::clone(&node), node],
        });
    }
    node
}

#[test]
fn recursion_through_an_operator_whose_impl_only_uses_operators() {
    halts(1, |p| {
        let (a, b) = (shared_tree(70), shared_tree(70));
        started(p);
        a == b
    });
}

/// A user's method on a primitive: its name is not one of the type's own, so it is user code.
trait Branch {
    fn branch(self, depth: u32) -> u64;
}

impl Branch for u64 {
    #[haltable]
    fn branch(self, depth: u32) -> u64 {
        walk(self, depth)
    }
}

/// Recursion through a method called on a value the macro knows is a `u64` (a parameter, and
/// core's `wrapping_mul` on it): the call of `branch` counts as a call, as any name not of the
/// type's own methods does, so `walk` checks on entry (2^64 calls in all).
#[haltable]
fn walk(n: u64, depth: u32) -> u64 {
    if depth == 0 {
        n
    } else {
        n.wrapping_mul(K).branch(depth - 1) ^ n.rotate_left(7).branch(depth - 1)
    }
}

#[test]
fn recursion_through_a_users_method_on_a_primitive() {
    halts(1, |p| {
        started(p);
        walk(3, 64)
    });
}

/// A user's method named as one of `u64`'s, on a shared tree, and not instrumented: only
/// `ones` can check.
trait Ones {
    fn count_ones(self) -> u32;
}

impl Ones for &Tree {
    fn count_ones(self) -> u32 {
        self.kids
            .iter()
            .map(|kid| ones(0, kid).wrapping_add(1))
            .fold(1, u32::wrapping_add)
    }
}

/// Recursion through a name bound twice: `n` is a `u64` parameter, then a `&Tree`. At the call
/// the binding in scope is the tree, so `count_ones` is the user's method, and a call.
#[haltable]
fn ones(n: u64, tree: &Tree) -> u32 {
    let skip = n.rotate_left(3) == 1;
    let n = tree;
    if skip { 0 } else { n.count_ones() }
}

#[test]
fn recursion_through_a_method_on_a_name_bound_again() {
    halts(1, |p| {
        let tree = shared_tree(70);
        started(p);
        ones(3, &tree)
    });
}

/// A parameter's field of a user's type, with a user's method named as one of `u64`'s that
/// calls back, not instrumented: the compiler is asked whether `link.tree` is a primitive, says
/// no, and `linked` checks on entry.
struct Link<'a> {
    tree: &'a Tree,
    salt: u64,
}

trait Leading {
    fn leading_zeros(self) -> u32;
}

impl Leading for &Tree {
    fn leading_zeros(self) -> u32 {
        self.kids
            .iter()
            .map(|kid| linked(Link { tree: kid, salt: 1 }))
            .fold(0, u32::wrapping_add)
    }
}

#[haltable]
fn linked(link: Link<'_>) -> u32 {
    link.tree.leading_zeros().wrapping_add(link.salt as u32)
}

#[test]
fn recursion_through_a_method_on_a_parameters_field() {
    halts(1, |p| {
        let tree = shared_tree(70);
        started(p);
        linked(Link {
            tree: &tree,
            salt: 0,
        })
    });
}

#[derive(Clone, Copy)]
struct Board {
    cells: u64,
}

#[haltable]
impl Board {
    fn max(self, depth: u32) -> i64 {
        if depth == 0 {
            return (self.cells % 201) as i64 - 100;
        }
        let mut best = i64::MIN;
        for m in 0..8u64 {
            let child = Board {
                cells: self.cells.rotate_left(3) ^ m.wrapping_mul(K),
            };
            let score = child.min(depth - 1);
            if score > best {
                best = score;
            }
        }
        best
    }

    fn min(self, depth: u32) -> i64 {
        if depth == 0 {
            return (self.cells % 201) as i64 - 100;
        }
        let mut best = i64::MAX;
        for m in 0..8u64 {
            let child = Board {
                cells: self.cells.rotate_right(7) ^ m.wrapping_mul(K),
            };
            let score = child.max(depth - 1);
            if score < best {
                best = score;
            }
        }
        best
    }
}

#[test]
fn minimax_through_methods_named_max_and_min() {
    halts(1, |p| {
        started(p);
        Board { cells: 12345 }.max(40)
    });
}

// ---------------------------------------------------------------------------------------------
// Rayon.
// ---------------------------------------------------------------------------------------------

#[haltable]
fn par_count_tiny_hashes(pool: &rayon::ThreadPool) -> usize {
    pool.install(|| {
        (0..u64::MAX)
            .into_par_iter()
            .map(|n| n.wrapping_mul(K))
            .filter(|h| h.leading_zeros() > 60)
            .count()
    })
}

#[test]
fn rayon_install_par_iter_map_filter_count() {
    halts(1, |p| {
        let pool = pool();
        started(p);
        par_count_tiny_hashes(&pool)
    });
}

#[haltable]
fn simulate(seed: u64) -> u64 {
    let mut x = seed | 1;
    for _ in 0..1u64 << 50 {
        x = (x ^ (x >> 29)).wrapping_mul(K);
    }
    x >> 40
}

#[haltable]
fn par_simulations(pool: &rayon::ThreadPool) -> u64 {
    pool.install(|| (0..64u64).into_par_iter().map(simulate).sum::<u64>())
}

#[test]
fn rayon_par_iter_map_by_name_of_a_haltable_fn() {
    halts(1, |p| {
        let pool = pool();
        started(p);
        par_simulations(&pool)
    });
}

#[haltable]
fn par_join(pool: &rayon::ThreadPool) -> (u64, u64) {
    pool.install(|| {
        rayon::join(
            || {
                let mut x = 1u64;
                for i in 0..u64::MAX {
                    x = x.rotate_left(7) ^ i;
                }
                x
            },
            || {
                let mut y = 3u64;
                for i in 0..u64::MAX {
                    y = y.wrapping_mul(K) ^ i;
                }
                y
            },
        )
    })
}

#[test]
fn rayon_join_of_two_long_loops() {
    halts(1, |p| {
        let pool = pool();
        started(p);
        par_join(&pool)
    });
}

#[haltable]
fn par_count_on_the_global_pool() -> usize {
    (1..u64::MAX)
        .into_par_iter()
        .map(|n| n.wrapping_mul(K))
        .filter(|h| h.leading_zeros() > 60)
        .count()
}

#[test]
fn rayon_par_iter_of_a_long_range_on_the_global_pool() {
    halts(1, |p| {
        started(p);
        par_count_on_the_global_pool()
    });
}

#[haltable]
fn par_fold_reduce_of_a_long_range() -> u64 {
    (0..u64::MAX)
        .into_par_iter()
        .fold(|| 0u64, |a, x| a ^ x.wrapping_mul(K))
        .reduce(|| 0, |a, b| a ^ b)
}

#[test]
fn rayon_fold_and_reduce_of_a_long_range() {
    halts(1, |p| {
        started(p);
        par_fold_reduce_of_a_long_range()
    });
}

#[haltable]
fn par_find_any_never_found() -> Option<u64> {
    (1..u64::MAX)
        .into_par_iter()
        .find_any(|x| x.wrapping_mul(K) == 7)
}

#[test]
fn rayon_find_any_over_a_long_range() {
    halts(1, |p| {
        started(p);
        par_find_any_never_found()
    });
}

#[haltable]
fn par_zip_enumerate_of_long_ranges() -> usize {
    (0..usize::MAX)
        .into_par_iter()
        .zip(0..usize::MAX)
        .enumerate()
        .filter(|(i, (a, b))| (i ^ a ^ b).wrapping_mul(K as usize) < 3)
        .count()
}

#[test]
fn rayon_zip_and_enumerate_of_long_ranges() {
    halts(1, |p| {
        started(p);
        par_zip_enumerate_of_long_ranges()
    });
}

#[haltable]
fn par_flat_map_iter_of_ranges() -> usize {
    (0..u64::MAX)
        .into_par_iter()
        .flat_map_iter(|i| (0..i).map(move |j| i ^ j))
        .filter(|x| x.wrapping_mul(K) < 5)
        .count()
}

#[test]
fn rayon_flat_map_iter_of_ranges() {
    halts(1, |p| {
        started(p);
        par_flat_map_iter_of_ranges()
    });
}

#[haltable]
fn par_sort_with_a_slow_comparator(v: &mut [u64], rounds: u64) {
    v.par_sort_by(|a, b| {
        let mut x = *a | 1;
        for _ in 0..rounds {
            x = (x ^ (x >> 29)).wrapping_mul(K);
        }
        (x ^ a).cmp(&(x ^ b))
    });
}

#[test]
fn rayon_par_sort_by_a_comparator_that_captures() {
    halts(1, |p| {
        let mut v: Vec<u64> = (0..4096).rev().collect();
        started(p);
        par_sort_with_a_slow_comparator(&mut v, 1 << 40)
    });
}

#[haltable]
fn par_chain_of_an_endless_range(seeds: &[u64]) -> usize {
    seeds
        .par_iter()
        .copied()
        .chain(1..u64::MAX)
        .map(|n| n.wrapping_mul(K))
        .filter(|h| h.leading_zeros() > 60)
        .count()
}

#[test]
fn rayon_chain_of_a_range_on_the_global_pool() {
    halts(1, |p| {
        let seeds: Vec<u64> = (0..64).collect();
        started(p);
        par_chain_of_an_endless_range(&seeds)
    });
}

#[haltable]
fn churn(seed: u64) -> u64 {
    let mut x = seed | 1;
    for _ in 0..1u64 << 50 {
        x = (x ^ (x >> 31)).wrapping_mul(K);
    }
    x
}

#[haltable]
fn par_churn(pool: &rayon::ThreadPool, sink: &AtomicU64) {
    let seeds: Vec<u64> = (0..64).collect();
    pool.install(|| {
        seeds.par_iter().for_each(|&s| {
            sink.fetch_xor(churn(s), Relaxed);
        })
    });
}

#[test]
fn rayon_par_iter_for_each_closure_calling_a_haltable_fn() {
    halts(1, |p| {
        let pool = pool();
        let sink = AtomicU64::new(0);
        started(p);
        par_churn(&pool, &sink)
    });
}

// ---------------------------------------------------------------------------------------------
// Items and macros declared inside a haltable body.
// ---------------------------------------------------------------------------------------------

#[haltable]
fn with_an_inner_fn(seed: u64) -> u64 {
    fn spin(mut x: u64) -> u64 {
        while x != 0 {
            x = (x ^ (x >> 7)).wrapping_mul(K);
        }
        x
    }
    spin(seed | 1)
}

#[test]
fn fn_item_declared_inside_the_body() {
    halts(1, |p| {
        started(p);
        with_an_inner_fn(99)
    });
}

#[haltable]
fn with_a_local_macro(seed: u64) -> u64 {
    macro_rules! spin {
        ($x:expr) => {{
            let mut x: u64 = $x;
            while x != 0 {
                x = (x ^ (x >> 7)).wrapping_mul(K);
            }
            x
        }};
    }
    spin!(seed | 1)
}

#[test]
fn macro_rules_declared_inside_the_body() {
    halts(1, |p| {
        started(p);
        with_a_local_macro(99)
    });
}

// ---------------------------------------------------------------------------------------------
// Scoped threads.
// ---------------------------------------------------------------------------------------------

#[haltable]
fn scoped_work(seed: u64, progress: &AtomicU64) -> u64 {
    let mut x = seed | 1;
    for i in 0u64.. {
        x = (x ^ (x >> 29)).wrapping_mul(K);
        if i.is_multiple_of(65_536) {
            progress.fetch_add(1, Relaxed);
        }
    }
    x
}

#[haltable]
fn scoped_pair_joined(progress: &AtomicU64) -> u64 {
    std::thread::scope(|s| {
        let a = s.spawn(|| scoped_work(1, progress));
        let b = s.spawn(|| scoped_work(2, progress));
        a.join().unwrap() ^ b.join().unwrap()
    })
}

#[test]
fn thread_scope_two_threads_joined_and_unwrapped() {
    halts(8, scoped_pair_joined);
}

/// A user's type whose `map`, named as `Option`'s, runs the closure on a scoped thread: the
/// compiler answers that it is not core's `Option`, so the closure enters its creator's token
/// and is halted there.
struct Elsewhere(u64);

impl Elsewhere {
    fn map(self, f: impl FnOnce(u64) -> u64 + Send) -> u64 {
        std::thread::scope(|s| s.spawn(move || f(self.0)).join().unwrap())
    }
}

#[haltable]
fn mapped_elsewhere(e: Elsewhere, progress: &'static AtomicU64) -> u64 {
    e.map(|seed| scoped_work(seed, progress))
}

#[test]
fn a_closure_given_to_a_method_named_as_options_runs_elsewhere() {
    halts(4, |p| mapped_elsewhere(Elsewhere(5), p));
}

/// A user's type with a by-value method named as the integers' (`wrapping_add`): a closure
/// whose parameter is one is asked about by value, the compiler answers that it is no
/// primitive, and the closure keeps its check, so a library loop that calls it forever halts.
#[derive(Clone, Copy)]
struct Mixer(u64);

impl Mixer {
    fn wrapping_add(self, k: u64) -> u64 {
        (self.0 ^ k).wrapping_mul(K) | 1
    }
}

/// Calls `f` forever, as a library would: not instrumented.
fn drive(mut f: impl FnMut(Mixer) -> u64, progress: &AtomicU64) -> u64 {
    let mut x = 1u64;
    let mut i = 0u64;
    loop {
        x = f(Mixer(x));
        i += 1;
        if i.is_multiple_of(65_536) {
            progress.fetch_add(1, Relaxed);
        }
        if x == 0 {
            return i;
        }
    }
}

#[haltable]
fn driven_by_a_library(progress: &'static AtomicU64) -> u64 {
    drive(|m| m.wrapping_add(7), progress)
}

#[test]
fn a_closure_whose_parameter_has_a_method_named_as_a_primitives_in_a_library_loop() {
    halts(4, driven_by_a_library);
}

#[haltable]
fn scoped_pair_implicitly_joined(progress: &AtomicU64) {
    std::thread::scope(|s| {
        s.spawn(|| scoped_work(3, progress));
        s.spawn(|| scoped_work(4, progress));
    });
}

#[test]
fn thread_scope_two_threads_joined_by_the_scope() {
    halts(8, scoped_pair_implicitly_joined);
}

/// Where `spin_handed` counts: set once by the test that runs it, read by closures that
/// capture nothing.
static SPAWNED_PROGRESS: std::sync::OnceLock<&'static AtomicU64> = std::sync::OnceLock::new();
static SCOPED_PROGRESS: std::sync::OnceLock<&'static AtomicU64> = std::sync::OnceLock::new();

#[haltable]
fn spin_handed(seed: u64, progress: &'static std::sync::OnceLock<&'static AtomicU64>) -> u64 {
    scoped_work(seed, progress.get().expect("set by the test"))
}

#[haltable]
fn spawned_with_a_closure_that_captures_nothing(progress: &'static AtomicU64) -> u64 {
    SPAWNED_PROGRESS.set(progress).expect("set once");
    std::thread::spawn(|| spin_handed(5, &SPAWNED_PROGRESS))
        .join()
        .unwrap()
}

#[test]
fn thread_spawn_of_a_closure_that_captures_nothing_joined() {
    halts(4, spawned_with_a_closure_that_captures_nothing);
}

#[haltable]
fn scoped_with_closures_that_capture_nothing(progress: &'static AtomicU64) -> u64 {
    SCOPED_PROGRESS.set(progress).expect("set once");
    std::thread::scope(|s| {
        let a = s.spawn(|| spin_handed(6, &SCOPED_PROGRESS));
        let b = s.spawn(|| spin_handed(7, &SCOPED_PROGRESS));
        a.join().unwrap() ^ b.join().unwrap()
    })
}

#[test]
fn thread_scope_of_closures_that_capture_nothing() {
    halts(8, scoped_with_closures_that_capture_nothing);
}

// ---------------------------------------------------------------------------------------------
// Plain loops.
// ---------------------------------------------------------------------------------------------

#[haltable]
fn bare_loop(seed: u64) -> u64 {
    let mut x = seed;
    let mut y = 1u64;
    loop {
        x = x.wrapping_mul(K).wrapping_add(y);
        y ^= x >> 17;
    }
}

#[test]
fn loop_with_arithmetic() {
    halts(1, |p| {
        started(p);
        bare_loop(5)
    });
}

#[haltable]
fn while_nonzero(seed: u64) -> u64 {
    let mut x = seed | 1;
    let mut steps = 0u64;
    while x != 0 {
        x = (x ^ (x >> 7)).wrapping_mul(K);
        steps = steps.wrapping_add(1);
    }
    steps
}

#[test]
fn while_whose_condition_never_fails() {
    halts(1, |p| {
        started(p);
        while_nonzero(7)
    });
}

#[haltable]
fn depth_first(progress: &AtomicU64) -> u64 {
    let mut stack = vec![1u64];
    let mut visited = 0u64;
    while let Some(x) = stack.pop() {
        visited += 1;
        if visited.is_multiple_of(65_536) {
            progress.fetch_add(1, Relaxed);
        }
        let next = x.wrapping_mul(K);
        stack.push(next);
        if stack.len() < 64 {
            stack.push(next ^ 1);
        }
    }
    visited
}

#[test]
fn while_let_pop_with_pushes() {
    halts(3, depth_first);
}

#[haltable]
fn cycle_by_index(values: &[u64]) -> u64 {
    let mut acc = 0u64;
    for i in 0usize.. {
        acc = acc.rotate_left(1) ^ values[i % values.len()];
    }
    acc
}

#[test]
fn for_over_a_vec_cycled_by_index() {
    halts(1, |p| {
        let values: Vec<u64> = (0..1000).collect();
        started(p);
        cycle_by_index(&values)
    });
}

#[haltable]
fn labeled_nested(seed: u64) -> u64 {
    let mut x = seed;
    let mut rounds = 0u64;
    'outer: loop {
        rounds = rounds.wrapping_add(1);
        for j in 0..1000u64 {
            x = x.wrapping_mul(K) ^ j;
            if x == 0 {
                break 'outer;
            }
            if x & 0xffff == 0 {
                continue 'outer;
            }
        }
    }
    rounds
}

#[test]
fn labeled_nested_loops() {
    halts(1, |p| {
        started(p);
        labeled_nested(3)
    });
}

enum State {
    Scan(u64),
    Mix(u64, u32),
    Emit(u64),
    Done(u64),
}

#[haltable]
fn state_machine(seed: u64) -> u64 {
    let mut state = State::Scan(seed | 1);
    loop {
        state = match state {
            State::Scan(x) if x & 3 == 0 => State::Emit(x),
            State::Scan(x) => State::Mix(x, 0),
            State::Mix(x, n) if n < 5 => State::Mix(x.wrapping_mul(K) ^ (x >> 9), n + 1),
            State::Mix(x, _) => State::Scan(x),
            State::Emit(x) if x == 0 => State::Done(x),
            State::Emit(x) => State::Scan(x.rotate_left(11) | 1),
            State::Done(x) => return x,
        }
    }
}

#[test]
fn loop_match_state_machine() {
    halts(1, |p| {
        started(p);
        state_machine(11)
    });
}

// ---------------------------------------------------------------------------------------------
// Closures and generic, dynamic and trait calls.
// ---------------------------------------------------------------------------------------------

#[haltable]
#[allow(clippy::redundant_closure_call)]
fn closure_called_at_once(seed: u64) -> u64 {
    (|| {
        let mut x = seed | 1;
        loop {
            x = (x ^ (x >> 7)).wrapping_mul(K);
            if x == 0 {
                break x;
            }
        }
    })()
}

#[test]
fn closure_called_where_it_is_written() {
    halts(1, |p| {
        started(p);
        closure_called_at_once(1)
    });
}

#[haltable]
fn stored_closure_in_a_loop(seed: u64) -> u64 {
    let step = |x: u64| (x ^ (x >> 7)).wrapping_mul(K);
    let mut x = seed | 1;
    while x != 0 {
        x = step(x);
    }
    x
}

#[test]
fn closure_in_a_variable_called_in_a_loop() {
    halts(1, |p| {
        started(p);
        stored_closure_in_a_loop(1)
    });
}

/// A local closure (bound by a `let`, only called) that captures and pushes: a flood fill over
/// an endless grid, which the closure grows as it visits.
#[haltable]
fn flood_with_a_local_closure(width: usize) -> usize {
    let mut seen = std::collections::HashSet::new();
    let mut work = vec![0usize];
    let mut visited = 0usize;
    while let Some(cell) = work.pop() {
        visited += 1;
        let mut visit = |next: usize| {
            if seen.insert(next) {
                work.push(next);
            }
        };
        visit(cell + 1);
        visit(cell + width);
    }
    visited
}

#[test]
fn local_closure_pushing_to_a_work_list() {
    halts(1, |p| {
        started(p);
        flood_with_a_local_closure(7)
    });
}

/// Recursion through a local closure: each call of the fn calls the closure twice, which calls
/// the fn one level down (2^64 calls in all).
#[haltable]
fn paths_through_a_local_closure(depth: u32, salt: u64) -> u64 {
    if depth == 0 {
        return salt;
    }
    let mut total = 0u64;
    let mut down = |s: u64| total = total.wrapping_add(paths_through_a_local_closure(depth - 1, s));
    down(salt.wrapping_mul(K));
    down(salt ^ 1);
    total
}

#[test]
fn recursion_through_a_local_closure() {
    halts(1, |p| {
        started(p);
        paths_through_a_local_closure(64, 1)
    });
}

/// Recursion through closures called where they are written: each call of the fn runs two,
/// each of which calls the fn one level down (2^64 calls in all).
#[haltable]
#[allow(clippy::redundant_closure_call)]
fn paths_through_closures_called_at_once(depth: u32, salt: u64) -> u64 {
    if depth == 0 {
        return salt;
    }
    let left = (|s: u64| paths_through_closures_called_at_once(depth - 1, s))(salt ^ 1);
    let right = (move || paths_through_closures_called_at_once(depth - 1, salt.wrapping_mul(K)))();
    left.wrapping_add(right)
}

#[test]
fn recursion_through_closures_called_at_once() {
    halts(1, |p| {
        started(p);
        paths_through_closures_called_at_once(64, 1)
    });
}

/// A local closure whose own loop runs for ever.
#[haltable]
fn local_closure_with_an_endless_loop(seed: u64) -> u64 {
    let spin = |mut x: u64| {
        while x != 0 {
            x = (x ^ (x >> 7)).wrapping_mul(K);
        }
        x
    };
    spin(seed | 1) + spin(seed)
}

#[test]
fn local_closure_looping_for_ever() {
    halts(1, |p| {
        started(p);
        local_closure_with_an_endless_loop(3)
    });
}

#[haltable]
fn boxed_fn_in_a_loop(seed: u64) -> u64 {
    let step: Box<dyn Fn(u64) -> u64> = Box::new(|x| (x ^ (x >> 7)).wrapping_mul(K));
    let mut x = seed | 1;
    while x != 0 {
        x = step(x);
    }
    x
}

#[test]
fn box_dyn_fn_called_in_a_loop() {
    halts(1, |p| {
        started(p);
        boxed_fn_in_a_loop(1)
    });
}

#[haltable]
fn run<F: FnMut() -> bool>(mut f: F) -> u64 {
    let mut tries = 0u64;
    while !f() {
        tries = tries.wrapping_add(1);
    }
    tries
}

#[haltable]
fn run_until_zero(seed: u64) -> u64 {
    let mut x = seed | 1;
    run(|| {
        x = (x ^ (x >> 7)).wrapping_mul(K);
        x == 0
    })
}

#[test]
fn generic_fn_looping_until_its_closure_says_stop() {
    halts(1, |p| {
        started(p);
        run_until_zero(1)
    });
}

trait Walk {
    fn walk(&self, depth: u32) -> u64;
}

struct Fanout {
    width: u64,
}

#[haltable]
impl Walk for Fanout {
    fn walk(&self, depth: u32) -> u64 {
        if depth == 0 {
            return 1;
        }
        let me: &dyn Walk = self;
        let mut total = 0u64;
        for _ in 0..self.width {
            total = total.wrapping_add(me.walk(depth - 1));
        }
        total
    }
}

#[test]
fn trait_object_method_recursing() {
    halts(1, |p| {
        let tree: Box<dyn Walk + Send> = Box::new(Fanout { width: 4 });
        started(p);
        tree.walk(40)
    });
}

/// An endless linear congruential generator.
struct Lcg(u64);

impl Iterator for Lcg {
    type Item = u64;

    #[haltable]
    fn next(&mut self) -> Option<u64> {
        self.0 = self.0.wrapping_mul(K).wrapping_add(1);
        Some(self.0 >> 63)
    }
}

#[haltable]
fn sum_of_lcg() -> u64 {
    Lcg(1).sum()
}

#[test]
fn user_iterator_with_haltable_next_summed() {
    halts(1, |p| {
        started(p);
        sum_of_lcg()
    });
}

#[haltable]
fn by_ref_then_rest() -> (u64, usize) {
    let mut it = 1..u64::MAX;
    let head: u64 = it.by_ref().take(10).sum();
    let rest = it.by_ref().filter(|n| n.wrapping_mul(K) == 0).count();
    (head, rest)
}

#[test]
fn iterator_by_ref() {
    halts(1, |p| {
        started(p);
        by_ref_then_rest()
    });
}

#[haltable]
fn peekable_descents() -> u64 {
    let mut it = (0u64..).map(|x| x.wrapping_mul(K)).peekable();
    let mut descents = 0u64;
    while let Some(x) = it.next() {
        if it.peek().is_some_and(|&next| next < x) {
            descents += 1;
        }
    }
    descents
}

#[test]
fn peekable_loop() {
    halts(1, |p| {
        started(p);
        peekable_descents()
    });
}

#[haltable]
fn reverse_scan(genome: &str) -> Option<usize> {
    genome.chars().rev().cycle().position(|c| c == 'N')
}

#[test]
fn chars_rev_cycle_over_a_huge_string() {
    halts(1, |p| {
        let genome = "ACGT".repeat(1 << 20);
        started(p);
        reverse_scan(&genome)
    });
}

#[haltable]
fn hashmap_churn(progress: &AtomicU64) -> usize {
    let mut map = HashMap::new();
    let mut k = 1u64;
    for round in 0u64.. {
        k = k.wrapping_mul(K).wrapping_add(1);
        map.insert(k % 4096, round);
        map.remove(&(k.rotate_left(17) % 4096));
        if round.is_multiple_of(65_536) {
            progress.fetch_add(1, Relaxed);
        }
    }
    map.len()
}

#[test]
fn hashmap_insert_remove_churn() {
    halts(3, hashmap_churn);
}

#[haltable]
fn btreemap_churn(progress: &AtomicU64) -> usize {
    let mut map = BTreeMap::new();
    let mut k = 1u64;
    let mut round = 0u64;
    loop {
        k = k.wrapping_mul(K).wrapping_add(1);
        map.insert(k % 4096, round);
        if let Some((&first, _)) = map.first_key_value() {
            map.remove(&first);
        }
        round += 1;
        if round.is_multiple_of(65_536) {
            progress.fetch_add(1, Relaxed);
        }
        if map.len() > 10_000 {
            break map.len();
        }
    }
}

#[test]
fn btreemap_insert_remove_churn() {
    halts(3, btreemap_churn);
}

#[haltable]
fn work_list(progress: &AtomicU64) -> u64 {
    let mut work: Vec<u64> = Vec::new();
    let mut acc = 0u64;
    let mut rounds = 0u64;
    loop {
        for i in 0..8 {
            work.push(acc ^ i);
        }
        while let Some(item) = work.pop() {
            acc = acc.wrapping_mul(K) ^ item;
        }
        rounds += 1;
        if rounds.is_multiple_of(65_536) {
            progress.fetch_add(1, Relaxed);
        }
        if acc == u64::MAX {
            break acc;
        }
    }
}

#[test]
fn vec_push_pop_work_list() {
    halts(3, work_list);
}

#[haltable]
fn from_fn_count(seed: u64) -> usize {
    let mut x = seed | 1;
    std::iter::from_fn(|| {
        x = (x ^ (x >> 7)).wrapping_mul(K);
        Some(x)
    })
    .filter(|x| *x == 0)
    .count()
}

#[test]
fn iter_from_fn() {
    halts(1, |p| {
        started(p);
        from_fn_count(1)
    });
}

#[haltable]
fn step_by_count() -> usize {
    (0u64..)
        .step_by(3)
        .filter(|n| n.wrapping_mul(K) < 16)
        .count()
}

#[test]
fn range_from_step_by() {
    halts(1, |p| {
        started(p);
        step_by_count()
    });
}

#[haltable]
fn zipped_ranges() -> usize {
    (0u64..)
        .zip(1u64..)
        .filter(|&(a, b)| a.wrapping_mul(b) == u64::MAX)
        .count()
}

#[test]
fn zip_of_two_infinite_ranges() {
    halts(1, |p| {
        started(p);
        zipped_ranges()
    });
}

#[haltable]
fn flat_mapped() -> usize {
    (0u64..)
        .flat_map(|i| (0..i % 64).map(move |j| i ^ j))
        .filter(|x| x.wrapping_mul(K) < 16)
        .count()
}

#[test]
fn flat_map_over_an_infinite_outer() {
    halts(1, |p| {
        started(p);
        flat_mapped()
    });
}

// The chain a `flat_map` closure returns is wrapped at its source: the flattening is then
// checked inside each inner iterator, however long or endless, over a finite outer one.
#[haltable]
fn flat_mapped_endless_inner() -> usize {
    (0u64..4)
        .flat_map(|i| (i..).map(move |j| j ^ i))
        .filter(|x| x.wrapping_mul(K) < 16)
        .count()
}

#[haltable]
fn flat_mapped_long_inner() -> u64 {
    (0u64..4)
        .flat_map(|i| (0..u64::MAX).map(move |j| (j ^ i).wrapping_mul(K) >> 60))
        .sum()
}

#[test]
fn flat_map_of_an_endless_or_long_inner_range() {
    halts(1, |p| {
        started(p);
        flat_mapped_endless_inner()
    });
    halts(1, |p| {
        started(p);
        flat_mapped_long_inner()
    });
}

#[haltable]
fn scanned() -> Option<usize> {
    (1u64..)
        .scan(1u64, |state, n| {
            *state = state.wrapping_mul(K) ^ n;
            Some(*state)
        })
        .position(|x| x == u64::MAX)
}

#[test]
fn scan_position() {
    halts(1, |p| {
        started(p);
        scanned()
    });
}

#[haltable]
#[allow(clippy::skip_while_next)]
fn skipped() -> Option<u64> {
    (1u64..).skip_while(|n| n.wrapping_mul(K) != 0).next()
}

#[test]
fn skip_while_that_never_finishes() {
    halts(1, |p| {
        started(p);
        skipped()
    });
}

#[haltable]
fn chained() -> bool {
    (1u64..)
        .chain(1u64..)
        .map(|x| x.wrapping_mul(K))
        .any(|x| x == 0)
}

#[test]
fn chain_of_two_infinite_ranges() {
    halts(1, |p| {
        started(p);
        chained()
    });
}

#[haltable]
fn windowed(data: &[u64]) -> u64 {
    let buffer = data.repeat(16);
    let mut acc = 0u64;
    loop {
        for w in buffer.windows(4) {
            acc = acc.rotate_left(3) ^ w[0] ^ w[3];
        }
        if acc == u64::MAX {
            break acc;
        }
    }
}

#[test]
fn windows_over_a_repeated_slice_inside_a_loop() {
    halts(1, |p| {
        let data: Vec<u64> = (0..4096).collect();
        started(p);
        windowed(&data)
    });
}

#[haltable]
fn sort_forever(progress: &AtomicU64) -> u64 {
    let mut v: Vec<u64> = (0..200_000).collect();
    loop {
        for x in v.iter_mut() {
            *x = x.wrapping_mul(K);
        }
        v.sort();
        progress.fetch_add(1, Relaxed);
        if v[0] == u64::MAX {
            break v[0];
        }
    }
}

#[test]
fn sort_of_a_large_vec_repeated_in_a_loop() {
    halts(2, sort_forever);
}

#[haltable]
fn grid_paths(rows: u32, cols: u32) -> u64 {
    if rows == 0 || cols == 0 {
        1
    } else {
        grid_paths(rows - 1, cols).wrapping_add(grid_paths(rows, cols - 1))
    }
}

#[test]
fn recursion_with_two_calls_of_different_arguments() {
    // C(80, 40), about 1e23 calls, 80 deep.
    halts(1, |p| {
        started(p);
        grid_paths(40, 40)
    });
}

#[haltable]
fn even_walk(n: u64, depth: u32) -> u64 {
    if depth == 0 {
        n & 1
    } else {
        odd_walk(n.wrapping_mul(2), depth - 1).wrapping_add(odd_walk(n ^ 1, depth - 1))
    }
}

#[haltable]
fn odd_walk(n: u64, depth: u32) -> u64 {
    if depth == 0 {
        n & 1
    } else {
        even_walk(n.wrapping_add(3), depth - 1).wrapping_add(even_walk(n >> 1, depth - 1))
    }
}

#[test]
fn mutual_recursion_between_two_free_fns() {
    halts(1, |p| {
        started(p);
        even_walk(1, 64)
    });
}

/// A `return` under a `cfg` that is off comes first: the recursion after it is still checked
/// (the macro cannot tell whether the `return` is compiled, so it does not count it).
#[haltable]
fn walk_after_a_removed_return(n: u64, depth: u32) -> u64 {
    #[cfg(not(test))]
    return n;
    if depth == 0 {
        n & 1
    } else {
        walk_after_a_removed_return(n.wrapping_mul(3), depth - 1)
            .wrapping_add(walk_after_a_removed_return(n ^ 5, depth - 1))
    }
}

#[test]
fn recursion_after_a_return_that_cfg_removes() {
    halts(1, |p| {
        started(p);
        walk_after_a_removed_return(1, 64)
    });
}

/// A call under a `cfg` that is off comes first: its check goes with it, and the recursion after
/// it gets its own.
#[haltable]
fn walk_after_a_removed_call(n: u64, depth: u32) -> u64 {
    #[cfg(not(test))]
    std::hint::black_box(n);
    if depth == 0 {
        n & 1
    } else {
        walk_after_a_removed_call(n.wrapping_mul(3), depth - 1)
            .wrapping_add(walk_after_a_removed_call(n ^ 5, depth - 1))
    }
}

#[test]
fn recursion_after_a_call_that_cfg_removes() {
    halts(1, |p| {
        started(p);
        walk_after_a_removed_call(1, 64)
    });
}

#[haltable]
fn tree_walk(n: u64, depth: u32) -> u64 {
    if depth == 0 {
        n & 1
    } else {
        forward_walk(n.wrapping_mul(3), depth - 1).wrapping_add(forward_walk(n ^ 5, depth - 1))
    }
}

/// Only forwards (one call, cheap arguments).
#[haltable]
fn forward_walk(n: u64, depth: u32) -> u64 {
    tree_walk(n + 1, depth)
}

#[test]
fn recursion_through_a_fn_that_only_forwards() {
    halts(1, |p| {
        started(p);
        tree_walk(1, 64)
    });
}

struct Recur<'a> {
    f: &'a dyn Fn(&Recur, u32) -> u64,
}

#[haltable]
fn recurse_through_a_field(depth: u32) -> u64 {
    let rec = Recur {
        f: &|r: &Recur, d: u32| {
            if d == 0 {
                1
            } else {
                (r.f)(r, d - 1).wrapping_add((r.f)(r, d - 1))
            }
        },
    };
    (rec.f)(&rec, depth)
}

#[test]
fn recursion_through_a_closure_in_a_struct_field() {
    halts(1, |p| {
        started(p);
        recurse_through_a_field(64)
    });
}

// ---------------------------------------------------------------------------------------------
// Closures coerced to `fn` pointers (see also tests/coercions.rs).
// ---------------------------------------------------------------------------------------------

/// Applies `step` to `x` until it gives zero.
#[haltable]
fn iterate(step: fn(u64) -> u64, mut x: u64) -> u64 {
    let mut steps = 0u64;
    while x != 0 {
        x = step(x);
        steps = steps.wrapping_add(1);
    }
    steps
}

#[haltable]
fn endless_closure_as_fn_pointer(seed: u64) -> u64 {
    let spin: fn(u64) -> u64 = |mut x| {
        let mut rounds = 0u64;
        while x != 0 {
            x = (x ^ (x >> 7)).wrapping_mul(K);
            rounds = rounds.wrapping_add(1);
        }
        rounds
    };
    spin(seed | 1)
}

#[test]
fn looping_closure_in_a_let_of_fn_type() {
    halts(1, |p| {
        started(p);
        endless_closure_as_fn_pointer(5)
    });
}

#[haltable]
fn fn_pointer_parameter_in_a_loop(seed: u64) -> u64 {
    iterate(|x| (x ^ (x >> 7)).wrapping_mul(K), seed | 1)
}

#[test]
fn closure_passed_straight_to_a_fn_pointer_parameter_called_in_a_loop() {
    halts(1, |p| {
        started(p);
        fn_pointer_parameter_in_a_loop(5)
    });
}

/// Probes of this round's rules by a review (closures called at once, `async fn`s, names bound
/// again, core's `Option`/`Result` of a primitive, `?`).
#[allow(
    clippy::redundant_closure_call,
    clippy::infinite_iter,
    clippy::non_minimal_cfg
)]
#[path = "reach/review.rs"]
mod review;

#[path = "reach/review_asked.rs"]
mod review_asked;

// ---------------------------------------------------------------------------------------------
// An innermost `for` that calls and may exit early (counted: a check every few iterations).
// ---------------------------------------------------------------------------------------------

/// Not instrumented: stands for a library call the body makes per item.
fn classify(n: u64) -> u64 {
    std::hint::black_box(n).wrapping_mul(K) >> 60
}

#[haltable]
fn scan_until_a_class_that_never_comes(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut seen = 0;
    for n in 1u64.. {
        if classify(n) == 16 {
            break;
        }
        seen += 1;
    }
    seen
}

#[test]
fn for_that_calls_and_breaks() {
    halts(1, scan_until_a_class_that_never_comes);
}

#[haltable]
fn parse_until_an_error_that_never_comes(progress: &AtomicU64) -> Result<u64, String> {
    started(progress);
    let mut total = 0u64;
    for word in std::iter::repeat("12345") {
        let n: u64 = word.parse().map_err(|e| format!("{word}: {e}"))?;
        total = total.wrapping_add(n);
    }
    Ok(total)
}

#[test]
fn for_that_calls_and_may_return_an_error() {
    halts(1, parse_until_an_error_that_never_comes);
}

// ---------------------------------------------------------------------------------------------
// `len` on a field behind a reference, of a type that is no std collection: still a call.
// ---------------------------------------------------------------------------------------------

struct Wrap {
    inner: Layer,
}

struct Layer {
    depth: u32,
}

impl Layer {
    /// Not instrumented: a user's `len` that calls back into `Wrap::len`, twice per level.
    fn len(&self) -> u64 {
        if self.depth == 0 {
            return 1;
        }
        let next = Wrap {
            inner: Layer {
                depth: self.depth - 1,
            },
        };
        next.len() + next.len()
    }
}

impl Wrap {
    /// Its only call is `len` on a field behind `&self`: asked, and `Layer` is no collection,
    /// so it checks. Nothing else in the recursion does.
    #[haltable]
    fn len(&self) -> u64 {
        self.inner.len()
    }
}

#[haltable]
fn count_layers(progress: &AtomicU64) -> u64 {
    started(progress);
    Wrap {
        inner: Layer { depth: 62 },
    }
    .len()
}

#[test]
fn recursion_through_len_on_a_field_that_is_no_collection() {
    halts(1, count_layers);
}

// ---------------------------------------------------------------------------------------------
// `for` over inclusive and reversed ranges of integers, split into sub-ranges of their own type.
// ---------------------------------------------------------------------------------------------

#[haltable]
fn for_over_an_inclusive_range(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut acc = 0u64;
    for n in 0..=u64::MAX {
        acc = acc.rotate_left(5) ^ n.wrapping_mul(K);
    }
    acc
}

#[test]
fn for_over_an_inclusive_range_shape() {
    halts(1, for_over_an_inclusive_range);
}

#[haltable]
fn for_over_a_reversed_range(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut acc = 0u64;
    for n in (0..u64::MAX).rev() {
        acc = acc.rotate_left(5) ^ n.wrapping_mul(K);
    }
    acc
}

#[test]
fn for_over_a_reversed_range_shape() {
    halts(1, for_over_a_reversed_range);
}

#[haltable]
fn for_over_a_reversed_inclusive_range(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut acc = 0u64;
    for n in (i64::MIN..=i64::MAX).rev() {
        acc = acc.rotate_left(5) ^ (n as u64).wrapping_mul(K);
    }
    acc
}

#[test]
fn for_over_a_reversed_inclusive_range_shape() {
    halts(1, for_over_a_reversed_inclusive_range);
}

/// The outer loop is not innermost: one chunked copy, over inclusive sub-ranges.
#[haltable]
fn nested_fors_over_inclusive_and_reversed_ranges(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut acc = 0u64;
    for i in 1..=u64::MAX {
        for j in (0..=i % 8).rev() {
            acc = acc.rotate_left(3) ^ i.wrapping_mul(K) ^ j;
        }
    }
    acc
}

#[test]
fn nested_fors_over_inclusive_and_reversed_ranges_shape() {
    halts(1, nested_fors_over_inclusive_and_reversed_ranges);
}

/// `step_by` over a range whose receiver is checked: each step is one `nth`, which adds to the
/// range's start.
#[haltable]
fn for_over_a_range_stepped(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut acc = 0u64;
    for n in (0..=u64::MAX).step_by(3) {
        acc = acc.rotate_left(5) ^ n.wrapping_mul(K);
    }
    acc
}

#[test]
fn for_over_a_range_stepped_shape() {
    halts(1, for_over_a_range_stepped);
}

// A `for` over a flattening: its chunks count every item the flattening yields, so an inner
// chain that passes on what it pulls is left as written; one that may skip is wrapped, and so
// is every inner chain under an adapter that may skip before the `for` gets the items.
#[haltable]
fn for_over_a_flattening_of_long_ranges(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut s = 0u64;
    for (i, j) in (0u64..4).flat_map(|i| (0..u64::MAX).map(move |j| (i, j))) {
        s = s.wrapping_add((i ^ j).wrapping_mul(K) >> 60);
    }
    s
}

#[haltable]
fn for_over_a_flattening_of_endless_filters(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut s = 0u64;
    for x in (0u64..4).flat_map(|i| (i..).filter(|j| j.wrapping_mul(K) < 16)) {
        s ^= x;
    }
    s
}

#[haltable]
fn for_over_a_filtered_flattening(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut s = 0u64;
    for x in (0u64..4)
        .flat_map(|i| (0..u64::MAX).map(move |j| i ^ j))
        .filter(|x| x.wrapping_mul(K) < 16)
    {
        s ^= x;
    }
    s
}

#[haltable]
fn for_over_a_flattening_of_empty_ranges(progress: &AtomicU64) -> u64 {
    started(progress);
    let mut s = 0u64;
    for x in (0u64..).flat_map(|i| (i..i).map(move |j| i ^ j)) {
        s ^= x;
    }
    s
}

// The same collected into a `Vec` (of `()`, which allocates nothing however long it gets): the
// checked wrapper of the flattening counts what `collect` pulls from it.
#[haltable]
fn collected_flattening_of_long_ranges(progress: &AtomicU64) -> Vec<()> {
    started(progress);
    (0u64..4)
        .flat_map(|i| (0..u64::MAX).map(move |j| i ^ j))
        .map(|_| ())
        .collect()
}

#[haltable]
fn collected_flattening_of_endless_ranges(progress: &AtomicU64) -> usize {
    started(progress);
    let units: Vec<()> = (0u64..4)
        .flat_map(|i| (i..).map(move |j| j ^ i))
        .map(|_| ())
        .collect();
    units.len()
}

// The range a counted flattening steps through is counted down (a check every 16 of its items):
// inner ranges that are all empty, over ranges with and without an end, inclusive or not.
#[haltable]
fn collected_flattening_of_empty_ranges(progress: &AtomicU64) -> Vec<u64> {
    started(progress);
    (0u64..=u64::MAX)
        .flat_map(|i| (i..i).map(move |j| i ^ j))
        .collect()
}

#[haltable]
fn collected_flattening_of_endless_empty_ranges(progress: &AtomicU64) -> usize {
    started(progress);
    let v: Vec<u64> = (1u64..).flat_map(|i| (i..=0).map(move |j| i ^ j)).collect();
    v.len()
}

#[test]
fn for_over_flattenings() {
    halts(1, for_over_a_flattening_of_long_ranges);
    halts(1, for_over_a_flattening_of_endless_filters);
    halts(1, for_over_a_filtered_flattening);
    halts(1, for_over_a_flattening_of_empty_ranges);
}

#[test]
fn flattenings_collected_into_a_vec() {
    halts(1, collected_flattening_of_long_ranges);
    halts(1, collected_flattening_of_endless_ranges);
    halts(1, collected_flattening_of_empty_ranges);
    halts(1, collected_flattening_of_endless_empty_ranges);
}
