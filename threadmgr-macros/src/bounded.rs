//! The fns of a `#[haltable]` module or inherent impl that run in bounded time, so that calling
//! one is cheap.
//!
//! A call is expensive (see [`crate::cost`]) because the macro cannot see what the callee does.
//! In a `#[haltable] mod`, it can see the module's own fns, so a call to one of them by its name
//! (`mix(a, b)` or `self::mix(a, b)`) is cheap when that fn is *bounded*. Likewise in a
//! `#[haltable]` inherent impl (`impl S { .. }`, not `impl Trait for S`), for a call to one of its
//! own associated fns as `Self::name(..)`, or to one of its methods as `self.name(..)` from a
//! method with the same receiver (`&self`, `&mut self` or `self`). A fn is bounded when:
//! - its body is cheap, counting the calls to the bounded fns found so far as cheap: no loop,
//!   no call but to those fns and to core's methods on primitive values (see [`crate::prims`]),
//!   no macro but the cheap ones;
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
//!
//! In an inherent impl, `Self::name` cannot be shadowed, and names an inherent associated fn
//! before any trait's. `self.name()` does too when the two receivers are the same: method
//! lookup tries the receiver's own type first, inherent methods before trait methods; with
//! different receivers (`&mut self` calling a `&self` method), a trait method that takes the
//! caller's receiver type by value would be found first, so such a call does not count. A trait
//! impl's `Self::name` may name an inherent fn of another impl block, and a trait's default
//! body calls whatever the impl provides: neither counts.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};
use syn::{
    Block, Expr, ExprCall, ExprMethodCall, FnArg, ImplItem, Item, ItemImpl, Signature, UseTree,
};

use crate::cost;
use crate::prims::Prims;

/// Names of fns known to run in bounded time, as one body sees them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bounded {
    /// Free fns of the module, called by name.
    fns: BTreeSet<String>,
    /// Associated fns of the inherent impl, called as `Self::name`, with their receivers.
    associated: BTreeMap<String, Receiver>,
    /// The receiver of the fn whose body this is, for `self.name(..)` calls.
    receiver: Receiver,
    /// Whether the operators of this body count as calls: it is a method that an operator may
    /// call (see [`may_be_called_by_an_operator`]).
    operators_call: bool,
    /// The body's parameters of a primitive type, for calls that surely run core's code (see
    /// [`crate::prims`]).
    prims: Prims,
    /// The name of the fn whose body this is: a call of it is a call, whatever its case (see
    /// `crate::cost::is_constructor`).
    own_name: String,
}

/// How a fn takes `self`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Receiver {
    /// No `self`, or a typed one (`self: Box<Self>`).
    #[default]
    None,
    /// `self` or `mut self`.
    Value,
    /// `&self`.
    Ref,
    /// `&mut self`.
    RefMut,
}

impl Receiver {
    fn of(sig: &Signature) -> Receiver {
        match sig.inputs.first() {
            Some(FnArg::Receiver(receiver)) if receiver.colon_token.is_none() => {
                match &receiver.reference {
                    None => Receiver::Value,
                    Some(_) if receiver.mutability.is_some() => Receiver::RefMut,
                    Some(_) => Receiver::Ref,
                }
            }
            _ => Receiver::None,
        }
    }
}

impl Bounded {
    /// No fn is known: the body of a fn, impl or trait under `#[haltable]` of its own.
    pub(crate) fn none() -> Bounded {
        Bounded {
            fns: BTreeSet::new(),
            associated: BTreeMap::new(),
            receiver: Receiver::None,
            operators_call: false,
            prims: Prims::none(),
            own_name: String::new(),
        }
    }

    /// The bounded fns of a module whose items are `items` (see the module docs).
    pub(crate) fn of_module(items: &[Item]) -> Bounded {
        let fns = items.iter().filter_map(|item| match item {
            Item::Fn(item_fn) => Some((&item_fn.sig, &*item_fn.block)),
            _ => None,
        });
        let with = |found: &BTreeSet<String>| Bounded {
            fns: found.clone(),
            ..Bounded::default()
        };
        with(&found_in_rounds(fns, with))
    }

