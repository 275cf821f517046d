//! A global allocator that counts the bytes live on the heap, and the memory measurements that
//! read it: bytes per queued job and per running job.
//!
//! Counting is off until [`Counting::enable`], so that a binary that also times things (the
//! report) pays one relaxed load of a flag that never changes while it times.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};
use std::time::Duration;

use threadmgr::{JobHandle, ThreadManager};

/// The system allocator, counting live bytes while enabled.
pub struct Counting;

static ENABLED: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);

impl Counting {
    pub fn enable() {
        ENABLED.store(true, Ordering::SeqCst);
    }

    /// Bytes allocated minus bytes freed while counting was enabled.
    pub fn live() -> isize {
        LIVE.load(Ordering::SeqCst)
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged; the
// counting only touches atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if ENABLED.load(Ordering::Relaxed) {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        // SAFETY: forwarded as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ENABLED.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if ENABLED.load(Ordering::Relaxed) {
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        // SAFETY: forwarded as is.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if ENABLED.load(Ordering::Relaxed) {
            LIVE.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
        }
        // SAFETY: forwarded as is.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// What [`queued`] found.
#[derive(Clone, Copy, Debug)]
pub struct Queued {
    pub jobs: usize,
    /// Heap bytes per queued job, the caller keeping every `JobHandle` (in a `Vec` allocated
    /// beforehand, so not counted).
    pub heap_per_job: f64,
    /// `size_of::<JobHandle<()>>()`: what a kept handle takes where the caller stores it.
    pub handle_size: usize,
    /// Heap bytes per job still held after the handles and the manager are dropped (token
    /// slots are leased from a grow-only table, and reused later).
    pub retained_per_job: f64,
}

/// Queues `jobs` empty jobs (zero-sized closures, so "beyond the closure" is all of it) on a
/// manager that never runs them.
pub fn queued(jobs: usize) -> Queued {
    Counting::enable();
    let start = Counting::live();
    let manager = ThreadManager::builder()
        .thread_limit(1)
        .build()
        .expect("a manager");
    let mut handles: Vec<JobHandle<()>> = Vec::with_capacity(jobs);
    let before = Counting::live();
    for _ in 0..jobs {
        handles.push(manager.append(|| ()).expect("append"));
    }
    let after = Counting::live();
    drop(handles);
    drop(manager);
    let retained = Counting::live() - start;
    Queued {
        jobs,
        heap_per_job: (after - before) as f64 / jobs as f64,
        handle_size: size_of::<JobHandle<()>>(),
        retained_per_job: retained as f64 / jobs as f64,
    }
}

/// What [`running`] found: heap bytes per running job, thread stacks not included.
#[derive(Clone, Copy, Debug)]
pub struct Running {
    pub jobs: usize,
    /// A manager job, on a pool thread that existed before.
    pub managed_per_job: f64,
    /// A `threadmgr::spawn` job, which brings its thread (its stack is mapped, not allocated:
    /// 2 MiB of address space by default).
    pub spawned_per_job: f64,
}

/// Starts `jobs` jobs that sleep until halted, on a manager with `jobs` threads, then as many
/// with `threadmgr::spawn`, and measures the heap they hold while they run.
pub fn running(jobs: usize) -> Running {
    Counting::enable();
    let manager = ThreadManager::builder()
        .thread_limit(jobs)
        .build()
        .expect("a manager");
    let started = Arc::new(AtomicUsize::new(0));
    let sleeper = |started: &Arc<AtomicUsize>| {
        let started = Arc::clone(started);
        move || {
            started.fetch_add(1, Ordering::Release);
            threadmgr::sleep(Duration::from_secs(600));
        }
    };
    let mut handles: Vec<JobHandle<()>> = Vec::with_capacity(jobs);
    let settle = |started: &AtomicUsize, count| {
        while started.load(Ordering::Acquire) < count {
            std::thread::sleep(Duration::from_micros(100));
        }
        // Let them block in the sleep's wait.
        std::thread::sleep(Duration::from_millis(10));
    };
    // Twice, counting the second time: the first warms every pool thread up (each runs one of
    // the jobs, which all block at once), so that what a thread allocates the first time it
    // runs a job (thread-locals, rayon's per-thread state) is not counted as the job's.
    let mut managed = 0;
    for _ in 0..2 {
        started.store(0, Ordering::SeqCst);
        let before = Counting::live();
        for _ in 0..jobs {
            let job = manager.try_start(sleeper(&started)).expect("a free thread");
            handles.push(job);
        }
        settle(&started, jobs);
        managed = Counting::live() - before;
        for job in handles.drain(..) {
            job.halt();
            let _ = job.join();
        }
    }
    started.store(0, Ordering::SeqCst);
    let before = Counting::live();
    for _ in 0..jobs {
        handles.push(threadmgr::spawn(sleeper(&started)));
    }
    settle(&started, jobs);
    let spawned = Counting::live() - before;
    for job in handles.drain(..) {
        job.halt();
        let _ = job.join();
    }
    Running {
        jobs,
        managed_per_job: managed as f64 / jobs as f64,
        spawned_per_job: spawned as f64 / jobs as f64,
    }
}
