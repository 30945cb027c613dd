//! Helpers shared by the rules that read `RUN` scripts.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use crate::diagnostic::Edit;
use crate::model::{Instruction, InstructionKind};
use crate::semantic::{RunScript, ScriptOrigin, Semantic};
use crate::shell::tools::{PackageCommand, PackageSpec, package_command};
use crate::shell::{Command, Opt, Script, Word};

/// Every command of every script of an instruction, with its script and index.
pub(crate) fn commands<'x, 'd, 'a>(
    semantic: &'x Semantic<'d, 'a>,
    instruction: usize,
) -> impl Iterator<Item = (&'x RunScript<'d, 'a>, usize, &'x Command<'d>)> {
    commands_in(semantic.scripts_of(instruction))
}

/// Every command of the document, in order (`RunScript::instruction` says whose): for rules
/// that look at each on its own, without walking every instruction.
pub(crate) fn every_command<'x, 'd, 'a>(
    semantic: &'x Semantic<'d, 'a>,
) -> impl Iterator<Item = (&'x RunScript<'d, 'a>, usize, &'x Command<'d>)> {
    commands_in(&semantic.scripts)
}

fn commands_in<'x, 'd, 'a>(
    scripts: &'x [RunScript<'d, 'a>],
) -> impl Iterator<Item = (&'x RunScript<'d, 'a>, usize, &'x Command<'d>)> {
    scripts.iter().flat_map(|rs| rs.script.commands.iter().enumerate().map(move |(i, c)| (rs, i, c)))
}

/// Every package-manager command of an instruction's scripts.
pub(crate) fn package_commands<'x, 'd, 'a>(
    semantic: &'x Semantic<'d, 'a>,
    instruction: usize,
) -> impl Iterator<Item = (&'x RunScript<'d, 'a>, PackageCommand<'x, 'd>)> {
    semantic
        .package_commands_of(Some(instruction))
        .filter_map(|(rs, _, c)| package_command(c).map(|p| (rs, p)))
}

/// Every package-manager command of the document, in order (`RunScript::instruction` says
/// whose): for rules that look at each on its own, without walking every instruction.
pub(crate) fn every_package_command<'x, 'd, 'a>(
    semantic: &'x Semantic<'d, 'a>,
) -> impl Iterator<Item = (&'x RunScript<'d, 'a>, PackageCommand<'x, 'd>)> {
    every_indexed_package_command(semantic).map(|(rs, _, p)| (rs, p))
}

/// [`every_package_command`], with each command's index in its script.
pub(crate) fn every_indexed_package_command<'x, 'd, 'a>(
    semantic: &'x Semantic<'d, 'a>,
) -> impl Iterator<Item = (&'x RunScript<'d, 'a>, usize, PackageCommand<'x, 'd>)> {
    semantic.package_commands_of(None).filter_map(|(rs, i, c)| package_command(c).map(|p| (rs, i, p)))
}

/// Whether a `RUN --mount=type=cache|tmpfs` keeps `path` out of the layer.
pub(crate) fn mount_covers(ins: &Instruction<'_>, path: &str) -> bool {
    match &ins.effective().kind {
        InstructionKind::Run(run) => run.mounts.iter().any(|m| m.covers(path)),
        _ => false,
    }
}

/// The offset just after the last command of a `RUN`'s shell-form command line, where another
/// can follow it with `&&` (before a trailing `;`, which then ends the new command: after it, a
/// failure of the last command would no longer fail the build). `None` when text added there
/// could change what the script already says or be swallowed by it: heredocs, a script that does
/// not parse cleanly (an unclosed quote would quote what follows), a trailing comment or
/// background job, or a command line that is not exact in the source.
pub(crate) fn append_point(semantic: &Semantic<'_, '_>, instruction: usize) -> Option<u32> {
    let ins = &semantic.doc.instructions[instruction];
    let scripts = semantic.scripts_of(instruction);
    let [rs] = scripts else { return None };
    if rs.origin != ScriptOrigin::Command || !ins.heredocs.is_empty() || !rs.is_exact() {
        return None;
    }
    let (last_end, tail) = clean_tail(&rs.script)?;
    (tail.is_empty() || tail == ";").then(|| rs.span(&(0..last_end)).end)
}

/// Where the last command of `script` ends, and what follows it, trimmed (`""`, `;`, `&`, a
/// comment): `None` when the script holds no command or does not read cleanly to its end (an
/// unclosed quote or substitution, a syntax error), so that text put after it could be read
/// as part of it.
pub(crate) fn clean_tail<'s>(script: &Script<'s>) -> Option<(usize, &'s str)> {
    if script.incomplete || script.syntax_error.is_some() {
        return None;
    }
    let last_end = script.commands.iter().map(|c| c.range.end).max()?;
    Some((last_end, script.text[last_end..].trim()))
}

