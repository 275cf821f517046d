//! Closures created inside a `#[haltable]` body run with the handle of the fn that creates them,
//! wherever they are called (a rayon worker, another thread).
//!
//! Each (non-`async`, non-skipped) closure is classified by what its body contains, outside
//! nested closures (see [`crate::cost`]):
//! - calls, method calls, macros or loops: it *enters* the handle for the duration of the
//!   call, i.e. checks it and makes it the thread's current handle (so that other
//!   `#[haltable]` code it calls sees the creator's token, and because a checkpoint checks the
//!   thread's current handle: see `Handle::check_current` in `threadmgr`); its loops get their
//!   own checks from [`crate::loops`];
//! - neither (`|x| x * 2`): it is left unchanged, with no check: it runs in bounded time, and
//!   iterator chains of such closures stay as fast as without the macro.
//!
//! The body starts "checked" for [`crate::statements`] in every case.
//!
//! A closure made outside any job (its creator's handle is "no token") adopts the handle of the
//! thread that calls it instead, so that run inside a job it is halted with that job.
//!
//! The closure captures the handle through the place `*__threadmgr_h`, i.e. a copy of the
//! `&'static` reference, so it stays `'static`, `Copy`, `Send` and `Sync` as before.
//!
//! # Closures coerced to `fn` pointers
//!
//! A closure that captures nothing coerces to a `fn` pointer, and one that captures the handle
//! no longer would. So a closure whose value is visibly coerced to a `fn` pointer does not
//! capture the handle: it reads the handle of the thread that calls it instead (`current()`),
//! checks it on entry, and its loops and statements use that; code it calls sees the caller's
//! token, as it would without the macro. Visibly coerced means the closure is the value (through
//! parentheses, blocks' tails, tuples, arrays, call arguments such as `Some(..)`, and
//! `if`/`match` branches) of:
//! - a `let` whose type has a `fn` pointer type in it (`let f: fn(u8) -> u8 = |x| g(x);`,
//!   `let table: [(&str, fn(&str)); 2] = [..];`), or a cast to one (`as fn(u8) -> u8`);
//! - the body's tail or a `return`, when the fn's return type has a `fn` pointer type in it;
//! - an `if` or `match` at least two of whose branches are closures: distinct closure types
//!   unify only as a `fn` pointer.
//!
//! A closure coerced anywhere else (say, passed straight to a parameter of type `fn(u8) -> u8`)
//! does capture the handle and so fails to compile; bind it with a `let` of the `fn` type, or
//! put `#[haltable(skip)]` on it.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;
use syn::token::Brace;
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, ExprBlock, ExprClosure, Local, Pat, Stmt, Type};

use crate::boundary::{self, runtime_code_only};
use crate::bounded::Bounded;
use crate::{cost, generated, skip};

/// Instruments the closures of a body, nested ones included.
pub(crate) struct ClosureEntry<'a> {
    /// Whether the enclosing fn's return type has a `fn` pointer type in it (false inside a
    /// closure, where `return` leaves the closure).
    returns_fn_pointer: bool,
    /// The fns whose calls are cheap.
    bounded: &'a Bounded,
}

/// Where a closure gets the handle it checks.
#[derive(Clone, Copy)]
enum Handle {
    /// Captured from the fn that creates the closure.
    Creator,
    /// Read from the thread that calls it: the closure is coerced to a `fn` pointer.
    Caller,
}

impl<'a> ClosureEntry<'a> {
    /// Instruments the closures of a fn body; `output` is the fn's return type.
    pub(crate) fn fn_body(body: &mut Block, output: &syn::ReturnType, bounded: &'a Bounded) {
        let returns_fn_pointer = match output {
            syn::ReturnType::Type(_, ty) => has_fn_pointer(ty),
            syn::ReturnType::Default => false,
        };
        let mut visitor = ClosureEntry {
            returns_fn_pointer,
            bounded,
        };
        if returns_fn_pointer {
            visitor.visit_block_coerced(body);
        } else {
            visitor.visit_block_mut(body);
        }
    }

