//! `dockwright check`: discovery, exit codes, standard input, fixing and where the report goes.

mod support;

use serde_json::Value;
use support::{read, run, run_expect, run_with_stdin, tree, write};

/// Triggers `expose-ssh-port` and nothing else among the selected rules.
const SSH: &str = "FROM alpine:3.20\nEXPOSE 22\n";
const ONLY_SSH: &str = "--select=expose-ssh-port";

/// The files named in a JSON report, in order of appearance, each once.
fn files_in(json: &str) -> Vec<String> {
    let list: Vec<Value> = serde_json::from_str(json).expect("a JSON array");
    let mut files: Vec<String> = Vec::new();
    for d in &list {
        let file = d["file"].as_str().expect("file").to_string();
        if files.last() != Some(&file) {
            assert!(!files.contains(&file), "{file} reported in two places: output is not sorted");
            files.push(file);
        }
    }
    files
}

#[test]
fn directories_are_searched_for_dockerfiles_honouring_gitignore() {
    let dir = tree(&[
        (".gitignore", "ignored/\n*.generated.Dockerfile\n"),
        ("Dockerfile", SSH),
        ("Dockerfile.dev", SSH),
        ("api/Containerfile", SSH),
        ("api/Containerfile.prod", SSH),
        ("web/app.Dockerfile", SSH),
        ("web/worker.dockerfile", SSH),
        (".devcontainer/Dockerfile", SSH),
        ("ignored/Dockerfile", SSH),
        ("web/x.generated.Dockerfile", SSH),
        (".git/Dockerfile", SSH),
        ("README.md", SSH),
        ("web/dockerfile", SSH),
    ]);
    let expected = [
        ".devcontainer/Dockerfile",
        "Dockerfile",
        "Dockerfile.dev",
        "api/Containerfile",
        "api/Containerfile.prod",
        "web/app.Dockerfile",
        "web/worker.dockerfile",
    ];
    let all = run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "--format=json"], 1);
    assert_eq!(files_in(&all.stdout), expected);
    // `.` and `./` spell the same files; a file named twice is checked once.
    let dot =
        run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "--format=json", ".", "./Dockerfile"], 1);
    assert_eq!(dot.stdout, all.stdout);
    let web = run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "--format=json", "web"], 1);
    assert_eq!(files_in(&web.stdout), ["web/app.Dockerfile", "web/worker.dockerfile"]);
    // A file named on the command line is checked whatever its name, ignored or not.
    let named = run_expect(
        dir.path(),
        &["check", "--isolated", ONLY_SSH, "--format=json", "ignored/Dockerfile", "README.md"],
        1,
    );
    assert_eq!(files_in(&named.stdout), ["README.md", "ignored/Dockerfile"]);
}

#[test]
fn exit_codes() {
    let dir = tree(&[("clean/Dockerfile", "FROM alpine:3.20\n"), ("ssh/Dockerfile", SSH)]);
    let clean = run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "clean"], 0);
    assert!(clean.stdout.contains("No problems found in 1 file."), "{}", clean.stdout);
    run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "ssh"], 1);
    // expose-ssh-port is a warning: below an `error` fail level, and `--exit-zero`.
    run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "--fail-level=error", "ssh"], 0);
    run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "--exit-zero", "ssh"], 0);
    run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "--fail-level=info", "ssh"], 1);
}

#[test]
fn usage_errors_exit_2() {
    let dir = tree(&[("Dockerfile", SSH)]);
    let typo = run_expect(dir.path(), &["check", "--select=expose-ssh-prot"], 2);
    assert!(typo.stderr.contains("--select") && typo.stderr.contains("expose-ssh-port"), "{}", typo.stderr);
    run_expect(dir.path(), &["check", "--no-such-flag"], 2);
    run_expect(dir.path(), &["check", "--fail-level=loud"], 2);
    run_expect(dir.path(), &["check", "--diff", "--format=json"], 2);
    run_expect(dir.path(), &["check", "--statistics", "--format=sarif"], 2);
    run_expect(dir.path(), &["check", "--config=x.toml", "--isolated"], 2);
}

