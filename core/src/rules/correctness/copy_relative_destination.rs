use crate::model::{InstructionKind, Keyword};
use crate::rules::Context;
use crate::rules::structure::literal;

declare_rule! {
    /// ## What it does
    /// Flags `COPY` and `ADD` to a relative destination (`COPY app.py .`) in a stage that has
    /// not set a `WORKDIR` (itself or in the stages it is built `FROM`).
    ///
    /// ## Why
    /// A relative destination lands under the base image's working directory, which the
    /// Dockerfile does not show and a new tag of the image may change (many images leave it at
    /// `/`). Setting `WORKDIR` first makes the destination explicit.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py .
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY app.py .
    /// ```
    ///
    /// ## Fix
    /// None: where the files belong is the author's choice.
    pub struct CopyRelativeDestination {
        code: "DW013",
        name: "copy-relative-destination",
        category: Correctness,
        severity: Warning,
        aliases: ["DL3045"],
        fix: None,
        default: true,
        summary: "COPY to a relative destination before any WORKDIR",
    }
}

impl_rule!(CopyRelativeDestination, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let mut has_workdir = vec![false; doc.stages.len()];
    for stage in &doc.stages {
        let mut workdir = stage.base_stage.filter(|&p| p < stage.index).is_some_and(|p| has_workdir[p]);
        for i in stage.body() {
            let ins = &doc.instructions[i];
            match &ins.kind {
                _ if ins.keyword == Keyword::Workdir => workdir = true,
                InstructionKind::Copy(copy) | InstructionKind::Add(copy) if !workdir => {
                    let Some(dest) = copy.dest() else { continue };
                    let Some(path) = literal(&dest.text, doc.escape) else { continue };
                    if is_relative(&path) {
                        ctx.report(
                            dest.span,
                            format!("{} to the relative `{path}` before any WORKDIR: it depends on the base image's working directory", ins.keyword),
                        )
                        .help("set `WORKDIR /app` (or use an absolute destination) first");
                    }
                }
                _ => {}
            }
        }
        has_workdir[stage.index] = workdir;
    }
}

/// Relative for Linux and Windows alike; `~` is taken literally by COPY but reads as home, so
/// it is left to the author.
fn is_relative(path: &str) -> bool {
    let b = path.as_bytes();
    let drive = b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':';
    !(path.starts_with(['/', '\\', '~']) || drive)
}
