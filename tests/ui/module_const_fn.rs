// A const fn of a `#[haltable]` module: skip it or move it out.
#[threadmgr::haltable]
mod counters {
    pub const fn zero() -> u64 {
        0
    }

    #[haltable(skip)]
    pub const fn one() -> u64 {
        1
    }

    pub fn bump(n: u64) -> u64 {
        n + 1
    }
}

fn main() {
    let _ = counters::bump(counters::zero() + counters::one());
}
