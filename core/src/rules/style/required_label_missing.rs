use std::collections::BTreeSet;

use crate::rules::Context;
use crate::rules::structure::lineage;
use crate::rules::style::labels::{label_pairs, type_name};

declare_rule! {
    /// ## What it does
    /// Flags labels of the configured `label-schema` that the built image does not carry: the
    /// final stage (or the configured `target`) and the stages it is built `FROM` set none of
    /// them. Silent without a schema.
    ///
    /// ## Why
    /// Registries, scanners and deploy tooling find an image's source, version and owner
    /// through labels; a policy that requires them only works if every image sets them.
    /// Labels of throw-away build stages do not reach the image, so they do not count (hadolint
    /// checks every stage).
    ///
    /// ## Options
    /// ```toml
    /// [label-schema]
    /// "org.opencontainers.image.source" = "url"
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.title=api
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source=https://github.com/example/api
    /// ```
    ///
    /// ## Fix
    /// None: the value has to come from the author.
    pub struct RequiredLabelMissing {
        code: "DW419",
        name: "required-label-missing",
        category: Style,
        severity: Info,
        aliases: ["DL3049"],
        fix: None,
        default: true,
        summary: "The image lacks a label the label schema requires",
    }
}

impl_rule!(RequiredLabelMissing, check);

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let (Some(last), false) = (ctx.semantic.final_stage, ctx.config.label_schema.is_empty()) else { return };
    let chain = lineage(doc, last);
    let stage_of = |i: usize| doc.stage_of(i).is_some_and(|s| chain.contains(&s));
    let mut present = BTreeSet::new();
    for label in label_pairs(doc).into_iter().filter(|l| stage_of(l.instruction)) {
        match label.key {
            Some(key) => present.insert(key),
            // A key made of variables could be any label.
            None => return,
        };
    }
    let from = &doc.instructions[doc.stages[last].from];
    for (key, kind) in &ctx.config.label_schema {
        if !present.contains(key.as_str()) {
            ctx.report(
                from.keyword_span,
                format!(
                    "the image has no label `{key}` ({}), which the label schema requires",
                    type_name(*kind)
                ),
            )
            .help(format!("add `LABEL {key}=...` to the final stage"));
        }
    }
}
