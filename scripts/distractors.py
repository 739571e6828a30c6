#!/usr/bin/env python3
"""Writes realistic distractor persons: innocent list entries with common names.

    python3 scripts/distractors.py --persons N [--seed 2026] --out FILE
    python3 scripts/distractors.py --check      # exit 2 with the pip command if a package is missing

Each line is a FollowTheMoney Person:
    {"id": "d-<n>", "schema": "Person", "properties": {"name": [...], "alias": [...],
     "birthDate": ["YYYY-MM-DD"], "nationality": ["xx"], "gender": ["male"|"female"]}}
ids run d-1 .. d-N; alias, birthDate, nationality and gender may be absent.

Used by `scripts/eval --distractors` to measure how false alarms grow with the size of a
list that, like a sanctions list, is mostly real people with common names.

Packages (PyPI), pinned because their name lists and tables decide the output:
- faker == 40.63.0 (the current release when this was written): first names, surnames,
  patronymics and Japanese readings of ~40 locales.
- anyascii == 0.3.3: Latin transliteration of names in non-Latin scripts. Chosen over
  unidecode 1.4.0 after comparing samples: modern Greek (Ξηροδήμα -> Xirodima, unidecode
  Kserodema), Georgian, Armenian, Hangul and Han (pinyin per syllable, which we join and
  recapitalise: 建国 -> Jianguo) come out closer to how names are romanised in real lists,
  and it keeps no stray spaces or markers (unidecode writes "Jian Guo  Ma ", "mzyn@").

Names are built from parts (first_name_male/female, last_name_male/female, middle_name),
never with faker's name(), so no titles or suffixes occur; any token that still looks
like one (Dr., Jr., III, a token with a dot) is dropped. For speed and determinism each
locale's parts are drawn once into pools of POOL draws with a Faker instance seeded from
--seed (draws keep faker's frequency weights), and persons are combined from the pools
with Python's random.Random(seed). Same arguments and package versions -> byte-identical
output; the pools do not depend on N, so the first K lines of a larger file equal the
file of K persons with the same seed. Speed (measured): ~9 s to draw the pools, then
~15 s per million persons (20k: 10 s, 100k: 11 s, 1M: 24 s in all; 1M is 168 MB).

Name shapes (two or three parts): Western given [middle] surname; Spanish given surname
[second surname]; Portuguese given surname [second surname]; East Slavic given
[patronymic] surname with gendered surnames; Bulgarian given [father's name] surname;
Arabic given [father's given] family; Vietnamese family middle given; Chinese, Japanese
and Korean family given (own script written with a space between family and given name,
as in the dev queries; real lists often omit it).

Own script and Latin: for a non-Latin locale `name` is the own-script name and `alias` its
Latin transliteration (same part order). Sources and quality, checked on samples:
- ja_JP: faker's own kanji/romanized pairs (京助 木村 -> Kyosuke Kimura, consistent).
- zh_CN, zh_TW: anyascii pinyin (唐 飞 -> Tang Fei). faker's zh romanized_name is NOT
  paired with the Han name (independent lists), so it is not used. Taiwanese names get
  pinyin, not the Wade-Giles spellings Taiwan uses (Chen Mei-hui).
- ko_KR: anyascii Revised Romanization of the given name (Sangho); the ~45 most common
  surnames get their conventional spelling (김 Kim, 이 Lee, 박 Park, 정 Jung; table
  below), others anyascii (Gwak).
- ru_RU, uk_UA, bg_BG, mk_MK (Cyrillic), el_GR, ka_GE, hy_AM: anyascii, good
  (Krasil'nikova, Papaeyaggelioy: Greek ου -> oy, Armenian ու -> ow).
- hi_IN (Devanagari): anyascii drops every inherent vowel (महावीर -> Mhavir, इन्द्र -> Indr):
  poor but recognisable.
- ar_*, fa_IR (Arabic script), he_IL (Hebrew): consonant skeletons, e.g. زهدي جعفر ->
  Zhdy J`fr, أسف -> 'sf: unusable as a romanisation (real lists write Zuhdi Jafar), kept
  anyway as the only Latin form; Latin-script Muslim names come from en_PK, fr_DZ, tr_TR,
  az_AZ, uz_UZ instead.

Locale notes: faker 40.63 has no person names for ar_EG, ar_JO, ar_AE, ar_BH (they fall
back to English), so Egyptian, Jordanian, Iraqi, Syrian, ... persons come from ar_AA
(generic Arabic) with those nationalities; en_AU also falls back to en_US names (kept:
nationality au); there is no be_BY, so Belarusians are ru_RU names with nationality by;
en_PK has no male/female first-name lists, so its genders do not follow the first name.

About 70 % of persons get a birthDate (uniform 1930-01-01 .. 2005-12-31), 85 % a
nationality (the locale's ISO 3166 alpha-2 code, lower case) and 90 % a gender; 80 % are
male, as on sanctions lists.
"""
import argparse
import datetime
import json
import os
import re
import sys
import time

