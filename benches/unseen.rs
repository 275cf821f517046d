//! The overhead of `#[haltable]` on a seventh suite of ordinary Rust: the kernels of
//! `support/unseen.rs`, written in one go before any was measured, each as written
//! (`plain`), as written a second time (`twin`, the A/A control) and with
//! `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved, outside any job and
//! inside one, and printed as one markdown table, exactly as `benches/wild.rs` does for the
//! first suite (both use `support/suite_runner.rs`, whose docs say how it measures).
//!
//! `cargo bench --bench unseen`; `-- --quick` measures fewer rounds; `-- --test` (as in
//! `cargo bench --workspace -- --test`) runs each copy once at a small size, checks that the
//! copies agree and exits; `-- --halted-elsewhere` measures while another token is halted.

#[path = "support/suite_runner.rs"]
mod suite_runner;
#[path = "support/unseen.rs"]
mod unseen;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "unseen",
        inputs: unseen::Inputs::new,
        plain: unseen::plain::KERNELS,
        twin: unseen::twin::KERNELS,
        haltable: unseen::haltable::KERNELS,
        salts: [
            unseen::plain::SALT,
            unseen::twin::SALT,
            unseen::haltable::SALT,
        ],
    });
}
