//! Loops inside the `macro_rules!` macros that a `#[haltable]` body (or module) defines.
//!
//! A macro's transcriber is tokens, not Rust syntax, until the macro is expanded, so the
//! other rewrites cannot see inside it; but a macro defined in the body is the body's own code,
//! and its loops run as the body's. So in each transcriber of such a macro, the body of every
//! loop gets a check at its start, found from the tokens alone:
//! - `loop { .. }`: the braces right after `loop`;
//! - `while COND { .. }`: the first braces after `while` at the same level (a `while`
//!   condition cannot hold a bare block);
//! - `for PAT in EXPR { .. }`: the first braces after an `in` that follows `for` at the same
//!   level (so `impl Trait for Type { .. }` and `for<'a>` are left alone).
//!
//! Nothing inside `unsafe`, `async` or `const` braces is touched (see [`crate::descend`]), nor
//! a loop whose body is a macro variable (`loop $body`). Macros defined elsewhere are not seen.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::quote_spanned;
use syn::visit_mut::{self, VisitMut};

/// Instruments the `macro_rules!` items of a body (see the module docs).
pub(crate) struct LocalMacros;

impl VisitMut for LocalMacros {
    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        if let syn::Item::Macro(item_macro) = item {
            instrument(&mut item_macro.mac);
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if !crate::descend::is_opaque(expr) {
            visit_mut::visit_expr_mut(self, expr);
        }
    }
}

/// Instruments a `macro_rules!` definition; any other macro is left alone.
pub(crate) fn instrument(mac: &mut syn::Macro) {
    if mac.path.is_ident("macro_rules") {
        mac.tokens = transcribers(std::mem::take(&mut mac.tokens));
    }
}

/// The rules of a `macro_rules!`, with the loops of each transcriber (the group after `=>`)
/// instrumented.
fn transcribers(rules: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut arrow = false;
    for token in rules {
        let token = match token {
            TokenTree::Group(group) if arrow => rebuild(&group, loops(group.stream())),
            // The rules of `macro_rules! m { .. }` are in one group.
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace && out.is_empty() => {
                rebuild(&group, transcribers(group.stream()))
            }
            other => other,
        };
        arrow = matches!(
            (out.last(), &token),
            (Some(TokenTree::Punct(eq)), TokenTree::Punct(gt)) if eq.as_char() == '=' && gt.as_char() == '>'
        );
        out.push(token);
    }
    out.into_iter().collect()
}

/// Tokens with a check at the start of every loop body in them, at any depth.
fn loops(tokens: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut bodies = vec![false; tokens.len()];
    for (i, token) in tokens.iter().enumerate() {
        let TokenTree::Ident(ident) = token else {
            continue;
        };
        let body = match ident.to_string().as_str() {
            "loop" => matches!(tokens.get(i + 1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
                .then_some(i + 1),
            "while" => first_braces(&tokens, i + 1),
            "for" => {
                let is_hrtb = matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '<');
                let in_at = tokens[i + 1..].iter().position(
                    |t| matches!(t, TokenTree::Ident(word) if word == "in"),
                );
                match in_at {
                    Some(at) if !is_hrtb => {
                        let after_in = i + 1 + at + 1;
                        // No braces between `for` and `in`: a pattern holds none at this level.
                        let braces = first_braces(&tokens, i + 1);
                        match braces {
                            Some(b) if b < after_in => None,
                            _ => first_braces(&tokens, after_in),
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(body) = body {
            bodies[body] = true;
        }
    }
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.into_iter().enumerate() {
        let opaque = matches!(
            out.last(),
            Some(TokenTree::Ident(word)) if word == "unsafe" || word == "async" || word == "const" || word == "move"
        );
        let token = match token {
            TokenTree::Group(group) if opaque => TokenTree::Group(group),
            TokenTree::Group(group) => {
                let mut inner = loops(group.stream());
                if bodies[i] {
                    let mut checked = check(group.span());
                    checked.extend(inner);
                    inner = checked;
                }
                rebuild(&group, inner)
            }
            other => other,
        };
        out.push(token);
    }
    out.into_iter().collect()
}

/// The index of the first brace group at or after `from`, before a `;` at this level.
fn first_braces(tokens: &[TokenTree], from: usize) -> Option<usize> {
    for (i, token) in tokens.iter().enumerate().skip(from) {
        match token {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => return Some(i),
            TokenTree::Punct(p) if p.as_char() == ';' => return None,
            _ => {}
        }
    }
    None
}

fn check(at: Span) -> TokenStream {
    let span = Span::mixed_site().located_at(at);
    quote_spanned!(span=> ::threadmgr::__private::check();)
}

fn rebuild(group: &Group, stream: TokenStream) -> TokenTree {
    let mut rebuilt = Group::new(group.delimiter(), stream);
    rebuilt.set_span(group.span());
    TokenTree::Group(rebuilt)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    fn instrumented(tokens: proc_macro2::TokenStream) -> String {
        let mut item: syn::ItemMacro = syn::parse2(tokens).unwrap();
        super::instrument(&mut item.mac);
        quote!(#item).to_string()
    }

    #[test]
    fn loop_bodies_in_transcribers_get_a_check() {
        let out = instrumented(quote! {
            macro_rules! spin {
                (loop $x:expr) => {{
                    let mut x = $x;
                    while x != 0 { x -= 1; }
                    for i in 0..x { g(i); }
                    'l: loop { break 'l; }
                    loop $x;
                    impl Display for S { fn fmt() {} }
                    unsafe { loop { } }
                }};
            }
        });
        let check = ":: threadmgr :: __private :: check () ;";
        assert!(
            out.contains(&format!("while x != 0 {{ {check} x -= 1 ;")),
            "{out}"
        );
        assert!(
            out.contains(&format!("for i in 0 .. x {{ {check} g (i) ;")),
            "{out}"
        );
        assert!(
            out.contains(&format!("'l : loop {{ {check} break 'l ;")),
            "{out}"
        );
        assert!(
            out.contains("(loop $ x : expr)"),
            "matchers are left alone: {out}"
        );
        assert!(
            out.contains("impl Display for S { fn fmt () { } }"),
            "{out}"
        );
        assert!(out.contains("unsafe { loop { } }"), "{out}");
        assert_eq!(out.matches("check").count(), 3, "{out}");
    }
}
