//! Types the macro asks the compiler about: whether a place of the instrumented fn (a
//! parameter, or a field of one, maybe nested: `rhs.x`, `item.weight`) is of a primitive type.
//!
//! The macro sees names, not types: in `fn add(self, rhs: Vec2) -> Vec2 { Vec2 { x: self.x +
//! rhs.x, .. } }` it cannot tell that `self.x` is an `f64`, whose `+` is the language's, and
//! not a user's type whose `Add` may recurse. The compiler can: the macro writes a closure
//! that takes the parameter's declared type and returns a raw pointer to the place
//! (`|r: &Self| &raw const r.x`; raw, since a packed struct's field may not be referenced),
//! never called (so nothing is evaluated or borrowed), and [`ask`] turns its return type into
//! an [`Asked<T>`]. A method call on it picks, by the types alone and at compile time, the
//! inherent `__threadmgr_is` of `Asked<T>` for a primitive `T` (its bit in the mask) or,
//! through `Deref`, the fallback for any other type (no bit): a constant. (The name is one no
//! user's blanket trait has: a user's `is` would be found before the fallback.) In a generic fn
//! (`T` a type parameter) the fallback is picked, as it must be: the impl is chosen where the
//! fn is type-checked, not per instance. [`ask_deref`] asks the same way whether a place on the
//! way to a field implements `Deref`.
//!
//! The bits are those of the primitives in the order the macro lists them (`prims.rs`,
//! `PRIMITIVES`): `u8` is bit 0, ..., `char` bit 15; core's `Option` is bit 16 and `Result` bit
//! 17, whatever they hold (a closure given to one of their by-value methods runs at once, on
//! this thread: see `enter_unless`); std's `Vec`, `String`, `VecDeque`, `HashMap`, `HashSet`,
//! `BTreeMap`, `BTreeSet` and `BinaryHeap` are bits 18 to 25 (whose `len`, `is_empty`, ...
//! run std's code alone: see `STD_SHARED_METHODS` in `prims.rs`); `&str` and `&[T]` are bits
//! 26 and 27 (`SHARED_REF_METHODS`). `__threadmgr_is_ref` asks the same of a shared reference
//! to a primitive, `&u64` (one `&` exactly), with the primitives' bits: the receiver a
//! comparator given to `sort_by` calls `a.total_cmp(b)` on, whose `&self` methods method lookup
//! finds first (see `Prims::asked_ref_receiver` in the macro).

use std::marker::PhantomData;
use std::ops::Deref;

/// The type of a place, asked of the compiler (see the module docs). `__threadmgr_is` is an
/// inherent method of `Asked<T>` for each primitive `T` (and core's `Option` and `Result`); for
/// any other `T` the call derefs to [`NotPrimitive`], whose `__threadmgr_is` says no.
#[derive(Debug)]
pub struct Asked<T: ?Sized>(NotPrimitive<T>);

/// What [`Asked`] derefs to: the answer for a type that is not a primitive.
#[derive(Debug)]
pub struct NotPrimitive<T: ?Sized>(PhantomData<fn() -> *const T>);

/// The type a never-called closure `|r: &R| &raw const r.place` returns a pointer to. A raw
/// pointer, not a reference: a field of a `#[repr(packed)]` struct may not be referenced.
#[inline(always)]
pub fn ask<R: ?Sized, T: ?Sized, F: Fn(&R) -> *const T>(_place: F) -> Asked<T> {
    Asked(NotPrimitive(PhantomData))
}

/// The type of a value, asked of the compiler as [`ask`] asks a place's: a closure parameter
/// declared without a type (`|d| d.min(60)`), which the closure's entry check borrows for its
/// type alone, `ask_val(&d).__threadmgr_is(MASK)` (see the macro's `Prims::with_closure`).
#[inline(always)]
pub fn ask_val<T: ?Sized>(_value: &T) -> Asked<T> {
    Asked(NotPrimitive(PhantomData))
}

