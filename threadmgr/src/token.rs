//! [`HaltToken`]: a shared, cheap-to-check flag that asks work to stop.

use std::fmt;
use std::time::Duration;

use crate::halt::{HaltReason, Halted};
use crate::slot::{HaltFlag, Lease, Slot};
use crate::sync::{Arc, AtomicBool, AtomicPtr, AtomicUsize, Mutex, Ordering, Weak, lock};

/// A token that asks the work it is installed for to stop.
///
/// Halting a token is permanent: once halted it stays halted, with the first reason given. Every
/// checkpoint of code that runs with the token installed (see [`scope`](HaltToken::scope) and
/// [`spawn`](crate::spawn)) then unwinds, so destructors run, and the job boundary turns the
/// unwind into an error. Code that catches that unwind and carries on is halted again at its
/// next checkpoint.
///
/// Clones share the same state; two tokens are equal when they are clones of each other.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use threadmgr::{HaltReason, HaltToken, haltable};
///
/// #[haltable]
/// fn count_up(limit: u64) -> u64 {
///     let mut n = 0;
///     while n < limit {
///         n += 1;
///     }
///     n
/// }
///
/// let token = HaltToken::new();
/// assert_eq!(token.scope(|| count_up(1_000)), Ok(1_000));
///
/// let remote = token.clone();
/// std::thread::spawn(move || {
///     std::thread::sleep(Duration::from_millis(10));
///     remote.halt();
/// });
/// let halted = token.scope(|| count_up(u64::MAX)).unwrap_err();
/// assert_eq!(halted.reason(), &HaltReason::Requested);
/// ```
#[derive(Clone)]
pub struct HaltToken {
    inner: Arc<TokenInner>,
}

pub(crate) struct TokenInner {
    /// The token's slot, null until something that checkpoints or waits needs one: an install
    /// (the job starts), a wait, or a `check` of a halted token. A token halted without a slot
    /// keeps its reason in `family` instead, so halting a million queued jobs' or children's
    /// tokens leases nothing (slots are never freed). Written once, under `family`'s lock,
    /// after `expected`. Only ever read through (slots are shared, `&'static`); `*mut` is what
    /// `AtomicPtr` holds.
    slot: AtomicPtr<Slot>,
    /// The lease's expected word (see [`Lease`]), valid once `slot` is set.
    expected: AtomicUsize,
    /// Set, under `family`'s lock, when the token is halted while it has no slot; its reason
    /// is then `family.reason`. Lets `is_halted` and `check` answer without the lock.
    halted_unleased: AtomicBool,
    /// Kept alive so that this token can unlink itself from its parent on drop.
    parent: Option<HaltToken>,
    /// This token's place in its parent's `family.children`, or [`UNLISTED`] when it was born
    /// halted (its parent had nothing left to tell it).
    place: usize,
    /// Children, and the reason of a halt that came before any slot. Also serialises leasing.
    family: Mutex<Family>,
}

/// `TokenInner::place` of a token that is not in its parent's children.
const UNLISTED: usize = usize::MAX;

/// A token's children and, while it has no slot, its halt reason. Both boxed: most tokens have
/// neither, and a million children of one token each carry a `Family`.
#[derive(Default)]
struct Family {
    children: Option<Box<Children>>,
    /// Why the token was halted, if that happened before it had a slot (it is then halted into
    /// the slot when one is leased, and stays here too).
    reason: Option<Box<HaltReason>>,
}

/// Children to halt with a token, each at its own place so that it unlinks itself in constant
/// time.
#[derive(Default)]
struct Children {
    /// `None` at a vacant place.
    places: Vec<Option<Weak<TokenInner>>>,
    /// The vacant places, reused before `places` grows.
    vacant: Vec<usize>,
}

impl Family {
    /// Lists `child` at a place that is then the child's own until [`Family::unlink`].
    fn link(&mut self, child: impl FnOnce(usize) -> Arc<TokenInner>) -> Arc<TokenInner> {
        let children = self.children.get_or_insert_default();
        let place = children.vacant.pop().unwrap_or(children.places.len());
        let child = child(place);
        let entry = Some(Arc::downgrade(&child));
        match children.places.get_mut(place) {
            Some(vacant) => *vacant = entry,
            None => children.places.push(entry),
        }
        child
    }

