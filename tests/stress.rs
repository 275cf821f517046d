//! A bounded stress run (a few seconds): one manager at a time takes a random mix of jobs and
//! calls from several threads, and every round checks that nothing was lost, run twice,
//! counted twice or left behind. `cargo run --release --example stress` runs it for longer.
//!
//! The only test of this binary: it counts the process's threads.

#[path = "support/stress.rs"]
mod stress;

use std::time::Duration;

#[test]
fn a_random_mix_from_many_threads_loses_nothing() {
    let mut config = stress::Config::new(400, Duration::from_secs(3));
    if let Some(seed) = std::env::var("STRESS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        config.seed = seed;
    }
    println!("stress seed {} (replay with STRESS_SEED={0})", config.seed);
    let totals = stress::run(&config, |round, totals| {
        println!("{}", stress::progress_line(round, totals));
    });
    assert!(totals.rounds >= 1);
    assert!(totals.appended > 0);
    println!("{totals:?}");
}
