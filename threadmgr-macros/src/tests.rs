//! Expansion tests: the exact code `#[haltable]` generates, compared pretty-printed.
//!
//! Expected code is written with shorthands: `CHECK;` for
//! `::threadmgr::__private::check(&*__threadmgr_h);`, `ADOPT;` for the rebinding of the handle
//! a closure checks (`let __threadmgr_h = ::threadmgr::__private::adopt(&*__threadmgr_h);`), and
//! `ENTER;` for `ADOPT;` followed by
//! `let (__threadmgr_h, __threadmgr_g) = ::threadmgr::__private::enter(&*__threadmgr_h);`. Fn bodies are compared
//! without their prologue, which [`prologue`] checks once.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

const CHECK: &str = "::threadmgr::__private::check(&*__threadmgr_h);";
const ADOPT: &str = "let __threadmgr_h: &'static ::threadmgr::__private::Handle = ::threadmgr::__private::adopt(&*__threadmgr_h);";
const ENTER: &str =
    "let (__threadmgr_h, __threadmgr_g) = ::threadmgr::__private::enter(&*__threadmgr_h);";

/// Expands `#[haltable(args)]` on `item`, as tokens.
fn expand_tokens(args: &str, item: &str) -> TokenStream {
    crate::attribute(args.parse().unwrap(), item.parse().unwrap())
}

fn pretty(file: &syn::File) -> String {
    prettyplease::unparse(file)
}

/// Parses Rust source with the shorthands, and pretty-prints it.
fn normalize(source: &str) -> String {
    let source = source
        .replace("ENTER;", "ADOPT; ENTER;")
        .replace("CHECK;", CHECK)
        .replace("ADOPT;", ADOPT)
        .replace("ENTER;", ENTER);
    pretty(&syn::parse_file(&source).unwrap())
}

/// Removes the prologue of every fn in `file`, checking that it is there.
fn strip_prologues(file: &mut syn::File) {
    struct Strip;
    impl syn::visit_mut::VisitMut for Strip {
        fn visit_block_mut(&mut self, _: &mut syn::Block) {}
        fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
            strip(&mut item.block);
        }
        fn visit_impl_item_fn_mut(&mut self, item: &mut syn::ImplItemFn) {
            strip(&mut item.block);
        }
        fn visit_trait_item_fn_mut(&mut self, item: &mut syn::TraitItemFn) {
            if let Some(block) = &mut item.default {
                strip(block);
            }
        }
    }
    fn strip(block: &mut syn::Block) {
        for entry_check in [true, false] {
            let prologue = crate::generated::prologue(entry_check);
            let n = prologue.len();
            let found = block
                .stmts
                .iter()
                .take(n)
                .map(|s| s.to_token_stream().to_string());
            if found.eq(prologue.iter().map(|s| s.to_token_stream().to_string())) {
                block.stmts.drain(..n);
                return;
            }
        }
    }
    syn::visit_mut::VisitMut::visit_file_mut(&mut Strip, file);
}

/// The instrumented copy of the expansion of `#[haltable]` on `input`, after checking that the
/// expansion is `#[cfg(clippy)] AS_WRITTEN #[cfg(not(clippy))] INSTRUMENTED`.
#[track_caller]
fn instrumented(input: &str) -> syn::File {
    let tokens = expand_tokens("", input);
    let file: syn::File = syn::parse2(tokens.clone())
        .unwrap_or_else(|e| panic!("expansion does not parse ({e}): {tokens}"));
    let [mut clippy, mut instrumented] = <[syn::Item; 2]>::try_from(file.items)
        .unwrap_or_else(|items| panic!("not two items: {}", items.len()));
    assert_eq!(take_first_attr(&mut clippy), "# [cfg (clippy)]");
    assert_eq!(take_first_attr(&mut instrumented), "# [cfg (not (clippy))]");
    let as_written = crate::expand::as_written(input.parse().unwrap());
    assert_eq!(clippy.to_token_stream().to_string(), as_written.to_string());
    syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![instrumented],
    }
}

fn take_first_attr(item: &mut syn::Item) -> String {
    let attrs = match item {
        syn::Item::Fn(item) => &mut item.attrs,
        syn::Item::Impl(item) => &mut item.attrs,
        syn::Item::Trait(item) => &mut item.attrs,
        syn::Item::Mod(item) => &mut item.attrs,
        other => panic!("unexpected item {}", other.to_token_stream()),
    };
    attrs.remove(0).to_token_stream().to_string()
}

/// Asserts that `#[haltable]` on `input` expands to `expected` (bodies without prologues).
#[track_caller]
fn assert_expands(input: &str, expected: &str) {
    let mut file = instrumented(input);
    strip_prologues(&mut file);
    let (actual, expected) = (pretty(&file), normalize(expected));
    assert!(
        actual == expected,
        "expansion differs\n--- actual\n{actual}\n--- expected\n{expected}"
    );
}

/// The error messages of `#[haltable(args)]` on `item`; asserts that the item follows them as
/// written (see [`as_written_removes_only_inner_haltable_attributes`]).
#[track_caller]
fn errors(args: &str, item: &str) -> Vec<String> {
    let tokens: Vec<TokenTree> = expand_tokens(args, item).into_iter().collect();
    let messages: Vec<String> = tokens
        .windows(3)
        .filter_map(|w| match w {
            [
                TokenTree::Ident(name),
                TokenTree::Punct(bang),
                TokenTree::Group(body),
            ] if name == "compile_error" && bang.as_char() == '!' => {
                Some(syn::parse2::<syn::LitStr>(body.stream()).unwrap().value())
            }
            _ => None,
        })
        .collect();
    assert!(!messages.is_empty(), "no error: {tokens:?}");
    // Each error is `::core::compile_error! { "..." }`: 8 token trees.
    let rest: TokenStream = tokens[8 * messages.len()..].iter().cloned().collect();
    let as_written = crate::expand::as_written(item.parse().unwrap());
    assert_eq!(rest.to_string(), as_written.to_string(), "item changed");
    messages
}

