//! Loop checks and chunked `for` loops (`crate::loops`).

use super::{assert_expands, normalize};

/// The chunked form of an innermost `for PAT in EXPR BODY` (no loop in its body), unlabeled,
/// with the first chunk length `initial`: the loop as written when its iterator fits in one
/// chunk, chunked otherwise.
pub(super) fn chunked(pat: &str, expr: &str, body: &str, initial: usize) -> String {
    let whole = format!("for {pat} in __threadmgr_iter {body}");
    innermost("", pat, expr, body, initial, &whole)
}

/// [`chunked`] with `label` (`'l:` or empty) on the chunked loop and `whole`, the loop as
/// written over `__threadmgr_iter`.
pub(super) fn innermost(
    label: &str,
    pat: &str,
    expr: &str,
    body: &str,
    initial: usize,
    whole: &str,
) -> String {
    chunked_with(label, pat, expr, body, initial, Some(whole))
}

/// The chunked form of a `for` whose body has a loop or makes a type of its own (a closure,
/// an item): chunked only, its body written once.
fn outer(label: &str, pat: &str, expr: &str, body: &str, initial: usize) -> String {
    chunked_with(label, pat, expr, body, initial, None)
}

fn chunked_with(
    label: &str,
    pat: &str,
    expr: &str,
    body: &str,
    initial: usize,
    whole: Option<&str>,
) -> String {
    let start = if whole.is_some() {
        "__THREADMGR_SITE.pace_timed()".to_string()
    } else {
        format!(
            "if ::threadmgr::__private::fits(&__threadmgr_iter, &__THREADMGR_SITE, {initial}usize) {{ __THREADMGR_SITE.pace() }} else {{ __THREADMGR_SITE.pace_timed() }}"
        )
    };
    let chunked = format!(
        "let mut __threadmgr_pace = {start};
        {label} loop {{
            let mut __threadmgr_chunk = ::threadmgr::__private::chunks(&__threadmgr_iter).next_chunk(&mut __threadmgr_iter, __threadmgr_pace.chunk_len().max({initial}usize));
            for {pat} in ::threadmgr::__private::Piece::items(&mut __threadmgr_chunk) {body}
            if ::threadmgr::__private::Piece::exhausted(&__threadmgr_chunk) {{
                break;
            }}
            CHECK;
            __threadmgr_pace.next();
        }}"
    );
    let run = match whole {
        Some(whole) => format!(
            "if ::threadmgr::__private::fits(&__threadmgr_iter, &__THREADMGR_SITE, {initial}usize) {{ {whole} }} else {{ {chunked} }}"
        ),
        None => chunked,
    };
    format!(
        "{{
            match ::core::iter::IntoIterator::into_iter({expr}) {{
                mut __threadmgr_iter => {{
                    static __THREADMGR_SITE: ::threadmgr::__private::Site = ::threadmgr::__private::Site::new({initial}usize);
                    {run}
                }}
            }};
        }}"
    )
}

/// [`chunked`], taking its chunks through the fallback that never splits, and checking at the
/// start of each chunk (where `continue 'label` goes) instead of between chunks.
fn chunked_unsplit(
    label: &str,
    pat: &str,
    expr: &str,
    body: &str,
    initial: usize,
    whole: Option<&str>,
) -> String {
    let split = chunked_with(label, pat, expr, body, initial, whole);
    let (head, tail) = split.rsplit_once("CHECK;").unwrap();
    format!("{head}{tail}").replace(
        &format!("let mut __threadmgr_chunk = ::threadmgr::__private::chunks(&__threadmgr_iter).next_chunk(&mut __threadmgr_iter, __threadmgr_pace.chunk_len().max({initial}usize));"),
        &format!("CHECK; let mut __threadmgr_chunk = ::threadmgr::__private::chunk(&mut __threadmgr_iter, __threadmgr_pace.chunk_len().max({initial}usize));"),
    )
}

