//! `--format gitlab`: a GitLab Code Quality report. Fingerprints hash the path, the rule and the
//! flagged source text (not line numbers), so a finding keeps its identity when unrelated lines
//! move and the merge request widget shows only what really changed.

use std::collections::HashMap;

use dockwright::Diagnostic;
use dockwright::rules::Category;
use dockwright::source::LineIndex;
use serde::Serialize;

use super::{FileView, Renderer, Summary, close_array, json_items};

pub struct Gitlab;

/// One Code Quality issue (a struct, so the field order does not depend on serde_json features).
#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: String,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    end: u32,
}

impl Renderer for Gitlab {
    fn begin(&self) -> String {
        "[".to_string()
    }

    fn file(&self, file: &FileView<'_>) -> String {
        let path = super::slash_path(file.name);
        let mut lines = None;
        let mut seen: HashMap<(&str, &str), u64> = HashMap::with_capacity(file.diagnostics.len());
        let issues = file.diagnostics.iter().map(|d| {
            let flagged = flagged_text(file.text, &mut lines, d);
            // Identical findings on identical text are told apart by their order in the file.
            let seen_before = seen.entry((d.code, flagged)).or_default();
            let occurrence = seen_before.to_le_bytes();
            *seen_before += 1;
            Issue {
                kind: "issue",
                check_name: d.code,
                description: format!("{}: {}", d.name, d.message),
                categories: [category(d.code)],
                severity: super::severity_word(d.severity, ["info", "minor", "major", "critical"]),
                fingerprint: fingerprint(&[
                    path.as_bytes(),
                    d.code.as_bytes(),
                    flagged.as_bytes(),
                    &occurrence,
                ]),
                location: Location { path: &path, lines: Lines { begin: d.line, end: d.end_line } },
            }
        });
        json_items(issues, 1)
    }

    fn separator(&self) -> &'static str {
        ","
    }

    fn end(&self, summary: &Summary) -> String {
        close_array(summary.total() == 0, 0) + "\n"
    }
}

/// The source text of the finding, trimmed; for an empty span, its line (found in `lines`, built
/// on first use, so that many findings on one long line do not each search it for its ends).
fn flagged_text<'t>(text: &'t str, lines: &mut Option<LineIndex>, d: &Diagnostic) -> &'t str {
    let span = text.get(d.span.range()).map(str::trim).unwrap_or_default();
    if !span.is_empty() {
        return span;
    }
    let lines = lines.get_or_insert_with(|| LineIndex::new(text));
    lines.line_text(text, lines.line(d.span.start.min(text.len() as u32))).trim()
}

/// Code Climate's categories, which GitLab shows next to the finding.
fn category(code: &str) -> &'static str {
    match dockwright::rules::find(code).map(|r| r.meta().category) {
        Some(Category::Security) => "Security",
        Some(Category::ImageSize | Category::Layers) => "Performance",
        Some(Category::Style) => "Style",
        Some(Category::Correctness | Category::Reproducibility) | None => "Bug Risk",
    }
}

/// FNV-1a over the parts (each followed by a 0 byte so `ab`+`c` differs from `a`+`bc`), 128 bits
/// as hex: stable across runs, platforms and Rust versions, unlike std's hasher.
fn fingerprint(parts: &[&[u8]]) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut hash = OFFSET;
    for part in parts {
        for &b in part.iter().chain(&[0]) {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_separate_parts() {
        // FNV-1a 128 of the empty input is its offset basis; one zero byte per part follows.
        assert_eq!(fingerprint(&[]), "6c62272e07bb014262b821756295c58d");
        assert_ne!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"a", b"bc"]));
        assert_eq!(fingerprint(&[b"Dockerfile", b"DW205"]), fingerprint(&[b"Dockerfile", b"DW205"]));
    }
}
