//! The `#[haltable]` attribute of [`threadmgr`](https://docs.rs/threadmgr). Use it through the
//! `threadmgr` crate, which re-exports it: the code it generates names `::threadmgr` paths.
//!
//! `#[haltable]` rewrites a fn body so that it checks its job's halt token before statements
//! that can take unbounded time (the first of them is its entry check) and on loop iterations;
//! a halted check unwinds.

// How the crate is laid out:
// - `args`: what `#[haltable(...)]` accepts, on an item and inside a body.
// - `accept`: which items it accepts (fn, `impl`, `trait`, inline `mod`) and which signatures
//   it refuses.
// - `expand`: instruments each fn body: the handle read, then the rewrites below, in order.
// - `macros` (loops in the body's own `macro_rules!`), `chains` (iterator chains' sources),
//   `closures`, `statements` (the entry check), `loops` (with `breaks`), `skip`: one rewrite
//   each, one small `VisitMut` each.
// - `cost`: which code counts as "can take unbounded time"; `bounded`: which fns of a
//   `#[haltable] mod` run in bounded time; `descend`: where rewrites stop.
// - `emit`: every piece of generated code, its hygiene, and why it needs no lint `allow`;
//   `fill`: how generated code takes the user's code into it without parsing it again.

use proc_macro::TokenStream;

mod accept;
mod args;
mod bounded;
mod breaks;
mod chains;
mod closures;
mod cost;
mod descend;
mod emit;
mod expand;
mod fill;
mod loops;
mod macros;
mod prims;
mod skip;
mod statements;

#[cfg(test)]
mod tests;

/// Instruments a fn (or every method of an `impl` block, every default method of a `trait`, or
/// every fn, `impl` and `trait` of an inline `mod`)
/// so that a halt of its job stops it at the next checkpoint. See the `threadmgr` crate.
#[proc_macro_attribute]
pub fn haltable(args: TokenStream, item: TokenStream) -> TokenStream {
    attribute(args.into(), item.into()).into()
}

/// [`haltable`] on `proc_macro2` tokens, so that unit tests can run it.
///
/// On error, emits the error together with the item as written (uninstrumented), so that one
/// mistake does not cascade into errors about the item's uses.
fn attribute(
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    // Whether the item as written has no `#[haltable]` inside to strip: then it is `item`.
    let mut bare = false;
    let expanded = syn::parse2::<args::ItemArgs>(args)
        .and_then(|args| Ok((args, accept::Target::of(item.clone())?)))
        .and_then(|(args, target)| {
            bare = !expand::has_inner_attributes(&target);
            expand::expand(args, target)
        });
    match expanded {
        Ok(Some(instrumented)) => {
            let as_written = if bare { item } else { expand::as_written(item) };
            emit::clippy_sees_as_written(as_written, instrumented)
        }
        Ok(None) => item,
        Err(error) => {
            let mut tokens = error.to_compile_error();
            tokens.extend(expand::as_written(item));
            tokens
        }
    }
}
