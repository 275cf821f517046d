//! Generic sorting and searching: insertion, merge, quick and heap sort, binary searches,
//! selection, and a small pseudo-random generator to test them with.
//!
//! Unlike the other files, this one is annotated once, on a module that holds all of it: every
//! fn, impl block (inherent and trait) and test in it is instrumented, nested items and all.

pub use algorithms::*;

#[threadmgr::haltable]
mod algorithms {
    use std::cmp::Ordering;
    use std::collections::BinaryHeap;

    /// A linear congruential generator: deterministic test data without a dependency.
    #[derive(Debug, Clone)]
    pub struct Lcg {
        state: u64,
    }

    impl Lcg {
        /// A generator that starts from `seed`.
        pub fn new(seed: u64) -> Self {
            Lcg {
                state: seed ^ 0x9E37_79B9_7F4A_7C15,
            }
        }

        /// The next number in `0..bound`.
        pub fn below(&mut self, bound: u64) -> u64 {
            self.next().unwrap_or_default() % bound.max(1)
        }

        /// `len` numbers in `0..bound`.
        pub fn vec(&mut self, len: usize, bound: u64) -> Vec<u64> {
            (0..len).map(|_| self.below(bound)).collect()
        }
    }

    impl Iterator for Lcg {
        type Item = u64;

        fn next(&mut self) -> Option<u64> {
            self.state = self
                .state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            Some(self.state >> 11)
        }
    }

