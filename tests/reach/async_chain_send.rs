//! Review probe (rule 2, async fns): a chain consumed in a statement that also awaits. Plain,
//! the future is `Send` (the `slice::Iter<Cell<u64>>` is used up before the `.await`);
//! annotated, the chain's source is probed (`probe(cells.iter(), ..).wrap()`), and the
//! `Probe<slice::Iter<'_, Cell<u64>>>` temporary, borrowed by `wrap(&self)`, lives to the end of
//! the statement, across the `.await`: the future is no longer `Send`.

use std::cell::Cell;
use std::future::Future;

use threadmgr::haltable;

async fn ready(n: u64) -> u64 {
    n
}

fn send<F: Future + Send>(future: F) -> F {
    future
}

#[haltable]
async fn sum_then_await(cells: Vec<Cell<u64>>) -> u64 {
    cells.iter().map(|c| c.get()).sum::<u64>() + ready(1).await
}

fn main() {
    let future = send(sum_then_await(vec![Cell::new(2), Cell::new(3)]));
    assert_eq!(futures::executor::block_on(future), 6);
}
