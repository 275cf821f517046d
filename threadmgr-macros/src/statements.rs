//! Checkpoints before statements that can take unbounded time, coalesced.
//!
//! In every block of the body (closure bodies included), a check is inserted before each
//! *expensive* statement (see [`crate::cost`]), and before an expensive tail expression — unless
//! it would be *coalesced*: a check that would immediately follow another one, with only cheap
//! code (no calls, loops or macros) run in between, is left out.
//!
//! Precisely: each block keeps a flag `checked` while it goes through its statements in order.
//! - Before an expensive statement, a check is emitted if `checked` is false; either way the
//!   statement starts checked.
//! - After a cheap statement, `checked` is unchanged; after an expensive one it is false.
//! - The flag a block starts with:
//!   - the fn body: false, so that its first expensive statement gets the fn's first check;
//!   - the body of a `for`, `while`, `while let` or `loop`: true ([`crate::loops`] checks each
//!     iteration at the start of the body, or the body is cheap and needs no check);
//!   - the body of a closure: true ([`crate::closures`] checks on entry, or the body is cheap);
//!   - the *head blocks* of a statement that starts checked, i.e. the blocks that run right
//!     after the statement's check with only cheap code before them: the statement's own
//!     block (`{ .. }`, `unsafe { .. }`, `'a: { .. }`), the then and else blocks of its `if`
//!     (and of an `else if` chain) when the conditions are cheap, and the arm blocks of its
//!     `match` when the scrutinee and all guards are cheap. "The statement" is an expression
//!     statement, a tail expression, or the initializer of a `let`;
//!   - any other block (in an argument, a condition, a `let ... else`, an expensive `if`, ...):
//!     false.
//!
//! - A check that a statement needs *sinks* into its branches when the statement is an `if`
//!   (with its `else if` chain) whose conditions are all cheap, or a `match` whose scrutinee and
//!   guards are cheap and whose expensive arms are blocks: instead of a check before the
//!   statement, each branch block starts unchecked (see [`sinkable_head`]). The branch taken
//!   runs right after the cheap conditions, so a check at its start is as good as one before
//!   the statement, and a cheap branch gets none.
//!
//! - After a statement that visibly diverges (`return`, `break`, `continue`, `panic!`, `todo!`,
//!   `unimplemented!`, `unreachable!`, a `loop` with no `break` in it), no check is emitted in
//!   the rest of the block: it never runs, and the user's "unreachable" warning stays on the
//!   user's statement.
//!
//! So `a(); b();` gets a check before each call; `x += 1; a();` gets one, before `a()`;
//! `if ready { a() } else { b() }` gets one, before the `if`; a loop's body gets one per
//! iteration, at its start, and none before its first statement.

use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Stmt};

use crate::boundary::{self, runtime_code_only};
use crate::bounded::Bounded;
use crate::{cost, generated, skip};

/// Inserts the coalesced checks in every block it visits.
pub(crate) struct StatementChecks<'a> {
    /// The `checked` flag the next visited block starts with.
    entry: bool,
    /// The fns whose calls are cheap.
    bounded: &'a Bounded,
}

impl<'a> StatementChecks<'a> {
    /// Instruments `block` as the body of a fn: it starts unchecked, so its first check (the
    /// *entry check*) comes before its first expensive statement, or in the branches of it.
    pub(crate) fn fn_body(block: &mut Block, bounded: &'a Bounded) {
        StatementChecks {
            entry: false,
            bounded,
        }
        .visit_block_starting(block, false);
    }

    fn visit_block_starting(&mut self, block: &mut Block, checked: bool) {
        self.entry = checked;
        self.visit_block_mut(block);
    }

    /// Visits the inside of a statement that starts with `checked`.
    fn visit_stmt_inside(&mut self, stmt: &mut Stmt, checked: bool) {
        if skip::is_stmt_skipped(stmt) {
            return;
        }
        match stmt {
            Stmt::Local(local) => {
                if let Some(init) = &mut local.init {
                    self.visit_head(&mut init.expr, checked);
                    if let Some((_, diverge)) = &mut init.diverge {
                        self.visit_expr_mut(diverge);
                    }
                }
            }
            Stmt::Expr(expr, _) => self.visit_head(expr, checked),
            Stmt::Item(_) | Stmt::Macro(_) => {}
        }
    }

