"""Shared fixtures: the shared corpus, the CLI binary, and small Dockerfiles.

Tests that need `../shared` (the corpus) or the CLI binary skip with a reason when they are
missing; under DOCKWRIGHT_REQUIRE_SHARED=1 (as in CI) a missing one is a failure instead, so
they can never be skipped there by accident. `run-tests.sh` builds the CLI and sets
DOCKWRIGHT_CLI.
"""

import os
import pathlib

import pytest

BINDINGS = pathlib.Path(__file__).resolve().parents[1]
REPO = BINDINGS.parent

# Rules with simple, stable behaviour (others are added all the time; never count them).
SIMPLE_RULES = ["syntax-error", "no-latest-tag", "expose-ssh-port", "prefer-copy-over-add", "exec-form-cmd"]
SIMPLE = {"select": SIMPLE_RULES}


def _missing(what: str) -> None:
    message = f"{what} not found"
    if os.environ.get("DOCKWRIGHT_REQUIRE_SHARED") == "1":
        pytest.fail(f"{message}; DOCKWRIGHT_REQUIRE_SHARED=1 forbids skipping")
    pytest.skip(message)


@pytest.fixture(scope="session")
def corpus_files() -> list[pathlib.Path]:
    shared = pathlib.Path(os.environ.get("DOCKWRIGHT_SHARED", REPO.parent / "shared"))
    files = sorted((shared / "corpus" / "files").glob("*.Dockerfile"))
    if not files:
        _missing(f"the shared corpus ({shared}/corpus/files; set DOCKWRIGHT_SHARED)")
    return files


@pytest.fixture(scope="session")
def example_files() -> list[pathlib.Path]:
    files = sorted(p for p in (REPO / "examples").iterdir() if p.is_file())
    assert files, "the repository's examples/ folder is empty"
    return files


@pytest.fixture(scope="session")
def cli() -> str:
    path = os.environ.get("DOCKWRIGHT_CLI")
    if not path or not os.access(path, os.X_OK):
        _missing("the dockwright CLI (set DOCKWRIGHT_CLI to the binary; run-tests.sh does)")
    return str(path)
