//! Whole-corpus properties of the parser: every file decodes, its items tile it exactly (the
//! model is lossless), and the parser finds no error BuildKit would not find.

mod support;

use std::fs;

#[test]
fn every_corpus_file_is_modelled_losslessly() {
    let Some(dir) = support::shared_path("corpus/files", "every_corpus_file_is_modelled_losslessly") else {
        return;
    };
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut with_errors = Vec::new();
    for path in &files {
        let bytes = fs::read(path).unwrap();
        let decoded = dockwright::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc = dockwright::parse(&decoded.text);
        let mut rebuilt = String::with_capacity(decoded.text.len());
        let mut pos = 0;
        for item in &doc.items {
            assert_eq!(item.span.start, pos, "{}: gap before {item:?}", path.display());
            rebuilt.push_str(doc.text(item.span));
            pos = item.span.end;
        }
        assert_eq!(rebuilt, decoded.text, "{}: items do not rebuild the file", path.display());
        assert_eq!(decoded.encoding.encode(&rebuilt), bytes, "{}", path.display());
        if !doc.errors.is_empty() {
            with_errors.push((
                path.file_name().unwrap().to_string_lossy().to_string(),
                doc.errors[0].message.clone(),
            ));
        }
    }
    assert!(files.len() >= 3900, "read only {} files", files.len());
    // Syntax errors are expected only in test fixtures (deliberately broken files) and in one
    // archived real file that BuildKit rejects too (`FROM image # comment`: comments are not
    // allowed after an instruction).
    let fixture_like = fixture_like_ids(&dir.join("../features.tsv"));
    let unexpected: Vec<_> = with_errors
        .iter()
        .filter(|(name, _)| {
            let id = name.trim_end_matches(".Dockerfile");
            !fixture_like.contains(id) && id != "03161"
        })
        .collect();
    assert!(unexpected.is_empty(), "syntax errors in real-world files: {unexpected:?}");
    eprintln!("{} corpus files modelled losslessly; {} with syntax errors", files.len(), with_errors.len());
    for (name, message) in &with_errors {
        eprintln!("  {name}: {message}");
    }
}

/// Ids of corpus files that come from test fixtures (`fixture_like` = 1 in features.tsv).
fn fixture_like_ids(features: &std::path::Path) -> std::collections::HashSet<String> {
    let text = fs::read_to_string(features).expect("corpus/features.tsv");
    let mut lines = text.lines();
    let header: Vec<_> = lines.next().unwrap().split('\t').collect();
    let column = header.iter().position(|h| *h == "fixture_like").expect("fixture_like column");
    lines
        .filter_map(|l| {
            let cells: Vec<_> = l.split('\t').collect();
            (cells.get(column) == Some(&"1")).then(|| cells[0].to_string())
        })
        .collect()
}
