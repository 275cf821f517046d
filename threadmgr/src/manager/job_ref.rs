//! A manager job, type-erased: one allocation holds the closure, its token and where its
//! outcome goes.
//!
//! The allocation is a [`Job`] (shared with the job's handle, which only reads its id, token
//! and completion) whose body is a [`Payload`]: the closure and the job's options. Only the
//! job's one [`JobRef`] touches the payload; the borrow rules of the `JobRef` (`&self` to read,
//! `&mut self` or `self` to take) stand in for those of the payload.

use std::cell::UnsafeCell;
use std::time::{Duration, Instant};

use super::JobOptions;
use super::timer::Timer;
use crate::halt::HaltReason;
use crate::job::{self, Completion, Job, JobError, JobId, JobStatus};
use crate::sync::Arc;
use crate::token::HaltToken;
use crate::trace::{self, JobSpan};

/// A job of a manager, whatever its closure and result types: the one owner of its closure.
///
/// Whoever takes a task out of the queue (or creates it to start at once) owns it, and calls
/// exactly one of [`run`](JobRef::run) or [`discard`](JobRef::discard): so the job's outcome is
/// delivered exactly once. There is one `JobRef` per job (it is not `Clone`).
pub(super) struct JobRef(Arc<dyn Erased>);

/// What a job's handle does not see: the closure, and the options if any were given.
pub(super) struct Payload<F> {
    cell: UnsafeCell<Parts<F>>,
}

struct Parts<F> {
    /// `None` once taken to run or to drop.
    f: Option<F>,
    /// Boxed, so that a job without options pays one word for them.
    options: Option<Box<JobOptions>>,
    /// The span the job was appended in (zero-sized without the `tracing` feature).
    span: JobSpan,
}

// SAFETY: the payload is only reached through its job's one `JobRef` (see the module docs), so
// it is never accessed from two threads at once; sharing the `Job` shares nothing else of it.
// `F: Send` because the `JobRef` moves it to another thread.
unsafe impl<F: Send> Sync for Payload<F> {}

impl<F: Send> job::Body for Payload<F> {}

/// The methods of a [`JobRef`], object-safe over the job's types.
///
/// # Safety
///
/// The `unsafe` methods touch the payload: only [`JobRef`] calls them, with the access its own
/// borrow gives (`parts` while borrowed, `take_name` while borrowed mutably, `run` and
/// `discard` when consumed).
trait Erased: Send + Sync {
    fn id(&self) -> JobId;
    fn token(&self) -> &HaltToken;
    fn mark_started(&self);
    unsafe fn options(&self) -> Option<&JobOptions>;
    unsafe fn take_name(&self) -> Option<String>;
    unsafe fn run(self: Arc<Self>, timer: &Timer, ended: &dyn Fn(JobStatus));
    unsafe fn discard(self: Arc<Self>, error: JobError);
    fn has_ended(&self) -> bool;
}

/// Whether a running job's handle has resolved: what `halt` waits for after the job's record
/// is gone (the record goes first, in `Registry::finished`, so that once a `join` returns the
/// job is no longer listed as running; the handle resolves right after, on the same thread).
#[derive(Clone)]
pub(super) struct JobEnd(Arc<dyn Erased>);

impl JobEnd {
    pub(super) fn has_ended(&self) -> bool {
        self.0.has_ended()
    }
}

