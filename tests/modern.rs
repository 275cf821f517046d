//! Shapes of current Rust (edition 2024; features of Rust 1.75 to 1.88, the workspace's
//! `rust-version`) under `#[haltable]`: let chains in `if` and `while`, `impl Trait + use<'_>`,
//! exclusive range patterns, inline `const`, `&raw`, trait upcasting, return-position `impl
//! Trait` in traits, generic associated types, labelled block values, `let .. else`, async
//! closures and `AsyncFn`, `async fn` in traits, boxed async recursion, `#[track_caller]`,
//! `LazyLock`, C string literals, `chunk_by`, slice patterns in `while let`. Each item is
//! written once in `shapes!` and emitted twice, annotated (`h`) and plain (`p`); the test runs
//! both and compares. Written in issue 11's thirty-sixth session before it was first run (all
//! compiled and agreed then).
#![allow(dead_code)]

macro_rules! shapes {
    ($($h:meta)?) => {
        use std::collections::HashMap;
        use std::sync::LazyLock;

        static TABLE: LazyLock<HashMap<u8, u64>> =
            LazyLock::new(|| (0..=255u8).map(|b| (b, u64::from(b) * 3)).collect());

        $(#[$h])?
        pub fn let_chains(a: Option<u64>, b: Option<u64>, v: &[u64]) -> u64 {
            let mut out = 0;
            if let Some(x) = a
                && let Some(y) = b
                && x < y
            {
                for i in x..y {
                    out += i;
                }
            }
            let mut stack: Vec<u64> = v.to_vec();
            while let Some(top) = stack.pop()
                && top > 1
            {
                out = out.wrapping_mul(31) ^ top;
            }
            out
        }

        $(#[$h])?
        pub fn evens(v: &[u64]) -> impl Iterator<Item = u64> + use<'_> {
            v.iter().copied().filter(|x| x % 2 == 0)
        }

        $(#[$h])?
        pub fn sum_evens(v: &[u64]) -> u64 {
            evens(v).map(|x| x / 2).sum()
        }

        $(#[$h])?
        pub fn ranges_and_consts(xs: &[i32]) -> (u32, u32, u32, [u8; 4]) {
            let mut small = 0;
            let mut mid = 0;
            let mut big = 0;
            let mut acc = const { [0u8; 4] };
            for (i, &x) in xs.iter().enumerate() {
                match x {
                    ..0 => small += 1,
                    0..100 => mid += 1,
                    100.. => big += 1,
                }
                acc[i % 4] = acc[i % 4].wrapping_add(x as u8);
            }
            (small, mid, big, acc)
        }

        $(#[$h])?
        pub fn raw_places(v: &mut [u32; 8]) -> u32 {
            let p = &raw mut v[3];
            // SAFETY: `p` points into `v`, live and exclusively borrowed here.
            unsafe { *p += 7 };
            let q = &raw const v[3];
            let mut s = 0;
            for i in 0..v.len() {
                s += v[i];
            }
            // SAFETY: as above.
            s + unsafe { *q }
        }

        pub trait Shape {
            fn area(&self) -> f64;
        }

        pub trait Corners {
            fn corners(&self) -> impl Iterator<Item = (f64, f64)>;
        }

        pub struct Rect(pub f64, pub f64);

        impl Shape for Rect {
            $(#[$h])?
            fn area(&self) -> f64 {
                self.0 * self.1
            }
        }

        impl Corners for Rect {
            $(#[$h])?
            fn corners(&self) -> impl Iterator<Item = (f64, f64)> {
                let (w, h) = (self.0, self.1);
                [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)].into_iter()
            }
        }

        pub trait Named: Shape {
            fn name(&self) -> &str;
        }

        impl Named for Rect {
            $(#[$h])?
            fn name(&self) -> &str {
                "rect"
            }
        }

        $(#[$h])?
        pub fn upcast(shapes: &[&dyn Named]) -> f64 {
            let mut total = 0.0;
            for s in shapes {
                let as_shape: &dyn Shape = *s;
                total += as_shape.area();
            }
            total
        }

        $(#[$h])?
        pub fn corner_sum<C: Corners>(c: &C) -> f64 {
            let mut total = 0.0;
            for (x, y) in c.corners() {
                total += x * 0.5 + y * 0.25;
            }
            total + c.corners().map(|(x, _)| x).sum::<f64>()
        }

        pub trait Lend {
            type Item<'a>
            where
                Self: 'a;
            fn lend(&mut self) -> Option<Self::Item<'_>>;
        }

        pub struct Windows {
            pub buf: Vec<u8>,
            pub at: usize,
        }

        impl Lend for Windows {
            type Item<'a> = &'a [u8];

            $(#[$h])?
            fn lend(&mut self) -> Option<&[u8]> {
                let at = self.at;
                self.at += 1;
                self.buf.get(at..at + 3)
            }
        }

        $(#[$h])?
        pub fn lend_all(w: &mut Windows) -> u64 {
            let mut s = 0u64;
            while let Some(win) = w.lend() {
                s += win.iter().map(|&b| u64::from(b)).sum::<u64>();
            }
            s
        }

        $(#[$h])?
        pub fn labeled(v: &[u64], stop: u64) -> (u64, usize) {
            let found = 'search: {
                for (i, &x) in v.iter().enumerate() {
                    if x == stop {
                        break 'search i;
                    }
                }
                v.len()
            };
            let Some(&first) = v.first() else {
                return (0, found);
            };
            (first, found)
        }

        $(#[$h])?
        pub fn adder(k: u64) -> impl Fn(u64) -> u64 {
            move |x| {
                let mut y = x;
                for _ in 0..k {
                    y = y.wrapping_mul(3) ^ k;
                }
                y
            }
        }

        $(#[$h])?
        pub fn compose(fs: &[&dyn Fn(u64) -> u64], x: u64) -> u64 {
            fs.iter().fold(x, |acc, f| f(acc))
        }

        $(#[$h])?
        pub fn repeat_and_take(n: usize) -> (Vec<u8>, Option<u64>, bool) {
            let v: Vec<u8> = std::iter::repeat_n(7u8, n).collect();
            let mut o = Some(n as u64);
            let taken = o.take_if(|x| *x > 3);
            let none_or = o.is_none_or(|x| x < 10);
            (v, taken, none_or)
        }

        $(#[$h])?
        pub fn lookups(bytes: &[u8]) -> u64 {
            bytes.iter().map(|b| TABLE[b]).sum()
        }

        $(#[$h])?
        pub fn c_strings() -> usize {
            let c = c"hello";
            c.to_bytes().iter().filter(|&&b| b == b'l').count()
        }

        $(#[$h])?
        pub fn pairs(v: [[u32; 2]; 4]) -> u32 {
            let mut s = 0;
            for [a, b] in v {
                s += a * b;
            }
            s
        }

        $(#[$h])?
        pub async fn apply(f: impl AsyncFn(u64) -> u64) -> u64 {
            f(3).await + f(4).await
        }

        $(#[$h])?
        pub async fn async_closures(n: u64) -> u64 {
            let base = n;
            let f = async |x: u64| {
                let mut s = base;
                for i in 0..x {
                    s = s.wrapping_add(i * i);
                }
                s
            };
            let g = async move |x: u64| x + base;
            apply(&f).await + g(5).await + apply(async |x| x * 2).await
        }

        pub trait Store {
            async fn load(&self, key: u64) -> u64;
        }

        pub struct Mem(pub Vec<u64>);

        impl Store for Mem {
            $(#[$h])?
            async fn load(&self, key: u64) -> u64 {
                let mut h = key;
                for x in &self.0 {
                    h = h.rotate_left(5) ^ x;
                }
                h
            }
        }

        $(#[$h])?
        pub async fn load_all(m: &Mem, keys: &[u64]) -> u64 {
            let mut s = 0;
            for &k in keys {
                s ^= m.load(k).await;
            }
            s
        }

        $(#[$h])?
        pub fn depth(n: u64) -> std::pin::Pin<Box<dyn std::future::Future<Output = u64>>> {
            Box::pin(async move { if n == 0 { 0 } else { 1 + depth(n - 1).await } })
        }

        $(#[$h])?
        #[track_caller]
        pub fn located(v: &[u32]) -> (u32, u32) {
            let loc = std::panic::Location::caller();
            let mut s = 0;
            for x in v {
                s += x;
            }
            (s, loc.line())
        }

        $(#[$h])?
        pub fn never_or(x: u64) -> u64 {
            let y: u64 = match x {
                0 => return 0,
                n if n > 1000 => panic!("too big: {n}"),
                n => n,
            };
            let z = if y % 2 == 0 { y / 2 } else { unreachable_if_zero(y) };
            z
        }

        $(#[$h])?
        fn unreachable_if_zero(y: u64) -> u64 {
            if y == 0 {
                unreachable!()
            }
            3 * y + 1
        }

        $(#[$h])?
        pub fn closures_returning_closures(n: u64) -> u64 {
            let make = |k: u64| move |x: u64| x.wrapping_mul(k) ^ (x >> 3);
            let fs: Vec<_> = (1..=n).map(make).collect();
            fs.iter().fold(1, |acc, f| f(acc))
        }

        $(#[$h])?
        pub fn chunk_by_and_windows(v: &[u32]) -> (usize, u32) {
            let groups = v.chunk_by(|a, b| a <= b).count();
            let best = v.windows(3).map(|w| w[0] + w[1] + w[2]).max().unwrap_or(0);
            (groups, best)
        }

        $(#[$h])?
        pub fn split_first_loops(mut v: &[u64]) -> u64 {
            let mut s = 0u64;
            while let [first, rest @ ..] = v {
                s = s.wrapping_mul(3).wrapping_add(*first);
                v = rest;
            }
            if let [.., last] = v {
                s = s.wrapping_add(*last);
            }
            s
        }
    };
}

mod h {
    shapes!(threadmgr::haltable);
}
mod p {
    shapes!();
}

#[test]
fn current_rust_shapes_compile_and_agree() {
    use futures::executor::block_on;
    use h::Lend as _;
    let v: Vec<u64> = (0..50).map(|i| (i * 37) % 23).collect();
    assert_eq!(
        h::let_chains(Some(3), Some(40), &v),
        p::let_chains(Some(3), Some(40), &v)
    );
    assert_eq!(h::sum_evens(&v), p::sum_evens(&v));
    let xs: Vec<i32> = (-50..300).step_by(7).collect();
    assert_eq!(h::ranges_and_consts(&xs), p::ranges_and_consts(&xs));
    assert_eq!(h::raw_places(&mut [1; 8]), p::raw_places(&mut [1; 8]));
    let r = h::Rect(2.0, 3.0);
    let pr = p::Rect(2.0, 3.0);
    assert_eq!(h::upcast(&[&r, &r]), p::upcast(&[&pr, &pr]));
    assert_eq!(h::corner_sum(&r), p::corner_sum(&pr));
    let mut w = h::Windows {
        buf: (0..40).collect(),
        at: 0,
    };
    let mut pw = p::Windows {
        buf: (0..40).collect(),
        at: 0,
    };
    assert_eq!(h::lend_all(&mut w), p::lend_all(&mut pw));
    assert!(w.lend().is_none());
    assert_eq!(h::labeled(&v, 9), p::labeled(&v, 9));
    assert_eq!(h::labeled(&[], 9), p::labeled(&[], 9));
    assert_eq!(h::adder(5)(7), p::adder(5)(7));
    let (a, b) = (h::adder(2), h::adder(3));
    let (pa, pb) = (p::adder(2), p::adder(3));
    assert_eq!(h::compose(&[&a, &b], 4), p::compose(&[&pa, &pb], 4));
    assert_eq!(h::repeat_and_take(5), p::repeat_and_take(5));
    assert_eq!(h::repeat_and_take(2), p::repeat_and_take(2));
    assert_eq!(h::lookups(b"hello world"), p::lookups(b"hello world"));
    assert_eq!(h::c_strings(), p::c_strings());
    assert_eq!(
        h::pairs([[1, 2], [3, 4], [5, 6], [7, 8]]),
        p::pairs([[1, 2], [3, 4], [5, 6], [7, 8]])
    );
    assert_eq!(
        block_on(h::async_closures(9)),
        block_on(p::async_closures(9))
    );
    let m = h::Mem(v.clone());
    let pm = p::Mem(v.clone());
    assert_eq!(
        block_on(h::load_all(&m, &[1, 2, 3])),
        block_on(p::load_all(&pm, &[1, 2, 3]))
    );
    assert_eq!(block_on(h::depth(50)), block_on(p::depth(50)));
    assert_eq!(h::located(&[1, 2, 3]).0, p::located(&[1, 2, 3]).0);
    for x in [0, 1, 2, 7, 10] {
        assert_eq!(h::never_or(x), p::never_or(x));
    }
    assert!(std::panic::catch_unwind(|| h::never_or(5000)).is_err());
    assert_eq!(
        h::closures_returning_closures(9),
        p::closures_returning_closures(9)
    );
    let u: Vec<u32> = v.iter().map(|&x| x as u32).collect();
    assert_eq!(h::chunk_by_and_windows(&u), p::chunk_by_and_windows(&u));
    assert_eq!(h::split_first_loops(&v), p::split_first_loops(&v));
}
