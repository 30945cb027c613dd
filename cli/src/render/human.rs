//! The default format: one block per finding with the source lines and the span underlined,
//! then a summary line.

use std::borrow::Cow;
use std::fmt::Write;

use dockwright::source::LineIndex;
use dockwright::{Applicability, Diagnostic, Severity};

use super::{FileView, Renderer, Summary, plural};

pub struct Human {
    paint: Paint,
    /// Fixes are being applied (`--fix`): no hint to ask for them.
    fixing: bool,
    allow: Applicability,
}

impl Human {
    pub fn new(color: bool, fixing: bool, allow: Applicability) -> Human {
        Human { paint: Paint { on: color }, fixing, allow }
    }

    /// `Found 3 problems (1 error, 2 warnings) in 2 files. 1 fixable with --fix.`
    pub fn summary_line(&self, summary: &Summary) -> String {
        let p = &self.paint;
        let mut out = String::new();
        if summary.fixed > 0 {
            let _ = writeln!(out, "Fixed {}.", plural(summary.fixed, "problem"));
        }
        let unreadable = match summary.unreadable {
            0 => String::new(),
            n => format!(" {} could not be read.", plural(n, "path")),
        };
        let total = summary.total();
        if summary.files == 0 && summary.unreadable > 0 {
            let _ = writeln!(out, "Nothing checked:{unreadable}");
            return out;
        }
        if total == 0 {
            let files = plural(summary.files, "file");
            p.styled(&mut out, BOLD, "✓");
            let _ = writeln!(out, " No problems found in {files}.{unreadable}");
            return out;
        }
        let parts: Vec<String> = Severity::ALL
            .iter()
            .map(|s| (s, summary.by_severity[*s as usize]))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| match s {
                Severity::Error | Severity::Warning => plural(n, s.as_str()),
                _ => format!("{n} {s}"),
            })
            .collect();
        let _ = write!(
            out,
            "Found {} ({}) in {}.",
            plural(total, "problem"),
            parts.join(", "),
            plural(summary.files, "file")
        );
        let safe = summary.fixable[Applicability::Safe as usize];
        let unsafe_ = summary.fixable[Applicability::Unsafe as usize];
        let unsafe_allowed = self.allow == Applicability::Unsafe;
        let enabled = if unsafe_allowed { safe + unsafe_ } else { safe };
        if !self.fixing && enabled > 0 {
            let _ = write!(out, " {enabled} fixable with --fix.");
        }
        if !unsafe_allowed && unsafe_ > 0 {
            let _ = write!(out, " {unsafe_} more with --unsafe-fixes.");
        }
        out.push_str(&unreadable);
        out.push('\n');
        out
    }

    /// The lines of the span with a gutter and `^^^` under the span (first and last lines when
    /// it is long). Tabs are shown as four spaces, and the carets follow.
    fn frame(&self, out: &mut String, lines: &Lines<'_>, d: &Diagnostic) {
        let p = &self.paint;
        if lines.count == 0 || d.line == 0 {
            return;
        }
        let first = d.line as usize;
        let last = (d.end_line as usize).max(first).min(lines.count);
        if first > last {
            return;
        }
        let width = digits(last);
        let gutter = |out: &mut String| {
            push_repeated(out, SPACES, width);
            out.push(' ');
            p.styled(out, DIM, "|");
        };
        gutter(out);
        out.push('\n');
        let long = last - first > 3;
        let mut prev = first;
        for n in first..=last {
            if long && n > first + 1 && n < last {
                continue;
            }
            if n > prev + 1 {
                push_repeated(out, SPACES, width + 1);
                p.styled(out, DIM, "...");
                out.push('\n');
            }
            prev = n;
            let (line, start_col, end_col) = shown_line(lines, d, n);
            p.open(out, DIM);
            push_repeated(out, SPACES, width - digits(n));
            push_number(out, n);
            p.close(out);
            out.push(' ');
            p.styled(out, DIM, "|");
            out.push(' ');
            let (mut tabs_before, mut tabs_in) = (0, 0);
            if line.contains('\t') {
                for (i, piece) in line.split('\t').enumerate() {
                    if i > 0 {
                        out.push_str("    ");
                    }
                    out.push_str(piece);
                }
                for (i, c) in line.chars().take(end_col - 1).enumerate() {
                    if c == '\t' {
                        if i + 1 < start_col { tabs_before += 1 } else { tabs_in += 1 }
                    }
                }
            } else {
                out.push_str(&line);
            }
            out.push('\n');

            gutter(out);
            out.push(' ');
            push_repeated(out, SPACES, start_col - 1 + 3 * tabs_before);
            p.open(out, p.severity_code(d.severity));
            push_repeated(out, CARETS, (end_col - start_col + 3 * tabs_in).max(1));
            p.close(out);
            out.push('\n');
        }
    }
}

