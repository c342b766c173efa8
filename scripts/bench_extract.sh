#!/usr/bin/env bash
# Side-by-side extraction speed: Python trafilatura vs the rassegna cleaning stage, same pages, one core each.
#
# Usage: scripts/bench_extract.sh [PAGES_DIR] [ROUNDS]
#   PAGES_DIR: a directory of .html or .html.gz pages (default: ../shared/eval/trafilatura-eval-dev/html).
# Creates a virtualenv in /tmp (trafilatura + lxml_html_clean from PyPI), unpacks the pages to /tmp, then
# times both with `taskset -c 0` when taskset exists. Results go to stdout; docs/notes/clean.md records them.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-$root/../shared/eval/trafilatura-eval-dev/html}"
rounds="${2:-1}"
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

"${pin[@]}" "$venv/bin/python" "$root/scripts/bench_extract.py" "$pages" "$rounds"
"${pin[@]}" "$bench" "$pages" "$rounds"