    /// The bounded fns that the methods of `item_impl` see: those of the enclosing module
    /// (`self`), and for an inherent impl, its own (see the module docs).
    pub(crate) fn of_impl(&self, item_impl: &ItemImpl) -> Bounded {
        if item_impl.trait_.is_some() {
            return self.clone();
        }
        let methods: Vec<(&Signature, &Block)> = item_impl
            .items
            .iter()
            .filter_map(|item| match item {
                ImplItem::Fn(method) => Some((&method.sig, &method.block)),
                _ => None,
            })
            .collect();
        // A name defined twice (under `#[cfg]`s) with two receivers counts for neither.
        let mut receivers = BTreeMap::<String, Receiver>::new();
        for (sig, _) in &methods {
            let receiver = Receiver::of(sig);
            receivers
                .entry(sig.ident.to_string())
                .and_modify(|known| {
                    if *known != receiver {
                        *known = Receiver::None;
                    }
                })
                .or_insert(receiver);
        }
        let with = |found: &BTreeSet<String>| Bounded {
            associated: found
                .iter()
                .map(|name| (name.clone(), receivers[name]))
                .collect(),
            ..self.clone()
        };
        let found = found_in_rounds(methods.iter().copied(), with);
        with(&found)
    }

    /// The bounded fns as the fn with `sig` and `body` sees them: less the names it may bind
    /// to something else (see the module docs).
    pub(crate) fn seen_by(&self, sig: &Signature, body: &Block) -> Bounded {
        let receiver = Receiver::of(sig);
        let operators_call = may_be_called_by_an_operator(sig);
        // One walk of the body for both: the primitive rule wants the body's names alone.
        let mut names = Names::default();
        names.visit_block(body);
        let prims = Prims::of(sig, body, &names);
        let own_name = sig.ident.to_string();
        if self.fns.is_empty() {
            return Bounded {
                receiver,
                operators_call,
                prims,
                own_name,
                ..self.clone()
            };
        }
        names.visit_signature(sig);
        let fns = if names.glob {
            BTreeSet::new()
        } else {
            self.fns
                .iter()
                .filter(|name| !names.binds(name))
                .cloned()
                .collect()
        };
        Bounded {
            fns,
            associated: self.associated.clone(),
            receiver,
            operators_call,
            prims,
            own_name,
        }
    }

    /// The name of the fn whose body this is (empty outside one).
    pub(crate) fn own_name(&self) -> &str {
        &self.own_name
    }

    /// What the body of `closure`, made in this body, sees: this body's bounded fns, and the
    /// primitive types of the closure's parameters too (see [`Prims::with_closure`]).
    pub(crate) fn for_closure(&self, closure: &syn::ExprClosure) -> Bounded {
        Bounded {
            prims: self.prims.with_closure(closure),
            ..self.clone()
        }
    }

    /// What the body knows of its parameters' primitive types (see [`crate::prims`]).
    pub(crate) fn prims(&self) -> &Prims {
        &self.prims
    }

    /// Whether an operator (`a + b`, `a == b`, `-a`, `*a`, `a[i]`, `a += b`) in this body
    /// counts as a call (see [`crate::cost`]).
    pub(crate) fn operators_call(&self) -> bool {
        self.operators_call
    }

    /// Whether `call` calls one of the bounded fns: `name(..)` or `self::name(..)` for a fn of
    /// the module, `Self::name(..)` for one of the impl, with or without generic arguments.
    pub(crate) fn is_bounded_call(&self, call: &ExprCall) -> bool {
        let Expr::Path(path) = &*call.func else {
            return false;
        };
        if path.qself.is_some() || path.path.leading_colon.is_some() {
            return false;
        }
        let segments: Vec<_> = path.path.segments.iter().collect();
        let (scope, name) = match segments[..] {
            [name] => (None, name.ident.to_string()),
            [scope, name] if scope.arguments.is_none() => {
                (Some(&scope.ident), name.ident.to_string())
            }
            _ => return false,
        };
        match scope {
            None => self.fns.contains(&name),
            Some(scope) if scope == "self" => self.fns.contains(&name),
            Some(scope) if scope == "Self" => self.associated.contains_key(&name),
            Some(_) => false,
        }
    }

    /// Whether `call` is `self.name(..)` for a bounded method of the impl with the same
    /// receiver as the calling fn (see the module docs).
    pub(crate) fn is_bounded_method_call(&self, call: &ExprMethodCall) -> bool {
        let is_self = matches!(&*call.receiver, Expr::Path(path)
            if path.qself.is_none() && path.path.is_ident("self"));
        is_self
            && self.receiver != Receiver::None
            && self.associated.get(&call.method.to_string()) == Some(&self.receiver)
    }
}

