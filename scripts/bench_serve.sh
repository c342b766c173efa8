#!/usr/bin/env bash
# Serving benchmark: a synthetic store of N articles (default 100000), the server on loopback, and
# 64 keep-alive clients requesting story pages and searches for 20 s. Prints p50/p99 and errors.
set -euo pipefail
N=${1:-100000}
CLIENTS=${CLIENTS:-64}
SECS=${SECS:-20}
ADDR=${ADDR:-127.0.0.1:8099}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/work/targets/serve}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
cargo build --release -q -p rassegna-server --example gen_store --example serve --example load
BIN=$CARGO_TARGET_DIR/release/examples
time "$BIN/gen_store" "$WORK/bench.db" "$N"
"$BIN/serve" "$WORK/bench.db" "$ADDR" & SERVER=$!
# The first start builds the search index; wait until the server answers.
for _ in $(seq 1 600); do curl -sf "http://$ADDR/api/health" >/dev/null && break; sleep 1; done
curl -s "http://$ADDR/api/health"; echo
STORIES=$(( N / 4 ))
story() { printf '/stories/st-%06d' $(( RANDOM * 32768 % STORIES + RANDOM % STORIES )); }
echo "story pages:"
"$BIN/load" "$ADDR" "$CLIENTS" "$SECS" $(for _ in $(seq 1 200); do story; echo; done)
echo "searches:"
"$BIN/load" "$ADDR" "$CLIENTS" "$SECS" '/api/search?q=ponte' '/api/search?q=%22consiglio+comunale%22' \
  '/api/search?q=sindacato+accordo&outlet=Eco+di+Lodi' '/search?q=frana+strada' '/api/search?q=teatro&from=2024-03&to=2024-06'
echo "story list:"
"$BIN/load" "$ADDR" "$CLIENTS" "$SECS" '/' '/api/stories?limit=50' '/api/stories?entity=Marta+Ferri'