#[test]
fn missing_and_unreadable_files_do_not_stop_the_others() {
    let dir = tree(&[("a/Dockerfile", SSH), ("c/Dockerfile", SSH)]);
    std::fs::write(dir.path().join("b.Dockerfile"), b"FROM alpine\xff\n").expect("write");
    let result = run_expect(
        dir.path(),
        &["check", "--isolated", ONLY_SSH, "--format=json", "a", "b.Dockerfile", "missing/Dockerfile", "c"],
        2,
    );
    assert_eq!(files_in(&result.stdout), ["a/Dockerfile", "c/Dockerfile"]);
    assert!(result.stderr.contains("missing/Dockerfile: no such file or directory"), "{}", result.stderr);
    assert!(result.stderr.contains("b.Dockerfile: invalid UTF-8"), "{}", result.stderr);
    let human = run_expect(dir.path(), &["check", "--isolated", ONLY_SSH, "a", "b.Dockerfile"], 2);
    assert!(human.stdout.contains("in 1 file. 1 path could not be read."), "{}", human.stdout);
    let nothing = run_expect(dir.path(), &["check", "--isolated", "missing"], 2);
    assert_eq!(nothing.stdout, "Nothing checked: 1 path could not be read.\n");
}

#[cfg(unix)]
#[test]
fn a_directory_without_permission_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("ok/Dockerfile", SSH), ("locked/Dockerfile", SSH)]);
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read_dir(&locked).is_ok() {
        // Root reads anything, so the case cannot be built here.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        eprintln!("SKIPPED a_directory_without_permission_is_an_error: running as root");
        return;
    }
    let result = run(dir.path(), &["check", "--isolated", ONLY_SSH, "--format=json"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(result.code, 2, "{result:#?}");
    assert_eq!(files_in(&result.stdout), ["ok/Dockerfile"]);
    assert!(result.stderr.contains("locked: permission denied"), "{}", result.stderr);
}

#[test]
fn no_dockerfiles_is_a_warning_not_a_failure() {
    let dir = tree(&[("README.md", "hello")]);
    let result = run_expect(dir.path(), &["check", "--isolated"], 0);
    assert!(result.stderr.contains("no Dockerfiles found in ."), "{}", result.stderr);
}

#[test]
fn standard_input() {
    let dir = tree(&[]);
    let result = run_with_stdin(dir.path(), &["check", "--isolated", ONLY_SSH, "--format=json", "-"], SSH);
    assert_eq!(result.code, 1, "{result:#?}");
    assert_eq!(files_in(&result.stdout), ["<stdin>"]);
    let named = run_with_stdin(
        dir.path(),
        &["check", "--isolated", ONLY_SSH, "--format=json", "--stdin-filename=svc/Dockerfile", "-"],
        SSH,
    );
    assert_eq!(files_in(&named.stdout), ["svc/Dockerfile"]);
}

#[test]
fn fixing_standard_input_prints_the_fixed_file_and_reports_on_stderr() {
    let dir = tree(&[]);
    let args = ["check", "--isolated", "--select=prefer-copy-over-add,expose-ssh-port", "--fix", "-"];
    let result = run_with_stdin(dir.path(), &args, "FROM alpine:3.20\r\nADD app.py /app/\r\nEXPOSE 22\r\n");
    assert_eq!(result.code, 1, "{result:#?}");
    assert_eq!(result.stdout, "FROM alpine:3.20\r\nCOPY app.py /app/\r\nEXPOSE 22\r\n");
    assert!(
        result.stderr.contains("expose-ssh-port") && result.stderr.contains("Fixed 1 problem."),
        "{}",
        result.stderr
    );
    // Nothing to fix: the input comes back unchanged, so the command works as a filter.
    let unchanged = run_with_stdin(dir.path(), &args, "FROM alpine:3.20\n");
    assert_eq!((unchanged.code, unchanged.stdout.as_str()), (0, "FROM alpine:3.20\n"));
}

#[test]
fn fix_rewrites_files_atomically_keeping_crlf() {
    let original = "FROM alpine:3.20\r\nADD app.py /app/\r\nADD conf /etc/conf\r\n";
    let dir = tree(&[("Dockerfile", original)]);
    let args = ["check", "--isolated", "--select=prefer-copy-over-add"];

    let mut diff_args = args.to_vec();
    diff_args.extend(["--fix", "--diff"]);
    let diff = run_expect(dir.path(), &diff_args, 1);
    assert_eq!(read(dir.path(), "Dockerfile"), original, "--diff writes nothing");
    assert!(diff.stdout.starts_with("--- a/Dockerfile\n+++ b/Dockerfile\n"), "{}", diff.stdout);
    assert!(diff.stdout.contains("\n-ADD app.py /app/\r\n"), "{}", diff.stdout);
    assert!(diff.stdout.contains("\n+COPY app.py /app/\r\n"), "{}", diff.stdout);
    assert!(diff.stderr.contains("Would fix 2 problems in 1 file."), "{}", diff.stderr);

    let mut fix_args = args.to_vec();
    fix_args.push("--fix");
    let fixed = run_expect(dir.path(), &fix_args, 0);
    assert!(fixed.stdout.contains("Fixed 2 problems."), "{}", fixed.stdout);
    assert_eq!(
        read(dir.path(), "Dockerfile"),
        "FROM alpine:3.20\r\nCOPY app.py /app/\r\nCOPY conf /etc/conf\r\n"
    );
    let left: Vec<_> =
        std::fs::read_dir(dir.path()).expect("list").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(left, ["Dockerfile"], "no temporary file is left behind");
    // Fixing again changes nothing.
    run_expect(dir.path(), &diff_args, 0);
}

#[cfg(unix)]
#[test]
fn fix_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[("Dockerfile", "FROM alpine:3.20\nADD a /a\n")]);
    let path = dir.path().join("Dockerfile");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    run_expect(dir.path(), &["check", "--isolated", "--select=prefer-copy-over-add", "--fix"], 0);
    assert_eq!(read(dir.path(), "Dockerfile"), "FROM alpine:3.20\nCOPY a /a\n");
    let mode = std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn unsafe_fixes_widen_fix_and_diff_but_write_nothing_alone() {
    // `prefer-slim-base-image` has an unsafe fix, `prefer-copy-over-add` a safe one.
    let original = "FROM python:3.12\nADD a /a\n";
    let dir = tree(&[("Dockerfile", original)]);
    let rules = "--select=prefer-copy-over-add,prefer-slim-base-image";
    let report = run_expect(dir.path(), &["check", "--isolated", rules, "--unsafe-fixes"], 1);
    assert_eq!(read(dir.path(), "Dockerfile"), original, "a check alone rewrote the file");
    assert!(report.stdout.contains("2 fixable with --fix."), "{}", report.stdout);
    let report = run_expect(dir.path(), &["check", "--isolated", rules], 1);
    assert!(report.stdout.contains("1 fixable with --fix. 1 more with --unsafe-fixes."), "{}", report.stdout);
    run_expect(dir.path(), &["check", "--isolated", rules, "--unsafe-fixes", "--fix"], 0);
    assert_eq!(read(dir.path(), "Dockerfile"), "FROM python:3.12-slim\nCOPY a /a\n");
}

