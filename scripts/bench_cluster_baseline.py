#!/usr/bin/env python3
"""Python baseline for dedup + clustering on the same synthetic stream as the Rust benchmark.

MinHash LSH near-duplicates (datasketch) and single-pass TF-IDF nearest-centroid clustering
(scikit-learn HashingVectorizer + running IDF), one article at a time, one core.

    python3 -m venv /tmp/cluster-venv && /tmp/cluster-venv/bin/pip install datasketch scikit-learn
    STREAM_N=100000 STREAM_DUMP=/tmp/stream100k.jsonl cargo bench -p rassegna-cluster --bench stream
    /tmp/cluster-venv/bin/python scripts/bench_cluster_baseline.py /tmp/stream100k.jsonl [N]
"""

import json
import re
import sys
import time
import tracemalloc

import numpy as np
from datasketch import MinHash, MinHashLSH
from sklearn.feature_extraction.text import HashingVectorizer

WORD = re.compile(r"\w+")
PERM = 64
THRESHOLD = 0.5
JOIN = 0.3
WINDOW = 2000  # recent stories compared per article, to keep the cost per article bounded


def shingles(text, k=5):
    w = WORD.findall(text.lower())
    return {" ".join(w[i : i + k]) for i in range(max(1, len(w) - k + 1))}


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    rows = []
    with open(path) as f:
        for line in f:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    hv = HashingVectorizer(n_features=2**18, alternate_sign=False, norm=None)
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERM)
    df = np.zeros(2**18, dtype=np.float32)
    centroids = []  # sparse rows (indices, values) of the recent stories
    n_dups = 0
    tracemalloc.start()
    start = time.process_time()
    block = start
    print(f"{'articles':>8} {'cpu us/art':>12} {'articles/s':>12}")
    for i, r in enumerate(rows):
        text = r["text"]
        m = MinHash(num_perm=PERM)
        for s in shingles(text):
            m.update(s.encode())
        hits = lsh.query(m)
        if hits:
            n_dups += 1
        lsh.insert(r["id"], m)
        x = hv.transform([text])
        x.data = 1 + np.log(x.data)
        df[x.indices] += 1
        idf = np.log(1 + (i + 1) / df[x.indices])
        v = x.data * idf
        v /= np.linalg.norm(v) or 1
        vec = dict(zip(x.indices.tolist(), v.tolist()))
        best, best_s = None, 0.0
        for j in range(max(0, len(centroids) - WINDOW), len(centroids)):
            c, norm = centroids[j]
            s = sum(w * c.get(k, 0.0) for k, w in vec.items()) / norm
            if s > best_s:
                best, best_s = j, s
        if best is not None and best_s >= JOIN:
            c, _ = centroids[best]
            for k, w in vec.items():
                c[k] = c.get(k, 0.0) + w
            centroids[best] = (c, float(np.sqrt(sum(v * v for v in c.values()))))
        else:
            centroids.append((vec, 1.0))
        if (i + 1) % 1000 == 0:
            now = time.process_time()
            print(f"{i + 1:>8} {(now - block) * 1e6 / 1000:>12.1f} {1000 / (now - block):>12.0f}", flush=True)
            block = now
    total = time.process_time() - start
    current, _ = tracemalloc.get_traced_memory()
    print(
        f"total: {len(rows) / total:.0f} articles/s cpu; {n_dups} duplicates; {len(centroids)} stories; "
        f"state {current / len(rows):.0f} bytes/article (tracemalloc)"
    )


if __name__ == "__main__":
    main()
