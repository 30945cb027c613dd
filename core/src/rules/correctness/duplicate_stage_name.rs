use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags a stage named like an earlier one (`FROM ... AS build` twice). Stage names are
    /// compared ignoring case, as BuildKit does.
    ///
    /// ## Why
    /// `COPY --from=build`, `RUN --mount=from=build` and `docker build --target build` can only
    /// reach one of the stages, and which one depends on where the reference is. The legacy
    /// builder refuses the file outright.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/api ./cmd/api
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/worker ./cmd/worker
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build-api
    /// RUN go build -o /out/api ./cmd/api
    /// FROM golang:1.22 AS build-worker
    /// RUN go build -o /out/worker ./cmd/worker
    /// ```
    ///
    /// ## Fix
    /// None: the references have to be sorted out by hand.
    pub struct DuplicateStageName {
        code: "DW006",
        name: "duplicate-stage-name",
        category: Correctness,
        severity: Error,
        aliases: ["DL3024", "DuplicateStageName", "DS-0012", "CKV_DOCKER_11"],
        fix: None,
        default: true,
        summary: "Two stages have the same name",
    }
}

impl_rule!(DuplicateStageName, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    for (i, stage) in doc.stages.iter().enumerate() {
        let Some(name) = &stage.name else { continue };
        let Some(first) = ctx
            .semantic
            .stage_names
            .named(name)
            .next()
            .filter(|&first| first < i)
            .map(|first| &doc.stages[first])
        else {
            continue;
        };
        let InstructionKind::From(from) = &doc.instructions[stage.from].kind else { continue };
        let Some(word) = from.stage_name() else { continue };
        let line = doc.instructions[first.from].line;
        ctx.report(
            word.span,
            format!("stage name `{}` is already used by the stage at line {line}", word.text),
        )
        .help("give each stage its own name");
    }
}