#[test]
fn a_cheap_for_starts_with_long_chunks() {
    assert_expands(
        "fn f(v: &[u64]) -> u64 { let mut s = 0; for x in v { s += x; } s }",
        &format!(
            "fn f(v: &[u64]) -> u64 {{ let mut s = 0; CHECK; {} s }}",
            chunked("x", "v", "{ s += x; }", 4096)
        ),
    );
    assert_expands(
        "fn f(v: &[u8]) -> u64 { let mut n = 0; for &b in v { n += matches!(b, b'a' | b'e') as u64; } n }",
        &format!(
            "fn f(v: &[u8]) -> u64 {{ let mut n = 0; CHECK; {} n }}",
            chunked("&b", "v", "{ n += matches!(b, b'a' | b'e') as u64; }", 4096)
        ),
    );
}

#[test]
fn a_for_that_calls_is_chunked_too_with_shorter_chunks() {
    assert_expands(
        "fn f(n: u64) -> u64 { let mut acc: u64 = 0; for i in 0..n { acc = acc.step(i); } acc }",
        &format!(
            "fn f(n: u64) -> u64 {{ let mut acc: u64 = 0; CHECK; {} acc }}",
            chunked("i", "0..n", "{ acc = acc.step(i); }", 16)
        ),
    );
    // Core's methods on a local of a known primitive type are not calls (see `crate::prims`).
    assert_expands(
        "fn f(n: u64) -> u64 { let mut acc: u64 = 0; for i in 0..n { acc = acc.wrapping_mul(7).wrapping_add(i); } acc }",
        &format!(
            "fn f(n: u64) -> u64 {{ let mut acc: u64 = 0; CHECK; {} acc }}",
            chunked(
                "i",
                "0..n",
                "{ acc = acc.wrapping_mul(7).wrapping_add(i); }",
                4096
            )
        ),
    );
}

/// The countdown form of an innermost `for` whose body makes no type of its own (see
/// `emit::countdown`): as written when its iterator says it has few items left, with a
/// countdown otherwise. `for_loop_with_tick` is the counted loop, `'l: for PAT in EXPR { TICK
/// BODY }` (label optional).
fn countdown(for_loop_with_tick: &str) -> String {
    use quote::ToTokens;
    let mut counted: syn::ExprForLoop = syn::parse_str(for_loop_with_tick).unwrap();
    let expr = std::mem::replace(&mut *counted.expr, syn::parse_quote!(__threadmgr_iter));
    let expr = expr.to_token_stream();
    let mut whole = counted.clone();
    assert_eq!(
        whole.body.stmts.remove(0).to_token_stream().to_string(),
        syn::parse_str::<syn::Stmt>(TICK)
            .unwrap()
            .to_token_stream()
            .to_string()
    );
    let (counted, whole) = (counted.to_token_stream(), whole.to_token_stream());
    format!(
        "{{ match ::core::iter::IntoIterator::into_iter({expr}) {{ mut __threadmgr_iter => {{ \
         if ::threadmgr::__private::few(&__threadmgr_iter) {{ {whole} }} else {{ \
         let mut __threadmgr_left = ::threadmgr::__private::ITERATIONS_PER_CHECK ; {counted} }} }} }}; }}"
    )
}

const TICK: &str = "::threadmgr::__private::tick(&mut __threadmgr_left);";

/// The countdown form of an innermost `for` whose body makes a type of its own: the loop
/// written once, with a countdown.
fn countdown_once(for_loop_with_tick: &str) -> String {
    format!(
        "{{ let mut __threadmgr_left = ::threadmgr::__private::ITERATIONS_PER_CHECK ; {for_loop_with_tick} }}"
    )
}

