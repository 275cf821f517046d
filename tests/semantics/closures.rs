//! Closures: `FnMut` accumulators, `move`, returned `impl Fn` (with and without captures),
//! closures sent to threads (closures coerced to `fn` pointers: see `compile/`), iterator chains, and rayon.

use proptest::prelude::*;
use rayon::prelude::*;
use threadmgr::HaltToken;

use crate::support::*;

twins! {
    fn fnmut_accumulator(values: &[i32]) -> (i64, usize, Vec<i32>) {
        let mut total = 0i64;
        let mut count = 0;
        let mut seen = Vec::new();
        let mut add = |x: i32| {
            total += i64::from(x);
            count += 1;
            if x % 10 == 0 {
                seen.push(x);
            }
        };
        for v in values {
            if *v > 0 {
                add(*v);
            }
        }
        values.iter().filter(|v| **v < -100).for_each(|v| add(*v));
        (total, count, seen)
    }
}

twins! {
    fn make_affine(a: i64, b: i64) -> impl Fn(i64) -> i64 {
        move |x| a.wrapping_mul(x).wrapping_add(b)
    }
}

twins! {
    fn make_increment() -> impl Fn(u32) -> u32 + Send + 'static {
        |x| x + 1
    }
}

twins! {
    fn make_counter(start: u64) -> impl FnMut() -> u64 {
        let mut count = start;
        move || {
            count += 1;
            count
        }
    }
}

twins! {
    fn make_summer(limit: u64) -> Box<dyn Fn(u64) -> u64 + Send + Sync> {
        Box::new(move |n| {
            let mut sum = 0;
            for i in 0..n.min(limit) {
                sum += i;
            }
            sum
        })
    }
}

twins! {
    fn compose(a: i64, b: i64) -> impl Fn(i64) -> i64 {
        let add = move |x: i64| x.wrapping_add(a);
        let mul = move |x: i64| x.wrapping_mul(b);
        move |x| mul(add(x))
    }
}

twins! {
    fn thread_with_plain_closure(n: u64) -> u64 {
        let handle = std::thread::spawn(|| {
            let mut sum = 0u64;
            for i in 0..10_000u64 {
                sum += i;
            }
            sum
        });
        handle.join().unwrap() + n
    }
}

twins! {
    fn scoped_threads(values: &[u64]) -> (u64, u64) {
        let (left, right) = values.split_at(values.len() / 2);
        std::thread::scope(|s| {
            let a = s.spawn(|| left.iter().sum::<u64>());
            let b = s.spawn(|| {
                let mut sum = 0;
                for v in right {
                    sum += v;
                }
                sum
            });
            (a.join().unwrap(), b.join().unwrap())
        })
    }
}

twins! {
    fn closure_returns(rows: &[Vec<i32>]) -> Vec<i64> {
        let first_negative = |row: &Vec<i32>| {
            let mut i = 0;
            for x in row {
                if *x < 0 {
                    return i;
                }
                i += 1;
            }
            -1
        };
        rows.iter().map(first_negative).collect()
    }
}

twins! {
    fn nested_closures(n: u32) -> Vec<u32> {
        let outer = |k: u32| {
            let inner = move |j: u32| (0..j).map(|i| i * k).sum::<u32>();
            (0..k).map(inner).collect::<Vec<_>>()
        };
        outer(n).into_iter().chain(outer(n / 2)).collect()
    }
}

twins! {
    fn move_and_once(words: Vec<String>) -> (usize, String) {
        let joined = words.join("-");
        let consume = move || {
            let len = joined.len();
            (len, joined)
        };
        let (len, s) = consume();
        let upper = words.iter().map(|w| w.to_uppercase()).collect::<String>();
        (len, s + &upper)
    }
}

twins! {
    fn iterator_chains(values: &[i32]) -> (i64, usize, Option<i32>, Vec<i32>, Vec<i64>, i64) {
        let sum: i64 = values.iter().map(|&x| i64::from(x)).sum();
        let evens = values.iter().filter(|x| *x % 2 == 0).count();
        let max = values.iter().copied().max();
        let mut picked: Vec<i32> = values.iter().rev().skip(1).step_by(2).cloned().collect();
        picked.sort_unstable();
        let running: Vec<i64> = values
            .iter()
            .scan(0i64, |acc, &x| {
                *acc += i64::from(x);
                Some(*acc)
            })
            .take_while(|acc| *acc < 1 << 40)
            .collect();
        let diffs = values
            .windows(2)
            .fold(0i64, |acc, w| acc + (i64::from(w[1]) - i64::from(w[0])).abs());
        (sum, evens, max, picked, running, diffs)
    }
}

