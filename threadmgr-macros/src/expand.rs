//! The expansion: instruments the body of each fn of the item.
//!
//! A body goes through the rewrites in this order, each a small `VisitMut` of its own:
//! 1. [`ClosureEntry`]: closures that call code or loop enter the creator's handle.
//! 2. [`StatementChecks`]: coalesced checks before expensive statements, the fn's first check
//!    (its *entry check*) included.
//! 3. [`LoopChecks`]: per-iteration checks, and chunking of cheap `for` loops.
//! 4. [`StripSkip`]: removes `#[haltable(skip)]`, reports misplaced `#[haltable]`s.
//!
//! then gets the [`emit::prologue`] (which reads the thread's handle) in front. Each rewrite decides from the code
//! as the user wrote it: the checkpoints that an earlier one inserted are opaque to
//! [`crate::cost`], and [`LoopChecks`] classifies a loop before it rewrites the loops inside it.
//!
//! A body that is *cheap* as a whole (see [`crate::cost`]: no call but to core's methods on
//! primitive values, no loop, no macro but the cheap ones) and makes no closure gets no check,
//! and reads no thread-local: it runs in bounded time, and it cannot recurse (recursion needs a
//! call), so a halt is observed at the caller's next check, which comes after at most this
//! bounded work.
//! Small `#[inline]` helpers (`fn mix(a: u64, b: u64) -> u64 { (a ^ b).rotate_left(27) }`)
//! then cost nothing. The rewrites add no check to such a body either, so it comes out as
//! written. (Overloaded operators, `Deref` and `Drop` can run user code; they count as cheap
//! but in a method that an operator may call, see "Operators" in [`crate::cost`].)

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{
    Attribute, Block, Error, ImplItem, Item, ItemImpl, ItemMod, ItemTrait, Result, Signature,
    TraitItem,
};

use crate::accept::{self, Place, Target};
use crate::args::{self, Inner, ItemArgs};
use crate::bounded::Bounded;
use crate::chains::IterChains;
use crate::closures::ClosureEntry;
use crate::emit;
use crate::loops::LoopChecks;
use crate::macros::{self, LocalMacros};
use crate::skip::StripSkip;
use crate::statements::StatementChecks;

/// The instrumented item; `None` if there is nothing to instrument (a trait method declaration).
pub(crate) fn expand(_: ItemArgs, target: Target) -> Result<Option<TokenStream>> {
    let instrumented = match target {
        Target::Fn(mut item_fn) => {
            accept::check_signature(&item_fn.sig, Place::Fn)?;
            instrument(&mut item_fn.block, &item_fn.sig, &Bounded::none())?;
            item_fn.into_token_stream()
        }
        Target::Impl(mut item_impl) => {
            instrument_impl(&mut item_impl, &Bounded::none())?;
            item_impl.into_token_stream()
        }
        Target::Trait(mut item_trait) => {
            instrument_trait(&mut item_trait, &Bounded::none())?;
            item_trait.into_token_stream()
        }
        Target::Mod(mut item_mod) => {
            instrument_module(&mut item_mod)?;
            item_mod.into_token_stream()
        }
        Target::Declaration(_) => return Ok(None),
    };
    Ok(Some(instrumented))
}

/// Instruments every method with a body of an impl block but the skipped ones; `bounded` are
/// the fns of the enclosing `#[haltable]` module, if any, to which an inherent impl adds its
/// own (see [`crate::bounded`]).
fn instrument_impl(item_impl: &mut ItemImpl, bounded: &Bounded) -> Result<()> {
    let bounded = &bounded.of_impl(item_impl);
    let mut errors = Errors::default();
    for item in &mut item_impl.items {
        if let ImplItem::Fn(method) = item {
            errors.add(instrument_member(
                &mut method.attrs,
                &method.sig,
                Some(&mut method.block),
                Place::Impl,
                bounded,
            ));
        }
    }
    errors.finish()
}

/// Instruments every default body of a trait but the skipped ones.
fn instrument_trait(item_trait: &mut ItemTrait, bounded: &Bounded) -> Result<()> {
    let mut errors = Errors::default();
    for item in &mut item_trait.items {
        if let TraitItem::Fn(method) = item {
            errors.add(instrument_member(
                &mut method.attrs,
                &method.sig,
                method.default.as_mut(),
                Place::Trait,
                bounded,
            ));
        }
    }
    errors.finish()
}

