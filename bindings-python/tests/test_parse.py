"""parse(): the typed model and its dict form."""

import pytest

import dockwright

SRC = """# syntax=docker/dockerfile:1
ARG BASE=alpine:3.20
FROM ${BASE} AS Build
RUN --mount=type=cache,target=/root/.cache <<EOF
echo hi
EOF
FROM build
COPY --from=build --chmod=755 /a /b
ONBUILD RUN echo ☃ \\
    done
"""


def test_instructions():
    doc = dockwright.parse(SRC)
    assert [i.keyword for i in doc.instructions] == ["ARG", "FROM", "RUN", "FROM", "COPY", "ONBUILD"]
    assert [(i.line, i.end_line) for i in doc.instructions] == [
        (2, 2),
        (3, 3),
        (4, 6),
        (7, 7),
        (8, 8),
        (9, 10),
    ]
    assert [i.stage for i in doc.instructions] == [None, 0, 0, 1, 1, 1]
    run, copy, onbuild = doc.instructions[2], doc.instructions[4], doc.instructions[5]
    assert run.flags == ("--mount=type=cache,target=/root/.cache",)
    assert copy.flags == ("--from=build", "--chmod=755")
    [heredoc] = run.heredocs
    assert (heredoc.name, heredoc.body, heredoc.content, heredoc.chomp, heredoc.expand, heredoc.fd) == (
        "EOF",
        "echo hi\n",
        "echo hi\n",
        False,
        True,
        None,
    )
    assert run.text == "RUN --mount=type=cache,target=/root/.cache <<EOF\necho hi\nEOF"
    assert onbuild.args["trigger"]["keyword"] == "RUN"
    for instruction in doc.instructions:
        assert SRC[slice(*instruction.char_span)] == instruction.text
        assert SRC.encode()[slice(*instruction.span)] == instruction.text.encode()
    assert onbuild.span != onbuild.char_span


def test_stages_directives_and_escape():
    doc = dockwright.parse(SRC)
    build, final = doc.stages
    assert (build.index, build.name, build.base, build.base_stage, build.start, build.end) == (
        0,
        "build",
        "${BASE}",
        None,
        1,
        3,
    )
    assert (final.name, final.base, final.base_stage) == (None, "build", 0)
    assert [i.keyword for i in doc.instructions[final.start : final.end]] == ["FROM", "COPY", "ONBUILD"]
    [directive] = doc.directives
    assert (directive.kind, directive.name, directive.value) == ("syntax", "syntax", "docker/dockerfile:1")
    assert SRC.encode()[slice(*directive.span)] == b"# syntax=docker/dockerfile:1"
    assert doc.escape == "\\"
    assert dockwright.parse("# escape=`\nFROM a\n").escape == "`"
    assert doc.source == SRC


def test_syntax_errors_are_listed_and_the_rest_is_modelled():
    src = "FROM alpine:3.20 AS bäse\nRUNN x\nCOPY a b\n"
    doc = dockwright.parse(src)
    assert [i.keyword for i in doc.instructions] == ["FROM", "RUNN", "COPY"]
    stage, unknown = doc.errors
    assert (stage.line, stage.column, stage.end_line, stage.end_column) == (1, 21, 1, 25)
    assert src[slice(*stage.char_span)] == "bäse"
    assert src.encode()[slice(*stage.span)] == "bäse".encode()
    assert unknown.line == 2 and "RUNN" in unknown.message
    # The same problems, with the same positions, as the syntax-error rule reports.
    reported = dockwright.check(src, config={"select": ["syntax-error"]})
    assert [(d.message, d.span, d.line, d.column) for d in reported] == [
        (e.message, e.span, e.line, e.column) for e in doc.errors
    ]


def test_to_dict_is_the_parse_json_shape():
    doc = dockwright.parse(SRC)
    data = doc.to_dict()
    assert {"instructions", "stages", "directives", "errors", "escape", "comments", "items"} <= set(data)
    assert [i.to_dict() for i in doc.instructions] == data["instructions"]
    for instruction, entry in zip(doc.instructions, data["instructions"]):
        assert entry["keyword"] == instruction.keyword
        assert (entry["line"], entry["end_line"]) == (instruction.line, instruction.end_line)
        assert tuple(entry["flags"]) == instruction.flags
        assert entry["args"] == instruction.args
        assert (entry["span"]["start"], entry["span"]["end"]) == instruction.span
        assert [h["name"] for h in entry["heredocs"]] == [h.name for h in instruction.heredocs]
    assert [(s["name"], s["base"], s["from"], s["end"]) for s in data["stages"]] == [
        (s.name, s.base, s.start, s.end) for s in doc.stages
    ]
    # Fresh objects each time: changing one does not change the model.
    data["instructions"].clear()
    doc.instructions[0].args.clear()
    assert doc.to_dict()["instructions"] and doc.instructions[0].args


@pytest.mark.parametrize(
    "src", ["", "\n\n", "# just a comment\n", "\\", "FROM", "\ufeffFROM a\n", "FROM a\r\n" * 3]
)
def test_odd_sources_parse(src):
    doc = dockwright.parse(src)
    assert isinstance(doc.to_dict(), dict)
    assert repr(doc).startswith("Dockerfile(instructions=")


def test_model_objects_are_frozen():
    doc = dockwright.parse(SRC)
    instruction, stage = doc.instructions[2], doc.stages[0]
    for obj, attr in [
        (doc, "source"),
        (instruction, "keyword"),
        (instruction, "args"),
        (instruction.heredocs[0], "body"),
        (stage, "name"),
        (doc.directives[0], "value"),
    ]:
        with pytest.raises(AttributeError):
            setattr(obj, attr, None)
    assert isinstance(doc.instructions, tuple) and isinstance(instruction.flags, tuple)
