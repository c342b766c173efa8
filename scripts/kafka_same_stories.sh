#!/usr/bin/env bash
# Stories made by Kafka workers against one process (EVALUATION.md, "scaling out"): publish the
# inputs (files or directories, any input format), run WORKERS workers into a new PostgreSQL
# database, then replay the documents through one process in the order the store received them
# (documents.seq), and in input order, and print the story BCubed F1 of each comparison (documents
# aligned by content hash).
#
#   scripts/kafka_same_stories.sh INPUT... [WORKERS]     # WORKERS: a number, default 2
#   scripts/kafka_same_stories.sh corpus/demo 2
#   scripts/kafka_same_stories.sh ../shared/eval/ecbplus-dev/docs.jsonl 2
#
# The replay passes each stored document's own input again: a file as it is, a JSON Lines line as
# a file of that one line at the same line number (blank lines before it), so it keeps its id.
# RASSEGNA_BIN names the binary (default: the release build under CARGO_TARGET_DIR or target);
# BATCH sets the one-process runs' batch size (default: the worker's, 64). PostgreSQL and the
# broker are the test servers (scripts/postgres.sh, scripts/kafka.sh; KAFKA_PORT, TANSU_ROOT...).
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=2
INPUTS=()
for a in "$@"; do
  if [[ "$a" =~ ^[0-9]+$ ]] && [ ! -e "$a" ]; then WORKERS="$a"; else INPUTS+=("$(realpath "$a")"); fi
done
[ "${#INPUTS[@]}" -gt 0 ] || { echo "usage: $0 INPUT... [WORKERS]" >&2; exit 64; }
BIN="${RASSEGNA_BIN:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/rassegna}"
BATCH="${BATCH:-64}"
eval "$(scripts/postgres.sh start)"
eval "$(scripts/kafka.sh start)"
TMP="$(mktemp -d)"; TOPIC="same.$$.$(date +%s)"; NAME="rassegna_same_stories_$$"
DB="${RASSEGNA_TEST_POSTGRES%/*}/$NAME"
cleanup() { psql "$RASSEGNA_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
psql "$RASSEGNA_TEST_POSTGRES" -qc "CREATE DATABASE $NAME"
"$BIN" publish "${INPUTS[@]}" --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" 2>/dev/null
for i in $(seq 1 "$WORKERS"); do
  "$BIN" --db "$DB" worker --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" --group "$TOPIC" \
    --batch-size "$BATCH" --exit-when-idle 3 2>"$TMP/w$i.log" &
done
wait
echo "workers: $(grep -h 'as the stateful stage$' "$TMP"/w*.log | tr '\n' ' ')"
psql "$DB" -AF $'\t' -tc "SELECT d.source, d.content_hash, a.story FROM documents d JOIN articles a ON a.id = d.id ORDER BY d.seq" >"$TMP/kafka.tsv"
# The inputs once more, in the order the workers' store received them.
python3 - "$TMP" <<'PY' >"$TMP/arrival.args"
import os, re, sys
tmp = sys.argv[1]
line_cache = {}
for n, row in enumerate(open(f'{tmp}/kafka.tsv', encoding='utf-8')):
    source = row.rstrip('\n').split('\t')[0]
    m = re.fullmatch(r'(.*\.jsonl):(\d+)', source)
    if os.path.isfile(source):
        print(source)
    elif m and os.path.isfile(m.group(1)):
        path, line = m.group(1), int(m.group(2))
        if path not in line_cache:
            line_cache[path] = open(path, encoding='utf-8').read().split('\n')
        out = f'{tmp}/replay/{n:06}/{os.path.basename(path)}'
        os.makedirs(os.path.dirname(out))
        with open(out, 'w', encoding='utf-8') as f:
            f.write('\n' * (line - 1) + line_cache[path][line - 1] + '\n')
        print(out)
    else:
        sys.exit(f'kafka_same_stories: cannot replay {source!r} (neither a file nor a JSON Lines line)')
PY
mapfile -t ARRIVAL <"$TMP/arrival.args"
for run in arrival input; do
  if [ "$run" = arrival ]; then args=("${ARRIVAL[@]}"); else args=("${INPUTS[@]}"); fi
  "$BIN" --db "$TMP/$run.db" run --batch-size "$BATCH" "${args[@]}" >/dev/null 2>&1 || true
  sqlite3 -separator $'\t' "$TMP/$run.db" "SELECT d.source, d.content_hash, a.story FROM documents d JOIN articles a ON a.id = d.id" >"$TMP/$run.tsv"
done
python3 - "$TMP" <<'PY'
import sys
from collections import defaultdict
tmp = sys.argv[1]
def load(p): return {r.rstrip('\n').split('\t')[1]: r.rstrip('\n').split('\t')[2] for r in open(p, encoding='utf-8')}
def bcubed(f, g):
    fg, gg = defaultdict(set), defaultdict(set)
    for k, v in f.items(): fg[v].add(k)
    for k, v in g.items(): gg[v].add(k)
    p = r = 0.0
    for k in g:
        both = len(fg[f[k]] & gg[g[k]]); p += both / len(fg[f[k]]); r += both / len(gg[g[k]])
    p, r = p / len(g), r / len(g)
    return 2 * p * r / (p + r)
k, a, f = (load(f'{tmp}/{n}.tsv') for n in ('kafka', 'arrival', 'input'))
print(f"documents: kafka {len(k)}, one process {len(a)} (same arrival), {len(f)} (input order)")
print(f"stories:   kafka {len(set(k.values()))}, one process {len(set(a.values()))} / {len(set(f.values()))}")
print(f"kafka vs one process, same arrival order: {bcubed(k, a):.4f}")
print(f"kafka vs one process, input order:        {bcubed(k, f):.4f}")
print(f"one process, arrival vs input order:      {bcubed(a, f):.4f}")
PY
