//! "Novel": kernels of ordinary Rust as it is found in real programs (a lexer, a
//! recursive-descent parser, graph searches, dynamic programming, the std collections, float
//! numerics, trait objects, operator overloading, iterator chains, a small stack VM, hand-made
//! data structures), to measure what `#[haltable]` costs on code written without knowing what
//! the macro does. All were written in issue 11's nineteenth session, in one go, before any was
//! measured. The frame is that of `idioms.rs`: written once in [`suite!`], emitted as `plain`,
//! `twin` (the A/A control) and `haltable` (every fn, helpers and methods too, with its own
//! `#[threadmgr::haltable]`), each kernel `#[inline(never)]`, black-boxing its inputs and
//! salting its digest per copy.

use std::fmt::Write as _;

/// A xorshift generator: the only source of the inputs.
struct Xorshift(u64);

/// The syllables of the generated words (lowercase ASCII only: the trie relies on it).
const SYLLABLES: [&str; 12] = [
    "ka", "lo", "mi", "ne", "ra", "to", "su", "vi", "an", "el", "or", "ip",
];

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One to three syllables.
    fn word(&mut self) -> String {
        let parts = 1 + self.below(3);
        (0..parts)
            .map(|_| SYLLABLES[self.below(SYLLABLES.len() as u64) as usize])
            .collect()
    }
}

/// A random arithmetic expression (which may divide by zero), at most `depth` deep.
fn expression(rng: &mut Xorshift, depth: u32) -> String {
    if depth == 0 || rng.below(3) == 0 {
        let n = rng.below(99) + 1;
        return if rng.below(8) == 0 {
            format!("-{n}")
        } else {
            n.to_string()
        };
    }
    let op = ["+", "-", "*", "/"][rng.below(4) as usize];
    let lhs = expression(rng, depth - 1);
    let rhs = expression(rng, depth - 1);
    if rng.below(2) == 0 {
        format!("({lhs} {op} {rhs})")
    } else {
        format!("{lhs} {op} {rhs}")
    }
}

/// What the kernels run on.
pub struct Inputs {
    /// Numbers below 1 000 000.
    pub numbers: Vec<u32>,
    /// Numbers in `[-5000, 5000)`.
    pub signed: Vec<i64>,
    /// Floats in `[0, 100)`.
    pub floats: Vec<f64>,
    /// Runs of small values, as in a bitmap row.
    pub pixels: Vec<u8>,
    /// A C-like source text, one statement a line.
    pub source: String,
    /// Integer arithmetic expressions, a few malformed.
    pub exprs: Vec<String>,
    /// CSV lines with quoted fields (commas and doubled quotes inside quotes).
    pub csv: String,
    /// A maze: `true` is a wall; the top-left cell is open.
    pub grid: Vec<Vec<bool>>,
    /// The number of nodes of `edges` and `dag`.
    pub nodes: usize,
    /// Weighted edges `(from, to, weight)`.
    pub edges: Vec<(usize, usize, u32)>,
    /// Edges `(a, b)` with `a < b`: a DAG.
    pub dag: Vec<(usize, usize)>,
    /// Lowercase words, with repeats.
    pub words: Vec<String>,
    /// The words joined by spaces.
    pub text: String,
    /// `(name, department, age, salary)`.
    pub people: Vec<(String, u32, u32, u32)>,
    /// Points around five centers.
    pub points: Vec<(f64, f64)>,
    /// Two strands of `ACGT`.
    pub dna: (Vec<u8>, Vec<u8>),
    /// `key = value` lines, with comments, blanks and malformed lines.
    pub config: Vec<String>,
    /// snake_case identifiers.
    pub idents: Vec<String>,
    /// The size of the kernels that take a size.
    pub n: usize,
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run), and the
    /// environment variable `NOVEL_GROW` multiplies them (`NOVEL_GROW=20 cargo bench --bench
    /// novel`: inputs 20 times as long, so that long loops run past their first chunks).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let grow: usize = std::env::var("NOVEL_GROW")
            .ok()
            .and_then(|g| g.parse().ok())
            .unwrap_or(1)
            .max(1);
        let count = |full: usize| (full * grow / scale).max(8);
        let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);

        let numbers = (0..count(20_000))
            .map(|_| rng.below(1_000_000) as u32)
            .collect();
        let signed = (0..count(10_000))
            .map(|_| rng.below(10_000) as i64 - 5_000)
            .collect();
        let floats = (0..count(10_000)).map(|_| rng.unit() * 100.0).collect();

        let mut pixels = Vec::new();
        while pixels.len() < count(40_000) {
            let run = if rng.below(50) == 0 {
                300 + rng.below(300)
            } else {
                1 + rng.below(30)
            };
            let value = rng.below(4) as u8;
            pixels.extend(std::iter::repeat_n(value, run as usize));
        }

        let mut source = String::new();
        for i in 0..count(2_000) {
            let (a, b) = (rng.word(), rng.word());
            match rng.below(5) {
                0 => writeln!(
                    source,
                    "let {a}_{i} = {b}({}, \"{a} \\\"{b}\\\"\") + {}.{};",
                    rng.below(1000),
                    rng.below(100),
                    rng.below(10)
                ),
                1 => writeln!(
                    source,
                    "if {a} <= {} && {b} != {a} {{ return {b} * 2; }} // {a} then {b}",
                    rng.below(500)
                ),
                2 => writeln!(
                    source,
                    "    {a}.{b}[{}] += {a}_{}; // counter",
                    rng.below(64),
                    rng.below(9)
                ),
                3 => writeln!(
                    source,
                    "fn {a}_{b}(x: i32, y: &str) -> bool {{ x >= {} || y == \"{b}\" }}",
                    rng.below(100)
                ),
                _ => writeln!(
                    source,
                    "while {a} < {} {{ {a} = {a} + 1; }}",
                    rng.below(10_000)
                ),
            }
            .unwrap();
        }

        let exprs = (0..count(600))
            .map(|i| {
                let mut e = expression(&mut rng, 5);
                if i % 37 == 0 {
                    e.push_str(" )");
                }
                e
            })
            .collect();

        let mut csv = String::new();
        for i in 0..count(1_000) {
            let (name, other) = (rng.word(), rng.word());
            let note = if rng.below(4) == 0 {
                String::new()
            } else {
                format!("\"said \"\"{other}\"\", then left\"")
            };
            writeln!(
                csv,
                "{i},\"{name}, {other}\",{}.{:02},{note},{name}",
                rng.below(1000),
                rng.below(100)
            )
            .unwrap();
        }

        let side = (128 / scale).max(8);
        let mut grid: Vec<Vec<bool>> = (0..side)
            .map(|_| (0..side).map(|_| rng.below(100) < 28).collect())
            .collect();
        grid[0][0] = false;

        let nodes = count(2_000);
        let mut edges = Vec::with_capacity(nodes * 4);
        for from in 0..nodes {
            for _ in 0..4 {
                let to = rng.below(nodes as u64) as usize;
                edges.push((from, to, rng.below(100) as u32 + 1));
            }
        }
        let mut dag = Vec::with_capacity(nodes * 3);
        for _ in 0..nodes * 3 {
            let a = rng.below(nodes as u64) as usize;
            let b = rng.below(nodes as u64) as usize;
            if a != b {
                dag.push((a.min(b), a.max(b)));
            }
        }

        let words: Vec<String> = (0..count(4_000)).map(|_| rng.word()).collect();
        let text = words.join(" ");
        let people = (0..count(2_000))
            .map(|_| {
                let name = rng.word();
                let dept = rng.below(8) as u32;
                let age = 20 + rng.below(45) as u32;
                (name, dept, age, 30_000 + rng.below(90_000) as u32)
            })
            .collect();

        let centers: Vec<(f64, f64)> = (0..5)
            .map(|_| (rng.unit() * 100.0, rng.unit() * 100.0))
            .collect();
        let jitter = |r: &mut Xorshift| (r.unit() + r.unit() + r.unit() - 1.5) * 8.0;
        let points = (0..count(4_000))
            .map(|i| {
                let (cx, cy) = centers[i % 5];
                (cx + jitter(&mut rng), cy + jitter(&mut rng))
            })
            .collect();

        let mut strand =
            |len: usize| -> Vec<u8> { (0..len).map(|_| b"ACGT"[rng.below(4) as usize]).collect() };
        let dna = (strand(count(300)), strand(count(280)));

        let config = (0..count(2_000))
            .map(|i| match rng.below(10) {
                0 => format!("# comment {i}"),
                1 => String::new(),
                2 => format!("novalue{i}"),
                3 => format!(" = {i}"),
                4 => format!("key{i}=abc{i}"),
                _ => format!("key{i} = {}", rng.below(2000) as i64 - 1000),
            })
            .collect();

        let idents = (0..count(1_500))
            .map(|i| {
                let parts = 2 + rng.below(3);
                let mut ident = (0..parts).map(|_| rng.word()).collect::<Vec<_>>().join("_");
                if i % 7 == 0 {
                    write!(ident, "_v{}", i % 10).unwrap();
                }
                ident
            })
            .collect();

        Inputs {
            numbers,
            signed,
            floats,
            pixels,
            source,
            exprs,
            csv,
            grid,
            nodes,
            edges,
            dag,
            words,
            text,
            people,
            points,
            dna,
            config,
            idents,
            n: count(2_000),
        }
    }
}

