//! The global table of token slots, and the [`HaltFlag`] that instrumented code checks.
//!
//! # Design
//!
//! A [`HaltToken`](crate::HaltToken) leases one [`Slot`] from a global, grow-only table, from
//! the first time it is installed, halted or waited on until it drops (a token that never is,
//! such as that of a job queued and cancelled, never takes one). Slots are leaked (`&'static`), never freed, and reused by later tokens; each lease
//! has a new *generation*. The slot's `word` packs the generation of the current lease and a
//! halted bit: `word = generation << 1 | HALTED`.
//!
//! Instrumented code holds a [`HaltFlag`]: a `&'static` fat pointer whose data part is the slot and
//! whose metadata is the word the lease expects while it is not halted. A check is then one
//! relaxed load and a compare (`slot.word != expected`; generated code checks a process-wide
//! count of installed halted leases first, see `checkpoint::check_any`), and a flag is a plain
//! `Copy` reference that needs no reference counting and stays sound for ever, even if the closure
//! that carries it outlives its token. Being a reference, a non-`move` closure that only uses
//! `*flag` captures the reference by copy, so it may outlive the function that made it.
//!
//! When the check fails, the slow path tells the two cases apart: the word is `expected |
//! HALTED` (the token was halted: unwind with its reason), or the generation moved on (the token
//! was dropped and the slot reused: a dropped token can no longer be halted, so carry on).
//!
//! # Invariants
//!
//! - `word` changes only while `state` is locked, and `state.expected` always equals `word` with
//!   the halted bit cleared. Readers that need more than the halted bit (the reason, the owner)
//!   lock `state` and compare `state.expected` with their flag's expectation first.
//! - A slot is on the free list only while no token leases it; its generation was bumped (and
//!   the halted bit cleared) before it was put there, so stale flags never see a new lease as
//!   their own.
//! - The halted bit, once set for a lease, stays set until the lease ends.

use std::time::{Duration, Instant};

use crate::halt::{self, HaltReason, Halted};
use crate::sync::{Arc, Condvar, Mutex, Ordering, Weak, lock};

/// The token that holds a lease, as this file keeps it: only to give it back to
/// `current_token()`, which knows its type.
pub(crate) type Owner = dyn std::any::Any + Send + Sync;

const HALTED: usize = 1;
/// The last generation of a slot, so that every word fits the metadata of a slice (at most
/// `isize::MAX`); a slot that reaches it is retired (see [`Lease::release`]).
const MAX_GENERATION: usize = (isize::MAX as usize) >> 1;

pub(crate) struct Slot {
    word: crate::sync::AtomicUsize,
    /// How many installs of this slot's flags are in place, on all threads (a thread's current
    /// flag, and the flags under it that its open installs will restore): see [`HALTED_LEASES`].
    installs: crate::sync::AtomicUsize,
    state: Mutex<SlotState>,
    wake: Condvar,
}

struct SlotState {
    /// The word of the current lease, halted bit clear.
    expected: usize,
    reason: Option<HaltReason>,
    /// Whether this slot counts in [`HALTED_LEASES`]: its lease is halted and installed.
    counted: bool,
    owner: Weak<Owner>,
    /// What halt-aware waits of this lease's job are blocked on, each with the key of its
    /// `Registration`: a halt wakes them, so the wait ends at once.
    waits: Vec<(usize, WaitingOn)>,
}

/// What a halt-aware wait is blocked on, registered for the wait's duration.
enum WaitingOn {
    /// A user's condition variable (`threadmgr::wait_while`), borrowed for the wait
    /// ([`HaltFlag::notify_on_halt`]).
    Condvar(std::ptr::NonNull<std::sync::Condvar>),
    /// A call that wakes the wait (`threadmgr::crossbeam::recv`: a send on the channel its
    /// `select!` also waits on), owned ([`HaltFlag::call_on_halt`]).
    Call(Box<dyn Fn() + Send>),
}

// SAFETY: a `Condvar` pointer is only dereferenced (to `notify_all`, which takes `&Condvar`; a
// `Condvar` is `Sync`) while the slot's lock is held, and its `Registration` removes it under
// the same lock before the borrow it was made from ends. So it is never dereferenced after the
// condition variable could be gone, from whichever thread holds the lock. A `Call` is `Send`.
unsafe impl Send for WaitingOn {}

impl WaitingOn {
    /// Wakes the wait. Called with the slot's lock held.
    fn wake(&self) {
        match self {
            // SAFETY: registered and not yet removed, under the lock (see above).
            WaitingOn::Condvar(condvar) => unsafe { condvar.as_ref() }.notify_all(),
            WaitingOn::Call(call) => call(),
        }
    }
}

