"""fix() and Fix.apply(): safe vs unsafe, idempotence, preserved bytes, broken files."""

import warnings

import pytest
from conftest import SIMPLE

import dockwright

SRC = "# build me\nFROM alpine:3.20\nADD app.tar.gz.txt /srv/\nCMD run --fast\n"


def test_safe_fixes_only_by_default():
    fixed = dockwright.fix(SRC, config=SIMPLE)
    assert fixed == SRC.replace("ADD", "COPY")
    assert [d.name for d in dockwright.check(fixed, config=SIMPLE)] == ["exec-form-cmd"]


def test_unsafe_fixes_on_request():
    fixed = dockwright.fix(SRC, unsafe=True, config=SIMPLE)
    assert fixed == SRC.replace("ADD", "COPY").replace("CMD run --fast", 'CMD ["run", "--fast"]')
    assert dockwright.check(fixed, config=SIMPLE) == []
    assert dockwright.Linter(SIMPLE).fix(SRC, unsafe=True) == fixed


def test_sound_fixes_that_settle_warn_of_nothing():
    # Fixing warns (RuntimeWarning) only for a fix that breaks the file or fixing that does not
    # settle, bugs no rule has; as errors, a spurious warning would raise here.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert dockwright.fix(SRC, unsafe=True) != SRC
        assert dockwright.Linter({"select": ["all"]}).fix(SRC, unsafe=True) != SRC


def test_fixing_is_idempotent_and_keeps_crlf_and_unicode():
    src = "FROM älpine:3.20\r\nADD ☃.txt /srv/\r\nCMD echo héllo\r\n"
    fixed = dockwright.fix(src, unsafe=True, config=SIMPLE)
    assert fixed == 'FROM älpine:3.20\r\nCOPY ☃.txt /srv/\r\nCMD ["echo", "héllo"]\r\n'
    assert dockwright.fix(fixed, unsafe=True, config=SIMPLE) == fixed


def test_nothing_to_fix_returns_the_text_unchanged():
    src = "FROM alpine:3.20\nCOPY a /b\n"
    assert dockwright.fix(src, unsafe=True, config=SIMPLE) == src
    assert dockwright.fix(SRC, config={"select": ["exec-form-cmd"]}) == SRC
    assert dockwright.fix(
        SRC, unsafe=True, config={"select": SIMPLE["select"], "ignore": ["exec-form-cmd"]}
    ) == (SRC.replace("ADD", "COPY"))


def test_a_file_with_syntax_errors_is_left_alone_like_the_cli():
    src = "FROM alpine:3.20\nADD a /b\nRUNN x\n"
    assert dockwright.fix(src, unsafe=True, config=SIMPLE) == src
    # The finding and its fix are still reported.
    add = next(d for d in dockwright.check(src, config=SIMPLE) if d.name == "prefer-copy-over-add")
    assert add.fix is not None


def test_fix_apply_applies_one_finding():
    diagnostics = dockwright.check(SRC, config=SIMPLE)
    add = next(d for d in diagnostics if d.name == "prefer-copy-over-add")
    cmd = next(d for d in diagnostics if d.name == "exec-form-cmd")
    assert add.fix.applicability == "safe" and cmd.fix.applicability == "unsafe"
    assert add.fix.apply(SRC) == SRC.replace("ADD", "COPY")
    assert cmd.fix.apply(SRC) == SRC.replace("CMD run --fast", 'CMD ["run", "--fast"]')


def test_fix_apply_refuses_a_text_it_does_not_fit():
    src = "FROM alpine:3.20\nCMD echo ☃\n"
    [cmd] = dockwright.check(src, config={"select": ["exec-form-cmd"]})
    with pytest.raises(ValueError, match="does not fit this source"):
        cmd.fix.apply("FROM a\n")
    # An offset inside a multi-byte character does not fit either.
    [edit] = cmd.fix.edits
    shifted = dockwright.Fix("unsafe", "t", [dockwright.Edit(edit.end - 1, edit.end, "", 0, 0)])
    with pytest.raises(ValueError, match="does not fit"):
        shifted.apply(src)


