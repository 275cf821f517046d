//! Generated code around the user's, without printing and parsing the user's code again.
//!
//! A rewrite that wraps user code in generated code (a chunked `for` around the loop's body, a
//! probe around an iterator chain's receiver) could quote the user's syntax tree into tokens
//! and parse the whole again: simple, but it prints and parses every line of the body once
//! more for each loop around it. Cargo builds proc macros without optimizations, even in a
//! release build, and there `syn`'s parser is the slowest thing the macro does. So the
//! generated code is parsed with *placeholders* where the user's code goes (single
//! identifiers, `__threadmgr_fill_N`, made by [`Fill::expr`], [`Fill::block`], [`Fill::pat`]
//! and [`Fill::stmts`]), and [`Fill::into`] then moves the user's trees into their places.
//! The result is the same tree the round trip gave, less its cost, and the user's code keeps
//! its `Expr::Verbatim` checkpoints (see [`crate::emit`]) as they were.
//!
//! Placeholders are told apart by name. What is searched for them is the generated code and,
//! quoted with it, a loop's own attributes: the user's code that is placed is not searched, and
//! the `__threadmgr_` prefix is the macro's own (see [`crate::emit`]).

use proc_macro2::{Span, TokenStream};
use syn::parse::Parse;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Ident, Pat, Stmt};

/// User code waiting for its place in generated code.
enum Piece {
    Expr(Expr),
    Block(Block),
    Pat(Pat),
    Stmts(Vec<Stmt>),
    /// Moved to its place.
    Placed,
}

/// The user code of one piece of generated code, by placeholder (see the module docs).
#[derive(Default)]
pub(crate) struct Fill {
    pieces: Vec<Piece>,
}

impl Fill {
    /// A placeholder for an expression: write it where the expression goes.
    pub(crate) fn expr(&mut self, expr: Expr) -> Ident {
        self.add(Piece::Expr(expr))
    }

    /// A placeholder for a block: write it in braces, `{ #placeholder }`, where the block goes.
    pub(crate) fn block(&mut self, block: Block) -> Ident {
        self.add(Piece::Block(block))
    }

    /// A placeholder for a pattern: write it where the pattern goes.
    pub(crate) fn pat(&mut self, pat: Pat) -> Ident {
        self.add(Piece::Pat(pat))
    }

    /// A placeholder for statements: write it as a statement, `#placeholder;`, where they go.
    pub(crate) fn stmts(&mut self, stmts: Vec<Stmt>) -> Ident {
        self.add(Piece::Stmts(stmts))
    }

    fn add(&mut self, piece: Piece) -> Ident {
        let name = format!("__threadmgr_fill_{}", self.pieces.len());
        self.pieces.push(piece);
        Ident::new(&name, Span::mixed_site())
    }

    /// Parses `tokens`, generated code with this fill's placeholders, and puts the user's
    /// code in their places.
    ///
    /// # Panics
    /// If `tokens` do not parse as a `T`, or a placeholder is missing: a bug of the macro.
    pub(crate) fn into<T: Parse + Place>(mut self, tokens: TokenStream) -> T {
        let mut tree: T = syn::parse2(tokens).expect("generated code parses");
        tree.place(&mut self);
        assert!(
            self.pieces
                .iter()
                .all(|piece| matches!(piece, Piece::Placed)),
            "every piece of user code has its placeholder"
        );
        tree
    }

    /// The index of the piece that `ident` is the placeholder of.
    fn index(&self, ident: &Ident) -> Option<usize> {
        let name = ident.to_string();
        let n: usize = name.strip_prefix("__threadmgr_fill_")?.parse().ok()?;
        (n < self.pieces.len()).then_some(n)
    }

    /// The piece that `expr` is the placeholder of, if it is one.
    fn of_expr(&self, expr: &Expr) -> Option<usize> {
        match expr {
            Expr::Path(path) if path.attrs.is_empty() && path.qself.is_none() => {
                self.index(path.path.get_ident()?)
            }
            _ => None,
        }
    }

    fn take(&mut self, n: usize) -> Piece {
        std::mem::replace(&mut self.pieces[n], Piece::Placed)
    }
}

