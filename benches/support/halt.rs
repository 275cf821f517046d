//! Time to halt: from `halt()` to `join()` returning, for jobs stopped in four places.
//!
//! Each sample starts a job, waits until it is in the place to halt it from (plus a random
//! jitter, so that halts land at varied points of its loop), then times `halt()` + `join()`.
//!
//! Each place has a *floor*: the same work written by hand with std and rayon only, told to stop
//! by an `AtomicBool` and waited for by polling a "done" flag, the cheapest stop and wait there
//! are. Where a halt unwinds through frames that are not threadmgr's (the nested calls, rayon's
//! join tree under a `par_iter`), the floor unwinds through the same frames with
//! `resume_unwind`, so the difference from the floor is what threadmgr adds, not the unwinding
//! itself.

use std::hint::black_box;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use threadmgr::{JobError, JobHandle, ThreadManager, haltable};

use crate::stats::{Jitter, spin_for};

/// A tight numeric loop that never ends by itself: call-free, so chunked (one check per 4096
/// iterations), the worst case for latency.
#[haltable]
fn spin(started: &AtomicUsize) -> u64 {
    started.fetch_add(1, Ordering::Release);
    let mut acc: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..u64::MAX {
        acc = (acc ^ i) * 0x100_0000_01B3 + (acc >> 29);
    }
    acc
}

/// A frame that owns something to drop, so that unwinding has work to do at every level.
#[haltable]
fn nested(depth: u32, started: &AtomicUsize) -> u64 {
    let owned = vec![depth as u64; 4];
    if depth == 0 {
        return spin(started);
    }
    nested(depth - 1, started) + black_box(owned)[0]
}

/// Spins on every worker of the pool it runs on.
#[haltable]
fn par_spin(items: usize, started: &AtomicUsize) -> u64 {
    (0..items).into_par_iter().map(|_| spin(started)).sum()
}

/// The floor's nested calls: `nested` without threadmgr, unwinding with `resume_unwind` when
/// `stop` is set.
#[inline(never)]
fn nested_by_hand(depth: u32, started: &AtomicUsize, stop: &AtomicBool) -> u64 {
    let owned = vec![depth as u64; 4];
    if depth == 0 {
        started.fetch_add(1, Ordering::Release);
        while !stop.load(Ordering::Relaxed) {
            std::hint::spin_loop();
        }
        panic::resume_unwind(Box::new("stopped"));
    }
    nested_by_hand(depth - 1, started, stop) + black_box(owned)[0]
}

/// How many threads this process has (0 where `/proc` is missing, which makes the waits for a
/// thread's exit end at once).
fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, Iterator::count)
}

/// Polls `done` until it is set, yielding between rounds as `JobHandle::join` does.
fn wait_done(done: &AtomicBool) {
    loop {
        for _ in 0..32 {
            if done.load(Ordering::Acquire) {
                return;
            }
            std::hint::spin_loop();
        }
        std::thread::yield_now();
    }
}

/// The places a job is halted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// `threadmgr::spawn`, in a chunked tight loop.
    Spin,
    /// A manager job (`try_start` on its pool), in the same loop.
    SpinManaged,
    /// `threadmgr::spawn`, this many haltable calls deep, each frame owning a `Vec`.
    Nested(u32),
    /// A manager job running `par_iter` over its whole pool, every worker in the loop.
    ParIter,
    /// `threadmgr::spawn`, in `threadmgr::sleep(60 s)`.
    Sleep,
}

impl Place {
    pub const ALL: [Place; 6] = [
        Place::Spin,
        Place::SpinManaged,
        Place::Nested(16),
        Place::Nested(64),
        Place::ParIter,
        Place::Sleep,
    ];

    pub fn label(self) -> String {
        match self {
            Place::Spin => "spin loop (spawn)".into(),
            Place::SpinManaged => "spin loop (manager job)".into(),
            Place::Nested(depth) => format!("{depth} nested haltable calls (spawn)"),
            Place::ParIter => "par_iter on all workers (manager job)".into(),
            Place::Sleep => "threadmgr::sleep (spawn)".into(),
        }
    }

    /// What [`Rig::floor`] measures for this place.
    pub fn floor_label(self) -> String {
        let how = "stopped by an AtomicBool, waited for by polling a done flag";
        match self {
            Place::Spin => format!("std::thread spinning, {how}"),
            Place::Nested(depth) => {
                format!("std::thread {depth} calls deep, {how}, unwinding by resume_unwind")
            }
            Place::SpinManaged => format!("rayon::spawn spinning, {how}"),
            Place::ParIter => format!(
                "rayon par_iter spinning, {how}, unwinding by resume_unwind from every item"
            ),
            Place::Sleep => {
                "std::thread in Condvar::wait, notified, waited for by polling a done flag".into()
            }
        }
    }

    pub fn is_sleep(self) -> bool {
        self == Place::Sleep
    }
}

/// What the samples run on: a manager whose pool has one thread per core, and a raw rayon
/// pool of the same size for the floors.
pub struct Rig {
    manager: ThreadManager,
    pool: rayon::ThreadPool,
    workers: usize,
    jitter: Jitter,
}

impl Default for Rig {
    fn default() -> Self {
        Self::new()
    }
}

impl Rig {
    pub fn new() -> Rig {
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let manager = ThreadManager::builder()
            .thread_limit(workers)
            .build()
            .expect("a manager");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(workers)
            .build()
            .expect("a rayon pool");
        Rig {
            manager,
            pool,
            workers,
            jitter: Jitter::new(0x5EED),
        }
    }

