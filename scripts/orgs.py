#!/usr/bin/env python3
"""Builds the organisation development set from the OFAC SDN list, at run time.

    python3 scripts/orgs.py [--sdn DIR] [--out DIR] [--seed 2026] [--queries-per-kind 300]
                            [--distractors N]
    python3 scripts/orgs.py --check        # exit 2 with the pip command if a package is missing
    python3 scripts/orgs.py breakdown SETDIR RESULTS.jsonl [--list FILE ...] [--examples K]

Reads the legacy CSV form of the SDN list (../shared/data/lists/ofac_sdn_2019: sdn.csv,
alt.csv, add.csv; never copied into the repository) and writes into --out
(target/eval/orgs by default):

- list.jsonl: every SDN entry of type "-0-" (entities: companies, banks, groups) as a
  FollowTheMoney `Company` (its name ends or starts with a legal form) or `Organization`,
  id `ofac-<ent_num>`: `name`, `alias` (a.k.a., n.k.a.), `previousName` (f.k.a.), `country`
  (ISO codes of its addresses' countries) and `address`; and every SDN vessel as a
  `Vessel` (`name`, `imoNumber` from the remarks, `flag`). Individuals and aircraft are
  left out; vessels are never organisations, they have their own small kind.
- queries.jsonl: names only (schema `Company` when the query carries a legal form, else
  `Organization`; vessel queries `Vessel`), ids opaque and order shuffled.
- truth.json: {query id: the listed id it should match, or null}.
- kinds.json: {query id: kind}; details.json: {query id: {"kind", "how", "from"}}, where
  `how` is the variation made and `from` the listed name it was made from.

Kinds (--queries-per-kind N of each positive kind, 3N innocent, N/3 vessel), each from a
random sample of listed entities (seeded; same arguments and packages give the same files,
the script runs itself with PYTHONHASHSEED=0 for that):
- legal_form: the entity's name with its legal form written another way: abbreviation to
  full or full to abbreviation (LTD / LIMITED, S.A. DE C.V. / SOCIEDAD ANONIMA DE CAPITAL
  VARIABLE, OOO / LLC / OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU, ...; how=swap), the
  form dropped (drop), its dots or the comma before it changed (punct), or a form added to
  a company-like name that had none, chosen by its country (add). The table of forms
  (FORMS below) is general knowledge of legal forms, written for this generator; the engine
  does not read it.
- script: the name in Cyrillic (a letter-by-letter Latin to Russian transliteration) or
  Arabic script (consonants and long vowels), Cyrillic for the former Soviet countries,
  Arabic for the Arab states and Iran, either for the rest; the legal form translated where
  the script has a usual equivalent (ООО, АО, ЗАО, ОАО, ПАО; شركة ... ذ.م.م, المحدودة),
  otherwise transliterated (Cyrillic) or kept in Latin (Arabic).
- word_order: "X OF Y" written "Y X" (of_swap), a head noun moved ("MELLI BANK" / "BANK
  MELLI", head_move), the legal form moved to the other end (move_form), or two neighbouring
  core words swapped (swap).
- typo: one letter changed, dropped, doubled, added, or two swapped, in one word of four
  letters or more that is not a legal form (as scripts/typos.py makes them).
- innocent (truth null), three sorts in equal parts:
  generated: a listed name's generic words (those in 8 or more listed entities' names, e.g.
    TRADING, BANK, INVERSIONES) and legal form kept, its distinctive words replaced by
    surnames and place names drawn with faker in ~25 locales (Latin transliteration);
  word_replaced: a listed name with one distinctive word replaced the same way;
  numbered: a listed name (or alias) with a number, roman numeral or ordinal word changed
    ("AGUSTA GRAND I LLC" -> "AGUSTA GRAND II LLC", "ESTADO 29" -> "ESTADO 30"), a sibling
    that is a different company.
  No innocent query's core (its words without legal forms, punctuation or stop words)
  equals that of a listed name, and the replacement words occur in no listed name.
- added: the entity's name as written in the list with a city, a branch or office, or both
  after it, as payment and shipment messages write a party ("KORYO BANK, PYONGYANG BRANCH";
  cities from faker in the entity's country's locale; its own random stream).
- vessel: a listed vessel's name with a prefix (M/V, MV, MT, M.T.) and, for half, its IMO
  number.

--distractors N writes distractors-N.jsonl: N innocent-looking organisations (ids do-1 ..
do-N) to list beside list.jsonl, as the held-out lists are larger: half faker's own company
names in their locale's script (ООО «…», …有限公司, 株式会社…, Kft., Sp. z o.o.) with a Latin
transliteration (anyascii) as alias, half built like the list's names (a surname or place
name, one or two generic words of the list, a legal form of the locale: KRAMER
PETROCHEMICAL INDUSTRIES GMBH), each with its locale's country. The words drawn from faker
are split in two by a hash: innocent queries use one half, distractors the other, so that no
innocent query is truly the same company as a distractor. The pools do not depend on N: the
first K lines of a larger file equal the file of K.

Packages (PyPI), at the versions scripts/distractors.py pins (faker for word pools and
company names, anyascii for transliteration).

`breakdown` prints recall (positive kinds) and false-alarm rate (innocent) by kind and by
`how`, deciding a hit as ../shared/tools/score.py does (the results' own match flags: the
right id flagged; for an innocent query, anything flagged), and K examples of misses and
false alarms per kind with the listed names involved (from SETDIR/list.jsonl and --list).
"""
import argparse
import csv
import json
import hashlib
import pathlib
import random
import re
import sys
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

POOL = 3000  # faker draws per (locale, kind)

