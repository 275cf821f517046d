//! Giving a manager work: [`append`](ThreadManager::append),
//! [`try_start`](ThreadManager::try_start) and their `_with` forms, [`run`](ThreadManager::run)
//! and [`watch`](ThreadManager::watch).

use super::job_ref::JobRef;
use super::{JobOptions, ThreadManager};
use crate::error::Error;
use crate::job::{JobHandle, JobId};
use crate::token::HaltToken;

impl ThreadManager {
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
        self.submit_in(HaltToken::new(), options, f, now)
    }

    /// [`submit`](Self::submit) with `token` as the job's token (a `JobGroup` job's, a child
    /// of the group's).
    pub(crate) fn submit_in<T, F>(
        &self,
        token: HaltToken,
        options: JobOptions,
        f: F,
        now: bool,
    ) -> Result<JobHandle<T>, Error>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        if options.has_time_limit() {
            self.registry.ensure_timer()?;
        }
        let deadline = options.deadline;
        let id = JobId::next();
        // One allocation for the closure, the options and the handle's state.
        let (task, job) = JobRef::new(id, token, options, f);
        let refused = {
            let mut state = self.registry.lock();
            let admitted = state.admit(now, self.registry.limit);
            if let (Ok(()), Some(deadline)) = (&admitted, deadline) {
                // Under the state lock, before the job is queued or started: a timer that fires
                // at once (a deadline already due) waits for the lock, and then finds the job
                // queued or running, never neither (which it would take for a job that ended).
                // The timer's mutex is a leaf of the lock order, so taking it here is safe.
                self.registry.timer.insert(deadline, id);
            }
            match admitted {
                Err(error) => Some((task, error)),
                Ok(()) if now => {
                    self.registry.start_now(&mut state, task);
                    None
                }
                Ok(()) => {
                    self.registry.enqueue(&mut state, task);
                    None
                }
            }
        };
        if let Some((task, error)) = refused {
            // Dropped here, after unlocking: the closure's captures are the caller's values.
            drop((task, job));
            return Err(error);
        }
        if !now {
            // After unlocking (no subscriber code under the lock): a watching manager may have
            // started the job already, so `queued` can follow its `started`.
            crate::trace::queued(id);
        }
        Ok(JobHandle::new(job))
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
        let mut state = self.registry.lock();
        state.run()?;
        self.registry.dispatch(&mut state);
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
        let mut state = self.registry.lock();
        state.watch()?;
        self.registry.dispatch(&mut state);
        Ok(())
    }
}
