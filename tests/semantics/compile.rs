//! Code that must still compile with `#[haltable]`, checked by trybuild in `compile/`, so that
//! a case the macro cannot compile fails one test instead of the whole suite.

/// Each file in `compile/` is a program that uses `#[haltable]` on code that compiles without
/// it; it must compile, and its `main` asserts that the instrumented fns do the same.
#[test]
fn constructs_that_compile_without_the_macro_compile_with_it() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/semantics/compile/*.rs");
}
