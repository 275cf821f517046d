//! Iterator chains (`crate::chains`): receivers that are values are probed.

use super::{assert_expands, wrap, wrap_within};

/// The instrumented text of `body` with no whitespace, to look for generated code in.
fn flat(body: &str) -> String {
    super::pretty(&super::instrumented(body))
        .split_whitespace()
        .collect()
}

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
            wrap_within("it.map(|x| x + 1)")
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
    let text = flat;
    let plain = text("fn f(v: &[u8]) { for (i, x) in v.iter().enumerate() { g(i, x); } }");
    assert!(!plain.contains("probe("), "{plain}");
    let skipping = text("fn f(v: &[u8]) { for x in v.iter().filter(|x| **x > 3) { g(x); } }");
    assert!(skipping.contains("probe_within(v.iter(),"), "{skipping}");
    let skipping = text("fn f(v: &[u8]) { for x in v.iter().filter(|x| h(x)) { g(x); } }");
    assert!(skipping.contains("probe(v.iter(),"), "{skipping}");
    // Skipping with counts alone: each step is std's code, so a range is left as it is (the
    // loop's chunks check between items); with code, the source is checked.
    let counted = text("fn f(n: usize, i: usize) { for j in (i * i..=n).step_by(i) { g(j); } }");
    assert!(counted.contains(".wrap_bare()"), "{counted}");
    assert!(!counted.contains(".wrap()"), "{counted}");
    let coded =
        text("fn f(n: usize, i: usize) { for j in (0..n).step_by(i).filter(|j| h(j)) { g(j); } }");
    assert!(coded.contains(".wrap()"), "{coded}");
}

#[test]
fn chains_that_pass_no_code_are_probed_bare() {
    let bare = |receiver: &str| wrap_within(receiver).replace(".wrap()", ".wrap_bare()");
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
    // A count (`take`, `skip`, `step_by`, `nth`) is a `usize`, whatever expression gives it.
    let counted: String = super::pretty(&super::instrumented(
        "fn f(n: usize, k: usize) -> usize { (0..n).skip(k).step_by(k).take(k).sum::<usize>() }",
    ))
    .split_whitespace()
    .collect();
    // Four receivers, of which the `take`'s is left for the `take` itself to be probed (see
    // `bounds_its_source`).
    assert_eq!(counted.matches("wrap_bare").count(), 3, "{counted}");
    assert!(!counted.contains(".wrap()"), "{counted}");
    assert!(!counted.contains("fits()"), "{counted}");
    // A path may name a closure, a call may return one, an iterator to `zip` has a `next`.
    for (chain, passed) in [
        ("(0..n).take(k).map(f).sum::<usize>()", "map(f)"),
        ("(0..n).map(f).sum::<usize>()", "map(f)"),
        ("(0..n).zip(g()).count()", "zip(g())"),
    ] {
        let text: String = super::pretty(&super::instrumented(&format!(
            "fn f(n: usize, k: usize) -> usize {{ {chain} }}"
        )))
        .split_whitespace()
        .collect();
        // Over a range, in two copies (see `two_copies`): only the copy that runs when the
        // range fits in a chunk leaves it bare, and none of its adapters.
        assert_eq!(text.matches("wrap_bare").count(), 1, "{passed}: {text}");
        assert!(
            text.contains("__threadmgr_probe.fits()"),
            "{passed}: {text}"
        );
        assert!(text.contains(".wrap()"), "{passed}: {text}");
    }
}

