//! Output formats of `dockwright check`.
//!
//! Each file's part of a report is rendered on the worker thread that checked the file, so its
//! text can be dropped at once; the main thread writes the parts in path order between the
//! format's opening and closing. Nothing holds every file's text or diagnostics at the same time.

mod checkstyle;
mod github;
mod gitlab;
mod human;
mod json;
mod sarif;
mod statistics;

use clap::ValueEnum;
use dockwright::rules::RuleMeta;
use dockwright::source::LineIndex;
use dockwright::{Applicability, Diagnostic, Severity};
use serde::Serialize;

#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum Format {
    /// Findings with the source lines and the span underlined, then a summary.
    Human,
    /// A flat JSON array of diagnostics, each with its `file`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// Checkstyle XML, for Jenkins and reviewdog.
    Checkstyle,
    /// GitLab Code Quality report.
    Gitlab,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to a stream that is (or is not) a terminal.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
        }
    }
}

/// One checked file, as a renderer sees it.
pub struct FileView<'a> {
    /// The path as shown in reports.
    pub name: &'a str,
    /// The text the diagnostics refer to (after fixing, when fixing).
    pub text: &'a str,
    /// Where the lines of `text` start: the parse's own index, not found again for the report.
    pub lines: &'a LineIndex,
    pub diagnostics: &'a [Diagnostic],
}

/// Counts over the whole run, for summaries and `--statistics`.
#[derive(Default)]
pub struct Summary {
    /// Indexed by `Severity as usize`.
    pub by_severity: [usize; 4],
    /// Findings with a fix, indexed by `Applicability as usize`.
    pub fixable: [usize; 2],
    /// Per rule, in the order first met: a file meets a few rules and a run at most all of them,
    /// so a short list serves better than a map (`--statistics` sorts it).
    pub by_rule: Vec<(&'static str, RuleCount)>,
    /// Files checked.
    pub files: usize,
    /// Files and directories that could not be read (reported on standard error).
    pub unreadable: usize,
    /// Fixes applied.
    pub fixed: usize,
}

pub struct RuleCount {
    pub name: &'static str,
    pub count: usize,
    /// How many of them have a fix.
    pub fixable: usize,
}

impl Summary {
    /// The counts of one file.
    pub fn of_file(diagnostics: &[Diagnostic], fixed: usize) -> Summary {
        let mut s = Summary { files: 1, fixed, ..Summary::default() };
        for d in diagnostics {
            s.by_severity[d.severity as usize] += 1;
            if let Some(fix) = &d.fix {
                s.fixable[fix.applicability as usize] += 1;
            }
            s.count_rule(d.code, RuleCount { name: d.name, count: 1, fixable: usize::from(d.fix.is_some()) });
        }
        s
    }

    pub fn merge(&mut self, other: Summary) {
        for (a, b) in self.by_severity.iter_mut().zip(other.by_severity) {
            *a += b;
        }
        for (a, b) in self.fixable.iter_mut().zip(other.fixable) {
            *a += b;
        }
        for (code, count) in other.by_rule {
            self.count_rule(code, count);
        }
        self.files += other.files;
        self.unreadable += other.unreadable;
        self.fixed += other.fixed;
    }

    fn count_rule(&mut self, code: &'static str, counted: RuleCount) {
        match self.by_rule.iter_mut().find(|(known, _)| *known == code) {
            Some((_, entry)) => {
                entry.count += counted.count;
                entry.fixable += counted.fixable;
            }
            None => self.by_rule.push((code, counted)),
        }
    }

