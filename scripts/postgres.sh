#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests and try-outs, installing Debian's
# `postgresql` package first when the server binaries are missing. Prints the server's URL.
#
#   eval "$(scripts/postgres.sh start)"   # sets RASSEGNA_TEST_POSTGRES
#   scripts/postgres.sh stop
#
# PORT (default 55432) and PGDATA_DIR (default /tmp/rassegna-pg) may be set.
set -euo pipefail
PORT="${PORT:-55432}"
DATA="${PGDATA_DIR:-/tmp/rassegna-pg}"
bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_owner() {
  # initdb refuses to run as root: run the server as the `postgres` user the package creates.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if [ -z "$(bin_dir)" ]; then
      echo "postgres.sh: installing Debian's postgresql" >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    BIN="$(bin_dir)"
    URL="postgres://postgres@127.0.0.1:${PORT}/postgres"
    if ! "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
      if [ ! -s "$DATA/PG_VERSION" ]; then
        mkdir -p "$DATA"
        [ "$(id -u)" = 0 ] && chown postgres "$DATA"
        as_owner "$BIN/initdb" -D "$DATA" -A trust -U postgres >/dev/null
      fi
      as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
        -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    fi
    echo "export RASSEGNA_TEST_POSTGRES=$URL"
    ;;
  stop)
    as_owner "$(bin_dir)/pg_ctl" -D "$DATA" -m fast stop >/dev/null
    ;;
  restart)
    as_owner "$(bin_dir)/pg_ctl" -D "$DATA" -m fast -w restart >/dev/null
    ;;
  *) echo "usage: $0 start|stop|restart" >&2; exit 64 ;;
esac
