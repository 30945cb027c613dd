use crate::rules::Context;
use crate::rules::style::labels::label_pairs;

declare_rule! {
    /// ## What it does
    /// With `strict-labels = true`, flags labels that the configured `label-schema` does not
    /// list. Silent otherwise.
    ///
    /// ## Why
    /// A strict schema keeps label keys uniform across a fleet of images: a typo
    /// (`org.opencontainers.image.vesion`) or a home-grown key shows up instead of going
    /// unnoticed.
    ///
    /// ## Options
    /// ```toml
    /// strict-labels = true
    /// [label-schema]
    /// "org.opencontainers.image.version" = "semver"
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=1.2.0 team=payments
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=1.2.0
    /// ```
    ///
    /// ## Fix
    /// None: either the label or the schema is wrong.
    pub struct LabelNotInSchema {
        code: "DW420",
        name: "label-not-in-schema",
        category: Style,
        severity: Info,
        aliases: ["DL3050"],
        fix: None,
        default: true,
        summary: "A label is not in the strict label schema",
    }
}

impl_rule!(LabelNotInSchema, check);

fn check(ctx: &mut Context<'_, '_>) {
    let schema = &ctx.config.label_schema;
    if !ctx.config.strict_labels || schema.is_empty() {
        return;
    }
    for label in label_pairs(ctx.doc) {
        let Some(key) = &label.key else { continue };
        if !schema.contains_key(key.as_ref()) {
            let suggestion = crate::suggest::did_you_mean(key, schema.keys().map(String::as_str));
            let finding =
                ctx.report(label.pair.key.span, format!("label `{key}` is not in the label schema"));
            match suggestion {
                Some(s) => finding.help(format!("did you mean `{s}`?")),
                None => finding.help("add it to `label-schema`, or drop it"),
            };
        }
    }
}
