#!/usr/bin/env python3
"""Writes one-typo queries of listed persons, to measure recall as a list grows.

    python3 scripts/typos.py --list DISTRACTORS.jsonl --from 20000 --queries 1000 \
        [--seed 2026] --out DIR

Picks --queries persons among the first --from lines of a distractor list (made by
scripts/distractors.py, whose first K lines are the same whatever its size, so the persons
asked for are listed in every size), takes a Latin-script name of each (the name, or the
Latin alias of a name in another script) and makes one typo in it, as a clerk or a reader
of a document makes them: a letter changed, dropped, doubled or added, two neighbours
swapped, or the space between two parts dropped, moved, overwritten by a letter, or one
put inside a part (`jarvislutz`, `abdul lah`). Writes DIR/queries.jsonl (names only) and
DIR/truth.json ({query id: the person's id}), the layout ../shared/tools/score.py reads.
Seeded: the same arguments give the same files.
"""
import argparse, json, pathlib, random, string

LETTERS = string.ascii_lowercase


def latin_name(properties):
    for value in properties.get("name", []) + properties.get("alias", []):
        if value.isascii() and any(c.isalpha() for c in value):
            return value
    return None


def typo(name, rng):
    kinds = ["change", "drop", "double", "add", "swap", "join", "split", "space_letter", "move_space"]
    name = name.lower()
    while True:
        kind = rng.choice(kinds)
        chars = list(name)
        letters = [i for i, c in enumerate(chars) if c.isalpha()]
        spaces = [i for i, c in enumerate(chars) if c == " "]
        if kind in ("join", "space_letter", "move_space") and not spaces:
            continue
        if kind == "change":
            i = rng.choice(letters)
            chars[i] = rng.choice([c for c in LETTERS if c != chars[i].lower()])
        elif kind == "drop":
            del chars[rng.choice(letters)]
        elif kind == "double":
            i = rng.choice(letters)
            chars.insert(i, chars[i])
        elif kind == "add":
            chars.insert(rng.choice(letters), rng.choice(LETTERS))
        elif kind == "swap":
            pairs = [i for i in letters if i + 1 < len(chars) and chars[i + 1].isalpha()]
            if not pairs:
                continue
            i = rng.choice(pairs)
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif kind == "join":
            del chars[rng.choice(spaces)]
        elif kind == "split":
            # inside a part, not at its ends
            inner = [i for i in letters if 0 < i < len(chars) - 1 and chars[i - 1].isalpha() and chars[i + 1].isalpha()]
            if not inner:
                continue
            chars.insert(rng.choice(inner), " ")
        elif kind == "space_letter":
            chars[rng.choice(spaces)] = rng.choice(LETTERS)
        elif kind == "move_space":
            i = rng.choice(spaces)
            j = i + rng.choice([-1, 1])
            if not (0 < j < len(chars) - 1) or not chars[j].isalpha():
                continue
            chars[i], chars[j] = chars[j], chars[i]
        out = "".join(chars)
        if out != name and out.strip():
            return out, kind


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", required=True)
    parser.add_argument("--from", dest="first", type=int, default=20000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    persons = []
    with open(args.list, encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= args.first:
                break
            entity = json.loads(line)
            name = latin_name(entity["properties"])
            # a name of two parts or more, of letters a typo can be made in
            # (a consonant skeleton, as a character table writes Arabic or Hebrew, is no
            # spelling anyone types: left out)
            if not name:
                continue
            parts = name.lower().split()
            readable = all(any(v in part for v in "aeiouy") for part in parts) and "`" not in name
            if len(parts) >= 2 and readable and sum(c.isalpha() for c in name) >= 6:
                persons.append((entity["id"], name))
    chosen = rng.sample(persons, min(args.queries, len(persons)))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    truth, kinds = {}, {}
    with open(out / "queries.jsonl", "w", encoding="utf-8") as queries:
        for n, (person, name) in enumerate(chosen):
            query, kind = typo(name, rng)
            # as read from a travel document: in capitals (no case to show where a part began)
            query = query.upper()
            qid = f"t{n}"
            truth[qid] = person
            kinds[qid] = kind
            queries.write(json.dumps({"id": qid, "schema": "Person", "properties": {"name": [query]}}, ensure_ascii=False) + "\n")
    (out / "truth.json").write_text(json.dumps(truth))
    # score.py reports recall per group of this file
    (out / "scripts.json").write_text(json.dumps(kinds))


if __name__ == "__main__":
    main()
