"""Pages per second of Python trafilatura (default options) on a directory of .html files, one process.

Usage: python bench_extract.py DIR [ROUNDS]. Prints `pages=N seconds=S pages_per_second=R`.
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
    start = time.perf_counter()
    for _ in range(rounds):
        for page in pages:
            chars += len(trafilatura.extract(page) or "")
    seconds = time.perf_counter() - start
    n = len(pages) * rounds
    print(f"python-trafilatura {trafilatura.__version__}: pages={n} seconds={seconds:.3f} "
          f"pages_per_second={n / seconds:.1f} (text chars {chars})")


if __name__ == "__main__":
    main()
