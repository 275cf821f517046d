//! The entry check of a fn body: one check before its first statement that can take unbounded
//! time, on every path.
//!
//! A body's statements are gone through in order, with a flag `checked`, false at the start:
//! - a *cheap* statement (see [`crate::cost`]: no call, loop or macro) is left as it is: it
//!   runs in bounded time and has nothing inside that could need a check;
//! - before the first *expensive* statement a check is emitted, and `checked` becomes true:
//!   nothing after it gets another statement check. What follows is bounded by the other
//!   checks: each loop checks per iteration or chunk ([`crate::loops`]), and each
//!   instrumented fn it calls checks on its own entry, so recursion through any name checks
//!   once per call. (A call into code that is not instrumented is not interrupted by any check;
//!   the halt is seen at the next check after it returns.)
//! - The check *sinks* into the branches of a statement that is an `if` (with its `else if`
//!   chain) whose conditions are all cheap, or a `match` whose scrutinee and guards are cheap
//!   (an expensive arm that is not a block becomes one): each branch block is gone through the
//!   same way, starting unchecked, so a cheap branch (the base case of a recursion) checks
//!   nothing and reads nothing. After such a statement `checked` stays false, since the branch
//!   taken may have been a cheap one. When no branch is cheap (each would check before anything
//!   that can leave it: `if c { a() } else { b() }`), the check stays before the statement
//!   instead: the same checks on every path, in one place (see [`checks_on_every_path`]).
//! - A `loop` needs no check before it: its body starts with one ([`crate::loops`]) and runs at
//!   least once, so `checked` becomes true after it. A `while` whose condition is cheap needs
//!   none either, but may run its body no time at all, so `checked` stays false after it. A
//!   `while let` does need one: it runs with a countdown, whose first iteration does not check.
//! - After a statement that visibly diverges (`return`, `break`, `continue`, `panic!`, `todo!`,
//!   `unimplemented!`, `unreachable!`, a `loop` with no `break` in it), no check is emitted in
//!   the rest of the block: it never runs, and the user's "unreachable" warning stays on the
//!   user's statement.
//! - A statement under `#[cfg(..)]` may not be compiled: the check emitted before it carries
//!   the same `#[cfg]` attributes (so a body whose tail is chosen by `cfg` keeps its tail), and
//!   it does not count as checking or diverging for the statements after it.
//!
//! Closure bodies get no statement check: a closure that enters its creator's handle checks
//! there ([`crate::closures`]), and any other closure is bounded as the code above is, by its
//! loops' checks and its callees'.
//!
//! So `a(); b();` gets one check, before `a()`; `x += 1; a();` gets one, before `a()`;
//! `if n < 2 { n } else { fib(n - 1) + fib(n - 2) }` gets one, in the `else`;
//! `match tok { Lit(l) => l == c, Range(lo, hi) => (lo..=hi).contains(&c) }` gets one, in the
//! second arm; `loop { .. }` as the first expensive statement gets none but its own.

use syn::spanned::Spanned;
use syn::{Block, Expr, Stmt};

use crate::bounded::Bounded;
use crate::descend;
use crate::{cost, emit, skip};

/// Inserts the entry check of a fn body.
pub(crate) struct StatementChecks<'a> {
    /// The fns whose calls are cheap.
    bounded: &'a Bounded,
    /// When the body's only calls are core's code if the compiler answers its questions yes
    /// (see [`cost::asked`]): those answers, which every check emitted here depends on.
    answers: Option<Vec<proc_macro2::TokenStream>>,
}

impl<'a> StatementChecks<'a> {
    /// Instruments `block` as the body of a fn: its entry check comes before its first
    /// expensive statement, or in the branches of it.
    pub(crate) fn fn_body(block: &mut Block, bounded: &'a Bounded) {
        let answers = cost::asked(block, bounded).map(|asks| {
            let span = block.brace_token.span.join();
            asks.iter()
                .map(|ask| bounded.prims().ask_tokens(ask, span))
                .collect()
        });
        StatementChecks { bounded, answers }.visit_block(block, true);
        bounded.prims().at(None);
    }

