//! A `for` over a local that a fn of the user's types, generic in what it returns, with the
//! type fixed after the loop to one the macro cannot split (a `HashSet`): the error says why
//! and what to do (give the `let` its type). A `Vec` there builds
//! (`tests/semantics/compile/late_typed_loops.rs`).

use std::collections::HashSet;
use threadmgr::haltable;

fn load<C: FromIterator<u8>>() -> C {
    (0..10).collect()
}

#[haltable]
fn count() -> usize {
    let set = load();
    let mut n = 0;
    for _ in &set {
        n += 1;
    }
    let set: HashSet<u8> = set;
    n + set.len()
}

fn main() {
    println!("{}", count());
}
