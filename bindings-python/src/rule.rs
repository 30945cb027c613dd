//! `Rule`: a rule's metadata and documentation, straight from the core's registry.

use std::hash::{Hash, Hasher};

use pyo3::prelude::*;
use pyo3::types::{PyTuple, PyType};

use dockwright::rules::{self, FixKind, RuleMeta};

use crate::convert::to_python;
use crate::diagnostic::py_repr;
use crate::errors::DockwrightError;

/// A rule: its stable code and name, category, default severity, aliases in other tools,
/// summary, whether it can fix what it finds, and its documentation.
///
/// ``Rule(id)`` looks a rule up by code, name or alias (``Rule("DL3007")``).
#[pyclass(frozen, eq, hash, module = "dockwright", name = "Rule")]
pub struct Rule {
    meta: &'static RuleMeta,
}

impl Rule {
    pub fn new(meta: &'static RuleMeta) -> Rule {
        Rule { meta }
    }
}

// One `RuleMeta` per rule: identity is the code.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.meta.code == other.meta.code
    }
}

impl Hash for Rule {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.meta.code.hash(state);
    }
}

#[pymethods]
impl Rule {
    /// Looks up a rule by code (``"DW205"``), name (``"expose-ssh-port"``) or alias
    /// (``"DL3007"``, ``"CKV_DOCKER_1"``); raises ``DockwrightError`` for an unknown id.
    #[new]
    fn lookup(id: &str) -> PyResult<Rule> {
        match rules::find(id) {
            Some(rule) => Ok(Rule::new(rule.meta())),
            None => {
                let names = rules::all().iter().map(|r| r.meta().name);
                let hint = dockwright::suggest::did_you_mean(id, names)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                Err(DockwrightError::new_err(format!("no rule named `{id}`{hint}")))
            }
        }
    }

    /// Stable code: ``DW`` and three digits, the first being the category.
    #[getter]
    fn code(&self) -> &'static str {
        self.meta.code
    }

    /// Stable kebab-case name.
    #[getter]
    fn name(&self) -> &'static str {
        self.meta.name
    }

    /// ``"correctness"``, ``"image-size"``, ``"security"``, ``"layers"``, ``"style"`` or
    /// ``"reproducibility"``.
    #[getter]
    fn category(&self) -> &'static str {
        self.meta.category.as_str()
    }

    /// Default severity: ``"error"``, ``"warning"``, ``"info"`` or ``"style"``.
    #[getter]
    fn severity(&self) -> &'static str {
        self.meta.severity.as_str()
    }

    /// Ids of the same check in other tools (hadolint ``DL``, BuildKit, Trivy, Checkov).
    #[getter]
    fn aliases<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.meta.aliases)
    }

    /// One line describing what the rule finds.
    #[getter]
    fn summary(&self) -> &'static str {
        self.meta.summary
    }

    /// Whether some findings come with a fix.
    #[getter]
    fn fixable(&self) -> bool {
        self.meta.fixable()
    }

    /// ``"safe"``, ``"unsafe"`` (applied only by ``fix(unsafe=True)``) or ``"none"``.
    #[getter]
    fn fix(&self) -> &'static str {
        match self.meta.fix {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
        }
    }

    /// Whether the rule runs without being selected explicitly.
    #[getter]
    fn default_enabled(&self) -> bool {
        self.meta.default_enabled
    }

    /// The documentation in Markdown: What it does, Why, Example, Use instead, Fix.
    #[getter]
    fn docs(&self) -> String {
        rules::docs_markdown(self.meta)
    }

    /// The rule as one entry of ``dockwright rules --format json``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let dict = to_python(py, self.meta)?;
        dict.set_item("fixable", self.meta.fixable())?;
        Ok(dict)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Rule(code={}, name={})", py_repr(py, self.meta.code)?, py_repr(py, self.meta.name)?))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> (Bound<'py, PyType>, (&'static str,)) {
        (slf.get_type(), (slf.get().meta.code,))
    }
}
