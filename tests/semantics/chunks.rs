//! `for` loops whose bodies make no calls: the loops that `#[haltable]` splits into chunks of 4096
//! iterations. Every count around the chunk boundaries, `break`/`continue` with and without
//! labels (also across loops), `return` and `?` from inside a chunk, a non-fused iterator, an
//! iterator borrowed with `&mut` and used after the loop, and names that a careless rewrite
//! would capture.

use proptest::prelude::*;

use crate::support::*;

twins! {
    fn sum_range(n: u64) -> u64 {
        let mut sum = 0;
        for i in 0..n {
            sum += i;
        }
        sum
    }
}

twins! {
    fn count_and_last(n: u64) -> (u64, u64) {
        let mut count = 0;
        let mut last = u64::MAX;
        for i in 0..n {
            count += 1;
            last = i;
        }
        (count, last)
    }
}

twins! {
    fn empty_body(n: u64) -> u64 {
        for _ in 0..n {}
        n
    }
}

twins! {
    fn inclusive_u8_range() -> u32 {
        let mut sum = 0;
        for b in 0..=u8::MAX {
            sum += b as u32;
        }
        sum
    }
}

twins! {
    fn sum_slice(values: &[u32]) -> u64 {
        let mut sum = 0;
        for v in values {
            sum += *v as u64;
        }
        sum
    }
}

twins! {
    fn break_at(n: u64, stop: u64) -> (u64, u64) {
        let mut seen = 0;
        let mut sum = 0;
        for i in 0..n {
            if i == stop {
                break;
            }
            seen += 1;
            sum += i;
        }
        (seen, sum)
    }
}

twins! {
    fn continue_some(n: u64, modulus: u64) -> (u64, u64) {
        let mut kept = 0;
        let mut sum = 0;
        for i in 0..n {
            if i % modulus == 0 {
                continue;
            }
            kept += 1;
            sum += i;
        }
        (kept, sum)
    }
}

twins! {
    fn labeled_self(n: u64, stop: u64) -> (u64, u64) {
        let mut kept = 0;
        let mut sum = 0;
        'outer: for i in 0..n {
            if i % 3 == 0 {
                continue 'outer;
            }
            if i >= stop {
                break 'outer;
            }
            kept += 1;
            sum += i;
        }
        (kept, sum)
    }
}

twins! {
    fn continue_outer_from_inner(rows: u64, cols: u64, skip: u64) -> (u64, u64, u64) {
        let mut sum = 0;
        let mut rows_done = 0;
        let mut skipped = 0;
        'row: for r in 0..rows {
            for c in 0..cols {
                if c > 0 && (r * cols + c) % skip == 0 {
                    skipped += 1;
                    continue 'row;
                }
                sum += r ^ c;
            }
            rows_done += 1;
        }
        (sum, rows_done, skipped)
    }
}

twins! {
    fn break_outer_from_inner(rows: u64, cols: u64, stop: u64) -> (u64, u64, u64) {
        let mut sum = 0;
        let mut at = (u64::MAX, u64::MAX);
        'outer: for r in 0..rows {
            for c in 0..cols {
                if r * cols + c == stop {
                    at = (r, c);
                    break 'outer;
                }
                sum += c;
            }
        }
        (sum, at.0, at.1)
    }
}

twins! {
    fn three_levels(n: u64, stop: u64) -> (u64, u64) {
        let mut sum = 0;
        let mut visits = 0;
        'a: for i in 0..n {
            'b: for j in 0..n {
                for k in 0..n {
                    visits += 1;
                    if (i + j + k) % 7 == 3 {
                        continue 'b;
                    }
                    if visits == stop {
                        break 'a;
                    }
                    if k == j {
                        continue 'a;
                    }
                    sum += i * j + k;
                }
            }
        }
        (sum, visits)
    }
}

twins! {
    fn break_value_through_chunked(n: u64, target: u64) -> (bool, u64) {
        let found = 'search: loop {
            for i in 0..n {
                if i * 7 % 10007 == target {
                    break 'search i;
                }
            }
            break u64::MAX;
        };
        (found != u64::MAX, found)
    }
}

twins! {
    fn loop_value_inside_chunked(n: u64) -> u64 {
        let mut sum = 0;
        for i in 0..n {
            let mut j = 0;
            while j < 10 {
                if j == i % 7 {
                    break;
                }
                j += 1;
            }
            let doubled = loop {
                if j > 3 {
                    break j * 2;
                }
                j += 1;
            };
            let parity = 'blk: {
                if i % 2 == 0 {
                    break 'blk 1;
                }
                2
            };
            for k in 0..3 {
                if k == 1 {
                    continue;
                }
                sum += k;
            }
            sum += doubled + parity;
        }
        sum
    }
}

twins! {
    fn position(values: &[i64], target: i64) -> i64 {
        let mut i = 0;
        for v in values {
            if *v == target {
                return i;
            }
            i += 1;
        }
        -1
    }
}

twins! {
    fn sum_options(values: &[Option<u32>]) -> Option<u64> {
        let mut sum = 0;
        for v in values {
            sum += (*v)? as u64;
        }
        Some(sum)
    }
}

twins! {
    fn sum_results(values: Vec<Result<u32, u8>>) -> Result<u64, u16> {
        let mut sum = 0;
        for v in values {
            sum += v? as u64;
        }
        Ok(sum)
    }
}

