//! Control flow that is not a loop: early `return`, `?` on `Option` and `Result`, `let else`,
//! shadowing, match guards, `if let` chains (edition 2024), labeled blocks, and items and
//! macros inside a body.

use std::collections::HashMap;
use std::num::ParseIntError;

use proptest::prelude::*;

#[derive(Debug, PartialEq, Clone)]
pub enum ParseError {
    Empty,
    Number(ParseIntError),
    Negative(i64),
}

impl From<ParseIntError> for ParseError {
    fn from(e: ParseIntError) -> Self {
        ParseError::Number(e)
    }
}

twins! {
    fn early_returns(n: i64) -> &'static str {
        if n < 0 {
            return "negative";
        }
        if n == 0 {
            return "zero";
        }
        for d in 2..n {
            if d * d > n {
                break;
            }
            if n % d == 0 {
                return "composite";
            }
        }
        if n == 1 { "one" } else { "prime" }
    }
}

twins! {
    fn question_mark_option(words: &[&str], key: &str) -> Option<usize> {
        let first = words.first()?;
        let pos = words.iter().position(|w| *w == key)?;
        let len = first.len().checked_add(pos)?;
        Some(len * 2)
    }
}

twins! {
    fn question_mark_result(text: &str) -> Result<i64, ParseError> {
        if text.trim().is_empty() {
            return Err(ParseError::Empty);
        }
        let mut total = 0i64;
        for part in text.split(',') {
            let n: i64 = part.trim().parse()?;
            if n < 0 {
                Err(ParseError::Negative(n))?;
            }
            total = total.checked_add(n).ok_or(ParseError::Empty)?;
        }
        Ok(total)
    }
}

twins! {
    fn question_mark_in_closure(rows: &[&str]) -> Vec<Option<u32>> {
        let parse = |row: &str| -> Option<u32> {
            let (a, b) = row.split_once('x')?;
            let a: u32 = a.parse().ok()?;
            let b: u32 = b.parse().ok()?;
            a.checked_mul(b)
        };
        rows.iter().map(|r| parse(r)).collect()
    }
}

twins! {
    fn let_else(input: &str) -> Result<(String, u32), String> {
        let Some((name, age)) = input.split_once('=') else {
            return Err(format!("no '=' in {input:?}"));
        };
        let Ok(age) = age.parse::<u32>() else {
            return Err(String::from("bad age"));
        };
        let [first, ..] = name.as_bytes() else {
            return Err("empty name".into());
        };
        let initial = *first as char;
        Ok((format!("{initial}:{name}"), age))
    }
}

twins! {
    fn let_else_in_loop(items: &[Option<u32>]) -> (u32, usize) {
        let mut sum = 0;
        let mut gaps = 0;
        for item in items {
            let Some(v) = item else {
                gaps += 1;
                continue;
            };
            let 0..=999 = v else {
                break;
            };
            sum += v;
        }
        (sum, gaps)
    }
}

twins! {
    fn shadowing(x: i32) -> (String, usize, i64) {
        let x = x.wrapping_mul(2);
        let y = x;
        let x = i64::from(x) + 1;
        let x = {
            let x = x * 3;
            x - 1
        };
        let s = x.to_string();
        let s = s.len();
        let x = format!("{x}/{y}");
        let mut total = 0;
        for x in 0..s {
            let x = x * 2;
            total += x;
        }
        (x, total, i64::from(y))
    }
}

twins! {
    fn match_guards(values: &[(i32, Option<&str>)]) -> Vec<String> {
        let mut out = Vec::new();
        for v in values {
            let label = match v {
                (n, Some(s)) if s.len() > 3 && *n > 0 => format!("long {s} {n}"),
                (n, Some("")) => format!("empty {n}"),
                (0, None) => "zero".to_owned(),
                (n @ 1..=9, _) => format!("digit {n}"),
                (n, None) if n % 2 == 0 => "even".to_owned(),
                (n, _) if {
                    let mut k = *n;
                    while k > 100 {
                        k /= 10;
                    }
                    k == 42
                } => "starts with 42".to_owned(),
                _ => continue,
            };
            out.push(label);
        }
        out
    }
}

twins! {
    fn if_let_chains(map: &HashMap<String, Vec<i32>>, key: &str, min: i32) -> Option<i32> {
        if let Some(values) = map.get(key)
            && let Some(first) = values.first()
            && *first >= min
            && let Some(last) = values.last()
        {
            return Some(first + last);
        }
        if let Some(values) = map.get(key)
            && values.is_empty()
        {
            Some(-1)
        } else if let Some(v) = map.get("fallback")
            && let [a, .., b] = v.as_slice()
        {
            Some(a * b)
        } else {
            None
        }
    }
}

twins! {
    fn labeled_blocks(n: u32) -> (u32, &'static str) {
        let a = 'check: {
            if n == 0 {
                break 'check 100;
            }
            if n.is_multiple_of(7) {
                break 'check n / 7;
            }
            n + 1
        };
        let kind = 'kind: {
            for d in 2..n {
                if n % d == 0 {
                    break 'kind "composite";
                }
            }
            "not composite"
        };
        (a, kind)
    }
}

twins! {
    fn items_inside(n: u32) -> (u32, u32, u32, String) {
        const LIMIT: u32 = {
            let mut i = 0;
            let mut s = 0;
            while i < 10 {
                s += i;
                i += 1;
            }
            s
        };
        static GREETING: &str = "hi";
        fn helper(x: u32) -> u32 {
            let mut t = 0;
            for i in 0..x {
                t += i;
            }
            t
        }
        struct Local {
            v: u32,
        }
        impl Local {
            fn twice(&self) -> u32 {
                let mut r = 0;
                for _ in 0..2 {
                    r += self.v;
                }
                r
            }
        }
        macro_rules! triple {
            ($e:expr) => {
                $e * 3
            };
        }
        let arr = [0u8; { 2 + 2 }];
        let inline = const {
            let mut k = 1;
            while k < 100 {
                k *= 3;
            }
            k
        };
        (
            helper(n.min(LIMIT)),
            Local { v: n }.twice() + arr.len() as u32,
            triple!(n) + inline,
            format!("{GREETING} {}", LIMIT),
        )
    }
}