    // Input:  { x += 1; a(); b(); y }
    // Output: { x += 1; ::threadmgr::__private::check(); a(); b(); y }
    //
    // In the fn's own block (`top`), each statement is looked at knowing which one it is, so
    // that a name the body binds more than once has the type of the binding in scope there
    // (see `crate::prims`); the blocks it sinks into are inside that statement.
    fn visit_block(&mut self, block: &mut Block, top: bool) {
        let mut checked = false;
        let mut diverged = false;
        for (index, mut stmt) in std::mem::take(&mut block.stmts).into_iter().enumerate() {
            if top {
                self.bounded.prims().at(Some(index));
            }
            // A statement under `#[cfg]` may not be compiled: its check is under the same
            // `cfg`, and what follows it is checked (or not diverged from) as if it were not
            // there.
            let cfgs = skip::stmt_cfgs(&stmt);
            let always = cfgs.is_empty();
            if !checked && !diverged && cost::of_stmt(&stmt, self.bounded).is_expensive() {
                let skipped = skip::is_stmt_skipped(&stmt);
                match head(&mut stmt).filter(|_| !skipped) {
                    // One check before it when each of its branches would check anyway.
                    Some(head)
                        if can_sink(head, self.bounded)
                            && !checks_on_every_path(head, self.bounded) =>
                    {
                        self.visit_sunk(head)
                    }
                    // Its body starts with a check (`crate::loops`), and runs at least once.
                    Some(Expr::Loop(_)) => checked = always,
                    // Its body starts with a check (not a `while let`'s, which counts down); it
                    // may run no time at all, so what follows is still unchecked.
                    Some(Expr::While(expr_while))
                        if !cost::of_expr(&expr_while.cond, self.bounded).is_expensive()
                            && !crate::loops::has_let(&expr_while.cond) => {}
                    _ => {
                        // Under a lint level for `unreachable_code` (`#[allow(..)] { .. }` after
                        // a `cfg`'d block that returns), the check goes inside that level, with
                        // the statement, so that an unreachable check is reported as the
                        // statement would be, or not at all. A `let` or a macro cannot be put in
                        // a block (its bindings would end there): the check copies its `allow`s.
                        let levels = !skipped && !skip::unreachable_levels(&stmt).is_empty();
                        let mut attrs = cfgs.clone();
                        if levels && !matches!(stmt, Stmt::Expr(..)) {
                            attrs.extend(skip::unreachable_allows(&stmt));
                        }
                        let check = match &self.answers {
                            Some(answers) => emit::check_unless(stmt.span(), &attrs, answers),
                            None => emit::check_under(stmt.span(), &attrs),
                        };
                        match stmt {
                            Stmt::Expr(expr, semi) if levels => {
                                stmt = in_lint_level(check, expr, semi);
                            }
                            _ => block.stmts.push(check),
                        }
                        checked = always;
                    }
                }
            }
            diverged |= always && diverges(&stmt);
            block.stmts.push(stmt);
        }
    }

    /// Visits a branching expression whose check sinks into its branches (see
    /// [`can_sink`]): each branch block starts unchecked, so an expensive one gets a check
    /// before its first expensive statement, and a cheap one none.
    fn visit_sunk(&mut self, expr: &mut Expr) {
        match expr {
            Expr::If(expr_if) => {
                self.visit_block(&mut expr_if.then_branch, false);
                if let Some((_, else_branch)) = &mut expr_if.else_branch {
                    self.visit_sunk(else_branch);
                }
            }
            Expr::Block(block) => self.visit_block(&mut block.block, false),
            Expr::Match(expr_match) => {
                for arm in &mut expr_match.arms {
                    // Input:  PAT => EXPR,        (EXPR expensive, not a block)
                    // Output: PAT => { ::threadmgr::__private::check(); EXPR },
                    // The arm's body and the block's tail end together, and drop the
                    // temporaries of EXPR at the same point; both extend them alike.
                    if !matches!(&*arm.body, Expr::Block(_))
                        && cost::of_expr(&arm.body, self.bounded).is_expensive()
                    {
                        let body =
                            std::mem::replace(&mut *arm.body, Expr::Verbatim(Default::default()));
                        *arm.body = emit::in_block(Vec::new(), body);
                    }
                    self.visit_sunk(&mut arm.body);
                }
            }
            // A cheap arm body that is not a block: it needs no check.
            _ => {}
        }
    }
}

