//! The overhead of `#[haltable]` on a second, independent suite of ordinary Rust: the kernels of
//! `support/fresh.rs`, written without regard to what the attribute does, each as written
//! (`plain`), as written a second time (`twin`, the A/A control) and with
//! `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved, outside any job and
//! inside one, and printed as one markdown table, exactly as `benches/wild.rs` does for the
//! first suite (both use `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench fresh`; `-- --quick` measures fewer rounds; `-- --test` (as in
//! `cargo bench --workspace -- --test`) runs each copy once at a small size, checks that the
//! copies agree and exits; `-- --halted-elsewhere` measures while another token is halted.

#[path = "support/fresh.rs"]
mod fresh;
#[path = "support/suite_runner.rs"]
mod suite_runner;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "fresh",
        inputs: fresh::Inputs::new,
        plain: fresh::plain::KERNELS,
        twin: fresh::twin::KERNELS,
        haltable: fresh::haltable::KERNELS,
        salts: [fresh::plain::SALT, fresh::twin::SALT, fresh::haltable::SALT],
    });
}
