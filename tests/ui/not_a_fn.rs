// Only fns, impl blocks, traits and inline modules have bodies to instrument.
use threadmgr::haltable;

#[haltable]
struct Config {
    threads: usize,
}

fn main() {
    let _ = Config { threads: 1 }.threads;
}
