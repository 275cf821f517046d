//! Memory: heap bytes per queued job with a million jobs queued, and per running job; a million
//! children of one token created, halted and dropped (time, and the heap left after the drop).
//!
//! A counting `#[global_allocator]` measures the live heap. Not criterion-shaped (a count, not
//! a time), so a plain harness: `cargo bench --bench memory`; `-- --test` queues 10,000 jobs.

#[path = "support/alloc.rs"]
mod alloc;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

fn main() {
    let test = std::env::args().any(|a| a == "--test");
    let queued = alloc::queued(if test { 10_000 } else { 1_000_000 });
    let running = alloc::running(if test { 4 } else { 64 });
    println!("| measure | bytes | target |");
    println!("| --- | ---: | --- |");
    println!(
        "| heap per queued job ({} queued, handles kept) | {:.0} | <= 256: {} |",
        queued.jobs,
        queued.heap_per_job,
        if queued.heap_per_job <= 256.0 {
            "met"
        } else {
            "missed"
        },
    );
    println!(
        "| + the JobHandle itself, where the caller keeps it | {} | |",
        queued.handle_size
    );
    println!(
        "| heap per job still held after the manager is dropped (token slots) | {:.0} | |",
        queued.retained_per_job
    );
    println!(
        "| heap per running manager job ({} running) | {:.0} | |",
        running.jobs, running.managed_per_job
    );
    println!(
        "| heap per running threadmgr::spawn job ({} running, stack not included) | {:.0} | |",
        running.jobs, running.spawned_per_job
    );
    let children = children(if test { 10_000 } else { 1_000_000 });
    println!();
    println!(
        "| {} children of one token | time | heap after |",
        children.count
    );
    println!("| --- | ---: | ---: |");
    for (step, time, heap) in &children.steps {
        println!("| {step} | {time:.1?} | {heap} bytes |");
    }
}

struct Children {
    count: usize,
    steps: Vec<(&'static str, std::time::Duration, isize)>,
}

/// Creates `count` children of one token, halts the token, drops the children: each step's
/// time and the live heap after it, relative to before the first.
fn children(count: usize) -> Children {
    use std::time::Instant;
    alloc::Counting::enable();
    let root = threadmgr::HaltToken::new();
    let base = alloc::Counting::live();
    let mut steps = Vec::new();
    let start = Instant::now();
    let kids: Vec<threadmgr::HaltToken> = (0..count).map(|_| root.child()).collect();
    steps.push(("create", start.elapsed(), alloc::Counting::live() - base));
    let start = Instant::now();
    root.halt();
    steps.push(("halt", start.elapsed(), alloc::Counting::live() - base));
    assert!(kids.iter().all(threadmgr::HaltToken::is_halted));
    let start = Instant::now();
    drop(kids);
    steps.push(("drop", start.elapsed(), alloc::Counting::live() - base));
    Children { count, steps }
}
