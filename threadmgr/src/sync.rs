//! The synchronisation primitives the concurrency-critical code uses, in one place, so that they
//! can be swapped for model-checked ones.
//!
//! Under `cfg(loom)` the atomics, mutexes, condition variables and threads are loom's, so that
//! the models in `tests/loom_*.rs` check the production code of the token slots (`slot.rs`),
//! tokens (`token.rs`) and job completion (`job.rs`). Three things stay std's:
//!
//! - `Arc` and `Weak`: loom's `Arc` has no `Weak`, which tokens need for their children and
//!   owners. Nothing in the crate synchronises through a reference count (no `get_mut`, no
//!   `strong_count` decisions), so the models lose only loom's leak check.
//! - `AtomicU64`: it numbers jobs (`JobId::next`, a `static`), which no protocol depends on.
//! - The manager's `DashMap` and rayon pool are not loom-aware at all, so the manager is not
//!   modelled whole: its state machine (`manager/ledger.rs`) is, by its child `ledger_model.rs`,
//!   which drives it with fake jobs and loom threads for the pool.

use std::time::Duration;

pub(crate) use std::sync::atomic::AtomicU64;
pub(crate) use std::sync::{Arc, Weak};

#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicPtr, AtomicU8, AtomicUsize, Ordering};
#[cfg(loom)]
pub(crate) use loom::sync::{Condvar, Mutex, MutexGuard};
#[cfg(loom)]
pub(crate) use loom::thread;
#[cfg(not(loom))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU8, AtomicUsize, Ordering};
#[cfg(not(loom))]
pub(crate) use std::sync::{Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
pub(crate) use std::thread;

/// Locks `mutex`, ignoring poisoning.
///
/// Every mutex of this crate guards plain bookkeeping that is never left half-updated by a
/// panic (no user code runs while one is held), so a poisoned lock holds consistent data.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Waits on `condvar`, ignoring poisoning (see [`lock`]).
pub(crate) fn wait<'a, T>(condvar: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    condvar
        .wait(guard)
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Waits on `condvar` for at most `timeout`, ignoring poisoning (see [`lock`]).
pub(crate) fn wait_timeout<'a, T>(
    condvar: &Condvar,
    guard: MutexGuard<'a, T>,
    timeout: Duration,
) -> MutexGuard<'a, T> {
    condvar
        .wait_timeout(guard, timeout)
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .0
}
