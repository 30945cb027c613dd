"""Type stubs for the compiled module ``dockwright._dockwright`` (re-exported by ``dockwright``)."""

from collections.abc import Iterable, Sequence
from os import PathLike
from typing import Any, Literal, TypeAlias, final

_Severity: TypeAlias = Literal["error", "warning", "info", "style"]
_Applicability: TypeAlias = Literal["safe", "unsafe"]
_Category: TypeAlias = Literal["correctness", "image-size", "security", "layers", "style", "reproducibility"]
# The config dict: the keys and values of `.dockwright.toml` (`tomllib.load()` output works).
_Config: TypeAlias = dict[str, Any]
_StrPath: TypeAlias = str | PathLike[str]

__all__ = [
    "AppliedFix",
    "ConfigError",
    "DecodeError",
    "Diagnostic",
    "Directive",
    "Dockerfile",
    "DockwrightError",
    "Edit",
    "Fix",
    "FixResult",
    "Heredoc",
    "Instruction",
    "Linter",
    "Rule",
    "Stage",
    "SyntaxIssue",
    "__version__",
    "check",
    "check_file",
    "check_many",
    "decode",
    "fix",
    "fix_result",
    "parse",
    "rules",
]

__version__: str

class DockwrightError(ValueError):
    """Base class of every error dockwright raises (a subclass of ValueError)."""

class ConfigError(DockwrightError):
    """A configuration that cannot be used: an unknown key, a bad value or an unknown rule."""

    key: str | None
    """The offending key (e.g. ``'ignore'`` or ``'severity.DL3008'``), when known."""

class DecodeError(DockwrightError):
    """Bytes that are not a Dockerfile's text: invalid UTF-8, a NUL byte or broken UTF-16/32."""

    offset: int
    """Byte offset of the first bad byte."""
    path: str | None
    """The file that was read, if any."""