/// A digest of a sequence of numbers (outside the copies: the runner's, not the kernels').
fn digest(values: impl IntoIterator<Item = u64>) -> u64 {
    values.into_iter().fold(0xcbf2_9ce4_8422_2325, |h, v| {
        (h ^ v).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The suite. `$salt` is the copy's `SALT`; `$h`, when given, is put on every fn.
macro_rules! suite {
    ($salt:expr $(, #[$h:meta])?) => {
        /// Mixed into every result of this copy.
        pub const SALT: u64 = $salt;

        use std::cmp::{Ordering, Reverse};
        use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet, VecDeque};
        use std::ops::{Add, AddAssign, Mul, Sub};

        // ---------------------------------------------------------------- lex_tokens

        /// Where the lexer is.
        #[derive(Clone, Copy, PartialEq, Eq)]
        enum LexState {
            Start,
            Ident,
            Number,
            Str,
            Escape,
            Slash,
            Comment,
        }

        /// Counts the tokens of a C-like source by kind, a byte at a time.
        $(#[$h])?
        #[inline(never)]
        pub fn lex_tokens(inputs: &Inputs) -> u64 {
            let src = std::hint::black_box(inputs).source.as_bytes();
            let mut state = LexState::Start;
            let mut counts = [0u64; 5]; // identifiers, numbers, strings, comments, symbols
            let (mut start, mut longest, mut i) = (0, 0, 0);
            while i <= src.len() {
                let b = src.get(i).copied().unwrap_or(b'\n');
                let (next, done) = match state {
                    LexState::Start => {
                        start = i;
                        i += 1;
                        let next = match b {
                            b'a'..=b'z' | b'A'..=b'Z' | b'_' => LexState::Ident,
                            b'0'..=b'9' => LexState::Number,
                            b'"' => LexState::Str,
                            b'/' => LexState::Slash,
                            b' ' | b'\t' | b'\r' | b'\n' => LexState::Start,
                            _ => {
                                counts[4] += 1;
                                LexState::Start
                            }
                        };
                        (next, None)
                    }
                    LexState::Ident if b.is_ascii_alphanumeric() || b == b'_' => {
                        i += 1;
                        (state, None)
                    }
                    LexState::Ident => (LexState::Start, Some(0)),
                    LexState::Number if b.is_ascii_digit() || b == b'.' => {
                        i += 1;
                        (state, None)
                    }
                    LexState::Number => (LexState::Start, Some(1)),
                    LexState::Str => {
                        i += 1;
                        match b {
                            b'\\' => (LexState::Escape, None),
                            b'"' => (LexState::Start, Some(2)),
                            _ => (state, None),
                        }
                    }
                    LexState::Escape => {
                        i += 1;
                        (LexState::Str, None)
                    }
                    LexState::Slash if b == b'/' => {
                        i += 1;
                        (LexState::Comment, None)
                    }
                    LexState::Slash => {
                        counts[4] += 1;
                        (LexState::Start, None)
                    }
                    LexState::Comment if b == b'\n' => (LexState::Start, Some(3)),
                    LexState::Comment => {
                        i += 1;
                        (state, None)
                    }
                };
                if let Some(kind) = done {
                    counts[kind] += 1;
                    longest = longest.max(i - start);
                }
                state = next;
            }
            let result = counts
                .iter()
                .fold(longest as u64, |h, &c| h.wrapping_mul(1_000_003).wrapping_add(c));
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- parse_eval

        /// A recursive-descent parser of integer arithmetic: `+ - * /`, parentheses, unary minus.
        struct Parser<'a> {
            bytes: &'a [u8],
            pos: usize,
        }

        impl<'a> Parser<'a> {
            $(#[$h])?
            fn new(text: &'a str) -> Self {
                Parser { bytes: text.as_bytes(), pos: 0 }
            }

            /// The next byte that is not a space.
            $(#[$h])?
            fn peek(&mut self) -> Option<u8> {
                while self.bytes.get(self.pos) == Some(&b' ') {
                    self.pos += 1;
                }
                self.bytes.get(self.pos).copied()
            }

            $(#[$h])?
            fn parse(mut self) -> Result<i64, String> {
                let value = self.expr()?;
                match self.peek() {
                    None => Ok(value),
                    Some(c) => Err(format!("trailing {:?} at {}", c as char, self.pos)),
                }
            }

            $(#[$h])?
            fn expr(&mut self) -> Result<i64, String> {
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
                Ok(value)
            }

            $(#[$h])?
            fn term(&mut self) -> Result<i64, String> {
                let mut value = self.factor()?;
                while let Some(op @ (b'*' | b'/')) = self.peek() {
                    self.pos += 1;
                    let rhs = self.factor()?;
                    value = if op == b'*' {
                        value.wrapping_mul(rhs)
                    } else {
                        value
                            .checked_div(rhs)
                            .ok_or_else(|| format!("division by zero at {}", self.pos))?
                    };
                }
                Ok(value)
            }

            $(#[$h])?
            fn factor(&mut self) -> Result<i64, String> {
                match self.peek() {
                    Some(b'(') => {
                        self.pos += 1;
                        let value = self.expr()?;
                        if self.peek() != Some(b')') {
                            return Err(format!("expected ')' at {}", self.pos));
                        }
                        self.pos += 1;
                        Ok(value)
                    }
                    Some(b'-') => {
                        self.pos += 1;
                        Ok(self.factor()?.wrapping_neg())
                    }
                    Some(c) if c.is_ascii_digit() => {
                        let start = self.pos;
                        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                            self.pos += 1;
                        }
                        let digits = std::str::from_utf8(&self.bytes[start..self.pos])
                            .map_err(|e| e.to_string())?;
                        digits.parse().map_err(|e: std::num::ParseIntError| e.to_string())
                    }
                    Some(c) => Err(format!("unexpected {:?} at {}", c as char, self.pos)),
                    None => Err("unexpected end".to_string()),
                }
            }
        }

        /// Evaluates every expression; sums the values and counts the errors.
        $(#[$h])?
        #[inline(never)]
        pub fn parse_eval(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let (mut sum, mut errors, mut error_len) = (0i64, 0u64, 0usize);
            for text in &inputs.exprs {
                match Parser::new(text).parse() {
                    Ok(value) => sum = sum.wrapping_add(value),
                    Err(message) => {
                        errors += 1;
                        error_len += message.len();
                    }
                }
            }
            let result = (sum as u64) ^ (errors << 48) ^ ((error_len as u64) << 32);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- csv_fields

        /// Splits one CSV line into its fields, unquoting them.
        $(#[$h])?
        fn split_csv_line(line: &str) -> Vec<String> {
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut in_quotes = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, in_quotes) {
                    ('"', true) => {
                        if chars.peek() == Some(&'"') {
                            field.push('"');
                            chars.next();
                        } else {
                            in_quotes = false;
                        }
                    }
                    ('"', false) => in_quotes = true,
                    (',', false) => fields.push(std::mem::take(&mut field)),
                    (c, _) => field.push(c),
                }
            }
            fields.push(field);
            fields
        }

        /// Splits the CSV text, counts the fields, sums the numeric first column.
        $(#[$h])?
        #[inline(never)]
        pub fn csv_fields(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let (mut fields, mut chars, mut ids, mut empty) = (0u64, 0u64, 0u64, 0u64);
            let mut price_cents = 0u64;
            for line in inputs.csv.lines() {
                let row = split_csv_line(line);
                fields += row.len() as u64;
                chars += row.iter().map(|f| f.len() as u64).sum::<u64>();
                empty += row.iter().filter(|f| f.is_empty()).count() as u64;
                if let Some(id) = row.first().and_then(|f| f.parse::<u64>().ok()) {
                    ids += id;
                }
                if let Some((whole, cents)) = row.get(2).and_then(|f| f.split_once('.')) {
                    let whole: u64 = whole.parse().unwrap_or(0);
                    price_cents += whole * 100 + cents.parse::<u64>().unwrap_or(0);
                }
            }
            let result = (fields << 48) ^ (empty << 40) ^ (chars << 20) ^ ids ^ price_cents;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- rle_round_trip

        /// Run-length encodes bytes as `(byte, run)` pairs, runs at most 255 long.
        $(#[$h])?
        fn rle_encode(data: &[u8]) -> Vec<(u8, u8)> {
            let mut out = Vec::new();
            let mut iter = data.iter();
            if let Some(&first) = iter.next() {
                let (mut current, mut run) = (first, 1u8);
                for &b in iter {
                    if b == current && run < u8::MAX {
                        run += 1;
                    } else {
                        out.push((current, run));
                        current = b;
                        run = 1;
                    }
                }
                out.push((current, run));
            }
            out
        }

        $(#[$h])?
        fn rle_decode(runs: &[(u8, u8)]) -> Vec<u8> {
            runs.iter()
                .flat_map(|&(b, n)| std::iter::repeat_n(b, usize::from(n)))
                .collect()
        }

        /// Encodes the pixels, decodes them back and checks the round trip.
        $(#[$h])?
        #[inline(never)]
        pub fn rle_round_trip(inputs: &Inputs) -> u64 {
            let data = &std::hint::black_box(inputs).pixels;
            let runs = rle_encode(data);
            let decoded = rle_decode(&runs);
            assert_eq!(decoded, *data, "run-length round trip");
            let longest = runs.iter().map(|&(_, n)| n).max().unwrap_or(0);
            let permille = runs.len() * 2 * 1000 / data.len().max(1);
            let result =
                ((runs.len() as u64) << 32) ^ (u64::from(longest) << 16) ^ permille as u64;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- grid_bfs

        /// Shortest distances from the top-left corner of the maze, breadth first.
        $(#[$h])?
        #[inline(never)]
        pub fn grid_bfs(inputs: &Inputs) -> u64 {
            let grid = &std::hint::black_box(inputs).grid;
            let (height, width) = (grid.len(), grid[0].len());
            let mut dist = vec![vec![u32::MAX; width]; height];
            let mut queue = VecDeque::new();
            dist[0][0] = 0;
            queue.push_back((0usize, 0usize));
            while let Some((row, col)) = queue.pop_front() {
                let d = dist[row][col];
                for (dr, dc) in [(0isize, 1isize), (1, 0), (0, -1), (-1, 0)] {
                    let (Some(r), Some(c)) = (row.checked_add_signed(dr), col.checked_add_signed(dc))
                    else {
                        continue;
                    };
                    if r >= height || c >= width || grid[r][c] || dist[r][c] != u32::MAX {
                        continue;
                    }
                    dist[r][c] = d + 1;
                    queue.push_back((r, c));
                }
            }
            let reached: Vec<u32> = dist.iter().flatten().copied().filter(|&d| d != u32::MAX).collect();
            let far = reached.iter().max().copied().unwrap_or(0);
            let total: u64 = reached.iter().map(|&d| u64::from(d)).sum();
            let result = ((reached.len() as u64) << 40) ^ (u64::from(far) << 24) ^ total;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- grid_components

        /// Labels the open regions of the maze with a depth-first work list.
        $(#[$h])?
        #[inline(never)]
        pub fn grid_components(inputs: &Inputs) -> u64 {
            let grid = &std::hint::black_box(inputs).grid;
            let (height, width) = (grid.len(), grid[0].len());
            let mut label = vec![0u32; height * width];
            let mut sizes: Vec<u64> = Vec::new();
            let mut stack = Vec::new();
            for start in 0..height * width {
                if grid[start / width][start % width] || label[start] != 0 {
                    continue;
                }
                let id = sizes.len() as u32 + 1;
                let mut size = 0;
                label[start] = id;
                stack.push(start);
                while let Some(cell) = stack.pop() {
                    size += 1;
                    let (r, c) = (cell / width, cell % width);
                    let mut visit = |next: usize| {
                        if !grid[next / width][next % width] && label[next] == 0 {
                            label[next] = id;
                            stack.push(next);
                        }
                    };
                    if r > 0 { visit(cell - width); }
                    if r + 1 < height { visit(cell + width); }
                    if c > 0 { visit(cell - 1); }
                    if c + 1 < width { visit(cell + 1); }
                }
                sizes.push(size);
            }
            let largest = sizes.iter().copied().max().unwrap_or(0);
            let squares: u64 = sizes.iter().map(|s| s * s).sum();
            let result = ((sizes.len() as u64) << 48) ^ (largest << 24) ^ squares;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- dijkstra

        /// Dijkstra's shortest paths from `source`; `u64::MAX` where unreachable.
        $(#[$h])?
        fn shortest_paths(adjacency: &[Vec<(usize, u32)>], source: usize) -> Vec<u64> {
            let mut dist = vec![u64::MAX; adjacency.len()];
            let mut heap = BinaryHeap::new();
            dist[source] = 0;
            heap.push(Reverse((0u64, source)));
            while let Some(Reverse((d, node))) = heap.pop() {
                if d > dist[node] {
                    continue;
                }
                for &(next, weight) in &adjacency[node] {
                    let candidate = d + u64::from(weight);
                    if candidate < dist[next] {
                        dist[next] = candidate;
                        heap.push(Reverse((candidate, next)));
                    }
                }
            }
            dist
        }

        /// Builds the undirected graph and runs Dijkstra from node 0.
        $(#[$h])?
        #[inline(never)]
        pub fn dijkstra(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut adjacency = vec![Vec::new(); inputs.nodes];
            for &(from, to, weight) in &inputs.edges {
                adjacency[from].push((to, weight));
                adjacency[to].push((from, weight));
            }
            let dist = shortest_paths(&adjacency, 0);
            let (count, total, far) = dist
                .iter()
                .filter(|&&d| d != u64::MAX)
                .fold((0u64, 0u64, 0u64), |(n, s, m), &d| (n + 1, s + d, m.max(d)));
            std::hint::black_box((count << 48) ^ (far << 32) ^ total) ^ SALT
        }

        // ---------------------------------------------------------------- kruskal_mst

        /// Union-find with path compression and union by size.
        struct DisjointSet {
            parent: Vec<usize>,
            size: Vec<usize>,
        }

        impl DisjointSet {
            $(#[$h])?
            fn new(n: usize) -> Self {
                DisjointSet { parent: (0..n).collect(), size: vec![1; n] }
            }

            $(#[$h])?
            fn find(&mut self, x: usize) -> usize {
                if self.parent[x] != x {
                    let root = self.find(self.parent[x]);
                    self.parent[x] = root;
                }
                self.parent[x]
            }

            /// Joins the sets of `a` and `b`; false if they were one already.
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

        /// Kruskal's minimum spanning forest of the weighted graph.
        $(#[$h])?
        #[inline(never)]
        pub fn kruskal_mst(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut edges = inputs.edges.clone();
            edges.sort_by_key(|&(from, to, weight)| (weight, from, to));
            let mut sets = DisjointSet::new(inputs.nodes);
            let (mut total, mut used) = (0u64, 0u64);
            for &(from, to, weight) in &edges {
                if sets.union(from, to) {
                    total += u64::from(weight);
                    used += 1;
                }
            }
            let components = (0..inputs.nodes).filter(|&v| sets.find(v) == v).count() as u64;
            std::hint::black_box((used << 40) ^ (components << 24) ^ total) ^ SALT
        }

        // ---------------------------------------------------------------- topo_sort

        /// Kahn's topological order of the DAG, then the longest path along it.
        $(#[$h])?
        #[inline(never)]
        pub fn topo_sort(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let n = inputs.nodes;
            let mut indegree = vec![0usize; n];
            let mut successors = vec![Vec::new(); n];
            for &(a, b) in &inputs.dag {
                successors[a].push(b);
                indegree[b] += 1;
            }
            let mut ready: VecDeque<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
            let mut order = Vec::with_capacity(n);
            while let Some(v) = ready.pop_front() {
                order.push(v);
                for &next in &successors[v] {
                    indegree[next] -= 1;
                    if indegree[next] == 0 {
                        ready.push_back(next);
                    }
                }
            }
            assert_eq!(order.len(), n, "the input is acyclic");
            let mut depth = vec![0u64; n];
            for &v in &order {
                for &next in &successors[v] {
                    depth[next] = depth[next].max(depth[v] + 1);
                }
            }
            let longest = depth.iter().copied().max().unwrap_or(0);
            let result = digest(order.iter().map(|&v| v as u64)) ^ (longest << 56);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- lcs

        /// A longest common subsequence, by the full table and a walk back.
        $(#[$h])?
        fn longest_common_subsequence(a: &[u8], b: &[u8]) -> Vec<u8> {
            let mut table = vec![vec![0u16; b.len() + 1]; a.len() + 1];
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    table[i][j] = if a[i - 1] == b[j - 1] {
                        table[i - 1][j - 1] + 1
                    } else {
                        table[i - 1][j].max(table[i][j - 1])
                    };
                }
            }
            let (mut i, mut j) = (a.len(), b.len());
            let mut out = Vec::with_capacity(usize::from(table[i][j]));
            while i > 0 && j > 0 {
                if a[i - 1] == b[j - 1] {
                    out.push(a[i - 1]);
                    i -= 1;
                    j -= 1;
                } else if table[i - 1][j] >= table[i][j - 1] {
                    i -= 1;
                } else {
                    j -= 1;
                }
            }
            out.reverse();
            out
        }

        /// The LCS of the two DNA strands.
        $(#[$h])?
        #[inline(never)]
        pub fn lcs(inputs: &Inputs) -> u64 {
            let (a, b) = &std::hint::black_box(inputs).dna;
            let common = longest_common_subsequence(a, b);
            let result = digest(common.iter().map(|&c| u64::from(c))) ^ common.len() as u64;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- knapsack

        /// 0/1 knapsack over 120 items, one row of the table kept.
        $(#[$h])?
        #[inline(never)]
        pub fn knapsack(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let items: Vec<(usize, u64)> = inputs
                .numbers
                .iter()
                .take(120)
                .map(|&x| ((x % 89 + 5) as usize, u64::from(x % 1000)))
                .collect();
            let capacity = inputs.n;
            let mut best = vec![0u64; capacity + 1];
            for &(weight, value) in &items {
                for room in (weight..=capacity).rev() {
                    best[room] = best[room].max(best[room - weight] + value);
                }
            }
            let result = digest(best.iter().copied()) ^ best[capacity];
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- coin_change

        /// Fewest coins and number of ways for every amount up to a target.
        $(#[$h])?
        #[inline(never)]
        pub fn coin_change(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let coins = [1usize, 5, 10, 25, 50, 100, 7, 13];
            let target = inputs.n * 10;
            let mut fewest = vec![u32::MAX; target + 1];
            fewest[0] = 0;
            for amount in 1..=target {
                for &coin in &coins {
                    if coin <= amount && fewest[amount - coin] != u32::MAX {
                        fewest[amount] = fewest[amount].min(fewest[amount - coin] + 1);
                    }
                }
            }
            let mut ways = vec![0u64; target + 1];
            ways[0] = 1;
            for &coin in &coins {
                for amount in coin..=target {
                    ways[amount] = ways[amount].wrapping_add(ways[amount - coin]);
                }
            }
            let result = digest(fewest.iter().map(|&f| u64::from(f))) ^ ways[target];
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- sliding_max

        /// The maximum of every window of `k` values, with a monotone deque of indices.
        $(#[$h])?
        fn window_maxima(values: &[u32], k: usize) -> Vec<u32> {
            let mut window: VecDeque<usize> = VecDeque::with_capacity(k);
            let mut out = Vec::with_capacity(values.len().saturating_sub(k) + 1);
            for (i, &v) in values.iter().enumerate() {
                while window.back().is_some_and(|&j| values[j] <= v) {
                    window.pop_back();
                }
                window.push_back(i);
                if window[0] + k <= i {
                    window.pop_front();
                }
                if i + 1 >= k {
                    out.push(values[window[0]]);
                }
            }
            out
        }

        /// Sliding-window maxima of the numbers, window 64.
        $(#[$h])?
        #[inline(never)]
        pub fn sliding_max(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let maxima = window_maxima(&inputs.numbers, 64);
            let changes = maxima.windows(2).filter(|w| w[0] != w[1]).count() as u64;
            let result = digest(maxima.iter().map(|&m| u64::from(m))) ^ (changes << 40);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- prefix_ranges

        /// Prefix sums of the signed values, then range-sum queries from pairs of numbers.
        $(#[$h])?
        #[inline(never)]
        pub fn prefix_ranges(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let values = &inputs.signed;
            let mut prefix = Vec::with_capacity(values.len() + 1);
            prefix.push(0i64);
            for &v in values {
                let last = *prefix.last().unwrap();
                prefix.push(last + v);
            }
            let n = values.len();
            let (mut best, mut positive, mut total) = (i64::MIN, 0u64, 0i64);
            for pair in inputs.numbers.chunks_exact(2) {
                let (a, b) = (pair[0] as usize % n, pair[1] as usize % n);
                let (lo, hi) = if a <= b { (a, b + 1) } else { (b, a + 1) };
                let sum = prefix[hi] - prefix[lo];
                best = best.max(sum);
                if sum > 0 {
                    positive += 1;
                }
                total = total.wrapping_add(sum);
            }
            let result = (best as u64) ^ (positive << 32) ^ (total as u64).rotate_left(17);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- sorted_lookup

        /// Sorts and dedups the numbers, then answers membership and count-in-range queries.
        $(#[$h])?
        #[inline(never)]
        pub fn sorted_lookup(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut sorted = inputs.numbers.clone();
            sorted.sort_unstable();
            sorted.dedup();
            let (mut hits, mut in_window, mut rank_sum) = (0u64, 0u64, 0u64);
            for &s in &inputs.signed {
                let q = ((s + 5_000) * 100) as u32;
                if sorted.binary_search(&q).is_ok() {
                    hits += 1;
                }
                let lo = sorted.partition_point(|&x| x < q);
                let hi = sorted.partition_point(|&x| x < q + 1_000);
                in_window += (hi - lo) as u64;
            }
            for &x in inputs.numbers.iter().step_by(3) {
                if let Ok(rank) = sorted.binary_search(&x) {
                    rank_sum += rank as u64;
                }
            }
            let result = (hits << 48) ^ (in_window << 24) ^ rank_sum ^ sorted.len() as u64;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- sort_records

        #[derive(Clone, Debug)]
        struct Employee {
            name: String,
            dept: u32,
            age: u32,
            salary: u32,
        }

        /// Sorts staff by department, salary (descending), name and age; summarises each team.
        $(#[$h])?
        #[inline(never)]
        pub fn sort_records(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut staff: Vec<Employee> = inputs
                .people
                .iter()
                .map(|(name, dept, age, salary)| Employee {
                    name: name.clone(),
                    dept: *dept,
                    age: *age,
                    salary: *salary,
                })
                .collect();
            staff.sort_by(|a, b| {
                a.dept
                    .cmp(&b.dept)
                    .then_with(|| b.salary.cmp(&a.salary))
                    .then_with(|| a.name.cmp(&b.name))
                    .then_with(|| a.age.cmp(&b.age))
            });
            let mut result = 0u64;
            for team in staff.chunk_by(|a, b| a.dept == b.dept) {
                let top = &team[0];
                let mean_age = team.iter().map(|e| u64::from(e.age)).sum::<u64>() / team.len() as u64;
                let summary = u64::from(top.salary) ^ ((top.name.len() as u64) << 20) ^ (mean_age << 40);
                result = result.wrapping_mul(31).wrapping_add(summary);
            }
            let oldest = staff
                .iter()
                .max_by(|a, b| a.age.cmp(&b.age).then_with(|| b.name.cmp(&a.name)))
                .map_or(0, |e| e.name.len() as u64);
            std::hint::black_box(result ^ (oldest << 58)) ^ SALT
        }

        // ---------------------------------------------------------------- btree_ranges

        /// Counts numbers per bucket of 100 in a `BTreeMap`, then queries ranges of buckets.
        $(#[$h])?
        #[inline(never)]
        pub fn btree_ranges(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
            for &x in &inputs.numbers {
                *counts.entry(x / 100).or_insert(0) += 1;
            }
            let mut window_total = 0u64;
            for lo in (0..10_000).step_by(50) {
                window_total += counts.range(lo..lo + 200).map(|(_, &c)| u64::from(c)).sum::<u64>();
            }
            let busiest = counts
                .iter()
                .max_by_key(|&(&bucket, &c)| (c, Reverse(bucket)))
                .map_or(0, |(&bucket, _)| bucket);
            let first = counts.first_key_value().map_or(0, |(&k, _)| k);
            counts.entry(busiest).and_modify(|c| *c = 0);
            counts.retain(|_, c| *c > 1);
            let lower_half = counts.range(..5_000).count() as u64;
            let last = counts.last_key_value().map_or(0, |(&k, &v)| k ^ v);
            let result = (window_total << 24) ^ u64::from(busiest) ^ (u64::from(first) << 16)
                ^ (lower_half << 48) ^ u64::from(last);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- group_words

        /// Groups word positions by word with the entry API; summarises the groups.
        $(#[$h])?
        #[inline(never)]
        pub fn group_words(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
            for (position, word) in inputs.words.iter().enumerate() {
                groups.entry(word.as_str()).or_default().push(position);
            }
            let mut by_len: HashMap<usize, usize> = HashMap::new();
            for word in groups.keys() {
                *by_len.entry(word.len()).or_insert(0) += 1;
            }
            let mut repeated: Vec<(&str, usize)> = groups
                .iter()
                .filter(|(_, positions)| positions.len() > 1)
                .map(|(word, positions)| (*word, positions[positions.len() - 1] - positions[0]))
                .collect();
            repeated.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let spread: u64 = repeated.iter().take(10).map(|&(w, s)| (s * w.len()) as u64).sum();
            let mut lens: Vec<(usize, usize)> = by_len.into_iter().collect();
            lens.sort_unstable();
            let result = digest(lens.iter().map(|&(l, c)| ((l as u64) << 32) | c as u64))
                ^ spread
                ^ ((groups.len() as u64) << 40);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- dedup_set

        /// Order-preserving dedup with a `HashSet`, and set algebra on the two halves.
        $(#[$h])?
        #[inline(never)]
        pub fn dedup_set(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut seen = HashSet::new();
            let unique: Vec<&str> = inputs
                .words
                .iter()
                .map(String::as_str)
                .filter(|w| seen.insert(*w))
                .collect();
            let half = inputs.words.len() / 2;
            let first: HashSet<&str> = inputs.words[..half].iter().map(String::as_str).collect();
            let second: HashSet<&str> = inputs.words[half..].iter().map(String::as_str).collect();
            let common = first.intersection(&second).count() as u64;
            let only_first = first.difference(&second).count() as u64;
            let residues: HashSet<u32> = inputs.numbers.iter().map(|x| x % 5_000).collect();
            let order = unique
                .iter()
                .fold(0u64, |h, w| h.wrapping_mul(131).wrapping_add(w.len() as u64));
            let result = order ^ (common << 32) ^ (only_first << 16) ^ ((residues.len() as u64) << 44);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- format_report

        /// Renders the people as a text table with `write!`, `format!` and `push_str`.
        $(#[$h])?
        #[inline(never)]
        pub fn format_report(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut out = String::with_capacity(64 * inputs.people.len());
            out.push_str("  id | name         | dept | age |   monthly\n");
            let mut total = 0u64;
            for (i, (name, dept, age, salary)) in inputs.people.iter().enumerate() {
                writeln!(out, "{i:>4} | {name:<12} | {dept:>4} | {age:>3} | {:>9.2}", f64::from(*salary) / 12.0)
                    .unwrap();
                total += u64::from(*salary);
                if i % 25 == 24 {
                    let rule = format!("{:-<44}\n", "");
                    out.push_str(&rule);
                }
            }
            let mean = total as f64 / inputs.people.len() as f64;
            write!(out, "total {total}, mean {mean:.3}").unwrap();
            let lines = out.lines().count() as u64;
            let hash = out.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            std::hint::black_box(hash ^ (lines << 48)) ^ SALT
        }

        // ---------------------------------------------------------------- case_convert

        $(#[$h])?
        fn to_camel_case(s: &str) -> String {
            s.split('_')
                .filter(|part| !part.is_empty())
                .map(|part| {
                    let mut chars = part.chars();
                    match chars.next() {
                        Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                        None => String::new(),
                    }
                })
                .collect()
        }

        $(#[$h])?
        fn to_snake_case(s: &str) -> String {
            let mut out = String::with_capacity(s.len() + 4);
            for (i, c) in s.char_indices() {
                if c.is_uppercase() {
                    if i > 0 {
                        out.push('_');
                    }
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            }
            out
        }

        /// Converts identifiers snake → Camel → snake, classifying the characters.
        $(#[$h])?
        #[inline(never)]
        pub fn case_convert(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let (mut upper, mut lower, mut digits, mut other) = (0u64, 0u64, 0u64, 0u64);
            let (mut round_trips, mut total_len) = (0u64, 0u64);
            for ident in &inputs.idents {
                let camel = to_camel_case(ident);
                for c in camel.chars() {
                    match c {
                        c if c.is_uppercase() => upper += 1,
                        c if c.is_lowercase() => lower += 1,
                        c if c.is_ascii_digit() => digits += 1,
                        _ => other += 1,
                    }
                }
                let snake = to_snake_case(&camel);
                if snake == *ident {
                    round_trips += 1;
                }
                total_len += (camel.len() + snake.len() + ident.to_uppercase().len()) as u64;
            }
            let result = (upper << 48) ^ (lower << 32) ^ (digits << 24) ^ (other << 20)
                ^ (round_trips << 8) ^ total_len;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- bitboards

        const NOT_FILE_A: u64 = 0xfefe_fefe_fefe_fefe;
        const NOT_FILE_AB: u64 = 0xfcfc_fcfc_fcfc_fcfc;
        const NOT_FILE_H: u64 = 0x7f7f_7f7f_7f7f_7f7f;
        const NOT_FILE_GH: u64 = 0x3f3f_3f3f_3f3f_3f3f;

        /// The squares attacked by the knights of a bitboard.
        $(#[$h])?
        fn knight_attacks(knights: u64) -> u64 {
            let east1 = (knights << 1) & NOT_FILE_A;
            let east2 = (knights << 2) & NOT_FILE_AB;
            let west1 = (knights >> 1) & NOT_FILE_H;
            let west2 = (knights >> 2) & NOT_FILE_GH;
            let one = east1 | west1;
            let two = east2 | west2;
            (one << 16) | (one >> 16) | (two << 8) | (two >> 8)
        }

        /// Knight attacks, popcounts and set-bit walks over boards made from the numbers.
        $(#[$h])?
        #[inline(never)]
        pub fn bitboards(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let (mut attacked, mut squares, mut covered, mut singles) = (0u64, 0u64, 0u64, 0u64);
            for pair in inputs.numbers.chunks_exact(2) {
                let board = u64::from(pair[0]).wrapping_mul(0x9E37_79B9_7F4A_7C15)
                    & u64::from(pair[1]).wrapping_mul(0xD6E8_FEB8_6659_FD93);
                let attacks = knight_attacks(board);
                attacked += u64::from(attacks.count_ones());
                covered |= attacks & !board;
                if (attacks & !board).is_power_of_two() {
                    singles += 1;
                }
                let mut rest = board;
                while rest != 0 {
                    let square = rest.trailing_zeros();
                    squares = squares.wrapping_mul(67).wrapping_add(u64::from(square));
                    rest &= rest - 1;
                }
            }
            let result = attacked ^ squares ^ covered.rotate_left(7) ^ (singles << 50);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- hash_buckets

        /// 64-bit FNV-1a.
        $(#[$h])?
        fn fnv1a(bytes: &[u8]) -> u64 {
            let mut hash = 0xcbf2_9ce4_8422_2325u64;
            for &b in bytes {
                hash ^= u64::from(b);
                hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
            hash
        }

        /// MurmurHash3's 64-bit finalizer.
        $(#[$h])?
        fn fmix64(mut k: u64) -> u64 {
            k ^= k >> 33;
            k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
            k ^= k >> 33;
            k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            k ^= k >> 33;
            k
        }

        /// Hashes words, numbers and source lines into 64 buckets.
        $(#[$h])?
        #[inline(never)]
        pub fn hash_buckets(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut buckets = [0u32; 64];
            let mut combined = 0u64;
            for word in &inputs.words {
                let h = fnv1a(word.as_bytes());
                buckets[(h >> 58) as usize] += 1;
                combined ^= h;
            }
            for &x in &inputs.numbers {
                let h = fmix64(u64::from(x));
                buckets[(h & 63) as usize] += 1;
                combined = combined.rotate_left(5) ^ h;
            }
            let lines = inputs
                .source
                .lines()
                .map(|line| fnv1a(line.as_bytes()))
                .fold(0u64, |acc, h| acc ^ fmix64(h));
            let max = *buckets.iter().max().unwrap();
            let min = *buckets.iter().min().unwrap();
            let result = combined ^ lines ^ (u64::from(max - min) << 48);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- newton_roots

        /// Newton's method from `x`: the root and the steps it took.
        $(#[$h])?
        fn newton<F, D>(f: F, df: D, mut x: f64) -> (f64, u32)
        where
            F: Fn(f64) -> f64,
            D: Fn(f64) -> f64,
        {
            for step in 0..50 {
                let fx = f(x);
                if fx.abs() < 1e-12 {
                    return (x, step);
                }
                let next = x - fx / df(x);
                if (next - x).abs() < 1e-14 * x.abs().max(1.0) {
                    return (next, step + 1);
                }
                x = next;
            }
            (x, 50)
        }

        /// Square and cube roots of every eighth float by Newton iteration.
        $(#[$h])?
        #[inline(never)]
        pub fn newton_roots(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let (mut bits, mut steps) = (0u64, 0u64);
            for &value in inputs.floats.iter().step_by(8) {
                let a = value + 1.0;
                let (sqrt, s1) = newton(|x| x * x - a, |x| 2.0 * x, a);
                let (cbrt, s2) = newton(|x| x * x * x - a, |x| 3.0 * x * x, a);
                steps += u64::from(s1 + s2);
                bits = bits.wrapping_add(sqrt.to_bits() ^ cbrt.to_bits().rotate_left(32));
            }
            std::hint::black_box(bits ^ (steps << 48)) ^ SALT
        }

        // ---------------------------------------------------------------- simpson

        /// Composite Simpson's rule over `[a, b]` with (at least) `intervals` intervals.
        $(#[$h])?
        fn simpson<F: Fn(f64) -> f64>(f: F, a: f64, b: f64, intervals: usize) -> f64 {
            let n = intervals + intervals % 2;
            let h = (b - a) / n as f64;
            let mut sum = f(a) + f(b);
            for i in 1..n {
                let x = a + i as f64 * h;
                sum += if i % 2 == 1 { 4.0 * f(x) } else { 2.0 * f(x) };
            }
            sum * h / 3.0
        }

        /// A few integrals, one of a polynomial with coefficients from the inputs.
        $(#[$h])?
        #[inline(never)]
        pub fn simpson_integrals(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let n = inputs.n;
            let coeffs = &inputs.floats[..8];
            let results = [
                simpson(f64::sin, 0.0, std::f64::consts::PI, n),
                simpson(|x| (-x * x).exp(), -3.0, 3.0, n),
                simpson(|x| 1.0 / (1.0 + x * x), 0.0, 1.0, n),
                simpson(f64::sqrt, 0.0, 2.0, n),
                simpson(|x| x.ln_1p() * x.cos(), 0.0, 10.0, n),
                simpson(|x| coeffs.iter().rev().fold(0.0, |acc, &c| acc * x + c), 0.0, 1.0, n),
            ];
            let result = results.iter().fold(0u64, |h, r| h.rotate_left(11) ^ r.to_bits());
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- float_stats

        /// Mean, variance (two ways), extremes and interpolated percentiles of the floats.
        $(#[$h])?
        #[inline(never)]
        pub fn float_stats(inputs: &Inputs) -> u64 {
            let values = &std::hint::black_box(inputs).floats;
            let n = values.len() as f64;
            let mean = values.iter().sum::<f64>() / n;
            let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let mut sorted = values.clone();
            sorted.sort_by(|a, b| a.total_cmp(b));
            let percentile = |p: f64| {
                let rank = p / 100.0 * (sorted.len() - 1) as f64;
                let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
                sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo as f64)
            };
            let (p50, p90, p99) = (percentile(50.0), percentile(90.0), percentile(99.0));
            let (mut count, mut running_mean, mut m2) = (0.0, 0.0, 0.0);
            for &x in values {
                count += 1.0;
                let delta = x - running_mean;
                running_mean += delta / count;
                m2 += delta * (x - running_mean);
            }
            let (min, max) = values
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
            let result = [mean, variance, p50, p90, p99, m2 / (count - 1.0), min, max]
                .iter()
                .fold(0u64, |h, x| h.rotate_left(9) ^ x.to_bits());
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- particles

        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        struct Vec2 {
            x: f64,
            y: f64,
        }

        impl Vec2 {
            $(#[$h])?
            fn new(x: f64, y: f64) -> Self {
                Vec2 { x, y }
            }

            $(#[$h])?
            fn dot(self, other: Vec2) -> f64 {
                self.x * other.x + self.y * other.y
            }

            $(#[$h])?
            fn length(self) -> f64 {
                self.dot(self).sqrt()
            }
        }

        impl Add for Vec2 {
            type Output = Vec2;
            $(#[$h])?
            fn add(self, other: Vec2) -> Vec2 {
                Vec2::new(self.x + other.x, self.y + other.y)
            }
        }

        impl Sub for Vec2 {
            type Output = Vec2;
            $(#[$h])?
            fn sub(self, other: Vec2) -> Vec2 {
                Vec2::new(self.x - other.x, self.y - other.y)
            }
        }

        impl Mul<f64> for Vec2 {
            type Output = Vec2;
            $(#[$h])?
            fn mul(self, k: f64) -> Vec2 {
                Vec2::new(self.x * k, self.y * k)
            }
        }

        impl AddAssign for Vec2 {
            $(#[$h])?
            fn add_assign(&mut self, other: Vec2) {
                self.x += other.x;
                self.y += other.y;
            }
        }

        /// Ten steps of particles pulled toward the center, with a small vector type.
        $(#[$h])?
        #[inline(never)]
        pub fn particles(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let center = Vec2::new(50.0, 50.0);
            let mut bodies: Vec<(Vec2, Vec2)> = inputs
                .points
                .iter()
                .map(|&(x, y)| (Vec2::new(x, y), Vec2::default()))
                .collect();
            let dt = 0.01;
            for _ in 0..10 {
                for (pos, vel) in bodies.iter_mut() {
                    let to_center = center - *pos;
                    let dist = to_center.length().max(1.0);
                    *vel += to_center * (100.0 * dt / (dist * dist));
                    *vel = *vel * 0.99;
                    *pos += *vel * dt;
                }
            }
            let centroid = bodies.iter().fold(Vec2::default(), |acc, (p, _)| acc + *p)
                * (1.0 / bodies.len() as f64);
            let energy: f64 = bodies.iter().map(|(_, v)| 0.5 * v.dot(*v)).sum();
            let result = centroid.x.to_bits() ^ centroid.y.to_bits().rotate_left(21) ^ energy.to_bits();
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- shapes

        trait Shape {
            fn area(&self) -> f64;
            fn perimeter(&self) -> f64;
            fn name(&self) -> &'static str;

            /// 1 for a circle, less for anything else.
            $(#[$h])?
            fn compactness(&self) -> f64 {
                4.0 * std::f64::consts::PI * self.area() / (self.perimeter() * self.perimeter())
            }
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
            $(#[$h])?
            fn name(&self) -> &'static str {
                "circle"
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
            $(#[$h])?
            fn name(&self) -> &'static str {
                "rect"
            }
        }

        impl Shape for Triangle {
            /// Heron's formula (0 for side lengths that make no triangle).
            $(#[$h])?
            fn area(&self) -> f64 {
                let s = self.perimeter() / 2.0;
                (s * (s - self.a) * (s - self.b) * (s - self.c)).max(0.0).sqrt()
            }
            $(#[$h])?
            fn perimeter(&self) -> f64 {
                self.a + self.b + self.c
            }
            $(#[$h])?
            fn name(&self) -> &'static str {
                "triangle"
            }
        }

        /// Builds a `Vec<Box<dyn Shape>>` from the points and totals it by kind.
        $(#[$h])?
        #[inline(never)]
        pub fn shapes(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let shapes: Vec<Box<dyn Shape>> = inputs
                .points
                .iter()
                .enumerate()
                .map(|(i, &(x, y))| -> Box<dyn Shape> {
                    let (x, y) = (x.abs() + 1.0, y.abs() + 1.0);
                    match i % 3 {
                        0 => Box::new(Circle { radius: x / 10.0 }),
                        1 => Box::new(Rect { width: x, height: y }),
                        _ => Box::new(Triangle { a: x, b: y, c: (x + y) * 0.75 }),
                    }
                })
                .collect();
            let total_area: f64 = shapes.iter().map(|s| s.area()).sum();
            let mut by_name: BTreeMap<&str, (u64, f64)> = BTreeMap::new();
            for shape in &shapes {
                let entry = by_name.entry(shape.name()).or_insert((0, 0.0));
                entry.0 += 1;
                entry.1 += shape.perimeter();
            }
            let roundest = shapes.iter().map(|s| s.compactness()).fold(0.0f64, f64::max);
            let result = by_name
                .iter()
                .fold(total_area.to_bits() ^ roundest.to_bits(), |h, (name, (n, p))| {
                    h.rotate_left(13) ^ (name.len() as u64) ^ (n << 8) ^ p.to_bits()
                });
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- generic_bounds

        $(#[$h])?
        fn largest<T: PartialOrd + Copy>(items: &[T]) -> Option<T> {
            let mut iter = items.iter().copied();
            let mut best = iter.next()?;
            for item in iter {
                if item > best {
                    best = item;
                }
            }
            Some(best)
        }

        $(#[$h])?
        fn sum_widened<T>(items: &[T]) -> u64
        where
            T: Copy + Into<u64>,
        {
            items.iter().map(|&x| x.into()).sum()
        }

        $(#[$h])?
        fn count_matching<T, F>(items: &[T], mut predicate: F) -> usize
        where
            F: FnMut(&T) -> bool,
        {
            let mut n = 0;
            for item in items {
                if predicate(item) {
                    n += 1;
                }
            }
            n
        }

        $(#[$h])?
        fn sorted_distinct<T: Ord + Clone>(items: &[T]) -> Vec<T> {
            let mut v = items.to_vec();
            v.sort();
            v.dedup();
            v
        }

        /// Generic fns with trait bounds, each used at several types.
        $(#[$h])?
        #[inline(never)]
        pub fn generic_bounds(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let bytes: Vec<u8> = inputs.numbers.iter().map(|&x| x as u8).collect();
            let shorts: Vec<u16> = inputs.numbers.iter().map(|&x| x as u16).collect();
            let words: Vec<&str> = inputs.words.iter().map(String::as_str).collect();
            let big = u64::from(largest(&inputs.numbers).unwrap_or(0));
            let big_float = largest(&inputs.floats).unwrap_or(0.0).to_bits();
            let big_word = largest(&words).map_or(0, |w| w.len() as u64);
            let sums = sum_widened(&bytes) ^ (sum_widened(&shorts) << 8) ^ (sum_widened(&inputs.numbers) << 16);
            let odd = count_matching(&inputs.numbers, |x| x % 2 == 1) as u64;
            let negative = count_matching(&inputs.signed, |x| *x < 0) as u64;
            let long_words = count_matching(&words, |w| w.len() > 5) as u64;
            let distinct = (sorted_distinct(&shorts).len() + sorted_distinct(&words).len()) as u64;
            let result = big ^ big_float ^ (big_word << 60) ^ sums ^ (odd << 20) ^ (negative << 32)
                ^ (long_words << 44) ^ distinct.rotate_left(50);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- stack_vm

        #[derive(Clone, Copy)]
        enum Op {
            Push(i64),
            Load(usize),
            Store(usize),
            Add,
            Mul,
            Rem,
            Lt,
            JumpIfZero(usize),
            Jump(usize),
            Halt,
        }

        /// Runs a program on a stack machine with local slots.
        $(#[$h])?
        fn run_program(program: &[Op], locals: &mut [i64]) -> i64 {
            let mut stack: Vec<i64> = Vec::with_capacity(16);
            let mut pc = 0;
            loop {
                let op = program[pc];
                pc += 1;
                match op {
                    Op::Push(v) => stack.push(v),
                    Op::Load(slot) => stack.push(locals[slot]),
                    Op::Store(slot) => locals[slot] = stack.pop().expect("stack underflow"),
                    Op::Add | Op::Mul | Op::Rem | Op::Lt => {
                        let b = stack.pop().expect("stack underflow");
                        let a = stack.pop().expect("stack underflow");
                        stack.push(match op {
                            Op::Add => a.wrapping_add(b),
                            Op::Mul => a.wrapping_mul(b),
                            Op::Rem => a.rem_euclid(b),
                            _ => i64::from(a < b),
                        });
                    }
                    Op::JumpIfZero(target) => {
                        if stack.pop().expect("stack underflow") == 0 {
                            pc = target;
                        }
                    }
                    Op::Jump(target) => pc = target,
                    Op::Halt => return stack.pop().unwrap_or(0),
                }
            }
        }

        /// `for i in 0..n { acc = (acc * 31 + i * i) % 1_000_003 }` on the VM, three times.
        $(#[$h])?
        #[inline(never)]
        pub fn stack_vm(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let program = [
                Op::Load(0), Op::Load(2), Op::Lt, Op::JumpIfZero(19),
                Op::Load(1), Op::Push(31), Op::Mul,
                Op::Load(0), Op::Load(0), Op::Mul, Op::Add,
                Op::Push(1_000_003), Op::Rem, Op::Store(1),
                Op::Load(0), Op::Push(1), Op::Add, Op::Store(0), Op::Jump(0),
                Op::Load(1), Op::Halt,
            ];
            let mut result = 0u64;
            for &seed in inputs.numbers.iter().take(3) {
                let mut locals = [0, i64::from(seed % 1000), inputs.n as i64];
                let value = run_program(&program, &mut locals);
                result = result.rotate_left(21) ^ value as u64;
            }
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- config_parse

        enum ConfigError {
            MissingEquals(usize),
            EmptyKey(usize),
            BadValue(usize, std::num::ParseIntError),
        }

        /// One `key = value` line: `None` for blanks and comments.
        $(#[$h])?
        fn parse_setting(line_no: usize, line: &str) -> Result<Option<(&str, i64)>, ConfigError> {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                return Ok(None);
            }
            let (key, value) = line.split_once('=').ok_or(ConfigError::MissingEquals(line_no))?;
            let key = key.trim();
            if key.is_empty() {
                return Err(ConfigError::EmptyKey(line_no));
            }
            let value = value
                .trim()
                .parse::<i64>()
                .map_err(|e| ConfigError::BadValue(line_no, e))?;
            Ok(Some((key, value)))
        }

        /// Parses the config lines with `?` and combinators, counting the errors by kind.
        $(#[$h])?
        #[inline(never)]
        pub fn config_parse(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut settings: Vec<(&str, i64)> = Vec::new();
            let (mut missing, mut empty, mut bad, mut line_sum) = (0u64, 0u64, 0u64, 0u64);
            for (i, line) in inputs.config.iter().enumerate() {
                match parse_setting(i + 1, line) {
                    Ok(Some(setting)) => settings.push(setting),
                    Ok(None) => {}
                    Err(ConfigError::MissingEquals(n)) => {
                        missing += 1;
                        line_sum += n as u64;
                    }
                    Err(ConfigError::EmptyKey(n)) => {
                        empty += 1;
                        line_sum += n as u64;
                    }
                    Err(ConfigError::BadValue(n, e)) => {
                        bad += 1;
                        line_sum += (n + e.to_string().len()) as u64;
                    }
                }
            }
            let total: i64 = settings.iter().map(|&(_, v)| v).sum();
            let max_key = settings.iter().max_by_key(|(_, v)| *v).map_or(0, |(k, _)| k.len() as u64);
            let lookup = |key: &str| settings.iter().find(|(k, _)| *k == key).map(|&(_, v)| v);
            let found: i64 = (0..50).filter_map(|i| lookup(&format!("key{i}"))).sum();
            let result = (total as u64) ^ (max_key << 56) ^ (found as u64).rotate_left(24)
                ^ (missing << 40) ^ (empty << 32) ^ (bad << 48) ^ line_sum;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- closure_stages

        /// A pipeline of boxed closures applied to every value, and named boxed predicates.
        $(#[$h])?
        #[inline(never)]
        pub fn closure_stages(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let offset = inputs.signed[0];
            let modulus = 1_000 + i64::from(inputs.numbers[0] % 1_000);
            let stages: Vec<Box<dyn Fn(i64) -> i64>> = vec![
                Box::new(|x| x * 3 + 1),
                Box::new(move |x| x + offset),
                Box::new(|x| x ^ (x >> 3)),
                Box::new(move |x| x.rem_euclid(modulus)),
                Box::new(|x| if x % 2 == 0 { x / 2 } else { 3 * x + 1 }),
            ];
            let checks: Vec<(&str, Box<dyn Fn(i64) -> bool>)> = vec![
                ("even", Box::new(|x| x % 2 == 0)),
                ("small", Box::new(|x| x < 100)),
                ("above offset", Box::new(move |x| x > offset)),
            ];
            let mut hits = vec![0u64; checks.len()];
            let mut total = 0i64;
            for &value in &inputs.signed {
                let out = stages.iter().fold(value, |acc, stage| stage(acc));
                for (hit, (_, check)) in hits.iter_mut().zip(&checks) {
                    if check(out) {
                        *hit += 1;
                    }
                }
                total = total.wrapping_add(out);
            }
            let names: usize = checks.iter().map(|(name, _)| name.len()).sum();
            let result = digest(hits.iter().copied()) ^ (total as u64) ^ ((names as u64) << 56);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- iter_chains

        /// The Collatz sequence from a start down to 1.
        struct Collatz(u64);

        impl Iterator for Collatz {
            type Item = u64;

            $(#[$h])?
            fn next(&mut self) -> Option<u64> {
                if self.0 == 0 {
                    return None;
                }
                let current = self.0;
                self.0 = match current {
                    1 => 0,
                    n if n % 2 == 0 => n / 2,
                    n => 3 * n + 1,
                };
                Some(current)
            }
        }

        /// Iterator adaptors: zip, windows, chunks, scan, take_while, skip_while, step_by,
        /// flat_map over a custom iterator, peekable, rev and fold.
        $(#[$h])?
        #[inline(never)]
        pub fn iter_chains(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let v = &inputs.numbers;
            let dot: u64 = v.iter().zip(v.iter().skip(1)).map(|(&a, &b)| u64::from(a) * u64::from(b) % 1_000).sum();
            let rises = v.windows(3).filter(|w| w[0] < w[1] && w[1] < w[2]).count() as u64;
            let chunk_max: u64 = v.chunks(16).map(|c| u64::from(*c.iter().max().unwrap())).sum();
            let running: Vec<u64> = v
                .iter()
                .scan(0u64, |acc, &x| {
                    *acc = (*acc + u64::from(x)) % 1_000_007;
                    Some(*acc)
                })
                .collect();
            let leading_small = v.iter().take_while(|&&x| x < 900_000).count() as u64;
            let after_big: u64 = v.iter().skip_while(|&&x| x < 990_000).step_by(7).map(|&x| u64::from(x)).sum();
            let collatz = v
                .iter()
                .take(200)
                .flat_map(|&x| Collatz(u64::from(x % 10_000) + 1))
                .filter(|n| n % 3 == 0)
                .count() as u64;
            let mut runs = 0u64;
            let mut pixels = inputs.pixels.iter().peekable();
            while let Some(&b) = pixels.next() {
                while pixels.peek() == Some(&&b) {
                    pixels.next();
                }
                runs += 1;
            }
            let tail = running.iter().rev().step_by(100).fold(0u64, |h, &x| h.wrapping_mul(31) ^ x);
            let result = dot ^ (rises << 40) ^ chunk_max.rotate_left(20) ^ (leading_small << 52)
                ^ after_big ^ (collatz << 28) ^ (runs << 8) ^ tail;
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- bst_tree

        /// A node of an unbalanced binary search tree that counts duplicates.
        struct TreeNode {
            key: u32,
            count: u32,
            left: Option<Box<TreeNode>>,
            right: Option<Box<TreeNode>>,
        }

        $(#[$h])?
        fn tree_insert(node: &mut Option<Box<TreeNode>>, key: u32) {
            match node {
                None => *node = Some(Box::new(TreeNode { key, count: 1, left: None, right: None })),
                Some(n) => match key.cmp(&n.key) {
                    Ordering::Less => tree_insert(&mut n.left, key),
                    Ordering::Greater => tree_insert(&mut n.right, key),
                    Ordering::Equal => n.count += 1,
                },
            }
        }

        $(#[$h])?
        fn tree_height(node: &Option<Box<TreeNode>>) -> usize {
            node.as_ref().map_or(0, |n| 1 + tree_height(&n.left).max(tree_height(&n.right)))
        }

        $(#[$h])?
        fn tree_in_order(node: &Option<Box<TreeNode>>, out: &mut Vec<(u32, u32)>) {
            if let Some(n) = node {
                tree_in_order(&n.left, out);
                out.push((n.key, n.count));
                tree_in_order(&n.right, out);
            }
        }

        $(#[$h])?
        fn tree_contains(mut node: &Option<Box<TreeNode>>, key: u32) -> bool {
            while let Some(n) = node {
                node = match key.cmp(&n.key) {
                    Ordering::Less => &n.left,
                    Ordering::Greater => &n.right,
                    Ordering::Equal => return true,
                };
            }
            false
        }

        /// Builds a BST of numbers (mod 50 000, so with duplicates), walks and queries it.
        $(#[$h])?
        #[inline(never)]
        pub fn bst_tree(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut root = None;
            for &x in inputs.numbers.iter().take(inputs.n) {
                tree_insert(&mut root, x % 50_000);
            }
            let mut sorted = Vec::new();
            tree_in_order(&root, &mut sorted);
            assert!(sorted.windows(2).all(|w| w[0].0 < w[1].0), "in order");
            let found = (0..50_000).step_by(37).filter(|&k| tree_contains(&root, k)).count() as u64;
            let result = digest(sorted.iter().map(|&(k, c)| (u64::from(k) << 8) | u64::from(c)))
                ^ ((tree_height(&root) as u64) << 56)
                ^ (found << 40);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- merge_sort

        /// Top-down merge sort with a scratch buffer; insertion sort for short runs.
        $(#[$h])?
        fn merge_sort(v: &mut [i64], buf: &mut Vec<i64>) {
            if v.len() <= 16 {
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
            merge_sort(&mut v[..mid], buf);
            merge_sort(&mut v[mid..], buf);
            buf.clear();
            let (mut i, mut j) = (0, mid);
            while i < mid && j < v.len() {
                if v[i] <= v[j] {
                    buf.push(v[i]);
                    i += 1;
                } else {
                    buf.push(v[j]);
                    j += 1;
                }
            }
            buf.extend_from_slice(&v[i..mid]);
            buf.extend_from_slice(&v[j..]);
            v.copy_from_slice(buf);
        }

        /// Merge-sorts the signed values and checks the order.
        $(#[$h])?
        #[inline(never)]
        pub fn merge_sort_signed(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut values = inputs.signed.clone();
            let mut buf = Vec::with_capacity(values.len());
            merge_sort(&mut values, &mut buf);
            assert!(values.windows(2).all(|w| w[0] <= w[1]), "sorted");
            let result = digest(values.iter().step_by(10).map(|&x| x as u64));
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- quickselect

        /// The `k`-th smallest value (0-based), by quickselect with a median-of-three pivot.
        $(#[$h])?
        fn select_nth(values: &mut [u32], k: usize) -> u32 {
            let (mut lo, mut hi) = (0, values.len() - 1);
            loop {
                if lo == hi {
                    return values[lo];
                }
                let mid = lo + (hi - lo) / 2;
                if values[mid] < values[lo] {
                    values.swap(mid, lo);
                }
                if values[hi] < values[lo] {
                    values.swap(hi, lo);
                }
                if values[mid] < values[hi] {
                    values.swap(mid, hi);
                }
                let pivot = values[hi];
                let mut store = lo;
                for i in lo..hi {
                    if values[i] < pivot {
                        values.swap(i, store);
                        store += 1;
                    }
                }
                values.swap(store, hi);
                match k.cmp(&store) {
                    Ordering::Equal => return values[store],
                    Ordering::Less => hi = store - 1,
                    Ordering::Greater => lo = store + 1,
                }
            }
        }

        /// Median, quartiles and the 1st percentile of the numbers by quickselect.
        $(#[$h])?
        #[inline(never)]
        pub fn quickselect(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut values = inputs.numbers.clone();
            let len = values.len();
            let mut result = 0u64;
            for k in [len / 2, len / 4, len * 3 / 4, len / 100] {
                let v = select_nth(&mut values, k);
                result = result.rotate_left(16) ^ u64::from(v);
            }
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- life

        /// One generation of Conway's Life on a torus.
        $(#[$h])?
        fn life_step(cells: &[bool], width: usize, height: usize) -> Vec<bool> {
            let mut next = vec![false; cells.len()];
            for y in 0..height {
                let rows = [(y + height - 1) % height, y, (y + 1) % height];
                for x in 0..width {
                    let cols = [(x + width - 1) % width, x, (x + 1) % width];
                    let mut count = 0;
                    for &r in &rows {
                        for &c in &cols {
                            if cells[r * width + c] {
                                count += 1;
                            }
                        }
                    }
                    let alive = cells[y * width + x];
                    if alive {
                        count -= 1;
                    }
                    next[y * width + x] = count == 3 || (alive && count == 2);
                }
            }
            next
        }

        /// Two generations of Life from the maze's walls.
        $(#[$h])?
        #[inline(never)]
        pub fn life(inputs: &Inputs) -> u64 {
            let grid = &std::hint::black_box(inputs).grid;
            let (height, width) = (grid.len(), grid[0].len());
            let mut cells: Vec<bool> = grid.iter().flatten().copied().collect();
            for _ in 0..2 {
                cells = life_step(&cells, width, height);
            }
            let population = cells.iter().filter(|&&c| c).count() as u64;
            let positions = cells
                .iter()
                .enumerate()
                .filter(|(_, c)| **c)
                .fold(0u64, |h, (i, _)| h.wrapping_mul(1_000_003).wrapping_add(i as u64));
            std::hint::black_box(positions ^ (population << 48)) ^ SALT
        }

        // ---------------------------------------------------------------- bloom_filter

        /// Two independent string hashes for double hashing.
        $(#[$h])?
        fn hash_pair(item: &str) -> (u64, u64) {
            let (mut h1, mut h2) = (0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4u64);
            for &b in item.as_bytes() {
                h1 = (h1 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
                h2 = h2.wrapping_mul(31).wrapping_add(u64::from(b));
            }
            (h1, h2 | 1)
        }

        /// A Bloom filter: about ten bits an item, `hashes` probes.
        struct BloomFilter {
            bits: Vec<u64>,
            hashes: u32,
        }

        impl BloomFilter {
            $(#[$h])?
            fn with_capacity(items: usize, hashes: u32) -> Self {
                let words = (items * 10).div_ceil(64).max(1);
                BloomFilter { bits: vec![0; words], hashes }
            }

            $(#[$h])?
            fn insert(&mut self, item: &str) {
                let (h1, h2) = hash_pair(item);
                let n = self.bits.len() as u64 * 64;
                for i in 0..u64::from(self.hashes) {
                    let bit = h1.wrapping_add(i.wrapping_mul(h2)) % n;
                    self.bits[(bit / 64) as usize] |= 1 << (bit % 64);
                }
            }

            $(#[$h])?
            fn contains(&self, item: &str) -> bool {
                let (h1, h2) = hash_pair(item);
                let n = self.bits.len() as u64 * 64;
                (0..u64::from(self.hashes)).all(|i| {
                    let bit = h1.wrapping_add(i.wrapping_mul(h2)) % n;
                    self.bits[(bit / 64) as usize] & (1 << (bit % 64)) != 0
                })
            }

            $(#[$h])?
            fn fill_ratio(&self) -> f64 {
                let ones: u32 = self.bits.iter().map(|w| w.count_ones()).sum();
                f64::from(ones) / (self.bits.len() * 64) as f64
            }
        }

        /// Inserts half the words into a Bloom filter; queries all words and near misses.
        $(#[$h])?
        #[inline(never)]
        pub fn bloom_filter(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let half = inputs.words.len() / 2;
            let mut filter = BloomFilter::with_capacity(half, 7);
            let mut exact = HashSet::with_capacity(half);
            for word in &inputs.words[..half] {
                filter.insert(word);
                exact.insert(word.as_str());
            }
            let (mut positives, mut false_positives) = (0u64, 0u64);
            let mut probe = String::new();
            for word in &inputs.words {
                for suffix in ["", "x"] {
                    probe.clear();
                    probe.push_str(word);
                    probe.push_str(suffix);
                    if filter.contains(&probe) {
                        positives += 1;
                        if !exact.contains(probe.as_str()) {
                            false_positives += 1;
                        }
                    }
                }
            }
            let result = (positives << 32) ^ false_positives ^ filter.fill_ratio().to_bits();
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- ring_buffer

        /// A fixed-capacity ring buffer that overwrites its oldest item when full.
        struct RingBuffer<T> {
            slots: Vec<Option<T>>,
            head: usize,
            len: usize,
        }

        impl<T: Copy> RingBuffer<T> {
            $(#[$h])?
            fn with_capacity(capacity: usize) -> Self {
                RingBuffer { slots: vec![None; capacity], head: 0, len: 0 }
            }

            /// Appends `value`; returns the item it overwrote, if the buffer was full.
            $(#[$h])?
            fn push(&mut self, value: T) -> Option<T> {
                let capacity = self.slots.len();
                let tail = (self.head + self.len) % capacity;
                let evicted = if self.len == capacity {
                    let old = self.slots[self.head].take();
                    self.head = (self.head + 1) % capacity;
                    old
                } else {
                    self.len += 1;
                    None
                };
                self.slots[tail] = Some(value);
                evicted
            }

            $(#[$h])?
            fn pop(&mut self) -> Option<T> {
                if self.len == 0 {
                    return None;
                }
                let value = self.slots[self.head].take();
                self.head = (self.head + 1) % self.slots.len();
                self.len -= 1;
                value
            }

            $(#[$h])?
            fn iter(&self) -> impl Iterator<Item = &T> {
                (0..self.len).filter_map(move |i| self.slots[(self.head + i) % self.slots.len()].as_ref())
            }
        }

        /// A moving average over a ring buffer, and a bounded queue fed and drained.
        $(#[$h])?
        #[inline(never)]
        pub fn ring_buffer(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut window = RingBuffer::with_capacity(32);
            let mut sum = 0.0;
            let mut averages = 0u64;
            for (i, &x) in inputs.floats.iter().enumerate() {
                sum += x;
                if let Some(old) = window.push(x) {
                    sum -= old;
                }
                if i % 100 == 99 {
                    let peak = window.iter().copied().fold(f64::MIN, f64::max);
                    averages = averages.rotate_left(3) ^ (sum / 32.0).to_bits() ^ peak.to_bits();
                }
            }
            let mut queue = RingBuffer::with_capacity(64);
            let (mut drained, mut dropped) = (0i64, 0u64);
            for &v in &inputs.signed {
                if queue.push(v).is_some() {
                    dropped += 1;
                }
                if v < 0 {
                    drained += queue.pop().unwrap_or(0) + queue.pop().unwrap_or(0);
                }
            }
            let left: i64 = queue.iter().sum();
            let result = averages ^ (drained as u64) ^ (dropped << 40) ^ (left as u64).rotate_left(20);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- trie_prefixes

        #[derive(Default)]
        struct TrieNode {
            children: [Option<u32>; 26],
            words: u32,
            prefixes: u32,
        }

        /// A trie of lowercase words, its nodes in one `Vec`.
        struct Trie {
            nodes: Vec<TrieNode>,
        }

        impl Trie {
            $(#[$h])?
            fn new() -> Self {
                Trie { nodes: vec![TrieNode::default()] }
            }

            $(#[$h])?
            fn insert(&mut self, word: &str) {
                let mut node = 0;
                for b in word.bytes() {
                    let slot = usize::from(b - b'a');
                    node = match self.nodes[node].children[slot] {
                        Some(child) => child as usize,
                        None => {
                            self.nodes.push(TrieNode::default());
                            let child = self.nodes.len() - 1;
                            self.nodes[node].children[slot] = Some(child as u32);
                            child
                        }
                    };
                    self.nodes[node].prefixes += 1;
                }
                self.nodes[node].words += 1;
            }

            $(#[$h])?
            fn find(&self, prefix: &str) -> Option<&TrieNode> {
                let mut node = 0;
                for b in prefix.bytes() {
                    node = self.nodes[node].children[usize::from(b - b'a')]? as usize;
                }
                Some(&self.nodes[node])
            }

            $(#[$h])?
            fn count_prefix(&self, prefix: &str) -> u32 {
                self.find(prefix).map_or(0, |n| n.prefixes)
            }

            $(#[$h])?
            fn contains(&self, word: &str) -> bool {
                self.find(word).is_some_and(|n| n.words > 0)
            }
        }

        /// Inserts every word into a trie, then looks words and prefixes up.
        $(#[$h])?
        #[inline(never)]
        pub fn trie_prefixes(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut trie = Trie::new();
            for word in &inputs.words {
                trie.insert(word);
            }
            let (mut found, mut prefix_total, mut misses) = (0u64, 0u64, 0u64);
            for word in &inputs.words {
                if trie.contains(word) {
                    found += 1;
                }
                for len in [2, 4] {
                    if let Some(prefix) = word.get(..len) {
                        prefix_total += u64::from(trie.count_prefix(prefix));
                    }
                }
                if !trie.contains(&word[1..]) {
                    misses += 1;
                }
            }
            let result = (found << 40) ^ prefix_total ^ (misses << 24) ^ ((trie.nodes.len() as u64) << 52);
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- kmeans

        /// Five rounds of k-means (k = 5): assign each point, move each centroid.
        $(#[$h])?
        #[inline(never)]
        pub fn kmeans(inputs: &Inputs) -> u64 {
            let points = &std::hint::black_box(inputs).points;
            let k = 5;
            let mut centroids: Vec<(f64, f64)> = points.iter().step_by(points.len() / k).take(k).copied().collect();
            let mut assignment = vec![0usize; points.len()];
            for _ in 0..5 {
                for (slot, &(x, y)) in assignment.iter_mut().zip(points) {
                    *slot = centroids
                        .iter()
                        .enumerate()
                        .map(|(i, &(cx, cy))| (i, (x - cx).powi(2) + (y - cy).powi(2)))
                        .min_by(|a, b| a.1.total_cmp(&b.1))
                        .map(|(i, _)| i)
                        .unwrap();
                }
                let mut sums = vec![(0.0, 0.0, 0usize); k];
                for (&c, &(x, y)) in assignment.iter().zip(points) {
                    let s = &mut sums[c];
                    s.0 += x;
                    s.1 += y;
                    s.2 += 1;
                }
                for (centroid, &(sx, sy, n)) in centroids.iter_mut().zip(&sums) {
                    if n > 0 {
                        *centroid = (sx / n as f64, sy / n as f64);
                    }
                }
            }
            let inertia: f64 = assignment
                .iter()
                .zip(points)
                .map(|(&c, &(x, y))| (x - centroids[c].0).powi(2) + (y - centroids[c].1).powi(2))
                .sum();
            let result = centroids.iter().fold(inertia.to_bits(), |h, &(x, y)| h.rotate_left(7) ^ x.to_bits() ^ y.to_bits());
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- kmp_search

        /// The Knuth-Morris-Pratt failure function.
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

        /// Every (possibly overlapping) occurrence of `pattern` in `text`.
        $(#[$h])?
        fn kmp_find_all(text: &[u8], pattern: &[u8]) -> Vec<usize> {
            let table = failure_table(pattern);
            let mut matches = Vec::new();
            let mut k = 0;
            for (i, &b) in text.iter().enumerate() {
                while k > 0 && b != pattern[k] {
                    k = table[k - 1];
                }
                if b == pattern[k] {
                    k += 1;
                }
                if k == pattern.len() {
                    matches.push(i + 1 - k);
                    k = table[k - 1];
                }
            }
            matches
        }

        /// Finds a few patterns in the text with KMP.
        $(#[$h])?
        #[inline(never)]
        pub fn kmp_search(inputs: &Inputs) -> u64 {
            let text = std::hint::black_box(inputs).text.as_bytes();
            let patterns = ["kalo", "mine ra", "anel", "tosu vi", "ororor", "ip ip"];
            let mut result = 0u64;
            for pattern in patterns {
                let found = kmp_find_all(text, pattern.as_bytes());
                let first = found.first().copied().unwrap_or(usize::MAX) as u64;
                let positions: usize = found.iter().sum();
                result = result.rotate_left(10) ^ (found.len() as u64) ^ first ^ ((positions as u64) << 20);
            }
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- slice_in_place

        /// In-place slice and `Vec` operations: reverse, rotate, swap, retain, sort, dedup.
        $(#[$h])?
        #[inline(never)]
        pub fn slice_in_place(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut v = inputs.signed.clone();
            v.reverse();
            let len = v.len();
            v.rotate_left(len / 3);
            for pair in v.chunks_exact_mut(2) {
                if pair[0] > pair[1] {
                    pair.swap(0, 1);
                }
            }
            v.retain(|&x| x % 3 != 0);
            v.sort_unstable();
            v.dedup();
            let split = v.partition_point(|&x| x < 0);
            v[..split].reverse();
            let shift = 7.min(v.len());
            v.rotate_right(shift);
            v.truncate(v.len() - v.len() / 10);
            let last = v.len() - 1;
            v.swap(0, last);
            let result = v
                .iter()
                .enumerate()
                .fold(0u64, |h, (i, &x)| h.wrapping_mul(31).wrapping_add((x as u64) ^ i as u64));
            std::hint::black_box(result) ^ SALT
        }

        // ---------------------------------------------------------------- the list

        /// The kernels of this copy, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = &[
            ("lex_tokens", lex_tokens),
            ("parse_eval", parse_eval),
            ("csv_fields", csv_fields),
            ("rle_round_trip", rle_round_trip),
            ("grid_bfs", grid_bfs),
            ("grid_components", grid_components),
            ("dijkstra", dijkstra),
            ("kruskal_mst", kruskal_mst),
            ("topo_sort", topo_sort),
            ("lcs", lcs),
            ("knapsack", knapsack),
            ("coin_change", coin_change),
            ("sliding_max", sliding_max),
            ("prefix_ranges", prefix_ranges),
            ("sorted_lookup", sorted_lookup),
            ("sort_records", sort_records),
            ("btree_ranges", btree_ranges),
            ("group_words", group_words),
            ("dedup_set", dedup_set),
            ("format_report", format_report),
            ("case_convert", case_convert),
            ("bitboards", bitboards),
            ("hash_buckets", hash_buckets),
            ("newton_roots", newton_roots),
            ("simpson_integrals", simpson_integrals),
            ("float_stats", float_stats),
            ("particles", particles),
            ("shapes", shapes),
            ("generic_bounds", generic_bounds),
            ("stack_vm", stack_vm),
            ("config_parse", config_parse),
            ("closure_stages", closure_stages),
            ("iter_chains", iter_chains),
            ("bst_tree", bst_tree),
            ("merge_sort_signed", merge_sort_signed),
            ("quickselect", quickselect),
            ("life", life),
            ("bloom_filter", bloom_filter),
            ("ring_buffer", ring_buffer),
            ("trie_prefixes", trie_prefixes),
            ("kmeans", kmeans),
            ("kmp_search", kmp_search),
            ("slice_in_place", slice_in_place),
        ];
    };
}

pub mod plain {
    use super::*;
    suite!(0x0E1_0001);
}

pub mod twin {
    use super::*;
    suite!(0x0E1_0002);
}

pub mod haltable {
    use super::*;
    suite!(0x0E1_0003, #[threadmgr::haltable]);
}
