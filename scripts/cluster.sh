#!/usr/bin/env bash
# Try the scaled-out setup on one machine: PostgreSQL, a Kafka-compatible broker (tansu), WORKERS
# workers (default 2) and two `serve` replicas, with the demo corpus published through Kafka.
#
#   scripts/cluster.sh [WORKERS]   # start everything, publish the demo, print where to look
#   scripts/cluster.sh stop        # stop what it started
#
# RASSEGNA_BIN may name the rassegna binary to run (default: target/release/rassegna, built here).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN="${TMPDIR:-/tmp}/rassegna-cluster"
# Servers of its own (ports and directories apart from the test servers').
export KAFKA_PORT="${KAFKA_PORT:-59093}" KAFKA_DATA="$RUN/broker" PORT="${PG_PORT:-55433}" PGDATA_DIR="$RUN/pg"
if [ "${1:-}" = stop ]; then
  for p in "$RUN"/*.pid; do [ -e "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; rm -f "$p"; done
  scripts/kafka.sh stop; scripts/postgres.sh stop || true
  rm -rf "$RUN"
  exit 0
fi
WORKERS="${1:-2}"
if [ -e "$RUN/serve-1.pid" ]; then echo "cluster.sh: already running; scripts/cluster.sh stop first" >&2; exit 1; fi
mkdir -p "$RUN"
BIN="${RASSEGNA_BIN:-}"
if [ -z "$BIN" ]; then
  echo "cluster.sh: building rassegna (release)" >&2
  cargo build --release --quiet -p rassegna
  BIN="$(realpath "${CARGO_TARGET_DIR:-target}")/release/rassegna"
fi
eval "$(scripts/postgres.sh start)"
eval "$(scripts/kafka.sh start)"
DB="${RASSEGNA_TEST_POSTGRES%/*}/rassegna_cluster"
psql "$RASSEGNA_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS rassegna_cluster WITH (FORCE)" -c "CREATE DATABASE rassegna_cluster"
TOPIC="rassegna.cluster.$(date +%s)"
"$BIN" publish corpus/demo --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC"
for n in $(seq 1 "$WORKERS"); do
  # Both streams to the log: a caller reading this script's output (`| tail`) is not held open by them.
  "$BIN" --db "$DB" worker --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" >"$RUN/worker-$n.log" 2>&1 &
  echo $! >"$RUN/worker-$n.pid"
done
for n in 1 2; do
  RASSEGNA_INDEX="$RUN/index-$n" "$BIN" --db "$DB" serve --addr "127.0.0.1:808$n" \
    >"$RUN/serve-$n.log" 2>&1 &
  echo $! >"$RUN/serve-$n.pid"
done
echo "workers:  $RUN/worker-*.log ($WORKERS, topic $TOPIC)"
echo "replicas: http://127.0.0.1:8081/ and http://127.0.0.1:8082/"
echo "store:    $BIN --db $DB stories"
echo "stop:     scripts/cluster.sh stop"
