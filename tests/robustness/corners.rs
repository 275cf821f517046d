//! Corners that the other modules do not reach, written in issue 11's nineteenth session as a
//! user would write them, every fn with its own `#[haltable]`: `const` items, inline `const`
//! blocks and `static`s with loops inside a body, a `const fn`, closures coerced to `fn`
//! pointers in every position (a `const` array, a `Vec`, a cast, an `if` or `match` beside a
//! fn item, a struct field, a `HashMap`'s values, an argument), let chains, a `while let` with
//! `&&`, labeled block breaks, a `for` over `by_ref()`, a `MutexGuard` temporary in a `for`'s
//! iterator, items declared in a body, a closure that must stay `Copy`, scoped and spawned
//! threads, an `async fn`, `?` in a loop. The plain file (the same without the attributes)
//! gives the same results and the same clippy warnings.

use std::collections::HashMap;
use std::sync::Mutex;

use threadmgr::haltable;

#[haltable]
pub fn const_block_in_body() -> usize {
    const N: usize = {
        let mut i = 0;
        let mut acc = 0;
        while i < 10 {
            acc += i;
            i += 1;
        }
        acc
    };
    let arr = [0u8; {
        let mut n = 0;
        loop {
            n += 1;
            if n == 4 {
                break n;
            }
        }
    }];
    let inline = const {
        let mut s = 0u32;
        let mut k = 0;
        while k < 5 {
            s += k;
            k += 1;
        }
        s
    };
    N + arr.len() + inline as usize
}

pub const fn const_fn_loop(n: u32) -> u32 {
    let mut i = 0;
    let mut s = 0;
    while i < n {
        s += i;
        i += 1;
    }
    s
}

#[haltable]
pub fn static_in_body() -> u64 {
    static TABLE: [u64; 4] = {
        let mut t = [0u64; 4];
        let mut i = 0;
        while i < 4 {
            t[i] = (i * i) as u64;
            i += 1;
        }
        t
    };
    TABLE.iter().sum()
}

#[haltable]
pub fn fn_pointers(b: bool) -> fn(u8) -> u8 {
    if b { |x| x.wrapping_add(1) } else { |x| x }
}

#[haltable]
pub fn fn_pointer_vec() -> i32 {
    let fs: Vec<fn(i32) -> i32> = vec![|x| x + 1, |x| x * 2, |x| x - 3];
    fs.iter().fold(1, |acc, f| f(acc))
}

#[haltable]
pub fn fn_pointer_cast() -> f64 {
    let f = (|x: f64| x.sqrt()) as fn(f64) -> f64;
    let g: fn(f64) -> f64 = if f(4.0) > 1.0 { |x| x * 2.0 } else { f64::abs };
    g(f(16.0))
}

const OPS: [fn(u32) -> u32; 2] = [|x| x + 1, |x| x << 1];

#[haltable]
pub fn const_fn_pointers() -> u32 {
    const LOCAL: [fn(u32) -> u32; 2] = [|x| x * 3, |x| x ^ 5];
    OPS.iter().chain(LOCAL.iter()).fold(7, |a, f| f(a))
}

#[haltable]
pub fn labeled_break_value(rows: &[Vec<i32>]) -> Option<(usize, usize)> {
    let found = 'outer: {
        for (i, r) in rows.iter().enumerate() {
            for (j, &v) in r.iter().enumerate() {
                if v < 0 {
                    break 'outer Some((i, j));
                }
            }
        }
        None
    };
    debug_assert!(found.is_none_or(|(i, j)| rows[i][j] < 0));
    found
}

#[haltable]
pub fn by_ref_then_rest(v: &[u32]) -> (u32, u32) {
    let mut it = v.iter();
    let mut head = 0;
    for &x in it.by_ref() {
        head += x;
        if head > 10 {
            break;
        }
    }
    let rest: u32 = it.sum();
    (head, rest)
}

#[haltable]
pub fn ref_patterns(v: &[(u32, String)]) -> usize {
    let mut n = 0;
    for &(a, ref s) in v.iter() {
        n += a as usize + s.len();
    }
    for (i, (_, s)) in v.iter().enumerate().rev().step_by(2) {
        n ^= i + s.len();
    }
    n
}