    /// Visits the expression a statement starts with (see "head blocks" in the module docs).
    fn visit_head(&mut self, expr: &mut Expr, checked: bool) {
        if !checked || boundary::is_opaque(expr) {
            return self.visit_expr_mut(expr);
        }
        match expr {
            Expr::Block(block) => self.visit_block_starting(&mut block.block, true),
            Expr::Unsafe(block) => self.visit_block_starting(&mut block.block, true),
            Expr::If(expr_if) if !cost::of_expr(&expr_if.cond, self.bounded).is_expensive() => {
                self.visit_expr_mut(&mut expr_if.cond);
                self.visit_block_starting(&mut expr_if.then_branch, true);
                if let Some((_, else_branch)) = &mut expr_if.else_branch {
                    self.visit_head(else_branch, true);
                }
            }
            Expr::Match(expr_match)
                if !cost::of_expr(&expr_match.expr, self.bounded).is_expensive()
                    && expr_match.arms.iter().all(|arm| {
                        arm.guard.as_ref().is_none_or(|(_, guard)| {
                            !cost::of_expr(guard, self.bounded).is_expensive()
                        })
                    }) =>
            {
                self.visit_expr_mut(&mut expr_match.expr);
                for arm in &mut expr_match.arms {
                    if let Some((_, guard)) = &mut arm.guard {
                        self.visit_expr_mut(guard);
                    }
                    self.visit_head(&mut arm.body, true);
                }
            }
            _ => self.visit_expr_mut(expr),
        }
    }

    /// Visits a branching expression whose check sinks into its branches (see
    /// [`sinkable_head`]): each branch block starts unchecked, so an expensive one gets a check
    /// before its first expensive statement, and a cheap one none.
    fn visit_sunk(&mut self, expr: &mut Expr) {
        match expr {
            Expr::If(expr_if) => {
                self.visit_expr_mut(&mut expr_if.cond);
                self.visit_block_starting(&mut expr_if.then_branch, false);
                if let Some((_, else_branch)) = &mut expr_if.else_branch {
                    self.visit_sunk(else_branch);
                }
            }
            Expr::Block(block) => self.visit_block_starting(&mut block.block, false),
            Expr::Match(expr_match) => {
                self.visit_expr_mut(&mut expr_match.expr);
                for arm in &mut expr_match.arms {
                    if let Some((_, guard)) = &mut arm.guard {
                        self.visit_expr_mut(guard);
                    }
                    self.visit_sunk(&mut arm.body);
                }
            }
            // A cheap arm body that is not a block: it needs no check.
            _ => self.visit_expr_mut(expr),
        }
    }
}

/// The branching expression a statement starts with, if the check the statement needs can
/// sink into its branches: an `if` (with its `else if` chain) whose conditions are all cheap,
/// or a `match` whose scrutinee and guards are cheap and whose expensive arms are blocks. The
/// branch taken then runs right after that cheap code, so a check at its start is as good as
/// one before the statement, and a cheap branch (the base case of a recursion, say) needs
/// none: `if n < 2 { n } else { fib(n - 1) + fib(n - 2) }` checks in the `else` only.
fn sinkable_head<'s>(stmt: &'s mut Stmt, bounded: &Bounded) -> Option<&'s mut Expr> {
    if skip::is_stmt_skipped(stmt) {
        return None;
    }
    let expr = match stmt {
        Stmt::Expr(expr, _) => expr,
        Stmt::Local(local) => match &mut local.init {
            Some(init) if init.diverge.is_none() => &mut init.expr,
            _ => return None,
        },
        Stmt::Item(_) | Stmt::Macro(_) => return None,
    };
    can_sink(expr, bounded).then_some(expr)
}

