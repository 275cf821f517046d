//! Model checks (loom) of a job's completion racing a halt: whatever the interleaving, the
//! job's handle resolves exactly once, with the value if the job got past its checkpoint and
//! with the halt otherwise, and its status agrees. Run with
//! `RUSTFLAGS="--cfg loom" cargo test -p threadmgr --release --test loom_job`.
//!
//! Under `cfg(loom)`, `threadmgr::spawn` starts a loom thread, and the job's `Completion`
//! (status word, result mutex, condition variable) uses loom's types through `crate::sync`.
#![cfg(loom)]

use loom::thread;
use threadmgr::{HaltReason, JobError, JobStatus};

/// A job finishing while it is halted from the thread that joins it.
#[test]
fn a_job_finishing_while_it_is_halted() {
    loom::model(|| {
        let job = threadmgr::spawn(|| {
            threadmgr::checkpoint();
            7
        });
        job.halt();
        let token = job.token().clone();
        match job.join() {
            Ok(value) => assert_eq!(value, 7),
            Err(JobError::Halted(reason)) => assert_eq!(reason, HaltReason::Requested),
            Err(other) => panic!("unexpected {other:?}"),
        }
        assert!(token.is_halted());
    });
}

/// A halt from a third thread racing the job's end and a watcher of its status: the status
/// only moves forward, and the joined outcome matches the terminal status.
#[test]
fn a_job_finishing_while_another_thread_halts_it() {
    loom::model(|| {
        let job = threadmgr::spawn(|| {
            threadmgr::checkpoint();
        });
        let halter = {
            let token = job.token().clone();
            thread::spawn(move || token.halt())
        };
        let seen = job.status();
        assert!(matches!(
            seen,
            JobStatus::Running | JobStatus::Completed | JobStatus::Halted
        ));
        let finished_early = job.is_finished();
        let status_then = job.status();
        if finished_early {
            assert!(status_then.is_terminal());
        }
        let outcome = job.join();
        halter.join().unwrap();
        match outcome {
            Ok(()) => assert!(matches!(
                status_then,
                JobStatus::Running | JobStatus::Completed
            )),
            Err(JobError::Halted(_)) => {
                assert!(matches!(
                    status_then,
                    JobStatus::Running | JobStatus::Halted
                ))
            }
            Err(other) => panic!("unexpected {other:?}"),
        }
    });
}
