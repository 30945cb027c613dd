use crate::rules::Context;
use crate::rules::style::labels::{label_pairs, type_name, value_problem};

declare_rule! {
    /// ## What it does
    /// Checks the values of the labels listed in the configured `label-schema` against their
    /// type: not empty, and a valid `url`, `semver`, `hash` (git commit), `rfc3339` (time
    /// stamp), `spdx` (license expression) or `email` where the schema says so. Values made of
    /// variables are not judged. Silent without a schema.
    ///
    /// ## Why
    /// Labels are read by machines: a `org.opencontainers.image.created` that is not a time
    /// stamp or a license that is not an SPDX expression breaks the tools that consume them.
    ///
    /// ## Options
    /// ```toml
    /// [label-schema]
    /// "org.opencontainers.image.version" = "semver"
    /// "org.opencontainers.image.licenses" = "spdx"
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=v1.2 org.opencontainers.image.licenses="MIT License"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=1.2.0 org.opencontainers.image.licenses="MIT OR Apache-2.0"
    /// ```
    ///
    /// ## Fix
    /// None: the right value is the author's.
    pub struct LabelValueInvalid {
        code: "DW421",
        name: "label-value-invalid",
        category: Style,
        severity: Warning,
        aliases: ["DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"],
        fix: None,
        default: true,
        summary: "A label value does not have the format its schema requires",
    }
}

impl_rule!(LabelValueInvalid, check);

fn check(ctx: &mut Context<'_, '_>) {
    let schema = &ctx.config.label_schema;
    if schema.is_empty() {
        return;
    }
    for label in label_pairs(ctx.doc) {
        let (Some(key), Some(value)) = (&label.key, &label.value) else { continue };
        let Some(&kind) = schema.get(key.as_ref()) else { continue };
        let span = label.pair.value.span;
        if value.trim().is_empty() {
            ctx.report(label.pair.span, format!("label `{key}` is empty"));
        } else if let Some(problem) = value_problem(kind, value) {
            ctx.report(span, format!("label `{key}` = `{value}` {problem}"))
                .help(format!("the label schema says `{key}` is `{}`", type_name(kind)));
        }
    }
}
