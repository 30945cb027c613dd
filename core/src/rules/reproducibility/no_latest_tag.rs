use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `FROM image:latest` (unless a digest pins it as well).
    ///
    /// ## Why
    /// `latest` is whatever was pushed last: builds are not repeatable and a new major version
    /// can arrive unannounced.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM node:20-slim
    /// ```
    ///
    /// ## Fix
    /// None: which version to pin is the author's choice.
    pub struct NoLatestTag {
        code: "DW503",
        name: "no-latest-tag",
        category: Reproducibility,
        severity: Warning,
        aliases: ["DL3007", "DS-0001", "CKV_DOCKER_7"],
        fix: None,
        default: true,
        summary: "The base image uses the latest tag",
    }
}

impl_rule!(NoLatestTag, check);

fn check(ctx: &mut Context<'_, '_>) {
    for stage in &ctx.doc.stages {
        let Some((word, image)) = ctx.semantic.stage_image(stage.index) else { continue };
        if image.tag.is_some_and(|t| t.eq_ignore_ascii_case("latest")) && image.digest.is_none() {
            let span = image.tag_range.clone().and_then(|r| word.subspan(r)).unwrap_or(word.span);
            ctx.report(span, format!("`{}` uses the `latest` tag, which changes over time", word.text))
                .help("pin a version tag (and optionally a digest)");
        }
    }
}