#[test]
fn a_for_whose_body_makes_a_type_of_its_own_is_written_once() {
    // A closure kept past the iteration, a `static`, a `thread_local!`, an `impl`: a copy as
    // written beside the chunked or counted one would make each twice.
    // (A body that calls gets the short first chunk; the others make no call.)
    for (body, initial) in [
        ("{ f = Some(move |z: u32| z + x); }", 4096),
        (
            "{ static N: AtomicUsize = AtomicUsize::new(0); N.fetch_add(1, Relaxed); }",
            16,
        ),
        (
            "{ thread_local! { static T: Cell<u32> = Cell::new(0); } n += x; }",
            16,
        ),
        (
            "{ impl Named for Unit { fn name(&self) -> &'static str { \"u\" } } n += x; }",
            4096,
        ),
    ] {
        assert_expands(
            &format!("fn f(v: &[u32]) {{ for &x in v {body} }}"),
            &format!(
                "fn f(v: &[u32]) {{ CHECK; {} }}",
                outer("", "&x", "v", body, initial)
            ),
        );
    }
    // The countdown form too.
    assert_expands(
        "fn f(v: &[u32]) { for &x in v { f = Some(move |z: u32| z + x); g(x)?; } }",
        &format!(
            "fn f(v: &[u32]) {{ CHECK; {} }}",
            countdown_once(&format!(
                "for &x in v {{ {TICK} f = Some(move |z: u32| z + x); g(x)?; }}"
            ))
        ),
    );
    // std's formatting and a `use` make none.
    assert_expands(
        "fn f(v: &[u32]) { for &x in v { use std::fmt::Write; write!(s, \"{x}\").unwrap(); } }",
        &format!(
            "fn f(v: &[u32]) {{ CHECK; {} }}",
            chunked(
                "&x",
                "v",
                "{ use std::fmt::Write; write!(s, \"{x}\").unwrap(); }",
                16
            )
        ),
    );
}

/// The countdown form of a `while let`, with learned laps (see `emit::countdown`).
fn laps(while_let_with_tick: &str) -> String {
    format!(
        "{{ static __THREADMGR_SITE : ::threadmgr::__private::Site = \
         ::threadmgr::__private::Site::laps_site() ; \
         let mut __threadmgr_laps = __THREADMGR_SITE.laps() ; \
         let mut __threadmgr_left = __threadmgr_laps.countdown() ; {while_let_with_tick} }}"
    )
}

const TICK_LAP: &str =
    "::threadmgr::__private::tick_lap(&mut __threadmgr_left, &mut __threadmgr_laps);";

#[test]
fn an_innermost_for_that_calls_and_may_exit_early_counts_down() {
    // A `break`, a `return`, a `?`, a `continue` to another loop: as written, with a countdown.
    for (exit, outer) in [
        ("break;", ""),
        ("return;", ""),
        ("h()?;", ""),
        ("continue 'o;", "'o: "),
        ("break 'o;", "'o: "),
    ] {
        let inner = format!("'l: for x in v {{ g(x); if *x == 0 {{ {exit} }} }}");
        let source = if outer.is_empty() {
            format!("fn f(v: &[u8]) {{ {inner} }}")
        } else {
            format!("fn f(v: &[u8]) {{ {outer} loop {{ {inner} }} }}")
        };
        let ticked = countdown(&format!(
            "'l: for x in v {{ {TICK} g(x); if *x == 0 {{ {exit} }} }}"
        ));
        let expected = if outer.is_empty() {
            format!("fn f(v: &[u8]) {{ CHECK; {ticked} }}")
        } else {
            format!("fn f(v: &[u8]) {{ {outer} loop {{ CHECK; {ticked} }} }}")
        };
        assert_expands(&source, &expected);
    }
    // The loop's attributes go on the whole.
    assert_expands(
        "fn f(v: &[u8]) { #[cfg(feature = \"x\")] for x in v { g(x)?; } }",
        &format!(
            "fn f(v: &[u8]) {{ #[cfg(feature = \"x\")] CHECK; #[cfg(feature = \"x\")] {} }}",
            countdown(&format!("for x in v {{ {TICK} g(x)?; }}"))
        ),
    );
    // Exits of closures and `continue`s of the loop itself are not the loop's early exits.
    assert_expands(
        "fn f(v: &[u8]) { 'l: for x in v { if *x == 0 { continue 'l; } let c = || { return 1; }; g(c); } }",
        &format!(
            "fn f(v: &[u8]) {{ CHECK; {} }}",
            chunked_unsplit(
                "'l:",
                "x",
                "v",
                "{ if *x == 0 { continue 'l; } let c = || { return 1; }; g(c); }",
                16,
                None
            )
        ),
    );
}

