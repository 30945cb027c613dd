#!/usr/bin/env bash
# Builds the Python bindings and runs their tests. Safe to run again: it reuses the repository's
# .venv (creating it when missing), pip skips pinned tools already installed, and cargo
# rebuilds only what changed.
#
#   bindings-python/run-tests.sh [pytest args...]
#
# Steps: pinned tools into .venv; ruff; `maturin develop --release` (the tests and the benchmark run
# the optimized extension); the CLI, for the tests that compare with its JSON; pytest; then the
# packaging checks: `maturin build --release` gives exactly one abi3 wheel, which installs with
# `--no-index` into a fresh venv and works there, and `pip install ./bindings-python` (the
# PEP 517 path, pip fetches maturin itself) works in another fresh venv. Set
# DOCKWRIGHT_SKIP_PACKAGING=1 to skip those. CARGO_TARGET_DIR is honoured, and DOCKWRIGHT_VENV
# names another venv than the repository's .venv.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
venv=${DOCKWRIGHT_VENV:-$root/.venv}
py=$venv/bin/python

step() { printf '\n==> [%ss] %s\n' "$SECONDS" "$*"; }

step "Python tools in $venv"
if [ ! -x "$py" ]; then
    python3 -m venv "$venv"
fi
"$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-test.txt"

step "Python formatting and lints (ruff)"
"$venv/bin/ruff" format --check --quiet "$here"
"$venv/bin/ruff" check --quiet "$here"

step "Extension (maturin develop --release)"
(cd "$here" && VIRTUAL_ENV=$venv PATH=$venv/bin:$PATH maturin develop --release --locked --quiet)

step "CLI, for the agreement tests"
cargo build --locked --quiet --manifest-path "$root/Cargo.toml" -p dockwright-cli
target=$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
    "$py" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
export DOCKWRIGHT_CLI=$target/debug/dockwright

step "pytest"
(cd "$here" && "$py" -m pytest -q "$@")

if [ "${DOCKWRIGHT_SKIP_PACKAGING:-0}" = 1 ]; then
    step "Packaging checks skipped (DOCKWRIGHT_SKIP_PACKAGING=1)"
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
smoke='import dockwright; [d] = dockwright.check("FROM a:latest\n", config={"select": ["no-latest-tag"]}); print("import dockwright", dockwright.__version__, "ok:", d.name)'

step "maturin build --release: one abi3 wheel"
(cd "$here" && "$venv/bin/maturin" build --release --locked --quiet --out "$tmp/dist")
wheels=("$tmp"/dist/*.whl)
version=$("$py" -c 'import dockwright; print(dockwright.__version__)')
if [ "${#wheels[@]}" -ne 1 ] || [[ "$(basename "${wheels[0]}")" != dockwright-"$version"-cp311-abi3-*.whl ]]; then
    echo "expected one dockwright-$version-cp311-abi3-*.whl, got: ${wheels[*]}" >&2
    exit 1
fi
echo "${wheels[0]##*/}"
python3 -m venv "$tmp/wheel-venv"
"$tmp/wheel-venv/bin/pip" install --quiet --disable-pip-version-check --no-index "${wheels[0]}"
(cd "$tmp" && "$tmp/wheel-venv/bin/python" -c "$smoke")

step "pip install ./bindings-python into a fresh venv"
python3 -m venv "$tmp/pep517-venv"
"$tmp/pep517-venv/bin/pip" install --quiet --disable-pip-version-check "$here"
(cd "$tmp" && "$tmp/pep517-venv/bin/python" -c "$smoke")

step "Python bindings: all checks passed"
