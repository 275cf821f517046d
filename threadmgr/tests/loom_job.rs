//! Model checks (loom) of a job's completion racing a halt or an awaiting task: whatever the
//! interleaving, the job's handle resolves exactly once, with the value if the job got past its
//! checkpoint and with the halt otherwise, its status agrees, and a task that awaits it is woken.
//! Run with
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

/// A job awaited as a future: the poll that finds it running leaves the task's waker, and the
/// job's end wakes it (no lost wake-up whatever the interleaving); the next poll has the value.
#[test]
fn an_awaited_job_wakes_its_task_when_it_ends() {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll, Wake, Waker};

    struct Woken(loom::sync::atomic::AtomicBool);

    impl Wake for Woken {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.store(true, loom::sync::atomic::Ordering::SeqCst);
        }
    }

    loom::model(|| {
        let mut job = threadmgr::spawn(|| 7);
        let woken = std::sync::Arc::new(Woken(loom::sync::atomic::AtomicBool::new(false)));
        let waker = Waker::from(std::sync::Arc::clone(&woken));
        let mut cx = Context::from_waker(&waker);
        match Pin::new(&mut job).poll(&mut cx) {
            Poll::Ready(outcome) => assert_eq!(outcome, Ok(7)),
            Poll::Pending => {
                while !woken.0.load(loom::sync::atomic::Ordering::SeqCst) {
                    thread::yield_now();
                }
                assert_eq!(Pin::new(&mut job).poll(&mut cx), Poll::Ready(Ok(7)));
            }
        }
    });
}
