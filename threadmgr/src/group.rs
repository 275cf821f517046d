//! [`JobGroup`]: jobs that succeed or fail together.
//!
//! The group owns a token; each job's token is a child of it. So halting the group halts every
//! job, while a job's own halt or deadline halts that job only. Fail-fast is done by the jobs
//! themselves: each runs inside a wrapper that, when the job panics, halts its siblings one by
//! one (not the group's token, which would halt the panicking job too and make it end
//! `Halted` instead of `Panicked`), and marks the group failed so that jobs added later are
//! born halted.

use std::fmt;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::Error;
use crate::halt::{HaltReason, Halted};
use crate::job::{self, JobError, JobHandle, JobId};
use crate::manager::{JobOptions, ThreadManager};
use crate::sync::{Arc, AtomicBool, Mutex, Ordering, lock};
use crate::token::HaltToken;

/// Jobs that succeed or fail together, like Go's `errgroup`: by default the first job of the
/// group that panics halts the others, with a [`HaltReason::Custom`] that names the job and
/// why.
///
/// Jobs are added as threads ([`spawn`](JobGroup::spawn)) or queued on a manager
/// ([`append`](JobGroup::append)), in any mix. [`join_all`](JobGroup::join_all) waits for them
/// all and gives their outcomes in the order they were added; the group is also a [`Future`]
/// of the same `Vec`. Halting the group ([`halt`](JobGroup::halt)) halts every job in it, and
/// jobs added later are born halted; a job's own halt or deadline halts that job only.
///
/// Dropping the group detaches its jobs, as dropping their handles would.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use threadmgr::{JobError, JobGroup};
///
/// let mut group = JobGroup::new();
/// group.spawn(|| threadmgr::sleep(Duration::from_secs(3600))); // halted by the failure below
/// group.spawn(|| panic!("out of cheese"));
/// let outcomes = group.join_all();
/// assert!(matches!(&outcomes[0], Err(JobError::Halted(reason))
///     if reason.to_string().contains("panicked: out of cheese")));
/// assert_eq!(outcomes[1], Err(JobError::Panicked("out of cheese".into())));
/// ```
pub struct JobGroup<T> {
    shared: Arc<GroupState>,
    /// The jobs' handles, in the order they were added; `None` once awaited to the end.
    handles: Vec<Option<JobHandle<T>>>,
    /// What the group as a future has gathered so far: the outcomes of the first jobs, in
    /// order (it polls the jobs one after the other, so each job's waker is registered once).
    gathered: Vec<Result<T, JobError>>,
}

/// What a group shares with its jobs' wrappers.
struct GroupState {
    /// The parent of every job's token.
    token: HaltToken,
    fail_fast: AtomicBool,
    members: Mutex<Members>,
}

#[derive(Default)]
struct Members {
    /// Every job's id and token, in the order added.
    jobs: Vec<(JobId, HaltToken)>,
    /// Why the group failed, once a job panicked with fail-fast on.
    failed: Option<HaltReason>,
}

