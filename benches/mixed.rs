//! The overhead of `#[haltable]` on adapters and library calls the other suites use little:
//! the kernels of `support/mixed.rs`, each as written (`plain`), as written a second time
//! (`twin`, the A/A control) and with `#[threadmgr::haltable]` on every fn (`haltable`),
//! measured interleaved, outside any job and inside one, and printed as one markdown table, as
//! `benches/wild.rs` does (all use `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench mixed`; `-- --quick` measures fewer rounds; `-- --test` runs each copy
//! once at a small size, checks that the copies agree and exits.

#[path = "support/mixed.rs"]
mod mixed;
#[path = "support/suite_runner.rs"]
mod suite_runner;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "mixed",
        inputs: mixed::Inputs::new,
        plain: mixed::plain::KERNELS,
        twin: mixed::twin::KERNELS,
        haltable: mixed::haltable::KERNELS,
        salts: [mixed::plain::SALT, mixed::twin::SALT, mixed::haltable::SALT],
    });
}
