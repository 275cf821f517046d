//! Jobs: their ids, states, errors and handles, and [`spawn`], the standalone haltable thread.

use std::any::Any;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use crate::checkpoint;
use crate::halt::{HaltReason, Halted};
use crate::sync::{
    Arc, AtomicBool, AtomicU8, AtomicU64, Condvar, Mutex, Ordering, lock, thread, wait,
    wait_timeout,
};
use crate::token::HaltToken;

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

    fn from_u8(value: u8) -> Self {
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
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&'static str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "Box<dyn Any> (a panic payload that is not a string)".to_owned()
    }
}

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
/// wake-up system call.
pub(crate) struct Completion<T> {
    status: AtomicU8,
    /// A thread is parked in `take` (at most one: the handle is not `Clone`, and joining
    /// consumes it). Read and written only under `result`'s lock; an atomic only so that it
    /// fits beside `status` in what would be padding.
    waiting: AtomicBool,
    result: Mutex<Option<Result<T, JobError>>>,
    done: Condvar,
}

/// How long [`Completion::take`] polls before it parks.
const SPIN: Duration = Duration::from_micros(10);

/// How long [`Completion::take`] polls before it parks when the job is halted: it ends at its
/// next checkpoint, after unwinding its stack (about 0.5 us a frame here) or waking from a
/// `threadmgr::sleep`, which takes longer than a running job's last steps but usually less than
/// this; a park and the wake-up that ends it would add 20-60 us on a VM. Between rounds of
/// polling the waiter yields, so on a busy machine the job's thread runs.
const HALTED_SPIN: Duration = Duration::from_micros(200);

