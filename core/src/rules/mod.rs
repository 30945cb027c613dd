//! The rule registry: every rule's metadata and its check.
//!
//! Each rule lives in its own file under a category folder and is declared with
//! [`declare_rule!`], which keeps its documentation (the doc comment) next to its code and makes
//! it available at run time for `dockwright explain`, the rules reference and the doc-example
//! tests.

use std::fmt;

use serde::Serialize;

use crate::diagnostic::Severity;

pub use crate::check::Context;

/// What a rule is about; also the first digit of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The file does not build, or builds something other than what it says.
    Correctness,
    /// Bloated images: base image choice, build tools and leftovers in the final image.
    ImageSize,
    /// Privileges, secrets, untrusted downloads, disabled verification.
    Security,
    /// Layer count and the build cache.
    Layers,
    /// Readability and conventions.
    Style,
    /// Builds that change when nothing in the repository changed.
    Reproducibility,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Correctness,
        Category::ImageSize,
        Category::Security,
        Category::Layers,
        Category::Style,
        Category::Reproducibility,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::ImageSize => "image-size",
            Category::Security => "security",
            Category::Layers => "layers",
            Category::Style => "style",
            Category::Reproducibility => "reproducibility",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether and how a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    None,
    /// Some findings get a safe fix.
    Safe,
    /// Some findings get an unsafe fix (applied only with `--unsafe-fixes`).
    Unsafe,
}

/// Everything known about a rule without running it.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// Stable code, `DW` + three digits; the first digit is the category.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    pub category: Category,
    /// Default severity (config can override it).
    pub severity: Severity,
    /// Ids of the same check in other tools: hadolint `DL`, BuildKit check names, Trivy `DS-`,
    /// Checkov `CKV_DOCKER_`. Each alias belongs to exactly one rule.
    pub aliases: &'static [&'static str],
    /// One line, used in listings.
    pub summary: &'static str,
    pub fix: FixKind,
    /// Whether the rule runs without being selected explicitly.
    pub default_enabled: bool,
    /// The documentation: What it does / Why / Example / Use instead / Fix, in Markdown.
    #[serde(skip)]
    pub docs: &'static str,
}

impl RuleMeta {
    /// Whether `id` names this rule: its code, name or an alias (Trivy ids in any spelling).
    pub fn is_named(&self, id: &str) -> bool {
        let id = id.trim();
        self.code.eq_ignore_ascii_case(id)
            || self.name.eq_ignore_ascii_case(id)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
            || trivy_number(id).is_some_and(|n| self.aliases.iter().any(|a| trivy_number(a) == Some(n)))
    }

    pub fn fixable(&self) -> bool {
        self.fix != FixKind::None
    }
}

/// The number of a Trivy check id, which Trivy writes `DS002`, `DS-0002` or `AVD-DS-0002` (in
/// any case); our aliases spell it `DS-0002`. No allocation: suppressions ask this of every id
/// for every finding they might cover.
fn trivy_number(id: &str) -> Option<u32> {
    use crate::suppress::strip_prefix_ignore_case as strip;
    let rest = strip(id, "AVD-").unwrap_or(id);
    let digits = strip(rest, "DS-").or_else(|| strip(rest, "DS"))?;
    digits.parse().ok()
}

/// A check over one Dockerfile.
pub trait Rule: Sync + Send {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, ctx: &mut Context<'_, '_>);
}

/// Declares a rule: a unit struct with its metadata; the doc comment becomes its documentation.
/// Its shape (as text: a rule only compiles inside the crate, with `impl_rule!` beside it):
///
/// ```text
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub struct ExposeSshPort {
///         code: "DW203", name: "expose-ssh-port", category: Security, severity: Warning,
///         aliases: ["CKV_DOCKER_1", "DS-0004"], fix: None, default: true,
///         summary: "Port 22 is exposed",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rule_name:literal,
            category: $category:ident,
            severity: $severity:ident,
            aliases: [$($alias:literal),* $(,)?],
            fix: $fix:ident,
            default: $default:literal,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        pub struct $name;

        impl $name {
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $rule_name,
                category: $crate::rules::Category::$category,
                severity: $crate::diagnostic::Severity::$severity,
                aliases: &[$($alias),*],
                summary: $summary,
                fix: $crate::rules::FixKind::$fix,
                default_enabled: $default,
                // Stripped of each line's leading space (rustdoc keeps it in the attribute) at
                // compile time, so that the binaries, the WebAssembly module most of all, carry
                // only the Markdown.
                docs: {
                    const RAW: &str = concat!($($doc, "\n"),*);
                    const MARKDOWN: [u8; $crate::rules::doc_markdown_len(RAW)] = $crate::rules::doc_markdown(RAW);
                    match ::core::str::from_utf8(&MARKDOWN) {
                        Ok(markdown) => markdown,
                        Err(_) => panic!("a rule's docs are not UTF-8"),
                    }
                },
            };
        }
    };
}

