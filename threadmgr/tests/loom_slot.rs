//! Model checks (loom) of the slot protocol: a halt racing a checkpoint, a halt racing a sleep
//! (`Condvar::wait_timeout` on the slot), and a token dropped while another thread holds its
//! handle. Run with `RUSTFLAGS="--cfg loom" cargo test -p threadmgr --release --test loom_slot`.
//!
//! Under `cfg(loom)` the slot's atomic word, mutex and condition variable are loom's (through
//! `crate::sync`), so every interleaving of these operations, and every order the relaxed fast
//! path may observe, is explored up to the preemption bound. (Loom's `wait_timeout` never times
//! out: a sleep in a model ends only by a halt, which is what these models check.)
#![cfg(loom)]

use std::time::Duration;

use loom::thread;
use threadmgr::{HaltReason, HaltToken};

/// A checkpoint either runs before the halt or unwinds with the halt's reason; once `halt`
/// has returned, every later checkpoint of the job unwinds.
#[test]
fn halt_racing_a_check() {
    loom::model(|| {
        let token = HaltToken::new();
        let halter = {
            let token = token.clone();
            thread::spawn(move || token.halt_with(HaltReason::Deadline))
        };
        let result = token.scope(|| {
            threadmgr::checkpoint();
            threadmgr::checkpoint();
        });
        halter.join().unwrap();
        if let Err(halted) = result {
            assert_eq!(halted.reason(), &HaltReason::Deadline);
        }
        // The halt has happened-before this point: a check must see it.
        assert!(token.is_halted());
        let after = token.scope(threadmgr::checkpoint);
        assert_eq!(after.unwrap_err().reason(), &HaltReason::Deadline);
    });
}

/// Two halts with different reasons racing: exactly one reason wins and stays.
#[test]
fn two_halts_race_and_the_first_reason_stays() {
    loom::model(|| {
        let token = HaltToken::new();
        let other = {
            let token = token.clone();
            thread::spawn(move || token.halt_with(HaltReason::Deadline))
        };
        token.halt_with(HaltReason::Shutdown);
        other.join().unwrap();
        let reason = token.reason().expect("halted");
        assert!(reason == HaltReason::Deadline || reason == HaltReason::Shutdown);
        assert_eq!(token.check().unwrap_err().into_reason(), reason);
    });
}

/// A sleeping job is woken by a halt whichever comes first: the halt before the sleep starts
/// waiting (no lost wake-up), or during the wait.
#[test]
fn halt_racing_a_sleep() {
    loom::model(|| {
        let token = HaltToken::new();
        let halter = {
            let token = token.clone();
            thread::spawn(move || token.halt())
        };
        // Loom's wait_timeout does not time out: if the wake-up were lost, the model would
        // report a deadlock.
        let result = token.scope(|| threadmgr::sleep(Duration::from_secs(3600)));
        assert_eq!(result.unwrap_err().reason(), &HaltReason::Requested);
        halter.join().unwrap();
    });
}

/// `HaltToken::wait_timeout` racing a halt returns true.
#[test]
fn halt_racing_a_wait() {
    loom::model(|| {
        let token = HaltToken::new();
        let waiter = {
            let token = token.clone();
            thread::spawn(move || token.wait_timeout(Duration::from_secs(3600)))
        };
        token.halt();
        assert!(waiter.join().unwrap());
    });
}

/// A child created while its parent is being halted is halted too: it is either in the
/// parent's snapshot of children or born halted.
#[test]
fn a_child_made_while_the_parent_is_halted_is_halted() {
    loom::model(|| {
        let parent = HaltToken::new();
        let maker = {
            let parent = parent.clone();
            thread::spawn(move || parent.child())
        };
        parent.halt();
        let child = maker.join().unwrap();
        assert!(child.is_halted());
    });
}

/// A thread that installed the token before, during or after the halt sees it at its next
/// checkpoint once the halt has returned: the halt and the install race on the process-wide
/// count of installed halted tokens (the checks' fast path), and one of them always counts it.
#[test]
fn a_halt_reaches_a_thread_whatever_the_order_of_halt_and_install() {
    use loom::sync::Arc;
    use loom::sync::atomic::{AtomicBool, Ordering};

    loom::model(|| {
        let token = HaltToken::new();
        let halt_returned = Arc::new(AtomicBool::new(false));
        let worker = {
            let token = token.clone();
            let halt_returned = halt_returned.clone();
            thread::spawn(move || {
                token.scope(|| {
                    while !halt_returned.load(Ordering::Acquire) {
                        thread::yield_now();
                    }
                    threadmgr::checkpoint();
                    unreachable!("a checkpoint after the halt returned unwinds");
                })
            })
        };
        token.halt_with(HaltReason::Deadline);
        halt_returned.store(true, Ordering::Release);
        let result = worker.join().expect("the scope catches the halt");
        assert_eq!(result.unwrap_err().reason(), &HaltReason::Deadline);
    });
}
