"""The corpus benchmark keeps working (a short run; the figures themselves are not checked)."""

import subprocess
import sys

from conftest import BINDINGS


def test_bench_runs(corpus_files):
    result = subprocess.run(
        [sys.executable, str(BINDINGS / "bench" / "bench_corpus.py"), "--corpus", str(corpus_files[0].parent),
         "--rounds", "1", "--limit", "40"],
        capture_output=True,
        check=False,
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "corpus: 40 files" in result.stdout
    assert (
        "dockerfile-parse time / dockwright.check() time" in result.stdout and "check_many()" in result.stdout
    )
