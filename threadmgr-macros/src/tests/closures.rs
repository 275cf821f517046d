//! Closures (`crate::closures`): which enter their creator's handle, which stay as written.

use super::{assert_expands, wrap};

#[test]
fn closures_that_capture_nothing_are_unchanged_and_still_coerce() {
    assert_expands(
        "fn f(v: &[u8]) -> u8 { let c = |x: &u8| *x * 2; c(&v[0]) }",
        "fn f(v: &[u8]) -> u8 { let c = |x: &u8| *x * 2; CHECK; c(&v[0]) }",
    );
    // Calls and loops in a closure that captures nothing: a check on entry but no handle, so it
    // still coerces to a `fn` pointer.
    assert_expands(
        "fn f(steps: u64) -> f64 { let g = |x: f64| curve(x); integrate(g, steps) }",
        "fn f(steps: u64) -> f64 { let g = |x: f64| { CHECK; curve(x) }; CHECK; integrate(g, steps) }",
    );
    // Core's code on a parameter declared `f64` (see `crate::prims`): no check.
    assert_expands(
        "fn f(steps: u64) -> f64 { let g = |x: f64| x.sqrt().mul_add(2.0, 1.0); integrate(g, steps) }",
        "fn f(steps: u64) -> f64 { let g = |x: f64| x.sqrt().mul_add(2.0, 1.0); CHECK; integrate(g, steps) }",
    );
    // Unless the closure binds the name again.
    assert_expands(
        "fn f(steps: u64) -> f64 { let g = |x: f64, y: Big| { let x = y; x.sqrt() }; integrate(g, steps) }",
        "fn f(steps: u64) -> f64 { let g = |x: f64, y: Big| { CHECK; let x = y; x.sqrt() }; CHECK; integrate(g, steps) }",
    );
    assert_expands(
        "fn f() { let c = |n: u64| { let mut i = 0; while i < n { i += 1; } i }; run(c) }",
        &format!(
            "fn f() {{ let c = |n: u64| {{ CHECK; let mut i = 0; {} i }}; CHECK; run(c) }}",
            super::twice_while("'__threadmgr_for_1", "i < n", "i += 1;")
        ),
    );
}

#[test]
fn closures_that_capture_and_call_or_loop_enter_the_handle() {
    assert_expands(
        "fn f(k: u8) -> impl Fn(u8) -> u8 { move |x| g(x) + h(k) }",
        "fn f(k: u8) -> impl Fn(u8) -> u8 { move |x| { ENTER; g(x) + h(k) } }",
    );
    assert_expands(
        "fn f(k: u8) { let c = |x: u8| -> u8 { let y = g(x); h(y, k) }; run(c) }",
        "fn f(k: u8) { let c = |x: u8| -> u8 { ENTER; let y = g(x); h(y, k) }; CHECK; run(c) }",
    );
    assert_expands(
        "fn f(k: u8) { let c = || println!(\"{k}\"); run(c) }",
        "fn f(k: u8) { let c = || { ENTER; println!(\"{k}\") }; CHECK; run(c) }",
    );
    assert_expands(
        "fn f(&self) { let c = || self.g(); run(&c) }",
        "fn f(&self) { let c = || { ENTER; self.g() }; CHECK; run(&c) }",
    );
    // Capturing but cheap: unchanged.
    assert_expands(
        "fn f(k: u8) { let c = |x: u8| x + k; }",
        "fn f(k: u8) { let c = |x: u8| x + k; }",
    );
}

#[test]
fn a_name_the_closure_binds_itself_is_no_capture() {
    assert_expands(
        "fn f(x: f64) -> f64 { let g = |x: f64| curve(x); integrate(g, x) }",
        "fn f(x: f64) -> f64 { let g = |x: f64| { CHECK; curve(x) }; CHECK; integrate(g, x) }",
    );
    // Unit variants and constants in patterns are not locals.
    assert_expands(
        "fn f(o: Option<u8>) { match o { None => {} Some(_) => {} } let c = || g(None, MAX); run(c) }",
        "fn f(o: Option<u8>) { match o { None => {} Some(_) => {} } let c = || { CHECK; g(None, MAX) }; CHECK; run(c) }",
    );
}

