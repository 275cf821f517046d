//! The job boundary: where a job runs with its token installed, and where an unwind (a halt
//! or a panic) becomes the job's [`JobError`].

use std::panic::{self, AssertUnwindSafe};

use super::id::{JobError, panic_message};
use crate::checkpoint;
use crate::halt::Halted;
use crate::token::HaltToken;

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
        let _installed = checkpoint::install(token.flag());
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