#[haltable]
pub fn temporaries_in_iter(m: &Mutex<Vec<u64>>) -> u64 {
    let mut s = 0;
    for x in m.lock().unwrap().iter() {
        s += *x;
    }
    s + m.lock().unwrap().iter().map(|x| x * 2).sum::<u64>()
}

#[haltable]
pub fn let_chains(a: Option<u32>, b: &[u32]) -> u32 {
    let mut total = 0;
    for &x in b {
        if let Some(y) = a
            && y > x
            && let Some(z) = x.checked_mul(y)
        {
            total += z;
        }
    }
    let Some(first) = b.first() else { return total };
    total + first
}

#[haltable]
pub fn char_ranges() -> String {
    let mut s = String::new();
    for c in 'a'..='e' {
        s.push(c);
    }
    s.extend(('v'..'z').rev());
    s
}

#[haltable]
pub fn wide_ranges() -> u128 {
    let mut acc = 0u128;
    for i in (0u128..1000).step_by(7) {
        acc = acc.wrapping_add(i * i);
    }
    for i in (-50i64..50).rev() {
        acc ^= i as u128;
    }
    acc + (1u128..=100).sum::<u128>()
}

#[haltable]
pub fn loops_in_guards(v: &[i32]) -> i32 {
    match v.len() {
        n if v.iter().filter(|&&x| x > 0).count() * 2 > n => 1,
        _ => {
            let mut i = 0;
            while i < v.len() && v[i] <= 0 {
                i += 1;
            }
            i as i32
        }
    }
}

#[haltable]
pub fn nested_items(v: &[u32]) -> u32 {
    struct Acc(u32);
    impl Acc {
        #[haltable]
        fn add_all(&mut self, v: &[u32]) {
            for x in v {
                self.0 += x;
            }
        }
    }
    trait Twice {
        fn twice(&self) -> u32;
    }
    impl Twice for Acc {
        #[haltable]
        fn twice(&self) -> u32 {
            let mut r = 0;
            for _ in 0..2 {
                r += self.0;
            }
            r
        }
    }
    let mut a = Acc(0);
    a.add_all(v);
    a.twice()
}

#[haltable]
pub fn closure_needs_copy(v: &[u32]) -> u32 {
    #[haltable]
    fn apply_twice<F: Fn(u32) -> u32 + Copy>(f: F, x: u32) -> u32 {
        let g = f;
        f(g(x))
    }
    let k = v.len() as u32;
    apply_twice(move |x| (0..x % 8).map(|i| i + k).sum(), 5)
}

#[haltable]
pub fn spawn_scoped(v: &[u64]) -> u64 {
    std::thread::scope(|s| {
        let h = s.spawn(|| {
            let mut acc = 0u64;
            for &x in v {
                acc = acc.wrapping_mul(31).wrapping_add(x);
            }
            acc
        });
        h.join().unwrap()
    })
}

#[haltable]
pub fn spawn_static(n: u64) -> u64 {
    std::thread::spawn(move || (0..n).filter(|x| x % 3 == 0).count() as u64)
        .join()
        .unwrap()
}

#[haltable]
pub fn hashmap_work(words: &[&str]) -> Vec<(String, usize)> {
    let mut m: HashMap<String, usize> = HashMap::new();
    for w in words {
        *m.entry(w.to_string()).or_default() += 1;
    }
    m.retain(|_, c| *c > 1);
    let mut out: Vec<_> = m.drain().collect();
    out.sort();
    out
}

#[haltable]
pub fn returns_iter<'a>(v: &'a [u32], k: u32) -> impl Iterator<Item = u32> + 'a {
    for &x in v {
        if x == k {
            return Box::new(std::iter::empty()) as Box<dyn Iterator<Item = u32>>;
        }
    }
    Box::new(v.iter().map(move |x| x + k))
}

pub trait Shape {
    fn area(&self) -> f64;
    #[haltable]
    fn total(items: &[Self]) -> f64
    where
        Self: Sized,
    {
        let mut t = 0.0;
        for s in items {
            t += s.area();
        }
        t
    }
}

pub struct Sq(pub f64);
impl Shape for Sq {
    #[haltable]
    fn area(&self) -> f64 {
        self.0 * self.0
    }
}

