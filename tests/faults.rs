//! Faults, each test named for the one it injects: panics and halts while a lock is held, a job
//! that swallows its halt, a destructor that panics during a halt, a thread limit of one, and a
//! million queued jobs halted at once.
//!
//! Covered elsewhere: a manager dropped while jobs are busy, queued and sleeping
//! (`manager_shutdown.rs`: `drop_returns_promptly_and_no_job_outlives_its_manager`); a job that
//! never reaches a checkpoint, which `halt` waits for and `halt_timeout` reports
//! (`manager_seed.rs`: `bug7_halt_timeout_reports_a_job_that_cannot_be_halted_instead_of_hanging`);
//! destructors that panic outside an unwind (`manager_invariants.rs`:
//! `panicking_destructors_neither_abort_nor_lose_jobs`).

#[path = "support/manager.rs"]
mod manager_support;

use std::panic::catch_unwind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use manager_support::{Concurrency, Flag, PATIENCE, eventually, spin_until_halted};
use rayon::prelude::*;
use threadmgr::{HaltReason, JobError, ThreadManager};

#[test]
fn a_job_panics_while_holding_a_lock() {
    manager_support::quiet_deliberate_panics();
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let shared = Arc::new(Mutex::new(vec![1_u32]));
    let job = {
        let shared = Arc::clone(&shared);
        manager
            .try_start(move || {
                let mut data = shared.lock().unwrap();
                data.push(2);
                panic!("deliberate panic with the lock held");
            })
            .unwrap()
    };
    assert_eq!(
        job.join(),
        Err(JobError::Panicked(
            "deliberate panic with the lock held".into()
        ))
    );
    // The guard was dropped by the unwind: the lock is free, poisoned, and its data intact.
    assert!(shared.is_poisoned());
    assert_eq!(
        *shared.lock().unwrap_or_else(PoisonError::into_inner),
        [1, 2]
    );
    // Once the data is checked, clearing the poison makes the lock usable as before.
    shared.clear_poison();
    let next = {
        let shared = Arc::clone(&shared);
        manager
            .try_start(move || shared.lock().unwrap().len())
            .unwrap()
    };
    assert_eq!(next.join(), Ok(2));
    let stats = manager.stats();
    assert_eq!((stats.panicked, stats.completed), (1, 1));
}

#[test]
fn a_job_is_halted_while_holding_a_std_mutex() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    // Each element is its index: a half-done update would show.
    let shared = Arc::new(Mutex::new(Vec::<usize>::new()));
    let holding = Flag::new();
    let job = {
        let (shared, holding) = (Arc::clone(&shared), holding.clone());
        manager
            .try_start(move || {
                let mut data = shared.lock().unwrap();
                holding.set();
                loop {
                    let next = data.len();
                    data.push(next);
                    threadmgr::checkpoint(); // halted here, with the guard held
                }
            })
            .unwrap()
    };
    eventually("the job holds the lock", || holding.is_set());
    job.halt();
    let outcome: Result<(), _> = job.join();
    assert_eq!(outcome, Err(JobError::Halted(HaltReason::Requested)));

    // What happens to the lock: the halt unwinds like a panic, so the guard is dropped on the
    // way out, which releases the lock and poisons it. The data is whatever the job had
    // written up to its last checkpoint, never half an update.
    assert!(shared.is_poisoned());
    {
        let data = shared.lock().unwrap_or_else(PoisonError::into_inner);
        assert!(!data.is_empty());
        assert!(data.iter().enumerate().all(|(i, &v)| i == v));
    }
    // Two ways to keep using it: recover the guard from the error each time
    // (`PoisonError::into_inner`, above), or clear the poison once the data is known to be
    // consistent, after which `lock().unwrap()` works again.
    shared.clear_poison();
    let len = shared.lock().unwrap().len();
    let reader = {
        let shared = Arc::clone(&shared);
        manager
            .try_start(move || shared.lock().unwrap().len())
            .unwrap()
    };
    assert_eq!(reader.join(), Ok(len));
}