FAKER_VERSION = "40.63.0"
ANYASCII_VERSION = "0.3.3"
PIP_INSTALL = (f"python3 -m pip install --break-system-packages "
               f"faker=={FAKER_VERSION} anyascii=={ANYASCII_VERSION}")

POOL = 8000  # draws per (locale, part kind) pool

# (faker locale, weight in %, nationality: a code or [(code, weight)...], shape, script)
# Weights roughly follow the make-up of the individuals on the big sanctions lists
# (OFAC SDN, UN, EU): Arabic-script and Persian names, Russians, Latin Americans
# (narcotics programmes), Koreans (DPRK), Chinese; then Europe and the rest.
LOCALES = [
    # Arabic script
    ("ar_AA", 8.0, [("iq", 3), ("sy", 3), ("ye", 2), ("ly", 1), ("sd", 1), ("lb", 1), ("eg", 2), ("jo", 1)], "arabic", "arab"),
    ("ar_SA", 3.0, "sa", "arabic", "arab"),
    ("ar_PS", 2.5, "ps", "arabic", "arab"),
    ("ar_DZ", 1.5, "dz", "arabic", "arab"),
    ("fa_IR", 6.0, "ir", "western", "arab"),
    # Latin-script Muslim and Turkic names
    ("en_PK", 4.0, [("pk", 4), ("af", 2)], "arabic", "latin"),
    ("fr_DZ", 1.5, [("dz", 2), ("tn", 1), ("ma", 1)], "western", "latin"),
    ("tr_TR", 2.5, "tr", "western", "latin"),
    ("az_AZ", 1.0, "az", "western", "latin"),
    ("uz_UZ", 1.0, "uz", "western", "latin"),
    # Cyrillic
    ("ru_RU", 13.0, "ru", "slavic", "cyrillic"),
    ("ru_RU", 2.0, "by", "slavic", "cyrillic"),  # no be_BY in faker
    ("uk_UA", 4.0, "ua", "slavic", "cyrillic"),
    ("bg_BG", 1.0, "bg", "bulgarian", "cyrillic"),
    ("mk_MK", 0.5, "mk", "western", "cyrillic"),
    # English
    ("en_US", 5.0, "us", "western", "latin"),
    ("en_GB", 3.0, "gb", "western", "latin"),
    ("en_AU", 2.0, "au", "western", "latin"),
    ("en_NG", 1.0, "ng", "western", "latin"),
    # Spanish, Portuguese
    ("es_MX", 5.0, "mx", "hispanic", "latin"),
    ("es_CO", 4.0, "co", "hispanic", "latin"),
    ("es_ES", 2.0, "es", "hispanic", "latin"),
    ("pt_BR", 2.0, "br", "portuguese", "latin"),
    # rest of Europe
    ("fr_FR", 2.0, "fr", "western", "latin"),
    ("de_DE", 2.0, "de", "western", "latin"),
    ("it_IT", 2.0, "it", "western", "latin"),
    ("pl_PL", 1.5, "pl", "western", "latin"),
    ("cs_CZ", 0.7, "cz", "western", "latin"),
    ("hu_HU", 0.7, "hu", "western", "latin"),
    ("ro_RO", 0.8, [("ro", 3), ("md", 1)], "western", "latin"),
    ("nl_NL", 0.8, "nl", "western", "latin"),
    ("el_GR", 1.0, [("gr", 4), ("cy", 1)], "western", "greek"),
    # Near East, Caucasus
    ("he_IL", 1.5, "il", "western", "hebrew"),
    ("ka_GE", 1.0, "ge", "western", "georgian"),
    ("hy_AM", 1.0, "am", "western", "armenian"),
    # Asia
    ("ko_KR", 3.0, [("kp", 7), ("kr", 3)], "cjk", "hangul"),
    ("zh_CN", 5.0, [("cn", 9), ("hk", 1)], "cjk", "han"),
    ("zh_TW", 0.8, "tw", "cjk", "han"),
    ("ja_JP", 0.7, "jp", "cjk", "japanese"),
    ("hi_IN", 1.5, "in", "western", "devanagari"),
    ("vi_VN", 1.0, "vn", "vietnamese", "latin"),
    ("id_ID", 1.0, "id", "western", "latin"),
]