#[test]
fn files_with_syntax_errors_are_not_fixed() {
    let original = "FROM alpine:3.20\nRUNN x\nADD a /a\n";
    let dir = tree(&[("Dockerfile", original)]);
    let result = run_expect(
        dir.path(),
        &["check", "--isolated", "--select=prefer-copy-over-add,syntax-error", "--fix"],
        1,
    );
    assert_eq!(read(dir.path(), "Dockerfile"), original);
    assert!(
        result.stderr.contains("Dockerfile: not fixed, because it has syntax errors"),
        "{}",
        result.stderr
    );
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = tree(&[("Dockerfile", SSH)]);
    let args = ["check", "--isolated", ONLY_SSH, "--format=sarif"];
    let to_stdout = run_expect(dir.path(), &args, 1);
    let mut with_output = args.to_vec();
    with_output.extend(["--output", "reports/dockwright.sarif"]);
    std::fs::create_dir(dir.path().join("reports")).expect("mkdir");
    let to_file = run_expect(dir.path(), &with_output, 1);
    assert_eq!(to_file.stdout, "");
    assert_eq!(read(dir.path(), "reports/dockwright.sarif"), to_stdout.stdout);
    // A report that cannot be written is an error.
    with_output.pop();
    with_output.push("no-such-dir/report.sarif");
    run_expect(dir.path(), &with_output, 2);
}

#[test]
fn statistics_count_per_rule_most_frequent_first() {
    let dir = tree(&[("a/Dockerfile", "FROM alpine:latest\nEXPOSE 22\nADD a /a\n"), ("b/Dockerfile", SSH)]);
    write(dir.path(), "c/Dockerfile", "FROM alpine:3.20\nEXPOSE 22\nADD a /a\n");
    let args = ["check", "--isolated", "--select=no-latest-tag,expose-ssh-port,prefer-copy-over-add"];
    let mut json_args = args.to_vec();
    json_args.extend(["--statistics", "--format=json"]);
    let stats: Vec<Value> =
        serde_json::from_str(&run_expect(dir.path(), &json_args, 1).stdout).expect("a JSON array");
    let rows: Vec<(&str, u64, u64)> = stats
        .iter()
        .map(|r| {
            (
                r["name"].as_str().expect("name"),
                r["count"].as_u64().expect("count"),
                r["fixable"].as_u64().expect("fixable"),
            )
        })
        .collect();
    assert_eq!(rows, [("expose-ssh-port", 3, 0), ("prefer-copy-over-add", 2, 2), ("no-latest-tag", 1, 0)]);
}

