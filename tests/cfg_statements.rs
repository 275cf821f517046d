//! Statements under `#[cfg]` in a `#[haltable]` body: a check the macro puts before such a
//! statement is under the same `cfg`, so a body whose tail is chosen by `cfg` (serde_json's
//! `Number::is_i64`, with and without `arbitrary_precision`) compiles and returns what it
//! returns as written. `cfg(all())` is always on and `cfg(any())` always off.

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
    fn is_small_first(&self) -> bool {
        #[cfg(all())]
        match self.n {
            0..=255 => true,
            _ => false,
        }
        #[cfg(any())]
        self.as_small().is_some()
    }

    /// The second of two tails is compiled: a call, with its check.
    #[haltable]
    fn is_small_second(&self) -> bool {
        #[cfg(any())]
        match self.n {
            0..=255 => true,
            _ => false,
        }
        #[cfg(all())]
        self.as_small().is_some()
    }

    /// A `let` under `cfg`, then a tail that calls.
    #[haltable]
    fn small_or_zero(&self) -> u8 {
        #[cfg(any())]
        let small = self.as_small().unwrap_or(1);
        #[cfg(all())]
        let small = self.as_small().unwrap_or(0);
        small
    }

    /// A `return` under a `cfg` that is off: what follows still runs, and is still checked.
    #[haltable]
    fn doubled(&self) -> u64 {
        #[cfg(any())]
        return self.n;
        self.as_small().map_or(0, |s| u64::from(s) * 2)
    }
}

#[test]
fn a_tail_chosen_by_cfg_is_the_tail() {
    for (n, small) in [(0, true), (255, true), (256, false), (u64::MAX, false)] {
        let number = Number { n };
        assert_eq!(number.is_small_first(), small, "n = {n}");
        assert_eq!(number.is_small_second(), small, "n = {n}");
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
    #[cfg(all())]
    for x in v {
        n += x;
    }
    #[cfg(any())]
    for x in v {
        n += x * 1000;
    }
    #[cfg(all())]
    let above = v.iter().map(|x| x + 1).filter(|x| *x > 2).count() as u64;
    #[cfg(any())]
    let above = v.iter().map(|x| x + 1000).sum::<u64>();
    n += above;
    #[cfg(all())]
    {
        n += v.iter().filter(|x| **x > 1).count() as u64;
    }
    #[cfg(all())]
    let mut i = 0;
    #[cfg(all())]
    while i < v.len() {
        n += v[i];
        i += 1;
    }
    n
}

#[test]
fn loops_and_chains_under_cfg() {
    // 1 + 2 + 3, then 2 items above 2 after + 1, then 2 items above 1, then 1 + 2 + 3 again.
    assert_eq!(counted(&[1, 2, 3]), 6 + 2 + 2 + 6);
}