#[test]
fn as_written_removes_only_inner_haltable_attributes() {
    let item = "#[inline] fn f() { #[haltable(skip)] loop {} #[haltable] let x = 1; #[allow(unused)] #[haltable(x)] g(); #[haltable] fn n() {} }";
    let expected =
        "#[inline] fn f() { loop {} let x = 1; #[allow(unused)] g(); #[haltable] fn n() {} }";
    let as_written = crate::expand::as_written(item.parse().unwrap());
    assert_eq!(
        as_written.to_string(),
        expected.parse::<TokenStream>().unwrap().to_string()
    );
    let item = "impl S { #[haltable(skip)] const fn a() {} #[haltable] fn b() { #[haltable(skip)] loop {} } }";
    let expected = "impl S { const fn a() {} fn b() { loop {} } }";
    let as_written = crate::expand::as_written(item.parse().unwrap());
    assert_eq!(
        as_written.to_string(),
        expected.parse::<TokenStream>().unwrap().to_string()
    );
    let not_an_item = "fn f() -> ;";
    let as_written = crate::expand::as_written(not_an_item.parse().unwrap());
    assert_eq!(
        as_written.to_string(),
        not_an_item.parse::<TokenStream>().unwrap().to_string()
    );
}

#[test]
fn cheap_bodies_get_no_entry_check() {
    for body in [
        "fn f() {}",
        "fn f(a: u64, b: u64) -> u64 { (a ^ b).rotate_left(27).wrapping_mul(3) }",
        "fn f(x: Option<u8>) -> u8 { let Some(y) = x else { return 0 }; if y > 3 { y } else { y * 2 } }",
    ] {
        let file = instrumented(body);
        let expected = format!(
            r#"{sig} {{
                #[cfg(panic = "abort")]
                ::core::compile_error!({message:?});
                {rest}
            "#,
            sig = &body[..body.find('{').unwrap()],
            rest = &body[body.find('{').unwrap() + 1..],
            message = crate::generated::PANIC_ABORT
        );
        assert_eq!(pretty(&file), normalize(&expected), "{body}");
    }
    // A closure uses the fn's handle; a call, a loop or a macro may take unbounded time.
    for body in [
        "fn f() -> u8 { let c = || 1; c() }",
        "fn f() { let c = |x: u8| x + 1; }",
        "fn f() { g(); }",
        "fn f(x: u8) -> u8 { x.count() }",
        "fn f() { loop {} }",
        "fn f() { m!(); }",
    ] {
        let tokens = instrumented(body).to_token_stream().to_string();
        assert!(tokens.contains("current ()"), "{body}: {tokens}");
    }
}

#[test]
fn prologue() {
    let file = instrumented("fn f() { g() }");
    let expected = format!(
        r#"
        fn f() {{
            #[cfg(panic = "abort")]
            ::core::compile_error!({message:?});
            let __threadmgr_h: &'static ::threadmgr::__private::Handle = ::threadmgr::__private::current();
            ::threadmgr::__private::check(&*__threadmgr_h);
            g()
        }}
    "#,
        message = crate::generated::PANIC_ABORT
    );
    assert_eq!(pretty(&file), normalize(&expected));
}

#[test]
fn clippy_sees_the_item_as_written() {
    // `instrumented` checks the clippy copy; this checks the whole output once.
    let expanded = expand_tokens("", "#[inline] fn f() { #[haltable(skip)] loop {} }");
    let instrumented = pretty(&instrumented(
        "#[inline] fn f() { #[haltable(skip)] loop {} }",
    ));
    let expected = format!(
        "#[cfg(clippy)] #[inline] fn f() {{ loop {{}} }} #[cfg(not(clippy))] {instrumented}"
    );
    assert_eq!(
        pretty(&syn::parse2(expanded).unwrap()),
        normalize(&expected)
    );
}

#[test]
fn inner_attributes_stay_first() {
    let file = instrumented("fn f() { #![allow(unused)] a(); }");
    let syn::Item::Fn(item) = &file.items[0] else {
        panic!("not a fn")
    };
    let tokens = item.to_token_stream().to_string();
    let body = &tokens[tokens.find('{').unwrap()..];
    assert!(
        body.starts_with("{ # ! [allow (unused)] # [cfg (panic"),
        "{body}"
    );
}

#[test]
fn keeps_signature_attributes_and_docs() {
    assert_expands(
        "/// Docs.\n#[inline] pub(crate) unsafe fn f<'a, T: Copy>(x: &'a T, (a, b): (u8, u8)) -> impl Copy + 'a { *x }",
        "/// Docs.\n#[inline] pub(crate) unsafe fn f<'a, T: Copy>(x: &'a T, (a, b): (u8, u8)) -> impl Copy + 'a { *x }",
    );
}

mod coalescing {
    use super::assert_expands;

    #[test]
    fn a_check_before_each_expensive_statement_after_the_first() {
        assert_expands(
            "fn f() { a(); b(); let x = c(); x.d(); m!(); x }",
            "fn f() { CHECK; a(); CHECK; b(); CHECK; let x = c(); CHECK; x.d(); CHECK; m!(); x }",
        );
    }

    #[test]
    fn cheap_statements_keep_the_last_check() {
        assert_expands(
            "fn f(mut x: u32) -> u32 { x += 1; let y = x * 2; a(y); x += y; let z = [x; 3]; b(z) }",
            "fn f(mut x: u32) -> u32 { x += 1; let y = x * 2; CHECK; a(y); x += y; let z = [x; 3]; CHECK; b(z) }",
        );
    }

    #[test]
    fn expensive_tail_expression() {
        assert_expands(
            "fn f() -> u8 { a(); b() }",
            "fn f() -> u8 { CHECK; a(); CHECK; b() }",
        );
    }

    #[test]
    fn loops_are_expensive_and_loop_bodies_start_checked() {
        assert_expands(
            "fn f() { a(); while c() { d(); e(); } }",
            "fn f() { CHECK; a(); CHECK; while c() { CHECK; d(); CHECK; e(); } }",
        );
    }

    #[test]
    fn if_with_cheap_condition_starts_its_blocks_checked() {
        // Just after a check (here, a loop's), the blocks start checked.
        assert_expands(
            "fn f(c: bool) { loop { if c { b(); d(); } else if !c { e(); } else { g(); } } }",
            "fn f(c: bool) { CHECK; loop { CHECK; if c { b(); CHECK; d(); } else if !c { e(); } else { g(); } } }",
        );
    }