twins! {
    fn flat_map_zip(n: usize) -> Vec<(usize, char)> {
        (0..n)
            .flat_map(|i| (0..i).map(move |j| i * j))
            .zip("abcdefghij".chars().cycle())
            .filter(|(v, _)| v % 3 != 1)
            .take(50)
            .collect()
    }
}

twins! {
    fn rayon_sum(n: u64) -> u64 {
        (0..n).into_par_iter().map(|i| i * i % 1_000_007).sum()
    }
}

twins! {
    fn rayon_nested(values: &[u32]) -> Vec<u64> {
        values
            .par_iter()
            .map(|&x| {
                let mut sum = 0u64;
                for i in 0..x {
                    sum += u64::from(i);
                }
                sum
            })
            .collect()
    }
}

twins! {
    fn rayon_for_each_accumulates(n: u64) -> u64 {
        let total = std::sync::atomic::AtomicU64::new(0);
        (0..n).into_par_iter().for_each(|i| {
            if i % 3 == 0 {
                total.fetch_add(i, std::sync::atomic::Ordering::Relaxed);
            }
        });
        total.into_inner()
    }
}

// A value passed to rayon's `chain` (the macro wraps a `chain`'s argument as `Iterator::chain`'s,
// and rayon takes it back: `threadmgr::carried`).
twins! {
    fn rayon_chains(values: &[u32], n: u32) -> (u64, Vec<u32>, usize, String) {
        let sum = values
            .par_iter()
            .map(|&x| u64::from(x))
            .chain(1..u64::from(n))
            .chain(5..=9)
            .sum();
        let mut indexed = Vec::new();
        values
            .par_iter()
            .copied()
            .chain(0..n)
            .chain(vec![n, n + 1])
            .collect_into_vec(&mut indexed);
        let count = (0..n).into_par_iter().chain(n..2 * n).filter(|x| x % 3 == 0).count();
        let letters = ('a'..'d').into_par_iter().chain('x'..='z').collect();
        (sum, indexed, count, letters)
    }
}

// A chain stored in a local and consumed later through the local (the macro wraps the local
// where a consumer takes it: by value, or as `&mut` for a search, which leaves the rest of the
// iterator for the code after it).
/// What `stored_chains` finds, sums and keeps.
type Stored = (Vec<Option<u64>>, u64, usize, Option<u32>, u64, Vec<u32>);

twins! {
    fn stored_chains(values: &[u32], n: u64) -> Stored {
        let mut found = Vec::new();
        let mut evens = (1..n).map(|x| x * 2).filter(|x| x % 3 != 0);
        found.push(evens.find(|&x| x > 10));
        found.push(evens.find(|&x| x % 7 == 0));
        found.push(evens.position(|x| x % 11 == 0).map(|p| p as u64));
        found.push(Some(u64::from(evens.any(|x| x == 40))));
        found.push(Some(u64::from(evens.all(|x| x > 0))));
        found.push(evens.next());
        let mut rest = values.iter().copied().rev();
        let total = rest.try_fold(0u64, |acc, v| acc.checked_add(u64::from(v))).unwrap_or(0);
        let words = values.iter().map(|v| v % 10).filter(|d| *d > 4);
        let counted = words.count();
        let mut from_back = values.iter().enumerate().map(|(i, v)| v ^ i as u32);
        let last_big = from_back.rfind(|v| v % 5 == 0);
        let mut drained: Vec<u32> = values.to_vec();
        let drain = drained.drain(..).map(u64::from);
        let drained_sum: u64 = drain.sum();
        drained.push(7);
        let range = 0..n;
        let steps = std::iter::successors(Some(1u32), |x| x.checked_mul(3)).skip(1);
        let mut kept: Vec<u32> = steps.collect();
        kept.extend(range.map(|x| x as u32).take(3));
        kept.extend(drained);
        (found, total, counted, last_big, drained_sum, kept)
    }
}

