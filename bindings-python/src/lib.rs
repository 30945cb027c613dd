//! Python bindings for dockwright: the module `dockwright._dockwright`, re-exported by the
//! `dockwright` package.
//!
//! A thin layer: every check, fix and parse is the core's; this crate converts arguments and
//! results, releases the GIL while Rust works, and turns input errors into exceptions.

mod convert;
mod diagnostic;
mod errors;
mod fixing;
mod model;
mod rule;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use pyo3::exceptions::{PyOSError, PyRuntimeWarning, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};
use rayon::prelude::*;

use crate::convert::{linter_from, to_python, type_name};
use crate::diagnostic::{Diagnostic, Edit, Fix, check_source};
use crate::errors::{ConfigError, DecodeError, DockwrightError, decode_error};
use crate::fixing::{AppliedFix, FixResult, applicability};
use crate::model::{Directive, Dockerfile, Heredoc, Instruction, Parsed, Stage, SyntaxIssue};
use crate::rule::Rule;

/// Checks Dockerfiles under one configuration. Build one and reuse it: the configuration is
/// read and validated once.
///
/// ``Linter(config)`` takes the same dict as the ``config=`` argument of ``check()``: the keys
/// of ``.dockwright.toml`` (``select``, ``ignore``, ``severity``, ...). A bad key or value
/// raises ``ConfigError``.
#[pyclass(frozen, module = "dockwright", name = "Linter")]
struct PyLinter {
    linter: dockwright::Linter,
}

#[pymethods]
impl PyLinter {
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<PyLinter> {
        Ok(PyLinter { linter: linter_from(py, config)? })
    }

    /// Checks a Dockerfile's text; ``path`` only labels the diagnostics (``Diagnostic.file``).
    #[pyo3(signature = (source, *, path = None))]
    fn check(&self, py: Python<'_>, source: &str, path: Option<PathBuf>) -> Vec<Diagnostic> {
        check_text(py, &self.linter, source, path)
    }

    /// Reads, decodes and checks a file (see ``dockwright.check_file``).
    fn check_file(&self, py: Python<'_>, path: PathBuf) -> PyResult<Vec<Diagnostic>> {
        check_path(py, &self.linter, path)
    }

    /// Checks many sources in parallel (see ``dockwright.check_many``).
    fn check_many(&self, py: Python<'_>, sources: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<Diagnostic>>> {
        check_all(py, &self.linter, sources)
    }

    /// Applies fixes and returns the fixed text (see ``dockwright.fix``).
    #[pyo3(signature = (source, *, r#unsafe = false))]
    fn fix(&self, py: Python<'_>, source: &str, r#unsafe: bool) -> PyResult<String> {
        fix_text(py, &self.linter, source, r#unsafe)
    }

    /// Applies fixes and returns what was done (see ``dockwright.fix_result``).
    #[pyo3(signature = (source, *, r#unsafe = false, path = None))]
    fn fix_result(&self, py: Python<'_>, source: &str, r#unsafe: bool, path: Option<PathBuf>) -> FixResult {
        fix_with_result(py, &self.linter, source, r#unsafe, path)
    }

    /// The rules this linter runs, in code order.
    #[getter]
    fn rules(&self) -> Vec<Rule> {
        self.linter.rules().iter().map(|r| Rule::new(r.meta())).collect()
    }

    /// The configuration in effect, with every key (defaults filled in).
    #[getter]
    fn config<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.linter.config())
    }

    fn __repr__(&self) -> String {
        format!("Linter(rules={})", self.linter.rules().len())
    }
}

/// The default linter, shared by every call without a config.
fn default_linter() -> &'static dockwright::Linter {
    static DEFAULT: OnceLock<dockwright::Linter> = OnceLock::new();
    DEFAULT.get_or_init(dockwright::Linter::with_defaults)
}

