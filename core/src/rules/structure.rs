//! Helpers for the rules that read the Dockerfile's structure: variable references in the words
//! BuildKit expands, `--from` references, whole-line edits.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use crate::expand::{Env, ExpandError, Lex};
use crate::model::{Dockerfile, Flag, ImageRef, InstructionKind, ItemKind, Span, Stage, StageNames, Word};
use crate::semantic::{Semantic, ShellKind};

/// The top-level item of an instruction: its whole lines, line breaks and heredoc bodies included.
pub(crate) fn instruction_lines(doc: &Dockerfile<'_>, index: usize) -> Option<Span> {
    doc.items.iter().find(|item| item.kind == ItemKind::Instruction(index)).map(|item| item.span)
}

/// A span within one line, extended from the line's start through its line break (the whole
/// line, for deleting it).
pub(crate) fn whole_line(source: &str, span: Span) -> Span {
    let bytes = source.as_bytes();
    let start = source[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let end = match memchr::memchr(b'\n', &bytes[span.end as usize..]) {
        Some(i) => span.end as usize + i + 1,
        None => source.len(),
    };
    Span::new(start as u32, end as u32)
}

/// An environment that remembers every name looked up, and whether it was set.
pub(crate) struct Recording<'e, E: Env + ?Sized> {
    env: &'e E,
    seen: RefCell<Vec<(String, bool)>>,
}

impl<'e, E: Env + ?Sized> Recording<'e, E> {
    pub(crate) fn new(env: &'e E) -> Self {
        Recording { env, seen: RefCell::new(Vec::new()) }
    }

    /// The names looked up, in order of first use, each with whether it was set.
    pub(crate) fn into_seen(self) -> Vec<(String, bool)> {
        self.seen.into_inner()
    }
}

impl<E: Env + ?Sized> Env for Recording<'_, E> {
    fn lookup(&self, name: &str) -> Option<&str> {
        let value = self.env.lookup(name);
        let mut seen = self.seen.borrow_mut();
        if !seen.iter().any(|(n, _)| n == name) {
            seen.push((name.to_string(), value.is_some()));
        }
        value
    }

    fn lookup_ignore_case(&self, name: &str) -> Option<&str> {
        self.lookup(name)
    }
}

/// What processing one word gave: its value (or BuildKit's error) and the names it reads.
pub(crate) struct Processed<'w> {
    /// Borrowed from the word when processing leaves it as it is.
    pub value: Result<Cow<'w, str>, ExpandError>,
    /// Variable names in order of first use, with whether each was set. Names that cannot be
    /// ARGs or ENVs (`$1`, `$@`) are left out.
    pub names: Vec<(String, bool)>,
}

/// Processes a word as BuildKit does for the instructions it expands (quotes removed,
/// variables substituted from `env`).
pub(crate) fn process<'w, E: Env + ?Sized>(lex: &Lex, word: &'w str, env: &E) -> Processed<'w> {
    let recording = Recording::new(env);
    let value = lex.process_word(word, &recording);
    let mut names = recording.into_seen();
    names.retain(|(n, _)| is_identifier(n));
    Processed { value, names }
}

/// The value of a word that uses no variables (quotes and escapes removed); `None` when it
/// reads a variable or does not process.
pub(crate) fn literal(word: &str, escape: char) -> Option<Cow<'_, str>> {
    // Without a `$` no variable is read, so nothing needs recording.
    if word.contains('$') {
        return None;
    }
    Lex::new(escape).process_word(word, &crate::expand::EmptyEnv).ok()
}

/// A name an ARG or ENV can define: a letter or `_`, then letters, digits and `_`.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Every `$name` / `${name...}` in text: the range from `$` through the end of the name, and
/// whether the reference says what to do when the variable is unset (`${name:-default}`,
/// `${name+alt}`, `${name?message}`, with or without `:`).
pub(crate) fn references<'t>(
    text: &'t str,
    name: &'t str,
) -> impl Iterator<Item = (Range<usize>, bool)> + 't {
    let is_name_char = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices('$').filter_map(move |(at, _)| {
        let rest = &text[at + 1..];
        let (skip, body) = match rest.strip_prefix('{') {
            Some(body) => (2, body),
            None => (1, rest),
        };
        let after = body.strip_prefix(name)?;
        if after.starts_with(is_name_char) {
            return None;
        }
        let guarded = skip == 2 && after.trim_start_matches(':').starts_with(['-', '+', '?']);
        Some((at..at + skip + name.len(), guarded))
    })
}

