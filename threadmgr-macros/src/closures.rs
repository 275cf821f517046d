//! Closures created inside a `#[haltable]` body: which carry their creator's token to the
//! thread that runs them, and which stay as written.
//!
//! Each (non-`async`, non-skipped) closure is classified by two things, both read from the code
//! as written:
//! - whether it *captures* anything: whether its body names a local of the enclosing fn (a
//!   parameter, `self`, or any name a pattern of the fn binds) that it does not bind itself
//!   (see [`captures`]);
//! - whether its body is *expensive* (calls, method calls, macros or loops, see
//!   [`crate::cost`]).
//!
//! A closure that captures something and is expensive *enters* its creator's handle: it checks
//! it and makes it the thread's current handle for the duration of the call, so that its own
//! loops and the `#[haltable]` fns it calls see the creator's token on whatever thread runs it
//! (a rayon worker, a scoped thread). It captures the handle through the place
//! `*__threadmgr_h`, a copy of the `&'static` reference, so it stays `'static`, `Copy`, `Send`
//! and `Sync` as before; and it could not coerce to a `fn` pointer anyway, since it captures.
//!
//! A closure that captures nothing captures nothing new: it still coerces to a `fn` pointer
//! wherever Rust coerces it (a typed `let`, a call argument, a struct field, an array, a
//! `match` arm, a generic collection's `insert`). If it is expensive it checks on entry (a
//! closure can recurse through a value it is given), against the *caller's* token, the current
//! handle of the thread that runs it: on the creator's thread, the creator's. Run on another
//! thread (a rayon worker, `thread::scope`), such a closure sees that thread's token, none on a
//! plain worker, unless it runs inside a rayon parallel iterator made in the body (see
//! `crate::chains`). A closure that captures nothing but makes closures that enter reads the
//! current handle at its own start for them ([`emit::caller_handle`]).
//!
//! A closure given straight to an iterator method of a chain whose source is wrapped
//! (`.map(|x| ..)`, `.for_each(..)`, see `crate::chains`) gets no entry at all: the source is
//! checked, and a rayon chain carries the token to the workers, so the closure runs as written
//! and the chain still vectorizes.
//!
//! A *local* closure gets no entry either: one bound by a `let` to a name (`let mut visit =
//! |x| ..;`) that the rest of its block only ever calls (`visit(x)`), never outside a call,
//! never in a nested closure, an `async` block or a macro (see [`local_closures`]). It runs on
//! the thread that made it, inside the body that made it, so the handle current there is
//! already its creator's; and the body's own checks bound it: the body calls it, so the body
//! checks on entry, and every cycle of calls through the closure passes through that check.
//!
//! So does a closure called where it is written, `(|| { for .. })()`: it runs at once, on this
//! thread, inside the code that wrote it, which checks as any code that calls does; nothing
//! can call it again.
//!
//! Where all that makes a closure's body expensive is calls that are core's code if places are
//! of primitive types, its entry is conditional on the compiler's answers, as a fn's entry
//! check is (`check_unless`, `enter_unless`): the places are the enclosing fn's parameters and
//! their fields, and the closure's own parameter declared without a type when the body first
//! uses it as a method's receiver (`|d| d.min(60)`, asked by value: see
//! `Prims::with_closure`).
//!
//! The body of every closure starts "checked" for [`crate::statements`]: closures get no
//! statement checks.

use std::collections::HashSet;

use proc_macro2::{TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, ExprClosure, Signature, Stmt};

use crate::bounded::Bounded;
use crate::descend::{self, runtime_code_only};
use crate::{chains, cost, emit, skip};

/// Instruments the closures of a body, nested ones included.
pub(crate) struct ClosureEntry<'a> {
    /// The names the enclosing fn binds (see [`locals`]).
    locals: HashSet<String>,
    /// Whether a closure in the innermost body that reads its own handle (the fn body, or a
    /// closure that captures nothing) uses that handle.
    uses_handle: bool,
    /// The fns whose calls are cheap.
    bounded: &'a Bounded,
}