# Conventional spellings of common Korean surnames (Revised Romanization would give Gim,
# I, Bak, Jeong, ...). Used for the distractors' Latin aliases only.
KOREAN_SURNAMES = {
    "김": "Kim", "이": "Lee", "리": "Ri", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
    "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "림": "Rim", "한": "Han", "오": "Oh",
    "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song", "류": "Ryu",
    "유": "Yoo", "홍": "Hong", "전": "Jeon", "고": "Ko", "문": "Moon", "양": "Yang", "손": "Son",
    "배": "Bae", "백": "Baek", "허": "Heo", "노": "Noh", "심": "Shim", "하": "Ha", "곽": "Kwak",
    "성": "Sung", "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "진": "Jin",
    "나": "Na", "지": "Ji", "엄": "Um", "채": "Chae", "원": "Won", "남": "Nam",
}

TITLE = re.compile(r"^(dr|prof|mr|mrs|ms|miss|mme|mlle|sir|jr|sr|ii|iii|iv|v|phd|md|dds|dvm|"
                   r"ing|mgr|bc|bsc|msc|rndr|judr|mudr|phdr|doc|dipl|mag|lic|sra?|dña?|don)\.?$",
                   re.IGNORECASE)


def need_packages():
    try:
        import faker  # noqa: F401
        import anyascii  # noqa: F401
    except ImportError as e:
        print(f"distractors.py: {e.name} is missing; install with:\n  {PIP_INSTALL}", file=sys.stderr)
        sys.exit(2)
    import faker
    import importlib.metadata as md
    got = {"faker": faker.VERSION, "anyascii": md.version("anyascii")}
    for pkg, want in (("faker", FAKER_VERSION), ("anyascii", ANYASCII_VERSION)):
        if got[pkg] != want:
            print(f"distractors.py: warning: {pkg} {got[pkg]} installed, output pinned to {want} "
                  f"(files will differ); {PIP_INSTALL}", file=sys.stderr)


def clean(part):
    """A name part without title/suffix tokens; None if nothing is left."""
    tokens = [t for t in part.split() if not TITLE.match(t) and "." not in t and not any(c.isdigit() for c in t)]
    return " ".join(tokens) or None


def draw(fn, n):
    out = []
    while len(out) < n:
        p = clean(fn())
        if p:
            out.append(p)
    return out


def build_pools(seed):
    """(locale -> {kind: [parts]}) drawn with a seeded Faker per locale."""
    from faker import Faker
    pools = {}
    for i, loc in enumerate(dict.fromkeys(spec[0] for spec in LOCALES)):
        f = Faker(loc)
        f.seed_instance(seed * 1009 + i)
        p = {}
        if loc == "ja_JP":  # (kanji, kana, romanized) triples, kept together
            p["first_male"] = [f.first_name_male_pair() for _ in range(POOL)]
            p["first_female"] = [f.first_name_female_pair() for _ in range(POOL)]
            p["last_male"] = p["last_female"] = [f.last_name_pair() for _ in range(POOL)]
        else:
            p["first_male"] = draw(f.first_name_male, POOL)
            p["first_female"] = draw(f.first_name_female, POOL)
            p["last_male"] = draw(f.last_name_male, POOL)
            p["last_female"] = draw(f.last_name_female, POOL)
            if hasattr(f, "middle_name_male"):  # patronymics (ru_RU, uk_UA)
                p["middle_male"] = draw(f.middle_name_male, POOL)
                p["middle_female"] = draw(f.middle_name_female, POOL)
            elif hasattr(f, "middle_name"):  # vi_VN
                p["middle_male"] = p["middle_female"] = draw(f.middle_name, POOL)
        pools[loc] = p
    return pools


def capitalise(token):
    """Upper-cases the first letter of a token, e.g. for Arabic-script transliterations."""
    for i, c in enumerate(token):
        if c.isalpha():
            return token[:i] + c.upper() + token[i + 1:]
    return token


