//! [`spawn`]: the standalone haltable thread.

use super::boundary::execute;
use super::completion::{Completion, Job};
use super::handle::JobHandle;
use super::id::{JobError, JobId, JobStatus};
use crate::sync::{Arc, thread};
use crate::token::HaltToken;
use crate::trace::{self, JobSpan};

/// Runs `f` on a new OS thread named `threadmgr-job-N`, with a fresh [`HaltToken`] installed.
///
/// The standalone haltable thread: checkpoints in `f`
/// check the new token, which [`JobHandle::halt`] halts.
///
/// # Panics
///
/// If the OS cannot create a thread; [`try_spawn`] returns that error instead.
///
/// # Examples
///
/// ```
/// use threadmgr::{HaltReason, JobError, haltable};
///
/// #[haltable]
/// fn crunch(n: u64) -> u64 {
///     let mut acc: u64 = 0;
///     for i in 0..n {
///         acc = acc.wrapping_mul(31).wrapping_add(i);
///     }
///     acc
/// }
///
/// assert_eq!(threadmgr::spawn(|| crunch(10)).join(), Ok(crunch(10)));
///
/// let job = threadmgr::spawn(|| crunch(u64::MAX));
/// job.halt();
/// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
/// ```
pub fn spawn<T, F>(f: F) -> JobHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    try_spawn(f).expect("failed to spawn a thread for a job")
}

/// Like [`spawn`], but returns the OS's error when it cannot create a thread.
///
/// # Errors
///
/// The [`std::io::Error`] of [`std::thread::Builder::spawn`].
///
/// # Examples
///
/// ```
/// let job = threadmgr::try_spawn(|| 40 + 2)?;
/// assert_eq!(job.join(), Ok(42));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn try_spawn<T, F>(f: F) -> std::io::Result<JobHandle<T>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    try_spawn_in(HaltToken::new(), f)
}

/// [`try_spawn`] with `token` as the job's token (a `JobGroup` job's, a child of the group's).
pub(crate) fn try_spawn_in<T, F>(token: HaltToken, f: F) -> std::io::Result<JobHandle<T>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let id = JobId::next();
    let job = Arc::new(Job {
        id,
        token,
        completion: Completion::new(JobStatus::Running),
        body: (),
    });
    let theirs = Arc::clone(&job);
    let span = JobSpan::current();
    // Detached: `join` waits for the outcome, which the thread delivers before it exits.
    drop(
        thread::Builder::new()
            .name(format!("threadmgr-{id}"))
            .spawn(move || {
                let delivery = Undelivered(&theirs.completion);
                span.in_scope(|| {
                    trace::started(id);
                    let outcome = execute(&theirs.token, f);
                    trace::ended(id, &outcome);
                    theirs.completion.finish(outcome);
                });
                drop(delivery);
            })?,
    );
    Ok(JobHandle::new(job))
}

/// Delivers an outcome for a job whose thread unwinds out of [`execute`] without one (a panic
/// while dropping a panic's payload), so that its handle never waits for ever.
struct Undelivered<'a, T>(&'a Completion<T>);

impl<T> Drop for Undelivered<'_, T> {
    fn drop(&mut self) {
        if !self.0.status().is_terminal() {
            self.0.finish(Err(JobError::Panicked(
                "the job's thread ended without delivering an outcome".to_owned(),
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_that_panics_when_dropped_still_delivers_the_outcome() {
        struct PanicsOnDrop;
        impl Drop for PanicsOnDrop {
            fn drop(&mut self) {
                panic!("a payload that panics when dropped");
            }
        }
        let job = spawn(|| -> u8 { std::panic::panic_any(PanicsOnDrop) });
        match job.join() {
            Err(JobError::Panicked(message)) => assert!(message.contains("not a string")),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn spawned_thread_is_named_for_the_job() {
        let job = spawn(|| std::thread::current().name().map(str::to_owned));
        let expected = format!("threadmgr-{}", job.id());
        assert_eq!(job.join(), Ok(Some(expected)));
    }
}
