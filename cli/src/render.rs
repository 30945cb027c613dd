//! Output formats of `dockwright check`.

use std::fmt::Write;
use std::io::IsTerminal;

use clap::ValueEnum;
use dockwright::{Applicability, Diagnostic, Severity};

use crate::check::FileResult;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings with the source line and the span underlined.
    Human,
    /// A flat JSON array of diagnostics, each with its `file`.
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        }
    }
}

pub fn render(
    format: Format,
    results: &[FileResult],
    color: bool,
    fix_mode: Option<Applicability>,
) -> String {
    match format {
        Format::Human => human(results, color, fix_mode),
        Format::Json => json(results),
    }
}

/// The JSON shape shared with the Python and JS bindings: a flat array of diagnostics, each
/// with its `file` first and the diagnostic's fields in their declared order.
pub fn json(results: &[FileResult]) -> String {
    #[derive(serde::Serialize)]
    struct Entry<'r> {
        file: &'r str,
        #[serde(flatten)]
        diagnostic: &'r Diagnostic,
    }
    let list: Vec<Entry<'_>> = results
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| Entry { file: &r.name, diagnostic: d }))
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
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
        let code = match s {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Style => "1;35",
        };
        self.wrap(code, t)
    }
}

/// One block per finding: location, rule, message, the source lines with the span underlined,
/// help and fix; then a summary line.
pub fn human(results: &[FileResult], color: bool, fix_mode: Option<Applicability>) -> String {
    let p = Paint { on: color };
    let mut out = String::new();
    let mut counts = [0usize; 4];
    let mut fixable = [0usize; 2];
    for r in results {
        let lines: Vec<&str> = r.text.split_inclusive('\n').collect();
        for d in &r.diagnostics {
            counts[d.severity as usize] += 1;
            if let Some(fix) = &d.fix {
                fixable[fix.applicability as usize] += 1;
            }
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {}: {}",
                p.bold(&r.name),
                d.line,
                d.column,
                p.severity(d.severity, &format!("{} {}", d.severity, d.code)),
                p.bold(d.name),
                d.message
            );
            frame(&mut out, &lines, d, &p);
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
    }
    let fixed: usize = results.iter().map(|r| r.fixed).sum();
    let total: usize = counts.iter().sum();
    let files = results.iter().filter(|r| r.error.is_none()).count();
    let plural = |n: usize, word: &str| {
        if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
    };
    if fixed > 0 {
        let _ = writeln!(out, "Fixed {}.", plural(fixed, "problem"));
    }
    if total == 0 {
        let _ = writeln!(out, "{} No problems found in {}.", p.bold("✓"), plural(files, "file"));
        return out;
    }
    let parts: Vec<String> = Severity::ALL
        .iter()
        .filter(|s| counts[**s as usize] > 0)
        .map(|s| {
            let n = counts[*s as usize];
            match s {
                Severity::Error | Severity::Warning if n != 1 => format!("{n} {s}s"),
                _ => format!("{n} {s}"),
            }
        })
        .collect();
    let _ = write!(
        out,
        "Found {} ({}) in {}.",
        plural(total, "problem"),
        parts.join(", "),
        plural(files, "file")
    );
    let (safe, unsafe_) = (fixable[Applicability::Safe as usize], fixable[Applicability::Unsafe as usize]);
    if fix_mode.is_none() && safe > 0 {
        let _ = write!(out, " {safe} fixable with --fix.");
    }
    if fix_mode != Some(Applicability::Unsafe) && unsafe_ > 0 {
        let _ = write!(out, " {unsafe_} more with --unsafe-fixes.");
    }
    out.push('\n');
    out
}

/// The lines of the span with a gutter and `^^^` under the span (first and last line when long).
fn frame(out: &mut String, lines: &[&str], d: &Diagnostic, p: &Paint) {
    if lines.is_empty() || d.line == 0 {
        return;
    }
    let first = d.line as usize;
    let last = (d.end_line as usize).max(first).min(lines.len());
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
        let text = line.trim_end_matches(['\n', '\r']).replace('\t', "    ");
        let _ = writeln!(out, "{} {} {text}", p.dim(&format!("{n:>width$}")), p.dim("|"));
        let chars = line.trim_end_matches(['\n', '\r']).chars().count();
        let start_col = if n == first { d.column as usize } else { 1 };
        let end_col = if n as u32 == d.end_line { d.end_column as usize } else { chars + 1 };
        let (start_col, end_col) =
            (start_col.max(1), end_col.max(start_col + 1).min(chars.max(start_col) + 1));
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