# ---------------------------------------------------------------------------------------
# Legal forms: (group, abbreviations, full forms). Abbreviations are written with their
# usual dots; the patterns built from them accept the dots or not. Order does not matter:
# the longest form found at an end of a name wins.
FORMS = [
    ("S DE RL DE CV", ["S. DE R.L. DE C.V."], ["SOCIEDAD DE RESPONSABILIDAD LIMITADA DE CAPITAL VARIABLE"]),
    ("SPR DE RL DE CV", ["S.P.R. DE R.L. DE C.V."], ["SOCIEDAD DE PRODUCCION RURAL DE RESPONSABILIDAD LIMITADA DE CAPITAL VARIABLE"]),
    ("SC DE RL DE CV", ["S.C. DE R.L. DE C.V."], ["SOCIEDAD COOPERATIVA DE RESPONSABILIDAD LIMITADA DE CAPITAL VARIABLE"]),
    ("SPR DE RL", ["S.P.R. DE R.L.", "S. DE P.R. DE R.L."], ["SOCIEDAD DE PRODUCCION RURAL DE RESPONSABILIDAD LIMITADA"]),
    ("SCS", ["S.C.S."], ["SOCIEDAD EN COMANDITA SIMPLE"]),
    ("SAC", ["S.A.C."], ["SOCIEDAD ANONIMA CERRADA"]),
    ("KK", ["K.K."], ["KABUSHIKI KAISHA"]),
    ("SAPI DE CV", ["S.A.P.I. DE C.V."], ["SOCIEDAD ANONIMA PROMOTORA DE INVERSION DE CAPITAL VARIABLE"]),
    ("SA DE CV", ["S.A. DE C.V."], ["SOCIEDAD ANONIMA DE CAPITAL VARIABLE"]),
    ("S DE RL", ["S. DE R.L."], ["SOCIEDAD DE RESPONSABILIDAD LIMITADA"]),
    ("SAS", ["S.A.S."], ["SOCIEDAD POR ACCIONES SIMPLIFICADA"]),
    ("SAL", ["S.A.L."], ["SOCIETE ANONYME LIBANAISE"]),
    ("SARL", ["S.A.R.L.", "SARL"], ["SOCIETE A RESPONSABILITE LIMITEE"]),
    ("SA", ["S.A."], ["SOCIEDAD ANONIMA", "SOCIETE ANONYME", "SOCIEDADE ANONIMA"]),
    ("SRL", ["S.R.L."], ["SOCIEDAD DE RESPONSABILIDAD LIMITADA", "SOCIETA A RESPONSABILITA LIMITATA",
                         "SOCIETATE CU RASPUNDERE LIMITATA"]),
    ("SL", ["S.L."], ["SOCIEDAD LIMITADA"]),
    ("SC", ["S.C."], ["SOCIEDAD CIVIL"]),
    ("CA", ["C.A."], ["COMPANIA ANONIMA"]),
    ("LTDA", ["LTDA."], ["LIMITADA"]),
    ("SPA", ["S.P.A."], ["SOCIETA PER AZIONI"]),
    ("FZ LLC", ["FZ-LLC", "FZ LLC"], ["FREE ZONE LIMITED LIABILITY COMPANY"]),
    ("LLC", ["LLC", "L.L.C."], ["LIMITED LIABILITY COMPANY"]),
    ("OOO", ["OOO"], ["OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU",
                      "OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU"]),
    ("PJSC", ["PJSC"], ["PUBLIC JOINT STOCK COMPANY"]),
    ("PAO", ["PAO"], ["PUBLICHNOE AKTSIONERNOE OBSHCHESTVO"]),
    ("OJSC", ["OJSC"], ["OPEN JOINT STOCK COMPANY"]),
    ("OAO", ["OAO"], ["OTKRYTOE AKTSIONERNOE OBSHCHESTVO"]),
    ("CJSC", ["CJSC"], ["CLOSED JOINT STOCK COMPANY"]),
    ("ZAO", ["ZAO"], ["ZAKRYTOE AKTSIONERNOE OBSHCHESTVO"]),
    ("JSC", ["JSC", "J.S.C."], ["JOINT STOCK COMPANY", "JOINT-STOCK COMPANY"]),
    ("AO", ["AO"], ["AKTSIONERNOE OBSHCHESTVO"]),
    ("TOO", ["TOO"], ["TOVARISHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU"]),
    ("PVT LTD", ["PVT. LTD.", "PVT LTD"], ["PRIVATE LIMITED"]),
    ("PTE LTD", ["PTE. LTD."], ["PRIVATE LIMITED"]),
    ("SDN BHD", ["SDN. BHD."], ["SENDIRIAN BERHAD"]),
    ("PLC", ["PLC", "P.L.C."], ["PUBLIC LIMITED COMPANY"]),
    ("LTD", ["LTD."], ["LIMITED"]),
    ("CO", ["CO."], ["COMPANY"]),
    ("INC", ["INC."], ["INCORPORATED"]),
    ("CORP", ["CORP."], ["CORPORATION"]),
    ("GMBH CO KG", ["GMBH & CO. KG", "GMBH UND CO. KG"], ["GESELLSCHAFT MIT BESCHRANKTER HAFTUNG & COMPANY KOMMANDITGESELLSCHAFT"]),
    ("GMBH", ["GMBH", "G.M.B.H."], ["GESELLSCHAFT MIT BESCHRANKTER HAFTUNG"]),
    ("AG", ["AG"], ["AKTIENGESELLSCHAFT"]),
    ("KG", ["KG"], ["KOMMANDITGESELLSCHAFT"]),
    ("EV", ["E.V."], ["EINGETRAGENER VEREIN"]),
    ("BV", ["B.V."], ["BESLOTEN VENNOOTSCHAP"]),
    ("NV", ["N.V."], ["NAAMLOZE VENNOOTSCHAP"]),
    ("FZE", ["FZE", "F.Z.E."], ["FREE ZONE ESTABLISHMENT"]),
    ("FZCO", ["FZCO", "FZ CO"], ["FREE ZONE COMPANY"]),
    ("FZC", ["FZC", "F.Z.C."], ["FREE ZONE CORPORATION"]),
    ("DOO", ["D.O.O."], ["DRUSTVO S OGRANICENOM ODGOVORNOSCU"]),
    ("SP ZOO", ["SP. Z O.O."], ["SPOLKA Z OGRANICZONA ODPOWIEDZIALNOSCIA"]),
    ("SRO", ["S.R.O."], ["SPOLECNOST S RUCENIM OMEZENYM"]),
    ("AS", ["A.S."], ["ANONIM SIRKETI"]),
    ("LTD STI", ["LTD. STI."], ["LIMITED SIRKETI"]),
    ("EST", ["EST."], ["ESTABLISHMENT"]),
    ("LLP", ["L.L.P."], ["LIMITED LIABILITY PARTNERSHIP"]),
    ("LP", ["L.P."], ["LIMITED PARTNERSHIP"]),
    ("AB", ["AB"], ["AKTIEBOLAG"]),
    ("PSC", ["P.S.C."], ["PUBLIC SHAREHOLDING COMPANY"]),
    ("PT", ["PT", "P.T."], ["PERSEROAN TERBATAS"]),
]
GROUPS = {group: (abbreviations, fulls) for group, abbreviations, fulls in FORMS}
FRENCH = {"fr", "be", "ch", "lu", "mc", "bj", "ci", "sn", "ml", "cm", "ga", "cg", "cd", "ma", "tn", "dz",
          "lb", "ht", "bf", "ne", "td", "gn", "tg", "mg", "km", "dj", "cf"}
PORTUGUESE = {"br", "pt", "ao", "mz"}
ITALIAN_ROMANIAN = {"it": 1, "ro": 2, "md": 2}


def full_forms(group, country):
    """A group's full forms, in the language of the country where a group has several."""
    fulls = GROUPS[group][1]
    if group == "SA" and country in FRENCH:
        return [fulls[1]]
    if group == "SA" and country in PORTUGUESE:
        return [fulls[2]]
    if group == "SRL" and country in ITALIAN_ROMANIAN:
        return [fulls[ITALIAN_ROMANIAN[country]]]
    return fulls[:1] if group in ("SA", "SRL") else fulls
# the same form in another language, written as the other is (a translation)
EQUIVALENT = {"OOO": "LLC", "LLC": "OOO", "PJSC": "PAO", "PAO": "PJSC", "OJSC": "OAO", "OAO": "OJSC",
              "CJSC": "ZAO", "ZAO": "CJSC", "JSC": "AO", "AO": "JSC"}
# forms that also stand first in a name (Russian and Indonesian usage, and SDN's own
# "LIMITED LIABILITY COMPANY X"); the rest are looked for at the end only
PREFIX_GROUPS = {"LLC", "OOO", "PJSC", "PAO", "OJSC", "OAO", "CJSC", "ZAO", "JSC", "AO", "TOO", "PT"}

# forms added to a name without one, by country (most-used first), and for the rest
FORMS_BY_COUNTRY = {
    "mx": ["SA DE CV", "S DE RL DE CV", "SC"], "co": ["SAS", "LTDA", "SA"], "pa": ["SA", "INC", "CORP"],
    "ve": ["CA", "SA"], "pe": ["SA", "SRL"], "ec": ["SA", "CA"], "es": ["SL", "SA"],
    "ar": ["SA", "SRL"], "gt": ["SA"], "hn": ["S DE RL", "SA"], "cr": ["SA"], "do": ["SRL", "SA"],
    "ru": ["LLC", "OOO", "JSC", "AO"], "ua": ["LLC", "PJSC", "JSC"], "by": ["OJSC", "CJSC", "LLC"],
    "kz": ["TOO", "JSC"], "ir": ["CO", "LTD", "PJSC"], "ae": ["LLC", "FZE", "FZCO", "EST"],
    "sy": ["LLC", "CO"], "iq": ["LLC", "CO", "PSC"], "lb": ["SAL", "SARL"], "jo": ["LLC", "PSC"],
    "cn": ["LTD", "CO"], "hk": ["LTD"], "sg": ["PTE LTD"], "my": ["SDN BHD"], "in": ["PVT LTD"],
    "pk": ["PVT LTD"], "id": ["PT"], "de": ["GMBH", "AG"], "at": ["GMBH"], "ch": ["AG", "SA", "GMBH"],
    "fr": ["SARL", "SA"], "it": ["SRL", "SPA"], "nl": ["BV", "NV"], "tr": ["AS", "LTD STI"],
    "gb": ["LTD", "PLC"], "us": ["INC", "LLC", "CORP"], "ca": ["INC", "LTD"], "vg": ["LTD", "INC"],
    "cy": ["LTD"], "mt": ["LTD"], "si": ["DOO"], "ba": ["DOO"], "rs": ["DOO"], "pl": ["SP ZOO"],
    "cz": ["SRO"], "br": ["LTDA", "SA"], "ro": ["SRL"], "kp": ["CO", "CORP"], "za": ["LTD"],
}
FORMS_ANYWHERE = ["LTD", "CO", "LLC", "INC", "CORP", "SA"]
# forms written after a comma in the list's usage ("X, S.A. DE C.V.", "X, INC.")
COMMA_GROUPS = {"SA", "SA DE CV", "S DE RL DE CV", "INC", "LTD", "CA", "SAS", "LTDA", "CORP", "SC", "SRL"}

