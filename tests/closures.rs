//! Closures in `#[haltable]` bodies: they keep their meaning and their types (returned
//! `impl Fn`, `move`, `'static`, `Send`), and they run with the token of the fn that created them
//! wherever they are called: on a rayon worker, on another thread.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use threadmgr::{HaltReason, HaltToken, JobError, haltable};

#[macro_use]
#[path = "support/twins.rs"]
mod twins;

fn square(x: u64) -> u64 {
    x * x
}

/// Waits until `progress` passes `at_least`; fails after a generous while.
fn wait_for(progress: &AtomicU64, at_least: u64) {
    let start = Instant::now();
    while progress.load(Relaxed) < at_least {
        assert!(start.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[track_caller]
fn assert_halted<T: std::fmt::Debug>(result: Result<T, JobError>) {
    assert!(
        matches!(result, Err(JobError::Halted(HaltReason::Requested))),
        "{result:?}"
    );
}

twins! {
    fn iterator_chain(values: &[u64]) -> (u64, Vec<u64>, usize) {
        let total = values.iter().map(|x| x * 2).filter(|x| square(*x).is_multiple_of(3)).sum();
        let mut sorted = values.to_vec();
        sorted.sort_by_key(|x| std::cmp::Reverse(square(*x) % 7));
        let mut count = 0;
        values.iter().for_each(|x| {
            if *x % 2 == 0 {
                count += 1;
            }
        });
        (total, sorted, count)
    }
}

twins! {
    /// A non-`move` returned closure that calls code: it captures the handle by copying the
    /// `&'static` reference, not by borrowing the local.
    fn fields_counter() -> impl Fn(&str) -> usize {
        |text| text.split(',').count()
    }
}

twins! {
    fn affine(a: u64, b: u64) -> impl Fn(u64) -> u64 + Send + Sync + Clone + 'static {
        move |x| square(x) * a + b
    }
}

twins! {
    fn boxed_summer(limit: u64) -> Box<dyn FnMut(u64) -> u64 + Send> {
        let mut calls = 0;
        Box::new(move |n| {
            calls += 1;
            let mut sum = 0;
            for i in 0..n.min(limit) {
                sum += i;
            }
            sum + calls
        })
    }
}

twins! {
    /// Closures that call nothing stay coercible to `fn` pointers.
    fn trivial_fn_pointer() -> fn(u64) -> u64 {
        |x| x * 2 + 1
    }
}

twins! {
    /// Closures that call code, coerced to `fn` pointers: they read the caller's handle instead of
    /// capturing the creator's, so they still coerce.
    fn fn_pointers(pick: u8) -> (u64, u64, u64) {
        let op = if pick == 0 {
            |x: u64| square(x) + 1
        } else {
            |x: u64| square(x) + 2
        };
        let table: [fn(u64) -> u64; 2] = [|x| square(x), |x| x * 2];
        let cast = (|x: u64| square(x) * 3) as fn(u64) -> u64;
        (op(3), table[usize::from(pick)](4), cast(5))
    }
}

twins! {
    /// A closure coerced through a constructor's argument.
    fn optional_fn_pointer() -> Option<fn(u64) -> u64> {
        Some(|x| square(x) + 7)
    }
}

/// Returns a `fn` pointer that spins until halted: it checks the handle of whoever calls it.
#[haltable]
fn make_fn_pointer_spinner() -> fn(&AtomicU64) -> u64 {
    |progress| {
        let mut n = 0u64;
        while n < u64::MAX {
            progress.fetch_add(1, Relaxed);
            n += 1;
        }
        n
    }
}

/// With `#[haltable(skip)]`, a closure that calls code is left as written, and so can still be
/// coerced to a `fn` pointer.
#[haltable]
fn skipped_closure_is_not_instrumented() -> fn(&str) -> usize {
    #[haltable(skip)]
    let f: fn(&str) -> usize = |text| text.len();
    f
}

#[test]
fn closures_compute_what_they_compute_without_the_attribute() {
    let values: Vec<u64> = (0..1000).map(|i| i * 7919 % 1009).collect();
    assert_eq!(
        iterator_chain::haltable::iterator_chain(&values),
        iterator_chain::plain::iterator_chain(&values)
    );
    let text = "a,b,,c";
    assert_eq!(
        fields_counter::haltable::fields_counter()(text),
        fields_counter::plain::fields_counter()(text)
    );
    let (halt, plain) = (affine::haltable::affine(3, 4), affine::plain::affine(3, 4));
    assert_eq!(halt.clone()(5), plain(5));
    let (mut halt, mut plain) = (
        boxed_summer::haltable::boxed_summer(100),
        boxed_summer::plain::boxed_summer(100),
    );
    for n in [0, 5, 1000] {
        assert_eq!(halt(n), plain(n));
    }
    assert_eq!(
        trivial_fn_pointer::haltable::trivial_fn_pointer()(20),
        trivial_fn_pointer::plain::trivial_fn_pointer()(20)
    );
    assert_eq!(skipped_closure_is_not_instrumented()("abcd"), 4);
    assert_eq!(
        optional_fn_pointer::haltable::optional_fn_pointer().map(|f| f(2)),
        optional_fn_pointer::plain::optional_fn_pointer().map(|f| f(2))
    );
    for pick in [0, 1] {
        assert_eq!(
            fn_pointers::haltable::fn_pointers(pick),
            fn_pointers::plain::fn_pointers(pick)
        );
    }
    // And inside a job that is never halted.
    let in_job = threadmgr::spawn(move || {
        let values = values.clone();
        iterator_chain::haltable::iterator_chain(&values)
            == iterator_chain::plain::iterator_chain(&values)
    });
    assert!(in_job.join().unwrap());
}

/// Returns a closure that spins, counting in `progress`, until it is halted.
#[haltable]
fn make_spinner(progress: &'static AtomicU64) -> impl Fn() -> u64 {
    move || {
        let mut n = 0u64;
        while n < u64::MAX {
            progress.fetch_add(1, Relaxed);
            n += 1;
        }
        n
    }
}

#[test]
fn a_returned_closure_halts_with_the_job_that_created_and_calls_it() {
    let progress: &'static AtomicU64 = Box::leak(Box::new(AtomicU64::new(0)));
    let job = threadmgr::spawn(move || make_spinner(progress)());
    wait_for(progress, 100_000);
    job.halt();
    assert_halted(job.join());
}

/// Returns a closure that only loops (no call): it enters its creator's handle like any other.
#[haltable]
fn make_looper() -> impl Fn(u64) -> u64 {
    |n| {
        let (mut i, mut acc) = (0_u64, 1_u64);
        while i < n {
            acc = acc.wrapping_mul(31) ^ i;
            i += 1;
        }
        acc
    }
}

#[test]
fn a_closure_that_outlives_its_token_runs_on_when_the_token_slot_is_reused_and_halted() {
    let expected = {
        let (mut i, mut acc) = (0_u64, 1_u64);
        while i < 100_000 {
            acc = acc.wrapping_mul(31) ^ i;
            i += 1;
        }
        acc
    };
    let stale = {
        let creator = HaltToken::new();
        creator.scope(make_looper).unwrap()
    };
    // The creator is dropped and its slot freed; new tokens lease slots (the last freed first)
    // and are halted: checks of the stale handle now see a halted bit that is not theirs, and
    // must carry on.
    let halted: Vec<HaltToken> = (0..8)
        .map(|_| {
            let token = HaltToken::new();
            token.halt();
            token
        })
        .collect();
    assert_eq!(stale(100_000), expected);
    let other = HaltToken::new();
    assert_eq!(other.scope(|| stale(100_000)).unwrap(), expected);
    let on_thread = std::thread::spawn(move || stale(100_000));
    assert_eq!(on_thread.join().unwrap(), expected);
    drop(halted);
}

#[test]
fn a_closure_coerced_to_a_fn_pointer_halts_with_the_job_that_calls_it() {
    // Made outside any job: it has no creator's token, and checks its caller's.
    let spinner = make_fn_pointer_spinner();
    let progress: &'static AtomicU64 = Box::leak(Box::new(AtomicU64::new(0)));
    let job = threadmgr::spawn(move || spinner(progress));
    wait_for(progress, 100_000);
    job.halt();
    assert_halted(job.join());
}

/// Spins in another thread until halted: the thread runs a closure created here.
#[haltable]
fn spin_on_another_thread(progress: &'static AtomicU64) -> u64 {
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let mut n = 0u64;
            loop {
                progress.fetch_add(1, Relaxed);
                n += 1;
                if n == u64::MAX {
                    break n;
                }
            }
        });
        // A halt unwinds the worker; carry its payload on to this job's boundary.
        worker
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
    })
}

