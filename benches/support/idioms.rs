//! "Idioms": one-line Rust idioms, each a small fn as a user writes it (an iterator chain over a
//! range or a slice, a sort with a comparator, a `HashMap` count, a work list, a recursion),
//! to find costs of `#[haltable]` that whole kernels average away. The first 24 were written
//! in the eighteenth session of issue 11, in one go and before any was measured; the 25th,
//! `pair_sum_sq`, was added after `pair_products` measured hundreds of times plain (LLVM
//! computes the plain `pair_products` in closed form), as the same shape with a body that has
//! none. The frame is that of `wild.rs`: written once in [`suite!`], emitted as `plain`, `twin`
//! (the A/A control) and `haltable` (every fn with its own `#[threadmgr::haltable]`), each
//! kernel `#[inline(never)]`, its digest salted per copy.

use std::collections::HashMap;

/// A xorshift generator: the only source of the inputs.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// What the kernels run on.
pub struct Inputs {
    pub small: Vec<u32>,
    pub wide: Vec<u64>,
    pub signed: Vec<i32>,
    pub floats: Vec<f64>,
    pub words: Vec<String>,
    pub text: String,
    pub csv: String,
    pub scored: Vec<(u32, f64)>,
    pub keyed: Vec<(u32, u32)>,
    pub matrix: Vec<Vec<f64>>,
    /// Sizes of the range kernels.
    pub n: usize,
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let mut rng = Xorshift(0x2545_F491_4F6C_DD1D);
        let len = 10_000 / scale;
        let small: Vec<u32> = (0..len).map(|_| (rng.next() % 1000) as u32).collect();
        let wide = small.iter().map(|&x| u64::from(x) * 7919).collect();
        let signed = small.iter().map(|&x| x as i32 - 500).collect();
        let floats = small.iter().map(|&x| f64::from(x) * 0.37).collect();
        let words = (0..2000 / scale).map(|i| "w".repeat(i % 13 + 1)).collect();
        let text = (0..5000 / scale)
            .map(|i| format!("{} ", ["alpha", "beta", "7", "gamma", "42x"][i % 5]))
            .collect();
        let csv = (0..3000 / scale)
            .map(|i| format!("{}, ", i as i64 - 1500))
            .collect();
        let scored = small.iter().map(|&x| (x, f64::from(x) * 1.5)).collect();
        let keyed = small.iter().map(|&x| (x, x % 97)).collect();
        let side = 24 / scale.min(4);
        let matrix = (0..side)
            .map(|i| (0..side).map(|j| (i * j % 7) as f64).collect())
            .collect();
        Inputs {
            small,
            wide,
            signed,
            floats,
            words,
            text,
            csv,
            scored,
            keyed,
            matrix,
            n: 1000 / scale,
        }
    }
}