/// Implements [`Rule`] for a declared rule from a `fn(&mut Context)`.
#[macro_export]
macro_rules! impl_rule {
    ($name:ident, $check:path) => {
        impl $crate::rules::Rule for $name {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                static META: $crate::rules::RuleMeta = $name::META;
                &META
            }

            fn check(&self, ctx: &mut $crate::rules::Context<'_, '_>) {
                $check(ctx)
            }
        }
    };
}

mod reference;
mod scripts;
pub(crate) mod structure;

pub use reference::{PEER_IDS, reference_markdown};

pub mod correctness;
pub mod image_size;
pub mod layers;
pub mod reproducibility;
pub mod security;
pub mod style;

/// Every rule, in code order.
pub fn all() -> &'static [&'static dyn Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static dyn Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut rules: Vec<&'static dyn Rule> = Vec::new();
        for category in [
            correctness::RULES,
            image_size::RULES,
            security::RULES,
            layers::RULES,
            style::RULES,
            reproducibility::RULES,
        ] {
            rules.extend_from_slice(category);
        }
        rules.sort_by_key(|r| r.meta().code);
        rules
    })
}

/// The rule a code, name or alias refers to.
pub fn find(id: &str) -> Option<&'static dyn Rule> {
    all().iter().copied().find(|r| r.meta().is_named(id))
}

/// A rule's documentation, in Markdown.
pub fn docs_markdown(meta: &RuleMeta) -> String {
    meta.docs.to_string()
}

/// Whether `bytes[i]` is the space that rustdoc keeps at the start of a `///` line.
const fn is_doc_line_space(bytes: &[u8], i: usize) -> bool {
    bytes[i] == b' ' && (i == 0 || bytes[i - 1] == b'\n')
}

/// Length of [`doc_markdown`]'s result for `raw`.
#[doc(hidden)]
pub const fn doc_markdown_len(raw: &str) -> usize {
    let bytes = raw.as_bytes();
    let mut len = bytes.len();
    let mut i = 0;
    while i < bytes.len() {
        if is_doc_line_space(bytes, i) {
            len -= 1;
        }
        i += 1;
    }
    len
}

/// `raw` (doc attributes joined by line breaks) without the space that starts each line of a
/// `///` comment. Only a space is removed, so the result stays UTF-8.
#[doc(hidden)]
pub const fn doc_markdown<const N: usize>(raw: &str) -> [u8; N] {
    let bytes = raw.as_bytes();
    let mut out = [0u8; N];
    let (mut i, mut o) = (0, 0);
    while i < bytes.len() {
        if !is_doc_line_space(bytes, i) {
            out[o] = bytes[i];
            o += 1;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_markdown_drops_one_leading_space_a_line() {
        const RAW: &str = " ## Why\n\n Text, `ü`.\n ```dockerfile\n     indented\nnone\n";
        const MARKDOWN: [u8; doc_markdown_len(RAW)] = doc_markdown(RAW);
        assert_eq!(
            std::str::from_utf8(&MARKDOWN),
            Ok("## Why\n\nText, `ü`.\n```dockerfile\n    indented\nnone\n")
        );
        let meta = find("expose-ssh-port").expect("a rule").meta();
        assert!(meta.docs.starts_with("## What it does\n"), "{}", meta.docs);
        assert!(!meta.docs.lines().any(|line| line.starts_with(' ') && !line.starts_with("    ")));
    }

    #[test]
    fn trivy_ids_in_any_spelling() {
        assert_eq!(trivy_number("DS002"), Some(2));
        assert_eq!(trivy_number("avd-ds-0002"), Some(2));
        assert_eq!(trivy_number("Ds-0031"), Some(31));
        assert_eq!(trivy_number("DL3002"), None);
        assert_eq!(trivy_number("DS-x"), None);
        assert_eq!(trivy_number("AVD-"), None);
        let rule = find("DS-0004").expect("a rule has the alias DS-0004").meta();
        for spelling in ["DS004", "ds-4", "AVD-DS-0004", " DS-0004 "] {
            assert!(rule.is_named(spelling), "{spelling}");
        }
        assert!(!rule.is_named("DS-0005"));
    }

    #[test]
    fn trivy_aliases_are_spelled_ds_dash_four_digits() {
        // `is_named` compares Trivy numbers, which matches the written id against exactly the
        // canonical spelling only if every alias is written that way.
        for rule in all() {
            for alias in rule.meta().aliases.iter().filter(|a| trivy_number(a).is_some()) {
                let n = trivy_number(alias).expect("filtered");
                assert_eq!(*alias, format!("DS-{n:04}"), "{}", rule.meta().code);
            }
        }
    }
}
