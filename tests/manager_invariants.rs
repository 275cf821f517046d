//! The manager's invariants, under load and under concurrent use: no job lost, started twice
//! or counted twice; the limit never exceeded; bookkeeping before a handle resolves.

#[path = "support/manager.rs"]
mod manager_support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use manager_support::{Concurrency, Gate, PATIENCE, eventually, sleep_until_halted};
use rayon::prelude::*;
use threadmgr::{Error, JobError, JobHandle, JobOptions, JobStatus, ThreadManager};

#[test]
fn manager_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<ThreadManager>();
    assert_send_sync::<Error>();
}

#[test]
fn limit_is_never_exceeded_over_hundreds_of_jobs() {
    let manager = ThreadManager::builder().thread_limit(3).build().unwrap();
    let concurrency = Concurrency::new();
    let job = |i: u64| {
        let concurrency = concurrency.clone();
        move || {
            concurrency.track(|| {
                if i.is_multiple_of(7) {
                    std::thread::sleep(Duration::from_micros(200));
                }
                i
            })
        }
    };
    // A run batch, ...
    let mut handles: Vec<_> = (0..300).map(|i| manager.append(job(i)).unwrap()).collect();
    manager.run().unwrap();
    // ... jobs started directly while it drains, ...
    for i in 300..400 {
        if let Ok(handle) = manager.try_start(job(i)) {
            handles.push(handle);
        }
    }
    // ... and a watch that starts more as they come.
    manager.watch().unwrap();
    handles.extend((400..600).map(|i| manager.append(job(i)).unwrap()));
    let mut total = 0;
    for handle in handles {
        total += 1;
        handle.join().unwrap();
    }
    manager.wait();
    assert!(
        concurrency.high_water_mark() <= 3,
        "{} jobs ran at once",
        concurrency.high_water_mark()
    );
    assert!(concurrency.high_water_mark() >= 1);
    assert_eq!(manager.stats().completed, total);
}

#[test]
fn every_job_ends_in_exactly_one_terminal_state() {
    manager_support::quiet_deliberate_panics();
    let manager = ThreadManager::builder().thread_limit(4).build().unwrap();
    let runs = Arc::new(AtomicUsize::new(0));
    let mut handles: Vec<JobHandle<usize>> = Vec::new();
    for i in 0..400_usize {
        let runs = Arc::clone(&runs);
        let job = move || {
            runs.fetch_add(1, Ordering::SeqCst);
            match i % 5 {
                0 => panic!("deliberate: job {i} panics"),
                1 => {
                    sleep_until_halted();
                    unreachable!()
                }
                _ => i,
            }
        };
        let handle = if i.is_multiple_of(11) {
            manager
                .append_with(JobOptions::new().timeout(Duration::from_millis(1)), job)
                .unwrap()
        } else {
            manager.append(job).unwrap()
        };
        handles.push(handle);
    }
    manager.run().unwrap();
    // Halt the sleepers by hand as they come, until half the jobs are done; then stop.
    eventually("half are done", || {
        for (i, handle) in handles.iter().enumerate() {
            if i % 5 == 1 && handle.status() == JobStatus::Running {
                handle.halt();
            }
        }
        let stats = manager.stats();
        stats.completed + stats.halted + stats.panicked >= 200
    });
    let stopped = manager.stop();
    // Whatever still runs is halted.
    let halted = manager.halt();

    let mut seen: HashMap<JobStatus, usize> = HashMap::new();
    for handle in handles {
        let outcome = handle.join();
        let status = match outcome {
            Ok(_) => JobStatus::Completed,
            Err(JobError::Halted(_)) => JobStatus::Halted,
            Err(JobError::Panicked(_)) => JobStatus::Panicked,
            Err(JobError::Cancelled) => JobStatus::Cancelled,
        };
        *seen.entry(status).or_default() += 1;
    }
    let stats = manager.stats();
    let count = |status| seen.get(&status).copied().unwrap_or(0);
    assert_eq!(stats.completed, count(JobStatus::Completed));
    assert_eq!(stats.halted, count(JobStatus::Halted));
    assert_eq!(stats.panicked, count(JobStatus::Panicked));
    assert_eq!(stats.cancelled, count(JobStatus::Cancelled));
    assert_eq!(
        stats.completed + stats.halted + stats.panicked + stats.cancelled,
        400
    );
    assert_eq!((stats.queued, stats.running), (0, 0));
    assert_eq!(
        stopped.cancelled.len() + halted.cancelled.len(),
        stats.cancelled
    );
    // A job that ran was started once; a cancelled one never ran. Halted jobs either ran or
    // were stopped by their deadline before they started.
    let ran = runs.load(Ordering::SeqCst);
    assert!(ran <= 400 - stats.cancelled);
    assert!(ran >= stats.completed + stats.panicked);
}

