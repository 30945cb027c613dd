//! `Diagnostic`, `Fix` and `Edit`: frozen, hashable, picklable mirrors of the core's types.
//!
//! They own their data (the core's `code` and `name` are `&'static str`, which an unpickled
//! object from another version could not point to) and add code-point offsets. `to_dict()`
//! serializes them with serde in the core's field order, which is the CLI's JSON shape.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple, PyType};
use serde::Serialize;

use dockwright::{Applicability, Severity, Span};

use crate::convert::to_python;
use dockwright::source::{OffsetIndex, OffsetUnit};

/// One change to the source text: replace ``source[start:end]`` (bytes) with ``content``.
///
/// ``start``/``end`` are byte offsets into the UTF-8 encoded text (what the CLI's JSON holds);
/// ``char_start``/``char_end`` are the same positions as ``str`` indices.
#[pyclass(frozen, eq, hash, module = "dockwright", name = "Edit")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    /// Byte offset where the replaced text starts.
    #[pyo3(get)]
    start: u32,
    /// Byte offset where the replaced text ends (exclusive).
    #[pyo3(get)]
    end: u32,
    /// The replacement text (empty for a deletion).
    #[pyo3(get)]
    content: String,
    /// ``str`` index where the replaced text starts.
    #[pyo3(get)]
    #[serde(skip)]
    char_start: u32,
    /// ``str`` index where the replaced text ends (exclusive).
    #[pyo3(get)]
    #[serde(skip)]
    char_end: u32,
}

#[pymethods]
impl Edit {
    /// Normally made by ``check()``; the constructor exists for pickling and tests.
    #[new]
    fn new(start: u32, end: u32, content: String, char_start: u32, char_end: u32) -> PyResult<Edit> {
        ordered("edit", start, end)?;
        ordered("edit", char_start, char_end)?;
        Ok(Edit { start, end, content, char_start, char_end })
    }

    /// The edit as the CLI's JSON shows it: ``{"start", "end", "content"}`` (byte offsets).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Edit(start={}, end={}, content={})", self.start, self.end, py_repr(py, &self.content)?))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let e = slf.get();
        let args = (e.start, e.end, e.content.clone(), e.char_start, e.char_end);
        Ok((slf.get_type(), args.into_pyobject(slf.py())?))
    }
}

/// A set of non-overlapping edits that together fix one finding.
///
/// ``applicability`` is ``"safe"`` (the build result cannot change; applied by ``fix()``) or
/// ``"unsafe"`` (probably right, but it changes the image; applied by ``fix(unsafe=True)``).
#[pyclass(frozen, eq, hash, module = "dockwright", name = "Fix")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    applicability: Applicability,
    /// What the fix does, e.g. ``"Replace ADD with COPY"``.
    #[pyo3(get)]
    title: String,
    edits: Vec<Edit>,
}

