//! Checkpoints in loops, at any depth (closure bodies included), so that a halt stops a loop
//! that runs for long however cheap its iterations are.
//!
//! - `while` and `loop`: a check at the start of the body, once per iteration (one relaxed load
//!   of a process-wide word and a branch), or once per two iterations of a small body
//!   ([`emit::two_passes`]).
//! - `while let` (a condition with a `let`): a countdown of learned laps, as written with a
//!   countdown that checks at the end of each lap, whose length the loop learns from the time
//!   its laps take ([`emit::countdown`]); the code before it checks (see [`crate::statements`]).
//! - `for` whose body has no loop, calls and may exit early (`break`, `return`, `?`): a countdown,
//!   as written with a countdown that checks every few iterations ([`emit::countdown`]); with a
//!   copy as written, with no countdown, for a run whose iterator says it has no more items
//!   than the countdown's length.
//! - any other `for`: chunked, with one check between chunks and an inner plain `for` over the chunk,
//!   which the compiler optimizes (vectorizes) as it would the original loop. Each loop learns
//!   its chunk length from the time its chunks take (a `static` per loop), so the time between
//!   two checks is bounded whatever the body calls: a body that calls something slow is
//!   checked every [`SHORTEST_CHUNK`] iterations, a hot one every few thousand. Chunks are at
//!   least [`CHEAP_CHUNK`] long for a body without calls, loops or macros, and at least
//!   [`SHORTEST_CHUNK`] otherwise. See [`crate::emit::chunked_for`]. Slice iterators and
//!   integer ranges (inclusive or reversed too) are split into sub-slices and sub-ranges, so
//!   that the inner loop has one exit as the original does; other iterators go through a
//!   counting adapter.
//!
//! The copies as written (of the countdown form, and of the chunked form of an innermost loop)
//! are made only of a body that makes no type of its own and declares nothing
//! ([`makes_own_types`]): two copies of a closure kept past the iteration, of a `static` or of
//! an `impl` would not be the code as written.
//!
//! A `for` over a local whose type the compiler may learn only from code after the loop
//! (`let v = it.collect();` with no type, fixed later by a struct field) takes its chunks
//! through the counting adapter, never split: choosing how to split needs the iterator's type
//! where the loop is, which the loop as written does not (see [`late_typed_locals`]).
//!
//! In the chunked form the loop's label (the user's, or a generated `'__threadmgr_for_N` if an
//! unlabeled `break` needs one) moves to the outer loop, and unlabeled `break`s of the body are
//! retargeted to it ([`crate::breaks`]), so that `break`, `continue`, `break 'label` and
//! `continue 'label` all keep their meaning: `continue 'label` starts a new chunk, whose first
//! item is the next item. The loop's attributes stay on the whole construct.

use std::collections::BTreeSet;

use proc_macro2::Span;
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Lifetime, Pat};

use crate::bounded::{Bounded, Names};
use crate::breaks::RetargetBreaks;
use crate::descend::{self, runtime_code_only};
use crate::{cost, emit};

/// The first and shortest chunk of a `for` whose body is cheap (no call, loop or macro: each
/// iteration runs in bounded time).
pub(crate) const CHEAP_CHUNK: usize = 4096;

/// The first and shortest chunk of any other `for`: short, so that a body that calls something
/// slow is checked often from the start, and not one, so that a loop over a few items
/// (`for axis in 0..2`) is one chunk that the compiler sees whole and unrolls. Either way the
/// loop's `Site` then lengthens its chunks while they take little time.
const SHORTEST_CHUNK: usize = 16;

/// Instruments the loops of a body.
pub(crate) struct LoopChecks<'a> {
    /// How many labels were generated, to keep them unique in the body.
    labels: usize,
    /// The fns whose calls are cheap.
    bounded: &'a Bounded,
    /// The body's locals whose type may be known only after their loops
    /// ([`late_typed_locals`]).
    late_typed: BTreeSet<String>,
}

