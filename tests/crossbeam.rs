//! `threadmgr::crossbeam::recv` (the `crossbeam-channel` feature): a receive that a halt ends at
//! once. Run with `cargo test --features crossbeam-channel --test crossbeam`.
#![cfg(feature = "crossbeam-channel")]

#[path = "support/manager.rs"]
mod manager_support;

use manager_support::{PATIENCE, eventually};
use threadmgr::{HaltReason, JobError, ThreadManager};

#[test]
fn outside_a_job_it_is_the_crossbeam_call() {
    let (sender, receiver) = crossbeam_channel::unbounded();
    sender.send(5).unwrap();
    assert_eq!(threadmgr::crossbeam::recv(&receiver), Ok(5));
    drop(sender);
    assert_eq!(
        threadmgr::crossbeam::recv(&receiver),
        Err(crossbeam_channel::RecvError)
    );
}

#[test]
fn inside_a_job_it_returns_what_is_sent_and_then_the_disconnection() {
    let (sender, receiver) = crossbeam_channel::unbounded();
    let job = threadmgr::spawn(move || {
        let first = threadmgr::crossbeam::recv(&receiver).unwrap();
        (first, threadmgr::crossbeam::recv(&receiver))
    });
    sender.send(9).unwrap();
    drop(sender);
    assert_eq!(job.join(), Ok((9, Err(crossbeam_channel::RecvError))));
}

#[test]
fn a_halt_ends_the_wait_and_a_halt_before_it_is_not_missed() {
    let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
    let (_sender, receiver) = crossbeam_channel::unbounded::<()>();
    let waiting = {
        let receiver = receiver.clone();
        manager
            .try_start(move || threadmgr::crossbeam::recv(&receiver))
            .unwrap()
    };
    eventually("the job waits", || manager.running().len() == 1);
    waiting.halt();
    assert_eq!(
        waiting.join_timeout(PATIENCE).unwrap(),
        Err(JobError::Halted(HaltReason::Requested))
    );
    // Halted before it waits: the first check sees it.
    let job = manager
        .try_start(move || {
            threadmgr::current_token().unwrap().halt();
            threadmgr::crossbeam::recv(&receiver)
        })
        .unwrap();
    assert_eq!(
        job.join_timeout(PATIENCE).unwrap(),
        Err(JobError::Halted(HaltReason::Requested))
    );
}
