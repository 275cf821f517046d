//! Every loop kind (`for`, `while`, `while let`, `loop`), with bodies that call things (checked
//! per iteration, not chunked) and without, nested and labeled, `break` with a value, and loops
//! that run zero times.

use proptest::prelude::*;

use crate::support::*;

fn collatz_step(n: u64) -> u64 {
    if n % 2 == 0 { n / 2 } else { 3 * n + 1 }
}

twins! {
    fn collatz_len(start: u64) -> u64 {
        let mut n = start.max(1);
        let mut steps = 0;
        while n != 1 {
            n = collatz_step(n);
            steps += 1;
        }
        steps
    }
}

twins! {
    fn while_without_calls(n: u64) -> (u64, u64) {
        let mut i = 0;
        let mut sum = 0;
        while i < n {
            i += 1;
            if i % 5 == 0 {
                continue;
            }
            sum += i;
        }
        (i, sum)
    }
}

twins! {
    fn while_let_stack(values: Vec<i32>) -> (i64, usize) {
        let mut stack = values;
        let mut sum = 0i64;
        let mut pops = 0;
        while let Some(top) = stack.pop() {
            pops += 1;
            if top < 0 {
                continue;
            }
            sum += i64::from(top);
            if top % 97 == 0 && top > 0 {
                stack.push(top / 97);
            }
        }
        (sum, pops)
    }
}

// A `while let` whose scrutinee makes a temporary that logs its drop: the temporary lives
// through the body (after the body's own locals drop), in two passes per check as in one.
twins! {
    fn while_let_temporaries(n: u64) -> (u64, u64) {
        let mut left = n;
        let mut sum = 0;
        while let Some(k) = (Noisy { tag: "scrutinee", n: left }, left.checked_sub(1)).1 {
            let body = Noisy { tag: "body", n: k };
            sum += body.n;
            left = k;
            if k == 2 {
                continue;
            }
        }
        (sum, left)
    }
}

twins! {
    fn while_let_with_chain(values: &[i32]) -> usize {
        let mut it = values.iter();
        let mut count = 0;
        while let Some(&x) = it.next()
            && x != 0
        {
            count += 1;
        }
        count
    }
}

twins! {
    fn loop_with_value(limit: u64) -> (u64, u64) {
        let mut a = 0u64;
        let mut b = 1u64;
        let mut steps = 0;
        let last = loop {
            if b > limit {
                break a;
            }
            let next = a.wrapping_add(b);
            a = b;
            b = next;
            steps += 1;
        };
        (last, steps)
    }
}

twins! {
    fn loop_labeled_value(n: u64) -> (u64, u64) {
        let mut i = 0;
        let mut inner_steps = 0;
        let found = 'outer: loop {
            i += 1;
            let mut j = 0;
            loop {
                j += 1;
                inner_steps += 1;
                if i * j == n {
                    break 'outer i + j;
                }
                if j >= i {
                    break;
                }
            }
            if i > n {
                break 'outer 0;
            }
        };
        (found, inner_steps)
    }
}

twins! {
    fn for_with_calls(values: &[i32]) -> Vec<String> {
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if i % 3 == 0 {
                continue;
            }
            out.push(format!("{i}:{v}"));
            if out.len() > 20 {
                break;
            }
        }
        out
    }
}

/// A helper the counted loops call (so that their bodies call and get the countdown form).
fn weigh(x: i32) -> Result<i64, String> {
    if x == -7 {
        Err(format!("no weight for {x}"))
    } else {
        Ok(i64::from(x) * 3 - 1)
    }
}

twins! {
    /// An innermost `for` that calls and exits early, in every way, run over iterators of 0 to
    /// 40 items: those of at most 16 run as written, the longer with a countdown (see
    /// `emit::countdown`), and a `Filter`'s upper bound is its source's.
    fn counted_exits(values: &[i32], stop: i32) -> Result<(i64, usize, Vec<i64>), String> {
        let mut total = 0;
        let mut seen = 0;
        let mut kept = Vec::new();
        'rows: for round in 0..3 {
            for (i, &v) in values.iter().enumerate() {
                seen += 1;
                if v == stop {
                    break;
                }
                if v % 5 == round {
                    continue;
                }
                if v == stop + 1 {
                    continue 'rows;
                }
                if v == stop + 2 {
                    break 'rows;
                }
                let w = weigh(v)?;
                if i > 30 && w > 100 {
                    return Ok((w, seen, kept));
                }
                total += w;
            }
            for v in values.iter().filter(|v| **v % 2 == 0) {
                kept.push(weigh(*v)?);
                if kept.len() % 11 == 10 {
                    break;
                }
            }
        }
        Ok((total, seen, kept))
    }
}

twins! {
    fn nested_mixed(n: u32) -> Vec<(u32, u32)> {
        let mut hits = Vec::new();
        'outer: for a in 1..n {
            let mut b = a;
            while b < n {
                if (a * a + b * b) % 13 == 0 {
                    hits.push((a, b));
                    if hits.len() == 30 {
                        break 'outer;
                    }
                    continue 'outer;
                }
                b += 1;
            }
        }
        hits
    }
}

twins! {
    fn labeled_while_continue(rows: &[Vec<i32>]) -> (i32, usize) {
        let mut total = 0;
        let mut skipped = 0;
        let mut r = 0;
        'rows: while r < rows.len() {
            let row = &rows[r];
            r += 1;
            let mut c = 0;
            while c < row.len() {
                if row[c] < 0 {
                    skipped += 1;
                    continue 'rows;
                }
                total += row[c] % 1000;
                c += 1;
            }
        }
        (total, skipped)
    }
}

