use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::structure::FromTarget;

declare_rule! {
    /// ## What it does
    /// Flags a stage name that is not lower case (`FROM golang AS Builder`).
    ///
    /// ## Why
    /// BuildKit lower-cases stage names and compares references ignoring case, so `Builder`,
    /// `builder` and `BUILDER` are one stage; writing them differently makes readers (and
    /// simpler tools) think they are different. `docker build --target` shows the lower-case
    /// name.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS Builder
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=Builder /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS builder
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=builder /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Fix
    /// Safe: lower-cases the name and every reference to it (`FROM <stage>`, `COPY --from`,
    /// `RUN --mount=from=`), which BuildKit resolves the same way.
    pub struct StageNameCasing {
        code: "DW410",
        name: "stage-name-casing",
        category: Style,
        severity: Warning,
        aliases: ["StageNameCasing"],
        fix: Safe,
        default: true,
        summary: "A stage name is not lower case",
    }
}

impl_rule!(StageNameCasing, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let references = ctx.semantic.stage_references();
    for stage in &doc.stages {
        let InstructionKind::From(from) = &doc.instructions[stage.from].kind else { continue };
        let Some(word) = from.stage_name() else { continue };
        let lower = word.text.to_ascii_lowercase();
        if word.text == lower {
            continue;
        }
        let mut edits = vec![Edit::replace(word.span, lower.clone())];
        // `FROM <stage>` of later stages.
        for later in &doc.stages[stage.index + 1..] {
            if later.base_stage != Some(stage.index) {
                continue;
            }
            let InstructionKind::From(f) = &doc.instructions[later.from].kind else { continue };
            if let Some(image) = f.image().filter(|w| w.is_verbatim() && w.text != lower) {
                edits.push(Edit::replace(image.span, lower.clone()));
            }
        }
        for reference in references {
            if reference.target == FromTarget::Stage(stage.index)
                && reference.exact
                && reference.value != lower
            {
                edits.push(Edit::replace(reference.span, lower.clone()));
            }
        }
        ctx.report(word.span, format!("stage name `{}` should be lower case", word.text))
            .fix(Fix::safe(format!("Rename the stage to `{lower}`"), edits));
    }
}