twins! {
    fn macros_everywhere(values: &[u32]) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        assert!(values.len() < 1_000, "too many values: {}", values.len());
        debug_assert_eq!(out.len(), 0);
        for v in values {
            write!(out, "{v:>3}|").unwrap();
            if matches!(v % 5, 0 | 3) {
                writeln!(out).unwrap();
            }
        }
        let summary = vec![values.len(), values.iter().filter(|v| **v > 10).count()];
        out.push_str(&format!("{summary:?}"));
        assert_eq!(summary.len(), 2);
        out
    }
}

// Places of the language's compound types in parameters (a tuple's field, a slice's or an
// array's element by a `usize`), typed from the signature: no entry check where their methods
// are core's, and the same results and bounds-check panics.
twins! {
    fn compound_places(
        a: (f64, f64),
        b: &(f64, f64),
        bytes: &[u8],
        i: usize,
        mut m: [[u32; 2]; 2],
    ) -> (u64, u32, [[u32; 2]; 2]) {
        let d = (a.0 - b.0).powi(2) + (a.1 - b.1).powi(2);
        m[1][0] = m[0][1].rotate_left(3);
        (d.to_bits(), bytes[i].count_ones() + bytes[0].leading_zeros(), m)
    }
}

#[test]
fn returns() {
    for n in [-5, 0, 1, 2, 4, 9, 97, 4096, 4097, 10_007] {
        same!(early_returns(n)).returned();
    }
}

#[test]
fn question_marks() {
    let words = ["alpha", "beta", "gamma"];
    for key in ["alpha", "gamma", "delta"] {
        same!(question_mark_option(&words, key)).returned();
    }
    same!(question_mark_option(&[], "x")).returned();
    for text in ["", "1,2,3", "1, -2", "x", "9223372036854775807,1", " 4 ,5 "] {
        same!(question_mark_result(text)).returned();
    }
    same!(question_mark_in_closure(&[
        "3x4",
        "x",
        "a x b",
        "70000x70000",
        "0x1"
    ]))
    .returned();
}

#[test]
fn let_elses() {
    for input in ["bob=42", "nope", "=3", "ann=x", "émile=7"] {
        same!(let_else(input)).returned();
    }
    let items: Vec<Option<u32>> = vec![Some(1), None, Some(5), None, Some(2000), Some(3)];
    assert_eq!(same!(let_else_in_loop(&items)).value(), (6, 2));
}

#[test]
fn compound_places_keep_results_and_panics() {
    let bytes = [0b1011u8, 0xff, 0];
    for i in 0..3 {
        let m = [[1, 0x8000_0001], [0, 7]];
        same!(compound_places((1.5, -2.0), &(0.25, 3.0), &bytes, i, m)).returned();
    }
    assert!(
        same!(compound_places(
            (0.0, 0.0),
            &(0.0, 0.0),
            &bytes,
            3,
            [[0; 2]; 2]
        ))
        .panic_message()
        .contains("index out of bounds")
    );
}

#[test]
fn shadowed_names() {
    for x in [0, 1, -7, i32::MAX, i32::MIN] {
        same!(shadowing(x)).returned();
    }
}

#[test]
fn guards() {
    let values = [
        (5, Some("hello")),
        (0, None),
        (3, Some("")),
        (4, None),
        (42_000, None),
        (4_217, Some("ab")),
        (-3, None),
        (77, Some("xyz")),
    ];
    same!(match_guards(&values)).returned();
}

#[test]
fn let_chains() {
    let mut map = HashMap::new();
    map.insert("a".to_owned(), vec![5, 6, 7]);
    map.insert("empty".to_owned(), vec![]);
    for key in ["a", "empty", "missing"] {
        for min in [0, 5, 6] {
            same!(if_let_chains(&map, key, min)).returned();
        }
    }
    map.insert("fallback".to_owned(), vec![3, 9, 11]);
    same!(if_let_chains(&map, "missing", 0)).returned();
}

#[test]
fn blocks_items_and_macros() {
    for n in [0, 1, 7, 12, 13, 49] {
        same!(labeled_blocks(n)).returned();
        same!(items_inside(n)).returned();
    }
    same!(macros_everywhere(&[1, 3, 5, 10, 11, 13])).returned();
    let long: Vec<u32> = (0..2000).collect();
    assert_eq!(
        same!(macros_everywhere(&long)).panic_message(),
        "too many values: 2000"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prop_text(text in "[0-9, x=-]{0,24}") {
        same!(question_mark_result(&text)).returned();
        same!(let_else(&text)).returned();
        same!(question_mark_in_closure(&text.split(',').collect::<Vec<_>>())).returned();
    }

    #[test]
    fn prop_numbers(n in any::<i32>()) {
        same!(shadowing(n)).returned();
        same!(early_returns(i64::from(n % 100_000))).returned();
        same!(labeled_blocks(n.unsigned_abs() % 5000)).returned();
    }

    #[test]
    fn prop_guards(values in prop::collection::vec((any::<i32>(), prop::option::of("[a-z]{0,6}")), 0..40)) {
        let borrowed: Vec<(i32, Option<&str>)> = values.iter().map(|(n, s)| (*n, s.as_deref())).collect();
        same!(match_guards(&borrowed)).returned();
    }
}
