//! Escaping a cell: whatever the value, the result is one trimmed line with no raw `<`, `>`
//! or unescaped `|`.

#![no_main]

use cop::render::escape::cell;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|value: &str| {
    let out = cell(value);
    assert!(!out.contains(['\n', '\r', '\t', '<', '>']));
    assert_eq!(out.trim(), out);
    for (i, _) in out.match_indices('|') {
        let run = out[..i].chars().rev().take_while(|c| *c == '\\').count();
        assert!(run % 2 == 1, "unescaped pipe in {out:?}");
    }
});
