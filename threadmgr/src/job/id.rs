//! A job's identity and outcome: [`JobId`], [`JobStatus`], [`JobError`].

use std::any::Any;
use std::fmt;

use crate::halt::{HaltReason, Halted};
use crate::sync::{AtomicU64, Ordering};

/// The id of a job, unique in the process.
///
/// # Examples
///
/// ```
/// let a = threadmgr::spawn(|| ());
/// let b = threadmgr::spawn(|| ());
/// assert_ne!(a.id(), b.id());
/// assert!(a.id().to_string().starts_with("job-"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct JobId(u64);

impl JobId {
    /// A new id, never handed out before.
    pub(crate) fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        JobId(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// The id as a number.
    ///
    /// # Examples
    ///
    /// ```
    /// let job = threadmgr::spawn(|| ());
    /// assert_eq!(job.id().to_string(), format!("job-{}", job.id().as_u64()));
    /// ```
    pub fn as_u64(self) -> u64 {
        self.0
    }
}

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "job-{}", self.0)
    }
}

/// Where a job is in its life.
///
/// `Queued → Running → Completed | Halted | Panicked`, or `Queued → Cancelled`. The last four
/// are terminal.
///
/// # Examples
///
/// ```
/// use threadmgr::JobStatus;
///
/// let job = threadmgr::spawn(|| 1 + 1);
/// while !job.is_finished() {
///     std::thread::yield_now();
/// }
/// assert_eq!(job.status(), JobStatus::Completed);
/// assert!(job.status().is_terminal());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u8)]
pub enum JobStatus {
    /// Waiting for a free thread.
    Queued = 0,
    /// Running on a thread.
    Running = 1,
    /// Returned a value.
    Completed = 2,
    /// Stopped at a checkpoint because its token was halted.
    Halted = 3,
    /// Panicked.
    Panicked = 4,
    /// Never started: it was cancelled while queued.
    Cancelled = 5,
}

impl JobStatus {
    /// True for the states a job never leaves: `Completed`, `Halted`, `Panicked`, `Cancelled`.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::JobStatus;
    ///
    /// assert!(!JobStatus::Running.is_terminal());
    /// assert!(JobStatus::Cancelled.is_terminal());
    /// ```
    pub fn is_terminal(self) -> bool {
        !matches!(self, JobStatus::Queued | JobStatus::Running)
    }

    pub(super) fn from_u8(value: u8) -> Self {
        match value {
            0 => JobStatus::Queued,
            1 => JobStatus::Running,
            2 => JobStatus::Completed,
            3 => JobStatus::Halted,
            4 => JobStatus::Panicked,
            _ => JobStatus::Cancelled,
        }
    }
}

/// Why a job gave no value.
///
/// # Examples
///
/// ```
/// use threadmgr::{HaltReason, JobError};
///
/// let job = threadmgr::spawn(|| -> u32 { panic!("out of cheese") });
/// assert_eq!(job.join(), Err(JobError::Panicked("out of cheese".into())));
/// assert_eq!(
///     JobError::Halted(HaltReason::Deadline).to_string(),
///     "the job was halted because its deadline passed"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// The job stopped at a checkpoint because its token was halted.
    #[error("the job was halted because {0}")]
    Halted(HaltReason),
    /// The job panicked; this is the panic's message.
    #[error("the job panicked: {0}")]
    Panicked(String),
    /// The job was cancelled before it started.
    #[error("the job was cancelled before it started")]
    Cancelled,
}

impl From<Halted> for JobError {
    fn from(halted: Halted) -> Self {
        JobError::Halted(halted.into_reason())
    }
}

/// The message of a panic payload, as the default panic hook would print it.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&'static str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "Box<dyn Any> (a panic payload that is not a string)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_messages_are_kept() {
        assert_eq!(panic_message(&"static"), "static");
        assert_eq!(panic_message(&String::from("owned")), "owned");
        assert!(panic_message(&42_u32).contains("not a string"));
    }
}
