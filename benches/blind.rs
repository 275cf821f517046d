//! The overhead of `#[haltable]` on a third, independent suite of ordinary Rust: the kernels of
//! `support/blind.rs`, written blind (without reading what the attribute does, its docs or the
//! other suites' kernels), each as written (`plain`), as written a second time (`twin`, the A/A
//! control) and with `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved,
//! outside any job and inside one, and printed as one markdown table, exactly as
//! `benches/wild.rs` and `benches/fresh.rs` do for the first two suites (all use
//! `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench blind`; `-- --quick` measures fewer rounds; `-- --test` (as in
//! `cargo bench --workspace -- --test`) runs each copy once at a small size, checks that the
//! copies agree and exits; `-- --halted-elsewhere` measures while another token is halted.

#[path = "support/blind.rs"]
mod blind;
#[path = "support/suite_runner.rs"]
mod suite_runner;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "blind",
        inputs: blind::Inputs::new,
        plain: blind::plain::KERNELS,
        twin: blind::twin::KERNELS,
        haltable: blind::haltable::KERNELS,
        salts: [blind::plain::SALT, blind::twin::SALT, blind::haltable::SALT],
    });
}
