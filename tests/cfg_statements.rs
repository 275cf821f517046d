//! Statements under `#[cfg]` in a `#[haltable]` body: a check the macro puts before such a
//! statement is under the same `cfg`, so a body whose tail is chosen by `cfg` (serde_json's
//! `Number::is_i64`, with and without `arbitrary_precision`) compiles and returns what it
//! returns as written. `cfg(test)` is on (this is a test crate) and `cfg(not(test))` off.

use threadmgr::haltable;

struct Number {
    n: u64,
}

impl Number {
    #[haltable]
    fn as_small(&self) -> Option<u8> {
        u8::try_from(self.n).ok()
    }

    /// The first of two tails is compiled: a cheap `match`.
    #[haltable]
    fn size_first(&self) -> u8 {
        #[cfg(test)]
        match self.n {
            0 => 0,
            1..=255 => 1,
            _ => 2,
        }
        #[cfg(not(test))]
        self.as_small().map_or(2, |s| u8::from(s != 0))
    }

    /// The second of two tails is compiled: a call, with its check.
    #[haltable]
    fn size_second(&self) -> u8 {
        #[cfg(not(test))]
        match self.n {
            0 => 0,
            1..=255 => 1,
            _ => 2,
        }
        #[cfg(test)]
        self.as_small().map_or(2, |s| u8::from(s != 0))
    }

    /// A `let` under `cfg`, then a tail that calls.
    #[haltable]
    fn small_or_zero(&self) -> u8 {
        #[cfg(not(test))]
        let small = self.as_small().unwrap_or(1);
        #[cfg(test)]
        let small = self.as_small().unwrap_or(0);
        small
    }

    /// A `return` under a `cfg` that is off: what follows still runs, and is still checked.
    #[haltable]
    fn doubled(&self) -> u64 {
        #[cfg(not(test))]
        return self.n;
        self.as_small().map_or(0, |s| u64::from(s) * 2)
    }
}

#[test]
fn a_tail_chosen_by_cfg_is_the_tail() {
    for (n, size) in [(0, 0), (1, 1), (255, 1), (256, 2), (u64::MAX, 2)] {
        let number = Number { n };
        assert_eq!(number.size_first(), size, "n = {n}");
        assert_eq!(number.size_second(), size, "n = {n}");
    }
}

#[test]
fn statements_under_cfg_that_is_off_are_not_there() {
    assert_eq!(Number { n: 7 }.small_or_zero(), 7);
    assert_eq!(Number { n: 700 }.small_or_zero(), 0);
    assert_eq!(Number { n: 7 }.doubled(), 14);
    assert_eq!(Number { n: 700 }.doubled(), 0);
}

/// Loops, chains and blocks under `cfg`, on and off.
#[haltable]
fn counted(v: &[u64]) -> u64 {
    let mut n = 0;
    #[cfg(test)]
    for x in v {
        n += x;
    }
    #[cfg(not(test))]
    for x in v {
        n += x * 1000;
    }
    #[cfg(test)]
    let above = v.iter().map(|x| x + 1).filter(|x| *x > 2).count() as u64;
    #[cfg(not(test))]
    let above = v.iter().map(|x| x + 1000).sum::<u64>();
    n += above;
    #[cfg(test)]
    {
        n += v.iter().filter(|x| **x > 1).count() as u64;
    }
    #[cfg(test)]
    let mut i = 0;
    #[cfg(test)]
    while i < v.len() {
        n += v[i];
        i += 1;
    }
    n
}

/// A `for` that calls and may leave early runs with a countdown: under `cfg`, on and off.
#[haltable]
fn first_above(v: &[u64], limit: u64) -> Option<usize> {
    #[cfg(not(test))]
    for (i, x) in v.iter().enumerate() {
        if std::hint::black_box(*x) > limit * 1000 {
            return Some(i);
        }
    }
    #[cfg(test)]
    for (i, x) in v.iter().enumerate() {
        if std::hint::black_box(*x) > limit {
            return Some(i);
        }
    }
    None
}

#[test]
fn a_countdown_for_under_cfg() {
    assert_eq!(first_above(&[1, 5, 9], 4), Some(1));
    assert_eq!(first_above(&[1, 2], 4), None);
}

#[test]
fn loops_and_chains_under_cfg() {
    // 1 + 2 + 3, then 2 items above 2 after + 1, then 2 items above 1, then 1 + 2 + 3 again.
    assert_eq!(counted(&[1, 2, 3]), 6 + 2 + 2 + 6);
}

/// A `cfg`'d block that returns, then the other platforms' code under
/// `#[allow(unreachable_code)]` (event-listener 5.3.1's `full_fence`): the check before the
/// second block is unreachable where the first is compiled, so it goes inside the block's lint
/// level; a check left outside it would be a lint error here.
#[deny(unreachable_code)]
#[haltable]
fn bumped(n: &std::sync::atomic::AtomicU64) -> u64 {
    use std::sync::atomic::Ordering::SeqCst;
    #[cfg(test)]
    {
        n.fetch_add(1, SeqCst);
        return n.load(SeqCst);
    }
    #[allow(unreachable_code)]
    {
        n.fetch_add(2, SeqCst);
        n.load(SeqCst)
    }
}

/// The same with `expect`, which an unreachable check outside the block would leave
/// unfulfilled (a new warning, denied here).
#[deny(unreachable_code, unfulfilled_lint_expectations)]
#[haltable]
fn bumped_expecting(n: &std::sync::atomic::AtomicU64) {
    use std::sync::atomic::Ordering::SeqCst;
    #[cfg(test)]
    {
        n.fetch_add(1, SeqCst);
        return;
    }
    #[expect(unreachable_code)]
    n.fetch_add(2, SeqCst);
}

/// The same with the level under `cfg_attr`.
#[deny(unreachable_code, unfulfilled_lint_expectations)]
#[haltable]
fn bumped_cfg_attr(n: &std::sync::atomic::AtomicU64) {
    use std::sync::atomic::Ordering::SeqCst;
    #[cfg(test)]
    {
        n.fetch_add(1, SeqCst);
        return;
    }
    #[cfg_attr(test, expect(unreachable_code))]
    n.fetch_add(2, SeqCst);
}

/// A `let` under `allow` after the `cfg`'d return: the check before it copies the `allow`.
#[deny(unreachable_code)]
#[haltable]
fn bumped_let(n: &std::sync::atomic::AtomicU64) -> u64 {
    use std::sync::atomic::Ordering::SeqCst;
    #[cfg(test)]
    {
        return n.fetch_add(1, SeqCst) + 1;
    }
    #[allow(unreachable_code)]
    let before = n.fetch_add(2, SeqCst);
    before + 2
}

#[test]
fn code_after_a_cfg_return_under_a_lint_level_compiles_with_no_new_warning() {
    assert_eq!(bumped_let(&std::sync::atomic::AtomicU64::new(0)), 1);
    let n = std::sync::atomic::AtomicU64::new(0);
    assert_eq!(bumped(&n), 1);
    bumped_expecting(&n);
    bumped_cfg_attr(&n);
    assert_eq!(n.load(std::sync::atomic::Ordering::SeqCst), 3);
}
