//! `readme-missing`: every community folder holds a README.md, the community's project page.

use super::Context;
use crate::finding::{Finding, RuleId};
use crate::load::README_FILE;

pub fn check(ctx: &Context) -> Vec<Finding> {
    ctx.loaded
        .entries
        .iter()
        .filter(|e| !e.has_readme())
        .map(|e| {
            Finding::about_folder(
                RuleId::ReadmeMissing,
                e.dir(),
                super::community_file(e),
                format!("community `{}` has no {README_FILE}", e.id),
            )
            .community(e.id.as_str())
            .help("add a README.md with the community's purpose, how to join and its meetings (`cop new` writes one)")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::config::Config;
    use crate::load::{Entry, Loaded};

    #[test]
    fn fires_only_without_readme() {
        let mut loaded = Loaded::default();
        loaded.insert(Entry::parse(
            "a",
            "communities/a",
            Ok(ACTIVE.into()),
            crate::load::Readme::Present,
        ));
        loaded.insert(Entry::parse(
            "b",
            "communities/b",
            Ok(ACTIVE.into()),
            crate::load::Readme::Absent,
        ));
        let found = check(&Context::new(&Config::default(), &loaded));
        assert_eq!(places(&found), [("b".to_string(), 1, 1)]);
        assert_eq!(found[0].path, "communities/b/community.yaml");
    }
}
