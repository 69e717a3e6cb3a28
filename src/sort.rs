//! One small sort for the whole crate.
//!
//! The standard library's sorts are fast but large, and every element type or comparator gets
//! its own copy (about 2–4 KB of wasm each). Every sort in the core goes through the heapsort
//! below instead: it orders indices through a `dyn` comparator, so its code exists once.
//! O(n log n) comparisons and no recursion; 10,000 modules sort in well under a millisecond.

use core::cmp::Ordering;

/// The indices `0..len` in the order `cmp` gives their items (not stable: give `cmp` a total
/// order where ties matter).
pub fn sorted_order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let less = |order: &[usize], a: usize, b: usize| cmp(order[a], order[b]) == Ordering::Less;
    let sift_down = |order: &mut [usize], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(order, child, child + 1) {
            child += 1;
        }
        if !less(order, root, child) {
            break;
        }
        order.swap(root, child);
        root = child;
    };
    for root in (0..len / 2).rev() {
        sift_down(&mut order, root, len);
    }
    for end in (1..len).rev() {
        order.swap(0, end);
        sift_down(&mut order, 0, end);
    }
    order
}

/// `items` sorted by `cmp` (see [`sorted_order`]).
pub fn sort_by<T>(items: Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    let order = sorted_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn edge_cases() {
        assert_eq!(sort_by(Vec::<u8>::new(), Ord::cmp), Vec::<u8>::new());
        assert_eq!(sort_by(vec![1], Ord::cmp), vec![1]);
        assert_eq!(sort_by(vec![2, 1], Ord::cmp), vec![1, 2]);
        assert_eq!(sort_by(vec![3, 3, 1, 3], Ord::cmp), vec![1, 3, 3, 3]);
    }

    #[test]
    fn ten_thousand_strings_sort_like_the_standard_sort() {
        let items: Vec<String> = (0..10_000u32)
            .map(|i| format!("m{}", i.wrapping_mul(2_654_435_761) % 100_003))
            .collect();
        let mut expected = items.clone();
        expected.sort();
        assert_eq!(sort_by(items, |a, b| a.cmp(b)), expected);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn agrees_with_the_standard_sort(items in proptest::collection::vec(any::<i16>(), 0..200)) {
            let mut expected = items.clone();
            expected.sort();
            prop_assert_eq!(sort_by(items, |a, b| a.cmp(b)), expected);
        }

        #[test]
        fn descending_comparators_work(items in proptest::collection::vec(any::<u8>(), 0..100)) {
            let mut expected = items.clone();
            expected.sort_by(|a, b| b.cmp(a));
            prop_assert_eq!(sort_by(items, |a, b| b.cmp(a)), expected);
        }
    }
}