    #[test]
    fn check_sinks_into_the_branches_of_an_if_with_cheap_conditions() {
        assert_expands(
            "fn f(c: bool) { a(); if c { b(); d(); } else if !c { e(); } else { g(); } }",
            "fn f(c: bool) { CHECK; a(); if c { CHECK; b(); CHECK; d(); } else if !c { CHECK; e(); } else { CHECK; g(); } }",
        );
        // A cheap branch gets no check: the base case of a recursion checks nothing.
        assert_expands(
            "fn fib(n: u32) -> u64 { if n < 2 { n as u64 } else { fib(n - 1) + fib(n - 2) } }",
            "fn fib(n: u32) -> u64 { if n < 2 { n as u64 } else { CHECK; fib(n - 1) + fib(n - 2) } }",
        );
        assert_expands(
            "fn f(n: u32) -> u32 { let x = if n == 0 { return 0; } else if n == 1 { g() } else { n }; x }",
            "fn f(n: u32) -> u32 { let x = if n == 0 { return 0; } else if n == 1 { CHECK; g() } else { n }; x }",
        );
    }

    #[test]
    fn if_with_expensive_condition_starts_its_blocks_unchecked() {
        assert_expands(
            "fn f() { if c() { b(); } else { d(); } }",
            "fn f() { CHECK; if c() { CHECK; b(); } else { CHECK; d(); } }",
        );
    }

    #[test]
    fn else_if_with_expensive_condition() {
        assert_expands(
            "fn f(c: bool) { if c { b(); } else if d() { e(); } }",
            "fn f(c: bool) { CHECK; if c { b(); } else if d() { CHECK; e(); } }",
        );
    }

    #[test]
    fn match_arms_start_checked_when_scrutinee_and_guards_are_cheap() {
        assert_expands(
            "fn f(x: u8) -> u8 { let y = match x { 0 => { a() } n if n > 3 => { b(); c() } _ => d() }; y }",
            "fn f(x: u8) -> u8 { CHECK; let y = match x { 0 => { a() } n if n > 3 => { b(); CHECK; c() } _ => d() }; y }",
        );
        assert_expands(
            "fn f(x: u8) { match x { n if g(n) => { a(); } _ => { b(); } } }",
            "fn f(x: u8) { CHECK; match x { n if g(n) => { CHECK; a(); } _ => { CHECK; b(); } } }",
        );
        assert_expands(
            "fn f() { match g() { _ => { b(); } } }",
            "fn f() { CHECK; match g() { _ => { CHECK; b(); } } }",
        );
    }

    #[test]
    fn check_sinks_into_the_arms_of_a_match_whose_expensive_arms_are_blocks() {
        assert_expands(
            "fn f(x: u8) -> u8 { match x { 0 => 1, n if n > 3 => { g(n) } _ => { let y = x * 2; h(y) } } }",
            "fn f(x: u8) -> u8 { match x { 0 => 1, n if n > 3 => { CHECK; g(n) } _ => { let y = x * 2; CHECK; h(y) } } }",
        );
    }

    #[test]
    fn block_statements_start_checked_when_just_checked() {
        assert_expands(
            "fn f() { a(); { b(); } unsafe { c(); } 'l: { d(); } }",
            "fn f() { CHECK; a(); CHECK; { b(); } CHECK; unsafe { c(); } CHECK; 'l: { d(); } }",
        );
    }

    #[test]
    fn other_nested_blocks_start_unchecked() {
        assert_expands(
            "fn f() { g(a(), { b() }); let x = h() + { c() }; let Some(y) = x else { d(); return; }; }",
            "fn f() { CHECK; g(a(), { CHECK; b() }); CHECK; let x = h() + { CHECK; c() }; CHECK; let Some(y) = x else { CHECK; d(); return; }; }",
        );
    }

    #[test]
    fn no_checks_after_a_statement_that_diverges() {
        assert_expands(
            "fn f() -> u8 { a(); return 1; b(); c() }",
            "fn f() -> u8 { CHECK; a(); return 1; b(); c() }",
        );
        assert_expands(
            "fn f() { a(); todo!(); b(); }",
            "fn f() { CHECK; a(); CHECK; todo!(); b(); }",
        );
        assert_expands(
            "fn f() { loop { a(); } b(); }",
            "fn f() { CHECK; loop { CHECK; a(); } b(); }",
        );
        assert_expands(
            "fn f() { loop { if a() { break; } } b(); loop { m!(); } c(); }",
            "fn f() { CHECK; loop { CHECK; if a() { break; } } CHECK; b(); CHECK; loop { CHECK; m!(); } CHECK; c(); }",
        );
    }

    #[test]
    fn closures_async_blocks_and_items_are_cheap_to_create() {
        assert_expands(
            "fn f() { a(); let c = |x: u8| x + 1; let s = async { g().await }; fn n() { h() } b(c) }",
            "fn f() { CHECK; a(); let c = |x: u8| x + 1; let s = async { g().await }; fn n() { h() } CHECK; b(c) }",
        );
    }

    #[test]
    fn constant_time_methods_are_cheap() {
        assert_expands(
            "fn f(x: u64, o: Option<u8>, v: &[u8]) -> u64 { a(); let h = x.wrapping_mul(3).rotate_left(5) ^ x.count_ones() as u64; let m = h.max(x).clamp(1, 9).checked_add(1).is_some() && o.is_none() && v.len() > 2; b(m); h }",
            "fn f(x: u64, o: Option<u8>, v: &[u8]) -> u64 { CHECK; a(); let h = x.wrapping_mul(3).rotate_left(5) ^ x.count_ones() as u64; let m = h.max(x).clamp(1, 9).checked_add(1).is_some() && o.is_none() && v.len() > 2; CHECK; b(m); h }",
        );
    }

    #[test]
    fn matches_and_asserts_cost_what_their_arguments_cost() {
        assert_expands(
            "fn f(b: u8, x: u8) -> bool { a(); let v = matches!(b, b'a' | b'e' if x > 1); assert!(x < 9, \"x is {}\", x); debug_assert_eq!(b, x,); c(v) }",
            "fn f(b: u8, x: u8) -> bool { CHECK; a(); let v = matches!(b, b'a' | b'e' if x > 1); assert!(x < 9, \"x is {}\", x); debug_assert_eq!(b, x,); CHECK; c(v) }",
        );
        assert_expands(
            "fn f(b: u8) { a(); let v = matches!(g(b), 1); std::assert!(h(b)); matches!(b, 1 if i(b)); m!(b); }",
            "fn f(b: u8) { CHECK; a(); CHECK; let v = matches!(g(b), 1); CHECK; std::assert!(h(b)); CHECK; matches!(b, 1 if i(b)); CHECK; m!(b); }",
        );
        // Arguments that do not parse as expressions: counted as expensive.
        assert_expands(
            "fn f() { a(); assert!(=> 1); }",
            "fn f() { CHECK; a(); CHECK; assert!(=> 1); }",
        );
    }

