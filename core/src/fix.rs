//! Applying fixes: non-overlapping edits, re-parse, re-check, repeat until nothing changes.
//!
//! A batch of fixes whose result parses worse than the input is retried one fix at a time, and
//! a fix that still breaks the file is dropped: a fix must never turn a building Dockerfile into
//! one that does not build. Everything outside the edits is kept byte for byte.

use crate::check::Linter;
use crate::context::BuildContext;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::Dockerfile;

/// Fix rounds before giving up on reaching a fixpoint (each round re-checks the whole file).
pub const MAX_ROUNDS: usize = 10;

/// The result of fixing a file.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text (equal to the input when nothing applied).
    pub output: String,
    /// The fixes that were applied, in the order of application.
    pub applied: Vec<AppliedFix>,
    /// What the linter still reports on the output.
    pub remaining: Vec<Diagnostic>,
    /// Fixes left out because applying them added a syntax error. Each one is a bug in its rule:
    /// the finding stays in `remaining`, with the fix that could not be applied.
    pub withheld: Vec<AppliedFix>,
    /// Whether fixing reached a fixpoint: false when fixes were still changing the file after
    /// [`MAX_ROUNDS`] rounds, so that fixing the output again would change it further.
    pub converged: bool,
    /// How many fixing rounds ran: each takes the fixes offered for the text, applies those that
    /// keep it readable, and parses and checks the result again.
    pub rounds: usize,
}

impl FixOutcome {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }

    /// What went wrong while fixing, in words for the user: each withheld fix, and fixing that
    /// did not settle. Either is a bug in a rule, and leaves findings that were offered as fixable.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings: Vec<String> = self
            .withheld
            .iter()
            .map(|f| {
                format!(
                    "the fix of {} ({}: {}) was not applied, because it made the file unreadable; \
                     please report this bug",
                    f.name, f.code, f.title
                )
            })
            .collect();
        if !self.converged {
            warnings.push(format!(
                "fixes were still changing the file after {} rounds; the rest are reported. \
                 Please report this bug",
                self.rounds
            ));
        }
        warnings
    }
}

/// One fix: which rule, and its title.
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
        fix_in_rounds(source, allow, MAX_ROUNDS, &|doc| self.check_document_with_context(doc, context))
    }
}

