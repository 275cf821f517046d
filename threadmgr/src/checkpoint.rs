//! The current token of a thread, and the checkpoints that read it.
//!
//! Each thread has a current token flag in a thread-local, the "no token" flag (never
//! halted) unless a job boundary installed one. [`install`] sets it for the life of a guard that
//! restores the previous flag on every exit path, unwinding included.
//!
//! [`install_scope`] (what [`HaltToken::scope`] does) installs a flag *over* the current one:
//! the thread keeps, in `SCOPED`, the flags that the run of scopes at the top of its installs
//! was installed over. A closure made by `#[haltable]` code enters its creator's flag, except
//! when that flag is one of these (see [`is_scoped_over`]): the closure then runs inside a
//! scope its creator's context opened, and checks the scope's token. A job boundary or an entered
//! closure ([`install`]) starts a new context, with no scopes under it.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use crate::halt::Halted;
use crate::slot::{self, HaltFlag};
use crate::token::{HaltToken, TokenInner};

#[cfg(not(loom))]
thread_local! {
    /// The flag checked by this thread's checkpoints. `const`-initialised and without a
    /// destructor, so reading it is a plain thread-local load.
    static CURRENT: Cell<&'static HaltFlag> = const { Cell::new(HaltFlag::NONE) };
    /// The flags that the run of `scope`s at the top of this thread's installs was installed
    /// over, oldest first; empty when the top install is not a scope.
    static SCOPED: RefCell<Vec<&'static HaltFlag>> = const { RefCell::new(Vec::new()) };
}

// Loom runs a model's threads on one OS thread, so they need loom's thread-locals.
#[cfg(loom)]
loom::thread_local! {
    static CURRENT: Cell<&'static HaltFlag> = Cell::new(HaltFlag::none());
    static SCOPED: RefCell<Vec<&'static HaltFlag>> = RefCell::new(Vec::new());
}

/// The current thread's flag.
#[inline(always)]
pub(crate) fn current() -> &'static HaltFlag {
    CURRENT.with(Cell::get)
}

/// The current thread's flag, read in a way the compiler cannot merge with an earlier read:
/// for cold paths, so that instrumented code's entry read (which needs only the slot half of
/// the flag) does not also load the other half, in case the cold path runs.
#[inline(always)]
pub(crate) fn current_reread() -> &'static HaltFlag {
    CURRENT.with(|current| std::hint::black_box(current).get())
}

/// Installs `flag` as the current thread's flag until the guard drops, in a new context:
/// no scope is open under it until it drops (a job boundary, an entered closure).
pub(crate) fn install(flag: &'static HaltFlag) -> InstallGuard {
    install_in(flag, &[])
}

/// Installs `flag` over the current flag until the guard drops ([`HaltToken::scope`]).
pub(crate) fn install_scope(flag: &'static HaltFlag) -> InstallGuard {
    let previous = CURRENT.with(|current| current.replace(flag));
    // Fails only while the thread's locals are being destroyed; the scope then is not seen
    // as one by closures, which enter their creator's flag as everywhere else.
    let pushed = SCOPED.try_with(|scoped| scoped.borrow_mut().push(previous));
    InstallGuard {
        previous,
        scoped: pushed.is_err().then(Vec::new),
    }
}

/// The flags that the run of scopes at the top of this thread's installs was installed over,
/// for work that carries this context to another thread (a rayon parallel iterator made
/// here, see `carried.rs`).
pub(crate) fn scoped_over() -> Vec<&'static HaltFlag> {
    SCOPED
        .try_with(|scoped| scoped.borrow().clone())
        .unwrap_or_default()
}

/// Installs `flag` until the guard drops, in a context whose open scopes were installed over
/// `scoped` ([`install`] passes none; on a rayon worker, a carried parallel iterator passes the
/// context of the thread that made it, so that a closure made before a scope there keeps the
/// scope's token here too).
pub(crate) fn install_in(flag: &'static HaltFlag, scoped: &[&'static HaltFlag]) -> InstallGuard {
    InstallGuard {
        previous: CURRENT.with(|current| current.replace(flag)),
        scoped: Some(
            SCOPED
                .try_with(|open| std::mem::replace(&mut *open.borrow_mut(), scoped.to_vec()))
                .unwrap_or_default(),
        ),
    }
}

