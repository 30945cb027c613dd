use crate::diagnostic::{Edit, Fix};
use crate::model::{InstructionKind, ItemKind, ShellOrExec};
use crate::rules::Context;
use crate::rules::scripts::{append_point, clean_tail};

declare_rule! {
    /// ## What it does
    /// Flags a `RUN` of a single command that directly follows another single-command `RUN`
    /// (only comments and blank lines between them) in a stage whose layers ship in the image:
    /// both in shell form, without heredocs, with the same flags.
    ///
    /// ## Why
    /// Each `RUN` adds a layer. Files a later layer deletes still take space in the earlier
    /// one, and many small layers make pulls slower. Related commands belong in one `RUN`
    /// chained with `&&`. Throw-away build stages are not judged: their layers never ship,
    /// and separate steps there can make the build cache more effective. `RUN`s that already
    /// chain several commands are left alone: they are deliberate groupings.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
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
    /// Unsafe: joins the second command onto the first with `&& \` (`` && ` `` in a file with
    /// the `` # escape=` `` directive). The commands then share one shell, so a `cd` or `export`
    /// in the first now affects the second, and the first failing skips the second (as before,
    /// the build fails). Offered only when no blank line separates the two and both scripts
    /// read cleanly to their end: an unclosed quote would quote across the join, a trailing
    /// comment would swallow the second command, and a trailing `&` would not chain.
    pub struct CombineConsecutiveRun {
        code: "DW301",
        name: "combine-consecutive-run",
        category: Layers,
        severity: Info,
        aliases: ["DL3059"],
        fix: Unsafe,
        default: true,
        summary: "Consecutive RUN instructions could be one layer",
    }
}

impl_rule!(CombineConsecutiveRun, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    // Walk the items to know what lies between two instructions.
    let mut previous: Option<usize> = None;
    let mut blank_between = false;
    for item in &doc.items {
        let index = match item.kind {
            ItemKind::Instruction(i) => i,
            ItemKind::Blank => {
                blank_between = true;
                continue;
            }
            ItemKind::Comment(_) | ItemKind::Directive(_) => continue,
        };
        if let Some(prev) = previous
            && joinable(ctx, prev, index)
        {
            let second = &doc.instructions[index];
            // Text added after the first script must not be swallowed by it (a comment, an
            // unclosed quote), and the line must end there (a `;` would stand after the line's
            // continuation).
            let first_end = doc.instructions[prev].span.end;
            let joinable_lines = append_point(ctx.semantic, prev)
                .is_some_and(|at| doc.source[at as usize..first_end as usize].trim().is_empty())
                && ends_in_foreground(ctx, index);
            let finding =
                ctx.report(second.span, "this RUN directly follows another: combine them into one layer");
            finding.help("chain the commands with `&&` in one RUN");
            if joinable_lines && !blank_between {
                let indent = "    ";
                let command_start = second.command().map_or(second.args_span.start, |c| c.span().start);
                // The second line's own indentation goes too: it becomes shell text, and the
                // Unicode spaces a Dockerfile may indent with (a no-break space) are no blanks
                // to the shell, which would read one as the command's name.
                let line_start = doc.lines.line_start(doc.lines.line(second.keyword_span.start));
                finding.fix(Fix::unsafe_(
                    "Join with the previous RUN",
                    vec![
                        // The file's escape character continues the line.
                        Edit::insert(first_end, format!(" && {}", doc.escape)),
                        Edit { start: line_start, end: command_start, content: indent.to_string() },
                    ],
                ));
            }
        }
        previous = Some(index);
        blank_between = false;
    }
}

fn joinable(ctx: &Context<'_, '_>, a: usize, b: usize) -> bool {
    let (first, second) = (&ctx.doc.instructions[a], &ctx.doc.instructions[b]);
    let is_plain_run = |i: &crate::model::Instruction<'_>| {
        matches!(i.kind, InstructionKind::Run(_))
            && matches!(i.command(), Some(ShellOrExec::Shell { .. }))
            && i.heredocs.is_empty()
    };
    is_plain_run(first)
        && is_plain_run(second)
        && is_single_command(ctx, a)
        && is_single_command(ctx, b)
        && ctx.doc.stage_of(a) == ctx.doc.stage_of(b)
        && ctx.semantic.in_final_image(b)
        && first.flags.iter().map(|f| &f.text).eq(second.flags.iter().map(|f| &f.text))
}

/// The RUN's script reads cleanly to its end (an unclosed quote would reach back across the
/// join) and does not end with `&`, which would put the joined commands in the background.
fn ends_in_foreground(ctx: &Context<'_, '_>, instruction: usize) -> bool {
    let [rs] = ctx.semantic.scripts_of(instruction) else { return false };
    clean_tail(&rs.script).is_some_and(|(_, tail)| !tail.starts_with('&'))
}

/// A RUN of one simple command (`RUN apt-get update`): chains and compound commands are
/// deliberate groupings, and merging them would trade readability for little.
fn is_single_command(ctx: &Context<'_, '_>, instruction: usize) -> bool {
    let scripts = ctx.semantic.scripts_of(instruction);
    let [rs] = scripts else { return false };
    rs.script.commands.iter().filter(|c| c.parent.is_none() && !c.in_substitution).count() == 1
        && rs.script.commands.iter().all(|c| c.depth == 0 || c.in_substitution || c.parent.is_some())
}