#[test]
fn appending_from_many_threads_while_watching_loses_nothing() {
    let manager = ThreadManager::builder().thread_limit(3).build().unwrap();
    manager.watch().unwrap();
    let ran = Arc::new(AtomicUsize::new(0));
    let threads = 8;
    let per_thread = 100;
    let barrier = Barrier::new(threads);
    let handles: Vec<JobHandle<usize>> = std::thread::scope(|s| {
        let spawned: Vec<_> = (0..threads)
            .map(|t| {
                let (manager, barrier, ran) = (&manager, &barrier, &ran);
                s.spawn(move || {
                    barrier.wait();
                    (0..per_thread)
                        .map(|i| {
                            let ran = Arc::clone(ran);
                            manager
                                .append(move || {
                                    ran.fetch_add(1, Ordering::SeqCst);
                                    t * per_thread + i
                                })
                                .unwrap()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        spawned
            .into_iter()
            .flat_map(|thread| thread.join().unwrap())
            .collect()
    });
    let mut results: Vec<usize> = handles
        .into_iter()
        .map(|handle| handle.join().unwrap())
        .collect();
    results.sort_unstable();
    assert_eq!(results, (0..threads * per_thread).collect::<Vec<_>>());
    manager.wait();
    assert_eq!(ran.load(Ordering::SeqCst), threads * per_thread);
    assert_eq!(manager.stats().completed, threads * per_thread);
    assert_eq!(manager.stats().queued, 0);
}

#[test]
fn bookkeeping_is_done_before_join_returns() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    for round in 1..=50 {
        let job = manager.append(move || round).unwrap();
        manager.run().unwrap();
        let id = job.id();
        assert_eq!(job.join(), Ok(round));
        // Right after join: no longer running, counted, and run() is not refused.
        assert!(!manager.running().contains(&id));
        let stats = manager.stats();
        assert_eq!((stats.running, stats.completed), (0, round as usize));
        assert_eq!(manager.job(id).unwrap().status, JobStatus::Completed);
        assert!(matches!(manager.run(), Err(Error::NoThreadsFound)));
    }
}

#[test]
fn a_panicking_job_leaves_the_rest_running() {
    manager_support::quiet_deliberate_panics();
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let gate = Gate::new();
    let survivor = manager.try_start(gate.job_then("survived")).unwrap();
    let panicking = manager
        .try_start(|| -> &str { panic!("deliberate") })
        .unwrap();
    assert_eq!(
        panicking.join(),
        Err(JobError::Panicked("deliberate".into()))
    );
    assert_eq!(manager.running(), vec![survivor.id()]);
    // The manager and its pool go on: the freed thread takes new work.
    assert_eq!(manager.try_start(|| 5).unwrap().join(), Ok(5));
    gate.open();
    assert_eq!(survivor.join(), Ok("survived"));
    assert_eq!(manager.stats().panicked, 1);
}

#[test]
fn wait_does_not_hang_on_jobs_nobody_will_start() {
    let manager = ThreadManager::new();
    let ran = manager.append(|| 1).unwrap();
    manager.run().unwrap();
    let later = manager.append(|| 2).unwrap(); // after run, not watching: not due
    manager.wait();
    assert_eq!(ran.join(), Ok(1));
    assert_eq!(later.status(), JobStatus::Queued);
    assert!(manager.wait_timeout(Duration::ZERO));
    manager.run().unwrap();
    assert_eq!(later.join(), Ok(2));
}

#[test]
fn wait_waits_for_the_whole_run_batch() {
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    for _ in 0..20 {
        let done = Arc::clone(&done);
        manager
            .append(move || {
                std::thread::sleep(Duration::from_millis(1));
                done.fetch_add(1, Ordering::SeqCst);
            })
            .unwrap();
    }
    manager.run().unwrap();
    manager.wait();
    assert_eq!(done.load(Ordering::SeqCst), 20);
}

#[test]
fn records_of_finished_jobs_are_dropped_past_a_bound() {
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let first = manager.try_start(|| ()).unwrap();
    let first_id = first.id();
    first.join().unwrap();
    manager.watch().unwrap();
    for _ in 0..3000 {
        manager.append(|| ()).unwrap();
    }
    manager.wait();
    assert_eq!(manager.stats().completed, 3001);
    assert!(manager.job(first_id).is_none(), "old records are dropped");
    let kept = manager.clean();
    assert!(kept > 0 && kept <= 1024, "{kept} records were kept");
    assert_eq!(manager.clean(), 0);
}

#[test]
fn worker_threads_are_named_for_the_manager() {
    let manager = ThreadManager::builder()
        .thread_limit(2)
        .name("indexer")
        .build()
        .unwrap();
    let name = manager
        .try_start(|| std::thread::current().name().map(str::to_owned))
        .unwrap()
        .join()
        .unwrap()
        .unwrap();
    assert!(
        name == "indexer-0" || name == "indexer-1",
        "unexpected thread name {name}"
    );
    assert_eq!(manager.name(), "indexer");
}

#[test]
fn jobs_can_use_rayon_inside() {
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let sum = manager
        .try_start(|| (0..10_000_u64).into_par_iter().sum::<u64>())
        .unwrap();
    assert_eq!(sum.join(), Ok(49_995_000));
}

#[test]
fn no_job_is_lost_under_concurrent_appends_runs_stops_halts_and_drops() {
    for round in 0..10 {
        let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
        let accepted = std::sync::Mutex::new(Vec::<JobHandle<u32>>::new());
        let barrier = Barrier::new(4);
        std::thread::scope(|s| {
            // Appenders and starters.
            for t in 0..2_u32 {
                let (manager, accepted, barrier) = (&manager, &accepted, &barrier);
                s.spawn(move || {
                    barrier.wait();
                    for i in 0..150_u32 {
                        let job = move || {
                            if i.is_multiple_of(13) {
                                threadmgr::sleep(Duration::from_millis(1));
                            }
                            t * 1000 + i
                        };
                        let handle = match i % 4 {
                            0 => manager.try_start(job),
                            1 => manager.append_with(
                                JobOptions::new().timeout(Duration::from_micros(500)),
                                job,
                            ),
                            _ => manager.append(job),
                        };
                        if let Ok(handle) = handle {
                            accepted.lock().unwrap().push(handle);
                        }
                    }
                });
            }
            // A thread that keeps running, watching and stopping.
            let (manager, barrier) = (&manager, &barrier);
            s.spawn(move || {
                barrier.wait();
                for i in 0..60 {
                    match i % 5 {
                        0 => drop(manager.run()),
                        1 => drop(manager.watch()),
                        2 => drop(manager.stop()),
                        3 => drop(manager.halt()),
                        _ => drop(manager.wait_timeout(Duration::from_micros(100))),
                    }
                }
            });
            // A thread that reads.
            s.spawn(move || {
                barrier.wait();
                for _ in 0..200 {
                    let stats = manager.stats();
                    assert!(stats.running <= 2);
                    assert!(manager.running().len() <= 2);
                }
            });
        });
        let handles = accepted.into_inner().unwrap();
        let accepted_count = handles.len();
        // Start whatever is still queued, then drop the manager: every handle must resolve.
        drop(manager.run());
        let stats_before_drop = manager.stats();
        assert!(stats_before_drop.running <= 2);
        drop(manager);
        for handle in handles {
            // Each handle resolves (a lost job would hang here; the test harness would time out)
            // with exactly one outcome.
            let _ = handle
                .join_timeout(PATIENCE)
                .unwrap_or_else(|_| panic!("round {round}: a job was lost"));
        }
        assert!(accepted_count > 0);
    }
}

#[test]
fn panicking_destructors_neither_abort_nor_lose_jobs() {
    manager_support::quiet_deliberate_panics();
    struct PanicOnDrop;
    impl Drop for PanicOnDrop {
        fn drop(&mut self) {
            panic!("deliberate panic in a destructor");
        }
    }
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();

    // The result of a detached job is dropped on the worker, after the bookkeeping.
    let gate = Gate::new();
    let detached = manager.try_start(gate.job_then(PanicOnDrop)).unwrap();
    drop(detached);
    gate.open();
    eventually("the detached job is counted", || {
        manager.stats().completed == 1
    });

    // The closure of a job that never runs is dropped by the manager.
    let captured = PanicOnDrop;
    let cancelled = manager
        .append(move || {
            let _captured = &captured;
        })
        .unwrap();
    let report = manager.stop();
    assert_eq!(report.cancelled, vec![cancelled.id()]);
    assert_eq!(cancelled.join(), Err(JobError::Cancelled));

    // The manager and its only thread still work.
    assert_eq!(manager.try_start(|| 1).unwrap().join(), Ok(1));
    assert_eq!(manager.stats().completed, 2);
}