#[test]
fn the_build_context_is_the_dockerfiles_directory_or_context() {
    let dockerfile = "FROM alpine:3.20\nCOPY app.py secret.env missing.txt /app/\n";
    let dir = tree(&[
        ("svc/Dockerfile", dockerfile),
        ("svc/.dockerignore", "*.env\n"),
        ("svc/app.py", "print()\n"),
        ("svc/secret.env", "X=1\n"),
        ("ctx/.dockerignore", "app.py\n"),
        ("ctx/missing.txt", "\n"),
    ]);
    let rules = "--select=copy-ignored-file,copy-source-not-found";
    let findings = |args: &[&str]| -> Vec<(String, String)> {
        let mut full = vec!["check", "--isolated", rules, "--format=json"];
        full.extend(args);
        let result = run(dir.path(), &full);
        let list: Vec<Value> = serde_json::from_str(&result.stdout).expect("a JSON array");
        let text = |d: &Value, key: &str| d[key].as_str().unwrap_or_default().to_string();
        list.iter().map(|d| (text(d, "name"), text(d, "message"))).collect()
    };
    // By default the Dockerfile's directory is presumed to be the context: its .dockerignore
    // applies, but a file missing there is no evidence, so nothing is reported missing.
    let presumed = findings(&["svc/Dockerfile"]);
    assert_eq!(presumed.len(), 1, "{presumed:?}");
    assert!(presumed[0].0 == "copy-ignored-file" && presumed[0].1.contains("secret.env"), "{presumed:?}");
    // An explicit context is trusted: its ignore file, and its files.
    let explicit = findings(&["--context", "ctx", "svc/Dockerfile"]);
    let names: Vec<&str> = explicit.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"copy-ignored-file") && names.contains(&"copy-source-not-found"), "{explicit:?}");
    assert!(explicit.iter().any(|(n, m)| n == "copy-ignored-file" && m.contains("app.py")), "{explicit:?}");
    assert!(
        explicit.iter().any(|(n, m)| n == "copy-source-not-found" && m.contains("secret.env")),
        "{explicit:?}"
    );
    assert!(!explicit.iter().any(|(_, m)| m.contains("missing.txt")), "{explicit:?}");
    // Standard input has no context unless one is given.
    let stdin = run_with_stdin(dir.path(), &["check", "--isolated", rules, "--format=json", "-"], dockerfile);
    assert_eq!(stdin.stdout.trim(), "[]", "{}", stdin.stdout);
    let bad = run_expect(dir.path(), &["check", "--context", "nope", "svc/Dockerfile"], 2);
    assert!(bad.stderr.contains("--context nope: not a directory"), "{}", bad.stderr);
}

#[test]
fn an_ignore_file_named_after_the_dockerfile_wins_for_that_dockerfile_only() {
    // Several Dockerfiles share one directory (listed once for ignore files): each gets its own
    // `NAME.dockerignore` when there is one, else the directory's `.dockerignore`.
    let dockerfile = "FROM alpine:3.20\nCOPY a.env b.key /app/\n";
    let dir = tree(&[
        ("Dockerfile", dockerfile),
        ("Dockerfile.dev", dockerfile),
        ("Dockerfile.dev.dockerignore", "*.key\n"),
        ("prod.Dockerfile", dockerfile),
        (".dockerignore", "*.env\n"),
        ("a.env", "\n"),
        ("b.key", "\n"),
    ]);
    let args = ["check", "--isolated", "--select=copy-ignored-file", "--format=json", "."];
    let list: Vec<Value> = serde_json::from_str(&run(dir.path(), &args).stdout).expect("a JSON array");
    let mut found: Vec<(String, bool)> = list
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or_default().trim_start_matches("./").to_string();
            (file, d["message"].as_str().unwrap_or_default().contains("b.key"))
        })
        .collect();
    found.sort();
    let expected = [("Dockerfile", false), ("Dockerfile.dev", true), ("prod.Dockerfile", false)];
    assert_eq!(found, expected.map(|(f, key)| (f.to_string(), key)), "{list:?}");
}

#[test]
fn diff_labels_absolute_paths_as_git_does() {
    let dir = tree(&[("Dockerfile", "FROM alpine:3.20\nADD app.conf /etc/\n")]);
    let path = dir.path().join("Dockerfile");
    let path = path.to_str().expect("a UTF-8 temp path");
    let diff =
        run_expect(dir.path(), &["check", "--isolated", "--select=prefer-copy-over-add", "--diff", path], 1);
    let relative = path.trim_start_matches('/');
    assert!(diff.stdout.starts_with(&format!("--- a/{relative}\n+++ b/{relative}\n")), "{}", diff.stdout);
}