/// Keys of registrations, unique in the process.
static REGISTRATIONS: crate::sync::AtomicU64 = crate::sync::AtomicU64::new(0);

/// A slot expecting `expected`; a macro so that it builds both the `const fn` of normal builds
/// and the plain fn of loom builds (whose primitives have no `const` constructors).
macro_rules! new_slot {
    ($expected:expr) => {
        Slot {
            word: crate::sync::AtomicUsize::new($expected),
            installs: crate::sync::AtomicUsize::new(0),
            state: Mutex::new(SlotState {
                expected: $expected,
                reason: None,
                counted: false,
                owner: Weak::<()>::new(),
                waits: Vec::new(),
            }),
            wake: Condvar::new(),
        }
    };
}

impl Slot {
    #[cfg(not(loom))]
    const fn new(expected: usize) -> Self {
        new_slot!(expected)
    }

    #[cfg(loom)]
    fn new(expected: usize) -> Self {
        new_slot!(expected)
    }
}

/// The slot of "no token": code outside any job checks it, and it is never halted.
#[cfg(not(loom))]
static NO_TOKEN: Slot = Slot::new(0);

// Loom's primitives belong to one execution of a model, so under loom the "no token" slot is
// made (and leaked) once per execution, and there is no free list: every lease gets a new
// slot. A model runs few tokens, so the leak is small; what the models check (the protocol
// within a lease, and a stale flag after `release`) is unchanged.
#[cfg(loom)]
loom::lazy_static! {
    static ref NO_TOKEN: &'static Slot = Box::leak(Box::new(Slot::new(0)));
}

/// How many halted leases are installed right now: a slot counts (under its lock, `counted`)
/// while its lease is halted and at least one install of its flags is in place on some
/// thread; it stops counting when its last install ends or its lease ends.
///
/// Generated checks read this word first ([`any_halted`]): while it is zero, no installed token
/// is halted, so no check can fail and none needs the thread's flag. A check is then one
/// relaxed load of a process-wide word that is almost never written (it stays in every core's
/// cache), a compare and a branch, with no thread-local read and no register kept for a flag.
/// While it is not zero, checks take the cold path, which checks the thread's current flag.
///
/// A halted token that no thread has installed (a job's token kept after the job ended, a token
/// halted before its scope) does not count: only a check of a thread that has it installed can
/// fail on it, and installing it counts it again. (When this counted halted *leases*, a halted
/// token kept alive after its job ended sent every check of the process down the cold path for
/// good: `fib` 140x.)
///
/// The race between a halt and an install is settled on the slot's install count, which both
/// update with a read-modify-write (acquire and release): the halt stores the halted bit and
/// then adds 0 to the count, an install adds 1 and then reads the bit. Read-modify-writes of
/// one atomic are totally ordered: if the halt's comes second it reads the install, and if the
/// install's comes second it synchronizes with the halt's and so reads the bit. Either way the
/// slot is counted (under the lock, once).
#[cfg(not(loom))]
pub(crate) static HALTED_LEASES: crate::sync::AtomicUsize = crate::sync::AtomicUsize::new(0);

/// How the check's cold path on x86-64 Linux saves the vector state (see `checkpoint.rs`):
/// [`XSAVE`] or [`FXSAVE`], set before the first raise of [`HALTED_LEASES`]; 0 until then,
/// when no check takes the cold path (the cold path then asks the CPU itself).
#[cfg(all(target_arch = "x86_64", target_os = "linux", not(loom), not(miri)))]
pub(crate) static VECTOR_SAVE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// [`VECTOR_SAVE`]: the CPU and the OS support `xsave`.
#[cfg(all(target_arch = "x86_64", target_os = "linux", not(loom), not(miri)))]
const XSAVE: u8 = 1;

/// [`VECTOR_SAVE`]: only `fxsave` (no AVX state to save either).
#[cfg(all(target_arch = "x86_64", target_os = "linux", not(loom), not(miri)))]
const FXSAVE: u8 = 2;

#[cfg(loom)]
loom::lazy_static! {
    static ref HALTED_LEASES: crate::sync::AtomicUsize = crate::sync::AtomicUsize::new(0);
}

