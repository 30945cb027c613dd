use crate::rules::Context;
use crate::rules::structure::FromTarget;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=<stage>` and `RUN --mount=from=<stage>` that name the stage they are
    /// in (by name or index).
    ///
    /// ## Why
    /// A stage cannot read its own result while it is being built: BuildKit stops with a
    /// circular dependency error. Usually the name of another stage was meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// COPY --from=build /src/app /usr/local/bin/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /src/app .
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=build /src/app /usr/local/bin/app
    /// ```
    ///
    /// ## Fix
    /// None: which stage was meant is not known.
    pub struct CopyFromOwnStage {
        code: "DW010",
        name: "copy-from-own-stage",
        category: Correctness,
        severity: Error,
        aliases: ["DL3023", "DS-0006"],
        fix: None,
        default: true,
        summary: "COPY --from names the stage it is in",
    }
}

impl_rule!(CopyFromOwnStage, check);

fn check(ctx: &mut Context<'_, '_>) {
    for reference in ctx.semantic.stage_references() {
        if reference.target == FromTarget::Own {
            ctx.report(
                reference.span,
                format!(
                    "`--from={}` names the stage it is in, which cannot read from itself",
                    reference.value
                ),
            )
            .help("name the stage that produces the files");
        }
    }
}
