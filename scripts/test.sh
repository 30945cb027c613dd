#!/usr/bin/env bash
# Sets up everything the tests need and runs every test. Safe to run again: each step skips
# only what is already installed at the right version.
#
#   ./scripts/test.sh
#
# The data-driven tests read ../shared (the corpus and BuildKit's fixtures). Without it they
# print SKIPPED lines; CI sets DOCKWRIGHT_REQUIRE_SHARED=1 so they can never be skipped there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

step() { printf '\n==> %s\n' "$*"; }

step "Python tools (.venv): BuildKit's parser for the differential test"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt
export DOCKWRIGHT_PYTHON="$root/.venv/bin/python"

step "Formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The benches' mimalloc variant (parse_ratio under the CLI's allocator, run by benches/compare.py).
cargo clippy -p dockwright-benches --all-targets --features mimalloc --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "Python module (bindings-python/run-tests.sh)"
./bindings-python/run-tests.sh

step "WebAssembly package and playground (bindings-wasm/test.sh)"
./bindings-wasm/test.sh

step "Benches compile"
cargo bench --workspace --locked --no-run

step "All tests passed"
