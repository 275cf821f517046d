//! Borrows that the loop rewrite must keep legal and unchanged: a loop that borrows a `Vec`
//! mutably and the `Vec` used after it, `iter_mut`, `&mut v`, a temporary guard that lives for
//! the whole loop (`for x in mutex.lock().unwrap().iter()`), references kept across iterations.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Mutex;

use proptest::prelude::*;

use crate::support::*;

twins! {
    fn mutate_then_use(n: usize) -> (Vec<u64>, u64) {
        let mut v: Vec<u64> = (0..n as u64).collect();
        for x in v.iter_mut() {
            *x = *x * 3 + 1;
        }
        for x in &mut v {
            *x ^= 5;
        }
        {
            let r = &mut v;
            for i in 0..r.len() {
                r[i] += i as u64;
            }
        }
        v.push(7);
        let total = v.iter().sum();
        (v, total)
    }
}

twins! {
    fn locked_temporary(values: &Mutex<Vec<u32>>) -> (u64, usize) {
        let mut sum = 0;
        for x in values.lock().unwrap().iter() {
            sum += u64::from(*x);
        }
        let mut big = 0;
        for x in values.lock().unwrap().iter() {
            if *x > 100 {
                big += 1;
            }
        }
        values.lock().unwrap().push(1);
        (sum, big)
    }
}

twins! {
    fn refcell_borrows(cell: &RefCell<Vec<i32>>) -> i32 {
        let mut total = 0;
        for x in cell.borrow().iter() {
            total += *x;
        }
        for x in cell.borrow_mut().iter_mut() {
            *x += 1;
        }
        let len = cell.borrow().len() as i32;
        cell.borrow_mut().push(len);
        total + cell.borrow().iter().sum::<i32>()
    }
}

twins! {
    fn longest<'a>(words: &[&'a str]) -> Option<&'a str> {
        let mut best: Option<&'a str> = None;
        let mut best_len = 0;
        for w in words {
            if w.len() > best_len {
                best_len = w.len();
                best = Some(*w);
            }
        }
        best
    }
}

twins! {
    fn max_ref(values: &[i64]) -> i64 {
        let mut best = &values[0];
        for v in values {
            if v > best {
                best = v;
            }
        }
        *best
    }
}

twins! {
    fn split_borrows(v: &mut [u32]) -> u32 {
        let (left, right) = v.split_at_mut(v.len() / 2);
        for (a, b) in left.iter_mut().zip(right.iter()) {
            *a += *b;
        }
        let mut sum = 0;
        for x in left.iter() {
            sum += *x;
        }
        sum + right.len() as u32
    }
}

twins! {
    fn entry_api(words: &[&str]) -> Vec<(String, usize)> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for w in words {
            *counts.entry(w).or_insert(0) += 1;
        }
        let mut out: Vec<(String, usize)> = counts.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        out.sort();
        out
    }
}

twins! {
    fn struct_field_borrows(n: u32) -> (u32, Vec<u32>) {
        struct State {
            total: u32,
            log: Vec<u32>,
        }
        let mut s = State { total: 0, log: Vec::new() };
        let log = &mut s.log;
        for i in 0..n {
            s.total += i;
            if i % 1000 == 0 {
                log.push(i);
            }
        }
        (s.total, s.log)
    }
}

#[test]
fn vectors_borrowed_by_loops() {
    for n in [0, 1, 4096, 4097, 10_000] {
        same!(mutate_then_use(n as usize)).returned();
    }
    let mut data: Vec<u32> = (0..9000).collect();
    let outcome = same(
        || split_borrows::plain::split_borrows(&mut data.clone()),
        || split_borrows::haltable::split_borrows(&mut data.clone()),
    );
    outcome.value();
    data.clear();
    same(
        || split_borrows::plain::split_borrows(&mut data.clone()),
        || split_borrows::haltable::split_borrows(&mut data.clone()),
    )
    .returned();
}

#[test]
fn guards_that_live_for_the_loop() {
    let outcome = same(
        || {
            let m = Mutex::new((0..5000).collect());
            (
                locked_temporary::plain::locked_temporary(&m),
                m.into_inner().unwrap().len(),
            )
        },
        || {
            let m = Mutex::new((0..5000).collect());
            (
                locked_temporary::haltable::locked_temporary(&m),
                m.into_inner().unwrap().len(),
            )
        },
    );
    assert_eq!(outcome.value().1, 5001);
    same(
        || refcell_borrows::plain::refcell_borrows(&RefCell::new((0..5000).collect())),
        || refcell_borrows::haltable::refcell_borrows(&RefCell::new((0..5000).collect())),
    )
    .returned();
}

#[test]
fn references_across_iterations() {
    let words = ["a", "abc", "ab", "abcd", "x"];
    assert_eq!(same!(longest(&words)).value(), Some("abcd"));
    assert_eq!(same!(longest(&[])).value(), None);
    let values: Vec<i64> = (0..9000).map(|i| (i * 7919) % 10_007).collect();
    same!(max_ref(&values)).returned();
    assert!(
        same!(max_ref(&[]))
            .panic_message()
            .contains("index out of bounds")
    );
    same!(entry_api(&["b", "a", "b", "c", "a", "b"])).returned();
    for n in [0, 1, 5000] {
        same!(struct_field_borrows(n)).returned();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prop_refs(values in prop::collection::vec(any::<i64>(), 1..6000)) {
        same!(max_ref(&values)).returned();
    }
}
