//! Inline suppressions, ours and the other tools' (read through rule aliases):
//!
//! - `# dockwright ignore=<rule>[,<rule>] [-- reason]`: the next instruction (the comment block
//!   right above it, or a comment inside its continuation lines);
//! - `# dockwright ignore-file=<rule>,...`: the whole file;
//! - hadolint: `# hadolint ignore=DL3008` (next instruction), `# hadolint global ignore=...`,
//!   `# hadolint stage ignore=...` (the stage whose `FROM` follows);
//! - BuildKit: the `# check=skip=Rule1,Rule2` (or `skip=all`) parser directive;
//! - Trivy: `# trivy:ignore:DS-0002` (next instruction); Checkov: `# checkov:skip=CKV_DOCKER_2: reason`
//!   (whole file, as Checkov scopes it).

use crate::model::{DirectiveKind, Dockerfile, InstructionKind, ItemKind, Span};
use crate::rules::RuleMeta;

/// Where a suppression applies.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    File,
    /// Source span of the instruction (or of the whole stage).
    Span(Span),
    /// Every rule that has a BuildKit check alias (`# check=skip=all`).
    AllBuildkit,
}

/// One parsed suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rule ids as written (`all` suppresses everything in scope).
    pub ids: Vec<String>,
    /// The comment it came from.
    pub comment: Span,
    scope: Scope,
}

/// All suppressions of a file.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    pub items: Vec<Suppression>,
}

/// The suppressions of a file that name one rule, for asking about many of its findings: each
/// question is a binary search, however many suppressions the file has or how they overlap.
#[derive(Debug, Clone, Default)]
pub struct RuleSuppressions {
    /// A file-wide suppression names the rule.
    everywhere: bool,
    /// The span scopes that name the rule as `(start, largest end so far)`, sorted by start: a
    /// position is inside one of them exactly when the largest end among the scopes starting at
    /// or before it reaches it.
    by_start: Vec<(u32, u32)>,
    /// Scopes not in source order (only if `items` was edited by hand): asked one by one.
    unsorted: Vec<Span>,
}

impl RuleSuppressions {
    /// Whether a finding at `span` is suppressed.
    pub fn suppresses(&self, span: Span) -> bool {
        let at = span.start;
        let before = self.by_start.partition_point(|&(start, _)| start <= at);
        self.everywhere
            || before.checked_sub(1).is_some_and(|last| self.by_start[last].1 >= at)
            || self.unsorted.iter().any(|scope| scope.start <= at && at <= scope.end)
    }
}

impl Suppressions {
    /// Reads every suppression comment and directive of a parsed file.
    pub fn from_document(doc: &Dockerfile<'_>) -> Suppressions {
        let mut items = Vec::new();
        // `# check=skip=...` directive.
        if let Some(d) = doc.directive(DirectiveKind::Check) {
            for part in d.value.split(';') {
                if let Some((key, value)) = part.split_once('=')
                    && key.trim().eq_ignore_ascii_case("skip")
                {
                    let value = value.trim();
                    let scope =
                        if value.eq_ignore_ascii_case("all") { Scope::AllBuildkit } else { Scope::File };
                    items.push(Suppression { ids: split_ids(value), comment: d.span, scope });
                }
            }
        }
        // Walk the items so each comment block knows which instruction follows it.
        let mut pending: Vec<(Span, Pragma)> = Vec::new();
        for item in &doc.items {
            match item.kind {
                ItemKind::Comment(i) => {
                    let comment = &doc.comments[i];
                    if let Some(pragma) = Pragma::parse(comment.text) {
                        pending.push((comment.span, pragma));
                    }
                }
                ItemKind::Blank | ItemKind::Directive(_) => {
                    // A blank line ends the block: a pragma must sit right above its instruction.
                    flush_without_target(&mut pending, &mut items);
                }
                ItemKind::Instruction(index) => {
                    let instruction = &doc.instructions[index];
                    for (comment, pragma) in pending.drain(..) {
                        let scope = match pragma.target {
                            Target::File => Scope::File,
                            Target::Next => Scope::Span(instruction.span),
                            Target::Stage => match stage_span(doc, index) {
                                Some(span) => Scope::Span(span),
                                None => Scope::Span(instruction.span),
                            },
                        };
                        items.push(Suppression { ids: pragma.ids, comment, scope });
                    }
                    // Pragmas inside a continuation apply to their own instruction.
                    for &comment in &instruction.inner_comments {
                        let text = doc.text(comment).trim_start().trim_start_matches('#');
                        if let Some(pragma) = Pragma::parse(text) {
                            let scope = if pragma.target == Target::File {
                                Scope::File
                            } else {
                                Scope::Span(instruction.span)
                            };
                            items.push(Suppression { ids: pragma.ids, comment, scope });
                        }
                    }
                }
            }
        }
        flush_without_target(&mut pending, &mut items);
        Suppressions { items }
    }