#[test]
fn nested_closures() {
    // The inner closure captures `n` and calls: it enters, so the outer (which captures
    // nothing) reads the handle for it.
    assert_expands(
        "fn f() { let c = |n: u64| { let d = |i: u64| g(i, n); run(d) }; run(c) }",
        "fn f() { let c = |n: u64| { CALLER; CHECK; let d = |i: u64| { ENTER; g(i, n) }; run(d) }; CHECK; run(c) }",
    );
    // An outer closure that captures carries the fn's handle for the inner one.
    assert_expands(
        "fn f(k: u64) { let c = || { let d = |i: u64| g(i, k); run(d) }; run(c) }",
        "fn f(k: u64) { let c = || { ENTER; let d = |i: u64| { ENTER; g(i, k) }; run(d) }; CHECK; run(c) }",
    );
}

#[test]
fn local_closures_get_no_entry() {
    // Bound by a `let` and only called by the body: it runs here, inside the body, which checks
    // on entry since it calls.
    assert_expands(
        "fn f(w: usize, v: &mut Vec<usize>) { let mut visit = |n: usize| { if n < w { v.push(n); } }; visit(1); visit(2); }",
        "fn f(w: usize, v: &mut Vec<usize>) { let mut visit = |n: usize| { if n < w { v.push(n); } }; CHECK; visit(1); visit(2); }",
    );
    assert_expands(
        "fn f(k: u8) { let g: fn(u8) -> u8 = |x| h(x); while k > g(k) {} }",
        &format!(
            "fn f(k: u8) {{ let g: fn(u8) -> u8 = |x| h(x); CHECK; {} }}",
            super::twice_while("'__threadmgr_for_1", "k > g(k)", "")
        ),
    );
    // A block whose tail is the closure, with the closure's state before it, binds it as well.
    assert_expands(
        "fn f(v: &mut [f64]) { let mut smooth = { let mut last = None; move |x: f64| { let y = last.map_or(x, |p| p + x); last = Some(y); y } }; for x in v { *x = smooth(*x); } }",
        &format!(
            "fn f(v: &mut [f64]) {{ let mut smooth = {{ let mut last = None; move |x: f64| {{ let y = last.map_or(x, |p| p + x); last = Some(y); y }} }}; CHECK; {} }}",
            super::loops::chunked("x", "v", "{ *x = smooth(*x); }", 16)
        ),
    );
    // Any other use makes it free: passed on, borrowed, moved into a closure, named in a macro,
    // or returned.
    for (body, after) in [
        ("run(visit)", "CHECK; run(visit)"),
        ("run(&visit)", "CHECK; run(&visit)"),
        (
            "let b = move || visit(1); run(b)",
            "let b = move || { ENTER; visit(1) }; CHECK; run(b)",
        ),
        ("m!(visit)", "CHECK; m!(visit)"),
        ("visit", "visit"),
    ] {
        assert_expands(
            &format!("fn f(k: u8) {{ let visit = |x: u8| h(x, k); {body} }}"),
            &format!("fn f(k: u8) {{ let visit = |x: u8| {{ ENTER; h(x, k) }}; {after} }}"),
        );
    }
}

