//! `docs/rules.md` is generated from the rule metadata; this test fails when it is out of date.
//! Regenerate it with `DOCKWRIGHT_BLESS=1 cargo test -p dockwright --test rules_reference`.

use std::path::PathBuf;

#[test]
fn rules_reference_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let expected = dockwright::rules::reference_markdown();
    if std::env::var_os("DOCKWRIGHT_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is out of date: regenerate it with \
         `DOCKWRIGHT_BLESS=1 cargo test -p dockwright --test rules_reference`"
    );
}

#[test]
fn every_rule_has_a_section_that_links_resolve_to() {
    let text = dockwright::rules::reference_markdown();
    for rule in dockwright::rules::all() {
        let name = rule.meta().name;
        assert!(text.contains(&format!("\n## {name}\n")), "no `## {name}` section");
        assert!(text.contains(&format!("[{name}](#{name})")), "no index link to {name}");
    }
}
