use std::borrow::Cow;

use crate::expand::Lex;
use crate::model::InstructionKind;
use crate::rules::Context;
use crate::rules::structure::process;

declare_rule! {
    /// ## What it does
    /// Flags a `FROM` whose image, built with the default values of the global build arguments
    /// (no `--build-arg`), is empty or not a valid image reference: typically an `ARG` without
    /// a default (`ARG TAG` then `FROM node:${TAG}` gives `node:`).
    ///
    /// ## Why
    /// Such a Dockerfile only builds when every caller remembers the right `--build-arg`;
    /// `docker build .` fails with "invalid reference format". A default keeps the plain build
    /// working and documents a known-good value.
    ///
    /// BuildKit's predefined platform arguments are taken as `linux/amd64` here.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NODE_VERSION
    /// FROM node:${NODE_VERSION}-slim
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ARG NODE_VERSION=20
    /// FROM node:${NODE_VERSION}-slim
    /// ```
    ///
    /// ## Fix
    /// None: the right default is the author's.
    pub struct InvalidDefaultArgInFrom {
        code: "DW005",
        name: "invalid-default-arg-in-from",
        category: Correctness,
        severity: Warning,
        aliases: ["InvalidDefaultArgInFrom"],
        fix: None,
        default: true,
        summary: "FROM is not a valid image with the default build arguments",
    }
}

impl_rule!(InvalidDefaultArgInFrom, check);

/// The values BuildKit gives its predefined arguments on a linux/amd64 build.
const PLATFORM_DEFAULTS: [(&str, &str); 8] = [
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
];

fn check(ctx: &mut Context<'_, '_>) {
    let doc = ctx.doc;
    let lex = Lex::new(doc.escape);
    let mut env: Vec<(&str, Cow<'_, str>)> =
        PLATFORM_DEFAULTS.iter().map(|&(k, v)| (k, Cow::Borrowed(v))).collect();
    // Global ARGs in order: each default may use the ones before it.
    for &i in &doc.global_args {
        let InstructionKind::Arg(arg) = &doc.instructions[i].kind else { continue };
        for decl in &arg.args {
            let Some(default) = &decl.default else { continue };
            let Ok(value) = process(&lex, &default.text, env.as_slice()).value else { return };
            env.push((&decl.name.text, value));
        }
    }
    for stage in &doc.stages {
        let InstructionKind::From(from) = &doc.instructions[stage.from].kind else { continue };
        let Some(image) = from.image() else { continue };
        // Without a variable there is nothing to judge (and nothing to process).
        if !image.text.contains('$') {
            continue;
        }
        let processed = process(&lex, &image.text, env.as_slice());
        let Ok(value) = processed.value else { continue };
        if processed.names.is_empty() || is_valid_reference(&value) {
            continue;
        }
        let unset: Vec<String> =
            processed.names.iter().filter(|(_, set)| !set).map(|(n, _)| format!("`{n}`")).collect();
        let shown = if value.is_empty() { "an empty name".to_string() } else { format!("`{value}`") };
        let finding = ctx.report(
            image.span,
            format!(
                "with the default build arguments, `{}` becomes {shown}, which is not a valid image",
                image.text
            ),
        );
        if !unset.is_empty() {
            finding.help(format!("give {} a default value", unset.join(", ")));
        }
    }
}

/// Whether Docker accepts a reference: `[host[:port]/]path[:tag][@digest]` with a lower-case
/// path of `[a-z0-9]` components joined by `.`, `_`, `__` or dashes.
pub(crate) fn is_valid_reference(reference: &str) -> bool {
    let (name, digest) = match reference.split_once('@') {
        Some((name, digest)) => (name, Some(digest)),
        None => (reference, None),
    };
    let (name, tag) = match name.rfind(':') {
        Some(colon) if !name[colon..].contains('/') => (&name[..colon], Some(&name[colon + 1..])),
        _ => (name, None),
    };
    let mut components: Vec<&str> = name.split('/').collect();
    let first = components[0];
    let has_host = components.len() > 1
        && (first.contains(['.', ':'])
            || first == "localhost"
            || first.chars().any(|c| c.is_ascii_uppercase()));
    if has_host && !is_host(components.remove(0)) {
        return false;
    }
    let path_ok = !components.is_empty() && components.iter().all(|c| is_path_component(c));
    let tag_ok = tag.is_none_or(|t| {
        (1..=128).contains(&t.len())
            && t.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    });
    let digest_ok = digest.is_none_or(|d| {
        d.split_once(':').is_some_and(|(algo, hex)| {
            !algo.is_empty()
                && algo.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '.'))
                && hex.len() >= 32
                && hex.chars().all(|c| c.is_ascii_hexdigit())
        })
    });
    let not_an_id = !(name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit()));
    name.len() <= 255 && path_ok && tag_ok && digest_ok && not_an_id
}

fn is_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !name.ends_with(']') || host.starts_with('[') => (name, Some(port)),
        _ => (host, None),
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = if name.starts_with('[') {
        name.ends_with(']') && name[1..name.len() - 1].parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !name.is_empty()
            && name.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    port_ok && name_ok
}

fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if bytes.is_empty() || !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    // Separators between alphanumeric runs: `.`, `_`, `__` or any number of `-`.
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep = &component[start..i];
        if !(sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-')) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        for good in [
            "alpine",
            "alpine:3.20",
            "docker.io/library/node:20-slim",
            "localhost:5000/a/b:c",
            "ghcr.io/o/i@sha256:0123456789abcdef0123456789abcdef",
            "my_org/app__x",
            "a-----b",
            "[::1]:5000/x",
            "scratch",
        ] {
            assert!(is_valid_reference(good), "{good}");
        }
        for bad in
            ["", "node:", "Node:20", ":tag", "a//b", "a/", "-a", "a@sha256:xyz", "a b", "a:b:c", "a_-b"]
        {
            assert!(!is_valid_reference(bad), "{bad}");
        }
    }
}
