//! "Blind" kernels: the third suite of ordinary Rust, written blind: its author read neither the
//! attribute's implementation nor its docs nor the other two suites' kernels, only the frame that
//! emits the copies, so that nothing in it leans towards or away from what `#[haltable]` does.
//!
//! The pattern is that of `wild.rs` and `fresh.rs`: the kernels and their helpers are written
//! once, in the body of [`suite!`], and emitted three times, in three modules that each export
//! `KERNELS`, the list of `(name, fn(&Inputs) -> u64)`:
//! - `plain`: as written;
//! - `twin`: as written, a second time: the A/A control, identical code at another address;
//! - `haltable`: every fn with a body (kernels, helper fns, nested fns, methods, trait impls,
//!   trait default methods) carries its own `#[threadmgr::haltable]`, as a user who annotates
//!   each fn would write it. The attribute is the `$(#[$h])?` in front of each fn of the body;
//!   it is empty in `plain` and `twin`.
//!
//! Kernels are `#[inline(never)]` so that each copy is measured as a whole; helpers carry the
//! attributes their author would give them (mostly none). Each kernel returns a `u64` digest of
//! what it computed, and each copy mixes a distinct non-zero `SALT` into it by one `xor`, so that
//! LLVM's function merging cannot fold the copies into one; the runner undoes it.

use std::cmp::{Ordering, Reverse};
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, VecDeque};
use std::f64::consts::PI;
use std::fmt::Write as _;
use std::num::ParseIntError;
use std::ops::{Add, Mul, Sub};

// -------------------------------------------------------------------------------- inputs

