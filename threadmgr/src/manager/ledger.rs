//! The manager's state machine: the queue, the due and running counts, the watching and closed
//! flags, the counters of ended jobs, and the decisions taken on them (what to start, what to
//! cancel, what to refuse). Plain data, guarded by the manager's lock: each method is one step
//! of a critical section and returns what the caller must do after it (start these jobs, discard
//! those), so that the rayon pool, the records map and the handles stay out of it.
//!
//! [`Registry`](super::registry::Registry) drives it in production; under `cfg(loom)` the model in
//! `ledger_model.rs` (a child module, under `cfg(all(test, loom))`) drives the same methods from several threads, with fake jobs and
//! loom threads for the pool. The invariants are in the [module docs](super).

use std::collections::VecDeque;
use std::fmt;

use super::report::Stats;
use crate::error::Error;
use crate::job::{JobId, JobStatus};

/// How many records of finished jobs a manager keeps (for [`job`](super::ThreadManager::job))
/// before it drops the oldest.
pub(crate) const FINISHED_RECORDS_KEPT: usize = 1024;

/// What the state needs of a queued job: its id, and its name to keep once it ends.
pub(crate) trait Queued {
    /// The job's id.
    fn id(&self) -> JobId;
    /// Takes the job's name, if it has one.
    fn take_name(&mut self) -> Option<String>;
}

/// What a manager keeps of a job that ended, for [`job`](super::ThreadManager::job).
pub(crate) struct Ended {
    pub(crate) id: JobId,
    pub(crate) name: Option<String>,
    pub(crate) status: JobStatus,
}

/// Everything guarded by the manager's lock, over its jobs of type `T` (a `JobRef` in
/// production).
pub(crate) struct Ledger<T> {
    /// Jobs waiting for a thread, oldest first.
    pub(crate) queue: VecDeque<T>,
    /// How many jobs at the front of `queue` a `run` made due to start.
    pub(crate) due: usize,
    /// Jobs handed to the pool whose bookkeeping has not been done.
    pub(crate) running: usize,
    /// The part of `running` that a `run` batch started.
    pub(crate) running_from_run: usize,
    /// Every queued job is due while watching.
    pub(crate) watching: bool,
    /// No job is taken any more.
    pub(crate) closed: bool,
    /// The last [`FINISHED_RECORDS_KEPT`] jobs that ended, oldest first.
    pub(crate) finished: VecDeque<Ended>,
    /// Threads blocked on `Registry::changed`; nobody is woken when there are none.
    pub(crate) waiters: usize,
    pub(crate) completed: usize,
    pub(crate) halted: usize,
    pub(crate) panicked: usize,
    pub(crate) cancelled: usize,
}

impl<T> fmt::Debug for Ledger<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ledger")
            .field("stats", &self.stats())
            .field("due", &self.due)
            .field("running_from_run", &self.running_from_run)
            .field("watching", &self.watching)
            .field("closed", &self.closed)
            .finish_non_exhaustive()
    }
}

impl<T> Default for Ledger<T> {
    /// An empty state: nothing queued, not watching, open.
    fn default() -> Self {
        Ledger {
            queue: VecDeque::new(),
            due: 0,
            running: 0,
            running_from_run: 0,
            watching: false,
            closed: false,
            finished: VecDeque::new(),
            waiters: 0,
            completed: 0,
            halted: 0,
            panicked: 0,
            cancelled: 0,
        }
    }
}

impl<T: Queued> Ledger<T> {
    /// Whether a job may be taken (`now`: to start at once) with `limit` threads; the caller
    /// then [`enqueue`](Self::enqueue)s it or [`start_now`](Self::start_now)s it.
    pub(crate) fn admit(&self, now: bool, limit: usize) -> Result<(), Error> {
        if self.closed {
            Err(Error::Stopped)
        } else if now && self.running >= limit {
            Err(Error::ThreadLimitReached {
                limit,
                running: self.running,
            })
        } else {
            Ok(())
        }
    }

    /// Queues a job; the caller then [`dispatch`](Self::dispatch)es.
    pub(crate) fn enqueue(&mut self, task: T) {
        debug_assert!(!self.closed);
        self.queue.push_back(task);
    }

    /// Counts a job that starts at once, bypassing the queue; the caller checked with
    /// [`admit`](Self::admit) that a thread is free, and hands the job to the pool.
    pub(crate) fn start_now(&mut self, limit: usize) {
        debug_assert!(!self.closed);
        self.count_start(limit, false);
    }

    /// Makes every queued job due (a `run`); the caller then [`dispatch`](Self::dispatch)es.
    pub(crate) fn run(&mut self) -> Result<(), Error> {
        if self.closed {
            return Err(Error::Stopped);
        }
        if self.run_in_progress() {
            return Err(Error::ThreadsAlreadyRunning);
        }
        if self.queue.is_empty() {
            return Err(Error::NoThreadsFound);
        }
        self.due = self.queue.len();
        Ok(())
    }