twins! {
    fn flaky_drain(gap_at: u64, end: u64) -> (u64, u64) {
        let mut count = 0;
        let mut sum = 0;
        for x in (Flaky { pos: 0, gap_at, end }) {
            count += 1;
            sum += x;
        }
        (count, sum)
    }
}

twins! {
    fn flaky_by_ref(gap_at: u64, end: u64, stop: u64) -> (u64, Vec<Option<u64>>) {
        let mut it = Flaky { pos: 0, gap_at, end };
        let mut sum = 0;
        for x in &mut it {
            if x == stop {
                break;
            }
            sum += x;
        }
        let after = vec![it.next(), it.next()];
        (sum, after)
    }
}

twins! {
    fn resume_after_break(values: &[u32], stop: u32) -> (u64, Vec<u32>) {
        let mut it = values.iter();
        let mut sum = 0;
        for v in &mut it {
            if *v == stop {
                break;
            }
            sum += *v as u64;
        }
        (sum, it.copied().collect())
    }
}

twins! {
    fn names_like_generated_ones(n: u64) -> u64 {
        let it = 3;
        let chunk = 5;
        let handle = 7;
        let l = 11;
        let iter = 13;
        let h = 17;
        let exhausted = 19;
        let mut sum = 0;
        'l: for i in 0..n {
            if i == 10_000 {
                break 'l;
            }
            sum += i * it + chunk + handle + l + iter + h + exhausted;
        }
        sum
    }
}

twins! {
    fn move_then_break(n: u64, at: u64) -> String {
        let owned = String::from("moved out of the loop");
        let mut taken = String::new();
        for i in 0..n {
            if i == at {
                taken = owned;
                break;
            }
        }
        taken
    }
}

twins! {
    fn patterns_in_for(pairs: &[(u32, u32)]) -> (u64, u64) {
        let mut firsts = 0;
        let mut seconds = 0;
        for &(a, b) in pairs {
            firsts += a as u64;
            seconds += b as u64;
        }
        let mut sum = 0;
        for [x, y] in [[1u64, 2], [3, 4], [5, 6]] {
            sum += x * y;
        }
        (firsts + sum, seconds)
    }
}

twins! {
    fn generic_sum<T: Copy + Default + std::ops::AddAssign>(values: &[T]) -> T {
        let mut sum = T::default();
        for v in values {
            sum += *v;
        }
        sum
    }
}

twins! {
    fn nested_counts(outer: u64, inner: u64) -> u64 {
        let mut count = 0;
        for _ in 0..outer {
            for _ in 0..inner {
                count += 1;
            }
        }
        count
    }
}

twins! {
    fn overflow_in_body(n: u64) -> u8 {
        let mut acc: u8 = 0;
        for _ in 0..n {
            acc += 1;
        }
        acc
    }
}

twins! {
    fn index_out_of_bounds(values: &[u32], n: usize) -> u32 {
        let mut sum = 0;
        for i in 0..n {
            sum += values[i];
        }
        sum
    }
}

twins! {
    fn tail_for_in_unit_fn(counter: &mut u64, n: u64) {
        for _ in 0..n {
            *counter += 1;
        }
    }
}

// Chains over a range, which run in two copies (as written when the range fits in a chunk of
// its site, checked otherwise): the same results, panics included, whichever copy runs.
/// What `range_chains` computes.
type RangeChains = (
    Vec<u64>,
    u64,
    usize,
    Option<usize>,
    Option<u64>,
    (Vec<u64>, Vec<u64>),
    Result<u64, u64>,
);

twins! {
    fn range_chains(a: u64, b: u64, v: &[u8]) -> RangeChains {
        let squares: Vec<u64> = (a..b).map(|i| i * i % 1_000_003).filter(|x| x % 3 != 1).collect();
        let stepped = (a..=b).rev().step_by(3).map(u64::count_ones).map(u64::from).sum::<u64>();
        let zipped = (a..b).zip(v).take_while(|(i, x)| (*i as u8) < x.saturating_add(200)).count();
        let found = (a..b).position(|i| i * 7 % 13 == 5);
        let largest = (a..b).skip(2).map(|i| i ^ (i >> 3)).max();
        let halves = (a..b).enumerate().map(|(k, i)| i + k as u64).partition(|x| x % 2 == 0);
        let checked = (a..b).try_fold(0u64, |acc, i| if i == 4097 { Err(acc) } else { Ok(acc + i) });
        (squares, stepped, zipped, found, largest, halves, checked)
    }
}

// A closure as the initial value of `fold` is the fold's result: one copy only, or the two
// copies would make two closure types (E0308).
twins! {
    fn fold_into_a_closure(n: u64) -> u64 {
        let k = n % 7;
        (0..n).map(|i| i * 2).fold(move || k + 1, |g, _| g)()
    }
}

twins! {
    fn range_chain_panics(n: u64, at: u64) -> u64 {
        (0..n).map(|i| if i == at { panic!("item {i}") } else { i * 2 }).sum()
    }
}

twins! {
    fn nested_range_chains(w: usize, h: usize) -> (Vec<Vec<u8>>, Vec<u64>) {
        let grid = (0..h).map(|y| (0..w).map(|x| ((x ^ y) & 3) as u8).collect()).collect();
        let rows = (0..h as u64).map(|y| (0..w as u64).filter(|x| (x + y) % 3 == 0).map(|x| x * y).sum()).collect();
        (grid, rows)
    }
}