/// Whether the type of a place on the way to an asked one implements `Deref`: then reading the
/// field after it calls `deref`, maybe a user's, and the answer about the field says nothing
/// about that call. `ask_deref(|r: &R| &raw const r.a).__threadmgr_derefs()`, an inherent
/// method found by method lookup, layer after layer (each layer derefs to the next):
/// - [`DerefAsked<&U>`] (or `&mut U`) with `U: Deref`: yes, a reference to a type whose
///   `deref` reading through it may call;
/// - [`RefAsked<&U>`] (or `&mut U`): no, any other reference, which the language derefs itself
///   (so `self.0` in `impl IntoIterator for &Wrapper`, whose `self` is declared `Self`, a
///   reference, is read calling no code);
/// - [`UserDeref<T>`] with `T: Deref`: yes;
/// - [`NoDeref<T>`]: no, for any other type.
///
/// A bound is checked where the fn is type-checked: a type parameter proves no `Deref`. A
/// reference to a reference to a `Deref` type is missed by the first layer and answered by
/// the third (`&U: Deref`): yes, which keeps a check.
#[inline(always)]
pub fn ask_deref<R: ?Sized, T: ?Sized, F: Fn(&R) -> *const T>(_place: F) -> DerefAsked<T> {
    DerefAsked(RefAsked(UserDeref(NoDeref(PhantomData))))
}

/// See [`ask_deref`].
#[derive(Debug)]
pub struct DerefAsked<T: ?Sized>(RefAsked<T>);

/// What [`DerefAsked`] derefs to (see [`ask_deref`]).
#[derive(Debug)]
pub struct RefAsked<T: ?Sized>(UserDeref<T>);

/// What [`RefAsked`] derefs to (see [`ask_deref`]).
#[derive(Debug)]
pub struct UserDeref<T: ?Sized>(NoDeref<T>);

/// What [`UserDeref`] derefs to: the answer for a type not known to implement `Deref`.
#[derive(Debug)]
pub struct NoDeref<T: ?Sized>(PhantomData<fn() -> *const T>);

macro_rules! layer {
    ($outer:ident => $inner:ident) => {
        impl<T: ?Sized> Deref for $outer<T> {
            type Target = $inner<T>;

            #[inline(always)]
            fn deref(&self) -> &$inner<T> {
                &self.0
            }
        }
    };
}

layer!(DerefAsked => RefAsked);
layer!(RefAsked => UserDeref);
layer!(UserDeref => NoDeref);

impl<U: ?Sized + Deref> DerefAsked<&U> {
    /// Whether reading through the type may call a `deref`: a reference to a `Deref` type.
    #[inline(always)]
    pub fn __threadmgr_derefs(&self) -> bool {
        true
    }
}

impl<U: ?Sized + Deref> DerefAsked<&mut U> {
    /// Whether reading through the type may call a `deref`: a reference to a `Deref` type.
    #[inline(always)]
    pub fn __threadmgr_derefs(&self) -> bool {
        true
    }
}

impl<U: ?Sized> RefAsked<&U> {
    /// Whether reading through the type calls a `deref`: a reference's is the language's.
    #[inline(always)]
    pub fn __threadmgr_derefs(&self) -> bool {
        false
    }
}

impl<U: ?Sized> RefAsked<&mut U> {
    /// Whether reading through the type calls a `deref`: a reference's is the language's.
    #[inline(always)]
    pub fn __threadmgr_derefs(&self) -> bool {
        false
    }
}

impl<T: ?Sized + Deref> UserDeref<T> {
    /// Whether the type implements `Deref`: it does.
    #[inline(always)]
    pub fn __threadmgr_derefs(&self) -> bool {
        true
    }
}

impl<T: ?Sized> NoDeref<T> {
    /// Whether the type implements `Deref`: not that the compiler can prove.
    #[inline(always)]
    pub fn __threadmgr_derefs(&self) -> bool {
        false
    }
}

impl<T: ?Sized> Deref for Asked<T> {
    type Target = NotPrimitive<T>;

    #[inline(always)]
    fn deref(&self) -> &NotPrimitive<T> {
        &self.0
    }
}

impl<T: ?Sized> NotPrimitive<T> {
    /// Whether the type is one of the primitives in `mask`: it is none.
    #[inline(always)]
    pub fn __threadmgr_is(&self, _mask: u32) -> bool {
        false
    }

    /// Whether the type is a shared reference to one of the primitives in `mask`: it is none.
    #[inline(always)]
    pub fn __threadmgr_is_ref(&self, _mask: u32) -> bool {
        false
    }
}

