//! Time to halt: p50, p99 and max of the time from `halt()` to `join()` returning, over many
//! halts, for a job in a tight loop, deep in nested calls, in `par_iter` on all workers, and
//! asleep in `threadmgr::sleep`.
//!
//! Not criterion-shaped (a tail percentile over single events, not a mean over a loop), so it
//! is a plain harness: `cargo bench --bench time_to_halt [-- HALTS]` (default 2000 per place);
//! `-- --test` does a smoke run of a few halts each.

#[path = "support/halt.rs"]
mod halt;
#[allow(dead_code)] // shared with the report, which uses all of it
#[path = "support/stats.rs"]
mod stats;

use halt::{Place, Rig};
use stats::Latency;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let test = args.iter().any(|a| a == "--test");
    let halts: usize =
        args.iter()
            .find_map(|a| a.parse().ok())
            .unwrap_or(if test { 10 } else { 2000 });

    let mut rig = Rig::new();
    println!(
        "| place | halts | p50 (us) | p99 (us) | max (us) | floor p50 / p99 / max (us) | floor | target (p99) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
    for place in Place::ALL {
        // Warm up: threads, slots and code paths.
        for _ in 0..halts.min(20) {
            rig.sample(place);
        }
        // Interleaved with the floor: the same wait without threadmgr.
        let (mut samples, mut floors) = (Vec::new(), Vec::new());
        for _ in 0..halts {
            samples.push(rig.sample(place));
            floors.push(rig.floor(place));
        }
        let latency = Latency::of(&samples);
        let floor = Latency::of(&floors);
        let target = if place.is_sleep() { 100.0 } else { 50.0 };
        println!(
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} / {:.1} / {:.1} | {} | < {target} us: {} |",
            place.label(),
            latency.count,
            latency.p50,
            latency.p99,
            latency.max,
            floor.p50,
            floor.p99,
            floor.max,
            place.floor_label(),
            if latency.p99 < target {
                "met"
            } else {
                "missed"
            },
        );
    }
}
