//! The JS API as plain Rust over JSON values, so that it is tested natively; `lib.rs` only moves
//! values across the JS boundary and turns [`ApiError`]s into thrown JS errors.
//!
//! Every result has the shape of the CLI's JSON for the same thing, plus UTF-16 offsets
//! (`span16`, `start16`/`end16`) next to the byte offsets, for JS strings and editors.

use std::cell::RefCell;

use serde::Deserialize;
use serde_json::{Value, json};

use dockwright::rules::RuleMeta;
use dockwright::{Applicability, Config, ConfigError, Diagnostic, Linter};

use dockwright::source::{OffsetIndex, OffsetUnit};

/// Why a call failed: the caller passed something unusable. A Dockerfile's syntax problems are
/// diagnostics, never errors.
#[derive(Debug)]
pub enum ApiError {
    /// A bad `options.config`: unknown key, bad value or unknown rule.
    Config(ConfigError),
    /// `options` itself is malformed (unknown key, wrong type).
    Options(String),
    /// `explain()` of a name, code or alias that no rule has.
    UnknownRule(String),
    /// `decode()` of bytes that are not a Dockerfile's text.
    Decode(dockwright::DecodeError),
}

/// The second argument of `check()` and `fix()`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// The keys of `.dockwright.toml`, as a JS object.
    #[serde(default)]
    config: Option<Value>,
    /// `fix()` also applies unsafe fixes.
    #[serde(default, rename = "unsafe")]
    allow_unsafe: bool,
    /// Labels the diagnostics (`file`, as in the CLI's JSON) and the diff.
    #[serde(default)]
    path: Option<String>,
}

impl Options {
    /// Reads the options object, given as JSON (`null` means none).
    pub fn from_json(value: Value) -> Result<Options, ApiError> {
        if value.is_null() {
            return Ok(Options::default());
        }
        serde_json::from_value(value).map_err(|e| ApiError::Options(format!("options: {e}")))
    }
}

/// `check()`: the diagnostics, sorted by position.
pub fn check(source: &str, options: &Options) -> Result<Value, ApiError> {
    with_linter(options, |linter| Ok(diagnostics_json(source, &linter.check(source), options)))
}

/// `fix()`: applies fixes to a fixpoint. As `dockwright check --fix` and the Python API, a source
/// with syntax errors is returned unchanged, since a fix could land in the wrong place.
pub fn fix(source: &str, options: &Options) -> Result<Value, ApiError> {
    with_linter(options, |linter| {
        let allow = if options.allow_unsafe { Applicability::Unsafe } else { Applicability::Safe };
        let outcome = linter.fix(source, allow);
        let fixes_json = |fixes: &[dockwright::fix::AppliedFix]| -> Vec<Value> {
            fixes.iter().map(|a| json!({"code": a.code, "name": a.name, "title": a.title})).collect()
        };
        let output = &outcome.output;
        Ok(json!({
            "output": output,
            "changed": output != source,
            "applied": fixes_json(&outcome.applied),
            "withheld": fixes_json(&outcome.withheld),
            "converged": outcome.converged,
            "remaining": diagnostics_json(output, &outcome.remaining, options),
            "diff": diff(source, output, options.path.as_deref()),
        }))
    })
}

/// `diff()`: a unified diff labelled `a/<path>` and `b/<path>` as the CLI's `--diff`.
pub fn diff(before: &str, after: &str, path: Option<&str>) -> String {
    let path = path.unwrap_or("Dockerfile");
    dockwright::diff::unified(before, after, &format!("a/{path}"), &format!("b/{path}"))
}

/// `parse()`: the typed model, as `dockwright parse` prints it (offsets in bytes).
pub fn parse(source: &str) -> Value {
    dockwright::model::to_json(&dockwright::parse(source))
}

/// `rules()`: every rule, as `dockwright rules --format json`.
pub fn rules() -> Value {
    dockwright::rules::all().iter().map(|r| rule_json(r.meta())).collect()
}

/// `explain()`: a rule's metadata and its Markdown documentation.
pub fn explain(id: &str) -> Result<Value, ApiError> {
    let Some(rule) = dockwright::rules::find(id) else {
        let names = dockwright::rules::all().iter().map(|r| r.meta().name);
        let hint = dockwright::suggest::did_you_mean(id, names)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(ApiError::UnknownRule(format!("no rule named `{id}`{hint}")));
    };
    let mut value = rule_json(rule.meta());
    value["docs"] = Value::String(dockwright::rules::docs_markdown(rule.meta()));
    Ok(value)
}

/// `decode()`: a Dockerfile's bytes to text, as the CLI reads files.
pub fn decode(bytes: &[u8]) -> Result<String, ApiError> {
    dockwright::decode(bytes).map(|d| d.text.into_owned()).map_err(ApiError::Decode)
}

fn rule_json(meta: &RuleMeta) -> Value {
    let mut value = serde_json::to_value(meta).unwrap_or_default();
    value["fixable"] = Value::Bool(meta.fixable());
    value
}

