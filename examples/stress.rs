//! Stress a `ThreadManager` for a while: several threads throw a random mix of jobs (finishing,
//! panicking, spinning in `#[haltable]` loops, sleeping, `par_iter`) and calls (per-job halts,
//! deadlines, `run`, `watch`, `stop`, `halt`, dropped handles and managers) at it, and each
//! round checks that no job was lost, run twice or counted twice, that the thread limit held,
//! and that no thread or memory was left behind. A watchdog dumps the manager's state and ends
//! the process if a round hangs.
//!
//! ```text
//! cargo run --release --example stress -- --jobs 2000 --seconds 60
//! cargo run --release --example stress -- --seed 1234   # replay a run's random choices
//! ```

#[path = "../tests/support/stress.rs"]
mod stress;

use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: stress [--jobs N] [--seconds S] [--submitters T] [--seed X]
  --jobs N        jobs per round, over all submitters (default 2000)
  --seconds S     run rounds for S seconds (default 10)
  --submitters T  threads submitting jobs and calling the manager (default 3)
  --seed X        seed of the random choices (default: from the clock)";

fn parse(args: impl Iterator<Item = String>) -> Result<stress::Config, String> {
    let mut config = stress::Config::new(2000, Duration::from_secs(10));
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(String::new());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |what: &str| {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag} takes {what}, not `{value}`"))
        };
        match flag.as_str() {
            "--jobs" => config.jobs = number("a number of jobs above 0")?.max(1) as usize,
            "--seconds" => config.duration = Duration::from_secs(number("whole seconds")?),
            "--submitters" => {
                config.submitters = number("a number of threads above 0")?.max(1) as usize
            }
            "--seed" => config.seed = number("a seed (an unsigned 64-bit number)")?,
            _ => return Err(format!("unknown argument `{flag}`")),
        }
    }
    Ok(config)
}

fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(config) => config,
        Err(error) if error.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("stress: {error}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    println!(
        "stress: {} jobs a round from {} threads for {:?}, seed {} (replay with --seed {})",
        config.jobs, config.submitters, config.duration, config.seed, config.seed
    );
    let start = Instant::now();
    let totals = stress::run(&config, |round, totals| {
        println!("{}", stress::progress_line(round, totals));
    });
    let halts = totals.handle_halts + totals.manager_halts;
    println!(
        "\nstress: passed in {:.1?}: {} rounds, {} jobs ({} completed, {} halted, {} panicked, \
         {} cancelled, {} detached), {} try_start refusals, {halts} halts ({} of jobs, {} of \
         managers), {} managers dropped busy, at most {} jobs at once, at most {} threads, \
         peak RSS {:.1} MiB, last {:.1} MiB",
        start.elapsed(),
        totals.rounds,
        totals.appended,
        totals.completed,
        totals.halted,
        totals.panicked,
        totals.cancelled,
        totals.detached,
        totals.refused,
        totals.handle_halts,
        totals.manager_halts,
        totals.manager_drops,
        totals.most_running,
        totals.most_threads,
        totals.peak_rss_kib as f64 / 1024.0,
        totals.last_rss_kib as f64 / 1024.0,
    );
    ExitCode::SUCCESS
}
