//! "Wild" kernels: ordinary Rust, written the way people write it, to measure what
//! `#[haltable]` costs on code that was not written (or tuned) for it.
//!
//! The kernels and their helpers are written once, in the body of [`suite!`], and emitted three
//! times, in three modules that each export `KERNELS`, the list of `(name, fn(&Inputs) -> u64)`:
//! - `plain`: as written;
//! - `twin`: as written, a second time: the A/A control, identical code at another address;
//! - `haltable`: every fn (kernels, helper fns, methods, trait impls) carries its own
//!   `#[threadmgr::haltable]`, as a user who annotates each fn would write it. The attribute is
//!   the `$(#[$h])?` in front of each fn of the body; it is empty in `plain` and `twin`.
//!
//! Kernels are `#[inline(never)]` so that each copy is measured as a whole; helpers carry the
//! attributes their author would give them (mostly none).
//!
//! As in `kernels.rs`, each copy mixes a distinct non-zero `SALT` into the result of every
//! kernel by one `xor`, so that LLVM's function merging cannot fold the copies into one; the
//! runner undoes it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::num::ParseIntError;

/// Everything the kernels read; built once, deterministically, and passed through
/// `black_box`.
pub struct Inputs {
    /// Pseudo-random `u32`s over the whole range.
    pub numbers: Vec<u32>,
    /// `numbers`, sorted.
    pub sorted: Vec<u32>,
    /// Pseudo-random `i32`s in -1000..1000.
    pub signed: Vec<i32>,
    /// Pseudo-random `u16`s.
    pub shorts: Vec<u16>,
    /// Two vectors of floats in 0..100.
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// Short arrays for the quadratic sorts.
    pub insertion: Vec<u32>,
    pub bubble: Vec<u32>,
    /// Words, mixed case, some punctuation and numbers.
    pub text: String,
    /// Numbers separated by commas, some of them not numbers.
    pub csv: String,
    /// Bytes with runs (for the checksum, encoder and run lengths).
    pub bytes: Vec<u8>,
    /// A graph as adjacency lists.
    pub graph: Vec<Vec<usize>>,
    /// The argument of the naive `fib`.
    pub fib: u32,
    /// Arithmetic expressions, one per line.
    pub expressions: String,
    /// `(kind, a, b)` of the shapes to build.
    pub shapes: Vec<(u8, f64, f64)>,
    /// Pairs of words for Levenshtein.
    pub word_pairs: Vec<(String, String)>,
    /// Glob patterns and the paths to match them against.
    pub patterns: Vec<String>,
    pub paths: Vec<String>,
    /// Sieve limit.
    pub sieve_limit: usize,
    /// Query points (binary search, prefix-sum ranges, `BTreeMap` ranges).
    pub queries: Vec<u32>,
    /// Two square matrices.
    pub left: Vec<Vec<f64>>,
    pub right: Vec<Vec<f64>>,
    /// Particle start states `(x, y, vx, vy, mass)` and the steps to simulate.
    pub particles: Vec<[f64; 5]>,
    pub particle_steps: usize,
    /// `name:age:score[:admin]` records, one per line, some malformed.
    pub records: String,
    /// Collatz runs from 1 to this.
    pub collatz: u64,
    /// Code-like source text for the tokenizer.
    pub source: String,
    /// A grid of cells (0 or 1), `grid_width` wide.
    pub grid: Vec<u8>,
    pub grid_width: usize,
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let count = 16 * 1024 / scale;
        let vocabulary = [
            "Halt",
            "the",
            "job",
            "at",
            "its",
            "next",
            "CHECKPOINT",
            "and",
            "unwind",
            "cheaply",
            "every",
            "Destructor",
            "runs",
            "lock",
            "guard",
            "is",
            "released",
            "a",
            "thread",
            "sleeps",
            "waits",
            "pool",
            "Rayon",
            "bounded",
            "queue",
            "token",
            "42",
            "1999",
            "x86_64",
            "don't",
            "well,",
            "end.",
        ];
        let mut text = String::new();
        while text.len() < count {
            text.push_str(vocabulary[(next() % vocabulary.len() as u64) as usize]);
            text.push(if next() % 11 == 0 { '\n' } else { ' ' });
        }
        let mut csv = String::new();
        for i in 0..count / 8 {
            if i > 0 {
                csv.push_str(if next() % 3 == 0 { ", " } else { "," });
            }
            match next() % 10 {
                0 => csv.push_str("n/a"),
                1 => csv.push_str("-7"),
                _ => csv.push_str(&(next() % 100_000).to_string()),
            }
        }
        let mut bytes = Vec::new();
        while bytes.len() < 2 * count {
            let byte = b"aaabbcdeeeffffgh  \n"[(next() % 19) as usize];
            let run = 1 + next() % 6;
            bytes.extend(std::iter::repeat_n(byte, run as usize));
        }
        bytes.truncate(2 * count);
        let nodes = 4096 / scale;
        let graph = (0..nodes)
            .map(|i| {
                let mut edges = vec![(i + 1) % nodes];
                for _ in 0..3 {
                    edges.push((next() % nodes as u64) as usize);
                }
                edges
            })
            .collect();
        let mut expressions = String::new();
        for _ in 0..400 / scale {
            let mut expression = String::new();
            gen_expression(&mut next, 3, &mut expression);
            expressions.push_str(&expression);
            expressions.push('\n');
        }
        let word = |next: &mut dyn FnMut() -> u64| {
            (0..12 + next() % 16)
                .map(|_| char::from(b'a' + (next() % 6) as u8))
                .collect::<String>()
        };
        let word_pairs = (0..80 / scale)
            .map(|_| (word(&mut next), word(&mut next)))
            .collect();
        let patterns = [
            "*.rs",
            "src/*/mod.rs",
            "src/[a-m]*.rs",
            "*test?.rs",
            "benches/*",
            "*/support/*.rs",
            "README.??",
            "*a*b*c*",
        ]
        .map(String::from)
        .to_vec();
        let dirs = ["src", "benches", "tests", "src/manager", "benches/support"];
        let stems = [
            "mod", "lib", "job", "token", "halt", "test1", "tests", "wild", "abc", "kernels",
        ];
        let exts = ["rs", "md", "toml", "txt"];
        let paths = (0..24 / scale.min(8))
            .map(|_| {
                format!(
                    "{}/{}.{}",
                    dirs[(next() % 5) as usize],
                    stems[(next() % 10) as usize],
                    exts[(next() % 4) as usize]
                )
            })
            .collect();
        let matrix = 40 / scale.min(4);
        let mut square = |divisor: f64| -> Vec<Vec<f64>> {
            (0..matrix)
                .map(|_| {
                    (0..matrix)
                        .map(|_| (next() % 1000) as f64 / divisor)
                        .collect()
                })
                .collect()
        };
        let left = square(7.0);
        let right = square(3.0);
        let particles = (0..1000 / scale)
            .map(|_| {
                let mut f = || (next() % 10_000) as f64 / 100.0;
                [f(), f(), f() - 50.0, f() - 50.0, 1.0 + f() / 10.0]
            })
            .collect();
        let names = ["alice", "bob", "carol", "dave", "eve", "mallory"];
        let mut records = String::new();
        for _ in 0..2000 / scale {
            let name = names[(next() % 6) as usize];
            let line = match next() % 20 {
                0 => String::new(),
                1 => format!("{name}:old:1.5"),
                2 => name.to_string(),
                3 => format!("{name}:30:high"),
                _ => format!(
                    "{name}:{}:{}.{}{}",
                    next() % 90,
                    next() % 100,
                    next() % 10,
                    if next() % 4 == 0 { ":admin" } else { "" }
                ),
            };
            records.push_str(&line);
            records.push('\n');
        }
        let statements = [
            "let total_1 = count + 42;",
            "x = y * 3 - z / 7; // scale it",
            "if a >= 10 { call(\"done\", b); }",
            "name = \"hello world\" + suffix;",
            "// a comment line with words",
            "while i < 1000 { i = i + step_2; }",
        ];
        let mut source = String::new();
        while source.len() < count {
            source.push_str(statements[(next() % 6) as usize]);
            source.push('\n');
        }
        let grid_width = 64 / scale.min(8);
        let grid = (0..grid_width * grid_width)
            .map(|_| u8::from(next() % 3 == 0))
            .collect();
        let numbers: Vec<u32> = (0..count).map(|_| next() as u32).collect();
        let mut sorted = numbers.clone();
        sorted.sort_unstable();
        Inputs {
            sorted,
            signed: (0..count).map(|_| (next() % 2000) as i32 - 1000).collect(),
            shorts: (0..count).map(|_| next() as u16).collect(),
            xs: (0..count)
                .map(|_| (next() % 10_000) as f64 / 100.0)
                .collect(),
            ys: (0..count)
                .map(|_| (next() % 10_000) as f64 / 100.0)
                .collect(),
            insertion: (0..500 / scale).map(|_| next() as u32).collect(),
            bubble: (0..250 / scale).map(|_| next() as u32).collect(),
            text,
            csv,
            bytes,
            graph,
            fib: if scale == 1 { 21 } else { 12 },
            expressions,
            shapes: (0..2000 / scale)
                .map(|_| {
                    let kind = (next() % 3) as u8;
                    let a = 1.0 + (next() % 100) as f64 / 10.0;
                    let b = 1.0 + (next() % 100) as f64 / 10.0;
                    (kind, a, b)
                })
                .collect(),
            word_pairs,
            patterns,
            paths,
            sieve_limit: 100_000 / scale,
            queries: (0..count / 8).map(|_| next() as u32).collect(),
            numbers,
            left,
            right,
            particles,
            particle_steps: 20,
            records,
            collatz: (2_000 / scale) as u64,
            source,
            grid,
            grid_width,
        }
    }
}