    /// Starts watching; the caller then [`dispatch`](Self::dispatch)es.
    pub(crate) fn watch(&mut self) -> Result<(), Error> {
        if self.closed {
            return Err(Error::Stopped);
        }
        if self.watching {
            return Err(Error::ThreadManagerAlreadyRunning);
        }
        self.watching = true;
        Ok(())
    }

    /// Takes due jobs out of the queue, oldest first, while fewer than `limit` run, counting
    /// each as running, and gives each to `start` (to hand to the pool) with whether a `run`
    /// batch started it.
    ///
    /// Called at the end of every critical section that can free a thread or make a job due,
    /// so that a free thread and a due job never wait for each other.
    pub(crate) fn dispatch(&mut self, limit: usize, mut start: impl FnMut(T, bool)) {
        while self.running < limit && self.has_due_job() {
            let Some(task) = self.queue.pop_front() else {
                break;
            };
            let from_run = self.due > 0;
            if from_run {
                self.due -= 1;
            }
            self.count_start(limit, from_run);
            start(task, from_run);
        }
        debug_assert!(self.running == limit || !self.has_due_job());
    }

    fn count_start(&mut self, limit: usize, from_run: bool) {
        debug_assert!(self.running < limit, "the thread limit is never exceeded");
        self.running += 1;
        if from_run {
            self.running_from_run += 1;
        }
    }

    /// The bookkeeping of a running job that ended with `status`: frees its thread and records
    /// how it ended. The caller then [`dispatch`](Self::dispatch)es.
    pub(crate) fn finish_running(
        &mut self,
        id: JobId,
        name: Option<String>,
        status: JobStatus,
        from_run: bool,
    ) {
        self.running -= 1;
        if from_run {
            self.running_from_run -= 1;
        }
        self.set_terminal(id, name, status);
    }

    /// Stops watching (and with `close` takes no job any more), and takes every queued job
    /// out of the queue, counted as cancelled. The caller delivers their outcome after
    /// unlocking.
    pub(crate) fn stop(&mut self, close: bool) -> Vec<T> {
        self.watching = false;
        self.closed |= close;
        self.due = 0;
        let mut tasks: Vec<T> = self.queue.drain(..).collect();
        for task in &mut tasks {
            let (id, name) = (task.id(), task.take_name());
            self.set_terminal(id, name, JobStatus::Cancelled);
        }
        tasks
    }

    /// Takes job `id` out of the queue, counted as halted (its deadline passed), if it is
    /// queued. The caller delivers its outcome after unlocking.
    pub(crate) fn expire_queued(&mut self, id: JobId) -> Option<T> {
        let position = self.queue.iter().position(|task| task.id() == id)?;
        let mut task = self.queue.remove(position)?;
        if position < self.due {
            self.due -= 1;
        }
        let name = task.take_name();
        self.set_terminal(id, name, JobStatus::Halted);
        Some(task)
    }

    /// Records that job `id` ended with `status`, counts it, and keeps what is known of it
    /// among the finished jobs (dropping the oldest past [`FINISHED_RECORDS_KEPT`]). The job
    /// is no longer queued nor running.
    fn set_terminal(&mut self, id: JobId, name: Option<String>, status: JobStatus) {
        match status {
            JobStatus::Completed => self.completed += 1,
            JobStatus::Halted => self.halted += 1,
            JobStatus::Panicked => self.panicked += 1,
            JobStatus::Cancelled => self.cancelled += 1,
            JobStatus::Queued | JobStatus::Running => {
                debug_assert!(false, "{status:?} is not terminal");
                return;
            }
        }
        if self.finished.len() >= FINISHED_RECORDS_KEPT {
            self.finished.pop_front();
        }
        self.finished.push_back(Ended { id, name, status });
    }
}

impl<T> Ledger<T> {
    /// No job is running and none is due to start.
    pub(crate) fn is_idle(&self) -> bool {
        self.running == 0 && !self.has_due_job()
    }

    /// Jobs of a `run` batch are due or running.
    pub(crate) fn run_in_progress(&self) -> bool {
        self.due > 0 || self.running_from_run > 0
    }

    /// A queued job is due to start.
    pub(crate) fn has_due_job(&self) -> bool {
        !self.queue.is_empty() && (self.watching || self.due > 0)
    }

    /// How many jobs are queued and running, and how many ended each way.
    pub(crate) fn stats(&self) -> Stats {
        Stats {
            queued: self.queue.len(),
            running: self.running,
            completed: self.completed,
            halted: self.halted,
            panicked: self.panicked,
            cancelled: self.cancelled,
        }
    }

    /// How many jobs at the front of the queue are due; how many running jobs a `run` started.
    #[cfg(all(test, loom))]
    pub(crate) fn due_and_from_run(&self) -> (usize, usize) {
        (self.due, self.running_from_run)
    }
}

#[cfg(all(test, loom))]
#[path = "ledger_model.rs"]
mod model;
