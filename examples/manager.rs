//! A `ThreadManager` at work: a batch `run`, `watch` starting jobs as they come, a job halted by
//! its deadline, a graceful `stop`, and an abrupt `halt`, printing what happened to each job.
//!
//! ```text
//! cargo run --example manager
//! ```

use std::time::{Duration, Instant};

use threadmgr::{JobError, JobHandle, JobId, JobOptions, ThreadManager};

/// A job that works for `steps` milliseconds, with a checkpoint each millisecond, so a halt or
/// a deadline stops it within a millisecond. (`#[haltable]` puts such checkpoints in by itself.)
fn work(steps: u64) -> u64 {
    let mut done = 0;
    for _ in 0..steps {
        threadmgr::sleep(Duration::from_millis(1)); // wakes at once when the job is halted
        done += 1;
    }
    done
}

/// Prints how a job ended.
fn report<T: std::fmt::Debug>(what: &str, handle: JobHandle<T>) {
    let id = handle.id();
    match handle.join() {
        Ok(value) => println!("  {id} {what}: completed with {value:?}"),
        Err(JobError::Halted(reason)) => println!("  {id} {what}: halted because {reason}"),
        Err(JobError::Cancelled) => println!("  {id} {what}: cancelled before it started"),
        Err(error) => println!("  {id} {what}: {error}"),
    }
}

/// `job-1, job-2`.
fn ids(ids: &[JobId]) -> String {
    let ids: Vec<String> = ids.iter().map(JobId::to_string).collect();
    ids.join(", ")
}

fn main() -> Result<(), threadmgr::Error> {
    let manager = ThreadManager::builder()
        .thread_limit(2)
        .name("example")
        .build()?;
    println!(
        "manager {} with {} threads",
        manager.uid(),
        manager.thread_limit()
    );

    println!("\n1. run(): a batch of four jobs, at most two at a time");
    let start = Instant::now();
    let batch: Vec<_> = (1..=4)
        .map(|i| manager.append(move || work(20 * i)))
        .collect::<Result<_, _>>()?;
    manager.run()?;
    manager.wait();
    for (i, handle) in (1..).zip(batch) {
        report(&format!("batch job {i}"), handle);
    }
    println!("  took {:?}", start.elapsed());

    println!("\n2. watch(): jobs start as they are appended, one with a 30 ms timeout");
    manager.watch()?;
    let quick = manager.append(|| work(5))?;
    let slow = manager.append_with(
        JobOptions::new()
            .name("slow")
            .timeout(Duration::from_millis(30)),
        || work(10_000),
    )?;
    report("quick job", quick);
    report("job with a timeout", slow);

    println!("\n3. stop(): queued jobs are cancelled, running ones finish");
    let running: Vec<_> = (0..2)
        .map(|_| manager.append(|| work(30)))
        .collect::<Result<_, _>>()?;
    let queued = manager.append(|| work(30))?;
    while manager.running().len() < 2 {
        std::thread::yield_now();
    }
    let stopped = manager.stop();
    println!("  stop() cancelled {}", ids(&stopped.cancelled));
    for handle in running {
        report("running job", handle);
    }
    report("queued job", queued);

    println!("\n4. halt(): running jobs are halted at their next checkpoint");
    let busy: Vec<_> = (0..2)
        .map(|_| manager.try_start(|| work(60_000)))
        .collect::<Result<_, _>>()?;
    std::thread::sleep(Duration::from_millis(20)); // let them get going
    let start = Instant::now();
    let halted = manager.halt();
    println!(
        "  halt() halted {} in {:?}",
        ids(&halted.halted),
        start.elapsed()
    );
    for handle in busy {
        report("busy job", handle);
    }

    let stats = manager.stats();
    println!(
        "\ncompleted {}, halted {}, cancelled {}, panicked {}",
        stats.completed, stats.halted, stats.cancelled, stats.panicked
    );
    Ok(())
}
