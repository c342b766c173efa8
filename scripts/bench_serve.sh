#!/usr/bin/env bash
# Serving benchmark: a synthetic store of N articles (default 100000), the server on loopback, and
# 64 keep-alive clients requesting story pages, searches and story lists for 20 s each. Prints
# p50/p99 and errors.
#   scripts/bench_serve.sh [N]              the scenarios
#   SOAK=600 scripts/bench_serve.sh [N]     a 10-minute mixed soak instead, with the server's memory
#                                           (RSS, anonymous and file-backed) sampled every 10 s
# CORPUS=zipf (default: news-like text, Zipf vocabulary of 5,000 words) or CORPUS=uniform (the first
# benchmark's 38 words drawn uniformly, every word in ~96 % of reports: search's worst case).
# DB=path reuses a store (and its index) instead of generating one; BUILD=0 uses the examples as built;
# PG=postgres://USER@HOST:PORT/DB (a server; e.g. `eval "$(scripts/postgres.sh start)"; PG=$RASSEGNA_TEST_POSTGRES`)
# writes the synthetic store into a new database `rassegna_bench_serve` there instead (DB=its URL reuses it);
# REPLICAS=2 serves the store from two server processes (each with its own search index, as replicas of a
# PostgreSQL store run), on ADDR's port and the next, the clients spread over them.
# ADDR, CLIENTS, SECS as named. RASSEGNA_SEARCH_CACHE=0 turns the server's search result cache off;
# RASSEGNA_READ_WORKERS=N sets how many reads the server runs at once (default: two per core).
set -euo pipefail
N=${1:-100000}
CLIENTS=${CLIENTS:-64}
SECS=${SECS:-20}
SOAK=${SOAK:-0}
ADDR=${ADDR:-127.0.0.1:8099}
REPLICAS=${REPLICAS:-1}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/targets/serve}
WORK=$(mktemp -d)
SERVERS=()
# Wait for the servers to exit, so the ports are free for the next run.
trap 'for s in "${SERVERS[@]}"; do kill "$s" 2>/dev/null || true; wait "$s" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
if [ "${BUILD:-1}" = 1 ]; then
  cargo build --release -q -p rassegna-server --example gen_store --example serve --example load
fi
BIN=$CARGO_TARGET_DIR/release/examples
if [ -n "${DB:-}" ]; then
  STORE=$DB
elif [ -n "${PG:-}" ]; then
  time "$BIN/gen_store" "$PG" "$N" "${CORPUS:-zipf}" --fresh bench_serve | tee "$WORK/gen.log"
  STORE=$(tail -1 "$WORK/gen.log")
else
  STORE=$WORK/bench.db
  time "$BIN/gen_store" "$STORE" "$N" "${CORPUS:-zipf}"
fi
HOST=${ADDR%:*}; PORT=${ADDR##*:}; ADDRS=()
for r in $(seq 1 "$REPLICAS"); do
  a="$HOST:$(( PORT + r - 1 ))"; ADDRS+=("$a")
  # A replica's own index (a SQLite store's lives beside it unless told; a PostgreSQL store's would
  # be in the working directory).
  if [ "$REPLICAS" -gt 1 ] || [[ "$STORE" == postgres* ]]; then export RASSEGNA_INDEX="$WORK/index-$r"; fi
  "$BIN/serve" "$STORE" "$a" & SERVERS+=($!)
done
unset RASSEGNA_INDEX
# The first start builds the search index; wait until every server answers.
for a in "${ADDRS[@]}"; do
  for _ in $(seq 1 900); do
    for s in "${SERVERS[@]}"; do kill -0 "$s" 2>/dev/null || { echo "a server exited"; exit 1; }; done
    curl -sf "http://$a/api/health" >/dev/null && break
    sleep 1
  done
  curl -s "http://$a/api/health"; echo
done
ADDR=$(IFS=,; echo "${ADDRS[*]}")
echo "machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
STORIES=$(( N / 4 ))
story() { printf '/stories/st-%06d' $(( (RANDOM * 32768 + RANDOM) % STORIES )); }
STORY_PATHS=$(for _ in $(seq 1 200); do story; echo; done)
SEARCHES=('/api/search?q=ponte' '/api/search?q=%22consiglio+comunale%22' \
  '/api/search?q=sindacato+accordo&outlet=Eco+di+Lodi' '/search?q=frana+strada' '/api/search?q=teatro&from=2024-03&to=2024-06')
# Many distinct searches (word pairs, phrases, filters, pages), so no query is answered twice in a row.
WORDS=(ponte frana teatro museo scuola porto treno neve fiume piazza sindaca bilancio)
VARIED=()
for a in "${WORDS[@]}"; do
  for b in "${WORDS[@]}"; do
    [ "$a" = "$b" ] && continue
    VARIED+=("/api/search?q=$a+$b" "/api/search?q=%22$a+$b%22" "/search?q=$a&outlet=Corriere+Padano&offset=20"
      "/api/search?q=$b&from=2024-0$(( RANDOM % 9 + 1 ))&lang=it")
  done
done
LISTS=('/' '/api/stories?limit=50' '/api/stories?entity=Marta+Ferri' '/api/stories?outlet=Eco+di+Lodi&limit=50' \
  '/?from=2024-03&to=2024-06' '/api/stories?lang=it&offset=200' '/?entity=Paolo+Riva&offset=40')
if [ "$SOAK" -gt 0 ]; then
  echo "soak: $SOAK s, $CLIENTS clients, story pages + searches + lists; memory every 10 s (kB)"
  SERVER=${SERVERS[0]}
  ( while kill -0 "$SERVER" 2>/dev/null; do
      printf '%s rss %s anon %s file %s\n' "$(date +%T)" "$(awk '/^VmRSS/{print $2}' /proc/$SERVER/status)" \
        "$(awk '/^RssAnon/{print $2}' /proc/$SERVER/status)" "$(awk '/^RssFile/{print $2}' /proc/$SERVER/status)"
      sleep 10
    done ) > "$WORK/memory.log" & SAMPLER=$!
  # shellcheck disable=SC2086
  WINDOW=60 "$BIN/load" "$ADDR" "$CLIENTS" "$SOAK" $STORY_PATHS "${VARIED[@]}" "${LISTS[@]}"
  kill "$SAMPLER" 2>/dev/null || true
  cat "$WORK/memory.log"
  exit 0
fi
echo "story pages:"
# shellcheck disable=SC2086
"$BIN/load" "$ADDR" "$CLIENTS" "$SECS" $STORY_PATHS
echo "searches (5 queries):"
"$BIN/load" "$ADDR" "$CLIENTS" "$SECS" "${SEARCHES[@]}"
echo "searches (${#VARIED[@]} distinct):"
"$BIN/load" "$ADDR" "$CLIENTS" "$SECS" "${VARIED[@]}"
echo "story lists (front page, API, filters):"
"$BIN/load" "$ADDR" "$CLIENTS" "$SECS" "${LISTS[@]}"
