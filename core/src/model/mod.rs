//! The typed Dockerfile model.
//!
//! Every node carries a byte [`Span`] into the decoded source. Text that BuildKit's parser leaves
//! untouched is borrowed from the source; only text that had to be joined across continuation
//! lines or unescaped is owned. The top-level [`Item`]s tile the whole file, so a fix is always an
//! exact text edit and a file can be rebuilt byte for byte from its model.

pub mod dump;
mod image;
mod instruction;
mod list;
mod mount;
mod port;

use std::borrow::Cow;

use serde::Serialize;

pub use self::image::ImageRef;
pub use self::instruction::*;
pub use self::list::ThinList;
pub use self::mount::{Mount, MountType};
pub use self::port::{PortSpec, Protocol};
pub use crate::source::{LineColumn, LineIndex, Span};

/// `text` in ASCII lower case, still borrowed when it already is (stage names, mount keys and
/// values usually are).
pub(crate) fn ascii_lowercase<'a>(text: impl Into<Cow<'a, str>>) -> Cow<'a, str> {
    let text = text.into();
    if text.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(text.to_ascii_lowercase()) } else { text }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, Serialize)]
pub struct Dockerfile<'a> {
    /// The decoded source every span points into.
    #[serde(skip)]
    pub source: &'a str,
    /// The escape character in force: `\` or `` ` `` (set by the `escape` directive).
    pub escape: char,
    /// Parser directives at the top of the file, in order.
    pub directives: Vec<Directive<'a>>,
    /// Top-level comment lines (comments inside continuations belong to their instruction).
    pub comments: Vec<Comment<'a>>,
    /// All instructions in source order (an `ONBUILD` trigger is nested in its instruction).
    pub instructions: Vec<Instruction<'a>>,
    /// Build stages, one per `FROM`, in order.
    pub stages: Vec<Stage<'a>>,
    /// Indices (into `instructions`) of the `ARG`s before the first `FROM`.
    pub global_args: Vec<usize>,
    /// Everything that would stop BuildKit from building this file, with exact spans.
    pub errors: Vec<SyntaxError>,
    /// The file as a sequence of items whose spans tile it exactly.
    pub items: Vec<Item>,
    #[serde(skip)]
    pub lines: LineIndex,
}

impl<'a> Dockerfile<'a> {
    /// The source text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        &self.source[span.range()]
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: u32) -> LineColumn {
        self.lines.line_column(self.source, offset)
    }

    /// [`Dockerfile::line_column`] of many offsets, in linear time however many share a line.
    pub fn line_columns(&self, offsets: &[u32]) -> Vec<LineColumn> {
        self.lines.line_columns(self.source, offsets)
    }

    /// The stage an instruction belongs to (`None` before the first `FROM`).
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        let i = self.stages.partition_point(|s| s.from <= instruction);
        i.checked_sub(1)
    }

    /// The instructions of a stage after its `FROM`.
    pub fn stage_instructions(&self, stage: usize) -> &[Instruction<'a>] {
        &self.instructions[self.stages[stage].body()]
    }

    /// The value of a parser directive, if present.
    pub fn directive(&self, kind: DirectiveKind) -> Option<&Directive<'a>> {
        self.directives.iter().find(|d| d.kind == kind)
    }
}

/// What a top-level item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum ItemKind {
    /// Index into `Dockerfile::directives`.
    Directive(usize),
    /// Index into `Dockerfile::comments`.
    Comment(usize),
    /// A line with nothing but whitespace.
    Blank,
    /// Index into `Dockerfile::instructions`; the item covers continuation lines, comments inside
    /// them and heredoc bodies.
    Instruction(usize),
}

/// One top-level item: whole lines, line breaks included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Item {
    #[serde(flatten)]
    pub kind: ItemKind,
    pub span: Span,
}

/// A parser directive such as `# syntax=docker/dockerfile:1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive<'a> {
    pub kind: DirectiveKind,
    /// The name as written (directive names are case-insensitive).
    pub name: &'a str,
    pub value: &'a str,
    /// The whole comment line, `#` included.
    pub span: Span,
    pub name_span: Span,
    pub value_span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DirectiveKind {
    Syntax,
    Escape,
    Check,
}

/// A comment line; `text` is what follows the `#`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment<'a> {
    pub text: &'a str,
    /// From the `#` to the end of the line (line break excluded).
    pub span: Span,
}

/// A problem that stops BuildKit from building the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage<'a> {
    pub index: usize,
    /// The name after `AS`, lower-cased as BuildKit stores it.
    pub name: Option<Cow<'a, str>>,
    /// The base image as written (variables unexpanded).
    pub base: Cow<'a, str>,
    /// The earlier stage this one builds on, when `base` names one.
    pub base_stage: Option<usize>,
    /// Index of the `FROM` instruction.
    pub from: usize,
    /// One past the last instruction of the stage.
    pub end: usize,
}

