//! The deadline timer: one thread per manager that halts jobs whose deadline passed.
//!
//! The thread starts with the manager's first job that has a timeout or a deadline, and sleeps
//! on a condition variable until the earliest deadline (or until an earlier one is added). The
//! deadlines are an ordered set of `(Instant, JobId)`, so a job that ends first removes its
//! entry and the set only holds the deadlines of jobs that have not ended.
//!
//! The timer knows nothing of jobs: it calls its `expire` callback with the id, after releasing
//! its lock, and the callback halts the job (or says the manager is gone, and the thread ends).
//! Its mutex is a leaf of the manager's lock order: nothing else is locked while it is held.

use std::collections::BTreeSet;
use std::io;
use std::time::Instant;

use crate::job::JobId;
use crate::sync::{Arc, Condvar, Mutex, lock, thread, wait, wait_timeout};

/// A manager's deadline timer.
pub(super) struct Timer {
    inner: Arc<Inner>,
    thread: Mutex<Option<thread::JoinHandle<()>>>,
}

struct Inner {
    state: Mutex<Deadlines>,
    wake: Condvar,
}

struct Deadlines {
    deadlines: BTreeSet<(Instant, JobId)>,
    shutdown: bool,
}

impl Timer {
    pub(super) fn new() -> Self {
        Timer {
            inner: Arc::new(Inner {
                state: Mutex::new(Deadlines {
                    deadlines: BTreeSet::new(),
                    shutdown: false,
                }),
                wake: Condvar::new(),
            }),
            thread: Mutex::new(None),
        }
    }

    /// Starts the timer thread, named `name`, unless it runs already.
    ///
    /// `expire` is called with the id of each job whose deadline passed; it returns false when
    /// the manager is gone, which ends the thread.
    pub(super) fn start(
        &self,
        name: impl FnOnce() -> String,
        expire: impl FnMut(JobId) -> bool + Send + 'static,
    ) -> io::Result<()> {
        let mut thread = lock(&self.thread);
        if thread.is_none() {
            let inner = Arc::clone(&self.inner);
            let handle = thread::Builder::new()
                .name(name())
                .spawn(move || inner.run(expire))?;
            *thread = Some(handle);
        }
        Ok(())
    }

    /// Calls `expire(id)` once `at` has passed, unless [`remove`](Timer::remove)d first.
    pub(super) fn insert(&self, at: Instant, id: JobId) {
        let mut state = lock(&self.inner.state);
        state.deadlines.insert((at, id));
        let earliest = state.deadlines.first() == Some(&(at, id));
        drop(state);
        if earliest {
            self.inner.wake.notify_one();
        }
    }

    /// Forgets the deadline `at` of job `id`, if it is still set.
    pub(super) fn remove(&self, at: Instant, id: JobId) {
        lock(&self.inner.state).deadlines.remove(&(at, id));
    }

    /// How many deadlines are waiting.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        lock(&self.inner.state).deadlines.len()
    }

    /// True once the thread was started.
    #[cfg(test)]
    pub(super) fn is_started(&self) -> bool {
        lock(&self.thread).is_some()
    }

    /// Ends the timer thread and waits for it to exit.
    ///
    /// Called on the timer thread itself (a callback dropped the last manager), it does not
    /// wait for itself: the thread exits as soon as the callback returns.
    pub(super) fn shutdown(&self) {
        lock(&self.inner.state).shutdown = true;
        self.inner.wake.notify_all();
        let handle = lock(&self.thread).take();
        if let Some(handle) = handle
            && handle.thread().id() != thread::current().id()
        {
            // The callback only does bookkeeping and drops closures inside `catch_unwind`: the
            // thread cannot have panicked.
            let _ = handle.join();
        }
    }
}

impl Inner {
    fn run(&self, mut expire: impl FnMut(JobId) -> bool) {
        let mut state = lock(&self.state);
        loop {
            if state.shutdown {
                return;
            }
            let now = Instant::now();
            match state.deadlines.first().copied() {
                Some((at, id)) if at <= now => {
                    state.deadlines.remove(&(at, id));
                    drop(state);
                    if !expire(id) {
                        return;
                    }
                    state = lock(&self.state);
                }
                Some((at, _)) => state = wait_timeout(&self.wake, state, at - now),
                None => state = wait(&self.wake, state),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn deadlines_fire_in_order_and_removed_ones_do_not() {
        let timer = Timer::new();
        let (sender, fired) = mpsc::channel();
        timer
            .start(|| "timer-test".into(), move |id| sender.send(id).is_ok())
            .unwrap();
        let now = Instant::now();
        let (a, b, c) = (JobId::next(), JobId::next(), JobId::next());
        timer.insert(now + Duration::from_millis(30), b);
        timer.insert(now + Duration::from_secs(3600), c);
        timer.insert(now, a);
        timer.remove(now + Duration::from_secs(3600), c);
        let first = fired.recv_timeout(Duration::from_secs(60)).unwrap();
        let second = fired.recv_timeout(Duration::from_secs(60)).unwrap();
        assert_eq!((first, second), (a, b));
        assert_eq!(timer.len(), 0);
        timer.shutdown();
        assert!(
            fired.recv().is_err(),
            "the thread ended and dropped the callback"
        );
    }

    #[test]
    fn a_callback_saying_the_manager_is_gone_ends_the_thread() {
        let timer = Timer::new();
        let (sender, fired) = mpsc::channel();
        timer
            .start(
                || "timer-test".into(),
                move |id| {
                    let _ = sender.send(id);
                    false
                },
            )
            .unwrap();
        timer.insert(Instant::now(), JobId::next());
        timer.insert(Instant::now(), JobId::next());
        assert!(fired.recv_timeout(Duration::from_secs(60)).is_ok());
        assert!(
            fired.recv().is_err(),
            "only one call, then the thread ended"
        );
        timer.shutdown();
    }
}