impl<'a> ClosureEntry<'a> {
    /// Instruments the closures of a fn body; returns whether the body must read the thread's
    /// handle for them (see [`emit::prologue`]).
    pub(crate) fn fn_body(body: &mut Block, sig: &Signature, bounded: &'a Bounded) -> bool {
        let mut visitor = ClosureEntry {
            locals: locals(sig, body),
            uses_handle: false,
            bounded,
        };
        visitor.visit_block_mut(body);
        visitor.uses_handle
    }

    // Input:  |ARGS| BODY                  (captures, and BODY calls something or loops)
    // Output: |ARGS| { let __threadmgr_g = ::threadmgr::__private::enter(&*__threadmgr_h); BODY }
    //
    // Input:  |ARGS| BODY                  (captures nothing; BODY makes closures that enter)
    // Output: |ARGS| {
    //             let __threadmgr_h: &'static ::threadmgr::__private::HaltFlag =
    //                 ::threadmgr::__private::current();
    //             BODY
    //         }
    //
    // Any other closure is left as written.
    fn visit_closure(&mut self, closure: &mut ExprClosure, place: Place) {
        self.visit_closure_asked(closure, place, None);
    }

    /// [`Self::visit_closure`]; with `here`, a constant that says whether the closure runs at
    /// once on this thread (see `crate::prims::Prims::asked_runs_here`), its entry is skipped
    /// when it does: `enter_unless(HERE, ..)`, `check_unless(HERE)`.
    fn visit_closure_asked(
        &mut self,
        closure: &mut ExprClosure,
        place: Place,
        here: Option<&TokenStream>,
    ) {
        if skip::is_expr_skipped(&closure.body) {
            return;
        }
        // A closure handed to another thread carries the handle as one that captures does.
        let captures = captures(closure, &self.locals) || place == Place::Handed;
        let outer = std::mem::replace(&mut self.uses_handle, false);
        visit_mut::visit_expr_closure_mut(self, closure);
        let inner = self.uses_handle;
        let at = closure.body.span();
        let bounded = self.bounded.for_closure(closure);
        let scanned = cost::of_closure(&closure.body, &bounded);
        let entered = scanned.cost.is_expensive() && matches!(place, Place::Free | Place::Handed);
        let enters = captures && entered;
        // Where all that makes the body expensive is calls that are core's code if its
        // parameters are of primitive types (see `Prims::with_closure`), the compiler is asked.
        let here = match here {
            Some(here) => Some(here.clone()),
            None if entered => scanned.asked(&closure.body).and_then(|asks| {
                let answers = asks
                    .iter()
                    .map(|ask| bounded.prims().ask_tokens_in_closure(ask, at))
                    .collect::<Option<Vec<_>>>()?;
                Some(quote::quote!(#(#answers)&&*))
            }),
            None => None,
        };
        match (enters, entered, &here) {
            (true, _, Some(here)) => prepend(closure, emit::enter_unless(at, here)),
            (true, _, None) => prepend(closure, emit::enter(at)),
            (false, true, Some(here)) => {
                prepend(
                    closure,
                    emit::check_unless(at, &[], std::slice::from_ref(here)),
                );
            }
            (false, true, None) => prepend(closure, emit::check(at)),
            (false, false, _) => {}
        }
        if captures {
            // It captures the handle of the body around it.
            self.uses_handle = outer || inner || enters;
        } else {
            if inner {
                prepend(closure, emit::caller_handle(at));
            }
            self.uses_handle = outer;
        }
    }
}

impl VisitMut for ClosureEntry<'_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if descend::is_opaque(expr) {
            return;
        }
        match expr {
            Expr::Closure(closure) => self.visit_closure(closure, Place::Free),
            Expr::Call(call) => {
                match called_at_once(&mut call.func) {
                    Some(closure) => self.visit_closure(closure, Place::Local),
                    None => self.visit_expr_mut(&mut call.func),
                }
                let handed = matches!(&*call.func, Expr::Path(path)
                    if path.path.segments.last().is_some_and(|last| hands_to_threads(&last.ident)));
                self.visit_args(&mut call.args, handed);
            }
            Expr::MethodCall(call)
                if hands_to_threads(&call.method) || call.method == "install" =>
            {
                self.visit_expr_mut(&mut call.receiver);
                self.visit_args(&mut call.args, true);
            }
            Expr::MethodCall(call) if chains::in_wrapped_chain(call) => {
                self.visit_expr_mut(&mut call.receiver);
                for arg in &mut call.args {
                    match arg {
                        Expr::Closure(closure) => self.visit_closure(closure, Place::InChain),
                        other => self.visit_expr_mut(other),
                    }
                }
            }
            // A method of core's `Option` or `Result` on a place, if the compiler says it is
            // one: its closures run here, and need no entry then.
            Expr::MethodCall(call)
                if call.args.iter().any(|arg| matches!(arg, Expr::Closure(_))) =>
            {
                let prims = self.bounded.prims();
                let here = prims.asked_runs_here(call).and_then(|(ask, first)| {
                    Some((
                        prims.ask_tokens_in_closure(&ask, call.method.span())?,
                        first,
                    ))
                });
                self.visit_expr_mut(&mut call.receiver);
                for (index, arg) in call.args.iter_mut().enumerate() {
                    match (arg, &here) {
                        (Expr::Closure(closure), Some((here, first))) if index >= *first => {
                            self.visit_closure_asked(closure, Place::Free, Some(here));
                        }
                        (other, _) => self.visit_expr_mut(other),
                    }
                }
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_block_mut(&mut self, block: &mut Block) {
        self.visit_stmts(block, false);
    }

    runtime_code_only!();
}

impl ClosureEntry<'_> {
    /// The arguments of a call; with `handed`, its closures are [`Place::Handed`].
    fn visit_args(
        &mut self,
        args: &mut syn::punctuated::Punctuated<Expr, syn::token::Comma>,
        handed: bool,
    ) {
        for arg in args {
            match arg {
                Expr::Closure(closure) if handed => self.visit_closure(closure, Place::Handed),
                other => self.visit_expr_mut(other),
            }
        }
    }

    /// The statements of `block`, those that bind a local closure (see the module docs) with
    /// it visited as one; with `tail_local`, the block's tail too, a closure that a `let`
    /// binds (`let mut f = { let mut state = 0; move |x| .. };`).
    fn visit_stmts(&mut self, block: &mut Block, tail_local: bool) {
        let local = local_closures(block);
        let last = block.stmts.len().wrapping_sub(1);
        for (index, stmt) in block.stmts.iter_mut().enumerate() {
            match stmt {
                Stmt::Local(syn::Local {
                    init: Some(init), ..
                }) if local.contains(&index) => self.visit_local_closure(&mut init.expr),
                Stmt::Expr(tail, None) if tail_local && index == last => {
                    self.visit_local_closure(tail);
                }
                _ => self.visit_stmt_mut(stmt),
            }
        }
    }

    /// The value of a `let` that binds a local closure: the closure, or a block whose tail is
    /// one (see [`local_closure`]).
    fn visit_local_closure(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Closure(closure) => self.visit_closure(closure, Place::Local),
            Expr::Block(block) => self.visit_stmts(&mut block.block, true),
            Expr::Paren(paren) => self.visit_local_closure(&mut paren.expr),
            other => self.visit_expr_mut(other),
        }
    }
}

