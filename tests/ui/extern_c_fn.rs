// Unwinding out of an `extern "C"` fn aborts; `extern "C-unwind"` is accepted.
use threadmgr::haltable;

#[haltable]
extern "C" fn callback(n: u64) -> u64 {
    n + 1
}

#[haltable]
extern "C-unwind" fn unwinding_callback(n: u64) -> u64 {
    n + 1
}

fn main() {
    let _ = callback(1) + unwinding_callback(1);
}