    fn visit_closure(&mut self, closure: &mut ExprClosure, handle: Handle) {
        let returns_fn_pointer = std::mem::replace(&mut self.returns_fn_pointer, false);
        visit_mut::visit_expr_closure_mut(self, closure);
        self.returns_fn_pointer = returns_fn_pointer;
        instrument(closure, handle, self.bounded);
    }

    /// Visits `expr`, whose value may be coerced to a `fn` pointer.
    fn visit_coerced(&mut self, expr: &mut Expr) {
        if boundary::is_opaque(expr) {
            return;
        }
        match expr {
            Expr::Closure(closure) => self.visit_closure(closure, Handle::Caller),
            Expr::Paren(paren) => self.visit_coerced(&mut paren.expr),
            Expr::Group(group) => self.visit_coerced(&mut group.expr),
            // `Some(|x| g(x))` as an `Option<fn(u8) -> u8>`: the expected type reaches the
            // arguments of the constructor (or fn) called.
            Expr::Call(call) => {
                self.visit_expr_mut(&mut call.func);
                call.args.iter_mut().for_each(|e| self.visit_coerced(e));
            }
            Expr::Tuple(tuple) => tuple.elems.iter_mut().for_each(|e| self.visit_coerced(e)),
            Expr::Array(array) => array.elems.iter_mut().for_each(|e| self.visit_coerced(e)),
            Expr::Block(block) => self.visit_block_coerced(&mut block.block),
            Expr::Unsafe(block) => self.visit_block_coerced(&mut block.block),
            Expr::If(expr_if) => {
                self.visit_expr_mut(&mut expr_if.cond);
                self.visit_block_coerced(&mut expr_if.then_branch);
                if let Some((_, else_branch)) = &mut expr_if.else_branch {
                    self.visit_coerced(else_branch);
                }
            }
            Expr::Match(expr_match) => {
                self.visit_expr_mut(&mut expr_match.expr);
                for arm in &mut expr_match.arms {
                    if let Some((_, guard)) = &mut arm.guard {
                        self.visit_expr_mut(guard);
                    }
                    self.visit_coerced(&mut arm.body);
                }
            }
            _ => self.visit_expr_mut(expr),
        }
    }

    /// Visits a block whose value (its tail) may be coerced to a `fn` pointer.
    fn visit_block_coerced(&mut self, block: &mut Block) {
        let tail = match block.stmts.last() {
            Some(Stmt::Expr(_, None)) => block.stmts.len() - 1,
            _ => block.stmts.len(),
        };
        for (i, stmt) in block.stmts.iter_mut().enumerate() {
            match stmt {
                Stmt::Expr(expr, None) if i == tail => self.visit_coerced(expr),
                stmt => self.visit_stmt_mut(stmt),
            }
        }
    }
}

impl VisitMut for ClosureEntry<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if boundary::is_opaque(expr) {
            return;
        }
        match expr {
            Expr::Closure(closure) => self.visit_closure(closure, Handle::Creator),
            Expr::Cast(cast) if has_fn_pointer(&cast.ty) => self.visit_coerced(&mut cast.expr),
            Expr::Return(ret) if self.returns_fn_pointer => {
                if let Some(value) = &mut ret.expr {
                    self.visit_coerced(value);
                }
            }
            Expr::If(_) | Expr::Match(_) if closure_branches(expr) >= 2 => self.visit_coerced(expr),
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_local_mut(&mut self, local: &mut Local) {
        if skip::is_skipped(&local.attrs) {
            return;
        }
        match (&local.pat, &mut local.init) {
            (Pat::Type(typed), Some(init)) if has_fn_pointer(&typed.ty) => {
                self.visit_coerced(&mut init.expr);
                if let Some((_, diverge)) = &mut init.diverge {
                    self.visit_expr_mut(diverge);
                }
            }
            _ => visit_mut::visit_local_mut(self, local),
        }
    }

    runtime_code_only!();
}