twins! {
    fn flat_mapped_ranges(n: u64, m: u64, v: &[Vec<u8>]) -> (u64, Vec<u64>, usize) {
        let sum = (0..n).flat_map(|i| (0..m).map(move |j| (i ^ j).wrapping_mul(0x9E37_79B9) >> 7)).sum();
        let pairs = (1..=n).flat_map(|i| (0..i % 5).filter(move |j| (i + j) % 2 == 0)).collect();
        let bytes = v.iter().flat_map(|row| row.iter().map(|b| b / 3)).filter(|b| b % 2 == 1).count();
        (sum, pairs, bytes)
    }
}

/// What `open_and_chained_ranges` computes.
type OpenAndChained = (
    u64,
    Vec<u64>,
    u64,
    u64,
    Vec<u64>,
    u64,
    Option<usize>,
    Option<u64>,
    u64,
);

twins! {
    fn open_and_chained_ranges(a: u64, n: usize, v: &[u8]) -> OpenAndChained {
        let taken = (a..).take(n).map(|x| x.wrapping_mul(x) ^ 5).fold(0, u64::wrapping_add);
        let stepped: Vec<u64> = (a..).step_by(n % 5 + 1).take(n % 300).map(|x| x * 3).collect();
        let numbered = v.iter().zip(1u64..).map(|(b, i)| u64::from(*b) * i).fold(0, u64::wrapping_add);
        let zipped = (a..a + n as u64).zip(1..).map(|(x, y): (u64, u64)| x ^ y).sum::<u64>();
        let rest: Vec<u8> = vec![7, 8, 9];
        let chained: Vec<u64> = (0..a % 50)
            .chain(a..a + n as u64)
            .chain((0..n as u64 % 7).map(|x| x * 100))
            .chain(rest.iter().map(|b| u64::from(*b)))
            .chain(Some(42))
            .chain(rest.clone().into_iter().map(u64::from))
            .filter(|x| x % 3 != 2)
            .collect();
        let back = (0..n).rev().map(|i| u64::from(v[i % v.len()]) * i as u64).fold(0, |acc: u64, x| acc.rotate_left(3) ^ x);
        let found = (0..n).position(|i| v[i % v.len()] == 200);
        let last_odd = (1..=n as u64).rev().find(|x| x % 2 == 1);
        let searched = u64::from((0..n).any(|i| v[i % v.len()] == 201)) + u64::from((0..n).all(|i| i < 70_000));
        (taken, stepped, numbered, zipped, chained, back, found, last_odd, searched)
    }
}

/// What `taken_ranges` computes.
type Taken = (Vec<u64>, Vec<u64>, u64, u64, Vec<u8>, u64);

twins! {
    fn taken_ranges(a: u64, n: usize, b: u8, m: usize) -> Taken {
        let collected: Vec<u64> = (a..).take(n).map(|x| x.wrapping_mul(3)).collect();
        let mut extended = vec![1, 2];
        extended.extend((a..).take(n).filter(|x| x % 3 != 1).map(|x| x ^ 5));
        let folded = (a..).take(n).map(|x| x.wrapping_mul(x)).fold(0, u64::wrapping_add);
        let mut looped = 0u64;
        for i in (a..).take(n) {
            looped = looped.wrapping_mul(31).wrapping_add(i);
        }
        let small: Vec<u8> = (b..).take(m).map(|x| x ^ 1).collect();
        let mut small_loop = 0u64;
        for x in (b..).take(m) {
            small_loop += u64::from(x);
        }
        (collected, extended, folded, looped, small, small_loop)
    }
}

/// What `zipped_consecutive` computes.
type Zipped = (u64, Vec<(u64, u64)>, usize, Option<(u32, u64)>);

twins! {
    fn zipped_consecutive(a: u32, b: u64, n: usize) -> Zipped {
        let folded = (a..).zip((b..).take(n)).map(|(x, y)| u64::from(x).wrapping_mul(y)).fold(0, u64::wrapping_add);
        let collected: Vec<(u64, u64)> = (0..n as u64).zip(b..).map(|(i, y)| (i, y ^ 3)).collect();
        let counted = (a..).zip(b..b.saturating_add(n as u64)).filter(|(x, y)| u64::from(*x).wrapping_add(*y) % 3 == 0).count();
        let found = (a..).zip((b..).take(n)).find(|(x, _)| x % 1000 == 999);
        (folded, collected, counted, found)
    }
}

twins! {
    // Each item is dropped as it is passed, so that a run that stops (a panic past the type's
    // last value, a `break`) shows how far it went.
    fn taken_loop_drops(a: u64, n: usize, stop: u64) -> u64 {
        let mut s = 0u64;
        for i in (a..).take(n) {
            let _seen = Noisy { tag: "item", n: i };
            if i == stop {
                break;
            }
            s = s.wrapping_add(i);
        }
        s
    }
}

/// What `through_try_fold_inclusive` computes.
type ThroughTryFoldInclusive = (usize, Option<u64>, bool, Option<u64>, Vec<u64>);

twins! {
    // `through_try_fold` over inclusive ranges, some ending at the type's last value.
    fn through_try_fold_inclusive(a: u64, b: u64, stop: u64) -> ThroughTryFoldInclusive {
        let counted = (a..=b).take_while(|&i| i != stop).count();
        let tried = (a..=b).try_fold(0u64, |acc, i| if i == stop { None } else { Some(acc ^ i) });
        let any = (a..=b).map(|i| i ^ 1).any(|x| x == (stop ^ 1));
        let found = (a..=b).filter(|i| i % 2 == stop % 2).find(|&i| i >= stop);
        let scanned: Vec<u64> = (a..=b).scan(0u64, |acc, i| { *acc ^= i; (i != stop).then_some(*acc) }).filter(|x| x % 1000 == 7).collect();
        (counted, tried, any, found, scanned)
    }
}

