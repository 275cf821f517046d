//! [`JobHandle`]: halt a job, ask how it is doing, wait for its result.

use std::fmt;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};
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
/// A handle is also a [`Future`] of the job's result, for async code on any executor: awaiting
/// it does not block a thread (the task's waker is kept with the job's completion and woken
/// when the job ends). Dropping the future keeps the meaning above, so a cancelled `.await`
/// leaves the job running; [`halt_on_drop`](JobHandle::halt_on_drop) makes it halt the job
/// instead.
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

    /// This handle as a future that halts the job if it is dropped before the job ends: so
    /// that `tokio::select!`, `tokio::time::timeout` or a cancelled request halts the work it
    /// started. Awaited to the end, it gives the job's result as the handle would.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::HaltReason;
    ///
    /// let job = threadmgr::spawn(|| threadmgr::sleep(Duration::from_secs(3600)));
    /// let token = job.token().clone();
    /// let abandoned = job.halt_on_drop();
    /// drop(abandoned); // as a timed-out `.await` would
    /// assert_eq!(token.reason(), Some(HaltReason::Requested));
    ///
    /// let job = threadmgr::spawn(|| 6 * 7).halt_on_drop();
    /// assert_eq!(job.join(), Ok(42)); // a `HaltOnDrop` derefs to its `JobHandle`
    /// ```
    pub fn halt_on_drop(self) -> HaltOnDrop<T> {
        HaltOnDrop { handle: Some(self) }
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

/// Awaits the job's result, as [`join`](JobHandle::join) does without blocking a thread.
///
/// # Panics
///
/// If polled again after it gave the result.
///
/// # Examples
///
/// ```
/// let job = threadmgr::spawn(|| 6 * 7);
/// let answer = block_on(job);
/// assert_eq!(answer, Ok(42));
/// # fn block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     // A minimal executor: park the thread until the waker unparks it.
/// #     use std::sync::Arc;
/// #     use std::task::{Context, Poll, Wake};
/// #     struct Unpark(std::thread::Thread);
/// #     impl Wake for Unpark {
/// #         fn wake(self: Arc<Self>) { self.0.unpark() }
/// #     }
/// #     let waker = Arc::new(Unpark(std::thread::current())).into();
/// #     let mut cx = Context::from_waker(&waker);
/// #     let mut future = std::pin::pin!(future);
/// #     loop {
/// #         if let Poll::Ready(output) = future.as_mut().poll(&mut cx) { return output; }
/// #         std::thread::park();
/// #     }
/// # }
/// ```
// A handle is a reference to the job's shared allocation: nothing in it is pinned, whatever `T`.
impl<T> Unpin for JobHandle<T> {}

impl<T> Future for JobHandle<T> {
    type Output = Result<T, JobError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.job.completion.poll_take(cx)
    }
}

/// A [`JobHandle`] as a future that halts its job if dropped before the job ends; made by
/// [`JobHandle::halt_on_drop`]. It derefs to the handle, for its id, status and token.
///
/// Dropped after it resolved, or after [`into_handle`](HaltOnDrop::into_handle), it does
/// nothing to the job.
pub struct HaltOnDrop<T> {
    /// `None` once it resolved or was turned back into a handle.
    handle: Option<JobHandle<T>>,
}

impl<T> HaltOnDrop<T> {
    /// The handle back, without halting the job: dropping it then detaches the job.
    pub fn into_handle(mut self) -> JobHandle<T> {
        self.handle
            .take()
            .expect("a HaltOnDrop holds its handle until it resolves")
    }

    /// Waits for the job to end and returns its outcome, as [`JobHandle::join`] does.
    ///
    /// # Errors
    ///
    /// As [`JobHandle::join`].
    pub fn join(self) -> Result<T, JobError> {
        self.into_handle().join()
    }
}

impl<T> Deref for HaltOnDrop<T> {
    type Target = JobHandle<T>;

    /// # Panics
    ///
    /// After the future resolved (its handle is then gone).
    fn deref(&self) -> &JobHandle<T> {
        self.handle
            .as_ref()
            .expect("a HaltOnDrop derefs to its handle until it resolves")
    }
}

impl<T> Unpin for HaltOnDrop<T> {}

impl<T> Future for HaltOnDrop<T> {
    type Output = Result<T, JobError>;

    /// # Panics
    ///
    /// If polled again after it gave the result.
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let handle = self
            .handle
            .as_mut()
            .expect("a HaltOnDrop was polled after it resolved");
        let outcome = Pin::new(handle).poll(cx);
        if outcome.is_ready() {
            self.handle = None;
        }
        outcome
    }
}

impl<T> Drop for HaltOnDrop<T> {
    fn drop(&mut self) {
        if let Some(handle) = &self.handle
            && !handle.is_finished()
        {
            handle.halt();
        }
    }
}

impl<T> fmt::Debug for HaltOnDrop<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.handle {
            Some(handle) => f.debug_tuple("HaltOnDrop").field(handle).finish(),
            None => f.write_str("HaltOnDrop(resolved)"),
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