impl<T: Send + 'static> JobGroup<T> {
    /// An empty group, failing fast.
    ///
    /// # Examples
    ///
    /// ```
    /// let group = threadmgr::JobGroup::<u32>::new();
    /// assert!(group.is_empty());
    /// assert!(group.join_all().is_empty());
    /// ```
    pub fn new() -> Self {
        JobGroup {
            shared: Arc::new(GroupState {
                token: HaltToken::new(),
                fail_fast: AtomicBool::new(true),
                members: Mutex::new(Members::default()),
            }),
            handles: Vec::new(),
            gathered: Vec::new(),
        }
    }

    /// Whether the first job that panics halts the others (true by default). Applies to the
    /// jobs added before and after.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{JobError, JobGroup};
    ///
    /// let mut group = JobGroup::new();
    /// group.fail_fast(false);
    /// group.spawn(|| -> u32 { panic!("deliberate") });
    /// group.spawn(|| 7);
    /// let outcomes = group.join_all();
    /// assert!(matches!(outcomes[0], Err(JobError::Panicked(_))));
    /// assert_eq!(outcomes[1], Ok(7));
    /// ```
    pub fn fail_fast(&mut self, fail_fast: bool) -> &mut Self {
        self.shared.fail_fast.store(fail_fast, Ordering::Relaxed);
        self
    }

    /// Runs `f` on a new thread as a job of the group, as [`spawn`](crate::spawn) does.
    ///
    /// # Panics
    ///
    /// If the OS cannot create a thread, as [`spawn`](crate::spawn).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut group = threadmgr::JobGroup::new();
    /// let first = group.spawn(|| 1);
    /// let second = group.spawn(|| 2);
    /// assert_ne!(first, second);
    /// assert_eq!(group.join_all(), vec![Ok(1), Ok(2)]);
    /// ```
    pub fn spawn<F>(&mut self, f: F) -> JobId
    where
        F: FnOnce() -> T + Send + 'static,
    {
        let token = self.member_token();
        let handle = job::try_spawn_in(token.clone(), self.wrap(token.clone(), f))
            .expect("failed to spawn a thread for a job");
        self.add(token, handle)
    }

    /// Queues `f` on `manager` as a job of the group, as
    /// [`ThreadManager::append`](crate::ThreadManager::append) does. It starts when the manager
    /// runs it ([`run`](crate::ThreadManager::run) or [`watch`](crate::ThreadManager::watch)).
    ///
    /// # Errors
    ///
    /// The manager's [`Error::Stopped`] if it was closed; the job is then not in the group.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{JobGroup, ThreadManager};
    ///
    /// let manager = ThreadManager::builder().thread_limit(2).build()?;
    /// manager.watch()?;
    /// let mut group = JobGroup::new();
    /// for i in 0..4 {
    ///     group.append(&manager, move || i * i)?;
    /// }
    /// assert_eq!(group.join_all(), vec![Ok(0), Ok(1), Ok(4), Ok(9)]);
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn append<F>(&mut self, manager: &ThreadManager, f: F) -> Result<JobId, Error>
    where
        F: FnOnce() -> T + Send + 'static,
    {
        let token = self.member_token();
        let wrapped = self.wrap(token.clone(), f);
        let handle = manager.submit_in(token.clone(), JobOptions::new(), wrapped, false)?;
        Ok(self.add(token, handle))
    }
}

impl<T> JobGroup<T> {
    /// Halts every job of the group with [`HaltReason::Requested`]; jobs added later are born
    /// halted.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use threadmgr::{HaltReason, JobError, JobGroup};
    ///
    /// let mut group = JobGroup::new();
    /// group.spawn(|| threadmgr::sleep(Duration::from_secs(3600)));
    /// group.halt();
    /// assert_eq!(group.join_all(), vec![Err(JobError::Halted(HaltReason::Requested))]);
    /// ```
    pub fn halt(&self) {
        self.shared.token.halt();
    }

    /// The group's token: the parent of its jobs' tokens.
    pub fn token(&self) -> &HaltToken {
        &self.shared.token
    }

    /// The number of jobs added.
    pub fn len(&self) -> usize {
        self.handles.len()
    }

    /// True if no job was added.
    pub fn is_empty(&self) -> bool {
        self.handles.is_empty()
    }

    /// Waits for every job and returns their outcomes, in the order the jobs were added.
    ///
    /// # Panics
    ///
    /// If the group was awaited to the end before.
    pub fn join_all(mut self) -> Vec<Result<T, JobError>> {
        let mut outcomes = std::mem::take(&mut self.gathered);
        for handle in self.handles.drain(outcomes.len()..) {
            outcomes.push(
                handle
                    .expect("a JobGroup was joined after it was awaited to the end")
                    .join(),
            );
        }
        outcomes
    }

