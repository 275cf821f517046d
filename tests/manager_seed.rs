//! The seed's `ThreadManager`: one test per behaviour we keep, and one per bug of the seed
//! (see `ORIGINAL.md`), named for it, that the seed would fail.

#[path = "support/manager.rs"]
mod manager_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::time::{Duration, Instant};

use manager_support::{Flag, Gate, PATIENCE, eventually, sleep_until_halted, spin_until_halted};
use threadmgr::{Error, HaltReason, JobError, JobStatus, ThreadManager};

// ---- behaviours of the seed that we keep ----

#[test]
fn seed_default_thread_limit_is_ten() {
    assert_eq!(ThreadManager::new().thread_limit(), 10);
    assert_eq!(ThreadManager::default().thread_limit(), 10);
}

#[test]
fn seed_uid_is_six_chunks_of_six_alphanumerics() {
    let manager = ThreadManager::new();
    let chunks: Vec<&str> = manager.uid().split('-').collect();
    assert_eq!(chunks.len(), 6, "{}", manager.uid());
    assert!(
        chunks
            .iter()
            .all(|chunk| chunk.len() == 6 && chunk.bytes().all(|b| b.is_ascii_alphanumeric())),
        "{}",
        manager.uid()
    );
    // Unlike the seed's base64 ids, ours do not all end the same way.
    assert!(!manager.uid().ends_with("=="));
}

#[test]
fn seed_generate_uid_takes_a_delimiter() {
    let uid = ThreadManager::generate_uid("::");
    let chunks: Vec<&str> = uid.split("::").collect();
    assert_eq!(chunks.len(), 6);
    assert!(chunks.iter().all(|chunk| chunk.len() == 6));
    assert_eq!(ThreadManager::generate_uid("").len(), 36);
}

#[test]
fn seed_uids_differ() {
    let uids: std::collections::HashSet<String> = (0..1000)
        .map(|_| ThreadManager::generate_uid("-"))
        .collect();
    assert_eq!(uids.len(), 1000);
    assert_ne!(ThreadManager::new().uid(), ThreadManager::new().uid());
}

#[test]
fn seed_append_thread_queues_without_starting() {
    let manager = ThreadManager::new();
    let started = Flag::new();
    let job = {
        let started = started.clone();
        manager.append(move || started.set()).unwrap()
    };
    std::thread::sleep(Duration::from_millis(20));
    assert!(!started.is_set());
    assert_eq!(job.status(), JobStatus::Queued);
    assert_eq!(manager.stats().queued, 1);
    manager.run().unwrap();
    job.join().unwrap();
    assert!(started.is_set());
}

#[test]
fn seed_run_with_an_empty_queue_is_no_threads_found() {
    let manager = ThreadManager::new();
    assert!(matches!(manager.run(), Err(Error::NoThreadsFound)));
    manager.append(|| ()).unwrap();
    manager.run().unwrap();
    manager.wait();
    assert!(matches!(manager.run(), Err(Error::NoThreadsFound)));
}

#[test]
fn seed_run_starts_at_most_the_limit_and_the_rest_as_threads_free_up() {
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let gate = Gate::new();
    let jobs: Vec<_> = (0..6)
        .map(|i| manager.append(gate.job_then(i)).unwrap())
        .collect();
    manager.run().unwrap();
    eventually("two jobs run", || manager.running().len() == 2);
    std::thread::sleep(Duration::from_millis(20));
    let stats = manager.stats();
    assert_eq!((stats.running, stats.queued), (2, 4));
    gate.open();
    let results: Vec<i32> = jobs.into_iter().map(|job| job.join().unwrap()).collect();
    assert_eq!(results, [0, 1, 2, 3, 4, 5]);
}

#[test]
fn seed_thread_limit_reached_becomes_back_pressure_in_try_start() {
    // The seed raised ThreadLimitReachedError from run() and left the rest queued; our run()
    // queues the rest silently, and try_start() is where a full manager says no.
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let busy: Vec<_> = (0..2)
        .map(|_| manager.try_start(sleep_until_halted).unwrap())
        .collect();
    match manager.try_start(|| ()) {
        Err(Error::ThreadLimitReached { limit, running }) => assert_eq!((limit, running), (2, 2)),
        other => panic!("expected ThreadLimitReached, got {other:?}"),
    }
    busy[0].halt();
    eventually("a thread is free", || manager.running().len() == 1);
    manager.try_start(|| ()).unwrap().join().unwrap();
}

#[test]
fn seed_watch_starts_jobs_as_they_are_appended() {
    let manager = ThreadManager::new();
    let queued_before = manager.append(|| "before").unwrap();
    manager.watch().unwrap();
    assert!(manager.is_watching());
    let appended_after = manager.append(|| "after").unwrap();
    assert_eq!(queued_before.join(), Ok("before"));
    assert_eq!(appended_after.join(), Ok("after"));
}

