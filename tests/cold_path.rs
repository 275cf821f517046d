//! While some token anywhere is halted, every check takes its cold path, which asks whether
//! the halted token is this thread's. Code whose checks take that path and go on must compute
//! exactly what it computes as written: the cold path must preserve every register, the
//! vector registers included (on x86-64 Linux it is a trampoline that saves them, see
//! `checkpoint.rs`).
//!
//! Each test keeps a halted token leased on another thread (installed, halted, parked without
//! checking) while this thread runs `#[haltable]` kernels with many values live across checks,
//! and compares them with the same kernels as written.

use std::sync::mpsc;
use std::thread;

use threadmgr::HaltToken;

/// Runs `f` while another thread holds a halted token installed, so that every check of `f`
/// takes the cold path and returns.
fn while_another_token_is_halted<R>(f: impl FnOnce() -> R) -> R {
    let (halted_tx, halted_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let holder = thread::spawn(move || {
        let token = HaltToken::new();
        let result = token.scope(|| {
            token.halt();
            halted_tx.send(()).unwrap();
            // No check in here: the halted token stays installed until `f` is done.
            done_rx.recv().unwrap();
            threadmgr::checkpoint();
        });
        assert!(
            result.is_err(),
            "the holder's own check ends its scope halted"
        );
    });
    halted_rx.recv().unwrap();
    let value = f();
    done_tx.send(()).unwrap();
    holder.join().unwrap();
    value
}

macro_rules! kernels {
    ($name:ident $(, #[$h:meta])?) => {
        mod $name {
            $(#[$h])?
            #[inline(never)]
            pub fn mix(a: u64, b: u64) -> u64 {
                (a ^ b.rotate_left(17)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            }

            $(#[$h])?
            pub fn weight(x: f64) -> f64 {
                (x * 0.75).mul_add(x, 1.0).sqrt()
            }

            /// Eight integer accumulators live across a helper's entry check per item.
            $(#[$h])?
            pub fn integers(n: u64) -> [u64; 8] {
                let mut acc = [1u64, 2, 3, 4, 5, 6, 7, 8];
                let (mut a, mut b, mut c, mut d) = (11u64, 13u64, 17u64, 19u64);
                let mut i = 0;
                while i < n {
                    a = mix(a, i);
                    b = b.wrapping_add(a).rotate_left(3);
                    c ^= b.wrapping_mul(31);
                    d = d.wrapping_add(c >> 7);
                    acc[(i % 8) as usize] ^= a.wrapping_add(b) ^ c.wrapping_sub(d);
                    i += 1;
                }
                acc.map(|x| x ^ a ^ b ^ c ^ d)
            }

            /// Float accumulators in vector registers across checks.
            $(#[$h])?
            pub fn floats(xs: &[f64]) -> [f64; 6] {
                let (mut s0, mut s1, mut s2, mut s3, mut p, mut q) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 1.0f64, -1.0f64);
                for (i, &x) in xs.iter().enumerate() {
                    let w = weight(x);
                    s0 += w;
                    s1 += w * x;
                    s2 -= w / (1.0 + x);
                    s3 += (x - w).abs();
                    p = (p * 1.000_001).min(1e9) + w * 1e-9;
                    q = q.max(x * w - i as f64 * 1e-6);
                }
                [s0, s1, s2, s3, p, q]
            }

            /// A vectorizable sum whose chunks are checked between.
            $(#[$h])?
            pub fn dot(a: &[f32], b: &[f32]) -> f32 {
                let mut total = 0.0f32;
                for (x, y) in a.iter().zip(b) {
                    total += x * y;
                }
                total
            }

            /// Recursion with an entry check per call.
            $(#[$h])?
            pub fn tree(depth: u32, seed: u64) -> u64 {
                if depth == 0 {
                    return mix(seed, 1);
                }
                let left = tree(depth - 1, seed.wrapping_mul(3));
                let right = tree(depth - 1, seed.wrapping_add(7));
                mix(left, right) ^ u64::from(depth)
            }
        }
    };
}

kernels!(plain);
kernels!(haltable, #[threadmgr::haltable]);

fn inputs() -> (Vec<f64>, Vec<f32>, Vec<f32>) {
    let xs: Vec<f64> = (0..50_000)
        .map(|i| (i as f64 * 0.37).sin() * 10.0)
        .collect();
    let a: Vec<f32> = (0..100_000).map(|i| (i % 97) as f32 * 0.5).collect();
    let b: Vec<f32> = (0..100_000).map(|i| (i % 89) as f32 * 0.25).collect();
    (xs, a, b)
}

#[test]
fn checks_that_take_the_cold_path_and_go_on_change_nothing() {
    let (xs, a, b) = inputs();
    let expected = (
        plain::integers(200_000),
        plain::floats(&xs),
        plain::dot(&a, &b),
        plain::tree(14, 5),
    );
    let got = while_another_token_is_halted(|| {
        (
            haltable::integers(200_000),
            haltable::floats(&xs),
            haltable::dot(&a, &b),
            haltable::tree(14, 5),
        )
    });
    assert_eq!(got.0, expected.0);
    assert_eq!(got.1.map(f64::to_bits), expected.1.map(f64::to_bits));
    assert_eq!(got.2.to_bits(), expected.2.to_bits());
    assert_eq!(got.3, expected.3);
}

#[test]
fn the_halted_thread_itself_still_stops_at_its_check() {
    // A second halted token, on this thread, while the first is held on another: this thread's
    // check takes the cold path and unwinds with its own token's reason.
    let got = while_another_token_is_halted(|| {
        let token = HaltToken::new();
        token.halt_with(threadmgr::HaltReason::Custom("mine".to_owned()));
        token.scope(|| haltable::integers(u64::MAX))
    });
    let halted = got.expect_err("the loop runs until halted");
    assert_eq!(
        *halted.reason(),
        threadmgr::HaltReason::Custom("mine".to_owned())
    );
}