    /// The suppressions that name the rule of `meta`. Every item is read once: build this once
    /// per rule, not once per finding.
    pub fn for_rule(&self, meta: &RuleMeta) -> RuleSuppressions {
        let mut view = RuleSuppressions::default();
        let mut largest_end = 0;
        for item in &self.items {
            let named = match item.scope {
                // `check=skip=all` skips the BuildKit checks, whatever else the ids say.
                Scope::AllBuildkit => meta.aliases.iter().any(|a| is_buildkit_check_name(a)),
                _ => item.ids.iter().any(|id| id.eq_ignore_ascii_case("all") || meta.is_named(id)),
            };
            match item.scope {
                _ if !named => {}
                Scope::File | Scope::AllBuildkit => view.everywhere = true,
                // Suppressions are read in source order, so their scopes come sorted by start.
                Scope::Span(scope) if view.by_start.last().is_none_or(|&(start, _)| start <= scope.start) => {
                    largest_end = largest_end.max(scope.end);
                    view.by_start.push((scope.start, largest_end));
                }
                Scope::Span(scope) => view.unsorted.push(scope),
            }
        }
        view
    }

    /// Whether a finding of `meta` at `span` is suppressed (for one question; for many findings
    /// of a rule, ask [`Suppressions::for_rule`] once).
    pub fn suppresses(&self, meta: &RuleMeta, span: Span) -> bool {
        self.for_rule(meta).suppresses(span)
    }
}

/// File-scoped pragmas still apply when no instruction follows them.
fn flush_without_target(pending: &mut Vec<(Span, Pragma)>, items: &mut Vec<Suppression>) {
    if pending.is_empty() {
        return;
    }
    for (comment, pragma) in pending.drain(..) {
        if pragma.target == Target::File {
            items.push(Suppression { ids: pragma.ids, comment, scope: Scope::File });
        }
    }
}

/// The span from a stage's `FROM` to its last instruction, when `index` is a `FROM`.
fn stage_span(doc: &Dockerfile<'_>, index: usize) -> Option<Span> {
    if !matches!(doc.instructions[index].kind, InstructionKind::From(_)) {
        return None;
    }
    let stage = doc.stages.iter().find(|s| s.from == index)?;
    let last = doc.instructions.get(stage.end.checked_sub(1)?)?;
    Some(doc.instructions[index].span.cover(last.span))
}

/// BuildKit check names are PascalCase words (`JSONArgsRecommended`); other tools' ids are not.
fn is_buildkit_check_name(alias: &str) -> bool {
    alias.starts_with(|c: char| c.is_ascii_uppercase())
        && alias.chars().all(|c| c.is_ascii_alphanumeric())
        && alias.chars().any(|c| c.is_ascii_lowercase())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Next,
    Stage,
    File,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pragma {
    target: Target,
    ids: Vec<String>,
}

/// How every pragma begins, ASCII case aside: its tool's name.
const DOCKWRIGHT: &str = "dockwright";
const HADOLINT: &str = "hadolint";
const TRIVY: &str = "trivy:ignore:";
const CHECKOV_LIKE: [&str; 3] = ["checkov:skip=", "bridgecrew:skip=", "cortex:skip="];

impl Pragma {
    /// Reads the text after `#` of a comment, if it is a suppression pragma.
    fn parse(text: &str) -> Option<Pragma> {
        let text = text.trim();
        // Every comment of every file is asked about, and most are prose: one byte rules out
        // those that cannot start with a tool's name. The names are compared ignoring ASCII case
        // in place, without a lowercase copy.
        let first = text.as_bytes().first()?.to_ascii_lowercase();
        if ![DOCKWRIGHT, HADOLINT, TRIVY].iter().chain(&CHECKOV_LIKE).any(|name| name.as_bytes()[0] == first)
        {
            return None;
        }
        if let Some(rest) = strip_word(text, DOCKWRIGHT) {
            if let Some(value) = assignment(rest, "ignore-file") {
                return Some(Pragma { target: Target::File, ids: split_ids(strip_reason(value)) });
            }
            let value = assignment(rest, "ignore")?;
            return Some(Pragma { target: Target::Next, ids: split_ids(strip_reason(value)) });
        }
        if let Some(rest) = strip_word(text, HADOLINT) {
            let (target, rest) = if let Some(r) = strip_word(rest, "global") {
                (Target::File, r)
            } else if let Some(r) = strip_word(rest, "stage") {
                (Target::Stage, r)
            } else {
                (Target::Next, rest)
            };
            let value = assignment(rest, "ignore")?;
            // hadolint allows a trailing `# reason`.
            let value = value.split('#').next().unwrap_or("");
            return Some(Pragma { target, ids: split_ids(value) });
        }
        if let Some(rest) = strip_prefix_ignore_case(text, TRIVY) {
            let ids = rest.split_whitespace().next()?;
            return Some(Pragma { target: Target::Next, ids: split_ids(ids) });
        }
        for prefix in CHECKOV_LIKE {
            if let Some(value) = strip_prefix_ignore_case(text, prefix) {
                let id = value.split(':').next().unwrap_or("").trim();
                return Some(Pragma { target: Target::File, ids: vec![id.to_string()] });
            }
        }
        None
    }
}

/// `text` without `prefix`, which it starts with in any ASCII case.
pub(crate) fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// `word` followed by whitespace (case-insensitive); returns the rest.
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let rest = strip_prefix_ignore_case(text, word)?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some(rest.trim_start())
}