/// Whether the run of scopes at the top of this thread's installs was installed over `flag`:
/// a closure whose creator's flag it is runs inside a scope its creator's context opened.
pub(crate) fn is_scoped_over(flag: &'static HaltFlag) -> bool {
    SCOPED
        .try_with(|scoped| scoped.borrow().contains(&flag))
        .unwrap_or(false)
}

/// Restores the previously installed flag (and the scopes under it) when dropped.
#[must_use = "the token is uninstalled when the guard drops"]
#[derive(Debug)]
pub(crate) struct InstallGuard {
    previous: &'static HaltFlag,
    /// `None` for a scope (pop it), or the scopes that were open before a new context.
    scoped: Option<Vec<&'static HaltFlag>>,
}

impl Drop for InstallGuard {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.previous));
        let scoped = self.scoped.take();
        // As in `install_scope`: nothing to restore while the thread's locals are destroyed.
        let _ = SCOPED.try_with(|open| match scoped {
            Some(saved) => *open.borrow_mut() = saved,
            None => {
                open.borrow_mut().pop();
            }
        });
    }
}

/// Running with a token installed: here rather than in `token.rs`, so that the token knows
/// nothing of the thread-locals that checkpoints read.
impl HaltToken {
    /// Runs `f` on the current thread with this token installed; a halt inside becomes `Err`.
    ///
    /// Checkpoints in `f` (and in everything it calls, including closures that `#[haltable]`
    /// code hands to other threads) check this token. When it is halted, the checkpoint unwinds
    /// to here, running destructors on the way, and `scope` returns `Err(Halted)`. A panic in
    /// `f`, or the halt of another token, passes through unchanged. The previously installed
    /// token is restored on every exit path.
    ///
    /// # Errors
    ///
    /// [`Halted`] when `f` was halted at a checkpoint of this token. If the token is halted
    /// before `scope` starts, `f` still runs until its first checkpoint.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::HaltToken;
    ///
    /// let token = HaltToken::new();
    /// assert_eq!(token.scope(|| 6 * 7), Ok(42));
    /// token.halt();
    /// let result = token.scope(|| {
    ///     threadmgr::checkpoint();
    ///     unreachable!("the checkpoint unwinds")
    /// });
    /// assert!(result.is_err());
    /// ```
    pub fn scope<R>(&self, f: impl FnOnce() -> R) -> Result<R, Halted> {
        let flag = self.flag();
        let caught = {
            let _installed = install_scope(flag);
            panic::catch_unwind(AssertUnwindSafe(f))
        };
        match caught {
            Ok(value) => Ok(value),
            Err(payload) => match payload.downcast::<Halted>() {
                Ok(halted) if halted.origin() == flag.origin() => Err(*halted),
                Ok(other) => panic::resume_unwind(other),
                Err(payload) => panic::resume_unwind(payload),
            },
        }
    }
}

/// The checkpoint of generated code and of [`checkpoint`]: unwinds if the thread's current
/// token is halted.
///
/// The hot path is one relaxed load of a process-wide word, the number of halted leases
/// ([`slot::any_halted`]), a compare and a branch: no thread-local read, no register kept for a
/// flag. Only while some token somewhere is halted does a check read the thread's flag.
#[inline(always)]
pub(crate) fn check_any() {
    if slot::any_halted() {
        check_current();
    }
}

/// The cold path of [`check_any`]: some token is halted; check the current thread's.
/// `#[inline]` for the reason given at `HaltFlag::check_slow`.
#[cold]
#[inline]
fn check_current() {
    current_reread().check_slow();
}

