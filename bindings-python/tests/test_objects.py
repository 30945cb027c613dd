"""Diagnostic, Fix, Edit and Rule as Python objects: frozen, comparable, picklable, readable."""

import copy
import pickle

import pytest
from conftest import SIMPLE

import dockwright

SRC = "FROM älpine:latest\nEXPOSE 22\nADD a /b\nCMD run ☃\n"


@pytest.fixture
def diagnostics():
    found = dockwright.check(SRC, path="svc/Dockerfile", config=SIMPLE)
    assert [d.name for d in found] == [
        "no-latest-tag",
        "expose-ssh-port",
        "prefer-copy-over-add",
        "exec-form-cmd",
    ]
    return found


def test_pickle_round_trips(diagnostics):
    fixes = [d.fix for d in diagnostics if d.fix]
    edits = [e for f in fixes for e in f.edits]
    rules = dockwright.rules()
    for obj in [*diagnostics, *fixes, *edits, *rules]:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            again = pickle.loads(pickle.dumps(obj, protocol))
            assert type(again) is type(obj)
            assert again == obj and hash(again) == hash(obj)
        assert copy.deepcopy(obj) == obj
    again = pickle.loads(pickle.dumps(diagnostics))
    assert [(d.char_span, d.file, d.fix and d.fix.edits) for d in again] == [
        (d.char_span, d.file, d.fix and d.fix.edits) for d in diagnostics
    ]


def test_objects_are_frozen(diagnostics):
    d = diagnostics[-1]
    targets = [
        (d, "message"),
        (d, "line"),
        (d, "fix"),
        (d.fix, "title"),
        (d.fix.edits[0], "start"),
        (dockwright.rules()[0], "code"),
    ]
    for obj, attr in targets:
        with pytest.raises(AttributeError):
            setattr(obj, attr, getattr(obj, attr))
    assert isinstance(d.fix.edits, tuple)


def test_equality_and_hashing(diagnostics):
    again = dockwright.check(SRC, path="svc/Dockerfile", config=SIMPLE)
    assert again == diagnostics
    assert len(set(diagnostics) | set(again)) == len(diagnostics)
    unlabelled = dockwright.check(SRC, config=SIMPLE)
    assert unlabelled != diagnostics  # the file is part of a diagnostic
    assert diagnostics[0] != "no-latest-tag"
    assert dockwright.Rule("no-latest-tag") == dockwright.Rule(dockwright.Rule("no-latest-tag").code)
    assert len({r for r in dockwright.rules()}) == len(dockwright.rules())


def test_reprs_are_readable(diagnostics):
    latest, _, add, cmd = diagnostics
    assert repr(latest) == (
        f"Diagnostic(code='{latest.code}', name='no-latest-tag', severity='warning', line=1, column=13, "
        f"message={latest.message!r}, file='svc/Dockerfile')"
    )
    assert repr(add.fix) == "Fix(applicability='safe', title='Replace ADD with COPY', edits=1)"
    assert repr(add.fix.edits[0]) == f"Edit(start={add.span[0]}, end={add.span[1]}, content='COPY')"
    assert repr(cmd.fix.edits[0]).endswith('content=\'["run", "☃"]\')')
    assert repr(dockwright.Rule("expose-ssh-port")).startswith("Rule(code='DW")


def test_to_dict_shapes(diagnostics):
    add = diagnostics[2]
    data = add.to_dict()
    assert list(data) == [
        "file", "code", "name", "severity", "message", "span",
        "line", "column", "end_line", "end_column", "help", "fix",
    ]  # fmt: skip
    assert data["span"] == {"start": add.span[0], "end": add.span[1]}
    assert data["fix"] == {
        "applicability": "safe",
        "title": add.fix.title,
        "edits": [{"start": add.span[0], "end": add.span[1], "content": "COPY"}],
    }
    assert data["fix"] == add.fix.to_dict()
    assert diagnostics[1].to_dict()["fix"] is None
    data["message"] = "changed"
    assert add.to_dict()["message"] != "changed"


def test_constructors_build_equal_objects_and_validate(diagnostics):
    cmd = diagnostics[-1]
    edits = [dockwright.Edit(e.start, e.end, e.content, e.char_start, e.char_end) for e in cmd.fix.edits]
    fix = dockwright.Fix(cmd.fix.applicability, cmd.fix.title, edits)
    made = dockwright.Diagnostic(
        cmd.code, cmd.name, cmd.severity, cmd.message, cmd.span, cmd.char_span,
        cmd.line, cmd.column, cmd.end_line, cmd.end_column, help=cmd.help, fix=fix, file=cmd.file,
    )  # fmt: skip
    assert made == cmd
    with pytest.raises(ValueError, match="unknown severity"):
        dockwright.Diagnostic("DW1", "x", "loud", "m", (0, 1), (0, 1), 1, 1, 1, 2)
    with pytest.raises(ValueError, match="before it starts"):
        dockwright.Diagnostic("DW1", "x", "error", "m", (3, 1), (0, 1), 1, 1, 1, 2)
    with pytest.raises(ValueError, match="before it starts"):
        dockwright.Edit(5, 4, "", 5, 4)
    with pytest.raises(ValueError, match="unknown applicability"):
        dockwright.Fix("risky", "t", [])
    with pytest.raises(TypeError):
        dockwright.Fix("safe", "t", ["not an edit"])


def test_docstrings_everywhere():
    public = [getattr(dockwright, name) for name in dockwright.__all__ if name != "__version__"]
    for obj in public:
        assert obj.__doc__ and obj.__doc__.strip(), obj
        if isinstance(obj, type) and not issubclass(obj, BaseException):
            for attr, member in vars(obj).items():
                if not attr.startswith("_"):
                    assert member.__doc__ and member.__doc__.strip(), f"{obj.__name__}.{attr}"