#[test]
fn a_job_catches_the_halts_unwind_and_carries_on() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let caught = Arc::new(AtomicUsize::new(0));
    let after_second_catch = Arc::new(AtomicUsize::new(0));
    let started = Flag::new();
    let job = {
        let (caught, after) = (Arc::clone(&caught), Arc::clone(&after_second_catch));
        let started = started.clone();
        manager
            .try_start(move || {
                started.set();
                // Swallows the halt's unwind, as careless code around a `catch_unwind` would...
                if catch_unwind(spin_until_halted).is_err() {
                    caught.fetch_add(1, Ordering::SeqCst);
                }
                // ...and carries on: a halted token stays halted, so the next checkpoint (here a
                // long sleep, which must not sleep) halts it again.
                if catch_unwind(|| threadmgr::sleep(Duration::from_secs(3600))).is_err() {
                    caught.fetch_add(1, Ordering::SeqCst);
                }
                loop {
                    threadmgr::checkpoint();
                    after.fetch_add(1, Ordering::SeqCst);
                }
            })
            .unwrap()
    };
    eventually("the job spins", || started.is_set());
    let start = Instant::now();
    job.halt();
    let outcome: Result<(), _> = job.join();
    assert_eq!(outcome, Err(JobError::Halted(HaltReason::Requested)));
    assert!(start.elapsed() < PATIENCE / 3, "took {:?}", start.elapsed());
    assert_eq!(caught.load(Ordering::SeqCst), 2);
    assert_eq!(after_second_catch.load(Ordering::SeqCst), 0);
    assert_eq!(manager.stats().halted, 1);
}

/// Set in the child process that [`run_in_child`] starts.
const CHILD: &str = "THREADMGR_FAULTS_CHILD";

#[path = "support/child.rs"]
mod child;

/// [`child::run_in_child`] with this file's [`CHILD`] marker.
fn run_in_child(name: &str) -> std::process::Output {
    child::run_in_child(name, CHILD)
}

/// Panics when dropped, unless told to behave.
struct PanicOnDrop {
    careful: bool,
}

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        // The careful form: never panic while the thread unwinds already.
        if self.careful && std::thread::panicking() {
            return;
        }
        panic!("deliberate panic in a destructor");
    }
}

#[test]
#[ignore = "run in a child process by `a_destructor_panics_during_a_halt`"]
fn child_a_destructor_panics_during_a_halt() {
    if std::env::var_os(CHILD).is_none() {
        return; // run directly with `--ignored`, it would abort the whole test binary
    }
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let started = Flag::new();
    let job = {
        let started = started.clone();
        manager
            .try_start(move || {
                let _bomb = PanicOnDrop { careful: false };
                started.set();
                spin_until_halted();
            })
            .unwrap()
    };
    eventually("the job spins", || started.is_set());
    println!("child: halting");
    job.halt();
    let _ = job.join();
    println!("child: survived");
}

#[test]
fn a_destructor_panics_during_a_halt() {
    // Rust aborts the process when a destructor panics while the thread unwinds (a halt
    // unwinds too): no `catch_unwind`, the manager's included, can stop a second panic during
    // an unwind. threadmgr cannot change that; the child shows it happening.
    let output = run_in_child("child_a_destructor_panics_during_a_halt");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stdout.contains("child: halting") && !stdout.contains("child: survived"),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        !output.status.success(),
        "the child ended with {}",
        output.status
    );
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            output.status.signal(),
            Some(6),
            "SIGABRT; stderr:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("panic in a destructor during cleanup"),
        "stderr:\n{stderr}"
    );

    // A destructor that checks `std::thread::panicking()` first is halted like any other.
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let started = Flag::new();
    let job = {
        let started = started.clone();
        manager
            .try_start(move || {
                let _careful = PanicOnDrop { careful: true };
                started.set();
                spin_until_halted();
            })
            .unwrap()
    };
    eventually("the job spins", || started.is_set());
    job.halt();
    assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
}

#[test]
fn a_thread_limit_of_one() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let concurrency = Concurrency::new();
    let order = Arc::new(Mutex::new(Vec::new()));
    let handles: Vec<_> = (0..200_usize)
        .map(|i| {
            let (concurrency, order) = (concurrency.clone(), Arc::clone(&order));
            manager
                .append(move || {
                    concurrency.track(|| {
                        order.lock().unwrap().push(i);
                        if i % 50 == 0 {
                            // `par_iter` on a pool of one thread runs inline: no deadlock.
                            return (0..1000_usize).into_par_iter().sum::<usize>();
                        }
                        i
                    })
                })
                .unwrap()
        })
        .collect();
    manager.run().unwrap();
    for (i, handle) in handles.into_iter().enumerate() {
        let expected = if i % 50 == 0 { 499_500 } else { i };
        assert_eq!(handle.join(), Ok(expected));
    }
    // One at a time, oldest first.
    assert_eq!(concurrency.high_water_mark(), 1);
    assert_eq!(*order.lock().unwrap(), (0..200).collect::<Vec<_>>());

    // The one thread busy: try_start refuses, append queues, halt frees it.
    let busy = manager.try_start(spin_until_halted).unwrap();
    assert!(matches!(
        manager.try_start(|| ()),
        Err(threadmgr::Error::ThreadLimitReached {
            limit: 1,
            running: 1
        })
    ));
    manager.watch().unwrap();
    let queued = manager.append(|| 7).unwrap();
    busy.halt();
    assert_eq!(queued.join(), Ok(7));
    assert_eq!(busy.join(), Err(JobError::Halted(HaltReason::Requested)));
}

