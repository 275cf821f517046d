// A foreign fn has no body to instrument.
use threadmgr::haltable;

unsafe extern "C" {
    #[haltable]
    fn abs(x: i32) -> i32;
}

fn main() {
    let _ = unsafe { abs(-1) };
}