    #[test]
    fn other_methods_and_other_arities_are_expensive() {
        // `iter.max()` consumes an iterator: `Ord::max` takes one argument.
        assert_expands(
            "fn f(v: &[u8], x: u8) -> u8 { a(); let m = v.iter().max(); let n = x.min(); let l = x.len(1); *m.unwrap() }",
            "fn f(v: &[u8], x: u8) -> u8 { CHECK; a(); CHECK; let m = v.iter().max(); CHECK; let n = x.min(); CHECK; let l = x.len(1); CHECK; *m.unwrap() }",
        );
    }

    #[test]
    fn compile_time_code_is_cheap_and_left_alone() {
        assert_expands(
            "fn f() { a(); let x = [0u8; { g() }]; let y: [u8; { h() }] = i::<{ j() }>(); const { k() }; }",
            "fn f() { CHECK; a(); let x = [0u8; { g() }]; CHECK; let y: [u8; { h() }] = i::<{ j() }>(); const { k() }; }",
        );
    }
}

mod loops {
    use super::{assert_expands, normalize};

    /// The chunked form of `for PAT in EXPR BODY`, with `label` (`'l: ` or empty).
    pub(super) fn chunked(label: &str, pat: &str, expr: &str, body: &str) -> String {
        format!(
            "{{
                match ::core::iter::IntoIterator::into_iter({expr}) {{
                    mut __threadmgr_iter => {label} loop {{
                        let mut __threadmgr_chunk = ::threadmgr::__private::chunks(&__threadmgr_iter).next_chunk(&mut __threadmgr_iter);
                        for {pat} in __threadmgr_chunk.items() {body}
                        if __threadmgr_chunk.exhausted() {{
                            break;
                        }}
                        CHECK;
                    }},
                }};
            }}"
        )
    }

    #[test]
    fn cheap_for_is_chunked() {
        assert_expands(
            "fn f(v: &[u64]) -> u64 { let mut s = 0; for x in v.iter() { s += x; } s }",
            &format!(
                "fn f(v: &[u64]) -> u64 {{ let mut s = 0; CHECK; {} s }}",
                chunked("", "x", "v.iter()", "{ s += x; }")
            ),
        );
    }

    #[test]
    fn for_calling_only_constant_time_methods_is_chunked() {
        assert_expands(
            "fn f(n: u64) -> u64 { let mut acc: u64 = 0; for i in 0..n { acc = acc.wrapping_mul(7).wrapping_add(i); } acc }",
            &format!(
                "fn f(n: u64) -> u64 {{ let mut acc: u64 = 0; CHECK; {} acc }}",
                chunked(
                    "",
                    "i",
                    "0..n",
                    "{ acc = acc.wrapping_mul(7).wrapping_add(i); }"
                )
            ),
        );
    }

    #[test]
    fn for_with_matches_is_chunked() {
        assert_expands(
            "fn f(v: &[u8]) -> u64 { let mut n = 0; for &b in v { n += matches!(b, b'a' | b'e') as u64; } n }",
            &format!(
                "fn f(v: &[u8]) -> u64 {{ let mut n = 0; CHECK; {} n }}",
                chunked("", "&b", "v", "{ n += matches!(b, b'a' | b'e') as u64; }")
            ),
        );
    }

    #[test]
    fn chunked_for_keeps_attributes_and_patterns() {
        assert_expands(
            "fn f(v: &[(u8, u8)]) { #[allow(unused_variables)] for &(a, _) in v { } }",
            &format!(
                "fn f(v: &[(u8, u8)]) {{ CHECK; #[allow(unused_variables)] {} }}",
                chunked("", "&(a, _)", "v", "{ }")
            ),
        );
    }

    #[test]
    fn unlabeled_break_gets_a_generated_label() {
        assert_expands(
            "fn f(v: &[u8]) { for x in v { if *x == 0 { break; } } for x in v { if *x == 1 { break; } } }",
            &format!(
                "fn f(v: &[u8]) {{ CHECK; {} CHECK; {} }}",
                chunked(
                    "'__threadmgr_for_1:",
                    "x",
                    "v",
                    "{ if *x == 0 { break '__threadmgr_for_1; } }"
                ),
                chunked(
                    "'__threadmgr_for_2:",
                    "x",
                    "v",
                    "{ if *x == 1 { break '__threadmgr_for_2; } }"
                ),
            ),
        );
    }

    /// [`chunked`], taking its chunks through the fallback that never splits, and checking at
    /// the start of each chunk (where `continue 'label` goes) instead of between chunks.
    fn chunked_unsplit(label: &str, pat: &str, expr: &str, body: &str) -> String {
        let split = chunked(label, pat, expr, body);
        let (head, tail) = split.rsplit_once("CHECK;").unwrap();
        format!("{head}{tail}").replace(
            "let mut __threadmgr_chunk = ::threadmgr::__private::chunks(&__threadmgr_iter).next_chunk(&mut __threadmgr_iter);",
            "CHECK; let mut __threadmgr_chunk = ::threadmgr::__private::chunk(&mut __threadmgr_iter);",
        )
    }

    #[test]
    fn user_label_moves_to_the_outer_loop_and_continue_stays() {
        // `continue 'l` starts the next chunk: the chunks are not split off the iterator.
        assert_expands(
            "fn f(v: &[u8]) { 'l: for x in v { if *x == 0 { continue; } if *x == 1 { continue 'l; } if *x == 2 { break; } if *x == 3 { break 'l; } } }",
            &format!(
                "fn f(v: &[u8]) {{ CHECK; {} }}",
                chunked_unsplit(
                    "'l:",
                    "x",
                    "v",
                    "{ if *x == 0 { continue; } if *x == 1 { continue 'l; } if *x == 2 { break 'l; } if *x == 3 { break 'l; } }"
                )
            ),
        );
        // A `continue` to an enclosing loop leaves the chunked loop: splitting is fine.
        assert_expands(
            "fn f(v: &[u8]) { 'o: loop { 'l: for x in v { if *x == 0 { continue 'o; } } } }",
            &format!(
                "fn f(v: &[u8]) {{ CHECK; 'o: loop {{ CHECK; {} }} }}",
                chunked("", "x", "v", "{ if *x == 0 { continue 'o; } }").replacen(
                    "mut __threadmgr_iter =>",
                    "mut __threadmgr_iter => 'l:",
                    1
                )
            ),
        );
    }

    #[test]
    fn breaks_of_closures_in_a_chunked_body_are_not_retargeted() {
        assert_expands(
            "fn f(v: &[u8]) { for x in v { let c = || loop { break; }; } }",
            &format!(
                "fn f(v: &[u8]) {{ CHECK; {} }}",
                chunked(
                    "",
                    "x",
                    "v",
                    "{ let c = || { ENTER; loop { CHECK; break; } }; }"
                )
            ),
        );
    }

    #[test]
    fn expensive_for_gets_a_check_per_iteration() {
        assert_expands(
            "fn f(v: &[u8]) { 'l: for x in v { g(x); if *x == 0 { break; } } }",
            "fn f(v: &[u8]) { CHECK; 'l: for x in v { CHECK; g(x); if *x == 0 { break; } } }",
        );
    }

    #[test]
    fn while_while_let_and_loop_get_a_check_per_iteration() {
        assert_expands(
            "fn f(mut n: u64, mut v: Vec<u8>) -> u64 { while n > 1 { n /= 2; } while let Some(x) = v.pop() { n += x as u64; } let r = 'l: loop { break 'l n; }; r }",
            "fn f(mut n: u64, mut v: Vec<u8>) -> u64 { CHECK; while n > 1 { CHECK; n /= 2; } CHECK; while let Some(x) = v.pop() { CHECK; n += x as u64; } CHECK; let r = 'l: loop { CHECK; break 'l n; }; r }",
        );
    }

    #[test]
    fn nested_loops() {
        let inner = chunked("", "j", "0..m", "{ s += i * j; }");
        assert_expands(
            "fn f(n: u64, m: u64) -> u64 { let mut s = 0; for i in 0..n { for j in 0..m { s += i * j; } } s }",
            &format!(
                "fn f(n: u64, m: u64) -> u64 {{ let mut s = 0; CHECK; for i in 0..n {{ CHECK; {inner} }} s }}"
            ),
        );
    }

    #[test]
    fn retarget_breaks_skips_nested_loops_but_not_their_iterator() {
        use syn::visit_mut::VisitMut;
        let mut block: syn::Block = syn::parse_str(
            "{ break; while c { break; } loop { break; } for y in (if d { break } else { w }) { break; } let c = || break; async { break }; }",
        )
        .unwrap();
        let label = syn::Lifetime::new("'l", proc_macro2::Span::call_site());
        let mut retarget = crate::breaks::RetargetBreaks {
            label: &label,
            used: false,
            continued: false,
        };
        retarget.visit_block_mut(&mut block);
        assert!(retarget.used);
        assert!(!retarget.continued);
        let expected: syn::Block = syn::parse_str(
            "{ break 'l; while c { break; } loop { break; } for y in (if d { break 'l } else { w }) { break; } let c = || break; async { break }; }",
        )
        .unwrap();
        assert_eq!(
            normalize(&format!("fn f() {}", quote::quote!(#block))),
            normalize(&format!("fn f() {}", quote::quote!(#expected))),
        );
    }
}

mod closures {
    use super::assert_expands;

    #[test]
    fn trivial_closures_are_unchanged() {
        assert_expands(
            "fn f(v: &[u8]) -> u8 { let c = |x: &u8| *x * 2; c(&v[0]) }",
            "fn f(v: &[u8]) -> u8 { let c = |x: &u8| *x * 2; CHECK; c(&v[0]) }",
        );
    }

    #[test]
    fn closures_that_call_enter_the_handle() {
        assert_expands(
            "fn f() -> impl Fn(u8) -> u8 { move |x| g(x) + h(x) }",
            "fn f() -> impl Fn(u8) -> u8 { move |x| { ENTER; g(x) + h(x) } }",
        );
        assert_expands(
            "fn f() { let c = |x: u8| -> u8 { let y = g(x); h(y) }; }",
            "fn f() { let c = |x: u8| -> u8 { ENTER; let y = g(x); CHECK; h(y) }; }",
        );
        assert_expands(
            "fn f() { let c = || println!(); }",
            "fn f() { let c = || { ENTER; println!() }; }",
        );
    }

    #[test]
    fn closures_that_only_loop_enter_the_handle() {
        assert_expands(
            "fn f() { let c = |n: u64| { let mut i = 0; while i < n { i += 1; } i }; }",
            "fn f() { let c = |n: u64| { ENTER; let mut i = 0; while i < n { CHECK; i += 1; } i }; }",
        );
    }

    #[test]
    fn nested_closures_are_instrumented_on_their_own() {
        assert_expands(
            "fn f() { let c = || { let d = || g(); d }; }",
            "fn f() { let c = || { let d = || { ENTER; g() }; d }; }",
        );
    }

    #[test]
    fn iterator_chains() {
        assert_expands(
            "fn f(v: &[u64]) -> u64 { v.iter().map(|x| x * 2).filter(|x| is_ok(*x)).sum() }",
            "fn f(v: &[u64]) -> u64 { CHECK; v.iter().map(|x| x * 2).filter(|x| { ENTER; is_ok(*x) }).sum() }",
        );
    }

    /// `CALLER;` in expected code: the caller's handle, read by a closure coerced to a `fn`
    /// pointer.
    fn caller(expected: &str) -> String {
        expected.replace(
            "CALLER;",
            "let __threadmgr_h: &'static ::threadmgr::__private::Handle = ::threadmgr::__private::current(); CHECK;",
        )
    }

    #[test]
    fn closures_coerced_to_fn_pointers_use_the_callers_handle() {
        // A `let` or a cast with a `fn` pointer type, through tuples and arrays.
        assert_expands(
            "fn f() { let a: fn(u8) -> u8 = |x| g(x); let t: [(u8, fn(u8) -> u8); 2] = [(1, |x| g(x)), (2, |x| x)]; let c = (|x: u8| h(x)) as fn(u8) -> u8; }",
            &caller(
                "fn f() { let a: fn(u8) -> u8 = |x| { CALLER; g(x) }; let t: [(u8, fn(u8) -> u8); 2] = [(1, |x| { CALLER; g(x) }), (2, |x| x)]; let c = (|x: u8| { CALLER; h(x) }) as fn(u8) -> u8; }",
            ),
        );
        // The tail and `return`s of a fn that returns a `fn` pointer, but not of its closures.
        assert_expands(
            "fn f(c: bool) -> fn(u8) -> u8 { if c { return |x| g(x); } let k = || { return 1; }; { |x| loop { g(x); } } }",
            &caller(
                "fn f(c: bool) -> fn(u8) -> u8 { if c { return |x| { CALLER; g(x) }; } let k = || { return 1; }; { |x| { CALLER; loop { CHECK; g(x); } } } }",
            ),
        );
        // Arguments of a constructor.
        assert_expands(
            "fn f() -> Option<fn(u8) -> u8> { Some(|x| g(x)) }",
            &caller("fn f() -> Option<fn(u8) -> u8> { CHECK; Some(|x| { CALLER; g(x) }) }"),
        );
        // Branches of an `if` or a `match` that are closures.
        assert_expands(
            "fn f(c: bool) { let op = if c { |a: u8| g(a) } else { |a: u8| h(a) }; let m = match c { true => |a: u8| g(a), false => { |a: u8| a } }; }",
            &caller(
                "fn f(c: bool) { let op = if c { |a: u8| { CALLER; g(a) } } else { |a: u8| { CALLER; h(a) } }; let m = match c { true => |a: u8| { CALLER; g(a) }, false => { |a: u8| a } }; }",
            ),
        );
        // One closure branch is not a coercion: it captures the creator's handle.
        assert_expands(
            "fn f(c: bool) { let op = if c { Some(|a: u8| g(a)) } else { None }; }",
            "fn f(c: bool) { let op = if c { CHECK; Some(|a: u8| { ENTER; g(a) }) } else { None }; }",
        );
    }

    #[test]
    fn async_closures_and_blocks_are_left_alone() {
        assert_expands(
            "fn f() { let c = async || { loop { g().await } }; let b = async move { h().await }; }",
            "fn f() { let c = async || { loop { g().await } }; let b = async move { h().await }; }",
        );
    }
}

mod boundaries {
    use super::assert_expands;

    #[test]
    fn nested_items_and_macro_arguments_are_left_alone() {
        assert_expands(
            "fn f() { fn g() { loop { h() } } impl S { fn m() { loop {} } } m!(loop { h() }); }",
            "fn f() { fn g() { loop { h() } } impl S { fn m() { loop {} } } CHECK; m!(loop { h() }); }",
        );
    }
}

mod skip {
    use super::{assert_expands, errors};

    #[test]
    fn skipped_code_is_left_as_written() {
        assert_expands(
            "fn f(v: &[u8]) { #[haltable(skip)] for x in v { g(x); loop {} } let c = #[haltable(skip)] |x: u8| h(x); #[haltable(skip)] { i(); j(); } }",
            "fn f(v: &[u8]) { CHECK; for x in v { g(x); loop {} } let c = |x: u8| h(x); CHECK; { i(); j(); } }",
        );
    }

    #[test]
    fn skipped_statements_keep_the_check_before_them() {
        assert_expands(
            "fn f() { a(); #[haltable(skip)] let x = loop { b(); }; #[haltable(skip)] x = g(|| loop {}); #[threadmgr::haltable(skip)] m!(); }",
            "fn f() { CHECK; a(); CHECK; let x = loop { b(); }; CHECK; x = g(|| loop {}); CHECK; m!(); }",
        );
    }

    #[test]
    fn misplaced_attributes_inside_a_body_are_errors() {
        assert_eq!(errors("", "fn f() { #[haltable] loop {} }").len(), 1);
        let messages = errors(
            "",
            "fn f() { #[haltable(fast)] loop {} let c = #[haltable] || g(); }",
        );
        assert_eq!(messages.len(), 2);
        assert!(
            messages[0].contains("unknown argument `fast`"),
            "{messages:?}"
        );
        assert!(messages[1].contains("instrumented already"), "{messages:?}");
    }
}

mod items {
    use super::{assert_expands, errors};

    #[test]
    fn impl_blocks_instrument_every_method_but_skipped_ones() {
        assert_expands(
            "impl S { const C: u8 = 1; fn a(&self) { g() } #[haltable(skip)] fn b(&self) { loop {} } #[inline] fn c() -> u8 { h() } }",
            "impl S { const C: u8 = 1; fn a(&self) { CHECK; g() } fn b(&self) { loop {} } #[inline] fn c() -> u8 { CHECK; h() } }",
        );
        // `assert_expands` strips prologues only where they are: `b` has none.
        let expanded =
            super::expand_tokens("", "impl S { #[haltable(skip)] fn b(&self) { loop {} } }");
        assert!(!expanded.to_string().contains("__threadmgr"), "{expanded}");
    }

    #[test]
    fn traits_instrument_default_bodies() {
        assert_expands(
            "trait T { fn decl(&self); fn def(&self) { loop { g() } } #[haltable(skip)] fn sk(&self) { loop {} } }",
            "trait T { fn decl(&self); fn def(&self) { CHECK; loop { CHECK; g() } } fn sk(&self) { loop {} } }",
        );
    }

    #[test]
    fn trait_method_declarations_are_left_as_they_are() {
        for decl in [
            "fn f(&self);",
            "fn new() -> Self;",
            "fn g<T>(t: T);",
            "async fn h(&self) -> u8;",
        ] {
            let expanded = super::expand_tokens("", decl);
            assert_eq!(
                expanded.to_string(),
                decl.parse::<proc_macro2::TokenStream>()
                    .unwrap()
                    .to_string()
            );
        }
    }

    #[test]
    fn refused_items_and_signatures() {
        let cases = [
            ("", "const fn f() {}", "`const fn`"),
            ("", "async fn f() {}", "`async fn`"),
            ("", "extern \"C\" fn f() {}", "extern \"C-unwind\""),
            ("", "extern fn f() {}", "extern \"C-unwind\""),
            ("", "struct S;", "not on a struct"),
            ("", "mod m;", "declared in a file of its own"),
            (
                "",
                "mod m { const fn f() {} }",
                "`#[haltable(skip)]` to this fn",
            ),
            (
                "",
                "mod m { async fn f() {} }",
                "move it out of the `#[haltable]` module",
            ),
            (
                "",
                "mod m { #[haltable] fn f() {} }",
                "instrumented already",
            ),
            (
                "",
                "mod m { #[haltable] impl S {} }",
                "instrumented already",
            ),
            (
                "",
                "mod m { mod n { #[haltable] trait T {} } }",
                "instrumented already",
            ),
            ("", "fn abs(x: i32) -> i32;", "foreign fn"),
            ("", "safe fn abs(x: i32) -> i32;", "foreign fn"),
            ("foo", "fn f() {}", "unknown argument `foo`"),
            ("skip", "fn f() {}", "`#[haltable(skip)]` opts code out"),
            (
                "",
                "impl S { const fn f() {} }",
                "`#[haltable(skip)]` to this method",
            ),
            (
                "",
                "impl S { async fn f() {} }",
                "`#[haltable(skip)]` to this method",
            ),
            (
                "",
                "trait T { async fn f() {} }",
                "`#[haltable(skip)]` to this method",
            ),
            (
                "",
                "impl S { #[haltable] fn f() {} }",
                "instrumented already",
            ),
        ];
        for (args, item, expected) in cases {
            let messages = errors(args, item);
            assert!(messages[0].contains(expected), "{item}: {messages:?}");
        }
    }

    #[test]
    fn unwinding_abis_are_accepted() {
        for abi in ["\"C-unwind\"", "\"Rust\"", "\"system-unwind\""] {
            let expanded = super::expand_tokens("", &format!("extern {abi} fn f() {{ g() }}"));
            assert!(expanded.to_string().contains("__threadmgr_h"), "{expanded}");
        }
    }

    #[test]
    fn all_errors_of_an_impl_are_reported_together() {
        assert_eq!(
            errors("", "impl S { const fn a() {} async fn b() {} fn c() {} }").len(),
            2
        );
    }
}

mod modules {
    use super::{assert_expands, loops::chunked};

    /// Helpers of the module that run in bounded time, called by name.
    const HELPERS: &str = "
        fn mix(a: u64, b: u64) -> u64 { (a ^ b).rotate_left(27).wrapping_mul(5) }
        fn finish(h: u64) -> u64 { let h = h ^ (h >> 33); h ^ (h >> 29) }
        fn hash(a: u64, b: u64) -> u64 { let h = mix(a, b); let h = self::mix(h, b); finish(h) }
    ";

    #[test]
    fn calls_to_the_modules_bounded_fns_are_cheap() {
        assert_expands(
            &format!(
                "mod m {{ {HELPERS} fn run(v: &[u64]) -> u64 {{ let mut h = 0; for &x in v {{ h = hash(h, x); }} h }} }}"
            ),
            &format!(
                "mod m {{ {HELPERS} fn run(v: &[u64]) -> u64 {{ let mut h = 0; CHECK; {} h }} }}",
                chunked("", "&x", "v", "{ h = hash(h, x); }")
            ),
        );
    }

    #[test]
    fn other_items_are_left_as_they_are_and_instrumented_items_see_the_modules_fns() {
        assert_expands(
            "mod m {
                use std::fmt;
                const K: u64 = 3;
                struct S;
                fn mix(a: u64) -> u64 { a * K }
                impl S { fn f(&self, a: u64) -> u64 { let b = mix(a); g(b) } }
                trait T { fn t(&self) -> u64 { let b = mix(1); g(b) } }
                mod inner { fn own(a: u64) -> u64 { mix(a) } }
            }",
            "mod m {
                use std::fmt;
                const K: u64 = 3;
                struct S;
                fn mix(a: u64) -> u64 { a * K }
                impl S { fn f(&self, a: u64) -> u64 { let b = mix(a); CHECK; g(b) } }
                trait T { fn t(&self) -> u64 { let b = mix(1); CHECK; g(b) } }
                mod inner { fn own(a: u64) -> u64 { CHECK; mix(a) } }
            }",
        );
    }

    #[test]
    fn recursion_is_not_bounded() {
        assert_expands(
            "mod m {
                fn down(n: u64) -> u64 { if n == 0 { 0 } else { down(n - 1) } }
                fn ping(n: u64) -> u64 { if n == 0 { 0 } else { pong(n - 1) } }
                fn pong(n: u64) -> u64 { ping(n) }
                fn user() -> u64 { let a = down(3); pong(a) }
            }",
            "mod m {
                fn down(n: u64) -> u64 { if n == 0 { 0 } else { CHECK; down(n - 1) } }
                fn ping(n: u64) -> u64 { if n == 0 { 0 } else { CHECK; pong(n - 1) } }
                fn pong(n: u64) -> u64 { CHECK; ping(n) }
                fn user() -> u64 { CHECK; let a = down(3); CHECK; pong(a) }
            }",
        );
    }

    #[test]
    fn a_fn_that_calls_an_unknown_fn_or_loops_is_not_bounded() {
        assert_expands(
            "mod m {
                fn calls(a: u64) -> u64 { g(a) }
                fn loops(a: u64) -> u64 { let mut n = a; while n > 1 { n /= 2; } n }
                fn macros(a: u64) -> u64 { println!(); a }
                fn user(a: u64) -> u64 { let a = calls(a); let a = loops(a); macros(a) }
            }",
            "mod m {
                fn calls(a: u64) -> u64 { CHECK; g(a) }
                fn loops(a: u64) -> u64 { let mut n = a; CHECK; while n > 1 { CHECK; n /= 2; } n }
                fn macros(a: u64) -> u64 { CHECK; println!(); a }
                fn user(a: u64) -> u64 { CHECK; let a = calls(a); CHECK; let a = loops(a); CHECK; macros(a) }
            }",
        );
    }

    #[test]
    fn a_name_that_may_mean_something_else_is_not_the_modules_fn() {
        let module = |params: &str, body: &str| {
            format!(
                "mod m {{ fn mix(a: u64, b: u64) -> u64 {{ a ^ b }} fn f(a: u64{params}) -> u64 {{ {body} }} }}"
            )
        };
        // The control: the module's `mix`, by name, needs no check.
        assert_expands(&module("", "mix(a, a)"), &module("", "mix(a, a)"));
        assert_expands(
            &module("", "self::mix(a, a)"),
            &module("", "self::mix(a, a)"),
        );
        let cases = [
            (
                ", mix: fn(u64, u64) -> u64",
                "mix(a, a)",
                "CHECK; mix(a, a)",
            ),
            (
                "",
                "let mix = |x: u64, _: u64| x; mix(a, a)",
                "let mix = |x: u64, _: u64| x; CHECK; mix(a, a)",
            ),
            (
                "",
                "fn mix(x: u64, _: u64) -> u64 { x } mix(a, a)",
                "fn mix(x: u64, _: u64) -> u64 { x } CHECK; mix(a, a)",
            ),
            (
                "",
                "use other::mix; mix(a, a)",
                "use other::mix; CHECK; mix(a, a)",
            ),
            (
                "",
                "use other::{thing as mix}; mix(a, a)",
                "use other::{thing as mix}; CHECK; mix(a, a)",
            ),
            (
                "",
                "use other::*; mix(a, a)",
                "use other::*; CHECK; mix(a, a)",
            ),
            (
                "",
                "shadow!(mix); mix(a, a)",
                "CHECK; shadow!(mix); CHECK; mix(a, a)",
            ),
            (
                "",
                "match Some(a) { Some(mix) => mix(a, a), None => 0 }",
                "CHECK; match Some(a) { Some(mix) => mix(a, a), None => 0 }",
            ),
            ("", "other::mix(a, a)", "CHECK; other::mix(a, a)"),
            ("", "crate::m::mix(a, a)", "CHECK; crate::m::mix(a, a)"),
            ("", "<S>::mix(a, a)", "CHECK; <S>::mix(a, a)"),
            ("", "::mix(a, a)", "CHECK; ::mix(a, a)"),
        ];
        for (params, body, expected) in cases {
            assert_expands(&module(params, body), &module(params, expected));
        }
    }

    #[test]
    fn a_name_defined_twice_is_bounded_only_if_both_are() {
        assert_expands(
            "mod m {
                #[cfg(a)] fn pick() -> u64 { 1 }
                #[cfg(not(a))] fn pick() -> u64 { loop {} }
                fn user() -> u64 { pick() }
            }",
            "mod m {
                #[cfg(a)] fn pick() -> u64 { 1 }
                #[cfg(not(a))] fn pick() -> u64 { CHECK; loop { CHECK; } }
                fn user() -> u64 { CHECK; pick() }
            }",
        );
    }

    #[test]
    fn skipped_items_are_left_as_written_and_still_bounded_if_they_are() {
        assert_expands(
            "mod m {
                #[haltable(skip)] fn cheap(a: u64) -> u64 { a + 1 }
                #[haltable(skip)] fn spins() { loop {} }
                #[haltable(skip)] impl S { fn f(&self) { loop {} } }
                fn user(a: u64) -> u64 { let b = cheap(a); spins(); b }
            }",
            "mod m {
                fn cheap(a: u64) -> u64 { a + 1 }
                fn spins() { loop {} }
                impl S { fn f(&self) { loop {} } }
                fn user(a: u64) -> u64 { let b = cheap(a); CHECK; spins(); b }
            }",
        );
    }
}

