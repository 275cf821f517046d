//! Which code "can take unbounded time", and so is worth a checkpoint before it.
//!
//! Code is *expensive* when it contains a call or a method call (but to a bounded fn of the
//! `#[haltable]` module or impl it is in: see [`crate::bounded`]), a macro invocation, a loop
//! (`for`, `while`, `loop`) or an `.await` — not counting what runs at another time or not at
//! all here: closure bodies (instrumented on their own), `async` blocks, `const` blocks and
//! other compile-time code (types, array lengths, const generic arguments), nested items, and
//! patterns. Everything else (arithmetic, field and index access, `return`, `break`, `let`
//! of a cheap value, creating a closure) is *cheap*: it runs in bounded time. `e?` counts as a
//! call (on an `Err` it calls the `From::from` of the fn's error type, which may be a user's
//! that calls back, with no call in sight), but on core's `Option` of a primitive
//! (`x.checked_add(1)?`, see [`crate::prims`]), which converts nothing.
//!
//! # Operators
//!
//! Overloaded operators, `Deref` and `Drop` can call user code with no call in sight. In most
//! bodies they count as cheap: what they call is a method of an operator trait, and a recursion
//! through operators must pass through such a method. So in the body of a method that an
//! operator may call (named as one: `eq`, `partial_cmp`, `add`, `index`, `deref`, `drop`, ...,
//! see `bounded::may_be_called_by_an_operator`), every overloadable operator (`a + b`, `a == b`,
//! `a += b`, `-a`, `!a`, `*a`, `a[i]`; not `&&` and `||`) counts as a call: such a method
//! checks on entry, and `fn eq(&self, other: &Self) -> bool { self.kids == other.kids }` on a
//! shared tree (a recursion through `Vec`'s `==`, with no call in the body) is halted.
//!
//! # Calls
//!
//! Every call and method call is expensive, whatever its name, except a call to a fn of the
//! same `#[haltable]` module or inherent impl that the macro has seen to run in bounded time
//! (see [`crate::bounded`]), and a call that surely runs core's code on a primitive value: a
//! method of the type taking `self` on a receiver whose primitive type the macro can see
//! (`x.min(y)`, `x.rotate_left(5)` with `x: u64` a parameter), or a call through the type's path
//! (`u64::from(n)`, see [`crate::prims`]). Elsewhere the macro sees names, not types:
//! `x.len()` may be a user's method that recurses, and `board.min(depth)` a minimax. So a fn
//! that calls anything else checks on entry, and recursion through any name is bounded by those
//! checks. Checks are cheap enough for this
//! (see `threadmgr::__private::check`); loops are not slowed by calls in their bodies, since a
//! `for` is chunked by time whatever its body calls (see [`crate::loops`]).
//!
//! # Macros
//!
//! A macro invocation is expensive (its expansion is not known), except for `matches!` and the
//! `assert!` family (`assert!`, `assert_eq!`, `assert_ne!` and their `debug_` forms), which
//! evaluate their arguments and compare: they cost what their arguments cost (the scrutinee and
//! guard of `matches!`; every argument of an assert, its message's included). A user macro
//! named like one of these is taken at its word, as a method is.
//!
//! Code under `#[haltable(skip)]` is counted like any other: skipping its checkpoints does not
//! make it faster. Generated checkpoints are `Expr::Verbatim` and count as cheap.

use syn::visit::{self, Visit};
use syn::{Block, Expr, Stmt};

use crate::bounded::Bounded;
use crate::prims::Ask;

/// What a piece of code contains, outside closures and the other places listed above.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cost {
    /// A call, method call, macro invocation or `.await`: may run arbitrary code.
    pub(crate) calls: bool,
    /// A `for`, `while` or `loop`.
    pub(crate) loops: bool,
    /// A call (or an operator in a method an operator may call) that is core's code on a
    /// primitive if a place it reads is of a primitive type, which the compiler is asked (see
    /// [`crate::prims::Ask`]); otherwise a call. Expensive, as a call is, but for the entry check
    /// of a fn whose body has no other call, loop or macro: see [`asked`].
    pub(crate) asks: bool,
}

impl Cost {
    pub(crate) fn is_expensive(self) -> bool {
        self.calls || self.loops || self.asks
    }
}

/// The questions a fn body's entry check depends on, when they are all that makes the body
/// expensive: every call in it is core's code on a primitive if the places the questions name
/// are of the primitive types they ask for, and it has no other call, loop, macro or `.await`.
/// Then its entry check is emitted as `check_unless(ANSWERS)`, a constant. `None` otherwise
/// (no question, or something else that needs the check). Each of the body's own statements is
/// looked at knowing which one it is, as the entry check's pass does (`crate::prims::Prims::at`).
pub(crate) fn asked(block: &Block, bounded: &Bounded) -> Option<Vec<Ask>> {
    // A question is written once, at the entry check, outside the statements it comes from: one
    // under `#[cfg]` may name a field that is not there, one under `#[allow(..)]` a field whose
    // use warns. A body with such attributes asks nothing.
    if has_attributes_a_question_would_leave(block) {
        return None;
    }
    let mut scan = Scan::new(bounded);
    for (index, stmt) in block.stmts.iter().enumerate() {
        bounded.prims().at(Some(index));
        scan.visit_stmt(stmt);
    }
    bounded.prims().at(None);
    Scan::alone(scan.cost, scan.asks)
}

