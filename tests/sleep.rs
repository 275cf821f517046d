//! `threadmgr::sleep`: wakes and halts at once when its job is halted (the seed could not halt
//! a sleeping thread at all).

use std::time::{Duration, Instant};

use threadmgr::{HaltReason, HaltToken, JobError, haltable};

#[test]
fn a_sixty_second_sleep_halted_returns_within_a_second() {
    let job = threadmgr::spawn(|| threadmgr::sleep(Duration::from_secs(60)));
    std::thread::sleep(Duration::from_millis(50));
    let halted_at = Instant::now();
    job.halt();
    assert_eq!(job.join(), Err(JobError::Halted(HaltReason::Requested)));
    let took = halted_at.elapsed();
    assert!(
        took < Duration::from_secs(1),
        "halting a sleep took {took:?}"
    );
}

#[haltable]
fn nap_in_a_loop(naps: u64) -> u64 {
    let mut done = 0;
    for _ in 0..naps {
        threadmgr::sleep(Duration::from_secs(10));
        done += 1;
    }
    done
}

#[test]
fn a_haltable_fn_sleeping_in_a_loop_is_halted_mid_sleep() {
    let job = threadmgr::spawn(|| nap_in_a_loop(u64::MAX));
    std::thread::sleep(Duration::from_millis(50));
    let halted_at = Instant::now();
    job.halt_with(HaltReason::Custom("wake up".into()));
    assert_eq!(
        job.join(),
        Err(JobError::Halted(HaltReason::Custom("wake up".into())))
    );
    assert!(halted_at.elapsed() < Duration::from_secs(5));
}

#[test]
fn sleep_in_an_already_halted_scope_halts_at_once() {
    let token = HaltToken::new();
    token.halt();
    let start = Instant::now();
    assert!(
        token
            .scope(|| threadmgr::sleep(Duration::from_secs(60)))
            .is_err()
    );
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn sleep_outside_a_job_or_unhalted_sleeps_the_whole_time() {
    let start = Instant::now();
    threadmgr::sleep(Duration::from_millis(30));
    assert!(start.elapsed() >= Duration::from_millis(30));

    let token = HaltToken::new();
    let start = Instant::now();
    assert_eq!(
        token.scope(|| threadmgr::sleep(Duration::from_millis(30))),
        Ok(())
    );
    assert!(start.elapsed() >= Duration::from_millis(30));
}

#[test]
fn every_sleeper_of_one_token_wakes() {
    let token = HaltToken::new();
    let sleepers: Vec<_> = (0..4)
        .map(|_| {
            let token = token.clone();
            std::thread::spawn(move || token.scope(|| threadmgr::sleep(Duration::from_secs(60))))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(50));
    let halted_at = Instant::now();
    token.halt();
    for sleeper in sleepers {
        assert!(sleeper.join().unwrap().is_err());
    }
    assert!(halted_at.elapsed() < Duration::from_secs(5));
}