    pub fn total(&self) -> usize {
        self.by_severity.iter().sum()
    }
}

/// Renders one format. `file` runs on worker threads; the rest on the main thread.
pub trait Renderer: Sync {
    /// Written before the first file.
    fn begin(&self) -> String {
        String::new()
    }
    /// One file's part; empty when the file has nothing to report.
    fn file(&self, file: &FileView<'_>) -> String;
    /// Written between two non-empty file parts.
    fn separator(&self) -> &'static str {
        ""
    }
    /// Written after the last file.
    fn end(&self, _summary: &Summary) -> String {
        String::new()
    }
}

/// What renderers need to know besides the files.
pub struct Options {
    pub color: bool,
    /// Whether `--fix` or `--diff` applies fixes, for the hints in the human summary.
    pub fixing: bool,
    /// The fixes enabled: unsafe ones too with `--unsafe-fixes`.
    pub allow: Applicability,
    /// Every rule that ran, in code order (SARIF describes them).
    pub rules: Vec<&'static RuleMeta>,
}

pub fn renderer(format: Format, options: Options) -> Box<dyn Renderer> {
    match format {
        Format::Human => Box::new(human::Human::new(options.color, options.fixing, options.allow)),
        Format::Json => Box::new(json::Json),
        Format::Sarif => Box::new(sarif::Sarif::new(options.rules)),
        Format::Checkstyle => Box::new(checkstyle::Checkstyle),
        Format::Gitlab => Box::new(gitlab::Gitlab),
        Format::Github => Box::new(github::Github),
    }
}

/// `--statistics`: counts per rule instead of the findings (human or JSON).
pub fn statistics(format: Format, options: Options) -> Option<Box<dyn Renderer>> {
    match format {
        Format::Human => Some(Box::new(statistics::Statistics::Table(human::Human::new(
            options.color,
            options.fixing,
            options.allow,
        )))),
        Format::Json => Some(Box::new(statistics::Statistics::Json)),
        _ => None,
    }
}

/// The items of a JSON array that is written in parts: each item pretty-printed on its own lines,
/// indented `depth` levels, items separated by commas. The opening `[`, the commas between parts
/// and the closing ([`close_array`]) come from `begin`, `separator` and `end`.
fn json_items<T: Serialize>(items: impl IntoIterator<Item = T>, depth: usize) -> String {
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        out.extend_from_slice(if i > 0 { b",\n" } else { b"\n" });
        // Writing to memory fails only if serialization does, which these types never do.
        let _ = NestedPretty::indent(&mut out, depth);
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, NestedPretty::at(depth));
        let _ = item.serialize(&mut serializer);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's pretty layout (two-space indents, `": "`), starting `depth` levels in, so that
/// an item nested in a report is written indented in one pass.
struct NestedPretty {
    depth: usize,
    /// Whether the innermost array or object has a value yet.
    has_value: bool,
}

impl NestedPretty {
    fn at(depth: usize) -> NestedPretty {
        NestedPretty { depth, has_value: false }
    }

    fn indent<W: ?Sized + std::io::Write>(out: &mut W, depth: usize) -> std::io::Result<()> {
        const SPACES: &[u8; 64] = &[b' '; 64];
        let mut width = 2 * depth;
        while width > 0 {
            let chunk = width.min(SPACES.len());
            out.write_all(&SPACES[..chunk])?;
            width -= chunk;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            NestedPretty::indent(out, self.depth)?;
        }
        out.write_all(bracket)
    }

    fn next<W: ?Sized + std::io::Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        NestedPretty::indent(out, self.depth)
    }
}

impl serde_json::ser::Formatter for NestedPretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(out, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(out, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The `]` closing an array written with [`json_items`] whose own `[` sits `depth` levels deep.
fn close_array(empty: bool, depth: usize) -> String {
    if empty { "]".to_string() } else { format!("\n{}]", "  ".repeat(depth)) }
}

/// A path with `/` separators, as CI systems expect in reports, whatever the platform.
fn slash_path(name: &str) -> String {
    if cfg!(windows) { name.replace('\\', "/") } else { name.to_string() }
}

/// `1 file`, `2 files`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

fn severity_word(s: Severity, words: [&'static str; 4]) -> &'static str {
    words[s as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_items_nest_at_the_given_depth() {
        let items = json_items([serde_json::json!({"a": 1}), serde_json::json!({"b": 2})], 1);
        let doc = format!("[{items}{}\n", close_array(false, 0));
        assert_eq!(doc, "[\n  {\n    \"a\": 1\n  },\n  {\n    \"b\": 2\n  }\n]\n");
        assert_eq!(format!("[{}{}", json_items(Vec::<u8>::new(), 1), close_array(true, 0)), "[]");
    }
}
