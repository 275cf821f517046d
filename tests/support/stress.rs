//! The stress engine shared by `examples/stress.rs` (minutes, with a progress line) and
//! `tests/stress.rs` (a few seconds). Both include this file with `#[path]`.
//!
//! One manager at a time takes a random mix from several submitter threads: jobs that finish,
//! panic, spin in `#[haltable]` loops (some until halted, always with a deadline), sleep with
//! [`threadmgr::sleep`] or sum with `par_iter`; per-job halts, timeouts and deadlines,
//! detached (dropped) handles, `run`, `watch`, `stop`, `halt`, `wait_timeout`, `clean`. A round
//! ends with a settle (`halt`, `stop` + `wait`, `shutdown(grace)`, or dropping the manager while
//! it is busy, which starts a new one), and then checks:
//!
//! - every handle resolves, with an outcome its job could have had, and no job ran twice (each
//!   job counts its starts: a cancelled job never started, a completed or panicked one once);
//! - `stats()` adds up to the number of jobs appended, and agrees with the handles' outcomes
//!   (the jobs of detached handles make up the difference);
//! - the thread limit was never exceeded (jobs keep a high-water mark);
//! - no thread is left behind (`/proc/self/task`), and memory (`VmRSS`) does not grow round
//!   over round.
//!
//! A watchdog thread ends the process with a dump of the manager's state when a round does not
//! finish in time. Every run prints its seed; `Config::seed` replays the same random choices
//! (the interleavings differ from run to run, of course).

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak, mpsc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use threadmgr::{HaltReason, JobError, JobHandle, JobOptions, ThreadManager, haltable};

/// How long the engine waits for something that takes milliseconds: far more than a loaded
/// machine needs, so that only a real hang trips it.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// What to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Jobs submitted per round, over all submitters.
    pub jobs: usize,
    /// Rounds start until this much time has passed (at least one round runs).
    pub duration: Duration,
    /// Threads that submit jobs and call the manager concurrently.
    pub submitters: usize,
    /// Seed of the random choices.
    pub seed: u64,
    /// The watchdog ends the process when a round takes longer than this.
    pub round_bound: Duration,
}

impl Config {
    /// `jobs` per round for `duration`, three submitters, a seed from the clock.
    pub fn new(jobs: usize, duration: Duration) -> Self {
        Config {
            jobs,
            duration,
            submitters: 3,
            seed: seed_from_clock(),
            round_bound: Duration::from_secs(300),
        }
    }
}

/// A seed from the clock, never zero (xorshift's one fixed point).
pub fn seed_from_clock() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    splitmix(nanos) | 1
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A tiny xorshift64 generator: enough randomness to pick actions, and replayable from a seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(splitmix(seed) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform-ish in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// Figures of a whole run.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub rounds: usize,
    /// Jobs the managers accepted (`append` or `try_start` returned a handle).
    pub appended: usize,
    /// `try_start` calls refused with `ThreadLimitReached`.
    pub refused: usize,
    pub completed: usize,
    pub halted: usize,
    pub panicked: usize,
    pub cancelled: usize,
    /// Handles dropped (jobs detached); their outcomes are counted by the manager only.
    pub detached: usize,
    /// `JobHandle::halt` calls.
    pub handle_halts: usize,
    /// `ThreadManager::halt` calls, by submitters and by settles.
    pub manager_halts: usize,
    /// Managers dropped while busy.
    pub manager_drops: usize,
    /// Largest number of jobs seen running at once, and the limit it was measured against.
    pub most_running: usize,
    /// The process's peak resident memory (`VmHWM`), in KiB.
    pub peak_rss_kib: u64,
    /// Resident memory after the last round, in KiB.
    pub last_rss_kib: u64,
    /// Most threads seen after a round.
    pub most_threads: usize,
}

/// What one round did, for the progress line.
#[derive(Clone, Debug, Default)]
pub struct Round {
    pub index: usize,
    pub limit: usize,
    pub appended: usize,
    pub outcomes: Outcomes,
    pub detached: usize,
    pub most_running: usize,
    pub settle: &'static str,
    pub threads: usize,
    pub rss_kib: u64,
    pub took: Duration,
}

