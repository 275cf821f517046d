//! A halt unwinds: every destructor on the way out runs, in the usual order.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use threadmgr::{HaltReason, HaltToken, JobError, haltable};

/// Records its name into a shared log when dropped.
struct Noisy {
    name: &'static str,
    log: Arc<Mutex<Vec<&'static str>>>,
}

impl Drop for Noisy {
    fn drop(&mut self) {
        self.log.lock().unwrap().push(self.name);
    }
}

#[haltable]
fn inner(log: Arc<Mutex<Vec<&'static str>>>) -> u64 {
    let _guard = Noisy {
        name: "inner",
        log: log.clone(),
    };
    let mut n: u64 = 0;
    loop {
        n = n.wrapping_add(std::hint::black_box(1));
    }
}

#[haltable]
fn middle(log: Arc<Mutex<Vec<&'static str>>>) -> u64 {
    let _first = Noisy {
        name: "middle-first",
        log: log.clone(),
    };
    let _second = Noisy {
        name: "middle-second",
        log: log.clone(),
    };
    inner(log)
}

#[haltable]
fn outer(log: Arc<Mutex<Vec<&'static str>>>) -> u64 {
    let _guard = Noisy {
        name: "outer",
        log: log.clone(),
    };
    let buffer = vec![0_u8; 1 << 20];
    middle(log) + buffer.len() as u64
}

#[test]
fn a_halted_job_runs_every_destructor_innermost_first() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let job = threadmgr::spawn({
        let log = log.clone();
        move || outer(log)
    });
    std::thread::sleep(Duration::from_millis(50));
    job.halt();
    assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
    assert_eq!(
        *log.lock().unwrap(),
        ["inner", "middle-second", "middle-first", "outer"]
    );
}

#[test]
fn the_jobs_closure_and_its_captures_are_dropped_after_a_halt() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let captured = Noisy {
        name: "captured",
        log: log.clone(),
    };
    let token = HaltToken::new();
    token.halt();
    let result = token.scope(move || {
        let _keep = &captured;
        threadmgr::checkpoint();
    });
    assert!(result.is_err());
    assert_eq!(*log.lock().unwrap(), ["captured"]);
}

#[test]
fn a_lock_guard_is_released_by_the_halt() {
    let shared = Arc::new(Mutex::new(0_u64));
    let job = threadmgr::spawn({
        let shared = shared.clone();
        move || {
            let mut guard = shared.lock().unwrap();
            loop {
                *guard += 1;
                threadmgr::checkpoint();
            }
        }
    });
    std::thread::sleep(Duration::from_millis(50));
    job.halt();
    assert!(job.join().is_err());
    // The guard was dropped while unwinding: the lock is free (poisoned, as after a panic).
    let value = shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    assert!(*value > 0);
}
