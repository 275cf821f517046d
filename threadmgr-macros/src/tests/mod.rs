//! Expansion tests: the exact code `#[haltable]` generates, compared pretty-printed, one file
//! per rewrite.
//!
//! Expected code is written with shorthands: `CHECK;` for `::threadmgr::__private::check();`,
//! `ENTER;` for the entry of a closure that carries its creator's handle
//! (`let __threadmgr_g = ::threadmgr::__private::enter(&*__threadmgr_h);`), `CALLER;` for the
//! read of the current thread's handle (`let __threadmgr_h: &'static ... = current();`), and
//! [`wrap`] for a probed iterator receiver. Fn bodies are compared without their prologue,
//! which [`prologue`] checks once.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

mod chains;
mod closures;
mod entry;
mod impls;
mod items;
mod loops;
mod modules;
mod review;
mod skip;

const CHECK: &str = "::threadmgr::__private::check();";
const ENTER: &str = "let __threadmgr_g = ::threadmgr::__private::enter(&*__threadmgr_h);";
const CALLER: &str = "let __threadmgr_h: &'static ::threadmgr::__private::HaltFlag = ::threadmgr::__private::current();";

/// The receiver `receiver` of an iterator method, probed (see `crate::chains`).
fn wrap(receiver: &str) -> String {
    format!(
        "(match ::threadmgr::__private::probe({receiver}, {{ static __THREADMGR_SITE: ::threadmgr::__private::Site = ::threadmgr::__private::Site::new(1usize); &__THREADMGR_SITE }}) {{ __threadmgr_probe => __threadmgr_probe.wrap(), }})"
    )
}

/// [`wrap`], for a chain whose code is cheap: `probe_within(.., 4096usize)` (see
/// `IterChains::floor`).
fn wrap_within(receiver: &str) -> String {
    format!(
        "(match ::threadmgr::__private::probe_within({receiver}, {{ static __THREADMGR_SITE: ::threadmgr::__private::Site = ::threadmgr::__private::Site::new(1usize); &__THREADMGR_SITE }}, 4096usize) {{ __threadmgr_probe => __threadmgr_probe.wrap(), }})"
    )
}

/// Expands `#[haltable(args)]` on `item`, as tokens.
/// The entry check of a fn whose calls are core's code if the compiler answers yes (see
/// `crate::prims::Ask`): each `(TYPE, PLACE, MASK)` asks whether `PLACE` (`.x`, or empty for
/// the parameter itself) of a parameter declared `TYPE` is of one of the primitives in `MASK`.
fn check_unless(asks: &[(&str, &str, u32)]) -> String {
    let answers: Vec<String> = asks
        .iter()
        .map(|(ty, place, mask)| answer(ty, place, *mask))
        .collect();
    format!(
        "::threadmgr::__private::check_unless({});",
        answers.join(" && ")
    )
}

/// One answer of [`check_unless`]: whether `PLACE` of a parameter declared `TYPE` is of one of
/// the primitives (or core's `Option`, `Result`) in `MASK`, and, for a field, that neither the
/// parameter (under its `&`s) nor a field on the way implements `Deref`.
fn answer(ty: &str, place: &str, mask: u32) -> String {
    let root = "__threadmgr_root";
    let asked = |function: &str, pointer: &str, method: &str| {
        format!("::threadmgr::__private::{function}(|{root}: &{ty}| {pointer}).{method}")
    };
    if place.is_empty() {
        return asked(
            "ask",
            &format!("&raw const *{root}"),
            &format!("__threadmgr_is({mask}u32)"),
        );
    }
    let mut text = asked(
        "ask",
        &format!("&raw const {root}{place}"),
        &format!("__threadmgr_is({mask}u32)"),
    );
    let refs = ty.matches('&').count();
    let stars = "*".repeat(refs + 1);
    text += &format!(
        " && !{}",
        asked(
            "ask_deref",
            &format!("&raw const {stars}{root}"),
            "__threadmgr_derefs()"
        )
    );
    let members: Vec<&str> = place.split('.').filter(|m| !m.is_empty()).collect();
    for end in 1..members.len() {
        let prefix: String = members[..end].iter().map(|m| format!(".{m}")).collect();
        text += &format!(
            " && !{}",
            asked(
                "ask_deref",
                &format!("&raw const {root}{prefix}"),
                "__threadmgr_derefs()"
            )
        );
    }
    text
}

