//! The overhead of `#[haltable]` on flattenings and counts of copies: the kernels of
//! `support/flat.rs`, each as written (`plain`), as written a second time (`twin`, the A/A
//! control) and with `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved,
//! outside any job and inside one, and printed as one markdown table, as `benches/wild.rs`
//! does (all use `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench flat`; `-- --quick` measures fewer rounds; `-- --test` runs each copy
//! once at a small size, checks that the copies agree and exits.

#[path = "support/flat.rs"]
mod flat;
#[path = "support/suite_runner.rs"]
mod suite_runner;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "flat",
        inputs: flat::Inputs::new,
        plain: flat::plain::KERNELS,
        twin: flat::twin::KERNELS,
        haltable: flat::haltable::KERNELS,
        salts: [flat::plain::SALT, flat::twin::SALT, flat::haltable::SALT],
    });
}