#[test]
fn a_million_queued_jobs_then_halt() {
    const JOBS: usize = 1_000_000;
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let handles: Vec<_> = (0..JOBS)
        .map(|i| {
            let ran = Arc::clone(&ran);
            manager
                .append(move || {
                    ran.fetch_add(1, Ordering::Relaxed);
                    if i % 2 == 0 {
                        spin_until_halted();
                    }
                })
                .unwrap()
        })
        .collect();
    assert_eq!(manager.stats().queued, JOBS);
    manager.run().unwrap();
    // Job 0 spins, job 1 completes, job 2 spins: then nothing else can start.
    eventually("three jobs started", || ran.load(Ordering::SeqCst) == 3);
    let halting = Instant::now();
    let report = manager.halt();
    let halt_took = halting.elapsed();
    assert!(
        halt_took < Duration::from_secs(120),
        "halt took {halt_took:?}"
    );
    assert_eq!(ran.load(Ordering::SeqCst), 3);
    assert_eq!(report.halted.len(), 2);
    assert_eq!(report.cancelled.len(), JOBS - 3);

    let stats = manager.stats();
    assert_eq!((stats.queued, stats.running), (0, 0));
    assert_eq!((stats.completed, stats.halted), (1, 2));
    assert_eq!(stats.cancelled, report.cancelled.len());
    assert_eq!(stats.completed + stats.halted + stats.cancelled, JOBS);
    let mut cancelled = 0;
    for handle in handles {
        match handle.join_timeout(PATIENCE) {
            Ok(Err(JobError::Cancelled)) => cancelled += 1,
            Ok(_) => {}
            Err(handle) => panic!("{handle:?} did not resolve"),
        }
    }
    assert_eq!(cancelled, report.cancelled.len());
    println!(
        "a million jobs: queued and halted in {:?} (halt {halt_took:?})",
        start.elapsed()
    );
}

/// A manager job that panics with a payload whose own `Drop` panics: the payload is dropped
/// inside the job boundary, so the job still ends `Panicked`, the manager's running count
/// goes back down, and dropping the manager does not hang (before, the second panic escaped
/// the job, `join` never returned and the thread limit shrank for good).
/// Haltable work that a C callback runs: its checks would unwind through the callback's frame.
#[threadmgr::haltable]
fn spin_a_while(rounds: u64) -> u64 {
    let mut n = 0;
    while n < rounds {
        n = std::hint::black_box(n + 1);
    }
    n
}

static INSIDE_THE_CALLBACK: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);
static RELEASE_THE_CALLBACK: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// What a C library would call back: `extern "C"`, so a halt unwinding out of it would abort.
#[threadmgr::haltable]
extern "C" fn callback(rounds: u64) -> u64 {
    INSIDE_THE_CALLBACK.store(true, Ordering::SeqCst);
    let mut total = 0;
    while !RELEASE_THE_CALLBACK.load(Ordering::SeqCst) {
        total += spin_a_while(rounds);
    }
    total
}

/// A job that calls Rust code back through a C frame, as an FFI library would.
#[threadmgr::haltable]
fn call_back_through_c(callback: extern "C" fn(u64) -> u64) -> u64 {
    let mut total = 0u64;
    loop {
        total = total.wrapping_add(callback(1_000));
    }
}

#[test]
#[ignore = "run in a child process by `a_halt_never_unwinds_through_an_extern_c_frame`"]
fn child_a_halt_never_unwinds_through_an_extern_c_frame() {
    if std::env::var_os(CHILD).is_none() {
        return; // run directly with `--ignored`, a failure would abort the whole test binary
    }
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let job = manager.try_start(|| call_back_through_c(callback)).unwrap();
    eventually("the job is inside the callback", || {
        INSIDE_THE_CALLBACK.load(Ordering::SeqCst)
    });
    job.halt();
    // The callback's haltable work goes on, checking, after the halt.
    std::thread::sleep(Duration::from_millis(50));
    RELEASE_THE_CALLBACK.store(true, Ordering::SeqCst);
    assert_eq!(
        job.join_timeout(PATIENCE).map_err(|job| job.status()),
        Ok(Err(JobError::Halted(HaltReason::Requested)))
    );
    println!("child: halted after the callback returned");
}