impl Stage<'_> {
    /// Instruction indices after the `FROM`.
    pub fn body(&self) -> std::ops::Range<usize> {
        self.from + 1..self.end
    }
}

/// Stage indices by name, for files with many stages: looking a name up is a binary search
/// rather than a scan of every stage, so thousands of `FROM ... AS` lines (or names looked up
/// once per stage) do not cost quadratic time.
#[derive(Debug, Clone, Default)]
pub struct StageNames<'d> {
    /// `(lower-cased name, stage index)` of the named stages, sorted.
    by_name: Vec<(&'d str, usize)>,
}

impl<'d> StageNames<'d> {
    pub fn new(stages: &'d [Stage<'_>]) -> StageNames<'d> {
        let mut by_name: Vec<(&'d str, usize)> =
            stages.iter().filter_map(|s| Some((s.name.as_deref()?, s.index))).collect();
        by_name.sort_unstable();
        StageNames { by_name }
    }

    /// The indices of the stages named `name` (compared case-insensitively), in order.
    pub fn named(&self, name: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
        self.entries(name).iter().map(|&(_, index)| index)
    }

    /// The last stage named `name` before stage `before` (the one a reference from `before`
    /// means, as BuildKit keeps the latest registration of a name).
    pub fn latest_before(&self, name: &str, before: usize) -> Option<usize> {
        let entries = self.entries(name);
        let earlier = entries.partition_point(|&(_, index)| index < before);
        earlier.checked_sub(1).map(|last| entries[last].1)
    }

    /// The entries of the stages named `name`, by index.
    fn entries(&self, name: &str) -> &[(&'d str, usize)] {
        let lower = ascii_lowercase(name);
        let start = self.by_name.partition_point(|&(n, _)| n < lower.as_ref());
        let end = start + self.by_name[start..].partition_point(|&(n, _)| n == lower.as_ref());
        &self.by_name[start..end]
    }
}

/// A piece of argument text with its source span.
///
/// `text` is the value BuildKit's parser gives the argument (quotes are still there for the
/// instructions whose quotes BuildKit removes later, during expansion). `offset` is where the
/// word starts in its instruction's [`LogicalLine`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: Cow<'a, str>,
    pub span: Span,
    pub offset: u32,
}

impl Word<'_> {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the text is exactly the source under `span` (no join or unescaping in between), so
    /// byte offsets inside the text can be turned into source offsets by adding `span.start`.
    pub fn is_verbatim(&self) -> bool {
        self.span.len() as usize == self.text.len()
    }

    /// The source span of a byte range of `text`, when the word is verbatim.
    pub fn subspan(&self, range: std::ops::Range<usize>) -> Option<Span> {
        self.is_verbatim()
            .then(|| Span::new(self.span.start + range.start as u32, self.span.start + range.end as u32))
    }
}

impl Serialize for Word<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Word", 2)?;
        st.serialize_field("text", &*self.text)?;
        st.serialize_field("span", &self.span)?;
        st.end()
    }
}

/// An instruction's text as BuildKit reads it: continuation lines joined (escape characters and
/// line breaks removed, comment and empty lines dropped), with a map back to source offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalLine<'a> {
    pub text: Cow<'a, str>,
    /// Source offset of logical offset 0.
    base: u32,
    /// `(logical offset, source offset)` where each joined line piece starts.
    joins: Box<[(u32, u32)]>,
}

impl<'a> LogicalLine<'a> {
    pub(crate) fn new(text: Cow<'a, str>, base: u32, joins: Vec<(u32, u32)>) -> Self {
        LogicalLine { text, base, joins: joins.into_boxed_slice() }
    }

    /// Whether the instruction spans more than one physical line.
    pub fn is_joined(&self) -> bool {
        !self.joins.is_empty()
    }

    /// Source offset of a logical offset.
    pub fn to_source(&self, offset: usize) -> u32 {
        let offset = offset as u32;
        self.source_in_piece(self.joins.partition_point(|&(logical, _)| logical <= offset), offset)
    }

    /// Source offset of a logical offset that lies in piece `i` (0 is the first line).
    fn source_in_piece(&self, i: usize, offset: u32) -> u32 {
        match i.checked_sub(1).and_then(|j| self.joins.get(j)) {
            None => self.base + offset,
            Some(&(logical, source)) => source + (offset - logical),
        }
    }

    /// Source span of a logical byte range. A range that crosses a join covers the removed
    /// escape characters and line breaks as well.
    #[inline]
    pub fn span(&self, start: usize, end: usize) -> Span {
        let (start, end) = (start as u32, end as u32);
        // Most instructions are a single line: nothing to look up.
        if self.joins.is_empty() {
            return Span::new(self.base + start, self.base + end.max(start));
        }
        self.joined_span(start, end)
    }

