//! How a manager is configured and built ([`ThreadManagerBuilder`]).

use super::ThreadManager;
use crate::error::Error;

/// The default thread limit.
pub(super) const DEFAULT_THREAD_LIMIT: usize = 10;
/// The default prefix of worker thread names.
pub(super) const DEFAULT_NAME: &str = "threadmgr";

/// Configures and builds a [`ThreadManager`]; made by [`ThreadManager::builder`].
///
/// # Examples
///
/// ```
/// use threadmgr::ThreadManager;
///
/// let manager = ThreadManager::builder().thread_limit(2).name("crawler").build()?;
/// assert_eq!(manager.thread_limit(), 2);
/// let job = manager.try_start(|| std::thread::current().name().map(str::to_owned))?;
/// assert!(job.join()?.unwrap().starts_with("crawler-"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ThreadManagerBuilder {
    pub(super) thread_limit: usize,
    pub(super) name: String,
}

impl Default for ThreadManagerBuilder {
    fn default() -> Self {
        ThreadManagerBuilder {
            thread_limit: DEFAULT_THREAD_LIMIT,
            name: DEFAULT_NAME.to_owned(),
        }
    }
}

impl ThreadManagerBuilder {
    /// At most this many jobs run at once (10 unless set); the manager's pool has this many
    /// threads.
    ///
    /// It must be between 1 and [`ThreadManager::MAX_THREAD_LIMIT`], or [`build`](Self::build)
    /// fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::{Error, ThreadManager};
    ///
    /// assert_eq!(ThreadManager::builder().thread_limit(3).build()?.thread_limit(), 3);
    /// assert!(matches!(
    ///     ThreadManager::builder().thread_limit(0).build(),
    ///     Err(Error::InvalidThreadLimit)
    /// ));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn thread_limit(mut self, thread_limit: usize) -> Self {
        self.thread_limit = thread_limit;
        self
    }

    /// The prefix of the worker threads' names (`"threadmgr"` unless set): they are called
    /// `{name}-0`, `{name}-1`, ..., and the deadline timer `{name}-timer`.
    ///
    /// # Examples
    ///
    /// ```
    /// use threadmgr::ThreadManager;
    ///
    /// let manager = ThreadManager::builder().name("indexer").build()?;
    /// assert_eq!(manager.name(), "indexer");
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Builds the manager and starts its worker threads.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidThreadLimit`] if the thread limit is 0 or more than
    /// [`ThreadManager::MAX_THREAD_LIMIT`]; [`Error::ThreadPool`] if the threads cannot be started.
    ///
    /// # Examples
    ///
    /// ```
    /// let manager = threadmgr::ThreadManager::builder().thread_limit(4).build()?;
    /// assert_eq!(manager.stats().running, 0);
    /// # Ok::<(), threadmgr::Error>(())
    /// ```
    pub fn build(self) -> Result<ThreadManager, Error> {
        ThreadManager::from_builder(self)
    }
}