/// The closure that `func`, the callee of a call, is, if it is one written right there:
/// `(|x| ..)(y)`, `(move || ..)()`. Such a closure runs at once, on this thread, inside the
/// code that wrote it, and can be called nowhere else: it is a block with arguments, and needs
/// no entry of its own (see [`Place::Local`]).
fn called_at_once(func: &mut Expr) -> Option<&mut ExprClosure> {
    match func {
        Expr::Paren(syn::ExprParen { expr, .. }) | Expr::Group(syn::ExprGroup { expr, .. }) => {
            called_at_once(expr)
        }
        Expr::Closure(closure) if closure.asyncness.is_none() => Some(closure),
        _ => None,
    }
}

/// Whether a call named `name` hands the closures it is given to other threads: rayon's and
/// std's (`rayon::join(a, b)`, `pool.install(f)`, `thread::spawn(f)`, `s.spawn(f)` in a
/// scope, `Builder::spawn_scoped(s, f)`, tokio's `spawn_blocking(f)`), whose parameters are
/// generic, so that a closure that captures nothing may capture the handle there and carry
/// the creator's token to the thread that runs it (a `fn` pointer parameter of such a name
/// would not take it: see the README's "Limits"). `install` is a method's name only
/// ([`ClosureEntry`] looks for it on method calls).
fn hands_to_threads(name: &syn::Ident) -> bool {
    const NAMES: &[&str] = &[
        "broadcast",
        "in_place_scope",
        "in_place_scope_fifo",
        "join",
        "join_context",
        "scope",
        "scope_fifo",
        "spawn",
        "spawn_blocking",
        "spawn_broadcast",
        "spawn_fifo",
        "spawn_scoped",
    ];
    NAMES.iter().any(|known| name == known)
}

