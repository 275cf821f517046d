//! The harness of the semantics suite: `twins!` writes a fn twice (once plain, once
//! `#[haltable]`), and `same!` runs both, outside any job and inside a job whose token is never
//! halted, and asserts that every observable outcome is the same.
//!
//! An outcome is more than the return value: it is the value or the panic message, the order in
//! which [`Noisy`] values were dropped, and how many times [`Flaky::next`] was called.

use std::cell::{Cell, RefCell};
use std::fmt::Debug;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use threadmgr::HaltToken;

#[macro_use]
#[path = "../support/twins.rs"]
mod twins;

/// Calls both twins of `name` with the same arguments (each argument expression is evaluated
/// once per run), asserts that the outcomes agree, and returns the outcome.
macro_rules! same {
    ($name:ident ( $($arg:expr),* $(,)? )) => {
        crate::support::same(
            || $name::plain::$name($($arg),*),
            || $name::haltable::$name($($arg),*),
        )
    };
}

/// What a run of a twin did, everything that the macro must not change.
#[derive(Debug, PartialEq)]
pub struct Outcome<R> {
    /// The return value, or the panic message.
    pub value: Result<R, String>,
    /// The [`Noisy`] values dropped during the run, in order.
    pub drops: Vec<(&'static str, u64)>,
    /// How many times [`Flaky::next`] was called during the run.
    pub next_calls: u64,
}

impl<R: Debug> Outcome<R> {
    /// The return value; panics (loudly) if the run panicked.
    #[track_caller]
    pub fn value(self) -> R {
        match self.value {
            Ok(value) => value,
            Err(message) => panic!("the twins panicked with {message:?}"),
        }
    }

    /// Checks that the run returned, and forgets the value.
    #[track_caller]
    pub fn returned(self) {
        self.value();
    }

    /// The panic message; panics if the run returned.
    #[track_caller]
    pub fn panic_message(&self) -> &str {
        match &self.value {
            Ok(value) => panic!("the twins returned {value:?} instead of panicking"),
            Err(message) => message,
        }
    }
}

thread_local! {
    static DROPS: RefCell<Vec<(&'static str, u64)>> = const { RefCell::new(Vec::new()) };
    static NEXT_CALLS: Cell<u64> = const { Cell::new(0) };
    /// Set while a twin runs: its panics are expected, and the hook keeps them quiet.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once per process) a panic hook that stays silent for panics of a twin run, and
/// prints every other panic (failed assertions of the tests themselves) as usual.
fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.get() {
                default(info);
            }
        }));
    });
}

/// The message of a panic payload, or a description of a halt.
pub fn describe(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else if let Some(halted) = payload.downcast_ref::<threadmgr::Halted>() {
        format!("<unwound by a halt: {halted}>")
    } else {
        "<a panic payload that is not a string>".to_owned()
    }
}

/// Runs `f` on this thread and records its [`Outcome`], panics included.
pub fn run<R>(f: impl FnOnce() -> R) -> Outcome<R> {
    install_quiet_hook();
    DROPS.with_borrow_mut(Vec::clear);
    NEXT_CALLS.set(0);
    let was_quiet = QUIET.replace(true);
    let value = panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| describe(&*payload));
    QUIET.set(was_quiet);
    Outcome {
        value,
        drops: DROPS.take(),
        next_calls: NEXT_CALLS.get(),
    }
}

/// Runs `plain` and `haltable` outside any job, and both again inside a job whose token is not
/// halted, asserts that all four outcomes are equal, and returns the outcome.
#[track_caller]
pub fn same<R: PartialEq + Debug>(plain: impl Fn() -> R, haltable: impl Fn() -> R) -> Outcome<R> {
    let expected = run(&plain);
    let outside = run(&haltable);
    assert_eq!(
        outside, expected,
        "#[haltable] changed the outcome, outside any job (left: haltable, right: plain)"
    );
    let token = HaltToken::new();
    let inside = token
        .scope(|| run(&haltable))
        .expect("a job whose token is never halted is not halted");
    assert_eq!(
        inside, expected,
        "#[haltable] changed the outcome, inside a job that is not halted (left: haltable, right: plain)"
    );
    let plain_inside = token
        .scope(|| run(&plain))
        .expect("plain code is never halted");
    assert_eq!(
        plain_inside, expected,
        "plain code behaves the same inside a job"
    );
    expected
}

/// A value that logs its drop, to compare drop orders.
///
/// Built with a struct literal (`Noisy { tag: "a", n: 1 }`), which is not a call, so that a loop
/// body that builds one can still be a call-free (chunked) body.
#[derive(Debug, PartialEq)]
pub struct Noisy {
    /// What the value is.
    pub tag: &'static str,
    /// Which one of its kind.
    pub n: u64,
}

impl Drop for Noisy {
    fn drop(&mut self) {
        DROPS.with_borrow_mut(|drops| drops.push((self.tag, self.n)));
    }
}

/// A non-fused iterator over `0..end` that returns `None` once, at `gap_at`, and `Some` again
/// after it; it counts its `next` calls, so that a test can check that a loop stops at the first
/// `None` and calls `next` exactly as often as a plain `for` does.
#[derive(Debug, Clone)]
pub struct Flaky {
    /// The next position.
    pub pos: u64,
    /// The position that returns `None`.
    pub gap_at: u64,
    /// The first position past the items.
    pub end: u64,
}

impl Iterator for Flaky {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        NEXT_CALLS.set(NEXT_CALLS.get() + 1);
        let pos = self.pos;
        self.pos += 1;
        if pos == self.gap_at || pos >= self.end {
            None
        } else {
            Some(pos)
        }
    }
}

/// Iteration counts on and around the chunk boundaries of the loop rewrite (one check per 4096
/// iterations), and a few far from them.
pub const BOUNDARIES: [u64; 17] = [
    0, 1, 2, 3, 4095, 4096, 4097, 8191, 8192, 8193, 12287, 12288, 12289, 16384, 20000, 65536,
    100_000,
];

/// Positions to stop at (a `break`, a `return`, a panic, a `None`) on and around the chunk
/// boundaries.
pub const STOPS: [u64; 13] = [
    0, 1, 4094, 4095, 4096, 4097, 8191, 8192, 8193, 12288, 16383, 16384, 16385,
];