/// Whether any installed lease is halted: the hot half of every generated check (see
/// `checkpoint::check_any`). Every halt that a check must see (a halt of the token installed
/// on the check's thread that happened-before the check, or one it races with and will see at
/// a later check) raised [`HALTED_LEASES`] before the check read it (the halt, or the install
/// that came after it), and keeps it raised while that install lasts. (On x86-64 Linux the
/// check reads the word in inline assembly instead, see `checkpoint::preserving::check`; a
/// rayon consumer's test before each piece of work, `carried::Carry::check`, calls this
/// everywhere.)
#[inline(always)]
pub(crate) fn any_halted() -> bool {
    HALTED_LEASES.load(Ordering::Relaxed) != 0
}

/// Counts a slot whose lease is halted and installed in [`HALTED_LEASES`], once.
fn count(state: &mut SlotState) {
    if !state.counted {
        state.counted = true;
        // Release: a check that sees the count raised sees `VECTOR_SAVE` set.
        HALTED_LEASES.fetch_add(1, Ordering::Release);
    }
}

/// How many halted leases are installed on some thread right now: [`HALTED_LEASES`].
pub(crate) fn halted_installed() -> usize {
    HALTED_LEASES.load(Ordering::Acquire)
}

/// Slots whose lease ended, ready for the next token.
#[cfg(not(loom))]
static FREE: Mutex<Vec<&'static Slot>> = Mutex::new(Vec::new());

/// The "no token" slot.
#[inline(always)]
fn no_token() -> &'static Slot {
    #[cfg(not(loom))]
    return &NO_TOKEN;
    #[cfg(loom)]
    return *NO_TOKEN;
}

/// A lease of a slot by one token: the slot and the word it expects while not halted.
#[derive(Clone, Copy)]
pub(crate) struct Lease {
    pub(crate) slot: &'static Slot,
    pub(crate) expected: usize,
}

impl Lease {
    /// Leases a free slot (or a new one) for a token owned by `owner`.
    pub(crate) fn acquire(owner: Weak<Owner>) -> Lease {
        #[cfg(not(loom))]
        let reused = lock(&FREE).pop();
        #[cfg(loom)]
        let reused: Option<&'static Slot> = None;
        let slot = reused.unwrap_or_else(|| Box::leak(Box::new(Slot::new(2))));
        let mut state = lock(&slot.state);
        state.owner = owner;
        Lease {
            slot,
            expected: state.expected,
        }
    }

    /// Ends the lease: bumps the generation (clearing the halted bit) and frees the slot.
    ///
    /// A slot whose generation would wrap is retired instead: it stays out of the free list for
    /// good, so that no later lease can reuse a generation a stale flag may still expect. (A
    /// slot is retired after 2^62 leases on a 64-bit target, 2^30 on a 32-bit one: minutes at
    /// millions of leases a second. A retired slot costs its hundred bytes, once per 2^30 leases.)
    pub(crate) fn release(self) {
        let generation = (self.expected >> 1) + 1;
        let retired = generation > MAX_GENERATION;
        {
            let mut state = lock(&self.slot.state);
            debug_assert_eq!(state.expected, self.expected, "a lease is released once");
            // A retired slot's word is 0: its halted bit is clear, and no lease of it expects 0
            // (generations start at 1), so every flag of it is stale.
            state.expected = if retired { 0 } else { generation << 1 };
            state.reason = None;
            if std::mem::take(&mut state.counted) {
                HALTED_LEASES.fetch_sub(1, Ordering::Relaxed);
            }
            state.owner = Weak::<()>::new();
            self.slot.word.store(state.expected, Ordering::Release);
        }
        #[cfg(not(loom))]
        if !retired {
            lock(&FREE).push(self.slot);
        }
    }

    /// Halts the lease with `reason`. Returns false if it was halted already (the first reason
    /// stays).
    pub(crate) fn halt(self, reason: HaltReason) -> bool {
        {
            let mut state = lock(&self.slot.state);
            if state.expected != self.expected || state.reason.is_some() {
                return false;
            }
            state.reason = Some(reason);
            #[cfg(all(target_arch = "x86_64", target_os = "linux", not(loom), not(miri)))]
            VECTOR_SAVE.store(
                if std::arch::is_x86_feature_detected!("xsave") {
                    XSAVE
                } else {
                    FXSAVE
                },
                Ordering::Relaxed,
            );
            self.slot
                .word
                .store(self.expected | HALTED, Ordering::Release);
            // A read-modify-write, not a load: see `HALTED_LEASES` (an install racing with this
            // halt either is seen here or sees the halted bit).
            if self.slot.installs.fetch_add(0, Ordering::AcqRel) != 0 {
                count(&mut state);
            }
            for (_, waiting) in &state.waits {
                waiting.wake();
            }
        }
        self.slot.wake.notify_all();
        true
    }

