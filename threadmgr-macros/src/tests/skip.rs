//! `#[haltable(skip)]` inside a body (`crate::skip`).

use super::{assert_expands, errors};

#[test]
fn skipped_code_is_left_as_written() {
    assert_expands(
        "fn f(v: &[u8]) { #[haltable(skip)] for x in v { g(x); loop {} } let c = #[haltable(skip)] |x: u8| h(x); #[haltable(skip)] { i(); j(); } }",
        "fn f(v: &[u8]) { CHECK; for x in v { g(x); loop {} } let c = |x: u8| h(x); { i(); j(); } }",
    );
}

#[test]
fn a_skipped_statement_keeps_the_entry_check_before_it() {
    assert_expands(
        "fn f() { #[haltable(skip)] let x = loop { b(); }; #[haltable(skip)] x = g(|| loop {}); #[threadmgr::haltable(skip)] m!(); }",
        "fn f() { CHECK; let x = loop { b(); }; x = g(|| loop {}); m!(); }",
    );
}

#[test]
fn misplaced_attributes_inside_a_body_are_errors() {
    assert_eq!(errors("", "fn f() { #[haltable] loop {} }").len(), 1);
    let messages = errors(
        "",
        "fn f() { #[haltable(fast)] loop {} let c = #[haltable] || g(); }",
    );
    assert_eq!(messages.len(), 2);
    assert!(
        messages[0].contains("unknown argument `fast`"),
        "{messages:?}"
    );
    assert!(messages[1].contains("instrumented already"), "{messages:?}");
}