/// The names of `fns` (several may share one, under `#[cfg]`s) whose bodies are cheap when the
/// names found so far are known as `known(found)`: found in rounds from none, so that no fn that
/// recurses is ever found (see the module docs).
fn found_in_rounds<'a>(
    fns: impl Iterator<Item = (&'a Signature, &'a Block)>,
    known: impl Fn(&BTreeSet<String>) -> Bounded,
) -> BTreeSet<String> {
    let mut definitions = BTreeMap::<String, Vec<(&Signature, &Block)>>::new();
    for (sig, body) in fns {
        definitions
            .entry(sig.ident.to_string())
            .or_default()
            .push((sig, body));
    }
    let mut found = BTreeSet::new();
    loop {
        let bounded = known(&found);
        let round: Vec<String> = definitions
            .iter()
            .filter(|(name, _)| !found.contains(*name))
            .filter(|(_, bodies)| {
                bodies.iter().all(|(sig, body)| {
                    !cost::of_block(body, &bounded.seen_by(sig, body)).is_expensive()
                })
            })
            .map(|(name, _)| name.clone())
            .collect();
        if round.is_empty() {
            return found;
        }
        found.extend(round);
    }
}

/// The names a body (or a fn, with its signature) binds or declares: every name a pattern
/// binds, every item and `use` it declares, and every identifier in a macro's tokens (which
/// may bind or declare it); so the names it may bind to something other than its module's
/// items (here), or than the primitive types and the fn's parameters (`crate::prims`).
#[derive(Default)]
pub(crate) struct Names {
    /// A glob `use`: it may import any name.
    pub(crate) glob: bool,
    /// How many patterns bind each name.
    pub(crate) patterns: BTreeMap<String, usize>,
    /// The names declared or mentioned other than by a pattern: items, `use`s, macro tokens.
    pub(crate) declared: BTreeSet<String>,
}

impl Names {
    /// Whether a pattern binds `name`, or it is declared or in a macro's tokens.
    pub(crate) fn binds(&self, name: &str) -> bool {
        self.patterns.contains_key(name) || self.declared.contains(name)
    }

    /// Records a name declared other than by a pattern.
    fn declare(&mut self, name: String) {
        self.declared.insert(name);
    }

    fn idents(&mut self, tokens: TokenStream) {
        for ident in idents(tokens) {
            self.declare(ident.to_string());
        }
    }
}

/// Every identifier in `tokens`, at any depth, in order.
pub(crate) fn idents(tokens: TokenStream) -> impl Iterator<Item = proc_macro2::Ident> {
    let mut stack = vec![tokens.into_iter()];
    std::iter::from_fn(move || {
        loop {
            match stack.last_mut()?.next() {
                Some(TokenTree::Ident(ident)) => return Some(ident),
                Some(TokenTree::Group(group)) => stack.push(group.stream().into_iter()),
                Some(TokenTree::Punct(_) | TokenTree::Literal(_)) => {}
                None => {
                    stack.pop();
                }
            }
        }
    })
}

/// The identifiers of a piece of syntax, at any depth: those that [`idents`] finds in its
/// tokens (macro invocations' and attributes' tokens included), found without printing it, but
/// for keywords (`let`, `as`, a receiver's `self`), which no pattern binds. Printing syntax
/// into tokens and walking them is slow in a proc macro, whose tokens live in the compiler.
#[derive(Default)]
pub(crate) struct IdentsIn(pub(crate) BTreeSet<String>);

impl IdentsIn {
    pub(crate) fn of_stmt(stmt: &syn::Stmt) -> BTreeSet<String> {
        let mut found = IdentsIn::default();
        found.visit_stmt(stmt);
        found.0
    }

    pub(crate) fn of_expr(expr: &syn::Expr) -> BTreeSet<String> {
        let mut found = IdentsIn::default();
        found.visit_expr(expr);
        found.0
    }

    fn tokens(&mut self, tokens: &TokenStream) {
        self.0
            .extend(idents(tokens.clone()).map(|ident| ident.to_string()));
    }
}

/// `Visit` methods that take the identifiers of a node kept as tokens (`Verbatim`) from its
/// tokens, and walk any other node as usual.
macro_rules! verbatim {
    ($($visit:ident, $node:ident;)*) => {$(
        fn $visit(&mut self, node: &'ast syn::$node) {
            match node {
                syn::$node::Verbatim(tokens) => self.tokens(tokens),
                _ => visit::$visit(self, node),
            }
        }
    )*};
}

