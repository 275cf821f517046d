//! The overhead of `#[haltable]` on iterator chains over integer ranges: the kernels of
//! `support/ranges.rs`, each as written (`plain`), as written a second time (`twin`, the A/A
//! control) and with `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved,
//! outside any job and inside one, and printed as one markdown table, as `benches/wild.rs`
//! does (all use `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench ranges`; `-- --quick` measures fewer rounds; `-- --test` runs each copy
//! once at a small size, checks that the copies agree and exits.

#[path = "support/ranges.rs"]
mod ranges;
#[path = "support/suite_runner.rs"]
mod suite_runner;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "ranges",
        inputs: ranges::Inputs::new,
        plain: ranges::plain::KERNELS,
        twin: ranges::twin::KERNELS,
        haltable: ranges::haltable::KERNELS,
        salts: [
            ranges::plain::SALT,
            ranges::twin::SALT,
            ranges::haltable::SALT,
        ],
    });
}
