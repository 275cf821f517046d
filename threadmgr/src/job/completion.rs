//! Where a job's outcome goes: the [`Job`] allocation a handle shares with whoever runs the
//! job, and its [`Completion`], the protocol that delivers the outcome exactly once (modelled
//! by `tests/loom_job.rs`).

use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use super::id::{JobError, JobId, JobStatus};
use crate::sync::{
    AtomicBool, AtomicU8, Condvar, Mutex, Ordering, lock, thread, wait, wait_timeout,
};
use crate::token::HaltToken;

/// What a job's handle shares with whoever runs the job, in one allocation: its id, token and
/// [`Completion`], and a `body` the handle never reads (a manager job's closure and options,
/// `()` for [`spawn`]).
pub(crate) struct Job<T, B: ?Sized = dyn Body> {
    pub(crate) id: JobId,
    pub(crate) token: HaltToken,
    pub(crate) completion: Completion<T>,
    pub(crate) body: B,
}

/// What a [`Job`]'s body may be, so that a handle can hold any job of result type `T`.
pub(crate) trait Body: Send + Sync {}

impl Body for () {}

/// Where a job's outcome is delivered: its status, and its result until it is taken.
///
/// Invariants: the status only moves forward (`Queued → Running → terminal`, or `Queued →
/// Cancelled`), and exactly one terminal transition happens, by whoever calls
/// [`finish`](Completion::finish) first; the result is stored in the same critical section, so
/// a waiter that sees a terminal status also finds the result.
///
/// Waiting: [`take`](Completion::take) first polls the status for a while ([`SPIN`], or
/// [`HALTED_SPIN`] for a halted job: a job that is about to end, such as one unwinding from a
/// halt, ends sooner than a park and wake-up take), then parks on the condition variable, saying
/// so in `waiting`; `finish` notifies only then, so a job whose handle is not parked makes no
/// wake-up system call. An awaiting task ([`poll_take`](Completion::poll_take)) leaves its
/// waker in `outcome` instead; `finish` takes it in the critical section that stores the
/// result, and wakes it after unlocking.
pub(crate) struct Completion<T> {
    status: AtomicU8,
    /// A thread is parked in `take` (at most one: the handle is not `Clone`, and joining
    /// consumes it). Read and written only under `outcome`'s lock; an atomic only so that it
    /// fits beside `status` in what would be padding.
    waiting: AtomicBool,
    outcome: Mutex<Outcome<T>>,
    done: Condvar,
}

/// What `Completion`'s lock guards.
struct Outcome<T> {
    /// The result, from `finish` until it is taken.
    result: Option<Result<T, JobError>>,
    /// The task that awaits the job, if one polled it before it ended.
    waker: Option<Waker>,
}

/// How long [`Completion::take`] polls before it parks.
pub(super) const SPIN: Duration = Duration::from_micros(10);

/// How long [`Completion::take`] polls before it parks when the job is halted: it ends at its
/// next checkpoint, after unwinding its stack or waking from a `threadmgr::sleep`, which takes
/// longer than a running job's last steps but usually less than this, and less than a park and
/// the wake-up that ends it. Between rounds of polling the waiter yields, so on a busy machine
/// the job's thread runs.
pub(super) const HALTED_SPIN: Duration = Duration::from_micros(200);

impl<T> Completion<T> {
    pub(crate) fn new(status: JobStatus) -> Self {
        Completion {
            status: AtomicU8::new(status as u8),
            waiting: AtomicBool::new(false),
            outcome: Mutex::new(Outcome {
                result: None,
                waker: None,
            }),
            done: Condvar::new(),
        }
    }

    pub(crate) fn status(&self) -> JobStatus {
        JobStatus::from_u8(self.status.load(Ordering::Acquire))
    }

    /// `Queued → Running`; false if the job is no longer queued (it was cancelled).
    pub(crate) fn start(&self) -> bool {
        self.status
            .compare_exchange(
                JobStatus::Queued as u8,
                JobStatus::Running as u8,
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
    }

    /// Delivers the outcome; false (and `outcome` dropped) if the job had one already.
    pub(crate) fn finish(&self, outcome: Result<T, JobError>) -> bool {
        let status = terminal_status(&outcome);
        let mut guarded = lock(&self.outcome);
        if self.status().is_terminal() {
            return false;
        }
        guarded.result = Some(outcome);
        self.status.store(status as u8, Ordering::Release);
        let wake = self.waiting.load(Ordering::Relaxed);
        let waker = guarded.waker.take();
        drop(guarded);
        if wake {
            self.done.notify_all();
        }
        if let Some(waker) = waker {
            waker.wake();
        }
        true
    }

    /// The outcome if the job has ended; otherwise leaves `cx`'s waker to be woken when it
    /// does.
    ///
    /// # Panics
    ///
    /// If the outcome was taken already (the handle was awaited to the end before).
    pub(super) fn poll_take(&self, cx: &mut Context<'_>) -> Poll<Result<T, JobError>> {
        let mut guarded = lock(&self.outcome);
        if let Some(outcome) = guarded.result.take() {
            return Poll::Ready(outcome);
        }
        assert!(
            !self.status().is_terminal(),
            "a JobHandle was polled after it resolved: its result was taken already"
        );
        match &mut guarded.waker {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            waker => *waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }

    /// Waits for the outcome until `deadline` (for ever if `None`) and takes it, polling for up
    /// to `spin` before it parks.
    pub(super) fn take(
        &self,
        deadline: Option<Instant>,
        spin: Duration,
    ) -> Option<Result<T, JobError>> {
        self.spin(deadline, spin);
        let mut guarded = lock(&self.outcome);
        loop {
            if let Some(outcome) = guarded.result.take() {
                return Some(outcome);
            }
            assert!(
                !self.status().is_terminal(),
                "a JobHandle was joined after it was awaited to the end: its result was taken \
                 already"
            );
            self.waiting.store(true, Ordering::Relaxed);
            match deadline {
                None => guarded = wait(&self.done, guarded),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        self.waiting.store(false, Ordering::Relaxed);
                        return None;
                    }
                    guarded = wait_timeout(&self.done, guarded, left);
                }
            }
            self.waiting.store(false, Ordering::Relaxed);
        }
    }

    /// Polls the status until it is terminal, for at most `spin` and not past `deadline`.
    /// Yields between rounds, so that on a busy machine the job's thread can run.
    fn spin(&self, deadline: Option<Instant>, spin: Duration) {
        // Under loom, polling for a span of wall-clock time would make a model's schedule
        // depend on the clock (loom requires a deterministic model). Polling is only a shortcut;
        // the protocol to check is the park and the notify, which follow.
        if cfg!(loom) {
            return;
        }
        let start = Instant::now();
        let until = deadline.map_or(start + spin, |deadline| deadline.min(start + spin));
        loop {
            for _ in 0..32 {
                if self.status().is_terminal() {
                    return;
                }
                std::hint::spin_loop();
            }
            if Instant::now() >= until {
                return;
            }
            thread::yield_now();
        }
    }
}

/// The terminal status that delivering `outcome` moves a job to.
pub(crate) fn terminal_status<T>(outcome: &Result<T, JobError>) -> JobStatus {
    match outcome {
        Ok(_) => JobStatus::Completed,
        Err(JobError::Halted(_)) => JobStatus::Halted,
        Err(JobError::Panicked(_)) => JobStatus::Panicked,
        Err(JobError::Cancelled) => JobStatus::Cancelled,
    }
}

#[cfg(test)]
#[path = "completion_tests.rs"]
mod tests;