/// Where `$name` or `${name...}` first occurs in text, `$` included through the end of the name.
pub(crate) fn reference_range(text: &str, name: &str) -> Option<Range<usize>> {
    references(text, name).next().map(|(range, _)| range)
}

/// The source span of a byte range of a word's text (`source` is the document's text). A word
/// that continues on the next line is not verbatim in the source, so the range is looked up in
/// what is written (see [`within`]); the whole word when that fails.
pub(crate) fn word_span(word: &Word<'_>, range: Option<Range<usize>>, source: &str) -> Span {
    let Some(range) = range else { return word.span };
    word.subspan(range.clone()).or_else(|| within(word.span, &word.text, range, source)).unwrap_or(word.span)
}

/// Where `text[range]` is written under `span` in `source` (the document's text), when `text` is
/// a reading of what is written there (a flag's value without its quotes, a word with its line
/// continuations removed): its n-th occurrence there when it occurs as often in both. Two
/// references in one word then have a place each, so that a finding about one cannot be taken
/// for the other's.
pub(crate) fn within(span: Span, text: &str, range: Range<usize>, source: &str) -> Option<Span> {
    let written = source.get(span.range())?;
    let reference = text.get(range.clone()).filter(|r| !r.is_empty())?;
    let occurrences = |hay: &str| hay.match_indices(reference).map(|(i, _)| i).collect::<Vec<_>>();
    let (in_text, in_source) = (occurrences(text), occurrences(written));
    if in_text.len() != in_source.len() {
        return None;
    }
    let nth = in_text.iter().position(|&i| i == range.start)?;
    let start = span.start + in_source[nth] as u32;
    Some(Span::new(start, start + reference.len() as u32))
}

/// What a `COPY --from=` or `RUN --mount=from=` value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FromTarget {
    /// An earlier stage.
    Stage(usize),
    /// The stage the instruction is in.
    Own,
    /// A stage defined after the current one (BuildKit refuses it).
    Later(usize),
    /// A stage index that does not exist.
    BadIndex,
    /// Anything else is an image.
    Image,
}

/// Resolves a `--from` value as BuildKit does: a number is a stage index, a name is compared with
/// stage names ignoring case, anything else is an image.
pub(crate) fn from_target(
    doc: &Dockerfile<'_>,
    names: Option<&StageNames<'_>>,
    value: &str,
    current: usize,
) -> FromTarget {
    let order = |i: usize| match i.cmp(&current) {
        std::cmp::Ordering::Less => FromTarget::Stage(i),
        std::cmp::Ordering::Equal => FromTarget::Own,
        std::cmp::Ordering::Greater => FromTarget::Later(i),
    };
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return match value.parse::<usize>() {
            Ok(i) if i < doc.stages.len() => order(i),
            _ => FromTarget::BadIndex,
        };
    }
    // The latest stage of that name defined before the current one wins, as BuildKit keeps
    // the last registration of a name. Without an index (few stages) the stages are scanned.
    let (earlier, first) = match names {
        Some(names) => (names.latest_before(value, current), names.named(value).next()),
        None => {
            let lower = value.to_ascii_lowercase();
            let named = |s: &Stage<'_>| s.name.as_deref() == Some(lower.as_str());
            let earlier = doc.stages[..current.min(doc.stages.len())].iter().rposition(named);
            (earlier, doc.stages.iter().position(named))
        }
    };
    match (earlier, first) {
        (Some(i), _) => FromTarget::Stage(i),
        (None, Some(i)) => order(i),
        (None, None) => FromTarget::Image,
    }
}

/// Above this many stages, `--from` references are looked up in a [`StageNames`] index rather
/// than by scanning the stages (building the index costs more than a few scans).
const FEW_STAGES: usize = 16;

