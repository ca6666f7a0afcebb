//! `invalid-id`: the folder name must be `^[a-z0-9]+(-[a-z0-9]+)*$`, at most 63 characters.

use super::Context;
use crate::finding::{Finding, RuleId};

pub const MAX_ID_LEN: usize = 63;

/// Whether `id` is a valid community id.
pub fn is_valid_id(id: &str) -> bool {
    id.len() <= MAX_ID_LEN
        && !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    ctx.loaded
        .entries
        .iter()
        .filter(|e| !is_valid_id(&e.id))
        .map(|e| {
            Finding::about_folder(
                RuleId::InvalidId,
                e.dir(),
                super::community_file(e),
                format!("`{}` is not a valid community id", e.id),
            )
            .community(e.id.as_str())
            .help("rename the folder to lowercase letters and digits joined by single `-`, at most 63 characters")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn valid_ids() {
        for id in ["iac", "a-b-c", "k8s", "x1-2"] {
            assert!(is_valid_id(id), "{id}");
        }
        for id in [
            "",
            "UPPER",
            "a_b",
            "-a",
            "a-",
            "a--b",
            "a b",
            "é",
            &"a".repeat(64),
        ] {
            assert!(!is_valid_id(id), "{id}");
        }
        assert!(is_valid_id(&"a".repeat(63)));
    }

    #[test]
    fn fires_on_bad_folder_names_only() {
        let found = findings(check, &[("Bad_Name", ACTIVE), ("good", ACTIVE)]);
        assert_eq!(places(&found), [("Bad_Name".to_string(), 1, 1)]);
        assert_eq!(found[0].path, "communities/Bad_Name/community.yaml");
        let mut loaded = loaded(&[]);
        loaded.insert(crate::load::Entry::parse(
            "No_File",
            "communities/No_File",
            Err(crate::yaml::YamlError::at_start("no community.yaml")),
            crate::load::Readme::Present,
        ));
        let found = check(&Context::new(&crate::config::Config::default(), &loaded));
        assert_eq!(found[0].path, "communities/No_File");
    }
}