// Parameters that are owned iterators, consumed in the helper: by value, and searched.
twins! {
    fn param_iterators(values: &[u32], n: u64) -> (u64, Option<u64>, Option<u64>, usize) {
        fn total(it: impl Iterator<Item = u64>) -> u64 {
            it.sum()
        }
        fn search<I: Iterator<Item = u64>>(mut it: I, over: u64) -> (Option<u64>, Option<u64>) {
            let first = it.find(|&x| x > over);
            (first, it.next())
        }
        fn count_odd<I>(it: I) -> usize
        where
            I: DoubleEndedIterator<Item = u32>,
        {
            it.rev().filter(|v| v % 2 == 1).count()
        }
        let sum = total(values.iter().map(|&v| u64::from(v)));
        let (first, next) = search(0..n, n / 2);
        (sum, first, next, count_odd(values.iter().copied()))
    }
}

// `&mut` parameters, reborrowed by each consumer: what a search leaves is there for the
// next, and the caller's iterator goes on where the helper stopped.
twins! {
    fn mut_param_iterators(values: &[u32], n: u64) -> (Option<u64>, usize, Option<u64>, u64, Vec<u64>, usize) {
        fn first_over(it: &mut impl Iterator<Item = u64>, over: u64) -> Option<u64> {
            it.find(|&x| x > over)
        }
        fn odd_then_sum<I: Iterator<Item = u64>>(it: &mut I) -> (usize, Option<u64>) {
            let odd = it.by_ref().take(4).filter(|x| x % 2 == 1).count();
            (odd, it.next())
        }
        fn drain_sum(it: &mut dyn Iterator<Item = u64>) -> u64 {
            it.map(|x| x * 3).sum()
        }
        fn boxed(it: Box<dyn Iterator<Item = u64> + '_>) -> usize {
            it.filter(|x| x % 3 == 0).count()
        }
        let mut hashes = values.iter().map(|&v| u64::from(v) * 7 % 101);
        let first = first_over(&mut hashes, 50);
        let (odd, after) = odd_then_sum(&mut hashes);
        let mut rest = 0..n;
        let sum = drain_sum(&mut rest.by_ref().take(5));
        let thirds = boxed(Box::new(values.iter().map(|&v| u64::from(v))));
        (first, odd, after, sum, rest.collect(), thirds)
    }
}

// `repeat_n`: consumed with and without code of the chain's own, zipped both ways, searched
// and stored, each as plain.
/// What `repeat_n_chains` collects, counts, sums, finds and zips.
type RepeatedN = (Vec<u8>, usize, u64, Option<usize>, Vec<(u8, u32)>, usize);

twins! {
    fn repeat_n_chains(x: u8, n: usize) -> RepeatedN {
        let bare: Vec<u8> = std::iter::repeat_n(x, n).collect();
        let odd = std::iter::repeat_n(x, n).enumerate().filter(|(i, _)| i % 2 == 1).count();
        let sum: u64 = std::iter::repeat_n(u64::from(x), n).map(|v| v * 3).sum();
        let mut it = std::iter::repeat_n(x, n).enumerate();
        let at = it.position(|(i, v)| i * 7 % 5 == usize::from(v) % 5);
        let pairs: Vec<(u8, u32)> = std::iter::repeat_n(x, n).zip(1..4).collect();
        let zipped = [1u32, 2, 3].iter().zip(std::iter::repeat_n(x, n)).filter(|(a, b)| **a > u32::from(*b)).count();
        (bare, odd, sum, at, pairs, zipped)
    }
}

// `take` over sources that are not ranges, where the `Take` is probed and not its source:
// consumed with and without code of its own, extended, flattened, chained, zipped, cycled,
// passed on, and over an iterator of one's own, each as plain.
/// What `taken_sources` fills, decodes, sums and counts.
type Taken = (
    Vec<u8>,
    Vec<u8>,
    u64,
    String,
    Vec<u32>,
    u64,
    usize,
    (usize, Option<u64>),
    Vec<(u32, char)>,
);