/// Diagnostics as the CLI's JSON objects, with UTF-16 offsets added.
fn diagnostics_json(source: &str, diagnostics: &[Diagnostic], options: &Options) -> Value {
    let index = OffsetIndex::new(source, OffsetUnit::Utf16);
    let span16 = |start: u32, end: u32| json!({"start": index.offset(start), "end": index.offset(end)});
    diagnostics
        .iter()
        .map(|d| {
            let mut value = serde_json::to_value(d).unwrap_or_default();
            if let (Some(path), Value::Object(map)) = (&options.path, &mut value) {
                map.insert("file".to_string(), Value::String(path.clone()));
            }
            value["span16"] = span16(d.span.start, d.span.end);
            if let Some(Value::Array(edits)) = value.get_mut("fix").and_then(|f| f.get_mut("edits")) {
                for edit in edits {
                    let range = span16(
                        edit["start"].as_u64().unwrap_or(0) as u32,
                        edit["end"].as_u64().unwrap_or(0) as u32,
                    );
                    edit["start16"] = range["start"].clone();
                    edit["end16"] = range["end"].clone();
                }
            }
            value
        })
        .collect()
}

thread_local! {
    /// The last linter built, with the config JSON it was built from: the playground checks on
    /// every keystroke with the same config, and validating it each time would be waste.
    static LINTER: RefCell<Option<(String, Linter)>> = const { RefCell::new(None) };
}

/// Runs `f` with the linter for the options' config, reusing the last one when it is the same.
fn with_linter<T>(options: &Options, f: impl FnOnce(&Linter) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let key = options.config.as_ref().map_or_else(String::new, Value::to_string);
    LINTER.with_borrow_mut(|cache| {
        let linter = match cache {
            Some((cached, linter)) if *cached == key => linter,
            _ => {
                let config = match &options.config {
                    None | Some(Value::Null) => Config::default(),
                    Some(value) => config_from(value)?,
                };
                let linter = Linter::new(config).map_err(ApiError::Config)?;
                &mut cache.insert((key, linter)).1
            }
        };
        f(linter)
    })
}

