//! The items `#[haltable]` accepts, and the signatures it refuses.
//!
//! Accepted: any fn with a body (free fns, methods, trait methods with a default body; generic,
//! `async`, `unsafe`, `extern "C"`, `-> !`, with `impl Trait`, lifetimes or patterns in
//! arguments), an
//! `impl` block (every method with a body), a `trait` (every default body) and an inline module
//! (every fn, `impl`, `trait` and inline module in it). A trait method declaration without a
//! body is left as it is; so is the body of a fn with a non-unwinding ABI, behind a barrier
//! (see `expand::instrument`).
//!
//! Refused, each with an error on the culprit that says what to do: `const fn` (also in a
//! `#[haltable]` impl, trait or module), a foreign fn (no body), and any other item.
//!
//! An `async fn` is instrumented as any fn: its body runs when its future is polled, and its
//! checks see the token of the thread that polls it. Polled by `block_on` inside a job, a halt
//! unwinds out of the poll and the job ends `Halted`; on an executor's worker thread, which has
//! no token, the checks never fire.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Error, ForeignItem, ForeignItemFn, GenericParam, Item, Result, Signature};

/// An item under `#[haltable]`.
pub(crate) enum Target {
    Fn(syn::ItemFn),
    Impl(syn::ItemImpl),
    Trait(syn::ItemTrait),
    /// An inline module (`mod m { .. }`).
    Mod(syn::ItemMod),
    /// A trait method declaration (`fn f(&self);`): nothing to instrument, left as it is.
    Declaration(TokenStream),
}

impl Target {
    /// The item `tokens` are, parsed once (a `Parse` impl would walk them into a buffer, out
    /// into a new stream and into a second buffer: slow in a proc macro, whose tokens live in
    /// the compiler).
    pub(crate) fn of(tokens: TokenStream) -> Result<Self> {
        let item = match syn::parse2::<Item>(tokens.clone()) {
            Ok(item) => item,
            // A fn item of an `unsafe extern` block, such as `safe fn f();`, is no item.
            Err(error) => return declaration(tokens).unwrap_or(Err(error)),
        };
        match item {
            Item::Fn(item_fn) => Ok(Target::Fn(item_fn)),
            Item::Impl(item_impl) => Ok(Target::Impl(item_impl)),
            Item::Trait(item_trait) => Ok(Target::Trait(item_trait)),
            Item::Mod(item_mod) if item_mod.content.is_some() => Ok(Target::Mod(item_mod)),
            // Mostly `fn f();`, which syn keeps as tokens.
            Item::Verbatim(tokens) => declaration(tokens.clone()).unwrap_or_else(|| {
                Err(Error::new_spanned(
                    tokens,
                    "`#[haltable]` instruments fn bodies: put it on a fn, an `impl` block, a \
                     `trait` or an inline `mod`",
                ))
            }),
            other => Err(not_a_fn(&other)),
        }
    }
}

/// A fn without a body: a trait method declaration, or a foreign fn (in an `extern` block);
/// `None` if `tokens` are no fn.
///
/// Both are the same tokens, `fn f(..);`, and the attribute cannot see what is around them. It
/// is taken for a trait method if it has what a foreign fn cannot have: a `self` receiver, a
/// mention of `Self`, type or const generics, or an ABI; otherwise it is taken for a foreign fn
/// (an error, which says what to do in both cases).
fn declaration(tokens: TokenStream) -> Option<Result<Target>> {
    let decl = match syn::parse2::<ForeignItem>(tokens.clone()) {
        Ok(ForeignItem::Fn(decl)) => decl,
        // `safe fn f();`, a foreign fn that syn keeps as tokens.
        Ok(ForeignItem::Verbatim(verbatim)) if mentions(&verbatim, "fn") => {
            return Some(Err(foreign_fn(&verbatim)));
        }
        // An `async fn f(&self);` or `const fn`: no foreign fn has those.
        _ if syn::parse2::<syn::TraitItemFn>(tokens.clone()).is_ok() => {
            return Some(Ok(Target::Declaration(tokens)));
        }
        _ => return None,
    };
    Some(if looks_like_a_trait_method(&decl) {
        Ok(Target::Declaration(tokens))
    } else {
        Err(foreign_fn(&decl))
    })
}

