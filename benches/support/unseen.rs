//! "Unseen" kernels: a seventh suite of ordinary Rust, written in issue 11's thirty-second
//! session in one go, before any of it was built with the attribute or measured, to measure
//! `#[haltable]` on code that no earlier change was made for. Nothing in it was chosen or
//! changed after seeing what the macro does with it.
//!
//! The frame is that of `fresh.rs`: the kernels and their helpers are written once, in the body
//! of [`suite!`], and emitted three times, in three modules that each export `KERNELS`:
//! - `plain`: as written;
//! - `twin`: as written, a second time: the A/A control;
//! - `haltable`: every fn (kernels, helpers, methods, trait impls, trait default methods) with
//!   its own `#[threadmgr::haltable]`, as a user who annotates each fn writes it.
//!
//! Kernels are `#[inline(never)]`, black-box their inputs, and return a `u64` digest mixed with
//! a per-copy `SALT` (see `fresh.rs` for why).

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet, VecDeque};
use std::fmt::Write;
use std::ops::{Add, AddAssign, Mul, Sub};

/// Everything the kernels read; built once, deterministically.
pub struct Inputs {
    /// English-like prose: words, capitals, punctuation, line breaks.
    pub text: String,
    /// Signed integers in -1000..1000.
    pub nums: Vec<i64>,
    /// Floats in 0..100, a few clusters.
    pub floats: Vec<f64>,
    /// Bodies for the n-body step: position and velocity.
    pub bodies: Vec<([f64; 3], [f64; 3])>,
    /// A weighted directed graph as an edge list over `nodes` nodes.
    pub edges: Vec<(u32, u32, u32)>,
    pub nodes: usize,
    /// Log lines: `2024-03-07T12:34:56 LEVEL module: message key=value ...`.
    pub logs: Vec<String>,
    /// Random bytes with runs.
    pub bytes: Vec<u8>,
    /// Arithmetic expressions over integers, with parentheses.
    pub exprs: Vec<String>,
    /// Half-open intervals.
    pub intervals: Vec<(u32, u32)>,
    /// A `side` x `side` board of live (true) and dead cells.
    pub board: Vec<bool>,
    pub side: usize,
    /// Items for the knapsack: (weight, value).
    pub items: Vec<(usize, u64)>,
    pub capacity: usize,
    /// Keys accessed through the cache.
    pub accesses: Vec<u64>,
    /// Sorted keys and queries into them.
    pub sorted: Vec<u32>,
    pub queries: Vec<u32>,
    /// Polynomial coefficients, lowest degree first.
    pub coeffs: Vec<f64>,
    /// How far the sieve, Collatz and roman kernels go.
    pub limit: usize,
}

struct Rng(u64);

