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
/// Touching edits clash, as their order would be ambiguous, except whole lines that one rule
/// inserts at the same place (the `ARG`s a stage needs after its `FROM`): each stands on its own
/// line, and they go in the order of their findings. Taking one a round left a stage needing more
/// lines than there are rounds unfinished.
fn non_overlapping<'d>(candidates: &[&'d Diagnostic]) -> Vec<&'d Diagnostic> {
    let mut sorted: Vec<&Diagnostic> = candidates.to_vec();
    sorted.sort_by_key(|d| d.fix.as_ref().and_then(Fix::span).map(|s| (s.start, s.end)));
    let mut taken: Vec<&Diagnostic> = Vec::new();
    let mut covered = Coverage::default();
    // Where whole lines were inserted, by which rule, sorted by offset (a sorted list rather
    // than a map, which costs the WebAssembly build kilobytes).
    let mut line_inserts: Vec<(u32, &'static str)> = Vec::new();
    for d in sorted {
        let fix = d.fix.as_ref().expect("filtered");
        let clashes = fix.edits.iter().any(|e| {
            // The first line insertion at or after the edit's start.
            let next = line_inserts.get(inserted_from(&line_inserts, e.start));
            covered.touches(e.start, e.end)
                || if inserts_lines(e) {
                    next.is_some_and(|&(at, code)| at == e.start && code != d.code)
                } else {
                    next.is_some_and(|&(at, _)| at <= e.end)
                }
        });
        if !clashes {
            for e in &fix.edits {
                if inserts_lines(e) {
                    // One entry an offset: only one rule inserts lines there.
                    let i = inserted_from(&line_inserts, e.start);
                    if line_inserts.get(i).is_none_or(|&(at, _)| at != e.start) {
                        line_inserts.insert(i, (e.start, d.code));
                    }
                } else {
                    covered.add(e.start, e.end);
                }
            }
            taken.push(d);
        }
    }
    taken
}

/// The index of the first line insertion at or after `offset`.
fn inserted_from(line_inserts: &[(u32, &str)], offset: u32) -> usize {
    line_inserts.partition_point(|&(at, _)| at < offset)
}

/// An edit that only inserts text ending with a line break.
fn inserts_lines(edit: &Edit) -> bool {
    edit.start == edit.end && edit.content.ends_with('\n')
}

/// The offsets covered by a set of closed ranges `start..=end`, kept as disjoint ranges sorted by
/// start, so that asking whether a range touches the set is a binary search however many fixes
/// were picked (a file with tens of thousands of fixes made a scan of every picked edit
/// quadratic). Edits come roughly in source order, so most ranges are appended.
#[derive(Debug, Default)]
struct Coverage(Vec<(u32, u32)>);

impl Coverage {
    /// Whether `start..=end` shares an offset with the set.
    fn touches(&self, start: u32, end: u32) -> bool {
        // Disjoint ranges sorted by start end in increasing order too: of those that start at or
        // before `end`, the last reaches furthest.
        let starting_before = self.0.partition_point(|&(s, _)| s <= end);
        starting_before.checked_sub(1).is_some_and(|last| self.0[last].1 >= start)
    }

    fn add(&mut self, start: u32, end: u32) {
        // The ranges it touches are a run: those starting at or before `end` and ending at or
        // after `start`.
        let after = self.0.partition_point(|&(s, _)| s <= end);
        let first = self.0[..after].partition_point(|&(_, e)| e < start);
        if first == after {
            self.0.insert(first, (start, end));
        } else {
            self.0[first] = (start.min(self.0[first].0), end.max(self.0[after - 1].1));
            self.0.drain(first + 1..after);
        }
    }
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

    proptest::proptest! {
        #[test]
        fn coverage_touches_what_a_scan_of_the_added_ranges_touches(
            added in proptest::collection::vec((0u32..60, 0u32..8), 0..40),
            asked in proptest::collection::vec((0u32..70, 0u32..8), 1..20),
        ) {
            let mut covered = Coverage::default();
            for &(start, len) in &added {
                covered.add(start, start + len);
            }
            for &(start, len) in &asked {
                let end = start + len;
                let scanned = added.iter().any(|&(s, l)| start <= s + l && s <= end);
                proptest::prop_assert_eq!(covered.touches(start, end), scanned, "{}..={}", start, end);
            }
            // The kept ranges are disjoint and sorted.
            proptest::prop_assert!(covered.0.windows(2).all(|w| w[0].1 < w[1].0));
        }
    }
}
