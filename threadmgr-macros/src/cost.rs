//! Which code "can take unbounded time", and so is worth a checkpoint before it.
//!
//! Code is *expensive* when it contains a call (but to a bounded fn of the `#[haltable]` module
//! it is in: see [`crate::bounded`]), a method call, a macro invocation, a loop
//! (`for`, `while`, `loop`) or an `.await` — not counting what runs at another time or not at
//! all here: closure bodies (instrumented on their own), `async` blocks, `const` blocks and
//! other compile-time code (types, array lengths, const generic arguments), nested items, and
//! patterns. Everything else (arithmetic, field and index access, `?`, `return`, `break`, `let`
//! of a cheap value, creating a closure) is *cheap*: it runs in bounded time. (Overloaded
//! operators, `Deref` and `Drop` can call user code; they count as cheap, as the per-iteration
//! and per-statement checks around them bound how long they can go on.)
//!
//! # Constant-time methods
//!
//! A method call counts as cheap when its name is in [`CHEAP_METHODS`] (or starts with one of
//! [`CHEAP_PREFIXES`]) and it has the number of arguments of core's method of that name: the
//! constant-time (or, like `wrapping_pow`, bit-width-bounded) inherent methods of the primitive
//! numbers, `Option` and `Result`'s `is_*` queries, and `len`/`is_empty`, which every std
//! collection answers from a stored length. `x.wrapping_mul(k).rotate_left(5)` is arithmetic, and
//! a `for` loop over such a body is chunked (one check per `CHUNK` items) instead of checked on
//! every iteration.
//!
//! The macro sees names, not types: a user type's method named like one of these is assumed to
//! be cheap too (a `len` that walks a linked list, an `Ord::min` whose `cmp` is slow). That is
//! the user's call, and it stays bounded: the code around it is still checked once per loop
//! iteration or chunk and before each statement that calls anything else, so a halt waits at
//! most for one such call per item. The arity keeps iterator consumers out: `iter.max()` and
//! `iter.min()` take no argument (`Ord::max` takes one), `iter.count()` is not listed.
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

/// What a piece of code contains, outside closures and the other places listed above.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cost {
    /// A call, method call, macro invocation or `.await`: may run arbitrary code.
    pub(crate) calls: bool,
    /// A `for`, `while` or `loop`.
    pub(crate) loops: bool,
    /// A closure (cheap to create, but instrumented on its own with the fn's handle).
    pub(crate) closures: bool,
}

impl Cost {
    pub(crate) fn is_expensive(self) -> bool {
        self.calls || self.loops
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

struct Scan<'a> {
    cost: Cost,
    /// The fns whose calls are cheap: see [`crate::bounded`].
    bounded: &'a Bounded,
}

impl<'a> Scan<'a> {
    fn new(bounded: &'a Bounded) -> Self {
        Scan {
            cost: Cost::default(),
            bounded,
        }
    }
}

impl<'ast> Visit<'ast> for Scan<'_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::MethodCall(call)
                if is_cheap_method(call) || self.bounded.is_bounded_method_call(call) => {}
            Expr::Call(call) if self.bounded.is_bounded_call(call) => {}
            Expr::Call(_) | Expr::MethodCall(_) | Expr::Await(_) => self.cost.calls = true,
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => self.cost.loops = true,
            Expr::Closure(_) => return self.cost.closures = true,
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

/// Methods of core that run in bounded time, by name and number of arguments (receiver not
/// counted). See "Constant-time methods" in the module docs.
const CHEAP_METHODS: &[(&str, usize)] = &[
    // Integers and floats.
    ("rotate_left", 1),
    ("rotate_right", 1),
    ("count_ones", 0),
    ("count_zeros", 0),
    ("leading_zeros", 0),
    ("trailing_zeros", 0),
    ("leading_ones", 0),
    ("trailing_ones", 0),
    ("swap_bytes", 0),
    ("reverse_bits", 0),
    ("to_le", 0),
    ("to_be", 0),
    ("is_power_of_two", 0),
    ("abs", 0),
    ("abs_diff", 1),
    ("unsigned_abs", 0),
    ("signum", 0),
    ("is_positive", 0),
    ("is_negative", 0),
    ("pow", 1),
    ("min", 1),
    ("max", 1),
    ("clamp", 2),
    ("to_bits", 0),
    ("is_nan", 0),
    ("is_finite", 0),
    // `Option` and `Result`.
    ("is_some", 0),
    ("is_none", 0),
    ("is_ok", 0),
    ("is_err", 0),
    // Collections and strings: a stored length.
    ("len", 0),
    ("is_empty", 0),
];

/// Families of integer methods that run in bounded time whatever their suffix
/// (`wrapping_add`, `checked_mul`, `overflowing_pow`, `saturating_sub`, ...).
const CHEAP_PREFIXES: &[&str] = &["wrapping_", "overflowing_", "saturating_", "checked_"];

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

fn is_cheap_method(call: &syn::ExprMethodCall) -> bool {
    let name = call.method.to_string();
    let args = call.args.len();
    CHEAP_METHODS
        .iter()
        .any(|&(cheap, arity)| name == cheap && args == arity)
        || (CHEAP_PREFIXES.iter().any(|prefix| name.starts_with(prefix)) && args <= 1)
}