#[test]
fn chunked_for_keeps_attributes_and_patterns() {
    assert_expands(
        "fn f(v: &[(u8, u8)]) { #[allow(unused_variables)] for &(a, _) in v { } }",
        &format!(
            "fn f(v: &[(u8, u8)]) {{ CHECK; #[allow(unused_variables)] {} }}",
            chunked("&(a, _)", "v", "{ }", 4096)
        ),
    );
}

#[test]
fn unlabeled_break_gets_a_generated_label() {
    assert_expands(
        "fn f(v: &[u8]) { for x in v { if *x == 0 { break; } } for x in v { if *x == 1 { break; } } }",
        &format!(
            "fn f(v: &[u8]) {{ CHECK; {} {} }}",
            innermost(
                "'__threadmgr_for_1:",
                "x",
                "v",
                "{ if *x == 0 { break '__threadmgr_for_1; } }",
                4096,
                "for x in __threadmgr_iter { if *x == 0 { break; } }"
            ),
            innermost(
                "'__threadmgr_for_2:",
                "x",
                "v",
                "{ if *x == 1 { break '__threadmgr_for_2; } }",
                4096,
                "for x in __threadmgr_iter { if *x == 1 { break; } }"
            ),
        ),
    );
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
                "{ if *x == 0 { continue; } if *x == 1 { continue 'l; } if *x == 2 { break 'l; } if *x == 3 { break 'l; } }",
                4096,
                Some(
                    "'l: for x in __threadmgr_iter { if *x == 0 { continue; } if *x == 1 { continue 'l; } if *x == 2 { break; } if *x == 3 { break 'l; } }"
                )
            )
        ),
    );
    // A `continue` to an enclosing loop leaves the chunked loop: splitting is fine.
    assert_expands(
        "fn f(v: &[u8]) { 'o: loop { 'l: for x in v { if *x == 0 { continue 'o; } } } }",
        &format!(
            "fn f(v: &[u8]) {{ 'o: loop {{ CHECK; {} }} }}",
            innermost(
                "'l:",
                "x",
                "v",
                "{ if *x == 0 { continue 'o; } }",
                4096,
                "'l: for x in __threadmgr_iter { if *x == 0 { continue 'o; } }"
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
            outer(
                "",
                "x",
                "v",
                "{ let c = || '__threadmgr_for_1: loop { CHECK; for _ in 0u8..2 { break '__threadmgr_for_1; } }; }",
                4096
            )
        ),
    );
}