# names that are not companies do not get a form added (groups, state bodies, farms, ...)
NOT_COMPANY = re.compile(
    r"\b(ORGANI[SZ]ATION|FRONT|ARMY|PARTY|MOVEMENT|BRIGADES?|BATTALIONS?|COUNCIL|FOUNDATION|"
    r"COMMITTEE|REPUBLIC|MINISTRY|AGENCY|FORCES?|GUARD|INTELLIGENCE|NETWORK|ASSOCIATION|"
    r"SOCIETY|CHARITY|CHARITABLE|RELIEF|FARM|ESTATE|UNION|COMMAND|GOVERNMENT|DIRECTORATE|"
    r"DEPARTMENT|BUREAU|CORPS|HARAKAT|JAMAAT|JAMA'AT|LASHKAR|JAISH|TANZIM|KATA'IB|MUJAHIDIN|"
    r"ISLAMIC STATE|AL-QA'IDA|HIZBALLAH|HAMAS|REVOLUTIONARY|LIBERATION|NATIONAL|CENTER|CENTRE|"
    r"INSTITUTE|UNIVERSITY|SCHOOL|HOSPITAL|FUND|TRUST|CARTEL|GANG|CLAN|FAMILY|GROUP|BANK|STATE|"
    r"COMMISSION|ADMINISTRATION|AUTHORITY|OFFICE|PORT)\b")
TERROR_PROGRAMS = {"SDGT", "FTO", "SDT", "TCO", "SDNTK_GANG"}

STOP = {"OF", "THE", "AND", "&", "DE", "DEL", "LA", "LAS", "LOS", "EL", "Y", "FOR", "E", "DI", "DU",
        "DES", "LE", "ET", "FUR", "UND", "DA", "DO", "DOS", "DAS", "IN", "ON", "AT", "TO", "A", "I",
        "AL", "VE", "VA", "ZA", "NA", "S", "O"}
# words of a business's trade that are generic even if few listed names hold them
GENERIC = set("""TRADING TRADE INTERNATIONAL GLOBAL GENERAL GROUP HOLDING HOLDINGS INDUSTRIES INDUSTRY
INDUSTRIAL INVESTMENT INVESTMENTS BANK SHIPPING SERVICES SERVICE ENGINEERING TECHNOLOGY
TECHNOLOGIES ENTERPRISES ENTERPRISE IMPORT EXPORT COMMERCIAL DEVELOPMENT CONSTRUCTION MANAGEMENT
ENERGY OIL GAS PETROLEUM PETROCHEMICAL CHEMICAL CHEMICALS ELECTRONICS ELECTRONIC LOGISTICS MARINE
MARITIME NAVIGATION AVIATION AIRLINES AIR TRANSPORT TRANSPORTES TRAVEL TOURS TOURISM HOTEL HOTELES
INVERSIONES INMOBILIARIA COMERCIALIZADORA DISTRIBUIDORA CONSTRUCTORA GRUPO SERVICIOS COMPANIA
EMPRESA AGROPECUARIA GANADERA AGRICOLA IMPORTADORA EXPORTADORA NACIONAL INTERNACIONAL INDUSTRIAL
COMERCIAL FINANCE FINANCIAL CAPITAL EXCHANGE MONEY INSURANCE PARTNERS CONSULTING SOLUTIONS SYSTEMS
METAL METALS STEEL MINING MINERALS FOODS FOOD PHARMACEUTICAL MEDICAL EQUIPMENT MACHINERY MOTORS
AUTO ELECTRIC POWER PROJECTS RESOURCES SUPPLY SUPPLIES AGENCY COMMERCE ESTABLISHMENT OFFICE
NORTH SOUTH EAST WEST NEW FIRST GOLDEN STAR UNITED ASIA EURO MIDDLE""".split())


def form_pattern(variant, abbreviation):
    """A regular expression for one written form of a legal form, dots optional."""
    if abbreviation:
        parts = []
        for token in variant.split(" "):
            letters = [segment for segment in re.split(r"[.\-]", token) if segment]
            parts.append(r"\.?\s?".join(re.escape(s) for s in letters) + r"\.?")
        body = r"[\s,-]*".join(parts)
    else:
        body = r"[\s-]+".join(re.escape(t) for t in variant.replace("-", " ").split())
    # not inside a word, nor inside an abbreviation ("U.S.A." holds no S.A.)
    return r"(?<![A-Z0-9])(?<![A-Z0-9]\.)" + body + r"(?![A-Z0-9])"


def build_form_patterns():
    """One pattern for a legal form at the end of a name and one for a form at its start,
    and each group's pattern to tell which form was found."""
    every, first, by_group = [], [], {}
    for group, abbreviations, fulls in FORMS:
        for variants, abbreviation in ((abbreviations, True), (fulls, False)):
            for variant in variants:
                pattern = form_pattern(variant, abbreviation)
                every.append(pattern)
                by_group.setdefault(group, []).append(pattern)
                if group in PREFIX_GROUPS:
                    first.append(pattern)
    every.sort(key=len, reverse=True)
    first.sort(key=len, reverse=True)
    suffix = re.compile(r"[\s,]*(" + "|".join(every) + r")\s*$")
    prefix = re.compile(r"^\s*(" + "|".join(first) + r")[\s,]+(?=\S)")
    groups = [(group, re.compile("|".join(patterns))) for group, patterns in by_group.items()]
    return suffix, prefix, groups


SUFFIX_PATTERN, PREFIX_PATTERN, GROUP_PATTERNS = build_form_patterns()
FORM_WORDS = {w for _, abbreviations, fulls in FORMS for v in abbreviations + fulls
              for w in re.findall(r"[A-Z]+", v.replace(".", ""))}


def form_group(text):
    """The group of a legal form as written (the longest reading)."""
    best = None
    for group, pattern in GROUP_PATTERNS:
        if pattern.fullmatch(text) and (best is None or len(pattern.pattern) > best[1]):
            best = (group, len(pattern.pattern))
    return best[0] if best else None


class Parsed:
    """A name split into legal forms at its start, its core, and legal forms at its end."""

    def __init__(self, name):
        self.name = name
        text = name.upper().strip()
        self.prefix, self.suffix = [], []  # [(group, text as written)]
        self.commas = []
        for _ in range(2):
            m = PREFIX_PATTERN.search(text)
            if not m or not re.search(r"[A-Z]", text[m.end():]):
                break
            self.prefix.append((form_group(m.group(1)), m.group(1)))
            text = text[m.end():]
        for _ in range(3):
            m = SUFFIX_PATTERN.search(text)
            if not m or not re.search(r"[A-Z0-9]", text[:m.start()]):
                break
            self.suffix.insert(0, (form_group(m.group(1)), m.group(1)))
            self.commas.insert(0, "," in text[m.start():m.start(1)])
            text = text[:m.start()]
        # the comma before the first form at the end, and those between forms ("CO., LTD.")
        self.comma = bool(self.commas) and self.commas[0]
        self.core = text.strip(" ,")

    def forms(self):
        return self.prefix + self.suffix

    def render(self, core=None, prefix=None, suffix=None, comma=None):
        core = self.core if core is None else core
        prefix = self.prefix if prefix is None else prefix
        suffix = self.suffix if suffix is None else suffix
        comma = self.comma if comma is None else comma
        out = " ".join([text for _, text in prefix] + [core])
        if suffix:
            inner = self.commas[1:] if len(suffix) == len(self.suffix) else [False] * len(suffix)
            out += ("," if comma else "") + " " + suffix[0][1]
            for (_, text), has_comma in zip(suffix[1:], inner):
                out += ("," if has_comma else "") + " " + text
        return re.sub(r"\s+", " ", out).strip()


def words(text):
    return [w for w in re.findall(r"[A-Z0-9']+", text.upper().replace("'", "")) if w]


def core_key(name):
    """A name's words without legal forms, stop words or punctuation: two names with the
    same key are the same name as far as this set is concerned."""
    return " ".join(w for w in words(Parsed(name).core) if w not in STOP)


def fold(text):
    import unicodedata
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------
# Reading the SDN CSV


