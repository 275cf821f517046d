//! [`ThreadManager`]: a queue of haltable jobs run on a bounded rayon pool.
//!
//! # Design
//!
//! A manager is a [`ThreadManager`] owning an `Arc<Registry>` ([`registry`]): one rayon
//! `ThreadPool` of `limit` threads, one mutex over the queue, the counters and the last 1024
//! ended jobs (`Ledger`), a `DashMap` of the running jobs' records (token and name, keyed by id
//! and hashed with one multiply: [`id_hash`]), a condition variable for `wait` and `halt`, and
//! a deadline [`timer`]. Queued jobs have no record: the queue holds them, name included, so
//! that a queued job costs little memory and a job costs two map operations (insert when it
//! starts, remove when it ends). Each job is one allocation (a `job::Job`: id, token,
//! the `Completion` its handle waits on, and the closure and options) that the handle and a
//! type-erased [`job_ref::JobRef`] share; the `JobRef`, of which there is one per job, alone owns the
//! closure.
//!
//! There is no watcher and no polling. A job is handed to the pool only when a thread is free,
//! so the manager's own queue is the only queue and `stop`/`halt` can cancel all that has not
//! started. Work moves on in three places, all under the state lock:
//!
//! - `append` queues; `run` marks the queued jobs *due* (`due` counts them, at the queue's front);
//!   `watch` makes every queued job due. Each then calls `dispatch`, which starts due jobs while
//!   `running < limit`.
//! - A job's pool closure runs its `JobRef` (`job::execute`: token installed, `catch_unwind`),
//!   which reports how the job ended to the registry (`Registry::finished`: `running -= 1`,
//!   counters, record, `dispatch` the next due job, wake waiters) and only then delivers the
//!   outcome to its handle. The `JobRef` only runs and resolves; the registry decides what
//!   follows.
//! - `try_start` takes a free thread directly, or fails.
//!
//! The timer thread (started by the first job with a timeout or deadline) calls back
//! `Registry::expire`: a running job is halted with `HaltReason::Deadline`; a queued one is taken
//! out of the queue and finished as halted without running.
//!
//! Files: `submit.rs` (append, try_start, run, watch), `observe.rs` (wait, stats, running,
//! job, clean), `shutdown.rs` (stop, close, halt, shutdown, drop), `ledger.rs` (the state machine
//! under the lock: queue, counts, flags, and what to start, cancel or refuse), `registry.rs`
//! (the state shared with the workers, and the dispatch and bookkeeping that keep the state,
//! the records and the pool consistent), `job_ref.rs` (a job, type-erased),
//! `timer.rs`, `builder.rs`, `options.rs` (job options), `report.rs` (what the manager reports),
//! `uid.rs`, `id_hash.rs` (the map's hasher).
//!
//! # Invariants
//!
//! They hold whenever the state lock is free, under any interleaving of `append`, `run`,
//! `watch`, `try_start`, `stop`, `halt`, drop, deadlines and job completion.
//!
//! 1. **No job is lost or started twice.** A job is in exactly one place: in the queue (with
//!    no record), handed to the pool (a record in `records`, counted in `running`), or ended
//!    (in `Ledger::finished`, until it is dropped past 1024 or by `clean`). It moves only under
//!    the lock, by whoever takes it out of its place (`dispatch` pops it; `stop`/`halt` drain
//!    the queue; `expire` removes it), and that owner calls exactly one of `JobRef::run` or
//!    `JobRef::discard`.
//! 2. **No job is counted twice.** A job is recorded as ended once, in `Ledger::set_terminal`,
//!    which bumps the matching counter in the same critical section (and, for a running job,
//!    `Registry::finished` removes its record there too); the same owner then delivers the
//!    outcome once (`Completion::finish`), after unlocking. So the bookkeeping is done before a
//!    handle resolves: once `join` returns, `running()`, `stats()` and `run()` see the job as
//!    ended.
//! 3. **The limit is never exceeded.** `running <= limit`, and `running` equals the number of
//!    records. A job's code has returned or unwound before its `running -= 1`.
//! 4. **Free threads never idle beside due jobs.** `running < limit` implies that no queued job
//!    is due: `dispatch` ends every critical section that frees a thread or makes a job due.
//!    `due <= queue.len()`, and `running_from_run <= running`.
//! 5. **`wait` never hangs on jobs that will not start.** It waits for `running == 0` and no due
//!    job; a queued job that is not due becomes due only by a later `run` or `watch`.
//!
//! `debug_assert!`s check 3 and 4 where they can break; the stress tests in
//! `tests/manager_invariants.rs` exercise all five. `DashMap` and rayon are not loom-aware, so
//! the state machine is model-checked on its own: the transitions of the queue, the counts and
//! the flags, and the decisions taken on them, are `Ledger`'s methods (`ledger.rs`), which
//! `Registry` calls under the lock and which the loom model `ledger_model.rs` (a child module
//! under `cfg(all(test, loom))`) drives from several threads with fake jobs, checking 1 to 4
//! (bar the records) under every interleaving.
//!
//! # Locks
//!
//! Order: the state mutex, then a `records` shard (taken briefly, always under the state lock),
//! then rayon's internal locks (`pool.spawn` under the state lock only queues a job and wakes a
//! worker). A token's locks (its `family`: children and a halt reason, which also guards
//! leasing its slot on the first install; the slot table's and the slot's) are never taken
//! under the state lock: a job's token is installed on its worker, tokens are halted after
//! unlocking, and a removed record's token is dropped after unlocking. The timer's mutex and a `Completion`'s
//! mutex are leaves: nothing else is locked while they are held. A `Completion`'s is never
//! taken under the state lock; the timer's is, once, by `submit`, which registers a job's
//! deadline under the state lock before it queues or starts the job, so that a timer that
//! fires at once finds the job queued or running (and not neither, which it would take for a
//! job that ended).
//!
//! No user code runs under the state lock: jobs run on the pool without it, the closures of
//! jobs that never run are dropped after unlocking (`Registry::discard`, inside `catch_unwind`),
//! and `Completion::finish` (which wakes joiners and may drop a result) is called after
//! unlocking.
//!
//! # Rayon
//!
//! The pool has a `panic_handler`, so nothing can abort the process; jobs catch their own
//! panics anyway. A job that uses `par_iter` or `join` shares the pool's threads with the other
//! jobs; while it waits for its subtasks, rayon may run another manager job on the same thread,
//! nested in its stack (work stealing). That job is counted and halted normally, but the outer
//! job cannot finish before it, and the two deadlock if the nested one waits for the outer one
//! (documented on `ThreadManager`, "Jobs that use rayon"). Jobs never enter rayon's queues
//! only if they are pulled by loops that own the workers, which would keep idle workers from
//! helping the jobs' parallel work; that trade was not made.

