//! Halting a job once it has clearly been running, so that it is the job's own checks that stop
//! it, not one it passed before the halt; and an iterator that reports a loop's progress while
//! its body stays cheap (so that the loop is chunked).

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use threadmgr::{HaltReason, JobError};

/// Runs `f(progress)` in a job, waits until it has counted 100,000 in `progress` (far more
/// than one chunk of a chunked loop), halts it, and checks that it stops with
/// `HaltReason::Requested`.
pub fn halts_while_running<T, F>(f: F)
where
    T: Send + std::fmt::Debug + 'static,
    F: FnOnce(&'static AtomicU64) -> T + Send + 'static,
{
    let progress: &'static AtomicU64 = Box::leak(Box::new(AtomicU64::new(0)));
    let job = threadmgr::spawn(move || f(progress));
    let start = Instant::now();
    while progress.load(Relaxed) < 100_000 {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the job made no progress"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    job.halt();
    let result = job.join();
    assert!(
        matches!(result, Err(JobError::Halted(HaltReason::Requested))),
        "{result:?}"
    );
}

/// An iterator over `range` that counts each `next` in `progress`.
pub struct Counted<'a> {
    progress: &'a AtomicU64,
    range: std::ops::Range<u64>,
}

impl Iterator for Counted<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        self.progress.fetch_add(1, Relaxed);
        self.range.next()
    }
}

pub fn counted(progress: &AtomicU64, range: std::ops::Range<u64>) -> Counted<'_> {
    Counted { progress, range }
}
