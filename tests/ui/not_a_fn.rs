// Only fns, impl blocks and traits have bodies to instrument.
use threadmgr::haltable;

#[haltable]
struct Config {
    threads: usize,
}

#[haltable]
mod work {}

fn main() {
    let _ = Config { threads: 1 }.threads;
}