impl<'a> LoopChecks<'a> {
    /// `late_typed`: [`late_typed_locals`] of the body as the user wrote it.
    pub(crate) fn new(bounded: &'a Bounded, late_typed: BTreeSet<String>) -> Self {
        LoopChecks {
            labels: 0,
            bounded,
            late_typed,
        }
    }
}

impl VisitMut for LoopChecks<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if descend::is_opaque_to_loops(expr) {
            return;
        }
        // Decided before the nested loops are rewritten, on the body as the user wrote it.
        let (cost, written_len, exits, copyable) = match expr {
            Expr::ForLoop(f) => (
                cost::of_block(&f.body, self.bounded),
                written_len(&f.expr),
                may_exit_early(&f.body, f.label.as_ref()),
                !makes_own_types(&f.body),
            ),
            _ => (cost::Cost::default(), None, false, false),
        };
        let twice = match expr {
            Expr::While(w) => runs_twice_per_check(&w.body, Some(&w.cond)),
            Expr::Loop(l) => runs_twice_per_check(&l.body, None),
            _ => false,
        };
        visit_mut::visit_expr_mut(self, expr);
        match expr {
            Expr::ForLoop(_) => {
                let initial = if cost.is_expensive() {
                    SHORTEST_CHUNK
                } else {
                    CHEAP_CHUNK
                };
                // Chunked, it would be one chunk and check nothing: left as written.
                let one_chunk = written_len.is_some_and(|len| len <= initial as u128);
                if !one_chunk && cost.is_expensive() && !cost.loops && exits {
                    countdown(expr, copyable);
                } else if !one_chunk {
                    self.chunk(expr, initial, !cost.loops && copyable);
                }
            }
            Expr::While(_) | Expr::Loop(_) if twice => self.twice_per_check(expr),
            Expr::While(while_loop) if has_let(&while_loop.cond) => countdown(expr, false),
            Expr::While(while_loop) => per_iteration(&mut while_loop.body),
            Expr::Loop(expr_loop) => per_iteration(&mut expr_loop.body),
            _ => {}
        }
    }

    runtime_code_only!();
}

/// Whether a loop's body may leave the loop before its iterator ends: a `break`, a `return`,
/// a `?` or a `continue` to another loop's label, outside closures, `async` blocks and items
/// (whose exits are their own). An innermost `for` whose body calls (not only core's code on
/// primitives) and may exit early has more than one exit and an opaque call: the compiler
/// vectorizes it in no form, so chunking it would only add a chunk's set-up to every run (a
/// scanner over the rest of a long string that `break`s at a word's end runs a few items and
/// pays it each time). It runs with a countdown instead ([`emit::countdown`]).
fn may_exit_early(body: &Block, label: Option<&syn::Label>) -> bool {
    use syn::visit::Visit;
    struct Find<'a> {
        label: Option<&'a Lifetime>,
        found: bool,
    }
    impl Visit<'_> for Find<'_> {
        fn visit_expr(&mut self, expr: &Expr) {
            match expr {
                Expr::Break(_) | Expr::Return(_) | Expr::Try(_) => self.found = true,
                Expr::Continue(go) => {
                    self.found |= go.label.is_some() && go.label.as_ref() != self.label;
                }
                Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
                _ => syn::visit::visit_expr(self, expr),
            }
        }
        fn visit_item(&mut self, _: &syn::Item) {}
    }
    let mut find = Find {
        label: label.map(|label| &label.name),
        found: false,
    };
    find.visit_block(body);
    find.found
}