#[pymethods]
impl Fix {
    /// Normally made by ``check()``; the constructor exists for pickling and tests.
    #[new]
    fn new(applicability: &str, title: String, edits: Vec<Bound<'_, Edit>>) -> PyResult<Fix> {
        let applicability = match applicability {
            "safe" => Applicability::Safe,
            "unsafe" => Applicability::Unsafe,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown applicability `{other}`: use 'safe' or 'unsafe'"
                )));
            }
        };
        let mut edits: Vec<Edit> = edits.iter().map(|e| e.get().clone()).collect();
        edits.sort_by_key(|e| (e.start, e.end));
        Ok(Fix { applicability, title, edits })
    }

    /// ``"safe"`` or ``"unsafe"``.
    #[getter]
    fn applicability(&self) -> &'static str {
        match self.applicability {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }

    /// The edits, sorted by position.
    #[getter]
    fn edits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.edits.clone())
    }

    /// The fix as the CLI's JSON shows it: ``{"applicability", "title", "edits"}``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self)
    }

    /// Applies the edits to ``source`` (the text that was checked) and returns the result.
    ///
    /// Raises ``ValueError`` when the edits do not fit ``source`` or overlap each other.
    fn apply(&self, source: &str) -> PyResult<String> {
        let mut last_end = 0;
        for e in &self.edits {
            let (start, end) = (e.start as usize, e.end as usize);
            if start < last_end {
                return Err(PyValueError::new_err(format!("edit {start}..{end} overlaps the one before it")));
            }
            if end > source.len() || !source.is_char_boundary(start) || !source.is_char_boundary(end) {
                return Err(PyValueError::new_err(format!(
                    "edit {start}..{end} does not fit this source ({} bytes): apply a fix to the text it \
                     was made for",
                    source.len()
                )));
            }
            last_end = end;
        }
        let edits = self.edits.iter().map(|e| dockwright::Edit {
            start: e.start,
            end: e.end,
            content: e.content.clone(),
        });
        Ok(dockwright::fix::apply(source, &edits.collect::<Vec<_>>()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Fix(applicability={}, title={}, edits={})",
            py_repr(py, self.applicability())?,
            py_repr(py, &self.title)?,
            self.edits.len()
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let f = slf.get();
        let args = (f.applicability(), f.title.clone(), f.edits(py)?);
        Ok((slf.get_type(), args.into_pyobject(py)?))
    }
}

/// One finding of a rule.
///
/// Lines and columns are 1-based, and columns count characters (code points), not bytes.
/// ``span`` is a ``(start, end)`` pair of byte offsets into the UTF-8 encoded source, as in the
/// CLI's JSON; ``char_span`` is the same range as ``str`` indices, so
/// ``source[slice(*d.char_span)]`` is the text the finding is about.
#[pyclass(frozen, eq, hash, module = "dockwright", name = "Diagnostic")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    /// The path given to ``check()`` (or read by ``check_file()``), else ``None``.
    #[pyo3(get)]
    file: Option<String>,
    /// The rule's stable code, e.g. ``"DW205"``.
    #[pyo3(get)]
    code: String,
    /// The rule's kebab-case name, e.g. ``"expose-ssh-port"``.
    #[pyo3(get)]
    name: String,
    severity: Severity,
    /// What is wrong, in one sentence.
    #[pyo3(get)]
    message: String,
    span: Span,
    #[serde(skip)]
    char_span: (u32, u32),
    /// 1-based line where the finding starts.
    #[pyo3(get)]
    line: u32,
    /// 1-based column (in characters) where the finding starts.
    #[pyo3(get)]
    column: u32,
    /// 1-based line where the finding ends.
    #[pyo3(get)]
    end_line: u32,
    /// 1-based column (in characters) just past the end of the finding.
    #[pyo3(get)]
    end_column: u32,
    /// What to do instead, when the rule says.
    #[pyo3(get)]
    help: Option<String>,
    /// The fix for this finding, if the rule offers one.
    #[pyo3(get)]
    fix: Option<Fix>,
}

impl Diagnostic {
    /// Mirrors a core diagnostic of `source` (the text that was checked).
    pub fn from_core(d: dockwright::Diagnostic, file: Option<&str>, chars: &OffsetIndex<'_>) -> Diagnostic {
        let fix = d.fix.map(|f| Fix {
            applicability: f.applicability,
            title: f.title,
            edits: f
                .edits
                .into_iter()
                .map(|e| {
                    let (char_start, char_end) = chars.span(e.start, e.end);
                    Edit { start: e.start, end: e.end, content: e.content, char_start, char_end }
                })
                .collect(),
        });
        Diagnostic {
            file: file.map(str::to_string),
            code: d.code.to_string(),
            name: d.name.to_string(),
            severity: d.severity,
            message: d.message,
            span: d.span,
            char_span: chars.span(d.span.start, d.span.end),
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            help: d.help,
            fix,
        }
    }
}