/// Reads a config object. The core names the key of an unknown field or rule, not that of a
/// value of the wrong type or an unknown severity: then find the top-level key that fails on its
/// own, so that the error always says where to look.
fn config_from(value: &Value) -> Result<Config, ApiError> {
    let error = match Config::from_json(value.clone()) {
        Ok(config) => return Ok(config),
        Err(error) if error.key.is_some() => error,
        Err(error) => {
            let culprit = value.as_object().and_then(|map| {
                map.iter().find(|(key, v)| {
                    let alone = serde_json::Map::from_iter([((*key).clone(), (*v).clone())]);
                    Config::from_json(Value::Object(alone)).is_err()
                })
            });
            match culprit {
                Some((key, _)) => {
                    ConfigError { message: format!("`{key}`: {}", error.message), key: Some(key.clone()) }
                }
                None => error,
            }
        }
    };
    Err(ApiError::Config(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(value: Value) -> Options {
        Options::from_json(value).expect("valid options")
    }

    fn select(rules: &[&str]) -> Options {
        options(json!({"config": {"select": rules}}))
    }

    #[test]
    fn diagnostics_carry_utf16_offsets_next_to_byte_offsets() {
        // The whale is 4 bytes and 2 UTF-16 units; `é` is 2 bytes and 1 unit.
        let source = "# 🐳 é\r\nFROM node:latest\r\n";
        let value = check(source, &select(&["no-latest-tag"])).unwrap();
        let d = &value[0];
        assert_eq!(d["name"], "no-latest-tag");
        let (start, end) = (d["span"]["start"].as_u64().unwrap(), d["span"]["end"].as_u64().unwrap());
        let utf16: Vec<u16> = source.encode_utf16().collect();
        let (start16, end16) = (d["span16"]["start"].as_u64().unwrap(), d["span16"]["end"].as_u64().unwrap());
        assert_eq!(start - start16, 3, "the whale and é are 3 bytes longer than in UTF-16");
        assert_eq!(
            String::from_utf16_lossy(&utf16[start16 as usize..end16 as usize]),
            &source[start as usize..end as usize]
        );
        assert_eq!(d["line"], 2);
    }

    #[test]
    fn fix_edits_carry_utf16_offsets() {
        let source = "FROM alpine:3.20\nLABEL x=\"🐳\"\nADD app.tar.gz /app/\nADD ./é /é\n";
        let value = check(source, &select(&["prefer-copy-over-add"])).unwrap();
        let edit = value.as_array().unwrap().iter().find_map(|d| d["fix"]["edits"].get(0)).expect("a fix");
        let (start, start16) = (edit["start"].as_u64().unwrap(), edit["start16"].as_u64().unwrap());
        assert_eq!(start - start16, 2);
        assert_eq!(
            edit["end16"].as_u64().unwrap() - edit["start16"].as_u64().unwrap(),
            edit["end"].as_u64().unwrap() - start
        );
    }

    #[test]
    fn path_labels_diagnostics_and_the_diff() {
        let source = "FROM alpine:3.20\nADD ./app /app\n";
        let opts = options(json!({"config": {"select": ["prefer-copy-over-add"]}, "path": "web/Dockerfile"}));
        let value = check(source, &opts).unwrap();
        assert_eq!(value[0]["file"], "web/Dockerfile");
        assert!(check(source, &select(&["prefer-copy-over-add"])).unwrap()[0].get("file").is_none());
        let fixed = fix(source, &opts).unwrap();
        assert_eq!(fixed["output"], "FROM alpine:3.20\nCOPY ./app /app\n");
        assert_eq!(fixed["changed"], true);
        assert_eq!(fixed["applied"][0]["name"], "prefer-copy-over-add");
        assert!(fixed["diff"].as_str().unwrap().starts_with("--- a/web/Dockerfile\n+++ b/web/Dockerfile\n"));
        assert_eq!(fixed["remaining"], json!([]));
    }

    #[test]
    fn unsafe_fixes_only_when_asked() {
        let source = "FROM alpine:3.20\nCMD echo hi\n";
        let config = json!({"select": ["exec-form-cmd"]});
        let safe = fix(source, &options(json!({"config": config}))).unwrap();
        assert_eq!(safe["changed"], false);
        assert_eq!(safe["diff"], "");
        assert_eq!(safe["remaining"][0]["name"], "exec-form-cmd");
        let unsafe_ = fix(source, &options(json!({"config": config, "unsafe": true}))).unwrap();
        assert_eq!(unsafe_["changed"], true);
        assert_ne!(unsafe_["output"], source);
    }

    #[test]
    fn sources_with_syntax_errors_are_not_fixed() {
        let source = "FROM alpine:3.20\nADD ./app /app\nRUNN x\n";
        let config = json!({"config": {"select": ["prefer-copy-over-add", "syntax-error"]}});
        let value = fix(source, &options(config)).unwrap();
        assert_eq!(value["output"], source);
        assert_eq!(value["changed"], false);
        let names: Vec<&str> =
            value["remaining"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["prefer-copy-over-add", "syntax-error"]);
    }

    #[test]
    fn config_errors_name_the_key() {
        let key = |config: Value| match check("FROM alpine\n", &options(json!({ "config": config }))) {
            Err(ApiError::Config(e)) => e.key,
            other => panic!("expected a config error, got {other:?}"),
        };
        assert_eq!(key(json!({"selct": ["all"]})).as_deref(), Some("selct"));
        assert_eq!(key(json!({"ignore": ["no-such-rule"]})).as_deref(), Some("ignore"));
        assert_eq!(key(json!({"select": ["all"], "fail-level": "loud"})).as_deref(), Some("fail-level"));
        assert_eq!(key(json!({"select": "all"})).as_deref(), Some("select"));
    }

    #[test]
    fn bad_options_are_errors_and_null_means_none() {
        assert!(
            matches!(Options::from_json(json!({"unsafeFixes": true})), Err(ApiError::Options(m)) if m.contains("unsafeFixes"))
        );
        assert!(matches!(Options::from_json(json!("all")), Err(ApiError::Options(_))));
        assert!(Options::from_json(Value::Null).is_ok());
        assert!(check("FROM alpine\n", &options(json!({"config": null}))).is_ok());
    }

    #[test]
    fn the_linter_is_rebuilt_when_the_config_changes() {
        let source = "FROM alpine:3.20\nEXPOSE 22\nADD ./a /a\n";
        let names = |rules: &[&str]| -> Vec<String> {
            let value = check(source, &select(rules)).unwrap();
            value.as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap().to_string()).collect()
        };
        assert_eq!(names(&["expose-ssh-port"]), ["expose-ssh-port"]);
        assert_eq!(names(&["prefer-copy-over-add"]), ["prefer-copy-over-add"]);
        assert_eq!(names(&["expose-ssh-port"]), ["expose-ssh-port"]);
    }

    #[test]
    fn explain_and_rules_describe_the_same_rules() {
        let all = rules();
        let first = &all[0];
        let doc = explain(first["name"].as_str().unwrap()).unwrap();
        assert_eq!(doc["code"], first["code"]);
        assert!(doc["docs"].as_str().unwrap().contains("## What it does"));
        let by_code = explain(doc["code"].as_str().unwrap()).unwrap();
        assert_eq!(by_code["name"], first["name"]);
        match explain("expose-ssh-prot") {
            Err(ApiError::UnknownRule(m)) => assert!(m.contains("did you mean `expose-ssh-port`"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decode_strips_a_bom_and_refuses_binary() {
        assert_eq!(decode(b"\xEF\xBB\xBFFROM alpine\n").unwrap(), "FROM alpine\n");
        assert!(matches!(decode(b"FROM \xFF"), Err(ApiError::Decode(_))));
    }
}
