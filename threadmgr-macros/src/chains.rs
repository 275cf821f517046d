//! Checks where an iterator chain's loop is: at its source.
//!
//! The loop of `(0u64..).map(f).filter(g).count()` is inside library code (`count`'s fold, and
//! `filter`'s `next`, which skips items until one passes): no check of the body runs while it
//! goes on, and a check inside each closure would keep the chain from vectorizing. So the
//! receiver of an iterator method is wrapped in a probe, which picks a wrapper by the
//! receiver's type at compile time (see `threadmgr::__private::probe`): a checked iterator for
//! one that may be unbounded (`0..`, `successors`, `cycle()`, a user's iterator), sub-range
//! folds for a range of integers, the token carried to the workers for a rayon parallel
//! iterator, and nothing for the rest (an iterator over data in memory, an adapter over a
//! checked one, or no iterator at all: `Option::map`). Every item the chain pulls then passes
//! a check at most a chunk of time apart, wherever the loop is, and the closures need none.
//! A consumed chain that passes no code of its own (no argument but literals:
//! `(1..=n).collect()`) is probed with `wrap_bare`, which leaves a range of integers as it is:
//! such a chain runs only std's code, a library loop like `sort`'s (see `threadmgr::chain`).
//!
//! Only chains consumed where they are written are wrapped: a chain whose outermost method
//! consumes it (`count`, `sum`, `fold`, `for_each`, `collect`, `any`, `max`, ...), the argument
//! of an `extend` (`v.extend((0..n).map(f))`, see [`extends_with_a_chain`]), a chain with a
//! closure passed to a call, whose loop consumes it (`Vec::from_iter(chain)`, see
//! [`is_passed_on`]), and the
//! iterator of a `for` loop when it has an adapter that may skip many items in one `next`
//! (`filter`, `filter_map`, `skip_while`, `flat_map`, `step_by`, ...; the `for` loop's own chunks
//! check between the items it gets). A `for` chain that skips only by counts (`step_by(k)`,
//! `skip(k)`, whose arguments are `usize`s, not code) is probed bare: a range stays as it is,
//! each step being std's O(1) code. A chain that is stored or returned keeps its type
//! exactly: the wrapper would change it (`Filter<Checked<I>, F>` is not `Filter<I, F>`), and so
//! does one given to a tuple struct's or an enum variant's constructor (`Some(chain)`), which
//! stores it; one passed to another call has a closure's type in it, which no parameter names,
//! so the callee takes it through a type parameter that the wrapped chain fits too. (The
//! argument of an iterator's `zip` or `eq` that may skip for ever inside one `next` is wrapped
//! even in a stored chain: its type is in the `Zip`'s, which names no closure's `fn` pointer.)
//! In a wrapped chain, only receivers that the call consumes as values are wrapped: calls,
//! method calls, ranges, and those in parentheses. A place (`it.map(f)` with a local `it`, a field) is left alone,
//! since wrapping would move it where the call may only borrow it. The method names are those
//! of `Iterator`, `DoubleEndedIterator`, and rayon's `ParallelIterator` and
//! `IndexedParallelIterator` that adapt or consume; a method of another type with one of these
//! names gets the "anything else" probe, which returns the receiver as it was. The type of the
//! receiver is known where the call is (a method call needs it), so the probe resolves there.
//! The chain a `flat_map` closure returns is wrapped too (it is the flattening's inner loop,
//! see [`IterChains::visit_chain`]), unless it is over a range, may not skip, and the
//! flattening's consumer counts its items ([`IterChains::visit_counted`]); and a
//! consumed chain over a range may run in two copies ([`IterChains::two_copies`]), and its
//! `collect` into a `Vec` a chunk at a time, through a third ([`collects_by_chunks`]).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::Span;
use quote::quote_spanned;
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprMethodCall};

use crate::bounded::{Bounded, Names};
use crate::cost;
use crate::descend::{self, runtime_code_only};
use crate::fill::Fill;
use crate::loops::CHEAP_CHUNK;
use crate::prims::plain_binding;

/// Wraps the sources of the iterator chains of a body (closures included) that are consumed
/// where they are written.
pub(crate) struct IterChains<'a> {
    /// The fns whose calls are cheap, for [`IterChains::floor`].
    bounded: &'a Bounded,
    /// The locals that hold an iterator made where they are bound (see [`iterator_locals`]).
    iterators: BTreeMap<String, IteratorLocal>,
    /// Those of `iterators` that the body only ever uses as iterators, and whose chain may skip
    /// (see [`IterChains::visit_local_mut`]).
    only_iterated: BTreeSet<String>,
    /// Set for [`IterChains::visit_chain`] on a chain whose every item its consumer counts (a
    /// `for` loop's chunks, the checked wrapper a `Vec`'s `collect` pulls from); read and
    /// cleared where the visit starts (see [`IterChains::visit_counted`]).
    counted: bool,
}

impl<'a> IterChains<'a> {
    /// For the body of a fn (or closure, or nested fn: the names it binds are its own).
    pub(crate) fn new(bounded: &'a Bounded, body: &syn::Block, sig: &syn::Signature) -> Self {
        let iterators = iterator_locals(body, sig);
        let only_iterated = only_iterated(body, &iterators);
        IterChains {
            bounded,
            iterators,
            only_iterated,
            counted: false,
        }
    }
}

/// What [`iterator_locals`] knows of a local.
#[derive(Clone, Copy, Debug)]
struct IteratorLocal {
    /// Bound `mut`.
    mutable: bool,
    /// Bound with no type by a `let` whose chain may skip many items in one `next` (`filter`,
    /// `skip_while`, `flat_map`, ...: see [`skips`]).
    skips: bool,
    /// A parameter declared `&mut` to an iterator (`it: &mut impl Iterator<..>`, `&mut I`,
    /// `&mut dyn Iterator<..>`): a consumer takes it reborrowed, `&mut *it`, as the call as
    /// written does.
    reborrow: bool,
}

/// How a consumer takes one of the [`iterator_locals`] (see
/// [`IterChains::consumes_a_local_iterator`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Taken {
    /// By value, as the call moved it.
    Moved,
    /// As `&mut it`: the call borrows it ([`BORROWING_CONSUMERS`]).
    Borrowed,
    /// As `&mut *it`: a `&mut` parameter, which the call reborrows.
    Reborrowed,
}

/// The locals of a body that hold an iterator made where they are bound: `let it = SOURCE;` or
/// `let mut it = SOURCE;` (a type allowed), where SOURCE is a range, or iterator adapters over
/// one of std's ways of making an iterator (`(1..).map(f)`, `words.iter().filter(p)`,
/// `text.chars().rev()`, `std::iter::successors(..).skip(1)`: see [`is_an_iterator`]), and the
/// parameters that the signature says are owned iterators (`it: impl Iterator<Item = u64>`,
/// `mut it: I` with `I: Iterator`: see [`is_an_iterator_type`]) or `&mut` ones (`it: &mut impl
/// Iterator<..>`, `&mut I`, `&mut dyn Iterator<..>`); each name bound by no other
/// pattern of the fn (its parameters, other `let`s, closures' parameters, nested fns) and
/// declared by no item, `use` or macro: every use of the name is this local.
///
/// A chain stored in such a local keeps its type (it is not wrapped where it is made: see the
/// module docs); a consumer called on the local later (`it.find(p)`, `it.count()`) runs the
/// chain's loop, so the local is wrapped there, as a consumed chain's source is: by value when
/// the method takes it by value (the original moved it too), as `&mut it` when it borrows it
/// (`find`, `any`, `position`: [`BORROWING_CONSUMERS`]), which the local's `mut` allows, as the
/// original call needed, and as `&mut *it` when it is a `&mut` parameter, which the call as
/// written reborrows (or moves, for a by-value method: `it` is then not used again, and a
/// reborrow allows all that the move did).
fn iterator_locals(body: &syn::Block, sig: &syn::Signature) -> BTreeMap<String, IteratorLocal> {
    struct Find(BTreeMap<String, IteratorLocal>);
    impl Visit<'_> for Find {
        fn visit_local(&mut self, local: &syn::Local) {
            let (pat, typed) = match &local.pat {
                syn::Pat::Type(typed) => (&*typed.pat, true),
                other => (other, false),
            };
            if let Some(ident) = plain_binding(pat)
                && let Some(init) = &local.init
                && init.diverge.is_none()
                && is_an_iterator(&init.expr)
            {
                let skips = !typed && matches!(&*init.expr, Expr::MethodCall(call) if skips(call));
                self.0.insert(
                    ident.ident.to_string(),
                    IteratorLocal {
                        mutable: ident.mutability.is_some(),
                        skips,
                        reborrow: false,
                    },
                );
            }
            syn::visit::visit_local(self, local);
        }
        // A nested fn is instrumented on its own, with its own locals.
        fn visit_item(&mut self, _: &syn::Item) {}
    }
    let mut find = Find(BTreeMap::new());
    for input in &sig.inputs {
        if let syn::FnArg::Typed(typed) = input
            && let Some(ident) = plain_binding(&typed.pat)
        {
            let reborrow = match &*typed.ty {
                syn::Type::Reference(reference) if reference.mutability.is_some() => {
                    is_an_iterator_type(&reference.elem, &sig.generics)
                        || is_a_dyn_iterator(&reference.elem)
                }
                _ => false,
            };
            if reborrow || is_an_iterator_type(&typed.ty, &sig.generics) {
                let local = IteratorLocal {
                    mutable: ident.mutability.is_some(),
                    skips: false,
                    reborrow,
                };
                find.0.insert(ident.ident.to_string(), local);
            }
        }
    }
    find.visit_block(body);
    if find.0.is_empty() {
        return find.0;
    }
    let mut names = Names::default();
    names.visit_signature(sig);
    names.visit_block(body);
    find.0
        .retain(|name, _| names.patterns.get(name) == Some(&1) && !names.declared.contains(name));
    find.0
}

/// Whether a bound names one of std's iterator traits (`Iterator`, `DoubleEndedIterator`,
/// `ExactSizeIterator`, `FusedIterator`), maybe among others.
fn iterator_bound<'b>(mut bounds: impl Iterator<Item = &'b syn::TypeParamBound>) -> bool {
    bounds.any(|bound| match bound {
        syn::TypeParamBound::Trait(bound) => bound.path.segments.last().is_some_and(|last| {
            matches!(
                last.ident.to_string().as_str(),
                "Iterator" | "DoubleEndedIterator" | "ExactSizeIterator" | "FusedIterator"
            )
        }),
        _ => false,
    })
}

/// Whether a type is a trait object of an iterator trait (`dyn Iterator<Item = u64> + '_`),
/// which a parameter holds behind a `&mut` (see [`iterator_locals`]).
fn is_a_dyn_iterator(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::TraitObject(object) => iterator_bound(object.bounds.iter()),
        syn::Type::Paren(paren) => is_a_dyn_iterator(&paren.elem),
        _ => false,
    }
}

