//! Differential test against BuildKit's own Go parser (the `dockerfile` Python package) over the
//! whole shared corpus: keyword, lines, flags and heredocs (name and body) must agree for at
//! least 99.5% of the files.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

use serde_json::Value;

#[test]
fn agrees_with_buildkit_on_the_corpus() {
    let test = "agrees_with_buildkit_on_the_corpus";
    let Some(corpus) = support::shared_path("corpus/files", test) else {
        return;
    };
    let Some(python) = support::python_with("dockerfile", test) else {
        return;
    };
    let reference = std::env::temp_dir().join(format!("dockwright-buildkit-{}.jsonl", std::process::id()));
    let status = Command::new(python)
        .arg(support::workspace_root().join("scripts/buildkit_reference.py"))
        .arg(&reference)
        .arg(&corpus)
        .status()
        .expect("run scripts/buildkit_reference.py");
    assert!(status.success(), "scripts/buildkit_reference.py failed");
    let text = fs::read_to_string(&reference).unwrap();
    let _ = fs::remove_file(&reference);

    let mut total = 0;
    let mut disagreements = BTreeMap::new();
    for line in text.lines() {
        let expected: Value = serde_json::from_str(line).unwrap();
        let name = expected["file"].as_str().unwrap().to_string();
        total += 1;
        let bytes = fs::read(corpus.join(&name)).unwrap();
        let decoded = dockwright::decode(&bytes).unwrap();
        let doc = dockwright::parse(&decoded.text);
        if let Some(error) = expected.get("error") {
            if doc.errors.is_empty() {
                disagreements.insert(name, format!("BuildKit rejects it ({error}), we do not"));
            }
            continue;
        }
        let ours = ours(&doc);
        if let Some(diff) = first_difference(&expected["instructions"], &ours) {
            disagreements.insert(name, diff);
        }
    }
    let agree = total - disagreements.len();
    let share = 100.0 * agree as f64 / total.max(1) as f64;
    eprintln!("BuildKit agreement: {agree} of {total} corpus files ({share:.2}%)");
    for (name, diff) in &disagreements {
        eprintln!("  {name}: {diff}");
    }
    assert!(total >= 3900, "expected the whole corpus, read {total} files");
    assert!(share >= 99.5, "agreement {share:.2}% is below 99.5%");
}

fn ours(doc: &dockwright::Dockerfile<'_>) -> Value {
    doc.instructions
        .iter()
        .map(|i| {
            serde_json::json!({
                "keyword": i.keyword_upper(),
                "line": i.line,
                "end_line": i.end_line,
                "flags": i.flags.iter().map(|f| f.text.as_ref()).collect::<Vec<_>>(),
                "heredocs": i.heredocs.iter().map(|h| serde_json::json!({"name": h.name, "body": h.body})).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn first_difference(expected: &Value, ours: &Value) -> Option<String> {
    let (e, o) = (expected.as_array().unwrap(), ours.as_array().unwrap());
    for (i, (a, b)) in e.iter().zip(o).enumerate() {
        if a != b {
            return Some(format!("instruction {}: BuildKit {a} vs ours {b}", i + 1));
        }
    }
    (e.len() != o.len()).then(|| format!("{} instructions in BuildKit, {} in ours", e.len(), o.len()))
}
