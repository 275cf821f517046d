//! The `#[haltable(skip)]` opt-out inside a body.
//!
//! On a loop, closure, block or statement (`let`, expression or macro statement) inside a
//! `#[haltable]` body, `#[haltable(skip)]` leaves that whole subtree exactly as written: no
//! checkpoints, no chunking, no closure entry. The rewrites do not descend into it (see
//! [`crate::descend`]); [`StripSkip`] then removes the attribute.
//!
//! The code around it is instrumented as usual, and counts the skipped code as what it is (see
//! [`crate::cost`]): an expensive skipped statement still gets the checkpoint *before* it, which
//! lies outside the subtree. So a halt requested while skipped code runs takes effect when that
//! code has finished and control reaches the next checkpoint after it (or a checkpoint in a
//! `#[haltable]` fn that it calls).

use proc_macro2::{TokenStream, TokenTree};
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Error, Expr, Local, Stmt};

use crate::args::{self, Inner};

/// The attributes of an expression (`None` for kinds that have none, e.g. `Verbatim`).
fn attrs(expr: &Expr) -> Option<&Vec<Attribute>> {
    macro_rules! attrs_of {
        ($($kind:ident)*) => {
            match expr {
                $(Expr::$kind(e) => Some(&e.attrs),)*
                _ => None,
            }
        };
    }
    attrs_of!(Array Assign Async Await Binary Block Break Call Cast Closure Const Continue Field
        ForLoop Group If Index Infer Let Lit Loop Macro Match MethodCall Paren Path Range RawAddr
        Reference Repeat Return Struct Try TryBlock Tuple Unary Unsafe While Yield)
}

fn attrs_mut(expr: &mut Expr) -> Option<&mut Vec<Attribute>> {
    macro_rules! attrs_of {
        ($($kind:ident)*) => {
            match expr {
                $(Expr::$kind(e) => Some(&mut e.attrs),)*
                _ => None,
            }
        };
    }
    attrs_of!(Array Assign Async Await Binary Block Break Call Cast Closure Const Continue Field
        ForLoop Group If Index Infer Let Lit Loop Macro Match MethodCall Paren Path Range RawAddr
        Reference Repeat Return Struct Try TryBlock Tuple Unary Unsafe While Yield)
}

/// Whether `attr` is `#[haltable(skip)]`.
fn is_skip(attr: &Attribute) -> bool {
    matches!(args::inner(attr), Some(Inner::Skip))
}

/// The attributes that apply to `expr` as a whole statement.
///
/// syn attaches the attributes of a statement such as `#[a] x = f();` to its leftmost operand
/// (`x`), whereas rustc applies them to the whole statement; so this looks down the left side
/// of binary, assignment and cast expressions as well. An iterator, not a collection: every
/// rewrite asks it of every expression ([`is_expr_skipped`]).
fn statement_attrs(expr: &Expr) -> impl Iterator<Item = &Attribute> {
    std::iter::successors(Some(expr), |expr| match expr {
        Expr::Binary(binary) => Some(&binary.left),
        Expr::Assign(assign) => Some(&assign.left),
        Expr::Cast(cast) => Some(&cast.expr),
        _ => None,
    })
    .flat_map(|expr| attrs(expr).into_iter().flatten())
}

/// Takes the attributes that apply to `expr` as a whole statement off it (see
/// [`statement_attrs`]), leftmost operand first.
pub(crate) fn take_statement_attrs(expr: &mut Expr) -> Vec<Attribute> {
    let mut taken = attrs_mut(expr).map(std::mem::take).unwrap_or_default();
    match expr {
        Expr::Binary(binary) => taken.extend(take_statement_attrs(&mut binary.left)),
        Expr::Assign(assign) => taken.extend(take_statement_attrs(&mut assign.left)),
        Expr::Cast(cast) => taken.extend(take_statement_attrs(&mut cast.expr)),
        _ => {}
    }
    taken
}

/// The lint levels an attribute may set.
const LEVELS: [&str; 5] = ["allow", "expect", "warn", "deny", "forbid"];

/// Whether `tokens`, at any depth, name one of `wanted`.
fn names(tokens: TokenStream, wanted: &[&str]) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => wanted.iter().any(|name| ident == name),
        TokenTree::Group(group) => names(group.stream(), wanted),
        _ => false,
    })
}

