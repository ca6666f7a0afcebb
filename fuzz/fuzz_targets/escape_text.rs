//! Random values placed as the regions place them (table cells, a members cell joining them,
//! a URL cell, list items) render through comrak and pulldown-cmark as exactly their text: no
//! split cell, no element the values did not ask for, links only to exactly a valid URL. The
//! check is the unit tests' own (src/render/rendered.rs).

#![no_main]

use cop::render::escape::{is_linkable, link, text};
use libfuzzer_sys::fuzz_target;

#[path = "../../src/render/rendered.rs"]
#[allow(dead_code)]
mod rendered;

const ESCAPE: rendered::Escape = rendered::Escape {
    text,
    link,
    linkable: is_linkable,
};

fuzz_target!(|values: Vec<String>| {
    let values: Vec<&str> = values.iter().take(4).map(String::as_str).collect();
    if let Err(e) = rendered::check_values(&values, &ESCAPE) {
        panic!("{e}");
    }
});
