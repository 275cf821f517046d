//! Workspace-level tests, benchmarks and examples of threadmgr; see the `threadmgr` crate.
