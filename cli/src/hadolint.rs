//! hadolint's `.hadolint.yaml`: read it where a project has no `.dockwright.toml` yet, and turn it
//! into the equivalent `.dockwright.toml` (`dockwright migrate hadolint`).
//!
//! `DL` codes map to dockwright rules through their aliases. An id that no dockwright rule covers
//! (a ShellCheck `SC` code, or a `DL` code without a counterpart) is dropped with a note: in
//! `ignored` or `override` it can only leave a check on or at its default severity, never turn one
//! off, so a typo shows up as findings rather than hiding them. Anything else that names no rule is
//! an error, as unknown keys are.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use dockwright::config::LabelType;
use dockwright::rules::RuleMeta;
use dockwright::{Config, Severity};
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::settings::ConfigProblem;

/// The keys hadolint reads from its configuration file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct HadolintConfig {
    ignored: Option<Vec<String>>,
    #[serde(rename = "override")]
    overrides: Option<SeverityLists>,
    #[serde(rename = "trustedRegistries")]
    trusted_registries: Option<OneOrMany>,
    failure_threshold: Option<String>,
    label_schema: Option<BTreeMap<String, LabelType>>,
    strict_labels: Option<bool>,
    disable_ignore_pragma: Option<bool>,
    no_fail: Option<bool>,
    // Output settings, which dockwright takes from its command line.
    no_color: Option<IgnoredAny>,
    verbose: Option<IgnoredAny>,
    format: Option<IgnoredAny>,
    formats: Option<IgnoredAny>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SeverityLists {
    error: Option<Vec<String>>,
    warning: Option<Vec<String>>,
    info: Option<Vec<String>>,
    style: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "a registry or a list of registries")]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A hadolint configuration in dockwright's terms.
pub struct Converted {
    pub config: Config,
    /// `no-fail: true`, or a `failure-threshold` of `none`/`ignore`: findings never fail the run.
    pub no_fail: bool,
    /// Settings that did not carry over, and ids without a rule.
    pub notes: Vec<String>,
    /// Rule name -> the ids the file used for it, for comments in the migrated file.
    origins: BTreeMap<&'static str, Vec<String>>,
}

pub fn is_hadolint_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Reads hadolint YAML; errors name the key and, where it can be found, the line.
pub fn convert(text: &str) -> Result<Converted, ConfigProblem> {
    let file: HadolintConfig = if text.trim().is_empty() {
        HadolintConfig::default()
    } else {
        // An empty document (only comments) is `null`: the same as no settings.
        serde_norway::from_str::<Option<HadolintConfig>>(text)
            .map_err(|e| ConfigProblem { line: None, message: e.to_string() })?
            .unwrap_or_default()
    };
    let mut out =
        Converted { config: Config::default(), no_fail: false, notes: Vec::new(), origins: BTreeMap::new() };
    for id in file.ignored.iter().flatten() {
        if let Some(rule) = out.map_id("ignored", id, text)? {
            push_unique(&mut out.config.ignore, rule.name);
        }
    }
    let lists = file.overrides.unwrap_or_default();
    // Least severe first, so a rule listed twice ends up with the more severe level.
    for (key, severity, ids) in [
        ("override.style", Severity::Style, lists.style),
        ("override.info", Severity::Info, lists.info),
        ("override.warning", Severity::Warning, lists.warning),
        ("override.error", Severity::Error, lists.error),
    ] {
        for id in ids.iter().flatten() {
            if let Some(rule) = out.map_id(key, id, text)? {
                out.config.severity.insert(rule.name.to_string(), severity);
                // Every hadolint rule runs unless ignored; a rule given a severity is wanted.
                if !rule.default_enabled {
                    push_unique(&mut out.config.extend_select, rule.name);
                }
            }
        }
    }
    out.config.trusted_registries = match file.trusted_registries {
        Some(OneOrMany::One(r)) => vec![r],
        Some(OneOrMany::Many(list)) => list,
        None => Vec::new(),
    };
    match file.failure_threshold.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => {}
        Some("none" | "ignore") => out.no_fail = true,
        Some(level) => {
            let severity = level
                .parse::<Severity>()
                .map_err(|e| located(text, "failure-threshold", &format!("`failure-threshold`: {e}")))?;
            out.config.fail_level = Some(severity);
        }
    }
    out.no_fail |= file.no_fail.unwrap_or(false);
    out.config.label_schema = file.label_schema.unwrap_or_default();
    out.config.strict_labels = file.strict_labels.unwrap_or(false);
    out.config.disable_inline_ignores = file.disable_ignore_pragma.unwrap_or(false);
    let output_keys = [
        ("no-color", file.no_color.is_some()),
        ("verbose", file.verbose.is_some()),
        ("format", file.format.is_some()),
        ("formats", file.formats.is_some()),
    ];
    for (key, _) in output_keys.iter().filter(|(_, set)| *set) {
        out.notes.push(format!("`{key}` is an output setting: use the command-line flags instead"));
    }
    Ok(out)
}

