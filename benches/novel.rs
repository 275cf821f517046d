//! The overhead of `#[haltable]` on ordinary Rust code written blind: the kernels of
//! `support/novel.rs` (a lexer, a parser, graph searches, DP, collections, numerics, ...),
//! each as written (`plain`), as written a second time (`twin`, the A/A control) and with
//! `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved, outside any job and
//! inside one, and printed as one markdown table, as `benches/wild.rs` does (all use
//! `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench novel`; `-- --quick` measures fewer rounds; `-- --test` runs each copy
//! once at a small size, checks that the copies agree and exits.
//! `NOVEL_GROW=20 cargo bench --bench novel -- --quick` runs the kernels on inputs 20 times as
//! long (see `Inputs::new`).

#[path = "support/novel.rs"]
mod novel;
#[path = "support/suite_runner.rs"]
mod suite_runner;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "novel",
        inputs: novel::Inputs::new,
        plain: novel::plain::KERNELS,
        twin: novel::twin::KERNELS,
        haltable: novel::haltable::KERNELS,
        salts: [novel::plain::SALT, novel::twin::SALT, novel::haltable::SALT],
    });
}
