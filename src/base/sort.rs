//! Sorting through one shared sort: every list the guard sorts (the server keys checked for
//! duplicates, a server's modules by id, the differences by name) is put in order by sorting
//! its indices with a comparison behind a `dyn` reference, so the wasm holds one copy of the
//! standard library's sort instead of one for each type and comparison (2 KB each). The order
//! of equal items is not kept (the lists sorted have no equal items, or do not care).

use core::cmp::Ordering;

/// The indices `0..len` in the order `cmp` gives them.
fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|a, b| cmp(*a, *b));
    order
}

/// `items` in the order `cmp` gives them.
pub fn sorted_by<T>(items: Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) -> Vec<T> {
    let order = order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::sorted_by;

    #[test]
    fn items_come_out_in_order_each_once() {
        let words = vec!["pear", "apple", "fig", "banana", "apple2"];
        let sorted = sorted_by(words.clone(), &|a: &&str, b: &&str| a.cmp(b));
        let mut expected = words;
        expected.sort_unstable();
        assert_eq!(sorted, expected);
        let by_len = sorted_by(vec![3, 1, 2, 5, 4], &|a: &i32, b: &i32| b.cmp(a));
        assert_eq!(by_len, [5, 4, 3, 2, 1]);
        assert!(sorted_by(Vec::<u8>::new(), &|a: &u8, b: &u8| a.cmp(b)).is_empty());
        let many: Vec<u32> = (0..10_000).map(|i| (i * 7919) % 10_007).collect();
        let sorted = sorted_by(many.clone(), &|a: &u32, b: &u32| a.cmp(b));
        assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(sorted.len(), many.len());
    }
}
