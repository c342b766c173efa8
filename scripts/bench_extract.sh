#!/usr/bin/env bash
# Side-by-side extraction speed: Python trafilatura vs the rassegna cleaning stage, same pages, one core each.
#
# Usage: scripts/bench_extract.sh [PAGES_DIR] [ROUNDS]
#   PAGES_DIR: a directory of .html or .html.gz pages (default: ../shared/eval/trafilatura-eval-dev/html).
# Creates a virtualenv in /tmp (trafilatura + lxml_html_clean from PyPI), unpacks the pages to /tmp, then
# runs both on core 0 (`taskset -c 0` when taskset exists), alternating one pass of each per round so that
# load from other processes falls on both alike. Reports wall time and CPU time (user + system) per
# system, summed over the rounds, and each Rust system's speed as a multiple of Python's, by CPU time
# (the fair figure on a shared machine) and by wall time.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-$root/../shared/eval/trafilatura-eval-dev/html}"
rounds="${2:-3}"
venv=/tmp/rassegna-bench-venv
pages=/tmp/rassegna-bench-pages
target="${CARGO_TARGET_DIR:-$root/target}"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -c "import trafilatura, lxml_html_clean" 2>/dev/null ||
    "$venv/bin/pip" install --quiet trafilatura lxml_html_clean

rm -rf "$pages" && mkdir -p "$pages"
for f in "$src"/*; do
    case "$f" in
        *.html.gz) gzip -dc "$f" > "$pages/$(basename "${f%.gz}")" ;;
        *.html) cp "$f" "$pages/" ;;
    esac
done
echo "pages: $(ls "$pages" | wc -l) from $src, rounds: $rounds"

pin=()
if command -v taskset > /dev/null; then pin=(taskset -c 0); fi

(cd "$root" && CARGO_TARGET_DIR="$target" cargo bench -q -p rassegna-clean --bench extract_pages --no-run)
bench="$(ls -t "$target"/release/deps/extract_pages-* | grep -v '\.d$' | head -1)"

log="$(mktemp)"
for r in $(seq "$rounds"); do
    "${pin[@]}" "$venv/bin/python" "$root/scripts/bench_extract.py" "$pages" 1 | tee -a "$log"
    "${pin[@]}" "$bench" "$pages" 1 | tee -a "$log"
done
echo
awk '
    /^system=/ {
        for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        s = v["system"]; if (!(s in pages)) order[++n] = s
        pages[s] += v["pages"]; wall[s] += v["wall"]; cpu[s] += v["cpu"]
        if (s ~ /^python/) py = s
    }
    END {
        printf "%-32s %7s %9s %9s %11s %10s %11s\n", "system", "pages", "wall s", "cpu s", "pages/cpu-s", "x py (cpu)", "x py (wall)"
        for (i = 1; i <= n; i++) {
            s = order[i]
            printf "%-32s %7d %9.2f %9.2f %11.1f %10.2f %11.2f\n", s, pages[s], wall[s], cpu[s], pages[s] / cpu[s],
                (pages[s] / cpu[s]) / (pages[py] / cpu[py]), (pages[s] / wall[s]) / (pages[py] / wall[py])
        }
    }' "$log"
rm -f "$log"