#[test]
fn a_halt_never_unwinds_through_an_extern_c_frame() {
    // Unwinding out of an `extern "C"` fn aborts the process. A `#[haltable] extern "C"` fn is
    // a barrier: nothing it calls unwinds for a halt, which the job then sees at its next check
    // after the callback returns.
    let output = run_in_child("child_a_halt_never_unwinds_through_an_extern_c_frame");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("child: halted after the callback returned"),
        "the child ended with {}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Sets its flag when dropped: by the unwind that ends a halted closure.
struct SetOnDrop(Flag);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.set();
    }
}

/// Hands `pool` a closure that spins until its creator's job is halted, then sets `ended`.
#[threadmgr::haltable]
fn spawn_a_detached_spinner(pool: &rayon::ThreadPool, started: Flag, ended: Flag) {
    pool.spawn(move || {
        let _ended = SetOnDrop(ended);
        started.set();
        let mut x = 1u64;
        loop {
            x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005));
        }
    });
}

#[test]
fn an_instrumented_closure_given_to_rayon_spawn_ends_quietly_when_halted() {
    // Without a panic handler, rayon aborts the process when a spawned closure unwinds; the
    // halt-aware handler lets the halt end it and keeps the pool running.
    let pool = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .panic_handler(threadmgr::halt_aware_panic_handler)
            .build()
            .unwrap(),
    );
    let (started, ended) = (Flag::new(), Flag::new());
    let job = {
        let (pool, started, ended) = (Arc::clone(&pool), started.clone(), ended.clone());
        threadmgr::spawn(move || {
            spawn_a_detached_spinner(&pool, started, ended);
            threadmgr::sleep(Duration::from_secs(3600));
        })
    };
    eventually("the detached closure spins", || started.is_set());
    // Work that outlives its job is halted only while the job's token lives: once the token is
    // dropped, its slot is reused and nothing can halt the work any more.
    let token = job.token().clone();
    job.halt();
    assert_eq!(
        job.join_timeout(PATIENCE).map_err(|job| job.status()),
        Ok(Err(JobError::Halted(HaltReason::Requested)))
    );
    eventually("the detached closure unwinds", || ended.is_set());
    drop(token);
    assert_eq!(
        pool.install(|| 6 * 7),
        42,
        "the pool's thread is still there"
    );
}

#[test]
fn a_job_nested_by_work_stealing_that_waits_for_the_outer_one_is_ended_by_a_halt() {
    // Job A's `rayon::join` waits for a half that the other worker took; meanwhile A's worker
    // runs queued job B nested above A in its stack, and B waits for A: neither can end. B
    // waits with `threadmgr::recv`, so a halt ends B, and then A.
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    manager.watch().unwrap();
    let (half_running, b_started) = (Flag::new(), Flag::new());
    let (a_done, a_done_seen) = std::sync::mpsc::channel::<()>();
    let a = {
        let (half_running, b_started) = (half_running.clone(), b_started.clone());
        manager
            .append(move || {
                rayon::join(
                    // Long enough for the other worker to take the second half.
                    || eventually("the second half runs elsewhere", || half_running.is_set()),
                    || {
                        half_running.set();
                        eventually("B runs", || b_started.is_set());
                    },
                );
                threadmgr::checkpoint();
                a_done.send(()).unwrap();
            })
            .unwrap()
    };
    eventually("A's second half runs", || half_running.is_set());
    let b = {
        let b_started = b_started.clone();
        manager
            .append(move || {
                b_started.set();
                threadmgr::recv(&a_done_seen)
            })
            .unwrap()
    };
    eventually("B runs", || b_started.is_set());
    // Stuck: A waits for B, nested above it, and B waits for A.
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(manager.running().len(), 2);
    assert!(!a.is_finished() && !b.is_finished());
    let report = manager
        .halt_timeout(PATIENCE)
        .expect("the halt ends the deadlock");
    assert_eq!(report.halted.len(), 2);
    assert_eq!(b.join(), Err(JobError::Halted(HaltReason::Shutdown)));
    assert_eq!(a.join(), Err(JobError::Halted(HaltReason::Shutdown)));
}

#[test]
fn a_panic_payload_that_panics_when_dropped() {
    struct PanicsOnDrop;
    impl Drop for PanicsOnDrop {
        fn drop(&mut self) {
            panic!("deliberate: a panic payload that panics when dropped");
        }
    }
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let job = manager
        .try_start(|| -> u8 { std::panic::panic_any(PanicsOnDrop) })
        .unwrap();
    match job.join_timeout(PATIENCE) {
        Ok(Err(JobError::Panicked(_))) => {}
        other => panic!("unexpected {:?}", other.map_err(|job| job.status())),
    }
    // The one thread is free again: another job runs.
    assert_eq!(manager.try_start(|| 7).unwrap().join(), Ok(7));
    eventually("no job runs", || manager.stats().running == 0);
    drop(manager);
}
