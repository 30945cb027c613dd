#!/usr/bin/env bash
# Builds everything (build.sh) and runs the JS tests: the API of both builds against the CLI,
# the TypeScript typings, and the playground in headless Chromium. Installs what it lacks
# (Debian's chromium, the npm tools); safe to run again.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
    echo "== installing chromium (Debian)"
    apt-get update
    apt-get install -y chromium
fi

./build.sh

echo
echo "== node --test"
node --test --test-concurrency=1 tests/
