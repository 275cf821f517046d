//! Jobs awaited from async code (`JobHandle` as a `Future`, `halt_on_drop`), jobs in groups
//! (`JobGroup`), and the halt-aware waits (`recv`, `wait_while`).

#[path = "support/manager.rs"]
mod manager_support;

use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use manager_support::{Flag, PATIENCE, eventually, quiet_deliberate_panics};
use threadmgr::{HaltReason, JobError, JobGroup, ThreadManager, haltable};

/// Spins until halted, checking at every iteration (a `loop` in a `#[haltable]` fn).
#[haltable]
fn spin(started: Flag) -> u64 {
    started.set();
    let mut x = 1u64;
    loop {
        x = std::hint::black_box(x.wrapping_mul(6_364_136_223_846_793_005));
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap()
}

mod awaiting {
    use super::*;

    #[test]
    fn a_timeout_around_halt_on_drop_halts_a_spinning_job() {
        let started = Flag::new();
        let job = {
            let started = started.clone();
            threadmgr::spawn(move || spin(started))
        };
        let token = job.token().clone();
        eventually("the job spins", || started.is_set());
        let timed_out = runtime().block_on(async {
            tokio::time::timeout(Duration::from_millis(50), job.halt_on_drop()).await
        });
        assert!(timed_out.is_err(), "the spinning job never ends on its own");
        assert_eq!(token.reason(), Some(HaltReason::Requested));
    }

    #[test]
    fn select_between_two_jobs_halts_the_loser() {
        let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
        let quick = manager.try_start(|| 7).unwrap().halt_on_drop();
        let slow = manager
            .try_start(|| spin(Flag::new()))
            .unwrap()
            .halt_on_drop();
        let slow_token = slow.token().clone();
        let winner = runtime().block_on(async {
            tokio::select! {
                quick = quick => quick,
                slow = slow => slow,
            }
        });
        assert_eq!(winner, Ok(7));
        assert_eq!(slow_token.reason(), Some(HaltReason::Requested));
        eventually("the loser unwinds", || manager.running().is_empty());
    }

    #[test]
    fn a_job_awaited_from_block_on() {
        let job = threadmgr::spawn(|| {
            threadmgr::sleep(Duration::from_millis(10));
            "done"
        });
        assert_eq!(futures::executor::block_on(job), Ok("done"));
    }

    #[test]
    fn a_manager_job_awaited_from_many_tasks() {
        let manager = Arc::new(ThreadManager::builder().thread_limit(2).build().unwrap());
        manager.watch().unwrap();
        let results = runtime().block_on(async {
            let tasks: Vec<_> = (0..100u64)
                .map(|i| {
                    let job = manager.append(move || i * 2).unwrap();
                    tokio::spawn(job)
                })
                .collect();
            let mut results = Vec::new();
            for task in tasks {
                results.push(task.await.unwrap().unwrap());
            }
            results
        });
        assert_eq!(results, (0..100u64).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_plain_handle_dropped_unawaited_leaves_the_job_running() {
        let started = Flag::new();
        let job = {
            let started = started.clone();
            threadmgr::spawn(move || spin(started))
        };
        let token = job.token().clone();
        let timed_out = runtime()
            .block_on(async { tokio::time::timeout(Duration::from_millis(20), job).await });
        assert!(timed_out.is_err());
        assert!(
            !token.is_halted(),
            "dropping a JobHandle detaches, as before"
        );
        token.halt();
    }

    #[test]
    fn a_resolved_halt_on_drop_does_not_halt_when_dropped() {
        let job = threadmgr::spawn(|| 1).halt_on_drop();
        let token = job.token().clone();
        assert_eq!(futures::executor::block_on(job), Ok(1));
        assert!(!token.is_halted());
    }

    #[test]
    #[should_panic(expected = "joined after it was awaited")]
    fn joining_a_handle_awaited_to_the_end_panics_instead_of_hanging() {
        let mut job = threadmgr::spawn(|| 1);
        assert_eq!(futures::executor::block_on(&mut job), Ok(1));
        let _ = job.join();
    }
}

mod groups {
    use super::*;

    #[test]
    fn fail_fast_halts_spinning_sleeping_receiving_and_waiting_siblings() {
        quiet_deliberate_panics();
        let manager = ThreadManager::builder().thread_limit(4).build().unwrap();
        manager.watch().unwrap();
        let (_sender, receiver) = mpsc::channel::<u32>();
        let pair = Arc::new((Mutex::new(false), Condvar::new()));
        let started: Vec<Flag> = (0..4).map(|_| Flag::new()).collect();
        let mut group = JobGroup::<u32>::new();
        let spinner = {
            let started = started[0].clone();
            group.append(&manager, move || spin(started) as u32)
        }
        .unwrap();
        let sleeper = {
            let started = started[1].clone();
            group.spawn(move || {
                started.set();
                threadmgr::sleep(Duration::from_secs(3600));
                0
            })
        };
        let receiving = {
            let started = started[2].clone();
            group.append(&manager, move || {
                started.set();
                threadmgr::recv(&receiver).unwrap()
            })
        }
        .unwrap();
        let waiting = {
            let (started, pair) = (started[3].clone(), Arc::clone(&pair));
            group.spawn(move || {
                started.set();
                let (ready, changed) = &*pair;
                let guard = threadmgr::wait_while(changed, ready.lock().unwrap(), |r| !*r);
                u32::from(*guard)
            })
        };
        eventually("every sibling waits or spins", || {
            started.iter().all(Flag::is_set)
        });
        let failing = group.spawn(|| panic!("deliberate: the group fails"));
        let start = Instant::now();
        let outcomes = group.join_all();
        let elapsed = start.elapsed();
        assert_eq!(outcomes.len(), 5);
        for (i, outcome) in outcomes[..4].iter().enumerate() {
            match outcome {
                Err(JobError::Halted(HaltReason::Custom(why))) => {
                    assert!(
                        why.contains(&failing.to_string())
                            && why.contains("deliberate: the group fails"),
                        "{why}"
                    );
                }
                other => panic!("sibling {i} ended {other:?}"),
            }
        }
        assert_eq!(
            outcomes[4],
            Err(JobError::Panicked("deliberate: the group fails".into()))
        );
        // A second (the bound) on an idle machine; generous here, the benchmark
        // measures it.
        assert!(elapsed < PATIENCE, "took {elapsed:?}");
        assert!(!pair.0.is_poisoned(), "a halted wait_while unlocks first");
        let ids = [spinner, sleeper, receiving, waiting, failing];
        let distinct: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(distinct.len(), 5);
    }

    #[test]
    fn join_all_keeps_the_order_the_jobs_were_added_in() {
        let manager = ThreadManager::builder().thread_limit(3).build().unwrap();
        manager.watch().unwrap();
        let mut group = JobGroup::new();
        for i in 0..30u64 {
            // Later jobs end first.
            let pause = Duration::from_micros(3_000 - i * 100);
            if i % 2 == 0 {
                group.spawn(move || {
                    threadmgr::sleep(pause);
                    i
                });
            } else {
                group
                    .append(&manager, move || {
                        threadmgr::sleep(pause);
                        i
                    })
                    .unwrap();
            }
        }
        let outcomes: Vec<u64> = group.join_all().into_iter().map(Result::unwrap).collect();
        assert_eq!(outcomes, (0..30).collect::<Vec<_>>());
    }

    #[test]
    fn a_group_is_a_future_of_its_outcomes_in_order() {
        let mut group = JobGroup::new();
        for i in 0..10u32 {
            group.spawn(move || {
                threadmgr::sleep(Duration::from_millis(u64::from(10 - i)));
                i
            });
        }
        let outcomes = runtime().block_on(group);
        assert_eq!(outcomes, (0..10).map(Ok).collect::<Vec<_>>());
    }

    #[test]
    fn ten_thousand_jobs_on_a_manager() {
        let manager = ThreadManager::builder().thread_limit(4).build().unwrap();
        let mut group = JobGroup::new();
        for i in 0..10_000u64 {
            group.append(&manager, move || i % 7).unwrap();
        }
        manager.run().unwrap();
        let outcomes = group.join_all();
        assert_eq!(outcomes.len(), 10_000);
        assert!(
            outcomes
                .iter()
                .enumerate()
                .all(|(i, outcome)| *outcome == Ok(i as u64 % 7))
        );
    }

    #[test]
    fn halting_the_group_halts_every_job_and_later_ones_are_born_halted() {
        let mut group = JobGroup::new();
        group.spawn(|| spin(Flag::new()));
        group.spawn(|| spin(Flag::new()));
        group.halt();
        let ran = Flag::new();
        {
            let ran = ran.clone();
            group.spawn(move || {
                threadmgr::checkpoint();
                ran.set();
                0
            });
        }
        let outcomes = group.join_all();
        assert!(
            outcomes
                .iter()
                .all(|outcome| *outcome == Err(JobError::Halted(HaltReason::Requested))),
            "{outcomes:?}"
        );
        assert!(!ran.is_set());
    }

    #[test]
    fn a_jobs_own_halt_halts_that_job_only() {
        let mut group = JobGroup::new();
        group.spawn(|| {
            threadmgr::current_token().unwrap().halt();
            threadmgr::checkpoint();
            0
        });
        group.spawn(|| {
            threadmgr::sleep(Duration::from_millis(20));
            1
        });
        assert_eq!(
            group.join_all(),
            vec![Err(JobError::Halted(HaltReason::Requested)), Ok(1)]
        );
    }

    #[test]
    fn a_deadline_of_one_job_halts_that_job_only() {
        let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
        manager.watch().unwrap();
        let mut group = JobGroup::new();
        group
            .append(&manager, || {
                threadmgr::sleep(Duration::from_millis(20));
                1
            })
            .unwrap();
        let timed = manager
            .append_with(
                threadmgr::JobOptions::new().timeout(Duration::from_millis(10)),
                || threadmgr::sleep(Duration::from_secs(3600)),
            )
            .unwrap();
        assert_eq!(timed.join(), Err(JobError::Halted(HaltReason::Deadline)));
        assert_eq!(group.join_all(), vec![Ok(1)]);
    }

    #[test]
    fn a_closed_manager_refuses_and_the_job_is_not_added() {
        let manager = ThreadManager::new();
        manager.close();
        let mut group = JobGroup::<()>::new();
        assert!(matches!(
            group.append(&manager, || ()),
            Err(threadmgr::Error::Stopped)
        ));
        assert!(group.is_empty());
    }
}

mod waits {
    use super::*;

    #[test]
    fn outside_a_job_recv_and_wait_while_are_the_std_calls() {
        let (sender, receiver) = mpsc::channel();
        sender.send(5).unwrap();
        assert_eq!(threadmgr::recv(&receiver), Ok(5));
        drop(sender);
        assert_eq!(threadmgr::recv(&receiver), Err(mpsc::RecvError));

        let pair = Arc::new((Mutex::new(0u32), Condvar::new()));
        let setter = {
            let pair = Arc::clone(&pair);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(5));
                *pair.0.lock().unwrap() = 3;
                pair.1.notify_all();
            })
        };
        let guard = threadmgr::wait_while(&pair.1, pair.0.lock().unwrap(), |n| *n < 3);
        assert_eq!(*guard, 3);
        drop(guard);
        setter.join().unwrap();
    }

    #[test]
    fn inside_a_job_they_return_values_as_the_std_calls_do() {
        let (sender, receiver) = mpsc::channel();
        let job = threadmgr::spawn(move || {
            let first = threadmgr::recv(&receiver).unwrap();
            let second = threadmgr::recv(&receiver);
            (first, second)
        });
        sender.send(9).unwrap();
        drop(sender);
        assert_eq!(job.join(), Ok((9, Err(mpsc::RecvError))));
    }

    #[test]
    fn a_halt_ends_recv_and_wait_while_in_manager_jobs() {
        let manager = ThreadManager::builder().thread_limit(2).build().unwrap();
        let (_sender, receiver) = mpsc::channel::<()>();
        let pair = Arc::new((Mutex::new(()), Condvar::new()));
        let receiving = manager
            .try_start(move || threadmgr::recv(&receiver))
            .unwrap();
        let waiting = {
            let pair = Arc::clone(&pair);
            manager
                .try_start(move || {
                    let guard = threadmgr::wait_while(&pair.1, pair.0.lock().unwrap(), |_| true);
                    drop(guard);
                })
                .unwrap()
        };
        eventually("both wait", || manager.running().len() == 2);
        let report = manager.halt_timeout(PATIENCE).unwrap();
        assert_eq!(report.halted.len(), 2);
        assert_eq!(
            receiving.join(),
            Err(JobError::Halted(HaltReason::Shutdown))
        );
        assert_eq!(waiting.join(), Err(JobError::Halted(HaltReason::Shutdown)));
        assert!(!pair.0.is_poisoned());
    }
}
