//! The state a manager shares with its workers and its timer, and the operations that keep it
//! consistent. The invariants and the lock order are in the [module docs](super).

use std::collections::VecDeque;
use std::time::Instant;

use super::id_hash::IdMap;
use super::task::Task;
use super::timer::Timer;
use crate::error::Error;
use crate::halt::HaltReason;
use crate::job::{JobError, JobId, JobStatus};
use crate::sync::{Arc, Condvar, Mutex, MutexGuard, lock, wait, wait_timeout};
use crate::token::HaltToken;

/// How many records of finished jobs a manager keeps (for [`job`](super::ThreadManager::job))
/// before it drops the oldest.
pub(super) const FINISHED_RECORDS_KEPT: usize = 1024;

/// What a manager knows of one of its running jobs: its token (to halt it) and name. Its
/// status is `Running`: a record exists exactly while the job is counted in `State::running`.
pub(super) struct Record {
    pub(super) token: HaltToken,
    pub(super) name: Option<String>,
}

/// What a manager keeps of a job that ended, for [`job`](super::ThreadManager::job).
pub(super) struct Ended {
    pub(super) id: JobId,
    pub(super) name: Option<String>,
    pub(super) status: JobStatus,
}

/// Everything guarded by the manager's lock.
#[derive(Default)]
pub(super) struct State {
    /// Jobs waiting for a thread, oldest first.
    pub(super) queue: VecDeque<Task>,
    /// How many jobs at the front of `queue` a `run` made due to start.
    pub(super) due: usize,
    /// Jobs handed to the pool whose bookkeeping has not been done.
    pub(super) running: usize,
    /// The part of `running` that a `run` batch started.
    pub(super) running_from_run: usize,
    /// Every queued job is due while watching.
    pub(super) watching: bool,
    /// No job is taken any more.
    pub(super) closed: bool,
    /// The last [`FINISHED_RECORDS_KEPT`] jobs that ended, oldest first.
    pub(super) finished: VecDeque<Ended>,
    /// Threads blocked on `Shared::changed`; nobody is woken when there are none.
    waiters: usize,
    pub(super) completed: usize,
    pub(super) halted: usize,
    pub(super) panicked: usize,
    pub(super) cancelled: usize,
}

impl State {
    /// No job is running and none is due to start.
    pub(super) fn is_idle(&self) -> bool {
        self.running == 0 && !self.has_due_job()
    }

    /// Jobs of a `run` batch are due or running.
    pub(super) fn run_in_progress(&self) -> bool {
        self.due > 0 || self.running_from_run > 0
    }

    fn has_due_job(&self) -> bool {
        !self.queue.is_empty() && (self.watching || self.due > 0)
    }
}

/// A manager's state, shared with the jobs on its pool (which do their own bookkeeping) and,
/// weakly, with its timer.
pub(super) struct Shared {
    pub(super) name: String,
    pub(super) limit: usize,
    pub(super) pool: rayon::ThreadPool,
    state: Mutex<State>,
    /// Notified whenever a job ends or stops being due, for `wait` and `halt`.
    changed: Condvar,
    /// The running jobs, by id. Written only while `state` is locked, so that a reader holding
    /// `state` sees it agree with the counters. Queued jobs have no record (the queue holds
    /// their name) and ended ones are in `State::finished`: two map operations per job.
    pub(super) records: IdMap<Record>,
    pub(super) timer: Timer,
}

