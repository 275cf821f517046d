//! The kernels of the checkpoint-overhead benchmarks, each written once.
//!
//! [`kernels!`] emits every fn three times, in three modules that each export `KERNELS`, the
//! list of `(name, fn(&Inputs) -> u64)` to measure:
//! - `plain`: as written;
//! - `twin`: as written, a second time: the A/A control, identical code at another address;
//! - `haltable`: the whole module under `#[threadmgr::haltable]`, as a user would annotate a
//!   module of numeric code: every fn in it is instrumented, and calls to the module's fns that
//!   run in bounded time (`mix`, `hash4`) count as cheap.
//!
//! Kernels are `#[inline(never)]` so that each copy is measured as a whole; the small helpers
//! they call are `#[inline]`, as they would be in real code, and instrumented with them.
//!
//! Identical functions would be folded into one by LLVM's function merging (which rustc runs),
//! and the A/A comparison would then compare a function with itself. So each copy gets a
//! distinct non-zero `SALT` (zero would fold away and change the code), mixed into the result of
//! every kernel by one `xor` with a constant, and the
//! benches undo it: the copies differ by one immediate operand, nothing else.

use std::collections::HashMap;

/// Everything the kernels read; built once, passed through `black_box`.
pub struct Inputs {
    /// Iterations of the dependent arithmetic loop.
    pub steps: u64,
    /// 64 Ki pseudo-random `u32`s.
    pub values: Vec<u32>,
    /// Two `MATRIX`x`MATRIX` matrices.
    pub left: Vec<f64>,
    pub right: Vec<f64>,
    /// The argument of the naive `fib`.
    pub fib: u32,
    /// Collatz runs from 1 to this.
    pub collatz: u64,
    /// What the hand-written sort sorts.
    pub unsorted: Vec<u32>,
    /// 64 KiB of text.
    pub text: String,
    /// Keys to insert into a `HashMap`.
    pub keys: Vec<u64>,
    /// A small bytecode program, run by the interpreter kernel.
    pub program: Vec<u8>,
}

pub const MATRIX: usize = 40;

impl Inputs {
    /// The inputs at full size; `scale` divides the sizes (for a quick smoke run).
    pub fn new(scale: usize) -> Inputs {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let count = (64 * 1024) / scale;
        let words = [
            "halt",
            "the",
            "job",
            "at",
            "its",
            "next",
            "checkpoint",
            "and",
            "unwind",
            "cheaply",
        ];
        let mut text = String::new();
        while text.len() < count {
            text.push_str(words[(next() % words.len() as u64) as usize]);
            text.push(if next() % 9 == 0 { '\n' } else { ' ' });
        }
        Inputs {
            steps: (200_000 / scale) as u64,
            values: (0..count).map(|_| next() as u32).collect(),
            left: (0..MATRIX * MATRIX)
                .map(|_| (next() % 1000) as f64 / 7.0)
                .collect(),
            right: (0..MATRIX * MATRIX)
                .map(|_| (next() % 1000) as f64 / 3.0)
                .collect(),
            fib: if scale == 1 { 24 } else { 12 },
            collatz: (4_000 / scale) as u64,
            unsorted: (0..1_000 / scale).map(|_| next() as u32).collect(),
            text,
            keys: (0..4_000 / scale).map(|_| next() % 3_000).collect(),
            program: (0..256).map(|_| (next() % 4) as u8).collect(),
        }
    }
}