#[test]
fn a_move_closure_on_another_thread_halts_with_its_creator() {
    let progress: &'static AtomicU64 = Box::leak(Box::new(AtomicU64::new(0)));
    let job = threadmgr::spawn(move || spin_on_another_thread(progress));
    wait_for(progress, 100_000);
    job.halt();
    assert_halted(job.join());
}

/// Spins on every rayon worker until halted, with `panic_fuse`, which makes rayon stop handing
/// out items once one has unwound. (Without it, the halt is seen too, since a carried
/// consumer checks before each piece of work splits or folds: `tests/reach.rs`,
/// `rayon_par_iter_of_a_long_range_on_the_global_pool`. Before that check, the pieces left
/// went on splitting, and on `0..u64::MAX` the job never ended.)
#[haltable]
fn par_spin(progress: &'static AtomicU64) {
    (0..u64::MAX).into_par_iter().panic_fuse().for_each(|i| {
        progress.fetch_add(1, Relaxed);
        std::hint::black_box(i);
    });
}

#[test]
fn a_rayon_closure_halts_on_all_workers() {
    let progress: &'static AtomicU64 = Box::leak(Box::new(AtomicU64::new(0)));
    let job = threadmgr::spawn(move || par_spin(progress));
    wait_for(progress, 100_000);
    job.halt();
    assert_halted(job.join());
    // Every worker has stopped: nothing counts any more.
    let stopped = progress.load(Relaxed);
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(progress.load(Relaxed), stopped);
}