impl JobRef {
    /// A new queued job, and the same job as its handle sees it.
    pub(super) fn new<T, F>(
        id: JobId,
        token: HaltToken,
        options: JobOptions,
        f: F,
    ) -> (JobRef, Arc<Job<T>>)
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let options = (options != JobOptions::default()).then(|| Box::new(options));
        let job = Arc::new(Job {
            id,
            token,
            completion: Completion::new(crate::job::JobStatus::Queued),
            body: Payload {
                cell: UnsafeCell::new(Parts {
                    f: Some(f),
                    options,
                    span: JobSpan::current(),
                }),
            },
        });
        let handle: Arc<Job<T>> = job.clone();
        (JobRef(job), handle)
    }

    pub(super) fn id(&self) -> JobId {
        self.0.id()
    }

    pub(super) fn token(&self) -> &HaltToken {
        self.0.token()
    }

    /// The name of the job, if it was given one and it was not taken.
    pub(super) fn name(&self) -> Option<&str> {
        // SAFETY: `self` is borrowed, so no one takes from the payload meanwhile.
        unsafe { self.0.options() }.and_then(|options| options.name.as_deref())
    }

    /// Takes the job's name, to move it to the job's record when it starts or ends.
    pub(super) fn take_name(&mut self) -> Option<String> {
        // SAFETY: `self` is borrowed mutably: nobody else reads the payload meanwhile.
        unsafe { self.0.take_name() }
    }

    /// The job's absolute deadline, registered with the timer when it was queued.
    pub(super) fn deadline(&self) -> Option<Instant> {
        // SAFETY: as in `name`.
        unsafe { self.0.options() }.and_then(|options| options.deadline)
    }

    /// Marks the job's handle `Running`. Called under the manager's lock when it is dispatched.
    pub(super) fn mark_started(&self) {
        self.0.mark_started();
    }

    /// See [`JobEnd`].
    pub(super) fn end(&self) -> JobEnd {
        JobEnd(Arc::clone(&self.0))
    }

    /// Runs the job on the current (pool) thread, with its timeout on `timer`; then tells
    /// `ended` how it ended (the manager's bookkeeping, which must be done before anyone who
    /// joins the job can look at the manager), then delivers the outcome to the handle.
    pub(super) fn run(self, timer: &Timer, ended: &dyn Fn(JobStatus)) {
        // SAFETY: `self`, the payload's only way in, is consumed.
        unsafe { self.0.run(timer, ended) }
    }

    /// Delivers `error` without running the job, dropping its closure. The caller removes
    /// the job's [`deadline`](JobRef::deadline) from the timer.
    pub(super) fn discard(self, error: JobError) {
        // SAFETY: as in `run`.
        unsafe { self.0.discard(error) }
    }
}

impl<T, F> Job<T, Payload<F>> {
    /// The payload's parts, to read.
    ///
    /// # Safety
    ///
    /// No `&mut` to the parts is alive: the caller holds the job's one [`JobRef`] borrowed (the
    /// `JobRef` is the only way to the payload, and a `&mut` is only made while it is borrowed
    /// mutably or consumed).
    unsafe fn parts(&self) -> &Parts<F> {
        // SAFETY: no `&mut` is alive, by the caller's contract; reads through `&` may overlap.
        unsafe { &*self.body.cell.get() }
    }

    /// The payload's parts, to change.
    ///
    /// # Safety
    ///
    /// No other reference to the parts is alive: the caller holds the job's one [`JobRef`]
    /// borrowed mutably, or consumes it.
    #[allow(clippy::mut_from_ref)] // unique through the `JobRef`, not through `&self`
    unsafe fn parts_mut(&self) -> &mut Parts<F> {
        // SAFETY: the caller's exclusive hold on the one `JobRef` makes this borrow unique.
        unsafe { &mut *self.body.cell.get() }
    }
}