/// A manual checkpoint, for code that is not instrumented by `#[haltable]`.
///
/// Unwinds (running destructors on the way) if the current token is halted; the job boundary
/// turns that into [`JobError::Halted`](crate::JobError::Halted) or
/// [`Err(Halted)`](crate::Halted). Outside any job it does nothing.
///
/// # Panics
///
/// It does not panic, but it unwinds like a panic when the current token is halted, with a
/// [`Halted`](crate::Halted) payload and without printing anything.
///
/// # Examples
///
/// ```
/// use threadmgr::{HaltToken, checkpoint};
///
/// checkpoint(); // outside any job: nothing happens
///
/// let token = HaltToken::new();
/// token.halt();
/// let result = token.scope(|| {
///     for i in 0.. {
///         if i % 1024 == 0 {
///             checkpoint();
///         }
///     }
/// });
/// assert!(result.is_err());
/// ```
#[inline]
pub fn checkpoint() {
    check_any();
}

/// True if the current token is halted; false outside any job.
///
/// Lets code wind down on its own instead of being unwound at its next checkpoint.
///
/// # Examples
///
/// ```
/// use threadmgr::HaltToken;
///
/// assert!(!threadmgr::is_halted());
/// let token = HaltToken::new();
/// token.halt();
/// let saw = token.scope(threadmgr::is_halted).unwrap();
/// assert!(saw);
/// ```
#[inline]
pub fn is_halted() -> bool {
    current().is_halted()
}

/// The token installed on the current thread, or `None` outside any job.
///
/// # Examples
///
/// ```
/// use threadmgr::HaltToken;
///
/// assert_eq!(threadmgr::current_token(), None);
/// let token = HaltToken::new();
/// let seen = token.scope(threadmgr::current_token).unwrap();
/// assert_eq!(seen, Some(token));
/// ```
pub fn current_token() -> Option<HaltToken> {
    let owner = current().owner()?;
    owner
        .downcast::<TokenInner>()
        .ok()
        .map(HaltToken::from_inner)
}

/// Sleeps for `duration`, but wakes and halts at once when the current token is halted.
///
/// Outside any job it is [`std::thread::sleep`]. Halting wakes the sleeper through a condition
/// variable: it takes microseconds, not the rest of the sleep.
///
/// # Panics
///
/// Unwinds with a [`Halted`](crate::Halted) payload when the current token is halted, as
/// [`checkpoint`] does.
///
/// # Examples
///
/// ```
/// use std::time::{Duration, Instant};
///
/// let job = threadmgr::spawn(|| threadmgr::sleep(Duration::from_secs(60)));
/// std::thread::sleep(Duration::from_millis(20));
/// let start = Instant::now();
/// job.halt();
/// assert!(job.join().is_err());
/// assert!(start.elapsed() < Duration::from_secs(30));
/// ```
pub fn sleep(duration: Duration) {
    current().sleep(duration);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_nests_and_restores() {
        let a = HaltToken::new();
        let b = HaltToken::new();
        assert!(current().is_none());
        {
            let _a = install(a.flag());
            assert_eq!(current(), a.flag());
            {
                let _b = install(b.flag());
                assert_eq!(current(), b.flag());
            }
            assert_eq!(current(), a.flag());
        }
        assert!(current().is_none());
    }

    #[test]
    fn install_is_restored_when_unwinding() {
        let a = HaltToken::new();
        let result = std::panic::catch_unwind(|| {
            let _a = install(a.flag());
            panic!("unwind through the guard");
        });
        assert!(result.is_err());
        assert!(current().is_none());
    }

    #[test]
    fn thread_locals_are_per_thread() {
        let a = HaltToken::new();
        let _a = install(a.flag());
        std::thread::spawn(|| assert!(current().is_none()))
            .join()
            .unwrap();
        assert_eq!(current(), a.flag());
    }

    #[test]
    fn free_functions_outside_a_job_do_nothing() {
        checkpoint();
        assert!(!is_halted());
        assert_eq!(current_token(), None);
        sleep(Duration::from_millis(1));
    }
}
