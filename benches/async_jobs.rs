//! Awaiting jobs from async code, and halting jobs that wait: a plain harness that prints a
//! table (`cargo bench --bench async_jobs`; `-- --test` for a quick smoke run).
//!
//! - Per job, the round trip of starting a trivial CPU-bound job from a tokio task and awaiting
//!   its result, three ways measured side by side in one run, in rotating order per round:
//!   a `ThreadManager` job awaited as a `JobHandle`, `tokio::task::spawn_blocking`, and
//!   `rayon::spawn` answering on a `tokio::sync::oneshot` channel. Each way has two threads.
//!   The figure is the median over rounds of the mean time per job in a round.
//! - The time from `halt()` to the return of `join()` for a manager job blocked in
//!   `threadmgr::recv`, in `threadmgr::wait_while` and (with `--features crossbeam-channel`)
//!   in `threadmgr::crossbeam::recv` (p50 and p99 over many halts).

use std::hint::black_box;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use threadmgr::ThreadManager;

fn main() {
    let test = std::env::args().any(|arg| arg == "--test");
    let (rounds, jobs, halts) = if test { (3, 50, 10) } else { (31, 1_000, 300) };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(2)
        .build()
        .unwrap();
    let manager = Arc::new(ThreadManager::builder().thread_limit(2).build().unwrap());
    manager.watch().unwrap();
    let pool = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap(),
    );

    let ways: [(&str, Way); 3] = [
        ("ThreadManager job, awaited", Way::Manager),
        ("tokio::task::spawn_blocking", Way::SpawnBlocking),
        ("rayon::spawn + oneshot", Way::RayonOneshot),
    ];
    let mut per_job: Vec<Vec<f64>> = vec![Vec::new(); ways.len()];
    for round in 0..rounds {
        for k in 0..ways.len() {
            let index = (round + k) % ways.len();
            let way = ways[index].1;
            let (manager, pool) = (Arc::clone(&manager), Arc::clone(&pool));
            let elapsed = runtime.block_on(async move {
                let start = Instant::now();
                for i in 0..jobs {
                    black_box(way.round_trip(&manager, &pool, i).await);
                }
                start.elapsed()
            });
            per_job[index].push(elapsed.as_secs_f64() / jobs as f64);
        }
    }
    let medians: Vec<f64> = per_job.iter_mut().map(|times| median(times)).collect();
    println!(
        "| awaiting a trivial job from tokio, per job ({jobs} jobs x {rounds} rounds) | median | vs spawn_blocking |"
    );
    println!("| --- | ---: | ---: |");
    for ((name, _), median) in ways.iter().zip(&medians) {
        println!(
            "| {name} | {:.1} us | {:.2} |",
            median * 1e6,
            median / medians[1]
        );
    }

    println!();
    println!(
        "| from halt() to join() returning, manager job blocked in ({halts} halts) | p50 | p99 |"
    );
    println!("| --- | ---: | ---: |");
    let mut rows = vec![
        (
            "threadmgr::recv",
            halt_latencies(&manager, halts, Blocked::Recv),
        ),
        (
            "threadmgr::wait_while",
            halt_latencies(&manager, halts, Blocked::WaitWhile),
        ),
    ];
    #[cfg(feature = "crossbeam-channel")]
    rows.push((
        "threadmgr::crossbeam::recv",
        halt_latencies(&manager, halts, Blocked::Crossbeam),
    ));
    for (name, times) in &mut rows {
        println!(
            "| {name} | {:.0} us | {:.0} us |",
            percentile(times, 0.50) * 1e6,
            percentile(times, 0.99) * 1e6
        );
    }
}

#[derive(Clone, Copy)]
enum Way {
    Manager,
    SpawnBlocking,
    RayonOneshot,
}

impl Way {
    async fn round_trip(self, manager: &ThreadManager, pool: &rayon::ThreadPool, i: u64) -> u64 {
        match self {
            Way::Manager => manager
                .append(move || black_box(i) + 1)
                .unwrap()
                .await
                .unwrap(),
            Way::SpawnBlocking => tokio::task::spawn_blocking(move || black_box(i) + 1)
                .await
                .unwrap(),
            Way::RayonOneshot => {
                let (sender, receiver) = tokio::sync::oneshot::channel();
                pool.spawn(move || {
                    let _ = sender.send(black_box(i) + 1);
                });
                receiver.await.unwrap()
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Blocked {
    Recv,
    WaitWhile,
    #[cfg(feature = "crossbeam-channel")]
    Crossbeam,
}

/// Starts `halts` jobs one at a time, each blocked as `blocked` says, and times `halt` to the
/// end of `join`.
fn halt_latencies(manager: &ThreadManager, halts: usize, blocked: Blocked) -> Vec<f64> {
    (0..halts)
        .map(|_| {
            let (started, has_started) = mpsc::channel();
            let (_sender, receiver) = mpsc::channel::<()>();
            let pair = Arc::new((Mutex::new(()), Condvar::new()));
            #[cfg(feature = "crossbeam-channel")]
            let (_crossbeam_sender, crossbeam_receiver) = crossbeam_channel::unbounded::<()>();
            let job = manager
                .try_start(move || {
                    started.send(()).unwrap();
                    match blocked {
                        Blocked::Recv => {
                            let _ = threadmgr::recv(&receiver);
                        }
                        #[cfg(feature = "crossbeam-channel")]
                        Blocked::Crossbeam => {
                            let _ = threadmgr::crossbeam::recv(&crossbeam_receiver);
                        }
                        Blocked::WaitWhile => {
                            drop(threadmgr::wait_while(
                                &pair.1,
                                pair.0.lock().unwrap(),
                                |_| true,
                            ));
                        }
                    }
                })
                .unwrap();
            has_started.recv().unwrap();
            // Into the wait, at a random point of its slice.
            std::thread::sleep(Duration::from_micros(300));
            let start = Instant::now();
            job.halt();
            let _ = job.join();
            start.elapsed().as_secs_f64()
        })
        .collect()
}

fn median(times: &mut [f64]) -> f64 {
    percentile(times, 0.5)
}

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    let index = ((times.len() - 1) as f64 * p).round() as usize;
    times[index]
}