    /// Empties `place`; when no child is left, gives the lists' memory back. Returns the entry,
    /// for the caller to drop after unlocking.
    fn unlink(&mut self, place: usize) -> Option<Weak<TokenInner>> {
        let children = self.children.as_mut()?;
        let entry = children.places.get_mut(place).and_then(Option::take);
        if children.vacant.len() + 1 >= children.places.len() {
            self.children = None;
        } else {
            children.vacant.push(place);
        }
        entry
    }

    /// The children still alive.
    fn live(&self) -> impl Iterator<Item = HaltToken> + '_ {
        self.children
            .iter()
            .flat_map(|children| children.places.iter().flatten())
            .filter_map(Weak::upgrade)
            .map(HaltToken::from_inner)
    }
}

impl HaltToken {
    /// Creates a token that is not halted.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = threadmgr::HaltToken::new();
    /// assert!(!token.is_halted());
    /// ```
    pub fn new() -> Self {
        HaltToken {
            inner: TokenInner::new(None, UNLISTED),
        }
    }

    /// Halts the token with [`HaltReason::Requested`].
    ///
    /// Does not wait: the work stops at its next checkpoint. Halting a halted token does nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{HaltReason, HaltToken};
    ///
    /// let token = HaltToken::new();
    /// token.halt();
    /// assert!(token.is_halted());
    /// assert_eq!(token.reason(), Some(HaltReason::Requested));
    /// ```
    pub fn halt(&self) {
        self.halt_with(HaltReason::Requested);
    }

    /// Halts the token with `reason`, and with it every child token.
    ///
    /// The first reason stays: halting a halted token does nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{HaltReason, HaltToken};
    ///
    /// let token = HaltToken::new();
    /// token.halt_with(HaltReason::Deadline);
    /// token.halt_with(HaltReason::Shutdown);
    /// assert_eq!(token.reason(), Some(HaltReason::Deadline));
    /// ```
    pub fn halt_with(&self, reason: HaltReason) {
        // A work list, not recursion: a chain of children can be as deep as memory allows.
        let mut pending = vec![self.clone()];
        while let Some(token) = pending.pop() {
            let mut family = lock(&token.inner.family);
            let first = match token.inner.leased() {
                Some(lease) => lease.halt(reason.clone()),
                None if family.reason.is_none() => {
                    family.reason = Some(Box::new(reason.clone()));
                    token.inner.halted_unleased.store(true, Ordering::Release);
                    true
                }
                None => false,
            };
            // The token is halted before its children are read, under the lock that `child()`
            // holds while it reads whether the token is halted: a child is either read here or
            // born halted.
            if first {
                pending.extend(family.live());
            }
            drop(family);
        }
    }

    /// True once the token has been halted.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = threadmgr::HaltToken::new();
    /// assert!(!token.is_halted());
    /// token.halt();
    /// assert!(token.is_halted());
    /// ```
    pub fn is_halted(&self) -> bool {
        match self.inner.leased() {
            Some(lease) => lease.flag().is_halted(),
            None => self.inner.halted_unleased.load(Ordering::Acquire),
        }
    }

    /// Why the token was halted, or `None` while it is not.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{HaltReason, HaltToken};
    ///
    /// let token = HaltToken::new();
    /// assert_eq!(token.reason(), None);
    /// token.halt_with(HaltReason::Custom("enough".into()));
    /// assert_eq!(token.reason(), Some(HaltReason::Custom("enough".into())));
    /// ```
    pub fn reason(&self) -> Option<HaltReason> {
        match self.inner.leased() {
            Some(lease) => lease.flag().reason(),
            None if self.inner.halted_unleased.load(Ordering::Acquire) => {
                self.inner.reason_in(&lock(&self.inner.family))
            }
            None => None,
        }
    }

