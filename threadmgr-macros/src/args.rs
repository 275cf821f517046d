//! What `#[haltable(...)]` accepts: nothing on an item; `skip` on code inside a body, and on a
//! method of a `#[haltable]` `impl` or `trait`.

use proc_macro2::TokenTree;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Error, Meta, Result};

mod kw {
    syn::custom_keyword!(skip);
}

/// The arguments of `#[haltable]` on an item: there are none.
pub(crate) struct ItemArgs;

impl Parse for ItemArgs {
    fn parse(input: ParseStream<'_>) -> Result<Self> {
        if input.is_empty() {
            return Ok(ItemArgs);
        }
        if input.peek(kw::skip) {
            let skip: kw::skip = input.parse()?;
            return Err(Error::new_spanned(
                skip,
                "`#[haltable(skip)]` opts code out inside a `#[haltable]` body (a loop, closure, \
                 block or statement) or a method out of a `#[haltable]` impl or trait; on an item \
                 of its own it means nothing: write `#[haltable]` to instrument it, or remove the \
                 attribute",
            ));
        }
        let unknown: TokenTree = input.parse()?;
        Err(Error::new_spanned(
            &unknown,
            format!(
                "unknown argument `{unknown}`: `#[haltable]` takes no arguments; remove it \
                 (`#[haltable(skip)]` is only for opting code out inside a `#[haltable]` body)"
            ),
        ))
    }
}

/// A `#[haltable]` attribute found inside an instrumented item.
pub(crate) enum Inner {
    /// `#[haltable(skip)]`: leave this code as written.
    Skip,
    /// A bare `#[haltable]`, or one with arguments other than `skip`: an error to report.
    Misplaced(Error),
}

/// Whether `attr` is a `#[haltable...]` attribute (also spelled `#[threadmgr::haltable...]`).
pub(crate) fn is_haltable(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "haltable")
}

/// Reads a `#[haltable...]` attribute found inside an instrumented item; `None` for any other
/// attribute.
pub(crate) fn inner(attr: &Attribute) -> Option<Inner> {
    if !is_haltable(attr) {
        return None;
    }
    Some(match &attr.meta {
        Meta::List(list) => match list.parse_args_with(|input: ParseStream<'_>| {
            let skip: kw::skip = input.parse()?;
            Ok(skip)
        }) {
            Ok(_) => Inner::Skip,
            Err(_) => Inner::Misplaced(Error::new_spanned(
                &list.tokens,
                format!(
                    "unknown argument `{}`: inside a `#[haltable]` item, only \
                     `#[haltable(skip)]` is accepted (it leaves the code it is on uninstrumented)",
                    list.tokens
                ),
            )),
        },
        _ => Inner::Misplaced(Error::new_spanned(
            attr,
            "this code is inside a `#[haltable]` item and is instrumented already: remove this \
             attribute, or write `#[haltable(skip)]` to leave this code uninstrumented",
        )),
    })
}
