//! The module's exceptions. Every input error becomes one of these (or a standard `OSError` /
//! `TypeError`); a syntax problem in a Dockerfile is a diagnostic, never an exception.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

// They subclass ValueError: each one means "the value you passed cannot be used", so code that
// already catches ValueError keeps working.
create_exception!(
    dockwright,
    DockwrightError,
    PyValueError,
    "Base class of every error dockwright raises (a subclass of ValueError)."
);
create_exception!(
    dockwright,
    ConfigError,
    DockwrightError,
    "A configuration that cannot be used: an unknown key, a bad value or an unknown rule.\n\n\
     ``key`` names the offending key (e.g. ``'ignore'`` or ``'severity.DL3008'``) when known."
);
create_exception!(
    dockwright,
    DecodeError,
    DockwrightError,
    "Bytes that are not a Dockerfile's text: invalid UTF-8, a NUL byte or broken UTF-16/32.\n\n\
     ``offset`` is the byte offset of the first bad byte; ``path`` the file, when one was read."
);

/// A `ConfigError` with its `key` attribute set.
pub fn config_error(py: Python<'_>, error: &dockwright::ConfigError) -> PyErr {
    let err = ConfigError::new_err(error.message.clone());
    set_attribute(py, &err, "key", error.key.as_deref());
    err
}

/// A `DecodeError` for bytes read from `path` (if any), with `offset` and `path` set.
pub fn decode_error(py: Python<'_>, error: &dockwright::DecodeError, path: Option<&str>) -> PyErr {
    let offset = match error {
        dockwright::DecodeError::InvalidUtf8 { offset }
        | dockwright::DecodeError::NulByte { offset }
        | dockwright::DecodeError::InvalidUnicode { offset, .. } => *offset,
    };
    let message = match path {
        Some(path) => format!("{path}: {error}"),
        None => error.to_string(),
    };
    let err = DecodeError::new_err(message);
    set_attribute(py, &err, "offset", offset);
    set_attribute(py, &err, "path", path);
    err
}

/// Exception instances have a `__dict__`, so this cannot fail short of memory exhaustion, in
/// which case the attribute is missing but the exception (and its message) still propagates.
fn set_attribute<'a, V: IntoPyObject<'a>>(py: Python<'a>, err: &PyErr, name: &str, value: V) {
    let _ = err.value(py).setattr(name, value);
}
