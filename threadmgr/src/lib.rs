//! Halt running work safely and cheaply, and schedule it on a bounded pool.
//!
//! `threadmgr` stops work in the middle, from another thread, without killing threads:
//!
//! - [`#[haltable]`](haltable) rewrites a function at compile time so that it checks a
//!   [`HaltToken`] at loop iterations and before statements that can take long. A halted job
//!   stops at its next checkpoint by unwinding, so every destructor runs. A check is one relaxed
//!   atomic load and a branch, and hot loops are checked once per chunk of iterations.
//! - [`spawn`] runs a closure on its own thread with a fresh token, and returns a
//!   [`JobHandle`] to halt it and to join its result.
//! - [`sleep`] sleeps, but wakes at once when its job is halted.
//! - [`ThreadManager`] queues jobs and runs them on a bounded pool of threads, at most
//!   `thread_limit` at once: in batches ([`run`](ThreadManager::run)) or as they come
//!   ([`watch`](ThreadManager::watch)), with timeouts and deadlines ([`JobOptions`]), and stops
//!   them gracefully ([`stop`](ThreadManager::stop)) or abruptly ([`halt`](ThreadManager::halt)).
//!
//! # Examples
//!
//! ```
//! use threadmgr::{HaltReason, JobError, haltable};
//!
//! #[haltable]
//! fn crunch(n: u64) -> u64 {
//!     let mut acc: u64 = 0;
//!     for i in 0..n {
//!         acc = acc.wrapping_mul(6364136223846793005).wrapping_add(i); // halts between iterations
//!     }
//!     acc
//! }
//!
//! let job = threadmgr::spawn(|| crunch(u64::MAX));
//! job.halt();
//! assert!(matches!(job.join(), Err(JobError::Halted(HaltReason::Requested))));
//! ```
//!
//! # Managing jobs
//!
//! A [`ThreadManager`] owns a pool of worker threads and a queue. Each job gets its own
//! [`HaltToken`] and [`JobHandle`]; the manager starts queued jobs only when a thread is free, so
//! it can cancel what has not started, and it halts what runs at its next checkpoint. A job that
//! panics becomes [`JobError::Panicked`]; the other jobs and the manager go on. Dropping the
//! manager halts and waits for all its jobs (dropped from one of its own jobs, it cannot wait:
//! see [`ThreadManager`]).
//!
//! ```
//! use std::time::Duration;
//! use threadmgr::{HaltReason, JobError, JobOptions, ThreadManager};
//!
//! let manager = ThreadManager::builder().thread_limit(2).build()?;
//! manager.watch()?; // start jobs as they are appended
//! let quick = manager.append(|| 2 + 2)?;
//! let slow = manager.append_with(JobOptions::new().timeout(Duration::from_millis(20)), || {
//!     loop {
//!         threadmgr::checkpoint(); // where a halt or a deadline stops the job
//!     }
//! })?;
//! assert_eq!(quick.join(), Ok(4));
//! assert_eq!(slow.join(), Err(JobError::Halted(HaltReason::Deadline)));
//! let report = manager.halt(); // nothing left to halt
//! assert!(report.halted.is_empty() && report.cancelled.is_empty());
//! # Ok::<(), threadmgr::Error>(())
//! ```
//!
//! # Async code, groups and waits
//!
//! A [`JobHandle`] is a `Future` of its job's result; [`JobHandle::halt_on_drop`] makes one that
//! halts the job when dropped unresolved. A [`JobGroup`] runs jobs that succeed or fail
//! together. [`recv`] and [`wait_while`] are the std waits, ended by a halt of the current job.
//!
//! # Features
//!
//! - `tracing`: each job runs in the span it was created in, and its life is emitted as
//!   `tracing` events (target `threadmgr`, field `job`).
//! - `crossbeam-channel`: `crossbeam::recv`, a halt-aware receive on a crossbeam channel that
//!   selects on the halt instead of polling.
//!
//! # Halting, and what it needs
//!
//! A halt unwinds from a checkpoint with a [`Halted`] payload (without printing a panic
//! message), and the job boundary ([`spawn`], [`HaltToken::scope`]) catches it. A build with
//! `panic = "abort"` cannot unwind, so `#[haltable]` refuses to compile there; use
//! [`HaltToken::check`] (which returns `Err(Halted)`) in such builds.
//!
//! Code outside any job runs unchanged: its checks look at a token that is never halted.
//!
//! A halt unwinds like a panic, with the same consequences for what the job holds: a
//! `std::sync::Mutex` guard dropped by the unwind releases the lock and poisons it, its data as
//! the job left it at its last checkpoint (recover it with `PoisonError::into_inner`, or call
//! `clear_poison` once it is checked); and a destructor that panics while a halt unwinds aborts
//! the process, as a second panic during any unwind does (return early from `drop` when
//! `std::thread::panicking()`). `tests/faults.rs` shows both.
#![deny(missing_docs, missing_debug_implementations)]
#![doc(test(attr(deny(warnings))))]

mod asked;
mod carried;
mod chain;
mod checked;
mod checkpoint;
mod collect;
mod error;
mod group;
mod halt;
mod job;
mod manager;
mod slot;
mod sync;
mod token;
mod trace;
mod wait;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use checkpoint::{checkpoint, current_token, is_halted, sleep};
pub use error::Error;
pub use group::JobGroup;
pub use halt::{HaltReason, Halted, halt_aware_panic_handler};
pub use job::{HaltOnDrop, JobError, JobHandle, JobId, JobStatus, spawn, try_spawn};
pub use manager::{
    JobInfo, JobOptions, ShutdownReport, Stats, ThreadManager, ThreadManagerBuilder,
};
pub use token::HaltToken;
#[cfg(feature = "crossbeam-channel")]
pub use wait::crossbeam;
pub use wait::{recv, wait_while};

/// Instruments a function so that a halt of its job stops it at the next checkpoint.
///
/// Also on an `impl` block (every method), a `trait` (every default body) or an inline `mod`
/// (every fn, `impl` and `trait` in it; calls to the module's fns that run in bounded time then
/// need no check). See the [crate documentation](crate) and the README's guide for where checks go, what they
/// cost, and the `#[haltable(skip)]` opt-out.
///
/// # Examples
///
/// ```
/// use threadmgr::{HaltToken, haltable};
///
/// #[haltable]
/// fn total(values: &[u64]) -> u64 {
///     let mut sum = 0;
///     for v in values {
///         sum += v;
///     }
///     sum
/// }
///
/// // Outside any job it runs unchanged:
/// assert_eq!(total(&[1, 2, 3]), 6);
/// // Inside a halted job it stops:
/// let token = HaltToken::new();
/// token.halt();
/// assert!(token.scope(|| total(&[1, 2, 3])).is_err());
/// ```
pub use threadmgr_macros::haltable;