/// How the joined handles ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcomes {
    pub completed: usize,
    pub halted: usize,
    pub panicked: usize,
    pub cancelled: usize,
}

impl Outcomes {
    fn add(&mut self, other: Outcomes) {
        self.completed += other.completed;
        self.halted += other.halted;
        self.panicked += other.panicked;
        self.cancelled += other.cancelled;
    }

    fn sum(&self) -> usize {
        self.completed + self.halted + self.panicked + self.cancelled
    }
}

/// Runs the stress test; calls `progress` after each round. Panics (with the seed in the
/// message) when a check fails; the watchdog ends the process when a round hangs.
pub fn run(config: &Config, mut progress: impl FnMut(&Round, &Totals)) -> Totals {
    quiet_deliberate_panics();
    assert!(config.jobs > 0 && config.submitters > 0, "nothing to do");
    let seed = config.seed;
    let watchdog = Watchdog::start(config.round_bound, seed);
    let threads_at_start = thread_count();
    let mut rng = Rng::new(seed);
    let mut totals = Totals::default();
    let mut current = Managed::new(&mut rng);
    let mut rss_baseline = None;
    let start = Instant::now();
    while totals.rounds == 0 || start.elapsed() < config.duration {
        let index = totals.rounds + 1;
        let round_start = Instant::now();
        watchdog.begin(index, Arc::downgrade(&current.manager));
        let mut round = run_round(
            config,
            index,
            &mut rng,
            &mut current,
            &mut totals,
            &watchdog,
        );
        watchdog.phase("checking threads and memory");

        // No thread left behind: the pool of a dropped manager exits on its own, soon.
        let bound = threads_at_start + current.manager.thread_limit() + 1 + 2;
        let deadline = Instant::now() + PATIENCE;
        loop {
            round.threads = thread_count();
            if round.threads <= bound {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "seed {seed}, round {index}: {} threads after the round, more than the {bound} \
                 expected ({threads_at_start} at the start, the pool and the timer)",
                round.threads,
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        totals.most_threads = totals.most_threads.max(round.threads);

        // Memory does not grow round over round: after a few rounds of warm-up (allocator
        // arenas, the slot table, rayon's deques), resident memory stays near where it was.
        round.rss_kib = status_kib("VmRSS:");
        totals.last_rss_kib = round.rss_kib;
        totals.peak_rss_kib = status_kib("VmHWM:");
        const WARM_UP: usize = 3;
        if index == WARM_UP {
            rss_baseline = Some(round.rss_kib);
        } else if let Some(baseline) = rss_baseline {
            let slack = (baseline / 2).max(64 * 1024);
            assert!(
                round.rss_kib <= baseline + slack,
                "seed {seed}, round {index}: resident memory grew from {baseline} KiB after \
                 round {WARM_UP} to {} KiB",
                round.rss_kib
            );
        }
        round.took = round_start.elapsed();
        totals.rounds = index;
        watchdog.end();
        progress(&round, &totals);
    }

    watchdog.phase("dropping the last manager");
    watchdog.begin(totals.rounds + 1, Arc::downgrade(&current.manager));
    drop(current);
    let deadline = Instant::now() + PATIENCE;
    while thread_count() > threads_at_start {
        assert!(
            Instant::now() < deadline,
            "seed {seed}: {} threads after the last manager was dropped, {threads_at_start} \
             before the first",
            thread_count()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    watchdog.end();
    watchdog.stop();
    totals
}

/// The current manager and what is known of its jobs since it was created.
struct Managed {
    manager: Arc<ThreadManager>,
    /// Jobs it accepted.
    appended: Arc<AtomicUsize>,
    /// Outcomes of its joined handles.
    joined: Outcomes,
    /// Its jobs whose handles were dropped.
    detached: usize,
}

impl Managed {
    fn new(rng: &mut Rng) -> Self {
        let limit = 1 + rng.below(4) as usize;
        let manager = ThreadManager::builder()
            .thread_limit(limit)
            .name("stress")
            .build()
            .expect("a manager builds");
        Managed {
            manager: Arc::new(manager),
            appended: Arc::new(AtomicUsize::new(0)),
            joined: Outcomes::default(),
            detached: 0,
        }
    }
}

/// What the jobs of a round share with the engine.
struct Probe {
    /// How many times each job started: 0 or 1, never more.
    starts: Vec<AtomicU8>,
    running: AtomicUsize,
    most_running: AtomicUsize,
}

impl Probe {
    fn track<T>(&self, f: impl FnOnce() -> T) -> T {
        struct Leave<'a>(&'a AtomicUsize);
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_running.fetch_max(now, Ordering::SeqCst);
        let _leave = Leave(&self.running);
        f()
    }
}

/// What a job does.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// Returns `3 * x` at once.
    Finish(u64),
    /// Panics at once.
    Panic,
    /// Spins `n` iterations of a `#[haltable]` loop.
    Spin(u64),
    /// Spins until halted (always given a timeout).
    SpinUntilHalted,
    /// `threadmgr::sleep` for `ms` milliseconds, then returns `ms`.
    Sleep(u64),
    /// Sums `i * i` for `i < n` with `par_iter`.
    ParSum(u64),
}

impl Kind {
    fn pick(rng: &mut Rng) -> Kind {
        match rng.below(100) {
            0..=29 => Kind::Finish(rng.next_u64() >> 8),
            30..=39 => Kind::Panic,
            40..=64 => Kind::Spin(rng.below(200_000)),
            65..=67 => Kind::SpinUntilHalted,
            68..=87 => Kind::Sleep(rng.below(3)),
            _ => Kind::ParSum(rng.below(50_000)),
        }
    }

    fn body(self) -> u64 {
        match self {
            Kind::Finish(x) => x.wrapping_mul(3),
            Kind::Panic => panic!("deliberate panic of a stress job"),
            Kind::Spin(n) => spin(n),
            Kind::SpinUntilHalted => spin(u64::MAX),
            Kind::Sleep(ms) => {
                threadmgr::sleep(Duration::from_millis(ms));
                ms
            }
            Kind::ParSum(n) => par_sum(n),
        }
    }

    /// The value a completed job must return, where it is cheap to know.
    fn expected(self) -> Option<u64> {
        match self {
            Kind::Finish(x) => Some(x.wrapping_mul(3)),
            Kind::Sleep(ms) => Some(ms),
            Kind::ParSum(n) => {
                let n = u128::from(n);
                Some((n.saturating_sub(1) * n * (2 * n).saturating_sub(1) / 6) as u64)
            }
            _ => None,
        }
    }
}

#[haltable]
fn spin(n: u64) -> u64 {
    let mut acc: u64 = 0;
    for i in 0..n {
        acc = acc.wrapping_mul(31).wrapping_add(std::hint::black_box(i));
    }
    acc
}

#[haltable]
fn par_sum(n: u64) -> u64 {
    (0..n).into_par_iter().map(|i| i * i).sum()
}

/// What the engine knows of a job it submitted.
#[derive(Clone, Copy, Debug)]
struct Meta {
    id: threadmgr::JobId,
    /// Its slot in `Probe::starts`.
    index: usize,
    kind: Kind,
    has_deadline: bool,
    halted_by_us: bool,
}

/// A job the engine still holds the handle of.
struct Tracked {
    meta: Meta,
    handle: JobHandle<u64>,
}

impl Tracked {
    /// Waits (boundedly) for the job's outcome and checks it.
    fn resolve(self, seed: u64, probe: &Probe) -> Outcomes {
        match self.handle.join_timeout(PATIENCE) {
            Ok(outcome) => check_outcome(seed, &self.meta, outcome, probe),
            Err(handle) => panic!(
                "seed {seed}: {:?} did not resolve within {PATIENCE:?}: a lost job ({handle:?})",
                self.meta
            ),
        }
    }
}

/// Checks one resolved handle's outcome against what its job could have done; returns the
/// outcome's category.
fn check_outcome(seed: u64, job: &Meta, outcome: Result<u64, JobError>, probe: &Probe) -> Outcomes {
    let starts = probe.starts[job.index].load(Ordering::SeqCst);
    let what = format!(
        "seed {seed}: {} ({:?}, deadline {}, halted by us {}) started {starts} times and gave \
         {outcome:?}",
        job.id, job.kind, job.has_deadline, job.halted_by_us
    );
    let mut outcomes = Outcomes::default();
    match &outcome {
        Ok(value) => {
            assert_eq!(starts, 1, "{what}");
            assert!(!matches!(job.kind, Kind::Panic), "{what}");
            if let Some(expected) = job.kind.expected() {
                assert_eq!(*value, expected, "{what}");
            }
            outcomes.completed = 1;
        }
        Err(JobError::Panicked(message)) => {
            assert_eq!(starts, 1, "{what}");
            assert!(matches!(job.kind, Kind::Panic), "{what}");
            assert_eq!(message, "deliberate panic of a stress job", "{what}");
            outcomes.panicked = 1;
        }
        Err(JobError::Halted(reason)) => {
            assert!(starts <= 1, "{what}");
            match reason {
                HaltReason::Requested => assert!(job.halted_by_us, "{what}"),
                HaltReason::Deadline => assert!(job.has_deadline, "{what}"),
                HaltReason::Shutdown => {}
                other => panic!("{what}: unexpected reason {other:?}"),
            }
            outcomes.halted = 1;
        }
        Err(JobError::Cancelled) => {
            assert_eq!(starts, 0, "{what}");
            outcomes.cancelled = 1;
        }
    }
    outcomes
}

/// What a submitter hands back at the end of a round.
#[derive(Default)]
struct Submitted {
    outstanding: Vec<Tracked>,
    joined: Outcomes,
    detached: usize,
    refused: usize,
    handle_halts: usize,
    manager_halts: usize,
}

/// One submitter's share of a round.
fn submit(
    seed: u64,
    mut rng: Rng,
    manager: &ThreadManager,
    appended: &AtomicUsize,
    probe: &Arc<Probe>,
    indices: std::ops::Range<usize>,
) -> Submitted {
    let mut out = Submitted::default();
    let limit = manager.thread_limit();
    let mut next = indices.start;
    while next < indices.end {
        let action = rng.below(1000);
        let mine = &mut out.outstanding;
        if action < 40 {
            // The manager's controls, as any user thread might call them.
            match rng.below(100) {
                0..=34 => drop(manager.run()),
                35..=64 => drop(manager.watch()),
                65..=69 => drop(manager.stop()),
                70..=74 => {
                    drop(manager.halt());
                    out.manager_halts += 1;
                }
                75..=84 => drop(manager.wait_timeout(Duration::from_micros(rng.below(1000)))),
                85..=94 => {
                    let stats = manager.stats();
                    assert!(stats.running <= limit, "seed {seed}: {stats:?}");
                    assert!(manager.running().len() <= limit, "seed {seed}");
                }
                _ => drop(manager.clean()),
            }
        } else if action < 110 && !mine.is_empty() {
            let i = rng.below(mine.len() as u64) as usize;
            mine[i].handle.halt();
            mine[i].meta.halted_by_us = true;
            out.handle_halts += 1;
        } else if action < 140 && !mine.is_empty() {
            let i = rng.below(mine.len() as u64) as usize;
            drop(mine.swap_remove(i)); // detached: the job goes on
            out.detached += 1;
        } else if action < 200 && !mine.is_empty() {
            let i = rng.below(mine.len() as u64) as usize;
            let job = mine.swap_remove(i);
            match job
                .handle
                .join_timeout(Duration::from_micros(rng.below(2000)))
            {
                Ok(outcome) => out
                    .joined
                    .add(check_outcome(seed, &job.meta, outcome, probe)),
                Err(handle) => mine.push(Tracked {
                    meta: job.meta,
                    handle,
                }),
            }
        } else {
            let index = next;
            next += 1;
            // Pace: let a long queue drain a little, so that most jobs run rather than being
            // cancelled by the settle.
            if index.is_multiple_of(4) && manager.stats().queued > 8 * limit {
                if rng.chance(500) {
                    drop(manager.watch());
                }
                for _ in 0..20 {
                    std::thread::sleep(Duration::from_micros(250));
                    if manager.stats().queued <= 2 * limit {
                        break;
                    }
                }
            }
            let kind = Kind::pick(&mut rng);
            let options = match kind {
                Kind::SpinUntilHalted => Some(timed(&mut rng)),
                _ if rng.chance(100) => Some(timed(&mut rng)),
                _ => None,
            };
            let has_deadline = options.is_some();
            let job = {
                let probe = Arc::clone(probe);
                move || {
                    probe.starts[index].fetch_add(1, Ordering::SeqCst);
                    probe.track(|| kind.body())
                }
            };
            let now = rng.chance(150);
            let result = match (now, options) {
                (false, None) => manager.append(job),
                (false, Some(options)) => manager.append_with(options, job),
                (true, None) => manager.try_start(job),
                (true, Some(options)) => manager.try_start_with(options, job),
            };
            match result {
                Ok(handle) => {
                    appended.fetch_add(1, Ordering::SeqCst);
                    let meta = Meta {
                        id: handle.id(),
                        index,
                        kind,
                        has_deadline,
                        halted_by_us: false,
                    };
                    out.outstanding.push(Tracked { meta, handle });
                }
                Err(threadmgr::Error::ThreadLimitReached { limit: l, running }) => {
                    assert_eq!(l, limit, "seed {seed}");
                    assert!(running <= limit, "seed {seed}");
                    out.refused += 1;
                }
                Err(other) => panic!("seed {seed}: unexpected error {other}"),
            }
        }
    }
    out
}

/// Job options with a timeout or a deadline of at most 20 ms.
fn timed(rng: &mut Rng) -> JobOptions {
    let after = Duration::from_micros(rng.below(20_000));
    if rng.chance(500) {
        JobOptions::new().timeout(after)
    } else {
        JobOptions::new().deadline(Instant::now() + after)
    }
}

/// One round: submit from several threads, settle, resolve every handle, check the manager.
fn run_round(
    config: &Config,
    index: usize,
    rng: &mut Rng,
    current: &mut Managed,
    totals: &mut Totals,
    watchdog: &Watchdog,
) -> Round {
    let seed = config.seed;
    let manager = Arc::clone(&current.manager);
    let limit = manager.thread_limit();
    let probe = Arc::new(Probe {
        starts: (0..config.jobs).map(|_| AtomicU8::new(0)).collect(),
        running: AtomicUsize::new(0),
        most_running: AtomicUsize::new(0),
    });
    let appended_before = current.appended.load(Ordering::SeqCst);

    watchdog.phase("submitting");
    let per = config.jobs.div_ceil(config.submitters);
    let seeds: Vec<u64> = (0..config.submitters).map(|_| rng.next_u64()).collect();
    let submitted: Vec<Submitted> = std::thread::scope(|s| {
        let workers: Vec<_> = seeds
            .iter()
            .enumerate()
            .map(|(t, &sub_seed)| {
                let indices = (t * per).min(config.jobs)..((t + 1) * per).min(config.jobs);
                let (manager, appended, probe) = (&*manager, &*current.appended, &probe);
                s.spawn(move || submit(seed, Rng::new(sub_seed), manager, appended, probe, indices))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });

    let mut round = Round {
        index,
        limit,
        ..Round::default()
    };
    let mut outstanding = Vec::new();
    for part in submitted {
        outstanding.extend(part.outstanding);
        round.outcomes.add(part.joined);
        round.detached += part.detached;
        totals.refused += part.refused;
        totals.handle_halts += part.handle_halts;
        totals.manager_halts += part.manager_halts;
    }

    // Settle: end the round in one of the ways a user could, with jobs still busy.
    watchdog.phase("settling");
    // Let the queue drain for a moment first in most rounds, so that the settle finds jobs of
    // every kind running, queued and finished.
    if rng.chance(700) {
        drop(manager.watch());
        std::thread::sleep(Duration::from_micros(rng.below(20_000)));
    } else if rng.chance(500) {
        drop(manager.run());
    }
    let dropped = match rng.below(8) {
        0..=1 => {
            round.settle = "halt";
            drop(manager.halt());
            totals.manager_halts += 1;
            false
        }
        2..=3 => {
            round.settle = "stop+wait";
            drop(manager.stop());
            assert!(
                manager.wait_timeout(PATIENCE),
                "seed {seed}, round {index}: wait did not return after stop: {manager:?}"
            );
            false
        }
        4..=5 => {
            round.settle = "shutdown";
            drop(manager.shutdown(Duration::from_millis(rng.below(20))));
            totals.manager_halts += 1;
            false
        }
        _ => {
            round.settle = "drop";
            drop(manager.watch());
            drop(manager);
            let fresh = Managed::new(rng).manager;
            let last = Arc::try_unwrap(std::mem::replace(&mut current.manager, fresh))
                .unwrap_or_else(|_| panic!("seed {seed}: the engine holds the only manager"));
            drop(last); // halts, cancels and waits, with jobs busy
            totals.manager_drops += 1;
            true
        }
    };

    // Every handle resolves, once, with an outcome its job could have had.
    watchdog.phase("resolving handles");
    for job in outstanding {
        round.outcomes.add(job.resolve(seed, &probe));
    }
    round.appended = current.appended.load(Ordering::SeqCst) - appended_before;
    current.joined.add(round.outcomes);
    current.detached += round.detached;
    assert_eq!(
        current.joined.sum() + current.detached,
        current.appended.load(Ordering::SeqCst),
        "seed {seed}, round {index}: the engine lost track of a handle"
    );

    watchdog.phase("checking the manager");
    if !dropped {
        let manager = &current.manager;
        assert!(
            manager.wait_timeout(PATIENCE),
            "seed {seed}, round {index}: jobs still run after the settle: {manager:?}"
        );
        let stats = manager.stats();
        let context = format!("seed {seed}, round {index}, {}: {stats:?}", round.settle);
        assert_eq!((stats.queued, stats.running), (0, 0), "{context}");
        assert!(manager.running().is_empty(), "{context}");
        let ended = Outcomes {
            completed: stats.completed,
            halted: stats.halted,
            panicked: stats.panicked,
            cancelled: stats.cancelled,
        };
        // Each job counted once: the counters add up to what was appended...
        assert_eq!(
            ended.sum(),
            current.appended.load(Ordering::SeqCst),
            "{context}"
        );
        // ...and agree with the handles; detached jobs make up the difference.
        let joined = current.joined;
        assert!(
            ended.completed >= joined.completed
                && ended.halted >= joined.halted
                && ended.panicked >= joined.panicked
                && ended.cancelled >= joined.cancelled,
            "{context}: the handles saw {joined:?}"
        );
        assert_eq!(ended.sum() - joined.sum(), current.detached, "{context}");
    } else {
        // The jobs of the dropped manager are accounted for; the new one starts afresh.
        current.appended = Arc::new(AtomicUsize::new(0));
        current.joined = Outcomes::default();
        current.detached = 0;
    }

    // No job ran twice, detached ones included; the limit held.
    for (i, starts) in probe.starts.iter().enumerate() {
        let starts = starts.load(Ordering::SeqCst);
        assert!(
            starts <= 1,
            "seed {seed}, round {index}: job #{i} started {starts} times"
        );
    }
    round.most_running = probe.most_running.load(Ordering::SeqCst);
    assert!(
        round.most_running <= limit,
        "seed {seed}, round {index}: {} jobs ran at once, limit {limit}",
        round.most_running
    );
    assert_eq!(probe.running.load(Ordering::SeqCst), 0, "seed {seed}");
    totals.most_running = totals.most_running.max(round.most_running);
    totals.appended += round.appended;
    totals.completed += round.outcomes.completed;
    totals.halted += round.outcomes.halted;
    totals.panicked += round.outcomes.panicked;
    totals.cancelled += round.outcomes.cancelled;
    totals.detached += round.detached;
    round
}

/// Ends the process with a dump of the manager's state when a round takes too long.
struct Watchdog {
    shared: Arc<WatchShared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct WatchShared {
    state: Mutex<WatchState>,
    wake: std::sync::Condvar,
}

struct WatchState {
    round: Option<(usize, Instant)>,
    phase: &'static str,
    manager: Weak<ThreadManager>,
    stop: bool,
}

impl Watchdog {
    fn start(bound: Duration, seed: u64) -> Self {
        let shared = Arc::new(WatchShared {
            state: Mutex::new(WatchState {
                round: None,
                phase: "starting",
                manager: Weak::new(),
                stop: false,
            }),
            wake: std::sync::Condvar::new(),
        });
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("stress-watchdog".into())
                .spawn(move || shared.watch(bound, seed))
                .expect("the watchdog starts")
        };
        Watchdog {
            shared,
            thread: Some(thread),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, WatchState> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn begin(&self, round: usize, manager: Weak<ThreadManager>) {
        let mut state = self.state();
        state.round = Some((round, Instant::now()));
        state.manager = manager;
    }

    fn phase(&self, phase: &'static str) {
        self.state().phase = phase;
    }

    fn end(&self) {
        self.state().round = None;
    }

    fn stop(mut self) {
        self.state().stop = true;
        self.shared.wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        // Unwinding from a failed check: let the watchdog go, the failure is reported already.
        self.state().stop = true;
        self.shared.wake.notify_all();
    }
}

impl WatchShared {
    fn watch(&self, bound: Duration, seed: u64) {
        let mut state = self.state.lock().unwrap();
        loop {
            if state.stop {
                return;
            }
            if let Some((round, started)) = state.round
                && started.elapsed() > bound
            {
                let (phase, manager) = (state.phase, state.manager.upgrade());
                drop(state);
                let dump = dump(manager);
                eprintln!(
                    "WATCHDOG: seed {seed}: round {round} has not finished after {bound:?} \
                     (phase: {phase}).\nThe manager: {dump}"
                );
                std::process::exit(3);
            }
            state = self
                .wake
                .wait_timeout(state, Duration::from_millis(100))
                .unwrap()
                .0;
        }
    }
}

/// The manager's state, read on another thread so that a deadlock under its lock cannot hang
/// the watchdog too.
fn dump(manager: Option<Arc<ThreadManager>>) -> String {
    let Some(manager) = manager else {
        return "(none: the round's manager was dropped, and its drop did not return)".into();
    };
    let (sender, dumped) = mpsc::channel();
    std::thread::spawn(move || {
        let text = format!(
            "{manager:?}\n  stats: {:?}\n  running: {:?}\n  watching: {}, closed: {}",
            manager.stats(),
            manager.running(),
            manager.is_watching(),
            manager.is_closed()
        );
        let _ = sender.send(text);
    });
    dumped
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_else(|_| {
            "(its state lock did not come free within 5 s: a deadlock under it?)".into()
        })
}

/// Threads of this process, or 0 where `/proc` is not there.
pub fn thread_count() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, Iterator::count)
}

/// A `kB` figure of `/proc/self/status` (`"VmRSS:"`, `"VmHWM:"`), or 0 where there is none.
pub fn status_kib(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(key))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap_or(0)
}

#[path = "panics.rs"]
mod panics;
use panics::quiet_deliberate_panics;

/// The progress line of a round.
pub fn progress_line(round: &Round, totals: &Totals) -> String {
    let o = round.outcomes;
    format!(
        "round {:>4}: limit {} | {:>5} jobs: {} ok, {} halted, {} panicked, {} cancelled, {} \
         detached | settle {:<9} | most running {} | {} threads | rss {:.1} MiB | {:?} || total \
         {} jobs, {} halts",
        round.index,
        round.limit,
        round.appended,
        o.completed,
        o.halted,
        o.panicked,
        o.cancelled,
        round.detached,
        round.settle,
        round.most_running,
        round.threads,
        round.rss_kib as f64 / 1024.0,
        round.took,
        totals.appended,
        totals.handle_halts + totals.manager_halts,
    )
}