/// The span of a flag's value (`build` in `--from=build`); the whole flag when it is not
/// written verbatim (quotes, escapes).
pub(crate) fn flag_value_span(flag: &Flag<'_>) -> Span {
    match flag.value() {
        Some(value) if flag.span.len() as usize == flag.text.len() => {
            Span::new(flag.span.end - value.len() as u32, flag.span.end)
        }
        _ => flag.span,
    }
}

/// The span of the value of the `from=` field of a `--mount` flag written without quotes; the
/// whole flag otherwise.
fn mount_from_span(flag: &Flag<'_>) -> Span {
    let text: &str = &flag.text;
    if flag.span.len() as usize != text.len() || text.contains('"') {
        return flag.span;
    }
    let Some(body_start) = text.find('=').map(|i| i + 1) else { return flag.span };
    let mut offset = body_start;
    for field in text[body_start..].split(',') {
        if let Some((key, value)) = field.split_once('=')
            && key.eq_ignore_ascii_case("from")
        {
            let start = flag.span.start + (offset + key.len() + 1) as u32;
            return Span::new(start, start + value.len() as u32);
        }
        offset += field.len() + 1;
    }
    flag.span
}

/// A `COPY --from=` or `RUN --mount=from=` reference of a top-level instruction.
#[derive(Debug, Clone)]
pub(crate) struct FromReference {
    pub instruction: usize,
    pub stage: usize,
    pub value: String,
    /// The value in the source (the whole flag when it is not written verbatim).
    pub span: Span,
    /// Whether `span` is exactly the value.
    pub exact: bool,
    pub target: FromTarget,
}

