//! "Mixed": adapters and library calls the other suites use little, each a small fn as a user
//! writes it: `peekable` run grouping, `skip_while`/`take_while` trimming, pairs by
//! `zip(skip(1))`, `rposition`, `dedup_by_key`, `rev().enumerate()`, `windows(3)`, `split` on
//! a slice, `filter_map` with `ok()`, float `max_by(partial_cmp)`, tuple `fold`s, `scan`,
//! `chain` of slices with `iter::once`, `unzip`, `partition`, `try_for_each` with `?`,
//! `sort_by_cached_key`, a Dijkstra over a `BinaryHeap`, `to_digit` checksums, `to_lowercase`
//! per word, `array::from_fn`, bits by `for bit in 0..64`, `checked_mul` with `?` on `Option`,
//! `chunks` zipped with a slice, `last`/`nth`, a `HashSet` of clones, and `any` inside `all`.
//! Written in issue 11's thirty-ninth session in one batch, after `daily.rs` was measured and
//! before any of this was, and kept whatever it measured. The frame is that of `daily.rs`:
//! written once in [`suite!`], emitted as `plain`, `twin` (the A/A control) and `haltable`
//! (every fn with its own `#[threadmgr::haltable]`), each kernel `#[inline(never)]`, its digest
//! salted per copy.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

/// What the kernels run on.
pub struct Inputs {
    /// 16,000 small values with runs.
    pub runs: Vec<u16>,
    /// 10,000 pseudo-random words.
    pub words: Vec<u64>,
    /// 4,000 floats, some negative.
    pub floats: Vec<f64>,
    /// About 30 KB of text: words of mixed case, digits, punctuation.
    pub text: String,
    /// 3,000 tokens, some of them not numbers.
    pub tokens: Vec<String>,
    /// A graph of 2,000 nodes, each with up to 4 weighted edges.
    pub graph: Vec<Vec<(usize, u32)>>,
    /// 2,000 card-like digit strings of 16 digits.
    pub cards: Vec<String>,
    /// 1,200 rows of 8 values.
    pub rows: Vec<[u32; 8]>,
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let mut x = 0x1234_5678_9ABC_DEF1u64;
        let mut rnd = move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            x >> 17
        };
        let mut runs = Vec::new();
        while runs.len() < 16_000 / scale {
            let r = rnd();
            let len = (r % 9 + 1) as usize;
            runs.extend(std::iter::repeat_n((r >> 8) as u16 % 50, len));
        }
        let words = (0..10_000 / scale).map(|_| rnd()).collect();
        let floats = (0..4000 / scale)
            .map(|_| (rnd() % 20_000) as f64 / 7.0 - 900.0)
            .collect();
        let mut text = String::new();
        while text.len() < 30_000 / scale {
            let r = rnd();
            match r % 7 {
                0 => text.push_str(&format!("{} ", r % 10_000)),
                1 => text.push_str(". "),
                _ => {
                    for k in 0..(r >> 4) % 8 + 2 {
                        let c = (b'a' + ((r >> (8 + 3 * k)) % 26) as u8) as char;
                        text.push(if (r >> (30 + k)) & 3 == 0 {
                            c.to_ascii_uppercase()
                        } else {
                            c
                        });
                    }
                    text.push(' ');
                }
            }
        }
        let tokens = (0..3000 / scale)
            .map(|_| {
                let r = rnd();
                if r % 9 == 0 {
                    format!("x{}", r % 100)
                } else {
                    (r % 100_000).to_string()
                }
            })
            .collect();
        let nodes = 2000 / scale;
        let graph = (0..nodes)
            .map(|_| {
                (0..rnd() % 5)
                    .map(|_| ((rnd() as usize) % nodes, (rnd() % 100) as u32 + 1))
                    .collect()
            })
            .collect();
        let cards = (0..2000 / scale)
            .map(|_| format!("{:016}", rnd() % 10_000_000_000_000_000))
            .collect();
        let rows = (0..1200 / scale)
            .map(|_| std::array::from_fn(|_| (rnd() % 1000) as u32))
            .collect();
        Inputs {
            runs,
            words,
            floats,
            text,
            tokens,
            graph,
            cards,
            rows,
        }
    }
}

