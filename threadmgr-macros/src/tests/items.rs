//! The items `#[haltable]` accepts and refuses (`crate::accept`, `crate::expand`).

use super::{assert_expands, errors};

#[test]
fn impl_blocks_instrument_every_method_but_skipped_ones() {
    assert_expands(
        "impl S { const C: u8 = 1; fn a(&self) { g() } #[haltable(skip)] fn b(&self) { loop {} } #[inline] fn c() -> u8 { h() } }",
        "impl S { const C: u8 = 1; fn a(&self) { CHECK; g() } fn b(&self) { loop {} } #[inline] fn c() -> u8 { CHECK; h() } }",
    );
    // `assert_expands` strips prologues only where they are: `b` has none.
    let expanded = super::expand_tokens("", "impl S { #[haltable(skip)] fn b(&self) { loop {} } }");
    assert!(!expanded.to_string().contains("__threadmgr"), "{expanded}");
}

#[test]
fn traits_instrument_default_bodies() {
    assert_expands(
        "trait T { fn decl(&self); fn def(&self) { loop { g() } } #[haltable(skip)] fn sk(&self) { loop {} } }",
        &format!(
            "trait T {{ fn decl(&self); fn def(&self) {{ {} }} fn sk(&self) {{ loop {{}} }} }}",
            super::twice("", "g()")
        ),
    );
}

#[test]
fn trait_method_declarations_are_left_as_they_are() {
    for decl in [
        "fn f(&self);",
        "fn new() -> Self;",
        "fn g<T>(t: T);",
        "async fn h(&self) -> u8;",
    ] {
        let expanded = super::expand_tokens("", decl);
        assert_eq!(
            expanded.to_string(),
            decl.parse::<proc_macro2::TokenStream>()
                .unwrap()
                .to_string()
        );
    }
}

#[test]
fn refused_items_and_signatures() {
    let cases = [
        ("", "const fn f() {}", "`const fn`"),
        ("", "struct S;", "not on a struct"),
        ("", "mod m;", "declared in a file of its own"),
        (
            "",
            "mod m { const fn f() {} }",
            "`#[haltable(skip)]` to this fn",
        ),
        (
            "",
            "mod m { #[haltable] fn f() {} }",
            "instrumented already",
        ),
        (
            "",
            "mod m { #[haltable] impl S {} }",
            "instrumented already",
        ),
        (
            "",
            "mod m { mod n { #[haltable] trait T {} } }",
            "instrumented already",
        ),
        ("", "fn abs(x: i32) -> i32;", "foreign fn"),
        ("", "safe fn abs(x: i32) -> i32;", "foreign fn"),
        ("foo", "fn f() {}", "unknown argument `foo`"),
        ("skip", "fn f() {}", "`#[haltable(skip)]` opts code out"),
        (
            "",
            "impl S { const fn f() {} }",
            "`#[haltable(skip)]` to this method",
        ),
        (
            "",
            "impl S { #[haltable] fn f() {} }",
            "instrumented already",
        ),
    ];
    for (args, item, expected) in cases {
        let messages = errors(args, item);
        assert!(messages[0].contains(expected), "{item}: {messages:?}");
    }
}

#[test]
fn unwinding_abis_are_accepted() {
    for abi in ["\"C-unwind\"", "\"Rust\"", "\"system-unwind\""] {
        let expanded = super::expand_tokens("", &format!("extern {abi} fn f() {{ g() }}"));
        assert!(expanded.to_string().contains("check ()"), "{expanded}");
    }
}

#[test]
fn non_unwinding_abis_are_barriers() {
    // The body is left as written, after a barrier: nothing it calls unwinds for a halt.
    for abi in ["", "\"C\"", "\"system\"", "\"sysv64\""] {
        let expanded = super::expand_tokens(
            "",
            &format!(
                "extern {abi} fn f(n: u64) -> u64 {{ let mut i = 0; while i < n {{ g(i); i += 1; }} i }}"
            ),
        );
        let text = expanded.to_string();
        assert!(text.contains("__private :: barrier ()"), "{text}");
        assert!(!text.contains("check ()"), "{text}");
    }
    // Nested in a haltable body, and in a haltable module, too.
    let expanded =
        super::expand_tokens("", "fn f() { extern \"C\" fn cb() { loop { g() } } h(cb) }");
    assert_eq!(
        expanded.to_string().matches("barrier ()").count(),
        1,
        "{expanded}"
    );
    let expanded = super::expand_tokens("", "mod m { extern \"C\" fn cb() { loop { g() } } }");
    assert_eq!(
        expanded.to_string().matches("barrier ()").count(),
        1,
        "{expanded}"
    );
}

#[test]
fn all_errors_of_an_impl_are_reported_together() {
    assert_eq!(
        errors("", "impl S { const fn a() {} fn b() {} const fn c() {} }").len(),
        2
    );
}

#[test]
fn async_fns_are_instrumented_as_any_fn() {
    // The body runs when the future is polled: checks on entry and in loops as anywhere, and an
    // `.await` is a call.
    assert_expands(
        "async fn f(v: Vec<u64>) -> u64 { let mut s = 0; for x in v { s += g(x).await; } s }",
        &format!(
            "async fn f(v: Vec<u64>) -> u64 {{ let mut s = 0; CHECK; {} s }}",
            super::loops::chunked("x", "v", "{ s += g(x).await; }", 16)
        ),
    );
    assert_expands(
        "async fn f(n: u64) -> ! { loop { tick(n).await; } }",
        &format!(
            "async fn f(n: u64) -> ! {{ {} }}",
            super::twice("", "tick(n).await;")
        ),
    );
    // In an impl, a trait's default body and a module alike; the nested fns of a body too.
    for (item, instrumented) in [
        ("impl S { async fn f(&self) { g().await } }", 1),
        ("trait T { async fn f(&self) { g().await } }", 1),
        ("mod m { async fn f() { g().await } fn h() { k() } }", 2),
    ] {
        let expanded = super::expand_tokens("", item).to_string();
        assert_eq!(
            expanded.matches("check ()").count(),
            instrumented,
            "{expanded}"
        );
    }
    let expanded = super::expand_tokens("", "fn f() { async fn inner() { loop { g().await } } }");
    assert!(expanded.to_string().contains("check ()"), "{expanded}");
}
