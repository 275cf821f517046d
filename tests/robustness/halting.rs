//! The instrumented code of this suite does halt: a halted job stops in each module's code,
//! and a job halted while it runs stops soon. Without this file a pass-through `#[haltable]`
//! would pass the whole suite.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use threadmgr::{HaltReason, HaltToken, JobError, haltable};

use crate::expr;
use crate::graph::Graph;
use crate::iters::{self, IterExt};
use crate::matrix::Matrix;
use crate::misc::BufferedLog;
use crate::shapes::{Polygon, Shape};
use crate::sorting::{self, Lcg};
use crate::text;

/// Runs `f` in a job whose token is halted before it starts; true if `f` was stopped.
fn stopped<R>(f: impl FnOnce() -> R) -> bool {
    let token = HaltToken::new();
    token.halt_with(HaltReason::Custom("test".into()));
    match token.scope(f) {
        Ok(_) => false,
        Err(halted) => {
            assert_eq!(halted.reason(), &HaltReason::Custom("test".into()));
            true
        }
    }
}

#[test]
fn each_module_stops_when_halted() {
    let mut data = Lcg::new(1).vec(10_000, 1000);
    assert!(stopped(|| sorting::quicksort(&mut data)), "sorting");
    assert!(stopped(|| Graph::new(100).bfs(0)), "graph");
    assert!(stopped(|| expr::evaluate("1 + 2", &[]).is_ok()), "expr");
    assert!(stopped(|| Matrix::<i64>::identity(50).pow(10)), "matrix");
    let square = Polygon {
        points: vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)],
    };
    assert!(stopped(|| square.describe()), "shapes: default method");
    assert!(
        stopped(|| (0..10_000u64).batches(7).count()),
        "iters: trait impl"
    );
    assert!(stopped(|| text::levenshtein("kitten", "sitting")), "text");
    // The same calls run to the end in a job that is not halted.
    let token = HaltToken::new();
    assert_eq!(
        token.scope(|| text::levenshtein("kitten", "sitting")),
        Ok(3)
    );
    assert_eq!(token.scope(|| (0..10_000u64).batches(7).count()), Ok(1429));
}

#[test]
fn closures_handed_to_iterators_stop() {
    // The closure inside `primes` (`filter(|&n| is_prime(n))`) checks the token of the job
    // that made it, wherever it runs.
    let token = HaltToken::new();
    let result = token.scope(|| {
        let mut primes = iters::primes();
        let first = primes.next();
        token.halt();
        let rest: Vec<u64> = primes.take(1_000_000).collect();
        (first, rest.len())
    });
    assert!(
        result.is_err(),
        "the iterator ran on after the halt: {result:?}"
    );
}

/// Set when a test gives up on a job, so that a job that was not halted ends on its own instead
/// of spinning until the process exits.
static GIVE_UP: AtomicBool = AtomicBool::new(false);

/// Sorts and sorts again, until halted (or given up on).
#[haltable]
fn sort_forever() -> u64 {
    let mut rng = Lcg::new(42);
    let mut rounds = 0u64;
    loop {
        let mut data = rng.vec(50_000, u64::MAX);
        sorting::merge_sort(&mut data);
        rounds += 1;
        if GIVE_UP.load(Ordering::Relaxed) {
            return rounds;
        }
    }
}

#[test]
fn a_running_job_halts_soon() {
    let job = threadmgr::spawn(sort_forever);
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    job.halt();
    match job.join_timeout(Duration::from_secs(10)) {
        Ok(result) => {
            assert!(
                matches!(result, Err(JobError::Halted(HaltReason::Requested))),
                "{result:?}"
            );
            assert!(
                start.elapsed() < Duration::from_secs(2),
                "took {:?}",
                start.elapsed()
            );
        }
        Err(job) => {
            GIVE_UP.store(true, Ordering::Relaxed);
            let rounds = job.join();
            panic!("a halted job ran on for 10 s ({rounds:?} once given up on): not instrumented?");
        }
    }
}

/// Set in the child process that [`run_in_child`] starts.
const CHILD: &str = "THREADMGR_ROBUSTNESS_CHILD";

#[path = "../support/child.rs"]
mod child;

/// [`child::run_in_child`] with this file's [`CHILD`] marker.
fn run_in_child(name: &str) -> std::process::Output {
    child::run_in_child(name, CHILD)
}

#[test]
#[ignore = "run in a child process by `destructors_that_run_instrumented_code_during_a_halt`"]
fn child_halts_a_job_that_owns_a_buffered_log() {
    if std::env::var_os(CHILD).is_none() {
        return; // Run directly (`--ignored`), it could abort the whole test binary.
    }
    let sink = Arc::new(Mutex::new(Vec::new()));
    let token = HaltToken::new();
    let result = token.scope(|| {
        let mut log = BufferedLog::new(Arc::clone(&sink), 100);
        log.log("written before the halt");
        token.halt();
        threadmgr::checkpoint(); // unwinds, and drops `log`, whose `drop` is instrumented
        log.log("never written");
    });
    assert!(result.is_err(), "the scope was not halted");
    assert_eq!(*sink.lock().unwrap(), ["written before the halt"]);
    println!("child: the halted job's log was flushed");
}

#[test]
fn destructors_that_run_instrumented_code_during_a_halt() {
    let output = run_in_child("halting::child_halts_a_job_that_owns_a_buffered_log");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("child: the halted job's log was flushed"),
        "halting a job whose destructors call #[haltable] code: the child ended with {}\n\
         stdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr),
    );
}