    /// One halt of a job in `place`: the time from `halt()` to `join()` returning.
    pub fn sample(&mut self, place: Place) -> Duration {
        let threads_before = threads();
        let started = Arc::new(AtomicUsize::new(0));
        let flag = Arc::clone(&started);
        let (job, ready): (JobHandle<u64>, usize) = match place {
            Place::Spin => (threadmgr::spawn(move || spin(&flag)), 1),
            Place::Nested(depth) => (threadmgr::spawn(move || nested(depth, &flag)), 1),
            Place::Sleep => (
                threadmgr::spawn(move || {
                    flag.fetch_add(1, Ordering::Release);
                    threadmgr::sleep(Duration::from_secs(60));
                    0
                }),
                1,
            ),
            Place::SpinManaged => (self.start(move || spin(&flag)), 1),
            Place::ParIter => {
                let items = self.workers * 4;
                (self.start(move || par_spin(items, &flag)), self.workers)
            }
        };
        self.settle(place, &started, ready);
        let start = Instant::now();
        job.halt();
        let outcome = job.join();
        let elapsed = start.elapsed();
        assert!(
            matches!(outcome, Err(JobError::Halted(_))),
            "{place:?}: {outcome:?}"
        );
        // `join` returns before the OS thread of a `spawn` job has exited; let it exit before
        // the next measurement, as the floors join theirs, so that no sample pays for another's.
        while threads() > threads_before {
            std::thread::yield_now();
        }
        elapsed
    }

    /// Waits until `ready` threads are in place, then a little longer, by a varying amount.
    ///
    /// Busy-waiting keeps this core awake (a sleeping core adds its wake-up to the next
    /// sample), except when the job keeps every core busy: then a busy wait here would make
    /// three threads share two cores, and the sample would measure the scheduler.
    fn settle(&mut self, place: Place, started: &AtomicUsize, ready: usize) {
        while started.load(Ordering::Acquire) < ready {
            std::hint::spin_loop();
        }
        let base = if place.is_sleep() { 200 } else { 20 };
        let delay = Duration::from_micros(base + self.jitter.below(100));
        if ready >= self.workers {
            std::thread::sleep(delay);
        } else {
            spin_for(delay);
        }
    }

    /// The floor of `place`: the same threads doing the same work by hand, with std and rayon
    /// only (see the module docs).
    pub fn floor(&mut self, place: Place) -> Duration {
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicBool::new(false));
        let started = Arc::new(AtomicUsize::new(0));
        let (flag, count, finished) = (Arc::clone(&stop), Arc::clone(&started), Arc::clone(&done));
        let spin_until_stopped = move || {
            count.fetch_add(1, Ordering::Release);
            while !flag.load(Ordering::Relaxed) {
                std::hint::spin_loop();
            }
        };
        // What tells the floor to stop: `stop`, or for `Sleep` a notification.
        let mut trigger: Box<dyn FnOnce()> = {
            let stop = Arc::clone(&stop);
            Box::new(move || stop.store(true, Ordering::Relaxed))
        };
        let (thread, ready) = match place {
            Place::Spin => (
                Some(std::thread::spawn(move || {
                    spin_until_stopped();
                    finished.store(true, Ordering::Release);
                })),
                1,
            ),
            Place::Nested(depth) => {
                let (flag, count) = (Arc::clone(&stop), Arc::clone(&started));
                let thread = std::thread::spawn(move || {
                    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
                        nested_by_hand(depth, &count, &flag)
                    }));
                    assert!(caught.is_err(), "the floor's nested calls unwind");
                    finished.store(true, Ordering::Release);
                });
                (Some(thread), 1)
            }
            Place::Sleep => {
                let pair = Arc::new((Mutex::new(false), Condvar::new()));
                let theirs = Arc::clone(&pair);
                let count = Arc::clone(&started);
                let thread = std::thread::spawn(move || {
                    let (lock, wake) = &*theirs;
                    let mut notified = lock.lock().expect("the floor lock");
                    count.fetch_add(1, Ordering::Release);
                    while !*notified {
                        notified = wake.wait(notified).expect("the floor lock");
                    }
                    finished.store(true, Ordering::Release);
                });
                trigger = Box::new(move || {
                    *pair.0.lock().expect("the floor lock") = true;
                    pair.1.notify_all();
                });
                (Some(thread), 1)
            }
            Place::SpinManaged | Place::ParIter => {
                let (items, ready) = if place == Place::ParIter {
                    (self.workers * 4, self.workers)
                } else {
                    (1, 1)
                };
                let par_iter = place == Place::ParIter;
                self.pool.spawn(move || {
                    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
                        (0..items).into_par_iter().for_each(|_| {
                            spin_until_stopped.clone()();
                            if par_iter {
                                panic::resume_unwind(Box::new("stopped"));
                            }
                        });
                    }));
                    assert_eq!(caught.is_err(), par_iter, "only the par_iter floor unwinds");
                    finished.store(true, Ordering::Release);
                });
                (None, ready)
            }
        };
        self.settle(place, &started, ready);
        let start = Instant::now();
        trigger();
        wait_done(&done);
        let elapsed = start.elapsed();
        if let Some(thread) = thread {
            thread.join().expect("the floor thread");
        }
        elapsed
    }

    fn start(&self, f: impl FnOnce() -> u64 + Send + 'static) -> JobHandle<u64> {
        // The previous job's bookkeeping is done before its handle resolved, so a thread is free.
        self.manager.try_start(f).expect("a free thread")
    }
}