/// The expression a statement is, or initializes a local with: where the statement's check may
/// go instead of before it (see [`can_sink`], and the loops in `StatementChecks::visit_block`).
fn head(stmt: &mut Stmt) -> Option<&mut Expr> {
    match stmt {
        Stmt::Expr(expr, _) => Some(expr).filter(|expr| !descend::is_opaque(expr)),
        Stmt::Local(local) => match &mut local.init {
            Some(init) if init.diverge.is_none() => {
                Some(&mut *init.expr).filter(|expr| !descend::is_opaque(expr))
            }
            _ => None,
        },
        Stmt::Item(_) | Stmt::Macro(_) => None,
    }
}

/// [`head`], borrowed shared (for [`block_checks_first`], which only looks).
fn head_ref(stmt: &Stmt) -> Option<&Expr> {
    match stmt {
        Stmt::Expr(expr, _) => Some(expr),
        Stmt::Local(local) => local
            .init
            .as_ref()
            .filter(|init| init.diverge.is_none())
            .map(|init| &*init.expr),
        Stmt::Item(_) | Stmt::Macro(_) => None,
    }
    .filter(|expr| !descend::is_opaque(expr))
}

/// Whether `expr` is a block the rewrites go into: a plain block, not an opaque one (`unsafe`,
/// `async`, `const`, skipped).
fn is_plain_block(expr: &Expr) -> bool {
    matches!(expr, Expr::Block(_)) && !descend::is_opaque(expr)
}

/// Whether the check a statement needs can sink into the branches of its head: an `if` (with
/// its `else if` chain) whose conditions are all cheap, or a `match` whose scrutinee and guards
/// are cheap. The branch taken then runs right after that cheap code, so a check at its start is
/// as good as one before the statement, and a cheap branch (the base case of a recursion, say)
/// needs none: `if n < 2 { n } else { fib(n - 1) + fib(n - 2) }` checks in the `else` only.
/// An expensive arm that is not a block becomes one, with the check in it.
fn can_sink(expr: &Expr, bounded: &Bounded) -> bool {
    if descend::is_opaque(expr) {
        return false;
    }
    match expr {
        Expr::If(expr_if) => {
            !cost::of_expr(&expr_if.cond, bounded).is_expensive()
                && expr_if.else_branch.as_ref().is_none_or(
                    |(_, else_branch)| match &**else_branch {
                        nested @ Expr::If(_) => can_sink(nested, bounded),
                        other => is_plain_block(other),
                    },
                )
        }
        Expr::Match(expr_match) => {
            !cost::of_expr(&expr_match.expr, bounded).is_expensive()
                && expr_match.arms.iter().all(|arm| {
                    arm.guard
                        .as_ref()
                        .is_none_or(|(_, guard)| !cost::of_expr(guard, bounded).is_expensive())
                        && (!descend::is_opaque(&arm.body)
                            || !cost::of_expr(&arm.body, bounded).is_expensive())
                })
        }
        _ => false,
    }
}

/// Whether a check sunk into the branches of `expr` (one that [`can_sink`]) would be emitted on
/// every path through it, before anything that can leave it: then one check before the
/// statement does the same work (no path checks more often) in one place, not one per
/// branch. Each check is a branch to an unwinding call, which LLVM's inliner counts against a
/// small fn (about 40 units a check, and a branch costs a one-block fn the bonus such a fn
/// gets), so a small fn whose branches all call keeps one. `if c { a() } else { b() }` checks once, before
/// the `if`; `if n < 2 { n } else { f(n - 1) }` still checks in the `else` only.
fn checks_on_every_path(expr: &Expr, bounded: &Bounded) -> bool {
    match expr {
        Expr::If(expr_if) => {
            block_checks_first(&expr_if.then_branch, bounded)
                && expr_if
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, else_branch)| checks_on_every_path(else_branch, bounded))
        }
        Expr::Block(block) => block_checks_first(&block.block, bounded),
        Expr::Match(expr_match) => expr_match.arms.iter().all(|arm| {
            if is_plain_block(&arm.body) {
                checks_on_every_path(&arm.body, bounded)
            } else {
                // An expensive arm body that is not a block becomes one.
                cost::of_expr(&arm.body, bounded).is_expensive()
                    && starts_checked(
                        Some(&*arm.body).filter(|body| !descend::is_opaque(body)),
                        bounded,
                    )
            }
        }),
        _ => false,
    }
}

