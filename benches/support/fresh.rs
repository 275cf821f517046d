//! "Fresh" kernels: a second, independent suite of ordinary Rust, written without looking at
//! what `#[haltable]` does with code, to measure what it costs on programs nobody tuned it for.
//!
//! The pattern is that of `wild.rs`: the kernels and their helpers are written once, in the body
//! of [`suite!`], and emitted three times, in three modules that each export `KERNELS`, the list
//! of `(name, fn(&Inputs) -> u64)`:
//! - `plain`: as written;
//! - `twin`: as written, a second time: the A/A control, identical code at another address;
//! - `haltable`: every fn (kernels, helper fns, nested fns, methods, trait impls, a trait's
//!   default method) carries its own `#[threadmgr::haltable]`, as a user who annotates each fn
//!   would write it. The attribute is the `$(#[$h])?` in front of each fn of the body; it is
//!   empty in `plain` and `twin`.
//!
//! Kernels are `#[inline(never)]` so that each copy is measured as a whole; helpers carry the
//! attributes their author would give them (mostly none). Each kernel returns a `u64` digest of
//! what it computed, and each copy mixes a distinct non-zero `SALT` into it by one `xor`, so that
//! LLVM's function merging cannot fold the copies into one; the runner undoes it.

use std::cell::RefCell;
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::fmt::{self, Write};
use std::num::ParseFloatError;
use std::rc::{Rc, Weak};

/// An employee record (for hashing, sorting, ranking and the report).
pub struct Row {
    /// Unique.
    pub id: u32,
    pub name: String,
    pub dept: u8,
    /// In cents.
    pub salary: u32,
}

/// Something to score (the `Scorer` kernel).
pub struct Item {
    /// Sometimes 0.
    pub weight: u32,
    pub value: u32,
    pub color: u8,
}

/// An order with optional parts (the `Option` kernel).
pub struct Order {
    pub price: u32,
    /// `None`, `Some(0)` or a quantity, sometimes one whose total overflows a `u32`.
    pub qty: Option<u32>,
    /// A discount code; some are past the end of the table.
    pub code: Option<u32>,
    pub note: Option<String>,
}

/// Everything the kernels read; built once, deterministically, and passed through
/// `black_box`.
pub struct Inputs {
    /// Text-like bytes with runs (CRC).
    pub blob: Vec<u8>,
    /// Employee records, in no order.
    pub rows: Vec<Row>,
    /// Seed and sample count of the Monte Carlo estimate.
    pub seed: u64,
    pub samples: usize,
    /// An INI file with sections, comments, numbers, flags and non-ASCII values.
    pub ini: String,
    /// UTF-8 of several scripts with invalid sequences spliced in.
    pub utf8: Vec<u8>,
    /// Loop count of the bytecode program.
    pub vm_iterations: i64,
    /// A directed graph with weighted edges, as adjacency lists.
    pub graph: Vec<Vec<(usize, u32)>>,
    /// Links between `link_nodes` nodes (union-find).
    pub links: Vec<(u32, u32)>,
    pub link_nodes: usize,
    /// 2D points around a few centres (k-means).
    pub points: Vec<(f32, f32)>,
    /// Pseudo-random `u32`s over the whole range.
    pub values: Vec<u32>,
    /// Two `matrix_n` x `matrix_n` matrices, row-major.
    pub matrix_n: usize,
    pub mat_a: Vec<f32>,
    pub mat_b: Vec<f32>,
    /// A random walk.
    pub signal: Vec<i32>,
    /// OBJ-like lines: vertices, some malformed, and other lines.
    pub vertices: String,
    pub items: Vec<Item>,
    /// How many Halton points to draw.
    pub halton_points: usize,
    /// Members of two sets in `0..universe`.
    pub universe: usize,
    pub members_a: Vec<u32>,
    pub members_b: Vec<u32>,
    /// PackBits-encoded bytes and the length they decode to.
    pub packed: Vec<u8>,
    pub unpacked_len: usize,
    /// Prose: words, capitals, punctuation and line breaks.
    pub prose: String,
    /// A `grid_side` x `grid_side` grid and rectangles `[x0, y0, x1, y1]` (inclusive) in it.
    pub grid: Vec<u32>,
    pub grid_side: usize,
    pub rects: Vec<[usize; 4]>,
    pub orders: Vec<Order>,
    /// Discount percentages by code; some codes have none.
    pub discounts: Vec<Option<u32>>,
    /// Three float vectors of the same length: values, values, parameters in 0..1.
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub ts: Vec<f64>,
    /// CSV with quoted fields, escaped quotes, line breaks in quotes and a few malformed fields.
    pub csv: String,
    /// A random recursive tree: `parents[i] < i` for `i > 0`, and the children of each node.
    pub parents: Vec<u32>,
    pub children: Vec<Vec<u32>>,
    /// How many nodes of that tree the `Rc<RefCell<..>>` kernel builds.
    pub rc_nodes: usize,
    /// Odd numbers to test for primality, and a few chosen ones.
    pub candidates: Vec<u64>,
    /// Two audio tracks.
    pub track_a: Vec<i16>,
    pub track_b: Vec<i16>,
    /// 16-byte little-endian records, then a few trailing bytes.
    pub packets: Vec<u8>,
    /// The size of the N-queens board.
    pub queens: usize,
}

/// SplitMix64: the inputs' generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    /// Uniform in `lo..hi`.
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }

    /// A made-up word of one to four syllables.
    fn word(&mut self) -> String {
        const SYLLABLES: [&str; 20] = [
            "ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "an", "is", "qu", "eth", "ur", "bo",
            "zi", "ne", "pra", "gul", "fen", "ost",
        ];
        (0..1 + self.below(4))
            .map(|_| self.pick(&SYLLABLES))
            .collect()
    }
}

