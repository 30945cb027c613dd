//! The default format: one block per finding with the source lines and the span underlined,
//! then a summary line.

use std::fmt::Write;

use dockwright::{Applicability, Diagnostic, Severity};

use super::{FileView, Renderer, Summary, plural};

pub struct Human {
    paint: Paint,
    fix_mode: Option<Applicability>,
}

impl Human {
    pub fn new(color: bool, fix_mode: Option<Applicability>) -> Human {
        Human { paint: Paint { on: color }, fix_mode }
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
            let _ = writeln!(out, "{} No problems found in {files}.{unreadable}", p.bold("✓"));
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
        if self.fix_mode.is_none() && safe > 0 {
            let _ = write!(out, " {safe} fixable with --fix.");
        }
        if self.fix_mode != Some(Applicability::Unsafe) && unsafe_ > 0 {
            let _ = write!(out, " {unsafe_} more with --unsafe-fixes.");
        }
        out.push_str(&unreadable);
        out.push('\n');
        out
    }

    /// The lines of the span with a gutter and `^^^` under the span (first and last lines when
    /// it is long). Tabs are shown as four spaces, and the carets follow.
    fn frame(&self, out: &mut String, lines: &[&str], d: &Diagnostic) {
        let p = &self.paint;
        if lines.is_empty() || d.line == 0 {
            return;
        }
        let first = d.line as usize;
        let last = (d.end_line as usize).max(first).min(lines.len());
        if first > last {
            return;
        }
        let width = last.to_string().len();
        let shown: Vec<usize> =
            if last - first > 3 { vec![first, first + 1, last] } else { (first..=last).collect() };
        let _ = writeln!(out, "{} {}", " ".repeat(width), p.dim("|"));
        let mut prev = first;
        for n in shown {
            if n > prev + 1 {
                let _ = writeln!(out, "{} {}", " ".repeat(width), p.dim("..."));
            }
            prev = n;
            let Some(line) = lines.get(n - 1) else { break };
            let line = line.trim_end_matches(['\n', '\r']);
            let _ = writeln!(
                out,
                "{} {} {}",
                p.dim(&format!("{n:>width$}")),
                p.dim("|"),
                line.replace('\t', "    ")
            );
            let chars = line.chars().count();
            let start_col = if n == first { d.column as usize } else { 1 }.max(1);
            let end_col = if n as u32 == d.end_line { d.end_column as usize } else { chars + 1 };
            let end_col = end_col.max(start_col + 1).min(chars.max(start_col) + 1);
            let tabs_before = line.chars().take(start_col - 1).filter(|c| *c == '\t').count();
            let tabs_in =
                line.chars().skip(start_col - 1).take(end_col - start_col).filter(|c| *c == '\t').count();
            let pad = start_col - 1 + 3 * tabs_before;
            let carets = (end_col - start_col + 3 * tabs_in).max(1);
            let _ = writeln!(
                out,
                "{} {} {}{}",
                " ".repeat(width),
                p.dim("|"),
                " ".repeat(pad),
                p.severity(d.severity, &"^".repeat(carets))
            );
        }
    }
}

impl Renderer for Human {
    fn file(&self, file: &FileView<'_>) -> String {
        let p = &self.paint;
        let mut out = String::new();
        if file.diagnostics.is_empty() {
            return out;
        }
        let lines: Vec<&str> = file.text.split_inclusive('\n').collect();
        for d in file.diagnostics {
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {}: {}",
                p.bold(file.name),
                d.line,
                d.column,
                p.severity(d.severity, &format!("{} {}", d.severity, d.code)),
                p.bold(d.name),
                d.message
            );
            self.frame(&mut out, &lines, d);
            if let Some(help) = &d.help {
                let _ = writeln!(out, "  {} {help}", p.dim("= help:"));
            }
            if let Some(fix) = &d.fix {
                let kind = match fix.applicability {
                    Applicability::Safe => "fix",
                    Applicability::Unsafe => "unsafe fix",
                };
                let _ = writeln!(out, "  {} {}", p.dim(&format!("= {kind}:")), fix.title);
            }
            out.push('\n');
        }
        out
    }

    fn end(&self, summary: &Summary) -> String {
        self.summary_line(summary)
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
    fn bold(&self, t: &str) -> String {
        self.wrap("1", t)
    }
    fn dim(&self, t: &str) -> String {
        self.wrap("2", t)
    }
    fn severity(&self, s: Severity, t: &str) -> String {
        self.wrap(super::severity_word(s, ["1;35", "1;36", "1;33", "1;31"]), t)
    }
}
