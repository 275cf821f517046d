//! Helpers shared by the `manager_*` tests. Jobs here are made haltable with manual
//! checkpoints and `threadmgr::sleep`, so that the tests do not depend on `#[haltable]`.

#![allow(dead_code)] // each test file uses some of the helpers

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long a test waits for something that takes microseconds: far longer than a loaded
/// 2-core machine needs, so that no test is flaky; a hang still fails.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A busy job: spins in a loop with a checkpoint per iteration until it is halted.
pub fn spin_until_halted() {
    loop {
        threadmgr::checkpoint();
        std::hint::spin_loop();
    }
}

/// A job that sleeps (haltably) far longer than any test.
pub fn sleep_until_halted() {
    threadmgr::sleep(Duration::from_secs(3600));
}

/// Polls `condition` until it holds; panics after [`PATIENCE`].
pub fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(start.elapsed() < PATIENCE, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// A gate that jobs wait at (haltably) until the test opens it.
#[derive(Clone, Default)]
pub struct Gate {
    inner: Arc<(Mutex<bool>, Condvar)>,
}

impl Gate {
    pub fn new() -> Self {
        Self::default()
    }

    /// Blocks until the gate opens; a halt of the current job stops the wait at the next
    /// checkpoint, within a millisecond.
    pub fn pass(&self) {
        let (open, changed) = &*self.inner;
        let mut guard = open.lock().unwrap();
        while !*guard {
            guard = changed
                .wait_timeout(guard, Duration::from_millis(1))
                .unwrap()
                .0;
            drop(guard);
            threadmgr::checkpoint();
            guard = open.lock().unwrap();
        }
    }

    /// A job that blocks its thread until the gate opens: the set-up of a busy thread, with
    /// jobs queued behind it.
    pub fn job(&self) -> impl FnOnce() + Send + 'static {
        let gate = self.clone();
        move || gate.pass()
    }

    /// [`job`](Self::job), returning `value` once the gate opens.
    pub fn job_then<T: Send + 'static>(&self, value: T) -> impl FnOnce() -> T + Send + 'static {
        let gate = self.clone();
        move || {
            gate.pass();
            value
        }
    }

    pub fn open(&self) {
        let (open, changed) = &*self.inner;
        *open.lock().unwrap() = true;
        changed.notify_all();
    }
}

/// Counts how many jobs run at once, and the most that ever did.
#[derive(Clone, Default)]
pub struct Concurrency {
    inner: Arc<(AtomicUsize, AtomicUsize)>,
}

impl Concurrency {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `f`, counted as running.
    pub fn track<T>(&self, f: impl FnOnce() -> T) -> T {
        let (now, most) = &*self.inner;
        let running = now.fetch_add(1, Ordering::SeqCst) + 1;
        most.fetch_max(running, Ordering::SeqCst);
        struct Leave<'a>(&'a AtomicUsize);
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let _leave = Leave(now);
        f()
    }

    pub fn now(&self) -> usize {
        self.inner.0.load(Ordering::SeqCst)
    }

    pub fn high_water_mark(&self) -> usize {
        self.inner.1.load(Ordering::SeqCst)
    }
}

/// A flag a job sets when it starts.
#[derive(Clone, Default)]
pub struct Flag(Arc<AtomicBool>);

impl Flag {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn set(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

#[path = "../support/panics.rs"]
mod panics;
#[allow(unused_imports)] // Not every test file that includes this module quiets panics.
pub use panics::quiet_deliberate_panics;