twins! {
    #[expect(clippy::manual_repeat_n, reason = "the shape written before `repeat_n`, which this tests")]
    fn taken_sources(runs: &[(u8, u8)], n: usize) -> Taken {
        struct Countdown(u32);
        impl Iterator for Countdown {
            type Item = u32;
            fn next(&mut self) -> Option<u32> {
                self.0 = self.0.checked_sub(1)?;
                Some(self.0)
            }
        }
        fn total(it: impl Iterator<Item = u64>) -> (usize, Option<u64>) {
            let v: Vec<u64> = it.collect();
            (v.len(), v.last().copied())
        }
        let fill: Vec<u8> = std::iter::repeat(7u8).take(n).collect();
        let decoded: Vec<u8> = runs.iter().flat_map(|&(b, k)| std::iter::repeat(b).take(usize::from(k))).collect();
        let sum: u64 = runs.iter().flat_map(|&(b, k)| std::iter::repeat(u64::from(b)).take(usize::from(k))).sum();
        let mut padded = String::from("ab");
        padded.extend(std::iter::repeat('.').take(n % 7));
        let chained: Vec<u32> = (0..3).chain(std::iter::repeat(9).take(n % 5)).collect();
        let cycled: u64 = runs.iter().cycle().take(n).map(|&(b, _)| u64::from(b)).sum();
        let own = Countdown(40).take(n).filter(|x| x % 3 == 0).count();
        let mut s = 1u64;
        let passed = total(std::iter::repeat_with(|| { s = s.wrapping_mul(3) % 1000; s }).take(n));
        let zipped: Vec<(u32, char)> = (1..).zip("xyz".chars().cycle().take(n % 11)).collect();
        (fill, decoded, sum, padded, chained, cycled, own, passed, zipped)
    }
}

// `X.take(n)` split at its `take` (the source probed, the count kept beside it): over sources
// that end before the count and never, searched and then continued, stepped, from the back,
// counted literally, `into()` and `as _`, over a generic source, and a `take` that is not
// `Iterator::take` (an iterator's own method of that name, a non-iterator's, rayon's), each as
// plain.
/// An iterator with a method of its own named `take`, which a call on `&mut` picks.
pub struct Lexer(Vec<u8>);

impl Lexer {
    /// Its own `take`: the bytes after the first, `n` of them, as a `Vec`'s iterator.
    pub fn take(&mut self, n: usize) -> std::vec::IntoIter<u8> {
        self.0
            .iter()
            .copied()
            .skip(1)
            .take(n)
            .collect::<Vec<_>>()
            .into_iter()
    }
}

impl Iterator for Lexer {
    type Item = u8;
    fn next(&mut self) -> Option<u8> {
        self.0.pop()
    }
}

/// Not an iterator, with methods named as an iterator's.
#[derive(Clone, Copy)]
pub struct Combinator(u64);

impl Combinator {
    pub fn take(self, n: usize) -> Combinator {
        Combinator(self.0 * 10 + n as u64)
    }
    pub fn map(self, f: impl Fn(u64) -> u64) -> Combinator {
        Combinator(f(self.0))
    }
    pub fn count(self) -> u64 {
        self.0
    }
}

/// What `split_takes` sums, finds and collects.
type Split = (
    u64,
    (Option<usize>, bool, Option<u32>, Vec<u32>),
    (Option<u32>, Vec<u32>),
    Vec<(u8, usize)>,
    (usize, Option<u64>),
    (usize, Vec<u32>, u64),
    u64,
    (u8, u64, usize),
);

twins! {
    fn split_takes(v: &[u32], n: usize, k: u8) -> Split {
        fn cycled<I: Iterator<Item = u64> + Clone>(it: I, n: usize) -> u64 {
            it.cycle().take(n).map(|x| x ^ 1).fold(0, |a, b| a.wrapping_add(b))
        }
        let sum = v.iter().cycle().take(n).map(|&x| u64::from(x)).sum();
        let mut it = v.iter().cycle().take(n);
        let searched = (
            it.position(|&x| x == 7),
            it.any(|&x| x > 9),
            it.find(|&&x| x % 4 == 3).copied(),
            it.map(|&x| x + 1).collect(),
        );
        let mut it = v.iter().copied().cycle().take(n);
        let stepped = (it.nth(n / 2), it.step_by(3).collect());
        let back = std::iter::repeat_n(k, 40).zip(0..40).take(n).rev().collect();
        let mut left = 37u64;
        let ended = std::iter::from_fn(|| {
            left = left.checked_sub(1)?;
            Some(left * 3)
        })
        .take(n)
        .filter(|x| x % 2 == 0)
        .fold((0, None), |(c, _), x| (c + 1, Some(x)));
        let written = (
            v.iter().cycle().take(3).map(|&x| x as usize).sum(),
            v.iter().copied().cycle().take(k.into()).filter(|x| x % 2 == 0).collect(),
            std::iter::successors(Some(1u64), |x| Some(x.wrapping_mul(3))).take(k as _).map(|x| x % 7).sum(),
        );
        let generic = cycled(v.iter().map(|&x| u64::from(x)), n);
        let mut lexer = Lexer(vec![1, 2, 3, 4, 5]);
        let lexed = &mut lexer;
        let own = (
            lexed.take(2).map(|b| b + 1).sum(),
            Combinator(4).take(7).map(|x| x + 1).count(),
            (0..n).into_par_iter().take(7).map(|x| x * 2).sum(),
        );
        (sum, searched, stepped, back, ended, written, generic, own)
    }
}

