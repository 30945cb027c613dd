use crate::diagnostic::{Edit, Fix};
use crate::rules::Context;
use crate::rules::structure::whole_line;

declare_rule! {
    /// ## What it does
    /// Flags empty (or whitespace-only) lines inside an instruction continued with `\`.
    ///
    /// ## Why
    /// BuildKit skips such lines and carries on with the instruction, so a blank line does not
    /// end it: whatever follows is still part of the command. That surprises readers, and
    /// Docker has announced that empty continuation lines will become an error.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && \
    ///
    ///     apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update && \
    ///     apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix
    /// Safe: deletes the empty lines, which the build skips anyway.
    pub struct NoEmptyContinuation {
        code: "DW413",
        name: "no-empty-continuation",
        category: Style,
        severity: Warning,
        aliases: ["NoEmptyContinuation"],
        fix: Safe,
        default: true,
        summary: "An empty line inside a continued instruction",
    }
}

impl_rule!(NoEmptyContinuation, check);

fn check(ctx: &mut Context<'_, '_>) {
    let source = ctx.source();
    for ins in &ctx.doc.instructions {
        for &line in &ins.empty_continuation_lines {
            ctx.report(
                line,
                format!("empty line inside a continued {}: it does not end the instruction", ins.keyword),
            )
            .fix(Fix::safe("Delete the empty line", vec![Edit::delete(whole_line(source, line))]));
        }
    }
}