#[test]
fn a_closure_called_where_it_is_written_gets_no_entry() {
    // `(|| ..)()` runs at once, here: the body around it calls, so it checks on entry; the
    // closure's own loops check as anywhere.
    assert_expands(
        "fn f(k: u8) -> u8 { let r = (|| { h(k) })(); r }",
        "fn f(k: u8) -> u8 { CHECK; let r = (|| { h(k) })(); r }",
    );
    assert_expands(
        "fn f(k: u8) -> u8 { (move |x: u8| g(x, k))(1) }",
        "fn f(k: u8) -> u8 { CHECK; (move |x: u8| g(x, k))(1) }",
    );
    // Its arguments are instrumented as anywhere: a closure among them may run elsewhere.
    assert_expands(
        "fn f(k: u8) -> u8 { (|c: &dyn Fn() -> u8| c())(&|| g(k)) }",
        "fn f(k: u8) -> u8 { CHECK; (|c: &dyn Fn() -> u8| c())(&|| { ENTER; g(k) }) }",
    );
    // Called through a name, or not called at all, it is a closure like any other.
    assert_expands(
        "fn f(k: u8) -> u8 { let c = || g(k); run(c) }",
        "fn f(k: u8) -> u8 { let c = || { ENTER; g(k) }; CHECK; run(c) }",
    );
    // An `async` closure called at once makes a future that runs later: left alone.
    assert_expands(
        "fn f(k: u8) { spawn((async || g(k).await)()) }",
        "fn f(k: u8) { CHECK; spawn((async || g(k).await)()) }",
    );
}

#[test]
fn closures_given_to_core_option_and_result_methods_on_a_place_ask_the_compiler() {
    // `code` may be core's `Option` (or a user's type named so): the closure enters unless the
    // compiler says it is core's, whose `and_then` calls it here and now.
    let here = |ty: &str, mask: u32| super::answer(ty, "", mask);
    assert_expands(
        "fn f(t: &[u32], code: Option<u32>) -> Option<u32> { code.and_then(|c| t.get(c as usize).copied()) }",
        &format!(
            "fn f(t: &[u32], code: Option<u32>) -> Option<u32> {{ CHECK; code.and_then(|c| {{ let __threadmgr_g = ::threadmgr::__private::enter_unless({}, &*__threadmgr_h); t.get(c as usize).copied() }}) }}",
            here("Option<u32>", 0b11 << 16)
        ),
    );
    // `filter` is `Option`'s only; a field is asked about as a parameter is.
    assert_expands(
        "fn f(o: &Order, min: u32) -> Option<u32> { o.qty.filter(|q| ok(*q, min)) }",
        &format!(
            "fn f(o: &Order, min: u32) -> Option<u32> {{ CHECK; o.qty.filter(|q| {{ let __threadmgr_g = ::threadmgr::__private::enter_unless({}, &*__threadmgr_h); ok(*q, min) }}) }}",
            super::answer("&Order", ".qty", 1 << 16)
        ),
    );
    // A `let` that declares its type is asked about by that type (the question never names
    // the local); one whose type is to be inferred (`Option<_>`) is not.
    assert_expands(
        "fn f(k: u32) -> bool { let best: Option<u32> = g(); best.is_none_or(|b| h(b, k)) }",
        &format!(
            "fn f(k: u32) -> bool {{ CHECK; let best: Option<u32> = g(); best.is_none_or(|b| {{ let __threadmgr_g = ::threadmgr::__private::enter_unless({}, &*__threadmgr_h); h(b, k) }}) }}",
            here("Option<u32>", 1 << 16)
        ),
    );
    assert_expands(
        "fn f(k: u32) -> bool { let best: Option<_> = g(); best.is_none_or(|b| h(b, k)) }",
        "fn f(k: u32) -> bool { CHECK; let best: Option<_> = g(); best.is_none_or(|b| { ENTER; h(b, k) }) }",
    );
    // `map_or` calls only its last argument: a closure as its default is a value it returns,
    // and enters as any other.
    assert_expands(
        "fn f(o: Option<u32>, k: u32) -> u32 { (o.map_or(move || h(k), |_| move || g(k)))() }",
        "fn f(o: Option<u32>, k: u32) -> u32 { CHECK; (o.map_or(move || { ENTER; h(k) }, |_| move || { ENTER; g(k) }))() }",
    );
    // Not a place, or not one of their methods: entered as before.
    assert_expands(
        "fn f(k: u32) -> Option<u32> { g().and_then(|c| h(c, k)) }",
        "fn f(k: u32) -> Option<u32> { CHECK; g().and_then(|c| { ENTER; h(c, k) }) }",
    );
    assert_expands(
        "fn f(k: u32, o: Option<u32>) -> u32 { o.get_or_else(|| h(k)) }",
        "fn f(k: u32, o: Option<u32>) -> u32 { CHECK; o.get_or_else(|| { ENTER; h(k) }) }",
    );
}