@final
class Edit:
    """One change: replace the source's bytes ``start:end`` (``str`` indices ``char_start:char_end``)."""

    def __new__(cls, start: int, end: int, content: str, char_start: int, char_end: int) -> Edit: ...
    @property
    def start(self) -> int:
        """Byte offset where the replaced text starts."""
    @property
    def end(self) -> int:
        """Byte offset where the replaced text ends (exclusive)."""
    @property
    def content(self) -> str:
        """The replacement text (empty for a deletion)."""
    @property
    def char_start(self) -> int:
        """``str`` index where the replaced text starts."""
    @property
    def char_end(self) -> int:
        """``str`` index where the replaced text ends (exclusive)."""
    def to_dict(self) -> dict[str, Any]:
        """``{"start", "end", "content"}`` (byte offsets), as in the CLI's JSON."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Fix:
    """A set of non-overlapping edits that together fix one finding."""

    def __new__(cls, applicability: _Applicability, title: str, edits: Sequence[Edit]) -> Fix: ...
    @property
    def applicability(self) -> _Applicability:
        """``"safe"`` (applied by ``fix()``) or ``"unsafe"`` (only by ``fix(unsafe=True)``)."""
    @property
    def title(self) -> str:
        """What the fix does."""
    @property
    def edits(self) -> tuple[Edit, ...]:
        """The edits, sorted by position."""
    def apply(self, source: str) -> str:
        """Applies the edits to ``source`` (the text that was checked)."""
    def to_dict(self) -> dict[str, Any]:
        """``{"applicability", "title", "edits"}``, as in the CLI's JSON."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Diagnostic:
    """One finding. Lines and columns are 1-based; columns count characters.

    ``span`` holds byte offsets into the UTF-8 encoded source (as the CLI's JSON);
    ``char_span`` holds ``str`` indices: ``source[slice(*d.char_span)]``.
    """

    def __new__(
        cls,
        code: str,
        name: str,
        severity: _Severity,
        message: str,
        span: tuple[int, int],
        char_span: tuple[int, int],
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        help: str | None = None,
        fix: Fix | None = None,
        file: str | None = None,
    ) -> Diagnostic: ...
    @property
    def file(self) -> str | None:
        """The path given to ``check()`` (or read by ``check_file()``), else ``None``."""
    @property
    def code(self) -> str:
        """The rule's stable code, e.g. ``"DW203"``."""
    @property
    def name(self) -> str:
        """The rule's kebab-case name, e.g. ``"expose-ssh-port"``."""
    @property
    def severity(self) -> _Severity:
        """The severity, after any configured override."""
    @property
    def message(self) -> str:
        """What is wrong."""
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` byte offsets into the UTF-8 encoded source."""
    @property
    def char_span(self) -> tuple[int, int]:
        """``(start, end)`` ``str`` indices into the source."""
    @property
    def line(self) -> int:
        """1-based line where the finding starts."""
    @property
    def column(self) -> int:
        """1-based column (in characters) where the finding starts."""
    @property
    def end_line(self) -> int:
        """1-based line where the finding ends."""
    @property
    def end_column(self) -> int:
        """1-based column (in characters) just past the end of the finding."""
    @property
    def help(self) -> str | None:
        """What to do instead, when the rule says."""
    @property
    def fix(self) -> Fix | None:
        """The fix for this finding, if the rule offers one."""
    def to_dict(self) -> dict[str, Any]:
        """One entry of ``dockwright check --format json``."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class AppliedFix:
    """A fix that fixing applied (or withheld): its rule and what it does."""

    def __new__(cls, code: str, name: str, title: str) -> AppliedFix: ...
    @property
    def code(self) -> str:
        """The rule's code, e.g. ``"DW101"``."""
    @property
    def name(self) -> str:
        """The rule's name, e.g. ``"prefer-copy-over-add"``."""
    @property
    def title(self) -> str:
        """What the fix does."""
    def to_dict(self) -> dict[str, Any]:
        """``{"code", "name", "title"}``."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class FixResult:
    """What fixing did: the fixed text, the fixes applied and withheld, what is still reported."""

    def __new__(
        cls,
        output: str,
        changed: bool,
        applied: Sequence[AppliedFix],
        withheld: Sequence[AppliedFix],
        converged: bool,
        remaining: Sequence[Diagnostic],
        diff: str,
    ) -> FixResult: ...
    @property
    def output(self) -> str:
        """The fixed text (the input itself when nothing applied)."""
    @property
    def changed(self) -> bool:
        """Whether ``output`` differs from the input."""
    @property
    def applied(self) -> tuple[AppliedFix, ...]:
        """The fixes applied, in order."""
    @property
    def withheld(self) -> tuple[AppliedFix, ...]:
        """Fixes left out because they made the file unreadable: a bug in their rule."""
    @property
    def converged(self) -> bool:
        """False when fixes were still changing the text after the last round (a bug)."""
    @property
    def remaining(self) -> tuple[Diagnostic, ...]:
        """What is still reported on ``output`` (offsets into ``output``)."""
    @property
    def diff(self) -> str:
        """A unified diff from the input to ``output``; empty when unchanged."""
    def to_dict(self) -> dict[str, Any]:
        """The result as the WebAssembly ``fix()`` returns it."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class Rule:
    """A rule's metadata and documentation. ``Rule(id)`` looks one up by code, name or alias."""

    def __new__(cls, id: str) -> Rule: ...
    @property
    def code(self) -> str:
        """Stable code: ``DW`` and three digits."""
    @property
    def name(self) -> str:
        """Stable kebab-case name."""
    @property
    def category(self) -> _Category:
        """What the rule is about."""
    @property
    def severity(self) -> _Severity:
        """Default severity."""
    @property
    def aliases(self) -> tuple[str, ...]:
        """Ids of the same check in hadolint, BuildKit, Trivy and Checkov."""
    @property
    def summary(self) -> str:
        """One line describing what the rule finds."""
    @property
    def fixable(self) -> bool:
        """Whether some findings come with a fix."""
    @property
    def fix(self) -> Literal["none", "safe", "unsafe"]:
        """The kind of fix the rule offers."""
    @property
    def default_enabled(self) -> bool:
        """Whether the rule runs without being selected."""
    @property
    def docs(self) -> str:
        """The documentation in Markdown."""
    def to_dict(self) -> dict[str, Any]:
        """One entry of ``dockwright rules --format json``."""
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Linter:
    """Checks Dockerfiles under one configuration, read and validated once."""

    def __new__(cls, config: _Config | None = None) -> Linter: ...
    def check(self, source: str, *, path: _StrPath | None = None) -> list[Diagnostic]:
        """Checks a Dockerfile's text; ``path`` only labels the diagnostics."""
    def check_file(self, path: _StrPath) -> list[Diagnostic]:
        """Reads, decodes and checks a file."""
    def check_many(self, sources: Iterable[str | tuple[_StrPath | None, str]]) -> list[list[Diagnostic]]:
        """Checks many sources in parallel."""
    def fix(self, source: str, *, unsafe: bool = False) -> str:
        """Applies fixes and returns the fixed text."""
    def fix_result(self, source: str, *, unsafe: bool = False, path: _StrPath | None = None) -> FixResult:
        """Applies fixes and returns what was done."""
    @property
    def rules(self) -> list[Rule]:
        """The rules this linter runs, in code order."""
    @property
    def config(self) -> _Config:
        """The configuration in effect, with every key."""

@final
class Heredoc:
    """A heredoc (``<<EOF`` ... ``EOF``) of a ``RUN``, ``COPY`` or ``ADD``."""

    @property
    def name(self) -> str:
        """The delimiter word, quotes removed."""
    @property
    def body(self) -> str:
        """The raw lines before the terminator, line endings included."""
    @property
    def content(self) -> str:
        """The body as the build sees it (leading tabs removed for ``<<-``)."""
    @property
    def chomp(self) -> bool:
        """``True`` for ``<<-``."""
    @property
    def expand(self) -> bool:
        """Whether variables in the body are expanded."""
    @property
    def fd(self) -> int | None:
        """A file-descriptor prefix such as the ``3`` of ``3<<EOF``."""

@final
class Instruction:
    """One instruction: keyword, position, flags, heredocs and typed arguments."""

    @property
    def keyword(self) -> str:
        """The keyword in upper case."""
    @property
    def line(self) -> int:
        """1-based first line."""
    @property
    def end_line(self) -> int:
        """1-based last line."""
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` byte offsets."""
    @property
    def char_span(self) -> tuple[int, int]:
        """``(start, end)`` ``str`` indices."""
    @property
    def flags(self) -> tuple[str, ...]:
        """The flags as BuildKit reads them, e.g. ``("--from=build",)``."""
    @property
    def heredocs(self) -> tuple[Heredoc, ...]:
        """The heredocs, in order."""
    @property
    def args(self) -> dict[str, Any]:
        """The typed arguments, shaped per instruction as in ``dockwright parse``."""
    @property
    def text(self) -> str:
        """The instruction's source text."""
    @property
    def stage(self) -> int | None:
        """Index of the stage it belongs to; ``None`` before the first ``FROM``."""
    def to_dict(self) -> dict[str, Any]:
        """One entry of ``Dockerfile.to_dict()["instructions"]``."""