mod impls {
    use super::assert_expands;

    #[test]
    fn calls_to_the_inherent_impls_bounded_fns_are_cheap() {
        assert_expands(
            "impl S {
                fn scale(a: u64) -> u64 { a * 3 }
                fn get(&self) -> u64 { self.x }
                fn both(&self) -> u64 { Self::scale(self.get()) }
                fn f(&self) -> u64 { let a = self.both(); let b = Self::scale(a); g(b) }
            }",
            "impl S {
                fn scale(a: u64) -> u64 { a * 3 }
                fn get(&self) -> u64 { self.x }
                fn both(&self) -> u64 { Self::scale(self.get()) }
                fn f(&self) -> u64 { let a = self.both(); let b = Self::scale(a); CHECK; g(b) }
            }",
        );
    }

    #[test]
    fn a_method_call_counts_only_with_the_callers_receiver() {
        assert_expands(
            "impl S {
                fn get(&self) -> u64 { self.x }
                fn take(self) -> u64 { self.x }
                fn set(&mut self) -> u64 { let v = self.get(); v }
                fn owned(self) -> u64 { let v = self.take(); v }
                fn boxed(self: Box<Self>) -> u64 { let v = self.get(); v }
                fn other(&self, o: &S) -> u64 { let v = o.get(); v }
                fn ufcs(&mut self) -> u64 { let v = Self::get(self); v }
            }",
            "impl S {
                fn get(&self) -> u64 { self.x }
                fn take(self) -> u64 { self.x }
                fn set(&mut self) -> u64 { CHECK; let v = self.get(); v }
                fn owned(self) -> u64 { let v = self.take(); v }
                fn boxed(self: Box<Self>) -> u64 { CHECK; let v = self.get(); v }
                fn other(&self, o: &S) -> u64 { CHECK; let v = o.get(); v }
                fn ufcs(&mut self) -> u64 { let v = Self::get(self); v }
            }",
        );
    }

    #[test]
    fn recursion_and_trait_impls_are_not_bounded() {
        assert_expands(
            "impl S {
                fn down(&self, n: u64) -> u64 { if n == 0 { 0 } else { self.down(n - 1) } }
                fn user(&self) -> u64 { let a = self.down(3); a }
            }",
            "impl S {
                fn down(&self, n: u64) -> u64 { if n == 0 { 0 } else { CHECK; self.down(n - 1) } }
                fn user(&self) -> u64 { CHECK; let a = self.down(3); a }
            }",
        );
        // In a trait impl, `Self::one` may be an inherent fn of another impl block.
        assert_expands(
            "impl T for S { fn one(&self) -> u64 { 1 } fn two(&self) -> u64 { let a = Self::one(self); a + self.one() } }",
            "impl T for S { fn one(&self) -> u64 { 1 } fn two(&self) -> u64 { CHECK; let a = Self::one(self); CHECK; a + self.one() } }",
        );
    }

    #[test]
    fn an_impl_in_a_module_knows_both() {
        assert_expands(
            "mod m {
                fn mix(a: u64) -> u64 { a ^ 5 }
                impl S { fn get(&self) -> u64 { mix(self.x) } fn f(&self) -> u64 { let a = self.get(); g(a) } }
            }",
            "mod m {
                fn mix(a: u64) -> u64 { a ^ 5 }
                impl S { fn get(&self) -> u64 { mix(self.x) } fn f(&self) -> u64 { let a = self.get(); CHECK; g(a) } }
            }",
        );
    }
}
