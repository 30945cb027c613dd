declare_rule! {
    /// ## What it does
    /// Reports what stops BuildKit from building the file: unknown instructions, unknown or
    /// malformed flags, a missing argument, an unterminated heredoc, a JSON form with
    /// non-string elements, a bad parser directive, an instruction before the first `FROM`
    /// (hadolint DL3061), an `EXPOSE` port outside 0-65535 (DL3011, Trivy DS-0008), an `ONBUILD`
    /// trigger that is `ONBUILD`, `FROM` or `MAINTAINER` (DL3043).
    ///
    /// ## Why
    /// `docker build` fails on the first of these, after the earlier stages may already have
    /// run for minutes. dockwright reports every one of them at once, at its exact position,
    /// and still checks the rest of the file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUNN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Fix
    /// None: the intent of a broken instruction is not always clear.
    pub struct SyntaxError {
        code: "DW001",
        name: "syntax-error",
        category: Correctness,
        severity: Error,
        aliases: ["DL1000", "DL3011", "DL3043", "DL3061", "DS-0008"],
        fix: None,
        default: true,
        summary: "The file does not parse as BuildKit reads it",
    }
}

impl_rule!(SyntaxError, check);

fn check(ctx: &mut crate::rules::Context<'_, '_>) {
    for error in &ctx.doc.errors {
        ctx.report(error.span, error.message.clone());
    }
}
