//! Which code "can take unbounded time", and so is worth a checkpoint before it.
//!
//! Code is *expensive* when it contains a call, a method call, a macro invocation, a loop
//! (`for`, `while`, `loop`) or an `.await` — not counting what runs at another time or not at
//! all here: closure bodies (instrumented on their own), `async` blocks, `const` blocks and
//! other compile-time code (types, array lengths, const generic arguments), nested items, and
//! patterns. Everything else (arithmetic, field and index access, `?`, `return`, `break`, `let`
//! of a cheap value, creating a closure) is *cheap*: it runs in bounded time. (Overloaded
//! operators, `Deref` and `Drop` can call user code; they count as cheap, as the per-iteration
//! and per-statement checks around them bound how long they can go on.)
//!
//! Code under `#[haltable(skip)]` is counted like any other: skipping its checkpoints does not
//! make it faster. Generated checkpoints are `Expr::Verbatim` and count as cheap.

use syn::visit::{self, Visit};
use syn::{Block, Expr, Stmt};

/// What a piece of code contains, outside closures and the other places listed above.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cost {
    /// A call, method call, macro invocation or `.await`: may run arbitrary code.
    pub(crate) calls: bool,
    /// A `for`, `while` or `loop`.
    pub(crate) loops: bool,
}

impl Cost {
    pub(crate) fn is_expensive(self) -> bool {
        self.calls || self.loops
    }
}

pub(crate) fn of_expr(expr: &Expr) -> Cost {
    let mut scan = Scan::default();
    scan.visit_expr(expr);
    scan.0
}

pub(crate) fn of_block(block: &Block) -> Cost {
    let mut scan = Scan::default();
    scan.visit_block(block);
    scan.0
}

pub(crate) fn of_stmt(stmt: &Stmt) -> Cost {
    let mut scan = Scan::default();
    scan.visit_stmt(stmt);
    scan.0
}

#[derive(Default)]
struct Scan(Cost);

impl<'ast> Visit<'ast> for Scan {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Call(_) | Expr::MethodCall(_) | Expr::Await(_) => self.0.calls = true,
            Expr::ForLoop(_) | Expr::While(_) | Expr::Loop(_) => self.0.loops = true,
            // Runs later, or at compile time, or is a generated checkpoint.
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) | Expr::Verbatim(_) => return,
            // The length is a constant.
            Expr::Repeat(repeat) => return self.visit_expr(&repeat.expr),
            _ => {}
        }
        visit::visit_expr(self, expr);
    }

    /// Macro invocations in expression and statement position (those in types, patterns and
    /// items are not visited).
    fn visit_macro(&mut self, _: &'ast syn::Macro) {
        self.0.calls = true;
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
    fn visit_type(&mut self, _: &'ast syn::Type) {}
    fn visit_generic_argument(&mut self, _: &'ast syn::GenericArgument) {}
    fn visit_pat(&mut self, _: &'ast syn::Pat) {}
}
