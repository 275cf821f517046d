//! Scheduling cost per empty job: the manager (`append` + `run` + `join`, watch mode,
//! `try_start`), `threadmgr::spawn`, raw `rayon::ThreadPool::spawn` with a result channel and
//! `std::thread::spawn` + `join` (see `support/sched.rs`).
//!
//! `cargo bench --bench scheduling`; criterion reports the time per job.

use criterion::{BenchmarkId, Criterion, Throughput};

#[allow(dead_code)] // `Way::is_slow` is for the report; criterion picks its own job counts
#[path = "support/sched.rs"]
mod sched;

use sched::{Pools, Way};

fn scheduling(c: &mut Criterion) {
    let pools = Pools::new();
    let mut group = c.benchmark_group("scheduling");
    group.throughput(Throughput::Elements(1));
    for way in Way::ALL {
        group.bench_function(BenchmarkId::from_parameter(way.label()), |b| {
            b.iter_custom(|jobs| pools.run(way, jobs as usize))
        });
    }
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    scheduling(&mut criterion);
    criterion.final_summary();
}