/// Whether a loop's body makes a type of its own, or declares something, that must exist once:
/// a closure or an `async` block of the user's (its value may outlive the iteration: kept in a
/// local declared before the loop, pushed into a `Vec` of them, returned as an `impl Trait`),
/// an item (a `static` counts every run of the loop, an `impl` may be for a type outside the
/// loop, a `fn` item's value has a type of its own), or a macro that may make any of these (any
/// but std's formatting and assertions: `thread_local!` declares a `static`). Written in two
/// copies (the copy as written for a run that fits in one chunk, see `emit::chunked_for`),
/// such a body would make two closure types where a local takes one (error E0308), two statics
/// that count apart, or two conflicting impls (error E0119); its loop is written once.
///
/// Looked at after the rewrites of chains, closures and statements, which run first: their own
/// code is told apart from the user's by its names (a closure whose parameters are all
/// `__threadmgr_` ones, a `static __THREADMGR_SITE`, a loop's site, whose copies only learn
/// apart) or is `Expr::Verbatim` (only generated code is). `use` and `const` items make no value
/// of a type of their own.
fn makes_own_types(body: &Block) -> bool {
    use syn::visit::Visit;
    struct Find(bool);
    impl Visit<'_> for Find {
        fn visit_expr(&mut self, expr: &Expr) {
            match expr {
                Expr::Closure(closure) if !is_generated_closure(closure) => self.0 = true,
                Expr::Async(_) => self.0 = true,
                _ => syn::visit::visit_expr(self, expr),
            }
        }
        fn visit_item(&mut self, item: &syn::Item) {
            match item {
                syn::Item::Use(_) | syn::Item::Const(_) => {}
                syn::Item::Static(item) if item.ident.to_string().starts_with("__THREADMGR") => {}
                _ => self.0 = true,
            }
        }
        fn visit_macro(&mut self, mac: &syn::Macro) {
            self.0 |= !crate::chains::is_std_value_macro(mac);
        }
    }
    /// A closure the rewrites made: its parameters are all generated names.
    fn is_generated_closure(closure: &syn::ExprClosure) -> bool {
        !closure.inputs.is_empty()
            && closure.inputs.iter().all(|input| {
                matches!(input, Pat::Ident(name) if name.ident.to_string().starts_with("__threadmgr_"))
            })
    }
    let mut find = Find(false);
    find.visit_block(body);
    find.0
}

/// How many items a `for` loop's iterable has at most, when its syntax says: an array
/// expression (`[a, b, c]`, `[x; 4]`, or a reference to one) or a range between two integer
/// literals (`0..3`, `-1..=1`). A loop over one with no more items than its first chunk would run
/// as one chunk and check nothing, so it is left as written (`for d in [w - 1, 0, 1]` in a grid
/// stencil, `for axis in 0..3`): its body's own loops and calls check as anywhere.
fn written_len(iterable: &Expr) -> Option<u128> {
    match iterable {
        Expr::Array(array) => Some(array.elems.len() as u128),
        Expr::Repeat(repeat) => int_literal(&repeat.len).and_then(|n| u128::try_from(n).ok()),
        Expr::Reference(reference) => match &*reference.expr {
            inner @ (Expr::Array(_) | Expr::Repeat(_)) => written_len(inner),
            _ => None,
        },
        Expr::Range(range) => {
            let start = int_literal(range.start.as_deref()?)?;
            let end = int_literal(range.end.as_deref()?)?;
            let end = match range.limits {
                syn::RangeLimits::HalfOpen(_) => end,
                syn::RangeLimits::Closed(_) => end.checked_add(1)?,
            };
            Some(u128::try_from(end.saturating_sub(start)).unwrap_or(0))
        }
        Expr::Paren(paren) => written_len(&paren.expr),
        Expr::Group(group) => written_len(&group.expr),
        _ => None,
    }
}

/// The value of an integer literal, maybe negated or in parentheses.
fn int_literal(expr: &Expr) -> Option<i128> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(int),
            ..
        }) => int.base10_parse().ok(),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => int_literal(expr)?.checked_neg(),
        Expr::Paren(paren) => int_literal(&paren.expr),
        Expr::Group(group) => int_literal(&group.expr),
        _ => None,
    }
}

/// The largest body (in tokens) of a `while` or `loop` that runs two passes per check.
const TWICE_TOKENS: usize = 160;

