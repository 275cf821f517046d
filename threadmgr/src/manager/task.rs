//! A queued job, type-erased: the closure, its token and where its outcome goes.

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use super::shared::Shared;
use crate::halt::HaltReason;
use crate::job::{self, Completion, JobError, JobId};
use crate::sync::Arc;
use crate::token::HaltToken;

/// A job of a manager, whatever its closure and result types.
///
/// Whoever takes a task out of the queue (or creates it to start at once) owns it, and calls
/// exactly one of [`run`](Task::run) or [`discard`](Task::discard): so the job's outcome is
/// delivered exactly once.
pub(super) trait Task: Send {
    fn id(&self) -> JobId;

    fn token(&self) -> &HaltToken;

    /// The name of a queued job.
    fn name(&self) -> Option<&str>;

    /// Takes the job's name, to move it to the job's record when it starts or ends.
    fn take_name(&mut self) -> Option<String>;

    /// The job's absolute deadline, registered with the timer when it was queued.
    fn deadline(&self) -> Option<Instant>;

    /// Marks the job's handle `Running`. Called under the manager's lock when it is dispatched.
    fn mark_started(&self);

    /// Runs the job on the current (pool) thread, does the manager's bookkeeping, then delivers
    /// the outcome. `from_run` says whether a `run` batch started it.
    fn run(self: Box<Self>, shared: &Arc<Shared>, from_run: bool);

    /// Delivers `error` without running the job, dropping its closure. The caller removes
    /// the job's [`deadline`](Task::deadline) from the timer.
    fn discard(self: Box<Self>, error: JobError);
}

/// The one implementation of [`Task`].
pub(super) struct ManagedJob<T, F> {
    pub(super) id: JobId,
    pub(super) name: Option<String>,
    pub(super) token: HaltToken,
    pub(super) completion: Arc<Completion<T>>,
    pub(super) f: F,
    pub(super) deadline: Option<Instant>,
    pub(super) timeout: Option<Duration>,
}

impl<T, F> Task for ManagedJob<T, F>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    fn id(&self) -> JobId {
        self.id
    }

    fn token(&self) -> &HaltToken {
        &self.token
    }

    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    fn take_name(&mut self) -> Option<String> {
        self.name.take()
    }

    fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    fn mark_started(&self) {
        let started = self.completion.start();
        debug_assert!(started, "only the queue's owner finishes a queued job");
    }

    fn run(self: Box<Self>, shared: &Arc<Shared>, from_run: bool) {
        let ManagedJob {
            id,
            token,
            completion,
            f,
            deadline,
            timeout,
            ..
        } = *self;
        let started = Instant::now();
        // A timeout counts from here; when it ends before the absolute deadline it gets a
        // timer entry of its own (the deadline's was made when the job was queued).
        let timed_out_at = timeout
            .and_then(|timeout| started.checked_add(timeout))
            .filter(|&at| deadline.is_none_or(|deadline| at < deadline));
        let due = timed_out_at.or(deadline);
        let outcome = if let Some(reason) = token.is_halted().then(|| token.reason()).flatten() {
            // Halted while queued (by its handle, or by a halt that raced with its dispatch):
            // it never starts.
            drop_quietly(f);
            Err(JobError::Halted(reason))
        } else if due.is_some_and(|due| due <= started) {
            // Its deadline passed before a thread was free; the timer may not have got to it.
            token.halt_with(HaltReason::Deadline);
            drop_quietly(f);
            Err(JobError::Halted(HaltReason::Deadline))
        } else {
            if let Some(at) = timed_out_at {
                shared.timer.insert(at, id);
            }
            job::execute(&token, f)
        };
        shared.finished(id, job::terminal_status(&outcome), from_run);
        for at in [deadline, timed_out_at].into_iter().flatten() {
            shared.timer.remove(at, id);
        }
        completion.finish(outcome);
    }

    fn discard(self: Box<Self>, error: JobError) {
        let ManagedJob {
            token,
            completion,
            f,
            ..
        } = *self;
        if let JobError::Halted(reason) = &error {
            // So that the token tells the same story as the handle.
            token.halt_with(reason.clone());
        }
        drop_quietly(f);
        completion.finish(Err(error));
    }
}

/// Drops a job's closure that will never run, so that a panic in a captured value's destructor
/// cannot unwind into the manager's bookkeeping. Such a panic has already been reported by the
/// panic hook; there is no one else to give it to.
fn drop_quietly<F>(f: F) {
    let _ = panic::catch_unwind(AssertUnwindSafe(move || drop(f)));
}
