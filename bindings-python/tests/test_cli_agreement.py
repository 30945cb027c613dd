"""The Python API and the `dockwright` CLI agree on the same files, field by field.

`check --format json`, `rules --format json` and `parse` are run on the repository's examples
and on the shared corpus (every file for `check`, a sample for `parse`, which takes one
process per file), and compared with `check_file(...).to_dict()`, `Rule.to_dict()` and
`parse(...).to_dict()`.
"""

import collections
import json
import subprocess

import pytest

import dockwright


def run_cli(cli, *args):
    result = subprocess.run([cli, *args], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def cli_check(cli, paths, select):
    args = ["check", "--format", "json", *(["--select", select] if select else []), *map(str, paths)]
    by_file = collections.defaultdict(list)
    for entry in run_cli(cli, *args):
        by_file[entry["file"]].append(entry)
    return by_file


def assert_same_diagnostics(cli_by_file, files, config):
    compared = 0
    for path in files:
        ours = [d.to_dict() for d in dockwright.check_file(str(path), config=config)]
        theirs = cli_by_file.get(str(path), [])
        assert len(ours) == len(theirs), f"{path}: {len(ours)} diagnostics here, {len(theirs)} from the CLI"
        for mine, cli in zip(ours, theirs):
            assert list(mine) == list(cli), f"{path}: field order differs"
            for field in cli:
                assert mine[field] == cli[field], (
                    f"{path}: {field} differs for {cli['name']} at line {cli['line']}"
                )
        compared += len(ours)
    return compared


def test_check_agrees_on_the_examples(cli, example_files):
    for select, config in ((None, None), ("all", {"select": ["all"]})):
        compared = assert_same_diagnostics(cli_check(cli, example_files, select), example_files, config)
        assert compared > len(example_files)


def test_check_agrees_on_the_whole_corpus_with_every_rule(cli, corpus_files):
    directory = corpus_files[0].parent
    by_file = cli_check(cli, [directory], "all")
    assert set(by_file) <= {str(p) for p in corpus_files}
    compared = assert_same_diagnostics(by_file, corpus_files, {"select": ["all"]})
    assert compared > len(corpus_files)


def test_check_agrees_on_a_corpus_sample_with_the_defaults(cli, corpus_files):
    sample = corpus_files[::10]
    assert assert_same_diagnostics(cli_check(cli, sample, None), sample, None) > 0


def test_rules_agree(cli):
    assert run_cli(cli, "rules", "--format", "json") == [r.to_dict() for r in dockwright.rules()]


@pytest.fixture(scope="module")
def parse_sample(example_files, corpus_files):
    return [*example_files, *corpus_files[::150]]


def test_parse_agrees(cli, parse_sample):
    for path in parse_sample:
        theirs = run_cli(cli, "parse", str(path))
        assert theirs.pop("file") == str(path)
        theirs.pop("encoding")
        ours = dockwright.parse(dockwright.decode(path.read_bytes())).to_dict()
        assert ours == theirs, path


def test_fix_result_diff_agrees_with_check_diff(cli, example_files, corpus_files):
    # `check --diff` prints the diff of each file it would fix, nothing for the others.
    changed = 0
    for path in [*example_files, *corpus_files[::50]]:
        args = ["check", "--diff", "--unsafe-fixes", "--select", "all", str(path)]
        result = subprocess.run([cli, *args], capture_output=True, text=True, check=False)
        assert result.returncode in (0, 1), result.stderr
        text = dockwright.decode(path.read_bytes())
        ours = dockwright.fix_result(text, unsafe=True, path=str(path), config={"select": ["all"]})
        assert ours.diff == result.stdout, path
        changed += ours.changed
    assert changed > len(example_files)
