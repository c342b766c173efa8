#!/usr/bin/env bash
# Stories made by Kafka workers against one process (EVALUATION.md, "scaling out"): publish a JSON
# Lines file, run WORKERS workers into a new PostgreSQL database, then replay the documents through
# one process in the order the store received them (documents.seq), and in file order, and print
# the story BCubed F1 of each comparison (aligned by content hash).
#
#   scripts/kafka_same_stories.sh ../shared/eval/ml-crisis-it-dev/articles.jsonl [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/.."
INPUT="$(realpath "$1")"; WORKERS="${2:-2}"
BIN="$PWD/target/release/rassegna"
eval "$(scripts/postgres.sh start)"
eval "$(scripts/kafka.sh start)"
TMP="$(mktemp -d)"; TOPIC="same.$$"
DB="${RASSEGNA_TEST_POSTGRES%/*}/rassegna_same_stories"
psql "$RASSEGNA_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS rassegna_same_stories WITH (FORCE)" -c "CREATE DATABASE rassegna_same_stories"
"$BIN" publish "$INPUT" --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" 2>/dev/null
for i in $(seq 1 "$WORKERS"); do
  "$BIN" --db "$DB" worker --kafka "$RASSEGNA_TEST_KAFKA" --topic "$TOPIC" --group "$TOPIC" --exit-when-idle 3 2>"$TMP/w$i.log" &
done
wait
psql "$DB" -Atc "SELECT d.source, d.content_hash, a.story FROM documents d JOIN articles a ON a.id = d.id ORDER BY d.seq" >"$TMP/kafka.tsv"
python3 - "$INPUT" "$TMP" <<'PY'
import sys
src, tmp = sys.argv[1], sys.argv[2]
lines = open(src).read().splitlines()
order = [int(l.split('|')[0].rsplit(':', 1)[1]) for l in open(f'{tmp}/kafka.tsv')]
seen = set(order)
out = [lines[i - 1] for i in order] + [lines[i] for i in range(len(lines)) if i + 1 not in seen]
open(f'{tmp}/arrival.jsonl', 'w').write('\n'.join(out) + '\n')
PY
for run in arrival file; do
  input="$TMP/arrival.jsonl"; [ "$run" = file ] && input="$INPUT"
  "$BIN" --db "$TMP/$run.db" run "$input" >/dev/null 2>&1 || true
  sqlite3 -separator '|' "$TMP/$run.db" "SELECT d.source, d.content_hash, a.story FROM documents d JOIN articles a ON a.id = d.id" >"$TMP/$run.tsv"
done
python3 - "$TMP" <<'PY'
import sys
from collections import defaultdict
tmp = sys.argv[1]
def load(p): return {l.split('|')[1]: l.strip().split('|')[2] for l in open(p)}
def bcubed(f, g):
    fg, gg = defaultdict(set), defaultdict(set)
    for k, v in f.items(): fg[v].add(k)
    for k, v in g.items(): gg[v].add(k)
    p = r = 0.0
    for k in g:
        both = len(fg[f[k]] & gg[g[k]]); p += both / len(fg[f[k]]); r += both / len(gg[g[k]])
    p, r = p / len(g), r / len(g)
    return 2 * p * r / (p + r)
k, a, f = (load(f'{tmp}/{n}.tsv') for n in ('kafka', 'arrival', 'file'))
print(f"documents: kafka {len(k)}, one process {len(a)}")
print(f"kafka vs one process, same arrival order: {bcubed(k, a):.4f}")
print(f"kafka vs one process, file order:         {bcubed(k, f):.4f}")
print(f"one process, arrival vs file order:       {bcubed(a, f):.4f}")
PY
rm -rf "$TMP"