twins! {
    fn empty_loops(values: Vec<u8>) -> usize {
        for _ in 0..0 {}
        for _ in Vec::<u8>::new() {}
        for _ in &values {}
        let mut never = false;
        while never {
            never = false;
        }
        let mut it = values.iter();
        while let Some(_) = it.next() {}
        loop {
            break;
        }
        let nothing: Option<u8> = None;
        while let Some(x) = nothing {
            let _ = x;
        }
        values.len() + usize::from(never)
    }
}

twins! {
    fn loop_as_expression_everywhere(n: u32) -> (u32, u32, Vec<u32>) {
        let a = match n % 3 {
            0 => loop {
                break 10;
            },
            1 => {
                let mut k = 0;
                while k < n {
                    k += 2;
                }
                k
            }
            _ => n,
        };
        let b = if n > 5 {
            let mut s = 0;
            for i in 0..n {
                s += i;
            }
            s
        } else {
            loop {
                break n * 100;
            }
        };
        let c = vec![loop { break 1; }, { let mut s = 0; for i in 0..3 { s += i; } s }];
        (a, b, c)
    }
}

twins! {
    fn for_over_chained_adaptors(n: u32) -> Vec<u32> {
        let mut out = Vec::new();
        for (i, x) in (0..n).rev().step_by(3).zip((0..).map(|k| k * 2)).enumerate() {
            if i > 7 {
                break;
            }
            out.push(x.0 + x.1);
        }
        for c in "héllo wörld".chars().filter(|c| c.is_alphabetic()) {
            out.push(c as u32);
        }
        out
    }
}

twins! {
    fn loop_in_loop_condition(values: &[u32]) -> u32 {
        let mut i = 0;
        let mut total = 0;
        while {
            let mut any = false;
            for v in &values[i.min(values.len())..] {
                if *v > 10 {
                    any = true;
                    break;
                }
            }
            any
        } {
            total += values[i];
            i += 1;
        }
        total
    }
}

#[test]
fn while_loops_with_and_without_calls() {
    for n in [0, 1, 7, 27, 97, 871, 4096, 77_031] {
        same!(collatz_len(n)).returned();
    }
    for n in BOUNDARIES {
        same!(while_without_calls(n)).returned();
    }
}

#[test]
fn while_let_loops() {
    for n in [0, 1, 2, 3, 7, 100] {
        let outcome = same!(while_let_temporaries(n));
        // Each scrutinee's temporary drops after the body's local, as in a `while let`.
        if n > 1 {
            assert_eq!(&outcome.drops[..2], &[("body", n - 1), ("scrutinee", n)]);
        }
        outcome.returned();
    }
    same!(while_let_stack(vec![])).returned();
    same!(while_let_stack((-50..10_000).collect())).returned();
    same!(while_let_with_chain(&[1, 2, 3, 0, 5])).returned();
    same!(while_let_with_chain(&[])).returned();
}

#[test]
fn loops_with_break_values() {
    for limit in [0, 1, 100, 1 << 40, u64::MAX / 2] {
        same!(loop_with_value(limit)).returned();
    }
    for n in [1, 2, 12, 97, 1000, 4096] {
        same!(loop_labeled_value(n)).returned();
    }
}

#[test]
fn counted_loops_short_and_long() {
    for len in [0, 1, 2, 15, 16, 17, 33, 40] {
        let values: Vec<i32> = (0..len).map(|i| (i * 37 % 23) - 3).collect();
        for stop in [-100, 0, 5, 9, 14, 17] {
            same!(counted_exits(&values, stop)).returned();
        }
        let mut poisoned = values.clone();
        if let Some(last) = poisoned.last_mut() {
            *last = -7;
        }
        same!(counted_exits(&poisoned, -100)).returned();
    }
}

#[test]
fn nested_and_labeled_loops_with_calls() {
    same!(for_with_calls(&(0..100).collect::<Vec<_>>())).returned();
    for n in [0, 5, 50, 200] {
        same!(nested_mixed(n)).returned();
    }
    let rows = vec![
        vec![1, 2, 3],
        vec![4, -1, 6],
        vec![],
        vec![7, 8, -9],
        vec![10],
    ];
    assert_eq!(
        same!(labeled_while_continue(&rows)).value(),
        (1 + 2 + 3 + 4 + 7 + 8 + 10, 2)
    );
}

#[test]
fn loops_that_never_run() {
    assert_eq!(same!(empty_loops(vec![])).value(), 0);
    assert_eq!(same!(empty_loops(vec![1, 2, 3])).value(), 3);
}

#[test]
fn loops_as_expressions() {
    for n in 0..12 {
        same!(loop_as_expression_everywhere(n)).returned();
    }
    for n in [0, 1, 10, 100] {
        same!(for_over_chained_adaptors(n)).returned();
    }
    same!(loop_in_loop_condition(&[20, 30, 5, 1])).returned();
    same!(loop_in_loop_condition(&[])).returned();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prop_while_let(values in prop::collection::vec(any::<i32>(), 0..500)) {
        same!(while_let_stack(values.clone())).returned();
        same!(while_let_with_chain(&values)).returned();
        same!(for_with_calls(&values)).returned();
        same!(loop_in_loop_condition(&values.iter().map(|v| v.unsigned_abs() % 40).collect::<Vec<_>>())).returned();
    }

    #[test]
    fn prop_rows(rows in prop::collection::vec(prop::collection::vec(-5i32..100, 0..20), 0..20)) {
        same!(labeled_while_continue(&rows)).returned();
    }

    #[test]
    fn prop_counts(n in 0u64..30_000, start in 1u64..1_000_000) {
        same!(while_without_calls(n)).returned();
        same!(collatz_len(start)).returned();
    }
}
