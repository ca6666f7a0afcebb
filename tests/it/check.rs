//! `cop check` end to end: every rule, every format, every exit code.

use crate::support::Registry;

#[test]
fn gitlab_handbook_fails_on_tkgi_min_members() {
    let registry = Registry::example("gitlab-handbook");
    let run = registry.cop(&["check", "--format", "json"]);
    run.code(1);
    let json = run.json();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(findings[0]["rule"], "min-members");
    assert_eq!(
        findings[0]["path"],
        "communities/gitlab-vmware-tkgi-pks-deployment/community.yaml"
    );
    assert_eq!(findings[0]["line"], 3);
    assert_eq!(findings[0]["column"], 1);
}
