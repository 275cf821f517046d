// Inside a `#[haltable]` body, `#[haltable(...)]` takes only `skip`.
use threadmgr::haltable;

#[haltable]
fn work(values: &[u64]) -> u64 {
    let mut total = 0;
    #[haltable(fast)]
    for v in values {
        total += v;
    }
    total
}

fn main() {
    let _ = work(&[1]);
}