/// Instruments every fn, impl block, trait, inline module and `macro_rules!` of an inline module
/// but the skipped ones, knowing which of the module's fns run in bounded time (see
/// [`crate::bounded`]). Other items are left as they are.
fn instrument_module(item_mod: &mut ItemMod) -> Result<()> {
    let Some((_, items)) = &mut item_mod.content else {
        return Ok(());
    };
    let bounded = Bounded::of_module(items);
    let mut errors = Errors::default();
    for item in items {
        match item {
            Item::Fn(item_fn) => errors.add(instrument_member(
                &mut item_fn.attrs,
                &item_fn.sig,
                Some(&mut item_fn.block),
                Place::Module,
                &bounded,
            )),
            Item::Impl(item_impl) => errors.add(match is_skipped(&mut item_impl.attrs) {
                Ok(false) => instrument_impl(item_impl, &bounded),
                skipped => skipped.map(drop),
            }),
            Item::Trait(item_trait) => errors.add(match is_skipped(&mut item_trait.attrs) {
                Ok(false) => instrument_trait(item_trait, &bounded),
                skipped => skipped.map(drop),
            }),
            Item::Macro(item_macro) => macros::instrument(&mut item_macro.mac),
            Item::Mod(inner) if inner.content.is_some() => {
                errors.add(match is_skipped(&mut inner.attrs) {
                    Ok(false) => instrument_module(inner),
                    skipped => skipped.map(drop),
                })
            }
            _ => {}
        }
    }
    errors.finish()
}