mod builder;
mod id_hash;
mod job_ref;
mod ledger;
mod observe;
mod options;
mod registry;
mod report;
mod shutdown;
mod submit;
#[cfg(test)]
mod tests;
mod timer;
mod uid;

use std::fmt;

pub use builder::ThreadManagerBuilder;
pub use options::JobOptions;
pub use report::{JobInfo, ShutdownReport, Stats};

use self::registry::Registry;
use crate::error::Error;
use crate::sync::Arc;

/// Runs haltable jobs on a bounded pool of threads: queue them, start them in batches or as they
/// come, and stop, halt or time them out.
///
/// [`append`](Self::append) queues a job and gives back its [`JobHandle`](crate::JobHandle);
/// [`run`](Self::run) starts what is queued, at most [`thread_limit`](Self::thread_limit) at a
/// time; [`watch`](Self::watch) starts every job as soon as it is appended and a thread is
/// free. [`stop`](Self::stop) cancels what has not started and lets the rest finish;
/// [`halt`](Self::halt) also halts what runs.
/// A job stops when halted at its next checkpoint (see [`#[haltable]`](crate::haltable),
/// [`checkpoint`](crate::checkpoint()) and [`sleep`](crate::sleep)).
///
/// The manager is `Send + Sync`: share it by reference or in an `Arc` to append from many
/// threads. Dropping it halts its running jobs, cancels its queued ones and waits until the
/// halted jobs have unwound, so that no job outlives it. Like [`halt`](Self::halt), the drop
/// waits for a job that never reaches a checkpoint; call [`halt_timeout`](Self::halt_timeout)
/// first where that can happen. The one exception: dropped from one of its own jobs (that job
/// held the last reference), it halts and cancels as always but returns without waiting, since
/// it would wait for that job and for any job beneath it on the same thread (see "Jobs that use
/// rayon" below); those jobs end at their next checkpoint.
///
/// # Jobs that use rayon
///
/// A job that calls `par_iter`, `rayon::join` or `rayon::scope` shares the pool's threads with
/// the other jobs. While it waits for a piece that another thread took, rayon's work stealing
/// may run another *queued job* on the waiting thread, nested above it in the same stack; the
/// outer job cannot return before the nested one does. If the nested job waits for the outer
/// one (a channel, a lock, a barrier), neither ends: a deadlock that a halt of the outer job
/// cannot reach (its next checkpoint is below the nested job). A halt of the nested job ends it
/// if that job waits haltably ([`recv`](crate::recv), [`wait_while`](crate::wait_while),
/// [`sleep`](crate::sleep), [`HaltToken::wait_timeout`](crate::HaltToken::wait_timeout), or a
/// wait that checks [`checkpoint`](crate::checkpoint()) in a loop); [`halt`](Self::halt) halts
/// both. Jobs that
/// wait for each other should not use rayon's parallel calls while the other may be queued, or
/// should run on two managers.
///
/// A job that panics ends with [`JobError::Panicked`](crate::JobError::Panicked); the manager
/// and its other jobs go on.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use threadmgr::{HaltReason, JobError, ThreadManager};
///
/// let manager = ThreadManager::builder().thread_limit(4).build()?;
/// let handles = (0..100_u64)
///     .map(|i| {
///         manager.append(move || {
///             threadmgr::sleep(Duration::from_millis(i % 3)); // halts at once when halted
///             i * i
///         })
///     })
///     .collect::<Result<Vec<_>, _>>()?;
/// manager.run()?; // starts the queued jobs, at most 4 at a time
/// std::thread::sleep(Duration::from_millis(20));
/// let report = manager.halt(); // halts the running jobs, cancels the queued ones
/// assert!(report.halted.len() <= 4);
/// for (i, handle) in (0_u64..).zip(handles) {
///     match handle.join() {
///         Ok(square) => assert_eq!(square, i * i),
///         Err(JobError::Halted(reason)) => assert_eq!(reason, HaltReason::Shutdown),
///         Err(error) => assert_eq!(error, JobError::Cancelled),
///     }
/// }
/// # Ok::<(), threadmgr::Error>(())
/// ```
pub struct ThreadManager {
    registry: Arc<Registry>,
    uid: String,
}

