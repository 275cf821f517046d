//! Memory: heap bytes per queued job with a million jobs queued, and per running job.
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
}