#[test]
fn chains_over_a_range_run_as_written_when_the_range_fits_in_a_chunk() {
    let text = flat;
    // The range is probed once; one copy runs the chain as written over it, the other checked.
    let two = text(
        "fn f(n: u64, k: u64) -> Vec<u64> { (0..n).map(|i| i * k + 1).filter(|v| v % 3 != 0).collect() }",
    );
    assert!(two.contains("probe_within(0..n,"), "{two}");
    // The fn's return type is the `collect`'s target, written as its turbofish.
    assert!(
        two.contains("if__threadmgr_probe.fits(){(__threadmgr_probe.wrap_bare()).map(|i|i*k+1).filter(|v|v%3!=0).collect::<Vec<u64>>()}else{"),
        "{two}"
    );
    assert!(
        two.contains("(__threadmgr_probe.wrap()).map(|i|i*k+1)"),
        "{two}"
    );
    // A third copy, over a plain sub-range, for a `Vec` collected a chunk at a time.
    assert!(
        two.contains("::threadmgr::__private::target::<Vec<u64>,>()"),
        "{two}"
    );
    assert!(
        two.contains("__threadmgr_sink.extend(__threadmgr_sub.map(|i|i*k+1).filter(|v|v%3!=0),)"),
        "{two}"
    );
    assert_eq!(two.matches("|i|i*k+1").count(), 3, "{two}");
    for body in [
        "fn f(a: u32, b: u32) -> u32 { (a..=b).rev().step_by(3).map(u32::count_ones).sum() }",
        "fn f(n: usize, v: &[u8]) -> usize { (0..n).zip(v).take_while(|(i, b)| *i < usize::from(**b)).count() }",
        "fn f(n: usize) -> Vec<String> { (0..n).map(|i| format!(\"{i}\")).collect() }",
    ] {
        assert!(text(body).contains("fits()"), "{body}");
    }
    // One copy only: a source that is no bounded range, an adapter that may pull items from
    // elsewhere or hand them to other threads, a consumer of rayon's, or an argument that makes
    // a type of its own (a closure in a closure may be an item, and each copy would make
    // another type) or awaits.
    for body in [
        "fn f(k: u64) -> Option<u64> { (0..).map(|i| i * k).find(|v| v % 7 == 1) }",
        "fn f(v: &[u64]) -> u64 { v.iter().map(|x| x * 3).sum() }",
        "fn f(n: u64) -> u64 { (0..n).flat_map(|i| 0..i).map(|x| x * 2).sum() }",
        "fn f(n: u64, w: &[u64]) -> u64 { (0..n).chain(w.iter().copied()).map(|x| x * 2).sum() }",
        "fn f(n: u64) -> u64 { (0..n).cycle().take(10).map(|x| x * 2).sum() }",
        "fn f(n: u64) -> u64 { (0..n).into_par_iter().map(|x| x * 2).sum() }",
        "fn f(n: u64) -> Vec<Box<dyn Fn(u64) -> u64>> { (0..n).map(|i| Box::new(move |x| x + i) as Box<dyn Fn(u64) -> u64>).collect() }",
        "fn f(n: u64) -> u64 { (0..n).map(|i| mine!(i)).sum() }",
        "async fn f(n: u64) -> u64 { (0..n).take(g().await).map(|i| i * 2).sum() }",
        "fn f(n: u64) -> Vec<u64> { (0..n).map(|i| { fn h(x: u64) -> u64 { x } h(i) }).collect() }",
        // A closure as `fold`'s initial value is what the fold returns.
        "fn f(n: u64) -> u64 { (0..n).map(|i| i * 2).fold(|| 0u64, |g, _| g)() }",
    ] {
        assert!(!text(body).contains("fits()"), "{body}");
    }
}

/// `(a..).take(n)` is a range between two bounds, `a..a + n`: the probe takes the `take` whole,
/// and the chain runs in two copies (a third by chunks for a `Vec`), as over `a..b`. A `take`
/// anywhere else, or of a range with an end, is an adapter as before.
#[test]
fn a_take_of_a_range_without_an_end_is_a_source_between_two_bounds() {
    let text = flat;
    let two = text(
        "fn f(a: u64, n: usize) -> Vec<u64> { let v: Vec<u64> = (a..).take(n).map(|x| x * 3).collect(); v }",
    );
    assert!(two.contains("probe_within((a..).take(n),"), "{two}");
    assert!(
        two.contains("if__threadmgr_probe.fits(){(__threadmgr_probe.wrap_bare()).map(|x|x*3).collect::<Vec<u64>>()}else{"),
        "{two}"
    );
    assert!(
        two.contains("__threadmgr_sink.extend(__threadmgr_sub.map(|x|x*3))"),
        "{two}"
    );
    let folded = text("fn f(n: usize) -> u64 { (1u64..).take(n).fold(0, u64::wrapping_add) }");
    assert!(folded.contains("((1u64..).take(n),{"), "{folded}");
    assert!(folded.contains("fits()"), "{folded}");
    let extended =
        text("fn f(v: &mut Vec<u64>, n: usize) { v.extend((5..).take(n).map(|i| i * 2)); }");
    assert!(
        extended.contains("probe_within((5..).take(n),"),
        "{extended}"
    );
    assert!(extended.contains("extend_chunks"), "{extended}");
    // A `take` above an adapter, or over a step: one copy, as before.
    for body in [
        "fn f(n: usize) -> u64 { (0u64..).map(|x| x * 3).take(n).fold(0, u64::wrapping_add) }",
        "fn f(n: usize) -> u64 { (0u64..).step_by(2).take(n).map(|x| x * 3).fold(0, u64::wrapping_add) }",
    ] {
        assert!(!text(body).contains("fits()"), "{body}: {}", text(body));
    }
    // Over a range with an end, the range is the source, the `take` an adapter.
    let bounded = text(
        "fn f(n: usize) -> u64 { (0u64..=9).take(n).map(|x| x * 3).fold(0, u64::wrapping_add) }",
    );
    assert!(bounded.contains("probe(0u64..=9,"), "{bounded}");
    assert!(
        bounded.contains("(__threadmgr_probe.wrap_bare()).take(n)"),
        "{bounded}"
    );
}

