//! Finding and splicing regions in arbitrary page bytes: never a panic, and a page that
//! renders renders the same the second time (idempotence), keeping its byte-order mark.

#![no_main]

use cop::render::render_page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let known = |name: &str| name != "unknown";
    let render = |name: &str| Ok(format!("| {name} |\nrow two\n"));
    if let Ok(once) = render_page("page.md", None, data, known, render, true) {
        let twice = render_page("page.md", None, &once.new, known, render, true)
            .expect("a rendered page renders again");
        assert_eq!(once.new, twice.new);
        assert!(twice.stale.is_empty());
        assert_eq!(data.starts_with(b"\xEF\xBB\xBF"), once.new.starts_with(b"\xEF\xBB\xBF"));
    }
});
