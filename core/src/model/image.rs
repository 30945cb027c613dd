//! Image references: `[registry/]path[:tag][@digest]`, read the way Docker normalises them.

use std::ops::Range;

use serde::Serialize;

/// A parsed image reference; every part borrows from the text it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef<'t> {
    pub text: &'t str,
    /// The registry host when the first path component names one (`ghcr.io`, `localhost:5000`).
    pub registry: Option<&'t str>,
    /// The repository path without registry (`library/python` is written `python`).
    pub path: &'t str,
    pub tag: Option<&'t str>,
    pub digest: Option<&'t str>,
    #[serde(skip)]
    pub tag_range: Option<Range<usize>>,
    #[serde(skip)]
    pub path_range: Range<usize>,
}

impl<'t> ImageRef<'t> {
    /// Parses without validating: every string yields a reference, so rules can reason about
    /// partially variable references such as `${REGISTRY}/app:${TAG}`.
    pub fn parse(text: &'t str) -> ImageRef<'t> {
        let (name, digest) = match text.find('@') {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let last_slash = name.rfind('/');
        let (name_end, tag, tag_range) = match name.rfind(':') {
            Some(colon) if last_slash.is_none_or(|s| colon > s) => {
                (colon, Some(&name[colon + 1..]), Some(colon + 1..name.len()))
            }
            _ => (name.len(), None, None),
        };
        let repo = &name[..name_end];
        let (registry, path_start) = match repo.find('/') {
            Some(slash) => {
                let first = &repo[..slash];
                let is_host = first.contains(['.', ':'])
                    || first == "localhost"
                    || first.chars().any(|c| c.is_ascii_uppercase());
                if is_host { (Some(first), slash + 1) } else { (None, 0) }
            }
            None => (None, 0),
        };
        ImageRef {
            text,
            registry,
            path: &repo[path_start..],
            tag,
            digest,
            tag_range,
            path_range: path_start..name_end,
        }
    }

    /// Whether any part is a build-time variable.
    pub fn has_variables(&self) -> bool {
        self.text.contains('$')
    }

    /// Whether this is an image from Docker Hub's official library (`python`, `library/python`,
    /// `docker.io/library/python`).
    pub fn is_official(&self) -> bool {
        let hub = matches!(self.registry, None | Some("docker.io" | "index.docker.io"));
        hub && (!self.path.contains('/') || self.path.starts_with("library/"))
    }

    /// The last path component (`python` for `docker.io/library/python:3`).
    pub fn name(&self) -> &'t str {
        self.path.rsplit('/').next().unwrap_or(self.path)
    }

    /// `scratch`, the empty base image.
    pub fn is_scratch(&self) -> bool {
        self.registry.is_none() && self.path.eq_ignore_ascii_case("scratch") && self.tag.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_shapes() {
        let r = ImageRef::parse("python:3.12-slim");
        assert_eq!((r.registry, r.path, r.tag, r.digest), (None, "python", Some("3.12-slim"), None));
        assert!(r.is_official());
        let r = ImageRef::parse("localhost:5000/team/app:1@sha256:abc");
        assert_eq!(r.registry, Some("localhost:5000"));
        assert_eq!((r.path, r.tag, r.digest), ("team/app", Some("1"), Some("sha256:abc")));
        assert_eq!(r.name(), "app");
        assert!(!r.is_official());
        let r = ImageRef::parse("ghcr.io/owner/img");
        assert_eq!((r.registry, r.path, r.tag), (Some("ghcr.io"), "owner/img", None));
        let r = ImageRef::parse("docker.io/library/node:20");
        assert!(r.is_official());
        assert_eq!(&r.text[r.tag_range.clone().unwrap()], "20");
        let r = ImageRef::parse("${REG}/app:${TAG}");
        assert!(r.has_variables());
        assert_eq!(r.tag, Some("${TAG}"));
        assert!(ImageRef::parse("scratch").is_scratch());
        let r = ImageRef::parse("");
        assert_eq!((r.path, r.tag), ("", None));
    }
}
