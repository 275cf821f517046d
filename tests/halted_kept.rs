//! A halted token that no thread has installed any more does not keep the process's checks on
//! their cold path: before, a job's token kept after the job was halted and joined made every
//! check in the process call the cold path for as long as the token lived (`fib` 140x).
//!
//! One test in its own binary: the count it reads is process-wide, and no other test here
//! halts anything.

use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use threadmgr::__private::halted_installed;
use threadmgr::{HaltToken, Halted, JobError, haltable};

#[haltable]
fn spin(progress: &mpsc::Sender<()>) -> u64 {
    let mut x = 0u64;
    let mut sent = false;
    loop {
        x = x.wrapping_add(std::hint::black_box(1));
        if !sent {
            sent = progress.send(()).is_ok();
        }
    }
}

/// A thread that installs `token` (a scope) and blocks there, where nothing checks, as a
/// halted job in a foreign call does, until the returned sender sends; then it checks once.
/// Returns once the token is installed.
fn blocked_in_scope(token: &HaltToken) -> (mpsc::Sender<()>, JoinHandle<Result<(), Halted>>) {
    let (installed, is_installed) = mpsc::channel();
    let (done, finish) = mpsc::channel::<()>();
    let token = token.clone();
    let thread = std::thread::spawn(move || {
        token.scope(|| {
            installed.send(()).expect("the test waits for this");
            finish.recv().expect("the test ends the wait");
            threadmgr::checkpoint();
        })
    });
    is_installed
        .recv_timeout(Duration::from_secs(60))
        .expect("the thread installs the token");
    (done, thread)
}

#[test]
fn halted_tokens_count_only_while_installed() {
    assert_eq!(halted_installed(), 0, "nothing is halted yet");

    // A job halted while it runs: counted while its token is installed, not after it ended,
    // though the token lives on.
    let (progress, started) = mpsc::channel();
    let handle = threadmgr::spawn(move || spin(&progress));
    started
        .recv_timeout(Duration::from_secs(60))
        .expect("the job starts");
    let kept = handle.token().clone();
    handle.halt();
    assert!(matches!(handle.join(), Err(JobError::Halted(_))));
    assert!(kept.is_halted());
    assert_eq!(
        halted_installed(),
        0,
        "the halted job's token is installed nowhere"
    );

    // Installed while halted: counted for the scope, and no longer after it.
    let (done, thread) = blocked_in_scope(&kept);
    assert_eq!(
        halted_installed(),
        1,
        "a halted token installed on a thread"
    );
    done.send(()).expect("the thread waits");
    let seen = thread.join().expect("the scope returns");
    assert!(seen.is_err(), "the halt is seen");
    assert_eq!(halted_installed(), 0);

    // Halted while installed on a blocked thread, then uninstalled.
    let fresh = HaltToken::new();
    let (done, thread) = blocked_in_scope(&fresh);
    assert_eq!(halted_installed(), 0, "installed, not halted");
    fresh.halt();
    assert_eq!(halted_installed(), 1, "halted while installed");
    done.send(()).expect("the thread waits");
    let seen = thread.join().expect("the scope returns");
    assert!(seen.is_err(), "the halt is seen");
    assert_eq!(halted_installed(), 0, "the last install ended");
    drop((fresh, kept));
    assert_eq!(halted_installed(), 0);
}
