//! `FixResult` and `AppliedFix`: fixing with its account (what was applied, what was withheld,
//! what is still reported), the shape the WebAssembly `fix()` returns. `fix()` alone returns
//! only the text and turns fixing problems into warnings.

use pyo3::prelude::*;
use pyo3::types::{PyTuple, PyType};
use serde::Serialize;

use dockwright::Applicability;
use dockwright::source::{OffsetIndex, OffsetUnit};

use crate::convert::to_python;
use crate::diagnostic::{Diagnostic, py_repr};

/// The fixes `unsafe=` allows: safe ones, or unsafe ones as well.
pub fn applicability(r#unsafe: bool) -> Applicability {
    if r#unsafe { Applicability::Unsafe } else { Applicability::Safe }
}

/// A fix that fixing applied (or withheld): its rule and what it does.
#[pyclass(frozen, eq, hash, module = "dockwright", name = "AppliedFix")]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AppliedFix {
    /// The rule's code, e.g. ``"DW101"``.
    #[pyo3(get)]
    code: String,
    /// The rule's name, e.g. ``"prefer-copy-over-add"``.
    #[pyo3(get)]
    name: String,
    /// What the fix does, e.g. ``"Replace ADD with COPY"``.
    #[pyo3(get)]
    title: String,
}

impl AppliedFix {
    fn from_core(fix: &dockwright::fix::AppliedFix) -> AppliedFix {
        AppliedFix { code: fix.code.to_string(), name: fix.name.to_string(), title: fix.title.clone() }
    }
}

#[pymethods]
impl AppliedFix {
    /// Normally made by ``fix_result()``; the constructor exists for pickling and tests.
    #[new]
    fn new(code: String, name: String, title: String) -> AppliedFix {
        AppliedFix { code, name, title }
    }

    /// ``{"code", "name", "title"}``, as in the WebAssembly ``fix()`` result.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "AppliedFix(code={}, name={}, title={})",
            py_repr(py, &self.code)?,
            py_repr(py, &self.name)?,
            py_repr(py, &self.title)?
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let f = slf.get();
        let args = (f.code.clone(), f.name.clone(), f.title.clone());
        Ok((slf.get_type(), args.into_pyobject(slf.py())?))
    }
}

/// What fixing a source did: the fixed text, the fixes applied and withheld, and what is still
/// reported on the fixed text.
///
/// ``withheld`` fixes (left out because they made the file unreadable) and ``converged`` false
/// (fixes still changing the text after the last round) are bugs in a rule, to report; unlike
/// ``fix()``, ``fix_result()`` does not warn about them.
#[pyclass(frozen, eq, module = "dockwright", name = "FixResult")]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixResult {
    /// The fixed text (the input itself when nothing applied).
    #[pyo3(get)]
    output: String,
    /// Whether ``output`` differs from the input.
    #[pyo3(get)]
    changed: bool,
    applied: Vec<AppliedFix>,
    withheld: Vec<AppliedFix>,
    /// False when fixes were still changing the text after the last round.
    #[pyo3(get)]
    converged: bool,
    remaining: Vec<Diagnostic>,
    /// A unified diff from the input to ``output`` (``a/<path>``, ``b/<path>``); empty when
    /// nothing changed.
    #[pyo3(get)]
    diff: String,
}

impl FixResult {
    /// Fixes `source` (no Python object is touched, so this runs without the GIL). `path` labels
    /// the remaining diagnostics and the diff, as `dockwright check --fix --diff` does.
    pub fn of(
        linter: &dockwright::Linter,
        source: &str,
        allow: Applicability,
        path: Option<&str>,
    ) -> FixResult {
        let outcome = linter.fix(source, allow);
        let chars = OffsetIndex::new(&outcome.output, OffsetUnit::Char);
        let remaining =
            outcome.remaining.into_iter().map(|d| Diagnostic::from_core(d, path, &chars)).collect();
        // Labelled as `dockwright check --diff` labels its files.
        let label = path.map_or("Dockerfile", |p| p.trim_start_matches('/'));
        let diff =
            dockwright::diff::unified(source, &outcome.output, &format!("a/{label}"), &format!("b/{label}"));
        FixResult {
            changed: outcome.output != source,
            applied: outcome.applied.iter().map(AppliedFix::from_core).collect(),
            withheld: outcome.withheld.iter().map(AppliedFix::from_core).collect(),
            converged: outcome.converged,
            remaining,
            diff,
            output: outcome.output,
        }
    }
}

#[pymethods]
impl FixResult {
    /// Normally made by ``fix_result()``; the constructor exists for pickling and tests.
    #[new]
    #[pyo3(signature = (output, changed, applied, withheld, converged, remaining, diff))]
    fn new(
        output: String,
        changed: bool,
        applied: Vec<Bound<'_, AppliedFix>>,
        withheld: Vec<Bound<'_, AppliedFix>>,
        converged: bool,
        remaining: Vec<Bound<'_, Diagnostic>>,
        diff: String,
    ) -> FixResult {
        let owned = |fixes: Vec<Bound<'_, AppliedFix>>| fixes.iter().map(|f| f.get().clone()).collect();
        FixResult {
            output,
            changed,
            applied: owned(applied),
            withheld: owned(withheld),
            converged,
            remaining: remaining.iter().map(|d| d.get().clone()).collect(),
            diff,
        }
    }

    /// The fixes applied, in the order they were applied.
    #[getter]
    fn applied<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.applied.clone())
    }

    /// Fixes left out because they made the file unreadable: a bug in their rule, to report.
    #[getter]
    fn withheld<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.withheld.clone())
    }

    /// What is still reported on ``output`` (offsets into ``output``), sorted by position.
    #[getter]
    fn remaining<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.remaining.clone())
    }

    /// The result as the WebAssembly ``fix()`` returns it: ``output``, ``changed``,
    /// ``applied``, ``withheld``, ``converged``, ``remaining`` (CLI JSON diagnostics), ``diff``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self)
    }

    fn __repr__(&self) -> String {
        format!(
            "FixResult(changed={}, applied={}, withheld={}, converged={}, remaining={})",
            if self.changed { "True" } else { "False" },
            self.applied.len(),
            self.withheld.len(),
            if self.converged { "True" } else { "False" },
            self.remaining.len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let r = slf.get();
        let args = (
            r.output.clone(),
            r.changed,
            r.applied(py)?,
            r.withheld(py)?,
            r.converged,
            r.remaining(py)?,
            r.diff.clone(),
        );
        Ok((slf.get_type(), args.into_pyobject(py)?))
    }
}
