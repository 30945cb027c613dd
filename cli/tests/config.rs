//! Configuration files: discovery per directory, command-line overrides, errors, hadolint's YAML
//! and `dockwright migrate hadolint`.

mod support;

use std::collections::BTreeMap;

use serde_json::Value;
use support::{run, run_expect, tree, write};

/// Triggers `no-latest-tag` (DL3007) and `expose-ssh-port`.
const LATEST_SSH: &str = "FROM alpine:latest\nEXPOSE 22\n";

/// file -> rule name -> severity, from a JSON report.
fn findings(json: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let list: Vec<Value> = serde_json::from_str(json).expect("a JSON array");
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for d in list {
        let file = d["file"].as_str().expect("file").to_string();
        let name = d["name"].as_str().expect("name").to_string();
        out.entry(file).or_default().insert(name, d["severity"].as_str().expect("severity").to_string());
    }
    out
}

fn rules_of<'a>(found: &'a BTreeMap<String, BTreeMap<String, String>>, file: &str) -> Vec<&'a str> {
    found.get(file).map(|rules| rules.keys().map(String::as_str).collect()).unwrap_or_default()
}

#[test]
fn the_nearest_configuration_applies_to_each_file() {
    let dir = tree(&[
        (
            ".dockwright.toml",
            "select = [\"no-latest-tag\", \"expose-ssh-port\"]\nignore = [\"expose-ssh-port\"]\n",
        ),
        ("Dockerfile", LATEST_SSH),
        ("svc/deep/Dockerfile", LATEST_SSH),
        (
            "strict/.dockwright.toml",
            "select = [\"DW2\", \"DL3007\"]\n\n[severity]\nno-latest-tag = \"error\"\n",
        ),
        ("strict/Dockerfile", LATEST_SSH),
        ("legacy/.hadolint.yaml", "ignored: [DL3007]\n"),
        ("legacy/Dockerfile", LATEST_SSH),
    ]);
    let result = run_expect(dir.path(), &["check", "--format=json"], 1);
    let found = findings(&result.stdout);
    assert_eq!(rules_of(&found, "Dockerfile"), ["no-latest-tag"]);
    assert_eq!(rules_of(&found, "svc/deep/Dockerfile"), ["no-latest-tag"]);
    assert_eq!(found["strict/Dockerfile"]["no-latest-tag"], "error");
    assert!(rules_of(&found, "strict/Dockerfile").contains(&"expose-ssh-port"));
    // hadolint's file applies where it is the nearest; the default rules run there.
    let legacy = rules_of(&found, "legacy/Dockerfile");
    assert!(legacy.contains(&"expose-ssh-port") && !legacy.contains(&"no-latest-tag"), "{legacy:?}");
}

#[test]
fn command_line_flags_win_over_the_file() {
    let dir = tree(&[
        (
            ".dockwright.toml",
            "select = [\"no-latest-tag\", \"expose-ssh-port\"]\nignore = [\"expose-ssh-port\"]\nfail-level = \"error\"\n",
        ),
        ("Dockerfile", LATEST_SSH),
    ]);
    // The file's fail level (error) is above these warnings.
    run_expect(dir.path(), &["check"], 0);
    run_expect(dir.path(), &["check", "--fail-level=warning"], 1);
    // `--select` starts afresh: the file's `ignore` no longer hides the rule asked for.
    let selected = run_expect(dir.path(), &["check", "--format=json", "--select=expose-ssh-port"], 0);
    assert_eq!(rules_of(&findings(&selected.stdout), "Dockerfile"), ["expose-ssh-port"]);
    let ignored = run_expect(dir.path(), &["check", "--format=json", "--ignore=no-latest-tag"], 0);
    assert_eq!(findings(&ignored.stdout).len(), 0);
    // `--isolated` leaves the file out entirely (default rules, default fail level).
    let isolated = run_expect(dir.path(), &["check", "--format=json", "--isolated"], 1);
    let rules = rules_of(&findings(&isolated.stdout), "Dockerfile").join(",");
    assert!(rules.contains("expose-ssh-port") && rules.contains("no-latest-tag"), "{rules}");
}

#[test]
fn config_flag_applies_one_file_to_everything() {
    let dir = tree(&[
        ("ci/strict.toml", "select = [\"expose-ssh-port\"]\n"),
        ("ci/hadolint.yml", "ignored: [DL3007]\noverride:\n  error: [CKV_DOCKER_1]\n"),
        ("a/.dockwright.toml", "select = [\"no-latest-tag\"]\n"),
        ("a/Dockerfile", LATEST_SSH),
        ("b/Dockerfile", LATEST_SSH),
    ]);
    let toml = run_expect(dir.path(), &["check", "--format=json", "--config=ci/strict.toml"], 1);
    let found = findings(&toml.stdout);
    assert_eq!(rules_of(&found, "a/Dockerfile"), ["expose-ssh-port"]);
    assert_eq!(rules_of(&found, "b/Dockerfile"), ["expose-ssh-port"]);
    let yaml = run_expect(dir.path(), &["check", "--format=json", "--config=ci/hadolint.yml"], 1);
    let found = findings(&yaml.stdout);
    assert!(!rules_of(&found, "a/Dockerfile").contains(&"no-latest-tag"));
    assert_eq!(found["a/Dockerfile"]["expose-ssh-port"], "error");
    let missing = run_expect(dir.path(), &["check", "--config=nope.toml"], 2);
    assert!(missing.stderr.contains("nope.toml: no such file or directory"), "{}", missing.stderr);
}

