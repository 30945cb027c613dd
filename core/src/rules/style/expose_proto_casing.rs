use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags an `EXPOSE` protocol that is not lower case (`EXPOSE 53/UDP`).
    ///
    /// ## Why
    /// BuildKit lower-cases the protocol, so the image is the same, but tools that read the
    /// Dockerfile (and people) expect `tcp`, `udp` and `sctp`; BuildKit warns about it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM coredns/coredns:1.11.1
    /// EXPOSE 53/UDP
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM coredns/coredns:1.11.1
    /// EXPOSE 53/udp
    /// ```
    ///
    /// ## Fix
    /// Safe: lower-cases the protocol.
    pub struct ExposeProtoCasing {
        code: "DW416",
        name: "expose-proto-casing",
        category: Style,
        severity: Warning,
        aliases: ["ExposeProtoCasing"],
        fix: Safe,
        default: true,
        summary: "EXPOSE protocol is not lower case",
    }
}

impl_rule!(ExposeProtoCasing, check);

fn check(ctx: &mut Context<'_, '_>) {
    for ins in &ctx.doc.instructions {
        let InstructionKind::Expose(expose) = &ins.effective().kind else { continue };
        for (word, spec) in expose.specs() {
            let Some(proto) = spec.and_then(|s| s.protocol.and(s.protocol_text)) else { continue };
            let lower = proto.to_ascii_lowercase();
            let at = word.text.len() - proto.len();
            let exact = word.subspan(at..word.text.len());
            let finding = ctx.report(
                exact.unwrap_or(word.span),
                format!("protocol `{proto}` in EXPOSE `{}` should be `{lower}`", word.text),
            );
            if let Some(span) = exact {
                finding.fix(Fix::safe(format!("Write `{lower}`"), vec![Edit::replace(span, lower)]));
            }
        }
    }
}