// Counted flattenings over ranges written as such, whose range is counted down: inclusive and
// not, reversed after the flattening (the range's `next_back`), with an end and without
// (`take` above), empty inner ranges; each as plain.
/// What `ticked_flattenings` collects and sums.
type Ticked = (Vec<u32>, Vec<(u8, u8)>, u64, Vec<u64>, u64);

twins! {
    fn ticked_flattenings(n: u32) -> Ticked {
        let triangle = (1..=n).flat_map(|row| (1..=row).rev().map(move |k| row * 100 + k)).collect::<Vec<_>>();
        let small = n.min(40) as u8;
        let mut back = Vec::new();
        for cell in (0..small).flat_map(|y| (0..=y).map(move |x| (x, y))).rev() {
            back.push(cell);
        }
        let mut sum = 0u64;
        for x in (u64::from(n)..).flat_map(|i| (i..i + 3).map(move |j| j ^ i)).take(n as usize) {
            sum = sum.wrapping_mul(31).wrapping_add(x);
        }
        let sparse: Vec<u64> = (0..u64::from(n) * 20).flat_map(|i| (0..u64::from(i % 17 == 0)).map(move |j| i + j)).collect();
        let mut empty = 0u64;
        for x in (0..n).flat_map(|i| (i..i).map(u64::from)) {
            empty += x;
        }
        (triangle, back, sum, sparse, empty)
    }
}

// Closures that capture nothing, handed to other threads by the calls that do (rayon's `join`,
// `scope` and `install`, std's `thread::spawn`, `thread::scope` and `Builder::spawn`): they
// carry the creator's token there, capturing the handle; each as plain.
/// What `thread_handoffs` computes on other threads.
type HandedOff = (u64, u64, (u64, u64), u64, u64, u64, u64);

twins! {
    fn thread_handoffs(n: u64) -> HandedOff {
        fn spin(n: u64) -> u64 {
            let mut x = 1u64;
            for i in 0..n {
                x = x.rotate_left(7) ^ i;
            }
            x
        }
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool");
        let installed = pool.install(|| (0..1000u64).into_par_iter().map(|i| i * 3).sum::<u64>());
        let by_name = pool.install(|| (0..16u64).into_par_iter().map(spin).reduce(|| 0, u64::wrapping_add));
        let joined = rayon::join(|| spin(1000), || spin(2000));
        let spawned = std::thread::spawn(|| spin(500)).join().expect("a thread");
        let built = std::thread::Builder::new()
            .spawn(move || {
                let mut s = 0;
                for i in 0..300u64 {
                    s += i;
                }
                s
            })
            .expect("a thread")
            .join()
            .expect("joined");
        let scoped = std::thread::scope(|s| {
            let a = s.spawn(|| spin(700));
            let b = s.spawn(|| (0..100u64).map(spin).fold(0, u64::wrapping_add));
            let c = std::thread::Builder::new().spawn_scoped(s, || spin(300)).expect("a thread");
            a.join().expect("a") ^ b.join().expect("b") ^ c.join().expect("c")
        });
        let in_rayon_scope = {
            let (tx, rx) = std::sync::mpsc::channel();
            rayon::scope(|s| {
                s.spawn(move |_| tx.send(spin(900)).expect("sent"));
            });
            rx.recv().expect("received")
        };
        (installed ^ n, by_name, joined, spawned, built, scoped, in_rayon_scope)
    }
}

// Flattenings whose consumer counts their items (a `for`, a `Vec`'s `collect`), where an inner
// chain over a range is left as written, beside those where it stays wrapped (a filter in it or
// above it, a fold, a `String`), each as plain; `n` and `m` 0 give empty inner and outer
// ranges, and a long inner range crosses chunks.
/// What `counted_flattenings` collects and sums.
type Flattened = (
    Vec<(u32, u32)>,
    u64,
    Vec<u32>,
    Vec<u32>,
    String,
    u64,
    u64,
    Vec<u64>,
);

