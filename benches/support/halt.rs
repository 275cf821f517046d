//! Time to halt: from `halt()` to `join()` returning, for jobs stopped in four places.
//!
//! Each sample starts a job, waits until it is in the place to halt it from (plus a random
//! jitter, so that halts land at varied points of its loop), then times `halt()` + `join()`.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
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

/// The places a job is halted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// `threadmgr::spawn`, in a chunked tight loop.
    Spin,
    /// A manager job (`try_start` on its pool), in the same loop.
    SpinManaged,
    /// `threadmgr::spawn`, 64 haltable calls deep, each frame owning a `Vec`.
    Nested,
    /// A manager job running `par_iter` over its whole pool, every worker in the loop.
    ParIter,
    /// `threadmgr::spawn`, in `threadmgr::sleep(60 s)`.
    Sleep,
}

impl Place {
    pub const ALL: [Place; 5] = [
        Place::Spin,
        Place::SpinManaged,
        Place::Nested,
        Place::ParIter,
        Place::Sleep,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Place::Spin => "spin loop (spawn)",
            Place::SpinManaged => "spin loop (manager job)",
            Place::Nested => "64 nested haltable calls (spawn)",
            Place::ParIter => "par_iter on all workers (manager job)",
            Place::Sleep => "threadmgr::sleep (spawn)",
        }
    }

    /// What [`Rig::floor`] measures for this place.
    pub fn floor_label(self) -> &'static str {
        match self {
            Place::Spin | Place::Nested => "std::thread spinning on an AtomicBool, set + join",
            Place::SpinManaged => "rayon::spawn spinning on an AtomicBool, set + channel recv",
            Place::ParIter => "rayon par_iter spinning on an AtomicBool, set + channel recv",
            Place::Sleep => "std::thread in Condvar::wait, notify + join",
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
        let started = Arc::new(AtomicUsize::new(0));
        let flag = Arc::clone(&started);
        let (job, ready): (JobHandle<u64>, usize) = match place {
            Place::Spin => (threadmgr::spawn(move || spin(&flag)), 1),
            Place::Nested => (threadmgr::spawn(move || nested(64, &flag)), 1),
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

    /// The floor of `place`: the same wait for the same threads with std and rayon only, no
    /// threadmgr. A thread spins on an `AtomicBool` (or waits on a `Condvar`) that the main
    /// thread sets, then the main thread joins it (or receives from it over a channel).
    pub fn floor(&mut self, place: Place) -> Duration {
        let stop = Arc::new(AtomicBool::new(false));
        let started = Arc::new(AtomicUsize::new(0));
        let (flag, count) = (Arc::clone(&stop), Arc::clone(&started));
        let spin_until_stopped = move || {
            count.fetch_add(1, Ordering::Release);
            while !flag.load(Ordering::Relaxed) {
                std::hint::spin_loop();
            }
        };
        match place {
            Place::Spin | Place::Nested => {
                let thread = std::thread::spawn(spin_until_stopped);
                self.settle(place, &started, 1);
                let start = Instant::now();
                stop.store(true, Ordering::Relaxed);
                thread.join().expect("the floor thread");
                start.elapsed()
            }
            Place::Sleep => {
                let pair = Arc::new((Mutex::new(false), Condvar::new()));
                let theirs = Arc::clone(&pair);
                let count = Arc::clone(&started);
                let thread = std::thread::spawn(move || {
                    let (lock, wake) = &*theirs;
                    let mut halted = lock.lock().expect("the floor lock");
                    count.fetch_add(1, Ordering::Release);
                    while !*halted {
                        halted = wake.wait(halted).expect("the floor lock");
                    }
                });
                self.settle(place, &started, 1);
                let start = Instant::now();
                *pair.0.lock().expect("the floor lock") = true;
                pair.1.notify_all();
                thread.join().expect("the floor thread");
                start.elapsed()
            }
            Place::SpinManaged | Place::ParIter => {
                let (tx, rx) = mpsc::channel();
                let (items, ready) = if place == Place::ParIter {
                    (self.workers * 4, self.workers)
                } else {
                    (1, 1)
                };
                self.pool.spawn(move || {
                    (0..items)
                        .into_par_iter()
                        .for_each(|_| spin_until_stopped.clone()());
                    tx.send(()).expect("the floor channel");
                });
                self.settle(place, &started, ready);
                let start = Instant::now();
                stop.store(true, Ordering::Relaxed);
                rx.recv().expect("the floor channel");
                start.elapsed()
            }
        }
    }

    fn start(&self, f: impl FnOnce() -> u64 + Send + 'static) -> JobHandle<u64> {
        // The previous job's bookkeeping is done before its handle resolved, so a thread is free.
        self.manager.try_start(f).expect("a free thread")
    }
}
