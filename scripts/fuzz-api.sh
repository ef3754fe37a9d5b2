#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis: starts `lifeline
# demo` on a free loopback port with a fresh database, makes an admin API token, and fails on
# any 5xx answer or any answer that the document does not describe (status code, content type,
# headers, body schema).
#
#   scripts/fuzz-api.sh            # SQLite, in a temporary data folder
#   scripts/fuzz-api.sh postgres   # a fresh database beside $LIFELINE_FUZZ_PG (default
#                                  # postgres://postgres@127.0.0.1:5432/test), dropped afterwards
#
# Bounded: FUZZ_EXAMPLES generated cases per operation (default 20) besides the coverage
# phase's boundary cases, and FUZZ_TIMEOUT seconds for the whole schemathesis run (default
# 420). Needs `schemathesis` 4 (pip) on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

backend=${1:-sqlite}
examples=${FUZZ_EXAMPLES:-20}
timeout=${FUZZ_TIMEOUT:-420}
# The server part of the URL: the fuzz database is created beside the one named.
pg_admin=${LIFELINE_FUZZ_PG:-postgres://postgres@127.0.0.1:5432/test}
pg_server=${pg_admin%/*}

cargo build --locked -q -p cli
bin=$PWD/target/debug/lifeline

work=$(mktemp -d)
server=""
db=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ -n "$db" ]; then
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

export LIFELINE_DATA_DIR="$work/data"
unset LIFELINE_DATABASE_URL
case "$backend" in
  sqlite) ;;
  postgres)
    db="lifeline_fuzz_$$"
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    export LIFELINE_DATABASE_URL="$pg_server/$db"
    ;;
  *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;;
esac

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
RUST_LOG=${RUST_LOG:-warn} "$bin" demo --bind "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$work/server.log" >&2
    echo "FAIL: lifeline demo did not start" >&2
    exit 1
  fi
  sleep 1
done
token=$("$bin" token create --email admin@demo.lifeline.cn --label fuzz | tail -n 1)

echo "== schemathesis on $backend ($base, $examples examples per operation)"
status=0
timeout "$timeout" schemathesis --no-color run "$base/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "$examples" \
  --workers 2 \
  --seed "${FUZZ_SEED:-20260101}" \
  --request-timeout 20 \
  --generation-database none \
  --suppress-health-check all || status=$?

if grep -qE '"level":"ERROR"| ERROR ' "$work/server.log"; then
  echo "== the server logged errors:" >&2
  grep -E '"level":"ERROR"| ERROR ' "$work/server.log" | head -n 20 >&2
  status=1
fi
exit "$status"
