//! "Daily": everyday code, each a small fn as a user writes it: sliding windows and exact
//! chunks, binary searches, `retain`/`sort_unstable`/`dedup`, a Caesar shift, a CSV column, an
//! RPN evaluator, bit tricks in a `while`, accounts updated through methods that return
//! `Result` with `?` in the loop, `BTreeMap` range sums, shapes behind `Box<dyn Trait>`, a
//! generic maximum, a byte histogram, a transpose, `write!` into a `String`, a `HashSet`
//! intersection, a flood fill over a `VecDeque`, a sieve, a helper `gcd` per pair, Kadane's
//! maximum subarray, a three-way `zip`, character frequencies sorted, words reversed, a bubble
//! sort with `swap`, `Option`s flattened, runs counted by index, a standardizing closure, and an
//! `enum` state machine over bytes. Written in issue 11's thirty-ninth session in one batch,
//! before any of it was measured, and kept whatever it measured. The frame is that of
//! `flat.rs`: written once in [`suite!`], emitted as `plain`, `twin` (the A/A control) and
//! `haltable` (every fn with its own `#[threadmgr::haltable]`), each kernel `#[inline(never)]`,
//! its digest salted per copy.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

/// What the kernels run on.
pub struct Inputs {
    /// 20,000 pseudo-random signed values.
    pub ints: Vec<i64>,
    /// 20,000 pseudo-random words.
    pub words: Vec<u32>,
    /// 4,096 sorted distinct keys, and 4,096 queries half of which hit.
    pub sorted: Vec<u32>,
    pub queries: Vec<u32>,
    /// About 40 KB of text: lowercase words, spaces, digits, punctuation, newlines.
    pub text: String,
    /// A CSV table of 1,500 rows of four fields, with a header.
    pub csv: String,
    /// An RPN program of 2,001 tokens.
    pub rpn: Vec<String>,
    /// 64 accounts and 5,000 transactions against them.
    pub txs: Vec<(usize, i64)>,
    /// A map of 5,000 keys and 500 ranges to sum over it.
    pub map: BTreeMap<u32, u32>,
    pub ranges: Vec<(u32, u32)>,
    /// 3,000 floats.
    pub floats: Vec<f64>,
    /// A 120 x 120 grid of 0 (open) and 1 (wall).
    pub grid: Vec<Vec<u8>>,
    /// 64 KB of bytes with runs.
    pub bytes: Vec<u8>,
    /// 5,000 options, a third of them `None`.
    pub options: Vec<Option<u32>>,
    /// A 80 x 60 matrix.
    pub matrix: Vec<Vec<f32>>,
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut rnd = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let ints = (0..20_000 / scale)
            .map(|_| (rnd() % 2001) as i64 - 1000)
            .collect();
        let words = (0..20_000 / scale).map(|_| rnd() as u32).collect();
        let sorted: Vec<u32> = (0..4096 / scale as u32).map(|i| i * 3 + 1).collect();
        let queries = (0..4096 / scale)
            .map(|_| (rnd() % (4096 * 3)) as u32)
            .collect();
        let mut text = String::new();
        while text.len() < 40_000 / scale {
            let r = rnd();
            match r % 11 {
                0 => text.push('\n'),
                1 => text.push_str(&format!("{} ", r % 997)),
                2 => text.push_str(", "),
                _ => {
                    for k in 0..(r >> 8) % 9 + 1 {
                        text.push((b'a' + ((r >> (12 + k * 3)) % 26) as u8) as char);
                    }
                    text.push(' ');
                }
            }
        }
        let mut csv = String::from("id,name,price,qty\n");
        for i in 0..1500 / scale {
            let r = rnd();
            if r % 50 == 0 {
                writeln!(csv, "{i},item{i},n/a,{}", r % 9).unwrap();
            } else {
                writeln!(
                    csv,
                    "{i},item{i},{}.{:02},{}",
                    r % 500,
                    (r >> 9) % 100,
                    r % 9
                )
                .unwrap();
            }
        }
        let mut rpn = vec!["1".to_string()];
        for i in 0..1000 / scale {
            rpn.push(((rnd() % 90) + 1).to_string());
            rpn.push(["+", "-", "*", "+"][i % 4].to_string());
        }
        let txs = (0..5000 / scale)
            .map(|_| {
                let r = rnd();
                ((r % 64) as usize, (r >> 8) as i64 % 300 - 120)
            })
            .collect();
        let map = (0..5000 / scale as u32)
            .map(|k| (k * 7, rnd() as u32 % 1000))
            .collect();
        let ranges = (0..500 / scale)
            .map(|_| {
                let a = (rnd() % 35_000) as u32;
                (a, a + (rnd() % 700) as u32)
            })
            .collect();
        let floats = (0..3000 / scale)
            .map(|_| (rnd() % 100_000) as f64 / 997.0)
            .collect();
        let side = 120 / scale.min(4);
        let grid = (0..side)
            .map(|_| (0..side).map(|_| u8::from(rnd() % 10 < 3)).collect())
            .collect();
        let mut bytes = Vec::new();
        while bytes.len() < 65_536 / scale {
            let r = rnd();
            bytes.extend(std::iter::repeat_n(
                (r % 7) as u8,
                (r >> 10) as usize % 12 + 1,
            ));
        }
        let options = (0..5000 / scale)
            .map(|_| {
                let r = rnd();
                (r % 3 != 0).then_some((r >> 5) as u32 % 10_000)
            })
            .collect();
        let matrix = (0..80 / scale.min(4))
            .map(|_| (0..60).map(|_| (rnd() % 1000) as f32 / 10.0).collect())
            .collect();
        Inputs {
            ints,
            words,
            sorted,
            queries,
            text,
            csv,
            rpn,
            txs,
            map,
            ranges,
            floats,
            grid,
            bytes,
            options,
            matrix,
        }
    }
}

