//! Shared timing loop of the real-crate harnesses (included with `#[path]` by each harness).
//!
//! Every harness binary is built three times from the same source: against the plain copy of
//! the crate, against a second plain copy (the A/A floor), and against the annotated copy. The
//! whole run happens inside a `threadmgr::spawn` job (in every variant), so that annotated code
//! checks a real job's token, as it would in use.
//!
//! Per workload: one warm-up call (whose checksum is printed, to check that every variant
//! computes the same thing), a calibration that doubles the number of calls per sample until a
//! sample takes at least `SAMPLE_MS`, then `SAMPLES` samples; the median ns per call is printed:
//! `RESULT <workload> <cpu_ns_per_call> <checksum> <wall_ns_per_call>`. The first figure is the
//! thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), which leaves out the time the thread waited
//! while other processes ran: on a shared 2-core machine wall time measured the load, not the
//! code (a first run's A/A ratios ranged 0.64-0.99 on wall time).

#![allow(dead_code)]

use std::hint::black_box;
use std::time::{Duration, Instant};

const SAMPLE_MS: u64 = 10;
const SAMPLES: usize = 9;

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

fn measure(name: &str, mut f: Work) {
    let checksum = f();
    let mut calls = 1u64;
    loop {
        if time_calls(&mut f, calls).0 >= Duration::from_millis(SAMPLE_MS) {
            break;
        }
        calls *= 2;
    }
    let (mut cpu, mut wall): (Vec<f64>, Vec<f64>) = (0..SAMPLES)
        .map(|_| {
            let (c, w) = time_calls(&mut f, calls);
            (c.as_nanos() as f64 / calls as f64, w.as_nanos() as f64 / calls as f64)
        })
        .unzip();
    cpu.sort_by(|a, b| a.partial_cmp(b).unwrap());
    wall.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("RESULT {name} {:.1} {checksum:016x} {:.1}", cpu[SAMPLES / 2], wall[SAMPLES / 2]);
}

/// Runs every workload that `build` makes, inside one threadmgr job.
pub fn run(build: fn() -> Vec<(&'static str, Work)>) {
    let only: Option<String> = std::env::args().nth(1);
    let job = threadmgr::spawn(move || {
        for (name, f) in build() {
            if only.as_deref().is_some_and(|o| o != name) {
                continue;
            }
            measure(name, f);
        }
    });
    job.join().expect("the benchmark job ran to completion");
}

/// Folds a float into a checksum exactly (bit pattern).
pub fn fbits(x: f64) -> u64 {
    x.to_bits()
}