/// Whether a `while` (with condition `cond`) or `loop` runs two iterations per check: its body
/// is small (at most [`TWICE_TOKENS`] tokens, the condition at most a quarter of that), has no
/// loop and invokes no macro (a `break` in a macro's tokens could not be retargeted); a
/// `while let` or a condition with `let` never (its scrutinee's temporaries live through the
/// body).
fn runs_twice_per_check(body: &Block, cond: Option<&Expr>) -> bool {
    use syn::visit::Visit;
    struct Find(bool);
    impl Visit<'_> for Find {
        fn visit_expr(&mut self, expr: &Expr) {
            match expr {
                Expr::Loop(_) | Expr::While(_) | Expr::ForLoop(_) => self.0 = true,
                _ => syn::visit::visit_expr(self, expr),
            }
        }
        fn visit_macro(&mut self, _: &syn::Macro) {
            self.0 = true;
        }
    }
    fn tokens(stream: proc_macro2::TokenStream) -> usize {
        stream
            .into_iter()
            .map(|tree| match tree {
                proc_macro2::TokenTree::Group(group) => 1 + tokens(group.stream()),
                _ => 1,
            })
            .sum()
    }
    let mut find = Find(false);
    find.visit_block(body);
    if let Some(cond) = cond {
        find.visit_expr(cond);
        find.0 |= has_let(cond);
    }
    !find.0
        && tokens(quote::ToTokens::to_token_stream(body)) <= TWICE_TOKENS
        && cond
            .is_none_or(|cond| tokens(quote::ToTokens::to_token_stream(cond)) <= TWICE_TOKENS / 4)
}

/// Whether a `while` condition has a `let` (`while let`, or a `let` chain), outside closures.
pub(crate) fn has_let(cond: &Expr) -> bool {
    match cond {
        Expr::Let(_) => true,
        Expr::Binary(binary) => has_let(&binary.left) || has_let(&binary.right),
        Expr::Paren(paren) => has_let(&paren.expr),
        Expr::Group(group) => has_let(&group.expr),
        _ => false,
    }
}

/// What [`LoopChecks::retarget`] found.
struct Retargeted {
    label: Lifetime,
    /// Whether the rewritten loop needs `label`: the user wrote it, or a `break` now uses it.
    needed: bool,
    /// Whether a `continue 'label` targets the loop.
    continued: bool,
}

// Input:  'l: while COND { BODY }          (also `while let` and `loop`)
// Output: 'l: while COND { ::threadmgr::__private::check(); BODY }
fn per_iteration(body: &mut Block) {
    body.stmts
        .insert(0, emit::check(body.brace_token.span.join()));
}

/// An innermost `for` whose body calls and may exit early, or a `while let`, with a countdown
/// ([`emit::countdown`]); with `copied` (a `for` whose body makes no type of its own), with a
/// copy as written for a run of few items.
fn countdown(expr: &mut Expr, copied: bool) {
    let looped = std::mem::replace(expr, Expr::Verbatim(Default::default()));
    *expr = emit::countdown(looped, copied);
}