/// The suite. `$salt` is the copy's `SALT`; `$h`, when given, is put on every fn.
macro_rules! suite {
    ($salt:expr $(, #[$h:meta])?) => {
        /// Mixed into every result of this copy.
        pub const SALT: u64 = $salt;

        // ------------------------------------------------------------ the types they use

        /// A shape behind a trait object.
        pub trait Shape {
            fn area(&self) -> f64;
            fn scale(&mut self, k: f64);
        }

        pub struct Circle {
            pub r: f64,
        }

        pub struct Rect {
            pub w: f64,
            pub h: f64,
        }

        /// A state of the byte scanner.
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub enum State {
            Space,
            Word,
            Number,
        }

        /// Why a transaction was refused.
        #[derive(Debug)]
        pub enum TxError {
            Overdrawn { id: u32, short: i64 },
            Frozen(u32),
        }

        /// An account the transactions change.
        pub struct Account {
            pub id: u32,
            pub balance: i64,
            pub frozen: bool,
        }

        // ------------------------------------------------------------ the shapes, as written

        $(#[$h])?
        fn max_step(v: &[i64]) -> i64 {
            v.windows(2).map(|w| (w[1] - w[0]).abs()).max().unwrap_or(0)
        }
        $(#[$h])?
        fn quad_mix(v: &[u32]) -> u64 {
            v.chunks_exact(4).map(|c| u64::from(c[0]) * u64::from(c[3]) + u64::from(c[1] ^ c[2])).sum()
        }
        $(#[$h])?
        fn hits(sorted: &[u32], queries: &[u32]) -> usize {
            queries.iter().filter(|q| sorted.binary_search(q).is_ok()).count()
        }
        $(#[$h])?
        fn distinct_non_triples(v: &[u32]) -> usize {
            let mut w = v.to_vec();
            w.retain(|x| x % 3 != 0);
            w.iter_mut().for_each(|x| *x %= 5000);
            w.sort_unstable();
            w.dedup();
            w.len()
        }
        $(#[$h])?
        fn caesar(s: &str, k: u8) -> String {
            s.bytes()
                .map(|b| if b.is_ascii_lowercase() { (b - b'a' + k) % 26 + b'a' } else { b } as char)
                .collect()
        }
        $(#[$h])?
        fn price_total(csv: &str) -> f64 {
            csv.lines()
                .skip(1)
                .filter_map(|line| line.split(',').nth(2))
                .filter_map(|field| field.parse::<f64>().ok())
                .sum()
        }
        $(#[$h])?
        fn rpn(tokens: &[String]) -> Option<i64> {
            let mut stack: Vec<i64> = Vec::new();
            for t in tokens {
                match t.as_str() {
                    "+" | "-" | "*" => {
                        let b = stack.pop()?;
                        let a = stack.pop()?;
                        stack.push(match t.as_str() {
                            "+" => a.wrapping_add(b),
                            "-" => a.wrapping_sub(b),
                            _ => a.wrapping_mul(b) % 1_000_000_007,
                        });
                    }
                    num => stack.push(num.parse().ok()?),
                }
            }
            stack.pop()
        }
        $(#[$h])?
        fn popcount_loop(v: &[u32]) -> u32 {
            let mut total = 0;
            for &x in v {
                let mut y = x;
                while y != 0 {
                    y &= y - 1;
                    total += 1;
                }
            }
            total
        }

        impl Account {
            $(#[$h])?
            fn apply(&mut self, amount: i64) -> Result<i64, TxError> {
                if self.frozen {
                    return Err(TxError::Frozen(self.id));
                }
                if self.balance + amount < 0 {
                    return Err(TxError::Overdrawn { id: self.id, short: -(self.balance + amount) });
                }
                self.balance += amount;
                Ok(self.balance)
            }
        }
        $(#[$h])?
        fn settle(accounts: &mut [Account], txs: &[(usize, i64)]) -> Result<i64, TxError> {
            let mut last = 0;
            for &(i, amount) in txs {
                last = accounts[i].apply(amount)?;
            }
            Ok(last)
        }
        $(#[$h])?
        fn run_ledger(txs: &[(usize, i64)]) -> (i64, usize) {
            let mut accounts: Vec<Account> =
                (0..64).map(|id| Account { id, balance: 500, frozen: id % 17 == 16 }).collect();
            let mut refused = 0;
            let mut total = 0;
            for batch in txs.chunks(10) {
                match settle(&mut accounts, batch) {
                    Ok(b) => total += b,
                    Err(TxError::Overdrawn { id, short }) => { refused += 1; total -= short + i64::from(id); }
                    Err(TxError::Frozen(id)) => { refused += 1; accounts[id as usize].frozen = false; }
                }
            }
            (total + accounts.iter().map(|a| a.balance).sum::<i64>(), refused)
        }
        $(#[$h])?
        fn range_sums(map: &BTreeMap<u32, u32>, ranges: &[(u32, u32)]) -> u64 {
            ranges.iter().map(|&(a, b)| map.range(a..b).map(|(_, v)| u64::from(*v)).sum::<u64>()).sum()
        }

        impl Shape for Circle {
            $(#[$h])?
            fn area(&self) -> f64 { std::f64::consts::PI * self.r * self.r }
            $(#[$h])?
            fn scale(&mut self, k: f64) { self.r *= k; }
        }
        impl Shape for Rect {
            $(#[$h])?
            fn area(&self) -> f64 { self.w * self.h }
            $(#[$h])?
            fn scale(&mut self, k: f64) { self.w *= k; self.h *= k; }
        }
        $(#[$h])?
        fn total_area(floats: &[f64]) -> f64 {
            let mut shapes: Vec<Box<dyn Shape>> = floats
                .iter()
                .enumerate()
                .map(|(i, &f)| -> Box<dyn Shape> {
                    if i % 2 == 0 { Box::new(Circle { r: f }) } else { Box::new(Rect { w: f, h: f / 2.0 + 1.0 }) }
                })
                .collect();
            for s in shapes.iter_mut() {
                s.scale(1.5);
            }
            shapes.iter().map(|s| s.area()).sum()
        }
        $(#[$h])?
        fn largest<T: PartialOrd + Copy>(v: &[T]) -> Option<T> {
            let mut it = v.iter();
            let mut best = *it.next()?;
            for &x in it {
                if x > best {
                    best = x;
                }
            }
            Some(best)
        }
        $(#[$h])?
        fn histogram_peak(bytes: &[u8]) -> (u8, u32) {
            let mut h = [0u32; 256];
            for &b in bytes {
                h[b as usize] += 1;
            }
            let (i, n) = h.iter().enumerate().max_by_key(|&(_, n)| *n).unwrap();
            (i as u8, *n)
        }
        $(#[$h])?
        fn transpose(m: &[Vec<f32>]) -> Vec<Vec<f32>> {
            let cols = m.first().map_or(0, |r| r.len());
            (0..cols).map(|j| m.iter().map(|row| row[j]).collect()).collect()
        }
        $(#[$h])?
        fn number_list(v: &[i64]) -> String {
            let mut s = String::new();
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                write!(s, "{x}").unwrap();
            }
            s
        }
        $(#[$h])?
        fn common(a: &[u32], b: &[u32]) -> usize {
            let set: HashSet<u32> = a.iter().map(|x| x % 4096).collect();
            b.iter().filter(|x| set.contains(&(*x % 8192))).count()
        }
        $(#[$h])?
        fn flood(grid: &[Vec<u8>]) -> usize {
            let h = grid.len();
            let w = grid[0].len();
            let mut seen = vec![vec![false; w]; h];
            let mut queue = VecDeque::new();
            queue.push_back((0usize, 0usize));
            seen[0][0] = true;
            let mut reached = 0;
            while let Some((r, c)) = queue.pop_front() {
                reached += 1;
                let mut next = Vec::with_capacity(4);
                if r > 0 { next.push((r - 1, c)); }
                if r + 1 < h { next.push((r + 1, c)); }
                if c > 0 { next.push((r, c - 1)); }
                if c + 1 < w { next.push((r, c + 1)); }
                for (nr, nc) in next {
                    if !seen[nr][nc] && grid[nr][nc] == 0 {
                        seen[nr][nc] = true;
                        queue.push_back((nr, nc));
                    }
                }
            }
            reached
        }
        $(#[$h])?
        fn sieve(n: usize) -> usize {
            let mut prime = vec![true; n + 1];
            prime[0] = false;
            if n >= 1 {
                prime[1] = false;
            }
            let mut i = 2;
            while i * i <= n {
                if prime[i] {
                    let mut j = i * i;
                    while j <= n {
                        prime[j] = false;
                        j += i;
                    }
                }
                i += 1;
            }
            prime.iter().filter(|&&p| p).count()
        }
        $(#[$h])?
        fn gcd(mut a: u64, mut b: u64) -> u64 {
            while b != 0 {
                let t = a % b;
                a = b;
                b = t;
            }
            a
        }
        $(#[$h])?
        fn gcd_sum(v: &[u32]) -> u64 {
            v.windows(2).map(|w| gcd(u64::from(w[0]) + 1, u64::from(w[1] % 10_000) + 1)).sum()
        }
        $(#[$h])?
        fn max_subarray(v: &[i64]) -> i64 {
            let mut best = v[0];
            let mut cur = 0;
            for &x in v {
                cur = (cur + x).max(x);
                best = best.max(cur);
            }
            best
        }
        $(#[$h])?
        fn weighted(a: &[f64], b: &[f64], c: &[f64]) -> f64 {
            a.iter().zip(b).zip(c).map(|((x, y), z)| x * y + z).sum()
        }
        $(#[$h])?
        fn letter_ranks(s: &str) -> Vec<(char, usize)> {
            let mut counts: HashMap<char, usize> = HashMap::new();
            for c in s.chars().filter(|c| c.is_alphabetic()) {
                *counts.entry(c).or_insert(0) += 1;
            }
            let mut v: Vec<(char, usize)> = counts.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        }
        $(#[$h])?
        fn reverse_words(s: &str) -> String {
            s.split_whitespace().rev().collect::<Vec<_>>().join(" ")
        }
        $(#[$h])?
        fn bubble_sort(v: &mut [i64]) {
            let mut n = v.len();
            let mut swapped = true;
            while swapped {
                swapped = false;
                for i in 1..n {
                    if v[i - 1] > v[i] {
                        v.swap(i - 1, i);
                        swapped = true;
                    }
                }
                n -= 1;
            }
        }
        $(#[$h])?
        fn odd_present(v: &[Option<u32>]) -> u32 {
            v.iter().flatten().copied().filter(|x| x % 2 == 1).sum()
        }
        $(#[$h])?
        fn count_runs(v: &[u8]) -> usize {
            let mut runs = 0;
            let mut i = 0;
            while i < v.len() {
                let b = v[i];
                let mut j = i;
                while j < v.len() && v[j] == b {
                    j += 1;
                }
                runs += 1;
                i = j;
            }
            runs
        }
        $(#[$h])?
        fn z_energy(v: &[f64]) -> f64 {
            let n = v.len() as f64;
            let mean = v.iter().sum::<f64>() / n;
            let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
            let z = |x: f64| (x - mean) / sd;
            v.iter().map(|&x| z(x).powi(2)).sum()
        }
        $(#[$h])?
        fn tokens(s: &[u8]) -> (usize, usize) {
            let mut state = State::Space;
            let (mut words, mut numbers) = (0, 0);
            for &b in s {
                let next = match b {
                    b'a'..=b'z' | b'A'..=b'Z' => State::Word,
                    b'0'..=b'9' if state != State::Word => State::Number,
                    b'0'..=b'9' => State::Word,
                    _ => State::Space,
                };
                if next != state {
                    match next {
                        State::Word => words += 1,
                        State::Number => numbers += 1,
                        State::Space => {}
                    }
                }
                state = next;
            }
            (words, numbers)
        }

        /// The kernels, one per shape.
        pub mod kernels {
            use super::*;
            daily_kernel!($(#[$h])? max_step(i) => super::max_step(&i.ints) as u64);
            daily_kernel!($(#[$h])? quad_mix(i) => super::quad_mix(&i.words));
            daily_kernel!($(#[$h])? hits(i) => super::hits(&i.sorted, &i.queries) as u64);
            daily_kernel!($(#[$h])? distinct_non_triples(i) => super::distinct_non_triples(&i.words) as u64);
            daily_kernel!($(#[$h])? caesar(i) => { let s = super::caesar(&i.text, 3); s.len() as u64 ^ u64::from(s.as_bytes()[s.len() / 2]) });
            daily_kernel!($(#[$h])? price_total(i) => super::price_total(&i.csv).to_bits());
            daily_kernel!($(#[$h])? rpn(i) => super::rpn(&i.rpn).unwrap_or(-1) as u64);
            daily_kernel!($(#[$h])? popcount_loop(i) => u64::from(super::popcount_loop(&i.words)));
            daily_kernel!($(#[$h])? run_ledger(i) => { let (t, r) = super::run_ledger(&i.txs); t as u64 ^ (r as u64) << 40 });
            daily_kernel!($(#[$h])? range_sums(i) => super::range_sums(&i.map, &i.ranges));
            daily_kernel!($(#[$h])? total_area(i) => super::total_area(&i.floats).to_bits());
            daily_kernel!($(#[$h])? largest(i) => super::largest(&i.floats).map_or(0, f64::to_bits) ^ super::largest(&i.ints).unwrap_or(0) as u64);
            daily_kernel!($(#[$h])? histogram_peak(i) => { let (b, n) = super::histogram_peak(i.text.as_bytes()); u64::from(b) << 32 | u64::from(n) });
            daily_kernel!($(#[$h])? transpose(i) => { let t = super::transpose(&i.matrix); t.len() as u64 ^ t[t.len() / 2][1].to_bits() as u64 });
            daily_kernel!($(#[$h])? number_list(i) => super::number_list(&i.ints[..4000.min(i.ints.len())]).len() as u64);
            daily_kernel!($(#[$h])? common(i) => super::common(&i.words[..5000.min(i.words.len())], &i.words) as u64);
            daily_kernel!($(#[$h])? flood(i) => super::flood(&i.grid) as u64);
            daily_kernel!($(#[$h])? sieve(i) => super::sieve(i.words.len() * 5) as u64);
            daily_kernel!($(#[$h])? gcd_sum(i) => super::gcd_sum(&i.words[..4000.min(i.words.len())]));
            daily_kernel!($(#[$h])? max_subarray(i) => super::max_subarray(&i.ints) as u64);
            daily_kernel!($(#[$h])? weighted(i) => { let n = i.floats.len() / 3; super::weighted(&i.floats[..n], &i.floats[n..2 * n], &i.floats[2 * n..]).to_bits() });
            daily_kernel!($(#[$h])? letter_ranks(i) => { let v = super::letter_ranks(&i.text); v.len() as u64 ^ (v[0].1 as u64) << 8 ^ u64::from(v[0].0) });
            daily_kernel!($(#[$h])? reverse_words(i) => { let s = super::reverse_words(&i.text); s.len() as u64 ^ u64::from(s.as_bytes()[s.len() / 3]) });
            daily_kernel!($(#[$h])? bubble_sort(i) => { let mut v = i.ints[..600.min(i.ints.len())].to_vec(); super::bubble_sort(&mut v); (v[0] ^ v[v.len() / 2] << 20) as u64 });
            daily_kernel!($(#[$h])? odd_present(i) => u64::from(super::odd_present(&i.options)));
            daily_kernel!($(#[$h])? count_runs(i) => super::count_runs(&i.bytes) as u64);
            daily_kernel!($(#[$h])? z_energy(i) => super::z_energy(&i.floats).to_bits());
            daily_kernel!($(#[$h])? tokens(i) => { let (w, n) = super::tokens(i.text.as_bytes()); (w as u64) << 32 | n as u64 });
        }

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = &[
            ("max_step", kernels::max_step),
            ("quad_mix", kernels::quad_mix),
            ("hits", kernels::hits),
            ("distinct_non_triples", kernels::distinct_non_triples),
            ("caesar", kernels::caesar),
            ("price_total", kernels::price_total),
            ("rpn", kernels::rpn),
            ("popcount_loop", kernels::popcount_loop),
            ("run_ledger", kernels::run_ledger),
            ("range_sums", kernels::range_sums),
            ("total_area", kernels::total_area),
            ("largest", kernels::largest),
            ("histogram_peak", kernels::histogram_peak),
            ("transpose", kernels::transpose),
            ("number_list", kernels::number_list),
            ("common", kernels::common),
            ("flood", kernels::flood),
            ("sieve", kernels::sieve),
            ("gcd_sum", kernels::gcd_sum),
            ("max_subarray", kernels::max_subarray),
            ("weighted", kernels::weighted),
            ("letter_ranks", kernels::letter_ranks),
            ("reverse_words", kernels::reverse_words),
            ("bubble_sort", kernels::bubble_sort),
            ("odd_present", kernels::odd_present),
            ("count_runs", kernels::count_runs),
            ("z_energy", kernels::z_energy),
            ("tokens", kernels::tokens),
        ];
    };
}

/// A kernel that calls one shape on the inputs, with `black_box` around them (the plain copy of
/// a call on constants would be computed at compile time), and salts its digest.
macro_rules! daily_kernel {
    ($(#[$h:meta])? $name:ident($i:ident) => $body:expr) => {
        $(#[$h])?
        #[inline(never)]
        pub fn $name(inputs: &Inputs) -> u64 {
            let $i = std::hint::black_box(inputs);
            std::hint::black_box($body) ^ SALT
        }
    };
}

pub mod plain {
    use super::*;
    suite!(0x0DA1_0001);
}

pub mod twin {
    use super::*;
    suite!(0x0DA1_0002);
}

pub mod haltable {
    use super::*;
    suite!(0x0DA1_0003, #[threadmgr::haltable]);
}
