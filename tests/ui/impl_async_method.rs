// An async method of a `#[haltable]` impl: skip it or move it out.
use threadmgr::haltable;

struct Client;

#[haltable]
impl Client {
    async fn fetch(&self) -> u64 {
        1
    }
}

fn main() {
    let _ = Client.fetch();
}
