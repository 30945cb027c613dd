//! One snapshot per output format over a small project, and SARIF checked against its schema.
//!
//! The rules are selected by name, so the snapshots do not move when rules are added; they do
//! record the messages of these few simple rules.

mod support;

use serde_json::Value;
use support::{examples_dir, run_expect, shared_path, tree};

const SELECT: &str = "--select=syntax-error,no-latest-tag,prefer-copy-over-add,expose-ssh-port";

fn project() -> tempfile::TempDir {
    tree(&[
        ("Dockerfile", "FROM alpine:latest\nADD app.py /app/\nEXPOSE 22 80\n"),
        ("sub/Containerfile", "FROM alpine:3.20\nRUNN echo 50% done, ok\nEXPOSE 22\n"),
        ("web/app.dockerfile", "FROM alpine:3.20\nCOPY . /app\n"),
    ])
}

fn report(args: &[&str]) -> String {
    let dir = project();
    let mut all = vec!["check", "--isolated", SELECT, "--color", "never"];
    all.extend_from_slice(args);
    run_expect(dir.path(), &all, 1).stdout
}

#[test]
fn human() {
    insta::assert_snapshot!("human", report(&["--format", "human"]));
}

#[test]
fn human_colour_only_when_asked() {
    let dir = project();
    // `auto` (the default) with standard output piped, as here: no colour.
    let auto = run_expect(dir.path(), &["check", "--isolated", SELECT], 1).stdout;
    assert!(!auto.contains('\x1b'), "{auto}");
    let coloured = run_expect(dir.path(), &["check", "--isolated", SELECT, "--color", "always"], 1).stdout;
    assert!(coloured.contains("\x1b[1;33mwarning"), "{coloured}");
}

/// A finding on a very long line shows an excerpt around its span, with the carets under it,
/// not the whole line (a 100 kB one-line RUN with thousands of findings once printed gigabytes).
#[test]
fn human_cuts_long_lines_around_the_span() {
    let before = "é".repeat(500);
    let packages = "pkg ".repeat(200);
    let src = format!("FROM debian:12\nRUN echo {before} && apt-get install -y {packages}&& echo done\n");
    let dir = tree(&[("Dockerfile", &src)]);
    let select = "--select=apt-no-install-recommends";
    // An info finding: the exit code stays 0.
    let out = run_expect(dir.path(), &["check", "--isolated", select, "--color", "never"], 0).stdout;
    let lines: Vec<&str> = out.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("2 | ")).expect("the source line");
    let (shown, carets) = (lines[at], lines[at + 1]);
    assert!(shown.starts_with("2 | …éé") && shown.ends_with("p…"), "{shown}");
    assert!(shown.chars().count() < 300, "{shown}");
    // The carets start under `apt-get`, counted in characters, and cover the first 200 bytes
    // of the span (the whole of it would run on for 800 more).
    let column = |line: &str, byte: usize| line[..byte].chars().count();
    let caret_start = carets.find('^').expect("carets");
    assert_eq!(column(carets, caret_start), column(shown, shown.find("apt-get").unwrap()));
    assert_eq!(carets[caret_start..].trim_end().len(), 200, "{carets}");
}

/// Tabs are shown as four spaces, and the carets stay under the span: a tab before it moves
/// them right, a tab inside it makes them longer.
#[test]
fn human_widens_tabs_and_the_carets_follow() {
    let dir = tree(&[("Dockerfile", "FROM alpine:3.20\nEXPOSE\t22\t80\nEXPOSE 22\n")]);
    let select = "--select=expose-ssh-port";
    let out = run_expect(dir.path(), &["check", "--isolated", select, "--color", "never"], 1).stdout;
    let lines: Vec<&str> = out.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("2 | ")).expect("the source line");
    assert_eq!(lines[at], "2 | EXPOSE    22    80");
    assert_eq!(lines[at + 1], "  |           ^^");
    let at = lines.iter().position(|l| l.starts_with("3 | ")).expect("the line without a tab");
    assert_eq!(lines[at..at + 2], ["3 | EXPOSE 22", "  |        ^^"]);
}