    pub(crate) fn flag(self) -> &'static HaltFlag {
        HaltFlag::new(self.slot, self.expected)
    }
}

/// A condition variable registered with a lease by [`HaltFlag::notify_on_halt`]; removed when
/// dropped, before the borrow of the condition variable ends.
pub(crate) struct Registration<'c> {
    flag: Option<&'static HaltFlag>,
    key: usize,
    _borrow: std::marker::PhantomData<&'c std::sync::Condvar>,
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        if let Some(flag) = self.flag {
            let mut state = lock(&flag.slot.state);
            // The lease may have ended meanwhile; the entry is this wait's either way.
            if let Some(at) = state.waits.iter().position(|(key, _)| *key == self.key) {
                drop(state.waits.swap_remove(at));
            }
        }
    }
}

/// A cheap, `Copy`, `'static` flag on a token's lease, checked by instrumented code.
///
/// It is a fat reference: the slot, and as metadata the word the lease expects. Use it only as
/// `&'static HaltFlag`.
#[repr(C)]
pub struct HaltFlag {
    slot: Slot,
    /// Zero-sized; its length is the expected word.
    expected: [()],
}

impl HaltFlag {
    /// The flag of "no token", which is never halted.
    #[cfg(not(loom))]
    pub(crate) const NONE: &'static HaltFlag = HaltFlag::new(&NO_TOKEN, 0);

