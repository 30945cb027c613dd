use crate::rules::Context;
use crate::rules::style::labels::label_pairs;

declare_rule! {
    /// ## What it does
    /// Flags label keys that break Docker's key conventions: lower-case letters, digits, `.`,
    /// `-`, `_` and `/` only, starting with a letter and ending with a letter or digit, no `..`
    /// or `--`, and not in the namespaces Docker reserves (`com.docker.`, `io.docker.`,
    /// `org.dockerproject.`).
    ///
    /// ## Why
    /// Tools look labels up by exact key; `Version` and `version` are different labels, and
    /// the reserved namespaces belong to Docker itself. Reverse-DNS keys
    /// (`org.opencontainers.image.version`) avoid clashes.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Version=1.2.0
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.version=1.2.0
    /// ```
    ///
    /// ## Fix
    /// None: renaming a label breaks whatever reads the old key.
    pub struct LabelKeyInvalid {
        code: "DW418",
        name: "label-key-invalid",
        category: Style,
        severity: Style,
        aliases: ["DL3048"],
        fix: None,
        default: true,
        summary: "A label key breaks Docker's key conventions",
    }
}

impl_rule!(LabelKeyInvalid, check);

fn check(ctx: &mut Context<'_, '_>) {
    for label in label_pairs(ctx.doc) {
        let Some(key) = &label.key else { continue };
        if let Some(problem) = key_problem(key) {
            ctx.report(label.pair.key.span, format!("label key `{key}` {problem}"))
                .help("use lower-case reverse-DNS keys such as `org.opencontainers.image.title`");
        }
    }
}

fn key_problem(key: &str) -> Option<&'static str> {
    const RESERVED: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];
    if key.chars().any(|c| c.is_ascii_uppercase()) {
        Some("is not lower case")
    } else if !key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | '/'))
    {
        Some("has characters other than a-z, 0-9, `.`, `-`, `_` and `/`")
    } else if !key.starts_with(|c: char| c.is_ascii_lowercase()) {
        Some("does not start with a letter")
    } else if !key.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        Some("does not end with a letter or digit")
    } else if key.contains("..") || key.contains("--") {
        Some("has a doubled `.` or `-`")
    } else if RESERVED.iter().any(|r| key.starts_with(r)) {
        Some("is in a namespace Docker reserves")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        for good in ["a", "foo.bar", "a_b", "a/b", "a.b-c/d_e", "x1", "a__b", "a.-b"] {
            assert_eq!(key_problem(good), None, "{good}");
        }
        for bad in ["Foo", "com.docker.x", "a..b", "a--b", "a-", "9a", ".a", "-a", "a:b", "a$b"] {
            assert!(key_problem(bad).is_some(), "{bad}");
        }
    }
}