#[test]
fn seed_watch_twice_is_thread_manager_already_running() {
    let manager = ThreadManager::new();
    manager.watch().unwrap();
    assert!(matches!(
        manager.watch(),
        Err(Error::ThreadManagerAlreadyRunning)
    ));
}

#[test]
fn seed_stop_clears_the_queue_and_lets_running_jobs_finish() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let gate = Gate::new();
    let running = manager.append(gate.job_then("finished")).unwrap();
    let queued = manager.append(|| "never").unwrap();
    manager.run().unwrap();
    eventually("the first job runs", || {
        running.status() == JobStatus::Running
    });
    let report = manager.stop();
    assert_eq!(report.cancelled, vec![queued.id()]);
    assert!(report.halted.is_empty());
    assert_eq!(queued.join(), Err(JobError::Cancelled));
    gate.open();
    assert_eq!(running.join(), Ok("finished"));
}

#[test]
fn seed_halt_halts_every_running_job_and_joins_them() {
    let manager = ThreadManager::builder().thread_limit(3).build().unwrap();
    let jobs: Vec<_> = (0..3)
        .map(|_| manager.append(spin_until_halted).unwrap())
        .collect();
    manager.run().unwrap();
    eventually("all run", || manager.running().len() == 3);
    let report = manager.halt();
    let mut expected: Vec<_> = jobs.iter().map(|job| job.id()).collect();
    expected.sort();
    assert_eq!(report.halted, expected);
    // halt() joined them: they have ended before it returned.
    assert!(jobs.iter().all(|job| job.is_finished()));
    assert!(manager.running().is_empty());
    for job in jobs {
        assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Shutdown)));
    }
}

// ---- the seed's bugs ----

#[test]
fn bug1_threads_already_running_error_is_raised() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let gate = Gate::new();
    for _ in 0..2 {
        manager.append(gate.job()).unwrap();
    }
    manager.run().unwrap();
    // One job of the batch runs and one is due: both count.
    manager.append(|| ()).unwrap();
    assert!(matches!(manager.run(), Err(Error::ThreadsAlreadyRunning)));
    gate.open();
    eventually("the first batch is done", || manager.stats().completed == 2);
    manager.run().unwrap();
    manager.wait();
    assert_eq!(manager.stats().completed, 3);
}

#[test]
fn bug2_run_after_earlier_runs_finished_is_not_limited() {
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    for round in 0..20 {
        let jobs: Vec<_> = (0..2)
            .map(|i| manager.append(move || round * 2 + i).unwrap())
            .collect();
        manager
            .run()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        for (i, job) in (0..).zip(jobs) {
            assert_eq!(job.join(), Ok(round * 2 + i));
        }
    }
    assert_eq!(manager.stats().completed, 40);
    assert!(manager.running().is_empty());
}

#[test]
fn bug3_halt_forgets_finished_jobs_and_clears_the_queue() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    manager.try_start(|| ()).unwrap().join().unwrap(); // a finished job
    manager.watch().unwrap();
    let busy = manager.append(spin_until_halted).unwrap();
    let started = Flag::new();
    let queued: Vec<_> = (0..3)
        .map(|_| {
            let started = started.clone();
            manager.append(move || started.set()).unwrap()
        })
        .collect();
    eventually("the busy job runs", || busy.status() == JobStatus::Running);
    let report = manager.halt();
    assert_eq!(report.halted, vec![busy.id()]);
    assert_eq!(report.cancelled.len(), 3);
    assert!(!manager.is_watching());
    assert!(manager.running().is_empty());
    // A watcher does not restart the queued work a second later: it is gone.
    std::thread::sleep(Duration::from_millis(50));
    assert!(!started.is_set());
    assert_eq!(manager.stats().queued, 0);
    for job in queued {
        assert_eq!(job.join(), Err(JobError::Cancelled));
    }
}

#[test]
fn bug4_stop_keeps_running_jobs_reachable_by_halt() {
    // Started by run():
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let by_run: Vec<_> = (0..2)
        .map(|_| manager.append(spin_until_halted).unwrap())
        .collect();
    manager.run().unwrap();
    eventually("both run", || manager.running().len() == 2);
    manager.stop();
    assert_eq!(manager.running().len(), 2, "stop() lets running jobs go on");
    assert_eq!(manager.halt().halted.len(), 2, "halt() still reaches them");
    for job in by_run {
        assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Shutdown)));
    }

    // Started while watching:
    manager.watch().unwrap();
    let by_watch = manager.append(spin_until_halted).unwrap();
    eventually("it runs", || manager.running().len() == 1);
    manager.stop();
    assert_eq!(manager.halt().halted, vec![by_watch.id()]);
    assert_eq!(by_watch.join(), Err(JobError::Halted(HaltReason::Shutdown)));
}

