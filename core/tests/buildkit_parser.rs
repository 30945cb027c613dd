//! BuildKit's own parser fixtures: the model, rendered in BuildKit's AST dump format, must equal
//! each case's `result`; the negative cases must be rejected; line numbers must match.

mod support;

use std::fs;

#[test]
fn positive_fixtures_dump_identically() {
    let Some(dir) = support::shared_path("conformance/buildkit-parser", "positive_fixtures_dump_identically")
    else {
        return;
    };
    let mut cases: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let bytes = fs::read(case.join("Dockerfile")).unwrap();
        let expected = fs::read_to_string(case.join("result")).unwrap().replace("\r\n", "\n");
        let decoded = dockwright::decode(&bytes).unwrap();
        let doc = dockwright::parse(&decoded.text);
        let dump = dockwright::buildkit_dump(&doc);
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        if dump != expected {
            failures.push(format!("{name}:\n--- expected\n{expected}--- got\n{dump}"));
        }
        // The parser fixtures are parser tests, not buildable files: some only pass BuildKit's
        // parser and are rejected when it reads the instructions. Those must fail with exactly
        // these complaints; every other fixture must have no errors at all.
        let expected_errors: &[&str] = match name.as_str() {
            "flags" => &["unknown flag `--user`", "unknown flag `--doit`"],
            "health" => &[
                "HEALTHCHECK requires at least one argument",
                "missing command after HEALTHCHECK CMD",
                "unknown HEALTHCHECK type `CONNECT`",
            ],
            n if n == "json" || n.starts_with("jeztah-invalid-json") => {
                &["CMD comes before the first FROM", "the file has no FROM instruction"]
            }
            _ => &[],
        };
        for error in &doc.errors {
            if !expected_errors.iter().any(|e| error.message.contains(e)) {
                failures.push(format!("{name}: unexpected error {error:?}"));
            }
        }
        for expected in expected_errors {
            if !doc.errors.iter().any(|e| e.message.contains(expected)) {
                failures.push(format!("{name}: missing the error `{expected}`"));
            }
        }
    }
    assert_eq!(cases.len(), 33, "expected BuildKit's 33 parser fixtures");
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn negative_fixtures_are_rejected() {
    let Some(dir) =
        support::shared_path("conformance/buildkit-parser-negative", "negative_fixtures_are_rejected")
    else {
        return;
    };
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let case = entry.unwrap().path();
        let bytes = fs::read(case.join("Dockerfile")).unwrap();
        let decoded = dockwright::decode(&bytes).unwrap();
        let doc = dockwright::parse(&decoded.text);
        assert!(!doc.errors.is_empty(), "{} was accepted", case.display());
        count += 1;
    }
    assert_eq!(count, 4);
}

#[test]
fn line_numbers_match_buildkit() {
    let Some(path) = support::shared_path(
        "conformance/buildkit-parser-lineinfo/Dockerfile",
        "line_numbers_match_buildkit",
    ) else {
        return;
    };
    let text = fs::read_to_string(path).unwrap();
    let doc = dockwright::parse(&text);
    let lines: Vec<_> = doc.instructions.iter().map(|i| (i.line, i.end_line)).collect();
    assert_eq!(lines, [(5, 5), (11, 12), (17, 31)]);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
}