def read_sdn(directory):
    directory = pathlib.Path(directory)

    def rows(file):
        with open(directory / file, encoding="utf-8", errors="replace", newline="") as handle:
            for row in csv.reader(handle):
                yield [None if value.strip() == "-0-" else value.strip() for value in row]

    countries = country_codes()
    entries = {}
    for row in rows("sdn.csv"):
        if len(row) < 12 or not row[0]:
            continue
        kind = (row[2] or "entity").lower()
        if kind not in ("entity", "vessel"):
            continue  # individuals and aircraft
        entries[row[0]] = {"kind": kind, "name": row[1], "program": row[3] or "", "remarks": row[11] or "",
                           "flag": row[9], "alias": [], "previousName": [], "country": [], "address": []}
    for row in rows("alt.csv"):
        if len(row) >= 4 and row[0] in entries and row[3]:
            key = "previousName" if (row[2] or "").lower() == "fka" else "alias"
            entries[row[0]][key].append(row[3])
    unknown = set()
    for row in rows("add.csv"):
        if len(row) < 5 or row[0] not in entries:
            continue
        address = ", ".join(part for part in row[2:5] if part)
        if address:
            entries[row[0]]["address"].append(address)
        if row[4]:
            code = countries.get(row[4].lower(), "")
            if code is None:
                pass
            elif code:
                if code not in entries[row[0]]["country"]:
                    entries[row[0]]["country"].append(code)
            else:
                unknown.add(row[4])
    if unknown:
        print(f"orgs.py: {len(unknown)} country names not read: {', '.join(sorted(unknown)[:8])}",
              file=sys.stderr)
    return entries


def country_codes():
    """Country names (lower case) to ISO 3166-1 alpha-2 codes, from Debian's iso-codes
    where present, with the SDN's own ways of writing some."""
    codes = {}
    path = pathlib.Path("/usr/share/iso-codes/json/iso_3166-1.json")
    if path.exists():
        for country in json.loads(path.read_text())["3166-1"]:
            for key in ("name", "common_name", "official_name"):
                if key in country:
                    codes[country[key].lower()] = country["alpha_2"].lower()
    codes.update({
        "korea, north": "kp", "korea, south": "kr", "burma": "mm", "russia": "ru", "iran": "ir",
        "syria": "sy", "venezuela": "ve", "bolivia": "bo", "tanzania": "tz", "taiwan": "tw",
        "vietnam": "vn", "laos": "la", "moldova": "md", "virgin islands, british": "vg",
        "congo, democratic republic of the": "cd", "congo, republic of the": "cg",
        "cote d ivoire": "ci", "palestinian": "ps", "west bank": "ps", "region: gaza": "ps",
        "the gambia": "gm", "bahamas, the": "bs", "man, isle of": "im", "kosovo": "xk",
        "netherlands antilles": "an", "region: crimea": "ua", "czech republic": "cz",
        "macau": "mo", "hong kong": "hk", "turkey": "tr", "micronesia, federated states of": "fm",
        "region: kafia kingi": "ss", "region: northern mali": "ml", "united kingdom": "gb",
        "united states": "us", "brunei": "bn", "cape verde": "cv", "swaziland": "sz",
    })
    codes["undetermined"] = None
    return codes


def imo_number(remarks):
    m = re.search(r"\bIMO\s*(\d{7})\b", remarks or "")
    return m.group(1) if m else None


def list_lines(entries):
    lines = []
    for number, entry in entries.items():
        if entry["kind"] == "vessel":
            properties = {"name": [entry["name"]]}
            if entry["alias"]:
                properties["alias"] = entry["alias"]
            imo = imo_number(entry["remarks"])
            if imo:
                properties["imoNumber"] = [f"IMO{imo}"]
            if entry["flag"]:
                code = country_codes().get(entry["flag"].lower())
                if code:
                    properties["flag"] = [code]
            lines.append({"id": f"ofac-{number}", "schema": "Vessel", "properties": properties})
            continue
        properties = {"name": [entry["name"]]}
        for key in ("alias", "previousName", "country", "address"):
            if entry[key]:
                properties[key] = entry[key]
        schema = "Company" if Parsed(entry["name"]).forms() else "Organization"
        lines.append({"id": f"ofac-{number}", "schema": schema, "properties": properties})
    return lines


# ---------------------------------------------------------------------------------------
# Transliteration into Cyrillic and Arabic script (simple, letter by letter)

CYRILLIC_DIGRAPHS = [("SHCH", "Щ"), ("ZH", "Ж"), ("KH", "Х"), ("TS", "Ц"), ("CH", "Ч"), ("SH", "Ш"),
                     ("YU", "Ю"), ("YA", "Я"), ("YO", "Ё"), ("YE", "Е"), ("PH", "Ф"), ("TH", "Т"),
                     ("OO", "У"), ("EE", "И"), ("CK", "К"), ("QU", "КВ")]
CYRILLIC_LETTERS = dict(zip("ABVGDZIKLMNOPRSTUFHQWX", "АБВГДЗИКЛМНОПРСТУФХКВ") )
CYRILLIC_LETTERS.update({"E": "Е", "J": "ДЖ", "X": "КС", "C": "К"})
VOWELS = set("AEIOUY")


def cyrillic_word(word):
    out, i = [], 0
    while i < len(word):
        for latin, cyr in CYRILLIC_DIGRAPHS:
            if word.startswith(latin, i):
                out.append(cyr)
                i += len(latin)
                break
        else:
            c = word[i]
            nxt = word[i + 1] if i + 1 < len(word) else ""
            prev = word[i - 1] if i else ""
            if c == "E" and i == 0:
                out.append("Э")
            elif c == "C":
                out.append("С" if nxt in ("E", "I", "Y") else "К")
            elif c == "Y":
                if i == len(word) - 1 or (prev in VOWELS and nxt not in VOWELS):
                    out.append("Й" if prev in VOWELS else "И")
                elif prev and prev not in VOWELS:
                    out.append("Ы" if nxt not in VOWELS else "Ь")
                else:
                    out.append("Й")
            elif c == "'":
                out.append("Ь")
            else:
                out.append(CYRILLIC_LETTERS.get(c, c))
            i += 1
    return "".join(out)


def cyrillic(text):
    return re.sub(r"[A-Z']+", lambda m: cyrillic_word(m.group(0)), text.upper())


ARABIC_DIGRAPHS = [("SH", "ش"), ("KH", "خ"), ("TH", "ث"), ("DH", "ذ"), ("GH", "غ"), ("CH", "تش"),
                   ("PH", "ف"), ("OU", "و"), ("OO", "و"), ("EE", "ي"), ("CK", "ك"), ("QU", "كو")]
ARABIC_CONSONANTS = dict(zip("BDFGHJKLMNPQRSTVWZ", "بدفغهجكلمنبقرستفوز"))
ARABIC_CONSONANTS.update({"X": "كس"})


def arabic_word(word):
    article = ""
    if word.startswith(("AL-", "EL-")) and len(word) > 3:
        article, word = "ال", word[3:]
    word = word.replace("-", "").replace("'", "")
    out, i = [], 0
    while i < len(word):
        if i and word[i] == word[i - 1] and word[i] not in VOWELS:
            i += 1  # a doubled consonant is written once
            continue
        for latin, arab in ARABIC_DIGRAPHS:
            if word.startswith(latin, i):
                if i == 0 and arab in "وي":
                    out.append("ا")
                out.append(arab)
                i += len(latin)
                break
        else:
            c = word[i]
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if c in "AEIOU":
                if i == 0:
                    out.append({"A": "ا", "E": "ا", "I": "اي", "O": "او", "U": "او"}[c])
                elif c == "A":
                    out.append("ا")
                elif c == "E":
                    if i == len(word) - 1:
                        out.append("ي")  # a short e inside a word is not written
                elif c == "I":
                    out.append("ي")
                else:
                    out.append("و")
            elif c == "Y":
                out.append("ي")
            elif c == "C":
                out.append("س" if nxt in ("E", "I", "Y") else "ك")
            else:
                out.append(ARABIC_CONSONANTS.get(c, c))
            i += 1
    return article + "".join(out)


def arabic(text):
    return re.sub(r"[A-Z][A-Z'\-]*", lambda m: arabic_word(m.group(0)), text.upper()).replace(",", "،")


CYRILLIC_FORMS = {"LLC": ("prefix", "ООО"), "OOO": ("prefix", "ООО"), "JSC": ("prefix", "АО"),
                  "AO": ("prefix", "АО"), "OJSC": ("prefix", "ОАО"), "OAO": ("prefix", "ОАО"),
                  "CJSC": ("prefix", "ЗАО"), "ZAO": ("prefix", "ЗАО"), "PJSC": ("prefix", "ПАО"),
                  "PAO": ("prefix", "ПАО"), "TOO": ("prefix", "ТОО"), "CO": ("prefix", "КОМПАНИЯ"),
                  "LTD": ("suffix", "ЛТД"), "INC": ("suffix", "ИНК."), "CORP": ("prefix", "КОРПОРАЦИЯ"),
                  "GMBH": ("suffix", "ГМБХ"), "AG": ("suffix", "АГ")}