/// What `inclusive_searches` computes.
type InclusiveSearches = (bool, Option<usize>, Option<u64>, Option<u64>, Vec<u64>, u64);

twins! {
    // Searches on an inclusive range itself, and through a `filter`'s `next` (its `find`,
    // which leaves the range just past each item found).
    fn inclusive_searches(a: u64, b: u64, stop: u64) -> InclusiveSearches {
        let any = (a..=b).any(|i| i == stop);
        let position = (a..=b).position(|i| i == stop);
        let found = (a..=b).find(|&i| i >= stop && i % 5 == 0);
        let mapped = (a..=b).find_map(|i| (i == stop).then_some(i ^ 7));
        let mut kept = Vec::new();
        for x in (a..=b).filter(|x| x % 3 != stop % 3) {
            kept.push(x);
            if kept.len() > 50 {
                break;
            }
        }
        let all = u64::from((a..=b).all(|i| i != stop)) + 2 * u64::from((a..=b).all(|i| i >= a));
        (any, position, found, mapped, kept, all)
    }
}

/// What `through_try_fold` computes.
type ThroughTryFold = (
    usize,
    u64,
    Option<u64>,
    Option<(usize, u64)>,
    bool,
    Vec<u64>,
    Vec<u64>,
);

twins! {
    // Chains whose loop runs through the range's `try_fold` (the checked copy takes it as a
    // `Flatten` of checked sub-ranges): each stops at `stop`, or runs to the end.
    fn through_try_fold(n: u64, stop: u64) -> ThroughTryFold {
        let counted = (0..n).take_while(|&i| i != stop).count();
        let scanned = (0..n).scan(0u64, |acc, i| { *acc = acc.wrapping_add(i * 3); (i != stop).then_some(*acc) }).fold(0, |a, x| a ^ x);
        let tried = (0..n).try_fold(0u64, |a, i| if i == stop { None } else { Some(a.wrapping_add(i)) });
        let found = (0..n).enumerate().find(|&(_, i)| i == stop);
        let any = (0..n).map(|i| i ^ 1).any(|x| x == (stop ^ 1));
        let mut extended = vec![5];
        extended.extend((0..n).map_while(|i| (i != stop).then_some(i * 2)));
        let skipped: Vec<u64> = (0..n).skip_while(|&i| i < stop).map(|i| i + 1).collect();
        (counted, scanned, tried, found, any, extended, skipped)
    }
}

twins! {
    // A panic at `at`, with the items passed before it dropped in order.
    fn through_try_fold_panics(n: u64, at: u64) -> u64 {
        (0..n).try_fold(0u64, |a, i| {
            let _seen = Noisy { tag: "item", n: i };
            if i == at {
                panic!("item {i}");
            }
            Some(a + i)
        }).unwrap_or(0)
    }
}

/// What `stepped_ranges` computes.
type Stepped = (
    u64,
    Vec<u64>,
    usize,
    Option<usize>,
    bool,
    Option<u64>,
    u64,
    Vec<usize>,
);

twins! {
    fn stepped_ranges(a: u64, n: usize, k: usize, v: &[u8]) -> Stepped {
        let summed = (a..a + n as u64).step_by(k).map(|x| x.wrapping_mul(x) ^ 5).fold(0, u64::wrapping_add);
        let inclusive: Vec<u64> = (a..=a + n as u64).step_by(k).filter(|x| x % 3 != 1).collect();
        let counted = (0..n).step_by(k).filter(|&i| v[i % v.len()] % 2 == 0).count();
        let found = (0..n).step_by(k).position(|i| v[i % v.len()] == 200);
        let any = (0..n).step_by(k).any(|i| v[i % v.len()] == 201);
        let mut rest = (a..a + n as u64).step_by(k);
        let first_big = rest.find(|x| x % 97 == 3);
        let after = rest.map(|x| x >> 1).sum::<u64>();
        let back: Vec<usize> = (0..n % 500).step_by(k).rev().map(|i| i * 2).collect();
        (summed, inclusive, counted, found, any, first_big, after, back)
    }
}

/// What `reversed_ranges` computes.
type Reversed = (
    Option<usize>,
    Option<u64>,
    bool,
    bool,
    u64,
    Vec<u64>,
    u64,
    Vec<(u32, u8)>,
);

twins! {
    fn reversed_ranges(a: u64, n: usize, v: &[u8]) -> Reversed {
        let found = (0..n).rev().position(|i| v[i % v.len()] == 200);
        let last_big = (a..a + n as u64).rev().find(|x| x % 97 == 3);
        let any = (0..n).rev().any(|i| v[i % v.len()] == 201);
        let all = (0..n).rev().all(|i| i < 70_000);
        let folded = (a..a + n as u64).rev().map(|x| x ^ 5).fold(0, |acc: u64, x| acc.rotate_left(3) ^ x);
        let kept: Vec<u64> = (a..a + n as u64 % 300).rev().filter(|x| x % 3 != 1).collect();
        let zipped = (0..n).zip(1..n).map(|(i, j)| u64::from(v[i % v.len()] ^ v[j % v.len()])).fold(0, u64::wrapping_add);
        let start = a as u32 % 1000;
        let pairs: Vec<(u32, u8)> = (start..start + n as u32).zip(3u8..250).filter(|(x, y)| (x + u32::from(*y)) % 5 == 0).rev().collect();
        (found, last_big, any, all, folded, kept, zipped, pairs)
    }
}

