//! Tests of the manager's internals: what the public API cannot see.

use std::time::{Duration, Instant};

use super::shared::FINISHED_RECORDS_KEPT;
use super::*;
use crate::job::JobStatus;

fn deadline_in(duration: Duration) -> JobOptions {
    JobOptions::new().deadline(Instant::now() + duration)
}

#[test]
fn timer_entries_go_when_jobs_end_are_cancelled_or_expire() {
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let hour = Duration::from_secs(3600);
    // Ended: both the deadline's entry and the timeout's go.
    let ended = manager
        .try_start_with(deadline_in(hour).timeout(hour / 2), || ())
        .unwrap();
    ended.join().unwrap();
    assert_eq!(manager.shared.timer.len(), 0);
    // Cancelled while queued.
    let queued = manager.append_with(deadline_in(hour), || ()).unwrap();
    assert_eq!(manager.shared.timer.len(), 1);
    manager.stop();
    assert!(queued.join().is_err());
    assert_eq!(manager.shared.timer.len(), 0);
    // Expired while queued.
    let expired = manager
        .append_with(deadline_in(Duration::from_millis(5)), || ())
        .unwrap();
    assert!(expired.join().is_err());
    assert_eq!(manager.shared.timer.len(), 0);
    // Refused.
    manager.close();
    assert!(manager.append_with(deadline_in(hour), || ()).is_err());
    assert_eq!(manager.shared.timer.len(), 0);
}

#[test]
fn records_agree_with_the_counters() {
    let manager = ThreadManager::builder().thread_limit(3).build().unwrap();
    let sleepers: Vec<_> = (0..3)
        .map(|_| {
            manager
                .append(|| crate::sleep(Duration::from_secs(3600)))
                .unwrap()
        })
        .collect();
    let queued: Vec<_> = (0..5).map(|_| manager.append(|| ()).unwrap()).collect();
    manager.run().unwrap();
    let count = |status: JobStatus| {
        manager
            .shared
            .records
            .iter()
            .filter(|record| record.status == status)
            .count()
    };
    {
        let state = manager.shared.lock();
        assert_eq!(state.running, 3);
        assert_eq!(state.due, 5);
        assert_eq!(state.running_from_run, 3);
    }
    assert_eq!(count(JobStatus::Running), 3);
    assert_eq!(count(JobStatus::Queued), 5);
    let report = manager.halt();
    assert_eq!((report.halted.len(), report.cancelled.len()), (3, 5));
    let state = manager.shared.lock();
    assert_eq!(
        (state.running, state.due, state.running_from_run),
        (0, 0, 0)
    );
    assert_eq!((state.halted, state.cancelled), (3, 5));
    drop(state);
    assert_eq!(count(JobStatus::Halted), 3);
    assert_eq!(count(JobStatus::Cancelled), 5);
    drop((sleepers, queued));
}

#[test]
fn finished_records_stay_bounded() {
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    manager.watch().unwrap();
    for _ in 0..FINISHED_RECORDS_KEPT + 500 {
        manager.append(|| ()).unwrap();
    }
    manager.wait();
    assert_eq!(manager.shared.records.len(), FINISHED_RECORDS_KEPT);
    assert_eq!(manager.clean(), FINISHED_RECORDS_KEPT);
    assert_eq!(manager.shared.records.len(), 0);
}

#[test]
fn the_timer_thread_starts_with_the_first_deadline_only() {
    let manager = ThreadManager::new();
    manager.try_start(|| ()).unwrap().join().unwrap();
    assert!(!manager.shared.timer.is_started());
    manager
        .try_start_with(JobOptions::new().timeout(Duration::from_secs(60)), || ())
        .unwrap()
        .join()
        .unwrap();
    assert!(manager.shared.timer.is_started());
}
