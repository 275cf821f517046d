//! The overhead of `#[haltable]` on one-line Rust idioms: the kernels of `support/idioms.rs`,
//! each as written (`plain`), as written a second time (`twin`, the A/A control) and with
//! `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved, outside any job and
//! inside one, and printed as one markdown table, as `benches/wild.rs` does (all use
//! `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench idioms`; `-- --quick` measures fewer rounds; `-- --test` runs each copy
//! once at a small size, checks that the copies agree and exits.

#[path = "support/idioms.rs"]
mod idioms;
#[path = "support/suite_runner.rs"]
mod suite_runner;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "idioms",
        inputs: idioms::Inputs::new,
        plain: idioms::plain::KERNELS,
        twin: idioms::twin::KERNELS,
        haltable: idioms::haltable::KERNELS,
        salts: [
            idioms::plain::SALT,
            idioms::twin::SALT,
            idioms::haltable::SALT,
        ],
    });
}
