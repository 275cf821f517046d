//! The fns of a `#[haltable]` module that run in bounded time, so that calling one is cheap.
//!
//! A call is expensive (see [`crate::cost`]) because the macro cannot see what the callee does.
//! In a `#[haltable] mod`, it can see the module's own fns, so a call to one of them by its name
//! (`mix(a, b)` or `self::mix(a, b)`) is cheap when that fn is *bounded*:
//! - its body is cheap, counting the calls to the bounded fns found so far as cheap: no loop,
//!   no call but to those fns and to core's constant-time methods, no macro but the cheap ones;
//! - found in rounds, from none: a fn that calls itself, or is part of a cycle of calls, is
//!   never found, as each of its calls waits for the other to be found first. So a bounded fn
//!   runs a bounded amount of code, and a halt is observed at its caller's next check.
//!
//! The macro sees names, not what they resolve to; so a name counts only where it surely
//! resolves to the module's fn. In the body that calls it, the name must not be bound by a
//! parameter or any pattern, declared by a nested item or `use`, or appear in a macro's tokens
//! (which may declare it), and the body must have no glob `use` (which may import it). A name
//! that the module defines more than once (under `#[cfg]`s) counts only if every definition is
//! bounded. Anything else is treated as it is outside a module: a call to an unknown fn.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{Block, Expr, ExprCall, Item, Signature, UseTree};

use crate::cost;

/// Names of fns known to run in bounded time, as one body sees them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bounded {
    fns: BTreeSet<String>,
}

impl Bounded {
    /// No fn is known: the body of a fn, impl or trait under `#[haltable]` of its own.
    pub(crate) const NONE: Bounded = Bounded {
        fns: BTreeSet::new(),
    };

    /// The bounded fns of a module whose items are `items` (see the module docs).
    pub(crate) fn of_module(items: &[Item]) -> Bounded {
        let mut definitions = BTreeMap::<String, Vec<(&Signature, &Block)>>::new();
        for item in items {
            if let Item::Fn(item_fn) = item {
                definitions
                    .entry(item_fn.sig.ident.to_string())
                    .or_default()
                    .push((&item_fn.sig, &item_fn.block));
            }
        }
        let mut bounded = Bounded::default();
        loop {
            let found: Vec<String> = definitions
                .iter()
                .filter(|(name, _)| !bounded.fns.contains(*name))
                .filter(|(_, bodies)| {
                    bodies.iter().all(|(sig, body)| {
                        !cost::of_block(body, &bounded.seen_by(sig, body)).is_expensive()
                    })
                })
                .map(|(name, _)| name.clone())
                .collect();
            if found.is_empty() {
                return bounded;
            }
            bounded.fns.extend(found);
        }
    }

    /// The bounded fns as the fn with `sig` and `body` sees them: less the names it may bind
    /// to something else (see the module docs).
    pub(crate) fn seen_by(&self, sig: &Signature, body: &Block) -> Bounded {
        if self.fns.is_empty() {
            return Bounded::NONE;
        }
        let mut names = Names::default();
        names.visit_signature(sig);
        names.visit_block(body);
        if names.glob {
            return Bounded::NONE;
        }
        Bounded {
            fns: self.fns.difference(&names.bound).cloned().collect(),
        }
    }

    /// Whether `call` calls one of the bounded fns: `name(..)` or `self::name(..)`, with or
    /// without generic arguments.
    pub(crate) fn is_bounded_call(&self, call: &ExprCall) -> bool {
        let Expr::Path(path) = &*call.func else {
            return false;
        };
        let segments = &path.path.segments;
        let name = match (segments.first(), segments.last()) {
            (Some(only), _) if segments.len() == 1 => only,
            (Some(first), Some(last)) if segments.len() == 2 && first.ident == "self" => {
                if !first.arguments.is_none() {
                    return false;
                }
                last
            }
            _ => return false,
        };
        path.qself.is_none()
            && path.path.leading_colon.is_none()
            && self.fns.contains(&name.ident.to_string())
    }
}

/// The names a fn may bind to something other than its module's items.
#[derive(Default)]
struct Names {
    bound: BTreeSet<String>,
    /// A glob `use`: it may import any name.
    glob: bool,
}

impl Names {
    fn idents(&mut self, tokens: TokenStream) {
        for tree in tokens {
            match tree {
                TokenTree::Ident(ident) => {
                    self.bound.insert(ident.to_string());
                }
                TokenTree::Group(group) => self.idents(group.stream()),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        self.bound.insert(pat.ident.to_string());
        visit::visit_pat_ident(self, pat);
    }

    fn visit_item(&mut self, item: &'ast Item) {
        let name = match item {
            Item::Fn(i) => Some(&i.sig.ident),
            Item::Const(i) => Some(&i.ident),
            Item::Static(i) => Some(&i.ident),
            Item::Struct(i) => Some(&i.ident),
            Item::Enum(i) => Some(&i.ident),
            Item::Mod(i) => Some(&i.ident),
            Item::ExternCrate(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(name) = name {
            self.bound.insert(name.to_string());
        }
        visit::visit_item(self, item);
    }

    fn visit_use_tree(&mut self, tree: &'ast UseTree) {
        match tree {
            UseTree::Name(name) => {
                self.bound.insert(name.ident.to_string());
            }
            UseTree::Rename(rename) => {
                self.bound.insert(rename.rename.to_string());
            }
            UseTree::Glob(_) => self.glob = true,
            UseTree::Path(_) | UseTree::Group(_) => {}
        }
        visit::visit_use_tree(self, tree);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.idents(mac.tokens.clone());
    }

    fn visit_item_foreign_mod(&mut self, foreign: &'ast syn::ItemForeignMod) {
        self.idents(quote::ToTokens::to_token_stream(foreign));
    }
}
