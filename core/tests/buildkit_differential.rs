//! Differential test against BuildKit's own Go parser (the `dockerfile` Python package) over the
//! whole shared corpus: keyword, lines, flags and heredocs (name and body) must agree for at
//! least 99.5% of the files. A file whose reading the Python binding cannot hand back is named
//! and left out of the comparison instead of stopping the reference script.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
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
    let mut total = 0;
    let mut disagreements = BTreeMap::new();
    let mut unreadable = Vec::new();
    for expected in buildkit_reference(&python, &corpus) {
        let name = expected["file"].as_str().unwrap().to_string();
        if expected.get("unreadable").is_some() {
            unreadable.push(name);
            continue;
        }
        total += 1;
        let bytes = fs::read(corpus.join(&name)).unwrap();
        if let Some(diff) = compare(&expected, &dockwright::decode(&bytes).unwrap().text) {
            disagreements.insert(name, diff);
        }
    }
    let agree = total - disagreements.len();
    let share = 100.0 * agree as f64 / total.max(1) as f64;
    eprintln!("BuildKit agreement: {agree} of {total} corpus files ({share:.2}%)");
    for (name, diff) in &disagreements {
        eprintln!("  {name}: {diff}");
    }
    if !unreadable.is_empty() {
        eprintln!("not compared, the binding could not hand back BuildKit's reading: {unreadable:?}");
    }
    assert!(total >= 3900, "expected the whole corpus, read {total} files");
    assert!(share >= 99.5, "agreement {share:.2}% is below 99.5%");
}

/// Inputs that used to stop the reference script, whose every file the corpus test needs: a
/// last line that only continues (BuildKit reads an instruction without a keyword there) and a
/// no-break space inside a HEALTHCHECK type (BuildKit splits inside its UTF-8 sequence).
#[test]
fn reference_script_reads_every_file() {
    let test = "reference_script_reads_every_file";
    let Some(python) = support::python_with("dockerfile", test) else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("dockwright-buildkit-edge-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let files: [(&str, &[u8]); 2] = [
        ("continuation-at-end", b"FROM a\n    \\\n"),
        ("split-no-break-space", "FROM a\nHEALTHCHECK C\u{a0}MD [\"x\"]\n".as_bytes()),
    ];
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
    let reference = buildkit_reference(&python, &dir);
    let _ = fs::remove_dir_all(&dir);
    let by_name: BTreeMap<&str, &Value> =
        reference.iter().map(|r| (r["file"].as_str().unwrap(), r)).collect();
    assert_eq!(by_name.len(), 2, "{reference:?}");
    let ended = by_name["continuation-at-end"];
    assert_eq!(compare(ended, std::str::from_utf8(files[0].1).unwrap()), None, "{ended}");
    assert!(by_name["split-no-break-space"].get("unreadable").is_some());
}

/// What BuildKit's parser reads from every file under `dir`, one JSON object per file.
fn buildkit_reference(python: &Path, dir: &Path) -> Vec<Value> {
    let out = std::env::temp_dir().join(format!(
        "dockwright-buildkit-{}-{}.jsonl",
        std::process::id(),
        dir.file_name().unwrap().to_string_lossy()
    ));
    let status = Command::new(python)
        .arg(support::workspace_root().join("scripts/buildkit_reference.py"))
        .arg(&out)
        .arg(dir)
        .status()
        .expect("run scripts/buildkit_reference.py");
    assert!(status.success(), "scripts/buildkit_reference.py failed");
    let text = fs::read_to_string(&out).unwrap();
    let _ = fs::remove_file(&out);
    text.lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

/// How our reading of `text` differs from BuildKit's (`expected`), if it does.
fn compare(expected: &Value, text: &str) -> Option<String> {
    let doc = dockwright::parse(text);
    if let Some(error) = expected.get("error") {
        return doc.errors.is_empty().then(|| format!("BuildKit rejects it ({error}), we do not"));
    }
    first_difference(&expected["instructions"], &ours(&doc))
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
