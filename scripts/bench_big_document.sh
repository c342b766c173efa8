#!/usr/bin/env bash
# One big document: the demo corpus's texts repeated into one plain-text report of N MB (default
# 15), run through the whole pipeline into a fresh store. Prints wall time and peak memory.
# Usage: scripts/bench_big_document.sh [MB]   (build first: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
mb="${1:-15}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
python3 - "$mb" "$dir/big.txt" <<'PY'
import pathlib, sys
mb, out = int(sys.argv[1]), sys.argv[2]
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path("corpus/demo").rglob("*.txt"))]
# Without their `date` markers: one report, dated once.
body = "\n".join(t.split("\n", 1)[1] if t.startswith("date ") else t for t in texts)
text = (body * (mb * 1_000_000 // len(body.encode()) + 1))
pathlib.Path(out).write_text("date 2025-05-06\n" + text[: mb * 1_000_000], encoding="utf-8")
PY
/usr/bin/time -f "big document ${mb} MB: %e s wall, %M KB peak" ./target/release/rassegna --db "$dir/r.db" run "$dir/big.txt" --timings
