"""check(), check_file(), decode() and check_many(): results, positions, decoding, errors."""

import multiprocessing
import pathlib
import random

import pytest
from conftest import SIMPLE

import dockwright


def names(diagnostics):
    return [d.name for d in diagnostics]


def test_check_reports_positions_and_fields():
    src = "FROM alpine:3.20\nEXPOSE 80 22\n"
    [d] = dockwright.check(src, config={"select": ["expose-ssh-port"]})
    assert (d.code, d.name, d.severity) == (
        dockwright.Rule("expose-ssh-port").code,
        "expose-ssh-port",
        "warning",
    )
    assert (d.line, d.column, d.end_line, d.end_column) == (2, 11, 2, 13)
    assert src[slice(*d.char_span)] == "22"
    assert src.encode()[slice(*d.span)] == b"22"
    assert d.file is None
    assert "22" in d.message


def test_diagnostics_come_sorted_by_position():
    src = "FROM alpine:latest\nEXPOSE 22\nADD a /b\nCMD run me\n"
    diagnostics = dockwright.check(src, config=SIMPLE)
    assert names(diagnostics) == ["no-latest-tag", "expose-ssh-port", "prefer-copy-over-add", "exec-form-cmd"]
    assert [d.span for d in diagnostics] == sorted(d.span for d in diagnostics)


def test_syntax_problems_are_diagnostics_not_exceptions():
    src = "FROM alpine:3.20\nRUNN echo hi\nCOPY --nope=1 a b\n"
    diagnostics = dockwright.check(src, config=SIMPLE)
    assert names(diagnostics) == ["syntax-error", "syntax-error"]
    assert [d.line for d in diagnostics] == [2, 3]
    assert diagnostics[0].severity == "error"


def test_default_config_runs_only_default_rules():
    src = pathlib.Path(__file__).resolve().parents[2].joinpath("examples", "Dockerfile").read_text()
    found = {d.name for d in dockwright.check(src)}
    defaults = {r.name for r in dockwright.rules() if r.default_enabled}
    assert found and found <= defaults
    assert dockwright.check(src) == dockwright.Linter().check(src) == dockwright.check(src, config={})


def test_path_labels_diagnostics_and_reads_nothing(tmp_path):
    src = "FROM a:latest\n"
    missing = tmp_path / "not-there" / "Dockerfile"
    for path in (str(missing), missing):
        [d] = dockwright.check(src, path=path, config={"select": ["no-latest-tag"]})
        assert d.file == str(missing)
        assert d.to_dict()["file"] == str(missing)


def test_config_selects_ignores_and_overrides_severity():
    src = "FROM alpine:latest\nEXPOSE 22\n"
    assert names(dockwright.check(src, config={"select": ["expose-ssh-port"]})) == ["expose-ssh-port"]
    ignored = dockwright.check(src, config={"select": SIMPLE["select"], "ignore": ["expose-ssh-port"]})
    assert names(ignored) == ["no-latest-tag"]
    [d] = dockwright.check(
        src, config={"select": ["expose-ssh-port"], "severity": {"expose-ssh-port": "error"}}
    )
    assert d.severity == "error"
    # Codes and hadolint aliases name rules too.
    latest = dockwright.Rule("no-latest-tag")
    assert names(dockwright.check(src, config={"select": [latest.code]})) == ["no-latest-tag"]
    assert names(dockwright.check(src, config={"select": [latest.aliases[0]]})) == ["no-latest-tag"]


def test_inline_suppressions_are_honoured():
    src = "FROM alpine:3.20\n# dockwright ignore=expose-ssh-port\nEXPOSE 22\n"
    assert dockwright.check(src, config=SIMPLE) == []
    assert names(dockwright.check(src, config={**SIMPLE, "disable-inline-ignores": True})) == [
        "expose-ssh-port"
    ]