/// The `T` of `Box<T>` (or `std::boxed::Box<T>`, `alloc::boxed::Box<T>`).
fn boxed_type(path: &syn::TypePath) -> Option<&syn::Type> {
    let last = path.path.segments.last()?;
    let prefix_ok = path.path.segments.len() == 1
        || path.path.segments.len() == 3
            && matches!(
                path.path.segments[0].ident.to_string().as_str(),
                "std" | "alloc"
            )
            && path.path.segments[1].ident == "boxed";
    if last.ident != "Box" || !prefix_ok {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(syn::GenericArgument::Type(ty)) if args.args.len() == 1 => Some(ty),
        _ => None,
    }
}

/// Whether a parameter's type is an iterator that the fn owns, by what its signature says: `impl
/// Iterator<..>` (or `DoubleEndedIterator`, `ExactSizeIterator`, `FusedIterator`, or several of
/// them), a type parameter bounded so, inline or in the `where` clause, or a `Box` of one or
/// of a `dyn Iterator<..>`. Not a reference (a `&mut` one is taken reborrowed: see
/// [`iterator_locals`]).
fn is_an_iterator_type(ty: &syn::Type, generics: &syn::Generics) -> bool {
    match ty {
        syn::Type::ImplTrait(impl_trait) => iterator_bound(impl_trait.bounds.iter()),
        syn::Type::Paren(paren) => is_an_iterator_type(&paren.elem, generics),
        syn::Type::Path(path) if path.qself.is_none() => {
            if let Some(boxed) = boxed_type(path) {
                return is_a_dyn_iterator(boxed) || is_an_iterator_type(boxed, generics);
            }
            let Some(name) = path.path.get_ident() else {
                return false;
            };
            generics.type_params().any(|param| {
                param.ident == *name && iterator_bound(param.bounds.iter())
            }) || generics.where_clause.as_ref().is_some_and(|clause| {
                clause.predicates.iter().any(|predicate| {
                    matches!(predicate, syn::WherePredicate::Type(bounded)
                        if matches!(&bounded.bounded_ty, syn::Type::Path(p) if p.path.is_ident(name))
                            && iterator_bound(bounded.bounds.iter()))
                })
            })
        }
        _ => false,
    }
}

/// The [`iterator_locals`] bound with no type by a `let` whose chain may skip many items in one
/// `next` (`filter`, `skip_while`, `flat_map`, ...), and that the body uses only as
/// iterators: as the receiver of a method (any: the outermost adapter's type, whose methods
/// these are, stays the same when its source is wrapped), or what a `for` iterates over (the
/// local, or `&mut` of it). Never passed, returned, stored, assigned, compared or named in a
/// macro (every other mention of the name, a field or a method of that name included, counts
/// as such a use): the local's type, which wrapping its source changes, is then written
/// nowhere and required by nothing.
fn only_iterated(
    body: &syn::Block,
    iterators: &BTreeMap<String, IteratorLocal>,
) -> BTreeSet<String> {
    /// Per name: its mentions as a receiver or a `for`'s iterable.
    #[derive(Default)]
    struct Uses(BTreeMap<String, usize>);
    fn local_name(expr: &Expr) -> Option<String> {
        match expr {
            Expr::Path(path) if path.qself.is_none() => {
                path.path.get_ident().map(ToString::to_string)
            }
            Expr::Paren(paren) => local_name(&paren.expr),
            Expr::Reference(reference) if reference.mutability.is_some() => {
                local_name(&reference.expr)
            }
            _ => None,
        }
    }
    impl Visit<'_> for Uses {
        fn visit_expr_method_call(&mut self, call: &ExprMethodCall) {
            if let Some(name) = local_name(&call.receiver) {
                *self.0.entry(name).or_default() += 1;
            }
            syn::visit::visit_expr_method_call(self, call);
        }
        fn visit_expr_for_loop(&mut self, for_loop: &syn::ExprForLoop) {
            if let Some(name) = local_name(&for_loop.expr) {
                *self.0.entry(name).or_default() += 1;
            }
            syn::visit::visit_expr_for_loop(self, for_loop);
        }
    }
    if !iterators.values().any(|local| local.skips) {
        return BTreeSet::new();
    }
    let mut uses = Uses::default();
    uses.visit_block(body);
    let mut mentions: BTreeMap<String, usize> = BTreeMap::new();
    for ident in crate::bounded::idents(quote::ToTokens::to_token_stream(body)) {
        let name = ident.to_string();
        if iterators.contains_key(&name) {
            *mentions.entry(name).or_default() += 1;
        }
    }
    iterators
        .iter()
        .filter(|(name, local)| {
            local.skips
                && mentions.get(*name).copied().unwrap_or(0)
                    == 1 + uses.0.get(*name).copied().unwrap_or(0)
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Whether `expr` is an iterator by its shape, so that a method with a consumer's name called
/// on it is `Iterator`'s, which takes it as [`BORROWING_CONSUMERS`] says (a name's shape alone
/// would not do: a builder's `filter` may return a type whose `count` takes `&self`, which a
/// wrapper taken by value would move): a range, a call of a fn of a module named `iter`
/// (`std::iter::repeat_with(f)`, `iter::successors(..)`), a method of [`ITERATOR_SOURCES`]
/// (`v.iter()`, `s.chars()`), or iterator adapters over one of those; maybe in parentheses.
fn is_an_iterator(expr: &Expr) -> bool {
    match expr {
        Expr::Range(_) => true,
        Expr::Paren(paren) => is_an_iterator(&paren.expr),
        Expr::Call(call) => matches!(&*call.func, Expr::Path(path)
            if path.qself.is_none()
                && path.path.segments.len() >= 2
                && path.path.segments[path.path.segments.len() - 2].ident == "iter"),
        Expr::MethodCall(call) if is_named(call, ADAPTERS) && is_iterator_method(call) => {
            is_an_iterator(&call.receiver)
        }
        Expr::MethodCall(call) => is_named(call, ITERATOR_SOURCES) && call.turbofish.is_none(),
        _ => false,
    }
}

/// Methods that make an iterator, std's names, sorted: on a collection, a slice or a string
/// (a type of one's own that has them gives an iterator too, as `for` expects of `iter`).
const ITERATOR_SOURCES: &[&str] = &[
    "bytes",
    "char_indices",
    "chars",
    "drain",
    "into_iter",
    "into_keys",
    "into_values",
    "iter",
    "iter_mut",
    "keys",
    "lines",
    "split_ascii_whitespace",
    "split_whitespace",
    "values",
    "values_mut",
];

impl VisitMut for IterChains<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if descend::is_opaque_to_loops(expr) {
            return;
        }
        match expr {
            // `v.extend(chain)`: `extend`'s loop consumes the chain, as a consumer's would.
            Expr::MethodCall(call) if extends_with_a_chain(call) => {
                if is_place(&call.receiver) && short_chain_fits(&call.args[0]) {
                    let Expr::MethodCall(call) =
                        std::mem::replace(expr, Expr::Verbatim(Default::default()))
                    else {
                        unreachable!("matched above");
                    };
                    *expr = self.extend_copies(call);
                    return;
                }
                self.visit_expr_mut(&mut call.receiver);
                let Some(Expr::MethodCall(chain)) = call.args.first_mut() else {
                    unreachable!("matched above");
                };
                let floor = self.floor(chain, Wrap::Checked);
                self.visit_chain(chain, Wrap::Checked, floor);
                wrap_a_bounding_top(&mut call.args[0], Wrap::Checked, floor);
            }
            // The outermost iterator method of a chain: a consumer wraps the chain.
            Expr::MethodCall(call) if is_iterator_method(call) => {
                let wrap = match is_named(call, CONSUMERS) {
                    false => Wrap::No,
                    true if passes_code(call) => Wrap::Checked,
                    true => Wrap::Bare,
                };
                if wrap == Wrap::Checked && short_copy_fits(call) {
                    let Expr::MethodCall(call) =
                        std::mem::replace(expr, Expr::Verbatim(Default::default()))
                    else {
                        unreachable!("matched above");
                    };
                    *expr = self.two_copies(call);
                    return;
                }
                let floor = self.floor(call, wrap);
                self.counted = wrap == Wrap::Checked && collects_a_vec(call);
                self.visit_chain(call, wrap, floor);
            }
            // A chain passed to a call: the callee's loop consumes it (`Vec::from_iter(chain)`,
            // a library's fn that takes `impl Iterator`), as `extend`'s does.
            // Not a tuple struct's or an enum variant's constructor (`Some(chain)`,
            // `Keys(chain)`): it stores the chain, in a type that may name it with `fn`
            // pointers the closures coerce to (`Map<Range<usize>, fn(usize) -> Key>`).
            Expr::Call(call) if !is_constructor(&call.func) => {
                self.visit_expr_mut(&mut call.func);
                call.args
                    .iter_mut()
                    .for_each(|arg| self.visit_argument(arg));
            }
            Expr::MethodCall(call) if !is_iterator_method(call) => {
                self.visit_expr_mut(&mut call.receiver);
                call.args
                    .iter_mut()
                    .for_each(|arg| self.visit_argument(arg));
            }
            Expr::ForLoop(for_loop) => {
                match &mut *for_loop.expr {
                    Expr::MethodCall(call) if is_iterator_method(call) => {
                        // The `for` loop's own chunks count its items.
                        self.visit_counted(call);
                    }
                    other => self.visit_expr_mut(other),
                }
                self.visit_block_mut(&mut for_loop.body);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    /// A `let` with a type, initialized by a `collect` with none (`let v: Vec<u64> =
    /// (0..n).map(f).collect();`), whose chain may collect by chunks: the `let`'s type is
    /// written as the `collect`'s (the same type, which the `let` makes it), so that
    /// [`collects_by_chunks`] sees it.
    ///
    /// A chain that may skip, stored in a local that the body only iterates (see
    /// [`only_iterated`]: `let mut odd = (1u64..).filter(p); odd.find(q)`), has its source
    /// wrapped where it is made, as a consumed chain's: a consumer called on the local later
    /// runs the chain's loop, and a `filter` that passes nothing would never give the items a
    /// wrapper of the local counts. The local's type changes, and nothing names it.
    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        if let syn::Pat::Type(typed) = &local.pat
            && let Some(init) = &mut local.init
        {
            name_the_target(&mut init.expr, &typed.ty);
        }
        if let syn::Pat::Ident(ident) = &local.pat
            && self.only_iterated.contains(&ident.ident.to_string())
            && let Some(init) = &mut local.init
            && init.diverge.is_none()
            && !descend::is_opaque_to_loops(&init.expr)
            && let Expr::MethodCall(chain) = &mut *init.expr
        {
            let floor = self.floor(chain, Wrap::Checked);
            self.visit_chain(chain, Wrap::Checked, floor);
            return;
        }
        visit_mut::visit_local_mut(self, local);
    }

    runtime_code_only!();
}

impl IterChains<'_> {
    /// An argument of a call, or of a method of another type than an iterator: a chain that
    /// [`is_passed_on`] is wrapped at its source, as a consumed chain is.
    fn visit_argument(&mut self, arg: &mut Expr) {
        if descend::is_opaque_to_loops(arg) {
            return;
        }
        match arg {
            Expr::MethodCall(chain) if is_passed_on(chain) => {
                let floor = self.floor(chain, Wrap::Checked);
                self.visit_chain(chain, Wrap::Checked, floor);
                wrap_a_bounding_top(arg, Wrap::Checked, floor);
            }
            other => self.visit_expr_mut(other),
        }
    }
}

impl IterChains<'_> {
    /// The chain over a range a `flat_map` closure returns, where the consumer counts every
    /// item the flattening yields (a `for` loop's chunks, a `Vec`'s `collect` through a checked
    /// wrapper: see [`collects_a_vec`]; with no adapter between that may skip: see
    /// [`IterChains::visit_chain`]): wrapped as a `for` loop's chain is ([`counted_wrap`]).
    /// Every item this inner chain pulls, it yields, unless it may skip, and the consumer
    /// counts it; an empty one is an item of the flattening's source, which is wrapped (the
    /// flattening skips). So `for (x, y) in (0..h).flat_map(|y| (0..w).map(move |x| (x, y)))`
    /// leaves `0..w` a plain range, which `FlatMap::next` steps as it does unwrapped, where a
    /// checked inner range (the rule for a flattening folded by its consumer, whose sub-range
    /// folds vectorize) kept `FlatMap::next` out of the loop: 1.7x plain, 1.0x with the plain
    /// range (`flat`'s `grid_for`); `grid`, the same collected into a `Vec`, 2.4x -> 1.2x. Only
    /// over a range: an inner `repeat(b).take(n)` left as written measured no faster in a `for`
    /// and slower collected (`decode_take`, 1.22x -> 1.46x, not looked into further).
    ///
    /// The same visit serves a `for` loop's own chain, whose items the loop's chunks count.
    fn visit_counted(&mut self, inner: &mut ExprMethodCall) {
        let wrap = counted_wrap(inner);
        let floor = self.floor(inner, wrap);
        self.counted = true;
        self.visit_chain(inner, wrap, floor);
    }
}

