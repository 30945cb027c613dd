//! `parse()`: the core's typed model as frozen Python objects.
//!
//! The typed attributes come from the core's model; `to_dict()` and `Instruction.args` come
//! from `dockwright::model::to_json`, the JSON `dockwright parse` prints, so the two can never
//! disagree on shape. That JSON costs several times the parse itself, so it is built on first
//! use only, once per file, and shared by the file's objects.

use std::sync::{Arc, OnceLock};

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde_json::Value;

use dockwright::model::{self, DirectiveKind};

use crate::convert::to_python;
use crate::diagnostic::py_repr;
use dockwright::source::{OffsetIndex, OffsetUnit};

/// A parsed Dockerfile: its instructions, stages, parser directives and syntax errors.
///
/// Parsing never fails: problems are listed in ``errors`` and the rest of the file is still
/// modelled. Every span is a ``(start, end)`` pair of byte offsets into the UTF-8 encoded
/// source; ``char_span`` attributes give ``str`` indices.
#[pyclass(frozen, module = "dockwright", name = "Dockerfile")]
pub struct Dockerfile {
    shared: Arc<Shared>,
    escape: char,
    /// Every instruction in source order (an ``ONBUILD`` trigger stays inside its instruction).
    #[pyo3(get)]
    instructions: Py<PyTuple>,
    /// The build stages, one per ``FROM``, in order.
    #[pyo3(get)]
    stages: Py<PyTuple>,
    /// The parser directives at the top of the file (``# syntax=``, ``# escape=``, ``# check=``).
    #[pyo3(get)]
    directives: Py<PyTuple>,
    /// What would stop BuildKit from building the file (the ``syntax-error`` rule reports them).
    #[pyo3(get)]
    errors: Py<PyTuple>,
}

/// What a file's objects share: the source, and its `dockwright parse` JSON once built.
struct Shared {
    source: String,
    json: OnceLock<Value>,
}

impl Shared {
    /// The core's model borrows its source, so it is not kept beside it: parsing again costs a
    /// fraction of building the JSON.
    fn json(&self) -> &Value {
        self.json.get_or_init(|| model::to_json(&dockwright::parse(&self.source)))
    }
}

#[pymethods]
impl Dockerfile {
    /// The text that was parsed.
    #[getter]
    fn source(&self) -> &str {
        &self.shared.source
    }

    /// The escape character in force: ``"\\"`` or ``"`"`` (set by the ``escape`` directive).
    #[getter]
    fn escape(&self) -> char {
        self.escape
    }

    /// The model as ``dockwright parse FILE`` prints it (without its ``file`` and ``encoding``).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, py.detach(|| self.shared.json()))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Dockerfile(instructions={}, stages={}, errors={})",
            self.instructions.bind(py).len(),
            self.stages.bind(py).len(),
            self.errors.bind(py).len()
        )
    }
}

/// One instruction: its keyword, position, flags, heredocs and typed arguments.
#[pyclass(frozen, module = "dockwright", name = "Instruction")]
pub struct Instruction {
    /// The keyword in upper case (``"RUN"``); an unknown instruction keeps its own word.
    #[pyo3(get)]
    keyword: String,
    /// 1-based first line.
    #[pyo3(get)]
    line: u32,
    /// 1-based last line (continuations and heredoc terminators included).
    #[pyo3(get)]
    end_line: u32,
    span: (u32, u32),
    char_span: (u32, u32),
    flags: Vec<String>,
    heredocs: Vec<Heredoc>,
    /// The instruction's source text, from the keyword to the end of its last line.
    #[pyo3(get)]
    text: String,
    /// Index of the stage the instruction belongs to; ``None`` before the first ``FROM``.
    #[pyo3(get)]
    stage: Option<usize>,
    index: usize,
    shared: Arc<Shared>,
}

impl Instruction {
    fn json(&self, py: Python<'_>) -> &Value {
        &py.detach(|| self.shared.json())["instructions"][self.index]
    }
}

#[pymethods]
impl Instruction {
    /// ``(start, end)`` byte offsets of the instruction (final line break excluded).
    #[getter]
    fn span(&self) -> (u32, u32) {
        self.span
    }