/// A closure body's cost, with the questions found on the way (see [`Closure::asked`]).
pub(crate) struct Closure {
    pub(crate) cost: Cost,
    asks: Vec<Ask>,
}

impl Closure {
    /// [`asked`], for the closure body `body` this is the cost of: the questions its entry
    /// depends on, when they are all that makes it expensive (see `crate::closures`). The body's
    /// statements are not the fn's own, so a name bound more than once is of no known type in
    /// it ([`crate::prims::Prims::at`] says nothing).
    pub(crate) fn asked(self, body: &Expr) -> Option<Vec<Ask>> {
        let Closure { cost, asks } = self;
        Scan::alone(cost, asks).filter(|_| !has_attributes_a_question_would_leave_expr(body))
    }
}

/// The cost of a closure's body, and its questions, in one walk.
pub(crate) fn of_closure(body: &Expr, bounded: &Bounded) -> Closure {
    let mut scan = Scan::new(bounded);
    scan.visit_expr(body);
    Closure {
        cost: scan.cost,
        asks: scan.asks,
    }
}

pub(crate) fn of_expr(expr: &Expr, bounded: &Bounded) -> Cost {
    let mut scan = Scan::new(bounded);
    scan.visit_expr(expr);
    scan.cost
}

pub(crate) fn of_block(block: &Block, bounded: &Bounded) -> Cost {
    let mut scan = Scan::new(bounded);
    scan.visit_block(block);
    scan.cost
}

pub(crate) fn of_stmt(stmt: &Stmt, bounded: &Bounded) -> Cost {
    let mut scan = Scan::new(bounded);
    scan.visit_stmt(stmt);
    scan.cost
}

/// Whether `block` has, anywhere inside, a `cfg`, `cfg_attr` or lint attribute (`allow`,
/// `expect`, `warn`, `deny`, `forbid`) on a statement or expression (see [`asked`]).
fn has_attributes_a_question_would_leave(block: &Block) -> bool {
    let mut find = LeftAttributes(false);
    find.visit_block(block);
    find.0
}

/// [`has_attributes_a_question_would_leave`], for a closure's body.
fn has_attributes_a_question_would_leave_expr(body: &Expr) -> bool {
    let mut find = LeftAttributes(false);
    find.visit_expr(body);
    find.0
}

/// Finds a `cfg`, `cfg_attr` or lint attribute (see [`asked`]).
struct LeftAttributes(bool);

impl Visit<'_> for LeftAttributes {
    fn visit_attribute(&mut self, attr: &syn::Attribute) {
        const NAMES: &[&str] = &[
            "cfg", "cfg_attr", "allow", "expect", "warn", "deny", "forbid",
        ];
        if NAMES.iter().any(|name| attr.path().is_ident(name)) {
            self.0 = true;
        }
    }
}

struct Scan<'a> {
    cost: Cost,
    /// The fns whose calls are cheap: see [`crate::bounded`].
    bounded: &'a Bounded,
    /// The questions of `cost.asks`, each once.
    asks: Vec<Ask>,
    /// How many `unsafe` blocks the scan is in: a question written outside them may not read
    /// what they read (a union's field), so there a call that would ask counts as a call.
    in_unsafe: usize,
}

impl<'a> Scan<'a> {
    /// The questions of a scan, when they are all that makes the code scanned expensive.
    fn alone(cost: Cost, asks: Vec<Ask>) -> Option<Vec<Ask>> {
        (!cost.calls && !cost.loops && cost.asks).then_some(asks)
    }

    fn new(bounded: &'a Bounded) -> Self {
        Scan {
            cost: Cost::default(),
            bounded,
            asks: Vec::new(),
            in_unsafe: 0,
        }
    }

    /// Counts a call that is core's code if `asks` are answered yes (`Some`), or a call.
    fn ask(&mut self, asks: Option<Vec<Ask>>) {
        match asks {
            Some(asks) if asks.is_empty() => {}
            Some(asks) if self.in_unsafe == 0 => {
                self.cost.asks = true;
                for ask in asks {
                    if !self.asks.contains(&ask) {
                        self.asks.push(ask);
                    }
                }
            }
            Some(_) | None => self.cost.calls = true,
        }
    }
}

