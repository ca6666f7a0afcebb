//! `missing-field`: a field the community's status requires is absent or empty. Active needs
//! subject, facilitators, members, channel and meeting (with its cadence); proposed and
//! archived need only a subject.

use super::Context;
use crate::community::{Community, Pos, Status};
use crate::finding::{Finding, RuleId};

/// The required fields that `community` lacks, in the order of the file format.
pub fn missing(community: &Community) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if community.subject().is_none_or(|s| s.trim().is_empty()) {
        missing.push("subject");
    }
    if community.status() != Status::Active {
        return missing;
    }
    if community.facilitators().is_empty() {
        missing.push("facilitators");
    }
    if community.members().is_empty() {
        missing.push("members");
    }
    if community
        .channel
        .as_ref()
        .is_none_or(|c| c.value.trim().is_empty())
    {
        missing.push("channel");
    }
    match &community.meeting {
        None => missing.push("meeting"),
        Some(m) if m.value.cadence.is_none() => missing.push("meeting.cadence"),
        Some(_) => {}
    }
    missing
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        let status = community.status();
        let pos = where_to_point(community);
        // A status that could not be read is not known to be active: only the subject is
        // required whatever the status. A field a parse-error accounts for is not missing.
        let unsure_status = entry.accounted_for("status");
        let follows = |field: &str| {
            entry.accounted_for(field)
                || (field == "meeting.cadence" && entry.accounted_for("meeting"))
                || (unsure_status && field != "subject")
        };
        for field in missing(community).into_iter().filter(|f| !follows(f)) {
            out.push(
                entry
                    .finding(
                        RuleId::MissingField,
                        pos,
                        format!("{status} community has no `{field}`"),
                    )
                    .key(field)
                    .label(format!("`{field}` is required"))
                    .help(help(field, status)),
            );
        }
    }
    out
}

/// The status key explains why a field is needed; without one, the top of the file.
fn where_to_point(community: &Community) -> Pos {
    match (&community.status, &community.subject) {
        (Some(status), _) => status.key(),
        (None, Some(subject)) => subject.key(),
        (None, None) => Pos::START,
    }
}

fn help(field: &str, status: Status) -> String {
    match (field, status) {
        ("subject", _) => {
            "add `subject:` with the community's name as the handbook shows it".into()
        }
        ("meeting" | "meeting.cadence", _) => {
            "add `meeting:` with `cadence: monthly` (the core team meets at least monthly)".into()
        }
        (_, Status::Active) => {
            format!("add `{field}:`, or set `status: proposed` while the community is being formed")
        }
        _ => format!("add `{field}:`"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn complete_active_community_passes() {
        assert!(findings(check, &[("iac", ACTIVE)]).is_empty());
    }

    #[test]
    fn active_needs_every_field() {
        let found = findings(check, &[("x", "subject: X\nstatus: active\nmembers: []\n")]);
        let messages: Vec<_> = found.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "active community has no `facilitators`",
                "active community has no `members`",
                "active community has no `channel`",
                "active community has no `meeting`",
            ]
        );
        assert!(found.iter().all(|f| f.pos.line == 2));
    }

    #[test]
    fn proposed_needs_only_a_subject() {
        assert!(findings(check, &[("x", "subject: X\nstatus: proposed\n")]).is_empty());
        let found = findings(check, &[("x", "status: proposed\n")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "proposed community has no `subject`");
    }

    #[test]
    fn meeting_needs_a_cadence() {
        let source = ACTIVE.replace("  cadence: monthly\n", "  weekday: tuesday\n");
        let found = findings(check, &[("x", &source)]);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("meeting.cadence"));
    }

    #[test]
    fn a_misspelt_or_unreadable_field_is_not_also_missing() {
        let misspelt = ACTIVE.replace("members:", "membres:");
        assert!(findings(check, &[("x", &misspelt)]).is_empty());
        let cadence = ACTIVE.replace("cadence:", "cadance:");
        assert!(findings(check, &[("x", &cadence)]).is_empty());
        let meeting = ACTIVE.replace("meeting:\n  cadence: monthly\n", "meeting: [monthly]\n");
        assert!(findings(check, &[("x", &meeting)]).is_empty());
        // Not knowing the status, cop does not hold the file to an active one's fields.
        let status = "subject: X\nstatus: activ\n";
        assert!(findings(check, &[("x", status)]).is_empty());
        let subject = "subject: [X]\nstatus: proposed\n";
        assert!(findings(check, &[("x", subject)]).is_empty());
    }

    #[test]
    fn an_unrelated_unknown_key_hides_nothing() {
        let source = "subject: X\nstatus: active\ncolour: blue\n";
        assert_eq!(findings(check, &[("x", source)]).len(), 4);
    }
}
