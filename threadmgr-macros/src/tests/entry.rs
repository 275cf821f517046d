//! The entry check of a fn body (`crate::statements`).

use super::assert_expands;

#[test]
fn one_check_before_the_first_expensive_statement() {
    assert_expands(
        "fn f() { a(); b(); let x = c(); x.d(); m!(); x }",
        "fn f() { CHECK; a(); b(); let x = c(); x.d(); m!(); x }",
    );
    assert_expands(
        "fn f(mut x: u32) -> u32 { x += 1; let y = x * 2; a(y); x += y; let z = [x; 3]; b(z) }",
        "fn f(mut x: u32) -> u32 { x += 1; let y = x * 2; CHECK; a(y); x += y; let z = [x; 3]; b(z) }",
    );
    assert_expands(
        "fn f() -> u8 { a(); b() }",
        "fn f() -> u8 { CHECK; a(); b() }",
    );
}

#[test]
fn nested_blocks_after_the_check_get_none() {
    assert_expands(
        "fn f() { a(); { b(); } unsafe { c(); } 'l: { d(); } g(a(), { b() }); }",
        "fn f() { CHECK; a(); { b(); } unsafe { c(); } 'l: { d(); } g(a(), { b() }); }",
    );
    assert_expands(
        "fn f() { let Some(y) = x else { d(); return; }; h(y) }",
        "fn f() { CHECK; let Some(y) = x else { d(); return; }; h(y) }",
    );
}

