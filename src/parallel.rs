//! Spreading independent work over the machine's cores (loading and rendering thousands of
//! communities, the page rules beside the file rules), keeping the order of the input.

/// Maps `f` over `items` on every core, keeping the order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    filter_map(items, |item| Some(f(item)))
}

/// Maps `f` over `items` on every core and keeps what it returns, in the order of the items:
/// what it leaves out takes no room at all (10,000 READMEs that are up to date, say).
pub fn filter_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> Option<R> + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads == 1 || items.len() < 64 {
        return items.iter().filter_map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().filter_map(&f).collect::<Vec<_>>()))
            .collect();
        let parts: Vec<Vec<R>> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect();
        // Sized up front: growing a vector of 10,000 loaded communities by doubling would hold
        // up to three copies of it at once.
        let mut out = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for part in parts {
            out.extend(part);
        }
        out
    })
}

/// Runs `a` on another core while `b` runs on this one, and returns both results.
pub fn join<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let handle = scope.spawn(a);
        let b = b();
        let a = handle
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (a, b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        let out = map(&items, |n| n * 2);
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn parallel_filter_map_keeps_what_is_kept_in_order() {
        let items: Vec<u32> = (0..1000).collect();
        let out = filter_map(&items, |n| (n % 3 == 0).then_some(n * 2));
        let want: Vec<u32> = items
            .iter()
            .filter(|n| *n % 3 == 0)
            .map(|n| n * 2)
            .collect();
        assert_eq!(out, want);
        assert_eq!(
            filter_map(&items[..10], |n| Some(*n)),
            (0..10).collect::<Vec<_>>()
        );
    }

    #[test]
    fn join_returns_both_results_in_order() {
        assert_eq!(join(|| "a", || 2), ("a", 2));
    }
}