/// Where a closure is made, for what its entry needs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Anywhere it may run on another thread or after the body returns: it enters or checks.
    Free,
    /// Given straight to a call that hands closures to other threads ([`hands_to_threads`]):
    /// it enters, capturing the handle if it captures nothing else.
    Handed,
    /// Given straight to an iterator method of a wrapped chain: no entry.
    InChain,
    /// A local closure (see the module docs), or one called where it is written
    /// ([`called_at_once`]): no entry.
    Local,
}

/// The indices of the statements of `block` that bind a local closure (see the module docs):
/// `let NAME = |..| ..;` (`mut` and a type allowed), whose name the rest of the block only
/// calls, outside closures, `async` blocks and macros. Skipped statements are never local.
fn local_closures(block: &Block) -> Vec<usize> {
    let mut found = Vec::new();
    for (index, stmt) in block.stmts.iter().enumerate() {
        let Stmt::Local(local) = stmt else { continue };
        let Some(init) = &local.init else { continue };
        if init.diverge.is_some()
            || local_closure(&init.expr).is_none()
            || skip::is_stmt_skipped(stmt)
        {
            continue;
        }
        let pat = match &local.pat {
            syn::Pat::Type(typed) => &*typed.pat,
            pat => pat,
        };
        let syn::Pat::Ident(ident) = pat else {
            continue;
        };
        if ident.by_ref.is_some() || ident.subpat.is_some() {
            continue;
        }
        let mut uses = OnlyCalled {
            name: &ident.ident,
            depth: 0,
            escapes: false,
        };
        for later in &block.stmts[index + 1..] {
            uses.visit_stmt(later);
        }
        if !uses.escapes {
            found.push(index);
        }
    }
    found
}

/// The closure a `let` binds, if its value is one (not `async`), or a block (no label, no
/// attribute) whose tail is one, maybe in parentheses: `let mut f = { let mut state = 0; move
/// |x| .. };` makes a closure that only `f` holds, as `let mut f = move |x| ..;` does.
fn local_closure(expr: &Expr) -> Option<&ExprClosure> {
    match expr {
        Expr::Closure(closure) if closure.asyncness.is_none() => Some(closure),
        Expr::Block(block) if block.label.is_none() && block.attrs.is_empty() => {
            match block.block.stmts.last()? {
                Stmt::Expr(tail, None) => local_closure(tail),
                _ => None,
            }
        }
        Expr::Paren(paren) => local_closure(&paren.expr),
        _ => None,
    }
}

/// Whether `name` is used other than as the callee of a call made by the body itself (see
/// [`local_closures`]).
struct OnlyCalled<'a> {
    name: &'a syn::Ident,
    /// How many closures or `async` blocks the visit is in.
    depth: usize,
    escapes: bool,
}

impl OnlyCalled<'_> {
    fn is_name(&self, expr: &Expr) -> bool {
        matches!(expr, Expr::Path(path) if path.qself.is_none() && path.path.is_ident(self.name))
    }
}

impl Visit<'_> for OnlyCalled<'_> {
    fn visit_expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Call(call) if self.depth == 0 && self.is_name(&call.func) => {
                call.args.iter().for_each(|arg| self.visit_expr(arg));
            }
            _ if self.is_name(expr) => self.escapes = true,
            Expr::Closure(_) | Expr::Async(_) => {
                self.depth += 1;
                syn::visit::visit_expr(self, expr);
                self.depth -= 1;
            }
            _ => syn::visit::visit_expr(self, expr),
        }
    }

    fn visit_macro(&mut self, mac: &syn::Macro) {
        let mut names = Names::default();
        names.tokens(mac.tokens.clone());
        if names.0.contains(&self.name.to_string()) {
            self.escapes = true;
        }
    }

    fn visit_item(&mut self, _: &syn::Item) {}
}