/// The target type a `collect` by chunks reads: a turbofish, a `let`'s type, the fn's return
/// type; and where it does not collect by chunks: no type written, an `impl Trait`, an adapter
/// that is not per item, a `move` closure, a single name passed.
#[test]
fn a_collect_into_a_written_type_has_a_copy_by_chunks() {
    let text = flat;
    for (body, target) in [
        (
            "fn f(n: u64) -> usize { (0..n).map(|i| i * 2).collect::<Vec<_>>().len() }",
            "Vec<_>",
        ),
        (
            "fn f(n: u64) -> usize { let v: Vec<u64> = (0..n).filter(|i| i % 3 == 0).collect(); v.len() }",
            "Vec<u64>",
        ),
        (
            "fn f(n: u32) -> std::collections::HashSet<u32> { (0..=n).map(u32::reverse_bits).collect() }",
            "std::collections::HashSet<u32>",
        ),
    ] {
        let text = text(body);
        assert!(
            text.contains(&format!("::threadmgr::__private::target::<{target}")),
            "{body}: {text}"
        );
        assert!(text.contains("collect_chunks("), "{body}: {text}");
    }
    let both = "fn f(n: u64) -> usize { let v = (0..n).map(|i| i * 2).collect::<Vec<u64>>(); let w: Vec<u64> = (0..n).map(|i| i + 1).collect(); v.len() + w.len() }";
    assert_eq!(text(both).matches("collect_chunks(").count(), 2, "{both}");
    for body in [
        "fn f(n: u64) -> usize { g((0..n).map(|i| i * 2).collect()) }",
        "fn f(n: u64) -> Vec<impl std::fmt::Display> { (0..n).map(|i| i * 2).collect() }",
        "fn f(n: u64) -> Box<[u64]> { let v: Vec<u64> = (0..n).enumerate().map(|(k, i)| i * k as u64).collect(); v.into() }",
        "fn f(n: u64, k: u64) -> Vec<u64> { (0..n).map(move |i| i * k).collect() }",
        "fn f(n: u64, g: fn(u64) -> u64) -> Vec<u64> { (0..n).map(g).collect() }",
        "fn f(n: u64) -> Vec<u64> { (0..n).map(|i| i * 2).take(5).collect() }",
        "fn f(n: u64) -> Vec<u64> { (0..).map(|i| i * 2).take(n as usize).collect() }",
    ] {
        assert!(!text(body).contains("collect_chunks("), "{body}");
    }
}

/// `R.extend(chain)`: the chain's source is wrapped; over a range, in two copies, and a
/// chunk at a time where the chain acts per item and `R` is a place.
#[test]
fn an_extend_with_a_chain_wraps_its_source() {
    let text = flat;
    let chunks = text("fn f(v: &mut Vec<u64>, n: u64) { v.extend((0..n).map(|i| i * 2)); }");
    assert!(
        chunks.contains(
            "if__threadmgr_probe.fits(){v.extend((__threadmgr_probe.wrap_bare()).map(|i|i*2))}"
        ),
        "{chunks}"
    );
    assert!(
        chunks.contains("matchv.__threadmgr_place(){__threadmgr_place=>"),
        "{chunks}"
    );
    assert!(chunks.contains("extend_chunks("), "{chunks}");
    assert!(
        chunks.contains("__threadmgr_place.extend((__threadmgr_probe.wrap()).map(|i|i*2))"),
        "{chunks}"
    );
    // Two copies, no chunks: the adapter is not per item.
    let two =
        text("fn f(v: &mut Vec<u64>, n: u64) { v.extend((0..n).zip(5..).map(|(a, b)| a * b)); }");
    assert!(two.contains("fits()"), "{two}");
    assert!(!two.contains("extend_chunks("), "{two}");
    // One copy, wrapped: a receiver that is no place, a source that is no bounded range.
    for body in [
        "fn f(n: u64) { g().extend((0..n).map(|i| i * 2)); }",
        "fn f(v: &mut Vec<u64>) { v.extend((0..).filter(|i| i % 7 == 1).take(3)); }",
    ] {
        let text = text(body);
        assert!(!text.contains("fits()"), "{body}: {text}");
        assert!(
            text.contains("::threadmgr::__private::probe"),
            "{body}: {text}"
        );
    }
    // Left alone: a chain that passes no code, one over a slice (probed: unchanged by type),
    // no chain at all.
    assert!(!text("fn f(v: &mut Vec<u64>, n: u64) { v.extend((0..n).rev()); }").contains("probe"));
    assert!(!text("fn f(v: &mut Vec<u64>, w: &[u64]) { v.extend(w); }").contains("probe"));
}

#[test]
fn the_chain_a_flat_map_closure_returns_is_wrapped_at_its_source() {
    let text: String = super::pretty(&super::instrumented(
        "fn f(n: u64, m: u64) -> u64 { (0..n).flat_map(|i| (0..m).map(move |j| i * j)).sum() }",
    ))
    .split_whitespace()
    .collect();
    assert!(
        text.contains(".flat_map(|i|{(match::threadmgr::__private::probe_within(0..m,"),
        "{text}"
    );
    // A value returned that is no iterator chain is left as it is.
    let text: String = super::pretty(&super::instrumented(
        "fn f(v: &[Vec<u8>]) -> Vec<u8> { v.iter().flat_map(|row| row.clone()).collect() }",
    ))
    .split_whitespace()
    .collect();
    assert!(text.contains("row.clone()"), "{text}");
    assert!(!text.contains("probe(row.clone()"), "{text}");
}

