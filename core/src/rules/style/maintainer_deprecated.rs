use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags the `MAINTAINER` instruction.
    ///
    /// ## Why
    /// `MAINTAINER` has been deprecated since Docker 1.13: it sets the image's `Author` field,
    /// which few tools read. A label (`LABEL maintainer="..."`, or the OCI
    /// `org.opencontainers.image.authors`) is where the information is looked for.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix
    /// Safe: rewrites the instruction as `LABEL maintainer="..."` with the same text, quoted so
    /// that the label's value is exactly what `MAINTAINER` had (quotes, `$` and escape
    /// characters are escaped).
    ///
    /// Default severity: warning (hadolint says error; the build works and BuildKit warns).
    pub struct MaintainerDeprecated {
        code: "DW414",
        name: "maintainer-deprecated",
        category: Style,
        severity: Warning,
        aliases: ["DL4000", "MaintainerDeprecated", "DS-0022", "CKV_DOCKER_6"],
        fix: Safe,
        default: true,
        summary: "MAINTAINER is deprecated",
    }
}

impl_rule!(MaintainerDeprecated, check);

fn check(ctx: &mut Context<'_, '_>) {
    let escape = ctx.doc.escape;
    for ins in &ctx.doc.instructions {
        let InstructionKind::Maintainer(maintainer) = &ins.kind else { continue };
        let finding = ctx.report(ins.keyword_span, "MAINTAINER is deprecated: use a label");
        finding.help("write `LABEL maintainer=\"...\"` (or `org.opencontainers.image.authors`)");
        let Some(value) = &maintainer.value else { continue };
        // Comments inside the continuation would be lost.
        if !ins.inner_comments.is_empty() {
            continue;
        }
        let label = if ins.keyword_text.chars().all(|c| c.is_ascii_lowercase()) { "label" } else { "LABEL" };
        let text = format!("{label} maintainer={}", quote(&value.text, escape));
        finding.fix(Fix::safe("Use `LABEL maintainer`", vec![Edit::replace(ins.span, text)]));
    }
}

/// A double-quoted word whose processed value is exactly `text`.
pub(crate) fn quote(text: &str, escape: char) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::{EmptyEnv, Lex};

    #[test]
    fn quoting_round_trips() {
        for text in ["Jane <j@x>", "a \"b\" $c \\d", "tab\there", "`tick`"] {
            for escape in ['\\', '`'] {
                let quoted = quote(text, escape);
                let processed = Lex::new(escape).process_word(&quoted, &EmptyEnv).unwrap();
                assert_eq!(processed, text, "{quoted}");
            }
        }
    }
}