/// Every `--from` reference in the stages, in source order (ONBUILD triggers are left out: they
/// resolve in the build that uses the image).
pub(crate) fn from_references(doc: &Dockerfile<'_>) -> Vec<FromReference> {
    // Built for many stages, when the first reference comes (most files have none).
    let mut names = None;
    let many_stages = doc.stages.len() > FEW_STAGES;
    let mut out = Vec::new();
    for stage in &doc.stages {
        for i in stage.body() {
            let ins = &doc.instructions[i];
            let mut push = |value: &str, span: Span, exact: bool| {
                out.push(FromReference {
                    instruction: i,
                    stage: stage.index,
                    value: value.to_string(),
                    span,
                    exact,
                    target: from_target(
                        doc,
                        many_stages.then(|| &*names.get_or_insert_with(|| StageNames::new(&doc.stages))),
                        value,
                        stage.index,
                    ),
                })
            };
            match &ins.kind {
                InstructionKind::Copy(_) => {
                    if let Some(flag) = ins.flag("from")
                        && let Some(value) = flag.value()
                    {
                        let span = flag_value_span(flag);
                        push(value, span, span != flag.span);
                    }
                }
                InstructionKind::Run(run) => {
                    for mount in &run.mounts {
                        let (Some(value), Some(flag)) = (&mount.from, ins.flags.get(mount.flag)) else {
                            continue;
                        };
                        let span = mount_from_span(flag);
                        push(value, span, span != flag.span);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Whether the chain of `FROM <stage>` ancestors of a stage ends in `scratch`, so that every
/// variable of the stage is defined in this file (an image's own ENV is unknown statically).
pub(crate) fn rooted_in_scratch(semantic: &Semantic<'_, '_>, stage: usize) -> bool {
    let root = semantic.root_stage(stage);
    semantic.doc.stages.get(root).is_some_and(|s| ImageRef::parse(&s.base).is_scratch())
}

/// A stage and its `FROM <stage>` ancestors, the stage first and the one built on an image last.
pub(crate) fn lineage(doc: &Dockerfile<'_>, stage: usize) -> Vec<usize> {
    let mut chain = vec![stage];
    chain.extend(ancestors(doc, stage));
    chain
}

/// Whether a stage builds a Windows image: its root image is a Windows one, or the shell in
/// force at `instruction` is PowerShell or `cmd`.
pub(crate) fn is_windows(semantic: &Semantic<'_, '_>, stage: usize, instruction: usize) -> bool {
    let doc = semantic.doc;
    let base = doc.stages[semantic.root_stage(stage)].base.to_ascii_lowercase();
    let windows_image = ["windows", "nanoserver", "servercore"].iter().any(|w| base.contains(w));
    windows_image || matches!(semantic.shell_kind(instruction), ShellKind::PowerShell | ShellKind::Cmd)
}

/// The `FROM <stage>` ancestors of a stage, nearest first (a stage is only ever built on an
/// earlier one, so each is below the last).
pub(crate) fn ancestors<'d>(doc: &'d Dockerfile<'_>, stage: usize) -> impl Iterator<Item = usize> + 'd {
    std::iter::successors(Some(stage), |&s| doc.stages[s].base_stage.filter(|&p| p < s)).skip(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_references() {
        assert_eq!(reference_range("a$FOO/b", "FOO"), Some(1..5));
        assert_eq!(reference_range("${FOOD} ${FOO:-x}", "FOO"), Some(8..13));
        assert_eq!(reference_range("$FOOD", "FOO"), None);
        let guards: Vec<bool> = references("${A:-x} $A ${A+y} ${A?} ${A#p}", "A").map(|(_, g)| g).collect();
        assert_eq!(guards, [true, false, true, true, false]);
        assert_eq!(literal("\"a b\"", '\\').as_deref(), Some("a b"));
        assert_eq!(literal("$A", '\\'), None);
        assert_eq!(literal("'$A'", '\\'), None);
        assert!(is_identifier("_a1") && !is_identifier("1") && !is_identifier("@"));
    }

    #[test]
    fn whole_lines() {
        let src = "FROM a\n  \t\nRUN b";
        assert_eq!(whole_line(src, Span::new(7, 10)), Span::new(7, 11));
        assert_eq!(whole_line(src, Span::new(12, 15)), Span::new(11, 16));
    }

    #[test]
    fn from_targets() {
        let doc =
            crate::parse("FROM a AS Build\nFROM b\nFROM c AS later\nFROM d AS build\nFROM e AS build\n");
        let names = StageNames::new(&doc.stages);
        assert_eq!(from_target(&doc, Some(&names), "build", 1), FromTarget::Stage(0));
        assert_eq!(from_target(&doc, Some(&names), "0", 0), FromTarget::Own);
        assert_eq!(from_target(&doc, Some(&names), "LATER", 1), FromTarget::Later(2));
        assert_eq!(from_target(&doc, Some(&names), "7", 1), FromTarget::BadIndex);
        assert_eq!(from_target(&doc, Some(&names), "nginx:1", 1), FromTarget::Image);
        // The latest registration before the reference wins; the first one when none is before.
        assert_eq!(from_target(&doc, Some(&names), "BUILD", 4), FromTarget::Stage(3));
        assert_eq!(from_target(&doc, Some(&names), "build", 0), FromTarget::Own);
        assert_eq!(from_target(&doc, Some(&names), "later", 0), FromTarget::Later(2));
        // The scan (for few stages) and the index agree everywhere.
        for value in ["build", "BUILD", "later", "0", "4", "9", "x", ""] {
            for current in 0..=doc.stages.len() {
                let (scanned, indexed) = (
                    from_target(&doc, None, value, current),
                    from_target(&doc, Some(&names), value, current),
                );
                assert_eq!(scanned, indexed, "{value} from {current}");
            }
        }
        assert!(!rooted_in_scratch(&Semantic::new(&doc, None), 0));
        let doc = crate::parse("FROM scratch AS s\nFROM s AS t\nFROM t\nFROM u\n");
        let semantic = Semantic::new(&doc, None);
        let rooted: Vec<bool> = (0..4).map(|s| rooted_in_scratch(&semantic, s)).collect();
        assert_eq!(rooted, [true, true, true, false]);
        let doc = crate::parse(
            "FROM a AS b\nFROM c\nCOPY --from=b /x /y\nRUN --mount=type=cache,from=B,target=/t true\n",
        );
        let refs = from_references(&doc);
        let texts: Vec<&str> = refs.iter().map(|r| doc.text(r.span)).collect();
        assert_eq!(texts, ["b", "B"]);
        assert!(refs.iter().all(|r| r.exact && r.target == FromTarget::Stage(0)));
    }
}
