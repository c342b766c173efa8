#!/usr/bin/env python3
"""Checks corpus/demo/expected.json against the documents: ids, coverage, and that every quoted string occurs.

Run from the repository root: python3 corpus/demo/check_expected.py  (exit code 1 on any problem).
With --similarity it also prints how hard the corpus is for a bag-of-words clusterer and a shingle dedup."""
import itertools, json, math, os, re, sys
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.abspath(__file__))


class _Text(HTMLParser):
    """Page text without scripts and styles; enough to look strings up, not an extractor."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
        self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(raw: bytes) -> str:
    m = re.search(rb'charset="?([\w-]+)', raw[:2000])
    p = _Text()
    p.feed(raw.decode(m.group(1).decode() if m else "utf-8"))
    return "".join(p.out)


def load_docs():
    docs, fields = {}, {}
    for f in sorted(os.listdir(f"{ROOT}/text")):
        docs[f[:-4]] = open(f"{ROOT}/text/{f}", encoding="utf-8").read()
    for f in sorted(os.listdir(f"{ROOT}/html")):
        docs[f[:-5]] = html_text(open(f"{ROOT}/html/{f}", "rb").read())
    for n, line in enumerate(open(f"{ROOT}/feeds.jsonl", encoding="utf-8"), 1):
        d = json.loads(line)
        assert d["id"] not in docs, f"feeds.jsonl:{n}: duplicate id {d['id']}"
        docs[d["id"]] = d.get("text") or html_text(d["html"].encode())
        fields[d["id"]] = d
    return docs, fields


def main():
    docs, fields = load_docs()
    exp = json.load(open(f"{ROOT}/expected.json", encoding="utf-8"))
    norm = lambda s: re.sub(r"\s+", " ", s).strip()
    text = {k: norm(v) for k, v in docs.items()}
    problems = []

    def has(article, s, what):
        if article not in text:
            problems.append(f"{what}: unknown document {article}")
        elif norm(s) not in text[article]:
            problems.append(f"{what}: {article} does not contain {s!r}")

    ids = [a for st in exp["stories"] for a in st["articles"]]
    if len(ids) != len(set(ids)):
        problems.append("a document is in two stories")
    if set(ids) != set(docs):
        problems.append(f"stories and documents differ: {sorted(set(ids) ^ set(docs))}")
    for pair in exp["duplicates"] + exp.get("translations", []):
        for a in pair:
            has(a, "", "duplicate")
    for group in exp["conflicts"] + exp["updates"] + exp["agreements"]:
        for v in group.get("values", [group]):
            for m in v["mentions"]:
                has(m["article"], m["text"], group["subject"])
    for g in exp["quotes"]:
        for v in g["variants"]:
            has(v["article"], v["text"], f"quote of {g['speaker']}")
    for g in exp["aliases"]:
        for m in g["mentions"]:
            has(m["article"], m["text"], f"alias of {g['name']}")
    for d in exp["dates"]:
        has(d["article"], d["text"], "date")
    for h in exp["hostile"]:
        has(h["article"], h["text"], "hostile")
    for k, d in exp["documents"].items():
        if fields.get(k, {}).get("outlet") != d["outlet"]:
            has(k, d["outlet"], "outlet")

    langs = [d["lang"] for d in exp["documents"].values()]
    words = {k: len(v.split()) for k, v in docs.items()}
    size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(os.path.dirname(ROOT)) for f in fs)
    print(f"documents {len(docs)} (text {sum(k[0] == 't' for k in docs)}, html {sum(k[0] == 'h' for k in docs)}, "
          f"jsonl {len(fields)}); italian {langs.count('it')}, english {langs.count('en')}")
    print(f"stories {len(exp['stories'])}, storylines {len({s['storyline'] for s in exp['stories']})}, "
          f"quote groups {len(exp['quotes'])}, conflicts {len(exp['conflicts'])}, duplicates {len(exp['duplicates'])}")
    print(f"words per document (page text, debris included): min {min(words.values())}, max {max(words.values())}; "
          f"corpus/ size {size} bytes")
    if "--similarity" in sys.argv:
        similarity(docs, exp)
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


def similarity(docs, exp):
    """5-word shingle containment of the copies; tf-idf cosine within and across stories, per language."""
    shingles = {}
    for k, v in docs.items():
        w = re.findall(r"\w+", v.lower())
        shingles[k] = {" ".join(w[i:i + 5]) for i in range(len(w) - 4)}
    pairs = [tuple(p) for p in exp["duplicates"] + exp.get("translations", [])]
    for a, b in pairs:
        c = len(shingles[a] & shingles[b]) / min(len(shingles[a]), len(shingles[b]))
        print(f"shingle containment {a} {b}: {c:.2f}")
    group = {}
    for g in exp["duplicate_groups"]:
        for a in [g["original"]] + g["copies"]:
            group[a] = g["original"]
    copied = lambda a, b: group.get(a, a) == group.get(b, b) or (a, b) in pairs or (b, a) in pairs
    best = max((len(shingles[a] & shingles[b]) / min(len(shingles[a]), len(shingles[b])), a, b)
               for a, b in itertools.combinations(sorted(docs), 2) if not copied(a, b))
    print(f"shingle containment, highest other pair: {best[0]:.2f} ({best[1]} {best[2]})")
    words = {k: re.findall(r"[a-zà-ù]{4,}", v.lower()) for k, v in docs.items()}
    df = {}
    for ws in words.values():
        for t in set(ws):
            df[t] = df.get(t, 0) + 1
    vec = {}
    for k, ws in words.items():
        v = {}
        for t in ws:
            v[t] = v.get(t, 0) + math.log(len(docs) / df[t])
        n = math.sqrt(sum(x * x for x in v.values()))
        vec[k] = {t: x / n for t, x in v.items()}
    cos = lambda a, b: sum(x * vec[b].get(t, 0) for t, x in vec[a].items())
    story = {a: s["event"] for s in exp["stories"] for a in s["articles"]}
    lang = {k: d["lang"] for k, d in exp["documents"].items()}
    within, across = {}, {}
    for a, b in itertools.combinations(sorted(docs), 2):
        key = lang[a] if lang[a] == lang[b] else "cross"
        (within if story[a] == story[b] else across).setdefault(key, []).append((round(cos(a, b), 2), a, b))
    for key in ("it", "en", "cross"):
        w, x = sorted(within[key]), sorted(across[key])
        print(f"tf-idf cosine {key}: within stories min {w[0][0]} ({w[0][1]} {w[0][2]}) median {w[len(w) // 2][0]}; "
              f"across stories max {x[-1][0]} ({x[-1][1]} {x[-1][2]})")


if __name__ == "__main__":
    sys.exit(main())
