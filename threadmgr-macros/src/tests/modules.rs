//! `#[haltable]` on an inline module, and its bounded fns (`crate::bounded`).

use super::{assert_expands, loops::chunked};

/// Helpers of the module that run in bounded time, called by name.
const HELPERS: &str = "
    fn mix(a: u64, b: u64) -> u64 { (a ^ b) * 5 ^ (a >> 27) }
    fn finish(h: u64) -> u64 { let h = h ^ (h >> 33); h ^ (h >> 29) }
    fn hash(a: u64, b: u64) -> u64 { let h = mix(a, b); let h = self::mix(h, b); finish(h) }
";

#[test]
fn calls_to_the_modules_bounded_fns_are_cheap() {
    assert_expands(
        &format!(
            "mod m {{ {HELPERS} fn run(v: &[u64]) -> u64 {{ let mut h = 0; for &x in v {{ h = hash(h, x); }} h }} }}"
        ),
        &format!(
            "mod m {{ {HELPERS} fn run(v: &[u64]) -> u64 {{ let mut h = 0; CHECK; {} h }} }}",
            chunked("&x", "v", "{ h = hash(h, x); }", 4096)
        ),
    );
}

#[test]
fn other_items_are_left_as_they_are_and_instrumented_items_see_the_modules_fns() {
    assert_expands(
        "mod m {
            use std::fmt;
            const K: u64 = 3;
            struct S;
            fn mix(a: u64) -> u64 { a * K }
            impl S { fn f(&self, a: u64) -> u64 { let b = mix(a); g(b) } }
            trait T { fn t(&self) -> u64 { let b = mix(1); g(b) } }
            mod inner { fn own(a: u64) -> u64 { mix(a) } }
        }",
        "mod m {
            use std::fmt;
            const K: u64 = 3;
            struct S;
            fn mix(a: u64) -> u64 { a * K }
            impl S { fn f(&self, a: u64) -> u64 { let b = mix(a); CHECK; g(b) } }
            trait T { fn t(&self) -> u64 { let b = mix(1); CHECK; g(b) } }
            mod inner { fn own(a: u64) -> u64 { CHECK; mix(a) } }
        }",
    );
}

#[test]
fn recursion_is_not_bounded() {
    assert_expands(
        "mod m {
            fn down(n: u64) -> u64 { if n == 0 { 0 } else { down(n - 1) } }
            fn ping(n: u64) -> u64 { if n == 0 { 0 } else { pong(n - 1) } }
            fn pong(n: u64) -> u64 { ping(n) }
            fn user() -> u64 { let a = down(3); pong(a) }
        }",
        "mod m {
            fn down(n: u64) -> u64 { if n == 0 { 0 } else { CHECK; down(n - 1) } }
            fn ping(n: u64) -> u64 { if n == 0 { 0 } else { CHECK; pong(n - 1) } }
            fn pong(n: u64) -> u64 { CHECK; ping(n) }
            fn user() -> u64 { CHECK; let a = down(3); pong(a) }
        }",
    );
}

#[test]
fn a_fn_that_calls_an_unknown_fn_or_loops_is_not_bounded() {
    assert_expands(
        "mod m {
            fn calls(a: u64) -> u64 { g(a) }
            fn loops(a: u64) -> u64 { let mut n = a; while n > 1 { n /= 2; } n }
            fn macros(a: u64) -> u64 { println!(); a }
            fn user(a: u64) -> u64 { let a = calls(a); let a = loops(a); macros(a) }
        }",
        "mod m {
            fn calls(a: u64) -> u64 { CHECK; g(a) }
            fn loops(a: u64) -> u64 { let mut n = a; '__threadmgr_for_1: loop { for __threadmgr_pass in 0u8..2 { if !(n > 1) { break '__threadmgr_for_1; } if __threadmgr_pass == 0 { CHECK; } n /= 2; } } n }
            fn macros(a: u64) -> u64 { CHECK; println!(); a }
            fn user(a: u64) -> u64 { CHECK; let a = calls(a); let a = loops(a); macros(a) }
        }",
    );
}

#[test]
fn a_name_that_may_mean_something_else_is_not_the_modules_fn() {
    let module = |params: &str, body: &str| {
        format!(
            "mod m {{ fn mix(a: u64, b: u64) -> u64 {{ a ^ b }} fn f(a: u64{params}) -> u64 {{ {body} }} }}"
        )
    };
    // The control: the module's `mix`, by name, needs no check.
    assert_expands(&module("", "mix(a, a)"), &module("", "mix(a, a)"));
    assert_expands(
        &module("", "self::mix(a, a)"),
        &module("", "self::mix(a, a)"),
    );
    let cases = [
        (
            ", mix: fn(u64, u64) -> u64",
            "mix(a, a)",
            "CHECK; mix(a, a)",
        ),
        (
            "",
            "let mix = |x: u64, _: u64| x; mix(a, a)",
            "let mix = |x: u64, _: u64| x; CHECK; mix(a, a)",
        ),
        (
            "",
            "fn mix(x: u64, _: u64) -> u64 { x } mix(a, a)",
            "fn mix(x: u64, _: u64) -> u64 { x } CHECK; mix(a, a)",
        ),
        (
            "",
            "use other::mix; mix(a, a)",
            "use other::mix; CHECK; mix(a, a)",
        ),
        (
            "",
            "use other::{thing as mix}; mix(a, a)",
            "use other::{thing as mix}; CHECK; mix(a, a)",
        ),
        (
            "",
            "use other::*; mix(a, a)",
            "use other::*; CHECK; mix(a, a)",
        ),
        (
            "",
            "shadow!(mix); mix(a, a)",
            "CHECK; shadow!(mix); mix(a, a)",
        ),
        (
            "",
            "match Some(a) { Some(mix) => mix(a, a), None => 0 }",
            "match Some(a) { Some(mix) => { CHECK; mix(a, a) } None => 0 }",
        ),
        ("", "other::mix(a, a)", "CHECK; other::mix(a, a)"),
        ("", "crate::m::mix(a, a)", "CHECK; crate::m::mix(a, a)"),
        ("", "<S>::mix(a, a)", "CHECK; <S>::mix(a, a)"),
        ("", "::mix(a, a)", "CHECK; ::mix(a, a)"),
    ];
    for (params, body, expected) in cases {
        assert_expands(&module(params, body), &module(params, expected));
    }
}

#[test]
fn a_name_defined_twice_is_bounded_only_if_both_are() {
    assert_expands(
        "mod m {
            #[cfg(a)] fn pick() -> u64 { 1 }
            #[cfg(not(a))] fn pick() -> u64 { loop {} }
            fn user() -> u64 { pick() }
        }",
        "mod m {
            #[cfg(a)] fn pick() -> u64 { 1 }
            #[cfg(not(a))] fn pick() -> u64 { loop { CHECK; for _ in 0u8..2 {} } }
            fn user() -> u64 { CHECK; pick() }
        }",
    );
}

#[test]
fn skipped_items_are_left_as_written_and_still_bounded_if_they_are() {
    assert_expands(
        "mod m {
            #[haltable(skip)] fn cheap(a: u64) -> u64 { a + 1 }
            #[haltable(skip)] fn spins() { loop {} }
            #[haltable(skip)] impl S { fn f(&self) { loop {} } }
            fn user(a: u64) -> u64 { let b = cheap(a); spins(); b }
        }",
        "mod m {
            fn cheap(a: u64) -> u64 { a + 1 }
            fn spins() { loop {} }
            impl S { fn f(&self) { loop {} } }
            fn user(a: u64) -> u64 { let b = cheap(a); CHECK; spins(); b }
        }",
    );
}
