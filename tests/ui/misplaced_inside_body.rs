// Inside a `#[haltable]` item everything is instrumented already: only `#[haltable(skip)]` is
// accepted there.
use threadmgr::haltable;

#[haltable]
fn work(values: &[u64]) -> u64 {
    let mut total = 0;
    #[haltable]
    for v in values {
        total += v;
    }
    total
}

struct Worker;

#[haltable]
impl Worker {
    #[haltable]
    fn run(&self) {}
}

fn main() {
    let _ = work(&[1]);
    Worker.run();
}
