#!/usr/bin/env bash
# Measure 2's surge benchmark (issue 12; see README, "Benchmarks"): SURGE_N applications
# (default 1,000,000) through POST /api/v1/funds/applications, on a release build on loopback,
# from SURGE_CONNECTIONS clients at once (default 700: more than the server's default
# admission of 64 writes in flight and 512 waiting, so some are refused with 503 and
# Retry-After, and send the same request again). Then it counts the applications in the store
# against the acknowledged answers, and reports the refusals and any 5xx other than 503. Beside
# it, a raw SQLite baseline from the same run (bench/baseline_funds.py), as a ratio.
# Needs wrk and python3. A quick run: SURGE_N=20000 bash bench/funds_surge.sh
set -euo pipefail
cd "$(dirname "$0")/.."
n=${SURGE_N:-1000000}
programmes=${SURGE_PROGRAMMES:-10}
conns=${SURGE_CONNECTIONS:-700}
max_secs=${SURGE_MAX_SECONDS:-1200}
base_secs=${SURGE_BASELINE_SECONDS:-5}
port=${BENCH_PORT:-18083}
base="http://127.0.0.1:$port"
cargo build --release --locked --bin lifeline >/dev/null
bin=$PWD/target/release/lifeline
dir=$(mktemp -d)
export LIFELINE_DATA_DIR=$dir
cleanup() {
  [ -n "${wpid:-}" ] && kill "$wpid" 2>/dev/null
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  cp "$dir/server.log" target/bench-surge-server.log 2>/dev/null || true
  cp "$dir/wrk.out" target/bench-surge-wrk.log 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
serve() {
  $bin serve --bind "127.0.0.1:$port" >>"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.1; done
  echo "the server did not start" >&2; exit 1
}
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# The store: the city, the work-distribution table, the FT division's staff and chief, and
# enough enterprises for SURGE_N applications over SURGE_PROGRAMMES programmes (one open
# application per programme, enterprise and year).
$bin migrate >/dev/null 2>&1
$bin import districts crates/app/fixtures/districts.csv >/dev/null 2>&1
$bin import work-distribution crates/app/fixtures/work-distribution.csv >/dev/null 2>&1
for who in staff:division_staff chief:division_chief; do
  echo "bench passphrase for the surge test" | $bin user create --email "${who%%:*}@bench.cn" \
    --name "${who%%:*}" --role "${who##*:}" --division FT --password-stdin >/dev/null 2>&1
done
staff=$($bin token create --email staff@bench.cn 2>/dev/null | tail -n 1)
chief=$($bin token create --email chief@bench.cn 2>/dev/null | tail -n 1)
enterprises=$(( (n + programmes - 1) / programmes ))
python3 bench/seed_enterprises.py "$dir/lifeline.db" "$enterprises" "$dir/usccs.txt"

# The SME fund's programmes for this year, each with a published rule: 60 % of the premiums
# paid by a foreign-invested enterprise, no documents required.
serve
year=$(date +%Y)
ids=()
for i in $(seq 1 "$programmes"); do
  id=$(curl -sf -H "Authorization: Bearer $staff" -H 'content-type: application/json' "$base/api/v1/fund-programmes" -d "{
    \"code\": \"surge_$i\", \"name_zh\": \"中小企业国际市场开拓资金 $i\", \"name_en\": \"SME international-market fund $i\",
    \"item\": \"SME international-market fund, export-credit-insurance fund\", \"legal_document\": \"《支持外资外贸企业若干措施》\",
    \"legal_clause\": \"第二条\", \"year\": $year, \"budget\": 900000000000000, \"payment_mode\": \"examined_in_advance\",
    \"documents\": [], \"opens_on\": \"$year-01-01\", \"closes_on\": \"$year-12-31\", \"published\": true}" | json '["id"]')
  curl -sf -H "Authorization: Bearer $staff" -H 'content-type: application/json' "$base/api/v1/fund-programmes/$id/rules" -d "{
    \"effective_from\": \"$year-01-01\", \"effective_to\": \"$year-12-31\", \"note\": \"60 % of premiums\",
    \"rule\": {\"criteria\": [{\"kind\": \"enterprise_kind\", \"any_of\": [\"foreign_invested\"]},
      {\"kind\": \"at_least\", \"figure\": \"premiums_paid\", \"min\": 1}],
      \"formula\": {\"kind\": \"percentage\", \"of\": \"premiums_paid\", \"ratio\": 6000}}}" >/dev/null
  curl -sf -X POST -H "Authorization: Bearer $chief" -H 'content-type: application/json' -d '{}' \
    "$base/api/v1/fund-programmes/$id/rules/1/publish" >/dev/null
  ids+=("$id")
done
programme_ids=$(IFS=,; echo "${ids[*]}")
$bin backup --to "$dir/baseline.db" >/dev/null 2>&1 || python3 -c "
import sqlite3,sys; s=sqlite3.connect(sys.argv[1]); d=sqlite3.connect(sys.argv[2]); s.backup(d)" "$dir/lifeline.db" "$dir/baseline.db"

# The surge. wrk's main thread sleeps out -d, so the script ends it once both threads are done.
mkdir "$dir/done"
export LL_THREADS=2 LL_N=$n LL_TOKEN=$staff LL_PROGRAMMES=$programme_ids LL_USCCS=$dir/usccs.txt LL_DONE_DIR=$dir/done
start=$(date +%s.%N)
wrk -t2 -c"$conns" -d"${max_secs}s" --timeout 60s -s bench/wrk/fund_surge.lua "$base/" >"$dir/wrk.out" 2>"$dir/wrk.err" &
wpid=$!
end=""
while kill -0 "$wpid" 2>/dev/null; do
  if [ "$(ls "$dir/done" | wc -l)" -ge 2 ]; then end=$(date +%s.%N); kill -INT "$wpid"; break; fi
  sleep 0.2
done
wait "$wpid" || true
wpid=""
[ -n "$end" ] || end=$(date +%s.%N)
secs=$(python3 -c "print(f'{$end - $start:.1f}')")
metrics=$(curl -sf "$base/metrics")
peak=$(awk '/VmHWM/ {print $2, $3}' "/proc/$pid/status")
kill -TERM "$pid"; wait "$pid" || true; pid=""

read -r created replayed refused failed client_5xx timeouts < <(awk '/^SURGE/ {
  for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  print v["created"], v["replayed"], v["refused"], v["failed"], v["server_errors"], v["timeouts"] }' "$dir/wrk.out")
read -r p50 p99 < <(awk '/^LATENCY/ { split($2, a, "="); split($3, b, "="); print a[2], b[2] }' "$dir/wrk.out")
server_5xx=$(echo "$metrics" | sed -n 's/^lifeline_http_requests_total{.*status="\(5[0-9][0-9]\)"} \([0-9]*\)$/\1 \2/p' \
  | awk '$1 != 503 {n += $2} END {print n + 0}')
rows=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM fund_applications').fetchone()[0])" "$dir/lifeline.db")
raw=$(python3 bench/baseline_funds.py "$dir/baseline.db" "$dir/lifeline.db" "$base_secs" "$programme_ids" "$dir/usccs.txt")
rate=$(python3 -c "print(f'{$created / $secs:.0f}')")
ratio=$(python3 -c "print(f'{$rate / $raw:.2f}')")
lost=$(( created - rows ))
report=target/bench-surge-report.md
{
  echo "| applications | clients | seconds | applications/s | p50 | p99 | refused 503/429 (sent again) | other errors | 5xx but 503 | rows in the store | acknowledged 2xx | lost | raw SQLite applications/s | server / raw |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  echo "| $n | $conns | $secs | $rate | ${p50} ms | ${p99} ms | $refused | $failed | $server_5xx | $rows | $((created + replayed)) ($created new, $replayed replayed) | $lost | $raw | $ratio |"
  echo ""
  echo "Server peak memory (VmHWM): $peak. wrk timeouts: $timeouts. Every write durable (synchronous=FULL)."
} > "$report"
cat "$report"
[ "$lost" -eq 0 ] && [ "$server_5xx" -eq 0 ] && [ "$client_5xx" -eq 0 ]