impl Rng {
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

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn word(&mut self) -> String {
        const PARTS: [&str; 16] = [
            "th", "e", "an", "ing", "re", "st", "o", "al", "ou", "ar", "le", "in", "ed", "er", "s",
            "ch",
        ];
        let n = 1 + self.below(3) as usize;
        (0..n).map(|_| PARTS[self.below(16) as usize]).collect()
    }
}

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let scale = scale.max(1);
        let sized = |n: usize, min: usize| (n / scale).max(min);
        let mut rng = Rng(0x5EED_0032_2026_1207);

        let mut text = String::new();
        let vocabulary: Vec<String> = (0..600).map(|_| rng.word()).collect();
        while text.len() < sized(48 * 1024, 256) {
            let mut word = vocabulary[(rng.below(600) * rng.below(600) / 600) as usize].clone();
            if rng.below(12) == 0 {
                word[..1].make_ascii_uppercase();
            }
            text.push_str(&word);
            text.push_str(match rng.below(20) {
                0 => ". ",
                1 => ", ",
                2 => "\n",
                3 => "; ",
                _ => " ",
            });
        }

        let nums = (0..sized(20_000, 64))
            .map(|_| rng.below(2000) as i64 - 1000)
            .collect();
        let floats = (0..sized(20_000, 64))
            .map(|_| {
                let centre = [12.0, 40.0, 77.0][rng.below(3) as usize];
                (centre + (rng.unit() - 0.5) * 30.0).clamp(0.0, 99.999)
            })
            .collect();
        let bodies = (0..sized(256, 8))
            .map(|_| {
                let p = [rng.unit() * 10.0, rng.unit() * 10.0, rng.unit() * 10.0];
                let v = [rng.unit() - 0.5, rng.unit() - 0.5, rng.unit() - 0.5];
                (p, v)
            })
            .collect();
        let nodes = sized(3000, 16);
        let edges = (0..nodes * 4)
            .map(|i| {
                let from = (i % nodes) as u32;
                let to = rng.below(nodes as u64) as u32;
                (from, to, 1 + rng.below(100) as u32)
            })
            .collect();
        const LEVELS: [&str; 4] = ["INFO", "WARN", "ERROR", "DEBUG"];
        const MODULES: [&str; 6] = ["net", "db", "auth", "cache", "http", "queue"];
        let logs = (0..sized(4000, 16))
            .map(|i| {
                let mut line = format!(
                    "2024-03-{:02}T{:02}:{:02}:{:02} {} {}: {} {}",
                    1 + i % 28,
                    rng.below(24),
                    rng.below(60),
                    rng.below(60),
                    LEVELS[rng.below(4) as usize],
                    MODULES[rng.below(6) as usize],
                    rng.word(),
                    rng.word(),
                );
                for _ in 0..rng.below(4) {
                    let key = ["ms", "bytes", "user", "retry"][rng.below(4) as usize];
                    if rng.below(15) == 0 {
                        let _ = write!(line, " {key}=oops");
                    } else {
                        let _ = write!(line, " {key}={}", rng.below(5000));
                    }
                }
                line
            })
            .collect();
        let mut bytes = Vec::with_capacity(sized(64 * 1024, 64));
        while bytes.len() < sized(64 * 1024, 64) {
            let b = rng.next() as u8;
            let run = if rng.below(4) == 0 {
                2 + rng.below(30)
            } else {
                1
            };
            for _ in 0..run {
                bytes.push(b);
            }
        }
        bytes.truncate(sized(64 * 1024, 64));
        let exprs = (0..sized(1500, 8))
            .map(|_| {
                let mut e = String::new();
                let terms = 2 + rng.below(8);
                let mut open = 0;
                for t in 0..terms {
                    if rng.below(4) == 0 {
                        e.push('(');
                        open += 1;
                    }
                    let _ = write!(e, "{}", rng.below(100));
                    if open > 0 && rng.below(3) == 0 {
                        e.push(')');
                        open -= 1;
                    }
                    if t + 1 < terms {
                        e.push_str([" + ", " - ", " * ", " / "][rng.below(4) as usize]);
                    }
                }
                for _ in 0..open {
                    e.push(')');
                }
                e
            })
            .collect();
        let intervals = (0..sized(10_000, 16))
            .map(|_| {
                let start = rng.below(1_000_000) as u32;
                (start, start + 1 + rng.below(300) as u32)
            })
            .collect();
        let side = if scale > 1 { 16 } else { 64 };
        let board = (0..side * side).map(|_| rng.below(3) == 0).collect();
        let items = (0..sized(120, 8))
            .map(|_| (1 + rng.below(40) as usize, 1 + rng.below(500)))
            .collect();
        let capacity = if scale > 1 { 50 } else { 1000 };
        let accesses = (0..sized(20_000, 64))
            .map(|_| {
                if rng.below(10) < 7 {
                    rng.below(48)
                } else {
                    rng.below(400)
                }
            })
            .collect();
        let mut sorted: Vec<u32> = (0..sized(50_000, 64))
            .map(|_| rng.below(10_000_000) as u32)
            .collect();
        sorted.sort_unstable();
        let queries = (0..sized(20_000, 64))
            .map(|_| rng.below(10_000_000) as u32)
            .collect();
        let coeffs = (0..24).map(|_| rng.unit() * 2.0 - 1.0).collect();
        Inputs {
            text,
            nums,
            floats,
            bodies,
            edges,
            nodes,
            logs,
            bytes,
            exprs,
            intervals,
            board,
            side,
            items,
            capacity,
            accesses,
            sorted,
            queries,
            coeffs,
            limit: sized(60_000, 100),
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
        /// Mixed into every result of this copy.
        pub const SALT: u64 = $salt;

        $(#[$h])?
        fn mix(h: u64, v: u64) -> u64 {
            (h ^ v).wrapping_mul(0x100_0000_01b3).rotate_left(17)
        }

        // ---------------------------------------------------------------- nbody_step

        #[derive(Clone, Copy, Debug, Default, PartialEq)]
        struct Vec3 {
            x: f64,
            y: f64,
            z: f64,
        }

        impl Vec3 {
            $(#[$h])?
            fn new(x: f64, y: f64, z: f64) -> Vec3 {
                Vec3 { x, y, z }
            }

            $(#[$h])?
            fn from_array(a: [f64; 3]) -> Vec3 {
                Vec3::new(a[0], a[1], a[2])
            }

            $(#[$h])?
            fn norm_squared(&self) -> f64 {
                self.x * self.x + self.y * self.y + self.z * self.z
            }
        }

        impl Add for Vec3 {
            type Output = Vec3;
            $(#[$h])?
            fn add(self, o: Vec3) -> Vec3 {
                Vec3::new(self.x + o.x, self.y + o.y, self.z + o.z)
            }
        }

        impl Sub for Vec3 {
            type Output = Vec3;
            $(#[$h])?
            fn sub(self, o: Vec3) -> Vec3 {
                Vec3::new(self.x - o.x, self.y - o.y, self.z - o.z)
            }
        }

        impl Mul<f64> for Vec3 {
            type Output = Vec3;
            $(#[$h])?
            fn mul(self, k: f64) -> Vec3 {
                Vec3::new(self.x * k, self.y * k, self.z * k)
            }
        }

        impl AddAssign for Vec3 {
            $(#[$h])?
            fn add_assign(&mut self, o: Vec3) {
                *self = *self + o;
            }
        }

        /// Two steps of a softened gravitational n-body simulation.
        $(#[$h])?
        #[inline(never)]
        fn nbody_step(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut pos: Vec<Vec3> = inputs.bodies.iter().map(|b| Vec3::from_array(b.0)).collect();
            let mut vel: Vec<Vec3> = inputs.bodies.iter().map(|b| Vec3::from_array(b.1)).collect();
            let dt = 0.001;
            for _ in 0..2 {
                let mut acc = vec![Vec3::default(); pos.len()];
                for i in 0..pos.len() {
                    for j in 0..pos.len() {
                        if i == j {
                            continue;
                        }
                        let d = pos[j] - pos[i];
                        let r2 = d.norm_squared() + 0.01;
                        acc[i] += d * (1.0 / (r2 * r2.sqrt()));
                    }
                }
                for ((p, v), a) in pos.iter_mut().zip(vel.iter_mut()).zip(&acc) {
                    *v += *a * dt;
                    *p += *v * dt;
                }
            }
            let e: f64 = vel.iter().map(|v| 0.5 * v.norm_squared()).sum();
            std::hint::black_box(e.to_bits()) ^ SALT
        }

        // ---------------------------------------------------------------- word_freq_top

        /// The ten most frequent words (lowercased, punctuation trimmed), ties by word.
        $(#[$h])?
        #[inline(never)]
        fn word_freq_top(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut counts: HashMap<String, usize> = HashMap::new();
            for word in inputs.text.split_whitespace() {
                let word = word.trim_matches(|c: char| !c.is_alphanumeric());
                if word.is_empty() {
                    continue;
                }
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            }
            let mut pairs: Vec<(&String, &usize)> = counts.iter().collect();
            pairs.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            let mut h = counts.len() as u64;
            for (word, count) in pairs.into_iter().take(10) {
                h = mix(h, *count as u64);
                h = mix(h, word.len() as u64);
            }
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- dijkstra

        $(#[$h])?
        fn adjacency(edges: &[(u32, u32, u32)], nodes: usize) -> Vec<Vec<(usize, u64)>> {
            let mut adj = vec![Vec::new(); nodes];
            for &(from, to, w) in edges {
                adj[from as usize].push((to as usize, u64::from(w)));
            }
            adj
        }

        /// Shortest distances from node 0 with a binary heap.
        $(#[$h])?
        #[inline(never)]
        fn dijkstra(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let adj = adjacency(&inputs.edges, inputs.nodes);
            let mut dist = vec![u64::MAX; inputs.nodes];
            let mut heap = BinaryHeap::new();
            dist[0] = 0;
            heap.push(Reverse((0u64, 0usize)));
            while let Some(Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for &(v, w) in &adj[u] {
                    let nd = d + w;
                    if nd < dist[v] {
                        dist[v] = nd;
                        heap.push(Reverse((nd, v)));
                    }
                }
            }
            let reached = dist.iter().filter(|&&d| d != u64::MAX).count() as u64;
            let total: u64 = dist.iter().filter(|&&d| d != u64::MAX).sum();
            std::hint::black_box(reached << 40 ^ total) ^ SALT
        }

        // ---------------------------------------------------------------- union_find

        struct Dsu {
            parent: Vec<usize>,
            rank: Vec<u8>,
        }

        impl Dsu {
            $(#[$h])?
            fn new(n: usize) -> Self {
                Dsu {
                    parent: (0..n).collect(),
                    rank: vec![0; n],
                }
            }

            $(#[$h])?
            fn find(&mut self, x: usize) -> usize {
                if self.parent[x] != x {
                    let root = self.find(self.parent[x]);
                    self.parent[x] = root;
                }
                self.parent[x]
            }

            $(#[$h])?
            fn union(&mut self, a: usize, b: usize) -> bool {
                let (ra, rb) = (self.find(a), self.find(b));
                if ra == rb {
                    return false;
                }
                match self.rank[ra].cmp(&self.rank[rb]) {
                    Ordering::Less => self.parent[ra] = rb,
                    Ordering::Greater => self.parent[rb] = ra,
                    Ordering::Equal => {
                        self.parent[rb] = ra;
                        self.rank[ra] += 1;
                    }
                }
                true
            }
        }

        /// Connected components as the edges arrive.
        $(#[$h])?
        #[inline(never)]
        fn union_find(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut dsu = Dsu::new(inputs.nodes);
            let mut components = inputs.nodes as u64;
            let mut h = 0;
            for (i, &(a, b, _)) in inputs.edges.iter().enumerate() {
                if i % 3 != 0 {
                    continue;
                }
                if dsu.union(a as usize, b as usize) {
                    components -= 1;
                }
                h = mix(h, components);
            }
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- merge_sort

        $(#[$h])?
        fn merge_sort(v: &mut [i64], scratch: &mut Vec<i64>) {
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
            {
                let (left, right) = v.split_at_mut(mid);
                merge_sort(left, scratch);
                merge_sort(right, scratch);
            }
            scratch.clear();
            let (mut i, mut j) = (0, mid);
            while i < mid && j < v.len() {
                if v[i] <= v[j] {
                    scratch.push(v[i]);
                    i += 1;
                } else {
                    scratch.push(v[j]);
                    j += 1;
                }
            }
            scratch.extend_from_slice(&v[i..mid]);
            scratch.extend_from_slice(&v[j..]);
            v.copy_from_slice(scratch);
        }

        /// A top-down merge sort with an insertion sort for short runs.
        $(#[$h])?
        #[inline(never)]
        fn merge_sorted(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut v = inputs.nums.clone();
            let mut scratch = Vec::with_capacity(v.len());
            merge_sort(&mut v, &mut scratch);
            let h = v.iter().step_by(97).fold(0u64, |h, &x| mix(h, x as u64));
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- quickselect

        $(#[$h])?
        fn partition(v: &mut [i64], pivot_index: usize) -> usize {
            let last = v.len() - 1;
            v.swap(pivot_index, last);
            let pivot = v[last];
            let mut store = 0;
            for i in 0..last {
                if v[i] < pivot {
                    v.swap(i, store);
                    store += 1;
                }
            }
            v.swap(store, last);
            store
        }

        $(#[$h])?
        fn select(mut v: &mut [i64], mut k: usize) -> i64 {
            loop {
                if v.len() == 1 {
                    return v[0];
                }
                let p = partition(v, v.len() / 2);
                match k.cmp(&p) {
                    Ordering::Equal => return v[p],
                    Ordering::Less => v = &mut v[..p],
                    Ordering::Greater => {
                        v = &mut v[p + 1..];
                        k -= p + 1;
                    }
                }
            }
        }

        /// Quartiles by quickselect.
        $(#[$h])?
        #[inline(never)]
        fn quickselect(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut h = 0;
            for q in 1..4 {
                let mut v = inputs.nums.clone();
                let k = v.len() * q / 4;
                h = mix(h, select(&mut v, k) as u64);
            }
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- trie

        #[derive(Default)]
        struct TrieNode {
            children: [Option<Box<TrieNode>>; 26],
            count: u32,
            terminal: bool,
        }

        impl TrieNode {
            $(#[$h])?
            fn insert(&mut self, word: &[u8]) {
                let mut node = self;
                for &b in word {
                    node.count += 1;
                    let slot = &mut node.children[usize::from(b - b'a')];
                    node = slot.get_or_insert_with(Box::default);
                }
                node.count += 1;
                node.terminal = true;
            }

            $(#[$h])?
            fn prefix_count(&self, prefix: &[u8]) -> u32 {
                let mut node = self;
                for &b in prefix {
                    match &node.children[usize::from(b - b'a')] {
                        Some(child) => node = child,
                        None => return 0,
                    }
                }
                node.count
            }

            $(#[$h])?
            fn words(&self) -> u32 {
                u32::from(self.terminal)
                    + self.children.iter().flatten().map(|c| c.words()).sum::<u32>()
            }
        }

        /// A trie of the lowercase words, then prefix queries.
        $(#[$h])?
        #[inline(never)]
        fn trie_prefixes(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut root = TrieNode::default();
            let words: Vec<String> = inputs
                .text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .map(|w| w.to_ascii_lowercase())
                .collect();
            for w in &words {
                root.insert(w.as_bytes());
            }
            let mut h = u64::from(root.words());
            for w in words.iter().step_by(7) {
                let cut = w.len().min(3);
                h = mix(h, u64::from(root.prefix_count(&w.as_bytes()[..cut])));
            }
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- mandelbrot

        $(#[$h])?
        fn escape_time(cx: f64, cy: f64, max_iter: u32) -> u32 {
            let (mut x, mut y) = (0.0f64, 0.0f64);
            let mut i = 0;
            while i < max_iter && x * x + y * y <= 4.0 {
                let xt = x * x - y * y + cx;
                y = 2.0 * x * y + cy;
                x = xt;
                i += 1;
            }
            i
        }

        /// The Mandelbrot set on a small grid.
        $(#[$h])?
        #[inline(never)]
        fn mandelbrot(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let (w, hgt) = (inputs.side * 2, inputs.side);
            let mut total = 0u64;
            for py in 0..hgt {
                for px in 0..w {
                    let cx = -2.0 + 3.0 * px as f64 / w as f64;
                    let cy = -1.2 + 2.4 * py as f64 / hgt as f64;
                    total += u64::from(escape_time(cx, cy, 100));
                }
            }
            std::hint::black_box(total) ^ SALT
        }

        // ---------------------------------------------------------------- collatz

        /// The longest Collatz sequence below the limit.
        $(#[$h])?
        #[inline(never)]
        fn collatz(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut best = (0u64, 0u32);
            for start in 1..inputs.limit as u64 {
                let mut n = start;
                let mut steps = 0u32;
                while n != 1 {
                    n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
                    steps += 1;
                }
                if steps > best.1 {
                    best = (start, steps);
                }
            }
            std::hint::black_box(best.0 << 32 | u64::from(best.1)) ^ SALT
        }

        // ---------------------------------------------------------------- sieve

        /// Primes below 16 times the limit: count and sum.
        $(#[$h])?
        #[inline(never)]
        fn sieve(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let n = inputs.limit * 16;
            let mut is_prime = vec![true; n + 1];
            is_prime[0] = false;
            is_prime[1] = false;
            let mut p = 2;
            while p * p <= n {
                if is_prime[p] {
                    for m in (p * p..=n).step_by(p) {
                        is_prime[m] = false;
                    }
                }
                p += 1;
            }
            let count = is_prime.iter().filter(|&&b| b).count() as u64;
            let sum: u64 = is_prime
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b)
                .map(|(i, _)| i as u64)
                .sum();
            std::hint::black_box(count << 40 ^ sum) ^ SALT
        }

        // ---------------------------------------------------------------- knapsack

        /// 0/1 knapsack by dynamic programming over capacities.
        $(#[$h])?
        #[inline(never)]
        fn knapsack(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut best = vec![0u64; inputs.capacity + 1];
            for &(weight, value) in &inputs.items {
                for c in (weight..=inputs.capacity).rev() {
                    best[c] = best[c].max(best[c - weight] + value);
                }
            }
            std::hint::black_box(best[inputs.capacity] ^ best[inputs.capacity / 2] << 32) ^ SALT
        }

        // ---------------------------------------------------------------- lcs

        $(#[$h])?
        fn lcs_len(a: &[u8], b: &[u8]) -> usize {
            let mut prev = vec![0usize; b.len() + 1];
            let mut cur = vec![0usize; b.len() + 1];
            for &x in a {
                for (j, &y) in b.iter().enumerate() {
                    cur[j + 1] = if x == y {
                        prev[j] + 1
                    } else {
                        cur[j].max(prev[j + 1])
                    };
                }
                std::mem::swap(&mut prev, &mut cur);
            }
            prev[b.len()]
        }

        /// Longest common subsequences of neighbouring lines.
        $(#[$h])?
        #[inline(never)]
        fn lcs_lines(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let lines: Vec<&str> = inputs.logs.iter().map(|l| l.as_str()).take(160).collect();
            let total: usize = lines
                .windows(2)
                .map(|w| lcs_len(w[0].as_bytes(), w[1].as_bytes()))
                .sum();
            std::hint::black_box(total as u64) ^ SALT
        }

        // ---------------------------------------------------------------- bigint factorial

        const BASE: u64 = 1_000_000_000;

        $(#[$h])?
        fn mul_small(digits: &mut Vec<u32>, k: u32) {
            let mut carry = 0u64;
            for d in digits.iter_mut() {
                let x = u64::from(*d) * u64::from(k) + carry;
                *d = (x % BASE) as u32;
                carry = x / BASE;
            }
            while carry > 0 {
                digits.push((carry % BASE) as u32);
                carry /= BASE;
            }
        }

        /// n! in base 10^9 for n up to 600; the sum of its decimal digits.
        $(#[$h])?
        #[inline(never)]
        fn factorial_digits(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let n = (inputs.limit / 100).min(600) as u32;
            let mut digits = vec![1u32];
            for k in 2..=n {
                mul_small(&mut digits, k);
            }
            let mut text = String::new();
            for (i, d) in digits.iter().rev().enumerate() {
                if i == 0 {
                    let _ = write!(text, "{d}");
                } else {
                    let _ = write!(text, "{d:09}");
                }
            }
            let sum: u64 = text.bytes().map(|b| u64::from(b - b'0')).sum();
            std::hint::black_box(sum << 20 ^ text.len() as u64) ^ SALT
        }

        // ---------------------------------------------------------------- roman numerals

        const ROMAN: [(u32, &str); 13] = [
            (1000, "M"),
            (900, "CM"),
            (500, "D"),
            (400, "CD"),
            (100, "C"),
            (90, "XC"),
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ];

        $(#[$h])?
        fn to_roman(mut n: u32) -> String {
            let mut out = String::new();
            for &(value, symbol) in ROMAN.iter() {
                while n >= value {
                    out.push_str(symbol);
                    n -= value;
                }
            }
            out
        }

        $(#[$h])?
        fn roman_value(c: char) -> u32 {
            match c {
                'I' => 1,
                'V' => 5,
                'X' => 10,
                'L' => 50,
                'C' => 100,
                'D' => 500,
                'M' => 1000,
                _ => 0,
            }
        }

        $(#[$h])?
        fn from_roman(s: &str) -> u32 {
            let mut total = 0;
            let mut prev = 0;
            for c in s.chars().rev() {
                let v = roman_value(c);
                if v < prev {
                    total -= v;
                } else {
                    total += v;
                    prev = v;
                }
            }
            total
        }

        /// Roman numerals there and back.
        $(#[$h])?
        #[inline(never)]
        fn roman_round_trip(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut h = 0;
            for n in 1..(inputs.limit as u32 / 15).min(3999) {
                let r = to_roman(n);
                assert_eq!(from_roman(&r), n);
                h = mix(h, r.len() as u64);
            }
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- caesar

        $(#[$h])?
        fn shift(c: char, k: u8) -> char {
            if c.is_ascii_lowercase() {
                (b'a' + (c as u8 - b'a' + k) % 26) as char
            } else if c.is_ascii_uppercase() {
                (b'A' + (c as u8 - b'A' + k) % 26) as char
            } else {
                c
            }
        }

        /// A Caesar cipher, then letter frequencies of the cipher text.
        $(#[$h])?
        #[inline(never)]
        fn caesar(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let cipher: String = inputs.text.chars().map(|c| shift(c, 13)).collect();
            let mut freq = [0u32; 26];
            for b in cipher.bytes().filter(u8::is_ascii_alphabetic) {
                freq[usize::from(b.to_ascii_lowercase() - b'a')] += 1;
            }
            let h = freq.iter().fold(0u64, |h, &f| mix(h, u64::from(f)));
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- log parsing

        struct Entry<'a> {
            level: &'a str,
            module: &'a str,
            ms: Option<u32>,
            bytes: u64,
        }

        $(#[$h])?
        fn parse_line(line: &str) -> Option<Entry<'_>> {
            let (_stamp, rest) = line.split_once(' ')?;
            let (level, rest) = rest.split_once(' ')?;
            let (module, rest) = rest.split_once(": ")?;
            let mut entry = Entry {
                level,
                module,
                ms: None,
                bytes: 0,
            };
            for field in rest.split(' ') {
                if let Some((key, value)) = field.split_once('=') {
                    match key {
                        "ms" => entry.ms = value.parse().ok(),
                        "bytes" => entry.bytes += value.parse::<u64>().unwrap_or(0),
                        _ => {}
                    }
                }
            }
            Some(entry)
        }

        /// Per level and module: count, total ms, total bytes.
        $(#[$h])?
        #[inline(never)]
        fn log_stats(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut stats: BTreeMap<(String, String), (u32, u64, u64)> = BTreeMap::new();
            for line in &inputs.logs {
                let Some(entry) = parse_line(line) else { continue };
                let s = stats
                    .entry((entry.level.to_string(), entry.module.to_string()))
                    .or_default();
                s.0 += 1;
                s.1 += u64::from(entry.ms.unwrap_or(0));
                s.2 += entry.bytes;
            }
            let h = stats
                .iter()
                .fold(0u64, |h, (k, v)| mix(mix(h, k.0.len() as u64 ^ v.1), u64::from(v.0) ^ v.2));
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- expression evaluator

        struct Parser<'a> {
            src: &'a [u8],
            pos: usize,
        }

        impl<'a> Parser<'a> {
            $(#[$h])?
            fn new(src: &'a str) -> Self {
                Parser {
                    src: src.as_bytes(),
                    pos: 0,
                }
            }

            $(#[$h])?
            fn skip_spaces(&mut self) {
                while self.pos < self.src.len() && self.src[self.pos] == b' ' {
                    self.pos += 1;
                }
            }

            $(#[$h])?
            fn peek(&mut self) -> Option<u8> {
                self.skip_spaces();
                self.src.get(self.pos).copied()
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
                    } else if rhs == 0 {
                        return Err(format!("division by zero at {}", self.pos));
                    } else {
                        value.wrapping_div(rhs)
                    };
                }
                Ok(value)
            }

            $(#[$h])?
            fn factor(&mut self) -> Result<i64, String> {
                match self.peek() {
                    Some(b'(') => {
                        self.pos += 1;
                        let v = self.expr()?;
                        if self.peek() != Some(b')') {
                            return Err("missing )".to_string());
                        }
                        self.pos += 1;
                        Ok(v)
                    }
                    Some(b'0'..=b'9') => {
                        let start = self.pos;
                        while self.pos < self.src.len() && self.src[self.pos].is_ascii_digit() {
                            self.pos += 1;
                        }
                        std::str::from_utf8(&self.src[start..self.pos])
                            .unwrap()
                            .parse::<i64>()
                            .map_err(|e| e.to_string())
                    }
                    other => Err(format!("unexpected {:?}", other)),
                }
            }
        }

        /// Evaluates every expression; errors are counted.
        $(#[$h])?
        #[inline(never)]
        fn eval_exprs(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut h = 0;
            let mut errors = 0;
            for e in &inputs.exprs {
                match Parser::new(e).expr() {
                    Ok(v) => h = mix(h, v as u64),
                    Err(msg) => errors += msg.len(),
                }
            }
            std::hint::black_box(h ^ errors as u64) ^ SALT
        }

        // ---------------------------------------------------------------- intervals

        /// Merges overlapping intervals; the covered length.
        $(#[$h])?
        #[inline(never)]
        fn merge_intervals(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut v = inputs.intervals.clone();
            v.sort_unstable_by_key(|&(start, _)| start);
            let merged = v.into_iter().fold(Vec::<(u32, u32)>::new(), |mut acc, (s, e)| {
                match acc.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => acc.push((s, e)),
                }
                acc
            });
            let covered: u64 = merged.iter().map(|&(s, e)| u64::from(e - s)).sum();
            std::hint::black_box(covered << 20 ^ merged.len() as u64) ^ SALT
        }

        // ---------------------------------------------------------------- kmeans

        $(#[$h])?
        fn nearest(centroids: &[f64], x: f64) -> usize {
            centroids
                .iter()
                .enumerate()
                .min_by(|a, b| (a.1 - x).abs().partial_cmp(&(b.1 - x).abs()).unwrap())
                .map(|(i, _)| i)
                .unwrap()
        }

        /// Six rounds of one-dimensional k-means with k = 4.
        $(#[$h])?
        #[inline(never)]
        fn kmeans(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut centroids = vec![10.0, 30.0, 60.0, 90.0];
            for _ in 0..6 {
                let mut sums = vec![0.0; centroids.len()];
                let mut counts = vec![0usize; centroids.len()];
                for &x in &inputs.floats {
                    let k = nearest(&centroids, x);
                    sums[k] += x;
                    counts[k] += 1;
                }
                for (c, (s, n)) in centroids.iter_mut().zip(sums.iter().zip(&counts)) {
                    if *n > 0 {
                        *c = s / *n as f64;
                    }
                }
            }
            let h = centroids.iter().fold(0, |h, c| mix(h, c.to_bits()));
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- game of life

        struct Life {
            side: usize,
            cells: Vec<bool>,
        }

        impl Life {
            $(#[$h])?
            fn alive(&self, x: isize, y: isize) -> bool {
                let s = self.side as isize;
                self.cells[(y.rem_euclid(s) * s + x.rem_euclid(s)) as usize]
            }

            $(#[$h])?
            fn neighbours(&self, x: usize, y: usize) -> usize {
                let (x, y) = (x as isize, y as isize);
                let mut n = 0;
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        if (dx, dy) != (0, 0) && self.alive(x + dx, y + dy) {
                            n += 1;
                        }
                    }
                }
                n
            }

            $(#[$h])?
            fn step(&self) -> Life {
                let mut cells = Vec::with_capacity(self.cells.len());
                for y in 0..self.side {
                    for x in 0..self.side {
                        let n = self.neighbours(x, y);
                        let alive = self.cells[y * self.side + x];
                        cells.push(matches!((alive, n), (true, 2) | (_, 3)));
                    }
                }
                Life {
                    side: self.side,
                    cells,
                }
            }
        }

        /// Ten generations of Conway's life on a torus.
        $(#[$h])?
        #[inline(never)]
        fn game_of_life(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut life = Life {
                side: inputs.side,
                cells: inputs.board.clone(),
            };
            for _ in 0..10 {
                life = life.step();
            }
            let alive = life.cells.iter().filter(|&&c| c).count();
            std::hint::black_box(alive as u64) ^ SALT
        }

        // ---------------------------------------------------------------- float statistics

        /// Mean, deviation, percentiles and a histogram of the floats.
        $(#[$h])?
        #[inline(never)]
        fn histogram(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let xs = &inputs.floats;
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
            let (lo, hi) = xs
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            let width = (hi - lo) / 32.0;
            let mut bins = [0u32; 32];
            for &x in xs {
                let b = (((x - lo) / width) as usize).min(31);
                bins[b] += 1;
            }
            let mut sorted = xs.clone();
            sorted.sort_by(f64::total_cmp);
            let p90 = sorted[sorted.len() * 9 / 10];
            let h = bins
                .iter()
                .fold(mix(mean.to_bits(), var.sqrt().to_bits() ^ p90.to_bits()), |h, &b| {
                    mix(h, u64::from(b))
                });
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- lru cache

        struct Lru {
            capacity: usize,
            map: HashMap<u64, u64>,
            order: VecDeque<u64>,
        }

        impl Lru {
            $(#[$h])?
            fn get_or_load(&mut self, key: u64) -> (u64, bool) {
                if let Some(&v) = self.map.get(&key) {
                    if let Some(i) = self.order.iter().position(|&k| k == key) {
                        self.order.remove(i);
                    }
                    self.order.push_back(key);
                    return (v, true);
                }
                if self.map.len() == self.capacity {
                    if let Some(old) = self.order.pop_front() {
                        self.map.remove(&old);
                    }
                }
                let v = key.wrapping_mul(0x9E37_79B9).rotate_left(7);
                self.map.insert(key, v);
                self.order.push_back(key);
                (v, false)
            }
        }

        /// A least-recently-used cache of 64 entries over a skewed access pattern.
        $(#[$h])?
        #[inline(never)]
        fn lru_cache(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut cache = Lru {
                capacity: 64,
                map: HashMap::new(),
                order: VecDeque::new(),
            };
            let mut hits = 0u64;
            let mut h = 0;
            for &key in &inputs.accesses {
                let (v, hit) = cache.get_or_load(key);
                hits += u64::from(hit);
                h ^= v;
            }
            std::hint::black_box(hits << 32 ^ h) ^ SALT
        }

        // ---------------------------------------------------------------- shapes

        trait Shape {
            fn area(&self) -> f64;
            fn perimeter(&self) -> f64;

            $(#[$h])?
            fn compactness(&self) -> f64 {
                4.0 * std::f64::consts::PI * self.area() / (self.perimeter() * self.perimeter())
            }
        }

        struct Circle(f64);
        struct Rect(f64, f64);
        struct Triangle(f64, f64, f64);

        impl Shape for Circle {
            $(#[$h])?
            fn area(&self) -> f64 {
                std::f64::consts::PI * self.0 * self.0
            }
            $(#[$h])?
            fn perimeter(&self) -> f64 {
                2.0 * std::f64::consts::PI * self.0
            }
        }

        impl Shape for Rect {
            $(#[$h])?
            fn area(&self) -> f64 {
                self.0 * self.1
            }
            $(#[$h])?
            fn perimeter(&self) -> f64 {
                2.0 * (self.0 + self.1)
            }
        }

        impl Shape for Triangle {
            $(#[$h])?
            fn area(&self) -> f64 {
                let s = self.perimeter() / 2.0;
                (s * (s - self.0) * (s - self.1) * (s - self.2)).max(0.0).sqrt()
            }
            $(#[$h])?
            fn perimeter(&self) -> f64 {
                self.0 + self.1 + self.2
            }
        }

        $(#[$h])?
        fn total_area<S: Shape>(shapes: &[S]) -> f64 {
            shapes.iter().map(Shape::area).sum()
        }

        /// Shapes behind trait objects and in generic slices.
        $(#[$h])?
        #[inline(never)]
        fn shapes(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut boxed: Vec<Box<dyn Shape>> = Vec::new();
            let mut circles = Vec::new();
            for w in inputs.floats.chunks_exact(3) {
                let (a, b, c) = (w[0] / 10.0 + 1.0, w[1] / 10.0 + 1.0, w[2] / 10.0 + 1.0);
                match (w[0] as u32) % 3 {
                    0 => boxed.push(Box::new(Circle(a))),
                    1 => boxed.push(Box::new(Rect(a, b))),
                    _ => boxed.push(Box::new(Triangle(a + b, b + c, a + c))),
                }
                circles.push(Circle(c));
            }
            let compact: f64 = boxed.iter().map(|s| s.compactness()).sum();
            let area = total_area(&circles) + boxed.iter().map(|s| s.area()).sum::<f64>();
            std::hint::black_box(compact.to_bits() ^ area.to_bits().rotate_left(13)) ^ SALT
        }

        // ---------------------------------------------------------------- generic matrix

        #[derive(Clone, Debug, PartialEq)]
        struct Matrix<T> {
            rows: usize,
            cols: usize,
            data: Vec<T>,
        }

        impl<T: Copy + Default + Add<Output = T> + Mul<Output = T>> Matrix<T> {
            $(#[$h])?
            fn from_fn(rows: usize, cols: usize, f: impl Fn(usize, usize) -> T) -> Self {
                let mut data = Vec::with_capacity(rows * cols);
                for r in 0..rows {
                    for c in 0..cols {
                        data.push(f(r, c));
                    }
                }
                Matrix { rows, cols, data }
            }

            $(#[$h])?
            fn get(&self, r: usize, c: usize) -> T {
                self.data[r * self.cols + c]
            }

            $(#[$h])?
            fn multiply(&self, other: &Matrix<T>) -> Matrix<T> {
                assert_eq!(self.cols, other.rows);
                Matrix::from_fn(self.rows, other.cols, |r, c| {
                    let mut acc = T::default();
                    for k in 0..self.cols {
                        acc = acc + self.get(r, k) * other.get(k, c);
                    }
                    acc
                })
            }
        }

        /// Matrix products over `f64` and `i64` with a generic matrix type.
        $(#[$h])?
        #[inline(never)]
        fn generic_matrix(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let n = inputs.side.min(48);
            let f = &inputs.floats;
            let a = Matrix::from_fn(n, n, |r, c| f[(r * n + c) % f.len()]);
            let b = Matrix::from_fn(n, n, |r, c| f[(c * n + r + 7) % f.len()]);
            let p = a.multiply(&b);
            let ints = Matrix::from_fn(n, n, |r, c| inputs.nums[(r * 31 + c) % inputs.nums.len()]);
            let q = ints.multiply(&ints);
            let h = p.data.iter().fold(0, |h, x| mix(h, x.to_bits()));
            let h = q.data.iter().fold(h, |h, &x| mix(h, x as u64));
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- run-length coding

        $(#[$h])?
        fn rle_encode(data: &[u8]) -> Vec<(u8, u16)> {
            let mut out = Vec::new();
            let mut i = 0;
            while i < data.len() {
                let b = data[i];
                let mut run = 1;
                while i + run < data.len() && data[i + run] == b && run < u16::MAX as usize {
                    run += 1;
                }
                out.push((b, run as u16));
                i += run;
            }
            out
        }

        $(#[$h])?
        fn rle_decode(runs: &[(u8, u16)]) -> Vec<u8> {
            let mut out = Vec::new();
            for &(b, n) in runs {
                out.extend(std::iter::repeat(b).take(usize::from(n)));
            }
            out
        }

        /// Run-length coding there and back.
        $(#[$h])?
        #[inline(never)]
        fn run_length(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let runs = rle_encode(&inputs.bytes);
            let back = rle_decode(&runs);
            assert_eq!(back, inputs.bytes);
            let h = runs.iter().fold(0, |h, &(b, n)| mix(h, u64::from(b) << 16 | u64::from(n)));
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- tokenizer

        #[derive(Debug, PartialEq)]
        enum Token<'a> {
            Word(&'a str),
            Number(u64),
            Punct(char),
        }

        struct Tokens<'a> {
            rest: &'a str,
        }

        impl<'a> Iterator for Tokens<'a> {
            type Item = Token<'a>;

            $(#[$h])?
            fn next(&mut self) -> Option<Token<'a>> {
                self.rest = self.rest.trim_start();
                let mut chars = self.rest.char_indices();
                let (_, first) = chars.next()?;
                let end = if first.is_alphabetic() {
                    chars
                        .find(|(_, c)| !c.is_alphanumeric())
                        .map_or(self.rest.len(), |(i, _)| i)
                } else if first.is_ascii_digit() {
                    chars
                        .find(|(_, c)| !c.is_ascii_digit())
                        .map_or(self.rest.len(), |(i, _)| i)
                } else {
                    first.len_utf8()
                };
                let (tok, rest) = self.rest.split_at(end);
                self.rest = rest;
                Some(if first.is_alphabetic() {
                    Token::Word(tok)
                } else if first.is_ascii_digit() {
                    Token::Number(tok.parse().unwrap_or(u64::MAX))
                } else {
                    Token::Punct(first)
                })
            }
        }

        /// Tokenizes the prose and the log lines; counts by kind.
        $(#[$h])?
        #[inline(never)]
        fn tokenize(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let (mut words, mut numbers, mut puncts) = (0u64, 0u64, 0u64);
            let sources = std::iter::once(inputs.text.as_str())
                .chain(inputs.logs.iter().take(1000).map(String::as_str));
            for source in sources {
                for tok in (Tokens { rest: source }) {
                    match tok {
                        Token::Word(w) => words += w.len() as u64,
                        Token::Number(n) => numbers = numbers.wrapping_add(n),
                        Token::Punct(c) => puncts += u64::from(c),
                    }
                }
            }
            std::hint::black_box(mix(mix(words, numbers), puncts)) ^ SALT
        }

        // ---------------------------------------------------------------- base64

        const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        $(#[$h])?
        fn base64(data: &[u8]) -> String {
            let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
            for chunk in data.chunks(3) {
                let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
                let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
                for i in 0..4 {
                    if i <= chunk.len() {
                        out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
                    } else {
                        out.push('=');
                    }
                }
            }
            out
        }

        /// Base64 of the bytes.
        $(#[$h])?
        #[inline(never)]
        fn base64_encode(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let text = base64(&inputs.bytes);
            let h = text.bytes().step_by(61).fold(text.len() as u64, |h, b| mix(h, u64::from(b)));
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- checksums

        $(#[$h])?
        fn adler32(data: &[u8]) -> u32 {
            const MOD: u32 = 65521;
            let (mut a, mut b) = (1u32, 0u32);
            for chunk in data.chunks(5552) {
                for &byte in chunk {
                    a += u32::from(byte);
                    b += a;
                }
                a %= MOD;
                b %= MOD;
            }
            b << 16 | a
        }

        $(#[$h])?
        fn crc_table() -> Vec<u32> {
            (0..256u32)
                .map(|mut c| {
                    for _ in 0..8 {
                        c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
                    }
                    c
                })
                .collect()
        }

        /// Adler-32 and CRC-32 of the bytes.
        $(#[$h])?
        #[inline(never)]
        fn checksums(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let table = crc_table();
            let crc = !inputs.bytes.iter().fold(!0u32, |c, &b| {
                table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
            });
            let adler = adler32(&inputs.bytes);
            std::hint::black_box(u64::from(crc) << 32 | u64::from(adler)) ^ SALT
        }

        // ---------------------------------------------------------------- closures

        /// A pipeline of boxed closures and a local closure called per item.
        $(#[$h])?
        #[inline(never)]
        fn closure_pipeline(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let offset = inputs.floats[0];
            let stages: Vec<Box<dyn Fn(f64) -> f64>> = vec![
                Box::new(|x| x * 1.5),
                Box::new(move |x| x - offset),
                Box::new(f64::abs),
                Box::new(|x| x.sqrt()),
            ];
            let clamp = |x: f64| -> f64 { x.clamp(0.5, 8.0) };
            let mut total = 0.0;
            for &x in &inputs.floats {
                let y = stages.iter().fold(x, |acc, f| f(acc));
                total += clamp(y);
            }
            std::hint::black_box(total.to_bits()) ^ SALT
        }

        // ---------------------------------------------------------------- binary search

        /// Membership, rank and range counts by binary search.
        $(#[$h])?
        #[inline(never)]
        fn binary_search(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let v = &inputs.sorted;
            let mut found = 0u64;
            let mut ranks = 0u64;
            for &q in &inputs.queries {
                if v.binary_search(&q).is_ok() {
                    found += 1;
                }
                let lo = v.partition_point(|&x| x < q);
                let hi = v.partition_point(|&x| x <= q.saturating_add(5000));
                ranks += (hi - lo) as u64;
            }
            std::hint::black_box(found << 40 ^ ranks) ^ SALT
        }

        // ---------------------------------------------------------------- report

        /// A formatted report of the log lines' first fields.
        $(#[$h])?
        #[inline(never)]
        fn report(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut out = String::new();
            for (i, line) in inputs.logs.iter().enumerate().take(2000) {
                let mut fields = line.split(' ');
                let stamp = fields.next().unwrap_or("");
                let level = fields.next().unwrap_or("?");
                let _ = writeln!(out, "{:>5} | {:<19} | {:<5} | {}", i, stamp, level, line.len());
            }
            let h = out.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            std::hint::black_box(h ^ out.len() as u64) ^ SALT
        }

        // ---------------------------------------------------------------- binary tree

        struct Node {
            key: i64,
            left: Option<Box<Node>>,
            right: Option<Box<Node>>,
        }

        $(#[$h])?
        fn insert(node: &mut Option<Box<Node>>, key: i64) {
            match node {
                None => {
                    *node = Some(Box::new(Node {
                        key,
                        left: None,
                        right: None,
                    }))
                }
                Some(n) => match key.cmp(&n.key) {
                    Ordering::Less => insert(&mut n.left, key),
                    Ordering::Greater => insert(&mut n.right, key),
                    Ordering::Equal => {}
                },
            }
        }

        $(#[$h])?
        fn height(node: &Option<Box<Node>>) -> usize {
            match node {
                None => 0,
                Some(n) => 1 + height(&n.left).max(height(&n.right)),
            }
        }

        $(#[$h])?
        fn in_order(root: &Option<Box<Node>>) -> Vec<i64> {
            let mut out = Vec::new();
            let mut stack: Vec<&Node> = Vec::new();
            let mut cur = root.as_deref();
            while cur.is_some() || !stack.is_empty() {
                while let Some(n) = cur {
                    stack.push(n);
                    cur = n.left.as_deref();
                }
                let n = stack.pop().unwrap();
                out.push(n.key);
                cur = n.right.as_deref();
            }
            out
        }

        /// A binary search tree: inserts, height, in-order walk.
        $(#[$h])?
        #[inline(never)]
        fn search_tree(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let mut root = None;
            for (i, &x) in inputs.nums.iter().enumerate().take(8000) {
                insert(&mut root, x * 8000 + i as i64 % 97);
            }
            let walk = in_order(&root);
            assert!(walk.windows(2).all(|w| w[0] < w[1]));
            let h = walk.iter().step_by(13).fold(height(&root) as u64, |h, &k| mix(h, k as u64));
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- bits

        $(#[$h])?
        fn gray(n: u32) -> u32 {
            n ^ (n >> 1)
        }

        /// Bit counts of Gray codes, widened with `From`.
        $(#[$h])?
        #[inline(never)]
        fn bit_tricks(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let n = inputs.limit as u32 * 4;
            let ones: u64 = (0..n).map(gray).map(|g| u64::from(g.count_ones())).sum();
            let tz: u64 = (1..n).map(|i| u64::from(i.trailing_zeros())).sum();
            let flips = (1..n).filter(|&i| (gray(i) ^ gray(i - 1)).is_power_of_two()).count();
            std::hint::black_box(ones << 32 ^ tz ^ flips as u64) ^ SALT
        }

        // ---------------------------------------------------------------- sliding window

        /// Maximum of every window of 50 with a monotonic deque.
        $(#[$h])?
        #[inline(never)]
        fn window_max(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let k = 50;
            let v = &inputs.nums;
            let mut dq: VecDeque<usize> = VecDeque::new();
            let mut total = 0i64;
            for i in 0..v.len() {
                while let Some(&back) = dq.back() {
                    if v[back] <= v[i] {
                        dq.pop_back();
                    } else {
                        break;
                    }
                }
                dq.push_back(i);
                if dq[0] + k <= i {
                    dq.pop_front();
                }
                if i + 1 >= k {
                    total += v[dq[0]];
                }
            }
            std::hint::black_box(total as u64) ^ SALT
        }

        // ---------------------------------------------------------------- anagrams

        /// Groups the distinct words by their letters.
        $(#[$h])?
        #[inline(never)]
        fn anagrams(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let words: HashSet<&str> = inputs
                .text
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.len() > 2)
                .collect();
            let mut groups: HashMap<Vec<u8>, Vec<&str>> = HashMap::new();
            for w in words {
                let mut key = w.to_ascii_lowercase().into_bytes();
                key.sort_unstable();
                groups.entry(key).or_default().push(w);
            }
            let biggest = groups.values().map(Vec::len).max().unwrap_or(0);
            let multi = groups.values().filter(|g| g.len() > 1).count();
            std::hint::black_box((biggest as u64) << 32 ^ multi as u64) ^ SALT
        }

        // ---------------------------------------------------------------- polynomials

        $(#[$h])?
        fn horner(coeffs: &[f64], x: f64) -> f64 {
            coeffs.iter().rev().fold(0.0, |acc, &c| acc * x + c)
        }

        $(#[$h])?
        fn derivative(coeffs: &[f64]) -> Vec<f64> {
            coeffs
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, &c)| c * i as f64)
                .collect()
        }

        /// Newton's method on a polynomial from many starting points.
        $(#[$h])?
        #[inline(never)]
        fn newton_poly(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let p = &inputs.coeffs;
            let dp = derivative(p);
            let mut h = 0;
            for i in 0..inputs.limit / 30 {
                let mut x = -1.0 + 2.0 * (i as f64) / (inputs.limit / 30) as f64;
                for _ in 0..20 {
                    let d = horner(&dp, x);
                    if d.abs() < 1e-12 {
                        break;
                    }
                    x -= horner(p, x) / d;
                }
                h = mix(h, (x * 1e6).round() as i64 as u64);
            }
            std::hint::black_box(h) ^ SALT
        }

        // ---------------------------------------------------------------- conversions

        /// Sums of products across integer widths, with `From` and `into`.
        $(#[$h])?
        #[inline(never)]
        fn widen_dot(inputs: &Inputs) -> u64 {
            let inputs = std::hint::black_box(inputs);
            let small: Vec<i16> = inputs.nums.iter().map(|&x| x as i16).collect();
            let bytes = &inputs.bytes[..small.len().min(inputs.bytes.len())];
            let dot: i64 = small
                .iter()
                .zip(bytes)
                .map(|(&a, &b)| i64::from(a) * i64::from(b))
                .sum();
            let wide: i128 = small.iter().map(|&a| -> i128 { a.into() }).map(|a| a * a).sum();
            let unsigned: u64 = bytes.iter().copied().map(u64::from).filter(|b| b % 3 == 0).sum();
            std::hint::black_box(dot as u64 ^ (wide as u64).rotate_left(17) ^ unsigned) ^ SALT
        }

        /// The kernels, by name.
        pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = kernel_list![
            nbody_step,
            word_freq_top,
            dijkstra,
            union_find,
            merge_sorted,
            quickselect,
            trie_prefixes,
            mandelbrot,
            collatz,
            sieve,
            knapsack,
            lcs_lines,
            factorial_digits,
            roman_round_trip,
            caesar,
            log_stats,
            eval_exprs,
            merge_intervals,
            kmeans,
            game_of_life,
            histogram,
            lru_cache,
            shapes,
            generic_matrix,
            run_length,
            tokenize,
            base64_encode,
            checksums,
            closure_pipeline,
            binary_search,
            report,
            search_tree,
            bit_tricks,
            window_max,
            anagrams,
            newton_poly,
            widen_dot,
        ];
    };
}

pub mod plain {
    use super::*;
    suite!(0x0005_EE11);
}

pub mod twin {
    use super::*;
    suite!(0x0005_EE12);
}

pub mod haltable {
    use super::*;
    suite!(0x0005_EE13, #[threadmgr::haltable]);
}