/// Whether `expr` is a range written as one, in parentheses or not (`(0..n)`, `(1..=n)`).
fn is_a_range(expr: &Expr) -> bool {
    match expr {
        Expr::Paren(paren) => is_a_range(&paren.expr),
        Expr::Range(range) => range.start.is_some(),
        _ => false,
    }
}

/// Whether the source at the bottom of the chain `call` is a range written as one (`(0..m)`).
fn over_a_range(call: &ExprMethodCall) -> bool {
    let mut call = call;
    loop {
        let mut receiver = &*call.receiver;
        while let Expr::Paren(paren) = receiver {
            receiver = &paren.expr;
        }
        match receiver {
            Expr::Range(_) => return true,
            Expr::MethodCall(inner) if is_iterator_method(inner) => call = inner,
            _ => return false,
        }
    }
}

/// How a chain whose every item the consumer counts (a `for` loop's, a flattening's inner
/// chain in one) is wrapped: not at all unless it may skip many items in one `next` (a chain
/// that skips with std's code alone, `(a..b).step_by(k)`, each step O(1) over a range, leaves
/// a range as it is: the `for` loop's own chunks check between its items).
fn counted_wrap(call: &ExprMethodCall) -> Wrap {
    match skips(call) {
        false => Wrap::No,
        true if passes_code(call) => Wrap::Checked,
        true => Wrap::Bare,
    }
}

/// After [`IterChains::visit_chain`] on a chain whose top nothing else wraps (an `extend`'s or
/// a call's argument, a flattening's inner iterator, a `chain`'s second half): a top that
/// [`bounds_its_source`] is wrapped itself, as its source was left for it.
fn wrap_a_bounding_top(top: &mut Expr, wrap: Wrap, floor: usize) {
    if wrap != Wrap::No
        && let Expr::MethodCall(call) = &*top
        && bounds_its_source(call)
    {
        let span = Span::mixed_site().located_at(call.method.span());
        wrap_value(top, span, wrap, floor);
    }
}

impl IterChains<'_> {
    /// How many items of a chain's source fit in one chunk without asking its site
    /// (`threadmgr::__private::probe_within`): [`CHEAP_CHUNK`], as many as the first chunk of
    /// a `for` whose body is cheap, when every argument of every method of the chain is a
    /// literal or a closure whose body is cheap (no call but core's code on primitives, no
    /// loop, no macro but the cheap ones: see [`crate::cost`]), so that each item costs
    /// bounded time; 0 (the site decides) for any other chain, and for one whose receivers
    /// are not wrapped (`wrap` is [`Wrap::No`]), which no probe reads. A fn path may be
    /// anything; a closure that calls checks on its own entry, and is not cheap here either.
    fn floor(&self, call: &ExprMethodCall, wrap: Wrap) -> usize {
        if wrap == Wrap::No {
            return 0;
        }
        let mut call = call;
        loop {
            let cheap = call.args.iter().all(|arg| match arg {
                Expr::Closure(closure) => {
                    closure.asyncness.is_none()
                        && !cost::of_closure(&closure.body, &self.bounded.for_closure(closure))
                            .cost
                            .is_expensive()
                }
                other => is_literal(other),
            });
            if !cheap {
                return 0;
            }
            match &*call.receiver {
                Expr::MethodCall(inner) if is_iterator_method(inner) => call = inner,
                _ => return CHEAP_CHUNK,
            }
        }
    }

    /// Visits a chain from its outermost iterator method call down its receivers, and wraps
    /// every receiver in it that is a value, as `wrap` says, with `floor` (see [`Self::floor`]).
    fn visit_chain(&mut self, call: &mut ExprMethodCall, wrap: Wrap, floor: usize) {
        let counted = std::mem::take(&mut self.counted);
        // A counted flattening (see `visit_counted`): a range it steps through is counted down.
        let mut steps_counted = false;
        for arg in &mut call.args {
            if descend::is_opaque_to_loops(arg) {
                continue;
            }
            match arg {
                // The chain a `flat_map` closure returns is the inner loop of the flattening:
                // its source is wrapped, so that a range (`|i| (0..m).map(..)`) is checked
                // between sub-ranges, and a flattening of such inner iterators over a finite
                // or checked source is finite (`threadmgr::__private::Finite`) and folds
                // through as it would unwrapped, where an unchecked inner range would have the
                // whole flattening checked item by item.
                Expr::Closure(closure)
                    if call.method == "flat_map"
                        && matches!(&*closure.body, Expr::MethodCall(inner)
                            if is_iterator_method(inner) && !is_named(inner, CONSUMERS)) =>
                {
                    let Expr::MethodCall(inner) = &mut *closure.body else {
                        unreachable!("matched above");
                    };
                    if counted && over_a_range(inner) {
                        // Its consumer counts the flattening's items: see `visit_counted`.
                        self.visit_counted(inner);
                        steps_counted = true;
                    } else {
                        let floor = self.floor(inner, Wrap::Checked);
                        self.visit_chain(inner, Wrap::Checked, floor);
                        wrap_a_bounding_top(&mut closure.body, Wrap::Checked, floor);
                    }
                }
                // The second half of a `chain` runs as the first does, in the consumer's
                // loop: its source is wrapped as a receiver's is, so that a range there is
                // checked between sub-ranges too (with an unchecked range the `Chain` is not
                // finite, and the whole of it would be checked item by item).
                Expr::MethodCall(inner)
                    if call.method == "chain"
                        && wrap != Wrap::No
                        && is_iterator_method(inner)
                        && !is_named(inner, CONSUMERS) =>
                {
                    self.visit_chain(inner, wrap, floor);
                    wrap_a_bounding_top(arg, wrap, floor);
                }
                // An iterator that another's method pulls from (`zip`'s, `eq`'s argument) and
                // that may skip many items inside one `next` (`(0..).filter(p)`): the chain
                // that pulls it checks between its own items only, so its source is wrapped (a
                // closure in it: its type has no name, as for [`is_passed_on`]).
                Expr::MethodCall(inner) if is_passed_on(inner) && skips(inner) => {
                    let floor = self.floor(inner, Wrap::Checked);
                    self.visit_chain(inner, Wrap::Checked, floor);
                }
                other if call.method == "chain" && wrap != Wrap::No && is_value(other) => {
                    self.visit_expr_mut(other);
                    if !is_wrapped(other) {
                        let span = Span::mixed_site().located_at(call.method.span());
                        wrap_value(other, span, wrap, floor);
                    }
                }
                other => self.visit_expr_mut(other),
            }
        }
        // A consumer's result is no lazy iterator (an `Option`, a number, a collection): a
        // method named like an adapter on it (`.min_by(..).map(|(i, _)| i)`, `Option`'s `map`)
        // is that type's, and the chain below ends at the consumer, the top of a chain of its
        // own, consumed here.
        let ends_below = wrap == Wrap::No
            && !is_named(call, CONSUMERS)
            && matches!(&*call.receiver, Expr::MethodCall(inner)
                if is_iterator_method(inner) && is_named(inner, CONSUMERS));
        // What this call pulls from its receiver, it passes on, and the consumer counts,
        // unless it may skip.
        let pulled_counted = counted && !is_named(call, SKIPPING);
        match &mut *call.receiver {
            Expr::MethodCall(inner) if is_iterator_method(inner) && !ends_below => {
                self.counted = pulled_counted;
                self.visit_chain(inner, wrap, floor);
            }
            other => self.visit_expr_mut(other),
        }
        if wrap != Wrap::No
            && is_value(&call.receiver)
            && !is_wrapped(&call.receiver)
            && !bounds_its_source(call)
        {
            let wrap = match steps_counted && is_a_range(&call.receiver) {
                true => Wrap::Ticked,
                false => wrap,
            };
            wrap_receiver(call, wrap, floor);
        } else if wrap != Wrap::No
            && let Some(taken) = self.consumes_a_local_iterator(call)
        {
            if taken != Taken::Moved {
                let local =
                    std::mem::replace(&mut *call.receiver, Expr::Verbatim(Default::default()));
                *call.receiver = if taken == Taken::Borrowed {
                    syn::parse_quote_spanned!(call.method.span()=> &mut #local)
                } else {
                    syn::parse_quote_spanned!(call.method.span()=> &mut *#local)
                };
            }
            wrap_receiver(call, wrap, floor);
        }
    }

    /// Whether the receiver of `call`, a method of a consumed chain, is one of the body's
    /// [`iterator_locals`] that the call may take, and how ([`Taken`]): by value, or as `&mut`
    /// (a [`BORROWING_CONSUMERS`] method, on a local bound `mut`), or reborrowed (a `&mut`
    /// parameter, whatever the method); `None` to leave it (`by_ref`, whose result is wrapped,
    /// or a call whose arguments name the local: they are evaluated after the receiver, which
    /// an explicit `&mut` would hold).
    fn consumes_a_local_iterator(&self, call: &ExprMethodCall) -> Option<Taken> {
        let Expr::Path(path) = &*call.receiver else {
            return None;
        };
        let name = path.path.get_ident()?.to_string();
        let local = self.iterators.get(&name)?;
        if path.qself.is_some() || call.method == "by_ref" || is_named(call, COMPARISONS) {
            return None;
        }
        let mentioned = call.args.iter().any(|arg| {
            crate::bounded::idents(quote::ToTokens::to_token_stream(arg)).any(|i| i == name)
        });
        if mentioned {
            return None;
        }
        if local.reborrow {
            return Some(Taken::Reborrowed);
        }
        match is_named(call, BORROWING_CONSUMERS) {
            false => Some(Taken::Moved),
            true => local.mutable.then_some(Taken::Borrowed),
        }
    }

    /// A chain over a range, as two copies (see [`short_copy_fits`]): the range is probed once,
    /// and a run that fits in one chunk of its site runs the chain as written, with the range
    /// left as it is (`wrap_bare`); a longer one runs the checked copy.
    //
    // Input:  (A..B).map(F).collect()
    // Output: (match ::threadmgr::__private::probe(A..B, { static SITE; &SITE }) {
    //             __threadmgr_probe => if __threadmgr_probe.fits() {
    //                 (__threadmgr_probe.wrap_bare()).map(F).collect()
    //             } else {
    //                 (match probe((__threadmgr_probe.wrap()).map(F), ..) { .. }).collect()
    //             },
    //         })
    // A `collect::<B>()` whose chain collects by chunks (`collects_by_chunks`) has, in place of
    // the checked copy:
    //         { let __threadmgr_target = ::threadmgr::__private::target::<B>();
    //           if __threadmgr_probe.collects_by_chunks() && __threadmgr_target.by_chunks() {
    //               __threadmgr_target.from_chunks(__threadmgr_probe.collect_chunks(
    //                   |__threadmgr_sub, __threadmgr_sink| __threadmgr_sink.extend(__threadmgr_sub.map(F))))
    //           } else { <the checked copy> } }
    fn two_copies(&mut self, mut long: ExprMethodCall) -> Expr {
        let span = Span::mixed_site().located_at(long.method.span());
        let probe = syn::Ident::new(PROBE, span);
        let site = syn::Ident::new("__THREADMGR_SITE", span);
        let (range, mut short) = split_at_the_range(&mut long, &probe, span);
        let by_chunks = collects_by_chunks(&long).map(|target| {
            let Expr::MethodCall(chain) = &*short.receiver else {
                unreachable!("a chain that collects by chunks has an adapter");
            };
            (target, over_a_sub_range(chain, span))
        });
        let floor = self.floor(&long, Wrap::Checked);
        self.visit_chain(&mut short, Wrap::No, floor);
        self.visit_chain(&mut long, Wrap::Checked, floor);
        let mut fill = Fill::default();
        let range = fill.expr(range);
        let short = fill.expr(Expr::MethodCall(short));
        let long = fill.expr(Expr::MethodCall(long));
        let probed = probe_call(&range, &site, floor, span);
        let long = match by_chunks {
            None => quote_spanned!(span=> #long),
            Some((target, mut chain)) => {
                self.visit_chain(&mut chain, Wrap::No, floor);
                let chain = fill.expr(Expr::MethodCall(chain));
                quote_spanned! {span=> {
                    let __threadmgr_target = ::threadmgr::__private::target::<#target>();
                    if #probe.collects_by_chunks() && __threadmgr_target.by_chunks() {
                        __threadmgr_target.from_chunks(#probe.collect_chunks(
                            |__threadmgr_sub, __threadmgr_sink| __threadmgr_sink.extend(#chain),
                        ))
                    } else {
                        #long
                    }
                }}
            }
        };
        fill.into(quote_spanned! {span=>
            (match #probed {
                #probe => if #probe.fits() { #short } else { #long },
            })
        })
    }
}

