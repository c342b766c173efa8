#!/usr/bin/env bash
# Whole-pipeline throughput and peak memory: a stream of N distinct articles made from the demo corpus
# (default 20,000; see scripts/make_stream.py), ingested into a fresh store by the release binary.
# MODE is `events` (default: realistic story sizes) or `replicate` (the pathological stream that grows
# stories of over a thousand reports). Prints the stage split (`run --timings`) and the biggest stories.
# Usage: scripts/bench_pipeline.sh [N] [MODE]      (honours CARGO_TARGET_DIR; BIN=path skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
mode=${2:-events}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/make_stream.py "$n" "$work/stream.jsonl" --mode "$mode"
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p rassegna
  BIN="${CARGO_TARGET_DIR:-target}/release/rassegna"
fi
bytes=$(stat -c %s "$work/stream.jsonl")
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f "%M %U %S" -o "$work/rss" "$BIN" --db "$work/bench.db" run "$work/stream.jsonl" --timings 2>"$work/log" || true
else
  "$BIN" --db "$work/bench.db" run "$work/stream.jsonl" --timings 2>"$work/log" || true
  echo "?" > "$work/rss"
fi
end=$(date +%s.%N)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep 'time in' "$work/log" || true
tail -1 "$work/log"
python3 - "$n" "$start" "$end" "$(tail -1 "$work/rss")" "$bytes" "$mode" "$work/bench.db" <<'PY'
import sqlite3
import sys
n, start, end, size = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[5])
secs = end - start
print(f"mode: {sys.argv[6]}  articles: {n}  input: {size/1e6:.1f} MB  wall: {secs:.1f} s  throughput: {n/secs:.0f} articles/s (wall)")
parts = sys.argv[4].split()
if len(parts) == 3:
    rss, user, sys_ = int(parts[0]), float(parts[1]), float(parts[2])
    print(f"cpu: {user + sys_:.1f} s ({n/(user + sys_):.0f} articles per cpu-second)  peak RSS: {rss/1024:.0f} MB")
db = sqlite3.connect(sys.argv[7])
sizes = [r[0] for r in db.execute("SELECT n_articles FROM stories ORDER BY n_articles DESC")]
if sizes:
    small = sum(1 for s in sizes if s <= 10)
    print(f"stories: {len(sizes)}  at most 10 reports: {100 * small / len(sizes):.0f}%  biggest: {sizes[:5]}")
PY
