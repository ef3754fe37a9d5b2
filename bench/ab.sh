#!/usr/bin/env bash
# A/B of two Lifeline binaries on measure 1's workloads (W1-W4 of bench/run.sh, at c=16) in the
# same run: each binary gets its own store of 100,000 seeded cases and serves it on loopback,
# and the runs alternate (A, B, A, B, ...) so that a noisy neighbour slows both alike.
#   bash bench/ab.sh OLD_BINARY NEW_BINARY [rounds]
# Build the old binary from another commit in its own target folder, e.g.
#   git worktree add /tmp/old <commit> && (cd /tmp/old && CARGO_TARGET_DIR=/tmp/oldtarget cargo build --release --bin lifeline)
set -euo pipefail
cd "$(dirname "$0")/.."
a_bin=$(realpath "$1")
b_bin=$(realpath "$2")
rounds=${3:-3}
secs=${BENCH_SECONDS:-6}
root=$(mktemp -d)
cleanup() {
  for f in "$root"/*/pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
  rm -rf "$root"
}
trap cleanup EXIT

uscc=91210200MA0QC1234F
# Sets up a store for binary $1 in folder $2, serves it on port $3; prints "token w2_case w3_case".
setup() {
  local bin=$1 dir=$2 port=$3
  mkdir -p "$dir"
  export LIFELINE_DATA_DIR=$dir
  "$bin" migrate >/dev/null 2>&1
  echo "bench passphrase for the load test" | "$bin" user create --email bench@bench.cn --name Bench --role leader --password-stdin >/dev/null 2>&1
  "$bin" import districts crates/app/fixtures/districts.csv >/dev/null 2>&1
  "$bin" import work-distribution crates/app/fixtures/work-distribution.csv >/dev/null 2>&1
  printf 'uscc,name,district,kinds\n%s,基准测试企业,210202,foreign_invested\n' "$uscc" > "$dir/e.csv"
  "$bin" import enterprises "$dir/e.csv" >/dev/null 2>&1
  local w2 w3
  read -r w2 w3 < <(python3 bench/seed_cases.py "$dir/lifeline.db" 100000 "$uscc")
  local token
  token=$("$bin" token create --email bench@bench.cn 2>/dev/null | tail -n 1)
  "$bin" serve --bind "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  echo "$token $w2 $w3"
}

read -r a_token a_w2 a_w3 < <(setup "$a_bin" "$root/a" 18181)
read -r b_token b_w2 b_w3 < <(setup "$b_bin" "$root/b" 18182)

# Prints "requests/s p99" of one wrk run.
run() {
  local port=$1 token=$2 w2=$3 w3=$4 w=$5
  local out
  out=$(LL_TOKEN=$token LL_USCC=$uscc LL_CASE_W2=$w2 LL_CASE_W3=$w3 wrk -t2 -c16 -d"${secs}s" --latency -s "bench/wrk/$w.lua" "http://127.0.0.1:$port/api/v1/cases")
  if echo "$out" | grep -q "Non-2xx"; then
    echo "errors in $w on port $port" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1=="99%" {print $2}')"
}

echo "| workload (c=16) | round | A requests/s | B requests/s | B / A | A p99 | B p99 |"
echo "|---|---|---|---|---|---|---|"
for w in w1_create_case w2_add_record w3_get_case w4_list_open; do
  for r in $(seq 1 "$rounds"); do
    read -r a_rps a_p99 < <(run 18181 "$a_token" "$a_w2" "$a_w3" "$w")
    read -r b_rps b_p99 < <(run 18182 "$b_token" "$b_w2" "$b_w3" "$w")
    ratio=$(python3 -c "print(f'{float(\"$b_rps\")/float(\"$a_rps\"):.2f}')")
    echo "| $w | $r | $a_rps | $b_rps | $ratio | $a_p99 | $b_p99 |"
  done
done