macro_rules! primitives {
    ($($ty:ty => $bit:literal),* $(,)?) => {$(
        impl Asked<$ty> {
            /// Whether the type is one of the primitives in `mask`.
            #[inline(always)]
            pub fn __threadmgr_is(&self, mask: u32) -> bool {
                mask & (1 << $bit) != 0
            }
        }

        impl Primitive for $ty {
            const BIT: u32 = $bit;
        }
    )*};
}

/// A primitive type and its bit (see the module docs), for [`Asked::__threadmgr_is_ref`]: one
/// generic method, so that a reference to an integer whose type is not yet inferred
/// (`|x| x.cmp(&target)` over `[1, 3, 5]`) finds one candidate, whose bound holds for whichever
/// integer type it becomes, where an inherent method per type would be ambiguous (E0034).
pub trait Primitive {
    /// The type's bit in an asked mask.
    const BIT: u32;
}

impl<T: Primitive> Asked<&T> {
    /// Whether the type is a shared reference to one of the primitives in `mask` (exactly one
    /// `&`: `&&u64` is not; nor is `&mut u64`). For any other type, the bound fails and method
    /// lookup goes on through `Deref` to [`NotPrimitive::__threadmgr_is_ref`]: no.
    #[inline(always)]
    pub fn __threadmgr_is_ref(&self, mask: u32) -> bool {
        mask & (1 << T::BIT) != 0
    }
}

primitives! {
    u8 => 0, u16 => 1, u32 => 2, u64 => 3, u128 => 4, usize => 5,
    i8 => 6, i16 => 7, i32 => 8, i64 => 9, i128 => 10, isize => 11,
    f32 => 12, f64 => 13, bool => 14, char => 15,
}

impl<T> Asked<Option<T>> {
    /// Whether `mask` has core's `Option` (bit 16).
    #[inline(always)]
    pub fn __threadmgr_is(&self, mask: u32) -> bool {
        mask & (1 << 16) != 0
    }
}

