//! "Ranges": iterator chains over integer ranges, each a small fn as a user writes it (`map`,
//! `filter`, `step_by`, `zip`, `chain`, `rev`, `take_while`, `scan`, searches, `collect`, ranges
//! without an end), to find the cliffs of the checked ranges that `#[haltable]` wraps a chain's
//! source in (`threadmgr/src/checked.rs`). Written in the twenty-third and twenty-fourth sessions
//! of issue 11 in a scratch crate, in batches, each batch before any of it was measured; several of
//! them were then cliffs and were fixed (`(0..).step_by(k)`, `(a..).take(n)`, `(0..a).chain(a..n)`,
//! range searches, `step_by` over a range), so this suite guards those shapes more than it measures
//! blind. Two shapes of those batches are left out: `(0..n).map(|i| v[i] + 1).last()` and
//! `(0..n).map(|i| v[i] & 1).eq((0..n).map(|i| v[i] % 2))`, whose plain code LLVM runs in constant
//! time (it reads one item, or proves the two sides equal) and a chunked loop does not: their
//! ratios (1,300x to 20,000x) grow with the input, and the runner, which sizes samples by the plain
//! copy, took seconds per sample of theirs. The frame is that of `idioms.rs`: written once in
//! [`suite!`], emitted as `plain`, `twin` (the A/A control) and `haltable` (every fn with its own
//! `#[threadmgr::haltable]`), each kernel `#[inline(never)]`, its digest salted per copy.

/// What the kernels run on.
pub struct Inputs {
    /// 65,536 `u64` (in cache), none of them 0, 3 or 7, so that searches for those run to the
    /// end.
    pub v: Vec<u64>,
    /// The length of the kernels over a range of their own.
    pub n: usize,
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let n = 65_536 / scale.max(1);
        let v = (0..n as u64)
            .map(|x| (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) | 8)
            .collect();
        Inputs { v, n }
    }
}