impl Shared {
    pub(super) fn new(name: String, limit: usize, pool: rayon::ThreadPool) -> Self {
        Shared {
            name,
            limit,
            pool,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            records: IdMap::default(),
            timer: Timer::new(),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Queues a job, and starts it at once if it is due and a thread is free.
    pub(super) fn enqueue(self: &Arc<Self>, state: &mut State, task: Task) {
        debug_assert!(!state.closed);
        state.queue.push_back(task);
        self.dispatch(state);
    }

    /// Starts a job at once, bypassing the queue. The caller checked that a thread is free.
    pub(super) fn start_now(self: &Arc<Self>, state: &mut State, task: Task) {
        debug_assert!(!state.closed);
        self.start(state, task, false);
    }

    /// Starts due jobs, oldest first, while threads are free.
    ///
    /// Called at the end of every critical section that can free a thread or make a job due,
    /// so that a free thread and a due job never wait for each other.
    pub(super) fn dispatch(self: &Arc<Self>, state: &mut State) {
        while state.running < self.limit && state.has_due_job() {
            let Some(task) = state.queue.pop_front() else {
                break;
            };
            let from_run = state.due > 0;
            if from_run {
                state.due -= 1;
            }
            self.start(state, task, from_run);
        }
        debug_assert!(state.running == self.limit || !state.has_due_job());
    }

    /// Hands `task` to the pool, counted as running.
    ///
    /// Spawning happens under the lock: it only pushes the job onto one of rayon's queues and
    /// wakes a worker, it runs no code of ours or the user's, and so every job counted in
    /// `running` has been handed to the pool by the time anyone else sees the count.
    fn start(self: &Arc<Self>, state: &mut State, mut task: Task, from_run: bool) {
        debug_assert!(
            state.running < self.limit,
            "the thread limit is never exceeded"
        );
        state.running += 1;
        if from_run {
            state.running_from_run += 1;
        }
        let record = Record {
            token: task.token().clone(),
            name: task.take_name(),
        };
        self.records.insert(task.id(), record);
        debug_assert_eq!(
            self.records.len(),
            state.running,
            "a record per running job"
        );
        task.mark_started();
        let shared = Arc::clone(self);
        self.pool.spawn(move || task.run(&shared, from_run));
    }

    /// The bookkeeping of a job that ended on its worker: frees its thread, records how it
    /// ended, and starts the next due job. Runs before the job's handle resolves.
    pub(super) fn finished(self: &Arc<Self>, id: JobId, status: JobStatus, from_run: bool) {
        let record = {
            let mut state = self.lock();
            state.running -= 1;
            if from_run {
                state.running_from_run -= 1;
            }
            let mut record = self.records.remove(&id).map(|(_, record)| record);
            debug_assert!(record.is_some(), "a running job has a record");
            debug_assert_eq!(
                self.records.len(),
                state.running,
                "a record per running job"
            );
            let name = record.as_mut().and_then(|record| record.name.take());
            self.set_terminal(&mut state, id, name, status);
            self.dispatch(&mut state);
            self.notify(&state);
            record
        };
        // Its token, released after unlocking (it may be the last clone: a slot lock).
        drop(record);
    }

    /// Records that job `id` ended with `status`, counts it, and keeps what is known of it
    /// among the finished jobs (dropping the oldest past [`FINISHED_RECORDS_KEPT`]). The job
    /// is no longer queued nor running.
    fn set_terminal(&self, state: &mut State, id: JobId, name: Option<String>, status: JobStatus) {
        match status {
            JobStatus::Completed => state.completed += 1,
            JobStatus::Halted => state.halted += 1,
            JobStatus::Panicked => state.panicked += 1,
            JobStatus::Cancelled => state.cancelled += 1,
            JobStatus::Queued | JobStatus::Running => {
                debug_assert!(false, "{status:?} is not terminal");
                return;
            }
        }
        debug_assert!(
            !self.records.contains_key(&id),
            "an ended job is not running"
        );
        if state.finished.len() >= FINISHED_RECORDS_KEPT {
            state.finished.pop_front();
        }
        state.finished.push_back(Ended { id, name, status });
    }

    /// Drops the records of the `count` oldest finished jobs; returns how many it dropped.
    pub(super) fn clean(&self, state: &mut State, count: usize) -> usize {
        let count = count.min(state.finished.len());
        state.finished.drain(..count);
        count
    }

    /// How many finished jobs have a record.
    pub(super) fn finished_records(state: &State) -> usize {
        state.finished.len()
    }

    /// Takes every queued job out of the queue, counted as cancelled. The caller delivers
    /// their outcome with [`discard`](Shared::discard) after unlocking.
    pub(super) fn cancel_queued(&self, state: &mut State) -> Vec<Task> {
        state.due = 0;
        let mut tasks: Vec<Task> = state.queue.drain(..).collect();
        for task in &mut tasks {
            self.set_terminal(state, task.id(), task.take_name(), JobStatus::Cancelled);
        }
        self.notify(state);
        tasks
    }

    /// Delivers `error` to jobs taken out of the queue, without running them; returns their
    /// ids. Call it without holding the lock: it drops the jobs' closures and wakes joiners.
    pub(super) fn discard(&self, tasks: Vec<Task>, error: &JobError) -> Vec<JobId> {
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
        let shared = Arc::downgrade(self);
        self.timer
            .start(
                || format!("{}-timer", self.name),
                move |id| match shared.upgrade() {
                    Some(shared) => {
                        shared.expire(id);
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
        let Some(position) = state.queue.iter().position(|task| task.id() == id) else {
            return; // it ended
        };
        let Some(mut task) = state.queue.remove(position) else {
            return;
        };
        if position < state.due {
            state.due -= 1;
        }
        self.set_terminal(&mut state, id, task.take_name(), JobStatus::Halted);
        self.notify(&state);
        drop(state);
        task.discard(JobError::Halted(HaltReason::Deadline));
    }

    /// Waits until `done(state)` holds, or until `deadline` (for ever if `None`). Returns the
    /// guard and whether `done` held.
    pub(super) fn wait_until<'a>(
        &'a self,
        mut state: MutexGuard<'a, State>,
        deadline: Option<Instant>,
        mut done: impl FnMut(&State) -> bool,
    ) -> (MutexGuard<'a, State>, bool) {
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

    /// Wakes the threads in [`wait_until`](Shared::wait_until), if any.
    pub(super) fn notify(&self, state: &State) {
        if state.waiters > 0 {
            self.changed.notify_all();
        }
    }

    /// True if the calling thread is one of this manager's workers.
    pub(super) fn on_worker(&self) -> bool {
        self.pool.current_thread_index().is_some()
    }
}