/// Checks one source's diagnostics into their Python mirrors (no Python object is touched, so
/// this runs without the GIL).
pub fn check_source(linter: &dockwright::Linter, source: &str, file: Option<&str>) -> Vec<Diagnostic> {
    let chars = OffsetIndex::new(source, OffsetUnit::Char);
    linter.check(source).into_iter().map(|d| Diagnostic::from_core(d, file, &chars)).collect()
}

#[pymethods]
impl Diagnostic {
    /// Normally made by ``check()``; the constructor exists for pickling and tests.
    #[new]
    #[pyo3(signature = (
        code, name, severity, message, span, char_span, line, column, end_line, end_column,
        help = None, fix = None, file = None
    ))]
    #[expect(clippy::too_many_arguments, reason = "mirrors the fields, as a dataclass would")]
    fn new(
        code: String,
        name: String,
        severity: &str,
        message: String,
        span: (u32, u32),
        char_span: (u32, u32),
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
        help: Option<String>,
        fix: Option<Bound<'_, Fix>>,
        file: Option<String>,
    ) -> PyResult<Diagnostic> {
        let severity: Severity = severity.parse().map_err(PyValueError::new_err)?;
        ordered("span", span.0, span.1)?;
        ordered("char_span", char_span.0, char_span.1)?;
        Ok(Diagnostic {
            file,
            code,
            name,
            severity,
            message,
            span: Span::new(span.0, span.1),
            char_span,
            line,
            column,
            end_line,
            end_column,
            help,
            fix: fix.map(|f| f.get().clone()),
        })
    }

    /// ``"error"``, ``"warning"``, ``"info"`` or ``"style"`` (after any configured override).
    #[getter]
    fn severity(&self) -> &'static str {
        self.severity.as_str()
    }

    /// ``(start, end)`` byte offsets into the UTF-8 encoded source.
    #[getter]
    fn span(&self) -> (u32, u32) {
        (self.span.start, self.span.end)
    }

    /// ``(start, end)`` code-point offsets: ``source[start:end]`` is the text of the finding.
    #[getter]
    fn char_span(&self) -> (u32, u32) {
        self.char_span
    }

    /// The diagnostic as one entry of ``dockwright check --format json``: ``file`` then the
    /// diagnostic's fields, ``span`` as ``{"start", "end"}`` byte offsets.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let file = match &self.file {
            Some(f) => format!(", file={}", py_repr(py, f)?),
            None => String::new(),
        };
        Ok(format!(
            "Diagnostic(code={}, name={}, severity={}, line={}, column={}, message={}{file})",
            py_repr(py, &self.code)?,
            py_repr(py, &self.name)?,
            py_repr(py, self.severity.as_str())?,
            self.line,
            self.column,
            py_repr(py, &self.message)?,
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let d = slf.get();
        let args = [
            d.code.clone().into_pyobject(py)?.into_any(),
            d.name.clone().into_pyobject(py)?.into_any(),
            d.severity().into_pyobject(py)?.into_any(),
            d.message.clone().into_pyobject(py)?.into_any(),
            d.span().into_pyobject(py)?.into_any(),
            d.char_span.into_pyobject(py)?.into_any(),
            d.line.into_pyobject(py)?.into_any(),
            d.column.into_pyobject(py)?.into_any(),
            d.end_line.into_pyobject(py)?.into_any(),
            d.end_column.into_pyobject(py)?.into_any(),
            d.help.clone().into_pyobject(py)?.into_any(),
            d.fix.clone().into_pyobject(py)?.into_any(),
            d.file.clone().into_pyobject(py)?.into_any(),
        ];
        Ok((slf.get_type(), PyTuple::new(py, args)?))
    }
}

/// `start <= end`, or a ValueError naming what was out of order.
fn ordered(what: &str, start: u32, end: u32) -> PyResult<()> {
    if start > end {
        return Err(PyValueError::new_err(format!("{what} ends ({end}) before it starts ({start})")));
    }
    Ok(())
}

/// A string as Python's `repr()` shows it.
pub fn py_repr(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_string())
}
