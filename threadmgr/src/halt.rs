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

/// Unwinds the current thread with `halted` as the payload, without running the panic hook.
#[cold]
#[inline(never)]
pub(crate) fn unwind(halted: Halted) -> ! {
    std::panic::resume_unwind(Box::new(halted))
}