/// Runs `f` with the linter for `config` (the shared default one when there is none).
fn with_linter<T>(
    py: Python<'_>,
    config: Option<&Bound<'_, PyAny>>,
    f: impl FnOnce(&dockwright::Linter) -> PyResult<T>,
) -> PyResult<T> {
    match config {
        None => f(default_linter()),
        Some(_) => f(&linter_from(py, config)?),
    }
}

fn check_text(
    py: Python<'_>,
    linter: &dockwright::Linter,
    source: &str,
    path: Option<PathBuf>,
) -> Vec<Diagnostic> {
    let file = path.map(|p| p.to_string_lossy().into_owned());
    py.detach(|| check_source(linter, source, file.as_deref()))
}

fn check_path(py: Python<'_>, linter: &dockwright::Linter, path: PathBuf) -> PyResult<Vec<Diagnostic>> {
    enum Failure {
        Read(std::io::Error),
        Decode(dockwright::DecodeError),
    }
    let name = path.to_string_lossy().into_owned();
    let result = py.detach(|| {
        let bytes = std::fs::read(&path).map_err(Failure::Read)?;
        let text = dockwright::decode(&bytes).map_err(Failure::Decode)?.text;
        Ok(check_source(linter, &text, Some(&name)))
    });
    result.map_err(|failure| match failure {
        Failure::Read(e) => os_error(e, &name),
        Failure::Decode(e) => decode_error(py, &e, Some(&name)),
    })
}

fn check_all(
    py: Python<'_>,
    linter: &dockwright::Linter,
    sources: &Bound<'_, PyAny>,
) -> PyResult<Vec<Vec<Diagnostic>>> {
    if sources.is_instance_of::<PyString>() || sources.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "check_many() takes an iterable of sources, not one source: use check() for a single text",
        ));
    }
    // Keep every item alive so that the texts can be borrowed, not copied, while detached.
    let items: Vec<Bound<'_, PyAny>> = sources.try_iter()?.collect::<PyResult<_>>()?;
    let mut jobs: Vec<(Option<String>, &str)> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        jobs.push(source_item(index, item)?);
    }
    let check = |(file, source): &(Option<String>, &str)| check_source(linter, source, file.as_deref());
    Ok(py.detach(|| match thread_pool() {
        Some(pool) => pool.install(|| jobs.par_iter().map(check).collect()),
        None => jobs.iter().map(check).collect(),
    }))
}

/// The thread pool of this process (one thread per core).
///
/// Not rayon's global pool: threads do not survive `fork()`, and a forked child (Python's
/// `multiprocessing` default on Linux) that used the parent's pool would wait for them forever.
/// A child gets a pool of its own instead. `None` if no thread could be started: then the
/// sources are checked one after the other.
fn thread_pool() -> Option<Arc<rayon::ThreadPool>> {
    static POOL: Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = Mutex::new(None);
    let pid = std::process::id();
    let mut slot = POOL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((owner, pool)) = slot.as_ref()
        && *owner == pid
    {
        return Some(Arc::clone(pool));
    }
    if let Some((_, inherited)) = slot.take() {
        // Dropping it would signal threads that exist only in the parent.
        std::mem::forget(inherited);
    }
    let pool =
        Arc::new(rayon::ThreadPoolBuilder::new().thread_name(|i| format!("dockwright-{i}")).build().ok()?);
    *slot = Some((pid, Arc::clone(&pool)));
    Some(pool)
}

/// One `check_many` item: a text, or a `(path, text)` pair.
fn source_item<'a>(index: usize, item: &'a Bound<'_, PyAny>) -> PyResult<(Option<String>, &'a str)> {
    if let Ok(text) = item.cast::<PyString>() {
        return Ok((None, text.to_str()?));
    }
    let pair = item.cast::<PyTuple>().ok().filter(|t| t.len() == 2);
    let Some(pair) = pair else {
        return Err(PyTypeError::new_err(format!(
            "check_many() item {index} must be a str or a (path, str) tuple, not {}",
            type_name(item)
        )));
    };
    let path: Option<PathBuf> = pair.get_borrowed_item(0)?.extract().map_err(|_| {
        PyTypeError::new_err(format!("check_many() item {index}: the path must be a str or os.PathLike"))
    })?;
    // Borrowed, not copied: the tuple holds the string and `item` holds the tuple.
    let text = pair.get_borrowed_item(1)?;
    let text: &'a str = text.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "check_many() item {index}: the source must be a str, not {}",
            type_name(&text)
        ))
    })?;
    Ok((path.map(|p| p.to_string_lossy().into_owned()), text))
}