/// All primitives: the answer an operand of an operator may be.
const ANY_PRIMITIVE: u32 = 0xFFFF;

fn expand_tokens(args: &str, item: &str) -> TokenStream {
    crate::attribute(args.parse().unwrap(), item.parse().unwrap())
}

fn pretty(file: &syn::File) -> String {
    prettyplease::unparse(file)
}

/// Parses Rust source with the shorthands, and pretty-prints it.
/// A small `loop` (with `label:` or none) as the rewrite leaves it: a check, then two passes of
/// the body (see `crate::loops`, `twice_per_check`).
fn twice(label: &str, body: &str) -> String {
    format!("{label} loop {{ CHECK; for _ in 0u8..2 {{ {body} }} }}")
}

/// A small `while COND` as the rewrite leaves it, with its label `label` (`'l`, or a generated
/// `'__threadmgr_for_N`).
fn twice_while(label: &str, cond: &str, body: &str) -> String {
    format!(
        "{label}: loop {{ for __threadmgr_pass in 0u8..2 {{ if !({cond}) {{ break {label}; }} if __threadmgr_pass == 0 {{ CHECK; }} {body} }} }}"
    )
}

fn normalize(source: &str) -> String {
    let source = source
        .replace("CHECK;", CHECK)
        .replace("ENTER;", ENTER)
        .replace("CALLER;", CALLER);
    pretty(&syn::parse_file(&source).unwrap())
}

