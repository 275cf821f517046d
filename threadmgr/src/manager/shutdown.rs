//! Stopping a manager: [`stop`](ThreadManager::stop), [`close`](ThreadManager::close),
//! [`halt`](ThreadManager::halt), [`halt_timeout`](ThreadManager::halt_timeout),
//! [`shutdown`](ThreadManager::shutdown), and dropping it.

use std::time::{Duration, Instant};

use super::job_ref::JobEnd;
use super::{ShutdownReport, ThreadManager};
use crate::error::Error;
use crate::halt::HaltReason;
use crate::job::{JobError, JobId};
use crate::token::HaltToken;

impl ThreadManager {
    /// Stops gracefully: no job starts any more, queued jobs are cancelled (their handles give
    /// [`JobError::Cancelled`]), running jobs finish normally. Does not block.
    ///
    /// Like Java's `ExecutorService.shutdown`, and the queue is cleared. The manager stops
    /// watching; [`watch`](Self::watch) and [`run`](Self::run) work again afterwards, and running
    /// jobs can still be halted by [`halt`](Self::halt).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::{JobError, ThreadManager};
    ///
    /// let manager = ThreadManager::builder().thread_limit(1).build()?;
    /// let running = manager.append(|| {
    ///     threadmgr::sleep(Duration::from_millis(20));
    ///     "finished"
    /// })?;
    /// let queued = manager.append(|| "never started")?;
    /// manager.run()?;
    /// while manager.running().is_empty() {
    ///     std::thread::yield_now();
    /// }
    /// let report = manager.stop();
    /// assert_eq!(report.cancelled, vec![queued.id()]);
    /// assert_eq!(running.join(), Ok("finished"));
    /// assert_eq!(queued.join(), Err(JobError::Cancelled));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn stop(&self) -> ShutdownReport {
        self.cancel_queued(false)
    }

    /// Stops as [`stop`](Self::stop) does, for good: from now on the manager takes no job
    /// ([`append`](Self::append), [`try_start`](Self::try_start), [`run`](Self::run) and
    /// [`watch`](Self::watch) fail with [`Error::Stopped`]). Does not block.
    ///
    /// For a manager shared by several threads, one of which decides that it is over; dropping
    /// the manager closes it too.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{Error, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// let queued = manager.append(|| ())?;
    /// assert_eq!(manager.close().cancelled, vec![queued.id()]);
    /// assert!(matches!(manager.append(|| ()), Err(Error::Stopped)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn close(&self) -> ShutdownReport {
        self.cancel_queued(true)
    }

    fn cancel_queued(&self, close: bool) -> ShutdownReport {
        let cancelled = {
            let mut state = self.registry.lock();
            self.registry.cancel_queued(&mut state, close)
        };
        ShutdownReport {
            halted: Vec::new(),
            cancelled: self.registry.discard(cancelled, &JobError::Cancelled),
        }
    }

    /// Stops abruptly: as [`stop`](Self::stop), and every running job is halted with
    /// [`HaltReason::Shutdown`]; blocks until they have all unwound.
    ///
    /// Like Java's `ExecutorService.shutdownNow`. A running job stops at its next checkpoint;
    /// `halt` waits for a job that never reaches one (blocked on I/O or a lock, or computing
    /// without checkpoints) until it ends on its own: [`halt_timeout`](Self::halt_timeout)
    /// bounds that wait. Called from one of the manager's own jobs, `halt` halts that job too
    /// but does not wait (it would wait for itself).
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{HaltReason, JobError, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// let busy = manager.try_start(|| loop {
    ///     threadmgr::checkpoint();
    /// })?;
    /// let report = manager.halt();
    /// assert_eq!(report.halted, vec![busy.id()]);
    /// assert!(manager.running().is_empty());
    /// let result: Result<(), _> = busy.join();
    /// assert_eq!(result, Err(JobError::Halted(HaltReason::Shutdown)));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn halt(&self) -> ShutdownReport {
        let (report, halted) = self.halt_running();
        if !self.registry.on_worker() {
            self.wait_for(halted, None);
        }
        report
    }

    /// [`halt`](Self::halt), waiting at most `timeout` for the halted jobs to unwind.
    ///
    /// # Errors
    ///
    /// [`Error::HaltTimedOut`] with the jobs that were still running when the time was up
    /// (they go on until they reach a checkpoint or end), and the report of what was halted
    /// and cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::mpsc;
    /// use std::time::Duration;
    /// use threadmgr::{Error, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// let (started, has_started) = mpsc::channel();
    /// let (release, blocked) = mpsc::channel::<()>();
    /// // Blocked without a checkpoint: a halt cannot reach it.
    /// let stuck = manager.try_start(move || {
    ///     started.send(()).unwrap();
    ///     blocked.recv()
    /// })?;
    /// has_started.recv().unwrap();
    /// match manager.halt_timeout(Duration::from_millis(20)) {
    ///     Err(Error::HaltTimedOut { still_running, .. }) => {
    ///         assert_eq!(still_running, vec![stuck.id()])
    ///     }
    ///     other => panic!("unexpected {other:?}"),
    /// }
    /// release.send(()).unwrap();
    /// assert!(stuck.join().is_ok());
    /// # Ok::<(), Error>(())
    /// ```
    pub fn halt_timeout(&self, timeout: Duration) -> Result<ShutdownReport, Error> {
        let deadline = Instant::now().checked_add(timeout);
        let (report, halted) = self.halt_running();
        let still_running = self.wait_for(halted, deadline);
        if still_running.is_empty() {
            Ok(report)
        } else {
            Err(Error::HaltTimedOut {
                timeout,
                still_running,
                report,
            })
        }
    }

    /// Stops ([`stop`](Self::stop)), gives the running jobs up to `grace` to finish, then halts
    /// the rest ([`halt`](Self::halt), which blocks until they have unwound).
    ///
    /// # Panics
    ///
    /// If called from one of this manager's own jobs, which would wait out `grace` for itself,
    /// as [`wait`](Self::wait) does; call [`halt`](Self::halt) from a job instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::ThreadManager;
    ///
    /// let manager = ThreadManager::new();
    /// let slow = manager.try_start(|| threadmgr::sleep(Duration::from_secs(60)))?;
    /// let queued = manager.append(|| ())?;
    /// let report = manager.shutdown(Duration::from_millis(20));
    /// assert_eq!(report.halted, vec![slow.id()]);
    /// assert_eq!(report.cancelled, vec![queued.id()]);
    /// assert!(slow.join().is_err());
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn shutdown(&self, grace: Duration) -> ShutdownReport {
        self.refuse_own_job("shutdown");
        let mut report = self.stop();
        if !self.wait_timeout(grace) {
            let halted = self.halt();
            report.halted = halted.halted;
            report.cancelled.extend(halted.cancelled);
        }
        report
    }

    /// Stops watching, cancels the queued jobs and halts the running ones. Returns the report,
    /// and the halted jobs to wait for: all but the calling one, if a job calls.
    fn halt_running(&self) -> (ShutdownReport, Vec<(JobId, JobEnd)>) {
        let (cancelled, mut running) = {
            let mut state = self.registry.lock();
            let cancelled = self.registry.cancel_queued(&mut state, false);
            let running: Vec<(JobId, HaltToken, JobEnd)> = self
                .registry
                .records
                .iter()
                .map(|record| (*record.key(), record.token.clone(), record.end.clone()))
                .collect();
            (cancelled, running)
        };
        running.sort_unstable_by_key(|(id, ..)| *id);
        for (_, token, _) in &running {
            token.halt_with(HaltReason::Shutdown);
        }
        let cancelled = self.registry.discard(cancelled, &JobError::Cancelled);
        let caller = crate::current_token();
        let halted = running.iter().map(|(id, ..)| *id).collect();
        let to_wait_for = running
            .into_iter()
            .filter(|(_, token, _)| caller.as_ref() != Some(token))
            .map(|(id, _, end)| (id, end))
            .collect();
        (ShutdownReport { halted, cancelled }, to_wait_for)
    }

    /// Waits until none of `jobs` runs, or until `deadline`; returns those still running.
    fn wait_for(&self, jobs: Vec<(JobId, JobEnd)>, deadline: Option<Instant>) -> Vec<JobId> {
        if jobs.is_empty() {
            return Vec::new();
        }
        let mut waiting: Vec<JobId> = jobs.iter().map(|(id, _)| *id).collect();
        let records = &self.registry.records;
        let state = self.registry.lock();
        let _ = self.registry.wait_until(state, deadline, |_| {
            waiting.retain(|id| records.contains_key(id));
            waiting.is_empty()
        });
        if !waiting.is_empty() {
            return waiting;
        }
        // The records are gone, so every job has ended; each handle resolves right after its
        // record goes, on the job's thread (see `JobEnd`): wait for that too, so that a job
        // `halt` returns for reads as finished.
        for (_, end) in &jobs {
            while !end.has_ended() {
                std::thread::yield_now();
            }
        }
        Vec::new()
    }
}

impl Drop for ThreadManager {
    /// Closes the manager, halts its running jobs, cancels its queued ones, and waits until the
    /// halted jobs have unwound (see [`halt`](ThreadManager::halt)), so that no job outlives
    /// it. Then ends its timer thread.
    ///
    /// Dropped on one of its own jobs' threads (the job held the last reference), it does not
    /// wait: the job would wait for itself, and for any job nested beneath it in the same stack
    /// by rayon's work stealing. The halted jobs then end at their next checkpoint, after the
    /// drop has returned.
    fn drop(&mut self) {
        self.registry.lock().closed = true;
        let _ = self.halt();
        self.registry.timer.shutdown();
    }
}