fn looks_like_a_trait_method(decl: &ForeignItemFn) -> bool {
    let sig = &decl.sig;
    sig.receiver().is_some()
        || sig.abi.is_some()
        || sig
            .generics
            .params
            .iter()
            .any(|param| !matches!(param, GenericParam::Lifetime(_)))
        || mentions(&sig.to_token_stream(), "Self")
}

/// Whether `tokens` contain the identifier `name`, at any depth.
pub(crate) fn mentions(tokens: &TokenStream, name: &str) -> bool {
    crate::bounded::idents(tokens.clone()).any(|ident| ident == name)
}

fn foreign_fn(culprit: &dyn ToTokens) -> Error {
    Error::new_spanned(
        culprit,
        "`#[haltable]` needs a fn body to instrument, and this fn has none: for a foreign fn \
         (in an `extern` block), put `#[haltable]` on the Rust fn that calls it; for a trait \
         method declaration, put `#[haltable]` on the trait or on the impls that define it",
    )
}

fn not_a_fn(item: &Item) -> Error {
    let (keyword, name, what): (&dyn ToTokens, &dyn ToTokens, &str) = match item {
        Item::Const(i) => (&i.const_token, &i.ident, "a const item"),
        Item::Enum(i) => (&i.enum_token, &i.ident, "an enum"),
        Item::ExternCrate(i) => (&i.extern_token, &i.ident, "an `extern crate`"),
        Item::ForeignMod(i) => (
            &i.abi,
            &quote!(),
            "an `extern` block (put it on the Rust fns that call its fns)",
        ),
        Item::Macro(i) => (&i.mac.path, &i.mac.bang_token, "a macro"),
        Item::Mod(i) => (
            &i.mod_token,
            &i.ident,
            "a module declared in a file of its own (put it on the items in that file, or write \
             the module inline: `mod name { .. }`)",
        ),
        Item::Static(i) => (&i.static_token, &i.ident, "a static"),
        Item::Struct(i) => (&i.struct_token, &i.ident, "a struct"),
        Item::TraitAlias(i) => (&i.trait_token, &i.ident, "a trait alias"),
        Item::Type(i) => (&i.type_token, &i.ident, "a type alias"),
        Item::Union(i) => (&i.union_token, &i.ident, "a union"),
        Item::Use(i) => (&i.use_token, &i.tree, "a `use`"),
        other => (other, &quote!(), "this item"),
    };
    Error::new_spanned(
        quote!(#keyword #name),
        format!(
            "`#[haltable]` instruments fn bodies: put it on a fn, an `impl` block, a `trait` or \
             an inline `mod`, not on {what}"
        ),
    )
}

/// Where a signature is: a fn of its own, a method of a `#[haltable]` impl or trait, or a fn of
/// a `#[haltable]` module.
#[derive(Clone, Copy)]
pub(crate) enum Place {
    Fn,
    Impl,
    Trait,
    Module,
}

impl Place {
    /// What to do about a method this place cannot instrument.
    fn remedy(self) -> &'static str {
        match self {
            Place::Fn => "",
            Place::Impl => {
                "; or add `#[haltable(skip)]` to this method, or move it to an impl block \
                 without `#[haltable]`"
            }
            Place::Trait => "; or add `#[haltable(skip)]` to this method",
            Place::Module => {
                "; or add `#[haltable(skip)]` to this fn, or move it out of the `#[haltable]` \
                 module"
            }
        }
    }
}

/// Refuses the signatures whose bodies cannot be instrumented.
pub(crate) fn check_signature(sig: &Signature, place: Place) -> Result<()> {
    let remedy = place.remedy();
    if let Some(constness) = &sig.constness {
        let fix = match place {
            Place::Fn => "remove `#[haltable]` or the `const`",
            Place::Impl | Place::Trait | Place::Module => "remove the `const`",
        };
        return Err(Error::new_spanned(
            constness,
            format!(
                "`#[haltable]` cannot instrument a `const fn`: its checkpoints unwind when the \
                 job is halted, which a const fn can neither call nor do; {fix}{remedy}"
            ),
        ));
    }
    Ok(())
}

/// Whether a fn with this signature may unwind: a fn with any ABI but `"Rust"` or one ending
/// in `-unwind` aborts the process if something unwinds out of it.
pub(crate) fn may_unwind(sig: &Signature) -> bool {
    sig.abi.as_ref().is_none_or(|abi| {
        let name = abi
            .name
            .as_ref()
            .map_or("C".to_owned(), |name| name.value());
        name == "Rust" || name.ends_with("-unwind")
    })
}
