//! "Flat": flattenings and counts of copies, each a small fn as a user writes it: run-length
//! decoding with `flat_map` over `repeat_n` and `repeat(b).take(n)` (collected, summed, and
//! extended in a loop), grid coordinates with `flat_map` over ranges (collected, counted,
//! iterated by `for`), `repeat(0).take(n).collect()`, `cycle().take(n)`, a generator with
//! `repeat_with(..).take(n)`, padding with `extend(repeat(' ').take(k))`, all pairs, and the
//! characters of words. Written in issue 11's thirty-sixth session in a scratch crate, in two
//! batches, each before any of it was measured; the first batch's `collect`s and `for` were
//! then measured at 1.4x to 2.9x and `fill` at 81x, and the `take` over a source that is not a
//! range is now probed itself (see `bounds_its_source` in the macro's `chains.rs`). The grid's
//! `collect` and `for` (2.3x, 1.7x) led to the thirty-seventh session's rule for flattenings
//! whose consumer counts their items (`visit_counted` there), after which a third
//! batch of five was written, before it was measured: all pairs in a `for` and collected, a
//! grid's neighbours, a triangle of reversed inclusive ranges, and indices of ragged rows.
//! The frame is that of `ranges.rs`:
//! written once in [`suite!`], emitted as `plain`, `twin` (the A/A control) and `haltable`
//! (every fn with its own `#[threadmgr::haltable]`), each kernel `#[inline(never)]`, its
//! digest salted per copy.