impl LoopChecks<'_> {
    /// A small `while` or `loop` as two passes per check ([`emit::two_passes`]).
    fn twice_per_check(&mut self, expr: &mut Expr) {
        let (attrs, label, mut body, cond) =
            match std::mem::replace(expr, Expr::Verbatim(Default::default())) {
                Expr::While(w) => (w.attrs, w.label, w.body, Some(*w.cond)),
                Expr::Loop(l) => (l.attrs, l.label, l.body, None),
                _ => unreachable!("only called on a `while` or a `loop`"),
            };
        let at = body.brace_token.span.join();
        let retargeted = self.retarget(label, &mut body, at);
        // A `while`'s exit is a `break` to the label: it always needs one.
        let label = (cond.is_some() || retargeted.needed).then_some(retargeted.label);
        *expr = emit::two_passes(attrs, label, body, cond, at);
    }

    /// The label that the loop `body` belongs to gets in its rewritten form, where the body
    /// becomes that of an inner loop: the user's `label`, or a generated one (located at
    /// `at`), with the body's unlabeled `break`s retargeted to it (see [`crate::breaks`]).
    fn retarget(&mut self, label: Option<syn::Label>, body: &mut Block, at: Span) -> Retargeted {
        let (label, users) = match label {
            Some(label) => (label.name, true),
            None => {
                self.labels += 1;
                (emit::label(self.labels, at), false)
            }
        };
        let mut retarget = RetargetBreaks {
            label: &label,
            used: false,
            continued: false,
        };
        retarget.visit_block_mut(body);
        let (needed, continued) = (users || retarget.used, retarget.continued);
        Retargeted {
            label,
            needed,
            continued,
        }
    }

    // Input:  #[attrs] 'l: for PAT in EXPR { BODY }       (label optional)
    // Output: #[attrs] {
    //             match ::core::iter::IntoIterator::into_iter(EXPR) {
    //                 mut __threadmgr_iter => {
    //                     static __THREADMGR_SITE: Site = Site::new(INITIAL);
    //                     let mut __threadmgr_pace = __THREADMGR_SITE.pace();
    //                     'l: loop {
    //                         let mut __threadmgr_chunk = ::threadmgr::__private::chunks(&__threadmgr_iter)
    //                             .next_chunk(&mut __threadmgr_iter, __threadmgr_pace.chunk_len().max(INITIAL));
    //                         for PAT in Piece::items(&mut __threadmgr_chunk) { BODY' }
    //                         if Piece::exhausted(&__threadmgr_chunk) { break; }
    //                         ::threadmgr::__private::check();
    //                         __threadmgr_pace.next();
    //                     }
    //                 }
    //             };
    //         }
    // (with `copied`, an innermost loop, whose body has no loop and makes no type of its own
    // (`makes_own_types`), first asks whether the iterator fits in one chunk, and then runs as
    // written: see `emit::chunked_for`)
    // where BODY' is BODY with its unlabeled `break`s retargeted to 'l (a generated label when
    // the loop had none and a `break` needs one; no label when nothing needs it). When BODY has
    // a `continue 'l`, the chunk is `::threadmgr::__private::chunk(&mut __threadmgr_iter, len)`,
    // which leaves the items it did not take in the iterator, and the check moves to the start
    // of each chunk.
    fn chunk(&mut self, expr: &mut Expr, initial: usize, copied: bool) {
        let Expr::ForLoop(mut for_loop) =
            std::mem::replace(expr, Expr::Verbatim(Default::default()))
        else {
            unreachable!("only called on a `for` loop");
        };
        let whole = copied.then(|| for_loop.clone());
        let label = for_loop.label.take();
        let at = for_loop.for_token.span;
        let retargeted = self.retarget(label, &mut for_loop.body, at);
        let split = !retargeted.continued && !iterates_local(&for_loop.expr, &self.late_typed);
        let label = retargeted.needed.then_some(retargeted.label);
        *expr = emit::chunked_for(for_loop, label, split, initial, whole);
    }
}

/// Whether a `for`'s iterable is one of `locals`, maybe borrowed (`v`, `&v`, `&mut v`).
fn iterates_local(iterable: &Expr, locals: &BTreeSet<String>) -> bool {
    match iterable {
        Expr::Reference(reference) => iterates_local(&reference.expr, locals),
        Expr::Paren(paren) => iterates_local(&paren.expr, locals),
        Expr::Group(group) => iterates_local(&group.expr, locals),
        Expr::Path(path) if path.qself.is_none() => path
            .path
            .get_ident()
            .is_some_and(|ident| locals.contains(&ident.to_string())),
        _ => false,
    }
}

