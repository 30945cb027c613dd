use crate::diagnostic::{Edit, Fix};
use crate::model::InstructionKind;
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags `EXPOSE` ports written with a host IP or a host port (`EXPOSE 8080:80`,
    /// `EXPOSE 127.0.0.1:80:80`).
    ///
    /// ## Why
    /// `EXPOSE` documents the ports the container listens on; it cannot publish them. BuildKit
    /// keeps only the container port and ignores the rest (a future release will refuse it).
    /// Publishing happens at run time: `docker run -p 8080:80`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 8080:80/tcp
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM nginx:1.27
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## Fix
    /// Safe: keeps the container port and protocol, which is what BuildKit exposes anyway.
    pub struct ExposeInvalidFormat {
        code: "DW012",
        name: "expose-invalid-format",
        category: Correctness,
        severity: Warning,
        aliases: ["ExposeInvalidFormat"],
        fix: Safe,
        default: true,
        summary: "EXPOSE with an IP address or a host port",
    }
}

impl_rule!(ExposeInvalidFormat, check);

fn check(ctx: &mut Context<'_, '_>) {
    for ins in &ctx.doc.instructions {
        let InstructionKind::Expose(expose) = &ins.effective().kind else { continue };
        for (word, spec) in expose.specs() {
            if !spec.is_some_and(|s| s.has_mapping && s.error.is_none()) {
                continue;
            }
            let text: &str = &word.text;
            let (ports, proto) = match text.rsplit_once('/') {
                Some((ports, proto)) => (ports, Some(proto)),
                None => (text, None),
            };
            let Some((host, container)) = ports.rsplit_once(':') else { continue };
            let finding = ctx.report(
                word.span,
                format!("EXPOSE `{text}` maps a host address or port, which EXPOSE ignores"),
            );
            finding.help("expose the container port and publish it with `docker run -p`");
            let kept = match proto {
                Some(proto) => format!("{container}/{proto}"),
                None => container.to_string(),
            };
            if word.is_verbatim() && host_part_is_valid(host) {
                finding.fix(Fix::safe(format!("Expose `{kept}`"), vec![Edit::replace(word.span, kept)]));
            }
        }
    }
}

/// `[ip:]hostport` as BuildKit accepts it: the build would fail on anything else, so the fix
/// must not make it pass.
fn host_part_is_valid(host: &str) -> bool {
    let (ip, port) = match host.rsplit_once(':') {
        Some((ip, port)) => (Some(ip), port),
        None => (None, host),
    };
    let ip_ok = ip.is_none_or(|ip| {
        let ip = ip.strip_prefix('[').and_then(|i| i.strip_suffix(']')).unwrap_or(ip);
        ip.parse::<std::net::IpAddr>().is_ok()
    });
    let port_ok =
        port.is_empty() || port.split('-').count() <= 2 && port.split('-').all(|p| p.parse::<u16>().is_ok());
    ip_ok && port_ok
}