#[test]
fn the_second_half_of_a_chain_is_wrapped_as_a_receiver_is() {
    let text = flat;
    // A value: probed where it is, without parentheses (it is an argument).
    let ranges = text(
        "fn f(n: u64, v: &[u64]) -> u64 { (0..n).chain(n..2 * n).map(|i| v[i as usize]).sum() }",
    );
    assert!(
        ranges.contains(".chain(match::threadmgr::__private::probe(n..2*n,"),
        "{ranges}"
    );
    // An adapter chain: its source is probed, as a receiver's chain's is.
    let mapped = text("fn f(n: u64, m: u64) -> u64 { (0..n).chain((0..m).map(|x| x * 2)).sum() }");
    assert!(
        mapped.contains(".chain((match::threadmgr::__private::probe(0..m,"),
        "{mapped}"
    );
    // A place, a chain that is not consumed here, a `chain` of something else: as written.
    let place =
        text("fn f(a: std::ops::Range<u64>, b: std::ops::Range<u64>) -> u64 { a.chain(b).sum() }");
    assert!(place.contains(".chain(b)"), "{place}");
    let lazy = text("fn f(n: u64) -> impl Iterator<Item = u64> { (0..n).chain(0..n) }");
    assert!(lazy.contains("(0..n).chain(0..n)"), "{lazy}");
}

#[test]
fn a_chain_whose_code_is_cheap_has_a_floor_its_sources_fit_without_the_site() {
    let text = flat;
    // Every argument a literal or a closure whose body is cheap: the first chunk of a cheap
    // `for` (4096 items), for the two copies' probe and for a `flat_map`'s inner chain.
    for body in [
        "fn f(n: u64, k: u64) -> u64 { (0..n).map(|i| i * k).filter(|v| v % 3 != 0).sum() }",
        "fn f(n: u64, m: u64) -> u64 { (0..n).flat_map(|i| (0..m).map(move |j| i ^ j)).sum() }",
        "fn f(v: &[u8]) -> usize { v.iter().skip(2).filter(|b| **b > 3).count() }",
    ] {
        let text = text(body);
        assert!(text.contains("probe_within("), "{body}: {text}");
        assert!(text.contains(",4096usize"), "{body}: {text}");
    }
    // A call, a fn path, a loop, a macro or an `async` closure anywhere in the chain: the
    // site decides alone.
    for body in [
        "fn f(n: u64) -> u64 { (0..n).map(|i| g(i)).sum() }",
        "fn f(n: u64) -> u64 { (0..n).map(|i| i * 2).filter(|v| v.is_power_of_two()).count() as u64 }",
        "fn f(n: u64) -> u64 { (0..n).map(g).sum() }",
        "fn f(n: u64) -> u64 { (0..n).map(|i| { let mut s = 0; for j in 0..i { s += j; } s }).sum() }",
        "fn f(n: u64) -> Vec<String> { (0..n).map(|i| format!(\"{i}\")).collect() }",
        "fn f(n: u64, k: u64) -> u64 { (0..n).take(k as usize).map(|i| i * 2).sum() }",
    ] {
        let text = text(body);
        assert!(!text.contains("probe_within("), "{body}: {text}");
        assert!(text.contains("probe("), "{body}: {text}");
    }
}

#[test]
fn a_chain_closure_is_judged_with_its_own_parameters() {
    // `x` in the closure is the item, not the fn's `u64`: its `pow` may be anyone's.
    let text: String = super::pretty(&super::instrumented(
        "fn f(x: u64, v: &[u64], n: u64) -> u64 { x + (0..n).map(|x| x.pow(2)).sum::<u64>() }",
    ))
    .split_whitespace()
    .collect();
    assert!(!text.contains("probe_within("), "{text}");
    // Declared, it is a `u64`: core's `pow`, cheap (as the closure's own entry sees it).
    let text: String = super::pretty(&super::instrumented(
        "fn f(n: u64) -> u64 { (0..n).map(|x: u64| x.pow(2)).sum::<u64>() }",
    ))
    .split_whitespace()
    .collect();
    assert!(text.contains("probe_within("), "{text}");
}

#[test]
fn a_consumer_under_a_method_of_its_result_ends_a_chain_of_its_own() {
    let text = flat;
    // `min_by` consumes the chain; `map` is `Option`'s: the chain under it is wrapped, so its
    // closures run in it with no entry of their own, as those of a chain that ends the
    // statement do.
    let ended = text(
        "fn f(c: &[(f64, f64)], x: f64) -> usize { c.iter().enumerate().map(|(i, &(cx, _))| (i, (x - cx).powi(2))).min_by(|a, b| a.1.total_cmp(&b.1)).map(|(i, _)| i).unwrap() }",
    );
    assert!(ended.contains("probe(c.iter()"), "{ended}");
    assert!(!ended.contains("enter("), "{ended}");
    // A method named like an adapter on an adapter is the adapter's: not consumed here.
    let lazy = text(
        "fn f(v: &[u64]) -> impl Iterator<Item = u64> + '_ { v.iter().map(|x| x * 2).filter(|x| g(*x)) }",
    );
    assert!(!lazy.contains("probe("), "{lazy}");
}