/// Where to append a command to the end of a `RUN`'s shell-form command line, and how: the text
/// to insert keeps the instruction's layout (one line, trailing `&& \`, or leading `&&`).
/// `None` when appending is not safe (see [`append_point`]).
pub(crate) fn append_command(
    semantic: &Semantic<'_, '_>,
    instruction: usize,
    command: &str,
) -> Option<(u32, String)> {
    let doc = semantic.doc;
    let ins = &doc.instructions[instruction];
    let at = append_point(semantic, instruction)?;
    if !ins.line_text.is_joined() {
        return Some((at, format!(" && {command}")));
    }
    // Multi-line: follow the layout of the last line.
    let source = doc.source;
    let line_start = source[..at as usize].rfind('\n').map_or(0, |i| i + 1);
    let last_line = &source[line_start..at as usize];
    // Only blanks the shell skips: a line indented with a no-break space would glue it to the
    // command's name.
    let indent: String = last_line.chars().take_while(|c| matches!(c, ' ' | '\t')).collect();
    let eol = if source[..line_start].ends_with("\r\n") { "\r\n" } else { "\n" };
    // The line continues with the file's escape character (a backtick under `# escape=`).
    let escape = doc.escape;
    let text = if last_line.trim_start().starts_with("&&") {
        format!(" {escape}{eol}{indent}&& {command}")
    } else {
        format!(" && {escape}{eol}{indent}{command}")
    };
    Some((at, text))
}

/// Answers "does an instruction that runs on top of this one's result have the property?" (the
/// rest of its stage, and the stages built on it through `FROM <stage>`, directly or not) for
/// every instruction, after one pass that asks each instruction once. A rule asking it for every
/// RUN it flags by walking the later instructions took time quadratic in the RUNs.
pub(crate) struct LaterInLineage {
    /// Per instruction: the answer.
    after: Vec<bool>,
}

impl LaterInLineage {
    pub fn new(semantic: &Semantic<'_, '_>, mut has: impl FnMut(usize) -> bool) -> LaterInLineage {
        let doc = semantic.doc;
        let mut after = vec![false; doc.instructions.len()];
        // Per stage: an instruction of a stage built on it has the property. Parents are earlier
        // stages, so going backwards every stage is complete before its own turn comes.
        let mut in_descendants = vec![false; doc.stages.len()];
        for stage in doc.stages.iter().rev() {
            let mut seen = in_descendants[stage.index];
            for j in (stage.from..stage.end.min(after.len())).rev() {
                after[j] = seen;
                seen |= has(j);
            }
            if let Some(parent) = semantic.stages[stage.index].parent.filter(|&p| p < stage.index) {
                in_descendants[parent] |= seen;
            }
        }
        LaterInLineage { after }
    }

    /// Whether an instruction after `instruction`, on top of its result, has the property.
    pub fn any_after(&self, instruction: usize) -> bool {
        self.after.get(instruction).is_some_and(|&after| after)
    }
}

/// The instructions after `instruction` that run on top of its result: the rest of its stage
/// and the stages built on it through `FROM <stage>`, directly or not. Only the tests walk them
/// now, as the reference `LaterInLineage` is held to.
#[cfg(test)]
pub(crate) fn later_in_lineage<'x>(
    semantic: &'x Semantic<'_, '_>,
    instruction: usize,
) -> impl Iterator<Item = usize> + 'x {
    let doc = semantic.doc;
    let stage = doc.stage_of(instruction);
    (instruction + 1..doc.instructions.len()).filter(move |&j| {
        let (Some(ancestor), Some(mut current)) = (stage, doc.stage_of(j)) else { return false };
        // Bounded: a `FROM` cycle cannot come from the parser, but must not hang us either.
        for _ in 0..=semantic.stages.len() {
            if current == ancestor {
                return true;
            }
            match semantic.stages[current].parent {
                Some(p) => current = p,
                None => return false,
            }
        }
        false
    })
}

/// Whether fixes may edit inside a command: its script maps exactly to the source, and it was
/// not read from text that had to be unescaped first (an `sh -c` string, a backtick
/// substitution), whose words all carry the range of the whole string.
pub(crate) fn is_editable(rs: &RunScript<'_, '_>, command: &Command<'_>) -> bool {
    rs.is_exact() && command.has_exact_ranges()
}

