#!/usr/bin/env bash
# The stateful worker's own ceiling (BENCHMARKS.md, "Scaling out"): how many articles per second the
# one worker holding the `stateful` lease stores (dedup, clustering, revision, story rebuild,
# registry, the batch's transaction) when the per-document stages are not what it waits for.
#
#   scripts/bench_stateful.sh [N] [MODE] [WORKERS]   # default 20000 events 2
#
# A stream of N articles (scripts/make_stream.py N MODE) is published on Kafka; WORKERS workers run
# the per-document stages on all of it and queue it in a new PostgreSQL database while the script
# holds the stateful lease itself; then it lets the lease go, one worker takes the stateful stage and
# drains the queue with the machine to itself. Prints both phases' articles/s, the stored count
# every 10 s (a rate that falls as the store grows would show work in proportion to the store),
# and the stateful worker's own progress lines (time per stage since it opened).
# RASSEGNA_BIN names the binary (default: the release build under CARGO_TARGET_DIR or target); the
# servers are the test ones (scripts/postgres.sh, scripts/kafka.sh: KAFKA_PORT, TANSU_ROOT...).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-20000}"; MODE="${2:-events}"; WORKERS="${3:-2}"
BIN="${RASSEGNA_BIN:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/rassegna}"
eval "$(scripts/postgres.sh start)"
eval "$(scripts/kafka.sh start)"
TMP="$(mktemp -d)"; TOPIC="stateful.$$.$(date +%s)"; NAME="rassegna_bench_stateful_$$"
DB="${RASSEGNA_TEST_POSTGRES%/*}/$NAME"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  psql "$RASSEGNA_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
q() { psql "$DB" -Atc "$1"; }
now() { date +%s.%N; }
python3 scripts/make_stream.py "$N" "$TMP/stream.jsonl" --mode "$MODE" >/dev/null
psql "$RASSEGNA_TEST_POSTGRES" -qc "CREATE DATABASE $NAME"
"$BIN" --db "$DB" stories >/dev/null   # creates the schema
# Hold the stateful lease, so the workers only queue.
q "INSERT INTO leases(name, holder, expires) VALUES ('stateful', 'bench', extract(epoch FROM clock_timestamp()) + 86400)" >/dev/null
t0=$(now)
"$BIN" publish "$TMP/stream.jsonl" --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" 2>/dev/null
t1=$(now)
echo "load at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "published $N articles in $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s"
for i in $(seq 1 "$WORKERS"); do
  "$BIN" --db "$DB" worker --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" --group "$TOPIC" --exit-when-idle 5 \
    2>"$TMP/w$i.log" &
  PIDS+=($!)
done
until [ "$(q 'SELECT COUNT(*) FROM queue')" -ge "$N" ]; do sleep 1; done
t2=$(now)
echo "per-document stages, $WORKERS workers: $N articles queued in $(printf '%.1f' "$(echo "$t2 - $t1" | bc)") s ($(echo "$N / ($t2 - $t1)" | bc) articles/s)"
echo "load before the stateful stage: $(cut -d' ' -f1-3 /proc/loadavg)"
q "DELETE FROM leases WHERE holder = 'bench'" >/dev/null
t3=$(now); last=0; lt=$t3; tick=0
until [ "$(q 'SELECT COUNT(*) FROM queue')" = 0 ]; do
  sleep 1; tick=$((tick + 1))
  if [ $((tick % 10)) = 0 ]; then
    stored=$(q 'SELECT (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM errors)')
    t=$(now)
    echo "  $(printf '%4d' "$tick") s: $stored stored ($(echo "($stored - $last) / ($t - $lt)" | bc)/s)  load $(cut -d' ' -f1 /proc/loadavg)"
    last=$stored; lt=$t
  fi
done
t4=$(now)
echo "stateful stage: $N articles stored in $(printf '%.1f' "$(echo "$t4 - $t3" | bc)") s ($(echo "$N / ($t4 - $t3)" | bc) articles/s)"
echo "stories: $(q "SELECT COUNT(*) FROM stories"); state blobs: $(q "SELECT key || ' ' || length(value) FROM state" | tr "\n" " ")"
wait "${PIDS[@]}" 2>/dev/null || true
PIDS=()
grep -h 'stateful stage:' "$TMP"/w*.log || true
grep -h "as the stateful stage$" "$TMP"/w*.log || true
