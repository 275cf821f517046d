//! Timeouts and deadlines: one timer per manager halts jobs on time, and a job whose deadline
//! passes while it is queued never runs.

#[path = "support/manager.rs"]
mod manager_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use manager_support::{Flag, Gate, PATIENCE, eventually, sleep_until_halted, spin_until_halted};
use threadmgr::{HaltReason, JobError, JobOptions, JobStatus, ThreadManager};

const DEADLINE: Result<(), JobError> = Err(JobError::Halted(HaltReason::Deadline));

#[test]
fn a_timeout_halts_a_busy_job_on_time() {
    let manager = ThreadManager::new();
    let timeout = Duration::from_millis(50);
    let start = Instant::now();
    let job = manager
        .try_start_with(JobOptions::new().timeout(timeout), spin_until_halted)
        .unwrap();
    assert_eq!(job.join(), DEADLINE);
    let elapsed = start.elapsed();
    assert!(
        elapsed >= timeout,
        "halted after {elapsed:?}, before its timeout"
    );
    assert!(elapsed < PATIENCE, "halted after {elapsed:?}");
    assert_eq!(manager.stats().halted, 1);
}

#[test]
fn a_deadline_halts_a_sleeping_job_on_time() {
    let manager = ThreadManager::new();
    manager.watch().unwrap();
    let deadline = Instant::now() + Duration::from_millis(50);
    let job = manager
        .append_with(JobOptions::new().deadline(deadline), sleep_until_halted)
        .unwrap();
    let token = job.token().clone();
    assert_eq!(job.join(), DEADLINE);
    assert!(Instant::now() >= deadline);
    assert_eq!(token.reason(), Some(HaltReason::Deadline));
}

#[test]
fn a_deadline_that_passes_while_queued_ends_the_job_without_running_it() {
    let manager = ThreadManager::new();
    let ran = Flag::new();
    let job = {
        let ran = ran.clone();
        let options = JobOptions::new().deadline(Instant::now() + Duration::from_millis(20));
        manager.append_with(options, move || ran.set()).unwrap()
    };
    // Nobody runs the queue: the timer ends the job at its deadline all the same.
    assert_eq!(job.join(), DEADLINE);
    assert!(!ran.is_set());
    let stats = manager.stats();
    assert_eq!((stats.queued, stats.halted), (0, 1));
    assert!(matches!(
        manager.run(),
        Err(threadmgr::Error::NoThreadsFound)
    ));
}

#[test]
fn a_deadline_that_passed_before_a_thread_was_free_ends_the_job_without_running_it() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let gate = Gate::new();
    let blocker = manager.try_start(gate.job()).unwrap();
    manager.watch().unwrap();
    let ran = Flag::new();
    let late = {
        let ran = ran.clone();
        let options = JobOptions::new().deadline(Instant::now() + Duration::from_millis(10));
        manager.append_with(options, move || ran.set()).unwrap()
    };
    let on_time = manager.append(|| ()).unwrap();
    assert_eq!(late.join(), DEADLINE);
    gate.open();
    blocker.join().unwrap();
    on_time.join().unwrap();
    assert!(!ran.is_set());
}

#[test]
fn a_deadline_already_past_when_appended_never_runs() {
    let manager = ThreadManager::new();
    manager.watch().unwrap();
    let ran = Flag::new();
    let job = {
        let ran = ran.clone();
        manager
            .append_with(JobOptions::new().deadline(Instant::now()), move || {
                ran.set()
            })
            .unwrap()
    };
    assert_eq!(job.join(), DEADLINE);
    assert!(!ran.is_set());
}

#[test]
fn a_timeout_does_not_count_time_spent_queued() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let gate = Gate::new();
    let blocker = manager.try_start(gate.job()).unwrap();
    let job = manager
        .append_with(JobOptions::new().timeout(Duration::from_millis(20)), || 7)
        .unwrap();
    manager.run().unwrap();
    std::thread::sleep(Duration::from_millis(60)); // longer than the timeout, while queued
    assert_eq!(job.status(), JobStatus::Queued);
    gate.open();
    blocker.join().unwrap();
    assert_eq!(job.join(), Ok(7));
}