/// An edit that inserts `text` (an option) right after `word` of `command`, or before a `--` that
/// comes first, when the command is editable and the text would stay in it: for a command of an
/// `sh -c` string, strictly inside that string argument (in `sh -c ''wget` the word ends the
/// argument, and text put after it would become arguments of `sh`).
pub(crate) fn insert_after(
    rs: &RunScript<'_, '_>,
    command: &Command<'_>,
    word: &Word<'_>,
    text: &str,
) -> Option<Edit> {
    if !is_editable(rs, command) {
        return None;
    }
    let inside_string = command.parent.and_then(|p| rs.script.commands.get(p)).is_none_or(|shell| {
        let string = shell.words.iter().find(|w| w.range.contains(&command.range.start));
        string.is_some_and(|string| word.range.end < string.range.end)
    });
    // After a `--` every word is an operand: an option inserted there would be a package or a
    // file. It goes before the `--` (after the word that precedes it), the one place it can work.
    let words = command.unwrap_wrappers().words;
    let end_of_options = words.iter().position(|w| w.value == "--" && w.range.start < word.range.start);
    let after = match end_of_options {
        Some(at) => &words.get(at.checked_sub(1)?)?.range,
        None => &word.range,
    };
    inside_string.then(|| Edit::insert(rs.span(after).end, text))
}

/// The name in a value that is one variable and nothing else: `$PKGS`, `${PKGS}`.
pub(crate) fn lone_variable(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('$')?;
    let name = match rest.strip_prefix('{') {
        Some(braced) => braced.strip_suffix('}')?,
        None => rest,
    };
    let mut bytes = name.bytes();
    let first = bytes.next()?;
    ((first.is_ascii_alphabetic() || first == b'_') && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .then_some(name)
}

/// The words a lone variable (`$PKGS`, `${PKGS}`, the value of a word or option) stands for:
/// the value assigned earlier in the same script (`PKGS="a b"`, `export PKGS=...`), else the
/// value of a visible `ARG` or `ENV`, split at whitespace. `None` when `value` is not a lone
/// variable, or its value is not known or holds further expansions.
pub(crate) fn variable_words(
    semantic: &Semantic<'_, '_>,
    rs: &RunScript<'_, '_>,
    command_index: usize,
    value: &str,
) -> Option<Vec<String>> {
    let name = lone_variable(value)?;
    let earlier = rs.script.commands.get(..command_index).unwrap_or(&[]);
    let in_script = earlier.iter().rev().find_map(|c| {
        let exported = c.name() == Some("export");
        if !exported && !c.words.is_empty() {
            return None;
        }
        let words = if exported { c.args() } else { &c.assignments[..] };
        words
            .iter()
            .rev()
            .filter_map(|w| w.assignment())
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    });
    let value = match in_script {
        Some(v) => v,
        None => {
            let def = semantic.visible_vars(rs.instruction).find(|v| v.name == name)?;
            let v = def.value.as_deref()?.trim();
            let unquoted = v
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                .unwrap_or(v);
            unquoted.to_string()
        }
    };
    if value.contains(['$', '`']) {
        return None;
    }
    Some(value.split_whitespace().map(str::to_string).collect())
}

/// Linux's `PATH_MAX`: no directory with a longer path can be created or entered.
const PATH_MAX: usize = 4096;

/// An absolute, variable-free path for `path` relative to `workdir`; `None` when it uses a
/// variable or is longer than any real path can be (which also keeps a chain of thousands of
/// relative `WORKDIR`s from growing one path without bound).
pub(crate) fn resolve_path(workdir: &str, path: &str) -> Option<String> {
    if path.contains('$') || path.is_empty() {
        return None;
    }
    let base = if path.starts_with('/') { "" } else { workdir };
    // Built in place: every COPY and WORKDIR of a stage is resolved.
    let mut resolved = String::with_capacity(base.len() + path.len() + 1);
    for part in base.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => resolved.truncate(resolved.rfind('/').unwrap_or(0)),
            p => {
                resolved.push('/');
                resolved.push_str(p);
            }
        }
    }
    if resolved.is_empty() {
        resolved.push('/');
    }
    (resolved.len() <= PATH_MAX).then_some(resolved)
}

/// Whether a package argument names a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pinning {
    Pinned,
    Unpinned,
    /// Cannot be pinned or cannot be told: a package group, a command substitution.
    Unknown,
}