#[test]
fn json() {
    let text = report(&["--format", "json"]);
    let list: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
    for entry in &list {
        let keys: Vec<&str> = entry.as_object().expect("objects").keys().map(String::as_str).collect();
        for key in
            ["file", "code", "name", "severity", "message", "span", "line", "column", "end_line", "fix"]
        {
            assert!(keys.contains(&key), "missing `{key}` in {entry}");
        }
    }
    insta::assert_snapshot!("json", text);
}

#[test]
fn json_without_findings_is_an_empty_array() {
    let dir = tree(&[("Dockerfile", "FROM alpine:3.20\n")]);
    let out = run_expect(dir.path(), &["check", "--isolated", SELECT, "--format", "json"], 0).stdout;
    assert_eq!(out, "[]\n");
}

#[test]
fn sarif() {
    insta::assert_snapshot!("sarif", redact_sarif(&report(&["--format", "sarif"])));
}

#[test]
fn checkstyle() {
    insta::assert_snapshot!("checkstyle", report(&["--format", "checkstyle"]));
}

#[test]
fn gitlab() {
    let text = report(&["--format", "gitlab"]);
    let issues: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
    let mut fingerprints: Vec<&str> =
        issues.iter().map(|i| i["fingerprint"].as_str().expect("a string")).collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints must be unique");
    insta::assert_snapshot!("gitlab", text);
}

#[test]
fn gitlab_fingerprints_survive_unrelated_edits_and_separate_twins() {
    let fingerprints = |content: &str| -> Vec<(u64, String)> {
        let dir = tree(&[("Dockerfile", content)]);
        let out = run_expect(
            dir.path(),
            &["check", "--isolated", "--select=expose-ssh-port", "--format=gitlab"],
            1,
        )
        .stdout;
        let issues: Vec<Value> = serde_json::from_str(&out).expect("a JSON array");
        issues
            .iter()
            .map(|i| {
                let line = i["location"]["lines"]["begin"].as_u64().expect("a line");
                (line, i["fingerprint"].as_str().expect("a string").to_string())
            })
            .collect()
    };
    let before = fingerprints("FROM alpine:3.20\nEXPOSE 22\nEXPOSE 22\n");
    let after = fingerprints("FROM alpine:3.20\n\n# a comment\nEXPOSE 22\nEXPOSE 22\n");
    assert_eq!(before.len(), 2);
    assert_ne!(before[0].1, before[1].1, "identical findings need distinct fingerprints");
    assert_eq!(after.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [4, 5]);
    assert_eq!(
        before.iter().map(|(_, f)| f).collect::<Vec<_>>(),
        after.iter().map(|(_, f)| f).collect::<Vec<_>>(),
        "moving lines must not change fingerprints"
    );
}

#[test]
fn github() {
    insta::assert_snapshot!("github", report(&["--format", "github"]));
}

#[test]
fn statistics() {
    insta::assert_snapshot!("statistics_human", report(&["--statistics"]));
    insta::assert_snapshot!("statistics_json", report(&["--statistics", "--format", "json"]));
}

/// Rule documentation and the version change without the format changing: replace them.
fn redact_sarif(text: &str) -> String {
    let mut out = text.replace(&format!("\"{}\"", env!("CARGO_PKG_VERSION")), "\"[version]\"");
    for rule in dockwright::rules::all() {
        let meta = rule.meta();
        let docs = serde_json::to_string(&dockwright::rules::docs_markdown(meta)).expect("a string");
        out = out.replace(&docs, &format!("\"[docs of {}]\"", meta.name));
    }
    out
}

