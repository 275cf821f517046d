//! `#[haltable]` on `async fn`s: the body is instrumented as any fn's, its checks see the token
//! of the thread that polls the future, and the future keeps its auto traits.
//!
//! - Polled by `block_on` inside a job, an endless `async fn` is halted, and the job ends
//!   `Halted` (a `loop`, a `for` over an endless range, a recursion through `Box::pin`).
//! - Polled on a tokio runtime outside any job, it computes what the plain fn computes.
//! - A future that is `Send` plain is `Send` annotated, with the macro's state (a chunked `for`
//!   loop's pace, a checked chain, a closure that enters) held across `.await`s.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;
use std::time::{Duration, Instant};

use threadmgr::{HaltReason, JobError, haltable};

/// A future that is ready at once: an `.await` that yields nothing.
async fn ready(n: u64) -> u64 {
    n
}

#[haltable]
async fn spin_loop(progress: Arc<AtomicU64>) -> u64 {
    let mut x = 1u64;
    loop {
        x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ready(x >> 7).await;
        progress.fetch_add(1, Relaxed);
        if x == 0 {
            return x;
        }
    }
}

#[haltable]
async fn spin_for(progress: Arc<AtomicU64>) -> u64 {
    let mut acc = 0u64;
    for n in 1u64.. {
        acc ^= ready(n).await.wrapping_mul(0x9E37_79B9);
        progress.fetch_add(1, Relaxed);
    }
    acc
}

/// A recursion through boxed futures, 2^64 calls in all.
#[haltable]
fn paths(depth: u32, progress: Arc<AtomicU64>) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(paths_body(depth, progress))
}

#[haltable]
async fn paths_body(depth: u32, progress: Arc<AtomicU64>) -> u64 {
    progress.fetch_add(1, Relaxed);
    if depth == 0 {
        return 1;
    }
    paths(depth - 1, Arc::clone(&progress)).await + paths(depth - 1, progress).await
}

/// Runs `make(progress)` to completion with `block_on` as a job, halts it once it has made
/// progress, and expects it to end `Halted` within a generous bound.
fn halts_when_polled_in_a_job<F, Fut>(make: F)
where
    F: FnOnce(Arc<AtomicU64>) -> Fut + Send + 'static,
    Fut: Future<Output = u64>,
{
    let progress = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&progress);
    let job = threadmgr::spawn(move || futures::executor::block_on(make(seen)));
    let start = Instant::now();
    while progress.load(Relaxed) < 1000 {
        assert!(!job.is_finished(), "the job ended before it made progress");
        assert!(start.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(1));
    }
    job.halt();
    match job.join_timeout(Duration::from_secs(20)) {
        Ok(result) => assert!(
            matches!(result, Err(JobError::Halted(HaltReason::Requested))),
            "the halted job ended with {result:?}"
        ),
        Err(_) => panic!("the job did not stop within 20 s of its halt"),
    }
}

#[test]
fn a_loop_in_an_async_fn_is_halted_where_it_is_polled() {
    halts_when_polled_in_a_job(spin_loop);
}

#[test]
fn a_for_over_an_endless_range_in_an_async_fn_is_halted() {
    halts_when_polled_in_a_job(spin_for);
}

#[test]
fn a_recursion_through_boxed_futures_is_halted() {
    halts_when_polled_in_a_job(|progress| paths(64, progress));
}

/// An `async fn` in a trait through `async_trait`, which rewrites each into a fn returning a
/// boxed future: `#[haltable]` on the method (`async_trait` runs first, the macro then sees a
/// fn whose body is `Box::pin(async move { .. })`) and on the impl above `#[async_trait]` (the
/// macro runs first, on `async fn`s) both compile and are halted where the future is polled.
#[async_trait::async_trait]
trait Spin {
    async fn spin(&self, progress: Arc<AtomicU64>) -> u64;
}

struct OnTheMethod;
struct OnTheImpl;