impl<T> Completion<T> {
    pub(crate) fn new(status: JobStatus) -> Self {
        Completion {
            status: AtomicU8::new(status as u8),
            waiting: AtomicBool::new(false),
            result: Mutex::new(None),
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
        let mut result = lock(&self.result);
        if self.status().is_terminal() {
            return false;
        }
        *result = Some(outcome);
        self.status.store(status as u8, Ordering::Release);
        let wake = self.waiting.load(Ordering::Relaxed);
        drop(result);
        if wake {
            self.done.notify_all();
        }
        true
    }

    /// Waits for the outcome until `deadline` (for ever if `None`) and takes it, polling for up
    /// to `spin` before it parks.
    fn take(&self, deadline: Option<Instant>, spin: Duration) -> Option<Result<T, JobError>> {
        self.spin(deadline, spin);
        let mut result = lock(&self.result);
        loop {
            if let Some(outcome) = result.take() {
                return Some(outcome);
            }
            self.waiting.store(true, Ordering::Relaxed);
            match deadline {
                None => result = wait(&self.done, result),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        self.waiting.store(false, Ordering::Relaxed);
                        return None;
                    }
                    result = wait_timeout(&self.done, result, left);
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

/// Runs `f` as a job on the current thread: with `token` installed, inside `catch_unwind`.
///
/// The token is uninstalled before this returns, so whoever delivers the outcome never lets a
/// waiter observe this thread still inside the job.
///
/// How an unwind ends the job:
/// - if the job's own token is halted, `Halted` with its reason, whatever the payload: the halt
///   may have reached the job through code that turns an unwind into a panic of its own (a
///   scoped thread halted and joined with `unwrap`, `std::thread::scope` re-raising "a scoped
///   thread panicked"), and the job stopped because it was halted;
/// - otherwise a `Halted` payload is another token's halt (a closure of another job, a scope
///   inside the job that let it through): `Panicked`, saying so;
/// - otherwise `Panicked` with the panic's message.
///
/// The payload is dropped inside `catch_unwind`: a payload whose `Drop` panics must not escape.
pub(crate) fn execute<T>(token: &HaltToken, f: impl FnOnce() -> T) -> Result<T, JobError> {
    let caught = {
        let _installed = checkpoint::install(token.handle());
        panic::catch_unwind(AssertUnwindSafe(f))
    };
    caught.map_err(|payload| {
        let own = token.reason();
        let error = match own {
            Some(reason) => JobError::Halted(reason),
            None => match payload.downcast_ref::<Halted>() {
                Some(halted) => {
                    JobError::Panicked(format!("unwound by the halt of another token ({halted})"))
                }
                None => JobError::Panicked(panic_message(payload.as_ref())),
            },
        };
        drop_quietly(payload);
        error
    })
}

/// Drops `value` (an unwind payload, a job's closure that will never run), catching a panic of
/// its `Drop`, so that it cannot unwind into the job boundary or the manager's bookkeeping. Such
/// a panic has been reported by the panic hook already; its own payload is leaked, since a
/// payload that panicked while dropped could panic again and abort the process.
pub(crate) fn drop_quietly<T>(value: T) {
    if let Err(second) = panic::catch_unwind(AssertUnwindSafe(move || drop(value))) {
        std::mem::forget(second);
    }
}

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
    /// been dropped. For a job of [`spawn`], its OS thread then exits on its own: `join` does
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

/// Runs `f` on a new OS thread named `threadmgr-job-N`, with a fresh [`HaltToken`] installed.
///
/// The standalone haltable thread (the seed's `TracedThread(...).start()`): checkpoints in `f`
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
    let id = JobId::next();
    let job = Arc::new(Job {
        id,
        token: HaltToken::new(),
        completion: Completion::new(JobStatus::Running),
        body: (),
    });
    let theirs = Arc::clone(&job);
    // Detached: `join` waits for the outcome, which the thread delivers before it exits.
    drop(
        thread::Builder::new()
            .name(format!("threadmgr-{id}"))
            .spawn(move || {
                let delivery = Undelivered(&theirs.completion);
                theirs.completion.finish(execute(&theirs.token, f));
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
    fn finish_happens_once() {
        let completion = Completion::new(JobStatus::Queued);
        assert!(completion.start());
        assert!(!completion.start());
        assert!(completion.finish(Ok(1)));
        assert!(!completion.finish(Err(JobError::Cancelled)));
        assert_eq!(completion.status(), JobStatus::Completed);
        assert_eq!(completion.take(None, SPIN), Some(Ok(1)));
    }

    #[test]
    fn cancelled_job_never_starts() {
        let completion = Completion::<()>::new(JobStatus::Queued);
        assert!(completion.finish(Err(JobError::Cancelled)));
        assert!(!completion.start());
        assert_eq!(completion.status(), JobStatus::Cancelled);
    }

    #[test]
    fn take_times_out_without_an_outcome() {
        let completion = Completion::<()>::new(JobStatus::Running);
        assert_eq!(completion.take(Some(Instant::now()), SPIN), None);
    }

    #[test]
    fn take_wakes_a_parked_waiter_and_polls_a_quick_one() {
        for delay in [
            Duration::ZERO,
            Duration::from_micros(2),
            Duration::from_millis(20),
        ] {
            let completion = Arc::new(Completion::new(JobStatus::Running));
            let theirs = Arc::clone(&completion);
            let finisher = thread::spawn(move || {
                thread::sleep(delay);
                assert!(theirs.finish(Ok(delay)));
            });
            assert_eq!(completion.take(None, SPIN), Some(Ok(delay)));
            assert!(!completion.waiting.load(Ordering::Relaxed));
            finisher.join().unwrap();
        }
    }

    #[test]
    fn take_gives_up_at_its_deadline_even_while_polling() {
        let completion = Completion::<()>::new(JobStatus::Running);
        let start = Instant::now();
        assert_eq!(completion.take(Some(start + SPIN / 4), SPIN), None);
        assert_eq!(completion.take(Some(start + SPIN * 100), SPIN), None);
        assert!(start.elapsed() >= SPIN * 100);
        assert!(!completion.waiting.load(Ordering::Relaxed));
        assert!(completion.finish(Ok(())));
        assert_eq!(completion.take(Some(Instant::now()), SPIN), Some(Ok(())));
    }

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
    fn panic_messages_are_kept() {
        assert_eq!(panic_message(&"static"), "static");
        assert_eq!(panic_message(&String::from("owned")), "owned");
        assert!(panic_message(&42_u32).contains("not a string"));
    }

    #[test]
    fn spawned_thread_is_named_for_the_job() {
        let job = spawn(|| thread::current().name().map(str::to_owned));
        let expected = format!("threadmgr-{}", job.id());
        assert_eq!(job.join(), Ok(Some(expected)));
    }
}