/// A chain whose loop runs through its range's `try_fold` takes the range as std's `Flatten` of
/// checked sub-ranges in its checked copy (`wrap_flat`); any other keeps the checked range.
#[test]
fn a_chain_whose_loop_runs_through_try_fold_takes_its_range_flat() {
    let text = flat;
    for body in [
        "fn f(v: &[u64]) -> usize { (0..v.len()).take_while(|&i| v[i] != 3).count() }",
        "fn f(v: &[u64]) -> u64 { (0..v.len()).scan(0u64, |a, i| { *a += v[i]; Some(*a) }).fold(0, |a, x| a ^ x) }",
        "fn f(v: &[u64]) -> Option<u64> { (0..v.len()).try_fold(0u64, |a, i| a.checked_add(v[i])) }",
        "fn f(v: &[u64]) -> Option<usize> { (0..v.len()).enumerate().find(|&(_, i)| v[i] == 3).map(|(k, _)| k) }",
        "fn f(n: u64) -> bool { (0..n).map(|i| i * 3).any(|x| x == 7) }",
        "fn f(v: &[u64], out: &mut Vec<u64>) { out.extend((0..v.len()).map_while(|i| v.get(i).copied())); }",
        "fn f(n: u64) -> Vec<u64> { (0..n).skip_while(|i| i % 7 != 3).map(|i| i * 2).collect() }",
    ] {
        let text = text(body);
        assert_eq!(text.matches(".wrap_flat()").count(), 1, "{body}: {text}");
        assert!(text.contains(".wrap_bare()"), "{body}: {text}");
    }
    for body in [
        // A fold, or a search on the range itself: the checked range's own.
        "fn f(n: u64) -> u64 { (0..n).map(|i| i * 3).sum() }",
        "fn f(n: u64) -> Option<usize> { (0..n).position(|i| i * 3 == 7) }",
        // Adapters that ask more of it than `Iterator` (`rev`), or pull two sources (`zip`).
        "fn f(n: u64) -> Option<u64> { (0..n).rev().take_while(|i| i % 7 != 3).last() }",
        "fn f(n: u64, v: &[u64]) -> bool { (0..n).zip(v).any(|(i, x)| i == *x) }",
        // A consumer that compares or runs from the back.
        "fn f(n: u64) -> Option<u64> { (0..n).take_while(|i| i % 7 != 3).nth(5) }",
    ] {
        assert!(!text(body).contains("wrap_flat"), "{body}: {}", text(body));
    }
}

#[test]
fn a_chain_that_indexes_with_its_items_wraps_its_range_indexed() {
    let text = flat;
    for body in [
        "fn f(v: &[u64]) -> usize { (0..v.len()).filter(|&i| v[i] % 7 == 0).count() }",
        "fn f(v: &[u64]) -> u64 { (0..v.len()).rev().map(|i| v[i] * 2).sum() }",
        "fn f(v: &[u64]) -> Option<usize> { (0..v.len()).enumerate().map(|(k, i)| v[i] + k as u64).max() }",
        "fn f(s: &[u8]) -> usize { (1..=s.len()).filter(|&n| s[..n].ends_with(b\"ab\")).count() }",
        "fn f(v: &[u64], n: usize) -> u64 { (0..n).fold(0, |acc, i| acc ^ v[i % v.len()]) }",
    ] {
        let text = text(body);
        assert_eq!(text.matches(".wrap_indexed()").count(), 1, "{body}: {text}");
        // The copy that runs as written keeps its range as it is.
        assert!(text.contains(".wrap_bare()"), "{body}: {text}");
    }
    // An index that is not an item's, no index at all, an item indexed outside the chain's
    // closures: the fold may be one the compiler computes in closed form, left so.
    for body in [
        "fn f(n: u64) -> u64 { (0..n).map(|i| i * 3 + 1).sum() }",
        "fn f(v: &[u64], n: u64) -> u64 { (0..n).map(|i| i * v[0]).sum() }",
        "fn f(v: &[u64], k: usize) -> u64 { (0..v.len()).map(|i| i as u64 * v[k]).sum() }",
        "fn f(v: &[u64]) -> u64 { (0..v.len()).map(|i| v.get(i).copied().unwrap_or(0)).sum() }",
    ] {
        let text = text(body);
        assert!(!text.contains("wrap_indexed"), "{body}: {text}");
        assert!(text.contains(".wrap()"), "{body}: {text}");
    }
}

#[test]
fn a_chain_stored_in_a_local_is_probed_where_a_consumer_takes_the_local() {
    // A search borrows the local: probed as `&mut it`, and the local stays for the code after.
    let text = flat(
        "fn f(n: u64, k: u64) -> (Option<u64>, Option<u64>) { let mut it = (1..n).map(|x| x * k); let a = it.find(|&x| x > 9); (a, it.next()) }",
    );
    assert!(text.contains("letmutit=(1..n).map(|x|x*k);"), "{text}");
    assert!(text.contains("probe_within(&mutit,"), "{text}");
    // A consumer that takes the local by value: probed by value, as the call moved it.
    let text =
        flat("fn f(v: &[u64]) -> usize { let big = v.iter().filter(|x| **x > 2); big.count() }");
    assert!(text.contains("probe_within(big,"), "{text}");
    // std's sources: a fn of `iter`, a method that makes an iterator, a range.
    let text = flat(
        "fn f(s: &str) -> (usize, bool, u64) { let steps = std::iter::successors(Some(1u64), |x| x.checked_mul(3)).skip(1); let mut letters = s.chars(); let mut r = 0..9u64; (steps.count(), letters.any(|c| c == 'z'), r.sum()) }",
    );
    assert!(text.contains("probe_within(steps,"), "{text}");
    assert!(text.contains("probe_within(&mutletters,"), "{text}");
}

