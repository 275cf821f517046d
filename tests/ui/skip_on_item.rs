// `#[haltable(skip)]` belongs on code inside a `#[haltable]` body, or on a method of a
// `#[haltable]` impl or trait.
use threadmgr::haltable;

#[haltable(skip)]
fn work(n: u64) -> u64 {
    n + 1
}

fn main() {
    let _ = work(1);
}
