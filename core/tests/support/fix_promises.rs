//! The promises a fix keeps when it is applied on its own, as editors and the playground apply
//! the fix a finding carries. One definition for the proptest, the corpus test and the libFuzzer
//! target (which includes this file by its path: the fuzz crate is outside the workspace).

use std::cell::OnceCell;

use dockwright::{Diagnostic, Dockerfile, Edit, Keyword, Linter, Semantic};

/// Whether a fix of this rule may change how many instructions there are: joining two RUNs,
/// dropping an instruction that has no effect, or declaring an `ARG` a stage needs. Every other
/// fix must leave the instructions around it where they were.
pub fn fix_changes_instruction_count(rule: &str) -> bool {
    matches!(rule, "combine-consecutive-run" | "multiple-instructions" | "undefined-var")
}

/// A text as checked once, before any of its findings' fixes is tried.
pub struct Checked<'t> {
    pub text: &'t str,
    pub doc: Dockerfile<'t>,
    /// What the linter reported on `doc`.
    pub findings: Vec<Diagnostic>,
    /// How many commands its `RUN`s hold, counted at the first promise checked rather than
    /// again for every finding (a `Semantic` of the whole file each time).
    run_commands: OnceCell<usize>,
}

impl<'t> Checked<'t> {
    pub fn new(linter: &Linter, text: &'t str) -> Checked<'t> {
        let doc = dockwright::parse(text);
        let findings = linter.check_document(&doc);
        Checked { text, doc, findings, run_commands: OnceCell::new() }
    }
}

/// The first promise that `finding`'s fix, applied alone to the checked text, breaks: the file
/// stays readable, the other instructions stay in place, no command of a `RUN` is lost, and the
/// finding is gone. The text must have no syntax errors: fixes are not applied to broken files.
///
/// "Gone" means its rule reports fewer findings, except for undefined-var: declaring a global
/// `ARG` in a stage puts its name in scope, so a look-alike used nearby (`$GV` beside `$GW`) is
/// then reported as a probable typo. For that rule the finding must be gone from its place.
pub fn broken_promise(linter: &Linter, before: &Checked<'_>, finding: &Diagnostic) -> Option<String> {
    let edits = &finding.fix.as_ref()?.edits;
    let fixed = dockwright::fix::apply(before.text, edits);
    let after = dockwright::parse(&fixed);
    if !after.errors.is_empty() {
        return Some(format!("{} alone broke the file: {:?}", finding.name, after.errors));
    }
    if !fix_changes_instruction_count(finding.name)
        && after.instructions.len() != before.doc.instructions.len()
    {
        return Some(format!("{} alone changed the instructions", finding.name));
    }
    if run_commands(&after) < *before.run_commands.get_or_init(|| run_commands(&before.doc)) {
        return Some(format!("{} alone lost a command of a RUN:\n{fixed}", finding.name));
    }
    let found = linter.check_document(&after);
    let of_rule = |found: &[Diagnostic]| found.iter().filter(|d| d.code == finding.code).count();
    let gone = if finding.name == "undefined-var" {
        let start = moved_offset(finding.span.start, edits);
        !found.iter().any(|d| d.code == finding.code && d.span.start == start)
    } else {
        of_rule(&found) < of_rule(&before.findings)
    };
    (!gone).then(|| format!("{} did not fix itself:\n{fixed}", finding.name))
}

/// How many shell commands the `RUN`s hold. No fix takes one away: a fix that joins, splits or
/// edits commands and leaves fewer has quoted or commented out what follows its edit.
fn run_commands(doc: &Dockerfile<'_>) -> usize {
    let facts = Semantic::new(doc, None);
    (0..doc.instructions.len())
        .filter(|&i| doc.instructions[i].keyword == Keyword::Run)
        .flat_map(|i| facts.scripts_of(i))
        .map(|run| run.script.commands.len())
        .sum()
}

/// Where `offset` of the text is once `edits` are applied: moved by every edit that ends at or
/// before it (an insertion at it included), and to the start of an edit that covers it.
fn moved_offset(offset: u32, edits: &[Edit]) -> u32 {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut shift: i64 = 0;
    for edit in sorted {
        if edit.end <= offset {
            shift += edit.content.len() as i64 - i64::from(edit.end - edit.start);
        } else if edit.start <= offset {
            return (i64::from(edit.start) + shift) as u32;
        }
    }
    (i64::from(offset) + shift) as u32
}