class Transliterator:
    def __init__(self):
        from anyascii import anyascii
        self.anyascii = anyascii
        self.cache = {}

    def part(self, text, script, surname):
        key = (text, script, surname)
        got = self.cache.get(key)
        if got is None:
            if script == "hangul" and surname and text in KOREAN_SURNAMES:
                got = KOREAN_SURNAMES[text]
            elif script in ("han", "hangul"):  # syllables come capitalised: JianGuo -> Jianguo
                got = " ".join(w.capitalize() for w in self.anyascii(text).split())
            else:
                got = " ".join(capitalise(w) for w in self.anyascii(text).split())
            self.cache[key] = got
        return got


def person(rng, spec, pools, translit):
    loc, _, nat, shape, script = spec
    p = pools[loc]
    male = rng.random() < 0.8
    g = "male" if male else "female"
    first = lambda: rng.choice(p["first_" + g])  # noqa: E731
    last = lambda: rng.choice(p["last_" + g])  # noqa: E731
    # parts: list of (text, is_surname)
    if shape == "cjk":
        parts = [(last(), True), (first(), False)]
    elif shape == "vietnamese":
        parts = [(last(), True), (rng.choice(p["middle_" + g]), False), (first(), False)]
    elif shape == "slavic":
        parts = [(first(), False)]
        if rng.random() < 0.6:
            parts.append((rng.choice(p["middle_" + g]), False))
        parts.append((last(), True))
    elif shape == "bulgarian":  # given, father's name (a surname form), family
        parts = [(first(), False)]
        if rng.random() < 0.5:
            parts.append((last(), True))
        parts.append((last(), True))
    elif shape == "arabic":  # given, father's given name, family
        parts = [(first(), False)]
        if rng.random() < 0.6:
            parts.append((rng.choice(p["first_male"]), False))
        parts.append((last(), True))
    elif shape in ("hispanic", "portuguese"):
        parts = [(first(), False)]
        if rng.random() < 0.15:
            parts.append((first(), False))
        parts.append((last(), True))
        if rng.random() < (0.7 if shape == "hispanic" else 0.5):
            parts.append((last(), True))
    else:  # western
        parts = [(first(), False)]
        if rng.random() < 0.2:
            parts.append((first(), False))
        parts.append((last(), True))
    # the same part twice (Hoàng Hoàng, García García) happens, but not as a whole name
    if len(parts) > 2 and parts[-1][0] == parts[-2][0]:
        parts.pop()

    props = {}
    if script == "japanese":
        props["name"] = [" ".join(t[0] for t, _ in parts)]
        props["alias"] = [" ".join(t[2] for t, _ in parts)]
    else:
        props["name"] = [" ".join(t for t, _ in parts)]
        if script != "latin":
            props["alias"] = [" ".join(translit.part(t, script, s) for t, s in parts)]
    if rng.random() < 0.7:
        props["birthDate"] = [(BIRTH_FIRST + datetime.timedelta(days=rng.randrange(BIRTH_DAYS))).isoformat()]
    if rng.random() < 0.85:
        if isinstance(nat, str):
            props["nationality"] = [nat]
        else:
            props["nationality"] = [rng.choices([c for c, _ in nat], [w for _, w in nat])[0]]
    if rng.random() < 0.9:
        props["gender"] = [g]
    return props


BIRTH_FIRST = datetime.date(1930, 1, 1)
BIRTH_DAYS = (datetime.date(2005, 12, 31) - BIRTH_FIRST).days + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--persons", type=int)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out")
    ap.add_argument("--check", action="store_true", help="only check that the packages are installed")
    args = ap.parse_args()
    need_packages()
    if args.check:
        return
    if args.persons is None or args.out is None:
        ap.error("--persons and --out are required")
    import random
    start = time.time()
    pools = build_pools(args.seed)
    translit = Transliterator()
    rng = random.Random(args.seed)
    specs = LOCALES
    weights = [s[1] for s in specs]
    progress = args.persons >= 100_000
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        for n in range(1, args.persons + 1):
            spec = rng.choices(specs, weights)[0]
            line = {"id": f"d-{n}", "schema": "Person", "properties": person(rng, spec, pools, translit)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            if progress and n % 100_000 == 0:
                print(f"distractors: {n:,}/{args.persons:,} persons, {time.time() - start:.0f} s",
                      file=sys.stderr, flush=True)
    os.replace(tmp, args.out)
    if progress:
        print(f"distractors: wrote {args.persons:,} persons to {args.out} in {time.time() - start:.0f} s",
              file=sys.stderr)


if __name__ == "__main__":
    main()
