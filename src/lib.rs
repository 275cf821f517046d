//! Workspace-level tests, benchmarks and examples of threadmgr; see the `threadmgr` crate.

/// The README's code blocks, compiled and run as doctests so that the README stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
