//! A `#[haltable]` fn called outside any job runs normally and gives the same result.

use threadmgr::haltable;

macro_rules! twice {
    ($(fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block)*) => {
        mod plain {
            $(pub fn $name($($arg: $ty),*) -> $ret $body)*
        }
        mod instrumented {
            use super::haltable;
            $(#[haltable] pub fn $name($($arg: $ty),*) -> $ret $body)*
        }
    };
}

twice! {
    fn collatz_steps(n: u64) -> u32 {
        let mut n = n.max(1);
        let mut steps = 0;
        while n != 1 {
            n = if n.is_multiple_of(2) { n / 2 } else { 3 * n + 1 };
            steps += 1;
        }
        steps
    }

    fn primes_below(limit: usize) -> Vec<usize> {
        let mut sieve = vec![true; limit];
        let mut primes = Vec::new();
        for i in 2..limit {
            if sieve[i] {
                primes.push(i);
                let mut j = i * i;
                while j < limit {
                    sieve[j] = false;
                    j += i;
                }
            }
        }
        primes
    }

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
    }
}

#[test]
fn instrumented_fns_outside_a_job_match_the_plain_ones() {
    for n in [0, 1, 2, 7, 27, 97, 871, 1_000_000] {
        assert_eq!(instrumented::collatz_steps(n), plain::collatz_steps(n));
    }
    for limit in [0, 2, 3, 100, 5000, 10_007] {
        assert_eq!(
            instrumented::primes_below(limit),
            plain::primes_below(limit)
        );
    }
    let text = "The quick  brown Fox\tjumps over the LAZY dog";
    assert_eq!(instrumented::words(text), plain::words(text));
    assert!(threadmgr::current_token().is_none());
}