ARABIC_FORMS = {"CO": ("شركة", ""), "LLC": ("شركة", "ذ.م.م"), "OOO": ("شركة", "ذ.م.م"),
                "LTD": ("شركة", "المحدودة"), "JSC": ("شركة مساهمة", ""), "AO": ("شركة مساهمة", ""),
                "PJSC": ("شركة مساهمة عامة", ""), "CORP": ("مؤسسة", ""), "EST": ("مؤسسة", ""),
                "FZE": ("", "م.م.ح"), "SAL": ("شركة", "ش.م.ل"), "PSC": ("شركة مساهمة عامة", "")}

CIS = {"ru", "ua", "by", "kz", "kg", "uz", "tj", "tm", "am", "az", "ge", "md"}
ARAB = {"ir", "iq", "sy", "lb", "jo", "ae", "sa", "kw", "qa", "bh", "om", "ye", "eg", "ly", "tn", "dz",
        "ma", "sd", "ps", "af", "pk", "so", "mr"}


def to_script(parsed, script, rng):
    if script == "cyrillic":
        pre, post = [], []
        for group, text in parsed.forms():
            if group in CYRILLIC_FORMS:
                where, form = CYRILLIC_FORMS[group]
                (pre if where == "prefix" else post).append(form)
            else:
                post.append(cyrillic(text))
        core = cyrillic(parsed.core)
        if pre and rng.random() < 0.5:
            core = f"«{core}»"
        return " ".join(pre + [core] + post)
    pre, post = [], []
    for group, text in parsed.forms():
        if group in ARABIC_FORMS:
            before, after = ARABIC_FORMS[group]
            if before and before not in pre:
                pre.append(before)
            if after:
                post.append(after)
        else:
            post.append(text)  # kept in Latin
    return " ".join(pre + [arabic(parsed.core)] + post)


# ---------------------------------------------------------------------------------------
# Variations


def legal_form_variant(parsed, country, program, rng):
    forms = parsed.forms()
    if not forms:
        if NOT_COMPANY.search(parsed.core) or program.split("]")[0] in TERROR_PROGRAMS:
            return None
        group = rng.choice(FORMS_BY_COUNTRY.get(country, FORMS_ANYWHERE))
        abbreviations, _ = GROUPS[group]
        text = rng.choice(abbreviations + full_forms(group, country)[:1])
        if group in PREFIX_GROUPS and group != "LLC" and rng.random() < 0.5:
            return parsed.render(prefix=[(group, text)]), "add"
        comma = group in COMMA_GROUPS and "." in text and rng.random() < 0.4
        return parsed.render(suffix=[(group, text)], comma=comma), "add"
    how = rng.choices(["swap", "drop", "punct"], [0.55, 0.25, 0.2])[0]
    index = rng.randrange(len(forms))
    group, text = forms[index]
    in_prefix = index < len(parsed.prefix)
    if how == "swap":
        abbreviations, fulls = GROUPS[group]
        is_full = any(re.fullmatch(form_pattern(f, False), text) for f in fulls)
        choices = abbreviations if is_full else full_forms(group, country)
        if group in EQUIVALENT and rng.random() < 0.3:
            equivalent = GROUPS[EQUIVALENT[group]]
            choices = equivalent[0] + equivalent[1]
        new = rng.choice(choices)
        replaced = list(forms)
        replaced[index] = (group, new)
        prefix, suffix = replaced[:len(parsed.prefix)], replaced[len(parsed.prefix):]
        return parsed.render(prefix=prefix, suffix=suffix), "swap"
    if how == "drop":
        prefix = [f for i, f in enumerate(parsed.prefix) if i != index]
        suffix = [f for i, f in enumerate(parsed.suffix) if i + len(parsed.prefix) != index]
        return parsed.render(prefix=prefix, suffix=suffix), "drop"
    # punct: the form's dots, or the comma before the forms at the end
    is_full = any(re.fullmatch(form_pattern(f, False), text) for f in GROUPS[group][1])
    if is_full:
        new = None
    elif "." in text:
        new = re.sub(r"\s+", " ", text.replace(".", " ")).strip()
        new = re.sub(r"\b([A-Z]) (?=[A-Z]\b)", r"\1", new)  # S A -> SA, R L -> RL
    else:
        abbreviations, _ = GROUPS[group]
        dotted = [a for a in abbreviations if "." in a]
        new = dotted[0] if dotted else None
    if new is None or new == text:
        if parsed.suffix and not in_prefix:
            return parsed.render(comma=not parsed.comma), "punct"
        return None
    replaced = list(forms)
    replaced[index] = (group, new)
    prefix, suffix = replaced[:len(parsed.prefix)], replaced[len(parsed.prefix):]
    return parsed.render(prefix=prefix, suffix=suffix, comma=rng.random() < 0.5 if suffix else False), "punct"


# "X BANK" / "BANK OF X"; "X BANK" / "BANK X" (Persian usage: Bank-e Melli)
OF_HEADS = {"BANK", "INSTITUTE", "CENTER", "CENTRE", "INDUSTRIES", "ACADEMY", "UNIVERSITY", "MINISTRY"}


def word_order_variant(parsed, rng):
    core_words = parsed.core.split()
    content = [w for w in core_words if w not in STOP]
    options = []
    m = re.fullmatch(r"(.+?) OF (THE )?(.+)", parsed.core)
    if (m and " OF " not in m.group(3) and len(m.group(1).split()) <= 3 and len(m.group(3).split()) <= 3
            and m.group(1).split()[0] not in ORDINALS):
        options.append(("of_swap", f"{m.group(3)} {m.group(1)}"))
    if 2 <= len(core_words) <= 4 and core_words[-1] in OF_HEADS and " OF " not in parsed.core:
        options.append(("of_swap", f"{core_words[-1]} OF {' '.join(core_words[:-1])}"))
    if 2 <= len(core_words) <= 4:
        if core_words[-1] == "BANK":
            options.append(("head_move", " ".join([core_words[-1]] + core_words[:-1])))
        if core_words[0] == "BANK":
            options.append(("head_move", " ".join(core_words[1:] + [core_words[0]])))
    forms = parsed.forms()
    if len(forms) == 1 and forms[0][0] in PREFIX_GROUPS | {"CO"}:
        # only forms that are written first in some usage (OOO X, PT X, COMPANY X)
        group, text = forms[0]
        if parsed.suffix:
            if group == "CO":
                text = "COMPANY"  # "COMPANY X", as Arabic and Persian names are put in English
            options.append(("move_form", parsed.render(prefix=[(group, text)], suffix=[]), True))
        else:
            options.append(("move_form", parsed.render(prefix=[], suffix=[(group, text)]), True))
    if 2 <= len(content) <= 3 and len(content) == len(core_words):
        i = rng.randrange(len(core_words) - 1)
        if re.search(r"[A-Z]{2}", core_words[i]) and re.search(r"[A-Z]{2}", core_words[i + 1]):
            swapped = core_words[:i] + [core_words[i + 1], core_words[i]] + core_words[i + 2:]
            options.append(("swap", " ".join(swapped)))
    if not options or (len(options) == 1 and options[0][0] == "swap" and rng.random() < 0.65):
        return None  # a swap of two words is the least usual change: made less often
    weights = {"of_swap": 4, "head_move": 3, "move_form": 2, "swap": 1}
    option = rng.choices(options, [weights[o[0]] for o in options])[0]
    if len(option) == 3:
        return option[1], option[0]
    return parsed.render(core=option[1]), option[0]


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def typo_variant(parsed, rng):
    tokens = parsed.core.split(" ")
    candidates = [i for i, t in enumerate(tokens) if sum(c.isalpha() for c in t) >= 4 and t not in STOP]
    if not candidates:
        return None
    i = rng.choice(candidates)
    chars = list(tokens[i])
    letters = [j for j, c in enumerate(chars) if c.isalpha()]
    while True:
        how = rng.choice(["change", "drop", "double", "add", "swap"])
        new = list(chars)
        j = rng.choice(letters)
        if how == "change":
            new[j] = rng.choice([c for c in LETTERS if c != chars[j]])
        elif how == "drop":
            del new[j]
        elif how == "double":
            new.insert(j, chars[j])
        elif how == "add":
            new.insert(j, rng.choice(LETTERS))
        else:
            if j + 1 >= len(chars) or not chars[j + 1].isalpha() or chars[j + 1] == chars[j]:
                continue
            new[j], new[j + 1] = new[j + 1], new[j]
        if new != chars:
            break
    tokens[i] = "".join(new)
    return parsed.render(core=" ".join(tokens)), how


