//! `extend` with a chain over a range: two copies (the range as written when it fits a chunk,
//! checked otherwise), and a `Vec` receiver extended a chunk at a time, picked by the
//! receiver's type at compile time. Each receiver here must compile as it does without the
//! macro and give the same value, capacity included: a local `Vec`, a `&mut Vec` parameter
//! bound without `mut`, a field, an element of a `Vec` of rows, a `String`, a `HashMap`, a
//! `BinaryHeap` (whose one `extend` may order its items differently from several), a user's own
//! type whose `extend` returns a value, a range whose bound reads the receiver, a receiver of a
//! generic type whose own trait's `extend` alone says the items' type (`ena` 0.14.3's
//! `self.undo_log.extend((a..b).map(|len| NewElem(len)))`).
//!
//! (A trybuild case rather than a `twins!` in the suite: if it does not compile, only this test
//! fails, instead of the whole suite.)

use std::collections::{BinaryHeap, HashMap};

include!("support/twins.rs");

/// A type of the user's own with an `extend` that returns how many it took.
#[derive(Debug, Default, PartialEq)]
pub struct Tally(pub Vec<u64>);

impl Tally {
    pub fn extend(&mut self, items: impl Iterator<Item = u64>) -> usize {
        let before = self.0.len();
        self.0.extend(items);
        self.0.len() - before
    }
}

/// A unit struct with an `extend` of its own: `Sum.extend(..)` extends a temporary.
pub struct Sum;

impl Sum {
    pub fn extend(&mut self, items: impl Iterator<Item = u64>) -> u64 {
        items.sum()
    }
}

/// `ena`'s undo log: the variant `Undo::NewElem(len)` names no `D`; only the receiver's
/// `UndoLogs<Undo<D>>` says which.
pub trait Delegate {
    type Value;
}

impl Delegate for u8 {
    type Value = u8;
}

#[derive(Debug, PartialEq)]
pub enum Undo<D: Delegate> {
    NewElem(usize),
    Set(D::Value),
}

pub trait UndoLogs<T> {
    fn push(&mut self, undo: T);
    fn extend<I: IntoIterator<Item = T>>(&mut self, undos: I) {
        for undo in undos {
            self.push(undo);
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct Log<T>(pub Vec<T>);

impl<T> UndoLogs<T> for Log<T> {
    fn push(&mut self, undo: T) {
        self.0.push(undo);
    }
}

#[derive(Debug, Default, PartialEq)]
pub struct Buffer {
    pub items: Vec<u64>,
}

twins! {
    pub fn local(n: u64) -> (Vec<u64>, usize) {
        let mut v = vec![7];
        v.extend((0..n).map(|x| x * 3));
        v.extend((1..=n).filter(|x| x % 3 == 0));
        (v.clone(), v.capacity())
    }
    pub fn into_param(out: &mut Vec<u64>, n: u64) {
        out.extend((0..n).map(u64::reverse_bits));
        out.extend((0..n).filter_map(|x| x.checked_sub(5)));
    }
    pub fn field(n: u64) -> (Buffer, usize) {
        let mut buffer = Buffer::default();
        buffer.items.extend((0..n).map(|x| x ^ 9));
        let capacity = buffer.items.capacity();
        (buffer, capacity)
    }
    pub fn rows(n: usize) -> Vec<Vec<usize>> {
        let mut grid = vec![Vec::new(); 3];
        let r = 1;
        grid[r].extend((0..n).map(|c| c * r));
        grid[2].extend((0..n).inspect(|_| {}).map(|c| c + 2));
        grid
    }
    pub fn others(n: u32) -> (String, Vec<(u32, u32)>, Vec<u32>) {
        let mut text = String::new();
        text.extend((0..n).filter_map(|x| char::from_u32(97 + x % 26)));
        let mut map = HashMap::new();
        map.extend((0..n).map(|i| (i % 1000, i)));
        let mut pairs: Vec<(u32, u32)> = map.into_iter().collect();
        pairs.sort();
        let mut heap = BinaryHeap::from(vec![5u32, 1, 9]);
        heap.extend((0..n).map(|x| x.wrapping_mul(2_654_435_761) >> 7));
        (text, pairs, heap.into_vec())
    }
    pub fn temporary(n: u64) -> u64 {
        Sum.extend((0..n).map(|x| x % 7))
    }
    pub fn own(n: u64) -> (Tally, usize) {
        let mut tally = Tally::default();
        let took = tally.extend((0..n).map(|x| x + 1));
        (tally, took)
    }
    pub fn undo_log<D: Delegate, L: UndoLogs<Undo<D>>>(log: &mut L, from: usize, to: usize) {
        log.extend((from..to).map(|len| Undo::NewElem(len)));
    }
    pub fn reads_the_receiver(n: u64) -> Vec<u64> {
        let mut v = vec![1, 2, 3];
        v.extend((v.len() as u64..n).map(|x| x * x));
        let k = 3;
        v.extend((0..n).map(move |x| x + k));
        v.extend((0..n).zip(5..).map(|(a, b)| a * b));
        v
    }
}

fn main() {
    for n in [0u64, 3, 5_000, 100_000] {
        assert_eq!(haltable::local(n), plain::local(n));
        let (mut a, mut b) = (vec![1, 2], vec![1, 2]);
        haltable::into_param(&mut a, n);
        plain::into_param(&mut b, n);
        assert_eq!((&a, a.capacity()), (&b, b.capacity()));
        assert_eq!(haltable::field(n), plain::field(n));
        assert_eq!(haltable::rows(n as usize), plain::rows(n as usize));
        assert_eq!(haltable::others(n as u32), plain::others(n as u32));
        assert_eq!(haltable::own(n), plain::own(n));
        assert_eq!(haltable::temporary(n), plain::temporary(n));
        assert_eq!(haltable::reads_the_receiver(n), plain::reads_the_receiver(n));
        let (mut a, mut b): (Log<Undo<u8>>, Log<Undo<u8>>) =
            (Log(vec![Undo::Set(7)]), Log(vec![Undo::Set(7)]));
        haltable::undo_log(&mut a, 2, n as usize);
        plain::undo_log(&mut b, 2, n as usize);
        assert_eq!(a, b);
    }
}
