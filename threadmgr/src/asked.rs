//! Types the macro asks the compiler about: whether a place of the instrumented fn (a
//! parameter, or a field of one, maybe nested: `rhs.x`, `item.weight`) is of a primitive type.
//!
//! The macro sees names, not types: in `fn add(self, rhs: Vec2) -> Vec2 { Vec2 { x: self.x +
//! rhs.x, .. } }` it cannot tell that `self.x` is an `f64`, whose `+` is the language's, and
//! not a user's type whose `Add` may recurse. The compiler can: the macro writes a closure
//! that takes the parameter's declared type and returns a reference to the place
//! (`|r: &Self| &r.x`), never called (so nothing is evaluated or borrowed), and [`ask`] turns
//! its return type into an [`Asked<T>`]. A method call on it picks, by the types alone and at
//! compile time, the inherent `is` of `Asked<T>` for a primitive `T` (its bit in the mask) or,
//! through `Deref`, the fallback for any other type (no bit): `ask(|r: &Self| &r.x).is(MASK)`
//! is a constant. In a generic fn
//! (`T` a type parameter) the fallback is picked, as it must be: the impl is chosen where the
//! fn is type-checked, not per instance.
//!
//! The bits are those of the primitives in the order the macro lists them (`prims.rs`,
//! `PRIMITIVES`): `u8` is bit 0, ..., `char` bit 15; core's `Option` is bit 16 and `Result` bit
//! 17, whatever they hold (a closure given to one of their by-value methods runs at once, on
//! this thread: see `enter_unless`).

use std::marker::PhantomData;
use std::ops::Deref;

/// The type of a place, asked of the compiler (see the module docs). `is` is an inherent
/// method of `Asked<T>` for each primitive `T`; for any other `T` the call derefs to
/// [`NotPrimitive`], whose `is` says no.
#[derive(Debug)]
pub struct Asked<T: ?Sized>(NotPrimitive<T>);

/// What [`Asked`] derefs to: the answer for a type that is not a primitive.
#[derive(Debug)]
pub struct NotPrimitive<T: ?Sized>(PhantomData<fn() -> *const T>);

/// The type a never-called closure `|r: &R| &r.place` returns a reference to.
#[inline(always)]
pub fn ask<R: ?Sized, T: ?Sized, F: Fn(&R) -> &T>(_place: F) -> Asked<T> {
    Asked(NotPrimitive(PhantomData))
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
    pub fn is(&self, _mask: u32) -> bool {
        false
    }
}

macro_rules! primitives {
    ($($ty:ty => $bit:literal),* $(,)?) => {$(
        impl Asked<$ty> {
            /// Whether the type is one of the primitives in `mask`.
            #[inline(always)]
            pub fn is(&self, mask: u32) -> bool {
                mask & (1 << $bit) != 0
            }
        }
    )*};
}

primitives! {
    u8 => 0, u16 => 1, u32 => 2, u64 => 3, u128 => 4, usize => 5,
    i8 => 6, i16 => 7, i32 => 8, i64 => 9, i128 => 10, isize => 11,
    f32 => 12, f64 => 13, bool => 14, char => 15,
}

impl<T> Asked<Option<T>> {
    /// Whether `mask` has core's `Option` (bit 16).
    #[inline(always)]
    pub fn is(&self, mask: u32) -> bool {
        mask & (1 << 16) != 0
    }
}

impl<T, E> Asked<Result<T, E>> {
    /// Whether `mask` has core's `Result` (bit 17).
    #[inline(always)]
    pub fn is(&self, mask: u32) -> bool {
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
        assert!(ask(|r: &Point| &r.x).is(1 << 13));
        assert!(!ask(|r: &Point| &r.x).is(1 << 12));
        assert!(ask(|r: &Point| &r.id).is(1 << 2));
        assert!(ask(|r: &Point| &r.inner.flag).is(1 << 14));
        assert!(ask(|r: &&Point| &r.inner.tag.0).is(1 << 13));
        assert!(!ask(|r: &Point| &r.name).is(ALL));
        assert!(!ask(|r: &Point| &r.inner.tag).is(ALL));
        assert!(!ask(|r: &Point| r).is(ALL));
        assert!(!ask(|r: &&f64| r).is(ALL), "a reference is not a primitive");
    }

    #[test]
    fn a_type_parameter_is_not_known_even_when_it_is_a_primitive() {
        fn generic<T>(_: T) -> bool {
            ask(|r: &T| r).is(ALL)
        }
        assert!(!generic(1u8));
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
        assert!(ask(|r: &Order| &r.code).is(1 << 16));
        assert!(!ask(|r: &Order| &r.code).is(1 << 17));
        assert!(ask(|r: &Order| &r.parsed).is(1 << 17));
        assert!(!ask(|r: &Option2| r).is(ALL));
        assert!(ask(|r: &Option<Vec<String>>| r).is(1 << 16));
    }
}
