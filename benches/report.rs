//! The one-run report: every pair of the benchmarks measured interleaved in one process,
//! repeated, and printed as one markdown table of medians and ratios (the README's table).
//!
//! `cargo bench --bench report` (about a minute here); `-- --test` is a smoke run of a few
//! seconds. If `python3` is on the PATH, the seed's `sys.settrace` approach is measured too
//! (`benches/seed_settrace.py`) and shown beside; `--no-seed` leaves it out. `--only overhead`
//! (or `halt`, `scheduling`, `memory`) measures one section, for quick work on one of them.
//!
//! How it measures:
//! - Checkpoint overhead: each round times every kernel's `plain`, `twin` (A/A) and `haltable`
//!   copies, in a rotating order, with enough calls per sample for about 2 ms; a ratio is the
//!   median over rounds of the per-round ratio, with its interquartile range. The kernels run
//!   inside a job (a token installed).
//! - Time to halt: each halt is paired with a halt of its floor (the same wait with std or
//!   rayon only), see `support/halt.rs`.
//! - Scheduling: each round runs every way in a rotating order; raw rayon runs twice per round
//!   for an A/A ratio.
//! - Memory: last, with the counting allocator switched on (it counts nothing before).

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use threadmgr::HaltToken;

#[path = "support/alloc.rs"]
mod alloc;
#[path = "support/halt.rs"]
mod halt;
#[path = "support/kernels.rs"]
mod kernels;
#[path = "support/sched.rs"]
mod sched;
#[path = "support/stats.rs"]
mod stats;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

use halt::{Place, Rig};
use kernels::Inputs;
use sched::{Pools, Way};
use stats::{Latency, geomean, median, paired_ratios, quantile};

/// How much to measure: the full report, or a smoke run.
struct Plan {
    scale: usize,
    kernel_rounds: usize,
    sample: Duration,
    halts: usize,
    sched_rounds: usize,
    queued_jobs: usize,
    running_jobs: usize,
    seed: bool,
    /// The one section to measure (`--only NAME`), or all.
    only: Option<String>,
}

impl Plan {
    fn from_args() -> Plan {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let no_seed = args.iter().any(|a| a == "--no-seed");
        let only = args
            .iter()
            .position(|a| a == "--only")
            .map(|i| args.get(i + 1).cloned().unwrap_or_default());
        if let Some(name) = &only {
            assert!(
                SECTIONS.contains(&name.as_str()),
                "--only takes one of {SECTIONS:?}, not {name:?}"
            );
        }
        let plan = if args.iter().any(|a| a == "--test") {
            Plan {
                scale: 16,
                kernel_rounds: 3,
                sample: Duration::from_micros(200),
                halts: 5,
                sched_rounds: 2,
                queued_jobs: 10_000,
                running_jobs: 4,
                seed: false,
                only: None,
            }
        } else {
            Plan {
                scale: 1,
                kernel_rounds: 201,
                sample: Duration::from_millis(2),
                halts: 1000,
                sched_rounds: 41,
                queued_jobs: 1_000_000,
                running_jobs: 64,
                seed: !no_seed,
                only: None,
            }
        };
        Plan { only, ..plan }
    }

    /// Whether `section` (one of [`SECTIONS`]) is measured.
    fn runs(&self, section: &str) -> bool {
        self.only.as_deref().is_none_or(|only| only == section)
    }
}

/// The report's sections, for `--only`.
const SECTIONS: [&str; 4] = ["overhead", "halt", "scheduling", "memory"];

/// One row of the table.
#[derive(Default)]
struct Row {
    measure: String,
    baseline: String,
    threadmgr: String,
    ratio: String,
    aa: String,
    seed: String,
    target: String,
    met: String,
}

fn met(ok: bool) -> String {
    if ok { "yes" } else { "**no**" }.to_owned()
}

/// `median [q1–q3]` of ratios.
fn ratio_cell(ratios: &[f64]) -> String {
    format!(
        "{:.3} [{:.3}–{:.3}]",
        median(ratios),
        quantile(ratios, 0.25),
        quantile(ratios, 0.75)
    )
}

fn time_cell(seconds: f64) -> String {
    match seconds {
        s if s < 1e-6 => format!("{:.0} ns", s * 1e9),
        s if s < 1e-3 => format!("{:.2} us", s * 1e6),
        s => format!("{:.2} ms", s * 1e3),
    }
}

fn latency_cell(latency: &Latency) -> String {
    format!(
        "{:.0} / {:.0} / {:.0} us",
        latency.p50, latency.p99, latency.max
    )
}

/// Figures of the seed's approach, from `benches/seed_settrace.py`.
#[derive(Default)]
struct Seed {
    overhead: Option<f64>,
    halt: Option<(f64, f64, f64)>,
    spawn_us: Option<f64>,
}

