#!/usr/bin/env python3
"""Make a benchmark stream of N distinct articles (JSON Lines) from the demo corpus.

Two modes:

- `events` (default): a stream shaped like real news. Each event copies one demo story (its reports,
  in their languages and formats) with its own names, numbers and vocabulary, and gets a size drawn
  from a bounded heavy tail (P(n) ~ n^-2.1 for n = 1..300: about 60% single reports, 95% at most 10,
  a few of 100-300). Reports beyond the story's originals are re-runs by other outlets with some
  paragraphs dropped (wire copies). Reports are published over a few days around the event's date
  (longer for big events) and the stream is in publication order, so events interleave.
- `replicate`: the old stream, kept as the pathological case. Copy k of the whole demo corpus renames
  names and numbers only, and copies three apart share a month, so the clusterer grows stories of
  over a thousand reports out of copies of one demo story.

Each copy keeps the text's length and page debris. Usage: make_stream.py N OUT.jsonl [--mode events|replicate] [--seed S]
"""
import argparse
import datetime
import json
import pathlib
import random
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "demo"
SYLLABLES = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "ra", "lu"]
CAP = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]{2,}\b")
NUM = re.compile(r"\b\d{2,3}\b")
MARKER = re.compile(r"^\s*date \S+\s*")
# Content words of events mode: long lower-case words, rewritten per event except the time and speech
# words the stages read (public month and weekday names, common speech verbs).
WORD = re.compile(r"\b[a-zà-ÿ]{6,}\b")
KEEP = set(
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre "
    "january february march april june july august september october november december "
    "lunedì martedì mercoledì giovedì venerdì sabato domenica monday tuesday wednesday thursday friday "
    "saturday sunday stamattina stasera stanotte settimana settimane scorso scorsa prossimo prossima "
    "yesterday tomorrow tonight morning evening week weeks months detto dichiarato spiegato affermato "
    "aggiunto sottolineato commentato annunciato confermato riferito raccontato secondo "
    "according explained announced confirmed stated".split()
)
# Prose: a text run with at least this many words (debris lines are shorter and keep their words).
PROSE_WORDS = 12
PARA = re.compile(r"<p[ >].*?</p>", re.S)
MAX_EVENT = 300
ALPHA = 2.1


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


def pseudo(word, k):
    """A made-up word for `word` in event `k`, of similar length, keeping the last three letters
    (so Italian and English participles still read as past tense)."""
    rnd = random.Random(f"w/{word}/{k}")
    stem = ""
    while len(stem) < len(word) - 3:
        stem += rnd.choice(SYLLABLES)
    return stem + word[-3:]


def rename(s, k, words):
    s = CAP.sub(lambda m: name(m.group(0), k), s)
    s = NUM.sub(lambda m: str((int(m.group(0)) * (k + 3)) % 9973), s)
    if words:
        def prose(run):
            if len(run.split()) < PROSE_WORDS:
                return run
            return WORD.sub(lambda m: m.group(0) if m.group(0) in KEEP else pseudo(m.group(0), k), run)

        # Only text outside tags, so HTML structure and attributes survive.
        s = re.sub(r"[^<>]+(?=<|$)", lambda m: prose(m.group(0)), s)
    return s


def replicate(n, f):
    docs = list(sources())
    for i in range(n):
        k, (doc_id, d) = divmod(i, len(docs))[0], docs[i % len(docs)]
        rec = dict(d)
        if "text" in rec:
            rec["text"] = MARKER.sub("", rec["text"], count=1)
        for field in ("text", "html", "title"):
            if field in rec and k > 0:
                rec[field] = rename(rec[field], k, words=False)
        day = 1 + (k * 11 + i % 28) % 28
        month = 1 + (k // 3) % 12
        rec["id"] = f"{doc_id}-{k}"
        rec["published"] = f"{2020 + k // 36:04d}-{month:02d}-{day:02d}"
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def event_size(rnd):
    weights = [m**-ALPHA for m in range(1, MAX_EVENT + 1)]
    return rnd.choices(range(1, MAX_EVENT + 1), weights=weights)[0]


def drop_paragraphs(rec, rnd):
    """A re-run of a report: some paragraphs (text blocks or HTML <p>) left out."""
    if "text" in rec:
        paras = rec["text"].split("\n\n")
        keep = [p for i, p in enumerate(paras) if i < 3 or rnd.random() > 0.25]
        rec["text"] = "\n\n".join(keep)
    if "html" in rec:
        rec["html"] = PARA.sub(lambda m: "" if rnd.random() < 0.25 else m.group(0), rec["html"])


def events(n, f, seed):
    rnd = random.Random(seed)
    docs = dict(sources())
    stories = [s["articles"] for s in json.loads((ROOT / "expected.json").read_text(encoding="utf-8"))["stories"]]
    start = datetime.date(2020, 1, 1)
    # About 35 new events a day, spread uniformly over the days the stream covers.
    days = max(1, n // 130)
    out, total, e = [], 0, 0
    while total < n:
        size = min(event_size(rnd), n - total)
        story = stories[rnd.randrange(len(stories))]
        day0 = rnd.randrange(days)
        span = 2 + size // 25
        for j in range(size):
            doc_id = story[j % len(story)]
            rec = dict(docs[doc_id])
            if "text" in rec:
                rec["text"] = MARKER.sub("", rec["text"], count=1)
            for field in ("text", "html", "title"):
                if field in rec:
                    rec[field] = rename(rec[field], e + 1, words=True)
            rerun = j // len(story)
            if rerun > 0:
                drop_paragraphs(rec, random.Random(f"{seed}/{e}/{j}"))
                marker = f"Ripubblicato {rerun}" if rec.get("lang", "it") == "it" else f"Republished {rerun}"
                if "text" in rec:
                    rec["text"] += f"\n\n{marker}"
                if "html" in rec:
                    rec["html"] = rec["html"].replace("</body>", f"<footer>{marker}</footer></body>", 1)
            offset = 0 if j < len(story) and j == 0 else min(span, int(rnd.expovariate(1.0) * span / 2))
            day = start + datetime.timedelta(days=day0 + offset)
            rec["id"] = f"e{e}-{doc_id}-{j}"
            rec["published"] = day.isoformat()
            out.append((day, rnd.random(), rec))
        total += size
        e += 1
    out.sort(key=lambda r: (r[0], r[1]))
    for _, _, rec in out:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--mode", choices=["events", "replicate"], default="events")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with args.out.open("w", encoding="utf-8") as f:
        if args.mode == "replicate":
            replicate(args.n, f)
        else:
            events(args.n, f, args.seed)


if __name__ == "__main__":
    main()
