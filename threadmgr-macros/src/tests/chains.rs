//! Iterator chains (`crate::chains`): receivers that are values are probed.

use super::{assert_expands, wrap};

#[test]
fn value_receivers_of_iterator_methods_are_probed() {
    assert_expands(
        "fn f(k: u64) -> usize { (0u64..).map(|x| x.wrapping_mul(k)).filter(|x| x % 7 == 1).count() }",
        &format!(
            "fn f(k: u64) -> usize {{ CHECK; {}.count() }}",
            wrap(&format!(
                "{}.filter(|x| x % 7 == 1)",
                wrap(&format!("{}.map(|x| x.wrapping_mul(k))", wrap("0u64..")))
            ))
        ),
    );
}

#[test]
fn places_and_other_methods_are_left_alone() {
    assert_expands(
        "fn f(it: std::ops::Range<u64>, s: &str) -> u64 { let n: u64 = it.map(|x| x + 1).sum(); s.parse::<u64>().unwrap() + n }",
        &format!(
            "fn f(it: std::ops::Range<u64>, s: &str) -> u64 {{ CHECK; let n: u64 = {}.sum(); s.parse::<u64>().unwrap() + n }}",
            wrap("it.map(|x| x + 1)")
        ),
    );
}

#[test]
fn for_loop_iterators_are_probed_where_they_are_chains() {
    let body = "fn f(k: u64) { for n in (1u64..).filter(|n| n.wrapping_mul(k) > 3) { g(n); } }";
    let tokens = super::instrumented(body);
    let text = super::pretty(&tokens);
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("probe(1u64..,"), "{text}");
}

#[test]
fn chains_that_are_not_consumed_here_keep_their_types() {
    // Stored in a field, returned: the wrapper would change the adapter's type.
    assert_expands(
        "fn f(s: &str) -> S<'_> { S { inner: s.split(' ').filter(keep) } }",
        "fn f(s: &str) -> S<'_> { CHECK; S { inner: s.split(' ').filter(keep) } }",
    );
    assert_expands(
        "fn f(v: &[u8]) -> impl Iterator<Item = u8> + '_ { v.iter().map(|x| g(*x)) }",
        "fn f(v: &[u8]) -> impl Iterator<Item = u8> + '_ { CHECK; v.iter().map(|x| { CHECK; g(*x) }) }",
    );
}

#[test]
fn a_for_loop_chain_is_wrapped_only_when_an_adapter_may_skip() {
    let text = |body: &str| -> String {
        super::pretty(&super::instrumented(body))
            .split_whitespace()
            .collect()
    };
    let plain = text("fn f(v: &[u8]) { for (i, x) in v.iter().enumerate() { g(i, x); } }");
    assert!(!plain.contains("probe("), "{plain}");
    let skipping = text("fn f(v: &[u8]) { for x in v.iter().filter(|x| **x > 3) { g(x); } }");
    assert!(skipping.contains("probe(v.iter(),"), "{skipping}");
}

#[test]
fn chains_that_pass_no_code_are_probed_bare() {
    let bare = |receiver: &str| wrap(receiver).replace(".wrap()", ".wrap_bare()");
    // No argument but literals: the library loop runs std's code only, unless the source is
    // someone's iterator, which the probe finds by type.
    assert_expands(
        "fn f(n: usize) -> Vec<usize> { (1..=n).rev().step_by(2).collect() }",
        &format!(
            "fn f(n: usize) -> Vec<usize> {{ CHECK; {}.collect() }}",
            bare(&format!(
                "{}.step_by(2)",
                bare(&format!("{}.rev()", bare("1..=n")))
            ))
        ),
    );
    // A path may name a closure, a call may return one, an iterator to `zip` has a `next`.
    for (chain, passed) in [
        ("(0..n).take(k).sum::<usize>()", "take(k)"),
        ("(0..n).map(f).sum::<usize>()", "map(f)"),
        ("(0..n).zip(g()).count()", "zip(g())"),
    ] {
        let text: String = super::pretty(&super::instrumented(&format!(
            "fn f(n: usize, k: usize) -> usize {{ {chain} }}"
        )))
        .split_whitespace()
        .collect();
        assert!(!text.contains("wrap_bare"), "{passed}: {text}");
        assert!(text.contains(".wrap()"), "{passed}: {text}");
    }
}
