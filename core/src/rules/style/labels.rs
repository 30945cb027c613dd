//! What the label rules share: reading `LABEL` pairs and checking values against the formats of
//! the configured label schema.

use std::borrow::Cow;

use crate::config::LabelType;
use crate::model::{Dockerfile, InstructionKind, KeyValue};
use crate::rules::structure::literal;

/// One `LABEL` pair of a top-level instruction, with its key and value as BuildKit reads them
/// (`None` when they use variables).
pub(crate) struct LabelPair<'d, 'a> {
    pub instruction: usize,
    pub pair: &'d KeyValue<'a>,
    pub key: Option<Cow<'d, str>>,
    pub value: Option<Cow<'d, str>>,
}

/// Every `LABEL` pair of the file, in order (ONBUILD triggers label another image and are
/// left out).
pub(crate) fn label_pairs<'d, 'a>(doc: &'d Dockerfile<'a>) -> Vec<LabelPair<'d, 'a>> {
    let mut out = Vec::new();
    for (i, ins) in doc.instructions.iter().enumerate() {
        let InstructionKind::Label(labels) = &ins.kind else { continue };
        for pair in &labels.pairs {
            out.push(LabelPair {
                instruction: i,
                pair,
                key: literal(&pair.key.text, doc.escape),
                value: literal(&pair.value.text, doc.escape),
            });
        }
    }
    out
}

/// The name of a label type, as written in the configuration.
pub(crate) fn type_name(kind: LabelType) -> &'static str {
    match kind {
        LabelType::Text => "text",
        LabelType::Url => "url",
        LabelType::Semver => "semver",
        LabelType::Hash => "hash",
        LabelType::Rfc3339 => "rfc3339",
        LabelType::Spdx => "spdx",
        LabelType::Email => "email",
    }
}

/// What is wrong with a non-empty value for its type, if anything.
pub(crate) fn value_problem(kind: LabelType, value: &str) -> Option<&'static str> {
    let ok = match kind {
        LabelType::Text => true,
        LabelType::Url => is_url(value),
        LabelType::Semver => is_semver(value),
        LabelType::Hash => is_git_hash(value),
        LabelType::Rfc3339 => is_rfc3339(value),
        LabelType::Spdx => is_spdx_expression(value),
        LabelType::Email => is_email(value),
    };
    if ok {
        return None;
    }
    Some(match kind {
        LabelType::Text => "",
        LabelType::Url => "is not an absolute URL (scheme:...)",
        LabelType::Semver => "is not a semantic version (MAJOR.MINOR.PATCH)",
        LabelType::Hash => "is not a git commit hash (7 to 40 lower-case hex digits, or 64)",
        LabelType::Rfc3339 => "is not an RFC 3339 timestamp (2024-05-01T12:00:00Z)",
        LabelType::Spdx => "is not an SPDX license identifier or expression",
        LabelType::Email => "is not an e-mail address (local@domain)",
    })
}

/// An absolute URI: a scheme, `:`, and something after it; with `//`, a non-empty authority.
fn is_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else { return false };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    let rest_ok = !rest.is_empty() && !rest.contains(char::is_whitespace);
    let authority_ok = rest.strip_prefix("//").is_none_or(|a| !a.is_empty() && !a.starts_with('/'));
    scheme_ok && rest_ok && authority_ok
}