/// The names of a body's locals whose type the compiler may infer only from code after the
/// binding: bound by a `let` with no type whose value's type the caller chooses (std's
/// `collect`, `into`, `try_into`, `parse`, `sum`, `product`, `unzip` and `partition` with no
/// turbofish, `Default::default()`, `From::from(..)`, `FromIterator::from_iter(..)`, and
/// `unwrap`, `expect` or `?` of one), by a `let` with neither type nor value, or the untyped
/// parameters of a closure bound by a `let` (no signature to take their types from).
///
/// A `for` over such a local (`let v = it.collect(); for x in &v { .. } S { field: v }`)
/// compiles as written: the loop calls `IntoIterator::into_iter` and `Iterator::next` by
/// their trait paths, which wait for the type. A split chunk picks its kind with a method call
/// on a wrapper of the iterator (`chunks(&it).next_chunk(..)`, see
/// `threadmgr::__private::chunks`), which needs the type where the loop is: with an unknown one,
/// every kind applies (error E0034). Such loops take their chunks through the counting adapter
/// instead, a generic fn. Names are compared, not bindings: a name bound twice, once late-typed,
/// counts everywhere, which costs a loop over the other binding its split chunks and nothing
/// else.
pub(crate) fn late_typed_locals(body: &Block) -> BTreeSet<String> {
    struct Find(BTreeSet<String>);
    impl Find {
        /// Every name the pattern binds.
        fn bind(&mut self, pat: &Pat) {
            let mut names = Names::default();
            names.visit_pat(pat);
            self.0.extend(names.patterns.into_keys());
        }
    }
    impl Visit<'_> for Find {
        fn visit_local(&mut self, local: &syn::Local) {
            if !matches!(local.pat, Pat::Type(_)) {
                match &local.init {
                    None => self.bind(&local.pat),
                    Some(init) if typed_by_the_caller(&init.expr) => self.bind(&local.pat),
                    Some(init) => {
                        if let Expr::Closure(closure) = &*init.expr {
                            for input in &closure.inputs {
                                if !matches!(input, Pat::Type(_)) {
                                    self.bind(input);
                                }
                            }
                        }
                    }
                }
            }
            syn::visit::visit_local(self, local);
        }
        // A nested fn is instrumented on its own, with its own locals.
        fn visit_item(&mut self, _: &syn::Item) {}
    }
    let mut find = Find(BTreeSet::new());
    find.visit_block(body);
    find.0
}

/// Whether an expression's type is chosen by what its value is used for: see
/// [`late_typed_locals`].
fn typed_by_the_caller(expr: &Expr) -> bool {
    const METHODS: [&str; 8] = [
        "collect",
        "into",
        "try_into",
        "parse",
        "sum",
        "product",
        "unzip",
        "partition",
    ];
    const UNWRAPS: [&str; 6] = [
        "unwrap",
        "expect",
        "unwrap_or_default",
        "unwrap_or",
        "unwrap_or_else",
        "ok",
    ];
    const TRAITS: [&str; 6] = [
        "Default",
        "From",
        "FromIterator",
        "Into",
        "TryFrom",
        "TryInto",
    ];
    match expr {
        Expr::Paren(paren) => typed_by_the_caller(&paren.expr),
        Expr::Group(group) => typed_by_the_caller(&group.expr),
        Expr::Try(tried) => typed_by_the_caller(&tried.expr),
        Expr::Block(block) => block_tail_typed_by_the_caller(&block.block),
        Expr::Unsafe(block) => block_tail_typed_by_the_caller(&block.block),
        Expr::If(if_expr) => {
            block_tail_typed_by_the_caller(&if_expr.then_branch)
                || if_expr
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, other)| typed_by_the_caller(other))
        }
        Expr::Match(match_expr) => match_expr
            .arms
            .iter()
            .any(|arm| typed_by_the_caller(&arm.body)),
        Expr::MethodCall(call) if call.turbofish.is_none() => {
            let method = call.method.to_string();
            METHODS.contains(&method.as_str())
                || (UNWRAPS.contains(&method.as_str()) && typed_by_the_caller(&call.receiver))
        }
        Expr::Call(call) => match &*call.func {
            Expr::Path(path) => {
                let segments = &path.path.segments;
                let infer_self = path
                    .qself
                    .as_ref()
                    .is_some_and(|qself| matches!(*qself.ty, syn::Type::Infer(_)));
                let trait_path = segments.len() >= 2
                    && TRAITS.contains(&segments[segments.len() - 2].ident.to_string().as_str());
                segments.last().is_some_and(|last| last.arguments.is_none())
                    && (infer_self || trait_path)
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether a block's value (its last statement, an expression with no `;`) is
/// [`typed_by_the_caller`].
fn block_tail_typed_by_the_caller(block: &Block) -> bool {
    match block.stmts.last() {
        Some(syn::Stmt::Expr(tail, None)) => typed_by_the_caller(tail),
        _ => false,
    }
}
