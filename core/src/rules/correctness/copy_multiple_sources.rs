use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::structure::literal;

declare_rule! {
    /// ## What it does
    /// Flags `COPY` and `ADD` with several sources whose destination does not end in `/`.
    ///
    /// ## Why
    /// With more than one source the destination must be a directory, and BuildKit only takes
    /// it as one when it ends in `/`: the build fails with "When using COPY with more than one
    /// source file, the destination must be a directory and end with a /".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix
    /// Unsafe: appends `/` to the destination. The build then succeeds, which it did not before.
    /// Destinations with variables are not judged; one starting with `<<` gets no fix, as the
    /// `/` would make it a heredoc marker.
    pub struct CopyMultipleSources {
        code: "DW011",
        name: "copy-multiple-sources",
        category: Correctness,
        severity: Error,
        aliases: ["DL3021", "DS-0011"],
        fix: Unsafe,
        default: true,
        summary: "COPY with several sources needs a destination ending in /",
    }
}

impl_rule!(CopyMultipleSources, check);

fn check(ctx: &mut Context<'_, '_>) {
    for ins in &ctx.doc.instructions {
        let ins = ins.effective();
        let (InstructionKind::Copy(copy) | InstructionKind::Add(copy)) = &ins.kind else { continue };
        let sources = copy.sources();
        let Some(dest) = copy.dest() else { continue };
        if sources.len() < 2 || is_history_form(sources) {
            continue;
        }
        let Some(path) = literal(&dest.text, ctx.doc.escape) else { continue };
        if path.ends_with('/') || path.ends_with('\\') {
            continue;
        }
        let finding = ctx.report(
            dest.span,
            format!(
                "{} of {} sources to `{path}`: the destination must be a directory ending in `/`",
                ins.keyword,
                sources.len()
            ),
        );
        // `<<` (after any descriptor digits) with a `/` appended is a heredoc named `/`, which
        // would take the lines after it as its body: no such advice, no such fix.
        if dest.text.trim_start_matches(|c: char| c.is_ascii_digit()).starts_with("<<") {
            continue;
        }
        finding.help(format!("write `{path}/`"));
        if dest.is_verbatim() && !copy.json {
            finding
                .fix(Fix::unsafe_("Append `/` to the destination", vec![Edit::insert(dest.span.end, "/")]));
        }
    }
}

/// `COPY file:<digest> in <dest>`, the form image histories show (Trivy reads those too).
fn is_history_form(sources: &[crate::model::Word<'_>]) -> bool {
    matches!(sources, [first, second] if (first.text.starts_with("file:") || first.text.starts_with("multi:")) && second.text == "in")
}