#[haltable]
pub fn generic_iter<I, T>(it: I) -> Vec<T>
where
    I: IntoIterator<Item = T>,
    T: Clone + PartialOrd,
{
    let mut out = Vec::new();
    for x in it {
        if out.last().is_none_or(|l: &T| *l < x) {
            out.push(x.clone());
        }
    }
    out
}

#[haltable]
pub fn unsafe_loop(v: &mut [u8]) {
    unsafe {
        let p = v.as_mut_ptr();
        for i in 0..v.len() {
            *p.add(i) = (*p.add(i)).wrapping_add(1);
        }
    }
}

#[haltable]
pub async fn async_loop(v: Vec<u32>) -> u32 {
    let mut s = 0;
    for x in v {
        s += x;
        std::future::ready(()).await;
    }
    s
}

#[haltable]
pub fn peekable_parse(s: &str) -> Vec<u64> {
    let mut out = vec![];
    let mut it = s.chars().peekable();
    while let Some(&c) = it.peek() {
        if c.is_ascii_digit() {
            let mut n = 0u64;
            while let Some(d) = it.next_if(|c| c.is_ascii_digit()) {
                n = n * 10 + d.to_digit(10).unwrap() as u64;
            }
            out.push(n);
        } else {
            it.next();
        }
    }
    out
}

#[haltable]
pub fn closure_returning_ref(v: &[String]) -> Option<&str> {
    let longest = |i: usize| v.get(i).map(|s| s.as_str());
    let best = (0..v.len()).max_by_key(|&i| v[i].len())?;
    longest(best)
}

#[haltable]
pub fn recursive_closure_fnptr(n: u32) -> u64 {
    #[haltable]
    fn fact(n: u32, k: &dyn Fn(u32) -> u64) -> u64 {
        if n == 0 { 1 } else { n as u64 * k(n - 1) }
    }
    #[haltable]
    fn go(n: u32) -> u64 {
        fact(n, &go)
    }
    go(n)
}

#[haltable]
pub fn question_in_loop(v: &[&str]) -> Result<i64, std::num::ParseIntError> {
    let mut s = 0;
    for t in v {
        s += t.parse::<i64>()?;
    }
    let more: Result<Vec<i64>, _> = v.iter().map(|t| t.parse::<i64>()).collect();
    Ok(s + more?.iter().sum::<i64>())
}

#[haltable]
pub fn matches_and_format(v: &[u8]) -> String {
    let mut out = String::new();
    for b in v {
        if b.is_ascii_lowercase() {
            use std::fmt::Write;
            write!(out, "{b:02x}").unwrap();
        }
    }
    assert!(out.len().is_multiple_of(2), "odd {}", out.len());
    out
}

#[haltable]
pub fn array_of_closures_call(x: f64) -> f64 {
    let ops = [|v: f64| v.sqrt(), |v: f64| v.ln_1p()];
    ops.iter().map(|f| f(x)).sum()
}

#[haltable]
pub fn match_closure_or_fn(w: u8, x: f64) -> f64 {
    let f = match w {
        0 => |v: f64| v.sqrt(),
        1 => f64::cbrt,
        _ => |v: f64| v * 2.0,
    };
    f(x)
}

pub struct Op {
    pub name: &'static str,
    pub f: fn(f64) -> f64,
}

#[haltable]
pub fn struct_field_fnptr() -> Vec<Op> {
    vec![
        Op {
            name: "sqrt",
            f: |v| v.sqrt(),
        },
        Op {
            name: "neg",
            f: |v| -v,
        },
    ]
}

#[haltable]
pub fn hashmap_of_fnptrs(x: f64) -> f64 {
    let mut table: HashMap<&str, fn(f64) -> f64> = HashMap::new();
    table.insert("sqrt", |v| v.sqrt());
    table.insert("dbl", |v| v * 2.0);
    table.values().map(|f| f(x)).sum()
}

#[haltable]
pub fn integrate(f: fn(f64) -> f64, steps: u64) -> f64 {
    let h = 1.0 / steps as f64;
    (0..steps).map(|i| f(i as f64 * h) * h).sum()
}

#[haltable]
pub fn integrate_closure(steps: u64) -> f64 {
    let f = |x: f64| x.sqrt();
    integrate(f, steps) + integrate(|x| x * x, steps)
}

#[haltable]
pub fn sort_with_fnptr(v: &mut Vec<(u32, u32)>) {
    let key: fn(&(u32, u32)) -> u32 = |p| p.1;
    v.sort_by_key(key);
    v.dedup_by(|a, b| a.1 == b.1);
}

