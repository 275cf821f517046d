//! [`Error`]: why a [`ThreadManager`](crate::ThreadManager) refused to do what it was asked.

use std::fmt::Write as _;
use std::time::Duration;

use crate::job::JobId;
use crate::manager::ShutdownReport;

/// Why a [`ThreadManager`](crate::ThreadManager) call failed.
///
/// Each message says what happened and what to do about it. Errors of the jobs themselves
/// (halted, panicked, cancelled) are [`JobError`](crate::JobError)s, given by
/// [`JobHandle::join`](crate::JobHandle::join).
///
/// # Examples
///
/// ```
/// use threadmgr::{Error, ThreadManager};
///
/// let manager = ThreadManager::new();
/// let error = manager.run().unwrap_err();
/// assert!(matches!(error, Error::NoThreadsFound));
/// assert_eq!(
///     error.to_string(),
///     "no jobs are queued, so run() has nothing to start: append jobs first"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// [`run`](crate::ThreadManager::run) found no queued job.
    #[error("no jobs are queued, so run() has nothing to start: append jobs first")]
    NoThreadsFound,

    /// [`try_start`](crate::ThreadManager::try_start) found every thread busy.
    #[error(
        "all {limit} threads of the manager are busy ({running} jobs running): \
         append() the job to queue it, or try again when a job has finished"
    )]
    ThreadLimitReached {
        /// The manager's thread limit.
        limit: usize,
        /// How many jobs were running.
        running: usize,
    },

    /// [`run`](crate::ThreadManager::run) was called while jobs of an earlier `run` were still
    /// running or due to start.
    #[error(
        "the jobs of an earlier run() are still running or due to start: wait() for them, \
         or stop() or halt() them, before calling run() again"
    )]
    ThreadsAlreadyRunning,

    /// [`watch`](crate::ThreadManager::watch) was called while the manager was already
    /// watching.
    #[error("the manager is already watching its queue: call stop() before calling watch() again")]
    ThreadManagerAlreadyRunning,

    /// The thread limit given to the builder is 0, or more than
    /// [`ThreadManager::MAX_THREAD_LIMIT`](crate::ThreadManager::MAX_THREAD_LIMIT).
    #[error(
        "a thread limit must be between 1 and {}: the manager starts one thread per unit of its \
         limit when it is built; pass such a number to thread_limit()",
        crate::ThreadManager::MAX_THREAD_LIMIT
    )]
    InvalidThreadLimit,

    /// The manager was closed (by [`close`](crate::ThreadManager::close)) and takes no more
    /// jobs.
    #[error(
        "the manager was closed and takes no more jobs: create a new ThreadManager to run more"
    )]
    Stopped,

    /// The manager's worker threads could not be started.
    #[error(
        "could not start the manager's worker threads ({0}): the system may be out of threads \
         or memory; lower the thread limit or free resources, then build again"
    )]
    ThreadPool(#[from] rayon::ThreadPoolBuildError),

    /// The manager's deadline timer thread could not be started (it starts with the first job
    /// that has a timeout or a deadline).
    #[error(
        "could not start the manager's deadline timer thread ({0}): the system may be out of \
         threads or memory; free resources and append the job again, or append it without a \
         timeout or deadline"
    )]
    TimerThread(#[source] std::io::Error),

    /// [`halt_timeout`](crate::ThreadManager::halt_timeout) ran out of time: these halted jobs
    /// had not stopped yet.
    #[error(
        "{} halted job(s) did not stop within {timeout:?} ({}): they have not reached a \
         checkpoint since the halt; give their long-running code checkpoints (#[haltable], \
         threadmgr::checkpoint, threadmgr::sleep), or wait for them with wait_timeout()",
        .still_running.len(),
        id_list(.still_running)
    )]
    HaltTimedOut {
        /// How long the halt waited.
        timeout: Duration,
        /// The halted jobs that were still running when the time was up.
        still_running: Vec<JobId>,
        /// What the halt did: every job it halted (those above included) and cancelled.
        report: ShutdownReport,
    },
}

/// `job-1, job-2, ...`, at most eight ids, then how many more.
fn id_list(ids: &[JobId]) -> String {
    const SHOWN: usize = 8;
    let mut list = String::new();
    for (i, id) in ids.iter().take(SHOWN).enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        let _ = write!(list, "{id}");
    }
    if ids.len() > SHOWN {
        let _ = write!(list, " and {} more", ids.len() - SHOWN);
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_are_cut_after_eight() {
        let ids: Vec<JobId> = (0..10).map(|_| JobId::next()).collect();
        let list = id_list(&ids);
        assert!(list.ends_with(" and 2 more"), "{list}");
        assert_eq!(list.matches("job-").count(), 8);
        assert_eq!(id_list(&ids[..1]), ids[0].to_string());
        assert_eq!(id_list(&[]), "");
    }
}
