"""dockwright: check, fix and parse Dockerfiles, natively.

The same rules, configuration and JSON shapes as the ``dockwright`` command, without a
subprocess::

    >>> import dockwright
    >>> found = dockwright.check("FROM alpine\\nEXPOSE 22\\n", config={"select": ["expose-ssh-port"]})
    >>> [d.name for d in found]
    ['expose-ssh-port']

Functions: ``check``, ``check_file``, ``check_many``, ``fix``, ``fix_result``, ``parse``,
``rules``, ``decode``; ``Linter`` reuses one configuration. Errors are ``DockwrightError``
and its subclasses ``ConfigError`` and ``DecodeError`` (all ``ValueError``s).
"""

from ._dockwright import (
    AppliedFix,
    ConfigError,
    DecodeError,
    Diagnostic,
    Directive,
    Dockerfile,
    DockwrightError,
    Edit,
    Fix,
    FixResult,
    Heredoc,
    Instruction,
    Linter,
    Rule,
    Stage,
    SyntaxIssue,
    __version__,
    check,
    check_file,
    check_many,
    decode,
    fix,
    fix_result,
    parse,
    rules,
)

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