#[test]
fn closures_in_iterator_chains_get_no_check() {
    assert_expands(
        "fn f(v: &[u64]) -> u64 { v.iter().map(|x| x * 2).filter(|x| is_ok(*x)).sum() }",
        &format!(
            "fn f(v: &[u64]) -> u64 {{ CHECK; {}.sum() }}",
            wrap(&format!(
                "{}.filter(|x| is_ok(*x))",
                wrap(&format!("{}.map(|x| x * 2)", wrap("v.iter()")))
            ))
        ),
    );
}

#[test]
fn async_closures_and_blocks_get_only_their_loops_checked() {
    // They run when their future is polled: their loops check there, against the token of the
    // thread that polls; no entry check, no token entered, and closures in them as written.
    assert_expands(
        "fn f(k: u8) { let c = async || { loop { g().await } }; let b = async move { h(|x| x + k).await }; }",
        &format!(
            "fn f(k: u8) {{ let c = async || {{ {} }}; let b = async move {{ h(|x| x + k).await }}; }}",
            super::twice("", "g().await")
        ),
    );
}

#[test]
fn a_comparator_on_shared_references_to_primitives_is_asked_about_the_reference() {
    let by_ref = |name: &str, mask: u32| {
        format!("::threadmgr::__private::ask_val(&{name}).__threadmgr_is_ref({mask}u32)")
    };
    // `total_cmp` takes `&self`: on `&f64` (what `sort_by` gives), f64's own is found at the
    // first step of method lookup; on `f64` a user's by-value method would come first.
    assert_expands(
        "fn f(v: &mut [f64]) { v.sort_by(|a, b| a.total_cmp(b)) }",
        &format!(
            "fn f(v: &mut [f64]) {{ CHECK; v.sort_by(|a, b| {{ ::threadmgr::__private::check_unless({}); a.total_cmp(b) }}) }}",
            by_ref("a", (1 << 12) | (1 << 13))
        ),
    );
    // `Ord::cmp`, whose receiver is `&P`: every primitive but the floats has it.
    assert_expands(
        "fn f(v: &mut [u64]) { v.sort_unstable_by(|a, b| b.cmp(a)) }",
        &format!(
            "fn f(v: &mut [u64]) {{ CHECK; v.sort_unstable_by(|a, b| {{ ::threadmgr::__private::check_unless({}); b.cmp(a) }}) }}",
            by_ref("b", 0xFFFF & !(1 << 12) & !(1 << 13))
        ),
    );
    // A parameter declared `&f64` is asked the same, through its declared type.
    assert_expands(
        "fn f(a: &f64, b: &f64) -> Ordering { a.total_cmp(b) }",
        "fn f(a: &f64, b: &f64) -> Ordering { ::threadmgr::__private::check_unless(::threadmgr::__private::ask(|__threadmgr_root: &&f64| &raw const *__threadmgr_root).__threadmgr_is_ref(12288u32)); a.total_cmp(b) }",
    );
    // `partial_cmp`'s argument may be a user's type (`PartialOrd<Mine> for f64`): checked.
    assert_expands(
        "fn f(v: &mut [f64]) { v.sort_by(|a, b| a.partial_cmp(b).unwrap()) }",
        "fn f(v: &mut [f64]) { CHECK; v.sort_by(|a, b| { CHECK; a.partial_cmp(b).unwrap() }) }",
    );
    // A field's `&self` method: the field is a `P`, asked for nothing (a user's by-value
    // method of the name would come first).
    assert_expands(
        "fn f(v: &mut [(u32, f64)]) { v.sort_by(|a, b| a.1.total_cmp(&b.1)) }",
        "fn f(v: &mut [(u32, f64)]) { CHECK; v.sort_by(|a, b| { CHECK; a.1.total_cmp(&b.1) }) }",
    );
}

