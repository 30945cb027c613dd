//! WebAssembly bindings for dockwright: the npm package `@dockwright/wasm` and the playground.
//!
//! A thin layer over the `dockwright` crate: every check, fix and parse is the core's; results
//! cross into JS as plain objects (see `convert`). The TypeScript types are in `types.d.ts`.

mod api;
mod convert;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::api::ApiError;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Checks a Dockerfile's text and returns its findings, sorted by position.
///
/// Each diagnostic has the fields of `dockwright check --format json` (`span` and fix edits in
/// UTF-8 byte offsets) plus `span16` and `start16`/`end16`: the same ranges in UTF-16 code
/// units, which index JS strings. Throws a `ConfigError` for a bad `options.config`.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let source = text_argument("check", "source", &source)?;
    Ok(convert::to_js(&api::check(&source, &options_from(options)?).map_err(to_error)?))
}

/// Applies every safe fix (and unsafe ones with `unsafe: true`) until nothing changes.
///
/// Returns the fixed text, the fixes applied, what is still reported and a unified diff.
/// Everything outside the edits is kept, line endings included; a fix whose result would not
/// parse is dropped, and a source with syntax errors is returned unchanged.
#[wasm_bindgen(unchecked_return_type = "FixResult")]
pub fn fix(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "FixOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let source = text_argument("fix", "source", &source)?;
    Ok(convert::to_js(&api::fix(&source, &options_from(options)?).map_err(to_error)?))
}

/// Parses a Dockerfile into its typed model, as `dockwright parse` prints it. Never throws:
/// syntax problems are listed in `errors`. Offsets in the model are UTF-8 byte offsets.
#[wasm_bindgen(unchecked_return_type = "ParsedDockerfile")]
pub fn parse(#[wasm_bindgen(unchecked_param_type = "string")] source: JsValue) -> Result<JsValue, JsValue> {
    Ok(convert::to_js(&api::parse(&text_argument("parse", "source", &source)?)))
}

/// Every rule, in code order, as `dockwright rules --format json` lists them.
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> JsValue {
    convert::to_js(&api::rules())
}

/// A rule's metadata and documentation (Markdown), by name, code or alias. Throws an `Error`
/// (with a suggestion when one is close) for an unknown rule.
#[wasm_bindgen(unchecked_return_type = "RuleDoc")]
pub fn explain(#[wasm_bindgen(unchecked_param_type = "string")] rule: JsValue) -> Result<JsValue, JsValue> {
    Ok(convert::to_js(&api::explain(&text_argument("explain", "rule", &rule)?).map_err(to_error)?))
}

/// A unified diff from `before` to `after`, labelled `a/<path>` and `b/<path>` (`path`
/// defaults to `Dockerfile`); empty when they are equal.
#[wasm_bindgen]
pub fn diff(before: &str, after: &str, path: Option<String>) -> String {
    api::diff(before, after, path.as_deref())
}

/// Decodes a Dockerfile's bytes as the CLI reads files: strips a UTF-8 byte-order mark, decodes
/// UTF-16/32 with a byte-order mark, keeps CRLF. Throws a `DecodeError` (with the byte `offset`)
/// for invalid UTF-8, a NUL byte or broken UTF-16/32.
#[wasm_bindgen]
pub fn decode(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: JsValue,
) -> Result<String, JsValue> {
    let bytes = if let Some(buffer) = bytes.dyn_ref::<js_sys::ArrayBuffer>() {
        js_sys::Uint8Array::new(buffer)
    } else {
        bytes
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| js_sys::TypeError::new("decode(): `bytes` must be a Uint8Array or an ArrayBuffer"))?
    };
    api::decode(&bytes.to_vec()).map_err(to_error)
}

/// The version of dockwright (the same for the crate, the CLI and this package).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A string argument; anything else is a `TypeError`, where a silent `String(x)` would check
/// the text `"undefined"`.
fn text_argument(function: &str, name: &str, value: &JsValue) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        let got = value.js_typeof().as_string().unwrap_or_default();
        js_sys::TypeError::new(&format!("{function}(): `{name}` must be a string, not {got}")).into()
    })
}

fn options_from(options: JsValue) -> Result<api::Options, JsValue> {
    let value = convert::from_js(&options, "options").map_err(|e| js_sys::TypeError::new(&e))?;
    api::Options::from_json(value).map_err(to_error)
}

/// Each failure as the JS error a caller would catch: `ConfigError` with `key`, `DecodeError`
/// with `offset`, `TypeError` for malformed options, `Error` for an unknown rule.
fn to_error(error: ApiError) -> JsValue {
    let (error, name, field): (js_sys::Error, &str, Option<(&str, JsValue)>) = match error {
        ApiError::Config(e) => {
            let key = e.key.map_or(JsValue::UNDEFINED, JsValue::from);
            (js_sys::Error::new(&e.message), "ConfigError", Some(("key", key)))
        }
        ApiError::Decode(e) => {
            let offset = match e {
                dockwright::DecodeError::InvalidUtf8 { offset }
                | dockwright::DecodeError::NulByte { offset }
                | dockwright::DecodeError::InvalidUnicode { offset, .. } => offset,
            };
            (js_sys::Error::new(&e.to_string()), "DecodeError", Some(("offset", JsValue::from(offset))))
        }
        ApiError::Options(message) => (js_sys::TypeError::new(&message).into(), "TypeError", None),
        ApiError::UnknownRule(message) => (js_sys::Error::new(&message), "Error", None),
    };
    error.set_name(name);
    if let Some((field, value)) = field {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &JsValue::from(field), &value);
    }
    error.into()
}