twins! {
    fn counted_flattenings(n: u32, m: u32) -> Flattened {
        fn cells(n: u32, m: u32) -> Vec<(u32, u32)> {
            (0..n).flat_map(|y| (0..m).map(move |x| (x, y))).collect()
        }
        let grid = cells(n, m);
        let mut in_for = 0u64;
        for (i, (x, y)) in (0..n).flat_map(|y| (0..m).map(move |x| (x, y))).enumerate() {
            in_for = in_for.wrapping_mul(31).wrapping_add(u64::from(x ^ y) + i as u64);
        }
        let typed: Vec<u32> = (0..n).flat_map(|i| (0..=m).rev().map(move |j| i * 7 + j)).collect();
        let filtered = (0..n)
            .flat_map(|i| (i..i + m).filter(|j| j % 3 == 0))
            .collect::<Vec<_>>();
        let text: String = (0..n).flat_map(|i| (0..m % 40).map(move |j| if (i ^ j) & 1 == 0 { 'a' } else { 'b' })).collect();
        let mut above = 0u64;
        for x in (0..n).flat_map(|i| (0..m).map(move |j| i * j)).filter(|x| x % 4 == 1) {
            above += u64::from(x);
        }
        let folded: u64 = (0..n).flat_map(|i| (0..m).map(move |j| u64::from(i ^ j))).sum();
        let empty_inner: Vec<u64> = (0..u64::from(n) * 1000).flat_map(|i| (i..i).map(move |j| j + i)).collect();
        (grid, in_for, typed, filtered, text, above, folded, empty_inner)
    }
}

// A local that another pattern also binds, a comparison (borrowed as `PartialEq`'s), a chain
// over a type of one's own, and a local used again after a search: left as written or
// wrapped, each gives the plain result.
twins! {
    fn stored_chain_corners(n: u64) -> (bool, u64, Option<u64>, Vec<u64>) {
        let a = 0..n;
        let same = a.eq(0..n);
        let it = (0..n).map(|x| x + 1);
        let it = it.filter(|x| x % 2 == 0);
        let shadowed: u64 = it.sum();
        let mut odd = (0..n).filter(|x| x % 2 == 1);
        let first = odd.find(|&x| x > 3);
        let rest: Vec<u64> = odd.take(3).collect();
        (same, shadowed, first, rest)
    }
}

#[test]
fn accumulators() {
    same!(fnmut_accumulator(&[1, -2, 30, -400, 50, 0, -101])).returned();
    same!(fnmut_accumulator(&[])).returned();
}

fn apply_all(f: impl Fn(i64) -> i64) -> Vec<i64> {
    [-3, 0, 1, 2, 4096, i64::MAX].into_iter().map(f).collect()
}

#[test]
fn returned_closures() {
    for (a, b) in [(0, 0), (2, 3), (-1, 7), (i64::MAX, 1)] {
        assert_eq!(
            apply_all(make_affine::plain::make_affine(a, b)),
            apply_all(make_affine::haltable::make_affine(a, b))
        );
        assert_eq!(
            apply_all(compose::plain::compose(a, b)),
            apply_all(compose::haltable::compose(a, b))
        );
    }
    let inc = make_increment::haltable::make_increment();
    assert_eq!(std::thread::spawn(move || inc(41)).join().unwrap(), 42);
    assert_eq!(make_increment::plain::make_increment()(41), 42);
    let mut c1 = make_counter::plain::make_counter(5);
    let mut c2 = make_counter::haltable::make_counter(5);
    for _ in 0..10 {
        assert_eq!(c1(), c2());
    }
    let s1 = make_summer::plain::make_summer(9000);
    let s2 = make_summer::haltable::make_summer(9000);
    for n in BOUNDARIES {
        assert_eq!(s1(n), s2(n));
    }
}

#[test]
fn closures_made_in_a_job_work_after_it() {
    let token = HaltToken::new();
    let summer = token
        .scope(|| make_summer::haltable::make_summer(u64::MAX))
        .unwrap();
    let mut counter = token
        .scope(|| make_counter::haltable::make_counter(0))
        .unwrap();
    drop(token);
    // Other tokens come and go, and some are halted, maybe in the slot the first one used.
    let halted: Vec<HaltToken> = (0..64)
        .map(|_| {
            let t = HaltToken::new();
            t.halt();
            t
        })
        .collect();
    let plain = make_summer::plain::make_summer(u64::MAX);
    for n in BOUNDARIES {
        let outcome = run(|| summer(n));
        assert_eq!(outcome.value(), plain(n));
    }
    assert_eq!(run(&mut counter).value(), 1);
    drop(halted);
}