#[test]
fn a_closure_parameter_first_checked_as_a_receiver_is_asked_about_by_value() {
    let val = |name: &str, mask: u32| {
        format!("::threadmgr::__private::ask_val(&{name}).__threadmgr_is({mask}u32)")
    };
    // `d` is first the receiver of `min`: its type is known at the closure's start, and the
    // check is emitted unless the compiler says it is a primitive (every one has a by-value
    // `min`).
    assert_expands(
        "fn f(t: &[u32]) -> u32 { lookup(t).map_or(0, |d| d.min(60)) }",
        &format!(
            "fn f(t: &[u32]) -> u32 {{ CHECK; lookup(t).map_or(0, |d| {{ ::threadmgr::__private::check_unless({}); d.min(60) }}) }}",
            val("d", 0xFFFF)
        ),
    );
    // A closure that captures enters its creator's handle under the same answer.
    assert_expands(
        "fn f(t: &[u32], k: u32) -> u32 { lookup(t).map_or(1, move |d| d.max(k)) }",
        &format!(
            "fn f(t: &[u32], k: u32) -> u32 {{ CHECK; lookup(t).map_or(1, move |d| {{ let __threadmgr_g = ::threadmgr::__private::enter_unless({}, &*__threadmgr_h); d.max(k) }}) }}",
            val("d", 0xFFFF)
        ),
    );
    // `checked_add` is the integers'.
    assert_expands(
        "fn f(n: u64) -> Option<u64> { n.checked_mul(3).and_then(|m| m.checked_add(1)) }",
        &format!(
            "fn f(n: u64) -> Option<u64> {{ CHECK; n.checked_mul(3).and_then(|m| {{ ::threadmgr::__private::check_unless({}); m.checked_add(1) }}) }}",
            val("m", 0xFFF)
        ),
    );
    // First mentioned otherwise (an operand, a `let`'s value, a field), or after a macro: its
    // type may be inferred later in the body, where a question at the start would not compile
    // (E0282); checked as before.
    assert_expands(
        "fn f(vm: &mut Vm) { vm.binary(|a, b| Some((a + b).min(1))) }",
        "fn f(vm: &mut Vm) { CHECK; vm.binary(|a, b| { CHECK; Some((a + b).min(1)) }) }",
    );
    // A constructor (`Some`, a tuple struct) builds a value and runs no code: `a` is still
    // first the receiver of `wrapping_add`.
    assert_expands(
        "fn f(vm: &mut Vm) { vm.binary(|a, b| Some(a.wrapping_add(b))) }",
        &format!(
            "fn f(vm: &mut Vm) {{ CHECK; vm.binary(|a, b| {{ ::threadmgr::__private::check_unless({}); Some(a.wrapping_add(b)) }}) }}",
            val("a", 0xFFF)
        ),
    );
    assert_expands(
        "fn f() -> u32 { g(|d| { let x: u32 = d; x.min(60) }) }",
        "fn f() -> u32 { CHECK; g(|d| { CHECK; let x: u32 = d; x.min(60) }) }",
    );
    assert_expands(
        "fn f() -> u32 { g(|p| p.0.min(60)) }",
        "fn f() -> u32 { CHECK; g(|p| { CHECK; p.0.min(60) }) }",
    );
    assert_expands(
        "fn f() -> u32 { g(|d| { log!(); d.min(60) }) }",
        "fn f() -> u32 { CHECK; g(|d| { CHECK; log!(); d.min(60) }) }",
    );
    // `len` is asked as for a parameter: `str`'s and slices' own, on a shared reference to one
    // (`&str`, `&[T]`).
    assert_expands(
        "fn f(v: Vec<String>) -> usize { g(v, |s| s.len()) }",
        &format!(
            "fn f(v: Vec<String>) -> usize {{ CHECK; g(v, |s| {{ ::threadmgr::__private::check_unless({}); s.len() }}) }}",
            val("s", 3 << 26)
        ),
    );
    // A `&mut self` method is not: a user's trait with a `&self` method of its name would be
    // found first.
    assert_expands(
        "fn f() -> Option<u8> { g(|mut v| v.pop()) }",
        "fn f() -> Option<u8> { CHECK; g(|mut v| { CHECK; v.pop() }) }",
    );
    // A nested closure asks about its enclosing closure's parameter when it is the receiver
    // itself: the closure captures all of it for the call anyway, and its type is known where
    // the enclosing closure made the nested one (after `d.min`'s receiver).
    assert_expands(
        "fn f() -> u32 { g(|d| d.min(h(|| d.max(1)))) }",
        &format!(
            "fn f() -> u32 {{ CHECK; g(|d| {{ CALLER; CHECK; d.min(h(|| {{ let __threadmgr_g = ::threadmgr::__private::enter_unless({}, &*__threadmgr_h); d.max(1) }})) }}) }}",
            val("d", 0xFFFF)
        ),
    );
    // Never about a field of it (the closure may capture only the field), nor about a name
    // first mentioned otherwise.
    assert_expands(
        "fn f() -> u32 { g(|d| d.0.min(h(|| d.0.max(1)))) }",
        "fn f() -> u32 { CHECK; g(|d| { CALLER; CHECK; d.0.min(h(|| { ENTER; d.0.max(1) })) }) }",
    );
}