/// The package arguments of an install that `pinning` judges unpinned, with the text to show
/// for each (borrowed from the word, except for the words of a variable's value), into `out`
/// (cleared first: one list serves every command of a file). A lone
/// variable (`$PKGS`) is judged by the words of its value when the file gives one (see
/// [`variable_words`]) and skipped otherwise; so are command substitutions.
pub(crate) fn unpinned_packages<'a, 's>(
    semantic: &Semantic<'_, '_>,
    rs: &RunScript<'_, '_>,
    command_index: usize,
    p: &PackageCommand<'a, 's>,
    pinning: impl Fn(&PackageSpec<'_, '_>) -> Pinning,
    out: &mut Vec<(&'a Word<'s>, Cow<'a, str>)>,
) {
    out.clear();
    for word in p.packages {
        if lone_variable(&word.value).is_some() {
            for value in variable_words(semantic, rs, command_index, &word.value).unwrap_or_default() {
                let token = Word {
                    raw: &value,
                    value: Cow::Borrowed(&value),
                    range: word.range.clone(),
                    quoted: false,
                    dynamic: false,
                };
                if pinning(&PackageSpec::new(p.manager, &token)) == Pinning::Unpinned {
                    out.push((word, Cow::Owned(value)));
                }
            }
        } else if !has_command_substitution(&word.value) && pinning(&p.spec(word)) == Pinning::Unpinned {
            out.push((word, Cow::Borrowed(word.value.as_ref())));
        }
    }
}

/// Whether a word holds `$(` or a backtick, found in one scan of its bytes.
fn has_command_substitution(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| b == b'`' || (b == b'$' && bytes.get(i + 1) == Some(&b'(')))
}

/// Appends "`a`", "`a` and `b`", "`a`, `b` and 3 more" to a message: the names of `items`.
pub(crate) fn push_name_list<T>(out: &mut String, items: &[T], name: impl Fn(&T) -> &str) {
    let shown = items.len().min(3);
    for (i, item) in items[..shown].iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == shown && items.len() <= 3 { " and " } else { ", " });
        }
        out.push('`');
        out.push_str(name(item));
        out.push('`');
    }
    if items.len() > 3 {
        // Writing into a String cannot fail.
        let _ = write!(out, " and {} more", items.len() - 3);
    }
}

/// Where an option stands with its value, and its text as the command receives it (quotes
/// removed): `--opt=value`, `--opt value`, `-o value`.
pub(crate) fn option_extent(opt: &Opt<'_, '_>) -> Option<(Range<usize>, String)> {
    let word = match opt {
        Opt::Short { word, .. } | Opt::Long { word, .. } => *word,
        Opt::Positional(_) => return None,
    };
    Some(match opt.value().filter(|v| v.is_separate() && v.word.range != word.range) {
        Some(v) => words_extent(word, v.word),
        None => (word.range.clone(), word.value.to_string()),
    })
}

/// Two words of a command as one extent: `strict-ssl false`.
pub(crate) fn words_extent(first: &Word<'_>, last: &Word<'_>) -> (Range<usize>, String) {
    (first.range.start..last.range.end.max(first.range.end), format!("{} {}", first.value, last.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_workdir_up_to_path_max() {
        assert_eq!(resolve_path("/app", "src/../lib/./x").as_deref(), Some("/app/lib/x"));
        assert_eq!(resolve_path("/app", "/etc/").as_deref(), Some("/etc"));
        assert_eq!(resolve_path("/", "..").as_deref(), Some("/"));
        assert_eq!(resolve_path("/app", "$HOME/x"), None);
        let deep = format!("/{}", "d/".repeat(2047));
        assert_eq!(resolve_path(&deep, "e").map(|p| p.len()), Some(4096));
        assert_eq!(resolve_path(&deep, "ef"), None);
    }

    proptest::proptest! {
        #[test]
        fn later_in_lineage_answers_what_walking_the_later_instructions_finds(
            stages in proptest::collection::vec((0usize..4, 0usize..4), 1..8),
            marked in proptest::collection::vec(proptest::bool::ANY, 40),
        ) {
            // Stages built on an earlier stage (or on an image), with a few RUNs each; an ARG
            // before the first FROM belongs to no stage.
            let mut src = String::from("ARG V=1\n");
            for (k, &(base, runs)) in stages.iter().enumerate() {
                match base.checked_sub(1).filter(|&b| b < k) {
                    Some(b) => src.push_str(&format!("FROM s{b} AS s{k}\n")),
                    None => src.push_str(&format!("FROM debian:12 AS s{k}\n")),
                }
                (0..runs).for_each(|r| src.push_str(&format!("RUN echo {k}.{r}\n")));
            }
            let doc = crate::parse(&src);
            let semantic = Semantic::new(&doc, None);
            let has = |j: usize| marked[j % marked.len()];
            let index = LaterInLineage::new(&semantic, has);
            for i in 0..doc.instructions.len() + 1 {
                proptest::prop_assert_eq!(index.any_after(i), later_in_lineage(&semantic, i).any(has), "{}", i);
            }
        }
    }
}