impl<'ast> Visit<'ast> for Scan<'_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::MethodCall(call) if self.bounded.is_bounded_method_call(call) => {}
            Expr::Call(call) if self.bounded.is_bounded_call(call) => {}
            Expr::Call(call) if is_constructor(&call.func, self.bounded.own_name()) => {}
            // Core's code on a primitive: see `crate::prims`.
            Expr::MethodCall(call) if self.bounded.prims().is_core_method_call(call) => {}
            Expr::Call(call) if self.bounded.prims().is_core_path_call(call) => {}
            // Core's code if the compiler says a place is of a primitive type.
            Expr::MethodCall(call) => self.ask(self.bounded.prims().asked_method_call(call)),
            Expr::Call(call) => self.ask(self.bounded.prims().asked_path_call(call)),
            Expr::Await(_) => self.cost.calls = true,
            // `e?` on an `Err` calls `From::from` of the fn's error type, maybe a user's, which
            // no call in sight shows; on core's `Option` of a primitive it calls nothing.
            Expr::Try(tried) if !self.bounded.prims().is_core_option(&tried.expr) => {
                self.cost.calls = true;
            }
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => self.cost.loops = true,
            // In a method that an operator may call, an operator may call it again.
            // (Unless its operands are primitives: core's operator, maybe asked of the compiler.)
            Expr::Binary(binary) if self.bounded.operators_call() && overloadable(&binary.op) => {
                self.ask(self.bounded.prims().asked_operator(expr));
            }
            Expr::Unary(_) if self.bounded.operators_call() => {
                self.ask(self.bounded.prims().asked_operator(expr));
            }
            Expr::Index(_) if self.bounded.operators_call() => self.cost.calls = true,
            Expr::Unsafe(_) => {
                self.in_unsafe += 1;
                visit::visit_expr(self, expr);
                self.in_unsafe -= 1;
                return;
            }
            // Cheap to create; its body is instrumented on its own.
            Expr::Closure(_) => return,
            // Runs later, or at compile time, or is a generated checkpoint.
            Expr::Async(_) | Expr::Const(_) | Expr::Verbatim(_) => return,
            // The length is a constant.
            Expr::Repeat(repeat) => return self.visit_expr(&repeat.expr),
            _ => {}
        }
        visit::visit_expr(self, expr);
    }

    /// Macro invocations in expression and statement position (those in types, patterns and
    /// items are not visited): see "Macros" in the module docs.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        match cheap_macro_arguments(mac) {
            Some(exprs) => exprs.iter().for_each(|expr| self.visit_expr(expr)),
            None => self.cost.calls = true,
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
    fn visit_type(&mut self, _: &'ast syn::Type) {}
    fn visit_generic_argument(&mut self, _: &'ast syn::GenericArgument) {}
    fn visit_pat(&mut self, _: &'ast syn::Pat) {}
}

/// Whether a call's callee is a tuple struct's or a tuple variant's constructor (`Some(x)`,
/// `Ok(v)`, `Err(e)`, `Point(a, b)`, `Token::Word(w)`, `Self(n)`), which builds a value and runs
/// no code: a path whose last name is `Self` or is in upper camel case (an upper-case first
/// letter and a lower-case letter somewhere). Rust's naming is what says so, as rustc's lints
/// hold it: a fn, a local or a closure parameter so named is `non_snake_case`, a `const` or
/// `static` `non_upper_case_globals`; an all-capitals name (`F(x)`, `HANDLER(x)`) may be a
/// `const` holding a `fn` pointer, and counts as a call, as does the fn's own name (`own`: a
/// fn so named anyway that calls itself checks). A cycle of such fns calling one another, and
/// nothing else, would go unchecked; rustc warns about each of them.
fn is_constructor(func: &Expr, own: &str) -> bool {
    let Expr::Path(path) = func else {
        return false;
    };
    if path.qself.is_some() || !path.attrs.is_empty() {
        return false;
    }
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    let name = last.ident.to_string();
    if name == own {
        return false;
    }
    name == "Self"
        || (name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().any(|c| c.is_ascii_lowercase()))
}

/// The expressions a cheap macro evaluates (see "Macros" in the module docs), or `None` if the
/// macro is not one of them or its arguments do not parse.
fn cheap_macro_arguments(mac: &syn::Macro) -> Option<Vec<Expr>> {
    use syn::parse::{ParseStream, Parser};
    use syn::punctuated::Punctuated;

    let name = mac.path.segments.last()?.ident.to_string();
    match name.as_str() {
        "matches" => {
            let parse = |input: ParseStream| {
                let scrutinee: Expr = input.parse()?;
                input.parse::<syn::Token![,]>()?;
                syn::Pat::parse_multi_with_leading_vert(input)?;
                let mut exprs = vec![scrutinee];
                if input.parse::<Option<syn::Token![if]>>()?.is_some() {
                    exprs.push(input.parse()?);
                }
                input.parse::<Option<syn::Token![,]>>()?;
                Ok(exprs)
            };
            parse.parse2(mac.tokens.clone()).ok()
        }
        "assert" | "assert_eq" | "assert_ne" | "debug_assert" | "debug_assert_eq"
        | "debug_assert_ne" => {
            let exprs = Punctuated::<Expr, syn::Token![,]>::parse_terminated
                .parse2(mac.tokens.clone())
                .ok()?;
            Some(exprs.into_iter().collect())
        }
        _ => None,
    }
}

/// Whether a binary operator can be overloaded (all but `&&` and `||`).
fn overloadable(op: &syn::BinOp) -> bool {
    !matches!(op, syn::BinOp::And(_) | syn::BinOp::Or(_))
}
