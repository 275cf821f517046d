//! An async server-like loop: each request starts CPU-bound `#[haltable]` work on a
//! `ThreadManager` and awaits it under a time budget; work that overruns is halted, not left
//! running. Run with `cargo run --release --example async`.

use std::time::{Duration, Instant};

use threadmgr::{JobError, ThreadManager, haltable};

/// CPU-bound work whose cost depends on the request: counts the primes below `limit` by trial
/// division. Every loop is checked, so a halt stops it within microseconds.
#[haltable]
fn count_primes(limit: u64) -> u64 {
    let mut count = 0;
    for n in 2..limit {
        let mut is_prime = true;
        let mut d = 2;
        while d * d <= n {
            if n % d == 0 {
                is_prime = false;
                break;
            }
            d += 1;
        }
        count += u64::from(is_prime);
    }
    count
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let manager = std::sync::Arc::new(
        ThreadManager::builder()
            .thread_limit(2)
            .name("compute")
            .build()
            .expect("a valid thread limit"),
    );
    manager.watch().expect("a new manager is not watching yet");
    let budget = Duration::from_millis(100);

    // Requests arrive; each is served by its own task, as a server would.
    let requests = [10_000_u64, 2_000_000, 50_000, 50_000_000, 300_000];
    let mut served = Vec::new();
    for (number, &limit) in requests.iter().enumerate() {
        let manager = std::sync::Arc::clone(&manager);
        served.push(tokio::spawn(async move {
            let started = Instant::now();
            let job = manager
                .append(move || count_primes(limit))
                .expect("the manager accepts jobs")
                .halt_on_drop();
            let id = job.id();
            match tokio::time::timeout(budget, job).await {
                Ok(Ok(primes)) => println!(
                    "request {number} ({id}): {primes} primes below {limit}, in {:.1?}",
                    started.elapsed()
                ),
                Ok(Err(error)) => println!("request {number} ({id}): failed: {error}"),
                // The timeout dropped the `HaltOnDrop`, which halted the job.
                Err(_) => println!(
                    "request {number} ({id}): over its {budget:?} budget, halted after {:.1?}",
                    started.elapsed()
                ),
            }
        }));
    }
    for request in served {
        request.await.expect("a request task does not panic");
    }

    // Nothing keeps running after its request gave up on it.
    manager.wait_timeout(Duration::from_secs(10));
    let stats = manager.stats();
    println!(
        "completed {}, halted {}, still running {}",
        stats.completed,
        stats.halted,
        manager.running().len()
    );
    // A handle can be awaited on its own too.
    let small: Result<u64, JobError> = manager.append(|| count_primes(10)).unwrap().await;
    assert_eq!(small, Ok(4));
}