impl Converted {
    /// The dockwright rule an id in `key` refers to; `None` (with a note) for ids no rule covers.
    fn map_id(
        &mut self,
        key: &str,
        id: &str,
        text: &str,
    ) -> Result<Option<&'static RuleMeta>, ConfigProblem> {
        if let Some(rule) = dockwright::rules::find(id) {
            let meta = rule.meta();
            let origins = self.origins.entry(meta.name).or_default();
            if !origins.iter().any(|o| o == id) && id != meta.name {
                origins.push(id.to_string());
            }
            return Ok(Some(meta));
        }
        let why = if is_code(id, "SC") {
            "dockwright does not run ShellCheck"
        } else if is_code(id, "DL") {
            "no dockwright rule covers this hadolint check"
        } else {
            let message = format!("unknown rule `{id}` in `{key}` (see `dockwright rules`)");
            return Err(located(text, id, &message));
        };
        self.notes.push(format!("`{id}` in `{key}` dropped: {why}"));
        Ok(None)
    }

    /// The equivalent `.dockwright.toml`, with the original ids as comments.
    pub fn to_toml(&self, source_name: &str) -> String {
        let c = &self.config;
        let mut out = format!(
            "# dockwright configuration, converted from {source_name} by `dockwright migrate hadolint`.\n\
             # Keys are described in docs/cli.md.\n"
        );
        for note in &self.notes {
            let _ = writeln!(out, "# Note: {note}.");
        }
        if self.no_fail {
            out.push_str(
                "# Not carried over: findings never failing the run (`no-fail`, or a `failure-threshold`\n\
                 # of none); run `dockwright check --exit-zero` for that.\n",
            );
        }
        out.push('\n');
        for (key, names) in [("extend-select", &c.extend_select), ("ignore", &c.ignore)] {
            if names.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{key} = [");
            for name in names {
                let _ = writeln!(out, "    {},{}", toml_string(name), self.origin_comment(name));
            }
            out.push_str("]\n");
        }
        if let Some(level) = c.fail_level {
            let _ = writeln!(out, "fail-level = {}", toml_string(level.as_str()));
        }
        if c.disable_inline_ignores {
            out.push_str("disable-inline-ignores = true\n");
        }
        if !c.trusted_registries.is_empty() {
            let list: Vec<String> = c.trusted_registries.iter().map(|r| toml_string(r)).collect();
            let _ = writeln!(out, "trusted-registries = [{}]", list.join(", "));
        }
        if c.strict_labels {
            out.push_str("strict-labels = true\n");
        }
        if !c.severity.is_empty() {
            out.push_str("\n[severity]\n");
            for (name, severity) in &c.severity {
                let comment = self.origin_comment(name);
                let _ = writeln!(out, "{} = {}{comment}", toml_string(name), toml_string(severity.as_str()));
            }
        }
        if !c.label_schema.is_empty() {
            out.push_str("\n[label-schema]\n");
            for (label, kind) in &c.label_schema {
                // A unit variant serializes as a plain JSON string, which is also a TOML string.
                let kind = serde_json::to_string(kind).unwrap_or_default();
                let _ = writeln!(out, "{} = {kind}", toml_string(label));
            }
        }
        out
    }

    fn origin_comment(&self, name: &str) -> String {
        match self.origins.get(name) {
            Some(ids) if !ids.is_empty() => format!(" # {}", ids.join(", ")),
            _ => String::new(),
        }
    }
}

fn push_unique(list: &mut Vec<String>, name: &str) {
    if !list.iter().any(|n| n == name) {
        list.push(name.to_string());
    }
}

/// `SC1234` / `DL3008`: a two-letter prefix and four digits.
fn is_code(id: &str, prefix: &str) -> bool {
    id.len() == 6
        && id.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        && id.bytes().skip(2).all(|b| b.is_ascii_digit())
}

/// A problem placed on the first line that mentions `needle` outside a comment, if one does.
fn located(text: &str, needle: &str, message: &str) -> ConfigProblem {
    let line = text.lines().position(|l| l.split('#').next().unwrap_or_default().contains(needle));
    ConfigProblem { line: line.map(|i| i + 1), message: message.to_string() }
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push('\t'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape_what_toml_requires() {
        assert_eq!(toml_string("a\"b\\c\u{7f}\n"), "\"a\\\"b\\\\c\\u007F\\u000A\"");
    }

    #[test]
    fn codes_are_two_letters_and_four_digits() {
        assert!(is_code("SC2086", "SC"));
        assert!(is_code("dl3008", "DL"));
        assert!(!is_code("DL30081", "DL"));
        assert!(!is_code("SC20x6", "SC"));
        assert!(!is_code("aé123", "SC"));
    }
}
