//! Halt-aware waits: [`recv`] on a channel and [`wait_while`] on a condition variable, which end
//! within a millisecond when the current job is halted, by unwinding as [`sleep`](crate::sleep)
//! does.
//!
//! Neither std's channel nor its condition variable can wait on a second thing, so inside a
//! job they wait in slices of [`SLICE`] and check the job's token between slices: a halt waits
//! at most one slice, and a waiting job wakes a thousand times a second (a few microseconds of
//! CPU each). `wait_while` also registers its condition variable with the job's token for the
//! wait, and a halt notifies it, so that wait usually ends at once; a receiver cannot be woken
//! from outside, so `recv` waits out its slice. Outside any job they are the std calls they
//! replace, with no slicing.

use std::sync::mpsc::{Receiver, RecvError, RecvTimeoutError};
use std::sync::{Condvar, MutexGuard, PoisonError};
use std::time::Duration;

use crate::{checkpoint, halt};

/// How long a halt-aware wait waits before it looks at its job's token again.
const SLICE: Duration = Duration::from_millis(1);

/// [`Receiver::recv`], except that a halt of the current job ends the wait: it unwinds within a
/// millisecond, as [`sleep`](crate::sleep) does.
///
/// Outside any job it is `receiver.recv()`.
///
/// # Errors
///
/// [`RecvError`] when the channel is empty and every sender is gone, as `Receiver::recv`.
///
/// # Panics
///
/// Unwinds with a [`Halted`](crate::Halted) payload when the current token is halted, as
/// [`checkpoint`](crate::checkpoint()) does.
///
/// # Examples
///
/// ```
/// use std::sync::mpsc;
/// use threadmgr::{HaltReason, JobError};
///
/// let (sender, receiver) = mpsc::channel::<u32>();
/// let job = threadmgr::spawn(move || threadmgr::recv(&receiver));
/// job.halt(); // nothing was ever sent: only the halt can end the wait
/// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
/// drop(sender);
/// ```
pub fn recv<T>(receiver: &Receiver<T>) -> Result<T, RecvError> {
    let flag = checkpoint::current();
    if flag.is_none() {
        return receiver.recv();
    }
    loop {
        flag.check();
        match receiver.recv_timeout(SLICE) {
            Ok(value) => return Ok(value),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Err(RecvError),
        }
    }
}

/// [`Condvar::wait_while`], except that a halt of the current job ends the wait: it unlocks the
/// mutex and unwinds, as [`sleep`](crate::sleep) does. The halt notifies `condvar`, so this
/// takes microseconds (at most a millisecond, if the notification lands just before the
/// wait).
///
/// Blocks while `condition` returns true for the guarded value, and returns the guard once it
/// returns false. Outside any job it is `condvar.wait_while(guard, condition)`.
///
/// A poisoned mutex is waited on as if it were not (the guard is taken out of the
/// [`PoisonError`]): a halted job poisons the mutexes whose guards its unwind drops, and the
/// jobs that wait on them should go on. A halt here unlocks the mutex before it unwinds, so it
/// does not poison it.
///
/// # Panics
///
/// Unwinds with a [`Halted`](crate::Halted) payload when the current token is halted, as
/// [`checkpoint`](crate::checkpoint()) does.
///
/// # Examples
///
/// ```
/// use std::sync::{Arc, Condvar, Mutex};
/// use threadmgr::{HaltReason, JobError};
///
/// let pair = Arc::new((Mutex::new(false), Condvar::new()));
/// let job = {
///     let pair = Arc::clone(&pair);
///     threadmgr::spawn(move || {
///         let (ready, changed) = &*pair;
///         let guard = threadmgr::wait_while(changed, ready.lock().unwrap(), |ready| !*ready);
///         *guard
///     })
/// };
/// job.halt(); // `ready` never becomes true: only the halt can end the wait
/// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
/// assert!(!pair.0.is_poisoned());
/// ```
pub fn wait_while<'a, U, F>(
    condvar: &Condvar,
    guard: MutexGuard<'a, U>,
    mut condition: F,
) -> MutexGuard<'a, U>
where
    F: FnMut(&mut U) -> bool,
{
    let flag = checkpoint::current();
    if flag.is_none() {
        return condvar
            .wait_while(guard, condition)
            .unwrap_or_else(PoisonError::into_inner);
    }
    // A halt notifies `condvar`, so the wait usually ends at once; a halt that lands between
    // the check below and the wait is still seen at the end of the slice.
    let _registered = flag.notify_on_halt(condvar);
    let mut guard = guard;
    loop {
        if !condition(&mut guard) {
            return guard;
        }
        // As a checkpoint: never a second unwind while the thread unwinds already.
        if flag.is_halted()
            && !std::thread::panicking()
            && let Err(halted) = flag.try_check()
        {
            drop(guard);
            halt::unwind(halted);
        }
        guard = condvar
            .wait_timeout(guard, SLICE)
            .map_or_else(|poisoned| poisoned.into_inner().0, |(guard, _)| guard);
    }
}

/// Halt-aware waits on [`crossbeam-channel`](https://docs.rs/crossbeam-channel) receivers (the
/// `crossbeam-channel` feature). Unlike [`recv`](crate::recv), they do not poll: the wait
/// selects on the receiver and on a channel that a halt of the current job sends on, so a halt
/// ends it at once.
#[cfg(feature = "crossbeam-channel")]
pub mod crossbeam {
    use crossbeam_channel::{Receiver, RecvError};

    use crate::checkpoint;

    /// [`Receiver::recv`], except that a halt of the current job ends the wait at once, by
    /// unwinding as [`sleep`](crate::sleep) does. Outside any job it is `receiver.recv()`.
    ///
    /// # Errors
    ///
    /// [`RecvError`] when the channel is empty and disconnected, as `Receiver::recv`.
    ///
    /// # Panics
    ///
    /// Unwinds with a [`Halted`](crate::Halted) payload when the current token is halted, as
    /// [`checkpoint`](crate::checkpoint()) does.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{HaltReason, JobError};
    ///
    /// let (sender, receiver) = crossbeam_channel::unbounded::<u32>();
    /// let job = threadmgr::spawn(move || threadmgr::crossbeam::recv(&receiver));
    /// job.halt(); // nothing was ever sent: only the halt can end the wait
    /// assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
    /// drop(sender);
    /// ```
    pub fn recv<T>(receiver: &Receiver<T>) -> Result<T, RecvError> {
        let flag = checkpoint::current();
        if flag.is_none() {
            return receiver.recv();
        }
        let (halt_sender, halted) = crossbeam_channel::bounded::<()>(1);
        let _registered = flag.call_on_halt(Box::new(move || {
            // Never blocks (a full channel already says "halted"): it runs under a lock.
            let _ = halt_sender.try_send(());
        }));
        loop {
            // A halt before the registration is seen here; one after it wakes the select.
            flag.check();
            crossbeam_channel::select! {
                recv(receiver) -> message => return message,
                recv(halted) -> _ => {}
            }
        }
    }
}
