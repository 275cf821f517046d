//! [`ThreadManager`]: a queue of haltable jobs run on a bounded rayon pool.
//!
//! # Design
//!
//! A manager is a [`ThreadManager`] owning an `Arc<Shared>` ([`shared`]): one rayon
//! `ThreadPool` of `limit` threads, one mutex over the queue and the counters (`State`), a
//! `DashMap` of job records (token, name, status), a condition variable for `wait` and `halt`,
//! and a deadline [`timer`]. Each job is a type-erased [`task::Task`] holding the closure, its
//! token and the `Completion` its handle waits on.
//!
//! There is no watcher and no polling. A job is handed to the pool only when a thread is free,
//! so the manager's own queue is the only queue and `stop`/`halt` can cancel all that has not
//! started. Work moves on in three places, all under the state lock:
//!
//! - `append` queues; `run` marks the queued jobs *due* (`due` counts them, at the queue's front);
//!   `watch` makes every queued job due. Each then calls `dispatch`, which starts due jobs while
//!   `running < limit`.
//! - A job's pool closure runs it (`job::execute`: token installed, `catch_unwind`), then does its
//!   own bookkeeping (`Shared::finished`: `running -= 1`, counters, record, `dispatch` the next
//!   due job, wake waiters), and only then delivers the outcome to its handle.
//! - `try_start` takes a free thread directly, or fails.
//!
//! The timer thread (started by the first job with a timeout or deadline) calls back
//! `Shared::expire`: a running job is halted with `HaltReason::Deadline`; a queued one is taken
//! out of the queue and finished as halted without running.
//!
//! # Invariants
//!
//! They hold whenever the state lock is free, under any interleaving of `append`, `run`,
//! `watch`, `try_start`, `stop`, `halt`, drop, deadlines and job completion.
//!
//! 1. **No job is lost or started twice.** A job is in exactly one place: in the queue (record
//!    `Queued`), handed to the pool (record `Running`, counted in `running`), or ended (record
//!    terminal, or dropped by `clean`). It moves only under the lock, by whoever takes it out of
//!    its place (`dispatch` pops it; `stop`/`halt` drain the queue; `expire` removes it), and
//!    that owner calls exactly one of `Task::run` or `Task::discard`.
//! 2. **No job is counted twice.** A record turns terminal once, in `Shared::set_terminal`,
//!    which bumps the matching counter in the same critical section; the same owner then
//!    delivers the outcome once (`Completion::finish`), after unlocking. So the bookkeeping is
//!    done before a handle resolves: once `join` returns, `running()`, `stats()` and `run()`
//!    see the job as ended.
//! 3. **The limit is never exceeded.** `running <= limit`, and `running` equals the number of
//!    records in `Running`. A job's code has returned or unwound before its `running -= 1`.
//! 4. **Free threads never idle beside due jobs.** `running < limit` implies that no queued job
//!    is due: `dispatch` ends every critical section that frees a thread or makes a job due.
//!    `due <= queue.len()`, and `running_from_run <= running`.
//! 5. **`wait` never hangs on jobs that will not start.** It waits for `running == 0` and no due
//!    job; a queued job that is not due becomes due only by a later `run` or `watch`.
//!
//! # Locks
//!
//! Order: the state mutex, then a `records` shard (taken briefly, always under the state lock
//! when writing), then rayon's internal locks (`pool.spawn` under the state lock only queues
//! a job and wakes a worker) and the token slot locks (dropping a record's token). The timer's
//! mutex and a `Completion`'s mutex are leaves: nothing else is locked while they are held, and
//! they are never taken under the state lock.
//!
//! No user code runs under the state lock: jobs run on the pool without it, the closures of
//! jobs that never run are dropped after unlocking (`Shared::discard`, inside `catch_unwind`),
//! and `Completion::finish` (which wakes joiners and may drop a result) is called after
//! unlocking.
//!
//! # Rayon
//!
//! The pool has a `panic_handler`, so nothing can abort the process; jobs catch their own
//! panics anyway. A job that uses `par_iter` or `join` shares the pool's threads with the other
//! jobs; while it waits for its subtasks, rayon may run another manager job on the same thread,
//! nested in its stack (work stealing). That job is counted and halted normally, but the outer
//! job cannot finish before it.

mod options;
mod report;
mod shared;
mod shutdown;
mod task;
#[cfg(test)]
mod tests;
mod timer;
mod uid;

use std::fmt;
use std::time::{Duration, Instant};

pub use options::{JobOptions, ThreadManagerBuilder};
pub use report::{JobInfo, ShutdownReport, Stats};

use self::shared::{Record, Shared};
use self::task::ManagedJob;
use crate::error::Error;
use crate::job::{Completion, JobHandle, JobId, JobStatus};
use crate::sync::Arc;
use crate::token::HaltToken;

