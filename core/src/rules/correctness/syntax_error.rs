declare_rule! {
    /// ## What it does
    /// Reports what stops BuildKit from building the file: unknown instructions, unknown or
    /// malformed flags, a missing argument, an unterminated heredoc, a JSON form with
    /// non-string elements, a bad parser directive, an instruction before the first `FROM`.
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
        aliases: ["DL1000"],
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
