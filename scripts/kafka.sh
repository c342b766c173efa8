#!/usr/bin/env bash
# Start a Kafka-compatible broker on loopback for the tests and try-outs: tansu (crates.io), in
# memory, installed with cargo into target/tools when missing (several minutes the first time).
# Prints the broker's address.
#
#   eval "$(scripts/kafka.sh start)"   # sets RASSEGNA_TEST_KAFKA
#   scripts/kafka.sh stop
#
# KAFKA_PORT (default 59092) may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${KAFKA_PORT:-59092}"
TOOLS="${TANSU_ROOT:-$PWD/target/tools}"
TANSU="$(command -v tansu || echo "$TOOLS/bin/tansu")"
LOG="${TMPDIR:-/tmp}/rassegna-tansu-$PORT.log"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

case "${1:-start}" in
  start)
    if [ ! -x "$TANSU" ]; then
      echo "kafka.sh: installing tansu (cargo install tansu --features dynostore)" >&2
      cargo install tansu --version 0.6.0 --locked --features dynostore --root "$TOOLS" >&2
    fi
    if ! listening; then
      nohup "$TANSU" broker \
        --storage-engine "memory://tansu/" \
        --kafka-listener-url "tcp://127.0.0.1:$PORT" \
        --kafka-advertised-listener-url "tcp://127.0.0.1:$PORT" >"$LOG" 2>&1 &
      echo $! > "${TMPDIR:-/tmp}/rassegna-tansu-$PORT.pid"
      for _ in $(seq 1 100); do listening && break; sleep 0.1; done
      listening || { echo "kafka.sh: tansu did not start; see $LOG" >&2; exit 1; }
    fi
    echo "export RASSEGNA_TEST_KAFKA=127.0.0.1:$PORT"
    ;;
  stop)
    kill "$(cat "${TMPDIR:-/tmp}/rassegna-tansu-$PORT.pid")" 2>/dev/null || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 64 ;;
esac
