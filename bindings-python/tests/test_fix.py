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
