//! Questions about a parameter's type asked inside a closure. A closure whose body calls a
//! method of a primitive on a place of the fn (`|| self.cursor.clone()`) asks the compiler the
//! place's type at its entry, in a closure of its own that names the parameter's declared
//! type. Inside the user's closure, what that type needs to be well-formed is proven by the
//! fn, through both closures: for a struct with a field `&'parse mut E::State` (an outlives
//! requirement on an associated type, as in chumsky 0.13's `InputRef`), the compiler asks the
//! fn to prove `E: 'parse` and `'src: 'parse` instead, which the code as written never needs
//! (E0309). Each fn here compiles without the macro and must with it, and give the same value:
//! a method, whose `Self` such a question cannot name; a free fn with the same struct behind a
//! parameter, whose lifetimes the question elides; one whose type binds its own lifetime
//! (`for<'a> fn(&'a u64)`), which it keeps; and a closure in a closure.
//!
//! (A trybuild case rather than a `twins!` in the suite: if it does not compile, only this test
//! fails, instead of the whole suite.)

use std::marker::PhantomData;

include!("support/twins.rs");

pub trait Extra<'src> {
    type State;
}

pub struct Counting;

impl<'src> Extra<'src> for Counting {
    type State = u64;
}

/// Shaped as chumsky's `InputRef`: the fields make the compiler infer `E::State: 'parse`.
pub struct Input<'src, 'parse, E: Extra<'src>> {
    pub cursor: usize,
    pub state: &'parse mut E::State,
    pub errors: Vec<(usize, u64)>,
    pub text: PhantomData<&'src str>,
}

/// The methods, as written (`plain_`) and instrumented (`haltable_`): the same body each.
macro_rules! methods {
    ($emit:ident, $nested:ident $(, #[$h:meta])?) => {
        $(#[$h])?
        impl<'src, 'parse, E: Extra<'src>> Input<'src, 'parse, E> {
            pub fn $emit(&mut self, at: Option<usize>, error: u64) -> usize {
                let at = at.map(|c| c + 1).unwrap_or_else(|| self.cursor.clone());
                self.errors.push((at, error));
                self.errors.iter().map(|&(c, e)| c.wrapping_mul(3) ^ e as usize).sum()
            }

            pub fn $nested(&mut self, ats: &[Option<usize>]) -> usize {
                ats.iter()
                    .map(|at| at.unwrap_or_else(|| self.cursor.wrapping_add(7)))
                    .fold(0, |acc, c| acc.wrapping_mul(31) ^ c)
            }
        }
    };
}

methods!(plain_emit, plain_nested);
methods!(haltable_emit, haltable_nested, #[::threadmgr::haltable]);

twins! {
    pub fn emit_at<'src, 'parse, E: Extra<'src>>(
        input: &mut Input<'src, 'parse, E>,
        at: Option<usize>,
    ) -> usize {
        let at = at.unwrap_or_else(|| input.cursor.clone());
        let nested = (0..at % 5).map(|k| k.max(input.cursor.min(3))).sum::<usize>();
        at + nested
    }

    pub fn with_fn_pointer<'src, 'parse, E: Extra<'src>>(
        input: &Input<'src, 'parse, E>,
        f: for<'a> fn(&'a u64) -> u64,
        xs: &[u64],
    ) -> u64 {
        xs.iter().map(|x| f(x).wrapping_add(input.cursor.wrapping_mul(2) as u64)).sum()
    }
}

fn double(x: &u64) -> u64 {
    x * 2
}

fn main() {
    let (mut a, mut b) = (0u64, 0u64);
    let mut plain_input = Input::<Counting> {
        cursor: 11,
        state: &mut a,
        errors: Vec::new(),
        text: PhantomData,
    };
    let mut haltable_input = Input::<Counting> {
        cursor: 11,
        state: &mut b,
        errors: Vec::new(),
        text: PhantomData,
    };
    for (at, error) in [(None, 4), (Some(3), 9), (None, 1)] {
        assert_eq!(haltable_input.haltable_emit(at, error), plain_input.plain_emit(at, error));
    }
    let ats = [None, Some(2), None, Some(40)];
    assert_eq!(haltable_input.haltable_nested(&ats), plain_input.plain_nested(&ats));
    for at in [None, Some(0), Some(9)] {
        assert_eq!(
            haltable::emit_at(&mut haltable_input, at),
            plain::emit_at(&mut plain_input, at)
        );
    }
    let xs: Vec<u64> = (0..100).collect();
    assert_eq!(
        haltable::with_fn_pointer(&haltable_input, double, &xs),
        plain::with_fn_pointer(&plain_input, double, &xs)
    );
    *haltable_input.state += 1;
    *plain_input.state += 1;
    assert_eq!(a, b);
}
