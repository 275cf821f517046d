//! A crate that depends on `threadmgr` alone (no direct dependency on `threadmgr-macros`,
//! `rayon`, ...) and uses `#[haltable]` on the shapes of code users write. It must compile
//! without warnings (`cargo clippy --workspace -- -D warnings` checks this crate too), and its
//! tests check that halting works.
#![deny(warnings)]

use threadmgr::haltable;

/// A chunked hot loop.
#[haltable]
pub fn sum(values: &[u64]) -> u64 {
    let mut total = 0;
    for v in values {
        total += v;
    }
    total
}

/// Loops with calls, labels, `break` with a value, `?` and `let else`.
///
/// # Errors
///
/// When a sum overflows, or no pair sums over `limit`.
#[haltable]
pub fn first_pair_over(values: &[i64], limit: i64) -> Result<(usize, usize), String> {
    let mut start = 0;
    let found = 'search: loop {
        if start >= values.len() {
            break None;
        }
        for (j, b) in values.iter().enumerate().skip(start + 1) {
            if values[start].checked_add(*b).ok_or("overflow")? > limit {
                break 'search Some((start, j));
            }
        }
        start += 1;
    };
    let Some(pair) = found else {
        return Err(format!("no pair sums over {limit}"));
    };
    Ok(pair)
}

/// A returned closure that calls other code.
#[haltable]
pub fn scaler(factor: u64) -> impl Fn(&[u64]) -> u64 {
    move |values| sum(values) * factor
}

/// A non-`move` returned closure.
#[haltable]
pub fn counter() -> impl Fn(&str) -> usize {
    |text| text.split(',').count()
}

/// Spins until halted.
#[haltable]
pub fn spin() -> u64 {
    let mut n: u64 = 0;
    while n != u64::MAX {
        n = n.wrapping_add(std::hint::black_box(1)) % (u64::MAX - 1);
    }
    n
}

/// A whole impl block.
#[derive(Debug, Default)]
pub struct Stack(Vec<u64>);

#[haltable]
impl Stack {
    /// Pushes every value.
    pub fn extend(&mut self, values: impl IntoIterator<Item = u64>) {
        for v in values {
            self.0.push(v);
        }
    }

    /// Pops and sums everything.
    pub fn drain_sum(&mut self) -> u64 {
        let mut total = 0;
        while let Some(v) = self.0.pop() {
            total += v;
        }
        total
    }
}

/// A doc that mixes `///` lines and an included file, as crates write examples kept in
/// `examples/`: rustdoc must see it as written, or it unindents the included lines by one space
/// (its doctest, below, checks its own indentation; it failed with an earlier `#[haltable]`,
/// found in annotate-snippets 0.12.18's `Level::with_name`).
///
/// ```
#[doc = include_str!("doc_example.rs")]
/// ```
#[haltable]
pub fn documented_with_an_included_example(lines: &[&str]) -> usize {
    let mut indented = 0;
    for line in lines {
        if line.starts_with(' ') {
            indented += 1;
        }
    }
    indented
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instrumented_code_gives_plain_results() {
        assert_eq!(sum(&[1, 2, 3]), 6);
        assert_eq!(first_pair_over(&[1, 5, 9, 2], 10), Ok((1, 2)));
        assert_eq!(
            first_pair_over(&[1, 2], 10),
            Err("no pair sums over 10".into())
        );
        assert_eq!(first_pair_over(&[i64::MAX, 1], 10), Err("overflow".into()));
        assert_eq!(scaler(2)(&[1, 2]), 6);
        assert_eq!(counter()("a,b,c"), 3);
        let mut stack = Stack::default();
        stack.extend(1..=4);
        assert_eq!(stack.drain_sum(), 10);
        assert_eq!(
            documented_with_an_included_example(&["a", " b", "    c"]),
            2
        );
    }

    #[test]
    fn a_spinning_job_halts() {
        let job = threadmgr::spawn(spin);
        std::thread::sleep(std::time::Duration::from_millis(20));
        job.halt();
        assert!(matches!(job.join(), Err(threadmgr::JobError::Halted(_))));
    }
}
