//! The runner shared by the kernel suites (`benches/wild.rs` over `support/wild.rs`,
//! `benches/fresh.rs` over `support/fresh.rs`): each suite has its kernels in three copies,
//! `plain`, `twin` (the A/A control) and `haltable`, and this measures them interleaved, outside
//! any job and inside one (a `HaltToken` installed), and prints one markdown table.
//!
//! Arguments: `--quick` measures fewer rounds; `--test` (as in `cargo bench --workspace --
//! --test`) runs each copy once at a small size, checks that the copies agree and exits;
//! `--once N` calls every kernel of every copy N times (default 3) at the measured size, inside
//! a job, and prints nothing: for counting instructions under callgrind
//! (`benches/instructions.sh`), which are the same from run to run, where times are not;
//! `--halted-elsewhere` measures while another token, halted and never unwound, stays alive:
//! every check in the process then takes its cold path (on x86-64 Linux, the trampoline that
//! saves and restores the vector state), which is what code pays while some halted job is
//! blocked where nothing checks.
//!
//! How it measures: for each kernel, the number of calls per sample is chosen once so that a
//! sample of the `plain` copy takes about 1.5 ms; each round then times one sample of each copy,
//! in an order that rotates from round to round. A ratio is the median over rounds of the
//! per-round ratio (`haltable / plain`, `twin / plain`), so that drifts of the machine between
//! rounds cancel. The summary is the geometric mean of the per-kernel ratios.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One kernel of a copy: its name and the fn.
pub type Kernel<I> = (&'static str, fn(&I) -> u64);

/// A suite: how to build its inputs, its three copies and the check that they agree.
pub struct Suite<I: 'static> {
    /// The name the smoke run prints.
    pub name: &'static str,
    /// Builds the inputs; the argument divides the sizes (1 for the measured run).
    pub inputs: fn(usize) -> I,
    pub plain: &'static [Kernel<I>],
    pub twin: &'static [Kernel<I>],
    pub haltable: &'static [Kernel<I>],
    /// The `SALT` each copy (plain, twin, haltable) mixes into its results.
    pub salts: [u64; 3],
}

/// Runs every kernel of the three copies once and checks that they agree (after the salt).
fn assert_copies_agree<I>(suite: &Suite<I>, inputs: &I) {
    assert_eq!(suite.plain.len(), suite.twin.len());
    assert_eq!(suite.plain.len(), suite.haltable.len());
    let [plain_salt, twin_salt, haltable_salt] = suite.salts;
    for ((p, t), h) in suite.plain.iter().zip(suite.twin).zip(suite.haltable) {
        let expected = (p.1)(inputs) ^ plain_salt;
        assert_eq!((t.1)(inputs) ^ twin_salt, expected, "twin copy of {}", p.0);
        assert_eq!(
            (h.1)(inputs) ^ haltable_salt,
            expected,
            "haltable copy of {}",
            p.0
        );
    }
}

// Not derived: a derive would ask `I: Clone`, and a suite holds no `I`.
impl<I> Clone for Suite<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I> Copy for Suite<I> {}

/// How much to measure.
#[derive(Clone, Copy)]
struct Plan {
    rounds: usize,
    sample: Duration,
}

/// What one kernel measured: per-call times of `plain` and the two per-round-ratio medians.
struct Measured {
    plain_micros: f64,
    haltable_ratio: f64,
    haltable_iqr: (f64, f64),
    twin_ratio: f64,
}

fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (q * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}

fn median(values: &[f64]) -> f64 {
    quantile(values, 0.5)
}

fn geomean(values: &[f64]) -> f64 {
    (values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64).exp()
}

/// Seconds per call of `kernel`, over `reps` calls.
fn time<I>(kernel: fn(&I) -> u64, inputs: &I, reps: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..reps {
        black_box(kernel(black_box(inputs)));
    }
    start.elapsed().as_secs_f64() / reps as f64
}

fn measure_all<I>(suite: Suite<I>, inputs: &I, plan: Plan) -> Vec<Measured> {
    let mut results = Vec::new();
    for index in 0..suite.plain.len() {
        let copies = [
            suite.plain[index].1,
            suite.twin[index].1,
            suite.haltable[index].1,
        ];
        // Warm up every copy, then size the sample on `plain`.
        for kernel in copies {
            time(kernel, inputs, 3);
        }
        let per_call = time(copies[0], inputs, 5);
        let reps = ((plan.sample.as_secs_f64() / per_call).round() as usize).max(1);
        let mut times = [
            Vec::with_capacity(plan.rounds),
            Vec::with_capacity(plan.rounds),
            Vec::with_capacity(plan.rounds),
        ];
        for round in 0..plan.rounds {
            for offset in 0..3 {
                let copy = (round + offset) % 3;
                times[copy].push(time(copies[copy], inputs, reps));
            }
        }
        let ratios = |copy: usize| -> Vec<f64> {
            times[0]
                .iter()
                .zip(&times[copy])
                .map(|(p, c)| c / p)
                .collect()
        };
        let haltable_ratios = ratios(2);
        results.push(Measured {
            plain_micros: median(&times[0]) * 1e6,
            haltable_ratio: median(&haltable_ratios),
            haltable_iqr: (
                quantile(&haltable_ratios, 0.25),
                quantile(&haltable_ratios, 0.75),
            ),
            twin_ratio: median(&ratios(1)),
        });
    }
    results
}