#[test]
fn sarif_validates_against_the_schema() {
    let test = "sarif_validates_against_the_schema";
    let Some(schema_path) = shared_path("schemas/sarif-2.1.0-rtm.5.json", test) else { return };
    let text = std::fs::read_to_string(schema_path).expect("schema");
    // The schema's `language` pattern has a stray `]`, a literal in ECMAScript regexes but an
    // error for Rust's; escaping it keeps its meaning.
    let text = text.replace(r#"{2}-[a-zA-Z]{2}]?$"#, r#"{2}-[a-zA-Z]{2}\\]?$"#);
    let schema: Value = serde_json::from_str(&text).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("a usable schema");

    // Every rule over the examples, plus a file with CRLF, a tab and non-ASCII text, in a
    // directory whose name needs percent-encoding.
    let dir =
        tree(&[("odd dir/Dockerfile", "FROM python:3.12\r\nADD app.py /app/\r\n\tMAINTAINER é <a@b.c>\r\n")]);
    for entry in std::fs::read_dir(examples_dir()).expect("examples") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("a name").to_string_lossy().into_owned();
        std::fs::copy(&path, dir.path().join(name)).expect("copy example");
    }
    let out = run_expect(dir.path(), &["check", "--isolated", "--select=all", "--format=sarif"], 1).stdout;
    let sarif: Value = serde_json::from_str(&out).expect("SARIF is JSON");
    let errors: Vec<String> =
        validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF output breaks the schema:\n{}", errors.join("\n"));

    let run = &sarif["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert!(results.iter().any(|r| r["fixes"].is_array()), "the examples have fixable findings");
    assert!(
        results
            .iter()
            .any(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "odd%20dir/Dockerfile")
    );
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), dockwright::rules::all().len(), "--select=all describes every rule");
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }

    // The schema does catch a broken log, so the check above means something.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

/// A generated file with thousands of fixable findings on one long line (after a non-ASCII
/// character, so columns count characters, not bytes) and thousands of identical findings:
/// SARIF places every fix edit where the JSON report's byte offsets say, and GitLab gives every
/// twin its own fingerprint. (Both once took time quadratic in the findings.)
#[test]
fn long_generated_files_keep_exact_fix_positions_and_distinct_fingerprints() {
    let n = 2_000;
    let installs = vec!["apt-get install -y p"; n].join(" && ");
    let content = format!("FROM debian:12\nRUN echo é && {installs}\n{}", "EXPOSE 22\n".repeat(n));
    let dir = tree(&[("Dockerfile", &content)]);
    let select = "--select=apt-no-install-recommends,expose-ssh-port";
    let report = |format: &str| -> Value {
        let out = run_expect(dir.path(), &["check", "--isolated", select, format], 1).stdout;
        serde_json::from_str(&out).expect("JSON")
    };

    // (line, character column) of a byte offset, counted from scratch.
    let position = |offset: usize| -> (u64, u64) {
        let before = &content[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (before.matches('\n').count() as u64 + 1, before[line_start..].chars().count() as u64 + 1)
    };
    let json = report("--format=json");
    let expected: Vec<(u64, u64, u64, u64)> = json
        .as_array()
        .expect("an array")
        .iter()
        .flat_map(|d| d["fix"]["edits"].as_array().cloned().unwrap_or_default())
        .map(|e| {
            let (start, end) = (e["start"].as_u64().expect("start"), e["end"].as_u64().expect("end"));
            let ((line, column), (end_line, end_column)) = (position(start as usize), position(end as usize));
            (line, column, end_line, end_column)
        })
        .collect();
    assert_eq!(expected.len(), n);
    let sarif = report("--format=sarif");
    let placed: Vec<(u64, u64, u64, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .flat_map(|r| r["fixes"].as_array().cloned().unwrap_or_default())
        .flat_map(|f| f["artifactChanges"][0]["replacements"].as_array().cloned().unwrap_or_default())
        .map(|r| {
            let region = &r["deletedRegion"];
            let field = |name: &str| region[name].as_u64().expect("a number");
            (field("startLine"), field("startColumn"), field("endLine"), field("endColumn"))
        })
        .collect();
    assert_eq!(placed, expected);

    let gitlab = report("--format=gitlab");
    let expose_ssh_port = dockwright::rules::find("expose-ssh-port").expect("the rule").meta().code;
    let mut fingerprints: Vec<&str> = gitlab
        .as_array()
        .expect("an array")
        .iter()
        .filter(|i| i["check_name"] == expose_ssh_port)
        .map(|i| i["fingerprint"].as_str().expect("a string"))
        .collect();
    assert_eq!(fingerprints.len(), n);
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), n, "identical findings need distinct fingerprints");
}
