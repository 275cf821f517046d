//! Where the rewrites of a body stop.
//!
//! A rewrite only instruments code that runs as part of this body, at run time, and that syn
//! can see. It does not descend into:
//! - `async` blocks and `async` closures, but for their loops and iterator chains
//!   ([`is_opaque_to_loops`]): they run when their future is polled, on whatever thread polls
//!   it, whose token their checks see (as an `async fn`'s body does); their closures are left
//!   as written and they get no entry check, as a closure's body gets none (a recursion
//!   through them passes through a fn that checks, since a future that awaits itself must be
//!   boxed by a fn);
//! - `const` blocks, types (array lengths), const generic arguments and array repeat lengths:
//!   they run at compile time, where a checkpoint cannot be called;
//! - `unsafe` blocks (and `unsafe fn` bodies, which [`crate::expand`] leaves whole): unsafe
//!   code may rely on nothing in it unwinding (a `Vec` whose length was set before its items
//!   were written), and a check is an unwind point, so the rewrites never add one there;
//! - nested items (fn, impl, mod, ...): each is a body of its own (nested fns are instrumented
//!   on their own by [`crate::expand`]);
//! - macro invocations: their tokens are not Rust syntax until they expand;
//! - generated checkpoints (`Expr::Verbatim`, see [`crate::emit`]);
//! - code under `#[haltable(skip)]` (see [`crate::skip`]).
//!
//! Closure bodies are descended into (see [`crate::closures`]).

use syn::Expr;

/// Whether a rewrite must leave `expr` (and everything in it) alone.
pub(crate) fn is_opaque(expr: &Expr) -> bool {
    match expr {
        Expr::Async(_) | Expr::Const(_) | Expr::Macro(_) | Expr::Verbatim(_) | Expr::Unsafe(_) => {
            true
        }
        Expr::Closure(closure) if closure.asyncness.is_some() => true,
        _ => crate::skip::is_expr_skipped(expr),
    }
}

/// [`is_opaque`] for the rewrites of loops and iterator chains, which do descend into `async`
/// blocks and `async` closures (see the module docs).
pub(crate) fn is_opaque_to_loops(expr: &Expr) -> bool {
    match expr {
        Expr::Async(_) => false,
        Expr::Closure(closure) if closure.asyncness.is_some() => false,
        _ => is_opaque(expr),
    }
}

/// The `VisitMut` methods that keep a rewrite out of the places listed in the module docs,
/// other than those that [`is_opaque`] answers for expressions. Expand it inside an
/// `impl VisitMut`.
macro_rules! runtime_code_only {
    () => {
        fn visit_item_mut(&mut self, _: &mut syn::Item) {}
        fn visit_type_mut(&mut self, _: &mut syn::Type) {}
        fn visit_generic_argument_mut(&mut self, _: &mut syn::GenericArgument) {}
        fn visit_pat_mut(&mut self, _: &mut syn::Pat) {}
        fn visit_expr_repeat_mut(&mut self, repeat: &mut syn::ExprRepeat) {
            self.visit_expr_mut(&mut repeat.expr);
        }
        fn visit_stmt_mut(&mut self, stmt: &mut syn::Stmt) {
            if !$crate::skip::is_stmt_skipped(stmt) {
                syn::visit_mut::visit_stmt_mut(self, stmt);
            }
        }
    };
}
pub(crate) use runtime_code_only;
