//! The state a manager shares with its workers and its timer, and the operations that keep it
//! consistent. The invariants and the lock order are in the [module docs](super).

use std::time::Instant;

use super::id_hash::IdMap;
use super::job_ref::{JobEnd, JobRef};
use super::ledger;
use super::timer::Timer;
use crate::error::Error;
use crate::halt::HaltReason;
use crate::job::{JobError, JobId, JobStatus};
use crate::sync::{Arc, Condvar, Mutex, MutexGuard, lock, wait, wait_timeout};
use crate::token::HaltToken;

/// What a manager knows of one of its running jobs: its token (to halt it) and name. Its
/// status is `Running`: a record exists exactly while the job is counted in `Ledger::running`.
pub(super) struct Record {
    pub(super) token: HaltToken,
    pub(super) name: Option<String>,
    /// Whether its handle has resolved (see [`JobEnd`]).
    pub(super) end: JobEnd,
}

/// The manager's state, over its tasks.
pub(super) type Ledger = ledger::Ledger<JobRef>;

impl ledger::Queued for JobRef {
    fn id(&self) -> JobId {
        JobRef::id(self)
    }

    fn take_name(&mut self) -> Option<String> {
        JobRef::take_name(self)
    }
}

/// A manager's state, shared with the jobs on its pool (which do their own bookkeeping) and,
/// weakly, with its timer.
pub(super) struct Registry {
    pub(super) name: String,
    pub(super) limit: usize,
    pub(super) pool: rayon::ThreadPool,
    state: Mutex<Ledger>,
    /// Notified whenever a job ends or stops being due, for `wait` and `halt`.
    changed: Condvar,
    /// The running jobs, by id. Written only while `state` is locked, so that a reader holding
    /// `state` sees it agree with the counters. Queued jobs have no record (the queue holds
    /// their name) and ended ones are in `Ledger::finished`: two map operations per job.
    pub(super) records: IdMap<Record>,
    pub(super) timer: Timer,
}

