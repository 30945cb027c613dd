use crate::model::Keyword;
use crate::rules::Context;
use crate::rules::structure::FromTarget;
use crate::suggest::did_you_mean;

declare_rule! {
    /// ## What it does
    /// Flags `COPY --from=` and `RUN --mount=from=` references that do not name an earlier
    /// stage: a stage defined later in the file, a stage index that does not exist, a
    /// variable (`--from=$BASE`, which BuildKit refuses: name a stage `FROM ${BASE} AS base`
    /// instead), or a plain name (no tag, digest or registry) that is no stage, which BuildKit
    /// then pulls as an image from Docker Hub. An image with a registry or a path
    /// (`--from=nginx:1.27`, `--from=tonistiigi/xx`) is taken as meant.
    ///
    /// ## Why
    /// A mistyped stage name silently becomes an image pull (`--from=buidl` pulls
    /// `docker.io/library/buidl:latest`, or fails after a registry round trip). A stage
    /// defined later cannot be read at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=biuld /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /usr/local/bin/app
    /// COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
    /// ```
    ///
    /// ## Fix
    /// None: the intended stage is a guess (the message suggests the closest stage name).
    pub struct CopyFromUnknownStage {
        code: "DW009",
        name: "copy-from-unknown-stage",
        category: Correctness,
        severity: Warning,
        aliases: ["DL3022"],
        fix: None,
        default: true,
        summary: "COPY --from names no earlier stage",
    }
}

impl_rule!(CopyFromUnknownStage, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    for reference in ctx.semantic.stage_references() {
        let value = &reference.value;
        let message = match reference.target {
            FromTarget::Later(i) => format!(
                "stage `{value}` is defined later (line {}): only earlier stages can be read",
                doc.instructions[doc.stages[i].from].line
            ),
            FromTarget::BadIndex => {
                format!("there is no stage {value}: stages are numbered from 0 in the order of their FROM")
            }
            // BuildKit refuses variables in `COPY --from` (the parser reports them for mounts).
            FromTarget::Image
                if value.contains('$')
                    && doc.instructions[reference.instruction].keyword == Keyword::Copy =>
            {
                format!("`--from={value}` does not expand variables: BuildKit refuses it")
            }
            FromTarget::Image if is_bare_name(value) => {
                let earlier = doc.stages[..reference.stage].iter().rev().filter_map(|s| s.name.as_deref());
                let hint = match did_you_mean(value, earlier) {
                    Some(stage) => format!(" (did you mean the stage `{stage}`?)"),
                    None => String::new(),
                };
                format!(
                    "`{value}` is not a stage defined before, so it is pulled as the image `{value}:latest`{hint}"
                )
            }
            _ => continue,
        };
        ctx.report(reference.span, message)
            .help("name an earlier stage, or an image with its tag (`--from=nginx:1.27`)");
    }
}

/// A name that looks like a stage name rather than an image reference: no tag, digest,
/// registry or path, no variable.
fn is_bare_name(value: &str) -> bool {
    !value.is_empty() && !value.contains([':', '@', '/', '$'])
}