/// The suite. `$salt` is the copy's `SALT`; `$h`, when given, is put on every fn.
macro_rules! suite {
    ($salt:expr $(, #[$h:meta])?) => {
        /// Mixed into every result of this copy.
        pub const SALT: u64 = $salt;

        // ------------------------------------------------------------ the idioms, as written

        $(#[$h])? fn slice_map_collect(v: &[u32]) -> Vec<u64> { v.iter().map(|&x| u64::from(x) * 3).collect() }
        $(#[$h])? fn count_digits(s: &str) -> usize { s.bytes().filter(|b| b.is_ascii_digit()).count() }
        $(#[$h])? fn longest_word(words: &[String]) -> usize { words.iter().map(|w| w.len()).max().unwrap_or(0) }
        $(#[$h])? fn dot_by_index(a: &[u32], b: &[u32]) -> u64 { (0..a.len().min(b.len())).map(|i| u64::from(a[i]) * u64::from(b[i])).sum() }
        $(#[$h])? fn ascending_pairs(v: &[i32]) -> usize { v.windows(2).filter(|w| w[0] < w[1]).count() }
        $(#[$h])? fn word_freq(text: &str) -> usize { let mut m: HashMap<&str, u32> = HashMap::new(); for w in text.split_whitespace() { *m.entry(w).or_insert(0) += 1; } m.values().filter(|&&c| c > 1).count() }
        $(#[$h])? fn sort_pairs(v: &[(u32, f64)]) -> f64 { let mut w = v.to_vec(); w.sort_by(|a, b| a.1.partial_cmp(&b.1).unwrap()); w[w.len() / 2].1 }
        $(#[$h])? fn sort_keys(v: &[(u32, u32)]) -> u32 { let mut w = v.to_vec(); w.sort_unstable_by_key(|p| p.1); w[w.len() / 2].0 }
        $(#[$h])? fn hash_fold(v: &[u64]) -> u64 { v.iter().copied().fold(0u64, |acc, x| acc.wrapping_mul(31).wrapping_add(x)) }
        $(#[$h])? fn chunk_sums(v: &[u32]) -> Vec<u32> { v.chunks(4).map(|c| c.iter().sum::<u32>()).collect() }
        $(#[$h])? fn pair_products(n: u64, m: u64) -> u64 { (0..n).flat_map(|i| (0..m).map(move |j| i * j)).sum() }
        $(#[$h])? fn join_numbers(v: &[u32]) -> usize { v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",").len() }
        $(#[$h])? fn sines(n: u32) -> f64 { (0..n).map(|i| f64::from(i) * 0.5).map(f64::sin).sum() }
        $(#[$h])? fn fib(n: u32) -> u64 { if n < 2 { u64::from(n) } else { fib(n - 1) + fib(n - 2) } }
        $(#[$h])? fn worklist(n: usize) -> usize { let mut stack = vec![n]; let mut seen = 0; while let Some(x) = stack.pop() { seen += 1; if x > 1 { stack.push(x / 2); stack.push(x / 3); } } seen }
        $(#[$h])? fn squares_table(n: usize) -> Vec<u64> { (0..n).map(|i| (i * i) as u64).collect() }
        $(#[$h])? fn grid_init(w: usize, h: usize) -> Vec<Vec<u8>> { (0..h).map(|y| (0..w).map(|x| ((x ^ y) & 1) as u8).collect()).collect() }
        $(#[$h])? fn parse_ints(s: &str) -> i64 { s.split(',').filter_map(|t| t.trim().parse::<i64>().ok()).sum() }
        $(#[$h])? fn evens(n: u64) -> Vec<u64> { (0..n).filter(|x| x % 2 == 0).collect() }
        $(#[$h])? fn index_of_max(v: &[f64]) -> usize { (0..v.len()).max_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap_or(0) }
        $(#[$h])? fn prefix(v: &[u32]) -> Vec<u32> { let mut acc = 0; v.iter().map(|x| { acc += x; acc }).collect() }
        $(#[$h])? fn into_f64(v: &[i32]) -> Vec<f64> { v.iter().map(|&x| x.into()).collect() }
        $(#[$h])? fn bytes_rev(s: &str) -> String { s.chars().rev().collect() }
        $(#[$h])? fn matrix_mul(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> { let n = a.len(); (0..n).map(|i| (0..n).map(|j| (0..n).map(|k| a[i][k] * b[k][j]).sum()).collect()).collect() }
        $(#[$h])? fn pair_sum_sq(n: u64, m: u64) -> u64 { (0..n).flat_map(|i| (0..m).map(move |j| (i ^ j).wrapping_mul(0x9E37_79B9) >> 7)).sum() }

        // ------------------------------------------------------------ the kernels

        /// The kernels, one per idiom.
        pub mod kernels {
            use super::*;
            idiom_kernel!($(#[$h])? slice_map_collect(i) => digest_all(&super::slice_map_collect(&i.small)));
            idiom_kernel!($(#[$h])? count_digits(i) => super::count_digits(&i.text) as u64);
            idiom_kernel!($(#[$h])? longest_word(i) => super::longest_word(&i.words) as u64);
            idiom_kernel!($(#[$h])? dot_by_index(i) => super::dot_by_index(&i.small, &i.small));
            idiom_kernel!($(#[$h])? ascending_pairs(i) => super::ascending_pairs(&i.signed) as u64);
            idiom_kernel!($(#[$h])? word_freq(i) => super::word_freq(&i.text) as u64);
            idiom_kernel!($(#[$h])? sort_pairs(i) => super::sort_pairs(&i.scored).to_bits());
            idiom_kernel!($(#[$h])? sort_keys(i) => u64::from(super::sort_keys(&i.keyed)));
            idiom_kernel!($(#[$h])? hash_fold(i) => super::hash_fold(&i.wide));
            idiom_kernel!($(#[$h])? chunk_sums(i) => digest_all(&super::chunk_sums(&i.small)));
            idiom_kernel!($(#[$h])? pair_products(i) => super::pair_products(i.n as u64 / 10, i.n as u64 / 20));
            idiom_kernel!($(#[$h])? join_numbers(i) => super::join_numbers(&i.small) as u64);
            idiom_kernel!($(#[$h])? sines(i) => super::sines(i.n as u32).to_bits());
            idiom_kernel!($(#[$h])? fib(i) => super::fib(20 - 8 * u32::from(i.n < 1000)));
            idiom_kernel!($(#[$h])? worklist(i) => super::worklist(i.n * 1000) as u64);
            idiom_kernel!($(#[$h])? squares_table(i) => digest_all(&super::squares_table(i.n / 2)));
            idiom_kernel!($(#[$h])? grid_init(i) => super::grid_init(64, i.n / 16).iter().map(|row| digest_all(row)).fold(0, u64::wrapping_add));
            idiom_kernel!($(#[$h])? parse_ints(i) => super::parse_ints(&i.csv) as u64);
            idiom_kernel!($(#[$h])? evens(i) => digest_all(&super::evens(i.n as u64 * 2)));
            idiom_kernel!($(#[$h])? index_of_max(i) => super::index_of_max(&i.floats) as u64);
            idiom_kernel!($(#[$h])? prefix(i) => digest_all(&super::prefix(&i.small)));
            idiom_kernel!($(#[$h])? into_f64(i) => super::into_f64(&i.signed).iter().map(|x| x.to_bits()).fold(0, u64::wrapping_add));
            idiom_kernel!($(#[$h])? bytes_rev(i) => super::bytes_rev(&i.text).len() as u64);
            idiom_kernel!($(#[$h])? matrix_mul(i) => super::matrix_mul(&i.matrix, &i.matrix).iter().flatten().map(|x| x.to_bits()).fold(0, u64::wrapping_add));
            idiom_kernel!($(#[$h])? pair_sum_sq(i) => super::pair_sum_sq(i.n as u64 / 10, i.n as u64 / 20));
        }

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = &[
            ("slice_map_collect", kernels::slice_map_collect),
            ("count_digits", kernels::count_digits),
            ("longest_word", kernels::longest_word),
            ("dot_by_index", kernels::dot_by_index),
            ("ascending_pairs", kernels::ascending_pairs),
            ("word_freq", kernels::word_freq),
            ("sort_pairs", kernels::sort_pairs),
            ("sort_keys", kernels::sort_keys),
            ("hash_fold", kernels::hash_fold),
            ("chunk_sums", kernels::chunk_sums),
            ("pair_products", kernels::pair_products),
            ("join_numbers", kernels::join_numbers),
            ("sines", kernels::sines),
            ("fib", kernels::fib),
            ("worklist", kernels::worklist),
            ("squares_table", kernels::squares_table),
            ("grid_init", kernels::grid_init),
            ("parse_ints", kernels::parse_ints),
            ("evens", kernels::evens),
            ("index_of_max", kernels::index_of_max),
            ("prefix", kernels::prefix),
            ("into_f64", kernels::into_f64),
            ("bytes_rev", kernels::bytes_rev),
            ("matrix_mul", kernels::matrix_mul),
            ("pair_sum_sq", kernels::pair_sum_sq),
        ];
    };
}

/// A digest of a slice of numbers (outside the copies: the runner's, not the kernels').
fn digest_all<T: Copy + Into<u64>>(values: &[T]) -> u64 {
    values
        .iter()
        .fold(0u64, |h, &v| (h ^ v.into()).wrapping_mul(0x0100_0000_01b3))
}

/// A kernel that calls one idiom on the inputs, with `black_box` around them (the plain copy of
/// a call on constants would be computed at compile time), and salts its digest.
macro_rules! idiom_kernel {
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
    suite!(0x1D1_0001);
}

pub mod twin {
    use super::*;
    suite!(0x1D1_0002);
}

pub mod haltable {
    use super::*;
    suite!(0x1D1_0003, #[threadmgr::haltable]);
}
