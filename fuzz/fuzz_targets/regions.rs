//! Finding and splicing regions in arbitrary page bytes: never a panic, and a page that
//! renders renders the same the second time (idempotence), keeping its byte-order mark.

#![no_main]

use cop::render::render_page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let known = |name: &str| name != "unknown";
    let render = |name: &str, out: &mut dyn std::io::Write| {
        write!(out, "| {name} |\nrow two\n").expect("cop's writer takes every byte");
        Ok(())
    };
    if let Ok(once) = render_page("page.md", None, data, known, render, true) {
        // An unchanged page has no change in its output: it is the page itself.
        let after = once.change.map_or_else(|| data.to_vec(), |c| c.new);
        let twice = render_page("page.md", None, &after, known, render, true)
            .expect("a rendered page renders again");
        assert!(twice.stale.is_empty() && twice.change.is_none(), "rendering is idempotent");
        assert_eq!(data.starts_with(b"\xEF\xBB\xBF"), after.starts_with(b"\xEF\xBB\xBF"));
    }
});
