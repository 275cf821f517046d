//! Tests of the manager's internals: what the public API cannot see.

use std::time::{Duration, Instant};

use super::ledger::FINISHED_RECORDS_KEPT;
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
    assert_eq!(manager.registry.timer.len(), 0);
    // Cancelled while queued.
    let queued = manager.append_with(deadline_in(hour), || ()).unwrap();
    assert_eq!(manager.registry.timer.len(), 1);
    manager.stop();
    assert!(queued.join().is_err());
    assert_eq!(manager.registry.timer.len(), 0);
    // Expired while queued.
    let expired = manager
        .append_with(deadline_in(Duration::from_millis(5)), || ())
        .unwrap();
    assert!(expired.join().is_err());
    assert_eq!(manager.registry.timer.len(), 0);
    // Refused.
    manager.close();
    assert!(manager.append_with(deadline_in(hour), || ()).is_err());
    assert_eq!(manager.registry.timer.len(), 0);
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
    let ended = |status: JobStatus| {
        let state = manager.registry.lock();
        state
            .finished
            .iter()
            .filter(|ended| ended.status == status)
            .count()
    };
    {
        let state = manager.registry.lock();
        assert_eq!(state.running, 3);
        assert_eq!(state.due, 5);
        assert_eq!(state.running_from_run, 3);
        // Only running jobs have a record; queued ones are in the queue alone.
        assert_eq!(manager.registry.records.len(), 3);
        assert_eq!(state.queue.len(), 5);
    }
    let report = manager.halt();
    assert_eq!((report.halted.len(), report.cancelled.len()), (3, 5));
    let state = manager.registry.lock();
    assert_eq!(
        (state.running, state.due, state.running_from_run),
        (0, 0, 0)
    );
    assert_eq!((state.halted, state.cancelled), (3, 5));
    drop(state);
    assert_eq!(manager.registry.records.len(), 0);
    assert_eq!(ended(JobStatus::Halted), 3);
    assert_eq!(ended(JobStatus::Cancelled), 5);
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
    assert_eq!(manager.registry.records.len(), 0);
    assert_eq!(
        manager.registry.lock().finished.len(),
        FINISHED_RECORDS_KEPT
    );
    assert_eq!(manager.clean(), FINISHED_RECORDS_KEPT);
    assert_eq!(manager.registry.lock().finished.len(), 0);
}

#[test]
fn job_finds_queued_running_and_ended_jobs_by_name() {
    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    let named = |name: &str| JobOptions::new().name(name);
    let running = manager
        .try_start_with(named("running"), || crate::sleep(Duration::from_secs(3600)))
        .unwrap();
    let queued = manager.append_with(named("queued"), || ()).unwrap();
    let info = |id| manager.job(id).map(|info| (info.name, info.status));
    assert_eq!(
        info(running.id()),
        Some((Some("running".into()), JobStatus::Running))
    );
    assert_eq!(
        info(queued.id()),
        Some((Some("queued".into()), JobStatus::Queued))
    );
    let (running_id, queued_id) = (running.id(), queued.id());
    running.halt();
    assert!(running.join().is_err());
    assert_eq!(info(running_id).map(|info| info.1), Some(JobStatus::Halted));
    manager.run().unwrap();
    queued.join().unwrap();
    assert_eq!(
        info(queued_id),
        Some((Some("queued".into()), JobStatus::Completed))
    );
    let expired = manager
        .append_with(named("expired").deadline(Instant::now()), || ())
        .unwrap();
    let expired_id = expired.id();
    assert!(expired.join().is_err());
    assert_eq!(
        info(expired_id),
        Some((Some("expired".into()), JobStatus::Halted))
    );
    let cancelled = manager.append_with(named("cancelled"), || ()).unwrap();
    manager.stop();
    assert_eq!(
        info(cancelled.id()),
        Some((Some("cancelled".into()), JobStatus::Cancelled))
    );
}

#[test]
fn the_timer_thread_starts_with_the_first_deadline_only() {
    let manager = ThreadManager::new();
    manager.try_start(|| ()).unwrap().join().unwrap();
    assert!(!manager.registry.timer.is_started());
    manager
        .try_start_with(JobOptions::new().timeout(Duration::from_secs(60)), || ())
        .unwrap()
        .join()
        .unwrap();
    assert!(manager.registry.timer.is_started());
}