/// A statement's lint attributes that may set the level of `unreachable_code` (`allow`,
/// `expect`, `warn`, `deny` or `forbid` naming it, `unused` or `warnings`, also under a
/// `cfg_attr`, which the macro sees unexpanded): a check emitted before the statement would be
/// outside that level (see `crate::statements`).
pub(crate) fn unreachable_levels(stmt: &Stmt) -> Vec<&Attribute> {
    stmt_attrs(stmt)
        .into_iter()
        .filter(|attr| {
            let Ok(list) = attr.meta.require_list() else {
                return false;
            };
            let level = LEVELS.iter().any(|level| attr.path().is_ident(level))
                || (attr.path().is_ident("cfg_attr") && names(list.tokens.clone(), &LEVELS));
            level
                && names(
                    list.tokens.clone(),
                    &["unreachable_code", "unused", "warnings"],
                )
        })
        .collect()
}

/// Of [`unreachable_levels`], the `allow`s (also under a `cfg_attr` that sets no other level):
/// what a check before a statement that cannot be put in a block with it (a `let`, a macro)
/// may carry as its own. The statement's own `allow` compiles, so a copy of it does (no
/// `forbid` above it).
pub(crate) fn unreachable_allows(stmt: &Stmt) -> Vec<Attribute> {
    unreachable_levels(stmt)
        .into_iter()
        .filter(|attr| {
            attr.path().is_ident("allow")
                || attr.meta.require_list().is_ok_and(|list| {
                    attr.path().is_ident("cfg_attr")
                        && names(list.tokens.clone(), &["allow"])
                        && !names(list.tokens.clone(), &LEVELS[1..])
                })
        })
        .cloned()
        .collect()
}

/// Whether `expr` is under `#[haltable(skip)]` (see [`statement_attrs`]).
pub(crate) fn is_expr_skipped(expr: &Expr) -> bool {
    statement_attrs(expr).any(is_skip)
}

/// The attributes of a statement (`#[a] let x = ..;`, `#[a] f();`, `#[a] m!();`).
fn stmt_attrs(stmt: &Stmt) -> Vec<&Attribute> {
    match stmt {
        Stmt::Local(local) => local.attrs.iter().collect(),
        Stmt::Expr(expr, _) => statement_attrs(expr).collect(),
        Stmt::Macro(mac) => mac.attrs.iter().collect(),
        Stmt::Item(_) => Vec::new(),
    }
}

/// Whether a whole statement is under `#[haltable(skip)]`.
pub(crate) fn is_stmt_skipped(stmt: &Stmt) -> bool {
    stmt_attrs(stmt).into_iter().any(is_skip)
}

/// The `#[cfg(..)]` attributes of a statement: a statement that the macro puts before it must
/// carry them too, so that both are there or both are not (`#[cfg(feature = "x")] tail()` as
/// the last of two tails chosen by `cfg`; see `crate::statements`).
pub(crate) fn stmt_cfgs(stmt: &Stmt) -> Vec<Attribute> {
    stmt_attrs(stmt)
        .into_iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .cloned()
        .collect()
}

/// Removes every `#[haltable(skip)]` from a body, and reports (and removes) any other
/// `#[haltable]` in it.
///
/// Input:  `#[haltable(skip)] for x in v { work(x) }`
/// Output: `for x in v { work(x) }`
///
/// It descends into skipped code too (an inner `skip` is redundant, not wrong), but not into
/// nested items, whose attributes are theirs. Misplaced attributes are removed as well, so that
/// the item emitted after an error (see [`crate::expand::as_written`]) does not make rustc
/// expand them on their own and report more errors.
#[derive(Default)]
pub(crate) struct StripSkip {
    pub(crate) errors: Option<Error>,
}

impl StripSkip {
    pub(crate) fn strip(&mut self, attrs: &mut Vec<Attribute>) {
        attrs.retain(|attr| match args::inner(attr) {
            None => true,
            Some(Inner::Skip) => false,
            Some(Inner::Misplaced(error)) => {
                match &mut self.errors {
                    Some(errors) => errors.combine(error),
                    None => self.errors = Some(error),
                }
                false
            }
        });
    }
}

impl VisitMut for StripSkip {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Some(attrs) = attrs_mut(expr) {
            self.strip(attrs);
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_local_mut(&mut self, local: &mut Local) {
        self.strip(&mut local.attrs);
        visit_mut::visit_local_mut(self, local);
    }

    fn visit_stmt_macro_mut(&mut self, mac: &mut syn::StmtMacro) {
        self.strip(&mut mac.attrs);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}
