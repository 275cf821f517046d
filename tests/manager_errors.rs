//! Every `threadmgr::Error`: its message, and the call that gives it.

#[path = "support/manager.rs"]
mod manager_support;

use std::io;
use std::time::Duration;

use manager_support::{Gate, sleep_until_halted};
use threadmgr::{Error, ShutdownReport, ThreadManager};

#[test]
fn every_error_message_says_what_happened_and_what_to_do() {
    let pool_error = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .and_then(|()| rayon::ThreadPoolBuilder::new().build_global())
        .unwrap_err();
    let job_ids: Vec<_> = {
        let manager = ThreadManager::new();
        (0..10)
            .map(|_| manager.append(|| ()).unwrap().id())
            .collect()
    };
    let listed = |ids: &[threadmgr::JobId]| {
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let cases = [
        (
            Error::NoThreadsFound,
            "no jobs are queued, so run() has nothing to start: append jobs first".to_owned(),
        ),
        (
            Error::ThreadLimitReached {
                limit: 4,
                running: 4,
            },
            "all 4 threads of the manager are busy (4 jobs running): append() the job to queue \
             it, or try again when a job has finished"
                .to_owned(),
        ),
        (
            Error::ThreadsAlreadyRunning,
            "the jobs of an earlier run() are still running or due to start: wait() for them, or \
             stop() or halt() them, before calling run() again"
                .to_owned(),
        ),
        (
            Error::ThreadManagerAlreadyRunning,
            "the manager is already watching its queue: call stop() before calling watch() again"
                .to_owned(),
        ),
        (
            Error::InvalidThreadLimit,
            format!(
                "a thread limit must be between 1 and {}: the manager starts one thread per \
                 unit of its limit when it is built; pass such a number to thread_limit()",
                ThreadManager::MAX_THREAD_LIMIT
            ),
        ),
        (
            Error::Stopped,
            "the manager was closed and takes no more jobs: create a new ThreadManager to run \
             more"
                .to_owned(),
        ),
        (
            Error::ThreadPool(pool_error),
            "could not start the manager's worker threads (The global thread pool has already \
             been initialized.): the system may be out of threads or memory; lower the thread \
             limit or free resources, then build again"
                .to_owned(),
        ),
        (
            Error::TimerThread(io::Error::other("out of threads")),
            "could not start the manager's deadline timer thread (out of threads): the system \
             may be out of threads or memory; free resources and append the job again, or \
             append it without a timeout or deadline"
                .to_owned(),
        ),
        (
            Error::HaltTimedOut {
                timeout: Duration::from_millis(100),
                still_running: job_ids[..2].to_vec(),
                report: ShutdownReport::default(),
            },
            format!(
                "2 halted job(s) did not stop within 100ms ({}): they have not reached a \
                 checkpoint since the halt; give their long-running code checkpoints \
                 (#[haltable], threadmgr::checkpoint, threadmgr::sleep), or wait for them with \
                 wait_timeout()",
                listed(&job_ids[..2])
            ),
        ),
        (
            Error::HaltTimedOut {
                timeout: Duration::from_secs(1),
                still_running: job_ids.clone(),
                report: ShutdownReport::default(),
            },
            format!(
                "10 halted job(s) did not stop within 1s ({} and 2 more): they have not reached \
                 a checkpoint since the halt; give their long-running code checkpoints \
                 (#[haltable], threadmgr::checkpoint, threadmgr::sleep), or wait for them with \
                 wait_timeout()",
                listed(&job_ids[..8])
            ),
        ),
    ];
    for (error, message) in cases {
        assert_eq!(error.to_string(), message, "{error:?}");
    }
}

#[test]
fn wrapped_errors_keep_their_source() {
    use std::error::Error as _;
    let error = Error::TimerThread(io::Error::other("out of threads"));
    assert_eq!(error.source().unwrap().to_string(), "out of threads");
}

#[test]
fn each_error_comes_from_the_call_it_describes() {
    assert!(matches!(
        ThreadManager::builder().thread_limit(0).build(),
        Err(Error::InvalidThreadLimit)
    ));
    assert!(matches!(
        ThreadManager::builder()
            .thread_limit(ThreadManager::MAX_THREAD_LIMIT + 1)
            .build(),
        Err(Error::InvalidThreadLimit)
    ));

    let manager = ThreadManager::builder().thread_limit(1).build().unwrap();
    assert!(matches!(manager.run(), Err(Error::NoThreadsFound)));

    let gate = Gate::new();
    let busy = manager.append(gate.job()).unwrap();
    manager.run().unwrap();
    manager.append(|| ()).unwrap();
    assert!(matches!(manager.run(), Err(Error::ThreadsAlreadyRunning)));
    assert!(matches!(
        manager.try_start(|| ()),
        Err(Error::ThreadLimitReached {
            limit: 1,
            running: 1
        })
    ));
    manager.watch().unwrap();
    assert!(matches!(
        manager.watch(),
        Err(Error::ThreadManagerAlreadyRunning)
    ));
    gate.open();
    busy.join().unwrap();

    let stuck = {
        let (started, has_started) = std::sync::mpsc::channel();
        let job = manager
            .append(move || {
                started.send(()).unwrap();
                // No checkpoint here: a halt cannot reach it for a while.
                std::thread::sleep(Duration::from_millis(200));
            })
            .unwrap();
        has_started.recv().unwrap();
        job
    };
    assert!(matches!(
        manager.halt_timeout(Duration::from_millis(10)),
        Err(Error::HaltTimedOut { .. })
    ));
    let _ = stuck.join();

    manager.close();
    assert!(matches!(manager.append(|| ()), Err(Error::Stopped)));
    assert!(matches!(
        manager.try_start(sleep_until_halted),
        Err(Error::Stopped)
    ));
}

/// `wait`, `wait_timeout` and `shutdown` called from one of the manager's own jobs would wait
/// for that job (for ever with `Duration::MAX`): each refuses at once with the same clear panic,
/// which ends the job `Panicked`.
#[test]
fn waiting_for_the_manager_from_its_own_job_is_refused_alike() {
    let manager = std::sync::Arc::new(ThreadManager::new());
    for call in ["wait", "wait_timeout", "shutdown"] {
        let inner = std::sync::Arc::clone(&manager);
        let job = manager
            .try_start(move || match call {
                "wait" => inner.wait(),
                "wait_timeout" => {
                    inner.wait_timeout(Duration::MAX);
                }
                _ => {
                    inner.shutdown(Duration::MAX);
                }
            })
            .unwrap();
        match job.join() {
            Err(threadmgr::JobError::Panicked(message)) => assert!(
                message.contains(&format!(
                    "ThreadManager::{call} called from one of its own jobs"
                )),
                "{call}: {message}"
            ),
            other => panic!("{call}: {other:?}"),
        }
    }
}