impl Renderer for Human {
    fn file(&self, file: &FileView<'_>) -> String {
        let p = &self.paint;
        if file.diagnostics.is_empty() {
            return String::new();
        }
        // A finding takes about 300 bytes of report: one allocation for most files.
        let mut out = String::with_capacity(file.diagnostics.len() * 384);
        let lines = Lines::new(file.text, file.lines);
        for d in file.diagnostics {
            p.styled(&mut out, BOLD, file.name);
            out.push(':');
            push_number(&mut out, d.line as usize);
            out.push(':');
            push_number(&mut out, d.column as usize);
            out.push_str(": ");
            p.open(&mut out, p.severity_code(d.severity));
            out.push_str(d.severity.as_str());
            out.push(' ');
            out.push_str(d.code);
            p.close(&mut out);
            out.push(' ');
            p.styled(&mut out, BOLD, d.name);
            out.push_str(": ");
            out.push_str(&d.message);
            out.push('\n');
            self.frame(&mut out, &lines, d);
            if let Some(help) = &d.help {
                out.push_str("  ");
                p.styled(&mut out, DIM, "= help:");
                out.push(' ');
                out.push_str(help);
                out.push('\n');
            }
            if let Some(fix) = &d.fix {
                let kind = match fix.applicability {
                    Applicability::Safe => "= fix:",
                    Applicability::Unsafe => "= unsafe fix:",
                };
                out.push_str("  ");
                p.styled(&mut out, DIM, kind);
                out.push(' ');
                out.push_str(&fix.title);
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }

    fn end(&self, summary: &Summary) -> String {
        self.summary_line(summary)
    }
}

/// Lines longer than this many bytes are shown cut around the span (see [`shown_line`]).
const LONG_LINE: usize = 500;
/// Bytes of a long line kept on each side of the span.
const CONTEXT: usize = 60;
/// Bytes of a span shown on a long line; carets stop there.
const LONG_SPAN: usize = 200;

/// Line `n` of a frame as shown, with the columns (1-based, in characters of the shown text) the
/// carets run from and up to. A line longer than [`LONG_LINE`] bytes is cut to the span and some
/// context, with `…` where text is left out: a finding in a 100 kB one-line `RUN` shows a
/// readable excerpt, rather than the whole line once per finding.
fn shown_line<'a>(lines: &Lines<'a>, d: &Diagnostic, n: usize) -> (Cow<'a, str>, usize, usize) {
    let line = lines.get(n).trim_end_matches(['\n', '\r']);
    let (first, last) = (d.line as usize, d.end_line as usize);
    if line.len() <= LONG_LINE {
        let start_col = if n == first { d.column as usize } else { 1 }.max(1);
        let chars = line.chars().count();
        let end_col = if n == last { d.end_column as usize } else { chars + 1 };
        let end_col = end_col.max(start_col + 1).min(chars.max(start_col) + 1);
        return (Cow::Borrowed(line), start_col, end_col);
    }
    // Byte offsets within the line, found from the span (not by counting characters from the
    // line start, which would again cost a pass over the line per finding).
    let line_start = lines.index.starts()[n - 1] as usize;
    let within = |offset: u32| line.floor_char_boundary((offset as usize).saturating_sub(line_start));
    let start = if n == first { within(d.span.start) } else { 0 };
    let end = if n == last { within(d.span.end).max(start) } else { line.len() };
    let end = end.min(line.floor_char_boundary(start + LONG_SPAN));
    let from = line.floor_char_boundary(start.saturating_sub(CONTEXT));
    let to = line.ceil_char_boundary(end + CONTEXT);
    let mut shown = String::with_capacity(to - from + 6);
    if from > 0 {
        shown.push('…');
    }
    shown.push_str(&line[from..to]);
    if to < line.len() {
        shown.push('…');
    }
    let start_col = usize::from(from > 0) + line[from..start].chars().count() + 1;
    let end_col = (start_col + line[start..end].chars().count()).max(start_col + 1);
    (Cow::Owned(shown), start_col, end_col)
}

/// The lines of a file, with the index of line starts the check already made.
struct Lines<'a> {
    text: &'a str,
    index: &'a LineIndex,
    /// Lines as `str::lines` counts them: no empty line after a final newline.
    count: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, index: &'a LineIndex) -> Lines<'a> {
        let count = index.line_count() - usize::from(text.is_empty() || text.ends_with('\n'));
        Lines { text, index, count }
    }

    /// 1-based line `n` (at most `count`), with its line break.
    fn get(&self, n: usize) -> &'a str {
        self.index.line_text(self.text, n as u32)
    }
}

fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// `n` in decimal, without the formatting machinery (a report writes about 90,000 numbers).
fn push_number(out: &mut String, n: usize) {
    let mut digits_rev = [0u8; 20];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits_rev[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits_rev[..len].iter().rev().map(|&d| char::from(d)));
}

/// Runs of one ASCII character, pushed as slices of these (a report pushes about 160,000 runs;
/// pushing them a `char` at a time was a fifth of the time spent rendering).
const SPACES: &str = ascii_run(&[b' '; 64]);
const CARETS: &str = ascii_run(&[b'^'; 64]);

const fn ascii_run(bytes: &'static [u8]) -> &'static str {
    match std::str::from_utf8(bytes) {
        Ok(run) => run,
        Err(_) => panic!("a run of ASCII is UTF-8"),
    }
}

/// `times` characters of `run` (a run of one repeated ASCII character).
fn push_repeated(out: &mut String, run: &str, mut times: usize) {
    while times > 0 {
        let n = times.min(run.len());
        out.push_str(&run[..n]);
        times -= n;
    }
}

const BOLD: &str = "1";
const DIM: &str = "2";

struct Paint {
    on: bool,
}

/// ANSI styles, written straight into the report (a report has tens of thousands of them).
impl Paint {
    #[inline]
    fn open(&self, out: &mut String, code: &str) {
        if self.on {
            out.push_str("\x1b[");
            out.push_str(code);
            out.push('m');
        }
    }
    #[inline]
    fn close(&self, out: &mut String) {
        if self.on {
            out.push_str("\x1b[0m");
        }
    }
    #[inline]
    fn styled(&self, out: &mut String, code: &str, text: &str) {
        self.open(out, code);
        out.push_str(text);
        self.close(out);
    }
    fn severity_code(&self, s: Severity) -> &'static str {
        super::severity_word(s, ["1;35", "1;36", "1;33", "1;31"])
    }
}