impl IterChains<'_> {
    /// `R.extend(chain)` over a range, as two copies, as [`IterChains::two_copies`] writes a
    /// consumed chain: a range that fits a chunk of its site extends as written; a longer one
    /// extends with the checked chain, or, where `R` turns out to be a `Vec` (its type, picked
    /// at compile time by `threadmgr::__private::target_of`) and the chain acts on each item
    /// alone ([`acts_per_item`]), a chunk at a time with the chain over each plain sub-range, as
    /// a `collect` does ([`collects_by_chunks`]). `R` is a place ([`is_place`]), written in
    /// each copy, and evaluated once, after the range (the call evaluates it before: a place
    /// has no effect to order); the chunks' `extend`s return `()`, what `Vec`'s does.
    //
    // Input:  R.extend((A..B).map(F))
    // Output: (match probe(A..B, ..) {
    //             __threadmgr_probe => if __threadmgr_probe.fits() {
    //                 R.extend((__threadmgr_probe.wrap_bare()).map(F))
    //             } else {
    //                 use ::threadmgr::__private::Place as _;
    //                 match R.__threadmgr_place() { __threadmgr_place => {
    //                 let __threadmgr_target = ::threadmgr::__private::target_of(&*__threadmgr_place);
    //                 if __threadmgr_probe.collects_by_chunks() && __threadmgr_target.by_chunks() {
    //                     let __threadmgr_tie = ::threadmgr::__private::Tie::new();
    //                     __threadmgr_probe.extend_chunks(__threadmgr_target.vec_of(__threadmgr_place, &__threadmgr_tie),
    //                         |__threadmgr_sub, __threadmgr_sink| __threadmgr_sink.extend(__threadmgr_sub.map(F)));
    //                     if false { let _ = __threadmgr_place.extend(__threadmgr_tie.items()); }
    //                     __threadmgr_target.extended()
    //                 } else {
    //                     __threadmgr_place.extend((__threadmgr_probe.wrap()).map(F))
    //                 } } }
    //             },
    //         })
    fn extend_copies(&mut self, call: ExprMethodCall) -> Expr {
        let span = Span::mixed_site().located_at(call.method.span());
        let probe = syn::Ident::new(PROBE, span);
        let site = syn::Ident::new("__THREADMGR_SITE", span);
        let ExprMethodCall {
            receiver,
            method,
            args,
            ..
        } = call;
        let Some(Expr::MethodCall(mut long)) = args.into_iter().next() else {
            unreachable!("an `extend` with a chain");
        };
        let (range, mut short) = split_at_the_range(&mut long, &probe, span);
        let chunk = acts_per_item(&short).then(|| over_a_sub_range(&short, span));
        let floor = self.floor(&long, Wrap::Checked);
        self.visit_chain(&mut short, Wrap::No, floor);
        self.visit_chain(&mut long, Wrap::Checked, floor);
        let mut receiver = *receiver;
        self.visit_expr_mut(&mut receiver);
        let mut fill = Fill::default();
        let range = fill.expr(range);
        let short = fill.expr(Expr::MethodCall(short));
        let long = fill.expr(Expr::MethodCall(long));
        let short_receiver = fill.expr(receiver.clone());
        let long_receiver = fill.expr(receiver);
        let probed = probe_call(&range, &site, floor, span);
        let long = match chunk {
            None => quote_spanned!(span=> #long_receiver.#method(#long)),
            Some(mut chunk) => {
                self.visit_chain(&mut chunk, Wrap::No, floor);
                let chunk = fill.expr(Expr::MethodCall(chunk));
                // A `match`, not a `let`: a receiver that is a temporary (a unit struct's
                // value) lives to its end, as it lives to the end of the call.
                quote_spanned! {span=> {
                    use ::threadmgr::__private::Place as _;
                    match #long_receiver.__threadmgr_place() {
                        __threadmgr_place => {
                            let __threadmgr_target =
                                ::threadmgr::__private::target_of(&*__threadmgr_place);
                            if #probe.collects_by_chunks()
                                && __threadmgr_target.by_chunks()
                            {
                                let __threadmgr_tie = ::threadmgr::__private::Tie::new();
                                #probe.extend_chunks(
                                    __threadmgr_target.vec_of(__threadmgr_place, &__threadmgr_tie),
                                    |__threadmgr_sub, __threadmgr_sink| {
                                        __threadmgr_sink.extend(#chunk)
                                    },
                                );
                                if false {
                                    let _ = __threadmgr_place.#method(__threadmgr_tie.items());
                                }
                                __threadmgr_target.extended()
                            } else {
                                __threadmgr_place.#method(#long)
                            }
                        }
                    }
                }}
            }
        };
        fill.into(quote_spanned! {span=>
            (match #probed {
                #probe => if #probe.fits() { #short_receiver.#method(#short) } else { #long },
            })
        })
    }
}

