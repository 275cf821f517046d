//! Drop order: loop items, locals, temporaries, and the rest of an iterator, on normal exit,
//! `break` (also out of a chunked loop on a chunk boundary), `return`, `?`, and panics.

use crate::support::*;

twins! {
    fn drop_items(n: u64, stop: u64) -> u64 {
        let items: Vec<Noisy> = (0..n).map(|n| Noisy { tag: "item", n }).collect();
        let _guard = Noisy { tag: "guard", n: 0 };
        let mut sum = 0;
        for item in items {
            if item.n == stop {
                break;
            }
            sum += item.n;
        }
        let _after = Noisy { tag: "after", n: 0 };
        sum
    }
}

twins! {
    fn drop_per_iteration(n: u64, stop: u64) -> u64 {
        let mut sum = 0;
        for i in 0..n {
            let a = Noisy { tag: "a", n: i };
            let b = Noisy { tag: "b", n: i };
            if i == stop {
                break;
            }
            sum += a.n + b.n;
        }
        sum
    }
}

twins! {
    fn drop_on_return(n: u64, stop: u64) -> u64 {
        let _outer = Noisy { tag: "outer", n: 0 };
        let items: Vec<Noisy> = (0..n).map(|n| Noisy { tag: "item", n }).collect();
        for item in &items {
            let _local = Noisy { tag: "local", n: item.n };
            if item.n == stop {
                return item.n;
            }
        }
        u64::MAX
    }
}

twins! {
    fn drop_on_question_mark(values: Vec<Option<u64>>) -> Option<u64> {
        let _outer = Noisy { tag: "outer", n: 0 };
        let mut sum = 0;
        for v in values {
            let _local = Noisy { tag: "local", n: sum };
            sum += v?;
        }
        Some(sum)
    }
}

twins! {
    fn drop_on_panic(n: u64, bad: u64) -> u64 {
        let _outer = Noisy { tag: "outer", n: 0 };
        let items: Vec<Noisy> = (0..n).map(|n| Noisy { tag: "item", n }).collect();
        let mut sum = 0;
        for item in items {
            let _local = Noisy { tag: "local", n: item.n };
            if item.n == bad {
                panic!("bad item {}", item.n);
            }
            sum += item.n;
        }
        sum
    }
}

twins! {
    fn drop_on_panic_without_calls(n: u64, bad: u64) -> u64 {
        let _outer = Noisy { tag: "outer", n: 0 };
        let divisors = [1u64, 0];
        let mut sum = 0;
        for i in 0..n {
            let _local = Noisy { tag: "local", n: i };
            sum += i / divisors[(i == bad) as usize];
        }
        sum
    }
}

twins! {
    fn drop_temporaries(n: u64) -> u64 {
        let _first = Noisy { tag: "first", n: 0 };
        let len = (Noisy { tag: "temp", n }).n + 1;
        let mut sum = 0;
        for i in (Noisy { tag: "range-owner", n }).n..n + 3 {
            sum += i;
        }
        match (Noisy { tag: "scrutinee", n }) {
            Noisy { n: 0, .. } => sum += 100,
            _ => sum += len,
        }
        let _last = Noisy { tag: "last", n: 0 };
        (Noisy { tag: "tail-temp", n: sum }).n
    }
}

twins! {
    // The expensive arms are expressions, not blocks: the instrumented twin makes them blocks
    // with a check in them. Their temporaries must drop at the same point, lifetime-extended ones
    // included.
    fn drop_in_match_arms(n: u64) -> u64 {
        let _first = Noisy { tag: "first", n };
        let picked = match n % 3 {
            0 => (Noisy { tag: "arm-temp", n }).n + u64::from(Noisy { tag: "arm-temp-2", n }.n == 0),
            1 => 7,
            _ => std::convert::identity(Noisy { tag: "arm-call", n }).n,
        };
        let extended: &Noisy = match n % 2 {
            0 => &Noisy { tag: "extended", n },
            _ => &std::convert::identity(Noisy { tag: "extended-call", n }),
        };
        let _last = Noisy { tag: "last", n: picked };
        extended.n + picked
    }
}

twins! {
    // A `loop` first needs no check before it, a `while` with a cheap condition neither; both
    // still start each iteration with one, and what follows a `while` still checks.
    fn drop_around_loop_first(n: u64) -> u64 {
        let mut k = 0;
        let found = loop {
            let _it = Noisy { tag: "loop-item", n: k };
            if std::convert::identity(k) >= n {
                break k;
            }
            k += 1;
        };
        while k > 2 {
            let _it = Noisy { tag: "while-item", n: k };
            k = std::convert::identity(k / 2);
        }
        let _after = Noisy { tag: "after", n: std::convert::identity(k) };
        found + k
    }
}