/// The fixing loop, with the checker and the number of rounds given, so that tests can make it
/// meet fixes that break the file or never settle (no rule of ours does either).
fn fix_in_rounds(
    source: &str,
    allow: Applicability,
    max_rounds: usize,
    check: &dyn Fn(&Dockerfile<'_>) -> Vec<Diagnostic>,
) -> FixOutcome {
    let mut text = source.to_string();
    let mut applied = Vec::new();
    let mut rejected: Vec<(&'static str, Fix)> = Vec::new();
    let mut withheld: Vec<AppliedFix> = Vec::new();
    let mut rounds = 0;
    // Ends: every pass either returns or counts a round.
    loop {
        let doc = crate::parse(&text);
        let found = check(&doc);
        // Only the source can have syntax errors: a fix that adds one is never applied.
        if !doc.errors.is_empty() && applied.is_empty() {
            return FixOutcome { output: text, applied, remaining: found, withheld, converged: true, rounds };
        }
        let candidates: Vec<&Diagnostic> = found
            .iter()
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability <= allow))
            .filter(|d| !rejected.iter().any(|(code, fix)| *code == d.code && Some(fix) == d.fix.as_ref()))
            .collect();
        // These findings are of the final text: no need to check it again.
        if candidates.is_empty() || rounds == max_rounds {
            let converged = candidates.is_empty();
            return FixOutcome { output: text, applied, remaining: found, withheld, converged, rounds };
        }
        rounds += 1;
        let baseline: Vec<String> = doc.errors.iter().map(|e| e.message.clone()).collect();
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
                let fix = applied_fix(d);
                // The same fix can come back at another place after other edits.
                if !withheld.contains(&fix) {
                    withheld.push(fix);
                }
            }
        }
        if rejected.len() == before {
            // Each is fine alone but not together: apply the first, the rest next round.
            let first = batch[0];
            text = apply(&text, &first.fix.as_ref().expect("filtered").edits);
            applied.push(applied_fix(first));
        }
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

    /// A finding of a made-up rule `code` whose fix is `fix`.
    fn finding(code: &'static str, fix: Fix) -> Diagnostic {
        Diagnostic {
            code,
            name: code,
            severity: crate::Severity::Warning,
            message: String::new(),
            span: fix.span().unwrap_or_default(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            help: None,
            fix: Some(fix),
        }
    }

    #[test]
    fn a_fix_that_breaks_the_file_is_withheld_and_the_others_apply() {
        let source = "FROM alpine\nRUN true\n";
        let breaking = Edit::insert(source.len() as u32, "HEALTHCHECK\n");
        assert!(
            !crate::parse(&apply(source, [&breaking])).errors.is_empty(),
            "the premise: it breaks the file"
        );
        let check = |doc: &Dockerfile<'_>| {
            let mut found = vec![finding("BAD", Fix::safe("Break it", vec![breaking.clone()]))];
            if !doc.source.contains("USER") {
                found.push(finding("GOOD", Fix::safe("Add USER", vec![Edit::insert(12, "USER app\n")])));
            }
            found
        };
        let outcome = fix_in_rounds(source, Applicability::Safe, MAX_ROUNDS, &check);
        assert_eq!(outcome.output, "FROM alpine\nUSER app\nRUN true\n");
        assert_eq!(outcome.applied.iter().map(|f| f.code).collect::<Vec<_>>(), ["GOOD"]);
        assert_eq!(outcome.withheld, [AppliedFix { code: "BAD", name: "BAD", title: "Break it".into() }]);
        assert!(outcome.converged);
        assert!(outcome.remaining.iter().any(|d| d.code == "BAD"), "the finding is still reported");
        assert_eq!(
            outcome.warnings(),
            ["the fix of BAD (BAD: Break it) was not applied, because it made the file unreadable; please \
              report this bug"]
        );
    }

    #[test]
    fn fixes_that_never_settle_stop_after_the_last_round_and_say_so() {
        let source = "FROM alpine\n";
        // Always one more line to add: a rule whose fix does not silence it.
        let endless = |doc: &Dockerfile<'_>| {
            vec![finding(
                "MORE",
                Fix::safe("Add a comment", vec![Edit::insert(doc.source.len() as u32, "#\n")]),
            )]
        };
        let outcome = fix_in_rounds(source, Applicability::Safe, 3, &endless);
        assert_eq!(outcome.output, "FROM alpine\n#\n#\n#\n");
        assert_eq!(outcome.applied.len(), 3);
        assert!(!outcome.converged);
        assert_eq!(outcome.remaining.len(), 1, "the findings of the output");
        assert_eq!(outcome.warnings().len(), 1);
        assert!(outcome.warnings()[0].starts_with("fixes were still changing the file after 3 rounds"));

        // Settling in exactly the last round allowed is converging.
        let three = |doc: &Dockerfile<'_>| {
            if doc.source.matches('#').count() < 3 { endless(doc) } else { Vec::new() }
        };
        let outcome = fix_in_rounds(source, Applicability::Safe, 3, &three);
        assert_eq!((outcome.applied.len(), outcome.rounds, outcome.converged), (3, 3, true));
        assert!(outcome.remaining.is_empty());
    }

    #[test]
    fn unsafe_fixes_wait_for_unsafe_and_do_not_count_against_converging() {
        let source = "FROM alpine\n";
        let check = |doc: &Dockerfile<'_>| {
            if doc.source.contains("USER") {
                return Vec::new();
            }
            vec![finding("ROOT", Fix::unsafe_("Add USER", vec![Edit::insert(12, "USER app\n")]))]
        };
        let safe = fix_in_rounds(source, Applicability::Safe, MAX_ROUNDS, &check);
        assert_eq!((safe.output.as_str(), safe.converged, safe.remaining.len()), (source, true, 1));
        let all = fix_in_rounds(source, Applicability::Unsafe, MAX_ROUNDS, &check);
        assert_eq!((all.output.as_str(), all.converged, all.rounds), ("FROM alpine\nUSER app\n", true, 1));
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