    /// The flag of "no token", which is never halted.
    #[cfg(any(loom, test))]
    #[inline(always)]
    pub(crate) fn none() -> &'static HaltFlag {
        HaltFlag::new(no_token(), 0)
    }

    const fn new(slot: &'static Slot, expected: usize) -> &'static HaltFlag {
        let data: *const () = (slot as *const Slot).cast();
        let fat = std::ptr::slice_from_raw_parts(data, expected) as *const HaltFlag;
        // SAFETY: `HaltFlag` is `repr(C)` with the sized `Slot` first and a zero-sized tail, so a
        // `*const HaltFlag` whose data pointer is a valid `&'static Slot` points at a valid
        // `HaltFlag` of exactly `size_of::<Slot>()` bytes, for `'static`. The metadata (the slice
        // length) is at most `isize::MAX`, as the generation wraps below that.
        unsafe { &*fat }
    }

    #[inline(always)]
    fn expected(&self) -> usize {
        self.expected.len()
    }

    /// Unwinds with the token's reason if the token is halted.
    #[inline(always)]
    pub(crate) fn check(&self) {
        if self.slot.word.load(Ordering::Relaxed) != self.expected() {
            self.check_slow();
        }
    }

    /// The cold path of [`check`](HaltFlag::check). `#[inline]` (which a `#[cold]` callee
    /// never is, in practice) so that each codegen unit has its own copy, called directly: a call
    /// to another crate's symbol goes through the GOT, and LLVM keeps that address in a
    /// callee-saved register across loops, which costs a small recursive fn a push and a pop per
    /// call.
    #[cold]
    #[inline]
    pub(crate) fn check_slow(&self) {
        // While the thread unwinds already (a halt or a panic), destructors that run
        // instrumented code must not start a second unwind: Rust would abort the process.
        // They run to their end; the unwind that is under way stops the job anyway.
        if std::thread::panicking() {
            return;
        }
        if let Err(halted) = self.try_check() {
            halt::unwind(halted);
        }
        // Otherwise the token was dropped and the slot reused: nothing can halt us any more.
    }

    /// `Err` with the token's reason if the token is halted.
    pub(crate) fn try_check(&self) -> Result<(), Halted> {
        if self.slot.word.load(Ordering::Acquire) != self.expected() | HALTED {
            return Ok(());
        }
        let state = lock(&self.slot.state);
        match &state.reason {
            Some(reason) if state.expected == self.expected() => {
                Err(Halted::new(reason.clone(), self.origin()))
            }
            _ => Ok(()),
        }
    }

    /// Has a halt of this lease notify `condvar` until the returned registration drops: for a
    /// halt-aware wait blocked on it. Does nothing for "no token" or a stale flag.
    pub(crate) fn notify_on_halt<'c>(
        &'static self,
        condvar: &'c std::sync::Condvar,
    ) -> Registration<'c> {
        self.register(WaitingOn::Condvar(std::ptr::NonNull::from(condvar)))
    }

    /// Has a halt of this lease call `call` (with the slot's lock held: it must not block)
    /// until the returned registration drops. Does nothing for "no token" or a stale flag.
    #[cfg_attr(not(feature = "crossbeam-channel"), allow(dead_code))]
    pub(crate) fn call_on_halt(&'static self, call: Box<dyn Fn() + Send>) -> Registration<'static> {
        self.register(WaitingOn::Call(call))
    }

    fn register<'c>(&'static self, waiting: WaitingOn) -> Registration<'c> {
        let key = REGISTRATIONS.fetch_add(1, Ordering::Relaxed) as usize;
        let mut state = lock(&self.slot.state);
        let registered = !self.is_none() && state.expected == self.expected();
        if registered {
            state.waits.push((key, waiting));
        }
        drop(state);
        Registration {
            flag: registered.then_some(self),
            key,
            _borrow: std::marker::PhantomData,
        }
    }

    #[inline]
    pub(crate) fn is_halted(&self) -> bool {
        self.slot.word.load(Ordering::Acquire) == self.expected() | HALTED
    }

    pub(crate) fn reason(&self) -> Option<HaltReason> {
        let state = lock(&self.slot.state);
        (state.expected == self.expected())
            .then(|| state.reason.clone())
            .flatten()
    }

    /// The token that owns this lease, if it is still alive.
    pub(crate) fn owner(&self) -> Option<Arc<Owner>> {
        let state = lock(&self.slot.state);
        if state.expected == self.expected() {
            state.owner.upgrade()
        } else {
            None
        }
    }

    /// Identifies the lease: the slot's address and the expected word.
    pub(crate) fn origin(&self) -> (usize, usize) {
        ((&raw const self.slot) as usize, self.expected())
    }

    #[inline(always)]
    pub(crate) fn is_none(&self) -> bool {
        std::ptr::eq(&self.slot, no_token())
    }

    /// An install of this flag on the current thread begins (`checkpoint::install_in` and
    /// `install_scope`): if its lease is halted, it counts in [`HALTED_LEASES`] from now on.
    pub(crate) fn installed(&self) {
        if self.is_none() {
            return;
        }
        self.slot.installs.fetch_add(1, Ordering::AcqRel);
        // After the increment: see `HALTED_LEASES`.
        if self.slot.word.load(Ordering::Acquire) & HALTED != 0 {
            let mut state = lock(&self.slot.state);
            if state.reason.is_some() && self.slot.installs.load(Ordering::Relaxed) != 0 {
                count(&mut state);
            }
        }
    }

    /// An install of this flag ends (the install guard drops): the last install of a halted
    /// lease stops counting it in [`HALTED_LEASES`].
    pub(crate) fn uninstalled(&self) {
        if self.is_none() {
            return;
        }
        if self.slot.installs.fetch_sub(1, Ordering::AcqRel) == 1 {
            let mut state = lock(&self.slot.state);
            // Read under the lock: an install that raced in counts the slot under it too.
            if state.counted && self.slot.installs.load(Ordering::Relaxed) == 0 {
                state.counted = false;
                HALTED_LEASES.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }

    /// Blocks until the token is halted or `timeout` has passed; true if halted.
    ///
    /// Returns false at once for "no token" or a dropped token: nothing can halt them, so
    /// waiting would only wait out the time.
    pub(crate) fn wait_timeout(&self, timeout: Duration) -> bool {
        if self.is_none() {
            return false;
        }
        let deadline = Instant::now().checked_add(timeout);
        let mut state = lock(&self.slot.state);
        loop {
            if state.expected != self.expected() {
                return false;
            }
            if state.reason.is_some() {
                return true;
            }
            let left = match deadline {
                Some(deadline) => deadline.saturating_duration_since(Instant::now()),
                None => Duration::MAX,
            };
            if left.is_zero() {
                return false;
            }
            state = self
                .slot
                .wake
                .wait_timeout(state, left)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }

    /// Sleeps for `duration`, waking and unwinding at once if the token is halted (returning at
    /// once instead while the thread is already unwinding).
    pub(crate) fn sleep(&self, duration: Duration) {
        let start = Instant::now();
        if self.is_none() {
            std::thread::sleep(duration);
            return;
        }
        if self.wait_timeout(duration) {
            self.check();
            // Still here: the thread is unwinding already (see `check_slow`). The sleep was
            // cut short by the halt; don't sleep out the rest.
            return;
        }
        // A token dropped mid-sleep can no longer be halted: sleep out the rest.
        let left = duration.saturating_sub(start.elapsed());
        if !left.is_zero() {
            std::thread::sleep(left);
        }
    }
}

impl std::fmt::Debug for HaltFlag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HaltFlag")
            .field("is_none", &self.is_none())
            .field("is_halted", &self.is_halted())
            .finish()
    }
}