    fn joined_span(&self, start: u32, end: u32) -> Span {
        let i = self.joins.partition_point(|&(logical, _)| logical <= start);
        let at = self.source_in_piece(i, start);
        if end <= start {
            return Span::new(at, at);
        }
        // The last byte is in piece `i` (as for most words) or a later one.
        let last = end - 1;
        let j = match self.joins.get(i) {
            Some(&(next, _)) if next <= last => {
                i + 1 + self.joins[i + 1..].partition_point(|&(logical, _)| logical <= last)
            }
            _ => i,
        };
        Span::new(at, self.source_in_piece(j, last) + 1)
    }

    /// A logical sub-line starting at `start` (used for the trigger of `ONBUILD`).
    pub(crate) fn suffix(&self, start: usize) -> LogicalLine<'a> {
        let text = match &self.text {
            Cow::Borrowed(s) => Cow::Borrowed(&s[start..]),
            Cow::Owned(s) => Cow::Owned(s[start..].to_string()),
        };
        let base = self.to_source(start);
        let joins = self
            .joins
            .iter()
            .filter(|&&(logical, _)| logical as usize > start)
            .map(|&(logical, source)| (logical - start as u32, source))
            .collect();
        LogicalLine { text, base, joins }
    }
}

/// A flag such as `--from=build`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag<'a> {
    /// As BuildKit reads it: quotes removed, backslash escapes resolved.
    pub text: Cow<'a, str>,
    /// The flag as written in the source.
    pub span: Span,
}

impl Flag<'_> {
    /// The name without the leading `--` (`from` for `--from=build`).
    #[inline]
    pub fn name(&self) -> &str {
        let start = if self.text.starts_with("--") { 2 } else { 0 };
        &self.text[start..self.equals().unwrap_or(self.text.len())]
    }

    /// The value after `=`, or `None` for a bare `--flag`.
    pub fn value(&self) -> Option<&str> {
        Some(&self.text[self.equals()? + 1..])
    }

    /// Where the first `=` is. Names are short: a plain scan beats setting up a searcher.
    fn equals(&self) -> Option<usize> {
        self.text.bytes().position(|b| b == b'=')
    }

    /// A boolean flag's value: bare means true; anything else is read as BuildKit reads it.
    pub fn is_true(&self) -> bool {
        self.value().is_none_or(|v| v.eq_ignore_ascii_case("true"))
    }
}

/// A heredoc attached to a `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heredoc<'a> {
    /// The delimiter word, quotes removed.
    pub name: Cow<'a, str>,
    /// The raw lines between the instruction and the terminator, line endings included.
    pub body: &'a str,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// Whether variables in the body are expanded (no part of the delimiter was quoted).
    pub expand: bool,
    /// A file-descriptor prefix such as the `3` in `3<<EOF`.
    pub fd: Option<u32>,
    /// The `<<EOF` word in the instruction line.
    pub marker_span: Span,
    pub body_span: Span,
    /// The terminator line's content; empty (at the end of the file) when it is missing.
    pub terminator_span: Span,
}

impl Heredoc<'_> {
    /// The body as the build sees it (leading tabs removed for `<<-`).
    pub fn content(&self) -> Cow<'_, str> {
        if !self.chomp || !self.body.contains('\t') {
            return Cow::Borrowed(self.body);
        }
        let mut out = String::with_capacity(self.body.len());
        for line in self.body.split_inclusive('\n') {
            out.push_str(line.trim_start_matches('\t'));
        }
        Cow::Owned(out)
    }

    /// The interpreter named by a `#!` first line, if any (`/bin/bash` for `#!/bin/bash -e`).
    pub fn shebang(&self) -> Option<&str> {
        let first = self.body.lines().next()?.trim_start_matches('\t');
        first.strip_prefix("#!").map(str::trim)
    }
}

/// The model as the JSON that `dockwright parse` prints (shared by the Python and JS bindings):
/// the serialized [`Dockerfile`] with line and column positions added to each error.
pub fn to_json(doc: &Dockerfile<'_>) -> serde_json::Value {
    let mut value = serde_json::to_value(doc).unwrap_or(serde_json::Value::Null);
    let errors: Vec<serde_json::Value> = doc
        .errors
        .iter()
        .map(|e| {
            let start = doc.line_column(e.span.start);
            let end = doc.line_column(e.span.end);
            serde_json::json!({
                "message": e.message,
                "span": e.span,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
            })
        })
        .collect();
    value["errors"] = serde_json::Value::Array(errors);
    value
}