/// Appends a random arithmetic expression of at most `depth` levels of nesting.
fn gen_expression(next: &mut dyn FnMut() -> u64, depth: u32, out: &mut String) {
    let terms = 1 + next() % 4;
    for i in 0..terms {
        if i > 0 {
            out.push_str([" + ", " - ", " * ", " / "][(next() % 4) as usize]);
        }
        if depth > 0 && next().is_multiple_of(3) {
            out.push('(');
            gen_expression(next, depth - 1, out);
            out.push(')');
        } else {
            out.push_str(&(next() % 100).to_string());
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

        // ---------------------------------------------------------------- helpers

        $(#[$h])?
        fn fx_hash(hash: u64, word: u64) -> u64 {
            (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
        }

        $(#[$h])?
        fn clamp_add(value: u8, delta: i16) -> u8 {
            (i16::from(value) + delta).clamp(0, 255) as u8
        }

        $(#[$h])?
        fn min3(a: usize, b: usize, c: usize) -> usize {
            a.min(b).min(c)
        }

        $(#[$h])?
        fn sum_all<T: Copy + Into<u64>>(xs: &[T]) -> u64 {
            xs.iter().map(|&x| x.into()).sum()
        }

        $(#[$h])?
        fn largest<T: PartialOrd + Copy>(xs: &[T]) -> Option<T> {
            let mut iter = xs.iter().copied();
            let mut best = iter.next()?;
            for x in iter {
                if x > best {
                    best = x;
                }
            }
            Some(best)
        }

        $(#[$h])?
        fn fib_rec(n: u32) -> u64 {
            if n < 2 {
                u64::from(n)
            } else {
                fib_rec(n - 1) + fib_rec(n - 2)
            }
        }

        $(#[$h])?
        fn gcd(mut a: u32, mut b: u32) -> u32 {
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        }

        $(#[$h])?
        fn adler32(data: &[u8]) -> u32 {
            const MOD: u32 = 65521;
            let (mut a, mut b) = (1u32, 0u32);
            for &byte in data {
                a = (a + u32::from(byte)) % MOD;
                b = (b + a) % MOD;
            }
            (b << 16) | a
        }

        const BASE64: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        $(#[$h])?
        fn base64_encode(data: &[u8]) -> String {
            let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
            for chunk in data.chunks(3) {
                let b0 = chunk[0];
                let b1 = chunk.get(1).copied().unwrap_or(0);
                let b2 = chunk.get(2).copied().unwrap_or(0);
                let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
                out.push(char::from(BASE64[(n >> 18) as usize & 63]));
                out.push(char::from(BASE64[(n >> 12) as usize & 63]));
                if chunk.len() > 1 {
                    out.push(char::from(BASE64[(n >> 6) as usize & 63]));
                } else {
                    out.push('=');
                }
                if chunk.len() > 2 {
                    out.push(char::from(BASE64[n as usize & 63]));
                } else {
                    out.push('=');
                }
            }
            out
        }

        $(#[$h])?
        fn run_length(data: &[u8]) -> Vec<(u8, usize)> {
            let mut runs = Vec::new();
            let mut iter = data.iter().copied();
            let Some(mut current) = iter.next() else {
                return runs;
            };
            let mut count = 1;
            for byte in iter {
                if byte == current {
                    count += 1;
                } else {
                    runs.push((current, count));
                    current = byte;
                    count = 1;
                }
            }
            runs.push((current, count));
            runs
        }

        $(#[$h])?
        fn lower_bound(sorted: &[u32], target: u32) -> usize {
            let (mut lo, mut hi) = (0, sorted.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if sorted[mid] < target {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        }

        $(#[$h])?
        fn levenshtein(a: &str, b: &str) -> usize {
            let b: Vec<char> = b.chars().collect();
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            let mut cur = vec![0; b.len() + 1];
            for (i, ca) in a.chars().enumerate() {
                cur[0] = i + 1;
                for (j, &cb) in b.iter().enumerate() {
                    cur[j + 1] = min3(prev[j + 1] + 1, cur[j] + 1, prev[j] + usize::from(ca != cb));
                }
                std::mem::swap(&mut prev, &mut cur);
            }
            prev[b.len()]
        }

        // Trees of boxes.

        struct Node {
            key: u32,
            left: Option<Box<Node>>,
            right: Option<Box<Node>>,
        }

        $(#[$h])?
        fn tree_insert(node: &mut Option<Box<Node>>, key: u32) {
            match node {
                None => {
                    *node = Some(Box::new(Node {
                        key,
                        left: None,
                        right: None,
                    }))
                }
                Some(n) => {
                    if key < n.key {
                        tree_insert(&mut n.left, key)
                    } else {
                        tree_insert(&mut n.right, key)
                    }
                }
            }
        }

        $(#[$h])?
        fn tree_sum(node: &Option<Box<Node>>) -> u64 {
            match node {
                None => 0,
                Some(n) => u64::from(n.key) + tree_sum(&n.left) + tree_sum(&n.right),
            }
        }

        $(#[$h])?
        fn tree_depth(node: &Option<Box<Node>>) -> usize {
            node.as_ref()
                .map_or(0, |n| 1 + tree_depth(&n.left).max(tree_depth(&n.right)))
        }

        // A recursive descent parser of arithmetic.

        struct Parser<'a> {
            bytes: &'a [u8],
            pos: usize,
        }

        impl<'a> Parser<'a> {
            $(#[$h])?
            fn new(text: &'a str) -> Self {
                Parser {
                    bytes: text.as_bytes(),
                    pos: 0,
                }
            }

            $(#[$h])?
            fn peek(&mut self) -> Option<u8> {
                while self.bytes.get(self.pos) == Some(&b' ') {
                    self.pos += 1;
                }
                self.bytes.get(self.pos).copied()
            }

            $(#[$h])?
            fn expr(&mut self) -> Option<i64> {
                let mut value = self.term()?;
                while let Some(op @ (b'+' | b'-')) = self.peek() {
                    self.pos += 1;
                    let rhs = self.term()?;
                    value = if op == b'+' {
                        value.wrapping_add(rhs)
                    } else {
                        value.wrapping_sub(rhs)
                    };
                }
                Some(value)
            }

            $(#[$h])?
            fn term(&mut self) -> Option<i64> {
                let mut value = self.factor()?;
                while let Some(op @ (b'*' | b'/')) = self.peek() {
                    self.pos += 1;
                    let rhs = self.factor()?;
                    value = if op == b'*' {
                        value.wrapping_mul(rhs)
                    } else {
                        value.checked_div(rhs)?
                    };
                }
                Some(value)
            }

            $(#[$h])?
            fn factor(&mut self) -> Option<i64> {
                match self.peek()? {
                    b'(' => {
                        self.pos += 1;
                        let value = self.expr()?;
                        if self.peek()? != b')' {
                            return None;
                        }
                        self.pos += 1;
                        Some(value)
                    }
                    b'-' => {
                        self.pos += 1;
                        Some(self.factor()?.wrapping_neg())
                    }
                    b'0'..=b'9' => {
                        let start = self.pos;
                        while matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
                            self.pos += 1;
                        }
                        std::str::from_utf8(&self.bytes[start..self.pos])
                            .ok()?
                            .parse()
                            .ok()
                    }
                    _ => None,
                }
            }
        }

        $(#[$h])?
        fn evaluate(line: &str) -> Option<i64> {
            let mut parser = Parser::new(line);
            let value = parser.expr()?;
            if parser.peek().is_some() {
                return None;
            }
            Some(value)
        }

        // Shapes behind trait objects.

        trait Shape {
            fn area(&self) -> f64;
            fn perimeter(&self) -> f64;
        }

        struct Circle {
            radius: f64,
        }

        struct Rect {
            width: f64,
            height: f64,
        }

        struct Triangle {
            a: f64,
            b: f64,
            c: f64,
        }

        impl Shape for Circle {
            $(#[$h])?
            fn area(&self) -> f64 {
                std::f64::consts::PI * self.radius * self.radius
            }

            $(#[$h])?
            fn perimeter(&self) -> f64 {
                2.0 * std::f64::consts::PI * self.radius
            }
        }

        impl Shape for Rect {
            $(#[$h])?
            fn area(&self) -> f64 {
                self.width * self.height
            }

            $(#[$h])?
            fn perimeter(&self) -> f64 {
                2.0 * (self.width + self.height)
            }
        }

        impl Shape for Triangle {
            $(#[$h])?
            fn area(&self) -> f64 {
                let s = self.perimeter() / 2.0;
                (s * (s - self.a) * (s - self.b) * (s - self.c)).max(0.0).sqrt()
            }

            $(#[$h])?
            fn perimeter(&self) -> f64 {
                self.a + self.b + self.c
            }
        }

        $(#[$h])?
        fn make_shape(kind: u8, a: f64, b: f64) -> Box<dyn Shape> {
            match kind {
                0 => Box::new(Circle { radius: a }),
                1 => Box::new(Rect {
                    width: a,
                    height: b,
                }),
                _ => Box::new(Triangle {
                    a,
                    b,
                    c: (a + b) * 0.75,
                }),
            }
        }

        // A glob matcher, run as a set of states.

        #[derive(Clone, Copy, PartialEq)]
        enum Tok {
            Lit(u8),
            Any,
            Star,
            Range(u8, u8),
        }

        $(#[$h])?
        fn compile_glob(pattern: &str) -> Vec<Tok> {
            let bytes = pattern.as_bytes();
            let mut toks = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                let tok = match bytes[i] {
                    b'*' => Tok::Star,
                    b'?' => Tok::Any,
                    b'[' if i + 4 < bytes.len() && bytes[i + 2] == b'-' && bytes[i + 4] == b']' => {
                        let range = Tok::Range(bytes[i + 1], bytes[i + 3]);
                        i += 4;
                        range
                    }
                    c => Tok::Lit(c),
                };
                toks.push(tok);
                i += 1;
            }
            toks
        }

        $(#[$h])?
        fn accepts(tok: Tok, c: u8) -> bool {
            match tok {
                Tok::Lit(l) => l == c,
                Tok::Any | Tok::Star => true,
                Tok::Range(lo, hi) => (lo..=hi).contains(&c),
            }
        }

        $(#[$h])?
        fn add_state(toks: &[Tok], set: &mut [bool], mut state: usize) {
            loop {
                if set[state] {
                    return;
                }
                set[state] = true;
                match toks.get(state) {
                    Some(Tok::Star) => state += 1,
                    _ => return,
                }
            }
        }

        $(#[$h])?
        fn glob_matches(toks: &[Tok], name: &[u8]) -> bool {
            let mut current = vec![false; toks.len() + 1];
            let mut next = vec![false; toks.len() + 1];
            add_state(toks, &mut current, 0);
            for &c in name {
                next.fill(false);
                for (state, &tok) in toks.iter().enumerate() {
                    if current[state] && accepts(tok, c) {
                        let target = if tok == Tok::Star { state } else { state + 1 };
                        add_state(toks, &mut next, target);
                    }
                }
                std::mem::swap(&mut current, &mut next);
            }
            current[toks.len()]
        }

        // Particles with methods.

        #[derive(Clone, Copy)]
        struct Particle {
            pos: [f64; 2],
            vel: [f64; 2],
            mass: f64,
        }

        impl Particle {
            $(#[$h])?
            fn from_state(s: &[f64; 5]) -> Particle {
                Particle {
                    pos: [s[0], s[1]],
                    vel: [s[2], s[3]],
                    mass: s[4],
                }
            }

            $(#[$h])?
            fn update(&mut self, dt: f64) {
                const GRAVITY: f64 = -9.81;
                const DRAG: f64 = 0.02;
                self.vel[1] += GRAVITY * dt;
                for axis in 0..2 {
                    self.vel[axis] -= self.vel[axis] * DRAG * dt / self.mass;
                    self.pos[axis] += self.vel[axis] * dt;
                    if self.pos[axis] < 0.0 {
                        self.pos[axis] = -self.pos[axis];
                        self.vel[axis] = self.vel[axis].abs() * 0.9;
                    } else if self.pos[axis] > 100.0 {
                        self.pos[axis] = 200.0 - self.pos[axis];
                        self.vel[axis] = -self.vel[axis].abs() * 0.9;
                    }
                }
            }

            $(#[$h])?
            fn kinetic_energy(&self) -> f64 {
                0.5 * self.mass * (self.vel[0].powi(2) + self.vel[1].powi(2))
            }
        }

        // Records parsed with `?`.

        enum RecordError {
            Empty,
            Missing(&'static str),
            BadNumber(ParseIntError),
            BadFloat,
        }

        impl From<ParseIntError> for RecordError {
            $(#[$h])?
            fn from(e: ParseIntError) -> Self {
                RecordError::BadNumber(e)
            }
        }

        struct Record<'a> {
            name: &'a str,
            age: u32,
            score: f64,
            admin: bool,
        }

        $(#[$h])?
        fn parse_record(line: &str) -> Result<Record<'_>, RecordError> {
            let line = line.trim();
            if line.is_empty() {
                return Err(RecordError::Empty);
            }
            let mut fields = line.split(':');
            let name = fields.next().ok_or(RecordError::Missing("name"))?;
            let age = fields.next().ok_or(RecordError::Missing("age"))?.parse::<u32>()?;
            let score = fields
                .next()
                .ok_or(RecordError::Missing("score"))?
                .parse::<f64>()
                .map_err(|_| RecordError::BadFloat)?;
            let admin = fields.next().is_some_and(|f| f == "admin");
            Ok(Record {
                name,
                age,
                score,
                admin,
            })
        }

        // A tokenizer as a state machine.

        #[derive(Clone, Copy, PartialEq, Eq)]
        enum Lex {
            Start,
            Ident,
            Number,
            Op,
            Str,
            Slash,
            Comment,
        }

        // ---------------------------------------------------------------- kernels

        /// An iterator chain with `From` and fn paths: `.map(f64::from).map(f64::sqrt)`.
        $(#[$h])?
        #[inline(never)]
        fn sqrt_chain(inputs: &Inputs) -> u64 {
            let total: f64 = inputs
                .numbers
                .iter()
                .copied()
                .map(f64::from)
                .map(f64::sqrt)
                .sum();
            total.to_bits() ^ SALT
        }

        /// Widening conversions: `i64::from`, `.into()`, `u64::try_from`.
        $(#[$h])?
        #[inline(never)]
        fn widen_convert(inputs: &Inputs) -> u64 {
            let signed: i64 = inputs.signed.iter().copied().map(i64::from).map(i64::abs).sum();
            let wide: Vec<u64> = inputs.shorts.iter().map(|&s| s.into()).collect();
            let positive = inputs
                .signed
                .iter()
                .filter_map(|&s| u64::try_from(s).ok())
                .fold(0u64, u64::wrapping_add);
            (signed as u64) ^ wide.iter().sum::<u64>().rotate_left(20) ^ positive.rotate_left(40) ^ SALT
        }

        /// A dot product: `a.iter().zip(b).map(..).sum()`, as a cosine similarity.
        $(#[$h])?
        #[inline(never)]
        fn dot_product(inputs: &Inputs) -> u64 {
            let dot: f64 = inputs.xs.iter().zip(&inputs.ys).map(|(x, y)| x * y).sum();
            let norm_x: f64 = inputs.xs.iter().map(|x| x * x).sum::<f64>().sqrt();
            let norm_y: f64 = inputs.ys.iter().map(|y| y * y).sum::<f64>().sqrt();
            let cosine = dot / (norm_x * norm_y);
            dot.to_bits() ^ cosine.to_bits().rotate_left(32) ^ SALT
        }

        /// Float methods: `sqrt`, `powi`, `mul_add`, `abs`, `min`, `max`.
        $(#[$h])?
        #[inline(never)]
        fn float_methods(inputs: &Inputs) -> u64 {
            let norm = inputs.xs.iter().map(|x| x.powi(2)).sum::<f64>().sqrt();
            let mut lo = f64::INFINITY;
            let mut hi = f64::NEG_INFINITY;
            let mut acc = 0.0;
            for (&x, &y) in inputs.xs.iter().zip(&inputs.ys) {
                let v = (x / norm).mul_add(300.0, -y.sqrt()).abs();
                lo = lo.min(v);
                hi = hi.max(v);
                acc += v.min(5.0).max(0.5);
            }
            acc.to_bits() ^ lo.to_bits().rotate_left(21) ^ hi.to_bits().rotate_left(42) ^ SALT
        }

        /// Insertion sort by `slice.swap`.
        $(#[$h])?
        #[inline(never)]
        fn insertion_sort(inputs: &Inputs) -> u64 {
            let mut v = inputs.insertion.clone();
            for i in 1..v.len() {
                let mut j = i;
                while j > 0 && v[j - 1] > v[j] {
                    v.swap(j - 1, j);
                    j -= 1;
                }
            }
            v.iter()
                .enumerate()
                .fold(0u64, |h, (i, &x)| fx_hash(h, u64::from(x) ^ i as u64))
                ^ SALT
        }

        /// Bubble sort with an early exit.
        $(#[$h])?
        #[inline(never)]
        fn bubble_sort(inputs: &Inputs) -> u64 {
            let mut v = inputs.bubble.clone();
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
            v.iter()
                .enumerate()
                .fold(0u64, |h, (i, &x)| fx_hash(h, u64::from(x) ^ i as u64))
                ^ SALT
        }

        /// A bounds-checked indexing loop: a three-point stencil, twice.
        $(#[$h])?
        #[inline(never)]
        fn stencil(inputs: &Inputs) -> u64 {
            let v = &inputs.signed;
            let n = v.len();
            let mut out = vec![0i64; n];
            for i in 1..n - 1 {
                out[i] = (i64::from(v[i - 1]) + 2 * i64::from(v[i]) + i64::from(v[i + 1])) / 4;
            }
            let mut smooth = vec![0i64; n];
            for i in 1..n - 1 {
                smooth[i] = (out[i - 1] + 2 * out[i] + out[i + 1]) / 4;
            }
            smooth.iter().fold(0u64, |h, &x| fx_hash(h, x as u64)) ^ SALT
        }

        /// Game of life on a torus: `grid[y * w + x]` indexing.
        $(#[$h])?
        #[inline(never)]
        fn life(inputs: &Inputs) -> u64 {
            let w = inputs.grid_width;
            let mut grid = inputs.grid.clone();
            let mut next = vec![0u8; grid.len()];
            for _ in 0..2 {
                for y in 0..w {
                    for x in 0..w {
                        let mut neighbours = 0;
                        for dy in [w - 1, 0, 1] {
                            for dx in [w - 1, 0, 1] {
                                if dx == 0 && dy == 0 {
                                    continue;
                                }
                                neighbours += grid[(y + dy) % w * w + (x + dx) % w];
                            }
                        }
                        let alive = grid[y * w + x] == 1;
                        next[y * w + x] = u8::from(neighbours == 3 || (alive && neighbours == 2));
                    }
                }
                std::mem::swap(&mut grid, &mut next);
            }
            grid.iter().enumerate().filter(|&(_, &c)| c == 1).map(|(i, _)| i as u64).sum::<u64>() ^ SALT
        }

        /// Strings: `split_whitespace`, `to_lowercase`, `chars`.
        $(#[$h])?
        #[inline(never)]
        fn word_stats(inputs: &Inputs) -> u64 {
            let mut words = 0u64;
            let mut vowels = 0u64;
            let mut alphabetic = 0u64;
            let mut longest = 0usize;
            for word in inputs.text.split_whitespace() {
                let lower = word.to_lowercase();
                words += 1;
                vowels += lower.chars().filter(|c| "aeiou".contains(*c)).count() as u64;
                if lower.chars().all(char::is_alphabetic) {
                    alphabetic += 1;
                }
                longest = longest.max(lower.chars().count());
            }
            (words << 40 | vowels << 20 | alphabetic) ^ (longest as u64) << 56 ^ SALT
        }

        /// Parsing numbers: `split(',')`, `trim`, `parse::<u32>()`.
        $(#[$h])?
        #[inline(never)]
        fn parse_numbers(inputs: &Inputs) -> u64 {
            let mut bad = 0u64;
            let mut sum = 0u64;
            for field in inputs.csv.split(',') {
                match field.trim().parse::<u32>() {
                    Ok(n) => sum += u64::from(n),
                    Err(_) => bad += 1,
                }
            }
            let max = inputs
                .csv
                .split(',')
                .filter_map(|f| f.trim().parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            sum ^ bad << 48 ^ u64::from(max) << 20 ^ SALT
        }

        /// ROT13 over `chars`, collected into a `String`.
        $(#[$h])?
        #[inline(never)]
        fn rot13(inputs: &Inputs) -> u64 {
            let rotated: String = inputs
                .text
                .chars()
                .map(|c| match c {
                    'a'..='z' => char::from(b'a' + (c as u8 - b'a' + 13) % 26),
                    'A'..='Z' => char::from(b'A' + (c as u8 - b'A' + 13) % 26),
                    _ => c,
                })
                .collect();
            rotated.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))) ^ SALT
        }

        /// A hand-written checksum (Adler-32).
        $(#[$h])?
        #[inline(never)]
        fn checksum(inputs: &Inputs) -> u64 {
            let whole = adler32(&inputs.bytes);
            let half = adler32(&inputs.bytes[..inputs.bytes.len() / 2]);
            (u64::from(whole) << 32 | u64::from(half)) ^ SALT
        }

        /// A base64 encoder.
        $(#[$h])?
        #[inline(never)]
        fn base64(inputs: &Inputs) -> u64 {
            let encoded = base64_encode(&inputs.bytes);
            let mut h = encoded.len() as u64;
            for b in encoded.bytes().step_by(7) {
                h = h.wrapping_mul(131).wrapping_add(u64::from(b));
            }
            h ^ SALT
        }

        /// Run-length encoding of bytes.
        $(#[$h])?
        #[inline(never)]
        fn run_lengths(inputs: &Inputs) -> u64 {
            let runs = run_length(&inputs.bytes);
            let longest = runs.iter().map(|&(_, n)| n).max().unwrap_or(0);
            let spaces: usize = runs.iter().filter(|(b, _)| *b == b' ').map(|(_, n)| n).sum();
            (runs.len() as u64) << 32 ^ (longest as u64) << 16 ^ spaces as u64 ^ SALT
        }

        /// A byte histogram in a `[u32; 256]`, and its entropy.
        $(#[$h])?
        #[inline(never)]
        fn histogram(inputs: &Inputs) -> u64 {
            let mut counts = [0u32; 256];
            for &b in &inputs.bytes {
                counts[usize::from(b)] += 1;
            }
            for &b in inputs.text.as_bytes() {
                counts[usize::from(b)] += 1;
            }
            let total: u32 = counts.iter().sum();
            let entropy: f64 = counts
                .iter()
                .filter(|&&c| c > 0)
                .map(|&c| {
                    let p = f64::from(c) / f64::from(total);
                    -p * p.log2()
                })
                .sum();
            entropy.to_bits() ^ SALT
        }

        /// Word counting in a `HashMap<String, usize>`.
        $(#[$h])?
        #[inline(never)]
        fn word_count(inputs: &Inputs) -> u64 {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for word in inputs.text.split_whitespace() {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
                if word.is_empty() {
                    continue;
                }
                *counts.entry(word).or_insert(0) += 1;
            }
            let mut check = counts.len() as u64;
            for (word, &count) in &counts {
                check = check.wrapping_add((word.len() as u64).wrapping_mul(count as u64 + 7));
            }
            let top = counts.values().copied().max().unwrap_or(0);
            check ^ (top as u64) << 40 ^ SALT
        }

        /// `BTreeMap` inserts and `range` queries.
        $(#[$h])?
        #[inline(never)]
        fn btree_ranges(inputs: &Inputs) -> u64 {
            let mut map = BTreeMap::new();
            for (i, &n) in inputs.numbers.iter().take(1500).enumerate() {
                map.insert(n, i as u64);
            }
            let mut total = 0u64;
            for pair in inputs.queries.chunks_exact(2).take(400) {
                let (lo, hi) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
                let hi = lo.saturating_add((hi - lo) / 64);
                total = total.wrapping_add(map.range(lo..=hi).map(|(_, v)| v).sum::<u64>());
                if let Some((&k, _)) = map.range(lo..).next() {
                    total ^= u64::from(k);
                }
            }
            total ^ SALT
        }

        /// Depth-first search with a `Vec` stack: `while let Some(x) = stack.pop()`.
        $(#[$h])?
        #[inline(never)]
        fn dfs(inputs: &Inputs) -> u64 {
            let graph = &inputs.graph;
            let mut visited = vec![false; graph.len()];
            let mut stack = vec![0];
            let mut order = 0u64;
            let mut h = 0u64;
            while let Some(node) = stack.pop() {
                if visited[node] {
                    continue;
                }
                visited[node] = true;
                h = fx_hash(h, node as u64 ^ order);
                order += 1;
                for &next in &graph[node] {
                    if !visited[next] {
                        stack.push(next);
                    }
                }
            }
            h ^ order << 48 ^ SALT
        }

        /// Breadth-first search with a `VecDeque`: distances from node 0.
        $(#[$h])?
        #[inline(never)]
        fn bfs(inputs: &Inputs) -> u64 {
            let graph = &inputs.graph;
            let mut dist = vec![usize::MAX; graph.len()];
            let mut queue = VecDeque::new();
            dist[0] = 0;
            queue.push_back(0);
            while let Some(node) = queue.pop_front() {
                for &next in &graph[node] {
                    if dist[next] == usize::MAX {
                        dist[next] = dist[node] + 1;
                        queue.push_back(next);
                    }
                }
            }
            let reached = dist.iter().filter(|&&d| d != usize::MAX);
            let sum: usize = reached.clone().sum();
            let far = reached.max().copied().unwrap_or(0);
            (sum as u64) ^ (far as u64) << 40 ^ SALT
        }

        /// A tree of `Box` nodes: recursive insert, sum and depth.
        $(#[$h])?
        #[inline(never)]
        fn box_tree(inputs: &Inputs) -> u64 {
            let mut root = None;
            for &key in inputs.numbers.iter().take(2000) {
                tree_insert(&mut root, key);
            }
            tree_sum(&root) ^ (tree_depth(&root) as u64) << 56 ^ SALT
        }

        /// Naive recursion: fib.
        $(#[$h])?
        #[inline(never)]
        fn fib(inputs: &Inputs) -> u64 {
            fib_rec(inputs.fib) ^ SALT
        }

        /// A recursive descent evaluator, `Option` and `?` throughout.
        $(#[$h])?
        #[inline(never)]
        fn expr_eval(inputs: &Inputs) -> u64 {
            let mut total = 0i64;
            let mut failed = 0u64;
            for line in inputs.expressions.lines() {
                match evaluate(line) {
                    Some(v) => total = total.wrapping_add(v),
                    None => failed += 1,
                }
            }
            (total as u64) ^ failed << 50 ^ SALT
        }

        /// Trait objects: `Vec<Box<dyn Shape>>`, area and perimeter sums.
        $(#[$h])?
        #[inline(never)]
        fn shapes(inputs: &Inputs) -> u64 {
            let shapes: Vec<Box<dyn Shape>> = inputs
                .shapes
                .iter()
                .map(|&(kind, a, b)| make_shape(kind, a, b))
                .collect();
            let mut area = 0.0;
            for _ in 0..4 {
                area += shapes.iter().map(|s| s.area()).sum::<f64>();
            }
            let perimeter: f64 = shapes.iter().map(|s| s.perimeter()).sum();
            area.to_bits() ^ perimeter.to_bits().rotate_left(32) ^ SALT
        }

        /// Generics: `sum_all<T: Copy + Into<u64>>` and `largest<T: PartialOrd>`.
        $(#[$h])?
        #[inline(never)]
        fn generic_sum(inputs: &Inputs) -> u64 {
            let total = sum_all(&inputs.bytes) + sum_all(&inputs.shorts) + sum_all(&inputs.numbers);
            let top = largest(&inputs.numbers).unwrap_or(0);
            let top_float = largest(&inputs.xs).unwrap_or(0.0);
            total ^ u64::from(top) << 20 ^ top_float.to_bits() ^ SALT
        }

        /// A small hash helper called per item.
        $(#[$h])?
        #[inline(never)]
        fn hash_helper(inputs: &Inputs) -> u64 {
            let mut h = 0u64;
            for &n in &inputs.numbers {
                h = fx_hash(h, u64::from(n));
            }
            for &s in &inputs.shorts {
                h = fx_hash(h, u64::from(s));
            }
            h ^ SALT
        }

        /// A `clamp_add` helper called per byte: brightening an image.
        $(#[$h])?
        #[inline(never)]
        fn brighten(inputs: &Inputs) -> u64 {
            let mut pixels = inputs.bytes.clone();
            for (i, p) in pixels.iter_mut().enumerate() {
                let delta = if i % 3 == 0 { 40 } else { -25 };
                *p = clamp_add(*p, delta);
            }
            let bright: Vec<u8> = inputs.bytes.iter().map(|&b| clamp_add(b, 100)).collect();
            sum_all(&pixels) ^ sum_all(&bright) << 32 ^ SALT
        }

        /// A closure called at once: `(|| { for .. })()`.
        $(#[$h])?
        #[inline(never)]
        fn closure_now(inputs: &Inputs) -> u64 {
            // Written this way on purpose: an immediately-called closure is a shape people write
            // (to scope a computation) and one this suite covers.
            #[allow(clippy::redundant_closure_call)]
            let (evens, odds) = (|| {
                let mut evens = 0u64;
                let mut odds = 0u64;
                for &n in &inputs.numbers {
                    if n % 2 == 0 {
                        evens += u64::from(n >> 4);
                    } else {
                        odds ^= u64::from(n).wrapping_mul(0x9E37_79B9);
                    }
                }
                (evens, odds)
            })();
            evens ^ odds.rotate_left(17) ^ SALT
        }

        /// A glob matcher: helpers per state per byte.
        $(#[$h])?
        #[inline(never)]
        fn glob(inputs: &Inputs) -> u64 {
            let compiled: Vec<Vec<Tok>> = inputs.patterns.iter().map(|p| compile_glob(p)).collect();
            let mut h = 0u64;
            for (i, path) in inputs.paths.iter().enumerate() {
                for (j, pattern) in compiled.iter().enumerate() {
                    if glob_matches(pattern, path.as_bytes()) {
                        h = fx_hash(h, (i * 16 + j) as u64);
                    }
                }
            }
            h ^ SALT
        }

        /// Levenshtein distance with `usize::from(a != b)` and a `min3` helper.
        $(#[$h])?
        #[inline(never)]
        fn edit_distance(inputs: &Inputs) -> u64 {
            let mut total = 0u64;
            for (a, b) in &inputs.word_pairs {
                total = total * 3 + levenshtein(a, b) as u64;
            }
            total ^ SALT
        }

        /// A sieve of Eratosthenes.
        $(#[$h])?
        #[inline(never)]
        fn sieve(inputs: &Inputs) -> u64 {
            let limit = inputs.sieve_limit;
            let mut is_prime = vec![true; limit + 1];
            is_prime[0] = false;
            is_prime[1] = false;
            let mut p = 2;
            while p * p <= limit {
                if is_prime[p] {
                    let mut multiple = p * p;
                    while multiple <= limit {
                        is_prime[multiple] = false;
                        multiple += p;
                    }
                }
                p += 1;
            }
            let count = is_prime.iter().filter(|&&b| b).count();
            let last = is_prime.iter().rposition(|&b| b).unwrap_or(0);
            (count as u64) << 32 ^ last as u64 ^ SALT
        }

        /// A binary search loop, per query.
        $(#[$h])?
        #[inline(never)]
        fn binary_search(inputs: &Inputs) -> u64 {
            let mut total = 0u64;
            for &q in &inputs.queries {
                let at = lower_bound(&inputs.sorted, q);
                total = total.wrapping_add(at as u64);
                if inputs.sorted.get(at) == Some(&q) {
                    total ^= 1 << 63;
                }
            }
            total ^ SALT
        }

        /// Prefix sums (by `scan` and by hand), then range sums.
        $(#[$h])?
        #[inline(never)]
        fn prefix_sum(inputs: &Inputs) -> u64 {
            let prefix: Vec<u64> = std::iter::once(0)
                .chain(inputs.numbers.iter().scan(0u64, |acc, &x| {
                    *acc += u64::from(x);
                    Some(*acc)
                }))
                .collect();
            let mut signed_prefix = Vec::with_capacity(inputs.signed.len() + 1);
            let mut running = 0i64;
            signed_prefix.push(running);
            for &s in &inputs.signed {
                running += i64::from(s);
                signed_prefix.push(running);
            }
            let n = inputs.numbers.len();
            let mut total = 0u64;
            for pair in inputs.queries.chunks_exact(2) {
                let a = pair[0] as usize % n;
                let b = pair[1] as usize % n;
                let (lo, hi) = if a < b { (a, b) } else { (b, a) };
                total = total.wrapping_add(prefix[hi] - prefix[lo]);
                total ^= (signed_prefix[hi] - signed_prefix[lo]) as u64;
            }
            total ^ SALT
        }

        /// A small matrix multiply over `Vec<Vec<f64>>`.
        $(#[$h])?
        #[inline(never)]
        fn matmul(inputs: &Inputs) -> u64 {
            let (a, b) = (&inputs.left, &inputs.right);
            let n = a.len();
            let mut c = vec![vec![0.0; n]; n];
            for (c_row, a_row) in c.iter_mut().zip(a) {
                for (k, &aik) in a_row.iter().enumerate() {
                    for (cij, &bkj) in c_row.iter_mut().zip(&b[k]) {
                        *cij += aik * bkj;
                    }
                }
            }
            let trace: f64 = (0..n).map(|i| c[i][i]).sum();
            let total: f64 = c.iter().flatten().sum();
            trace.to_bits() ^ total.to_bits().rotate_left(32) ^ SALT
        }

        /// A simulation with `update(&mut self)` methods.
        $(#[$h])?
        #[inline(never)]
        fn particles(inputs: &Inputs) -> u64 {
            let mut particles: Vec<Particle> =
                inputs.particles.iter().map(Particle::from_state).collect();
            for _ in 0..inputs.particle_steps {
                for p in &mut particles {
                    p.update(0.01);
                }
            }
            let energy: f64 = particles.iter().map(Particle::kinetic_energy).sum();
            let height = particles.iter().map(|p| p.pos[1]).fold(0.0, f64::max);
            energy.to_bits() ^ height.to_bits().rotate_left(29) ^ SALT
        }

        /// A `Result`-heavy record parser with `?` and a `From` conversion.
        $(#[$h])?
        #[inline(never)]
        fn records(inputs: &Inputs) -> u64 {
            let (mut ok, mut empty, mut missing, mut bad_number, mut bad_float) = (0u64, 0u64, 0u64, 0u64, 0u64);
            let mut ages = 0u64;
            let mut score = 0.0f64;
            let mut admins = 0u64;
            let mut names = 0u64;
            for line in inputs.records.lines() {
                match parse_record(line) {
                    Ok(record) => {
                        ok += 1;
                        ages += u64::from(record.age);
                        score += record.score;
                        admins += u64::from(record.admin);
                        names += record.name.len() as u64;
                    }
                    Err(RecordError::Empty) => empty += 1,
                    Err(RecordError::Missing(field)) => missing += field.len() as u64,
                    Err(RecordError::BadNumber(e)) => {
                        bad_number += 1 + u64::from(matches!(e.kind(), std::num::IntErrorKind::InvalidDigit))
                    }
                    Err(RecordError::BadFloat) => bad_float += 1,
                }
            }
            let counts = ok << 48 ^ empty << 40 ^ missing << 32 ^ bad_number << 24 ^ bad_float << 16;
            counts ^ ages ^ admins << 8 ^ names << 12 ^ score.to_bits() ^ SALT
        }

        /// `loop` with `break value`: Collatz lengths, and the first long one.
        $(#[$h])?
        #[inline(never)]
        fn collatz_break(inputs: &Inputs) -> u64 {
            let mut total = 0u64;
            let mut first_long = None;
            for start in 1..=inputs.collatz {
                let mut n = start;
                let mut count = 0u64;
                let steps = loop {
                    if n == 1 {
                        break count;
                    }
                    n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
                    count += 1;
                };
                if steps > 100 && first_long.is_none() {
                    first_long = Some(start);
                }
                total += steps;
            }
            total ^ first_long.unwrap_or(0) << 40 ^ SALT
        }

        /// A `match`-heavy state machine: a tokenizer.
        $(#[$h])?
        #[inline(never)]
        fn tokenizer(inputs: &Inputs) -> u64 {
            let mut state = Lex::Start;
            let mut counts = [0u64; 7];
            for &b in inputs.source.as_bytes() {
                let next = match (state, b) {
                    (Lex::Comment, b'\n') => Lex::Start,
                    (Lex::Comment, _) => Lex::Comment,
                    (Lex::Str, b'"') => Lex::Start,
                    (Lex::Str, _) => Lex::Str,
                    (Lex::Slash, b'/') => Lex::Comment,
                    (Lex::Ident, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_') => Lex::Ident,
                    (Lex::Number, b'0'..=b'9') => Lex::Number,
                    (Lex::Op, b'=' | b'<' | b'>') => Lex::Op,
                    (_, b'a'..=b'z' | b'A'..=b'Z' | b'_') => Lex::Ident,
                    (_, b'0'..=b'9') => Lex::Number,
                    (_, b'"') => Lex::Str,
                    (_, b'/') => Lex::Slash,
                    (_, b'+' | b'-' | b'*' | b'=' | b'<' | b'>' | b';' | b'(' | b')' | b'{' | b'}' | b',') => Lex::Op,
                    (_, _) => Lex::Start,
                };
                if next != state {
                    let index = match next {
                        Lex::Start => 0,
                        Lex::Ident => 1,
                        Lex::Number => 2,
                        Lex::Op => 3,
                        Lex::Str => 4,
                        Lex::Slash => 5,
                        Lex::Comment => 6,
                    };
                    counts[index] += 1;
                }
                state = next;
            }
            counts.iter().fold(0u64, |h, &c| fx_hash(h, c)) ^ SALT
        }

        /// `sort_unstable_by_key` and `dedup_by_key`.
        $(#[$h])?
        #[inline(never)]
        fn sort_by_key(inputs: &Inputs) -> u64 {
            let mut pairs: Vec<(u32, u16)> = inputs
                .numbers
                .iter()
                .take(4096)
                .map(|&n| (n % 1000, (n >> 20) as u16))
                .collect();
            pairs.sort_unstable_by_key(|&(a, b)| (b, a));
            let first = pairs[0];
            pairs.dedup_by_key(|p| p.1);
            (pairs.len() as u64) ^ u64::from(first.0) << 32 ^ SALT
        }

        /// Sorting words, then `dedup`.
        $(#[$h])?
        #[inline(never)]
        fn dedup_words(inputs: &Inputs) -> u64 {
            let mut words: Vec<&str> = inputs.text.split_whitespace().collect();
            let total = words.len();
            words.sort_unstable();
            words.dedup();
            let mut numbers: Vec<u32> = inputs.shorts.iter().take(4096).map(|&s| u32::from(s) % 5000).collect();
            numbers.sort_unstable();
            numbers.dedup();
            (total as u64) << 32 ^ (words.len() as u64) << 16 ^ numbers.len() as u64 ^ SALT
        }

        /// `chunks_exact`: little-endian words and block sums.
        $(#[$h])?
        #[inline(never)]
        fn chunks(inputs: &Inputs) -> u64 {
            let mut h = 0u64;
            let words = inputs.bytes.chunks_exact(8);
            let tail = words.remainder().len() as u64;
            for word in words {
                h ^= u64::from_le_bytes(word.try_into().unwrap()).rotate_left((h & 63) as u32);
            }
            let mut block_max = 0u32;
            for block in inputs.numbers.chunks_exact(16) {
                let sum: u32 = block.iter().map(|&n| n >> 8).fold(0, u32::wrapping_add);
                block_max = block_max.max(sum);
            }
            let mut gray_sum = 0u64;
            for pixel in inputs.bytes.chunks_exact(3) {
                let (r, g, b) = (u32::from(pixel[0]), u32::from(pixel[1]), u32::from(pixel[2]));
                gray_sum += u64::from((77 * r + 150 * g + 29 * b) >> 8);
            }
            h ^ tail << 60 ^ u64::from(block_max) ^ gray_sum << 24 ^ SALT
        }

        /// `windows`: local maxima and rising steps.
        $(#[$h])?
        #[inline(never)]
        fn windows(inputs: &Inputs) -> u64 {
            let peaks = inputs.signed.windows(3).filter(|w| w[1] > w[0] && w[1] > w[2]).count();
            let rising = inputs.numbers.windows(2).filter(|w| w[1] > w[0]).count();
            let smooth: f64 = inputs.xs.windows(4).map(|w| w.iter().sum::<f64>() / 4.0).fold(0.0, f64::max);
            (peaks as u64) << 40 ^ (rising as u64) << 16 ^ smooth.to_bits() ^ SALT
        }

        /// A `gcd` helper with a `while` loop, per pair.
        $(#[$h])?
        #[inline(never)]
        fn gcd_pairs(inputs: &Inputs) -> u64 {
            inputs
                .numbers
                .chunks_exact(2)
                .take(1024)
                .map(|pair| u64::from(gcd(pair[0], pair[1])))
                .fold(0u64, |acc, g| acc.wrapping_mul(7).wrapping_add(g))
                ^ SALT
        }

        /// A flood fill on a grid with a `Vec` work list.
        $(#[$h])?
        #[inline(never)]
        fn flood_fill(inputs: &Inputs) -> u64 {
            let w = inputs.grid_width;
            let mut label = vec![0u32; inputs.grid.len()];
            let mut regions = 0u32;
            let mut largest = 0usize;
            let mut work = Vec::new();
            for start in 0..inputs.grid.len() {
                if inputs.grid[start] == 1 || label[start] != 0 {
                    continue;
                }
                regions += 1;
                label[start] = regions;
                work.push(start);
                let mut size = 0;
                while let Some(cell) = work.pop() {
                    size += 1;
                    let (x, y) = (cell % w, cell / w);
                    let mut visit = |nx: usize, ny: usize| {
                        let n = ny * w + nx;
                        if inputs.grid[n] == 0 && label[n] == 0 {
                            label[n] = regions;
                            work.push(n);
                        }
                    };
                    if x > 0 {
                        visit(x - 1, y);
                    }
                    if x + 1 < w {
                        visit(x + 1, y);
                    }
                    if y > 0 {
                        visit(x, y - 1);
                    }
                    if y + 1 < w {
                        visit(x, y + 1);
                    }
                }
                largest = largest.max(size);
            }
            u64::from(regions) << 32 ^ largest as u64 ^ SALT
        }

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = kernel_list![
            sqrt_chain,
            widen_convert,
            dot_product,
            float_methods,
            insertion_sort,
            bubble_sort,
            stencil,
            life,
            word_stats,
            parse_numbers,
            rot13,
            checksum,
            base64,
            run_lengths,
            histogram,
            word_count,
            btree_ranges,
            dfs,
            bfs,
            box_tree,
            fib,
            expr_eval,
            shapes,
            generic_sum,
            hash_helper,
            brighten,
            closure_now,
            glob,
            edit_distance,
            sieve,
            binary_search,
            prefix_sum,
            matmul,
            particles,
            records,
            collatz_break,
            tokenizer,
            sort_by_key,
            dedup_words,
            chunks,
            windows,
            gcd_pairs,
            flood_fill,
        ];
    };
}

pub mod plain {
    use super::*;
    suite!(0x5A1);
}

pub mod twin {
    use super::*;
    suite!(0x5A2);
}

pub mod haltable {
    use super::*;
    suite!(0x5A3, #[threadmgr::haltable]);
}
