#!/usr/bin/env bash
# Load benchmark for measure 3 (see README, "Benchmarks"): signed webhook intake, FAQ search
# over 10,000 entries in four languages, and inquiry search over 1,000,000 inquiries. A release
# build on loopback, driven by wrk; each workload beside a raw SQLite baseline from the same
# run. Needs wrk and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-8}
faq_entries=${BENCH_FAQ:-10000}
inquiries=${BENCH_INQUIRIES:-1000000}
cargo build --release --locked --bin lifeline >/dev/null
bin=$PWD/target/release/lifeline
dir=$(mktemp -d)
port=${BENCH_PORT:-18082}
base="http://127.0.0.1:$port"
export LIFELINE_DATA_DIR=$dir
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  cp "$dir/server.log" target/bench-consulting-server.log 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

$bin migrate >/dev/null 2>&1
echo "bench passphrase for the load test" | $bin user create --email bench@bench.cn --name Bench --role admin --password-stdin >/dev/null 2>&1
$bin import work-distribution crates/app/fixtures/work-distribution.csv >/dev/null 2>&1
token=$($bin token create --email bench@bench.cn 2>/dev/null | tail -n 1)
export LL_TOKEN=$token
$bin serve --bind 127.0.0.1:$port >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done

read -r gid secret < <(curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"platform":"wecom","name":"bench group","district":"210202"}' "$base/api/v1/messaging-groups" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["id"], d["secret"])')
export LL_GROUP=$gid

report="target/bench-consulting-report.md"
wrk_log="target/bench-consulting-wrk.log"
: > "$wrk_log"
{
  echo "| workload | c | requests/s | p50 | p99 | errors | raw SQLite ops/s | server / raw |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$report"
run() { # name c script url
  local name=$1 c=$2 script=$3 url=$4 threads out rps p50 p99 errors
  threads=$(( c < 2 ? 1 : 2 ))
  out=$(wrk -t"$threads" -c"$c" -d"${secs}s" --latency -s "$script" "$url")
  printf '== %s c=%s\n%s\n' "$name" "$c" "$out" >> "$wrk_log"
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",", ""); n+=$4+$6+$8+$10} END {print n+0}')
  echo "$name $c $rps $p50 $p99 $errors"
}
declare -A raw
results=()

# 1. Signed webhook intake: unique messages from 2,000 senders (most join an open inquiry).
for c in 1 16; do
  python3 bench/gen_messages.py "$secret" "$dir/msgs-c$c-" 2 40000 2000 "c$c"
  results+=("$(LL_BODIES="$dir/msgs-c$c-" run intake "$c" bench/wrk/intake.lua "$base")")
done

# 2. FAQ search over 10,000 entries in four languages.
python3 bench/seed_faq.py 127.0.0.1 "$port" "$token" "$faq_entries"
for c in 1 16; do results+=("$(run faq_search "$c" bench/wrk/faq_search.lua "$base")"); done

# 3. Inquiry search over 1,000,000 inquiries (seeded straight into the store).
python3 bench/seed_inquiries.py "$dir/lifeline.db" "$inquiries"
for c in 1 16; do results+=("$(run inquiry_search "$c" bench/wrk/inquiry_search.lua "$base")"); done

peak=$(awk '/VmHWM/ {print $2, $3}' "/proc/$pid/status")
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
cp "$dir/lifeline.db" "$dir/baseline.db"
while read -r name ops; do raw[$name]=$ops; done < <(python3 bench/baseline_consulting.py "$dir/baseline.db" 3)
for r in "${results[@]}"; do
  read -r name c rps p50 p99 errors <<< "$r"
  key=${name%%_*}
  ratio=$(python3 -c "print(f'{float(\"$rps\")/float(\"${raw[$key]}\"):.2f}')")
  echo "| $name | $c | $rps | $p50 | $p99 | $errors | ${raw[$key]} | $ratio |" >> "$report"
done
echo "" >> "$report"
echo "Server peak memory (VmHWM): $peak. FAQ: $faq_entries entries × 4 languages; inquiries: $inquiries." >> "$report"
cat "$report"
