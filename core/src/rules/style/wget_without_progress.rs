use crate::diagnostic::Fix;
use crate::rules::Context;
use crate::rules::scripts::{every_command, insert_after};
use crate::shell::tools::{DownloadTool, download};

declare_rule! {
    /// ## What it does
    /// Flags `wget` without an option that tames its progress output: `--progress=...`,
    /// `-q`/`--quiet`, `-nv`/`--no-verbose`, or a log file (`-o`, `-a`).
    ///
    /// ## Why
    /// Without a terminal, GNU wget prints its progress as rows of dots, one line per few
    /// kilobytes: a large download fills the build log with thousands of lines and buries the
    /// messages that matter. `--progress=dot:giga` prints one line per 32 MB and keeps errors.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN wget https://example.com/tool.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN wget --progress=dot:giga https://example.com/tool.tar.gz
    /// ```
    ///
    /// ## Fix
    /// Unsafe: inserts `--progress=dot:giga` after `wget`. BusyBox `wget` (Alpine's default)
    /// does not know the option and would fail; use `-q` there.
    pub struct WgetWithoutProgress {
        code: "DW442",
        name: "wget-without-progress",
        category: Style,
        severity: Info,
        aliases: ["DL3047"],
        fix: Unsafe,
        default: true,
        summary: "wget floods the build log with its progress output",
    }
}

impl_rule!(WgetWithoutProgress, check);

fn check(ctx: &mut Context<'_, '_>) {
    let sem = ctx.semantic;
    for (rs, _, command) in every_command(sem) {
        let Some(d) = download(command).filter(|d| d.tool == DownloadTool::Wget) else { continue };
        let tamed = d.is_quiet()
            || d.has_option(Some('o'), &["--progress", "--output-file"])
            || d.has_option(Some('a'), &["--append-output"]);
        if tamed {
            continue;
        }
        let Some(wget) = d.invocation.words.first() else { continue };
        let finding =
            ctx.report(rs.span(&wget.range), "wget prints a line of progress dots every few kilobytes");
        finding.help("add --progress=dot:giga (GNU wget) or -q");
        if let Some(edit) = insert_after(rs, command, wget, " --progress=dot:giga") {
            finding.fix(Fix::unsafe_("Add --progress=dot:giga", vec![edit]));
        }
    }
}