/// See [`sinkable_head`].
fn can_sink(expr: &Expr, bounded: &Bounded) -> bool {
    let is_block = |expr: &Expr| matches!(expr, Expr::Block(_)) && !boundary::is_opaque(expr);
    if boundary::is_opaque(expr) {
        return false;
    }
    match expr {
        Expr::If(expr_if) => {
            !cost::of_expr(&expr_if.cond, bounded).is_expensive()
                && expr_if.else_branch.as_ref().is_none_or(
                    |(_, else_branch)| match &**else_branch {
                        nested @ Expr::If(_) => can_sink(nested, bounded),
                        other => is_block(other),
                    },
                )
        }
        Expr::Match(expr_match) => {
            !cost::of_expr(&expr_match.expr, bounded).is_expensive()
                && expr_match.arms.iter().all(|arm| {
                    arm.guard
                        .as_ref()
                        .is_none_or(|(_, guard)| !cost::of_expr(guard, bounded).is_expensive())
                        && (is_block(&arm.body)
                            || !cost::of_expr(&arm.body, bounded).is_expensive())
                })
        }
        _ => false,
    }
}

impl VisitMut for StatementChecks<'_> {
    // Input:  { a(); x += 1; b(); y }
    // Output: { ::threadmgr::__private::check(&*__threadmgr_h); a(); x += 1;
    //           ::threadmgr::__private::check(&*__threadmgr_h); b(); y }
    //         (when the block starts unchecked; when it starts checked, without the first check)
    fn visit_block_mut(&mut self, block: &mut Block) {
        let mut checked = std::mem::take(&mut self.entry);
        let mut diverged = false;
        for mut stmt in std::mem::take(&mut block.stmts) {
            let expensive = cost::of_stmt(&stmt, self.bounded).is_expensive();
            let check = expensive && !checked && !diverged;
            if check && let Some(head) = sinkable_head(&mut stmt, self.bounded) {
                self.visit_sunk(head);
            } else {
                if check {
                    block.stmts.push(generated::check(stmt.span()));
                    checked = true;
                }
                self.visit_stmt_inside(&mut stmt, checked);
            }
            diverged |= diverges(&stmt);
            block.stmts.push(stmt);
            checked &= !expensive;
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if boundary::is_opaque(expr) {
            return;
        }
        match expr {
            Expr::ForLoop(for_loop) => {
                self.visit_expr_mut(&mut for_loop.expr);
                self.visit_block_starting(&mut for_loop.body, true);
            }
            Expr::While(while_loop) => {
                self.visit_expr_mut(&mut while_loop.cond);
                self.visit_block_starting(&mut while_loop.body, true);
            }
            Expr::Loop(expr_loop) => self.visit_block_starting(&mut expr_loop.body, true),
            Expr::Closure(closure) => {
                if let Expr::Block(body) = &mut *closure.body
                    && !skip::is_skipped(&body.attrs)
                {
                    self.visit_block_starting(&mut body.block, true);
                } else {
                    self.visit_expr_mut(&mut closure.body);
                }
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    runtime_code_only!();
}

/// Whether `stmt` visibly never completes (see the module docs).
fn diverges(stmt: &Stmt) -> bool {
    let is_panic = |mac: &syn::Macro| {
        mac.path.segments.last().is_some_and(|segment| {
            ["panic", "todo", "unimplemented", "unreachable"]
                .iter()
                .any(|name| segment.ident == name)
        })
    };
    match stmt {
        Stmt::Expr(Expr::Return(_) | Expr::Break(_) | Expr::Continue(_), _) => true,
        Stmt::Expr(Expr::Macro(mac), _) => is_panic(&mac.mac),
        Stmt::Macro(mac) => is_panic(&mac.mac),
        Stmt::Expr(Expr::Loop(expr_loop), _) => !has_break(&expr_loop.body),
        _ => false,
    }
}

/// Whether `block` may `break` anywhere (outside closures, async blocks and nested items, which
/// a `break` cannot leave), whatever loop it targets, or has a macro that may expand to one.
fn has_break(block: &Block) -> bool {
    struct Find(bool);
    impl syn::visit::Visit<'_> for Find {
        fn visit_expr_break(&mut self, _: &syn::ExprBreak) {
            self.0 = true;
        }
        fn visit_expr_closure(&mut self, _: &syn::ExprClosure) {}
        fn visit_expr_async(&mut self, _: &syn::ExprAsync) {}
        fn visit_item(&mut self, _: &syn::Item) {}
        fn visit_macro(&mut self, _: &syn::Macro) {
            self.0 = true;
        }
    }
    let mut find = Find(false);
    syn::visit::Visit::visit_block(&mut find, block);
    find.0
}