/// Makes the first letter of `word` upper case.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let sized = |n: usize, min: usize| (n / scale).max(min);
        let mut rng = SplitMix64(0x0F4E_5B1E_2024_0611);

        let mut blob = Vec::with_capacity(sized(128 * 1024, 64));
        while blob.len() < sized(128 * 1024, 64) {
            if rng.one_in(12) {
                let byte = rng.next() as u8;
                blob.extend(std::iter::repeat_n(byte, 3 + rng.below(40) as usize));
            } else {
                blob.push(b"etaoin shrdlu\ncmfwyp"[rng.below(20) as usize]);
            }
        }
        blob.truncate(sized(128 * 1024, 64));

        let rows = (0..sized(6144, 64))
            .map(|i| Row {
                id: (i as u32).wrapping_mul(2_654_435_761),
                name: format!("{} {}", capitalized(&rng.word()), capitalized(&rng.word())),
                dept: rng.below(12) as u8,
                salary: 3_000_000 + rng.below(17_000_000) as u32,
            })
            .collect();

        let mut ini = String::new();
        let keys = [
            "name", "path", "port", "timeout", "enabled", "retries", "label", "level", "mode",
        ];
        let mut section = 0;
        while ini.len() < sized(64 * 1024, 512) {
            if rng.one_in(3) {
                writeln!(ini, "; {} settings", rng.word()).unwrap();
            }
            writeln!(ini, "[{}.{section}]", rng.word()).unwrap();
            section += 1;
            for _ in 0..2 + rng.below(8) {
                let key = rng.pick(&keys);
                match rng.below(7) {
                    0 | 1 => writeln!(ini, "{key} = {}", rng.below(100_000) as i64 - 500),
                    2 => writeln!(
                        ini,
                        "{key}={}",
                        if rng.one_in(2) { "true" } else { "false" }
                    ),
                    3 => writeln!(ini, "{key} = \"{} {}\"", rng.word(), rng.word()),
                    4 => writeln!(ini, "{key} = café naïve Ωmega {}", rng.below(9)),
                    5 => writeln!(ini, "# {} was here", rng.word()),
                    _ => writeln!(ini, "{key}"),
                }
                .unwrap();
                if rng.one_in(5) {
                    ini.push('\n');
                }
            }
        }

        let fragments = [
            "plain ascii ",
            "déjà vu ",
            "Straße ",
            "Жизнь ",
            "日本語の文 ",
            "€5 ",
            "😀👍 ",
            "𝄞 music ",
            "ελληνικά ",
            "done.\n",
        ];
        let mut utf8 = Vec::new();
        while utf8.len() < sized(128 * 1024, 256) {
            utf8.extend_from_slice(rng.pick(&fragments).as_bytes());
            if rng.one_in(40) {
                let invalid: [&[u8]; 5] = [
                    &[0xFF],
                    &[0xC0, 0xAF],
                    &[0x80],
                    &[0xED, 0xA0, 0x80],
                    &[0xE2, 0x82],
                ];
                utf8.extend_from_slice(invalid[rng.below(5) as usize]);
            }
        }

        let nodes = sized(4096, 32);
        let graph = (0..nodes)
            .map(|u| {
                let mut edges = vec![((u + 1) % nodes, 1 + rng.below(100) as u32)];
                for _ in 0..3 {
                    edges.push((rng.below(nodes as u64) as usize, 1 + rng.below(1000) as u32));
                }
                edges
            })
            .collect();

        let link_nodes = sized(32 * 1024, 64);
        let links = (0..sized(24 * 1024, 48))
            .map(|_| {
                (
                    rng.below(link_nodes as u64) as u32,
                    rng.below(link_nodes as u64) as u32,
                )
            })
            .collect();

        let centres: Vec<(f32, f32)> = (0..8)
            .map(|_| (rng.range(0.0, 100.0) as f32, rng.range(0.0, 100.0) as f32))
            .collect();
        let points = (0..sized(4096, 64))
            .map(|_| {
                let (cx, cy) = centres[rng.below(8) as usize];
                (
                    cx + rng.range(-9.0, 9.0) as f32,
                    cy + rng.range(-9.0, 9.0) as f32,
                )
            })
            .collect();

        let values = (0..sized(16 * 1024, 64))
            .map(|_| rng.next() as u32)
            .collect();

        let matrix_n = sized(96, 8);
        let mut matrix = || -> Vec<f32> {
            (0..matrix_n * matrix_n)
                .map(|_| rng.range(-1.0, 1.0) as f32)
                .collect()
        };
        let (mat_a, mat_b) = (matrix(), matrix());

        let mut level = 10_000i32;
        let signal = (0..sized(64 * 1024, 128))
            .map(|_| {
                level += rng.below(101) as i32 - 50;
                if rng.one_in(9) {
                    level
                } else {
                    level + rng.below(5) as i32
                }
            })
            .collect();

        let mut vertices = String::new();
        for _ in 0..sized(4096, 32) {
            match rng.below(20) {
                0 => writeln!(vertices, "v {:.3} oops {:.3}", rng.range(-1.0, 1.0), 2.5),
                1 => writeln!(vertices, "v {:.3} {:.3}", rng.range(-1.0, 1.0), 0.5),
                2 => writeln!(vertices, "# {}", rng.word()),
                3 => writeln!(vertices, "f 1 2 {}", 3 + rng.below(100)),
                _ => writeln!(
                    vertices,
                    "v {:.4} {:.4} {:.4}",
                    rng.range(-50.0, 50.0),
                    rng.range(-50.0, 50.0),
                    rng.range(0.0, 10.0)
                ),
            }
            .unwrap();
        }

        let items = (0..sized(32 * 1024, 64))
            .map(|_| Item {
                weight: rng.below(50) as u32,
                value: rng.below(1000) as u32,
                color: rng.below(4) as u8,
            })
            .collect();

        let universe = sized(1 << 18, 1024);
        let mut members = |count: usize| -> Vec<u32> {
            (0..count)
                .map(|_| rng.below(universe as u64) as u32)
                .collect()
        };
        let (members_a, members_b) = (members(sized(48 * 1024, 64)), members(sized(48 * 1024, 64)));

        let mut packed = Vec::new();
        let mut unpacked_len = 0;
        while unpacked_len < sized(256 * 1024, 256) {
            match rng.below(9) {
                0 => packed.push(0x80),
                1..=4 => {
                    let count = 2 + rng.below(23) as usize;
                    packed.push((1 - count as isize) as i8 as u8);
                    packed.push(rng.next() as u8);
                    unpacked_len += count;
                }
                _ => {
                    let count = 1 + rng.below(16) as usize;
                    packed.push((count - 1) as u8);
                    packed.extend((0..count).map(|_| rng.next() as u8));
                    unpacked_len += count;
                }
            }
        }

        let vocabulary: Vec<String> = (0..1500).map(|_| rng.word()).collect();
        let mut prose = String::new();
        while prose.len() < sized(48 * 1024, 256) {
            let word = &vocabulary[(rng.below(1500) * rng.below(1500) / 1500) as usize];
            if rng.one_in(8) {
                prose.push_str(&capitalized(word));
            } else {
                prose.push_str(word);
            }
            prose.push_str(match rng.below(24) {
                0 => ". ",
                1 | 2 => ", ",
                3 => ".\n",
                4 => "; ",
                _ => " ",
            });
        }

        let grid_side = sized(384, 16);
        let grid = (0..grid_side * grid_side)
            .map(|_| rng.below(256) as u32)
            .collect();
        let rects = (0..sized(16 * 1024, 64))
            .map(|_| {
                let (x0, y0) = (
                    rng.below(grid_side as u64) as usize,
                    rng.below(grid_side as u64) as usize,
                );
                let (x1, y1) = (
                    x0 + rng.below((grid_side - x0) as u64) as usize,
                    y0 + rng.below((grid_side - y0) as u64) as usize,
                );
                [x0, y0, x1, y1]
            })
            .collect();

        let orders = (0..sized(48 * 1024, 64))
            .map(|_| Order {
                price: 1 + rng.below(100_000) as u32,
                qty: match rng.below(20) {
                    0 => None,
                    1 => Some(0),
                    2 => Some(50_000 + rng.below(100_000) as u32),
                    _ => Some(1 + rng.below(12) as u32),
                },
                code: (!rng.one_in(3)).then(|| rng.below(80) as u32),
                note: rng.one_in(6).then(|| rng.word()),
            })
            .collect();
        let discounts = (0..64)
            .map(|_| (!rng.one_in(4)).then(|| rng.below(90) as u32))
            .collect();

        let floats = sized(32 * 1024, 64);
        let xs = (0..floats).map(|_| rng.range(-10.0, 10.0)).collect();
        let ys = (0..floats).map(|_| rng.range(-10.0, 10.0)).collect();
        let ts = (0..floats).map(|_| rng.range(0.0, 1.0)).collect();

        let mut csv = String::new();
        while csv.len() < sized(160 * 1024, 256) {
            for field in 0..6 {
                if field > 0 {
                    csv.push(',');
                }
                match rng.below(10) {
                    0 => write!(csv, "\"{}, {}\"", rng.word(), rng.word()),
                    1 => write!(csv, "\"she said \"\"{}\"\"\"", rng.word()),
                    2 => write!(csv, "\"two\nlines {}\"", rng.below(100)),
                    3 => write!(csv, "\"{}\"x", rng.word()),
                    4 => Ok(()),
                    5..=6 => write!(csv, "{}", rng.below(1_000_000)),
                    _ => write!(csv, "{}", rng.word()),
                }
                .unwrap();
            }
            csv.push('\n');
        }

        let tree_nodes = sized(32 * 1024, 64);
        let parents: Vec<u32> = (0..tree_nodes)
            .map(|i| {
                if i == 0 {
                    0
                } else {
                    rng.below(i as u64) as u32
                }
            })
            .collect();
        let mut children = vec![Vec::new(); tree_nodes];
        for (child, &parent) in parents.iter().enumerate().skip(1) {
            children[parent as usize].push(child as u32);
        }

        let mut candidates: Vec<u64> = (0..sized(1024, 16)).map(|_| rng.next() | 1).collect();
        candidates.extend([
            2,
            561,
            1_000_000_007,
            (1 << 61) - 1,
            3_215_031_751,
            18_446_744_073_709_551_557,
        ]);

        let track_len = sized(64 * 1024, 128);
        let mut track = |hz: f64| -> Vec<i16> {
            (0..track_len)
                .map(|i| {
                    let tone = (i as f64 * hz * std::f64::consts::TAU / 44_100.0).sin() * 24_000.0;
                    (tone + rng.range(-3000.0, 3000.0)).clamp(-32768.0, 32767.0) as i16
                })
                .collect()
        };
        let (track_a, track_b) = (track(440.0), track(660.0));

        let mut packets = Vec::new();
        for _ in 0..sized(64 * 1024, 64) {
            packets.extend_from_slice(&(rng.next() as u32).to_le_bytes());
            packets.extend_from_slice(&(rng.below(6) as u16).to_le_bytes());
            packets.extend_from_slice(&(rng.next() as u16).to_le_bytes());
            packets.extend_from_slice(&(rng.range(0.0, 1000.0) as f32).to_le_bytes());
            packets.extend_from_slice(&(rng.below(10_001) as i32 - 5000).to_le_bytes());
        }
        packets.extend_from_slice(&[1, 2, 3, 4, 5]);

        Inputs {
            blob,
            rows,
            seed: rng.next(),
            samples: sized(200_000, 1000),
            ini,
            utf8,
            vm_iterations: sized(20_000, 100) as i64,
            graph,
            links,
            link_nodes,
            points,
            values,
            matrix_n,
            mat_a,
            mat_b,
            signal,
            vertices,
            items,
            halton_points: sized(8192, 64),
            universe,
            members_a,
            members_b,
            packed,
            unpacked_len,
            prose,
            grid,
            grid_side,
            rects,
            orders,
            discounts,
            xs,
            ys,
            ts,
            csv,
            parents,
            children,
            rc_nodes: sized(4096, 32),
            candidates,
            track_a,
            track_b,
            packets,
            queens: if scale > 1 { 6 } else { 9 },
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

        // ---------------------------------------------------------------- hashing

        const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const FNV_PRIME: u64 = 0x0100_0000_01b3;

        /// FNV-1a of `bytes`, continuing from `hash`.
        $(#[$h])?
        #[inline]
        fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
            bytes
                .iter()
                .fold(hash, |h, &b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
        }

        /// MurmurHash3's 64-bit finalizer.
        $(#[$h])?
        fn fmix64(mut k: u64) -> u64 {
            k ^= k >> 33;
            k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
            k ^= k >> 33;
            k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            k ^ (k >> 33)
        }

        /// The reflected CRC-32 (IEEE) table, built at run time.
        $(#[$h])?
        fn crc32_table() -> [u32; 256] {
            let mut table = [0u32; 256];
            for (i, slot) in table.iter_mut().enumerate() {
                let mut c = i as u32;
                for _ in 0..8 {
                    c = if c & 1 != 0 {
                        0xEDB8_8320 ^ (c >> 1)
                    } else {
                        c >> 1
                    };
                }
                *slot = c;
            }
            table
        }

        $(#[$h])?
        fn crc32(table: &[u32; 256], data: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &byte in data {
                crc = table[((crc ^ u32::from(byte)) & 0xFF) as usize] ^ (crc >> 8);
            }
            !crc
        }

        $(#[$h])?
        fn row_hash(row: &Row) -> u64 {
            let mut hash = fnv1a(FNV_OFFSET, &row.id.to_le_bytes());
            hash = fnv1a(hash, row.name.as_bytes());
            hash = fnv1a(hash, &[row.dept]);
            hash = fnv1a(hash, &row.salary.to_le_bytes());
            fmix64(hash)
        }

        // ---------------------------------------------------------------- random numbers

        struct XorShift64 {
            state: u64,
        }

        impl XorShift64 {
            $(#[$h])?
            fn new(seed: u64) -> Self {
                XorShift64 { state: seed.max(1) }
            }

            $(#[$h])?
            #[inline]
            fn next_u64(&mut self) -> u64 {
                let mut x = self.state;
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                self.state = x;
                x
            }

            /// Uniform in `0..1`.
            $(#[$h])?
            #[inline]
            fn next_f64(&mut self) -> f64 {
                (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
            }
        }

        /// The Halton low-discrepancy sequence in one base.
        struct Halton {
            index: u32,
            base: u32,
        }

        impl Halton {
            $(#[$h])?
            fn new(base: u32) -> Self {
                Halton { index: 0, base }
            }
        }

        impl Iterator for Halton {
            type Item = f64;

            $(#[$h])?
            fn next(&mut self) -> Option<f64> {
                self.index += 1;
                let base = f64::from(self.base);
                let (mut i, mut f, mut r) = (self.index, 1.0, 0.0);
                while i > 0 {
                    f /= base;
                    r += f * f64::from(i % self.base);
                    i /= self.base;
                }
                Some(r)
            }
        }

        // ---------------------------------------------------------------- text

        #[derive(Debug, PartialEq)]
        enum IniToken<'a> {
            Section(&'a str),
            Key(&'a str),
            Value(&'a str),
            Comment,
        }

        $(#[$h])?
        fn tokenize_ini(text: &str) -> Vec<IniToken<'_>> {
            let mut tokens = Vec::new();
            let mut chars = text.char_indices().peekable();
            while let Some(&(start, c)) = chars.peek() {
                match c {
                    ' ' | '\t' | '\r' | '\n' => {
                        chars.next();
                    }
                    ';' | '#' => {
                        for (_, c) in chars.by_ref() {
                            if c == '\n' {
                                break;
                            }
                        }
                        tokens.push(IniToken::Comment);
                    }
                    '[' => {
                        chars.next();
                        let mut end = start + 1;
                        for (i, c) in chars.by_ref() {
                            if c == ']' || c == '\n' {
                                break;
                            }
                            end = i + c.len_utf8();
                        }
                        tokens.push(IniToken::Section(text[start + 1..end].trim()));
                    }
                    _ => {
                        let mut equals = None;
                        let mut end = text.len();
                        while let Some(&(i, c)) = chars.peek() {
                            if c == '\n' {
                                end = i;
                                break;
                            }
                            if c == '=' && equals.is_none() {
                                equals = Some(i);
                            }
                            chars.next();
                        }
                        match equals {
                            Some(eq) => {
                                tokens.push(IniToken::Key(text[start..eq].trim()));
                                tokens.push(IniToken::Value(
                                    text[eq + 1..end].trim().trim_matches('"'),
                                ));
                            }
                            None => tokens.push(IniToken::Key(text[start..end].trim())),
                        }
                    }
                }
            }
            tokens
        }

        $(#[$h])?
        #[inline]
        fn is_continuation(byte: u8) -> bool {
            byte & 0xC0 == 0x80
        }

        /// The code point of the valid UTF-8 sequence at the start of `bytes` and its length.
        $(#[$h])?
        fn decode_utf8(bytes: &[u8]) -> Option<(u32, usize)> {
            let first = *bytes.first()?;
            let (len, init) = match first {
                0x00..=0x7F => return Some((u32::from(first), 1)),
                0xC2..=0xDF => (2, u32::from(first & 0x1F)),
                0xE0..=0xEF => (3, u32::from(first & 0x0F)),
                0xF0..=0xF4 => (4, u32::from(first & 0x07)),
                _ => return None,
            };
            let tail = bytes.get(1..len)?;
            let second_ok = match first {
                0xE0 => (0xA0..=0xBF).contains(&tail[0]),
                0xED => (0x80..=0x9F).contains(&tail[0]),
                0xF0 => (0x90..=0xBF).contains(&tail[0]),
                0xF4 => (0x80..=0x8F).contains(&tail[0]),
                _ => is_continuation(tail[0]),
            };
            if !second_ok || !tail[1..].iter().all(|&b| is_continuation(b)) {
                return None;
            }
            let code = tail
                .iter()
                .fold(init, |acc, &b| (acc << 6) | u32::from(b & 0x3F));
            Some((code, len))
        }

        #[derive(Debug)]
        enum LineError {
            Float(ParseFloatError),
            Arity(usize),
        }

        impl From<ParseFloatError> for LineError {
            $(#[$h])?
            fn from(e: ParseFloatError) -> Self {
                LineError::Float(e)
            }
        }

        /// The three coordinates after `v `.
        $(#[$h])?
        fn parse_vertex(fields: &str) -> Result<[f64; 3], LineError> {
            let mut fields = fields.split_whitespace();
            let mut out = [0.0; 3];
            for (n, slot) in out.iter_mut().enumerate() {
                *slot = fields.next().ok_or(LineError::Arity(n))?.parse::<f64>()?;
            }
            if fields.next().is_some() {
                return Err(LineError::Arity(4));
            }
            Ok(out)
        }

        #[derive(Clone, Copy, PartialEq)]
        enum CsvState {
            FieldStart,
            Unquoted,
            Quoted,
            QuoteInQuoted,
        }

        #[derive(Default)]
        struct CsvStats {
            rows: u64,
            fields: u64,
            quoted: u64,
            malformed: u64,
            longest: u64,
            hash: u64,
            field_len: u64,
        }

        impl CsvStats {
            $(#[$h])?
            fn end_field(&mut self) {
                self.fields += 1;
                self.longest = self.longest.max(self.field_len);
                self.hash = fmix64(self.hash ^ self.field_len);
                self.field_len = 0;
            }

            $(#[$h])?
            fn byte(&mut self, b: u8) {
                self.field_len += 1;
                self.hash = self.hash.rotate_left(5) ^ u64::from(b);
            }
        }

        /// Money in cents, printed as dollars.
        struct Cents(u64);

        impl fmt::Display for Cents {
            $(#[$h])?
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "${}.{:02}", self.0 / 100, self.0 % 100)
            }
        }

        // ---------------------------------------------------------------- a bytecode VM

        #[derive(Clone, Copy, Debug)]
        enum Op {
            Push(i64),
            Load(usize),
            Store(usize),
            Add,
            Mul,
            Rem,
            Xor,
            Lt,
            Dup,
            JumpIfZero(usize),
            Jump(usize),
            Halt,
        }

        $(#[$h])?
        fn binary(stack: &mut Vec<i64>, op: impl FnOnce(i64, i64) -> i64) {
            let b = stack.pop().expect("stack underflow");
            let a = stack.pop().expect("stack underflow");
            stack.push(op(a, b));
        }

        /// Runs `program` until `Halt`; returns the top of the stack and the ops executed.
        $(#[$h])?
        fn run_vm(program: &[Op], locals: &mut [i64; 4]) -> (i64, u64) {
            let mut stack = Vec::with_capacity(16);
            let mut pc = 0;
            let mut steps = 0u64;
            loop {
                let op = program[pc];
                pc += 1;
                steps += 1;
                match op {
                    Op::Push(v) => stack.push(v),
                    Op::Load(slot) => stack.push(locals[slot]),
                    Op::Store(slot) => locals[slot] = stack.pop().expect("stack underflow"),
                    Op::Add => binary(&mut stack, i64::wrapping_add),
                    Op::Mul => binary(&mut stack, i64::wrapping_mul),
                    Op::Rem => binary(&mut stack, i64::rem_euclid),
                    Op::Xor => binary(&mut stack, |a, b| a ^ b),
                    Op::Lt => binary(&mut stack, |a, b| i64::from(a < b)),
                    Op::Dup => {
                        let top = *stack.last().expect("stack underflow");
                        stack.push(top);
                    }
                    Op::JumpIfZero(target) => {
                        if stack.pop().expect("stack underflow") == 0 {
                            pc = target;
                        }
                    }
                    Op::Jump(target) => pc = target,
                    Op::Halt => return (stack.pop().unwrap_or(0), steps),
                }
            }
        }

        /// `acc = (acc * 31 + i * i) % 1_000_003`, then `acc ^= i` unless `i % 3 == 0`, for `i`
        /// in `0..n`; locals: 0 = i, 1 = acc, 2 = n.
        $(#[$h])?
        fn checksum_program() -> Vec<Op> {
            use Op::*;
            vec![
                // 0: while i < n
                Load(0), Load(2), Lt, JumpIfZero(27),
                // 4: acc = (acc * 31 + i * i) % 1_000_003
                Load(1), Push(31), Mul, Load(0), Dup, Mul, Add, Push(1_000_003), Rem, Store(1),
                // 14: if i % 3 != 0 { acc ^= i }
                Load(0), Push(3), Rem, JumpIfZero(22),
                Load(1), Load(0), Xor, Store(1),
                // 22: i += 1
                Load(0), Push(1), Add, Store(0), Jump(0),
                // 27:
                Load(1), Halt,
            ]
        }

        // ---------------------------------------------------------------- graphs and sets

        $(#[$h])?
        fn dijkstra(graph: &[Vec<(usize, u32)>], source: usize) -> Vec<u64> {
            let mut dist = vec![u64::MAX; graph.len()];
            let mut heap = BinaryHeap::new();
            dist[source] = 0;
            heap.push(Reverse((0u64, source)));
            while let Some(Reverse((d, node))) = heap.pop() {
                if d > dist[node] {
                    continue;
                }
                for &(next, weight) in &graph[node] {
                    let candidate = d + u64::from(weight);
                    if candidate < dist[next] {
                        dist[next] = candidate;
                        heap.push(Reverse((candidate, next)));
                    }
                }
            }
            dist
        }

        struct DisjointSet {
            parent: Vec<usize>,
            size: Vec<usize>,
        }

        impl DisjointSet {
            $(#[$h])?
            fn new(n: usize) -> Self {
                DisjointSet {
                    parent: (0..n).collect(),
                    size: vec![1; n],
                }
            }

            $(#[$h])?
            fn find(&mut self, x: usize) -> usize {
                let parent = self.parent[x];
                if parent == x {
                    return x;
                }
                let root = self.find(parent);
                self.parent[x] = root;
                root
            }

            /// Merges the sets of `a` and `b`; false if they were one already.
            $(#[$h])?
            fn union(&mut self, a: usize, b: usize) -> bool {
                let (mut a, mut b) = (self.find(a), self.find(b));
                if a == b {
                    return false;
                }
                if self.size[a] < self.size[b] {
                    std::mem::swap(&mut a, &mut b);
                }
                self.parent[b] = a;
                self.size[a] += self.size[b];
                true
            }
        }

        struct BitSet {
            words: Vec<u64>,
        }

        impl BitSet {
            $(#[$h])?
            fn new(bits: usize) -> Self {
                BitSet {
                    words: vec![0; bits.div_ceil(64)],
                }
            }

            /// Adds `bit`; true if it was not there.
            $(#[$h])?
            #[inline]
            fn insert(&mut self, bit: usize) -> bool {
                let mask = 1u64 << (bit % 64);
                let word = &mut self.words[bit / 64];
                let fresh = *word & mask == 0;
                *word |= mask;
                fresh
            }

            $(#[$h])?
            #[inline]
            fn contains(&self, bit: usize) -> bool {
                self.words[bit / 64] & (1 << (bit % 64)) != 0
            }

            $(#[$h])?
            fn iter(&self) -> impl Iterator<Item = usize> + '_ {
                self.words
                    .iter()
                    .enumerate()
                    .flat_map(|(i, &word)| Bits { word, base: i * 64 })
            }
        }

        /// The set bits of one word, lowest first.
        struct Bits {
            word: u64,
            base: usize,
        }

        impl Iterator for Bits {
            type Item = usize;

            $(#[$h])?
            fn next(&mut self) -> Option<usize> {
                if self.word == 0 {
                    return None;
                }
                let bit = self.word.trailing_zeros() as usize;
                self.word &= self.word - 1;
                Some(self.base + bit)
            }
        }

        struct TreeNode {
            value: i64,
            parent: Weak<RefCell<TreeNode>>,
            children: Vec<Rc<RefCell<TreeNode>>>,
        }

        $(#[$h])?
        fn subtree_sum(node: &Rc<RefCell<TreeNode>>) -> i64 {
            let node = node.borrow();
            node.value + node.children.iter().map(subtree_sum).sum::<i64>()
        }

        $(#[$h])?
        fn depth_of(node: &Rc<RefCell<TreeNode>>) -> u32 {
            let mut depth = 0;
            let mut current = node.borrow().parent.upgrade();
            while let Some(parent) = current {
                depth += 1;
                current = parent.borrow().parent.upgrade();
            }
            depth
        }

        // ---------------------------------------------------------------- geometry and numbers

        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        struct Point {
            x: f32,
            y: f32,
        }

        impl Point {
            $(#[$h])?
            fn dist2(self, other: Point) -> f32 {
                let (dx, dy) = (self.x - other.x, self.y - other.y);
                dx * dx + dy * dy
            }
        }

        impl std::ops::Add for Point {
            type Output = Point;

            $(#[$h])?
            fn add(self, other: Point) -> Point {
                Point {
                    x: self.x + other.x,
                    y: self.y + other.y,
                }
            }
        }

        impl std::ops::Div<f32> for Point {
            type Output = Point;

            $(#[$h])?
            fn div(self, k: f32) -> Point {
                Point {
                    x: self.x / k,
                    y: self.y / k,
                }
            }
        }

        $(#[$h])?
        fn nearest(centroids: &[Point], p: Point) -> usize {
            centroids
                .iter()
                .enumerate()
                .map(|(i, c)| (i, c.dist2(p)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(0, |(i, _)| i)
        }

        $(#[$h])?
        fn transpose(m: &[f32], n: usize) -> Vec<f32> {
            let mut t = vec![0.0; n * n];
            for r in 0..n {
                for c in 0..n {
                    t[c * n + r] = m[r * n + c];
                }
            }
            t
        }

        /// `a * b`, given `a` and `b` transposed, in 32 x 32 blocks.
        $(#[$h])?
        fn matmul_blocked(a: &[f32], bt: &[f32], n: usize) -> Vec<f32> {
            const BLOCK: usize = 32;
            let mut c = vec![0.0f32; n * n];
            for ii in (0..n).step_by(BLOCK) {
                for jj in (0..n).step_by(BLOCK) {
                    for kk in (0..n).step_by(BLOCK) {
                        for i in ii..(ii + BLOCK).min(n) {
                            for j in jj..(jj + BLOCK).min(n) {
                                let mut sum = c[i * n + j];
                                for k in kk..(kk + BLOCK).min(n) {
                                    sum += a[i * n + k] * bt[j * n + k];
                                }
                                c[i * n + j] = sum;
                            }
                        }
                    }
                }
            }
            c
        }

        /// 2D prefix sums, with a zero row and column in front: `(side + 1)^2` entries.
        $(#[$h])?
        fn prefix_sums(grid: &[u32], side: usize) -> Vec<u64> {
            let w = side + 1;
            let mut p = vec![0u64; w * w];
            for y in 0..side {
                for x in 0..side {
                    p[(y + 1) * w + x + 1] =
                        u64::from(grid[y * side + x]) + p[y * w + x + 1] + p[(y + 1) * w + x]
                            - p[y * w + x];
                }
            }
            p
        }

        $(#[$h])?
        #[inline]
        fn rect_sum(p: &[u64], side: usize, [x0, y0, x1, y1]: [usize; 4]) -> u64 {
            let w = side + 1;
            p[(y1 + 1) * w + x1 + 1] + p[y0 * w + x0] - p[y0 * w + x1 + 1] - p[(y1 + 1) * w + x0]
        }

        $(#[$h])?
        #[inline]
        fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
            (u128::from(a) * u128::from(b) % u128::from(m)) as u64
        }

        $(#[$h])?
        fn pow_mod(mut base: u64, mut exp: u64, m: u64) -> u64 {
            let mut result = 1;
            base %= m;
            while exp > 0 {
                if exp & 1 == 1 {
                    result = mul_mod(result, base, m);
                }
                base = mul_mod(base, base, m);
                exp >>= 1;
            }
            result
        }

        /// Deterministic Miller-Rabin for `u64`.
        $(#[$h])?
        fn is_prime(n: u64) -> bool {
            const WITNESSES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
            if n < 2 {
                return false;
            }
            for p in WITNESSES {
                if n % p == 0 {
                    return n == p;
                }
            }
            let s = (n - 1).trailing_zeros();
            let d = (n - 1) >> s;
            'witness: for a in WITNESSES {
                let mut x = pow_mod(a, d, n);
                if x == 1 || x == n - 1 {
                    continue;
                }
                for _ in 1..s {
                    x = mul_mod(x, x, n);
                    if x == n - 1 {
                        continue 'witness;
                    }
                }
                return false;
            }
            true
        }

        $(#[$h])?
        fn mix_sample(a: i16, b: i16, gain_q8: i32) -> i16 {
            let scaled = (i32::from(b) * gain_q8) >> 8;
            let scaled =
                i16::try_from(scaled).unwrap_or(if scaled < 0 { i16::MIN } else { i16::MAX });
            a.saturating_add(scaled)
        }

        $(#[$h])?
        fn smoothstep(t: f64) -> f64 {
            let t = t.clamp(0.0, 1.0);
            t * t * (3.0 - 2.0 * t)
        }

        $(#[$h])?
        fn horner(coeffs: &[f64], x: f64) -> f64 {
            coeffs.iter().rev().fold(0.0, |acc, &c| acc.mul_add(x, c))
        }

        $(#[$h])?
        fn build_stages(params: &[f64]) -> Vec<Box<dyn Fn(f64) -> f64>> {
            let mut stages: Vec<Box<dyn Fn(f64) -> f64>> = Vec::with_capacity(params.len());
            for (i, &p) in params.iter().enumerate() {
                match i % 4 {
                    0 => stages.push(Box::new(move |x| x * p)),
                    1 => stages.push(Box::new(move |x| x + p)),
                    2 => stages.push(Box::new(move |x: f64| x.clamp(-p, p))),
                    _ => stages.push(Box::new(move |x: f64| (x * 0.5).sin() * p)),
                }
            }
            stages
        }

        // ---------------------------------------------------------------- sorting and ranking

        /// Sorts `v`; `scratch` holds the left half while merging.
        $(#[$h])?
        fn merge_sort<T: Ord + Copy>(v: &mut [T], scratch: &mut Vec<T>) {
            if v.len() <= 12 {
                for i in 1..v.len() {
                    let mut j = i;
                    while j > 0 && v[j - 1] > v[j] {
                        v.swap(j - 1, j);
                        j -= 1;
                    }
                }
                return;
            }
            let mid = v.len() / 2;
            merge_sort(&mut v[..mid], scratch);
            merge_sort(&mut v[mid..], scratch);
            if v[mid - 1] <= v[mid] {
                return;
            }
            scratch.clear();
            scratch.extend_from_slice(&v[..mid]);
            let (mut i, mut j, mut k) = (0, mid, 0);
            while i < scratch.len() && j < v.len() {
                if v[j] < scratch[i] {
                    v[k] = v[j];
                    j += 1;
                } else {
                    v[k] = scratch[i];
                    i += 1;
                }
                k += 1;
            }
            while i < scratch.len() {
                v[k] = scratch[i];
                i += 1;
                k += 1;
            }
        }

        $(#[$h])?
        fn quicksort<T: Ord>(v: &mut [T]) {
            if v.len() <= 1 {
                return;
            }
            let pivot = partition(v);
            let (left, right) = v.split_at_mut(pivot);
            quicksort(left);
            quicksort(&mut right[1..]);
        }

        /// Lomuto's partition around the middle element; returns where the pivot ends up.
        $(#[$h])?
        fn partition<T: Ord>(v: &mut [T]) -> usize {
            let last = v.len() - 1;
            v.swap(v.len() / 2, last);
            let mut store = 0;
            for i in 0..last {
                if v[i] < v[last] {
                    v.swap(i, store);
                    store += 1;
                }
            }
            v.swap(store, last);
            store
        }

        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        struct Employee {
            dept: u8,
            salary: u32,
            id: u32,
        }

        /// By department, then the best paid first, then by id.
        impl Ord for Employee {
            $(#[$h])?
            fn cmp(&self, other: &Self) -> Ordering {
                self.dept
                    .cmp(&other.dept)
                    .then_with(|| other.salary.cmp(&self.salary))
                    .then_with(|| self.id.cmp(&other.id))
            }
        }

        impl PartialOrd for Employee {
            $(#[$h])?
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        $(#[$h])?
        fn relevance(row: &Row) -> u64 {
            let vowels = row
                .name
                .bytes()
                .filter(|b| matches!(b.to_ascii_lowercase(), b'a' | b'e' | b'i' | b'o' | b'u'))
                .count() as u64;
            u64::from(row.salary / 100) * 3 + vowels * 1000 + u64::from(row.id % 97) * 17
        }

        /// The indices of the `k` most relevant rows, best first.
        $(#[$h])?
        fn top_k(rows: &[Row], k: usize) -> Vec<usize> {
            let mut heap = BinaryHeap::with_capacity(k + 1);
            for (index, row) in rows.iter().enumerate() {
                let entry = Reverse((relevance(row), index));
                if heap.len() < k {
                    heap.push(entry);
                } else if let Some(mut lowest) = heap.peek_mut() {
                    if entry < *lowest {
                        *lowest = entry;
                    }
                }
            }
            heap.into_sorted_vec()
                .into_iter()
                .map(|Reverse((_, index))| index)
                .collect()
        }

        // ---------------------------------------------------------------- scoring through a trait

        trait Scorer {
            fn score(&self, item: &Item) -> u64;

            $(#[$h])?
            fn accepts(&self, item: &Item) -> bool {
                item.weight > 0
            }
        }

        struct ByRatio;

        struct ByColor {
            bonus: [u64; 4],
        }

        struct Capped<S> {
            inner: S,
            cap: u64,
        }

        impl Scorer for ByRatio {
            $(#[$h])?
            fn score(&self, item: &Item) -> u64 {
                u64::from(item.value) * 1000 / u64::from(item.weight)
            }
        }

        impl Scorer for ByColor {
            $(#[$h])?
            fn score(&self, item: &Item) -> u64 {
                u64::from(item.value) + self.bonus[usize::from(item.color) % 4]
            }

            $(#[$h])?
            fn accepts(&self, item: &Item) -> bool {
                item.color != 3
            }
        }

        impl<S: Scorer> Scorer for Capped<S> {
            $(#[$h])?
            fn score(&self, item: &Item) -> u64 {
                self.inner.score(item).min(self.cap)
            }

            $(#[$h])?
            fn accepts(&self, item: &Item) -> bool {
                self.inner.accepts(item)
            }
        }

        $(#[$h])?
        fn total<S: Scorer>(scorer: &S, items: &[Item]) -> u64 {
            items
                .iter()
                .filter(|item| scorer.accepts(item))
                .map(|item| scorer.score(item))
                .sum()
        }

        // ---------------------------------------------------------------- records and buffers

        /// A fixed-capacity ring buffer that keeps the sum of what it holds.
        struct Ring {
            buf: Vec<i32>,
            head: usize,
            len: usize,
            sum: i64,
        }

        impl Ring {
            $(#[$h])?
            fn with_capacity(capacity: usize) -> Self {
                Ring {
                    buf: vec![0; capacity],
                    head: 0,
                    len: 0,
                    sum: 0,
                }
            }

            /// Appends `x`, evicting the oldest value when full; returns the evicted value.
            $(#[$h])?
            fn push(&mut self, x: i32) -> Option<i32> {
                let capacity = self.buf.len();
                self.sum += i64::from(x);
                if self.len < capacity {
                    self.buf[(self.head + self.len) % capacity] = x;
                    self.len += 1;
                    None
                } else {
                    let old = std::mem::replace(&mut self.buf[self.head], x);
                    self.head = (self.head + 1) % capacity;
                    self.sum -= i64::from(old);
                    Some(old)
                }
            }

            $(#[$h])?
            fn mean(&self) -> f64 {
                self.sum as f64 / self.len.max(1) as f64
            }
        }

        /// PackBits: a header `n` in 0..=127 copies `n + 1` bytes, -127..=-1 repeats the next
        /// byte `1 - n` times, -128 does nothing.
        $(#[$h])?
        fn unpack_bits(packed: &[u8], expected_len: usize) -> Vec<u8> {
            let mut out = Vec::with_capacity(expected_len);
            let mut i = 0;
            while i < packed.len() {
                let header = packed[i] as i8;
                i += 1;
                match header {
                    0..=127 => {
                        let n = header as usize + 1;
                        out.extend_from_slice(&packed[i..i + n]);
                        i += n;
                    }
                    -127..=-1 => {
                        let n = (1 - isize::from(header)) as usize;
                        out.resize(out.len() + n, packed[i]);
                        i += 1;
                    }
                    -128 => {}
                }
            }
            out
        }

        #[derive(Clone, Copy)]
        struct Packet {
            id: u32,
            kind: u16,
            flags: u16,
            value: f32,
            delta: i32,
        }

        impl Packet {
            const SIZE: usize = 16;

            $(#[$h])?
            fn decode(bytes: &[u8]) -> Packet {
                Packet {
                    id: u32::from_le_bytes(bytes[0..4].try_into().expect("4 bytes")),
                    kind: u16::from_le_bytes([bytes[4], bytes[5]]),
                    flags: u16::from_le_bytes([bytes[6], bytes[7]]),
                    value: f32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes")),
                    delta: i32::from_le_bytes(bytes[12..16].try_into().expect("4 bytes")),
                }
            }
        }

        $(#[$h])?
        fn discount_for(table: &[Option<u32>], code: Option<u32>) -> Option<u32> {
            code.and_then(|c| table.get(c as usize).copied().flatten())
        }

        /// What the order comes to after its discount; `None` if it has no quantity or
        /// overflows.
        $(#[$h])?
        fn line_total(order: &Order, table: &[Option<u32>]) -> Option<u32> {
            let qty = order.qty.filter(|&q| q > 0)?;
            let gross = order.price.checked_mul(qty)?;
            let percent = discount_for(table, order.code).map_or(0, |d| d.min(60));
            gross.checked_sub(gross / 100 * percent)
        }

        // ---------------------------------------------------------------- kernels

        /// CRC-32 of the blob, whole and per 4 KiB block, with the table built per call.
        $(#[$h])?
        #[inline(never)]
        fn crc32_blocks(inputs: &Inputs) -> u64 {
            let table = crc32_table();
            let whole = crc32(&table, &inputs.blob);
            let blocks = inputs
                .blob
                .chunks(4096)
                .map(|block| u64::from(crc32(&table, block)))
                .fold(0u64, |acc, crc| acc.rotate_left(7) ^ crc);
            (u64::from(whole) << 32 | (blocks & 0xFFFF_FFFF)) ^ SALT
        }

        /// FNV-1a + murmur's finalizer over each record into a 1024-bucket histogram, and a
        /// second pass keyed on (department, name); digests the colliding pairs.
        $(#[$h])?
        #[inline(never)]
        fn record_hashes(inputs: &Inputs) -> u64 {
            let mut buckets = vec![0u32; 1024];
            let mut groups = vec![0u32; 256];
            let mut all = 0u64;
            for row in &inputs.rows {
                let hash = row_hash(row);
                buckets[(hash & 1023) as usize] += 1;
                all = all.rotate_left(1) ^ hash;
                let key = fnv1a(fnv1a(FNV_OFFSET, &[row.dept]), row.name.as_bytes());
                groups[(fmix64(key) >> 56) as usize] += 1;
            }
            let pairs = |counts: &[u32]| -> u64 {
                counts
                    .iter()
                    .map(|&n| u64::from(n) * u64::from(n.saturating_sub(1)) / 2)
                    .sum()
            };
            all ^ pairs(&buckets) << 40 ^ pairs(&groups) << 20 ^ SALT
        }

        /// Estimates pi from xorshift points in the unit square.
        $(#[$h])?
        #[inline(never)]
        fn monte_carlo_pi(inputs: &Inputs) -> u64 {
            let mut rng = XorShift64::new(inputs.seed);
            let mut inside = 0u64;
            for _ in 0..inputs.samples {
                let (x, y) = (rng.next_f64(), rng.next_f64());
                if x * x + y * y <= 1.0 {
                    inside += 1;
                }
            }
            let pi = 4.0 * inside as f64 / inputs.samples as f64;
            pi.to_bits() ^ inside.rotate_left(32) ^ SALT
        }

        /// Tokenizes the INI file with `char_indices().peekable()`, then tallies the tokens.
        $(#[$h])?
        #[inline(never)]
        fn ini_tokens(inputs: &Inputs) -> u64 {
            let tokens = tokenize_ini(&inputs.ini);
            let (mut sections, mut keys, mut comments, mut flags) = (0u64, 0u64, 0u64, 0u64);
            let mut numbers = 0i64;
            let mut names = FNV_OFFSET;
            for token in &tokens {
                match token {
                    IniToken::Section(name) => {
                        sections += 1;
                        names = fnv1a(names, name.as_bytes());
                    }
                    IniToken::Key(key) => {
                        keys += 1;
                        names = fnv1a(names, key.as_bytes());
                    }
                    IniToken::Value(value) => {
                        if let Ok(n) = value.parse::<i64>() {
                            numbers = numbers.wrapping_add(n);
                        } else if *value == "true" {
                            flags += 1;
                        } else {
                            names ^= value.chars().count() as u64;
                        }
                    }
                    IniToken::Comment => comments += 1,
                }
            }
            names
                ^ (numbers as u64).rotate_left(17)
                ^ sections << 48
                ^ keys << 32
                ^ comments << 24
                ^ flags << 8
                ^ SALT
        }

        /// Validates and decodes UTF-8 by hand: chars by encoded width, invalid bytes, the sum
        /// of the code points.
        $(#[$h])?
        #[inline(never)]
        fn utf8_census(inputs: &Inputs) -> u64 {
            let bytes = &inputs.utf8;
            let mut by_width = [0u64; 4];
            let (mut invalid, mut code_sum) = (0u64, 0u64);
            let mut i = 0;
            while i < bytes.len() {
                match decode_utf8(&bytes[i..]) {
                    Some((code, len)) => {
                        by_width[len - 1] += 1;
                        code_sum += u64::from(code);
                        i += len;
                    }
                    None => {
                        invalid += 1;
                        i += 1;
                    }
                }
            }
            by_width
                .iter()
                .fold(code_sum ^ invalid << 56, |h, &n| h.rotate_left(13) ^ n)
                ^ SALT
        }

        /// A stack-machine interpreter: a `match` on an enum opcode in a loop.
        $(#[$h])?
        #[inline(never)]
        fn bytecode_vm(inputs: &Inputs) -> u64 {
            let program = checksum_program();
            let mut locals = [0, 1, inputs.vm_iterations, 0];
            let (result, steps) = run_vm(&program, &mut locals);
            (result as u64) ^ steps << 32 ^ SALT
        }

        /// Shortest paths with `BinaryHeap<Reverse<..>>` from two sources.
        $(#[$h])?
        #[inline(never)]
        fn shortest_paths(inputs: &Inputs) -> u64 {
            let mut digest = 0u64;
            for source in [0, inputs.graph.len() / 2] {
                let dist = dijkstra(&inputs.graph, source);
                let reachable = dist.iter().filter(|&&d| d != u64::MAX);
                let (count, sum, far) =
                    reachable.fold((0u64, 0u64, 0u64), |(n, s, m), &d| (n + 1, s + d, m.max(d)));
                digest = digest.rotate_left(23) ^ sum ^ count << 40 ^ far << 20;
            }
            digest ^ SALT
        }

        /// Union-find with path compression and union by size over random links.
        $(#[$h])?
        #[inline(never)]
        fn union_find(inputs: &Inputs) -> u64 {
            let n = inputs.link_nodes;
            let mut sets = DisjointSet::new(n);
            let (mut merges, mut redundant) = (0u64, 0u64);
            for &(a, b) in &inputs.links {
                if sets.union(a as usize, b as usize) {
                    merges += 1;
                } else {
                    redundant += 1;
                }
            }
            let (mut components, mut largest) = (0u64, 0usize);
            for x in 0..n {
                if sets.find(x) == x {
                    components += 1;
                    largest = largest.max(sets.size[x]);
                }
            }
            merges ^ redundant << 16 ^ components << 32 ^ (largest as u64) << 48 ^ SALT
        }

        /// Twelve Lloyd iterations of k-means (k = 8) on `f32` points.
        $(#[$h])?
        #[inline(never)]
        fn kmeans(inputs: &Inputs) -> u64 {
            const K: usize = 8;
            let points: Vec<Point> = inputs.points.iter().map(|&(x, y)| Point { x, y }).collect();
            let mut centroids: Vec<Point> = points
                .iter()
                .step_by(points.len() / K)
                .take(K)
                .copied()
                .collect();
            let mut assignment = vec![0usize; points.len()];
            for _ in 0..12 {
                let mut sums = [Point::default(); K];
                let mut counts = [0u32; K];
                for (slot, &p) in assignment.iter_mut().zip(&points) {
                    let c = nearest(&centroids, p);
                    *slot = c;
                    sums[c] = sums[c] + p;
                    counts[c] += 1;
                }
                for ((centroid, &sum), &count) in centroids.iter_mut().zip(&sums).zip(&counts) {
                    if count > 0 {
                        *centroid = sum / count as f32;
                    }
                }
            }
            let placed = centroids.iter().fold(0u64, |h, c| {
                (h.rotate_left(11) ^ u64::from(c.x.to_bits())).rotate_left(11)
                    ^ u64::from(c.y.to_bits())
            });
            let labels = assignment
                .iter()
                .enumerate()
                .fold(0u64, |h, (i, &c)| h.wrapping_add((i * c) as u64));
            placed ^ labels << 32 ^ SALT
        }

        /// A recursive merge sort, generic over `T: Ord`, of the values and of (key, index)
        /// pairs.
        $(#[$h])?
        #[inline(never)]
        fn merge_sorts(inputs: &Inputs) -> u64 {
            let mut values = inputs.values.clone();
            let mut scratch = Vec::with_capacity(values.len() / 2 + 1);
            merge_sort(&mut values, &mut scratch);
            let mut pairs: Vec<(u16, u32)> = inputs
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| ((v % 1024) as u16, i as u32))
                .collect();
            let mut scratch = Vec::with_capacity(pairs.len() / 2 + 1);
            merge_sort(&mut pairs, &mut scratch);
            let sorted = values.windows(2).all(|w| w[0] <= w[1]) as u64;
            let sample = values
                .iter()
                .step_by(97)
                .fold(0u64, |h, &v| h.rotate_left(5) ^ u64::from(v));
            let order = pairs.iter().step_by(89).fold(0u64, |h, &(k, i)| {
                h.rotate_left(7) ^ u64::from(k) ^ u64::from(i) << 16
            });
            sample ^ order.rotate_left(32) ^ sorted << 63 ^ SALT
        }

        /// A recursive quicksort, generic over `T: Ord`, of structs with a hand-written `Ord`.
        $(#[$h])?
        #[inline(never)]
        fn quicksort_ord(inputs: &Inputs) -> u64 {
            let mut staff: Vec<Employee> = inputs
                .rows
                .iter()
                .map(|r| Employee {
                    dept: r.dept,
                    salary: r.salary,
                    id: r.id,
                })
                .collect();
            quicksort(&mut staff);
            let in_order = staff.windows(2).filter(|w| w[0] <= w[1]).count() as u64;
            staff.iter().fold(0u64, |h, e| {
                h.wrapping_mul(31).wrapping_add(u64::from(e.id))
            }) ^ in_order << 40
                ^ SALT
        }

        /// Top 10, 50 and 200 rows by a relevance score, with a min-heap of `Reverse`.
        $(#[$h])?
        #[inline(never)]
        fn leaderboards(inputs: &Inputs) -> u64 {
            let mut digest = 0u64;
            for k in [10, 50, 200] {
                for index in top_k(&inputs.rows, k) {
                    digest = digest.wrapping_mul(0x100_0193).wrapping_add(index as u64);
                }
            }
            digest ^ SALT
        }

        /// Transposes one matrix and multiplies by blocks on flat `Vec<f32>`s.
        $(#[$h])?
        #[inline(never)]
        fn blocked_matmul(inputs: &Inputs) -> u64 {
            let n = inputs.matrix_n;
            let bt = transpose(&inputs.mat_b, n);
            let c = matmul_blocked(&inputs.mat_a, &bt, n);
            let trace: f32 = (0..n).map(|i| c[i * n + i]).sum();
            let bits = c
                .iter()
                .step_by(7)
                .fold(0u64, |h, v| h.rotate_left(3) ^ u64::from(v.to_bits()));
            bits ^ u64::from(trace.to_bits()) << 32 ^ SALT
        }

        /// Sliding-window maximum and minimum with `VecDeque`s, and a ring-buffer mean.
        $(#[$h])?
        #[inline(never)]
        fn sliding_window(inputs: &Inputs) -> u64 {
            const WINDOW: usize = 64;
            let signal = &inputs.signal;
            let mut highs: VecDeque<(usize, i32)> = VecDeque::with_capacity(WINDOW);
            let mut lows: VecDeque<(usize, i32)> = VecDeque::with_capacity(WINDOW);
            let mut ring = Ring::with_capacity(WINDOW);
            let (mut spread, mut outliers, mut evicted) = (0i64, 0u64, 0i64);
            for (i, &x) in signal.iter().enumerate() {
                while highs.back().is_some_and(|&(_, v)| v <= x) {
                    highs.pop_back();
                }
                highs.push_back((i, x));
                while lows.back().is_some_and(|&(_, v)| v >= x) {
                    lows.pop_back();
                }
                lows.push_back((i, x));
                if highs.front().is_some_and(|&(j, _)| j + WINDOW <= i) {
                    highs.pop_front();
                }
                if lows.front().is_some_and(|&(j, _)| j + WINDOW <= i) {
                    lows.pop_front();
                }
                if let Some(old) = ring.push(x) {
                    evicted += i64::from(old);
                }
                if i + 1 >= WINDOW {
                    let (hi, lo) = (highs[0].1, lows[0].1);
                    spread += i64::from(hi - lo);
                    if (f64::from(x) - ring.mean()).abs() > f64::from(hi - lo) * 0.4 {
                        outliers += 1;
                    }
                }
            }
            (spread as u64) ^ outliers << 40 ^ (evicted as u64).rotate_left(20) ^ SALT
        }

        /// A report by department, built with `format!`, `writeln!` and `push_str`.
        $(#[$h])?
        #[inline(never)]
        fn report_builder(inputs: &Inputs) -> u64 {
            let mut rows: Vec<&Row> = inputs.rows.iter().collect();
            rows.sort_by_key(|r| (r.dept, r.id));
            let mut out = String::with_capacity(rows.len() * 48);
            let mut current = None;
            let (mut dept_total, mut total) = (0u64, 0u64);
            for row in rows {
                if current != Some(row.dept) {
                    if current.is_some() {
                        writeln!(out, "  subtotal {}", Cents(dept_total)).unwrap();
                    }
                    current = Some(row.dept);
                    dept_total = 0;
                    out.push_str(&format!("\n## Department {}\n", row.dept));
                }
                dept_total += u64::from(row.salary);
                total += u64::from(row.salary);
                writeln!(
                    out,
                    "{:>10} | {:<16} | {}",
                    row.id,
                    row.name,
                    Cents(row.salary.into())
                )
                .unwrap();
            }
            out.push_str("\nTotal: ");
            out.push_str(&Cents(total).to_string());
            out.push('\n');
            fnv1a(FNV_OFFSET, out.as_bytes()) ^ (out.len() as u64) << 40 ^ SALT
        }

        /// Parses `v x y z` lines with `split_whitespace` and `parse::<f64>()?`: the centroid,
        /// the bounding box and the kinds of failures.
        $(#[$h])?
        #[inline(never)]
        fn parse_vertices(inputs: &Inputs) -> u64 {
            let (mut sum, mut lo, mut hi) = ([0.0f64; 3], [f64::MAX; 3], [f64::MIN; 3]);
            let (mut good, mut bad_float, mut bad_arity, mut other) = (0u64, 0u64, 0u64, 0u64);
            let mut first_error = None;
            for line in inputs.vertices.lines() {
                let Some(fields) = line.strip_prefix("v ") else {
                    other += 1;
                    continue;
                };
                match parse_vertex(fields) {
                    Ok(v) => {
                        good += 1;
                        for (axis, &c) in v.iter().enumerate() {
                            sum[axis] += c;
                            lo[axis] = lo[axis].min(c);
                            hi[axis] = hi[axis].max(c);
                        }
                    }
                    Err(LineError::Float(e)) => {
                        bad_float += 1;
                        first_error.get_or_insert(e);
                    }
                    Err(LineError::Arity(n)) => bad_arity += n as u64,
                }
            }
            let centroid = sum.map(|s| s / good.max(1) as f64);
            centroid
                .iter()
                .chain(&lo)
                .chain(&hi)
                .fold(0u64, |h, v| h.rotate_left(9) ^ v.to_bits())
                ^ good << 48
                ^ bad_float << 32
                ^ bad_arity << 16
                ^ other
                ^ first_error.map_or(0, |e| e.to_string().len() as u64) << 58
                ^ SALT
        }

        /// `fn total<S: Scorer>` over the items with three scorers, one generic over another.
        $(#[$h])?
        #[inline(never)]
        fn scorers(inputs: &Inputs) -> u64 {
            let by_color = ByColor {
                bonus: [5, 40, 0, 900],
            };
            let ratio = total(&ByRatio, &inputs.items);
            let color = total(&by_color, &inputs.items);
            let capped = total(
                &Capped {
                    inner: ByRatio,
                    cap: 20_000,
                },
                &inputs.items,
            );
            ratio ^ color.rotate_left(21) ^ capped.rotate_left(42) ^ SALT
        }

        /// Quasi-Monte Carlo with a custom `Iterator` (Halton, bases 2 and 3) consumed by
        /// `.filter().map().sum()`.
        $(#[$h])?
        #[inline(never)]
        fn halton(inputs: &Inputs) -> u64 {
            let n = inputs.halton_points;
            let inside: f64 = Halton::new(2)
                .zip(Halton::new(3))
                .take(n)
                .filter(|&(x, y)| x * x + y * y <= 1.0)
                .map(|(x, y)| x + y)
                .sum();
            let spread: f64 = Halton::new(5).take(n / 4).map(|v| (v - 0.5).abs()).sum();
            inside.to_bits() ^ spread.to_bits().rotate_left(32) ^ SALT
        }

        /// Two bitsets of `u64` words: popcounts of the intersection and union, the bits of
        /// the symmetric difference by `trailing_zeros`, membership probes.
        $(#[$h])?
        #[inline(never)]
        fn bitset_ops(inputs: &Inputs) -> u64 {
            let universe = inputs.universe;
            let mut a = BitSet::new(universe);
            let mut b = BitSet::new(universe);
            let distinct_a = inputs
                .members_a
                .iter()
                .filter(|&&m| a.insert(m as usize))
                .count() as u64;
            for &m in &inputs.members_b {
                b.insert(m as usize);
            }
            let (both, either) =
                a.words
                    .iter()
                    .zip(&b.words)
                    .fold((0u64, 0u64), |(n, u), (x, y)| {
                        (
                            n + u64::from((x & y).count_ones()),
                            u + u64::from((x | y).count_ones()),
                        )
                    });
            let diff = BitSet {
                words: a.words.iter().zip(&b.words).map(|(x, y)| x ^ y).collect(),
            };
            let index_sum: u64 = diff.iter().map(|i| i as u64).sum();
            let highest = diff
                .words
                .iter()
                .rposition(|&w| w != 0)
                .map_or(0, |i| i * 64 + 63 - diff.words[i].leading_zeros() as usize);
            let probes = inputs
                .values
                .iter()
                .filter(|&&v| a.contains(v as usize % universe))
                .count() as u64;
            index_sum
                ^ both << 44
                ^ either << 24
                ^ distinct_a << 4
                ^ (highest as u64) << 50
                ^ probes
                ^ SALT
        }

        /// A PackBits decoder into a preallocated `Vec`.
        $(#[$h])?
        #[inline(never)]
        fn packbits(inputs: &Inputs) -> u64 {
            let out = unpack_bits(&inputs.packed, inputs.unpacked_len);
            let sum: u64 = out.iter().map(|&b| u64::from(b)).sum();
            let sample = out
                .iter()
                .step_by(61)
                .fold(0u64, |h, &b| h.rotate_left(3) ^ u64::from(b));
            sum ^ sample << 20 ^ (out.len() as u64) << 44 ^ SALT
        }

        /// A `HashMap<String, usize>` word index with `entry().or_insert`, ranked by
        /// `sort_unstable_by(count desc, word asc)`.
        $(#[$h])?
        #[inline(never)]
        fn word_index(inputs: &Inputs) -> u64 {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for word in inputs
                .prose
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            }
            let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
            ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let top = ranked.iter().take(50).fold(FNV_OFFSET, |h, (word, count)| {
                fnv1a(h, word.as_bytes()) ^ *count as u64
            });
            top ^ (ranked.len() as u64) << 48 ^ SALT
        }

        /// 2D prefix sums over the grid, then rectangle-sum queries.
        $(#[$h])?
        #[inline(never)]
        fn prefix_2d(inputs: &Inputs) -> u64 {
            let side = inputs.grid_side;
            let p = prefix_sums(&inputs.grid, side);
            let mut digest = 0u64;
            let mut heaviest = 0u64;
            for &rect in &inputs.rects {
                let sum = rect_sum(&p, side, rect);
                let [x0, y0, x1, y1] = rect;
                let area = ((x1 - x0 + 1) * (y1 - y0 + 1)) as u64;
                heaviest = heaviest.max(sum * 16 / area);
                digest = digest.wrapping_add(sum).rotate_left(1);
            }
            digest ^ heaviest << 48 ^ SALT
        }

        /// Peaks, valleys and climbs with `windows(3)` slice patterns, total variation with
        /// `abs_diff`, the longest rise with `enumerate().skip(1)`.
        $(#[$h])?
        #[inline(never)]
        fn window_patterns(inputs: &Inputs) -> u64 {
            let s = &inputs.signal;
            let (mut peaks, mut valleys, mut climbs, mut flats) = (0u64, 0u64, 0u64, 0u64);
            for w in s.windows(3) {
                match *w {
                    [a, b, c] if b > a && b > c => peaks += 1,
                    [a, b, c] if b < a && b < c => valleys += 1,
                    [a, b, c] if a < b && b < c => climbs += 1,
                    [a, b, c] if a == b && b == c => flats += 1,
                    _ => {}
                }
            }
            let variation: u64 = s.windows(2).map(|w| u64::from(w[0].abs_diff(w[1]))).sum();
            let (mut longest, mut run_start) = (0usize, 0usize);
            for (i, &x) in s.iter().enumerate().skip(1) {
                if x <= s[i - 1] {
                    run_start = i;
                }
                longest = longest.max(i - run_start);
            }
            peaks
                ^ valleys << 16
                ^ climbs << 32
                ^ flats << 48
                ^ variation.rotate_left(8)
                ^ (longest as u64) << 56
                ^ SALT
        }

        /// Suffix maxima by `iter().rev().scan(..)`, the best single trade and running
        /// statistics by `fold` over tuples.
        $(#[$h])?
        #[inline(never)]
        fn stock_scan(inputs: &Inputs) -> u64 {
            let prices = &inputs.signal;
            let suffix_max: Vec<i32> = prices
                .iter()
                .rev()
                .scan(i32::MIN, |best, &p| {
                    *best = (*best).max(p);
                    Some(*best)
                })
                .collect();
            let (profit, buy_day) = prices.iter().zip(suffix_max.iter().rev()).enumerate().fold(
                (0i64, 0usize),
                |(best, day), (i, (&p, &m))| {
                    let gain = i64::from(m) - i64::from(p);
                    if gain > best { (gain, i) } else { (best, day) }
                },
            );
            let (lo, hi, sum, squares) =
                prices
                    .iter()
                    .fold((i32::MAX, i32::MIN, 0i64, 0i64), |(lo, hi, sum, sq), &p| {
                        (
                            lo.min(p),
                            hi.max(p),
                            sum + i64::from(p),
                            sq + i64::from(p) * i64::from(p),
                        )
                    });
            let n = prices.len() as f64;
            let variance = squares as f64 / n - (sum as f64 / n).powi(2);
            (profit as u64)
                ^ (buy_day as u64) << 24
                ^ (hi - lo) as u64
                ^ variance.to_bits().rotate_left(40)
                ^ SALT
        }

        /// Order totals through `Option` combinators per item: `filter`, `?`, `and_then`,
        /// `map_or`, `zip`, `as_deref`.
        $(#[$h])?
        #[inline(never)]
        fn option_chain(inputs: &Inputs) -> u64 {
            let (mut revenue, mut rejected, mut discounted, mut notes, mut mixed) =
                (0u64, 0u64, 0u64, 0u64, 0u64);
            for order in &inputs.orders {
                match line_total(order, &inputs.discounts) {
                    Some(t) => revenue += u64::from(t),
                    None => rejected += 1,
                }
                discounted += u64::from(discount_for(&inputs.discounts, order.code).is_some());
                notes += order.note.as_deref().map_or(0, str::len) as u64;
                mixed = mixed.wrapping_add(
                    order
                        .qty
                        .zip(order.code)
                        .map_or(7, |(q, c)| u64::from(q ^ c)),
                );
            }
            revenue ^ rejected << 40 ^ discounted << 20 ^ notes << 52 ^ mixed.rotate_left(30) ^ SALT
        }

        /// Closures in a `Vec<Box<dyn Fn(f64) -> f64>>`, applied in turn to every element.
        $(#[$h])?
        #[inline(never)]
        fn closure_pipeline(inputs: &Inputs) -> u64 {
            let stages = build_stages(&[1.5, 0.25, 12.0, 2.0, 0.9, -3.0, 25.0]);
            let (mut sum, mut max) = (0.0f64, f64::MIN);
            for &x in &inputs.xs {
                let y = stages.iter().fold(x, |acc, stage| stage(acc));
                sum += y;
                max = max.max(y);
            }
            sum.to_bits() ^ max.to_bits().rotate_left(32) ^ SALT
        }

        /// A CSV scanner: a `match` state machine over the bytes, with quotes and escapes.
        $(#[$h])?
        #[inline(never)]
        fn csv_states(inputs: &Inputs) -> u64 {
            let mut stats = CsvStats::default();
            let mut state = CsvState::FieldStart;
            for &b in inputs.csv.as_bytes() {
                state = match (state, b) {
                    (CsvState::FieldStart, b'"') => {
                        stats.quoted += 1;
                        CsvState::Quoted
                    }
                    (CsvState::FieldStart | CsvState::Unquoted, b',') => {
                        stats.end_field();
                        CsvState::FieldStart
                    }
                    (CsvState::FieldStart | CsvState::Unquoted, b'\n') => {
                        stats.end_field();
                        stats.rows += 1;
                        CsvState::FieldStart
                    }
                    (CsvState::FieldStart | CsvState::Unquoted, _) => {
                        stats.byte(b);
                        CsvState::Unquoted
                    }
                    (CsvState::Quoted, b'"') => CsvState::QuoteInQuoted,
                    (CsvState::Quoted, _) => {
                        stats.byte(b);
                        CsvState::Quoted
                    }
                    (CsvState::QuoteInQuoted, b'"') => {
                        stats.byte(b);
                        CsvState::Quoted
                    }
                    (CsvState::QuoteInQuoted, b',') => {
                        stats.end_field();
                        CsvState::FieldStart
                    }
                    (CsvState::QuoteInQuoted, b'\n') => {
                        stats.end_field();
                        stats.rows += 1;
                        CsvState::FieldStart
                    }
                    (CsvState::QuoteInQuoted, _) => {
                        stats.malformed += 1;
                        stats.byte(b);
                        CsvState::Unquoted
                    }
                };
            }
            if state != CsvState::FieldStart {
                stats.end_field();
            }
            stats.hash
                ^ stats.rows << 48
                ^ stats.fields << 24
                ^ stats.quoted << 8
                ^ stats.malformed << 40
                ^ stats.longest
                ^ SALT
        }

        /// Depth statistics with a `while let Some(..) = stack.pop()` work list, subtree sizes
        /// in reverse visiting order, and the tree's centroid.
        $(#[$h])?
        #[inline(never)]
        fn worklist_tree(inputs: &Inputs) -> u64 {
            let children = &inputs.children;
            let n = children.len();
            let mut stack = vec![(0usize, 0u32)];
            let mut order = Vec::with_capacity(n);
            let (mut depth_sum, mut deepest, mut leaves) = (0u64, 0u32, 0u64);
            while let Some((node, depth)) = stack.pop() {
                order.push(node);
                depth_sum += u64::from(depth);
                deepest = deepest.max(depth);
                if children[node].is_empty() {
                    leaves += 1;
                }
                stack.extend(children[node].iter().map(|&c| (c as usize, depth + 1)));
            }
            let mut size = vec![1u32; n];
            for &node in order.iter().rev() {
                for &c in &children[node] {
                    size[node] += size[c as usize];
                }
            }
            let centroid = (0..n)
                .min_by_key(|&v| {
                    let below = children[v]
                        .iter()
                        .map(|&c| size[c as usize])
                        .max()
                        .unwrap_or(0);
                    (below.max(n as u32 - size[v]), v)
                })
                .unwrap_or(0);
            depth_sum ^ u64::from(deepest) << 32 ^ leaves << 40 ^ (centroid as u64) << 20 ^ SALT
        }

        /// A tree of `Rc<RefCell<..>>` nodes with `Weak` parents: built, summed recursively,
        /// walked upwards from every node, changed through the shared handles, summed again.
        $(#[$h])?
        #[inline(never)]
        fn rc_tree(inputs: &Inputs) -> u64 {
            let n = inputs.rc_nodes;
            let nodes: Vec<Rc<RefCell<TreeNode>>> = (0..n)
                .map(|i| {
                    Rc::new(RefCell::new(TreeNode {
                        value: (i as i64 * 37) % 101 - 50,
                        parent: Weak::new(),
                        children: Vec::new(),
                    }))
                })
                .collect();
            for (i, node) in nodes.iter().enumerate().skip(1) {
                let parent = &nodes[inputs.parents[i] as usize];
                node.borrow_mut().parent = Rc::downgrade(parent);
                parent.borrow_mut().children.push(Rc::clone(node));
            }
            let before = subtree_sum(&nodes[0]);
            let mut depths = 0u64;
            for node in &nodes {
                let depth = depth_of(node);
                depths += u64::from(depth);
                if depth > 4 {
                    node.borrow_mut().value *= 2;
                }
            }
            let after = subtree_sum(&nodes[0]);
            let strong: usize = nodes.iter().map(Rc::strong_count).sum();
            (before as u64) ^ (after as u64).rotate_left(20) ^ depths << 40 ^ strong as u64 ^ SALT
        }

        /// Miller-Rabin over `u64` with `u128` products; sums the primes in a `u128`.
        $(#[$h])?
        #[inline(never)]
        fn miller_rabin(inputs: &Inputs) -> u64 {
            let mut primes = 0u64;
            let mut sum = 0u128;
            for &n in &inputs.candidates {
                if is_prime(n) {
                    primes += 1;
                    sum += u128::from(n);
                }
            }
            (sum as u64) ^ ((sum >> 64) as u64).rotate_left(32) ^ primes << 48 ^ SALT
        }

        /// Mixes two `i16` tracks with saturating arithmetic; peak by `checked_abs`, energy in a
        /// saturating `u32`, a wrapping `u8` checksum, jumps that overflow `checked_sub`.
        $(#[$h])?
        #[inline(never)]
        fn saturating_mix(inputs: &Inputs) -> u64 {
            let mixed: Vec<i16> = inputs
                .track_a
                .iter()
                .zip(&inputs.track_b)
                .map(|(&a, &b)| mix_sample(a, b, 300))
                .collect();
            let clipped = mixed
                .iter()
                .filter(|&&s| s == i16::MAX || s == i16::MIN)
                .count() as u64;
            let peak = mixed
                .iter()
                .map(|&s| s.checked_abs().unwrap_or(i16::MAX))
                .max()
                .unwrap_or(0);
            let energy = mixed.iter().fold(0u32, |acc, &s| {
                acc.saturating_add(u32::from(s.unsigned_abs()) >> 4)
            });
            let (mut s1, mut s2) = (0u8, 0u8);
            for &s in &mixed {
                s1 = s1.wrapping_add(s as u8);
                s2 = s2.wrapping_add(s1);
            }
            let jumps = mixed
                .windows(2)
                .filter(|w| w[1].checked_sub(w[0]).is_none())
                .count() as u64;
            clipped
                ^ (peak as u64) << 16
                ^ u64::from(energy) << 32
                ^ u64::from(s1) << 24
                ^ u64::from(s2) << 56
                ^ jumps << 40
                ^ SALT
        }

        /// Three slices zipped into a smoothstep blend by `mul_add`, a Taylor polynomial by
        /// Horner's rule, `step_by` subsampling.
        $(#[$h])?
        #[inline(never)]
        fn blend(inputs: &Inputs) -> u64 {
            const EXP: [f64; 8] = [
                1.0,
                1.0,
                1.0 / 2.0,
                1.0 / 6.0,
                1.0 / 24.0,
                1.0 / 120.0,
                1.0 / 720.0,
                1.0 / 5040.0,
            ];
            let mut blended = Vec::with_capacity(inputs.xs.len());
            for ((&a, &b), &t) in inputs.xs.iter().zip(&inputs.ys).zip(&inputs.ts) {
                blended.push((b - a).mul_add(smoothstep(t), a));
            }
            let curve: f64 = blended.iter().map(|&v| horner(&EXP, v * 0.1)).sum();
            let coarse: f64 = blended
                .iter()
                .step_by(3)
                .zip(blended.iter().skip(1).step_by(3))
                .map(|(p, q)| (p - q).abs())
                .sum();
            let length: f64 = blended
                .iter()
                .step_by(4)
                .zip(inputs.ts.iter().step_by(4))
                .map(|(v, t)| v.hypot(*t))
                .sum();
            curve.to_bits()
                ^ coarse.to_bits().rotate_left(21)
                ^ length.to_bits().rotate_left(42)
                ^ SALT
        }

        /// Decodes 16-byte records with `chunks_exact` and `from_le_bytes`.
        $(#[$h])?
        #[inline(never)]
        fn packet_decode(inputs: &Inputs) -> u64 {
            let chunks = inputs.packets.chunks_exact(Packet::SIZE);
            let trailing = chunks.remainder().len() as u64;
            let mut per_kind = [0f64; 8];
            let (mut position, mut urgent, mut ids) = (0i64, 0u64, 0u64);
            for packet in chunks.map(Packet::decode) {
                per_kind[usize::from(packet.kind) % 8] += f64::from(packet.value);
                if packet.flags & 0x8000 != 0 {
                    urgent += 1;
                }
                if packet.flags & 1 == 0 {
                    position += i64::from(packet.delta);
                } else {
                    position -= i64::from(packet.delta);
                }
                ids = ids.wrapping_add(u64::from(packet.id)).rotate_left(3);
            }
            per_kind
                .iter()
                .fold(ids, |h, v| h.rotate_left(8) ^ v.to_bits())
                ^ (position as u64) << 20
                ^ urgent << 44
                ^ trailing << 60
                ^ SALT
        }

        /// Counts the N-queens solutions by recursive backtracking in a nested fn.
        $(#[$h])?
        #[inline(never)]
        fn queens(inputs: &Inputs) -> u64 {
            $(#[$h])?
            fn place(row: usize, n: usize, columns: &mut Vec<usize>, found: &mut (u64, u64)) {
                if row == n {
                    found.0 += 1;
                    found.1 = columns
                        .iter()
                        .fold(found.1, |h, &c| h.wrapping_mul(31).wrapping_add(c as u64));
                    return;
                }
                for col in 0..n {
                    let safe = columns
                        .iter()
                        .enumerate()
                        .all(|(r, &c)| c != col && row - r != col.abs_diff(c));
                    if safe {
                        columns.push(col);
                        place(row + 1, n, columns, found);
                        columns.pop();
                    }
                }
            }

            let n = inputs.queens;
            let mut found = (0, 0);
            place(0, n, &mut Vec::with_capacity(n), &mut found);
            found.0 << 48 ^ found.1 ^ SALT
        }

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = kernel_list![
            crc32_blocks,
            record_hashes,
            monte_carlo_pi,
            ini_tokens,
            utf8_census,
            bytecode_vm,
            shortest_paths,
            union_find,
            kmeans,
            merge_sorts,
            quicksort_ord,
            leaderboards,
            blocked_matmul,
            sliding_window,
            report_builder,
            parse_vertices,
            scorers,
            halton,
            bitset_ops,
            packbits,
            word_index,
            prefix_2d,
            window_patterns,
            stock_scan,
            option_chain,
            closure_pipeline,
            csv_states,
            worklist_tree,
            rc_tree,
            miller_rabin,
            saturating_mix,
            blend,
            packet_decode,
            queens,
        ];
    };
}

pub mod plain {
    use super::*;
    suite!(0xF4E51);
}

pub mod twin {
    use super::*;
    suite!(0xF4E52);
}

pub mod haltable {
    use super::*;
    suite!(0xF4E53, #[threadmgr::haltable]);
}