    /// A child of the group's token for a new job; halted at once if the group failed.
    fn member_token(&self) -> HaltToken {
        let token = self.shared.token.child();
        if let Some(reason) = lock(&self.shared.members).failed.clone() {
            token.halt_with(reason);
        }
        token
    }

    fn add(&mut self, token: HaltToken, handle: JobHandle<T>) -> JobId {
        let id = handle.id();
        let failed = {
            let mut members = lock(&self.shared.members);
            members.jobs.push((id, token.clone()));
            members.failed.clone()
        };
        // A job that failed the group between `member_token` and here did not see this one.
        if let Some(reason) = failed {
            token.halt_with(reason);
        }
        self.handles.push(Some(handle));
        id
    }

    /// `f`, run so that a panic fails the group (when it fails fast) before it unwinds on.
    fn wrap<F>(&self, own: HaltToken, f: F) -> impl FnOnce() -> T + Send + 'static
    where
        F: FnOnce() -> T + Send + 'static,
        T: 'static,
    {
        let shared = Arc::clone(&self.shared);
        move || match panic::catch_unwind(AssertUnwindSafe(f)) {
            Ok(value) => value,
            Err(payload) => {
                // A halt of this job (its own or the group's) is not a failure.
                if !payload.is::<Halted>() && !own.is_halted() {
                    shared.fail(&own, &*payload);
                }
                // Not a new panic: the panic hook has reported it already.
                panic::resume_unwind(payload)
            }
        }
    }
}

impl GroupState {
    /// A job (the one whose token is `own`) panicked: with fail-fast on, halts the other jobs,
    /// once, with a reason that names the job and its panic.
    fn fail(&self, own: &HaltToken, payload: &(dyn std::any::Any + Send)) {
        if !self.fail_fast.load(Ordering::Relaxed) {
            return;
        }
        let (reason, others) = {
            let mut members = lock(&self.members);
            if members.failed.is_some() {
                return;
            }
            let failed = members
                .jobs
                .iter()
                .find(|(_, token)| token == own)
                .map_or_else(|| "a job".to_owned(), |(id, _)| id.to_string());
            let reason = HaltReason::Custom(format!(
                "{failed} of its group panicked: {}",
                job::panic_message(payload)
            ));
            members.failed = Some(reason.clone());
            let others: Vec<HaltToken> = members
                .jobs
                .iter()
                .filter(|(_, token)| token != own)
                .map(|(_, token)| token.clone())
                .collect();
            (reason, others)
        };
        // Halted after unlocking: halting takes the tokens' own locks.
        for token in others {
            token.halt_with(reason.clone());
        }
    }
}

impl<T: Send + 'static> Default for JobGroup<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Awaits every job, as [`join_all`](JobGroup::join_all) does without blocking a thread.
///
/// # Panics
///
/// If polled again after it gave the outcomes.
// Nothing in a group is pinned (its handles are `Unpin`): it may move between polls.
impl<T> Unpin for JobGroup<T> {}

impl<T> Future for JobGroup<T> {
    type Output = Vec<Result<T, JobError>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        while this.gathered.len() < this.handles.len() {
            let next = this.gathered.len();
            let handle = this.handles[next]
                .as_mut()
                .expect("a JobGroup was polled after it resolved");
            match Pin::new(handle).poll(cx) {
                Poll::Ready(outcome) => {
                    this.handles[next] = None;
                    this.gathered.push(outcome);
                }
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(std::mem::take(&mut this.gathered))
    }
}

impl<T> fmt::Debug for JobGroup<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let members = lock(&self.shared.members);
        f.debug_struct("JobGroup")
            .field("jobs", &members.jobs.len())
            .field("fail_fast", &self.shared.fail_fast.load(Ordering::Relaxed))
            .field("failed", &members.failed)
            .field("is_halted", &self.shared.token.is_halted())
            .finish()
    }
}
