//! How a manager is configured ([`ThreadManagerBuilder`]) and how a job is
//! ([`JobOptions`]).

use std::time::{Duration, Instant};

use super::ThreadManager;
use crate::error::Error;

/// The seed's default thread limit.
pub(super) const DEFAULT_THREAD_LIMIT: usize = 10;
/// The default prefix of worker thread names.
pub(super) const DEFAULT_NAME: &str = "threadmgr";

/// Configures and builds a [`ThreadManager`]; made by [`ThreadManager::builder`].
///
/// # Examples
///
/// ```
/// use threadmgr::ThreadManager;
///
/// let manager = ThreadManager::builder().thread_limit(2).name("crawler").build()?;
/// assert_eq!(manager.thread_limit(), 2);
/// let job = manager.try_start(|| std::thread::current().name().map(str::to_owned))?;
/// assert!(job.join()?.unwrap().starts_with("crawler-"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ThreadManagerBuilder {
    pub(super) thread_limit: usize,
    pub(super) name: String,
}

impl Default for ThreadManagerBuilder {
    fn default() -> Self {
        ThreadManagerBuilder {
            thread_limit: DEFAULT_THREAD_LIMIT,
            name: DEFAULT_NAME.to_owned(),
        }
    }
}

impl ThreadManagerBuilder {
    /// At most this many jobs run at once (10 unless set); the manager's pool has this many
    /// threads.
    ///
    /// It must be between 1 and [`ThreadManager::MAX_THREAD_LIMIT`], or [`build`](Self::build)
    /// fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{Error, ThreadManager};
    ///
    /// assert_eq!(ThreadManager::builder().thread_limit(3).build()?.thread_limit(), 3);
    /// assert!(matches!(
    ///     ThreadManager::builder().thread_limit(0).build(),
    ///     Err(Error::InvalidThreadLimit)
    /// ));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn thread_limit(mut self, thread_limit: usize) -> Self {
        self.thread_limit = thread_limit;
        self
    }

    /// The prefix of the worker threads' names (`"threadmgr"` unless set): they are called
    /// `{name}-0`, `{name}-1`, ..., and the deadline timer `{name}-timer`.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::ThreadManager;
    ///
    /// let manager = ThreadManager::builder().name("indexer").build()?;
    /// assert_eq!(manager.name(), "indexer");
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Builds the manager and starts its worker threads.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidThreadLimit`] if the thread limit is 0 or more than
    /// [`ThreadManager::MAX_THREAD_LIMIT`]; [`Error::ThreadPool`] if the threads cannot be started.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::builder().thread_limit(4).build()?;
    /// assert_eq!(manager.stats().running, 0);
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn build(self) -> Result<ThreadManager, Error> {
        ThreadManager::from_builder(self)
    }
}

/// How to run one job: its name, timeout and deadline. For
/// [`ThreadManager::append_with`] and [`ThreadManager::try_start_with`].
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

    /// A name for the job, shown by [`ThreadManager::job`].
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
    pub(super) fn has_deadline(&self) -> bool {
        self.timeout.is_some() || self.deadline.is_some()
    }
}