/// Puts `stmt` first in the closure's body. A body that is a block (as it must be after
/// `-> T`) gets it inserted first, so that its statements and tail keep their meaning; any other
/// body becomes the tail of a new block.
fn prepend(closure: &mut ExprClosure, stmt: Stmt) {
    if let Expr::Block(body) = &mut *closure.body
        && body.attrs.is_empty()
        && body.label.is_none()
    {
        body.block.stmts.insert(0, stmt);
        return;
    }
    let body = std::mem::replace(&mut *closure.body, Expr::Verbatim(TokenStream::new()));
    *closure.body = emit::in_block(vec![stmt], body);
}

/// The names a fn binds: `self` if it has a receiver, and every identifier that a pattern of
/// its parameters or of its body binds (lets, match arms, `for`, closure parameters), outside
/// nested items. A superset of the fn's locals in scope anywhere, so that a closure that
/// names none of them surely captures nothing. Identifiers that start with an uppercase letter
/// are left out: in a pattern they are mostly unit structs, variants and constants (`None`),
/// which a closure does not capture.
fn locals(sig: &Signature, body: &Block) -> HashSet<String> {
    let mut names = Bindings::default();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(_) => {
                names.0.insert("self".to_owned());
            }
            syn::FnArg::Typed(typed) => names.visit_pat(&typed.pat),
        }
    }
    names.visit_block(body);
    names.0
}

/// Collects the identifiers that patterns bind (see [`locals`]).
#[derive(Default)]
struct Bindings(HashSet<String>);

impl Visit<'_> for Bindings {
    fn visit_pat_ident(&mut self, pat: &syn::PatIdent) {
        let name = pat.ident.to_string();
        if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.0.insert(name);
        }
        syn::visit::visit_pat_ident(self, pat);
    }

    fn visit_item(&mut self, _: &syn::Item) {}
}

/// Whether `closure` captures a local of the enclosing fn (`locals`): whether its body (nested
/// closures and macro arguments included, format strings' `{name}` too) names one that the
/// closure does not bind itself. `self` counts whenever it is named. Names bound inside the
/// closure are left out wholesale, not scope by scope: a closure that both binds a name and
/// uses an outer local of that name is taken to capture nothing (it then carries no token to
/// another thread; it still checks the caller's).
fn captures(closure: &ExprClosure, locals: &HashSet<String>) -> bool {
    let mut own = Bindings::default();
    for input in &closure.inputs {
        own.visit_pat(input);
    }
    own.visit_expr(&closure.body);
    let mut named = Names::default();
    named.visit_expr(&closure.body);
    named
        .0
        .iter()
        .any(|name| name == "self" || (locals.contains(name) && !own.0.contains(name)))
}

/// Collects the names an expression mentions as single-segment paths, and every identifier in
/// its macros' tokens (see [`captures`]).
#[derive(Default)]
struct Names(HashSet<String>);

impl Visit<'_> for Names {
    fn visit_expr_path(&mut self, path: &syn::ExprPath) {
        if path.qself.is_none()
            && path.path.leading_colon.is_none()
            && let Some(ident) = path.path.get_ident()
        {
            self.0.insert(ident.to_string());
        }
        syn::visit::visit_expr_path(self, path);
    }

    fn visit_macro(&mut self, mac: &syn::Macro) {
        self.tokens(mac.tokens.clone());
    }

    fn visit_item(&mut self, _: &syn::Item) {}
    fn visit_type(&mut self, _: &syn::Type) {}
}

impl Names {
    fn tokens(&mut self, tokens: TokenStream) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    self.0.insert(ident.to_string());
                }
                TokenTree::Group(group) => self.tokens(group.stream()),
                TokenTree::Literal(literal) => self.format_args(&literal.to_string()),
                TokenTree::Punct(_) => {}
            }
        }
    }

    /// The names a format string captures: `{name}`, `{name:?}`, `{name:>width$}`.
    fn format_args(&mut self, literal: &str) {
        if !literal.ends_with('"') {
            return;
        }
        let mut rest = literal;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                self.0.insert(name);
            }
        }
    }
}