    /// ``(start, end)`` ``str`` indices of the instruction: ``source[start:end] == text``.
    #[getter]
    fn char_span(&self) -> (u32, u32) {
        self.char_span
    }

    /// The flags as BuildKit reads them (quotes removed), e.g. ``("--from=build",)``.
    #[getter]
    fn flags<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.flags)
    }

    /// The heredocs of a ``RUN``, ``COPY`` or ``ADD``, in order.
    #[getter]
    fn heredocs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.heredocs.clone())
    }

    /// The typed arguments as a fresh dict, shaped per instruction as in ``dockwright parse``
    /// (e.g. ``{"args": [{"text": "alpine", "span": {...}}]}`` for ``FROM alpine``).
    #[getter]
    fn args<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.json(py)["args"])
    }

    /// The instruction as one entry of ``Dockerfile.to_dict()["instructions"]``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.json(py))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Instruction(keyword={}, line={}, end_line={})",
            py_repr(py, &self.keyword)?,
            self.line,
            self.end_line
        ))
    }
}

/// A heredoc (``<<EOF`` ... ``EOF``) of a ``RUN``, ``COPY`` or ``ADD``.
#[pyclass(frozen, module = "dockwright", name = "Heredoc")]
#[derive(Clone)]
pub struct Heredoc {
    /// The delimiter word, quotes removed.
    #[pyo3(get)]
    name: String,
    /// The raw lines between the instruction and the terminator, line endings included.
    #[pyo3(get)]
    body: String,
    /// The body as the build sees it (leading tabs removed for ``<<-``).
    #[pyo3(get)]
    content: String,
    /// ``True`` for ``<<-``, which strips leading tabs.
    #[pyo3(get)]
    chomp: bool,
    /// Whether variables in the body are expanded (no part of the delimiter was quoted).
    #[pyo3(get)]
    expand: bool,
    /// A file-descriptor prefix such as the ``3`` of ``3<<EOF``.
    #[pyo3(get)]
    fd: Option<u32>,
}

#[pymethods]
impl Heredoc {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Heredoc(name={}, body={})", py_repr(py, &self.name)?, py_repr(py, &self.body)?))
    }
}

/// A build stage: a ``FROM`` and the instructions up to the next one.
///
/// ``Dockerfile.instructions[stage.start:stage.end]`` are its instructions, its ``FROM`` first.
#[pyclass(frozen, module = "dockwright", name = "Stage")]
pub struct Stage {
    /// Position among the stages, from 0.
    #[pyo3(get)]
    index: usize,
    /// The name after ``AS``, lower-cased as BuildKit stores it.
    #[pyo3(get)]
    name: Option<String>,
    /// The base image as written (variables unexpanded).
    #[pyo3(get)]
    base: String,
    /// The index of the earlier stage this one builds on, when ``base`` names one.
    #[pyo3(get)]
    base_stage: Option<usize>,
    /// Index of the stage's ``FROM`` in ``Dockerfile.instructions``.
    #[pyo3(get)]
    start: usize,
    /// One past the index of the stage's last instruction.
    #[pyo3(get)]
    end: usize,
}

#[pymethods]
impl Stage {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let name = match &self.name {
            Some(n) => py_repr(py, n)?,
            None => "None".to_string(),
        };
        Ok(format!("Stage(index={}, name={name}, base={})", self.index, py_repr(py, &self.base)?))
    }
}

/// A parser directive such as ``# syntax=docker/dockerfile:1``.
#[pyclass(frozen, module = "dockwright", name = "Directive")]
pub struct Directive {
    /// ``"syntax"``, ``"escape"`` or ``"check"``.
    #[pyo3(get)]
    kind: &'static str,
    /// The name as written (directive names are case-insensitive).
    #[pyo3(get)]
    name: String,
    /// The value after ``=``.
    #[pyo3(get)]
    value: String,
    span: (u32, u32),
}

#[pymethods]
impl Directive {
    /// ``(start, end)`` byte offsets of the whole comment line, ``#`` included.
    #[getter]
    fn span(&self) -> (u32, u32) {
        self.span
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("Directive(kind={}, value={})", py_repr(py, self.kind)?, py_repr(py, &self.value)?))
    }
}

