use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags a stage named `scratch` or `context` (in any case: BuildKit lower-cases stage
    /// names).
    ///
    /// ## Why
    /// Both names already mean something: `FROM scratch` is the empty image and `context` is
    /// the build context (`docker build --build-context`). A stage with such a name cannot be
    /// referred to reliably, and readers will take it for the other thing.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// RUN echo hi > /hi
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// RUN echo hi > /hi
    /// ```
    ///
    /// ## Fix
    /// None: a new name has to be chosen.
    pub struct ReservedStageName {
        code: "DW007",
        name: "reserved-stage-name",
        category: Correctness,
        severity: Warning,
        aliases: ["DL3063", "ReservedStageName"],
        fix: None,
        default: true,
        summary: "A stage is named `scratch` or `context`",
    }
}

impl_rule!(ReservedStageName, check);

fn check(ctx: &mut Context<'_, '_>) {
    for stage in &ctx.doc.stages {
        let InstructionKind::From(from) = &ctx.doc.instructions[stage.from].kind else { continue };
        let Some(word) = from.stage_name() else { continue };
        let meaning = match stage.name.as_deref() {
            Some("scratch") => "`FROM scratch` means the empty image",
            Some("context") => "`context` names the build context",
            _ => continue,
        };
        ctx.report(word.span, format!("`{}` is a reserved stage name: {meaning}", word.text))
            .help("choose another name for the stage");
    }
}