#[haltable]
pub fn option_closure_chain(v: &[Option<u32>]) -> u32 {
    v.iter()
        .flatten()
        .copied()
        .map(|x| x.saturating_sub(1))
        .filter_map(|x| if x % 2 == 0 { Some(x / 2) } else { None })
        .sum()
}

#[haltable]
pub fn shadowed_loop_var(v: &[u32]) -> u32 {
    let mut s = 0;
    for v in v.iter().map(|x| x * 2) {
        s += v;
    }
    s
}

#[haltable]
pub fn while_with_complex_cond(v: &mut Vec<u32>) -> usize {
    let mut n = 0;
    while let Some(last) = v.pop()
        && last > 3
    {
        n += 1;
        if n > 100 {
            break;
        }
    }
    n
}

#[haltable]
pub fn impl_trait_arg(it: impl Iterator<Item = u8>) -> u32 {
    let mut s = 0u32;
    for b in it {
        s = s.rotate_left(3) ^ b as u32;
    }
    s
}

#[haltable]
pub fn dyn_iter(it: &mut dyn Iterator<Item = u32>) -> u32 {
    let mut s = 0;
    for x in it {
        s += x;
    }
    s
}

#[haltable]
pub fn break_with_value_from_loop(v: &[i32]) -> i32 {
    let mut i = 0;
    let r = loop {
        if i >= v.len() {
            break -1;
        }
        if v[i] == 7 {
            break i as i32;
        }
        i += 1;
    };
    r.max(-1)
}

#[haltable]
pub fn continue_labeled(grid: &[Vec<u8>]) -> usize {
    let mut rows = 0;
    'rows: for r in grid {
        for &c in r {
            if c == 0 {
                continue 'rows;
            }
        }
        rows += 1;
    }
    rows
}

#[haltable]
pub fn iter_over_array_value() -> u32 {
    let mut s = 0;
    for x in [
        1u32, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ] {
        s += x;
    }
    for (a, b) in [(1, 2), (3, 4)] {
        s += a * b;
    }
    s
}

#[haltable]
pub fn moves_in_loop(v: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for s in v {
        out.push(s);
    }
    out
}

#[haltable]
pub fn mutable_borrow_across(v: &mut [u32]) {
    let n = v.len();
    for i in 0..n {
        let (l, r) = v.split_at_mut(i);
        if let (Some(a), Some(b)) = (l.last_mut(), r.first_mut()) {
            std::mem::swap(a, b);
        }
    }
}

#[haltable]
pub fn rev_chars_collect(s: &str) -> String {
    s.chars().rev().filter(|c| !c.is_whitespace()).collect()
}

#[haltable]
pub fn zip_three(a: &[f32], b: &[f32], c: &mut [f32]) {
    for ((x, y), z) in a.iter().zip(b).zip(c.iter_mut()) {
        *z = x.mul_add(*y, *z);
    }
}

#[haltable]
pub fn infinite_with_take(seed: u64) -> Vec<u64> {
    std::iter::successors(Some(seed), |&x| {
        Some(x.wrapping_mul(6364136223846793005).wrapping_add(1))
    })
    .take(10)
    .collect()
}

#[haltable]
pub fn cycle_zip(v: &[u8], key: &[u8]) -> Vec<u8> {
    v.iter()
        .zip(key.iter().cycle())
        .map(|(a, b)| a ^ b)
        .collect()
}