#[test]
fn closures_on_other_threads() {
    same!(thread_with_plain_closure(5)).returned();
    let values: Vec<u64> = (0..10_000).collect();
    same!(scoped_threads(&values)).returned();
    same!(scoped_threads(&[])).returned();
}

#[test]
fn returns_and_nesting() {
    let rows = vec![vec![1, 2, -3], vec![], vec![-1], vec![5; 5000]];
    same!(closure_returns(&rows)).returned();
    for n in [0, 1, 5, 20] {
        same!(nested_closures(n)).returned();
        same!(flat_map_zip(n as usize)).returned();
    }
    same!(move_and_once(vec!["a".into(), "bc".into(), "déf".into()])).returned();
}

#[test]
fn rayon_closures() {
    for n in [0, 1, 1000, 100_000] {
        same!(rayon_sum(n)).returned();
        same!(rayon_for_each_accumulates(n)).returned();
    }
    let values: Vec<u32> = (0..200).map(|i| i * 97 % 10_000).collect();
    same!(rayon_nested(&values)).returned();
    for n in [0, 1, 7, 10_000] {
        same!(rayon_chains(&values, n)).returned();
        same!(rayon_chains(&[], n)).returned();
    }
    for n in [0, 1, 9, 100, 10_000] {
        same!(stored_chains(&values, n)).returned();
        same!(stored_chains(&[], n)).returned();
        same!(stored_chain_corners(n)).returned();
        same!(param_iterators(&values, n)).returned();
        same!(mut_param_iterators(&values, n)).returned();
        same!(repeat_n_chains(n as u8, n as usize)).returned();
        let runs: Vec<(u8, u8)> = values.iter().map(|&v| (v as u8, (v % 13) as u8)).collect();
        same!(taken_sources(&runs, n as usize)).returned();
        same!(taken_sources(&[], n as usize)).returned();
        for k in [0, 1, 9, 200] {
            same!(split_takes(&values, n as usize, k)).returned();
            same!(split_takes(&[], n as usize, k)).returned();
        }
    }
    for (n, m) in [(0, 0), (0, 5), (5, 0), (3, 4), (20, 70_000), (300, 200)] {
        same!(counted_flattenings(n, m)).returned();
    }
    same!(thread_handoffs(7)).returned();
    for n in [0, 1, 2, 17, 160, 1000] {
        same!(ticked_flattenings(n)).returned();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prop_chains(values in prop::collection::vec(any::<i32>(), 0..300)) {
        same!(iterator_chains(&values)).returned();
        same!(fnmut_accumulator(&values)).returned();
    }

    #[test]
    fn prop_returned(a in any::<i64>(), b in any::<i64>(), x in any::<i64>()) {
        prop_assert_eq!(make_affine::plain::make_affine(a, b)(x), make_affine::haltable::make_affine(a, b)(x));
        prop_assert_eq!(compose::plain::compose(a, b)(x), compose::haltable::compose(a, b)(x));
    }
}

// Closures whose parameter, declared without a type, is first the receiver of a method call:
// asked about by value at the closure's start (`ask_val(&d)`), of every type the compiler may
// answer for, and of one that is inferred only from the closure's use (a generic `T`).
fn apply_to<T>(f: impl Fn(T) -> T, x: T) -> T {
    f(x)
}

fn longest<'a>(words: &[&'a str], f: impl Fn(&&'a str) -> usize) -> usize {
    words.iter().map(f).max().unwrap_or(0)
}

fn first_doubled<T: Copy + std::ops::Add<Output = T>>(values: &[T]) -> Option<T> {
    values.first().copied().map(|x| x.add(x))
}

twins! {
    fn closure_parameters_asked_by_value(
        values: &[u32],
        words: &[&str],
        k: u32,
    ) -> (u32, Option<u64>, u32, usize, Option<u32>, Option<String>, u32) {
        let first = values.first().copied().map_or(0, |d| d.min(60));
        let grown = u64::from(k).checked_mul(3).and_then(|m| m.checked_add(1));
        let squared = apply_to(|a| a.pow(2), k % 16);
        let widest = longest(words, |s| s.len());
        let doubled = first_doubled(values);
        let named = words.first().map(|w| w.to_uppercase());
        let folded = values.iter().fold(0u32, |acc, v| acc.wrapping_add(*v));
        (first, grown, squared, widest, doubled, named, folded)
    }
}

