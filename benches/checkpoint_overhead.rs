//! Checkpoint overhead: each kernel of `support/kernels.rs` as written (`plain`), as written a
//! second time (`twin`, the A/A control) and under `#[haltable]` (`haltable`).
//!
//! `cargo bench --bench checkpoint_overhead`; the interleaved ratios are in
//! `cargo bench --bench report`. Kernels run inside a job (a `HaltToken` installed), where the
//! checks look at a real token, as they would in production.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};
use threadmgr::HaltToken;

#[path = "support/kernels.rs"]
mod kernels;

use kernels::{Inputs, haltable, plain, twin};

fn checkpoint_overhead(c: &mut Criterion) {
    let inputs = Inputs::new(1);
    kernels::assert_copies_agree(&inputs);
    let copies = [
        ("plain", plain::KERNELS),
        ("twin", twin::KERNELS),
        ("haltable", haltable::KERNELS),
    ];
    for (index, &(name, _)) in plain::KERNELS.iter().enumerate() {
        let mut group = c.benchmark_group(format!("checkpoint_overhead/{name}"));
        for (copy, list) in copies {
            let kernel = list[index].1;
            group.bench_function(BenchmarkId::from_parameter(copy), |b| {
                b.iter(|| kernel(black_box(&inputs)))
            });
        }
        group.finish();
    }
}

fn main() {
    let token = HaltToken::new();
    token
        .scope(|| {
            let mut criterion = Criterion::default().configure_from_args();
            checkpoint_overhead(&mut criterion);
            criterion.final_summary();
        })
        .expect("nothing halts the benchmark's token");
}
