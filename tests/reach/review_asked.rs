//! Review probes of the questions `#[haltable]` asks the compiler (37ff58c places, 1fd162c
//! closures given to core's `Option`/`Result`, 65a274b typed `let`s): each shape broke a rule
//! of the first version and is fixed (the fixes say how); kept as regression tests.

use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use super::{halts, started};

use threadmgr::haltable;

// ---------------------------------------------------------------------------------------------
// A field read through a user's `Deref`: the answer about `h.x` (a `u32`) said nothing about the
// `deref` call on the way. The root (under its `&`s) and every field on the way are now asked
// whether they implement `Deref`, and a yes keeps the check.
// ---------------------------------------------------------------------------------------------

struct Inner {
    x: u32,
}

static LEAF: Inner = Inner { x: 1 };

/// A handle whose `deref` does work that calls back (a lazily built tree would), not
/// instrumented: only `weight` can check.
struct Handle {
    depth: u32,
    progress: &'static AtomicU64,
}

impl Deref for Handle {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        self.progress.fetch_add(1, Relaxed);
        if self.depth < 60 {
            let child = Handle {
                depth: self.depth + 1,
                progress: self.progress,
            };
            let _ = weight(&child);
            let _ = weight(&child);
        }
        &LEAF
    }
}

#[haltable]
fn weight(h: &Handle) -> u32 {
    h.x.count_ones()
}

#[test]
fn recursion_through_a_users_deref_on_the_way_to_a_field() {
    halts(1_000, |p| {
        weight(&Handle {
            depth: 0,
            progress: p,
        })
    });
}

// The same through a root declared `Self` that is a reference (`impl Weigh for &Handle`): the
// language derefs the reference, and the `Deref` type behind it is asked about (a reference is
// answered by its pointee, since 14th session's `RefAsked` layer).
trait Weigh {
    fn weigh(self) -> u32;
}

impl Weigh for &Deep {
    #[haltable]
    fn weigh(self) -> u32 {
        self.x.count_ones()
    }
}

/// As [`Handle`], calling back through `Weigh::weigh` on a reference.
struct Deep {
    depth: u32,
    progress: &'static AtomicU64,
}

impl Deref for Deep {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        self.progress.fetch_add(1, Relaxed);
        if self.depth < 60 {
            let child = Deep {
                depth: self.depth + 1,
                progress: self.progress,
            };
            let _ = (&child).weigh();
            let _ = (&child).weigh();
        }
        &LEAF
    }
}

#[test]
fn recursion_through_a_deref_behind_a_self_that_is_a_reference() {
    halts(1_000, |p| {
        (&Deep {
            depth: 0,
            progress: p,
        })
            .weigh()
    });
}

// ---------------------------------------------------------------------------------------------
// A user's blanket trait with a method named as the answer's (`is`) was found before the
// fallback's; the answer's methods are now named `__threadmgr_is` / `__threadmgr_derefs`.
// ---------------------------------------------------------------------------------------------

trait Is {
    fn is(&self, mask: u32) -> bool;
}

impl<T: ?Sized> Is for T {
    fn is(&self, mask: u32) -> bool {
        mask != 0
    }
}

struct Chain {
    next: Option<Box<Chain>>,
    weight: Weight,
}

