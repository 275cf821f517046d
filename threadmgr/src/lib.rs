pub use threadmgr_macros::haltable;
