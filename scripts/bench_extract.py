"""Python trafilatura (default options) on a directory of .html files, one process.

Usage: python bench_extract.py DIR [ROUNDS]. Prints `system=python-trafilatura pages=N wall=S cpu=S`
(seconds; cpu = user + system time of the process, as the Rust side reports it).
"""

import glob
import sys
import time

import trafilatura


def main() -> None:
    directory = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    pages = [open(p, "rb").read() for p in sorted(glob.glob(directory + "/*.html"))]
    chars = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for page in pages:
            chars += len(trafilatura.extract(page) or "")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    n = len(pages) * rounds
    print(f"system=python-trafilatura-{trafilatura.__version__} pages={n} wall={wall:.3f} cpu={cpu:.3f} "
          f"pages_per_cpu_second={n / cpu:.1f} (text chars {chars})")


if __name__ == "__main__":
    main()
