//! The robustness suite: a body of ordinary Rust, written the way people write it, with
//! `#[haltable]` on nearly every fn, impl block and trait method. It must compile without new
//! warnings (rustc and clippy), its tests must pass as they would without the macro, and
//! `halting.rs` checks that the instrumented code does halt.
//!
//! - `sorting`: generic sorts, binary searches, selection, a pseudo-random generator; annotated
//!   once, on an inline module that holds the whole file.
//! - `graph`: BFS, DFS, Dijkstra with a `BinaryHeap`, topological order, union-find.
//! - `expr`: a tokenizer, parser and evaluator of arithmetic expressions.
//! - `matrix`: a generic matrix with operator impls.
//! - `shapes`: a trait with default methods, several impls, trait objects.
//! - `iters`: iterator adaptors and an extension trait.
//! - `text`: string processing with `format!`, `write!`, `vec!`, `assert!`.
//! - `misc`: `unsafe fn`, argument patterns, `-> !`, boxed closures, builders, threads, a tree,
//!   and the `#[haltable(skip)]` opt-out.
//! - `lints`: code under `clippy::pedantic`, with `#[expect]`s.
//! - `corners`: `const` blocks and `static`s in bodies, `fn`-pointer coercions in every
//!   position, let chains, labeled blocks, `by_ref` loops, temporaries in a `for`'s iterator.

// Cargo looks for the modules of a test crate next to its root; these live in `robustness/`.
#[path = "robustness/corners.rs"]
mod corners;
#[path = "robustness/expr.rs"]
mod expr;
#[path = "robustness/graph.rs"]
mod graph;
#[path = "robustness/halting.rs"]
mod halting;
#[path = "robustness/iters.rs"]
mod iters;
#[path = "robustness/lints.rs"]
mod lints;
#[path = "robustness/matrix.rs"]
mod matrix;
#[path = "robustness/misc.rs"]
mod misc;
#[path = "robustness/shapes.rs"]
mod shapes;
#[path = "robustness/sorting.rs"]
mod sorting;
#[path = "robustness/text.rs"]
mod text;