/// Writes the type a fn's signature returns as the target type of the `collect` that ends its
/// body (`fn squares(n: u64) -> Vec<u64> { (0..n).map(|x| x * x).collect() }`) when its chain
/// may collect by chunks, as [`IterChains::visit_local_mut`] does with a `let`'s type: the
/// tail's type is the one returned. Not for a type with `impl Trait` in it, which only the
/// signature may name, nor for an `async fn`, whose body's type is not what it returns.
pub(crate) fn name_the_tail_target(body: &mut syn::Block, sig: &syn::Signature) {
    use syn::visit::Visit;
    struct Opaque(bool);
    impl Visit<'_> for Opaque {
        fn visit_type_impl_trait(&mut self, _: &syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    if let syn::ReturnType::Type(_, ty) = &sig.output
        && sig.asyncness.is_none()
        && let Some(syn::Stmt::Expr(tail, None)) = body.stmts.last_mut()
    {
        let mut opaque = Opaque(false);
        opaque.visit_type(ty);
        if !opaque.0 {
            name_the_target(tail, ty);
        }
    }
}

/// Writes `ty`, the type `expr` is to have, as the target type of `expr` when it is a
/// `collect` with none written whose chain may then collect by chunks ([`collects_by_chunks`]):
/// `(0..n).map(f).collect()` where a `Vec<u64>` is expected becomes
/// `(0..n).map(f).collect::<Vec<u64>>()`, the same type.
fn name_the_target(expr: &mut Expr, ty: &syn::Type) {
    if let Expr::MethodCall(call) = expr
        && call.method == "collect"
        && call.turbofish.is_none()
    {
        call.turbofish = Some(syn::parse_quote!(::<#ty>));
        let by_chunks = short_copy_fits(call) && collects_by_chunks(call).is_some();
        let counts_a_flattening = collects_a_vec(call) && flattens_below(call);
        if !by_chunks && !counts_a_flattening {
            call.turbofish = None;
        }
    }
}

/// Whether `call` is a `collect` into a `Vec` (its target type written, `collect::<Vec<_>>()`,
/// or given by a `let`'s type or the fn's, see [`name_the_target`]). `Vec`'s `collect` pulls
/// the items by `next`, one at a time, and the chain's wrapper, when it is a checked iterator
/// (`threadmgr::__private::Checked`), counts them: a flattening below that wrapper, with
/// nothing between that may skip, then leaves an inner chain that may not skip as written, as
/// in a `for` loop (see [`IterChains::visit_counted`]). Other collections `extend` by a fold (`String`,
/// `HashSet`), which the checked inner ranges run a sub-range at a time, where the wrapper
/// would fold the whole flattening in chunks counted item by item (3.8x plain for a
/// `String`, against 1.1x).
fn collects_a_vec(call: &ExprMethodCall) -> bool {
    let Some(turbofish) = call.turbofish.as_ref().filter(|_| call.method == "collect") else {
        return false;
    };
    let mut args = turbofish.args.iter();
    matches!((args.next(), args.next()),
        (Some(syn::GenericArgument::Type(syn::Type::Path(target))), None)
            if target.qself.is_none()
                && target.path.segments.last().is_some_and(|last| last.ident == "Vec"))
}

/// Whether a `flat_map` is among the adapters of `call`'s chain, with none above it that may
/// skip ([`collects_a_vec`]).
fn flattens_below(call: &ExprMethodCall) -> bool {
    let mut call = call;
    while let Expr::MethodCall(inner) = &*call.receiver
        && is_iterator_method(inner)
    {
        if inner.method == "flat_map" {
            return true;
        }
        if is_named(inner, SKIPPING) {
            return false;
        }
        call = inner;
    }
    false
}

/// Whether `call` is `R.extend(chain)`, the chain a chain of iterator adapters (not consumed
/// in the argument) that passes code of its own: `extend`'s loop, in the library, runs the
/// chain's closures, so the chain's source is wrapped as a consumed chain's is (see
/// [`IterChains::extend_copies`] for one over a range). A method named `extend` of another
/// type that takes such a chain takes it as an iterator, whose type it cannot name (a closure's
/// is in it), so the wrapper fits its parameter as the chain did.
fn extends_with_a_chain(call: &ExprMethodCall) -> bool {
    call.method == "extend"
        && call.turbofish.is_none()
        && call.args.len() == 1
        && matches!(&call.args[0], Expr::MethodCall(chain)
            if is_unconsumed(chain) && passes_code(chain))
}

/// Whether the argument `chain` of a call is a chain of adapters, not consumed, that passes a
/// closure (`Vec::from_iter((0..n).filter(|x| ..))`, `sum_all((0..).map(|x| ..))`, or
/// `sum_all(iter::repeat_with(|| ..).take(n))` to its source): the
/// callee's loop, in the library or in code no check reaches, runs the closure, so the chain's
/// source is wrapped as a consumed chain's is (`extend`'s argument too, see
/// [`extends_with_a_chain`]). A closure's type has no name, so neither has the chain's: the
/// callee takes it through a type parameter (`impl Iterator`, `IntoIterator`), which the
/// wrapped chain fits as well, an iterator of the same items with the same size hint, `Clone`,
/// `Debug`, `DoubleEndedIterator` and `ExactSizeIterator` where the chain was. A chain that
/// passes only fn paths (`(0..n).map(double)`) may have a type someone named (`Map<Range<u64>,
/// fn(u64) -> u64>` with a cast), and is left as it is.
fn is_passed_on(chain: &ExprMethodCall) -> bool {
    is_unconsumed(chain) && passes_a_closure(chain)
}

/// Whether `chain` is a chain of iterator adapters with no consumer on top.
fn is_unconsumed(chain: &ExprMethodCall) -> bool {
    is_iterator_method(chain) && !is_named(chain, CONSUMERS)
}

/// Whether the callee `func` names a tuple struct or an enum variant (its last segment
/// capitalized, as Rust's naming has them: `Some`, `Ok`, `Keys`, `Self`).
fn is_constructor(func: &Expr) -> bool {
    matches!(func, Expr::Path(path)
    if path.path.segments.last().is_some_and(|last| {
        last.ident.to_string().starts_with(|c: char| c.is_ascii_uppercase())
    }))
}

/// Whether an adapter of the chain `call` has a closure as an argument.
fn passes_a_closure(call: &ExprMethodCall) -> bool {
    call.args.iter().any(|arg| matches!(arg, Expr::Closure(_)))
        || match &*call.receiver {
            Expr::MethodCall(inner) => is_iterator_method(inner) && passes_a_closure(inner),
            // A source made with a closure (`iter::repeat_with(|| ..)`, `from_fn(..)`): its
            // type names the closure's too.
            Expr::Call(source) => source
                .args
                .iter()
                .any(|arg| matches!(arg, Expr::Closure(_))),
            _ => false,
        }
}

/// Whether `expr` is a place whose evaluation has no effect (a local, a field of one, a
/// dereference, an element at an index that is a local or a literal): the receiver of an
/// `extend` that [`IterChains::extend_copies`] may evaluate after the chain's range, where the
/// call evaluates it before.
fn is_place(expr: &Expr) -> bool {
    match expr {
        Expr::Path(path) => path.qself.is_none(),
        Expr::Field(field) => is_place(&field.base),
        Expr::Paren(paren) => is_place(&paren.expr),
        Expr::Unary(unary) => matches!(unary.op, syn::UnOp::Deref(_)) && is_place(&unary.expr),
        Expr::Index(index) => {
            is_place(&index.expr) && (is_literal(&index.index) || is_place(&index.index))
        }
        _ => false,
    }
}

/// The target type of a chain over a range that may collect into a `Vec` a chunk at a time
/// (`threadmgr::__private::Target`): its consumer is `collect` with a written target type
/// (`collect::<Vec<_>>()`, or the type a `let` gives it, see [`IterChains::visit_local_mut`])
/// whose outermost type is not left to inference, and each adapter acts on one item at a time
/// ([`PER_ITEM_ADAPTERS`]), with arguments that may be written again for each chunk: a
/// closure that is not `move` (a `move` closure's state would start again at each chunk), or a
/// path of two or more segments (`u64::from`, an item: a single name may be a local closure,
/// which a second chunk could not take again).
fn collects_by_chunks(call: &ExprMethodCall) -> Option<syn::Type> {
    if call.method != "collect" || !call.args.is_empty() {
        return None;
    }
    let target = match call.turbofish.as_ref()?.args.iter().collect::<Vec<_>>()[..] {
        [syn::GenericArgument::Type(target)] if !matches!(target, syn::Type::Infer(_)) => target,
        _ => return None,
    };
    match &*call.receiver {
        Expr::MethodCall(chain) if acts_per_item(chain) => Some(target.clone()),
        _ => None,
    }
}

/// Whether every method of a chain of iterator adapters, from `chain` down its receivers, acts
/// on each item alone ([`PER_ITEM_ADAPTERS`]), with arguments that may be written again for
/// each chunk (see [`collects_by_chunks`]).
fn acts_per_item(chain: &ExprMethodCall) -> bool {
    let again = |arg: &Expr| match arg {
        Expr::Closure(closure) => closure.capture.is_none(),
        Expr::Path(path) => path.qself.is_some() || path.path.segments.len() > 1,
        _ => false,
    };
    let mut call = chain;
    loop {
        if !is_iterator_method(call)
            || !is_named(call, PER_ITEM_ADAPTERS)
            || !call.args.iter().all(again)
        {
            return false;
        }
        match adapter_below(call) {
            Some(inner) => call = inner,
            None => return true,
        }
    }
}

/// Whether a consumed chain that passes code runs as two copies ([`IterChains::two_copies`]):
/// its source is a range between two bounds (`0..n`, `a..=b`, `(a..).take(n)`: [`is_take_from`]), and its methods are `Iterator`'s
/// adapters that pass on at most the items they pull, on this thread ([`SHORT_ADAPTERS`]), and
/// its consumer one of `Iterator`'s (not one of [`NOT_SHORT_CONSUMERS`]). The checked copy keeps the checks of
/// the chain; the other runs when the range has no more items than a chunk of the site, whose
/// length the checked copy's runs learn from their time, so that it runs about one chunk's
/// time, as a chunk of the checked copy would, and checks nothing, as a chunk does not. Left
/// as it is, the range keeps what std does with it, which no wrapper can (its exact-length
/// `collect`, `TrustedLen`; folds that the compiler computes in closed form). The arguments
/// are written in both copies, so each must make no type of its own that an item may hold: no
/// closure but the argument itself, whose body makes none (no closure, `async` block, item or
/// macro but std's formatting and assertions), and no `.await` (the probe would live across it).
fn short_copy_fits(call: &ExprMethodCall) -> bool {
    if !is_named(call, CONSUMERS) || is_named(call, NOT_SHORT_CONSUMERS) || !args_alike(call) {
        return false;
    }
    short_chain_fits(&call.receiver)
}

/// Whether the chain of adapters `receiver` (an iterator method call, or the source itself) may
/// run in two copies (see [`short_copy_fits`]): each method one of [`SHORT_ADAPTERS`] with
/// arguments alike in both copies, over a range between two bounds.
fn short_chain_fits(mut receiver: &Expr) -> bool {
    loop {
        match receiver {
            _ if is_take_from(receiver) => return true,
            Expr::MethodCall(inner) if is_iterator_method(inner) => {
                if !is_named(inner, SHORT_ADAPTERS) || !args_alike(inner) {
                    return false;
                }
                receiver = &inner.receiver;
            }
            _ => break,
        }
    }
    while let Expr::Paren(paren) = receiver {
        receiver = &paren.expr;
    }
    matches!(receiver, Expr::Range(range) if range.start.is_some() && range.end.is_some())
}

/// Whether `expr` is `(a..).take(n)`: a range between two bounds too, `a..a + n`, at the
/// source of a chain that may run as two copies ([`short_chain_fits`]). The probe then takes
/// the `take` (`threadmgr::__private::ProbeRange<Take<RangeFrom<T>>>`), which keeps it as it
/// is in the copy that fits and makes it the checked range `a..a + n` in the other, or the
/// `take` over a checked range past the type's end.
fn is_take_from(expr: &Expr) -> bool {
    matches!(expr, Expr::MethodCall(take) if take_source(take).is_some_and(|range| {
        matches!(range, Expr::Range(range) if range.start.is_some()
            && range.end.is_none()
            && matches!(range.limits, syn::RangeLimits::HalfOpen(_)))
    }))
}

/// `X.take(n)` over a source `X` that is not a range (`repeat(x).take(n)`, `it.cycle().take(n)`,
/// `iter::from_fn(f).take(n)`): `X` is left as it is, and the `Take` is probed where it is a
/// receiver in its turn, or at the top of a flattening's inner chain, a `chain`'s second half
/// or a call's argument ([`wrap_a_bounding_top`]). The `Take` bounds its source: its exact size lets a checked fold that fits in a chunk
/// run the `Take`'s own fold (`repeat(b).take(n).sum()` in closed form, as plain), a chain that
/// passes no code leave `repeat(x).take(n)` as it is (`collect` then fills by `TrustedLen`, a
/// `memset`), and a `Take` made per item cheap to start; a probe of `X` gave `Take<Checked<X>>`,
/// none of which holds (a `repeat(0u8).take(n).collect()` was 81x plain). A range keeps its
/// own probe (sub-range folds; `(a..).take(n)`: [`is_take_from`]).
fn bounds_its_source(call: &ExprMethodCall) -> bool {
    take_source(call).is_some_and(|source| !matches!(source, Expr::Range(_)))
}

/// The receiver of `call` out of its parentheses, when `call` is a `take` with one argument and
/// no turbofish (`Iterator::take`'s shape).
fn take_source(call: &ExprMethodCall) -> Option<&Expr> {
    let mut source = &*call.receiver;
    while let Expr::Paren(paren) = source {
        source = &paren.expr;
    }
    (call.method == "take" && call.turbofish.is_none() && call.args.len() == 1).then_some(source)
}

/// The next receiver down a chain from `call`: the receiver of `call` when it is an iterator
/// method call that is not the source of the chain ([`is_take_from`]).
fn adapter_below(call: &ExprMethodCall) -> Option<&ExprMethodCall> {
    match &*call.receiver {
        receiver if is_take_from(receiver) => None,
        Expr::MethodCall(inner) if is_iterator_method(inner) => Some(inner),
        _ => None,
    }
}

/// Takes the range at the bottom of the chain `long` (a chain that [`short_copy_fits`]), leaving
/// the probe's checked range, `(__threadmgr_probe.wrap())`, in its place
/// (`(__threadmgr_probe.wrap_indexed())` where the chain [`indexes_by_item`]); returns the range,
/// without parentheses, and the copy of the chain that leaves it as it is,
/// `(__threadmgr_probe.wrap_bare())`.
fn split_at_the_range(
    long: &mut ExprMethodCall,
    probe: &syn::Ident,
    span: Span,
) -> (Expr, ExprMethodCall) {
    let wrap = if runs_through_try_fold(long) {
        syn::Ident::new("wrap_flat", span)
    } else if indexes_by_item(long) {
        syn::Ident::new("wrap_indexed", span)
    } else {
        syn::Ident::new("wrap", span)
    };
    let mut range = std::mem::replace(
        bottom_receiver(long),
        syn::parse_quote_spanned!(span=> (#probe.#wrap())),
    );
    while let Expr::Paren(paren) = range {
        range = *paren.expr;
    }
    let mut short = long.clone();
    *bottom_receiver(&mut short) = syn::parse_quote_spanned!(span=> (#probe.wrap_bare()));
    (range, short)
}

/// Whether the loop of the chain `top` (a consumer, or the top adapter of a chain that `extend`
/// consumes) runs through its source's `try_fold`, one `next` per item over a checked range,
/// whose `try_fold` a wrapper cannot override on stable Rust: the consumer is `try_fold` or
/// `try_for_each`, or a search (`find`, `any`, ...: a checked range runs its own a sub-range at
/// a time, not those of an adapter above it) above an adapter, or an adapter folds through
/// `try_fold` ([`WHILE_ADAPTERS`]); and every adapter is one of [`SHORT_ADAPTERS`] but
/// [`NOT_FLAT_ADAPTERS`], whose `try_fold` std runs forward through its source's. The checked copy then takes its range as
/// `threadmgr::__private::FlatRange` (`wrap_flat`), std's `Flatten` of checked sub-ranges,
/// whose `try_fold` is each plain sub-range's own.
fn runs_through_try_fold(top: &ExprMethodCall) -> bool {
    let consumer = is_named(top, CONSUMERS);
    let (mut adapters, mut through) = (false, false);
    let mut below = if consumer {
        adapter_below(top)
    } else {
        Some(top)
    };
    while let Some(adapter) = below {
        if !is_named(adapter, SHORT_ADAPTERS) || is_named(adapter, NOT_FLAT_ADAPTERS) {
            return false;
        }
        adapters = true;
        through |= is_named(adapter, WHILE_ADAPTERS);
        below = adapter_below(adapter);
    }
    match consumer {
        false => through,
        true if is_named(top, TRY_CONSUMERS) => true,
        true if is_named(top, SEARCHES) => adapters,
        true => through && is_named(top, FLAT_CONSUMERS),
    }
}

/// The consumers that run a chain's loop through its source's `try_fold` on their own (see
/// [`runs_through_try_fold`]), sorted.
const TRY_CONSUMERS: &[&str] = &["try_fold", "try_for_each"];

/// The searches that a checked range runs a sub-range at a time when called on it, and that
/// run through its `try_fold` when called on an adapter above it (see
/// [`runs_through_try_fold`]), sorted.
const SEARCHES: &[&str] = &["all", "any", "find", "find_map", "position"];

/// The consumers that run a chain through its `fold` or its `try_fold`, which a
/// [`WHILE_ADAPTERS`] adapter turns into its source's `try_fold` (see
/// [`runs_through_try_fold`]), sorted: `Iterator`'s that a `Flatten` runs forward as the
/// plain range would, besides [`SEARCHES`] and [`TRY_CONSUMERS`].
const FLAT_CONSUMERS: &[&str] = &[
    "collect",
    "count",
    "fold",
    "for_each",
    "last",
    "max",
    "max_by",
    "max_by_key",
    "min",
    "min_by",
    "min_by_key",
    "partition",
    "product",
    "reduce",
    "sum",
    "unzip",
];

/// The adapters whose `fold` runs through their source's `try_fold` (std's `TakeWhile`,
/// `MapWhile`, `Scan`, and `SkipWhile`'s skip), sorted (see [`runs_through_try_fold`]).
const WHILE_ADAPTERS: &[&str] = &["map_while", "scan", "skip_while", "take_while"];

/// The adapters of [`SHORT_ADAPTERS`] that ask more of their source than `Iterator` (`rev`) or
/// pull a second source (`zip`) or skip by `nth` (`step_by`), sorted: the others' `try_fold`
/// std runs forward through their source's (see [`runs_through_try_fold`]).
const NOT_FLAT_ADAPTERS: &[&str] = &["rev", "step_by", "zip"];

/// Whether a closure passed to the chain `chain` indexes with one of its parameters (`v[i]` in
/// `(0..v.len()).filter(|&i| v[i] % 7 == 0)`, `&s[i..]`). The checked copy's fold over a range
/// then says that each item lies within the range (`wrap_indexed`), as the plain range's loop
/// bound does, so that the bounds check leaves the loop as it does in the plain one; the
/// assumption is not made for other chains, where it would keep LLVM from computing a fold in
/// closed form (`(0..n).map(|i| i * 3).sum()`), which a loop that loads what its items index
/// has none of. What is indexed and how does not matter: a false positive costs nothing but
/// that closed form.
fn indexes_by_item(chain: &ExprMethodCall) -> bool {
    use syn::visit::Visit;
    struct Names(Vec<syn::Ident>);
    impl Visit<'_> for Names {
        fn visit_pat_ident(&mut self, pat: &syn::PatIdent) {
            self.0.push(pat.ident.clone());
            syn::visit::visit_pat_ident(self, pat);
        }
    }
    struct Mentions<'a>(&'a [syn::Ident], bool);
    impl Visit<'_> for Mentions<'_> {
        fn visit_path(&mut self, path: &syn::Path) {
            self.1 |= path.get_ident().is_some_and(|name| self.0.contains(name));
            syn::visit::visit_path(self, path);
        }
    }
    struct Indexes<'a>(&'a [syn::Ident], bool);
    impl Visit<'_> for Indexes<'_> {
        fn visit_expr_index(&mut self, index: &syn::ExprIndex) {
            let mut mentions = Mentions(self.0, false);
            mentions.visit_expr(&index.index);
            self.1 |= mentions.1;
            syn::visit::visit_expr_index(self, index);
        }
    }
    let mut call = chain;
    loop {
        for arg in &call.args {
            if let Expr::Closure(closure) = arg {
                let mut names = Names(Vec::new());
                closure
                    .inputs
                    .iter()
                    .for_each(|input| names.visit_pat(input));
                let mut indexes = Indexes(&names.0, false);
                indexes.visit_expr(&closure.body);
                if indexes.1 {
                    return true;
                }
            }
        }
        match adapter_below(call) {
            Some(inner) => call = inner,
            None => return false,
        }
    }
}

/// A copy of the chain `chain` over a plain sub-range, `__threadmgr_sub`, the parameter of the
/// closure that a collect or an extend by chunks hands each chunk (see [`collects_by_chunks`]).
fn over_a_sub_range(chain: &ExprMethodCall, span: Span) -> ExprMethodCall {
    let sub = syn::Ident::new("__threadmgr_sub", span);
    let mut copy = chain.clone();
    *bottom_receiver(&mut copy) = syn::parse_quote_spanned!(span=> #sub);
    copy
}

/// The source at the bottom of a chain that [`short_copy_fits`]: the receiver of its innermost
/// iterator method.
fn bottom_receiver(call: &mut ExprMethodCall) -> &mut Expr {
    if adapter_below(call).is_some() {
        let Expr::MethodCall(inner) = &mut *call.receiver else {
            unreachable!("matched above");
        };
        return bottom_receiver(inner);
    }
    &mut call.receiver
}

/// Whether the arguments of one method of a chain, written in two copies, are of the same
/// type in both (see [`short_copy_fits`]). The initial value of `fold`, `rfold`, `try_fold`
/// and `scan` may not be a closure even with a body that makes no type: the value returned,
/// or the state the items may be made of, would be of its type.
fn args_alike(call: &ExprMethodCall) -> bool {
    let initial = is_named(call, INITIAL_VALUE_FIRST);
    call.args.iter().enumerate().all(|(index, arg)| {
        if index == 0 && initial {
            !makes_types(arg)
        } else {
            copies_alike(arg)
        }
    })
}

/// The iterator methods whose first argument is an initial value, sorted (see [`args_alike`]).
const INITIAL_VALUE_FIRST: &[&str] = &["fold", "rfold", "scan", "try_fold"];

/// Whether an argument of a chain, written in two copies, is of the same type in both (see
/// [`short_copy_fits`]).
fn copies_alike(arg: &Expr) -> bool {
    match arg {
        Expr::Closure(closure) => closure.asyncness.is_none() && !makes_types(&closure.body),
        other => !makes_types(other),
    }
}

/// Whether `expr` makes a type of its own where it is written, or awaits (see
/// [`short_copy_fits`]).
fn makes_types(expr: &Expr) -> bool {
    use syn::visit::Visit;
    struct Find(bool);
    impl Visit<'_> for Find {
        fn visit_expr(&mut self, expr: &Expr) {
            match expr {
                Expr::Closure(_) | Expr::Async(_) | Expr::Await(_) | Expr::Verbatim(_) => {
                    self.0 = true;
                }
                // A macro, in an expression or as a statement: `visit_macro`.
                _ => syn::visit::visit_expr(self, expr),
            }
        }
        fn visit_item(&mut self, _: &syn::Item) {
            self.0 = true;
        }
        fn visit_macro(&mut self, mac: &syn::Macro) {
            self.0 |= !is_std_value_macro(mac);
        }
    }
    let mut find = Find(false);
    find.visit_expr(expr);
    find.0
}

/// std's macros that make no closure, `async` block or item that their value may hold.
pub(crate) fn is_std_value_macro(mac: &syn::Macro) -> bool {
    mac.path.get_ident().is_some_and(|name| {
        STD_VALUE_MACROS
            .binary_search(&name.to_string().as_str())
            .is_ok()
    })
}

/// See [`is_std_value_macro`], sorted.
const STD_VALUE_MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "eprint",
    "eprintln",
    "format",
    "matches",
    "panic",
    "print",
    "println",
    "todo",
    "unimplemented",
    "unreachable",
    "vec",
    "write",
    "writeln",
];

/// The name a probe is bound to in generated code (see [`wrap_receiver`] and
/// [`IterChains::two_copies`]), by which [`is_wrapped`] knows a wrapped source.
const PROBE: &str = "__threadmgr_probe";

/// How the receivers of a chain are wrapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wrap {
    /// Not at all: the chain is not consumed here.
    No,
    /// `probe(..).wrap()`.
    Checked,
    /// `probe(..).wrap_bare()`: the chain passes no code of its own, so a range of integers
    /// stays as it is (see `threadmgr::__private::probe`).
    Bare,
    /// `probe(..).wrap_ticked()`: the range a counted flattening steps through, counted down
    /// (see [`IterChains::visit_counted`]); only a receiver is wrapped so.
    Ticked,
}

/// Whether a chain passes code to the library loop that runs it: whether a method call of the
/// chain, from its outermost down its receivers, has an argument that is not a literal (a
/// closure, a fn path, a local that may hold either, a call that may return one, an iterator
/// to `zip` or `chain` whose `next` is someone's code), but for the counts of [`COUNTS`]'s
/// methods (`step_by(k)`: a `usize`, whatever expression gives it). The receiver at the
/// bottom is not looked at: what it is, the probe finds by its type.
fn passes_code(call: &ExprMethodCall) -> bool {
    (!is_named(call, COUNTS) && call.args.iter().any(|arg| !is_literal(arg)))
        || matches!(&*call.receiver, Expr::MethodCall(inner)
            if is_iterator_method(inner) && passes_code(inner))
}

/// A literal, maybe negated or in parentheses.
fn is_literal(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(_) => true,
        Expr::Unary(unary) => matches!(unary.op, syn::UnOp::Neg(_)) && is_literal(&unary.expr),
        Expr::Paren(paren) => is_literal(&paren.expr),
        Expr::Group(group) => is_literal(&group.expr),
        _ => false,
    }
}

/// Whether a `for` loop's chain has an adapter whose `next` may pull many items before it
/// returns (`filter` that never passes): the `for` loop's own checks, between items, cannot
/// reach it, so the chain's source is wrapped.
fn skips(call: &ExprMethodCall) -> bool {
    is_named(call, SKIPPING)
        || matches!(&*call.receiver, Expr::MethodCall(inner) if is_iterator_method(inner) && skips(inner))
}

/// Whether `expr` is a receiver wrapped by [`IterChains`]
/// (`(match probe(..) { p => p.wrap() })`, or the source of a copy of
/// [`IterChains::two_copies`]: `(__threadmgr_probe.wrap())`).
pub(crate) fn is_wrapped(expr: &Expr) -> bool {
    // A receiver's probe is in parentheses, an argument's (`chain`'s) is not.
    let inner = match expr {
        Expr::Paren(paren) => &*paren.expr,
        other => other,
    };
    if let Expr::MethodCall(call) = inner
        && (call.method == "wrap"
            || call.method == "wrap_bare"
            || call.method == "wrap_indexed"
            || call.method == "wrap_flat"
            || call.method == "wrap_ticked")
        && matches!(&*call.receiver, Expr::Path(path) if path.path.is_ident(PROBE))
    {
        return true;
    }
    let Expr::Match(matched) = inner else {
        return false;
    };
    let is_probe = |expr: &Expr| {
        matches!(expr, Expr::Call(probe)
        if matches!(&*probe.func, Expr::Path(path)
            if path.path.segments.last().is_some_and(|last| last.ident == "probe" || last.ident == "probe_within")
                && path.path.segments.first().is_some_and(|first| first.ident == "threadmgr")))
    };
    let unwraps = |matched: &syn::ExprMatch| {
        matches!(matched.arms.as_slice(), [arm] if matches!(&*arm.body, Expr::MethodCall(call)
            if call.method == "wrap" || call.method == "wrap_bare" || call.method == "wrap_ticked"))
    };
    match &*matched.expr {
        // A `take`'s (see `probe_a_take`): `match (probe(X, ..), N) { (..) => match .. }`.
        Expr::Tuple(pair) => {
            pair.elems.first().is_some_and(is_probe)
                && matches!(matched.arms.as_slice(), [arm]
                    if matches!(&*arm.body, Expr::Match(taken) if unwraps(taken)))
        }
        probe => is_probe(probe) && unwraps(matched),
    }
}

/// Whether `call` is part of a chain whose source [`IterChains`] wrapped.
pub(crate) fn in_wrapped_chain(call: &ExprMethodCall) -> bool {
    let mut receiver = &*call.receiver;
    loop {
        if is_wrapped(receiver) {
            return true;
        }
        match receiver {
            Expr::MethodCall(inner) if is_iterator_method(inner) => receiver = &inner.receiver,
            _ => return false,
        }
    }
}

// Input:  RECV.method(ARGS)
// Output (`probe_within(RECV, {..}, FLOOR)` for a chain whose code is cheap):
//         (match ::threadmgr::__private::probe(RECV, {
//             static __THREADMGR_SITE: ::threadmgr::__private::Site =
//                 ::threadmgr::__private::Site::new(1usize);
//             &__THREADMGR_SITE
//         }) {
//             __threadmgr_probe => __threadmgr_probe.wrap(),
//         })
//         .method(ARGS)
//
// The `static` is in a block of its own, the probe's second argument, so that no temporary of
// RECV is dropped earlier than it was (a `match` scrutinee's temporaries live to the end of the
// statement, as RECV's did). The probe itself is bound in the arm and gone at its end: as a
// temporary borrowed by `wrap(&self)` it would live to the end of the statement, across an
// `.await` later in it, and an `async fn`'s future would then need `RECV: Send` where the plain
// one did not (a chain over `Cell`s before an `.await`).
fn wrap_receiver(call: &mut ExprMethodCall, wrap: Wrap, floor: usize) {
    let span = Span::mixed_site().located_at(call.method.span());
    wrap_value(&mut call.receiver, span, wrap, floor);
    // A `match` is no receiver without parentheses: put around the node, not re-parsed.
    let wrapped = std::mem::replace(&mut *call.receiver, Expr::Verbatim(Default::default()));
    *call.receiver = Expr::Paren(syn::ExprParen {
        attrs: Vec::new(),
        paren_token: syn::token::Paren(span),
        expr: Box::new(wrapped),
    });
}

/// Wraps `value` as [`wrap_receiver`] wraps a receiver.
fn wrap_value(value: &mut Expr, span: Span, wrap: Wrap, floor: usize) {
    let mut receiver = std::mem::replace(value, Expr::Verbatim(Default::default()));
    // `(0..n).map(f)`: the parentheses are not needed in an argument (`unused_parens`).
    while let Expr::Paren(paren) = receiver {
        receiver = *paren.expr;
    }
    let site = syn::Ident::new("__THREADMGR_SITE", span);
    let method = match wrap {
        Wrap::Bare => syn::Ident::new("wrap_bare", span),
        Wrap::Ticked => syn::Ident::new("wrap_ticked", span),
        _ => syn::Ident::new("wrap", span),
    };
    let probe = syn::Ident::new(PROBE, span);
    let mut fill = Fill::default();
    if let Expr::MethodCall(call) = &receiver
        && bounds_its_source(call)
    {
        let tokens = probe_a_take(receiver, &mut fill, &site, &method, span, floor);
        *value = fill.into(tokens);
        return;
    }
    let receiver = fill.expr(receiver);
    let probed = probe_call(&receiver, &site, floor, span);
    *value = fill.into(quote_spanned! {span=>
        match #probed {
            #probe => #probe.#method(),
        }
    });
}