#[test]
fn locals_not_known_to_hold_an_iterator_are_left_alone() {
    for (body, local) in [
        // Made by a call of one's own: a builder's `count` may borrow it.
        ("fn f() -> usize { let q = make(); q.count() }", "q"),
        // An adapter's name over a value of one's own.
        (
            "fn f(t: &T) -> usize { let q = t.table().filter(p); q.count() }",
            "q",
        ),
        // Bound twice: a name may be either.
        (
            "fn f(n: u64) -> u64 { let it = (0..n).map(g); let it = it.filter(p); it.sum() }",
            "it",
        ),
        // A comparison borrows as `PartialEq`'s.
        ("fn f(n: u64) -> bool { let a = 0..n; a.eq(0..n) }", "a"),
        // A search on a local not bound `mut` (a `&mut` to an iterator, which `&mut` would not take).
        ("fn f(n: u64) -> bool { let a = (0..n).map(g); h(a) }", "a"),
        // An argument that names the local: an explicit `&mut` before it would conflict.
        (
            "fn f(n: u64) -> Option<u64> { let mut a = 0..n; a.try_fold(a.start, |x, y| x.checked_add(y)) }",
            "a",
        ),
        // `by_ref` borrows the local; its result is what is probed.
        (
            "fn f(n: u64) -> usize { let mut a = (0..n).map(g); a.by_ref().take_while(|x| *x < 5).count() }",
            "a",
        ),
    ] {
        let text = flat(body);
        assert!(
            !text.contains(&format!("({local},")) && !text.contains(&format!("(&mut{local},")),
            "{body}: {text}"
        );
    }
}

#[test]
fn a_stored_chain_that_skips_has_its_source_probed_when_it_is_only_iterated() {
    // Only ever a receiver or iterated: its range is probed where the chain is made (a filter
    // that passes nothing would give a wrapper of the local no item to count).
    let text = flat(
        "fn f(k: u64) -> (Option<u64>, Option<u64>) { let mut odd = (1u64..).filter(|x| x % k == 1); let a = odd.find(|&x| x > 9); for x in &mut odd { if x > 99 { break; } } (a, odd.next()) }",
    );
    assert!(text.contains("probe_within(1u64..,"), "{text}");
    // Passed to a call, which may name its type: left as written where it is made.
    let text = flat(
        "fn f(k: u64) -> Option<u64> { let mut odd = (1u64..).filter(|x| x % k == 1); let a = odd.find(|&x| x > 9); g(odd); a }",
    );
    assert!(text.contains("letmutodd=(1u64..).filter("), "{text}");
    // Typed: the wrapper would not be the type written.
    let text = flat(
        "fn f(k: u64) -> usize { let odd: Filter<RangeFrom<u64>, fn(&u64) -> bool> = (1u64..).filter(keep); odd.count() }",
    );
    assert!(text.contains("=(1u64..).filter(keep);"), "{text}");
}

#[test]
fn parameters_that_are_owned_iterators_are_probed_where_a_consumer_takes_them() {
    let text = flat("fn f(it: impl Iterator<Item = u64>) -> u64 { it.sum() }");
    assert!(probes(&text, "it"), "{text}");
    let text = flat(
        "fn f<I: DoubleEndedIterator<Item = u64>>(mut it: I) -> Option<u64> { it.find(|&x| g(x)) }",
    );
    assert!(probes(&text, "&mutit"), "{text}");
    let text = flat("fn f<I>(it: I) -> usize where I: Iterator<Item = u8> + Clone { it.count() }");
    assert!(probes(&text, "it"), "{text}");
    let text = flat(
        "fn f(it: Box<dyn Iterator<Item = u64> + '_>) -> usize { it.filter(|x| x % 3 == 0).count() }",
    );
    assert!(probes(&text, "it"), "{text}");
    // A type that says nothing of iterators may be anything; a shared reference is no
    // iterator to consume.
    for body in [
        "fn f(it: Lines) -> usize { it.count() }",
        "fn f<T: Clone>(it: T) -> usize { it.count() }",
        "fn f(it: &impl Iterator<Item = u64>) -> usize { it.count() }",
        "fn f(it: Box<Lines>) -> usize { it.count() }",
        "fn f(it: my::Box<dyn Iterator<Item = u64>>) -> usize { it.count() }",
    ] {
        let text = flat(body);
        assert!(
            !probes(&text, "it") && !probes(&text, "&mutit") && !probes(&text, "&mut*it"),
            "{text}"
        );
    }
}

