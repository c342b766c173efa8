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
# ADDR, CLIENTS, SECS as named. RASSEGNA_SEARCH_CACHE=0 turns the server's search result cache off;
# RASSEGNA_READ_WORKERS=N sets how many reads the server runs at once (default: two per core).
set -euo pipefail
N=${1:-100000}
CLIENTS=${CLIENTS:-64}
SECS=${SECS:-20}
SOAK=${SOAK:-0}
ADDR=${ADDR:-127.0.0.1:8099}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/targets/serve}
WORK=$(mktemp -d)
SERVER=
# Wait for the server to exit, so the port is free for the next run.
trap 'if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
if [ "${BUILD:-1}" = 1 ]; then
  cargo build --release -q -p rassegna-server --example gen_store --example serve --example load
fi
BIN=$CARGO_TARGET_DIR/release/examples
if [ -n "${DB:-}" ]; then
  STORE=$DB
else
  STORE=$WORK/bench.db
  time "$BIN/gen_store" "$STORE" "$N" "${CORPUS:-zipf}"
fi
"$BIN/serve" "$STORE" "$ADDR" & SERVER=$!
# The first start builds the search index; wait until the server answers.
for _ in $(seq 1 600); do
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited"; exit 1; }
  curl -sf "http://$ADDR/api/health" >/dev/null && break
  sleep 1
done
curl -s "http://$ADDR/api/health"; echo
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