/// The suite. `$salt` is the copy's `SALT`; `$h`, when given, is put on every fn.
macro_rules! suite {
    ($salt:expr $(, #[$h:meta])?) => {
        /// Mixed into every result of this copy.
        pub const SALT: u64 = $salt;

        // ------------------------------------------------------------ the shapes, as written

        $(#[$h])?
        fn group_runs(v: &[u16]) -> Vec<(u16, usize)> {
            let mut out = Vec::new();
            let mut it = v.iter().peekable();
            while let Some(&x) = it.next() {
                let mut n = 1;
                while it.peek() == Some(&&x) {
                    it.next();
                    n += 1;
                }
                out.push((x, n));
            }
            out
        }
        $(#[$h])?
        fn trimmed_sum(v: &[u16]) -> u64 {
            v.iter().skip_while(|&&x| x < 10).take_while(|&&x| x != 49).map(|&x| u64::from(x)).sum()
        }
        $(#[$h])?
        fn rises(v: &[f64]) -> usize {
            v.iter().zip(v.iter().skip(1)).filter(|(a, b)| b > a).count()
        }
        $(#[$h])?
        fn last_big(v: &[u64]) -> Option<usize> {
            v.iter().rposition(|&x| x % 1_000 == 999)
        }
        $(#[$h])?
        fn dedup_tens(v: &[u16]) -> usize {
            let mut w = v.to_vec();
            w.dedup_by_key(|x| *x / 10);
            w.len()
        }
        $(#[$h])?
        fn weighted_from_end(v: &[u64]) -> u64 {
            v.iter().rev().enumerate().map(|(i, &x)| (x % 1000) * i as u64).fold(0, u64::wrapping_add)
        }
        $(#[$h])?
        fn peaks(v: &[f64]) -> usize {
            v.windows(3).filter(|w| w[1] > w[0] && w[1] > w[2]).count()
        }
        $(#[$h])?
        fn segment_lengths(v: &[u16]) -> usize {
            v.split(|&x| x == 0).map(|s| s.len()).max().unwrap_or(0)
        }
        $(#[$h])?
        fn number_total(tokens: &[String]) -> u64 {
            tokens.iter().filter_map(|t| t.parse::<u64>().ok()).sum()
        }
        $(#[$h])?
        fn max_float(v: &[f64]) -> f64 {
            v.iter().copied().max_by(|a, b| a.partial_cmp(b).unwrap()).unwrap_or(f64::NAN)
        }
        $(#[$h])?
        fn min_max_mean(v: &[f64]) -> (f64, f64, f64) {
            let (lo, hi, sum) = v.iter().fold((f64::INFINITY, f64::NEG_INFINITY, 0.0), |(lo, hi, s), &x| {
                (lo.min(x), hi.max(x), s + x)
            });
            (lo, hi, sum / v.len() as f64)
        }
        $(#[$h])?
        fn running_max_sum(v: &[u64]) -> u64 {
            v.iter().scan(0u64, |m, &x| { *m = (*m).max(x % 10_000); Some(*m) }).sum()
        }
        $(#[$h])?
        fn framed(a: &[u16], b: &[u16]) -> u64 {
            std::iter::once(&7u16).chain(a).chain(b).chain(std::iter::once(&9u16)).map(|&x| u64::from(x) * 3).sum()
        }
        $(#[$h])?
        fn split_pairs(v: &[u64]) -> (u64, u64) {
            let (evens, odds): (Vec<u64>, Vec<u64>) = v.iter().map(|&x| (x & !1, x | 1)).unzip();
            (evens.iter().fold(0, |a, x| a ^ x), odds.iter().fold(0, |a, x| a ^ x))
        }
        $(#[$h])?
        fn split_signs(v: &[f64]) -> (usize, usize) {
            let (neg, pos): (Vec<f64>, Vec<f64>) = v.iter().partition(|&&x| x < 0.0);
            (neg.len(), pos.len())
        }
        $(#[$h])?
        fn all_numbers(tokens: &[String]) -> Result<u64, std::num::ParseIntError> {
            let mut total = 0u64;
            tokens.iter().filter(|t| !t.starts_with('x')).try_for_each(|t| {
                total += t.parse::<u64>()?;
                Ok(())
            })?;
            Ok(total)
        }
        $(#[$h])?
        fn sorted_by_lower(words: &[&str]) -> Vec<String> {
            let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            v.sort_by_cached_key(|w| w.to_lowercase());
            v
        }
        $(#[$h])?
        fn shortest(graph: &[Vec<(usize, u32)>], from: usize) -> Vec<u32> {
            let mut dist = vec![u32::MAX; graph.len()];
            let mut heap = BinaryHeap::new();
            dist[from] = 0;
            heap.push(Reverse((0u32, from)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for &(v, w) in &graph[u] {
                    let nd = d + w;
                    if nd < dist[v] {
                        dist[v] = nd;
                        heap.push(Reverse((nd, v)));
                    }
                }
            }
            dist
        }
        $(#[$h])?
        fn luhn(card: &str) -> bool {
            let sum: u32 = card
                .chars()
                .rev()
                .filter_map(|c| c.to_digit(10))
                .enumerate()
                .map(|(i, d)| if i % 2 == 1 { let e = d * 2; if e > 9 { e - 9 } else { e } } else { d })
                .sum();
            sum % 10 == 0
        }
        $(#[$h])?
        fn lower_words(s: &str) -> usize {
            s.split_whitespace().map(|w| w.to_lowercase()).filter(|w| w.starts_with('a')).count()
        }
        $(#[$h])?
        fn row_spans(rows: &[[u32; 8]]) -> u64 {
            rows.iter()
                .map(|r| {
                    let d: [u32; 7] = std::array::from_fn(|i| r[i + 1].abs_diff(r[i]));
                    u64::from(d.iter().max().copied().unwrap_or(0))
                })
                .sum()
        }
        $(#[$h])?
        fn bit_positions(v: &[u64]) -> u64 {
            let mut total = 0;
            for &x in v {
                for bit in 0..64 {
                    if x >> bit & 1 == 1 {
                        total += bit;
                    }
                }
            }
            total
        }
        $(#[$h])?
        fn product_checked(v: &[u64]) -> Option<u64> {
            let mut p = 1u64;
            for &x in v {
                p = p.checked_mul(x % 7 + 1)?;
                if p > 1 << 40 {
                    p %= 1_000_003;
                }
            }
            Some(p)
        }
        $(#[$h])?
        fn blocks_dot(v: &[u64], w: &[u64]) -> u64 {
            v.chunks(16).zip(w).map(|(c, &k)| c.iter().map(|&x| (x & 0xffff) * (k & 0xff)).sum::<u64>()).fold(0, u64::wrapping_add)
        }
        $(#[$h])?
        fn ends(v: &[u64]) -> u64 {
            let last = v.iter().filter(|&&x| x % 3 == 0).last().copied().unwrap_or(0);
            let nth = v.iter().filter(|&&x| x % 5 == 0).nth(100).copied().unwrap_or(0);
            last ^ nth
        }
        $(#[$h])?
        fn distinct_words(s: &str) -> usize {
            let set: HashSet<String> = s.split(' ').filter(|w| !w.is_empty()).map(|w| w.to_owned()).collect();
            set.len()
        }
        $(#[$h])?
        fn rows_with_pairs(rows: &[[u32; 8]]) -> usize {
            rows.iter().filter(|r| r.iter().all(|&x| x < 990) && r.iter().any(|&x| x % 97 == 0)).count()
        }

        /// The kernels, one per shape.
        pub mod kernels {
            use super::*;
            mixed_kernel!($(#[$h])? group_runs(i) => { let g = super::group_runs(&i.runs); g.len() as u64 ^ g[g.len() / 2].1 as u64 });
            mixed_kernel!($(#[$h])? trimmed_sum(i) => super::trimmed_sum(&i.runs));
            mixed_kernel!($(#[$h])? rises(i) => super::rises(&i.floats) as u64);
            mixed_kernel!($(#[$h])? last_big(i) => super::last_big(&i.words).map_or(u64::MAX, |p| p as u64));
            mixed_kernel!($(#[$h])? dedup_tens(i) => super::dedup_tens(&i.runs) as u64);
            mixed_kernel!($(#[$h])? weighted_from_end(i) => super::weighted_from_end(&i.words));
            mixed_kernel!($(#[$h])? peaks(i) => super::peaks(&i.floats) as u64);
            mixed_kernel!($(#[$h])? segment_lengths(i) => super::segment_lengths(&i.runs) as u64);
            mixed_kernel!($(#[$h])? number_total(i) => super::number_total(&i.tokens));
            mixed_kernel!($(#[$h])? max_float(i) => super::max_float(&i.floats).to_bits());
            mixed_kernel!($(#[$h])? min_max_mean(i) => { let (a, b, c) = super::min_max_mean(&i.floats); a.to_bits() ^ b.to_bits().rotate_left(7) ^ c.to_bits().rotate_left(13) });
            mixed_kernel!($(#[$h])? running_max_sum(i) => super::running_max_sum(&i.words));
            mixed_kernel!($(#[$h])? framed(i) => { let n = i.runs.len() / 2; super::framed(&i.runs[..n], &i.runs[n..]) });
            mixed_kernel!($(#[$h])? split_pairs(i) => { let (a, b) = super::split_pairs(&i.words); a ^ b.rotate_left(3) });
            mixed_kernel!($(#[$h])? split_signs(i) => { let (a, b) = super::split_signs(&i.floats); (a as u64) << 32 | b as u64 });
            mixed_kernel!($(#[$h])? all_numbers(i) => super::all_numbers(&i.tokens).unwrap_or(0));
            mixed_kernel!($(#[$h])? sorted_by_lower(i) => { let words: Vec<&str> = i.text.split(' ').take(1500).collect(); let v = super::sorted_by_lower(&words); v.len() as u64 ^ v[v.len() / 2].len() as u64 });
            mixed_kernel!($(#[$h])? shortest(i) => { let d = super::shortest(&i.graph, 0); d.iter().filter(|&&x| x != u32::MAX).map(|&x| u64::from(x)).sum::<u64>() });
            mixed_kernel!($(#[$h])? luhn(i) => i.cards.iter().filter(|c| super::luhn(c)).count() as u64);
            mixed_kernel!($(#[$h])? lower_words(i) => super::lower_words(&i.text) as u64);
            mixed_kernel!($(#[$h])? row_spans(i) => super::row_spans(&i.rows));
            mixed_kernel!($(#[$h])? bit_positions(i) => super::bit_positions(&i.words[..2000.min(i.words.len())]));
            mixed_kernel!($(#[$h])? product_checked(i) => super::product_checked(&i.words).unwrap_or(0));
            mixed_kernel!($(#[$h])? blocks_dot(i) => super::blocks_dot(&i.words, &i.words[..i.words.len() / 16]));
            mixed_kernel!($(#[$h])? ends(i) => super::ends(&i.words));
            mixed_kernel!($(#[$h])? distinct_words(i) => super::distinct_words(&i.text) as u64);
            mixed_kernel!($(#[$h])? rows_with_pairs(i) => super::rows_with_pairs(&i.rows) as u64);
        }

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = &[
            ("group_runs", kernels::group_runs),
            ("trimmed_sum", kernels::trimmed_sum),
            ("rises", kernels::rises),
            ("last_big", kernels::last_big),
            ("dedup_tens", kernels::dedup_tens),
            ("weighted_from_end", kernels::weighted_from_end),
            ("peaks", kernels::peaks),
            ("segment_lengths", kernels::segment_lengths),
            ("number_total", kernels::number_total),
            ("max_float", kernels::max_float),
            ("min_max_mean", kernels::min_max_mean),
            ("running_max_sum", kernels::running_max_sum),
            ("framed", kernels::framed),
            ("split_pairs", kernels::split_pairs),
            ("split_signs", kernels::split_signs),
            ("all_numbers", kernels::all_numbers),
            ("sorted_by_lower", kernels::sorted_by_lower),
            ("shortest", kernels::shortest),
            ("luhn", kernels::luhn),
            ("lower_words", kernels::lower_words),
            ("row_spans", kernels::row_spans),
            ("bit_positions", kernels::bit_positions),
            ("product_checked", kernels::product_checked),
            ("blocks_dot", kernels::blocks_dot),
            ("ends", kernels::ends),
            ("distinct_words", kernels::distinct_words),
            ("rows_with_pairs", kernels::rows_with_pairs),
        ];
    };
}

/// A kernel that calls one shape on the inputs, with `black_box` around them (the plain copy of
/// a call on constants would be computed at compile time), and salts its digest.
macro_rules! mixed_kernel {
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
    suite!(0x0417_0001);
}

pub mod twin {
    use super::*;
    suite!(0x0417_0002);
}

pub mod haltable {
    use super::*;
    suite!(0x0417_0003, #[threadmgr::haltable]);
}
