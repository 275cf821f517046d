//! The completion protocol, exercised natively (`tests/loom_job.rs` models it).

use super::*;
use crate::sync::Arc;

#[test]
fn finish_happens_once() {
    let completion = Completion::new(JobStatus::Queued);
    assert!(completion.start());
    assert!(!completion.start());
    assert!(completion.finish(Ok(1)));
    assert!(!completion.finish(Err(JobError::Cancelled)));
    assert_eq!(completion.status(), JobStatus::Completed);
    assert_eq!(completion.take(None, SPIN), Some(Ok(1)));
}

#[test]
fn cancelled_job_never_starts() {
    let completion = Completion::<()>::new(JobStatus::Queued);
    assert!(completion.finish(Err(JobError::Cancelled)));
    assert!(!completion.start());
    assert_eq!(completion.status(), JobStatus::Cancelled);
}

#[test]
fn take_times_out_without_an_outcome() {
    let completion = Completion::<()>::new(JobStatus::Running);
    assert_eq!(completion.take(Some(Instant::now()), SPIN), None);
}

#[test]
fn take_wakes_a_parked_waiter_and_polls_a_quick_one() {
    for delay in [
        Duration::ZERO,
        Duration::from_micros(2),
        Duration::from_millis(20),
    ] {
        let completion = Arc::new(Completion::new(JobStatus::Running));
        let theirs = Arc::clone(&completion);
        let finisher = std::thread::spawn(move || {
            std::thread::sleep(delay);
            assert!(theirs.finish(Ok(delay)));
        });
        assert_eq!(completion.take(None, SPIN), Some(Ok(delay)));
        assert!(!completion.waiting.load(Ordering::Relaxed));
        finisher.join().unwrap();
    }
}

#[test]
fn take_gives_up_at_its_deadline_even_while_polling() {
    let completion = Completion::<()>::new(JobStatus::Running);
    let start = Instant::now();
    assert_eq!(completion.take(Some(start + SPIN / 4), SPIN), None);
    assert_eq!(completion.take(Some(start + SPIN * 100), SPIN), None);
    assert!(start.elapsed() >= SPIN * 100);
    assert!(!completion.waiting.load(Ordering::Relaxed));
    assert!(completion.finish(Ok(())));
    assert_eq!(completion.take(Some(Instant::now()), SPIN), Some(Ok(())));
}
