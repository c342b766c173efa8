#!/usr/bin/env bash
# Start a Kafka-compatible broker on loopback for the tests and try-outs: tansu (crates.io), its
# log kept in a SQLite file under KAFKA_DATA, so a restarted broker has every message it had.
# Installed with cargo into target/tools when missing (`--features dynostore,libsql`; several
# minutes the first time). Prints the broker's address.
#
#   eval "$(scripts/kafka.sh start)"   # sets RASSEGNA_TEST_KAFKA
#   scripts/kafka.sh restart           # stop, then start on the same log
#   scripts/kafka.sh stop
#
# KAFKA_PORT (default 59092), KAFKA_DATA (default /tmp/rassegna-tansu-PORT), TANSU_ROOT (where
# tansu is installed, default target/tools) and KAFKA_STORAGE (default sqlite://tansu.db, in KAFKA_DATA;
# memory://tansu/ keeps nothing over a restart) may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${KAFKA_PORT:-59092}"
DATA="$(realpath -m "${KAFKA_DATA:-/tmp/rassegna-tansu-$PORT}")"
TOOLS="${TANSU_ROOT:-$PWD/target/tools}"
TANSU="$TOOLS/bin/tansu"
# tansu reads a SQLite URL's path relative to its working directory, which is KAFKA_DATA.
STORAGE="${KAFKA_STORAGE:-sqlite://tansu.db}"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

start() {
  if [ ! -x "$TANSU" ]; then
    echo "kafka.sh: installing tansu (cargo install tansu --debug --features dynostore,libsql)" >&2
    # A debug build: about 5 minutes on two cores instead of 14 for a release one, and fast enough
    # for the tests and a try-out.
    cargo install tansu --version 0.6.0 --locked --debug --features dynostore,libsql --root "$TOOLS" >&2
  fi
  if ! listening; then
    mkdir -p "$DATA"
    TANSU="$(realpath "$TANSU")"
    cd "$DATA"
    nohup "$TANSU" broker \
      --storage-engine "$STORAGE" \
      --kafka-listener-url "tcp://127.0.0.1:$PORT" \
      --kafka-advertised-listener-url "tcp://127.0.0.1:$PORT" >>"$DATA/tansu.log" 2>&1 &
    echo $! > "$DATA/tansu.pid"
    for _ in $(seq 1 100); do listening && break; sleep 0.1; done
    listening || { echo "kafka.sh: tansu did not start; see $DATA/tansu.log" >&2; exit 1; }
  fi
  echo "export RASSEGNA_TEST_KAFKA=127.0.0.1:$PORT"
}

stop() {
  if [ -s "$DATA/tansu.pid" ]; then
    kill "$(cat "$DATA/tansu.pid")" 2>/dev/null || true
    for _ in $(seq 1 100); do listening || break; sleep 0.1; done
    rm -f "$DATA/tansu.pid"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "usage: $0 start|stop|restart" >&2; exit 64 ;;
esac
