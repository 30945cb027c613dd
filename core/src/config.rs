//! Configuration: which rules run, at which severity, and the options some rules need.
//!
//! The same structure is read from `.dockwright.toml`, from a Python `dict` and from a JS object,
//! so every front end rejects the same mistakes with the same message. Unknown keys are errors
//! that name the key: a typo must never silently turn a check off.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::rules;

/// Everything a project can configure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rules to run instead of the default set: names, codes, aliases, categories, code prefixes
    /// (`DW3`), `default` or `all`.
    pub select: Option<Vec<String>>,
    /// Rules to run in addition to `select` (or the default set).
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// Rules never to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Per-rule severity overrides: `{ "apt-version-pinning" = "info" }`.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// The lowest severity that makes `dockwright check` exit with 1.
    pub fail_level: Option<Severity>,
    /// The stage that is built (`docker build --target`); the last stage when unset.
    pub target: Option<String>,
    /// Ignore inline `# dockwright ignore=` / `# hadolint ignore=` comments (policy enforcement).
    #[serde(default)]
    pub disable_inline_ignores: bool,
    /// Registries base images may come from (`docker.io`, `*.gcr.io`); unset means any.
    #[serde(default)]
    pub trusted_registries: Vec<String>,
    /// Labels every final image must carry, with the format their value must have.
    #[serde(default)]
    pub label_schema: BTreeMap<String, LabelType>,
    /// Report labels that are not in `label_schema`.
    #[serde(default)]
    pub strict_labels: bool,
}

/// Formats a label value can be required to have (hadolint's label-schema types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    Text,
    Url,
    Semver,
    Hash,
    Rfc3339,
    Spdx,
    Email,
}

/// A configuration mistake, naming the key (and file position, for TOML) it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    /// The offending key, e.g. `ignore` or `severity.DL3008`.
    pub key: Option<String>,
    pub message: String,
}

impl ConfigError {
    fn at(key: impl Into<String>, message: impl Into<String>) -> ConfigError {
        ConfigError { key: Some(key.into()), message: message.into() }
    }
}

impl Config {
    /// Reads `.dockwright.toml` text.
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError {
            key: unknown_field(e.message()),
            message: e.to_string().trim_end().to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads a configuration given as JSON (from Python or JavaScript).
    pub fn from_json(value: serde_json::Value) -> Result<Config, ConfigError> {
        let config: Config = match serde_json::from_value(value.clone()) {
            Ok(config) => config,
            Err(e) => {
                let message = e.to_string();
                // serde names unknown keys but not the key whose value is wrong: find the
                // first key that fails on its own.
                let key = unknown_field(&message).or_else(|| {
                    value.as_object()?.iter().find_map(|(k, v)| {
                        let single =
                            serde_json::Value::Object([(k.clone(), v.clone())].into_iter().collect());
                        serde_json::from_value::<Config>(single).is_err().then(|| k.clone())
                    })
                });
                let message = match &key {
                    Some(k) if !message.contains(&format!("`{k}`")) => format!("`{k}`: {message}"),
                    _ => message,
                };
                return Err(ConfigError { key, message });
            }
        };
        config.validate()?;
        Ok(config)
    }

    /// Checks that every rule reference names something that exists.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let lists = [
            ("select", self.select.as_deref().unwrap_or(&[])),
            ("extend-select", &self.extend_select),
            ("ignore", &self.ignore),
        ];
        for (key, list) in lists {
            for selector in list {
                if !selector_is_known(selector) {
                    return Err(ConfigError::at(key, unknown_rule_message(key, selector)));
                }
            }
        }
        for id in self.severity.keys() {
            if rules::find(id).is_none() {
                return Err(ConfigError::at(format!("severity.{id}"), unknown_rule_message("severity", id)));
            }
        }
        Ok(())
    }

    /// Whether a rule runs under this configuration.
    pub fn is_enabled(&self, meta: &rules::RuleMeta) -> bool {
        let selected = match &self.select {
            Some(list) => list.iter().any(|s| selector_matches(s, meta)),
            None => meta.default_enabled,
        };
        let extended = self.extend_select.iter().any(|s| selector_matches(s, meta));
        (selected || extended) && !self.ignore.iter().any(|s| selector_matches(s, meta))
    }

    /// The severity a rule reports with.
    pub fn severity_of(&self, meta: &rules::RuleMeta) -> Severity {
        self.severity.iter().find(|(id, _)| meta.is_named(id)).map_or(meta.severity, |(_, s)| *s)
    }
}

/// A selector is `all`, `default`, a category name, a code prefix (`DW3`, `DW30`), or a rule's
/// code, name or alias.
fn selector_matches(selector: &str, meta: &rules::RuleMeta) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("all")
        || (s.eq_ignore_ascii_case("default") && meta.default_enabled)
        || s.eq_ignore_ascii_case(meta.category.as_str())
        || (is_code_prefix(s) && meta.code.starts_with(&s.to_ascii_uppercase()))
        || meta.is_named(s)
}

fn is_code_prefix(s: &str) -> bool {
    s.len() < 5
        && s.len() > 2
        && s[..2].eq_ignore_ascii_case("DW")
        && s[2..].bytes().all(|b| b.is_ascii_digit())
}

fn selector_is_known(selector: &str) -> bool {
    rules::all().iter().any(|r| selector_matches(selector, r.meta()))
        || selector.eq_ignore_ascii_case("all")
        || selector.eq_ignore_ascii_case("default")
        || rules::Category::ALL.iter().any(|c| selector.eq_ignore_ascii_case(c.as_str()))
}

fn unknown_rule_message(key: &str, id: &str) -> String {
    let candidates = rules::all().iter().map(|r| r.meta().name);
    match crate::suggest::did_you_mean(id, candidates) {
        Some(s) => format!("unknown rule `{id}` in `{key}`; did you mean `{s}`?"),
        None => format!("unknown rule `{id}` in `{key}` (see `dockwright rules`)"),
    }
}

/// The key named by serde's "unknown field `x`" message.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_name_the_key() {
        let err = Config::from_json(serde_json::json!({"selct": ["all"]})).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("selct"));
        assert!(err.message.contains("unknown field `selct`"), "{}", err.message);
        let err = Config::from_json(serde_json::json!({"ignore": ["no-such-rule"]})).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("ignore"));
        let err = Config::from_json(serde_json::json!({"fail-level": "loud"})).unwrap_err();
        assert!(err.message.contains("loud"), "{}", err.message);
        assert_eq!(err.key.as_deref(), Some("fail-level"));
        assert!(err.message.starts_with("`fail-level`: "), "{}", err.message);
        let err = Config::from_json(serde_json::json!({"select": ["all"], "ignore": "x"})).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("ignore"));
    }

    #[cfg(feature = "toml")]
    #[test]
    fn reads_toml() {
        let config =
            Config::from_toml("select = [\"all\"]\nignore = [\"syntax-error\"]\nfail-level = \"info\"\n")
                .unwrap();
        assert_eq!(config.fail_level, Some(Severity::Info));
        let err = Config::from_toml("[rules]\nx = 1\n").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("rules"));
        assert!(err.message.contains("line 1"), "{}", err.message);
    }
}
