//! Applying fixes: non-overlapping edits, re-parse, re-check, repeat until nothing changes.
//!
//! A batch of fixes whose result parses worse than the input is retried one fix at a time, and
//! a fix that still breaks the file is dropped: a fix must never turn a building Dockerfile into
//! one that does not build. Everything outside the edits is kept byte for byte.

use crate::check::Linter;
use crate::context::BuildContext;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};

/// Fix rounds before giving up on reaching a fixpoint (each round re-checks the whole file).
const MAX_ROUNDS: usize = 10;

/// The result of fixing a file.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text (equal to the input when nothing applied).
    pub output: String,
    /// The fixes that were applied, in the order of application.
    pub applied: Vec<AppliedFix>,
    /// What the linter still reports on the output.
    pub remaining: Vec<Diagnostic>,
}

impl FixOutcome {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// One applied fix: which rule, and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    pub code: &'static str,
    pub name: &'static str,
    pub title: String,
}

impl Linter {
    /// Applies every fix of the allowed applicability (`Unsafe` allows both) until none is left.
    /// A file with syntax errors is left as it is: where BuildKit's reading of it is broken, an
    /// edit could land somewhere other than where the finding points.
    pub fn fix(&self, source: &str, allow: Applicability) -> FixOutcome {
        self.fix_with_context(source, allow, None)
    }

    /// [`Linter::fix`] with the build context, so that the context rules report on the result.
    pub fn fix_with_context(
        &self,
        source: &str,
        allow: Applicability,
        context: Option<&dyn BuildContext>,
    ) -> FixOutcome {
        let mut text = source.to_string();
        let mut applied = Vec::new();
        let mut rejected: Vec<(&'static str, Fix)> = Vec::new();
        for _ in 0..MAX_ROUNDS {
            let doc = crate::parse(&text);
            let diagnostics = self.check_document_with_context(&doc, context);
            // Only the source can have syntax errors: a fix that adds one is never applied.
            if !doc.errors.is_empty() && applied.is_empty() {
                return FixOutcome { output: text, applied, remaining: diagnostics };
            }
            let baseline: Vec<String> = doc.errors.iter().map(|e| e.message.clone()).collect();
            let candidates: Vec<&Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability <= allow))
                .filter(|d| {
                    !rejected.iter().any(|(code, fix)| *code == d.code && Some(fix) == d.fix.as_ref())
                })
                .collect();
            if candidates.is_empty() {
                // These findings are of the final text: no need to check it again.
                return FixOutcome { output: text, applied, remaining: diagnostics };
            }
            let batch = non_overlapping(&candidates);
            let fixed = apply(&text, batch.iter().flat_map(|d| &d.fix.as_ref().expect("filtered").edits));
            if still_parses(&fixed, &baseline) {
                applied.extend(batch.iter().map(|d| applied_fix(d)));
                text = fixed;
                continue;
            }
            // Some fix breaks the file: find it alone and never offer it again.
            let before = rejected.len();
            for d in &batch {
                let fix = d.fix.as_ref().expect("filtered");
                if !still_parses(&apply(&text, &fix.edits), &baseline) {
                    rejected.push((d.code, fix.clone()));
                }
            }
            if rejected.len() == before {
                // Each is fine alone but not together: apply the first, the rest next round.
                let first = batch[0];
                text = apply(&text, &first.fix.as_ref().expect("filtered").edits);
                applied.push(applied_fix(first));
            }
        }
        // Out of rounds: what is left is whatever the last changes left.
        let remaining = self.check_with_context(&text, context);
        FixOutcome { output: text, applied, remaining }
    }
}

fn applied_fix(d: &Diagnostic) -> AppliedFix {
    AppliedFix {
        code: d.code,
        name: d.name,
        title: d.fix.as_ref().map(|f| f.title.clone()).unwrap_or_default(),
    }
}

/// Greedily picks fixes in source order whose edits do not touch an already picked one.
fn non_overlapping<'d>(candidates: &[&'d Diagnostic]) -> Vec<&'d Diagnostic> {
    let mut sorted: Vec<&Diagnostic> = candidates.to_vec();
    sorted.sort_by_key(|d| d.fix.as_ref().and_then(Fix::span).map(|s| (s.start, s.end)));
    let mut taken: Vec<&Diagnostic> = Vec::new();
    let mut taken_spans: Vec<(u32, u32)> = Vec::new();
    for d in sorted {
        let fix = d.fix.as_ref().expect("filtered");
        // Touching edits count as clashing: their order would be ambiguous.
        let clashes = fix.edits.iter().any(|e| taken_spans.iter().any(|&(s, t)| e.start <= t && s <= e.end));
        if !clashes {
            taken_spans.extend(fix.edits.iter().map(|e| (e.start, e.end)));
            taken.push(d);
        }
    }
    taken
}

/// Applies sorted, non-overlapping edits.
pub fn apply<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut edits: Vec<&Edit> = edits.into_iter().collect();
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0usize;
    for edit in edits {
        let (start, end) = (edit.start as usize, edit.end as usize);
        if start < pos || end > text.len() {
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&edit.content);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Whether `text` has no syntax error that the original did not have.
fn still_parses(text: &str, baseline: &[String]) -> bool {
    let doc = crate::parse(text);
    let mut remaining = baseline.to_vec();
    doc.errors.iter().all(|e| match remaining.iter().position(|m| *m == e.message) {
        Some(i) => {
            remaining.swap_remove(i);
            true
        }
        None => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_edits_in_order() {
        let text = "abcdef";
        let edits = [
            Edit::replace(crate::Span::new(4, 5), "E"),
            Edit::insert(0, ">"),
            Edit::delete(crate::Span::new(1, 3)),
        ];
        assert_eq!(apply(text, &edits), ">adEf");
    }
}
