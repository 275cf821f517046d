//! Signatures and bodies of every shape: `unsafe fn`, patterns in arguments, `-> !`, returned
//! `Box<dyn Fn>` and `impl Fn`, nested closures, early returns in loops, `const` and `static`
//! items in bodies, const generics, higher-ranked bounds, builders taking `self`, and threads.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use threadmgr::haltable;

/// Sums `len` values starting at `ptr`.
///
/// # Safety
///
/// `ptr` must point to `len` initialized `u64`s.
#[haltable]
pub unsafe fn sum_raw(ptr: *const u64, len: usize) -> u64 {
    let mut sum = 0;
    for i in 0..len {
        // SAFETY: the caller promises `len` values at `ptr`.
        sum += unsafe { *ptr.add(i) };
    }
    sum
}

/// Swaps two items without bounds checks.
///
/// # Safety
///
/// `a` and `b` must be in bounds.
#[haltable]
pub unsafe fn swap_unchecked<T>(items: &mut [T], a: usize, b: usize) {
    let base = items.as_mut_ptr();
    // SAFETY: both indices are in bounds, as the caller promises.
    unsafe { std::ptr::swap(base.add(a), base.add(b)) };
}

/// Reverses a slice with [`swap_unchecked`].
#[haltable]
pub fn reverse_in_place<T>(items: &mut [T]) {
    let n = items.len();
    for i in 0..n / 2 {
        // SAFETY: `i < n / 2` and `n - 1 - i >= n / 2`, both below `n`.
        unsafe { swap_unchecked(items, i, n - 1 - i) };
    }
}

/// A point in the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Manhattan distance, with tuple patterns in the arguments.
#[haltable]
pub fn manhattan((x1, y1): (i64, i64), (x2, y2): (i64, i64)) -> i64 {
    (x1 - x2).abs() + (y1 - y2).abs()
}

/// Euclidean norm, with a struct pattern in the argument.
#[haltable]
pub fn norm(Point { x, y }: Point) -> f64 {
    x.hypot(y)
}

/// The first and last of three, with a slice pattern, and a reference pattern.
#[haltable]
pub fn ends([first, _, last]: [u8; 3], &(a, b): &(u8, u8)) -> (u8, u8) {
    (first.max(a), last.max(b))
}

/// Pushes onto a vector taken by value (a `mut` binding), ignoring one argument.
#[haltable]
pub fn push_all(_: &str, mut acc: Vec<u32>, extra: impl IntoIterator<Item = u32>) -> Vec<u32> {
    for x in extra {
        acc.push(x);
    }
    acc
}

/// Never returns: panics with `reason`.
#[haltable]
pub fn fail(reason: &str) -> ! {
    panic!("fatal: {reason}")
}

/// Never returns: counts up and panics at `limit`.
#[haltable]
pub fn count_then_fail(limit: u64) -> ! {
    let mut i = 0u64;
    loop {
        i += 1;
        if i >= limit {
            fail(&format!("counted to {i}"));
        }
    }
}

/// Parses a number, or diverges.
#[haltable]
pub fn parse_or_fail(s: &str) -> i64 {
    match s.parse() {
        Ok(n) => n,
        Err(_) if s.is_empty() => fail("empty input"),
        Err(e) => fail(&e.to_string()),
    }
}

/// A named binary operation, as a boxed closure.
#[haltable]
pub fn operation(name: &str) -> Option<Box<dyn Fn(i64, i64) -> i64 + Send + Sync>> {
    Some(match name {
        "add" => Box::new(|a, b| a + b),
        "sub" => Box::new(|a, b| a - b),
        "mul" => Box::new(|a, b| a * b),
        "pow" => Box::new(|a, b| {
            let mut result = 1;
            for _ in 0..b {
                result *= a;
            }
            result
        }),
        _ => return None,
    })
}

/// Composes a chain of functions, first to last.
#[haltable]
pub fn compose_all(steps: Vec<Box<dyn Fn(i64) -> i64>>) -> impl Fn(i64) -> i64 {
    move |x| steps.iter().fold(x, |acc, f| f(acc))
}

/// Caches the results of `f`.
#[haltable]
pub fn memoize(f: fn(u64) -> u64) -> impl FnMut(u64) -> u64 {
    let mut cache = HashMap::new();
    move |n| *cache.entry(n).or_insert_with(|| f(n))
}

