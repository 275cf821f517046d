//! Scheduling cost: the time to run `n` empty jobs one way or another, for a per-job figure.
//!
//! Batched ways (a batch is handed over, then every result is collected) measure throughput:
//! the manager's `append` + `run` + `join`, its watch mode, and raw `rayon::ThreadPool::spawn`
//! with a result channel, on pools of the same size. One-at-a-time ways measure a round trip
//! per job: `try_start` + `join` against `spawn` + `recv` on the raw pool, and
//! `threadmgr::spawn` + `join` against `std::thread::spawn` + `join`.

use std::hint::black_box;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use threadmgr::ThreadManager;

/// Jobs handed over at once by the batched ways.
pub const BATCH: usize = 1000;

/// The ways to run a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    RayonBatch,
    ManagerRun,
    ManagerWatch,
    RayonRoundTrip,
    TryStart,
    ThreadmgrSpawn,
    StdThread,
}

impl Way {
    pub const ALL: [Way; 7] = [
        Way::RayonBatch,
        Way::ManagerRun,
        Way::ManagerWatch,
        Way::RayonRoundTrip,
        Way::TryStart,
        Way::ThreadmgrSpawn,
        Way::StdThread,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Way::RayonBatch => "raw rayon::ThreadPool::spawn + channel (batch)",
            Way::ManagerRun => "manager append + run + join (batch)",
            Way::ManagerWatch => "manager watch: append + join (batch)",
            Way::RayonRoundTrip => "raw rayon::ThreadPool::spawn + recv (one at a time)",
            Way::TryStart => "manager try_start + join (one at a time)",
            Way::ThreadmgrSpawn => "threadmgr::spawn + join",
            Way::StdThread => "std::thread::spawn + join",
        }
    }

    /// Whether a sample of this way should run fewer jobs (a thread each: about 40 us a job).
    pub fn is_slow(self) -> bool {
        matches!(self, Way::ThreadmgrSpawn | Way::StdThread)
    }
}

/// Pools of the same size (one thread per core) for every way.
pub struct Pools {
    batch: ThreadManager,
    watching: ThreadManager,
    rayon: rayon::ThreadPool,
}

impl Default for Pools {
    fn default() -> Self {
        Self::new()
    }
}

impl Pools {
    pub fn new() -> Pools {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let manager = || {
            ThreadManager::builder()
                .thread_limit(threads)
                .build()
                .expect("a manager")
        };
        let watching = manager();
        watching.watch().expect("a new manager watches");
        Pools {
            batch: manager(),
            watching,
            rayon: rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a rayon pool"),
        }
    }

    /// The time to run `n` empty jobs `way`.
    pub fn run(&self, way: Way, n: usize) -> Duration {
        let start = Instant::now();
        let mut left = n;
        while left > 0 {
            let batch = left.min(BATCH);
            left -= batch;
            match way {
                Way::RayonBatch => {
                    let (tx, rx) = mpsc::channel();
                    for i in 0..batch {
                        let tx = tx.clone();
                        self.rayon
                            .spawn(move || tx.send(black_box(i)).expect("receiver"));
                    }
                    for _ in 0..batch {
                        black_box(rx.recv().expect("every job sends"));
                    }
                }
                Way::ManagerRun => {
                    let handles: Vec<_> = (0..batch)
                        .map(|i| self.batch.append(move || black_box(i)).expect("append"))
                        .collect();
                    self.batch.run().expect("run");
                    for handle in handles {
                        black_box(handle.join().expect("an empty job completes"));
                    }
                }
                Way::ManagerWatch => {
                    let handles: Vec<_> = (0..batch)
                        .map(|i| self.watching.append(move || black_box(i)).expect("append"))
                        .collect();
                    for handle in handles {
                        black_box(handle.join().expect("an empty job completes"));
                    }
                }
                Way::RayonRoundTrip => {
                    let (tx, rx) = mpsc::channel();
                    for i in 0..batch {
                        let tx = tx.clone();
                        self.rayon
                            .spawn(move || tx.send(black_box(i)).expect("receiver"));
                        black_box(rx.recv().expect("the job sends"));
                    }
                }
                Way::TryStart => {
                    for i in 0..batch {
                        let handle = self.batch.try_start(move || black_box(i)).expect("free");
                        black_box(handle.join().expect("an empty job completes"));
                    }
                }
                Way::ThreadmgrSpawn => {
                    for i in 0..batch {
                        black_box(threadmgr::spawn(move || black_box(i)).join().expect("ok"));
                    }
                }
                Way::StdThread => {
                    for i in 0..batch {
                        black_box(std::thread::spawn(move || black_box(i)).join().expect("ok"));
                    }
                }
            }
        }
        start.elapsed()
    }
}
