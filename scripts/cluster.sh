#!/usr/bin/env bash
# Try the scaled-out setup on one machine: PostgreSQL, a Kafka-compatible broker (tansu), two
# workers and two `serve` replicas, with the demo corpus published through Kafka.
#
#   scripts/cluster.sh          # start everything, publish the demo, print where to look
#   scripts/cluster.sh stop     # stop what it started
set -euo pipefail
cd "$(dirname "$0")/.."
RUN="${TMPDIR:-/tmp}/rassegna-cluster"
if [ "${1:-start}" = stop ]; then
  for p in "$RUN"/*.pid; do [ -e "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; done
  scripts/kafka.sh stop; scripts/postgres.sh stop
  exit 0
fi
mkdir -p "$RUN"
cargo build --release --quiet
BIN="$PWD/target/release/rassegna"
eval "$(scripts/postgres.sh start)"
eval "$(scripts/kafka.sh start)"
DB="${RASSEGNA_TEST_POSTGRES%/*}/rassegna_cluster"
psql "$RASSEGNA_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS rassegna_cluster WITH (FORCE)" -c "CREATE DATABASE rassegna_cluster"
for n in 1 2; do
  "$BIN" --db "$DB" worker --kafka "$RASSEGNA_TEST_KAFKA" 2>"$RUN/worker-$n.log" & echo $! >"$RUN/worker-$n.pid"
done
for n in 1 2; do
  RASSEGNA_INDEX="$RUN/index-$n" "$BIN" --db "$DB" serve --addr "127.0.0.1:808$n" \
    >"$RUN/serve-$n.log" 2>&1 & echo $! >"$RUN/serve-$n.pid"
done
"$BIN" publish corpus/demo --kafka "$RASSEGNA_TEST_KAFKA"
echo "workers: $RUN/worker-*.log; replicas: http://127.0.0.1:8081/ and http://127.0.0.1:8082/"
echo "store:   $BIN --db $DB stories"
echo "stop:    scripts/cluster.sh stop"