#[test]
fn mut_reference_parameters_to_iterators_are_probed_reborrowed() {
    // What the call as written does with a `&mut` receiver: reborrows it (a search), or moves
    // it (a by-value consumer), where `&mut *it` allows as much.
    for body in [
        "fn f(it: &mut impl Iterator<Item = u64>) -> u64 { it.sum() }",
        "fn f<I: Iterator<Item = u64>>(it: &mut I) -> Option<u64> { it.find(|x| x % 7 == 1) }",
        "fn f<I>(it: &mut I) -> usize where I: DoubleEndedIterator<Item = u8> { it.filter(|b| *b == 0).count() }",
        "fn f(it: &mut dyn Iterator<Item = u64>) -> bool { it.any(|x| x == 3) }",
        "fn f(it: &mut (dyn Iterator<Item = u64> + Send)) -> u64 { it.map(|x| x ^ 1).fold(0, |a, b| a ^ b) }",
    ] {
        let text = flat(body);
        assert!(probes(&text, "&mut*it"), "{body}: {text}");
    }
    // Left: an argument that names the parameter (the reborrow would be held over it), a
    // comparison (`PartialEq` for `&mut A` has the name too), `by_ref` (its result is probed).
    for body in [
        "fn f(it: &mut impl Iterator<Item = u64>) -> Option<u64> { it.nth(it.size_hint().0 / 2) }",
        "fn f(it: &mut impl Iterator<Item = u64>, other: &mut impl Iterator<Item = u64>) -> bool { it.eq(other) }",
        "fn f(it: &mut impl Iterator<Item = u64>) -> usize { it.by_ref().take(3).count() }",
    ] {
        let text = flat(body);
        assert!(!probes(&text, "&mut*it"), "{body}: {text}");
    }
}

#[test]
fn a_take_over_a_source_that_is_not_a_range_is_probed_itself() {
    for (body, take) in [
        // Consumed: what the consumer takes is the `Take`.
        (
            "fn f(n: usize) -> Vec<u8> { std::iter::repeat(0u8).take(n).collect() }",
            "std::iter::repeat(0u8).take(n)",
        ),
        // A flattening's inner iterator.
        (
            "fn f(v: &[(u8, usize)]) -> Vec<u8> { v.iter().flat_map(|&(b, n)| std::iter::repeat(b).take(n)).collect() }",
            "std::iter::repeat(b).take(n)",
        ),
        // An `extend`'s argument (one that passes no code, `s.extend(repeat(' ').take(n))`, is
        // std's loop alone, left as written), and a call's argument with a closure in its source.
        (
            "fn f(s: &mut String, n: usize) { s.extend(std::iter::repeat('a').take(n).map(|c| c.to_ascii_uppercase())) }",
            "std::iter::repeat('a').take(n)",
        ),
        (
            "fn f(n: usize) -> u64 { let mut x = 1; g(std::iter::repeat_with(|| { x += 1; x }).take(n)) }",
            "std::iter::repeat_with(||{x+=1;x}).take(n)",
        ),
        // A `chain`'s second half, and an adapter's source.
        (
            "fn f(n: usize) -> usize { (0..3).chain(std::iter::repeat(9).take(n)).filter(|x| x % 2 == 1).count() }",
            "std::iter::repeat(9).take(n)",
        ),
    ] {
        let text = flat(body);
        assert!(probes_a_take(&text, take), "{body}: {text}");
        assert!(!probes(&text, take), "{body}: {text}");
    }
    // An adapter under the `take`: the `Cycle` is probed, and the probe takes `n` of it.
    let text = flat(
        "fn f(v: &[u8], n: usize) -> u64 { v.iter().cycle().take(n).map(|&b| u64::from(b)).sum() }",
    );
    assert!(text.contains(".cycle(),{static"), "{text}");
    assert!(
        text.contains(",n,){(__threadmgr_source,__threadmgr_count)=>"),
        "{text}"
    );
    assert!(!text.contains(".cycle().take(n),{static"), "{text}");
    // The `take` runs as written, in a closure with no entry, for a source that is not an
    // iterator (`io::Read::take`), and the adapters above the `take` see a wrapped chain:
    // their closures get no entry either.
    assert!(
        text.contains("__threadmgr_it.take(__threadmgr_n)"),
        "{text}"
    );
    assert!(text.contains(".map(|&b|u64::from(b))"), "{text}");
    // A range keeps its own probe (sub-range folds), under the `take` as before.
    let text = flat("fn f(n: u64, k: usize) -> u64 { (0..n).take(k).map(|x| x * 3).sum() }");
    assert!(probes(&text, "0..n"), "{text}");
}

/// Whether flat instrumented text probes `receiver` (`probe(R, ..)` or `probe_within(R, ..)`).
fn probes(text: &str, receiver: &str) -> bool {
    text.contains(&format!("probe({receiver},"))
        || text.contains(&format!("probe_within({receiver},"))
}

/// Whether flat instrumented text probes `take`, `X.take(N)`, split at its `take`: `X` probed,
/// and the probe taking `N` of it (see `probe_a_take`).
fn probes_a_take(text: &str, take: &str) -> bool {
    let (source, count) = take.rsplit_once(".take(").expect("a take");
    let count = count.strip_suffix(')').expect("a take's argument");
    probes(text, source)
        && text.contains(&format!(
            ",{count},){{(__threadmgr_source,__threadmgr_count)=>"
        ))
}

