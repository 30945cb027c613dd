use crate::model::Keyword;
use crate::rules::Context;
use crate::rules::structure::lineage;

declare_rule! {
    /// ## What it does
    /// Flags an image without a `HEALTHCHECK`: neither the final stage (or the configured
    /// `target`) nor the stages it is built `FROM` have one. `HEALTHCHECK NONE` counts as a
    /// decision and is not reported. Off by default, as in hadolint: the base image may define
    /// one, and orchestrators such as Kubernetes use their own probes instead.
    ///
    /// ## Why
    /// Without a health check, `docker ps` and Swarm only know whether the process runs, not
    /// whether it serves; a hung server stays "up".
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site /usr/share/nginx/html
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site /usr/share/nginx/html
    /// HEALTHCHECK --interval=30s CMD ["curl", "-fsS", "http://localhost/"]
    /// ```
    ///
    /// ## Fix
    /// None: the check depends on the service.
    pub struct MissingHealthcheck {
        code: "DW422",
        name: "missing-healthcheck",
        category: Style,
        severity: Info,
        aliases: ["DL3057", "DS-0026", "CKV_DOCKER_2"],
        fix: None,
        default: false,
        summary: "The image has no HEALTHCHECK",
    }
}

impl_rule!(MissingHealthcheck, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let Some(last) = ctx.semantic.final_stage else { return };
    let chain = lineage(doc, last);
    let has =
        chain.iter().any(|&s| doc.stage_instructions(s).iter().any(|i| i.keyword == Keyword::Healthcheck));
    if !has {
        ctx.report(doc.instructions[doc.stages[last].from].keyword_span, "the image defines no HEALTHCHECK")
            .help("add `HEALTHCHECK CMD ...` (or `HEALTHCHECK NONE` to state that there is none)");
    }
}