macro_rules! collections {
    ($($(#[$doc:meta])* [$($param:ident),*] $ty:ty => $bit:literal),* $(,)?) => {$(
        impl<$($param),*> Asked<$ty> {
            $(#[$doc])*
            #[inline(always)]
            pub fn __threadmgr_is(&self, mask: u32) -> bool {
                mask & (1 << $bit) != 0
            }
        }
    )*};
}

collections! {
    /// Whether `mask` has std's `Vec` (bit 18).
    [T] Vec<T> => 18,
    /// Whether `mask` has std's `String` (bit 19).
    [] String => 19,
    /// Whether `mask` has std's `VecDeque` (bit 20).
    [T] std::collections::VecDeque<T> => 20,
    /// Whether `mask` has std's `HashMap` (bit 21), whatever its hasher.
    [K, V, S] std::collections::HashMap<K, V, S> => 21,
    /// Whether `mask` has std's `HashSet` (bit 22), whatever its hasher.
    [T, S] std::collections::HashSet<T, S> => 22,
    /// Whether `mask` has std's `BTreeMap` (bit 23).
    [K, V] std::collections::BTreeMap<K, V> => 23,
    /// Whether `mask` has std's `BTreeSet` (bit 24).
    [T] std::collections::BTreeSet<T> => 24,
    /// Whether `mask` has std's `BinaryHeap` (bit 25).
    [T] std::collections::BinaryHeap<T> => 25,
}

impl Asked<&str> {
    /// Whether `mask` has a shared reference to `str` (bit 26).
    #[inline(always)]
    pub fn __threadmgr_is(&self, mask: u32) -> bool {
        mask & (1 << 26) != 0
    }
}

impl<T> Asked<&[T]> {
    /// Whether `mask` has a shared reference to a slice (bit 27).
    #[inline(always)]
    pub fn __threadmgr_is(&self, mask: u32) -> bool {
        mask & (1 << 27) != 0
    }
}

impl<T, E> Asked<Result<T, E>> {
    /// Whether `mask` has core's `Result` (bit 17).
    #[inline(always)]
    pub fn __threadmgr_is(&self, mask: u32) -> bool {
        mask & (1 << 17) != 0
    }
}

/// A check, unless `known_cheap` (a constant the [`Asked`] answers make): see the module docs.
#[inline(always)]
pub fn check_unless(known_cheap: bool) {
    if !known_cheap {
        crate::checkpoint::check_any();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Point {
        x: f64,
        id: u32,
        name: String,
        inner: Inner,
    }

    struct Inner {
        flag: bool,
        tag: Meters,
    }

    struct Meters(f64);

    const ALL: u32 = u32::MAX;

    #[test]
    fn primitives_answer_their_bit_and_nothing_else() {
        assert!(ask(|r: &Point| &raw const r.x).__threadmgr_is(1 << 13));
        assert!(!ask(|r: &Point| &raw const r.x).__threadmgr_is(1 << 12));
        assert!(ask(|r: &Point| &raw const r.id).__threadmgr_is(1 << 2));
        assert!(ask(|r: &Point| &raw const r.inner.flag).__threadmgr_is(1 << 14));
        assert!(ask(|r: &&Point| &raw const r.inner.tag.0).__threadmgr_is(1 << 13));
        assert!(!ask(|r: &Point| &raw const r.name).__threadmgr_is(0xFFFF));
        assert!(!ask(|r: &Point| &raw const r.inner.tag).__threadmgr_is(ALL));
        assert!(!ask(|r: &Point| &raw const *r).__threadmgr_is(ALL));
        assert!(
            !ask(|r: &&f64| &raw const *r).__threadmgr_is(ALL),
            "a reference is not a primitive"
        );
    }

    #[test]
    fn shared_references_to_primitives_answer_their_bit_and_nothing_else() {
        assert!(ask(|r: &&f64| &raw const *r).__threadmgr_is_ref(1 << 13));
        assert!(!ask(|r: &&f64| &raw const *r).__threadmgr_is_ref(!(1 << 13)));
        assert!(ask_val(&&7u64).__threadmgr_is_ref(1 << 3));
        assert!(
            !ask_val(&7u64).__threadmgr_is_ref(ALL),
            "a primitive is no reference"
        );
        assert!(
            !ask_val(&&&7u64).__threadmgr_is_ref(ALL),
            "two references are not one"
        );
        assert!(
            !ask_val(&&mut 7u64).__threadmgr_is_ref(ALL),
            "a mutable reference is not asked"
        );
        assert!(!ask(|r: &Point| &raw const r.x).__threadmgr_is_ref(ALL));
        assert!(!ask(|r: &&Point| &raw const *r).__threadmgr_is_ref(ALL));
        fn generic<T>(value: &T) -> bool {
            ask_val(&value).__threadmgr_is_ref(ALL)
        }
        assert!(!generic(&1u8), "a type parameter is not known");
        let inferred = [5, 1, 3];
        let answers: Vec<(bool, std::cmp::Ordering)> = inferred
            .iter()
            .map(|x| (ask_val(&x).__threadmgr_is_ref(1 << 8), x.cmp(&3)))
            .collect();
        assert!(
            answers.iter().all(|&(is, _)| is),
            "an integer whose type is inferred later: one candidate, then i32"
        );
    }

    #[test]
    fn std_collections_answer_their_bit_whatever_they_hold() {
        use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, VecDeque};
        struct Holder {
            v: Vec<Point>,
            s: String,
            q: VecDeque<u8>,
            m: HashMap<String, Vec<u8>>,
            h: HashSet<u64, std::hash::BuildHasherDefault<std::hash::DefaultHasher>>,
            bm: BTreeMap<u8, u8>,
            bs: BTreeSet<u8>,
            heap: BinaryHeap<u8>,
            mine: Vec2,
        }
        /// A user's type named as std's: answered by what it is, not by its name.
        #[allow(non_camel_case_types, dead_code)]
        struct Vec2(Vec<u8>);
        type Stack = Vec<i64>;
        struct Aliased {
            stack: Stack,
        }
        assert!(ask(|r: &Holder| &raw const r.v).__threadmgr_is(1 << 18));
        assert!(!ask(|r: &Holder| &raw const r.v).__threadmgr_is(!(1 << 18)));
        assert!(ask(|r: &Holder| &raw const r.s).__threadmgr_is(1 << 19));
        assert!(ask(|r: &Holder| &raw const r.q).__threadmgr_is(1 << 20));
        assert!(ask(|r: &Holder| &raw const r.m).__threadmgr_is(1 << 21));
        assert!(ask(|r: &Holder| &raw const r.h).__threadmgr_is(1 << 22));
        assert!(ask(|r: &Holder| &raw const r.bm).__threadmgr_is(1 << 23));
        assert!(ask(|r: &Holder| &raw const r.bs).__threadmgr_is(1 << 24));
        assert!(ask(|r: &Holder| &raw const r.heap).__threadmgr_is(1 << 25));
        assert!(!ask(|r: &Holder| &raw const r.mine).__threadmgr_is(ALL));
        assert!(ask(|r: &Aliased| &raw const r.stack).__threadmgr_is(1 << 18));
        assert!(
            !ask(|r: &Point| &raw const r.x).__threadmgr_is(0b1111_1111 << 18),
            "a primitive is no collection"
        );
        struct Text<'a> {
            s: &'a str,
            b: &'a [u8],
            m: &'a mut [u8],
            owned: Box<str>,
        }
        assert!(ask(|r: &Text| &raw const r.s).__threadmgr_is(1 << 26));
        assert!(ask(|r: &&str| &raw const *r).__threadmgr_is(1 << 26));
        assert!(ask(|r: &Text| &raw const r.b).__threadmgr_is(1 << 27));
        assert!(!ask(|r: &Text| &raw const r.b).__threadmgr_is(1 << 26));
        assert!(
            !ask(|r: &Text| &raw const r.m).__threadmgr_is(ALL),
            "a &mut is not asked"
        );
        assert!(!ask(|r: &Text| &raw const r.owned).__threadmgr_is(ALL));
        assert!(!ask(|r: &&&str| &raw const *r).__threadmgr_is(ALL));
    }

    #[test]
    fn a_type_parameter_is_not_known_even_when_it_is_a_primitive() {
        fn generic<T>(_: T) -> bool {
            ask(|r: &T| &raw const *r).__threadmgr_is(ALL)
        }
        assert!(!generic(1u8));
    }

    #[test]
    fn derefs_are_answered_where_the_compiler_proves_them() {
        struct Handle(Point);
        impl Deref for Handle {
            type Target = Point;
            fn deref(&self) -> &Point {
                &self.0
            }
        }
        #[repr(C, packed)]
        struct Header {
            tag: u8,
            len: u32,
        }
        assert!(ask_deref(|r: &Handle| &raw const *r).__threadmgr_derefs());
        assert!(ask_deref(|r: &std::rc::Rc<Point>| &raw const *r).__threadmgr_derefs());
        assert!(!ask_deref(|r: &Point| &raw const *r).__threadmgr_derefs());
        assert!(!ask_deref(|r: &Point| &raw const r.inner).__threadmgr_derefs());
        assert!(ask(|r: &Header| &raw const r.len).__threadmgr_is(1 << 2));
        assert!(ask(|r: &Header| &raw const r.tag).__threadmgr_is(1 << 0));
        fn generic<T>(_: T) -> bool {
            ask_deref(|r: &T| &raw const *r).__threadmgr_derefs()
        }
        assert!(!generic(Box::new(1)), "a type parameter proves no Deref");
        assert!(
            !ask_deref(|r: &&Point| &raw const *r).__threadmgr_derefs(),
            "a reference to a type without Deref: the language's deref"
        );
        assert!(!ask_deref(|r: &&mut Point| &raw const *r).__threadmgr_derefs());
        assert!(
            ask_deref(|r: &&Handle| &raw const *r).__threadmgr_derefs(),
            "a reference to a Deref type"
        );
        assert!(ask_deref(|r: &&mut Handle| &raw const *r).__threadmgr_derefs());
        assert!(
            ask_deref(|r: &&&Handle| &raw const *r).__threadmgr_derefs(),
            "two references: conservatively yes"
        );
    }

    #[test]
    fn core_option_and_result_answer_their_bits() {
        struct Order {
            code: Option<u32>,
            parsed: Result<u8, String>,
        }
        #[allow(dead_code)]
        enum Option2 {
            Some(u32),
        }
        assert!(ask(|r: &Order| &raw const r.code).__threadmgr_is(1 << 16));
        assert!(!ask(|r: &Order| &raw const r.code).__threadmgr_is(1 << 17));
        assert!(ask(|r: &Order| &raw const r.parsed).__threadmgr_is(1 << 17));
        assert!(!ask(|r: &Option2| &raw const *r).__threadmgr_is(ALL));
        assert!(ask(|r: &Option<Vec<String>>| &raw const *r).__threadmgr_is(1 << 16));
    }
}
