//! Retargets the unlabeled `break`s of a loop body to a label, for the chunked `for`
//! ([`crate::loops`]), where the user's body becomes the body of an inner loop.
//!
//! Input:  `for x in v { if x > 9 { break; } for y in w { break; } }`
//! Output: `for x in v { if x > 9 { break 'l; } for y in w { break; } }`
//!
//! Only the `break`s that target the loop itself are rewritten: not those inside a nested loop's
//! body (they target the nested loop), nor inside a closure, `async` block, `const` block or
//! nested item (a `break` cannot leave those). The iterator expression of a nested `for` is
//! evaluated outside that loop, so its `break`s are rewritten; a nested loop's body is searched
//! for a `continue 'label` to this loop, which leaves the nested loop. `continue` is left alone: in the
//! chunked form, the inner loop's next item is the loop's next item, and `continue 'label`
//! starts the next chunk (the visitor notes it: a split chunk would drop the rest of its items,
//! so such a loop takes its chunks through the fallback, see [`crate::emit::chunked_for`]).
//!
//! Unlike the other rewrites, this one also goes into code under `#[haltable(skip)]`: a
//! skipped statement's `break` must still leave the whole loop.

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, Lifetime};

pub(crate) struct RetargetBreaks<'a> {
    pub(crate) label: &'a Lifetime,
    /// Whether any `break` was retargeted, i.e. whether the loop needs `label`.
    pub(crate) used: bool,
    /// Whether a `continue 'label` targets the loop (seen, not rewritten).
    pub(crate) continued: bool,
}

impl VisitMut for RetargetBreaks<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Break(expr_break) if expr_break.label.is_none() => {
                expr_break.label = Some(self.label.clone());
                self.used = true;
                visit_mut::visit_expr_break_mut(self, expr_break);
            }
            Expr::Continue(expr_continue) if expr_continue.label.as_ref() == Some(self.label) => {
                self.continued = true;
            }
            Expr::ForLoop(nested) => {
                self.visit_expr_mut(&mut nested.expr);
                self.continued |= continues(&nested.body, self.label);
            }
            Expr::While(nested) => {
                self.visit_expr_mut(&mut nested.cond);
                self.continued |= continues(&nested.body, self.label);
            }
            Expr::Loop(nested) => self.continued |= continues(&nested.body, self.label),
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) | Expr::Macro(_) => {}
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}

    /// Compile-time code (array lengths): a `break` there cannot target the loop.
    fn visit_type_mut(&mut self, _: &mut syn::Type) {}
}

/// Whether `body` (a nested loop's) has a `continue` to `label`, which leaves the nested loop
/// and starts the next item of the loop that has `label`.
fn continues(body: &syn::Block, label: &Lifetime) -> bool {
    struct Find<'a> {
        label: &'a Lifetime,
        found: bool,
    }
    impl syn::visit::Visit<'_> for Find<'_> {
        fn visit_expr_continue(&mut self, expr: &syn::ExprContinue) {
            self.found |= expr.label.as_ref() == Some(self.label);
        }
        fn visit_expr_closure(&mut self, _: &syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &syn::ExprAsync) {}
        fn visit_expr_const(&mut self, _: &syn::ExprConst) {}
        fn visit_item(&mut self, _: &syn::Item) {}
        fn visit_type(&mut self, _: &syn::Type) {}
    }
    let mut find = Find {
        label,
        found: false,
    };
    syn::visit::Visit::visit_block(&mut find, body);
    find.found
}
