//! Model checks (loom) of the manager's queue and running bookkeeping: `append`, `try_start`,
//! `run`, `watch`, `stop`, `close`, `halt`, a queued job's deadline and job completion racing,
//! with two jobs and a limit of one or two threads. Run with
//! `RUSTFLAGS="--cfg loom" cargo test -p threadmgr --release --lib manager::ledger::model`.
//!
//! The manager's `DashMap` and rayon pool are not loom-aware, so the model drives the
//! production state machine (`manager/ledger.rs`, whose child module this is) the way
//! `manager/registry.rs` does: behind a (loom) mutex, each
//! operation one critical section calling the same methods, with fake jobs, and a loom thread
//! per job handed to the "pool" that runs it outside the lock and then does its bookkeeping
//! (`finish_running`, `dispatch`) under it. What the records map and the handles add (a
//! record per running job, one outcome per handle) is checked by `debug_assert!`s, the stress
//! tests and `loom_job.rs`.
//!
//! After every critical section the model checks `running <= limit`, that no due job waits
//! beside a free thread, `due <= queued` and `running_from_run <= running`; after joining
//! every thread, that no job was lost or started twice (each was started or taken out of the
//! queue exactly once, or is still queued and not due), that each was counted once (the stats
//! add up to the jobs taken), and that the manager is idle.

use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use super::{Ledger, Queued};
use crate::error::Error;
use crate::job::{JobId, JobStatus};
use loom::sync::Mutex;
use loom::thread::{self, JoinHandle};

/// A fake job: its id, and its index in the model's per-job counters.
struct Job {
    id: JobId,
    index: usize,
}

impl Queued for Job {
    fn id(&self) -> JobId {
        self.id
    }

    fn take_name(&mut self) -> Option<String> {
        None
    }
}

/// A manager of fake jobs.
struct Manager {
    limit: usize,
    state: Mutex<Ledger<Job>>,
    ids: Vec<JobId>,
    /// Per job: how many times it was accepted, started on a thread, taken out of the queue
    /// without running.
    taken: Vec<AtomicUsize>,
    started: Vec<AtomicUsize>,
    discarded: Vec<AtomicUsize>,
    /// Jobs executing on their thread now (between start and bookkeeping).
    busy: AtomicUsize,
    /// Set by `halt`, under the lock: jobs running then end as halted.
    halting: AtomicBool,
    /// The "pool": a thread per started job, joined at the end.
    workers: Mutex<Vec<JoinHandle<()>>>,
}

impl Manager {
    fn new(limit: usize, jobs: usize) -> Arc<Self> {
        let counters = || (0..jobs).map(|_| AtomicUsize::new(0)).collect();
        Arc::new(Manager {
            limit,
            state: Mutex::new(Ledger::default()),
            ids: (0..jobs).map(|_| JobId::next()).collect(),
            taken: counters(),
            started: counters(),
            discarded: counters(),
            busy: AtomicUsize::new(0),
            halting: AtomicBool::new(false),
            workers: Mutex::new(Vec::new()),
        })
    }

    fn job(&self, index: usize) -> Job {
        Job {
            id: self.ids[index],
            index,
        }
    }

    /// As `Shared::dispatch`: starts due jobs while threads are free, under the lock.
    fn dispatch(self: &Arc<Self>, state: &mut Ledger<Job>) {
        state.dispatch(self.limit, |job, from_run| self.spawn(job, from_run));
    }

    /// As `Shared::spawn` and `Task::run`: the job runs on a thread of its own, outside the
    /// lock, then does its bookkeeping (`Shared::finished`) under it.
    fn spawn(self: &Arc<Self>, job: Job, from_run: bool) {
        let manager = Arc::clone(self);
        let worker = thread::spawn(move || {
            let busy = manager.busy.fetch_add(1, Ordering::SeqCst) + 1;
            assert!(busy <= manager.limit, "{busy} jobs run at once");
            manager.started[job.index].fetch_add(1, Ordering::SeqCst);
            let status = if manager.halting.load(Ordering::SeqCst) {
                JobStatus::Halted
            } else {
                JobStatus::Completed
            };
            // The job's code has returned before its thread is freed.
            manager.busy.fetch_sub(1, Ordering::SeqCst);
            let mut state = manager.state.lock().unwrap();
            state.finish_running(job.id, None, status, from_run);
            manager.dispatch(&mut state);
            manager.check(&state);
        });
        self.workers.lock().unwrap().push(worker);
    }

    /// The invariants that hold whenever the lock is free.
    fn check(&self, state: &Ledger<Job>) {
        let stats = state.stats();
        let (due, from_run) = state.due_and_from_run();
        assert!(stats.running <= self.limit, "the limit is exceeded");
        assert!(
            stats.running == self.limit || !state.has_due_job(),
            "a due job waits beside a free thread"
        );
        assert!(due <= stats.queued, "more due jobs than queued ones");
        assert!(from_run <= stats.running);
    }