    /// `Err(Halted)` if the token is halted: a checkpoint that returns instead of unwinding.
    ///
    /// # Errors
    ///
    /// [`Halted`] with the token's reason once it is halted.
    ///
    /// # Examples
    ///
    /// ```
    /// let token = threadmgr::HaltToken::new();
    /// assert!(token.check().is_ok());
    /// token.halt();
    /// assert!(token.check().is_err());
    /// ```
    pub fn check(&self) -> Result<(), Halted> {
        match self.inner.leased() {
            Some(lease) => lease.flag().try_check(),
            // The `Halted` names its slot, so that a scope can tell it as its own.
            None if self.inner.halted_unleased.load(Ordering::Acquire) => self.flag().try_check(),
            None => Ok(()),
        }
    }

    /// Creates a child token: halted when this token is (with the same reason), while halting
    /// the child leaves this token alone.
    ///
    /// A child of a halted token is born halted.
    ///
    /// # Examples
    ///
    /// ```
    /// let parent = threadmgr::HaltToken::new();
    /// let child = parent.child();
    /// child.halt();
    /// assert!(!parent.is_halted());
    ///
    /// let other = parent.child();
    /// parent.halt();
    /// assert!(other.is_halted());
    /// assert!(parent.child().is_halted());
    /// ```
    pub fn child(&self) -> HaltToken {
        let mut family = lock(&self.inner.family);
        match self.inner.reason_in(&family) {
            Some(reason) => {
                drop(family);
                let child = HaltToken {
                    inner: TokenInner::new(Some(self.clone()), UNLISTED),
                };
                child.halt_with(reason);
                child
            }
            None => HaltToken {
                inner: family.link(|place| TokenInner::new(Some(self.clone()), place)),
            },
        }
    }

    /// Blocks until the token is halted or `timeout` has passed; true if it was halted.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let token = threadmgr::HaltToken::new();
    /// assert!(!token.wait_timeout(Duration::from_millis(1)));
    /// let remote = token.clone();
    /// std::thread::spawn(move || remote.halt());
    /// assert!(token.wait_timeout(Duration::from_secs(60)));
    /// ```
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.flag().wait_timeout(timeout)
    }

    /// The handle that checkpoints check; leases the token's slot if it has none yet.
    pub(crate) fn flag(&self) -> &'static HaltFlag {
        self.lease().flag()
    }

    /// The token's lease, taken now if it has none yet.
    fn lease(&self) -> Lease {
        if let Some(lease) = self.inner.leased() {
            return lease;
        }
        // Serialises the first leases; the lock order is `family`, then the slot table's and
        // the slot's locks (nothing holding those takes `family`).
        let family = lock(&self.inner.family);
        if let Some(lease) = self.inner.leased() {
            return lease;
        }
        let owner: Weak<TokenInner> = Arc::downgrade(&self.inner);
        let lease = Lease::acquire(owner);
        if let Some(reason) = &family.reason {
            // Halted before it had a slot: the slot is halted before anyone can see it.
            lease.halt(HaltReason::clone(reason));
        }
        self.inner.expected.store(lease.expected, Ordering::Relaxed);
        let slot: *const Slot = lease.slot;
        self.inner.slot.store(slot.cast_mut(), Ordering::Release);
        lease
    }

    pub(crate) fn from_inner(inner: Arc<TokenInner>) -> Self {
        HaltToken { inner }
    }
}

impl Default for HaltToken {
    fn default() -> Self {
        Self::new()
    }
}

impl PartialEq for HaltToken {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for HaltToken {}

impl fmt::Debug for HaltToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HaltToken")
            .field("is_halted", &self.is_halted())
            .field("reason", &self.reason())
            .finish()
    }
}

impl TokenInner {
    fn new(parent: Option<HaltToken>, place: usize) -> Arc<TokenInner> {
        Arc::new(TokenInner {
            slot: AtomicPtr::new(std::ptr::null_mut()),
            expected: AtomicUsize::new(0),
            halted_unleased: AtomicBool::new(false),
            parent,
            place,
            family: Mutex::new(Family::default()),
        })
    }

    /// Why the token was halted, read with its `family` locked.
    fn reason_in(&self, family: &Family) -> Option<HaltReason> {
        match self.leased() {
            Some(lease) => lease.flag().reason(),
            None => family.reason.as_deref().cloned(),
        }
    }