#[test]
fn while_while_let_and_loop_get_a_check_per_iteration_two_passes_or_a_countdown() {
    // Small bodies without loops or macros: a check, then two passes of the body.
    // `while let` (its scrutinee's temporaries live through the body): a countdown, after the
    // statement check before it.
    assert_expands(
        "fn f(mut n: u64, mut v: Vec<u8>) -> u64 { while n > 1 { n /= 2; } while let Some(x) = v.pop() { n += x as u64; } let r = 'l: loop { break 'l n; }; r }",
        &format!(
            "fn f(mut n: u64, mut v: Vec<u8>) -> u64 {{ {} CHECK; {} let r = {}; r }}",
            super::twice_while("'__threadmgr_for_1", "n > 1", "n /= 2;"),
            laps(&format!(
                "while let Some(x) = v.pop() {{ {TICK_LAP} n += x as u64; }}"
            )),
            super::twice("'l:", "break 'l n;")
        ),
    );
    // A `while let` whose condition is cheap checks before it too: its first iteration does
    // not check (a `while` with a cheap condition and a check per pass needs none before it).
    assert_expands(
        "fn f(mut node: Option<&Node>) -> u32 { let mut n = 0; while let Some(x) = node { n += 1; node = x.next.as_deref(); } n }",
        &format!(
            "fn f(mut node: Option<&Node>) -> u32 {{ let mut n = 0; CHECK; {} n }}",
            laps(&format!(
                "while let Some(x) = node {{ {TICK_LAP} n += 1; node = x.next.as_deref(); }}"
            ))
        ),
    );
    // A macro (a `break` in its tokens could not be retargeted), a nested loop, a `let` in
    // the condition or a large body: a check per iteration. An item is fine: there is one copy.
    let large = "n += 1; ".repeat(40);
    for (source, expected) in [
        ("loop { m!(); }", "loop { CHECK; m!(); }".to_string()),
        (
            "loop { static S: u8 = 0; n += S as u64; }",
            super::twice("", "static S: u8 = 0; n += S as u64;"),
        ),
        (
            "while n < 9 { loop { break; } n += 1; }",
            format!(
                "while n < 9 {{ CHECK; {} n += 1; }}",
                super::twice("'__threadmgr_for_1:", "break '__threadmgr_for_1;")
            ),
        ),
        (
            "while n < 9 && let Some(x) = g() { n += x; }",
            format!(
                "CHECK; {}",
                laps(&format!(
                    "while n < 9 && let Some(x) = g() {{ {TICK_LAP} n += x; }}"
                ))
            ),
        ),
        // An `if let` in the body is fine: only the condition's `let` keeps a body single.
        (
            "while n < 9 { if let Some(x) = h(n) { n += x; } }",
            super::twice_while(
                "'__threadmgr_for_1",
                "n < 9",
                "if let Some(x) = h(n) { n += x; }",
            ),
        ),
        (
            &format!("loop {{ {large} }}"),
            format!("loop {{ CHECK; {large} }}"),
        ),
    ] {
        assert_expands(
            &format!("fn f(mut n: u64) {{ {source} }}"),
            &format!("fn f(mut n: u64) {{ {expected} }}"),
        );
    }
}

#[test]
fn nested_loops() {
    let inner = chunked("j", "0..m", "{ s += i * j; }", 4096);
    let outer = outer("", "i", "0..n", &format!("{{ {inner} }}"), 16);
    assert_expands(
        "fn f(n: u64, m: u64) -> u64 { let mut s = 0; for i in 0..n { for j in 0..m { s += i * j; } } s }",
        &format!("fn f(n: u64, m: u64) -> u64 {{ let mut s = 0; CHECK; {outer} s }}"),
    );
}