impl PartialEq for HaltFlag {
    fn eq(&self, other: &Self) -> bool {
        self.origin() == other.origin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_halt_notifies_the_condition_variables_registered_with_its_lease() {
        use std::sync::{Arc, Condvar, Mutex};
        let lease = Lease::acquire(Weak::<()>::new());
        let flag = lease.flag();
        let pair = Arc::new((Mutex::new(()), Condvar::new()));
        let registration = flag.notify_on_halt(&pair.1);
        assert_eq!(lock(&lease.slot.state).waits.len(), 1);
        let guard = pair.0.lock().unwrap();
        let halter = {
            let pair = Arc::clone(&pair);
            let (slot, expected) = (lease.slot, lease.expected);
            std::thread::spawn(move || {
                // The mutex is free only once the waiter is blocked: the notification is not
                // lost.
                drop(pair.0.lock().unwrap());
                Lease { slot, expected }.halt(HaltReason::Requested)
            })
        };
        // Without the notification this would wait out its minute.
        let (guard, waited) = pair.1.wait_timeout(guard, Duration::from_secs(60)).unwrap();
        assert!(!waited.timed_out(), "the halt woke the wait");
        drop(guard);
        assert!(halter.join().unwrap());
        drop(registration);
        assert!(lock(&lease.slot.state).waits.is_empty());
        lease.release();
        // "No token" registers nothing.
        let condvar = Condvar::new();
        assert!(HaltFlag::none().notify_on_halt(&condvar).flag.is_none());
    }

    #[test]
    fn none_handle_is_never_halted() {
        let none = HaltFlag::none();
        none.check();
        assert!(!none.is_halted());
        assert!(none.is_none());
        assert_eq!(none.reason(), None);
        assert!(!none.wait_timeout(Duration::from_secs(3600)));
    }

    #[test]
    fn lease_halts_once_and_keeps_the_first_reason() {
        let lease = Lease::acquire(Weak::<()>::new());
        let flag = lease.flag();
        assert!(!flag.is_halted());
        assert!(lease.halt(HaltReason::Deadline));
        assert!(!lease.halt(HaltReason::Shutdown));
        assert!(flag.is_halted());
        assert_eq!(flag.reason(), Some(HaltReason::Deadline));
        assert_eq!(
            flag.try_check().unwrap_err().reason(),
            &HaltReason::Deadline
        );
        lease.release();
    }

    #[test]
    fn stale_handle_sees_neither_the_old_nor_a_new_halt() {
        let lease = Lease::acquire(Weak::<()>::new());
        let stale = lease.flag();
        lease.halt(HaltReason::Requested);
        lease.release();
        // The slot may now be leased again, even halted: the stale flag must not care.
        assert!(!stale.is_halted());
        assert_eq!(stale.reason(), None);
        stale.check();
        assert!(stale.try_check().is_ok());
        let leases: Vec<Lease> = (0..8).map(|_| Lease::acquire(Weak::<()>::new())).collect();
        for lease in &leases {
            lease.halt(HaltReason::Shutdown);
        }
        stale.check();
        assert!(!stale.wait_timeout(Duration::from_secs(3600)));
        leases.into_iter().for_each(Lease::release);
    }

    #[test]
    #[cfg(not(loom))]
    fn a_slot_whose_generation_would_wrap_is_retired() {
        let lease = Lease::acquire(Weak::<()>::new());
        // Fast-forward the slot to its last generation, as 2^62 leases would.
        let last = MAX_GENERATION << 1;
        lock(&lease.slot.state).expected = last;
        lease.slot.word.store(last, Ordering::Release);
        let lease = Lease {
            slot: lease.slot,
            expected: last,
        };
        let stale = lease.flag();
        lease.halt(HaltReason::Requested);
        lease.release();
        assert!(!stale.is_halted());
        stale.check();
        let free = lock(&FREE);
        assert!(!free.iter().any(|slot| std::ptr::eq(*slot, lease.slot)));
    }

    #[test]
    fn handle_is_a_reference_sized_pair() {
        assert_eq!(size_of::<&HaltFlag>(), 2 * size_of::<usize>());
        assert_eq!(size_of_val(HaltFlag::none()), size_of::<Slot>());
    }
}