/// Removes the prologue of every fn in `file` (nested fns included) where it is.
fn strip_prologues(file: &mut syn::File) {
    struct Strip;
    impl syn::visit_mut::VisitMut for Strip {
        fn visit_item_fn_mut(&mut self, item: &mut syn::ItemFn) {
            strip(&mut item.block);
            // Nested fns are instrumented with prologues of their own.
            syn::visit_mut::visit_item_fn_mut(self, item);
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
            let prologue = crate::emit::prologue(entry_check);
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
/// expansion is `#[cfg(any(doc, doctest))] AS_WRITTEN #[cfg(all(clippy, not(any(doc,
/// doctest))))] AS_WRITTEN #[cfg(not(any(clippy, doc, doctest)))] INSTRUMENTED`.
#[track_caller]
fn instrumented(input: &str) -> syn::File {
    let tokens = expand_tokens("", input);
    let file: syn::File = syn::parse2(tokens.clone())
        .unwrap_or_else(|e| panic!("expansion does not parse ({e}): {tokens}"));
    let [mut rustdoc, mut clippy, mut instrumented] = <[syn::Item; 3]>::try_from(file.items)
        .unwrap_or_else(|items| panic!("not three items: {}", items.len()));
    assert_eq!(
        take_first_attr(&mut rustdoc),
        "# [cfg (any (doc , doctest))]"
    );
    assert_eq!(
        take_first_attr(&mut clippy),
        "# [cfg (all (clippy , not (any (doc , doctest))))]"
    );
    assert_eq!(
        take_first_attr(&mut instrumented),
        "# [cfg (not (any (clippy , doc , doctest)))]"
    );
    let as_written = crate::expand::as_written(input.parse().unwrap());
    assert_eq!(clippy.to_token_stream().to_string(), as_written.to_string());
    assert_eq!(
        rustdoc.to_token_stream().to_string(),
        as_written.to_string()
    );
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
        "fn f(a: u64, b: u64) -> u64 { (a ^ b) * 3 + (a >> 27) }",
        "fn f(x: u64, y: u64) -> u64 { x.min(y) }",
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
            message = crate::emit::PANIC_ABORT
        );
        assert_eq!(pretty(&file), normalize(&expected), "{body}");
    }
    // A call (by any name), a loop or a macro may take unbounded time: they check.
    for body in [
        "fn f() -> u8 { let c = || 1; c() }",
        "fn f() { g(); }",
        "fn f(x: u8) -> u8 { x.count() }",
        "fn f(x: &Board, y: u64) -> u64 { x.min(y) }",
        "fn f() { loop {} }",
        "fn f() { m!(); }",
    ] {
        let tokens = instrumented(body).to_token_stream().to_string();
        assert!(tokens.contains("check ()"), "{body}: {tokens}");
        assert!(!tokens.contains("current ()"), "{body}: {tokens}");
    }
    // A closure that carries the fn's handle needs it read.
    let tokens = instrumented("fn f(k: u8) { let c = |x: u8| g(x, k); run(c) }")
        .to_token_stream()
        .to_string();
    assert!(tokens.contains("current ()"), "{tokens}");
}

#[test]
fn prologue() {
    let file = instrumented("fn f(k: u8) { let c = |x: u8| g(x, k); g(c) }");
    let expected = format!(
        r#"
        fn f(k: u8) {{
            #[cfg(panic = "abort")]
            ::core::compile_error!({message:?});
            CALLER;
            let c = |x: u8| {{ ENTER; g(x, k) }};
            CHECK;
            g(c)
        }}
    "#,
        message = crate::emit::PANIC_ABORT
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
        "#[cfg(any(doc, doctest))] #[inline] fn f() {{ loop {{}} }} \
         #[cfg(all(clippy, not(any(doc, doctest))))] #[inline] fn f() {{ loop {{}} }} \
         #[cfg(not(any(clippy, doc, doctest)))] {instrumented}"
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
        "/// Docs.\n#[inline] pub(crate) fn f<'a, T: Copy>(x: &'a T, (a, b): (u8, u8)) -> impl Copy + 'a { *x }",
        "/// Docs.\n#[inline] pub(crate) fn f<'a, T: Copy>(x: &'a T, (a, b): (u8, u8)) -> impl Copy + 'a { *x }",
    );
}

#[test]
fn unsafe_code_gets_no_check() {
    // An `unsafe fn` body is left as written, and so is an `unsafe` block: the check before
    // the block is outside it.
    assert_expands(
        "unsafe fn f(p: *mut u8, n: usize) { let mut i = 0; while i < n { p.add(i).write(0); i += 1; } }",
        "unsafe fn f(p: *mut u8, n: usize) { let mut i = 0; while i < n { p.add(i).write(0); i += 1; } }",
    );
    assert_expands(
        "fn f(v: &mut Vec<String>, n: usize) { unsafe { v.set_len(n); let mut i = 0; while i < n { g(i); i += 1; } } }",
        "fn f(v: &mut Vec<String>, n: usize) { CHECK; unsafe { v.set_len(n); let mut i = 0; while i < n { g(i); i += 1; } } }",
    );
}

#[test]
fn nested_fns_are_instrumented_on_their_own() {
    assert_expands(
        "fn f() { fn g(n: u64) { loop { h(n) } } g(1) }",
        &format!(
            "fn f() {{ fn g(n: u64) {{ {} }} CHECK; g(1) }}",
            twice("", "h(n)")
        ),
    );
    // Other nested items and macro arguments are left alone.
    assert_expands(
        "fn f() { impl S { fn m() { loop {} } } m!(loop { h() }); }",
        "fn f() { impl S { fn m() { loop {} } } CHECK; m!(loop { h() }); }",
    );
}

#[test]
fn a_nested_fn_with_its_own_attribute_is_left_to_it() {
    let file = instrumented("fn f() { #[haltable] fn g() { loop {} } g() }");
    let text = pretty(&file);
    assert!(text.contains("#[haltable]"), "{text}");
    assert_eq!(text.matches("check()").count(), 1, "{text}");
}
