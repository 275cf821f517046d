//! The instrumented twins do halt: without this file a pass-through macro would pass the whole
//! suite, since "the same as plain code" is what a pass-through does best.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use threadmgr::{HaltReason, HaltToken, JobError};

/// Set when a test gives up on a job, so that a job that was not halted winds down on its own
/// instead of spinning until the process exits.
static GIVE_UP: AtomicBool = AtomicBool::new(false);

twins! {
    fn chunked(n: u64) -> u64 {
        let mut acc = 0u64;
        for i in 0..n {
            acc = (acc ^ i) % 1_000_003;
        }
        acc
    }
}

twins! {
    fn while_loop(n: u64) -> u64 {
        let mut i = 0;
        while i < n {
            i += 1;
        }
        i
    }
}

twins! {
    fn loop_with_calls(n: u64) -> u64 {
        let mut acc = 0u64;
        let mut i = 0;
        loop {
            if i == n {
                break acc;
            }
            acc = acc.wrapping_add(std::hint::black_box(i));
            i += 1;
        }
    }
}

twins! {
    fn in_closure(n: u64) -> u64 {
        (0..n).map(|i| i % 7).sum()
    }
}

/// Runs until halted (or told to give up); only the instrumented version exists.
#[threadmgr::haltable]
fn endless() -> u64 {
    let mut acc = 0u64;
    for round in 0..u64::MAX {
        if GIVE_UP.load(Ordering::Relaxed) {
            return round;
        }
        for i in 0..1u64 << 20 {
            acc = (acc ^ i) % 1_000_003;
        }
    }
    acc
}

#[test]
fn a_halted_token_stops_every_loop_kind() {
    let token = HaltToken::new();
    token.halt();
    const N: u64 = 1 << 22;
    assert_eq!(
        token.scope(|| chunked::plain::chunked(N)).map(|_| ()),
        Ok(())
    );
    let halted = token.scope(|| chunked::haltable::chunked(N)).unwrap_err();
    assert_eq!(halted.reason(), &HaltReason::Requested);
    assert_eq!(token.scope(|| while_loop::plain::while_loop(N)), Ok(N));
    assert!(token.scope(|| while_loop::haltable::while_loop(N)).is_err());
    assert!(
        token
            .scope(|| loop_with_calls::plain::loop_with_calls(N))
            .is_ok()
    );
    assert!(
        token
            .scope(|| loop_with_calls::haltable::loop_with_calls(N))
            .is_err()
    );
    assert!(token.scope(|| in_closure::plain::in_closure(N)).is_ok());
    assert!(token.scope(|| in_closure::haltable::in_closure(N)).is_err());
}

#[test]
fn a_job_halted_while_it_runs_stops() {
    let job = threadmgr::spawn(endless);
    std::thread::sleep(Duration::from_millis(50));
    job.halt();
    match job.join_timeout(Duration::from_secs(10)) {
        Ok(result) => assert!(
            matches!(result, Err(JobError::Halted(HaltReason::Requested))),
            "the job was not halted: {result:?}"
        ),
        Err(job) => {
            GIVE_UP.store(true, Ordering::Relaxed);
            let result = job.join();
            panic!("a halted job ran on for 10 s (it ended with {result:?} once told to give up)");
        }
    }
}

/// [`GIVE_UP`], for the workers of `make_worker`.
static GIVE_UP_WORKER: AtomicBool = AtomicBool::new(false);

twins! {
    /// A closure made once (say at start-up, outside any job) and run later inside jobs, with a
    /// checkpoint of its own, as code that is not instrumented writes it.
    fn make_worker() -> impl Fn(u64) -> u64 + Send + 'static {
        |n| {
            let mut acc = 0u64;
            for i in 0..n {
                if GIVE_UP_WORKER.load(Ordering::Relaxed) {
                    break;
                }
                threadmgr::checkpoint();
                acc = acc.wrapping_add(std::hint::black_box(i));
            }
            acc
        }
    }
}

#[test]
fn a_closure_made_outside_any_job_halts_with_the_job_that_runs_it() {
    type Worker = Box<dyn Fn(u64) -> u64 + Send>;
    let workers: [(&str, Worker); 2] = [
        ("plain", Box::new(make_worker::plain::make_worker())),
        ("haltable", Box::new(make_worker::haltable::make_worker())),
    ];
    for (which, worker) in workers {
        let job = threadmgr::spawn(move || worker(u64::MAX));
        std::thread::sleep(Duration::from_millis(20));
        job.halt();
        match job.join_timeout(Duration::from_secs(10)) {
            Ok(result) => assert!(
                matches!(result, Err(JobError::Halted(HaltReason::Requested))),
                "{which}: {result:?}"
            ),
            Err(job) => {
                GIVE_UP_WORKER.store(true, Ordering::Relaxed);
                let result = job.join();
                panic!(
                    "{which}: the job ran on for 10 s after its halt (ended with {result:?} once \
                     told to give up): the closure's own checkpoint no longer sees the job's token"
                );
            }
        }
    }
}

#[test]
fn an_unhalted_job_runs_to_the_end() {
    let outcome = same!(chunked(1 << 16));
    assert_eq!(
        outcome.value(),
        (0..1u64 << 16).fold(0, |acc, i| (acc ^ i) % 1_000_003)
    );
}
