/// Writes each item twice, in `mod plain` as written and in `mod haltable` under
/// `#[haltable]`, for a case to compare the two (shared by the cases of `compile/`, each its own
/// crate, through `include!`).
macro_rules! twins {
    ($($item:item)*) => {
        mod plain {
            #[allow(unused_imports)]
            use super::*;
            $($item)*
        }
        mod haltable {
            #[allow(unused_imports)]
            use super::*;
            $(#[::threadmgr::haltable] $item)*
        }
    };
}