#[test]
fn a_flattenings_inner_chain_whose_items_a_for_loop_counts_is_left_as_written() {
    // A `for` counts every item the flattening yields: an inner chain that passes on what it
    // pulls is left as it is; its source, which the flattening may skip through, is probed.
    let text = flat(
        "fn f(h: u32, w: u32) -> u64 { let mut s = 0; for (x, y) in (0..h).flat_map(|y| (0..w).map(move |x| (x, y))) { s += u64::from(x ^ y); } s }",
    );
    assert!(probes(&text, "0..h"), "{text}");
    assert!(!probes(&text, "0..w"), "{text}");
    // So does a `Vec`'s `collect` (its target written, or the `let`'s or the fn's type), through
    // the flattening's checked wrapper.
    for body in [
        "fn f(h: u32, w: u32) -> Vec<u32> { (0..h).flat_map(|y| (0..w).map(move |x| x ^ y)).collect() }",
        "fn f(h: u32, w: u32) -> usize { let v: Vec<u32> = (0..h).flat_map(|y| (0..w).map(move |x| x ^ y)).collect(); v.len() }",
        "fn f(h: u32, w: u32) -> usize { (0..h).flat_map(|y| (0..w).map(move |x| x ^ y)).map(|x| x + 1).collect::<Vec<_>>().len() }",
    ] {
        let text = flat(body);
        assert!(probes(&text, "0..h"), "{body}: {text}");
        assert!(!probes(&text, "0..w"), "{body}: {text}");
    }
    // Wrapped as before: an inner chain that may skip, an inner chain under an adapter that may
    // skip before the `for` gets the items, one consumed by a fold or collected into another
    // type, and an inner chain over another source than a range.
    for (body, inner) in [
        (
            "fn f(h: u32, w: u32) -> String { (0..h).flat_map(|y| (0..w).map(move |x| if x == y { 'a' } else { 'b' })).collect() }",
            "0..w",
        ),
        (
            "fn f(v: &[(u8, usize)]) -> u64 { let mut s = 0; for b in v.iter().flat_map(|&(b, n)| std::iter::repeat(b).take(n)) { s += u64::from(b); } s }",
            "std::iter::repeat(b).take(n)",
        ),
        (
            "fn f(h: u64) -> u64 { let mut s = 0; for x in (0..h).flat_map(|y| (y..).filter(|x| x % 7 == 0)) { s ^= x; } s }",
            "y..",
        ),
        (
            "fn f(h: u64) -> u64 { let mut s = 0; for x in (0..h).flat_map(|y| (0..y).map(move |x| x ^ y)).filter(|x| x % 7 == 0) { s ^= x; } s }",
            "0..y",
        ),
        (
            "fn f(h: u64) -> u64 { (0..h).flat_map(|y| (0..y).map(move |x| x ^ y)).sum() }",
            "0..y",
        ),
    ] {
        let text = flat(body);
        let probed = match inner.contains(".take(") {
            true => probes_a_take(&text, inner),
            false => probes(&text, inner),
        };
        assert!(probed, "{body}: {text}");
    }
}

#[test]
fn the_range_a_counted_flattening_steps_through_is_counted_down() {
    // A `for`, and a `Vec`'s `collect`: the range under the flattening is `wrap_ticked` (an
    // inner chain that may skip is wrapped itself, and checks as it skips).
    for body in [
        "fn f(h: u32, w: u32) -> u64 { let mut s = 0; for (x, y) in (0..h).flat_map(|y| (0..w).map(move |x| (x, y))) { s += u64::from(x ^ y); } s }",
        "fn f(h: u64) -> u64 { let mut s = 0; for x in (0..h).flat_map(|y| (y..).filter(|x| x % 7 == 0)) { s ^= x; } s }",
        "fn f(n: u32) -> Vec<u32> { (1..=n).flat_map(|r| (1..=r).rev().map(move |k| r * 100 + k)).collect::<Vec<_>>() }",
    ] {
        let text = flat(body);
        assert!(
            text.contains("__threadmgr_probe.wrap_ticked()"),
            "{body}: {text}"
        );
    }
    // Not a range written as one, or a flattening whose consumer does not count its items (a
    // fold, a filter above it): as before.
    for body in [
        "fn f(v: &[u32], w: u32) -> Vec<u32> { v.iter().copied().flat_map(|y| (0..w).map(move |x| x ^ y)).collect::<Vec<_>>() }",
        "fn f(h: u32, w: u32) -> u32 { (0..h).flat_map(|y| (0..w).map(move |x| x ^ y)).fold(0, |a, b| a ^ b) }",
        "fn f(h: u64) -> u64 { let mut s = 0; for x in (0..h).flat_map(|y| (0..y).map(move |x| x ^ y)).filter(|x| x % 7 == 0) { s ^= x; } s }",
    ] {
        let text = flat(body);
        assert!(!text.contains("wrap_ticked"), "{body}: {text}");
    }
}