/// What the kernels run on.
pub struct Inputs {
    /// 2,000 runs of a byte, 1 to 24 long.
    pub runs: Vec<(u8, u8)>,
    /// 400 pseudo-random words.
    pub v: Vec<u32>,
    /// 3,000 words of 11 to 14 letters, mixed case.
    pub words: Vec<String>,
    /// Short words, 1 to 9 letters, to pad.
    pub short: Vec<String>,
    /// A grid's height (its width is 200).
    pub rows: u32,
    /// The length of the counts.
    pub n: usize,
    /// 600 values to compare in pairs.
    pub floats: Vec<f64>,
    /// 300 rows of 150 to 199 bytes.
    pub table: Vec<Vec<u8>>,
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let mut x = 7u32;
        let mut rnd = move || {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            x
        };
        let runs = (0..2000 / scale)
            .map(|_| {
                let r = rnd();
                ((r >> 8) as u8, (r >> 20) as u8 % 24 + 1)
            })
            .collect();
        let v = (0..400 / scale).map(|_| rnd()).collect();
        let words: Vec<String> = (0..3000 / scale)
            .map(|i| format!("Word{i}AbcDef"))
            .collect();
        let short = words
            .iter()
            .map(|w| w[..w.len() % 9 + 1].to_owned())
            .collect();
        Inputs {
            runs,
            v,
            words,
            short,
            rows: 300 / scale as u32,
            n: 100_000 / scale,
            floats: (0..600 / scale)
                .map(|i| ((i * 7919) % 1000) as f64 * 0.37)
                .collect(),
            table: (0..300 / scale)
                .map(|r| (0..(r % 50 + 150)).map(|c| (r * c) as u8).collect())
                .collect(),
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
        fn decode_n(runs: &[(u8, u8)]) -> Vec<u8> {
            runs.iter().flat_map(|&(b, n)| std::iter::repeat_n(b, usize::from(n))).collect()
        }
        $(#[$h])?
        fn decode_take(runs: &[(u8, u8)]) -> Vec<u8> {
            runs.iter().flat_map(|&(b, n)| std::iter::repeat(b).take(usize::from(n))).collect()
        }
        $(#[$h])?
        fn decode_take_sum(runs: &[(u8, u8)]) -> u64 {
            runs.iter().flat_map(|&(b, n)| std::iter::repeat(b).take(usize::from(n))).map(u64::from).sum()
        }
        $(#[$h])?
        fn decode_loop(runs: &[(u8, u8)]) -> Vec<u8> {
            let mut out = Vec::new();
            for &(b, n) in runs {
                out.extend(std::iter::repeat(b).take(usize::from(n)));
            }
            out
        }
        $(#[$h])?
        fn grid(n: u32, m: u32) -> Vec<u32> {
            (0..n).flat_map(|i| (0..m).map(move |j| i * m + j)).collect()
        }
        $(#[$h])?
        fn grid_count(n: u32, m: u32) -> usize {
            (0..n).flat_map(|y| (0..m).map(move |x| (x, y))).filter(|&(x, y)| (x ^ y) % 3 == 0).count()
        }
        $(#[$h])?
        fn grid_for(n: u32, m: u32) -> u64 {
            let mut s = 0u64;
            for (x, y) in (0..n).flat_map(|y| (0..m).map(move |x| (x, y))) {
                s += u64::from(x * 3 + y);
            }
            s
        }
        $(#[$h])?
        fn fill(n: usize) -> Vec<u8> {
            std::iter::repeat(0u8).take(n).collect()
        }
        $(#[$h])?
        fn cycle_take_sum(v: &[u32], n: usize) -> u64 {
            v.iter().cycle().take(n).map(|&x| u64::from(x)).sum()
        }
        $(#[$h])?
        fn lcg_take(seed: u64, n: usize) -> u64 {
            let mut s = seed;
            std::iter::repeat_with(|| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1);
                s >> 33
            })
            .take(n)
            .filter(|x| x % 3 == 0)
            .fold(0, |a, x| a ^ x)
        }
        $(#[$h])?
        fn padded(words: &[String], width: usize) -> String {
            let mut out = String::new();
            for w in words {
                out.push_str(w);
                out.extend(std::iter::repeat(' ').take(width.saturating_sub(w.len())));
            }
            out
        }
        $(#[$h])?
        fn pairs(v: &[u32]) -> usize {
            v.iter().enumerate().flat_map(|(i, a)| v[i + 1..].iter().map(move |b| a ^ b)).filter(|x| x.count_ones() == 3).count()
        }
        $(#[$h])?
        fn words_chars(words: &[String]) -> usize {
            words.iter().flat_map(|w| w.chars()).filter(|c| c.is_ascii_uppercase()).count()
        }

        // The third batch, written in the thirty-seventh session in a scratch crate before it
        // was measured, after the change for flattenings a `for` or a `Vec`'s `collect` counts
        // (all five kept, whatever they measured).
        $(#[$h])?
        fn pairs_for(v: &[f64]) -> f64 {
            let n = v.len();
            let mut best = f64::MAX;
            for (i, j) in (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))) {
                let d = (v[i] - v[j]).abs();
                if d < best {
                    best = d;
                }
            }
            best
        }
        $(#[$h])?
        fn pairs_vec(n: usize) -> Vec<(usize, usize)> {
            (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j))).collect()
        }
        $(#[$h])?
        fn neighbours(w: i32, h: i32) -> Vec<(i32, i32)> {
            let cells: Vec<(i32, i32)> = (0..h).flat_map(|y| (0..w).map(move |x| (x, y))).collect();
            let mut out = Vec::new();
            for &(x, y) in &cells {
                for (dx, dy) in (-1..=1).flat_map(|dx| (-1..=1).map(move |dy| (dx, dy))) {
                    if (dx, dy) != (0, 0) && (0..w).contains(&(x + dx)) && (0..h).contains(&(y + dy)) {
                        out.push((x + dx, y + dy));
                    }
                }
            }
            out
        }
        $(#[$h])?
        fn triangle(n: u32) -> Vec<u32> {
            (1..=n).flat_map(|row| (1..=row).rev().map(move |k| row * 100 + k)).collect::<Vec<_>>()
        }
        $(#[$h])?
        fn indexed_for(rows: &[Vec<u8>]) -> u64 {
            let mut s = 0u64;
            for (r, c) in (0..rows.len()).flat_map(|r| (0..rows[r].len()).map(move |c| (r, c))) {
                s += u64::from(rows[r][c]) * (r as u64 + 1);
            }
            s
        }

        /// The kernels, one per shape.
        pub mod kernels {
            use super::*;
            flat_kernel!($(#[$h])? decode_n(i) => super::decode_n(&i.runs).len() as u64);
            flat_kernel!($(#[$h])? decode_take(i) => { let v = super::decode_take(&i.runs); v.len() as u64 ^ u64::from(v[v.len() / 2]) });
            flat_kernel!($(#[$h])? decode_take_sum(i) => super::decode_take_sum(&i.runs));
            flat_kernel!($(#[$h])? decode_loop(i) => { let v = super::decode_loop(&i.runs); v.len() as u64 ^ u64::from(v[v.len() / 3]) });
            flat_kernel!($(#[$h])? grid(i) => { let v = super::grid(i.rows, 200); u64::from(v[v.len() / 2]) });
            flat_kernel!($(#[$h])? grid_count(i) => super::grid_count(i.rows, 200) as u64);
            flat_kernel!($(#[$h])? grid_for(i) => super::grid_for(i.rows, 200));
            flat_kernel!($(#[$h])? fill(i) => { let v = super::fill(i.n); std::hint::black_box(&v); v.len() as u64 });
            flat_kernel!($(#[$h])? cycle_take_sum(i) => super::cycle_take_sum(&i.v, i.n / 2));
            flat_kernel!($(#[$h])? lcg_take(i) => super::lcg_take(7, i.n / 2));
            flat_kernel!($(#[$h])? padded(i) => super::padded(&i.short, 12).len() as u64);
            flat_kernel!($(#[$h])? pairs(i) => super::pairs(&i.v) as u64);
            flat_kernel!($(#[$h])? words_chars(i) => super::words_chars(&i.words) as u64);
            flat_kernel!($(#[$h])? pairs_for(i) => super::pairs_for(&i.floats).to_bits());
            flat_kernel!($(#[$h])? pairs_vec(i) => { let v = super::pairs_vec(i.floats.len() / 2); (v.len() ^ v[v.len() / 2].0) as u64 });
            flat_kernel!($(#[$h])? neighbours(i) => { let v = super::neighbours(60, i.rows as i32 / 8); v.len() as u64 ^ v[v.len() / 3].0 as u64 });
            flat_kernel!($(#[$h])? triangle(i) => { let v = super::triangle(i.rows * 2 / 3); v.len() as u64 ^ u64::from(v[v.len() / 2]) });
            flat_kernel!($(#[$h])? indexed_for(i) => super::indexed_for(&i.table));
        }

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = &[
            ("decode_n", kernels::decode_n),
            ("decode_take", kernels::decode_take),
            ("decode_take_sum", kernels::decode_take_sum),
            ("decode_loop", kernels::decode_loop),
            ("grid", kernels::grid),
            ("grid_count", kernels::grid_count),
            ("grid_for", kernels::grid_for),
            ("fill", kernels::fill),
            ("cycle_take_sum", kernels::cycle_take_sum),
            ("lcg_take", kernels::lcg_take),
            ("padded", kernels::padded),
            ("pairs", kernels::pairs),
            ("words_chars", kernels::words_chars),
            ("pairs_for", kernels::pairs_for),
            ("pairs_vec", kernels::pairs_vec),
            ("neighbours", kernels::neighbours),
            ("triangle", kernels::triangle),
            ("indexed_for", kernels::indexed_for),
        ];
    };
}

/// A kernel that calls one shape on the inputs, with `black_box` around them (the plain copy of
/// a call on constants would be computed at compile time), and salts its digest.
macro_rules! flat_kernel {
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
    suite!(0x2A7_0001);
}

pub mod twin {
    use super::*;
    suite!(0x2A7_0002);
}

pub mod haltable {
    use super::*;
    suite!(0x2A7_0003, #[threadmgr::haltable]);
}
