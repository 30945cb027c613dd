use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags every inline suppression: `# dockwright ignore=`, `# hadolint ignore=` (and its
    /// `global` and `stage` forms), `# trivy:ignore:`, `# checkov:skip=` and the
    /// `# check=skip=` directive. Off by default: turn it on to enforce a policy where findings
    /// are fixed or configured centrally, not silenced in the file.
    ///
    /// ## Why
    /// Suppressions accumulate and outlive their reasons. Making them visible (or forbidden)
    /// keeps the configuration the single place that says what is accepted. The
    /// `disable-inline-ignores` option goes further and makes them have no effect.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// # hadolint ignore=DL3018
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r2
    /// ```
    ///
    /// ## Fix
    /// None: removing the comment brings back what it hid.
    pub struct InlineIgnoreUsed {
        code: "DW424",
        name: "inline-ignore-used",
        category: Style,
        severity: Info,
        aliases: ["DL1001"],
        fix: None,
        default: false,
        summary: "An inline comment suppresses findings",
    }
}

impl_rule!(InlineIgnoreUsed, check);

fn check(ctx: &mut Context<'_, '_>) {
    for suppression in &ctx.suppressions().items {
        ctx.report(suppression.comment, format!("inline suppression of {}", suppression.ids.join(", ")))
            .help("fix the finding, or configure the rule in `.dockwright.toml`");
    }
}