/// The suite. `$salt` is the copy's `SALT`; `$h`, when given, is put on every fn.
macro_rules! suite {
    ($salt:expr $(, #[$h:meta])?) => {
        /// Mixed into every result of this copy.
        pub const SALT: u64 = $salt;

        // ------------------------------------------------------------ the shapes, as written

        $(#[$h])? fn max_map(v: &[u64]) -> u64 { (0..v.len()).map(|i| v[i] ^ (i as u64)).max().unwrap_or(0) }
        $(#[$h])? fn min_by_key(v: &[u64]) -> u64 { (0..v.len()).min_by_key(|&i| v[i] % 1000).unwrap_or(0) as u64 }
        $(#[$h])? fn rev_enumerate(v: &[u64]) -> u64 { (0..v.len()).rev().enumerate().map(|(k, i)| v[i].wrapping_mul(k as u64)).fold(0, u64::wrapping_add) }
        $(#[$h])? fn skip_sum(v: &[u64]) -> u64 { (0..v.len()).skip(100).map(|i| v[i]).fold(0, u64::wrapping_add) }
        $(#[$h])? fn step_sum(v: &[u64]) -> u64 { (0..v.len()).step_by(3).map(|i| v[i]).fold(0, u64::wrapping_add) }
        $(#[$h])? fn chain_sum(v: &[u64]) -> u64 { (0..v.len() / 2).chain(v.len() / 2..v.len()).map(|i| v[i] >> 1).fold(0, u64::wrapping_add) }
        $(#[$h])? fn flat_pairs(v: &[u64]) -> u64 { (0..256u64).flat_map(|i| (0..256u64).map(move |j| (i ^ j).wrapping_mul(v[(i * 256 + j) as usize % v.len()]))).fold(0, u64::wrapping_add) }
        $(#[$h])? fn filter_map_sum(v: &[u64]) -> u64 { (0..v.len()).filter_map(|i| (v[i] % 3 == 0).then_some(v[i] / 3)).fold(0, u64::wrapping_add) }
        $(#[$h])? fn scan_prefix(v: &[u64]) -> u64 { (0..v.len()).scan(0u64, |acc, i| { *acc = acc.wrapping_add(v[i]); Some(*acc) }).fold(0, |a, x| a ^ x) }
        $(#[$h])? fn take_while_count(v: &[u64]) -> u64 { (0..v.len()).take_while(|&i| v[i] != 3).count() as u64 }
        $(#[$h])? fn skip_while_sum(v: &[u64]) -> u64 { (0..v.len()).skip_while(|&i| v[i] < 100).map(|i| v[i]).fold(0, u64::wrapping_add) }
        $(#[$h])? fn try_fold_checked(v: &[u64]) -> u64 { (0..v.len()).try_fold(0u64, |a, i| a.checked_add(v[i])).unwrap_or(0) }
        $(#[$h])? fn partition_even(v: &[u64]) -> u64 { { let (a, b): (Vec<usize>, Vec<usize>) = (0..v.len()).partition(|&i| v[i] % 2 == 0); (a.len() * 3 + b.len()) as u64 } }
        $(#[$h])? fn zip_ranges(v: &[u64]) -> u64 { (0..v.len()).zip(1..v.len()).map(|(i, j)| v[i] ^ v[j]).fold(0, u64::wrapping_add) }
        $(#[$h])? fn incl_product(v: &[u64]) -> u64 { (1..=v.len() as u64 % 64 + 20).map(|x| x | 1).fold(1u64, u64::wrapping_mul) }
        $(#[$h])? fn for_each_push(v: &[u64]) -> u64 { { let mut out = Vec::with_capacity(v.len()); (0..v.len()).for_each(|i| out.push(v[i] * 2)); out[out.len() / 2] } }
        $(#[$h])? fn bare_sum(v: &[u64]) -> u64 { (0..v.len() as u64).sum::<u64>() }
        $(#[$h])? fn peek_runs(v: &[u64]) -> u64 { { let mut it = (0..v.len()).peekable(); let mut runs = 0u64; while let Some(i) = it.next() { while it.peek().is_some_and(|&j| v[j] & 1 == v[i] & 1) { it.next(); } runs += 1; } runs } }
        $(#[$h])? fn rposition_like(v: &[u64]) -> u64 { (0..v.len()).rev().position(|i| v[i] == 3).unwrap_or(0) as u64 }
        $(#[$h])? fn count_filter(v: &[u64]) -> u64 { (0..v.len()).filter(|&i| v[i] % 7 == 0).count() as u64 }
        $(#[$h])? fn sum_u64(v: &[u64]) -> u64 { (0..v.len()).map(|i| v[i]).sum::<u64>() }
        $(#[$h])? fn enumerate_find(v: &[u64]) -> u64 { (0..v.len()).enumerate().find(|&(_, i)| v[i] == 3).map_or(0, |(k, _)| k as u64) }
        $(#[$h])? fn rev_sum(v: &[u64]) -> u64 { (0..v.len()).rev().map(|i| v[i].wrapping_mul(i as u64)).fold(0, u64::wrapping_add) }
        $(#[$h])? fn range_position(v: &[u64]) -> u64 { (0..v.len()).position(|i| v[i] == 7).map_or(0, |p| p as u64) }
        $(#[$h])? fn range_zip(v: &[u64]) -> u64 { (0..v.len()).zip(v.iter()).map(|(i, x)| (i as u64).wrapping_mul(*x)).fold(0, u64::wrapping_add) }
        $(#[$h])? fn range_any(v: &[u64]) -> u64 { u64::from((0..v.len()).any(|i| v[i] == 7)) }
        $(#[$h])? fn rev_find(v: &[u64]) -> u64 { (0..v.len()).rev().find(|&i| v[i] == 7).map_or(0, |p| p as u64) }
        $(#[$h])? fn incl_rev_sum(v: &[u64]) -> u64 { (1..=v.len() - 1).rev().map(|i| v[i] ^ v[i - 1]).fold(0, u64::wrapping_add) }
        $(#[$h])? fn range_max_by_key(v: &[u64]) -> u64 { (0..v.len()).max_by_key(|&i| v[i] & 0xffff).unwrap_or(0) as u64 }
        $(#[$h])? fn range_for_each(v: &[u64]) -> u64 { let mut s = 0u64; (0..v.len()).for_each(|i| s = s.wrapping_add(v[i] >> 3)); s }
        $(#[$h])? fn range_collect(n: usize) -> u64 { let v: Vec<u64> = (0..n as u64).map(|x| x * 3).collect(); v[v.len() / 2] }
        $(#[$h])? fn range_collect_big(n: usize) -> u64 { let v: Vec<u64> = (0..16 * n as u64).map(|x| x * 3).collect(); v[v.len() / 2] }
        $(#[$h])? fn range_filter_collect(n: usize) -> u64 { let v: Vec<u64> = (0..n as u64).filter(|x| x % 3 == 1).collect(); v[v.len() / 2] }
        $(#[$h])? fn take_from_sum(n: usize) -> u64 { (1u64..).take(n).map(|x| x.wrapping_mul(x) ^ 5).fold(0, u64::wrapping_add) }
        $(#[$h])? fn take_from_collect(n: usize) -> u64 { let v: Vec<u64> = (0u64..).take(n).map(|x| x * 3).collect(); v[v.len() / 2] }
        $(#[$h])? fn zip_take_from(n: usize) -> u64 { (0u32..).zip((5u64..).take(n)).map(|(a, b)| u64::from(a) * b).fold(0, u64::wrapping_add) }
        $(#[$h])? fn for_take_from(n: usize) -> u64 { let mut s = 0u64; for i in (0u64..).take(n) { s = s.wrapping_add(i * i); } s }
        $(#[$h])? fn revr(v: &[u64]) -> u64 { let mut s = 0u64; for i in (1..v.len()).rev() { s = s.wrapping_mul(31).wrapping_add(v[i] ^ v[i - 1]); } s }
        $(#[$h])? fn rev_dp(v: &[u64]) -> u64 { let mut best = vec![0u64; v.len() + 1]; for i in (0..v.len()).rev() { best[i] = best[i + 1].max(v[i] + if i + 2 <= v.len() { best[(i + 2).min(v.len())] } else { 0 }); } best[0] }
        $(#[$h])? fn pair_products(v: &[u64]) -> u64 { (0..v.len() - 1).step_by(2).map(|i| v[i].wrapping_mul(v[i + 1])).fold(0, u64::wrapping_add) }
        $(#[$h])? fn odd_squares(n: u64) -> u64 { (1..=n).step_by(2).map(|k| k.wrapping_mul(k)).fold(0, u64::wrapping_add) }
        $(#[$h])? fn stride_count(v: &[u64]) -> u64 { (0..v.len()).step_by(4).filter(|&i| v[i] % 3 == 0).count() as u64 }
        $(#[$h])? fn stride_any(v: &[u64]) -> u64 { (0..v.len()).step_by(7).any(|i| v[i] == 0) as u64 }
        $(#[$h])? fn block_max(v: &[u64]) -> u64 { (0..v.len()).step_by(16).map(|i| v[i..(i + 16).min(v.len())].iter().sum::<u64>()).max().unwrap_or(0) }
        $(#[$h])? fn stride_position(v: &[u64]) -> u64 { (0..v.len()).step_by(5).position(|i| v[i] == 9).unwrap_or(0) as u64 }
        $(#[$h])? fn incl_stride(v: &[u64]) -> u64 { (0..=v.len() - 1).step_by(3).map(|i| v[i] >> 2).sum::<u64>() }
        $(#[$h])? fn stepfrom(k: usize, n: usize) -> u64 { (0u64..).step_by(k).take(n).map(|x| x ^ 3).sum() }
        $(#[$h])? fn collatz_max(n: u64) -> u64 { (1u64..).take_while(|&x| x < n).map(|mut x| { let mut s = 0; while x != 1 { x = if x % 2 == 0 { x / 2 } else { 3 * x + 1 }; s += 1; } s }).max().unwrap_or(0) }
        $(#[$h])? fn zip_from(v: &[u64]) -> u64 { v.iter().zip(1u64..).map(|(x, i)| x.wrapping_mul(i)).fold(0, u64::wrapping_add) }

        // ------------------------------------------------------------ the kernels

        /// The kernels, one per shape.
        pub mod kernels {
            use super::*;
            range_kernel!($(#[$h])? max_map(i) => super::max_map(&i.v));
            range_kernel!($(#[$h])? min_by_key(i) => super::min_by_key(&i.v));
            range_kernel!($(#[$h])? rev_enumerate(i) => super::rev_enumerate(&i.v));
            range_kernel!($(#[$h])? skip_sum(i) => super::skip_sum(&i.v));
            range_kernel!($(#[$h])? step_sum(i) => super::step_sum(&i.v));
            range_kernel!($(#[$h])? chain_sum(i) => super::chain_sum(&i.v));
            range_kernel!($(#[$h])? flat_pairs(i) => super::flat_pairs(&i.v));
            range_kernel!($(#[$h])? filter_map_sum(i) => super::filter_map_sum(&i.v));
            range_kernel!($(#[$h])? scan_prefix(i) => super::scan_prefix(&i.v));
            range_kernel!($(#[$h])? take_while_count(i) => super::take_while_count(&i.v));
            range_kernel!($(#[$h])? skip_while_sum(i) => super::skip_while_sum(&i.v));
            range_kernel!($(#[$h])? try_fold_checked(i) => super::try_fold_checked(&i.v));
            range_kernel!($(#[$h])? partition_even(i) => super::partition_even(&i.v));
            range_kernel!($(#[$h])? zip_ranges(i) => super::zip_ranges(&i.v));
            range_kernel!($(#[$h])? incl_product(i) => super::incl_product(&i.v));
            range_kernel!($(#[$h])? for_each_push(i) => super::for_each_push(&i.v));
            range_kernel!($(#[$h])? bare_sum(i) => super::bare_sum(&i.v));
            range_kernel!($(#[$h])? peek_runs(i) => super::peek_runs(&i.v));
            range_kernel!($(#[$h])? rposition_like(i) => super::rposition_like(&i.v));
            range_kernel!($(#[$h])? count_filter(i) => super::count_filter(&i.v));
            range_kernel!($(#[$h])? sum_u64(i) => super::sum_u64(&i.v));
            range_kernel!($(#[$h])? enumerate_find(i) => super::enumerate_find(&i.v));
            range_kernel!($(#[$h])? rev_sum(i) => super::rev_sum(&i.v));
            range_kernel!($(#[$h])? range_position(i) => super::range_position(&i.v));
            range_kernel!($(#[$h])? range_zip(i) => super::range_zip(&i.v));
            range_kernel!($(#[$h])? range_any(i) => super::range_any(&i.v));
            range_kernel!($(#[$h])? rev_find(i) => super::rev_find(&i.v));
            range_kernel!($(#[$h])? incl_rev_sum(i) => super::incl_rev_sum(&i.v));
            range_kernel!($(#[$h])? range_max_by_key(i) => super::range_max_by_key(&i.v));
            range_kernel!($(#[$h])? range_for_each(i) => super::range_for_each(&i.v));
            range_kernel!($(#[$h])? range_collect(i) => super::range_collect(i.n));
            range_kernel!($(#[$h])? range_collect_big(i) => super::range_collect_big(i.n));
            range_kernel!($(#[$h])? range_filter_collect(i) => super::range_filter_collect(i.n));
            range_kernel!($(#[$h])? take_from_sum(i) => super::take_from_sum(i.n));
            range_kernel!($(#[$h])? take_from_collect(i) => super::take_from_collect(i.n));
            range_kernel!($(#[$h])? zip_take_from(i) => super::zip_take_from(i.n));
            range_kernel!($(#[$h])? for_take_from(i) => super::for_take_from(i.n));
            range_kernel!($(#[$h])? revr(i) => super::revr(&i.v));
            range_kernel!($(#[$h])? rev_dp(i) => super::rev_dp(&i.v));
            range_kernel!($(#[$h])? pair_products(i) => super::pair_products(&i.v));
            range_kernel!($(#[$h])? odd_squares(i) => super::odd_squares(i.n as u64));
            range_kernel!($(#[$h])? stride_count(i) => super::stride_count(&i.v));
            range_kernel!($(#[$h])? stride_any(i) => super::stride_any(&i.v));
            range_kernel!($(#[$h])? block_max(i) => super::block_max(&i.v));
            range_kernel!($(#[$h])? stride_position(i) => super::stride_position(&i.v));
            range_kernel!($(#[$h])? incl_stride(i) => super::incl_stride(&i.v));
            range_kernel!($(#[$h])? stepfrom(i) => super::stepfrom(1000, i.n));
            range_kernel!($(#[$h])? collatz_max(i) => super::collatz_max(i.n as u64 / 64));
            range_kernel!($(#[$h])? zip_from(i) => super::zip_from(&i.v));
        }

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = &[
            ("max_map", kernels::max_map),
            ("min_by_key", kernels::min_by_key),
            ("rev_enumerate", kernels::rev_enumerate),
            ("skip_sum", kernels::skip_sum),
            ("step_sum", kernels::step_sum),
            ("chain_sum", kernels::chain_sum),
            ("flat_pairs", kernels::flat_pairs),
            ("filter_map_sum", kernels::filter_map_sum),
            ("scan_prefix", kernels::scan_prefix),
            ("take_while_count", kernels::take_while_count),
            ("skip_while_sum", kernels::skip_while_sum),
            ("try_fold_checked", kernels::try_fold_checked),
            ("partition_even", kernels::partition_even),
            ("zip_ranges", kernels::zip_ranges),
            ("incl_product", kernels::incl_product),
            ("for_each_push", kernels::for_each_push),
            ("bare_sum", kernels::bare_sum),
            ("peek_runs", kernels::peek_runs),
            ("rposition_like", kernels::rposition_like),
            ("count_filter", kernels::count_filter),
            ("sum_u64", kernels::sum_u64),
            ("enumerate_find", kernels::enumerate_find),
            ("rev_sum", kernels::rev_sum),
            ("range_position", kernels::range_position),
            ("range_zip", kernels::range_zip),
            ("range_any", kernels::range_any),
            ("rev_find", kernels::rev_find),
            ("incl_rev_sum", kernels::incl_rev_sum),
            ("range_max_by_key", kernels::range_max_by_key),
            ("range_for_each", kernels::range_for_each),
            ("range_collect", kernels::range_collect),
            ("range_collect_big", kernels::range_collect_big),
            ("range_filter_collect", kernels::range_filter_collect),
            ("take_from_sum", kernels::take_from_sum),
            ("take_from_collect", kernels::take_from_collect),
            ("zip_take_from", kernels::zip_take_from),
            ("for_take_from", kernels::for_take_from),
            ("revr", kernels::revr),
            ("rev_dp", kernels::rev_dp),
            ("pair_products", kernels::pair_products),
            ("odd_squares", kernels::odd_squares),
            ("stride_count", kernels::stride_count),
            ("stride_any", kernels::stride_any),
            ("block_max", kernels::block_max),
            ("stride_position", kernels::stride_position),
            ("incl_stride", kernels::incl_stride),
            ("stepfrom", kernels::stepfrom),
            ("collatz_max", kernels::collatz_max),
            ("zip_from", kernels::zip_from),
        ];
    };
}

/// A kernel that calls one shape on the inputs, with `black_box` around them (the plain copy of
/// a call on constants would be computed at compile time), and salts its digest.
macro_rules! range_kernel {
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
    suite!(0x2A6_0001);
}

pub mod twin {
    use super::*;
    suite!(0x2A6_0002);
}

pub mod haltable {
    use super::*;
    suite!(0x2A6_0003, #[threadmgr::haltable]);
}
