#!/usr/bin/env bash
# Documents per second through Kafka workers into PostgreSQL, against one process on PostgreSQL
# and on SQLite, for the same inputs (BENCHMARKS.md, "Scaling out").
#
#   scripts/bench_workers.sh INPUT [WORKERS...]     # e.g. ../shared/eval/ml-crisis-it-dev/articles.jsonl 1 2
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT="$1"; shift
COUNTS="${*:-1 2}"
BIN="${RASSEGNA_BIN:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/rassegna}"
eval "$(scripts/postgres.sh start)"
eval "$(scripts/kafka.sh start)"
SERVER="${RASSEGNA_TEST_POSTGRES%/*}"
fresh() { psql "$RASSEGNA_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1" >/dev/null; echo "$SERVER/$1"; }
now() { date +%s.%N; }
TMP="$(mktemp -d)"
t0=$(now); "$BIN" --db "$TMP/one.db" run "$INPUT" >/dev/null 2>&1 || true; t1=$(now)
N=$(sqlite3 "$TMP/one.db" 'SELECT (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM errors)')
echo "one process, SQLite:     $(echo "$t1 - $t0" | bc) s for $N documents"
DB=$(fresh bench_one); t0=$(now); "$BIN" --db "$DB" run "$INPUT" >/dev/null 2>&1 || true; t1=$(now)
echo "one process, PostgreSQL: $(echo "$t1 - $t0" | bc) s"
for W in $COUNTS; do
  DB=$(fresh "bench_w$W"); TOPIC="bench.$W.$$"
  "$BIN" publish "$INPUT" --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" >/dev/null 2>&1 || true
  t0=$(now)
  for i in $(seq 1 "$W"); do
    "$BIN" --db "$DB" worker --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" --group "$TOPIC" --exit-when-idle 3 2>"$TMP/w$W-$i.log" &
  done
  # Done when every published document is stored and the queue is empty.
  while :; do
    stored=$(psql "$DB" -Atc "SELECT (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM errors), (SELECT COUNT(*) FROM queue)" 2>/dev/null || echo "0|1")
    [ "${stored%|*}" -ge "$N" ] && [ "${stored#*|}" = 0 ] && break
    sleep 0.2
  done
  t1=$(now); wait
  echo "$W worker(s) via Kafka:  $(echo "$t1 - $t0" | bc) s for $N documents"
done
rm -rf "$TMP"
