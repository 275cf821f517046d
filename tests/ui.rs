//! Compile-fail tests of `#[haltable]`: each file in `tests/ui/` is a misuse, and its `.stderr`
//! the error it must produce (regenerate with `TRYBUILD=overwrite cargo test --test ui`, then
//! review the diff).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
