//! A closure that captures nothing coerces to a `fn` pointer: where the type says so, as the
//! common type of the branches of an `if` or the arms of a `match`, and in a table of handlers.
//! With `#[haltable]` these fns must still compile, and do the same as without it.
//!
//! (A trybuild case rather than a `twins!` in the suite: if it does not compile, only this test
//! fails, instead of the whole suite.)

macro_rules! twins {
    (fn $name:ident $($rest:tt)*) => {
        mod $name {
            pub mod plain {
                pub fn $name $($rest)*
            }
            pub mod haltable {
                #[::threadmgr::haltable]
                pub fn $name $($rest)*
            }
        }
    };
}

twins! {
    fn fn_pointer_with_a_loop() -> fn(u32) -> u32 {
        |x| {
            let mut doubled = 0;
            for _ in 0..2 {
                doubled += x;
            }
            doubled
        }
    }
}

twins! {
    fn fn_pointer_with_a_call() -> fn(&str) -> String {
        |s| s.to_uppercase()
    }
}

twins! {
    fn branches_of_an_if(min: bool) -> i32 {
        let op = if min {
            |a: i32, b: i32| a.min(b)
        } else {
            |a: i32, b: i32| a.max(b)
        };
        op(3, 4)
    }
}

twins! {
    fn arms_of_a_match(c: char) -> String {
        let f = match c {
            'u' => |s: &str| s.to_uppercase(),
            _ => |s: &str| s.to_lowercase(),
        };
        f("MiXed")
    }
}

twins! {
    fn table_of_handlers(input: &str) -> Vec<String> {
        let handlers: [(&str, fn(&str) -> String); 2] = [
            ("upper", |s| s.to_uppercase()),
            ("reversed", |s| s.chars().rev().collect()),
        ];
        handlers
            .iter()
            .map(|(name, handler)| format!("{name}: {}", handler(input)))
            .collect()
    }
}

fn main() {
    assert_eq!(
        fn_pointer_with_a_loop::plain::fn_pointer_with_a_loop()(21),
        fn_pointer_with_a_loop::haltable::fn_pointer_with_a_loop()(21)
    );
    assert_eq!(
        fn_pointer_with_a_call::plain::fn_pointer_with_a_call()("abc"),
        fn_pointer_with_a_call::haltable::fn_pointer_with_a_call()("abc")
    );
    for min in [false, true] {
        assert_eq!(
            branches_of_an_if::plain::branches_of_an_if(min),
            branches_of_an_if::haltable::branches_of_an_if(min)
        );
    }
    for c in ['u', 'l'] {
        assert_eq!(
            arms_of_a_match::plain::arms_of_a_match(c),
            arms_of_a_match::haltable::arms_of_a_match(c)
        );
    }
    assert_eq!(
        table_of_handlers::plain::table_of_handlers("abc"),
        table_of_handlers::haltable::table_of_handlers("abc")
    );
}