impl<'ast> Visit<'ast> for IdentsIn {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.0.insert(ident.to_string());
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        visit::visit_macro(self, mac);
        self.tokens(&mac.tokens);
    }

    fn visit_meta_list(&mut self, list: &'ast syn::MetaList) {
        visit::visit_meta_list(self, list);
        self.tokens(&list.tokens);
    }

    // Syntax that `syn` keeps as tokens: its identifiers are in them.
    verbatim! {
        visit_expr, Expr;
        visit_type, Type;
        visit_pat, Pat;
        visit_item, Item;
        visit_foreign_item, ForeignItem;
        visit_impl_item, ImplItem;
        visit_trait_item, TraitItem;
        visit_type_param_bound, TypeParamBound;
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
        *self.patterns.entry(pat.ident.to_string()).or_default() += 1;
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
            Item::ExternCrate(i) => Some(i.rename.as_ref().map_or(&i.ident, |(_, r)| r)),
            Item::Type(i) => Some(&i.ident),
            Item::Trait(i) => Some(&i.ident),
            Item::TraitAlias(i) => Some(&i.ident),
            Item::Union(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(name) = name {
            self.declare(name.to_string());
        }
        visit::visit_item(self, item);
    }

    fn visit_use_tree(&mut self, tree: &'ast UseTree) {
        match tree {
            UseTree::Name(name) => {
                self.declare(name.ident.to_string());
            }
            UseTree::Rename(rename) => {
                self.declare(rename.rename.to_string());
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

/// The methods that Rust calls for an operator, a comparison, an index, a dereference or a
/// drop: those of the traits in `core::ops` and `core::cmp` that the language desugars to.
const OPERATOR_METHODS: &[&str] = &[
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "partial_cmp",
    "cmp",
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "neg",
    "not",
    "bitand",
    "bitor",
    "bitxor",
    "shl",
    "shr",
    "add_assign",
    "sub_assign",
    "mul_assign",
    "div_assign",
    "rem_assign",
    "bitand_assign",
    "bitor_assign",
    "bitxor_assign",
    "shl_assign",
    "shr_assign",
    "index",
    "index_mut",
    "deref",
    "deref_mut",
    "drop",
];

/// Whether a fn may be an operator's implementation: a method (it has a `self` parameter) named
/// as one of the methods Rust calls for an operator ([`OPERATOR_METHODS`]).
///
/// Such a method is called with no call expression in sight (`a == b`, `x[i]`, a value going
/// out of scope), so a recursion through it can have no call in it at all:
/// `fn eq(&self, other: &Self) -> bool { self.kids == other.kids }` compares the children, which
/// calls this `eq` again for each of them, from library code. In its body, operators count as
/// calls, so it checks on entry when its body uses one. The macro sees the method alone (a
/// `#[haltable] fn eq` in an impl that is not annotated), so the name and the receiver are
/// what it goes by; an inherent method with one of these names gets the same check, which
/// costs it a check and no more.
fn may_be_called_by_an_operator(sig: &Signature) -> bool {
    sig.receiver().is_some() && OPERATOR_METHODS.contains(&sig.ident.to_string().as_str())
}

#[cfg(test)]
mod tests {
    use super::{IdentsIn, idents};
    use quote::ToTokens;

    /// `IdentsIn` finds what `idents` finds in the printed statement, but keywords (and `_`,
    /// an identifier token too): none of them is a name a pattern binds.
    #[test]
    fn idents_in_finds_the_printed_identifiers_but_keywords() {
        let keywords = [
            "let", "mut", "ref", "as", "in", "for", "if", "else", "match", "loop", "while",
            "break", "continue", "return", "move", "fn", "impl", "struct", "const", "static",
            "unsafe", "use", "where", "dyn", "async", "await", "true", "false", "_",
        ];
        let body: syn::Block = syn::parse_quote! {{
            let mut total: u64 = helper::<Item>(&items, |x: &Item| x.weight as u64);
            #[cfg(feature = "extra")] let extra = 1;
            'outer: for (i, r#type) in pairs.iter().enumerate() {
                if let Some(Point { x, y: ref yy }) = lookup(i) { break 'outer; }
                total += format!("{name}{}", r#type.len()).len() as u64;
            }
            fn nested<'a, T: Bound + 'a>(v: &'a T) -> impl Fn() + 'a where T: Other { move || v.go() }
            match total { n @ 1..=9 if n > limit => return Err(Error::Small), _ => {} }
            self.field.await_value = unsafe { *ptr };
        }};
        for stmt in &body.stmts {
            let walked = IdentsIn::of_stmt(stmt);
            let printed: std::collections::BTreeSet<String> = idents(stmt.to_token_stream())
                .map(|ident| ident.to_string())
                .filter(|ident| !keywords.contains(&ident.as_str()))
                .collect();
            assert_eq!(walked, printed, "{}", stmt.to_token_stream());
        }
    }
}
