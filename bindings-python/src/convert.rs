//! Between Python objects and the core's serde types: `to_dict()` results, config dicts.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde::Serialize;

use dockwright::{Config, ConfigError, Linter};

use crate::errors::config_error;

/// A serde value as fresh Python objects (dicts keep the serialized field order).
pub fn to_python<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, value).map_err(PyErr::from)
}

/// A linter for an optional config dict; `None` means the default rules.
pub fn linter_from(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Linter> {
    let config = match config {
        None => Config::default(),
        Some(object) => config_from(object).map_err(|e| config_error(py, &e))?,
    };
    Linter::new(config).map_err(|e| config_error(py, &e))
}

/// Reads a config dict: the keys and values of `.dockwright.toml` (`tomllib.load()` output
/// works as it is). Errors name the offending key.
fn config_from(object: &Bound<'_, PyAny>) -> Result<Config, ConfigError> {
    let dict = object.cast::<PyDict>().map_err(|_| ConfigError {
        key: None,
        message: format!("config must be a dict, not {}", type_name(object)),
    })?;
    let mut map = serde_json::Map::new();
    for (key, value) in dict.iter() {
        let Ok(key) = key.cast::<PyString>().map(|k| k.to_string()) else {
            return Err(ConfigError {
                key: None,
                message: format!("config keys must be strings, not {}", type_name(&key)),
            });
        };
        let value = pythonize::depythonize::<serde_json::Value>(&value)
            .map_err(|e| ConfigError { message: format!("`{key}`: {e}"), key: Some(key.clone()) })?;
        map.insert(key, value);
    }
    Config::from_json(serde_json::Value::Object(map.clone())).map_err(|e| name_the_key(e, map))
}

/// The core names the key of an unknown field or rule, not of a value of the wrong type or an
/// unknown severity: find which top-level key fails on its own and name that one.
fn name_the_key(error: ConfigError, map: serde_json::Map<String, serde_json::Value>) -> ConfigError {
    if error.key.is_some() {
        return error;
    }
    map.into_iter()
        .find(|(key, value)| {
            let alone = serde_json::Map::from_iter([(key.clone(), value.clone())]);
            Config::from_json(serde_json::Value::Object(alone)).is_err()
        })
        .map_or(error.clone(), |(key, _)| ConfigError {
            message: format!("`{key}`: {}", error.message),
            key: Some(key),
        })
}

pub fn type_name(object: &Bound<'_, PyAny>) -> String {
    object.get_type().name().map_or_else(|_| "an unknown type".to_string(), |n| n.to_string())
}
