//! `twins!`, shared by the test files that compare a fn with and without `#[haltable]`.

/// Defines `fn name` twice, as `name::plain::name` and as `name::haltable::name` (the same
/// tokens, with `#[::threadmgr::haltable]` on the second), so that a test can compare them.
///
/// The body is forwarded as raw tokens (`tt`), so the attribute sees exactly what a user would
/// write. Each twin sees the items of the module that invokes `twins!`.
macro_rules! twins {
    ($(#[$($attr:tt)*])* fn $name:ident $($rest:tt)*) => {
        pub mod $name {
            pub mod plain {
                #[allow(unused_imports)] // not every twin uses every helper of its module
                use super::super::*;
                $(#[$($attr)*])*
                pub fn $name $($rest)*
            }
            pub mod haltable {
                #[allow(unused_imports)] // not every twin uses every helper of its module
                use super::super::*;
                #[::threadmgr::haltable]
                $(#[$($attr)*])*
                pub fn $name $($rest)*
            }
        }
    };
}
