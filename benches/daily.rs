//! The overhead of `#[haltable]` on everyday code: the kernels of `support/daily.rs`, each as
//! written (`plain`), as written a second time (`twin`, the A/A control) and with
//! `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved, outside any job and
//! inside one, and printed as one markdown table, as `benches/wild.rs` does (all use
//! `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench daily`; `-- --quick` measures fewer rounds; `-- --test` runs each copy
//! once at a small size, checks that the copies agree and exits.

#[path = "support/daily.rs"]
mod daily;
#[path = "support/suite_runner.rs"]
mod suite_runner;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "daily",
        inputs: daily::Inputs::new,
        plain: daily::plain::KERNELS,
        twin: daily::twin::KERNELS,
        haltable: daily::haltable::KERNELS,
        salts: [daily::plain::SALT, daily::twin::SALT, daily::haltable::SALT],
    });
}
