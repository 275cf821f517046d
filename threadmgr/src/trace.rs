//! Jobs seen through `tracing` (the optional `tracing` feature): each job runs inside the span
//! that was current when it was appended or spawned, and its life is emitted as events with
//! its id in the `job` field, under the `threadmgr` target:
//!
//! - `queued` (DEBUG), when a manager queues it;
//! - `started` (DEBUG), on its thread, inside its span;
//! - `finished` (DEBUG), `halted` (INFO, with the `reason`), `panicked` (WARN, with the
//!   `panic` message) or `cancelled` (DEBUG), when its outcome is known.
//!
//! Without the feature, [`JobSpan`] is empty and every function here does nothing.

use crate::job::{JobError, JobId};

/// The span a job was created in, entered around its run.
#[derive(Debug)]
pub(crate) struct JobSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

impl JobSpan {
    /// The span current on this thread now.
    #[inline]
    pub(crate) fn current() -> Self {
        JobSpan {
            #[cfg(feature = "tracing")]
            span: tracing::Span::current(),
        }
    }

    /// No span: what a job's payload holds once its span was taken to run it.
    #[inline]
    pub(crate) fn none() -> Self {
        JobSpan {
            #[cfg(feature = "tracing")]
            span: tracing::Span::none(),
        }
    }

    /// Runs `f` inside the span.
    #[inline]
    pub(crate) fn in_scope<R>(&self, f: impl FnOnce() -> R) -> R {
        #[cfg(feature = "tracing")]
        {
            self.span.in_scope(f)
        }
        #[cfg(not(feature = "tracing"))]
        {
            f()
        }
    }
}

/// A manager queued the job.
#[inline]
pub(crate) fn queued(id: JobId) {
    #[cfg(feature = "tracing")]
    tracing::debug!(target: "threadmgr", job = %id, "queued");
    #[cfg(not(feature = "tracing"))]
    let _ = id;
}

/// The job starts on its thread.
#[inline]
pub(crate) fn started(id: JobId) {
    #[cfg(feature = "tracing")]
    tracing::debug!(target: "threadmgr", job = %id, "started");
    #[cfg(not(feature = "tracing"))]
    let _ = id;
}

/// The job's outcome is known.
#[inline]
pub(crate) fn ended<T>(id: JobId, outcome: &Result<T, JobError>) {
    #[cfg(feature = "tracing")]
    match outcome {
        Ok(_) => tracing::debug!(target: "threadmgr", job = %id, "finished"),
        Err(JobError::Halted(reason)) => {
            tracing::info!(target: "threadmgr", job = %id, reason = %reason, "halted");
        }
        Err(JobError::Panicked(message)) => {
            tracing::warn!(target: "threadmgr", job = %id, panic = %message, "panicked");
        }
        Err(JobError::Cancelled) => tracing::debug!(target: "threadmgr", job = %id, "cancelled"),
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (id, outcome);
}