    /// Sorts by insertion: stable, quadratic, good for short slices.
    pub fn insertion_sort<T: PartialOrd>(items: &mut [T]) {
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 && items[j - 1] > items[j] {
                items.swap(j - 1, j);
                j -= 1;
            }
        }
    }

    /// Sorts by `compare` with a top-down merge sort: stable, `O(n log n)`.
    pub fn merge_sort_by<T, F>(items: &mut [T], compare: &mut F)
    where
        T: Clone,
        F: FnMut(&T, &T) -> Ordering,
    {
        if items.len() <= 1 {
            return;
        }
        let mid = items.len() / 2;
        merge_sort_by(&mut items[..mid], compare);
        merge_sort_by(&mut items[mid..], compare);
        let mut merged = Vec::with_capacity(items.len());
        {
            let (left, right) = items.split_at(mid);
            let (mut i, mut j) = (0, 0);
            while i < left.len() && j < right.len() {
                if compare(&right[j], &left[i]) == Ordering::Less {
                    merged.push(right[j].clone());
                    j += 1;
                } else {
                    merged.push(left[i].clone());
                    i += 1;
                }
            }
            merged.extend_from_slice(&left[i..]);
            merged.extend_from_slice(&right[j..]);
        }
        items.clone_from_slice(&merged);
    }

    /// Sorts with [`merge_sort_by`] in ascending order.
    pub fn merge_sort<T: Clone + Ord>(items: &mut [T]) {
        merge_sort_by(items, &mut |a: &T, b: &T| a.cmp(b));
    }

    /// Sorts by a key, stable: `sort_by_key` written by hand.
    pub fn sort_by_key<T, K, F>(items: &mut [T], key: F)
    where
        T: Clone,
        K: Ord,
        F: Fn(&T) -> K,
    {
        merge_sort_by(items, &mut |a, b| key(a).cmp(&key(b)));
    }

    /// Quicksort with a median-of-three pivot; short slices go to [`insertion_sort`].
    pub fn quicksort<T: PartialOrd>(items: &mut [T]) {
        const CUTOFF: usize = 12;
        if items.len() <= CUTOFF {
            insertion_sort(items);
            return;
        }
        let pivot = partition(items);
        let (left, right) = items.split_at_mut(pivot);
        quicksort(left);
        quicksort(&mut right[1..]);
    }

    /// Partitions around a median-of-three pivot and returns the pivot's final index.
    fn partition<T: PartialOrd>(items: &mut [T]) -> usize {
        let last = items.len() - 1;
        let mid = last / 2;
        if items[mid] < items[0] {
            items.swap(mid, 0);
        }
        if items[last] < items[0] {
            items.swap(last, 0);
        }
        if items[mid] < items[last] {
            items.swap(mid, last);
        }
        let mut store = 0;
        for i in 0..last {
            if items[i] < items[last] {
                items.swap(i, store);
                store += 1;
            }
        }
        items.swap(store, last);
        store
    }

    /// Heap sort with a hand-written sift-down: in place, not stable.
    pub fn heap_sort<T: Ord>(items: &mut [T]) {
        fn sift_down<T: Ord>(items: &mut [T], mut root: usize, end: usize) {
            loop {
                let mut child = 2 * root + 1;
                if child >= end {
                    break;
                }
                if child + 1 < end && items[child] < items[child + 1] {
                    child += 1;
                }
                if items[root] >= items[child] {
                    break;
                }
                items.swap(root, child);
                root = child;
            }
        }

        let len = items.len();
        for start in (0..len / 2).rev() {
            sift_down(items, start, len);
        }
        for end in (1..len).rev() {
            items.swap(0, end);
            sift_down(items, 0, end);
        }
    }

    /// Counting sort for bytes.
    pub fn counting_sort(bytes: &mut [u8]) {
        let mut counts = [0usize; 256];
        for &b in bytes.iter() {
            counts[b as usize] += 1;
        }
        let mut pos = 0;
        for (value, &count) in counts.iter().enumerate() {
            for slot in &mut bytes[pos..pos + count] {
                *slot = value as u8;
            }
            pos += count;
        }
    }

    /// True if `items` is sorted by `compare`.
    pub fn is_sorted_by<T>(items: &[T], mut compare: impl FnMut(&T, &T) -> Ordering) -> bool {
        items
            .windows(2)
            .all(|w| compare(&w[0], &w[1]) != Ordering::Greater)
    }

    /// The first index whose item is not less than `target`.
    pub fn lower_bound<T: Ord>(items: &[T], target: &T) -> usize {
        let (mut lo, mut hi) = (0, items.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if items[mid] < *target {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The first index whose item is greater than `target`.
    pub fn upper_bound<T: Ord>(items: &[T], target: &T) -> usize {
        let (mut lo, mut hi) = (0, items.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match items[mid].cmp(target) {
                Ordering::Greater => hi = mid,
                Ordering::Less | Ordering::Equal => lo = mid + 1,
            }
        }
        lo
    }

    /// `slice::binary_search_by`, by hand.
    pub fn binary_search_by<T, F>(items: &[T], mut f: F) -> Result<usize, usize>
    where
        F: FnMut(&T) -> Ordering,
    {
        let mut size = items.len();
        let mut base = 0;
        while size > 0 {
            let half = size / 2;
            let mid = base + half;
            match f(&items[mid]) {
                Ordering::Equal => return Ok(mid),
                Ordering::Less => {
                    base = mid + 1;
                    size -= half + 1;
                }
                Ordering::Greater => size = half,
            }
        }
        Err(base)
    }

    /// The largest `x` in `lo..=hi` with `pred(x)`, if `pred` is true then false over the range.
    pub fn last_true(mut lo: u64, mut hi: u64, pred: impl Fn(u64) -> bool) -> Option<u64> {
        if !pred(lo) {
            return None;
        }
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if pred(mid) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Some(lo)
    }

    /// The integer square root, by bisection.
    pub fn isqrt(n: u64) -> u64 {
        last_true(0, n.min(u64::from(u32::MAX)), |x| {
            x.checked_mul(x).is_some_and(|sq| sq <= n)
        })
        .unwrap_or(0)
    }

    /// The `k`-th smallest item (0-based), by quickselect on a copy.
    pub fn kth_smallest<T: Ord + Clone>(items: &[T], k: usize) -> Option<T> {
        if k >= items.len() {
            return None;
        }
        let mut work = items.to_vec();
        let (mut lo, mut hi) = (0, work.len());
        loop {
            let slice = &mut work[lo..hi];
            if slice.len() == 1 {
                return Some(slice[0].clone());
            }
            let p = partition(slice) + lo;
            match k.cmp(&p) {
                Ordering::Equal => return Some(work[p].clone()),
                Ordering::Less => hi = p,
                Ordering::Greater => lo = p + 1,
            }
        }
    }

    /// The `k` largest items, largest first, with a bounded min-heap.
    pub fn top_k<T: Ord + Clone>(items: impl IntoIterator<Item = T>, k: usize) -> Vec<T> {
        if k == 0 {
            return Vec::new();
        }
        let mut heap = BinaryHeap::with_capacity(k + 1);
        for item in items {
            if heap.len() < k {
                heap.push(std::cmp::Reverse(item));
            } else if let Some(mut smallest) = heap.peek_mut()
                && item > smallest.0
            {
                // Dropping the `PeekMut` sifts the new item down to its place.
                *smallest = std::cmp::Reverse(item);
            }
        }
        let mut out: Vec<T> = heap.into_iter().map(|r| r.0).collect();
        out.sort_by(|a, b| b.cmp(a));
        out
    }

    /// Merges two sorted slices into one sorted vector.
    pub fn merge_sorted<T: Ord + Copy>(a: &[T], b: &[T]) -> Vec<T> {
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        loop {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x <= y => {
                    out.push(*x);
                    i += 1;
                }
                (_, Some(y)) => {
                    out.push(*y);
                    j += 1;
                }
                (Some(x), None) => {
                    out.push(*x);
                    i += 1;
                }
                (None, None) => break out,
            }
        }
    }

    /// Removes consecutive duplicates in place and returns the new length, like `Vec::dedup`.
    pub fn dedup_in_place<T: PartialEq>(items: &mut [T]) -> usize {
        if items.is_empty() {
            return 0;
        }
        let mut write = 1;
        for read in 1..items.len() {
            if items[read] != items[write - 1] {
                items.swap(read, write);
                write += 1;
            }
        }
        write
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn samples() -> Vec<Vec<u64>> {
            let mut rng = Lcg::new(7);
            let mut out = vec![
                vec![],
                vec![1],
                vec![2, 1],
                vec![5; 40],
                (0..300).collect(),
                (0..300).rev().collect(),
            ];
            for len in [3, 13, 64, 1000, 5000] {
                out.push(rng.vec(len, 50));
                out.push(rng.vec(len, u64::MAX));
            }
            out
        }

        #[test]
        fn every_sort_agrees_with_std() {
            for sample in samples() {
                let mut expected = sample.clone();
                expected.sort();
                let mut a = sample.clone();
                quicksort(&mut a);
                assert_eq!(a, expected);
                let mut b = sample.clone();
                merge_sort(&mut b);
                assert_eq!(b, expected);
                let mut c = sample.clone();
                heap_sort(&mut c);
                assert_eq!(c, expected);
                if sample.len() <= 1000 {
                    let mut d = sample.clone();
                    insertion_sort(&mut d);
                    assert_eq!(d, expected);
                }
                assert!(is_sorted_by(&expected, |x, y| x.cmp(y)));
            }
        }

        #[test]
        fn sorts_are_stable_where_promised() {
            let mut rng = Lcg::new(3);
            let mut pairs: Vec<(u64, usize)> = (0..2000).map(|i| (rng.below(10), i)).collect();
            let mut expected = pairs.clone();
            expected.sort_by_key(|p| p.0);
            sort_by_key(&mut pairs, |p| p.0);
            assert_eq!(pairs, expected);
            let mut floats = vec![3.5, -1.0, 2.25, 0.0, -7.5, 2.25];
            quicksort(&mut floats);
            assert_eq!(floats, [-7.5, -1.0, 0.0, 2.25, 2.25, 3.5]);
        }

        #[test]
        fn counting_sort_sorts_bytes() {
            let mut bytes = b"the quick brown fox jumps over the lazy dog".to_vec();
            counting_sort(&mut bytes);
            let mut expected = b"the quick brown fox jumps over the lazy dog".to_vec();
            expected.sort_unstable();
            assert_eq!(bytes, expected);
        }

        #[test]
        fn binary_searches() {
            let items = [1, 3, 3, 3, 7, 9, 9, 12];
            assert_eq!(lower_bound(&items, &3), 1);
            assert_eq!(upper_bound(&items, &3), 4);
            assert_eq!(lower_bound(&items, &0), 0);
            assert_eq!(upper_bound(&items, &12), 8);
            assert_eq!(lower_bound(&items, &8), 5);
            for target in 0..14 {
                let ours = binary_search_by(&items, |x| x.cmp(&target));
                let std = items.binary_search(&target);
                assert_eq!(ours.is_ok(), std.is_ok(), "target {target}");
                if let (Err(a), Err(b)) = (ours, std) {
                    assert_eq!(a, b);
                }
            }
            assert_eq!(binary_search_by(&[] as &[i32], |x| x.cmp(&1)), Err(0));
        }

        #[test]
        fn bisection() {
            for n in [0, 1, 2, 3, 4, 15, 16, 17, 1 << 40, u64::MAX] {
                let r = isqrt(n);
                assert!(r * r <= n, "isqrt({n}) = {r}");
                assert!((r + 1).checked_mul(r + 1).is_none_or(|sq| sq > n));
            }
            assert_eq!(last_true(5, 10, |x| x < 3), None);
            assert_eq!(last_true(0, 100, |x| x * x < 50), Some(7));
        }

        #[test]
        fn selection() {
            for sample in samples() {
                let mut sorted = sample.clone();
                sorted.sort();
                for k in [
                    0,
                    1,
                    sample.len() / 2,
                    sample.len().saturating_sub(1),
                    sample.len(),
                ] {
                    assert_eq!(kth_smallest(&sample, k), sorted.get(k).copied());
                }
                let top: Vec<u64> = sorted.iter().rev().take(5).copied().collect();
                assert_eq!(top_k(sample.iter().copied(), 5), top);
            }
            assert!(top_k(vec![1, 2, 3], 0).is_empty());
        }

        #[test]
        fn merging_and_dedup() {
            assert_eq!(
                merge_sorted(&[1, 4, 9], &[2, 4, 10, 11]),
                [1, 2, 4, 4, 9, 10, 11]
            );
            assert!(merge_sorted::<u8>(&[], &[]).is_empty());
            let mut items = vec![1, 1, 2, 3, 3, 3, 4, 1, 1];
            let len = dedup_in_place(&mut items);
            assert_eq!(&items[..len], [1, 2, 3, 4, 1]);
            assert_eq!(dedup_in_place::<u8>(&mut []), 0);
        }
    }
}
