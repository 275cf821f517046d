//! Order statistics, the paired ratios of interleaved runs, and a small PRNG for jitter.

use std::time::Duration;

/// The `q`-quantile (0..=1) of `values`, nearest-rank; `values` need not be sorted.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    assert!(!values.is_empty(), "a quantile of nothing");
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (q * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub fn median(values: &[f64]) -> f64 {
    quantile(values, 0.5)
}

pub fn geomean(values: &[f64]) -> f64 {
    let logs: f64 = values.iter().map(|v| v.ln()).sum();
    (logs / values.len() as f64).exp()
}

/// Per-round ratios `b[i] / a[i]` of two series measured interleaved (A B A B ...).
pub fn paired_ratios(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(a, b)| b / a).collect()
}

/// Latencies in microseconds.
pub fn micros(durations: &[Duration]) -> Vec<f64> {
    durations.iter().map(|d| d.as_secs_f64() * 1e6).collect()
}

/// p50, p99 and max of latencies, in microseconds.
#[derive(Clone, Copy, Debug)]
pub struct Latency {
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
    pub count: usize,
}

impl Latency {
    pub fn of(durations: &[Duration]) -> Latency {
        let us = micros(durations);
        Latency {
            p50: quantile(&us, 0.50),
            p99: quantile(&us, 0.99),
            max: quantile(&us, 1.0),
            count: us.len(),
        }
    }
}

/// xorshift64*: a reproducible source of jitter, so that halts land at varied points.
pub struct Jitter(u64);

impl Jitter {
    pub fn new(seed: u64) -> Jitter {
        Jitter(seed | 1)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound.max(1)
    }
}

/// Busy-waits for `duration`: a sleep would let the CPU clock down and add wake-up noise.
pub fn spin_for(duration: Duration) {
    let start = std::time::Instant::now();
    while start.elapsed() < duration {
        std::hint::spin_loop();
    }
}
