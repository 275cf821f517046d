// A const fn cannot call checkpoints, nor unwind.
use threadmgr::haltable;

#[haltable]
const fn square(x: u64) -> u64 {
    x * x
}

fn main() {
    let _ = square(3);
}