/// What `collected_ranges` computes: each `Vec` with its capacity.
type Collected = (
    (Vec<u64>, usize),
    (Vec<usize>, usize),
    (Vec<u8>, usize),
    Vec<(u64, u64)>,
    (Vec<u64>, Vec<u64>),
    (Vec<u64>, Vec<u64>, Vec<u64>),
    (
        std::collections::BTreeSet<u64>,
        String,
        Result<Vec<u8>, std::num::TryFromIntError>,
    ),
);

/// A type alias of a `Vec`, as a `let`'s type.
type Row = Vec<u64>;

twins! {
    fn collected_ranges(a: u64, n: usize, v: &[u8]) -> Collected {
        let mapped: Vec<u64> = (a..a + n as u64).map(|x| x.wrapping_mul(x) ^ 5).collect();
        let kept = (0..n).filter(|&i| v[i % v.len()] % 3 == 0).collect::<Vec<usize>>();
        let bytes: Vec<u8> = (0..=n as u32).filter_map(|x| u8::try_from(x % 300).ok()).collect();
        let mut seen = 0u64;
        let numbered: Vec<(u64, u64)> = (a..a + n as u64 % 20_000).map(|x| { seen += 1; (x, seen) }).collect();
        let mut order = Vec::new();
        let squares: Vec<u64> = (0..n as u64).inspect(|x| order.push(*x)).map(|x| x * x).collect();
        let wide: Vec<u64> = (0..n as u32).map(u64::from).collect();
        let k = a;
        let shifted: Vec<u64> = (0..n as u64).map(move |x| x + k).collect();
        let row: Row = (0..n as u64).map(|x| x ^ a).filter(|x| x % 7 != 0).collect();
        let set: std::collections::BTreeSet<u64> = (0..n as u64).map(|x| x % 1000).collect();
        let text: String = (0..n as u32 % 5000).filter_map(|x| char::from_u32(97 + x % 26)).collect();
        let narrow: Result<Vec<u8>, _> = (0..n as u32 % 300).map(u8::try_from).collect();
        (
            (mapped.clone(), mapped.capacity()),
            (kept.clone(), kept.capacity()),
            (bytes.clone(), bytes.capacity()),
            numbered,
            (squares, order),
            (wide, shifted, vec![row.len() as u64, row.capacity() as u64, row.iter().sum()]),
            (set, text, narrow),
        )
    }
}

twins! {
    fn collected_as_returned(a: u64, n: usize) -> Vec<u64> {
        (a..=a + n as u64).map(|x| x.rotate_left(7)).filter(|x| x % 5 != 0).collect()
    }
}

twins! {
    fn extended_ranges(a: u64, n: usize) -> (Vec<u64>, usize, Vec<u8>, String, Vec<u64>) {
        let mut kept = vec![1, 2];
        let out = &mut kept;
        let mut v = vec![a];
        v.extend((a..a + n as u64).map(|x| x.wrapping_mul(x) ^ 5));
        v.extend((0..=n as u64).filter(|x| x % 3 == 0));
        out.extend((0..n as u64).map(u64::swap_bytes));
        let mut seen = Vec::new();
        let mut bytes = Vec::with_capacity(3);
        bytes.extend((0..n as u32).inspect(|x| seen.push(*x)).filter_map(|x| u8::try_from(x % 300).ok()));
        let mut text = String::from(">");
        text.extend((0..n as u32 % 5000).filter_map(|x| char::from_u32(97 + x % 26)));
        v.push(seen.len() as u64);
        kept.push(kept.capacity() as u64);
        (v.clone(), v.capacity(), bytes, text, kept)
    }
}

twins! {
    fn extend_panics(n: usize, at: usize) -> usize {
        let mut made = vec![Noisy { tag: "first", n: 0 }];
        made.extend((1..n).map(|i| if i == at { panic!("item {i}") } else { Noisy { tag: "made", n: i as u64 } }));
        made.len()
    }
}

twins! {
    fn collect_panics(n: usize, at: usize) -> usize {
        let made: Vec<Noisy> = (0..n).map(|i| if i == at { panic!("item {i}") } else { Noisy { tag: "made", n: i as u64 } }).collect();
        made.len()
    }
}

#[test]
fn range_collects_keep_items_order_and_capacity() {
    let v: Vec<u8> = (0..=255u8).cycle().take(9000).collect();
    // The first runs teach the sites that short ranges fit a chunk; later ones run as written,
    // and the long ones collect a chunk at a time.
    for _ in 0..3 {
        for (a, n) in [
            (0, 0),
            (1, 1),
            (3, 70),
            (0, 4097),
            (5, 9000),
            (1 << 40, 200_000),
        ] {
            same!(collected_ranges(a, n, &v)).returned();
            let returned = same!(collected_as_returned(a, n)).value();
            assert_eq!(
                returned.len(),
                (0..=n)
                    .filter(|i| (a + *i as u64).rotate_left(7) % 5 != 0)
                    .count()
            );
        }
        for (a, n) in [(0, 0), (3, 70), (5, 9000), (1 << 40, 200_000)] {
            same!(extended_ranges(a, n)).returned();
        }
        same!(extend_panics(3, 5)).returned();
        let outcome = same!(extend_panics(200_000, 150_000));
        assert_eq!(outcome.drops.len(), 150_000);
        assert_eq!(outcome.panic_message(), "item 150000");
        same!(collect_panics(3, 5)).returned();
        assert_eq!(same!(collect_panics(50, 20)).panic_message(), "item 20");
        let outcome = same!(collect_panics(200_000, 150_000));
        assert_eq!(outcome.drops.len(), 150_000);
        assert_eq!(outcome.panic_message(), "item 150000");
    }
}

