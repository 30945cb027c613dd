#!/usr/bin/env bash
# Runs dockwright for pre-commit, building it once inside pre-commit's clone of this repository.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
binary="$repo/target/release/dockwright"
if [ ! -x "$binary" ] || [ "$repo/Cargo.lock" -nt "$binary" ]; then
    cargo build --release --locked --quiet --manifest-path "$repo/Cargo.toml" -p dockwright-cli >&2
fi
exec "$binary" "$@"