    fn append(self: &Arc<Self>, index: usize) -> Result<(), Error> {
        let mut state = self.state.lock().unwrap();
        state.admit(false, self.limit)?;
        self.taken[index].fetch_add(1, Ordering::SeqCst);
        state.enqueue(self.job(index));
        self.dispatch(&mut state);
        self.check(&state);
        Ok(())
    }

    fn try_start(self: &Arc<Self>, index: usize) -> Result<(), Error> {
        let mut state = self.state.lock().unwrap();
        state.admit(true, self.limit)?;
        self.taken[index].fetch_add(1, Ordering::SeqCst);
        state.start_now(self.limit);
        self.spawn(self.job(index), false);
        self.check(&state);
        Ok(())
    }

    fn run(self: &Arc<Self>) -> Result<(), Error> {
        let mut state = self.state.lock().unwrap();
        state.run()?;
        self.dispatch(&mut state);
        self.check(&state);
        Ok(())
    }

    fn watch(self: &Arc<Self>) -> Result<(), Error> {
        let mut state = self.state.lock().unwrap();
        state.watch()?;
        self.dispatch(&mut state);
        self.check(&state);
        Ok(())
    }

    /// `stop` (or `close`), and with `halt` the running jobs are halted too.
    fn stop(&self, close: bool, halt: bool) {
        let cancelled = {
            let mut state = self.state.lock().unwrap();
            let cancelled = state.stop(close);
            if halt {
                self.halting.store(true, Ordering::SeqCst);
            }
            self.check(&state);
            cancelled
        };
        // Discarded after unlocking, as `Shared::discard` does.
        for job in cancelled {
            self.discarded[job.index].fetch_add(1, Ordering::SeqCst);
        }
    }

    /// A queued job's deadline passed (`Shared::expire`); a running or ended one is left be.
    fn expire(&self, index: usize) {
        let expired = {
            let mut state = self.state.lock().unwrap();
            let expired = state.expire_queued(self.ids[index]);
            self.check(&state);
            expired
        };
        if let Some(job) = expired {
            self.discarded[job.index].fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Joins the pool's threads (the callers joined theirs), then checks that nothing was lost
    /// or counted twice.
    fn finish(&self) {
        loop {
            let worker = self.workers.lock().unwrap().pop();
            match worker {
                Some(worker) => worker.join().unwrap(),
                None => break,
            }
        }
        let state = self.state.lock().unwrap();
        self.check(&state);
        let stats = state.stats();
        assert!(state.is_idle(), "threads joined but the manager is busy");
        assert_eq!(state.due_and_from_run(), (0, 0));
        let mut taken = 0;
        let mut out = 0;
        for index in 0..self.ids.len() {
            let times = self.taken[index].load(Ordering::SeqCst);
            let started = self.started[index].load(Ordering::SeqCst);
            let discarded = self.discarded[index].load(Ordering::SeqCst);
            assert!(times <= 1);
            assert!(
                started + discarded <= times,
                "job {index} started {started} and discarded {discarded} times"
            );
            taken += times;
            out += started + discarded;
        }
        assert_eq!(out + stats.queued, taken, "a job was lost");
        assert_eq!(
            stats.completed + stats.halted + stats.cancelled + stats.queued,
            taken,
            "the stats do not add up: {stats:?}"
        );
        assert_eq!(stats.panicked, 0);
    }
}

/// `append` and `run` on one thread racing `watch` and `stop` on another, and the jobs'
/// completion; one thread.
#[test]
fn append_run_watch_stop_and_completion() {
    loom::model(|| {
        let manager = Manager::new(1, 2);
        manager.append(0).unwrap();
        let driver = {
            let manager = Arc::clone(&manager);
            thread::spawn(move || {
                manager.append(1).unwrap();
                let _ = manager.run();
            })
        };
        let _ = manager.watch();
        manager.stop(false, false);
        driver.join().unwrap();
        manager.finish();
    });
}

/// `run` racing `halt` and the jobs' completion; two threads.
#[test]
fn run_racing_halt_and_completion() {
    loom::model(|| {
        let manager = Manager::new(2, 2);
        manager.append(0).unwrap();
        manager.append(1).unwrap();
        let driver = {
            let manager = Arc::clone(&manager);
            thread::spawn(move || {
                let _ = manager.run();
            })
        };
        manager.stop(false, true);
        driver.join().unwrap();
        manager.finish();
        let stats = manager.state.lock().unwrap().stats();
        assert_eq!(stats.queued, 0, "halt cancels what has not started");
    });
}

/// `try_start` and a queued job's deadline racing `watch` and `close`, and completion; one
/// thread.
#[test]
fn try_start_and_a_deadline_racing_watch_and_close() {
    loom::model(|| {
        let manager = Manager::new(1, 2);
        manager.append(0).unwrap();
        let driver = {
            let manager = Arc::clone(&manager);
            thread::spawn(move || {
                let _ = manager.try_start(1);
                manager.expire(0);
            })
        };
        let _ = manager.watch();
        manager.stop(true, false);
        assert!(matches!(manager.append(1), Err(Error::Stopped)));
        driver.join().unwrap();
        manager.finish();
    });
}