#[test]
fn a_captured_local_first_checked_as_a_receiver_is_asked_about_by_value() {
    // `q`, bound by the `for`'s pattern, is of a type the macro does not see; the closure that
    // `partition_point` calls names it first as a receiver, so its type is known at the
    // closure's start: entered unless it is a primitive (every one has a by-value
    // `saturating_add`). `r` is first an operand: not asked. `CONST` is no local of the fn (a closure that captures
    // nothing checks instead of entering).
    let file = super::instrumented(
        "fn f(v: &[u32], qs: &[u32]) -> usize {
            let mut n = 0;
            for &q in qs {
                let r = q + 1;
                n += v.partition_point(|&x| x <= q.saturating_add(5));
                n += v.partition_point(|&x| x <= r + r.saturating_add(5));
                n += v.partition_point(|&x| x <= CONST.saturating_add(5));
            }
            n
        }",
    );
    let text: String = super::pretty(&file).split_whitespace().collect();
    let entered_unless_q = "n+=v.partition_point(|&x|{let__threadmgr_g=::threadmgr::__private::enter_unless(::threadmgr::__private::ask_val(&q).__threadmgr_is(4095u32),&*__threadmgr_h,);x<=q.saturating_add(5)});";
    let entered_r = "n+=v.partition_point(|&x|{let__threadmgr_g=::threadmgr::__private::enter(&*__threadmgr_h,);x<=r+r.saturating_add(5)});";
    let checked_const =
        "n+=v.partition_point(|&x|{::threadmgr::__private::check();x<=CONST.saturating_add(5)});";
    // Once each: the loop's body makes closures, so it is written once (see
    // `loops::makes_own_types`).
    for expected in [entered_unless_q, entered_r, checked_const] {
        assert_eq!(text.matches(expected).count(), 1, "{expected}\n{text}");
    }
}

