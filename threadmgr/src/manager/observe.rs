//! Watching a manager work: [`wait`](ThreadManager::wait), [`stats`](ThreadManager::stats),
//! [`running`](ThreadManager::running), [`job`](ThreadManager::job),
//! [`clean`](ThreadManager::clean) and the flags.

use std::time::{Duration, Instant};

use super::registry::{Ledger, Registry};
use super::{JobInfo, Stats, ThreadManager};
use crate::job::{JobId, JobStatus};

impl ThreadManager {
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
        self.refuse_own_job("wait");
        let state = self.registry.lock();
        let _ = self.registry.wait_until(state, None, Ledger::is_idle);
    }

    /// Like [`wait`](Self::wait), for at most `timeout`; true if nothing runs or is due.
    ///
    /// # Panics
    ///
    /// If called from one of this manager's own jobs, which would wait for itself until the
    /// time runs out (for ever with `Duration::MAX`), as [`wait`](Self::wait) does.
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
        self.refuse_own_job("wait_timeout");
        let deadline = Instant::now().checked_add(timeout);
        let state = self.registry.lock();
        self.registry.wait_until(state, deadline, Ledger::is_idle).1
    }

    /// Panics if the caller is one of this manager's own jobs: `what` would wait for itself.
    pub(super) fn refuse_own_job(&self, what: &str) {
        assert!(
            !self.registry.on_worker(),
            "ThreadManager::{what} called from one of its own jobs, which would wait for itself: \
             call it from outside the manager's jobs, or use halt() or stop() from a job"
        );
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
        let mut state = self.registry.lock();
        let all = Registry::finished_records(&state);
        self.registry.clean(&mut state, all)
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
        let _state = self.registry.lock();
        let mut ids: Vec<JobId> = self
            .registry
            .records
            .iter()
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
        self.registry.lock().watching
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
        self.registry.lock().closed
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
        self.registry.lock().stats()
    }

    /// What the manager knows of job `id`: its name and status. `None` for a job of another
    /// manager, or one whose record was dropped (see [`clean`](Self::clean)).
    ///
    /// A running job is found by its id at once; an ended or queued one is searched for (the
    /// manager keeps no index of them, to keep queued jobs small), in time that grows with the
    /// number of queued jobs.
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
        // Under the lock, so that the job cannot move between the places searched.
        let state = self.registry.lock();
        if let Some(record) = self.registry.records.get(&id) {
            return Some(JobInfo {
                id,
                name: record.name.clone(),
                status: JobStatus::Running,
            });
        }
        if let Some(ended) = state.finished.iter().rev().find(|ended| ended.id == id) {
            return Some(JobInfo {
                id,
                name: ended.name.clone(),
                status: ended.status,
            });
        }
        state
            .queue
            .iter()
            .find(|task| task.id() == id)
            .map(|task| JobInfo {
                id,
                name: task.name().map(str::to_owned),
                status: JobStatus::Queued,
            })
    }
}
