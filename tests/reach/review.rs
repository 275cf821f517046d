//! Review probes of the four latest rules of `#[haltable]` (603c386 closures called where they
//! are written, a0ad2ef async fns, 352e9f4 names bound again by the body's own lets, fb2857e
//! core's `Option`/`Result` of a primitive).
//!
//! Each probe is a shape that compiles plain, kept as a regression test of the rules' edges.
//! Three of them found holes, fixed in the same session (each says so): a recursion through
//! the `From::from` that `?` calls, a chain over `Cell`s before an `.await` that made an async
//! fn's future lose `Send`, and a loop in an `async` block that was never checked.

use std::cell::Cell;
use std::future::Future;
use std::num::TryFromIntError;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use super::{K, halts, started};

use threadmgr::haltable;

// ---------------------------------------------------------------------------------------------
// Rule 4 (and `?`): a `Result` of a primitive from core, `e?` on it.
// ---------------------------------------------------------------------------------------------

thread_local! {
    /// How many more levels `Escalate::from` goes down.
    static LEVELS: Cell<u32> = const { Cell::new(0) };
}

/// A user's error, converted from core's by a user's `From` impl that is not instrumented (as
/// `tests/reach.rs`'s user methods are not): only `narrow` can check. Each conversion retries
/// twice, one level down (2^64 calls in all).
#[derive(Debug)]
struct Escalate;

impl From<TryFromIntError> for Escalate {
    fn from(_: TryFromIntError) -> Self {
        let levels = LEVELS.with(Cell::get);
        if levels > 0 {
            LEVELS.with(|l| l.set(levels - 1));
            let _ = narrow(300);
            let _ = narrow(300);
            LEVELS.with(|l| l.set(levels));
        }
        Escalate
    }
}

/// `u8::try_from(n)?` is judged core's code (a path call on a primitive, and `?` is cheap), so
/// the statement gets no check; but on an error `?` calls `From::from` of the fn's error type,
/// the user's, which recurses. The entry check goes before `Ok(b)`, which the failing path
/// never reaches.
#[haltable]
fn narrow(n: u32) -> Result<u8, Escalate> {
    let b = u8::try_from(n)?;
    Ok(b)
}

#[test]
// Found by review (fixed since): `e?` on a core Result (u8::try_from(n)?) calls the fn's error type's From::from, user code, and is judged cheap: a recursion through a user's From impl never meets a check
fn recursion_through_the_from_conversion_of_question_mark() {
    halts(1, |p| {
        LEVELS.with(|l| l.set(64));
        started(p);
        narrow(300)
    });
}

/// The same shape with `?`'s conversion the identity (the error type is core's): no user code
/// runs, the body is bounded, and it halts at the caller's loop check.
#[haltable]
fn narrow_plain(n: u32) -> Result<u8, TryFromIntError> {
    let b = u8::try_from(n)?;
    Ok(b.wrapping_mul(3))
}

#[haltable]
fn spin_narrowing(seed: u64) -> u64 {
    let mut acc = seed;
    loop {
        acc = acc.wrapping_mul(K) ^ u64::from(narrow_plain(acc as u32 & 511).unwrap_or(7));
        if acc == 0 {
            return acc;
        }
    }
}

#[test]
fn a_loop_over_core_results_of_primitives_is_halted() {
    halts(1, |p| {
        started(p);
        spin_narrowing(3)
    });
}

/// A tree whose `unwrap_or` is a user's method: the value is no `Option` of core's, so the
/// call stays a call, and `depth_or` checks on entry.
struct Node {
    kids: Vec<Rc<Node>>,
}

trait UnwrapOr {
    fn unwrap_or(self, fallback: u32) -> u32;
}

impl UnwrapOr for &Node {
    fn unwrap_or(self, fallback: u32) -> u32 {
        self.kids
            .iter()
            .map(|kid| depth_or(0, kid))
            .fold(fallback, u32::wrapping_add)
    }
}