#[test]
fn range_chains_keep_results_in_both_copies() {
    let rows: Vec<Vec<u8>> = (0..40u8).map(|i| (0..i).collect()).collect();
    for (n, m) in [(0, 0), (1, 5), (100, 50), (3, 10_000), (9000, 2)] {
        same!(flat_mapped_ranges(n, m, &rows)).returned();
    }
    for _ in 0..3 {
        for (w, h) in [(0, 0), (3, 5), (64, 64), (5000, 3), (2, 9000)] {
            same!(nested_range_chains(w, h)).returned();
        }
    }
    let v: Vec<u8> = (0..=255u8).cycle().take(9000).collect();
    // The first runs teach the sites that short ranges fit a chunk; later ones run as written.
    for _ in 0..3 {
        for (a, b) in [(0, 0), (0, 1), (3, 70), (0, 1000), (5, 4200), (0, 100_000)] {
            same!(range_chains(a, b, &v)).returned();
        }
    }
    for n in [0, 3, 5000] {
        same!(fold_into_a_closure(n)).returned();
    }
    for _ in 0..3 {
        for (a, n) in [
            (0, 0),
            (1, 1),
            (3, 70),
            (0, 4097),
            (5, 9000),
            (1 << 40, 100_000),
        ] {
            same!(open_and_chained_ranges(a, n, &v)).returned();
        }
    }
    for _ in 0..3 {
        for n in [0, 1, 4096, 20_000] {
            for stop in STOPS.iter().copied().chain([u64::MAX]) {
                same!(through_try_fold(n, stop)).returned();
            }
        }
        for (a, b) in [
            (0, 0),
            (5, 3),
            (0, 4095),
            (0, 4096),
            (7, 20_000),
            (u64::MAX - 9000, u64::MAX),
        ] {
            for stop in STOPS
                .iter()
                .map(|s| a.saturating_add(*s))
                .chain([u64::MAX, b])
            {
                same!(through_try_fold_inclusive(a, b, stop)).returned();
                same!(inclusive_searches(a, b, stop)).returned();
            }
        }
        for at in [0, 4095, 4096, 9000] {
            let outcome = same!(through_try_fold_panics(20_000, at));
            assert_eq!(outcome.panic_message(), format!("item {at}"));
            assert_eq!(
                outcome.drops.len() as u64,
                at + 1,
                "every item up to the panic"
            );
        }
    }
    // `(a..).take(n)`: collected and extended a chunk at a time, looped over in chunks of
    // `(a..).take(len)`; past the type's last value the debug build's overflow panic, at the
    // same item.
    for _ in 0..3 {
        for (a, n) in [
            (0, 0),
            (1, 1),
            (3, 70),
            (0, 4097),
            (5, 9000),
            (1 << 40, 100_000),
            (u64::MAX - 9000, 9000),
        ] {
            for (b, m) in [(0, 0), (3, 10), (200, 55), (0, 255)] {
                same!(taken_ranges(a, n, b, m)).returned();
            }
        }
        for (a, n, b, m) in [
            (0, 10, 200, 56),
            (0, 10, 255, 1),
            (u64::MAX - 9000, 9001, 0, 0),
        ] {
            let outcome = same!(taken_ranges(a, n, b, m));
            assert_eq!(outcome.panic_message(), "attempt to add with overflow");
        }
        for (a, n, stop) in [
            (0, 0, 0),
            (3, 10_000, 9_000),
            (3, 10_000, 3),
            (3, 10_000, u64::MAX),
            (u64::MAX - 9000, 9000, 0),
            (u64::MAX - 9000, 10_000, 0),
        ] {
            same!(taken_loop_drops(a, n, stop));
        }
        for (a, b, n) in [
            (0, 0, 0),
            (0, 5, 1),
            (7, 1 << 40, 4097),
            (0, 0, 100_000),
            (u32::MAX - 9001, 3, 9000),
            (0, u64::MAX - 9000, 9000),
        ] {
            same!(zipped_consecutive(a, b, n)).returned();
        }
        // Past the end of the second side's type: the debug build's overflow panic.
        let outcome = same!(zipped_consecutive(0, u64::MAX - 9000, 9001));
        assert_eq!(outcome.panic_message(), "attempt to add with overflow");
        // At the end of the first side's type, whatever std does there.
        same!(zipped_consecutive(u32::MAX - 9000, 3, 9000));
        let past_the_end = same!(taken_loop_drops(u64::MAX - 9000, 10_000, 0));
        assert_eq!(past_the_end.panic_message(), "attempt to add with overflow");
        assert_eq!(
            past_the_end.drops.len(),
            9000,
            "every item before the last value"
        );
    }
    for _ in 0..3 {
        for (a, n) in [(0, 0), (3, 70), (5, 9000), (1 << 40, 100_000)] {
            for k in [1, 2, 3, 97, 5000] {
                same!(stepped_ranges(a, n, k, &v)).returned();
            }
            same!(reversed_ranges(a, n, &v)).returned();
        }
    }
    for _ in 0..3 {
        assert_eq!(same!(range_chain_panics(50, 60)).value(), 50 * 49);
        assert_eq!(same!(range_chain_panics(50, 20)).panic_message(), "item 20");
        assert_eq!(
            same!(range_chain_panics(200_000, 150_000)).panic_message(),
            "item 150000"
        );
    }
}