/// SplitMix64: the only source of randomness of the inputs.
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), up to a negligible bias.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// An index in `0..n` skewed towards 0 (roughly Zipf-like).
    fn skewed(&mut self, n: usize) -> usize {
        let u = self.unit();
        ((u * u * u * n as f64) as usize).min(n - 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One step of the gap-buffer edit script.
#[derive(Clone, Copy, Debug)]
pub enum Edit {
    /// Moves the cursor by this many bytes (clamped to the text).
    Move(i32),
    /// Inserts `len` bytes of the input text, starting at `offset`.
    Insert { offset: usize, len: usize },
    /// Deletes up to this many bytes before the cursor.
    Delete(usize),
}

/// Everything the kernels read. Built once, shared by the three copies.
pub struct Inputs {
    /// Bytes with runs of repeats, as in a simple bitmap or a sparse file.
    pub bytes: Vec<u8>,
    /// How many of `bytes` the hex dump formats.
    pub hex_len: usize,
    /// Prose-like text: sentences of words from `vocabulary`, with punctuation and numbers.
    pub text: String,
    /// Distinct words, some with non-ASCII letters.
    pub vocabulary: Vec<String>,
    /// Uniform 64-bit numbers.
    pub numbers: Vec<u64>,
    /// Cache keys with a skewed popularity.
    pub accesses: Vec<u64>,
    /// A noisy signal, 16-bit.
    pub samples: Vec<i16>,
    /// Sensor readings, mostly in `[-20, 120]`, with spikes.
    pub readings: Vec<f64>,
    /// Points in the unit square (some clustered).
    pub points: Vec<(f64, f64)>,
    pub grid_width: usize,
    pub grid_height: usize,
    /// Terrain: 0 is a wall, 1..=9 the cost of entering the cell.
    pub grid: Vec<u8>,
    pub image_width: usize,
    pub image_height: usize,
    /// A low-contrast 8-bit grey image.
    pub image: Vec<u8>,
    pub dag_nodes: usize,
    /// Edges of a DAG on `0..dag_nodes`.
    pub dag_edges: Vec<(usize, usize)>,
    /// Infix integer expressions (`+ - * / % ^`, parentheses, unary minus).
    pub expressions: Vec<String>,
    /// S-expressions over `+ - * / min max < if let`.
    pub sexprs: Vec<String>,
    /// One JSON document.
    pub json: String,
    /// Bank commands, one a line, some malformed.
    pub ledger: Vec<String>,
    /// `YYYY-MM-DD` dates, some invalid.
    pub dates: Vec<String>,
    /// Sudoku puzzles, 0 for a blank.
    pub sudokus: Vec<[u8; 81]>,
    pub matrix_n: usize,
    /// A dense `matrix_n` x `matrix_n` system, row-major, and its right-hand side.
    pub matrix: Vec<f64>,
    pub rhs: Vec<f64>,
    /// Polynomials with real roots, coefficients from the constant term up.
    pub polynomials: Vec<Vec<f64>>,
    /// `(start, length)` intervals.
    pub intervals: Vec<(u32, u32)>,
    /// Two similar byte strings to diff.
    pub diff_a: Vec<u8>,
    pub diff_b: Vec<u8>,
    /// The gap-buffer edit script.
    pub edits: Vec<Edit>,
    pub factorial_n: u32,
    pub fibonacci_n: usize,
    /// The VM counts the primes below this.
    pub prime_limit: i64,
    pub collatz_limit: usize,
    pub mandel_width: usize,
    pub mandel_height: usize,
    pub mandel_iterations: u32,
    pub particles: usize,
    pub particle_steps: usize,
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "tor", "sa", "ri", "bel", "an", "qu", "es", "ti", "ur", "vo", "zen",
    "pha", "gri", "dö", "mé", "ström", "la", "co", "st", "ing", "er", "ou", "ya", "xi", "ñu",
];

fn make_word(rng: &mut SplitMix) -> String {
    let count = 1 + rng.below(3) + rng.below(2);
    (0..count).map(|_| *rng.pick(SYLLABLES)).collect()
}

fn make_vocabulary(rng: &mut SplitMix, n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut words = Vec::with_capacity(n);
    while words.len() < n {
        let word = make_word(rng);
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

fn make_text(rng: &mut SplitMix, vocabulary: &[String], words: usize) -> String {
    let mut text = String::new();
    let mut start_of_sentence = true;
    for i in 0..words {
        let word = &vocabulary[rng.skewed(vocabulary.len())];
        if start_of_sentence {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                text.extend(first.to_uppercase());
                text.push_str(chars.as_str());
            }
            start_of_sentence = false;
        } else if rng.below(40) == 0 {
            let _ = write!(text, "{}", rng.below(10_000));
        } else {
            text.push_str(word);
        }
        match rng.below(16) {
            0 => {
                text.push_str(". ");
                start_of_sentence = true;
            }
            1 => text.push_str(", "),
            2 if i % 7 == 0 => {
                text.push_str("!\n");
                start_of_sentence = true;
            }
            _ => text.push(' '),
        }
    }
    text
}

fn make_infix(rng: &mut SplitMix, depth: usize, out: &mut String) {
    if depth == 0 || rng.below(4) == 0 {
        if rng.below(10) == 0 {
            out.push('-');
        }
        let _ = write!(out, "{}", rng.below(100));
        return;
    }
    let parenthesize = rng.below(3) == 0;
    if parenthesize {
        out.push('(');
    }
    make_infix(rng, depth - 1, out);
    let op = *rng.pick(&[" + ", " - ", " * ", " / ", " % ", " + ", " * ", " ^ "]);
    out.push_str(op);
    if op == " ^ " {
        let _ = write!(out, "{}", rng.below(4));
    } else {
        make_infix(rng, depth - 1, out);
    }
    if parenthesize {
        out.push(')');
    }
}

fn make_sexpr(rng: &mut SplitMix, depth: usize, bound: &mut Vec<char>, out: &mut String) {
    if depth == 0 || rng.below(5) == 0 {
        if !bound.is_empty() && rng.below(3) == 0 {
            out.push(*rng.pick(bound));
        } else if rng.below(200) == 0 {
            out.push('w'); // never bound
        } else {
            let _ = write!(out, "{}", rng.below(50) as i64 - 10);
        }
        return;
    }
    match rng.below(10) {
        0 => {
            out.push_str("(if ");
            make_sexpr(rng, depth - 1, bound, out);
            out.push(' ');
            make_sexpr(rng, depth - 1, bound, out);
            out.push(' ');
            make_sexpr(rng, depth - 1, bound, out);
            out.push(')');
        }
        1 | 2 => {
            let name = *rng.pick(&['x', 'y', 'z']);
            out.push_str("(let ");
            out.push(name);
            out.push(' ');
            make_sexpr(rng, depth - 1, bound, out);
            out.push(' ');
            bound.push(name);
            make_sexpr(rng, depth - 1, bound, out);
            bound.pop();
            out.push(')');
        }
        _ => {
            let op = *rng.pick(&["+", "-", "*", "/", "min", "max", "<", "+", "*"]);
            out.push('(');
            out.push_str(op);
            for _ in 0..1 + rng.below(3) {
                out.push(' ');
                make_sexpr(rng, depth - 1, bound, out);
            }
            out.push(')');
        }
    }
}

fn make_json_value(rng: &mut SplitMix, vocabulary: &[String], depth: usize, out: &mut String) {
    let choice = if depth == 0 {
        rng.below(5)
    } else {
        rng.below(8)
    };
    match choice {
        0 => out.push_str(if rng.below(2) == 0 { "true" } else { "false" }),
        1 => out.push_str("null"),
        2 => {
            let _ = write!(out, "{:.3}", rng.range(-1000.0, 1000.0));
        }
        3 => {
            let _ = write!(out, "{}", rng.below(100_000));
        }
        4 => {
            out.push('"');
            out.push_str(rng.pick(vocabulary).as_str());
            match rng.below(8) {
                0 => out.push_str("\\n"),
                1 => out.push_str("\\\"quoted\\\""),
                2 => out.push_str("\\u00e9t\\u00e9"),
                _ => {}
            }
            out.push('"');
        }
        5 => {
            out.push('[');
            for i in 0..rng.below(6) {
                if i > 0 {
                    out.push_str(", ");
                }
                make_json_value(rng, vocabulary, depth - 1, out);
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..1 + rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "\n  \"{}{}\": ", rng.pick(vocabulary), i);
                make_json_value(rng, vocabulary, depth - 1, out);
            }
            out.push_str("\n}");
        }
    }
}

fn make_ledger(rng: &mut SplitMix, vocabulary: &[String], lines: usize) -> Vec<String> {
    let names: Vec<&str> = vocabulary.iter().take(60).map(String::as_str).collect();
    (0..lines)
        .map(|_| {
            let name = *rng.pick(&names);
            let other = *rng.pick(&names);
            let largest = if rng.below(10) == 0 { 5000 } else { 400 };
            let amount = 1 + rng.below(largest);
            match rng.below(20) {
                0..=2 => format!("open {name} {amount}"),
                3..=7 => format!("deposit {name} {amount}"),
                8..=12 => format!("withdraw {name} {amount}"),
                13..=17 => format!("transfer {name} {other} {amount}"),
                18 => format!("close {name}"),
                _ => match rng.below(3) {
                    0 => format!("deposit {name}"),
                    1 => format!("withdraw {name} {amount}x"),
                    _ => format!("audit {name} {amount}"),
                },
            }
        })
        .collect()
}

fn make_sudoku(rng: &mut SplitMix, blanks: usize) -> [u8; 81] {
    // A valid grid from the classic pattern, with digits, rows within bands, bands, columns
    // within stacks and stacks shuffled, then cells blanked.
    let mut digits = [1u8, 2, 3, 4, 5, 6, 7, 8, 9];
    for i in (1..9).rev() {
        digits.swap(i, rng.below(i + 1));
    }
    let shuffled_lines = |rng: &mut SplitMix| {
        let mut groups = [0usize, 1, 2];
        for i in (1..3).rev() {
            groups.swap(i, rng.below(i + 1));
        }
        let mut lines = Vec::with_capacity(9);
        for g in groups {
            let mut within = [0usize, 1, 2];
            for i in (1..3).rev() {
                within.swap(i, rng.below(i + 1));
            }
            lines.extend(within.iter().map(|w| g * 3 + w));
        }
        lines
    };
    let rows = shuffled_lines(rng);
    let cols = shuffled_lines(rng);
    let mut grid = [0u8; 81];
    for (r, &row) in rows.iter().enumerate() {
        for (c, &col) in cols.iter().enumerate() {
            let pattern = (row * 3 + row / 3 + col) % 9;
            grid[r * 9 + c] = digits[pattern];
        }
    }
    let mut blanked = 0;
    while blanked < blanks {
        let cell = rng.below(81);
        if grid[cell] != 0 {
            grid[cell] = 0;
            blanked += 1;
        }
    }
    grid
}

fn make_date(rng: &mut SplitMix) -> String {
    let year = 1900 + rng.below(200);
    match rng.below(25) {
        0 => format!("{year}-{:02}-01", 13 + rng.below(5)),
        1 => format!("{year}-02-{}", 29 + rng.below(3)),
        2 => format!("{year}/{:02}/{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        3 => format!("{year}-0x-12"),
        _ => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(31)),
    }
}

impl Inputs {
    /// The inputs, with every size divided by `scale` (1 for the measured run).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let sized = |n: usize, min: usize| (n / scale).max(min);
        let mut rng = SplitMix(0xB11D_5EED);

        let mut bytes = Vec::with_capacity(sized(128 * 1024, 64));
        while bytes.len() < sized(128 * 1024, 64) {
            let byte = if rng.below(3) == 0 {
                0
            } else {
                rng.next_u64() as u8
            };
            let run = if rng.below(4) == 0 {
                1 + rng.below(300)
            } else {
                1
            };
            bytes.extend(std::iter::repeat_n(byte, run));
        }
        bytes.truncate(sized(128 * 1024, 64));

        let vocabulary = make_vocabulary(&mut rng, sized(2000, 60));
        let text = make_text(&mut rng, &vocabulary, sized(20_000, 200));
        let numbers = (0..sized(20_000, 64)).map(|_| rng.next_u64()).collect();
        let accesses = (0..sized(15_000, 64))
            .map(|_| rng.skewed(4096) as u64 * 7919 + 13)
            .collect();
        let samples = (0..sized(24_000, 128))
            .map(|i| {
                let t = i as f64 / 48.0;
                let clean = 9000.0 * (t * 0.31).sin() + 4000.0 * (t * 2.7).sin();
                let noise = rng.range(-3000.0, 3000.0);
                let spike = if rng.below(200) == 0 { 30000.0 } else { 0.0 };
                (clean + noise + spike).clamp(-32768.0, 32767.0) as i16
            })
            .collect();
        let readings = (0..sized(40_000, 128))
            .map(|i| {
                let base = 50.0 + 60.0 * (i as f64 / 700.0).sin();
                if rng.below(100) == 0 {
                    rng.range(-500.0, 500.0)
                } else {
                    base + rng.range(-8.0, 8.0)
                }
            })
            .collect();
        let points = (0..sized(8_000, 32))
            .map(|_| {
                if rng.below(5) == 0 {
                    let (cx, cy) = (0.25 + rng.below(3) as f64 * 0.25, 0.5);
                    (cx + rng.range(-0.01, 0.01), cy + rng.range(-0.01, 0.01))
                } else {
                    (rng.unit(), rng.unit())
                }
            })
            .collect();

        let (grid_width, grid_height) = (sized(192, 8), sized(192, 8));
        let grid = (0..grid_width * grid_height)
            .map(|_| {
                if rng.below(6) == 0 {
                    0
                } else {
                    1 + rng.below(9) as u8
                }
            })
            .collect();

        let (image_width, image_height) = (sized(320, 16), sized(320, 16));
        let mut image = Vec::with_capacity(image_width * image_height);
        for y in 0..image_height {
            for x in 0..image_width {
                let shade = 90.0
                    + 30.0 * (x as f64 / image_width as f64)
                    + 20.0 * ((x + y) as f64 / 40.0).sin()
                    + if (x / 32 + y / 32) % 2 == 0 { 8.0 } else { 0.0 };
                image.push((shade + rng.range(-6.0, 6.0)) as u8);
            }
        }

        let dag_nodes = sized(10_000, 32);
        let mut rank: Vec<usize> = (0..dag_nodes).collect();
        for i in (1..dag_nodes).rev() {
            rank.swap(i, rng.below(i + 1));
        }
        let mut by_rank = vec![0; dag_nodes];
        for (node, &r) in rank.iter().enumerate() {
            by_rank[r] = node;
        }
        let dag_edges = (0..dag_nodes * 4)
            .map(|_| {
                let a = rng.below(dag_nodes - 1);
                let b = (a + 1 + rng.skewed(dag_nodes)).min(dag_nodes - 1);
                (by_rank[a], by_rank[b])
            })
            .collect();

        let expressions = (0..sized(3_000, 16))
            .map(|_| {
                let mut s = String::new();
                make_infix(&mut rng, 5, &mut s);
                s
            })
            .collect();
        let sexprs = (0..sized(800, 16))
            .map(|_| {
                let mut s = String::new();
                make_sexpr(&mut rng, 5, &mut Vec::new(), &mut s);
                s
            })
            .collect();
        let mut json = String::from("[");
        for i in 0..sized(600, 6) {
            if i > 0 {
                json.push_str(",\n");
            }
            make_json_value(&mut rng, &vocabulary, 4, &mut json);
        }
        json.push(']');

        let ledger = make_ledger(&mut rng, &vocabulary, sized(20_000, 64));
        let dates = (0..sized(10_000, 64))
            .map(|_| make_date(&mut rng))
            .collect();
        let sudokus = (0..sized(60, 2))
            .map(|_| {
                let blanks = 48 + rng.below(8);
                make_sudoku(&mut rng, blanks)
            })
            .collect();

        let matrix_n = sized(120, 6);
        let matrix = (0..matrix_n * matrix_n)
            .map(|_| rng.range(-1.0, 1.0))
            .collect();
        let rhs = (0..matrix_n).map(|_| rng.range(-10.0, 10.0)).collect();

        let polynomials = (0..sized(120, 4))
            .map(|_| {
                let degree = 4 + rng.below(6);
                let mut coefficients = vec![1.0];
                for _ in 0..degree {
                    // Multiply by (x - root).
                    let root = rng.range(-3.0, 3.0);
                    let mut next = vec![0.0; coefficients.len() + 1];
                    for (i, &c) in coefficients.iter().enumerate() {
                        next[i + 1] += c;
                        next[i] -= c * root;
                    }
                    coefficients = next;
                }
                coefficients
            })
            .collect();

        let intervals = (0..sized(20_000, 32))
            .map(|_| {
                let start = rng.below(2_000_000) as u32;
                let len = 1 + rng.skewed(400) as u32;
                (start, len)
            })
            .collect();

        let diff_len = sized(700, 24);
        let diff_a: Vec<u8> = (0..diff_len).map(|_| b"acgtnx"[rng.below(6)]).collect();
        let mut diff_b = Vec::with_capacity(diff_len + diff_len / 8);
        for &b in &diff_a {
            match rng.below(12) {
                0 => {}
                1 => {
                    diff_b.push(b);
                    diff_b.push(b"acgt"[rng.below(4)]);
                }
                2 => diff_b.push(b"acgt"[rng.below(4)]),
                _ => diff_b.push(b),
            }
        }

        let edits = (0..sized(20_000, 64))
            .map(|_| match rng.below(10) {
                0..=3 => Edit::Move(rng.below(129) as i32 - 64),
                4..=7 => Edit::Insert {
                    offset: rng.below(text.len().saturating_sub(32).max(1)),
                    len: 1 + rng.below(24),
                },
                _ => Edit::Delete(1 + rng.below(20)),
            })
            .collect();

        Inputs {
            bytes,
            hex_len: sized(32 * 1024, 64),
            text,
            vocabulary,
            numbers,
            accesses,
            samples,
            readings,
            points,
            grid_width,
            grid_height,
            grid,
            image_width,
            image_height,
            image,
            dag_nodes,
            dag_edges,
            expressions,
            sexprs,
            json,
            ledger,
            dates,
            sudokus,
            matrix_n,
            matrix,
            rhs,
            polynomials,
            intervals,
            diff_a,
            diff_b,
            edits,
            factorial_n: sized(1500, 30) as u32,
            fibonacci_n: sized(5000, 50),
            prime_limit: sized(4000, 50) as i64,
            collatz_limit: sized(200_000, 100),
            mandel_width: sized(120, 8),
            mandel_height: sized(80, 6),
            mandel_iterations: 160,
            particles: sized(2000, 16),
            particle_steps: 40,
        }
    }
}

/// `(stringify!(name), name)` for each kernel.
macro_rules! kernel_list {
    ($($name:ident),* $(,)?) => {
        &[$((stringify!($name), $name as fn(&Inputs) -> u64)),*]
    };
}

/// The suite. `$salt` is the copy's `SALT`; `$h`, when given, is put on every fn.
macro_rules! suite {
    ($salt:expr $(, #[$h:meta])?) => {
        /// Mixed into every result of this copy (see the module docs).
        pub const SALT: u64 = $salt;

        // ---------------------------------------------------------------- digests

        /// Folds `value` into the running digest `hash`.
        $(#[$h])?
        #[inline]
        fn mix(hash: u64, value: u64) -> u64 {
            (hash ^ value)
                .wrapping_mul(0x0000_0100_0000_01b3)
                .rotate_left(23)
        }

        $(#[$h])?
        fn hash_bytes(bytes: &[u8]) -> u64 {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
        }

        /// A float in the digest: rounded to 6 decimals so that it reads as a number.
        $(#[$h])?
        fn float_bits(x: f64) -> u64 {
            (x * 1e6).round() as i64 as u64
        }

        // ---------------------------------------------------------------- run-length coding

        /// Run-length encodes `data` as `(count, byte)` pairs, runs of at most 255.
        $(#[$h])?
        fn rle_encode(data: &[u8]) -> Vec<u8> {
            let mut out = Vec::with_capacity(data.len() / 2);
            let mut i = 0;
            while i < data.len() {
                let byte = data[i];
                let run = data[i..]
                    .iter()
                    .take(255)
                    .take_while(|&&b| b == byte)
                    .count();
                out.push(run as u8);
                out.push(byte);
                i += run;
            }
            out
        }

        $(#[$h])?
        fn rle_decode(encoded: &[u8]) -> Vec<u8> {
            let mut out = Vec::new();
            for pair in encoded.chunks_exact(2) {
                out.extend(std::iter::repeat_n(pair[1], usize::from(pair[0])));
            }
            out
        }

        $(#[$h])?
        #[inline(never)]
        fn rle_roundtrip(inputs: &Inputs) -> u64 {
            let mut digest = 0;
            for data in [&inputs.bytes[..], inputs.text.as_bytes()] {
                let encoded = rle_encode(data);
                let decoded = rle_decode(&encoded);
                assert_eq!(decoded, data, "RLE round trip");
                let longest = encoded
                    .chunks_exact(2)
                    .map(|pair| pair[0])
                    .max()
                    .unwrap_or(0);
                let singles = encoded.chunks_exact(2).filter(|pair| pair[0] == 1).count();
                digest = mix(mix(digest, encoded.len() as u64), u64::from(longest));
                digest = mix(mix(digest, singles as u64), hash_bytes(&encoded));
            }
            digest ^ SALT
        }

        // ---------------------------------------------------------------- base64

        const BASE64_ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        #[derive(Debug, PartialEq)]
        enum Base64Error {
            Length(usize),
            Symbol(char),
        }

        $(#[$h])?
        fn base64_encode(data: &[u8]) -> String {
            let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
            for chunk in data.chunks(3) {
                let b1 = chunk.get(1).copied().unwrap_or(0);
                let b2 = chunk.get(2).copied().unwrap_or(0);
                let n = (u32::from(chunk[0]) << 16) | (u32::from(b1) << 8) | u32::from(b2);
                for i in 0..4 {
                    if i <= chunk.len() {
                        let index = (n >> (18 - 6 * i)) & 63;
                        out.push(char::from(BASE64_ALPHABET[index as usize]));
                    } else {
                        out.push('=');
                    }
                }
            }
            out
        }

        $(#[$h])?
        fn sextet(c: u8) -> Result<u32, Base64Error> {
            match c {
                b'A'..=b'Z' => Ok(u32::from(c - b'A')),
                b'a'..=b'z' => Ok(u32::from(c - b'a') + 26),
                b'0'..=b'9' => Ok(u32::from(c - b'0') + 52),
                b'+' => Ok(62),
                b'/' => Ok(63),
                _ => Err(Base64Error::Symbol(char::from(c))),
            }
        }

        $(#[$h])?
        fn base64_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
            let bytes = text.as_bytes();
            if bytes.len() % 4 != 0 {
                return Err(Base64Error::Length(bytes.len()));
            }
            let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
            for quad in bytes.chunks_exact(4) {
                let padding = quad.iter().rev().take_while(|&&c| c == b'=').count().min(2);
                let mut n = 0u32;
                for &c in &quad[..4 - padding] {
                    n = (n << 6) | sextet(c)?;
                }
                n <<= 6 * padding as u32;
                let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
                out.extend_from_slice(&decoded[..3 - padding]);
            }
            Ok(out)
        }

        $(#[$h])?
        #[inline(never)]
        fn base64_roundtrip(inputs: &Inputs) -> u64 {
            let mut digest = 0;
            // Messages of varied lengths, so that every padding occurs.
            let mut rest = &inputs.bytes[..];
            let mut length = 1;
            while !rest.is_empty() {
                let (message, tail) = rest.split_at(length.min(rest.len()));
                rest = tail;
                length = length % 997 + 7;
                let encoded = base64_encode(message);
                let decoded = base64_decode(&encoded).expect("our own encoding decodes");
                assert_eq!(decoded, message);
                digest = mix(digest, hash_bytes(encoded.as_bytes()));
                // A damaged copy must be rejected.
                let damaged = match encoded.len() % 3 {
                    0 => encoded[1..].to_string(),
                    1 => encoded.replacen('A', "*", 1),
                    _ => format!("{encoded}!"),
                };
                digest = match base64_decode(&damaged) {
                    Ok(bytes) => mix(digest, bytes.len() as u64),
                    Err(Base64Error::Length(n)) => mix(digest, n as u64),
                    Err(Base64Error::Symbol(c)) => mix(digest, u64::from(c)),
                };
            }
            digest ^ SALT
        }

        // ---------------------------------------------------------------- hex dump

        $(#[$h])?
        #[inline(never)]
        fn hex_dump(inputs: &Inputs) -> u64 {
            $(#[$h])?
            fn printable(b: u8) -> char {
                if b.is_ascii_graphic() || b == b' ' {
                    char::from(b)
                } else {
                    '.'
                }
            }

            let data = &inputs.bytes[..inputs.hex_len.min(inputs.bytes.len())];
            let mut out = String::new();
            for (line, chunk) in data.chunks(16).enumerate() {
                write!(out, "{:08x}  ", line * 16).unwrap();
                for (i, byte) in chunk.iter().enumerate() {
                    if i == 8 {
                        out.push(' ');
                    }
                    write!(out, "{byte:02x} ").unwrap();
                }
                for i in chunk.len()..16 {
                    if i == 8 {
                        out.push(' ');
                    }
                    out.push_str("   ");
                }
                out.push_str(" |");
                out.extend(chunk.iter().copied().map(printable));
                out.push_str("|\n");
            }
            mix(out.len() as u64, hash_bytes(out.as_bytes())) ^ SALT
        }

        // ---------------------------------------------------------------- word frequencies

        $(#[$h])?
        #[inline(never)]
        fn word_topk(inputs: &Inputs) -> u64 {
            $(#[$h])?
            fn is_word_char(c: char) -> bool {
                c.is_alphanumeric() || c == '\''
            }

            let mut counts: HashMap<String, usize> = HashMap::new();
            for word in inputs
                .text
                .split(|c: char| !is_word_char(c))
                .filter(|w| !w.is_empty())
            {
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            }
            let mut ranked: Vec<(&str, usize)> =
                counts.iter().map(|(w, &n)| (w.as_str(), n)).collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let mut report = String::new();
            for (rank, (word, count)) in ranked.iter().take(20).enumerate() {
                writeln!(report, "{:>2}. {word:<16} {count}", rank + 1).unwrap();
            }
            // How many words occur once, twice, ...
            let mut spectrum: BTreeMap<usize, usize> = BTreeMap::new();
            for &n in counts.values() {
                *spectrum.entry(n).or_default() += 1;
            }
            let hapaxes: BTreeSet<&str> = ranked
                .iter()
                .filter(|&&(_, n)| n == 1)
                .map(|&(w, _)| w)
                .collect();
            let mut digest = hash_bytes(report.as_bytes());
            for (n, words) in spectrum.iter().take(12) {
                digest = mix(digest, ((*n as u64) << 32) | *words as u64);
            }
            for word in hapaxes.iter().take(10) {
                digest = mix(digest, hash_bytes(word.as_bytes()));
            }
            mix(digest, counts.len() as u64) ^ SALT
        }

        // ---------------------------------------------------------------- string search

        /// The Knuth-Morris-Pratt failure function of `pattern`.
        $(#[$h])?
        fn failure_table(pattern: &[u8]) -> Vec<usize> {
            let mut table = vec![0; pattern.len()];
            let mut k = 0;
            for i in 1..pattern.len() {
                while k > 0 && pattern[i] != pattern[k] {
                    k = table[k - 1];
                }
                if pattern[i] == pattern[k] {
                    k += 1;
                }
                table[i] = k;
            }
            table
        }

        /// Positions of the (possibly overlapping) occurrences of `pattern` in `text`.
        $(#[$h])?
        fn kmp_find_all(text: &[u8], pattern: &[u8]) -> Vec<usize> {
            let table = failure_table(pattern);
            let mut found = Vec::new();
            let mut k = 0;
            for (i, &b) in text.iter().enumerate() {
                while k > 0 && b != pattern[k] {
                    k = table[k - 1];
                }
                if b == pattern[k] {
                    k += 1;
                }
                if k == pattern.len() {
                    found.push(i + 1 - k);
                    k = table[k - 1];
                }
            }
            found
        }

        $(#[$h])?
        #[inline(never)]
        fn kmp_search(inputs: &Inputs) -> u64 {
            let text = inputs.text.as_bytes();
            let vocabulary = &inputs.vocabulary;
            let mut patterns: Vec<String> = vec!["the".into(), "a a".into(), ", ".into()];
            patterns.extend(vocabulary.iter().step_by(vocabulary.len() / 5 + 1).cloned());
            patterns.push(format!("{} {}", vocabulary[0], vocabulary[1]));
            patterns.push(format!("{}{}", vocabulary[0], vocabulary[0]));
            let mut digest = 0;
            for pattern in &patterns {
                let hits = kmp_find_all(text, pattern.as_bytes());
                let spread = hits.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
                digest = mix(digest, hits.len() as u64);
                digest = mix(digest, spread as u64);
                digest = mix(digest, hits.first().map_or(u64::MAX, |&p| p as u64));
            }
            digest ^ SALT
        }

        const MERSENNE_61: u64 = (1 << 61) - 1;

        /// `a * b mod 2^61 - 1`.
        $(#[$h])?
        #[inline]
        fn mul_mod61(a: u64, b: u64) -> u64 {
            let product = u128::from(a) * u128::from(b);
            let sum = (product as u64 & MERSENNE_61) + (product >> 61) as u64;
            if sum >= MERSENNE_61 {
                sum - MERSENNE_61
            } else {
                sum
            }
        }

        $(#[$h])?
        #[inline]
        fn add_mod61(a: u64, b: u64) -> u64 {
            let sum = a + b;
            if sum >= MERSENNE_61 {
                sum - MERSENNE_61
            } else {
                sum
            }
        }

        const RK_BASE: u64 = 1_000_003;

        $(#[$h])?
        fn rk_hash(window: &[u8]) -> u64 {
            window.iter().fold(0, |h, &b| {
                add_mod61(mul_mod61(h, RK_BASE), u64::from(b) + 1)
            })
        }

        $(#[$h])?
        #[inline(never)]
        fn rabin_karp(inputs: &Inputs) -> u64 {
            const M: usize = 6;
            let text = inputs.text.as_bytes();
            if text.len() < M {
                return SALT;
            }
            // Patterns: windows taken from the text and a few made-up ones.
            let mut patterns: Vec<&[u8]> = (0..40)
                .map(|i| {
                    let at = (i * 7919 * 31) % (text.len() - M);
                    &text[at..at + M]
                })
                .collect();
            patterns.extend([&b"qqqqqq"[..], b"zzz zz", b"the ka"]);
            let mut by_hash: HashMap<u64, Vec<usize>> = HashMap::new();
            for (index, pattern) in patterns.iter().enumerate() {
                by_hash.entry(rk_hash(pattern)).or_default().push(index);
            }
            // BASE^(M-1), to take the leaving byte out.
            let high = (1..M).fold(1, |p, _| mul_mod61(p, RK_BASE));
            let mut counts = vec![0u64; patterns.len()];
            let mut hash = rk_hash(&text[..M]);
            for start in 0..=text.len() - M {
                if start > 0 {
                    let leaving = mul_mod61(u64::from(text[start - 1]) + 1, high);
                    hash = add_mod61(hash, MERSENNE_61 - leaving);
                    hash = add_mod61(mul_mod61(hash, RK_BASE), u64::from(text[start + M - 1]) + 1);
                }
                if let Some(candidates) = by_hash.get(&hash) {
                    let window = &text[start..start + M];
                    for &index in candidates {
                        if patterns[index] == window {
                            counts[index] += 1;
                        }
                    }
                }
            }
            counts
                .iter()
                .enumerate()
                .fold(hash, |d, (i, &n)| mix(d, ((i as u64) << 40) | n))
                ^ SALT
        }

        // ---------------------------------------------------------------- edit distances

        $(#[$h])?
        fn levenshtein(a: &str, b: &str) -> usize {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            let mut curr = vec![0; b.len() + 1];
            for (i, &ca) in a.iter().enumerate() {
                curr[0] = i + 1;
                for (j, &cb) in b.iter().enumerate() {
                    let substitution = prev[j] + usize::from(ca != cb);
                    curr[j + 1] = substitution.min(prev[j + 1] + 1).min(curr[j] + 1);
                }
                std::mem::swap(&mut prev, &mut curr);
            }
            prev[b.len()]
        }

        $(#[$h])?
        #[inline(never)]
        fn levenshtein_pairs(inputs: &Inputs) -> u64 {
            let words = &inputs.vocabulary;
            let mut digest = 0;
            let mut histogram = [0u32; 16];
            for (i, word) in words.iter().enumerate() {
                // The closest of a few other words, ties to the first.
                let mut best = (usize::MAX, 0);
                for step in 1..=2 {
                    let j = (i * 7 + step * 131) % words.len();
                    let other = format!("{} {}", words[j], words[(j + 1) % words.len()]);
                    let phrase = format!("{word} {}", words[(i + step) % words.len()]);
                    let distance = levenshtein(&phrase, &other);
                    if distance < best.0 {
                        best = (distance, j);
                    }
                }
                histogram[best.0.min(15)] += 1;
                digest = mix(digest, best.1 as u64);
            }
            histogram.iter().fold(digest, |d, &n| mix(d, u64::from(n))) ^ SALT
        }

        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum DiffOp {
            Keep,
            Insert,
            Delete,
        }

        /// The longest-common-subsequence table of `a` and `b`.
        $(#[$h])?
        fn lcs_table(a: &[u8], b: &[u8]) -> Vec<Vec<u32>> {
            let mut table = vec![vec![0u32; b.len() + 1]; a.len() + 1];
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    table[i][j] = if a[i - 1] == b[j - 1] {
                        table[i - 1][j - 1] + 1
                    } else {
                        table[i - 1][j].max(table[i][j - 1])
                    };
                }
            }
            table
        }

        /// An edit script from `a` to `b`, read back from the table.
        $(#[$h])?
        fn diff_script(a: &[u8], b: &[u8]) -> Vec<DiffOp> {
            let table = lcs_table(a, b);
            let (mut i, mut j) = (a.len(), b.len());
            let mut script = Vec::with_capacity(a.len() + b.len());
            while i > 0 || j > 0 {
                if i > 0 && j > 0 && a[i - 1] == b[j - 1] {
                    script.push(DiffOp::Keep);
                    i -= 1;
                    j -= 1;
                } else if j > 0 && (i == 0 || table[i][j - 1] >= table[i - 1][j]) {
                    script.push(DiffOp::Insert);
                    j -= 1;
                } else {
                    script.push(DiffOp::Delete);
                    i -= 1;
                }
            }
            script.reverse();
            script
        }

        $(#[$h])?
        #[inline(never)]
        fn diff_lcs(inputs: &Inputs) -> u64 {
            let script = diff_script(&inputs.diff_a, &inputs.diff_b);
            // Replaying the script on `a` must give `b`.
            let (mut ia, mut ib) = (0, 0);
            let mut rebuilt = Vec::with_capacity(inputs.diff_b.len());
            for op in &script {
                match op {
                    DiffOp::Keep => {
                        rebuilt.push(inputs.diff_a[ia]);
                        ia += 1;
                        ib += 1;
                    }
                    DiffOp::Insert => {
                        rebuilt.push(inputs.diff_b[ib]);
                        ib += 1;
                    }
                    DiffOp::Delete => ia += 1,
                }
            }
            assert_eq!(rebuilt, inputs.diff_b);
            let hunks = script
                .windows(2)
                .filter(|w| w[0] == DiffOp::Keep && w[1] != DiffOp::Keep)
                .count();
            let kept = script.iter().filter(|&&op| op == DiffOp::Keep).count();
            mix(mix(kept as u64, hunks as u64), script.len() as u64) ^ SALT
        }

        // ---------------------------------------------------------------- trie

        #[derive(Default)]
        struct TrieNode {
            /// Sorted by the char.
            children: Vec<(char, usize)>,
            /// Words that end here.
            terminal: u32,
            /// Words that pass through here.
            passing: u32,
        }

        struct Trie {
            nodes: Vec<TrieNode>,
        }

        impl Trie {
            $(#[$h])?
            fn new() -> Self {
                Trie {
                    nodes: vec![TrieNode::default()],
                }
            }

            $(#[$h])?
            fn child(&self, node: usize, c: char) -> Option<usize> {
                let children = &self.nodes[node].children;
                children
                    .binary_search_by_key(&c, |&(ch, _)| ch)
                    .ok()
                    .map(|i| children[i].1)
            }

            $(#[$h])?
            fn insert(&mut self, word: &str) {
                let mut node = 0;
                self.nodes[0].passing += 1;
                for c in word.chars() {
                    node = match self.nodes[node]
                        .children
                        .binary_search_by_key(&c, |&(ch, _)| ch)
                    {
                        Ok(i) => self.nodes[node].children[i].1,
                        Err(i) => {
                            let fresh = self.nodes.len();
                            self.nodes.push(TrieNode::default());
                            self.nodes[node].children.insert(i, (c, fresh));
                            fresh
                        }
                    };
                    self.nodes[node].passing += 1;
                }
                self.nodes[node].terminal += 1;
            }

            $(#[$h])?
            fn find(&self, prefix: &str) -> Option<&TrieNode> {
                let mut node = 0;
                for c in prefix.chars() {
                    node = self.child(node, c)?;
                }
                Some(&self.nodes[node])
            }

            $(#[$h])?
            fn count(&self, word: &str) -> u32 {
                self.find(word).map_or(0, |n| n.terminal)
            }

            $(#[$h])?
            fn count_with_prefix(&self, prefix: &str) -> u32 {
                self.find(prefix).map_or(0, |n| n.passing)
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn trie_lookup(inputs: &Inputs) -> u64 {
            let mut trie = Trie::new();
            for word in inputs.text.split_whitespace() {
                let word = word.trim_matches(|c: char| c.is_ascii_punctuation());
                if !word.is_empty() && !word.starts_with(|c: char| c.is_ascii_digit()) {
                    trie.insert(&word.to_lowercase());
                }
            }
            let mut digest = trie.nodes.len() as u64;
            for word in &inputs.vocabulary {
                digest = mix(digest, u64::from(trie.count(word)));
                let prefix: String = word.chars().take(3).collect();
                digest = mix(digest, u64::from(trie.count_with_prefix(&prefix)));
                let typo: String = word.chars().rev().collect();
                digest = mix(digest, u64::from(trie.count(&typo)));
            }
            digest ^ SALT
        }

        // ---------------------------------------------------------------- calendar

        #[derive(Debug)]
        enum DateError {
            Format,
            Number(ParseIntError),
            Month(u32),
            Day { year: i32, month: u32, day: u32 },
        }

        impl From<ParseIntError> for DateError {
            $(#[$h])?
            fn from(error: ParseIntError) -> Self {
                DateError::Number(error)
            }
        }

        $(#[$h])?
        fn is_leap_year(year: i32) -> bool {
            (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        }

        $(#[$h])?
        fn days_in_month(year: i32, month: u32) -> u32 {
            match month {
                2 if is_leap_year(year) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            }
        }

        $(#[$h])?
        fn parse_date(text: &str) -> Result<(i32, u32, u32), DateError> {
            let mut parts = text.trim().split('-');
            let (Some(y), Some(m), Some(d), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(DateError::Format);
            };
            let (year, month, day) = (y.parse::<i32>()?, m.parse::<u32>()?, d.parse::<u32>()?);
            if !(1..=12).contains(&month) {
                return Err(DateError::Month(month));
            }
            if day == 0 || day > days_in_month(year, month) {
                return Err(DateError::Day { year, month, day });
            }
            Ok((year, month, day))
        }

        /// Days since 1970-01-01 of a proleptic Gregorian date.
        $(#[$h])?
        fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
            let y = i64::from(year) - i64::from(month <= 2);
            let era = y.div_euclid(400);
            let year_of_era = y - era * 400;
            let m = i64::from(month);
            let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
            let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
            era * 146_097 + day_of_era - 719_468
        }

        $(#[$h])?
        fn civil_from_days(days: i64) -> (i32, u32, u32) {
            let z = days + 719_468;
            let era = z.div_euclid(146_097);
            let day_of_era = z - era * 146_097;
            let year_of_era =
                (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
            let day_of_year =
                day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
            let mp = (5 * day_of_year + 2) / 153;
            let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
            let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
            let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
            (year, month, day)
        }

        $(#[$h])?
        #[inline(never)]
        fn calendar_days(inputs: &Inputs) -> u64 {
            const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
            let mut per_weekday = [0u32; 7];
            let mut errors = [0u64; 4];
            let mut digest = 0;
            let mut previous: Option<i64> = None;
            for text in &inputs.dates {
                match parse_date(text) {
                    Ok((year, month, day)) => {
                        let days = days_from_civil(year, month, day);
                        assert_eq!(civil_from_days(days), (year, month, day));
                        per_weekday[days.rem_euclid(7) as usize] += 1;
                        let (y, m, d) = civil_from_days(days + 1000);
                        let label = format!(
                            "{y:04}-{m:02}-{d:02} {}",
                            WEEKDAYS[(days + 1000).rem_euclid(7) as usize]
                        );
                        digest = mix(digest, hash_bytes(label.as_bytes()));
                        if let Some(before) = previous {
                            digest = mix(digest, (days - before).unsigned_abs());
                        }
                        previous = Some(days);
                    }
                    Err(DateError::Format) => errors[0] += 1,
                    Err(DateError::Number(e)) => errors[1] += e.to_string().len() as u64,
                    Err(DateError::Month(m)) => errors[2] += u64::from(m),
                    Err(DateError::Day { year, month, day }) => {
                        errors[3] += u64::from(day) + u64::from(month) * 40 + year as u64;
                    }
                }
            }
            let digest = per_weekday
                .iter()
                .fold(digest, |d, &n| mix(d, u64::from(n)));
            errors.iter().fold(digest, |d, &n| mix(d, n)) ^ SALT
        }

        // ---------------------------------------------------------------- bank ledger

        #[derive(Debug)]
        enum LedgerError {
            Malformed(usize),
            UnknownAccount(String),
            AlreadyOpen(String),
            Insufficient { needed: u64, available: u64 },
            Overflow,
        }

        impl LedgerError {
            $(#[$h])?
            fn code(&self) -> u64 {
                match self {
                    LedgerError::Malformed(line) => 1 + (*line as u64 % 7),
                    LedgerError::UnknownAccount(name) => 10 + name.len() as u64,
                    LedgerError::AlreadyOpen(name) => 100 + name.len() as u64,
                    LedgerError::Insufficient { needed, available } => {
                        1000 + (needed - available) % 97
                    }
                    LedgerError::Overflow => 5000,
                }
            }
        }

        enum Command<'a> {
            Open(&'a str, u64),
            Deposit(&'a str, u64),
            Withdraw(&'a str, u64),
            Transfer {
                from: &'a str,
                to: &'a str,
                amount: u64,
            },
            Close(&'a str),
        }

        $(#[$h])?
        fn parse_command(line: &str, line_no: usize) -> Result<Command<'_>, LedgerError> {
            let amount = |s: &str| {
                s.parse::<u64>()
                    .map_err(|_| LedgerError::Malformed(line_no))
            };
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["open", name, value] => Ok(Command::Open(name, amount(value)?)),
                ["deposit", name, value] => Ok(Command::Deposit(name, amount(value)?)),
                ["withdraw", name, value] => Ok(Command::Withdraw(name, amount(value)?)),
                ["transfer", from, to, value] => Ok(Command::Transfer {
                    from,
                    to,
                    amount: amount(value)?,
                }),
                ["close", name] => Ok(Command::Close(name)),
                _ => Err(LedgerError::Malformed(line_no)),
            }
        }

        #[derive(Default)]
        struct Ledger {
            balances: HashMap<String, u64>,
            applied: u64,
        }

        impl Ledger {
            $(#[$h])?
            fn balance_mut(&mut self, name: &str) -> Result<&mut u64, LedgerError> {
                self.balances
                    .get_mut(name)
                    .ok_or_else(|| LedgerError::UnknownAccount(name.to_string()))
            }

            $(#[$h])?
            fn withdraw(&mut self, name: &str, amount: u64) -> Result<(), LedgerError> {
                let balance = self.balance_mut(name)?;
                if *balance < amount {
                    return Err(LedgerError::Insufficient {
                        needed: amount,
                        available: *balance,
                    });
                }
                *balance -= amount;
                Ok(())
            }

            $(#[$h])?
            fn deposit(&mut self, name: &str, amount: u64) -> Result<(), LedgerError> {
                let balance = self.balance_mut(name)?;
                *balance = balance.checked_add(amount).ok_or(LedgerError::Overflow)?;
                Ok(())
            }

            $(#[$h])?
            fn apply(&mut self, command: Command<'_>) -> Result<(), LedgerError> {
                match command {
                    Command::Open(name, amount) => match self.balances.entry(name.to_string()) {
                        Entry::Occupied(_) => {
                            return Err(LedgerError::AlreadyOpen(name.to_string()));
                        }
                        Entry::Vacant(slot) => {
                            slot.insert(amount);
                        }
                    },
                    Command::Deposit(name, amount) => self.deposit(name, amount)?,
                    Command::Withdraw(name, amount) => self.withdraw(name, amount)?,
                    Command::Transfer { from, to, amount } => {
                        if !self.balances.contains_key(to) {
                            return Err(LedgerError::UnknownAccount(to.to_string()));
                        }
                        self.withdraw(from, amount)?;
                        self.deposit(to, amount)?;
                    }
                    Command::Close(name) => {
                        self.balances
                            .remove(name)
                            .ok_or_else(|| LedgerError::UnknownAccount(name.to_string()))?;
                    }
                }
                self.applied += 1;
                Ok(())
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn bank_ledger(inputs: &Inputs) -> u64 {
            let mut ledger = Ledger::default();
            let mut errors = 0u64;
            for (line_no, line) in inputs.ledger.iter().enumerate() {
                let result = parse_command(line, line_no).and_then(|command| ledger.apply(command));
                if let Err(error) = result {
                    errors = mix(errors, error.code());
                }
            }
            // Order-independent over the accounts.
            let accounts = ledger.balances.iter().fold(0, |acc, (name, &balance)| {
                acc ^ mix(hash_bytes(name.as_bytes()), balance)
            });
            let total: u64 = ledger.balances.values().sum();
            let richest = (|| {
                let (name, &balance) = ledger
                    .balances
                    .iter()
                    .max_by_key(|&(name, &balance)| (balance, name))?;
                Some(mix(hash_bytes(name.as_bytes()), balance))
            })();
            let digest = mix(mix(accounts, total), richest.unwrap_or(0));
            mix(mix(digest, errors), ledger.applied) ^ SALT
        }

        // ---------------------------------------------------------------- LRU cache

        struct LruCache<V> {
            capacity: usize,
            /// Key to value and the stamp of its last use.
            entries: HashMap<u64, (V, u64)>,
            /// Stamp of last use to key: the first is the least recently used.
            by_age: BTreeMap<u64, u64>,
            clock: u64,
        }

        impl<V: Clone> LruCache<V> {
            $(#[$h])?
            fn new(capacity: usize) -> Self {
                LruCache {
                    capacity,
                    entries: HashMap::with_capacity(capacity + 1),
                    by_age: BTreeMap::new(),
                    clock: 0,
                }
            }

            $(#[$h])?
            fn get(&mut self, key: u64) -> Option<V> {
                let (value, stamp) = self.entries.get_mut(&key)?;
                self.clock += 1;
                self.by_age.remove(stamp);
                *stamp = self.clock;
                self.by_age.insert(self.clock, key);
                Some(value.clone())
            }

            $(#[$h])?
            fn put(&mut self, key: u64, value: V) -> Option<(u64, V)> {
                self.clock += 1;
                if let Some((_, old_stamp)) = self.entries.insert(key, (value, self.clock)) {
                    self.by_age.remove(&old_stamp);
                }
                self.by_age.insert(self.clock, key);
                if self.entries.len() <= self.capacity {
                    return None;
                }
                let (_, oldest) = self.by_age.pop_first()?;
                self.entries
                    .remove(&oldest)
                    .map(|(value, _)| (oldest, value))
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn lru_cache(inputs: &Inputs) -> u64 {
            // The "expensive" computation the cache saves: a digit-sum chain.
            let load = |key: u64| -> u64 {
                let mut n = key;
                let mut steps = 0;
                while n >= 10 {
                    n = std::iter::successors(Some(n), |&x| (x >= 10).then_some(x / 10))
                        .map(|x| x % 10)
                        .sum();
                    steps += 1;
                }
                n * 100 + steps
            };
            let mut cache = LruCache::new(256);
            let (mut hits, mut misses, mut evicted) = (0u64, 0u64, 0u64);
            let mut digest = 0;
            for &key in &inputs.accesses {
                let value = match cache.get(key) {
                    Some(value) => {
                        hits += 1;
                        value
                    }
                    None => {
                        misses += 1;
                        let value = load(key.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                        if let Some((old_key, _)) = cache.put(key, value) {
                            evicted = evicted.wrapping_add(old_key);
                        }
                        value
                    }
                };
                digest = mix(digest, value);
            }
            mix(mix(mix(digest, hits), misses), evicted) ^ SALT
        }

        // ---------------------------------------------------------------- Bloom filter

        struct BloomFilter {
            bits: Vec<u64>,
            hashes: u32,
        }

        impl BloomFilter {
            /// About 10 bits per expected item.
            $(#[$h])?
            fn with_capacity(items: usize, hashes: u32) -> Self {
                BloomFilter {
                    bits: vec![0; (items * 10).div_ceil(64).max(1)],
                    hashes,
                }
            }

            $(#[$h])?
            fn hash_pair(item: u64) -> (u64, u64) {
                let h1 = hash_bytes(&item.to_le_bytes());
                let h2 = item.wrapping_mul(0xff51_afd7_ed55_8ccd).rotate_left(31) | 1;
                (h1, h2)
            }

            $(#[$h])?
            fn bit_index(&self, h1: u64, h2: u64, i: u32) -> usize {
                let bit_count = self.bits.len() as u64 * 64;
                (h1.wrapping_add(u64::from(i).wrapping_mul(h2)) % bit_count) as usize
            }

            $(#[$h])?
            fn insert(&mut self, item: u64) {
                let (h1, h2) = Self::hash_pair(item);
                for i in 0..self.hashes {
                    let bit = self.bit_index(h1, h2, i);
                    self.bits[bit / 64] |= 1 << (bit % 64);
                }
            }

            $(#[$h])?
            fn might_contain(&self, item: u64) -> bool {
                let (h1, h2) = Self::hash_pair(item);
                (0..self.hashes).all(|i| {
                    let bit = self.bit_index(h1, h2, i);
                    self.bits[bit / 64] & (1 << (bit % 64)) != 0
                })
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn bloom_filter(inputs: &Inputs) -> u64 {
            let (members, others) = inputs.numbers.split_at(inputs.numbers.len() / 2);
            let mut filter = BloomFilter::with_capacity(members.len(), 7);
            let truth: HashSet<u64> = members.iter().copied().collect();
            for &item in members {
                filter.insert(item);
            }
            assert!(members.iter().all(|&item| filter.might_contain(item)));
            let mut false_positives = 0u64;
            let mut digest = 0;
            for (i, &item) in others.iter().enumerate() {
                // Also near misses: neighbours of members.
                for candidate in [item, members[i % members.len()] ^ 1] {
                    if filter.might_contain(candidate) && !truth.contains(&candidate) {
                        false_positives += 1;
                        digest = mix(digest, candidate);
                    }
                }
            }
            let ones: u32 = filter.bits.iter().map(|w| w.count_ones()).sum();
            mix(mix(digest, false_positives), u64::from(ones)) ^ SALT
        }

        // ---------------------------------------------------------------- intervals

        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        struct Span {
            start: u32,
            end: u32,
        }

        impl Span {
            $(#[$h])?
            fn overlaps_or_touches(&self, other: &Span) -> bool {
                self.start <= other.end && other.start <= self.end
            }

            $(#[$h])?
            fn len(&self) -> u32 {
                self.end - self.start
            }
        }

        $(#[$h])?
        fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
            spans.sort_by_key(|s| (s.start, s.end));
            let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
            for span in spans {
                match merged.last_mut() {
                    Some(last) if last.overlaps_or_touches(&span) => {
                        last.end = last.end.max(span.end)
                    }
                    _ => merged.push(span),
                }
            }
            merged
        }

        $(#[$h])?
        #[inline(never)]
        fn interval_merge(inputs: &Inputs) -> u64 {
            let spans: Vec<Span> = inputs
                .intervals
                .iter()
                .map(|&(start, len)| Span {
                    start,
                    end: start.saturating_add(len),
                })
                .collect();
            let merged = merge_spans(spans);
            assert!(merged.windows(2).all(|w| w[0].end < w[1].start));
            let covered: u64 = merged.iter().map(|s| u64::from(s.len())).sum();
            let widest_gap = merged
                .windows(2)
                .map(|w| w[1].start - w[0].end)
                .max()
                .unwrap_or(0);
            // Point queries by binary search.
            let mut inside = 0u64;
            let mut digest = 0;
            for &n in &inputs.numbers {
                let point = (n % 2_100_000) as u32;
                let found = merged.binary_search_by(|span| {
                    if span.end <= point {
                        Ordering::Less
                    } else if span.start > point {
                        Ordering::Greater
                    } else {
                        Ordering::Equal
                    }
                });
                match found {
                    Ok(index) => {
                        inside += 1;
                        digest = mix(digest, index as u64);
                    }
                    Err(insertion) => digest = mix(digest, !(insertion as u64)),
                }
            }
            mix(mix(mix(digest, covered), inside), u64::from(widest_gap))
                ^ merged.len() as u64
                ^ SALT
        }

        // ---------------------------------------------------------------- topological order

        $(#[$h])?
        fn topological_order(nodes: usize, edges: &[(usize, usize)]) -> Option<Vec<usize>> {
            let mut successors = vec![Vec::new(); nodes];
            let mut in_degree = vec![0usize; nodes];
            for &(from, to) in edges {
                if from != to {
                    successors[from].push(to);
                    in_degree[to] += 1;
                }
            }
            let mut ready: VecDeque<usize> = (0..nodes).filter(|&n| in_degree[n] == 0).collect();
            let mut order = Vec::with_capacity(nodes);
            while let Some(node) = ready.pop_front() {
                order.push(node);
                for &next in &successors[node] {
                    in_degree[next] -= 1;
                    if in_degree[next] == 0 {
                        ready.push_back(next);
                    }
                }
            }
            (order.len() == nodes).then_some(order)
        }

        $(#[$h])?
        #[inline(never)]
        fn topo_sort(inputs: &Inputs) -> u64 {
            let edges: Vec<(usize, usize)> = inputs
                .dag_edges
                .iter()
                .copied()
                .filter(|&(a, b)| a != b)
                .collect();
            let order = topological_order(inputs.dag_nodes, &edges).expect("the input is a DAG");
            let mut position = vec![0; inputs.dag_nodes];
            for (i, &node) in order.iter().enumerate() {
                position[node] = i;
            }
            assert!(edges.iter().all(|&(a, b)| position[a] < position[b]));
            // Longest path, each node weighing 1 + its index mod 5.
            let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); inputs.dag_nodes];
            for &(a, b) in &edges {
                incoming[b].push(a);
            }
            let mut longest = vec![0u64; inputs.dag_nodes];
            for &node in &order {
                let best = incoming[node]
                    .iter()
                    .map(|&p| longest[p])
                    .max()
                    .unwrap_or(0);
                longest[node] = best + 1 + node as u64 % 5;
            }
            let critical = longest.iter().copied().max().unwrap_or(0);
            let digest = order
                .iter()
                .take(64)
                .fold(critical, |d, &n| mix(d, n as u64));
            longest.iter().fold(digest, |d, &l| d.wrapping_add(l)) ^ SALT
        }

        // ---------------------------------------------------------------- grids

        const STEPS: [(isize, isize); 4] = [(1, 0), (0, 1), (-1, 0), (0, -1)];

        /// The in-bounds neighbour of `(x, y)` in direction `step`.
        $(#[$h])?
        fn neighbour(
            x: usize,
            y: usize,
            step: (isize, isize),
            width: usize,
            height: usize,
        ) -> Option<(usize, usize)> {
            let nx = x.checked_add_signed(step.0)?;
            let ny = y.checked_add_signed(step.1)?;
            (nx < width && ny < height).then_some((nx, ny))
        }

        $(#[$h])?
        #[inline(never)]
        fn grid_dijkstra(inputs: &Inputs) -> u64 {
            let (width, height, grid) = (inputs.grid_width, inputs.grid_height, &inputs.grid);
            let mut dist = vec![u32::MAX; grid.len()];
            let mut heap = BinaryHeap::new();
            dist[0] = 0;
            heap.push(Reverse((0u32, 0usize)));
            while let Some(Reverse((d, index))) = heap.pop() {
                if d > dist[index] {
                    continue;
                }
                let (x, y) = (index % width, index / width);
                for step in STEPS {
                    let Some((nx, ny)) = neighbour(x, y, step, width, height) else {
                        continue;
                    };
                    let next = ny * width + nx;
                    let cost = grid[next];
                    if cost == 0 {
                        continue;
                    }
                    let candidate = d + u32::from(cost);
                    if candidate < dist[next] {
                        dist[next] = candidate;
                        heap.push(Reverse((candidate, next)));
                    }
                }
            }
            let reachable = dist.iter().filter(|&&d| d != u32::MAX).count();
            let total: u64 = dist
                .iter()
                .filter(|&&d| d != u32::MAX)
                .map(|&d| u64::from(d))
                .sum();
            let corner = dist[grid.len() - 1];
            mix(mix(total, reachable as u64), u64::from(corner)) ^ SALT
        }

        $(#[$h])?
        #[inline(never)]
        fn flood_fill_regions(inputs: &Inputs) -> u64 {
            let (width, height) = (inputs.grid_width, inputs.grid_height);
            let land: Vec<bool> = inputs.grid.iter().map(|&c| c > 4).collect();
            let mut label = vec![0u32; land.len()];
            let mut sizes = Vec::new();
            let mut stack = Vec::new();
            for start in 0..land.len() {
                if !land[start] || label[start] != 0 {
                    continue;
                }
                let region = sizes.len() as u32 + 1;
                let mut size = 0u64;
                label[start] = region;
                stack.push(start);
                while let Some(index) = stack.pop() {
                    size += 1;
                    let (x, y) = (index % width, index / width);
                    for step in STEPS {
                        if let Some((nx, ny)) = neighbour(x, y, step, width, height) {
                            let next = ny * width + nx;
                            if land[next] && label[next] == 0 {
                                label[next] = region;
                                stack.push(next);
                            }
                        }
                    }
                }
                sizes.push(size);
            }
            let largest = sizes.iter().copied().max().unwrap_or(0);
            let squares: u64 = sizes.iter().map(|s| s * s).sum();
            let digest = label
                .iter()
                .step_by(97)
                .fold(0, |d, &l| mix(d, u64::from(l)));
            mix(mix(mix(digest, sizes.len() as u64), largest), squares) ^ SALT
        }

        // ---------------------------------------------------------------- Huffman code lengths

        enum HuffNode {
            Leaf(usize),
            Internal(usize, usize),
        }

        $(#[$h])?
        fn assign_lengths(nodes: &[HuffNode], node: usize, depth: u32, lengths: &mut [u32]) {
            match nodes[node] {
                HuffNode::Leaf(symbol) => lengths[symbol] = depth.max(1),
                HuffNode::Internal(left, right) => {
                    assign_lengths(nodes, left, depth + 1, lengths);
                    assign_lengths(nodes, right, depth + 1, lengths);
                }
            }
        }

        /// The Huffman code length of each symbol (0 for symbols that never occur).
        $(#[$h])?
        fn huffman_code_lengths(frequencies: &[u64]) -> Vec<u32> {
            let mut nodes = Vec::new();
            let mut heap = BinaryHeap::new();
            for (symbol, &f) in frequencies.iter().enumerate() {
                if f > 0 {
                    heap.push(Reverse((f, nodes.len())));
                    nodes.push(HuffNode::Leaf(symbol));
                }
            }
            let mut lengths = vec![0; frequencies.len()];
            if nodes.is_empty() {
                return lengths;
            }
            while heap.len() > 1 {
                let Reverse((fa, a)) = heap.pop().unwrap();
                let Reverse((fb, b)) = heap.pop().unwrap();
                heap.push(Reverse((fa + fb, nodes.len())));
                nodes.push(HuffNode::Internal(a, b));
            }
            let Reverse((_, root)) = heap.pop().unwrap();
            assign_lengths(&nodes, root, 0, &mut lengths);
            lengths
        }

        /// Canonical codes from the lengths: `(symbol, length, code)` in code order.
        $(#[$h])?
        fn canonical_codes(lengths: &[u32]) -> Vec<(usize, u32, u64)> {
            let mut symbols: Vec<(usize, u32)> = lengths
                .iter()
                .enumerate()
                .filter(|&(_, &l)| l > 0)
                .map(|(s, &l)| (s, l))
                .collect();
            symbols.sort_by_key(|&(s, l)| (l, s));
            let mut code = 0u64;
            let mut previous_length = symbols.first().map_or(0, |&(_, l)| l);
            symbols
                .into_iter()
                .map(|(symbol, length)| {
                    code <<= length - previous_length;
                    previous_length = length;
                    let assigned = (symbol, length, code);
                    code += 1;
                    assigned
                })
                .collect()
        }

        $(#[$h])?
        #[inline(never)]
        fn huffman_lengths(inputs: &Inputs) -> u64 {
            let mut byte_counts = vec![0u64; 256];
            for &b in inputs.text.as_bytes().iter().chain(&inputs.bytes) {
                byte_counts[usize::from(b)] += 1;
            }
            let mut word_counts: HashMap<&str, u64> = HashMap::new();
            for word in inputs.text.split_whitespace() {
                *word_counts.entry(word).or_insert(0) += 1;
            }
            let mut words: Vec<(&str, u64)> = word_counts.into_iter().collect();
            words.sort_unstable();
            let word_frequencies: Vec<u64> = words.iter().map(|&(_, n)| n).collect();
            let mut digest = 0;
            for frequencies in [&byte_counts, &word_frequencies] {
                let lengths = huffman_code_lengths(frequencies);
                let bits: u64 = frequencies
                    .iter()
                    .zip(&lengths)
                    .map(|(&f, &l)| f * u64::from(l))
                    .sum();
                let kraft: f64 = lengths
                    .iter()
                    .filter(|&&l| l > 0)
                    .map(|&l| 0.5f64.powi(l as i32))
                    .sum();
                assert!(kraft <= 1.0 + 1e-9);
                let codes = canonical_codes(&lengths);
                digest = codes.iter().fold(mix(digest, bits), |d, &(s, l, c)| {
                    mix(d, ((s as u64) << 40) ^ (u64::from(l) << 32) ^ c)
                });
            }
            digest ^ SALT
        }

        // ---------------------------------------------------------------- moving median

        /// The median of a sorted window (the lower one for even lengths).
        $(#[$h])?
        fn median_of<T: Copy>(sorted: &[T]) -> Option<T> {
            sorted.get(sorted.len().saturating_sub(1) / 2).copied()
        }

        $(#[$h])?
        #[inline(never)]
        fn moving_median(inputs: &Inputs) -> u64 {
            const WINDOW: usize = 31;
            let mut window: VecDeque<i16> = VecDeque::with_capacity(WINDOW);
            let mut sorted: Vec<i16> = Vec::with_capacity(WINDOW);
            let mut filtered = Vec::with_capacity(inputs.samples.len());
            let mut spikes = 0u64;
            for &sample in &inputs.samples {
                if window.len() == WINDOW {
                    let leaving = window.pop_front().expect("the window is full");
                    let at = sorted
                        .binary_search(&leaving)
                        .expect("every sample of the window is in it");
                    sorted.remove(at);
                }
                window.push_back(sample);
                let at = sorted.binary_search(&sample).unwrap_or_else(|at| at);
                sorted.insert(at, sample);
                let median = median_of(&sorted).expect("the window is not empty");
                if (i32::from(sample) - i32::from(median)).abs() > 12_000 {
                    spikes += 1;
                }
                filtered.push(median);
            }
            let energy: i64 = filtered
                .iter()
                .map(|&m| (i64::from(m) * i64::from(m)) >> 8)
                .sum();
            let digest = filtered
                .iter()
                .step_by(7)
                .fold(spikes, |d, &m| mix(d, m as u64));
            mix(digest, energy as u64) ^ SALT
        }

        // ---------------------------------------------------------------- inventory

        trait Item {
            fn sku(&self) -> u32;
            fn unit_price(&self) -> u64;
            fn unit_weight(&self) -> u32;

            $(#[$h])?
            fn label(&self) -> String {
                format!("SKU-{:06}", self.sku())
            }
        }

        #[derive(Clone, Debug)]
        struct Book {
            sku: u32,
            pages: u32,
            price_cents: u64,
        }

        #[derive(Clone, Debug)]
        struct Tool {
            sku: u32,
            grams: u32,
            price_cents: u64,
            name: &'static str,
        }

        impl Item for Book {
            $(#[$h])?
            fn sku(&self) -> u32 {
                self.sku
            }

            $(#[$h])?
            fn unit_price(&self) -> u64 {
                self.price_cents
            }

            $(#[$h])?
            fn unit_weight(&self) -> u32 {
                self.pages * 3 + 150
            }
        }

        impl Item for Tool {
            $(#[$h])?
            fn sku(&self) -> u32 {
                self.sku
            }

            $(#[$h])?
            fn unit_price(&self) -> u64 {
                self.price_cents
            }

            $(#[$h])?
            fn unit_weight(&self) -> u32 {
                self.grams
            }

            $(#[$h])?
            fn label(&self) -> String {
                format!("{}-{:04}", self.name, self.sku % 10_000)
            }
        }

        #[derive(Debug)]
        enum StockError {
            Unknown(u32),
            Short { wanted: u32, have: u32 },
        }

        /// Stock of one kind of item, by SKU.
        struct Bin<T: Item> {
            stock: BTreeMap<u32, (T, u32)>,
        }

        impl<T: Item + Clone> Bin<T> {
            $(#[$h])?
            fn new() -> Self {
                Bin {
                    stock: BTreeMap::new(),
                }
            }

            $(#[$h])?
            fn receive(&mut self, item: &T, quantity: u32) {
                self.stock
                    .entry(item.sku())
                    .and_modify(|(_, q)| *q += quantity)
                    .or_insert_with(|| (item.clone(), quantity));
            }

            $(#[$h])?
            fn take(&mut self, sku: u32, wanted: u32) -> Result<u64, StockError> {
                let (item, have) = self.stock.get_mut(&sku).ok_or(StockError::Unknown(sku))?;
                if *have < wanted {
                    return Err(StockError::Short {
                        wanted,
                        have: *have,
                    });
                }
                *have -= wanted;
                Ok(item.unit_price() * u64::from(wanted))
            }

            $(#[$h])?
            fn value(&self) -> u64 {
                self.stock
                    .values()
                    .map(|(item, q)| item.unit_price() * u64::from(*q))
                    .sum()
            }
        }

        /// Total weight and the label of the heaviest line of any bin.
        $(#[$h])?
        fn weigh<T: Item>(stock: &BTreeMap<u32, (T, u32)>) -> (u64, Option<String>) {
            let total = stock
                .values()
                .map(|(item, q)| u64::from(item.unit_weight()) * u64::from(*q))
                .sum();
            let heaviest = stock
                .values()
                .max_by_key(|(item, q)| (u64::from(item.unit_weight()) * u64::from(*q), item.sku()))
                .map(|(item, _)| item.label());
            (total, heaviest)
        }

        $(#[$h])?
        #[inline(never)]
        fn inventory_generic(inputs: &Inputs) -> u64 {
            const TOOL_NAMES: [&str; 4] = ["hammer", "wrench", "saw", "drill"];
            let mut books = Bin::new();
            let mut tools = Bin::new();
            let catalogue_books: Vec<Book> = (0..64)
                .map(|i| Book {
                    sku: 100_000 + i,
                    pages: 80 + i * 13 % 700,
                    price_cents: 499 + u64::from(i) * 37,
                })
                .collect();
            let catalogue_tools: Vec<Tool> = (0..32)
                .map(|i| Tool {
                    sku: 200_000 + i,
                    grams: 300 + i * 71 % 2000,
                    price_cents: 1299 + u64::from(i) * 101,
                    name: TOOL_NAMES[i as usize % TOOL_NAMES.len()],
                })
                .collect();
            let (mut revenue, mut unknown, mut short) = (0u64, 0u64, 0u64);
            for &n in &inputs.numbers {
                let quantity = (n >> 8) as u32 % 5 + 1;
                let result = if n % 3 == 0 {
                    let book = &catalogue_books[(n >> 16) as usize % catalogue_books.len()];
                    let sku = if n % 97 == 0 { 99 } else { book.sku };
                    books
                        .take(sku, quantity)
                        .inspect_err(|_| books.receive(book, 20))
                } else {
                    let tool = &catalogue_tools[(n >> 16) as usize % catalogue_tools.len()];
                    tools
                        .take(tool.sku, quantity)
                        .inspect_err(|_| tools.receive(tool, 10))
                };
                match result {
                    Ok(amount) => revenue += amount,
                    Err(StockError::Unknown(sku)) => unknown += u64::from(sku),
                    Err(StockError::Short { wanted, have }) => short += u64::from(wanted - have),
                }
            }
            let (book_weight, heaviest_book) = weigh(&books.stock);
            let (tool_weight, heaviest_tool) = weigh(&tools.stock);
            let labels = [heaviest_book, heaviest_tool]
                .iter()
                .flatten()
                .fold(0, |d, label| mix(d, hash_bytes(label.as_bytes())));
            let digest = mix(mix(revenue, unknown), short);
            let digest = mix(mix(digest, books.value()), tools.value());
            mix(mix(digest, book_weight ^ (tool_weight << 20)), labels) ^ SALT
        }

        // ---------------------------------------------------------------- gap buffer

        struct GapBuffer {
            buffer: Vec<u8>,
            gap_start: usize,
            gap_end: usize,
        }

        impl GapBuffer {
            $(#[$h])?
            fn new(text: &[u8]) -> Self {
                let gap = 64;
                let mut buffer = Vec::with_capacity(text.len() + gap);
                buffer.extend_from_slice(text);
                buffer.resize(text.len() + gap, 0);
                GapBuffer {
                    buffer,
                    gap_start: text.len(),
                    gap_end: text.len() + gap,
                }
            }

            $(#[$h])?
            fn len(&self) -> usize {
                self.buffer.len() - (self.gap_end - self.gap_start)
            }

            $(#[$h])?
            fn cursor(&self) -> usize {
                self.gap_start
            }

            $(#[$h])?
            fn move_to(&mut self, position: usize) {
                let position = position.min(self.len());
                if position < self.gap_start {
                    let count = self.gap_start - position;
                    self.buffer
                        .copy_within(position..self.gap_start, self.gap_end - count);
                    self.gap_start -= count;
                    self.gap_end -= count;
                } else if position > self.gap_start {
                    let count = position - self.gap_start;
                    self.buffer
                        .copy_within(self.gap_end..self.gap_end + count, self.gap_start);
                    self.gap_start += count;
                    self.gap_end += count;
                }
            }

            $(#[$h])?
            fn grow(&mut self, needed: usize) {
                let extra = needed.max(self.buffer.len() / 2);
                let tail = self.buffer.len() - self.gap_end;
                self.buffer.resize(self.buffer.len() + extra, 0);
                let new_end = self.buffer.len() - tail;
                self.buffer
                    .copy_within(self.gap_end..self.gap_end + tail, new_end);
                self.gap_end = new_end;
            }

            $(#[$h])?
            fn insert(&mut self, text: &[u8]) {
                if self.gap_end - self.gap_start < text.len() {
                    self.grow(text.len());
                }
                self.buffer[self.gap_start..self.gap_start + text.len()].copy_from_slice(text);
                self.gap_start += text.len();
            }

            $(#[$h])?
            fn delete_before(&mut self, count: usize) -> usize {
                let count = count.min(self.gap_start);
                self.gap_start -= count;
                count
            }

            $(#[$h])?
            fn contents(&self) -> Vec<u8> {
                let mut out = Vec::with_capacity(self.len());
                out.extend_from_slice(&self.buffer[..self.gap_start]);
                out.extend_from_slice(&self.buffer[self.gap_end..]);
                out
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn gap_buffer_edits(inputs: &Inputs) -> u64 {
            let text = inputs.text.as_bytes();
            let mut buffer = GapBuffer::new(&text[..text.len().min(16 * 1024)]);
            buffer.move_to(buffer.len() / 2);
            let mut deleted = 0u64;
            for edit in &inputs.edits {
                match *edit {
                    Edit::Move(delta) => {
                        let target = buffer.cursor().saturating_add_signed(delta as isize);
                        buffer.move_to(target);
                    }
                    Edit::Insert { offset, len } => {
                        let end = (offset + len).min(text.len());
                        buffer.insert(&text[offset.min(end)..end]);
                    }
                    Edit::Delete(count) => deleted += buffer.delete_before(count) as u64,
                }
            }
            let contents = buffer.contents();
            assert_eq!(contents.len(), buffer.len());
            mix(mix(hash_bytes(&contents), deleted), buffer.cursor() as u64) ^ SALT
        }

        // ---------------------------------------------------------------- image processing

        $(#[$h])?
        fn mean_and_deviation(pixels: &[u8]) -> (f64, f64) {
            let n = pixels.len().max(1) as f64;
            let mean = pixels.iter().copied().map(f64::from).sum::<f64>() / n;
            let variance = pixels
                .iter()
                .map(|&p| (f64::from(p) - mean).powi(2))
                .sum::<f64>()
                / n;
            (mean, variance.sqrt())
        }

        $(#[$h])?
        #[inline(never)]
        fn histogram_equalize(inputs: &Inputs) -> u64 {
            let image = &inputs.image;
            let mut histogram = [0u32; 256];
            for &p in image {
                histogram[usize::from(p)] += 1;
            }
            let cdf: Vec<u32> = histogram
                .iter()
                .scan(0, |running, &count| {
                    *running += count;
                    Some(*running)
                })
                .collect();
            let cdf_min = cdf.iter().copied().find(|&c| c > 0).unwrap_or(0);
            let span = f64::from((image.len() as u32 - cdf_min).max(1));
            let lut: Vec<u8> = cdf
                .iter()
                .map(|&c| (f64::from(c.saturating_sub(cdf_min)) / span * 255.0).round() as u8)
                .collect();
            let equalized: Vec<u8> = image.iter().map(|&p| lut[usize::from(p)]).collect();
            let (mean_before, sd_before) = mean_and_deviation(image);
            let (mean_after, sd_after) = mean_and_deviation(&equalized);
            assert!(sd_after >= sd_before);
            let levels = equalized.iter().copied().collect::<BTreeSet<u8>>().len();
            let digest = mix(hash_bytes(&lut), hash_bytes(&equalized));
            let digest = mix(mix(digest, float_bits(mean_before)), float_bits(sd_before));
            mix(
                mix(mix(digest, float_bits(mean_after)), float_bits(sd_after)),
                levels as u64,
            ) ^ SALT
        }

        $(#[$h])?
        fn convolve3x3(
            image: &[f32],
            width: usize,
            height: usize,
            kernel: &[[f32; 3]; 3],
        ) -> Vec<f32> {
            let mut out = vec![0.0; image.len()];
            for y in 1..height - 1 {
                for x in 1..width - 1 {
                    let mut sum = 0.0;
                    for (ky, row) in kernel.iter().enumerate() {
                        for (kx, &weight) in row.iter().enumerate() {
                            sum += weight * image[(y + ky - 1) * width + (x + kx - 1)];
                        }
                    }
                    out[y * width + x] = sum;
                }
            }
            out
        }

        $(#[$h])?
        #[inline(never)]
        fn convolve_2d(inputs: &Inputs) -> u64 {
            let (width, height) = (inputs.image_width, inputs.image_height);
            let image: Vec<f32> = inputs.image.iter().copied().map(f32::from).collect();
            const GAUSS: [[f32; 3]; 3] = [
                [1.0 / 16.0, 2.0 / 16.0, 1.0 / 16.0],
                [2.0 / 16.0, 4.0 / 16.0, 2.0 / 16.0],
                [1.0 / 16.0, 2.0 / 16.0, 1.0 / 16.0],
            ];
            const SOBEL_X: [[f32; 3]; 3] = [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
            const SOBEL_Y: [[f32; 3]; 3] = [[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]];
            let blurred = convolve3x3(&image, width, height, &GAUSS);
            let gx = convolve3x3(&blurred, width, height, &SOBEL_X);
            let gy = convolve3x3(&blurred, width, height, &SOBEL_Y);
            let edges: Vec<u8> = gx
                .iter()
                .zip(&gy)
                .map(|(&x, &y)| (x * x + y * y).sqrt().clamp(0.0, 255.0) as u8)
                .collect();
            let strong = edges.iter().filter(|&&e| e > 40).count();
            mix(
                mix(hash_bytes(&edges), strong as u64),
                u64::from(blurred[width + 1].to_bits()),
            ) ^ SALT
        }

        // ---------------------------------------------------------------- particles

        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        struct Vec2 {
            x: f64,
            y: f64,
        }

        impl Add for Vec2 {
            type Output = Vec2;

            $(#[$h])?
            fn add(self, rhs: Vec2) -> Vec2 {
                Vec2 {
                    x: self.x + rhs.x,
                    y: self.y + rhs.y,
                }
            }
        }

        impl Sub for Vec2 {
            type Output = Vec2;

            $(#[$h])?
            fn sub(self, rhs: Vec2) -> Vec2 {
                Vec2 {
                    x: self.x - rhs.x,
                    y: self.y - rhs.y,
                }
            }
        }

        impl Mul<f64> for Vec2 {
            type Output = Vec2;

            $(#[$h])?
            fn mul(self, k: f64) -> Vec2 {
                Vec2 {
                    x: self.x * k,
                    y: self.y * k,
                }
            }
        }

        impl Vec2 {
            $(#[$h])?
            fn length_squared(self) -> f64 {
                self.x.mul_add(self.x, self.y * self.y)
            }
        }

        struct Particle {
            position: Vec2,
            velocity: Vec2,
            mass: f64,
        }

        impl Particle {
            $(#[$h])?
            fn pull_towards(&mut self, well: Vec2, strength: f64, dt: f64) {
                let offset = well - self.position;
                let r2 = offset.length_squared() + 1e-3;
                let acceleration = offset * (strength / (r2 * r2.sqrt()));
                self.velocity = self.velocity + acceleration * dt;
            }

            $(#[$h])?
            fn advance(&mut self, dt: f64, size: f64) {
                self.velocity = self.velocity * 0.999;
                self.position = self.position + self.velocity * dt;
                // Bounce off the walls of the box.
                if !(0.0..=size).contains(&self.position.x) {
                    self.velocity.x = -self.velocity.x;
                    self.position.x = self.position.x.clamp(0.0, size);
                }
                if !(0.0..=size).contains(&self.position.y) {
                    self.velocity.y = -self.velocity.y;
                    self.position.y = self.position.y.clamp(0.0, size);
                }
            }

            $(#[$h])?
            fn kinetic_energy(&self) -> f64 {
                0.5 * self.mass * self.velocity.length_squared()
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn particle_step(inputs: &Inputs) -> u64 {
            let wells = [
                (Vec2 { x: 2.5, y: 2.5 }, 4.0),
                (Vec2 { x: 7.5, y: 3.0 }, 2.0),
                (Vec2 { x: 5.0, y: 8.0 }, 3.0),
            ];
            let mut particles: Vec<Particle> = inputs
                .points
                .iter()
                .cycle()
                .take(inputs.particles)
                .enumerate()
                .map(|(i, &(x, y))| Particle {
                    position: Vec2 {
                        x: x * 10.0,
                        y: y * 10.0,
                    },
                    velocity: Vec2 {
                        x: (y - 0.5) * 0.2,
                        y: (0.5 - x) * 0.2,
                    },
                    mass: 1.0 + (i % 3) as f64,
                })
                .collect();
            let dt = 0.01;
            for _ in 0..inputs.particle_steps {
                for particle in &mut particles {
                    for &(well, strength) in &wells {
                        particle.pull_towards(well, strength, dt);
                    }
                    particle.advance(dt, 10.0);
                }
            }
            let energy: f64 = particles.iter().map(Particle::kinetic_energy).sum();
            let centre = particles
                .iter()
                .fold(Vec2::default(), |c, p| c + p.position)
                * (1.0 / particles.len() as f64);
            let spread = particles
                .iter()
                .map(|p| (p.position - centre).length_squared().sqrt())
                .fold(0.0, f64::max);
            mix(
                mix(float_bits(energy), float_bits(centre.x + centre.y)),
                float_bits(spread),
            ) ^ SALT
        }

        // ---------------------------------------------------------------- linear algebra

        /// Solves `a x = b` by Gaussian elimination with partial pivoting.
        $(#[$h])?
        fn solve_linear(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
            let n = b.len();
            for col in 0..n {
                let pivot =
                    (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
                if a[pivot][col].abs() < 1e-12 {
                    return None;
                }
                a.swap(col, pivot);
                b.swap(col, pivot);
                let (upper, lower) = a.split_at_mut(col + 1);
                let pivot_row = &upper[col];
                for (offset, row) in lower.iter_mut().enumerate() {
                    let factor = row[col] / pivot_row[col];
                    if factor == 0.0 {
                        continue;
                    }
                    for (target, &p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                        *target = (-factor).mul_add(p, *target);
                    }
                    b[col + 1 + offset] -= factor * b[col];
                }
            }
            let mut x = vec![0.0; n];
            for row in (0..n).rev() {
                let tail: f64 = a[row][row + 1..]
                    .iter()
                    .zip(&x[row + 1..])
                    .map(|(a, x)| a * x)
                    .sum();
                x[row] = (b[row] - tail) / a[row][row];
            }
            Some(x)
        }

        $(#[$h])?
        #[inline(never)]
        fn gauss_elimination(inputs: &Inputs) -> u64 {
            let n = inputs.matrix_n;
            let a: Vec<Vec<f64>> = inputs.matrix.chunks(n).map(<[f64]>::to_vec).collect();
            let x =
                solve_linear(a.clone(), inputs.rhs.clone()).expect("a random matrix is regular");
            let residual = a
                .iter()
                .zip(&inputs.rhs)
                .map(|(row, &b)| (row.iter().zip(&x).map(|(a, x)| a * x).sum::<f64>() - b).abs())
                .fold(0.0, f64::max);
            assert!(residual < 1e-6, "residual {residual}");
            let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
            mix(float_bits(norm), float_bits(x[0]) ^ float_bits(x[n - 1])) ^ SALT
        }

        // ---------------------------------------------------------------- polynomials

        $(#[$h])?
        fn horner(coefficients: &[f64], x: f64) -> f64 {
            coefficients
                .iter()
                .rev()
                .fold(0.0, |acc, &c| acc.mul_add(x, c))
        }

        $(#[$h])?
        fn derivative(coefficients: &[f64]) -> Vec<f64> {
            coefficients
                .iter()
                .enumerate()
                .skip(1)
                .map(|(power, &c)| c * power as f64)
                .collect()
        }

        $(#[$h])?
        fn newton_root(p: &[f64], dp: &[f64], start: f64) -> Option<f64> {
            let mut x = start;
            let mut iterations = 0;
            loop {
                let value = horner(p, x);
                if value.abs() < 1e-9 {
                    break Some(x);
                }
                let slope = horner(dp, x);
                if slope.abs() < 1e-12 || iterations == 60 {
                    break None;
                }
                x -= value / slope;
                iterations += 1;
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn horner_newton(inputs: &Inputs) -> u64 {
            let mut digest = 0u64;
            let mut found = 0u64;
            for p in &inputs.polynomials {
                let dp = derivative(p);
                let mut roots: Vec<f64> = (0..24)
                    .filter_map(|i| newton_root(p, &dp, -3.5 + 0.3 * f64::from(i)))
                    .collect();
                roots.sort_by(f64::total_cmp);
                roots.dedup_by(|a, b| (*a - *b).abs() < 1e-6);
                found += roots.len() as u64;
                digest = roots.iter().fold(digest, |d, &r| {
                    d.wrapping_add(float_bits(r.clamp(-10.0, 10.0)) >> 8)
                });
            }
            mix(digest, found) ^ SALT
        }

        // ---------------------------------------------------------------- big integers

        /// An unsigned big integer, little-endian base-2^32 limbs, no trailing zero limbs.
        #[derive(Clone, Debug, PartialEq, Eq)]
        struct BigUint {
            limbs: Vec<u32>,
        }

        impl BigUint {
            $(#[$h])?
            fn from_u64(n: u64) -> Self {
                let mut big = BigUint {
                    limbs: vec![n as u32, (n >> 32) as u32],
                };
                big.normalize();
                big
            }

            $(#[$h])?
            fn normalize(&mut self) {
                while self.limbs.last() == Some(&0) {
                    self.limbs.pop();
                }
            }

            $(#[$h])?
            fn mul_small(&mut self, factor: u32) {
                let mut carry = 0u64;
                for limb in &mut self.limbs {
                    let product = u64::from(*limb) * u64::from(factor) + carry;
                    *limb = product as u32;
                    carry = product >> 32;
                }
                if carry > 0 {
                    self.limbs.push(carry as u32);
                }
                self.normalize();
            }

            /// Divides in place by `divisor`, returning the remainder.
            $(#[$h])?
            fn div_rem_small(&mut self, divisor: u32) -> u32 {
                let mut remainder = 0u64;
                for limb in self.limbs.iter_mut().rev() {
                    let current = (remainder << 32) | u64::from(*limb);
                    *limb = (current / u64::from(divisor)) as u32;
                    remainder = current % u64::from(divisor);
                }
                self.normalize();
                remainder as u32
            }

            $(#[$h])?
            fn to_decimal(&self) -> String {
                if self.limbs.is_empty() {
                    return "0".to_string();
                }
                let mut n = self.clone();
                let mut chunks = Vec::new();
                while !n.limbs.is_empty() {
                    chunks.push(n.div_rem_small(1_000_000_000));
                }
                let mut out = String::with_capacity(chunks.len() * 9);
                let mut chunks = chunks.iter().rev();
                if let Some(first) = chunks.next() {
                    write!(out, "{first}").unwrap();
                }
                for chunk in chunks {
                    write!(out, "{chunk:09}").unwrap();
                }
                out
            }
        }

        impl Add<&BigUint> for &BigUint {
            type Output = BigUint;

            $(#[$h])?
            fn add(self, rhs: &BigUint) -> BigUint {
                let (long, short) = if self.limbs.len() >= rhs.limbs.len() {
                    (self, rhs)
                } else {
                    (rhs, self)
                };
                let mut limbs = Vec::with_capacity(long.limbs.len() + 1);
                let mut carry = false;
                for (i, &a) in long.limbs.iter().enumerate() {
                    let b = short.limbs.get(i).copied().unwrap_or(0);
                    let (sum, c1) = a.overflowing_add(b);
                    let (sum, c2) = sum.overflowing_add(u32::from(carry));
                    limbs.push(sum);
                    carry = c1 || c2;
                }
                if carry {
                    limbs.push(1);
                }
                BigUint { limbs }
            }
        }

        impl Mul<&BigUint> for &BigUint {
            type Output = BigUint;

            $(#[$h])?
            fn mul(self, rhs: &BigUint) -> BigUint {
                let mut limbs = vec![0u32; self.limbs.len() + rhs.limbs.len()];
                for (i, &a) in self.limbs.iter().enumerate() {
                    let mut carry = 0u64;
                    for (j, &b) in rhs.limbs.iter().enumerate() {
                        let t = u64::from(a) * u64::from(b) + u64::from(limbs[i + j]) + carry;
                        limbs[i + j] = t as u32;
                        carry = t >> 32;
                    }
                    limbs[i + rhs.limbs.len()] = carry as u32;
                }
                let mut product = BigUint { limbs };
                product.normalize();
                product
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn bigint_arith(inputs: &Inputs) -> u64 {
            let mut factorial = BigUint::from_u64(1);
            for k in 2..=inputs.factorial_n {
                factorial.mul_small(k);
            }
            let (mut a, mut b) = (BigUint::from_u64(0), BigUint::from_u64(1));
            for _ in 0..inputs.fibonacci_n {
                let next = &a + &b;
                a = std::mem::replace(&mut b, next);
            }
            let product = &factorial * &a;
            let decimal = product.to_decimal();
            let digit_sum: u64 = decimal.bytes().map(|d| u64::from(d - b'0')).sum();
            let trailing_zeros = decimal.bytes().rev().take_while(|&d| d == b'0').count();
            let digest = mix(digit_sum, decimal.len() as u64);
            let digest = mix(digest, trailing_zeros as u64);
            product
                .limbs
                .iter()
                .fold(digest, |d, &l| mix(d, u64::from(l)))
                ^ SALT
        }

        // ---------------------------------------------------------------- bit twiddling

        $(#[$h])?
        fn popcount_table() -> [u8; 256] {
            let mut table = [0u8; 256];
            for i in 1..256 {
                table[i] = table[i / 2] + (i & 1) as u8;
            }
            table
        }

        $(#[$h])?
        fn table_popcount(table: &[u8; 256], x: u64) -> u32 {
            x.to_le_bytes()
                .iter()
                .map(|&b| u32::from(table[usize::from(b)]))
                .sum()
        }

        $(#[$h])?
        #[inline(never)]
        fn popcount_hamming(inputs: &Inputs) -> u64 {
            let table = popcount_table();
            let numbers = &inputs.numbers;
            let mut digest = 0;
            let mut closest_total = 0u64;
            for (i, &x) in numbers.iter().enumerate() {
                // The nearest (in Hamming distance) of the next 16.
                let mut best = u32::MAX;
                for &y in numbers[i + 1..].iter().take(16) {
                    let distance = table_popcount(&table, x ^ y);
                    debug_assert_eq!(distance, (x ^ y).count_ones());
                    best = best.min(distance);
                }
                if best != u32::MAX {
                    closest_total += u64::from(best);
                }
            }
            for pair in numbers.chunks_exact(2) {
                let wide = (u128::from(pair[0]) << 64) | u128::from(pair[1]);
                let folded = wide.reverse_bits() ^ wide.rotate_left(17);
                digest = mix(
                    digest,
                    (u64::from(folded.count_ones()) << 8) | u64::from(folded.leading_zeros()),
                );
                digest = mix(digest, (folded >> 64) as u64 ^ folded as u64);
            }
            mix(digest, closest_total) ^ SALT
        }

        // ---------------------------------------------------------------- fixed-point DSP

        /// A low-pass FIR filter in Q15, from a Hamming-windowed sinc.
        $(#[$h])?
        fn lowpass_taps(count: usize, cutoff: f64) -> Vec<i16> {
            let middle = (count - 1) as f64 / 2.0;
            let ideal: Vec<f64> = (0..count)
                .map(|i| {
                    let t = i as f64 - middle;
                    let sinc = if t == 0.0 {
                        2.0 * cutoff
                    } else {
                        (2.0 * PI * cutoff * t).sin() / (PI * t)
                    };
                    let window = 0.54 - 0.46 * (2.0 * PI * i as f64 / (count - 1) as f64).cos();
                    sinc * window
                })
                .collect();
            let gain: f64 = ideal.iter().sum();
            ideal
                .iter()
                .map(|&h| (h / gain * 32768.0).round().clamp(-32768.0, 32767.0) as i16)
                .collect()
        }

        /// A biquad section in Q14 with its state.
        struct Biquad {
            b: [i32; 3],
            a: [i32; 2],
            x: [i32; 2],
            y: [i32; 2],
        }

        impl Biquad {
            $(#[$h])?
            fn process(&mut self, input: i16) -> i16 {
                let x0 = i32::from(input);
                let acc = i64::from(self.b[0]) * i64::from(x0)
                    + i64::from(self.b[1]) * i64::from(self.x[0])
                    + i64::from(self.b[2]) * i64::from(self.x[1])
                    - i64::from(self.a[0]) * i64::from(self.y[0])
                    - i64::from(self.a[1]) * i64::from(self.y[1]);
                let y0 = (acc >> 14).clamp(i64::from(i16::MIN), i64::from(i16::MAX)) as i32;
                self.x = [x0, self.x[0]];
                self.y = [y0, self.y[0]];
                y0 as i16
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn fir_fixed_point(inputs: &Inputs) -> u64 {
            let taps = lowpass_taps(31, 0.08);
            let filtered: Vec<i16> = inputs
                .samples
                .windows(taps.len())
                .map(|window| {
                    let acc = window
                        .iter()
                        .zip(&taps)
                        .map(|(&s, &t)| i32::from(s) * i32::from(t))
                        .fold(0i32, i32::saturating_add);
                    (acc >> 15).clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
                })
                .collect();
            // A gentle resonant low-pass after it.
            let mut biquad = Biquad {
                b: [1024, 2048, 1024],
                a: [-24000, 9500],
                x: [0; 2],
                y: [0; 2],
            };
            let mut peak = 0i16;
            let mut digest = 0;
            for &s in &filtered {
                let out = biquad.process(s);
                peak = peak.max(out.saturating_abs());
                digest = mix(digest, out as u16 as u64);
            }
            let clipped = filtered
                .iter()
                .filter(|&&s| s == i16::MAX || s == i16::MIN)
                .count();
            mix(mix(digest, peak as u64), clipped as u64) ^ SALT
        }

        // ---------------------------------------------------------------- fractals

        #[derive(Clone, Copy)]
        struct Complex {
            re: f64,
            im: f64,
        }

        impl Complex {
            $(#[$h])?
            fn norm_sqr(self) -> f64 {
                self.re * self.re + self.im * self.im
            }

            $(#[$h])?
            fn square_add(self, c: Complex) -> Complex {
                Complex {
                    re: self.re.mul_add(self.re, -self.im * self.im) + c.re,
                    im: 2.0 * self.re * self.im + c.im,
                }
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn mandelbrot_rows(inputs: &Inputs) -> u64 {
            let (width, height, limit) = (
                inputs.mandel_width,
                inputs.mandel_height,
                inputs.mandel_iterations,
            );
            let mut digest = 0;
            let mut inside = 0u64;
            for row in 0..height {
                let mut line = Vec::with_capacity(width);
                for col in 0..width {
                    let c = Complex {
                        re: -2.2 + 3.0 * col as f64 / width as f64,
                        im: -1.2 + 2.4 * row as f64 / height as f64,
                    };
                    let mut z = Complex { re: 0.0, im: 0.0 };
                    let mut n = 0;
                    let escape = loop {
                        if z.norm_sqr() > 16.0 {
                            break Some(n);
                        }
                        if n == limit {
                            break None;
                        }
                        z = z.square_add(c);
                        n += 1;
                    };
                    let shade = match escape {
                        Some(n) => {
                            // Smooth colouring.
                            let smooth = f64::from(n) + 1.0 - z.norm_sqr().sqrt().ln().log2();
                            (smooth * 8.0).clamp(0.0, 254.0) as u8
                        }
                        None => {
                            inside += 1;
                            255
                        }
                    };
                    line.push(shade);
                }
                digest = mix(digest, hash_bytes(&line));
            }
            mix(digest, inside) ^ SALT
        }

        // ---------------------------------------------------------------- divide and conquer

        $(#[$h])?
        fn distance_squared(a: (f64, f64), b: (f64, f64)) -> f64 {
            (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)
        }

        /// The smallest squared distance between two of `points`, which are sorted by x.
        $(#[$h])?
        fn closest_in(points: &[(f64, f64)]) -> f64 {
            if points.len() <= 3 {
                let mut best = f64::INFINITY;
                for (i, &a) in points.iter().enumerate() {
                    for &b in &points[i + 1..] {
                        best = best.min(distance_squared(a, b));
                    }
                }
                return best;
            }
            let middle = points.len() / 2;
            let split_x = points[middle].0;
            let (left, right) = points.split_at(middle);
            let best = closest_in(left).min(closest_in(right));
            let reach = best.sqrt();
            let mut strip: Vec<(f64, f64)> = points
                .iter()
                .copied()
                .filter(|p| (p.0 - split_x).abs() < reach)
                .collect();
            strip.sort_by(|a, b| a.1.total_cmp(&b.1));
            let mut best = best;
            for (i, &a) in strip.iter().enumerate() {
                for &b in strip[i + 1..].iter().take_while(|b| b.1 - a.1 < reach) {
                    best = best.min(distance_squared(a, b));
                }
            }
            best
        }

        $(#[$h])?
        #[inline(never)]
        fn closest_pair(inputs: &Inputs) -> u64 {
            let mut points = inputs.points.clone();
            points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let best = closest_in(&points);
            // Check against brute force on a prefix.
            let sample = &inputs.points[..inputs.points.len().min(200)];
            let mut sorted_sample = sample.to_vec();
            sorted_sample.sort_by(|a, b| a.0.total_cmp(&b.0));
            let brute = sample
                .iter()
                .enumerate()
                .flat_map(|(i, &a)| sample[i + 1..].iter().map(move |&b| distance_squared(a, b)))
                .fold(f64::INFINITY, f64::min);
            assert_eq!(closest_in(&sorted_sample), brute);
            mix(best.to_bits(), brute.to_bits()) ^ SALT
        }

        /// Sorts `values` and returns the number of inversions it had.
        $(#[$h])?
        fn sort_counting_inversions(values: &mut [u32], scratch: &mut Vec<u32>) -> u64 {
            if values.len() < 2 {
                return 0;
            }
            let middle = values.len() / 2;
            let (left, right) = values.split_at_mut(middle);
            let mut inversions =
                sort_counting_inversions(left, scratch) + sort_counting_inversions(right, scratch);
            scratch.clear();
            let (mut i, mut j) = (0, 0);
            while i < left.len() && j < right.len() {
                if left[i] <= right[j] {
                    scratch.push(left[i]);
                    i += 1;
                } else {
                    scratch.push(right[j]);
                    inversions += (left.len() - i) as u64;
                    j += 1;
                }
            }
            scratch.extend_from_slice(&left[i..]);
            scratch.extend_from_slice(&right[j..]);
            values.copy_from_slice(scratch);
            inversions
        }

        $(#[$h])?
        #[inline(never)]
        fn inversion_count(inputs: &Inputs) -> u64 {
            let mut values: Vec<u32> = inputs.numbers.iter().map(|&n| (n >> 40) as u32).collect();
            // Mostly sorted data too: the second half is nearly in order.
            let half = values.len() / 2;
            values[half..].sort_unstable();
            for i in (half..values.len()).step_by(50) {
                let j = (i + 3).min(values.len() - 1);
                values.swap(i, j);
            }
            let mut scratch = Vec::with_capacity(values.len());
            let inversions = sort_counting_inversions(&mut values, &mut scratch);
            assert!(values.windows(2).all(|w| w[0] <= w[1]));
            let median = values[values.len() / 2];
            let rank = values.binary_search(&median).unwrap_or_else(|at| at);
            mix(mix(inversions, u64::from(median)), rank as u64) ^ SALT
        }

        // ---------------------------------------------------------------- Collatz

        $(#[$h])?
        #[inline(never)]
        fn collatz_lengths(inputs: &Inputs) -> u64 {
            let limit = inputs.collatz_limit;
            let mut lengths = vec![0u32; limit];
            lengths[1] = 1;
            let mut best = (1, 1);
            for start in 2..limit {
                let mut n = start as u64;
                let mut steps = 0;
                let known = loop {
                    if n < start as u64 {
                        break lengths[n as usize];
                    }
                    n = if n % 2 == 0 {
                        n / 2
                    } else {
                        n.checked_mul(3)
                            .and_then(|m| m.checked_add(1))
                            .expect("no overflow below the limit")
                    };
                    steps += 1;
                };
                lengths[start] = known + steps;
                if lengths[start] > best.1 {
                    best = (start, lengths[start]);
                }
            }
            let total: u64 = lengths.iter().copied().map(u64::from).sum();
            mix(mix(total, best.0 as u64), u64::from(best.1)) ^ SALT
        }

        // ---------------------------------------------------------------- closures

        /// Applies `f` to every element in place.
        $(#[$h])?
        fn apply_all<F: Fn(f64) -> f64>(values: &mut [f64], f: F) {
            for v in values {
                *v = f(*v);
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn sensor_pipeline(inputs: &Inputs) -> u64 {
            let offset = -0.37;
            let calibrate = |raw: f64| raw.mul_add(1.0125, offset);
            let stages: Vec<(&str, Box<dyn Fn(f64) -> f64>)> = vec![
                ("clip", Box::new(|x: f64| x.clamp(-40.0, 160.0))),
                (
                    "deadband",
                    Box::new(|x: f64| if (x - 50.0).abs() < 0.5 { 50.0 } else { x }),
                ),
                ("quantize", Box::new(|x: f64| (x * 4.0).round() / 4.0)),
            ];
            let mut smooth = {
                let mut previous: Option<f64> = None;
                move |x: f64| {
                    let y = previous.map_or(x, |p| 0.9f64.mul_add(p, 0.1 * x));
                    previous = Some(y);
                    y
                }
            };
            let mut values: Vec<f64> = inputs.readings.clone();
            apply_all(&mut values, calibrate);
            let mut rejected = 0u64;
            for value in &mut values {
                for (name, stage) in &stages {
                    let before = *value;
                    *value = stage(*value);
                    if *name == "clip" && before != *value {
                        rejected += 1;
                    }
                }
                *value = smooth(*value);
            }
            let (min, max) = values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                });
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            let rms = (values.iter().map(|v| v.powi(2)).sum::<f64>() / values.len() as f64).sqrt();
            let digest = mix(float_bits(min), float_bits(max));
            mix(
                mix(mix(digest, float_bits(mean)), float_bits(rms)),
                rejected,
            ) ^ SALT
        }

        // ---------------------------------------------------------------- trait objects

        trait Shape {
            fn area(&self) -> f64;
            fn perimeter(&self) -> f64;
            fn name(&self) -> &'static str;

            /// 1 for a circle, less for anything else.
            $(#[$h])?
            fn compactness(&self) -> f64 {
                4.0 * PI * self.area() / self.perimeter().powi(2)
            }
        }

        struct Circle {
            radius: f64,
        }

        struct Rectangle {
            width: f64,
            height: f64,
        }

        struct Triangle {
            sides: [f64; 3],
        }

        struct RegularPolygon {
            sides: u32,
            side: f64,
        }

        impl Shape for Circle {
            $(#[$h])?
            fn area(&self) -> f64 {
                PI * self.radius.powi(2)
            }

            $(#[$h])?
            fn perimeter(&self) -> f64 {
                2.0 * PI * self.radius
            }

            $(#[$h])?
            fn name(&self) -> &'static str {
                "circle"
            }

            $(#[$h])?
            fn compactness(&self) -> f64 {
                1.0
            }
        }

        impl Shape for Rectangle {
            $(#[$h])?
            fn area(&self) -> f64 {
                self.width * self.height
            }

            $(#[$h])?
            fn perimeter(&self) -> f64 {
                2.0 * (self.width + self.height)
            }

            $(#[$h])?
            fn name(&self) -> &'static str {
                if (self.width - self.height).abs() < 1e-9 {
                    "square"
                } else {
                    "rectangle"
                }
            }
        }

        impl Triangle {
            /// A triangle, if the sides satisfy the triangle inequality.
            $(#[$h])?
            fn new(a: f64, b: f64, c: f64) -> Option<Triangle> {
                let mut sides = [a, b, c];
                sides.sort_by(f64::total_cmp);
                (sides[0] + sides[1] > sides[2]).then_some(Triangle { sides })
            }
        }

        impl Shape for Triangle {
            $(#[$h])?
            fn area(&self) -> f64 {
                let [a, b, c] = self.sides;
                let s = (a + b + c) / 2.0;
                (s * (s - a) * (s - b) * (s - c)).max(0.0).sqrt()
            }

            $(#[$h])?
            fn perimeter(&self) -> f64 {
                self.sides.iter().sum()
            }

            $(#[$h])?
            fn name(&self) -> &'static str {
                "triangle"
            }
        }

        impl Shape for RegularPolygon {
            $(#[$h])?
            fn area(&self) -> f64 {
                let n = f64::from(self.sides);
                n * self.side.powi(2) / (4.0 * (PI / n).tan())
            }

            $(#[$h])?
            fn perimeter(&self) -> f64 {
                f64::from(self.sides) * self.side
            }

            $(#[$h])?
            fn name(&self) -> &'static str {
                "polygon"
            }
        }

        $(#[$h])?
        fn largest_shape(shapes: &[Box<dyn Shape>]) -> Option<&dyn Shape> {
            shapes
                .iter()
                .max_by(|a, b| a.area().total_cmp(&b.area()))
                .map(|shape| shape.as_ref())
        }

        $(#[$h])?
        fn describe(shape: &dyn Shape) -> String {
            format!(
                "{} a={:.2} p={:.2}",
                shape.name(),
                shape.area(),
                shape.perimeter()
            )
        }

        $(#[$h])?
        #[inline(never)]
        fn shape_areas(inputs: &Inputs) -> u64 {
            let shapes: Vec<Box<dyn Shape>> = inputs
                .readings
                .chunks_exact(3)
                .filter_map(|c| {
                    let (a, b, k) = (c[0].abs() / 10.0 + 0.1, c[1].abs() / 10.0 + 0.1, c[2].abs());
                    let shape: Box<dyn Shape> = match k as u32 % 4 {
                        0 => Box::new(Circle { radius: a }),
                        1 => Box::new(Rectangle {
                            width: a,
                            height: if k as u32 % 8 == 1 { a } else { b },
                        }),
                        2 => Box::new(Triangle::new(a, b, (a + b) * 0.75)?),
                        _ => Box::new(RegularPolygon {
                            sides: 3 + k as u32 % 7,
                            side: a,
                        }),
                    };
                    Some(shape)
                })
                .collect();
            let mut by_kind: BTreeMap<&str, (u64, f64)> = BTreeMap::new();
            for shape in &shapes {
                let entry = by_kind.entry(shape.name()).or_insert((0, 0.0));
                entry.0 += 1;
                entry.1 += shape.area();
            }
            let compactness: f64 = shapes.iter().map(|s| s.compactness()).sum();
            let perimeter: f64 = shapes.iter().map(|s| s.perimeter()).sum();
            let mut digest = mix(float_bits(compactness), float_bits(perimeter));
            for (kind, (count, area)) in &by_kind {
                digest = mix(
                    mix(digest, hash_bytes(kind.as_bytes()) ^ count),
                    float_bits(*area),
                );
            }
            if let Some(largest) = largest_shape(&shapes) {
                digest = mix(digest, hash_bytes(describe(largest).as_bytes()));
            }
            digest ^ SALT
        }

        // ---------------------------------------------------------------- s-expressions

        #[derive(Debug, Clone, PartialEq)]
        enum Sexp {
            Number(i64),
            Symbol(String),
            List(Vec<Sexp>),
        }

        #[derive(Debug)]
        enum SexpError {
            UnexpectedEnd,
            Unbalanced,
            EmptyList,
            NotCallable,
            Arity(String),
            DivisionByZero,
            Unbound(String),
            UnknownOperator(String),
        }

        impl SexpError {
            $(#[$h])?
            fn code(&self) -> u64 {
                match self {
                    SexpError::UnexpectedEnd => 1,
                    SexpError::Unbalanced => 2,
                    SexpError::EmptyList => 3,
                    SexpError::NotCallable => 4,
                    SexpError::Arity(op) => 5 + hash_bytes(op.as_bytes()) % 64,
                    SexpError::DivisionByZero => 100,
                    SexpError::Unbound(name) => 200 + name.len() as u64,
                    SexpError::UnknownOperator(name) => 300 + name.len() as u64,
                }
            }
        }

        $(#[$h])?
        fn sexp_tokens(source: &str) -> Vec<&str> {
            let mut tokens = Vec::new();
            let mut start = None;
            for (i, c) in source.char_indices() {
                match c {
                    '(' | ')' => {
                        if let Some(s) = start.take() {
                            tokens.push(&source[s..i]);
                        }
                        tokens.push(&source[i..i + 1]);
                    }
                    c if c.is_whitespace() => {
                        if let Some(s) = start.take() {
                            tokens.push(&source[s..i]);
                        }
                    }
                    _ => {
                        start.get_or_insert(i);
                    }
                }
            }
            if let Some(s) = start {
                tokens.push(&source[s..]);
            }
            tokens
        }

        $(#[$h])?
        fn parse_sexp(tokens: &[&str], pos: &mut usize) -> Result<Sexp, SexpError> {
            let token = *tokens.get(*pos).ok_or(SexpError::UnexpectedEnd)?;
            *pos += 1;
            match token {
                "(" => {
                    let mut items = Vec::new();
                    loop {
                        match tokens.get(*pos) {
                            None => return Err(SexpError::UnexpectedEnd),
                            Some(&")") => {
                                *pos += 1;
                                return Ok(Sexp::List(items));
                            }
                            Some(_) => items.push(parse_sexp(tokens, pos)?),
                        }
                    }
                }
                ")" => Err(SexpError::Unbalanced),
                atom => Ok(atom
                    .parse()
                    .map(Sexp::Number)
                    .unwrap_or_else(|_| Sexp::Symbol(atom.to_string()))),
            }
        }

        $(#[$h])?
        fn apply_operator(op: &str, values: &[i64]) -> Result<i64, SexpError> {
            match (op, values) {
                ("+", _) => Ok(values.iter().fold(0i64, |a, &v| a.wrapping_add(v))),
                ("*", _) => Ok(values.iter().fold(1i64, |a, &v| a.wrapping_mul(v))),
                ("-", [x]) => Ok(x.wrapping_neg()),
                ("-", [x, rest @ ..]) => Ok(rest.iter().fold(*x, |a, &v| a.wrapping_sub(v))),
                ("/", [x, y]) => x.checked_div(*y).ok_or(SexpError::DivisionByZero),
                ("/", [x, y, z]) => x
                    .checked_div(*y)
                    .and_then(|q| q.checked_div(*z))
                    .ok_or(SexpError::DivisionByZero),
                ("min", [_, ..]) => Ok(*values.iter().min().unwrap()),
                ("max", [_, ..]) => Ok(*values.iter().max().unwrap()),
                ("<", [x, y]) => Ok(i64::from(x < y)),
                ("<", [x, y, z]) => Ok(i64::from(x < y && y < z)),
                ("-" | "/" | "min" | "max" | "<", _) => Err(SexpError::Arity(op.to_string())),
                _ => Err(SexpError::UnknownOperator(op.to_string())),
            }
        }

        $(#[$h])?
        fn eval_sexp(expr: &Sexp, env: &mut Vec<(String, i64)>) -> Result<i64, SexpError> {
            match expr {
                Sexp::Number(n) => Ok(*n),
                Sexp::Symbol(name) => env
                    .iter()
                    .rev()
                    .find(|(bound, _)| bound == name)
                    .map(|&(_, value)| value)
                    .ok_or_else(|| SexpError::Unbound(name.clone())),
                Sexp::List(items) => {
                    let (head, args) = items.split_first().ok_or(SexpError::EmptyList)?;
                    let Sexp::Symbol(op) = head else {
                        return Err(SexpError::NotCallable);
                    };
                    match (op.as_str(), args) {
                        ("if", [condition, then, otherwise]) => {
                            if eval_sexp(condition, env)? != 0 {
                                eval_sexp(then, env)
                            } else {
                                eval_sexp(otherwise, env)
                            }
                        }
                        ("if", _) => Err(SexpError::Arity("if".to_string())),
                        ("let", [Sexp::Symbol(name), value, body]) => {
                            let value = eval_sexp(value, env)?;
                            env.push((name.clone(), value));
                            let result = eval_sexp(body, env);
                            env.pop();
                            result
                        }
                        ("let", _) => Err(SexpError::Arity("let".to_string())),
                        (op, args) => {
                            let values = args
                                .iter()
                                .map(|arg| eval_sexp(arg, env))
                                .collect::<Result<Vec<_>, _>>()?;
                            apply_operator(op, &values)
                        }
                    }
                }
            }
        }

        $(#[$h])?
        fn run_sexp(source: &str) -> Result<i64, SexpError> {
            let tokens = sexp_tokens(source);
            let mut pos = 0;
            let expr = parse_sexp(&tokens, &mut pos)?;
            if pos != tokens.len() {
                return Err(SexpError::Unbalanced);
            }
            eval_sexp(&expr, &mut Vec::new())
        }

        $(#[$h])?
        #[inline(never)]
        fn sexpr_eval(inputs: &Inputs) -> u64 {
            let mut digest = 0;
            let mut failures = 0u64;
            for source in &inputs.sexprs {
                match run_sexp(source) {
                    Ok(value) => digest = mix(digest, value as u64),
                    Err(error) => {
                        failures += 1;
                        digest = mix(digest, error.code());
                    }
                }
            }
            mix(digest, failures) ^ SALT
        }

        // ---------------------------------------------------------------- infix expressions

        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Token {
            Number(i64),
            Operator(u8),
            Open,
            Close,
        }

        $(#[$h])?
        fn infix_tokens(source: &str) -> Option<Vec<Token>> {
            let bytes = source.as_bytes();
            let mut tokens = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                let b = bytes[i];
                match b {
                    b' ' => i += 1,
                    b'0'..=b'9' => {
                        let start = i;
                        while i < bytes.len() && bytes[i].is_ascii_digit() {
                            i += 1;
                        }
                        tokens.push(Token::Number(source[start..i].parse().ok()?));
                    }
                    b'+' | b'-' | b'*' | b'/' | b'%' | b'^' => {
                        tokens.push(Token::Operator(b));
                        i += 1;
                    }
                    b'(' => {
                        tokens.push(Token::Open);
                        i += 1;
                    }
                    b')' => {
                        tokens.push(Token::Close);
                        i += 1;
                    }
                    _ => return None,
                }
            }
            Some(tokens)
        }

        /// Binding power and right-associativity of a binary operator.
        $(#[$h])?
        fn binding(op: u8) -> (u8, bool) {
            match op {
                b'+' | b'-' => (1, false),
                b'*' | b'/' | b'%' => (2, false),
                b'^' => (3, true),
                _ => (0, false),
            }
        }

        $(#[$h])?
        fn apply_binary(op: u8, lhs: i64, rhs: i64) -> Option<i64> {
            match op {
                b'+' => lhs.checked_add(rhs),
                b'-' => lhs.checked_sub(rhs),
                b'*' => lhs.checked_mul(rhs),
                b'/' => lhs.checked_div(rhs),
                b'%' => lhs.checked_rem(rhs),
                b'^' => lhs.checked_pow(u32::try_from(rhs).ok()?),
                _ => None,
            }
        }

        struct InfixParser<'a> {
            tokens: &'a [Token],
            pos: usize,
        }

        impl InfixParser<'_> {
            $(#[$h])?
            fn peek(&self) -> Option<Token> {
                self.tokens.get(self.pos).copied()
            }

            $(#[$h])?
            fn bump(&mut self) -> Option<Token> {
                let token = self.peek();
                self.pos += 1;
                token
            }

            $(#[$h])?
            fn primary(&mut self) -> Option<i64> {
                match self.bump()? {
                    Token::Number(n) => Some(n),
                    Token::Operator(b'-') => self.primary()?.checked_neg(),
                    Token::Open => {
                        let value = self.expression(1)?;
                        (self.bump()? == Token::Close).then_some(value)
                    }
                    _ => None,
                }
            }

            /// Precedence climbing: operators binding at least `min_power`.
            $(#[$h])?
            fn expression(&mut self, min_power: u8) -> Option<i64> {
                let mut lhs = self.primary()?;
                while let Some(Token::Operator(op)) = self.peek() {
                    let (power, right_associative) = binding(op);
                    if power < min_power {
                        break;
                    }
                    self.pos += 1;
                    let next_min = if right_associative { power } else { power + 1 };
                    let rhs = self.expression(next_min)?;
                    lhs = apply_binary(op, lhs, rhs)?;
                }
                Some(lhs)
            }
        }

        $(#[$h])?
        fn evaluate_infix(source: &str) -> Option<i64> {
            let tokens = infix_tokens(source)?;
            let mut parser = InfixParser {
                tokens: &tokens,
                pos: 0,
            };
            let value = parser.expression(1)?;
            (parser.pos == tokens.len()).then_some(value)
        }

        $(#[$h])?
        #[inline(never)]
        fn precedence_climb(inputs: &Inputs) -> u64 {
            let mut digest = 0;
            let mut undefined = 0u64;
            for source in &inputs.expressions {
                match evaluate_infix(source) {
                    Some(value) => digest = mix(digest, value as u64),
                    None => undefined += 1,
                }
            }
            mix(digest, undefined) ^ SALT
        }

        // ---------------------------------------------------------------- JSON

        #[derive(Debug, Clone, PartialEq)]
        enum Json {
            Null,
            Bool(bool),
            Number(f64),
            Str(String),
            Array(Vec<Json>),
            Object(BTreeMap<String, Json>),
        }

        #[derive(Debug)]
        enum JsonError {
            Eof,
            Unexpected(char, usize),
            BadNumber(usize),
            BadEscape(usize),
        }

        struct JsonParser<'a> {
            source: &'a str,
            pos: usize,
        }

        impl<'a> JsonParser<'a> {
            $(#[$h])?
            fn new(source: &'a str) -> Self {
                JsonParser { source, pos: 0 }
            }

            $(#[$h])?
            fn peek_byte(&self) -> Option<u8> {
                self.source.as_bytes().get(self.pos).copied()
            }

            $(#[$h])?
            fn skip_whitespace(&mut self) {
                while matches!(self.peek_byte(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
                    self.pos += 1;
                }
            }

            $(#[$h])?
            fn expect(&mut self, wanted: u8) -> Result<(), JsonError> {
                self.skip_whitespace();
                match self.peek_byte() {
                    Some(b) if b == wanted => {
                        self.pos += 1;
                        Ok(())
                    }
                    Some(b) => Err(JsonError::Unexpected(char::from(b), self.pos)),
                    None => Err(JsonError::Eof),
                }
            }

            $(#[$h])?
            fn keyword(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
                if self.source[self.pos..].starts_with(word) {
                    self.pos += word.len();
                    Ok(value)
                } else {
                    Err(JsonError::Unexpected(
                        self.source[self.pos..].chars().next().unwrap_or('?'),
                        self.pos,
                    ))
                }
            }

            $(#[$h])?
            fn value(&mut self) -> Result<Json, JsonError> {
                self.skip_whitespace();
                match self.peek_byte().ok_or(JsonError::Eof)? {
                    b'n' => self.keyword("null", Json::Null),
                    b't' => self.keyword("true", Json::Bool(true)),
                    b'f' => self.keyword("false", Json::Bool(false)),
                    b'"' => self.string().map(Json::Str),
                    b'[' => self.array(),
                    b'{' => self.object(),
                    b'-' | b'0'..=b'9' => self.number(),
                    other => Err(JsonError::Unexpected(char::from(other), self.pos)),
                }
            }

            $(#[$h])?
            fn number(&mut self) -> Result<Json, JsonError> {
                let start = self.pos;
                while matches!(
                    self.peek_byte(),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.pos += 1;
                }
                self.source[start..self.pos]
                    .parse()
                    .map(Json::Number)
                    .map_err(|_| JsonError::BadNumber(start))
            }

            $(#[$h])?
            fn string(&mut self) -> Result<String, JsonError> {
                self.expect(b'"')?;
                let mut out = String::new();
                loop {
                    let rest = &self.source[self.pos..];
                    let end = rest.find(['"', '\\']).ok_or(JsonError::Eof)?;
                    out.push_str(&rest[..end]);
                    self.pos += end;
                    if self.peek_byte() == Some(b'"') {
                        self.pos += 1;
                        return Ok(out);
                    }
                    // A backslash escape.
                    let escape = self
                        .source
                        .as_bytes()
                        .get(self.pos + 1)
                        .copied()
                        .ok_or(JsonError::Eof)?;
                    self.pos += 2;
                    match escape {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'u' => {
                            let hex = self
                                .source
                                .get(self.pos..self.pos + 4)
                                .ok_or(JsonError::Eof)?;
                            let code = u32::from_str_radix(hex, 16)
                                .map_err(|_| JsonError::BadEscape(self.pos))?;
                            out.push(char::from_u32(code).ok_or(JsonError::BadEscape(self.pos))?);
                            self.pos += 4;
                        }
                        _ => return Err(JsonError::BadEscape(self.pos)),
                    }
                }
            }

            $(#[$h])?
            fn array(&mut self) -> Result<Json, JsonError> {
                self.expect(b'[')?;
                let mut items = Vec::new();
                self.skip_whitespace();
                if self.peek_byte() == Some(b']') {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value()?);
                    self.skip_whitespace();
                    match self.peek_byte() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(Json::Array(items));
                        }
                        Some(other) => {
                            return Err(JsonError::Unexpected(char::from(other), self.pos));
                        }
                        None => return Err(JsonError::Eof),
                    }
                }
            }

            $(#[$h])?
            fn object(&mut self) -> Result<Json, JsonError> {
                self.expect(b'{')?;
                let mut fields = BTreeMap::new();
                self.skip_whitespace();
                if self.peek_byte() == Some(b'}') {
                    self.pos += 1;
                    return Ok(Json::Object(fields));
                }
                loop {
                    self.skip_whitespace();
                    let key = self.string()?;
                    self.expect(b':')?;
                    let value = self.value()?;
                    fields.insert(key, value);
                    self.skip_whitespace();
                    match self.peek_byte() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(Json::Object(fields));
                        }
                        Some(other) => {
                            return Err(JsonError::Unexpected(char::from(other), self.pos));
                        }
                        None => return Err(JsonError::Eof),
                    }
                }
            }
        }

        #[derive(Default)]
        struct JsonStats {
            nodes: u64,
            max_depth: u64,
            number_sum: f64,
            string_chars: u64,
            key_hash: u64,
            trues: u64,
        }

        $(#[$h])?
        fn walk_json(value: &Json, depth: u64, stats: &mut JsonStats) {
            stats.nodes += 1;
            stats.max_depth = stats.max_depth.max(depth);
            match value {
                Json::Null => {}
                Json::Bool(b) => stats.trues += u64::from(*b),
                Json::Number(n) => stats.number_sum += n,
                Json::Str(s) => stats.string_chars += s.chars().count() as u64,
                Json::Array(items) => {
                    for item in items {
                        walk_json(item, depth + 1, stats);
                    }
                }
                Json::Object(fields) => {
                    for (key, item) in fields {
                        stats.key_hash = mix(stats.key_hash, hash_bytes(key.as_bytes()));
                        walk_json(item, depth + 1, stats);
                    }
                }
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn json_parse(inputs: &Inputs) -> u64 {
            let mut parser = JsonParser::new(&inputs.json);
            let document = parser.value().expect("the input is valid JSON");
            let mut stats = JsonStats::default();
            walk_json(&document, 0, &mut stats);
            // A few broken documents.
            let mut errors = 0;
            let half = (0..=inputs.json.len() / 2)
                .rev()
                .find(|&i| inputs.json.is_char_boundary(i))
                .unwrap_or(0);
            for broken in [
                &inputs.json[..half],
                "[1, 2,, 3]",
                "{\"a\": tru}",
                "\"\\q\"",
                "[1e999x]",
            ] {
                errors = match JsonParser::new(broken).value() {
                    Ok(_) => mix(errors, 1),
                    Err(JsonError::Eof) => mix(errors, 2),
                    Err(JsonError::Unexpected(c, at)) => {
                        mix(errors, (u64::from(c) << 32) | at as u64)
                    }
                    Err(JsonError::BadNumber(at)) => mix(errors, (3 << 32) | at as u64),
                    Err(JsonError::BadEscape(at)) => mix(errors, (4 << 32) | at as u64),
                };
            }
            let digest = mix(
                mix(stats.nodes, stats.max_depth),
                float_bits(stats.number_sum),
            );
            let digest = mix(mix(digest, stats.string_chars), stats.key_hash);
            mix(mix(digest, stats.trues), errors) ^ SALT
        }

        // ---------------------------------------------------------------- a stack machine

        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Op {
            Push(i64),
            Load(usize),
            Store(usize),
            Add,
            Sub,
            Mul,
            Rem,
            Less,
            Jump(usize),
            JumpIfZero(usize),
            JumpIfNotZero(usize),
            Halt,
        }

        #[derive(Debug, PartialEq, Eq)]
        enum VmError {
            StackUnderflow(usize),
            DivisionByZero(usize),
            BadJump(usize),
            OutOfSteps,
        }

        struct Vm {
            stack: Vec<i64>,
            locals: [i64; 8],
            steps: u64,
        }

        impl Vm {
            $(#[$h])?
            fn new() -> Self {
                Vm {
                    stack: Vec::with_capacity(16),
                    locals: [0; 8],
                    steps: 0,
                }
            }

            $(#[$h])?
            fn pop(&mut self, pc: usize) -> Result<i64, VmError> {
                self.stack.pop().ok_or(VmError::StackUnderflow(pc))
            }

            $(#[$h])?
            fn binary(
                &mut self,
                pc: usize,
                f: impl FnOnce(i64, i64) -> Option<i64>,
            ) -> Result<(), VmError> {
                let rhs = self.pop(pc)?;
                let lhs = self.pop(pc)?;
                let value = f(lhs, rhs).ok_or(VmError::DivisionByZero(pc))?;
                self.stack.push(value);
                Ok(())
            }

            $(#[$h])?
            fn run(&mut self, code: &[Op], max_steps: u64) -> Result<(), VmError> {
                let mut pc = 0;
                loop {
                    let op = *code.get(pc).ok_or(VmError::BadJump(pc))?;
                    self.steps += 1;
                    if self.steps > max_steps {
                        return Err(VmError::OutOfSteps);
                    }
                    pc += 1;
                    match op {
                        Op::Push(value) => self.stack.push(value),
                        Op::Load(slot) => self.stack.push(self.locals[slot]),
                        Op::Store(slot) => self.locals[slot] = self.pop(pc)?,
                        Op::Add => self.binary(pc, |a, b| Some(a.wrapping_add(b)))?,
                        Op::Sub => self.binary(pc, |a, b| Some(a.wrapping_sub(b)))?,
                        Op::Mul => self.binary(pc, |a, b| Some(a.wrapping_mul(b)))?,
                        Op::Rem => self.binary(pc, i64::checked_rem)?,
                        Op::Less => self.binary(pc, |a, b| Some(i64::from(a < b)))?,
                        Op::Jump(target) => pc = target,
                        Op::JumpIfZero(target) => {
                            if self.pop(pc)? == 0 {
                                pc = target;
                            }
                        }
                        Op::JumpIfNotZero(target) => {
                            if self.pop(pc)? != 0 {
                                pc = target;
                            }
                        }
                        Op::Halt => return Ok(()),
                    }
                }
            }
        }

        /// A program counting the primes below `limit` (into local 3) and summing them (local 4),
        /// by trial division.
        $(#[$h])?
        fn prime_program(limit: i64) -> Vec<Op> {
            const N: usize = 0;
            const I: usize = 1;
            const D: usize = 2;
            const COUNT: usize = 3;
            const SUM: usize = 4;
            const PRIME: usize = 5;
            let mut code = vec![Op::Push(limit), Op::Store(N), Op::Push(2), Op::Store(I)];
            let outer = code.len();
            code.extend([Op::Load(I), Op::Load(N), Op::Less]);
            let exit_outer = code.len();
            code.push(Op::JumpIfZero(0)); // patched: to the end
            code.extend([Op::Push(1), Op::Store(PRIME), Op::Push(2), Op::Store(D)]);
            let inner = code.len();
            // while !(i < d * d)
            code.extend([Op::Load(I), Op::Load(D), Op::Load(D), Op::Mul, Op::Less]);
            let exit_inner = code.len();
            code.push(Op::JumpIfNotZero(0)); // patched: to the tally
            code.extend([Op::Load(I), Op::Load(D), Op::Rem]);
            let composite = code.len();
            code.push(Op::JumpIfZero(0)); // patched: to "not prime"
            code.extend([
                Op::Load(D),
                Op::Push(1),
                Op::Add,
                Op::Store(D),
                Op::Jump(inner),
            ]);
            let not_prime = code.len();
            code.extend([Op::Push(0), Op::Store(PRIME)]);
            let tally = code.len();
            code.extend([Op::Load(PRIME)]);
            let skip_tally = code.len();
            code.push(Op::JumpIfZero(0)); // patched: to the increment
            code.extend([
                Op::Load(COUNT),
                Op::Push(1),
                Op::Add,
                Op::Store(COUNT),
                Op::Load(SUM),
                Op::Load(I),
                Op::Add,
                Op::Store(SUM),
            ]);
            let increment = code.len();
            code.extend([
                Op::Load(I),
                Op::Push(1),
                Op::Add,
                Op::Store(I),
                Op::Jump(outer),
            ]);
            let end = code.len();
            code.push(Op::Halt);
            code[exit_outer] = Op::JumpIfZero(end);
            code[exit_inner] = Op::JumpIfNotZero(tally);
            code[composite] = Op::JumpIfZero(not_prime);
            code[skip_tally] = Op::JumpIfZero(increment);
            code
        }

        $(#[$h])?
        #[inline(never)]
        fn stack_vm(inputs: &Inputs) -> u64 {
            let program = prime_program(inputs.prime_limit);
            let mut vm = Vm::new();
            vm.run(&program, u64::MAX)
                .expect("the prime program runs to its end");
            let (count, sum) = (vm.locals[3], vm.locals[4]);
            // A countdown, a faulty program and one that never ends.
            let countdown = [
                Op::Push(1000),
                Op::Store(0),
                Op::Load(0),
                Op::Push(1),
                Op::Sub,
                Op::Store(0),
                Op::Load(0),
                Op::JumpIfNotZero(2),
                Op::Halt,
            ];
            let faulty = [Op::Push(1), Op::Push(0), Op::Rem, Op::Halt];
            let endless = [Op::Push(1), Op::JumpIfNotZero(2), Op::Push(1), Op::Jump(0)];
            let mut faults = 0;
            for program in [
                &countdown[..],
                &faulty[..],
                &endless[..],
                &[Op::Add][..],
                &[Op::Jump(9)][..],
            ] {
                faults = match Vm::new().run(program, 10_000) {
                    Ok(()) => mix(faults, 1),
                    Err(VmError::StackUnderflow(pc)) => mix(faults, 10 + pc as u64),
                    Err(VmError::DivisionByZero(pc)) => mix(faults, 100 + pc as u64),
                    Err(VmError::BadJump(pc)) => mix(faults, 1000 + pc as u64),
                    Err(VmError::OutOfSteps) => mix(faults, 5),
                };
            }
            mix(mix(mix(count as u64, sum as u64), vm.steps), faults) ^ SALT
        }

        // ---------------------------------------------------------------- sudoku

        struct Sudoku {
            cells: [u8; 81],
            rows: [u16; 9],
            cols: [u16; 9],
            boxes: [u16; 9],
        }

        $(#[$h])?
        fn box_of(row: usize, col: usize) -> usize {
            row / 3 * 3 + col / 3
        }

        impl Sudoku {
            /// The puzzle, unless its givens already conflict.
            $(#[$h])?
            fn new(cells: &[u8; 81]) -> Option<Sudoku> {
                let mut sudoku = Sudoku {
                    cells: [0; 81],
                    rows: [0; 9],
                    cols: [0; 9],
                    boxes: [0; 9],
                };
                for (index, &digit) in cells.iter().enumerate() {
                    if digit != 0 {
                        if sudoku.candidates(index / 9, index % 9) & (1 << digit) == 0 {
                            return None;
                        }
                        sudoku.place(index / 9, index % 9, digit);
                    }
                }
                Some(sudoku)
            }

            $(#[$h])?
            fn candidates(&self, row: usize, col: usize) -> u16 {
                !(self.rows[row] | self.cols[col] | self.boxes[box_of(row, col)]) & 0b11_1111_1110
            }

            $(#[$h])?
            fn place(&mut self, row: usize, col: usize, digit: u8) {
                let bit = 1 << digit;
                self.cells[row * 9 + col] = digit;
                self.rows[row] |= bit;
                self.cols[col] |= bit;
                self.boxes[box_of(row, col)] |= bit;
            }

            $(#[$h])?
            fn clear(&mut self, row: usize, col: usize) {
                let bit = !(1 << self.cells[row * 9 + col]);
                self.cells[row * 9 + col] = 0;
                self.rows[row] &= bit;
                self.cols[col] &= bit;
                self.boxes[box_of(row, col)] &= bit;
            }

            /// Backtracking on the blank with the fewest candidates.
            $(#[$h])?
            fn solve(&mut self, nodes: &mut u64) -> bool {
                *nodes += 1;
                let mut best: Option<(usize, usize, u16)> = None;
                'scan: for row in 0..9 {
                    for col in 0..9 {
                        if self.cells[row * 9 + col] != 0 {
                            continue;
                        }
                        let candidates = self.candidates(row, col);
                        if best.is_none_or(|(_, _, b)| candidates.count_ones() < b.count_ones()) {
                            best = Some((row, col, candidates));
                            if candidates.count_ones() <= 1 {
                                break 'scan;
                            }
                        }
                    }
                }
                let Some((row, col, mut candidates)) = best else {
                    return true; // no blank left
                };
                while candidates != 0 {
                    let digit = candidates.trailing_zeros() as u8;
                    candidates &= candidates - 1;
                    self.place(row, col, digit);
                    if self.solve(nodes) {
                        return true;
                    }
                    self.clear(row, col);
                }
                false
            }

            $(#[$h])?
            fn is_complete(&self) -> bool {
                (0..9).all(|i| {
                    self.rows[i] == 0b11_1111_1110
                        && self.cols[i] == 0b11_1111_1110
                        && self.boxes[i] == 0b11_1111_1110
                })
            }
        }

        $(#[$h])?
        #[inline(never)]
        fn sudoku_solve(inputs: &Inputs) -> u64 {
            let mut digest = 0;
            let mut total_nodes = 0;
            for puzzle in &inputs.sudokus {
                let mut sudoku = Sudoku::new(puzzle).expect("the generated puzzles are consistent");
                let mut nodes = 0;
                let solved = sudoku.solve(&mut nodes);
                assert!(solved && sudoku.is_complete());
                total_nodes += nodes;
                let first_row = sudoku.cells[..9]
                    .iter()
                    .fold(0u64, |n, &d| n * 10 + u64::from(d));
                digest = mix(mix(digest, first_row), hash_bytes(&sudoku.cells));
            }
            mix(digest, total_nodes) ^ SALT
        }

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = kernel_list![
            rle_roundtrip,
            base64_roundtrip,
            hex_dump,
            word_topk,
            kmp_search,
            rabin_karp,
            levenshtein_pairs,
            diff_lcs,
            trie_lookup,
            calendar_days,
            bank_ledger,
            lru_cache,
            bloom_filter,
            interval_merge,
            topo_sort,
            grid_dijkstra,
            flood_fill_regions,
            huffman_lengths,
            moving_median,
            inventory_generic,
            gap_buffer_edits,
            histogram_equalize,
            convolve_2d,
            particle_step,
            gauss_elimination,
            horner_newton,
            bigint_arith,
            popcount_hamming,
            fir_fixed_point,
            mandelbrot_rows,
            closest_pair,
            inversion_count,
            collatz_lengths,
            sensor_pipeline,
            shape_areas,
            sexpr_eval,
            precedence_climb,
            json_parse,
            stack_vm,
            sudoku_solve,
        ];
    };
}

pub mod plain {
    use super::*;
    suite!(0xB11D1);
}

pub mod twin {
    use super::*;
    suite!(0xB11D2);
}

pub mod haltable {
    use super::*;
    suite!(0xB11D3, #[threadmgr::haltable]);
}
