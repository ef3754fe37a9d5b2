#!/usr/bin/env bash
# Load benchmark for measure 1's case engine (see README, "Benchmarks").
# A release build on loopback, driven by wrk; every run is bounded (8 s), and the script stops
# the server itself. Beside each workload it reports a raw SQLite baseline measured in the same
# run, and the server's peak memory. Needs: wrk, python3 (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-8}
cargo build --release --locked --bin lifeline >/dev/null
bin=$PWD/target/release/lifeline
dir=$(mktemp -d)
port=${BENCH_PORT:-18080}
export LIFELINE_DATA_DIR=$dir
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  cp "$dir/server.log" target/bench-server.log 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

$bin migrate >/dev/null 2>&1
echo "bench passphrase for the load test" | $bin user create --email bench@bench.cn --name Bench --role leader --password-stdin >/dev/null 2>&1
$bin import districts crates/app/fixtures/districts.csv >/dev/null 2>&1
$bin import work-distribution crates/app/fixtures/work-distribution.csv >/dev/null 2>&1
uscc=91210200MA0QC1234F
printf 'uscc,name,district,kinds\n%s,基准测试企业,210202,foreign_invested\n' "$uscc" > "$dir/e.csv"
$bin import enterprises "$dir/e.csv" >/dev/null 2>&1
read -r w2_case w3_case < <(python3 bench/seed_cases.py "$dir/lifeline.db" 100000 "$uscc")
token=$($bin token create --email bench@bench.cn 2>/dev/null | tail -n 1)
cp "$dir/lifeline.db" "$dir/baseline.db"

$bin serve --bind 127.0.0.1:$port >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

export LL_TOKEN=$token LL_USCC=$uscc LL_CASE_W2=$w2_case LL_CASE_W3=$w3_case
report="target/bench-report.md"
wrk_log="target/bench-wrk.log"   # wrk's own output, for the errors column
: > "$wrk_log"
{
  echo "| workload | c | requests/s | p50 | p99 | errors | raw SQLite ops/s | server / raw |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$report"
declare -A raw
while read -r name ops; do raw[$name]=$ops; done < <(python3 bench/baseline.py "$dir/baseline.db" "$uscc" "$w2_case" "$w3_case" 3)
for w in w1_create_case w2_add_record w3_get_case w4_list_open; do
  for c in 1 16; do
    threads=$(( c < 2 ? 1 : 2 ))
    out=$(wrk -t"$threads" -c"$c" -d"${secs}s" --latency -s "bench/wrk/$w.lua" "http://127.0.0.1:$port/api/v1/cases")
    printf '== %s c=%s\n%s\n' "$w" "$c" "$out" >> "$wrk_log"
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1=="50%" {print $2}')
    p99=$(echo "$out" | awk '$1=="99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",", ""); n+=$4+$6+$8+$10} END {print n+0}')
    key=$(echo "$w" | cut -c1-2 | tr a-z A-Z)
    ratio=$(python3 -c "print(f'{float(\"$rps\")/float(\"${raw[$key]}\"):.2f}')")
    echo "| $w | $c | $rps | $p50 | $p99 | $errors | ${raw[$key]} | $ratio |" >> "$report"
  done
done
peak=$(awk '/VmHWM/ {print $2, $3}' "/proc/$pid/status")
echo "" >> "$report"
echo "Server peak memory (VmHWM): $peak. Store: 100,000 seeded cases; every write is durable (synchronous=FULL)." >> "$report"
cat "$report"
