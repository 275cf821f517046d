// The example of `documented_with_an_included_example` in `fixture.rs`, included in its doc:
// its text must reach the doctest with its indentation as written here.
let text = r#"fn main() {
    let indented = 4;
}"#;
assert!(text.contains("\n    let indented"), "{text:?}");
assert_eq!(text.len(), 35);
