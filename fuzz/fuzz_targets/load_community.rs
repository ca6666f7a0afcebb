//! Loading a community from arbitrary bytes and running every rule over it: any outcome but a
//! panic, a hang or an out-of-memory is fine.

#![no_main]

use cop::config::Config;
use cop::load::{Entry, Loaded, Readme};
use cop::rules::{self, Context};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = cop::yaml::decode(data.to_vec());
    let mut loaded = Loaded::default();
    loaded.insert(Entry::parse("x", "communities/x", source, Readme::Present));
    let config = Config::default();
    let findings = rules::run(&Context::new(&config, &loaded), |_| true);
    for finding in findings {
        assert!(finding.pos.line >= 1 && finding.pos.column >= 1);
    }
});