def test_columns_count_characters_and_char_spans_slice_str():
    src = 'FROM ünïcode:latest AS bäse\nLABEL note="☃ snow"\nCMD echo héllo ☃\n'
    latest, stage, cmd = dockwright.check(src, config=SIMPLE)
    assert latest.name == "no-latest-tag"
    assert (latest.line, latest.column, latest.end_column) == (1, 14, 20)
    assert src[slice(*latest.char_span)] == "latest"
    assert src.encode()[slice(*latest.span)] == b"latest"
    assert latest.span != latest.char_span
    # BuildKit refuses non-ASCII stage names: a syntax error after three wide characters.
    assert (stage.name, stage.line, stage.column, stage.end_column) == ("syntax-error", 1, 24, 28)
    assert src[slice(*stage.char_span)] == "bäse"
    assert cmd.name == "exec-form-cmd"
    assert (cmd.line, cmd.column, cmd.end_column) == (3, 5, 17)
    assert src[slice(*cmd.char_span)] == "echo héllo ☃"
    [edit] = cmd.fix.edits
    assert src[edit.char_start : edit.char_end] == "echo héllo ☃"
    assert src.encode()[edit.start : edit.end] == "echo héllo ☃".encode()


def test_crlf_input():
    src = "FROM alpine:latest\r\nEXPOSE 22\r\nADD a /b\r\n"
    latest, ssh, add = dockwright.check(src, config=SIMPLE)
    assert (latest.line, latest.column, latest.end_column) == (1, 13, 19)
    assert (ssh.line, ssh.column, ssh.end_line, ssh.end_column) == (2, 8, 2, 10)
    assert src[slice(*ssh.char_span)] == "22"
    assert add.line == 3
    lf = dockwright.check(src.replace("\r\n", "\n"), config=SIMPLE)
    positions = [(d.name, d.line, d.column, d.end_line, d.end_column) for d in (latest, ssh, add)]
    assert positions == [(d.name, d.line, d.column, d.end_line, d.end_column) for d in lf]


def test_check_file_decodes_like_the_cli(tmp_path):
    text = "FROM älpine:latest\r\nEXPOSE 22\n"
    expected = dockwright.check(text, config=SIMPLE)
    assert names(expected) == ["no-latest-tag", "expose-ssh-port"]
    encodings = {
        "utf8": text.encode(),
        "utf8-bom": b"\xef\xbb\xbf" + text.encode(),
        "utf16-le": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf16-be": b"\xfe\xff" + text.encode("utf-16-be"),
    }
    for label, data in encodings.items():
        path = tmp_path / f"{label}.Dockerfile"
        path.write_bytes(data)
        assert dockwright.decode(data) == text, label
        got = dockwright.check_file(path, config=SIMPLE)
        assert [(d.name, d.span, d.char_span, d.line, d.column) for d in got] == [
            (d.name, d.span, d.char_span, d.line, d.column) for d in expected
        ], label
        assert {d.file for d in got} == {str(path)}
        assert dockwright.Linter(SIMPLE).check_file(str(path)) == got


@pytest.mark.parametrize(
    ("data", "offset", "words"),
    [
        (b"FROM a\n\xff\n", 7, "invalid UTF-8"),
        (b"FROM a\nRUN \x00\n", 11, "NUL byte"),
        (b"\xef\xbb\xbfFROM \xc3", 8, "invalid UTF-8"),
        (b"\xff\xfeF\x00\x00", 4, "UTF-16"),
        (b"\xff\xfe\x00\xd8a\x00", 2, "UTF-16"),
    ],
)
def test_undecodable_bytes_raise_decode_error_with_offset(tmp_path, data, offset, words):
    path = tmp_path / "Dockerfile"
    path.write_bytes(data)
    with pytest.raises(dockwright.DecodeError) as caught:
        dockwright.check_file(path)
    error = caught.value
    assert (error.offset, error.path) == (offset, str(path))
    assert str(path) in str(error) and f"offset {offset}" in str(error) and words in str(error)
    with pytest.raises(dockwright.DecodeError) as caught:
        dockwright.decode(data)
    assert (caught.value.offset, caught.value.path) == (offset, None)
    assert isinstance(caught.value, dockwright.DockwrightError)
    assert isinstance(caught.value, ValueError)


