//! Review probes of the four latest rules, at the expansion level (see `tests/reach/review.rs`
//! for the runtime ones). Tests that show a problem are `#[ignore]`d with the reason; they
//! assert the expansion the rule's promise asks for.

use super::assert_expands;

#[test]
fn a_closure_called_at_once_on_a_name_bound_again_is_a_call() {
    // `x` is the `&T` at the closure; the closure gets no entry, the call a check before it.
    assert_expands(
        "fn f(x: u64, t: &T) -> u32 { let x = t; (|| x.count_ones())() }",
        "fn f(x: u64, t: &T) -> u32 { let x = t; CHECK; (|| x.count_ones())() }",
    );
}

#[test]
fn a_cfg_statement_before_a_rebinding_keeps_the_positions() {
    // The `#[cfg]` statement is a statement of the body in both passes: the positions agree,
    // and `x` is the `u64` at the tail.
    assert_expands(
        "fn f(x: u32) -> u64 { #[cfg(test)] g(); let x = u64::from(x); x.rotate_left(1) }",
        "fn f(x: u32) -> u64 { #[cfg(test)] CHECK; #[cfg(test)] g(); let x = u64::from(x); x.rotate_left(1) }",
    );
    // A `let` under `#[cfg]` binds it too: the name is of no known type anywhere, even where
    // only the parameter is in scope.
    assert_expands(
        "fn f(x: u64, t: &T) -> u32 { let x = x.rotate_left(1); #[cfg(all())] let x = t; x.count_ones() }",
        "fn f(x: u64, t: &T) -> u32 { CHECK; let x = x.rotate_left(1); #[cfg(all())] let x = t; x.count_ones() }",
    );
}

#[test]
fn an_option_of_core_bound_again_to_a_users_value_is_a_call() {
    assert_expands(
        "fn f(x: u32, t: &T) -> u32 { let o = x.checked_add(1); let k = o.unwrap_or(0); let o = t; o.unwrap_or(k) }",
        "fn f(x: u32, t: &T) -> u32 { let o = x.checked_add(1); let k = o.unwrap_or(0); let o = t; CHECK; o.unwrap_or(k) }",
    );
}

#[test]
fn question_mark_on_a_result_may_call_the_users_from() {
    // Found by review: `?` on a `Result` converts its error with `From::from` of the fn's error
    // type, which may be the user's; `u8::try_from(n)?` was judged cheap. On core's `Option` of
    // a primitive it converts nothing.
    assert_expands(
        "fn f(n: u32) -> Result<u8, E> { let b = u8::try_from(n)?; Ok(b) }",
        "fn f(n: u32) -> Result<u8, E> { CHECK; let b = u8::try_from(n)?; Ok(b) }",
    );
    assert_expands(
        "fn f(n: u32) -> Option<u8> { let b = n.checked_add(1)?; u8::try_from(b).ok() }",
        "fn f(n: u32) -> Option<u8> { let b = n.checked_add(1)?; u8::try_from(b).ok() }",
    );
}

#[test]
fn loops_in_async_blocks_of_an_async_fn_are_checked() {
    // Found by review: an async block awaited in an async fn runs when the fn's future is
    // polled, as the fn's code, but its loops got no check. Its loops are checked now (a small
    // body twice per check); it gets no entry check of its own, as a closure gets none.
    assert_expands(
        "async fn f() -> u64 { async { loop { g().await; } }.await }",
        &format!(
            "async fn f() -> u64 {{ CHECK; async {{ {} }}.await }}",
            super::twice("", "g().await;")
        ),
    );
    // In a plain fn too, and in an `async` closure: the loops run where the future is polled.
    assert_expands(
        "fn f() -> impl Future<Output = ()> { async move { while g().await {} } }",
        &format!(
            "fn f() -> impl Future<Output = ()> {{ async move {{ {} }} }}",
            super::twice_while("'__threadmgr_for_1", "g().await", "")
        ),
    );
}