/// Whether [`StatementChecks::visit_block`], going through `block` unchecked, emits a check
/// before its first expensive statement, on every path: no statement before it may leave the
/// block or be left out by `cfg`, and that statement is neither a loop (which checks in its
/// body) nor one whose check sinks into its branches, unless [`checks_on_every_path`] again.
fn block_checks_first(block: &Block, bounded: &Bounded) -> bool {
    for stmt in &block.stmts {
        if !skip::stmt_cfgs(stmt).is_empty() {
            return false;
        }
        if !cost::of_stmt(stmt, bounded).is_expensive() {
            if may_leave(stmt) {
                return false;
            }
            continue;
        }
        return starts_checked(
            head_ref(stmt).filter(|_| !skip::is_stmt_skipped(stmt)),
            bounded,
        );
    }
    false
}

/// Whether the check of an expensive statement whose head is `head` (see `head`) is emitted
/// before it, or on every path into its branches.
fn starts_checked(head: Option<&Expr>, bounded: &Bounded) -> bool {
    match head {
        Some(head) if can_sink(head, bounded) => checks_on_every_path(head, bounded),
        Some(Expr::Loop(_) | Expr::While(_)) => false,
        _ => true,
    }
}

/// Whether `stmt` may leave its block some other way than by completing: a `return`, `break`,
/// `continue` or `?` in it (outside closures, `async` blocks and nested items), or a macro,
/// which may expand to one.
fn may_leave(stmt: &Stmt) -> bool {
    let mut find = Exits {
        breaks_only: false,
        found: false,
    };
    syn::visit::Visit::visit_stmt(&mut find, stmt);
    find.found
}

/// `#[ATTRS] { CHECK; EXPR SEMI } SEMI`: the expression statement `#[ATTRS] EXPR SEMI` with
/// `check` before it, in a block that takes the statement's attributes (its lint levels and
/// `cfg`s), so that the check is under them too. The same statement: a block whose last
/// statement is the expression, and its value when it has no semicolon (`#[allow(..)] { .. }`
/// as a fn's tail).
fn in_lint_level(check: Stmt, mut expr: Expr, semi: Option<syn::Token![;]>) -> Stmt {
    let attrs = skip::take_statement_attrs(&mut expr);
    let mut wrapped = emit::in_block(vec![check], expr);
    if let Expr::Block(block) = &mut wrapped {
        block.attrs = attrs;
        if let Some(Stmt::Expr(_, last)) = block.block.stmts.last_mut() {
            *last = semi;
        }
    }
    Stmt::Expr(wrapped, semi)
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
    let mut find = Exits {
        breaks_only: true,
        found: false,
    };
    syn::visit::Visit::visit_block(&mut find, block);
    find.found
}

/// Finds the ways out of a statement or block (for [`has_break`] and [`may_leave`]): a `break`,
/// and unless `breaks_only` a `return`, `continue` or `?`; or a macro, which may expand to any
/// of them. Closures, `async` blocks and nested items are not looked into: nothing in them
/// leaves the code around them.
struct Exits {
    breaks_only: bool,
    found: bool,
}

impl syn::visit::Visit<'_> for Exits {
    fn visit_expr_break(&mut self, _: &syn::ExprBreak) {
        self.found = true;
    }
    fn visit_expr_return(&mut self, return_expr: &syn::ExprReturn) {
        self.found |= !self.breaks_only;
        syn::visit::visit_expr_return(self, return_expr);
    }
    fn visit_expr_continue(&mut self, _: &syn::ExprContinue) {
        self.found |= !self.breaks_only;
    }
    fn visit_expr_try(&mut self, try_expr: &syn::ExprTry) {
        self.found |= !self.breaks_only;
        syn::visit::visit_expr_try(self, try_expr);
    }
    fn visit_expr_closure(&mut self, _: &syn::ExprClosure) {}
    fn visit_expr_async(&mut self, _: &syn::ExprAsync) {}
    fn visit_item(&mut self, _: &syn::Item) {}
    fn visit_macro(&mut self, _: &syn::Macro) {
        self.found = true;
    }
}
