#!/usr/bin/env python3
"""Make a benchmark stream of N distinct articles (JSON Lines) from the demo corpus.

Each copy of a demo report gets its names and numbers replaced consistently (so copies are new
events, not near-duplicates) and its date shifted, keeping the text's length and page debris.
Usage: make_stream.py N OUT.jsonl
"""
import json
import pathlib
import random
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "demo"
SYLLABLES = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "ra", "lu"]
CAP = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]{2,}\b")
NUM = re.compile(r"\b\d{2,3}\b")
MARKER = re.compile(r"^\s*date \S+\s*")


def sources():
    for p in sorted((ROOT / "text").glob("*.txt")):
        yield p.stem, {"text": p.read_text(encoding="utf-8")}
    for p in sorted((ROOT / "html").glob("*.html")):
        yield p.stem, {"html": p.read_bytes().decode("utf-8", errors="replace")}
    for line in (ROOT / "feeds.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        yield d["id"], {k: v for k, v in d.items() if k in ("text", "html", "outlet", "lang", "title")}


def name(word, k):
    rnd = random.Random(f"{word}/{k}")
    return "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4))).capitalize()


def main():
    n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    docs = list(sources())
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            k, (doc_id, d) = divmod(i, len(docs))[0], docs[i % len(docs)]
            rec = dict(d)
            if "text" in rec:
                rec["text"] = MARKER.sub("", rec["text"], count=1)
            for field in ("text", "html", "title"):
                if field in rec and k > 0:
                    rec[field] = CAP.sub(lambda m: name(m.group(0), k), rec[field])
                    rec[field] = NUM.sub(lambda m: str((int(m.group(0)) * (k + 3)) % 9973), rec[field])
            day = 1 + (k * 11 + i % 28) % 28
            month = 1 + (k // 3) % 12
            rec["id"] = f"{doc_id}-{k}"
            rec["published"] = f"{2020 + k // 36:04d}-{month:02d}-{day:02d}"
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