/// A counter that makes adders: each call returns a closure that adds the count so far.
#[haltable]
pub fn adder_factory() -> impl FnMut() -> Box<dyn Fn(u32) -> u32> {
    let mut made = 0;
    move || {
        made += 1;
        let k = made;
        Box::new(move |x| x + k)
    }
}

/// Indices of two items that add up to `target`, by brute force.
#[haltable]
pub fn two_sum(values: &[i32], target: i32) -> Option<(usize, usize)> {
    for (i, a) in values.iter().enumerate() {
        for (j, b) in values.iter().enumerate().skip(i + 1) {
            if a + b == target {
                return Some((i, j));
            }
        }
    }
    None
}

/// The first line that starts with `prefix`, after `skip` lines, with its number.
#[haltable]
pub fn find_line<'t>(text: &'t str, prefix: &str, skip: usize) -> Option<(usize, &'t str)> {
    let mut seen = 0;
    for (n, line) in text.lines().enumerate() {
        if seen < skip {
            seen += 1;
            continue;
        }
        if let Some(rest) = line.strip_prefix(prefix) {
            return Some((n + 1, rest.trim()));
        }
    }
    None
}

/// Adler-32 of blocks of `N` bytes (const generics and a `const` in the body).
#[haltable]
pub fn adler32<const N: usize>(blocks: &[[u8; N]]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    for block in blocks {
        for &byte in block {
            a = (a + u32::from(byte)) % MOD;
            b = (b + a) % MOD;
        }
    }
    (b << 16) | a
}

/// A process-wide id, from a `static` in the body.
#[haltable]
pub fn next_id() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Applies a function that works for any lifetime (a higher-ranked bound).
#[haltable]
pub fn apply_to_all<'w, F>(words: &'w [String], f: F) -> Vec<&'w str>
where
    F: for<'a> Fn(&'a str) -> &'a str,
{
    words.iter().map(|w| f(w)).collect()
}

/// The longest common prefix of two strings, borrowed from the first.
#[haltable]
pub fn common_prefix<'a>(a: &'a str, b: &str) -> &'a str {
    let mut end = 0;
    for ((i, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            break;
        }
        end = i + ca.len_utf8();
    }
    &a[..end]
}

/// Key-value parsing with `?` into a boxed error.
#[haltable]
pub fn parse_pairs(text: &str) -> Result<Vec<(String, i32)>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("no '=' in {part:?}"))?;
        out.push((k.trim().to_owned(), v.trim().parse()?));
    }
    Ok(out)
}

/// A request, built step by step.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub url: String,
    pub retries: u32,
    pub headers: Vec<(String, String)>,
}

/// Builds a [`Request`].
#[derive(Debug, Default)]
pub struct RequestBuilder {
    url: Option<String>,
    retries: u32,
    headers: Vec<(String, String)>,
}

#[haltable]
impl RequestBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the URL.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Sets the retry count.
    pub fn retries(self, retries: u32) -> Self {
        RequestBuilder { retries, ..self }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The request, or what is missing.
    pub fn build(self) -> Result<Request, &'static str> {
        let Self {
            url,
            retries,
            headers,
        } = self;
        let url = url.ok_or("a request needs a url")?;
        if !url.starts_with("http") {
            return Err("the url must be http or https");
        }
        Ok(Request {
            url,
            retries,
            headers,
        })
    }
}

/// Something that finishes into a [`Request`], usable as a trait object.
pub trait Finish {
    /// The request (a `self: Box<Self>` receiver, so that `Box<dyn Finish>` can call it).
    fn finish(self: Box<Self>) -> Result<Request, &'static str>;
}

#[haltable]
impl Finish for RequestBuilder {
    fn finish(self: Box<Self>) -> Result<Request, &'static str> {
        (*self).build()
    }
}

/// Sums on worker threads with channels, a mutex and scoped threads.
#[haltable]
pub fn parallel_sums(chunks: Vec<Vec<u64>>) -> (u64, u64, u64) {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for chunk in chunks.clone() {
        let tx = tx.clone();
        handles.push(std::thread::spawn(move || {
            let total: u64 = chunk.iter().sum();
            tx.send(total).expect("the receiver outlives the workers");
        }));
    }
    drop(tx);
    for h in handles {
        h.join().expect("workers do not panic");
    }
    let by_channel: u64 = rx.iter().sum();

    let shared = Arc::new(Mutex::new(0u64));
    let workers: Vec<_> = chunks
        .iter()
        .cloned()
        .map(|chunk| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                let mut guard = shared.lock().unwrap();
                for v in chunk {
                    *guard += v;
                }
            })
        })
        .collect();
    workers.into_iter().for_each(|w| w.join().unwrap());
    let by_mutex = *shared.lock().unwrap();

    let by_scope = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|chunk| s.spawn(|| chunk.iter().sum::<u64>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    (by_channel, by_mutex, by_scope)
}

