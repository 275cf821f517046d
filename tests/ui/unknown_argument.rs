// `#[haltable]` takes no arguments.
use threadmgr::haltable;

#[haltable(fast)]
fn work(n: u64) -> u64 {
    n + 1
}

fn main() {
    let _ = work(1);
}