fn seed(plan: &Plan) -> Seed {
    if !plan.seed {
        return Seed::default();
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/seed_settrace.py");
    let output = match Command::new("python3").arg(script).output() {
        Ok(output) if output.status.success() => output,
        _ => {
            eprintln!("python3 {script} did not run: the seed's column stays empty");
            return Seed::default();
        }
    };
    let mut seed = Seed::default();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let number = |i: usize| words.get(i).and_then(|w| w.parse::<f64>().ok());
        match words.first() {
            Some(&"overhead") => seed.overhead = number(1),
            Some(&"halt_us") => {
                seed.halt = number(1)
                    .zip(number(2))
                    .zip(number(3))
                    .map(|((a, b), c)| (a, b, c))
            }
            Some(&"spawn_us") => seed.spawn_us = number(1),
            _ => {}
        }
    }
    seed
}

fn kernel_rows(plan: &Plan, seed: &Seed, rows: &mut Vec<Row>) {
    let inputs = Inputs::new(plan.scale);
    kernels::assert_copies_agree(&inputs);
    let copies = [
        kernels::plain::KERNELS,
        kernels::twin::KERNELS,
        kernels::haltable::KERNELS,
    ];
    let (mut overheads, mut floors) = (Vec::new(), Vec::new());
    let token = HaltToken::new();
    for (index, &(name, _)) in kernels::plain::KERNELS.iter().enumerate() {
        let run = |copy: usize, calls: u32| {
            let kernel = copies[copy][index].1;
            let start = Instant::now();
            for _ in 0..calls {
                black_box(kernel(black_box(&inputs)));
            }
            start.elapsed().as_secs_f64() / f64::from(calls)
        };
        let per_round = token
            .scope(|| {
                let once = (0..3).map(|_| run(0, 1)).fold(f64::MAX, f64::min);
                let calls = (plan.sample.as_secs_f64() / once).clamp(1.0, 1e6) as u32;
                let mut times = [Vec::new(), Vec::new(), Vec::new()];
                for round in 0..plan.kernel_rounds {
                    for k in 0..3 {
                        let copy = (round + k) % 3;
                        times[copy].push(run(copy, calls));
                    }
                }
                times
            })
            .expect("nothing halts the report's token");
        let [plain, twin, haltable] = per_round;
        let overhead = paired_ratios(&plain, &haltable);
        let floor = paired_ratios(&plain, &twin);
        let ratio = median(&overhead);
        rows.push(Row {
            measure: format!("overhead: {name}"),
            baseline: time_cell(median(&plain)),
            threadmgr: time_cell(median(&haltable)),
            ratio: ratio_cell(&overhead),
            aa: format!("{:.3}", median(&floor)),
            target: "<= 1.10".into(),
            met: met(ratio <= 1.10),
            ..Row::default()
        });
        overheads.push(ratio);
        floors.push(median(&floor));
    }
    let mean = geomean(&overheads);
    rows.push(Row {
        measure: format!("overhead: geometric mean of {} kernels", overheads.len()),
        ratio: format!("{mean:.3}"),
        aa: format!("{:.3}", geomean(&floors)),
        seed: seed
            .overhead
            .map_or_else(String::new, |o| format!("{o:.2} (settrace)")),
        target: "<= 1.02".into(),
        met: met(mean <= 1.02),
        ..Row::default()
    });
    let worst = floors
        .iter()
        .map(|f| (f - 1.0).abs())
        .fold(0.0_f64, f64::max);
    rows.push(Row {
        measure: "A/A floor: twin / plain, the largest of any kernel".into(),
        aa: format!("{:.3}", 1.0 + worst),
        target: "about 1.01".into(),
        ..Row::default()
    });
}

fn halt_rows(plan: &Plan, seed: &Seed, rows: &mut Vec<Row>) {
    let mut rig = Rig::new();
    for place in Place::ALL {
        for _ in 0..plan.halts.min(20) {
            rig.sample(place);
            rig.floor(place);
        }
        let (mut samples, mut floors) = (Vec::new(), Vec::new());
        for _ in 0..plan.halts {
            samples.push(rig.sample(place));
            floors.push(rig.floor(place));
        }
        let (latency, floor) = (Latency::of(&samples), Latency::of(&floors));
        let target = if place.is_sleep() { 100.0 } else { 50.0 };
        let seed_cell = match (place, seed.halt) {
            (Place::Spin, Some((p50, p99, max))) => format!("{p50:.0} / {p99:.0} / {max:.0} us"),
            (Place::Sleep, Some(_)) => "never (sleep is not traced)".into(),
            _ => String::new(),
        };
        rows.push(Row {
            measure: format!(
                "time to halt, p50 / p99 / max of {}: {}",
                latency.count,
                place.label()
            ),
            baseline: format!("{} ({})", latency_cell(&floor), place.floor_label()),
            threadmgr: latency_cell(&latency),
            ratio: format!("{:.2} (p50)", latency.p50 / floor.p50),
            seed: seed_cell,
            target: format!("p99 < {target} us"),
            met: met(latency.p99 < target),
            ..Row::default()
        });
    }
}