/// The bench's `main`: reads the arguments, then measures `suite` and prints the table (or, with
/// `--test`, runs the smoke check).
pub fn main<I: 'static>(suite: Suite<I>) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--test") {
        smoke(suite);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--once") {
        let calls = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(3);
        once(suite, calls);
        return;
    }
    let plan = if args.iter().any(|a| a == "--quick") {
        Plan {
            rounds: 21,
            sample: Duration::from_micros(1000),
        }
    } else {
        Plan {
            rounds: 101,
            sample: Duration::from_micros(1500),
        }
    };

    let inputs = (suite.inputs)(1);
    assert_copies_agree(&suite, &inputs);
    // A token installed on a thread that then blocks where nothing checks, and halted: its
    // lease stays halted to the end, which keeps every check on its cold path.
    let halted_elsewhere = args.iter().any(|a| a == "--halted-elsewhere").then(|| {
        let token = threadmgr::HaltToken::new();
        let (installed, is_installed) = std::sync::mpsc::channel();
        let held = token.clone();
        std::thread::spawn(move || {
            let _ = held.scope(|| {
                installed.send(()).expect("the main thread waits for this");
                loop {
                    std::thread::park();
                }
            });
        });
        is_installed
            .recv()
            .expect("the blocked thread installs the token");
        token.halt();
        token
    });
    assert!(
        threadmgr::current_token().is_none(),
        "the main thread is in no job"
    );
    let started = Instant::now();
    let outside = measure_all(suite, &inputs, plan);
    let inside = threadmgr::spawn(move || {
        assert!(
            threadmgr::current_token().is_some(),
            "a job has a token installed"
        );
        let inputs = (suite.inputs)(1);
        measure_all(suite, &inputs, plan)
    })
    .join()
    .expect("nothing halts the measuring job");
    let elapsed = started.elapsed();

    println!(
        "{} kernels, {} rounds, ~{} us per sample, {:.0} s{}",
        suite.plain.len(),
        plan.rounds,
        plan.sample.as_micros(),
        elapsed.as_secs_f64(),
        if halted_elsewhere.is_some() {
            ", while another token is halted (every check takes its cold path)"
        } else {
            ""
        }
    );
    println!();
    println!(
        "| kernel | plain | haltable/plain outside | haltable/plain in job | A/A (outside / in job) |"
    );
    println!("|---|---:|---:|---:|---:|");
    for ((&(name, _), out), inn) in suite.plain.iter().zip(&outside).zip(&inside) {
        println!(
            "| {name} | {:.1} us | {:.3} [{:.3}-{:.3}] | {:.3} [{:.3}-{:.3}] | {:.3} / {:.3} |",
            out.plain_micros,
            out.haltable_ratio,
            out.haltable_iqr.0,
            out.haltable_iqr.1,
            inn.haltable_ratio,
            inn.haltable_iqr.0,
            inn.haltable_iqr.1,
            out.twin_ratio,
            inn.twin_ratio,
        );
    }
    let gm = |rows: &[Measured], f: fn(&Measured) -> f64| -> f64 {
        geomean(&rows.iter().map(f).collect::<Vec<_>>())
    };
    println!(
        "| **geometric mean** | | **{:.3}** | **{:.3}** | {:.3} / {:.3} |",
        gm(&outside, |m| m.haltable_ratio),
        gm(&inside, |m| m.haltable_ratio),
        gm(&outside, |m| m.twin_ratio),
        gm(&inside, |m| m.twin_ratio),
    );
    println!();
    println!(
        "Ratios are medians over rounds of per-round ratios; [..] is the interquartile range of \
         haltable/plain. `plain` is the median time per call outside any job."
    );
}

/// `-- --test`: every copy once at a small size, outside and inside a job; the copies agree.
fn smoke<I: 'static>(suite: Suite<I>) {
    let inputs = (suite.inputs)(16);
    assert_copies_agree(&suite, &inputs);
    threadmgr::spawn(move || assert_copies_agree(&suite, &(suite.inputs)(16)))
        .join()
        .expect("the smoke run's job completes");
    println!(
        "{}: {} kernels, plain/twin/haltable agree outside and inside a job",
        suite.name,
        suite.plain.len()
    );
}

/// `-- --once N`: every kernel of every copy `calls` times at the measured size, inside a job,
/// copy after copy (see `benches/instructions.sh`).
fn once<I: 'static>(suite: Suite<I>, calls: usize) {
    threadmgr::spawn(move || {
        let inputs = (suite.inputs)(1);
        for copy in [suite.plain, suite.twin, suite.haltable] {
            for (_, kernel) in copy {
                for _ in 0..calls {
                    black_box(kernel(black_box(&inputs)));
                }
            }
        }
    })
    .join()
    .expect("the job completes");
}
