// A const method of a `#[haltable]` impl: skip it or move it out.
use threadmgr::haltable;

struct Counter(u64);

#[haltable]
impl Counter {
    const fn new() -> Self {
        Counter(0)
    }

    #[haltable(skip)]
    const fn zero() -> Self {
        Counter(0)
    }

    fn bump(&mut self) {
        self.0 += 1;
    }
}

fn main() {
    let mut counter = Counter::new();
    counter.bump();
    let _ = Counter::zero();
}
