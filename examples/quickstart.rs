//! Quickstart: halt a job in the middle of a loop, and another in the middle of a sleep.
//!
//! Run it with `cargo run --example quickstart`.

use std::time::{Duration, Instant};

use threadmgr::{JobError, haltable};

/// A long computation: without a halt it would run for centuries.
#[haltable]
fn crunch(n: u64) -> u64 {
    let mut acc: u64 = 0;
    for i in 0..n {
        acc = acc.wrapping_mul(6364136223846793005).wrapping_add(i);
    }
    acc
}

/// A job that waits a minute between two steps.
#[haltable]
fn slow_steps() -> &'static str {
    println!("  slow job: step 1 done, sleeping 60 s before step 2");
    threadmgr::sleep(Duration::from_secs(60));
    println!("  slow job: step 2 (never printed: the job is halted while it sleeps)");
    "done"
}

fn report(what: &str, outcome: Result<impl std::fmt::Debug, JobError>, since: Instant) {
    match outcome {
        Ok(value) => println!("{what}: finished with {value:?}"),
        Err(error) => println!("{what}: {error} ({:?} after halt())", since.elapsed()),
    }
}

fn main() {
    println!("crunch(1000) outside any job = {}", crunch(1000));

    let busy = threadmgr::spawn(|| crunch(u64::MAX));
    std::thread::sleep(Duration::from_millis(100));
    println!("{} is {:?}; halting it", busy.id(), busy.status());
    let halted_at = Instant::now();
    busy.halt();
    report("busy loop", busy.join(), halted_at);

    let sleeper = threadmgr::spawn(slow_steps);
    std::thread::sleep(Duration::from_millis(100));
    println!("{} is {:?}; halting it", sleeper.id(), sleeper.status());
    let halted_at = Instant::now();
    sleeper.halt();
    report("sleeping job", sleeper.join(), halted_at);
}
