use crate::model::{ImageRef, InstructionKind};
use crate::rules::Context;
use crate::rules::structure::FromTarget;

declare_rule! {
    /// ## What it does
    /// With `trusted-registries` configured, flags images pulled from any other registry: base
    /// images (`FROM`), `COPY --from=<image>` and `RUN --mount=from=<image>`. Images without a
    /// registry come from `docker.io`. An entry may use `*` wildcards (`*.gcr.io` trusts
    /// `eu.gcr.io`, not `gcr.io`; `*` trusts everything), or name a path to trust only the
    /// images under it (`ghcr.io/my-org`). Stage references, `scratch` and images given by a
    /// variable are not judged. Silent without the option.
    ///
    /// ## Why
    /// A base image is code that runs in the build and ships in the product. Restricting the
    /// registries to vetted ones (a mirror, the organisation's own) keeps typo-squatted and
    /// unreviewed images out.
    ///
    /// ## Options
    /// ```toml
    /// trusted-registries = ["docker.io", "*.gcr.io"]
    /// ```
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM quay.io/someone/python:3.12
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY --from=eu.gcr.io/distroless/base /etc/ssl /etc/ssl
    /// ```
    ///
    /// ## Fix
    /// None: a trusted source for the image has to be found.
    pub struct UntrustedRegistry {
        code: "DW212",
        name: "untrusted-registry",
        category: Security,
        severity: Error,
        aliases: ["DL3026"],
        fix: None,
        default: true,
        summary: "An image comes from a registry that is not trusted",
    }
}

impl_rule!(UntrustedRegistry, check);

fn check(ctx: &mut Context<'_, '_>) {
    let trusted = &ctx.config.trusted_registries;
    if trusted.is_empty() {
        return;
    }
    let doc = ctx.doc;
    let mut images = Vec::new();
    for stage in &doc.stages {
        let InstructionKind::From(from) = &doc.instructions[stage.from].kind else { continue };
        if stage.base_stage.is_none()
            && let Some(word) = from.image()
        {
            images.push((word.text.to_string(), word.span));
        }
    }
    for reference in ctx.semantic.stage_references() {
        if reference.target == FromTarget::Image {
            images.push((reference.value.clone(), reference.span));
        }
    }
    for (text, span) in images {
        let image = ImageRef::parse(&text);
        if image.has_variables() || image.is_scratch() {
            continue;
        }
        let registry = match image.registry {
            None | Some("index.docker.io" | "registry-1.docker.io") => "docker.io",
            Some(r) => r,
        };
        let full = format!("{registry}/{}", image.path);
        if !trusted.iter().any(|t| is_trusted(t, registry, &full)) {
            ctx.report(span, format!("`{text}` comes from `{registry}`, which is not a trusted registry"))
                .help(format!("trusted: {}", trusted.join(", ")));
        }
    }
}

/// An entry with a `/` trusts the images under that path; otherwise it is a registry host
/// pattern where `*` matches any run of characters.
fn is_trusted(entry: &str, registry: &str, full: &str) -> bool {
    let entry = entry.trim().trim_end_matches('/');
    if entry.contains('/') {
        return full == entry || full.strip_prefix(entry).is_some_and(|rest| rest.starts_with('/'));
    }
    glob(&entry.to_ascii_lowercase(), &registry.to_ascii_lowercase())
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else { return pattern == text };
    if parts.len() == 1 {
        return pattern == text;
    }
    let Some(mut rest) = text.strip_prefix(first) else { return false };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        assert!(is_trusted("docker.io", "docker.io", "docker.io/library/alpine"));
        assert!(is_trusted("*.gcr.io", "eu.gcr.io", "eu.gcr.io/x/y"));
        assert!(is_trusted("*.gcr.io", "a.b.gcr.io", "a.b.gcr.io/x"));
        assert!(!is_trusted("*.gcr.io", "gcr.io", "gcr.io/x/y"));
        assert!(is_trusted("*", "quay.io", "quay.io/x"));
        assert!(is_trusted("docker.*", "docker.io", "docker.io/x"));
        assert!(is_trusted("ghcr.io/my-org", "ghcr.io", "ghcr.io/my-org/app"));
        assert!(!is_trusted("ghcr.io/my-org", "ghcr.io", "ghcr.io/my-org-evil/app"));
        assert!(!is_trusted("docker.io", "localhost:5000", "localhost:5000/x"));
        assert!(glob("a*b*c", "axxbyyc") && !glob("a*b", "ab c") && glob("*", ""));
    }
}