#[test]
fn check_sinks_into_the_branches_of_an_if_with_cheap_conditions() {
    assert_expands(
        "fn f(c: bool, x: u8) { if c { let y = x + 1; b(y); d(); } else if !c { e(); } else { x; } }",
        "fn f(c: bool, x: u8) { if c { let y = x + 1; CHECK; b(y); d(); } else if !c { CHECK; e(); } else { x; } }",
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
fn a_statement_whose_branches_all_check_checks_once_before_it() {
    // Every branch would check first thing: one check before the `if` is the same work, and
    // the next expensive statement needs none.
    assert_expands(
        "fn f(c: bool, x: u8) -> u8 { let y = if c { let z = x + 1; b(z) } else if !c { e() } else { g() }; h(y) }",
        "fn f(c: bool, x: u8) -> u8 { CHECK; let y = if c { let z = x + 1; b(z) } else if !c { e() } else { g() }; h(y) }",
    );
    assert_expands(
        "fn f(x: u8) -> u8 { match x { 0 => a(), 1 => { let y = x * 2; b(y) } _ => if x > 9 { c() } else { d() } } }",
        "fn f(x: u8) -> u8 { CHECK; match x { 0 => a(), 1 => { let y = x * 2; b(y) } _ => if x > 9 { c() } else { d() } } }",
    );
    // A branch that may leave before its check, that has no `else`, that starts with a loop
    // (which checks in its body) or that sinks into a cheap branch keeps the checks in the
    // branches.
    assert_expands(
        "fn f(c: bool, x: u8) -> u8 { if c { if x == 0 { return 0; } a(x) } else { b() } }",
        "fn f(c: bool, x: u8) -> u8 { if c { if x == 0 { return 0; } CHECK; a(x) } else { CHECK; b() } }",
    );
    assert_expands(
        "fn f(c: bool) { if c { a(); } }",
        "fn f(c: bool) { if c { CHECK; a(); } }",
    );
    assert_expands(
        "fn f(c: bool) -> u8 { if c { loop { a(); } } else { b() } }",
        "fn f(c: bool) -> u8 { if c { loop { CHECK; for _ in 0u8..2 { a(); } } } else { CHECK; b() } }",
    );
    assert_expands(
        "fn f(x: u8) -> u8 { match x { 0 => a(), _ => if x > 9 { 1 } else { d() } } }",
        "fn f(x: u8) -> u8 { match x { 0 => { CHECK; a() } _ => { if x > 9 { 1 } else { CHECK; d() } } } }",
    );
}

#[test]
fn after_a_sunk_statement_the_next_expensive_one_checks_again() {
    // The branch taken may have been the cheap one.
    assert_expands(
        "fn f(n: u64) -> u64 { let m = if n % 2 == 0 { n / 2 } else { g(n) }; f(m) }",
        "fn f(n: u64) -> u64 { let m = if n % 2 == 0 { n / 2 } else { CHECK; g(n) }; CHECK; f(m) }",
    );
}

#[test]
fn an_expensive_condition_or_scrutinee_checks_before_the_statement() {
    assert_expands(
        "fn f() { if c() { b(); } else { d(); } }",
        "fn f() { CHECK; if c() { b(); } else { d(); } }",
    );
    assert_expands(
        "fn f(c: bool) { if c { b(); } else if d() { e(); } }",
        "fn f(c: bool) { CHECK; if c { b(); } else if d() { e(); } }",
    );
    assert_expands(
        "fn f(x: u8) { match x { n if g(n) => { a(); } _ => { b(); } } }",
        "fn f(x: u8) { CHECK; match x { n if g(n) => { a(); } _ => { b(); } } }",
    );
}

#[test]
fn check_sinks_into_the_arms_of_a_match_whose_scrutinee_and_guards_are_cheap() {
    assert_expands(
        "fn f(x: u8) -> u8 { match x { 0 => 1, n if n > 3 => { g(n) } _ => { let y = x * 2; h(y) } } }",
        "fn f(x: u8) -> u8 { match x { 0 => 1, n if n > 3 => { CHECK; g(n) } _ => { let y = x * 2; CHECK; h(y) } } }",
    );
    // An expensive arm that is not a block becomes one, with the check in it.
    assert_expands(
        "fn f(x: u8) -> u8 { let y = match x { 0 => { a() } 1 => 7, _ => d() }; y }",
        "fn f(x: u8) -> u8 { let y = match x { 0 => { CHECK; a() } 1 => 7, _ => { CHECK; d() } }; y }",
    );
    // ... and one that branches again sinks further.
    assert_expands(
        "fn f(x: u8, c: bool) -> u8 { match x { 0 => 1, _ => if c { 2 } else { d() } } }",
        "fn f(x: u8, c: bool) -> u8 { match x { 0 => 1, _ => { if c { 2 } else { CHECK; d() } } } }",
    );
    // An arm left as written (`#[haltable(skip)]`) keeps the check before the `match`.
    assert_expands(
        "fn f(x: u8) -> u8 { match x { 0 => 1, _ => #[haltable(skip)] d() } }",
        "fn f(x: u8) -> u8 { CHECK; match x { 0 => 1, _ => d() } }",
    );
}

#[test]
fn a_loop_first_needs_no_check_before_it_and_a_while_with_a_cheap_condition_neither() {
    // (The bodies start with a statement macro, so that they stay one per check: see
    // `tests::loops`.)
    // A `loop` runs its body, which starts with a check, at least once.
    assert_expands(
        "fn f(mut n: u64) -> u64 { loop { m!(); if g(n) { return n; } n += 1; } }",
        "fn f(mut n: u64) -> u64 { loop { CHECK; m!(); if g(n) { return n; } n += 1; } }",
    );
    assert_expands(
        "fn f(mut n: u64) -> u64 { let x = loop { m!(); n = g(n); if n > 9 { break n; } }; h(x) }",
        "fn f(mut n: u64) -> u64 { let x = loop { CHECK; m!(); n = g(n); if n > 9 { break n; } }; h(x) }",
    );
    // A `while` may run its body no time at all: what follows still checks.
    assert_expands(
        "fn f(mut n: u64) -> u64 { while n > 9 { m!(); n = g(n); } h(n) }",
        "fn f(mut n: u64) -> u64 { while n > 9 { CHECK; m!(); n = g(n); } CHECK; h(n) }",
    );
    // A `while` whose condition calls checks before it: the condition runs first.
    assert_expands(
        "fn f(mut n: u64) -> u64 { while g(n) { m!(); n += 1; } n }",
        "fn f(mut n: u64) -> u64 { CHECK; while g(n) { CHECK; m!(); n += 1; } n }",
    );
}

#[test]
fn no_check_after_a_statement_that_diverges() {
    assert_expands(
        "fn f(x: u8) -> u8 { if x > 1 { return 1; } return 2; b(); c() }",
        "fn f(x: u8) -> u8 { if x > 1 { return 1; } return 2; b(); c() }",
    );
    assert_expands(
        "fn f() { todo!(); b(); }",
        "fn f() { CHECK; todo!(); b(); }",
    );
}

#[test]
fn closures_async_blocks_and_items_are_cheap_to_create() {
    assert_expands(
        "fn f() { let c = |x: u8| x + 1; let s = async { g().await }; b(c) }",
        "fn f() { let c = |x: u8| x + 1; let s = async { g().await }; CHECK; b(c) }",
    );
}

#[test]
fn every_call_is_expensive_whatever_its_name() {
    // `len`, `min` and `max` may be a user's methods that recurse.
    for body in [
        "fn f(v: &Tree) -> usize { v.size() }",
        "fn f(x: Hash) -> u64 { x.wrapping_mul(3).rotate_left(5) }",
    ] {
        let expected = body.replacen("{ ", "{ CHECK; ", 1);
        assert_expands(body, &expected);
    }
    // Unless the compiler says the receiver is one that std's `len` is found for (a `&[u8]`,
    // whose type the macro does not read: `[u8]` could be in a macro's tokens).
    assert_expands(
        "fn f(v: &[u8]) -> usize { v.len() }",
        &format!(
            "fn f(v: &[u8]) -> usize {{ {} v.len() }}",
            super::check_unless(&[("&[u8]", "", (1 << 26) | (1 << 27))])
        ),
    );
    // Unless the compiler says the receiver is a primitive (`Board` may be an alias of one).
    assert_expands(
        "fn f(x: Board, y: u64) -> u64 { x.min(y) }",
        &format!(
            "fn f(x: Board, y: u64) -> u64 {{ {} x.min(y) }}",
            super::check_unless(&[("Board", "", super::ANY_PRIMITIVE)])
        ),
    );
}

#[test]
fn a_call_on_a_field_of_a_parameter_asks_the_compiler_its_type() {
    use super::{ANY_PRIMITIVE, check_unless};
    // `mul_add` is a method of `f32` and `f64` only (bits 12 and 13).
    let floats = (1 << 12) | (1 << 13);
    for (body, asks) in [
        (
            "fn length_squared(self) -> f64 { self.x.mul_add(self.x, self.y * self.y) }",
            vec![("Self", ".x", floats)],
        ),
        (
            "fn f(item: &Item) -> u64 { u64::from(item.value) }",
            vec![("&Item", ".value", ANY_PRIMITIVE)],
        ),
        (
            "fn f(p: (u8, Pos)) -> u8 { p.1.y.clamp(0, 9) }",
            vec![("(u8, Pos)", ".1.y", ANY_PRIMITIVE)],
        ),
    ] {
        let (head, tail) = body.split_once("{ ").unwrap();
        let expected = format!("{head}{{ {} {tail}", check_unless(&asks));
        assert_expands(body, &expected);
    }
    // Not asked: a place through an index, a method's result, a generic parameter's own value
    // (asked, and answered "not known" by the compiler), a name bound again.
    for body in [
        "fn f(v: &[Item]) -> u64 { u64::from(v[0].value) }",
        "fn f(p: &P) -> f64 { p.pos().x.sqrt() }",
        "fn f(p: P) -> f64 { let p = q(); p.x.sqrt() }",
    ] {
        let expected = body.replacen("{ ", "{ CHECK; ", 1);
        assert_expands(body, &expected);
    }
}

#[test]
fn matches_and_asserts_cost_what_their_arguments_cost() {
    assert_expands(
        "fn f(b: u8, x: u8) -> bool { let v = matches!(b, b'a' | b'e' if x > 1); assert!(x < 9, \"x is {}\", x); debug_assert_eq!(b, x,); c(v) }",
        "fn f(b: u8, x: u8) -> bool { let v = matches!(b, b'a' | b'e' if x > 1); assert!(x < 9, \"x is {}\", x); debug_assert_eq!(b, x,); CHECK; c(v) }",
    );
    assert_expands(
        "fn f(b: u8) { let v = matches!(g(b), 1); }",
        "fn f(b: u8) { CHECK; let v = matches!(g(b), 1); }",
    );
    // Arguments that do not parse as expressions: counted as expensive.
    assert_expands(
        "fn f() { assert!(=> 1); }",
        "fn f() { CHECK; assert!(=> 1); }",
    );
}

#[test]
fn compile_time_code_is_cheap_and_left_alone() {
    assert_expands(
        "fn f() { let x = [0u8; { g() }]; let y: [u8; { h() }] = i::<{ j() }>(); const { k() }; }",
        "fn f() { let x = [0u8; { g() }]; CHECK; let y: [u8; { h() }] = i::<{ j() }>(); const { k() }; }",
    );
}

#[test]
fn a_statement_under_cfg_gets_its_check_under_the_same_cfg() {
    // Two tails chosen by `cfg`: the check goes with the second, so either is the tail.
    assert_expands(
        "fn f(s: &S) -> bool { #[cfg(not(feature = \"x\"))] match s.n { 0 => true, _ => false } #[cfg(feature = \"x\")] s.g().is_some() }",
        "fn f(s: &S) -> bool { #[cfg(not(feature = \"x\"))] match s.n { 0 => true, _ => false } #[cfg(feature = \"x\")] CHECK; #[cfg(feature = \"x\")] s.g().is_some() }",
    );
    // A statement under `cfg` neither checks nor diverges for what follows it.
    assert_expands(
        "fn f() -> u8 { #[cfg(x)] a(); #[cfg(y)] return 0; b() }",
        "fn f() -> u8 { #[cfg(x)] CHECK; #[cfg(x)] a(); #[cfg(y)] return 0; CHECK; b() }",
    );
}

#[test]
fn a_statement_under_a_level_for_unreachable_code_gets_its_check_inside_that_level() {
    // A `cfg`'d block that returns, then the other platforms' code under `allow`: the check
    // before the second is unreachable where the first is compiled, and must be allowed too.
    assert_expands(
        "fn f() { #[cfg(x)] { a(); return; } #[allow(unreachable_code)] { b(); } }",
        "fn f() { #[cfg(x)] CHECK; #[cfg(x)] { a(); return; } #[allow(unreachable_code)] { CHECK; { b(); } } }",
    );
    // With `expect`, which an unreachable check outside it would leave unfulfilled; a
    // statement with a semicolon keeps it inside and out; `cfg`s go with the block.
    assert_expands(
        "fn f() { #[cfg(x)] return; #[cfg(not(x))] #[expect(unused)] a(); b(); }",
        "fn f() { #[cfg(x)] return; #[cfg(not(x))] #[expect(unused)] { #[cfg(not(x))] CHECK; a(); }; CHECK; b(); }",
    );
    // A level under `cfg_attr`, which the macro sees as written.
    assert_expands(
        "fn f() { #[cfg(x)] return; #[cfg_attr(x, allow(unreachable_code))] a(); }",
        "fn f() { #[cfg(x)] return; #[cfg_attr(x, allow(unreachable_code))] { CHECK; a(); }; }",
    );
    // A `let` cannot go in a block (its binding would end there): the check copies its `allow`.
    assert_expands(
        "fn f() -> u8 { #[cfg(x)] return 0; #[allow(unreachable_code)] let y = a(); y }",
        "fn f() -> u8 { #[cfg(x)] return 0; #[allow(unreachable_code)] CHECK; #[allow(unreachable_code)] let y = a(); y }",
    );
    // Other lint levels, and other lints, leave the check before the statement.
    assert_expands(
        "fn f() { #[allow(clippy::needless_return)] a(); }",
        "fn f() { CHECK; #[allow(clippy::needless_return)] a(); }",
    );
}

#[test]
fn operators_are_calls_in_a_method_an_operator_may_call() {
    // `==` on the children calls this `eq` again for each: the body must check.
    // Unless both are of primitive types: the compiler is asked (a `Vec` is not one).
    assert_expands(
        "fn eq(&self, other: &Self) -> bool { self.kids == other.kids }",
        &format!(
            "fn eq(&self, other: &Self) -> bool {{ {} self.kids == other.kids }}",
            super::check_unless(&[
                ("&Self", ".kids", super::ANY_PRIMITIVE),
                ("&Self", ".kids", super::ANY_PRIMITIVE)
            ])
        ),
    );
    assert_expands(
        "fn index(&self, i: usize) -> &u8 { &self.parts[i / 64][i % 64] }",
        "fn index(&self, i: usize) -> &u8 { CHECK; &self.parts[i / 64][i % 64] }",
    );
    assert_expands(
        "fn add_assign(&mut self, rhs: Self) { self.0 += rhs.0; }",
        &format!(
            "fn add_assign(&mut self, rhs: Self) {{ {} self.0 += rhs.0; }}",
            super::check_unless(&[
                ("&mut Self", ".0", super::ANY_PRIMITIVE),
                ("Self", ".0", super::ANY_PRIMITIVE)
            ])
        ),
    );
    // An index stays a call (a user's `Index` may recurse); an operand that is neither a
    // place nor a primitive too.
    assert_expands(
        "fn add(self, rhs: Self) -> Self { V(self.0 + rhs.norm()) }",
        "fn add(self, rhs: Self) -> Self { CHECK; V(self.0 + rhs.norm()) }",
    );
    // `&&` and `||` cannot be overloaded; a cheap branch still checks nothing.
    assert_expands(
        "fn lt(&self, other: &Self) -> bool { if self.fast { true } else { self.key < other.key } }",
        &format!(
            "fn lt(&self, other: &Self) -> bool {{ if self.fast {{ true }} else {{ {} self.key < other.key }} }}",
            super::check_unless(&[
                ("&Self", ".key", super::ANY_PRIMITIVE),
                ("&Self", ".key", super::ANY_PRIMITIVE)
            ])
        ),
    );
    assert_expands(
        "fn ne(&self, other: &Self) -> bool { self.a && other.b }",
        "fn ne(&self, other: &Self) -> bool { self.a && other.b }",
    );
    // Not a method, or not named as an operator's: operators are cheap there.
    assert_expands(
        "fn eq(a: &T, b: &T) -> bool { a.kids == b.kids }",
        "fn eq(a: &T, b: &T) -> bool { a.kids == b.kids }",
    );
    assert_expands(
        "fn same(&self, other: &Self) -> bool { self.kids == other.kids }",
        "fn same(&self, other: &Self) -> bool { self.kids == other.kids }",
    );
}

#[test]
fn core_calls_on_primitive_parameters_are_cheap() {
    // The receiver's (or the path's) type is a primitive the macro can see: the language
    // picks core's code, whatever the name.
    for body in [
        "fn clamp_add(value: u8, delta: i16) -> u8 { (i16::from(value) + delta).clamp(0, 255) as u8 }",
        "fn min3(a: usize, b: usize, c: usize) -> usize { a.min(b).min(c) }",
        "fn fx(hash: u64, word: u64) -> u64 { (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7) }",
        "fn f(x: f64) -> f64 { x.sqrt().mul_add(2.0, 1.0).max(0.5) }",
        "fn f(c: char, n: u32) -> bool { c.is_alphanumeric() || n.is_power_of_two() }",
        "fn f(b: bool, n: u32) -> usize { usize::from(b) + n as usize }",
        "fn f(n: u32) -> u64 { u64::from(n).pow(2) + (n as u64).leading_zeros() as u64 }",
        "fn f(x: i64, y: i64) -> bool { i64::max(x, y).abs() == 3i64.min(y) }",
        // A `let` of the body's own statements, typed or of a known type.
        "fn f(hash: u64, word: u64) -> u64 { let h = hash.rotate_left(5); let k: u32 = 7; (h ^ word).wrapping_mul(3).rotate_right(k) }",
        "fn f(n: Count) -> u64 { let mut steps = 0; steps += 1; steps.max(n.len) }",
        // A comparison is a `bool` whatever it compares.
        "fn f(n: Count, alive: Cell) -> u8 { u8::from(n == 3 || (alive.on && n == 2)) }",
    ] {
        assert_expands(body, body);
    }
    // Not known, or not surely core's: a call, as everywhere.
    for (body, expected) in [
        // Bound again: `x` is no longer the parameter.
        (
            "fn f(x: u64, w: W) -> u64 { let x = w; x.min(3) }",
            "fn f(x: u64, w: W) -> u64 { let x = w; CHECK; x.min(3) }",
        ),
        // In a macro's tokens, which may bind it.
        (
            "fn f(x: u64) -> bool { let y = matches!(x, 1); x.min(1) == 0 }",
            "fn f(x: u64) -> bool { let y = matches!(x, 1); CHECK; x.min(1) == 0 }",
        ),
        // A `&self` method: a user's trait with a by-value `is_ascii_digit` would come first.
        (
            "fn f(b: u8) -> bool { b.is_ascii_digit() }",
            "fn f(b: u8) -> bool { CHECK; b.is_ascii_digit() }",
        ),
        // `From<Mine> for u32` may be a user's impl (unless `Mine` is an alias of a primitive:
        // the compiler is asked).
        (
            "fn f(m: Mine) -> u32 { u32::from(m) }",
            &format!(
                "fn f(m: Mine) -> u32 {{ {} u32::from(m) }}",
                super::check_unless(&[("Mine", "", super::ANY_PRIMITIVE)])
            ),
        ),
        // A field: the compiler is asked its type.
        (
            "fn f(p: P) -> u64 { p.x.min(1) }",
            &format!(
                "fn f(p: P) -> u64 {{ {} p.x.min(1) }}",
                super::check_unless(&[("P", ".x", super::ANY_PRIMITIVE)])
            ),
        ),
        // A type named like a primitive.
        (
            "fn f<u8: Tr>(x: u8) -> u8 { x.min(x) }",
            "fn f<u8: Tr>(x: u8) -> u8 { CHECK; x.min(x) }",
        ),
        (
            "fn f(x: u8) -> u8 { type u8 = Mine; x.min(1) }",
            "fn f(x: u8) -> u8 { type u8 = Mine; CHECK; x.min(1) }",
        ),
        // Not one of the type's methods.
        (
            "fn f(x: u8) -> u8 { x.count() }",
            "fn f(x: u8) -> u8 { CHECK; x.count() }",
        ),
        // Stable only after the workspace's rust-version (1.91), or not at all: on a compiler
        // where it is unstable, a user's trait method of that name is the one called.
        (
            "fn f(x: u64) -> u64 { x.strict_add(1) }",
            "fn f(x: u64) -> u64 { CHECK; x.strict_add(1) }",
        ),
        // A `let` whose name appears before it (there it names something else), is bound again,
        // is in a nested block, or whose value's type is not known.
        (
            "fn f(n: u64) -> u64 { let y = h; let h: u64 = n; h.min(y) }",
            "fn f(n: u64) -> u64 { let y = h; let h: u64 = n; CHECK; h.min(y) }",
        ),
        (
            "fn f(n: u64, w: W) -> u64 { let h = n; if let Some(h) = w.0 { return h; } h.min(1) }",
            "fn f(n: u64, w: W) -> u64 { let h = n; if let Some(h) = w.0 { return h; } CHECK; h.min(1) }",
        ),
        (
            "fn f(n: u64) -> u64 { { let h = n; h.min(1) } }",
            "fn f(n: u64) -> u64 { CHECK; { let h = n; h.min(1) } }",
        ),
        (
            "fn f(p: P) -> u64 { let h = p.x; h.min(1) }",
            "fn f(p: P) -> u64 { let h = p.x; CHECK; h.min(1) }",
        ),
        (
            "fn f(n: u64) -> u64 { #[cfg(test)] let h = n; h.min(1) }",
            "fn f(n: u64) -> u64 { #[cfg(test)] let h = n; CHECK; h.min(1) }",
        ),
    ] {
        assert_expands(body, expected);
    }
}

#[test]
fn a_name_bound_again_by_the_bodys_own_lets_has_the_type_of_the_binding_in_scope() {
    // A parameter converted, and a value narrowed: each use names the binding before it.
    for body in [
        "fn f(x: u32) -> u64 { let x = u64::from(x); x.rotate_left(7) }",
        "fn f(a: i16, b: i16) -> i16 { let s = (i32::from(b) * 300) >> 8; let s = s.clamp(-32768, 32767) as i16; a.saturating_add(s) }",
        "fn f(n: u64) -> u32 { let n = n.count_ones(); let n = n.min(9); n.pow(2) }",
    ] {
        assert_expands(body, body);
    }
    for (body, expected) in [
        // The binding in scope is of a type the macro does not know (a field), whatever the
        // one before it was.
        (
            "fn f(x: u32, p: P) -> u32 { let x = p.x; x.min(3) }",
            "fn f(x: u32, p: P) -> u32 { let x = p.x; CHECK; x.min(3) }",
        ),
        // Used before its first `let`: there it names something else.
        (
            "fn f() -> u8 { g(n); let n = 1u8; let n = n + 1; n.min(2) }",
            "fn f() -> u8 { CHECK; g(n); let n = 1u8; let n = n + 1; n.min(2) }",
        ),
        (
            "fn f() -> u8 { let k = n.min(1); let n = 1u8; let n = n + 1; n.min(2) + k }",
            "fn f() -> u8 { CHECK; let k = n.min(1); let n = 1u8; let n = n + 1; n.min(2) + k }",
        ),
        // Bound by another pattern too (a closure's parameter, a nested `let`, a `match` arm):
        // where a use is does not tell which binding it names.
        (
            "fn f(x: u32) -> u32 { let x = x + 1; let g = |x: u8| x; x.min(2) }",
            "fn f(x: u32) -> u32 { let x = x + 1; let g = |x: u8| x; CHECK; x.min(2) }",
        ),
        (
            "fn f(x: u32) -> u32 { let x = x + 1; if c { let x = w; return x.min(1); } x.min(2) }",
            "fn f(x: u32) -> u32 { let x = x + 1; if c { let x = w; CHECK; return x.min(1); } CHECK; x.min(2) }",
        ),
        // In a macro's tokens, which may bind it.
        (
            "fn f(x: u32) -> u32 { let x = x + 1; m!(x); x.min(2) }",
            "fn f(x: u32) -> u32 { let x = x + 1; CHECK; m!(x); x.min(2) }",
        ),
        // Under `#[cfg]`: it may not be there.
        (
            "fn f(x: u32, w: W) -> u32 { #[cfg(test)] let x = w; x.min(2) }",
            "fn f(x: u32, w: W) -> u32 { #[cfg(test)] let x = w; CHECK; x.min(2) }",
        ),
    ] {
        assert_expands(body, expected);
    }
}

#[test]
fn options_and_results_of_primitives_from_core_calls_are_typed() {
    // What `checked_*`, `try_from` and `to_digit` return, and their own by-value methods that
    // call no closure: core's code.
    for body in [
        "fn f(a: i16, b: i32) -> i16 { a.saturating_add(i16::try_from(b).unwrap_or(i16::MAX)) }",
        "fn f(x: u32, y: u32) -> u32 { x.checked_mul(y).unwrap_or_default().min(9) }",
        "fn f(c: char) -> u32 { c.to_digit(10).expect(\"a digit\").pow(2) }",
        "fn f(x: u64) -> Option<u64> { let y = x.checked_add(1)?; y.rotate_left(3).checked_mul(2) }",
        "fn f(x: u8, y: u8) -> u8 { x.checked_sub(y).or(y.checked_sub(x)).unwrap() }",
        "fn f(x: u32) -> bool { let r = u8::try_from(x); r.ok().unwrap_or(0).is_power_of_two() }",
    ] {
        assert_expands(body, body);
    }
    for (body, expected) in [
        // A closure, or a method that takes `&self` (a user's by-value trait method of that
        // name would be found first), or one not of `Option`'s.
        (
            "fn f(x: u32) -> u32 { x.checked_add(1).unwrap_or_else(|| g()) }",
            "fn f(x: u32) -> u32 { CHECK; x.checked_add(1).unwrap_or_else(|| { CHECK; g() }) }",
        ),
        (
            "fn f(x: u32) -> bool { x.checked_add(1).is_some() }",
            "fn f(x: u32) -> bool { CHECK; x.checked_add(1).is_some() }",
        ),
        (
            "fn f(x: u32) -> u32 { x.checked_add(1).frobnicate() }",
            "fn f(x: u32) -> u32 { CHECK; x.checked_add(1).frobnicate() }",
        ),
        // An `Option` the macro did not see made: a declared type may name another `Option`.
        (
            "fn f(x: Option<u32>) -> u32 { x.unwrap_or(0) }",
            "fn f(x: Option<u32>) -> u32 { CHECK; x.unwrap_or(0) }",
        ),
        // An `Option` is no primitive argument of a `From`.
        (
            "fn f(x: u32) -> u64 { u64::from(x.checked_add(1)) }",
            "fn f(x: u32) -> u64 { CHECK; u64::from(x.checked_add(1)) }",
        ),
    ] {
        assert_expands(body, expected);
    }
}

#[test]
fn shared_methods_of_std_collections_on_a_field_behind_a_reference_are_asked() {
    let sized = 0b0111_1111 << 18; // Vec, String, VecDeque, HashMap, HashSet, BTreeMap, BTreeSet
    // A `&str` or `&[T]` (bits 26, 27): asked too, whatever the place (see the next test).
    let heap = (1 << 25) | (1 << 26) | (1 << 27);
    assert_expands(
        "fn bit_count(&self) -> u64 { self.bits.len() as u64 * 64 }",
        &format!(
            "fn bit_count(&self) -> u64 {{ {} self.bits.len() as u64 * 64 }}",
            super::check_unless(&[("&Self", ".bits", sized | heap)])
        ),
    );
    assert_expands(
        "fn f(s: &mut Stack) -> bool { s.items.is_empty() }",
        &format!(
            "fn f(s: &mut Stack) -> bool {{ {} s.items.is_empty() }}",
            super::check_unless(&[("&mut Stack", ".items", sized | heap)])
        ),
    );
    // Not behind a reference (a by-value trait method could be the one called), the parameter
    // itself: asked only whether they are a `&str` or `&[T]` (bits 26, 27), which a collection
    // is not.
    let refs = (1 << 26) | (1 << 27);
    assert_expands(
        "fn f(s: Stack) -> usize { s.items.len() }",
        &format!(
            "fn f(s: Stack) -> usize {{ {} s.items.len() }}",
            super::check_unless(&[("Stack", ".items", refs)])
        ),
    );
    assert_expands(
        "fn f(v: &Vec<u8>) -> usize { v.len() }",
        &format!(
            "fn f(v: &Vec<u8>) -> usize {{ {} v.len() }}",
            super::check_unless(&[("&Vec<u8>", "", refs)])
        ),
    );
    // A method with arguments, a `&mut self` one: calls.
    for body in [
        "fn f(&self) -> bool { self.items.contains(&1) }",
        "fn f(&mut self) -> Option<u8> { self.items.pop() }",
    ] {
        let (head, tail) = body.split_once("{ ").unwrap();
        assert_expands(body, &format!("{head}{{ CHECK; {tail}"));
    }
}

#[test]
fn shared_methods_of_str_and_slices_on_a_shared_reference_are_asked() {
    let str_and_slice = (1 << 26) | (1 << 27);
    assert_expands(
        "fn f(s: &str) -> usize { s.len() }",
        &format!(
            "fn f(s: &str) -> usize {{ {} s.len() }}",
            super::check_unless(&[("&str", "", str_and_slice)])
        ),
    );
    assert_expands(
        "fn f(&self) -> Option<&u8> { self.bytes.get(self.at) }",
        &format!(
            "fn f(&self) -> Option<&u8> {{ {} self.bytes.get(self.at) }}",
            super::check_unless(&[("&Self", ".bytes", str_and_slice)])
        ),
    );
    assert_expands(
        "fn f(&self) -> Chars<'_> { self.text.chars() }",
        &format!(
            "fn f(&self) -> Chars<'_> {{ {} self.text.chars() }}",
            super::check_unless(&[("&Self", ".text", 1 << 26)])
        ),
    );
    // A method that may run the user's code (a pattern, a closure), or one not in the table.
    for body in [
        "fn f(s: &str) -> bool { s.starts_with(is_x) }",
        "fn f(s: &[u8]) -> bool { s.contains(&1) }",
        "fn f(s: &str) -> String { s.to_string() }",
    ] {
        let (head, tail) = body.split_once("{ ").unwrap();
        assert_expands(body, &format!("{head}{{ CHECK; {tail}"));
    }
}

#[test]
fn places_of_the_languages_compound_types_in_parameters_are_typed() {
    // A tuple's field, and a slice's or an array's element by a `usize`, under references:
    // the signature says the type, and the language reads the place, calling no code.
    for body in [
        "fn d(a: (f64, f64), b: (f64, f64)) -> f64 { (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2) }",
        "fn f(xs: &[u8], i: usize) -> u32 { xs[i].count_ones() + xs[0].leading_zeros() }",
        "fn f(m: &[[f32; 2]; 2]) -> f32 { m[0][1].abs().max(m[1][0].sqrt()) }",
        "fn f(p: &mut (u32, (u8, i64)), k: u32) -> i64 { (p.1).1.abs() + i64::from((p.1).0.rotate_left(k)) }",
        "fn f(t: &[u32; 256], x: u64) -> u32 { t[(x & 0xff) as usize].count_ones() }",
    ] {
        assert_expands(body, body);
    }
    for (body, expected) in [
        // An index of no known type: `Idx` may be a range.
        (
            "fn f(xs: &[u64], i: Idx) -> u64 { xs[i].min(1) }",
            "fn f(xs: &[u64], i: Idx) -> u64 { CHECK; xs[i].min(1) }",
        ),
        // A `Vec`, or any type by another name: its `Index` is not the language's.
        (
            "fn f(v: &Vec<u64>, i: usize) -> u64 { v[i].min(1) }",
            "fn f(v: &Vec<u64>, i: usize) -> u64 { CHECK; v[i].min(1) }",
        ),
        // Bound again: `a` is no longer the parameter.
        (
            "fn f(a: (u64, u64)) -> u64 { let a = g(); a.0.min(1) }",
            "fn f(a: (u64, u64)) -> u64 { CHECK; let a = g(); a.0.min(1) }",
        ),
    ] {
        assert_expands(body, expected);
    }
    // A field of another type: the compiler is asked (`Mine` may be an alias of a primitive).
    assert_expands(
        "fn f(a: (Mine, u64)) -> u64 { a.0.min(1) }",
        &format!(
            "fn f(a: (Mine, u64)) -> u64 {{ {} a.0.min(1) }}",
            super::check_unless(&[("(Mine, u64)", ".0", super::ANY_PRIMITIVE)])
        ),
    );
}

#[test]
fn constructors_are_no_calls() {
    // `Some`, `Ok`, `Err`, a tuple struct, a variant and `Self` build values and run no code.
    assert_expands(
        "fn p(c: u8) -> Option<u8> { if c >= b'0' && c <= b'9' { Some(c - b'0') } else { None } }",
        "fn p(c: u8) -> Option<u8> { if c >= b'0' && c <= b'9' { Some(c - b'0') } else { None } }",
    );
    assert_expands(
        "fn q(c: u32) -> Result<Meters, Error> { if c > 5 { Ok(Meters(c)) } else { Err(Error::TooShort(c)) } }",
        "fn q(c: u32) -> Result<Meters, Error> { if c > 5 { Ok(Meters(c)) } else { Err(Error::TooShort(c)) } }",
    );
    assert_expands(
        "fn new(n: u32) -> Self { Self(n + 1) }",
        "fn new(n: u32) -> Self { Self(n + 1) }",
    );
    // All capitals may be a `const` holding a `fn` pointer; a fn named in camel case anyway
    // that calls itself calls.
    assert_expands(
        "fn f(x: u32) -> u32 { HANDLER(x) }",
        "fn f(x: u32) -> u32 { CHECK; HANDLER(x) }",
    );
    assert_expands(
        "fn Spin(x: u64) -> u64 { if x == 0 { 0 } else { Spin(x - 1) } }",
        "fn Spin(x: u64) -> u64 { if x == 0 { 0 } else { CHECK; Spin(x - 1) } }",
    );
}