#[async_trait::async_trait]
impl Spin for OnTheMethod {
    #[haltable]
    async fn spin(&self, progress: Arc<AtomicU64>) -> u64 {
        let mut x = 1u64;
        for n in 0u64.. {
            x = (x ^ ready(n).await).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            progress.fetch_add(1, Relaxed);
        }
        x
    }
}

#[haltable]
#[async_trait::async_trait]
impl Spin for OnTheImpl {
    async fn spin(&self, progress: Arc<AtomicU64>) -> u64 {
        let mut x = 1u64;
        while x != 0 {
            x = (x ^ ready(x >> 3).await).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            progress.fetch_add(1, Relaxed);
        }
        x
    }
}

#[test]
fn async_trait_methods_are_halted_whichever_attribute_runs_first() {
    halts_when_polled_in_a_job(|progress| OnTheMethod.spin(progress));
    halts_when_polled_in_a_job(|progress| OnTheImpl.spin(progress));
}

/// What the annotated and the plain copies compute, on tokio's worker threads (no token).
mod same {
    use super::ready;

    macro_rules! both {
        ($($h:ident)?) => {
            $(#[threadmgr::$h])?
            pub async fn weighted(words: Vec<String>, scale: u64) -> u64 {
                let mut total = 0u64;
                for (i, word) in words.iter().enumerate() {
                    let w = ready(word.len() as u64).await;
                    total += w * scale + i as u64;
                }
                let bonus: u64 = (0..words.len() as u64).map(|n| n * scale).sum();
                let mut rest = words.len();
                while rest > 0 {
                    total = total.rotate_left(3) ^ ready(rest as u64).await;
                    rest -= 1;
                }
                total ^ bonus
            }
        };
    }

    pub mod plain {
        use super::ready;
        both!();
    }

    pub mod annotated {
        use super::ready;
        both!(haltable);
    }
}

#[test]
fn outside_a_job_an_async_fn_computes_what_the_plain_one_does() {
    let words: Vec<String> = (0..5000).map(|n| format!("w{}", n * 7919 % 1000)).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a runtime");
    let plain = runtime
        .block_on(runtime.spawn(same::plain::weighted(words.clone(), 3)))
        .expect("the plain task");
    let annotated = runtime
        .block_on(runtime.spawn(same::annotated::weighted(words, 3)))
        .expect("the annotated task");
    assert_eq!(plain, annotated);
}

/// The shapes whose generated state lives across an `.await`: a chunked `for` (its iterator,
/// pace and chunk), a checked chain whose statement awaits, a `while` checked twice per pass, a
/// closure that captures and is passed on, and so enters the creator's token (read at the
/// body's start, and held across every `.await` before it).
#[haltable]
async fn holds_state_across_awaits(values: Vec<u64>, k: u64) -> u64 {
    let mut total = 0;
    for v in &values {
        total += ready(*v).await;
    }
    for n in 0..k {
        total ^= ready(n).await;
    }
    let scaled = ready((1..=k).map(|n| n * k).sum::<u64>()).await;
    let mut i = 0;
    while i < k {
        i += ready(1).await;
    }
    let added = apply(|x| x.wrapping_add(total).rotate_left(k as u32), scaled);
    added ^ ready(i).await
}

#[haltable]
fn apply(f: impl Fn(u64) -> u64, x: u64) -> u64 {
    f(x)
}

#[test]
fn an_annotated_future_keeps_send_and_static() {
    fn send_static<F: Future + Send + 'static>(future: F) -> F {
        future
    }
    let future = send_static(holds_state_across_awaits(vec![1, 2, 3], 4));
    let plain = {
        let total: u64 = (1..=3).sum::<u64>() ^ (0..4).fold(0, |a, n| a ^ n);
        let scaled: u64 = (1..=4).map(|n| n * 4).sum();
        scaled.wrapping_add(total).rotate_left(4) ^ 4
    };
    assert_eq!(futures::executor::block_on(future), plain);
    // On tokio's multi-threaded runtime, which requires `Send`.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("a runtime");
    let spawned = runtime
        .block_on(runtime.spawn(holds_state_across_awaits(vec![1, 2, 3], 4)))
        .expect("the task");
    assert_eq!(spawned, plain);
}