/// Semantic Versioning 2.0.0, strictly (no `v` prefix, no leading zeros).
fn is_semver(value: &str) -> bool {
    let (rest, build) = match value.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (value, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numeric =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    let ident = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| {
            p.split('.').all(|id| ident(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || numeric(id)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

/// An abbreviated or full git object name.
fn is_git_hash(value: &str) -> bool {
    (matches!(value.len(), 7..=40) || value.len() == 64)
        && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`, with real dates and times.
fn is_rfc3339(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let s = value.get(range)?;
        (s.bytes().all(|c| c.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let (Some(hour), Some(minute), Some(second)) = (digits(11..13), digits(14..16), digits(17..19)) else {
        return false;
    };
    let separators = b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
        && b[16] == b':';
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if !separators || day == 0 || day > days || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &value[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let (h, m) = ([*h1, *h2], [*m1, *m2]);
            h.iter().chain(&m).all(u8::is_ascii_digit)
                && (h[0] - b'0') * 10 + (h[1] - b'0') <= 23
                && (m[0] - b'0') * 10 + (m[1] - b'0') <= 59
        }
        _ => false,
    }
}

/// An SPDX license expression: identifiers (with an optional `+`) and `LicenseRef-` references
/// joined by `AND`/`OR`, `WITH` an exception, and parentheses.
fn is_spdx_expression(value: &str) -> bool {
    let spaced = value.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    spdx_or(&tokens, &mut pos, 0) && pos == tokens.len()
}

fn is_operator(token: &str, op: &str) -> bool {
    token == op || token == op.to_ascii_lowercase()
}

fn spdx_or(tokens: &[&str], pos: &mut usize, depth: usize) -> bool {
    loop {
        if !spdx_term(tokens, pos, depth) {
            return false;
        }
        match tokens.get(*pos) {
            Some(t) if is_operator(t, "AND") || is_operator(t, "OR") => *pos += 1,
            _ => return true,
        }
    }
}

fn spdx_term(tokens: &[&str], pos: &mut usize, depth: usize) -> bool {
    let Some(&token) = tokens.get(*pos) else { return false };
    *pos += 1;
    if token == "(" {
        if depth > 32 || !spdx_or(tokens, pos, depth + 1) || tokens.get(*pos) != Some(&")") {
            return false;
        }
        *pos += 1;
        return true;
    }
    if !is_license_id(token) {
        return false;
    }
    if tokens.get(*pos).is_some_and(|t| is_operator(t, "WITH")) {
        *pos += 1;
        let exception = tokens.get(*pos).is_some_and(|e| {
            !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        });
        *pos += 1;
        return exception;
    }
    true
}

static SPDX_IDS: &str = include_str!("spdx_ids.txt");

fn is_license_id(token: &str) -> bool {
    let id = token.strip_suffix('+').unwrap_or(token);
    let reference = |s: &str| s.len() > 11 && s[..11].eq_ignore_ascii_case("LicenseRef-");
    if reference(id)
        || id.split_once(':').is_some_and(|(doc, lic)| doc.starts_with("DocumentRef-") && reference(lic))
    {
        return true;
    }
    SPDX_IDS.lines().filter(|l| !l.starts_with('#')).any(|l| l.eq_ignore_ascii_case(id))
}

/// An RFC 5322 `addr-spec`: a dot-atom or quoted local part, `@`, and a domain of labels (or a
/// bracketed literal).
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else { return false };
    let atom = |s: &str| {
        !s.is_empty()
            && s.split('.').all(|part| {
                !part.is_empty()
                    && part.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c))
            })
    };
    let quoted = local.len() >= 2 && local.starts_with('"') && local.ends_with('"');
    let domain_ok = (domain.starts_with('[') && domain.ends_with(']') && domain.len() > 2)
        || (!domain.is_empty()
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }));
    (atom(local) || quoted) && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_url("https://example.com/x") && is_url("mailto:a@b.c"));
        assert!(!is_url("notaurl") && !is_url("http://") && !is_url("https://a b"));
        assert!(is_semver("1.0.0") && is_semver("1.2.3-rc.1+build.5") && is_semver("0.0.0-alpha"));
        assert!(!is_semver("v1.0.0") && !is_semver("1.0") && !is_semver("01.0.0") && !is_semver("1.0.0-01"));
        assert!(is_git_hash("abc1234") && is_git_hash(&"a".repeat(40)) && is_git_hash(&"0".repeat(64)));
        assert!(!is_git_hash("abc") && !is_git_hash(&"A".repeat(40)) && !is_git_hash(&"a".repeat(41)));
        assert!(is_rfc3339("2020-01-01T00:00:00Z") && is_rfc3339("2024-02-29t23:59:60.123+02:00"));
        assert!(
            !is_rfc3339("2020-01-01")
                && !is_rfc3339("2023-02-29T00:00:00Z")
                && !is_rfc3339("2020-01-01T00:00:00")
        );
        assert!(is_spdx_expression("MIT") && is_spdx_expression("(MIT OR Apache-2.0) AND BSD-3-Clause"));
        assert!(is_spdx_expression("GPL-2.0+ WITH Classpath-exception-2.0") && is_spdx_expression("mit"));
        assert!(is_spdx_expression("LicenseRef-Proprietary"));
        assert!(!is_spdx_expression("Foo") && !is_spdx_expression("MIT OR") && !is_spdx_expression("(MIT"));
        assert!(is_email("a.b+c@example.com") && is_email("\"x y\"@example.com"));
        assert!(!is_email("A <a@b.c>") && !is_email("nope") && !is_email("a@-b.c") && !is_email("a..b@c"));
    }
}
