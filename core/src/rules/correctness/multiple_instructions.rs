use crate::diagnostic::{Edit, Fix};
use crate::model::Keyword;
use crate::rules::Context;
use crate::rules::structure::instruction_lines;

declare_rule! {
    /// ## What it does
    /// Flags a second `CMD`, `ENTRYPOINT` or `HEALTHCHECK` in the same stage.
    ///
    /// ## Why
    /// Only the last of each takes effect; the earlier ones do nothing except mislead the
    /// reader (and, for `ENTRYPOINT`, make `CMD` look like it applies to a different program).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["python", "manage.py", "migrate"]
    /// CMD ["gunicorn", "app:server"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "app:server"]
    /// ```
    ///
    /// ## Fix
    /// Safe: deletes the earlier instruction, which the build ignores anyway.
    ///
    /// Default severity: warning (hadolint reports DL3012 and DL4004 as errors and DL4003 as a
    /// warning; the build works and uses the last one, which BuildKit warns about).
    pub struct MultipleInstructions {
        code: "DW008",
        name: "multiple-instructions",
        category: Correctness,
        severity: Warning,
        aliases: [
            "DL3012",
            "DL4003",
            "DL4004",
            "MultipleInstructionsDisallowed",
            "DS-0007",
            "DS-0016",
            "DS-0023",
        ],
        fix: Safe,
        default: true,
        summary: "A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK",
    }
}

impl_rule!(MultipleInstructions, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    for stage in &doc.stages {
        for keyword in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
            let mut previous: Option<usize> = None;
            for i in stage.body().filter(|&i| doc.instructions[i].keyword == keyword) {
                if let Some(earlier) = previous {
                    let line = doc.instructions[earlier].line;
                    let finding = ctx.report(
                        doc.instructions[i].keyword_span,
                        format!("second {keyword} in this stage: the {keyword} at line {line} has no effect"),
                    );
                    finding.help(format!("keep one {keyword} per stage"));
                    if let Some(lines) = instruction_lines(doc, earlier) {
                        finding.fix(Fix::safe(
                            format!("Delete the {keyword} at line {line}"),
                            vec![Edit::delete(lines)],
                        ));
                    }
                }
                previous = Some(i);
            }
        }
    }
}