impl ThreadManager {
    /// A manager with the default settings: at most 10 jobs at once, threads named
    /// `threadmgr-N`.
    ///
    /// # Panics
    ///
    /// If the worker threads cannot be started; [`builder`](Self::builder)`().build()` returns
    /// that error instead.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// assert_eq!(manager.thread_limit(), 10);
    /// ```
    pub fn new() -> Self {
        Self::builder()
            .build()
            .unwrap_or_else(|error| panic!("cannot create a ThreadManager: {error}"))
    }

    /// A builder, to set the thread limit and the threads' names.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::builder().thread_limit(2).build()?;
    /// assert_eq!(manager.thread_limit(), 2);
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn builder() -> ThreadManagerBuilder {
        ThreadManagerBuilder::default()
    }

    /// The highest thread limit a manager accepts.
    ///
    /// A manager starts all the threads of its limit when it is built (a bounded rayon pool),
    /// which takes about 2 ms a thread here, and each thread reserves a stack: a limit of
    /// thousands is a mistake that would cost seconds and gigabytes of address space, so it is
    /// refused with [`Error::InvalidThreadLimit`] instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{Error, ThreadManager};
    ///
    /// assert!(matches!(
    ///     ThreadManager::builder().thread_limit(ThreadManager::MAX_THREAD_LIMIT + 1).build(),
    ///     Err(Error::InvalidThreadLimit)
    /// ));
    /// ```
    pub const MAX_THREAD_LIMIT: usize = 1024;

    pub(super) fn from_builder(builder: ThreadManagerBuilder) -> Result<Self, Error> {
        let ThreadManagerBuilder { thread_limit, name } = builder;
        if thread_limit == 0 || thread_limit > Self::MAX_THREAD_LIMIT {
            return Err(Error::InvalidThreadLimit);
        }
        let thread_name = name.clone();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(thread_limit)
            .thread_name(move |i| format!("{thread_name}-{i}"))
            // Jobs catch their own panics; this catches the rest (a panic in the destructor of
            // a detached job's result), which rayon would otherwise turn into an abort. The
            // panic hook has reported it already.
            .panic_handler(|_| {})
            .build()?;
        Ok(ThreadManager {
            registry: Arc::new(Registry::new(name, thread_limit, pool)),
            uid: uid::generate("-"),
        })
    }

    /// A new random id like a manager's [`uid`](Self::uid): six chunks of six alphanumeric
    /// characters, joined by `delimiter`.
    ///
    /// The ids are unique in practice, but not secret: do not use them as passwords or keys.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::ThreadManager;
    ///
    /// let uid = ThreadManager::generate_uid("_");
    /// assert_eq!(uid.len(), 36 + 5);
    /// assert_eq!(uid.split('_').count(), 6);
    /// assert_ne!(uid, ThreadManager::generate_uid("_"));
    /// ```
    pub fn generate_uid(delimiter: &str) -> String {
        uid::generate(delimiter)
    }

    /// The manager's id: 36 random alphanumeric characters in six chunks of six joined by `-`.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// let uid = manager.uid();
    /// assert_eq!(uid.len(), 41);
    /// assert!(uid.split('-').all(|chunk| chunk.len() == 6
    ///     && chunk.chars().all(|c| c.is_ascii_alphanumeric())));
    /// ```
    pub fn uid(&self) -> &str {
        &self.uid
    }

    /// The prefix of the worker threads' names.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(threadmgr::ThreadManager::new().name(), "threadmgr");
    /// ```
    pub fn name(&self) -> &str {
        &self.registry.name
    }

    /// The most jobs that run at once.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(threadmgr::ThreadManager::new().thread_limit(), 10);
    /// ```
    pub fn thread_limit(&self) -> usize {
        self.registry.limit
    }
}

impl Default for ThreadManager {
    /// [`ThreadManager::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ThreadManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadManager")
            .field("uid", &self.uid)
            .field("name", &self.registry.name)
            .field("thread_limit", &self.registry.limit)
            .field("is_watching", &self.is_watching())
            .field("stats", &self.stats())
            .finish()
    }
}
