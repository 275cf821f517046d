//! Shared timing loop of the real-crate harnesses (the module `common` of the one binary per
//! crate that `run.sh` generates).
//!
//! That binary links three copies of the crate, under three names: `plain`, `annotated` (every
//! fn `#[threadmgr::haltable]`) and `plain2` (a second plain copy at other addresses: the A/A
//! floor), and includes the crate's harness (`<crate>.rs`, whose `build` makes the workloads)
//! once per copy, each seeing its copy under the crate's own name. Everything runs inside one
//! `threadmgr::spawn` job, so that annotated code checks a real job's token, as it would in use.
//!
//! Per workload: one call of each copy (its checksum is printed, `CHECK <workload> <copy>
//! <hex>`, so the report can check the copies compute the same thing); a calibration that
//! doubles the calls per sample until a sample of the `plain` copy takes at least `SAMPLE_MS`
//! of thread CPU time; then `HARNESS_ROUNDS` rounds, each timing one sample of every copy in an
//! order rotated every round: `SAMPLE <workload> <round> <copy> <cpu_ns_per_call>
//! <wall_ns_per_call>`. The copies alternate within milliseconds of each other, so a drift of
//! the shared machine (other builds, frequency) hits all three alike and cancels in the
//! per-round ratios the report takes medians of; separate processes per copy, as this harness
//! first did, measured the machine's drift as much as the code (per-round ratios 0.61-1.83).
//! CPU time is the thread's (`CLOCK_THREAD_CPUTIME_ID`): it leaves out time the thread waited.

#![allow(dead_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

const SAMPLE_MS: u64 = 10;

pub type Work = Box<dyn FnMut() -> u64 + Send>;

/// SplitMix64: deterministic inputs, the same in every variant.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}
extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}
const CLOCK_THREAD_CPUTIME_ID: i32 = 3; // Linux

fn thread_cpu() -> Duration {
    let mut ts = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is Linux's.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// (thread CPU time, wall time) of `calls` calls.
fn time_calls(f: &mut Work, calls: u64) -> (Duration, Duration) {
    let (c, t) = (thread_cpu(), Instant::now());
    for _ in 0..calls {
        black_box(f());
    }
    (thread_cpu() - c, t.elapsed())
}

/// One copy of the crate: its name (`plain`, `annotated`, `plain2`) and its harness's `build`.
pub type Copy = (&'static str, fn() -> Vec<(&'static str, Work)>);

/// Measures one workload in every copy, interleaved (see the module docs).
fn measure(name: &str, works: &mut [(&'static str, Work)], rounds: usize) {
    for (copy, f) in works.iter_mut() {
        println!("CHECK {name} {copy} {:016x}", f());
    }
    let mut calls = 1u64;
    while time_calls(&mut works[0].1, calls).0 < Duration::from_millis(SAMPLE_MS) {
        calls *= 2;
    }
    let n = works.len();
    for round in 0..rounds {
        for k in 0..n {
            let (copy, f) = &mut works[(k + round) % n];
            let (c, w) = time_calls(f, calls);
            let per = |d: Duration| d.as_nanos() as f64 / calls as f64;
            println!("SAMPLE {name} {round} {copy} {:.1} {:.1}", per(c), per(w));
        }
    }
}

/// Runs the named workload of one copy `calls` times: one copy alone, to profile
/// (`HARNESS_COUNT=annotated HARNESS_CALLS=300 perf record h-strsim tokens_generic_levenshtein`).
/// Not for callgrind's instruction counts: under valgrind every chunk of a chunked loop takes
/// 50 times as long, so the loop's site learns short chunks and runs the chunked copy of its
/// body, where natively it runs the copy as written.
#[inline(never)]
fn counted(f: &mut Work, calls: u64) {
    for _ in 0..calls {
        black_box(f());
    }
}

/// Runs every workload of every copy, inside one threadmgr job. `HARNESS_ROUNDS` (default 21)
/// sets the rounds; an argument names the only workload to run. With `HARNESS_COUNT=<copy>`,
/// the named workload of that copy alone runs `HARNESS_CALLS` times (default 2) through
/// [`counted`], and nothing is timed.
pub fn run(copies: &[Copy]) {
    let only: Option<String> = std::env::args().nth(1);
    let rounds: usize = std::env::var("HARNESS_ROUNDS").map_or(21, |r| r.parse().expect("HARNESS_ROUNDS: a number"));
    let count: Option<String> = std::env::var("HARNESS_COUNT").ok();
    let calls: u64 = std::env::var("HARNESS_CALLS").map_or(2, |c| c.parse().expect("HARNESS_CALLS: a number"));
    assert!(count.is_none() || only.is_some(), "HARNESS_COUNT needs a workload's name");
    let copies = copies.to_vec();
    let job = threadmgr::spawn(move || {
        let mut built: Vec<_> = copies.iter().map(|&(copy, build)| (copy, build().into_iter())).collect();
        loop {
            let mut works: Vec<(&'static str, Work)> = Vec::new();
            let mut name = None;
            for (copy, it) in built.iter_mut() {
                let Some((w, f)) = it.next() else { return };
                assert!(name.is_none_or(|n| n == w), "the copies' harnesses list the same workloads");
                name = Some(w);
                works.push((copy, f));
            }
            let name = name.expect("at least one copy");
            if only.as_deref().is_none_or(|o| o == name) {
                match &count {
                    Some(copy) => {
                        let (_, f) = works.iter_mut().find(|(c, _)| c == copy).expect("HARNESS_COUNT: plain, annotated or plain2");
                        counted(f, calls);
                        println!("COUNTED {name} {copy} {calls}");
                    }
                    None => measure(name, &mut works, rounds),
                }
            }
        }
    });
    job.join().expect("the benchmark job ran to completion");
}

/// Folds a float into a checksum exactly (bit pattern).
pub fn fbits(x: f64) -> u64 {
    x.to_bits()
}