    /// The token's lease, if it has one.
    fn leased(&self) -> Option<Lease> {
        let slot = self.slot.load(Ordering::Acquire).cast_const();
        // SAFETY: a non-null `slot` came from a `&'static Slot` (slots are leaked, never freed,
        // and only read through shared references), stored by `lease` after `expected`, which
        // the acquire load makes visible here; its provenance is that reference's, kept by
        // `AtomicPtr` (no round trip through an integer).
        let slot: &'static Slot = unsafe { slot.as_ref() }?;
        Some(Lease {
            slot,
            expected: self.expected.load(Ordering::Relaxed),
        })
    }
}

impl TokenInner {
    /// Unlinks the token from its parent's children and ends its lease; returns the parent, so
    /// that the caller drops it. Idempotent: a second call finds nothing to do.
    fn detach(&mut self) -> Option<HaltToken> {
        let parent = self.parent.take();
        if let Some(parent) = &parent
            && self.place != UNLISTED
        {
            let entry = lock(&parent.inner.family).unlink(self.place);
            drop(entry);
        }
        if let Some(lease) = self.leased() {
            self.slot.store(std::ptr::null_mut(), Ordering::Relaxed);
            lease.release();
        }
        parent
    }
}

impl Drop for TokenInner {
    fn drop(&mut self) {
        // A parent whose last reference this was is dropped here, in a loop, instead of by
        // recursion through `parent`: a chain of a million children drops in constant stack.
        let mut parent = self.detach();
        while let Some(token) = parent {
            parent = match Arc::try_unwrap(token.inner) {
                Ok(mut inner) => inner.detach(),
                Err(_) => None,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_are_equal_and_share_state() {
        let a = HaltToken::new();
        let b = a.clone();
        assert_eq!(a, b);
        assert_ne!(a, HaltToken::new());
        b.halt();
        assert!(a.is_halted());
    }

    #[test]
    fn a_slot_is_leased_only_when_needed_and_once() {
        let token = HaltToken::new();
        let child = token.child();
        // Asking does not lease.
        assert!(!token.is_halted());
        assert_eq!(token.reason(), None);
        assert!(token.check().is_ok());
        assert!(token.inner.leased().is_none());
        // Installing leases, once.
        let handle = token.flag();
        assert_eq!(handle, token.flag());
        assert_eq!(token.inner.leased().map(|lease| lease.flag()), Some(handle));
        // Halting reaches children without leasing them a slot.
        assert!(child.inner.leased().is_none());
        token.halt_with(HaltReason::Shutdown);
        assert_eq!(child.reason(), Some(HaltReason::Shutdown));
        assert!(child.is_halted());
        assert!(child.inner.leased().is_none());
        assert!(handle.is_halted());
    }

    #[test]
    fn first_leases_racing_on_many_threads_agree() {
        for _ in 0..100 {
            let token = HaltToken::new();
            let handles: Vec<&'static HaltFlag> = std::thread::scope(|s| {
                let workers: Vec<_> = (0..4).map(|_| s.spawn(|| token.flag())).collect();
                workers.into_iter().map(|w| w.join().unwrap()).collect()
            });
            assert!(handles.iter().all(|&handle| handle == handles[0]));
        }
    }

    #[test]
    fn child_halts_with_parent_reason_and_grandchildren_follow() {
        let root = HaltToken::new();
        let child = root.child();
        let grandchild = child.child();
        root.halt_with(HaltReason::Shutdown);
        assert_eq!(child.reason(), Some(HaltReason::Shutdown));
        assert_eq!(grandchild.reason(), Some(HaltReason::Shutdown));
    }

    #[test]
    #[cfg_attr(miri, ignore = "200,000 levels take minutes under Miri")]
    fn deep_chains_of_children_halt_and_drop_without_recursion() {
        // Deeper than a thread's stack allows recursion through `halt_with` or `Drop`.
        const DEPTH: usize = 200_000;
        let root = HaltToken::new();
        let mut leaf = root.child();
        for _ in 0..DEPTH {
            leaf = leaf.child();
        }
        root.halt_with(HaltReason::Shutdown);
        assert_eq!(leaf.reason(), Some(HaltReason::Shutdown));
        drop(root);
        // The leaf holds the whole chain: dropping it drops every level.
        drop(leaf);
    }

    #[test]
    fn dropped_children_are_unlinked() {
        let root = HaltToken::new();
        for _ in 0..100 {
            drop(root.child());
        }
        assert!(
            lock(&root.inner.family).children.is_none(),
            "the memory is given back"
        );
    }

    #[test]
    fn children_dropped_out_of_order_leave_places_that_are_reused() {
        let root = HaltToken::new();
        let mut children: Vec<HaltToken> = (0..10).map(|_| root.child()).collect();
        // Drop every other child: their places are vacant, the rest are still halted with root.
        let kept: Vec<HaltToken> = children
            .drain(..)
            .enumerate()
            .filter_map(|(i, child)| (i % 2 == 0).then_some(child))
            .collect();
        let reborn: Vec<HaltToken> = (0..5).map(|_| root.child()).collect();
        let places = lock(&root.inner.family)
            .children
            .as_ref()
            .map(|children| children.places.len());
        assert_eq!(places, Some(10), "vacant places are reused");
        root.halt();
        assert!(kept.iter().chain(&reborn).all(HaltToken::is_halted));
        drop(kept);
        drop(reborn);
        assert!(lock(&root.inner.family).children.is_none());
    }

    #[test]
    #[cfg_attr(miri, ignore = "a million tokens take minutes under Miri")]
    fn a_million_children_are_halted_without_slots_and_dropped_in_linear_time() {
        // Each child unlinks itself in constant time, and halting leases no slot (slots are never
        // freed). The assertions are on what is done, not on time (`benches/memory.rs` times it).
        let root = HaltToken::new();
        let children: Vec<HaltToken> = (0..1_000_000).map(|_| root.child()).collect();
        root.halt_with(HaltReason::Shutdown);
        assert!(children.iter().all(|child| child.inner.leased().is_none()));
        assert!(children.iter().all(HaltToken::is_halted));
        assert_eq!(children[123].reason(), Some(HaltReason::Shutdown));
        drop(children);
        assert!(lock(&root.inner.family).children.is_none());
    }

    #[test]
    fn a_token_halted_before_its_slot_is_halted_once_installed() {
        let token = HaltToken::new();
        token.halt_with(HaltReason::Deadline);
        assert!(token.inner.leased().is_none());
        let halted = token.scope(crate::checkpoint).unwrap_err();
        assert_eq!(halted.reason(), &HaltReason::Deadline);
        // `check` leases so that its error names the token's slot.
        assert_eq!(token.check().unwrap_err().reason(), &HaltReason::Deadline);
        assert!(token.flag().is_halted());
    }

    #[test]
    fn scope_restores_the_previous_token_on_halt_and_on_panic() {
        let outer = HaltToken::new();
        let inner = HaltToken::new();
        inner.halt();
        outer
            .scope(|| {
                let before = crate::current_token();
                assert_eq!(before.as_ref(), Some(&outer));
                assert!(inner.scope(crate::checkpoint).is_err());
                assert_eq!(crate::current_token(), before);
                let panicked = std::panic::catch_unwind(|| inner.scope(|| panic!("boom")));
                assert!(panicked.is_err());
                assert_eq!(crate::current_token(), before);
            })
            .unwrap();
        assert_eq!(crate::current_token(), None);
    }

    #[test]
    fn scope_lets_the_halt_of_another_token_through() {
        let outer = HaltToken::new();
        let inner = HaltToken::new();
        let outer_handle = outer.flag();
        outer.halt();
        let result = outer.scope(|| inner.scope(|| outer_handle.check()));
        assert!(result.is_err(), "the outer scope catches its own halt");
    }

    #[test]
    fn halting_many_tokens_from_many_threads_keeps_one_reason_each() {
        let tokens: Vec<HaltToken> = (0..64).map(|_| HaltToken::new()).collect();
        std::thread::scope(|s| {
            for t in 0..4 {
                let tokens = &tokens;
                s.spawn(move || {
                    for token in tokens {
                        token.halt_with(HaltReason::Custom(format!("thread {t}")));
                    }
                });
            }
        });
        for token in &tokens {
            let reason = token.reason().expect("halted");
            assert!(matches!(reason, HaltReason::Custom(s) if s.starts_with("thread ")));
        }
    }
}
