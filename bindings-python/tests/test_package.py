"""The package: version, exports, type stubs (mypy stubtest and a strict mypy run)."""

import importlib.metadata
import pathlib
import subprocess
import sys
import tomllib

from conftest import BINDINGS, REPO

import dockwright
import dockwright._dockwright as native


def test_version_follows_the_workspace():
    workspace = tomllib.loads((REPO / "Cargo.toml").read_text())
    assert dockwright.__version__ == workspace["workspace"]["package"]["version"]
    assert importlib.metadata.version("dockwright") == dockwright.__version__


def test_the_package_reexports_the_whole_native_module():
    assert sorted(dockwright.__all__) == sorted(native.__all__)
    for name in native.__all__:
        assert getattr(dockwright, name) is getattr(native, name)
    for name in native.__all__:
        obj = getattr(native, name)
        if isinstance(obj, type):
            assert obj.__module__ == "dockwright", name


def test_the_package_is_typed():
    package = pathlib.Path(dockwright.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_dockwright.pyi").is_file()


def test_stubs_match_the_runtime():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy.stubtest",
            "dockwright",
            "--mypy-config-file",
            str(BINDINGS / "pyproject.toml"),
        ],
        capture_output=True,
        check=False,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_typed_usage_passes_strict_mypy():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            str(BINDINGS / "tests" / "typed_usage.py"),
        ],
        capture_output=True,
        check=False,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # And the same file runs.
    subprocess.run([sys.executable, str(BINDINGS / "tests" / "typed_usage.py")], check=True)


def test_stubs_reject_misuse(tmp_path):
    misuse = tmp_path / "misuse.py"
    misuse.write_text(
        "import dockwright\n"
        "dockwright.check(b'FROM a')\n"
        "dockwright.fix('FROM a', True)\n"
        "d = dockwright.check('FROM a')[0]\n"
        "d.line = 3\n"
        "n: str = d.column\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(misuse)],
        capture_output=True,
        check=False,
        text=True,
    )
    assert result.returncode == 1
    for line in (2, 3, 5, 6):
        assert f"misuse.py:{line}: error" in result.stdout, result.stdout