// Comparators whose parameters are shared references to primitives, asked about the
// reference (`ask_val(&a).__threadmgr_is_ref(..)`): f64's own `total_cmp` and core's `Ord::cmp`
// on `&P`, beside a user's trait with a by-value `total_cmp` implemented for `&f64`, which
// method lookup finds after f64's own; and a `&&u64` comparator, answered no (checked).
#[allow(dead_code)] // never called: what the test shows
mod shadowing {
    pub trait ByValue {
        fn total_cmp(self, other: &f64) -> std::cmp::Ordering;
    }
    impl ByValue for &f64 {
        fn total_cmp(self, _other: &f64) -> std::cmp::Ordering {
            std::cmp::Ordering::Less
        }
    }
}

twins! {
    fn comparators_on_references_to_primitives(
        floats: &[f64],
        ints: &[u64],
    ) -> (Vec<u64>, Vec<u64>, Vec<u64>, Option<u64>, std::cmp::Ordering) {
        #[allow(unused_imports)]
        use shadowing::ByValue;
        let mut sorted = floats.to_vec();
        sorted.sort_by(|a, b| a.total_cmp(b));
        let mut descending = ints.to_vec();
        descending.sort_unstable_by(|a, b| b.cmp(a));
        let mut refs: Vec<&u64> = ints.iter().collect();
        refs.sort_by(|a, b| b.cmp(a));
        let largest = floats.iter().copied().max_by(|a, b| a.total_cmp(b));
        let first = match floats {
            [a, b, ..] => a.total_cmp(b),
            _ => std::cmp::Ordering::Equal,
        };
        let sorted = sorted.iter().map(|x| x.to_bits()).collect();
        (sorted, descending, refs.into_iter().copied().collect(), largest.map(f64::to_bits), first)
    }
}

#[test]
fn comparators_on_references_to_primitives_keep_their_results() {
    same!(comparators_on_references_to_primitives(
        &[2.5, -1.0, f64::NAN, 0.0, -0.0, 7.25],
        &[5, 1, 9, 1, 0]
    ))
    .returned();
    same!(comparators_on_references_to_primitives(&[], &[])).returned();
}

#[test]
fn closure_parameters_asked_by_value_keep_their_results() {
    same!(closure_parameters_asked_by_value(
        &[70, 2, 3],
        &["ab", "cdef"],
        7
    ))
    .returned();
    same!(closure_parameters_asked_by_value(&[], &[], u32::MAX)).returned();
}

/// A type of the user's with a method named like the primitives' (`saturating_add`, by value),
/// captured by a closure that calls it.
#[derive(Clone, Copy)]
pub struct Meters(pub u32);

impl Meters {
    pub fn saturating_add(self, other: u32) -> u32 {
        self.0.wrapping_add(other).rotate_left(1)
    }
}

twins! {
    /// Locals of the fn, captured by closures that a library calls, first named there as a
    /// method's receiver: asked about by value (`q`, a `for`'s binding), whatever they are (a
    /// user's type, a reference, an owned `String` moved out after the call).
    fn captured_locals_asked_by_value(
        sorted: &[u32],
        queries: &[u32],
        words: &[&str],
    ) -> (Vec<usize>, Vec<usize>, Vec<String>, usize) {
        let mut ranks = Vec::new();
        for &q in queries {
            ranks.push(sorted.partition_point(|&x| x <= q.saturating_add(5)));
        }
        let mut mine = Vec::new();
        for &q in queries {
            let m = Meters(q);
            mine.push(sorted.partition_point(|&x| x <= m.saturating_add(5)));
        }
        let mut kept: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        for w in words {
            kept.retain(|k| k.len() != w.len() + 1);
        }
        let owned = String::from("abc");
        let consume = move || {
            let n = owned.len();
            drop(owned);
            n
        };
        (ranks, mine, kept, consume())
    }
}

#[test]
fn captured_locals_asked_by_value_keep_their_results() {
    same!(captured_locals_asked_by_value(
        &[1, 4, 9, 16, 25, 36, 1000],
        &[0, 3, 20, u32::MAX - 2, 40],
        &["a", "bb", "ccc", "dddd"]
    ))
    .returned();
    same!(captured_locals_asked_by_value(&[], &[], &[])).returned();
}