impl Registry {
    pub(super) fn new(name: String, limit: usize, pool: rayon::ThreadPool) -> Self {
        Registry {
            name,
            limit,
            pool,
            state: Mutex::new(Ledger::default()),
            changed: Condvar::new(),
            records: IdMap::default(),
            timer: Timer::new(),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Ledger> {
        lock(&self.state)
    }

    /// Queues a job, and starts it at once if it is due and a thread is free.
    pub(super) fn enqueue(self: &Arc<Self>, state: &mut Ledger, task: JobRef) {
        state.enqueue(task);
        self.dispatch(state);
    }

    /// Starts a job at once, bypassing the queue. The caller checked that a thread is free.
    pub(super) fn start_now(self: &Arc<Self>, state: &mut Ledger, task: JobRef) {
        state.start_now(self.limit);
        self.spawn(task, false);
        debug_assert_eq!(
            self.records.len(),
            state.running,
            "a record per running job"
        );
    }

    /// Starts due jobs, oldest first, while threads are free ([`ledger::Ledger::dispatch`]).
    pub(super) fn dispatch(self: &Arc<Self>, state: &mut Ledger) {
        state.dispatch(self.limit, |task, from_run| self.spawn(task, from_run));
        debug_assert_eq!(
            self.records.len(),
            state.running,
            "a record per running job"
        );
    }

    /// Records `task` as running and hands it to the pool.
    ///
    /// Spawning happens under the lock: it only pushes the job onto one of rayon's queues and
    /// wakes a worker, it runs no code of ours or the user's, and so every job counted in
    /// `running` has been handed to the pool by the time anyone else sees the count.
    fn spawn(self: &Arc<Self>, mut task: JobRef, from_run: bool) {
        let record = Record {
            token: task.token().clone(),
            name: task.take_name(),
            end: task.end(),
        };
        self.records.insert(task.id(), record);
        task.mark_started();
        let registry = Arc::clone(self);
        let id = task.id();
        self.pool.spawn(move || {
            task.run(&registry.timer, &|status| {
                registry.finished(id, status, from_run)
            });
        });
    }

    /// The bookkeeping of a job that ended on its worker: frees its thread, records how it
    /// ended, and starts the next due job. Runs before the job's handle resolves.
    pub(super) fn finished(self: &Arc<Self>, id: JobId, status: JobStatus, from_run: bool) {
        let record = {
            let mut state = self.lock();
            let mut record = self.records.remove(&id).map(|(_, record)| record);
            debug_assert!(record.is_some(), "a running job has a record");
            let name = record.as_mut().and_then(|record| record.name.take());
            state.finish_running(id, name, status, from_run);
            self.dispatch(&mut state);
            self.notify(&state);
            record
        };
        // Its token, released after unlocking (it may be the last clone: a slot lock).
        drop(record);
    }

    /// Drops the records of the `count` oldest finished jobs; returns how many it dropped.
    pub(super) fn clean(&self, state: &mut Ledger, count: usize) -> usize {
        let count = count.min(state.finished.len());
        state.finished.drain(..count);
        count
    }

    /// How many finished jobs have a record.
    pub(super) fn finished_records(state: &Ledger) -> usize {
        state.finished.len()
    }

    /// Stops watching (and with `close` closes), and takes every queued job out of the queue,
    /// counted as cancelled. The caller delivers their outcome with
    /// [`discard`](Registry::discard) after unlocking.
    pub(super) fn cancel_queued(&self, state: &mut Ledger, close: bool) -> Vec<JobRef> {
        let tasks = state.stop(close);
        self.notify(state);
        tasks
    }

    /// Delivers `error` to jobs taken out of the queue, without running them; returns their
    /// ids. Call it without holding the lock: it drops the jobs' closures and wakes joiners.
    pub(super) fn discard(&self, tasks: Vec<JobRef>, error: &JobError) -> Vec<JobId> {
        let mut ids = Vec::with_capacity(tasks.len());
        for task in tasks {
            let id = task.id();
            if let Some(deadline) = task.deadline() {
                self.timer.remove(deadline, id);
            }
            task.discard(error.clone());
            ids.push(id);
        }
        ids
    }

    /// Starts the deadline timer unless it runs already.
    pub(super) fn ensure_timer(self: &Arc<Self>) -> Result<(), Error> {
        let registry = Arc::downgrade(self);
        self.timer
            .start(
                || format!("{}-timer", self.name),
                move |id| match registry.upgrade() {
                    Some(registry) => {
                        registry.expire(id);
                        true
                    }
                    None => false,
                },
            )
            .map_err(Error::TimerThread)
    }

    /// The deadline of job `id` passed: halt it if it runs, finish it without running if it is
    /// queued, nothing if it ended.
    fn expire(self: &Arc<Self>, id: JobId) {
        let mut state = self.lock();
        if let Some(token) = self.records.get(&id).map(|record| record.token.clone()) {
            drop(state);
            token.halt_with(HaltReason::Deadline);
            return;
        }
        // Only jobs with a deadline get here, so this search is rare.
        let Some(task) = state.expire_queued(id) else {
            return; // it ended
        };
        self.notify(&state);
        drop(state);
        task.discard(JobError::Halted(HaltReason::Deadline));
    }

    /// Waits until `done(state)` holds, or until `deadline` (for ever if `None`). Returns the
    /// guard and whether `done` held.
    pub(super) fn wait_until<'a>(
        &'a self,
        mut state: MutexGuard<'a, Ledger>,
        deadline: Option<Instant>,
        mut done: impl FnMut(&Ledger) -> bool,
    ) -> (MutexGuard<'a, Ledger>, bool) {
        state.waiters += 1;
        let done = loop {
            if done(&state) {
                break true;
            }
            match deadline {
                None => state = wait(&self.changed, state),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break false;
                    }
                    state = wait_timeout(&self.changed, state, left);
                }
            }
        };
        state.waiters -= 1;
        (state, done)
    }

    /// Wakes the threads in [`wait_until`](Registry::wait_until), if any.
    pub(super) fn notify(&self, state: &Ledger) {
        if state.waiters > 0 {
            self.changed.notify_all();
        }
    }

    /// True if the calling thread is one of this manager's workers.
    pub(super) fn on_worker(&self) -> bool {
        self.pool.current_thread_index().is_some()
    }
}
