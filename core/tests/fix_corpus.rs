//! Fixing the whole corpus: every fixed file still parses (with our parser and with BuildKit's
//! own Go parser), a second fix changes nothing, CRLF files stay CRLF, and files without
//! fixable findings stay byte-identical. Every fix applied alone, as an editor would, keeps
//! the promises of `support::fix_promises`.

mod support;

use std::fs;
use std::process::Command;

use dockwright::{Applicability, Config, Linter};
use support::fix_promises::{Checked, broken_promise};

#[test]
fn fixing_the_corpus_is_safe_idempotent_and_byte_preserving() {
    let test = "fixing_the_corpus_is_safe_idempotent_and_byte_preserving";
    let Some(dir) = support::shared_path("corpus/files", test) else { return };
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let modes = [
        ("--fix (default rules)", Linter::with_defaults(), Applicability::Safe),
        (
            "--unsafe-fixes --select all",
            Linter::new(Config { select: Some(vec!["all".into()]), ..Config::default() }).unwrap(),
            Applicability::Unsafe,
        ),
    ];
    let out_dir = std::env::temp_dir().join(format!("dockwright-fixed-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out_dir);
    fs::create_dir_all(&out_dir).unwrap();
    let mut problems = Vec::new();
    for (mode_index, (mode, linter, allow)) in modes.iter().enumerate() {
        let (mut changed, mut fixes, mut single_fixes) = (0, 0, 0);
        for path in &files {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let bytes = fs::read(path).unwrap();
            let decoded = dockwright::decode(&bytes).unwrap();
            let text = decoded.text.as_ref();
            let checked = Checked::new(linter, text);
            let before = &checked.doc;
            let offered: Vec<_> = checked
                .findings
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability <= *allow))
                .collect();
            let fixable = !offered.is_empty();
            // Editors and the playground apply one fix at a time, as offered.
            for d in offered.iter().filter(|_| before.errors.is_empty()) {
                single_fixes += 1;
                if let Some(broken) = broken_promise(linter, &checked, d) {
                    problems.push(format!("{mode} {name}: {broken}"));
                }
            }
            let outcome = linter.fix(text, *allow);
            for warning in outcome.warnings() {
                problems.push(format!("{mode} {name}: {warning}"));
            }
            if !fixable && outcome.output != text {
                problems.push(format!("{mode} {name}: changed without a fixable finding"));
            }
            if !outcome.changed() {
                continue;
            }
            changed += 1;
            fixes += outcome.applied.len();
            let after = dockwright::parse(&outcome.output);
            if after.errors.len() > before.errors.len() {
                problems.push(format!("{mode} {name}: fixing added syntax errors: {:?}", after.errors));
            }
            let again = linter.fix(&outcome.output, *allow);
            if again.changed() {
                problems.push(format!("{mode} {name}: a second fix changed it again: {:?}", again.applied));
            }
            let crlf_only = text.contains("\r\n") && !text.replace("\r\n", "").contains('\n');
            if crlf_only && outcome.output.replace("\r\n", "").contains('\n') {
                problems.push(format!("{mode} {name}: a CRLF file got LF line endings"));
            }
            fs::write(out_dir.join(format!("{mode_index}-{name}")), decoded.encoding.encode(&outcome.output))
                .unwrap();
        }
        eprintln!(
            "{mode}: {fixes} fixes changed {changed} of {} corpus files; {single_fixes} fixes applied one at a time",
            files.len()
        );
        assert!(changed > 0, "{mode}: no file was fixed; the test would prove nothing");
    }
    buildkit_parses_all(&out_dir, &mut problems);
    let _ = fs::remove_dir_all(&out_dir);
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// BuildKit's own parser (the `dockerfile` Python package) must accept every fixed file.
fn buildkit_parses_all(dir: &std::path::Path, problems: &mut Vec<String>) {
    let Some(python) = support::python_with("dockerfile", "fixed files parse with BuildKit") else { return };
    let script = r#"
import os, sys, dockerfile
d = sys.argv[1]
bad = 0
names = sorted(os.listdir(d))
for n in names:
    try:
        dockerfile.parse_file(os.path.join(d, n))
    except Exception as e:
        bad += 1
        print(f"{n}: {e}")
print(f"checked {len(names)}", file=sys.stderr)
"#;
    let output = Command::new(python).args(["-c", script]).arg(dir).output().expect("run python");
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        problems.push(format!("BuildKit rejects the fixed file {line}"));
    }
    assert!(output.status.success(), "the BuildKit check itself failed");
}
