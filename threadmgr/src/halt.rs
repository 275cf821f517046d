//! Why a job stopped ([`HaltReason`]) and the error that carries it ([`Halted`]).

use std::fmt;

/// Why a token was halted.
///
/// # Examples
///
/// ```
/// use threadmgr::{HaltReason, HaltToken};
///
/// let token = HaltToken::new();
/// token.halt_with(HaltReason::Custom("user pressed cancel".into()));
/// assert_eq!(token.reason(), Some(HaltReason::Custom("user pressed cancel".into())));
/// assert_eq!(HaltReason::Deadline.to_string(), "its deadline passed");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HaltReason {
    /// Someone called [`HaltToken::halt`](crate::HaltToken::halt) or
    /// [`JobHandle::halt`](crate::JobHandle::halt).
    Requested,
    /// The job was still running when its deadline passed.
    Deadline,
    /// The job's manager was halted or dropped.
    Shutdown,
    /// A reason of the caller's own, given to
    /// [`HaltToken::halt_with`](crate::HaltToken::halt_with).
    Custom(String),
}

impl fmt::Display for HaltReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HaltReason::Requested => f.write_str("a halt was requested"),
            HaltReason::Deadline => f.write_str("its deadline passed"),
            HaltReason::Shutdown => f.write_str("its manager shut down"),
            HaltReason::Custom(why) => f.write_str(why),
        }
    }
}

/// The error of a halt, and the payload a halted checkpoint unwinds with.
///
/// A checkpoint that finds its token halted unwinds with `Halted` as the payload (through
/// [`std::panic::resume_unwind`], so no panic message is printed). The job boundary
/// ([`spawn`](crate::spawn), [`HaltToken::scope`](crate::HaltToken::scope), a manager's job)
/// catches it and turns it into an error.
///
/// # Examples
///
/// ```
/// use threadmgr::{HaltReason, HaltToken};
///
/// let token = HaltToken::new();
/// token.halt();
/// let halted = token.scope(threadmgr::checkpoint).unwrap_err();
/// assert_eq!(halted.reason(), &HaltReason::Requested);
/// assert_eq!(halted.to_string(), "halted: a halt was requested");
/// ```
#[derive(Clone, Debug)]
pub struct Halted {
    reason: HaltReason,
    /// Address of the slot and the generation word of the token that was halted, so that a
    /// scope catches the halts of its own token only.
    origin: (usize, usize),
}

impl Halted {
    pub(crate) fn new(reason: HaltReason, origin: (usize, usize)) -> Self {
        Halted { reason, origin }
    }

    pub(crate) fn origin(&self) -> (usize, usize) {
        self.origin
    }

    /// Why the token was halted.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{HaltReason, HaltToken};
    ///
    /// let token = HaltToken::new();
    /// token.halt_with(HaltReason::Deadline);
    /// assert_eq!(token.check().unwrap_err().reason(), &HaltReason::Deadline);
    /// ```
    pub fn reason(&self) -> &HaltReason {
        &self.reason
    }

    /// Consumes the error and returns why the token was halted.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{HaltReason, HaltToken};
    ///
    /// let token = HaltToken::new();
    /// token.halt();
    /// assert_eq!(token.check().unwrap_err().into_reason(), HaltReason::Requested);
    /// ```
    pub fn into_reason(self) -> HaltReason {
        self.reason
    }
}

impl PartialEq for Halted {
    /// Two `Halted` are equal when they have the same reason.
    fn eq(&self, other: &Self) -> bool {
        self.reason == other.reason
    }
}

impl fmt::Display for Halted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "halted: {}", self.reason)
    }
}

impl std::error::Error for Halted {}

/// A panic handler for rayon thread pools that run closures of haltable jobs detached from them
/// (`ThreadPool::spawn`, `rayon::spawn`): a closure halted with its job ends quietly, and any
/// other panic aborts the process, as rayon does for a pool without a handler.
///
/// A closure that `#[haltable]` code hands to another thread checks its creator's token there.
/// On a pool without a panic handler, the unwind of its halt reaches rayon's spawn job, and
/// rayon aborts the process ("detected unexpected panic"). `rayon::join`, `rayon::scope` and
/// parallel iterators carry the unwind back to their caller instead, and a [`ThreadManager`]'s
/// own pool already ignores it; so this handler is needed only by pools that closures of
/// haltable jobs are `spawn`ed on, the global one included (build it with
/// `ThreadPoolBuilder::build_global`, before anything else uses rayon).
///
/// [`ThreadManager`]: crate::ThreadManager
///
/// Work that outlives its job (a spawned closure still running when the job has ended) is
/// halted only while the job's token lives: once every clone of the token is dropped, its slot
/// is reused and nothing can halt that work any more. Keep a clone of
/// [`JobHandle::token`](crate::JobHandle::token) until the detached work has ended.
///
/// # Examples
///
/// ```
/// use std::sync::{Arc, mpsc};
/// use std::time::Duration;
/// use threadmgr::haltable;
///
/// let pool = rayon::ThreadPoolBuilder::new()
///     .num_threads(1)
///     .panic_handler(threadmgr::halt_aware_panic_handler)
///     .build()
///     .map(Arc::new)
///     .unwrap();
///
/// #[haltable]
/// fn start_detached(pool: &rayon::ThreadPool, ended: mpsc::Sender<()>) {
///     // Captures `ended`: it checks this job's token wherever it runs.
///     pool.spawn(move || {
///         let _ended = ended; // dropped by the unwind, which closes the channel
///         let mut x = 1u64;
///         loop {
///             x = std::hint::black_box(x.wrapping_mul(6364136223846793005));
///         }
///     });
/// }
///
/// let (ended_sender, ended) = mpsc::channel();
/// let job = {
///     let pool = Arc::clone(&pool);
///     threadmgr::spawn(move || {
///         start_detached(&pool, ended_sender);
///         threadmgr::sleep(Duration::from_secs(3600));
///     })
/// };
/// let token = job.token().clone(); // the detached loop is halted only while this lives
/// std::thread::sleep(Duration::from_millis(20));
/// job.halt();
/// assert!(job.join().is_err());
/// assert!(ended.recv().is_err(), "the detached loop ended, and the process goes on");
/// drop(token);
/// assert_eq!(pool.install(|| 6 * 7), 42);
/// ```
pub fn halt_aware_panic_handler(payload: Box<dyn std::any::Any + Send>) {
    if payload.is::<Halted>() {
        return;
    }
    // Not dropped: its `Drop` could panic, and the process ends anyway.
    std::mem::forget(payload);
    eprintln!(
        "threadmgr::halt_aware_panic_handler: a rayon job panicked (not a halt); aborting, as \
         rayon does for a pool without a panic handler"
    );
    std::process::abort();
}

/// Unwinds the current thread with `halted` as the payload, without running the panic hook.
#[cold]
#[inline(never)]
pub(crate) fn unwind(halted: Halted) -> ! {
    std::panic::resume_unwind(Box::new(halted))
}