def test_fix_result_says_what_fix_did():
    result = dockwright.fix_result(SRC, unsafe=True, path="web/Dockerfile", config=SIMPLE)
    assert result.output == dockwright.fix(SRC, unsafe=True, config=SIMPLE)
    assert result.changed and result.converged and result.withheld == ()
    assert [(f.code, f.name) for f in result.applied] == [
        (d.code, d.name) for d in dockwright.check(SRC, config=SIMPLE) if d.fix is not None
    ]
    assert [f.title for f in result.applied] == ["Replace ADD with COPY", "Convert to exec form"]
    assert result.remaining == ()
    assert result.diff == (
        "--- a/web/Dockerfile\n+++ b/web/Dockerfile\n@@ -1,4 +1,4 @@\n # build me\n FROM alpine:3.20\n"
        '-ADD app.tar.gz.txt /srv/\n-CMD run --fast\n+COPY app.tar.gz.txt /srv/\n+CMD ["run", "--fast"]\n'
    )
    assert dockwright.Linter(SIMPLE).fix_result(SRC, unsafe=True, path="web/Dockerfile") == result


def test_fix_result_remaining_is_what_check_reports_on_the_output():
    src = "FROM alpine:3.20\nADD ☃.txt /srv/\nCMD echo ☃\n"
    result = dockwright.fix_result(src, path="x/Dockerfile", config=SIMPLE)
    assert list(result.remaining) == dockwright.check(result.output, path="x/Dockerfile", config=SIMPLE)
    [cmd] = result.remaining
    # Offsets (bytes and str indices) point into the output, not the input.
    assert result.output[slice(*cmd.char_span)] == "echo ☃"
    assert cmd.fix.apply(result.output) == dockwright.fix(src, unsafe=True, config=SIMPLE)


def test_fix_result_without_changes():
    src = "FROM alpine:3.20\nCOPY a /b\n"
    result = dockwright.fix_result(src, unsafe=True, config=SIMPLE)
    assert (result.output, result.changed, result.applied, result.diff) == (src, False, (), "")
    # A source with syntax errors is left alone; its findings remain, the syntax error first.
    broken = "FROM alpine:3.20\nADD a /b\nRUNN x\n"
    result = dockwright.fix_result(broken, unsafe=True, config=SIMPLE)
    assert (result.output, result.changed, result.applied) == (broken, False, ())
    assert {d.name for d in result.remaining} >= {"syntax-error", "prefer-copy-over-add"}


def test_fix_result_objects_pickle_compare_and_show_themselves():
    import pickle

    result = dockwright.fix_result(SRC, config=SIMPLE)
    assert pickle.loads(pickle.dumps(result)) == result
    [applied] = result.applied
    assert pickle.loads(pickle.dumps(applied)) == applied
    assert hash(applied) == hash(dockwright.AppliedFix(applied.code, applied.name, applied.title))
    assert repr(applied) == (
        "AppliedFix(code='DW402', name='prefer-copy-over-add', title='Replace ADD with COPY')"
    )
    assert repr(result) == "FixResult(changed=True, applied=1, withheld=0, converged=True, remaining=1)"
    assert result != dockwright.fix_result(SRC, unsafe=True, config=SIMPLE)
    # The shape of the WebAssembly fix() result.
    as_dict = result.to_dict()
    assert list(as_dict) == ["output", "changed", "applied", "withheld", "converged", "remaining", "diff"]
    assert (
        as_dict["applied"]
        == [applied.to_dict()]
        == [{"code": "DW402", "name": "prefer-copy-over-add", "title": "Replace ADD with COPY"}]
    )
    assert as_dict["remaining"] == [d.to_dict() for d in result.remaining]
    with pytest.raises(AttributeError):
        result.output = "x"
