// An async default method of a `#[haltable]` trait: skip it.
use threadmgr::haltable;

#[haltable]
trait Source {
    fn len(&self) -> usize;

    async fn fetch(&self) -> usize {
        self.len()
    }
}

fn main() {}