#[test]
fn counts_on_every_chunk_boundary() {
    for n in BOUNDARIES {
        assert_eq!(same!(sum_range(n)).value(), n * n.saturating_sub(1) / 2);
        let (count, last) = same!(count_and_last(n)).value();
        assert_eq!(count, n);
        assert_eq!(last, n.checked_sub(1).unwrap_or(u64::MAX));
        assert_eq!(same!(empty_body(n)).value(), n);
        assert_eq!(same!(nested_counts(3, n)).value(), 3 * n);
        assert_eq!(
            same!(nested_counts(n.min(5000), 2)).value(),
            2 * n.min(5000)
        );
    }
    assert_eq!(same!(inclusive_u8_range()).value(), 255 * 256 / 2);
}

#[test]
fn slices_on_every_chunk_boundary() {
    for n in BOUNDARIES {
        let values: Vec<u32> = (0..n as u32).collect();
        same!(sum_slice(&values)).returned();
        let wide: Vec<u64> = values.iter().map(|&v| u64::from(v)).collect();
        same!(generic_sum(&wide)).returned();
        let floats: Vec<f64> = values.iter().map(|&v| f64::from(v) / 3.0).collect();
        same!(generic_sum(&floats)).returned();
    }
}

#[test]
fn break_on_every_chunk_boundary() {
    for stop in STOPS {
        for n in [stop, stop + 1, 20_000] {
            let (seen, _) = same!(break_at(n, stop)).value();
            assert_eq!(seen, stop.min(n));
            same!(labeled_self(n, stop)).returned();
            same!(break_outer_from_inner(4, 5000, stop)).returned();
            same!(break_outer_from_inner(5000, 3, stop)).returned();
        }
    }
}

#[test]
fn continue_on_every_chunk_boundary() {
    for n in BOUNDARIES {
        for modulus in [1, 2, 4096, 4097] {
            let (kept, _) = same!(continue_some(n, modulus)).value();
            assert_eq!(kept, n - n.div_ceil(modulus));
        }
        same!(labeled_self(n, u64::MAX)).returned();
    }
}

#[test]
fn continue_outer_from_a_chunked_inner_loop() {
    for skip in [2, 4095, 4096, 4097, 9000, u64::MAX] {
        same!(continue_outer_from_inner(3, 10_000, skip)).returned();
        same!(continue_outer_from_inner(5000, 2, skip)).returned();
    }
}

#[test]
fn three_nested_labeled_loops() {
    for stop in [1, 100, 4096, 50_000, u64::MAX] {
        same!(three_levels(40, stop)).returned();
    }
}

#[test]
fn break_with_a_value_out_of_a_chunked_loop() {
    for target in [0, 1, 7, 4096 * 7 % 10007, 5000, 10006, 20_000] {
        same!(break_value_through_chunked(12_000, target)).returned();
    }
}

#[test]
fn loops_and_labeled_blocks_inside_a_chunked_body() {
    for n in [0, 10, 4097, 9000] {
        same!(loop_value_inside_chunked(n)).returned();
    }
}

#[test]
fn return_from_inside_a_chunk() {
    let values: Vec<i64> = (0..20_000).collect();
    for target in [0, 1, 4095, 4096, 4097, 8192, 19_999, 20_000, -5] {
        assert_eq!(
            same!(position(&values, target)).value(),
            if (0..20_000).contains(&target) {
                target
            } else {
                -1
            }
        );
    }
}

#[test]
fn question_mark_from_inside_a_chunk() {
    for hole in STOPS {
        let mut values: Vec<Option<u32>> = (0..10_000).map(Some).collect();
        if let Some(v) = values.get_mut(hole as usize) {
            *v = None;
        }
        same!(sum_options(&values)).returned();
        let results: Vec<Result<u32, u8>> = values.iter().map(|v| v.ok_or(7)).collect();
        same!(sum_results(results.clone())).returned();
    }
}

#[test]
fn a_non_fused_iterator_stops_at_its_first_none() {
    for gap_at in STOPS {
        let end = gap_at + 100;
        let outcome = same!(flaky_drain(gap_at, end));
        assert_eq!(
            outcome.next_calls,
            gap_at + 1,
            "a plain for calls next once per item and once for the None"
        );
        assert_eq!(outcome.value().0, gap_at);
        let beyond = same!(flaky_drain(u64::MAX, gap_at));
        assert_eq!(beyond.next_calls, gap_at + 1);
    }
}

#[test]
fn an_iterator_borrowed_by_the_loop_is_left_where_a_plain_loop_leaves_it() {
    for gap_at in STOPS {
        for stop in [0, gap_at / 2, gap_at, gap_at + 1, 4096, 4097, 9000] {
            same!(flaky_by_ref(gap_at, gap_at + 50, stop)).returned();
        }
    }
    let values: Vec<u32> = (0..10_000).collect();
    for stop in [0, 4095, 4096, 4097, 8192, 9_999, 10_000] {
        let (_, rest) = same!(resume_after_break(&values, stop)).value();
        assert_eq!(rest.len(), 10_000_usize.saturating_sub(stop as usize + 1));
    }
}

#[test]
fn the_rewrite_does_not_capture_user_names() {
    for n in BOUNDARIES {
        same!(names_like_generated_ones(n)).returned();
    }
}

#[test]
fn a_value_moved_in_a_chunked_loop_before_break() {
    for at in [0, 4095, 4096, 9000, 20_000] {
        same!(move_then_break(10_000, at)).returned();
    }
}

