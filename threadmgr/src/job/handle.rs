//! [`JobHandle`]: halt a job, ask how it is doing, wait for its result.

use std::fmt;
use std::time::{Duration, Instant};

use super::completion::{HALTED_SPIN, Job, SPIN};
use super::id::{JobError, JobId, JobStatus};
use crate::halt::HaltReason;
use crate::sync::Arc;
use crate::token::HaltToken;

/// A handle on a job: halt it, ask how it is doing, wait for its result.
///
/// Dropping the handle detaches the job: it goes on, and its result is dropped when it ends.
///
/// # Examples
///
/// ```
/// use threadmgr::{HaltReason, JobError, haltable};
///
/// #[haltable]
/// fn spin() -> u64 {
///     let mut n: u64 = 0;
///     loop {
///         n = n.wrapping_add(1);
///     }
/// }
///
/// let job = threadmgr::spawn(spin);
/// job.halt();
/// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
/// ```
pub struct JobHandle<T> {
    job: Arc<Job<T>>,
}

impl<T> JobHandle<T> {
    pub(crate) fn new(job: Arc<Job<T>>) -> Self {
        JobHandle { job }
    }

    /// The job's id.
    ///
    /// # Examples
    ///
    /// ```
    /// let job = threadmgr::spawn(|| ());
    /// println!("started {}", job.id());
    /// ```
    pub fn id(&self) -> JobId {
        self.job.id
    }

    /// The job's token: halting it halts the job.
    ///
    /// # Examples
    ///
    /// ```
    /// let job = threadmgr::spawn(|| threadmgr::current_token());
    /// let token = job.token().clone();
    /// assert_eq!(job.join().unwrap(), Some(token));
    /// ```
    pub fn token(&self) -> &HaltToken {
        &self.job.token
    }

    /// Halts the job with [`HaltReason::Requested`]; it stops at its next checkpoint.
    ///
    /// Does not wait: [`join`](JobHandle::join) does. A job that never reaches a checkpoint
    /// runs to its end.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::{HaltReason, JobError};
    ///
    /// let job = threadmgr::spawn(|| threadmgr::sleep(Duration::from_secs(60)));
    /// job.halt();
    /// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
    /// ```
    pub fn halt(&self) {
        self.job.token.halt();
    }

    /// Halts the job with `reason`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::{HaltReason, JobError};
    ///
    /// let job = threadmgr::spawn(|| threadmgr::sleep(Duration::from_secs(60)));
    /// job.halt_with(HaltReason::Custom("user cancelled".into()));
    /// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Custom("user cancelled".into()))));
    /// ```
    pub fn halt_with(&self, reason: HaltReason) {
        self.job.token.halt_with(reason);
    }

    /// Where the job is in its life.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::JobStatus;
    ///
    /// let job = threadmgr::spawn(|| threadmgr::sleep(std::time::Duration::from_secs(60)));
    /// assert!(matches!(job.status(), JobStatus::Running));
    /// job.halt();
    /// let _ = job.join();
    /// ```
    pub fn status(&self) -> JobStatus {
        self.job.completion.status()
    }

    /// True once the job has ended (its result is ready, `join` will not block).
    ///
    /// # Examples
    ///
    /// ```
    /// let job = threadmgr::spawn(|| 7);
    /// while !job.is_finished() {
    ///     std::thread::yield_now();
    /// }
    /// assert_eq!(job.join(), Ok(7));
    /// ```
    pub fn is_finished(&self) -> bool {
        self.status().is_terminal()
    }

    /// Waits for the job to end and returns its value, or why it has none.
    ///
    /// The job has ended when its closure has returned or unwound, so everything it owned has
    /// been dropped. For a job of [`spawn`](crate::spawn), its OS thread then exits on its own: `join` does
    /// not wait for that exit (tens of microseconds here), so the thread's thread-local
    /// destructors may still be running when `join` returns, as with the threads of
    /// [`std::thread::scope`].
    ///
    /// # Errors
    ///
    /// [`JobError::Halted`] if it stopped at a checkpoint, [`JobError::Panicked`] with the
    /// panic's message if it panicked, [`JobError::Cancelled`] if it never started.
    ///
    /// # Examples
    ///
    /// ```
    /// let job = threadmgr::spawn(|| "done");
    /// assert_eq!(job.join(), Ok("done"));
    /// ```
    pub fn join(self) -> Result<T, JobError> {
        self.job
            .completion
            .take(None, self.spin())
            .expect("waiting without a deadline ends with an outcome")
    }

    /// Waits at most `timeout` for the job to end.
    ///
    /// Returns `Ok(result)` as [`join`](JobHandle::join) would, or `Err(self)` (the handle back)
    /// when the time is up.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let job = threadmgr::spawn(|| threadmgr::sleep(Duration::from_secs(60)));
    /// let job = job.join_timeout(Duration::from_millis(1)).unwrap_err();
    /// job.halt();
    /// assert!(job.join_timeout(Duration::from_secs(60)).unwrap().is_err());
    /// ```
    #[allow(clippy::result_large_err)] // the handle is given back whole, as the API promises
    pub fn join_timeout(self, timeout: Duration) -> Result<Result<T, JobError>, JobHandle<T>> {
        let deadline = Instant::now().checked_add(timeout);
        match self.job.completion.take(deadline, self.spin()) {
            Some(outcome) => Ok(outcome),
            None => Err(self),
        }
    }

    /// How long a wait polls before it parks (see [`Completion`]).
    fn spin(&self) -> Duration {
        if self.job.token.is_halted() {
            HALTED_SPIN
        } else {
            SPIN
        }
    }
}

impl<T> fmt::Debug for JobHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobHandle")
            .field("id", &self.job.id)
            .field("status", &self.status())
            .field("is_halted", &self.job.token.is_halted())
            .finish()
    }
}