UNITS = ["BRANCH", "HEAD OFFICE", "MAIN OFFICE", "REPRESENTATIVE OFFICE",
         "TREASURY DEPARTMENT", "FOREIGN DEPARTMENT", "MAIN BRANCH", "OFFSHORE BANKING UNIT"]


# cities of the countries whose faker locales write no Latin city names (anyascii gives
# consonant skeletons) or have none, as messages write them in Latin letters
CITIES = {
    "ir": ["TEHRAN", "ISFAHAN", "MASHHAD", "TABRIZ", "SHIRAZ", "BANDAR ABBAS", "KISH ISLAND", "AHVAZ"],
    "sy": ["DAMASCUS", "ALEPPO", "HOMS", "LATAKIA", "TARTUS"],
    "iq": ["BAGHDAD", "BASRA", "ERBIL", "MOSUL"],
    "lb": ["BEIRUT", "TRIPOLI", "SIDON"],
    "ae": ["DUBAI", "ABU DHABI", "SHARJAH", "AJMAN", "JEBEL ALI"],
    "sa": ["RIYADH", "JEDDAH", "DAMMAM"],
    "kp": ["PYONGYANG", "NAMPO", "SINUIJU", "CHONGJIN"],
    "af": ["KABUL", "KANDAHAR", "HERAT"],
    "pk": ["KARACHI", "LAHORE", "PESHAWAR", "QUETTA"],
    "ye": ["SANAA", "ADEN"],
    "ly": ["TRIPOLI", "BENGHAZI", "MISRATA"],
    "so": ["MOGADISHU", "HARGEISA"],
    "ve": ["CARACAS", "MARACAIBO", "VALENCIA"],
    "cu": ["HAVANA", "SANTIAGO DE CUBA"],
    "by": ["MINSK", "GOMEL", "BREST"],
    "hk": ["HONG KONG", "KOWLOON"],
}


def city_pool(seed):
    """country -> Latin city names: CITIES, else its faker locale's (all under None)."""
    from faker import Faker
    cities = {code: list(names) for code, names in CITIES.items()}
    cities[None] = [name for names in CITIES.values() for name in names]
    for i, (locale, _, code, _forms) in enumerate(LOCALES):
        if locale in WORD_SOURCE or code in CITIES:
            continue
        fake = Faker(locale)
        fake.seed_instance(seed * 389 + i)
        found = []
        for _ in range(60):
            name = " ".join(latin_word(part) for part in re.split(r"[\s\-]+", fake.city()))
            name = re.sub(r"\s+", " ", name).strip()
            if 4 <= len(name) <= 20 and readable(name.replace(" ", "")):
                found.append(name)
        found = list(dict.fromkeys(found))
        cities.setdefault(code, []).extend(found)
        cities.setdefault(None, []).extend(found)
    return cities


def added_variant(parsed, cities, country, rng):
    """The listed name as a message writes it with more after it: a city (how=city), a
    branch or office (unit), or both (city_unit), after a comma or a space."""
    city = rng.choice(cities.get(country) or cities[None])
    how = rng.choice(["city", "unit", "city_unit"])
    tail = {"city": city, "unit": rng.choice(UNITS), "city_unit": f"{city} {rng.choice(UNITS[:4])}"}[how]
    return f"{parsed.render()}{rng.choice([',', ''])} {tail}", how