#[test]
fn corners_give_the_plain_results() {
    assert_eq!(const_block_in_body(), 45 + 4 + 10);
    assert_eq!(const_fn_loop(5), 10);
    assert_eq!(static_in_body(), 1 + 4 + 9);
    assert_eq!(fn_pointers(true)(1), 2);
    assert_eq!(fn_pointer_vec(), (1 + 1) * 2 - 3);
    assert_eq!(fn_pointer_cast(), 8.0);
    assert_eq!(const_fn_pointers(), ((((7 + 1) << 1) * 3) ^ 5));
    assert_eq!(
        labeled_break_value(&[vec![1, 2], vec![3, -1]]),
        Some((1, 1))
    );
    assert_eq!(labeled_break_value(&[vec![1, 2]]), None);
    assert_eq!(by_ref_then_rest(&[5, 6, 7, 8]), (11, 15));
    assert_eq!(temporaries_in_iter(&Mutex::new(vec![1, 2, 3])), 6 + 12);
    assert_eq!(let_chains(Some(10), &[1, 2, 20]), 10 + 20 + 1);
    assert_eq!(char_ranges(), "abcdeyxwv");
    assert_eq!(loops_in_guards(&[1, 2, -3]), 1);
    assert_eq!(loops_in_guards(&[-1, -2, 3]), 2);
    assert_eq!(nested_items(&[1, 2, 3]), 12);
    assert_eq!(closure_needs_copy(&[1, 2, 3]), {
        let f = |x: u32| (0..x % 8).map(|i| i + 3).sum::<u32>();
        f(f(5))
    });
    assert_eq!(spawn_scoped(&[1, 2]), 33);
    assert_eq!(spawn_static(10), 4);
    assert_eq!(hashmap_work(&["a", "b", "a"]), vec![("a".to_string(), 2)]);
    assert_eq!(returns_iter(&[1, 2], 5).collect::<Vec<_>>(), vec![6, 7]);
    assert_eq!(returns_iter(&[1, 2], 2).count(), 0);
    assert_eq!(Sq::total(&[Sq(2.0), Sq(3.0)]), 13.0);
    assert_eq!(generic_iter(vec![3, 1, 4, 1, 5]), vec![3, 4, 5]);
    let mut b = [1u8, 255];
    unsafe_loop(&mut b);
    assert_eq!(b, [2, 0]);
    assert_eq!(peekable_parse("a12b3"), vec![12, 3]);
    assert_eq!(
        closure_returning_ref(&["ab".into(), "abc".into()]),
        Some("abc")
    );
    assert_eq!(recursive_closure_fnptr(5), 120);
    assert_eq!(question_in_loop(&["1", "2"]), Ok(6));
    assert!(question_in_loop(&["1", "x"]).is_err());
    assert_eq!(matches_and_format(b"aZb"), "6162");
    assert!((array_of_closures_call(4.0) - (2.0 + 5f64.ln())).abs() < 1e-12);
    assert_eq!(match_closure_or_fn(1, 27.0), 3.0);
    let ops = struct_field_fnptr();
    assert_eq!((ops[0].name, (ops[0].f)(9.0)), ("sqrt", 3.0));
    assert_eq!(futures::executor::block_on(async_loop(vec![1, 2, 3])), 6);
    assert_eq!(hashmap_of_fnptrs(4.0), 10.0);
    assert!(integrate_closure(100) > 0.9);
    let mut v = vec![(1, 2), (2, 1), (3, 2)];
    sort_with_fnptr(&mut v);
    assert_eq!(v, vec![(2, 1), (1, 2)]);
    assert_eq!(option_closure_chain(&[Some(3), None, Some(5)]), 1 + 2);
    assert_eq!(shadowed_loop_var(&[1, 2]), 6);
    assert_eq!(while_with_complex_cond(&mut vec![1, 5, 6]), 2);
    assert_eq!(
        impl_trait_arg([1u8, 2].into_iter()),
        (1u32.rotate_left(3)) ^ 2
    );
    assert_eq!(dyn_iter(&mut (1..4)), 6);
    assert_eq!(break_with_value_from_loop(&[1, 7]), 1);
    assert_eq!(continue_labeled(&[vec![1, 0], vec![1, 1]]), 1);
    assert_eq!(iter_over_array_value(), 210 + 14);
    assert_eq!(moves_in_loop(vec!["a".into()]), vec!["a".to_string()]);
    let mut m = [1, 2, 3];
    mutable_borrow_across(&mut m);
    assert_eq!(m, [2, 3, 1]);
    assert_eq!(rev_chars_collect("a b"), "ba");
    let mut c = [1.0f32; 2];
    zip_three(&[1.0, 2.0], &[3.0, 4.0], &mut c);
    assert_eq!(c, [4.0, 9.0]);
    assert_eq!(infinite_with_take(1).len(), 10);
    assert_eq!(cycle_zip(&[1, 2, 3], &[1]), vec![0, 3, 2]);
    assert_eq!(ref_patterns(&[(1, "a".into())]), 2 ^ 1);
    let _ = wide_ranges();
}