/// `o` is first `x.checked_add(1)` (an `Option<u32>` of core's), then bound again to a node:
/// at the tail, the binding in scope is the node, whose `unwrap_or` is the user's.
#[haltable]
fn depth_or(x: u32, node: &Node) -> u32 {
    let o = x.checked_add(1);
    let skip = o.unwrap_or(0) == 0;
    let o = node;
    if skip { 0 } else { o.unwrap_or(1) }
}

fn shared_nodes(depth: u32) -> Rc<Node> {
    let mut node = Rc::new(Node { kids: Vec::new() });
    for _ in 0..depth {
        node = Rc::new(Node {
            kids: vec![Rc::clone(&node), node],
        });
    }
    node
}

#[test]
fn recursion_through_a_users_unwrap_or_on_a_name_that_was_an_option() {
    halts(1, |p| {
        let tree = shared_nodes(70);
        started(p);
        depth_or(3, &tree)
    });
}

// ---------------------------------------------------------------------------------------------
// Rule 3: a name bound again by the body's own lets.
// ---------------------------------------------------------------------------------------------

/// A user's method named as one of `u64`'s, on a shared tree, not instrumented.
trait Ones {
    fn count_ones(self) -> u32;
}

impl Ones for &Node {
    fn count_ones(self) -> u32 {
        self.kids
            .iter()
            .map(|kid| ones_cfg(0, kid).wrapping_add(ones_else(0, kid)))
            .fold(1, u32::wrapping_add)
    }
}

/// Bound again under a `cfg` that holds: the `let` is not one of the plain lets, so the name's
/// type is not known anywhere, and `n.count_ones()` is a call.
#[haltable]
fn ones_cfg(n: u64, node: &Node) -> u32 {
    let skip = n.rotate_left(3) == 1;
    #[cfg(all())]
    let n = node;
    if skip { 0 } else { n.count_ones() }
}

/// Bound again by a `let`-`else`, whose pattern the shadowing rule does not count as a plain
/// `let`: the name's type is not known.
#[haltable]
fn ones_else(n: u64, node: &Node) -> u32 {
    let skip = n.rotate_left(3) == 1;
    let Some(n) = Some(node) else { return 0 };
    if skip { 0 } else { n.count_ones() }
}

#[test]
fn recursion_through_names_bound_again_under_cfg_and_let_else() {
    halts(1, |p| {
        let tree = shared_nodes(70);
        started(p);
        ones_cfg(3, &tree)
    });
}

/// Bound three times: `u64`, the tree, then a `u64` again; at the call the binding in scope is
/// the tree (the third `let` comes after), so the call is the user's.
#[haltable]
fn ones_thrice(n: u64, node: &Rc<Node>) -> u32 {
    let n = n.rotate_left(3);
    let skip = n == 1;
    let n = node;
    let total = if skip { 0 } else { n.count_ones() };
    let n = u64::from(total);
    n.count_ones()
}

impl Ones for &Rc<Node> {
    fn count_ones(self) -> u32 {
        self.kids
            .iter()
            .map(|kid| ones_thrice(0, kid))
            .fold(1, u32::wrapping_add)
    }
}

#[test]
fn recursion_through_the_middle_one_of_three_bindings() {
    halts(1, |p| {
        let tree = shared_nodes(70);
        started(p);
        ones_thrice(3, &tree)
    });
}

// ---------------------------------------------------------------------------------------------
// Rule 1: closures called where they are written.
// ---------------------------------------------------------------------------------------------

/// The closure's own loop checks, as any loop.
#[haltable]
fn endless_loop_in_a_closure_called_at_once(seed: u64, progress: &AtomicU64) -> u64 {
    started(progress);
    (move || {
        let mut x = seed;
        loop {
            x = x.wrapping_mul(K).rotate_left(7);
            if x == 0 {
                return x;
            }
        }
    })()
}

#[test]
fn a_loop_in_a_closure_called_at_once_is_halted() {
    halts(1, |p| endless_loop_in_a_closure_called_at_once(3, p));
}