fn scheduling_rows(plan: &Plan, seed: &Seed, rows: &mut Vec<Row>) {
    let pools = Pools::new();
    let jobs = |way: Way| match (way.is_slow(), plan.scale) {
        (true, 1) => 100,
        (false, 1) => sched::BATCH,
        _ => 10,
    };
    // Index `Way::ALL.len()` is the second raw rayon batch, for the A/A ratio.
    let mut times = vec![Vec::new(); Way::ALL.len() + 1];
    for way in Way::ALL {
        pools.run(way, jobs(way)); // warm up
    }
    for round in 0..plan.sched_rounds {
        for k in 0..=Way::ALL.len() {
            let slot = (round + k) % (Way::ALL.len() + 1);
            let way = Way::ALL.get(slot).copied().unwrap_or(Way::RayonBatch);
            let elapsed = pools.run(way, jobs(way)).as_secs_f64();
            times[slot].push(elapsed / jobs(way) as f64);
        }
    }
    let of = |way: Way| &times[Way::ALL.iter().position(|w| *w == way).expect("a way")];
    let aa = paired_ratios(of(Way::RayonBatch), &times[Way::ALL.len()]);
    let pairs = [
        (Way::ManagerRun, Way::RayonBatch, "<= 2x raw rayon", 2.0),
        (Way::ManagerWatch, Way::RayonBatch, "<= 2x raw rayon", 2.0),
        (Way::TryStart, Way::RayonRoundTrip, "", 0.0),
        (Way::ThreadmgrSpawn, Way::StdThread, "", 0.0),
    ];
    for (way, base, target, limit) in pairs {
        let ratios = paired_ratios(of(base), of(way));
        let ratio = median(&ratios);
        rows.push(Row {
            measure: format!("per job: {}", way.label()),
            baseline: format!("{} ({})", time_cell(median(of(base))), base.label()),
            threadmgr: time_cell(median(of(way))),
            ratio: ratio_cell(&ratios),
            aa: if base == Way::RayonBatch {
                format!("{:.3}", median(&aa))
            } else {
                String::new()
            },
            seed: match (way, seed.spawn_us) {
                (Way::ThreadmgrSpawn, Some(us)) => format!("{us:.1} us (TracedThread)"),
                _ => String::new(),
            },
            met: if limit > 0.0 {
                met(ratio <= limit)
            } else {
                String::new()
            },
            target: target.into(),
        });
    }
    let speedup = paired_ratios(of(Way::ManagerRun), of(Way::StdThread));
    rows.push(Row {
        measure: "per job: a thread per job / the manager (append + run + join)".into(),
        baseline: time_cell(median(of(Way::StdThread))),
        threadmgr: time_cell(median(of(Way::ManagerRun))),
        ratio: format!("{:.0}x faster", median(&speedup)),
        target: ">= 50x faster".into(),
        met: met(median(&speedup) >= 50.0),
        ..Row::default()
    });
}

fn memory_rows(plan: &Plan, rows: &mut Vec<Row>) {
    let queued = alloc::queued(plan.queued_jobs);
    rows.push(Row {
        measure: format!(
            "memory: heap per queued job ({} queued, empty closure)",
            queued.jobs
        ),
        threadmgr: format!(
            "{:.0} B (+ {} B JobHandle)",
            queued.heap_per_job, queued.handle_size
        ),
        target: "<= 256 B".into(),
        met: met(queued.heap_per_job <= 256.0),
        ..Row::default()
    });
    rows.push(Row {
        measure: "memory: heap per job kept after the manager is dropped (slot table)".into(),
        // Other allocations freed during the measurement can make this a hair below zero.
        threadmgr: format!("{:.0} B", queued.retained_per_job.max(0.0)),
        ..Row::default()
    });
    let running = alloc::running(plan.running_jobs);
    rows.push(Row {
        measure: format!(
            "memory: heap per running job ({} running, stacks not counted)",
            running.jobs
        ),
        baseline: format!("{:.0} B (threadmgr::spawn)", running.spawned_per_job),
        threadmgr: format!("{:.0} B (manager job)", running.managed_per_job),
        ..Row::default()
    });
}

fn main() {
    let plan = Plan::from_args();
    let start = Instant::now();
    let seed = seed(&plan);
    let mut rows = Vec::new();
    if plan.runs("overhead") {
        kernel_rows(&plan, &seed, &mut rows);
    }
    if plan.runs("halt") {
        halt_rows(&plan, &seed, &mut rows);
    }
    if plan.runs("scheduling") {
        scheduling_rows(&plan, &seed, &mut rows);
    }
    if plan.runs("memory") {
        memory_rows(&plan, &mut rows);
    }
    println!(
        "| measure | baseline | threadmgr | ratio (median [IQR]) | A/A | seed (Python) | target | met |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for row in rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.measure,
            row.baseline,
            row.threadmgr,
            row.ratio,
            row.aa,
            row.seed,
            row.target,
            row.met
        );
    }
    println!();
    println!(
        "Measured in {:.0} s; cargo bench --bench report",
        start.elapsed().as_secs_f64()
    );
}