#[test]
fn bug5_stop_resets_watching_so_that_watch_and_run_work_again() {
    manager_support::quiet_deliberate_panics();
    let manager = ThreadManager::new();
    for _ in 0..3 {
        manager.watch().unwrap();
        assert_eq!(manager.append(|| 1).unwrap().join(), Ok(1));
        manager.stop();
        assert!(!manager.is_watching());
    }
    manager.append(|| ()).unwrap();
    manager.run().unwrap();
    manager.wait();

    // A panicking job does not leave the manager "watching" for ever with nothing watching.
    manager.watch().unwrap();
    let panicked = manager
        .append(|| -> u32 { panic!("deliberate failure") })
        .unwrap();
    assert_eq!(
        panicked.join(),
        Err(JobError::Panicked("deliberate failure".into()))
    );
    assert_eq!(manager.append(|| 2).unwrap().join(), Ok(2));
    manager.stop();
    manager.watch().unwrap();
}

#[test]
fn bug6_concurrent_watch_calls_start_one_watcher_and_appends_are_not_lost() {
    for _ in 0..20 {
        let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
        let barrier = Barrier::new(8);
        let successes = AtomicUsize::new(0);
        let ran = Arc::new(AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    barrier.wait();
                    if manager.watch().is_ok() {
                        successes.fetch_add(1, Ordering::SeqCst);
                    }
                    for _ in 0..10 {
                        let ran = Arc::clone(&ran);
                        manager
                            .append(move || ran.fetch_add(1, Ordering::SeqCst))
                            .unwrap();
                    }
                });
            }
        });
        assert_eq!(successes.load(Ordering::SeqCst), 1);
        manager.wait();
        assert_eq!(ran.load(Ordering::SeqCst), 80);
        assert_eq!(manager.stats().completed, 80);
    }
}

#[test]
fn bug7_halt_timeout_reports_a_job_that_cannot_be_halted_instead_of_hanging() {
    let manager = ThreadManager::new();
    let (started, has_started) = mpsc::channel();
    let (release, blocked) = mpsc::channel::<()>();
    // Blocked in a call with no checkpoint: no halt can reach it.
    let stuck = manager
        .try_start(move || {
            started.send(()).unwrap();
            blocked.recv().unwrap();
            "released"
        })
        .unwrap();
    let haltable = manager.try_start(sleep_until_halted).unwrap();
    has_started.recv_timeout(PATIENCE).unwrap();
    eventually("both run", || manager.running().len() == 2);

    let start = Instant::now();
    match manager.halt_timeout(Duration::from_millis(100)) {
        Err(Error::HaltTimedOut {
            still_running,
            report,
            ..
        }) => {
            assert_eq!(still_running, vec![stuck.id()]);
            assert_eq!(report.halted.len(), 2);
        }
        other => panic!("expected HaltTimedOut, got {other:?}"),
    }
    assert!(start.elapsed() < PATIENCE);
    assert_eq!(haltable.join(), Err(JobError::Halted(HaltReason::Shutdown)));
    release.send(()).unwrap();
    // It never reached a checkpoint after the halt, so it finished normally.
    assert_eq!(stuck.join(), Ok("released"));
}

#[test]
fn bug8_jobs_appended_while_watching_start_without_polling() {
    // The seed's watcher polled once a second: 20 round trips took about 10 s on average.
    let manager = ThreadManager::new();
    manager.watch().unwrap();
    let start = Instant::now();
    for i in 0..20 {
        assert_eq!(manager.append(move || i).unwrap().join(), Ok(i));
    }
    let elapsed = start.elapsed();
    assert!(
        elapsed < Duration::from_secs(5),
        "20 append+join round trips took {elapsed:?}"
    );
}

#[test]
fn bug9_each_job_owns_its_arguments() {
    // The seed's `kwargs={}` default was one dict shared by every call. A closure owns its
    // captures: each job gets its own, even from the same factory.
    fn job_with_default(i: u32) -> impl FnOnce() -> Vec<u32> + Send + 'static {
        let mut kwargs = Vec::new(); // the "default argument", fresh for every job
        move || {
            kwargs.push(i);
            kwargs
        }
    }
    let manager = ThreadManager::new();
    let jobs: Vec<_> = (0..10)
        .map(|i| manager.append(job_with_default(i)).unwrap())
        .collect();
    manager.run().unwrap();
    for (i, job) in (0..).zip(jobs) {
        assert_eq!(job.join(), Ok(vec![i]));
    }
}