impl<T, F> Erased for Job<T, Payload<F>>
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

    fn mark_started(&self) {
        let started = self.completion.start();
        debug_assert!(started, "only the queue's owner finishes a queued job");
    }

    fn has_ended(&self) -> bool {
        self.completion.status().is_terminal()
    }

    unsafe fn options(&self) -> Option<&JobOptions> {
        // SAFETY: `JobRef::deadline`/`name` call this through `&self`: no `&mut` is alive.
        unsafe { self.parts() }.options.as_deref()
    }

    unsafe fn take_name(&self) -> Option<String> {
        // SAFETY: `JobRef::take_name` calls this through `&mut self`: the borrow is unique.
        unsafe { self.parts_mut() }.options.as_mut()?.name.take()
    }

    unsafe fn run(self: Arc<Self>, timer: &Timer, ended: &dyn Fn(JobStatus)) {
        // SAFETY: `JobRef::run` consumed the one `JobRef`: nothing else can reach the parts.
        let Parts { f, options, span } = std::mem::replace(
            unsafe { self.parts_mut() },
            Parts {
                f: None,
                options: None,
                span: JobSpan::none(),
            },
        );
        let Some(f) = f else {
            debug_assert!(false, "a job runs once");
            return;
        };
        span.in_scope(|| self.run_in_span(f, options, timer, ended));
    }

    unsafe fn discard(self: Arc<Self>, error: JobError) {
        // SAFETY: `JobRef::discard` consumed the one `JobRef`: nothing else can reach the parts.
        let f = unsafe { self.parts_mut() }.f.take();
        if let JobError::Halted(reason) = &error {
            // So that the token tells the same story as the handle.
            self.token.halt_with(reason.clone());
        }
        job::drop_quietly(f);
        let outcome = Err(error);
        trace::ended(self.id, &outcome);
        self.completion.finish(outcome);
    }
}

impl<T, F> Job<T, Payload<F>>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    /// The body of [`Erased::run`], inside the job's span.
    fn run_in_span(
        &self,
        f: F,
        options: Option<Box<JobOptions>>,
        timer: &Timer,
        ended: &dyn Fn(JobStatus),
    ) {
        trace::started(self.id);
        let (deadline, timeout) = options
            .as_deref()
            .map_or((None, None), |options| (options.deadline, options.timeout));
        let token = &self.token;
        let (outcome, timed_out_at) = if deadline.is_none() && timeout.is_none() {
            // The common case: no timer, no clock reading.
            if let Some(reason) = token.is_halted().then(|| token.reason()).flatten() {
                // Halted while queued (by its handle, or by a halt that raced with its
                // dispatch): it never starts.
                job::drop_quietly(f);
                (Err(JobError::Halted(reason)), None)
            } else {
                (job::execute(token, f), None)
            }
        } else {
            run_timed(timer, self.id, token, f, deadline, timeout)
        };
        trace::ended(self.id, &outcome);
        ended(job::terminal_status(&outcome));
        for at in [deadline, timed_out_at].into_iter().flatten() {
            timer.remove(at, self.id);
        }
        self.completion.finish(outcome);
    }
}

/// Runs a job that has a deadline or a timeout; returns its outcome and the time its timeout
/// ends, if that got a timer entry of its own.
fn run_timed<T>(
    timer: &Timer,
    id: JobId,
    token: &HaltToken,
    f: impl FnOnce() -> T,
    deadline: Option<Instant>,
    timeout: Option<Duration>,
) -> (Result<T, JobError>, Option<Instant>) {
    let started = Instant::now();
    // A timeout counts from here; when it ends before the absolute deadline it gets a timer
    // entry of its own (the deadline's was made when the job was queued).
    let timed_out_at = timeout
        .and_then(|timeout| started.checked_add(timeout))
        .filter(|&at| deadline.is_none_or(|deadline| at < deadline));
    let due = timed_out_at.or(deadline);
    if let Some(reason) = token.is_halted().then(|| token.reason()).flatten() {
        // Halted while queued, as in `run`.
        job::drop_quietly(f);
        (Err(JobError::Halted(reason)), None)
    } else if due.is_some_and(|due| due <= started) {
        // Its deadline passed before a thread was free; the timer may not have got to it.
        token.halt_with(HaltReason::Deadline);
        job::drop_quietly(f);
        (Err(JobError::Halted(HaltReason::Deadline)), None)
    } else {
        if let Some(at) = timed_out_at {
            timer.insert(at, id);
        }
        (job::execute(token, f), timed_out_at)
    }
}
