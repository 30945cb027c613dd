use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` image without a tag or digest (`FROM python`).
    ///
    /// ## Why
    /// Without a tag Docker uses `latest`, which moves: the same Dockerfile builds on a
    /// different base next month, with a different language version or distribution, and
    /// breaks for no visible reason. Stage names, `scratch` and images set by variables are
    /// not reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// ## Fix
    /// None: which version to pin is the author's choice.
    pub struct PinBaseImageTag {
        code: "DW502",
        name: "pin-base-image-tag",
        category: Reproducibility,
        severity: Warning,
        aliases: ["DL3006"],
        fix: None,
        default: true,
        summary: "The base image has no tag",
    }
}

impl_rule!(PinBaseImageTag, check);

fn check(ctx: &mut Context<'_, '_>) {
    for (i, stage) in ctx.doc.stages.iter().enumerate() {
        if stage.base_stage.is_some() {
            continue;
        }
        let Some((word, image)) = ctx.semantic.stage_image(stage.index) else { continue };
        if image.tag.is_some() || image.digest.is_some() || image.has_variables() || image.is_scratch() {
            continue;
        }
        // `FROM name` may also name a later stage by mistake; that is a different problem.
        if ctx.semantic.stage_names.named(&word.text).next_back().is_some_and(|last| last >= i) {
            continue;
        }
        ctx.report(
            word.span,
            format!(
                "`{}` has no tag, so it means `{}:latest`, which changes over time",
                word.text, word.text
            ),
        )
        .help("pin a version tag (and optionally a digest)");
    }
}
