use crate::diagnostic::{Edit, Fix};
use crate::rules::Context;

declare_rule! {
    /// ## What it does
    /// Flags a final image built on the full variant of an official image that also comes in
    /// a `-slim` variant: `python`, `node`, `ruby`, `perl`, `rust`, `openjdk`, `debian`,
    /// `erlang`, `elixir`, `haskell`, `pypy`.
    ///
    /// ## Why
    /// The full variants carry compilers, headers and hundreds of packages for building
    /// things: `python:3.12-bookworm` is about 1 GB, `python:3.12-slim-bookworm` about 130 MB
    /// (and `-alpine` about 52 MB, though musl has no prebuilt wheels, which slows Python
    /// builds). Every extra package is download time, disk, and attack surface. Build in a
    /// full image if you need to, in a builder stage, and ship the slim one. Only the image
    /// that is shipped is judged; builder stages may use whatever they need.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12.2-bookworm
    /// COPY app.py /app/
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM python:3.12.2-slim-bookworm
    /// COPY app.py /app/
    /// CMD ["python", "/app/app.py"]
    /// ```
    ///
    /// ## Fix
    /// Unsafe: switches to the matching slim tag (`python:3.12.2-bookworm` becomes
    /// `python:3.12.2-slim-bookworm`, `node:20-bookworm` becomes `node:20-bookworm-slim`,
    /// `debian:bookworm` becomes `debian:bookworm-slim`). Packages the full image provided may
    /// then have to be installed explicitly. No fix when the image is pinned by digest.
    pub struct PreferSlimBaseImage {
        code: "DW101",
        name: "prefer-slim-base-image",
        category: ImageSize,
        severity: Warning,
        aliases: [],
        fix: Unsafe,
        default: true,
        summary: "The final image uses the full variant of an image that has a -slim variant",
    }
}

impl_rule!(PreferSlimBaseImage, check);

/// Official images with `-slim` variants, and where the suffix goes for them.
const SLIM_IMAGES: &[(&str, SlimStyle)] = &[
    ("python", SlimStyle::BeforeSuite),
    ("ruby", SlimStyle::BeforeSuite),
    ("perl", SlimStyle::BeforeSuite),
    ("rust", SlimStyle::BeforeSuite),
    ("openjdk", SlimStyle::BeforeSuite),
    ("pypy", SlimStyle::BeforeSuite),
    ("erlang", SlimStyle::BeforeSuite),
    ("elixir", SlimStyle::BeforeSuite),
    ("haskell", SlimStyle::BeforeSuite),
    ("node", SlimStyle::AfterSuite),
    ("debian", SlimStyle::AfterSuite),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum SlimStyle {
    /// `3.12-bookworm` -> `3.12-slim-bookworm`.
    BeforeSuite,
    /// `20-bookworm` -> `20-bookworm-slim`.
    AfterSuite,
}

const SUITES: &[&str] = &["trixie", "bookworm", "bullseye", "buster", "stretch", "jessie", "sid"];

/// Tags that already name a small, special or non-Debian variant.
fn is_other_variant(tag: &str) -> bool {
    [
        "slim",
        "alpine",
        "windowsservercore",
        "nanoserver",
        "onbuild",
        "ubuntu",
        "focal",
        "jammy",
        "noble",
        "distroless",
    ]
    .iter()
    .any(|v| tag.contains(v))
}

fn check(ctx: &mut Context<'_, '_>) {
    let Some(final_stage) = ctx.semantic.final_stage else { return };
    // The image the final stage stands on, through `FROM <stage>` chains.
    let Some((word, image)) = ctx.semantic.stage_image(ctx.semantic.root_stage(final_stage)) else { return };
    if image.has_variables() || !image.is_official() {
        return;
    }
    let name = image.name();
    let Some(&(_, style)) = SLIM_IMAGES.iter().find(|(slim, _)| *slim == name) else { return };
    let tag = image.tag.unwrap_or("");
    if is_other_variant(tag) {
        return;
    }
    let slim = slim_tag(name, tag, style);
    let suggestion = format!("{name}:{slim}");
    let finding = ctx.report(
        word.span,
        format!(
            "the final image is built on the full `{}` image; its slim variant is several times smaller",
            word.text
        ),
    );
    finding.help(format!(
        "use `{suggestion}` (build in the full image in a separate stage if you need its compilers)"
    ));
    if image.digest.is_none()
        && let Some(path_end) = word.subspan(0..image.path_range.end)
    {
        let start = path_end.end;
        let end = word.span.end;
        finding.fix(Fix::unsafe_(
            format!("Use `{suggestion}`"),
            vec![Edit { start, end, content: format!(":{slim}") }],
        ));
    }
}

/// The slim tag matching a full one.
fn slim_tag(name: &str, tag: &str, style: SlimStyle) -> String {
    if tag.is_empty() || tag == "latest" {
        return if name == "debian" { "stable-slim".into() } else { "slim".into() };
    }
    let (prefix, suite) = match SUITES.iter().find(|s| tag == **s || tag.ends_with(&format!("-{s}"))) {
        Some(s) => (tag[..tag.len() - s.len()].trim_end_matches('-'), Some(*s)),
        None => (tag, None),
    };
    match (style, suite) {
        (_, None) => format!("{tag}-slim"),
        (SlimStyle::AfterSuite, Some(_)) => format!("{tag}-slim"),
        (SlimStyle::BeforeSuite, Some(suite)) if prefix.is_empty() => format!("slim-{suite}"),
        (SlimStyle::BeforeSuite, Some(suite)) => format!("{prefix}-slim-{suite}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slim_tags() {
        assert_eq!(slim_tag("python", "3.12.2-bookworm", SlimStyle::BeforeSuite), "3.12.2-slim-bookworm");
        assert_eq!(slim_tag("python", "3.12", SlimStyle::BeforeSuite), "3.12-slim");
        assert_eq!(slim_tag("python", "bookworm", SlimStyle::BeforeSuite), "slim-bookworm");
        assert_eq!(slim_tag("python", "", SlimStyle::BeforeSuite), "slim");
        assert_eq!(slim_tag("node", "20-bookworm", SlimStyle::AfterSuite), "20-bookworm-slim");
        assert_eq!(slim_tag("debian", "bookworm", SlimStyle::AfterSuite), "bookworm-slim");
        assert_eq!(slim_tag("debian", "latest", SlimStyle::AfterSuite), "stable-slim");
        assert_eq!(slim_tag("debian", "12", SlimStyle::AfterSuite), "12-slim");
    }
}
