//! `HaltToken::scope`, and what happens to code that catches a halt and carries on.

use std::panic::{AssertUnwindSafe, catch_unwind};

use threadmgr::{HaltReason, HaltToken, haltable};

#[haltable]
fn sum_to(n: u64) -> u64 {
    let mut sum: u64 = 0;
    for i in 0..n {
        sum = sum.wrapping_add(i);
    }
    sum
}

#[test]
fn scope_returns_the_value_when_not_halted() {
    let token = HaltToken::new();
    assert_eq!(token.scope(|| sum_to(10_000)), Ok(sum_to(10_000)));
}

#[test]
fn scope_turns_a_halt_into_err_with_its_reason() {
    let token = HaltToken::new();
    token.halt_with(HaltReason::Custom("stop".into()));
    let halted = token.scope(|| sum_to(u64::MAX)).unwrap_err();
    assert_eq!(halted.reason(), &HaltReason::Custom("stop".into()));
}

#[test]
fn a_panic_inside_scope_passes_through_with_its_payload() {
    let token = HaltToken::new();
    let payload =
        catch_unwind(AssertUnwindSafe(|| token.scope(|| panic!("a real bug")))).unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"a real bug"));
}

#[haltable]
fn swallow_the_halt_then_carry_on() -> &'static str {
    // Code that catches every unwind (the seed's bare `except:`) and goes on working...
    let first = catch_unwind(|| sum_to(u64::MAX));
    assert!(first.is_err());
    // ...is halted again at its next checkpoint: the token stays halted.
    sum_to(u64::MAX);
    "never reached"
}

#[test]
fn code_that_catches_the_halt_is_halted_again_at_its_next_checkpoint() {
    let token = HaltToken::new();
    token.halt();
    assert!(token.scope(swallow_the_halt_then_carry_on).is_err());
    assert!(token.is_halted());
}

#[test]
fn nested_scopes_catch_only_their_own_token() {
    let outer = HaltToken::new();
    let inner = HaltToken::new();
    inner.halt();
    let result = outer.scope(|| {
        let inner_result = inner.scope(|| sum_to(u64::MAX));
        assert!(inner_result.is_err());
        // Back in the outer scope, which is not halted: work goes on.
        sum_to(100)
    });
    assert_eq!(result, Ok(sum_to(100)));
}

#[test]
fn a_child_scope_is_halted_by_its_parent() {
    let parent = HaltToken::new();
    let child = parent.child();
    let remote = parent.clone();
    let halter = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        remote.halt_with(HaltReason::Shutdown);
    });
    let halted = child.scope(|| sum_to(u64::MAX)).unwrap_err();
    assert_eq!(halted.reason(), &HaltReason::Shutdown);
    halter.join().unwrap();
}

/// Inside a job, a `scope` of another token around a closure that calls code.
#[haltable]
fn scope_inside_a_fn(inner: &HaltToken) -> Result<u64, threadmgr::Halted> {
    inner.scope(|| sum_to(u64::MAX))
}

/// Two scopes, one in the other, around closures made by the same fn.
#[haltable]
fn nested_scopes_inside_a_fn(
    middle: &HaltToken,
    inner: &HaltToken,
) -> Result<Result<u64, threadmgr::Halted>, threadmgr::Halted> {
    middle.scope(|| inner.scope(|| sum_to(u64::MAX)))
}

#[test]
fn a_scope_inside_a_haltable_fn_halts_its_closure() {
    // The closure enters its creator's token everywhere else (a rayon worker, another thread);
    // inside a scope that its creator's context opened, it checks the scope's token.
    let outer = HaltToken::new();
    let inner = HaltToken::new();
    inner.halt();
    let result = outer.scope(|| scope_inside_a_fn(&inner)).unwrap();
    assert!(result.is_err());
    let middle = HaltToken::new();
    let nested = outer
        .scope(|| nested_scopes_inside_a_fn(&middle, &inner))
        .unwrap();
    assert!(nested.unwrap().is_err());
    // The same outside any job.
    assert!(scope_inside_a_fn(&inner).is_err());
}

mod parallel {
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
    use std::time::{Duration, Instant};

    use rayon::prelude::*;
    use threadmgr::{HaltToken, Halted, haltable};

    #[haltable]
    fn spin_counting(seed: u64, progress: &AtomicU64) -> u64 {
        let mut x = seed | 1;
        for i in 0..u64::MAX {
            x = x.rotate_left(5) ^ i;
            if i % 65_536 == 0 {
                progress.fetch_add(1, Relaxed);
            }
        }
        x
    }

    /// The closure is made before the scope, and runs on rayon's workers inside it.
    #[haltable]
    fn par_in_scope(token: &HaltToken, progress: &AtomicU64) -> Result<u64, Halted> {
        let work = |i: u64| spin_counting(i, progress);
        token.scope(|| (0..8u64).into_par_iter().map(work).sum())
    }

    /// A closure made before `token.scope(..)` and run by a parallel iterator inside the scope
    /// checks the scope's token on the workers too, as it does on the scope's own thread: a
    /// halt of the scope stops it (issue 12, item 10; it ran on for seconds after the halt).
    #[test]
    fn a_closure_made_before_a_scope_and_run_by_par_iter_inside_it_is_halted_with_the_scope() {
        let token = HaltToken::new();
        let progress: &'static AtomicU64 = Box::leak(Box::new(AtomicU64::new(0)));
        let job = {
            let token = token.clone();
            threadmgr::spawn(move || par_in_scope(&token, progress))
        };
        let start = Instant::now();
        while progress.load(Relaxed) < 100 {
            assert!(start.elapsed() < Duration::from_secs(60), "no progress");
            std::thread::sleep(Duration::from_millis(1));
        }
        token.halt();
        match job.join_timeout(Duration::from_secs(20)) {
            Ok(Ok(Err(halted))) => assert_eq!(halted.reason(), &threadmgr::HaltReason::Requested),
            Ok(other) => panic!("unexpected {other:?}"),
            Err(_) => panic!("the scope's halt did not stop the closure on the workers"),
        }
    }
}