/// Whether `target` has a `#[haltable...]` attribute inside it (which [`as_written`] removes):
/// an item without one is its own as-written form, which saves parsing it again.
pub(crate) fn has_inner_attributes(target: &Target) -> bool {
    struct Finds(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finds {
        fn visit_attribute(&mut self, attr: &'ast Attribute) {
            self.0 |= args::is_haltable(attr);
        }
    }
    let mut finds = Finds(false);
    match target {
        Target::Fn(item_fn) => syn::visit::Visit::visit_item_fn(&mut finds, item_fn),
        Target::Impl(item_impl) => syn::visit::Visit::visit_item_impl(&mut finds, item_impl),
        Target::Trait(item_trait) => syn::visit::Visit::visit_item_trait(&mut finds, item_trait),
        Target::Mod(item_mod) => syn::visit::Visit::visit_item_mod(&mut finds, item_mod),
        Target::Declaration(_) => {}
    }
    finds.0
}

/// The item as written, for the output after an error: unchanged, except that the
/// `#[haltable(...)]` attributes inside it are removed (they only mean something to this
/// expansion, and rustc would expand each on its own, with more errors).
pub(crate) fn as_written(item: TokenStream) -> TokenStream {
    let Ok(target) = Target::of(item.clone()) else {
        return item;
    };
    let mut strip = StripSkip::default();
    match target {
        Target::Fn(mut item_fn) => {
            strip.visit_block_mut(&mut item_fn.block);
            item_fn.into_token_stream()
        }
        Target::Impl(mut item_impl) => {
            strip_impl(&mut strip, &mut item_impl);
            item_impl.into_token_stream()
        }
        Target::Trait(mut item_trait) => {
            strip_trait(&mut strip, &mut item_trait);
            item_trait.into_token_stream()
        }
        Target::Mod(mut item_mod) => {
            strip_module(&mut strip, &mut item_mod);
            item_mod.into_token_stream()
        }
        Target::Declaration(tokens) => tokens,
    }
}

fn strip_impl(strip: &mut StripSkip, item_impl: &mut ItemImpl) {
    for item in &mut item_impl.items {
        if let ImplItem::Fn(method) = item {
            strip.strip(&mut method.attrs);
            strip.visit_block_mut(&mut method.block);
        }
    }
}

fn strip_trait(strip: &mut StripSkip, item_trait: &mut ItemTrait) {
    for item in &mut item_trait.items {
        if let TraitItem::Fn(method) = item {
            strip.strip(&mut method.attrs);
            if let Some(body) = &mut method.default {
                strip.visit_block_mut(body);
            }
        }
    }
}

fn strip_module(strip: &mut StripSkip, item_mod: &mut ItemMod) {
    let Some((_, items)) = &mut item_mod.content else {
        return;
    };
    for item in items {
        match item {
            Item::Fn(item_fn) => {
                strip.strip(&mut item_fn.attrs);
                strip.visit_block_mut(&mut item_fn.block);
            }
            Item::Impl(item_impl) => {
                strip.strip(&mut item_impl.attrs);
                strip_impl(strip, item_impl);
            }
            Item::Trait(item_trait) => {
                strip.strip(&mut item_trait.attrs);
                strip_trait(strip, item_trait);
            }
            Item::Mod(inner) => {
                strip.strip(&mut inner.attrs);
                strip_module(strip, inner);
            }
            _ => {}
        }
    }
}

/// Whether an item inside a `#[haltable]` item is skipped: removes its `#[haltable(skip)]`,
/// and reports any other `#[haltable]` on it.
fn is_skipped(attrs: &mut Vec<Attribute>) -> Result<bool> {
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
    errors.finish().map(|()| skipped)
}

/// Instruments a method of a `#[haltable]` impl or trait, or a fn of a `#[haltable]` module,
/// unless it has `#[haltable(skip)]` (removed) or no body.
fn instrument_member(
    attrs: &mut Vec<Attribute>,
    sig: &Signature,
    body: Option<&mut Block>,
    place: Place,
    bounded: &Bounded,
) -> Result<()> {
    let skipped = is_skipped(attrs)?;
    match body {
        Some(body) if !skipped => {
            accept::check_signature(sig, place)?;
            instrument(body, sig, bounded)
        }
        _ => Ok(()),
    }
}

/// Instruments one fn body.
//
// Input:  fn f(ARGS) -> R { BODY }
// Output: fn f(ARGS) -> R { PROLOGUE BODY' }
// where PROLOGUE is `emit::prologue` (with the handle read only when a closure of BODY
// carries it) and BODY' is BODY after the four rewrites, with the fns declared in it
// instrumented too.
//
// An `unsafe fn` body is left as written, and so is every `unsafe` block (see
// `crate::descend`): the author of unsafe code may rely on nothing in it unwinding, and a
// check is an unwind point. A halt then waits for the unsafe code to end.
//
// A fn with a non-unwinding ABI (`extern "C"`) is left as written too, behind a barrier
// (`emit::barrier`): unwinding out of it would abort the process, so nothing it calls
// unwinds for a halt; the halt is seen at the first check after it returns to Rust code.
fn instrument(body: &mut Block, sig: &Signature, bounded: &Bounded) -> Result<()> {
    let mut errors = Errors::default();
    NestedFns::instrument(body, &mut errors);
    let unwinds = accept::may_unwind(sig);
    if sig.unsafety.is_some() || !unwinds {
        let mut strip = StripSkip::default();
        strip.visit_block_mut(body);
        errors.add(strip.errors.map_or(Ok(()), Err));
        if !unwinds {
            body.stmts.insert(0, emit::barrier());
        }
        return errors.finish();
    }
    let bounded = bounded.seen_by(sig, body);
    let late_typed = crate::loops::late_typed_locals(body);
    LocalMacros.visit_block_mut(body);
    crate::chains::name_the_tail_target(body, sig);
    IterChains::new(&bounded, body, sig).visit_block_mut(body);
    let reads_handle = ClosureEntry::fn_body(body, sig, &bounded);
    StatementChecks::fn_body(body, &bounded);
    LoopChecks::new(&bounded, late_typed).visit_block_mut(body);
    let mut strip = StripSkip::default();
    strip.visit_block_mut(body);
    errors.add(strip.errors.map_or(Ok(()), Err));
    body.stmts.splice(0..0, emit::prologue(reads_handle));
    errors.finish()
}

/// Instruments the fns declared inside a body (`fn helper(..) { .. }` among its statements, at
/// any depth, closures included), each as a fn of its own, unless it is skipped or has a
/// `#[haltable]` of its own (which instruments it). A nested fn
/// that cannot be instrumented (`const`) is left as written:
/// the body around it asked for no more than what can be done.
struct NestedFns<'e> {
    errors: &'e mut Errors,
}

impl NestedFns<'_> {
    fn instrument(body: &mut Block, errors: &mut Errors) {
        NestedFns { errors }.visit_block_mut(body);
    }
}

impl VisitMut for NestedFns<'_> {
    fn visit_item_mut(&mut self, item: &mut Item) {
        if let Item::Fn(item_fn) = item {
            // A nested fn with a `#[haltable]` of its own is instrumented by that attribute.
            let own = item_fn
                .attrs
                .iter()
                .any(|attr| args::is_haltable(attr) && matches!(attr.meta, syn::Meta::Path(_)));
            if own {
                return;
            }
            match is_skipped(&mut item_fn.attrs) {
                Ok(false) if accept::check_signature(&item_fn.sig, Place::Fn).is_ok() => {
                    let result = instrument(&mut item_fn.block, &item_fn.sig, &Bounded::none());
                    self.errors.add(result);
                }
                Ok(_) => {}
                Err(error) => self.errors.add(Err(error)),
            }
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if !crate::skip::is_expr_skipped(expr) {
            visit_mut::visit_expr_mut(self, expr);
        }
    }
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