@final
class Stage:
    """A build stage; ``Dockerfile.instructions[stage.start:stage.end]`` are its instructions."""

    @property
    def index(self) -> int:
        """Position among the stages, from 0."""
    @property
    def name(self) -> str | None:
        """The name after ``AS``, lower-cased."""
    @property
    def base(self) -> str:
        """The base image as written."""
    @property
    def base_stage(self) -> int | None:
        """The earlier stage this one builds on, when ``base`` names one."""
    @property
    def start(self) -> int:
        """Index of the stage's ``FROM`` instruction."""
    @property
    def end(self) -> int:
        """One past the index of its last instruction."""

@final
class Directive:
    """A parser directive such as ``# syntax=docker/dockerfile:1``."""

    @property
    def kind(self) -> Literal["syntax", "escape", "check"]:
        """Which directive it is."""
    @property
    def name(self) -> str:
        """The name as written."""
    @property
    def value(self) -> str:
        """The value after ``=``."""
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` byte offsets of the comment line."""

@final
class SyntaxIssue:
    """A problem that stops BuildKit from building the file."""

    @property
    def message(self) -> str:
        """What is wrong."""
    @property
    def line(self) -> int:
        """1-based line where the problem starts."""
    @property
    def column(self) -> int:
        """1-based column (in characters) where the problem starts."""
    @property
    def end_line(self) -> int:
        """1-based line where the problem ends."""
    @property
    def end_column(self) -> int:
        """1-based column just past the problem."""
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` byte offsets."""
    @property
    def char_span(self) -> tuple[int, int]:
        """``(start, end)`` ``str`` indices."""

@final
class Dockerfile:
    """A parsed Dockerfile. Parsing never fails: problems are listed in ``errors``."""

    @property
    def source(self) -> str:
        """The text that was parsed."""
    @property
    def escape(self) -> str:
        """The escape character in force."""
    @property
    def instructions(self) -> tuple[Instruction, ...]:
        """Every instruction in source order."""
    @property
    def stages(self) -> tuple[Stage, ...]:
        """The build stages, one per ``FROM``."""
    @property
    def directives(self) -> tuple[Directive, ...]:
        """The parser directives at the top of the file."""
    @property
    def errors(self) -> tuple[SyntaxIssue, ...]:
        """What would stop BuildKit from building the file."""
    def to_dict(self) -> dict[str, Any]:
        """The model as ``dockwright parse FILE`` prints it."""

def check(source: str, *, path: _StrPath | None = None, config: _Config | None = None) -> list[Diagnostic]:
    """Checks a Dockerfile's text and returns its diagnostics, sorted by position."""

def check_file(path: _StrPath, *, config: _Config | None = None) -> list[Diagnostic]:
    """Reads a file, decodes it like the CLI and checks it."""

def check_many(
    sources: Iterable[str | tuple[_StrPath | None, str]], *, config: _Config | None = None
) -> list[list[Diagnostic]]:
    """Checks many sources in parallel; one list of diagnostics per source, in order."""

def fix(source: str, *, unsafe: bool = False, config: _Config | None = None) -> str:
    """Applies safe fixes (and unsafe ones with ``unsafe=True``) and returns the fixed text.

    A fix dropped because it broke the file, or fixing that does not settle, is a bug in a rule
    and is reported as a ``RuntimeWarning``.
    """

def fix_result(
    source: str, *, unsafe: bool = False, path: _StrPath | None = None, config: _Config | None = None
) -> FixResult:
    """Fixes like ``fix()`` and returns the fixed text, the fixes applied and withheld, whether
    fixing settled, what is still reported and a unified diff."""

def parse(source: str) -> Dockerfile:
    """Parses a Dockerfile into typed objects."""

def rules() -> list[Rule]:
    """Every rule, in code order."""

def decode(data: bytes) -> str:
    """Decodes a Dockerfile's bytes as ``check_file()`` does."""