/// Runs haltable jobs on a bounded pool of threads: queue them, start them in batches or as they
/// come, and stop, halt or time them out.
///
/// `append` queues a job and gives back its [`JobHandle`]; [`run`](Self::run) starts what is
/// queued, at most [`thread_limit`](Self::thread_limit) at a time; [`watch`](Self::watch)
/// starts every job as soon as it is appended and a thread is free. [`stop`](Self::stop) cancels
/// what has not started and lets the rest finish; [`halt`](Self::halt) also halts what runs.
/// A job stops when halted at its next checkpoint (see [`#[haltable]`](crate::haltable),
/// [`checkpoint`](crate::checkpoint) and [`sleep`](crate::sleep)).
///
/// The manager is `Send + Sync`: share it by reference or in an `Arc` to append from many
/// threads. Dropping it halts its running jobs, cancels its queued ones and waits until the
/// halted jobs have unwound, so that no job outlives it. Like [`halt`](Self::halt), the drop
/// waits for a job that never reaches a checkpoint; call [`halt_timeout`](Self::halt_timeout)
/// first where that can happen.
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
    shared: Arc<Shared>,
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

    pub(super) fn from_builder(builder: ThreadManagerBuilder) -> Result<Self, Error> {
        let ThreadManagerBuilder { thread_limit, name } = builder;
        if thread_limit == 0 || thread_limit > rayon::max_num_threads() {
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
            shared: Arc::new(Shared::new(name, thread_limit, pool)),
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
        &self.shared.name
    }

    /// The most jobs that run at once.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(threadmgr::ThreadManager::new().thread_limit(), 10);
    /// ```
    pub fn thread_limit(&self) -> usize {
        self.shared.limit
    }

    /// Queues a job; [`run`](Self::run) or [`watch`](Self::watch) starts it.
    ///
    /// The closure carries the job's arguments. While the manager is watching, the job starts as
    /// soon as a thread is free.
    ///
    /// # Errors
    ///
    /// [`Error::Stopped`] if the manager was [`close`](Self::close)d.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// let name = String::from("world");
    /// let job = manager.append(move || format!("hello, {name}"))?;
    /// manager.run()?;
    /// assert_eq!(job.join().unwrap(), "hello, world");
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn append<T, F>(&self, f: F) -> Result<JobHandle<T>, Error>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.submit(JobOptions::new(), f, false)
    }

    /// Queues a job with a name, a timeout or a deadline (see [`JobOptions`]).
    ///
    /// # Errors
    ///
    /// [`Error::Stopped`] if the manager was [`close`](Self::close)d;
    /// [`Error::TimerThread`] if the job has a timeout or deadline and the manager's timer
    /// thread cannot be started.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::{HaltReason, JobError, JobOptions, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// let options = JobOptions::new().name("poll").timeout(Duration::from_millis(10));
    /// let job = manager.append_with(options, || threadmgr::sleep(Duration::from_secs(60)))?;
    /// manager.run()?;
    /// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Deadline)));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn append_with<T, F>(&self, options: JobOptions, f: F) -> Result<JobHandle<T>, Error>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.submit(options, f, false)
    }

    /// Starts a job now, bypassing the queue, if a thread is free: back-pressure for callers
    /// that would rather not queue.
    ///
    /// # Errors
    ///
    /// [`Error::ThreadLimitReached`] when [`thread_limit`](Self::thread_limit) jobs are running
    /// (the job is dropped, not queued); [`Error::Stopped`] if the manager was
    /// [`close`](Self::close)d.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::{Error, ThreadManager};
    ///
    /// let manager = ThreadManager::builder().thread_limit(1).build()?;
    /// let busy = manager.try_start(|| threadmgr::sleep(Duration::from_secs(60)))?;
    /// let refused = manager.try_start(|| ());
    /// assert!(matches!(refused, Err(Error::ThreadLimitReached { limit: 1, running: 1 })));
    /// busy.halt();
    /// # Ok::<(), Error>(())
    /// ```
    pub fn try_start<T, F>(&self, f: F) -> Result<JobHandle<T>, Error>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.submit(JobOptions::new(), f, true)
    }

    /// [`try_start`](Self::try_start) with a name, a timeout or a deadline.
    ///
    /// # Errors
    ///
    /// As [`try_start`](Self::try_start), and [`Error::TimerThread`] as
    /// [`append_with`](Self::append_with).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::{HaltReason, JobError, JobOptions, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// let options = JobOptions::new().timeout(Duration::from_millis(10));
    /// let job = manager.try_start_with(options, || threadmgr::sleep(Duration::from_secs(60)))?;
    /// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Deadline)));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn try_start_with<T, F>(&self, options: JobOptions, f: F) -> Result<JobHandle<T>, Error>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        self.submit(options, f, true)
    }

    /// Queues the job, or with `now` starts it if a thread is free.
    fn submit<T, F>(&self, options: JobOptions, f: F, now: bool) -> Result<JobHandle<T>, Error>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        if options.has_deadline() {
            self.shared.ensure_timer()?;
        }
        let JobOptions {
            name,
            timeout,
            deadline,
        } = options;
        let id = JobId::next();
        let token = HaltToken::new();
        let completion = Arc::new(Completion::new(JobStatus::Queued));
        let task = Box::new(ManagedJob {
            id,
            token: token.clone(),
            completion: Arc::clone(&completion),
            f,
            deadline,
            timeout,
        });
        let record = Record {
            token: token.clone(),
            name,
            status: JobStatus::Queued,
        };
        if let Some(deadline) = deadline {
            // Before the job can start, so that it can also end before the timer hears of it.
            self.shared.timer.insert(deadline, id);
        }
        let refused = {
            let mut state = self.shared.lock();
            if state.closed {
                Some((task, Error::Stopped))
            } else if now && state.running >= self.shared.limit {
                let error = Error::ThreadLimitReached {
                    limit: self.shared.limit,
                    running: state.running,
                };
                Some((task, error))
            } else if now {
                self.shared.start_now(&mut state, task, record);
                None
            } else {
                self.shared.enqueue(&mut state, task, record);
                None
            }
        };
        if let Some((task, error)) = refused {
            if let Some(deadline) = deadline {
                self.shared.timer.remove(deadline, id);
            }
            // Dropped here, after unlocking: the closure's captures are the caller's values.
            drop(task);
            return Err(error);
        }
        Ok(JobHandle::new(id, token, completion))
    }

    /// Starts the jobs queued now, at most [`thread_limit`](Self::thread_limit) at once; the
    /// rest start one by one as running jobs end. Returns at once.
    ///
    /// Jobs appended later wait for the next `run` (or [`watch`](Self::watch)). Jobs that have
    /// ended never count against the limit.
    ///
    /// # Errors
    ///
    /// [`Error::ThreadsAlreadyRunning`] while jobs of an earlier `run` are still running or due
    /// to start; [`Error::NoThreadsFound`] when no job is queued; [`Error::Stopped`] if the
    /// manager was [`close`](Self::close)d.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::builder().thread_limit(2).build()?;
    /// let jobs = (0..5).map(|i| manager.append(move || i * 10)).collect::<Result<Vec<_>, _>>()?;
    /// manager.run()?;
    /// let results: Vec<i32> = jobs.into_iter().map(|job| job.join().unwrap()).collect();
    /// assert_eq!(results, [0, 10, 20, 30, 40]);
    /// manager.run().unwrap_err(); // nothing is queued any more
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn run(&self) -> Result<(), Error> {
        let mut state = self.shared.lock();
        if state.closed {
            return Err(Error::Stopped);
        }
        if state.run_in_progress() {
            return Err(Error::ThreadsAlreadyRunning);
        }
        if state.queue.is_empty() {
            return Err(Error::NoThreadsFound);
        }
        state.due = state.queue.len();
        self.shared.dispatch(&mut state);
        Ok(())
    }

    /// From now on, starts every queued and appended job as soon as a thread is free, until
    /// [`stop`](Self::stop), [`halt`](Self::halt) or [`close`](Self::close).
    ///
    /// A job appended while watching starts within microseconds when a thread is free: the
    /// `append` itself hands it to the pool, there is no watcher thread.
    ///
    /// # Errors
    ///
    /// [`Error::ThreadManagerAlreadyRunning`] if the manager is already watching (exactly one
    /// of several concurrent calls succeeds); [`Error::Stopped`] if it was
    /// [`close`](Self::close)d.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// manager.watch()?;
    /// let job = manager.append(|| 6 * 7)?;
    /// assert_eq!(job.join(), Ok(42));
    /// assert!(manager.watch().is_err());
    /// manager.stop();
    /// manager.watch()?; // watching again after a stop
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn watch(&self) -> Result<(), Error> {
        let mut state = self.shared.lock();
        if state.closed {
            return Err(Error::Stopped);
        }
        if state.watching {
            return Err(Error::ThreadManagerAlreadyRunning);
        }
        state.watching = true;
        self.shared.dispatch(&mut state);
        Ok(())
    }

    /// Blocks until no job is running and none is due to start.
    ///
    /// Queued jobs that neither a [`run`](Self::run) nor [`watch`](Self::watch) will start do
    /// not count, so `wait` never hangs on them. While watching, it returns at a moment when
    /// nothing runs; jobs may be appended right after.
    ///
    /// # Panics
    ///
    /// If called from one of this manager's own jobs, which would wait for itself for ever.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    ///
    /// let manager = threadmgr::ThreadManager::new();
    /// let done = Arc::new(AtomicUsize::new(0));
    /// for _ in 0..20 {
    ///     let done = Arc::clone(&done);
    ///     manager.append(move || done.fetch_add(1, Ordering::SeqCst))?;
    /// }
    /// manager.run()?;
    /// manager.wait();
    /// assert_eq!(done.load(Ordering::SeqCst), 20);
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn wait(&self) {
        assert!(
            !self.shared.on_worker(),
            "ThreadManager::wait called from one of its own jobs, which would wait for itself"
        );
        let state = self.shared.lock();
        let _ = self.shared.wait_until(state, None, shared::State::is_idle);
    }

    /// Like [`wait`](Self::wait), for at most `timeout`; true if nothing runs or is due.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let manager = threadmgr::ThreadManager::new();
    /// let job = manager.try_start(|| threadmgr::sleep(Duration::from_secs(60)))?;
    /// assert!(!manager.wait_timeout(Duration::from_millis(10)));
    /// job.halt();
    /// assert!(manager.wait_timeout(Duration::from_secs(60)));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let deadline = Instant::now().checked_add(timeout);
        let state = self.shared.lock();
        self.shared
            .wait_until(state, deadline, shared::State::is_idle)
            .1
    }

    /// Drops the records of ended jobs; returns how many.
    ///
    /// A manager keeps the records of its last 1024 ended jobs, for [`job`](Self::job), and
    /// drops older ones by itself, so records never pile up in a long-running manager.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// let job = manager.try_start(|| ())?;
    /// let id = job.id();
    /// job.join().unwrap();
    /// assert!(manager.job(id).is_some());
    /// assert_eq!(manager.clean(), 1);
    /// assert!(manager.job(id).is_none());
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn clean(&self) -> usize {
        let mut state = self.shared.lock();
        let all = Shared::finished_records(&state);
        self.shared.clean(&mut state, all)
    }

    /// The ids of the running jobs, oldest first.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let manager = threadmgr::ThreadManager::new();
    /// let job = manager.try_start(|| threadmgr::sleep(Duration::from_secs(60)))?;
    /// assert_eq!(manager.running(), vec![job.id()]);
    /// job.halt();
    /// let _ = job.join();
    /// assert!(manager.running().is_empty());
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn running(&self) -> Vec<JobId> {
        let _state = self.shared.lock();
        let mut ids: Vec<JobId> = self
            .shared
            .records
            .iter()
            .filter(|record| record.status == JobStatus::Running)
            .map(|record| *record.key())
            .collect();
        ids.sort_unstable();
        ids
    }

    /// True while the manager is watching (from [`watch`](Self::watch) to
    /// [`stop`](Self::stop), [`halt`](Self::halt) or [`close`](Self::close)).
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// assert!(!manager.is_watching());
    /// manager.watch()?;
    /// assert!(manager.is_watching());
    /// manager.stop();
    /// assert!(!manager.is_watching());
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn is_watching(&self) -> bool {
        self.shared.lock().watching
    }

    /// True once the manager was [`close`](Self::close)d: it takes no more jobs.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// assert!(!manager.is_closed());
    /// manager.close();
    /// assert!(manager.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.shared.lock().closed
    }

    /// How many jobs are queued and running now, and how many ended each way since the manager
    /// was created; one consistent snapshot.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// manager.try_start(|| 1)?.join().unwrap();
    /// manager.append(|| 2)?;
    /// let stats = manager.stats();
    /// assert_eq!((stats.completed, stats.queued, stats.running), (1, 1, 0));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn stats(&self) -> Stats {
        let state = self.shared.lock();
        Stats {
            queued: state.queue.len(),
            running: state.running,
            completed: state.completed,
            halted: state.halted,
            panicked: state.panicked,
            cancelled: state.cancelled,
        }
    }

    /// What the manager knows of job `id`: its name and status. `None` for a job of another
    /// manager, or one whose record was dropped (see [`clean`](Self::clean)).
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{JobStatus, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// let job = manager.append(|| ())?;
    /// assert_eq!(manager.job(job.id()).unwrap().status, JobStatus::Queued);
    /// manager.stop();
    /// assert_eq!(manager.job(job.id()).unwrap().status, JobStatus::Cancelled);
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn job(&self, id: JobId) -> Option<JobInfo> {
        self.shared.records.get(&id).map(|record| JobInfo {
            id,
            name: record.name.clone(),
            status: record.status,
        })
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
            .field("name", &self.shared.name)
            .field("thread_limit", &self.shared.limit)
            .field("is_watching", &self.is_watching())
            .field("stats", &self.stats())
            .finish()
    }
}
