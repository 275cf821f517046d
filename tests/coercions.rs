//! Closures coerced to `fn` pointers inside `#[haltable]` fns, in every form people write: each
//! must compile and compute what the same code computes without the attribute, outside any
//! job and inside one.

use std::collections::HashMap;

use threadmgr::haltable;

const STEPS: u64 = 1000;

/// Checks `f()` against `expected` outside any job and inside a job that is never halted.
#[track_caller]
fn check<T>(f: fn() -> T, expected: T)
where
    T: PartialEq + std::fmt::Debug + Clone + Send + 'static,
{
    assert_eq!(f(), expected, "outside a job");
    assert_eq!(threadmgr::spawn(f).join(), Ok(expected), "inside a job");
}

/// The midpoint rule over `0..1`.
#[haltable]
fn integrate(f: fn(f64) -> f64, steps: u64) -> f64 {
    let dx = 1.0 / steps as f64;
    let mut total = 0.0;
    for i in 0..steps {
        total += f((i as f64 + 0.5) * dx) * dx;
    }
    total
}

/// [`integrate`], without the attribute: the plain computation.
fn plain_integrate(f: fn(f64) -> f64, steps: u64) -> f64 {
    let dx = 1.0 / steps as f64;
    let mut total = 0.0;
    for i in 0..steps {
        total += f((i as f64 + 0.5) * dx) * dx;
    }
    total
}

#[haltable]
fn untyped_let_then_passed(steps: u64) -> f64 {
    let f = |x: f64| x.sqrt();
    integrate(f, steps)
}

#[test]
fn closure_in_an_untyped_let_passed_to_a_fn_parameter() {
    check(
        || untyped_let_then_passed(STEPS),
        plain_integrate(f64::sqrt, STEPS),
    );
}

#[haltable]
fn passed_directly(steps: u64) -> f64 {
    integrate(|x| x.sqrt(), steps)
}

#[test]
fn closure_passed_straight_to_a_fn_parameter() {
    check(|| passed_directly(10), plain_integrate(f64::sqrt, 10));
}

#[haltable]
fn typed_let(steps: u64) -> f64 {
    let f: fn(f64) -> f64 = |x| x.sqrt();
    integrate(f, steps)
}

#[test]
fn closure_in_a_let_with_a_fn_type() {
    check(|| typed_let(STEPS), plain_integrate(f64::sqrt, STEPS));
}

#[haltable]
fn cast(steps: u64) -> f64 {
    integrate((|x: f64| x.sqrt()) as fn(f64) -> f64, steps)
}

#[test]
fn closure_cast_to_a_fn_type() {
    check(|| cast(STEPS), plain_integrate(f64::sqrt, STEPS));
}

#[haltable]
fn array_of_closures(steps: u64) -> f64 {
    let ops = [|v: f64| v.sqrt(), |v: f64| v.ln_1p()];
    ops.iter().map(|op| integrate(*op, steps)).sum()
}

#[test]
fn array_of_two_closures() {
    let expected = plain_integrate(f64::sqrt, STEPS) + plain_integrate(f64::ln_1p, STEPS);
    check(|| array_of_closures(STEPS), expected);
}

struct Op {
    name: &'static str,
    f: fn(f64) -> f64,
}

#[haltable]
fn struct_field(steps: u64) -> (&'static str, f64) {
    let op = Op {
        name: "sqrt",
        f: |v| v.sqrt(),
    };
    (op.name, integrate(op.f, steps))
}

#[test]
fn closure_in_a_struct_field_of_fn_type() {
    check(
        || struct_field(STEPS),
        ("sqrt", plain_integrate(f64::sqrt, STEPS)),
    );
}

#[haltable]
fn match_arms(which: u8, steps: u64) -> f64 {
    let f = match which {
        0 => |v: f64| v.sqrt(),
        _ => f64::cbrt,
    };
    integrate(f, steps)
}

#[test]
fn closure_and_fn_path_as_match_arms() {
    check(|| match_arms(0, STEPS), plain_integrate(f64::sqrt, STEPS));
    check(|| match_arms(1, STEPS), plain_integrate(f64::cbrt, STEPS));
}

#[haltable]
fn if_branches(which: u8, steps: u64) -> f64 {
    let f = if which == 0 {
        |v: f64| v.sqrt()
    } else {
        |v: f64| v.cbrt()
    };
    integrate(f, steps)
}

#[test]
fn two_closures_as_if_branches() {
    check(|| if_branches(0, STEPS), plain_integrate(f64::sqrt, STEPS));
    check(|| if_branches(1, STEPS), plain_integrate(f64::cbrt, STEPS));
}