#[test]
fn patterns_and_generics_in_chunked_loops() {
    let pairs: Vec<(u32, u32)> = (0..9000).map(|i| (i, i * 2)).collect();
    same!(patterns_in_for(&pairs)).returned();
    same!(patterns_in_for(&[])).returned();
}

#[test]
fn panics_inside_a_chunk_keep_their_message() {
    for n in [255, 256, 4096, 5000] {
        let outcome = same!(overflow_in_body(n));
        if n > 255 {
            assert_eq!(outcome.panic_message(), "attempt to add with overflow");
        }
    }
    let values: Vec<u32> = (0..5000).collect();
    for n in [4095, 4096, 5000, 5001, 9000] {
        let outcome = same!(index_out_of_bounds(&values, n));
        if n > 5000 {
            assert_eq!(
                outcome.panic_message(),
                "index out of bounds: the len is 5000 but the index is 5000"
            );
        }
    }
}

#[test]
fn a_chunked_loop_as_the_tail_of_a_unit_fn() {
    for n in BOUNDARIES {
        let outcome = same(
            || {
                let mut counter = 0;
                tail_for_in_unit_fn::plain::tail_for_in_unit_fn(&mut counter, n);
                counter
            },
            || {
                let mut counter = 0;
                tail_for_in_unit_fn::haltable::tail_for_in_unit_fn(&mut counter, n);
                counter
            },
        );
        assert_eq!(outcome.value(), n);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prop_break_and_continue(n in 0u64..20_000, stop in 0u64..20_000, modulus in 1u64..9000) {
        same!(break_at(n, stop)).returned();
        same!(continue_some(n, modulus)).returned();
        same!(labeled_self(n, stop)).returned();
    }

    #[test]
    fn prop_nested_labels(rows in 0u64..6, cols in 0u64..9000, stop in 0u64..50_000, skip in 1u64..10_000) {
        same!(break_outer_from_inner(rows, cols, stop)).returned();
        same!(continue_outer_from_inner(rows, cols, skip)).returned();
    }

    #[test]
    fn prop_slices(values in prop::collection::vec(any::<u32>(), 0..10_000), target in any::<i64>()) {
        same!(sum_slice(&values)).returned();
        let wide: Vec<i64> = values.iter().map(|&v| i64::from(v % 100)).collect();
        same!(position(&wide, target % 100)).returned();
        let options: Vec<Option<u32>> = values.iter().map(|&v| (v % 1000 != 0).then_some(v)).collect();
        same!(sum_options(&options)).returned();
    }

    #[test]
    fn prop_flaky(gap_at in 0u64..13_000, extra in 0u64..100, stop in 0u64..13_000) {
        same!(flaky_drain(gap_at, gap_at + extra)).returned();
        same!(flaky_by_ref(gap_at, gap_at + extra, stop)).returned();
    }
}

// The iterators that chunks are split off (sub-slices, sub-ranges) rather than counted.

twins! {
    fn double_in_place(values: &mut [u32]) -> u64 {
        for v in values.iter_mut() {
            *v = v.wrapping_mul(2);
        }
        values.iter().map(|&v| u64::from(v)).sum()
    }
}

twins! {
    fn signed_range(start: i64, end: i64) -> (i64, u64) {
        let (mut sum, mut count) = (0_i64, 0_u64);
        for i in start..end {
            sum = sum.wrapping_add(i);
            count += 1;
        }
        (sum, count)
    }
}

twins! {
    fn range_near_max(below: u64) -> (u64, u64) {
        let (mut last, mut count) = (0, 0);
        for i in u64::MAX - below..u64::MAX {
            last = i;
            count += 1;
        }
        (last, count)
    }
}

twins! {
    fn small_int_ranges() -> (u32, i32, u32) {
        let (mut a, mut b, mut c) = (0_u32, 0_i32, 0_u32);
        for x in 0..u8::MAX {
            a += x as u32;
        }
        for x in i8::MIN..i8::MAX {
            b += x as i32;
        }
        for x in 0..u16::MAX {
            c += x as u32;
        }
        (a, b, c)
    }
}

twins! {
    fn inferred_index_range(values: &[u32]) -> u64 {
        let mut sum = 0;
        let n = values.len();
        for i in 0..n {
            sum += values[i] as u64;
        }
        let mut k = 0;
        for i in 0..10 {
            k += i;
        }
        sum + k
    }
}

twins! {
    fn continue_self_label_over_a_slice(values: &[u32], modulus: u32) -> (u64, u64) {
        let (mut kept, mut seen) = (0, 0);
        'l: for &v in values {
            seen += 1;
            if v % modulus == 0 {
                continue 'l;
            }
            kept += v as u64;
        }
        (kept, seen)
    }
}

#[test]
fn split_chunks_on_every_chunk_boundary() {
    for n in BOUNDARIES {
        let values: Vec<u32> = (0..n as u32).collect();
        same!(double_in_place(&mut values.clone())).returned();
        same!(signed_range(-(n as i64) / 2, n as i64 / 2)).returned();
        same!(signed_range(n as i64, 0)).returned();
        same!(range_near_max(n)).returned();
        same!(inferred_index_range(&values)).returned();
        for modulus in [1, 3, 4096] {
            let (_, seen) = same!(continue_self_label_over_a_slice(&values, modulus)).value();
            assert_eq!(seen, n);
        }
    }
    same!(small_int_ranges()).returned();
}