#[test]
fn configuration_mistakes_name_the_file_key_and_line_and_exit_2() {
    let cases = [
        ("\nselct = [\"all\"]\n", &["unknown field `selct`", "line 2"][..]),
        ("[severity]\nno-latest-tag = \"loud\"\n", &["loud", "line 2"][..]),
        (
            "fail-level = \"warning\"\nignore = [\"no-such-rule\"]\n",
            &["sub/.dockwright.toml:2:", "no-such-rule"][..],
        ),
        ("[severity]\nno-such-rule = \"error\"\n", &["sub/.dockwright.toml:2:", "no-such-rule"][..]),
    ];
    for (config, expected) in cases {
        let dir = tree(&[
            ("Dockerfile", LATEST_SSH),
            ("sub/.dockwright.toml", config),
            ("sub/Dockerfile", LATEST_SSH),
        ]);
        let result = run_expect(dir.path(), &["check"], 2);
        assert_eq!(result.stdout, "", "nothing is checked with a broken configuration");
        assert!(result.stderr.contains("sub/.dockwright.toml"), "{}", result.stderr);
        for text in expected {
            assert!(result.stderr.contains(text), "`{text}` not in:\n{}", result.stderr);
        }
    }
}

#[test]
fn hadolint_configuration_is_read_when_there_is_no_dockwright_toml() {
    let yaml = "\
# hadolint settings
ignored:
  - DL3020
  - SC2086
override:
  error:
    - DL3007
trustedRegistries: docker.io
failure-threshold: error
";
    let dir = tree(&[(".hadolint.yaml", yaml), ("Dockerfile", "FROM alpine:latest\nADD a /a\nEXPOSE 22\n")]);
    let result = run_expect(dir.path(), &["check", "--format=json"], 1);
    let found = findings(&result.stdout);
    assert_eq!(found["Dockerfile"]["no-latest-tag"], "error");
    assert!(!rules_of(&found, "Dockerfile").contains(&"prefer-copy-over-add"));
    assert!(
        result.stderr.contains("`SC2086` in `ignored` dropped: dockwright does not run ShellCheck"),
        "{}",
        result.stderr
    );
    // `failure-threshold: error`: the warnings alone do not fail.
    run_expect(dir.path(), &["check", "--select=expose-ssh-port"], 0);
    write(dir.path(), ".hadolint.yaml", "no-fail: true\n");
    run_expect(dir.path(), &["check"], 0);
}

#[test]
fn hadolint_mistakes_are_errors() {
    for (yaml, expected) in [
        (
            "ignored:\n  - DL3020\n  - not-a-rule\n",
            ".hadolint.yaml:3: unknown rule `not-a-rule` in `ignored`",
        ),
        ("ignore: [DL3020]\n", "unknown field `ignore`"),
        ("failure-threshold: loud\n", ".hadolint.yaml:1: `failure-threshold`: unknown severity `loud`"),
        ("override:\n  fatal: [DL3007]\n", "unknown field `fatal`"),
    ] {
        let dir = tree(&[(".hadolint.yaml", yaml), ("Dockerfile", LATEST_SSH)]);
        let result = run_expect(dir.path(), &["check"], 2);
        assert!(result.stderr.contains(expected), "`{expected}` not in:\n{}", result.stderr);
    }
}

const FULL_HADOLINT: &str = "\
ignored:
  - DL3020
  - SC2086
  - DL9999
override:
  error:
    - DL3007
  warning:
    - DL3008
  info:
    - CKV_DOCKER_1
  style: []
trustedRegistries:
  - docker.io
  - \"*.gcr.io\"
failure-threshold: warning
label-schema:
  org.opencontainers.image.source: url
  maintainer: text
strict-labels: true
disable-ignore-pragma: true
no-color: true
";

#[test]
fn migrate_prints_the_equivalent_dockwright_toml() {
    let dockerfile = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nADD a /a\nEXPOSE 22\n";
    let dir = tree(&[(".hadolint.yaml", FULL_HADOLINT), ("sub/Dockerfile", dockerfile)]);
    // Found upward from the current directory.
    let migrated = run_expect(&dir.path().join("sub"), &["migrate", "hadolint"], 0);
    assert!(migrated.stderr.contains("`DL9999` in `ignored` dropped"), "{}", migrated.stderr);
    let toml = migrated.stdout;
    insta::assert_snapshot!("migrate_hadolint", toml);
    let named = run_expect(dir.path(), &["migrate", "hadolint", ".hadolint.yaml"], 0);
    assert_eq!(named.stdout, toml.replace("../.hadolint.yaml", ".hadolint.yaml"));

    // The migrated file configures the same checks as the hadolint file did.
    let unconfigured = run(dir.path(), &["check", "--format=json", "--isolated"]);
    let by_yaml = run(dir.path(), &["check", "--format=json"]);
    std::fs::remove_file(dir.path().join(".hadolint.yaml")).expect("remove");
    write(dir.path(), ".dockwright.toml", &toml);
    let by_toml = run(dir.path(), &["check", "--format=json"]);
    assert_eq!(by_toml.code, by_yaml.code, "{by_toml:#?}");
    assert_eq!(by_toml.stdout, by_yaml.stdout);
    assert_ne!(by_toml.stdout, unconfigured.stdout, "the configuration changes the findings");
    let found = findings(&by_toml.stdout);
    assert_eq!(
        found["sub/Dockerfile"]["pin-system-package-versions"], "warning",
        "DL3008 runs, as in hadolint"
    );
}

#[test]
fn migrate_without_a_hadolint_file_is_an_error() {
    let dir = tree(&[]);
    let result = run_expect(dir.path(), &["migrate", "hadolint"], 2);
    assert!(result.stderr.contains("no .hadolint.yaml"), "{}", result.stderr);
}
