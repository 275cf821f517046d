//! Compiles in an ordinary (unwinding) build. In a `panic = "abort"` build, `#[haltable]` must
//! refuse it with a message that says why and what to do: see `tests/panic_abort.rs`.

/// Sums `0..n`; halting it would need to unwind.
#[threadmgr::haltable]
pub fn sum_to(n: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..n {
        total = total.wrapping_add(i);
    }
    total
}

#[cfg(test)]
mod tests {
    #[test]
    fn it_works_when_unwinding() {
        assert_eq!(super::sum_to(10), 45);
    }
}