def test_unreadable_paths_raise_os_errors(tmp_path):
    with pytest.raises(FileNotFoundError) as caught:
        dockwright.check_file(tmp_path / "missing")
    assert caught.value.filename == str(tmp_path / "missing")
    with pytest.raises(IsADirectoryError):
        dockwright.check_file(tmp_path)
    with pytest.raises(TypeError):
        dockwright.check_file(42)  # type: ignore[arg-type]


def test_check_many_equals_sequential_check(corpus_files):
    texts = [dockwright.decode(p.read_bytes()) for p in corpus_files[::7]]
    sources = [(str(p), t) for p, t in zip(corpus_files[::7], texts)]
    for config in (None, {"select": ["all"]}):
        many = dockwright.check_many(sources, config=config)
        assert len(many) == len(sources)
        assert many == [dockwright.check(t, path=p, config=config) for p, t in sources]
        assert sum(map(len, many)) > len(sources)  # the comparison is not between empty lists
    assert dockwright.check_many(texts) == [dockwright.check(t) for t in texts]


def test_check_many_accepts_any_iterable_and_keeps_order():
    sources = ["FROM a:latest\n", ("p/Dockerfile", "FROM a\nEXPOSE 22\n"), (None, "FROM b\nADD x /y\n"), ""]
    expected = [
        ["no-latest-tag"],
        ["expose-ssh-port"],
        ["prefer-copy-over-add"],
        ["syntax-error"],
    ]
    result = dockwright.check_many(iter(sources), config=SIMPLE)
    assert [names(r) for r in result] == expected
    assert {d.file for d in result[1]} == {"p/Dockerfile"}
    assert {d.file for d in result[2]} == {None}
    assert dockwright.Linter(SIMPLE).check_many(s for s in sources) == result
    assert dockwright.check_many([]) == []


def _check_many_in_child(queue):
    queue.put([[d.name for d in r] for r in dockwright.check_many(["FROM a:latest\n"] * 20, config=SIMPLE)])


# Python 3.12+ warns about forking a process that has threads, which is the point here.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_check_many_works_in_a_forked_child():
    dockwright.check_many(["FROM a\n"] * 20)  # the parent's threads exist now
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_check_many_in_child, args=(queue,))
    child.start()
    child.join(60)
    if child.is_alive():
        child.kill()
        pytest.fail("check_many() hung in a forked child")
    assert child.exitcode == 0
    assert queue.get(timeout=5) == [["no-latest-tag"]] * 20


@pytest.mark.parametrize(
    ("sources", "words"),
    [
        ("FROM a\n", "not one source"),
        (b"FROM a\n", "not one source"),
        (["FROM a\n", 3], "item 1 must be a str or a (path, str) tuple, not int"),
        ([("a", "FROM a", "x")], "item 0 must be"),
        ([(3, "FROM a")], "item 0: the path"),
        ([("a", b"FROM a")], "item 0: the source must be a str, not bytes"),
        (5, "not iterable"),
    ],
)
def test_check_many_rejects_bad_items(sources, words):
    with pytest.raises(TypeError) as caught:
        dockwright.check_many(sources)
    assert words in str(caught.value)


def test_hostile_input_never_crashes():
    rng = random.Random(6)
    alphabet = [
        "FROM",
        "RUN",
        " ",
        "\\",
        "\n",
        "\r",
        "\t",
        "<<EOF",
        "EOF",
        '"',
        "[",
        "]",
        "$",
        "{",
        "é",
        "☃",
        "#",
        "=",
    ]
    linter = dockwright.Linter({"select": ["all"]})
    for _ in range(300):
        src = "".join(rng.choice(alphabet) for _ in range(rng.randrange(60)))
        linter.check(src)
        dockwright.parse(src)
        fixed = linter.fix(src, unsafe=True)
        assert isinstance(fixed, str)
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(40)))
        try:
            dockwright.check(dockwright.decode(data))
        except dockwright.DecodeError as e:
            assert 0 <= e.offset <= len(data)
    # A str Rust cannot hold (a lone surrogate) is an exception too, not a crash.
    with pytest.raises(UnicodeEncodeError):
        dockwright.check("FROM a\ud800\n")
