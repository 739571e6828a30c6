#!/usr/bin/env python3
"""Writes a list of persons of the same kind as a development list, for a figure at the
size of the held-out lists (larger than the development ones): each new person's name is
the first word of one listed name and the rest of another's, drawn at random (seeded),
never a name already listed. The development queries then meet four times as many names
built from the same parts as the names they were made from; an innocent query that is
flagged against one of them is a false alarm of the kind a larger list of the same kind
brings.

Usage: scripts/recombine.py --list LIST.jsonl --persons N [--seed S] --out OUT.jsonl
"""
import argparse
import json
import random
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", required=True)
    parser.add_argument("--persons", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    firsts, rests, taken = [], [], set()
    with open(args.list, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            try:
                entity = json.loads(line)
            except json.JSONDecodeError as error:
                print(f"{args.list}:{number}: not JSON ({error}); left out", file=sys.stderr)
                continue
            for name in entity.get("properties", {}).get("name", []):
                taken.add(name.casefold())
                words = name.split()
                if len(words) >= 2:
                    firsts.append(words[0])
                    rests.append(" ".join(words[1:]))
    if len(firsts) < 2:
        print(f"{args.list}: fewer than two names of two words or more", file=sys.stderr)
        return 1
    possible = len(set(firsts)) * len(set(rests)) - len(taken)
    if args.persons > possible // 2:
        print(f"{args.persons} persons asked for, the list's words make about {possible}", file=sys.stderr)
        return 1
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as out:
        made = 0
        while made < args.persons:
            name = f"{rng.choice(firsts)} {rng.choice(rests)}"
            if name.casefold() in taken:
                continue
            taken.add(name.casefold())
            made += 1
            entity = {"id": f"recombined-{made}", "schema": "Person", "properties": {"name": [name]}}
            out.write(json.dumps(entity, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
