//! The semantics suite: `#[haltable]` must never change what a fn does.
//!
//! Each fn here is written once and compiled twice by `twins!` (plain, and with
//! `#[threadmgr::haltable]`); `same!` runs both, outside any job and inside a job whose token is
//! never halted, and compares the return value or panic message, the drop order and how many
//! times a non-fused iterator was advanced. The fns use every construct that the rewrite touches:
//! each loop kind, chunked loops on and around the chunk boundaries, labels, `break` with a
//! value, `return`, `?`, `let else`, shadowing, guards, `if let` chains, closures, borrows,
//! drops and panics. `halting.rs` checks that the instrumented twins do halt.

// The suite writes odd code on purpose, the code a rewrite is likely to get wrong: loops that
// never loop, index loops, explicit `return`s and the like. These lints would have it written
// differently, which would defeat the purpose. (`%` instead of `is_multiple_of` keeps loop bodies
// free of calls, so that the macro chunks them; `0..0` is a loop that never runs.)
#![allow(
    clippy::reversed_empty_ranges,
    clippy::manual_is_multiple_of,
    clippy::never_loop,
    clippy::needless_range_loop,
    clippy::needless_return,
    clippy::while_let_on_iterator,
    clippy::explicit_counter_loop,
    clippy::let_and_return,
    clippy::redundant_closure,
    clippy::try_err,
    clippy::while_immutable_condition
)]

// Cargo looks for the modules of a test crate next to its root; these live in `semantics/`.
#[macro_use]
#[path = "support/semantics.rs"]
mod support;

#[path = "semantics/borrows.rs"]
mod borrows;
#[path = "semantics/chunks.rs"]
mod chunks;
#[path = "semantics/closures.rs"]
mod closures;
#[path = "semantics/compile.rs"]
mod compile;
#[path = "semantics/control.rs"]
mod control;
#[path = "semantics/drops.rs"]
mod drops;
#[path = "semantics/halting.rs"]
mod halting;
#[path = "semantics/loops.rs"]
mod loops;
#[path = "semantics/panics.rs"]
mod panics;