twins! {
    // Small `while` and `loop` bodies run twice per check in the instrumented twin (two copies
    // of the body): `continue` from either copy, `break` with a value, the condition's calls
    // counted, and each iteration's locals dropped at its end.
    fn drop_in_small_loops_run_twice_per_check(n: u64) -> u64 {
        let mut evaluations = 0;
        let mut i = 0;
        let mut sum = 0;
        while std::convert::identity({ evaluations += 1; i }) < n {
            let _it = Noisy { tag: "while-item", n: i };
            i += 1;
            if i % 3 == 0 {
                continue;
            }
            sum += i;
        }
        let mut k = 0;
        let last = loop {
            let _it = Noisy { tag: "loop-item", n: k };
            k += 1;
            if k % 2 == 1 {
                continue;
            }
            if k >= n {
                break k * 10;
            }
        };
        sum * 1000 + evaluations * 100 + last
    }
}

twins! {
    fn drop_in_closures(n: u64) -> u64 {
        let owned = Noisy { tag: "captured", n };
        let f = move |k: u64| {
            let _in = Noisy { tag: "in-closure", n: k };
            let whole = &owned; // captures all of `owned`, not just the `Copy` field
            whole.n + k
        };
        let mut sum = 0;
        for k in 0..3 {
            sum += f(k);
        }
        drop(f);
        let _end = Noisy { tag: "end", n: 0 };
        sum
    }
}

twins! {
    fn drop_in_nested_labeled(rows: u64, cols: u64, stop: u64) -> u64 {
        let mut count = 0;
        'outer: for r in 0..rows {
            let _row = Noisy { tag: "row", n: r };
            for c in 0..cols {
                let _cell = Noisy { tag: "cell", n: c };
                count += 1;
                if count == stop {
                    break 'outer;
                }
                if c == r {
                    continue 'outer;
                }
            }
        }
        count
    }
}

#[test]
fn items_on_break_at_chunk_boundaries() {
    for stop in [0, 1, 4095, 4096, 4097, 8192, 9000, u64::MAX] {
        let outcome = same!(drop_items(9000, stop));
        assert_eq!(outcome.drops.len(), 9000 + 2);
        same!(drop_per_iteration(9000, stop)).returned();
    }
}

#[test]
fn locals_on_return_and_question_mark() {
    for stop in [0, 4096, 4999, 5000] {
        same!(drop_on_return(5000, stop)).returned();
    }
    let mut values: Vec<Option<u64>> = (0..5000).map(Some).collect();
    same!(drop_on_question_mark(values.clone())).returned();
    values[4096] = None;
    assert_eq!(same!(drop_on_question_mark(values.clone())).value(), None);
}

#[test]
fn everything_on_panic() {
    for bad in [0, 4095, 4096, 4097] {
        let outcome = same!(drop_on_panic(5000, bad));
        assert_eq!(outcome.panic_message(), format!("bad item {bad}"));
        let items = outcome.drops.iter().filter(|(tag, _)| *tag == "item");
        assert_eq!(items.count(), 5000);
        assert_eq!(outcome.drops.last(), Some(&("outer", 0)));
        let outcome = same!(drop_on_panic_without_calls(9000, bad));
        assert_eq!(outcome.panic_message(), "attempt to divide by zero");
    }
}

#[test]
fn temporaries_and_closures() {
    for n in [0, 1, 5] {
        same!(drop_temporaries(n)).returned();
        same!(drop_in_closures(n)).returned();
    }
}

#[test]
fn temporaries_of_match_arms_that_become_blocks_and_loops_first() {
    for n in [0, 1, 2, 3, 4, 5, 9] {
        let outcome = same!(drop_in_match_arms(n));
        assert!(outcome.drops.iter().any(|(tag, _)| *tag == "last"));
        same!(drop_around_loop_first(n)).returned();
        same!(drop_in_small_loops_run_twice_per_check(n)).returned();
    }
}

#[test]
fn nested_labeled_loops() {
    for stop in [1, 3, 4096, 4097, 30_000, u64::MAX] {
        same!(drop_in_nested_labeled(10, 5000, stop)).returned();
        same!(drop_in_nested_labeled(5000, 3, stop)).returned();
    }
}
