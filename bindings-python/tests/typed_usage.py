"""Typical use of the API, type-checked with `mypy --strict` by test_package.py (and run)."""

import pathlib
import tempfile

import dockwright


def summarize(diagnostics: list[dockwright.Diagnostic]) -> list[str]:
    lines: list[str] = []
    for d in diagnostics:
        start, end = d.span
        char_start, char_end = d.char_span
        fix: dockwright.Fix | None = d.fix
        title = fix.title if fix is not None else "-"
        edits: tuple[dockwright.Edit, ...] = fix.edits if fix is not None else ()
        lines.append(
            f"{d.file}:{d.line}:{d.column} {d.severity} {d.code} {start}-{end} "
            f"{char_start}-{char_end} {title} {len(edits)}"
        )
    return lines


def main() -> None:
    config: dict[str, object] = {"select": ["no-latest-tag", "prefer-copy-over-add"]}
    source = "FROM alpine:latest\nADD a /b\n"
    found = dockwright.check(source, path="Dockerfile", config=config)
    assert len(summarize(found)) == 2
    fixed: str = dockwright.fix(source, unsafe=False, config=config)
    result: dockwright.FixResult = dockwright.fix_result(source, path="Dockerfile", config=config)
    applied: tuple[dockwright.AppliedFix, ...] = result.applied
    assert result.output == fixed and [f.name for f in applied] == ["prefer-copy-over-add"]
    assert result.converged and not result.withheld and len(result.remaining) == 1
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp, "Dockerfile")
        path.write_text(fixed)
        assert len(dockwright.check_file(path, config=config)) == 1
    batches: list[list[dockwright.Diagnostic]] = dockwright.check_many([source, ("x/Dockerfile", fixed)])
    assert len(batches) == 2
    linter = dockwright.Linter(config)
    rules: list[dockwright.Rule] = linter.rules
    assert {r.name for r in rules} == {"no-latest-tag", "prefer-copy-over-add"}
    doc: dockwright.Dockerfile = dockwright.parse(source)
    stage: dockwright.Stage = doc.stages[0]
    first: dockwright.Instruction = doc.instructions[stage.start]
    assert first.keyword == "FROM" and first.stage == 0 and doc.to_dict()["instructions"]
    try:
        dockwright.decode(b"\xff")
    except dockwright.DecodeError as e:
        offset: int = e.offset
        assert offset == 0
    try:
        dockwright.Linter({"selct": []})
    except dockwright.ConfigError as e:
        key: str | None = e.key
        assert key == "selct"
    version: str = dockwright.__version__
    assert version


if __name__ == "__main__":
    main()