/// A problem that stops BuildKit from building the file, with its exact position.
#[pyclass(frozen, module = "dockwright", name = "SyntaxIssue")]
pub struct SyntaxIssue {
    /// What is wrong.
    #[pyo3(get)]
    message: String,
    /// 1-based line where the problem starts.
    #[pyo3(get)]
    line: u32,
    /// 1-based column (in characters) where the problem starts.
    #[pyo3(get)]
    column: u32,
    /// 1-based line where the problem ends.
    #[pyo3(get)]
    end_line: u32,
    /// 1-based column (in characters) just past the problem.
    #[pyo3(get)]
    end_column: u32,
    span: (u32, u32),
    char_span: (u32, u32),
}

#[pymethods]
impl SyntaxIssue {
    /// ``(start, end)`` byte offsets of the problem.
    #[getter]
    fn span(&self) -> (u32, u32) {
        self.span
    }

    /// ``(start, end)`` ``str`` indices of the problem.
    #[getter]
    fn char_span(&self) -> (u32, u32) {
        self.char_span
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "SyntaxIssue(line={}, column={}, message={})",
            self.line,
            self.column,
            py_repr(py, &self.message)?
        ))
    }
}

/// Everything `parse()` returns, built without touching Python objects (so without the GIL).
pub struct Parsed {
    shared: Arc<Shared>,
    escape: char,
    instructions: Vec<Instruction>,
    stages: Vec<Stage>,
    directives: Vec<Directive>,
    errors: Vec<SyntaxIssue>,
}

impl Parsed {
    pub fn new(source: &str) -> Parsed {
        let doc = dockwright::parse(source);
        let chars = OffsetIndex::new(source, OffsetUnit::Char);
        let shared = Arc::new(Shared { source: source.to_string(), json: OnceLock::new() });
        let span = |s: model::Span| (s.start, s.end);
        let instructions = doc
            .instructions
            .iter()
            .enumerate()
            .map(|(i, ins)| Instruction {
                keyword: ins.keyword_upper().into_owned(),
                line: ins.line,
                end_line: ins.end_line,
                span: span(ins.span),
                char_span: chars.span(ins.span.start, ins.span.end),
                flags: ins.flags.iter().map(|f| f.text.to_string()).collect(),
                heredocs: ins
                    .heredocs
                    .iter()
                    .map(|h| Heredoc {
                        name: h.name.to_string(),
                        body: h.body.to_string(),
                        content: h.content().into_owned(),
                        chomp: h.chomp,
                        expand: h.expand,
                        fd: h.fd,
                    })
                    .collect(),
                text: doc.text(ins.span).to_string(),
                stage: doc.stage_of(i),
                index: i,
                shared: Arc::clone(&shared),
            })
            .collect();
        let stages = doc
            .stages
            .iter()
            .map(|s| Stage {
                index: s.index,
                name: s.name.as_deref().map(str::to_string),
                base: s.base.to_string(),
                base_stage: s.base_stage,
                start: s.from,
                end: s.end,
            })
            .collect();
        let directives = doc
            .directives
            .iter()
            .map(|d| Directive {
                kind: match d.kind {
                    DirectiveKind::Syntax => "syntax",
                    DirectiveKind::Escape => "escape",
                    DirectiveKind::Check => "check",
                },
                name: d.name.to_string(),
                value: d.value.to_string(),
                span: span(d.span),
            })
            .collect();
        let errors = doc
            .errors
            .iter()
            .map(|e| {
                let start = doc.line_column(e.span.start);
                let end = doc.line_column(e.span.end);
                SyntaxIssue {
                    message: e.message.clone(),
                    line: start.line,
                    column: start.column,
                    end_line: end.line,
                    end_column: end.column,
                    span: span(e.span),
                    char_span: chars.span(e.span.start, e.span.end),
                }
            })
            .collect();
        Parsed { shared, escape: doc.escape, instructions, stages, directives, errors }
    }

    pub fn into_python(self, py: Python<'_>) -> PyResult<Dockerfile> {
        Ok(Dockerfile {
            shared: self.shared,
            escape: self.escape,
            instructions: PyTuple::new(py, self.instructions)?.unbind(),
            stages: PyTuple::new(py, self.stages)?.unbind(),
            directives: PyTuple::new(py, self.directives)?.unbind(),
            errors: PyTuple::new(py, self.errors)?.unbind(),
        })
    }
}