#[test]
fn jobs_that_end_before_their_deadline_are_left_alone() {
    let manager = ThreadManager::builder().thread_limit(4).build().unwrap();
    manager.watch().unwrap();
    let handles: Vec<_> = (0..200)
        .map(|i| {
            let options = JobOptions::new()
                .timeout(Duration::from_secs(3600))
                .deadline(Instant::now() + Duration::from_secs(3600));
            manager.append_with(options, move || i).unwrap()
        })
        .collect();
    for (i, handle) in (0..).zip(handles) {
        assert_eq!(handle.join(), Ok(i));
    }
    assert_eq!(manager.stats().halted, 0);
}

#[test]
fn the_earlier_of_timeout_and_deadline_wins() {
    let manager = ThreadManager::new();
    let start = Instant::now();
    let options = JobOptions::new()
        .timeout(Duration::from_secs(3600))
        .deadline(start + Duration::from_millis(30));
    let by_deadline = manager.try_start_with(options, sleep_until_halted).unwrap();
    let options = JobOptions::new()
        .timeout(Duration::from_millis(30))
        .deadline(start + Duration::from_secs(3600));
    let by_timeout = manager.try_start_with(options, sleep_until_halted).unwrap();
    assert_eq!(by_deadline.join(), DEADLINE);
    assert_eq!(by_timeout.join(), DEADLINE);
    assert!(start.elapsed() < PATIENCE);
}

#[test]
fn many_deadlines_share_one_timer_thread() {
    let manager = ThreadManager::builder()
        .thread_limit(8)
        .name("deadlines")
        .build()
        .unwrap();
    let halted = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..8_u64)
        .map(|i| {
            let options = JobOptions::new().timeout(Duration::from_millis(10 + 5 * i));
            manager.try_start_with(options, sleep_until_halted).unwrap()
        })
        .collect();
    for handle in handles {
        if handle.join() == DEADLINE {
            halted.fetch_add(1, Ordering::SeqCst);
        }
    }
    assert_eq!(halted.load(Ordering::SeqCst), 8);
    eventually("stats are up to date", || manager.stats().halted == 8);
}

#[test]
fn the_timer_thread_ends_with_its_manager() {
    fn timer_threads() -> usize {
        // Thread names as the kernel knows them (at most 15 bytes): "timer-ending-ti".
        std::fs::read_dir("/proc/self/task")
            .map(|tasks| {
                tasks
                    .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
                    .filter(|name| name.trim_end() == "timer-ending-ti")
                    .count()
            })
            .unwrap_or(0)
    }
    let manager = ThreadManager::builder()
        .name("timer-ending")
        .build()
        .unwrap();
    manager
        .try_start_with(JobOptions::new().timeout(Duration::from_secs(60)), || ())
        .unwrap()
        .join()
        .unwrap();
    if cfg!(target_os = "linux") {
        // A new thread names itself once it runs, which on a loaded machine takes a while.
        eventually("the timer thread has its name", || timer_threads() == 1);
    }
    drop(manager);
    if cfg!(target_os = "linux") {
        eventually("the timer thread is gone", || timer_threads() == 0);
    }
}

/// A deadline already due when the job is appended, to a manager that nobody runs: the timer
/// fires at once, racing the append. Each job must end by its deadline, never sit queued with
/// its deadline forgotten (the race was lost about once in 2,000 appends when the deadline was
/// registered before the job was queued).
#[test]
fn a_deadline_that_fires_while_the_job_is_appended_is_not_lost() {
    let manager = ThreadManager::new();
    let jobs: Vec<_> = (0..5_000)
        .map(|_| {
            manager
                .append_with(JobOptions::new().deadline(Instant::now()), || ())
                .unwrap()
        })
        .collect();
    for job in jobs {
        match job.join_timeout(PATIENCE) {
            Ok(outcome) => assert_eq!(outcome, DEADLINE),
            Err(job) => panic!("a job sat queued past its deadline: {:?}", job.status()),
        }
    }
}