const SLOW_ITEMS: u64 = 100_000;

/// Takes `SLOW_ITEMS` * 2 ms of work (over 100 s on two workers) unless halted.
#[haltable]
fn par_slow(progress: &'static AtomicU64) {
    (0..SLOW_ITEMS).into_par_iter().for_each(|_| {
        progress.fetch_add(1, Relaxed);
        std::thread::sleep(Duration::from_millis(2));
    });
}

#[test]
fn a_rayon_closure_halts_without_panic_fuse_on_a_bounded_range() {
    let progress: &'static AtomicU64 = Box::leak(Box::new(AtomicU64::new(0)));
    let job = threadmgr::spawn(move || par_slow(progress));
    wait_for(progress, 100);
    job.halt();
    assert_halted(job.join());
    // The items after the halt were skipped: each halted on entry to the closure.
    let done = progress.load(Relaxed);
    assert!(done < SLOW_ITEMS, "{done}");
    std::thread::sleep(Duration::from_millis(50));
    assert_eq!(progress.load(Relaxed), done);
}

/// The token that `#[haltable]` code sees.
#[haltable]
fn observe() -> Option<HaltToken> {
    threadmgr::current_token()
}

#[haltable]
fn observe_on_workers() -> Vec<(Option<HaltToken>, std::thread::ThreadId)> {
    (0..64u32)
        .into_par_iter()
        .map(|i| {
            std::hint::black_box(i);
            (observe(), std::thread::current().id())
        })
        .collect()
}

#[test]
fn haltable_fns_called_from_rayon_closures_see_the_job_token() {
    let job = threadmgr::spawn(|| (std::thread::current().id(), observe_on_workers()));
    let token = job.token().clone();
    let (job_thread, seen) = job.join().unwrap();
    assert_eq!(seen.len(), 64);
    for (seen_token, thread) in seen {
        assert_ne!(thread, job_thread, "ran on a rayon worker");
        assert_eq!(seen_token.as_ref(), Some(&token));
    }
    // The workers went back to no token when the closures returned.
    let after: Vec<Option<HaltToken>> = rayon::broadcast(|_| threadmgr::current_token());
    assert!(after.iter().all(Option::is_none), "{after:?}");
}

/// Makes a closure that carries this job's token (it captures `n` and calls a haltable fn).
#[haltable]
fn carrier(n: u64) -> impl Fn() -> u64 + Send {
    move || observe_count(n)
}

#[haltable]
fn observe_count(n: u64) -> u64 {
    n + u64::from(threadmgr::current_token().is_some())
}

/// Another job's halt that unwinds through this job (here, a closure made by a halted job and
/// run by this one) ends this job `Panicked`, saying so, not `Halted` as if this job's own
/// token had been halted.
#[test]
fn the_halt_of_another_jobs_token_is_not_this_jobs_halt() {
    let token = HaltToken::new();
    let f = token.scope(|| carrier(2)).unwrap();
    token.halt();
    let runner = threadmgr::spawn(f);
    match runner.join() {
        Err(JobError::Panicked(message)) => {
            assert!(message.contains("another token"), "{message}")
        }
        other => panic!("unexpected {other:?}"),
    }
    // The same closure, its token alive and not halted, runs to its end.
    let token = HaltToken::new();
    let f = token.scope(|| carrier(2)).unwrap();
    assert_eq!(threadmgr::spawn(f).join(), Ok(3));
}
