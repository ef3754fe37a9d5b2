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
  echo "== tests on PostgreSQL (${LIFELINE_TEST_PG})"
else
  echo "== tests on SQLite"
fi
cargo test --workspace --locked "$@"
