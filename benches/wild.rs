//! The overhead of `#[haltable]` on ordinary Rust: the kernels of `support/wild.rs`, each as
//! written (`plain`), as written a second time (`twin`, the A/A control) and with
//! `#[threadmgr::haltable]` on every fn (`haltable`), measured interleaved, outside any job and
//! inside one (a `HaltToken` installed), and printed as one markdown table.
//!
//! `cargo bench --bench wild` (about a minute); `-- --quick` measures fewer rounds; `-- --test`
//! (as in `cargo bench --workspace -- --test`) runs each copy once at a small size, checks that
//! the copies agree and exits. `-- --halted-elsewhere` measures while another token, halted and
//! never unwound, stays alive: every check in the process then takes its cold path (on x86-64
//! Linux, the trampoline that saves and restores the vector state), which is what code pays
//! while some halted job is blocked where nothing checks.
//!
//! How it measures (`support/suite_runner.rs`, shared with `benches/fresh.rs`): for each kernel,
//! the number of calls per sample is chosen once so that a sample of the `plain` copy takes
//! about 1.5 ms; each round then times one sample of each copy, in an order that rotates from
//! round to round. A ratio is the median over rounds of the per-round ratio (`haltable / plain`,
//! `twin / plain`), so that drifts of the machine between rounds cancel. The summary is the
//! geometric mean of the per-kernel ratios.

#[path = "support/suite_runner.rs"]
mod suite_runner;
#[path = "support/wild.rs"]
mod wild;

fn main() {
    suite_runner::main(suite_runner::Suite {
        name: "wild",
        inputs: wild::Inputs::new,
        plain: wild::plain::KERNELS,
        twin: wild::twin::KERNELS,
        haltable: wild::haltable::KERNELS,
        salts: [wild::plain::SALT, wild::twin::SALT, wild::haltable::SALT],
    });
}
