//! The expansion: instruments the body of each fn of the item.
//!
//! A body goes through the rewrites in this order, each a small `VisitMut` of its own:
//! 1. [`ClosureEntry`]: closures that call code or loop enter the creator's handle.
//! 2. [`StatementChecks`]: coalesced checks before expensive statements, the fn's first check
//!    (its *entry check*) included.
//! 3. [`LoopChecks`]: per-iteration checks, and chunking of cheap `for` loops.
//! 4. [`StripSkip`]: removes `#[haltable(skip)]`, reports misplaced `#[haltable]`s.
//!
//! then gets the [`generated::prologue`] (which reads the thread's handle) in front. Each rewrite decides from the code
//! as the user wrote it: the checkpoints that an earlier one inserted are opaque to
//! [`crate::cost`], and [`LoopChecks`] classifies a loop before it rewrites the loops inside it.
//!
//! A body that is *cheap* as a whole (see [`crate::cost`]: no call but to core's constant-time
//! methods, no loop, no macro but the cheap ones) and makes no closure gets no check, and reads
//! no thread-local: it runs in bounded time, and it cannot recurse (recursion needs a call), so a
//! halt is observed at the caller's next check, which comes after at most this bounded work.
//! Small `#[inline]` helpers (`fn mix(a: u64, b: u64) -> u64 { (a ^ b).rotate_left(27) }`)
//! then cost nothing. The rewrites add no check to such a body either, so it comes out as
//! written. (Overloaded operators, `Deref` and `Drop` can run user code; as everywhere in
//! [`crate::cost`], they count as cheap.)

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Attribute, Block, Error, ImplItem, Result, Signature, TraitItem};

use crate::args::{self, Inner, ItemArgs};
use crate::closures::ClosureEntry;
use crate::loops::LoopChecks;
use crate::skip::StripSkip;
use crate::statements::StatementChecks;
use crate::target::{self, Place, Target};
use crate::{cost, generated};

/// The instrumented item; `None` if there is nothing to instrument (a trait method declaration).
pub(crate) fn expand(_: ItemArgs, target: Target) -> Result<Option<TokenStream>> {
    let instrumented = match target {
        Target::Fn(mut item_fn) => {
            target::check_signature(&item_fn.sig, Place::Fn)?;
            instrument(&mut item_fn.block, &item_fn.sig)?;
            item_fn.into_token_stream()
        }
        Target::Impl(mut item_impl) => {
            let mut errors = Errors::default();
            for item in &mut item_impl.items {
                if let ImplItem::Fn(method) = item {
                    errors.add(instrument_method(
                        &mut method.attrs,
                        &method.sig,
                        Some(&mut method.block),
                        Place::Impl,
                    ));
                }
            }
            errors.finish()?;
            item_impl.into_token_stream()
        }
        Target::Trait(mut item_trait) => {
            let mut errors = Errors::default();
            for item in &mut item_trait.items {
                if let TraitItem::Fn(method) = item {
                    errors.add(instrument_method(
                        &mut method.attrs,
                        &method.sig,
                        method.default.as_mut(),
                        Place::Trait,
                    ));
                }
            }
            errors.finish()?;
            item_trait.into_token_stream()
        }
        Target::Declaration(_) => return Ok(None),
    };
    Ok(Some(instrumented))
}

/// The item as written, for the output after an error: unchanged, except that the
/// `#[haltable(...)]` attributes inside it are removed (they only mean something to this
/// expansion, and rustc would expand each on its own, with more errors).
pub(crate) fn as_written(item: TokenStream) -> TokenStream {
    let Ok(target) = syn::parse2::<Target>(item.clone()) else {
        return item;
    };
    let mut strip = StripSkip::default();
    match target {
        Target::Fn(mut item_fn) => {
            strip.visit_block_mut(&mut item_fn.block);
            item_fn.into_token_stream()
        }
        Target::Impl(mut item_impl) => {
            for item in &mut item_impl.items {
                if let ImplItem::Fn(method) = item {
                    strip.strip(&mut method.attrs);
                    strip.visit_block_mut(&mut method.block);
                }
            }
            item_impl.into_token_stream()
        }
        Target::Trait(mut item_trait) => {
            for item in &mut item_trait.items {
                if let TraitItem::Fn(method) = item {
                    strip.strip(&mut method.attrs);
                    if let Some(body) = &mut method.default {
                        strip.visit_block_mut(body);
                    }
                }
            }
            item_trait.into_token_stream()
        }
        Target::Declaration(tokens) => tokens,
    }
}

/// Instruments a method of a `#[haltable]` impl or trait, unless it has `#[haltable(skip)]`
/// (removed) or no body.
fn instrument_method(
    attrs: &mut Vec<Attribute>,
    sig: &Signature,
    body: Option<&mut Block>,
    place: Place,
) -> Result<()> {
    let mut skipped = false;
    let mut errors = Errors::default();
    attrs.retain(|attr| match args::inner(attr) {
        None => true,
        Some(Inner::Skip) => {
            skipped = true;
            false
        }
        Some(Inner::Misplaced(error)) => {
            errors.add(Err(error));
            true
        }
    });
    errors.finish()?;
    match body {
        Some(body) if !skipped => {
            target::check_signature(sig, place)?;
            instrument(body, sig)
        }
        _ => Ok(()),
    }
}

/// Instruments one fn body.
//
// Input:  fn f(ARGS) -> R { BODY }
// Output: fn f(ARGS) -> R { PROLOGUE BODY' }
// where PROLOGUE is `generated::prologue` (the handle read, left out when BODY is cheap and
// makes no closure) and BODY' is BODY after the four rewrites.
fn instrument(body: &mut Block, sig: &Signature) -> Result<()> {
    let cost = cost::of_block(body);
    let reads_handle = cost.is_expensive() || cost.closures;
    ClosureEntry::fn_body(body, &sig.output);
    StatementChecks::fn_body(body);
    LoopChecks::default().visit_block_mut(body);
    let mut strip = StripSkip::default();
    strip.visit_block_mut(body);
    if let Some(errors) = strip.errors {
        return Err(errors);
    }
    body.stmts.splice(0..0, generated::prologue(reads_handle));
    Ok(())
}

/// The errors of several methods, reported together.
#[derive(Default)]
struct Errors(Option<Error>);

impl Errors {
    fn add(&mut self, result: Result<()>) {
        if let Err(error) = result {
            match &mut self.0 {
                Some(errors) => errors.combine(error),
                None => self.0 = Some(error),
            }
        }
    }

    fn finish(self) -> Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}
