//! `threadmgr::spawn` and `JobHandle`: the standalone haltable thread (the seed's TracedThread).

use std::time::{Duration, Instant};

use threadmgr::{HaltReason, JobError, JobStatus, haltable};

#[haltable]
fn crunch(n: u64) -> u64 {
    let mut acc: u64 = 0;
    for i in 0..n {
        acc = acc.rotate_left(5) ^ i;
    }
    acc
}

#[test]
fn the_issues_example_halts_a_job_mid_loop() {
    let job = threadmgr::spawn(|| crunch(u64::MAX));
    job.halt();
    assert!(matches!(
        job.join(),
        Err(JobError::Halted(HaltReason::Requested))
    ));
}

#[test]
fn a_job_that_finishes_gives_its_value_and_status() {
    let job = threadmgr::spawn(|| crunch(1000));
    let expected = crunch(1000);
    assert_eq!(job.join(), Ok(expected));
}

#[test]
fn a_panicking_job_gives_its_message() {
    let job = threadmgr::spawn(|| -> u64 { panic!("bad input: {}", 42) });
    while !job.is_finished() {
        std::thread::yield_now();
    }
    assert_eq!(job.status(), JobStatus::Panicked);
    assert_eq!(job.join(), Err(JobError::Panicked("bad input: 42".into())));
}

#[test]
fn status_moves_from_running_to_halted() {
    let job = threadmgr::spawn(|| crunch(u64::MAX));
    assert_eq!(job.status(), JobStatus::Running);
    assert!(!job.is_finished());
    job.halt_with(HaltReason::Deadline);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !job.is_finished() && Instant::now() < deadline {
        std::thread::yield_now();
    }
    assert_eq!(job.status(), JobStatus::Halted);
    assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Deadline)));
}

#[test]
fn join_timeout_gives_the_handle_back_when_the_time_is_up() {
    let job = threadmgr::spawn(|| crunch(u64::MAX));
    let id = job.id();
    let job = job
        .join_timeout(Duration::from_millis(10))
        .expect_err("still running");
    assert_eq!(job.id(), id);
    job.halt();
    let outcome = job
        .join_timeout(Duration::from_secs(60))
        .expect("halted in time");
    assert_eq!(outcome, Err(JobError::Halted(HaltReason::Requested)));
}

#[test]
fn the_job_sees_its_own_token() {
    let job = threadmgr::spawn(threadmgr::current_token);
    let token = job.token().clone();
    assert_eq!(job.join(), Ok(Some(token)));
}

#[test]
fn a_dropped_handle_detaches_the_job() {
    let (tx, rx) = std::sync::mpsc::channel();
    drop(threadmgr::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        tx.send(crunch(100)).unwrap();
    }));
    assert_eq!(rx.recv_timeout(Duration::from_secs(60)), Ok(crunch(100)));
}

#[test]
fn ids_are_unique_and_displayed() {
    let ids: std::collections::HashSet<_> = (0..50).map(|_| threadmgr::spawn(|| ()).id()).collect();
    assert_eq!(ids.len(), 50);
    let id = ids.into_iter().next().unwrap();
    assert_eq!(id.to_string(), format!("job-{}", id.as_u64()));
}