#[test]
fn a_for_over_fewer_written_items_than_its_first_chunk_stays_as_written() {
    // An array expression, or a range between literals, no longer than the first chunk: one
    // chunk, no check, so nothing to chunk. The loops inside are instrumented as anywhere.
    let inner = chunked("x", "0..w", "{ s += g(x, dy); }", 16);
    assert_expands(
        "fn f(w: u64) -> u64 { let mut s = 0; for dy in [w - 1, 0, 1] { for x in 0..w { s += g(x, dy); } } s }",
        &format!(
            "fn f(w: u64) -> u64 {{ let mut s = 0; CHECK; for dy in [w - 1, 0, 1] {{ {inner} }} s }}"
        ),
    );
    for iterable in [
        "0..2",
        "-1..=1",
        "0..16",
        "1..=16",
        "&[1, 2, 3]",
        "[0u8; 16]",
        "(0..3)",
        "5..0",
    ] {
        let source = format!("fn f() {{ for i in {iterable} {{ g(i); }} }}");
        assert_expands(
            &source,
            &format!("fn f() {{ CHECK; for i in {iterable} {{ g(i); }} }}"),
        );
    }
    // One item more than the first chunk (16 for a body that calls, 4,096 for one that does not),
    // or a bound that is not a literal: chunked.
    for (iterable, body, initial) in [
        ("0..17", "{ g(i); }", 16),
        ("0..=16", "{ g(i); }", 16),
        ("[0u8; 17]", "{ g(i); }", 16),
        ("0..n", "{ g(i); }", 16),
        ("0..4097", "{ s += i; }", 4096),
    ] {
        let source =
            format!("fn f(n: u64) -> u64 {{ let mut s = 0; for i in {iterable} {body} s }}");
        let expected = chunked(
            "i",
            iterable.trim_start_matches('(').trim_end_matches(')'),
            body,
            initial,
        );
        assert_expands(
            &source,
            &format!("fn f(n: u64) -> u64 {{ let mut s = 0; CHECK; {expected} s }}"),
        );
    }
    // A cheap body's first chunk is 4,096 items long.
    assert_expands(
        "fn f() -> u64 { let mut s = 0; for i in 0..4096 { s += i; } s }",
        "fn f() -> u64 { let mut s = 0; CHECK; for i in 0..4096 { s += i; } s }",
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

#[test]
fn continue_to_the_loop_from_a_nested_loop_takes_unsplit_chunks() {
    // `continue 'row` leaves the inner loop and must start the next row, not drop the rest of
    // a split chunk of rows.
    let file = super::instrumented(
        "fn f(rows: u64, cols: u64) { 'row: for r in 0..rows { for c in 0..cols { if c > r { continue 'row; } g(c); } } }",
    );
    let text: String = super::pretty(&file).split_whitespace().collect();
    assert!(
        text.contains("'row:loop{::threadmgr::__private::check();letmut__threadmgr_chunk=::threadmgr::__private::chunk(&mut__threadmgr_iter"),
        "{text}"
    );
}

#[test]
fn a_loop_over_a_local_typed_after_it_takes_unsplit_chunks() {
    // Each `for` here iterates a local whose type the compiler learns after the loop: a split
    // chunk's method call on the iterator's wrapper would not compile (E0034). A local typed
    // where it is bound (a value of a known type, a `let` with a type, a turbofish) and one
    // named like a late one in another fn keep their split chunks.
    let file = super::instrumented(
        "fn f(it: I, s: &str) -> S {
            let a = it.into_iter().collect();
            for x in &a { g(x); }
            let b = Default::default();
            for x in &mut b { g(x); }
            let c = s.parse().unwrap();
            for x in c { g(x); }
            let d;
            for x in &d { g(x); }
            let e = if s.is_empty() { Vec::new() } else { s.chars().collect() };
            for x in (&e) { g(x); }
            let h = |v| { for x in &v { g(x); } };
            let known = s.as_bytes().to_vec();
            for x in &known { g(x); }
            let typed: Vec<u8> = it.collect();
            for x in &typed { g(x); }
            let fished = it.collect::<Vec<u8>>();
            for x in &fished { g(x); }
            S { a, b, c, d, e, h }
        }",
    );
    let text: String = super::pretty(&file).split_whitespace().collect();
    assert_eq!(
        text.matches("::threadmgr::__private::chunk(&mut__threadmgr_iter")
            .count(),
        6,
        "{text}"
    );
    assert_eq!(
        text.matches("::threadmgr::__private::chunks(&__threadmgr_iter,).next_chunk")
            .count(),
        3,
        "{text}"
    );
}

#[test]
fn late_typed_locals_are_the_ones_their_callers_type() {
    let block: syn::Block = syn::parse_str(
        "{
            let a = it.collect();
            let (b, mut c) = it.unzip();
            let d = s.parse::<u8>().unwrap();
            let e = x.into();
            let f: Vec<u8> = it.collect();
            let g = <_>::default();
            let h = core::convert::From::from(x);
            let i = Vec::from(x);
            let j = it.sum::<u64>();
            let k = { let t = 1; it.product() };
            let l;
            let m = |p, q: u8| p;
            let n = match x { 0 => it.collect(), _ => Vec::new() };
            let o = x.to_vec();
            fn nested() { let z = it.collect(); }
        }",
    )
    .unwrap();
    let found: Vec<String> = crate::loops::late_typed_locals(&block)
        .into_iter()
        .collect();
    assert_eq!(found, ["a", "b", "c", "e", "g", "h", "k", "l", "n", "p"]);
}
