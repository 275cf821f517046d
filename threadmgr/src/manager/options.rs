//! How a job is run ([`JobOptions`]): its name, timeout and deadline.

use std::time::{Duration, Instant};

/// How to run one job: its name, timeout and deadline. For
/// [`ThreadManager::append_with`](crate::ThreadManager::append_with) and [`ThreadManager::try_start_with`](crate::ThreadManager::try_start_with).
///
/// A job still running when its timeout or deadline (whichever ends first) passes is halted
/// with [`HaltReason::Deadline`](crate::HaltReason::Deadline), at its next checkpoint. A job
/// whose deadline passes while it is still queued never runs: its handle gives
/// `Err(JobError::Halted(HaltReason::Deadline))` at once.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use threadmgr::{HaltReason, JobError, JobOptions, ThreadManager};
///
/// let manager = ThreadManager::new();
/// let options = JobOptions::new().name("slow").timeout(Duration::from_millis(20));
/// let job = manager.try_start_with(options, || threadmgr::sleep(Duration::from_secs(60)))?;
/// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Deadline)));
/// # Ok::<(), threadmgr::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "options do nothing until given to `append_with` or `try_start_with`"]
pub struct JobOptions {
    pub(super) name: Option<String>,
    pub(super) timeout: Option<Duration>,
    pub(super) deadline: Option<Instant>,
}

impl JobOptions {
    /// No name, no timeout, no deadline.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::new();
    /// let job = manager.try_start_with(threadmgr::JobOptions::new(), || 7)?;
    /// assert_eq!(job.join(), Ok(7));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// A name for the job, shown by [`ThreadManager::job`](crate::ThreadManager::job).
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{JobOptions, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// let job = manager.append_with(JobOptions::new().name("report"), || ())?;
    /// assert_eq!(manager.job(job.id()).unwrap().name.as_deref(), Some("report"));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Halts the job with [`HaltReason::Deadline`](crate::HaltReason::Deadline) if it still
    /// runs `timeout` after it started. Time spent queued does not count.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::{HaltReason, JobError, JobOptions, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// let options = JobOptions::new().timeout(Duration::from_millis(10));
    /// let job = manager.try_start_with(options, || loop {
    ///     threadmgr::checkpoint();
    /// })?;
    /// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Deadline)));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Halts the job with [`HaltReason::Deadline`](crate::HaltReason::Deadline) if it still
    /// runs at `deadline`; if it has not started by then, it never does.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use threadmgr::{HaltReason, JobError, JobOptions, ThreadManager};
    ///
    /// let manager = ThreadManager::new();
    /// // Queued and never run: the deadline passes first.
    /// let options = JobOptions::new().deadline(Instant::now() + Duration::from_millis(10));
    /// let job = manager.append_with(options, || println!("never printed"))?;
    /// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Deadline)));
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// True if the job needs the deadline timer.
    pub(super) fn has_time_limit(&self) -> bool {
        self.timeout.is_some() || self.deadline.is_some()
    }
}