macro_rules! kernels {
    (
        helpers { $($helper:item)* }
        $( $(#[doc = $doc:literal])* fn $name:ident($inputs:ident: &Inputs) -> u64 $body:block )*
    ) => {
        kernels!(@copy plain, 0x5A1, [], [$($helper)*], [$($(#[doc = $doc])* #[inline(never)] fn $name($inputs: &Inputs) -> u64 $body)*], [$($name)*]);
        kernels!(@copy twin, 0x5A2, [], [$($helper)*], [$($(#[doc = $doc])* #[inline(never)] fn $name($inputs: &Inputs) -> u64 $body)*], [$($name)*]);
        kernels!(@copy haltable, 0x5A3, [#[threadmgr::haltable]], [$($helper)*], [$($(#[doc = $doc])* #[inline(never)] fn $name($inputs: &Inputs) -> u64 $body)*], [$($name)*]);
    };
    (@copy $module:ident, $salt:expr, [$($attr:tt)*], [$($helper:item)*], [$($kernel:item)*], [$($name:ident)*]) => {
        $($attr)*
        pub mod $module {
            use super::*;

            /// Mixed into every result of this copy (see the module docs).
            pub const SALT: u64 = $salt;

            $( $helper )*

            $( $kernel )*

            /// The kernels of this copy, by name.
            pub const KERNELS: &[(&str, fn(&Inputs) -> u64)] = &[
                $( (stringify!($name), $name as fn(&Inputs) -> u64) ),*
            ];
        }
    };
}

kernels! {
    helpers {
        #[inline]
        fn fib_rec(n: u32) -> u64 {
            if n < 2 { n as u64 } else { fib_rec(n - 1) + fib_rec(n - 2) }
        }

        #[inline]
        fn mix(a: u64, b: u64) -> u64 {
            (a ^ b).rotate_left(27).wrapping_mul(0x9FB2_1C65_1E98_DF25)
        }

        #[inline]
        fn finish(h: u64) -> u64 {
            let h = (h ^ (h >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            h ^ (h >> 29)
        }

        #[inline]
        fn hash4(a: u64, b: u64, c: u64, d: u64) -> u64 {
            let h = mix(a, b);
            let h = mix(h, c);
            let h = mix(h, d);
            finish(h)
        }

        #[inline]
        fn collatz_len(mut n: u64) -> u64 {
            let mut steps = 0;
            while n != 1 {
                n = if n & 1 == 0 { n / 2 } else { 3 * n + 1 };
                steps += 1;
            }
            steps
        }
    }

    /// A dependent arithmetic loop (an LCG), as in the README.
    fn dependent(inputs: &Inputs) -> u64 {
        let mut acc: u64 = 0;
        for i in 0..inputs.steps {
            acc = acc.wrapping_mul(6364136223846793005).wrapping_add(i);
        }
        acc ^ SALT
    }

    /// A vectorizable sum over a slice.
    fn sum_slice(inputs: &Inputs) -> u64 {
        let mut sum: u64 = 0;
        for &value in &inputs.values {
            sum += value as u64;
        }
        sum ^ SALT
    }

    /// Nested loops: a small matrix multiply.
    fn matmul(inputs: &Inputs) -> u64 {
        let (a, b) = (&inputs.left, &inputs.right);
        let mut c = vec![0.0_f64; MATRIX * MATRIX];
        for i in 0..MATRIX {
            for k in 0..MATRIX {
                let aik = a[i * MATRIX + k];
                for j in 0..MATRIX {
                    c[i * MATRIX + j] += aik * b[k * MATRIX + j];
                }
            }
        }
        let mut bits: u64 = 0;
        for x in &c {
            bits = bits.rotate_left(5) ^ x.to_bits();
        }
        bits ^ SALT
    }

    /// Recursion: naive fib.
    fn fib(inputs: &Inputs) -> u64 {
        fib_rec(inputs.fib) ^ SALT
    }

    /// An iterator chain with closures.
    fn iter_chain(inputs: &Inputs) -> u64 {
        let total: u64 = inputs
            .values
            .iter()
            .map(|&v| v as u64 * 3)
            .filter(|v| v % 7 != 0)
            .map(|v| v >> 1)
            .sum();
        total ^ SALT
    }

    /// A `while` loop with a data-dependent exit: Collatz sequence lengths.
    fn collatz(inputs: &Inputs) -> u64 {
        let mut total = 0;
        let mut start = 1;
        while start <= inputs.collatz {
            total += collatz_len(start);
            start += 1;
        }
        total ^ SALT
    }

    /// Straight-line code calling small fns (a hash of four words), per 4 values.
    fn small_calls(inputs: &Inputs) -> u64 {
        let mut h: u64 = 0;
        for quad in inputs.values.chunks_exact(4) {
            let (a, b, c, d) = (quad[0] as u64, quad[1] as u64, quad[2] as u64, quad[3] as u64);
            h ^= hash4(a, b, c, d);
        }
        h ^ SALT
    }

    /// A sort written by hand: insertion sort.
    fn insertion_sort(inputs: &Inputs) -> u64 {
        let mut v = inputs.unsorted.clone();
        let mut i = 1;
        while i < v.len() {
            let x = v[i];
            let mut j = i;
            while j > 0 && v[j - 1] > x {
                v[j] = v[j - 1];
                j -= 1;
            }
            v[j] = x;
            i += 1;
        }
        let mut check: u64 = 0;
        for (i, &x) in v.iter().enumerate() {
            check = check.wrapping_mul(31).wrapping_add(x as u64 ^ i as u64);
        }
        check ^ SALT
    }

    /// Byte scanning of a string: lines, vowels and spaces.
    fn byte_scan(inputs: &Inputs) -> u64 {
        let (mut lines, mut vowels, mut spaces) = (0_u64, 0_u64, 0_u64);
        for &b in inputs.text.as_bytes() {
            lines += (b == b'\n') as u64;
            vowels += matches!(b, b'a' | b'e' | b'i' | b'o' | b'u') as u64;
            spaces += (b == b' ') as u64;
        }
        (lines << 40 | vowels << 20 | spaces) ^ SALT
    }

    /// `HashMap` inserts.
    fn hashmap_insert(inputs: &Inputs) -> u64 {
        let mut counts: HashMap<u64, u64> = HashMap::new();
        for &key in &inputs.keys {
            *counts.entry(key).or_insert(0) += 1;
        }
        let mut check = counts.len() as u64;
        for (&key, &count) in &counts {
            check ^= key.wrapping_mul(count);
        }
        check ^ SALT
    }

    /// A bytecode interpreter: `loop` + `match` dispatch.
    fn interpreter(inputs: &Inputs) -> u64 {
        let program = &inputs.program;
        let (mut pc, mut acc, mut steps) = (0_usize, 1_u64, 0_u32);
        loop {
            match program[pc] {
                0 => acc = acc.wrapping_add(pc as u64),
                1 => acc ^= acc >> 3,
                2 => acc = acc.wrapping_mul(0x2545_F491_4F6C_DD1D),
                _ => acc = acc.rotate_left(7),
            }
            pc = (pc + 1) % program.len();
            steps += 1;
            if steps == 100_000 {
                break;
            }
        }
        acc ^ SALT
    }
}

/// Runs every kernel of the three copies once and checks that they agree (after the salt).
pub fn assert_copies_agree(inputs: &Inputs) {
    for ((p, t), h) in plain::KERNELS
        .iter()
        .zip(twin::KERNELS)
        .zip(haltable::KERNELS)
    {
        let expected = (p.1)(inputs) ^ plain::SALT;
        assert_eq!((t.1)(inputs) ^ twin::SALT, expected, "twin copy of {}", p.0);
        assert_eq!(
            (h.1)(inputs) ^ haltable::SALT,
            expected,
            "haltable copy of {}",
            p.0
        );
    }
}
