//! Panics keep their payload and their place: explicit `panic!`, `unwrap` and `expect`,
//! arithmetic in call-free loops, non-string payloads, `-> !` fns, panics caught inside the body.

use std::panic;

use proptest::prelude::*;

use crate::support::*;

twins! {
    fn panics_at(n: u64, bad: u64) -> u64 {
        let mut sum = 0;
        for i in 0..n {
            if i == bad {
                panic!("reached {bad} after summing {sum}");
            }
            sum += i;
        }
        sum
    }
}

twins! {
    fn unwraps(values: &[&str]) -> u64 {
        let mut total = 0;
        for v in values {
            let n: u64 = v.parse().expect("a number");
            total += n;
        }
        let first = values.first().copied().unwrap();
        total + first.len() as u64
    }
}

twins! {
    fn payload_not_a_string(code: i32) -> i32 {
        if code < 0 {
            panic::panic_any(code);
        }
        code
    }
}

twins! {
    fn diverges(message: &str) -> ! {
        let mut n = 0;
        loop {
            n += 1;
            if n == 5000 {
                panic!("gave up: {message}");
            }
        }
    }
}

twins! {
    fn uses_diverging(n: u64) -> u64 {
        let value = match n {
            0 => diverges::plain::diverges("zero"),
            n => n * 2,
        };
        value
    }
}

twins! {
    fn catches_inside(values: &[u64]) -> (u64, Vec<String>) {
        let mut ok = 0;
        let mut errors = Vec::new();
        for v in values {
            let result = panic::catch_unwind(|| {
                let mut acc = 1u64;
                for _ in 0..*v {
                    acc *= 3;
                }
                acc
            });
            match result {
                Ok(acc) => ok += acc % 1000,
                Err(payload) => errors.push(describe(&*payload)),
            }
        }
        (ok, errors)
    }
}

twins! {
    fn panics_in_iterator_closure(values: &[i32]) -> Vec<i32> {
        values
            .iter()
            .map(|v| {
                assert!(*v != 13, "unlucky value at {v}");
                v * 2
            })
            .collect()
    }
}

twins! {
    fn resumes(value: u32) -> u32 {
        let caught = panic::catch_unwind(|| {
            if value > 10 {
                panic::resume_unwind(Box::new(value));
            }
            value
        });
        match caught {
            Ok(v) => v,
            Err(payload) => *payload.downcast::<u32>().unwrap() + 1,
        }
    }
}

#[test]
fn explicit_panics() {
    for bad in STOPS {
        let outcome = same!(panics_at(20_000, bad));
        assert!(
            outcome
                .panic_message()
                .starts_with(&format!("reached {bad} "))
        );
    }
    same!(panics_at(100, 200)).returned();
}

#[test]
fn unwrap_and_expect() {
    same!(unwraps(&["1", "22"])).returned();
    assert!(
        same!(unwraps(&["1", "x"]))
            .panic_message()
            .starts_with("a number: ")
    );
    assert_eq!(
        same!(unwraps(&[])).panic_message(),
        "called `Option::unwrap()` on a `None` value"
    );
}

#[test]
fn payloads() {
    same!(payload_not_a_string(4)).returned();
    assert_eq!(
        same!(payload_not_a_string(-4)).panic_message(),
        "<a panic payload that is not a string>"
    );
    assert_eq!(same!(diverges("now")).panic_message(), "gave up: now");
    same!(uses_diverging(3)).returned();
    assert_eq!(same!(uses_diverging(0)).panic_message(), "gave up: zero");
}

#[test]
fn caught_inside_the_body() {
    let (_, errors) = same!(catches_inside(&[1, 5, 41, 42, 2])).value();
    assert_eq!(errors, ["attempt to multiply with overflow"; 2]);
    assert_eq!(same!(resumes(3)).value(), 3);
    assert_eq!(same!(resumes(30)).value(), 31);
    assert_eq!(
        same!(panics_in_iterator_closure(&[1, 13])).panic_message(),
        "unlucky value at 13"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn prop_panics(n in 0u64..10_000, bad in 0u64..10_000) {
        same!(panics_at(n, bad));
    }
}
