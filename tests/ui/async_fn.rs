// A halt unwinds the thread; an async fn is cancelled by dropping its future instead.
use threadmgr::haltable;

#[haltable]
async fn fetch(n: u64) -> u64 {
    n + 1
}

fn main() {
    let _ = fetch(1);
}
