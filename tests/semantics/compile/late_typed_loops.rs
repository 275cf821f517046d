//! A `for` over a local whose type the compiler learns only from code after the loop: a
//! `collect()`, `Default::default()`, `sum()` or `parse()` with no type, or a fn of the user's
//! generic in what it returns, fixed later by a struct field, a return value or a call; a `let`
//! with no value; a closure's untyped parameter. The loop as written calls
//! `IntoIterator::into_iter` and `Iterator::next` by their trait paths, which wait for the type;
//! the instrumented loop must too (found in `pathfinding` 4.11.0, whose `FromIterator for Grid`
//! loops over `let vertices = iter.into_iter().collect();` before storing it in a field). Each
//! case must compile and give the same value as without the macro.
//!
//! (A trybuild case rather than a `twins!` in the suite: if it does not compile, only this test
//! fails, instead of the whole suite.)

include!("support/twins.rs");

use std::collections::{BTreeSet, HashMap};

#[derive(Debug, PartialEq)]
pub struct Grid {
    width: usize,
    height: usize,
    exclusions: BTreeSet<(usize, usize)>,
}

pub fn takes_vec(v: Vec<u64>) -> u64 {
    v.iter().sum()
}

/// A fn of the user's, generic in what it returns: the macro cannot see from the call that the
/// `let`'s type comes later.
pub fn load<C: FromIterator<u64>>(n: u64) -> C {
    (0..n).map(|x| x ^ 5).collect()
}

/// Generic in what it returns, with no iterator in sight.
pub fn filled<T: Default>() -> T {
    T::default()
}

twins! {
    /// `pathfinding`'s shape: the set's type comes from the struct literal after the loop.
    pub fn grid_of(points: &[(usize, usize)]) -> Grid {
        let exclusions = points.iter().copied().collect();
        let (mut width, mut height) = (0, 0);
        for &(x, y) in &exclusions {
            width = width.max(x + 1);
            height = height.max(y + 1);
        }
        Grid { width, height, exclusions }
    }

    /// A vector whose type comes from the call after the loop, iterated by value in a second
    /// binding, and a map from `Default::default()` returned as a tuple.
    pub fn vec_then_call(n: u64) -> (u64, u64, HashMap<u64, u64>) {
        let v = (0..n).map(|x| x * 3).collect();
        let mut sum = 0;
        for x in &v {
            sum += x;
        }
        let total = takes_vec(v);
        let map = Default::default();
        let mut entries = 0;
        for _ in &map {
            entries += 1;
        }
        (sum ^ total, entries, map)
    }

    /// A value that `parse`, `ok` and `?` give, its type fixed by a `let` after the loop; a
    /// `let` with no value, assigned before its loop.
    pub fn parsed_and_assigned(text: &str) -> Option<u64> {
        let parsed = text.parse().ok()?;
        let mut count = 0;
        for _ in &parsed {
            count += 1;
        }
        let path: std::path::PathBuf = parsed;
        let later;
        later = vec![count, path.as_os_str().len() as u64];
        let mut sum = 0;
        for x in &later {
            sum += x;
        }
        Some(sum)
    }

    /// Locals typed by a fn of the user's generic in what it returns, the type fixed after the
    /// loop: a `Vec` by reference and by mutable reference, an array by reference.
    pub fn loaded_by_a_fn_of_ours(n: u64) -> (u64, u64, u64) {
        let v = load(n);
        let mut sum = 0;
        for x in &v {
            sum += x;
        }
        let mut w = load(n);
        let mut touched = 0;
        for _ in &mut w {
            touched += 1;
        }
        let a = filled();
        let mut count = 0;
        for _ in &a {
            count += 1;
        }
        let a: [u8; 7] = a;
        (sum ^ takes_vec(v), takes_vec(w) + touched, count + a.len() as u64)
    }

    /// A closure's untyped parameter, its type fixed by the call after the closure.
    pub fn closure_parameter(n: usize) -> usize {
        let count = |items| {
            let mut count = 0;
            for _ in &items {
                count += 1;
            }
            count
        };
        count(vec![0u8; n])
    }
}

fn main() {
    let points: Vec<(usize, usize)> = (0..20_000).map(|i| (i % 701, i % 53)).collect();
    for k in [0, 1, 5, 5_000, 20_000] {
        assert_eq!(haltable::grid_of(&points[..k]), plain::grid_of(&points[..k]));
    }
    for n in [0, 3, 4_097, 50_000] {
        assert_eq!(haltable::vec_then_call(n), plain::vec_then_call(n));
        assert_eq!(
            haltable::loaded_by_a_fn_of_ours(n),
            plain::loaded_by_a_fn_of_ours(n)
        );
        assert_eq!(
            haltable::closure_parameter(n as usize),
            plain::closure_parameter(n as usize)
        );
    }
    for text in ["12", "a/b/c", "", "/x/"] {
        assert_eq!(
            haltable::parsed_and_assigned(text),
            plain::parsed_and_assigned(text)
        );
    }
}