#[test]
fn questions_in_a_closure_name_no_lifetime_of_the_fn_and_never_self() {
    // Inside a closure, a question about a fn parameter's place names the parameter's type
    // with its lifetimes elided (a nested closure's requirements would otherwise reach the fn
    // as bounds it cannot prove, E0309), but a lifetime the type binds itself (`for<'a>`)
    // stays; a question about a place of `Self` is not asked there: the closure enters. At the
    // fn's level the declared type is named as written.
    let file = super::instrumented(
        "mod m {
        fn f<'src, E: Extra<'src>>(input: &mut Input<'src, E>, pair: &Pair<for<'a> fn(&'a u8) -> &'a u8>) -> u32 {
            apply(|| input.cursor.count_ones()) + apply(|| pair.n.count_ones())
        }
        fn g<'src, E: Extra<'src>>(input: &Input<'src, E>) -> u32 {
            input.cursor.count_ones()
        }
        impl<'src, E: Extra<'src>> Input<'src, E> {
            fn m(&mut self) -> u32 {
                apply(|| self.cursor.count_ones())
            }
        }
        }",
    );
    let text: String = super::pretty(&file).split_whitespace().collect();
    // (The closures' bodies are left out: the pretty printer braces some and not others.)
    let elided = "apply(||{let__threadmgr_g=::threadmgr::__private::enter_unless(::threadmgr::__private::ask(|__threadmgr_root:&&mutInput<'_,E>|";
    let kept = "apply(||{let__threadmgr_g=::threadmgr::__private::enter_unless(::threadmgr::__private::ask(|__threadmgr_root:&&Pair<for<'a>fn(&'au8)->&'au8>|";
    let as_declared = "::threadmgr::__private::check_unless(::threadmgr::__private::ask(|__threadmgr_root:&&Input<'src,E>|";
    let self_entered = "apply(||{let__threadmgr_g=::threadmgr::__private::enter(&*__threadmgr_h);self.cursor.count_ones()})";
    for expected in [elided, kept, as_declared, self_entered] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    assert!(!text.contains("Self|"), "{text}");
}

#[test]
fn closures_that_capture_nothing_handed_to_other_threads_enter_the_handle() {
    // Handed to a call that runs it on another thread: it carries the creator's token, as one
    // that captures does.
    assert_expands(
        "fn f(pool: &Pool) -> u64 { pool.install(|| work()) }",
        "fn f(pool: &Pool) -> u64 { CHECK; pool.install(|| { ENTER; work() }) }",
    );
    assert_expands(
        "fn f() -> (u64, u64) { rayon::join(|| a(), || b()) }",
        "fn f() -> (u64, u64) { CHECK; rayon::join(|| { ENTER; a() }, || { ENTER; b() }) }",
    );
    assert_expands(
        "fn f() { std::thread::spawn(move || { for i in 0..9 { g(i); } }); }",
        "fn f() { CHECK; std::thread::spawn(move || { ENTER; for i in 0..9 { g(i); } }); }",
    );
    assert_expands(
        "fn f() { std::thread::scope(|s| { s.spawn(|| g()); }) }",
        "fn f() { CHECK; std::thread::scope(|s| { ENTER; s.spawn(|| { ENTER; g() }); }) }",
    );
    // Cheap: as written. Given to any other call, or bound first: as written, so that it still
    // coerces to a `fn` pointer (`integrate(|x| curve(x), n)`, `let f = || g(); spawn(f)`).
    assert_expands(
        "fn f() -> (u64, u64) { rayon::join(|| 1, || 2) }",
        "fn f() -> (u64, u64) { CHECK; rayon::join(|| 1, || 2) }",
    );
    assert_expands(
        "fn f(n: u64) -> f64 { integrate(|x: f64| curve(x), n) }",
        "fn f(n: u64) -> f64 { CHECK; integrate(|x: f64| { CHECK; curve(x) }, n) }",
    );
}