#[haltable]
fn hashmap_of_fns(steps: u64) -> f64 {
    let mut table: HashMap<&str, fn(f64) -> f64> = HashMap::new();
    table.insert("sqrt", |v| v.sqrt());
    table.insert("cbrt", f64::cbrt);
    integrate(table["sqrt"], steps) + integrate(table["cbrt"], steps)
}

#[test]
fn closure_inserted_into_a_hashmap_of_fns() {
    let expected = plain_integrate(f64::sqrt, STEPS) + plain_integrate(f64::cbrt, STEPS);
    check(|| hashmap_of_fns(STEPS), expected);
}

#[haltable]
#[allow(clippy::vec_init_then_push)] // the pushes are what this tests
fn vec_of_fns(x: f64) -> f64 {
    let mut pipeline: Vec<fn(f64) -> f64> = Vec::new();
    pipeline.push(|v| v * 2.0);
    pipeline.push(|v| v.sqrt());
    pipeline.push(f64::ln_1p);
    pipeline.iter().fold(x, |acc, f| f(acc))
}

#[test]
fn closures_pushed_into_a_vec_of_fns() {
    check(|| vec_of_fns(8.0), (8.0f64 * 2.0).sqrt().ln_1p());
}

#[haltable]
fn rotate_or_bump(rotate: bool) -> fn(u8) -> u8 {
    if rotate {
        |b| b.rotate_left(1)
    } else {
        |b| b.wrapping_add(1)
    }
}

#[haltable]
fn upper() -> fn(u8) -> u8 {
    |b| b.to_ascii_uppercase()
}

#[haltable]
fn apply_returned(bytes: &[u8]) -> Vec<u8> {
    let (rotate, bump, up) = (rotate_or_bump(true), rotate_or_bump(false), upper());
    bytes.iter().map(|&b| up(bump(rotate(b)))).collect()
}

#[test]
fn closures_returned_from_fns_returning_fn_types() {
    check(
        || apply_returned(b"abc0"),
        b"abc0"
            .iter()
            .map(|&b| b.rotate_left(1).wrapping_add(1).to_ascii_uppercase())
            .collect(),
    );
}

#[haltable]
fn typed_option(x: f64) -> f64 {
    let op: Option<fn(f64) -> f64> = Some(|v| v.sqrt());
    op.map_or(x, |f| f(x))
}

#[test]
fn some_closure_in_a_let_of_option_fn_type() {
    check(|| typed_option(2.0), 2.0f64.sqrt());
}

/// Applies `op` to `x` if there is one.
#[haltable]
fn apply_opt(op: Option<fn(f64) -> f64>, x: f64) -> f64 {
    match op {
        Some(f) => f(x),
        None => x,
    }
}

#[haltable]
fn option_argument(x: f64) -> f64 {
    apply_opt(Some(|v| v.sqrt()), x)
}

#[test]
fn some_closure_passed_to_an_option_fn_parameter() {
    check(|| option_argument(2.0), 2.0f64.sqrt());
}

/// `f(n)`.
#[haltable]
fn apply_u64(f: fn(u64) -> u64, n: u64) -> u64 {
    f(n)
}

#[haltable]
fn looping_typed(n: u64) -> u64 {
    let sum_to: fn(u64) -> u64 = |n: u64| {
        let mut s = 0;
        for i in 0..n {
            s += i
        }
        s
    };
    apply_u64(sum_to, n)
}

#[test]
fn looping_closure_in_a_typed_let() {
    check(|| looping_typed(100_000), (0..100_000).sum());
}

#[haltable]
fn looping_untyped(n: u64) -> u64 {
    let sum_to = |n: u64| {
        let mut s = 0;
        for i in 0..n {
            s += i
        }
        s
    };
    apply_u64(sum_to, n)
}

#[test]
fn looping_closure_in_an_untyped_let_passed_to_a_fn_parameter() {
    check(|| looping_untyped(100_000), (0..100_000).sum());
}

#[haltable]
fn looping_direct(n: u64) -> u64 {
    apply_u64(
        |n: u64| {
            let mut s = 0;
            for i in 0..n {
                s += i
            }
            s
        },
        n,
    )
}

#[test]
fn looping_closure_passed_straight_to_a_fn_parameter() {
    check(|| looping_direct(100_000), (0..100_000).sum());
}

#[haltable]
fn looping_in_a_vec(n: u64) -> Vec<u64> {
    let mut steps: Vec<fn(u64) -> u64> = Vec::new();
    steps.push(|n| {
        let mut s = 0u64;
        for i in 0..n {
            s = s.wrapping_add(i * i);
        }
        s
    });
    steps.push(|n| n + 1);
    steps.iter().map(|f| f(n)).collect()
}

#[test]
fn looping_closure_pushed_into_a_vec_of_fns() {
    check(
        || looping_in_a_vec(10_000),
        vec![(0..10_000u64).map(|i| i * i).sum(), 10_001],
    );
}
