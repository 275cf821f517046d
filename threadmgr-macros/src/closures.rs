//! Closures created inside a `#[haltable]` body run with the handle of the fn that creates them,
//! wherever they are called (a rayon worker, another thread).
//!
//! Each (non-`async`, non-skipped) closure is classified by what its body contains, outside
//! nested closures (see [`crate::cost`]):
//! - calls, method calls or macros (it may call other `#[haltable]` code, which must see the
//!   creator's token): it *enters* the handle for the duration of the call;
//! - loops only: it checks on entry (its loops get their own checks from [`crate::loops`]);
//! - neither (`|x| x * 2`): it is left unchanged, with no check: it runs in bounded time, and
//!   iterator chains of such closures stay as fast as without the macro.
//!
//! The body starts "checked" for [`crate::statements`] in every case.
//!
//! The closure captures the handle through the place `*__threadmgr_h`, i.e. a copy of the
//! `&'static` reference, so it stays `'static`, `Copy`, `Send` and `Sync` as before. One
//! difference remains: a closure that captured nothing could coerce to a `fn` pointer, and one
//! that now captures the handle cannot; put `#[haltable(skip)]` on such a closure.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;
use syn::token::Brace;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, ExprBlock, ExprClosure, Stmt};

use crate::boundary::{self, runtime_code_only};
use crate::{cost, generated, skip};

/// Instruments the closures of a body, nested ones included.
pub(crate) struct ClosureEntry;

impl VisitMut for ClosureEntry {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if boundary::is_opaque(expr) {
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
        if let Expr::Closure(closure) = expr {
            instrument(closure);
        }
    }

    runtime_code_only!();
}

// Input:  |ARGS| BODY                        (BODY calls something)
// Output: |ARGS| {
//             let __threadmgr_g = ::threadmgr::__private::enter(&*__threadmgr_h);
//             BODY
//         }
//
// Input:  |ARGS| BODY                        (BODY loops, calls nothing)
// Output: |ARGS| { ::threadmgr::__private::check(&*__threadmgr_h); BODY }
//
// A body that is a block (as it must be after `-> T`) gets the statement inserted first, so
// that its statements and tail keep their meaning; any other body becomes the block's tail.
fn instrument(closure: &mut ExprClosure) {
    if skip::is_expr_skipped(&closure.body) {
        return;
    }
    let cost = cost::of_expr(&closure.body);
    let at = closure.body.span();
    let first = if cost.calls {
        generated::enter(at)
    } else if cost.loops {
        generated::check(at)
    } else {
        return;
    };
    if let Expr::Block(body) = &mut *closure.body {
        body.block.stmts.insert(0, first);
        return;
    }
    let body = std::mem::replace(&mut *closure.body, Expr::Verbatim(TokenStream::new()));
    *closure.body = Expr::Block(ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: Block {
            brace_token: Brace(at),
            stmts: vec![first, Stmt::Expr(body, None)],
        },
    });
}