/// Fixes `source`; what went wrong in fixing (a bug in a rule) becomes a `RuntimeWarning`, as
/// the CLI prints a warning.
fn fix_text(py: Python<'_>, linter: &dockwright::Linter, source: &str, r#unsafe: bool) -> PyResult<String> {
    let allow = applicability(r#unsafe);
    let (output, warnings) = py.detach(|| {
        // As `dockwright check --fix`, the core leaves a file with syntax errors as it is, since
        // a fix could land in the wrong place.
        let outcome = linter.fix(source, allow);
        let warnings = outcome.warnings();
        (outcome.output, warnings)
    });
    for warning in warnings {
        // A fix title quotes the file, which may hold NUL; a C string may not.
        let message = std::ffi::CString::new(format!("dockwright: {warning}").replace('\0', "\\0"))
            .expect("NUL replaced");
        PyErr::warn(py, &py.get_type::<PyRuntimeWarning>(), &message, 1)?;
    }
    Ok(output)
}

fn fix_with_result(
    py: Python<'_>,
    linter: &dockwright::Linter,
    source: &str,
    r#unsafe: bool,
    path: Option<PathBuf>,
) -> FixResult {
    let file = path.map(|p| p.to_string_lossy().into_owned());
    py.detach(|| FixResult::of(linter, source, applicability(r#unsafe), file.as_deref()))
}

/// An `OSError` as Python's `open()` raises it: errno, message and file name, so that the
/// errno picks the subclass (`FileNotFoundError`, `IsADirectoryError`, ...).
fn os_error(error: std::io::Error, path: &str) -> PyErr {
    match error.raw_os_error() {
        Some(errno) => {
            let message = error.to_string();
            let message = message.split(" (os error").next().unwrap_or(&message).to_string();
            PyOSError::new_err((errno, message, path.to_string()))
        }
        None => PyOSError::new_err(format!("{path}: {error}")),
    }
}

/// Checks a Dockerfile's text and returns its diagnostics, sorted by position.
///
/// ``path`` only labels the diagnostics (``Diagnostic.file``); nothing is read from disk.
/// ``config`` is a dict with the keys of ``.dockwright.toml`` (``select``, ``extend-select``,
/// ``ignore``, ``severity``, ``target``, ...); a bad one raises ``ConfigError``. A syntax
/// problem in the Dockerfile is a diagnostic (rule ``syntax-error``), never an exception.
#[pyfunction]
#[pyo3(signature = (source, *, path = None, config = None))]
fn check(
    py: Python<'_>,
    source: &str,
    path: Option<PathBuf>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Diagnostic>> {
    with_linter(py, config, |linter| Ok(check_text(py, linter, source, path)))
}

/// Reads a file, decodes it like the CLI and checks it.
///
/// Decoding strips a UTF-8 byte-order mark, decodes UTF-16/32 with a byte-order mark and keeps
/// CRLF; invalid UTF-8 or a NUL byte raises ``DecodeError`` naming the byte offset. A file that
/// cannot be read raises the usual ``OSError`` (``FileNotFoundError``, ...). No
/// ``.dockwright.toml`` is searched for: pass ``config=`` (``tomllib.load()`` output works).
#[pyfunction]
#[pyo3(signature = (path, *, config = None))]
fn check_file(py: Python<'_>, path: PathBuf, config: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<Diagnostic>> {
    with_linter(py, config, |linter| check_path(py, linter, path))
}

/// Checks many sources in parallel on every core, with the GIL released.
///
/// ``sources`` is an iterable of texts or of ``(path, text)`` pairs; the result holds one list
/// of diagnostics per source, in the same order, equal to what ``check()`` returns for each.
#[pyfunction]
#[pyo3(signature = (sources, *, config = None))]
fn check_many(
    py: Python<'_>,
    sources: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Vec<Diagnostic>>> {
    with_linter(py, config, |linter| check_all(py, linter, sources))
}

/// Applies every safe fix (and unsafe ones too with ``unsafe=True``) until nothing changes,
/// and returns the fixed text.
///
/// Everything outside the edits is kept byte for byte, line endings included. A fix whose
/// result would not parse is dropped, and like ``dockwright check --fix``, a source with syntax
/// errors is returned unchanged. A dropped fix, or fixes still changing the text after the last
/// round, is a bug in a rule: each is reported as a ``RuntimeWarning``.
#[pyfunction]
#[pyo3(signature = (source, *, r#unsafe = false, config = None))]
fn fix(py: Python<'_>, source: &str, r#unsafe: bool, config: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    with_linter(py, config, |linter| fix_text(py, linter, source, r#unsafe))
}

/// Fixes like ``fix()`` and returns a ``FixResult``: the fixed text, the fixes applied, the
/// fixes withheld, whether fixing settled, what is still reported and a unified diff.
///
/// ``path`` labels the remaining diagnostics and the diff (``a/<path>``, ``b/<path>``; default
/// ``Dockerfile``); nothing is read from disk. Withheld fixes and fixing that did not settle
/// are in the result (``withheld``, ``converged``) rather than warned about.
#[pyfunction]
#[pyo3(signature = (source, *, r#unsafe = false, path = None, config = None))]
fn fix_result(
    py: Python<'_>,
    source: &str,
    r#unsafe: bool,
    path: Option<PathBuf>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<FixResult> {
    with_linter(py, config, |linter| Ok(fix_with_result(py, linter, source, r#unsafe, path)))
}

/// Parses a Dockerfile into typed objects. Never fails: syntax problems are listed in
/// ``Dockerfile.errors`` and the rest of the file is still modelled.
#[pyfunction]
fn parse(py: Python<'_>, source: &str) -> PyResult<Dockerfile> {
    py.detach(|| Parsed::new(source)).into_python(py)
}

/// Every rule, in code order (including those that are off by default).
#[pyfunction]
fn rules() -> Vec<Rule> {
    dockwright::rules::all().iter().map(|r| Rule::new(r.meta())).collect()
}

/// Decodes a Dockerfile's bytes as ``check_file()`` does: strips a UTF-8 byte-order mark,
/// decodes UTF-16/32 with a byte-order mark, keeps CRLF. Raises ``DecodeError`` (with
/// ``offset``) for invalid UTF-8, a NUL byte or broken UTF-16/32.
#[pyfunction]
fn decode(py: Python<'_>, data: &[u8]) -> PyResult<String> {
    py.detach(|| dockwright::decode(data).map(|d| d.text.into_owned()))
        .map_err(|e| decode_error(py, &e, None))
}

#[pymodule]
fn _dockwright(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DockwrightError", py.get_type::<DockwrightError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("DecodeError", py.get_type::<DecodeError>())?;
    m.add_class::<Diagnostic>()?;
    m.add_class::<Fix>()?;
    m.add_class::<Edit>()?;
    m.add_class::<AppliedFix>()?;
    m.add_class::<FixResult>()?;
    m.add_class::<Rule>()?;
    m.add_class::<PyLinter>()?;
    m.add_class::<Dockerfile>()?;
    m.add_class::<Instruction>()?;
    m.add_class::<Heredoc>()?;
    m.add_class::<Stage>()?;
    m.add_class::<Directive>()?;
    m.add_class::<SyntaxIssue>()?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(check_file, m)?)?;
    m.add_function(wrap_pyfunction!(check_many, m)?)?;
    m.add_function(wrap_pyfunction!(fix, m)?)?;
    m.add_function(wrap_pyfunction!(fix_result, m)?)?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    Ok(())
}
