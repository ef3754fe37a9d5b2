#!/usr/bin/env bash
# Runs Lifeline's whole test suite: unit, API, command-line and browser tests.
# On SQLite by default; set LIFELINE_TEST_PG=postgres://postgres@127.0.0.1:5432/test to run the
# same suite on PostgreSQL (each test creates and drops its own database).
# Extra arguments go to `cargo test` (e.g. a test name filter).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser journey uses playwright-core from e2e/ and Debian's /usr/bin/chromium.
if command -v npm >/dev/null && [ ! -d e2e/node_modules/playwright-core ]; then
  npm ci --prefix e2e --no-audit --no-fund --loglevel=error
fi

if [ -n "${LIFELINE_TEST_PG:-}" ]; then
  backend=PostgreSQL
else
  backend=SQLite
fi
echo "== tests on $backend"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --locked "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
echo "$backend: $passed passed, $failed failed"
exit "$status"