/// `X.take(N)` that [`bounds_its_source`], wrapped as [`wrap_value`] wraps a value: `X` is
/// probed, and the probe takes `N` items of it (`threadmgr::__private::ProbeAny::take_by`, then
/// `Taking::taken`, which picks by the types), so that an iterator `X` that may be unbounded is
/// checked with the count kept beside it; the `take` written in a closure is what runs for a
/// `take` that is not `Iterator::take` (`io::Read::take`, a type's own method). `X` and `N` are evaluated in the
/// `match`'s scrutinee, in that order, and their temporaries live as long as they did.
//
// Input:  X.take(N)
// Output: match (::threadmgr::__private::probe(X, { .. }), N) {
//             (__threadmgr_source, __threadmgr_count) => match __threadmgr_source
//                 .take_by(__threadmgr_count, |__threadmgr_it, __threadmgr_n| __threadmgr_it.take(__threadmgr_n))
//                 .taken()
//             {
//                 __threadmgr_probe => __threadmgr_probe.wrap(),
//             },
//         }
fn probe_a_take(
    take: Expr,
    fill: &mut Fill,
    site: &syn::Ident,
    wrap: &syn::Ident,
    span: Span,
    floor: usize,
) -> proc_macro2::TokenStream {
    let Expr::MethodCall(ExprMethodCall {
        mut receiver,
        method,
        args,
        ..
    }) = take
    else {
        unreachable!("a `take` call");
    };
    while let Expr::Paren(paren) = *receiver {
        receiver = paren.expr;
    }
    let count = args.into_iter().next().expect("a `take` has one argument");
    let source = fill.expr(*receiver);
    let count = fill.expr(count);
    // Generated code, which no rewrite looks into (see `crate::descend`): the closure calls
    // the `take` as written, and needs no entry.
    let take = fill.expr(Expr::Verbatim(quote_spanned! {span=>
        |__threadmgr_it, __threadmgr_n| __threadmgr_it.#method(__threadmgr_n)
    }));
    let probe = syn::Ident::new(PROBE, span);
    let probed = probe_call(&source, site, floor, span);
    quote_spanned! {span=>
        match (#probed, #count) {
            (__threadmgr_source, __threadmgr_count) => match __threadmgr_source
                .take_by(__threadmgr_count, #take)
                .taken()
            {
                #probe => #probe.#wrap(),
            },
        }
    }
}

/// The probe of `receiver` at a new site named `site`: `probe(R, { static SITE; &SITE })`, or
/// `probe_within(R, { .. }, FLOOR)` for a chain whose code is cheap ([`IterChains::floor`]).
fn probe_call(
    receiver: &syn::Ident,
    site: &syn::Ident,
    floor: usize,
    span: Span,
) -> proc_macro2::TokenStream {
    let site = quote_spanned! {span=> {
        static #site: ::threadmgr::__private::Site = ::threadmgr::__private::Site::new(1usize);
        &#site
    }};
    if floor == 0 {
        quote_spanned!(span=> ::threadmgr::__private::probe(#receiver, #site))
    } else {
        let floor = syn::LitInt::new(&format!("{floor}usize"), span);
        quote_spanned!(span=> ::threadmgr::__private::probe_within(#receiver, #site, #floor))
    }
}

/// Whether the call consumes `expr` as a value (see the module docs).
fn is_value(expr: &Expr) -> bool {
    match expr {
        Expr::Call(_) | Expr::MethodCall(_) | Expr::Range(_) => true,
        Expr::Paren(paren) => is_value(&paren.expr),
        Expr::Group(group) => is_value(&group.expr),
        _ => false,
    }
}

pub(crate) fn is_iterator_method(call: &ExprMethodCall) -> bool {
    (is_named(call, ADAPTERS) || is_named(call, CONSUMERS))
        && (call.args.is_empty() || !is_named(call, NO_ARGUMENTS))
}

fn is_named(call: &ExprMethodCall, sorted: &[&str]) -> bool {
    let name = call.method.to_string();
    sorted.binary_search(&name.as_str()).is_ok()
}

/// The consumers of [`CONSUMERS`] that compare, sorted: named as `PartialEq`'s and
/// `PartialOrd`'s methods, which borrow what they are called on (a `Range` is both), so a
/// local they are called on is left as it is.
const COMPARISONS: &[&str] = &[
    "cmp",
    "cmp_by",
    "eq",
    "eq_by",
    "ge",
    "gt",
    "le",
    "lt",
    "ne",
    "partial_cmp",
];

/// The consumers of [`CONSUMERS`] that borrow the iterator (`&mut self`) rather than take it,
/// sorted: `Iterator`'s and `DoubleEndedIterator`'s (rayon's take theirs by value).
const BORROWING_CONSUMERS: &[&str] = &[
    "all",
    "any",
    "find",
    "find_map",
    "nth",
    "nth_back",
    "position",
    "rfind",
    "rposition",
    "try_fold",
    "try_for_each",
];

/// The consuming methods of the same traits (their result is no iterator), sorted.
const CONSUMERS: &[&str] = &[
    "all",
    "any",
    "cmp",
    "cmp_by",
    "collect",
    "collect_into",
    "collect_into_vec",
    "collect_vec_list",
    "count",
    "eq",
    "eq_by",
    "find",
    "find_any",
    "find_first",
    "find_last",
    "find_map",
    "find_map_any",
    "find_map_first",
    "find_map_last",
    "fold",
    "for_each",
    "for_each_init",
    "for_each_with",
    "ge",
    "gt",
    "is_partitioned",
    "is_sorted",
    "is_sorted_by",
    "is_sorted_by_key",
    "last",
    "le",
    "lt",
    "max",
    "max_by",
    "max_by_key",
    "min",
    "min_by",
    "min_by_key",
    "ne",
    "nth",
    "nth_back",
    "partial_cmp",
    "partition",
    "partition_map",
    "position",
    "position_any",
    "position_first",
    "position_last",
    "product",
    "reduce",
    "reduce_with",
    "rfind",
    "rfold",
    "rposition",
    "sum",
    "try_fold",
    "try_for_each",
    "try_for_each_init",
    "try_for_each_with",
    "try_reduce",
    "try_reduce_with",
    "unzip",
];

/// The consumers among [`CONSUMERS`] that are not `Iterator`'s (or `DoubleEndedIterator`'s)
/// stable ones, sorted: rayon's, and those `Iterator` has only unstable. A chain of
/// [`IterChains::two_copies`] ends with any other.
const NOT_SHORT_CONSUMERS: &[&str] = &[
    "cmp_by",
    "collect_into",
    "collect_into_vec",
    "collect_vec_list",
    "eq_by",
    "find_any",
    "find_first",
    "find_last",
    "find_map_any",
    "find_map_first",
    "find_map_last",
    "for_each_init",
    "for_each_with",
    "is_partitioned",
    "partition_map",
    "position_any",
    "position_first",
    "position_last",
    "reduce_with",
    "try_for_each_init",
    "try_for_each_with",
    "try_reduce",
    "try_reduce_with",
];

/// The adapters of `Iterator` (and `DoubleEndedIterator`) among [`ADAPTERS`] that pass on at
/// most the items they pull, one at a time, on the thread that pulls them, sorted: those a
/// chain of [`IterChains::two_copies`] may have (not `chain`, `cycle`, `flat_map`, `flatten`,
/// nor rayon's).
const SHORT_ADAPTERS: &[&str] = &[
    "cloned",
    "copied",
    "enumerate",
    "filter",
    "filter_map",
    "fuse",
    "inspect",
    "map",
    "map_while",
    "peekable",
    "rev",
    "scan",
    "skip",
    "skip_while",
    "step_by",
    "take",
    "take_while",
    "zip",
];

/// The adapters of [`SHORT_ADAPTERS`] that act on each item alone, whatever came before it, so
/// that a chain of them over a range yields the same items as the chains over its sub-ranges,
/// one after the other (see [`collects_by_chunks`]), sorted.
const PER_ITEM_ADAPTERS: &[&str] = &[
    "cloned",
    "copied",
    "filter",
    "filter_map",
    "fuse",
    "inspect",
    "map",
];

/// The methods of the lists above that take no argument in every one of these traits, sorted:
/// a call of one of them with arguments (`a.min(b)`, `a.max(b)`, `Ord`'s) is not an iterator
/// method, and gets no probe.
const NO_ARGUMENTS: &[&str] = &[
    "cloned",
    "collect",
    "copied",
    "count",
    "cycle",
    "enumerate",
    "flatten",
    "fuse",
    "last",
    "max",
    "min",
    "peekable",
    "product",
    "rev",
    "sum",
];

/// The iterator methods (`Iterator`'s and rayon's) whose arguments are counts (`usize`), not
/// code: a chain whose other arguments are literals passes no code of its own. Sorted.
const COUNTS: &[&str] = &["nth", "nth_back", "skip", "step_by", "take"];

/// The adapters whose `next` may pull many items of their source before returning, sorted.
const SKIPPING: &[&str] = &[
    "filter",
    "filter_map",
    "flat_map",
    "flat_map_iter",
    "flatten",
    "flatten_iter",
    "skip",
    "skip_while",
    "step_by",
];

/// The adapting methods of `Iterator`, `DoubleEndedIterator`, rayon's `ParallelIterator` and
/// `IndexedParallelIterator` (their result is an iterator again), sorted.
const ADAPTERS: &[&str] = &[
    "array_chunks",
    "by_exponential_blocks",
    "by_uniform_blocks",
    "chain",
    "chunks",
    "cloned",
    "copied",
    "cycle",
    "enumerate",
    "filter",
    "filter_map",
    "flat_map",
    "flat_map_iter",
    "flatten",
    "flatten_iter",
    "fold_chunks",
    "fold_chunks_with",
    "fold_with",
    "fuse",
    "inspect",
    "interleave",
    "interleave_shortest",
    "intersperse",
    "map",
    "map_init",
    "map_while",
    "map_with",
    "panic_fuse",
    "peekable",
    "positions",
    "rev",
    "scan",
    "skip",
    "skip_any",
    "skip_any_while",
    "skip_while",
    "step_by",
    "take",
    "take_any",
    "take_any_while",
    "take_while",
    "try_fold_with",
    "update",
    "while_some",
    "with_max_len",
    "with_min_len",
    "zip",
    "zip_eq",
];

#[cfg(test)]
mod tests {
    #[test]
    fn the_method_lists_are_sorted_for_binary_search() {
        for list in [
            super::ADAPTERS,
            super::CONSUMERS,
            super::SHORT_ADAPTERS,
            super::PER_ITEM_ADAPTERS,
            super::NOT_SHORT_CONSUMERS,
            super::SKIPPING,
            super::NO_ARGUMENTS,
            super::COUNTS,
            super::TRY_CONSUMERS,
            super::SEARCHES,
            super::FLAT_CONSUMERS,
            super::WHILE_ADAPTERS,
            super::NOT_FLAT_ADAPTERS,
            super::BORROWING_CONSUMERS,
            super::COMPARISONS,
            super::ITERATOR_SOURCES,
        ] {
            assert!(list.is_sorted());
        }
        for list in [super::BORROWING_CONSUMERS, super::COMPARISONS] {
            assert!(list.iter().all(|name| super::CONSUMERS.contains(name)));
        }
        assert!(
            super::NO_ARGUMENTS
                .iter()
                .all(|name| super::ADAPTERS.contains(name) || super::CONSUMERS.contains(name))
        );
        assert!(
            super::COUNTS
                .iter()
                .all(|name| super::ADAPTERS.contains(name) || super::CONSUMERS.contains(name))
        );
        assert!(
            super::SKIPPING
                .iter()
                .chain(super::SHORT_ADAPTERS)
                .all(|name| super::ADAPTERS.contains(name))
        );
        assert!(
            super::PER_ITEM_ADAPTERS
                .iter()
                .all(|name| super::SHORT_ADAPTERS.contains(name))
        );
        assert!(super::STD_VALUE_MACROS.is_sorted());
        assert!(super::INITIAL_VALUE_FIRST.is_sorted());
        assert!(
            super::NOT_SHORT_CONSUMERS
                .iter()
                .all(|name| super::CONSUMERS.contains(name))
        );
        assert!(
            !super::CONSUMERS
                .iter()
                .any(|name| super::ADAPTERS.contains(name))
        );
    }
}