/// Not a primitive, with a method named as `u32`'s that calls back twice, 60 deep (so that the
/// work is endless, the stack bounded), not instrumented.
struct Weight(&'static AtomicU64, u32);

impl Weight {
    fn leading_zeros(&self) -> u32 {
        self.0.fetch_add(1, Relaxed);
        if self.1 >= 60 {
            return 0;
        }
        let child = Chain {
            next: None,
            weight: Weight(self.0, self.1 + 1),
        };
        heavy(&child).wrapping_add(heavy(&child))
    }
}

#[haltable]
fn heavy(chain: &Chain) -> u32 {
    let _ = chain.next.is_some().is(1);
    chain.weight.leading_zeros()
}

#[test]
fn a_users_blanket_trait_named_as_the_answer_does_not_answer() {
    halts(1_000, |p| {
        heavy(&Chain {
            next: None,
            weight: Weight(p, 0),
        })
    });
}

// ---------------------------------------------------------------------------------------------
// An item of the body that shadows a parameter's type name: the question, written in the body,
// named the body's `Node`. A parameter whose type names anything the body declares or imports
// is no longer asked about.
// ---------------------------------------------------------------------------------------------

struct Node {
    depth: Depth,
}

struct Depth(&'static AtomicU64, u32);

impl Depth {
    fn count_ones(&self) -> u32 {
        self.0.fetch_add(1, Relaxed);
        if self.1 >= 60 {
            return 0;
        }
        let child = || Node {
            depth: Depth(self.0, self.1 + 1),
        };
        shadowed(child()).wrapping_add(shadowed(child()))
    }
}

#[haltable]
fn shadowed(n: Node) -> u32 {
    #[allow(dead_code)]
    struct Node {
        depth: u32,
    }
    n.depth.count_ones()
}

#[test]
fn a_parameter_type_shadowed_by_an_item_of_the_body() {
    halts(1_000, |p| shadowed(Node { depth: Depth(p, 0) }));
}

// ---------------------------------------------------------------------------------------------
// `map_or(default, f)` calls `f` only: a closure as its default is a value it returns, which
// ran elsewhere without the token. Only `map_or`'s last argument is taken to run here.
// ---------------------------------------------------------------------------------------------

#[haltable]
fn spin(seed: u64, progress: &'static AtomicU64) -> u64 {
    let mut x = seed | 1;
    for i in 0u64.. {
        x = x.rotate_left(7).wrapping_mul(super::K);
        if i.is_multiple_of(65_536) {
            progress.fetch_add(1, Relaxed);
        }
    }
    x
}

#[haltable]
fn default_elsewhere(o: Option<u64>, progress: &'static AtomicU64) -> u64 {
    let task = o.map_or(move || spin(3, progress), |_| unreachable!());
    std::thread::scope(|s| s.spawn(task).join().unwrap())
}

#[test]
fn the_default_closure_of_map_or_is_returned_and_runs_elsewhere() {
    halts(4, |p| {
        started(p);
        default_elsewhere(None, p)
    });
}

// ---------------------------------------------------------------------------------------------
// Compiles wherever plain code does: a packed struct's field (now asked through a raw pointer),
// a union's field in `unsafe` (not asked), a field under `#[cfg]` and a deprecated field under
// `#[allow]` (a body with such attributes asks nothing).
// ---------------------------------------------------------------------------------------------

#[repr(C, packed)]
struct Header {
    tag: u8,
    len: u32,
}

impl Header {
    #[haltable]
    fn capped(&self) -> u32 {
        self.len.min(1500)
    }
}

#[haltable]
fn header_len(h: Header) -> u32 {
    u32::from(h.tag) + h.len.to_be()
}

#[derive(Clone, Copy)]
union Bits {
    u: u32,
    f: f32,
}

#[haltable]
fn ones(b: Bits) -> u32 {
    // SAFETY: both fields are 4 plain bytes.
    unsafe { b.u.count_ones() + b.f.to_bits().count_ones() }
}

struct Meter {
    total: u64,
    #[cfg(debug_assertions)]
    peak: u64,
}

impl Meter {
    #[haltable]
    fn add(&mut self, n: u64) {
        self.total = self.total.saturating_add(n);
        #[cfg(debug_assertions)]
        {
            self.peak = self.peak.max(n);
        }
    }
}

struct Old {
    #[deprecated(note = "use `new`")]
    old: u32,
    new: u32,
}

#[deny(deprecated)]
#[haltable]
fn old_ones(s: &Old) -> u32 {
    #[allow(deprecated)]
    let a = s.old.count_ones();
    a + s.new.count_ones()
}

#[test]
fn places_that_cannot_be_asked_about_as_written_still_compile() {
    let header = Header { tag: 1, len: 7 };
    assert_eq!(header.capped(), 7);
    assert_eq!(header_len(header), 1 + 7u32.to_be());
    assert_eq!(ones(Bits { u: 3 }), 4);
    let mut meter = Meter {
        total: 1,
        #[cfg(debug_assertions)]
        peak: 0,
    };
    meter.add(5);
    assert_eq!(meter.total, 6);
    #[allow(deprecated)]
    let old = Old { old: 3, new: 1 };
    assert_eq!(old_ones(&old), 3);
}

// ---------------------------------------------------------------------------------------------
// Std's shared accessors asked about (`&str`, `&[T]`, collections behind a reference): compile
// with lifetimes, generics and packed or aliased types, and answer.
// ---------------------------------------------------------------------------------------------

struct Words<'a> {
    text: &'a str,
    offsets: &'a [usize],
    seen: std::collections::HashSet<&'a str>,
    stack: Stack,
}

type Stack = Vec<u32>;

impl<'a> Words<'a> {
    #[haltable]
    fn text_len(&self) -> usize {
        self.text.len()
    }

    #[haltable]
    fn first_offset(&self) -> Option<&'a usize> {
        self.offsets.first()
    }

    #[haltable]
    fn counts(&self) -> (usize, usize, bool) {
        (
            self.seen.len(),
            self.stack.capacity(),
            self.stack.is_empty(),
        )
    }

    #[haltable]
    fn char_count(&self) -> usize {
        self.text.chars().count()
    }
}

#[haltable]
fn longest<T>(a: &[T], b: &[T]) -> usize {
    a.len().max(b.len())
}

#[haltable]
fn word_at(s: &str, at: usize) -> Option<&str> {
    s.get(at..)
}

#[test]
fn std_accessors_asked_about_compile_and_answer() {
    let offsets = [3, 9];
    let words = Words {
        text: "héllo wörld",
        offsets: &offsets,
        seen: ["a", "b"].into_iter().collect(),
        stack: Vec::with_capacity(4),
    };
    assert_eq!(words.text_len(), 13);
    assert_eq!(words.first_offset(), Some(&3));
    let (seen, capacity, empty) = words.counts();
    assert_eq!((seen, empty), (2, true));
    assert!(capacity >= 4);
    assert_eq!(words.char_count(), 11);
    assert_eq!(longest(&[1, 2], &[3]), 2);
    assert_eq!(word_at("abc", 1), Some("bc"));
}

// ---------------------------------------------------------------------------------------------
// `is_ascii` is `[u8]`'s, not every slice's: on a `&[Node]` a user's trait method is the one
// called (14th session's review). `&[T]` is asked about only for the methods every slice has.
// ---------------------------------------------------------------------------------------------

struct Level(u32, &'static AtomicU64);

trait Ascii {
    fn is_ascii(&self) -> bool;
}

impl Ascii for [Level] {
    /// Not instrumented: calls back into `all_ascii`, twice per level.
    fn is_ascii(&self) -> bool {
        let Level(depth, progress) = self[0];
        progress.fetch_add(1, Relaxed);
        if depth == 0 {
            return true;
        }
        let child = [Level(depth - 1, progress)];
        all_ascii(&child) & all_ascii(&child)
    }
}

/// Its only call is `is_ascii` on a `&[Level]`: it checks.
#[haltable]
fn all_ascii(levels: &[Level]) -> bool {
    levels.is_ascii()
}

#[test]
fn a_users_is_ascii_on_a_slice_of_its_own_type() {
    halts(1_000, |p| all_ascii(&[Level(60, p)]));
}
