#!/usr/bin/env bash
# Whole-pipeline throughput and peak memory: the demo corpus replicated to N distinct articles
# (default 20,000), ingested into a fresh store by the release binary.
# Usage: scripts/bench_pipeline.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/make_stream.py "$n" "$work/stream.jsonl"
cargo build --release -q -p rassegna
bytes=$(stat -c %s "$work/stream.jsonl")
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%M %U %S" -o "$work/rss" ./target/release/rassegna --db "$work/bench.db" run "$work/stream.jsonl" 2>"$work/log" || true
else
  ./target/release/rassegna --db "$work/bench.db" run "$work/stream.jsonl" 2>"$work/log" || true
  echo "?" > "$work/rss"
fi
end=$(date +%s.%N)
tail -1 "$work/log"
python3 - "$n" "$start" "$end" "$(tail -1 "$work/rss")" "$bytes" <<'PY'
import sys
n, start, end, size = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[5])
secs = end - start
print(f"articles: {n}  input: {size/1e6:.1f} MB  wall: {secs:.1f} s  throughput: {n/secs:.0f} articles/s (wall)")
parts = sys.argv[4].split()
if len(parts) == 3:
    rss, user, sys_ = int(parts[0]), float(parts[1]), float(parts[2])
    print(f"cpu: {user + sys_:.1f} s ({n/(user + sys_):.0f} articles per cpu-second)  peak RSS: {rss/1024:.0f} MB")
PY