/// `key = value` (the key case-insensitive); returns the value.
fn assignment<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let rest = strip_prefix_ignore_case(text, key)?.trim_start();
    let rest = rest.strip_prefix('=')?;
    Some(rest.trim())
}

/// Drops ` -- reason`.
fn strip_reason(value: &str) -> &str {
    value.split(" --").next().unwrap_or(value).trim()
}

fn split_ids(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pragmas() {
        let p =
            Pragma::parse(" dockwright ignore=run-as-non-root, DL3008 -- base image is distroless").unwrap();
        assert_eq!(
            (p.target, p.ids.as_slice()),
            (Target::Next, &["run-as-non-root".to_string(), "DL3008".to_string()][..])
        );
        let p = Pragma::parse("hadolint global ignore=DL3003,DL3006 # we cd a lot").unwrap();
        assert_eq!((p.target, p.ids.len()), (Target::File, 2));
        let p = Pragma::parse("hadolint stage ignore=DL3059").unwrap();
        assert_eq!(p.target, Target::Stage);
        assert_eq!(Pragma::parse("trivy:ignore:DS-0002").unwrap().ids, ["DS-0002"]);
        assert_eq!(
            Pragma::parse("checkov:skip=CKV_DOCKER_2: no healthcheck here").unwrap().ids,
            ["CKV_DOCKER_2"]
        );
        assert_eq!(Pragma::parse("dockwright ignore-file = all").unwrap().target, Target::File);
        // Every tool's name, in any ASCII case.
        assert_eq!(Pragma::parse("bridgecrew:skip=CKV_DOCKER_3").unwrap().ids, ["CKV_DOCKER_3"]);
        assert_eq!(Pragma::parse("Cortex:Skip=CKV_DOCKER_4").unwrap().ids, ["CKV_DOCKER_4"]);
        assert_eq!(Pragma::parse("HADOLINT ignore=DL3008").unwrap().ids, ["DL3008"]);
        assert_eq!(Pragma::parse("TRIVY:IGNORE:DS-0001").unwrap().ids, ["DS-0001"]);
        assert_eq!(Pragma::parse("DockWright ignore=DW001").unwrap().ids, ["DW001"]);
        assert!(Pragma::parse("just a comment").is_none());
        assert!(Pragma::parse("").is_none());
        assert!(Pragma::parse("éhadolint ignore=DL3008").is_none());
        assert!(Pragma::parse("hadolintignore=DL1").is_none());
    }

    /// What a suppression means, asked of every item: the reference for the per-rule view.
    fn suppressed_by_any(items: &[Suppression], meta: &RuleMeta, at: u32) -> bool {
        items.iter().any(|s| match s.scope {
            Scope::AllBuildkit => meta.aliases.iter().any(|a| is_buildkit_check_name(a)),
            Scope::File => s.ids.iter().any(|id| id.eq_ignore_ascii_case("all") || meta.is_named(id)),
            Scope::Span(scope) => {
                scope.start <= at
                    && at <= scope.end
                    && s.ids.iter().any(|id| id.eq_ignore_ascii_case("all") || meta.is_named(id))
            }
        })
    }

    proptest::proptest! {
        #[test]
        fn the_rule_view_agrees_with_asking_every_suppression(
            scopes in proptest::collection::vec((0u8..8, 0u32..100, 0u32..40, 0usize..4), 0..30),
            asked in proptest::collection::vec(0u32..150, 1..20),
        ) {
            // Mostly span scopes in source order (as read from a file), with wide ones (a stage)
            // among narrow ones, and now and then a file-wide one or one out of order.
            let ids = ["DW201", "all", "DL3008", "no-such-rule"];
            let mut start = 0;
            let items: Vec<Suppression> = scopes
                .iter()
                .map(|&(kind, step, len, id)| {
                    start += step % 10;
                    let scope = match kind {
                        0 => Scope::File,
                        1 => Scope::AllBuildkit,
                        2 => Scope::Span(Span::new(step, step + len)),
                        _ => Scope::Span(Span::new(start, start + len)),
                    };
                    Suppression { ids: vec![ids[id].to_string()], comment: Span::new(0, 1), scope }
                })
                .collect();
            let written = Suppressions { items };
            // Named by code, by alias, a BuildKit check (`check=skip=all`), and one named by no id.
            for id in ["DW201", "DL3008", "JSONArgsRecommended", "DW424"] {
                let meta = crate::rules::find(id).expect("a rule of that id").meta();
                let view = written.for_rule(meta);
                for &at in &asked {
                    proptest::prop_assert_eq!(
                        view.suppresses(Span::new(at, at + 1)),
                        suppressed_by_any(&written.items, meta, at),
                        "{} at {}", meta.code, at
                    );
                }
            }
        }
    }
}