/// A syntax tree that [`Fill::into`] can parse and fill.
pub(crate) trait Place {
    fn place(&mut self, fill: &mut Fill);
}

impl Place for Expr {
    fn place(&mut self, fill: &mut Fill) {
        fill.visit_expr_mut(self);
    }
}

impl Place for Block {
    fn place(&mut self, fill: &mut Fill) {
        fill.visit_block_mut(self);
    }
}

impl Place for syn::ExprBlock {
    fn place(&mut self, fill: &mut Fill) {
        fill.visit_expr_block_mut(self);
    }
}

impl VisitMut for Fill {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Some(n) = self.of_expr(expr)
            && matches!(self.pieces[n], Piece::Expr(_))
            && let Piece::Expr(user) = self.take(n)
        {
            *expr = user;
            return;
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_pat_mut(&mut self, pat: &mut Pat) {
        if let Pat::Ident(ident) = pat
            && ident.attrs.is_empty()
            && ident.by_ref.is_none()
            && ident.mutability.is_none()
            && ident.subpat.is_none()
            && let Some(n) = self.index(&ident.ident)
            && matches!(self.pieces[n], Piece::Pat(_))
            && let Piece::Pat(user) = self.take(n)
        {
            *pat = user;
            return;
        }
        visit_mut::visit_pat_mut(self, pat);
    }

    fn visit_block_mut(&mut self, block: &mut Block) {
        if let [Stmt::Expr(expr, None)] = &block.stmts[..]
            && let Some(n) = self.of_expr(expr)
            && matches!(self.pieces[n], Piece::Block(_))
            && let Piece::Block(user) = self.take(n)
        {
            *block = user;
            return;
        }
        // The generated statements first, then the user's in place of their placeholders:
        // the user's code is not visited.
        visit_mut::visit_block_mut(self, block);
        let mut stmts = Vec::with_capacity(block.stmts.len());
        for stmt in std::mem::take(&mut block.stmts) {
            if let Stmt::Expr(expr, Some(_)) = &stmt
                && let Some(n) = self.of_expr(expr)
                && matches!(self.pieces[n], Piece::Stmts(_))
                && let Piece::Stmts(user) = self.take(n)
            {
                stmts.extend(user);
            } else {
                stmts.push(stmt);
            }
        }
        block.stmts = stmts;
    }
}

#[cfg(test)]
mod tests {
    use super::Fill;
    use quote::{ToTokens, quote};
    use syn::parse::Parser;
    use syn::{Block, Expr, Pat, Stmt, parse_quote};

    /// Generated code filled with user code is the tree that parsing it printed gives.
    #[test]
    fn filled_code_is_what_printing_and_parsing_give() {
        let expr: Expr = parse_quote!(a.iter().map(|x| x + 1));
        let pat = Pat::parse_single.parse2(quote!((i, &x))).unwrap();
        let block: Block = parse_quote!({
            let y = x * 2;
            total += y;
        });
        let stmts: Vec<Stmt> = parse_quote!(let z = 1; f(z));
        let printed = quote! {{
            for #pat in #expr #block
            if !(#expr) { g(); }
            loop { h(); #(#stmts)* }
        }};
        let mut fill = Fill::default();
        let (p, e1, b, e2, s) = (
            fill.pat(pat.clone()),
            fill.expr(expr.clone()),
            fill.block(block.clone()),
            fill.expr(expr.clone()),
            fill.stmts(stmts.clone()),
        );
        let filled: Block = fill.into(quote! {{
            for #p in #e1 { #b }
            if !(#e2) { g(); }
            loop { h(); #s; }
        }});
        let parsed: Block = syn::parse2(printed).unwrap();
        assert_eq!(
            filled.to_token_stream().to_string(),
            parsed.to_token_stream().to_string()
        );
    }

    /// A placeholder left out of the generated code is a bug of the macro, caught at once.
    #[test]
    #[should_panic(expected = "every piece of user code has its placeholder")]
    fn a_missing_placeholder_panics() {
        let mut fill = Fill::default();
        let _unused = fill.expr(parse_quote!(x));
        let _: Expr = fill.into(quote!(y));
    }
}