/// A background thread that needs nothing from its creator (a closure without `move`).
#[haltable]
pub fn answer_in_background() -> u32 {
    let handle = std::thread::spawn(|| {
        let mut n = 0;
        for i in 0..10 {
            n += i;
        }
        n - 3
    });
    handle.join().unwrap()
}

/// A binary search tree.
#[derive(Debug)]
pub struct Tree<T> {
    root: Option<Box<Node<T>>>,
    len: usize,
}

#[derive(Debug)]
struct Node<T> {
    value: T,
    left: Option<Box<Node<T>>>,
    right: Option<Box<Node<T>>>,
}

impl<T> Default for Tree<T> {
    fn default() -> Self {
        Tree { root: None, len: 0 }
    }
}

#[haltable]
impl<T: Ord> Tree<T> {
    /// Inserts `value`; false if it was there already.
    pub fn insert(&mut self, value: T) -> bool {
        let mut cur = &mut self.root;
        while let Some(node) = cur {
            cur = match value.cmp(&node.value) {
                std::cmp::Ordering::Less => &mut node.left,
                std::cmp::Ordering::Greater => &mut node.right,
                std::cmp::Ordering::Equal => return false,
            };
        }
        *cur = Some(Box::new(Node {
            value,
            left: None,
            right: None,
        }));
        self.len += 1;
        true
    }

    /// True if `value` is in the tree.
    pub fn contains(&self, value: &T) -> bool {
        let mut cur = self.root.as_deref();
        while let Some(node) = cur {
            cur = match value.cmp(&node.value) {
                std::cmp::Ordering::Less => node.left.as_deref(),
                std::cmp::Ordering::Greater => node.right.as_deref(),
                std::cmp::Ordering::Equal => return true,
            };
        }
        false
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if the tree is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The height (0 for an empty tree), recursively.
    pub fn height(&self) -> usize {
        fn height<T>(node: Option<&Node<T>>) -> usize {
            node.map_or(0, |n| {
                1 + height(n.left.as_deref()).max(height(n.right.as_deref()))
            })
        }
        height(self.root.as_deref())
    }

    /// The values in order, with an explicit stack.
    pub fn iter(&self) -> TreeIter<'_, T> {
        let mut iter = TreeIter { stack: Vec::new() };
        iter.push_left(self.root.as_deref());
        iter
    }
}

/// In-order iterator over a [`Tree`].
#[derive(Debug)]
pub struct TreeIter<'a, T> {
    stack: Vec<&'a Node<T>>,
}

#[haltable]
impl<'a, T> TreeIter<'a, T> {
    fn push_left(&mut self, mut node: Option<&'a Node<T>>) {
        while let Some(n) = node {
            self.stack.push(n);
            node = n.left.as_deref();
        }
    }
}

#[haltable]
impl<'a, T> Iterator for TreeIter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        let node = self.stack.pop()?;
        self.push_left(node.right.as_deref());
        Some(&node.value)
    }
}

#[haltable]
impl<T: Ord> FromIterator<T> for Tree<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut tree = Tree::default();
        for v in iter {
            tree.insert(v);
        }
        tree
    }
}

/// A text transformation.
pub type Handler = fn(&str) -> String;

/// Text handlers by name, as `fn` pointers. A closure that captures nothing coerces to one; the
/// documented opt-out keeps these coercible under `#[haltable]`.
#[haltable]
pub fn text_handler(name: &str) -> Option<Handler> {
    let table: [(&str, Handler); 3] = [
        (
            "upper",
            #[haltable(skip)]
            |s| s.to_uppercase(),
        ),
        (
            "reverse",
            #[haltable(skip)]
            |s| s.chars().rev().collect(),
        ),
        (
            "squash",
            #[haltable(skip)]
            |s| s.split_whitespace().collect::<Vec<_>>().join(" "),
        ),
    ];
    table.iter().find(|(n, _)| *n == name).map(|&(_, f)| f)
}

