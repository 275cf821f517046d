//! What a manager tells about its jobs: [`Stats`], [`JobInfo`] and [`ShutdownReport`].

use crate::job::{JobId, JobStatus};

/// A snapshot of a manager's jobs, from [`ThreadManager::stats`](crate::ThreadManager::stats).
///
/// `queued` and `running` are the jobs there now; the other four count the jobs that ended that
/// way since the manager was created. All six are read at the same instant: a job is counted in
/// exactly one of them.
///
/// # Examples
///
/// ```
/// use threadmgr::ThreadManager;
///
/// let manager = ThreadManager::new();
/// manager.append(|| 1)?;
/// manager.append(|| 2)?;
/// manager.run()?;
/// manager.wait();
/// manager.append(|| 3)?; // stays queued until the next run() or watch()
/// let stats = manager.stats();
/// assert_eq!((stats.queued, stats.running, stats.completed), (1, 0, 2));
/// # Ok::<(), threadmgr::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Stats {
    /// Jobs waiting in the queue.
    pub queued: usize,
    /// Jobs running.
    pub running: usize,
    /// Jobs that returned a value.
    pub completed: usize,
    /// Jobs halted (while running, or by their deadline while queued).
    pub halted: usize,
    /// Jobs that panicked.
    pub panicked: usize,
    /// Queued jobs cancelled by [`stop`](crate::ThreadManager::stop),
    /// [`halt`](crate::ThreadManager::halt) and friends.
    pub cancelled: usize,
}

/// What a manager knows of one job, from [`ThreadManager::job`](crate::ThreadManager::job).
///
/// # Examples
///
/// ```
/// use threadmgr::{JobOptions, JobStatus, ThreadManager};
///
/// let manager = ThreadManager::new();
/// let job = manager.append_with(JobOptions::new().name("resize"), || ())?;
/// let info = manager.job(job.id()).unwrap();
/// assert_eq!(info.id, job.id());
/// assert_eq!(info.name.as_deref(), Some("resize"));
/// assert_eq!(info.status, JobStatus::Queued);
/// # Ok::<(), threadmgr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct JobInfo {
    /// The job's id.
    pub id: JobId,
    /// The name given by [`JobOptions::name`](crate::JobOptions::name).
    pub name: Option<String>,
    /// Where the job is in its life.
    pub status: JobStatus,
}

/// What a shutdown did: which running jobs it halted, which queued jobs it cancelled.
///
/// From [`ThreadManager::stop`](crate::ThreadManager::stop),
/// [`halt`](crate::ThreadManager::halt), [`shutdown`](crate::ThreadManager::shutdown) and
/// [`close`](crate::ThreadManager::close). Both lists are in the order the jobs were appended.
///
/// # Examples
///
/// ```
/// use threadmgr::ThreadManager;
///
/// let manager = ThreadManager::new();
/// let queued = manager.append(|| ())?;
/// let report = manager.halt();
/// assert_eq!(report.cancelled, vec![queued.id()]);
/// assert!(report.halted.is_empty());
/// # Ok::<(), threadmgr::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ShutdownReport {
    /// Running jobs that were halted. One that finishes before its next checkpoint still ends
    /// normally; its handle tells.
    pub halted: Vec<JobId>,
    /// Queued jobs that were cancelled: they never ran, and their handles give
    /// [`JobError::Cancelled`](crate::JobError::Cancelled).
    pub cancelled: Vec<JobId>,
}