/// A closure called at once on a scoped thread: the closure given to `spawn` captures and
/// enters the creator's token, so the loop inside the closure called at once sees it.
#[haltable]
fn closure_called_at_once_on_a_scoped_thread(seed: u64, progress: &'static AtomicU64) -> u64 {
    std::thread::scope(|s| {
        s.spawn(move || {
            (move || {
                started(progress);
                let mut x = seed;
                while x != 0 {
                    x = x.wrapping_mul(K) ^ 1;
                }
                x
            })()
        })
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

#[test]
fn a_closure_called_at_once_on_another_thread_is_halted() {
    halts(1, |p| closure_called_at_once_on_a_scoped_thread(3, p));
}

/// Recursion where the closure called at once gets the recursion as an argument (a closure
/// made outside it, which does enter): 2^64 calls in all.
#[haltable]
fn paths_through_an_argument(depth: u32, salt: u64) -> u64 {
    if depth == 0 {
        return salt;
    }
    (|f: &dyn Fn(u64) -> u64| f(salt) ^ f(salt.wrapping_mul(K)))(&|s| {
        paths_through_an_argument(depth - 1, s)
    })
}

#[test]
fn recursion_through_an_argument_of_a_closure_called_at_once() {
    halts(1, |p| {
        started(p);
        paths_through_an_argument(64, 1)
    });
}

// ---------------------------------------------------------------------------------------------
// Rule 2: async fns.
// ---------------------------------------------------------------------------------------------

async fn ready(n: u64) -> u64 {
    n
}

fn send<F: Future + Send>(future: F) -> F {
    future
}

/// A chain consumed in a statement that awaits, over a `Send` + `Sync` source: the probe
/// temporary that lives across the `.await` is `Send`, and so is the future.
#[haltable]
async fn sum_then_await(values: Vec<u64>) -> u64 {
    values.iter().map(|v| v * 3).sum::<u64>() + ready(1).await
}

#[test]
fn a_chain_and_an_await_in_one_statement_over_sync_data_stays_send() {
    let future = send(sum_then_await(vec![1, 2, 3]));
    assert_eq!(futures::executor::block_on(future), 19);
}

/// The same over `Cell`s (`Send`, not `Sync`): plain, the future is `Send`; annotated it is
/// not (see `tests/reach/async_chain_send.rs`, compiled by trybuild).
#[test]
// Found by review (fixed since): in an async fn, a probed chain's Probe<slice::Iter<Cell<_>>> temporary lives across an .await of the same statement, so a future that is Send plain is not Send annotated (compile error)
fn a_chain_over_cells_and_an_await_in_one_statement_stays_send() {
    trybuild::TestCases::new().pass("tests/reach/async_chain_send.rs");
}

/// Rule 3 in an async fn: a parameter bound again across an `.await`, with a value of
/// another type; the annotated future computes what the plain one does.
#[haltable]
async fn rebound_across_await(x: u32, words: Vec<String>) -> u64 {
    let x = u64::from(x).rotate_left(3);
    let y = ready(x).await;
    let x = words.len() as u64 + y;
    let x = x.checked_add(1).unwrap_or(0);
    x.rotate_right(1)
}

#[test]
fn a_rebound_name_across_an_await_computes_as_plain() {
    let future = send(rebound_across_await(5, vec!["a".into(), "b".into()]));
    let plain = (2u64 + (5u64.rotate_left(3)) + 1).rotate_right(1);
    assert_eq!(futures::executor::block_on(future), plain);
}

/// Runs `make(progress)` to completion with `block_on` as a job, halts it once it has made
/// progress, and expects it to end `Halted` (as `tests/async_fns.rs` does).
fn halts_when_polled_in_a_job<F, Fut>(make: F)
where
    F: FnOnce(&'static AtomicU64) -> Fut + Send + 'static,
    Fut: Future<Output = u64>,
{
    halts(1000, move |progress| {
        futures::executor::block_on(make(progress))
    });
}

/// An async block inside an instrumented async fn, awaited right there: its loop runs when the
/// fn's future is polled, on the same thread, as the fn's own code does; but the rewrites do
/// not descend into async blocks (`crate::descend`), so it gets no check.
#[haltable]
async fn loop_in_an_awaited_async_block(progress: &'static AtomicU64) -> u64 {
    let inner = async {
        let mut x = 1u64;
        loop {
            x = x.wrapping_mul(K) ^ ready(x >> 7).await;
            progress.fetch_add(1, Relaxed);
            if x == 0 {
                return x;
            }
        }
    };
    inner.await
}

#[test]
// Found by review (fixed since): an async block awaited inside an instrumented async fn runs as the fn's own code when polled, but is left uninstrumented: its endless loop is never halted
fn a_loop_in_an_async_block_inside_an_async_fn_is_halted() {
    halts_when_polled_in_a_job(loop_in_an_awaited_async_block);
}

/// The same loop in an async fn of a `#[haltable]` module, called through a bounded fn of the
/// module, and in a trait's default async body: all halted.
#[haltable]
mod async_items {
    use super::{K, Relaxed, ready};
    use std::sync::atomic::AtomicU64;

    /// Bounded (cheap): calling it is cheap, and it makes no loop.
    fn seed(n: u64) -> u64 {
        n.wrapping_mul(super::K) | 1
    }

    pub async fn spin(progress: &'static AtomicU64) -> u64 {
        let mut x = seed(3);
        loop {
            x = x.wrapping_mul(K) ^ ready(x >> 7).await;
            progress.fetch_add(1, Relaxed);
            if x == 0 {
                return x;
            }
        }
    }

    pub trait Spin {
        fn start(&self) -> u64;

        async fn spin_default(&self, progress: &'static AtomicU64) -> u64 {
            let mut x = self.start();
            while x != 0 {
                x = x.wrapping_mul(K) ^ ready(x >> 7).await;
                progress.fetch_add(1, Relaxed);
            }
            x
        }
    }

    pub struct Three;

    impl Spin for Three {
        fn start(&self) -> u64 {
            3
        }
    }
}

#[test]
fn an_async_fn_of_a_haltable_module_is_halted() {
    halts_when_polled_in_a_job(async_items::spin);
}

#[test]
fn an_async_default_body_of_a_haltable_trait_in_a_module_is_halted() {
    use async_items::Spin;
    halts_when_polled_in_a_job(|p| async move { async_items::Three.spin_default(p).await });
}

/// An `async unsafe fn`, an async fn with `impl Trait` and lifetimes whose closure enters, and
/// a method: they compile annotated, and the futures stay `Send`.
#[haltable]
async unsafe fn unsafe_async(p: *const u64) -> u64 {
    // SAFETY: the caller passes a valid pointer.
    unsafe { *p }
}

#[haltable]
async fn borrowed<'a>(words: &'a [String], f: impl Fn(&'a str) -> u64 + Send) -> u64 {
    let mut total = 0;
    for w in words {
        total += f(w) + ready(1).await;
    }
    let scaled: Vec<u64> = words.iter().map(|w| w.len() as u64 * total).collect();
    total + apply_each(&scaled, |x| x.wrapping_add(total)) + ready(0).await
}

#[haltable]
fn apply_each(values: &[u64], f: impl Fn(u64) -> u64) -> u64 {
    values.iter().map(|&v| f(v)).sum()
}

#[test]
fn async_fns_with_lifetimes_impl_trait_and_unsafe_compile_and_stay_send() {
    let words: Vec<String> = vec!["ab".into(), "c".into()];
    let got = futures::executor::block_on(send(borrowed(&words, |w| w.len() as u64)));
    // total = (2 + 1) + (1 + 1) = 5; scaled = [10, 5]; apply_each = 15 + 10.
    assert_eq!(got, 5 + 25);
    let v = 7u64;
    // SAFETY: `&v` is valid for the whole call.
    assert_eq!(futures::executor::block_on(unsafe { unsafe_async(&v) }), 7);
}