/// A rolling hash with a hot inner loop that opts out of checkpoints.
#[haltable]
pub fn rolling_hashes(blocks: &[&[u8]]) -> Vec<u32> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let mut h = 0u32;
        #[haltable(skip)]
        for &b in *block {
            h = h.rotate_left(5) ^ u32::from(b);
        }
        out.push(h);
    }
    out
}

/// Lines buffered in memory and written to a shared sink when flushed or dropped.
#[derive(Debug)]
pub struct BufferedLog {
    sink: Arc<Mutex<Vec<String>>>,
    pending: Vec<String>,
    limit: usize,
}

#[haltable]
impl BufferedLog {
    /// A log that flushes every `limit` lines into `sink`.
    pub fn new(sink: Arc<Mutex<Vec<String>>>, limit: usize) -> Self {
        BufferedLog {
            sink,
            pending: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Adds a line, flushing when the buffer is full.
    pub fn log(&mut self, line: impl Into<String>) {
        self.pending.push(line.into());
        if self.pending.len() >= self.limit {
            self.flush();
        }
    }

    /// Writes the pending lines to the sink.
    pub fn flush(&mut self) {
        let mut sink = self
            .sink
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for line in self.pending.drain(..) {
            sink.push(line);
        }
    }
}

#[haltable]
impl Drop for BufferedLog {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sorting::Lcg;

    #[test]
    fn unsafe_fns() {
        let values: Vec<u64> = (1..=100).collect();
        // SAFETY: the pointer and length come from a live vector.
        assert_eq!(unsafe { sum_raw(values.as_ptr(), values.len()) }, 5050);
        let mut items = vec!['a', 'b', 'c', 'd', 'e'];
        reverse_in_place(&mut items);
        assert_eq!(items, ['e', 'd', 'c', 'b', 'a']);
        reverse_in_place::<u8>(&mut []);
    }

    #[test]
    fn argument_patterns() {
        assert_eq!(manhattan((1, 2), (-3, 5)), 7);
        assert_eq!(norm(Point { x: 3.0, y: 4.0 }), 5.0);
        assert_eq!(ends([1, 9, 3], &(2, 2)), (2, 3));
        assert_eq!(push_all("ignored", vec![1], [2, 3]), [1, 2, 3]);
    }

    #[test]
    #[should_panic(expected = "fatal: counted to 1000")]
    fn diverging_loop() {
        count_then_fail(1000);
    }

    #[test]
    fn diverging_in_match_arms() {
        assert_eq!(parse_or_fail("-12"), -12);
        let err = std::panic::catch_unwind(|| parse_or_fail("")).unwrap_err();
        assert_eq!(err.downcast_ref::<String>().unwrap(), "fatal: empty input");
        let err = std::panic::catch_unwind(|| parse_or_fail("x")).unwrap_err();
        assert_eq!(
            err.downcast_ref::<String>().unwrap(),
            "fatal: invalid digit found in string"
        );
    }

    #[test]
    fn boxed_and_returned_closures() {
        let ops: Vec<i64> = ["add", "sub", "mul", "pow"]
            .iter()
            .map(|name| operation(name).unwrap()(2, 5))
            .collect();
        assert_eq!(ops, [7, -3, 10, 32]);
        assert!(operation("div").is_none());
        let op = operation("mul").unwrap();
        assert_eq!(std::thread::spawn(move || op(6, 7)).join().unwrap(), 42);
        let steps: Vec<Box<dyn Fn(i64) -> i64>> = vec![
            Box::new(|x| x + 1),
            Box::new(|x| x * 10),
            Box::new(|x| x - 3),
        ];
        let chain = compose_all(steps);
        assert_eq!(chain(4), 47);
        assert_eq!(compose_all(Vec::new())(9), 9);
        fn slow_square(n: u64) -> u64 {
            (0..n).map(|_| n).sum()
        }
        let mut fast = memoize(slow_square);
        assert_eq!(fast(300), 90_000);
        assert_eq!(fast(300), 90_000);
        let mut factory = adder_factory();
        let add1 = factory();
        let add2 = factory();
        assert_eq!((add1(10), add2(10)), (11, 12));
    }

    #[test]
    fn early_returns_from_loops() {
        assert_eq!(two_sum(&[3, 9, -2, 7, 11], 5), Some((2, 3)));
        assert_eq!(two_sum(&[1, 2], 10), None);
        let text = "# comment\nname: alpha\nname: beta\nsize: 3";
        assert_eq!(find_line(text, "name:", 0), Some((2, "alpha")));
        assert_eq!(find_line(text, "name:", 2), Some((3, "beta")));
        assert_eq!(find_line(text, "missing", 0), None);
    }

    #[test]
    fn items_in_bodies_and_const_generics() {
        assert_eq!(adler32(&[*b"Wikipedia"]), 0x11E6_0398);
        assert_eq!(adler32::<4>(&[]), 1);
        assert_eq!(adler32(&[*b"Wiki", *b"pedi"]), adler32(&[*b"Wikipedi"]));
        let a = next_id();
        let b = next_id();
        assert!(b > a);
    }

    #[test]
    fn lifetimes_and_bounds() {
        let words = vec!["  padded ".to_owned(), "x".to_owned()];
        assert_eq!(apply_to_all(&words, str::trim), ["padded", "x"]);
        assert_eq!(apply_to_all(&words, |w| &w[..1]), [" ", "x"]);
        assert_eq!(common_prefix("threadmgr", "threads"), "thread");
        assert_eq!(common_prefix("héllo", "hélp"), "hél");
        assert_eq!(common_prefix("", "abc"), "");
    }

    #[test]
    fn boxed_errors() {
        assert_eq!(
            parse_pairs("a=1; b = -2;").unwrap(),
            [("a".to_owned(), 1), ("b".to_owned(), -2)]
        );
        assert_eq!(parse_pairs("a").unwrap_err().to_string(), "no '=' in \"a\"");
        assert!(parse_pairs("a=x").is_err());
    }

    #[test]
    fn builders() {
        let req = RequestBuilder::new()
            .url("https://example.invalid")
            .retries(3)
            .header("accept", "text/plain")
            .build()
            .unwrap();
        assert_eq!(req.retries, 3);
        assert_eq!(req.headers.len(), 1);
        assert_eq!(RequestBuilder::new().build(), Err("a request needs a url"));
        let boxed: Box<dyn Finish> = Box::new(RequestBuilder::new().url("ftp://x"));
        assert_eq!(boxed.finish(), Err("the url must be http or https"));
    }

    #[test]
    fn threads() {
        let chunks: Vec<Vec<u64>> = (0..4).map(|i| (i * 100..(i + 1) * 100).collect()).collect();
        let total = (0..400).sum::<u64>();
        assert_eq!(parallel_sums(chunks), (total, total, total));
        assert_eq!(parallel_sums(Vec::new()), (0, 0, 0));
        assert_eq!(answer_in_background(), 42);
    }

    #[test]
    fn opt_outs() {
        let upper = text_handler("upper").unwrap();
        assert_eq!(upper("abc"), "ABC");
        assert_eq!(text_handler("reverse").unwrap()("abc"), "cba");
        assert_eq!(text_handler("squash").unwrap()("  a   b "), "a b");
        assert!(text_handler("nope").is_none());
        let blocks: [&[u8]; 3] = [b"", b"a", b"ab"];
        let expected: Vec<u32> = blocks
            .iter()
            .map(|b| b.iter().fold(0u32, |h, &x| h.rotate_left(5) ^ u32::from(x)))
            .collect();
        assert_eq!(rolling_hashes(&blocks), expected);
    }

    #[test]
    fn buffered_logs_flush_when_full_and_when_dropped() {
        let sink = Arc::new(Mutex::new(Vec::new()));
        {
            let mut log = BufferedLog::new(Arc::clone(&sink), 2);
            log.log("one");
            assert!(sink.lock().unwrap().is_empty());
            log.log(String::from("two"));
            assert_eq!(sink.lock().unwrap().len(), 2);
            log.log("three");
        }
        assert_eq!(*sink.lock().unwrap(), ["one", "two", "three"]);
    }

    #[test]
    fn trees() {
        let mut rng = Lcg::new(11);
        let values = rng.vec(2000, 500);
        let tree: Tree<u64> = values.iter().copied().collect();
        let mut expected = values.clone();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(tree.len(), expected.len());
        assert_eq!(tree.iter().copied().collect::<Vec<_>>(), expected);
        assert!(tree.contains(&expected[0]));
        assert!(!tree.contains(&500));
        assert!(tree.height() >= 9 && tree.height() < 60);
        let mut small = Tree::default();
        assert!(small.is_empty());
        assert!(small.insert("b"));
        assert!(small.insert("a"));
        assert!(!small.insert("b"));
        assert_eq!(small.iter().collect::<Vec<_>>(), [&"a", &"b"]);
        assert_eq!(small.height(), 2);
    }
}