// Input:  |ARGS| BODY                        (BODY calls something or loops)
// Output: |ARGS| {
//             let __threadmgr_h: &'static ::threadmgr::__private::Handle =
//                 ::threadmgr::__private::adopt(&*__threadmgr_h);
//             let (__threadmgr_h, __threadmgr_g) =
//                 ::threadmgr::__private::enter(&*__threadmgr_h);
//             BODY
//         }
//
// (`adopt` is the creator's handle, or the caller's if the creator ran outside any job.)
//
// Input:  |ARGS| BODY                        (coerced to a `fn` pointer; BODY calls or loops)
// Output: |ARGS| {
//             let __threadmgr_h: &'static ::threadmgr::__private::Handle =
//                 ::threadmgr::__private::current();
//             ::threadmgr::__private::check(&*__threadmgr_h);
//             BODY
//         }
//
// A body that is a block (as it must be after `-> T`) gets the statements inserted first, so
// that its statements and tail keep their meaning; any other body becomes the block's tail.
fn instrument(closure: &mut ExprClosure, handle: Handle, bounded: &Bounded) {
    if skip::is_expr_skipped(&closure.body) {
        return;
    }
    let cost = cost::of_expr(&closure.body, bounded);
    let at = closure.body.span();
    let first = match handle {
        Handle::Creator if cost.is_expensive() => {
            vec![generated::adopt(at), generated::enter(at)]
        }
        Handle::Caller if cost.is_expensive() => {
            vec![generated::caller_handle(at), generated::check(at)]
        }
        Handle::Creator | Handle::Caller => return,
    };
    if let Expr::Block(body) = &mut *closure.body {
        body.block.stmts.splice(0..0, first);
        return;
    }
    let body = std::mem::replace(&mut *closure.body, Expr::Verbatim(TokenStream::new()));
    let mut stmts = first;
    stmts.push(Stmt::Expr(body, None));
    *closure.body = Expr::Block(ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: Block {
            brace_token: Brace(at),
            stmts,
        },
    });
}

/// Whether `expr` is a closure, seen through parentheses and a block's tail.
fn is_closure(expr: &Expr) -> bool {
    match expr {
        Expr::Closure(_) => true,
        Expr::Paren(paren) => is_closure(&paren.expr),
        Expr::Block(block) => {
            matches!(block.block.stmts.last(), Some(Stmt::Expr(tail, None)) if is_closure(tail))
        }
        _ => false,
    }
}

/// How many branches of an `if` chain or a `match` are closures.
fn closure_branches(expr: &Expr) -> usize {
    match expr {
        Expr::If(expr_if) => {
            let then = matches!(expr_if.then_branch.stmts.last(), Some(Stmt::Expr(tail, None)) if is_closure(tail));
            usize::from(then)
                + expr_if
                    .else_branch
                    .as_ref()
                    .map_or(0, |(_, else_branch)| match &**else_branch {
                        nested @ Expr::If(_) => closure_branches(nested),
                        other => usize::from(is_closure(other)),
                    })
        }
        Expr::Match(expr_match) => expr_match
            .arms
            .iter()
            .filter(|arm| is_closure(&arm.body))
            .count(),
        _ => 0,
    }
}

/// Whether `ty` has a `fn` pointer type in it (`fn(u8) -> u8`, `[(&str, fn()); 2]`, ...).
fn has_fn_pointer(ty: &Type) -> bool {
    struct Find(bool);
    impl Visit<'_> for Find {
        fn visit_type_bare_fn(&mut self, _: &syn::TypeBareFn) {
            self.0 = true;
        }
    }
    let mut find = Find(false);
    find.visit_type(ty);
    find.0
}