ORDINALS = ["FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH", "TENTH",
            "ELEVENTH", "TWELFTH"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX"]


def numbered_siblings(parsed):
    """Names of numbered siblings: the name with one number, roman numeral or ordinal
    changed (up to three ways)."""
    tokens = parsed.core.split(" ")
    out = []
    for i, token in enumerate(tokens):
        bare = token.strip(",.()")
        last = i == len(tokens) - 1
        if re.fullmatch(r"\d{1,9}", bare):
            n = int(bare)
            others = [n + 1, n - 1, n + 2, n + 10] if n > 1 else [n + 1, n + 2, n + 3]
            news = [str(m).zfill(len(bare)) for m in others if m >= 0]
        elif bare in ROMAN and (len(bare) > 1 or last) and i > 0:
            k = ROMAN.index(bare)
            news = [ROMAN[j] for j in (k + 1, k - 1, k + 2) if 0 <= j < len(ROMAN)]
        elif bare in ORDINALS:
            k = ORDINALS.index(bare)
            news = [ORDINALS[j] for j in (k + 1, k - 1, k + 2) if 0 <= j < len(ORDINALS)]
        else:
            continue
        for new in news:
            changed = list(tokens)
            changed[i] = token.replace(bare, new)
            out.append(parsed.render(core=" ".join(changed)))
    return out


# ---------------------------------------------------------------------------------------
# Word pools from faker (split into a query half and a distractor half)

LOCALES = [
    # (locale, weight of distractors in %, country, legal forms of built names)
    ("es_MX", 10, "mx", ["SA DE CV", "S DE RL DE CV", "SC"]),
    ("es_CO", 8, "co", ["SAS", "LTDA", "SA"]),
    ("es_ES", 2, "es", ["SL", "SA"]),
    ("es_AR", 1, "ar", ["SA", "SRL"]),
    ("fa_IR", 10, "ir", ["CO", "LTD", "PJSC"]),
    ("ar_AA", 6, "sy", ["LLC", "CO", "EST"]),
    ("ar_SA", 2, "sa", ["LLC", "EST", "CO"]),
    ("ar_AE", 2, "ae", ["LLC", "FZE", "FZCO"]),
    ("ru_RU", 10, "ru", ["LLC", "OOO", "JSC", "OAO"]),
    ("uk_UA", 3, "ua", ["LLC", "PJSC"]),
    ("zh_CN", 5, "cn", ["CO", "LTD"]),
    ("zh_TW", 1, "tw", ["CO", "LTD"]),
    ("ko_KR", 2, "kr", ["CO", "LTD"]),
    ("ja_JP", 1, "jp", ["CO", "LTD"]),
    ("en_US", 6, "us", ["INC", "LLC", "CORP"]),
    ("en_GB", 4, "gb", ["LTD", "PLC"]),
    ("en_IN", 2, "in", ["PVT LTD"]),
    ("de_DE", 3, "de", ["GMBH", "AG", "KG"]),
    ("fr_FR", 2, "fr", ["SARL", "SA"]),
    ("it_IT", 2, "it", ["SRL", "SPA"]),
    ("tr_TR", 2, "tr", ["AS", "LTD STI"]),
    ("nl_NL", 1, "nl", ["BV", "NV"]),
    ("pt_BR", 2, "br", ["LTDA", "SA"]),
    ("id_ID", 1, "id", ["PT"]),
    ("pl_PL", 1, "pl", ["SP ZOO"]),
    ("cs_CZ", 1, "cz", ["SRO"]),
    ("ro_RO", 1, "ro", ["SRL"]),
    ("hu_HU", 1, "hu", ["LTD"]),
    ("el_GR", 1, "gr", ["SA"]),
    ("he_IL", 1, "il", ["LTD"]),
    ("th_TH", 1, "th", ["CO", "LTD"]),
    ("vi_VN", 1, "vn", ["CO", "LTD"]),
    ("az_AZ", 1, "az", ["LLC", "JSC"]),
    ("en_PK", 2, "pk", ["PVT LTD", "LTD"]),
]
# built names of locales whose names anyascii writes as consonant skeletons take their
# words from a locale that writes such names in Latin letters
WORD_SOURCE = {"fa_IR": "en_PK", "ar_AA": "en_PK", "ar_SA": "en_PK", "ar_AE": "en_PK", "he_IL": "en_US"}


def need_packages():
    from distractors import FAKER_VERSION, ANYASCII_VERSION, PIP_INSTALL
    try:
        import faker  # noqa: F401
        import anyascii  # noqa: F401
    except ImportError as error:
        print(f"orgs.py: {error.name} is missing; install with:\n  {PIP_INSTALL}", file=sys.stderr)
        sys.exit(2)
    import faker
    import importlib.metadata as metadata
    got = {"faker": faker.VERSION, "anyascii": metadata.version("anyascii")}
    for package, want in (("faker", FAKER_VERSION), ("anyascii", ANYASCII_VERSION)):
        if got[package] != want:
            print(f"orgs.py: warning: {package} {got[package]} installed, output pinned to {want} "
                  f"(files will differ); {PIP_INSTALL}", file=sys.stderr)


def latin_word(text):
    from anyascii import anyascii
    return re.sub(r"[^A-Z]", "", anyascii(text).upper())


def readable(word):
    """A word with vowels, not a consonant skeleton (anyascii's Arabic, Persian, Hebrew)."""
    vowels = sum(c in "AEIOUY" for c in word)
    return vowels / len(word) >= 0.25 and not re.search(r"[^AEIOUY]{5}", word)


def query_half(word):
    return zlib.crc32(word.encode()) % 2 == 0


def build_pools(seed, vocabulary):
    """locale -> {"words": Latin words not in the list, "companies": faker company names}."""
    from faker import Faker
    pools = {}
    for i, (locale, *_rest) in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(seed * 1013 + i)
        found = []
        cities = [] if locale.startswith("en_") else [fake.city] * (POOL // 4)  # en: made-up towns
        for draw in [fake.last_name] * POOL + cities:
            for part in re.split(r"[\s\-]+", draw()):
                word = latin_word(part)
                if 4 <= len(word) <= 12 and word not in vocabulary and word not in STOP and readable(word):
                    found.append(word)
        companies = []
        for _ in range(POOL):
            company = fake.company()
            if locale.startswith("hy") or re.search(r"\d", company):
                continue
            companies.append(company)
        pools[locale] = {"words": list(dict.fromkeys(found)), "companies": companies}
    return pools


# ---------------------------------------------------------------------------------------
# The set


def qid(seed, n):
    return "q" + hashlib.sha1(f"orgs:{seed}:{n}".encode()).hexdigest()[:10]


def make_set(args):
    need_packages()
    entries = read_sdn(args.sdn)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    lines = list_lines(entries)
    with open(out / "list.jsonl", "w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")

    entities = {n: e for n, e in entries.items() if e["kind"] == "entity"}
    all_names = {n: [e["name"]] + e["alias"] + e["previousName"] for n, e in entries.items()}
    listed_keys = {core_key(name) for names in all_names.values() for name in names}
    listed_upper = {name.upper() for names in all_names.values() for name in names}
    vocabulary = {w for names in all_names.values() for name in names for w in words(fold(name))}
    frequency = {}
    for n, e in entities.items():
        for w in {w for name in all_names[n] for w in words(Parsed(name).core)}:
            frequency[w] = frequency.get(w, 0) + 1
    generic = {w for w, k in frequency.items() if k >= 8} | GENERIC | STOP

    def distinctive(word):
        bare = re.sub(r"[^A-Z]", "", word)
        return len(bare) >= 3 and bare not in generic and not re.search(r"\d", word)

    rng = random.Random(args.seed)
    pools = build_pools(args.seed, vocabulary)
    query_words = sorted({w for p in pools.values() for w in p["words"] if query_half(w)})
    parsed = {n: Parsed(e["name"]) for n, e in entities.items()}
    order = sorted(entities, key=int)
    per_kind = args.queries_per_kind
    queries = []  # (kind, how, text, truth id or None, from)

    def add(kind, how, text, truth, source, schema=None):
        queries.append({"kind": kind, "how": how, "text": text, "truth": truth, "from": source,
                        "schema": schema})

    def sample(kind, make, count, stream=None):
        pool = list(order)
        (stream or rng).shuffle(pool)
        made = 0
        for n in pool:
            if made >= count:
                break
            result = make(n)
            if not result:
                continue
            text, how = result
            if text.upper() in {name.upper() for name in all_names[n]}:
                continue
            add(kind, how, text, f"ofac-{n}", entities[n]["name"])
            made += 1

    def country(n):
        return entities[n]["country"][0] if entities[n]["country"] else None

    sample("legal_form", lambda n: legal_form_variant(parsed[n], country(n), entities[n]["program"], rng), per_kind)

    def script_variant(n):
        c = country(n)
        script = "cyrillic" if c in CIS else "arabic" if c in ARAB else rng.choice(["cyrillic", "arabic"])
        return to_script(parsed[n], script, rng), script

    sample("script", script_variant, per_kind)
    sample("word_order", lambda n: word_order_variant(parsed[n], rng), per_kind)
    sample("typo", lambda n: typo_variant(parsed[n], rng), per_kind)

    # innocent: generated, word_replaced, numbered
    innocent_keys = set()

    # every listed name's core words, by each of its words: an innocent query that holds
    # all the words of a listed name with a distinctive word ("FIFTH YAMAGUCHI-GUMI" and
    # the listed "YAMAGUCHI-GUMI") may well be that organisation, so it is not made
    listed_word_sets = {}
    for key in listed_keys:
        key_words = frozenset(key.split())
        if any(distinctive(w) for w in key_words):
            for w in key_words:
                listed_word_sets.setdefault(w, set()).add(key_words)

    def holds_listed_name(key):
        query_words = set(key.split())
        return any(listed <= query_words for w in query_words for listed in listed_word_sets.get(w, ()))

    def innocent_ok(text):
        key = core_key(text)
        if (not key or key in listed_keys or key in innocent_keys or text.upper() in listed_upper
                or holds_listed_name(key)):
            return False
        innocent_keys.add(key)
        return True

    def replace_words(n, all_of_them):
        tokens = parsed[n].core.split(" ")
        spots = [i for i, t in enumerate(tokens) if distinctive(t)]
        if not spots or (not all_of_them and len([t for t in tokens if t not in STOP]) < 2):
            return None
        chosen = spots if all_of_them else [rng.choice(spots)]
        for i in chosen:
            tokens[i] = rng.choice(query_words)
        return " ".join(tokens)

    innocent_count = 3 * per_kind
    thirds = [innocent_count // 3] * 3
    # numbered siblings first: there are only so many numbered names
    numbered = []
    for n in order:
        for name in all_names[n]:
            p = Parsed(name)
            for sibling in numbered_siblings(p):
                numbered.append((sibling, name))
    rng.shuffle(numbered)
    made = 0
    for sibling, name in numbered:
        if made >= thirds[2]:
            break
        if innocent_ok(sibling):
            add("innocent", "numbered", sibling, None, name)
            made += 1
    thirds[0] += thirds[2] - made  # too few numbered names: more generated ones
    pool = list(order)
    rng.shuffle(pool)
    made = 0
    for n in pool:
        if made >= thirds[1]:
            break
        core = replace_words(n, all_of_them=False)
        if core is None:
            continue
        text = parsed[n].render(core=core)
        if innocent_ok(text):
            add("innocent", "word_replaced", text, None, entities[n]["name"])
            made += 1
    made = 0
    while made < thirds[0]:
        n = rng.choice(order)
        core = replace_words(n, all_of_them=True)
        if core is None:
            continue
        text = parsed[n].render(core=core)
        if rng.random() < 0.3:  # another legal form, of the same family of names
            group = rng.choice(FORMS_BY_COUNTRY.get(country(n), FORMS_ANYWHERE))
            text = parsed[n].render(core=core, prefix=[], suffix=[(group, rng.choice(GROUPS[group][0]))])
        if innocent_ok(text):
            add("innocent", "generated", text, None, entities[n]["name"])
            made += 1

    # vessels: name with a prefix, half with the IMO number
    vessels = [n for n, e in entries.items() if e["kind"] == "vessel"]
    rng.shuffle(vessels)
    for n in vessels[: max(1, per_kind // 3)]:
        prefix = rng.choice(["M/V", "MV", "MT", "M.T."])
        text = f"{prefix} {entries[n]['name']}"
        imo = imo_number(entries[n]["remarks"])
        how = "prefix"
        if imo and rng.random() < 0.5:
            how = "prefix+imo"
        queries.append({"kind": "vessel", "how": how, "text": text, "truth": f"ofac-{n}",
                        "from": entries[n]["name"], "schema": "Vessel",
                        "imo": rng.choice([f"IMO {imo}", imo]) if how == "prefix+imo" else None})

    # added: what a payment or shipment message adds after a listed name (its own random
    # stream, so that the other kinds are the same with or without it)
    added_rng = random.Random(args.seed * 7 + 18)
    cities = city_pool(args.seed)
    sample("added", lambda n: added_variant(parsed[n], cities, country(n), added_rng), per_kind,
           stream=added_rng)

    rng.shuffle(queries)
    truth, kinds, details = {}, {}, {}
    with open(out / "queries.jsonl", "w", encoding="utf-8", newline="\n") as handle:
        for number, query in enumerate(queries):
            identifier = qid(args.seed, number)
            schema = query["schema"] or ("Company" if Parsed(query["text"]).forms() else "Organization")
            properties = {"name": [query["text"]]}
            if query.get("imo"):
                properties["imoNumber"] = [query["imo"]]
            handle.write(json.dumps({"id": identifier, "schema": schema, "properties": properties},
                                    ensure_ascii=False) + "\n")
            truth[identifier] = query["truth"]
            kinds[identifier] = query["kind"]
            details[identifier] = {"kind": query["kind"], "how": query["how"], "from": query["from"]}
    (out / "truth.json").write_text(json.dumps(truth, indent=0))
    (out / "kinds.json").write_text(json.dumps(kinds, indent=0))
    (out / "details.json").write_text(json.dumps(details, indent=0, ensure_ascii=False))
    counts = {}
    for query in queries:
        counts[query["kind"]] = counts.get(query["kind"], 0) + 1
    print(f"orgs.py: {len(lines)} listed ({len(entities)} organisations, {len(vessels)} vessels), "
          f"{len(queries)} queries: " + ", ".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)

    if args.distractors:
        write_distractors(args, pools, vocabulary, generic, listed_keys | innocent_keys, entities, parsed)


def write_distractors(args, pools, vocabulary, generic, taken_keys, entities, parsed):
    """N innocent-looking organisations: faker's company names in their locale's script,
    and names built like the list's from distractor-half words."""
    rng = random.Random(args.seed + 1)
    # the list's generic words, as they stand with the locale's legal forms (Spanish ones
    # with S.A. DE C.V., ...), else with the English forms
    def trade_words_with(groups):
        found = []
        for p in parsed.values():
            if any(group in groups for group, _ in p.forms()):
                found.extend(w for w in p.core.split(" ")
                             if w in generic and w not in STOP and w.isalpha() and len(w) >= 3)
        return found

    english = trade_words_with({"LTD", "CO", "LLC", "INC", "CORP", "PLC"})
    trade_by_locale = {}
    for locale, _, _, forms in LOCALES:
        found = trade_words_with(set(forms))
        trade_by_locale[locale] = found if len(found) >= 50 else english
    words_by_locale = {loc: [w for w in pools[loc]["words"] if not query_half(w)] for loc, *_ in LOCALES}
    weights = [spec[1] for spec in LOCALES]
    seen = set()
    path = pathlib.Path(args.out) / f"distractors-{args.distractors}.jsonl"
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        made = 0
        while made < args.distractors:
            locale, _, country, forms = rng.choices(LOCALES, weights)[0]
            properties = {}
            if rng.random() < 0.5:
                company = rng.choice(pools[locale]["companies"])
                latin = re.sub(r"\s+", " ", __import__("anyascii").anyascii(company)).strip()
                distinct = [w for w in words(latin) if len(w) >= 3 and w not in generic
                            and w not in FORM_WORDS]
                if not distinct or any(query_half(w) or w in vocabulary for w in distinct):
                    continue
                properties["name"] = [company]
                if latin != company:
                    properties["alias"] = [latin]
                name = latin
            else:
                group = rng.choice(forms)
                source = words_by_locale[WORD_SOURCE.get(locale, locale)]
                head = rng.choice(source)
                if rng.random() < 0.25:
                    head += " " + rng.choice(source)
                trade_words = trade_by_locale[locale]
                trade = [rng.choice(trade_words) for _ in range(rng.choice([1, 1, 2]))]
                trade = list(dict.fromkeys(trade))
                core = " ".join([head] + trade) if rng.random() < 0.6 else " ".join(trade + [head])
                abbreviations, _ = GROUPS[group]
                form = rng.choice(abbreviations * 3 + full_forms(group, country))
                if group in PREFIX_GROUPS and group not in ("LLC",) and rng.random() < 0.5:
                    name = f"{form} {core}"
                else:
                    name = f"{core}{',' if rng.random() < 0.3 else ''} {form}"
                properties["name"] = [name]
            key = core_key(name)
            if not key or key in taken_keys or key in seen:
                continue
            seen.add(key)
            properties["country"] = [country]
            made += 1
            schema = "Company" if Parsed(name).forms() else "Organization"
            handle.write(json.dumps({"id": f"do-{made}", "schema": schema, "properties": properties},
                                    ensure_ascii=False) + "\n")
    print(f"orgs.py: wrote {args.distractors} distractor organisations to {path}", file=sys.stderr)


# ---------------------------------------------------------------------------------------
# Breakdown of results by kind


def breakdown(argv):
    parser = argparse.ArgumentParser(prog="orgs.py breakdown")
    parser.add_argument("setdir")
    parser.add_argument("results")
    parser.add_argument("--list", action="append", default=[], help="more listed entities, for names")
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args(argv)
    setdir = pathlib.Path(args.setdir)
    truth = json.loads((setdir / "truth.json").read_text())
    kinds = json.loads((setdir / "kinds.json").read_text())
    details = json.loads((setdir / "details.json").read_text()) if (setdir / "details.json").exists() else {}
    got = {}
    for line in open(args.results, encoding="utf-8"):
        if line.strip():
            record = json.loads(line)
            got[record["query"]] = record.get("results", [])
    names = {}
    for path in [setdir / "list.jsonl"] + [pathlib.Path(p) for p in args.list]:
        for line in open(path, encoding="utf-8"):
            entity = json.loads(line)
            names[entity["id"]] = entity["properties"]["name"][0]
    query_names = {}
    for line in open(setdir / "queries.jsonl", encoding="utf-8"):
        entity = json.loads(line)
        query_names[entity["id"]] = entity["properties"]["name"][0]
    groups = {}
    for qid_, kind in kinds.items():
        how = details.get(qid_, {}).get("how", "")
        for group in (kind, f"{kind}/{how}"):
            groups.setdefault(group, []).append(qid_)
    print(f"{'kind':<26} {'n':>5} {'recall':>7} {'false-alarm':>11}")
    examples = {}
    for group in sorted(groups, key=lambda g: (g.split("/")[0], "/" in g, g)):
        ids = groups[group]
        hits = alarms = positives = negatives = 0
        for q in ids:
            flagged = [r["id"] for r in got.get(q, []) if r.get("match")]
            if truth[q] is None:
                negatives += 1
                if flagged:
                    alarms += 1
                    if "/" not in group:
                        examples.setdefault(("false alarm", kinds[q]), []).append((q, flagged))
            else:
                positives += 1
                if truth[q] in flagged:
                    hits += 1
                elif "/" not in group:
                    examples.setdefault(("miss", kinds[q]), []).append((q, flagged))
        recall = f"{hits / positives:.3f}" if positives else "-"
        alarm = f"{alarms / negatives:.3f}" if negatives else "-"
        label = group if "/" not in group else "  " + group.split("/", 1)[1]
        print(f"{label:<26} {len(ids):>5} {recall:>7} {alarm:>11}")
    if args.examples:
        for (what, kind), items in sorted(examples.items()):
            print(f"-- {what}, {kind} ({len(items)}):")
            # the first examples of each variation in turn
            by_how = {}
            for item in sorted(items):
                by_how.setdefault(details.get(item[0], {}).get("how", ""), []).append(item)
            ordered = [group[i] for i in range(len(items)) for group in by_how.values() if i < len(group)]
            for q, flagged in ordered[: args.examples]:
                how = details.get(q, {}).get("how", "")
                if what == "miss":
                    top = got.get(q, [])
                    best = f"best {top[0]['id']} {top[0]['score']:.2f}" if top else "nothing scored"
                    score = next((r["score"] for r in top if r["id"] == truth[q]), None)
                    own = f"{score:.2f}" if score is not None else "not scored"
                    print(f"   [{how}] {query_names.get(q)!r} -> {names.get(truth[q])!r} ({own}; {best})")
                else:
                    top = got.get(q, [])[0]
                    print(f"   [{how}] {query_names.get(q)!r} (from {details.get(q, {}).get('from')!r}) "
                          f"flagged {names.get(flagged[0], flagged[0])!r} {top['score']:.2f}")


def main():
    # string hashing is randomised per process and some of faker's choices follow set
    # order: fixed, so that the same arguments give the same files
    if __import__("os").environ.get("PYTHONHASHSEED") != "0":
        import os
        os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, "PYTHONHASHSEED": "0"})
    if len(sys.argv) > 1 and sys.argv[1] == "breakdown":
        breakdown(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shared = pathlib.Path(__import__("os").environ.get("SHARED", ROOT.parent / "shared"))
    parser.add_argument("--sdn", default=str(shared / "data/lists/ofac_sdn_2019"))
    parser.add_argument("--out", default=str(ROOT / "target/eval/orgs"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries-per-kind", type=int, default=300)
    parser.add_argument("--distractors", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="only check that the packages are installed")
    args = parser.parse_args()
    if args.check:
        need_packages()
        return
    if not pathlib.Path(args.sdn, "sdn.csv").exists():
        print(f"orgs.py: {args.sdn}/sdn.csv not found", file=sys.stderr)
        sys.exit(1)
    make_set(args)


if __name__ == "__main__":
    main()
